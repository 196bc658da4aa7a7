/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What jansson cannot do for profiles, done on the JSON text.  jansson keeps
 * no positions for the values it parses, so messages about a value find it
 * again by scanning the text.  The scanner only skips values, because
 * jansson has already checked the syntax.  jansson also reads integers as
 * signed 64-bit numbers, while Docker's argument values are unsigned.
 */
#include "json-text.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Longer keys than this never occur in a profile and match nothing. */
#define KEY_MAX 64

struct scanner {
	const char *text;
	size_t size;
	size_t at;
};

/* One step of a path: a key, or an index when key is empty. */
struct step {
	char key[KEY_MAX];
	size_t index;
};

static bool at_end(const struct scanner *s)
{
	return s->at >= s->size;
}

static char peek(const struct scanner *s)
{
	return at_end(s) ? '\0' : s->text[s->at];
}

static void skip_space(struct scanner *s)
{
	while (!at_end(s) && isspace((unsigned char)s->text[s->at]))
		s->at++;
}

/* Skips a string whose opening quote is at s->at. */
static void skip_string(struct scanner *s)
{
	s->at++;
	while (!at_end(s) && s->text[s->at] != '"') {
		if (s->text[s->at] == '\\')
			s->at++;
		s->at++;
	}
	if (!at_end(s))
		s->at++;
}

/*
 * Skips one value.  Nesting is counted rather than recursed into, so deep
 * nesting in a hostile profile cannot exhaust the stack.
 */
static void skip_value(struct scanner *s)
{
	size_t depth = 0;

	skip_space(s);
	do {
		char c = peek(s);

		if (c == '\0' && at_end(s))
			return;
		if (c == '"') {
			skip_string(s);
			continue;
		}
		if (c == '{' || c == '[')
			depth++;
		else if ((c == '}' || c == ']') && depth > 0)
			depth--;
		else if (depth == 0 && (c == ',' || c == '}' || c == ']'))
			return;
		s->at++;
	} while (depth > 0 || !strchr(",}] \t\r\n", peek(s)));
}

/* Compares the key whose opening quote is at s->at, and skips it. */
static bool read_key_matches(struct scanner *s, const char *key)
{
	size_t start = s->at + 1, length;

	skip_string(s);
	length = s->at - start - 1;
	if (s->at <= start || length != strlen(key))
		return false;
	return strncasecmp(s->text + start, key, length) == 0;
}

/* Moves to the value of key in the object at s->at; false when absent. */
static bool enter_key(struct scanner *s, const char *key)
{
	size_t found = 0;
	bool matched = false;

	skip_space(s);
	if (peek(s) != '{')
		return false;
	s->at++;

	for (;;) {
		skip_space(s);
		if (peek(s) != '"')
			break;

		bool is_match = read_key_matches(s, key);

		skip_space(s);
		if (peek(s) != ':')
			break;
		s->at++;
		skip_space(s);
		if (is_match) {
			found = s->at;
			matched = true;
		}

		skip_value(s);
		skip_space(s);
		if (peek(s) != ',')
			break;
		s->at++;
	}

	if (matched)
		s->at = found;
	return matched;
}

/* Moves to element index of the array at s->at; false when absent. */
static bool enter_index(struct scanner *s, size_t index)
{
	skip_space(s);
	if (peek(s) != '[')
		return false;
	s->at++;
	skip_space(s);
	if (peek(s) == ']')
		return false;

	for (size_t i = 0; i < index; i++) {
		skip_value(s);
		skip_space(s);
		if (peek(s) != ',')
			return false;
		s->at++;
	}

	skip_space(s);
	return !at_end(s);
}

