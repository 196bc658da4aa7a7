/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The --init process: pid 1 of the container stays a copy of minirun that
 * waits for the command, instead of becoming the command.
 *
 * Pid 1 never executes anything, so no file of the container's rootfs (a
 * dynamic loader, say) ever runs with its privileges, but its /proc/1/exe
 * is the host's minirun binary.  Through that link a container's root could
 * overwrite the binary, as with runc's CVE-2019-5736.  The defences:
 *
 * - Pid 1 is not dumpable, so opening or reading /proc/1/exe, /proc/1/mem,
 *   /proc/1/map_files and /proc/1/fd takes CAP_SYS_PTRACE in the user
 *   namespace of pid 1's memory, which minirun created outside the
 *   container.  A rootless container cannot get it; a container run by
 *   root gets it only through --cap-add SYS_PTRACE or ALL.
 * - The flag is set before the fork, so the command's process is not
 *   dumpable either until execve gives it a memory of its own.
 * - Pid 1 loads the command's seccomp filter and keeps no capability but
 *   CAP_KILL, so even a process that controlled it could do no more than
 *   the command.
 */
#include "init.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "caps.h"

#ifndef CAP_KILL
#define CAP_KILL 5
#endif

/* The signals that minirun's parent forwards to pid 1, plus SIGCHLD. */
static const int handled_signals[] = {
    SIGCHLD, SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2,
};

/*
 * Blocks the handled signals and returns a signalfd for them.  Blocked
 * signals reach pid 1 of a pid namespace even without a handler.
 */
static int open_signalfd(struct mr_error *err)
{
	sigset_t mask;
	int fd;

	sigemptyset(&mask);
	for (size_t i = 0;
	     i < sizeof(handled_signals) / sizeof(*handled_signals); i++)
		sigaddset(&mask, handled_signals[i]);

	if (sigprocmask(SIG_BLOCK, &mask, NULL) < 0)
		return mr_error_set_errno(err, errno, "sigprocmask failed");

	fd = signalfd(-1, &mask, SFD_CLOEXEC);
	if (fd < 0)
		return mr_error_set_errno(err, errno, "signalfd failed");
	return fd;
}

static void send_setup_report(int report_fd, const struct mr_error *error)
{
	struct mr_child_report report = {.stage = MR_STAGE_SETUP,
					 .error = *error};
	ssize_t n;

	do
		n = write(report_fd, &report, sizeof(report));
	while (n < 0 && errno == EINTR);
}

/*
 * Loads the command's seccomp filter in pid 1 and drops every capability
 * but CAP_KILL, which forwarding a signal to a command that changed its
 * user needs.  Dropping capabilities leaves pid 1 non-dumpable, because the
 * kernel resets the flag only when credentials change in other ways.
 */
static int confine(const struct mr_container *container, struct mr_error *err)
{
	uint64_t kept_caps = container->config->caps & MR_CAP_BIT(CAP_KILL);
	int r;

	if (container->filter) {
		r = mr_filter_load(container->filter, err);
		if (r < 0)
			return mr_error_prefix(err, "--init");
	}

	r = mr_caps_apply(kept_caps, 0, err);
	if (r < 0)
		return mr_error_prefix(err, "--init");
	return 0;
}

static int status_from_wait(int wait_status)
{
	if (WIFSIGNALED(wait_status))
		return 128 + WTERMSIG(wait_status);
	return WEXITSTATUS(wait_status);
}

/*
 * Reaps every child that has ended: the command and any orphan that the
 * kernel made a child of pid 1.  Returns true once the command has ended,
 * with its status in *ret_status.
 */
static bool reap_children(pid_t command, int *ret_status)
{
	bool command_ended = false;
	int wait_status;
	pid_t pid;

	while ((pid = waitpid(-1, &wait_status, WNOHANG)) != 0) {
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (pid == command) {
			*ret_status = status_from_wait(wait_status);
			command_ended = true;
		}
	}
	return command_ended;
}

static __attribute__((noreturn)) void run_init(pid_t command, int signal_fd)
{
	struct signalfd_siginfo info;
	int status = 125;
	ssize_t n;

	for (;;) {
		n = read(signal_fd, &info, sizeof(info));
		if (n < 0 && errno == EINTR)
			continue;
		if (n != sizeof(info))
			break;

		if (info.ssi_signo != SIGCHLD)
			kill(command, (int)info.ssi_signo);
		else if (reap_children(command, &status))
			_exit(status);
	}

	/* Without the signalfd, pid 1 can still wait for the command. */
	while (waitpid(command, &status, 0) < 0)
		if (errno != EINTR)
			_exit(125);
	_exit(status_from_wait(status));
}

int mr_init_start(const struct mr_container *container, int report_fd,
		  struct mr_error *err)
{
	int signal_fd, r;
	pid_t command;

	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		return mr_error_set_errno(err, errno,
					  "--init: prctl(PR_SET_DUMPABLE) "
					  "failed");

	signal_fd = open_signalfd(err);
	if (signal_fd < 0)
		return signal_fd;

	command = fork();
	if (command < 0) {
		r = mr_error_set_errno(err, errno, "--init: fork failed");
		close(signal_fd);
		return r;
	}

	if (command == 0) {
		close(signal_fd);
		/* As without --init, the command dies with its parent. */
		prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
		return 0;
	}

	r = confine(container, err);
	if (r < 0) {
		send_setup_report(report_fd, err);
		kill(command, SIGKILL);
		_exit(125);
	}

	/* The parent reads reports until every copy of report_fd is closed. */
	close(report_fd);
	run_init(command, signal_fd);
}
