// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * probe: a static helper that the bats suite runs inside test rootfs trees,
 * so that the tests depend on no userland of the rootfs.
 *
 * Every subcommand is harmless when run without any seccomp filter and with
 * all capabilities: each syscall gets arguments that make the kernel reject
 * it (a nonexistent path, an invalid flag, a bad magic number) or turn it
 * into a no-op.  That lets a test tell the filter's errno from the kernel's.
 *
 * A subcommand that makes one call prints "ok" or "errno=NAME" and exits 0
 * or 1.  A usage error prints "probe: ..." on stderr and exits 2.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/statvfs.h>
#include <sys/time.h>
#include <sys/timex.h>
#include <sys/types.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/magic.h>
#include <linux/netlink.h>
#include <linux/sched.h>

#define EXIT_USAGE 2

/* A path that no test rootfs contains, so path lookups end in ENOENT. */
#define MISSING_PATH "/nonexistent-minirun-probe/missing"

struct subcommand {
	const char *name;
	const char *usage;
	int (*run)(int argc, char **argv);
};

struct syscall_probe {
	const char *name;
	long (*call)(void);
};

struct name_value {
	const char *name;
	long value;
};

static int usage_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("probe: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_USAGE;
}

/* Print the outcome of one call, with errno as its symbolic name. */
static int report(long ret)
{
	const char *name;
	int err = errno;

	if (ret != -1) {
		puts("ok");
		return 0;
	}
	name = strerrorname_np(err);
	if (name)
		printf("errno=%s\n", name);
	else
		printf("errno=%d\n", err);
	return 1;
}

static int parse_long(const char *text, long *ret_value)
{
	char *end;
	long value;

	errno = 0;
	value = strtol(text, &end, 0);
	if (errno != 0 || end == text || *end != '\0')
		return -1;
	*ret_value = value;
	return 0;
}

static const struct name_value *find_name(const struct name_value *table,
					  const char *name)
{
	for (; table->name; table++) {
		if (strcasecmp(table->name, name) == 0)
			return table;
	}
	return NULL;
}

/*
 * Syscalls that Docker's default profile blocks, each with arguments that
 * the kernel rejects or ignores.  The comments give the errno that the
 * kernel returns to a caller that has all capabilities and no filter, unless
 * the kernel was built without the syscall (ENOSYS).
 */

static long probe_acct(void)
{
	/* ENOENT: acct(NULL) would switch accounting off, a path cannot. */
	return syscall(SYS_acct, MISSING_PATH);
}

static long probe_add_key(void)
{
	/* EFAULT: the key type is copied first. */
	return syscall(SYS_add_key, NULL, "minirun-probe", NULL, 0, 0);
}

static long probe_bpf(void)
{
	/* EINVAL: no such command. */
	return syscall(SYS_bpf, -1, NULL, 0);
}

static long probe_clock_adjtime(void)
{
	struct timex tx = { 0 };

	/* EINVAL: no such clock, and modes 0 would only read. */
	return syscall(SYS_clock_adjtime, INT_MAX, &tx);
}

static long probe_clock_settime(void)
{
	struct timespec ts = { 0 };

	/* EINVAL: no such clock. */
	return syscall(SYS_clock_settime, INT_MAX, &ts);
}

static long probe_create_module(void)
{
	/* ENOSYS: removed in Linux 2.6. */
	return syscall(SYS_create_module, NULL, 0);
}

static long probe_delete_module(void)
{
	/* ENOENT: no module has this name. */
	return syscall(SYS_delete_module, "minirun_probe_missing", O_NONBLOCK);
}

static long probe_finit_module(void)
{
	/* EBADF: not a file descriptor. */
	return syscall(SYS_finit_module, -1, "", 0);
}

static long probe_get_kernel_syms(void)
{
	/* ENOSYS: removed in Linux 2.6. */
	return syscall(SYS_get_kernel_syms, NULL);
}

static long probe_get_mempolicy(void)
{
	/* ok: reads the policy of the calling thread and stores nothing. */
	return syscall(SYS_get_mempolicy, NULL, NULL, 0, NULL, 0);
}

static long probe_init_module(void)
{
	/* ENOEXEC: an empty image is too short for an ELF header. */
	return syscall(SYS_init_module, NULL, 0, "");
}

static long probe_ioperm(void)
{
	/* EINVAL: an empty port range is checked before the capability. */
	return syscall(SYS_ioperm, 0, 0, 0);
}

static long probe_iopl(void)
{
	/* EINVAL: levels above 3 do not exist. */
	return syscall(SYS_iopl, 4);
}

