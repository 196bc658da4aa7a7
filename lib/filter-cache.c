/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A per-user cache of compiled seccomp programs.  Compiling a profile with
 * libseccomp costs milliseconds; loading a finished program costs almost
 * nothing.  The cache is an optimisation only: every problem with it, a
 * foreign, broken or planted entry included, means compiling again.
 */
#include "filter-cache.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <nettle/sha2.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "build-config.h"
#include "cleanup.h"
#include "default-filter.h"

#define ENTRY_MAGIC "MRBPF\0\0\1"

/* Room for the warnings of one profile: MR_WARNINGS_MAX lines, roughly. */
#define WARNINGS_SIZE_MAX (256 * 1024)

struct entry_header {
	char magic[8];
	uint32_t flags;
	uint32_t insn_count;
	uint32_t warnings_size; /* NUL-terminated lines, one after another */
	uint32_t reserved;
	unsigned char key[MR_FILTER_CACHE_KEY_SIZE];
	unsigned char checksum[MR_FILTER_CACHE_KEY_SIZE]; /* of the payload */
};

/* A profile that mentions minKernel, in any case, depends on the kernel. */
static bool mentions_min_kernel(const char *data, size_t size)
{
	static const char word[] = "minkernel";
	size_t length = sizeof(word) - 1;

	for (size_t i = 0; i + length <= size; i++) {
		if (strncasecmp(data + i, word, length) == 0)
			return true;
	}
	return false;
}

/*
 * The build's own default program stands for the compiler's version: any
 * change to how minirun compiles shows in it, and old entries then miss.
 */
static void digest_context(struct sha256_ctx *ctx, uint64_t caps)
{
	const struct scmp_version *version = seccomp_version();
	uint32_t native = seccomp_arch_native();
	unsigned int numbers[3] = {version->major, version->minor,
				   version->micro};

	sha256_update(ctx, sizeof(MINIRUN_VERSION),
		      (const uint8_t *)MINIRUN_VERSION);
	sha256_update(ctx,
		      mr_default_filter_length * sizeof(*mr_default_filter_insns),
		      (const uint8_t *)mr_default_filter_insns);
	sha256_update(ctx, sizeof(caps), (const uint8_t *)&caps);
	sha256_update(ctx, sizeof(native), (const uint8_t *)&native);
	sha256_update(ctx, sizeof(numbers), (const uint8_t *)numbers);
}

int mr_filter_cache_key(const char *source, const char *profile, size_t size,
			uint64_t caps, struct mr_filter_cache_key *ret,
			struct mr_error *err)
{
	struct sha256_ctx ctx;
	struct utsname name;

	sha256_init(&ctx);
	digest_context(&ctx, caps);

	/* The source is in the cached warnings, so it is part of the key. */
	sha256_update(&ctx, strlen(source) + 1, (const uint8_t *)source);
	sha256_update(&ctx, sizeof(size), (const uint8_t *)&size);
	sha256_update(&ctx, size, (const uint8_t *)profile);

	if (mentions_min_kernel(profile, size)) {
		if (uname(&name) < 0)
			return mr_error_set_errno(err, errno, "uname failed");
		sha256_update(&ctx, strlen(name.release),
			      (const uint8_t *)name.release);
	}

	sha256_digest(&ctx, sizeof(ret->digest), ret->digest);
	return 0;
}

static void sha256(const void *data, size_t size, unsigned char *ret)
{
	struct sha256_ctx ctx;

	sha256_init(&ctx);
	sha256_update(&ctx, size, data);
	sha256_digest(&ctx, MR_FILTER_CACHE_KEY_SIZE, ret);
}

bool mr_filter_cache_path(char *buffer, size_t size)
{
	const char *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	int length;

	if (xdg && xdg[0] == '/')
		length = snprintf(buffer, size, "%s/minirun", xdg);
	else if (geteuid() == 0)
		length = snprintf(buffer, size, "/var/cache/minirun");
	else if (home && home[0] == '/')
		length = snprintf(buffer, size, "%s/.cache/minirun", home);
	else
		return false;

	return length > 0 && (size_t)length < size;
}

