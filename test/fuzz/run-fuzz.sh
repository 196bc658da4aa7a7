#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Runs the profile fuzz target for a bounded number of inputs, seeded with
# the project's own profiles and, when present, the reference profiles
# beside the checkout.  libFuzzer writes the inputs it finds into the first
# corpus folder, so the seeds are copied into a temporary one.
#
#   run-fuzz.sh FUZZER SOURCE_DIR
set -euo pipefail

fuzzer=$1
source_dir=$2
runs=${MINIRUN_FUZZ_RUNS:-50000}

corpus=$(mktemp -d /tmp/fuzz-profile-corpus.XXXXXX)
trap 'rm -rf -- "$corpus"' EXIT

n=0
while IFS= read -r -d '' seed; do
	cp -- "$seed" "$corpus/seed-$n.json"
	n=$((n + 1))
done < <(find "$source_dir/profiles" "$source_dir/test" \
	"$source_dir/../shared/reference" -name '*.json' -print0 2>/dev/null)
echo "fuzzing with $n seed profiles, $runs runs"

# -max_len covers the reference profiles (about 18 KB); -timeout and
# -rss_limit_mb turn a hang or a memory blow-up into a failure.
"$fuzzer" -runs="$runs" -max_len=32768 -timeout=30 -rss_limit_mb=2048 \
	-print_final_stats=1 "$corpus"
