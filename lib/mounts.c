/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "mounts.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/magic.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "cleanup.h"
#include "path-in-root.h"

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

static int mount_on_fd(const char *type, int fd, unsigned long flags,
		       const char *data, const char *path, struct mr_error *err)
{
	char target[MR_FD_PATH_MAX];

	mr_fd_path(target, fd);
	if (mount(type, target, type, flags, data) < 0)
		return mr_error_set_errno(
		    err, errno, "mounting %s on '%s' failed", type, path);
	return 0;
}

/* Binds the file or directory at source_fd onto the one at target_fd. */
static int bind_fd_on_fd(int source_fd, int target_fd, unsigned long flags,
			 const char *source, const char *path,
			 struct mr_error *err)
{
	char from[MR_FD_PATH_MAX], to[MR_FD_PATH_MAX];

	mr_fd_path(from, source_fd);
	mr_fd_path(to, target_fd);
	if (mount(from, to, NULL, MS_BIND | flags, NULL) < 0)
		return mr_error_set_errno(err, errno,
					  "bind mounting '%s' on '%s' failed",
					  source, path);
	return 0;
}

/*
 * The flags of a mount that a bind remount must repeat, because in a user
 * namespace the kernel rejects a remount that would clear a locked
 * nosuid, nodev, noexec or atime flag.
 */
static unsigned long kept_flags(const struct statvfs *st)
{
	unsigned long flags = 0;

	if (st->f_flag & ST_RDONLY)
		flags |= MS_RDONLY;
	if (st->f_flag & ST_NOSUID)
		flags |= MS_NOSUID;
	if (st->f_flag & ST_NODEV)
		flags |= MS_NODEV;
	if (st->f_flag & ST_NOEXEC)
		flags |= MS_NOEXEC;
	if (st->f_flag & ST_NOATIME)
		flags |= MS_NOATIME;
	if (st->f_flag & ST_NODIRATIME)
		flags |= MS_NODIRATIME;
	if (st->f_flag & ST_RELATIME)
		flags |= MS_RELATIME;
	return flags;
}

/* Tells whether st shows each of MS_RDONLY, MS_NOSUID and MS_NODEV in flags. */
static bool has_flags(const struct statvfs *st, unsigned long flags)
{
	if ((flags & MS_RDONLY) && !(st->f_flag & ST_RDONLY))
		return false;
	if ((flags & MS_NOSUID) && !(st->f_flag & ST_NOSUID))
		return false;
	if ((flags & MS_NODEV) && !(st->f_flag & ST_NODEV))
		return false;
	return true;
}

int mr_mount_remount_bind(int fd, unsigned long flags, const char *path,
			  struct mr_error *err)
{
	char target[MR_FD_PATH_MAX];
	struct statvfs st;

	if (fstatvfs(fd, &st) < 0)
		return mr_error_set_errno(err, errno, "checking '%s' failed",
					  path);

	flags |= MS_BIND | MS_REMOUNT | kept_flags(&st);
	mr_fd_path(target, fd);
	if (mount(NULL, target, NULL, flags, NULL) < 0)
		return mr_error_set_errno(err, errno,
					  "remounting '%s' failed", path);

	/* Only the flags the kernel reports count, not the call's success. */
	if (fstatvfs(fd, &st) < 0)
		return mr_error_set_errno(err, errno, "checking '%s' failed",
					  path);
	if (!has_flags(&st, flags))
		return mr_error_set(err, EPERM,
				    "remounting '%s' left it without the "
				    "requested ro, nosuid or nodev flag",
				    path);
	return 0;
}

/*
 * Opens the mount point of a kernel file system, creating it when
 * missing.  A symlink is rejected, even one that stays inside the rootfs,
 * because /proc or /dev mounted on another directory would hide it.
 */
