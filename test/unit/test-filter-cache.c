/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
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

#include "filter-cache.h"

static const char profile[] = "{\"defaultAction\": \"SCMP_ACT_ALLOW\"}";

struct fixture {
	char dir[64];
	int dir_fd;
	struct mr_filter_cache_key key;
	struct sock_filter insns[3];
	struct mr_bpf prog;
	struct mr_warnings warnings;
};

static int set_up(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct mr_error err;

	if (!f)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/minirun-unit-cache-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	chmod(f->dir, 0700);

	f->dir_fd = mr_filter_cache_open(f->dir);
	if (f->dir_fd < 0)
		return -1;
	if (mr_filter_cache_key("p.json", profile, strlen(profile), 1,
				&f->key, &err) < 0)
		return -1;

	f->insns[0] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0);
	f->insns[1] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, 1);
	f->insns[2] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, 2);
	f->prog = (struct mr_bpf){f->insns, 3, 4};
	mr_warnings_add(&f->warnings, "p.json:1:1: warning: first");
	mr_warnings_add(&f->warnings, "p.json:2:1: warning: second");
	*state = f;
	return 0;
}

static int tear_down(void **state)
{
	struct fixture *f = *state;
	struct dirent *entry;
	DIR *dir = opendir(f->dir);

	while (dir && (entry = readdir(dir))) {
		if (entry->d_name[0] != '.' || strlen(entry->d_name) > 2)
			unlinkat(f->dir_fd, entry->d_name, 0);
	}
	if (dir)
		closedir(dir);
	close(f->dir_fd);
	rmdir(f->dir);
	mr_warnings_free(&f->warnings);
	free(f);
	return 0;
}

/* The one entry file of the fixture's directory. */
static void entry_path(const struct fixture *f, char *buffer, size_t size)
{
	int length = snprintf(buffer, size, "%s/", f->dir);

	for (size_t i = 0; i < MR_FILTER_CACHE_KEY_SIZE; i++)
		length += snprintf(buffer + length, size - (size_t)length,
				   "%02x", f->key.digest[i]);
	snprintf(buffer + length, size - (size_t)length, ".bpf");
}

static bool get(struct fixture *f, struct mr_bpf *ret,
		struct mr_warnings *warnings)
{
	*ret = (struct mr_bpf){0};
	return mr_filter_cache_get(f->dir_fd, &f->key, ret, warnings);
}

static void cache_round_trip(void **state)
{
	struct fixture *f = *state;
	struct mr_warnings warnings = {0};
	struct mr_bpf prog;

	assert_false(get(f, &prog, &warnings));
	assert_true(mr_filter_cache_put(f->dir_fd, &f->key, &f->prog,
					&f->warnings));
	assert_true(get(f, &prog, &warnings));
	assert_int_equal(prog.length, 3);
	assert_int_equal(prog.flags, 4);
	assert_memory_equal(prog.insns, f->insns, sizeof(f->insns));
	assert_int_equal(warnings.count, 2);
	assert_string_equal(warnings.lines[0], "p.json:1:1: warning: first");
	assert_string_equal(warnings.lines[1], "p.json:2:1: warning: second");
	mr_bpf_free(&prog);
	mr_warnings_free(&warnings);
}

/* Anything that decides the program changes the key. */
static void cache_key_inputs(void **state)
{
	struct fixture *f = *state;
	struct mr_filter_cache_key other;
	struct mr_error err;

	assert_int_equal(mr_filter_cache_key("p.json", profile,
					     strlen(profile), 1, &other, &err),
			 0);
	assert_memory_equal(other.digest, f->key.digest, sizeof(other.digest));

	assert_int_equal(mr_filter_cache_key("p.json", profile,
					     strlen(profile), 3, &other, &err),
			 0);
	assert_memory_not_equal(other.digest, f->key.digest,
				sizeof(other.digest));
	assert_int_equal(mr_filter_cache_key("q.json", profile,
					     strlen(profile), 1, &other, &err),
			 0);
	assert_memory_not_equal(other.digest, f->key.digest,
				sizeof(other.digest));
	assert_int_equal(mr_filter_cache_key("p.json", profile,
					     strlen(profile) - 1, 1, &other,
					     &err),
			 0);
	assert_memory_not_equal(other.digest, f->key.digest,
				sizeof(other.digest));
}

