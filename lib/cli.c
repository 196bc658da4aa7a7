/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "caps.h"
#include "cli-values.h"
#include "cleanup.h"

const char mr_cli_usage[] =
    "Usage: minirun [OPTIONS] ROOTFS COMMAND [ARG...]\n"
    "\n"
    "Run COMMAND inside the directory tree ROOTFS, in new namespaces,\n"
    "with Docker's default capabilities and a seccomp filter.\n"
    "\n"
    "Options:\n"
    "      --security-opt seccomp=PATH   load the Docker-format seccomp\n"
    "                                    profile at PATH\n"
    "      --security-opt seccomp=unconfined\n"
    "                                    run without a seccomp filter\n"
    "      --security-opt no-new-privileges[=true|false]\n"
    "                                    set no_new_privs, so setuid\n"
    "                                    programs gain nothing (default "
    "false)\n"
    "      --cap-add CAP                 add a capability (or ALL)\n"
    "      --cap-drop CAP                drop a capability (or ALL)\n"
    "      --hostname NAME               the container's host name\n"
    "                                    (default: minirun)\n"
    "  -e, --env KEY[=VALUE]             set an environment variable; "
    "without\n"
    "                                    a value it is copied from the "
    "caller\n"
    "  -w, --workdir DIR                 the working directory, an "
    "absolute\n"
    "                                    path inside ROOTFS (default: /)\n"
    "  -u, --user USER[:GROUP]           run as USER, a name from ROOTFS's\n"
    "                                    /etc/passwd or a numeric id\n"
    "  -v, --volume HOST:CONTAINER[:ro|:rw]\n"
    "                                    bind HOST (absolute) at CONTAINER,\n"
    "                                    nosuid and nodev; ro is read-only\n"
    "      --tmpfs PATH[:OPTIONS]        mount a tmpfs at PATH; OPTIONS: size=\n"
    "                                    BYTES, mode=OCTAL, exec, ro\n"
    "      --read-only                   mount ROOTFS read-only\n"
    "      --network none|host           a new network namespace with lo\n"
    "                                    (default), or the host's\n"
    "  -m, --memory BYTES                memory limit, with k, m or g\n"
    "      --pids-limit N                at most N processes and threads\n"
    "      --cpus N.N                    CPU time limit, in CPUs\n"
    "      --ulimit NAME=SOFT[:HARD]     an rlimit such as nofile=1024\n"
    "      --timeout SECONDS             send SIGTERM after SECONDS, then\n"
    "                                    SIGKILL; exit status 124\n"
    "      --stop-timeout SECONDS        from SIGTERM to SIGKILL (default "
    "10)\n"
    "      --init                        run a small init as pid 1 that\n"
    "                                    reaps zombies\n"
    "      --no-seccomp-cache            compile the profile without the\n"
    "                                    cache of compiled programs\n"
    "  -h, --help                        print this help and exit\n"
    "      --version                     print the version and exit\n"
    "\n"
    "Without --security-opt seccomp=..., the built-in default profile is\n"
    "loaded.  Exit status: the command's own, 128+N when it is killed by\n"
    "signal N, 125 when minirun fails, 126 when the command cannot be\n"
    "executed, 127 when it is not found.\n";

struct option_spec {
	const char *long_name;
	char short_name;
	bool takes_value;
	int (*apply)(struct mr_config *config, const char *value,
		     struct mr_error *err);
};

static int strv_push(struct mr_strv *strv, char *item, struct mr_error *err)
{
	char **items;

	items = realloc(strv->items, (strv->count + 2) * sizeof(*items));
	if (!items)
		return mr_error_set(err, ENOMEM, "out of memory");

	items[strv->count++] = item;
	items[strv->count] = NULL;
	strv->items = items;
	return 0;
}

static int push_copy(struct mr_strv *strv, const char *value,
		     struct mr_error *err)
{
	cleanup_free char *copy = strdup(value);
	int r;

