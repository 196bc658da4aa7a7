/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef MINIRUN_CONFIG_H
#define MINIRUN_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum mr_seccomp_mode {
	MR_SECCOMP_DEFAULT,
	MR_SECCOMP_UNCONFINED,
	MR_SECCOMP_PROFILE,
};

enum mr_network {
	MR_NETWORK_NONE, /* a new network namespace with only lo, up */
	MR_NETWORK_HOST, /* the caller's network namespace */
};

/* A bind mount from --volume HOST:CONTAINER[:ro|:rw]. */
struct mr_volume {
	char *spec; /* a copy of the argument that source and target cut up */
	const char *source;
	const char *target;
	bool read_only;
};

/* A tmpfs from --tmpfs PATH[:OPTIONS]. */
struct mr_tmpfs {
	char *target;
	uint64_t size_bytes; /* 0 leaves the kernel's default, half of RAM */
	unsigned int mode;
	bool exec; /* mounted noexec, as in Docker, unless "exec" is given */
	bool read_only;
};

/* An rlimit from --ulimit NAME=SOFT[:HARD]. */
struct mr_ulimit {
	const char *name;
	int resource; /* RLIMIT_* */
	uint64_t soft; /* RLIM_INFINITY for "unlimited" or -1 */
	uint64_t hard;
};

/* A list of strings; the strings belong to whoever filled the list. */
struct mr_strv {
	char **items;
	size_t count;
};

/*
 * The fully parsed run request.  String fields point into the caller's argv
 * unless noted, so the config lives no longer than argv.
 */
struct mr_config {
	const char *rootfs;
	char **command; /* NULL-terminated, command[0] is the program */

	const char *hostname;
	const char *workdir;
	const char *user;   /* USER[:GROUP], or NULL for root */
	struct mr_strv env; /* "KEY=VALUE" strings owned by the config */

	enum mr_seccomp_mode seccomp_mode;
	const char *seccomp_profile; /* the path for MR_SECCOMP_PROFILE */
	bool no_seccomp_cache;	     /* compile without the program cache */
	bool no_new_privileges;

	struct mr_strv cap_add;
	struct mr_strv cap_drop;
	uint64_t caps; /* the final set, computed from the two lists */

	struct mr_volume *volumes;
	size_t volume_count;
	struct mr_tmpfs *tmpfs_mounts;
	size_t tmpfs_count;
	bool read_only; /* --read-only: the rootfs is mounted read-only */
	enum mr_network network;

	/* Resource limits; 0 means no limit. */
	uint64_t memory_bytes;
	uint64_t pids_limit;
	uint64_t cpu_millis; /* --cpus times 1000 */
	struct mr_ulimit *ulimits;
	size_t ulimit_count;

	uint64_t timeout_ms;	  /* --timeout; 0 means none */
	uint64_t stop_timeout_ms; /* from SIGTERM to SIGKILL (default 10 s) */
	bool init;		  /* --init: a reaping pid 1 runs the command */
};

#endif
