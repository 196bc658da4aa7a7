/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef MINIRUN_SECCOMP_REVIEW_H
#define MINIRUN_SECCOMP_REVIEW_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "seccomp-profile.h"

/*
 * Appends, as located warnings, what a reviewer should know beyond the
 * warnings of parsing and compiling: each entry that does not apply with
 * caps on this machine, and why.
 */
int mr_filter_review(const struct mr_profile *profile, uint64_t caps,
		     struct mr_warnings *warnings, struct mr_error *err);

/*
 * Describes the filter that profile gives with caps, one line per syscall
 * and condition set, after includes and excludes: first the default
 * action, the flags and the architectures, then the rules, sorted, so
 * that two profiles compare with diff.  Names unknown to libseccomp are
 * left out, with a warning.  On success the caller frees *ret_lines with
 * mr_dump_free.
 */
int mr_filter_dump(const struct mr_profile *profile, uint64_t caps,
		   char ***ret_lines, size_t *ret_count,
		   struct mr_warnings *warnings, struct mr_error *err);

void mr_dump_free(char **lines, size_t count);

#endif
