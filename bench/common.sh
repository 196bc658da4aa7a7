# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Shared set-up of the benchmark scripts, sourced by bench/*.sh: checks for
# root and tools, a temporary directory removed on exit, the busybox rootfs
# and the C helpers, built with cc into that directory.

set -euo pipefail

bench_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
repo_dir=$(dirname -- "$bench_dir")
build_dir=${MINIRUN_BUILD:-$repo_dir/build}
minirun=$build_dir/cmd/minirun
minirun_profile=$build_dir/cmd/minirun-profile
prog=$(basename -- "$0")

die() {
	echo "$prog: $*" >&2
	exit 1
}

note() {
	echo "$prog: $*" >&2
}

# Docker's default profile, read in place from ../shared/reference next to
# the repository; empty when that directory is absent.
find_docker_profile() {
	local candidate

	for candidate in "$repo_dir"/../shared/reference/moby-default-*.json; do
		if [[ -f $candidate ]]; then
			echo "$candidate"
			return
		fi
	done
}

require_root() {
	if [[ $(id -u) -ne 0 ]]; then
		die "needs root, because it creates namespaces, mounts and OCI containers: run it with sudo"
	fi
}

require_tools() {
	local tool

	for tool in "$@"; do
		if ! command -v "$tool" >/dev/null; then
			die "'$tool' not found: run 'apt-get install crun runc bubblewrap' (tools/install-deps.sh lists every package)"
		fi
	done
	if [[ ! -x $minirun || ! -x $minirun_profile ]]; then
		die "'$minirun' not found: run 'meson setup build && ninja -C build' first"
	fi
}

# Callbacks run by cleanup before the temporary directory goes.
cleanup_hooks=()

cleanup() {
	local hook

	for hook in "${cleanup_hooks[@]}"; do
		$hook || true
	done
	if [[ -n ${work_dir:-} && -d $work_dir ]]; then
		rm -rf -- "$work_dir"
	fi
}

make_work_dir() {
	work_dir=$(mktemp -d "${TMPDIR:-/tmp}/minirun-bench.XXXXXX")
	trap cleanup EXIT
	trap 'exit 130' INT TERM
	# minirun caches compiled programs under $XDG_CACHE_HOME/minirun (root
	# without it: /var/cache/minirun), so keep that cache in the work dir.
	export XDG_CACHE_HOME=$work_dir/cache
}

make_rootfs() {
	rootfs=$work_dir/rootfs
	"$repo_dir/rootfs-scripts/busybox.sh" "$rootfs" >/dev/null
}

# build_c NAME [CFLAGS...]: compile bench/NAME.c to $work_dir/NAME.
build_c() {
	local name=$1

	shift
	cc -O2 -Wall -Wextra -o "$work_dir/$name" "$bench_dir/$name.c" "$@"
}

# Host facts for the report.
print_machine() {
	echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), Linux $(uname -r)"
}
