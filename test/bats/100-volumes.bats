#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# --volume, --tmpfs and --read-only.  Tests whose mount targets are missing
# use a copy of the rootfs, because minirun creates them in ROOTFS and the
# leak check lists its top-level entries.

load helpers

setup() {
	basic_setup
	HOST_DIR=$BATS_TEST_TMPDIR/host
	mkdir "$HOST_DIR"
	echo "from the host" >"$HOST_DIR/file"
}

teardown() {
	if [[ $HOST_DIR == "$MINIRUN_TEST_ROOT"/volume.* ]]; then
		rm -rf -- "$HOST_DIR"
	fi
	basic_teardown
}

# Print the mount options (field 6 of mountinfo) of the mount at TARGET,
# from "probe cat /proc/self/mountinfo" output held in $output.
mount_options() {
	local target=$1

	awk -v target="$target" '$5 == target { print $6 }' <<<"$output"
}

# Print the superblock options (the last field of mountinfo) of the mount
# at TARGET from $output.
super_options() {
	local target=$1

	awk -v target="$target" '$5 == target { print $NF }' <<<"$output"
}

# Copy ROOTFS to $BATS_TEST_TMPDIR/rootfs, where a test may create paths.
copy_rootfs() {
	ROOTFS_COPY=$BATS_TEST_TMPDIR/rootfs
	cp -a "$ROOTFS" "$ROOTFS_COPY"
}

@test "volume - reads host files" {
	run_minirun -v "$HOST_DIR:/home" "$ROOTFS" /probe cat /home/file
	assert_output "from the host"
}

@test "volume - writes show on the host" {
	run_minirun -v "$HOST_DIR:/home:rw" "$ROOTFS" /bin/sh -c \
		'echo from the container >/home/new && mkdir /home/dir'
	assert_equal "$(cat "$HOST_DIR/new")" "from the container"
	assert [ -d "$HOST_DIR/dir" ]
}

@test "volume - ro gives EROFS" {
	run_minirun 1 -v "$HOST_DIR:/home:ro" "$ROOTFS" /probe open-write \
		/home/file
	assert_output "errno=EROFS"
	run_minirun 1 -v "$HOST_DIR:/home:ro" "$ROOTFS" /probe mkdir /home/dir
	assert_output "errno=EROFS"
	assert [ ! -e "$HOST_DIR/dir" ]
}

@test "volume - ro is a read-only mount" {
	run_minirun -v "$HOST_DIR:/home:ro" "$ROOTFS" /probe statfs /home
	assert_output --regexp ' ro$'
	run_minirun -v "$HOST_DIR:/home" "$ROOTFS" /probe statfs /home
	assert_output --regexp ' rw$'
}

@test "volume - nosuid and nodev" {
	local options

	for mode in rw ro; do
		run_minirun -v "$HOST_DIR:/home:$mode" "$ROOTFS" /probe cat \
			/proc/self/mountinfo
		options=$(mount_options /home)
		assert_regex "$options" "^$mode,"
		assert_regex "$options" '(^|,)nosuid(,|$)'
		assert_regex "$options" '(^|,)nodev(,|$)'
	done
}

@test "volume - missing host path gives 125" {
	local missing=$BATS_TEST_TMPDIR/missing

	run_minirun 125 -v "$missing:/minirun-volume" "$ROOTFS" /bin/true
	assert_error_line "$missing"
	assert [ ! -e "$ROOTFS/minirun-volume" ]
}

@test "volume - missing target created" {
	copy_rootfs
	run_minirun -v "$HOST_DIR:/new/deep/dir" "$ROOTFS_COPY" /probe cat \
		/new/deep/dir/file
	assert_output "from the host"
	assert [ -d "$ROOTFS_COPY/new/deep/dir" ]
	run ls -A "$ROOTFS_COPY/new/deep/dir"
	assert_output ""
}

@test "volume - file volume" {
	copy_rootfs
	run_minirun -v "$HOST_DIR/file:/etc/volume-file:ro" "$ROOTFS_COPY" \
		/probe cat /etc/volume-file
	assert_output "from the host"
	# The target was created as an empty regular file.
	assert [ -f "$ROOTFS_COPY/etc/volume-file" ]
	assert [ ! -s "$ROOTFS_COPY/etc/volume-file" ]
}

@test "volume - file onto a directory gives 125" {
	run_minirun 125 -v "$HOST_DIR/file:/tmp" "$ROOTFS" /bin/true
	assert_error_line "/tmp" "is a directory"
}

@test "volume - directory onto a file gives 125" {
	run_minirun 125 -v "$HOST_DIR:/etc/passwd" "$ROOTFS" /bin/true
	assert_error_line "/etc/passwd" "not a directory"
}

@test "volume - root target gives 125" {
	local target

	for target in / /tmp/.. //.; do
		run_minirun 125 -v "$HOST_DIR:$target" "$ROOTFS" /bin/true
		assert_error_line "--volume '$target'" "root directory"
	done
}

@test "volume - inside a tmpfs target" {
	# The tmpfs comes first, although it is given last, or it would hide
	# the volume.
	run_minirun -v "$HOST_DIR:/home/sub" --tmpfs /home "$ROOTFS" \
		/probe cat /home/sub/file
	assert_output "from the host"
}

