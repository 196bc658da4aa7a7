/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef MINIRUN_PROCESS_H
#define MINIRUN_PROCESS_H

#include "container.h"
#include "error.h"

/*
 * Clones the container's init process into new namespaces, maps the
 * caller's ids for a rootless run, lets the child go on, forwards
 * SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1 and SIGUSR2 to it, and waits.
 * With --timeout it sends SIGTERM when the time is up and SIGKILL after
 * --stop-timeout.  On success *ret_status is the command's exit status, or
 * 128+N when it was killed by signal N.  On failure err contains the message
 * and *ret_status is 125 (setup), 126 (cannot execute), 127 (not found) or
 * 124 (timed out).
 */
int mr_process_run(const struct mr_container *container, int *ret_status,
		   struct mr_error *err);

/*
 * Sets the --ulimit limits of config on the calling process, for the
 * child to call before execve.  A hard limit above the current one needs
 * CAP_SYS_RESOURCE on the host, and the message says so.
 */
int mr_ulimits_apply(const struct mr_config *config, struct mr_error *err);

#endif
