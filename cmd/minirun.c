/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdio.h>
#include <stdlib.h>

#include "build-config.h"
#include "cli.h"
#include "error.h"
#include "run.h"

/* The status that docker run returns when the launcher itself fails. */
#define EXIT_LAUNCHER_FAILURE 125

/*
 * Prints "minirun: MESSAGE" as one line: messages quote values from the
 * command line and the rootfs, which may hold newlines and other control
 * characters, so those are escaped.
 */
static void print_message(const char *message)
{
	fputs("minirun: ", stderr);
	for (const unsigned char *c = (const unsigned char *)message; *c; c++) {
		if (*c == '\n')
			fputs("\\n", stderr);
		else if (*c < 0x20 || *c == 0x7f)
			fprintf(stderr, "\\x%02x", *c);
		else
			fputc(*c, stderr);
	}
	fputc('\n', stderr);
}

static void print_warnings(const struct mr_warnings *warnings)
{
	for (size_t i = 0; i < warnings->count; i++)
		print_message(warnings->lines[i]);
	if (warnings->dropped > 0)
		fprintf(stderr, "minirun: warning: %zu more warnings not shown\n",
			warnings->dropped);
}

int main(int argc, char **argv)
{
	struct mr_warnings warnings = {0};
	struct mr_config config = {0};
	struct mr_error err = {0};
	struct mr_bpf filter = {0};
	enum mr_cli_action action;
	int status, r;

	r = mr_cli_parse(argc, argv, &config, &action, &err);
	if (r < 0) {
		print_message(err.message);
		return EXIT_LAUNCHER_FAILURE;
	}

	if (action == MR_CLI_HELP) {
		fputs(mr_cli_usage, stdout);
		mr_config_free(&config);
		return EXIT_SUCCESS;
	}
	if (action == MR_CLI_VERSION) {
		printf("minirun %s\n", MINIRUN_VERSION);
		mr_config_free(&config);
		return EXIT_SUCCESS;
	}

	r = mr_run_prepare(&config, &filter, &warnings, &err);
	print_warnings(&warnings);
	if (r < 0) {
		print_message(err.message);
		status = EXIT_LAUNCHER_FAILURE;
		goto out;
	}

	/* Flush before clone, so the child does not inherit buffered text. */
	fflush(stdout);
	fflush(stderr);

	r = mr_run(&config, &filter, &status, &err);
	if (r < 0)
		print_message(err.message);

out:
	mr_bpf_free(&filter);
	mr_warnings_free(&warnings);
	mr_config_free(&config);
	return status;
}
