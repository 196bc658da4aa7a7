/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef MINIRUN_CGROUP_H
#define MINIRUN_CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "config.h"
#include "error.h"

/* The controllers that --memory, --pids-limit and --cpus need. */
#define MR_CGROUP_MEMORY (1u << 0)
#define MR_CGROUP_PIDS (1u << 1)
#define MR_CGROUP_CPU (1u << 2)

#define MR_CGROUP_DIRS_MAX 3

/* One cgroup directory of the run, in one hierarchy. */
struct mr_cgroup_dir {
	char *parent;		  /* the caller's own cgroup in the hierarchy */
	char *path;		  /* parent/minirun-..., set once created */
	unsigned int controllers; /* MR_CGROUP_* bits it limits */
};

/*
 * The cgroup of one run: a single directory in the cgroup v2 hierarchy, or
 * one per needed controller in the v1 hierarchies.
 */
struct mr_cgroup {
	int version; /* 1 or 2 */
	struct mr_cgroup_dir dirs[MR_CGROUP_DIRS_MAX];
	size_t dir_count;
};

/* Returns the MR_CGROUP_* bits that the limits of config need, or 0. */
unsigned int mr_cgroup_needed(const struct mr_config *config);

/*
 * Finds the caller's cgroup path in the text of /proc/self/cgroup: the v1
 * hierarchy whose controller list names controller, or the v2 hierarchy
 * ("0::PATH") when controller is "".  Returns -ENOENT when there is none.
 */
int mr_cgroup_own_path(const char *self_cgroup, const char *controller,
		       char **ret_path);

/*
 * Chooses where the run's cgroup goes below root (normally /sys/fs/cgroup):
 * cgroup v2, at root itself or at root/unified, when the caller's own v2
 * cgroup offers every needed controller, and else the v1 hierarchies at
 * root/memory, root/pids and root/cpu.  Fills ret->version and the parent
 * of each directory and creates nothing.
 */
int mr_cgroup_plan(const char *root, const char *self_cgroup,
		   unsigned int needed, struct mr_cgroup *ret,
		   struct mr_error *err);

/*
 * Creates the run's cgroup below the caller's own and writes the limits of
 * config into it.  Sets *ret to NULL when config has no cgroup limits.  A
 * limit that cannot be applied is an error, and then nothing is left.
 * rootless makes a missing delegation the stated cause.
 */
int mr_cgroup_create(const struct mr_config *config, bool rootless,
		     struct mr_cgroup **ret, struct mr_error *err);

/* Moves the process pid into every directory of the cgroup. */
int mr_cgroup_add_process(const struct mr_cgroup *cgroup, pid_t pid,
			  struct mr_error *err);

/* Tells whether the OOM killer killed a process of the cgroup. */
bool mr_cgroup_oom_killed(const struct mr_cgroup *cgroup);

/*
 * Kills every process left in the cgroup, removes its directories and
 * frees it.  Accepts NULL.
 */
void mr_cgroup_destroy(struct mr_cgroup *cgroup);

/*
 * Gives the calling child a new cgroup namespace when config has cgroup
 * limits.  The child's first one began at clone, before the parent moved
 * it into the run's cgroup, so it would show that cgroup's path.
 */
int mr_cgroup_unshare_namespace(const struct mr_config *config,
				struct mr_error *err);

/* Frees the strings of a plan and touches no file. */
void mr_cgroup_clear(struct mr_cgroup *cgroup);

#endif
