#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Namespaces: pid, uts, net, mount, ipc and cgroup are new; the host's
# files and processes are out of reach.

load helpers

@test "pid namespace - command is pid 1" {
	run_minirun "$ROOTFS" /probe getpid
	assert_output "1"
}

@test "pid namespace - parent pid is 0" {
	run_minirun "$ROOTFS" /probe getppid
	assert_output "0"
}

@test "pid namespace - /proc/1 is the command" {
	run_minirun "$ROOTFS" /probe cat /proc/1/cmdline
	assert_output "$(printf '/probe\0cat\0/proc/1/cmdline\0')"
}

@test "pid namespace - only own processes" {
	run_minirun "$ROOTFS" /bin/sh -c 'cd /proc && echo [0-9]*'
	assert_output "1"
}

@test "pid namespace - shell child is pid 2" {
	run_minirun "$ROOTFS" /bin/sh -c '/probe getpid; :'
	assert_output "2"
}

@test "uts namespace - default hostname" {
	run_minirun "$ROOTFS" /probe uname
	assert_output "minirun"
}

@test "uts namespace - --hostname sets it" {
	run_minirun --hostname box-42 "$ROOTFS" /probe uname
	assert_output "box-42"
}

@test "uts namespace - host hostname unchanged" {
	local before

	before=$(uname -n)
	run_minirun --hostname changed-by-test "$ROOTFS" /bin/true
	assert_equal "$(uname -n)" "$before"
}

@test "net namespace - only lo" {
	run_minirun "$ROOTFS" /bin/sh -c \
		"tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '"
	assert_output "lo"
}

@test "namespaces - differ from the host" {
	local ns

	for ns in mnt pid uts ipc net cgroup; do
		run_minirun "$ROOTFS" /probe readlink "/proc/self/ns/$ns"
		assert_output --regexp "^$ns:\[[0-9]+\]\$"
		refute_output "$(readlink "/proc/self/ns/$ns")"
	done
}

@test "cgroup namespace - root is /" {
	run_minirun "$ROOTFS" /probe cat /proc/self/cgroup
	assert_line --regexp '^0::/$'
}

@test "mount namespace - host /tmp file invisible" {
	local marker

	marker=$(mktemp /tmp/minirun-bats-marker.XXXXXX)
	run_minirun '?' "$ROOTFS" /probe stat "$marker"
	rm -f "$marker"
	assert_equal "$status" 1
	assert_output "errno=ENOENT"
}

@test "mount namespace - source tree invisible" {
	run_minirun 1 "$ROOTFS" /probe stat "$BATS_TEST_DIRNAME/helpers.bash"
	assert_output "errno=ENOENT"
}

@test "mount namespace - / is the rootfs" {
	run_minirun "$ROOTFS" /probe ls /
	assert_equal "$(sort <<<"$output")" "$(ls -A "$ROOTFS" | sort)"
}

# Field 5 of mountinfo is the mount point.  Field 4, the root of the mount
# inside its file system, names the rootfs on the host and is no leak.
@test "mount namespace - no host mount point inside" {
	local mountpoint

	run_minirun "$ROOTFS" /probe cat /proc/self/mountinfo
	while read -r mountpoint; do
		case $mountpoint in
		/ | /proc* | /dev* | /sys* | /tmp) continue ;;
		esac
		refute_line --regexp "^[0-9]+ [0-9]+ [0-9:]+ [^ ]+ $mountpoint "
	done < <(awk '{print $5}' /proc/self/mountinfo)
}

@test "mount namespace - mounts stay inside" {
	local before

	before=$(wc -l </proc/self/mountinfo)
	run_minirun "$ROOTFS" /bin/true
	assert_equal "$(wc -l </proc/self/mountinfo)" "$before"
}

@test "ipc namespace - host shm segment invisible" {
	local id

	id=$(ipcmk -M 4096 | grep -o '[0-9]*$')
	run_minirun '?' "$ROOTFS" /bin/sh -c 'tail -n +2 /proc/sysvipc/shm | wc -l'
	ipcrm -m "$id"
	assert_equal "$status" 0
	assert_output "0"
}
