/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef MINIRUN_ERROR_H
#define MINIRUN_ERROR_H

#include <stdbool.h>
#include <stddef.h>

#define MR_ERROR_MESSAGE_MAX 512

/*
 * A failure as lib/ reports it: a positive errno value and one line of text
 * without the "minirun:" prefix.  The message is a fixed buffer so that the
 * child can send the whole struct to the parent over a pipe.
 */
struct mr_error {
	int code;
	char message[MR_ERROR_MESSAGE_MAX];
};

/*
 * The maximum number of warning lines kept.  A generated profile can
 * produce thousands, which nobody reads and which would cost time to
 * locate.
 */
#define MR_WARNINGS_MAX 100

/* Warnings collected by lib/ for cmd/ to print, one line each. */
struct mr_warnings {
	char **lines;
	size_t count;
	size_t capacity;
	size_t dropped; /* warnings past MR_WARNINGS_MAX, not kept */
};

/*
 * Fills err with code and the formatted message and returns -code, so that a
 * failure site is one line: return mr_error_set(err, EINVAL, "...").
 * A code of 0 or less is stored as EINVAL.
 */
int mr_error_set(struct mr_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The same as mr_error_set, with ": strerror(code)" appended. */
int mr_error_set_errno(struct mr_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Prepends "PREFIX: " to the message and returns -err->code. */
int mr_error_prefix(struct mr_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

void mr_error_clear(struct mr_error *err);

/*
 * Tells whether the list contains MR_WARNINGS_MAX lines already, and then
 * counts one more dropped warning, so a caller can skip the work of
 * formatting it.
 */
bool mr_warnings_drop_if_full(struct mr_warnings *warnings);

/*
 * Appends a formatted line, or counts it as dropped when the list is full.
 * Returns 0, or -ENOMEM with nothing appended.
 */
int mr_warnings_add(struct mr_warnings *warnings, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Frees the lines and leaves an empty list.  Accepts NULL. */
void mr_warnings_free(struct mr_warnings *warnings);

#endif
