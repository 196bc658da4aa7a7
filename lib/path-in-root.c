/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "path-in-root.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cleanup.h"

/* The kernel's own limit on symlinks in one lookup (MAXSYMLINKS). */
#define MAX_SYMLINKS 40

/*
 * openat2 fails with EAGAIN when a rename or mount elsewhere races with a
 * RESOLVE_IN_ROOT lookup; a few retries outlast any short race.
 */
#define OPENAT2_ATTEMPTS 16

void mr_fd_path(char buf[MR_FD_PATH_MAX], int fd)
{
	snprintf(buf, MR_FD_PATH_MAX, "/proc/self/fd/%d", fd);
}

static int open_with_openat2(int root_fd, const char *path, int flags)
{
	struct open_how how = {
	    .flags = O_PATH | O_CLOEXEC | (flags & (O_DIRECTORY | O_NOFOLLOW)),
	    .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};

	for (int attempt = 0; attempt < OPENAT2_ATTEMPTS; attempt++) {
		long fd = syscall(SYS_openat2, root_fd, path, &how, sizeof(how));

		if (fd >= 0)
			return (int)fd;
		if (errno != EAGAIN)
			return -errno;
	}
	return -EAGAIN;
}

int mr_path_open_in_root(int root_fd, const char *path, int flags)
{
	int fd = open_with_openat2(root_fd, path, flags);

	if (fd == -ENOSYS)
		return mr_path_walk_in_root(root_fd, path, flags);
	return fd;
}

