/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef MINIRUN_CAPS_H
#define MINIRUN_CAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* A set of capabilities: bit N stands for capability number N. */
#define MR_CAP_BIT(cap) (UINT64_C(1) << (cap))

/* Docker's default set of 14 capabilities. */
uint64_t mr_caps_default(void);

/* Every capability that the running kernel supports. */
uint64_t mr_caps_known(void);

/*
 * Every capability that the running kernel supports and that the calling
 * process's bounding set still holds: what "--cap-add ALL" grants.
 */
uint64_t mr_caps_all(void);

/*
 * Resolves a capability name such as "CAP_SYS_ADMIN", "sys_admin" or
 * "Sys_Admin" to its number.  "ALL" is not a capability and is rejected here.
 */
int mr_cap_from_name(const char *name, int *ret_cap, struct mr_error *err);

/* Returns the canonical name ("CAP_SYS_ADMIN"), or NULL when unknown. */
const char *mr_cap_to_name(int cap);

/*
 * Computes the final set from Docker's default and the --cap-add and
 * --cap-drop lists as Docker does.  "--cap-add ALL" gives every capability
 * of available but the dropped ones, "--cap-drop ALL" gives only the added
 * ones, and otherwise the dropped ones leave the default before the added
 * ones join.  The result stays within available (mr_caps_all for a run),
 * and naming a capability outside it is an error.
 */
int mr_caps_resolve(char *const *add, size_t add_count, char *const *drop,
		    size_t drop_count, uint64_t available, uint64_t *ret_caps,
		    struct mr_error *err);

/*
 * Reduces the bounding set to caps and clears the ambient set.  Call it
 * before the identity changes, while CAP_SETPCAP is still effective.
 */
int mr_caps_limit_bounding(uint64_t caps, struct mr_error *err);

/*
 * Sets the effective and permitted sets to caps plus extra, and empties the
 * inheritable set.  extra is for what the launcher itself still
 * needs (CAP_SYS_ADMIN to load a seccomp filter): it is outside the bounding
 * set, so execve removes it from the command.
 */
int mr_caps_apply(uint64_t caps, uint64_t extra, struct mr_error *err);

#endif
