/* Layer "mounts": each run sees a filesystem of its own holding only what its policy grants,
 * built the way bubblewrap and nsjail build a root: a new mount namespace (in a user namespace)
 * whose root is an empty tmpfs, read-only binds of the runtime roots (roots.c) and read_paths,
 * read-write binds of write_paths, the work directory at its real path, a small /dev and a
 * private /tmp of tmp_mb. Anything else does not exist for the run, so stat() finds nothing.
 * It does not decide what may be done with what it shows: Landlock still applies on top.
 *
 * Two steps, so a warm spare can do the slow part before its request exists:
 * pw_mounts_apply builds everything the policy alone decides, keeping the host's root under
 * HOST; pw_mounts_attach binds the run's paths from there, then drops HOST for good.
 *
 * A warm template builds that view once for all its runs (pw_mounts_template_view) and lives
 * in it; each spare then mounts a root of its own and binds the view's top-level directories
 * into it (a few binds instead of one per runtime root), so what a run creates in its root
 * (its work directory's mount point) is its own. A run path under one of those directories
 * gets that directory rebuilt as the run's own first (own_top). */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "layers.h"

#define HOST "/.pywarden-host" /* the host's root, until the run's paths are bound */
#define SLOT "/.pywarden-root" /* in a template's view: where each spare mounts its own root */
#define RO (MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV)
#define RW                                                                                         \
    (MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC) /* no .so from a writable root */
/* Read-only too: a device stays writable on a read-only mount, its inode does not (a root
 * host's run could chmod or touch the host's /dev/null). */
#define DEV (MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC)
#define PW_TMP_INODES_PER_MB 256L /* files and directories the private /tmp holds per MB */
#define PW_NR_LISTMOUNT 458 /* Linux 6.8, the same on every arch; not in Debian 12's headers */

/* What a host path is, looked up before it is shown in the view. */
typedef struct {
    const char *path;
    char *link; /* a symlink's target, shown as the same link; NULL otherwise */
    bool dir;
} host_entry;

/* The host's ids, taken before any user namespace hides them (pw_mounts_prepare), and what
 * pw_mounts_plan found once per process (a warm template: once for all its runs): the
 * runtime roots as they are on the host, so a run's view is built without looking each of
 * them up again. */
static struct {
    bool ids_known, ready, lists_mounts;
    int setattr_errno; /* 0: mount_setattr is there */
    uid_t euid;
    gid_t egid;
    host_entry *roots;
    size_t nroots;
    pw_strv paths; /* owns roots[i].path */
    /* A template that built the view for its runs: the view's top-level entries a spare
     * binds into its own root. */
    bool template_view;
    pw_strv tops;
} host;
/* Child only: the view is in force; HOST is still reachable until pw_mounts_attach. */
static bool in_force, host_open;
static const char *private_tmp_dir; /* where the run finds its private tmpfs, once attached */
/* Where the host's root is seen from: HOST, or the template's HOST seen from a spare's root. */
static const char *source = HOST;
/* A spare's top-level directories rebuilt as its own (own_top), made read-only at attach. */
static pw_strv owned_tops;

/* What path is on the host; false when nothing (or a dangling link) is there to show. */
static bool probe(const char *path, host_entry *e)
{
    struct stat st;
    char target[4096];
    *e = (host_entry){.path = path};
    if (stat(path, &st) != 0) return false;
    ssize_t n = readlink(path, target, sizeof target - 1);
    if (n > 0) {
        target[n] = '\0';
        e->link = pw_strdup(target);
        return e->link != NULL;
    }
    e->dir = S_ISDIR(st.st_mode);
    return true;
}

void pw_mounts_prepare(void)
{
    host.euid = geteuid();
    host.egid = getegid();
    host.ids_known = true;
    /* EFAULT where the call exists: it lists covered mounts too (hide_host). Asked here, in
     * the supervisor or template the run is forked from: a run's seccomp program answers
     * ENOSYS. */
    host.lists_mounts =
        syscall(PW_NR_LISTMOUNT, NULL, NULL, 0, 0) == 0 || (errno != ENOSYS && errno != EPERM);
}

