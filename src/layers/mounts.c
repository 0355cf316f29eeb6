/* Layer "mounts": each run sees a filesystem of its own holding only what its policy grants,
 * built the way bubblewrap and nsjail build a root: a new mount namespace (in a user namespace)
 * whose root is an empty tmpfs, read-only binds of the runtime roots (roots.c) and read_paths,
 * read-write binds of write_paths, the work directory at its real path, a small /dev and a
 * private /tmp of tmp_mb. Anything else does not exist for the run, so stat() finds nothing.
 * It does not decide what may be done with what it shows: Landlock still applies on top.
 *
 * Two steps, so a warm spare can do the slow part before its request exists:
 * pw_mounts_apply builds everything the policy alone decides, keeping the host's root under
 * HOST; pw_mounts_attach binds the run's paths from there, then drops HOST for good. */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "layers.h"

#define HOST "/.pywarden-host" /* the host's root, until the run's paths are bound */
#define RO (MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV)
#define RW                                                                                         \
    (MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC) /* no .so from a writable root */
#define DEV (MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC)

/* The host's ids, taken before any user namespace hides them (pw_mounts_prepare). */
static uid_t host_euid;
static gid_t host_egid;
static bool ids_known;
/* Child only: the view is in force; HOST is still reachable until pw_mounts_attach. */
static bool in_force, host_open;

void pw_mounts_prepare(void)
{
    host_euid = geteuid();
    host_egid = getegid();
    ids_known = true;
}

static bool write_text(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    bool ok = fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text);
    if (fd >= 0) close(fd);
    return ok;
}

/* New inodes (the view's mount points, files in /tmp) need the run's ids mapped in its user
 * namespace: map each to itself unless whoever made the namespace already did. */
static bool map_ids(pw_buf *why)
{
    char buf[64];
    int fd = open("/proc/self/uid_map", O_RDONLY | O_CLOEXEC);
    ssize_t n = fd >= 0 ? read(fd, buf, sizeof buf) : -1;
    if (fd >= 0) close(fd);
    if (n > 0) return true;
    write_text("/proc/self/setgroups", "deny"); /* gid_map needs it without CAP_SETGID */
    snprintf(buf, sizeof buf, "%u %u 1\n", (unsigned)host_euid, (unsigned)host_euid);
    if (!write_text("/proc/self/uid_map", buf)) {
        pw_buf_appendf(why, "mounts: write /proc/self/uid_map: %s", strerror(errno));
        return false;
    }
    snprintf(buf, sizeof buf, "%u %u 1\n", (unsigned)host_egid, (unsigned)host_egid);
    if (!write_text("/proc/self/gid_map", buf)) {
        pw_buf_appendf(why, "mounts: write /proc/self/gid_map: %s", strerror(errno));
        return false;
    }
    return true;
}

static pw_layer_status enter_namespaces(pw_buf *why)
{
    if (!ids_known) pw_mounts_prepare();
    if (!pw_ns_entered() && unshare(CLONE_NEWUSER) != 0) {
        pw_buf_appendf(why, "mounts: unshare(CLONE_NEWUSER): %s", strerror(errno));
        return errno == ENOMEM ? PW_FAILED : PW_UNAVAILABLE;
    }
    if (!map_ids(why)) return errno == EPERM ? PW_UNAVAILABLE : PW_FAILED;
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

/* Shows the host's path at the same path in the view with the given mount attributes (the
 * whole subtree). A path the host does not have is left out: nothing to show. */
static bool bind(const char *path, unsigned long long attrs, pw_buf *why)
{
    char src[4096];
    struct stat st;
    if (snprintf(src, sizeof src, HOST "%s", path) >= (int)sizeof src || stat(src, &st) != 0)
        return true;
    char link[4096], parent[4096];
    ssize_t n = readlink(src, link, sizeof link - 1);
    if (n > 0) { /* a symlink (/etc/localtime): the same link, resolved inside the view */
        link[n] = '\0';
        snprintf(parent, sizeof parent, "%s", path);
        char *slash = strrchr(parent, '/');
        if (slash && slash != parent) *slash = '\0';
        if (slash && slash != parent && !make_target(parent, true, why)) return false;
        return symlink(link, path) == 0 || errno == EEXIST || fail(why, "symlink", path);
    }
    if (!make_target(path, S_ISDIR(st.st_mode), why)) return false;
    if (mount(src, path, NULL, MS_BIND | MS_REC, NULL) != 0)
        return fail(why, "mount --rbind", path);
    struct mount_attr a = {.attr_set = attrs};
    if (mount_setattr(AT_FDCWD, path, AT_RECURSIVE, &a, sizeof a) != 0)
        return fail(why, "mount_setattr", path);
    return true;
}

/* The new root: a tmpfs, made the root with pivot_root; the host's root moves under HOST.
 * MS_SLAVE first, so nothing mounted here propagates back to the host. */
static bool new_root(pw_buf *why)
{
    if (mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) != 0)
        return fail(why, "mount MS_SLAVE", "/");
    /* Any host directory does as the place to mount it: after pivot_root it is shown again. */
    if (mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=1m") != 0)
        return fail(why, "mount tmpfs", "/tmp");
    if (chdir("/tmp") != 0) return fail(why, "chdir", "/tmp");
    if (mkdir("." HOST, 0700) != 0) return fail(why, "mkdir", HOST);
    if (syscall(SYS_pivot_root, ".", "." HOST) != 0) return fail(why, "pivot_root", HOST);
    if (chdir("/") != 0) return fail(why, "chdir", "/");
    return true;
}

static bool private_tmp(long mb, pw_buf *why)
{
    char opts[64];
    snprintf(opts, sizeof opts, "mode=1777,size=%ldm", mb);
    if (!make_target("/tmp", true, why)) return false;
    /* No TMPDIR: the environment stays exactly the policy's env, and tempfile's first
     * default is /tmp anyway. */
    return mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, opts) == 0 ||
           fail(why, "mount tmpfs", "/tmp");
}

