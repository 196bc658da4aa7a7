#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The built-in default profile.  Each probe passes arguments that the kernel
# rejects, so a run without the filter and with all capabilities gets the
# kernel's own errno (never EPERM on this host), while the filter answers
# EPERM before the kernel sees the call.

load helpers

# Syscalls that the default profile blocks for the default capability set.
# vm86, vm86old and stime exist only on i386, and x86_64 has only umount2.
BLOCKED_SYSCALLS=(
	acct add_key bpf clock_adjtime clock_settime create_module
	delete_module finit_module get_kernel_syms get_mempolicy init_module
	ioperm iopl kcmp kexec_file_load kexec_load keyctl lookup_dcookie
	mbind mount move_pages name_to_handle_at nfsservctl open_by_handle_at
	perf_event_open pivot_root process_vm_readv process_vm_writev ptrace
	query_module quotactl reboot request_key set_mempolicy setns
	settimeofday swapoff swapon sysfs _sysctl umount2 unshare uselib
	userfaultfd ustat
)

# Blocked syscalls that no capability unlocks in the profile.
ALWAYS_BLOCKED_SYSCALLS=(
	add_key create_module get_kernel_syms kexec_file_load kexec_load
	keyctl move_pages nfsservctl pivot_root query_module request_key
	swapoff swapon sysfs _sysctl uselib userfaultfd ustat
)

@test "seccomp - mode 2 by default" {
	run_minirun "$ROOTFS" /probe seccomp-mode
	assert_output "2"
}

@test "seccomp - mode 0 when unconfined" {
	run_minirun --security-opt seccomp=unconfined "$ROOTFS" \
		/probe seccomp-mode
	assert_output "0"
}

@test "seccomp - inherited by child processes" {
	run_minirun "$ROOTFS" /bin/sh -c '/probe seccomp-mode; :'
	assert_output "2"
}

@test "seccomp - probe table matches the list" {
	run "$PROBE" syscalls
	assert_equal "$(sort <<<"$output")" \
		"$(printf '%s\n' "${BLOCKED_SYSCALLS[@]}" | sort)"
}

@test "default profile - blocked syscalls EPERM" {
	local name

	for name in "${BLOCKED_SYSCALLS[@]}"; do
		run_minirun 1 "$ROOTFS" /probe syscall "$name"
		assert_equal "$name: $output" "$name: errno=EPERM"
	done
}

# Shows that the probes reach the kernel, so the EPERM above comes from the
# filter.  Safe because every probe passes arguments the kernel rejects.
@test "unconfined - blocked syscalls reach kernel" {
	local name

	skip_if_not_root "all capabilities in the init user namespace need root"
	for name in "${BLOCKED_SYSCALLS[@]}"; do
		run_minirun '?' --security-opt seccomp=unconfined --cap-add ALL \
			"$ROOTFS" /probe syscall "$name"
		refute_output "errno=EPERM"
		assert_output --regexp '^(ok|errno=E[A-Z]+)$'
	done
}

@test "default profile - no capability unlocks" {
	local name

	for name in "${ALWAYS_BLOCKED_SYSCALLS[@]}"; do
		run_minirun 1 --cap-add ALL "$ROOTFS" /probe syscall "$name"
		assert_equal "$name: $output" "$name: errno=EPERM"
	done
}

# Each row: a syscall and the capability whose --cap-add makes the profile
# allow it, as in Docker's profile.
@test "default profile - capabilities unlock syscalls" {
	local name cap

	skip_if_not_root "the kernel checks these capabilities in the init user namespace"
	while read -r name cap; do
		[[ -n $name ]] || continue
		run_minirun '?' --cap-add "$cap" "$ROOTFS" /probe syscall "$name"
		refute_output "errno=EPERM"
		assert_output --regexp '^(ok|errno=E[A-Z]+)$'
	done <<-END
		mount SYS_ADMIN
		umount2 SYS_ADMIN
		unshare SYS_ADMIN
		setns SYS_ADMIN
		quotactl SYS_ADMIN
		bpf SYS_ADMIN
		perf_event_open SYS_ADMIN
		reboot SYS_BOOT
		acct SYS_PACCT
		delete_module SYS_MODULE
		init_module SYS_MODULE
		finit_module SYS_MODULE
		kcmp SYS_PTRACE
		ptrace SYS_PTRACE
		process_vm_readv SYS_PTRACE
		process_vm_writev SYS_PTRACE
		iopl SYS_RAWIO
		ioperm SYS_RAWIO
		settimeofday SYS_TIME
		clock_settime SYS_TIME
		get_mempolicy SYS_NICE
		mbind SYS_NICE
		set_mempolicy SYS_NICE
		open_by_handle_at DAC_READ_SEARCH
	END
}

