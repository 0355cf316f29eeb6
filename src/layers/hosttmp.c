/* The run's temporary directory on the host, where it has no private /tmp: without the mounts
 * layer (a container that refuses user namespaces, a policy that turns it off) tempfile found
 * no writable directory. The supervisor names one per run, the run makes it (mode 0700) and
 * gets it among its write paths and as TMPDIR, and the supervisor removes it once the run has
 * ended. tmp_mb does not bound it: no tmpfs does.
 *
 * Runs of one host share its uid, so a run whose grants cover the host's TMPDIR (a work_dir
 * of /tmp under a policy that reads ".") could read another's files there. The directories
 * are therefore made in a nest of the host user's own, TMPDIR/pywarden-runs-<euid>, of mode
 * 0300: its owner makes and enters an entry by name but cannot list them, and the names are
 * 64 random bits. The run owns the nest too: only the audit hook keeps it from a chmod that
 * lists it again (Landlock has no right for chmod). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "layers.h"

#define NEST_MODE 0300
#define ENTRY_PREFIX "pywarden-run-"
#define NEST_PREFIX "/pywarden-runs-"
#define LEASES "leases"

/* A new entry's name in dir: dir/pywarden-run-<16 hex digits>. */
bool pw_hosttmp_name_in(const char *dir, char *out, size_t cap)
{
    char random[PW_NONCE_HEX + 1];
    if (!pw_nonce_new(random)) return false;
    random[16] = '\0';
    int n = snprintf(out, cap, "%s/" ENTRY_PREFIX "%s", dir, random);
    return n > 0 && (size_t)n < cap;
}

/* TMPDIR without empty or "." components ("/tmp/", "/tmp//x", "/tmp/./x"; "/" is ""): the
 * run's directory is granted, and its files checked by the audit hook, as normalised paths,
 * and "/tmp//pywarden-runs-0/..." matched none of them. */
static bool clean_base(const char *base, char out[PW_HOSTTMP_MAX])
{
    size_t n = 0;
    for (const char *p = base; *p;) {
        size_t len = strcspn(p, "/");
        if (len && !(len == 1 && *p == '.')) {
            if (n + 1 + len >= PW_HOSTTMP_MAX) return false;
            out[n++] = '/';
            memcpy(out + n, p, len);
            n += len;
        }
        p += len + (p[len] == '/');
    }
    out[n] = '\0';
    return true;
}

bool pw_hosttmp_name(char *out, size_t cap)
{
    const char *tmpdir = pw_setting("TMPDIR");
    char base[PW_HOSTTMP_MAX];
    /* resolved where it exists ("..", links: grants are resolved paths too), else cleaned */
    char *real = tmpdir && tmpdir[0] == '/' ? realpath(tmpdir, NULL) : NULL;
    if (real && strlen(real) < sizeof base)
        strcpy(base, strcmp(real, "/") ? real : "");
    else if (!tmpdir || tmpdir[0] != '/' || !clean_base(tmpdir, base))
        strcpy(base, "/tmp");
    free(real);
    char nest[PW_HOSTTMP_MAX];
    int n = snprintf(nest, sizeof nest, "%s" NEST_PREFIX "%u", base, (unsigned)geteuid());
    return n > 0 && (size_t)n < sizeof nest && pw_hosttmp_name_in(nest, out, cap);
}

/* Where the euid's nest begins in path: the last NEST_PREFIX (TMPDIR may hold one too). */
static const char *last_nest_prefix(const char *path)
{
    const char *last = NULL;
    for (const char *p = path; (p = strstr(p, NEST_PREFIX)); p++)
        last = p;
    return last;
}

/* Where a run may have made its directory named path (base/nest/entry, or base/nest/pool
 * entry/entry), into out: i 0 is path itself, 1 and 2 the same below /tmp and /var/tmp,
 * tempfile's order after TMPDIR. False when there is no such candidate. */
