/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "exec.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cleanup.h"

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

static bool same_key(const char *a, const char *b)
{
	size_t length = strcspn(a, "=");

	return strncmp(a, b, length) == 0 && b[length] == '=';
}

/* Replaces the entry with the same key as entry, or appends it. */
static int env_set(char **env, size_t *count, const char *entry,
		   struct mr_error *err)
{
	char *copy = strdup(entry);
	size_t i;

	if (!copy)
		return mr_error_set(err, ENOMEM, "out of memory");

	for (i = 0; i < *count; i++)
		if (same_key(entry, env[i]))
			break;

	if (i < *count)
		free(env[i]);
	else
		(*count)++;
	env[i] = copy;
	return 0;
}

static int env_set_pair(char **env, size_t *count, const char *key,
			const char *value, struct mr_error *err)
{
	cleanup_free char *entry = NULL;

	if (asprintf(&entry, "%s=%s", key, value) < 0) {
		entry = NULL;
		return mr_error_set(err, ENOMEM, "out of memory");
	}
	return env_set(env, count, entry, err);
}

static int add_defaults(const struct mr_config *config,
			const struct mr_identity *identity, char **env,
			size_t *count, struct mr_error *err)
{
	const char *term = getenv("TERM");
	int r;

	r = env_set_pair(env, count, "PATH", MR_DEFAULT_PATH, err);
	if (r < 0)
		return r;

	r = env_set_pair(env, count, "HOSTNAME", config->hostname, err);
	if (r < 0)
		return r;

	r = env_set_pair(env, count, "HOME", identity->home, err);
	if (r < 0)
		return r;

	/* Docker sets TERM only with a terminal; keep the caller's kind. */
	if (isatty(STDIN_FILENO) || isatty(STDOUT_FILENO))
		return env_set_pair(env, count, "TERM",
				    term && *term ? term : "xterm", err);
	return 0;
}

int mr_env_build(const struct mr_config *config,
		 const struct mr_identity *identity, char ***ret,
		 struct mr_error *err)
{
	size_t count = 0;
	char **env;
	int r;

	/* Four defaults, the --env entries and the terminating NULL. */
	env = calloc(config->env.count + 5, sizeof(*env));
	if (!env)
		return mr_error_set(err, ENOMEM, "out of memory");

	r = add_defaults(config, identity, env, &count, err);
	if (r < 0)
		goto fail;

	for (size_t i = 0; i < config->env.count; i++) {
		r = env_set(env, &count, config->env.items[i], err);
		if (r < 0)
			goto fail;
	}

	*ret = env;
	return 0;

fail:
	mr_env_free(env);
	return r;
}

void mr_env_free(char **env)
{
	for (char **entry = env; entry && *entry; entry++)
		free(*entry);
	free(env);
}

/* The fallback for kernels before 5.9, which have no close_range. */
static int close_fds_by_loop(int keep_fd, struct mr_error *err)
{
	struct rlimit limit;

	if (getrlimit(RLIMIT_NOFILE, &limit) < 0)
		return mr_error_set_errno(err, errno, "getrlimit failed");

	for (rlim_t fd = 3; fd < limit.rlim_cur && fd < INT_MAX; fd++)
		if ((int)fd != keep_fd)
			close((int)fd);
	return 0;
}

int mr_close_fds(int keep_fd, struct mr_error *err)
{
	unsigned int keep = (unsigned int)keep_fd;

	if (fcntl(keep_fd, F_SETFD, FD_CLOEXEC) < 0)
		return mr_error_set_errno(
		    err, errno, "marking fd %d close-on-exec failed", keep_fd);

	if (keep > 3 && syscall(SYS_close_range, 3U, keep - 1, 0U) < 0)
		goto fallback;
	if (syscall(SYS_close_range, keep + 1, ~0U, 0U) < 0)
		goto fallback;
	return 0;

fallback:
	if (errno != ENOSYS)
		return mr_error_set_errno(err, errno, "close_range failed");
	return close_fds_by_loop(keep_fd, err);
}

static const char *env_get(char **env, const char *key)
{
	size_t length = strlen(key);

	for (; *env; env++)
		if (strncmp(*env, key, length) == 0 && (*env)[length] == '=')
			return *env + length + 1;
	return NULL;
}

static bool is_executable_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	       access(path, X_OK) == 0;
}

/*
 * Searches PATH as execvp does: the first executable regular file wins, and
 * a file that exists but cannot be executed turns "not found" into EACCES.
 */
static int find_in_path(const char *name, const char *search_path, char *ret,
			struct mr_error *err)
{
	bool seen_denied = false;
	const char *dir = search_path;

	while (dir) {
		const char *end = strchr(dir, ':');
		int dir_length = end ? (int)(end - dir) : (int)strlen(dir);
		int length;

		length =
		    snprintf(ret, PATH_MAX, "%.*s/%s", dir_length, dir, name);
		if (length > 0 && length < PATH_MAX) {
			if (is_executable_file(ret))
				return 0;
			if (access(ret, F_OK) == 0)
				seen_denied = true;
		}
		dir = end ? end + 1 : NULL;
	}

	if (seen_denied)
		return mr_error_set(err, EACCES,
				    "command '%s' cannot be executed: "
				    "permission denied",
				    name);
	return mr_error_set(err, ENOENT, "command '%s' not found in $PATH '%s'",
			    name, search_path);
}

int mr_exec_command(char **argv, char **env, const struct mr_bpf *filter,
		    int *ret_status, struct mr_error *err)
{
	const char *search_path = env_get(env, "PATH");
	char path[PATH_MAX];
	int r;

	*ret_status = 126;

	if (strchr(argv[0], '/')) {
		if (snprintf(path, sizeof(path), "%s", argv[0]) >= PATH_MAX)
			return mr_error_set(err, ENAMETOOLONG,
					    "command '%s' is too long",
					    argv[0]);
	} else {
		r = find_in_path(argv[0], search_path ? search_path : "", path,
				 err);
		if (r < 0) {
			*ret_status = r == -ENOENT ? 127 : 126;
			return r;
		}
	}

	if (filter) {
		r = mr_filter_load(filter, err);
		if (r < 0)
			return r;
	}

	execve(path, argv, env);

	*ret_status = errno == ENOENT ? 127 : 126;
	return mr_error_set_errno(err, errno, "executing '%s' failed", argv[0]);
}
