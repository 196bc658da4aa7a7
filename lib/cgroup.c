/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "cgroup.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"

#define CGROUP_ROOT "/sys/fs/cgroup"

/* The CFS period that Docker uses for --cpus, in microseconds. */
#define CPU_PERIOD_US 100000

/* An estimate, large enough for long paths in every v1 hierarchy. */
#define SELF_CGROUP_MAX 16384

/* How long removing a cgroup waits for its killed processes to go. */
#define REMOVE_ATTEMPTS 500
#define REMOVE_INTERVAL_NS 10000000L /* 10 ms, so at most 5 s */

static const struct {
	unsigned int bit;
	const char *name;   /* the controller */
	const char *option; /* the option that needs it */
} controllers[] = {
    {MR_CGROUP_MEMORY, "memory", "--memory"},
    {MR_CGROUP_PIDS, "pids", "--pids-limit"},
    {MR_CGROUP_CPU, "cpu", "--cpus"},
};

#define CONTROLLER_COUNT (sizeof(controllers) / sizeof(*controllers))

unsigned int mr_cgroup_needed(const struct mr_config *config)
{
	unsigned int needed = 0;

	if (config->memory_bytes > 0)
		needed |= MR_CGROUP_MEMORY;
	if (config->pids_limit > 0)
		needed |= MR_CGROUP_PIDS;
	if (config->cpu_millis > 0)
		needed |= MR_CGROUP_CPU;
	return needed;
}

/* Tells whether the comma-separated list contains word. */
static bool list_contains(const char *list, size_t length, const char *word)
{
	size_t word_length = strlen(word);
	const char *end = list + length;

	while (list < end) {
		const char *comma = memchr(list, ',', (size_t)(end - list));
		size_t item =
		    comma ? (size_t)(comma - list) : (size_t)(end - list);

		if (item == word_length && strncmp(list, word, item) == 0)
			return true;
		list += item + 1;
	}
	return false;
}

/* Lines are "ID:CONTROLLERS:PATH", with CONTROLLERS empty for v2. */
int mr_cgroup_own_path(const char *self_cgroup, const char *controller,
		       char **ret_path)
{
	for (const char *line = self_cgroup; line && *line;) {
		const char *newline = strchr(line, '\n');
		const char *end = newline ? newline : line + strlen(line);
		const char *first = memchr(line, ':', (size_t)(end - line));
		const char *second =
		    first ? memchr(first + 1, ':', (size_t)(end - first - 1))
			  : NULL;

		if (second) {
			size_t length = (size_t)(second - first - 1);
			bool match =
			    *controller
				? list_contains(first + 1, length, controller)
				: length == 0;

			if (match) {
				*ret_path = strndup(second + 1,
						    (size_t)(end - second - 1));
				return *ret_path ? 0 : -ENOMEM;
			}
		}
		line = newline ? newline + 1 : NULL;
	}
	return -ENOENT;
}

static char *join_path(const char *dir, const char *name)
{
	char *path;

	/* The own path "/" names the hierarchy's root itself. */
	if (strcmp(name, "/") == 0)
		name = "";
	if (asprintf(&path, "%s%s%s", dir, *name == '/' || !*name ? "" : "/",
		     name) < 0)
		return NULL;
	return path;
}

/* Reads a small file into buf as a string, or returns -errno. */
static int read_text(const char *path, char *buf, size_t size)
{
	cleanup_close int fd = -1;
	ssize_t n;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return 0;
}

static int read_text_at(const char *dir, const char *name, char *buf,
			size_t size)
{
	cleanup_free char *path = join_path(dir, name);

	if (!path)
		return -ENOMEM;
	return read_text(path, buf, size);
}

static bool file_exists_at(const char *dir, const char *name)
{
	cleanup_free char *path = join_path(dir, name);

	return path && access(path, F_OK) == 0;
}

/* Tells whether a space-separated list such as cgroup.controllers has word. */
static bool words_contain(const char *words, const char *word)
{
	size_t length = strlen(word);

	for (const char *p = words; (p = strstr(p, word)); p += length) {
		bool starts = p == words || p[-1] == ' ';
		bool ends =
		    p[length] == '\0' || p[length] == ' ' || p[length] == '\n';

		if (starts && ends)
			return true;
	}
	return false;
}