/* 0 where mount_setattr is there (EINVAL for these arguments), the errno of a seccomp profile
 * that refuses it, or -SIGSYS for a host's filter that kills it: asked in a child where this
 * process runs under a filter, since a warm template asks in itself (it was killed at start). */
static int setattr_probe(void)
{
    bool filtered = prctl(PR_GET_SECCOMP, 0, 0, 0, 0) == 2;
    pid_t pid = filtered ? fork() : 0;
    if (pid == 0) {
        int err = mount_setattr(-1, "", 0, NULL, 0) == 0 || (errno != ENOSYS && errno != EPERM)
                      ? 0
                      : errno;
        if (!filtered) return err;
        _exit(err);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid) return EPERM; /* cannot tell: none */
    return WIFSIGNALED(status) ? -WTERMSIG(status) : WEXITSTATUS(status);
}

void pw_mounts_plan(const pw_policy *p)
{
    if (host.ready) return;
    host.ready = true;
    if (!host.ids_known) pw_mounts_prepare();
    host.setattr_errno = setattr_probe();
    /* Listed while the host's /proc is still at /proc: a bundle finds its stdlib from
     * /proc/self/exe. */
    pw_read_only_roots(p, &host.paths);
    pw_strv_push(&host.paths, "/dev/null");
    host.roots = calloc(host.paths.n ? host.paths.n : 1, sizeof *host.roots);
    for (size_t i = 0; host.roots && i < host.paths.n; i++)
        if (probe(host.paths.v[i], &host.roots[host.nroots])) host.nroots++;
}

static pw_layer_status enter_namespaces(pw_buf *why)
{
    if (!pw_ns_entered()) {
        if (unshare(CLONE_NEWUSER) != 0) {
            pw_buf_appendf(why, "mounts: unshare(CLONE_NEWUSER): %s", strerror(errno));
            return errno == ENOMEM ? PW_FAILED : PW_UNAVAILABLE;
        }
        pw_ns_forbid_nesting();
    }
    /* New inodes (the view's mount points, files in /tmp) need the run's ids mapped. */
    /* EPERM, or a /proc read-only (EROFS) or missing (ENOENT): not to be had here. */
    if (!pw_ns_map_ids(host.euid, host.egid, "mounts", why))
        return errno == ENOMEM ? PW_FAILED : PW_UNAVAILABLE;
    if (unshare(CLONE_NEWNS) != 0) {
        pw_buf_appendf(why, "mounts: unshare(CLONE_NEWNS): %s", strerror(errno));
        return errno == ENOMEM ? PW_FAILED : PW_UNAVAILABLE;
    }
    return PW_APPLIED;
}

static bool fail(pw_buf *why, const char *call, const char *path)
{
    pw_buf_appendf(why, "mounts: %s(%s): %s", call, path, strerror(errno));
    return false;
}

/* mount_setattr answered err (ENOSYS or EPERM) where it exists to answer EINVAL, or the
 * probe was killed by signal -err. */
static bool setattr_missing(pw_buf *why, int err)
{
    if (err == -SIGSYS) {
        pw_buf_appendf(why, "mounts: mount_setattr was " PW_KILLED_BY_FILTER);
        return false;
    }
    if (err < 0) {
        pw_buf_appendf(why, "mounts: the mount_setattr probe died by signal %d", -err);
        return false;
    }
    errno = err;
    return fail(why, "mount_setattr",
                err == ENOSYS ? "Linux 5.12 or later, or a seccomp profile older than the call"
                              : "refused here");
}

/* Creates path in the view (its parents as directories, itself as a directory or an empty
 * file) unless it is there already, e.g. inside a bind made before. */
static bool make_target(const char *path, bool dir, pw_buf *why)
{
    char buf[4096];
    if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf) return fail(why, "mkdir", path);
    for (char *s = strchr(buf + 1, '/'); s; s = strchr(s + 1, '/')) {
        *s = '\0';
        if (mkdir(buf, 0755) != 0 && errno != EEXIST) return fail(why, "mkdir", buf);
        *s = '/';
    }
    if (dir) return mkdir(buf, 0755) == 0 || errno == EEXIST || fail(why, "mkdir", buf);
    struct stat st;
    if (stat(buf, &st) == 0) return true;
    int fd = open(buf, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) return fail(why, "open", buf);
    close(fd);
    return true;
}

