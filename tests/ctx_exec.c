/* ctx_exec [--no-userns] [--no-netns] [--no-landlock] [--no-mount] [--no-close-range]
 * [--no-pidfd] [--no-memfd] [--userns] [--container] [--user UID] [--caps LIST] [--nnp]
 * [--profile FILE] -- CMD [ARG...]: runs CMD the way a container would see the kernel, for
 * test_contexts. --no-userns
 * installs what Docker's and Kubernetes' default seccomp profiles do to a process without
 * CAP_SYS_ADMIN: unshare and clone with a CLONE_NEW* flag answer EPERM, clone3 ENOSYS. --no-netns
 * refuses network namespaces alone, as user.max_net_namespaces=0 does: ENOSPC. --no-landlock makes
 * the three Landlock calls answer ENOSYS, as on a kernel without Landlock (or gVisor);
 * --kill-landlock and --kill-mount kill the process on them and on the mount calls, as a
 * systemd unit's SystemCallFilter= does by default. --no-mount
 * refuses the mount calls (EPERM) but not unshare: Docker's profile with unshare allowed, as
 * "Deploying in containers" once advised. --no-close-range answers ENOSYS for close_range
 * (Linux before 5.9, older gVisor). --no-pidfd answers EPERM for pidfd_open, as a container
 * profile older than the call does. --no-memfd answers EMFILE for memfd_create, as a host out
 * of fds sees it.
 *
 * A whole container, in the order runc makes one: --userns enters a user namespace mapping
 * uid and gid 0 to the caller's (a rootless engine); --container new mount, pid, net, ipc, uts
 * and cgroup namespaces, CMD as pid 1, a fresh /proc with Docker's masked and read-only paths
 * and /sys read-only; --profile FILE a seccomp profile in Docker's JSON format (moby's
 * default.json, podman's seccomp.json), its rules chosen by the capabilities --caps keeps, with
 * runc's ENOSYS for syscalls newer than the profile, loaded before the capabilities go unless
 * --nnp; --user UID the uid and gid, no groups; --caps LIST (comma-separated names without
 * CAP_, or "none") the only capabilities left in every set; --nnp no_new_privs. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <sched.h>
#include <seccomp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

/* clone with any of flags answers err; clone3, whose flags a filter cannot read, ENOSYS (so
 * glibc falls back to clone). */
static int deny_clone(scmp_filter_ctx ctx, const unsigned long *flags, size_t n, int err)
{
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(err), SCMP_SYS(clone), 1,
                              SCMP_A0(SCMP_CMP_MASKED_EQ, flags[i], flags[i]));
    return rc == 0 ? seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0) : rc;
}

static int deny_userns(scmp_filter_ctx ctx)
{
    static const unsigned long ns_flags[] = {CLONE_NEWNS,    CLONE_NEWUTS, CLONE_NEWIPC,
                                             CLONE_NEWUSER,  CLONE_NEWPID, CLONE_NEWNET,
                                             CLONE_NEWCGROUP};
    int rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(unshare), 0);
    return rc == 0 ? deny_clone(ctx, ns_flags, sizeof ns_flags / sizeof *ns_flags, EPERM) : rc;
}

static int deny_netns(scmp_filter_ctx ctx)
{
    static const unsigned long net[] = {CLONE_NEWNET};
    int rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSPC), SCMP_SYS(unshare), 1,
                              SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_NEWNET, CLONE_NEWNET));
    return rc == 0 ? deny_clone(ctx, net, 1, ENOSPC) : rc;
}

static int deny_all(scmp_filter_ctx ctx, const int *calls, size_t n, uint32_t action)
{
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = seccomp_rule_add(ctx, action, calls[i], 0);
    return rc;
}

static int deny_landlock(scmp_filter_ctx ctx, uint32_t action)
{
    static const int calls[] = {SCMP_SYS(landlock_create_ruleset), SCMP_SYS(landlock_add_rule),
                                SCMP_SYS(landlock_restrict_self)};
    return deny_all(ctx, calls, sizeof calls / sizeof *calls, action);
}

