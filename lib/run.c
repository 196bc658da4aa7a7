/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "run.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "caps.h"
#include "cleanup.h"
#include "container.h"
#include "default-filter.h"
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
 * Rejects option combinations that minirun cannot honour, rather than
 * accept and ignore them.  sysfs can only be mounted by the user namespace
 * that owns the network namespace, so a rootless run cannot keep the
 * host's network and still get a /sys.
 */
static int check_supported(const struct mr_config *config,
			   struct mr_error *err)
{
	if (config->network == MR_NETWORK_HOST && geteuid() != 0)
		return mr_error_set(err, ENOTSUP,
				    "--network host is not supported in "
				    "rootless mode: /sys cannot be mounted "
				    "without a network namespace of our own; "
				    "run as root or drop the option");
	return 0;
}

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

int mr_run_prepare(const struct mr_config *config, struct mr_bpf *ret_filter,
		   struct mr_warnings *warnings, struct mr_error *err)
{
	struct mr_profile *profile = NULL;
	int r;

	*ret_filter = (struct mr_bpf){0};

	r = check_supported(config, err);
	if (r < 0)
		return r;

	r = mr_rootfs_check(config, warnings, err);
	if (r < 0)
		return r;

	if (config->seccomp_mode == MR_SECCOMP_UNCONFINED)
		return 0;

	if (use_precompiled(config))
		return copy_precompiled(ret_filter, err);

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
