#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The file systems inside: /dev nodes, /dev/pts, /dev/shm, /proc with its
# masked and read-only paths, and a read-only /sys.

load helpers

# Paths that minirun hides.  Files are covered by /dev/null, directories by
# an empty read-only tmpfs.  A path that this kernel does not have is not
# checked, because there is nothing to hide.
MASKED_PATHS=(
	/proc/acpi /proc/asound /proc/interrupts /proc/kcore /proc/keys
	/proc/latency_stats /proc/timer_list /proc/timer_stats
	/proc/sched_debug /proc/scsi /sys/firmware
	/sys/devices/virtual/powercap
)

READONLY_PATHS=(/proc/bus /proc/fs /proc/irq /proc/sys /proc/sysrq-trigger)

# Print the paths of the array named $1 that exist on the host.
existing_paths() {
	local -n paths=$1
	local path

	for path in "${paths[@]}"; do
		if [[ -e $path ]]; then
			echo "$path"
		fi
	done
}

# Each row: device node, its type and rdev, as in Docker.
@test "/dev - character devices" {
	local node rdev

	while read -r node rdev; do
		[[ -n $node ]] || continue
		run_minirun "$ROOTFS" /probe stat "$node"
		assert_output --regexp "^type=chr rdev=$rdev mode=0666 "
	done <<-END
		/dev/null 1:3
		/dev/zero 1:5
		/dev/full 1:7
		/dev/random 1:8
		/dev/urandom 1:9
		/dev/tty 5:0
	END
}

@test "/dev - no host devices" {
	run_minirun "$ROOTFS" /probe ls /dev
	refute_line "vda"
	refute_line "mem"
	refute_line "kmsg"
	refute_line "console"
}

@test "/dev - tmpfs" {
	run_minirun "$ROOTFS" /probe statfs /dev
	assert_output "fs=tmpfs rw"
}

@test "/dev/null - discards writes" {
	run_minirun "$ROOTFS" /bin/sh -c 'echo data >/dev/null && echo ok'
	assert_output "ok"
}

@test "/dev/zero - reads zeros" {
	run_minirun "$ROOTFS" /bin/sh -c 'head -c 4 /dev/zero | od -An -tx1'
	assert_output --regexp '^ *00 00 00 00$'
}

@test "/dev/full - write gives ENOSPC" {
	run_minirun '?' "$ROOTFS" /bin/sh -c 'echo x >/dev/full'
	assert [ "$status" -ne 0 ]
	assert_regex "$stderr" 'No space left on device'
}

@test "/dev/urandom - reads random bytes" {
	run_minirun "$ROOTFS" /bin/sh -c 'head -c 16 /dev/urandom | wc -c'
	assert_output "16"
}

@test "/dev/pts - devpts mounted" {
	run_minirun "$ROOTFS" /probe statfs /dev/pts
	assert_output "fs=devpts rw"
}

@test "/dev/ptmx - opens a pty pair" {
	run_minirun "$ROOTFS" /probe openpty
	assert_output --regexp '^/dev/pts/[0-9]+$'
}

@test "/dev/ptmx - pty of the new instance" {
	run_minirun "$ROOTFS" /bin/sh -c '/probe openpty; /probe ls /dev/pts'
	assert_line --index 0 "/dev/pts/0"
}

@test "/dev/shm - tmpfs" {
	run_minirun "$ROOTFS" /probe statfs /dev/shm
	assert_output "fs=tmpfs rw"
}

@test "/dev/shm - writable" {
	run_minirun "$ROOTFS" /bin/sh -c 'echo x >/dev/shm/f && cat /dev/shm/f'
	assert_output "x"
}

@test "/proc - fresh proc instance" {
	run_minirun "$ROOTFS" /probe statfs /proc
	assert_output "fs=proc rw"
}

@test "masked paths - files are /dev/null" {
	local path count=0

	while read -r path; do
		[[ -f $path ]] || continue
		count=$((count + 1))
		run_minirun "$ROOTFS" /probe stat "$path"
		assert_output --regexp '^type=chr rdev=1:3 '
		run_minirun "$ROOTFS" /probe cat "$path"
		assert_output ""
	done < <(existing_paths MASKED_PATHS)
	if ((count == 0)); then
		skip "this kernel has none of the masked files"
	fi
}

@test "masked paths - directories are empty" {
	local path count=0

	while read -r path; do
		[[ -d $path ]] || continue
		count=$((count + 1))
		run_minirun "$ROOTFS" /probe statfs "$path"
		assert_output "fs=tmpfs ro"
		run_minirun "$ROOTFS" /probe ls "$path"
		assert_output ""
		run_minirun 1 "$ROOTFS" /probe mkdir "$path/minirun-probe"
		assert_output "errno=EROFS"
	done < <(existing_paths MASKED_PATHS)
	if ((count == 0)); then
		skip "this kernel has none of the masked directories"
	fi
}

@test "masked paths - /dev/null stays writable" {
	local path

	path=$(existing_paths MASKED_PATHS | head -n 1)
	[[ -n $path ]] || skip "this kernel has none of the masked paths"
	run_minirun "$ROOTFS" /bin/sh -c 'echo x >/dev/null && echo ok'
	assert_output "ok"
}

@test "read-only paths - mounted read-only" {
	local path count=0

	while read -r path; do
		count=$((count + 1))
		run_minirun "$ROOTFS" /probe statfs "$path"
		assert_output "fs=proc ro"
	done < <(existing_paths READONLY_PATHS)
	((count > 0)) || skip "this kernel has none of the read-only paths"
}

# Opening for writing checks write access and writes nothing, so the probe
# is harmless even where the mount is not read-only.
@test "read-only paths - open for write EROFS" {
	local path

	for path in /proc/sys/kernel/hostname /proc/sys/kernel/domainname \
		/proc/sysrq-trigger; do
		[[ -e $path ]] || continue
		run_minirun 1 "$ROOTFS" /probe open-write "$path"
		assert_output "errno=EROFS"
	done
}

@test "read-only paths - rest of /proc writable" {
	run_minirun "$ROOTFS" /probe open-write /proc/self/comm
	assert_output "ok"
}

@test "/sys - read-only sysfs" {
	run_minirun "$ROOTFS" /probe statfs /sys
	assert_output "fs=sysfs ro"
}

@test "/sys - mkdir gives EROFS" {
	run_minirun 1 "$ROOTFS" /probe mkdir /sys/kernel/minirun-probe
	assert_output "errno=EROFS"
}

@test "/sys - open for write EROFS" {
	[[ -e /sys/kernel/uevent_helper ]] || skip "no /sys/kernel/uevent_helper"
	run_minirun 1 "$ROOTFS" /probe open-write /sys/kernel/uevent_helper
	assert_output "errno=EROFS"
}

@test "rootfs - writable by root" {
	run_minirun "$ROOTFS" /bin/sh -c \
		'echo x >/tmp/minirun-write && cat /tmp/minirun-write && rm /tmp/minirun-write'
	assert_output "x"
}
