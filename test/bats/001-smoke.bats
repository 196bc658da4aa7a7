#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# A fast subset: if these fail, the rest of the suite will too.

load helpers

@test "run - true exits 0" {
	run_minirun "$ROOTFS" /bin/true
	assert_output ""
}

@test "run - echo prints its arguments" {
	run_minirun "$ROOTFS" /bin/echo hello world
	assert_output "hello world"
}

@test "run - false exits 1" {
	run_minirun 1 "$ROOTFS" /bin/false
}

@test "run - probe is pid 1" {
	run_minirun "$ROOTFS" /probe getpid
	assert_output "1"
}

@test "run - default seccomp filter loaded" {
	run_minirun "$ROOTFS" /probe seccomp-mode
	assert_output "2"
}

@test "run - shell pipeline works" {
	run_minirun "$ROOTFS" /bin/sh -c 'echo abc | tr a-c A-C'
	assert_output "ABC"
}
