/* Layer "namespaces": a user namespace (the run holds no capability on the host), plus IPC
 * and, unless the policy allows network, network namespaces (no interface but a down lo, no
 * host abstract unix socket). Not a mount or pid namespace: stat() outside the roots still
 * works (Landlock refuses opening), and leaks of processes are impossible by noproc. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "layers.h"

#define PW_NOBODY 65534

/* Set in the child only; a run is one process, so these flags are the child's own. */
static bool entered;
/* False when the run's real uid is the host's root (the kernel exempts it from NPROC). */
static bool nproc_counts_run;
/* Set in a warm template that already left the host's network namespace for all its runs
 * (creating a netns costs ~0.5 ms, most of this layer): runs then skip CLONE_NEWNET. */
static bool network_shared;

static bool write_text(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    bool ok = fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text);
    if (fd >= 0) close(fd);
    return ok;
}

bool pw_ns_map_ids(uid_t uid, gid_t gid, const char *layer, pw_buf *why)
{
    char buf[64];
    write_text("/proc/self/setgroups", "deny"); /* gid_map needs it without CAP_SETGID */
    static const char *const maps[] = {"/proc/self/uid_map", "/proc/self/gid_map"};
    const unsigned ids[] = {(unsigned)uid, (unsigned)gid};
    for (int i = 0; i < 2; i++) {
        snprintf(buf, sizeof buf, "%u %u 1\n", ids[i], ids[i]);
        if (!write_text(maps[i], buf)) {
            int e = errno;
            pw_buf_appendf(why, "%s: write %s: %s", layer, maps[i], strerror(e));
            errno = e;
            return false;
        }
    }
    return true;
}

/* A user namespace takes its creator's soft RLIMIT_NPROC as a cap on every task counted in
 * it: lifted to the hard limit first, so that cap is no lower than the host's. */
static void lift_nproc(void)
{
    struct rlimit r;
    if (getrlimit(RLIMIT_NPROC, &r) == 0 && r.rlim_cur != r.rlim_max) {
        r.rlim_cur = r.rlim_max;
        setrlimit(RLIMIT_NPROC, &r);
    }
}

static bool enter_own_user_and_network(uid_t uid, gid_t gid)
{
    pw_buf why = {0};
    bool ok = unshare(CLONE_NEWUSER | CLONE_NEWNET) == 0 && pw_ns_map_ids(uid, gid, "ns", &why);
    pw_buf_free(&why);
    return ok;
}

/* Without CAP_SYS_ADMIN (a host that is not root) the template first enters a user namespace
 * of its own mapping only its ids, which owns the network namespace; each run still enters a
 * user namespace of its own inside it. Tried in a child first: a template left in a user
 * namespace without its ids mapped could give its runs no namespace at all. Not for root
 * without CAP_SYS_ADMIN: there a run's real uid must be able to become nobody. */
bool pw_ns_share_network(void)
{
    network_shared = unshare(CLONE_NEWNET) == 0;
    if (network_shared || errno != EPERM || geteuid() == 0) return network_shared;
    uid_t uid = geteuid();
    gid_t gid = getegid();
    lift_nproc();
    pid_t pid = fork();
    if (pid == 0) _exit(enter_own_user_and_network(uid, gid) ? 0 : 1);
    int status = 0;
    bool works =
        pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
    network_shared = works && enter_own_user_and_network(uid, gid);
    return network_shared;
}

bool pw_ns_entered(void)
{
    return entered;
}

bool pw_ns_nproc_counts_run(void)
{
    return entered && nproc_counts_run;
}

int pw_ns_probe(void)
{
    static int cached = -1; /* doctor only */
    if (cached >= 0) return cached;
    pid_t pid = fork();
    if (pid == 0) _exit(unshare(CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWIPC) == 0 ? 0 : errno);
    int status = 0;
    bool reaped = pid > 0 && waitpid(pid, &status, 0) == pid;
    cached = reaped && WIFEXITED(status)     ? WEXITSTATUS(status)
             : reaped && WIFSIGNALED(status) ? -WTERMSIG(status)
                                             : ECHILD;
    return cached;
}

