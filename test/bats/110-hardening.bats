#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Hostile rootfs trees: symlinks to /, above the rootfs or to host paths in
# place of /proc, /dev, /sys, volume and tmpfs targets and the workdir.
# Each run must fail with 125 or stay inside the rootfs, and the host paths
# that the symlinks name must stay as they were.  Each test builds its tree
# as a copy of ROOTFS in BATS_TEST_TMPDIR.

load helpers

setup() {
	basic_setup
	HOSTILE=$BATS_TEST_TMPDIR/rootfs
	cp -a "$ROOTFS" "$HOSTILE"
	# A host directory that symlinks in the hostile tree point at.
	VICTIM=$BATS_TEST_TMPDIR/victim
	mkdir "$VICTIM"
	echo untouched >"$VICTIM/marker"
	SOURCE=$BATS_TEST_TMPDIR/source
	mkdir "$SOURCE"
	echo volume >"$SOURCE/file"
}

# Fail unless VICTIM holds only its marker and nothing is mounted on it.
assert_victim_unchanged() {
	run ls -A "$VICTIM"
	assert_output "marker"
	assert_equal "$(cat "$VICTIM/marker")" "untouched"
	run grep -F -- " $VICTIM " /proc/self/mountinfo
	assert_failure
}

# Replace PATH in the hostile tree with a symlink to TARGET.
hostile_link() {
	local path=$1 target=$2

	rm -rf -- "${HOSTILE:?}$path"
	ln -s "$target" "$HOSTILE$path"
}

@test "/proc - symlink to / rejected" {
	hostile_link /proc /
	run_minirun 125 "$HOSTILE" /bin/true
	assert_error_line "/proc" "symlink"
}

@test "/dev - symlink to /etc rejected" {
	hostile_link /dev /etc
	run_minirun 125 "$HOSTILE" /bin/true
	assert_error_line "/dev" "symlink"
	assert [ ! -e /etc/null ]
	assert [ ! -e "$HOSTILE/etc/null" ]
}

@test "/sys - symlink to host path rejected" {
	hostile_link /sys "$VICTIM"
	run_minirun 125 "$HOSTILE" /bin/true
	assert_error_line "/sys" "symlink"
	assert_victim_unchanged
}

@test "/proc - symlink above the rootfs rejected" {
	hostile_link /proc ../../../../../..
	run_minirun 125 "$HOSTILE" /bin/true
	assert_error_line "/proc" "symlink"
}

@test "volume - target through ../ stays inside" {
	local target=/../../../../..$VICTIM/escape

	run_minirun -v "$SOURCE:$target" "$HOSTILE" /probe cat \
		"$VICTIM/escape/file"
	assert_output "volume"
	assert [ -d "$HOSTILE$VICTIM/escape" ]
	assert_victim_unchanged
}

@test "volume - relative symlink above root" {
	hostile_link /up ../../../../../../..
	run_minirun -v "$SOURCE:/up$VICTIM/escape" "$HOSTILE" /probe cat \
		"$VICTIM/escape/file"
	assert_output "volume"
	assert [ -d "$HOSTILE$VICTIM/escape" ]
	assert_victim_unchanged
}

@test "volume - symlink to a host path rejected" {
	hostile_link /data "$VICTIM"
	run_minirun 125 -v "$SOURCE:/data" "$HOSTILE" /bin/true
	assert_error_line "/data" "symlink"
	assert_victim_unchanged
	run_minirun 125 -v "$SOURCE:/data/sub" "$HOSTILE" /bin/true
	assert_error_line "/data" "symlink"
	assert_victim_unchanged
}

@test "volume - host symlink resolved in rootfs" {
	# The same path inside the rootfs exists, so the link leads there.
	hostile_link /data "$VICTIM"
	mkdir -p "$HOSTILE$VICTIM"
	run_minirun -v "$SOURCE:/data" "$HOSTILE" /probe cat "$VICTIM/file"
	assert_output "volume"
	assert_victim_unchanged
}

@test "volume - file target symlink to host file" {
	hostile_link /etc/target "$VICTIM/marker"
	run_minirun 125 -v "$SOURCE/file:/etc/target" "$HOSTILE" /bin/true
	assert_error_line "/etc/target" "symlink"
	assert_victim_unchanged
}

