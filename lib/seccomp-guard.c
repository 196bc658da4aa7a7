/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Guards for the multiplexed calls of 32-bit x86, s390 and ppc, whose
 * argument rules libseccomp cannot apply.  See mux_needs_guard.
 */
#include "seccomp-guard.h"

#include <linux/ipc.h>
#include <linux/net.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stddef.h>
#include <string.h>

#define ELEMENTS(array) (sizeof(array) / sizeof((array)[0]))

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
static bool mux_needs_guard(const struct mr_profile *profile,
			    const bool *selected, size_t index)
{
	bool conditional = false, covered = false;

	if (mr_action_permits(profile->default_action.type))
		return false;

	for (size_t i = 0; i < profile->syscall_count; i++) {
		const struct mr_syscall_rule *rule = &profile->syscalls[i];

		if (!selected[i])
			continue;

		if (rule_names(rule, mux_calls[index].name)) {
			conditional |= rule->arg_count > 0 &&
				       mr_action_permits(rule->action.type);
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
static size_t guarded_calls(const struct mr_profile *profile,
			    const bool *selected, uint32_t arch,
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

		if (!mux_needs_guard(profile, selected, i) ||
		    count == MR_GUARD_CALL_MAX)
			continue;

		calls[count++] = mux_calls[i].call;
		*ret_mux = mux;
	}
	return count;
}

size_t mr_guard_write(const struct mr_profile *profile, const bool *selected,
		      const uint32_t *arches, size_t arch_count,
		      uint32_t default_action, struct sock_filter *insns)
{
	static const char *const muxes[] = {"socketcall", "ipc"};
	unsigned int calls[MR_GUARD_CALL_MAX];
	size_t count = 0, call_count;
	int mux;

	for (size_t a = 0; a < arch_count; a++) {
		for (size_t m = 0; m < ELEMENTS(muxes); m++) {
			call_count = guarded_calls(profile, selected, arches[a],
						   muxes[m], &mux, calls);
			if (call_count == 0)
				continue;

			count += write_guard(insns + count, arches[a], mux,
					     calls, call_count,
					     default_action);
		}
	}
	return count;
}