static long probe_kcmp(void)
{
	pid_t pid = getpid();

	/* EINVAL: no such comparison type. */
	return syscall(SYS_kcmp, pid, pid, -1, 0, 0);
}

static long probe_kexec_file_load(void)
{
	/* EINVAL: unknown flag bits. */
	return syscall(SYS_kexec_file_load, -1, -1, 0, NULL, 0x80000000UL);
}

static long probe_kexec_load(void)
{
	/*
	 * EINVAL: both an unknown flag bit and too many segments.  With 0
	 * segments and valid flags the call would unload the loaded image.
	 */
	return syscall(SYS_kexec_load, 0, 1000, NULL, 0x8000UL);
}

static long probe_keyctl(void)
{
	/* EOPNOTSUPP: no such operation. */
	return syscall(SYS_keyctl, -1, 0, 0, 0, 0);
}

static long probe_lookup_dcookie(void)
{
	/* EINVAL: no such cookie, or ENOSYS on kernels without dcookies. */
	return syscall(SYS_lookup_dcookie, 0, NULL, 0);
}

static long probe_mbind(void)
{
	/* EINVAL: no such policy mode. */
	return syscall(SYS_mbind, NULL, 0, 0x7fff, NULL, 0, 0);
}

static long probe_mount(void)
{
	/* ENOENT: the target lookup comes before the capability check. */
	return syscall(SYS_mount, MISSING_PATH, MISSING_PATH, "tmpfs", 0,
		       NULL);
}

static long probe_move_pages(void)
{
	/* EINVAL: unknown flag bits. */
	return syscall(SYS_move_pages, 0, 0, NULL, NULL, NULL, 0x80);
}

static long probe_name_to_handle_at(void)
{
	struct {
		unsigned int handle_bytes;
		int handle_type;
		unsigned char f_handle[128];
	} handle = { .handle_bytes = 128 };
	int mount_id;

	/* ENOENT: the path does not exist. */
	return syscall(SYS_name_to_handle_at, AT_FDCWD, MISSING_PATH, &handle,
		       &mount_id, 0);
}

static long probe_nfsservctl(void)
{
	/* ENOSYS: removed in Linux 3.1. */
	return syscall(SYS_nfsservctl, 0, NULL, NULL);
}

static long probe_open_by_handle_at(void)
{
	struct {
		unsigned int handle_bytes;
		int handle_type;
		unsigned char f_handle[8];
	} handle = { .handle_bytes = 8 };

	/* EBADF: not a mount file descriptor. */
	return syscall(SYS_open_by_handle_at, -1, &handle, O_RDONLY);
}

static long probe_perf_event_open(void)
{
	/* EFAULT: no attribute structure. */
	return syscall(SYS_perf_event_open, NULL, 0, -1, -1, 0);
}

static long probe_pivot_root(void)
{
	/* ENOENT: neither path exists. */
	return syscall(SYS_pivot_root, MISSING_PATH, MISSING_PATH);
}

static long probe_process_vm_readv(void)
{
	/* EINVAL: the flags argument must be 0. */
	return syscall(SYS_process_vm_readv, getpid(), NULL, 0, NULL, 0, 1);
}

static long probe_process_vm_writev(void)
{
	/* EINVAL: the flags argument must be 0. */
	return syscall(SYS_process_vm_writev, getpid(), NULL, 0, NULL, 0, 1);
}

static long probe_ptrace(void)
{
	/* ESRCH: INT_MAX is above the maximum pid_max. */
	return syscall(SYS_ptrace, PTRACE_PEEKDATA, INT_MAX, NULL, NULL);
}

static long probe_query_module(void)
{
	/* ENOSYS: removed in Linux 2.6. */
	return syscall(SYS_query_module, NULL, 0, NULL, 0, NULL);
}

static long probe_quotactl(void)
{
	/* EINVAL: quota type 0xff does not exist. */
	return syscall(SYS_quotactl, 0xff, MISSING_PATH, 0, NULL);
}

static long probe_reboot(void)
{
	/* EINVAL: the magic numbers are wrong. */
	return syscall(SYS_reboot, 0, 0, 0, NULL);
}

static long probe_request_key(void)
{
	/* EFAULT: the key type is copied first. */
	return syscall(SYS_request_key, NULL, "minirun-probe", NULL, 0);
}

static long probe_set_mempolicy(void)
{
	/* EINVAL: no such policy mode. */
	return syscall(SYS_set_mempolicy, 0x7fff, NULL, 0);
}

