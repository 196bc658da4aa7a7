/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Docker's JSON seccomp profile format, read into struct mr_profile.  Keys
 * are matched case-insensitively and JSON null counts as absent, because
 * Docker decodes profiles with Go's encoding/json, which does both.
 */
#include "seccomp-profile.h"

#include <errno.h>
#include <jansson.h>
#include <linux/seccomp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cleanup.h"
#include "json-text.h"

#ifndef SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
#define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (1UL << 5)
#endif

/* Room for paths such as "syscalls[312].includes.caps[2]". */
#define PATH_MAX_LENGTH 128


struct parser {
	const char *source;
	const char *text; /* the profile as written, for positions */
	size_t size;
	struct mr_warnings *warnings;
	struct mr_error *err;
};

struct name_value {
	const char *name;
	int value;
};

static const struct name_value actions[] = {
    {"SCMP_ACT_ALLOW", MR_ACTION_ALLOW},
    {"SCMP_ACT_ERRNO", MR_ACTION_ERRNO},
    {"SCMP_ACT_KILL", MR_ACTION_KILL_THREAD},
    {"SCMP_ACT_KILL_THREAD", MR_ACTION_KILL_THREAD},
    {"SCMP_ACT_KILL_PROCESS", MR_ACTION_KILL_PROCESS},
    {"SCMP_ACT_TRAP", MR_ACTION_TRAP},
    {"SCMP_ACT_TRACE", MR_ACTION_TRACE},
    {"SCMP_ACT_LOG", MR_ACTION_LOG},
    {NULL, 0},
};

static const struct name_value operators[] = {
    {"SCMP_CMP_NE", MR_CMP_NE},
    {"SCMP_CMP_LT", MR_CMP_LT},
    {"SCMP_CMP_LE", MR_CMP_LE},
    {"SCMP_CMP_EQ", MR_CMP_EQ},
    {"SCMP_CMP_GE", MR_CMP_GE},
    {"SCMP_CMP_GT", MR_CMP_GT},
    {"SCMP_CMP_MASKED_EQ", MR_CMP_MASKED_EQ},
    {NULL, 0},
};

static const struct name_value filter_flags[] = {
    {"SECCOMP_FILTER_FLAG_TSYNC", SECCOMP_FILTER_FLAG_TSYNC},
    {"SECCOMP_FILTER_FLAG_LOG", SECCOMP_FILTER_FLAG_LOG},
    {"SECCOMP_FILTER_FLAG_SPEC_ALLOW", SECCOMP_FILTER_FLAG_SPEC_ALLOW},
    {"SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV",
     SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV},
    {NULL, 0},
};

/* The architecture names that Docker's profiles use. */
const char *const mr_arch_names[] = {
    "SCMP_ARCH_X86",	     "SCMP_ARCH_X86_64",   "SCMP_ARCH_X32",
    "SCMP_ARCH_ARM",	     "SCMP_ARCH_AARCH64",  "SCMP_ARCH_LOONGARCH64",
    "SCMP_ARCH_M68K",	     "SCMP_ARCH_MIPS",	   "SCMP_ARCH_MIPS64",
    "SCMP_ARCH_MIPS64N32",   "SCMP_ARCH_MIPSEL",   "SCMP_ARCH_MIPSEL64",
    "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PPC",	   "SCMP_ARCH_PPC64",
    "SCMP_ARCH_PPC64LE",     "SCMP_ARCH_S390",	   "SCMP_ARCH_S390X",
    "SCMP_ARCH_PARISC",	     "SCMP_ARCH_PARISC64", "SCMP_ARCH_RISCV64",
    "SCMP_ARCH_SH",	     "SCMP_ARCH_SHEB",	   NULL,
};