static int deny_mount(scmp_filter_ctx ctx, uint32_t action)
{
    static const int calls[] = {SCMP_SYS(mount),      SCMP_SYS(umount2),       SCMP_SYS(pivot_root),
                                SCMP_SYS(move_mount), SCMP_SYS(mount_setattr), SCMP_SYS(open_tree),
                                SCMP_SYS(fsopen)};
    return deny_all(ctx, calls, sizeof calls / sizeof *calls, action);
}

/* ---- a whole container ---- */

static const char *const cap_names[] = {"CHOWN",
                                        "DAC_OVERRIDE",
                                        "DAC_READ_SEARCH",
                                        "FOWNER",
                                        "FSETID",
                                        "KILL",
                                        "SETGID",
                                        "SETUID",
                                        "SETPCAP",
                                        "LINUX_IMMUTABLE",
                                        "NET_BIND_SERVICE",
                                        "NET_BROADCAST",
                                        "NET_ADMIN",
                                        "NET_RAW",
                                        "IPC_LOCK",
                                        "IPC_OWNER",
                                        "SYS_MODULE",
                                        "SYS_RAWIO",
                                        "SYS_CHROOT",
                                        "SYS_PTRACE",
                                        "SYS_PACCT",
                                        "SYS_ADMIN",
                                        "SYS_BOOT",
                                        "SYS_NICE",
                                        "SYS_RESOURCE",
                                        "SYS_TIME",
                                        "SYS_TTY_CONFIG",
                                        "MKNOD",
                                        "LEASE",
                                        "AUDIT_WRITE",
                                        "AUDIT_CONTROL",
                                        "SETFCAP",
                                        "MAC_OVERRIDE",
                                        "MAC_ADMIN",
                                        "SYSLOG",
                                        "WAKE_ALARM",
                                        "BLOCK_SUSPEND",
                                        "AUDIT_READ",
                                        "PERFMON",
                                        "BPF",
                                        "CHECKPOINT_RESTORE"};
#define NCAPS (sizeof cap_names / sizeof *cap_names)
#define ALL_CAPS ((1ULL << NCAPS) - 1)

static int cap_index(const char *name)
{
    for (size_t i = 0; i < NCAPS; i++)
        if (strcmp(cap_names[i], name) == 0) return (int)i;
    return -1;
}

static int parse_caps(const char *list, uint64_t *caps)
{
    *caps = 0;
    if (strcmp(list, "none") == 0) return 0;
    char *copy = strdup(list), *save = NULL;
    int rc = 0;
    for (char *t = strtok_r(copy, ",", &save); rc == 0 && t; t = strtok_r(NULL, ",", &save)) {
        int i = cap_index(t);
        if (i < 0)
            rc = -EINVAL;
        else
            *caps |= 1ULL << i;
    }
    free(copy);
    return rc;
}

/* Whether the profile's "CAP_..." names are all (all) or any (!all) in caps, as moby reads
 * includes.caps and excludes.caps. */
static bool caps_match(const cJSON *names, uint64_t caps, bool all)
{
    const cJSON *n;
    cJSON_ArrayForEach(n, names)
    {
        const char *s = cJSON_GetStringValue(n);
        int i = s && strncmp(s, "CAP_", 4) == 0 ? cap_index(s + 4) : -1;
        bool in = i >= 0 && (caps >> i & 1);
        if (in != all) return !all;
    }
    return all;
}

static bool names_amd64(const cJSON *arches)
{
    const cJSON *a;
    cJSON_ArrayForEach(a, arches)
    {
        const char *s = cJSON_GetStringValue(a);
        if (s && (strcmp(s, "amd64") == 0 || strcmp(s, "SCMP_ARCH_X86_64") == 0)) return true;
    }
    return false;
}

