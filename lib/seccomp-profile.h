/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef MINIRUN_SECCOMP_PROFILE_H
#define MINIRUN_SECCOMP_PROFILE_H

#include <stddef.h>

#include "error.h"

/*
 * A Docker-format seccomp profile, parsed and validated, but not compiled.
 * The full definition is below so that the compiler and the tests can read
 * it; only the parser fills it in.
 */
struct mr_profile;

/*
 * Parses size bytes of JSON.  source names the input in messages (a path,
 * or "built-in default profile").  Warnings go to warnings.  On success *ret
 * owns a profile that mr_profile_free releases.
 */
int mr_profile_parse(const char *data, size_t size, const char *source,
		     struct mr_profile **ret, struct mr_warnings *warnings,
		     struct mr_error *err);

/* Reads the file at path and parses it as mr_profile_parse does. */
int mr_profile_load(const char *path, struct mr_profile **ret,
		    struct mr_warnings *warnings, struct mr_error *err);

/* Parses the profile embedded from profiles/default.json at build time. */
int mr_profile_load_default(struct mr_profile **ret,
			    struct mr_warnings *warnings,
			    struct mr_error *err);

void mr_profile_free(struct mr_profile *profile);

#endif
