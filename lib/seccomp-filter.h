/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef MINIRUN_SECCOMP_FILTER_H
#define MINIRUN_SECCOMP_FILTER_H

#include <linux/filter.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "seccomp-profile.h"

/*
 * A finished classic-BPF program, ready for seccomp(2).  A program of length
 * 0 means "no filter" (the profile "{}").  flags are SECCOMP_FILTER_FLAG_*
 * values for seccomp(SECCOMP_SET_MODE_FILTER).
 */
struct mr_bpf {
	struct sock_filter *insns;
	size_t length;
	unsigned int flags;
};

/*
 * Compiles profile for the native architecture (plus what its architectures
 * and archMap add) with caps as the final capability set, which decides the
 * includes/excludes.  Warnings (unknown syscall names, ...) are appended to
 * warnings.  On success *ret owns a program that mr_bpf_free releases.
 */
int mr_filter_compile(const struct mr_profile *profile, uint64_t caps,
		      struct mr_bpf *ret, struct mr_warnings *warnings,
		      struct mr_error *err);

/*
 * Installs prog in the calling thread with seccomp(2).  The caller must have
 * no_new_privs set or CAP_SYS_ADMIN in its effective set.  Does nothing for
 * an empty program.  Makes no allocation, so it is safe after clone.
 */
int mr_filter_load(const struct mr_bpf *prog, struct mr_error *err);

void mr_bpf_free(struct mr_bpf *prog);

#endif
