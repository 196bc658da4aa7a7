/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef MINIRUN_DEFAULT_FILTER_H
#define MINIRUN_DEFAULT_FILTER_H

#include <linux/filter.h>
#include <stddef.h>

/*
 * The built-in default profile compiled at build time for Docker's default
 * capability set (mr_caps_default) by tools/compile-default-filter.c.  A
 * unit test compiles the profile again at run time and compares.
 */
extern const struct sock_filter mr_default_filter_insns[];
extern const size_t mr_default_filter_length;
extern const unsigned int mr_default_filter_flags;

#endif
