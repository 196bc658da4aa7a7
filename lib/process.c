/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "process.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"
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

/*
 * Writes what the child needs from outside (the rootless maps, its cgroup)
 * and then lets it go on, so nothing of the user's runs unconfined.
 */
static int release_child(const struct mr_container *container,
			 const struct mr_cgroup *cgroup, pid_t pid, int go_fd,
			 struct mr_error *err)
{
	int r;

	r = mr_cgroup_add_process(cgroup, pid, err);
	if (r < 0)
		return r;

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

/* The state of --timeout in the wait loop. */
struct deadline {
	int timer_fd;	  /* -1 without --timeout */
	uint64_t stop_ms; /* --stop-timeout: from SIGTERM to SIGKILL */
	bool timed_out;	  /* the time ran out and a signal was sent */
};

static int arm_timer(int timer_fd, uint64_t ms, struct mr_error *err)
{
	struct itimerspec spec = {
	    .it_value = {.tv_sec = (time_t)(ms / 1000),
			 .tv_nsec = (long)(ms % 1000) * 1000000},
	};

	/* An all-zero it_value disarms the timer, so 0 ms becomes 1 ns. */
	if (ms == 0)
		spec.it_value.tv_nsec = 1;
	if (timerfd_settime(timer_fd, 0, &spec, NULL) < 0)
		return mr_error_set_errno(err, errno, "timerfd_settime failed");
	return 0;
}

static int open_deadline(const struct mr_config *config, struct deadline *ret,
			 struct mr_error *err)
{
	*ret = (struct deadline){.timer_fd = -1,
				 .stop_ms = config->stop_timeout_ms};
	if (config->timeout_ms == 0)
		return 0;

	ret->timer_fd =
	    timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	if (ret->timer_fd < 0)
		return mr_error_set_errno(err, errno, "timerfd_create failed");
	return arm_timer(ret->timer_fd, config->timeout_ms, err);
}

/*
 * Sends SIGTERM when the time is up and SIGKILL when --stop-timeout has
 * passed since, as docker stop does.  A pid 1 without a SIGTERM handler
 * ignores the SIGTERM, so only the SIGKILL ends it.  --stop-timeout 0
 * sends SIGKILL alone, so that no handler runs.
 */
static int handle_deadline(pid_t pid, struct deadline *deadline,
			   struct mr_error *err)
{
	uint64_t expirations;

	if (read(deadline->timer_fd, &expirations, sizeof(expirations)) < 0)
		return errno == EAGAIN || errno == EINTR
			   ? 0
			   : mr_error_set_errno(err, errno,
						"reading the timer failed");

	if (deadline->timed_out || deadline->stop_ms == 0) {
		deadline->timed_out = true;
		kill(pid, SIGKILL);
		return 0;
	}
	deadline->timed_out = true;
	kill(pid, SIGTERM);
	return arm_timer(deadline->timer_fd, deadline->stop_ms, err);
}

static int forward_signal(pid_t pid, int signal_fd, struct mr_error *err)
{
	struct signalfd_siginfo info;
	ssize_t n;

	n = read(signal_fd, &info, sizeof(info));
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	if (n != sizeof(info))
		return mr_error_set_errno(err, errno, "reading signals failed");

	if (info.ssi_signo != SIGCHLD)
		kill(pid, (int)info.ssi_signo);
	return 0;
}

static int wait_and_forward(pid_t pid, int signal_fd, struct deadline *deadline,
			    int *ret_status, struct mr_error *err)
{
	struct pollfd fds[2] = {
	    {.fd = signal_fd, .events = POLLIN},
	    {.fd = deadline->timer_fd, .events = POLLIN},
	};
	int r;

	while (!reap_child(pid, ret_status)) {
		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return mr_error_set_errno(err, errno, "poll failed");
		}

		r = 0;
		if (fds[0].revents)
			r = forward_signal(pid, signal_fd, err);
		if (r == 0 && fds[1].revents)
			r = handle_deadline(pid, deadline, err);
		if (r < 0)
			return r;
	}
	return 0;
}

/* Turns the end of a command that ran out of time into exit status 124. */
static int report_timeout(const struct mr_config *config,
			  const struct deadline *deadline, int *ret_status,
			  struct mr_error *err)
{
	*ret_status = 124;
	return mr_error_set(err, ETIME,
			    "the command timed out after --timeout %g s and "
			    "was stopped (SIGTERM, then SIGKILL after "
			    "--stop-timeout %g s)",
			    (double)config->timeout_ms / 1000,
			    (double)deadline->stop_ms / 1000);
}

static int wait_for_exit(pid_t pid)
{
	int wait_status = 0;

	while (waitpid(pid, &wait_status, 0) < 0)
		if (errno != EINTR)
			return 125;
	return status_from_wait(wait_status);
}