	if (!copy)
		return mr_error_set(err, ENOMEM, "out of memory");

	r = strv_push(strv, copy, err);
	if (r < 0)
		return r;

	copy = NULL;
	return 0;
}

static int parse_bool(const char *value, bool *ret)
{
	if (strcasecmp(value, "true") == 0 || strcmp(value, "1") == 0) {
		*ret = true;
		return 0;
	}
	if (strcasecmp(value, "false") == 0 || strcmp(value, "0") == 0) {
		*ret = false;
		return 0;
	}
	return -EINVAL;
}

/* Docker accepts "key=value" and the older "key:value" forms. */
static const char *split_security_opt(const char *opt, const char *key)
{
	size_t length = strlen(key);

	if (strncmp(opt, key, length) != 0)
		return NULL;
	if (opt[length] == '\0')
		return opt + length;
	if (opt[length] == '=' || opt[length] == ':')
		return opt + length + 1;
	return NULL;
}

static int apply_security_opt(struct mr_config *config, const char *value,
			      struct mr_error *err)
{
	const char *arg;

	arg = split_security_opt(value, "seccomp");
	if (arg) {
		if (*arg == '\0')
			return mr_error_set(err, EINVAL,
					    "invalid --security-opt '%s': "
					    "expected seccomp=unconfined or "
					    "seccomp=PATH",
					    value);
		if (strcmp(arg, "unconfined") == 0) {
			config->seccomp_mode = MR_SECCOMP_UNCONFINED;
			config->seccomp_profile = NULL;
		} else {
			config->seccomp_mode = MR_SECCOMP_PROFILE;
			config->seccomp_profile = arg;
		}
		return 0;
	}

	arg = split_security_opt(value, "no-new-privileges");
	if (arg) {
		/* The bare option means true; "no-new-privileges=" is a typo. */
		if (strcmp(value, "no-new-privileges") == 0) {
			config->no_new_privileges = true;
			return 0;
		}
		if (parse_bool(arg, &config->no_new_privileges) < 0)
			return mr_error_set(err, EINVAL,
					    "invalid --security-opt '%s': "
					    "expected no-new-privileges=true "
					    "or =false",
					    value);
		return 0;
	}

	return mr_error_set(err, EINVAL,
			    "unsupported --security-opt '%s': minirun supports "
			    "seccomp=... and no-new-privileges",
			    value);
}

static int apply_cap_add(struct mr_config *config, const char *value,
			 struct mr_error *err)
{
	return push_copy(&config->cap_add, value, err);
}

static int apply_cap_drop(struct mr_config *config, const char *value,
			  struct mr_error *err)
{
	return push_copy(&config->cap_drop, value, err);
}

static bool is_hostname_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '.';
}

static int apply_hostname(struct mr_config *config, const char *value,
			  struct mr_error *err)
{
	size_t length = strlen(value);

	if (length == 0 || length > HOST_NAME_MAX)
		return mr_error_set(err, EINVAL,
				    "invalid --hostname '%s': it must have 1 "
				    "to %d characters",
				    value, HOST_NAME_MAX);

	for (size_t i = 0; i < length; i++)
		if (!is_hostname_char(value[i]))
			return mr_error_set(err, EINVAL,
					    "invalid --hostname '%s': only "
					    "letters, digits, '-' and '.' are "
					    "allowed",
					    value);

	config->hostname = value;
	return 0;
}

static int apply_env(struct mr_config *config, const char *value,
		     struct mr_error *err)
{
	cleanup_free char *entry = NULL;
	const char *equals = strchr(value, '=');
	const char *host_value;
	int r;

	if (value[0] == '\0' || equals == value)
		return mr_error_set(err, EINVAL,
				    "invalid --env '%s': the variable name is "
				    "empty",
				    value);

	if (equals)
		return push_copy(&config->env, value, err);

	/* As in Docker, "-e KEY" copies KEY from the caller, if it is set. */
	host_value = getenv(value);
	if (!host_value)
		return 0;