/* Podman accepts errno names as well as numbers. */
static const struct name_value errno_names[] = {
/* clang-format off */
#define E(name) {#name, name}
	E(EPERM), E(ENOENT), E(ESRCH), E(EINTR), E(EIO), E(ENXIO), E(E2BIG),
	E(ENOEXEC), E(EBADF), E(ECHILD), E(EAGAIN), E(ENOMEM), E(EACCES),
	E(EFAULT), E(ENOTBLK), E(EBUSY), E(EEXIST), E(EXDEV), E(ENODEV),
	E(ENOTDIR), E(EISDIR), E(EINVAL), E(ENFILE), E(EMFILE), E(ENOTTY),
	E(ETXTBSY), E(EFBIG), E(ENOSPC), E(ESPIPE), E(EROFS), E(EMLINK),
	E(EPIPE), E(EDOM), E(ERANGE), E(EDEADLK), E(ENAMETOOLONG), E(ENOLCK),
	E(ENOSYS), E(ENOTEMPTY), E(ELOOP), E(EWOULDBLOCK), E(ENOMSG), E(EIDRM),
	E(ECHRNG), E(EL2NSYNC), E(EL3HLT), E(EL3RST), E(ELNRNG), E(EUNATCH),
	E(ENOCSI), E(EL2HLT), E(EBADE), E(EBADR), E(EXFULL), E(ENOANO),
	E(EBADRQC), E(EBADSLT), E(EDEADLOCK), E(EBFONT), E(ENOSTR), E(ENODATA),
	E(ETIME), E(ENOSR), E(ENONET), E(ENOPKG), E(EREMOTE), E(ENOLINK),
	E(EADV), E(ESRMNT), E(ECOMM), E(EPROTO), E(EMULTIHOP), E(EDOTDOT),
	E(EBADMSG), E(EOVERFLOW), E(ENOTUNIQ), E(EBADFD), E(EREMCHG),
	E(ELIBACC), E(ELIBBAD), E(ELIBSCN), E(ELIBMAX), E(ELIBEXEC), E(EILSEQ),
	E(ERESTART), E(ESTRPIPE), E(EUSERS), E(ENOTSOCK), E(EDESTADDRREQ),
	E(EMSGSIZE), E(EPROTOTYPE), E(ENOPROTOOPT), E(EPROTONOSUPPORT),
	E(ESOCKTNOSUPPORT), E(EOPNOTSUPP), E(EPFNOSUPPORT), E(EAFNOSUPPORT),
	E(EADDRINUSE), E(EADDRNOTAVAIL), E(ENETDOWN), E(ENETUNREACH),
	E(ENETRESET), E(ECONNABORTED), E(ECONNRESET), E(ENOBUFS), E(EISCONN),
	E(ENOTCONN), E(ESHUTDOWN), E(ETOOMANYREFS), E(ETIMEDOUT),
	E(ECONNREFUSED), E(EHOSTDOWN), E(EHOSTUNREACH), E(EALREADY),
	E(EINPROGRESS), E(ESTALE), E(EUCLEAN), E(ENOTNAM), E(ENAVAIL),
	E(EISNAM), E(EREMOTEIO), E(EDQUOT), E(ENOMEDIUM), E(EMEDIUMTYPE),
	E(ECANCELED), E(ENOKEY), E(EKEYEXPIRED), E(EKEYREVOKED),
	E(EKEYREJECTED), E(EOWNERDEAD), E(ENOTRECOVERABLE), E(ERFKILL),
	E(EHWPOISON),
#undef E
    /* clang-format on */
    {NULL, 0},
};

static int lookup(const struct name_value *table, const char *name,
		  int *ret_value)
{
	for (size_t i = 0; table[i].name; i++) {
		if (strcmp(table[i].name, name) == 0) {
			*ret_value = table[i].value;
			return 0;
		}
	}
	return -ENOENT;
}

/* A path cut at the buffer's end only shortens a message, so mark it. */
static void mark_cut_path(char *buffer, int length)
{
	if (length >= PATH_MAX_LENGTH)
		memcpy(buffer + PATH_MAX_LENGTH - 4, "...", 4);
}

static void join_path(char *buffer, const char *path, const char *key)
{
	int length;

	if (path[0])
		length = snprintf(buffer, PATH_MAX_LENGTH, "%s.%s", path, key);
	else
		length = snprintf(buffer, PATH_MAX_LENGTH, "%s", key);
	mark_cut_path(buffer, length);
}

static void index_path(char *buffer, const char *path, size_t index)
{
	int length;

	length = snprintf(buffer, PATH_MAX_LENGTH, "%s[%zu]", path, index);
	mark_cut_path(buffer, length);
}

__attribute__((format(printf, 3, 4))) static int
fail(const struct parser *p, const char *path, const char *fmt, ...)
{
	char message[MR_ERROR_MESSAGE_MAX];
	struct mr_json_position at;
	va_list args;

	va_start(args, fmt);
	vsnprintf(message, sizeof(message), fmt, args);
	va_end(args);

	at = mr_json_locate(p->text, p->size, path);
	return mr_error_set(p->err, EINVAL, "%s:%u:%u: error: %s%s%s",
			    p->source, at.line, at.column, path,
			    path[0] ? ": " : "", message);
}

