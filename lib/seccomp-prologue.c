/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The ENOSYS prologue.  An allow list written before a syscall existed
 * denies that syscall with its default errno, usually EPERM, but the C
 * libraries fall back to an older call only on ENOSYS (glibc does so for
 * clone3, faccessat2 and close_range).  So calls numbered above everything
 * the profile names get ENOSYS, as if the kernel were older.  libseccomp
 * cannot express "above a number", so this fragment goes in front of its
 * program.
 */
#include "seccomp-prologue.h"

#include <errno.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <stdbool.h>
#include <stddef.h>

/* The bit that marks x32 syscall numbers on AUDIT_ARCH_X86_64. */
#define X32_SYSCALL_BIT 0x40000000U

/* Jump targets before they become relative offsets. */
enum target {
	TARGET_NEXT_INSN = -4,
	TARGET_NEXT_BLOCK = -1,
	TARGET_END = -2,
	TARGET_ENOSYS = -3,
};

struct insn {
	struct sock_filter code;
	int if_true;  /* an instruction index or a target */
	int if_false; /* likewise */
};

struct writer {
	struct insn *insns;
	size_t length;
};

static void emit(struct writer *w, uint16_t code, uint32_t k, int if_true,
		 int if_false)
{
	struct insn *insn = &w->insns[w->length++];

	insn->code = (struct sock_filter){.code = code, .k = k};
	insn->if_true = if_true;
	insn->if_false = if_false;
}

static void emit_load(struct writer *w, uint32_t offset)
{
	emit(w, BPF_LD | BPF_W | BPF_ABS, offset, 0, 0);
}

/* Falls through when the call is in range, else returns ENOSYS. */
static void emit_limit(struct writer *w, int64_t max_nr)
{
	if (max_nr < 0)
		emit(w, BPF_JMP | BPF_JA, 0, TARGET_END, TARGET_END);
	else
		emit(w, BPF_JMP | BPF_JGT | BPF_K, (uint32_t)max_nr,
		     TARGET_ENOSYS, TARGET_END);
}

/*
 * x86_64 and x32 calls both arrive as AUDIT_ARCH_X86_64.  Without x32 in
 * the filter, an x32 call goes on to libseccomp's program, which gives it
 * the bad-architecture action.
 */
static void emit_x86_64_block(struct writer *w,
			      const struct mr_syscall_limit *limit)
{
	int x32_check = (int)w->length + 2;

	emit(w, BPF_JMP | BPF_JGE | BPF_K, X32_SYSCALL_BIT,
	     limit->max_x32_nr >= 0 ? x32_check : TARGET_END,
	     TARGET_NEXT_INSN);
	emit_limit(w, limit->max_nr);
	if (limit->max_x32_nr >= 0)
		emit_limit(w, limit->max_x32_nr);
}

static void emit_block(struct writer *w, const struct mr_syscall_limit *limit)
{
	emit_load(w, offsetof(struct seccomp_data, arch));
	emit(w, BPF_JMP | BPF_JEQ | BPF_K, limit->audit_arch, TARGET_NEXT_INSN,
	     TARGET_NEXT_BLOCK);
	emit_load(w, offsetof(struct seccomp_data, nr));

	if (limit->audit_arch == AUDIT_ARCH_X86_64)
		emit_x86_64_block(w, limit);
	else
		emit_limit(w, limit->max_nr);
}

static int resolve(int target, size_t at, size_t next_block, size_t enosys_at,
		   size_t end_at)
{
	switch (target) {
	case TARGET_NEXT_INSN:
		return (int)at + 1;
	case TARGET_NEXT_BLOCK:
		return (int)next_block;
	case TARGET_END:
		return (int)end_at;
	case TARGET_ENOSYS:
		return (int)enosys_at;
	default:
		return target;
	}
}

/*
 * Turns the targets into the offsets that classic BPF counts from the next
 * instruction.  Every target lies ahead, and the fragment is short enough
 * for the 8-bit jump fields.
 */
static void link_block(struct sock_filter *out, const struct insn *staged,
		       size_t start, size_t end, size_t next_block,
		       size_t enosys_at, size_t end_at)
{
	for (size_t i = start; i < end; i++) {
		const struct insn *insn = &staged[i];
		int if_true = resolve(insn->if_true, i, next_block, enosys_at,
				      end_at);
		int if_false = resolve(insn->if_false, i, next_block,
				       enosys_at, end_at);

		out[i] = insn->code;
		if (insn->code.code == (BPF_JMP | BPF_JA)) {
			out[i].k = (uint32_t)(if_true - (int)i - 1);
		} else if (BPF_CLASS(insn->code.code) == BPF_JMP) {
			out[i].jt = (uint8_t)(if_true - (int)i - 1);
			out[i].jf = (uint8_t)(if_false - (int)i - 1);
		}
	}
}

static bool has_limit(const struct mr_syscall_limit *limit)
{
	return limit->max_nr >= 0 || limit->max_x32_nr >= 0;
}

size_t mr_prologue_write(const struct mr_syscall_limit *limits, size_t count,
			 struct sock_filter *insns)
{
	struct insn staged[MR_PROLOGUE_ARCH_MAX * MR_PROLOGUE_ARCH_LENGTH];
	size_t starts[MR_PROLOGUE_ARCH_MAX + 1], blocks = 0;
	struct writer w = {.insns = staged};
	size_t enosys_at, end_at;

	if (count > MR_PROLOGUE_ARCH_MAX)
		count = MR_PROLOGUE_ARCH_MAX;

	for (size_t i = 0; i < count; i++) {
		if (!has_limit(&limits[i]))
			continue;

		starts[blocks++] = w.length;
		emit_block(&w, &limits[i]);
	}
	if (blocks == 0)
		return 0;

	enosys_at = w.length;
	end_at = enosys_at + 1;
	starts[blocks] = enosys_at;

	/*
	 * A call of another architecture tries the following block, and
	 * after the last one goes on to the program behind the prologue.
	 */
	for (size_t b = 0; b < blocks; b++) {
		size_t next_block = b + 1 < blocks ? starts[b + 1] : end_at;

		link_block(insns, staged, starts[b], starts[b + 1], next_block,
			   enosys_at, end_at);
	}

	insns[enosys_at] = (struct sock_filter)BPF_STMT(
	    BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS);
	return end_at;
}
