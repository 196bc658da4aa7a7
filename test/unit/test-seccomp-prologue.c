/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <linux/audit.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "bpf-sim.h"
#include "seccomp-prologue.h"

#define X32_BIT 0x40000000U

/* What the program after the prologue returns for every call it gets. */
#define RET_REST SECCOMP_RET_ALLOW
#define RET_ENOSYS (SECCOMP_RET_ERRNO | ENOSYS)

struct program {
	struct sock_filter insns[MR_PROLOGUE_ARCH_MAX *
				     MR_PROLOGUE_ARCH_LENGTH +
				 2];
	size_t length;
};

/* Writes the prologue and a final RET that stands for libseccomp's part. */
static void build(const struct mr_syscall_limit *limits, size_t count,
		  struct program *prog)
{
	prog->length = mr_prologue_write(limits, count, prog->insns);
	prog->insns[prog->length++] =
	    (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, RET_REST);
}

static uint32_t run(const struct program *prog, uint32_t arch, uint32_t nr)
{
	struct seccomp_data data = {.nr = (int)nr, .arch = arch};
	uint32_t action = 0;

	assert_int_equal(bpf_sim_run(prog->insns, prog->length, &data, &action),
			 0);
	return action;
}

static void prologue_above_limit_enosys(void **state)
{
	const struct mr_syscall_limit limits[] = {
	    {AUDIT_ARCH_X86_64, 100, -1},
	    {AUDIT_ARCH_I386, 50, -1},
	};
	struct program prog;

	(void)state;
	build(limits, 2, &prog);
	assert_int_equal(run(&prog, AUDIT_ARCH_X86_64, 0), RET_REST);
	assert_int_equal(run(&prog, AUDIT_ARCH_X86_64, 100), RET_REST);
	assert_int_equal(run(&prog, AUDIT_ARCH_X86_64, 101), RET_ENOSYS);
	assert_int_equal(run(&prog, AUDIT_ARCH_X86_64, 0xffffff), RET_ENOSYS);
	assert_int_equal(run(&prog, AUDIT_ARCH_I386, 50), RET_REST);
	assert_int_equal(run(&prog, AUDIT_ARCH_I386, 51), RET_ENOSYS);
}

/* Architectures without a limit reach the rest of the program. */
static void prologue_other_arch_untouched(void **state)
{
	const struct mr_syscall_limit limits[] = {
	    {AUDIT_ARCH_I386, 50, -1},
	    {AUDIT_ARCH_AARCH64, -1, -1},
	};
	struct program prog;

	(void)state;
	build(limits, 2, &prog);
	assert_int_equal(run(&prog, AUDIT_ARCH_AARCH64, 5000), RET_REST);
	assert_int_equal(run(&prog, AUDIT_ARCH_X86_64, 5000), RET_REST);
}

/* Without x32 in the filter, x32 calls keep the bad-architecture action. */
static void prologue_x32_left_to_filter(void **state)
{
	const struct mr_syscall_limit limits[] = {
	    {AUDIT_ARCH_X86_64, 100, -1},
	};
	struct program prog;

	(void)state;
	build(limits, 1, &prog);
	assert_int_equal(run(&prog, AUDIT_ARCH_X86_64, X32_BIT + 5), RET_REST);
	assert_int_equal(run(&prog, AUDIT_ARCH_X86_64, X32_BIT + 500),
			 RET_REST);
}

static void prologue_x32_has_own_limit(void **state)
{
	const struct mr_syscall_limit limits[] = {
	    {AUDIT_ARCH_X86_64, 100, X32_BIT + 20},
	};
	struct program prog;

	(void)state;
	build(limits, 1, &prog);
	assert_int_equal(run(&prog, AUDIT_ARCH_X86_64, 101), RET_ENOSYS);
	assert_int_equal(run(&prog, AUDIT_ARCH_X86_64, X32_BIT + 20),
			 RET_REST);
	assert_int_equal(run(&prog, AUDIT_ARCH_X86_64, X32_BIT + 21),
			 RET_ENOSYS);
}

static void prologue_empty_without_limits(void **state)
{
	const struct mr_syscall_limit limits[] = {
	    {AUDIT_ARCH_X86_64, -1, -1},
	};
	struct sock_filter insns[MR_PROLOGUE_ARCH_LENGTH + 1];

	(void)state;
	assert_int_equal(mr_prologue_write(limits, 1, insns), 0);
	assert_int_equal(mr_prologue_write(limits, 0, insns), 0);
}

/* The longest prologue still has every jump within 8 bits. */
static void prologue_many_arches(void **state)
{
	struct mr_syscall_limit limits[MR_PROLOGUE_ARCH_MAX];
	struct program prog;

	(void)state;
	for (size_t i = 0; i < MR_PROLOGUE_ARCH_MAX; i++)
		limits[i] = (struct mr_syscall_limit){
		    i == 0 ? AUDIT_ARCH_X86_64 : 0x1000 + (uint32_t)i,
		    (int64_t)i + 10, i == 0 ? (int64_t)X32_BIT + 5 : -1};

	build(limits, MR_PROLOGUE_ARCH_MAX, &prog);
	assert_int_equal(run(&prog, AUDIT_ARCH_X86_64, X32_BIT + 6),
			 RET_ENOSYS);
	assert_int_equal(run(&prog, 0x1000 + MR_PROLOGUE_ARCH_MAX - 1,
			     MR_PROLOGUE_ARCH_MAX + 9),
			 RET_REST);
	assert_int_equal(run(&prog, 0x1000 + MR_PROLOGUE_ARCH_MAX - 1,
			     MR_PROLOGUE_ARCH_MAX + 10),
			 RET_ENOSYS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(prologue_above_limit_enosys),
	    cmocka_unit_test(prologue_other_arch_untouched),
	    cmocka_unit_test(prologue_x32_left_to_filter),
	    cmocka_unit_test(prologue_x32_has_own_limit),
	    cmocka_unit_test(prologue_empty_without_limits),
	    cmocka_unit_test(prologue_many_arches),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
