#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# minirun-profile: check, dump and bpf.  These need no container, except
# the bwrap test, which runs the written program under bubblewrap.

load helpers

# run_profile_tool EXPECTED_STATUS ARG...
run_profile_tool() {
	local expected=$1

	shift
	echo "# $(date +%T) \$ minirun-profile $*"
	run --separate-stderr timeout 30 "$MINIRUN_PROFILE" "$@"
	log_run_result
	if [[ $status -ne $expected ]]; then
		fail "minirun-profile exited with status $status, expected $expected"
	fi
}

# Fail unless some line of $output matches the extended regex.
assert_line_matching() {
	local pattern=$1 line

	for line in "${lines[@]}"; do
		if [[ $line =~ $pattern ]]; then
			return 0
		fi
	done
	fail "no line matches '$pattern' in: $output"
}

@test "check - default profile usable" {
	run_profile_tool 0 check default
	refute_output --partial ": error: "
}

@test "check - error located, exit 1" {
	local profile

	profile=$(fixtures)/bad-operator.json
	run_profile_tool 1 check "$profile"
	assert_output "$profile:7:44: error: syscalls[0].args[0].op: unknown operator 'SCMP_CMP_EQUAL'"
}

@test "check - every warning located" {
	local profile line

	profile=$(fixtures)/warnings.json
	run_profile_tool 0 check "$profile"
	for line in "${lines[@]}"; do
		[[ $line =~ ^"$profile":[0-9]+:[0-9]+": warning: "[a-zA-Z] ]] ||
			fail "not a located warning: '$line'"
	done
	assert_line "$profile:3:21: warning: defaultErrnoRet: 'SCMP_ACT_ALLOW' takes no errno, ignoring"
	assert_line_matching "syscalls\[0\]\.names\[0\]: syscall 'no_such_syscall' is unknown to libseccomp [0-9.]+, skipping$"
	assert_line "$profile:6:3: warning: syscalls[1]: the action is the default action, so the rule changes nothing, skipping"
	assert_line_matching "syscalls\[2\]: several conditions on one argument"
	assert_line_matching "syscalls\[3\]: the profile denies 'exit_group', so processes cannot exit"
	assert_line_matching "syscalls\[4\]: the rule does not apply here, because includes.arches does not name this architecture$"
}

@test "check - capabilities decide includes" {
	run_profile_tool 0 check default
	assert_line_matching "syscalls\[14\]: the rule does not apply here, because includes.caps names 'CAP_SYS_ADMIN'"
	run_profile_tool 0 check default --cap-add SYS_ADMIN
	refute_output --partial "syscalls[14]:"
}

@test "check - empty object warns" {
	local profile=$BATS_TEST_TMPDIR/empty.json

	echo '{}' >"$profile"
	run_profile_tool 0 check "$profile"
	assert_output "$profile:1:1: warning: no 'defaultAction' and no 'syscalls', so no seccomp filter is installed"
}

@test "check - missing file exit 1" {
	run_profile_tool 1 check "$BATS_TEST_TMPDIR/none.json"
	assert_output --partial "cannot open seccomp profile '$BATS_TEST_TMPDIR/none.json'"
}

@test "dump - header then sorted rules" {
	run_profile_tool 0 dump default
	assert_equal "${lines[0]}" "default SCMP_ACT_ERRNO(1)"
	assert_line "personality SCMP_ACT_ALLOW arg0 == 0x8"
	assert_line "clone SCMP_ACT_ALLOW arg0 & 0x7e020000 == 0"
	assert_line "clone3 SCMP_ACT_ERRNO(38)"
	refute_line "mount SCMP_ACT_ALLOW"
	printf '%s\n' "${lines[@]}" | grep -v -e '^default ' -e '^arch ' \
		-e '^flags ' | LC_ALL=C sort -c -u
}

@test "dump - capabilities change rules" {
	run_profile_tool 0 dump default --cap-add SYS_ADMIN
	assert_line "mount SCMP_ACT_ALLOW"
	assert_line "clone3 SCMP_ACT_ALLOW"
	refute_line "clone3 SCMP_ACT_ERRNO(38)"
}

# The two fixtures say the same in another order, spelling and layout.
@test "dump - equal profiles compare equal" {
	local a b

	a=$("$MINIRUN_PROFILE" dump "$(fixtures)/order-a.json")
	b=$("$MINIRUN_PROFILE" dump "$(fixtures)/order-b.json")
	assert_equal "$b" "$a"
	run_profile_tool 0 dump "$(fixtures)/warnings.json"
	refute_output "$a"
}

@test "bpf - whole sock_filter records" {
	local file=$BATS_TEST_TMPDIR/filter.bpf size

	"$MINIRUN_PROFILE" bpf default >"$file"
	size=$(stat -c %s "$file")
	((size > 0 && size % 8 == 0)) || fail "size $size is not a multiple of 8"
}

@test "bpf - filter works under bwrap" {
	local file=$BATS_TEST_TMPDIR/filter.bpf bwrap

	bwrap=(bwrap --ro-bind "$ROOTFS" / --proc /proc --dev /dev)
	command -v bwrap >/dev/null || skip "bubblewrap is not installed"
	"$MINIRUN_PROFILE" bpf default >"$file"

	run "${bwrap[@]}" /probe personality 0x1
	assert_output "ok"
	run "${bwrap[@]}" --seccomp 9 /probe personality 0x1 9<"$file"
	assert_output "errno=EPERM"
	run "${bwrap[@]}" --seccomp 9 /probe raw 1000 9<"$file"
	assert_output "errno=ENOSYS"
	run "${bwrap[@]}" --seccomp 9 /probe seccomp-mode 9<"$file"
	assert_output "2"
}

@test "bpf - no filter for empty object" {
	echo '{}' >"$BATS_TEST_TMPDIR/empty.json"
	run_profile_tool 1 bpf "$BATS_TEST_TMPDIR/empty.json"
	assert_equal "$output" ""
	assert_equal "${stderr_lines[1]}" "minirun-profile: the profile installs no filter, so there is no program to write"
}

@test "usage - errors exit 2" {
	run_profile_tool 2 check
	assert_regex "${stderr_lines[0]}" "^minirun-profile: expected a command and a profile"
	run_profile_tool 2 frobnicate default
	assert_regex "${stderr_lines[0]}" "^minirun-profile: unknown command 'frobnicate'"
	run_profile_tool 2 check default extra
	assert_regex "${stderr_lines[0]}" "^minirun-profile: unexpected argument 'extra'"
	run_profile_tool 2 check default --cap-add
	assert_regex "${stderr_lines[0]}" "^minirun-profile: option '--cap-add' requires a value"
	run_profile_tool 2 check --bogus default
	assert_regex "${stderr_lines[0]}" "^minirun-profile: unknown option '--bogus'"
	run_profile_tool 2 check default --cap-add NOPE
	assert_regex "${stderr_lines[0]}" "^minirun-profile: --cap-add: unknown capability 'NOPE'"
}
