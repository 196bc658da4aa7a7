/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef MINIRUN_RUN_H
#define MINIRUN_RUN_H

#include "config.h"
#include "error.h"

/*
 * Runs the request: compiles the seccomp filter, checks the rootfs, starts
 * the container and waits for it.  Profile warnings go to warnings, for
 * the caller to print.  On success *ret_status is the command's status; on
 * failure err holds the message and *ret_status is 125, 126 or 127.
 */
int mr_run(const struct mr_config *config, int *ret_status,
	   struct mr_warnings *warnings, struct mr_error *err);

#endif