	if (asprintf(&entry, "%s=%s", value, host_value) < 0) {
		entry = NULL;
		return mr_error_set(err, ENOMEM, "out of memory");
	}

	r = strv_push(&config->env, entry, err);
	if (r < 0)
		return r;

	entry = NULL;
	return 0;
}

static int apply_workdir(struct mr_config *config, const char *value,
			 struct mr_error *err)
{
	if (value[0] != '/')
		return mr_error_set(err, EINVAL,
				    "invalid --workdir '%s': it must be an "
				    "absolute path",
				    value);

	config->workdir = value;
	return 0;
}

static int apply_user(struct mr_config *config, const char *value,
		      struct mr_error *err)
{
	if (value[0] == '\0' || value[0] == ':')
		return mr_error_set(err, EINVAL,
				    "invalid --user '%s': expected "
				    "USER[:GROUP]",
				    value);

	config->user = value;
	return 0;
}

/* Grows an array of size-byte elements by one; returns the new element. */
static void *append_element(void **array, size_t *count, size_t size,
			    struct mr_error *err)
{
	char *grown = realloc(*array, (*count + 1) * size);

	if (!grown) {
		mr_error_set(err, ENOMEM, "out of memory");
		return NULL;
	}

	*array = grown;
	memset(grown + *count * size, 0, size);
	return grown + (*count)++ * size;
}

static int apply_volume(struct mr_config *config, const char *value,
			struct mr_error *err)
{
	struct mr_volume volume;
	struct mr_volume *slot;
	int r;

	r = mr_parse_volume(value, &volume, err);
	if (r < 0)
		return r;

	slot = append_element((void **)&config->volumes,
			      &config->volume_count, sizeof(*slot), err);
	if (!slot) {
		free(volume.spec);
		return -ENOMEM;
	}
	*slot = volume;
	return 0;
}

static int apply_tmpfs(struct mr_config *config, const char *value,
		       struct mr_error *err)
{
	struct mr_tmpfs tmpfs;
	struct mr_tmpfs *slot;
	int r;

	r = mr_parse_tmpfs(value, &tmpfs, err);
	if (r < 0)
		return r;

	slot = append_element((void **)&config->tmpfs_mounts,
			      &config->tmpfs_count, sizeof(*slot), err);
	if (!slot) {
		free(tmpfs.target);
		return -ENOMEM;
	}
	*slot = tmpfs;
	return 0;
}

static int apply_read_only(struct mr_config *config, const char *value,
			   struct mr_error *err)
{
	(void)value;
	(void)err;
	config->read_only = true;
	return 0;
}

static int apply_network(struct mr_config *config, const char *value,
			 struct mr_error *err)
{
	if (strcmp(value, "none") == 0)
		config->network = MR_NETWORK_NONE;
	else if (strcmp(value, "host") == 0)
		config->network = MR_NETWORK_HOST;
	else
		return mr_error_set(err, EINVAL,
				    "unsupported --network '%s': minirun "
				    "supports none and host",
				    value);
	return 0;
}

/* Docker's --memory minimum: less does not even start most programs. */
#define MEMORY_MIN (UINT64_C(6) << 20)

static int apply_memory(struct mr_config *config, const char *value,
			struct mr_error *err)
{
	uint64_t bytes;
	int r;

	r = mr_parse_bytes("--memory", value, &bytes, err);
	if (r < 0)
		return r;

	if (bytes < MEMORY_MIN)
		return mr_error_set(err, EINVAL,
				    "invalid --memory '%s': the minimum is 6m",
				    value);

	config->memory_bytes = bytes;
	return 0;
}

static int apply_pids_limit(struct mr_config *config, const char *value,
			    struct mr_error *err)
{
	return mr_parse_count("--pids-limit", value, INT32_MAX,
			      &config->pids_limit, err);
}

static int apply_cpus(struct mr_config *config, const char *value,
		      struct mr_error *err)
{
	return mr_parse_cpus(value, &config->cpu_millis, err);
}

