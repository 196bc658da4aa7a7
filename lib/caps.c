/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "caps.h"

#include <ctype.h>
#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>

#include <cap-ng.h>

static const int default_caps[] = {
    CAP_CHOWN,	 CAP_DAC_OVERRIDE, CAP_FSETID,		 CAP_FOWNER,
    CAP_MKNOD,	 CAP_NET_RAW,	   CAP_SETGID,		 CAP_SETUID,
    CAP_SETFCAP, CAP_SETPCAP,	   CAP_NET_BIND_SERVICE, CAP_SYS_CHROOT,
    CAP_KILL,	 CAP_AUDIT_WRITE,
};

uint64_t mr_caps_default(void)
{
	uint64_t caps = 0;

	for (size_t i = 0; i < sizeof(default_caps) / sizeof(*default_caps);
	     i++)
		caps |= MR_CAP_BIT(default_caps[i]);
	return caps;
}

static int read_last_cap(void)
{
	int last = CAP_LAST_CAP;
	FILE *f;

	/* The kernel may know more or fewer capabilities than our headers. */
	f = fopen("/proc/sys/kernel/cap_last_cap", "re");
	if (f) {
		if (fscanf(f, "%d", &last) != 1)
			last = CAP_LAST_CAP;
		fclose(f);
	}

	if (last < 0 || last > 63)
		last = CAP_LAST_CAP;
	return last;
}

uint64_t mr_caps_known(void)
{
	int last = read_last_cap();

	return last == 63 ? UINT64_MAX : MR_CAP_BIT(last + 1) - 1;
}

uint64_t mr_caps_all(void)
{
	int last = read_last_cap();
	uint64_t caps = 0;

	/*
	 * A capability outside our own bounding set can never be granted, and
	 * hosts and CI sandboxes often drop some (CAP_SYS_RESOURCE, say).
	 */
	for (int cap = 0; cap <= last; cap++)
		if (prctl(PR_CAPBSET_READ, cap, 0, 0, 0) == 1)
			caps |= MR_CAP_BIT(cap);
	return caps;
}

int mr_cap_from_name(const char *name, int *ret_cap, struct mr_error *err)
{
	char lower[64];
	const char *bare = name;
	size_t i;
	int cap;

	if (strncasecmp(bare, "CAP_", 4) == 0)
		bare += 4;

	for (i = 0; bare[i] && i < sizeof(lower) - 1; i++)
		lower[i] = (char)tolower((unsigned char)bare[i]);
	lower[i] = '\0';

	cap = bare[i] ? -1 : capng_name_to_capability(lower);
	if (cap < 0 || cap > 63)
		return mr_error_set(err, EINVAL, "unknown capability '%s'",
				    name);

	*ret_cap = cap;
	return 0;
}

const char *mr_cap_to_name(int cap)
{
	static const char *const names[] = {
#define NAME(c) [c] = #c
	    NAME(CAP_CHOWN),
	    NAME(CAP_DAC_OVERRIDE),
	    NAME(CAP_DAC_READ_SEARCH),
	    NAME(CAP_FOWNER),
	    NAME(CAP_FSETID),
	    NAME(CAP_KILL),
	    NAME(CAP_SETGID),
	    NAME(CAP_SETUID),
	    NAME(CAP_SETPCAP),
	    NAME(CAP_LINUX_IMMUTABLE),
	    NAME(CAP_NET_BIND_SERVICE),
	    NAME(CAP_NET_BROADCAST),
	    NAME(CAP_NET_ADMIN),
	    NAME(CAP_NET_RAW),
	    NAME(CAP_IPC_LOCK),
	    NAME(CAP_IPC_OWNER),
	    NAME(CAP_SYS_MODULE),
	    NAME(CAP_SYS_RAWIO),
	    NAME(CAP_SYS_CHROOT),
	    NAME(CAP_SYS_PTRACE),
	    NAME(CAP_SYS_PACCT),
	    NAME(CAP_SYS_ADMIN),
	    NAME(CAP_SYS_BOOT),
	    NAME(CAP_SYS_NICE),
	    NAME(CAP_SYS_RESOURCE),
	    NAME(CAP_SYS_TIME),
	    NAME(CAP_SYS_TTY_CONFIG),
	    NAME(CAP_MKNOD),
	    NAME(CAP_LEASE),
	    NAME(CAP_AUDIT_WRITE),
	    NAME(CAP_AUDIT_CONTROL),
	    NAME(CAP_SETFCAP),
	    NAME(CAP_MAC_OVERRIDE),
	    NAME(CAP_MAC_ADMIN),
	    NAME(CAP_SYSLOG),
	    NAME(CAP_WAKE_ALARM),
	    NAME(CAP_BLOCK_SUSPEND),
	    NAME(CAP_AUDIT_READ),
	    NAME(CAP_PERFMON),
	    NAME(CAP_BPF),
	    NAME(CAP_CHECKPOINT_RESTORE),
#undef NAME
	};

	if (cap < 0 || (size_t)cap >= sizeof(names) / sizeof(*names))
		return NULL;
	return names[cap];
}

