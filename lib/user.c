/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "user.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"

#define MAX_GROUPS 64

/*
 * Opens a regular file of the rootfs for reading.  O_NONBLOCK keeps a FIFO
 * planted by the image from blocking the launcher.  Returns NULL with errno
 * set; ENOENT means the file does not exist.
 */
static FILE *open_database(const char *path)
{
	struct stat st;
	FILE *f;
	int fd;

	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return NULL;

	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		errno = EINVAL;
		return NULL;
	}

	f = fdopen(fd, "r");
	if (!f)
		close(fd);
	return f;
}

static bool parse_id(const char *text, unsigned long *ret)
{
	char *end;

	if (text[0] < '0' || text[0] > '9')
		return false;

	errno = 0;
	*ret = strtoul(text, &end, 10);
	return errno == 0 && *end == '\0' && *ret < UINT_MAX;
}

/*
 * Tells whether a passwd entry is usable.  glibc returns NIS compat lines
 * ("+", "-name") with NULL fields, and (uid_t)-1 means "leave unchanged" to
 * setresuid, so an entry with that id would leave the command root.
 */
static int check_passwd_entry(const char *user, const struct passwd *entry,
			      struct mr_error *err)
{
	if (entry->pw_uid == (uid_t)-1 || entry->pw_gid == (gid_t)-1)
		return mr_error_set(err, EINVAL,
				    "user '%s' has uid %u and gid %u in the "
				    "rootfs's /etc/passwd; 4294967295 is not "
				    "a valid id",
				    user, (unsigned)entry->pw_uid,
				    (unsigned)entry->pw_gid);
	return 0;
}

static bool is_compat_entry(const struct passwd *entry)
{
	return !entry->pw_name || !entry->pw_dir || entry->pw_name[0] == '+' ||
	       entry->pw_name[0] == '-';
}

/* Finds the passwd entry by name or, for a numeric spec, by uid. */
static int find_passwd(const char *user, struct passwd *ret, char **ret_name,
		       struct mr_error *err)
{
	unsigned long uid;
	bool numeric = parse_id(user, &uid);
	cleanup_fclose FILE *f = open_database("/etc/passwd");
	struct passwd *entry;
	int r;

	/* As in Docker, a numeric user needs no passwd entry. */
	if (!f) {
		if (errno == ENOENT && numeric)
			return 0;
		return mr_error_set_errno(err, errno,
					  "looking up user '%s' in the "
					  "rootfs's /etc/passwd failed",
					  user);
	}

	while ((entry = fgetpwent(f))) {
		if (is_compat_entry(entry))
			continue;
		if (numeric ? entry->pw_uid != uid
			    : strcmp(entry->pw_name, user) != 0)
			continue;

		r = check_passwd_entry(user, entry, err);
		if (r < 0)
			return r;

		*ret = *entry;
		*ret_name = strdup(entry->pw_name);
		ret->pw_dir = strdup(entry->pw_dir);
		if (!*ret_name || !ret->pw_dir)
			return mr_error_set(err, ENOMEM, "out of memory");
		return 1;
	}

	if (numeric)
		return 0;
	return mr_error_set(err, ENOENT,
			    "user '%s' not found in the rootfs's /etc/passwd",
			    user);
}

static int find_group(const char *group, gid_t *ret, struct mr_error *err)
{
	cleanup_fclose FILE *f = NULL;
	unsigned long gid;
	struct group *entry;

	if (parse_id(group, &gid)) {
		*ret = (gid_t)gid;
		return 0;
	}

	f = open_database("/etc/group");
	if (!f)
		return mr_error_set_errno(err, errno,
					  "looking up group '%s' in the "
					  "rootfs's /etc/group failed",
					  group);

	while ((entry = fgetgrent(f))) {
		if (!entry->gr_name || strcmp(entry->gr_name, group) != 0)
			continue;
		if (entry->gr_gid == (gid_t)-1)
			return mr_error_set(err, EINVAL,
					    "group '%s' has gid 4294967295 in "
					    "the rootfs's /etc/group, which is "
					    "not a valid id",
					    group);
		*ret = entry->gr_gid;
		return 0;
	}

	return mr_error_set(err, ENOENT,
			    "group '%s' not found in the rootfs's /etc/group",
			    group);
}

static bool is_member(char **members, const char *name)
{
	for (; members && *members; members++)
		if (strcmp(*members, name) == 0)
			return true;
	return false;
}