static int apply_ulimit(struct mr_config *config, const char *value,
			struct mr_error *err)
{
	struct mr_ulimit limit;
	struct mr_ulimit *slot;
	int r;

	r = mr_parse_ulimit(value, &limit, err);
	if (r < 0)
		return r;

	slot = append_element((void **)&config->ulimits,
			      &config->ulimit_count, sizeof(*slot), err);
	if (!slot)
		return -ENOMEM;
	*slot = limit;
	return 0;
}

static int apply_timeout(struct mr_config *config, const char *value,
			 struct mr_error *err)
{
	uint64_t ms;
	int r;

	r = mr_parse_seconds("--timeout", value, &ms, err);
	if (r < 0)
		return r;

	if (ms == 0)
		return mr_error_set(err, EINVAL,
				    "invalid --timeout '%s': it must be above "
				    "0",
				    value);

	config->timeout_ms = ms;
	return 0;
}

static int apply_stop_timeout(struct mr_config *config, const char *value,
			      struct mr_error *err)
{
	return mr_parse_seconds("--stop-timeout", value,
				&config->stop_timeout_ms, err);
}

static int apply_no_seccomp_cache(struct mr_config *config, const char *value,
				  struct mr_error *err)
{
	(void)value;
	(void)err;
	config->no_seccomp_cache = true;
	return 0;
}

static int apply_init(struct mr_config *config, const char *value,
		      struct mr_error *err)
{
	(void)value;
	(void)err;
	config->init = true;
	return 0;
}

static const struct option_spec options[] = {
    {"security-opt", 0, true, apply_security_opt},
    {"cap-add", 0, true, apply_cap_add},
    {"cap-drop", 0, true, apply_cap_drop},
    {"hostname", 0, true, apply_hostname},
    {"env", 'e', true, apply_env},
    {"workdir", 'w', true, apply_workdir},
    {"user", 'u', true, apply_user},
    {"volume", 'v', true, apply_volume},
    {"tmpfs", 0, true, apply_tmpfs},
    {"read-only", 0, false, apply_read_only},
    {"network", 0, true, apply_network},
    {"memory", 'm', true, apply_memory},
    {"pids-limit", 0, true, apply_pids_limit},
    {"cpus", 0, true, apply_cpus},
    {"ulimit", 0, true, apply_ulimit},
    {"timeout", 0, true, apply_timeout},
    {"stop-timeout", 0, true, apply_stop_timeout},
    {"init", 0, false, apply_init},
    {"no-seccomp-cache", 0, false, apply_no_seccomp_cache},
    {"help", 'h', false, NULL},
    {"version", 0, false, NULL},
};

static const struct option_spec *find_long(const char *name, size_t length)
{
	for (size_t i = 0; i < sizeof(options) / sizeof(*options); i++)
		if (strlen(options[i].long_name) == length &&
		    strncmp(options[i].long_name, name, length) == 0)
			return &options[i];
	return NULL;
}

static const struct option_spec *find_short(char name)
{
	for (size_t i = 0; i < sizeof(options) / sizeof(*options); i++)
		if (options[i].short_name == name)
			return &options[i];
	return NULL;
}

/*
 * Finds the option that argv[*index] names and its value, which is either
 * attached ("--env=X", "-eX") or the next argument.  Advances *index past
 * what it consumed.
 */
