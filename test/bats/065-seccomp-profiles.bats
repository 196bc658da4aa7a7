#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Custom profiles given with --security-opt seccomp=PATH, end to end: the
# fixtures under fixtures/seccomp-profiles/ and the reference profiles of
# Docker and Podman.  Each probe passes arguments that the kernel rejects or
# that change nothing outside the probe, so a probe that a broken filter
# lets through does no harm.  The one exception is a directory in ROOTFS,
# which the teardown removes.  The fixtures use errnos that the kernel does
# not return to these probes run as root (EACCES, EROFS, EBUSY, EUCLEAN), so
# each errno shows which rule answered.

load helpers

# The reference profiles sit beside the checkout and are read in place.
REFERENCE_DIR=$MINIRUN_SOURCE_DIR/../shared/reference

# A path for mkdir inside ROOTFS, which the teardown removes.
MKDIR_PATH=/tmp/minirun-065-mkdir

setup() {
	basic_setup
	# A seccomp kill dumps core, and with core_pattern "core" the file
	# would land in ROOTFS, the command's working directory.
	ulimit -c 0
}

teardown() {
	rmdir "$ROOTFS$MKDIR_PATH" 2>/dev/null || true
	basic_teardown
}

# Run minirun with the fixture profile NAME: run_profile STATUS NAME ARG...
run_profile() {
	local status=$1 name=$2

	shift 2
	run_minirun "$status" --security-opt "seccomp=$(fixtures)/$name" "$@"
}

skip_if_no_reference() {
	if [[ ! -d $REFERENCE_DIR ]]; then
		skip "no reference profiles: $REFERENCE_DIR is missing"
	fi
}

# Set DOCKER_PROFILE to Docker's profile among the reference profiles, or
# skip the test.
find_docker_profile() {
	local profiles

	skip_if_no_reference
	profiles=("$REFERENCE_DIR"/moby-default-*.json)
	if [[ ! -f ${profiles[0]} ]]; then
		skip "no moby-default-*.json in $REFERENCE_DIR"
	fi
	DOCKER_PROFILE=${profiles[0]}
}

@test "deny-mkdir profile - mkdir gets EACCES" {
	run_profile 1 deny-mkdir.json "$ROOTFS" /probe mkdir "$MKDIR_PATH"
	assert_output "errno=EACCES"
	assert [ ! -e "$ROOTFS$MKDIR_PATH" ]
}

@test "deny-mkdir profile - mkdir works without it" {
	run_minirun "$ROOTFS" /probe mkdir "$MKDIR_PATH"
	assert_output "ok"
	assert [ -d "$ROOTFS$MKDIR_PATH" ]
}

# Each fixture has one rule, which hits uname(2) with one action.  Each
# action ends the probe with SIGSYS before it prints, so minirun exits with
# 128 + 31.  SCMP_ACT_KILL kills only the thread, but the probe has one.
@test "kill actions - uname exits 159" {
	local name

	for name in kill-process-uname.json kill-uname.json \
		kill-thread-uname.json trap-uname.json; do
		run_profile 159 "$name" "$ROOTFS" /probe uname
		assert_equal "$name: $output" "$name: "
	done
}

@test "kill actions - other calls unaffected" {
	run_profile 0 kill-process-uname.json "$ROOTFS" /bin/sh -c 'echo ok'
	assert_output "ok"
}

@test "SCMP_ACT_ERRNO default - allow list runs shell" {
	run_profile 0 errno-default.json "$ROOTFS" /bin/sh -c true
	run_profile 0 errno-default.json "$ROOTFS" /probe seccomp-mode
	assert_output "2"
}

# Numbers above every name of the profile get ENOSYS instead, so that the C
# library falls back to an older call.
@test "SCMP_ACT_ERRNO default - defaultErrnoRet for unlisted" {
	run_profile 1 errno-default.json "$ROOTFS" /probe socket unix
	assert_output "errno=EUCLEAN"
	run_profile 1 errno-default.json "$ROOTFS" /probe raw 1000
	assert_output "errno=ENOSYS"
}

