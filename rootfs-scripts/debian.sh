#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Build a Debian minbase rootfs for minirun with debootstrap:
#
#   rootfs-scripts/debian.sh DEST [SUITE]
#
# SUITE defaults to bookworm.  Besides the minbase variant, DEST gets
# build-essential and what building minirun itself needs (meson,
# ninja-build, pkg-config and the -dev packages of libseccomp, libcap-ng and
# jansson), so a C project builds inside without apt or network access.
# Packages come from $MINIRUN_DEBIAN_MIRROR (default
# http://deb.debian.org/debian).  Run it as root.
#
# A DEST that exists must be empty or carry the marker file that this
# script writes, so the script never overwrites a directory it did not
# create.  When the last run finished, a stamp file records the suite and
# the packages, and a new run with the same ones leaves DEST as it is, so
# CI can keep DEST in a cache.
#
# Exit status: 0 when DEST is ready, 1 on an error, 2 on a usage error, and
# 3 when the archive cannot be reached, so callers can tell a missing
# network from a broken build.
set -euo pipefail

readonly prog=debian.sh
readonly marker=.minirun-rootfs
readonly stamp=.minirun-rootfs-complete
readonly mirror=${MINIRUN_DEBIAN_MIRROR:-http://deb.debian.org/debian}
readonly packages=(
	build-essential
	meson ninja-build pkg-config
	libseccomp-dev libcap-ng-dev libjansson-dev nettle-dev
)

# The resolved DEST and the running debootstrap, for the exit trap.
dest_path=
debootstrap_pid=

die() {
	echo "$prog: $*" >&2
	exit 1
}

usage() {
	echo "usage: $prog DEST [SUITE]" >&2
	exit 2
}

check_host() {
	if [[ $(id -u) -ne 0 ]]; then
		die "must run as root, because debootstrap chroots into DEST and creates device nodes"
	fi
	if ! command -v debootstrap >/dev/null; then
		die "debootstrap not found: run 'apt-get install debootstrap'"
	fi
}

# Print the mount points at or below DIR, deepest first.  mountinfo
# escapes spaces and other special characters as octal (\040), which
# printf %b decodes.
mounts_below() {
	local dir=$1 point

	while read -r _ _ _ _ point _; do
		point=$(printf '%b' "$point")
		if [[ $point == "$dir" || $point == "$dir"/* ]]; then
			echo "$point"
		fi
	done </proc/self/mountinfo | sort -r
}

# Unmount what debootstrap mounted inside DEST (/proc, /sys, /dev/pts and
# so on).  debootstrap unmounts them itself when it exits normally, but not
# when it is killed.  DEST itself is left alone, since the caller may have
# mounted it.
unmount_below() {
	local dir=$1 point

	[[ -n $dir && -d $dir ]] || return 0
	while read -r point; do
		[[ $point != "$dir" ]] || continue
		if ! umount -- "$point" 2>/dev/null; then
			umount --lazy -- "$point" ||
				echo "$prog: cannot unmount '$point'" >&2
		fi
	done < <(mounts_below "$dir")
}

# Stop debootstrap if it still runs, then unmount what it left behind.
cleanup() {
	if [[ -n $debootstrap_pid ]] && kill -0 "$debootstrap_pid" 2>/dev/null; then
		kill -TERM "$debootstrap_pid"
		wait "$debootstrap_pid" || true
	fi
	unmount_below "$dest_path"
}

# Print the stamp for SUITE: a finished build with the same text is reused.
stamp_text() {
	local suite=$1

	echo "suite=$suite"
	echo "packages=${packages[*]}"
}

# Succeed when DEST contains a finished build of SUITE with the same packages.
is_complete() {
	local dest=$1 suite=$2

	[[ -f $dest/$marker && -f $dest/$stamp ]] &&
		[[ $(grep -v '^mirror=' "$dest/$stamp") == "$(stamp_text "$suite")" ]]
}

# Fail with status 3 unless the archive serves SUITE's Release file.
check_archive() {
	local suite=$1 url

	url=$mirror/dists/$suite/Release
	if ! wget -q --timeout=20 --tries=2 -O /dev/null -- "$url"; then
		echo "$prog: cannot download '$url': check the network and the suite name, or set MINIRUN_DEBIAN_MIRROR to a Debian mirror you can reach" >&2
		exit 3
	fi
}

# Fail unless DEST is missing, empty, or left by an earlier run of this
# script.
check_dest() {
	local dest=$1

	if [[ -e $dest && ! -d $dest ]]; then
		die "'$dest' exists and is not a directory"
	fi
	if [[ -d $dest && -n $(ls -A -- "$dest") && ! -f $dest/$marker ]]; then
		die "'$dest' is not empty and has no $marker marker, so it was not made by $prog"
	fi
}

# Empty DEST, or one left by an earlier run of this script, is reused.
prepare_dest() {
	local dest=$1

	if [[ -d $dest && -n $(ls -A -- "$dest") ]]; then
		unmount_below "$dest"
		if mounts_below "$dest" | grep -qvxF -- "$dest"; then
			die "'$dest' still has mounts below it: unmount them first"
		fi
		# --one-file-system keeps rm out of anything still mounted.
		find "$dest" -mindepth 1 -maxdepth 1 ! -name "$marker" \
			-exec rm -rf --one-file-system -- {} +
	fi
	mkdir -p -- "$dest"
	chmod 0755 -- "$dest"
	echo "created by rootfs-scripts/$prog; safe to delete" >"$dest/$marker"
}

# debootstrap runs in the background because bash runs a trap only after
# the foreground command ends, and a SIGTERM to this script must stop it.
run_debootstrap() {
	local dest=$1 suite=$2 include status=0

	include=$(
		IFS=,
		echo "${packages[*]}"
	)
	debootstrap --variant=minbase --components=main \
		--include="$include" "$suite" "$dest" "$mirror" &
	debootstrap_pid=$!
	wait "$debootstrap_pid" || status=$?
	debootstrap_pid=
	if [[ $status -ne 0 ]]; then
		if [[ -f $dest/debootstrap/debootstrap.log ]]; then
			echo "$prog: last lines of $dest/debootstrap/debootstrap.log:" >&2
			tail -n 20 -- "$dest/debootstrap/debootstrap.log" >&2
		fi
		die "debootstrap of '$suite' from $mirror into '$dest' failed"
	fi
}

# Drop the downloaded .deb files, which nothing inside needs.
trim() {
	local dest=$1

	find "$dest/var/cache/apt/archives" -maxdepth 1 -name '*.deb' -delete
	echo minirun >"$dest/etc/hostname"
}

main() {
	local dest suite start elapsed

	[[ $# -eq 1 || $# -eq 2 ]] || usage
	[[ -n $1 ]] || die "DEST must not be empty"
	dest=$1
	suite=${2:-bookworm}
	check_host

	if is_complete "$dest" "$suite"; then
		echo "$prog: '$dest' already contains a complete $suite rootfs, skipping"
		return 0
	fi

	start=$SECONDS
	check_dest "$dest"
	check_archive "$suite"
	prepare_dest "$dest"
	dest_path=$(realpath -- "$dest")
	trap cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM

	run_debootstrap "$dest" "$suite"
	trim "$dest"
	{
		stamp_text "$suite"
		echo "mirror=$mirror"
	} >"$dest/$stamp"

	elapsed=$((SECONDS - start))
	printf '%s: built %s rootfs in %s in %dm%02ds\n' "$prog" "$suite" \
		"$dest" $((elapsed / 60)) $((elapsed % 60))
}

main "$@"
