/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Picks the seccomp program of a run, fastest source first: the program
 * compiled into minirun at build time, a cached one, or a fresh compile.
 */
#include "seccomp-prepare.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "caps.h"
#include "cleanup.h"
#include "default-filter.h"
#include "filter-cache.h"
#include "seccomp-profile.h"

/*
 * The default profile with Docker's default capabilities, the common run,
 * was compiled at build time: copying it spares the JSON parse and
 * libseccomp's compile, which cost most of minirun's start-up.
 */
static bool use_precompiled(const struct mr_config *config)
{
	return config->seccomp_mode == MR_SECCOMP_DEFAULT &&
	       config->caps == mr_caps_default();
}

static int copy_precompiled(struct mr_bpf *ret, struct mr_error *err)
{
	size_t size = mr_default_filter_length * sizeof(struct sock_filter);

	ret->insns = malloc(size);
	if (!ret->insns)
		return mr_error_set(err, ENOMEM, "out of memory");

	memcpy(ret->insns, mr_default_filter_insns, size);
	ret->length = mr_default_filter_length;
	ret->flags = mr_default_filter_flags;
	return 0;
}

/* The profile's bytes and the name that messages give it. */
struct profile_source {
	const char *name;
	const char *data;
	size_t size;
	char *owned; /* the file's contents, when read from a file */
};

static int read_source(const struct mr_config *config,
		       struct profile_source *ret, struct mr_error *err)
{
	int r;

	if (config->seccomp_mode != MR_SECCOMP_PROFILE) {
		*ret = (struct profile_source){MR_DEFAULT_PROFILE_SOURCE,
					       mr_default_profile,
					       mr_default_profile_size, NULL};
		return 0;
	}

	*ret = (struct profile_source){.name = config->seccomp_profile};
	r = mr_profile_read(config->seccomp_profile, &ret->owned, &ret->size,
			    err);
	ret->data = ret->owned;
	return r;
}

static int compile_source(const struct mr_config *config,
			  const struct profile_source *source,
			  struct mr_bpf *ret, struct mr_warnings *warnings,
			  struct mr_error *err)
{
	struct mr_profile *profile = NULL;
	int r;

	r = mr_profile_parse(source->data, source->size, source->name,
			     &profile, warnings, err);
	if (r < 0)
		return r;

	r = mr_filter_compile(profile, config->caps, ret, warnings, err);
	mr_profile_free(profile);
	return r;
}

/* Returns the cache directory's fd, or -1 to go without the cache. */
static int open_cache(const struct mr_config *config)
{
	char path[PATH_MAX];

	if (config->no_seccomp_cache || !mr_filter_cache_path(path, sizeof(path)))
		return -1;
	return mr_filter_cache_open(path);
}

/*
 * Compiles through the cache.  The cache never makes a run fail: a miss or
 * a broken entry means compiling, and a failed store is ignored.  Errors
 * and their warnings are not cached, so a bad profile reports afresh.
 */
static int compile_cached(const struct mr_config *config,
			  const struct profile_source *source,
			  struct mr_bpf *ret, struct mr_warnings *warnings,
			  struct mr_error *err)
{
	struct mr_warnings compiled_warnings = {0};
	struct mr_filter_cache_key key;
	cleanup_close int cache_fd = open_cache(config);
	int r;

	if (cache_fd < 0 || mr_filter_cache_key(source->name, source->data,
						source->size, config->caps,
						&key, err) < 0)
		return compile_source(config, source, ret, warnings, err);

	if (mr_filter_cache_get(cache_fd, &key, ret, warnings))
		return 0;

	r = compile_source(config, source, ret, &compiled_warnings, err);
	if (r == 0 && compiled_warnings.dropped == 0)
		mr_filter_cache_put(cache_fd, &key, ret, &compiled_warnings);

	for (size_t i = 0; i < compiled_warnings.count; i++)
		mr_warnings_add(warnings, "%s", compiled_warnings.lines[i]);
	warnings->dropped += compiled_warnings.dropped;
	mr_warnings_free(&compiled_warnings);
	return r;
}

int mr_seccomp_prepare(const struct mr_config *config, struct mr_bpf *ret,
		       struct mr_warnings *warnings, struct mr_error *err)
{
	struct profile_source source;
	int r;

	*ret = (struct mr_bpf){0};
	if (config->seccomp_mode == MR_SECCOMP_UNCONFINED)
		return 0;

	if (use_precompiled(config))
		return copy_precompiled(ret, err);

	r = read_source(config, &source, err);
	if (r == 0)
		r = compile_cached(config, &source, ret, warnings, err);
	free(source.owned);
	return r;
}
