/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef MINIRUN_MOUNTS_H
#define MINIRUN_MOUNTS_H

#include <stdbool.h>

#include "error.h"

/*
 * Mounts the container's /proc, /dev and /sys under rootfs (still as a
 * path on the host side of pivot_root), then masks and write-protects the
 * paths that Docker masks.  Missing mount points are created in rootfs.
 * In a user namespace (rootless) device nodes are bound from the host,
 * because mknod is not allowed there.
 */
int mr_mounts_setup(const char *rootfs, bool rootless, struct mr_error *err);

#endif
