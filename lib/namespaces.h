/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef MINIRUN_NAMESPACES_H
#define MINIRUN_NAMESPACES_H

#include <stdbool.h>
#include <sys/types.h>

#include "config.h"
#include "error.h"

/*
 * Returns the clone flags for a container.  Rootless runs add a user
 * namespace, and only MR_NETWORK_NONE gets a network namespace of its own.
 */
unsigned long mr_namespaces_clone_flags(bool rootless, enum mr_network network);

/*
 * Maps uid and gid of the caller to 0 in the user namespace of pid.  When
 * /etc/subuid and /etc/subgid both grant the caller a range and newuidmap
 * and newgidmap are installed, these helpers also map the first range of
 * each file to ids 1 and up.  Otherwise only the caller is mapped, after
 * denying setgroups, which an unprivileged caller must do first.
 */
int mr_userns_map_caller(pid_t pid, uid_t uid, gid_t gid, struct mr_error *err);

/* Brings up the loopback interface of the new network namespace. */
int mr_loopback_up(struct mr_error *err);

#endif
