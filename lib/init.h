/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef MINIRUN_INIT_H
#define MINIRUN_INIT_H

#include "container.h"
#include "error.h"

/*
 * Forks the command's process from pid 1 of the container, for --init.
 * Call it after the container is set up, with the identity and
 * capabilities of the command already in place.
 *
 * In the child, returns 0, and the caller goes on to load the seccomp
 * filter and execute the command as it would without --init.  In pid 1,
 * never returns.  Pid 1 loads the same filter and keeps no capability but
 * CAP_KILL.  It reaps every zombie and forwards SIGTERM, SIGINT, SIGHUP,
 * SIGQUIT, SIGUSR1 and SIGUSR2 to the command.  It exits with the command's
 * status, or 128+N when a signal N killed it.  A failure in pid 1 before
 * the command runs is written to report_fd.  Returns a negative errno when
 * the fork itself fails.
 */
int mr_init_start(const struct mr_container *container, int report_fd,
		  struct mr_error *err);

#endif
