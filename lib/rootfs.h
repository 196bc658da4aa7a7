/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef MINIRUN_ROOTFS_H
#define MINIRUN_ROOTFS_H

#include "error.h"

/*
 * Checks in the parent that path is an existing directory and returns its
 * absolute path without symlinks, so that a bad rootfs fails before any
 * namespace exists.  The caller frees *ret.
 */
int mr_rootfs_resolve(const char *path, char **ret, struct mr_error *err);

/*
 * In the child's new mount namespace: makes every mount private, so that
 * nothing propagates back to the host, and binds rootfs onto itself, which
 * pivot_root requires of the new root.
 */
int mr_rootfs_bind(const char *rootfs, struct mr_error *err);

/*
 * Makes rootfs the root directory and detaches the old root, after which
 * no host path is reachable from the process.
 */
int mr_rootfs_pivot(const char *rootfs, struct mr_error *err);

#endif
