#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The process around the command: exit statuses, signals that minirun
# forwards, what happens when minirun itself is killed, and which file
# descriptors reach the command.

load helpers

# wait_for_child PARENT COMMAND_LINE
#
# Wait until a child of PARENT has COMMAND_LINE, its arguments joined by
# spaces, for at most 10 seconds, and print the child's pid.  Looking only
# at one parent keeps other suites' containers on this machine out.
wait_for_child() {
	local parent=$1 command_line=$2 pid cmdline i

	for ((i = 0; i < 100; i++)); do
		for pid in $(pgrep -P "$parent"); do
			cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) ||
				continue
			if [[ ${cmdline% } == "$command_line" ]]; then
				echo "$pid"
				return 0
			fi
		done
		sleep 0.1
	done
	fail "no child '$command_line' of pid $parent after 10 seconds"
}

# Wait until none of the given pids is a live process (a zombie counts as
# ended), for at most 10 seconds.
wait_for_end() {
	local pid alive i

	for ((i = 0; i < 100; i++)); do
		alive=()
		for pid in "$@"; do
			if [[ $(ps -o stat= -p "$pid") == [^Z]* ]]; then
				alive+=("$pid")
			fi
		done
		[[ ${#alive[@]} -gt 0 ]] || return 0
		sleep 0.1
	done
	fail "processes still running after 10 seconds: ${alive[*]}"
}

# Print the number of a signal name without SIG, such as TERM.
signal_number() {
	kill -l "$1"
}

@test "exit status - command's own" {
	local code

	for code in 0 1 3 42 125 126 127 255; do
		run_minirun "$code" "$ROOTFS" /probe exit "$code"
		assert_equal "$code: $stderr" "$code: "
	done
}

@test "exit status - 128+9 for SIGKILL" {
	local output=$BATS_TEST_TMPDIR/output pid

	start_minirun "$output" "$ROOTFS" /probe sleep
	pid=$(wait_for_child "$MINIRUN_PID" "/probe sleep")
	kill -KILL "$pid"
	wait_minirun
	assert_equal "$MINIRUN_STATUS" $((128 + 9))
	assert_equal "$(cat "$output")" ""
}

# A fault is delivered even to pid 1, which ignores the signals it sends
# itself.
@test "exit status - 128+11 for SIGSEGV" {
	run_minirun $((128 + 11)) "$ROOTFS" /probe kill-self 11
	assert_output ""
	assert_equal "$stderr" ""
}

# Each fixture profile allows everything but getppid, with an action that
# ends the process with SIGSYS.
@test "exit status - 159 for SIGSYS" {
	local name

	run_minirun "$ROOTFS" /probe getppid
	assert_output "0"
	for name in kill-process kill-thread trap; do
		run_minirun 159 --security-opt \
			"seccomp=$(fixtures)/getppid-$name.json" \
			"$ROOTFS" /probe getppid
		assert_equal "$name: $output" "$name: "
		assert_equal "$name: $stderr" "$name: "
	done
}

# probe wait-signal exits with 100+N after it catches signal N, so the
# status tells a caught signal from the default action (128+N).
@test "signals - forwarded to the command" {
	local output=$BATS_TEST_TMPDIR/output sig

	for sig in TERM INT HUP QUIT USR1 USR2; do
		start_minirun "$output" "$ROOTFS" /probe wait-signal
		wait_for_line "$output" "ready"
		kill -s "$sig" "$MINIRUN_PID"
		wait_minirun
		assert_equal "$sig: $(cat "$output")" \
			"$sig: $(printf 'ready\ncaught=%s' "$sig")"
		assert_equal "$sig: $MINIRUN_STATUS" \
			"$sig: $((100 + $(signal_number "$sig")))"
	done
}

@test "signals - repeated signals all forwarded" {
	local output=$BATS_TEST_TMPDIR/output

	start_minirun "$output" "$ROOTFS" /bin/sh -c \
		'trap "echo usr1" USR1; trap "echo term; exit 7" TERM;
		echo ready; while :; do sleep 0.1; done'
	wait_for_line "$output" "ready"
	kill -s USR1 "$MINIRUN_PID"
	wait_for_line "$output" "usr1"
	kill -s USR1 "$MINIRUN_PID"
	kill -s TERM "$MINIRUN_PID"
	wait_minirun
	assert_equal "$MINIRUN_STATUS" 7
	assert_equal "$(cat "$output")" "$(printf 'ready\nusr1\nusr1\nterm')"
}

@test "SIGKILL to minirun - container dies" {
	local output=$BATS_TEST_TMPDIR/output pid

	start_minirun "$output" "$ROOTFS" /probe sleep
	pid=$(wait_for_child "$MINIRUN_PID" "/probe sleep")
	kill -KILL "$MINIRUN_PID"
	wait_minirun
	assert_equal "$MINIRUN_STATUS" $((128 + 9))
	wait_for_end "$pid"
}

# The shell is pid 1 and the probes are its children: the end of pid 1
# ends every process of the pid namespace.
@test "SIGKILL to minirun - children die" {
	local output=$BATS_TEST_TMPDIR/output shell first second

	start_minirun "$output" "$ROOTFS" /bin/sh -c \
		'/probe sleep & /probe sleep 3601; :'
	shell=$(wait_for_child "$MINIRUN_PID" \
		"/bin/sh -c /probe sleep & /probe sleep 3601; :")
	first=$(wait_for_child "$shell" "/probe sleep")
	second=$(wait_for_child "$shell" "/probe sleep 3601")
	kill -KILL "$MINIRUN_PID"
	wait_minirun
	assert_equal "$MINIRUN_STATUS" $((128 + 9))
	wait_for_end "$shell" "$first" "$second"
}

# The probe run on the host shows that the redirections open these
# descriptors.  bats itself passes on a few more, such as 3.
@test "file descriptors - only 0, 1 and 2" {
	local file=$BATS_TEST_TMPDIR/fd-file fd

	touch "$file"
	run "$PROBE" fds 5>"$file" 7<"$file" 200>"$file"
	for fd in 5 7 200; do
		assert_regex " $output " " $fd "
	done
	run_minirun "$ROOTFS" /probe fds 5>"$file" 7<"$file" 200>"$file"
	assert_output "0 1 2"
	run_minirun --security-opt seccomp=unconfined "$ROOTFS" /probe fds \
		5>"$file" 7<"$file" 200>"$file"
	assert_output "0 1 2"
}