# Each row: the errno of the rule that names the syscall, then the probe's
# arguments.  The personality rule has no errnoRet, so it returns EPERM.
@test "SCMP_ACT_ERRNO default - errnoRet per rule" {
	local expected args

	while read -r expected args; do
		[[ -n $expected ]] || continue
		# shellcheck disable=SC2086 # args holds several words
		run_profile 1 errno-default.json "$ROOTFS" /probe $args
		assert_equal "$args: $output" "$args: $expected"
	done <<-END
		errno=EROFS mkdir $MKDIR_PATH
		errno=EBUSY syscall mount
		errno=EPERM personality 0x8
	END
}

# errnoRet 0 makes the filter return 0 from the call without running it,
# so mkdir reports success but creates nothing.
@test "SCMP_ACT_ERRNO rule - errnoRet 0 skips call" {
	run_profile 0 errno-zero.json "$ROOTFS" /probe mkdir "$MKDIR_PATH"
	assert_output "ok"
	assert [ ! -e "$ROOTFS$MKDIR_PATH" ]
}

# Without a tracer attached the kernel fails the call with ENOSYS.
@test "SCMP_ACT_TRACE rule - ENOSYS without tracer" {
	run_profile 1 trace-mkdir.json "$ROOTFS" /probe mkdir "$MKDIR_PATH"
	assert_output "errno=ENOSYS"
	assert [ ! -e "$ROOTFS$MKDIR_PATH" ]
}

@test "SCMP_ACT_LOG rule - call goes through" {
	run_profile 0 errno-default.json "$ROOTFS" /probe uname
	assert_output "minirun"
}

@test "args - SCMP_CMP_NE allows one value" {
	local value

	run_profile 0 args.json "$ROOTFS" /probe personality 0x8
	assert_output "ok"
	for value in 0x0 0x20008 0xffffffff; do
		run_profile 1 args.json "$ROOTFS" /probe personality "$value"
		assert_equal "$value: $output" "$value: errno=EUCLEAN"
	done
}

# The rule denies clone when (flags & (CLONE_NEWUSER | CLONE_NEWUTS)) ==
# CLONE_NEWUSER: "value" is the mask and "valueTwo" the datum.  With the two
# swapped, libseccomp would mask the datum as well and deny every clone with
# CLONE_NEWUSER, including clone(CLONE_NEWUSER | CLONE_NEWUTS).
@test "args - SCMP_CMP_MASKED_EQ uses mask" {
	run_profile 1 args.json "$ROOTFS" /probe clone newuser
	assert_output "errno=EUCLEAN"
	run_profile 0 args.json "$ROOTFS" /probe clone newuser newuts
	assert_output "ok"
	run_profile 0 args.json "$ROOTFS" /probe clone
	assert_output "ok"
}

# The mkdir rule applies only with CAP_SYS_ADMIN.  Without it mkdir reaches
# the kernel, which reports the missing parent.
@test "includes caps - follow --cap-add" {
	run_profile 1 caps.json "$ROOTFS" /probe mkdir /nonexistent/dir
	assert_output "errno=ENOENT"
	run_profile 1 caps.json --cap-add SYS_ADMIN "$ROOTFS" \
		/probe mkdir /nonexistent/dir
	assert_output "errno=EACCES"
	run_profile 1 caps.json --cap-add ALL "$ROOTFS" \
		/probe mkdir /nonexistent/dir
	assert_output "errno=EACCES"
	run_profile 1 caps.json --cap-drop ALL --cap-add SYS_ADMIN "$ROOTFS" \
		/probe mkdir /nonexistent/dir
	assert_output "errno=EACCES"
}

# The personality rule applies unless the command has CAP_CHOWN, which is in
# the default set.
@test "excludes caps - follow --cap-drop" {
	run_profile 0 caps.json "$ROOTFS" /probe personality 0x8
	assert_output "ok"
	run_profile 1 caps.json --cap-drop CHOWN "$ROOTFS" \
		/probe personality 0x8
	assert_output "errno=EUCLEAN"
	run_profile 1 caps.json --cap-drop ALL "$ROOTFS" /probe personality 0x8
	assert_output "errno=EUCLEAN"
}