static const char *option_of(unsigned int bits)
{
	for (size_t i = 0; i < CONTROLLER_COUNT; i++)
		if (bits & controllers[i].bit)
			return controllers[i].option;
	return "a resource limit";
}

static int add_dir(struct mr_cgroup *cgroup, char *parent, unsigned int bits)
{
	if (!parent)
		return -ENOMEM;

	/* Controllers mounted together share one directory. */
	for (size_t i = 0; i < cgroup->dir_count; i++) {
		if (strcmp(cgroup->dirs[i].parent, parent) == 0) {
			cgroup->dirs[i].controllers |= bits;
			free(parent);
			return 0;
		}
	}
	cgroup->dirs[cgroup->dir_count++] =
	    (struct mr_cgroup_dir){.parent = parent, .controllers = bits};
	return 0;
}

/*
 * Returns the v2 hierarchy's mount below root: root itself on a pure v2
 * system, root/unified on a hybrid one, or NULL.
 */
static char *find_v2_root(const char *root)
{
	if (file_exists_at(root, "cgroup.controllers"))
		return strdup(root);
	if (file_exists_at(root, "unified/cgroup.controllers"))
		return join_path(root, "unified");
	return NULL;
}

/*
 * Returns 1 when v2 offers every needed controller at the caller's cgroup.
 * NOTE: the v2 path is covered by unit tests on a fake tree only, because
 * the machines that run this project's tests offer v1 controllers.
 */
static int plan_v2(const char *root, const char *self_cgroup,
		   unsigned int needed, struct mr_cgroup *ret)
{
	cleanup_free char *v2_root = find_v2_root(root);
	cleanup_free char *own = NULL;
	char available[1024];
	char *parent;

	if (!v2_root || mr_cgroup_own_path(self_cgroup, "", &own) < 0)
		return 0;

	parent = join_path(v2_root, own);
	if (!parent)
		return -ENOMEM;
	if (read_text_at(parent, "cgroup.controllers", available,
			 sizeof(available)) < 0) {
		free(parent);
		return 0;
	}

	for (size_t i = 0; i < CONTROLLER_COUNT; i++) {
		if ((needed & controllers[i].bit) &&
		    !words_contain(available, controllers[i].name)) {
			free(parent);
			return 0;
		}
	}

	ret->version = 2;
	return add_dir(ret, parent, needed) < 0 ? -ENOMEM : 1;
}

static int plan_v1(const char *root, const char *self_cgroup,
		   unsigned int needed, struct mr_cgroup *ret,
		   struct mr_error *err)
{
	ret->version = 1;
	for (size_t i = 0; i < CONTROLLER_COUNT; i++) {
		cleanup_free char *hierarchy = NULL;
		cleanup_free char *own = NULL;
		char resolved[PATH_MAX];

		if (!(needed & controllers[i].bit))
			continue;

		hierarchy = join_path(root, controllers[i].name);
		if (!hierarchy)
			return mr_error_set(err, ENOMEM, "out of memory");
		if (mr_cgroup_own_path(self_cgroup, controllers[i].name, &own) <
			0 ||
		    !realpath(hierarchy, resolved))
			return mr_error_set(
			    err, ENOTSUP,
			    "%s needs the cgroup '%s' controller, but neither "
			    "cgroup v2 nor v1 under '%s' offers it",
			    controllers[i].option, controllers[i].name, root);

		if (add_dir(ret, join_path(resolved, own), controllers[i].bit) <
		    0)
			return mr_error_set(err, ENOMEM, "out of memory");
	}
	return 0;
}

int mr_cgroup_plan(const char *root, const char *self_cgroup,
		   unsigned int needed, struct mr_cgroup *ret,
		   struct mr_error *err)
{
	int r;

	*ret = (struct mr_cgroup){0};

	r = plan_v2(root, self_cgroup, needed, ret);
	if (r < 0)
		return mr_error_set(err, -r, "out of memory");
	if (r > 0)
		return 0;