static long probe_setns(void)
{
	/* EBADF: not a file descriptor. */
	return syscall(SYS_setns, -1, 0);
}

static long probe_settimeofday(void)
{
	struct timeval tv = { .tv_sec = 0, .tv_usec = 2000000 };

	/* EINVAL: the microseconds are out of range. */
	return syscall(SYS_settimeofday, &tv, NULL);
}

static long probe_swapon(void)
{
	/* ENOENT: the path does not exist. */
	return syscall(SYS_swapon, MISSING_PATH, 0);
}

static long probe_swapoff(void)
{
	/* ENOENT: the path does not exist. */
	return syscall(SYS_swapoff, MISSING_PATH);
}

static long probe_sysfs(void)
{
	/* EINVAL: option 4 does not exist (ENOSYS without SYSFS_SYSCALL). */
	return syscall(SYS_sysfs, 4, 0, 0);
}

static long probe_sysctl(void)
{
	/* ENOSYS: removed in Linux 5.5. */
	return syscall(SYS__sysctl, NULL);
}

static long probe_umount2(void)
{
	/* ENOENT: the path does not exist. */
	return syscall(SYS_umount2, MISSING_PATH, 0);
}

static long probe_unshare(void)
{
	/* ok: no flags, so nothing is unshared. */
	return syscall(SYS_unshare, 0);
}

static long probe_uselib(void)
{
	/* ENOENT, or ENOSYS on kernels built without USELIB. */
	return syscall(SYS_uselib, MISSING_PATH);
}

static long probe_userfaultfd(void)
{
	/*
	 * EINVAL: an unknown flag bit.  UFFD_USER_MODE_ONLY (1) passes the
	 * vm.unprivileged_userfaultfd check, so the flags check is reached.
	 */
	return syscall(SYS_userfaultfd, 1 | 0x40000000);
}

static long probe_ustat(void)
{
	char buf[64];

	/* EINVAL: device 0 has no file system. */
	return syscall(SYS_ustat, 0, buf);
}

static const struct syscall_probe syscall_probes[] = {
	{ "acct", probe_acct },
	{ "add_key", probe_add_key },
	{ "bpf", probe_bpf },
	{ "clock_adjtime", probe_clock_adjtime },
	{ "clock_settime", probe_clock_settime },
	{ "create_module", probe_create_module },
	{ "delete_module", probe_delete_module },
	{ "finit_module", probe_finit_module },
	{ "get_kernel_syms", probe_get_kernel_syms },
	{ "get_mempolicy", probe_get_mempolicy },
	{ "init_module", probe_init_module },
	{ "ioperm", probe_ioperm },
	{ "iopl", probe_iopl },
	{ "kcmp", probe_kcmp },
	{ "kexec_file_load", probe_kexec_file_load },
	{ "kexec_load", probe_kexec_load },
	{ "keyctl", probe_keyctl },
	{ "lookup_dcookie", probe_lookup_dcookie },
	{ "mbind", probe_mbind },
	{ "mount", probe_mount },
	{ "move_pages", probe_move_pages },
	{ "name_to_handle_at", probe_name_to_handle_at },
	{ "nfsservctl", probe_nfsservctl },
	{ "open_by_handle_at", probe_open_by_handle_at },
	{ "perf_event_open", probe_perf_event_open },
	{ "pivot_root", probe_pivot_root },
	{ "process_vm_readv", probe_process_vm_readv },
	{ "process_vm_writev", probe_process_vm_writev },
	{ "ptrace", probe_ptrace },
	{ "query_module", probe_query_module },
	{ "quotactl", probe_quotactl },
	{ "reboot", probe_reboot },
	{ "request_key", probe_request_key },
	{ "set_mempolicy", probe_set_mempolicy },
	{ "setns", probe_setns },
	{ "settimeofday", probe_settimeofday },
	{ "swapoff", probe_swapoff },
	{ "swapon", probe_swapon },
	{ "sysfs", probe_sysfs },
	{ "_sysctl", probe_sysctl },
	{ "umount2", probe_umount2 },
	{ "unshare", probe_unshare },
	{ "uselib", probe_uselib },
	{ "userfaultfd", probe_userfaultfd },
	{ "ustat", probe_ustat },
	{ NULL, NULL },
};

static int cmd_syscall(int argc, char **argv)
{
	const struct syscall_probe *p;

	if (argc != 2)
		return usage_error("syscall: expected one syscall name");
	for (p = syscall_probes; p->name; p++) {
		if (strcmp(p->name, argv[1]) == 0)
			return report(p->call());
	}
	return usage_error("syscall: no probe for '%s'", argv[1]);
}

