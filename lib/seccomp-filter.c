/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * struct mr_profile to classic BPF through libseccomp.  The profile is
 * already valid here, so the errors left are libseccomp's and the kernel's.
 */
#include "seccomp-filter.h"

#include <ctype.h>
#include <errno.h>
#include <linux/ipc.h>
#include <linux/net.h>
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

/* Enough for every architecture libseccomp 2.5 knows. */
#define ARCH_COUNT_MAX 32

/* Largest number of muxed calls per multiplexer, with room to spare. */
#define MUX_CALL_COUNT_MAX 32

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

/*
 * Calls that 32-bit x86, s390 and ppc can also make through socketcall(2)
 * or ipc(2), with the call number in the first argument.
 */
static const struct {
	const char *name;
	const char *mux;
	unsigned int call;
} mux_calls[] = {
    {"socket", "socketcall", SYS_SOCKET},
    {"bind", "socketcall", SYS_BIND},
    {"connect", "socketcall", SYS_CONNECT},
    {"listen", "socketcall", SYS_LISTEN},
    {"accept", "socketcall", SYS_ACCEPT},
    {"getsockname", "socketcall", SYS_GETSOCKNAME},
    {"getpeername", "socketcall", SYS_GETPEERNAME},
    {"socketpair", "socketcall", SYS_SOCKETPAIR},
    {"send", "socketcall", SYS_SEND},
    {"recv", "socketcall", SYS_RECV},
    {"sendto", "socketcall", SYS_SENDTO},
    {"recvfrom", "socketcall", SYS_RECVFROM},
    {"shutdown", "socketcall", SYS_SHUTDOWN},
    {"setsockopt", "socketcall", SYS_SETSOCKOPT},
    {"getsockopt", "socketcall", SYS_GETSOCKOPT},
    {"sendmsg", "socketcall", SYS_SENDMSG},
    {"recvmsg", "socketcall", SYS_RECVMSG},
    {"accept4", "socketcall", SYS_ACCEPT4},
    {"recvmmsg", "socketcall", SYS_RECVMMSG},
    {"sendmmsg", "socketcall", SYS_SENDMMSG},
    {"semop", "ipc", SEMOP},
    {"semget", "ipc", SEMGET},
    {"semctl", "ipc", SEMCTL},
    {"semtimedop", "ipc", SEMTIMEDOP},
    {"msgsnd", "ipc", MSGSND},
    {"msgrcv", "ipc", MSGRCV},
    {"msgget", "ipc", MSGGET},
    {"msgctl", "ipc", MSGCTL},
    {"shmat", "ipc", SHMAT},
    {"shmdt", "ipc", SHMDT},
    {"shmget", "ipc", SHMGET},
    {"shmctl", "ipc", SHMCTL},
};

#define ELEMENTS(array) (sizeof(array) / sizeof((array)[0]))

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

