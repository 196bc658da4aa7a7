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
#include "seccomp-plan.h"
#include "seccomp-prologue.h"

/* Syscall numbers below this get duplicate unconditional rules skipped. */
#define DEDUP_NR_LIMIT 4096

struct compiler {
	const struct mr_profile *profile;
	struct mr_filter_plan plan;
	scmp_filter_ctx ctx;
	/*
	 * The unconditional rules added so far and their actions: libseccomp
	 * slows down badly on repeated rules (a profile that repeats one
	 * entry 40,000 times took seconds, 100,000 times minutes).
	 */
	bool has_unconditional[DEDUP_NR_LIMIT];
	uint32_t unconditional_action[DEDUP_NR_LIMIT];
	struct mr_warnings *warnings;
	struct mr_error *err;
};

#define warn_at(c, path, ...)                                                  \
	mr_profile_warn((c)->profile, (c)->warnings, (c)->err, path,           \
			__VA_ARGS__)
#define fail_at(c, code, with_errno, path, ...)                                \
	mr_profile_fail((c)->profile, (c)->err, code, with_errno, path,        \
			__VA_ARGS__)

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
static int add_syscall(struct compiler *c, const struct mr_syscall_rule *rule,
		       size_t name_index, int nr)
{
	uint32_t action = action_value(&rule->action);
	struct scmp_arg_cmp cmps[6];
	int r;

	if (rule->arg_count == 0 && nr >= 0 && nr < DEDUP_NR_LIMIT) {
		if (c->has_unconditional[nr] &&
		    c->unconditional_action[nr] == action)
			return 0;
		r = add_one_rule(c, rule, name_index, nr, NULL, 0);
		if (r == 0) {
			c->has_unconditional[nr] = true;
			c->unconditional_action[nr] = action;
		}
		return r;
	}

	if (!mr_rule_has_repeated_index(rule)) {
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

static int add_rule(struct compiler *c, const struct mr_syscall_rule *rule)
{
	int nr, r;

	if (mr_rule_has_repeated_index(rule)) {
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

static int add_rules(struct compiler *c)
{
	const struct mr_profile *profile = c->profile;
	int r;

	for (size_t i = 0; i < profile->syscall_count; i++) {
		if (!c->plan.selected[i])
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

/*
 * The bad-architecture action is the default action when that denies
 * (ERRNO, KILL, TRAP, TRACE), so calls from an architecture the profile
 * left out are denied as unlisted calls are.  With an ALLOW or LOG default,
 * libseccomp's own choice stays: SCMP_ACT_KILL, which kills the thread.
 */
static int add_architectures(const struct compiler *c)
{
	int r;

	/* seccomp_init has added the native one, which comes first. */
	for (size_t a = 1; a < c->plan.arch_count; a++) {
		r = seccomp_arch_add(c->ctx, c->plan.arches[a]);
		if (r < 0)
			return mr_error_set_errno(c->err, -r,
						  "%s: cannot add architecture "
						  "%#x",
						  c->profile->source,
						  c->plan.arches[a]);
	}
	return 0;
}

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

	/*
	 * A binary tree of syscall numbers instead of libseccomp's default
	 * list: a call that no cache lets through, such as personality with
	 * its argument rules, then needs about 9 comparisons instead of a
	 * few hundred.  Measured with the default profile on a 2-core x86_64
	 * (bench/syscall.sh): personality(0xffffffff) cost about +200 ns over
	 * no filter with the list and about +50 ns with the tree.
	 */
	r = seccomp_attr_set(c->ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
	if (r < 0)
		return mr_error_set_errno(c->err, -r,
					  "%s: cannot choose libseccomp's "
					  "binary tree layout",
					  c->profile->source);

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

	for (size_t a = 0; a < c->plan.arch_count; a++) {
		if (c->plan.arches[a] == SCMP_ARCH_X32)
			max_x32 = max_named_syscall(c->profile, SCMP_ARCH_X32);
	}

	for (size_t a = 0; a < c->plan.arch_count; a++) {
		uint32_t arch = c->plan.arches[a];

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
	struct mr_syscall_limit limits[MR_ARCH_COUNT_MAX];
	size_t length = 0;

	if (wants_prologue(default_action))
		length = mr_prologue_write(limits, syscall_limits(c, limits),
					   insns);

	length += mr_guard_write(c->profile, c->plan.selected, c->plan.arches,
				 c->plan.arch_count, action_value(default_action),
				 insns + length);
	return length;
}

static int compile(struct compiler *c, struct mr_bpf *ret)
{
	struct sock_filter prefix[MR_ARCH_COUNT_MAX * (MR_PROLOGUE_ARCH_LENGTH +
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
	    .warnings = warnings,
	    .err = err,
	};
	int r;

	if (!profile->has_default_action) {
		*ret = (struct mr_bpf){0};
		return 0;
	}

	r = mr_filter_plan_make(profile, caps, &c.plan, warnings, err);
	if (r < 0)
		return r;

	r = compile(&c, ret);
	seccomp_release(c.ctx);
	mr_filter_plan_free(&c.plan, profile->syscall_count);
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
