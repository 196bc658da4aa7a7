/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "error.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((format(printf, 4, 0))) static int
set_message(struct mr_error *err, int code, bool with_errno, const char *fmt,
	    va_list args)
{
	int length;

	if (code <= 0)
		code = EINVAL;
	err->code = code;

	length = vsnprintf(err->message, sizeof(err->message), fmt, args);
	if (with_errno && length >= 0 && (size_t)length < sizeof(err->message))
		snprintf(err->message + length, sizeof(err->message) - length,
			 ": %s", strerror(code));

	return -code;
}

int mr_error_set(struct mr_error *err, int code, const char *fmt, ...)
{
	va_list args;
	int r;

	va_start(args, fmt);
	r = set_message(err, code, false, fmt, args);
	va_end(args);
	return r;
}

int mr_error_set_errno(struct mr_error *err, int code, const char *fmt, ...)
{
	va_list args;
	int r;

	va_start(args, fmt);
	r = set_message(err, code, true, fmt, args);
	va_end(args);
	return r;
}

int mr_error_prefix(struct mr_error *err, const char *fmt, ...)
{
	char prefix[MR_ERROR_MESSAGE_MAX];
	char joined[2 * MR_ERROR_MESSAGE_MAX + 2];
	va_list args;

	va_start(args, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, args);
	va_end(args);

	snprintf(joined, sizeof(joined), "%s: %s", prefix, err->message);
	memcpy(err->message, joined, sizeof(err->message) - 1);
	err->message[sizeof(err->message) - 1] = '\0';
	if (err->code <= 0)
		err->code = EINVAL;
	return -err->code;
}

void mr_error_clear(struct mr_error *err)
{
	err->code = 0;
	err->message[0] = '\0';
}

bool mr_warnings_drop_if_full(struct mr_warnings *warnings)
{
	if (warnings->count < MR_WARNINGS_MAX)
		return false;

	warnings->dropped++;
	return true;
}

int mr_warnings_add(struct mr_warnings *warnings, const char *fmt, ...)
{
	char **lines;
	char *line;
	size_t capacity;
	va_list args;
	int r;

	if (mr_warnings_drop_if_full(warnings))
		return 0;

	va_start(args, fmt);
	r = vasprintf(&line, fmt, args);
	va_end(args);
	if (r < 0)
		return -ENOMEM;

	/* Doubling keeps a profile with many warnings linear to collect. */
	if (warnings->count == warnings->capacity) {
		capacity = warnings->capacity ? 2 * warnings->capacity : 8;
		lines = realloc(warnings->lines, capacity * sizeof(*lines));
		if (!lines) {
			free(line);
			return -ENOMEM;
		}
		warnings->lines = lines;
		warnings->capacity = capacity;
	}

	warnings->lines[warnings->count++] = line;
	return 0;
}

void mr_warnings_free(struct mr_warnings *warnings)
{
	if (!warnings)
		return;

	for (size_t i = 0; i < warnings->count; i++)
		free(warnings->lines[i]);
	free(warnings->lines);
	warnings->lines = NULL;
	warnings->count = 0;
	warnings->capacity = 0;
	warnings->dropped = 0;
}