bool pw_ns_nesting_possible(void)
{
    pid_t pid = fork();
    if (pid == 0) {
        uid_t uid = getuid();
        gid_t gid = getgid();
        pw_buf why = {0};
        if (unshare(CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWIPC) != 0) _exit(0);
        /* as the namespaces and mounts layers do (an unmapped uid can nest nothing), then
         * try as a run would */
        pw_ns_forbid_nesting();
        if (!pw_ns_map_ids(uid, gid, "namespaces", &why)) _exit(0);
        _exit(unshare(CLONE_NEWUSER) == 0 ? 1 : 0);
    }
    int status = 0;
    while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    return pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 1;
}

/* Where uid (of this user namespace) is outside it, per uid_map; -1 when it is not mapped
 * or the map cannot be read. */
static long uid_outside(unsigned long uid)
{
    FILE *f = fopen("/proc/self/uid_map", "re");
    unsigned long inner, outer, count;
    long found = -1;
    if (!f) return found;
    while (fscanf(f, "%lu %lu %lu", &inner, &outer, &count) == 3)
        if (uid >= inner && uid - inner < count) found = (long)(outer + (uid - inner));
    fclose(f);
    return found;
}

/* Whether a child exits 0 after calling what (0: it could). */
static bool child_could(int (*what)(void))
{
    pid_t pid = fork();
    if (pid == 0) _exit(what() == 0 ? 0 : 1);
    int status = 0;
    while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    return pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* 0 when a fork under RLIMIT_NPROC 0 is refused (EAGAIN): the limit binds this uid, which it
 * never does the host's root. */
static int nproc_binds(void)
{
    const struct rlimit none = {0, 0};
    if (setrlimit(RLIMIT_NPROC, &none) != 0) return -1;
    pid_t kid = fork();
    if (kid == 0) _exit(0);
    if (kid > 0) waitpid(kid, NULL, 0);
    return kid < 0 && errno == EAGAIN ? 0 : -1;
}

/* True when the fork went through, or when there is no answer (assume the worst, no NPROC
 * bound). */
static bool nproc_unbound_here(void)
{
    return !child_could(nproc_binds);
}

/* In a user namespace that maps only the caller's uid (`unshare -r`, rootless engines)
 * uid 0 here may be anyone outside. uid_map says only what it is in the parent namespace,
 * which may itself be nested (`unshare -r` twice, started by a user): the kernel is asked
 * instead. Cached: uid 0 stays who it is. */
static bool uid0_is_host_root(void)
{
    static int cached = -1;
    if (cached >= 0) return cached;
    if (uid_outside(0) != 0) return (cached = uid_outside(0) == -1);
    return (cached = nproc_unbound_here());
}

/* Whether the real uid, whatever it is here, is the host's root: outside the initial user
 * namespace root may have mapped any uid to itself (`unshare --map-user=N`, `bwrap --uid N`),
 * also a level up (`unshare -r` inside that), so the kernel is asked. For doctor. */
static bool real_uid_is_host_root(void)
{
    FILE *f = fopen("/proc/self/uid_map", "re");
    unsigned long inner, outer, count;
    int lines = 0;
    bool identity = false;
    while (f && fscanf(f, "%lu %lu %lu", &inner, &outer, &count) == 3)
        identity = ++lines == 1 && inner == 0 && outer == 0 && count == 4294967295UL;
    if (f) fclose(f);
    if (identity && lines == 1) return getuid() == 0; /* the initial namespace */
    return nproc_unbound_here();
}

/* prepare_identity's move; asked of a child, not read from uid_map, which is not there to
 * read without /proc (doctor then said max_processes was not applied; runs applied it). */
static int become_nobody(void)
{
    return setresuid(PW_NOBODY, (uid_t)-1, (uid_t)-1);
}

static int own_network_and_ipc(void)
{
    return unshare(CLONE_NEWNET | CLONE_NEWIPC);
}

bool pw_ns_thread_bound_possible(void)
{
    return (getuid() == 0 && child_could(become_nobody)) || !real_uid_is_host_root();
}

bool pw_ns_network_without_user_ns(void)
{
    return child_could(own_network_and_ipc);
}

/* RLIMIT_NPROC does not bind the host's root; a root run's real uid becomes nobody while
 * the effective and filesystem uid stay 0 (file access unchanged). Where nobody is not
 * mapped (EINVAL: `unshare -r`) or CAP_SETUID is gone (EPERM) the uid stays and the thread
 * bound holds only if uid 0 is not the host's root. NPROC is lifted to its hard limit while
 * the namespace is created so the namespace itself gets no lower cap: noproc then bounds
 * the tasks counted inside it, i.e. this run's only. */
static bool prepare_identity(pw_buf *why)
{
    nproc_counts_run = true;
    if (getuid() == 0 && setresuid(PW_NOBODY, (uid_t)-1, (uid_t)-1) != 0) {
        if (errno != EINVAL && errno != EPERM) {
            pw_buf_appendf(why, "namespaces: setresuid(%d, -1, -1): %s", PW_NOBODY,
                           strerror(errno));
            return false;
        }
        nproc_counts_run = !uid0_is_host_root();
    }
    lift_nproc();
    return true;
}

bool pw_ns_join(pid_t pid, bool adopt, pw_buf *why)
{
    /* The user namespace first in this list and in the kernel's order: its capabilities are
     * what the others are checked against. */
    static const struct {
        const char *name;
        int flag;
    } kinds[] = {{"user", CLONE_NEWUSER},
                 {"ipc", CLONE_NEWIPC},
                 {"net", CLONE_NEWNET},
                 {"mnt", CLONE_NEWNS}};
    int flags = 0;
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
        char mine[64], theirs[64];
        struct stat a, b;
        snprintf(mine, sizeof mine, "/proc/self/ns/%s", kinds[i].name);
        snprintf(theirs, sizeof theirs, "/proc/%d/ns/%s", (int)pid, kinds[i].name);
        if (stat(mine, &a) != 0 || stat(theirs, &b) != 0) {
            pw_buf_appendf(why, "namespaces: stat %s: %s", theirs, strerror(errno));
            return false;
        }
        if (a.st_ino != b.st_ino || a.st_dev != b.st_dev) flags |= kinds[i].flag;
    }
    /* The identity first: a root host's run moves its real uid while it still can. */
    if (adopt && !prepare_identity(why)) return false;
    int fd = flags ? (int)syscall(SYS_pidfd_open, pid, 0) : -1;
    if (flags && (fd < 0 || setns(fd, flags) != 0)) {
        pw_buf_appendf(why, "namespaces: %s: %s", fd < 0 ? "pidfd_open" : "setns", strerror(errno));
        if (fd >= 0) close(fd);
        return false;
    }
    if (fd >= 0) close(fd);
    entered = entered || adopt;
    return true;
}