/* Shows the host's path e at the same path in the view with the given mount attributes (the
 * whole subtree); a symlink (/etc/localtime) as the same link, resolved inside the view. */
static bool show(const host_entry *e, unsigned long long attrs, pw_buf *why)
{
    const char *path = e->path;
    char src[4096], parent[4096];
    if (e->link) {
        snprintf(parent, sizeof parent, "%s", path);
        char *slash = strrchr(parent, '/');
        if (slash && slash != parent) *slash = '\0';
        if (slash && slash != parent && !make_target(parent, true, why)) return false;
        return symlink(e->link, path) == 0 || errno == EEXIST || fail(why, "symlink", path);
    }
    if (snprintf(src, sizeof src, "%s%s", source, path) >= (int)sizeof src)
        return fail(why, "mount --rbind", path);
    if (!make_target(path, e->dir, why)) return false;
    if (mount(src, path, NULL, MS_BIND | MS_REC, NULL) != 0)
        return fail(why, "mount --rbind", path);
    struct mount_attr a = {.attr_set = attrs};
    if (mount_setattr(AT_FDCWD, path, AT_RECURSIVE, &a, sizeof a) != 0)
        return fail(why, "mount_setattr", path);
    return true;
}

static bool show_root(size_t i, pw_buf *why)
{
    return show(&host.roots[i], strncmp(host.roots[i].path, "/dev/", 5) == 0 ? DEV : RO, why);
}

/* A container's seccomp profile that lets unshare through still refuses mount and
 * pivot_root to a process without CAP_SYS_ADMIN (Docker's, with unshare allowed). */
static bool refused_here(int e)
{
    return e == EPERM || e == EACCES || e == ENOSYS;
}

/* The new root: a tmpfs, made the root with pivot_root; the host's root moves under HOST.
 * MS_SLAVE first, so nothing mounted here propagates back to the host. UNAVAILABLE where
 * mounts or pivot_root are refused here, with nothing left changed but a mount namespace of
 * the run's own that still shows the host's. */
static pw_layer_status new_root(pw_buf *why)
{
    if (mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) != 0) {
        bool refused = refused_here(errno);
        fail(why, "mount MS_SLAVE", "/");
        return refused ? PW_UNAVAILABLE : PW_FAILED;
    }
    /* Any host directory does as the place to mount it: after pivot_root it is shown again. */
    bool ok = (mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=1m") == 0 ||
               fail(why, "mount tmpfs", "/tmp")) &&
              (chdir("/tmp") == 0 || fail(why, "chdir", "/tmp")) &&
              (mkdir("." HOST, 0700) == 0 || fail(why, "mkdir", HOST));
    if (!ok) return PW_FAILED;
    if (syscall(SYS_pivot_root, ".", "." HOST) != 0) {
        bool refused = refused_here(errno);
        fail(why, "pivot_root", HOST);
        bool undone = chdir("/") == 0 && umount2("/tmp", MNT_DETACH) == 0;
        return refused && undone ? PW_UNAVAILABLE : PW_FAILED;
    }
    return (chdir("/") == 0 || fail(why, "chdir", "/")) ? PW_APPLIED : PW_FAILED;
}

/* The first component of an absolute path ("usr" for /usr/lib/x); false for "/" itself. */
static bool top_of(const char *path, char *top, size_t cap)
{
    size_t n = strcspn(path + 1, "/");
    if (path[0] != '/' || n == 0 || n >= cap) return false;
    memcpy(top, path + 1, n);
    top[n] = '\0';
    return true;
}

/* Roots shown inside the private /tmp rather than in the shared view: it hides the view's. */
static bool in_private_tmp(const pw_policy *p, const char *path)
{
    return p->tmp_mb > 0 && pw_path_under(path, "/tmp");
}

/* A spare's own root in its template's view: a tmpfs over SLOT holding binds of the view's
 * top-level entries (read-only; what is mounted below them keeps its own attributes), made the
 * root with pivot_root; the view, and the host's root in it, move under HOST. */
