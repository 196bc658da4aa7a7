/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * struct mr_profile to classic BPF through libseccomp.  The profile is
 * already valid here, so the errors left are libseccomp's and the kernel's.
 */
#include "seccomp-filter.h"

#include <ctype.h>
#include <errno.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "caps.h"
#include "cleanup.h"
#include "json-text.h"
#include "seccomp-guard.h"
#include "seccomp-prologue.h"

/* Enough for every architecture libseccomp 2.5 knows. */
#define ARCH_COUNT_MAX 32

struct compiler {
	const struct mr_profile *profile;
	uint64_t caps;
	uint32_t native;
	unsigned int kernel_major;
	unsigned int kernel_minor;
	uint32_t arches[ARCH_COUNT_MAX];
	size_t arch_count;
	/*
	 * Flags, one per entry of profile->syscalls, that are true when the
	 * entry applies to this run and its action differs from the default.
	 */
	bool *selected;
	scmp_filter_ctx ctx;
	struct mr_warnings *warnings;
	struct mr_error *err;
};

/* Go's names for architectures, which Docker's includes.arches use. */
static const struct {
	uint32_t token;
	const char *name;
} arch_aliases[] = {
    {SCMP_ARCH_X86_64, "amd64"},  {SCMP_ARCH_X86, "386"},
    {SCMP_ARCH_AARCH64, "arm64"}, {SCMP_ARCH_MIPSEL64, "mips64le"},
    {SCMP_ARCH_MIPSEL, "mipsle"},
};

#define ELEMENTS(array) (sizeof(array) / sizeof((array)[0]))

/* Formats "SOURCE:LINE:COLUMN: SEVERITY: PATH: MESSAGE" into buffer. */
static void format_located(const struct mr_profile *profile,
			   const char *severity, const char *path,
			   const char *message, char *buffer, size_t size)
{
	struct mr_json_position at =
	    mr_json_locate(profile->text, profile->text_size, path);

	snprintf(buffer, size, "%s:%u:%u: %s: %s%s%s", profile->source,
		 at.line, at.column, severity, path, path[0] ? ": " : "",
		 message);
}