/* Collects the groups of /etc/group that list name as a member. */
static int find_supplementary(const char *name, struct mr_identity *identity,
			      struct mr_error *err)
{
	cleanup_fclose FILE *f = open_database("/etc/group");
	struct group *entry;

	if (!f)
		return 0;

	identity->groups = calloc(MAX_GROUPS, sizeof(gid_t));
	if (!identity->groups)
		return mr_error_set(err, ENOMEM, "out of memory");

	while ((entry = fgetgrent(f))) {
		if (!is_member(entry->gr_mem, name) ||
		    entry->gr_gid == (gid_t)-1)
			continue;
		if (identity->group_count == MAX_GROUPS)
			return mr_error_set(err, E2BIG,
					    "user '%s' is in more than %d "
					    "groups",
					    name, MAX_GROUPS);
		identity->groups[identity->group_count++] = entry->gr_gid;
	}
	return 0;
}

static int split_spec(const char *spec, char **ret_user, char **ret_group,
		      struct mr_error *err)
{
	const char *colon = strchr(spec, ':');

	*ret_user = colon ? strndup(spec, colon - spec) : strdup(spec);
	*ret_group = colon ? strdup(colon + 1) : NULL;
	if (!*ret_user || (colon && !*ret_group))
		return mr_error_set(err, ENOMEM, "out of memory");

	if (colon && (*ret_group)[0] == '\0')
		return mr_error_set(err, EINVAL,
				    "invalid --user '%s': the group is empty",
				    spec);
	return 0;
}

int mr_identity_resolve(const char *spec, struct mr_identity *ret,
			struct mr_error *err)
{
	cleanup_free char *user = NULL, *group = NULL, *name = NULL;
	struct mr_identity identity = {0};
	struct passwd entry = {0};
	unsigned long uid = 0;
	int r;

	r = split_spec(spec ? spec : "0", &user, &group, err);
	if (r < 0)
		goto fail;

	r = find_passwd(user, &entry, &name, err);
	if (r < 0)
		goto fail;

	if (r > 0) {
		identity.uid = entry.pw_uid;
		identity.gid = entry.pw_gid;
		identity.home = entry.pw_dir;
	} else {
		parse_id(user, &uid);
		identity.uid = (uid_t)uid;
		identity.home = strdup(uid == 0 ? "/root" : "/");
		if (!identity.home) {
			r = mr_error_set(err, ENOMEM, "out of memory");
			goto fail;
		}
	}

	if (group) {
		r = find_group(group, &identity.gid, err);
		if (r < 0)
			goto fail;
	}

	if (name) {
		r = find_supplementary(name, &identity, err);
		if (r < 0)
			goto fail;
	}

	*ret = identity;
	return 0;

fail:
	mr_identity_free(&identity);
	return r;
}

/*
 * In a rootless run, EINVAL means the id has no mapping in the user
 * namespace, which needs its own explanation.
 */
static int identity_error(struct mr_error *err, int code, const char *kind,
			  unsigned int id, bool rootless)
{
	if (rootless && code == EINVAL)
		return mr_error_set(err, code,
				    "switching to %s %u failed: the id is not "
				    "mapped in this rootless run, which maps "
				    "your own ids to 0 and, with ranges in "
				    "/etc/subuid and /etc/subgid, more",
				    kind, id);
	return mr_error_set_errno(err, code, "switching to %s %u failed", kind,
				  id);
}

int mr_identity_apply(const struct mr_identity *identity, bool may_setgroups,
		      struct mr_error *err)
{
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
		return mr_error_set_errno(err, errno,
					  "prctl(PR_SET_KEEPCAPS) failed");

	if (may_setgroups &&
	    setgroups(identity->group_count, identity->groups) < 0)
		return mr_error_set_errno(err, errno,
					  "setting the supplementary groups "
					  "failed");

	if (setresgid(identity->gid, identity->gid, identity->gid) < 0)
		return identity_error(err, errno, "group", identity->gid,
				      !may_setgroups);

	if (setresuid(identity->uid, identity->uid, identity->uid) < 0)
		return identity_error(err, errno, "user", identity->uid,
				      !may_setgroups);
	return 0;
}

void mr_identity_free(struct mr_identity *identity)
{
	free(identity->groups);
	free(identity->home);
	identity->groups = NULL;
	identity->home = NULL;
	identity->group_count = 0;
}
