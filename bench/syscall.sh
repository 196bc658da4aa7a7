#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Measure the time per syscall with and without seccomp filters.
#
#   bench/syscall.sh [LOOPS [ROUNDS]]   (defaults 200000 and 5; needs root)
#
# bench/syscall-bench.c, built static and copied into a busybox rootfs,
# times four calls.  getppid is allowed outright, personality(0xffffffff)
# by an argument rule, and socket(AF_INET, SOCK_DGRAM) by an argument rule
# too.  The socket is closed at once, and the table subtracts the time of
# a close(-1) loop.  Syscall number 1000 exists on no kernel.  Each
# invocation times LOOPS calls 5 times and reports the median, and the
# script runs every sandbox ROUNDS times round-robin and reports the median
# of those medians.
#
# Sandboxes:
#   none                the program on the host, no namespaces, no filter
#   minirun-unconfined  minirun --security-opt seccomp=unconfined
#   minirun-default     minirun with its built-in default profile
#   minirun-docker      minirun --security-opt seccomp=<Docker's profile>
#   crun-none           crun, OCI bundle without seccomp
#   crun-docker         crun, OCI bundle with Docker's profile converted by
#                       bench/oci-bundle.py (crun compiles it itself)
#   bpf-docker          the program on the host, loading the BPF program
#                       that `minirun-profile bpf` makes of Docker's profile
# crun runs inside a private mount namespace without the cgroup v2
# hierarchy at /sys/fs/cgroup/unified when the host mounts one beside v1
# controllers, as bench/startup.sh explains.

source "$(dirname -- "${BASH_SOURCE[0]}")/common.sh"

loops=${1:-200000}
rounds=${2:-5}
[[ $loops =~ ^[1-9][0-9]*$ ]] || die "LOOPS must be a positive integer, not '$loops'"
[[ $rounds =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive integer, not '$rounds'"

require_root
require_tools cc python3 crun runc unshare mountpoint
make_work_dir
make_rootfs
build_c syscall-bench -static
cp -- "$work_dir/syscall-bench" "$rootfs/syscall-bench"
docker_profile=$(find_docker_profile)
if [[ -z $docker_profile ]]; then
	note "Docker's profile not found in ../shared/reference: skipping the rows that use it"
fi

ops=(getppid personality socket close unknown)
bench_args=(-n "$loops" -r 5 "${ops[@]}")
crun_state=$work_dir/crun-state
container_ids=()

delete_containers() {
	local id

	for id in "${container_ids[@]}"; do
		crun --root "$crun_state" delete -f "$id" >/dev/null 2>&1 || true
	done
}
cleanup_hooks+=(delete_containers)

crun_wrapper=()
if mountpoint -q /sys/fs/cgroup/unified &&
	[[ $(stat -f -c %T /sys/fs/cgroup) != cgroup2fs ]]; then
	note "cgroup v2 at /sys/fs/cgroup/unified beside v1: running crun in a private mount namespace without it"
	crun_wrapper=(unshare --mount --propagation private sh -c
		'umount /sys/fs/cgroup/unified && exec "$@"' sh)
fi

# Each sandbox is a name and a quoted command line, in two parallel arrays.
names=(none minirun-unconfined minirun-default)
command_lines=(
	"$(printf '%q ' "$work_dir/syscall-bench" "${bench_args[@]}")"
	"$(printf '%q ' "$minirun" --security-opt seccomp=unconfined "$rootfs" /syscall-bench "${bench_args[@]}")"
	"$(printf '%q ' "$minirun" "$rootfs" /syscall-bench "${bench_args[@]}")"
)
if [[ -n $docker_profile ]]; then
	names+=(minirun-docker bpf-docker)
	"$minirun_profile" bpf "$docker_profile" >"$work_dir/docker.bpf" 2>/dev/null
	command_lines+=(
		"$(printf '%q ' "$minirun" --security-opt "seccomp=$docker_profile" "$rootfs" /syscall-bench "${bench_args[@]}")"
		"$(printf '%q ' "$work_dir/syscall-bench" -f "$work_dir/docker.bpf" "${bench_args[@]}")"
	)
fi
kinds=(none)
[[ -n $docker_profile ]] && kinds+=(docker)
for kind in "${kinds[@]}"; do
	bundle=$work_dir/bundle-$kind
	mkdir -p "$bundle"
	(cd "$bundle" && runc spec)
	seccomp_args=()
	[[ $kind == docker ]] && seccomp_args=(--seccomp "$docker_profile")
	python3 "$bench_dir/oci-bundle.py" "$bundle/config.json" "$rootfs" \
		"${seccomp_args[@]}" -- /syscall-bench "${bench_args[@]}"
	id=minirun-bench-$$-$kind
	container_ids+=("$id")
	names+=(crun-$kind)
	# The bundle's process.args carries the benchmark's arguments.
	command_lines+=("$(printf '%q ' "${crun_wrapper[@]}" crun --root "$crun_state" run --bundle "$bundle" "$id")")
done

print_machine
echo "loops: $loops, 5 repetitions per run, $rounds runs per sandbox, round-robin"
results=$work_dir/syscall.tsv
for ((round = 0; round < rounds; round++)); do
	for i in "${!names[@]}"; do
		if ! eval "${command_lines[i]}" \
			>"$work_dir/out" 2>"$work_dir/err"; then
			cat -- "$work_dir/err" >&2
			die "sandbox ${names[i]} failed"
		fi
		sed "s/^/${names[i]}\t/" "$work_dir/out" >>"$results"
	done
done

python3 - "$results" <<'EOF'
import statistics
import sys

times, errors, order = {}, {}, []
with open(sys.argv[1]) as f:
    for line in f:
        sandbox, op, ns, error = line.rstrip("\n").split("\t")
        if sandbox not in order:
            order.append(sandbox)
        times.setdefault((sandbox, op), []).append(float(ns))
        errors[(sandbox, op)] = error


def median(sandbox, op):
    return statistics.median(times[(sandbox, op)])


def cell(sandbox, op):
    if op == "socket":
        value = median(sandbox, "socket") - median(sandbox, "close")
        base = median("none", "socket") - median("none", "close")
    else:
        value, base = median(sandbox, op), median("none", op)
    error = errors[(sandbox, op)]
    note = "" if error == "ok" else f" {error}"
    return f"{value:.0f} ({value - base:+.0f}){note}"


print("ns per call, median; in brackets the difference to 'none'; "
      "socket is socket+close minus close(-1)")
print("| sandbox | getppid | personality | socket | close(-1) | syscall 1000 |")
print("| --- | ---: | ---: | ---: | ---: | ---: |")
for sandbox in order:
    cells = [cell(sandbox, op)
             for op in ("getppid", "personality", "socket", "close",
                        "unknown")]
    print(f"| {sandbox} | " + " | ".join(cells) + " |")
EOF
if [[ -n ${BENCH_RAW_DIR:-} ]]; then
	mkdir -p -- "$BENCH_RAW_DIR"
	cp -- "$results" "$BENCH_RAW_DIR/"
fi