@test "volume - several volumes" {
	mkdir "$BATS_TEST_TMPDIR/second"
	echo second >"$BATS_TEST_TMPDIR/second/file"
	run_minirun -v "$HOST_DIR:/home:ro" -v "$BATS_TEST_TMPDIR/second:/run" \
		"$ROOTFS" /bin/sh -c 'cat /home/file /run/file'
	assert_output - <<-END
		from the host
		second
	END
}

@test "volume - rootless run" {
	skip_if_no_userns
	# BATS_TEST_TMPDIR is below a directory that uid 65534 cannot search.
	HOST_DIR=$(mktemp -d "$MINIRUN_TEST_ROOT/volume.XXXXXX")
	echo "from the host" >"$HOST_DIR/file"
	chown -R 65534:65534 "$HOST_DIR"
	chmod 0755 "$HOST_DIR"
	MINIRUN=setpriv run_minirun 1 --reuid 65534 --regid 65534 \
		--clear-groups "$ROOTLESS_MINIRUN" -v "$HOST_DIR:/home:ro" \
		"$ROOTLESS_ROOTFS" /bin/sh -c \
		'cat /home/file; /probe open-write /home/file'
	assert_output - <<-END
		from the host
		errno=EROFS
	END
}

@test "tmpfs - writable tmpfs" {
	run_minirun --tmpfs /home "$ROOTFS" /bin/sh -c \
		'/probe statfs /home && echo x >/home/f && cat /home/f'
	assert_output - <<-END
		fs=tmpfs rw
		x
	END
}

@test "tmpfs - size and mode applied" {
	run_minirun --tmpfs /home:size=1m,mode=700 "$ROOTFS" /probe cat \
		/proc/self/mountinfo
	assert_regex "$(super_options /home)" '(^|,)size=1024k(,|$)'
	assert_regex "$(super_options /home)" '(^|,)mode=700(,|$)'
	run_minirun --tmpfs /home:size=1m,mode=700 "$ROOTFS" /probe stat /home
	assert_output --regexp '^type=dir .* mode=0700 '
}

@test "tmpfs - default mode 1777" {
	run_minirun --tmpfs /home "$ROOTFS" /probe stat /home
	assert_output --regexp '^type=dir .* mode=1777 '
}

@test "tmpfs - size limit enforced" {
	run_minirun --tmpfs /home:size=64k "$ROOTFS" /bin/sh -c \
		'head -c 131072 /dev/zero >/home/big; wc -c </home/big'
	assert_output "65536"
}

@test "tmpfs - nosuid, nodev and noexec" {
	local options

	run_minirun --tmpfs /home "$ROOTFS" /probe cat /proc/self/mountinfo
	options=$(mount_options /home)
	assert_regex "$options" '(^|,)nosuid(,|$)'
	assert_regex "$options" '(^|,)nodev(,|$)'
	assert_regex "$options" '(^|,)noexec(,|$)'
}

@test "tmpfs - programs cannot run by default" {
	run_minirun 126 --tmpfs /home "$ROOTFS" /bin/sh -c \
		'cp /probe /home/probe && exec /home/probe getpid'
	assert_regex "$stderr" 'Permission denied'
}

@test "tmpfs - exec lets programs run" {
	run_minirun --tmpfs /home:exec "$ROOTFS" /bin/sh -c \
		'cp /probe /home/probe && exec /home/probe getpid'
	assert_output "1"
}

@test "tmpfs - ro gives EROFS" {
	run_minirun 1 --tmpfs /home:ro "$ROOTFS" /probe mkdir /home/dir
	assert_output "errno=EROFS"
}

@test "tmpfs - missing target created" {
	copy_rootfs
	run_minirun --tmpfs /new/scratch "$ROOTFS_COPY" /probe statfs \
		/new/scratch
	assert_output "fs=tmpfs rw"
	assert [ -d "$ROOTFS_COPY/new/scratch" ]
}

@test "tmpfs - root target gives 125" {
	run_minirun 125 --tmpfs / "$ROOTFS" /bin/true
	assert_error_line "--tmpfs" "root directory"
}

@test "read-only - writes to / give EROFS" {
	run_minirun 1 --read-only --tmpfs /tmp "$ROOTFS" /probe mkdir \
		/minirun-read-only
	assert_output "errno=EROFS"
	run_minirun 1 --read-only --tmpfs /tmp "$ROOTFS" /probe open-write \
		/etc/passwd
	assert_output "errno=EROFS"
	run_minirun --read-only --tmpfs /tmp "$ROOTFS" /probe statfs /
	assert_output --regexp ' ro$'
}

@test "read-only - tmpfs stays writable" {
	run_minirun --read-only --tmpfs /tmp "$ROOTFS" /bin/sh -c \
		'echo x >/tmp/f && cat /tmp/f'
	assert_output "x"
}

@test "read-only - volumes and /dev keep their mode" {
	run_minirun --read-only -v "$HOST_DIR:/home" "$ROOTFS" /bin/sh -c \
		'echo x >/home/new && echo y >/dev/shm/f && echo ok'
	assert_output "ok"
	assert_equal "$(cat "$HOST_DIR/new")" "x"
}

@test "read-only - missing workdir still created" {
	copy_rootfs
	run_minirun --read-only -w /new/work "$ROOTFS_COPY" /probe cwd
	assert_output "/new/work"
}

@test "read-only - off by default" {
	run_minirun "$ROOTFS" /probe statfs /
	assert_output --regexp ' rw$'
}
