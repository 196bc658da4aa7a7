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

setup() {
	basic_setup
	CGROUPS_BEFORE=$(cgroup_dirs)
}

teardown() {
	local now i

	# A run removes its cgroup before it exits, so there is no delay.
	now=$(cgroup_dirs)
	if [[ $now != "$CGROUPS_BEFORE" ]]; then
		fail "cgroups left behind: $(diff <(echo "$CGROUPS_BEFORE") \
			<(echo "$now"))"
	fi
	basic_teardown
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