/* Keeps status 137 and adds a message that names the memory limit. */
static int report_oom(const struct mr_config *config, int *ret_status,
		      struct mr_error *err)
{
	*ret_status = 128 + SIGKILL;
	return mr_error_set(err, ENOMEM,
			    "the command was killed by the OOM killer because "
			    "it reached the memory limit of --memory %llu "
			    "bytes",
			    (unsigned long long)config->memory_bytes);
}

static int supervise(const struct mr_container *container,
		     const struct mr_cgroup *cgroup, pid_t pid,
		     struct sync_pipes *pipes, int signal_fd, int *ret_status,
		     struct mr_error *err)
{
	struct deadline deadline = {.timer_fd = -1};
	int child_status = 125, r;

	close_fd(&pipes->go[0]);
	close_fd(&pipes->report[1]);

	r = release_child(container, cgroup, pid, pipes->go[1], err);
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

	r = open_deadline(container->config, &deadline, err);
	if (r == 0)
		r = wait_and_forward(pid, signal_fd, &deadline, &child_status,
				     err);
	if (r < 0) {
		close_fd(&deadline.timer_fd);
		kill(pid, SIGKILL);
		wait_for_exit(pid);
		*ret_status = 125;
		return r;
	}
	close_fd(&deadline.timer_fd);

	if (deadline.timed_out)
		return report_timeout(container->config, &deadline, ret_status,
				      err);
	if (child_status == 128 + SIGKILL && mr_cgroup_oom_killed(cgroup))
		return report_oom(container->config, ret_status, err);
	*ret_status = child_status;
	return 0;
}

static void format_limit(uint64_t value, char *buf, size_t size)
{
	if (value == RLIM_INFINITY)
		snprintf(buf, size, "unlimited");
	else
		snprintf(buf, size, "%llu", (unsigned long long)value);
}

static int apply_ulimit(const struct mr_ulimit *limit, struct mr_error *err)
{
	struct rlimit current,
	    requested = {.rlim_cur = limit->soft, .rlim_max = limit->hard};
	char soft[32], hard[32], old_hard[32];

	format_limit(limit->soft, soft, sizeof(soft));
	format_limit(limit->hard, hard, sizeof(hard));

	if (getrlimit(limit->resource, &current) < 0)
		return mr_error_set_errno(err, errno,
					  "reading the current limit of "
					  "--ulimit %s failed",
					  limit->name);

	if (setrlimit(limit->resource, &requested) == 0)
		return 0;

	format_limit(current.rlim_max, old_hard, sizeof(old_hard));
	if (errno == EPERM && requested.rlim_max > current.rlim_max)
		return mr_error_set(err, EPERM,
				    "--ulimit %s=%s:%s: raising the hard "
				    "limit above the current %s needs "
				    "CAP_SYS_RESOURCE, which minirun does not "
				    "have here; use a hard limit of at most %s",
				    limit->name, soft, hard, old_hard,
				    old_hard);
	return mr_error_set_errno(err, errno, "--ulimit %s=%s:%s failed",
				  limit->name, soft, hard);
}

static bool is_overridden(const struct mr_config *config, size_t index)
{
	for (size_t i = index + 1; i < config->ulimit_count; i++)
		if (config->ulimits[i].resource ==
		    config->ulimits[index].resource)
			return true;
	return false;
}

int mr_ulimits_apply(const struct mr_config *config, struct mr_error *err)
{
	int r;

	for (size_t i = 0; i < config->ulimit_count; i++) {
		/* The last --ulimit of a resource wins, as in Docker. */
		if (is_overridden(config, i))
			continue;
		r = apply_ulimit(&config->ulimits[i], err);
		if (r < 0)
			return r;
	}
	return 0;
}

int mr_process_run(const struct mr_container *container, int *ret_status,
		   struct mr_error *err)
{
	struct sync_pipes pipes = {{-1, -1}, {-1, -1}};
	struct mr_cgroup *cgroup = NULL;
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

	/* After the signals are blocked, so that none stops the cleanup. */
	r = mr_cgroup_create(container->config, container->rootless, &cgroup,
			     err);
	if (r < 0) {
		close_pair(pipes.go);
		close_pair(pipes.report);
		sigprocmask(SIG_SETMASK, &old_mask, NULL);
		return r;
	}

	pid = clone_child(mr_namespaces_clone_flags(
	    container->rootless, container->config->network));
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
		r = supervise(container, cgroup, pid, &pipes, signal_fd,
			      ret_status, err);

	mr_cgroup_destroy(cgroup);
	close_pair(pipes.go);
	close_pair(pipes.report);
	sigprocmask(SIG_SETMASK, &old_mask, NULL);
	return r;
}