static void put_entry(struct fixture *f, char *path, size_t size)
{
	assert_true(mr_filter_cache_put(f->dir_fd, &f->key, &f->prog,
					&f->warnings));
	entry_path(f, path, size);
}

static void cache_corrupted_entry_misses(void **state)
{
	struct fixture *f = *state;
	struct mr_warnings warnings = {0};
	struct mr_bpf prog;
	char path[256];
	int fd;

	put_entry(f, path, sizeof(path));
	fd = open(path, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, "\xff", 1, 100), 1);
	close(fd);

	assert_false(get(f, &prog, &warnings));
	assert_int_equal(warnings.count, 0);
}

static void cache_truncated_entry_misses(void **state)
{
	struct fixture *f = *state;
	struct mr_warnings warnings = {0};
	struct stat st;
	struct mr_bpf prog;
	char path[256];

	put_entry(f, path, sizeof(path));
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(truncate(path, st.st_size - 1), 0);
	assert_false(get(f, &prog, &warnings));
	assert_int_equal(truncate(path, 10), 0);
	assert_false(get(f, &prog, &warnings));
	assert_int_equal(truncate(path, 0), 0);
	assert_false(get(f, &prog, &warnings));
}

/* A symlink in place of the entry is never followed. */
static void cache_symlinked_entry_misses(void **state)
{
	struct fixture *f = *state;
	struct mr_warnings warnings = {0};
	struct mr_bpf prog;
	char path[256], moved[300];

	put_entry(f, path, sizeof(path));
	snprintf(moved, sizeof(moved), "%s.real", path);
	assert_int_equal(rename(path, moved), 0);
	assert_int_equal(symlink(moved, path), 0);

	assert_false(get(f, &prog, &warnings));
	assert_int_equal(unlink(moved), 0);
}

static void cache_foreign_entry_misses(void **state)
{
	struct fixture *f = *state;
	struct mr_warnings warnings = {0};
	struct mr_bpf prog;
	char path[256];

	if (geteuid() != 0)
		skip();

	put_entry(f, path, sizeof(path));
	assert_int_equal(chown(path, 65534, 65534), 0);
	assert_false(get(f, &prog, &warnings));
}

/* A directory that others may write, or a symlink to one, is not used. */
static void cache_unsafe_directory_refused(void **state)
{
	struct fixture *f = *state;
	char link[96];

	assert_int_equal(chmod(f->dir, 0755), 0);
	assert_int_equal(mr_filter_cache_open(f->dir), -1);
	assert_int_equal(chmod(f->dir, 0700), 0);

	/* strcpy, because GCC's ASan build misreads f->dir as NULL in %s. */
	strcpy(link, f->dir);
	strcat(link, "-link");
	assert_int_equal(symlink(f->dir, link), 0);
	assert_int_equal(mr_filter_cache_open(link), -1);
	assert_int_equal(unlink(link), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(cache_round_trip, set_up,
					    tear_down),
	    cmocka_unit_test_setup_teardown(cache_key_inputs, set_up,
					    tear_down),
	    cmocka_unit_test_setup_teardown(cache_corrupted_entry_misses,
					    set_up, tear_down),
	    cmocka_unit_test_setup_teardown(cache_truncated_entry_misses,
					    set_up, tear_down),
	    cmocka_unit_test_setup_teardown(cache_symlinked_entry_misses,
					    set_up, tear_down),
	    cmocka_unit_test_setup_teardown(cache_foreign_entry_misses, set_up,
					    tear_down),
	    cmocka_unit_test_setup_teardown(cache_unsafe_directory_refused,
					    set_up, tear_down),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