static bool kernel_at_least(const char *min)
{
    struct utsname u;
    int maj = 0, mnr = 0, want_maj = 0, want_mnr = 0;
    if (!min || uname(&u) != 0) return true;
    sscanf(u.release, "%d.%d", &maj, &mnr);
    sscanf(min, "%d.%d", &want_maj, &want_mnr);
    return maj > want_maj || (maj == want_maj && mnr >= want_mnr);
}

/* The rule applies to this container: moby's includes/excludes of caps, arches, minKernel. */
static bool rule_applies(const cJSON *rule, uint64_t caps)
{
    const cJSON *inc = cJSON_GetObjectItem(rule, "includes");
    const cJSON *exc = cJSON_GetObjectItem(rule, "excludes");
    const cJSON *inc_arches = cJSON_GetObjectItem(inc, "arches");
    return caps_match(cJSON_GetObjectItem(inc, "caps"), caps, true) &&
           !caps_match(cJSON_GetObjectItem(exc, "caps"), caps, false) &&
           (cJSON_GetArraySize(inc_arches) == 0 || names_amd64(inc_arches)) &&
           !names_amd64(cJSON_GetObjectItem(exc, "arches")) &&
           kernel_at_least(cJSON_GetStringValue(cJSON_GetObjectItem(inc, "minKernel")));
}

static int parse_action(const char *name, const cJSON *errno_ret, uint32_t *act)
{
    int err = cJSON_IsNumber(errno_ret) ? (int)cJSON_GetNumberValue(errno_ret) : EPERM;
    if (!name) return -EINVAL;
    if (strcmp(name, "SCMP_ACT_ALLOW") == 0)
        *act = SCMP_ACT_ALLOW;
    else if (strcmp(name, "SCMP_ACT_ERRNO") == 0)
        *act = SCMP_ACT_ERRNO(err);
    else if (strcmp(name, "SCMP_ACT_KILL") == 0)
        *act = SCMP_ACT_KILL;
    else if (strcmp(name, "SCMP_ACT_KILL_PROCESS") == 0)
        *act = SCMP_ACT_KILL_PROCESS;
    else if (strcmp(name, "SCMP_ACT_TRAP") == 0)
        *act = SCMP_ACT_TRAP;
    else if (strcmp(name, "SCMP_ACT_LOG") == 0)
        *act = SCMP_ACT_LOG;
    else
        return -EINVAL;
    return 0;
}

static int parse_args(const cJSON *args, struct scmp_arg_cmp *cmp, unsigned *n)
{
    static const struct {
        const char *name;
        enum scmp_compare op;
    } ops[] = {{"SCMP_CMP_NE", SCMP_CMP_NE},
               {"SCMP_CMP_LT", SCMP_CMP_LT},
               {"SCMP_CMP_LE", SCMP_CMP_LE},
               {"SCMP_CMP_EQ", SCMP_CMP_EQ},
               {"SCMP_CMP_GE", SCMP_CMP_GE},
               {"SCMP_CMP_GT", SCMP_CMP_GT},
               {"SCMP_CMP_MASKED_EQ", SCMP_CMP_MASKED_EQ}};
    const cJSON *a;
    *n = 0;
    cJSON_ArrayForEach(a, args)
    {
        const char *op = cJSON_GetStringValue(cJSON_GetObjectItem(a, "op"));
        size_t i = 0;
        while (i < sizeof ops / sizeof *ops && !(op && strcmp(ops[i].name, op) == 0))
            i++;
        if (i == sizeof ops / sizeof *ops || *n == 6) return -EINVAL;
        cmp[(*n)++] = (struct scmp_arg_cmp){
            (unsigned)cJSON_GetNumberValue(cJSON_GetObjectItem(a, "index")), ops[i].op,
            (scmp_datum_t)cJSON_GetNumberValue(cJSON_GetObjectItem(a, "value")),
            (scmp_datum_t)cJSON_GetNumberValue(cJSON_GetObjectItem(a, "valueTwo"))};
    }
    return 0;
}