static int next_option(int argc, char **argv, int *index,
		       const struct option_spec **ret_spec,
		       const char **ret_value, struct mr_error *err)
{
	const char *arg = argv[*index];
	const struct option_spec *spec;
	const char *value = NULL;

	if (arg[1] == '-') {
		const char *name = arg + 2;
		const char *equals = strchr(name, '=');

		spec = find_long(name, equals ? (size_t)(equals - name)
					      : strlen(name));
		if (equals)
			value = equals + 1;
	} else {
		spec = find_short(arg[1]);
		if (arg[2] != '\0')
			value = arg + 2;
	}

	if (!spec)
		return mr_error_set(err, EINVAL,
				    "unknown option '%s' (see minirun --help)",
				    arg);

	if (!spec->takes_value && value)
		return mr_error_set(err, EINVAL, "option '%s' takes no value",
				    arg);

	if (spec->takes_value && !value) {
		if (*index + 1 >= argc)
			return mr_error_set(
			    err, EINVAL, "option '%s' requires a value", arg);
		value = argv[++*index];
	}

	++*index;
	*ret_spec = spec;
	*ret_value = value;
	return 0;
}

static bool is_option(const char *arg)
{
	return arg[0] == '-' && arg[1] != '\0';
}

static int parse_options(int argc, char **argv, struct mr_config *config,
			 enum mr_cli_action *ret_action, int *ret_index,
			 struct mr_error *err)
{
	int index = 1;

	while (index < argc && is_option(argv[index])) {
		const struct option_spec *spec = NULL;
		const char *value = NULL;
		int r;

		if (strcmp(argv[index], "--") == 0) {
			index++;
			break;
		}

		r = next_option(argc, argv, &index, &spec, &value, err);
		if (r < 0)
			return r;

		if (spec->short_name == 'h') {
			*ret_action = MR_CLI_HELP;
			return 0;
		}
		if (strcmp(spec->long_name, "version") == 0) {
			*ret_action = MR_CLI_VERSION;
			return 0;
		}

		r = spec->apply(config, value, err);
		if (r < 0)
			return r;
	}

	*ret_action = MR_CLI_RUN;
	*ret_index = index;
	return 0;
}

int mr_cli_parse(int argc, char **argv, struct mr_config *ret,
		 enum mr_cli_action *ret_action, struct mr_error *err)
{
	struct mr_config config = {
	    .hostname = "minirun",
	    .workdir = "/",
	    .seccomp_mode = MR_SECCOMP_DEFAULT,
	    .stop_timeout_ms = 10000,
	};
	enum mr_cli_action action;
	int index = 0, r;

	r = parse_options(argc, argv, &config, &action, &index, err);
	if (r < 0)
		goto fail;

	if (action == MR_CLI_RUN) {
		if (index >= argc) {
			r = mr_error_set(err, EINVAL,
					 "missing ROOTFS and COMMAND (see "
					 "minirun --help)");
			goto fail;
		}
		if (index + 1 >= argc) {
			r = mr_error_set(err, EINVAL,
					 "missing COMMAND after ROOTFS '%s'",
					 argv[index]);
			goto fail;
		}

		config.rootfs = argv[index];
		config.command = argv + index + 1;

		r = mr_caps_resolve(config.cap_add.items, config.cap_add.count,
				    config.cap_drop.items,
				    config.cap_drop.count, mr_caps_all(),
				    &config.caps, err);
		if (r < 0)
			goto fail;
	}

	*ret = config;
	*ret_action = action;
	return 0;

fail:
	mr_config_free(&config);
	return r;
}

static void strv_free(struct mr_strv *strv)
{
	for (size_t i = 0; i < strv->count; i++)
		free(strv->items[i]);
	free(strv->items);
	strv->items = NULL;
	strv->count = 0;
}

void mr_config_free(struct mr_config *config)
{
	strv_free(&config->env);
	strv_free(&config->cap_add);
	strv_free(&config->cap_drop);

	for (size_t i = 0; i < config->volume_count; i++)
		free(config->volumes[i].spec);
	free(config->volumes);
	config->volumes = NULL;
	config->volume_count = 0;

	for (size_t i = 0; i < config->tmpfs_count; i++)
		free(config->tmpfs_mounts[i].target);
	free(config->tmpfs_mounts);
	config->tmpfs_mounts = NULL;
	config->tmpfs_count = 0;

	free(config->ulimits);
	config->ulimits = NULL;
	config->ulimit_count = 0;
}