	/* A pure v2 system has no v1 hierarchies to fall back to. */
	if (file_exists_at(root, "cgroup.controllers"))
		return mr_error_set(err, ENOTSUP,
				    "%s needs a cgroup v2 controller that the "
				    "caller's cgroup does not offer (see "
				    "cgroup.controllers in its directory "
				    "under '%s')",
				    option_of(needed), root);

	r = plan_v1(root, self_cgroup, needed, ret, err);
	if (r < 0)
		mr_cgroup_clear(ret);
	return r;
}

void mr_cgroup_clear(struct mr_cgroup *cgroup)
{
	for (size_t i = 0; i < cgroup->dir_count; i++) {
		free(cgroup->dirs[i].parent);
		free(cgroup->dirs[i].path);
	}
	*cgroup = (struct mr_cgroup){0};
}

static int write_text(const char *dir, const char *name, const char *text)
{
	cleanup_free char *path = join_path(dir, name);
	cleanup_close int fd = -1;
	size_t length = strlen(text);

	if (!path)
		return -ENOMEM;
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, text, length) != (ssize_t)length)
		return -errno;
	return 0;
}

/* Writes a limit, naming the option, its file and the cause on failure. */
static int write_limit(const char *dir, const char *name, const char *option,
		       const char *value, struct mr_error *err)
{
	int r = write_text(dir, name, value);

	if (r < 0)
		return mr_error_set_errno(err, -r,
					  "%s: writing '%s' to '%s/%s' failed",
					  option, value, dir, name);
	return 0;
}

/*
 * Without a swap limit the command could swap instead of meeting the
 * memory limit, so the swap limit leaves it no swap (v2) or counts memory
 * and swap together against the same limit (v1).  Each file is absent
 * when the kernel does not account swap, and then no swap limit is needed.
 */
static int write_memory(const struct mr_cgroup *cgroup, const char *dir,
			uint64_t bytes, struct mr_error *err)
{
	char value[32];
	int r;

	snprintf(value, sizeof(value), "%llu", (unsigned long long)bytes);
	if (cgroup->version == 2) {
		r = write_limit(dir, "memory.max", "--memory", value, err);
		if (r == 0 && file_exists_at(dir, "memory.swap.max"))
			r = write_limit(dir, "memory.swap.max", "--memory", "0",
					err);
		return r;
	}

	r = write_limit(dir, "memory.limit_in_bytes", "--memory", value, err);
	if (r == 0 && file_exists_at(dir, "memory.memsw.limit_in_bytes"))
		r = write_limit(dir, "memory.memsw.limit_in_bytes", "--memory",
				value, err);
	return r;
}

static int write_cpu(const struct mr_cgroup *cgroup, const char *dir,
		     uint64_t millis, struct mr_error *err)
{
	unsigned long long quota = millis * (CPU_PERIOD_US / 1000);
	char value[64];
	int r;

	if (cgroup->version == 2) {
		snprintf(value, sizeof(value), "%llu %d", quota, CPU_PERIOD_US);
		return write_limit(dir, "cpu.max", "--cpus", value, err);
	}

	snprintf(value, sizeof(value), "%d", CPU_PERIOD_US);
	r = write_limit(dir, "cpu.cfs_period_us", "--cpus", value, err);
	if (r < 0)
		return r;
	snprintf(value, sizeof(value), "%llu", quota);
	return write_limit(dir, "cpu.cfs_quota_us", "--cpus", value, err);
}

static int write_limits(const struct mr_cgroup *cgroup,
			const struct mr_cgroup_dir *dir,
			const struct mr_config *config, struct mr_error *err)
{
	char value[32];
	int r = 0;

	if (dir->controllers & MR_CGROUP_MEMORY)
		r = write_memory(cgroup, dir->path, config->memory_bytes, err);
	if (r == 0 && (dir->controllers & MR_CGROUP_PIDS)) {
		snprintf(value, sizeof(value), "%llu",
			 (unsigned long long)config->pids_limit);
		r = write_limit(dir->path, "pids.max", "--pids-limit", value,
				err);
	}
	if (r == 0 && (dir->controllers & MR_CGROUP_CPU))
		r = write_cpu(cgroup, dir->path, config->cpu_millis, err);
	return r;
}