@test "tmpfs - symlink to a host path rejected" {
	hostile_link /scratch "$VICTIM"
	run_minirun 125 --tmpfs /scratch "$HOSTILE" /bin/true
	assert_error_line "/scratch" "symlink"
	assert_victim_unchanged
}

@test "tmpfs - symlink to / rejected" {
	hostile_link /scratch /
	run_minirun 125 --tmpfs /scratch "$HOSTILE" /bin/true
	assert_error_line "/scratch" "root directory"
}

@test "workdir - /proc/self/fd link rejected" {
	run_minirun 125 -w /proc/self/fd/7 "$HOSTILE" /probe mkdir \
		minirun-escape 7<"$VICTIM"
	assert_error_line "/proc/self/fd/7"
	assert_victim_unchanged
}

@test "workdir - symlink to a host path rejected" {
	hostile_link /work "$VICTIM"
	run_minirun 125 -w /work "$HOSTILE" /probe mkdir minirun-escape
	assert_error_line "/work" "symlink"
	assert_victim_unchanged
}

@test "workdir - relative symlink above root" {
	hostile_link /up ../../../../../../..
	run_minirun -w "/up$VICTIM" "$HOSTILE" /bin/sh -c \
		'/probe cwd && /probe mkdir minirun-escape'
	assert_line --index 0 "$VICTIM"
	assert [ -d "$HOSTILE$VICTIM/minirun-escape" ]
	assert_victim_unchanged
}

@test "rootfs - missing or not a directory" {
	run_minirun 125 "$BATS_TEST_TMPDIR/missing" /bin/true
	assert_error_line "$BATS_TEST_TMPDIR/missing" "no such file"
	run_minirun 125 "$VICTIM/marker" /bin/true
	assert_error_line "$VICTIM/marker" "not a directory"
}

@test "rootfs - unreadable by the caller" {
	skip_if_no_userns
	local unreadable

	# Under MINIRUN_TEST_ROOT, which uid 65534 can search; 0700 and owned
	# by root, so uid 65534 cannot enter it.
	unreadable=$(mktemp -d "$MINIRUN_TEST_ROOT/unreadable.XXXXXX")
	MINIRUN=setpriv run_minirun 125 --reuid 65534 --regid 65534 \
		--clear-groups "$ROOTLESS_MINIRUN" "$unreadable" /bin/true
	rmdir "$unreadable"
	assert_error_line "$unreadable" "permission denied"
}

# run_in_mount FLAGS COMMAND...
#
# Copy ROOTFS onto a tmpfs mounted with FLAGS in a private mount namespace,
# so nothing is mounted on the host, and run minirun on that copy.
run_in_mount() {
	local flags=$1 dir=$BATS_TEST_TMPDIR/mounted

	shift
	mkdir "$dir"
	echo "# in a tmpfs mounted $flags: minirun $dir $*"
	run --separate-stderr unshare --mount --propagation private sh -c \
		'mount -t tmpfs -o "$1" tmpfs "$2" && cp -a "$3/." "$2" &&
		shift 3 && exec "$@"' \
		sh "$flags" "$dir" "$ROOTFS" "$MINIRUN" "$dir" "$@"
	log_run_result
}

@test "rootfs - noexec file system rejected" {
	skip_if_not_root "mounting a tmpfs needs root"
	run_in_mount noexec /probe getpid
	assert_equal "$status" 125
	assert_error_line "$BATS_TEST_TMPDIR/mounted" "noexec"
}

@test "rootfs - nosuid file system warns" {
	skip_if_not_root "mounting a tmpfs needs root"
	run_in_mount nosuid /probe getpid
	assert_success
	assert_output "1"
	assert_error_line "warning" "$BATS_TEST_TMPDIR/mounted" "nosuid" \
		"setuid"
}

# A mount over /proc, /sys or /dev/pts would undo the masked and read-only
# paths, so such targets are refused, however they are reached.
@test "volume - kernel file system targets rejected" {
	local target

	mkdir "$BATS_TEST_TMPDIR/src"
	for target in /proc /proc/sys /proc/irq /sys /sys/kernel \
		/dev/pts /dev/mqueue; do
		run_minirun 125 -v "$BATS_TEST_TMPDIR/src:$target" "$ROOTFS" \
			/bin/true
		assert_error_line "$target" "/proc, /sys"
		run_minirun 125 --tmpfs "$target" "$ROOTFS" /bin/true
		assert_error_line "$target" "/proc, /sys"
	done
}