__attribute__((format(printf, 3, 4))) static int
warn(const struct parser *p, const char *path, const char *fmt, ...)
{
	char message[MR_ERROR_MESSAGE_MAX];
	struct mr_json_position at;
	va_list args;
	int r;

	if (mr_warnings_drop_if_full(p->warnings))
		return 0;

	va_start(args, fmt);
	vsnprintf(message, sizeof(message), fmt, args);
	va_end(args);

	at = mr_json_locate(p->text, p->size, path);
	r = mr_warnings_add(p->warnings, "%s:%u:%u: warning: %s%s%s",
			    p->source, at.line, at.column, path,
			    path[0] ? ": " : "", message);
	if (r < 0)
		return mr_error_set(p->err, ENOMEM, "out of memory");
	return 0;
}

static int out_of_memory(const struct parser *p)
{
	return mr_error_set(p->err, ENOMEM, "%s: out of memory", p->source);
}

/*
 * Returns the member whose key equals key ignoring case, or NULL when there
 * is none or it is null.  Of several matches the last one counts, as in Go,
 * where each of them overwrites the same field in turn.
 */
static json_t *member(json_t *object, const char *key)
{
	const char *name;
	json_t *value;
	json_t *found = NULL;

	json_object_foreach(object, name, value)
	{
		if (strcasecmp(name, key) == 0)
			found = value;
	}
	return json_is_null(found) ? NULL : found;
}

static int get_string(const struct parser *p, json_t *object, const char *path,
		      const char *key, const char **ret)
{
	char member_path[PATH_MAX_LENGTH];
	json_t *value = member(object, key);

	*ret = NULL;
	if (!value)
		return 0;

	join_path(member_path, path, key);
	if (!json_is_string(value))
		return fail(p, member_path, "expected a string");

	*ret = json_string_value(value);
	return 0;
}

/* An integer above INT64_MAX, as mr_json_quote_big_integers wrote it. */
static bool is_quoted_uint64(json_t *value)
{
	const char *text = json_string_value(value);

	return text && strncmp(text, MR_JSON_UINT64_PREFIX,
			       strlen(MR_JSON_UINT64_PREFIX)) == 0;
}

static int get_quoted_uint64(const struct parser *p, json_t *value,
			     const char *path, uint64_t max, uint64_t *ret)
{
	const char *digits =
	    json_string_value(value) + strlen(MR_JSON_UINT64_PREFIX);
	uint64_t number = strtoull(digits, NULL, 10);

	if (number > max)
		return fail(p, path, "value '%s' is above %llu", digits,
			    (unsigned long long)max);

	*ret = number;
	return 0;
}

/* Reads an unsigned integer.  *ret stays untouched when key is absent. */
static int get_uint(const struct parser *p, json_t *object, const char *path,
		    const char *key, uint64_t max, bool *ret_present,
		    uint64_t *ret)
{
	char member_path[PATH_MAX_LENGTH];
	json_t *value = member(object, key);
	json_int_t number;

	*ret_present = value != NULL;
	if (!value)
		return 0;

	join_path(member_path, path, key);
	if (is_quoted_uint64(value))
		return get_quoted_uint64(p, value, member_path, max, ret);
	if (!json_is_integer(value))
		return fail(p, member_path, "expected an integer");

	number = json_integer_value(value);
	if (number < 0)
		return fail(p, member_path, "negative value '%lld'",
			    (long long)number);
	if ((uint64_t)number > max)
		return fail(p, member_path, "value '%lld' is above %llu",
			    (long long)number, (unsigned long long)max);

	*ret = (uint64_t)number;
	return 0;
}

static int get_array(const struct parser *p, json_t *object, const char *path,
		     const char *key, json_t **ret)
{
	char member_path[PATH_MAX_LENGTH];
	json_t *value = member(object, key);

	*ret = NULL;
	if (!value)
		return 0;

	join_path(member_path, path, key);
	if (!json_is_array(value))
		return fail(p, member_path, "expected an array");

	*ret = value;
	return 0;
}

static int get_object(const struct parser *p, json_t *object, const char *path,
		      const char *key, json_t **ret)
{
	char member_path[PATH_MAX_LENGTH];
	json_t *value = member(object, key);

	*ret = NULL;
	if (!value)
		return 0;

	join_path(member_path, path, key);
	if (!json_is_object(value))
		return fail(p, member_path, "expected an object");

	*ret = value;
	return 0;
}

