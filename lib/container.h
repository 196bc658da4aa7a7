/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef MINIRUN_CONTAINER_H
#define MINIRUN_CONTAINER_H

#include <stdbool.h>
#include <sys/types.h>

#include "config.h"
#include "error.h"
#include "seccomp-filter.h"

/* Everything the child needs, prepared by the parent before clone. */
struct mr_container {
	const struct mr_config *config;
	const char *rootfs;	     /* absolute path without symlinks */
	const struct mr_bpf *filter; /* NULL when unconfined */
	bool rootless;		     /* the caller is not root on the host */
};

/*
 * Where a child failure happened, so the parent can choose the exit status:
 * a setup failure is 125, an exec failure 126 or 127.
 */
enum mr_child_stage {
	MR_STAGE_SETUP = 1,
	MR_STAGE_EXEC = 2,
};

/* The message the child sends to the parent instead of printing. */
struct mr_child_report {
	enum mr_child_stage stage;
	struct mr_error error;
};

/*
 * Runs in the cloned child: waits for the parent's go-ahead on go_fd, sets
 * up the container and executes the command.  A failure is written to
 * report_fd and the child exits; it never returns.
 */
__attribute__((noreturn)) void
mr_container_main(const struct mr_container *container, int go_fd,
		  int report_fd);

#endif
