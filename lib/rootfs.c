/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "rootfs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cleanup.h"
#include "mounts.h"
#include "path-in-root.h"

static int check_rootfs(const char *path, struct mr_warnings *warnings,
			struct mr_error *err)
{
	struct statvfs vfs;
	struct stat st;

	if (stat(path, &st) < 0)
		return mr_error_set_errno(err, errno, "invalid rootfs '%s'",
					  path);
	if (!S_ISDIR(st.st_mode))
		return mr_error_set(
		    err, ENOTDIR, "invalid rootfs '%s': not a directory", path);
	if (access(path, R_OK | X_OK) < 0)
		return mr_error_set_errno(err, errno, "invalid rootfs '%s'",
					  path);
	if (statvfs(path, &vfs) < 0)
		return mr_error_set_errno(err, errno, "invalid rootfs '%s'",
					  path);

	if (vfs.f_flag & ST_NOEXEC)
		return mr_error_set(err, EACCES,
				    "invalid rootfs '%s': its file system is "
				    "mounted noexec, so no program in it can "
				    "run",
				    path);
	if ((vfs.f_flag & ST_NOSUID) &&
	    mr_warnings_add(warnings,
			    "warning: rootfs '%s' is on a file system mounted "
			    "nosuid, so setuid programs in it will not gain "
			    "privileges",
			    path) < 0)
		return mr_error_set(err, ENOMEM, "out of memory");
	return 0;
}

int mr_rootfs_check(const struct mr_config *config,
		    struct mr_warnings *warnings, struct mr_error *err)
{
	struct stat st;
	int r;

	r = check_rootfs(config->rootfs, warnings, err);
	if (r < 0)
		return r;

	for (size_t i = 0; i < config->volume_count; i++) {
		const struct mr_volume *volume = &config->volumes[i];

		if (stat(volume->source, &st) < 0)
			return mr_error_set_errno(
			    err, errno,
			    "invalid --volume '%s:%s': host path '%s'",
			    volume->source, volume->target, volume->source);
	}
	return 0;
}

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

int mr_rootfs_bind(const char *rootfs, int *ret_root_fd, struct mr_error *err)
{
	int fd;

	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return mr_error_set_errno(err, errno,
					  "making the mounts private failed");

	if (mount(rootfs, rootfs, NULL, MS_BIND | MS_REC, NULL) < 0)
		return mr_error_set_errno(
		    err, errno, "bind mounting rootfs '%s' failed", rootfs);

	fd = open(rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return mr_error_set_errno(err, errno,
					  "opening rootfs '%s' failed", rootfs);
	*ret_root_fd = fd;
	return 0;
}

int mr_rootfs_create_workdir(int root_fd, const char *workdir,
			     struct mr_error *err)
{
	int fd = mr_path_create_in_root(root_fd, workdir, true, err);

	if (fd < 0)
		return mr_error_prefix(err, "workdir '%s'", workdir);
	close(fd);
	return 0;
}

int mr_rootfs_make_read_only(int root_fd, struct mr_error *err)
{
	return mr_mount_remount_bind(root_fd, MS_RDONLY, "/", err);
}

int mr_rootfs_pivot(int root_fd, const char *rootfs, struct mr_error *err)
{
	if (fchdir(root_fd) < 0)
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

int mr_rootfs_enter_workdir(const char *workdir, struct mr_error *err)
{
	cleanup_close int root_fd = -1;
	cleanup_close int fd = -1;

	root_fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (root_fd < 0)
		return mr_error_set_errno(err, errno,
					  "opening the new root failed");

	fd = mr_path_open_in_root(root_fd, workdir, O_DIRECTORY);
	if (fd < 0)
		return mr_error_set_errno(
		    err, -fd, "entering workdir '%s' failed", workdir);

	if (fchdir(fd) < 0)
		return mr_error_set_errno(
		    err, errno, "entering workdir '%s' failed", workdir);
	return 0;
}
