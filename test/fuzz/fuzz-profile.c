/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libFuzzer target: arbitrary bytes through the profile parser and, when
 * they parse, the filter compiler with two capability sets, so that both
 * the includes/excludes paths and the rule generation get exercised.
 */
#include <stddef.h>
#include <stdint.h>

#include "caps.h"
#include "error.h"
#include "seccomp-filter.h"
#include "seccomp-profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void compile_with(const struct mr_profile *profile, uint64_t caps)
{
	struct mr_warnings warnings = {0};
	struct mr_error err = {0};
	struct mr_bpf prog = {0};

	if (mr_filter_compile(profile, caps, &prog, &warnings, &err) == 0)
		mr_bpf_free(&prog);
	mr_warnings_free(&warnings);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mr_warnings warnings = {0};
	struct mr_profile *profile = NULL;
	struct mr_error err = {0};

	if (mr_profile_parse((const char *)data, size, "fuzz", &profile,
			     &warnings, &err) == 0) {
		compile_with(profile, mr_caps_default());
		compile_with(profile, mr_caps_all());
		mr_profile_free(profile);
	}
	mr_warnings_free(&warnings);
	return 0;
}