static void free_strings(char **strings, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(strings[i]);
	free(strings);
}

/* Copies an array of strings.  An absent key gives an empty list. */
static int get_string_array(const struct parser *p, json_t *object,
			    const char *path, const char *key, char ***ret,
			    size_t *ret_count)
{
	char array_path[PATH_MAX_LENGTH];
	char element_path[PATH_MAX_LENGTH];
	char **strings;
	json_t *array, *value;
	size_t i, count = 0;
	int r;

	r = get_array(p, object, path, key, &array);
	if (r < 0 || !array)
		return r;

	join_path(array_path, path, key);
	strings = calloc(json_array_size(array) + 1, sizeof(*strings));
	if (!strings)
		return out_of_memory(p);

	json_array_foreach(array, i, value)
	{
		index_path(element_path, array_path, i);
		if (!json_is_string(value)) {
			free_strings(strings, count);
			return fail(p, element_path, "expected a string");
		}

		strings[count] = strdup(json_string_value(value));
		if (!strings[count]) {
			free_strings(strings, count);
			return out_of_memory(p);
		}
		count++;
	}

	*ret = strings;
	*ret_count = count;
	return 0;
}

/* Podman's "errno" and "defaultErrno": a name such as "ENOSYS" or digits. */
static int parse_errno_name(const struct parser *p, const char *path,
			    const char *name, unsigned int *ret)
{
	char *end;
	unsigned long number;
	int value;

	if (lookup(errno_names, name, &value) == 0) {
		*ret = (unsigned int)value;
		return 0;
	}

	if (name[0] < '0' || name[0] > '9')
		return fail(p, path, "unknown errno name '%s'", name);

	errno = 0;
	number = strtoul(name, &end, 10);
	if (*end || errno)
		return fail(p, path, "invalid errno '%s'", name);
	if (number > MR_ERRNO_MAX)
		return fail(p, path, "errno '%s' is above %d", name,
			    MR_ERRNO_MAX);

	*ret = (unsigned int)number;
	return 0;
}

static bool action_takes_errno(enum mr_action_type type)
{
	return type == MR_ACTION_ERRNO || type == MR_ACTION_TRACE;
}

/*
 * Reads an action and its errno from three keys, such as "action",
 * "errnoRet" and Podman's "errno".  The number wins when both errno keys are
 * present.  ERRNO and TRACE default to EPERM, as in runc.
 */
static int parse_action(const struct parser *p, json_t *object,
			const char *path, const char *const keys[3],
			bool *ret_present, struct mr_action *ret)
{
	char key_path[PATH_MAX_LENGTH];
	const char *name, *errno_name;
	uint64_t errno_ret = EPERM;
	bool has_errno_ret;
	int type = 0, r;

	r = get_string(p, object, path, keys[0], &name);
	if (r < 0)
		return r;

	r = get_uint(p, object, path, keys[1], MR_ERRNO_MAX, &has_errno_ret,
		     &errno_ret);
	if (r < 0)
		return r;

	r = get_string(p, object, path, keys[2], &errno_name);
	if (r < 0)
		return r;

	*ret_present = name != NULL;
	if (!name)
		return 0;

	join_path(key_path, path, keys[0]);
	if (strcmp(name, "SCMP_ACT_NOTIFY") == 0)
		return fail(p, key_path,
			    "action 'SCMP_ACT_NOTIFY' is not supported, "
			    "because minirun has no notification listener");
	if (lookup(actions, name, &type) < 0)
		return fail(p, key_path, "unknown action '%s'", name);

	if (errno_name && !has_errno_ret) {
		unsigned int value = 0;

		join_path(key_path, path, keys[2]);
		r = parse_errno_name(p, key_path, errno_name, &value);
		if (r < 0)
			return r;

		errno_ret = value;
		has_errno_ret = true;
	}

	if (has_errno_ret && !action_takes_errno(type)) {
		join_path(key_path, path, keys[1]);
		r = warn(p, key_path, "'%s' takes no errno, ignoring", name);
		if (r < 0)
			return r;
	}

	ret->type = (enum mr_action_type)type;
	ret->errno_ret = action_takes_errno(type) ? (unsigned int)errno_ret : 0;
	return 0;
}

static int check_arch_name(const struct parser *p, const char *path,
			   const char *name)
{
	for (size_t i = 0; mr_arch_names[i]; i++) {
		if (strcmp(mr_arch_names[i], name) == 0)
			return 0;
	}
	return fail(p, path, "unknown architecture '%s'", name);
}

