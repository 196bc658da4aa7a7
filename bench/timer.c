// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * timer: run several commands round-robin and record how long each run takes
 * from fork to the end of waitpid.
 *
 *   timer ROUNDS NAME CMD [ARG...] ::: NAME CMD [ARG...] ::: ...
 *
 * Each round runs every command once.  Round r starts with command r modulo
 * the number of commands, so no command always runs right after the same
 * other one.  Each line of stdout is "NAME<TAB>ROUND<TAB>NANOSECONDS".  The
 * commands' stdout goes to /dev/null and their stderr is kept.  A command
 * that exits with a status other than 0 stops the timer with status 1, so a
 * broken sandbox never shows up as a fast one.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_COMMANDS 64

struct command {
	const char *name;
	char **argv;
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Split argv at each ":::" into commands; returns how many, or -1. */
static int parse_commands(int argc, char **argv, struct command *commands)
{
	int count = 0;
	int i = 0;

	while (i < argc) {
		if (count == MAX_COMMANDS || i + 1 >= argc)
			return -1;
		commands[count].name = argv[i];
		commands[count].argv = &argv[i + 1];
		i++;
		while (i < argc && strcmp(argv[i], ":::") != 0)
			i++;
		if (i < argc)
			argv[i++] = NULL;
		count++;
	}
	return count;
}

/* Run one command with stdout on /dev/null; returns the duration or 0. */
static uint64_t run_once(const struct command *command, int devnull)
{
	uint64_t start, end;
	int status;
	pid_t pid;

	start = now_ns();
	pid = fork();
	if (pid < 0) {
		perror("timer: fork");
		return 0;
	}
	if (pid == 0) {
		dup2(devnull, STDOUT_FILENO);
		execvp(command->argv[0], command->argv);
		fprintf(stderr, "timer: execvp '%s': %s\n", command->argv[0],
			strerror(errno));
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0) {
		perror("timer: waitpid");
		return 0;
	}
	end = now_ns();
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "timer: '%s' failed with wait status 0x%x\n",
			command->name, (unsigned)status);
		return 0;
	}
	return end - start;
}

int main(int argc, char **argv)
{
	struct command commands[MAX_COMMANDS];
	int count, rounds, devnull;

	if (argc < 4) {
		fprintf(stderr, "usage: timer ROUNDS NAME CMD [ARG...] "
				"[::: NAME CMD [ARG...]]...\n");
		return 2;
	}
	rounds = atoi(argv[1]);
	count = parse_commands(argc - 2, argv + 2, commands);
	if (rounds <= 0 || count <= 0) {
		fprintf(stderr, "timer: invalid ROUNDS or command list\n");
		return 2;
	}
	devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (devnull < 0) {
		perror("timer: open /dev/null");
		return 1;
	}
	for (int round = 0; round < rounds; round++) {
		for (int k = 0; k < count; k++) {
			const struct command *command =
				&commands[(round + k) % count];
			uint64_t ns = run_once(command, devnull);

			if (ns == 0)
				return 1;
			printf("%s\t%d\t%llu\n", command->name, round,
			       (unsigned long long)ns);
		}
	}
	return 0;
}
