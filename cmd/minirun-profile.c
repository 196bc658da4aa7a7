/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * minirun-profile: checks, prints and compiles Docker-format seccomp
 * profiles without running anything.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "build-config.h"
#include "caps.h"
#include "error.h"
#include "seccomp-filter.h"
#include "seccomp-profile.h"
#include "seccomp-review.h"

/* Exit statuses: check found the profile unusable, or the call is wrong. */
#define EXIT_UNUSABLE 1
#define EXIT_USAGE 2

static const char usage[] =
    "Usage: minirun-profile COMMAND PROFILE [--cap-add CAP]... "
    "[--cap-drop CAP]...\n"
    "\n"
    "Commands:\n"
    "  check   print the profile's errors and warnings, one per line, as\n"
    "          FILE:LINE:COLUMN: error|warning: JSON-PATH: message;\n"
    "          exit 0 when minirun can load the profile, 1 when not\n"
    "  dump    print the rules that apply after includes and excludes,\n"
    "          one line per syscall and condition, sorted for diff\n"
    "  bpf     write the compiled program, ENOSYS prologue included, to\n"
    "          standard output as raw struct sock_filter records, the\n"
    "          input of bubblewrap's --seccomp FD\n"
    "\n"
    "PROFILE is a path; 'default' is minirun's built-in profile.  The\n"
    "capability options work as minirun's and decide the profile's\n"
    "includes and excludes (default: Docker's default set).\n";

struct request {
	const char *command;
	const char *profile_path;
	char **cap_add;
	size_t cap_add_count;
	char **cap_drop;
	size_t cap_drop_count;
	uint64_t caps;
};

__attribute__((format(printf, 1, 2))) static int
usage_error(const char *fmt, ...)
{
	va_list args;

	fputs("minirun-profile: ", stderr);
	va_start(args, fmt);
	vfprintf(stderr, fmt, args);
	va_end(args);
	fputs(" (see minirun-profile --help)\n", stderr);
	return EXIT_USAGE;
}

static bool push_name(char ***names, size_t *count, const char *name)
{
	char **grown = realloc(*names, (*count + 1) * sizeof(**names));

	if (!grown)
		return false;
	grown[(*count)++] = (char *)name;
	*names = grown;
	return true;
}

/* Returns -1 when the request is complete, else an exit status. */
static int parse_args(int argc, char **argv, struct request *req)
{
	static const struct option options[] = {
	    {"cap-add", required_argument, NULL, 'a'},
	    {"cap-drop", required_argument, NULL, 'd'},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {NULL, 0, NULL, 0},
	};
	bool ok = true;
	int opt;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (opt) {
		case 'a':
			ok = push_name(&req->cap_add, &req->cap_add_count,
				       optarg);
			break;
		case 'd':
			ok = push_name(&req->cap_drop, &req->cap_drop_count,
				       optarg);
			break;
		case 'h':
			fputs(usage, stdout);
			return EXIT_SUCCESS;
		case 'V':
			printf("minirun-profile %s\n", MINIRUN_VERSION);
			return EXIT_SUCCESS;
		case ':':
			return usage_error("option '%s' requires a value",
					   argv[optind - 1]);
		default:
			return usage_error("unknown option '%s'",
					   argv[optind - 1]);
		}
		if (!ok)
			return usage_error("out of memory");
	}

	if (argc - optind < 2)
		return usage_error("expected a command and a profile");
	if (argc - optind > 2)
		return usage_error("unexpected argument '%s'",
				   argv[optind + 2]);

	req->command = argv[optind];
	req->profile_path = argv[optind + 1];
	return -1;
}

static int load(const struct request *req, struct mr_profile **ret,
		struct mr_warnings *warnings, struct mr_error *err)
{
	if (strcmp(req->profile_path, "default") == 0)
		return mr_profile_load_default(ret, warnings, err);
	return mr_profile_load(req->profile_path, ret, warnings, err);
}

static void print_lines(FILE *out, char *const *lines, size_t count)
{
	for (size_t i = 0; i < count; i++)
		fprintf(out, "%s\n", lines[i]);
}

