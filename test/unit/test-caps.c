/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <linux/capability.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "caps.h"

/* CapEff of a root process under Docker's default set. */
#define DOCKER_DEFAULT_CAPS UINT64_C(0xa80425fb)

static uint64_t resolve(char **add, size_t add_count, char **drop,
			size_t drop_count)
{
	struct mr_error err = {0};
	uint64_t caps = 0;

	assert_int_equal(
	    mr_caps_resolve(add, add_count, drop, drop_count, mr_caps_all(),
			    &caps, &err),
	    0);
	return caps;
}

static void test_default_set(void **state)
{
	(void)state;
	assert_true(mr_caps_default() == DOCKER_DEFAULT_CAPS);
	assert_true(resolve(NULL, 0, NULL, 0) == DOCKER_DEFAULT_CAPS);
}

static void test_name_forms(void **state)
{
	const char *names[] = {"CAP_SYS_ADMIN", "sys_admin", "Sys_Admin",
			       "cap_sys_admin", "SYS_ADMIN"};
	struct mr_error err;

	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		int cap = -1;

		assert_int_equal(mr_cap_from_name(names[i], &cap, &err), 0);
		assert_int_equal(cap, CAP_SYS_ADMIN);
	}
}

static void test_unknown_names(void **state)
{
	const char *names[] = {"CAP_NOPE", "", "CAP_", "ALL",
			       ("sys_admin_and_a_very_long_suffix_beyond_64_"
				"characters_for_sure_yes")};
	struct mr_error err;

	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		int cap = -1;

		assert_int_equal(mr_cap_from_name(names[i], &cap, &err),
				 -EINVAL);
	}
}

static void test_canonical_names(void **state)
{
	(void)state;
	assert_string_equal(mr_cap_to_name(CAP_CHOWN), "CAP_CHOWN");
	assert_string_equal(mr_cap_to_name(CAP_SYS_ADMIN), "CAP_SYS_ADMIN");
	assert_null(mr_cap_to_name(-1));
	assert_null(mr_cap_to_name(64));
}

static void test_add_and_drop(void **state)
{
	char *add[] = {"SYS_ADMIN"};
	char *drop[] = {"cap_chown", "NET_RAW"};
	uint64_t expected = (DOCKER_DEFAULT_CAPS | MR_CAP_BIT(CAP_SYS_ADMIN)) &
			    ~(MR_CAP_BIT(CAP_CHOWN) | MR_CAP_BIT(CAP_NET_RAW));

	(void)state;
	assert_true(resolve(add, 1, drop, 2) == expected);
}

static void test_drop_all_add_one(void **state)
{
	char *add[] = {"NET_ADMIN"};
	char *drop[] = {"all"};

	(void)state;
	assert_true(resolve(add, 1, drop, 1) == MR_CAP_BIT(CAP_NET_ADMIN));
	assert_true(resolve(NULL, 0, drop, 1) == 0);
}

static void test_add_all_drop_one(void **state)
{
	char *add[] = {"ALL"};
	char *drop[] = {"SYS_ADMIN"};

	(void)state;
	assert_true(resolve(add, 1, drop, 1) ==
		    (mr_caps_all() & ~MR_CAP_BIT(CAP_SYS_ADMIN)));
	assert_true(resolve(add, 1, NULL, 0) == mr_caps_all());
}

/* ALL means what is available, and an explicit name outside it fails. */
static void test_available_limits_set(void **state)
{
	uint64_t available = mr_caps_known() & ~MR_CAP_BIT(CAP_SYS_RESOURCE);
	char *all[] = {"ALL"};
	char *resource[] = {"SYS_RESOURCE"};
	struct mr_error err = {0};
	uint64_t caps = 0;

	(void)state;
	assert_int_equal(
	    mr_caps_resolve(all, 1, NULL, 0, available, &caps, &err), 0);
	assert_true(caps == available);

	assert_int_equal(
	    mr_caps_resolve(resource, 1, NULL, 0, available, &caps, &err),
	    -EPERM);
	assert_non_null(strstr(err.message, "'CAP_SYS_RESOURCE'"));
}

/* Docker drops from the default before it adds, so the add wins. */
static void test_same_name_in_both(void **state)
{
	char *both[] = {"KILL"};

	(void)state;
	assert_true(resolve(both, 1, both, 1) == DOCKER_DEFAULT_CAPS);
}

static void test_bad_names_name_option(void **state)
{
	char *bad[] = {"NOPE"};
	struct mr_error err = {0};
	uint64_t caps;

	(void)state;
	assert_int_equal(
	    mr_caps_resolve(bad, 1, NULL, 0, mr_caps_all(), &caps, &err),
	    -EINVAL);
	assert_string_equal(err.message,
			    "--cap-add: unknown capability 'NOPE'");

	assert_int_equal(
	    mr_caps_resolve(NULL, 0, bad, 1, mr_caps_all(), &caps, &err),
	    -EINVAL);
	assert_string_equal(err.message,
			    "--cap-drop: unknown capability 'NOPE'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_default_set),
	    cmocka_unit_test(test_name_forms),
	    cmocka_unit_test(test_unknown_names),
	    cmocka_unit_test(test_canonical_names),
	    cmocka_unit_test(test_add_and_drop),
	    cmocka_unit_test(test_drop_all_add_one),
	    cmocka_unit_test(test_add_all_drop_one),
	    cmocka_unit_test(test_same_name_in_both),
	    cmocka_unit_test(test_available_limits_set),
	    cmocka_unit_test(test_bad_names_name_option),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