static bool own_root(pw_buf *why)
{
    if (mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) != 0)
        return fail(why, "mount MS_SLAVE", "/");
    if (mount("tmpfs", SLOT, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=1m") != 0)
        return fail(why, "mount tmpfs", SLOT);
    if (chdir(SLOT) != 0) return fail(why, "chdir", SLOT);
    struct mount_attr ro = {.attr_set = RO};
    for (size_t i = 0; i < host.tops.n; i++) {
        const char *name = host.tops.v[i];
        char from[300], target[4096];
        snprintf(from, sizeof from, "/%s", name);
        ssize_t n = readlink(from, target, sizeof target - 1);
        if (n > 0) {
            target[n] = '\0';
            if (symlink(target, name) != 0) return fail(why, "symlink", from);
            continue;
        }
        struct stat st;
        int fd = -1;
        bool made = stat(from, &st) == 0 &&
                    (S_ISDIR(st.st_mode)
                         ? mkdir(name, 0755) == 0
                         : (fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644)) >= 0);
        if (fd >= 0) close(fd);
        if (!made) return fail(why, "mkdir", from);
        if (mount(from, name, NULL, MS_BIND | MS_REC, NULL) != 0)
            return fail(why, "mount --rbind", from);
        if (mount_setattr(AT_FDCWD, name, 0, &ro, sizeof ro) != 0)
            return fail(why, "mount_setattr", from);
    }
    if (mkdir("." HOST, 0700) != 0) return fail(why, "mkdir", HOST);
    if (syscall(SYS_pivot_root, ".", "." HOST) != 0) return fail(why, "pivot_root", HOST);
    if (chdir("/") != 0) return fail(why, "chdir", "/");
    source = HOST HOST;
    return true;
}

/* Before a run path under top-level entry top of the template's view is shown: that entry
 * becomes a tmpfs of this run's own, holding the runtime roots under it again, so the mount
 * points made for the path are not made in the view every run shares. */
