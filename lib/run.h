/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef MINIRUN_RUN_H
#define MINIRUN_RUN_H

#include "config.h"
#include "error.h"
#include "seccomp-filter.h"

/*
 * Reads and compiles the seccomp profile of the request, before anything is
 * created, so a bad profile costs only a 125 exit.  Profile warnings go to
 * warnings.  *ret_filter is empty when unconfined; the caller frees it with
 * mr_bpf_free.
 */
int mr_run_prepare(const struct mr_config *config, struct mr_bpf *ret_filter,
		   struct mr_warnings *warnings, struct mr_error *err);

/*
 * Checks the rootfs, starts the container with filter and waits for it.  On
 * success *ret_status is the command's status; on failure err contains the
 * message and *ret_status is 125, 126 or 127.
 */
int mr_run(const struct mr_config *config, const struct mr_bpf *filter,
	   int *ret_status, struct mr_error *err);

#endif
