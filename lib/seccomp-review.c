/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The parts of minirun-profile's output that the compiler does not make:
 * the entries that do not apply with their reasons, and a sorted plain-text
 * form of the effective rules that diff can compare.
 */
#include "seccomp-review.h"

#include <errno.h>
#include <inttypes.h>
#include <seccomp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seccomp-plan.h"

/* Room for one dump line: a name, an action and six conditions. */
#define LINE_MAX_LENGTH 512

struct line_list {
	char **lines;
	size_t count;
	size_t capacity;
};

int mr_filter_review(const struct mr_profile *profile, uint64_t caps,
		     struct mr_warnings *warnings, struct mr_error *err)
{
	struct mr_warnings repeated = {0};
	struct mr_filter_plan plan;
	int r = 0;

	if (!profile->has_default_action)
		return 0;

	/* The compiler has reported the plan's own warnings already. */
	r = mr_filter_plan_make(profile, caps, &plan, &repeated, err);
	mr_warnings_free(&repeated);
	if (r < 0)
		return r;

	for (size_t i = 0; i < profile->syscall_count && r == 0; i++) {
		if (!plan.reasons[i])
			continue;

		r = mr_profile_warn(profile, warnings, err,
				    profile->syscalls[i].path,
				    "the rule does not apply here, because %s",
				    plan.reasons[i]);
	}

	mr_filter_plan_free(&plan, profile->syscall_count);
	return r;
}

__attribute__((format(printf, 3, 4))) static int
push_line(struct line_list *list, struct mr_error *err, const char *fmt, ...)
{
	char **lines;
	char *line;
	va_list args;
	int r;

	va_start(args, fmt);
	r = vasprintf(&line, fmt, args);
	va_end(args);
	if (r < 0)
		return mr_error_set(err, ENOMEM, "out of memory");

	if (list->count == list->capacity) {
		size_t capacity = list->capacity ? 2 * list->capacity : 64;

		lines = realloc(list->lines, capacity * sizeof(*lines));
		if (!lines) {
			free(line);
			return mr_error_set(err, ENOMEM, "out of memory");
		}
		list->lines = lines;
		list->capacity = capacity;
	}

	list->lines[list->count++] = line;
	return 0;
}

static void format_action(const struct mr_action *action, char *buffer,
			  size_t size)
{
	switch (action->type) {
	case MR_ACTION_ALLOW:
		snprintf(buffer, size, "SCMP_ACT_ALLOW");
		break;
	case MR_ACTION_ERRNO:
		snprintf(buffer, size, "SCMP_ACT_ERRNO(%u)", action->errno_ret);
		break;
	case MR_ACTION_KILL_THREAD:
		snprintf(buffer, size, "SCMP_ACT_KILL_THREAD");
		break;
	case MR_ACTION_KILL_PROCESS:
		snprintf(buffer, size, "SCMP_ACT_KILL_PROCESS");
		break;
	case MR_ACTION_TRAP:
		snprintf(buffer, size, "SCMP_ACT_TRAP");
		break;
	case MR_ACTION_TRACE:
		snprintf(buffer, size, "SCMP_ACT_TRACE(%u)", action->errno_ret);
		break;
	case MR_ACTION_LOG:
		snprintf(buffer, size, "SCMP_ACT_LOG");
		break;
	default:
		snprintf(buffer, size, "unknown action %d", (int)action->type);
		break;
	}
}

/* Appends one condition as C would write it: "arg0 & 0x7e020000 == 0". */
static void append_condition(const struct mr_arg_cmp *arg, char *buffer,
			     size_t size)
{
	static const char *const operators[] = {
	    [MR_CMP_NE] = "!=", [MR_CMP_LT] = "<",  [MR_CMP_LE] = "<=",
	    [MR_CMP_EQ] = "==", [MR_CMP_GE] = ">=", [MR_CMP_GT] = ">",
	};
	size_t length = strlen(buffer);

	if (arg->op == MR_CMP_MASKED_EQ)
		snprintf(buffer + length, size - length,
			 " arg%u & %#" PRIx64 " == %#" PRIx64, arg->index,
			 arg->value, arg->value_two);
	else
		snprintf(buffer + length, size - length,
			 " arg%u %s %#" PRIx64, arg->index,
			 operators[arg->op], arg->value);
}

/*
 * Conditions on different arguments are ANDed on one line.  Several on
 * one argument become rules of their own in the filter, ORed, so they
 * get a line each, as the compiler splits them.
 */
