/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef MINIRUN_SECCOMP_PROLOGUE_H
#define MINIRUN_SECCOMP_PROLOGUE_H

#include <linux/filter.h>
#include <stddef.h>
#include <stdint.h>

/* The maximum instructions that mr_prologue_write writes per architecture. */
#define MR_PROLOGUE_ARCH_LENGTH 6

/* The maximum architectures one prologue covers, above libseccomp's count. */
#define MR_PROLOGUE_ARCH_MAX 32

/*
 * The highest syscall number that a profile names on one architecture, as
 * the kernel reports calls in struct seccomp_data.  x86_64 and x32 share
 * AUDIT_ARCH_X86_64 and x32 numbers carry bit 30, so max_x32_nr covers
 * them; it is -1 when the filter does not include x32, and for every other
 * architecture.
 */
struct mr_syscall_limit {
	uint32_t audit_arch;
	int64_t max_nr;
	int64_t max_x32_nr;
};

/*
 * Writes a program fragment that returns ENOSYS for a syscall numbered above
 * the limit of its architecture and falls through past itself for any
 * other call, so it can go in front of a complete filter unchanged.  A
 * limit of -1 for an architecture leaves it alone, and limits past the
 * first MR_PROLOGUE_ARCH_MAX are ignored.  insns needs room for
 * count * MR_PROLOGUE_ARCH_LENGTH + 1 instructions.  Returns the length
 * written, 0 when no limit applies.
 */
size_t mr_prologue_write(const struct mr_syscall_limit *limits, size_t count,
			 struct sock_filter *insns);

#endif