/*
 * A v2 child cgroup gets only the controllers that its parent enables in
 * cgroup.subtree_control.  The kernel rejects enabling one in a non-root
 * cgroup that has processes of its own (EBUSY).
 */
static int enable_v2_controllers(const struct mr_cgroup_dir *dir,
				 struct mr_error *err)
{
	char enabled[1024], request[64];
	int r;

	r = read_text_at(dir->parent, "cgroup.subtree_control", enabled,
			 sizeof(enabled));
	if (r < 0)
		return mr_error_set_errno(err, -r, "reading '%s/%s' failed",
					  dir->parent,
					  "cgroup.subtree_control");

	for (size_t i = 0; i < CONTROLLER_COUNT; i++) {
		if (!(dir->controllers & controllers[i].bit) ||
		    words_contain(enabled, controllers[i].name))
			continue;
		snprintf(request, sizeof(request), "+%s", controllers[i].name);
		r = write_text(dir->parent, "cgroup.subtree_control", request);
		if (r < 0)
			return mr_error_set_errno(
			    err, -r,
			    "%s: enabling the '%s' controller in "
			    "'%s/cgroup.subtree_control' failed%s",
			    controllers[i].option, controllers[i].name,
			    dir->parent,
			    r == -EBUSY ? " because that cgroup has processes "
					  "of its own; run minirun in a cgroup "
					  "of its own"
					: "");
	}
	return 0;
}

static int check_delegated(const struct mr_cgroup_dir *dir,
			   struct mr_error *err)
{
	if (access(dir->parent, W_OK) == 0)
		return 0;
	return mr_error_set(err, EACCES,
			    "%s in rootless mode needs a cgroup delegated to "
			    "uid %u, but its cgroup '%s' is not writable by "
			    "it; run minirun as root or in a delegated cgroup",
			    option_of(dir->controllers), (unsigned)getuid(),
			    dir->parent);
}

static int make_dir(struct mr_cgroup_dir *dir, struct mr_error *err)
{
	unsigned int random = 0;
	char name[64];

	/* The pid keeps names apart within this pid namespace, the random
	 * part across namespaces that share the cgroup. */
	if (getrandom(&random, sizeof(random), GRND_NONBLOCK) < 0)
		random = (unsigned int)time(NULL);
	snprintf(name, sizeof(name), "minirun-%d-%08x", (int)getpid(), random);

	dir->path = join_path(dir->parent, name);
	if (!dir->path)
		return mr_error_set(err, ENOMEM, "out of memory");
	if (mkdir(dir->path, 0755) < 0) {
		int saved = errno;

		free(dir->path);
		dir->path = NULL;
		return mr_error_set_errno(
		    err, saved, "%s: creating cgroup '%s/%s' failed",
		    option_of(dir->controllers), dir->parent, name);
	}
	return 0;
}

static int set_up_dir(struct mr_cgroup *cgroup, struct mr_cgroup_dir *dir,
		      const struct mr_config *config, bool rootless,
		      struct mr_error *err)
{
	int r;

	if (rootless) {
		r = check_delegated(dir, err);
		if (r < 0)
			return r;
	}
	if (cgroup->version == 2) {
		r = enable_v2_controllers(dir, err);
		if (r < 0)
			return r;
	}
	r = make_dir(dir, err);
	if (r < 0)
		return r;
	return write_limits(cgroup, dir, config, err);
}

int mr_cgroup_create(const struct mr_config *config, bool rootless,
		     struct mr_cgroup **ret, struct mr_error *err)
{
	unsigned int needed = mr_cgroup_needed(config);
	struct mr_cgroup *cgroup;
	char self_cgroup[SELF_CGROUP_MAX];
	int r;

	*ret = NULL;
	if (needed == 0)
		return 0;

	r = read_text("/proc/self/cgroup", self_cgroup, sizeof(self_cgroup));
	if (r < 0)
		return mr_error_set_errno(err, -r,
					  "reading /proc/self/cgroup failed");

	cgroup = calloc(1, sizeof(*cgroup));
	if (!cgroup)
		return mr_error_set(err, ENOMEM, "out of memory");

