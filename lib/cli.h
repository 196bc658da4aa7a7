/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef MINIRUN_CLI_H
#define MINIRUN_CLI_H

#include "config.h"
#include "error.h"

enum mr_cli_action {
	MR_CLI_RUN,
	MR_CLI_HELP,
	MR_CLI_VERSION,
};

/* The text that --help prints, ending in a newline. */
extern const char mr_cli_usage[];

/*
 * Parses the command line into *ret.  Options end at the first argument
 * that is not an option (ROOTFS), so the command's own options reach it.
 * On success the caller frees *ret with mr_config_free, also for
 * MR_CLI_HELP and MR_CLI_VERSION.
 */
int mr_cli_parse(int argc, char **argv, struct mr_config *ret,
		 enum mr_cli_action *ret_action, struct mr_error *err);

/* Frees what the config owns.  Accepts a zeroed config. */
void mr_config_free(struct mr_config *config);

#endif
