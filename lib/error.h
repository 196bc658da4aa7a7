/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef MINIRUN_ERROR_H
#define MINIRUN_ERROR_H

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

/* Warnings collected by lib/ for cmd/ to print, one line each. */
struct mr_warnings {
	char **lines;
	size_t count;
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

/* Appends a formatted line.  Returns 0, or -ENOMEM with nothing appended. */
int mr_warnings_add(struct mr_warnings *warnings, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Frees the lines and leaves an empty list.  Accepts NULL. */
void mr_warnings_free(struct mr_warnings *warnings);

#endif