# A number above every syscall the profile names is newer than the profile,
# so it gets ENOSYS, as from an older kernel; one below that it leaves out
# (afs_syscall, 183 on x86_64) gets EPERM.
@test "default profile - newer syscall ENOSYS" {
	run_minirun 1 "$ROOTFS" /probe raw 1000
	assert_output "errno=ENOSYS"
	run_minirun 1 "$ROOTFS" /probe raw 100000
	assert_output "errno=ENOSYS"
}

@test "default profile - unnamed old syscall EPERM" {
	[[ $(uname -m) == x86_64 ]] || skip "syscall numbers are for x86_64"
	run_minirun 1 "$ROOTFS" /probe raw 183
	assert_output "errno=EPERM"
	run_minirun 1 --security-opt seccomp=unconfined "$ROOTFS" /probe raw 183
	assert_output "errno=ENOSYS"
}

@test "socket - allowed domains" {
	local domain

	for domain in unix inet inet6 netlink packet; do
		run_minirun "$ROOTFS" /probe socket "$domain"
		assert_equal "$domain: $output" "$domain: ok"
	done
}

# Only the filtered run is tried, because an unfiltered socket() of an
# unregistered domain makes the kernel try to load a module for it.
@test "socket - other domains EPERM" {
	local domain

	for domain in ax25 ipx appletalk x25 decnet key rds can tipc \
		bluetooth alg vsock xdp; do
		run_minirun 1 "$ROOTFS" /probe socket "$domain"
		assert_equal "$domain: $output" "$domain: errno=EPERM"
	done
}

@test "personality - allowed values" {
	local value

	for value in 0x0 0x8 0x20000 0x20008 0xffffffff; do
		run_minirun "$ROOTFS" /probe personality "$value"
		assert_equal "$value: $output" "$value: ok"
	done
}

@test "personality - other values EPERM" {
	local value

	for value in 0x1 0x10 0x40000 0x400000 0x0200008; do
		run_minirun 1 "$ROOTFS" /probe personality "$value"
		assert_equal "$value: $output" "$value: errno=EPERM"
		run_minirun --security-opt seccomp=unconfined "$ROOTFS" \
			/probe personality "$value"
		assert_equal "$value: $output" "$value: ok"
	done
}

@test "clone - without namespace flags" {
	run_minirun "$ROOTFS" /probe clone
	assert_output "ok"
}

@test "clone - namespace flags EPERM" {
	local flag

	for flag in newns newuts newipc newuser newpid newnet newcgroup; do
		run_minirun 1 "$ROOTFS" /probe clone "$flag"
		assert_equal "$flag: $output" "$flag: errno=EPERM"
	done
}

# CLONE_NEWUSER needs no capability, so only the filter can deny it.
@test "clone - newuser allowed when unconfined" {
	run_minirun --security-opt seccomp=unconfined "$ROOTFS" \
		/probe clone newuser
	assert_output "ok"
}

@test "clone - SYS_ADMIN allows namespaces" {
	local flag

	for flag in newuts newipc newpid newnet; do
		run_minirun --cap-add SYS_ADMIN "$ROOTFS" /probe clone "$flag"
		assert_equal "$flag: $output" "$flag: ok"
	done
}

@test "clone3 - ENOSYS by default" {
	run_minirun 1 "$ROOTFS" /probe clone3
	assert_output "errno=ENOSYS"
}

@test "clone3 - allowed when unconfined" {
	run_minirun --security-opt seccomp=unconfined "$ROOTFS" /probe clone3
	assert_output "ok"
}

@test "--cap-add SYS_ADMIN - mount reaches kernel" {
	run_minirun 1 --cap-add SYS_ADMIN "$ROOTFS" /probe syscall mount
	assert_output "errno=ENOENT"
	run_minirun --cap-add SYS_ADMIN "$ROOTFS" /probe syscall unshare
	assert_output "ok"
}
