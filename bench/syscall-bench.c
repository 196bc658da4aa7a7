// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * syscall-bench: the time per call of a few syscalls, run inside a sandbox
 * to measure what its seccomp filter adds.
 *
 *   syscall-bench [-n LOOPS] [-r REPETITIONS] [-f FILTER.bpf] OP...
 *
 * OP is one of:
 *   getppid      getppid(), allowed by every profile without conditions
 *   personality  personality(0xffffffff), which only reads the persona and
 *                is allowed by an argument rule
 *   socket       socket(AF_INET, SOCK_DGRAM, 0) and then close() of the
 *                new descriptor, so the time is that of the pair
 *   close        close(-1), which fails with EBADF, to subtract from socket
 *   unknown      syscall number 1000, which no kernel has
 *
 * Each repetition times LOOPS calls with CLOCK_MONOTONIC and the output line
 * is "OP<TAB>MEDIAN_NS_PER_CALL<TAB>ERRNO_NAME_OR_ok", the median over the
 * repetitions.  -f loads a raw BPF program (as written by
 * `minirun-profile bpf`) with PR_SET_NO_NEW_PRIVS and seccomp(2) first.
 * Built static, so it runs in a rootfs without a C library.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <netinet/in.h>

#define MAX_REPETITIONS 101
#define UNKNOWN_SYSCALL 1000

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* One call of OP; returns 0 on success or the errno. */
static int call_once(const char *op)
{
	long ret;

	if (strcmp(op, "getppid") == 0) {
		ret = syscall(SYS_getppid);
	} else if (strcmp(op, "personality") == 0) {
		ret = syscall(SYS_personality, 0xffffffffUL);
	} else if (strcmp(op, "socket") == 0) {
		ret = syscall(SYS_socket, AF_INET, SOCK_DGRAM, 0);
		if (ret >= 0)
			ret = syscall(SYS_close, (int)ret);
	} else if (strcmp(op, "close") == 0) {
		ret = syscall(SYS_close, -1);
		if (ret < 0 && errno == EBADF)
			ret = 0;
	} else {
		ret = syscall(UNKNOWN_SYSCALL);
	}
	return ret < 0 ? errno : 0;
}

static int compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void bench(const char *op, long loops, int repetitions)
{
	double per_call[MAX_REPETITIONS];
	int error = call_once(op);

	for (int r = 0; r < repetitions; r++) {
		uint64_t start = now_ns();

		for (long i = 0; i < loops; i++)
			call_once(op);
		per_call[r] = (double)(now_ns() - start) / (double)loops;
	}
	qsort(per_call, repetitions, sizeof(per_call[0]), compare_doubles);
	printf("%s\t%.1f\t%s\n", op, per_call[repetitions / 2],
	       error ? strerrorname_np(error) : "ok");
}

static int load_filter(const char *path)
{
	static struct sock_filter program[BPF_MAXINSNS];
	struct sock_fprog fprog;
	ssize_t size;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "syscall-bench: open '%s': %s\n", path,
			strerror(errno));
		return -1;
	}
	size = read(fd, program, sizeof(program));
	close(fd);
	if (size <= 0 || size % sizeof(program[0]) != 0) {
		fprintf(stderr, "syscall-bench: '%s' is not a BPF program\n",
			path);
		return -1;
	}
	fprog.len = size / sizeof(program[0]);
	fprog.filter = program;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog) < 0) {
		fprintf(stderr, "syscall-bench: loading '%s' failed: %s\n",
			path, strerror(errno));
		return -1;
	}
	return 0;
}

static int valid_op(const char *op)
{
	static const char *const ops[] = {"getppid", "personality", "socket",
					  "close", "unknown"};

	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (strcmp(op, ops[i]) == 0)
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	long loops = 200000;
	int repetitions = 7;
	int opt;

	while ((opt = getopt(argc, argv, "n:r:f:")) != -1) {
		switch (opt) {
		case 'n':
			loops = atol(optarg);
			break;
		case 'r':
			repetitions = atoi(optarg);
			break;
		case 'f':
			if (load_filter(optarg) < 0)
				return 1;
			break;
		default:
			return 2;
		}
	}
	if (loops <= 0 || repetitions <= 0 ||
	    repetitions > MAX_REPETITIONS || optind == argc) {
		fprintf(stderr, "usage: syscall-bench [-n LOOPS] "
				"[-r REPETITIONS (1-%d)] [-f FILTER.bpf] OP...\n",
			MAX_REPETITIONS);
		return 2;
	}
	for (int i = optind; i < argc; i++) {
		if (!valid_op(argv[i])) {
			fprintf(stderr, "syscall-bench: unknown OP '%s'\n",
				argv[i]);
			return 2;
		}
	}
	for (int i = optind; i < argc; i++)
		bench(argv[i], loops, repetitions);
	return 0;
}