static bool own_top(const char *path, pw_buf *why)
{
    char top[256], dir[300];
    if (!host.template_view || !top_of(path, top, sizeof top) ||
        !pw_strv_contains(&host.tops, top) || pw_strv_contains(&owned_tops, top))
        return true;
    snprintf(dir, sizeof dir, "/%s", top);
    struct stat st;
    if (lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) return true; /* a file or link: as is */
    if (mount("tmpfs", dir, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=1m") != 0)
        return fail(why, "mount tmpfs", dir);
    if (!pw_strv_push(&owned_tops, top)) return fail(why, "own", dir);
    bool ok = true;
    for (size_t i = 0; ok && i < host.nroots; i++)
        if (pw_path_under(host.roots[i].path, dir)) ok = show_root(i, why);
    return ok;
}

static bool private_tmp(long mb, pw_buf *why)
{
    char opts[96];
    /* Inodes are kernel memory that neither size= nor memory_mb counts: a loop of empty
     * files would otherwise take some 20 MB of slab a second, per run. */
    snprintf(opts, sizeof opts, "mode=1777,size=%ldm,nr_inodes=%ld", mb, mb * PW_TMP_INODES_PER_MB);
    if (!make_target("/tmp", true, why)) return false;
    /* No TMPDIR: the environment stays exactly the policy's env, and tempfile's first
     * default is /tmp anyway. */
    return mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, opts) == 0 ||
           fail(why, "mount tmpfs", "/tmp");
}

pw_layer_status pw_mounts_apply(const pw_policy *p, pw_buf *why)
{
    pw_mounts_plan(p); /* a cold run's own; a warm run's template made it */
    /* Asked before anything changes: a view half built is worse than none. */
    if (host.setattr_errno) {
        setattr_missing(why, host.setattr_errno);
        return PW_UNAVAILABLE;
    }
    if (!host.roots) {
        pw_buf_appendf(why, "mounts: out of memory");
        return PW_FAILED;
    }
    pw_layer_status st = enter_namespaces(why);
    /* In a template's view a spare that cannot have a root of its own would run in the
     * template's: fail rather than fall back. */
    if (st != PW_APPLIED && host.template_view) st = PW_FAILED;
    if (st == PW_APPLIED)
        st = host.template_view ? own_root(why) ? PW_APPLIED : PW_FAILED : new_root(why);
    if (st != PW_APPLIED) return st;
    /* /tmp first: a root under it (a bundle unpacked in /tmp) is bound inside it. */
    bool ok = p->tmp_mb <= 0 || private_tmp(p->tmp_mb, why);
    for (size_t i = 0; ok && i < host.nroots; i++)
        if (!host.template_view || in_private_tmp(p, host.roots[i].path)) ok = show_root(i, why);
    /* No exec can bring a capability back. Done ahead: the bounding set does not limit the
     * capabilities in effect, so the view can still be finished at hand-off. */
    ok = ok && (pw_caps_drop_bounding_set(why) || fail(why, "drop", "the bounding set"));
    in_force = host_open = ok;
    return ok ? PW_APPLIED : PW_FAILED;
}

/* The view every run of a template gets, built in the template's own mount namespace: the
 * runtime roots, the host's /proc (spares write their id maps there before they leave it) and
 * SLOT; the host's root stays under HOST. Roots the private /tmp will hold are shown here too,
 * for the template itself (spares show them again inside their /tmp): a bundle unpacked under
 * /tmp had its stdlib out of the template's sight, whose importer cache then told every warm
 * run "No module named 'fractions'". */
static bool build_template_view(pw_buf *why)
{
    bool ok = (unshare(CLONE_NEWNS) == 0 || fail(why, "unshare", "CLONE_NEWNS")) &&
              new_root(why) == PW_APPLIED;
    for (size_t i = 0; ok && i < host.nroots; i++)
        ok = show_root(i, why);
    return ok && make_target("/proc", true, why) &&
           (mount(HOST "/proc", "/proc", NULL, MS_BIND | MS_REC, NULL) == 0 ||
            fail(why, "mount --rbind", "/proc")) &&
           (mkdir(SLOT, 0755) == 0 || fail(why, "mkdir", SLOT));
}

/* Whether a spare can still enter the namespaces its own root needs from inside the view. */
static bool spare_could_own_root(pw_buf *why)
{
    pid_t pid = fork();
    if (pid == 0) _exit(enter_namespaces(why) == PW_APPLIED && own_root(why) ? 0 : 1);
    int status = 0;
    return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
           WEXITSTATUS(status) == 0;
}

pw_layer_status pw_mounts_template_view(const pw_policy *p, pw_buf *why)
{
    pw_mounts_plan(p);
    if (host.setattr_errno || !host.roots) return PW_UNAVAILABLE;
    for (size_t i = 0; i < host.nroots; i++) {
        char top[256];
        if (!in_private_tmp(p, host.roots[i].path) && top_of(host.roots[i].path, top, sizeof top) &&
            strcmp(top, "proc") != 0 && !pw_strv_contains(&host.tops, top) &&
            !pw_strv_push(&host.tops, top))
            return PW_UNAVAILABLE; /* out of memory, nothing changed yet */
    }
    /* Tried in a child first (the view, and a spare's root in it): a template left with half a
     * view, or in one its spares cannot leave, would fail every run. */
    pw_buf ignored = {0};
    pid_t pid = fork();
    if (pid == 0) _exit(build_template_view(&ignored) && spare_could_own_root(&ignored) ? 0 : 1);
    int status = 0;
    bool reaped = pid > 0 && waitpid(pid, &status, 0) == pid;
    /* A host's filter that kills a call of the view (mount, pivot_root; doctor names it) would
     * kill every spare that tried one of its own: none tries. */
    if (reaped && WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS) host.setattr_errno = -SIGSYS;
    if (!reaped || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return PW_UNAVAILABLE;
    host.template_view = build_template_view(why);
    return host.template_view ? PW_APPLIED : PW_FAILED;
}

bool pw_mounts_probe(pw_buf *why)
{
    int p[2];
    if (pipe2(p, O_CLOEXEC) != 0) return true; /* cannot tell: runs will say */
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        pw_buf w = {0};
        pw_mounts_prepare();
        bool ok = enter_namespaces(&w) == PW_APPLIED;
        if (ok && mount_setattr(-1, "", 0, NULL, 0) != 0 && (errno == ENOSYS || errno == EPERM))
            ok = setattr_missing(&w, errno);
        ok = ok && new_root(&w) == PW_APPLIED; /* mount and pivot_root, refused by some profiles */
        if (!ok && w.data && write(p[1], w.data, w.len) < 0) ok = false;
        _exit(ok ? 0 : 1);
    }
    close(p[1]);
    char msg[512];
    ssize_t n = pid > 0 ? read(p[0], msg, sizeof msg - 1) : -1;
    close(p[0]);
    int status = 0;
    bool reaped = pid > 0 && waitpid(pid, &status, 0) == pid;
    bool ok = reaped && WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (reaped && WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS)
        pw_buf_appendf(why, "mounts: the view's set-up was " PW_KILLED_BY_FILTER);
    else if (reaped && WIFSIGNALED(status))
        pw_buf_appendf(why, "mounts: the probe died by signal %d", WTERMSIG(status));
    else if (!ok)
        pw_buf_appendf(why, "%.*s", n > 0 ? (int)n : 0, msg);
    return ok;
}

bool pw_mounts_adopt(pw_buf *why)
{
    in_force = host_open = pw_caps_drop_bounding_set(why) || fail(why, "drop", "the bounding set");
    return in_force;
}

bool pw_mounts_in_force(void)
{
    return in_force;
}

const char *pw_mounts_private_tmp(void)
{
    return private_tmp_dir;
}

typedef struct {
    const char *path;
    unsigned long long attrs;
} grant;

static int by_path(const void *a, const void *b)
{
    return strcmp(((const grant *)a)->path, ((const grant *)b)->path);
}

static bool covered_by_grant(const grant *g, size_t n, const char *path)
{
    for (size_t i = 0; i < n; i++)
        if (pw_path_under(path, g[i].path)) return true;
    return false;
}

/* A grant of /tmp itself (work_dir /tmp under a policy that reads ".") would hide the run's
 * private /tmp under a bind of the host's: the private one moves to /var/tmp first,
 * tempfile's next choice. Where a grant covers that too, the run has none: what it would
 * write there is the host's. */
static bool private_tmp_aside(const grant *g, size_t n, pw_buf *why)
{
    if (!covered_by_grant(g, n, "/tmp")) return true;
    private_tmp_dir = NULL;
    if (covered_by_grant(g, n, "/var/tmp")) return true;
    if (!make_target("/var/tmp", true, why)) return false;
    if (mount("/tmp", "/var/tmp", NULL, MS_MOVE, NULL) != 0)
        return fail(why, "move the private tmpfs to", "/var/tmp");
    private_tmp_dir = "/var/tmp";
    return true;
}

/* Whether what is now mounted at path is the object fd was opened on. */
static bool bound_as_looked_up(int fd, const char *path, pw_buf *why)
{
    if (pw_same_object(fd, path)) return true;
    errno = ELOOP;
    return fail(why, "bind, changed while it was bound,", path);
}

/* The run's paths, parents before what is nested in them, then the work directory (an empty
 * directory when no grant covers it, so it can be the cwd and nothing more). */
static bool bind_run_paths(const pw_policy *p, const char *work_dir, pw_buf *why)
{
    size_t n = p->read_paths.n + p->write_paths.n, k = 0;
    grant *g = calloc(n ? n : 1, sizeof *g);
    if (!g) return fail(why, "calloc", "grants");
    for (size_t i = 0; i < p->read_paths.n; i++)
        g[k++] = (grant){p->read_paths.v[i], RO};
    for (size_t i = 0; i < p->write_paths.n; i++)
        g[k++] = (grant){p->write_paths.v[i], RW};
    qsort(g, n, sizeof *g, by_path);
    private_tmp_dir = p->tmp_mb > 0 ? "/tmp" : NULL;
    bool ok = !private_tmp_dir || private_tmp_aside(g, n, why), covered = false;
    for (size_t i = 0; ok && i < n; i++) {
        if (strcmp(g[i].path, "/") == 0) {
            pw_buf_appendf(why, "mounts: the policy grants '/', which no view can narrow "
                                "(set layers.mounts to \"off\")");
            ok = false;
        } else {
            /* A path the host does not have is left out: nothing to show. */
            host_entry e = {0};
            char src[4096];
            if (snprintf(src, sizeof src, "%s%s", source, g[i].path) >= (int)sizeof src) {
                errno = ENAMETOOLONG;
                ok = fail(why, "mount --rbind", g[i].path);
                break;
            }
            /* Never through a symlink: a run may have left one where it could write. The
             * request's paths were checked for links (policy.c, request.c); one found now was
             * put there since, and the bind is checked to be what was looked up. */
            int fd = pw_open_no_links(src);
            if (fd < 0 && errno == ELOOP) {
                ok = fail(why, "bind, through a symbolic link,", g[i].path);
                break;
            }
            bool there = fd >= 0 && probe(src, &e);
            e.path = g[i].path;
            ok = !there || (own_top(e.path, why) && show(&e, g[i].attrs, why) &&
                            bound_as_looked_up(fd, e.path, why));
            if (fd >= 0) close(fd);
            free(e.link);
            covered = covered || pw_path_under(work_dir, g[i].path);
        }
    }
    free(g);
    return ok && (covered || (own_top(work_dir, why) && make_target(work_dir, true, why)));
}

/* The tops own_top rebuilt, read-only now that the run's paths are in them. */
static bool seal_owned_tops(pw_buf *why)
{
    struct mount_attr ro = {.attr_set = MOUNT_ATTR_RDONLY};
    for (size_t i = 0; i < owned_tops.n; i++) {
        char dir[300];
        snprintf(dir, sizeof dir, "/%s", owned_tops.v[i]);
        if (mount_setattr(AT_FDCWD, dir, 0, &ro, sizeof ro) != 0)
            return fail(why, "mount_setattr", dir);
    }
    return true;
}

/* The host's tree is covered by an empty read-only tmpfs, not unmounted: a lazy unmount waits
 * for an RCU grace period (~2 ms on Linux 6.1, ~0.1 ms of a warm run's ~0.7 on 6.18, between
 * the request and the first line of user code), a mount over it does not. listmount and
 * statmount (Linux 6.8) list covered mounts too, with their paths and sources: with seccomp
 * off (whose per-run program answers them ENOSYS) the run read the host's whole mount table
 * (view_listmount), so there the tree is detached instead. Nothing can lift the cover:
 * the run holds no capability (pw_child_attach drops them next), and in a nested user
 * namespace the kernel locks a mount to what it hides (MNT_LOCKED). The hidden tree goes with
 * the run's mount namespace when the run ends. */
static bool hide_host(pw_buf *why)
{
    if (host.lists_mounts && !pw_seccomp_run_program_in_force())
        return umount2(HOST, MNT_DETACH) == 0 || fail(why, "umount2 MNT_DETACH", HOST);
    return mount("tmpfs", HOST, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
                 "size=4k,nr_inodes=1,mode=0") == 0 ||
           fail(why, "mount tmpfs over", HOST);
}

/* fd 0 is /dev/null, which a cold run opened before it entered the view: the host's node on
 * the host's writable /dev, whose mode a root host's run (the node's owner) could change
 * through the fd (fchmod(0, 0): no program of the host could open /dev/null again). The
 * view's node is a read-only bind (stdin_node_metadata). */
static bool stdin_from_view(pw_buf *why)
{
    int fd = open("/dev/null", O_RDWR | O_CLOEXEC);
    bool ok = fd >= 0 && dup2(fd, PW_FD_STDIN) == PW_FD_STDIN;
    if (fd >= 0) close(fd);
    return ok || fail(why, "open", "/dev/null onto fd 0");
}

pw_layer_status pw_mounts_attach(const pw_policy *p, const char *work_dir, pw_buf *why)
{
    if (!host_open) return PW_APPLIED;
    host_open = false;
    struct mount_attr ro = {.attr_set = MOUNT_ATTR_RDONLY};
    bool ok =
        bind_run_paths(p, work_dir, why) && hide_host(why) &&
        (mount_setattr(AT_FDCWD, "/", 0, &ro, sizeof ro) == 0 || fail(why, "mount_setattr", "/")) &&
        seal_owned_tops(why) && stdin_from_view(why);
    return ok ? PW_APPLIED : PW_FAILED;
}
