/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* cmocka.h needs the four headers above first. */
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "assert-located.h"
#include "caps.h"
#include "seccomp-filter.h"
#include "seccomp-profile.h"

struct parse_result {
	struct mr_profile *profile;
	struct mr_warnings warnings;
	struct mr_error err;
	int r;
};

static void parse(const char *json, struct parse_result *result)
{
	*result = (struct parse_result){0};
	result->r =
	    mr_profile_parse(json, strlen(json), "p.json", &result->profile,
			     &result->warnings, &result->err);
}

static void release(struct parse_result *result)
{
	mr_profile_free(result->profile);
	mr_warnings_free(&result->warnings);
}

/* Parses json, which must succeed without warnings. */
static struct mr_profile *parse_ok(const char *json, struct parse_result *res)
{
	parse(json, res);
	assert_int_equal(res->r, 0);
	assert_non_null(res->profile);
	assert_int_equal(res->warnings.count, 0);
	return res->profile;
}

static void profile_full_fields(void **state)
{
	static const char json[] =
	    "{\"defaultAction\": \"SCMP_ACT_ERRNO\","
	    " \"defaultErrnoRet\": 38,"
	    " \"architectures\": [\"SCMP_ARCH_X86_64\", \"SCMP_ARCH_X86\"],"
	    " \"flags\": [\"SECCOMP_FILTER_FLAG_TSYNC\","
	    "  \"SECCOMP_FILTER_FLAG_LOG\","
	    "  \"SECCOMP_FILTER_FLAG_SPEC_ALLOW\"],"
	    " \"syscalls\": [{\"names\": [\"read\", \"write\"],"
	    "  \"action\": \"SCMP_ACT_ALLOW\","
	    "  \"args\": [{\"index\": 2, \"value\": 7, \"valueTwo\": 9,"
	    "   \"op\": \"SCMP_CMP_MASKED_EQ\"}],"
	    "  \"includes\": {\"caps\": [\"CAP_SYS_ADMIN\"],"
	    "   \"arches\": [\"amd64\"], \"minKernel\": \"4.8\"},"
	    "  \"excludes\": {\"caps\": [\"CAP_SYS_BOOT\"]}}]}";
	struct parse_result res;
	struct mr_profile *p = parse_ok(json, &res);
	struct mr_syscall_rule *rule = &p->syscalls[0];

	(void)state;
	assert_string_equal(p->source, "p.json");
	assert_true(p->has_default_action);
	assert_int_equal(p->default_action.type, MR_ACTION_ERRNO);
	assert_int_equal(p->default_action.errno_ret, 38);
	assert_int_equal(p->architecture_count, 2);
	assert_string_equal(p->architectures[1], "SCMP_ARCH_X86");
	assert_int_equal(p->flags, SECCOMP_FILTER_FLAG_TSYNC |
				       SECCOMP_FILTER_FLAG_LOG |
				       SECCOMP_FILTER_FLAG_SPEC_ALLOW);
	assert_int_equal(p->syscall_count, 1);
	assert_string_equal(rule->path, "syscalls[0]");
	assert_int_equal(rule->name_count, 2);
	assert_string_equal(rule->names[1], "write");
	assert_int_equal(rule->action.type, MR_ACTION_ALLOW);
	assert_int_equal(rule->arg_count, 1);
	assert_int_equal(rule->args[0].index, 2);
	assert_int_equal(rule->args[0].op, MR_CMP_MASKED_EQ);
	assert_int_equal(rule->args[0].value, 7);
	assert_int_equal(rule->args[0].value_two, 9);
	assert_int_equal(rule->includes.cap_count, 1);
	assert_string_equal(rule->includes.caps[0], "CAP_SYS_ADMIN");
	assert_string_equal(rule->includes.arches[0], "amd64");
	assert_true(rule->includes.has_min_kernel);
	assert_int_equal(rule->includes.min_kernel_major, 4);
	assert_int_equal(rule->includes.min_kernel_minor, 8);
	assert_string_equal(rule->excludes.caps[0], "CAP_SYS_BOOT");
	assert_false(rule->excludes.has_min_kernel);
	release(&res);
}

static void profile_arch_map(void **state)
{
	static const char json[] =
	    "{\"defaultAction\": \"SCMP_ACT_KILL_PROCESS\","
	    " \"archMap\": [{\"architecture\": \"SCMP_ARCH_X86_64\","
	    "  \"subArchitectures\": [\"SCMP_ARCH_X86\", \"SCMP_ARCH_X32\"]},"
	    "  {\"architecture\": \"SCMP_ARCH_AARCH64\"}]}";
	struct parse_result res;
	struct mr_profile *p = parse_ok(json, &res);

	(void)state;
	assert_int_equal(p->default_action.type, MR_ACTION_KILL_PROCESS);
	assert_int_equal(p->arch_map_count, 2);
	assert_string_equal(p->arch_map[0].arch, "SCMP_ARCH_X86_64");
	assert_int_equal(p->arch_map[0].sub_arch_count, 2);
	assert_string_equal(p->arch_map[0].sub_arches[1], "SCMP_ARCH_X32");
	assert_string_equal(p->arch_map[1].arch, "SCMP_ARCH_AARCH64");
	assert_int_equal(p->arch_map[1].sub_arch_count, 0);
	release(&res);
}

