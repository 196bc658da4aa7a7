/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef MINIRUN_CLEANUP_H
#define MINIRUN_CLEANUP_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/*
 * Scope-bound cleanup through the GCC/clang cleanup attribute.  Each helper
 * accepts a pointer to a variable that may hold the empty value (NULL, -1).
 */

static inline void mr_free_ptr(void *p)
{
	free(*(void **)p);
}

static inline void mr_close_ptr(int *fd)
{
	if (*fd >= 0) {
		int saved = errno;

		close(*fd);
		errno = saved;
	}
}

static inline void mr_fclose_ptr(FILE **f)
{
	if (*f)
		fclose(*f);
}

#define cleanup_free __attribute__((cleanup(mr_free_ptr)))
#define cleanup_close __attribute__((cleanup(mr_close_ptr)))
#define cleanup_fclose __attribute__((cleanup(mr_fclose_ptr)))

/* Moves ownership out of a cleanup variable: returns *p and empties it. */
#define steal_pointer(p)                                                       \
	({                                                                     \
		__typeof__(*(p)) stolen_ = *(p);                               \
		*(p) = NULL;                                                   \
		stolen_;                                                       \
	})

#define steal_fd(fd)                                                           \
	({                                                                     \
		int stolen_ = *(fd);                                           \
		*(fd) = -1;                                                    \
		stolen_;                                                       \
	})

#endif
