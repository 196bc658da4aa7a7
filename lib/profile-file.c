/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Reading a profile file with the checks that keep a hostile path harmless. */
#include "seccomp-profile.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "cleanup.h"

/*
 * Opens a profile without blocking: O_NONBLOCK keeps open(2) of a FIFO
 * without a writer from waiting, and is cleared again so that a pipe with a
 * writer (a shell's <(...)) is read to its end.  Only regular files and
 * pipes are profiles; a device such as /dev/zero never ends.
 */
static int open_profile(const char *path, struct mr_error *err)
{
	cleanup_close int fd = -1;
	struct statfs fs;
	struct stat st;
	int flags;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return mr_error_set_errno(
		    err, errno, "cannot open seccomp profile '%s'", path);

	if (fstat(fd, &st) < 0)
		return mr_error_set_errno(err, errno, "cannot stat '%s'", path);
	if (S_ISDIR(st.st_mode))
		return mr_error_set_errno(
		    err, EISDIR, "cannot read seccomp profile '%s'", path);
	if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode))
		return mr_error_set(err, EINVAL,
				    "seccomp profile '%s' is not a regular "
				    "file or a pipe",
				    path);

	/* procfs and sysfs files look regular, and some block or drain. */
	if (fstatfs(fd, &fs) < 0)
		return mr_error_set_errno(err, errno, "cannot statfs '%s'",
					  path);
	if (fs.f_type == PROC_SUPER_MAGIC || fs.f_type == SYSFS_MAGIC)
		return mr_error_set(err, EINVAL,
				    "seccomp profile '%s' is a file of /proc "
				    "or /sys, not a profile",
				    path);

	flags = fcntl(fd, F_GETFL);
	if (flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0)
		return mr_error_set_errno(err, errno, "fcntl on '%s' failed",
					  path);
	return steal_fd(&fd);
}

int mr_profile_read(const char *path, char **ret_data, size_t *ret_size,
		    struct mr_error *err)
{
	cleanup_close int fd = -1;
	cleanup_free char *data = NULL;
	size_t size = 0;
	ssize_t n;

	fd = open_profile(path, err);
	if (fd < 0)
		return fd;

	/* Reading one byte past the limit detects a file that is too large. */
	data = malloc(MR_PROFILE_SIZE_MAX + 1);
	if (!data)
		return mr_error_set(err, ENOMEM, "out of memory");

	while (size <= MR_PROFILE_SIZE_MAX) {
		n = read(fd, data + size, MR_PROFILE_SIZE_MAX + 1 - size);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return mr_error_set_errno(
			    err, errno, "cannot read seccomp profile '%s'",
			    path);
		if (n == 0)
			break;
		size += (size_t)n;
	}

	if (size > MR_PROFILE_SIZE_MAX)
		return mr_error_set(err, EFBIG,
				    "seccomp profile '%s' is larger than the "
				    "limit of %d bytes",
				    path, MR_PROFILE_SIZE_MAX);

	*ret_data = steal_pointer(&data);
	*ret_size = size;
	return 0;
}