static int cmd_syscalls(int argc, char **argv)
{
	const struct syscall_probe *p;

	(void)argv;
	if (argc != 1)
		return usage_error("syscalls: expected no arguments");
	for (p = syscall_probes; p->name; p++)
		puts(p->name);
	return 0;
}

/*
 * Numbers below 1000 that are harmless to call with zero arguments on
 * x86_64: calls that Linux never implemented (getpmsg, putpmsg,
 * afs_syscall, tuxcall, security, vserver), and cachestat, which fails on
 * its NULL pointers.
 */
static bool is_harmless_low_number(long nr)
{
#ifdef __x86_64__
	static const long harmless[] = { 181, 182, 183, 184, 185, 236, 451 };

	for (size_t i = 0; i < sizeof(harmless) / sizeof(*harmless); i++)
		if (harmless[i] == nr)
			return true;
#endif
	(void)nr;
	return false;
}

/*
 * syscall(2) numbers at or above 1000 are free on x86_64 and on every other
 * architecture that Linux supports, so this can only reach a missing entry,
 * or one of the harmless numbers above.
 */
static int cmd_raw(int argc, char **argv)
{
	long nr;

	if (argc != 2 || parse_long(argv[1], &nr) < 0)
		return usage_error("raw: expected one syscall number");
	if ((nr < 1000 && !is_harmless_low_number(nr)) || nr >= 0x40000000)
		return usage_error("raw: number %ld is not in [1000, 2^30) "
				   "nor a harmless lower one",
				   nr);
	return report(syscall(nr, 0, 0, 0, 0, 0, 0));
}

static const struct name_value socket_domains[] = {
	{ "unix", AF_UNIX },	     { "inet", AF_INET },
	{ "inet6", AF_INET6 },	     { "netlink", AF_NETLINK },
	{ "packet", AF_PACKET },     { "ax25", AF_AX25 },
	{ "ipx", AF_IPX },	     { "appletalk", AF_APPLETALK },
	{ "x25", AF_X25 },	     { "decnet", AF_DECnet },
	{ "key", AF_KEY },	     { "rds", AF_RDS },
	{ "can", AF_CAN },	     { "tipc", AF_TIPC },
	{ "bluetooth", AF_BLUETOOTH }, { "alg", AF_ALG },
	{ "vsock", AF_VSOCK },	     { "xdp", AF_XDP },
	{ NULL, 0 },
};

/* The socket type and protocol that each allowed domain accepts. */
static void socket_args(int domain, int *ret_type, int *ret_protocol)
{
	*ret_type = SOCK_DGRAM;
	*ret_protocol = 0;
	if (domain == AF_UNIX)
		*ret_type = SOCK_STREAM;
	if (domain == AF_NETLINK) {
		*ret_type = SOCK_RAW;
		*ret_protocol = NETLINK_ROUTE;
	}
	if (domain == AF_KEY || domain == AF_XDP)
		*ret_type = SOCK_RAW;
}

static int cmd_socket(int argc, char **argv)
{
	const struct name_value *entry;
	long domain;
	int type, protocol, fd;

	if (argc != 2)
		return usage_error("socket: expected one domain");
	entry = find_name(socket_domains, argv[1]);
	if (entry)
		domain = entry->value;
	else if (parse_long(argv[1], &domain) < 0)
		return usage_error("socket: unknown domain '%s'", argv[1]);
	socket_args(domain, &type, &protocol);
	fd = socket(domain, type | SOCK_CLOEXEC, protocol);
	if (fd >= 0)
		close(fd);
	return report(fd < 0 ? -1 : 0);
}

/* The persona changes only for this process, which exits right after. */
static int cmd_personality(int argc, char **argv)
{
	long persona;

	if (argc != 2 || parse_long(argv[1], &persona) < 0)
		return usage_error("personality: expected one number");
	return report(syscall(SYS_personality, (unsigned long)persona));
}

static const struct name_value clone_flags[] = {
	{ "newns", CLONE_NEWNS },	  { "newuts", CLONE_NEWUTS },
	{ "newipc", CLONE_NEWIPC },	  { "newuser", CLONE_NEWUSER },
	{ "newpid", CLONE_NEWPID },	  { "newnet", CLONE_NEWNET },
	{ "newcgroup", CLONE_NEWCGROUP }, { NULL, 0 },
};

static int parse_clone_flags(int argc, char **argv, unsigned long *ret_flags)
{
	const struct name_value *entry;
	unsigned long flags = 0;
	int i;

	for (i = 1; i < argc; i++) {
		entry = find_name(clone_flags, argv[i]);
		if (!entry)
			return usage_error("clone: unknown flag '%s'", argv[i]);
		flags |= entry->value;
	}
	*ret_flags = flags;
	return 0;
}