/* Creates path and a missing parent, both 0700 as the XDG spec requires. */
static int make_directory(const char *path)
{
	char parent[PATH_MAX];
	char *slash;

	if (mkdir(path, 0700) == 0 || errno == EEXIST)
		return 0;
	if (errno != ENOENT || strlen(path) >= sizeof(parent))
		return -1;

	strcpy(parent, path);
	slash = strrchr(parent, '/');
	if (!slash || slash == parent)
		return -1;
	*slash = '\0';

	if (mkdir(parent, 0700) < 0 && errno != EEXIST)
		return -1;
	return mkdir(path, 0700) == 0 || errno == EEXIST ? 0 : -1;
}

int mr_filter_cache_open(const char *path)
{
	struct stat st;
	int fd;

	if (make_directory(path) < 0)
		return -1;

	fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;

	/* Another user's directory, or one others may write, is not ours. */
	if (fstat(fd, &st) < 0 || st.st_uid != geteuid() ||
	    (st.st_mode & 077) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static void entry_name(const struct mr_filter_cache_key *key, char *buffer)
{
	for (size_t i = 0; i < MR_FILTER_CACHE_KEY_SIZE; i++)
		sprintf(buffer + 2 * i, "%02x", key->digest[i]);
	strcpy(buffer + 2 * MR_FILTER_CACHE_KEY_SIZE, ".bpf");
}

/* Reads a whole entry file that passes the checks that need no parsing. */
static char *read_entry(int dir_fd, const char *name, size_t *ret_size)
{
	cleanup_close int fd = -1;
	cleanup_free char *data = NULL;
	size_t max = sizeof(struct entry_header) +
		     BPF_MAXINSNS * sizeof(struct sock_filter) +
		     WARNINGS_SIZE_MAX;
	struct stat st;
	size_t done = 0;
	ssize_t n;

	fd = openat(dir_fd, name,
		    O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0)
		return NULL;
	if (!S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
	    st.st_size < (off_t)sizeof(struct entry_header) ||
	    (size_t)st.st_size > max)
		return NULL;

	data = malloc((size_t)st.st_size);
	if (!data)
		return NULL;

	while (done < (size_t)st.st_size) {
		n = read(fd, data + done, (size_t)st.st_size - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return NULL;
		done += (size_t)n;
	}

	*ret_size = done;
	return steal_pointer(&data);
}

/* Checks header, sizes, key and checksum of an entry read whole. */
static bool entry_is_valid(const char *data, size_t size,
			   const struct mr_filter_cache_key *key,
			   struct entry_header *ret_header)
{
	unsigned char checksum[MR_FILTER_CACHE_KEY_SIZE];
	struct entry_header header;
	size_t payload;

	memcpy(&header, data, sizeof(header));
	payload = size - sizeof(header);

	if (memcmp(header.magic, ENTRY_MAGIC, sizeof(header.magic)) != 0 ||
	    memcmp(header.key, key->digest, sizeof(header.key)) != 0 ||
	    header.insn_count == 0 || header.insn_count > BPF_MAXINSNS ||
	    header.warnings_size > WARNINGS_SIZE_MAX ||
	    payload != header.insn_count * sizeof(struct sock_filter) +
			   header.warnings_size)
		return false;

	sha256(data + sizeof(header), payload, checksum);
	if (memcmp(checksum, header.checksum, sizeof(checksum)) != 0)
		return false;

	/* The warnings must end in a NUL, so each reads as a string. */
	if (header.warnings_size > 0 && data[size - 1] != '\0')
		return false;

	*ret_header = header;
	return true;
}

static void replay_warnings(const char *lines, size_t size,
			    struct mr_warnings *warnings)
{
	for (size_t at = 0; at < size; at += strlen(lines + at) + 1)
		mr_warnings_add(warnings, "%s", lines + at);
}

bool mr_filter_cache_get(int dir_fd, const struct mr_filter_cache_key *key,
			 struct mr_bpf *ret, struct mr_warnings *warnings)
{
	char name[2 * MR_FILTER_CACHE_KEY_SIZE + 8];
	cleanup_free char *data = NULL;
	struct entry_header header;
	size_t size = 0, insns_size;

	entry_name(key, name);
	data = read_entry(dir_fd, name, &size);
	if (!data || !entry_is_valid(data, size, key, &header))
		return false;

	insns_size = header.insn_count * sizeof(struct sock_filter);
	ret->insns = malloc(insns_size);
	if (!ret->insns)
		return false;

	memcpy(ret->insns, data + sizeof(header), insns_size);
	ret->length = header.insn_count;
	ret->flags = header.flags;
	replay_warnings(data + sizeof(header) + insns_size,
			header.warnings_size, warnings);
	return true;
}

/* Lays an entry out in memory: header, instructions, warning lines. */
static char *build_entry(const struct mr_filter_cache_key *key,
			 const struct mr_bpf *prog,
			 const struct mr_warnings *warnings, size_t *ret_size)
{
	struct entry_header header = {.flags = prog->flags,
				      .insn_count = (uint32_t)prog->length};
	size_t insns_size = prog->length * sizeof(*prog->insns);
	size_t warnings_size = 0, at;
	char *data;

	for (size_t i = 0; i < warnings->count; i++)
		warnings_size += strlen(warnings->lines[i]) + 1;
	if (warnings_size > WARNINGS_SIZE_MAX || prog->length == 0)
		return NULL;

	data = malloc(sizeof(header) + insns_size + warnings_size);
	if (!data)
		return NULL;

	at = sizeof(header);
	memcpy(data + at, prog->insns, insns_size);
	at += insns_size;
	for (size_t i = 0; i < warnings->count; i++) {
		size_t length = strlen(warnings->lines[i]) + 1;

		memcpy(data + at, warnings->lines[i], length);
		at += length;
	}

	memcpy(header.magic, ENTRY_MAGIC, sizeof(header.magic));
	memcpy(header.key, key->digest, sizeof(header.key));
	header.warnings_size = (uint32_t)warnings_size;
	sha256(data + sizeof(header), at - sizeof(header), header.checksum);
	memcpy(data, &header, sizeof(header));

	*ret_size = at;
	return data;
}

static bool write_all(int fd, const char *data, size_t size)
{
	while (size > 0) {
		ssize_t n = write(fd, data, size);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		data += n;
		size -= (size_t)n;
	}
	return true;
}

bool mr_filter_cache_put(int dir_fd, const struct mr_filter_cache_key *key,
			 const struct mr_bpf *prog,
			 const struct mr_warnings *warnings)
{
	char name[2 * MR_FILTER_CACHE_KEY_SIZE + 8], temp[64];
	cleanup_free char *data = NULL;
	cleanup_close int fd = -1;
	unsigned int nonce = 0;
	size_t size = 0;
	bool ok;

	data = build_entry(key, prog, warnings, &size);
	if (!data)
		return false;

	if (getrandom(&nonce, sizeof(nonce), GRND_NONBLOCK) < 0)
		nonce = (unsigned int)getpid();
	snprintf(temp, sizeof(temp), ".tmp-%d-%08x", getpid(), nonce);

	fd = openat(dir_fd, temp,
		    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return false;

	entry_name(key, name);
	ok = write_all(fd, data, size) && close(steal_fd(&fd)) == 0 &&
	     renameat(dir_fd, temp, dir_fd, name) == 0;
	if (!ok)
		unlinkat(dir_fd, temp, 0);
	return ok;
}
