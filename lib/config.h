/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef MINIRUN_CONFIG_H
#define MINIRUN_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum mr_seccomp_mode {
	MR_SECCOMP_DEFAULT,
	MR_SECCOMP_UNCONFINED,
	MR_SECCOMP_PROFILE,
};

/* A list of strings; the strings belong to whoever filled the list. */
struct mr_strv {
	char **items;
	size_t count;
};

/*
 * The fully parsed run request.  String fields point into the caller's argv
 * unless noted, so the config lives no longer than argv.
 */
struct mr_config {
	const char *rootfs;
	char **command; /* NULL-terminated, command[0] is the program */

	const char *hostname;
	const char *workdir;
	const char *user;   /* USER[:GROUP], or NULL for root */
	struct mr_strv env; /* "KEY=VALUE" strings owned by the config */

	enum mr_seccomp_mode seccomp_mode;
	const char *seccomp_profile; /* the path for MR_SECCOMP_PROFILE */
	bool no_new_privileges;

	struct mr_strv cap_add;
	struct mr_strv cap_drop;
	uint64_t caps; /* the final set, computed from the two lists */
};

#endif