@test "syscall rule - legacy name key" {
	run_profile 1 legacy-name.json "$ROOTFS" /probe mkdir /nonexistent/dir
	assert_output "errno=EACCES"
}

@test "profile keys - matched ignoring case" {
	run_profile 1 mixed-case-keys.json "$ROOTFS" \
		/probe mkdir /nonexistent/dir
	assert_output "errno=EACCES"
}

# The rule names a syscall that libseccomp does not know, then mkdir, which
# must still be denied.
@test "unknown syscall name - warning, rest applies" {
	local profile

	profile=$(fixtures)/unknown-syscall.json
	run_profile 1 unknown-syscall.json "$ROOTFS" \
		/probe mkdir /nonexistent/dir
	assert_output "errno=EACCES"
	# shellcheck disable=SC2154 # run --separate-stderr sets stderr_lines
	assert_equal "${#stderr_lines[@]}" 1
	if [[ ! ${stderr_lines[0]} =~ ^"minirun: $profile:"[0-9]+:[0-9]+": warning: " ]]; then
		fail "no warning about '$profile': '${stderr_lines[0]}'"
	fi
	if [[ ${stderr_lines[0]} != *"'minirun_no_such_syscall'"* ]]; then
		fail "warning does not name the syscall: '${stderr_lines[0]}'"
	fi
}

@test "empty object profile - no filter" {
	run_profile 0 empty-object.json "$ROOTFS" /probe seccomp-mode
	assert_output "0"
}

