/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef MINIRUN_JSON_TEXT_H
#define MINIRUN_JSON_TEXT_H

#include <stddef.h>

/* A position in a text: 1-based line and 1-based byte column. */
struct mr_json_position {
	unsigned int line;
	unsigned int column;
};

/*
 * Finds where the value at path starts in a JSON text that jansson has
 * already accepted.  path is the notation of minirun's messages:
 * "syscalls[12].args[0].op".  Keys match case-insensitively, as the profile
 * parser matches them, and the last of duplicate keys wins.  When a part of
 * path is missing (a required key that the profile lacks), the position is
 * that of the longest prefix that exists, so a message still points at the
 * object to fix.  The empty path is the start of the top-level value.
 */
struct mr_json_position mr_json_locate(const char *text, size_t size,
				       const char *path);

/*
 * The string that stands for an unsigned integer above INT64_MAX after
 * mr_json_quote_big_integers: the prefix, then the decimal digits.  The
 * control character keeps it apart from any string that a profile means.
 */
#define MR_JSON_UINT64_PREFIX "\x01uint64:"
#define MR_JSON_UINT64_ESCAPED "\\u0001uint64:"

/*
 * Rewrites integer literals between INT64_MAX and UINT64_MAX, which jansson
 * rejects as too big, into strings of MR_JSON_UINT64_PREFIX and the digits,
 * so the parser can read them back.  Larger literals stay as they are, for
 * jansson to reject.  *ret is NULL when nothing needed quoting, else a new
 * text of *ret_size bytes that the caller frees.  The rewrite changes no
 * JSON path, so mr_json_locate on the original text still applies.
 * Returns 0 or -ENOMEM.
 */
int mr_json_quote_big_integers(const char *text, size_t size, char **ret,
			       size_t *ret_size);

#endif
