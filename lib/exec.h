/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef MINIRUN_EXEC_H
#define MINIRUN_EXEC_H

#include "config.h"
#include "error.h"
#include "seccomp-filter.h"
#include "user.h"

#define MR_DEFAULT_PATH                                                        \
	"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/*
 * Builds the command's environment: PATH, HOSTNAME, HOME and, when a
 * terminal is attached, TERM, then the --env entries, which replace a
 * default of the same name.  The caller frees *ret with mr_env_free.
 */
int mr_env_build(const struct mr_config *config,
		 const struct mr_identity *identity, char ***ret,
		 struct mr_error *err);

void mr_env_free(char **env);

/*
 * Closes every file descriptor above 2 except keep_fd, which is marked
 * close-on-exec instead.
 */
int mr_close_fds(int keep_fd, struct mr_error *err);

/*
 * Finds argv[0] through the PATH of env, loads filter (NULL: none) as the
 * last step and executes.  Returns only on failure, with *ret_status set to
 * 127 when the command does not exist and 126 when it cannot be executed.
 */
int mr_exec_command(char **argv, char **env, const struct mr_bpf *filter,
		    int *ret_status, struct mr_error *err);

#endif
