/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "container.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "caps.h"
#include "cgroup.h"
#include "cleanup.h"
#include "exec.h"
#include "init.h"
#include "mounts.h"
#include "namespaces.h"
#include "process.h"
#include "rootfs.h"
#include "user.h"

#ifndef CAP_SYS_ADMIN
#define CAP_SYS_ADMIN 21
#endif

/*
 * Blocks until the parent has set up what the child needs from outside
 * (the user namespace maps).  EOF means the parent is gone.
 */
static int wait_for_parent(int go_fd, struct mr_error *err)
{
	char byte;
	ssize_t n;

	do
		n = read(go_fd, &byte, 1);
	while (n < 0 && errno == EINTR);

	if (n != 1)
		return mr_error_set(err, EPIPE, "the parent process is gone");
	return 0;
}

/*
 * Every path below the rootfs is looked up through root_fd, so that a
 * symlink in the rootfs cannot lead a mount or a mkdir to the host.
 */
static int set_up_filesystem(const struct mr_container *container,
			     struct mr_error *err)
{
	const struct mr_config *config = container->config;
	cleanup_close int root_fd = -1;
	int r;

	r = mr_rootfs_bind(container->rootfs, &root_fd, err);
	if (r < 0)
		return r;

	r = mr_mounts_setup(root_fd, container->rootless, err);
	if (r < 0)
		return r;

	r = mr_mounts_add_user(root_fd, config, err);
	if (r < 0)
		return r;

	/* Created before --read-only applies, as Docker does. */
	r = mr_rootfs_create_workdir(root_fd, config->workdir, err);
	if (r < 0)
		return r;

	if (config->read_only) {
		r = mr_rootfs_make_read_only(root_fd, err);
		if (r < 0)
			return r;
	}

	return mr_rootfs_pivot(root_fd, container->rootfs, err);
}

/*
 * Loading a filter without no_new_privs needs CAP_SYS_ADMIN in the
 * effective set at that moment.  The launcher keeps it in the effective and
 * permitted sets but not in the bounding or inheritable sets, so execve
 * recomputes the command's sets without it: a root command gets the
 * bounding set, and a non-root one gets nothing unless it is setuid-root.
 */
static uint64_t launcher_caps(const struct mr_container *container)
{
	const struct mr_config *config = container->config;

	if (container->filter && container->filter->length > 0 &&
	    !config->no_new_privileges)
		return MR_CAP_BIT(CAP_SYS_ADMIN);
	return 0;
}

static int set_up_process(const struct mr_container *container,
			  const struct mr_identity *identity,
			  struct mr_error *err)
{
	const struct mr_config *config = container->config;
	int r;

	/* Before the capabilities go, since CAP_SYS_RESOURCE may be needed. */
	r = mr_ulimits_apply(config, err);
	if (r < 0)
		return r;

	r = mr_caps_limit_bounding(config->caps, err);
	if (r < 0)
		return r;

	r = mr_identity_apply(identity, !container->rootless, err);
	if (r < 0)
		return r;

	r = mr_caps_apply(config->caps, launcher_caps(container), err);
	if (r < 0)
		return r;

	/* A change of the effective uid clears the parent-death signal. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
		return mr_error_set_errno(err, errno,
					  "prctl(PR_SET_PDEATHSIG) failed");

	if (config->no_new_privileges &&
	    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return mr_error_set_errno(err, errno,
					  "prctl(PR_SET_NO_NEW_PRIVS) failed");
	return 0;
}

static int set_up(const struct mr_container *container,
		  struct mr_identity *identity, char ***env,
		  struct mr_error *err)
{
	const struct mr_config *config = container->config;
	int r;

	r = mr_cgroup_unshare_namespace(config, err);
	if (r < 0)
		return r;

	r = set_up_filesystem(container, err);
	if (r < 0)
		return r;

	if (sethostname(config->hostname, strlen(config->hostname)) < 0)
		return mr_error_set_errno(err, errno,
					  "setting hostname '%s' failed",
					  config->hostname);

	/* The host's network namespace is not ours to change. */
	if (config->network == MR_NETWORK_NONE) {
		r = mr_loopback_up(err);
		if (r < 0)
			return r;
	}

	r = mr_identity_resolve(config->user, identity, err);
	if (r < 0)
		return r;

	r = mr_env_build(config, identity, env, err);
	if (r < 0)
		return r;

	r = mr_rootfs_enter_workdir(config->workdir, err);
	if (r < 0)
		return r;

	umask(022);
	return set_up_process(container, identity, err);
}

static void send_report(int report_fd, enum mr_child_stage stage,
			const struct mr_error *error)
{
	struct mr_child_report report = {.stage = stage, .error = *error};
	ssize_t n;

	do
		n = write(report_fd, &report, sizeof(report));
	while (n < 0 && errno == EINTR);
}

/*
 * Gives the command default signal handling: the parent blocked the
 * forwarded signals before clone, and a caller may have ignored some, which
 * execve would pass on.
 */
static void reset_signals(void)
{
	sigset_t none;

	for (int sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			signal(sig, SIG_DFL);

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

void mr_container_main(const struct mr_container *container, int go_fd,
		       int report_fd)
{
	struct mr_identity identity = {0};
	struct mr_error err = {0};
	char **env = NULL;
	int status, r;

	/* If minirun dies, the container (this pid namespace) dies with it. */
	prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);

	r = wait_for_parent(go_fd, &err);
	if (r < 0)
		_exit(125);
	close(go_fd);

	r = set_up(container, &identity, &env, &err);
	if (r == 0)
		r = mr_close_fds(report_fd, &err);
	if (r == 0 && container->config->init)
		r = mr_init_start(container, report_fd, &err);
	if (r < 0) {
		send_report(report_fd, MR_STAGE_SETUP, &err);
		_exit(125);
	}

	reset_signals();

	mr_exec_command(container->config->command, env, container->filter,
			&status, &err);
	send_report(report_fd, MR_STAGE_EXEC, &err);
	_exit(status);
}