static void profile_all_actions(void **state)
{
	static const struct {
		const char *name;
		enum mr_action_type type;
	} cases[] = {
	    {"SCMP_ACT_ALLOW", MR_ACTION_ALLOW},
	    {"SCMP_ACT_ERRNO", MR_ACTION_ERRNO},
	    {"SCMP_ACT_KILL", MR_ACTION_KILL_THREAD},
	    {"SCMP_ACT_KILL_THREAD", MR_ACTION_KILL_THREAD},
	    {"SCMP_ACT_KILL_PROCESS", MR_ACTION_KILL_PROCESS},
	    {"SCMP_ACT_TRAP", MR_ACTION_TRAP},
	    {"SCMP_ACT_TRACE", MR_ACTION_TRACE},
	    {"SCMP_ACT_LOG", MR_ACTION_LOG},
	};
	char json[256];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct parse_result res;

		snprintf(json, sizeof(json),
			 "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\":"
			 " [{\"names\": [\"getpid\"], \"action\": \"%s\"}]}",
			 cases[i].name);
		parse_ok(json, &res);
		assert_int_equal(res.profile->syscalls[0].action.type,
				 cases[i].type);
		release(&res);
	}
}

static void profile_all_operators(void **state)
{
	static const struct {
		const char *name;
		enum mr_cmp_op op;
	} cases[] = {
	    {"SCMP_CMP_NE", MR_CMP_NE},
	    {"SCMP_CMP_LT", MR_CMP_LT},
	    {"SCMP_CMP_LE", MR_CMP_LE},
	    {"SCMP_CMP_EQ", MR_CMP_EQ},
	    {"SCMP_CMP_GE", MR_CMP_GE},
	    {"SCMP_CMP_GT", MR_CMP_GT},
	    {"SCMP_CMP_MASKED_EQ", MR_CMP_MASKED_EQ},
	};
	char json[256];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct parse_result res;

		snprintf(json, sizeof(json),
			 "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\":"
			 " [{\"names\": [\"getpid\"], \"action\": "
			 "\"SCMP_ACT_LOG\", \"args\": [{\"index\": 5, "
			 "\"value\": 1, \"op\": \"%s\"}]}]}",
			 cases[i].name);
		parse_ok(json, &res);
		assert_int_equal(res.profile->syscalls[0].args[0].op,
				 cases[i].op);
		assert_int_equal(res.profile->syscalls[0].args[0].index, 5);
		release(&res);
	}
}

