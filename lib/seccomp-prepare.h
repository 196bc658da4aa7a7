/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef MINIRUN_SECCOMP_PREPARE_H
#define MINIRUN_SECCOMP_PREPARE_H

#include "config.h"
#include "error.h"
#include "seccomp-filter.h"

/*
 * Fills *ret with the program that the request's seccomp options ask for:
 * empty when unconfined, the built-in program for the default profile with
 * Docker's default capabilities, else the profile compiled, through the
 * cache unless --no-seccomp-cache.  The caller frees *ret with mr_bpf_free.
 */
int mr_seccomp_prepare(const struct mr_config *config, struct mr_bpf *ret,
		       struct mr_warnings *warnings, struct mr_error *err);

#endif
