/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "rootfs.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

int mr_rootfs_resolve(const char *path, char **ret, struct mr_error *err)
{
	struct stat st;
	char *resolved;

	if (stat(path, &st) < 0)
		return mr_error_set_errno(err, errno, "invalid rootfs '%s'",
					  path);

	if (!S_ISDIR(st.st_mode))
		return mr_error_set(
		    err, ENOTDIR, "invalid rootfs '%s': not a directory", path);

	resolved = realpath(path, NULL);
	if (!resolved)
		return mr_error_set_errno(err, errno, "invalid rootfs '%s'",
					  path);

	if (resolved[0] == '/' && resolved[1] == '\0') {
		free(resolved);
		return mr_error_set(err, EINVAL,
				    "invalid rootfs '%s': the host's root "
				    "directory cannot be a container rootfs",
				    path);
	}

	*ret = resolved;
	return 0;
}

int mr_rootfs_bind(const char *rootfs, struct mr_error *err)
{
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return mr_error_set_errno(err, errno,
					  "making the mounts private failed");

	if (mount(rootfs, rootfs, NULL, MS_BIND | MS_REC, NULL) < 0)
		return mr_error_set_errno(
		    err, errno, "bind mounting rootfs '%s' failed", rootfs);
	return 0;
}

int mr_rootfs_pivot(const char *rootfs, struct mr_error *err)
{
	if (chdir(rootfs) < 0)
		return mr_error_set_errno(
		    err, errno, "entering rootfs '%s' failed", rootfs);

	/*
	 * pivot_root(".", ".") stacks the old root on top of the new one, so
	 * no directory for it is needed inside the rootfs; unmounting "."
	 * then detaches the old root and leaves the new one visible.
	 */
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		return mr_error_set_errno(
		    err, errno, "pivot_root into '%s' failed", rootfs);

	if (umount2(".", MNT_DETACH) < 0)
		return mr_error_set_errno(err, errno,
					  "detaching the old root failed");

	if (chdir("/") < 0)
		return mr_error_set_errno(err, errno,
					  "entering the new root failed");
	return 0;
}
