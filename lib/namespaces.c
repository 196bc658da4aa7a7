/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "namespaces.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <pwd.h>
#include <sched.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
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

/* A range of subordinate ids, from a line "OWNER:START:COUNT". */
struct id_range {
	unsigned long start;
	unsigned long count;
};

static bool parse_ulong(const char *text, unsigned long *ret)
{
	char *end;

	errno = 0;
	*ret = strtoul(text, &end, 10);
	return text[0] >= '0' && text[0] <= '9' && *end == '\0' && errno == 0;
}

static bool parse_range_line(char *line, const char *name, uid_t uid,
			     struct id_range *ret)
{
	char *owner = strtok(line, ":\n");
	char *start = strtok(NULL, ":\n");
	char *count = strtok(NULL, ":\n");
	unsigned long owner_uid;

	if (!owner || !start || !count)
		return false;

	/* As in shadow's newuidmap, OWNER is a user name or a uid. */
	if (!(name && strcmp(owner, name) == 0) &&
	    !(parse_ulong(owner, &owner_uid) && owner_uid == uid))
		return false;

	return parse_ulong(start, &ret->start) &&
	       parse_ulong(count, &ret->count) && ret->count > 0 &&
	       ret->count < UINT32_MAX;
}

/*
 * Finds the first range of path (/etc/subuid or /etc/subgid) for the user
 * with this name and uid.  A missing or unreadable file means no range.
 * NOTE: later ranges of the same user are not mapped.
 */
static bool find_id_range(const char *path, const char *name, uid_t uid,
			  struct id_range *ret)
{
	cleanup_fclose FILE *f = fopen(path, "re");
	char line[256];

	if (!f)
		return false;

	while (fgets(line, sizeof(line), f))
		if (line[0] != '#' && parse_range_line(line, name, uid, ret))
			return true;
	return false;
}

/* Finds program in $PATH as execvp would, to tell "not installed" apart. */
static bool find_program(const char *program)
{
	const char *search_path = getenv("PATH");
	char candidate[PATH_MAX];

	for (const char *dir = search_path; dir && *dir;) {
		size_t length = strcspn(dir, ":");

		snprintf(candidate, sizeof(candidate), "%.*s/%s", (int)length,
			 dir, program);
		if (access(candidate, X_OK) == 0)
			return true;
		dir += length + (dir[length] == ':');
	}
	return false;
}

/* Reads the helper's stderr into message, without the final newline. */
static void read_message(int fd, char *message, size_t size)
{
	size_t used = 0;
	ssize_t n;

	while (used + 1 < size &&
	       (n = read(fd, message + used, size - 1 - used)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		used += (size_t)n;
	}
	while (used > 0 && message[used - 1] == '\n')
		used--;
	message[used] = '\0';
}

/*
 * Runs newuidmap or newgidmap (the setuid helpers of shadow, which check
 * /etc/subuid and /etc/subgid themselves) to map id to 0 and the range to
 * 1..COUNT in the user namespace of pid.  Its stderr becomes the error.
 */
static int run_map_helper(const char *helper, pid_t pid, unsigned long id,
			  const struct id_range *range, struct mr_error *err)
{
	char args[5][24], message[256] = "";
	char *argv[] = {(char *)helper, args[0], "0",	  args[1], "1",
			args[2],	args[3], args[4], NULL};
	posix_spawn_file_actions_t actions;
	posix_spawnattr_t attributes;
	int pipe_fds[2], wait_status, r;
	pid_t helper_pid;
	sigset_t none;

	snprintf(args[0], sizeof(args[0]), "%d", (int)pid);
	snprintf(args[1], sizeof(args[1]), "%lu", id);
	snprintf(args[2], sizeof(args[2]), "1");
	snprintf(args[3], sizeof(args[3]), "%lu", range->start);
	snprintf(args[4], sizeof(args[4]), "%lu", range->count);

	if (pipe2(pipe_fds, O_CLOEXEC) < 0)
		return mr_error_set_errno(err, errno, "pipe2 failed");

	/* Unblock in the helper the signals that the parent blocks. */
	sigemptyset(&none);
	posix_spawnattr_init(&attributes);
	posix_spawnattr_setsigmask(&attributes, &none);
	posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK);
	posix_spawn_file_actions_init(&actions);
	posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null",
					 O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null",
					 O_WRONLY, 0);
	posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDERR_FILENO);

	r = posix_spawnp(&helper_pid, helper, &actions, &attributes, argv,
			 environ);
	posix_spawn_file_actions_destroy(&actions);
	posix_spawnattr_destroy(&attributes);
	close(pipe_fds[1]);
	if (r != 0) {
		close(pipe_fds[0]);
		return mr_error_set_errno(err, r, "running %s failed", helper);
	}

	read_message(pipe_fds[0], message, sizeof(message));
	close(pipe_fds[0]);
	while (waitpid(helper_pid, &wait_status, 0) < 0)
		if (errno != EINTR)
			return mr_error_set_errno(
			    err, errno, "waiting for %s failed", helper);

	if (!WIFEXITED(wait_status) || WEXITSTATUS(wait_status) != 0)
		return mr_error_set(err, EPERM, "%s %s 0 %s 1 %s %s failed: %s",
				    helper, args[0], args[1], args[3], args[4],
				    message[0] ? message : "no message");
	return 0;
}

/* The mapping without subordinate ids: the caller's uid and gid to 0. */
static int map_caller_only(pid_t pid, uid_t uid, gid_t gid,
			   struct mr_error *err)
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

int mr_userns_map_caller(pid_t pid, uid_t uid, gid_t gid, struct mr_error *err)
{
	struct passwd *user = getpwuid(uid);
	const char *name = user ? user->pw_name : NULL;
	struct id_range uids, gids;
	int r;

	if (!find_id_range("/etc/subuid", name, uid, &uids) ||
	    !find_id_range("/etc/subgid", name, uid, &gids))
		return map_caller_only(pid, uid, gid, err);

	/* NOTE: without the helpers, a range is ignored rather than fatal. */
	if (!find_program("newuidmap") || !find_program("newgidmap"))
		return map_caller_only(pid, uid, gid, err);

	r = run_map_helper("newuidmap", pid, uid, &uids, err);
	if (r < 0)
		return r;
	return run_map_helper("newgidmap", pid, gid, &gids, err);
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
