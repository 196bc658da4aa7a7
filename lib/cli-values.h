/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef MINIRUN_CLI_VALUES_H
#define MINIRUN_CLI_VALUES_H

#include <stdint.h>

#include "config.h"
#include "error.h"

/*
 * Parsers for the values of the resource and mount options, as Docker
 * writes them.  Each fills its result only on success, and its message
 * names the option and the value.
 */

/* Parses "64m": bytes with an optional b, k, m or g suffix (powers of 1024). */
int mr_parse_bytes(const char *option, const char *text, uint64_t *ret,
		   struct mr_error *err);

/* Parses seconds such as "2" or "0.5", up to three decimals, into ms. */
int mr_parse_seconds(const char *option, const char *text, uint64_t *ret_ms,
		     struct mr_error *err);

/* Parses a number of CPUs such as "1.5" into thousandths of a CPU. */
int mr_parse_cpus(const char *text, uint64_t *ret_millicpus,
		  struct mr_error *err);

/* Parses a whole number from 1 to max. */
int mr_parse_count(const char *option, const char *text, uint64_t max,
		   uint64_t *ret, struct mr_error *err);

/*
 * Parses "HOST:CONTAINER[:ro|:rw]" with both paths absolute.  The paths
 * point into a copy that ret->spec owns.
 */
int mr_parse_volume(const char *text, struct mr_volume *ret,
		    struct mr_error *err);

/*
 * Parses "PATH[:OPTIONS]" with OPTIONS a comma list of size=BYTES,
 * mode=OCTAL, exec, noexec, ro and rw.  ret->target is a copy it owns.
 */
int mr_parse_tmpfs(const char *text, struct mr_tmpfs *ret,
		   struct mr_error *err);

/* Parses "NAME=SOFT[:HARD]" with Docker's names (nofile, nproc, core, ...). */
int mr_parse_ulimit(const char *text, struct mr_ulimit *ret,
		    struct mr_error *err);

#endif
