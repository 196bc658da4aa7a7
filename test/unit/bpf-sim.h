/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef MINIRUN_BPF_SIM_H
#define MINIRUN_BPF_SIM_H

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Runs a classic-BPF seccomp program on data as the kernel would and stores
 * the returned action in *ret_action.  Returns 0, or -EINVAL for a program
 * that seccomp(2) would reject.
 */
int bpf_sim_run(const struct sock_filter *insns, size_t length,
		const struct seccomp_data *data, uint32_t *ret_action);

#endif