static int add_profile_rule(scmp_filter_ctx ctx, const cJSON *rule, uint64_t caps, int *max_nr)
{
    uint32_t act;
    struct scmp_arg_cmp cmp[6];
    unsigned ncmp = 0;
    int rc = parse_action(cJSON_GetStringValue(cJSON_GetObjectItem(rule, "action")),
                          cJSON_GetObjectItem(rule, "errnoRet"), &act);
    if (rc == 0) rc = parse_args(cJSON_GetObjectItem(rule, "args"), cmp, &ncmp);
    bool applies = rule_applies(rule, caps);
    const cJSON *name;
    cJSON_ArrayForEach(name, cJSON_GetObjectItem(rule, "names"))
    {
        int nr = seccomp_syscall_resolve_name(cJSON_GetStringValue(name));
        if (rc != 0 || nr == __NR_SCMP_ERROR) continue; /* a name this arch lacks: skipped */
        if (nr > *max_nr) *max_nr = nr;
        if (!applies) continue;
        int r = seccomp_rule_add_array(ctx, act, nr, ncmp, cmp);
        if (r != 0 && r != -EEXIST) rc = r; /* EEXIST: the same call in two groups */
    }
    return rc;
}

/* Loads the profile as runc does: syscalls past the highest it names answer ENOSYS, so that
 * a libc falls back from a call newer than the profile. */
static int load_profile(const char *path, uint64_t caps, bool nnp)
{
    FILE *f = fopen(path, "r");
    if (!f) return -errno;
    static char text[1 << 20];
    size_t len = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[len] = '\0';
    cJSON *p = cJSON_Parse(text);
    uint32_t def;
    int rc = p ? parse_action(cJSON_GetStringValue(cJSON_GetObjectItem(p, "defaultAction")),
                              cJSON_GetObjectItem(p, "defaultErrnoRet"), &def)
               : -EINVAL;
    scmp_filter_ctx ctx = rc == 0 ? seccomp_init(def) : NULL;
    if (rc == 0 && !ctx) rc = -ENOMEM;
    if (rc == 0) rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, nnp);
    int max_nr = -1;
    const cJSON *rule;
    cJSON_ArrayForEach(rule, cJSON_GetObjectItem(p, "syscalls"))
    {
        if (rc == 0) rc = add_profile_rule(ctx, rule, caps, &max_nr);
    }
    for (int nr = max_nr + 1; rc == 0 && def != SCMP_ACT_ERRNO(ENOSYS) && nr < 1024; nr++)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), nr, 0);
    if (rc == 0) rc = seccomp_load(ctx);
    if (ctx) seccomp_release(ctx);
    cJSON_Delete(p);
    return rc;
}

static int write_file(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    ssize_t n = fd >= 0 ? write(fd, text, strlen(text)) : -1;
    int e = errno;
    if (fd >= 0) close(fd);
    return n == (ssize_t)strlen(text) ? 0 : -e;
}

/* uid and gid 0 inside are the caller's, as a rootless engine maps its container's root. */
static int enter_userns(void)
{
    char uid_map[32], gid_map[32];
    snprintf(uid_map, sizeof uid_map, "0 %u 1", (unsigned)getuid());
    snprintf(gid_map, sizeof gid_map, "0 %u 1", (unsigned)getgid());
    if (unshare(CLONE_NEWUSER) != 0) return -errno;
    int rc = write_file("/proc/self/setgroups", "deny");
    if (rc == 0) rc = write_file("/proc/self/uid_map", uid_map);
    return rc == 0 ? write_file("/proc/self/gid_map", gid_map) : rc;
}

