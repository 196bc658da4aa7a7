/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef MINIRUN_FILTER_CACHE_H
#define MINIRUN_FILTER_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "seccomp-filter.h"

#define MR_FILTER_CACHE_KEY_SIZE 32

/* A SHA-256 that names one compiled program in the cache. */
struct mr_filter_cache_key {
	unsigned char digest[MR_FILTER_CACHE_KEY_SIZE];
};

/*
 * Computes the key over everything that decides the program.  That is the
 * profile's source name (its warnings quote it) and bytes, the capability
 * set, the native architecture, the libseccomp version and minirun's own
 * compiler, and the kernel release for a profile that mentions minKernel.
 */
int mr_filter_cache_key(const char *source, const char *profile, size_t size,
			uint64_t caps, struct mr_filter_cache_key *ret,
			struct mr_error *err);

/*
 * Writes the cache directory's path: $XDG_CACHE_HOME/minirun, else
 * /var/cache/minirun for root and ~/.cache/minirun for others.  Returns
 * false when no path applies (no HOME).
 */
bool mr_filter_cache_path(char *buffer, size_t size);

/*
 * Opens the cache directory at path, creating it (mode 0700) when missing.
 * It must belong to the caller and be closed to others; anything else means
 * no cache.  Returns a directory fd, or -1 when the cache cannot be used.
 */
int mr_filter_cache_open(const char *path);

/*
 * Looks key up in the cache at dir_fd.  Returns true and fills *ret (and
 * appends the warnings that compiling gave) only for an entry that passes
 * every check: a regular file, not a symlink, owned by the caller, of the
 * right size, header and checksum.  Anything else is a miss.
 */
bool mr_filter_cache_get(int dir_fd, const struct mr_filter_cache_key *key,
			 struct mr_bpf *ret, struct mr_warnings *warnings);

/*
 * Stores prog and its warnings under key: written to a temporary name,
 * then renamed, so readers see a whole entry or none.  Returns false when
 * it could not; the caller goes on without the cache.
 */
bool mr_filter_cache_put(int dir_fd, const struct mr_filter_cache_key *key,
			 const struct mr_bpf *prog,
			 const struct mr_warnings *warnings);

#endif
