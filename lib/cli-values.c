/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "cli-values.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "cleanup.h"

/*
 * Reads a decimal number with up to three decimals as thousandths:
 * "1.5" is 1500.  Returns false on anything else, or past UINT64_MAX.
 */
static bool read_thousandths(const char *text, uint64_t *ret)
{
	uint64_t whole = 0, fraction = 0;
	unsigned int decimals = 0;
	const char *p = text;

	if (!isdigit((unsigned char)*p))
		return false;

	for (; isdigit((unsigned char)*p); p++) {
		if (whole > (UINT64_MAX / 1000 - 9) / 10)
			return false;
		whole = whole * 10 + (uint64_t)(*p - '0');
	}

	if (*p == '.') {
		for (p++; isdigit((unsigned char)*p); p++) {
			if (++decimals > 3)
				return false;
			fraction = fraction * 10 + (uint64_t)(*p - '0');
		}
		if (decimals == 0)
			return false;
	}
	if (*p != '\0')
		return false;

	while (decimals++ < 3)
		fraction *= 10;
	*ret = whole * 1000 + fraction;
	return true;
}

static bool read_uint64(const char *text, uint64_t *ret)
{
	char *end;

	if (!isdigit((unsigned char)text[0]))
		return false;

	errno = 0;
	*ret = strtoull(text, &end, 10);
	return errno == 0 && *end == '\0';
}

static uint64_t suffix_unit(char suffix)
{
	switch (tolower((unsigned char)suffix)) {
	case 'b':
		return 1;
	case 'k':
		return UINT64_C(1) << 10;
	case 'm':
		return UINT64_C(1) << 20;
	case 'g':
		return UINT64_C(1) << 30;
	default:
		return 0;
	}
}

int mr_parse_bytes(const char *option, const char *text, uint64_t *ret,
		   struct mr_error *err)
{
	size_t length = strlen(text);
	uint64_t value, unit;
	char digits[32];

	if (length == 0 || length >= sizeof(digits))
		goto invalid;

	memcpy(digits, text, length + 1);
	unit = suffix_unit(text[length - 1]);
	if (unit)
		digits[length - 1] = '\0';
	else
		unit = 1;

	if (!read_uint64(digits, &value) || value > UINT64_MAX / unit)
		goto invalid;

	*ret = value * unit;
	return 0;

invalid:
	return mr_error_set(err, EINVAL,
			    "invalid %s '%s': expected a number of bytes with "
			    "an optional b, k, m or g suffix",
			    option, text);
}

int mr_parse_seconds(const char *option, const char *text, uint64_t *ret_ms,
		     struct mr_error *err)
{
	if (!read_thousandths(text, ret_ms))
		return mr_error_set(err, EINVAL,
				    "invalid %s '%s': expected seconds, such "
				    "as 30 or 2.5",
				    option, text);
	return 0;
}

int mr_parse_cpus(const char *text, uint64_t *ret_millicpus,
		  struct mr_error *err)
{
	uint64_t millicpus;

	if (!read_thousandths(text, &millicpus) || millicpus == 0)
		return mr_error_set(err, EINVAL,
				    "invalid --cpus '%s': expected a number of "
				    "CPUs above 0, such as 1.5",
				    text);

	*ret_millicpus = millicpus;
	return 0;
}

int mr_parse_count(const char *option, const char *text, uint64_t max,
		   uint64_t *ret, struct mr_error *err)
{
	uint64_t value;

	if (!read_uint64(text, &value) || value == 0 || value > max)
		return mr_error_set(err, EINVAL,
				    "invalid %s '%s': expected a whole number "
				    "from 1 to %" PRIu64,
				    option, text, max);

	*ret = value;
	return 0;
}

int mr_parse_volume(const char *text, struct mr_volume *ret,
		    struct mr_error *err)
{
	cleanup_free char *spec = strdup(text);
	char *target, *mode;
	bool read_only = false;

	if (!spec)
		return mr_error_set(err, ENOMEM, "out of memory");

	target = strchr(spec, ':');
	if (!target)
		return mr_error_set(err, EINVAL,
				    "invalid --volume '%s': expected "
				    "HOST:CONTAINER[:ro|:rw]",
				    text);
	*target++ = '\0';

	mode = strchr(target, ':');
	if (mode) {
		*mode++ = '\0';
		if (strcmp(mode, "ro") != 0 && strcmp(mode, "rw") != 0)
			return mr_error_set(err, EINVAL,
					    "invalid --volume '%s': unknown "
					    "mode '%s', expected ro or rw",
					    text, mode);
		read_only = strcmp(mode, "ro") == 0;
	}

	if (spec[0] != '/' || target[0] != '/')
		return mr_error_set(err, EINVAL,
				    "invalid --volume '%s': both paths must be "
				    "absolute",
				    text);

	ret->source = spec;
	ret->target = target;
	ret->read_only = read_only;
	ret->spec = steal_pointer(&spec);
	return 0;
}

static int apply_tmpfs_option(const char *text, const char *option,
			      struct mr_tmpfs *tmpfs, struct mr_error *err)
{
	char *end;