/* Read-only in place, keeping the flags a user namespace may not clear. */
static int bind_readonly(const char *path, bool recursive)
{
    struct statvfs st;
    if (mount(path, path, NULL, MS_BIND | (recursive ? MS_REC : 0), NULL) != 0)
        return errno == ENOENT ? 0 : -errno;
    if (recursive) {
        struct mount_attr a = {.attr_set = MOUNT_ATTR_RDONLY};
        return mount_setattr(AT_FDCWD, path, AT_RECURSIVE, &a, sizeof a) == 0 ? 0 : -errno;
    }
    if (statvfs(path, &st) != 0) return -errno;
    unsigned long keep = (st.f_flag & ST_NOSUID ? MS_NOSUID : 0) |
                         (st.f_flag & ST_NODEV ? MS_NODEV : 0) |
                         (st.f_flag & ST_NOEXEC ? MS_NOEXEC : 0);
    return mount(NULL, path, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | keep, NULL) == 0 ? 0 : -errno;
}

/* moby's oci/defaults.go: masked (a directory under an empty read-only tmpfs, a file under
 * /dev/null) and read-only paths. */
static int mask_paths(void)
{
    static const char *masked[] = {
        "/proc/asound",     "/proc/acpi",        "/proc/interrupts",
        "/proc/kcore",      "/proc/keys",        "/proc/latency_stats",
        "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug",
        "/proc/scsi",       "/sys/firmware",     "/sys/devices/virtual/powercap"};
    static const char *readonly[] = {"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
                                     "/proc/sysrq-trigger"};
    int rc = bind_readonly("/sys", true);
    for (size_t i = 0; rc == 0 && i < sizeof masked / sizeof *masked; i++) {
        struct stat st;
        if (stat(masked[i], &st) != 0) continue;
        bool dir = S_ISDIR(st.st_mode);
        if (mount(dir ? "tmpfs" : "/dev/null", masked[i], dir ? "tmpfs" : NULL,
                  dir ? MS_RDONLY : MS_BIND, NULL) != 0)
            rc = -errno;
    }
    for (size_t i = 0; rc == 0 && i < sizeof readonly / sizeof *readonly; i++)
        rc = bind_readonly(readonly[i], false);
    return rc;
}

/* New namespaces but the user's; CMD becomes pid 1 of its own, this process waits for it. */
static int enter_container(void)
{
    if (unshare(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS |
                CLONE_NEWCGROUP) != 0)
        return -errno;
    pid_t pid = fork();
    if (pid < 0) return -errno;
    if (pid > 0) {
        int status = 0;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
            ;
        _exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
    }
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
        mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0)
        return -errno;
    return mask_paths();
}

/* Keeps only caps, in the order runc applies them: bounding set, then the user, then the
 * other sets. */
static int drop_caps(uint64_t caps, long uid)
{
    for (size_t i = 0; i < NCAPS; i++)
        if (!(caps >> i & 1) && prctl(PR_CAPBSET_DROP, i, 0, 0, 0) != 0) return -errno;
    if (uid >= 0 && (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) != 0 || setgroups(0, NULL) != 0 ||
                     setresgid(uid, uid, uid) != 0 || setresuid(uid, uid, uid) != 0))
        return -errno;
    struct __user_cap_header_struct h = {.version = _LINUX_CAPABILITY_VERSION_3};
    struct __user_cap_data_struct d[2] = {{0}};
    for (int i = 0; i < 2; i++)
        d[i].effective = d[i].permitted = d[i].inheritable = (uint32_t)(caps >> (32 * i));
    if (syscall(SYS_capset, &h, d) != 0 ||
        prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0)
        return -errno;
    return 0;
}

typedef struct {
    bool userns, container, nnp;
    long uid;
    uint64_t caps;
    const char *profile;
} container;

static int make_container(const container *c)
{
    int rc = c->userns ? enter_userns() : 0;
    if (rc == 0 && c->container) rc = enter_container();
    if (rc == 0 && c->profile && !c->nnp) rc = load_profile(c->profile, c->caps, false);
    if (rc == 0 && (c->caps != ALL_CAPS || c->uid >= 0)) rc = drop_caps(c->caps, c->uid);
    if (rc == 0 && c->nnp && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) rc = -errno;
    if (rc == 0 && c->profile && c->nnp) rc = load_profile(c->profile, c->caps, true);
    return rc;
}

