/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "run.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "cleanup.h"
#include "container.h"
#include "process.h"
#include "rootfs.h"
#include "seccomp-prepare.h"

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

int mr_run_prepare(const struct mr_config *config, struct mr_bpf *ret_filter,
		   struct mr_warnings *warnings, struct mr_error *err)
{
	int r;

	*ret_filter = (struct mr_bpf){0};

	r = check_supported(config, err);
	if (r < 0)
		return r;

	r = mr_rootfs_check(config, warnings, err);
	if (r < 0)
		return r;

	return mr_seccomp_prepare(config, ret_filter, warnings, err);
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
