/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef MINIRUN_SECCOMP_PLAN_H
#define MINIRUN_SECCOMP_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "seccomp-profile.h"

/* Enough for every architecture that libseccomp 2.5 supports. */
#define MR_ARCH_COUNT_MAX 32

/*
 * The meaning of a profile for one run: the filter's architectures as
 * libseccomp's SCMP_ARCH_* tokens, native first, and a flag per entry of
 * profile->syscalls that tells whether it goes into the filter.
 */
struct mr_filter_plan {
	uint32_t native;
	uint32_t arches[MR_ARCH_COUNT_MAX];
	size_t arch_count;
	/* True when the entry applies and its action is not the default. */
	bool *selected;
	/* The reason an entry does not apply, or NULL when it does. */
	char **reasons;
	unsigned int kernel_major;
	unsigned int kernel_minor;
};

/*
 * Decides the plan of profile with caps as the final capability set, on
 * the running kernel and architecture.  Warnings about the profile go to
 * warnings.  On success the caller frees *ret with mr_filter_plan_free.
 */
int mr_filter_plan_make(const struct mr_profile *profile, uint64_t caps,
			struct mr_filter_plan *ret,
			struct mr_warnings *warnings, struct mr_error *err);

/* Frees what the plan owns; syscall_count is the profile's. */
void mr_filter_plan_free(struct mr_filter_plan *plan, size_t syscall_count);

/* Docker's "SCMP_ARCH_X86_64" as libseccomp's token, or 0 when unknown. */
uint32_t mr_arch_token(const char *docker_name);

#endif
