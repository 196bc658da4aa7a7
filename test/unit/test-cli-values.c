/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <cmocka.h>

#include "cli-values.h"

static void bytes_suffixes(void **state)
{
	static const struct {
		const char *text;
		uint64_t bytes;
	} cases[] = {
	    {"0", 0},
	    {"123", 123},
	    {"10b", 10},
	    {"2k", 2048},
	    {"64m", UINT64_C(64) << 20},
	    {"64M", UINT64_C(64) << 20},
	    {"3g", UINT64_C(3) << 30},
	    {"17179869183g", UINT64_C(17179869183) << 30},
	};
	struct mr_error err;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		uint64_t bytes = 1;

		assert_int_equal(
		    mr_parse_bytes("--memory", cases[i].text, &bytes, &err), 0);
		assert_true(bytes == cases[i].bytes);
	}
}

static void bytes_invalid(void **state)
{
	static const char *const texts[] = {
	    "", "m", "-1", "1.5m", "12x", "1 k", "18446744073709551616",
	    "17179869184g", "0x10", "99999999999999999999999999999999",
	};
	struct mr_error err;
	uint64_t bytes = 7;

	(void)state;
	for (size_t i = 0; i < sizeof(texts) / sizeof(*texts); i++) {
		assert_int_equal(
		    mr_parse_bytes("--memory", texts[i], &bytes, &err),
		    -EINVAL);
		assert_non_null(strstr(err.message, "--memory"));
		assert_true(bytes == 7);
	}
}

static void seconds_and_cpus(void **state)
{
	struct mr_error err;
	uint64_t value = 0;

	(void)state;
	assert_int_equal(mr_parse_seconds("--timeout", "2", &value, &err), 0);
	assert_true(value == 2000);
	assert_int_equal(mr_parse_seconds("--timeout", "0.25", &value, &err),
			 0);
	assert_true(value == 250);
	assert_int_equal(mr_parse_cpus("1.5", &value, &err), 0);
	assert_true(value == 1500);
	assert_int_equal(mr_parse_cpus("0.001", &value, &err), 0);
	assert_true(value == 1);

	assert_int_equal(mr_parse_seconds("--timeout", "1.2345", &value, &err),
			 -EINVAL);
	assert_int_equal(mr_parse_seconds("--timeout", "-1", &value, &err),
			 -EINVAL);
	assert_int_equal(mr_parse_seconds("--timeout", "1.", &value, &err),
			 -EINVAL);
	assert_int_equal(mr_parse_seconds("--timeout", "", &value, &err),
			 -EINVAL);
	assert_int_equal(mr_parse_cpus("0", &value, &err), -EINVAL);
	assert_int_equal(mr_parse_cpus("abc", &value, &err), -EINVAL);
	assert_int_equal(
	    mr_parse_cpus("99999999999999999999", &value, &err), -EINVAL);
}

static void count_range(void **state)
{
	struct mr_error err;
	uint64_t value = 0;

	(void)state;
	assert_int_equal(mr_parse_count("--pids-limit", "64", 100, &value,
					&err),
			 0);
	assert_true(value == 64);
	assert_int_equal(mr_parse_count("--pids-limit", "0", 100, &value,
					&err),
			 -EINVAL);
	assert_int_equal(mr_parse_count("--pids-limit", "101", 100, &value,
					&err),
			 -EINVAL);
	assert_string_equal(err.message, "invalid --pids-limit '101': expected "
					 "a whole number from 1 to 100");
}

static void volume_forms(void **state)
{
	struct mr_volume volume;
	struct mr_error err;

	(void)state;
	assert_int_equal(mr_parse_volume("/src:/work", &volume, &err), 0);
	assert_string_equal(volume.source, "/src");
	assert_string_equal(volume.target, "/work");
	assert_false(volume.read_only);
	free(volume.spec);

	assert_int_equal(mr_parse_volume("/src:/work:ro", &volume, &err), 0);
	assert_true(volume.read_only);
	free(volume.spec);

	assert_int_equal(mr_parse_volume("/src:/work:rw", &volume, &err), 0);
	assert_false(volume.read_only);
	free(volume.spec);
}