static void profile_errno_defaults(void **state)
{
	static const char json[] =
	    "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": ["
	    " {\"names\": [\"a\"], \"action\": \"SCMP_ACT_TRACE\"},"
	    " {\"names\": [\"b\"], \"action\": \"SCMP_ACT_ERRNO\","
	    "  \"errnoRet\": 0}]}";
	struct parse_result res;
	struct mr_profile *p = parse_ok(json, &res);

	(void)state;
	assert_int_equal(p->default_action.errno_ret, EPERM);
	assert_int_equal(p->syscalls[0].action.errno_ret, EPERM);
	assert_int_equal(p->syscalls[1].action.errno_ret, 0);
	release(&res);
}

static void profile_keys_ignore_case(void **state)
{
	static const char json[] =
	    "{\"DEFAULTACTION\": \"SCMP_ACT_ERRNO\","
	    " \"defaulterrnoret\": 5,"
	    " \"Syscalls\": [{\"Names\": [\"getpid\"],"
	    "  \"ACTION\": \"SCMP_ACT_ALLOW\","
	    "  \"Args\": [{\"INDEX\": 1, \"VALUE\": 3, \"OP\": "
	    "\"SCMP_CMP_EQ\"}]}]}";
	struct parse_result res;
	struct mr_profile *p = parse_ok(json, &res);

	(void)state;
	assert_int_equal(p->default_action.errno_ret, 5);
	assert_string_equal(p->syscalls[0].names[0], "getpid");
	assert_int_equal(p->syscalls[0].action.type, MR_ACTION_ALLOW);
	assert_int_equal(p->syscalls[0].args[0].index, 1);
	assert_int_equal(p->syscalls[0].args[0].value, 3);
	release(&res);
}

static void profile_null_is_absent(void **state)
{
	static const char json[] =
	    "{\"defaultAction\": \"SCMP_ACT_ERRNO\","
	    " \"defaultErrnoRet\": null, \"architectures\": null,"
	    " \"archMap\": null, \"flags\": null, \"listenerPath\": null,"
	    " \"syscalls\": [{\"names\": [\"getpid\"], \"name\": null,"
	    "  \"action\": \"SCMP_ACT_ALLOW\", \"errnoRet\": null,"
	    "  \"args\": null, \"includes\": null,"
	    "  \"excludes\": {\"caps\": null, \"minKernel\": null}}]}";
	struct parse_result res;
	struct mr_profile *p = parse_ok(json, &res);

	(void)state;
	assert_int_equal(p->default_action.errno_ret, EPERM);
	assert_int_equal(p->architecture_count, 0);
	assert_int_equal(p->arch_map_count, 0);
	assert_int_equal(p->syscalls[0].arg_count, 0);
	assert_int_equal(p->syscalls[0].excludes.cap_count, 0);
	release(&res);
}

static void profile_legacy_name(void **state)
{
	static const char json[] =
	    "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": ["
	    " {\"name\": \"getpid\", \"action\": \"SCMP_ACT_ALLOW\"}]}";
	struct parse_result res;
	struct mr_profile *p = parse_ok(json, &res);

	(void)state;
	assert_int_equal(p->syscalls[0].name_count, 1);
	assert_string_equal(p->syscalls[0].names[0], "getpid");
	release(&res);
}

static void profile_podman_errno_names(void **state)
{
	static const char json[] =
	    "{\"defaultAction\": \"SCMP_ACT_ERRNO\","
	    " \"defaultErrno\": \"ENOSYS\", \"syscalls\": ["
	    " {\"names\": [\"a\"], \"action\": \"SCMP_ACT_ERRNO\","
	    "  \"errno\": \"EUCLEAN\"},"
	    " {\"names\": [\"b\"], \"action\": \"SCMP_ACT_ERRNO\","
	    "  \"errno\": \"42\"},"
	    " {\"names\": [\"c\"], \"action\": \"SCMP_ACT_ERRNO\","
	    "  \"errno\": \"EPERM\", \"errnoRet\": 13}]}";
	struct parse_result res;
	struct mr_profile *p = parse_ok(json, &res);

	(void)state;
	assert_int_equal(p->default_action.errno_ret, ENOSYS);
	assert_int_equal(p->syscalls[0].action.errno_ret, EUCLEAN);
	assert_int_equal(p->syscalls[1].action.errno_ret, 42);
	assert_int_equal(p->syscalls[2].action.errno_ret, EACCES);
	release(&res);
}

static void profile_empty_no_filter(void **state)
{
	struct parse_result res;

	(void)state;
	parse("{}", &res);
	assert_int_equal(res.r, 0);
	assert_false(res.profile->has_default_action);
	assert_int_equal(res.warnings.count, 1);
	assert_string_equal(res.warnings.lines[0],
			    "p.json:1:1: warning: no 'defaultAction' and no "
			    "'syscalls', so no seccomp filter is installed");
	release(&res);
}

static void profile_errno_on_allow_warns(void **state)
{
	static const char json[] =
	    "{\"defaultAction\": \"SCMP_ACT_ALLOW\","
	    " \"defaultErrnoRet\": 3, \"syscalls\": ["
	    " {\"names\": [\"a\"], \"action\": \"SCMP_ACT_KILL\","
	    "  \"errnoRet\": 4}]}";
	struct parse_result res;

	(void)state;
	parse(json, &res);
	assert_int_equal(res.r, 0);
	assert_int_equal(res.warnings.count, 2);
	assert_located(res.warnings.lines[0], "warning",
		       "defaultErrnoRet: 'SCMP_ACT_ALLOW' takes no errno, "
		       "ignoring");
	assert_located(res.warnings.lines[1], "warning",
		       "syscalls[0].errnoRet: 'SCMP_ACT_KILL' takes no errno, "
		       "ignoring");
	assert_int_equal(res.profile->default_action.errno_ret, 0);
	release(&res);
}

static void profile_wait_killable_warns(void **state)
{
	static const char json[] =
	    "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"flags\": "
	    "[\"SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV\"]}";
	struct parse_result res;

	(void)state;
	parse(json, &res);
	assert_int_equal(res.r, 0);
	assert_int_equal(res.warnings.count, 1);
	assert_located(res.warnings.lines[0], "warning",
		       "flags[0]: 'SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV' has "
		       "no effect without a notification listener, ignoring");
	assert_int_equal(res.profile->flags, 0);
	release(&res);
}

/* Each invalid profile and the exact one-line error it must give. */
static void profile_errors(void **state)
{
	static const struct {
		const char *json;
		const char *message;
	} cases[] = {
	    {"[]", "expected a JSON object at the top level"},
	    {"{\"defaultAction\": 1}",
	     "defaultAction: expected a string"},
	    {"{\"defaultAction\": \"SCMP_ACT_FOO\"}",
	     "defaultAction: unknown action 'SCMP_ACT_FOO'"},
	    {"{\"defaultAction\": \"SCMP_ACT_NOTIFY\"}",
	     "defaultAction: action 'SCMP_ACT_NOTIFY' is not "
	     "supported, because minirun has no notification listener"},
	    {"{\"defaultAction\": \"SCMP_ACT_ERRNO\", "
	     "\"defaultErrnoRet\": 4096}",
	     "defaultErrnoRet: value '4096' is above 4094"},
	    {"{\"defaultAction\": \"SCMP_ACT_ERRNO\", "
	     "\"defaultErrnoRet\": -1}",
	     "defaultErrnoRet: negative value '-1'"},
	    {"{\"defaultAction\": \"SCMP_ACT_ERRNO\", "
	     "\"defaultErrnoRet\": \"1\"}",
	     "defaultErrnoRet: expected an integer"},
	    {"{\"defaultAction\": \"SCMP_ACT_ERRNO\", "
	     "\"defaultErrno\": \"EFOO\"}",
	     "defaultErrno: unknown errno name 'EFOO'"},
	    {"{\"defaultAction\": \"SCMP_ACT_ERRNO\", "
	     "\"defaultErrno\": \"5000\"}",
	     "defaultErrno: errno '5000' is above 4094"},
	    {"{\"defaultAction\": \"SCMP_ACT_ERRNO\", "
	     "\"defaultErrno\": \"12x\"}",
	     "defaultErrno: invalid errno '12x'"},
	    {"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"architectures\": "
	     "[\"SCMP_ARCH_X86_64\"], \"archMap\": []}",
	     "archMap: 'architectures' and 'archMap' are both set, "
	     "use only one"},
	    {"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"architectures\": "
	     "[\"SCMP_ARCH_VAX\"]}",
	     "architectures[0]: unknown architecture "
	     "'SCMP_ARCH_VAX'"},
	    {"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"architectures\": "
	     "\"SCMP_ARCH_X86\"}",
	     "architectures: expected an array"},
	    {"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"archMap\": "
	     "[{\"architecture\": \"SCMP_ARCH_X86_64\", "
	     "\"subArchitectures\": [\"x86\"]}]}",
	     "archMap[0].subArchitectures[0]: unknown architecture "
	     "'x86'"},
	    {"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"archMap\": [{}]}",
	     "archMap[0].architecture: missing"},
	    {"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"archMap\": [3]}",
	     "archMap[0]: expected an object"},
	    {"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"flags\": "
	     "[\"SECCOMP_FILTER_FLAG_FOO\"]}",
	     "flags[0]: unknown flag 'SECCOMP_FILTER_FLAG_FOO'"},
	    {"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"flags\": "
	     "[\"SECCOMP_FILTER_FLAG_NEW_LISTENER\"]}",
	     "flags[0]: unknown flag "
	     "'SECCOMP_FILTER_FLAG_NEW_LISTENER'"},
	    {"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"flags\": [1]}",
	     "flags[0]: expected a string"},
	    {"{\"defaultAction\": \"SCMP_ACT_ERRNO\", "
	     "\"listenerPath\": \"/run/notify.sock\"}",
	     "listenerPath: a notification listener is not "
	     "supported"},
	    {"{\"syscalls\": [{\"names\": [\"a\"], "
	     "\"action\": \"SCMP_ACT_ALLOW\"}]}",
	     "defaultAction: missing, but 'syscalls' is not empty"},
	    {"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": {}}",
	     "syscalls: expected an array"},
	    {"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [1]}",
	     "syscalls[0]: expected an object"},
	    {"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": "
	     "[{\"action\": \"SCMP_ACT_ALLOW\"}]}",
	     "syscalls[0]: missing 'names'"},
	    {"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": "
	     "[{\"names\": [\"a\"]}]}",
	     "syscalls[0].action: missing"},
	    {"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": "
	     "[{\"names\": \"a\", \"action\": \"SCMP_ACT_ALLOW\"}]}",
	     "syscalls[0].names: expected an array"},
	    {"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": "
	     "[{\"names\": [\"a\", 2], \"action\": \"SCMP_ACT_ALLOW\"}]}",
	     "syscalls[0].names[1]: expected a string"},
	    {"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": "
	     "[{\"names\": [\"a\"], \"name\": \"b\", "
	     "\"action\": \"SCMP_ACT_ALLOW\"}]}",
	     "syscalls[0].name: 'name' and 'names' are both set, "
	     "use only one"},
	    {"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": "
	     "[{\"names\": [\"a\"], \"action\": \"SCMP_ACT_NOTIFY\"}]}",
	     "syscalls[0].action: action 'SCMP_ACT_NOTIFY' is not "
	     "supported, because minirun has no notification listener"},
	    {"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": "
	     "[{\"names\": [\"a\"], \"action\": \"SCMP_ACT_ERRNO\", "
	     "\"errnoRet\": 70000}]}",
	     "syscalls[0].errnoRet: value '70000' is above 4094"},
	    {"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": "
	     "[{\"names\": [\"a\"], \"action\": \"SCMP_ACT_ALLOW\", "
	     "\"args\": [{\"index\": 6, \"op\": \"SCMP_CMP_EQ\"}]}]}",
	     "syscalls[0].args[0].index: value '6' is above 5"},
	    {"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": "
	     "[{\"names\": [\"a\"], \"action\": \"SCMP_ACT_ALLOW\", "
	     "\"args\": [{\"index\": 0, \"op\": \"SCMP_CMP_FOO\"}]}]}",
	     "syscalls[0].args[0].op: unknown operator "
	     "'SCMP_CMP_FOO'"},
	    {"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": "
	     "[{\"names\": [\"a\"], \"action\": \"SCMP_ACT_ALLOW\", "
	     "\"args\": [{\"index\": 0}]}]}",
	     "syscalls[0].args[0].op: missing"},
	    {"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": "
	     "[{\"names\": [\"a\"], \"action\": \"SCMP_ACT_ALLOW\", "
	     "\"args\": [{\"index\": 0, \"value\": 1.5, "
	     "\"op\": \"SCMP_CMP_EQ\"}]}]}",
	     "syscalls[0].args[0].value: expected an integer"},
	    {"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": "
	     "[{\"names\": [\"a\"], \"action\": \"SCMP_ACT_ALLOW\", "
	     "\"args\": {}}]}",
	     "syscalls[0].args: expected an array"},
	    {"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": "
	     "[{\"names\": [\"a\"], \"action\": \"SCMP_ACT_ALLOW\", "
	     "\"includes\": []}]}",
	     "syscalls[0].includes: expected an object"},
	    {"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": "
	     "[{\"names\": [\"a\"], \"action\": \"SCMP_ACT_ALLOW\", "
	     "\"includes\": {\"caps\": \"CAP_SYS_ADMIN\"}}]}",
	     "syscalls[0].includes.caps: expected an array"},
	    {"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": "
	     "[{\"names\": [\"a\"], \"action\": \"SCMP_ACT_ALLOW\", "
	     "\"excludes\": {\"minKernel\": \"4\"}}]}",
	     "syscalls[0].excludes.minKernel: invalid kernel "
	     "version '4'"},
	    {"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": "
	     "[{\"names\": [\"a\"], \"action\": \"SCMP_ACT_ALLOW\", "
	     "\"includes\": {\"minKernel\": \"4.8.1\"}}]}",
	     "syscalls[0].includes.minKernel: invalid kernel "
	     "version '4.8.1'"},
	    {"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": "
	     "[{\"names\": [\"a\"], \"action\": \"SCMP_ACT_ALLOW\", "
	     "\"includes\": {\"minKernel\": 4}}]}",
	     "syscalls[0].includes.minKernel: expected a string"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct parse_result res;

		parse(cases[i].json, &res);
		assert_int_equal(res.r, -EINVAL);
		assert_null(res.profile);
		assert_located(res.err.message, "error", cases[i].message);
		release(&res);
	}
}

/* Messages point at the offending value, line and column, as gcc does. */
static void profile_error_positions(void **state)
{
	static const char json[] =
	    "{\n"
	    "  \"defaultAction\": \"SCMP_ACT_ERRNO\",\n"
	    "  \"syscalls\": [\n"
	    "    {\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\"},\n"
	    "    {\"names\": [\"personality\"], \"action\": \"SCMP_ACT_ALLOW\",\n"
	    "     \"args\": [{\"index\": 0, \"op\": \"SCMP_CMP_BOGUS\"}]}\n"
	    "  ]\n"
	    "}\n";
	struct parse_result res;

	(void)state;
	parse(json, &res);
	assert_int_equal(res.r, -EINVAL);
	assert_string_equal(res.err.message,
			    "p.json:6:34: error: syscalls[1].args[0].op: "
			    "unknown operator 'SCMP_CMP_BOGUS'");
	release(&res);
}

/* A missing key is reported at the object that lacks it. */
static void profile_missing_key_position(void **state)
{
	static const char json[] = "{\"defaultAction\": \"SCMP_ACT_ERRNO\",\n"
				   " \"syscalls\": [\n"
				   "  {\"names\": [\"read\"]}]}";
	struct parse_result res;

	(void)state;
	parse(json, &res);
	assert_int_equal(res.r, -EINVAL);
	assert_string_equal(res.err.message,
			    "p.json:3:3: error: syscalls[0].action: missing");
	release(&res);
}

/* Docker reads argument values as uint64; jansson stops at INT64_MAX. */
static void profile_values_above_int64(void **state)
{
	static const char json[] =
	    "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{"
	    "\"names\": [\"a\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": "
	    "[{\"index\": 1, \"value\": 18446744073709551615, "
	    "\"valueTwo\": 9223372036854775808, "
	    "\"op\": \"SCMP_CMP_MASKED_EQ\"}]}]}";
	struct parse_result res;
	struct mr_profile *p = parse_ok(json, &res);

	(void)state;
	assert_true(p->syscalls[0].args[0].value == UINT64_MAX);
	assert_true(p->syscalls[0].args[0].value_two ==
		    UINT64_C(9223372036854775808));
	release(&res);
}

/* Numbers that fit no field are errors with their location. */
static void profile_numbers_out_of_range(void **state)
{
	static const struct {
		const char *json;
		const char *message;
	} cases[] = {
	    {"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{"
	     "\"names\": [\"a\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": "
	     "[{\"index\": 18446744073709551615, \"op\": \"SCMP_CMP_EQ\"}]}]}",
	     "syscalls[0].args[0].index: value '18446744073709551615' is "
	     "above 5"},
	    {"{\"defaultAction\": \"SCMP_ACT_ERRNO\", "
	     "\"defaultErrnoRet\": 9223372036854775808}",
	     "defaultErrnoRet: value '9223372036854775808' is above 4094"},
	    {"{\"defaultAction\": \"SCMP_ACT_ERRNO\", "
	     "\"defaultErrnoRet\": 1e3}",
	     "defaultErrnoRet: expected an integer"},
	    {"{\"defaultAction\": \"SCMP_ACT_ERRNO\", "
	     "\"defaultErrnoRet\": -0.5}",
	     "defaultErrnoRet: expected an integer"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct parse_result res;

		parse(cases[i].json, &res);
		assert_int_equal(res.r, -EINVAL);
		assert_located(res.err.message, "error", cases[i].message);
		release(&res);
	}
}

/* Above UINT64_MAX jansson itself rejects the number. */
static void profile_value_above_uint64(void **state)
{
	static const char json[] =
	    "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": [{"
	    "\"names\": [\"a\"], \"action\": \"SCMP_ACT_ALLOW\", \"args\": "
	    "[{\"index\": 0, \"value\": 18446744073709551616, "
	    "\"op\": \"SCMP_CMP_EQ\"}]}]}";
	struct parse_result res;

	(void)state;
	parse(json, &res);
	assert_int_equal(res.r, -EINVAL);
	assert_non_null(strstr(res.err.message, "p.json:1:"));
	assert_non_null(strstr(res.err.message, "error: too big integer"));
	release(&res);
}

static void profile_empty_text(void **state)
{
	static const char *const texts[] = {"", " \n\t "};

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		struct parse_result res;

		parse(texts[i], &res);
		assert_int_equal(res.r, -EINVAL);
		assert_string_equal(res.err.message,
				    "p.json:1:1: error: the profile is empty, "
				    "expected a JSON object");
		release(&res);
	}
}

static void load_expect_error(const char *path, int code, const char *part)
{
	struct mr_profile *profile = NULL;
	struct mr_warnings warnings = {0};
	struct mr_error err = {0};

	assert_int_equal(mr_profile_load(path, &profile, &warnings, &err),
			 -code);
	assert_null(profile);
	assert_non_null(strstr(err.message, path));
	assert_non_null(strstr(err.message, part));
	mr_warnings_free(&warnings);
}

/* open(2) of a FIFO without a writer would block; it must not. */
static void hostile_fifo_without_writer(void **state)
{
	char dir[] = "/tmp/minirun-unit-XXXXXX";
	char path[64];

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/fifo", dir);
	assert_int_equal(mkfifo(path, 0600), 0);

	load_expect_error(path, EINVAL, "the profile is empty");

	unlink(path);
	rmdir(dir);
}

static void hostile_device_file(void **state)
{
	(void)state;
	load_expect_error("/dev/zero", EINVAL,
			  "is not a regular file or a pipe");
}

/* procfs files look regular; /proc/kmsg would block and drain the log. */
static void hostile_proc_file(void **state)
{
	(void)state;
	load_expect_error("/proc/self/status", EINVAL,
			  "is a file of /proc or /sys, not a profile");
}

static void hostile_file_too_large(void **state)
{
	char path[] = "/tmp/minirun-unit-XXXXXX";
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, MR_PROFILE_SIZE_MAX + 1), 0);
	close(fd);

	load_expect_error(path, EFBIG, "larger than the limit of 16777216");
	unlink(path);
}

/* jansson stops nesting at a fixed depth, without recursing further. */
static void hostile_deep_nesting(void **state)
{
	size_t depth = 100000;
	char *json = malloc(2 * depth + 1);
	struct parse_result res;

	(void)state;
	assert_non_null(json);
	memset(json, '[', depth);
	memset(json + depth, ']', depth);
	json[2 * depth] = '\0';

	parse(json, &res);
	assert_int_equal(res.r, -EINVAL);
	assert_non_null(strstr(res.err.message, "error: maximum parsing depth"));
	release(&res);
	free(json);
}

/* Builds a profile with count rules, each a name of name_length letters. */
static char *profile_of_rules(size_t count, size_t name_length)
{
	size_t rule_size = name_length + 64;
	char *json = malloc(count * rule_size + 128);
	size_t at;

	/* abort, because GCC does not know that a failed assert returns not. */
	if (!json)
		abort();
	at = (size_t)sprintf(json, "{\"defaultAction\": \"SCMP_ACT_ERRNO\", "
				   "\"syscalls\": [");
	for (size_t i = 0; i < count; i++) {
		at += (size_t)sprintf(json + at, "%s{\"names\": [\"",
				      i ? "," : "");
		memset(json + at, 'x', name_length);
		at += name_length;
		at += (size_t)sprintf(json + at,
				      "\"], \"action\": \"SCMP_ACT_ALLOW\"}");
	}
	strcpy(json + at, "]}");
	return json;
}

/* A 10,000-character name is a warning that fits one message line. */
static void hostile_long_name(void **state)
{
	char *json = profile_of_rules(1, 10000);
	struct mr_bpf prog = {0};
	struct parse_result res;
	struct mr_error err = {0};

	(void)state;
	parse(json, &res);
	assert_int_equal(res.r, 0);
	assert_int_equal(mr_filter_compile(res.profile, mr_caps_default(),
					   &prog, &res.warnings, &err),
			 0);
	/* One for the name, three because nothing allows execve and exit. */
	assert_int_equal(res.warnings.count, 4);
	assert_non_null(strstr(res.warnings.lines[3], "unknown to libseccomp"));
	assert_true(strlen(res.warnings.lines[3]) < 2 * MR_ERROR_MESSAGE_MAX);
	mr_bpf_free(&prog);
	release(&res);
	free(json);
}

/* 100,000 rules parse, and the compiler handles them in bounded time. */
static void hostile_many_rules(void **state)
{
	char *json = profile_of_rules(100000, 8);
	struct mr_bpf prog = {0};
	struct parse_result res;
	struct mr_error err = {0};
	int r;

	(void)state;
	parse(json, &res);
	assert_int_equal(res.r, 0);
	assert_int_equal(res.profile->syscall_count, 100000);

	r = mr_filter_compile(res.profile, mr_caps_default(), &prog,
			      &res.warnings, &err);
	assert_int_equal(r, 0);
	assert_int_equal(res.warnings.count, MR_WARNINGS_MAX);
	assert_int_equal(res.warnings.dropped, 100000 + 3 - MR_WARNINGS_MAX);
	mr_bpf_free(&prog);
	release(&res);
	free(json);
}

static void profile_syntax_error_location(void **state)
{
	struct mr_profile *profile = NULL;
	struct mr_warnings warnings = {0};
	struct mr_error err = {0};
	int r;

	(void)state;
	r = mr_profile_load(MR_TEST_DATA "/syntax-error.json", &profile,
			    &warnings, &err);
	assert_int_equal(r, -EINVAL);
	assert_null(profile);
	assert_string_equal(err.message,
			    MR_TEST_DATA "/syntax-error.json:4:34: error: "
					 "'}' expected near '\"action\"'");
	mr_warnings_free(&warnings);
}

static void profile_load_missing_file(void **state)
{
	struct mr_profile *profile = NULL;
	struct mr_warnings warnings = {0};
	struct mr_error err = {0};
	int r;

	(void)state;
	r = mr_profile_load(MR_TEST_DATA "/missing.json", &profile, &warnings,
			    &err);
	assert_int_equal(r, -ENOENT);
	assert_string_equal(err.message,
			    "cannot open seccomp profile '" MR_TEST_DATA
			    "/missing.json': No such file or directory");
}

static void profile_load_directory(void **state)
{
	struct mr_profile *profile = NULL;
	struct mr_warnings warnings = {0};
	struct mr_error err = {0};
	int r;

	(void)state;
	r = mr_profile_load(MR_TEST_DATA, &profile, &warnings, &err);
	assert_int_equal(r, -EISDIR);
	assert_string_equal(err.message,
			    "cannot read seccomp profile '" MR_TEST_DATA
			    "': Is a directory");
}

static void profile_load_file(void **state)
{
	struct mr_profile *profile = NULL;
	struct mr_warnings warnings = {0};
	struct mr_error err = {0};
	int r;

	(void)state;
	r = mr_profile_load(MR_TEST_DATA "/euclean.json", &profile, &warnings,
			    &err);
	assert_int_equal(r, 0);
	assert_string_equal(profile->source, MR_TEST_DATA "/euclean.json");
	assert_int_equal(profile->syscalls[0].action.errno_ret, EUCLEAN);
	mr_profile_free(profile);
}

static void profile_default_parses(void **state)
{
	struct mr_profile *profile = NULL;
	struct mr_warnings warnings = {0};
	struct mr_error err = {0};
	int r;

	(void)state;
	r = mr_profile_load_default(&profile, &warnings, &err);
	assert_int_equal(r, 0);
	assert_int_equal(warnings.count, 0);
	assert_true(profile->has_default_action);
	assert_int_equal(profile->default_action.type, MR_ACTION_ERRNO);
	assert_int_equal(profile->default_action.errno_ret, EPERM);
	mr_profile_free(profile);
}

static bool is_json_file(const char *name)
{
	size_t length = strlen(name);

	return length > 5 && strcmp(name + length - 5, ".json") == 0;
}

static void check_reference_profile(const char *path)
{
	struct mr_profile *profile = NULL;
	struct mr_warnings warnings = {0};
	struct mr_error err = {0};
	struct mr_bpf bpf = {0};
	int r;

	r = mr_profile_load(path, &profile, &warnings, &err);
	if (r < 0)
		fail_msg("%s", err.message);

	r = mr_filter_compile(profile, mr_caps_default(), &bpf, &warnings,
			      &err);
	if (r < 0)
		fail_msg("%s", err.message);
	assert_true(bpf.length > 0);

	mr_bpf_free(&bpf);
	mr_profile_free(profile);
	mr_warnings_free(&warnings);
}

/* Docker's and Podman's own profiles, read in place when present. */
static void profile_reference_profiles(void **state)
{
	char path[4096];
	struct dirent *entry;
	size_t count = 0;
	DIR *dir;

	(void)state;
	dir = opendir(MR_REFERENCE_DIR);
	if (!dir)
		skip();

	while ((entry = readdir(dir))) {
		if (!is_json_file(entry->d_name))
			continue;

		snprintf(path, sizeof(path), "%s/%s", MR_REFERENCE_DIR,
			 entry->d_name);
		check_reference_profile(path);
		count++;
	}
	closedir(dir);
	assert_true(count > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(profile_full_fields),
	    cmocka_unit_test(profile_arch_map),
	    cmocka_unit_test(profile_all_actions),
	    cmocka_unit_test(profile_all_operators),
	    cmocka_unit_test(profile_errno_defaults),
	    cmocka_unit_test(profile_keys_ignore_case),
	    cmocka_unit_test(profile_null_is_absent),
	    cmocka_unit_test(profile_legacy_name),
	    cmocka_unit_test(profile_podman_errno_names),
	    cmocka_unit_test(profile_empty_no_filter),
	    cmocka_unit_test(profile_errno_on_allow_warns),
	    cmocka_unit_test(profile_wait_killable_warns),
	    cmocka_unit_test(profile_errors),
	    cmocka_unit_test(profile_syntax_error_location),
	    cmocka_unit_test(profile_error_positions),
	    cmocka_unit_test(profile_missing_key_position),
	    cmocka_unit_test(profile_values_above_int64),
	    cmocka_unit_test(profile_numbers_out_of_range),
	    cmocka_unit_test(profile_value_above_uint64),
	    cmocka_unit_test(profile_empty_text),
	    cmocka_unit_test(hostile_fifo_without_writer),
	    cmocka_unit_test(hostile_device_file),
	    cmocka_unit_test(hostile_proc_file),
	    cmocka_unit_test(hostile_file_too_large),
	    cmocka_unit_test(hostile_deep_nesting),
	    cmocka_unit_test(hostile_long_name),
	    cmocka_unit_test(hostile_many_rules),
	    cmocka_unit_test(profile_load_missing_file),
	    cmocka_unit_test(profile_load_directory),
	    cmocka_unit_test(profile_load_file),
	    cmocka_unit_test(profile_default_parses),
	    cmocka_unit_test(profile_reference_profiles),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