static bool candidate(const char *path, int i, char out[PW_HOSTTMP_MAX])
{
    static const char *const fallbacks[] = {"/tmp", "/var/tmp"};
    const char *nest = last_nest_prefix(path);
    if (i > 2 || (i > 0 && !nest)) return false;
    int n = i == 0 ? snprintf(out, PW_HOSTTMP_MAX, "%s", path)
                   : snprintf(out, PW_HOSTTMP_MAX, "%s%s", fallbacks[i - 1], nest);
    return n > 0 && n < PW_HOSTTMP_MAX;
}

/* chmod of what fd (O_PATH) is, which no one can swap for a link in between. */
static bool chmod_fd(int fd, mode_t mode)
{
    char self[40];
    snprintf(self, sizeof self, "/proc/self/fd/%d", fd);
    return fd >= 0 && chmod(self, mode) == 0;
}

/* fd (O_PATH) when it is a directory of this euid, whose mode is then NEST_MODE; else -1,
 * and fd is closed. */
static int nest_checked(int fd)
{
    struct stat st;
    if (fd >= 0 && (fstat(fd, &st) != 0 || st.st_uid != geteuid() ||
                    ((st.st_mode & 07777) != NEST_MODE && !chmod_fd(fd, NEST_MODE)))) {
        close(fd);
        return -1;
    }
    return fd;
}

/* The nest of path (its directory), opened O_PATH and made first when make; -1 unless it is
 * a directory of this euid, reached through no link, whose mode is then NEST_MODE. A pool's
 * nest is an entry of the euid's nest (pw_hosttmp_lease_nest): that one first. *name: the
 * run's entry. */