static int check_arch_names(const struct parser *p, const char *path,
			    char **names, size_t count)
{
	char element_path[PATH_MAX_LENGTH];
	int r;

	for (size_t i = 0; i < count; i++) {
		index_path(element_path, path, i);
		r = check_arch_name(p, element_path, names[i]);
		if (r < 0)
			return r;
	}
	return 0;
}

static int parse_arch_map_entry(const struct parser *p, json_t *object,
				const char *path,
				struct mr_arch_map_entry *entry)
{
	char key_path[PATH_MAX_LENGTH];
	const char *arch;
	int r;

	if (!json_is_object(object))
		return fail(p, path, "expected an object");

	r = get_string(p, object, path, "architecture", &arch);
	if (r < 0)
		return r;

	join_path(key_path, path, "architecture");
	if (!arch)
		return fail(p, key_path, "missing");

	r = check_arch_name(p, key_path, arch);
	if (r < 0)
		return r;

	entry->arch = strdup(arch);
	if (!entry->arch)
		return out_of_memory(p);

	r = get_string_array(p, object, path, "subArchitectures",
			     &entry->sub_arches, &entry->sub_arch_count);
	if (r < 0)
		return r;

	join_path(key_path, path, "subArchitectures");
	return check_arch_names(p, key_path, entry->sub_arches,
				entry->sub_arch_count);
}

static int parse_arch_map(const struct parser *p, json_t *root,
			  struct mr_profile *profile)
{
	char entry_path[PATH_MAX_LENGTH];
	json_t *array, *value;
	size_t i;
	int r;

	r = get_array(p, root, "", "archMap", &array);
	if (r < 0 || !array)
		return r;

	profile->arch_map =
	    calloc(json_array_size(array) + 1, sizeof(*profile->arch_map));
	if (!profile->arch_map)
		return out_of_memory(p);

	json_array_foreach(array, i, value)
	{
		index_path(entry_path, "archMap", i);
		profile->arch_map_count++;
		r = parse_arch_map_entry(p, value, entry_path,
					 &profile->arch_map[i]);
		if (r < 0)
			return r;
	}
	return 0;
}

/* Docker rejects a profile that sets both, and so does minirun. */
static int parse_architectures(const struct parser *p, json_t *root,
			       struct mr_profile *profile)
{
	int r;

	r = get_string_array(p, root, "", "architectures",
			     &profile->architectures,
			     &profile->architecture_count);
	if (r < 0)
		return r;

	r = check_arch_names(p, "architectures", profile->architectures,
			     profile->architecture_count);
	if (r < 0)
		return r;

	r = parse_arch_map(p, root, profile);
	if (r < 0)
		return r;

	if (profile->architectures && profile->arch_map)
		return fail(p, "archMap",
			    "'architectures' and 'archMap' are both set, "
			    "use only one");
	return 0;
}

static int parse_flags(const struct parser *p, json_t *root,
		       struct mr_profile *profile)
{
	char element_path[PATH_MAX_LENGTH];
	char **flags = NULL;
	size_t count = 0;
	int flag, r;

	r = get_string_array(p, root, "", "flags", &flags, &count);
	if (r < 0)
		return r;

	for (size_t i = 0; i < count && r == 0; i++) {
		index_path(element_path, "flags", i);
		if (lookup(filter_flags, flags[i], &flag) < 0)
			r = fail(p, element_path, "unknown flag '%s'",
				 flags[i]);
		else if (flag == SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV)
			/* The kernel rejects it without a listener. */
			r = warn(p, element_path,
				 "'%s' has no effect without a notification "
				 "listener, ignoring",
				 flags[i]);
		else
			profile->flags |= (unsigned int)flag;
	}

	free_strings(flags, count);
	return r;
}

static int parse_listener(const struct parser *p, json_t *root)
{
	const char *listener_path;
	int r;

	r = get_string(p, root, "", "listenerPath", &listener_path);
	if (r < 0)
		return r;

	if (listener_path && listener_path[0])
		return fail(p, "listenerPath",
			    "a notification listener is not supported");
	return 0;
}

static int parse_arg(const struct parser *p, json_t *object, const char *path,
		     struct mr_arg_cmp *arg)
{
	char op_path[PATH_MAX_LENGTH];
	const char *op;
	uint64_t index = 0;
	bool present;
	int value = 0, r;

	if (!json_is_object(object))
		return fail(p, path, "expected an object");

