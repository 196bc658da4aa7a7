#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Installs, from Debian's archive, everything that the build, the tests and
# the benchmarks need.  Run it as root on Debian 12 or later.
set -euo pipefail

packages=(
	# build
	gcc libc6-dev meson ninja-build pkg-config python3
	libseccomp-dev libcap-ng-dev libjansson-dev nettle-dev
	# tests: unit tests, fuzzing, the bats suite and its rootfs trees
	libcmocka-dev clang libclang-rt-14-dev
	bats bats-assert bats-support busybox-static debootstrap
	bubblewrap iproute2 util-linux
	# rootless id ranges from /etc/subuid and /etc/subgid
	uidmap
	# benchmarks only (bench/*.sh, which the tests never run): the OCI
	# runtimes that bench/startup.sh and bench/syscall.sh compare with
	crun runc
)

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
