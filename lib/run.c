/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "run.h"

#include <errno.h>
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

/*
 * Rejects the options whose behaviour is not built yet, so that none of
 * them is accepted and silently ignored.
 */
static int check_implemented(const struct mr_config *config,
			     struct mr_error *err)
{
	static const char *const message =
	    "option %s is not implemented yet";

	/* TODO: remove each check as its option gets implemented. */
	if (config->volume_count > 0)
		return mr_error_set(err, ENOTSUP, message, "--volume");
	if (config->tmpfs_count > 0)
		return mr_error_set(err, ENOTSUP, message, "--tmpfs");
	if (config->read_only)
		return mr_error_set(err, ENOTSUP, message, "--read-only");
	/*
	 * NOTE: sysfs can only be mounted by a user namespace that owns the
	 * network namespace, so a rootless run in the host's network
	 * namespace would need a bind mount of the host's /sys instead.
	 */
	if (config->network == MR_NETWORK_HOST && geteuid() != 0)
		return mr_error_set(err, ENOTSUP, message,
				    "--network host without root");
	if (config->memory_bytes || config->pids_limit || config->cpu_millis)
		return mr_error_set(err, ENOTSUP, message,
				    "--memory, --pids-limit or --cpus");
	if (config->init)
		return mr_error_set(err, ENOTSUP, message, "--init");
	return 0;
}

int mr_run_prepare(const struct mr_config *config, struct mr_bpf *ret_filter,
		   struct mr_warnings *warnings, struct mr_error *err)
{
	struct mr_profile *profile = NULL;
	int r;

	*ret_filter = (struct mr_bpf){0};

	r = check_implemented(config, err);
	if (r < 0)
		return r;

	if (config->seccomp_mode == MR_SECCOMP_UNCONFINED)
		return 0;

	r = load_profile(config, &profile, warnings, err);
	if (r < 0)
		return r;

	r = mr_filter_compile(profile, config->caps, ret_filter, warnings, err);
	mr_profile_free(profile);
	return r;
}

int mr_run(const struct mr_config *config, const struct mr_bpf *filter,
	   int *ret_status, struct mr_error *err)
{
	cleanup_free char *rootfs = NULL;
	int r;

	*ret_status = 125;

	r = mr_rootfs_resolve(config->rootfs, &rootfs, err);
	if (r < 0)
		return r;

	struct mr_container container = {
	    .config = config,
	    .rootfs = rootfs,
	    .filter = config->seccomp_mode == MR_SECCOMP_UNCONFINED ? NULL
								     : filter,
	    .rootless = geteuid() != 0,
	};

	return mr_process_run(&container, ret_status, err);
}
