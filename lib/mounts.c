/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "mounts.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

struct device_node {
	const char *name;
	unsigned int major;
	unsigned int minor;
};

static const struct device_node device_nodes[] = {
    {"null", 1, 3},   {"zero", 1, 5},	 {"full", 1, 7},
    {"random", 1, 8}, {"urandom", 1, 9}, {"tty", 5, 0},
};

static const char *const dev_symlinks[][2] = {
    {"fd", "/proc/self/fd"},	   {"stdin", "/proc/self/fd/0"},
    {"stdout", "/proc/self/fd/1"}, {"stderr", "/proc/self/fd/2"},
    {"ptmx", "pts/ptmx"},
};

/* Docker's masked paths: files get /dev/null, directories an empty tmpfs. */
static const char *const masked_paths[] = {
    "/proc/acpi",	"/proc/asound",	     "/proc/interrupts",
    "/proc/kcore",	"/proc/keys",	     "/proc/latency_stats",
    "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug",
    "/proc/scsi",	"/sys/firmware",     "/sys/devices/virtual/powercap",
};

static const char *const readonly_paths[] = {
    "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger",
};

static int join_path(char *buf, const char *rootfs, const char *path,
		     struct mr_error *err)
{
	int length = snprintf(buf, PATH_MAX, "%s%s", rootfs, path);

	if (length < 0 || length >= PATH_MAX)
		return mr_error_set(err, ENAMETOOLONG,
				    "path '%s%s' is too long", rootfs, path);
	return 0;
}

static int child_path(char *buf, const char *dir, const char *name,
		      struct mr_error *err)
{
	int length = snprintf(buf, PATH_MAX, "%s/%s", dir, name);

	if (length < 0 || length >= PATH_MAX)
		return mr_error_set(err, ENAMETOOLONG,
				    "path '%s/%s' is too long", dir, name);
	return 0;
}

/*
 * Creates a mount point directory inside the rootfs.  A symlink is
 * rejected, because the mount would land wherever it points.
 */
static int ensure_mount_dir(const char *path, struct mr_error *err)
{
	struct stat st;

	if (lstat(path, &st) == 0) {
		if (S_ISLNK(st.st_mode))
			return mr_error_set(
			    err, ELOOP, "mount point '%s' is a symlink", path);
		if (!S_ISDIR(st.st_mode))
			return mr_error_set(err, ENOTDIR,
					    "mount point '%s' is not a "
					    "directory",
					    path);
		return 0;
	}

	if (errno != ENOENT)
		return mr_error_set_errno(err, errno, "checking '%s' failed",
					  path);

	if (mkdir(path, 0755) < 0)
		return mr_error_set_errno(
		    err, errno, "creating mount point '%s' failed", path);
	return 0;
}

static int mount_fs(const char *type, const char *target, unsigned long flags,
		    const char *data, struct mr_error *err)
{
	if (mount(type, target, type, flags, data) < 0)
		return mr_error_set_errno(
		    err, errno, "mounting %s on '%s' failed", type, target);
	return 0;
}

static int bind_mount(const char *source, const char *target,
		      struct mr_error *err)
{
	if (mount(source, target, NULL, MS_BIND, NULL) < 0)
		return mr_error_set_errno(err, errno,
					  "bind mounting '%s' on '%s' failed",
					  source, target);
	return 0;
}

/*
 * Remounts a bind mount read-only.  The flags that the mount already has
 * must be kept, because in a user namespace the kernel rejects a remount
 * that would clear a locked nosuid, nodev or noexec.
 */
static int remount_readonly(const char *path, struct mr_error *err)
{
	unsigned long flags = MS_BIND | MS_REMOUNT | MS_RDONLY;
	struct statvfs st;

	if (statvfs(path, &st) < 0)
		return mr_error_set_errno(err, errno, "checking '%s' failed",
					  path);

	if (st.f_flag & ST_NOSUID)
		flags |= MS_NOSUID;
	if (st.f_flag & ST_NODEV)
		flags |= MS_NODEV;
	if (st.f_flag & ST_NOEXEC)
		flags |= MS_NOEXEC;
	if (st.f_flag & ST_NOATIME)
		flags |= MS_NOATIME;
	if (st.f_flag & ST_NODIRATIME)
		flags |= MS_NODIRATIME;
	if (st.f_flag & ST_RELATIME)
		flags |= MS_RELATIME;

	if (mount(NULL, path, NULL, flags, NULL) < 0)
		return mr_error_set_errno(
		    err, errno, "remounting '%s' read-only failed", path);
	return 0;
}

static int mount_proc(const char *rootfs, struct mr_error *err)
{
	char path[PATH_MAX];
	int r;

	r = join_path(path, rootfs, "/proc", err);
	if (r < 0)
		return r;

	r = ensure_mount_dir(path, err);
	if (r < 0)
		return r;

	return mount_fs("proc", path, MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL,
			err);
}

static int create_device(const char *dev, const struct device_node *node,
			 bool rootless, struct mr_error *err)
{
	char path[PATH_MAX], host[PATH_MAX];
	int fd, r;

	r = child_path(path, dev, node->name, err);
	if (r < 0)
		return r;

	if (!rootless) {
		if (mknod(path, S_IFCHR | 0666,
			  makedev(node->major, node->minor)) < 0)
			return mr_error_set_errno(
			    err, errno, "creating device '%s' failed", path);
		/* mknod applies the umask; the nodes must be usable by all. */
		if (chmod(path, 0666) < 0)
			return mr_error_set_errno(err, errno,
						  "chmod of '%s' failed", path);
		return 0;
	}

	/* mknod is not allowed in a user namespace: bind the host's node. */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd < 0)
		return mr_error_set_errno(err, errno,
					  "creating device '%s' failed", path);
	close(fd);

	r = child_path(host, "/dev", node->name, err);
	if (r < 0)
		return r;

	return bind_mount(host, path, err);
}

