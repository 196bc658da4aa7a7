/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "caps.h"
#include "cli.h"

#define ARGC(argv) ((int)(sizeof(argv) / sizeof(*(argv))) - 1)

static int parse(int argc, char **argv, struct mr_config *config,
		 enum mr_cli_action *action, struct mr_error *err)
{
	memset(config, 0, sizeof(*config));
	return mr_cli_parse(argc, argv, config, action, err);
}

static void test_defaults(void **state)
{
	char *argv[] = {"minirun", "/rootfs", "ls", "-l", NULL};
	struct mr_config config;
	enum mr_cli_action action;
	struct mr_error err;

	(void)state;
	assert_int_equal(parse(ARGC(argv), argv, &config, &action, &err), 0);
	assert_int_equal(action, MR_CLI_RUN);
	assert_string_equal(config.rootfs, "/rootfs");
	assert_string_equal(config.command[0], "ls");
	assert_string_equal(config.command[1], "-l");
	assert_null(config.command[2]);
	assert_string_equal(config.hostname, "minirun");
	assert_string_equal(config.workdir, "/");
	assert_null(config.user);
	assert_int_equal(config.seccomp_mode, MR_SECCOMP_DEFAULT);
	assert_false(config.no_new_privileges);
	assert_true(config.caps == mr_caps_default());
	mr_config_free(&config);
}

static void test_options_stop_at_rootfs(void **state)
{
	char *argv[] = {"minirun", "/rootfs", "--hostname", "x", NULL};
	struct mr_config config;
	enum mr_cli_action action;
	struct mr_error err;

	(void)state;
	assert_int_equal(parse(ARGC(argv), argv, &config, &action, &err), 0);
	assert_string_equal(config.hostname, "minirun");
	assert_string_equal(config.command[0], "--hostname");
	mr_config_free(&config);
}

static void test_all_options(void **state)
{
	char *argv[] = {"minirun",
			"--security-opt",
			"seccomp=/p.json",
			"--security-opt=no-new-privileges",
			"--hostname=box",
			"-e",
			"A=1",
			"--env=B=2",
			"-eA=3",
			"-w",
			"/src",
			"--user",
			"1000:1000",
			"--",
			"/rootfs",
			"make",
			NULL};
	struct mr_config config;
	enum mr_cli_action action;
	struct mr_error err;

	(void)state;
	assert_int_equal(parse(ARGC(argv), argv, &config, &action, &err), 0);
	assert_int_equal(config.seccomp_mode, MR_SECCOMP_PROFILE);
	assert_string_equal(config.seccomp_profile, "/p.json");
	assert_true(config.no_new_privileges);
	assert_string_equal(config.hostname, "box");
	assert_int_equal(config.env.count, 3);
	assert_string_equal(config.env.items[0], "A=1");
	assert_string_equal(config.env.items[1], "B=2");
	assert_string_equal(config.env.items[2], "A=3");
	assert_string_equal(config.workdir, "/src");
	assert_string_equal(config.user, "1000:1000");
	assert_string_equal(config.rootfs, "/rootfs");
	assert_string_equal(config.command[0], "make");
	mr_config_free(&config);
}

static void test_security_opt_forms(void **state)
{
	char *argv[] = {"minirun",
			"--security-opt",
			"seccomp=/p.json",
			"--security-opt",
			"seccomp=unconfined",
			"--security-opt",
			"no-new-privileges=true",
			"--security-opt",
			"no-new-privileges:false",
			"/rootfs",
			"true",
			NULL};
	struct mr_config config;
	enum mr_cli_action action;
	struct mr_error err;

	(void)state;
	assert_int_equal(parse(ARGC(argv), argv, &config, &action, &err), 0);
	assert_int_equal(config.seccomp_mode, MR_SECCOMP_UNCONFINED);
	assert_null(config.seccomp_profile);
	assert_false(config.no_new_privileges);
	mr_config_free(&config);
}