static void print_warnings(FILE *out, const struct mr_warnings *warnings)
{
	print_lines(out, warnings->lines, warnings->count);
	if (warnings->dropped > 0)
		fprintf(out, "%zu more warnings not shown\n",
			warnings->dropped);
}

/* Reports what minirun would report, plus what only a review needs. */
static int run_check(const struct request *req)
{
	struct mr_warnings warnings = {0};
	struct mr_profile *profile = NULL;
	struct mr_error err = {0};
	struct mr_bpf prog = {0};
	int r;

	r = load(req, &profile, &warnings, &err);
	if (r == 0)
		r = mr_filter_compile(profile, req->caps, &prog, &warnings,
				      &err);
	if (r == 0)
		r = mr_filter_review(profile, req->caps, &warnings, &err);

	print_warnings(stdout, &warnings);
	if (r < 0)
		printf("%s\n", err.message);

	mr_bpf_free(&prog);
	mr_profile_free(profile);
	mr_warnings_free(&warnings);
	return r < 0 ? EXIT_UNUSABLE : EXIT_SUCCESS;
}

static int run_dump(const struct request *req)
{
	struct mr_warnings warnings = {0};
	struct mr_profile *profile = NULL;
	struct mr_error err = {0};
	char **lines = NULL;
	size_t count = 0;
	int r;

	r = load(req, &profile, &warnings, &err);
	if (r == 0)
		r = mr_filter_dump(profile, req->caps, &lines, &count,
				   &warnings, &err);

	print_warnings(stderr, &warnings);
	if (r < 0)
		fprintf(stderr, "minirun-profile: %s\n", err.message);
	else
		print_lines(stdout, lines, count);

	mr_dump_free(lines, count);
	mr_profile_free(profile);
	mr_warnings_free(&warnings);
	return r < 0 ? EXIT_UNUSABLE : EXIT_SUCCESS;
}

static int write_program(const struct mr_bpf *prog)
{
	size_t size = prog->length * sizeof(*prog->insns);

	if (fwrite(prog->insns, 1, size, stdout) != size ||
	    fflush(stdout) != 0) {
		perror("minirun-profile: writing the program failed");
		return EXIT_UNUSABLE;
	}
	return EXIT_SUCCESS;
}

static int run_bpf(const struct request *req)
{
	struct mr_warnings warnings = {0};
	struct mr_profile *profile = NULL;
	struct mr_error err = {0};
	struct mr_bpf prog = {0};
	int status = EXIT_UNUSABLE, r;

	if (isatty(STDOUT_FILENO))
		return usage_error("standard output is a terminal; redirect "
				   "it to a file: minirun-profile bpf PROFILE "
				   "> filter.bpf");

	r = load(req, &profile, &warnings, &err);
	if (r == 0)
		r = mr_filter_compile(profile, req->caps, &prog, &warnings,
				      &err);

	print_warnings(stderr, &warnings);
	if (r < 0)
		fprintf(stderr, "minirun-profile: %s\n", err.message);
	else if (prog.length == 0)
		fprintf(stderr, "minirun-profile: the profile installs no "
				"filter, so there is no program to write\n");
	else
		status = write_program(&prog);

	mr_bpf_free(&prog);
	mr_profile_free(profile);
	mr_warnings_free(&warnings);
	return status;
}

int main(int argc, char **argv)
{
	struct request req = {0};
	struct mr_error err = {0};
	int status;

	status = parse_args(argc, argv, &req);
	if (status >= 0)
		goto out;

	/* Every capability the kernel supports, because nothing is granted here. */
	if (mr_caps_resolve(req.cap_add, req.cap_add_count, req.cap_drop,
			    req.cap_drop_count, mr_caps_known(), &req.caps,
			    &err) < 0) {
		status = usage_error("%s", err.message);
		goto out;
	}

	if (strcmp(req.command, "check") == 0)
		status = run_check(&req);
	else if (strcmp(req.command, "dump") == 0)
		status = run_dump(&req);
	else if (strcmp(req.command, "bpf") == 0)
		status = run_bpf(&req);
	else
		status = usage_error("unknown command '%s', expected check, "
				     "dump or bpf",
				     req.command);

out:
	free(req.cap_add);
	free(req.cap_drop);
	return status;
}
