#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Runs every test: the unit tests and the bats suite in a -Werror build,
# then the unit tests again under AddressSanitizer and UBSan, then the
# profile fuzz target.
set -euo pipefail

source_dir=$(cd "$(dirname "$0")/.." && pwd)
cd "$source_dir"

setup() {
	local dir=$1
	shift
	if [ -d "$dir" ]; then
		meson setup --reconfigure "$dir" "$@" >/dev/null
	else
		meson setup "$dir" "$@" >/dev/null
	fi
}

setup build -Dwerror=true
meson test -C build --print-errorlogs

setup build-asan -Dwerror=true -Db_sanitize=address,undefined \
	-Db_lundef=false
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	meson test -C build-asan --suite unit --print-errorlogs

# The profile fuzz target, built with clang and libFuzzer, for a bounded
# number of runs over the project's own profiles.
CC=clang setup build-fuzz -Dwerror=true -Dfuzz=true \
	-Db_sanitize=address,undefined -Db_lundef=false
meson test -C build-fuzz --suite fuzz --print-errorlogs
