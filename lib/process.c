/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "process.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cleanup.h"
#include "namespaces.h"

static const int forwarded_signals[] = {
    SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2,
};

/* The two pipes between parent and child, both close-on-exec. */
struct sync_pipes {
	int go[2];     /* parent -> child: "the maps are written, go on" */
	int report[2]; /* child -> parent: a struct mr_child_report, or EOF */
};

static void close_fd(int *fd)
{
	mr_close_ptr(fd);
	*fd = -1;
}

static void close_pair(int pair[2])
{
	close_fd(&pair[0]);
	close_fd(&pair[1]);
}

static int open_pipes(struct sync_pipes *pipes, struct mr_error *err)
{
	if (pipe2(pipes->go, O_CLOEXEC) < 0)
		return mr_error_set_errno(err, errno, "pipe2 failed");

	if (pipe2(pipes->report, O_CLOEXEC) < 0) {
		close_pair(pipes->go);
		return mr_error_set_errno(err, errno, "pipe2 failed");
	}
	return 0;
}

/*
 * Blocks the forwarded signals and SIGCHLD and returns a signalfd for them,
 * so the parent handles signals in its loop without any global state.
 */
static int open_signalfd(sigset_t *old_mask, struct mr_error *err)
{
	sigset_t mask;
	int fd;

	sigemptyset(&mask);
	sigaddset(&mask, SIGCHLD);
	for (size_t i = 0;
	     i < sizeof(forwarded_signals) / sizeof(*forwarded_signals); i++)
		sigaddset(&mask, forwarded_signals[i]);

	if (sigprocmask(SIG_BLOCK, &mask, old_mask) < 0)
		return mr_error_set_errno(err, errno, "sigprocmask failed");

	fd = signalfd(-1, &mask, SFD_CLOEXEC);
	if (fd < 0) {
		int saved = errno;

		sigprocmask(SIG_SETMASK, old_mask, NULL);
		return mr_error_set_errno(err, saved, "signalfd failed");
	}
	return fd;
}

/*
 * clone(2) without a new stack behaves like fork, so the child continues
 * here with a copy of the parent's memory, the compiled filter included.
 */
static pid_t clone_child(unsigned long flags)
{
	return (pid_t)syscall(SYS_clone, flags | SIGCHLD, NULL, NULL, NULL,
			      NULL);
}

static int release_child(const struct mr_container *container, pid_t pid,
			 int go_fd, struct mr_error *err)
{
	int r;

	if (container->rootless) {
		r = mr_userns_map_caller(pid, getuid(), getgid(), err);
		if (r < 0)
			return mr_error_prefix(err, "rootless mode");
	}

	if (write(go_fd, "1", 1) != 1)
		return mr_error_set_errno(err, errno,
					  "waking the container process "
					  "failed");
	return 0;
}

/*
 * Reads the child's report.  EOF without a report means the command was
 * executed (the pipe closed on exec) or the child died, which waitpid
 * tells apart.
 */
static int read_report(int report_fd, int *ret_status, struct mr_error *err)
{
	struct mr_child_report report;
	ssize_t n;

	do
		n = read(report_fd, &report, sizeof(report));
	while (n < 0 && errno == EINTR);

	if (n < 0)
		return mr_error_set_errno(err, errno,
					  "reading from the container process "
					  "failed");
	if (n == 0)
		return 0;
	if (n != sizeof(report)) {
		*ret_status = 125;
		return mr_error_set(err, EPROTO,
				    "short report from the container process");
	}

	*err = report.error;
	err->message[sizeof(err->message) - 1] = '\0';
	*ret_status = report.stage == MR_STAGE_EXEC ? 126 : 125;
	return -(err->code > 0 ? err->code : EINVAL);
}

static int status_from_wait(int wait_status)
{
	if (WIFEXITED(wait_status))
		return WEXITSTATUS(wait_status);
	if (WIFSIGNALED(wait_status))
		return 128 + WTERMSIG(wait_status);
	return 125;
}

/* Returns 1 once the child has exited, with its status in *ret_status. */
static int reap_child(pid_t pid, int *ret_status)
{
	int wait_status;
	pid_t r;

	do
		r = waitpid(pid, &wait_status, WNOHANG);
	while (r < 0 && errno == EINTR);

	if (r != pid)
		return 0;

	*ret_status = status_from_wait(wait_status);
	return 1;
}

static int wait_and_forward(pid_t pid, int signal_fd, int *ret_status,
			    struct mr_error *err)
{
	struct signalfd_siginfo info;
	ssize_t n;

	while (!reap_child(pid, ret_status)) {
		n = read(signal_fd, &info, sizeof(info));
		if (n < 0 && errno == EINTR)
			continue;
		if (n != sizeof(info))
			return mr_error_set_errno(err, errno,
						  "reading signals failed");

		if (info.ssi_signo != SIGCHLD)
			kill(pid, (int)info.ssi_signo);
	}
	return 0;
}

static int wait_for_exit(pid_t pid)
{
	int wait_status = 0;

	while (waitpid(pid, &wait_status, 0) < 0)
		if (errno != EINTR)
			return 125;
	return status_from_wait(wait_status);
}

static int supervise(const struct mr_container *container, pid_t pid,
		     struct sync_pipes *pipes, int signal_fd, int *ret_status,
		     struct mr_error *err)
{
	int child_status = 125, r;

	close_fd(&pipes->go[0]);
	close_fd(&pipes->report[1]);

	r = release_child(container, pid, pipes->go[1], err);
	if (r < 0) {
		kill(pid, SIGKILL);
		wait_for_exit(pid);
		*ret_status = 125;
		return r;
	}

	r = read_report(pipes->report[0], ret_status, err);
	if (r < 0) {
		/* After an exec report the child exits with 126 or 127. */
		child_status = wait_for_exit(pid);
		if (*ret_status == 126 &&
		    (child_status == 126 || child_status == 127))
			*ret_status = child_status;
		return r;
	}

	r = wait_and_forward(pid, signal_fd, &child_status, err);
	if (r < 0) {
		kill(pid, SIGKILL);
		wait_for_exit(pid);
		*ret_status = 125;
		return r;
	}

	*ret_status = child_status;
	return 0;
}

int mr_process_run(const struct mr_container *container, int *ret_status,
		   struct mr_error *err)
{
	struct sync_pipes pipes = {{-1, -1}, {-1, -1}};
	cleanup_close int signal_fd = -1;
	sigset_t old_mask;
	pid_t pid;
	int r;

	*ret_status = 125;

	r = open_pipes(&pipes, err);
	if (r < 0)
		return r;

	signal_fd = open_signalfd(&old_mask, err);
	if (signal_fd < 0) {
		close_pair(pipes.go);
		close_pair(pipes.report);
		return signal_fd;
	}

	pid = clone_child(mr_namespaces_clone_flags(container->rootless));
	if (pid == 0) {
		close(pipes.go[1]);
		close(pipes.report[0]);
		close(signal_fd);
		mr_container_main(container, pipes.go[0], pipes.report[1]);
	}

	if (pid < 0)
		r = mr_error_set_errno(err, errno,
				       "creating the container process with "
				       "clone failed");
	else
		r = supervise(container, pid, &pipes, signal_fd, ret_status,
			      err);

	close_pair(pipes.go);
	close_pair(pipes.report);
	sigprocmask(SIG_SETMASK, &old_mask, NULL);
	return r;
}
