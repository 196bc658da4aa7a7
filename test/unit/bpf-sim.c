/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A classic-BPF interpreter for seccomp programs, so that tests can check
 * the compiled filter against tables of calls without loading it.  It first
 * checks the program as Linux does when seccomp(2) receives it
 * (bpf_check_classic in net/core/filter.c, seccomp_check_filter in
 * kernel/seccomp.c), so a program the kernel would reject fails here too.
 */
#include "bpf-sim.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

struct machine {
	uint32_t a;
	uint32_t x;
	uint32_t mem[BPF_MEMWORDS];
};

/* The instructions seccomp_check_filter accepts, in its spelling. */
static bool seccomp_allows(uint16_t code)
{
	switch (code) {
	case BPF_LD | BPF_W | BPF_ABS:
	case BPF_LD | BPF_W | BPF_LEN:
	case BPF_LDX | BPF_W | BPF_LEN:
	case BPF_RET | BPF_K:
	case BPF_RET | BPF_A:
	case BPF_ALU | BPF_ADD | BPF_K:
	case BPF_ALU | BPF_ADD | BPF_X:
	case BPF_ALU | BPF_SUB | BPF_K:
	case BPF_ALU | BPF_SUB | BPF_X:
	case BPF_ALU | BPF_MUL | BPF_K:
	case BPF_ALU | BPF_MUL | BPF_X:
	case BPF_ALU | BPF_DIV | BPF_K:
	case BPF_ALU | BPF_DIV | BPF_X:
	case BPF_ALU | BPF_AND | BPF_K:
	case BPF_ALU | BPF_AND | BPF_X:
	case BPF_ALU | BPF_OR | BPF_K:
	case BPF_ALU | BPF_OR | BPF_X:
	case BPF_ALU | BPF_XOR | BPF_K:
	case BPF_ALU | BPF_XOR | BPF_X:
	case BPF_ALU | BPF_LSH | BPF_K:
	case BPF_ALU | BPF_LSH | BPF_X:
	case BPF_ALU | BPF_RSH | BPF_K:
	case BPF_ALU | BPF_RSH | BPF_X:
	case BPF_ALU | BPF_NEG:
	case BPF_LD | BPF_IMM:
	case BPF_LDX | BPF_IMM:
	case BPF_MISC | BPF_TAX:
	case BPF_MISC | BPF_TXA:
	case BPF_LD | BPF_MEM:
	case BPF_LDX | BPF_MEM:
	case BPF_ST:
	case BPF_STX:
	case BPF_JMP | BPF_JA:
	case BPF_JMP | BPF_JEQ | BPF_K:
	case BPF_JMP | BPF_JEQ | BPF_X:
	case BPF_JMP | BPF_JGE | BPF_K:
	case BPF_JMP | BPF_JGE | BPF_X:
	case BPF_JMP | BPF_JGT | BPF_K:
	case BPF_JMP | BPF_JGT | BPF_X:
	case BPF_JMP | BPF_JSET | BPF_K:
	case BPF_JMP | BPF_JSET | BPF_X:
		return true;
	default:
		return false;
	}
}

static bool is_conditional_jump(uint16_t code)
{
	return BPF_CLASS(code) == BPF_JMP && BPF_OP(code) != BPF_JA;
}

/*
 * Checks the operand of one instruction at pc.  Jump offsets count from the
 * next instruction and are unsigned, so every jump goes forward.  The
 * target must also lie inside the program.
 */
static bool operand_valid(const struct sock_filter *insn, size_t pc,
			  size_t length)
{
	switch (insn->code) {
	case BPF_LD | BPF_W | BPF_ABS:
		return insn->k < sizeof(struct seccomp_data) &&
		       insn->k % 4 == 0;
	case BPF_ALU | BPF_DIV | BPF_K:
		return insn->k != 0;
	case BPF_ALU | BPF_LSH | BPF_K:
	case BPF_ALU | BPF_RSH | BPF_K:
		return insn->k < 32;
	case BPF_LD | BPF_MEM:
	case BPF_LDX | BPF_MEM:
	case BPF_ST:
	case BPF_STX:
		return insn->k < BPF_MEMWORDS;
	case BPF_JMP | BPF_JA:
		return insn->k < length - pc - 1;
	default:
		if (is_conditional_jump(insn->code))
			return pc + insn->jt + 1 < length &&
			       pc + insn->jf + 1 < length;
		return true;
	}
}

/*
 * Rejects a load from scratch memory that some path reaches before a store
 * to that word, as check_load_and_stores in the kernel does.  Bit n of
 * valid[pc] is set when every jump seen so far into pc has stored word n.
 */
static int check_memory(const struct sock_filter *insns, size_t length)
{
	uint16_t valid[BPF_MAXINSNS];
	uint16_t current = 0;

	memset(valid, 0xff, length * sizeof(valid[0]));
	for (size_t pc = 0; pc < length; pc++) {
		const struct sock_filter *insn = &insns[pc];

		current &= valid[pc];
		switch (insn->code) {
		case BPF_ST:
		case BPF_STX:
			current |= (uint16_t)(1U << insn->k);
			break;
		case BPF_LD | BPF_MEM:
		case BPF_LDX | BPF_MEM:
			if (!(current & (1U << insn->k)))
				return -EINVAL;
			break;
		case BPF_JMP | BPF_JA:
			valid[pc + 1 + insn->k] &= current;
			current = 0xffff;
			break;
		default:
			if (!is_conditional_jump(insn->code))
				break;
			valid[pc + 1 + insn->jt] &= current;
			valid[pc + 1 + insn->jf] &= current;
			current = 0xffff;
		}
	}
	return 0;
}

