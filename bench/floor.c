// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * floor: the least a namespace launcher must do, as a lower bound for the
 * start-up benchmark.
 *
 *   floor ROOTFS
 *
 * It clones a child into new mount, pid, uts, ipc and network namespaces.
 * The child makes its mounts private, bind mounts ROOTFS onto itself,
 * pivots into it, detaches the old root and executes /bin/true.  It mounts
 * no /proc or /dev and sets up no capabilities, cgroups or seccomp filter.
 * Needs root.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static char stack[64 * 1024];

static int child_main(void *arg)
{
	const char *rootfs = arg;
	char *const argv[] = {"/bin/true", NULL};
	char *const envp[] = {NULL};

	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) {
		perror("floor: make / private");
		return 1;
	}
	if (mount(rootfs, rootfs, NULL, MS_BIND | MS_REC, NULL) < 0) {
		perror("floor: bind mount the rootfs");
		return 1;
	}
	if (chdir(rootfs) < 0) {
		perror("floor: chdir to the rootfs");
		return 1;
	}
	/* pivot_root(".", ".") stacks the old root on the new one. */
	if (syscall(SYS_pivot_root, ".", ".") < 0) {
		perror("floor: pivot_root");
		return 1;
	}
	if (umount2(".", MNT_DETACH) < 0) {
		perror("floor: detach the old root");
		return 1;
	}
	if (chdir("/") < 0) {
		perror("floor: chdir /");
		return 1;
	}
	execve(argv[0], argv, envp);
	perror("floor: execve /bin/true");
	return 127;
}

int main(int argc, char **argv)
{
	int flags = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC |
		    CLONE_NEWNET | SIGCHLD;
	int status;
	pid_t pid;

	if (argc != 2) {
		fprintf(stderr, "usage: floor ROOTFS\n");
		return 2;
	}
	pid = clone(child_main, stack + sizeof(stack), flags, argv[1]);
	if (pid < 0) {
		perror("floor: clone");
		return 1;
	}
	if (waitpid(pid, &status, 0) < 0) {
		perror("floor: waitpid");
		return 1;
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
