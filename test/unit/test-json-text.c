/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "json-text.h"

static const char profile[] =
    "{\n"
    "  \"defaultAction\": \"SCMP_ACT_ERRNO\",\n"
    "  \"Syscalls\": [\n"
    "    {\"names\": [\"read\", \"write\"], \"action\": \"SCMP_ACT_ALLOW\"},\n"
    "    {\n"
    "      \"names\": [\"personality\"],\n"
    "      \"comment\": \"a, b: {c} [d] \\\" e\",\n"
    "      \"args\": [{\"index\": 0, \"value\": 8, \"op\": \"EQ\"}],\n"
    "      \"action\": \"SCMP_ACT_ALLOW\"\n"
    "    }\n"
    "  ]\n"
    "}\n";

static void assert_position(const char *path, unsigned int line,
			    unsigned int column)
{
	struct mr_json_position position;

	position = mr_json_locate(profile, strlen(profile), path);
	assert_int_equal(position.line, line);
	assert_int_equal(position.column, column);
}

static void locate_top_level(void **state)
{
	(void)state;
	assert_position("", 1, 1);
	assert_position("defaultAction", 2, 20);
}

static void locate_key_case_insensitive(void **state)
{
	(void)state;
	assert_position("syscalls", 3, 15);
}

static void locate_array_elements(void **state)
{
	(void)state;
	assert_position("syscalls[0]", 4, 5);
	assert_position("syscalls[0].names[1]", 4, 24);
	assert_position("syscalls[0].action", 4, 44);
	assert_position("syscalls[1]", 5, 5);
}

/* The comment contains every character the scanner treats specially. */
static void locate_after_tricky_string(void **state)
{
	(void)state;
	assert_position("syscalls[1].args[0].op", 8, 47);
	assert_position("syscalls[1].action", 9, 17);
}

static void locate_missing_part_gives_prefix(void **state)
{
	(void)state;
	assert_position("syscalls[1].includes.caps[0]", 5, 5);
	assert_position("syscalls[7].action", 3, 15);
	assert_position("syscalls[0].names[9]", 4, 15);
}

static void locate_last_duplicate_key_wins(void **state)
{
	static const char text[] = "{\"a\": 1, \"A\": 2}";
	struct mr_json_position position;

	(void)state;
	position = mr_json_locate(text, strlen(text), "a");
	assert_int_equal(position.line, 1);
	assert_int_equal(position.column, 15);
}

/* Unbalanced or cut text must neither crash nor run past size. */
static void locate_malformed_text(void **state)
{
	static const char *const texts[] = {
	    "", "{", "[", "{\"a\"", "{\"a\":", "{\"a\": [1, 2", "\"unterminated",
	    "{\"a\": {\"b\": [[[[", "]]]}}}", "{\"a\" 1}",
	};
	struct mr_json_position position;

	(void)state;
	for (size_t i = 0; i < sizeof(texts) / sizeof(*texts); i++) {
		size_t size = strlen(texts[i]);

		position = mr_json_locate(texts[i], size, "a.b[3].c");
		assert_true(position.line == 1);
		assert_true(position.column <= size + 1);
	}
}

/* A deep nest is skipped without recursion. */
static void locate_past_deep_nesting(void **state)
{
	size_t depth = 100000, size = 2 * depth + 32;
	struct mr_json_position position;
	char *text = malloc(size);
	size_t at = 0;

	(void)state;
	if (!text)
		abort();
	at += (size_t)sprintf(text, "{\"x\": ");
	memset(text + at, '[', depth);
	at += depth;
	memset(text + at, ']', depth);
	at += depth;
	at += (size_t)sprintf(text + at, ", \"y\": 1}");

	position = mr_json_locate(text, at, "y");
	assert_int_equal(position.line, 1);
	assert_int_equal(position.column, at - 1);
	free(text);
}

static void quote_expect(const char *text, const char *expected)
{
	size_t size = 0;
	char *out = NULL;

	assert_int_equal(
	    mr_json_quote_big_integers(text, strlen(text), &out, &size), 0);
	if (!expected) {
		assert_null(out);
		return;
	}
	assert_non_null(out);
	assert_int_equal(size, strlen(expected));
	assert_memory_equal(out, expected, size);
	free(out);
}

static void quote_above_int64(void **state)
{
	(void)state;
	quote_expect("{\"v\": 18446744073709551615}",
		     "{\"v\": \"\\u0001uint64:18446744073709551615\"}");
	quote_expect("[9223372036854775808,1]",
		     "[\"\\u0001uint64:9223372036854775808\",1]");
}

/* Only literals that jansson rejects and uint64 can store are rewritten. */
static void quote_leaves_others(void **state)
{
	(void)state;
	quote_expect("{\"v\": 9223372036854775807}", NULL);
	quote_expect("{\"v\": 18446744073709551616}", NULL);
	quote_expect("{\"v\": -18446744073709551615}", NULL);
	quote_expect("{\"v\": 18446744073709551615.0}", NULL);
	quote_expect("{\"v\": 18446744073709551615e0}", NULL);
	quote_expect("{\"v\": \"18446744073709551615\"}", NULL);
	quote_expect("{\"v\\\" 18446744073709551615\": 1}", NULL);
	quote_expect("{\"v\": 018446744073709551615}", NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(locate_top_level),
	    cmocka_unit_test(locate_key_case_insensitive),
	    cmocka_unit_test(locate_array_elements),
	    cmocka_unit_test(locate_after_tricky_string),
	    cmocka_unit_test(locate_missing_part_gives_prefix),
	    cmocka_unit_test(locate_last_duplicate_key_wins),
	    cmocka_unit_test(locate_malformed_text),
	    cmocka_unit_test(locate_past_deep_nesting),
	    cmocka_unit_test(quote_above_int64),
	    cmocka_unit_test(quote_leaves_others),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
