#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# --init: pid 1 is a copy of minirun that starts the command as its child,
# reaps zombies, forwards signals and passes the command's exit status on,
# without giving the container a way to the host's minirun binary.

load helpers

# A shell that leaves two background children behind when it exits, so the
# kernel makes them children of pid 1; then probe zombies replaces the
# outer shell and lists those that nobody reaped.
ORPHANS='/bin/sh -c "/probe sleep 1 & /probe sleep 1 &"; exec /probe zombies'

@test "--init - command is pid 2" {
	run_minirun --init "$ROOTFS" /probe getpid
	assert_output "2"
	run_minirun --init "$ROOTFS" /probe getppid
	assert_output "1"
}

# Without --init, the orphans stay zombies of the non-reaping pid 1, which
# shows that the shell does leave them behind.
@test "--init - orphans reaped" {
	run_minirun "$ROOTFS" /bin/sh -c "$ORPHANS"
	assert_equal "${#lines[@]}" 2
	run_minirun --init "$ROOTFS" /bin/sh -c "$ORPHANS"
	assert_output ""
	assert_equal "$stderr" ""
}

@test "--init - exit status passed on" {
	local code

	for code in 0 1 42 125 126 255; do
		run_minirun "$code" --init "$ROOTFS" /probe exit "$code"
		assert_equal "$code: $stderr" "$code: "
	done
}

# As pid 2, the command gets the default action of a signal it sends
# itself, which pid 1 would not.
@test "--init - 128+N for signal N" {
	local sig

	for sig in 9 11 15; do
		run_minirun $((128 + sig)) --init "$ROOTFS" /probe kill-self "$sig"
	done
}

@test "--init - missing command exits 127" {
	run_minirun 127 --init "$ROOTFS" /no/such/command
	assert_error_line "/no/such/command"
	assert_output ""
}

# probe wait-signal exits with 100+N after it catches signal N.
@test "--init - signals forwarded" {
	local output=$BATS_TEST_TMPDIR/output sig

	for sig in TERM INT HUP QUIT USR1 USR2; do
		start_minirun "$output" --init "$ROOTFS" /probe wait-signal
		wait_for_line "$output" "ready"
		kill -s "$sig" "$MINIRUN_PID"
		wait_minirun
		assert_equal "$sig: $(cat "$output")" \
			"$sig: $(printf 'ready\ncaught=%s' "$sig")"
		assert_equal "$sig: $MINIRUN_STATUS" \
			"$sig: $((100 + $(kill -l "$sig")))"
	done
}

# Without --init, pid 1 ignores a SIGTERM it has no handler for.
@test "--init - SIGTERM ends a command" {
	local output=$BATS_TEST_TMPDIR/output

	start_minirun "$output" --init "$ROOTFS" /bin/sh -c \
		'echo ready; exec /probe sleep'
	wait_for_line "$output" "ready"
	sleep 0.2
	kill -s TERM "$MINIRUN_PID"
	wait_minirun
	assert_equal "$MINIRUN_STATUS" $((128 + 15))
}

@test "--init - same caps and seccomp" {
	local field without

	for field in CapInh CapPrm CapEff CapBnd CapAmb Seccomp \
		Seccomp_filters NoNewPrivs; do
		run_minirun "$ROOTFS" /probe status "$field"
		without=$output
		run_minirun --init "$ROOTFS" /probe status "$field"
		assert_equal "$field: $output" "$field: $without"
	done
	run_minirun --init --cap-drop ALL --security-opt no-new-privileges \
		"$ROOTFS" /probe caps
	assert_equal "$(status_field CapEff)" 0000000000000000
	run_minirun 1 --init "$ROOTFS" /probe syscall unshare
	assert_output "errno=EPERM"
}

@test "--init - same user" {
	run_minirun -u 1000:1000 "$ROOTFS" /probe ids
	local without=$output

	run_minirun --init -u 1000:1000 "$ROOTFS" /probe ids
	assert_output "$without"
	assert_output --regexp '^uid=1000 euid=1000 gid=1000 egid=1000 '
}

# Pid 1 keeps only CAP_KILL and runs under the command's filter.
@test "--init - pid 1 confined" {
	run_minirun --init "$ROOTFS" /probe cat /proc/1/status
	assert_equal "$(status_field CapEff)" 0000000000000020
	assert_equal "$(status_field CapPrm)" 0000000000000020
	assert_equal "$(status_field Seccomp)" 2
}

# runc's CVE-2019-5736: a container's root overwrote the host's runc
# through /proc/self/exe.  Pid 1 is not dumpable, so even root with every
# capability but SYS_PTRACE can neither open nor follow its links.
@test "--init - /proc/1/exe closed to root" {
	local path before options

	before=$(sha256sum <"$MINIRUN")
	for options in "" "--cap-add ALL --cap-drop SYS_PTRACE" \
		"--cap-add ALL --cap-drop SYS_PTRACE --security-opt seccomp=unconfined"; do
		for path in /proc/1/exe /proc/1/mem /proc/1/fd/0; do
			# shellcheck disable=SC2086
			run_minirun 1 --init $options "$ROOTFS" \
				/probe open-write "$path"
			assert_equal "$options $path: $output" \
				"$options $path: errno=EACCES"
			# shellcheck disable=SC2086
			run_minirun 1 --init $options "$ROOTFS" /probe cat "$path"
			assert_equal "$options $path: $output" \
				"$options $path: errno=EACCES"
		done
		# shellcheck disable=SC2086
		run_minirun 1 --init $options "$ROOTFS" \
			/probe readlink /proc/1/exe
		assert_equal "$options: $output" "$options: errno=EACCES"
	done
	assert_equal "$(sha256sum <"$MINIRUN")" "$before"
}

# CAP_SYS_PTRACE in the container's user namespace is not enough, because
# pid 1's memory belongs to the caller's user namespace.
@test "--init - rootless /proc/1/exe closed" {
	local before probe

	skip_if_no_userns
	before=$(sha256sum <"$ROOTLESS_MINIRUN")
	for probe in "open-write /proc/1/exe" "cat /proc/1/exe" \
		"readlink /proc/1/exe"; do
		# shellcheck disable=SC2086
		MINIRUN=setpriv run_minirun 1 --reuid 65534 --regid 65534 \
			--clear-groups "$ROOTLESS_MINIRUN" --init --cap-add ALL \
			"$ROOTLESS_ROOTFS" /probe $probe
		assert_equal "$probe: $output" "$probe: errno=EACCES"
	done
	MINIRUN=setpriv run_minirun --reuid 65534 --regid 65534 \
		--clear-groups "$ROOTLESS_MINIRUN" --init \
		"$ROOTLESS_ROOTFS" /bin/sh -c "$ORPHANS"
	assert_output ""
	assert_equal "$(sha256sum <"$ROOTLESS_MINIRUN")" "$before"
}