	r = get_uint(p, object, path, "index", 5, &present, &index);
	if (r < 0)
		return r;

	r = get_uint(p, object, path, "value", UINT64_MAX, &present,
		     &arg->value);
	if (r < 0)
		return r;

	r = get_uint(p, object, path, "valueTwo", UINT64_MAX, &present,
		     &arg->value_two);
	if (r < 0)
		return r;

	r = get_string(p, object, path, "op", &op);
	if (r < 0)
		return r;

	join_path(op_path, path, "op");
	if (!op)
		return fail(p, op_path, "missing");
	if (lookup(operators, op, &value) < 0)
		return fail(p, op_path, "unknown operator '%s'", op);

	arg->index = (unsigned int)index;
	arg->op = (enum mr_cmp_op)value;
	return 0;
}

static int parse_args(const struct parser *p, json_t *object, const char *path,
		      struct mr_syscall_rule *rule)
{
	char args_path[PATH_MAX_LENGTH];
	char arg_path[PATH_MAX_LENGTH];
	json_t *array, *value;
	size_t i;
	int r;

	r = get_array(p, object, path, "args", &array);
	if (r < 0 || !array)
		return r;

	rule->args = calloc(json_array_size(array) + 1, sizeof(*rule->args));
	if (!rule->args)
		return out_of_memory(p);

	join_path(args_path, path, "args");
	json_array_foreach(array, i, value)
	{
		index_path(arg_path, args_path, i);
		r = parse_arg(p, value, arg_path, &rule->args[i]);
		if (r < 0)
			return r;

		rule->arg_count++;
	}
	return 0;
}

/* Docker's kernel version: "MAJOR.MINOR", compared with uname's release. */
static int parse_kernel_version(const struct parser *p, const char *path,
				const char *text, struct mr_rule_filter *filter)
{
	unsigned long major, minor;
	char *end;

	if (text[0] < '0' || text[0] > '9')
		return fail(p, path, "invalid kernel version '%s'", text);

	major = strtoul(text, &end, 10);
	if (*end != '.' || end[1] < '0' || end[1] > '9')
		return fail(p, path, "invalid kernel version '%s'", text);

	minor = strtoul(end + 1, &end, 10);
	if (*end || major > 65535 || minor > 65535)
		return fail(p, path, "invalid kernel version '%s'", text);

	filter->has_min_kernel = true;
	filter->min_kernel_major = (unsigned int)major;
	filter->min_kernel_minor = (unsigned int)minor;
	return 0;
}

static int parse_rule_filter(const struct parser *p, json_t *rule,
			     const char *path, const char *key,
			     struct mr_rule_filter *filter)
{
	char filter_path[PATH_MAX_LENGTH];
	char version_path[PATH_MAX_LENGTH];
	const char *version;
	json_t *object;
	int r;

	r = get_object(p, rule, path, key, &object);
	if (r < 0 || !object)
		return r;

	join_path(filter_path, path, key);
	r = get_string_array(p, object, filter_path, "caps", &filter->caps,
			     &filter->cap_count);
	if (r < 0)
		return r;

	r = get_string_array(p, object, filter_path, "arches", &filter->arches,
			     &filter->arch_count);
	if (r < 0)
		return r;

	r = get_string(p, object, filter_path, "minKernel", &version);
	if (r < 0 || !version)
		return r;

	join_path(version_path, filter_path, "minKernel");
	return parse_kernel_version(p, version_path, version, filter);
}

/* Docker accepts the legacy "name" or "names", but not both. */
static int parse_names(const struct parser *p, json_t *object, const char *path,
		       struct mr_syscall_rule *rule)
{
	char name_path[PATH_MAX_LENGTH];
	const char *name;
	int r;

	r = get_string_array(p, object, path, "names", &rule->names,
			     &rule->name_count);
	if (r < 0)
		return r;

	r = get_string(p, object, path, "name", &name);
	if (r < 0)
		return r;

	join_path(name_path, path, "name");
	if (name && rule->names)
		return fail(p, name_path,
			    "'name' and 'names' are both set, use only one");

	if (name) {
		rule->names = calloc(2, sizeof(*rule->names));
		if (!rule->names)
			return out_of_memory(p);

		rule->names[0] = strdup(name);
		if (!rule->names[0])
			return out_of_memory(p);
		rule->name_count = 1;
	}

	if (rule->name_count == 0)
		return fail(p, path, "missing 'names'");
	return 0;
}