static int open_mount_dir(int root_fd, const char *path, struct mr_error *err)
{
	struct stat st;
	int fd = mr_path_open_in_root(root_fd, path, O_NOFOLLOW);

	if (fd == -ENOENT)
		return mr_path_create_in_root(root_fd, path, true, err);
	if (fd < 0)
		return mr_error_set_errno(err, -fd, "opening '%s' failed",
					  path);

	if (fstat(fd, &st) < 0) {
		close(fd);
		return mr_error_set_errno(err, errno, "checking '%s' failed",
					  path);
	}
	if (S_ISLNK(st.st_mode) || !S_ISDIR(st.st_mode)) {
		close(fd);
		return mr_error_set(err, S_ISLNK(st.st_mode) ? ELOOP : ENOTDIR,
				    "mount point '%s' in the rootfs is %s",
				    path,
				    S_ISLNK(st.st_mode) ? "a symlink"
							: "not a directory");
	}
	return fd;
}

static int mount_kernel_fs(int root_fd, const char *path, const char *type,
			   unsigned long flags, const char *data,
			   struct mr_error *err)
{
	cleanup_close int fd = open_mount_dir(root_fd, path, err);

	if (fd < 0)
		return fd;
	return mount_on_fd(type, fd, flags, data, path, err);
}