	r = mr_cgroup_plan(CGROUP_ROOT, self_cgroup, needed, cgroup, err);
	for (size_t i = 0; r == 0 && i < cgroup->dir_count; i++)
		r = set_up_dir(cgroup, &cgroup->dirs[i], config, rootless, err);
	if (r < 0) {
		mr_cgroup_destroy(cgroup);
		return r;
	}

	*ret = cgroup;
	return 0;
}

int mr_cgroup_add_process(const struct mr_cgroup *cgroup, pid_t pid,
			  struct mr_error *err)
{
	char value[32];
	int r;

	snprintf(value, sizeof(value), "%d", (int)pid);
	for (size_t i = 0; cgroup && i < cgroup->dir_count; i++) {
		r = write_text(cgroup->dirs[i].path, "cgroup.procs", value);
		if (r < 0)
			return mr_error_set_errno(
			    err, -r,
			    "moving the container process into "
			    "cgroup '%s' failed",
			    cgroup->dirs[i].path);
	}
	return 0;
}

/* Returns the number after "key " in a flat keyed file, or 0. */
static unsigned long long read_key(const char *dir, const char *name,
				   const char *key)
{
	char text[4096];
	size_t length = strlen(key);

	if (read_text_at(dir, name, text, sizeof(text)) < 0)
		return 0;
	for (char *line = text; line; line = strchr(line, '\n')) {
		if (*line == '\n')
			line++;
		if (strncmp(line, key, length) == 0 && line[length] == ' ')
			return strtoull(line + length + 1, NULL, 10);
	}
	return 0;
}

bool mr_cgroup_oom_killed(const struct mr_cgroup *cgroup)
{
	char text[64];

	for (size_t i = 0; cgroup && i < cgroup->dir_count; i++) {
		const char *dir = cgroup->dirs[i].path;

		if (!dir || !(cgroup->dirs[i].controllers & MR_CGROUP_MEMORY))
			continue;
		if (cgroup->version == 2)
			return read_key(dir, "memory.events", "oom_kill") > 0;

		/* oom_kill appeared in memory.oom_control in Linux 4.13. */
		if (read_key(dir, "memory.oom_control", "oom_kill") > 0)
			return true;
		return read_text_at(dir, "memory.failcnt", text,
				    sizeof(text)) == 0 &&
		       strtoull(text, NULL, 10) > 0;
	}
	return false;
}

/* Sends SIGKILL to every process listed in the cgroup's cgroup.procs. */
static void kill_processes(const char *dir)
{
	char text[16384];
	char *end;

	if (read_text_at(dir, "cgroup.procs", text, sizeof(text)) < 0)
		return;
	for (char *p = text; *p; p = end) {
		long pid = strtol(p, &end, 10);

		if (end == p)
			break;
		if (pid > 0)
			kill((pid_t)pid, SIGKILL);
	}
}

/*
 * Removes one directory.  When the command's pid 1 is gone the kernel has
 * killed the rest of its pid namespace, but processes that are still
 * exiting keep the cgroup busy for a moment.
 */
static void remove_dir(const struct mr_cgroup *cgroup, const char *dir)
{
	const struct timespec interval = {.tv_nsec = REMOVE_INTERVAL_NS};

	if (cgroup->version == 2 && file_exists_at(dir, "cgroup.kill"))
		write_text(dir, "cgroup.kill", "1");

	for (int i = 0; i < REMOVE_ATTEMPTS; i++) {
		kill_processes(dir);
		if (rmdir(dir) == 0 || errno == ENOENT)
			return;
		if (errno != EBUSY)
			return;
		nanosleep(&interval, NULL);
	}
}

void mr_cgroup_destroy(struct mr_cgroup *cgroup)
{
	if (!cgroup)
		return;
	for (size_t i = 0; i < cgroup->dir_count; i++)
		if (cgroup->dirs[i].path)
			remove_dir(cgroup, cgroup->dirs[i].path);
	mr_cgroup_clear(cgroup);
	free(cgroup);
}

int mr_cgroup_unshare_namespace(const struct mr_config *config,
				struct mr_error *err)
{
	if (mr_cgroup_needed(config) == 0)
		return 0;
	if (unshare(CLONE_NEWCGROUP) < 0)
		return mr_error_set_errno(err, errno,
					  "unshare(CLONE_NEWCGROUP) failed");
	return 0;
}