static int dump_name(const struct mr_syscall_rule *rule, const char *name,
		     struct line_list *list, struct mr_error *err)
{
	char action[64], line[LINE_MAX_LENGTH];
	int r;

	format_action(&rule->action, action, sizeof(action));
	snprintf(line, sizeof(line), "%s %s", name, action);

	if (rule->arg_count == 0 || !mr_rule_has_repeated_index(rule)) {
		for (size_t i = 0; i < rule->arg_count; i++)
			append_condition(&rule->args[i], line, sizeof(line));
		return push_line(list, err, "%s", line);
	}

	for (size_t i = 0; i < rule->arg_count; i++) {
		snprintf(line, sizeof(line), "%s %s", name, action);
		append_condition(&rule->args[i], line, sizeof(line));
		r = push_line(list, err, "%s", line);
		if (r < 0)
			return r;
	}
	return 0;
}

static int dump_rule(const struct mr_profile *profile,
		     const struct mr_syscall_rule *rule, struct line_list *list,
		     struct mr_warnings *warnings, struct mr_error *err)
{
	char path[LINE_MAX_LENGTH];
	int r;

	for (size_t i = 0; i < rule->name_count; i++) {
		if (seccomp_syscall_resolve_name(rule->names[i]) ==
		    __NR_SCMP_ERROR) {
			snprintf(path, sizeof(path), "%s.names[%zu]",
				 rule->path, i);
			r = mr_profile_warn(profile, warnings, err, path,
					    "syscall '%.200s' is unknown to "
					    "libseccomp, left out",
					    rule->names[i]);
		} else {
			r = dump_name(rule, rule->names[i], list, err);
		}
		if (r < 0)
			return r;
	}
	return 0;
}

static const char *arch_name(uint32_t token)
{
	for (size_t i = 0; mr_arch_names[i]; i++) {
		if (mr_arch_token(mr_arch_names[i]) == token)
			return mr_arch_names[i];
	}
	return "unknown";
}

static int dump_header(const struct mr_profile *profile,
		       const struct mr_filter_plan *plan,
		       struct line_list *list, struct mr_error *err)
{
	char action[64];
	int r;

	format_action(&profile->default_action, action, sizeof(action));
	r = push_line(list, err, "default %s", action);
	if (r == 0 && profile->flags)
		r = push_line(list, err, "flags %#x", profile->flags);

	for (size_t a = 0; a < plan->arch_count && r == 0; a++)
		r = push_line(list, err, "arch %s", arch_name(plan->arches[a]));
	return r;
}

static int compare_lines(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorts the lines from start on and drops repeated ones. */
static void sort_unique(struct line_list *list, size_t start)
{
	size_t kept = start;

	qsort(list->lines + start, list->count - start, sizeof(*list->lines),
	      compare_lines);

	for (size_t i = start; i < list->count; i++) {
		if (kept > start && strcmp(list->lines[kept - 1],
					   list->lines[i]) == 0) {
			free(list->lines[i]);
			continue;
		}
		list->lines[kept++] = list->lines[i];
	}
	list->count = kept;
}

static int dump_plan(const struct mr_profile *profile,
		     const struct mr_filter_plan *plan, struct line_list *list,
		     struct mr_warnings *warnings, struct mr_error *err)
{
	size_t rules_start;
	int r;

	r = dump_header(profile, plan, list, err);
	if (r < 0)
		return r;

	rules_start = list->count;
	for (size_t i = 0; i < profile->syscall_count; i++) {
		if (!plan->selected[i])
			continue;

		r = dump_rule(profile, &profile->syscalls[i], list, warnings,
			      err);
		if (r < 0)
			return r;
	}

	sort_unique(list, rules_start);
	return 0;
}

int mr_filter_dump(const struct mr_profile *profile, uint64_t caps,
		   char ***ret_lines, size_t *ret_count,
		   struct mr_warnings *warnings, struct mr_error *err)
{
	struct line_list list = {0};
	struct mr_filter_plan plan;
	int r;

	if (!profile->has_default_action) {
		r = push_line(&list, err, "no filter");
		goto out;
	}

	r = mr_filter_plan_make(profile, caps, &plan, warnings, err);
	if (r < 0)
		return r;

	r = dump_plan(profile, &plan, &list, warnings, err);
	mr_filter_plan_free(&plan, profile->syscall_count);

out:
	if (r < 0) {
		mr_dump_free(list.lines, list.count);
		return r;
	}

	*ret_lines = list.lines;
	*ret_count = list.count;
	return 0;
}

void mr_dump_free(char **lines, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(lines[i]);
	free(lines);
}
