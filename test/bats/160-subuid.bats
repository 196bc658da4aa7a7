#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Rootless id ranges: when /etc/subuid and /etc/subgid grant the caller
# (uid 65534, nobody) a range, minirun maps it to ids 1 and up through
# newuidmap and newgidmap.  The tests never change the host's files: each
# run bind mounts its own copies over them in a private mount namespace.

load helpers

setup() {
	skip_if_no_userns
	if ! command -v newuidmap >/dev/null ||
		! command -v newgidmap >/dev/null; then
		skip "newuidmap or newgidmap is not installed (Debian package uidmap)"
	fi
	if [[ ! -f /etc/subuid || ! -f /etc/subgid ]]; then
		skip "/etc/subuid or /etc/subgid is missing, so no copy can cover it"
	fi
	HOST_SUBIDS=$(sha256sum /etc/subuid /etc/subgid)
	SUBUID=$BATS_TEST_TMPDIR/subuid
	SUBGID=$BATS_TEST_TMPDIR/subgid
	: >"$SUBUID"
	: >"$SUBGID"
	basic_setup
}

teardown() {
	if [[ -n ${HOST_SUBIDS:-} ]]; then
		assert_equal "$(sha256sum /etc/subuid /etc/subgid)" "$HOST_SUBIDS"
	fi
	basic_teardown
}

# run_minirun_subid [EXPECTED_STATUS] ARG...
#
# run_minirun as uid 65534, with $SUBUID and $SUBGID in place of
# /etc/subuid and /etc/subgid.
run_minirun_subid() {
	local expected=0

	if [[ $1 =~ ^[0-9]+$ ]]; then
		expected=$1
		shift
	fi
	echo "# as uid 65534 with /etc/subuid: $(cat "$SUBUID")"
	MINIRUN="$(fixtures)/with-subid-files.sh" run_minirun "$expected" \
		"$SUBUID" "$SUBGID" setpriv --reuid 65534 --regid 65534 \
		--clear-groups "$ROOTLESS_MINIRUN" "$@"
}

CHOWN_1000='/probe mkdir /dev/shm/d && /probe chown /dev/shm/d 1000 1000 &&
	/probe stat /dev/shm/d'

@test "subuid - range mapped to 1 and up" {
	echo "nobody:100000:65536" >"$SUBUID"
	echo "nobody:200000:65536" >"$SUBGID"
	run_minirun_subid "$ROOTLESS_ROOTFS" /probe cat /proc/self/uid_map
	assert_line --index 0 --regexp '^ +0 +65534 +1$'
	assert_line --index 1 --regexp '^ +1 +100000 +65536$'
	assert_equal "${#lines[@]}" 2
	run_minirun_subid "$ROOTLESS_ROOTFS" /probe cat /proc/self/gid_map
	assert_line --index 0 --regexp '^ +0 +65534 +1$'
	assert_line --index 1 --regexp '^ +1 +200000 +65536$'
	assert_equal "${#lines[@]}" 2
}

@test "subuid - numeric owner" {
	echo "65534:100000:1000" >"$SUBUID"
	echo "65534:100000:1000" >"$SUBGID"
	run_minirun_subid "$ROOTLESS_ROOTFS" /probe cat /proc/self/uid_map
	assert_line --index 1 --regexp '^ +1 +100000 +1000$'
}

@test "subuid - chown to 1000 works" {
	echo "nobody:100000:65536" >"$SUBUID"
	echo "nobody:100000:65536" >"$SUBGID"
	run_minirun_subid "$ROOTLESS_ROOTFS" /bin/sh -c "$CHOWN_1000"
	assert_line --index 0 "ok"
	assert_line --index 1 "ok"
	assert_line --index 2 --regexp ' uid=1000 gid=1000$'
}

@test "subuid - --user 1000 runs" {
	echo "nobody:100000:65536" >"$SUBUID"
	echo "nobody:100000:65536" >"$SUBGID"
	run_minirun_subid -u 1000:1000 "$ROOTLESS_ROOTFS" /probe ids
	assert_output --regexp '^uid=1000 euid=1000 gid=1000 egid=1000 '
}

@test "subuid - no range maps caller only" {
	echo "someone-else:100000:65536" >"$SUBUID"
	echo "someone-else:100000:65536" >"$SUBGID"
	run_minirun_subid "$ROOTLESS_ROOTFS" /probe cat /proc/self/uid_map
	assert_output --regexp '^ +0 +65534 +1$'
	run_minirun_subid "$ROOTLESS_ROOTFS" /probe cat /proc/self/setgroups
	assert_output "deny"
	run_minirun_subid 1 "$ROOTLESS_ROOTFS" /bin/sh -c "$CHOWN_1000"
	assert_line --index 0 "ok"
	assert_line --index 1 "errno=EINVAL"
}

# Both files must grant a range, or neither is used.
@test "subuid - only subuid maps caller only" {
	echo "nobody:100000:65536" >"$SUBUID"
	run_minirun_subid "$ROOTLESS_ROOTFS" /probe cat /proc/self/uid_map
	assert_output --regexp '^ +0 +65534 +1$'
}

# The kernel rejects a range that overlaps the caller's own uid.
@test "subuid - rejected range is one line" {
	echo "nobody:65000:1000" >"$SUBUID"
	echo "nobody:65000:1000" >"$SUBGID"
	run_minirun_subid 125 "$ROOTLESS_ROOTFS" /bin/true
	assert_error_line "newuidmap" "65000"
	assert_output ""
}