pw_layer_status pw_mounts_apply(const pw_policy *p, pw_buf *why)
{
    /* Asked before anything changes: a view half built is worse than none. */
    if (mount_setattr(-1, "", 0, NULL, 0) != 0 && errno == ENOSYS) {
        pw_buf_appendf(why, "mounts: mount_setattr: %s (Linux 5.12 or later)", strerror(errno));
        return PW_UNAVAILABLE;
    }
    /* Listed while the host's /proc is still at /proc: a bundle finds its stdlib from
     * /proc/self/exe. */
    pw_strv roots = {0};
    pw_read_only_roots(p, &roots);
    pw_strv_push(&roots, "/dev/null");
    pw_layer_status st = enter_namespaces(why);
    if (st == PW_APPLIED && !new_root(why)) st = PW_FAILED;
    if (st != PW_APPLIED) {
        pw_strv_free(&roots);
        return st;
    }
    /* /tmp first: a root under it (a bundle unpacked in /tmp) is bound inside it. */
    bool ok = p->tmp_mb <= 0 || private_tmp(p->tmp_mb, why);
    for (size_t i = 0; ok && i < roots.n; i++)
        ok = bind(roots.v[i], strncmp(roots.v[i], "/dev/", 5) == 0 ? DEV : RO, why);
    pw_strv_free(&roots);
    in_force = host_open = ok;
    return ok ? PW_APPLIED : PW_FAILED;
}

bool pw_mounts_in_force(void)
{
    return in_force;
}

typedef struct {
    const char *path;
    unsigned long long attrs;
} grant;

static int by_path(const void *a, const void *b)
{
    return strcmp(((const grant *)a)->path, ((const grant *)b)->path);
}

static bool under(const char *path, const char *root)
{
    size_t n = strlen(root);
    return strncmp(path, root, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* No capability is left that could change the view (the bounding set too, so no exec can
 * bring one back). */
static bool drop_capabilities(pw_buf *why)
{
    for (int cap = 0; prctl(PR_CAPBSET_READ, cap, 0, 0, 0) >= 0; cap++)
        if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0) return fail(why, "prctl", "PR_CAPBSET_DROP");
    struct __user_cap_header_struct h = {.version = _LINUX_CAPABILITY_VERSION_3};
    struct __user_cap_data_struct none[2] = {{0}};
    if (syscall(SYS_capset, &h, none) != 0) return fail(why, "capset", "0");
    return true;
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
    bool ok = true, covered = false;
    for (size_t i = 0; ok && i < n; i++) {
        if (strcmp(g[i].path, "/") == 0) {
            pw_buf_appendf(why, "mounts: the policy grants '/', which no view can narrow "
                                "(set layers.mounts to \"off\")");
            ok = false;
        } else {
            ok = bind(g[i].path, g[i].attrs, why);
            covered = covered || under(work_dir, g[i].path);
        }
    }
    free(g);
    return ok && (covered || make_target(work_dir, true, why));
}

pw_layer_status pw_mounts_attach(const pw_policy *p, const char *work_dir, pw_buf *why)
{
    if (!host_open) return PW_APPLIED;
    host_open = false;
    struct mount_attr ro = {.attr_set = MOUNT_ATTR_RDONLY};
    bool ok =
        bind_run_paths(p, work_dir, why) &&
        (umount2(HOST, MNT_DETACH) == 0 || fail(why, "umount2", HOST)) &&
        (rmdir(HOST) == 0 || fail(why, "rmdir", HOST)) &&
        (mount_setattr(AT_FDCWD, "/", 0, &ro, sizeof ro) == 0 || fail(why, "mount_setattr", "/")) &&
        drop_capabilities(why);
    return ok ? PW_APPLIED : PW_FAILED;
}
