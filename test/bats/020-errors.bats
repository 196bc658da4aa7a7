#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Every bad input: status 125 and one "minirun:" line that names the value
# before the command starts, 126 or 127 when the command cannot run, and
# nothing left behind (the teardown checks mounts, processes and files).

load helpers

@test "ROOTFS - missing directory" {
	local missing=$BATS_TEST_TMPDIR/no-such-rootfs

	run_minirun 125 "$missing" /bin/true
	assert_error_line "$missing"
	assert_output ""
}

@test "ROOTFS - regular file" {
	local file=$BATS_TEST_TMPDIR/rootfs-file

	touch "$file"
	run_minirun 125 "$file" /bin/true
	assert_error_line "$file"
}

@test "ROOTFS - empty string" {
	run_minirun 125 "" /bin/true
	assert_error_line
}

@test "--security-opt seccomp - missing profile" {
	local missing=$BATS_TEST_TMPDIR/no-such-profile.json

	run_minirun 125 --security-opt "seccomp=$missing" "$ROOTFS" /bin/true
	assert_error_line "$missing"
}

@test "--security-opt seccomp - profile is a directory" {
	run_minirun 125 --security-opt "seccomp=$BATS_TEST_TMPDIR" \
		"$ROOTFS" /bin/true
	assert_error_line "$BATS_TEST_TMPDIR"
}

# Each row: a fixture profile and a word that the error line must contain
# besides the file name.
@test "--security-opt seccomp - invalid profiles" {
	local name word profile

	while read -r name word; do
		[[ -n $name ]] || continue
		profile=$(fixtures)/$name
		run_minirun 125 --security-opt "seccomp=$profile" \
			"$ROOTFS" /bin/true
		assert_error_line "$name" "$word"
		assert_output ""
	done <<-END
		syntax-error.json :
		empty.json :
		top-level-array.json object
		unknown-default-action.json SCMP_ACT_BOGUS
		unknown-rule-action.json SCMP_ACT_FROBNICATE
		names-not-array.json names
		unknown-operator.json SCMP_CMP_SOMETIMES
		arg-index-out-of-range.json index
	END
}

@test "--cap-add - unknown capability" {
	run_minirun 125 --cap-add CAP_BOGUS "$ROOTFS" /bin/true
	assert_error_line "BOGUS"
}

@test "--cap-drop - unknown capability" {
	run_minirun 125 --cap-drop NOT_A_CAP "$ROOTFS" /bin/true
	assert_error_line "NOT_A_CAP"
}

@test "--user - unknown user name" {
	run_minirun 125 --user no-such-user "$ROOTFS" /bin/true
	assert_error_line "no-such-user"
}

@test "--user - unknown group name" {
	run_minirun 125 --user user:no-such-group "$ROOTFS" /bin/true
	assert_error_line "no-such-group"
}

@test "--env - missing = sign" {
	run_minirun 125 --env "=value" "$ROOTFS" /bin/true
	assert_error_line "=value"
}

@test "command - not executable exits 126" {
	run_minirun 126 "$ROOTFS" /etc/passwd
	assert_error_line "/etc/passwd"
	assert_output ""
}

@test "command - directory exits 126" {
	run_minirun 126 "$ROOTFS" /etc
	assert_error_line "/etc"
}

@test "command - missing path exits 127" {
	run_minirun 127 "$ROOTFS" /no/such/command
	assert_error_line "/no/such/command"
	assert_output ""
}

@test "command - missing from PATH exits 127" {
	run_minirun 127 "$ROOTFS" no-such-command
	assert_error_line "no-such-command"
}

@test "command - failures leave ROOTFS unchanged" {
	local before

	before=$(cd "$ROOTFS" && find . -printf '%p %m %U %s\n' | sort)
	run_minirun 127 "$ROOTFS" /no/such/command
	run_minirun 125 --cap-add CAP_BOGUS "$ROOTFS" /bin/true
	run_minirun "$ROOTFS" /bin/true
	assert_equal "$(cd "$ROOTFS" && find . -printf '%p %m %U %s\n' | sort)" \
		"$before"
}

# A minimal rootfs: the static probe and an /etc of the test's choice.
make_small_rootfs() {
	local dir=$BATS_TEST_TMPDIR/small

	mkdir -p "$dir/etc"
	install -m 0755 "$PROBE" "$dir/probe"
	echo "$dir"
}

# setresuid(-1) leaves the uid unchanged, so this entry would run as root.
@test "--user - passwd uid 4294967295 rejected" {
	local rootfs

	rootfs=$(make_small_rootfs)
	echo 'max:x:4294967295:4294967295::/:/bin/sh' >"$rootfs/etc/passwd"
	run_minirun 125 -u max "$rootfs" /probe ids
	assert_error_line "'max'" "4294967295"
	assert_output ""
}

# glibc hands NIS compat lines ("+", "-name") over with NULL fields.
@test "passwd - NIS compat lines skipped" {
	local rootfs

	rootfs=$(make_small_rootfs)
	printf '+\n-nobody\nroot:x:0:0:root:/root:/bin/sh\n' >"$rootfs/etc/passwd"
	run_minirun "$rootfs" /probe ids
	assert_output "uid=0 euid=0 gid=0 egid=0 groups="
	run_minirun 125 -u +nis "$rootfs" /probe ids
	assert_error_line "'+nis'" "not found"
}

# As in Docker, numeric ids and root need no /etc/passwd.
@test "rootfs - no /etc/passwd, numeric ids" {
	local rootfs

	rootfs=$(make_small_rootfs)
	rmdir "$rootfs/etc"
	run_minirun "$rootfs" /probe ids
	assert_output "uid=0 euid=0 gid=0 egid=0 groups="
	run_minirun -u 1000:1000 "$rootfs" /probe ids
	assert_output "uid=1000 euid=1000 gid=1000 egid=1000 groups="
	run_minirun 125 -u someone "$rootfs" /probe ids
	assert_error_line "'someone'" "/etc/passwd"
}

# Values may hold newlines; the error stays one line.
@test "errors - control characters escaped" {
	run_minirun 125 --hostname "$(printf 'a\nb')" "$ROOTFS" /bin/true
	assert_error_line "'a\\nb'"
	run_minirun 125 -u "$(printf 'x\ty')" "$ROOTFS" /bin/true
	assert_error_line "'x\\x09y'"
}

@test "--security-opt seccomp - /proc file rejected" {
	run_minirun 125 --security-opt seccomp=/proc/self/status "$ROOTFS" \
		/bin/true
	assert_error_line "/proc/self/status" "not a profile"
}
