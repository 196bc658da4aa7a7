#!/usr/bin/env bats
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The cache of compiled seccomp programs under $XDG_CACHE_HOME/minirun.
# Every test uses a cache of its own; a broken entry must never make a run
# fail, only compile again.

load helpers

PROFILES=$BATS_TEST_DIRNAME/fixtures/seccomp-profiles

setup() {
	basic_setup
	export XDG_CACHE_HOME=$BATS_TEST_TMPDIR/cache
	CACHE=$XDG_CACHE_HOME/minirun
}

# The one entry of the cache; fails unless there is exactly one.
cache_entry() {
	local entries=("$CACHE"/*.bpf)

	[[ ${#entries[@]} -eq 1 && -e ${entries[0]} ]] ||
		fail "expected one cache entry, found: ${entries[*]}"
	echo "${entries[0]}"
}

run_deny_mkdir() {
	run_minirun 1 --security-opt "seccomp=$PROFILES/deny-mkdir.json" \
		"$ROOTFS" /probe mkdir /tmp/minirun-066-mkdir
	assert_output "errno=EACCES"
}

@test "cache - entry written then reused" {
	local entry before

	run_deny_mkdir
	entry=$(cache_entry)
	assert_equal "$(stat -c %a "$CACHE")" 700
	assert_equal "$(stat -c %a "$entry")" 600
	before=$(stat -c %Y.%i "$entry")
	sleep 1
	run_deny_mkdir
	assert_equal "$(stat -c %Y.%i "$entry")" "$before"
}

@test "cache - built-in program needs none" {
	run_minirun "$ROOTFS" /bin/true
	[[ ! -e $CACHE ]] || assert_equal "$(ls -A "$CACHE")" ""
	run_minirun --cap-add SYS_ADMIN "$ROOTFS" /bin/true
	cache_entry >/dev/null
}

@test "cache - corrupted entry compiled again" {
	local entry

	run_deny_mkdir
	entry=$(cache_entry)
	printf 'garbage' | dd of="$entry" bs=1 seek=80 conv=notrunc 2>/dev/null
	run_deny_mkdir
	assert_equal "$(cache_entry)" "$entry"
	if [[ $(dd if="$entry" bs=1 skip=80 count=7 2>/dev/null) == garbage ]]; then
		fail "the corrupted entry was not rewritten"
	fi
}

@test "cache - truncated entry compiled again" {
	local entry

	run_deny_mkdir
	entry=$(cache_entry)
	truncate -s 20 "$entry"
	run_deny_mkdir
	(($(stat -c %s "$entry") > 20)) || fail "the entry was not rewritten"
}

# A planted symlink is neither followed nor written through.
@test "cache - symlinked entry ignored" {
	local entry target=$BATS_TEST_TMPDIR/target

	run_deny_mkdir
	entry=$(cache_entry)
	echo "keep me" >"$target"
	ln -sf "$target" "$entry"
	run_deny_mkdir
	assert_equal "$(cat "$target")" "keep me"
	[[ ! -L $entry ]] || fail "the symlink is still in place"
}

@test "cache - foreign-owned entry ignored" {
	local entry

	skip_if_not_root "chown needs root"
	run_deny_mkdir
	entry=$(cache_entry)
	chown 65534:65534 "$entry"
	run_deny_mkdir
	assert_equal "$(stat -c %u "$entry")" "$(id -u)"
}

@test "cache - directory open to others unused" {
	run_deny_mkdir
	chmod 0777 "$CACHE"
	rm -f "$CACHE"/*.bpf
	run_deny_mkdir
	assert_equal "$(ls -A "$CACHE")" ""
	chmod 0700 "$CACHE"
}

@test "cache - warnings shown again" {
	local profile=$PROFILES/unknown-syscall.json

	run_minirun 1 --security-opt "seccomp=$profile" "$ROOTFS" \
		/probe mkdir /nonexistent/dir
	assert_equal "${#stderr_lines[@]}" 1
	cache_entry >/dev/null
	run_minirun 1 --security-opt "seccomp=$profile" "$ROOTFS" \
		/probe mkdir /nonexistent/dir
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "${stderr_lines[0]}" "minirun_no_such_syscall"
}

@test "--no-seccomp-cache - writes nothing" {
	run_minirun 1 --no-seccomp-cache \
		--security-opt "seccomp=$PROFILES/deny-mkdir.json" "$ROOTFS" \
		/probe mkdir /tmp/minirun-066-mkdir
	assert_output "errno=EACCES"
	[[ ! -e $CACHE ]] || assert_equal "$(ls -A "$CACHE")" ""
}