static int parse_rule(const struct parser *p, json_t *object, const char *path,
		      struct mr_syscall_rule *rule)
{
	static const char *const keys[3] = {"action", "errnoRet", "errno"};
	char action_path[PATH_MAX_LENGTH];
	bool has_action;
	int r;

	rule->path = strdup(path);
	if (!rule->path)
		return out_of_memory(p);

	if (!json_is_object(object))
		return fail(p, path, "expected an object");

	r = parse_names(p, object, path, rule);
	if (r < 0)
		return r;

	r = parse_action(p, object, path, keys, &has_action, &rule->action);
	if (r < 0)
		return r;

	join_path(action_path, path, "action");
	if (!has_action)
		return fail(p, action_path, "missing");

	r = parse_args(p, object, path, rule);
	if (r < 0)
		return r;

	r = parse_rule_filter(p, object, path, "includes", &rule->includes);
	if (r < 0)
		return r;

	return parse_rule_filter(p, object, path, "excludes", &rule->excludes);
}

static int parse_syscalls(const struct parser *p, json_t *root,
			  struct mr_profile *profile)
{
	char rule_path[PATH_MAX_LENGTH];
	json_t *array, *value;
	size_t i;
	int r;

	r = get_array(p, root, "", "syscalls", &array);
	if (r < 0 || !array)
		return r;

	profile->syscalls =
	    calloc(json_array_size(array) + 1, sizeof(*profile->syscalls));
	if (!profile->syscalls)
		return out_of_memory(p);

	json_array_foreach(array, i, value)
	{
		index_path(rule_path, "syscalls", i);
		profile->syscall_count++;
		r = parse_rule(p, value, rule_path, &profile->syscalls[i]);
		if (r < 0)
			return r;
	}
	return 0;
}

static int parse_default_action(const struct parser *p, json_t *root,
				struct mr_profile *profile)
{
	static const char *const keys[3] = {"defaultAction", "defaultErrnoRet",
					    "defaultErrno"};

	return parse_action(p, root, "", keys, &profile->has_default_action,
			    &profile->default_action);
}

/* Docker installs no filter for a profile without both of these. */
static int check_default_action(const struct parser *p,
				const struct mr_profile *profile)
{
	if (profile->has_default_action)
		return 0;

	if (profile->syscall_count > 0)
		return fail(p, "defaultAction",
			    "missing, but 'syscalls' is not empty");

	return warn(p, "",
		    "no 'defaultAction' and no 'syscalls', so no seccomp "
		    "filter is installed");
}

static int parse_root(const struct parser *p, json_t *root,
		      struct mr_profile *profile)
{
	int r;

	if (!json_is_object(root))
		return fail(p, "", "expected a JSON object at the top level");

	r = parse_default_action(p, root, profile);
	if (r < 0)
		return r;

	r = parse_architectures(p, root, profile);
	if (r < 0)
		return r;

	r = parse_flags(p, root, profile);
	if (r < 0)
		return r;

	r = parse_listener(p, root);
	if (r < 0)
		return r;

	r = parse_syscalls(p, root, profile);
	if (r < 0)
		return r;

	return check_default_action(p, profile);
}

static bool is_blank(const char *text, size_t size)
{
	for (size_t i = 0; i < size; i++) {
		if (!strchr(" \t\r\n", text[i]))
			return false;
	}
	return true;
}

static int load_json(const struct parser *p, json_t **ret)
{
	cleanup_free char *quoted = NULL;
	json_error_t json_error;
	size_t quoted_size = 0;

	if (is_blank(p->text, p->size))
		return mr_error_set(p->err, EINVAL,
				    "%s:1:1: error: the profile is empty, "
				    "expected a JSON object",
				    p->source);

	if (mr_json_quote_big_integers(p->text, p->size, &quoted,
				       &quoted_size) < 0)
		return out_of_memory(p);

	if (quoted)
		*ret = json_loadb(quoted, quoted_size, 0, &json_error);
	else
		*ret = json_loadb(p->text, p->size, 0, &json_error);
	if (!*ret)
		return mr_error_set(p->err, EINVAL, "%s:%d:%d: error: %s",
				    p->source, json_error.line,
				    json_error.column, json_error.text);
	return 0;
}

/* Keeps the text, so that the compiler's messages can locate paths too. */
static int keep_text(const struct parser *p, struct mr_profile *profile)
{
	profile->source = strdup(p->source);
	profile->text = malloc(p->size + 1);
	if (!profile->source || !profile->text)
		return out_of_memory(p);

	memcpy(profile->text, p->text, p->size);
	profile->text[p->size] = '\0';
	profile->text_size = p->size;
	return 0;
}

