/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef MINIRUN_SECCOMP_GUARD_H
#define MINIRUN_SECCOMP_GUARD_H

#include <linux/filter.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "seccomp-profile.h"

/* The most muxed calls one multiplexer has, with room to spare. */
#define MR_GUARD_CALL_MAX 32

/* The maximum instructions that mr_guard_write writes per architecture. */
#define MR_GUARD_ARCH_LENGTH (2 * (6 + MR_GUARD_CALL_MAX))

/*
 * Writes the guard blocks for arches (libseccomp's SCMP_ARCH_* tokens) at
 * insns and returns their length, at most arch_count *
 * MR_GUARD_ARCH_LENGTH.  selected has one flag per entry of
 * profile->syscalls, true for the entries that the filter contains.  A
 * guarded call returns default_action; every other call falls through
 * past the blocks, so they can go in front of a complete program.
 */
size_t mr_guard_write(const struct mr_profile *profile, const bool *selected,
		      const uint32_t *arches, size_t arch_count,
		      uint32_t default_action, struct sock_filter *insns);

#endif
