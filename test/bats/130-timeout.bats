#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# --timeout and --stop-timeout: when the time is up, minirun sends SIGTERM
# to the command, SIGKILL after the stop timeout, and exits with 124 as
# timeout(1) does.

load helpers

# run_timed [EXPECTED_STATUS] ARG...
#
# run_minirun, and set ELAPSED_MS to the wall-clock time it took.
run_timed() {
	local start end

	start=$(date +%s%N)
	run_minirun "$@"
	end=$(date +%s%N)
	ELAPSED_MS=$(((end - start) / 1000000))
	echo "# elapsed: $ELAPSED_MS ms"
}

# assert_elapsed_between MIN_MS MAX_MS
assert_elapsed_between() {
	if ((ELAPSED_MS < $1 || ELAPSED_MS >= $2)); then
		fail "minirun took $ELAPSED_MS ms, expected [$1, $2) ms"
	fi
}

@test "timeout - command ends in time" {
	run_timed 3 --timeout 10 "$ROOTFS" /probe exit 3
	assert_output ""
	assert_equal "$stderr" ""
	assert_elapsed_between 0 5000
}

# probe wait-signal has a handler, so SIGTERM reaches it even as pid 1.
@test "timeout - SIGTERM first, 124" {
	run_timed 124 --timeout 1.5 "$ROOTFS" /probe wait-signal
	assert_output "$(printf 'ready\ncaught=TERM')"
	assert_error_line "timed out" "--timeout 1.5 s"
	assert_elapsed_between 1500 5000
}

# probe sleep has no SIGTERM handler, and pid 1 ignores signals without
# one, so only the SIGKILL after --stop-timeout ends it.
@test "timeout - sleep 100 killed, 124" {
	run_timed 124 --timeout 2 --stop-timeout 2 "$ROOTFS" /probe sleep 100
	assert_output ""
	assert_error_line "timed out" "--timeout 2 s" "--stop-timeout 2 s"
	assert_elapsed_between 4000 8000
}

@test "timeout - SIGTERM ignored, then SIGKILL" {
	run_timed 124 --timeout 1 --stop-timeout 2 "$ROOTFS" /bin/sh -c \
		'trap "echo term" TERM; echo ready;
		while :; do /probe sleep 1; done'
	assert_output "$(printf 'ready\nterm')"
	assert_error_line "timed out"
	assert_elapsed_between 3000 7000
}

@test "timeout - --stop-timeout 0 kills at once" {
	run_timed 124 --timeout 1 --stop-timeout 0 "$ROOTFS" /probe wait-signal
	assert_output "ready"
	assert_error_line "timed out"
	assert_elapsed_between 1000 4000
}

# Children of pid 1 die with it, so nothing of the container outlives the
# timeout.
@test "timeout - children die too" {
	run_timed 124 --timeout 1 --stop-timeout 1 "$ROOTFS" /bin/sh -c \
		'/probe sleep 100 & /probe sleep 100 & wait'
	assert_error_line "timed out"
	assert_elapsed_between 2000 6000
}

# A signal to minirun still reaches the command while the timer runs.
@test "timeout - signals still forwarded" {
	local output=$BATS_TEST_TMPDIR/output status=0

	echo "# minirun --timeout 30 ROOTFS /probe wait-signal &"
	"$MINIRUN" --timeout 30 "$ROOTFS" /probe wait-signal \
		</dev/null >"$output" 2>&1 3>&- &
	wait_for_line "$output" "ready"
	kill -s USR1 $!
	wait $! || status=$?
	assert_equal "$status" $((100 + $(kill -l USR1)))
	assert_equal "$(cat "$output")" "$(printf 'ready\ncaught=USR1')"
}
