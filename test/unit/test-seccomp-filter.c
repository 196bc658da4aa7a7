/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* cmocka.h needs the four headers above first. */
#include <cmocka.h>

#include <cap-ng.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/ipc.h>
#include <linux/net.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bpf-sim.h"
#include "assert-located.h"
#include "caps.h"
#include "default-filter.h"
#include "seccomp-filter.h"
#include "seccomp-profile.h"

#define ELEMENTS(array) (sizeof(array) / sizeof((array)[0]))

#define ACT_ALLOW SECCOMP_RET_ALLOW
#define ACT_ERRNO(e) (SECCOMP_RET_ERRNO | (e))
#define ACT_TRACE(message) (SECCOMP_RET_TRACE | (message))

/* The arch value of struct call that stands for seccomp_arch_native(). */
#define ARCH_NATIVE 0

/* i386 syscall numbers, as libseccomp 2.5.4's tables list them. */
#define I386_GETPID 20
#define I386_GETPPID 64
#define I386_SOCKETCALL 102
#define I386_IPC 117
#define I386_SOCKET 359

/* getppid on arm and aarch64, as libseccomp 2.5.4's tables list them. */
#define ARM_GETPPID 64
#define AARCH64_GETPPID 173

/* x32 calls reach the kernel as AUDIT_ARCH_X86_64 with this bit set. */
#define X32_SYSCALL_BIT 0x40000000

/* Exit statuses of a filtered child that are not an errno value. */
#define CHILD_SETUP_FAILED 250
#define CHILD_LOAD_FAILED 251

/*
 * One row of a table: a call, as the kernel passes it, and its action.  The
 * tests need only the first three arguments, so the others are 0.
 */
struct call {
	const char *name;
	uint32_t arch;
	int nr;
	uint32_t action;
	uint64_t arg0, arg1, arg2;
};

struct compiled {
	struct mr_profile *profile;
	struct mr_warnings warnings;
	struct mr_bpf bpf;
	struct mr_error err;
	int r;
	/* Warnings that a profile denies execve, exit or exit_group. */
	size_t lifecycle_warning_count;
};

/*
 * Moves the warnings about denied execve, exit and exit_group out of
 * c->warnings into a count: most test profiles deny everything they do
 * not name, and filter_lifecycle_warnings checks these warnings.
 */
static void count_lifecycle_warnings(struct compiled *c)
{
	size_t kept = 0;

	for (size_t i = 0; i < c->warnings.count; i++) {
		if (strstr(c->warnings.lines[i], ": the profile denies '")) {
			free(c->warnings.lines[i]);
			c->lifecycle_warning_count++;
			continue;
		}
		c->warnings.lines[kept++] = c->warnings.lines[i];
	}
	c->warnings.count = kept;
}

/*
 * Parses json, which must be valid, and compiles it with caps.  Only the
 * compiler's warnings go to c->warnings.
 */
static void compile_json(const char *json, uint64_t caps, struct compiled *c)
{
	struct mr_warnings parse_warnings = {0};
	struct mr_error parse_err = {0};
	int r;

	*c = (struct compiled){0};
	r = mr_profile_parse(json, strlen(json), "p.json", &c->profile,
			     &parse_warnings, &parse_err);
	mr_warnings_free(&parse_warnings);
	if (r < 0)
		fail_msg("invalid test profile: %s", parse_err.message);

	c->r =
	    mr_filter_compile(c->profile, caps, &c->bpf, &c->warnings, &c->err);
	count_lifecycle_warnings(c);
}

/* Compiles json, which must compile without warnings. */
static void compile_ok(const char *json, uint64_t caps, struct compiled *c)
{
	compile_json(json, caps, c);
	if (c->r < 0)
		fail_msg("compiling failed: %s", c->err.message);
	if (c->warnings.count > 0)
		fail_msg("unexpected warning: %s", c->warnings.lines[0]);
}

static void release(struct compiled *c)
{
	mr_bpf_free(&c->bpf);
	mr_profile_free(c->profile);
	mr_warnings_free(&c->warnings);
}

/* Runs each call through the program in the simulator. */
static void check_calls(const struct mr_bpf *bpf, const struct call *calls,
			size_t count)
{
	for (size_t i = 0; i < count; i++) {
		const struct call *call = &calls[i];
		struct seccomp_data data = {
		    .nr = call->nr,
		    .arch = call->arch == ARCH_NATIVE ? seccomp_arch_native()
						      : call->arch,
		    .args = {call->arg0, call->arg1, call->arg2},
		};
		uint32_t action = 0;

		if (bpf_sim_run(bpf->insns, bpf->length, &data, &action) < 0)
			fail_msg("%s: seccomp(2) would reject the program",
				 call->name);
		if (action != call->action)
			fail_msg("%s: action 0x%08" PRIx32
				 ", expected 0x%08" PRIx32,
				 call->name, action, call->action);
	}
}

static void skip_unless_x86_64(void)
{
	if (seccomp_arch_native() != SCMP_ARCH_X86_64)
		skip();
}

static uint64_t cap_bit(const char *name)
{
	struct mr_error err;
	int cap;

	if (mr_cap_from_name(name, &cap, &err) < 0)
		fail_msg("%s", err.message);
	return MR_CAP_BIT(cap);
}

static uint32_t run_program(const struct sock_filter *insns, size_t length,
			    const struct seccomp_data *data, int *ret)
{
	uint32_t action = 0xdeadbeef;

	*ret = bpf_sim_run(insns, length, data, &action);
	return action;
}

/*
 * The simulator must reject what the kernel rejects when it loads a
 * program, even where the bad instruction comes after a RET and never runs.
 */
static void sim_rejects_invalid_programs(void **state)
{
	static const struct {
		const char *name;
		struct sock_filter insns[3];
		size_t length;
	} cases[] = {
	    {"empty program", {BPF_STMT(BPF_RET | BPF_K, 0)}, 0},
	    {"no RET at the end",
	     {BPF_STMT(BPF_RET | BPF_K, 0),
	      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0)},
	     2},
	    {"misaligned load",
	     {BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 2),
	      BPF_STMT(BPF_RET | BPF_A, 0)},
	     2},
	    {"load past seccomp_data",
	     {BPF_STMT(BPF_LD | BPF_W | BPF_ABS, sizeof(struct seccomp_data)),
	      BPF_STMT(BPF_RET | BPF_A, 0)},
	     2},
	    {"load at offset 0xfffffffc",
	     {BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0xfffffffc),
	      BPF_STMT(BPF_RET | BPF_A, 0)},
	     2},
	    {"half-word load",
	     {BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 0),
	      BPF_STMT(BPF_RET | BPF_A, 0)},
	     2},
	    {"indirect load",
	     {BPF_STMT(BPF_LD | BPF_W | BPF_IND, 0),
	      BPF_STMT(BPF_RET | BPF_A, 0)},
	     2},
	    {"modulo",
	     {BPF_STMT(BPF_ALU | BPF_MOD | BPF_K, 3),
	      BPF_STMT(BPF_RET | BPF_A, 0)},
	     2},
	    {"division by constant 0",
	     {BPF_STMT(BPF_ALU | BPF_DIV | BPF_K, 0),
	      BPF_STMT(BPF_RET | BPF_A, 0)},
	     2},
	    {"shift by 32",
	     {BPF_STMT(BPF_ALU | BPF_LSH | BPF_K, 32),
	      BPF_STMT(BPF_RET | BPF_A, 0)},
	     2},
	    {"RET X", {BPF_STMT(BPF_RET | BPF_X, 0)}, 1},
	    {"conditional jump past the end",
	     {BPF_STMT(BPF_RET | BPF_K, 0),
	      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1),
	      BPF_STMT(BPF_RET | BPF_K, 0)},
	     3},
	    {"JA past the end",
	     {BPF_STMT(BPF_RET | BPF_K, 0), BPF_JUMP(BPF_JMP | BPF_JA, 1, 0, 0),
	      BPF_STMT(BPF_RET | BPF_K, 0)},
	     3},
	    {"load from unwritten memory",
	     {BPF_STMT(BPF_LD | BPF_MEM, 3), BPF_STMT(BPF_RET | BPF_A, 0)},
	     2},
	    {"memory word 16",
	     {BPF_STMT(BPF_ST, BPF_MEMWORDS), BPF_STMT(BPF_RET | BPF_A, 0)},
	     2},
	};
	struct seccomp_data data = {0};
	int r;

	(void)state;
	for (size_t i = 0; i < ELEMENTS(cases); i++) {
		run_program(cases[i].insns, cases[i].length, &data, &r);
		if (r != -EINVAL)
			fail_msg("%s: returned %d, expected -EINVAL",
				 cases[i].name, r);
	}
}

