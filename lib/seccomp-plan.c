/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The meaning of a profile for one run, before any BPF exists: the
 * architectures of the filter, and the entries that apply with the final
 * capability set on this machine, decided as Docker decides them.  The
 * compiler and minirun-profile share the result.
 */
#include "seccomp-plan.h"

#include <ctype.h>
#include <errno.h>
#include <linux/filter.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "caps.h"

/* Room for the reason an entry does not apply. */
#define REASON_MAX 160

#define ELEMENTS(array) (sizeof(array) / sizeof((array)[0]))

#define warn_at(c, path, ...)                                                  \
	mr_profile_warn((c)->profile, (c)->warnings, (c)->err, path,           \
			__VA_ARGS__)
#define fail_at(c, code, with_errno, path, ...)                                \
	mr_profile_fail((c)->profile, (c)->err, code, with_errno, path,        \
			__VA_ARGS__)

struct planner {
	const struct mr_profile *profile;
	uint64_t caps;
	struct mr_filter_plan *plan;
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

/* Docker's "SCMP_ARCH_X86_64" is libseccomp's "x86_64"; 0 when unknown. */
uint32_t mr_arch_token(const char *docker_name)
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

static int add_arch(struct planner *c, const char *path,
		    const char *docker_name)
{
	const struct scmp_version *version = seccomp_version();
	uint32_t token = mr_arch_token(docker_name);

	if (token == 0)
		return fail_at(c, EINVAL, false, path,
			       "architecture '%s' is unknown to libseccomp "
			       "%u.%u.%u",
			       docker_name, version->major, version->minor,
			       version->micro);

	for (size_t i = 0; i < c->plan->arch_count; i++) {
		if (c->plan->arches[i] == token)
			return 0;
	}

	if (c->plan->arch_count < MR_ARCH_COUNT_MAX)
		c->plan->arches[c->plan->arch_count++] = token;
	return 0;
}

/*
 * "architectures" adds each listed one.  "archMap" adds the entry of the
 * native architecture and its subArchitectures, and ignores the others.
 * The native architecture comes first and is always present, because
 * seccomp_init adds it.
 */
static int add_architectures(struct planner *c)
{
	const struct mr_profile *profile = c->profile;
	char path[96];
	int r;

	c->plan->native = seccomp_arch_native();
	c->plan->arches[c->plan->arch_count++] = c->plan->native;

	for (size_t i = 0; i < profile->architecture_count; i++) {
		snprintf(path, sizeof(path), "architectures[%zu]", i);
		r = add_arch(c, path, profile->architectures[i]);
		if (r < 0)
			return r;
	}

	for (size_t i = 0; i < profile->arch_map_count; i++) {
		const struct mr_arch_map_entry *entry = &profile->arch_map[i];

		if (mr_arch_token(entry->arch) != c->plan->native)
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
static bool is_native_arch(const struct planner *c, const char *name)
{
	for (size_t i = 0; i < ELEMENTS(arch_aliases); i++) {
		if (arch_aliases[i].token == c->plan->native &&
		    strcmp(arch_aliases[i].name, name) == 0)
			return true;
	}
	return seccomp_arch_resolve_name(name) == c->plan->native;
}

static bool any_native_arch(const struct planner *c, char **names,
			    size_t count)
{
	for (size_t i = 0; i < count; i++) {
		if (is_native_arch(c, names[i]))
			return true;
	}
	return false;
}

static bool kernel_at_least(const struct planner *c,
			    const struct mr_rule_filter *filter)
{
	const struct mr_filter_plan *plan = c->plan;

	if (plan->kernel_major != filter->min_kernel_major)
		return plan->kernel_major > filter->min_kernel_major;
	return plan->kernel_minor >= filter->min_kernel_minor;
}

/*
 * Tells whether capability name is in the set.  Docker compares the names
 * as strings with its own spelling ("CAP_SYS_ADMIN"), so any other name,
 * "sys_admin" included, never matches, and a warning reports it.
 */
static int has_cap(const struct planner *c, const char *path, const char *list,
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

static int is_excluded(const struct planner *c,
		       const struct mr_syscall_rule *rule, bool *ret,
		       char *reason)
{
	const struct mr_rule_filter *excludes = &rule->excludes;
	bool has;
	int r;

	*ret = true;
	if (any_native_arch(c, excludes->arches, excludes->arch_count)) {
		snprintf(reason, REASON_MAX,
			 "excludes.arches names this architecture");
		return 0;
	}

	for (size_t i = 0; i < excludes->cap_count; i++) {
		r = has_cap(c, rule->path, "excludes", i, excludes->caps[i],
			    &has);
		if (r < 0)
			return r;
		if (has) {
			snprintf(reason, REASON_MAX,
				 "excludes.caps names '%.64s', which the "
				 "capability set holds",
				 excludes->caps[i]);
			return 0;
		}
	}

	*ret = excludes->has_min_kernel && kernel_at_least(c, excludes);
	if (*ret)
		snprintf(reason, REASON_MAX,
			 "excludes.minKernel is %u.%u and this kernel is %u.%u",
			 excludes->min_kernel_major, excludes->min_kernel_minor,
			 c->plan->kernel_major, c->plan->kernel_minor);
	return 0;
}

static int is_included(const struct planner *c,
		       const struct mr_syscall_rule *rule, bool *ret,
		       char *reason)
{
	const struct mr_rule_filter *includes = &rule->includes;
	bool has;
	int r;

	*ret = false;
	if (includes->arch_count > 0 &&
	    !any_native_arch(c, includes->arches, includes->arch_count)) {
		snprintf(reason, REASON_MAX,
			 "includes.arches does not name this architecture");
		return 0;
	}

	for (size_t i = 0; i < includes->cap_count; i++) {
		r = has_cap(c, rule->path, "includes", i, includes->caps[i],
			    &has);
		if (r < 0)
			return r;
		if (!has) {
			snprintf(reason, REASON_MAX,
				 "includes.caps names '%.64s', which the "
				 "capability set lacks",
				 includes->caps[i]);
			return 0;
		}
	}

	*ret = !includes->has_min_kernel || kernel_at_least(c, includes);
	if (!*ret)
		snprintf(reason, REASON_MAX,
			 "includes.minKernel is %u.%u and this kernel is %u.%u",
			 includes->min_kernel_major, includes->min_kernel_minor,
			 c->plan->kernel_major, c->plan->kernel_minor);
	return 0;
}

/*
 * Docker checks excludes before includes.  When the entry does not apply,
 * the plan keeps the reason, for minirun-profile check.
 */
static int rule_applies(const struct planner *c, size_t index, bool *ret)
{
	const struct mr_syscall_rule *rule = &c->profile->syscalls[index];
	char reason[REASON_MAX] = "";
	bool excluded;
	int r;

	r = is_excluded(c, rule, &excluded, reason);
	if (r < 0)
		return r;

	if (excluded)
		*ret = false;
	else
		r = is_included(c, rule, ret, reason);
	if (r < 0 || *ret)
		return r;

	c->plan->reasons[index] = strdup(reason);
	if (!c->plan->reasons[index])
		return mr_error_set(c->err, ENOMEM, "out of memory");
	return 0;
}

/*
 * Rejects a profile whose argument conditions cannot fit in one program:
 * each needs at least one instruction, and libseccomp's time to build the
 * program grows faster than linearly with their number.
 */
static int check_condition_count(const struct planner *c)
{
	const struct mr_profile *profile = c->profile;
	size_t count = 0;

	for (size_t i = 0; i < profile->syscall_count; i++) {
		const struct mr_syscall_rule *rule = &profile->syscalls[i];

		if (!c->plan->selected[i])
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
static int select_rules(struct planner *c)
{
	const struct mr_profile *profile = c->profile;
	int r;

	if (profile->syscall_count == 0)
		return 0;

	c->plan->selected =
	    calloc(profile->syscall_count, sizeof(*c->plan->selected));
	c->plan->reasons =
	    calloc(profile->syscall_count, sizeof(*c->plan->reasons));
	if (!c->plan->selected || !c->plan->reasons)
		return mr_error_set(c->err, ENOMEM, "out of memory");

	for (size_t i = 0; i < profile->syscall_count; i++) {
		const struct mr_syscall_rule *rule = &profile->syscalls[i];

		if (mr_action_equal(&rule->action, &profile->default_action)) {
			r = warn_at(c, rule->path,
				    "the action is the default action, so the "
				    "rule changes nothing, skipping");
			if (r < 0)
				return r;
			continue;
		}

		r = rule_applies(c, i, &c->plan->selected[i]);
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
static bool permits_call(const struct planner *c, const char *name,
			 const struct mr_syscall_rule **ret_rule)
{
	const struct mr_profile *profile = c->profile;

	*ret_rule = NULL;
	for (size_t i = 0; i < profile->syscall_count; i++) {
		const struct mr_syscall_rule *rule = &profile->syscalls[i];

		if (!c->plan->selected[i])
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
static int warn_denied_lifecycle(const struct planner *c)
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

static void read_kernel_version(struct mr_filter_plan *plan)
{
	struct utsname name;

	/* A release that does not parse counts as 0.0, older than any. */
	if (uname(&name) < 0 || sscanf(name.release, "%u.%u", &plan->kernel_major,
				       &plan->kernel_minor) != 2) {
		plan->kernel_major = 0;
		plan->kernel_minor = 0;
	}
}

static int make_plan(struct planner *c)
{
	int r;

	read_kernel_version(c->plan);

	r = add_architectures(c);
	if (r < 0)
		return r;

	r = select_rules(c);
	if (r < 0)
		return r;

	return warn_denied_lifecycle(c);
}

int mr_filter_plan_make(const struct mr_profile *profile, uint64_t caps,
			struct mr_filter_plan *ret,
			struct mr_warnings *warnings, struct mr_error *err)
{
	struct mr_filter_plan plan = {0};
	struct planner c = {
	    .profile = profile,
	    .caps = caps,
	    .plan = &plan,
	    .warnings = warnings,
	    .err = err,
	};
	int r;

	r = make_plan(&c);
	if (r < 0) {
		mr_filter_plan_free(&plan, profile->syscall_count);
		return r;
	}

	*ret = plan;
	return 0;
}

void mr_filter_plan_free(struct mr_filter_plan *plan, size_t syscall_count)
{
	if (plan->reasons) {
		for (size_t i = 0; i < syscall_count; i++)
			free(plan->reasons[i]);
	}
	free(plan->reasons);
	free(plan->selected);
	*plan = (struct mr_filter_plan){0};
}