static bool is_all(const char *name)
{
	return strcasecmp(name, "ALL") == 0 || strcasecmp(name, "CAP_ALL") == 0;
}

static int names_to_set(char *const *names, size_t count, bool *ret_all,
			uint64_t *ret_set, struct mr_error *err)
{
	uint64_t set = 0;
	bool all = false;

	for (size_t i = 0; i < count; i++) {
		int cap, r;

		if (is_all(names[i])) {
			all = true;
			continue;
		}

		r = mr_cap_from_name(names[i], &cap, err);
		if (r < 0)
			return r;

		set |= MR_CAP_BIT(cap);
	}

	*ret_all = all;
	*ret_set = set;
	return 0;
}

/* Rejects an explicit --cap-add outside available. */
static int check_grantable(uint64_t added, uint64_t available,
			   struct mr_error *err)
{
	uint64_t missing = added & ~available;
	const char *name;

	for (int cap = 0; cap < 64; cap++) {
		if (!(missing & MR_CAP_BIT(cap)))
			continue;

		name = mr_cap_to_name(cap);
		return mr_error_set(err, EPERM,
				    "--cap-add: capability '%s' is not in "
				    "minirun's own bounding set, so it cannot "
				    "be granted",
				    name ? name : "?");
	}
	return 0;
}

int mr_caps_resolve(char *const *add, size_t add_count, char *const *drop,
		    size_t drop_count, uint64_t available, uint64_t *ret_caps,
		    struct mr_error *err)
{
	uint64_t added, dropped, caps;
	bool add_all, drop_all;
	int r;

	r = names_to_set(add, add_count, &add_all, &added, err);
	if (r < 0)
		return mr_error_prefix(err, "--cap-add");

	r = names_to_set(drop, drop_count, &drop_all, &dropped, err);
	if (r < 0)
		return mr_error_prefix(err, "--cap-drop");

	/*
	 * The order of Docker's TweakCapabilities: ALL in the add list wins,
	 * then ALL in the drop list, and otherwise the drops are taken from
	 * the default before the adds go in, so a name in both lists stays.
	 */
	r = check_grantable(added, available, err);
	if (r < 0)
		return r;

	if (add_all)
		caps = available & ~dropped;
	else if (drop_all)
		caps = added;
	else
		caps = (mr_caps_default() & ~dropped) | added;

	*ret_caps = caps & available;
	return 0;
}

static void select_caps(uint64_t caps, capng_type_t type)
{
	for (int cap = 0; cap < 64; cap++)
		if (caps & MR_CAP_BIT(cap))
			capng_update(CAPNG_ADD, type, (unsigned int)cap);
}

int mr_caps_limit_bounding(uint64_t caps, struct mr_error *err)
{
	int r;

	capng_clear(CAPNG_SELECT_ALL);
	select_caps(caps, CAPNG_BOUNDING_SET);

	r = capng_apply(CAPNG_SELECT_BOUNDS);
	if (r < 0)
		return mr_error_set(err, EPERM,
				    "reducing the capability bounding set "
				    "failed (libcap-ng error %d)",
				    r);

	r = capng_apply(CAPNG_SELECT_AMBIENT);
	if (r < 0)
		return mr_error_set(err, EPERM,
				    "clearing the ambient capabilities failed "
				    "(libcap-ng error %d)",
				    r);
	return 0;
}

int mr_caps_apply(uint64_t caps, uint64_t extra, struct mr_error *err)
{
	int r;

	/* The inheritable set stays empty, as in Docker since 20.10.14. */
	capng_clear(CAPNG_SELECT_CAPS);
	select_caps(caps, CAPNG_EFFECTIVE | CAPNG_PERMITTED);
	select_caps(extra, CAPNG_EFFECTIVE | CAPNG_PERMITTED);

	r = capng_apply(CAPNG_SELECT_CAPS);
	if (r < 0)
		return mr_error_set(err, EPERM,
				    "setting the capabilities failed "
				    "(libcap-ng error %d)",
				    r);
	return 0;
}