	if (strncmp(option, "size=", 5) == 0)
		return mr_parse_bytes("--tmpfs size", option + 5,
				      &tmpfs->size_bytes, err);

	if (strncmp(option, "mode=", 5) == 0) {
		unsigned long mode = strtoul(option + 5, &end, 8);

		if (option[5] == '\0' || *end != '\0' || mode > 07777)
			return mr_error_set(err, EINVAL,
					    "invalid --tmpfs '%s': mode must "
					    "be octal, such as 1777",
					    text);
		tmpfs->mode = (unsigned int)mode;
		return 0;
	}

	if (strcmp(option, "exec") == 0 || strcmp(option, "noexec") == 0) {
		tmpfs->exec = strcmp(option, "exec") == 0;
		return 0;
	}
	if (strcmp(option, "ro") == 0 || strcmp(option, "rw") == 0) {
		tmpfs->read_only = strcmp(option, "ro") == 0;
		return 0;
	}

	return mr_error_set(err, EINVAL,
			    "invalid --tmpfs '%s': unknown option '%s', "
			    "expected size=, mode=, exec, noexec, ro or rw",
			    text, option);
}

int mr_parse_tmpfs(const char *text, struct mr_tmpfs *ret,
		   struct mr_error *err)
{
	struct mr_tmpfs tmpfs = {.mode = 01777};
	cleanup_free char *copy = strdup(text);
	char *options, *option, *save = NULL;
	int r;

	if (!copy)
		return mr_error_set(err, ENOMEM, "out of memory");

	options = strchr(copy, ':');
	if (options)
		*options++ = '\0';

	if (copy[0] != '/')
		return mr_error_set(err, EINVAL,
				    "invalid --tmpfs '%s': the path must be "
				    "absolute",
				    text);

	for (option = options ? strtok_r(options, ",", &save) : NULL; option;
	     option = strtok_r(NULL, ",", &save)) {
		r = apply_tmpfs_option(text, option, &tmpfs, err);
		if (r < 0)
			return r;
	}

	tmpfs.target = steal_pointer(&copy);
	*ret = tmpfs;
	return 0;
}

static const struct {
	const char *name;
	int resource;
} ulimit_names[] = {
    {"as", RLIMIT_AS},		   {"core", RLIMIT_CORE},
    {"cpu", RLIMIT_CPU},	   {"data", RLIMIT_DATA},
    {"fsize", RLIMIT_FSIZE},	   {"locks", RLIMIT_LOCKS},
    {"memlock", RLIMIT_MEMLOCK},   {"msgqueue", RLIMIT_MSGQUEUE},
    {"nice", RLIMIT_NICE},	   {"nofile", RLIMIT_NOFILE},
    {"nproc", RLIMIT_NPROC},	   {"rss", RLIMIT_RSS},
    {"rtprio", RLIMIT_RTPRIO},	   {"rttime", RLIMIT_RTTIME},
    {"sigpending", RLIMIT_SIGPENDING}, {"stack", RLIMIT_STACK},
};

/* A limit value: digits, or "unlimited" or -1 for no limit. */
static bool read_limit(const char *text, uint64_t *ret)
{
	if (strcmp(text, "unlimited") == 0 || strcmp(text, "-1") == 0) {
		*ret = RLIM_INFINITY;
		return true;
	}
	return read_uint64(text, ret);
}

int mr_parse_ulimit(const char *text, struct mr_ulimit *ret,
		    struct mr_error *err)
{
	const char *equals = strchr(text, '=');
	char soft[32] = "", hard[32] = "";
	struct mr_ulimit limit = {0};
	const char *colon;

	for (size_t i = 0; equals && i < sizeof(ulimit_names) /
						 sizeof(*ulimit_names);
	     i++) {
		if (strlen(ulimit_names[i].name) == (size_t)(equals - text) &&
		    strncmp(ulimit_names[i].name, text,
			    (size_t)(equals - text)) == 0) {
			limit.name = ulimit_names[i].name;
			limit.resource = ulimit_names[i].resource;
		}
	}
	if (!limit.name)
		return mr_error_set(err, EINVAL,
				    "invalid --ulimit '%s': expected "
				    "NAME=SOFT[:HARD] with NAME one of as, "
				    "core, cpu, data, fsize, locks, memlock, "
				    "msgqueue, nice, nofile, nproc, rss, "
				    "rtprio, rttime, sigpending, stack",
				    text);

	colon = strchr(equals + 1, ':');
	if (colon)
		snprintf(soft, sizeof(soft), "%.*s", (int)(colon - equals - 1),
			 equals + 1);
	else
		snprintf(soft, sizeof(soft), "%s", equals + 1);
	snprintf(hard, sizeof(hard), "%s", colon ? colon + 1 : soft);

	if (!read_limit(soft, &limit.soft) || !read_limit(hard, &limit.hard) ||
	    limit.soft > limit.hard)
		return mr_error_set(err, EINVAL,
				    "invalid --ulimit '%s': expected numbers "
				    "or 'unlimited', with SOFT at most HARD",
				    text);

	*ret = limit;
	return 0;
}
