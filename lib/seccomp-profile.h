/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef MINIRUN_SECCOMP_PROFILE_H
#define MINIRUN_SECCOMP_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* The largest profile file mr_profile_load reads. */
#define MR_PROFILE_SIZE_MAX (16 * 1024 * 1024)

/*
 * The largest errno value a filter may return.  The kernel's MAX_ERRNO is
 * 4095, but libseccomp 2.5.4 rejects SCMP_ACT_ERRNO(4095) too.
 */
#define MR_ERRNO_MAX 4094

/* Docker's architecture names ("SCMP_ARCH_X86_64"), ending in NULL. */
extern const char *const mr_arch_names[];

/* Docker's SCMP_ACT_* actions.  SCMP_ACT_KILL is MR_ACTION_KILL_THREAD. */
enum mr_action_type {
	MR_ACTION_ALLOW,
	MR_ACTION_ERRNO,
	MR_ACTION_KILL_THREAD,
	MR_ACTION_KILL_PROCESS,
	MR_ACTION_TRAP,
	MR_ACTION_TRACE,
	MR_ACTION_LOG,
};

/* Tells whether an action lets the call reach the kernel. */
static inline bool mr_action_permits(enum mr_action_type type)
{
	return type == MR_ACTION_ALLOW || type == MR_ACTION_LOG;
}

/*
 * An action and its 16-bit data: the errno for MR_ACTION_ERRNO, the message
 * for the tracer for MR_ACTION_TRACE, 0 for the others.
 */
struct mr_action {
	enum mr_action_type type;
	unsigned int errno_ret;
};

/* Docker's SCMP_CMP_* operators, in libseccomp's order. */
enum mr_cmp_op {
	MR_CMP_NE,
	MR_CMP_LT,
	MR_CMP_LE,
	MR_CMP_EQ,
	MR_CMP_GE,
	MR_CMP_GT,
	MR_CMP_MASKED_EQ,
};

/*
 * A condition on one syscall argument.  For MR_CMP_MASKED_EQ, value is the
 * mask and value_two the datum, as in Docker's profiles.
 */
struct mr_arg_cmp {
	unsigned int index;
	enum mr_cmp_op op;
	uint64_t value;
	uint64_t value_two;
};

/*
 * The "includes" or "excludes" object of a syscall entry.  Capability and
 * architecture names stay strings here, because Docker treats unknown names
 * as names that never match; the compiler resolves them.
 */
struct mr_rule_filter {
	char **caps;
	size_t cap_count;
	char **arches;
	size_t arch_count;
	bool has_min_kernel;
	unsigned int min_kernel_major;
	unsigned int min_kernel_minor;
};

/* One entry of "syscalls": a set of names that share action and args. */
struct mr_syscall_rule {
	/* The entry's JSON path, such as "syscalls[3]", for messages. */
	char *path;
	char **names;
	size_t name_count;
	struct mr_action action;
	struct mr_arg_cmp *args;
	size_t arg_count;
	struct mr_rule_filter includes;
	struct mr_rule_filter excludes;
};

/*
 * Tells whether two conditions of rule test the same argument, which
 * libseccomp cannot hold in one rule.
 */
static inline bool mr_rule_has_repeated_index(const struct mr_syscall_rule *rule)
{
	unsigned int seen = 0;

	for (size_t i = 0; i < rule->arg_count; i++) {
		if (seen & (1U << rule->args[i].index))
			return true;
		seen |= 1U << rule->args[i].index;
	}
	return false;
}

/* One "archMap" entry, with Docker's names ("SCMP_ARCH_X86_64"). */
struct mr_arch_map_entry {
	char *arch;
	char **sub_arches;
	size_t sub_arch_count;
};

/*
 * A Docker-format seccomp profile, parsed and validated, but not compiled.
 * Architecture names keep Docker's spelling ("SCMP_ARCH_X86") and are known
 * to be valid.  Only the parser fills it in.
 */
struct mr_profile {
	/* The source given to the parser and its text, for messages. */
	char *source;
	char *text;
	size_t text_size;

	/* False for a profile without defaultAction and syscalls: no filter. */
	bool has_default_action;
	struct mr_action default_action;

	char **architectures;
	size_t architecture_count;
	struct mr_arch_map_entry *arch_map;
	size_t arch_map_count;

	struct mr_syscall_rule *syscalls;
	size_t syscall_count;

	/* SECCOMP_FILTER_FLAG_* values for seccomp(2). */
	unsigned int flags;
};

/*
 * Parses size bytes of JSON.  source names the input in messages (a path,
 * or "built-in default profile").  Warnings go to warnings.  On success *ret
 * owns a profile that mr_profile_free releases.
 */
int mr_profile_parse(const char *data, size_t size, const char *source,
		     struct mr_profile **ret, struct mr_warnings *warnings,
		     struct mr_error *err);

/* The source name of the built-in profile in messages. */
#define MR_DEFAULT_PROFILE_SOURCE "built-in default profile"

/* profiles/default.json, embedded at build time, NUL-terminated. */
extern const char mr_default_profile[];
extern const size_t mr_default_profile_size;

/*
 * Reads the profile file at path, at most MR_PROFILE_SIZE_MAX bytes, from a
 * regular file or a pipe, never from /proc or /sys.  The caller frees
 * *ret_data.
 */
int mr_profile_read(const char *path, char **ret_data, size_t *ret_size,
		    struct mr_error *err);

/*
 * Reads the file at path, at most MR_PROFILE_SIZE_MAX bytes, and parses it
 * as mr_profile_parse does.
 */
int mr_profile_load(const char *path, struct mr_profile **ret,
		    struct mr_warnings *warnings, struct mr_error *err);

/* Parses the profile embedded from profiles/default.json at build time. */
int mr_profile_load_default(struct mr_profile **ret,
			    struct mr_warnings *warnings, struct mr_error *err);

/* Accepts NULL. */
void mr_profile_free(struct mr_profile *profile);

/*
 * Appends a warning about the value at path (a JSON path such as
 * "syscalls[3].names[1]"), located as "SOURCE:LINE:COLUMN: warning: PATH:
 * MESSAGE".  Returns 0, or -ENOMEM with err set.
 */
int mr_profile_warn(const struct mr_profile *profile,
		    struct mr_warnings *warnings, struct mr_error *err,
		    const char *path, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/*
 * Fills err with code and a located "error:" message about the value at
 * path, with strerror(code) appended when with_errno is set, and returns
 * -code.
 */
int mr_profile_fail(const struct mr_profile *profile, struct mr_error *err,
		    int code, bool with_errno, const char *path,
		    const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Tells whether two actions are the same, errno included. */
static inline bool mr_action_equal(const struct mr_action *a,
				   const struct mr_action *b)
{
	return a->type == b->type && a->errno_ret == b->errno_ret;
}

#endif