static int warn_at(const struct compiler *c, const char *path,
		   const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int warn_at(const struct compiler *c, const char *path,
		   const char *fmt, ...)
{
	char message[MR_ERROR_MESSAGE_MAX];
	char line[2 * MR_ERROR_MESSAGE_MAX];
	va_list args;

	if (mr_warnings_drop_if_full(c->warnings))
		return 0;

	va_start(args, fmt);
	vsnprintf(message, sizeof(message), fmt, args);
	va_end(args);

	format_located(c->profile, "warning", path, message, line,
		       sizeof(line));
	if (mr_warnings_add(c->warnings, "%s", line) < 0)
		return mr_error_set(c->err, ENOMEM, "out of memory");
	return 0;
}

/* Fails with code and a located message; code > 0 adds its strerror. */
static int fail_at(const struct compiler *c, int code, bool with_errno,
		   const char *path, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static int fail_at(const struct compiler *c, int code, bool with_errno,
		   const char *path, const char *fmt, ...)
{
	char message[MR_ERROR_MESSAGE_MAX];
	char line[MR_ERROR_MESSAGE_MAX];
	va_list args;

	va_start(args, fmt);
	vsnprintf(message, sizeof(message), fmt, args);
	va_end(args);

	format_located(c->profile, "error", path, message, line,
		       sizeof(line));
	if (with_errno)
		return mr_error_set_errno(c->err, code, "%s", line);
	return mr_error_set(c->err, code, "%s", line);
}

static uint32_t action_value(const struct mr_action *action)
{
	switch (action->type) {
	case MR_ACTION_ALLOW:
		return SCMP_ACT_ALLOW;
	case MR_ACTION_ERRNO:
		return SCMP_ACT_ERRNO(action->errno_ret);
	case MR_ACTION_KILL_THREAD:
		return SCMP_ACT_KILL_THREAD;
	case MR_ACTION_KILL_PROCESS:
		return SCMP_ACT_KILL_PROCESS;
	case MR_ACTION_TRAP:
		return SCMP_ACT_TRAP;
	case MR_ACTION_TRACE:
		return SCMP_ACT_TRACE(action->errno_ret);
	case MR_ACTION_LOG:
		return SCMP_ACT_LOG;
	default:
		/* The parser makes no other value, so fail closed. */
		return SCMP_ACT_KILL_PROCESS;
	}
}

static enum scmp_compare compare_op(enum mr_cmp_op op)
{
	switch (op) {
	case MR_CMP_NE:
		return SCMP_CMP_NE;
	case MR_CMP_LT:
		return SCMP_CMP_LT;
	case MR_CMP_LE:
		return SCMP_CMP_LE;
	case MR_CMP_EQ:
		return SCMP_CMP_EQ;
	case MR_CMP_GE:
		return SCMP_CMP_GE;
	case MR_CMP_GT:
		return SCMP_CMP_GT;
	case MR_CMP_MASKED_EQ:
		return SCMP_CMP_MASKED_EQ;
	default:
		/* libseccomp rejects this, so the rule fails to compile. */
		return _SCMP_CMP_MIN;
	}
}

/* libseccomp's SCMP_CMP_MASKED_EQ takes the mask first, as Docker does. */
static struct scmp_arg_cmp arg_compare(const struct mr_arg_cmp *arg)
{
	struct scmp_arg_cmp cmp = {
	    .arg = arg->index,
	    .op = compare_op(arg->op),
	    .datum_a = arg->value,
	    .datum_b = arg->value_two,
	};

	return cmp;
}

static bool same_action(const struct mr_action *a, const struct mr_action *b)
{
	return action_value(a) == action_value(b);
}

/* Docker's "SCMP_ARCH_X86_64" is libseccomp's "x86_64"; 0 when unknown. */
static uint32_t arch_token(const char *docker_name)
{
	char name[32];
	const char *bare = docker_name;
	size_t i;

	if (strncmp(bare, "SCMP_ARCH_", 10) == 0)
		bare += 10;

	for (i = 0; bare[i] && i < sizeof(name) - 1; i++)
		name[i] = (char)tolower((unsigned char)bare[i]);
	name[i] = '\0';

	return seccomp_arch_resolve_name(name);
}

static int add_arch(struct compiler *c, const char *path,
		    const char *docker_name)
{
	const struct scmp_version *version = seccomp_version();
	uint32_t token = arch_token(docker_name);
	int r;

	if (token == 0)
		return fail_at(c, EINVAL, false, path,
			       "architecture '%s' is unknown to libseccomp "
			       "%u.%u.%u",
			       docker_name, version->major, version->minor,
			       version->micro);

	for (size_t i = 0; i < c->arch_count; i++) {
		if (c->arches[i] == token)
			return 0;
	}

	r = seccomp_arch_add(c->ctx, token);
	if (r < 0)
		return fail_at(c, -r, true, path,
			       "cannot add architecture '%s'", docker_name);

	if (c->arch_count < ARCH_COUNT_MAX)
		c->arches[c->arch_count++] = token;
	return 0;
}

/*
 * "architectures" adds each listed one.  "archMap" adds the entry of the
 * native architecture and its subArchitectures, and ignores the others.
 * The native architecture is always present, because seccomp_init adds it.
 */
static int add_architectures(struct compiler *c)
{
	const struct mr_profile *profile = c->profile;
	int r;

	char path[96];

	for (size_t i = 0; i < profile->architecture_count; i++) {
		snprintf(path, sizeof(path), "architectures[%zu]", i);
		r = add_arch(c, path, profile->architectures[i]);
		if (r < 0)
			return r;
	}

	for (size_t i = 0; i < profile->arch_map_count; i++) {
		const struct mr_arch_map_entry *entry = &profile->arch_map[i];

		if (arch_token(entry->arch) != c->native)
			continue;

		for (size_t j = 0; j < entry->sub_arch_count; j++) {
			snprintf(path, sizeof(path),
				 "archMap[%zu].subArchitectures[%zu]", i, j);
			r = add_arch(c, path, entry->sub_arches[j]);
			if (r < 0)
				return r;
		}
	}
	return 0;
}

/* Accepts libseccomp's names ("x86_64") and Go's ("amd64") for the native one.
 */
static bool is_native_arch(const struct compiler *c, const char *name)
{
	for (size_t i = 0; i < ELEMENTS(arch_aliases); i++) {
		if (arch_aliases[i].token == c->native &&
		    strcmp(arch_aliases[i].name, name) == 0)
			return true;
	}
	return seccomp_arch_resolve_name(name) == c->native;
}

static bool any_native_arch(const struct compiler *c, char **names,
			    size_t count)
{
	for (size_t i = 0; i < count; i++) {
		if (is_native_arch(c, names[i]))
			return true;
	}
	return false;
}

static bool kernel_at_least(const struct compiler *c,
			    const struct mr_rule_filter *filter)
{
	if (c->kernel_major != filter->min_kernel_major)
		return c->kernel_major > filter->min_kernel_major;
	return c->kernel_minor >= filter->min_kernel_minor;
}

/*
 * Tells whether capability name is in the set.  Docker compares the names
 * as strings with its own spelling ("CAP_SYS_ADMIN"), so any other name,
 * "sys_admin" included, never matches; a warning says so.
 */
static int has_cap(const struct compiler *c, const char *path, const char *list,
		   size_t index, const char *name, bool *ret_has)
{
	char cap_path[MR_ERROR_MESSAGE_MAX];
	struct mr_error ignored;
	const char *canonical;
	int cap;

	*ret_has = false;
	if (mr_cap_from_name(name, &cap, &ignored) == 0) {
		canonical = mr_cap_to_name(cap);
		if (canonical && strcmp(canonical, name) == 0) {
			*ret_has = (c->caps & MR_CAP_BIT(cap)) != 0;
			return 0;
		}
	} else {
		canonical = NULL;
	}

	snprintf(cap_path, sizeof(cap_path), "%s.%s.caps[%zu]", path, list,
		 index);
	if (canonical)
		return warn_at(c, cap_path,
			       "capability '%s' never matches, because Docker "
			       "compares names exactly; write '%s'",
			       name, canonical);
	return warn_at(c, cap_path,
		       "unknown capability '%.200s', treated as absent", name);
}

static int is_excluded(const struct compiler *c,
		       const struct mr_syscall_rule *rule, bool *ret)
{
	const struct mr_rule_filter *excludes = &rule->excludes;
	bool has;
	int r;

	*ret = true;
	if (any_native_arch(c, excludes->arches, excludes->arch_count))
		return 0;

	for (size_t i = 0; i < excludes->cap_count; i++) {
		r = has_cap(c, rule->path, "excludes", i, excludes->caps[i],
			    &has);
		if (r < 0 || has)
			return r;
	}

	*ret = excludes->has_min_kernel && kernel_at_least(c, excludes);
	return 0;
}

static int is_included(const struct compiler *c,
		       const struct mr_syscall_rule *rule, bool *ret)
{
	const struct mr_rule_filter *includes = &rule->includes;
	bool has;
	int r;

	*ret = false;
	if (includes->arch_count > 0 &&
	    !any_native_arch(c, includes->arches, includes->arch_count))
		return 0;

	for (size_t i = 0; i < includes->cap_count; i++) {
		r = has_cap(c, rule->path, "includes", i, includes->caps[i],
			    &has);
		if (r < 0 || !has)
			return r;
	}

	*ret = !includes->has_min_kernel || kernel_at_least(c, includes);
	return 0;
}

/* Docker checks excludes before includes; either may need a warning. */
static int rule_applies(const struct compiler *c,
			const struct mr_syscall_rule *rule, bool *ret)
{
	bool excluded;
	int r;

	r = is_excluded(c, rule, &excluded);
	if (r < 0)
		return r;

	if (excluded) {
		*ret = false;
		return 0;
	}
	return is_included(c, rule, ret);
}

static bool has_repeated_index(const struct mr_syscall_rule *rule)
{
	unsigned int seen = 0;

	for (size_t i = 0; i < rule->arg_count; i++) {
		if (seen & (1U << rule->args[i].index))
			return true;
		seen |= 1U << rule->args[i].index;
	}
	return false;
}

static int add_one_rule(const struct compiler *c,
			const struct mr_syscall_rule *rule, size_t name_index,
			int nr, const struct scmp_arg_cmp *cmps,
			unsigned int cmp_count)
{
	uint32_t action = action_value(&rule->action);
	int r;

	r = seccomp_rule_add_array(c->ctx, action, nr, cmp_count, cmps);
	if (r == -EEXIST)
		return fail_at(c, EEXIST, false, rule->path,
			       "'%s' already has a rule without conditions "
			       "and another action; libseccomp cannot add "
			       "this one beside it",
			       rule->names[name_index]);
	if (r < 0)
		return fail_at(c, -r, true, rule->path,
			       "cannot add a rule for '%s'",
			       rule->names[name_index]);
	return 0;
}

/*
 * libseccomp rejects two conditions on one argument in a rule, so then each
 * condition becomes a rule of its own and they are ORed, as runc and crun do.
 */
static int add_syscall(const struct compiler *c,
		       const struct mr_syscall_rule *rule, size_t name_index,
		       int nr)
{
	struct scmp_arg_cmp cmps[6];
	int r;

	if (!has_repeated_index(rule)) {
		for (size_t i = 0; i < rule->arg_count; i++)
			cmps[i] = arg_compare(&rule->args[i]);
		return add_one_rule(c, rule, name_index, nr, cmps,
				    (unsigned int)rule->arg_count);
	}

	for (size_t i = 0; i < rule->arg_count; i++) {
		cmps[0] = arg_compare(&rule->args[i]);
		r = add_one_rule(c, rule, name_index, nr, cmps, 1);
		if (r < 0)
			return r;
	}
	return 0;
}

static int warn_unknown_syscall(const struct compiler *c,
				const struct mr_syscall_rule *rule,
				size_t name_index)
{
	const struct scmp_version *version = seccomp_version();
	char path[MR_ERROR_MESSAGE_MAX];

	snprintf(path, sizeof(path), "%s.names[%zu]", rule->path, name_index);
	return warn_at(c, path,
		       "syscall '%.200s' is unknown to libseccomp %u.%u.%u, "
		       "skipping",
		       rule->names[name_index], version->major,
		       version->minor, version->micro);
}

static int add_rule(const struct compiler *c,
		    const struct mr_syscall_rule *rule)
{
	int nr, r;

	if (has_repeated_index(rule)) {
		r = warn_at(c, rule->path,
			    "several conditions on one argument, so each "
			    "condition becomes a rule of its own, ORed with "
			    "the others");
		if (r < 0)
			return r;
	}

	for (size_t i = 0; i < rule->name_count; i++) {
		nr = seccomp_syscall_resolve_name(rule->names[i]);
		if (nr == __NR_SCMP_ERROR) {
			r = warn_unknown_syscall(c, rule, i);
		} else {
			r = add_syscall(c, rule, i, nr);
		}
		if (r < 0)
			return r;
	}
	return 0;
}

/*
 * Rejects a profile whose argument conditions cannot fit in one program:
 * each needs at least one instruction, and libseccomp's time to build the
 * program grows faster than linearly with their number.
 */
static int check_condition_count(const struct compiler *c)
{
	const struct mr_profile *profile = c->profile;
	size_t count = 0;

	for (size_t i = 0; i < profile->syscall_count; i++) {
		const struct mr_syscall_rule *rule = &profile->syscalls[i];

		if (!c->selected[i])
			continue;

		count += rule->name_count * rule->arg_count;
		if (count > BPF_MAXINSNS)
			return fail_at(c, E2BIG, false, rule->path,
				       "more than %d argument conditions up "
				       "to here, more than a seccomp program "
				       "of at most %d instructions can hold",
				       BPF_MAXINSNS, BPF_MAXINSNS);
	}
	return 0;
}

/*
 * Decides once per entry whether it adds rules, so that the warnings of
 * rule_applies appear once.  A rule with the default action changes
 * nothing, and libseccomp rejects it with EACCES, so it is skipped.  ERRNO
 * rules differ when the errno does.
 */
static int select_rules(struct compiler *c)
{
	const struct mr_profile *profile = c->profile;
	int r;

	if (profile->syscall_count == 0)
		return 0;

	c->selected = calloc(profile->syscall_count, sizeof(*c->selected));
	if (!c->selected)
		return mr_error_set(c->err, ENOMEM, "out of memory");

	for (size_t i = 0; i < profile->syscall_count; i++) {
		const struct mr_syscall_rule *rule = &profile->syscalls[i];

		if (same_action(&rule->action, &profile->default_action)) {
			r = warn_at(c, rule->path,
				    "the action is the default action, so the "
				    "rule changes nothing, skipping");
			if (r < 0)
				return r;
			continue;
		}

		r = rule_applies(c, rule, &c->selected[i]);
		if (r < 0)
			return r;
	}
	return check_condition_count(c);
}

/*
 * Finds how a call without conditions fares: *ret_rule is the entry that
 * decides it, or NULL for the default action.  An entry that permits the
 * call under some conditions counts as permitting it.
 */
static bool permits_call(const struct compiler *c, const char *name,
			 const struct mr_syscall_rule **ret_rule)
{
	const struct mr_profile *profile = c->profile;

	*ret_rule = NULL;
	for (size_t i = 0; i < profile->syscall_count; i++) {
		const struct mr_syscall_rule *rule = &profile->syscalls[i];

		if (!c->selected[i])
			continue;

		for (size_t j = 0; j < rule->name_count; j++) {
			if (strcmp(rule->names[j], name) != 0)
				continue;
			if (mr_action_permits(rule->action.type))
				return true;
			*ret_rule = rule;
		}
	}
	return *ret_rule ? false
			 : mr_action_permits(profile->default_action.type);
}

/*
 * A profile that denies these does not hang minirun, but the command
 * cannot start, or its processes cannot exit (glibc's _exit then faults,
 * so they die of SIGSEGV): worth saying before the run.
 */
static int warn_denied_lifecycle(const struct compiler *c)
{
	static const struct {
		const char *name;
		const char *consequence;
	} calls[] = {
	    {"execve", "the command cannot start"},
	    {"exit", "threads cannot exit and are killed when they try"},
	    {"exit_group", "processes cannot exit and are killed when they "
			   "try"},
	};
	const struct mr_syscall_rule *rule;
	int r;

	for (size_t i = 0; i < ELEMENTS(calls); i++) {
		if (permits_call(c, calls[i].name, &rule))
			continue;

		r = warn_at(c, rule ? rule->path : "defaultAction",
			    "the profile denies '%s', so %s", calls[i].name,
			    calls[i].consequence);
		if (r < 0)
			return r;
	}
	return 0;
}

static int add_rules(const struct compiler *c)
{
	const struct mr_profile *profile = c->profile;
	int r;

	for (size_t i = 0; i < profile->syscall_count; i++) {
		if (!c->selected[i])
			continue;

		r = add_rule(c, &profile->syscalls[i]);
		if (r < 0)
			return r;
	}
	return 0;
}

/* Reads the program that seccomp_export_bpf wrote to fd. */
static int read_program(int fd, size_t reserve, struct sock_filter **ret,
			size_t *ret_length, struct mr_error *err)
{
	cleanup_free struct sock_filter *insns = NULL;
	struct stat st;
	size_t size, done = 0;
	ssize_t n;

	if (fstat(fd, &st) < 0)
		return mr_error_set_errno(err, errno, "fstat on memfd failed");

	size = (size_t)st.st_size;
	if (size % sizeof(struct sock_filter) != 0)
		return mr_error_set(err, EINVAL,
				    "exported seccomp program has %zu bytes, "
				    "not a whole number of instructions",
				    size);

	insns = malloc(size + reserve * sizeof(struct sock_filter));
	if (!insns)
		return mr_error_set(err, ENOMEM, "out of memory");

	while (done < size) {
		n = pread(fd, (char *)(insns + reserve) + done, size - done,
			  (off_t)done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return mr_error_set_errno(err, n < 0 ? errno : EIO,
						  "reading memfd failed");
		done += (size_t)n;
	}

	*ret = steal_pointer(&insns);
	*ret_length = size / sizeof(struct sock_filter);
	return 0;
}

/*
 * Exports the program with room for reserve instructions at its start.
 * libseccomp 2.5.4 has no seccomp_export_bpf_mem, so it goes through a memfd.
 */
static int export_program(const struct compiler *c, size_t reserve,
			  struct sock_filter **ret, size_t *ret_length)
{
	cleanup_close int fd = -1;
	int r;

	fd = memfd_create("minirun-seccomp", MFD_CLOEXEC);
	if (fd < 0)
		return mr_error_set_errno(c->err, errno, "memfd_create failed");

	r = seccomp_export_bpf(c->ctx, fd);
	if (r < 0)
		return mr_error_set_errno(c->err, -r,
					  "%s: seccomp_export_bpf failed",
					  c->profile->source);

	return read_program(fd, reserve, ret, ret_length, c->err);
}

static void read_kernel_version(struct compiler *c)
{
	struct utsname name;

	/* A release that does not parse counts as 0.0, older than any. */
	if (uname(&name) < 0 || sscanf(name.release, "%u.%u", &c->kernel_major,
				       &c->kernel_minor) != 2) {
		c->kernel_major = 0;
		c->kernel_minor = 0;
	}
}

/*
 * The bad-architecture action is the default action when that denies
 * (ERRNO, KILL, TRAP, TRACE), so calls from an architecture the profile
 * left out are denied as unlisted calls are.  With an ALLOW or LOG default,
 * libseccomp's own choice stays: SCMP_ACT_KILL, which kills the thread.
 */
static int create_context(struct compiler *c)
{
	const struct mr_action *action = &c->profile->default_action;
	int r;

	c->ctx = seccomp_init(action_value(action));
	if (!c->ctx)
		return mr_error_set(c->err, EINVAL,
				    "%s: seccomp_init failed for the default "
				    "action",
				    c->profile->source);

	c->native = seccomp_arch_native();
	c->arches[c->arch_count++] = c->native;
	if (mr_action_permits(action->type))
		return 0;

	r = seccomp_attr_set(c->ctx, SCMP_FLTATR_ACT_BADARCH,
			     action_value(action));
	if (r < 0)
		return mr_error_set_errno(c->err, -r,
					  "%s: cannot set the bad-architecture "
					  "action",
					  c->profile->source);
	return 0;
}

/*
 * The ENOSYS prologue applies unless calls the profile does not name
 * already reach the kernel or already get ENOSYS.
 */
static bool wants_prologue(const struct mr_action *default_action)
{
	if (mr_action_permits(default_action->type))
		return false;
	return !(default_action->type == MR_ACTION_ERRNO &&
		 default_action->errno_ret == ENOSYS);
}

/* The highest number that any name of the profile has on arch, or -1. */
static int64_t max_named_syscall(const struct mr_profile *profile,
				 uint32_t arch)
{
	int64_t max = -1;
	int nr;

	for (size_t i = 0; i < profile->syscall_count; i++) {
		const struct mr_syscall_rule *rule = &profile->syscalls[i];

		for (size_t j = 0; j < rule->name_count; j++) {
			nr = seccomp_syscall_resolve_name_arch(arch,
							       rule->names[j]);
			if (nr > max)
				max = nr;
		}
	}
	return max;
}

/*
 * One limit per architecture of the filter, as the kernel reports calls:
 * x32 calls arrive as AUDIT_ARCH_X86_64 (SCMP_ARCH_X86_64) with bit 30 set,
 * so x32's limit joins the x86_64 entry.
 */
static size_t syscall_limits(const struct compiler *c,
			     struct mr_syscall_limit *limits)
{
	int64_t max_x32 = -1;
	size_t count = 0;

	for (size_t a = 0; a < c->arch_count; a++) {
		if (c->arches[a] == SCMP_ARCH_X32)
			max_x32 = max_named_syscall(c->profile, SCMP_ARCH_X32);
	}

	for (size_t a = 0; a < c->arch_count; a++) {
		uint32_t arch = c->arches[a];

		if (arch == SCMP_ARCH_X32)
			continue;

		limits[count++] = (struct mr_syscall_limit){
		    .audit_arch = arch,
		    .max_nr = max_named_syscall(c->profile, arch),
		    .max_x32_nr = arch == SCMP_ARCH_X86_64 ? max_x32 : -1,
		};
	}
	return count;
}

/*
 * Writes what goes in front of libseccomp's program: the ENOSYS prologue,
 * then the multiplexer guards.  Both only return or fall through, and
 * classic BPF jumps are relative, so libseccomp's program runs unchanged
 * behind them.
 */
static size_t write_prefix(const struct compiler *c, struct sock_filter *insns)
{
	const struct mr_action *default_action = &c->profile->default_action;
	struct mr_syscall_limit limits[ARCH_COUNT_MAX];
	size_t length = 0;

	if (wants_prologue(default_action))
		length = mr_prologue_write(limits, syscall_limits(c, limits),
					   insns);

	length += mr_guard_write(c->profile, c->selected, c->arches,
				 c->arch_count, action_value(default_action),
				 insns + length);
	return length;
}

static int compile(struct compiler *c, struct mr_bpf *ret)
{
	struct sock_filter prefix[ARCH_COUNT_MAX * (MR_PROLOGUE_ARCH_LENGTH +
						    MR_GUARD_ARCH_LENGTH) +
				  1];
	struct sock_filter *insns = NULL;
	size_t prefix_length, length = 0;
	int r;

	r = create_context(c);
	if (r < 0)
		return r;

	r = add_architectures(c);
	if (r < 0)
		return r;

	r = select_rules(c);
	if (r < 0)
		return r;

	r = warn_denied_lifecycle(c);
	if (r < 0)
		return r;

	r = add_rules(c);
	if (r < 0)
		return r;

	prefix_length = write_prefix(c, prefix);

	r = export_program(c, prefix_length, &insns, &length);
	if (r < 0)
		return r;

	memcpy(insns, prefix, prefix_length * sizeof(*prefix));
	length += prefix_length;
	if (length > BPF_MAXINSNS) {
		free(insns);
		return mr_error_set(c->err, E2BIG,
				    "%s: the seccomp program has %zu "
				    "instructions, more than the kernel's "
				    "limit of %d",
				    c->profile->source, length, BPF_MAXINSNS);
	}

	ret->insns = insns;
	ret->length = length;
	ret->flags = c->profile->flags;
	return 0;
}

int mr_filter_compile(const struct mr_profile *profile, uint64_t caps,
		      struct mr_bpf *ret, struct mr_warnings *warnings,
		      struct mr_error *err)
{
	struct compiler c = {
	    .profile = profile,
	    .caps = caps,
	    .warnings = warnings,
	    .err = err,
	};
	int r;

	if (!profile->has_default_action) {
		*ret = (struct mr_bpf){0};
		return 0;
	}

	read_kernel_version(&c);
	r = compile(&c, ret);
	seccomp_release(c.ctx);
	free(c.selected);
	return r;
}

int mr_filter_load(const struct mr_bpf *prog, struct mr_error *err)
{
	struct sock_fprog fprog = {
	    .len = (unsigned short)prog->length,
	    .filter = prog->insns,
	};
	long r;

	if (prog->length == 0)
		return 0;

	r = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, prog->flags, &fprog);
	if (r < 0)
		return mr_error_set_errno(err, errno,
					  "loading seccomp filter failed");

	/* With SECCOMP_FILTER_FLAG_TSYNC, a positive value is a thread id. */
	if (r > 0)
		return mr_error_set(err, ESRCH,
				    "loading seccomp filter failed: thread "
				    "%ld cannot be synchronized",
				    r);
	return 0;
}

void mr_bpf_free(struct mr_bpf *prog)
{
	if (!prog)
		return;

	free(prog->insns);
	*prog = (struct mr_bpf){0};
}