static int open_nest(const char *path, const char **name, bool make)
{
    const char *slash = strrchr(path, '/');
    char nest[PW_HOSTTMP_MAX];
    size_t n = slash ? (size_t)(slash - path) : 0;
    if (n == 0 || n >= sizeof nest) return -1;
    memcpy(nest, path, n);
    nest[n] = '\0';
    *name = slash + 1;
    char *euid_nest = (char *)last_nest_prefix(nest), *pool = NULL;
    if (euid_nest && (pool = strchr(euid_nest + 1, '/'))) *pool++ = '\0';
    if (make && mkdir(nest, NEST_MODE) != 0 && errno != EEXIST) return -1;
    int fd = nest_checked(open(nest, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (fd >= 0 && pool) {
        int sub = make && mkdirat(fd, pool, NEST_MODE) != 0 && errno != EEXIST
                      ? -1
                      : openat(fd, pool, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        close(fd);
        fd = nest_checked(sub);
    }
    return fd;
}

/* The run's directory at path, made in its nest, on a file system with a block and an inode
 * left (0 in all: one that does not count them); false when it cannot be. */
static bool make_at(const char *path)
{
    const char *name;
    int nest = -1;
    bool made = false;
    /* Another supervisor removes the nest once it is empty (pw_hosttmp_release): between our
     * mkdir of it and of the entry, under runs side by side in one TMPDIR. Made again then,
     * for up to 100 ms: on a loaded VM, where those calls are slow, sixteen tries against a
     * remover every 0.2 ms lost 49 of 2000 runs to /tmp. */
    double until = pw_now_ms() + 100;
    for (int tries = 0; !made && (tries < 16 || pw_now_ms() < until); tries++) {
        if (nest >= 0) close(nest);
        nest = open_nest(path, &name, true);
        made = nest >= 0 && mkdirat(nest, name, 0700) == 0;
        if (!made && errno != ENOENT) break;
    }
    struct statvfs sv;
    if (made && (fstatvfs(nest, &sv) != 0 || (sv.f_blocks && !sv.f_bavail) ||
                 (sv.f_files && !sv.f_favail))) {
        unlinkat(nest, name, AT_REMOVEDIR);
        made = false;
    }
    if (nest >= 0) close(nest);
    return made;
}

const char *pw_hosttmp_make(const char *path)
{
    /* A host TMPDIR that is missing, unwritable or full left runs no directory at all, where
     * tempfile would have passed it over for /tmp. */
    static char made[PW_HOSTTMP_MAX];
    for (int i = 0; candidate(path, i, made); i++)
        if (make_at(made)) return made;
    return NULL;
}

/* Makes the directory n of dir writable and searchable by its owner, which a run may have
 * made unwritable (a directory moves or empties only then). Links are left alone: the mode is
 * set on the directory opened, which a run's process still alive cannot swap for a link to
 * one outside between a check and a chmod by name (fchmodat follows links). */
static bool own_dir(int dir, const char *n)
{
    int fd = openat(dir, n, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    bool owned = chmod_fd(fd, 0700);
    if (fd >= 0) close(fd);
    return owned;
}

/* Moves every entry of sub up into dir under a new name, so that sub is then empty; how
 * many moved. Stops at until (pw_now_ms). */
static unsigned long move_up(int sub, int dir, unsigned long *seq, double until)
{
    unsigned long moved = 0;
    int d2 = dup(sub);
    DIR *d = d2 >= 0 ? fdopendir(d2) : NULL;
    if (!d) {
        if (d2 >= 0) close(d2);
        return 0;
    }
    for (struct dirent *e; pw_now_ms() < until && (e = readdir(d));) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        /* A directory moves only where its owner may write it (its ".." changes). A process
         * of the run still alive may swap it for a link between the refusal and own_dir,
         * which then fails but leaves a link that moves: try again either way. */
        for (int tries = 0; tries < 8; tries++) {
            char name[40];
            int r;
            do {
                snprintf(name, sizeof name, ".pywarden-%lu", (*seq)++);
                r = renameat2(sub, e->d_name, dir, name, RENAME_NOREPLACE);
            } while (r != 0 && errno == EEXIST);
            if (r == 0) moved++;
            if (r == 0 || errno != EACCES) break;
            own_dir(sub, e->d_name);
        }
    }
    closedir(d);
    return moved;
}

/* Empties the directory open at dir, following no link. A directory inside that is not empty
 * has its entries moved up into dir, so a tree of any depth goes with two fds and no path.
 * Stops at until: a process of the run that outlived it (noproc off, setsid) could keep
 * filling it, and held its supervisor here for as long as it lived. */
static void empty_dir(int dir, double until)
{
    unsigned long seq = 0;
    for (bool again = true; again;) {
        again = false;
        int d2 = dup(dir);
        DIR *d = d2 >= 0 ? fdopendir(d2) : NULL;
        if (!d) {
            if (d2 >= 0) close(d2);
            return;
        }
        rewinddir(d);
        for (struct dirent *e; pw_now_ms() < until && (e = readdir(d));) {
            const char *n = e->d_name;
            if (!strcmp(n, ".") || !strcmp(n, "..")) continue;
            if (unlinkat(dir, n, 0) == 0 || unlinkat(dir, n, AT_REMOVEDIR) == 0) continue;
            int sub = openat(dir, n, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (sub < 0 && errno == EACCES && own_dir(dir, n))
                sub = openat(dir, n, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (sub < 0) continue;
            fchmod(sub, 0700); /* its entries move out only if it is writable */
            if (move_up(sub, dir, &seq, until)) again = true;
            close(sub);
        }
        closedir(d);
    }
}

/* The directory at path, if any, with all it holds. */
static void remove_at(const char *path, double until)
{
    const char *name;
    int nest = open_nest(path, &name, false);
    int dir = nest >= 0 ? openat(nest, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) : -1;
    if (dir < 0 && nest >= 0 && errno == EACCES && own_dir(nest, name)) /* the run's chmod */
        dir = openat(nest, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (dir >= 0) {
        fchmod(dir, 0700); /* a run may have left it unwritable */
        empty_dir(dir, until);
        close(dir);
        unlinkat(nest, name, AT_REMOVEDIR);
    }
    if (nest >= 0) close(nest); /* the nest stays, for the next run */
}

void pw_hosttmp_remove(const char *path, double until)
{
    char at[PW_HOSTTMP_MAX];
    for (int i = 0; candidate(path, i, at); i++)
        remove_at(at, until);
}

/* ---- leases: what a supervisor killed by SIGKILL left, a later one removes ----
 * The nest lists nothing, so a supervisor leaves the name of its run's directory in a lease,
 * nest/leases/<16 hex digits>, flock'd for as long as it lives (the kernel drops the lock with
 * its last fd) and of mode 0200: runs that reach it can list the leases but read none (as for
 * the nest, only the audit hook keeps them from a chmod). A later supervisor takes each lease
 * whose lock is free, moves it into the nest under a name of its own before it makes it
 * readable, and removes the directory it names. */

static bool is_hex16(const char *s)
{
    return strspn(s, "0123456789abcdef") == 16 && s[16] == '\0';
}

/* The leases directory of nest, made first when make; -1 unless it is a directory of this
 * euid (no link). */
static int open_leases(int nest, bool make)
{
    if (make && mkdirat(nest, LEASES, 0700) != 0 && errno != EEXIST) return -1;
    int fd = openat(nest, LEASES, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    struct stat st;
    if (fd >= 0 && (fstat(fd, &st) != 0 || st.st_uid != geteuid())) {
        close(fd);
        return -1;
    }
    return fd;
}

/* The 16 hex digits lease n names into digits, once it is moved out of the leases (a regular
 * file of this euid with no other link, unlocked: its supervisor is gone) and removed. */
static bool take_lease(int nest, int leases, const char *n, char digits[17])
{
    int fd = openat(leases, n, O_WRONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
    struct stat st, moved;
    char random[PW_NONCE_HEX + 1], hidden[40], self[40];
    bool taken = false;
    if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid() &&
        st.st_nlink == 1 && flock(fd, LOCK_EX | LOCK_NB) == 0 && pw_nonce_new(random)) {
        random[16] = '\0';
        snprintf(hidden, sizeof hidden, ".lease-%s", random);
        /* where no run finds it while it is readable, if it is still the file locked */
        if (renameat(leases, n, nest, hidden) == 0) {
            if (fstatat(nest, hidden, &moved, AT_SYMLINK_NOFOLLOW) == 0 &&
                moved.st_ino == st.st_ino && moved.st_dev == st.st_dev && moved.st_nlink == 1 &&
                chmod_fd(fd, 0600)) {
                snprintf(self, sizeof self, "/proc/self/fd/%d", fd);
                int rd = open(self, O_RDONLY | O_CLOEXEC);
                taken = rd >= 0 && read(rd, digits, 17) == 16;
                if (rd >= 0) close(rd);
            }
            unlinkat(nest, hidden, 0);
        }
    }
    if (fd >= 0) close(fd);
    if (taken) digits[16] = '\0';
    return taken && is_hex16(digits);
}

/* Removes the directory of every lease in the nest at nest_path whose supervisor is gone. */
static void sweep(int nest, int leases, const char *nest_path)
{
    int d2 = dup(leases);
    DIR *d = d2 >= 0 ? fdopendir(d2) : NULL;
    if (!d) {
        if (d2 >= 0) close(d2);
        return;
    }
    char digits[17], path[PW_HOSTTMP_MAX];
    for (struct dirent *e; (e = readdir(d));) {
        if (!is_hex16(e->d_name) || !take_lease(nest, leases, e->d_name, digits)) continue;
        int n = snprintf(path, sizeof path, "%s/" ENTRY_PREFIX "%s", nest_path, digits);
        /* nothing fills it but a process that outlived its run (noproc off): bounded */
        if (n > 0 && (size_t)n < sizeof path) pw_hosttmp_remove(path, pw_now_ms() + 1000);
    }
    closedir(d);
}

/* A lease naming entry, locked, in leases (its path into out); its fd, -1 when none. */
static int new_lease(int nest, int leases, const char *entry, const char *nest_path,
                     char out[PW_HOSTTMP_MAX])
{
    char random[PW_NONCE_HEX + 1], hidden[40];
    if (strncmp(entry, ENTRY_PREFIX, strlen(ENTRY_PREFIX)) ||
        !is_hex16(entry + strlen(ENTRY_PREFIX)) || !pw_nonce_new(random))
        return -1;
    random[16] = '\0';
    snprintf(hidden, sizeof hidden, ".lease-%s", random);
    /* locked and written before a sweep can see it */
    int fd = openat(nest, hidden, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0200);
    int n = snprintf(out, PW_HOSTTMP_MAX, "%s/" LEASES "/%s", nest_path, random);
    if (fd >= 0 && n > 0 && n < PW_HOSTTMP_MAX && flock(fd, LOCK_EX | LOCK_NB) == 0 &&
        write(fd, entry + strlen(ENTRY_PREFIX), 16) == 16 &&
        renameat(nest, hidden, leases, random) == 0)
        return fd;
    if (fd >= 0) {
        unlinkat(nest, hidden, 0);
        close(fd);
    }
    return -1;
}

int pw_hosttmp_lease(const char *path, char out[PW_HOSTTMP_MAX])
{
    char at[PW_HOSTTMP_MAX];
    int fd = -1;
    for (int i = 0; candidate(path, i, at); i++) {
        const char *entry;
        int nest = open_nest(at, &entry, fd < 0);
        int leases = nest >= 0 ? open_leases(nest, fd < 0) : -1;
        if (leases >= 0) {
            at[entry - at - 1] = '\0'; /* the nest's path */
            sweep(nest, leases, at);
            if (fd < 0) fd = new_lease(nest, leases, entry, at, out);
            close(leases);
        }
        if (nest >= 0) close(nest);
    }
    return fd;
}

void pw_hosttmp_release(int fd, const char *lease)
{
    if (fd < 0) return;
    char nest[PW_HOSTTMP_MAX], rel[PW_HOSTTMP_MAX];
    snprintf(nest, sizeof nest, "%s", lease);
    char *name = strrchr(nest, '/');
    *name = '\0';
    char *leases = strrchr(nest, '/');
    *leases = '\0';
    snprintf(rel, sizeof rel, "%s/%s", leases + 1, name + 1);
    int d = open(nest, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (d >= 0) {
        unlinkat(d, rel, 0);
        /* Where the run had the view, nothing of it is left on the host: the leases and the
         * nest go once empty. A supervisor that opened either meanwhile goes without a lease,
         * a run without the view makes the nest again (pw_hosttmp_make). */
        unlinkat(d, leases + 1, AT_REMOVEDIR);
        close(d);
        rmdir(nest);
    }
    close(fd);
}

int pw_hosttmp_lease_nest(char dir[PW_HOSTTMP_MAX], char lease[PW_HOSTTMP_MAX])
{
    char name[PW_HOSTTMP_MAX];
    if (!pw_hosttmp_name(name, sizeof name)) return -1;
    /* In the first of TMPDIR, /tmp and /var/tmp where its nest can be, as a run's directory
     * (pw_hosttmp_make): with TMPDIR missing, the lease went to /tmp's nest but the entry was
     * never made, so the runs' directories had no lease and a SIGKILL left them for good. */
    for (int i = 0; candidate(name, i, dir); i++) {
        const char *entry;
        int nest = open_nest(dir, &entry, true);
        if (nest < 0) continue;
        close(nest);
        int fd = pw_hosttmp_lease(dir, lease); /* before the entry: no moment without one */
        nest = fd >= 0 ? open_nest(dir, &entry, true) : -1;
        bool made = nest >= 0 && mkdirat(nest, entry, NEST_MODE) == 0;
        if (nest >= 0) close(nest);
        if (made) return fd;
        pw_hosttmp_release(fd, lease);
    }
    return -1;
}
