/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef MINIRUN_USER_H
#define MINIRUN_USER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "error.h"

/* The identity that the command runs with. */
struct mr_identity {
	uid_t uid;
	gid_t gid;
	gid_t *groups; /* supplementary groups */
	size_t group_count;
	char *home;
};

/*
 * Resolves USER[:GROUP] (names or numeric ids; NULL means root) against
 * /etc/passwd and /etc/group of the current root, so call it after
 * pivot_root.  As in Docker, a numeric user without a passwd entry gets
 * group 0 and HOME=/, and the supplementary groups are those of
 * /etc/group that list the user's name.
 */
int mr_identity_resolve(const char *spec, struct mr_identity *ret,
			struct mr_error *err);

/*
 * Switches to the identity with keep-caps set, so the permitted set
 * survives a change to a non-zero uid.  Supplementary groups are set only
 * when may_setgroups is true, because a rootless user namespace denies
 * setgroups.
 */
int mr_identity_apply(const struct mr_identity *identity, bool may_setgroups,
		      struct mr_error *err);

void mr_identity_free(struct mr_identity *identity);

#endif