/* Reap a child that called _exit(0) and check that it did. */
static int reap_child(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) < 0)
		return report(-1);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		printf("child status=%#x\n", status);
		return 1;
	}
	return report(0);
}

/*
 * The child of a raw clone without CLONE_VM runs on a copy of this stack,
 * as after fork(), and exits at once.  Namespace flags only give that
 * short-lived child its own namespaces.
 */
static int cmd_clone(int argc, char **argv)
{
	unsigned long flags = 0;
	long pid;

	if (parse_clone_flags(argc, argv, &flags) != 0)
		return EXIT_USAGE;
	fflush(stdout);
	pid = syscall(SYS_clone, flags | SIGCHLD, NULL, NULL, NULL, NULL);
	if (pid == 0)
		_exit(0);
	if (pid < 0)
		return report(-1);
	return reap_child(pid);
}

static int cmd_clone3(int argc, char **argv)
{
	struct clone_args args = { .exit_signal = SIGCHLD };
	long pid;

	(void)argv;
	if (argc != 1)
		return usage_error("clone3: expected no arguments");
	fflush(stdout);
	pid = syscall(SYS_clone3, &args, sizeof(args));
	if (pid == 0)
		_exit(0);
	if (pid < 0)
		return report(-1);
	return reap_child(pid);
}

/* Print the lines of /proc/self/status whose field name starts with PREFIX. */
static int print_status_lines(const char *prefix, int value_only)
{
	char line[512];
	size_t len = strlen(prefix);
	int found = 0;
	FILE *f;

	f = fopen("/proc/self/status", "re");
	if (!f)
		return report(-1);
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, prefix, len) != 0)
			continue;
		found = 1;
		if (value_only)
			fputs(line + strcspn(line, "\t") + 1, stdout);
		else
			fputs(line, stdout);
	}
	fclose(f);
	if (!found)
		return usage_error("no '%s' field in /proc/self/status",
				   prefix);
	return 0;
}

static int cmd_caps(int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return usage_error("caps: expected no arguments");
	return print_status_lines("Cap", 0);
}

static int cmd_seccomp_mode(int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return usage_error("seccomp-mode: expected no arguments");
	return print_status_lines("Seccomp:", 1);
}

static int cmd_status(int argc, char **argv)
{
	char field[128];

	if (argc != 2 || strlen(argv[1]) + 2 > sizeof(field))
		return usage_error("status: expected one field name");
	snprintf(field, sizeof(field), "%s:", argv[1]);
	return print_status_lines(field, 1);
}

static int cmd_fds(int argc, char **argv)
{
	struct dirent *entry;
	const char *sep = "";
	DIR *dir;

	(void)argv;
	if (argc != 1)
		return usage_error("fds: expected no arguments");
	dir = opendir("/proc/self/fd");
	if (!dir)
		return report(-1);
	while ((entry = readdir(dir))) {
		if (!isdigit((unsigned char)entry->d_name[0]))
			continue;
		if (atoi(entry->d_name) == dirfd(dir))
			continue;
		printf("%s%s", sep, entry->d_name);
		sep = " ";
	}
	putchar('\n');
	closedir(dir);
	return 0;
}

static int cmd_ids(int argc, char **argv)
{
	gid_t groups[NGROUPS_MAX];
	int i, n;

	(void)argv;
	if (argc != 1)
		return usage_error("ids: expected no arguments");
	n = getgroups(NGROUPS_MAX, groups);
	if (n < 0)
		return report(-1);
	printf("uid=%u euid=%u gid=%u egid=%u groups=", getuid(), geteuid(),
	       getgid(), getegid());
	for (i = 0; i < n; i++)
		printf("%s%u", i ? "," : "", groups[i]);
	putchar('\n');
	return 0;
}

static int cmd_mkdir(int argc, char **argv)
{
	if (argc != 2)
		return usage_error("mkdir: expected one path");
	return report(mkdir(argv[1], 0755));
}

/* Open for writing and close again: write access is checked, nothing is
 * written. */
static int cmd_open_write(int argc, char **argv)
{
	int fd;

	if (argc != 2)
		return usage_error("open-write: expected one path");
	fd = open(argv[1], O_WRONLY | O_CLOEXEC | O_NOCTTY);
	if (fd >= 0)
		close(fd);
	return report(fd < 0 ? -1 : 0);
}

