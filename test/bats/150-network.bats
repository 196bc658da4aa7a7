#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# --network: by default the command gets a network namespace of its own
# with only lo; --network host leaves it in the caller's.  No test sends
# any traffic.

load helpers

# Print the names of the host's interfaces, sorted, one a line.
host_interfaces() {
	ls -A /sys/class/net | sort
}

@test "--network - default has only lo" {
	run_minirun "$ROOTFS" /probe ls /sys/class/net
	assert_output "lo"
	assert_equal "$stderr" ""
}

@test "--network none - only lo" {
	run_minirun --network none "$ROOTFS" /probe ls /sys/class/net
	assert_output "lo"
}

@test "--network host - host's interfaces" {
	local expected

	expected=$(host_interfaces)
	run_minirun --network host "$ROOTFS" /probe ls /sys/class/net
	assert_equal "$(sort <<<"$output")" "$expected"
	assert_equal "$stderr" ""
	run_minirun --network host "$ROOTFS" /bin/sh -c \
		"tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | sort"
	assert_output "$expected"
}

@test "--network host - host's namespace" {
	run_minirun --network host "$ROOTFS" /probe readlink /proc/self/ns/net
	assert_output "$(readlink /proc/self/ns/net)"
	run_minirun "$ROOTFS" /probe readlink /proc/self/ns/net
	refute_output "$(readlink /proc/self/ns/net)"
}

# minirun brings lo up only in a namespace of its own.  The caller's
# namespace here is a new one from unshare, whose lo starts down, so the
# host's own network is never touched.
@test "--network host - lo left as it was" {
	local flags

	run unshare --net -- "$MINIRUN" --network host "$ROOTFS" \
		/probe cat /sys/class/net/lo/flags
	log_run_result
	assert_success
	flags=$output
	assert_equal "lo flags: $((flags & 1))" "lo flags: 0"
	run unshare --net -- "$MINIRUN" "$ROOTFS" \
		/probe cat /sys/class/net/lo/flags
	log_run_result
	assert_success
	assert_equal "lo flags: $((output & 1))" "lo flags: 1"
}

# Mounting sysfs needs a user namespace that owns the network namespace.
@test "--network host - rootless rejected" {
	skip_if_not_root "switching to uid 65534 needs root"
	MINIRUN=setpriv run_minirun 125 --reuid 65534 --regid 65534 \
		--clear-groups "$ROOTLESS_MINIRUN" --network host \
		"$ROOTLESS_ROOTFS" /bin/true
	assert_error_line "--network host"
	assert_output ""
}