static int open_root(int root_fd)
{
	int fd = openat(root_fd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

/*
 * Reopens resolved, a path below root_fd that the walk already found to
 * hold only directories.  O_NOFOLLOW turns a directory swapped for a
 * symlink since then into an error instead of an escape.
 */
static int reopen_resolved(int root_fd, const char *resolved)
{
	char copy[PATH_MAX];
	char *name, *save = NULL;
	int cur = open_root(root_fd);

	snprintf(copy, sizeof(copy), "%s", resolved);
	for (name = strtok_r(copy, "/", &save); name && cur >= 0;
	     name = strtok_r(NULL, "/", &save)) {
		int fd = openat(cur, name,
				O_PATH | O_NOFOLLOW | O_DIRECTORY | O_CLOEXEC);

		close(cur);
		cur = fd < 0 ? -errno : fd;
	}
	return cur;
}

/* Drops the last component of resolved, which stays "" at the root. */
static void drop_last_component(char *resolved)
{
	char *slash = strrchr(resolved, '/');

	if (slash)
		*slash = '\0';
}

/*
 * Replaces the walk's remaining path with the target of the symlink at
 * link_fd followed by the part after the link.
 */
static int splice_symlink(int link_fd, char *rest, const char *after)
{
	char target[PATH_MAX], joined[PATH_MAX];
	ssize_t length;
	int n;

	length = readlinkat(link_fd, "", target, sizeof(target) - 1);
	if (length < 0)
		return -errno;
	if ((size_t)length >= sizeof(target) - 1)
		return -ENAMETOOLONG;
	target[length] = '\0';

	n = snprintf(joined, sizeof(joined), "%s/%s", target, after);
	if (n < 0 || n >= PATH_MAX)
		return -ENAMETOOLONG;
	memcpy(rest, joined, (size_t)n + 1);
	return 0;
}

/* The state of one walk: the open directory and its path below the root. */
struct walk {
	int root_fd;
	int cur;
	char resolved[PATH_MAX];
	char rest[PATH_MAX];
	int links;
};

/* Follows the symlink at fd, which the walk reached in place of a name. */
static int walk_follow(struct walk *walk, int fd, const char *after)
{
	int r;

	if (++walk->links > MAX_SYMLINKS)
		return -ELOOP;

	r = splice_symlink(fd, walk->rest, after);
	if (r < 0)
		return r;

	if (walk->rest[0] == '/') {
		walk->resolved[0] = '\0';
		close(walk->cur);
		walk->cur = open_root(walk->root_fd);
		if (walk->cur < 0)
			return walk->cur;
	}
	return 0;
}

static int walk_enter(struct walk *walk, const char *name, int fd)
{
	size_t used = strlen(walk->resolved);

	if (used + 1 + strlen(name) >= sizeof(walk->resolved))
		return -ENAMETOOLONG;
	walk->resolved[used] = '/';
	strcpy(walk->resolved + used + 1, name);
	close(walk->cur);
	walk->cur = fd;
	return 0;
}

/*
 * Takes one component off walk->rest into name.  Returns 1 with
 * *ret_after pointing at what follows it, 0 when nothing is left, or
 * -ENAMETOOLONG.
 */
static int next_component(struct walk *walk, char *name, char **ret_after)
{
	char *start = walk->rest + strspn(walk->rest, "/");
	size_t length = strcspn(start, "/");

	if (length == 0)
		return 0;
	if (length > NAME_MAX)
		return -ENAMETOOLONG;
	memcpy(name, start, length);
	name[length] = '\0';
	*ret_after = start + length;
	return 1;
}

static int walk_step(struct walk *walk, const char *name, const char *after,
		     int flags)
{
	/* A trailing slash makes the kernel follow even with O_NOFOLLOW. */
	bool follow = after[0] != '\0' || !(flags & O_NOFOLLOW);
	struct stat st;
	int fd, r;

	if (strcmp(name, ".") == 0)
		return 0;

	if (strcmp(name, "..") == 0) {
		drop_last_component(walk->resolved);
		close(walk->cur);
		walk->cur = reopen_resolved(walk->root_fd, walk->resolved);
		return walk->cur < 0 ? walk->cur : 0;
	}

	fd = openat(walk->cur, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;

	if (fstat(fd, &st) < 0) {
		r = -errno;
	} else if (S_ISLNK(st.st_mode) && follow) {
		r = walk_follow(walk, fd, after);
	} else {
		return walk_enter(walk, name, fd);
	}
	close(fd);
	return r;
}

int mr_path_walk_in_root(int root_fd, const char *path, int flags)
{
	struct walk walk = {.root_fd = root_fd};
	char name[NAME_MAX + 1];
	char *after;
	struct stat st;
	int r;

	if (strlen(path) >= sizeof(walk.rest))
		return -ENAMETOOLONG;
	strcpy(walk.rest, path);

	walk.cur = open_root(root_fd);
	if (walk.cur < 0)
		return walk.cur;

	while ((r = next_component(&walk, name, &after)) > 0) {
		/* walk_step may rewrite rest, so move what follows first. */
		memmove(walk.rest, after, strlen(after) + 1);
		r = walk_step(&walk, name, walk.rest, flags);
		if (r < 0)
			break;
	}

	if (r == 0 && (flags & O_DIRECTORY)) {
		if (fstat(walk.cur, &st) < 0)
			r = -errno;
		else if (!S_ISDIR(st.st_mode))
			r = -ENOTDIR;
	}

	if (r < 0) {
		if (walk.cur >= 0)
			close(walk.cur);
		return r;
	}
	return walk.cur;
}

static int create_last(int parent_fd, const char *name, bool directory)
{
	int fd;

	if (directory)
		return mkdirat(parent_fd, name, 0755) < 0 ? -errno : 0;

	fd = openat(parent_fd, name,
		    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

/* Creates the last component of path in its parent, which it creates too. */
static int create_in_parent(int root_fd, char *path, bool directory,
			    struct mr_error *err)
{
	char *slash = strrchr(path, '/');
	const char *name = slash ? slash + 1 : path;
	cleanup_close int parent_fd = -1;
	int r;

	if (!slash || slash == path) {
		parent_fd = mr_path_create_in_root(root_fd, "/", true, err);
	} else {
		*slash = '\0';
		parent_fd = mr_path_create_in_root(root_fd, path, true, err);
		*slash = '/';
	}
	if (parent_fd < 0)
		return parent_fd;

	/* After "a/.." exists as a parent, nothing is left to create. */
	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return 0;

	r = create_last(parent_fd, name, directory);
	if (r < 0 && r != -EEXIST)
		return mr_error_set_errno(err, -r, "creating '%s' failed",
					  path);
	return r;
}

int mr_path_create_in_root(int root_fd, const char *path, bool directory,
			   struct mr_error *err)
{
	cleanup_free char *copy = NULL;
	size_t length;
	int fd, r;

	fd = mr_path_open_in_root(root_fd, path, 0);
	if (fd >= 0)
		return fd;
	if (fd != -ENOENT)
		return mr_error_set_errno(err, -fd, "opening '%s' failed",
					  path);

	copy = strdup(path);
	if (!copy)
		return mr_error_set(err, ENOMEM, "out of memory");
	length = strlen(copy);
	while (length > 1 && copy[length - 1] == '/')
		copy[--length] = '\0';

	r = create_in_parent(root_fd, copy, directory, err);
	if (r < 0 && r != -EEXIST)
		return r;

	fd = mr_path_open_in_root(root_fd, path, 0);
	if (fd == -ENOENT && r == -EEXIST)
		return mr_error_set(err, ENOENT,
				    "'%s' is a symlink to a missing path", path);
	if (fd < 0)
		return mr_error_set_errno(err, -fd, "opening '%s' failed",
					  path);
	return fd;
}

char *mr_path_clean(const char *path)
{
	size_t size = strlen(path) + 2;
	char *clean = malloc(size);
	size_t used = 0;

	if (!clean)
		return NULL;

	for (const char *c = path; *c;) {
		size_t length;

		c += strspn(c, "/");
		length = strcspn(c, "/");
		if (length == 2 && c[0] == '.' && c[1] == '.') {
			while (used > 0 && clean[--used] != '/')
				;
		} else if (length > 0 && !(length == 1 && c[0] == '.')) {
			clean[used++] = '/';
			memcpy(clean + used, c, length);
			used += length;
		}
		c += length;
	}

	if (used == 0)
		clean[used++] = '/';
	clean[used] = '\0';
	return clean;
}