static int cmd_cat(int argc, char **argv)
{
	char buf[4096];
	ssize_t n;
	int fd;

	if (argc != 2)
		return usage_error("cat: expected one path");
	fd = open(argv[1], O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return report(-1);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, n, stdout);
	close(fd);
	return n < 0 ? report(-1) : 0;
}

static const char *file_type(mode_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG:
		return "file";
	case S_IFDIR:
		return "dir";
	case S_IFCHR:
		return "chr";
	case S_IFBLK:
		return "blk";
	case S_IFLNK:
		return "link";
	case S_IFIFO:
		return "fifo";
	case S_IFSOCK:
		return "sock";
	default:
		return "unknown";
	}
}

/* Print "type=chr rdev=1:3 mode=0666 uid=0 gid=0" for PATH, not following
 * a final symlink. */
static int cmd_stat(int argc, char **argv)
{
	struct stat st;

	if (argc != 2)
		return usage_error("stat: expected one path");
	if (lstat(argv[1], &st) < 0)
		return report(-1);
	printf("type=%s rdev=%u:%u mode=%04o uid=%u gid=%u\n",
	       file_type(st.st_mode), major(st.st_rdev), minor(st.st_rdev),
	       (unsigned int)(st.st_mode & 07777), st.st_uid, st.st_gid);
	return 0;
}

static int cmd_readlink(int argc, char **argv)
{
	char target[PATH_MAX];
	ssize_t len;

	if (argc != 2)
		return usage_error("readlink: expected one path");
	len = readlink(argv[1], target, sizeof(target) - 1);
	if (len < 0)
		return report(-1);
	target[len] = '\0';
	puts(target);
	return 0;
}

static const struct name_value fs_types[] = {
	{ "tmpfs", TMPFS_MAGIC },     { "proc", PROC_SUPER_MAGIC },
	{ "sysfs", SYSFS_MAGIC },     { "devpts", DEVPTS_SUPER_MAGIC },
	{ "cgroup2", CGROUP2_SUPER_MAGIC },
	{ "ext4", EXT4_SUPER_MAGIC }, { "overlayfs", OVERLAYFS_SUPER_MAGIC },
	{ NULL, 0 },
};

/* Print "fs=tmpfs ro" or "fs=proc rw" for the file system holding PATH. */
static int cmd_statfs(int argc, char **argv)
{
	const struct name_value *entry;
	struct statfs st;

	if (argc != 2)
		return usage_error("statfs: expected one path");
	if (statfs(argv[1], &st) < 0)
		return report(-1);
	for (entry = fs_types; entry->name; entry++) {
		if ((unsigned long)entry->value == (unsigned long)st.f_type)
			break;
	}
	if (entry->name)
		printf("fs=%s", entry->name);
	else
		printf("fs=%#lx", (unsigned long)st.f_type);
	printf(" %s\n", st.f_flags & ST_RDONLY ? "ro" : "rw");
	return 0;
}

/* Print the entries of a directory other than . and .., one a line. */
static int cmd_ls(int argc, char **argv)
{
	struct dirent *entry;
	DIR *dir;

	if (argc != 2)
		return usage_error("ls: expected one path");
	dir = opendir(argv[1]);
	if (!dir)
		return report(-1);
	while ((entry = readdir(dir))) {
		if (strcmp(entry->d_name, ".") == 0 ||
		    strcmp(entry->d_name, "..") == 0)
			continue;
		puts(entry->d_name);
	}
	closedir(dir);
	return 0;
}

static int cmd_uname(int argc, char **argv)
{
	struct utsname u;

	(void)argv;
	if (argc != 1)
		return usage_error("uname: expected no arguments");
	if (uname(&u) < 0)
		return report(-1);
	puts(u.nodename);
	return 0;
}

static int cmd_getpid(int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return usage_error("getpid: expected no arguments");
	printf("%d\n", getpid());
	return 0;
}

static int cmd_getppid(int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return usage_error("getppid: expected no arguments");
	printf("%d\n", getppid());
	return 0;
}

static int cmd_cwd(int argc, char **argv)
{
	char path[PATH_MAX];

	(void)argv;
	if (argc != 1)
		return usage_error("cwd: expected no arguments");
	if (!getcwd(path, sizeof(path)))
		return report(-1);
	puts(path);
	return 0;
}

static int cmd_env(int argc, char **argv)
{
	extern char **environ;
	char **entry;

	(void)argv;
	if (argc != 1)
		return usage_error("env: expected no arguments");
	for (entry = environ; *entry; entry++)
		puts(*entry);
	return 0;
}