static int populate_dev(const char *dev, bool rootless, struct mr_error *err)
{
	char path[PATH_MAX];
	int r;

	for (size_t i = 0; i < sizeof(device_nodes) / sizeof(*device_nodes);
	     i++) {
		r = create_device(dev, &device_nodes[i], rootless, err);
		if (r < 0)
			return r;
	}

	for (size_t i = 0; i < sizeof(dev_symlinks) / sizeof(*dev_symlinks);
	     i++) {
		r = child_path(path, dev, dev_symlinks[i][0], err);
		if (r < 0)
			return r;

		if (symlink(dev_symlinks[i][1], path) < 0)
			return mr_error_set_errno(
			    err, errno, "creating symlink '%s' failed", path);
	}
	return 0;
}

static int mount_dev_subdir(const char *dev, const char *name, const char *type,
			    unsigned long flags, const char *data,
			    struct mr_error *err)
{
	char path[PATH_MAX];
	int r;

	r = child_path(path, dev, name, err);
	if (r < 0)
		return r;

	if (mkdir(path, 0755) < 0)
		return mr_error_set_errno(err, errno, "creating '%s' failed",
					  path);

	return mount_fs(type, path, flags, data, err);
}

static int mount_dev(const char *rootfs, bool rootless, struct mr_error *err)
{
	const unsigned long dev_flags = MS_NOSUID | MS_NODEV | MS_NOEXEC;
	/* gid 5 ("tty") exists only where the host's groups are mapped. */
	const char *pts_options = rootless
				      ? "newinstance,ptmxmode=0666,mode=620"
				      : "newinstance,ptmxmode=0666,mode=620,"
					"gid=5";
	char dev[PATH_MAX];
	int r;

	r = join_path(dev, rootfs, "/dev", err);
	if (r < 0)
		return r;

	r = ensure_mount_dir(dev, err);
	if (r < 0)
		return r;

	r = mount_fs("tmpfs", dev, MS_NOSUID | MS_STRICTATIME,
		     "mode=755,size=65536k", err);
	if (r < 0)
		return r;

	r = populate_dev(dev, rootless, err);
	if (r < 0)
		return r;

	r = mount_dev_subdir(dev, "pts", "devpts", MS_NOSUID | MS_NOEXEC,
			     pts_options, err);
	if (r < 0)
		return r;

	r = mount_dev_subdir(dev, "shm", "tmpfs", dev_flags,
			     "mode=1777,size=65536k", err);
	if (r < 0)
		return r;

	return mount_dev_subdir(dev, "mqueue", "mqueue", dev_flags, NULL, err);
}

static int mount_sys(const char *rootfs, struct mr_error *err)
{
	char path[PATH_MAX];
	int r;

	r = join_path(path, rootfs, "/sys", err);
	if (r < 0)
		return r;

	r = ensure_mount_dir(path, err);
	if (r < 0)
		return r;

	return mount_fs("sysfs", path,
			MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL,
			err);
}

static int mask_path(const char *rootfs, const char *masked,
		     struct mr_error *err)
{
	char path[PATH_MAX], null[PATH_MAX];
	struct stat st;
	int r;

	r = join_path(path, rootfs, masked, err);
	if (r < 0)
		return r;

	/* The kernel decides which of these exist; a missing one is fine. */
	if (lstat(path, &st) < 0) {
		if (errno == ENOENT)
			return 0;
		return mr_error_set_errno(err, errno, "checking '%s' failed",
					  path);
	}

	if (S_ISDIR(st.st_mode))
		return mount_fs("tmpfs", path,
				MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
				"mode=555", err);

	r = join_path(null, rootfs, "/dev/null", err);
	if (r < 0)
		return r;

	return bind_mount(null, path, err);
}

static int protect_path(const char *rootfs, const char *protected,
			struct mr_error *err)
{
	char path[PATH_MAX];
	int r;

	r = join_path(path, rootfs, protected, err);
	if (r < 0)
		return r;

	if (access(path, F_OK) < 0)
		return 0;

	if (mount(path, path, NULL, MS_BIND | MS_REC, NULL) < 0)
		return mr_error_set_errno(err, errno,
					  "bind mounting '%s' failed", path);

	return remount_readonly(path, err);
}

int mr_mounts_setup(const char *rootfs, bool rootless, struct mr_error *err)
{
	int r;

	r = mount_proc(rootfs, err);
	if (r < 0)
		return r;

	r = mount_dev(rootfs, rootless, err);
	if (r < 0)
		return r;

	r = mount_sys(rootfs, err);
	if (r < 0)
		return r;

	for (size_t i = 0; i < sizeof(masked_paths) / sizeof(*masked_paths);
	     i++) {
		r = mask_path(rootfs, masked_paths[i], err);
		if (r < 0)
			return r;
	}

	for (size_t i = 0; i < sizeof(readonly_paths) / sizeof(*readonly_paths);
	     i++) {
		r = protect_path(rootfs, readonly_paths[i], err);
		if (r < 0)
			return r;
	}
	return 0;
}
