#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Measure the start-to-exit time of /bin/true in a busybox rootfs under
# minirun, crun, runc, bubblewrap, unshare+chroot and a bare launcher.
#
#   bench/startup.sh [ROUNDS]       (default 200; needs root)
#
# bench/timer (C) runs the commands round-robin, ROUNDS times each, and
# times each run from fork to the end of waitpid.  bench/stats.py then
# prints the median, the 10th-90th percentile spread and the ratio to
# minirun with its default profile.  Set BENCH_RAW_DIR to keep the raw
# samples there.
#
# Rows:
#   minirun-default     minirun with the built-in default profile
#   minirun-unconfined  --security-opt seccomp=unconfined
#   minirun-docker      --security-opt seccomp=<Docker's default profile>,
#                       which minirun compiles once and then reads from its
#                       cache of compiled programs (in the temporary
#                       directory, through XDG_CACHE_HOME)
#   minirun-docker-nocache  the same with --no-seccomp-cache, so every run
#                       compiles the profile (when minirun has the option)
#   crun-*, runc-*      an OCI bundle from `runc spec`, with Docker's profile
#                       converted by bench/oci-bundle.py (-docker) or with no
#                       seccomp (-none), both with Docker's default
#                       capabilities; state lives in the temporary directory
#   bwrap               bwrap --ro-bind ROOTFS / --proc /proc --dev /dev
#                       --unshare-all /bin/true (no seccomp)
#   unshare-chroot      unshare --mount --uts --ipc --net --pid --fork
#                       chroot ROOTFS /bin/true
#   floor               bench/floor.c: clone into five namespaces,
#                       pivot_root, execve; nothing else
#
# crun 1.8 rejects a host that mounts a cgroup v2 hierarchy at
# /sys/fs/cgroup/unified beside v1 controllers ("cgroups in hybrid mode not
# supported").  On such a host the crun rows run inside a private mount
# namespace that unmounts that hierarchy first, so the host is unchanged:
#   unshare --mount --propagation private sh -c \
#       'umount /sys/fs/cgroup/unified && exec "$@"' sh crun run ...
# The row crun-wrapper times the same wrapper around /bin/true, and the
# table also shows the crun rows minus that cost (an estimate).
#
# Docker's profile is read from ../shared/reference next to the repository;
# when it is missing, the rows that need it are skipped.

source "$(dirname -- "${BASH_SOURCE[0]}")/common.sh"

rounds=${1:-200}
[[ $rounds =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive integer, not '$rounds'"

require_root
require_tools cc python3 crun runc bwrap unshare chroot mountpoint
make_work_dir
make_rootfs
build_c timer
build_c floor
docker_profile=$(find_docker_profile)
if [[ -z $docker_profile ]]; then
	note "Docker's profile not found in ../shared/reference: skipping the rows that use it"
fi

runc_state=$work_dir/runc-state
crun_state=$work_dir/crun-state
container_ids=()

delete_containers() {
	local id

	for id in "${container_ids[@]}"; do
		runc --root "$runc_state" delete -f "$id" >/dev/null 2>&1 || true
		crun --root "$crun_state" delete -f "$id" >/dev/null 2>&1 || true
	done
}
cleanup_hooks+=(delete_containers)

# make_bundle NAME [--seccomp PROFILE]: an OCI bundle at $work_dir/NAME.
make_bundle() {
	local bundle=$work_dir/$1

	shift
	mkdir -p "$bundle"
	(cd "$bundle" && runc spec)
	python3 "$bench_dir/oci-bundle.py" "$bundle/config.json" "$rootfs" "$@"
}

crun_wrapper=()
if mountpoint -q /sys/fs/cgroup/unified &&
	[[ $(stat -f -c %T /sys/fs/cgroup) != cgroup2fs ]]; then
	note "cgroup v2 at /sys/fs/cgroup/unified beside v1: running crun in a private mount namespace without it"
	crun_wrapper=(unshare --mount --propagation private sh -c
		'umount /sys/fs/cgroup/unified && exec "$@"' sh)
fi

commands=(
	minirun-default "$minirun" "$rootfs" /bin/true :::
	minirun-unconfined "$minirun" --security-opt seccomp=unconfined
	"$rootfs" /bin/true :::
)
subtract=()
if [[ -n $docker_profile ]]; then
	commands+=(minirun-docker "$minirun" --security-opt
		"seccomp=$docker_profile" "$rootfs" /bin/true :::)
	if [[ $("$minirun" --help 2>&1) == *--no-seccomp-cache* ]]; then
		commands+=(minirun-docker-nocache "$minirun" --no-seccomp-cache
			--security-opt "seccomp=$docker_profile" "$rootfs"
			/bin/true :::)
	fi
fi

bundles=(none)
[[ -n $docker_profile ]] && bundles+=(docker)
for kind in "${bundles[@]}"; do
	if [[ $kind == docker ]]; then
		make_bundle "bundle-$kind" --seccomp "$docker_profile"
	else
		make_bundle "bundle-$kind"
	fi
	id=minirun-bench-$$-$kind
	container_ids+=("$id-crun" "$id-runc")
	commands+=(crun-$kind "${crun_wrapper[@]}" crun --root "$crun_state"
		run --bundle "$work_dir/bundle-$kind" "$id-crun" :::)
	commands+=(runc-$kind runc --root "$runc_state" run
		--bundle "$work_dir/bundle-$kind" "$id-runc" :::)
	if [[ ${#crun_wrapper[@]} -gt 0 ]]; then
		subtract+=(--subtract "crun-$kind=crun-wrapper")
	fi
done
if [[ ${#crun_wrapper[@]} -gt 0 ]]; then
	commands+=(crun-wrapper "${crun_wrapper[@]}" /bin/true :::)
fi
commands+=(
	bwrap bwrap --ro-bind "$rootfs" / --proc /proc --dev /dev
	--unshare-all /bin/true :::
	unshare-chroot unshare --mount --uts --ipc --net --pid --fork
	chroot "$rootfs" /bin/true :::
	floor "$work_dir/floor" "$rootfs"
)

print_machine
echo "rounds: $rounds, round-robin, timed from fork to the end of waitpid"
# The commands' stderr (minirun warns about each syscall name of Docker's
# profile that libseccomp does not know, on every run) goes to a log, shown
# only when a run fails.
if ! "$work_dir/timer" "$rounds" "${commands[@]}" >"$work_dir/startup.tsv" \
	2>"$work_dir/stderr.log"; then
	tail -n 20 -- "$work_dir/stderr.log" >&2
	die "a run failed, see the messages above"
fi
python3 "$bench_dir/stats.py" "$work_dir/startup.tsv" minirun-default \
	"${subtract[@]}"
if [[ -n ${BENCH_RAW_DIR:-} ]]; then
	mkdir -p -- "$BENCH_RAW_DIR"
	cp -- "$work_dir/startup.tsv" "$BENCH_RAW_DIR/"
fi
