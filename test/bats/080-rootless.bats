#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Rootless mode: minirun run by uid 65534 creates a user namespace that maps
# that uid and gid to root, and the command gets the same confinement as
# under root: the default seccomp profile, Docker's capability set, its own
# host name and only lo.

load helpers

# run_minirun_rootless [EXPECTED_STATUS] ARG...
#
# run_minirun as uid and gid 65534 with no supplementary groups, through
# setpriv, with the copy of minirun that uid 65534 can execute.
run_minirun_rootless() {
	local expected=0

	if [[ $1 =~ ^[0-9]+$ || $1 == '?' ]]; then
		expected=$1
		shift
	fi
	echo "# as uid 65534 through setpriv"
	MINIRUN=setpriv run_minirun "$expected" --reuid 65534 --regid 65534 \
		--clear-groups "$ROOTLESS_MINIRUN" "$@"
}

setup() {
	skip_if_no_userns
	basic_setup
}

@test "rootless - true exits 0" {
	run_minirun_rootless "$ROOTLESS_ROOTFS" /bin/true
	assert_output ""
	assert_equal "$stderr" ""
}

@test "rootless - false exits 1" {
	run_minirun_rootless 1 "$ROOTLESS_ROOTFS" /bin/false
}

@test "rootless - command runs as root" {
	run_minirun_rootless "$ROOTLESS_ROOTFS" /probe ids
	assert_output "uid=0 euid=0 gid=0 egid=0 groups="
}

@test "rootless - caller's ids mapped to root" {
	run_minirun_rootless "$ROOTLESS_ROOTFS" /probe cat /proc/self/uid_map
	assert_output --regexp '^ +0 +65534 +1$'
	run_minirun_rootless "$ROOTLESS_ROOTFS" /probe cat /proc/self/gid_map
	assert_output --regexp '^ +0 +65534 +1$'
	run_minirun_rootless "$ROOTLESS_ROOTFS" /probe cat /proc/self/setgroups
	assert_output "deny"
}

@test "rootless - rootfs files owned by root" {
	run_minirun_rootless "$ROOTLESS_ROOTFS" /probe stat /probe
	assert_output --regexp ' uid=0 gid=0$'
}

@test "rootless - new user namespace" {
	run_minirun_rootless "$ROOTLESS_ROOTFS" /probe readlink \
		/proc/self/ns/user
	assert_output --regexp '^user:\[[0-9]+\]$'
	refute_output "$(readlink /proc/self/ns/user)"
}

@test "rootless - seccomp mode 2" {
	run_minirun_rootless "$ROOTLESS_ROOTFS" /probe seccomp-mode
	assert_output "2"
}

# unshare(0) succeeds in the kernel, so only the filter returns EPERM.
@test "rootless - default profile blocks unshare" {
	run_minirun_rootless 1 "$ROOTLESS_ROOTFS" /probe syscall unshare
	assert_output "errno=EPERM"
	run_minirun_rootless --security-opt seccomp=unconfined \
		"$ROOTLESS_ROOTFS" /probe syscall unshare
	assert_output "ok"
}

@test "rootless - clone of namespaces blocked" {
	run_minirun_rootless 1 "$ROOTLESS_ROOTFS" /probe clone newuser
	assert_output "errno=EPERM"
}

@test "rootless - caps are Docker's set" {
	local set

	run_minirun_rootless "$ROOTLESS_ROOTFS" /probe caps
	for set in CapPrm CapEff CapBnd; do
		assert_equal "$set=$(status_field "$set")" "$set=$DEFAULT_CAPS"
	done
	for set in CapInh CapAmb; do
		assert_equal "$set=$(status_field "$set")" \
			"$set=0000000000000000"
	done
}

@test "rootless - --cap-drop ALL empties sets" {
	local set

	run_minirun_rootless --cap-drop ALL "$ROOTLESS_ROOTFS" /probe caps
	for set in CapPrm CapEff CapBnd CapInh CapAmb; do
		assert_equal "$set=$(status_field "$set")" \
			"$set=0000000000000000"
	done
}

@test "rootless - default hostname" {
	run_minirun_rootless "$ROOTLESS_ROOTFS" /probe uname
	assert_output "minirun"
}

@test "rootless - --hostname sets it" {
	run_minirun_rootless --hostname rootless-box "$ROOTLESS_ROOTFS" \
		/probe uname
	assert_output "rootless-box"
}

@test "rootless - only lo" {
	run_minirun_rootless "$ROOTLESS_ROOTFS" /bin/sh -c \
		"tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '"
	assert_output "lo"
}

@test "rootless - command is pid 1" {
	run_minirun_rootless "$ROOTLESS_ROOTFS" /probe getpid
	assert_output "1"
}

@test "rootless - missing rootfs exits 125" {
	local missing=$MINIRUN_TEST_ROOT/no-such-rootfs

	run_minirun_rootless 125 "$missing" /bin/true
	assert_error_line "$missing"
	assert_output ""
}

# Only root is mapped in the user namespace, so no other user exists there.
@test "rootless - --user outside the map" {
	run_minirun_rootless 125 -u 65534 "$ROOTLESS_ROOTFS" /bin/true
	assert_error_line "65534" "not mapped"
	assert_output ""
}

@test "rootless - missing command exits 127" {
	run_minirun_rootless 127 "$ROOTLESS_ROOTFS" /no/such/command
	assert_error_line "/no/such/command"
}