static void volume_invalid(void **state)
{
	static const struct {
		const char *text;
		const char *part;
	} cases[] = {
	    {"/src", "expected HOST:CONTAINER"},
	    {"src:/work", "both paths must be absolute"},
	    {"/src:work", "both paths must be absolute"},
	    {"/src:", "both paths must be absolute"},
	    {"/src:/work:rx", "unknown mode 'rx'"},
	    {"/src:/work:ro:rw", "unknown mode 'ro:rw'"},
	};
	struct mr_volume volume;
	struct mr_error err;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		assert_int_equal(mr_parse_volume(cases[i].text, &volume, &err),
				 -EINVAL);
		assert_non_null(strstr(err.message, cases[i].text));
		assert_non_null(strstr(err.message, cases[i].part));
	}
}

static void tmpfs_options(void **state)
{
	struct mr_tmpfs tmpfs;
	struct mr_error err;

	(void)state;
	assert_int_equal(mr_parse_tmpfs("/tmp", &tmpfs, &err), 0);
	assert_string_equal(tmpfs.target, "/tmp");
	assert_true(tmpfs.size_bytes == 0);
	assert_int_equal(tmpfs.mode, 01777);
	assert_false(tmpfs.exec);
	assert_false(tmpfs.read_only);
	free(tmpfs.target);

	assert_int_equal(
	    mr_parse_tmpfs("/build:size=64m,mode=755,exec", &tmpfs, &err), 0);
	assert_string_equal(tmpfs.target, "/build");
	assert_true(tmpfs.size_bytes == UINT64_C(64) << 20);
	assert_int_equal(tmpfs.mode, 0755);
	assert_true(tmpfs.exec);
	free(tmpfs.target);

	assert_int_equal(mr_parse_tmpfs("/x:ro", &tmpfs, &err), 0);
	assert_true(tmpfs.read_only);
	free(tmpfs.target);
}

static void tmpfs_invalid(void **state)
{
	static const char *const texts[] = {
	    "tmp", "/tmp:size=", "/tmp:size=1q", "/tmp:mode=9",
	    "/tmp:mode=", "/tmp:mode=17777", "/tmp:suid", "/tmp:uid=0",
	};
	struct mr_tmpfs tmpfs;
	struct mr_error err;

	(void)state;
	for (size_t i = 0; i < sizeof(texts) / sizeof(*texts); i++) {
		assert_int_equal(mr_parse_tmpfs(texts[i], &tmpfs, &err),
				 -EINVAL);
		assert_non_null(strstr(err.message, "--tmpfs"));
	}
}

static void ulimit_forms(void **state)
{
	struct mr_ulimit limit;
	struct mr_error err;

	(void)state;
	assert_int_equal(mr_parse_ulimit("nofile=1024:2048", &limit, &err), 0);
	assert_string_equal(limit.name, "nofile");
	assert_int_equal(limit.resource, RLIMIT_NOFILE);
	assert_true(limit.soft == 1024);
	assert_true(limit.hard == 2048);

	assert_int_equal(mr_parse_ulimit("core=0", &limit, &err), 0);
	assert_true(limit.soft == 0);
	assert_true(limit.hard == 0);

	assert_int_equal(mr_parse_ulimit("stack=unlimited:-1", &limit, &err),
			 0);
	assert_true(limit.soft == RLIM_INFINITY);
	assert_true(limit.hard == RLIM_INFINITY);
}

static void ulimit_invalid(void **state)
{
	static const char *const texts[] = {
	    "nofile", "nofiles=1", "=1", "nofile=", "nofile=2:1",
	    "nofile=a", "nofile=1:b", "nofile=unlimited:5", "NOFILE=1",
	};
	struct mr_ulimit limit;
	struct mr_error err;

	(void)state;
	for (size_t i = 0; i < sizeof(texts) / sizeof(*texts); i++) {
		assert_int_equal(mr_parse_ulimit(texts[i], &limit, &err),
				 -EINVAL);
		assert_non_null(strstr(err.message, texts[i]));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(bytes_suffixes),
	    cmocka_unit_test(bytes_invalid),
	    cmocka_unit_test(seconds_and_cpus),
	    cmocka_unit_test(count_range),
	    cmocka_unit_test(volume_forms),
	    cmocka_unit_test(volume_invalid),
	    cmocka_unit_test(tmpfs_options),
	    cmocka_unit_test(tmpfs_invalid),
	    cmocka_unit_test(ulimit_forms),
	    cmocka_unit_test(ulimit_invalid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
