/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef MINIRUN_ASSERT_LOCATED_H
#define MINIRUN_ASSERT_LOCATED_H

#include <stdio.h>

#include "error.h"

/* Include after <cmocka.h>, whose asserts this uses. */

/*
 * Checks a message of the form "p.json:LINE:COLUMN: SEVERITY: TAIL", the
 * compiler-style shape of every located profile message.
 */
static inline void assert_located(const char *message, const char *severity,
				  const char *tail)
{
	unsigned int line = 0, column = 0;
	int consumed = 0;
	char expected[2 * MR_ERROR_MESSAGE_MAX];

	assert_int_equal(
	    sscanf(message, "p.json:%u:%u: %n", &line, &column, &consumed), 2);
	assert_true(line >= 1);
	assert_true(column >= 1);
	snprintf(expected, sizeof(expected), "%s: %s", severity, tail);
	assert_string_equal(message + consumed, expected);
}

#endif
