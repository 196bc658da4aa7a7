# SPDX-License-Identifier: LGPL-2.1-or-later
# shellcheck shell=bash
#
# Shared helpers for the minirun bats suite.  Each .bats file loads this
# file.  setup_suite.bash builds the rootfs trees once and exports:
#   MINIRUN          the binary under test
#   ROOTFS           busybox rootfs with /probe and /probe-setuid, owned by root
#   ROOTLESS_ROOTFS  a copy owned by 65534:65534
#   ROOTLESS_MINIRUN a copy of MINIRUN that uid 65534 can execute
#   MINIRUN_TEST_ROOT the 0755 directory under /tmp that contains them

bats_require_minimum_version 1.5.0

load /usr/lib/bats/bats-support/load
load /usr/lib/bats/bats-assert/load

# Seconds after which one minirun run is killed.
MINIRUN_TIMEOUT=${MINIRUN_TIMEOUT:-30}

# Docker's default capability set, as in /proc/PID/status.
DEFAULT_CAPS=00000000a80425fb

# The folder with the fixtures of the current .bats file: fixtures/<topic>/,
# where topic is the file name without its NNN- prefix.
fixtures() {
	local topic

	topic=$(basename "$BATS_TEST_FILENAME" .bats)
	echo "$BATS_TEST_DIRNAME/fixtures/${topic#*-}"
}

# run_minirun [EXPECTED_STATUS] ARG...
#
# Run minirun with a timeout, with stdin from /dev/null and stderr apart
# from stdout, log the command, its output and its status (bats shows the
# log when a test fails), and fail unless the status is EXPECTED_STATUS
# (default 0).  EXPECTED_STATUS '?' accepts any status.
run_minirun() {
	local expected=0

	if [[ $1 =~ ^[0-9]+$ || $1 == '?' ]]; then
		expected=$1
		shift
	fi
	echo "# $(date +%T) \$ minirun $*"
	run --separate-stderr timeout --kill-after=5 "$MINIRUN_TIMEOUT" \
		"$MINIRUN" "$@" </dev/null
	log_run_result
	if [[ $expected != '?' && $status -ne $expected ]]; then
		fail "minirun exited with status $status, expected $expected"
	fi
}

log_run_result() {
	local line

	for line in "${lines[@]}"; do
		echo "# stdout: $line"
	done
	for line in "${stderr_lines[@]}"; do
		echo "# stderr: $line"
	done
	echo "# status: $status"
}

