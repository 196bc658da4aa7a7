#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Resource limits: --ulimit through setrlimit, and --memory, --pids-limit
# and --cpus through a cgroup that minirun creates for the run and removes
# after it.  Every test also checks that no cgroup is left behind.

load helpers

# Print every cgroup directory named after minirun, in every hierarchy.
cgroup_dirs() {
	find /sys/fs/cgroup -mindepth 1 -type d -name 'minirun-*' 2>/dev/null |
		sort
}

# Print the limit line of one resource from /proc/PID/limits text in
# $output, with its columns separated by single spaces.
limits_line() {
	grep -- "^$1 " <<<"$output" | tr -s ' '
}

# Print the path of FILE in the cgroup of process PID for CONTROLLER: the
# v1 hierarchy of that controller when it has one, else cgroup v2.
cgroup_file() {
	local pid=$1 controller=$2 file=$3 path

	path=$(awk -F: -v c="$controller" '
		{ n = split($2, list, ","); for (i = 1; i <= n; i++)
			if (list[i] == c) { print $3; exit } }' \
		"/proc/$pid/cgroup")
	if [[ -n $path && -d /sys/fs/cgroup/$controller ]]; then
		echo "/sys/fs/cgroup/$controller$path/$file"
		return
	fi
	path=$(awk -F: '$1 == "0" { print $3 }' "/proc/$pid/cgroup")
	if [[ -f /sys/fs/cgroup/cgroup.controllers ]]; then
		echo "/sys/fs/cgroup$path/$file"
	else
		echo "/sys/fs/cgroup/unified$path/$file"
	fi
}

# run_minirun_rootless [EXPECTED_STATUS] ARG...
#
# run_minirun as uid and gid 65534 through setpriv, as in 080-rootless.
run_minirun_rootless() {
	local expected=0

	if [[ $1 =~ ^[0-9]+$ || $1 == '?' ]]; then
		expected=$1
		shift
	fi
	MINIRUN=setpriv run_minirun "$expected" --reuid 65534 --regid 65534 \
		--clear-groups "$ROOTLESS_MINIRUN" "$@"
}

# Wait until minirun (MINIRUN_PID) has a child, for at most 10 seconds, and
# print its pid.
wait_for_container() {
	local pid i

	for ((i = 0; i < 100; i++)); do
		pid=$(pgrep -P "$MINIRUN_PID" | head -n 1)
		if [[ -n $pid ]]; then
			echo "$pid"
			return 0
		fi
		sleep 0.1
	done
	fail "minirun $MINIRUN_PID has no child after 10 seconds"
}

setup() {
	basic_setup
	CGROUPS_BEFORE=$(cgroup_dirs)
}

# A fail inside an if does not end teardown with an error, so each check
# returns its own status.
teardown() {
	local now failed=0

	if [[ -n ${MINIRUN_PID:-} ]] && jobs -p | grep -qx "$MINIRUN_PID"; then
		kill -KILL "$MINIRUN_PID" 2>/dev/null || true
		wait "$MINIRUN_PID" || true
	fi
	basic_teardown || failed=1
	# A run removes its cgroup before it exits, so there is no delay.
	now=$(cgroup_dirs)
	if [[ $now != "$CGROUPS_BEFORE" ]]; then
		fail "cgroups left behind: $(diff <(echo "$CGROUPS_BEFORE") \
			<(echo "$now"))"
		return 1
	fi
	return "$failed"
}

@test "ulimit - visible in /proc/self/limits" {
	run_minirun --ulimit nofile=100:200 --ulimit core=0 \
		--ulimit stack=unlimited "$ROOTFS" /probe cat /proc/self/limits
	assert_equal "$(limits_line 'Max open files')" \
		"Max open files 100 200 files "
	assert_equal "$(limits_line 'Max core file size')" \
		"Max core file size 0 0 bytes "
	assert_equal "$(limits_line 'Max stack size')" \
		"Max stack size unlimited unlimited bytes "
	assert_equal "$stderr" ""
}

@test "ulimit - SOFT alone sets both" {
	run_minirun --ulimit nproc=50 "$ROOTFS" /probe cat /proc/self/limits
	assert_equal "$(limits_line 'Max processes')" \
		"Max processes 50 50 processes "
}

@test "ulimit - last value wins" {
	run_minirun --ulimit nofile=100:200 --ulimit nofile=300:400 \
		"$ROOTFS" /probe cat /proc/self/limits
	assert_equal "$(limits_line 'Max open files')" \
		"Max open files 300 400 files "
}

# prlimit lowers the hard limit before minirun starts, so raising it again
# needs CAP_SYS_RESOURCE whether or not the machine's root has it.
@test "ulimit - raising hard limit rejected" {
	run --separate-stderr timeout 30 prlimit --nofile=64:64 "$MINIRUN" \
		--ulimit nofile=100:128 "$ROOTFS" /probe exit 0 </dev/null
	log_run_result
	assert_equal "$status" 125
	assert_error_line "--ulimit nofile=100:128" "hard limit" \
		"CAP_SYS_RESOURCE" "at most 64"
}

@test "ulimit - ulimit exceeded inside" {
	run_minirun 1 --ulimit nofile=3 "$ROOTFS" /probe cat /proc/self/limits
	assert_output "errno=EMFILE"
}

@test "memory - hog killed, 137" {
	run_minirun 137 --memory 64m "$ROOTFS" /probe alloc 512
	assert_output ""
	assert_error_line "memory limit" "--memory 67108864"
}

@test "memory - below the limit runs" {
	run_minirun --memory 64m "$ROOTFS" /probe alloc 16
	assert_output "allocated=16"
	assert_equal "$stderr" ""
}

# An inner shell starts 300 short sleeps, a finite bomb that is harmless
# even without a limit, and exits when a fork fails.  The outer shell then
# counts the processes of the pid namespace with builtins only.  minirun
# itself is outside the cgroup, so all 64 pids are the container's.
@test "pids-limit - fork bomb contained" {
	local count

	run_minirun --pids-limit 64 "$ROOTFS" /bin/sh -c '
		/bin/sh -c "i=0; while [ \$i -lt 300 ]; do
			/probe sleep 5 & i=\$((i + 1)); done; wait" 2>/dev/null
		set -- /proc/[0-9]*
		echo "processes=$#"'
	assert_output --regexp '^processes=[0-9]+$'
	count=${output#processes=}
	if ((count > 64 || count < 32)); then
		fail "$count processes in the container, expected 32 to 64"
	fi
	run "$PROBE" exit 0
	assert_success
}

@test "pids-limit - below the limit runs" {
	run_minirun --pids-limit 64 "$ROOTFS" /bin/sh -c '/probe exit 3; echo $?'
	assert_output "3"
}

@test "limits - visible in the cgroup's files" {
	local output=$BATS_TEST_TMPDIR/output pid

	"$MINIRUN" --cpus 0.5 --memory 64m --pids-limit 100 "$ROOTFS" \
		/probe sleep 30 </dev/null >"$output" 2>&1 3>&- &
	MINIRUN_PID=$!
	pid=$(wait_for_container)
	if [[ -f $(cgroup_file "$pid" cpu cpu.max) ]]; then
		assert_equal "$(cat "$(cgroup_file "$pid" cpu cpu.max)")" \
			"50000 100000"
		assert_equal "$(cat "$(cgroup_file "$pid" memory memory.max)")" \
			67108864
	else
		assert_equal "$(cat "$(cgroup_file "$pid" cpu \
			cpu.cfs_period_us)")" 100000
		assert_equal "$(cat "$(cgroup_file "$pid" cpu \
			cpu.cfs_quota_us)")" 50000
		assert_equal "$(cat "$(cgroup_file "$pid" memory \
			memory.limit_in_bytes)")" 67108864
	fi
	assert_equal "$(cat "$(cgroup_file "$pid" pids pids.max)")" 100
	assert_regex "$(cgroup_file "$pid" pids pids.max)" '/minirun-[^/]*/'
	# Killing the command, not minirun, lets minirun remove the cgroup.
	kill -KILL "$pid"
	status=0
	wait "$MINIRUN_PID" || status=$?
	assert_equal "$status" $((128 + 9))
}

# The container gets a cgroup namespace that starts at the run's cgroup.
@test "limits - cgroup path hidden inside" {
	run_minirun --memory 64m --pids-limit 100 --cpus 1 "$ROOTFS" \
		/probe cat /proc/self/cgroup
	refute_output --partial minirun-
}

@test "limits - command failure cleans up" {
	run_minirun 3 --memory 64m --pids-limit 64 --cpus 1 "$ROOTFS" \
		/probe exit 3
	run_minirun 127 --memory 64m --pids-limit 64 --cpus 1 "$ROOTFS" \
		/no-such-command
}

# The kernel rejects a CFS quota below 1 ms, which --cpus 0.001 asks for.
@test "limits - limit not applicable, 125" {
	run_minirun 125 --memory 64m --pids-limit 64 --cpus 0.001 "$ROOTFS" \
		/probe exit 0
	assert_error_line "--cpus" "cpu.cfs_quota_us"
}

@test "limits - signal and timeout clean up" {
	run_minirun 124 --timeout 1 --stop-timeout 1 --memory 64m \
		--pids-limit 64 "$ROOTFS" /bin/sh -c '/probe sleep 30 & wait'
	assert_error_line "timed out"
	"$MINIRUN" --memory 64m --pids-limit 64 "$ROOTFS" /probe wait-signal \
		</dev/null >"$BATS_TEST_TMPDIR/output" 2>&1 3>&- &
	MINIRUN_PID=$!
	wait_for_line "$BATS_TEST_TMPDIR/output" ready
	kill -TERM "$MINIRUN_PID"
	status=0
	wait "$MINIRUN_PID" || status=$?
	assert_equal "$status" $((100 + $(kill -l TERM)))
}

@test "limits - rootless without delegation, 125" {
	skip_if_no_userns
	run_minirun_rootless 125 --memory 64m "$ROOTLESS_ROOTFS" /probe exit 0
	assert_error_line "--memory" "delegated" "uid 65534"
	run_minirun_rootless 125 --pids-limit 64 "$ROOTLESS_ROOTFS" \
		/probe exit 0
	assert_error_line "--pids-limit" "delegated"
}

@test "limits - 20 concurrent runs" {
	local i pids=() failed=0

	for ((i = 0; i < 20; i++)); do
		timeout 60 "$MINIRUN" --memory 64m --pids-limit 64 --cpus 0.5 \
			"$ROOTFS" /probe exit 0 </dev/null 3>&- &
		pids+=($!)
	done
	for i in "${pids[@]}"; do
		wait "$i" || failed=$((failed + 1))
	done
	assert_equal "failed runs: $failed" "failed runs: 0"
}

@test "limits - 200 sequential runs" {
	local i

	for ((i = 0; i < 200; i++)); do
		timeout 30 "$MINIRUN" --memory 64m --pids-limit 64 --cpus 0.5 \
			"$ROOTFS" /probe exit 0 </dev/null ||
			fail "run $i failed with status $?"
	done
}