int mr_profile_parse(const char *data, size_t size, const char *source,
		     struct mr_profile **ret, struct mr_warnings *warnings,
		     struct mr_error *err)
{
	struct parser p = {source, data, size, warnings, err};
	struct mr_profile *profile;
	json_t *root;
	int r;

	r = load_json(&p, &root);
	if (r < 0)
		return r;

	profile = calloc(1, sizeof(*profile));
	if (!profile) {
		json_decref(root);
		return out_of_memory(&p);
	}

	r = keep_text(&p, profile);
	if (r == 0)
		r = parse_root(&p, root, profile);
	json_decref(root);
	if (r < 0) {
		mr_profile_free(profile);
		return r;
	}

	*ret = profile;
	return 0;
}

int mr_profile_load(const char *path, struct mr_profile **ret,
		    struct mr_warnings *warnings, struct mr_error *err)
{
	cleanup_free char *data = NULL;
	size_t size = 0;
	int r;

	r = mr_profile_read(path, &data, &size, err);
	if (r < 0)
		return r;

	return mr_profile_parse(data, size, path, ret, warnings, err);
}

int mr_profile_load_default(struct mr_profile **ret,
			    struct mr_warnings *warnings, struct mr_error *err)
{
	return mr_profile_parse(mr_default_profile, mr_default_profile_size,
				MR_DEFAULT_PROFILE_SOURCE, ret, warnings, err);
}

static void free_rule_filter(struct mr_rule_filter *filter)
{
	free_strings(filter->caps, filter->cap_count);
	free_strings(filter->arches, filter->arch_count);
}

void mr_profile_free(struct mr_profile *profile)
{
	if (!profile)
		return;

	for (size_t i = 0; i < profile->syscall_count; i++) {
		struct mr_syscall_rule *rule = &profile->syscalls[i];

		free(rule->path);
		free_strings(rule->names, rule->name_count);
		free(rule->args);
		free_rule_filter(&rule->includes);
		free_rule_filter(&rule->excludes);
	}
	free(profile->syscalls);

	for (size_t i = 0; i < profile->arch_map_count; i++) {
		free(profile->arch_map[i].arch);
		free_strings(profile->arch_map[i].sub_arches,
			     profile->arch_map[i].sub_arch_count);
	}
	free(profile->arch_map);

	free_strings(profile->architectures, profile->architecture_count);
	free(profile->source);
	free(profile->text);
	free(profile);
}

/* Formats "SOURCE:LINE:COLUMN: SEVERITY: PATH: MESSAGE" into buffer. */
static void format_located(const struct mr_profile *profile,
			   const char *severity, const char *path,
			   const char *message, char *buffer, size_t size)
{
	struct mr_json_position at =
	    mr_json_locate(profile->text, profile->text_size, path);

	snprintf(buffer, size, "%s:%u:%u: %s: %s%s%s", profile->source,
		 at.line, at.column, severity, path, path[0] ? ": " : "",
		 message);
}

int mr_profile_warn(const struct mr_profile *profile,
		    struct mr_warnings *warnings, struct mr_error *err,
		    const char *path, const char *fmt, ...)
{
	char message[MR_ERROR_MESSAGE_MAX];
	char line[2 * MR_ERROR_MESSAGE_MAX];
	va_list args;

	if (mr_warnings_drop_if_full(warnings))
		return 0;

	va_start(args, fmt);
	vsnprintf(message, sizeof(message), fmt, args);
	va_end(args);

	format_located(profile, "warning", path, message, line, sizeof(line));
	if (mr_warnings_add(warnings, "%s", line) < 0)
		return mr_error_set(err, ENOMEM, "out of memory");
	return 0;
}

int mr_profile_fail(const struct mr_profile *profile, struct mr_error *err,
		    int code, bool with_errno, const char *path,
		    const char *fmt, ...)
{
	char message[MR_ERROR_MESSAGE_MAX];
	char line[MR_ERROR_MESSAGE_MAX];
	va_list args;

	va_start(args, fmt);
	vsnprintf(message, sizeof(message), fmt, args);
	va_end(args);

	format_located(profile, "error", path, message, line, sizeof(line));
	if (with_errno)
		return mr_error_set_errno(err, code, "%s", line);
	return mr_error_set(err, code, "%s", line);
}
