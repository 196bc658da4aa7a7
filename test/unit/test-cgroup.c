/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "cgroup.h"

/* /proc/self/cgroup of a hybrid system, as on a Debian 10 host. */
static const char hybrid_self[] = "9:name=systemd:/\n"
				  "8:pids:/user.slice\n"
				  "4:memory:/process_api/abc\n"
				  "2:cpu,cpuacct:/\n"
				  "0::/user.slice/session-1.scope\n";

/* /proc/self/cgroup of a pure cgroup v2 system. */
static const char unified_self[] = "0::/user.slice/app.scope\n";

static void own_path_v1_controller(void **state)
{
	char *path = NULL;

	(void)state;
	assert_int_equal(mr_cgroup_own_path(hybrid_self, "memory", &path), 0);
	assert_string_equal(path, "/process_api/abc");
	free(path);

	assert_int_equal(mr_cgroup_own_path(hybrid_self, "pids", &path), 0);
	assert_string_equal(path, "/user.slice");
	free(path);
}

/* "cpu" must match inside "cpu,cpuacct" and not as a prefix of a name. */
static void own_path_comounted(void **state)
{
	char *path = NULL;

	(void)state;
	assert_int_equal(mr_cgroup_own_path(hybrid_self, "cpu", &path), 0);
	assert_string_equal(path, "/");
	free(path);

	assert_int_equal(mr_cgroup_own_path(hybrid_self, "cpuacct", &path), 0);
	free(path);

	assert_int_equal(mr_cgroup_own_path("3:cpuacct:/x\n", "cpu", &path),
			 -ENOENT);
}

static void own_path_v2(void **state)
{
	char *path = NULL;

	(void)state;
	assert_int_equal(mr_cgroup_own_path(hybrid_self, "", &path), 0);
	assert_string_equal(path, "/user.slice/session-1.scope");
	free(path);

	/* The last line may lack its newline. */
	assert_int_equal(mr_cgroup_own_path("0::/a", "", &path), 0);
	assert_string_equal(path, "/a");
	free(path);
}

static void own_path_missing(void **state)
{
	char *path = NULL;

	(void)state;
	assert_int_equal(mr_cgroup_own_path(unified_self, "memory", &path),
			 -ENOENT);
	assert_int_equal(mr_cgroup_own_path("", "", &path), -ENOENT);
	assert_int_equal(mr_cgroup_own_path("4:memory:/x\n", "", &path),
			 -ENOENT);
}

/* A fake /sys/fs/cgroup in a temporary directory. */
struct fake_tree {
	char root[64];
};

static void make_dirs(const char *root, const char *relative)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", root, relative);
	for (char *slash = path + strlen(root) + 1;
	     (slash = strchr(slash, '/')); slash++) {
		*slash = '\0';
		mkdir(path, 0755);
		*slash = '/';
	}
	mkdir(path, 0755);
}

static void write_file(const char *root, const char *relative, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, relative);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int make_tree(void **state)
{
	struct fake_tree *tree = calloc(1, sizeof(*tree));

	snprintf(tree->root, sizeof(tree->root), "/tmp/test-cgroup.XXXXXX");
	if (!mkdtemp(tree->root))
		return -1;
	*state = tree;
	return 0;
}

static int remove_tree(void **state)
{
	struct fake_tree *tree = *state;
	char command[128];

	/* The root is a fresh mkdtemp directory, so rm -r touches only it. */
	snprintf(command, sizeof(command), "rm -rf '%s'", tree->root);
	if (system(command) != 0)
		return -1;
	free(tree);
	return 0;
}

static void make_hybrid(const char *root, const char *v2_controllers)
{
	make_dirs(root, "memory/process_api/abc");
	make_dirs(root, "pids/user.slice");
	make_dirs(root, "cpu");
	make_dirs(root, "unified/user.slice/session-1.scope");
	write_file(root, "unified/cgroup.controllers", "hugetlb\n");
	write_file(root,
		   "unified/user.slice/session-1.scope/cgroup.controllers",
		   v2_controllers);
}

static void expect_dir(const struct mr_cgroup *cgroup, size_t index,
		       const char *root, const char *relative,
		       unsigned int controllers)
{
	char expected[512];

	snprintf(expected, sizeof(expected), "%s/%s", root, relative);
	assert_true(index < cgroup->dir_count);
	assert_string_equal(cgroup->dirs[index].parent, expected);
	assert_int_equal(cgroup->dirs[index].controllers, controllers);
	assert_null(cgroup->dirs[index].path);
}

/* The hybrid layout of this project's CI: v2 holds only hugetlb. */
static void plan_hybrid_uses_v1(void **state)
{
	struct fake_tree *tree = *state;
	struct mr_cgroup plan;
	struct mr_error err;

	make_hybrid(tree->root, "hugetlb\n");
	assert_int_equal(
	    mr_cgroup_plan(tree->root, hybrid_self,
			   MR_CGROUP_MEMORY | MR_CGROUP_PIDS | MR_CGROUP_CPU,
			   &plan, &err),
	    0);
	assert_int_equal(plan.version, 1);
	assert_int_equal(plan.dir_count, 3);
	expect_dir(&plan, 0, tree->root, "memory/process_api/abc",
		   MR_CGROUP_MEMORY);
	expect_dir(&plan, 1, tree->root, "pids/user.slice", MR_CGROUP_PIDS);
	/* The own path "/" is the hierarchy's root itself. */
	expect_dir(&plan, 2, tree->root, "cpu", MR_CGROUP_CPU);
	mr_cgroup_clear(&plan);
}