static int create_device(int dev_fd, const struct device_node *node,
			 bool rootless, struct mr_error *err)
{
	char path[PATH_MAX], host[PATH_MAX];
	cleanup_close int fd = -1;
	cleanup_close int host_fd = -1;

	snprintf(path, sizeof(path), "/dev/%s", node->name);

	if (!rootless) {
		if (mknodat(dev_fd, node->name, S_IFCHR | 0666,
			    makedev(node->major, node->minor)) < 0)
			return mr_error_set_errno(
			    err, errno, "creating device '%s' failed", path);
		/* mknod applies the umask; the nodes must be usable by all. */
		if (fchmodat(dev_fd, node->name, 0666, 0) < 0)
			return mr_error_set_errno(err, errno,
						  "chmod of '%s' failed", path);
		return 0;
	}

	/* mknod is not allowed in a user namespace: bind the host's node. */
	fd = openat(dev_fd, node->name,
		    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
	if (fd < 0)
		return mr_error_set_errno(err, errno,
					  "creating device '%s' failed", path);

	/* The host's /dev is trusted, so its path is opened as it is. */
	snprintf(host, sizeof(host), "/dev/%s", node->name);
	host_fd = open(host, O_PATH | O_CLOEXEC);
	if (host_fd < 0)
		return mr_error_set_errno(err, errno, "opening '%s' failed",
					  host);
	return bind_fd_on_fd(host_fd, fd, 0, host, path, err);
}

static int populate_dev(int dev_fd, bool rootless, struct mr_error *err)
{
	int r;

	for (size_t i = 0; i < sizeof(device_nodes) / sizeof(*device_nodes);
	     i++) {
		r = create_device(dev_fd, &device_nodes[i], rootless, err);
		if (r < 0)
			return r;
	}

	for (size_t i = 0; i < sizeof(dev_symlinks) / sizeof(*dev_symlinks);
	     i++) {
		if (symlinkat(dev_symlinks[i][1], dev_fd, dev_symlinks[i][0]) <
		    0)
			return mr_error_set_errno(
			    err, errno, "creating symlink '/dev/%s' failed",
			    dev_symlinks[i][0]);
	}
	return 0;
}

static int mount_dev_subdir(int dev_fd, const char *name, const char *type,
			    unsigned long flags, const char *data,
			    struct mr_error *err)
{
	cleanup_close int fd = -1;
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "/dev/%s", name);

	if (mkdirat(dev_fd, name, 0755) < 0)
		return mr_error_set_errno(err, errno, "creating '%s' failed",
					  path);

	fd = openat(dev_fd, name, O_PATH | O_NOFOLLOW | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return mr_error_set_errno(err, errno, "opening '%s' failed",
					  path);
	return mount_on_fd(type, fd, flags, data, path, err);
}

static int mount_dev(int root_fd, bool rootless, struct mr_error *err)
{
	const unsigned long dev_flags = MS_NOSUID | MS_NODEV | MS_NOEXEC;
	/* gid 5 ("tty") exists only where the host's groups are mapped. */
	const char *pts_options = rootless
				      ? "newinstance,ptmxmode=0666,mode=620"
				      : "newinstance,ptmxmode=0666,mode=620,"
					"gid=5";
	cleanup_close int dev_fd = -1;
	int r;

	r = mount_kernel_fs(root_fd, "/dev", "tmpfs", MS_NOSUID | MS_STRICTATIME,
			    "mode=755,size=65536k", err);
	if (r < 0)
		return r;

	/* Opened again, the path leads into the new tmpfs. */
	dev_fd = mr_path_open_in_root(root_fd, "/dev", O_NOFOLLOW | O_DIRECTORY);
	if (dev_fd < 0)
		return mr_error_set_errno(err, -dev_fd,
					  "opening '/dev' failed");

	r = populate_dev(dev_fd, rootless, err);
	if (r < 0)
		return r;

	r = mount_dev_subdir(dev_fd, "pts", "devpts", MS_NOSUID | MS_NOEXEC,
			     pts_options, err);
	if (r < 0)
		return r;

	r = mount_dev_subdir(dev_fd, "shm", "tmpfs", dev_flags,
			     "mode=1777,size=65536k", err);
	if (r < 0)
		return r;

	return mount_dev_subdir(dev_fd, "mqueue", "mqueue", dev_flags, NULL,
				err);
}

static int mask_path(int root_fd, const char *masked, struct mr_error *err)
{
	cleanup_close int fd = -1;
	cleanup_close int null_fd = -1;
	struct stat st;

	/* The kernel decides which of these exist; a missing one is fine. */
	fd = mr_path_open_in_root(root_fd, masked, O_NOFOLLOW);
	if (fd == -ENOENT)
		return 0;
	if (fd < 0)
		return mr_error_set_errno(err, -fd, "checking '%s' failed",
					  masked);

	if (fstat(fd, &st) < 0)
		return mr_error_set_errno(err, errno, "checking '%s' failed",
					  masked);
	if (S_ISLNK(st.st_mode))
		return mr_error_set(err, ELOOP, "masked path '%s' is a symlink",
				    masked);

	if (S_ISDIR(st.st_mode))
		return mount_on_fd("tmpfs", fd,
				   MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
				   "mode=555", masked, err);

	null_fd = mr_path_open_in_root(root_fd, "/dev/null", O_NOFOLLOW);
	if (null_fd < 0)
		return mr_error_set_errno(err, -null_fd,
					  "opening '/dev/null' failed");
	return bind_fd_on_fd(null_fd, fd, 0, "/dev/null", masked, err);
}

static int protect_path(int root_fd, const char *protected,
			struct mr_error *err)
{
	cleanup_close int fd = -1;
	cleanup_close int mount_fd = -1;
	int r;

	fd = mr_path_open_in_root(root_fd, protected, O_NOFOLLOW);
	if (fd == -ENOENT)
		return 0;
	if (fd < 0)
		return mr_error_set_errno(err, -fd, "checking '%s' failed",
					  protected);

	r = bind_fd_on_fd(fd, fd, MS_REC, protected, protected, err);
	if (r < 0)
		return r;

	/* fd still names the covered file, so the new mount needs a lookup. */
	mount_fd = mr_path_open_in_root(root_fd, protected, O_NOFOLLOW);
	if (mount_fd < 0)
		return mr_error_set_errno(err, -mount_fd,
					  "opening '%s' failed", protected);
	return mr_mount_remount_bind(mount_fd, MS_RDONLY, protected, err);
}

int mr_mounts_setup(int root_fd, bool rootless, struct mr_error *err)
{
	int r;

	r = mount_kernel_fs(root_fd, "/proc", "proc",
			    MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL, err);
	if (r < 0)
		return r;

	r = mount_dev(root_fd, rootless, err);
	if (r < 0)
		return r;

	r = mount_kernel_fs(root_fd, "/sys", "sysfs",
			    MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL,
			    err);
	if (r < 0)
		return r;

	for (size_t i = 0; i < sizeof(masked_paths) / sizeof(*masked_paths);
	     i++) {
		r = mask_path(root_fd, masked_paths[i], err);
		if (r < 0)
			return r;
	}

	for (size_t i = 0; i < sizeof(readonly_paths) / sizeof(*readonly_paths);
	     i++) {
		r = protect_path(root_fd, readonly_paths[i], err);
		if (r < 0)
			return r;
	}
	return 0;
}

/* A --volume or --tmpfs entry, in the order in which it is mounted. */
struct user_mount {
	const struct mr_volume *volume;
	const struct mr_tmpfs *tmpfs;
	char *target; /* the lexically cleaned container path */
};

/* linux/magic.h of older kernels lacks it. */
#ifndef MQUEUE_MAGIC
#define MQUEUE_MAGIC 0x19800202
#endif

/*
 * Tells whether fd is on one of the kernel file systems that minirun mounts
 * and masks: a volume or tmpfs over them would undo the masks and the
 * read-only paths, so runc refuses such mounts too.
 */
static bool is_kernel_fs(int fd)
{
	struct statfs fs;

	if (fstatfs(fd, &fs) < 0)
		return true;
	return fs.f_type == PROC_SUPER_MAGIC || fs.f_type == SYSFS_MAGIC ||
	       fs.f_type == DEVPTS_SUPER_MAGIC || fs.f_type == MQUEUE_MAGIC;
}

/*
 * Opens the target of a volume or tmpfs, creating it when missing.  The
 * root directory itself is rejected: a mount there would hide the rootfs
 * and break pivot_root.
 */
static int open_user_target(int root_fd, const char *target, bool directory,
			    struct mr_error *err)
{
	struct stat st, root_st;
	int fd = mr_path_create_in_root(root_fd, target, directory, err);

	if (fd < 0)
		return fd;

	if (fstat(fd, &st) < 0 || fstat(root_fd, &root_st) < 0) {
		close(fd);
		return mr_error_set_errno(err, errno, "checking '%s' failed",
					  target);
	}

	if (st.st_dev == root_st.st_dev && st.st_ino == root_st.st_ino) {
		close(fd);
		return mr_error_set(err, EINVAL,
				    "'%s' is the root directory of the "
				    "container",
				    target);
	}
	if (is_kernel_fs(fd)) {
		close(fd);
		return mr_error_set(err, EPERM,
				    "'%s' is in the container's /proc, /sys or "
				    "a /dev file system, which minirun sets "
				    "up itself; mount elsewhere",
				    target);
	}
	if (directory != !!S_ISDIR(st.st_mode)) {
		close(fd);
		return mr_error_set(err, directory ? ENOTDIR : EISDIR,
				    "'%s' in the rootfs is %s", target,
				    directory ? "not a directory"
					      : "a directory");
	}
	return fd;
}

/*
 * Checks that the lookup after the bind found the volume's own mount, not
 * something that a change in the rootfs put in its place.
 */
static int check_is_source(int fd, const struct stat *source_st,
			   const char *target, struct mr_error *err)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return mr_error_set_errno(err, errno, "checking '%s' failed",
					  target);
	if (st.st_dev != source_st->st_dev || st.st_ino != source_st->st_ino)
		return mr_error_set(err, EXDEV,
				    "'%s' changed while it was mounted", target);
	return 0;
}

