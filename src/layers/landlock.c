/* Layer "landlock": the run opens, lists, creates, truncates, executes nothing outside its
 * roots (read: read_paths, the stdlib and the libraries it loads; write: write_paths),
 * whatever path reaches it (symlinks, /proc/self/root, dir_fd, races); ABI >= 4 denies TCP
 * bind/connect without network; ABI >= 6 scopes abstract unix sockets and signals. It does
 * not hide metadata (stat works) nor restrict fds opened before it applied. */
#include <errno.h>
#include <fcntl.h>
#include <linux/landlock.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "layers.h"
#include "paths.h"

/* Debian 12's <linux/landlock.h> stops at ABI 2; the rest of the UAPI, by ABI. */
#define PW_LL_FS_TRUNCATE (1ULL << 14)  /* ABI 3 */
#define PW_LL_FS_IOCTL_DEV (1ULL << 15) /* ABI 5 */
#define PW_LL_NET_BIND_TCP (1ULL << 0)  /* ABI 4 */
#define PW_LL_NET_CONNECT_TCP (1ULL << 1)
#define PW_LL_SCOPE_ABSTRACT_UNIX (1ULL << 0) /* ABI 6 */
#define PW_LL_SCOPE_SIGNAL (1ULL << 1)
#define PW_LL_LOG_SAME_EXEC_OFF (1U << 0) /* ABI 7, landlock_restrict_self's flags */

struct pw_ll_ruleset_attr { /* struct landlock_ruleset_attr as of ABI 6 */
    __u64 handled_access_fs;
    __u64 handled_access_net;
    __u64 scoped;
};

#define FS_ABI1 ((1ULL << 13) - 1) /* EXECUTE .. MAKE_SYM */
#define FS_READ (LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR)
#define FS_WRITE                                                                                   \
    (FS_READ | LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_REMOVE_DIR |                     \
     LANDLOCK_ACCESS_FS_REMOVE_FILE | LANDLOCK_ACCESS_FS_MAKE_DIR | LANDLOCK_ACCESS_FS_MAKE_REG |  \
     LANDLOCK_ACCESS_FS_MAKE_SOCK | LANDLOCK_ACCESS_FS_MAKE_SYM | LANDLOCK_ACCESS_FS_REFER |       \
     PW_LL_FS_TRUNCATE)
/* Not LANDLOCK_ACCESS_FS_MAKE_FIFO: a FIFO left in write_paths, named like a result file,
 * hangs the host program that later opens it (seccomp refuses mknod too). */
/* Rights that mean something on a non-directory (others make landlock_add_rule EINVAL). */
#define FS_FILE_RIGHTS                                                                             \
    (LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_READ_FILE |   \
     PW_LL_FS_TRUNCATE | PW_LL_FS_IOCTL_DEV)

static const char *const devnull[] = {"/dev/null"};

#ifdef PW_TEST_SWITCHES
static int test_abi_cap = -1; /* -1: the kernel's */

void pw_landlock_test_switch(void)
{
    const char *v = pw_setting("PYWARDEN_TEST_LANDLOCK_ABI");
    test_abi_cap = v && *v ? atoi(v) : -1;
}
#endif

int pw_landlock_abi(void)
{
    long abi = syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
#ifdef PW_TEST_SWITCHES
    if (test_abi_cap == 0) errno = ENOSYS; /* what a kernel without Landlock answers */
    if (test_abi_cap >= 0 && abi > test_abi_cap) abi = test_abi_cap;
#endif
    return abi < 0 ? 0 : (int)abi;
}

static __u64 fs_rights_for_abi(int abi)
{
    __u64 fs = FS_ABI1;
    if (abi >= 2) fs |= LANDLOCK_ACCESS_FS_REFER;
    if (abi >= 3) fs |= PW_LL_FS_TRUNCATE;
    if (abi >= 5) fs |= PW_LL_FS_IOCTL_DEV;
    return fs;
}

/* Allows access (masked to what the ruleset handles) beneath each existing path. Missing
 * paths are skipped: nothing can be created there either. A run's own paths are opened
 * through no symlink (one there now was left by a run since they were checked): skipped. */
static bool add_paths(int ruleset, const char *const *paths, size_t n, __u64 access, __u64 handled,
                      bool run_paths, pw_buf *why)
{
    for (size_t i = 0; i < n; i++) {
        int fd = run_paths ? pw_open_no_links(paths[i]) : open(paths[i], O_PATH | O_CLOEXEC);
        if (fd < 0) continue;
        struct stat st;
        __u64 allowed = access & handled;
        if (fstat(fd, &st) == 0 && !S_ISDIR(st.st_mode)) allowed &= FS_FILE_RIGHTS;
        struct landlock_path_beneath_attr rule = {.allowed_access = allowed, .parent_fd = fd};
        long rc = syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &rule, 0);
        int e = errno;
        close(fd);
        if (rc != 0) {
            pw_buf_appendf(why, "landlock: landlock_add_rule(%s): %s", paths[i], strerror(e));
            return false;
        }
    }
    return true;
}