static int cmd_isatty(int argc, char **argv)
{
	int fd;

	(void)argv;
	if (argc != 1)
		return usage_error("isatty: expected no arguments");
	for (fd = 0; fd <= 2; fd++)
		printf("%s%d=%s", fd ? " " : "", fd, isatty(fd) ? "tty" : "no");
	putchar('\n');
	return 0;
}

/* Open a pseudo-terminal pair through /dev/ptmx and print the slave name. */
static int cmd_openpty(int argc, char **argv)
{
	char *name;
	int fd;

	(void)argv;
	if (argc != 1)
		return usage_error("openpty: expected no arguments");
	fd = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0 || grantpt(fd) < 0 || unlockpt(fd) < 0)
		return report(-1);
	name = ptsname(fd);
	if (!name)
		return report(-1);
	puts(name);
	close(fd);
	return 0;
}

static int cmd_exit(int argc, char **argv)
{
	long status;

	if (argc != 2 || parse_long(argv[1], &status) < 0)
		return usage_error("exit: expected one status");
	exit((int)status);
}

/*
 * Signals that pid 1 of a pid namespace sends to itself are dropped unless
 * it has a handler, so a plain kill() proves nothing there.  A fault is
 * delivered by force, so SEGV is raised by touching an unmapped page.
 */
static int cmd_kill_self(int argc, char **argv)
{
	/* With only the pointer volatile, GCC 12 -O2 dropped the store. */
	volatile int *volatile unmapped = NULL;
	long sig;

	if (argc != 2 || parse_long(argv[1], &sig) < 0)
		return usage_error("kill-self: expected one signal number");
	signal(sig, SIG_DFL);
	fflush(stdout);
	if (sig == SIGSEGV)
		*unmapped = 0;
	kill(getpid(), sig);
	return usage_error("kill-self: still alive after signal %ld", sig);
}

static int cmd_sleep(int argc, char **argv)
{
	long seconds = 3600;

	if (argc > 2 || (argc == 2 && parse_long(argv[1], &seconds) < 0))
		return usage_error("sleep: expected at most one number");
	sleep(seconds);
	return 0;
}

static const struct name_value signal_names[] = {
	{ "HUP", SIGHUP },   { "INT", SIGINT },	  { "QUIT", SIGQUIT },
	{ "USR1", SIGUSR1 }, { "USR2", SIGUSR2 }, { "TERM", SIGTERM },
	{ NULL, 0 },
};

static volatile sig_atomic_t caught_signal;

static void record_signal(int sig)
{
	caught_signal = sig;
}

/*
 * Install handlers for the forwarded signals, print "ready", and wait for
 * one.  Print "caught=NAME" and exit with 100 + the signal number, so a
 * test can tell a caught signal from the default 128 + N.
 */
static int cmd_wait_signal(int argc, char **argv)
{
	const struct name_value *entry;
	struct sigaction sa = { .sa_handler = record_signal };
	sigset_t empty;

	(void)argv;
	if (argc != 1)
		return usage_error("wait-signal: expected no arguments");
	for (entry = signal_names; entry->name; entry++)
		sigaction(entry->value, &sa, NULL);
	puts("ready");
	fflush(stdout);
	sigemptyset(&empty);
	while (!caught_signal)
		sigsuspend(&empty);
	for (entry = signal_names; entry->value != caught_signal; entry++)
		;
	printf("caught=%s\n", entry->name);
	return 100 + caught_signal;
}

/*
 * Read the state letter of a process from /proc/PID/stat, after the command
 * name in parentheses, which may itself contain ") ".  Returns 0 when the
 * process is gone.
 */
static char process_state(const char *pid)
{
	char path[64], line[512], *paren;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%s/stat", pid);
	f = fopen(path, "re");
	if (!f)
		return 0;
	if (!fgets(line, sizeof(line), f))
		line[0] = '\0';
	fclose(f);
	paren = strrchr(line, ')');
	return paren && paren[1] == ' ' ? paren[2] : 0;
}

/*
 * Count the processes other than pid 1 and this one that still run, and
 * print the pids of the zombies among them when print_zombies is set.
 */
static int scan_processes(bool print_zombies)
{
	char self[16];
	struct dirent *entry;
	int running = 0;
	DIR *dir;

	snprintf(self, sizeof(self), "%d", getpid());
	dir = opendir("/proc");
	if (!dir)
		return -1;
	while ((entry = readdir(dir))) {
		char state;

		if (!isdigit((unsigned char)entry->d_name[0]) ||
		    strcmp(entry->d_name, "1") == 0 ||
		    strcmp(entry->d_name, self) == 0)
			continue;
		state = process_state(entry->d_name);
		if (state == 'Z' && print_zombies)
			puts(entry->d_name);
		else if (state != 'Z' && state != 0)
			running++;
	}
	closedir(dir);
	return running;
}