static void test_env_from_caller(void **state)
{
	char *argv[] = {"minirun",	 "-e",	    "MR_TEST_SET", "-e",
			"MR_TEST_UNSET", "/rootfs", "true",	   NULL};
	struct mr_config config;
	enum mr_cli_action action;
	struct mr_error err;

	(void)state;
	setenv("MR_TEST_SET", "from caller", 1);
	unsetenv("MR_TEST_UNSET");
	assert_int_equal(parse(ARGC(argv), argv, &config, &action, &err), 0);
	assert_int_equal(config.env.count, 1);
	assert_string_equal(config.env.items[0], "MR_TEST_SET=from caller");
	mr_config_free(&config);
}

static void test_help_and_version(void **state)
{
	char *help[] = {"minirun", "-h", NULL};
	char *version[] = {"minirun", "--version", "ignored", NULL};
	struct mr_config config;
	enum mr_cli_action action;
	struct mr_error err;

	(void)state;
	assert_int_equal(parse(ARGC(help), help, &config, &action, &err), 0);
	assert_int_equal(action, MR_CLI_HELP);
	mr_config_free(&config);

	assert_int_equal(parse(ARGC(version), version, &config, &action, &err),
			 0);
	assert_int_equal(action, MR_CLI_VERSION);
	mr_config_free(&config);
}

struct bad_case {
	char *argv[8];
	const char *message;
};

static const struct bad_case bad_cases[] = {
    {{"minirun", NULL}, "missing ROOTFS and COMMAND"},
    {{"minirun", "/rootfs", NULL}, "missing COMMAND after ROOTFS"},
    {{"minirun", "--bogus", "/r", "x", NULL}, "unknown option '--bogus'"},
    {{"minirun", "-x", "/r", "x", NULL}, "unknown option '-x'"},
    {{"minirun", "--hostname", NULL}, "option '--hostname' requires"},
    {{"minirun", "--help=yes", "/r", "x", NULL},
     "option '--help=yes' takes no value"},
    {{"minirun", "--security-opt", "apparmor=x", "/r", "x", NULL},
     "unsupported --security-opt 'apparmor=x'"},
    {{"minirun", "--security-opt", "seccomp=", "/r", "x", NULL},
     "invalid --security-opt 'seccomp='"},
    {{"minirun", "--security-opt", "no-new-privileges=maybe", "/r", "x", NULL},
     "invalid --security-opt 'no-new-privileges=maybe'"},
    {{"minirun", "--hostname", "a b", "/r", "x", NULL},
     "invalid --hostname 'a b'"},
    {{"minirun", "--hostname", "", "/r", "x", NULL}, "invalid --hostname ''"},
    {{"minirun", "-w", "rel", "/r", "x", NULL}, "invalid --workdir 'rel'"},
    {{"minirun", "-u", ":0", "/r", "x", NULL}, "invalid --user ':0'"},
    {{"minirun", "-e", "=v", "/r", "x", NULL}, "invalid --env '=v'"},
    {{"minirun", "--cap-add", "NOPE", "/r", "x", NULL},
     "--cap-add: unknown capability 'NOPE'"},
    {{"minirun", "--cap-drop", "cap_nope", "/r", "x", NULL},
     "--cap-drop: unknown capability 'cap_nope'"},
};

static void test_bad_arguments(void **state)
{
	(void)state;

	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(*bad_cases); i++) {
		char **argv = (char **)bad_cases[i].argv;
		struct mr_config config;
		enum mr_cli_action action;
		struct mr_error err = {0};
		int argc = 0;

		while (argv[argc])
			argc++;

		assert_int_equal(parse(argc, argv, &config, &action, &err),
				 -EINVAL);
		if (!strstr(err.message, bad_cases[i].message))
			fail_msg("case %zu: expected '%s' in '%s'", i,
				 bad_cases[i].message, err.message);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_defaults),
	    cmocka_unit_test(test_options_stop_at_rootfs),
	    cmocka_unit_test(test_all_options),
	    cmocka_unit_test(test_security_opt_forms),
	    cmocka_unit_test(test_env_from_caller),
	    cmocka_unit_test(test_help_and_version),
	    cmocka_unit_test(test_bad_arguments),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
