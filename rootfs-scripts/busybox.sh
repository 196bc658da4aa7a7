#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Build a minimal rootfs for minirun from Debian's busybox-static:
#
#   rootfs-scripts/busybox.sh DEST
#
# DEST gets /bin/busybox with a symlink for every applet, /etc/passwd and
# /etc/group with root, nobody and a test user, and empty mount points.
# Users: root 0:0, nobody 65534:65534, user 1000:1000 (also in group
# "extra", 1001).  Every file is world-readable, so an unprivileged caller
# of minirun can use the tree.
#
# A DEST that exists must be empty or carry the marker file that this script
# writes, so the script never overwrites a directory it did not create.
set -euo pipefail

readonly prog=busybox.sh
readonly marker=.minirun-rootfs
readonly busybox=${BUSYBOX:-/bin/busybox}

die() {
	echo "$prog: $*" >&2
	exit 1
}

usage() {
	echo "usage: $prog DEST" >&2
	exit 2
}

# Debian's plain "busybox" package is linked dynamically and would not run
# in a rootfs that has no shared libraries, so insist on busybox-static.
check_busybox() {
	if [[ ! -x $busybox ]]; then
		die "'$busybox' not found: run 'apt-get install busybox-static'"
	fi
	if [[ -z ${BUSYBOX:-} ]] && command -v dpkg-query >/dev/null &&
		! dpkg-query -W -f='${Status}' busybox-static 2>/dev/null |
		grep -q 'install ok installed'; then
		die "package busybox-static is not installed: run 'apt-get install busybox-static'"
	fi
}

# Empty DEST, or one left by an earlier run of this script, is reused.
prepare_dest() {
	local dest=$1

	if [[ -e $dest && ! -d $dest ]]; then
		die "'$dest' exists and is not a directory"
	fi
	if [[ -d $dest && -n $(ls -A -- "$dest") ]]; then
		if [[ ! -f $dest/$marker ]]; then
			die "'$dest' is not empty and has no $marker marker, so it was not made by $prog"
		fi
		find "$dest" -mindepth 1 -maxdepth 1 ! -name "$marker" \
			-exec rm -rf -- {} +
	fi
	mkdir -p -- "$dest"
	chmod 0755 -- "$dest"
	echo "created by rootfs-scripts/$prog; safe to delete" >"$dest/$marker"
}

make_dirs() {
	local dest=$1

	install -d -m 0755 "$dest"/{bin,sbin,usr/bin,usr/sbin,etc,dev,proc,sys}
	install -d -m 0755 "$dest"/{home/user,run,var}
	install -d -m 1777 "$dest/tmp"
	install -d -m 0700 "$dest/root"
	chown 1000:1000 "$dest/home/user"
}

# Link each applet with a relative symlink, so the links resolve both
# inside the container and when the tree is inspected from the host.
link_applets() {
	local dest=$1 applet up

	install -m 0755 "$busybox" "$dest/bin/busybox"
	while read -r applet; do
		[[ $applet == bin/busybox ]] && continue
		[[ -e $dest/$applet || -L $dest/$applet ]] && continue
		case $applet in
		bin/*) up=busybox ;;
		*/*/*) up=../../bin/busybox ;;
		*/*) up=../bin/busybox ;;
		*) up=bin/busybox ;;
		esac
		ln -s "$up" "$dest/$applet"
	done < <("$dest/bin/busybox" --list-full)
	[[ -x $dest/bin/sh ]] || die "busybox has no sh applet"
}

write_etc() {
	local dest=$1

	cat >"$dest/etc/passwd" <<-'EOF'
		root:x:0:0:root:/root:/bin/sh
		user:x:1000:1000:test user:/home/user:/bin/sh
		nobody:x:65534:65534:nobody:/nonexistent:/bin/false
	EOF
	cat >"$dest/etc/group" <<-'EOF'
		root:x:0:
		user:x:1000:
		extra:x:1001:user
		nogroup:x:65534:
	EOF
	echo minirun >"$dest/etc/hostname"
	chmod 0644 "$dest"/etc/{passwd,group,hostname}
}

main() {
	[[ $# -eq 1 ]] || usage
	[[ -n $1 ]] || die "DEST must not be empty"
	check_busybox
	prepare_dest "$1"
	make_dirs "$1"
	link_applets "$1"
	write_etc "$1"
}

main "$@"
