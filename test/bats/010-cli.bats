#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Command-line parsing: help, version, option forms, and where options stop.

load helpers

# The version that meson.build declares for the project.
project_version() {
	sed -n "s/^[[:space:]]*version: '\([^']*\)',\$/\1/p" \
		"$MINIRUN_SOURCE_DIR/meson.build" | head -n 1
}

@test "--help - lists every option" {
	local option

	run_minirun --help
	assert_output --partial "ROOTFS"
	assert_output --partial "COMMAND"
	for option in --security-opt --cap-add --cap-drop --hostname --env \
		--workdir --user --help --version; do
		assert_output --partial -- "$option"
	done
	assert_equal "$stderr" ""
}

@test "-h - same output as --help" {
	local help

	run_minirun --help
	help=$output
	run_minirun -h
	assert_output "$help"
}

@test "--help - wins over later arguments" {
	run_minirun --help --bogus-option
	assert_output --partial -- "--security-opt"
}

@test "--version - prints the project version" {
	local version

	version=$(project_version)
	assert [ -n "$version" ]
	run_minirun --version
	assert_output --partial "$version"
	assert_equal "${#lines[@]}" 1
}

@test "options - stop at ROOTFS" {
	run_minirun "$ROOTFS" /bin/echo --help -u nobody --version
	assert_output "--help -u nobody --version"
}

@test "options - ls -l reaches ls" {
	run_minirun "$ROOTFS" ls -ld /
	assert_output --regexp '^dr'
}

@test "--hostname - separate and = forms" {
	run_minirun --hostname one "$ROOTFS" /probe uname
	assert_output "one"
	run_minirun --hostname=two "$ROOTFS" /probe uname
	assert_output "two"
}

@test "-e - short and long forms" {
	run_minirun -e A=1 --env B=2 --env=C=3 "$ROOTFS" /probe env
	assert_line "A=1"
	assert_line "B=2"
	assert_line "C=3"
}

@test "-w - short and long forms" {
	run_minirun -w /etc "$ROOTFS" /probe cwd
	assert_output "/etc"
	run_minirun --workdir /tmp "$ROOTFS" /probe cwd
	assert_output "/tmp"
}

@test "-u - short and long forms" {
	run_minirun -u 65534 "$ROOTFS" /probe ids
	assert_output --regexp '^uid=65534 euid=65534 '
	run_minirun --user 1000 "$ROOTFS" /probe ids
	assert_output --regexp '^uid=1000 euid=1000 '
}

@test "--security-opt - repeated options combine" {
	run_minirun --security-opt seccomp=unconfined \
		--security-opt no-new-privileges "$ROOTFS" \
		/bin/sh -c '/probe seccomp-mode; /probe status NoNewPrivs'
	assert_output "0
1"
}

# Each row: the arguments, split on spaces, with ROOTFS replaced by the test
# rootfs, and a string that the one error line must contain.
@test "options - invalid usage exits 125" {
	local args value

	while IFS='|' read -r args value; do
		[[ -n $args ]] || continue
		args=${args//ROOTFS/$ROOTFS}
		# shellcheck disable=SC2086
		run_minirun 125 $args
		assert_error_line "$value"
		assert_output ""
	done <<-END
		--bogus-option ROOTFS /bin/true|--bogus-option
		-Z ROOTFS /bin/true|Z
		ROOTFS|COMMAND
		--hostname|hostname
		--security-opt|security-opt
		--security-opt bogus ROOTFS /bin/true|bogus
		--security-opt seccomp ROOTFS /bin/true|seccomp
		--security-opt no-new-privileges=maybe ROOTFS /bin/true|maybe
		--security-opt no-new-privileges= ROOTFS /bin/true|no-new-privileges=
	END
}

@test "options - no arguments exits 125" {
	run_minirun 125
	assert_error_line
}
