/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef MINIRUN_NAMESPACES_H
#define MINIRUN_NAMESPACES_H

#include <stdbool.h>
#include <sys/types.h>

#include "error.h"

/* The clone flags for a container; rootless runs add a user namespace. */
unsigned long mr_namespaces_clone_flags(bool rootless);

/*
 * Maps uid and gid of the caller to 0 in the user namespace of pid, after
 * denying setgroups, which an unprivileged caller must do first.
 */
int mr_userns_map_caller(pid_t pid, uid_t uid, gid_t gid, struct mr_error *err);

/* Brings up the loopback interface of the new network namespace. */
int mr_loopback_up(struct mr_error *err);

#endif