static int mount_volume(int root_fd, const struct mr_volume *volume,
			const char *target, struct mr_error *err)
{
	const unsigned long flags =
	    MS_NOSUID | MS_NODEV | (volume->read_only ? MS_RDONLY : 0);
	cleanup_close int source_fd = -1;
	cleanup_close int target_fd = -1;
	cleanup_close int mount_fd = -1;
	struct stat source_st;
	int r;

	/* The host path is the caller's choice, so it is opened as it is. */
	source_fd = open(volume->source, O_PATH | O_CLOEXEC);
	if (source_fd < 0 || fstat(source_fd, &source_st) < 0)
		return mr_error_set_errno(err, errno,
					  "invalid --volume host path '%s'",
					  volume->source);

	target_fd = open_user_target(root_fd, target,
				     S_ISDIR(source_st.st_mode), err);
	if (target_fd < 0)
		return mr_error_prefix(err, "--volume '%s'", volume->target);

	/* Recursive, as in Docker, so that mounts below the source show. */
	r = bind_fd_on_fd(source_fd, target_fd, MS_REC, volume->source, target,
			  err);
	if (r < 0)
		return r;

	/* A bind ignores other flags, so they need a remount of the new mount. */
	mount_fd = mr_path_open_in_root(root_fd, target, 0);
	if (mount_fd < 0)
		return mr_error_set_errno(err, -mount_fd,
					  "opening '%s' failed", target);

	r = check_is_source(mount_fd, &source_st, target, err);
	if (r < 0)
		return r;
	return mr_mount_remount_bind(mount_fd, flags, target, err);
}

