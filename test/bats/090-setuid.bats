#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Setuid programs and no-new-privileges.  /probe-setuid is the probe with
# mode 4755, owned by root.  As under Docker, a setuid-root program run by
# another user gains root and the bounding set unless no-new-privileges is
# set.  minirun keeps CAP_SYS_ADMIN for itself to load the seccomp filter
# without no_new_privs, and that capability must never reach the command.

load helpers

CAP_SYS_ADMIN=21

# assert_sys_admin SET EXPECTED
#
# Check that the capability set SET (CapEff, say) in the "probe caps"
# output contains CAP_SYS_ADMIN when EXPECTED is 1, or lacks it when 0.
assert_sys_admin() {
	local set=$1 expected=$2 mask

	mask=$(status_field "$set")
	assert_equal "$set has CAP_SYS_ADMIN: $((16#$mask >> CAP_SYS_ADMIN & 1))" \
		"$set has CAP_SYS_ADMIN: $expected"
}

setup() {
	skip_if_not_root "only root can run a command as another user"
	basic_setup
}

@test "setuid - gains euid 0 by default" {
	run_minirun -u 65534 "$ROOTFS" /probe-setuid ids
	assert_output "uid=65534 euid=0 gid=65534 egid=65534 groups="
}

@test "setuid - no-new-privileges keeps euid" {
	run_minirun --security-opt no-new-privileges -u 65534 "$ROOTFS" \
		/probe-setuid ids
	assert_output "uid=65534 euid=65534 gid=65534 egid=65534 groups="
}

@test "setuid - plain probe keeps euid" {
	run_minirun -u 65534 "$ROOTFS" /probe ids
	assert_output "uid=65534 euid=65534 gid=65534 egid=65534 groups="
}

@test "setuid - seccomp mode 2, nnp on or off" {
	run_minirun -u 65534 "$ROOTFS" /probe-setuid seccomp-mode
	assert_output "2"
	run_minirun --security-opt no-new-privileges -u 65534 "$ROOTFS" \
		/probe-setuid seccomp-mode
	assert_output "2"
}

@test "setuid - default profile still blocks" {
	run_minirun 1 -u 65534 "$ROOTFS" /probe-setuid syscall unshare
	assert_output "errno=EPERM"
}

@test "setuid - gains only the bounding set" {
	run_minirun -u 65534 "$ROOTFS" /probe-setuid caps
	assert_equal "CapEff=$(status_field CapEff)" "CapEff=$DEFAULT_CAPS"
	assert_equal "CapPrm=$(status_field CapPrm)" "CapPrm=$DEFAULT_CAPS"
	assert_equal "CapBnd=$(status_field CapBnd)" "CapBnd=$DEFAULT_CAPS"
	assert_sys_admin CapEff 0
	assert_sys_admin CapPrm 0
}

@test "setuid - nothing with no-new-privileges" {
	run_minirun --security-opt no-new-privileges -u 65534 "$ROOTFS" \
		/probe-setuid caps
	assert_equal "CapEff=$(status_field CapEff)" "CapEff=0000000000000000"
	assert_equal "CapPrm=$(status_field CapPrm)" "CapPrm=0000000000000000"
}

@test "setuid - bounding set after --cap-drop" {
	run_minirun --cap-drop ALL --cap-add CHOWN -u 65534 "$ROOTFS" \
		/probe-setuid caps
	assert_equal "CapEff=$(status_field CapEff)" "CapEff=$(caps_mask 0)"
	assert_equal "CapPrm=$(status_field CapPrm)" "CapPrm=$(caps_mask 0)"
}

@test "--user - empty sets, nnp on or off" {
	local option

	for option in no-new-privileges=false no-new-privileges=true; do
		run_minirun --security-opt "$option" -u 65534 "$ROOTFS" \
			/probe caps
		assert_equal "$option: CapEff=$(status_field CapEff)" \
			"$option: CapEff=0000000000000000"
		assert_equal "$option: CapPrm=$(status_field CapPrm)" \
			"$option: CapPrm=0000000000000000"
		assert_equal "$option: CapAmb=$(status_field CapAmb)" \
			"$option: CapAmb=0000000000000000"
	done
}

# --cap-add SYS_ADMIN shows that the check below sees the bit when it is
# there.
@test "root - no CAP_SYS_ADMIN by default" {
	local set

	run_minirun --cap-add SYS_ADMIN "$ROOTFS" /probe caps
	assert_sys_admin CapEff 1
	run_minirun "$ROOTFS" /probe caps
	for set in CapEff CapPrm CapBnd CapInh CapAmb; do
		assert_sys_admin "$set" 0
	done
}

@test "root - no CAP_SYS_ADMIN in a shell child" {
	local set

	run_minirun "$ROOTFS" /bin/sh -c '/probe caps; :'
	for set in CapEff CapPrm CapBnd CapInh CapAmb; do
		assert_sys_admin "$set" 0
	done
}

# Each row: the --security-opt value, or - for none, and the NoNewPrivs
# value that the command sees.
@test "no-new-privileges - NoNewPrivs field" {
	local option expected

	while read -r option expected; do
		[[ -n $option ]] || continue
		if [[ $option == - ]]; then
			run_minirun "$ROOTFS" /probe status NoNewPrivs
		else
			run_minirun --security-opt "$option" "$ROOTFS" \
				/probe status NoNewPrivs
		fi
		assert_equal "$option: $output" "$option: $expected"
	done <<-END
		- 0
		no-new-privileges 1
		no-new-privileges=true 1
		no-new-privileges=false 0
	END
}

@test "no-new-privileges - also when unconfined" {
	run_minirun --security-opt no-new-privileges \
		--security-opt seccomp=unconfined -u 65534 "$ROOTFS" \
		/probe-setuid ids
	assert_output "uid=65534 euid=65534 gid=65534 egid=65534 groups="
	run_minirun --security-opt seccomp=unconfined -u 65534 "$ROOTFS" \
		/probe-setuid ids
	assert_output "uid=65534 euid=0 gid=65534 egid=65534 groups="
}