static void plan_hybrid_only_needed(void **state)
{
	struct fake_tree *tree = *state;
	struct mr_cgroup plan;
	struct mr_error err;

	make_hybrid(tree->root, "hugetlb\n");
	assert_int_equal(mr_cgroup_plan(tree->root, hybrid_self, MR_CGROUP_PIDS,
					&plan, &err),
			 0);
	assert_int_equal(plan.version, 1);
	assert_int_equal(plan.dir_count, 1);
	expect_dir(&plan, 0, tree->root, "pids/user.slice", MR_CGROUP_PIDS);
	mr_cgroup_clear(&plan);
}

/* A hybrid system whose v2 part offers the controllers uses v2. */
static void plan_hybrid_v2_enough(void **state)
{
	struct fake_tree *tree = *state;
	struct mr_cgroup plan;
	struct mr_error err;

	make_hybrid(tree->root, "cpu memory pids\n");
	assert_int_equal(mr_cgroup_plan(tree->root, hybrid_self,
					MR_CGROUP_MEMORY | MR_CGROUP_CPU, &plan,
					&err),
			 0);
	assert_int_equal(plan.version, 2);
	assert_int_equal(plan.dir_count, 1);
	expect_dir(&plan, 0, tree->root, "unified/user.slice/session-1.scope",
		   MR_CGROUP_MEMORY | MR_CGROUP_CPU);
	mr_cgroup_clear(&plan);
}

static void plan_unified(void **state)
{
	struct fake_tree *tree = *state;
	struct mr_cgroup plan;
	struct mr_error err;

	make_dirs(tree->root, "user.slice/app.scope");
	write_file(tree->root, "cgroup.controllers", "cpu io memory pids\n");
	write_file(tree->root, "user.slice/app.scope/cgroup.controllers",
		   "cpuset cpu io memory pids\n");
	assert_int_equal(
	    mr_cgroup_plan(tree->root, unified_self,
			   MR_CGROUP_MEMORY | MR_CGROUP_PIDS | MR_CGROUP_CPU,
			   &plan, &err),
	    0);
	assert_int_equal(plan.version, 2);
	expect_dir(&plan, 0, tree->root, "user.slice/app.scope",
		   MR_CGROUP_MEMORY | MR_CGROUP_PIDS | MR_CGROUP_CPU);
	mr_cgroup_clear(&plan);
}

/* "cpuset" in the list does not offer "cpu". */
static void plan_unified_missing_controller(void **state)
{
	struct fake_tree *tree = *state;
	struct mr_cgroup plan;
	struct mr_error err;

	make_dirs(tree->root, "user.slice/app.scope");
	write_file(tree->root, "cgroup.controllers", "cpuset memory\n");
	write_file(tree->root, "user.slice/app.scope/cgroup.controllers",
		   "cpuset memory pids\n");
	assert_int_equal(mr_cgroup_plan(tree->root, unified_self, MR_CGROUP_CPU,
					&plan, &err),
			 -ENOTSUP);
	assert_non_null(strstr(err.message, "--cpus"));
	assert_int_equal(plan.dir_count, 0);
}

static void plan_v1_hierarchy_missing(void **state)
{
	struct fake_tree *tree = *state;
	struct mr_cgroup plan;
	struct mr_error err;

	make_hybrid(tree->root, "hugetlb\n");
	assert_int_equal(mr_cgroup_plan(tree->root, "4:memory:/x\n0::/\n",
					MR_CGROUP_PIDS, &plan, &err),
			 -ENOTSUP);
	assert_non_null(strstr(err.message, "--pids-limit"));
	assert_non_null(strstr(err.message, "'pids'"));
	assert_int_equal(plan.dir_count, 0);
}

static void needed_from_config(void **state)
{
	struct mr_config config = {0};

	(void)state;
	assert_int_equal(mr_cgroup_needed(&config), 0);
	config.memory_bytes = 1;
	assert_int_equal(mr_cgroup_needed(&config), MR_CGROUP_MEMORY);
	config.pids_limit = 1;
	config.cpu_millis = 500;
	assert_int_equal(mr_cgroup_needed(&config),
			 MR_CGROUP_MEMORY | MR_CGROUP_PIDS | MR_CGROUP_CPU);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(own_path_v1_controller),
	    cmocka_unit_test(own_path_comounted),
	    cmocka_unit_test(own_path_v2),
	    cmocka_unit_test(own_path_missing),
	    cmocka_unit_test_setup_teardown(plan_hybrid_uses_v1, make_tree,
					    remove_tree),
	    cmocka_unit_test_setup_teardown(plan_hybrid_only_needed, make_tree,
					    remove_tree),
	    cmocka_unit_test_setup_teardown(plan_hybrid_v2_enough, make_tree,
					    remove_tree),
	    cmocka_unit_test_setup_teardown(plan_unified, make_tree,
					    remove_tree),
	    cmocka_unit_test_setup_teardown(plan_unified_missing_controller,
					    make_tree, remove_tree),
	    cmocka_unit_test_setup_teardown(plan_v1_hierarchy_missing,
					    make_tree, remove_tree),
	    cmocka_unit_test(needed_from_config),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