static int check_program(const struct sock_filter *insns, size_t length)
{
	uint16_t last;

	if (length == 0 || length > BPF_MAXINSNS)
		return -EINVAL;

	for (size_t pc = 0; pc < length; pc++) {
		if (!seccomp_allows(insns[pc].code) ||
		    !operand_valid(&insns[pc], pc, length))
			return -EINVAL;
	}

	last = insns[length - 1].code;
	if (last != (BPF_RET | BPF_K) && last != (BPF_RET | BPF_A))
		return -EINVAL;
	return check_memory(insns, length);
}

/*
 * Runs one ALU instruction.  The kernel ends the program with return value
 * 0, SECCOMP_RET_KILL_THREAD, on a division by an X of 0, so this returns
 * false then.
 */
static bool run_alu(struct machine *m, const struct sock_filter *insn)
{
	uint32_t operand = BPF_SRC(insn->code) == BPF_X ? m->x : insn->k;

	switch (BPF_OP(insn->code)) {
	case BPF_ADD:
		m->a += operand;
		break;
	case BPF_SUB:
		m->a -= operand;
		break;
	case BPF_MUL:
		m->a *= operand;
		break;
	case BPF_DIV:
		if (operand == 0)
			return false;
		m->a /= operand;
		break;
	case BPF_OR:
		m->a |= operand;
		break;
	case BPF_AND:
		m->a &= operand;
		break;
	case BPF_XOR:
		m->a ^= operand;
		break;
	/*
	 * NOTE: the kernel's interpreter masks a shift count to 5 bits, as
	 * here.  A JIT may give another value for an X of 32 or more.
	 */
	case BPF_LSH:
		m->a <<= operand & 31;
		break;
	case BPF_RSH:
		m->a >>= operand & 31;
		break;
	case BPF_NEG:
		m->a = -m->a;
		break;
	default:
		break;
	}
	return true;
}

/* Returns how many instructions to skip after insn. */
static uint32_t jump_offset(const struct machine *m,
			    const struct sock_filter *insn)
{
	uint32_t operand = BPF_SRC(insn->code) == BPF_X ? m->x : insn->k;
	bool branch_taken;

	switch (BPF_OP(insn->code)) {
	case BPF_JA:
		return insn->k;
	case BPF_JEQ:
		branch_taken = m->a == operand;
		break;
	case BPF_JGT:
		branch_taken = m->a > operand;
		break;
	case BPF_JGE:
		branch_taken = m->a >= operand;
		break;
	case BPF_JSET:
		branch_taken = (m->a & operand) != 0;
		break;
	default:
		branch_taken = false;
		break;
	}
	return branch_taken ? insn->jt : insn->jf;
}

/* Runs one load.  check_program has limited the codes and offsets. */
static void run_load(const struct machine *m, const struct sock_filter *insn,
		     const struct seccomp_data *data, uint32_t *target)
{
	switch (BPF_MODE(insn->code)) {
	case BPF_ABS:
		memcpy(target, (const char *)data + insn->k, sizeof(*target));
		break;
	case BPF_IMM:
		*target = insn->k;
		break;
	case BPF_MEM:
		*target = m->mem[insn->k];
		break;
	case BPF_LEN:
		*target = sizeof(*data);
		break;
	default:
		break;
	}
}

int bpf_sim_run(const struct sock_filter *insns, size_t length,
		const struct seccomp_data *data, uint32_t *ret_action)
{
	struct machine m = {0};
	int r;

	r = check_program(insns, length);
	if (r < 0)
		return r;

	/* check_program made every path end in a RET inside the program. */
	for (size_t pc = 0; pc < length; pc++) {
		const struct sock_filter *insn = &insns[pc];

		switch (BPF_CLASS(insn->code)) {
		case BPF_LD:
			run_load(&m, insn, data, &m.a);
			break;
		case BPF_LDX:
			run_load(&m, insn, data, &m.x);
			break;
		case BPF_ST:
			m.mem[insn->k] = m.a;
			break;
		case BPF_STX:
			m.mem[insn->k] = m.x;
			break;
		case BPF_ALU:
			if (!run_alu(&m, insn)) {
				*ret_action = 0;
				return 0;
			}
			break;
		case BPF_JMP:
			pc += jump_offset(&m, insn);
			break;
		case BPF_RET:
			*ret_action =
			    BPF_RVAL(insn->code) == BPF_A ? m.a : insn->k;
			return 0;
		case BPF_MISC:
			if (BPF_MISCOP(insn->code) == BPF_TAX)
				m.x = m.a;
			else
				m.a = m.x;
			break;
		default:
			break;
		}
	}
	return -EINVAL;
}
