/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef MINIRUN_PATH_IN_ROOT_H
#define MINIRUN_PATH_IN_ROOT_H

#include <stdbool.h>

#include "error.h"

/*
 * Path lookups that treat a directory as the root, as chroot would: an
 * absolute symlink and ".." in the rootfs stop at root_fd, so a hostile
 * rootfs cannot make minirun mount, create or chdir outside it.
 *
 * Each function returns an O_PATH | O_CLOEXEC file descriptor, which works
 * as the dirfd of the *at calls, with fchdir, fstat and fstatvfs, and as a
 * mount target through /proc/self/fd/N.
 */

/* Room for "/proc/self/fd/" and any int. */
#define MR_FD_PATH_MAX 32

/* Writes "/proc/self/fd/FD" into buf, the path that mount(2) follows. */
void mr_fd_path(char buf[MR_FD_PATH_MAX], int fd);

/*
 * Opens path below root_fd.  flags may hold O_DIRECTORY, and O_NOFOLLOW to
 * open a final symlink itself.  Uses openat2(2) with RESOLVE_IN_ROOT and
 * RESOLVE_NO_MAGICLINKS, so a /proc/PID/fd link fails with ELOOP, and falls
 * back to mr_path_walk_in_root on kernels before 5.6 (ENOSYS).  Returns
 * the file descriptor or -errno.
 */
int mr_path_open_in_root(int root_fd, const char *path, int flags);

/*
 * The fallback of mr_path_open_in_root: walks path one component at a
 * time with O_NOFOLLOW, clamps ".." at root_fd, and reads each symlink,
 * so an absolute target restarts at root_fd.  A /proc magic link is read
 * as the plain path it shows, which then resolves below root_fd.
 */
int mr_path_walk_in_root(int root_fd, const char *path, int flags);

/*
 * Opens path below root_fd, creating it first when missing: missing
 * parents become 0755 directories, and the last component a 0755
 * directory or, unless directory is set, an empty 0644 file.  A dangling
 * symlink is not followed to create its target.  Returns the file
 * descriptor, or -errno with err naming the path.
 */
int mr_path_create_in_root(int root_fd, const char *path, bool directory,
			   struct mr_error *err);

/*
 * Returns a copy of path made absolute and lexically clean: no empty, "."
 * or ".." components, so "/a/../../b/" becomes "/b".  Symlinks are not
 * read.  The caller frees the copy; NULL means out of memory.
 */
char *mr_path_clean(const char *path);

#endif