static void sim_runs_program(void **state)
{
	/* getpid gets ALLOW, anything else ERRNO(A), where A = args[1]. */
	static const struct sock_filter insns[] = {
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		     offsetof(struct seccomp_data, args[1])),
	    BPF_STMT(BPF_ST, 2),
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		     offsetof(struct seccomp_data, nr)),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 39, 3, 0),
	    BPF_STMT(BPF_LD | BPF_MEM, 2),
	    BPF_STMT(BPF_ALU | BPF_OR | BPF_K, SECCOMP_RET_ERRNO),
	    BPF_STMT(BPF_RET | BPF_A, 0),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	/* A division by an X of 0 makes the kernel return 0. */
	static const struct sock_filter divide[] = {
	    BPF_STMT(BPF_LDX | BPF_IMM, 0),
	    BPF_STMT(BPF_LD | BPF_IMM, 7),
	    BPF_STMT(BPF_ALU | BPF_DIV | BPF_X, 0),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	/* The kernel's interpreter shifts by X modulo 32. */
	static const struct sock_filter shift[] = {
	    BPF_STMT(BPF_LDX | BPF_IMM, 33),
	    BPF_STMT(BPF_LD | BPF_IMM, 1),
	    BPF_STMT(BPF_ALU | BPF_LSH | BPF_X, 0),
	    BPF_STMT(BPF_RET | BPF_A, 0),
	};
	struct seccomp_data getpid_data = {.nr = 39, .args = {0, 5}};
	struct seccomp_data other_data = {.nr = 40, .args = {0, 5}};
	int r;

	(void)state;
	assert_int_equal(run_program(insns, ELEMENTS(insns), &getpid_data, &r),
			 SECCOMP_RET_ALLOW);
	assert_int_equal(r, 0);
	assert_int_equal(run_program(insns, ELEMENTS(insns), &other_data, &r),
			 ACT_ERRNO(5));
	assert_int_equal(r, 0);
	assert_int_equal(
	    run_program(divide, ELEMENTS(divide), &getpid_data, &r), 0);
	assert_int_equal(r, 0);
	assert_int_equal(run_program(shift, ELEMENTS(shift), &getpid_data, &r),
			 2);
	assert_int_equal(r, 0);
}

static void filter_default_actions(void **state)
{
	static const struct {
		const char *json;
		uint32_t action;
	} cases[] = {
	    {"{\"defaultAction\": \"SCMP_ACT_ALLOW\"}", ACT_ALLOW},
	    {"{\"defaultAction\": \"SCMP_ACT_ERRNO\"}", ACT_ERRNO(EPERM)},
	    {"{\"defaultAction\": \"SCMP_ACT_ERRNO\", "
	     "\"defaultErrnoRet\": 38}",
	     ACT_ERRNO(ENOSYS)},
	    {"{\"defaultAction\": \"SCMP_ACT_KILL\"}", SECCOMP_RET_KILL_THREAD},
	    {"{\"defaultAction\": \"SCMP_ACT_KILL_THREAD\"}",
	     SECCOMP_RET_KILL_THREAD},
	    {"{\"defaultAction\": \"SCMP_ACT_KILL_PROCESS\"}",
	     SECCOMP_RET_KILL_PROCESS},
	    {"{\"defaultAction\": \"SCMP_ACT_TRAP\"}", SECCOMP_RET_TRAP},
	    {"{\"defaultAction\": \"SCMP_ACT_TRACE\"}", ACT_TRACE(EPERM)},
	    {"{\"defaultAction\": \"SCMP_ACT_TRACE\", "
	     "\"defaultErrnoRet\": 1234}",
	     ACT_TRACE(1234)},
	    {"{\"defaultAction\": \"SCMP_ACT_LOG\"}", SECCOMP_RET_LOG},
	};

	(void)state;
	for (size_t i = 0; i < ELEMENTS(cases); i++) {
		struct call calls[] = {
		    {cases[i].json, ARCH_NATIVE, SYS_getppid, cases[i].action},
		};
		struct compiled c;

		compile_ok(cases[i].json, 0, &c);
		assert_true(c.bpf.length > 0);
		check_calls(&c.bpf, calls, ELEMENTS(calls));
		release(&c);
	}
}

static void filter_rule_actions(void **state)
{
	static const char json[] =
	    "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrnoRet\": 38,"
	    " \"syscalls\": ["
	    " {\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_ALLOW\"},"
	    " {\"names\": [\"getpid\"], \"action\": \"SCMP_ACT_ERRNO\","
	    "  \"errnoRet\": 117},"
	    " {\"names\": [\"gettid\"], \"action\": \"SCMP_ACT_KILL\"},"
	    " {\"names\": [\"getuid\"], \"action\": \"SCMP_ACT_KILL_THREAD\"},"
	    " {\"names\": [\"getgid\"], \"action\": \"SCMP_ACT_KILL_PROCESS\"},"
	    " {\"names\": [\"geteuid\"], \"action\": \"SCMP_ACT_TRAP\"},"
	    " {\"names\": [\"getegid\"], \"action\": \"SCMP_ACT_TRACE\","
	    "  \"errnoRet\": 77},"
	    " {\"names\": [\"getsid\", \"getpgid\"],"
	    "  \"action\": \"SCMP_ACT_LOG\"}]}";
	static const struct call calls[] = {
	    {"getppid", ARCH_NATIVE, SYS_getppid, ACT_ALLOW},
	    {"getpid", ARCH_NATIVE, SYS_getpid, ACT_ERRNO(EUCLEAN)},
	    {"gettid", ARCH_NATIVE, SYS_gettid, SECCOMP_RET_KILL_THREAD},
	    {"getuid", ARCH_NATIVE, SYS_getuid, SECCOMP_RET_KILL_THREAD},
	    {"getgid", ARCH_NATIVE, SYS_getgid, SECCOMP_RET_KILL_PROCESS},
	    {"geteuid", ARCH_NATIVE, SYS_geteuid, SECCOMP_RET_TRAP},
	    {"getegid", ARCH_NATIVE, SYS_getegid, ACT_TRACE(77)},
	    {"getsid", ARCH_NATIVE, SYS_getsid, SECCOMP_RET_LOG},
	    {"getpgid", ARCH_NATIVE, SYS_getpgid, SECCOMP_RET_LOG},
	    {"getresuid, not listed", ARCH_NATIVE, SYS_getresuid,
	     ACT_ERRNO(ENOSYS)},
	};
	struct compiled c;

	(void)state;
	compile_ok(json, 0, &c);
	check_calls(&c.bpf, calls, ELEMENTS(calls));
	release(&c);
}

static void filter_operators(void **state)
{
	static const struct {
		const char *op;
		uint64_t value;
		uint64_t value_two;
		uint64_t arg;
		bool allowed;
	} cases[] = {
	    {"SCMP_CMP_NE", 10, 0, 9, true},
	    {"SCMP_CMP_NE", 10, 0, 10, false},
	    {"SCMP_CMP_NE", 10, 0, UINT64_C(0x10000000a), true},
	    {"SCMP_CMP_LT", 10, 0, 9, true},
	    {"SCMP_CMP_LT", 10, 0, 10, false},
	    {"SCMP_CMP_LT", 10, 0, UINT64_C(0x100000000), false},
	    {"SCMP_CMP_LE", 10, 0, 10, true},
	    {"SCMP_CMP_LE", 10, 0, 11, false},
	    {"SCMP_CMP_EQ", 10, 0, 10, true},
	    {"SCMP_CMP_EQ", 10, 0, 11, false},
	    {"SCMP_CMP_EQ", 10, 0, UINT64_C(0x10000000a), false},
	    {"SCMP_CMP_EQ", UINT64_C(0x10000000a), 0, UINT64_C(0x10000000a),
	     true},
	    {"SCMP_CMP_GE", 10, 0, 10, true},
	    {"SCMP_CMP_GE", 10, 0, 9, false},
	    {"SCMP_CMP_GT", 10, 0, 11, true},
	    {"SCMP_CMP_GT", 10, 0, 10, false},
	    {"SCMP_CMP_GT", 10, 0, UINT64_C(0x100000000), true},
	    {"SCMP_CMP_MASKED_EQ", 0xf0, 0x30, 0x30, true},
	    {"SCMP_CMP_MASKED_EQ", 0xf0, 0x30, 0x35, true},
	    {"SCMP_CMP_MASKED_EQ", 0xf0, 0x30, 0x135, true},
	    {"SCMP_CMP_MASKED_EQ", 0xf0, 0x30, 0x45, false},
	    {"SCMP_CMP_MASKED_EQ", 0xf0, 0x30, 0xf0, false},
	};
	char json[512], name[128];

	(void)state;
	for (size_t i = 0; i < ELEMENTS(cases); i++) {
		uint32_t action =
		    cases[i].allowed ? ACT_ALLOW : ACT_ERRNO(ENOSYS);
		struct call calls[] = {
		    {name, ARCH_NATIVE, SYS_getppid, action, 0, cases[i].arg},
		};
		struct compiled c;

		snprintf(json, sizeof(json),
			 "{\"defaultAction\": \"SCMP_ACT_ERRNO\","
			 " \"defaultErrnoRet\": 38, \"syscalls\": ["
			 " {\"names\": [\"getppid\"],"
			 "  \"action\": \"SCMP_ACT_ALLOW\","
			 "  \"args\": [{\"index\": 1, \"value\": %" PRIu64 ","
			 "   \"valueTwo\": %" PRIu64 ", \"op\": \"%s\"}]}]}",
			 cases[i].value, cases[i].value_two, cases[i].op);
		snprintf(name, sizeof(name),
			 "%s value 0x%" PRIx64 " valueTwo 0x%" PRIx64
			 " on 0x%" PRIx64,
			 cases[i].op, cases[i].value, cases[i].value_two,
			 cases[i].arg);
		compile_ok(json, 0, &c);
		check_calls(&c.bpf, calls, ELEMENTS(calls));
		release(&c);
	}
}