static bool action_permits(enum mr_action_type type)
{
	return type == MR_ACTION_ALLOW || type == MR_ACTION_LOG;
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

static bool arg_accepts(const struct mr_arg_cmp *arg, uint64_t value)
{
	switch (arg->op) {
	case MR_CMP_NE:
		return value != arg->value;
	case MR_CMP_LT:
		return value < arg->value;
	case MR_CMP_LE:
		return value <= arg->value;
	case MR_CMP_EQ:
		return value == arg->value;
	case MR_CMP_GE:
		return value >= arg->value;
	case MR_CMP_GT:
		return value > arg->value;
	case MR_CMP_MASKED_EQ:
		return (value & arg->value) == arg->value_two;
	default:
		return false;
	}
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

static int add_arch(struct compiler *c, const char *docker_name)
{
	uint32_t token = arch_token(docker_name);
	int r;

	if (token == 0)
		return mr_error_set(c->err, EINVAL,
				    "%s: architecture '%s' is unknown to "
				    "libseccomp",
				    c->profile->source, docker_name);

	for (size_t i = 0; i < c->arch_count; i++) {
		if (c->arches[i] == token)
			return 0;
	}

	r = seccomp_arch_add(c->ctx, token);
	if (r < 0)
		return mr_error_set_errno(c->err, -r,
					  "%s: cannot add architecture '%s'",
					  c->profile->source, docker_name);

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

	for (size_t i = 0; i < profile->architecture_count; i++) {
		r = add_arch(c, profile->architectures[i]);
		if (r < 0)
			return r;
	}

	for (size_t i = 0; i < profile->arch_map_count; i++) {
		const struct mr_arch_map_entry *entry = &profile->arch_map[i];

		if (arch_token(entry->arch) != c->native)
			continue;

		for (size_t j = 0; j < entry->sub_arch_count; j++) {
			r = add_arch(c, entry->sub_arches[j]);
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
 * Tells whether capability name is in the set.  Docker compares names as
 * strings, so an unknown name is never in the set, which a warning notes.
 */
static int has_cap(const struct compiler *c, const char *path, const char *list,
		   size_t index, const char *name, bool *ret_has)
{
	struct mr_error ignored;
	int cap;

	if (mr_cap_from_name(name, &cap, &ignored) == 0) {
		*ret_has = (c->caps & MR_CAP_BIT(cap)) != 0;
		return 0;
	}

	*ret_has = false;
	if (mr_warnings_add(c->warnings,
			    "%s: %s.%s.caps[%zu]: unknown capability '%s', "
			    "treated as absent",
			    c->profile->source, path, list, index, name) < 0)
		return mr_error_set(c->err, ENOMEM, "out of memory");
	return 0;
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
	if (r < 0)
		return mr_error_set_errno(
		    c->err, -r, "%s: %s.names[%zu]: cannot add a rule for '%s'",
		    c->profile->source, rule->path, name_index,
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

static int warn_rule(const struct compiler *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int warn_rule(const struct compiler *c, const char *fmt, ...)
{
	char message[MR_ERROR_MESSAGE_MAX];
	va_list args;

	va_start(args, fmt);
	vsnprintf(message, sizeof(message), fmt, args);
	va_end(args);

	if (mr_warnings_add(c->warnings, "%s: %s", c->profile->source,
			    message) < 0)
		return mr_error_set(c->err, ENOMEM, "out of memory");
	return 0;
}

static int add_rule(const struct compiler *c,
		    const struct mr_syscall_rule *rule)
{
	int nr, r;

	if (has_repeated_index(rule)) {
		r = warn_rule(c,
			      "%s.args: several conditions on one argument, "
			      "so each condition becomes a rule of its own",
			      rule->path);
		if (r < 0)
			return r;
	}

	for (size_t i = 0; i < rule->name_count; i++) {
		nr = seccomp_syscall_resolve_name(rule->names[i]);
		if (nr == __NR_SCMP_ERROR) {
			r = warn_rule(c,
				      "%s.names[%zu]: unknown syscall '%s', "
				      "skipping",
				      rule->path, i, rule->names[i]);
		} else {
			r = add_syscall(c, rule, i, nr);
		}
		if (r < 0)
			return r;
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

		if (same_action(&rule->action, &profile->default_action))
			continue;

		r = rule_applies(c, rule, &c->selected[i]);
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

static bool rule_names(const struct mr_syscall_rule *rule, const char *name)
{
	for (size_t i = 0; i < rule->name_count; i++) {
		if (strcmp(rule->names[i], name) == 0)
			return true;
	}
	return false;
}

/* Tells whether a rule on the multiplexer itself covers call. */
static bool mux_rule_covers(const struct mr_syscall_rule *rule,
			    unsigned int call)
{
	for (size_t i = 0; i < rule->arg_count; i++) {
		if (rule->args[i].index != 0 ||
		    !arg_accepts(&rule->args[i], call))
			return false;
	}
	return true;
}

/*
 * Tells whether the muxed form of mux_calls[index] needs a guard.  On an
 * architecture that multiplexes, libseccomp 2.5.4 turns a rule on "socket"
 * with conditions into one on the direct syscall with the conditions, and
 * one on socketcall with the first argument set to SYS_SOCKET and the
 * conditions dropped.  The conditions cannot apply there, because the real
 * arguments are in memory.  So a rule that permits socket(AF_UNIX, ...)
 * would permit socketcall(SYS_SOCKET, ...) for every domain.  The guard
 * makes that call take the default action instead, unless the profile
 * permits the call without conditions or through a rule on the multiplexer.
 */
static bool mux_needs_guard(const struct compiler *c, size_t index)
{
	const struct mr_profile *profile = c->profile;
	bool conditional = false, covered = false;

	if (action_permits(profile->default_action.type))
		return false;

	for (size_t i = 0; i < profile->syscall_count; i++) {
		const struct mr_syscall_rule *rule = &profile->syscalls[i];

		if (!c->selected[i])
			continue;

		if (rule_names(rule, mux_calls[index].name)) {
			conditional |= rule->arg_count > 0 &&
				       action_permits(rule->action.type);
			covered |= rule->arg_count == 0;
		}
		if (rule_names(rule, mux_calls[index].mux))
			covered |= mux_rule_covers(rule, mux_calls[index].call);
	}

	return conditional && !covered;
}

/* The number of the multiplexer on arch, or -1 when arch has no such form. */
static int mux_syscall(uint32_t arch, size_t index)
{
	int direct, mux;

	direct = seccomp_syscall_resolve_name_arch(arch, mux_calls[index].name);
	mux = seccomp_syscall_resolve_name_arch(arch, mux_calls[index].mux);

	/* libseccomp gives muxed calls negative pseudo numbers. */
	if (direct == __NR_SCMP_ERROR || direct >= 0 || mux < 0)
		return -1;
	return mux;
}

static struct sock_filter load_word(uint32_t offset)
{
	return (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offset);
}

static struct sock_filter jump_if_equal(uint32_t value, size_t if_true,
					size_t if_false)
{
	return (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, value,
					    (uint8_t)if_true,
					    (uint8_t)if_false);
}

/*
 * Writes one guard block at insns and returns its length.  On arch, syscall
 * mux with a first argument in calls returns action.  Anything else goes on
 * past the block.  Jump offsets count from the next instruction.
 */
static size_t write_guard(struct sock_filter *insns, uint32_t arch, int mux,
			  const unsigned int *calls, size_t call_count,
			  uint32_t action)
{
	size_t length = 6 + call_count;
	size_t return_at = length - 1;
	/* The low half of args[0] in the host's byte order. */
	uint32_t arg0 = offsetof(struct seccomp_data, args[0]);

	if (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__)
		arg0 += 4;

	insns[0] = load_word(offsetof(struct seccomp_data, arch));
	insns[1] = jump_if_equal(arch, 0, length - 2);
	insns[2] = load_word(offsetof(struct seccomp_data, nr));
	insns[3] = jump_if_equal((uint32_t)mux, 0, length - 4);
	insns[4] = load_word(arg0);
	for (size_t i = 0; i < call_count; i++) {
		size_t at = 5 + i;
		size_t if_false = i + 1 == call_count ? 1 : 0;

		insns[at] =
		    jump_if_equal(calls[i], return_at - at - 1, if_false);
	}
	insns[return_at] =
	    (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, action);
	return length;
}

/*
 * Collects the muxed calls of multiplexer mux that need a guard on arch
 * and returns their number.
 */
static size_t guarded_calls(const struct compiler *c, uint32_t arch,
			    const char *mux_name, int *ret_mux,
			    unsigned int *calls)
{
	size_t count = 0;
	int mux;

	*ret_mux = -1;
	for (size_t i = 0; i < ELEMENTS(mux_calls); i++) {
		if (strcmp(mux_calls[i].mux, mux_name) != 0)
			continue;

		mux = mux_syscall(arch, i);
		if (mux < 0)
			continue;

		if (!mux_needs_guard(c, i) || count == MUX_CALL_COUNT_MAX)
			continue;

		calls[count++] = mux_calls[i].call;
		*ret_mux = mux;
	}
	return count;
}

/*
 * Builds the guard blocks that go before libseccomp's program and returns
 * their length.  They only return or fall through, and classic BPF jumps
 * are relative, so the program after them runs unchanged.
 */
static size_t build_guards(const struct compiler *c, struct sock_filter *insns)
{
	static const char *const muxes[] = {"socketcall", "ipc"};
	uint32_t action = action_value(&c->profile->default_action);
	unsigned int calls[MUX_CALL_COUNT_MAX];
	size_t count = 0, call_count;
	int mux;

	for (size_t a = 0; a < c->arch_count; a++) {
		for (size_t m = 0; m < ELEMENTS(muxes); m++) {
			call_count = guarded_calls(c, c->arches[a], muxes[m],
						   &mux, calls);
			if (call_count == 0)
				continue;

			count += write_guard(insns + count, c->arches[a], mux,
					     calls, call_count, action);
		}
	}
	return count;
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
	if (action_permits(action->type))
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

static int compile(struct compiler *c, struct mr_bpf *ret)
{
	struct sock_filter
	    guards[ARCH_COUNT_MAX * 2 * (6 + MUX_CALL_COUNT_MAX)];
	struct sock_filter *insns = NULL;
	size_t guard_count, length = 0;
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

	r = add_rules(c);
	if (r < 0)
		return r;

	guard_count = build_guards(c, guards);

	r = export_program(c, guard_count, &insns, &length);
	if (r < 0)
		return r;

	memcpy(insns, guards, guard_count * sizeof(*guards));
	length += guard_count;
	if (length > BPF_MAXINSNS) {
		free(insns);
		return mr_error_set(c->err, E2BIG,
				    "%s: seccomp program has %zu instructions, "
				    "more than the kernel's limit of %d",
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