# Check the error contract: exactly one line on stderr, starting with
# "minirun: ", that contains each given string (the offending value),
# ignoring case.
assert_error_line() {
	local value line lower

	if [[ ${#stderr_lines[@]} -ne 1 ]]; then
		fail "expected one line on stderr, got ${#stderr_lines[@]}: '$stderr'"
	fi
	line=${stderr_lines[0]}
	if [[ $line != "minirun: "* ]]; then
		fail "stderr does not start with 'minirun: ': '$line'"
	fi
	lower=${line,,}
	for value in "$@"; do
		if [[ $lower != *"${value,,}"* ]]; then
			fail "stderr does not name '$value': '$line'"
		fi
	done
}

# Print the value of one Cap*, Seccomp or other field from the lines of
# "probe caps" or "probe status" output held in $output.
status_field() {
	local name=$1 line

	for line in "${lines[@]}"; do
		if [[ $line == "$name:"* ]]; then
			line=${line#*:}
			echo "${line//[[:space:]]/}"
			return 0
		fi
	done
	fail "no field '$name' in output: $output"
}

# What --cap-add ALL grants: every capability of the kernel (cap_last_cap)
# that the suite's own bounding set holds, since sandboxes drop some.
all_caps_mask() {
	local last bounding

	last=$(cat /proc/sys/kernel/cap_last_cap)
	bounding=$(awk '$1 == "CapBnd:" { print $2 }' /proc/self/status)
	printf '%016x\n' $((((1 << (last + 1)) - 1) & 16#$bounding))
}

# Print the mask of the named capability numbers ORed together.
caps_mask() {
	local mask=0 bit

	for bit in "$@"; do
		mask=$((mask | (1 << bit)))
	done
	printf '%016x\n' "$mask"
}

skip_if_not_root() {
	if [[ $(id -u) -ne 0 ]]; then
		skip "${1:-the test needs root}"
	fi
}

# Skip when the kernel does not let an unprivileged user create a user
# namespace (sysctls, AppArmor restrictions or a seccomp filter of the
# caller can each forbid it).
skip_if_no_userns() {
	skip_if_not_root "switching to uid 65534 needs root"
	if ! setpriv --reuid 65534 --regid 65534 --clear-groups \
		unshare --user --map-root-user true 2>/dev/null; then
		skip "unprivileged user namespaces are disabled"
	fi
}

# Wait until FILE contains a line equal to TEXT, for at most 10 seconds.
wait_for_line() {
	local file=$1 text=$2 i

	for ((i = 0; i < 100; i++)); do
		if grep -qx -- "$text" "$file" 2>/dev/null; then
			return 0
		fi
		sleep 0.1
	done
	fail "no line '$text' in $file after 10 seconds: $(cat "$file")"
}

# Print the pids of processes in a pid namespace other than ours whose
# command line starts with ARGV0 (for example /probe).
find_container_pids() {
	local argv0=$1 own_ns pid ns cmdline

	own_ns=$(readlink /proc/self/ns/pid)
	for pid in /proc/[0-9]*; do
		ns=$(readlink "$pid/ns/pid" 2>/dev/null) || continue
		[[ $ns != "$own_ns" ]] || continue
		cmdline=$(tr '\0' ' ' <"$pid/cmdline" 2>/dev/null) || continue
		if [[ $cmdline == "$argv0"* ]]; then
			echo "${pid#/proc/}"
		fi
	done
}

# Snapshot for the leak checks: entries named after minirun at the top of
# the host's temporary folders, which other programs on the machine share,
# and every top-level entry of the rootfs trees.
leak_snapshot() {
	local dir

	# Suite roots (minirun-bats.*) are left out: a suite running beside
	# this one creates and removes its own.
	for dir in /tmp /dev/shm /run; do
		echo "== $dir"
		ls -A "$dir" 2>/dev/null | grep -i minirun |
			grep -v '^minirun-bats\.' || true
	done
	for dir in "$ROOTFS" "$ROOTLESS_ROOTFS"; do
		echo "== $dir"
		ls -A "$dir"
	done
}

# Process leaks: any process of the probe or the busybox rootfs that runs
# in a pid namespace other than ours, or any minirun process.
leaked_processes() {
	local own_ns pid exe ns

	own_ns=$(readlink /proc/self/ns/pid)
	for pid in /proc/[0-9]*; do
		exe=$(readlink "$pid/exe" 2>/dev/null) || continue
		ns=$(readlink "$pid/ns/pid" 2>/dev/null) || continue
		case ${exe##*/} in
		minirun | minirun-rootless) ;;
		probe | probe-setuid | busybox)
			[[ $ns != "$own_ns" ]] || continue
			;;
		*) continue ;;
		esac
		echo "${pid#/proc/} $exe $(tr '\0' ' ' <"$pid/cmdline")"
	done
}

basic_setup() {
	LEAK_SNAPSHOT=$(leak_snapshot)
}

setup() {
	basic_setup
}

# Fail the test if it left a mount, a process or a file behind.  A process
# gets 2 seconds to go, because a killed container is reaped asynchronously.
basic_teardown() {
	local mounts procs now i

	mounts=$(grep -F -- "$MINIRUN_TEST_ROOT" /proc/self/mountinfo || true)
	for ((i = 0; i < 20; i++)); do
		procs=$(leaked_processes)
		[[ -n $procs ]] || break
		sleep 0.1
	done
	now=$(leak_snapshot)
	# bats does not stop a teardown at a failed command, so each check
	# returns at once.
	if [[ -n $mounts ]]; then
		fail "mounts left behind on the host: $mounts"
		return 1
	fi
	if [[ -n $procs ]]; then
		fail "processes left behind: $procs"
		return 1
	fi
	if [[ $now != "$LEAK_SNAPSHOT" ]]; then
		fail "files left behind: $(diff <(echo "$LEAK_SNAPSHOT") \
			<(echo "$now"))"
		return 1
	fi
}

teardown() {
	kill_background_minirun
	basic_teardown
}

# start_minirun OUTPUT ARG...
#
# Start minirun in the background with stdout and stderr in OUTPUT, and set
# MINIRUN_PID.  Closing fd 3 keeps bats from waiting for the job.  bash
# starts the job with SIGINT and SIGQUIT ignored, but the kernel still
# queues a signal that minirun blocks, so the job sees every signal.
start_minirun() {
	local output=$1

	shift
	echo "# $(date +%T) \$ minirun $* &"
	"$MINIRUN" "$@" </dev/null >"$output" 2>&1 3>&- &
	MINIRUN_PID=$!
}

# Wait for the minirun started by start_minirun to exit, and set
# MINIRUN_STATUS to its exit status.  After MINIRUN_TIMEOUT seconds, kill
# it and fail.
wait_minirun() {
	local i

	for ((i = 0; i < MINIRUN_TIMEOUT * 10; i++)); do
		kill -0 "$MINIRUN_PID" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$MINIRUN_PID" 2>/dev/null; then
		kill -KILL "$MINIRUN_PID"
		wait "$MINIRUN_PID" || true
		fail "minirun still running after $MINIRUN_TIMEOUT seconds"
	fi
	MINIRUN_STATUS=0
	wait "$MINIRUN_PID" || MINIRUN_STATUS=$?
	echo "# status: $MINIRUN_STATUS"
}

# Kill a background minirun that a failed test left running, so that the
# leak check reports the failure and not a leftover.  jobs -p lists only
# children of this shell that have not been waited for.
kill_background_minirun() {
	if [[ -n ${MINIRUN_PID:-} ]] && jobs -p | grep -qx "$MINIRUN_PID"; then
		kill -KILL "$MINIRUN_PID" 2>/dev/null || true
		wait "$MINIRUN_PID" || true
	fi
}
