#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Turn the config.json of `runc spec` into a bundle for the benchmarks.

    oci-bundle.py CONFIG ROOTFS [--seccomp DOCKER_PROFILE] [-- ARG...]

CONFIG is rewritten in place: root.path is ROOTFS, the terminal is off,
process.args is the ARGs after "--" (default /bin/true) and the capabilities are Docker's
default set, the set that minirun gives.  With --seccomp, linux.seccomp
gets the Docker profile in the OCI form, evaluated the way Docker's
profiles/seccomp/seccomp.go does for that capability set on this machine:

- the native archMap entry and its subArchitectures become `architectures`;
- a rule applies only when all its includes.caps are in the set, none of
  its excludes.caps is, includes.arches (if any) names this machine's Go
  architecture, excludes.arches does not, and the kernel is at least
  includes.minKernel.
"""

import argparse
import json
import os
import platform
import sys

DOCKER_DEFAULT_CAPS = [
    "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER",
    "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP",
    "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL",
    "CAP_AUDIT_WRITE",
]

# platform.machine() -> (Go's GOARCH, libseccomp's architecture name)
MACHINES = {
    "x86_64": ("amd64", "SCMP_ARCH_X86_64"),
    "aarch64": ("arm64", "SCMP_ARCH_AARCH64"),
    "ppc64le": ("ppc64le", "SCMP_ARCH_PPC64LE"),
    "s390x": ("s390x", "SCMP_ARCH_S390X"),
    "riscv64": ("riscv64", "SCMP_ARCH_RISCV64"),
}


def kernel_version():
    """Return the running kernel's (major, minor)."""
    release = os.uname().release.split("-")[0].split(".")
    return int(release[0]), int(release[1])


def kernel_at_least(min_kernel):
    major, minor = (int(x) for x in min_kernel.split(".")[:2])
    return kernel_version() >= (major, minor)


def rule_applies(rule, goarch, caps):
    includes = rule.get("includes") or {}
    excludes = rule.get("excludes") or {}
    if any(cap not in caps for cap in includes.get("caps") or []):
        return False
    if any(cap in caps for cap in excludes.get("caps") or []):
        return False
    if includes.get("arches") and goarch not in includes["arches"]:
        return False
    if goarch in (excludes.get("arches") or []):
        return False
    min_kernel = includes.get("minKernel")
    if min_kernel and not kernel_at_least(min_kernel):
        return False
    return True


def convert(profile, caps):
    """Return the OCI linux.seccomp object for a Docker profile."""
    goarch, native = MACHINES[platform.machine()]
    architectures = []
    for entry in profile.get("archMap") or []:
        if entry["architecture"] == native:
            architectures = [native] + list(entry.get("subArchitectures")
                                            or [])
    seccomp = {
        "defaultAction": profile["defaultAction"],
        "architectures": architectures,
        "syscalls": [],
    }
    if "defaultErrnoRet" in profile:
        seccomp["defaultErrnoRet"] = profile["defaultErrnoRet"]
    for rule in profile.get("syscalls") or []:
        if not rule_applies(rule, goarch, caps):
            continue
        names = rule.get("names") or [rule["name"]]
        syscall = {"names": names, "action": rule["action"]}
        if rule.get("errnoRet") is not None:
            syscall["errnoRet"] = rule["errnoRet"]
        if rule.get("args"):
            syscall["args"] = rule["args"]
        seccomp["syscalls"].append(syscall)
    return seccomp


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("config")
    parser.add_argument("rootfs")
    parser.add_argument("--seccomp", metavar="DOCKER_PROFILE")
    argv = sys.argv[1:]
    args = ["/bin/true"]
    if "--" in argv:
        split = argv.index("--")
        argv, args = argv[:split], argv[split + 1:]
    options = parser.parse_args(argv)

    with open(options.config) as f:
        config = json.load(f)
    config["root"] = {"path": os.path.abspath(options.rootfs),
                      "readonly": True}
    config["process"]["terminal"] = False
    config["process"]["args"] = args
    config["process"]["capabilities"] = {
        kind: list(DOCKER_DEFAULT_CAPS)
        for kind in ("bounding", "effective", "permitted")
    }
    config["linux"].pop("seccomp", None)
    if options.seccomp:
        with open(options.seccomp) as f:
            profile = json.load(f)
        config["linux"]["seccomp"] = convert(profile, DOCKER_DEFAULT_CAPS)
    with open(options.config, "w") as f:
        json.dump(config, f, indent=1)


if __name__ == "__main__":
    main()
