# SPDX-License-Identifier: LGPL-2.1-or-later
# shellcheck shell=bash
#
# Build the test rootfs trees once for the whole suite.  The run needs:
#   MINIRUN             path to the minirun binary
#   MINIRUN_PROFILE     path to the minirun-profile binary
#   PROBE               path to the static probe (build/test/probe)
#   MINIRUN_SOURCE_DIR  the source tree, for rootfs-scripts/ and meson.build

setup_suite() {
	local var

	for var in MINIRUN MINIRUN_PROFILE PROBE MINIRUN_SOURCE_DIR; do
		if [[ -z ${!var:-} ]]; then
			echo "setup_suite: $var is not set; run the suite with" \
				"'meson test -C build --suite integration'" >&2
			return 1
		fi
	done
	if [[ ! -x $MINIRUN ]]; then
		echo "setup_suite: MINIRUN '$MINIRUN' is not an executable" >&2
		return 1
	fi
	if [[ ! -x $PROBE ]]; then
		echo "setup_suite: PROBE '$PROBE' is not an executable" >&2
		return 1
	fi

	# A 0755 directory directly under /tmp, so that uid 65534 can reach
	# the rootless tree; BATS_SUITE_TMPDIR sits below a 0700 directory.
	MINIRUN_TEST_ROOT=$(mktemp -d /tmp/minirun-bats.XXXXXX)
	chmod 0755 "$MINIRUN_TEST_ROOT"
	export MINIRUN_TEST_ROOT

	# Compiled seccomp programs go here, not into /var/cache/minirun.
	XDG_CACHE_HOME=$MINIRUN_TEST_ROOT/cache
	mkdir -m 0700 "$XDG_CACHE_HOME"
	export XDG_CACHE_HOME

	ROOTFS=$MINIRUN_TEST_ROOT/rootfs
	"$MINIRUN_SOURCE_DIR/rootfs-scripts/busybox.sh" "$ROOTFS" >&2
	install -m 0755 "$PROBE" "$ROOTFS/probe"
	install -m 4755 -o root -g root "$PROBE" "$ROOTFS/probe-setuid"
	export ROOTFS

	# Owned by the caller of a rootless run, whom the user namespace maps
	# to root, so files look owned by root inside.
	ROOTLESS_ROOTFS=$MINIRUN_TEST_ROOT/rootless-rootfs
	cp -a "$ROOTFS" "$ROOTLESS_ROOTFS"
	rm -f "$ROOTLESS_ROOTFS/probe-setuid"
	chown -R 65534:65534 "$ROOTLESS_ROOTFS"
	export ROOTLESS_ROOTFS

	# The build tree may not be reachable by uid 65534.
	ROOTLESS_MINIRUN=$MINIRUN_TEST_ROOT/minirun-rootless
	install -m 0755 "$MINIRUN" "$ROOTLESS_MINIRUN"
	export ROOTLESS_MINIRUN
}

teardown_suite() {
	if [[ ${MINIRUN_TEST_ROOT:-} == /tmp/minirun-bats.* ]]; then
		rm -rf -- "$MINIRUN_TEST_ROOT"
	fi
}