static int usage(void)
{
    fprintf(stderr, "usage: ctx_exec [--no-userns] [--no-netns] [--no-landlock] [--no-mount] "
                    "[--kill-landlock] [--kill-mount] [--kill-mount-only] "
                    "[--no-close-range] [--no-pidfd] [--no-memfd] [--userns] [--container] "
                    "[--user UID] [--caps LIST|none] [--nnp] [--profile FILE] -- CMD [ARG...]\n");
    return 2;
}

int main(int argc, char **argv)
{
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
    container c = {.uid = -1, .caps = ALL_CAPS};
    bool denials = false;
    int i = 1, rc = ctx ? 0 : -ENOMEM;
    for (; rc == 0 && i < argc && strcmp(argv[i], "--") != 0; i++) {
        const char *arg = argv[i], *value = i + 1 < argc ? argv[i + 1] : NULL;
        bool denial = strncmp(arg, "--no-", 5) == 0 || strncmp(arg, "--kill-", 7) == 0;
        denials = denials || denial;
        if (strcmp(arg, "--no-userns") == 0) {
            rc = deny_userns(ctx);
        } else if (strcmp(arg, "--no-netns") == 0) {
            rc = deny_netns(ctx);
        } else if (strcmp(arg, "--no-landlock") == 0) {
            rc = deny_landlock(ctx, SCMP_ACT_ERRNO(ENOSYS));
        } else if (strcmp(arg, "--no-mount") == 0) {
            rc = deny_mount(ctx, SCMP_ACT_ERRNO(EPERM));
        } else if (strcmp(arg, "--kill-landlock") == 0) {
            rc = deny_landlock(ctx, SCMP_ACT_KILL_PROCESS);
        } else if (strcmp(arg, "--kill-mount") == 0) {
            rc = deny_mount(ctx, SCMP_ACT_KILL_PROCESS);
        } else if (strcmp(arg, "--kill-mount-only") == 0) {
            /* a filter written before mount_setattr (Linux 5.12) existed */
            rc = seccomp_rule_add(ctx, SCMP_ACT_KILL_PROCESS, SCMP_SYS(mount), 0);
        } else if (strcmp(arg, "--no-close-range") == 0) {
            rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(close_range), 0);
        } else if (strcmp(arg, "--no-pidfd") == 0) {
            rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(pidfd_open), 0);
        } else if (strcmp(arg, "--no-memfd") == 0) {
            rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EMFILE), SCMP_SYS(memfd_create), 0);
        } else if (strcmp(arg, "--userns") == 0) {
            c.userns = true;
        } else if (strcmp(arg, "--container") == 0) {
            c.container = true;
        } else if (strcmp(arg, "--nnp") == 0) {
            c.nnp = true;
        } else if (strcmp(arg, "--user") == 0 && value) {
            c.uid = atol(value);
            i++;
        } else if (strcmp(arg, "--caps") == 0 && value) {
            rc = parse_caps(value, &c.caps);
            i++;
        } else if (strcmp(arg, "--profile") == 0 && value) {
            c.profile = value;
            i++;
        } else {
            seccomp_release(ctx);
            return usage();
        }
    }
    if (rc == 0 && (i + 1 >= argc)) rc = -EINVAL;
    if (rc == 0) rc = make_container(&c);
    if (rc == 0 && denials) rc = seccomp_load(ctx); /* sets no_new_privs: works as any user */
    seccomp_release(ctx);
    if (rc != 0) {
        fprintf(stderr, "ctx_exec: %s\n", strerror(-rc));
        return 2;
    }
    execvp(argv[i + 1], argv + i + 1);
    fprintf(stderr, "ctx_exec: %s: %s\n", argv[i + 1], strerror(errno));
    return 127;
}