void pw_ns_forbid_nesting(void)
{
    write_text("/proc/sys/user/max_user_namespaces", "0");
}

pw_layer_status pw_ns_apply(const pw_policy *p, pw_buf *why)
{
    bool new_net = !p->allow_network && !network_shared;
    int flags = CLONE_NEWUSER | CLONE_NEWIPC | (new_net ? CLONE_NEWNET : 0);
    uid_t ruid = getuid();
    if (!prepare_identity(why)) return PW_FAILED;
    if (unshare(flags) != 0) {
        int e = errno;
        /* No namespace, no thread bound: the real uid goes back, as a cold run whose helper
         * found no namespace keeps it (a root host's warm runs were nobody, its cold ones
         * root, in Docker's default profile). */
        if (getuid() != ruid && setresuid(ruid, (uid_t)-1, (uid_t)-1) != 0) {
            pw_buf_appendf(why, "namespaces: setresuid(%d, -1, -1): %s", (int)ruid,
                           strerror(errno));
            return PW_FAILED;
        }
        pw_buf_appendf(why, "namespaces: unshare(CLONE_NEWUSER|CLONE_NEWIPC%s): %s",
                       new_net ? "|CLONE_NEWNET" : "", strerror(e));
        /* Where only the user namespace is refused and CAP_SYS_ADMIN is held (root, with
         * user.max_user_namespaces 0), the run still leaves the host's network and IPC, as a
         * warm template's runs leave its network (pw_ns_share_network): not claimed, the layer
         * is a user namespace first. */
        if (e != ENOMEM) unshare(flags & ~CLONE_NEWUSER);
        /* EPERM/ENOSPC/EINVAL: user namespaces are disabled or exhausted on this host. */
        return e == ENOMEM ? PW_FAILED : PW_UNAVAILABLE;
    }
    entered = true;
    pw_ns_forbid_nesting();
    return PW_APPLIED;
}