/* Reads the next step of path at *cursor; false at the end or on junk. */
static bool next_step(const char **cursor, struct step *ret)
{
	const char *p = *cursor;
	size_t length;
	char *end;

	if (*p == '.')
		p++;
	if (*p == '\0')
		return false;

	if (*p == '[') {
		ret->key[0] = '\0';
		ret->index = strtoul(p + 1, &end, 10);
		if (*end != ']')
			return false;
		*cursor = end + 1;
		return true;
	}

	length = strcspn(p, ".[");
	if (length == 0 || length >= KEY_MAX)
		return false;
	memcpy(ret->key, p, length);
	ret->key[length] = '\0';
	*cursor = p + length;
	return true;
}

static struct mr_json_position position_of(const char *text, size_t at)
{
	struct mr_json_position position = {1, 1};

	for (size_t i = 0; i < at; i++) {
		if (text[i] == '\n') {
			position.line++;
			position.column = 1;
		} else {
			position.column++;
		}
	}
	return position;
}

struct mr_json_position mr_json_locate(const char *text, size_t size,
				       const char *path)
{
	struct scanner s = {.text = text, .size = size};
	size_t last_found;
	struct step step;
	bool entered;

	skip_space(&s);
	last_found = s.at;

	while (next_step(&path, &step)) {
		if (step.key[0])
			entered = enter_key(&s, step.key);
		else
			entered = enter_index(&s, step.index);
		if (!entered)
			break;

		skip_space(&s);
		last_found = s.at;
	}

	if (last_found > size)
		last_found = size;
	return position_of(text, last_found);
}

/* The digits of an integer literal that jansson cannot hold, else 0. */
static size_t big_integer_length(const char *text, size_t size, size_t at)
{
	size_t end = at;
	uint64_t value;

	while (end < size && isdigit((unsigned char)text[end]))
		end++;
	if (end < size && strchr(".eE", text[end]))
		return 0;

	/* INT64_MAX has 19 digits, UINT64_MAX 20. */
	if (end - at < 19 || end - at > 20 || text[at] == '0')
		return 0;

	char digits[21];

	memcpy(digits, text + at, end - at);
	digits[end - at] = '\0';
	errno = 0;
	value = strtoull(digits, NULL, 10);
	if (errno == ERANGE || value <= INT64_MAX)
		return 0;
	return end - at;
}

/* Appends to a buffer sized for the worst case by the caller. */
static void append(char *out, size_t *length, const char *data, size_t size)
{
	memcpy(out + *length, data, size);
	*length += size;
}

int mr_json_quote_big_integers(const char *text, size_t size, char **ret,
			       size_t *ret_size)
{
	static const size_t extra = sizeof(MR_JSON_UINT64_PREFIX) + 8;
	size_t length = 0, digits, start = 0;
	bool in_string = false;
	char *out = NULL;

	*ret = NULL;
	*ret_size = 0;

	for (size_t at = 0; at < size; at++) {
		char c = text[at];

		if (in_string) {
			if (c == '\\')
				at++;
			else if (c == '"')
				in_string = false;
			continue;
		}
		if (c == '"') {
			in_string = true;
			continue;
		}
		if (!isdigit((unsigned char)c) ||
		    (at > 0 && (isalnum((unsigned char)text[at - 1]) ||
				text[at - 1] == '-' || text[at - 1] == '.')))
			continue;

		digits = big_integer_length(text, size, at);
		if (digits == 0)
			continue;

		/* Each quoted literal grows by at most extra bytes. */
		if (!out) {
			out = malloc(size + size / 19 * extra + extra);
			if (!out)
				return -ENOMEM;
		}
		append(out, &length, text + start, at - start);
		append(out, &length, "\"", 1);
		append(out, &length, MR_JSON_UINT64_ESCAPED,
		       strlen(MR_JSON_UINT64_ESCAPED));
		append(out, &length, text + at, digits);
		append(out, &length, "\"", 1);
		at += digits - 1;
		start = at + 1;
	}

	if (!out)
		return 0;

	append(out, &length, text + start, size - start);
	*ret = out;
	*ret_size = length;
	return 0;
}