/*
 * Wait up to 10 seconds until every process of the pid namespace but pid 1
 * and this one has ended, then print the pids of those that are zombies,
 * one a line.  Exit 1 when some still run after the 10 seconds.
 */
static int cmd_zombies(int argc, char **argv)
{
	int i, running;

	(void)argv;
	if (argc != 1)
		return usage_error("zombies: expected no arguments");
	for (i = 0; i < 100; i++) {
		running = scan_processes(false);
		if (running <= 0)
			break;
		usleep(100000);
	}
	if (running < 0)
		return report(-1);
	scan_processes(true);
	return running > 0;
}

static int cmd_chown(int argc, char **argv)
{
	long uid, gid;

	if (argc != 4 || parse_long(argv[2], &uid) < 0 ||
	    parse_long(argv[3], &gid) < 0)
		return usage_error("chown: expected a path, a uid and a gid");
	return report(chown(argv[1], (uid_t)uid, (gid_t)gid));
}

/*
 * Allocate MIB mebibytes, 1 MiB at a time, and write to every page so the
 * kernel charges it.  Print "allocated=MIB" when all of it is in place.
 * The cap keeps a run without a memory limit harmless.
 */
static int cmd_alloc(int argc, char **argv)
{
	const size_t chunk = 1024 * 1024;
	long mib;

	if (argc != 2 || parse_long(argv[1], &mib) < 0 || mib < 1 ||
	    mib > 1024)
		return usage_error("alloc: expected MiB from 1 to 1024");
	for (long i = 0; i < mib; i++) {
		char *block = malloc(chunk);

		if (!block)
			return report(-1);
		memset(block, 1, chunk);
	}
	printf("allocated=%ld\n", mib);
	return 0;
}

static const struct subcommand subcommands[] = {
	{ "syscall", "NAME", cmd_syscall },
	{ "syscalls", "", cmd_syscalls },
	{ "raw", "NR", cmd_raw },
	{ "socket", "DOMAIN", cmd_socket },
	{ "personality", "VALUE", cmd_personality },
	{ "clone", "[FLAG...]", cmd_clone },
	{ "clone3", "", cmd_clone3 },
	{ "caps", "", cmd_caps },
	{ "seccomp-mode", "", cmd_seccomp_mode },
	{ "status", "FIELD", cmd_status },
	{ "fds", "", cmd_fds },
	{ "ids", "", cmd_ids },
	{ "mkdir", "PATH", cmd_mkdir },
	{ "open-write", "PATH", cmd_open_write },
	{ "cat", "PATH", cmd_cat },
	{ "stat", "PATH", cmd_stat },
	{ "readlink", "PATH", cmd_readlink },
	{ "statfs", "PATH", cmd_statfs },
	{ "ls", "PATH", cmd_ls },
	{ "uname", "", cmd_uname },
	{ "getpid", "", cmd_getpid },
	{ "getppid", "", cmd_getppid },
	{ "cwd", "", cmd_cwd },
	{ "env", "", cmd_env },
	{ "isatty", "", cmd_isatty },
	{ "openpty", "", cmd_openpty },
	{ "exit", "STATUS", cmd_exit },
	{ "kill-self", "SIGNAL", cmd_kill_self },
	{ "sleep", "[SECONDS]", cmd_sleep },
	{ "wait-signal", "", cmd_wait_signal },
	{ "alloc", "MIB", cmd_alloc },
	{ "zombies", "", cmd_zombies },
	{ "chown", "PATH UID GID", cmd_chown },
	{ NULL, NULL, NULL },
};

static int print_usage(void)
{
	const struct subcommand *cmd;

	fputs("usage: probe SUBCOMMAND [ARG...]\n", stderr);
	for (cmd = subcommands; cmd->name; cmd++)
		fprintf(stderr, "  %s %s\n", cmd->name, cmd->usage);
	return EXIT_USAGE;
}

int main(int argc, char **argv)
{
	const struct subcommand *cmd;

	if (argc < 2)
		return print_usage();
	for (cmd = subcommands; cmd->name; cmd++) {
		if (strcmp(cmd->name, argv[1]) == 0)
			return cmd->run(argc - 1, argv + 1);
	}
	usage_error("unknown subcommand '%s'", argv[1]);
	return print_usage();
}
