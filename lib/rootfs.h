/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef MINIRUN_ROOTFS_H
#define MINIRUN_ROOTFS_H

#include "config.h"
#include "error.h"

/*
 * Checks in the parent that path is an existing directory and returns its
 * absolute path without symlinks, so that a bad rootfs fails before any
 * namespace exists.  The caller frees *ret.
 */
int mr_rootfs_resolve(const char *path, char **ret, struct mr_error *err);

/*
 * Checks in the parent, before anything is created, what would otherwise
 * fail later or silently.  The rootfs must be a directory that the caller
 * can read and search, on a file system not mounted noexec.  Each
 * volume's host path must exist.  A rootfs on a nosuid file system only
 * adds a warning.
 */
int mr_rootfs_check(const struct mr_config *config,
		    struct mr_warnings *warnings, struct mr_error *err);

/*
 * In the child's new mount namespace: makes every mount private, so that
 * nothing propagates back to the host, and binds rootfs onto itself, which
 * pivot_root requires of the new root.  *ret_root_fd is an O_PATH fd on
 * the root of that bind mount, for lookups that stay inside it.
 */
int mr_rootfs_bind(const char *rootfs, int *ret_root_fd, struct mr_error *err);

/* Creates the working directory inside the rootfs when it is missing. */
int mr_rootfs_create_workdir(int root_fd, const char *workdir,
			     struct mr_error *err);

/*
 * Remounts the bind mount of the rootfs read-only.  The mounts on it keep
 * their own flags, so volumes, tmpfs mounts and /dev stay writable.
 */
int mr_rootfs_make_read_only(int root_fd, struct mr_error *err);

/*
 * Makes the rootfs at root_fd the root directory and detaches the old
 * root, after which no host path is reachable from the process.  rootfs
 * names it in messages.
 */
int mr_rootfs_pivot(int root_fd, const char *rootfs, struct mr_error *err);

/*
 * After the pivot: enters the working directory, looked up inside the new
 * root, so neither a symlink nor a /proc/PID/fd link can lead to a host
 * directory.
 */
int mr_rootfs_enter_workdir(const char *workdir, struct mr_error *err);

#endif
