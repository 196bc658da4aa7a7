/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "run.h"

#include <stdlib.h>
#include <unistd.h>

#include "cleanup.h"
#include "container.h"
#include "process.h"
#include "rootfs.h"
#include "seccomp-filter.h"
#include "seccomp-profile.h"

static int load_profile(const struct mr_config *config, struct mr_profile **ret,
			struct mr_warnings *warnings, struct mr_error *err)
{
	if (config->seccomp_mode == MR_SECCOMP_PROFILE)
		return mr_profile_load(config->seccomp_profile, ret, warnings,
				       err);
	return mr_profile_load_default(ret, warnings, err);
}

/* Compiles the filter before anything is created, so a bad one costs 125. */
static int prepare_filter(const struct mr_config *config, struct mr_bpf *ret,
			  struct mr_warnings *warnings, struct mr_error *err)
{
	struct mr_profile *profile = NULL;
	int r;

	r = load_profile(config, &profile, warnings, err);
	if (r < 0)
		return r;

	r = mr_filter_compile(profile, config->caps, ret, warnings, err);
	mr_profile_free(profile);
	return r;
}

int mr_run(const struct mr_config *config, int *ret_status,
	   struct mr_warnings *warnings, struct mr_error *err)
{
	struct mr_bpf filter = {0};
	cleanup_free char *rootfs = NULL;
	bool confined = config->seccomp_mode != MR_SECCOMP_UNCONFINED;
	int r;

	*ret_status = 125;

	if (confined) {
		r = prepare_filter(config, &filter, warnings, err);
		if (r < 0)
			return r;
	}

	r = mr_rootfs_resolve(config->rootfs, &rootfs, err);
	if (r < 0)
		goto out;

	struct mr_container container = {
	    .config = config,
	    .rootfs = rootfs,
	    .filter = confined ? &filter : NULL,
	    .rootless = geteuid() != 0,
	};

	r = mr_process_run(&container, ret_status, err);

out:
	mr_bpf_free(&filter);
	return r;
}
