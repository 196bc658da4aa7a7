/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef MINIRUN_MOUNTS_H
#define MINIRUN_MOUNTS_H

#include <stdbool.h>

#include "config.h"
#include "error.h"

/*
 * Mounts the container's /proc, /dev and /sys in the rootfs at root_fd
 * (still on the host side of pivot_root), then masks and write-protects
 * the paths that Docker masks.  Every path is looked up inside the rootfs,
 * missing mount points are created there, and a mount point that is a
 * symlink is rejected.  In a user namespace (rootless) device nodes are
 * bound from the host, because mknod is not allowed there.
 */
int mr_mounts_setup(int root_fd, bool rootless, struct mr_error *err);

/*
 * Mounts the volumes (nosuid, nodev, recursive binds) and tmpfs mounts of
 * config, parents before the mounts inside them.  Targets are cleaned
 * lexically, looked up inside the rootfs at root_fd, and created when
 * missing: a directory, or an empty file for a file volume.
 */
int mr_mounts_add_user(int root_fd, const struct mr_config *config,
		       struct mr_error *err);

/*
 * Remounts the bind mount whose root directory fd is open on, adding flags
 * (MS_RDONLY, MS_NOSUID, MS_NODEV), and checks that the kernel applied
 * them.  path names the mount in messages.
 */
int mr_mount_remount_bind(int fd, unsigned long flags, const char *path,
			  struct mr_error *err);

#endif
