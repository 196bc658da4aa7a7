/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "namespaces.h"

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cleanup.h"

unsigned long mr_namespaces_clone_flags(bool rootless, enum mr_network network)
{
	unsigned long flags = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS |
			      CLONE_NEWIPC | CLONE_NEWCGROUP;

	if (rootless)
		flags |= CLONE_NEWUSER;
	if (network == MR_NETWORK_NONE)
		flags |= CLONE_NEWNET;
	return flags;
}

static int write_proc_file(pid_t pid, const char *name, const char *content,
			   struct mr_error *err)
{
	cleanup_close int fd = -1;
	char path[64];
	size_t length = strlen(content);

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, name);

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return mr_error_set_errno(err, errno, "opening '%s' failed",
					  path);

	/* The kernel takes a map in one write() or not at all. */
	if (write(fd, content, length) != (ssize_t)length)
		return mr_error_set_errno(
		    err, errno, "writing '%s' to '%s' failed", content, path);
	return 0;
}

int mr_userns_map_caller(pid_t pid, uid_t uid, gid_t gid, struct mr_error *err)
{
	char map[64];
	int r;

	snprintf(map, sizeof(map), "0 %u 1\n", (unsigned)uid);
	r = write_proc_file(pid, "uid_map", map, err);
	if (r < 0)
		return r;

	r = write_proc_file(pid, "setgroups", "deny", err);
	if (r < 0)
		return r;

	snprintf(map, sizeof(map), "0 %u 1\n", (unsigned)gid);
	return write_proc_file(pid, "gid_map", map, err);
}

int mr_loopback_up(struct mr_error *err)
{
	struct ifreq request = {.ifr_name = "lo"};
	cleanup_close int fd = -1;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return mr_error_set_errno(err, errno,
					  "creating a socket for 'lo' failed");

	if (ioctl(fd, SIOCGIFFLAGS, &request) < 0)
		return mr_error_set_errno(err, errno,
					  "reading the flags of 'lo' failed");

	request.ifr_flags |= IFF_UP;
	if (ioctl(fd, SIOCSIFFLAGS, &request) < 0)
		return mr_error_set_errno(err, errno,
					  "bringing 'lo' up failed");
	return 0;
}