/* What the policy alone grants: the runtime roots and /dev/null. */
static bool add_policy_rules(int ruleset, const pw_policy *p, __u64 fs, pw_buf *why)
{
    const __u64 dev_rw =
        LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_WRITE_FILE | PW_LL_FS_TRUNCATE;
    pw_strv roots = {0};
    pw_read_only_roots(p, &roots);
    bool ok = add_paths(ruleset, (const char *const *)roots.v, roots.n, FS_READ, fs, false, why) &&
              add_paths(ruleset, devnull, 1, dev_rw, fs, false, why);
    pw_strv_free(&roots);
    return ok;
}

/* What the run brings: its read_paths and write_paths. */
static bool add_run_rules(int ruleset, const pw_policy *p, __u64 fs, pw_buf *why)
{
    return add_paths(ruleset, (const char *const *)p->read_paths.v, p->read_paths.n, FS_READ, fs,
                     true, why) &&
           add_paths(ruleset, (const char *const *)p->write_paths.v, p->write_paths.n, FS_WRITE, fs,
                     true, why);
}

/* A ruleset holding the policy's rules, built before the request (pw_landlock_prepare_run). */
static struct {
    int fd; /* -1: none */
    __u64 fs;
} ahead = {.fd = -1};

/* A new ruleset for p on this kernel holding the policy's rules, into *fd and *handled_fs
 * (the file rights it handles); why says why not. */
static pw_layer_status policy_ruleset(const pw_policy *p, int *fd, __u64 *handled_fs, pw_buf *why)
{
    int abi = pw_landlock_abi();
    if (abi <= 0) {
        int e = errno; /* the cause by the kernel's answer: EPERM named a missing kernel */
        pw_buf_appendf(why, "landlock: landlock_create_ruleset(VERSION): %s (%s)", strerror(e),
                       e == ENOSYS ? "Landlock needs Linux >= 5.13 built with "
                                     "CONFIG_SECURITY_LANDLOCK; gVisor has none"
                       : e == EOPNOTSUPP
                           ? "built in but not enabled: add 'landlock' to the lsm= boot parameter"
                           : "refused by a seccomp filter this process runs under: a "
                             "container's profile or a systemd unit's SystemCallFilter=");
        return PW_UNAVAILABLE;
    }
    struct pw_ll_ruleset_attr attr = {.handled_access_fs = fs_rights_for_abi(abi)};
    if (abi >= 4 && !p->allow_network)
        attr.handled_access_net = PW_LL_NET_BIND_TCP | PW_LL_NET_CONNECT_TCP;
    if (abi >= 6) attr.scoped = PW_LL_SCOPE_ABSTRACT_UNIX | PW_LL_SCOPE_SIGNAL;
    /* Older kernels take the ABI-1 size; trailing zero fields are accepted by newer ones. */
    size_t size = abi >= 6 ? sizeof attr : abi >= 4 ? 2 * sizeof(__u64) : sizeof(__u64);
    *fd = (int)syscall(SYS_landlock_create_ruleset, &attr, size, 0);
    if (*fd < 0) {
        pw_buf_appendf(why, "landlock: landlock_create_ruleset(ABI %d): %s", abi, strerror(errno));
        return PW_FAILED;
    }
    *handled_fs = attr.handled_access_fs;
    if (add_policy_rules(*fd, p, *handled_fs, why)) return PW_APPLIED;
    close(*fd);
    *fd = -1;
    return PW_FAILED;
}

void pw_landlock_prepare_run(const pw_policy *p)
{
    pw_buf why = {0};
    if (ahead.fd < 0 && policy_ruleset(p, &ahead.fd, &ahead.fs, &why) != PW_APPLIED) ahead.fd = -1;
    pw_buf_free(&why); /* pw_landlock_apply tries again and says why */
}

int pw_landlock_ruleset_fd(void)
{
    return ahead.fd;
}

/* A run is untrusted code expected to be denied, and never execs: from ABI 7 the kernel
 * would send each denial to the host's audit log (when auditd runs), a flood one run can
 * make. Its refusals are the result's, not the host's log's. */
static unsigned restrict_flags(void)
{
    return pw_landlock_abi() >= 7 ? PW_LL_LOG_SAME_EXEC_OFF : 0;
}

pw_layer_status pw_landlock_apply(const pw_policy *p, pw_buf *why)
{
    int ruleset = ahead.fd;
    __u64 fs = ahead.fs;
    ahead.fd = -1;
    pw_layer_status st = ruleset >= 0 ? PW_APPLIED : policy_ruleset(p, &ruleset, &fs, why);
    if (st != PW_APPLIED) return st;
    st = PW_FAILED;
    if (!add_run_rules(ruleset, p, fs, why)) {
        /* why says which rule */
    } else if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        pw_buf_appendf(why, "landlock: prctl(PR_SET_NO_NEW_PRIVS): %s", strerror(errno));
    } else if (syscall(SYS_landlock_restrict_self, ruleset, restrict_flags()) != 0) {
        pw_buf_appendf(why, "landlock: landlock_restrict_self: %s", strerror(errno));
    } else {
        st = PW_APPLIED;
    }
    close(ruleset); /* none of the run's code finds it open */
    return st;
}
