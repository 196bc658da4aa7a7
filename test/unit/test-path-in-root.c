/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Lookups inside a hostile tree: each test builds, in a fresh temporary
 * directory, a rootfs whose symlinks point at "/", above it with "..", and
 * at a real directory outside it, and checks that both mr_path_open_in_root
 * (openat2) and mr_path_walk_in_root (the fallback) stay inside.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "path-in-root.h"

struct tree {
	char top[PATH_MAX];	/* the temporary directory */
	char root[PATH_MAX];	/* top/root, the rootfs */
	char outside[PATH_MAX]; /* top/outside, a host directory */
	int root_fd;
};

typedef int (*open_fn)(int root_fd, const char *path, int flags);

static void make_path(char *buf, const char *dir, const char *name)
{
	assert_true(snprintf(buf, PATH_MAX, "%s/%s", dir, name) < PATH_MAX);
}

static void make_dir(const char *dir, const char *name)
{
	char path[PATH_MAX];

	make_path(path, dir, name);
	assert_int_equal(mkdir(path, 0755), 0);
}

static void make_file(const char *dir, const char *name)
{
	char path[PATH_MAX];
	int fd;

	make_path(path, dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
	assert_true(fd >= 0);
	close(fd);
}

static void make_link(const char *dir, const char *name, const char *target)
{
	char path[PATH_MAX];

	make_path(path, dir, name);
	assert_int_equal(symlink(target, path), 0);
}

static bool exists(const char *dir, const char *name)
{
	char path[PATH_MAX];
	struct stat st;

	make_path(path, dir, name);
	return lstat(path, &st) == 0;
}

static int setup_tree(void **state)
{
	struct tree *tree = calloc(1, sizeof(*tree));
	char host_link[PATH_MAX];

	assert_non_null(tree);
	strcpy(tree->top, "/tmp/minirun-unit-path.XXXXXX");
	assert_non_null(mkdtemp(tree->top));
	make_path(tree->root, tree->top, "root");
	make_path(tree->outside, tree->top, "outside");
	assert_int_equal(mkdir(tree->root, 0755), 0);
	assert_int_equal(mkdir(tree->outside, 0755), 0);
	make_file(tree->outside, "secret");

	make_dir(tree->root, "a");
	make_dir(tree->root, "a/b");
	make_file(tree->root, "file");
	make_file(tree->root, "a/b/inner");
	make_link(tree->root, "to-root", "/");
	make_link(tree->root, "dotdot", "../../..");
	make_link(tree->root, "a/up", "../../../..");
	make_link(tree->root, "host", tree->outside);
	make_link(tree->root, "relative", "a/b");
	make_link(tree->root, "loop1", "loop2");
	make_link(tree->root, "loop2", "loop1");
	/* The outside directory's path, relative to the rootfs. */
	make_path(host_link, "../..", tree->outside);
	make_link(tree->root, "host-relative", host_link);

	tree->root_fd = open(tree->root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	assert_true(tree->root_fd >= 0);
	*state = tree;
	return 0;
}

static int teardown_tree(void **state)
{
	struct tree *tree = *state;
	char command[PATH_MAX + 16];

	close(tree->root_fd);
	snprintf(command, sizeof(command), "rm -rf '%s'", tree->top);
	assert_int_equal(system(command), 0);
	free(tree);
	return 0;
}

/* Asserts that fd is open on the file at dir/name, and closes it. */
static void assert_fd_is(int fd, const char *dir, const char *name)
{
	char path[PATH_MAX];
	struct stat want, got;

	assert_true(fd >= 0);
	make_path(path, dir, name);
	assert_int_equal(lstat(path, &want), 0);
	assert_int_equal(fstat(fd, &got), 0);
	assert_int_equal(got.st_dev, want.st_dev);
	assert_int_equal(got.st_ino, want.st_ino);
	close(fd);
}

static const open_fn lookups[] = {mr_path_open_in_root, mr_path_walk_in_root};

#define for_each_lookup(lookup)                                                \
	for (size_t i_ = 0; i_ < 2 && ((lookup) = lookups[i_], 1); i_++)

static void test_plain_paths(void **state)
{
	struct tree *tree = *state;
	open_fn lookup;

	for_each_lookup(lookup)
	{
		assert_fd_is(lookup(tree->root_fd, "/a/b", 0), tree->root,
			     "a/b");
		assert_fd_is(lookup(tree->root_fd, "a//b/./inner", 0),
			     tree->root, "a/b/inner");
		assert_fd_is(lookup(tree->root_fd, "/", O_DIRECTORY),
			     tree->root, ".");
		assert_fd_is(lookup(tree->root_fd, "/relative/inner", 0),
			     tree->root, "a/b/inner");
	}
}

static void test_dotdot_stops_at_root(void **state)
{
	struct tree *tree = *state;
	open_fn lookup;

	for_each_lookup(lookup)
	{
		assert_fd_is(lookup(tree->root_fd, "/../../..", 0), tree->root,
			     ".");
		assert_fd_is(lookup(tree->root_fd, "/a/../../../file", 0),
			     tree->root, "file");
		assert_fd_is(lookup(tree->root_fd, "/a/b/../b/inner", 0),
			     tree->root, "a/b/inner");
	}
}

static void test_symlinks_stay_inside(void **state)
{
	struct tree *tree = *state;
	open_fn lookup;

	for_each_lookup(lookup)
	{
		assert_fd_is(lookup(tree->root_fd, "/to-root", 0), tree->root,
			     ".");
		assert_fd_is(lookup(tree->root_fd, "/to-root/file", 0),
			     tree->root, "file");
		assert_fd_is(lookup(tree->root_fd, "/dotdot/a", 0), tree->root,
			     "a");
		assert_fd_is(lookup(tree->root_fd, "/a/up/file", 0),
			     tree->root, "file");
	}
}

static void test_host_symlinks_not_followed_out(void **state)
{
	struct tree *tree = *state;
	open_fn lookup;

	for_each_lookup(lookup)
	{
		/* The outside path does not exist inside the rootfs. */
		assert_int_equal(lookup(tree->root_fd, "/host", 0), -ENOENT);
		assert_int_equal(lookup(tree->root_fd, "/host/secret", 0),
				 -ENOENT);
		assert_int_equal(
		    lookup(tree->root_fd, "/host-relative/secret", 0),
		    -ENOENT);
	}
}

static void test_nofollow_and_errors(void **state)
{
	struct tree *tree = *state;
	open_fn lookup;
	struct stat st;
	int fd;

	for_each_lookup(lookup)
	{
		fd = lookup(tree->root_fd, "/to-root", O_NOFOLLOW);
		assert_true(fd >= 0);
		assert_int_equal(fstat(fd, &st), 0);
		assert_true(S_ISLNK(st.st_mode));
		close(fd);

		assert_fd_is(lookup(tree->root_fd, "/to-root/", O_NOFOLLOW),
			     tree->root, ".");
		assert_int_equal(lookup(tree->root_fd, "/loop1", 0), -ELOOP);
		assert_int_equal(lookup(tree->root_fd, "/file", O_DIRECTORY),
				 -ENOTDIR);
		assert_int_equal(lookup(tree->root_fd, "/file/x", 0),
				 -ENOTDIR);
		assert_int_equal(lookup(tree->root_fd, "/missing", 0),
				 -ENOENT);
	}
}

static void test_create_inside(void **state)
{
	struct tree *tree = *state;
	struct mr_error err = {0};
	struct stat st;
	int fd;

	fd = mr_path_create_in_root(tree->root_fd, "/new/deep/dir", true,
				    &err);
	assert_fd_is(fd, tree->root, "new/deep/dir");

	fd = mr_path_create_in_root(tree->root_fd, "/a/new-file", false, &err);
	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_size, 0);
	close(fd);

	fd = mr_path_create_in_root(tree->root_fd, "/gone/../made/", true,
				    &err);
	assert_fd_is(fd, tree->root, "made");

	/* An existing path is opened as it is. */
	fd = mr_path_create_in_root(tree->root_fd, "/file", true, &err);
	assert_fd_is(fd, tree->root, "file");
}

static void test_create_through_symlinks(void **state)
{
	struct tree *tree = *state;
	struct mr_error err = {0};
	int fd;

	fd = mr_path_create_in_root(tree->root_fd, "/to-root/via-root", true,
				    &err);
	assert_fd_is(fd, tree->root, "via-root");

	fd = mr_path_create_in_root(tree->root_fd, "/dotdot/via-dotdot", true,
				    &err);
	assert_fd_is(fd, tree->root, "via-dotdot");
	assert_false(exists(tree->top, "via-dotdot"));
}

static void test_create_refuses_dangling_host_link(void **state)
{
	struct tree *tree = *state;
	struct mr_error err = {0};

	assert_int_equal(
	    mr_path_create_in_root(tree->root_fd, "/host/sub", true, &err),
	    -ENOENT);
	assert_non_null(strstr(err.message, "'/host'"));
	assert_false(exists(tree->outside, "sub"));

	assert_int_equal(
	    mr_path_create_in_root(tree->root_fd, "/host", false, &err),
	    -ENOENT);
	assert_false(exists(tree->outside, "host"));
}

static void test_clean(void **state)
{
	static const char *const cases[][2] = {
	    {"/", "/"},		  {"", "/"},	       {"/a/b", "/a/b"},
	    {"a/b/", "/a/b"},	  {"//a//./b/", "/a/b"}, {"/a/..", "/"},
	    {"/../../x", "/x"},	  {"/a/../../b/c", "/b/c"},
	    {"/a/b/../../..", "/"}, {"/..a/.b", "/..a/.b"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *clean = mr_path_clean(cases[i][0]);

		assert_non_null(clean);
		assert_string_equal(clean, cases[i][1]);
		free(clean);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_plain_paths, setup_tree,
					    teardown_tree),
	    cmocka_unit_test_setup_teardown(test_dotdot_stops_at_root,
					    setup_tree, teardown_tree),
	    cmocka_unit_test_setup_teardown(test_symlinks_stay_inside,
					    setup_tree, teardown_tree),
	    cmocka_unit_test_setup_teardown(test_host_symlinks_not_followed_out,
					    setup_tree, teardown_tree),
	    cmocka_unit_test_setup_teardown(test_nofollow_and_errors,
					    setup_tree, teardown_tree),
	    cmocka_unit_test_setup_teardown(test_create_inside, setup_tree,
					    teardown_tree),
	    cmocka_unit_test_setup_teardown(test_create_through_symlinks,
					    setup_tree, teardown_tree),
	    cmocka_unit_test_setup_teardown(
		test_create_refuses_dangling_host_link, setup_tree,
		teardown_tree),
	    cmocka_unit_test(test_clean),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