static void filter_conditions_anded(void **state)
{
	static const char json[] =
	    "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": ["
	    " {\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_ALLOW\","
	    "  \"args\": [{\"index\": 0, \"value\": 1, \"op\": "
	    "\"SCMP_CMP_EQ\"},"
	    "   {\"index\": 2, \"value\": 3, \"op\": \"SCMP_CMP_EQ\"}]}]}";
	static const struct call calls[] = {
	    {"both match", ARCH_NATIVE, SYS_getppid, ACT_ALLOW, 1, 0, 3},
	    {"only args[0]", ARCH_NATIVE, SYS_getppid, ACT_ERRNO(EPERM), 1, 0,
	     4},
	    {"only args[2]", ARCH_NATIVE, SYS_getppid, ACT_ERRNO(EPERM), 2, 0,
	     3},
	};
	struct compiled c;

	(void)state;
	compile_ok(json, 0, &c);
	check_calls(&c.bpf, calls, ELEMENTS(calls));
	release(&c);
}

static void filter_entries_ored(void **state)
{
	static const char json[] =
	    "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": ["
	    " {\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_ALLOW\","
	    "  \"args\": [{\"index\": 0, \"value\": 1, \"op\": "
	    "\"SCMP_CMP_EQ\"}]},"
	    " {\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_ALLOW\","
	    "  \"args\": [{\"index\": 0, \"value\": 2, \"op\": "
	    "\"SCMP_CMP_EQ\"}]}]}";
	static const struct call calls[] = {
	    {"first entry", ARCH_NATIVE, SYS_getppid, ACT_ALLOW, 1},
	    {"second entry", ARCH_NATIVE, SYS_getppid, ACT_ALLOW, 2},
	    {"neither entry", ARCH_NATIVE, SYS_getppid, ACT_ERRNO(EPERM), 3},
	};
	struct compiled c;

	(void)state;
	compile_ok(json, 0, &c);
	check_calls(&c.bpf, calls, ELEMENTS(calls));
	release(&c);
}

/* Two conditions on one argument become two rules, which are ORed. */
static void filter_same_index_split(void **state)
{
	static const char json[] =
	    "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": ["
	    " {\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_ALLOW\"},"
	    " {\"names\": [\"getpid\"], \"action\": \"SCMP_ACT_ALLOW\","
	    "  \"args\": [{\"index\": 0, \"value\": 1, \"op\": "
	    "\"SCMP_CMP_EQ\"},"
	    "   {\"index\": 0, \"value\": 2, \"op\": \"SCMP_CMP_EQ\"}]}]}";
	static const struct call calls[] = {
	    {"first condition", ARCH_NATIVE, SYS_getpid, ACT_ALLOW, 1},
	    {"second condition", ARCH_NATIVE, SYS_getpid, ACT_ALLOW, 2},
	    {"neither condition", ARCH_NATIVE, SYS_getpid, ACT_ERRNO(EPERM), 3},
	};
	struct compiled c;

	(void)state;
	compile_json(json, 0, &c);
	assert_int_equal(c.r, 0);
	assert_int_equal(c.warnings.count, 1);
	assert_located(c.warnings.lines[0], "warning",
		       "syscalls[1]: several conditions on one argument, so "
		       "each condition becomes a rule of its own, ORed with "
		       "the others");
	check_calls(&c.bpf, calls, ELEMENTS(calls));
	release(&c);
}

/* libseccomp rejects a rule with the default action, so it is skipped. */
static void filter_rule_as_default_skipped(void **state)
{
	static const char json[] =
	    "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrnoRet\": 38,"
	    " \"syscalls\": ["
	    " {\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_ERRNO\","
	    "  \"errnoRet\": 38},"
	    " {\"names\": [\"getpid\"], \"action\": \"SCMP_ACT_ALLOW\"}]}";
	static const struct call calls[] = {
	    {"getppid", ARCH_NATIVE, SYS_getppid, ACT_ERRNO(ENOSYS)},
	    {"getpid", ARCH_NATIVE, SYS_getpid, ACT_ALLOW},
	};
	struct compiled c;

	(void)state;
	compile_json(json, 0, &c);
	assert_int_equal(c.r, 0);
	assert_int_equal(c.warnings.count, 1);
	assert_located(c.warnings.lines[0], "warning",
		       "syscalls[0]: the action is the default action, so the "
		       "rule changes nothing, skipping");
	check_calls(&c.bpf, calls, ELEMENTS(calls));
	release(&c);
}

static void filter_other_errno_kept(void **state)
{
	static const char json[] =
	    "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrnoRet\": 38,"
	    " \"syscalls\": ["
	    " {\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_ERRNO\","
	    "  \"errnoRet\": 1}]}";
	static const struct call calls[] = {
	    {"getppid", ARCH_NATIVE, SYS_getppid, ACT_ERRNO(EPERM)},
	    {"getpid", ARCH_NATIVE, SYS_getpid, ACT_ERRNO(ENOSYS)},
	};
	struct compiled c;

	(void)state;
	compile_ok(json, 0, &c);
	check_calls(&c.bpf, calls, ELEMENTS(calls));
	release(&c);
}

static void filter_caps_include_exclude(void **state)
{
	static const char json[] =
	    "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": ["
	    " {\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_ALLOW\","
	    "  \"includes\": {\"caps\": [\"CAP_SYS_ADMIN\"]}},"
	    " {\"names\": [\"getpid\"], \"action\": \"SCMP_ACT_ALLOW\","
	    "  \"excludes\": {\"caps\": [\"CAP_SYS_ADMIN\"]}},"
	    " {\"names\": [\"gettid\"], \"action\": \"SCMP_ACT_ALLOW\","
	    "  \"includes\": {\"caps\": [\"CAP_SYS_ADMIN\", "
	    "\"CAP_NET_ADMIN\"]}},"
	    " {\"names\": [\"getuid\"], \"action\": \"SCMP_ACT_ALLOW\","
	    "  \"excludes\": {\"caps\": [\"CAP_SYS_ADMIN\", "
	    "\"CAP_NET_ADMIN\"]}}"
	    "]}";
	const uint64_t sys_admin = cap_bit("CAP_SYS_ADMIN");
	const uint64_t net_admin = cap_bit("CAP_NET_ADMIN");
	const uint32_t deny = ACT_ERRNO(EPERM);
	const struct {
		uint64_t caps;
		uint32_t getppid, getpid, gettid, getuid;
	} cases[] = {
	    {0, deny, ACT_ALLOW, deny, ACT_ALLOW},
	    {sys_admin, ACT_ALLOW, deny, deny, deny},
	    {net_admin, deny, ACT_ALLOW, deny, deny},
	    {sys_admin | net_admin, ACT_ALLOW, deny, ACT_ALLOW, deny},
	};

	(void)state;
	for (size_t i = 0; i < ELEMENTS(cases); i++) {
		char name[4][64];
		const struct call calls[] = {
		    {name[0], ARCH_NATIVE, SYS_getppid, cases[i].getppid},
		    {name[1], ARCH_NATIVE, SYS_getpid, cases[i].getpid},
		    {name[2], ARCH_NATIVE, SYS_gettid, cases[i].gettid},
		    {name[3], ARCH_NATIVE, SYS_getuid, cases[i].getuid},
		};
		struct compiled c;

		for (size_t j = 0; j < ELEMENTS(name); j++)
			snprintf(name[j], sizeof(name[j]),
				 "syscalls[%zu] with caps 0x%" PRIx64, j,
				 cases[i].caps);
		compile_ok(json, cases[i].caps, &c);
		check_calls(&c.bpf, calls, ELEMENTS(calls));
		release(&c);
	}
}

/* Docker compares names as strings, so an unknown one is never present. */
static void filter_unknown_cap_warns(void **state)
{
	static const char json[] =
	    "{\"defaultAction\": \"SCMP_ACT_ERRNO\","
	    " \"architectures\": [\"SCMP_ARCH_X86\"], \"syscalls\": ["
	    " {\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_ALLOW\","
	    "  \"includes\": {\"caps\": [\"CAP_FOO\"]}},"
	    " {\"names\": [\"getpid\"], \"action\": \"SCMP_ACT_ALLOW\","
	    "  \"excludes\": {\"caps\": [\"CAP_FOO\"]}}]}";
	static const struct call calls[] = {
	    {"getppid", ARCH_NATIVE, SYS_getppid, ACT_ERRNO(EPERM)},
	    {"getpid", ARCH_NATIVE, SYS_getpid, ACT_ALLOW},
	};
	struct compiled c;

	(void)state;
	compile_json(json, UINT64_MAX >> 1, &c);
	assert_int_equal(c.r, 0);
	assert_int_equal(c.warnings.count, 2);
	assert_located(c.warnings.lines[0], "warning",
		       "syscalls[0].includes.caps[0]: unknown capability "
		       "'CAP_FOO', treated as absent");
	assert_located(c.warnings.lines[1], "warning",
		       "syscalls[1].excludes.caps[0]: unknown capability "
		       "'CAP_FOO', treated as absent");
	check_calls(&c.bpf, calls, ELEMENTS(calls));
	release(&c);
}

static void filter_arches_include_exclude(void **state)
{
	static const char json[] =
	    "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": ["
	    " {\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_ALLOW\","
	    "  \"includes\": {\"arches\": [\"amd64\"]}},"
	    " {\"names\": [\"getpid\"], \"action\": \"SCMP_ACT_ALLOW\","
	    "  \"includes\": {\"arches\": [\"arm64\", \"x86_64\"]}},"
	    " {\"names\": [\"gettid\"], \"action\": \"SCMP_ACT_ALLOW\","
	    "  \"includes\": {\"arches\": [\"arm64\", \"386\"]}},"
	    " {\"names\": [\"getuid\"], \"action\": \"SCMP_ACT_ALLOW\","
	    "  \"excludes\": {\"arches\": [\"amd64\"]}},"
	    " {\"names\": [\"getgid\"], \"action\": \"SCMP_ACT_ALLOW\","
	    "  \"excludes\": {\"arches\": [\"arm64\"]}}]}";
	static const struct call calls[] = {
	    {"includes amd64", ARCH_NATIVE, SYS_getppid, ACT_ALLOW},
	    {"includes x86_64", ARCH_NATIVE, SYS_getpid, ACT_ALLOW},
	    {"includes 386", ARCH_NATIVE, SYS_gettid, ACT_ERRNO(EPERM)},
	    {"excludes amd64", ARCH_NATIVE, SYS_getuid, ACT_ERRNO(EPERM)},
	    {"excludes arm64", ARCH_NATIVE, SYS_getgid, ACT_ALLOW},
	};
	struct compiled c;

	(void)state;
	skip_unless_x86_64();
	compile_ok(json, 0, &c);
	check_calls(&c.bpf, calls, ELEMENTS(calls));
	release(&c);
}

/* The running kernel is newer than 1.0 and older than 999.0. */
static void filter_min_kernel(void **state)
{
	static const char json[] =
	    "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": ["
	    " {\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_ALLOW\","
	    "  \"includes\": {\"minKernel\": \"1.0\"}},"
	    " {\"names\": [\"getpid\"], \"action\": \"SCMP_ACT_ALLOW\","
	    "  \"includes\": {\"minKernel\": \"999.0\"}},"
	    " {\"names\": [\"gettid\"], \"action\": \"SCMP_ACT_ALLOW\","
	    "  \"excludes\": {\"minKernel\": \"1.0\"}},"
	    " {\"names\": [\"getuid\"], \"action\": \"SCMP_ACT_ALLOW\","
	    "  \"excludes\": {\"minKernel\": \"999.0\"}}]}";
	static const struct call calls[] = {
	    {"includes 1.0", ARCH_NATIVE, SYS_getppid, ACT_ALLOW},
	    {"includes 999.0", ARCH_NATIVE, SYS_getpid, ACT_ERRNO(EPERM)},
	    {"excludes 1.0", ARCH_NATIVE, SYS_gettid, ACT_ERRNO(EPERM)},
	    {"excludes 999.0", ARCH_NATIVE, SYS_getuid, ACT_ALLOW},
	};
	struct compiled c;

	(void)state;
	compile_ok(json, 0, &c);
	check_calls(&c.bpf, calls, ELEMENTS(calls));
	release(&c);
}

/* The minor version counts when the major one is the running kernel's. */
static void filter_min_kernel_minor(void **state)
{
	static const struct call calls[] = {
	    {"includes the running version", ARCH_NATIVE, SYS_getppid,
	     ACT_ALLOW},
	    {"includes the next minor version", ARCH_NATIVE, SYS_getpid,
	     ACT_ERRNO(EPERM)},
	};
	struct utsname name;
	unsigned int major, minor;
	char json[512];
	struct compiled c;

	(void)state;
	assert_int_equal(uname(&name), 0);
	if (sscanf(name.release, "%u.%u", &major, &minor) != 2)
		fail_msg("cannot parse kernel release '%s'", name.release);

	snprintf(json, sizeof(json),
		 "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": ["
		 " {\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_ALLOW\","
		 "  \"includes\": {\"minKernel\": \"%u.%u\"}},"
		 " {\"names\": [\"getpid\"], \"action\": \"SCMP_ACT_ALLOW\","
		 "  \"includes\": {\"minKernel\": \"%u.%u\"}}]}",
		 major, minor, major, minor + 1);
	compile_ok(json, 0, &c);
	check_calls(&c.bpf, calls, ELEMENTS(calls));
	release(&c);
}

/*
 * The native entry of archMap adds its subarchitectures, whose calls the
 * rules then filter.  Any other architecture gets the bad-architecture
 * action, which is the default action because that denies.
 */
static void filter_arch_map(void **state)
{
	static const char json[] =
	    "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrnoRet\": 38,"
	    " \"archMap\": ["
	    " {\"architecture\": \"SCMP_ARCH_X86_64\","
	    "  \"subArchitectures\": [\"SCMP_ARCH_X86\"]},"
	    " {\"architecture\": \"SCMP_ARCH_AARCH64\","
	    "  \"subArchitectures\": [\"SCMP_ARCH_ARM\"]}],"
	    " \"syscalls\": [{\"names\": [\"getppid\"],"
	    "  \"action\": \"SCMP_ACT_ALLOW\"}]}";
	static const struct call calls[] = {
	    {"x86_64 getppid", AUDIT_ARCH_X86_64, SYS_getppid, ACT_ALLOW},
	    {"x86_64 getpid", AUDIT_ARCH_X86_64, SYS_getpid, ACT_ERRNO(ENOSYS)},
	    {"i386 getppid", AUDIT_ARCH_I386, I386_GETPPID, ACT_ALLOW},
	    {"i386 getpid", AUDIT_ARCH_I386, I386_GETPID, ACT_ERRNO(ENOSYS)},
	    {"x32 getppid", AUDIT_ARCH_X86_64, X32_SYSCALL_BIT | SYS_getppid,
	     ACT_ERRNO(ENOSYS)},
	    {"arm getppid", AUDIT_ARCH_ARM, ARM_GETPPID, ACT_ERRNO(ENOSYS)},
	    {"aarch64 getppid", AUDIT_ARCH_AARCH64, AARCH64_GETPPID,
	     ACT_ERRNO(ENOSYS)},
	};
	struct compiled c;

	(void)state;
	skip_unless_x86_64();
	compile_ok(json, 0, &c);
	check_calls(&c.bpf, calls, ELEMENTS(calls));
	release(&c);
}

static void filter_architectures(void **state)
{
	static const char json[] =
	    "{\"defaultAction\": \"SCMP_ACT_KILL_PROCESS\","
	    " \"architectures\": [\"SCMP_ARCH_X86\", \"SCMP_ARCH_X32\"],"
	    " \"syscalls\": [{\"names\": [\"getppid\"],"
	    "  \"action\": \"SCMP_ACT_ALLOW\"}]}";
	static const struct call calls[] = {
	    {"x86_64 getppid", AUDIT_ARCH_X86_64, SYS_getppid, ACT_ALLOW},
	    {"i386 getppid", AUDIT_ARCH_I386, I386_GETPPID, ACT_ALLOW},
	    {"i386 getpid", AUDIT_ARCH_I386, I386_GETPID,
	     SECCOMP_RET_KILL_PROCESS},
	    {"x32 getppid", AUDIT_ARCH_X86_64, X32_SYSCALL_BIT | SYS_getppid,
	     ACT_ALLOW},
	    {"aarch64 getppid", AUDIT_ARCH_AARCH64, AARCH64_GETPPID,
	     SECCOMP_RET_KILL_PROCESS},
	};
	struct compiled c;

	(void)state;
	skip_unless_x86_64();
	compile_ok(json, 0, &c);
	check_calls(&c.bpf, calls, ELEMENTS(calls));
	release(&c);
}

/* Without subarchitectures, only the native one passes the arch check. */
static void filter_native_arch_only(void **state)
{
	static const char json[] =
	    "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": ["
	    " {\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_ALLOW\"}]}";
	static const char allow_json[] =
	    "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": ["
	    " {\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_ERRNO\"}]}";
	static const struct call calls[] = {
	    {"i386 getppid", AUDIT_ARCH_I386, I386_GETPPID, ACT_ERRNO(EPERM)},
	};
	/* With an ALLOW default, libseccomp's SCMP_ACT_KILL stays. */
	static const struct call allow_calls[] = {
	    {"i386 getpid", AUDIT_ARCH_I386, I386_GETPID,
	     SECCOMP_RET_KILL_THREAD},
	};
	struct compiled c;

	(void)state;
	skip_unless_x86_64();
	compile_ok(json, 0, &c);
	check_calls(&c.bpf, calls, ELEMENTS(calls));
	release(&c);

	compile_ok(allow_json, 0, &c);
	check_calls(&c.bpf, allow_calls, ELEMENTS(allow_calls));
	release(&c);
}

static void filter_unknown_syscall_warns(void **state)
{
	static const char json[] =
	    "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": ["
	    " {\"names\": [\"no_such_call\", \"getppid\", \"neither_this\"],"
	    "  \"action\": \"SCMP_ACT_ALLOW\"}]}";
	static const struct call calls[] = {
	    {"getppid", ARCH_NATIVE, SYS_getppid, ACT_ALLOW},
	};
	struct compiled c;

	(void)state;
	compile_json(json, 0, &c);
	assert_int_equal(c.r, 0);
	assert_int_equal(c.warnings.count, 2);
	assert_located(c.warnings.lines[0], "warning",
		       "syscalls[0].names[0]: syscall 'no_such_call' is "
		       "unknown to libseccomp " LIBSECCOMP_VERSION ", skipping");
	assert_located(c.warnings.lines[1], "warning",
		       "syscalls[0].names[2]: syscall 'neither_this' is "
		       "unknown to libseccomp " LIBSECCOMP_VERSION ", skipping");
	check_calls(&c.bpf, calls, ELEMENTS(calls));
	release(&c);
}

/*
 * The parser accepts the architecture names of libseccomp 2.6, so an older
 * libseccomp rejects some of them only here.
 */
static void filter_unknown_arch_fails(void **state)
{
	static const char *const cases[] = {
	    "{\"defaultAction\": \"SCMP_ACT_ERRNO\","
	    " \"architectures\": [\"SCMP_ARCH_LOONGARCH64\"]}",
	    "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"archMap\": ["
	    " {\"architecture\": \"SCMP_ARCH_X86_64\","
	    "  \"subArchitectures\": [\"SCMP_ARCH_LOONGARCH64\"]},"
	    " {\"architecture\": \"SCMP_ARCH_AARCH64\","
	    "  \"subArchitectures\": [\"SCMP_ARCH_LOONGARCH64\"]}]}",
	};

	(void)state;
	if (seccomp_arch_resolve_name("loongarch64") != 0)
		skip();

	for (size_t i = 0; i < ELEMENTS(cases); i++) {
		struct compiled c;

		compile_json(cases[i], 0, &c);
		assert_int_equal(c.r, -EINVAL);
		assert_non_null(strstr(c.err.message, "p.json:1:"));
		assert_non_null(strstr(c.err.message, ": error: "));
		assert_non_null(
		    strstr(c.err.message,
			   ": architecture 'SCMP_ARCH_LOONGARCH64' is unknown "
			   "to libseccomp " LIBSECCOMP_VERSION));
		assert_null(c.bpf.insns);
		assert_int_equal(c.bpf.length, 0);
		release(&c);
	}
}

static void filter_empty_profile(void **state)
{
	struct mr_error err = {0};
	struct compiled c;

	(void)state;
	compile_ok("{}", 0, &c);
	assert_null(c.bpf.insns);
	assert_int_equal(c.bpf.length, 0);
	assert_int_equal(c.bpf.flags, 0);

	/* Loading the empty program does nothing, so needs no rights. */
	assert_int_equal(mr_filter_load(&c.bpf, &err), 0);
	release(&c);
}

static void filter_flags_copied(void **state)
{
	static const char json[] =
	    "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"flags\": ["
	    " \"SECCOMP_FILTER_FLAG_LOG\", \"SECCOMP_FILTER_FLAG_TSYNC\"]}";
	struct compiled c;

	(void)state;
	compile_ok(json, 0, &c);
	assert_int_equal(c.bpf.flags,
			 SECCOMP_FILTER_FLAG_LOG | SECCOMP_FILTER_FLAG_TSYNC);
	release(&c);
}

/*
 * libseccomp turns a rule on "socket" with conditions into a rule on
 * socketcall(SYS_SOCKET, ...) without them.  The guard gives that call the
 * default action unless the profile permits it some other way.
 */
static void filter_socketcall_guard(void **state)
{
	static const struct {
		const char *name;
		const char *rules;
		uint64_t call;
		uint32_t action;
	} cases[] = {
	    {"socket(AF_UNIX) only",
	     "{\"names\": [\"socket\"],"
	     " \"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 0,"
	     " \"value\": 1, \"op\": \"SCMP_CMP_EQ\"}]}",
	     SYS_SOCKET, ACT_ERRNO(EPERM)},
	    {"socket without conditions",
	     "{\"names\": [\"socket\"],"
	     " \"action\": \"SCMP_ACT_ALLOW\"}",
	     SYS_SOCKET, ACT_ALLOW},
	    {"socketcall rule for SYS_SOCKET",
	     "{\"names\": [\"socket\"],"
	     " \"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 0,"
	     " \"value\": 1, \"op\": \"SCMP_CMP_EQ\"}]},"
	     " {\"names\": [\"socketcall\"], \"action\": \"SCMP_ACT_ALLOW\","
	     " \"args\": [{\"index\": 0, \"value\": 1,"
	     " \"op\": \"SCMP_CMP_EQ\"}]}",
	     SYS_SOCKET, ACT_ALLOW},
	    {"socketcall rule without SYS_SOCKET",
	     "{\"names\": [\"socket\"],"
	     " \"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 0,"
	     " \"value\": 1, \"op\": \"SCMP_CMP_EQ\"}]},"
	     " {\"names\": [\"socketcall\"], \"action\": \"SCMP_ACT_ALLOW\","
	     " \"args\": [{\"index\": 0, \"value\": 1,"
	     " \"op\": \"SCMP_CMP_NE\"}]}",
	     SYS_SOCKET, ACT_ERRNO(EPERM)},
	    {"bind under a socket rule",
	     "{\"names\": [\"socket\"],"
	     " \"action\": \"SCMP_ACT_ALLOW\", \"args\": [{\"index\": 0,"
	     " \"value\": 1, \"op\": \"SCMP_CMP_EQ\"}]},"
	     " {\"names\": [\"bind\"], \"action\": \"SCMP_ACT_ALLOW\"}",
	     SYS_BIND, ACT_ALLOW},
	};
	char json[1024];

	(void)state;
	skip_unless_x86_64();
	for (size_t i = 0; i < ELEMENTS(cases); i++) {
		const struct call calls[] = {
		    {cases[i].name, AUDIT_ARCH_I386, I386_SOCKETCALL,
		     cases[i].action, cases[i].call},
		};
		struct compiled c;

		snprintf(json, sizeof(json),
			 "{\"defaultAction\": \"SCMP_ACT_ERRNO\","
			 " \"architectures\": [\"SCMP_ARCH_X86\"],"
			 " \"syscalls\": [%s]}",
			 cases[i].rules);
		compile_ok(json, 0, &c);
		check_calls(&c.bpf, calls, ELEMENTS(calls));
		release(&c);
	}
}

/* The direct i386 socket call keeps its conditions next to the guard. */
static void filter_socketcall_guard_direct(void **state)
{
	static const char json[] =
	    "{\"defaultAction\": \"SCMP_ACT_ERRNO\","
	    " \"architectures\": [\"SCMP_ARCH_X86\"], \"syscalls\": ["
	    " {\"names\": [\"socket\"], \"action\": \"SCMP_ACT_ALLOW\","
	    "  \"args\": [{\"index\": 0, \"value\": 1, \"op\": "
	    "\"SCMP_CMP_EQ\"}]},"
	    " {\"names\": [\"semop\"], \"action\": \"SCMP_ACT_ALLOW\","
	    "  \"args\": [{\"index\": 1, \"value\": 1, \"op\": "
	    "\"SCMP_CMP_EQ\"}]}]}";
	static const struct call calls[] = {
	    {"i386 socket(AF_UNIX)", AUDIT_ARCH_I386, I386_SOCKET, ACT_ALLOW,
	     1},
	    {"i386 socket(AF_INET)", AUDIT_ARCH_I386, I386_SOCKET,
	     ACT_ERRNO(EPERM), 2},
	    {"i386 socketcall(SYS_SOCKET)", AUDIT_ARCH_I386, I386_SOCKETCALL,
	     ACT_ERRNO(EPERM), SYS_SOCKET},
	    {"i386 ipc(SEMOP)", AUDIT_ARCH_I386, I386_IPC, ACT_ERRNO(EPERM),
	     SEMOP},
	    {"x86_64 socket(AF_UNIX)", AUDIT_ARCH_X86_64, SYS_socket, ACT_ALLOW,
	     1},
	    {"x86_64 socket(AF_INET)", AUDIT_ARCH_X86_64, SYS_socket,
	     ACT_ERRNO(EPERM), 2},
	};
	struct compiled c;

	(void)state;
	skip_unless_x86_64();
	compile_ok(json, 0, &c);
	check_calls(&c.bpf, calls, ELEMENTS(calls));
	release(&c);
}

/* Numbers above every name of the profile get ENOSYS, per architecture. */
static void filter_enosys_above_named(void **state)
{
	static const char json[] =
	    "{\"defaultAction\": \"SCMP_ACT_ERRNO\","
	    " \"archMap\": [{\"architecture\": \"SCMP_ARCH_X86_64\","
	    "  \"subArchitectures\": [\"SCMP_ARCH_X86\", \"SCMP_ARCH_X32\"]}],"
	    " \"syscalls\": ["
	    " {\"names\": [\"getppid\", \"execve\", \"exit\", \"exit_group\"],"
	    "  \"action\": \"SCMP_ACT_ALLOW\"},"
	    " {\"names\": [\"getcpu\"], \"action\": \"SCMP_ACT_KILL\"}]}";
	/* getcpu is 309 on x86_64 and 318 on i386, the highest names here. */
	static const struct call calls[] = {
	    {"getppid", AUDIT_ARCH_X86_64, SYS_getppid, ACT_ALLOW},
	    {"named, denied", AUDIT_ARCH_X86_64, 309, SECCOMP_RET_KILL_THREAD},
	    {"unnamed below", AUDIT_ARCH_X86_64, SYS_getpid, ACT_ERRNO(EPERM)},
	    {"unnamed above", AUDIT_ARCH_X86_64, 310, ACT_ERRNO(ENOSYS)},
	    {"no kernel has", AUDIT_ARCH_X86_64, 100000, ACT_ERRNO(ENOSYS)},
	    {"i386 below", AUDIT_ARCH_I386, I386_GETPID, ACT_ERRNO(EPERM)},
	    {"i386 above", AUDIT_ARCH_I386, 319, ACT_ERRNO(ENOSYS)},
	    {"x32 getppid", AUDIT_ARCH_X86_64, X32_SYSCALL_BIT + SYS_getppid,
	     ACT_ALLOW},
	    {"x32 above", AUDIT_ARCH_X86_64, X32_SYSCALL_BIT + 5000,
	     ACT_ERRNO(ENOSYS)},
	};
	struct compiled c;

	(void)state;
	skip_unless_x86_64();
	compile_ok(json, 0, &c);
	check_calls(&c.bpf, calls, ELEMENTS(calls));
	release(&c);
}

/* An allowing default or an ENOSYS default needs no prologue. */
static void filter_enosys_not_needed(void **state)
{
	static const char *const profiles[] = {
	    "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": ["
	    " {\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_ERRNO\"}]}",
	    "{\"defaultAction\": \"SCMP_ACT_LOG\", \"syscalls\": ["
	    " {\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_ERRNO\"}]}",
	    "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrnoRet\": 38,"
	    " \"syscalls\": [{\"names\": [\"getppid\"],"
	    " \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 1}]}",
	};
	static const uint32_t high_action[] = {
	    ACT_ALLOW, SECCOMP_RET_LOG, ACT_ERRNO(ENOSYS)};
	struct compiled c;

	(void)state;
	for (size_t i = 0; i < ELEMENTS(profiles); i++) {
		const struct call calls[] = {
		    {"no kernel has", ARCH_NATIVE, 100000, high_action[i]},
		};

		compile_ok(profiles[i], 0, &c);
		check_calls(&c.bpf, calls, ELEMENTS(calls));
		release(&c);
	}
}

/* Warnings for profiles that stop the command from starting or exiting. */
static void filter_lifecycle_warnings(void **state)
{
	static const char json[] =
	    "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": ["
	    " {\"names\": [\"execve\"], \"action\": \"SCMP_ACT_KILL\"},"
	    " {\"names\": [\"exit_group\"], \"action\": \"SCMP_ACT_ERRNO\"}]}";
	struct compiled c;

	(void)state;
	compile_json(json, 0, &c);
	assert_int_equal(c.r, 0);
	assert_int_equal(c.lifecycle_warning_count, 2);
	release(&c);

	/* Read the lines themselves from a fresh compile. */
	struct mr_warnings parse_warnings = {0}, warnings = {0};
	struct mr_profile *profile = NULL;
	struct mr_error err = {0};
	struct mr_bpf bpf = {0};

	assert_int_equal(mr_profile_parse(json, strlen(json), "p.json",
					  &profile, &parse_warnings, &err),
			 0);
	assert_int_equal(
	    mr_filter_compile(profile, 0, &bpf, &warnings, &err), 0);
	assert_int_equal(warnings.count, 2);
	assert_located(warnings.lines[0], "warning",
		       "syscalls[0]: the profile denies 'execve', so the "
		       "command cannot start");
	assert_located(warnings.lines[1], "warning",
		       "syscalls[1]: the profile denies 'exit_group', so "
		       "processes cannot exit and are killed when they try");
	mr_bpf_free(&bpf);
	mr_profile_free(profile);
	mr_warnings_free(&warnings);
	mr_warnings_free(&parse_warnings);
}

/* Docker matches "CAP_SYS_ADMIN" only, so "sys_admin" never matches. */
static void filter_cap_names_exact(void **state)
{
	static const char json[] =
	    "{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": ["
	    " {\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_ALLOW\","
	    "  \"includes\": {\"caps\": [\"sys_admin\"]}}]}";
	static const struct call calls[] = {
	    {"getppid", ARCH_NATIVE, SYS_getppid, ACT_ERRNO(EPERM)},
	};
	struct compiled c;

	(void)state;
	compile_json(json, MR_CAP_BIT(CAP_SYS_ADMIN), &c);
	assert_int_equal(c.r, 0);
	assert_int_equal(c.warnings.count, 1);
	assert_located(c.warnings.lines[0], "warning",
		       "syscalls[0].includes.caps[0]: capability 'sys_admin' "
		       "never matches, because Docker compares names exactly; "
		       "write 'CAP_SYS_ADMIN'");
	check_calls(&c.bpf, calls, ELEMENTS(calls));
	release(&c);
}

/* Too many conditions fail fast instead of keeping libseccomp busy. */
static void filter_too_many_conditions(void **state)
{
	size_t count = BPF_MAXINSNS + 1, at;
	char *json = malloc(count * 160 + 128);
	struct compiled c;

	(void)state;
	if (!json)
		abort();
	at = (size_t)sprintf(json, "{\"defaultAction\": \"SCMP_ACT_ERRNO\", "
				   "\"syscalls\": [");
	for (size_t i = 0; i < count; i++)
		at += (size_t)sprintf(json + at,
				      "%s{\"names\": [\"personality\"], "
				      "\"action\": \"SCMP_ACT_ALLOW\", "
				      "\"args\": [{\"index\": 0, \"value\": %zu, "
				      "\"op\": \"SCMP_CMP_EQ\"}]}",
				      i ? "," : "", i);
	strcpy(json + at, "]}");

	compile_json(json, 0, &c);
	assert_int_equal(c.r, -E2BIG);
	assert_non_null(strstr(c.err.message, "error: syscalls[4096]: more "
					      "than 4096 argument conditions"));
	release(&c);
	free(json);
}

static void compile_default(uint64_t caps, struct compiled *c)
{
	struct mr_warnings parse_warnings = {0};
	struct mr_error parse_err = {0};

	*c = (struct compiled){0};
	if (mr_profile_load_default(&c->profile, &parse_warnings, &parse_err) <
	    0)
		fail_msg("%s", parse_err.message);
	mr_warnings_free(&parse_warnings);

	c->r =
	    mr_filter_compile(c->profile, caps, &c->bpf, &c->warnings, &c->err);
	if (c->r < 0)
		fail_msg("%s", c->err.message);
}

/* The program built into minirun is what the profile compiles to now. */
static void filter_precompiled_matches(void **state)
{
	struct compiled c;

	(void)state;
	compile_default(mr_caps_default(), &c);
	assert_int_equal(c.r, 0);
	assert_int_equal(c.warnings.count, 0);
	assert_int_equal(c.bpf.length, mr_default_filter_length);
	assert_int_equal(c.bpf.flags, mr_default_filter_flags);
	assert_memory_equal(c.bpf.insns, mr_default_filter_insns,
			    c.bpf.length * sizeof(*c.bpf.insns));
	release(&c);
}

static void filter_default_profile(void **state)
{
	static const struct call calls[] = {
	    {"i386 socketcall(SYS_SOCKET)", AUDIT_ARCH_I386, I386_SOCKETCALL,
	     ACT_ERRNO(EPERM), SYS_SOCKET},
	    {"i386 socketcall(SYS_BIND)", AUDIT_ARCH_I386, I386_SOCKETCALL,
	     ACT_ALLOW, SYS_BIND},
	    {"i386 getppid", AUDIT_ARCH_I386, I386_GETPPID, ACT_ALLOW},
	    {"socket(AF_INET)", AUDIT_ARCH_X86_64, SYS_socket, ACT_ALLOW,
	     AF_INET},
	    {"socket(AF_UNIX)", AUDIT_ARCH_X86_64, SYS_socket, ACT_ALLOW,
	     AF_UNIX},
	    {"socket(AF_ALG)", AUDIT_ARCH_X86_64, SYS_socket, ACT_ERRNO(EPERM),
	     AF_ALG},
	    {"personality(PER_LINUX32)", AUDIT_ARCH_X86_64, SYS_personality,
	     ACT_ALLOW, 0x8},
	    {"personality(0x1)", AUDIT_ARCH_X86_64, SYS_personality,
	     ACT_ERRNO(EPERM), 0x1},
	    {"clone(CLONE_NEWUSER)", AUDIT_ARCH_X86_64, SYS_clone,
	     ACT_ERRNO(EPERM), CLONE_NEWUSER | SIGCHLD},
	    {"clone(SIGCHLD)", AUDIT_ARCH_X86_64, SYS_clone, ACT_ALLOW,
	     SIGCHLD},
	    {"clone3", AUDIT_ARCH_X86_64, SYS_clone3, ACT_ERRNO(ENOSYS)},
	    {"mount", AUDIT_ARCH_X86_64, SYS_mount, ACT_ERRNO(EPERM)},
	    {"aarch64 getppid", AUDIT_ARCH_AARCH64, AARCH64_GETPPID,
	     ACT_ERRNO(EPERM)},
	};
	struct compiled c;

	(void)state;
	skip_unless_x86_64();
	compile_default(mr_caps_default(), &c);
	assert_int_equal(c.warnings.count, 0);
	check_calls(&c.bpf, calls, ELEMENTS(calls));
	release(&c);
}

static void filter_default_profile_sys_admin(void **state)
{
	static const struct call calls[] = {
	    {"mount", AUDIT_ARCH_X86_64, SYS_mount, ACT_ALLOW},
	    {"clone(CLONE_NEWUSER)", AUDIT_ARCH_X86_64, SYS_clone, ACT_ALLOW,
	     CLONE_NEWUSER | SIGCHLD},
	    {"clone3", AUDIT_ARCH_X86_64, SYS_clone3, ACT_ALLOW},
	    {"reboot", AUDIT_ARCH_X86_64, SYS_reboot, ACT_ERRNO(EPERM)},
	};
	struct compiled c;

	(void)state;
	skip_unless_x86_64();
	compile_default(mr_caps_default() | cap_bit("CAP_SYS_ADMIN"), &c);
	assert_int_equal(c.warnings.count, 0);
	check_calls(&c.bpf, calls, ELEMENTS(calls));
	release(&c);
}

/* What one reference profile must do, as read from its JSON. */
struct reference_case {
	const char *file;
	uint64_t caps;
	const struct call *calls;
	size_t call_count;
};

static void check_reference_profile(const struct reference_case *ref)
{
	struct mr_warnings warnings = {0};
	struct mr_profile *profile = NULL;
	struct mr_error err = {0};
	struct mr_bpf bpf = {0};
	char path[4096];
	int r;

	snprintf(path, sizeof(path), "%s/%s", MR_REFERENCE_DIR, ref->file);
	r = mr_profile_load(path, &profile, &warnings, &err);
	if (r == -ENOENT) {
		print_message("# %s is absent, skipping\n", path);
		return;
	}
	if (r < 0)
		fail_msg("%s", err.message);

	r = mr_filter_compile(profile, ref->caps, &bpf, &warnings, &err);
	if (r < 0)
		fail_msg("%s", err.message);
	check_calls(&bpf, ref->calls, ref->call_count);

	mr_bpf_free(&bpf);
	mr_profile_free(profile);
	mr_warnings_free(&warnings);
}

static const struct call moby_calls[] = {
    {"getppid", AUDIT_ARCH_X86_64, SYS_getppid, ACT_ALLOW},
    {"socket(AF_ALG)", AUDIT_ARCH_X86_64, SYS_socket, ACT_ERRNO(EPERM), AF_ALG},
    {"socket(AF_VSOCK)", AUDIT_ARCH_X86_64, SYS_socket, ACT_ERRNO(EPERM),
     AF_VSOCK},
    {"socket(AF_INET)", AUDIT_ARCH_X86_64, SYS_socket, ACT_ALLOW, AF_INET},
    {"clone(CLONE_NEWUSER)", AUDIT_ARCH_X86_64, SYS_clone, ACT_ERRNO(EPERM),
     CLONE_NEWUSER},
    {"clone3", AUDIT_ARCH_X86_64, SYS_clone3, ACT_ERRNO(ENOSYS)},
    {"ptrace, minKernel 4.8", AUDIT_ARCH_X86_64, SYS_ptrace, ACT_ALLOW},
    {"arch_prctl, amd64 only", AUDIT_ARCH_X86_64, SYS_arch_prctl, ACT_ALLOW},
};

static const struct call moby_sys_admin_calls[] = {
    {"mount", AUDIT_ARCH_X86_64, SYS_mount, ACT_ALLOW},
    {"clone(CLONE_NEWUSER)", AUDIT_ARCH_X86_64, SYS_clone, ACT_ALLOW,
     CLONE_NEWUSER},
    {"clone3", AUDIT_ARCH_X86_64, SYS_clone3, ACT_ALLOW},
    {"i386 getppid", AUDIT_ARCH_I386, I386_GETPPID, ACT_ALLOW},
};

static const struct call podman_calls[] = {
    {"getppid", AUDIT_ARCH_X86_64, SYS_getppid, ACT_ALLOW},
    {"add_key, not listed", AUDIT_ARCH_X86_64, SYS_add_key, ACT_ERRNO(ENOSYS)},
    {"kexec_load", AUDIT_ARCH_X86_64, SYS_kexec_load, ACT_ERRNO(EPERM)},
    {"socket(NETLINK_AUDIT)", AUDIT_ARCH_X86_64, SYS_socket, ACT_ALLOW,
     AF_NETLINK, SOCK_RAW, 9},
    {"acct", AUDIT_ARCH_X86_64, SYS_acct, ACT_ERRNO(EPERM)},
};

static const struct call podman_no_audit_write_calls[] = {
    {"socket(NETLINK_AUDIT)", AUDIT_ARCH_X86_64, SYS_socket, ACT_ERRNO(EINVAL),
     AF_NETLINK, SOCK_RAW, 9},
    {"socket(NETLINK_ROUTE)", AUDIT_ARCH_X86_64, SYS_socket, ACT_ALLOW,
     AF_NETLINK, SOCK_RAW, 0},
    {"socket(AF_INET)", AUDIT_ARCH_X86_64, SYS_socket, ACT_ALLOW, AF_INET,
     SOCK_STREAM, 0},
};

/* Docker's and Podman's own profiles, read in place when present. */
static void filter_reference_profiles(void **state)
{
	const uint64_t caps = mr_caps_default();
	const uint64_t sys_admin = cap_bit("CAP_SYS_ADMIN");
	const uint64_t audit_write = cap_bit("CAP_AUDIT_WRITE");
	const struct reference_case cases[] = {
	    {"moby-default-cd3bed8.json", caps, moby_calls,
	     ELEMENTS(moby_calls)},
	    {"moby-default-cd3bed8.json", caps | sys_admin,
	     moby_sys_admin_calls, ELEMENTS(moby_sys_admin_calls)},
	    {"podman-seccomp-f437c58.json", caps, podman_calls,
	     ELEMENTS(podman_calls)},
	    {"podman-seccomp-f437c58.json", caps & ~audit_write,
	     podman_no_audit_write_calls,
	     ELEMENTS(podman_no_audit_write_calls)},
	};
	DIR *dir;

	(void)state;
	skip_unless_x86_64();
	dir = opendir(MR_REFERENCE_DIR);
	if (!dir)
		skip();
	closedir(dir);

	for (size_t i = 0; i < ELEMENTS(cases); i++)
		check_reference_profile(&cases[i]);
}

/* Skips the test unless the kernel has seccomp filters. */
static void skip_without_seccomp(void)
{
	/* With filter support, a NULL program fails with EFAULT. */
	if (prctl(PR_GET_SECCOMP, 0, 0, 0, 0) < 0 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, NULL, 0, 0) == 0 ||
	    errno != EFAULT)
		skip();
}

typedef int (*probe_fn)(const void *arg);

/* Forks a child that exits with what probe returns.  Returns the status. */
static int run_child(probe_fn probe, const void *arg)
{
	int status;
	pid_t pid;

	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* A killed child leaves no core file. */
		if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
			_exit(CHILD_SETUP_FAILED);
		_exit(probe(arg));
	}

	assert_int_equal(waitpid(pid, &status, 0), pid);
	return status;
}

struct filtered_probe {
	const struct mr_bpf *bpf;
	probe_fn probe;
	const void *arg;
};

/* Sets no_new_privs, loads the filter, then runs the probe under it. */
static int load_and_probe(const void *arg)
{
	const struct filtered_probe *filtered = arg;
	struct mr_error err = {0};

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return CHILD_SETUP_FAILED;
	if (mr_filter_load(filtered->bpf, &err) < 0) {
		fprintf(stderr, "# child: %s\n", err.message);
		return CHILD_LOAD_FAILED;
	}
	return filtered->probe(filtered->arg);
}

static int run_filtered(const struct mr_bpf *bpf, probe_fn probe,
			const void *arg)
{
	const struct filtered_probe filtered = {bpf, probe, arg};

	return run_child(load_and_probe, &filtered);
}

/* Checks that the child exited with status code. */
static void assert_exit_status(int status, int code)
{
	if (WIFSIGNALED(status))
		fail_msg("child killed by signal %d", WTERMSIG(status));
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), code);
}

static int errno_of(long r)
{
	return r < 0 ? errno : 0;
}

static int probe_getppid(const void *arg)
{
	(void)arg;
	return errno_of(syscall(SYS_getppid));
}

static int probe_getpid(const void *arg)
{
	(void)arg;
	return errno_of(syscall(SYS_getpid));
}

struct mkdirat_request {
	const char *path;
	mode_t mode;
};

static int probe_mkdirat(const void *arg)
{
	const struct mkdirat_request *request = arg;

	return errno_of(
	    syscall(SYS_mkdirat, AT_FDCWD, request->path, request->mode));
}

static void compile_live(const char *json, struct compiled *c)
{
	skip_without_seccomp();
	compile_ok(json, 0, c);
}

static void live_errno_getppid(void **state)
{
	static const char json[] =
	    "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": ["
	    " {\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_ERRNO\","
	    "  \"errnoRet\": 117}]}";
	struct compiled c;

	(void)state;
	compile_live(json, &c);
	assert_exit_status(run_filtered(&c.bpf, probe_getppid, NULL), EUCLEAN);
	assert_exit_status(run_filtered(&c.bpf, probe_getpid, NULL), 0);
	release(&c);
}

/* A temporary directory and the path of a subdirectory to create in it. */
struct temp_dir {
	char dir[PATH_MAX];
	char sub[PATH_MAX];
};

static int create_temp_dir(void **state)
{
	const char *base = getenv("TMPDIR");
	struct temp_dir *temp;

	temp = calloc(1, sizeof(*temp));
	if (!temp)
		return -1;

	snprintf(temp->dir, sizeof(temp->dir), "%s/test-seccomp-filter.XXXXXX",
		 base ? base : "/tmp");
	if (!mkdtemp(temp->dir)) {
		free(temp);
		return -1;
	}
	if (snprintf(temp->sub, sizeof(temp->sub), "%s/sub", temp->dir) >=
	    (int)sizeof(temp->sub)) {
		rmdir(temp->dir);
		free(temp);
		return -1;
	}
	*state = temp;
	return 0;
}

static int remove_temp_dir(void **state)
{
	struct temp_dir *temp = *state;
	int r = 0;

	if (rmdir(temp->sub) < 0 && errno != ENOENT)
		r = -1;
	if (rmdir(temp->dir) < 0)
		r = -1;
	free(temp);
	return r;
}

/* Only mode 0700 (448) fails, so the argument reaches the filter. */
static void live_errno_mkdirat(void **state)
{
	static const char json[] =
	    "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": ["
	    " {\"names\": [\"mkdirat\"], \"action\": \"SCMP_ACT_ERRNO\","
	    "  \"errnoRet\": 117, \"args\": [{\"index\": 2, \"value\": 448,"
	    "  \"op\": \"SCMP_CMP_EQ\"}]}]}";
	const struct temp_dir *temp = *state;
	const struct mkdirat_request denied = {temp->sub, 0700};
	const struct mkdirat_request allowed = {temp->sub, 0750};
	struct compiled c;
	struct stat st;

	compile_live(json, &c);
	assert_exit_status(run_filtered(&c.bpf, probe_mkdirat, &denied),
			   EUCLEAN);
	assert_int_equal(stat(temp->sub, &st), -1);
	assert_int_equal(errno, ENOENT);

	assert_exit_status(run_filtered(&c.bpf, probe_mkdirat, &allowed), 0);
	assert_int_equal(stat(temp->sub, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	release(&c);
}

static void live_kill_process(void **state)
{
	static const char json[] =
	    "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": ["
	    " {\"names\": [\"getppid\"],"
	    "  \"action\": \"SCMP_ACT_KILL_PROCESS\"}]}";
	struct compiled c;
	int status;

	(void)state;
	compile_live(json, &c);
	status = run_filtered(&c.bpf, probe_getppid, NULL);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGSYS);
	release(&c);
}

static int probe_clone3(const void *arg)
{
	(void)arg;
	/* Without the filter, the kernel rejects the NULL argument. */
	return errno_of(syscall(SYS_clone3, NULL, 0));
}

static int probe_personality(const void *arg)
{
	const unsigned long *persona = arg;

	return errno_of(syscall(SYS_personality, *persona));
}

static void live_default_profile(void **state)
{
	static const unsigned long query = 0xffffffff, bsd = PER_BSD;
	struct compiled c;

	(void)state;
	skip_without_seccomp();
	compile_default(mr_caps_default(), &c);
	assert_exit_status(run_filtered(&c.bpf, probe_clone3, NULL), ENOSYS);
	assert_exit_status(run_filtered(&c.bpf, probe_personality, &bsd),
			   EPERM);
	assert_exit_status(run_filtered(&c.bpf, probe_personality, &query), 0);
	release(&c);
}

/*
 * seccomp(2) requires no_new_privs or CAP_SYS_ADMIN, so the child drops
 * CAP_SYS_ADMIN from its effective set first.
 */
static int probe_load_without_nnp(const void *arg)
{
	const struct mr_bpf *bpf = arg;
	struct mr_error err = {0};

	capng_get_caps_process();
	capng_update(CAPNG_DROP, CAPNG_EFFECTIVE, CAP_SYS_ADMIN);
	if (capng_apply(CAPNG_SELECT_CAPS) < 0)
		return CHILD_SETUP_FAILED;

	return -mr_filter_load(bpf, &err);
}

static void live_load_needs_nnp(void **state)
{
	static const char json[] =
	    "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": ["
	    " {\"names\": [\"getppid\"], \"action\": \"SCMP_ACT_ERRNO\"}]}";
	struct compiled c;

	(void)state;
	compile_live(json, &c);
	assert_exit_status(run_child(probe_load_without_nnp, &c.bpf), EACCES);
	release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(sim_rejects_invalid_programs),
	    cmocka_unit_test(sim_runs_program),
	    cmocka_unit_test(filter_default_actions),
	    cmocka_unit_test(filter_rule_actions),
	    cmocka_unit_test(filter_operators),
	    cmocka_unit_test(filter_conditions_anded),
	    cmocka_unit_test(filter_entries_ored),
	    cmocka_unit_test(filter_same_index_split),
	    cmocka_unit_test(filter_rule_as_default_skipped),
	    cmocka_unit_test(filter_enosys_above_named),
	    cmocka_unit_test(filter_precompiled_matches),
	    cmocka_unit_test(filter_enosys_not_needed),
	    cmocka_unit_test(filter_lifecycle_warnings),
	    cmocka_unit_test(filter_cap_names_exact),
	    cmocka_unit_test(filter_too_many_conditions),
	    cmocka_unit_test(filter_other_errno_kept),
	    cmocka_unit_test(filter_caps_include_exclude),
	    cmocka_unit_test(filter_unknown_cap_warns),
	    cmocka_unit_test(filter_arches_include_exclude),
	    cmocka_unit_test(filter_min_kernel),
	    cmocka_unit_test(filter_min_kernel_minor),
	    cmocka_unit_test(filter_arch_map),
	    cmocka_unit_test(filter_architectures),
	    cmocka_unit_test(filter_native_arch_only),
	    cmocka_unit_test(filter_unknown_syscall_warns),
	    cmocka_unit_test(filter_unknown_arch_fails),
	    cmocka_unit_test(filter_empty_profile),
	    cmocka_unit_test(filter_flags_copied),
	    cmocka_unit_test(filter_socketcall_guard),
	    cmocka_unit_test(filter_socketcall_guard_direct),
	    cmocka_unit_test(filter_default_profile),
	    cmocka_unit_test(filter_default_profile_sys_admin),
	    cmocka_unit_test(filter_reference_profiles),
	    cmocka_unit_test(live_errno_getppid),
	    cmocka_unit_test_setup_teardown(live_errno_mkdirat, create_temp_dir,
					    remove_temp_dir),
	    cmocka_unit_test(live_kill_process),
	    cmocka_unit_test(live_default_profile),
	    cmocka_unit_test(live_load_needs_nnp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