static int mount_tmpfs(int root_fd, const struct mr_tmpfs *tmpfs,
		       const char *target, struct mr_error *err)
{
	/* noexec unless asked, as in Docker. */
	const unsigned long flags = MS_NOSUID | MS_NODEV |
				    (tmpfs->exec ? 0 : MS_NOEXEC) |
				    (tmpfs->read_only ? MS_RDONLY : 0);
	cleanup_close int fd = -1;
	char data[64];

	if (tmpfs->size_bytes > 0)
		snprintf(data, sizeof(data), "mode=%o,size=%" PRIu64,
			 tmpfs->mode, tmpfs->size_bytes);
	else
		snprintf(data, sizeof(data), "mode=%o", tmpfs->mode);

	fd = open_user_target(root_fd, target, true, err);
	if (fd < 0)
		return mr_error_prefix(err, "--tmpfs '%s'", tmpfs->target);
	return mount_on_fd("tmpfs", fd, flags, data, target, err);
}

/* The depth of a cleaned absolute path: 0 for "/", 2 for "/a/b". */
static size_t path_depth(const char *path)
{
	size_t depth = 0;

	for (const char *c = path; *c; c++)
		if (*c == '/' && c[1] != '\0')
			depth++;
	return depth;
}

/*
 * Lists the volumes and tmpfs mounts by the depth of their targets, as
 * Docker does, so that a mount inside another comes after it.  The sort
 * is stable, so equal depths keep the order of the command line.
 */
static int list_user_mounts(const struct mr_config *config,
			    struct user_mount *list, struct mr_error *err)
{
	size_t count = 0;

	for (size_t i = 0; i < config->volume_count; i++)
		list[count++] = (struct user_mount){
		    .volume = &config->volumes[i],
		    .target = mr_path_clean(config->volumes[i].target)};
	for (size_t i = 0; i < config->tmpfs_count; i++)
		list[count++] = (struct user_mount){
		    .tmpfs = &config->tmpfs_mounts[i],
		    .target = mr_path_clean(config->tmpfs_mounts[i].target)};

	for (size_t i = 0; i < count; i++)
		if (!list[i].target)
			return mr_error_set(err, ENOMEM, "out of memory");

	for (size_t i = 1; i < count; i++) {
		struct user_mount entry = list[i];
		size_t j = i;

		for (; j > 0 && path_depth(list[j - 1].target) >
				    path_depth(entry.target);
		     j--)
			list[j] = list[j - 1];
		list[j] = entry;
	}
	return 0;
}

static void free_user_mounts(struct user_mount *list, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(list[i].target);
	free(list);
}

int mr_mounts_add_user(int root_fd, const struct mr_config *config,
		       struct mr_error *err)
{
	size_t count = config->volume_count + config->tmpfs_count;
	struct user_mount *list;
	int r;

	if (count == 0)
		return 0;

	list = calloc(count, sizeof(*list));
	if (!list)
		return mr_error_set(err, ENOMEM, "out of memory");

	r = list_user_mounts(config, list, err);
	for (size_t i = 0; r == 0 && i < count; i++) {
		if (list[i].volume)
			r = mount_volume(root_fd, list[i].volume,
					 list[i].target, err);
		else
			r = mount_tmpfs(root_fd, list[i].tmpfs, list[i].target,
					err);
	}

	free_user_mounts(list, count);
	return r;
}