@test "reference profiles - run /bin/sh" {
	local profile count=0

	skip_if_no_reference
	for profile in "$REFERENCE_DIR"/*.json; do
		[[ -f $profile ]] || continue
		run_minirun 0 --security-opt "seccomp=$profile" "$ROOTFS" \
			/bin/sh -c true
		run_minirun 0 --security-opt "seccomp=$profile" "$ROOTFS" \
			/probe seccomp-mode
		assert_equal "$profile: $output" "$profile: 2"
		count=$((count + 1))
	done
	if ((count == 0)); then
		skip "no *.json in $REFERENCE_DIR"
	fi
}

# Each row: the expected status and output, then the probe's arguments.
# Only the filtered run is tried, because an unfiltered socket() of an
# unregistered domain makes the kernel try to load a module for it.
@test "Docker profile - denied and allowed calls" {
	local status expected args

	find_docker_profile
	while read -r status expected args; do
		[[ -n $status ]] || continue
		# shellcheck disable=SC2086 # args holds several words
		run_minirun "$status" --security-opt "seccomp=$DOCKER_PROFILE" \
			"$ROOTFS" /probe $args
		assert_equal "$args: $output" "$args: $expected"
	done <<-END
		1 errno=EPERM socket vsock
		1 errno=EPERM socket alg
		0 ok socket unix
		0 ok personality 0x8
		1 errno=EPERM personality 0x10
		1 errno=EPERM syscall mount
		1 errno=ENOSYS clone3
	END
}

# With CAP_SYS_ADMIN the profile allows mount and clone3, so mount reaches
# the kernel, which reports the missing target.
@test "Docker profile - SYS_ADMIN unlocks mount, clone3" {
	find_docker_profile
	run_minirun 1 --cap-add SYS_ADMIN \
		--security-opt "seccomp=$DOCKER_PROFILE" "$ROOTFS" \
		/probe syscall mount
	assert_output "errno=ENOENT"
	run_minirun 0 --cap-add SYS_ADMIN \
		--security-opt "seccomp=$DOCKER_PROFILE" "$ROOTFS" /probe clone3
	assert_output "ok"
}

# Each row: a fixture, then words that the error line must contain besides
# the file name: the JSON path of the bad value and the problem.  Index
# 4294967296 would become 0 if it were cut to 32 bits.  020-errors.bats
# covers syntax errors, unknown actions, an unknown operator and index 6.
@test "invalid profiles - status 125, one line" {
	local name words

	while read -r name words; do
		[[ -n $name ]] || continue
		run_profile 125 "$name" "$ROOTFS" /bin/true
		# shellcheck disable=SC2086 # words holds several words
		assert_error_line "$(fixtures)/$name" $words
		assert_output ""
	done <<-END
		invalid-index-negative.json args[0].index negative
		invalid-index-wraps.json args[0].index 4294967296 above
		invalid-index-string.json args[0].index integer
		invalid-value-string.json args[0].value integer
		invalid-value-fraction.json args[0].value integer
		invalid-value-two-negative.json args[0].valueTwo negative
		invalid-op-lowercase.json args[0].op unknown scmp_cmp_eq
		invalid-op-missing.json args[0].op missing
		invalid-op-number.json args[0].op string
		invalid-args-object.json syscalls[0].args array
		invalid-arg-number.json syscalls[0].args[0] object
		invalid-action-number.json syscalls[0].action string
		invalid-action-missing.json syscalls[0].action missing
		invalid-action-notify.json syscalls[0].action SCMP_ACT_NOTIFY supported
		invalid-listener-path.json listenerPath supported
		invalid-errnoret-string.json syscalls[0].errnoRet integer
		invalid-errnoret-4096.json syscalls[0].errnoRet 4096 4094
		invalid-errnoret-negative.json syscalls[0].errnoRet negative
		invalid-errno-name.json syscalls[0].errno unknown EBOGUS
		invalid-errno-4096.json syscalls[0].errno 4096 4094
		invalid-default-errnoret-4096.json defaultErrnoRet 4096 4094
		invalid-default-errnoret-string.json defaultErrnoRet integer
		invalid-default-action-array.json defaultAction string
		invalid-default-action-missing.json defaultAction missing
		invalid-names-number.json syscalls[0].names[0] string
		invalid-names-missing.json syscalls[0] names
		invalid-name-and-names.json syscalls[0].name both
		invalid-syscalls-object.json syscalls array
		invalid-includes-array.json syscalls[0].includes object
		invalid-caps-string.json syscalls[0].excludes.caps array
		invalid-min-kernel.json includes.minKernel version
		invalid-architectures-string.json architectures array
		invalid-architecture-name.json architectures[0] unknown SCMP_ARCH_BOGUS
		invalid-flag.json flags[0] unknown SECCOMP_FILTER_FLAG_BOGUS
	END
}

# A profile that denies what the launcher needs last must never hang it:
# the command fails to start or is killed, and minirun says why first.
@test "denied execve - fails to start, 126" {
	run_profile 126 deny-execve.json "$ROOTFS" /probe getpid
	assert_output ""
	assert_equal "${#stderr_lines[@]}" 2
	assert_regex "${stderr_lines[0]}" "warning: syscalls\[0\]: the profile denies 'execve', so the command cannot start"
	assert_regex "${stderr_lines[1]}" "^minirun: executing '/probe' failed: Operation not permitted"
}

@test "killed execve - 128+31" {
	run_profile 159 kill-execve.json "$ROOTFS" /probe getpid
	assert_output ""
	assert_regex "${stderr_lines[0]}" "the profile denies 'execve'"
}

# glibc's _exit faults when exit_group and exit both fail.
@test "denied exit_group - killed on exit" {
	run_profile 139 deny-exit.json "$ROOTFS" /probe getpid
	assert_output "1"
	assert_regex "$stderr" "the profile denies 'exit_group'"
}

# Podman's profile denies unnamed calls with ENOSYS and some named ones
# with EPERM.  cachestat is 451 and afs_syscall 183 on x86_64.
@test "Podman profile - ENOSYS and EPERM" {
	local profile

	skip_if_no_reference
	[[ $(uname -m) == x86_64 ]] || skip "syscall numbers are for x86_64"
	profile=$(find "$REFERENCE_DIR" -name 'podman*.json' | head -n 1)
	[[ -n $profile ]] || skip "no Podman profile in $REFERENCE_DIR"

	run_minirun 1 --security-opt "seccomp=$profile" "$ROOTFS" \
		/probe raw 451
	assert_output "errno=EPERM"
	run_minirun 1 --security-opt "seccomp=$profile" "$ROOTFS" \
		/probe raw 183
	assert_output "errno=ENOSYS"
	run_minirun 1 --security-opt "seccomp=$profile" "$ROOTFS" \
		/probe raw 1000
	assert_output "errno=ENOSYS"
}
