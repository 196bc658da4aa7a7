#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# A real C build under the options meant for untrusted builds: minirun
# builds its own source tree inside a Debian rootfs, with the source on a
# read-only volume, the build tree on a tmpfs, no network, resource limits
# and a timeout, under the default seccomp profile.
#
# setup_file builds the rootfs with rootfs-scripts/debian.sh (about 1m15s
# from deb.debian.org on a machine with 2 CPUs), or reuses the one in
# $MINIRUN_DEBIAN_ROOTFS, which the script leaves as it is when an earlier
# run finished it.  The tests skip only when the Debian archive cannot be
# reached.

load helpers

# Seconds that the build inside may take, passed to minirun's --timeout.
# run_minirun's own timeout is a minute longer.
BUILD_TIMEOUT=900

setup_file() {
	local log status=0

	ROOTFS_DEBIAN=$(realpath -m -- \
		"${MINIRUN_DEBIAN_ROOTFS:-$MINIRUN_TEST_ROOT/debian}")
	export ROOTFS_DEBIAN
	log=$BATS_FILE_TMPDIR/debian.log
	"$MINIRUN_SOURCE_DIR/rootfs-scripts/debian.sh" "$ROOTFS_DEBIAN" \
		>"$log" 2>&1 || status=$?
	# The script's last line says how long it took, or that it reused
	# the tree.
	echo "# $(tail -n 1 "$log")" >&3

	# Status 3: the archive cannot be reached.  bats 1.8 cannot skip
	# from setup_file, so each test's setup skips.
	if [[ $status -eq 3 ]]; then
		DEBIAN_SKIP_REASON=$(tail -n 1 "$log")
		export DEBIAN_SKIP_REASON
		return 0
	fi
	if [[ $status -ne 0 ]]; then
		echo "debian.sh failed with status $status:" >&2
		tail -n 40 "$log" >&2
		return 1
	fi
}

setup() {
	if [[ -n ${DEBIAN_SKIP_REASON:-} ]]; then
		skip "$DEBIAN_SKIP_REASON"
	fi
	basic_setup
}

# basic_teardown looks for mounts below $MINIRUN_TEST_ROOT only, and the
# rootfs may be a cache elsewhere.
teardown() {
	local mounts

	# setup skipped before it took the leak snapshot.
	if [[ -n ${DEBIAN_SKIP_REASON:-} ]]; then
		return 0
	fi
	mounts=$(grep -F -- " $ROOTFS_DEBIAN" /proc/self/mountinfo || true)
	if [[ -n $mounts ]]; then
		fail "mounts left behind in $ROOTFS_DEBIAN: $mounts"
	fi
	basic_teardown
}

@test "debian.sh - finished rootfs reused" {
	run -0 "$MINIRUN_SOURCE_DIR/rootfs-scripts/debian.sh" "$ROOTFS_DEBIAN"
	assert_output "debian.sh: '$ROOTFS_DEBIAN' already contains a complete bookworm rootfs, skipping"
}

@test "debian.sh - foreign directory rejected" {
	local dest=$BATS_TEST_TMPDIR/foreign

	mkdir "$dest"
	touch "$dest/file"
	run -1 "$MINIRUN_SOURCE_DIR/rootfs-scripts/debian.sh" "$dest"
	assert_output --partial "is not empty and has no .minirun-rootfs marker"
	assert [ -f "$dest/file" ]
}

# A quick check of the toolchain under the default profile, with plain
# options, so a failure here points away from the volume and limit options.
@test "debian rootfs - compiler runs inside" {
	run_minirun 42 "$ROOTFS_DEBIAN" sh -c '
		dir=$(mktemp -d) &&
		echo "int main(void) { return 42; }" >"$dir/t.c" &&
		cc -o "$dir/t" "$dir/t.c" || exit 1
		"$dir/t"
		status=$?
		rm -rf "$dir"
		exit $status'
}

@test "debian build - minirun builds itself" {
	local cpus start elapsed

	# No more CPUs than the machine has, which Docker would reject.
	cpus=$(nproc)
	if ((cpus > 2)); then
		cpus=2
	fi
	start=$SECONDS
	MINIRUN_TIMEOUT=$((BUILD_TIMEOUT + 60)) run_minirun \
		-v "$MINIRUN_SOURCE_DIR:/src:ro" \
		-v "$(fixtures):/fixtures:ro" \
		--tmpfs /build:size=512m,exec -w /build \
		--network none \
		--memory 2g --pids-limit 512 --cpus "$cpus" \
		--timeout "$BUILD_TIMEOUT" \
		"$ROOTFS_DEBIAN" /fixtures/build-minirun.sh /src /build/b
	elapsed=$((SECONDS - start))
	echo "# the build inside took ${elapsed}s" >&3

	assert_line --regexp '^\[[0-9]+/[0-9]+\] Linking target cmd/minirun$'
	assert_equal "${lines[-1]}" "$("$MINIRUN" --version)"
}

@test "debian build - source volume read-only" {
	run_minirun 1 -v "$MINIRUN_SOURCE_DIR:/src:ro" "$ROOTFS_DEBIAN" \
		sh -c 'touch /src/meson.build'
	assert_equal "${stderr_lines[0]}" \
		"touch: cannot touch '/src/meson.build': Read-only file system"
}
