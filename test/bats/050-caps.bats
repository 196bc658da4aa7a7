#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Capability sets of root in the container, with Docker's --cap-add and
# --cap-drop semantics.

load helpers

CAP_CHOWN=0
CAP_KILL=5
CAP_NET_BIND_SERVICE=10
CAP_NET_RAW=13
CAP_SYS_ADMIN=21
CAP_MKNOD=27

# Check CapPrm, CapEff and CapBnd against MASK, and CapInh and CapAmb
# against 0, in the output of "probe caps".  The inheritable set stays empty
# as in Docker since 20.10.14, so that file capabilities cannot add to it.
assert_caps() {
	local mask=$1 set

	for set in CapPrm CapEff CapBnd; do
		assert_equal "$set=$(status_field "$set")" "$set=$mask"
	done
	for set in CapInh CapAmb; do
		assert_equal "$set=$(status_field "$set")" "$set=0000000000000000"
	done
}

# Print the default set without the given capability numbers.
default_without() {
	local mask=$((16#$DEFAULT_CAPS)) bit

	for bit in "$@"; do
		mask=$((mask & ~(1 << bit)))
	done
	printf '%016x\n' "$mask"
}

@test "caps - default is Docker's set" {
	run_minirun "$ROOTFS" /probe caps
	assert_caps "$DEFAULT_CAPS"
}

@test "--cap-drop ALL - empty sets" {
	run_minirun --cap-drop ALL "$ROOTFS" /probe caps
	assert_caps 0000000000000000
}

@test "--cap-drop ALL - plus one added" {
	run_minirun --cap-drop ALL --cap-add NET_BIND_SERVICE "$ROOTFS" \
		/probe caps
	assert_caps "$(caps_mask "$CAP_NET_BIND_SERVICE")"
}

@test "--cap-add - SYS_ADMIN joins default" {
	run_minirun --cap-add SYS_ADMIN "$ROOTFS" /probe caps
	assert_caps "$(printf '%016x' $((16#$DEFAULT_CAPS | 1 << CAP_SYS_ADMIN)))"
}

@test "--cap-add ALL - every capability" {
	run_minirun --cap-add ALL "$ROOTFS" /probe caps
	assert_caps "$(all_caps_mask)"
}

@test "--cap-add ALL - minus one dropped" {
	run_minirun --cap-add ALL --cap-drop MKNOD "$ROOTFS" /probe caps
	assert_caps "$(printf '%016x' \
		$((16#$(all_caps_mask) & ~(1 << CAP_MKNOD))))"
}

@test "--cap-drop - name spellings" {
	local name

	for name in CHOWN chown CAP_CHOWN cap_chown Cap_Chown; do
		run_minirun --cap-drop "$name" "$ROOTFS" /probe caps
		assert_caps "$(default_without "$CAP_CHOWN")"
	done
}

@test "--cap-add - name spellings" {
	local name

	for name in SYS_ADMIN sys_admin CAP_SYS_ADMIN cap_sys_admin; do
		run_minirun --cap-add "$name" "$ROOTFS" /probe caps
		assert_caps "$(printf '%016x' \
			$((16#$DEFAULT_CAPS | 1 << CAP_SYS_ADMIN)))"
	done
}

@test "--cap-add - lowercase all" {
	run_minirun --cap-add all "$ROOTFS" /probe caps
	assert_caps "$(all_caps_mask)"
}

@test "--cap-drop - repeated options" {
	run_minirun --cap-drop CHOWN --cap-drop KILL --cap-drop NET_RAW \
		"$ROOTFS" /probe caps
	assert_caps "$(default_without "$CAP_CHOWN" "$CAP_KILL" "$CAP_NET_RAW")"
}

@test "--cap-drop - added back wins" {
	run_minirun --cap-drop NET_RAW --cap-add NET_RAW "$ROOTFS" /probe caps
	assert_caps "$DEFAULT_CAPS"
}

@test "--cap-drop - chown then fails" {
	run_minirun "$ROOTFS" /bin/sh -c \
		'touch /dev/shm/f && chown 1000 /dev/shm/f && echo ok'
	assert_output "ok"
	run_minirun 1 --cap-drop CHOWN "$ROOTFS" /bin/sh -c \
		'touch /dev/shm/f && chown 1000 /dev/shm/f'
	assert_regex "$stderr" 'Operation not permitted'
}

@test "--cap-drop - NET_RAW blocks packet sockets" {
	run_minirun "$ROOTFS" /probe socket packet
	assert_output "ok"
	run_minirun 1 --cap-drop NET_RAW "$ROOTFS" /probe socket packet
	assert_output "errno=EPERM"
}

@test "caps - non-root user has none effective" {
	run_minirun -u 65534 "$ROOTFS" /probe caps
	assert_equal "$(status_field CapEff)" 0000000000000000
	assert_equal "$(status_field CapPrm)" 0000000000000000
	assert_equal "$(status_field CapAmb)" 0000000000000000
	assert_equal "$(status_field CapBnd)" "$DEFAULT_CAPS"
}

# setpriv takes CAP_SYS_RESOURCE out of minirun's own bounding set, as some
# hosts and CI sandboxes do.
@test "--cap-add - outside own bounding set" {
	skip_if_not_root "setpriv --bounding-set needs CAP_SETPCAP"
	run --separate-stderr setpriv --bounding-set -sys_resource \
		"$MINIRUN" --cap-add SYS_RESOURCE "$ROOTFS" /bin/true
	assert_equal "$status" 125
	assert_error_line "--cap-add" "CAP_SYS_RESOURCE" "bounding set"
	run setpriv --bounding-set -sys_resource \
		"$MINIRUN" --cap-add ALL "$ROOTFS" /probe caps
	assert_success
	assert_equal "$(( 16#$(status_field CapEff) & (1 << 24) ))" 0
}
