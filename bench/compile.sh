#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Measure the size of the BPF program that minirun makes of a profile and
# the time to compile it.
#
#   bench/compile.sh [ROUNDS]       (default 200; needs root, like the
#                                    other benchmarks, for the same set-up)
#
# The instruction count is the size of `minirun-profile bpf PROFILE` output
# divided by 8 (the size of a struct sock_filter).  The compile time is the
# median run time of `minirun-profile bpf PROFILE >/dev/null`, timed by
# bench/timer round-robin with `minirun-profile --version`, whose median
# (process start-up and exit) the table subtracts.  Each run is a new
# process, so the compile is cold within the process but the files are in
# the page cache.  Profiles: the built-in default and, when
# ../shared/reference has it, Docker's default profile.

source "$(dirname -- "${BASH_SOURCE[0]}")/common.sh"

rounds=${1:-200}
[[ $rounds =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive integer, not '$rounds'"

require_root
require_tools cc python3
make_work_dir
build_c timer
docker_profile=$(find_docker_profile)
if [[ -z $docker_profile ]]; then
	note "Docker's profile not found in ../shared/reference: skipping it"
fi

profiles=(default default)
[[ -n $docker_profile ]] && profiles+=(docker "$docker_profile")

print_machine
echo "| profile | BPF instructions |"
echo "| --- | ---: |"
commands=()
subtract=()
for ((i = 0; i < ${#profiles[@]}; i += 2)); do
	name=${profiles[i]}
	path=${profiles[i + 1]}
	"$minirun_profile" bpf "$path" >"$work_dir/$name.bpf" 2>/dev/null
	echo "| $name | $(($(stat -c %s "$work_dir/$name.bpf") / 8)) |"
	commands+=("bpf-$name" "$minirun_profile" bpf "$path" :::)
	subtract+=(--subtract "bpf-$name=version")
done
commands+=(version "$minirun_profile" --version)

echo
echo "rounds: $rounds, round-robin, timed from fork to the end of waitpid"
# minirun-profile warns on stderr about syscall names of Docker's profile
# that libseccomp does not know, so stderr goes to a log.
if ! "$work_dir/timer" "$rounds" "${commands[@]}" >"$work_dir/compile.tsv" \
	2>"$work_dir/stderr.log"; then
	tail -n 20 -- "$work_dir/stderr.log" >&2
	die "a run failed, see the messages above"
fi
python3 "$bench_dir/stats.py" "$work_dir/compile.tsv" bpf-default \
	"${subtract[@]}"
if [[ -n ${BENCH_RAW_DIR:-} ]]; then
	mkdir -p -- "$BENCH_RAW_DIR"
	cp -- "$work_dir/compile.tsv" "$BENCH_RAW_DIR/"
fi
