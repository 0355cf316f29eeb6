/* Helpers with no knowledge of policies or Python. */
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

static bool buf_reserve(pw_buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap) return true;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1) {
        if (cap > SIZE_MAX / 2) return false;
        cap *= 2;
    }
    char *p = realloc(b->data, cap);
    if (!p) return false;
    b->data = p;
    b->cap = cap;
    return true;
}

bool pw_buf_append(pw_buf *b, const void *data, size_t len)
{
    if (!buf_reserve(b, len)) return false;
    if (len) memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return true;
}

bool pw_buf_putc(pw_buf *b, char c)
{
    return pw_buf_append(b, &c, 1);
}

bool pw_buf_appendf(pw_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !buf_reserve(b, (size_t)n)) return false;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return true;
}

char *pw_buf_take(pw_buf *b)
{
    char *s = b->data ? b->data : calloc(1, 1);
    b->data = NULL;
    b->len = b->cap = 0;
    return s;
}

void pw_buf_free(pw_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

bool pw_strv_push(pw_strv *s, const char *str)
{
    char *copy = pw_strdup(str);
    char **v = copy ? realloc(s->v, (s->n + 1) * sizeof *v) : NULL;
    if (!v) {
        free(copy);
        return false;
    }
    v[s->n++] = copy;
    s->v = v;
    return true;
}

bool pw_strv_contains(const pw_strv *s, const char *str)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i], str) == 0) return true;
    return false;
}

bool pw_strv_remove(pw_strv *s, const char *str)
{
    size_t j = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (strcmp(s->v[i], str) == 0)
            free(s->v[i]);
        else
            s->v[j++] = s->v[i];
    }
    bool removed = j < s->n;
    s->n = j;
    return removed;
}

static bool is_identifier_part(const char *s, size_t n)
{
    if (!n || (s[0] >= '0' && s[0] <= '9')) return false;
    for (size_t i = 0; i < n; i++)
        if (!(s[i] == '_' || (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
              (s[i] >= '0' && s[i] <= '9')))
            return false;
    return true;
}

bool pw_is_identifier(const char *s)
{
    return is_identifier_part(s, strlen(s));
}

bool pw_is_module_name(const char *s)
{
    for (;;) {
        size_t n = strcspn(s, ".");
        if (!is_identifier_part(s, n)) return false;
        if (!s[n]) return true;
        s += n + 1;
    }
}

bool pw_strv_copy(pw_strv *dst, const pw_strv *src)
{
    for (size_t i = 0; i < src->n; i++)
        if (!pw_strv_push(dst, src->v[i])) return false;
    return true;
}

/* Length of s's key: up to the first stop byte (the whole string when stop is 0). */
static size_t key_len(const char *s, char stop)
{
    const char *end = stop ? strchr(s, stop) : NULL;
    return end ? (size_t)(end - s) : strlen(s);
}

static int by_key_then_index(const void *a, const void *b, void *ctx)
{
    const char *const *v = ((void **)ctx)[0];
    char stop = *(const char *)((void **)ctx)[1];
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    size_t li = key_len(v[i], stop), lj = key_len(v[j], stop);
    int c = memcmp(v[i], v[j], li < lj ? li : lj);
    if (c == 0 && li != lj) c = li < lj ? -1 : 1;
    return c ? c : (i > j) - (i < j);
}

bool pw_strv_dedup(pw_strv *s, char stop)
{
    if (s->n < 2) return true;
    size_t *order = malloc(s->n * sizeof *order);
    bool *drop = calloc(s->n, sizeof *drop);
    if (!order || !drop) {
        free(order);
        free(drop);
        return false;
    }
    for (size_t i = 0; i < s->n; i++)
        order[i] = i;
    void *ctx[2] = {s->v, &stop};
    qsort_r(order, s->n, sizeof *order, by_key_then_index, ctx);
    for (size_t k = 0; k + 1 < s->n; k++) { /* equal keys are adjacent, the last one last */
        const char *a = s->v[order[k]], *b = s->v[order[k + 1]];
        size_t la = key_len(a, stop);
        drop[order[k]] = la == key_len(b, stop) && memcmp(a, b, la) == 0;
    }
    size_t j = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (drop[i])
            free(s->v[i]);
        else
            s->v[j++] = s->v[i];
    }
    s->n = j;
    free(order);
    free(drop);
    return true;
}

void pw_strv_free(pw_strv *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
    s->v = NULL;
    s->n = 0;
}

/* Length of the valid UTF-8 sequence at p (1-4), or 0 if invalid or NUL. */
static size_t utf8_seq_len(const unsigned char *p, size_t avail)
{
    unsigned char c = p[0];
    if (c == 0) return 0;
    if (c < 0x80) return 1;
    size_t n;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
        n = 2;
        cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
        n = 3;
        cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
        n = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (n > avail) return 0;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    static const uint32_t min_cp[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min_cp[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return n;
}

bool pw_utf8_valid(const char *data, size_t len)
{
    const unsigned char *p = (const unsigned char *)data;
    for (size_t i = 0; i < len;) {
        size_t n = utf8_seq_len(p + i, len - i);
        if (!n) return false;
        i += n;
    }
    return true;
}

char *pw_utf8_sanitize(const char *data, size_t len)
{
    pw_buf out = {0};
    const unsigned char *p = (const unsigned char *)data;
    if (!pw_buf_append(&out, "", 0)) return NULL;
    for (size_t i = 0; i < len;) {
        size_t n = utf8_seq_len(p + i, len - i);
        bool ok = n ? pw_buf_append(&out, p + i, n) : pw_buf_append(&out, "\xEF\xBF\xBD", 3);
        if (!ok) {
            pw_buf_free(&out);
            return NULL;
        }
        i += n ? n : 1;
    }
    return pw_buf_take(&out);
}

bool pw_nonce_new(char *out)
{
    unsigned char raw[PW_NONCE_HEX / 2];
    if (getrandom(raw, sizeof raw, 0) != (ssize_t)sizeof raw) return false;
    for (size_t i = 0; i < sizeof raw; i++)
        snprintf(out + 2 * i, 3, "%02x", raw[i]);
    return true;
}

double pw_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

char *pw_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

char *pw_read_fd(int fd, size_t max, size_t *len_out)
{
    struct stat st = {0};
    errno = 0;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        int e = errno;
        if (e == 0 || S_ISDIR(st.st_mode)) e = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
        errno = e;
        return NULL;
    }
    if ((uint64_t)st.st_size > max) { /* refused before reading: a huge file costs nothing */
        errno = EFBIG;
        return NULL;
    }
    pw_buf b = {0};
    char chunk[65536];
    for (;;) {
        ssize_t r = pread(fd, chunk, sizeof chunk, (off_t)b.len);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0 || b.len + (size_t)r > max || !pw_buf_append(&b, chunk, (size_t)r)) {
            int e = r < 0 ? errno : EFBIG;
            pw_buf_free(&b);
            errno = e;
            return NULL;
        }
        if (r == 0) break;
    }
    if (len_out) *len_out = b.len;
    return pw_buf_take(&b);
}

const char *pw_read_error(int e)
{
    return e == EINVAL  ? "not a regular file"
           : e == EFBIG ? "larger than the size bound"
                        : strerror(e);
}

char *pw_read_file(const char *path, size_t max, size_t *len_out)
{
    /* O_NONBLOCK: opening a FIFO would otherwise wait for a writer forever. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) return NULL;
    char *data = pw_read_fd(fd, max, len_out);
    int e = errno;
    close(fd);
    errno = e;
    return data;
}

/* Waits until fd is ready for events: a descriptor a host set O_NONBLOCK on (Node shares
 * its own stdout so) answers EAGAIN where a blocking one would wait. */
bool pw_wait_fd(int fd, short events)
{
    struct pollfd p = {.fd = fd, .events = events};
    int rc;
    do
        rc = poll(&p, 1, -1);
    while (rc < 0 && errno == EINTR);
    return rc == 1;
}

bool pw_writev_all(int fd, struct iovec *iov, int n)
{
    while (n > 0) {
        ssize_t w = writev(fd, iov, n);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && pw_wait_fd(fd, POLLOUT)) continue;
        if (w < 0) return false;
        size_t done = (size_t)w;
        for (; n > 0 && done >= iov->iov_len; iov++, n--)
            done -= iov->iov_len;
        if (n == 0) break;
        if (w == 0) return false;
        iov->iov_base = (char *)iov->iov_base + done;
        iov->iov_len -= done;
    }
    return true;
}

bool pw_write_all(int fd, const void *data, size_t len)
{
    if (len == 0) return true; /* an empty writev would still send a record on a socket */
    struct iovec v = {.iov_base = (void *)data, .iov_len = len};
    return pw_writev_all(fd, &v, 1);
}

/* The kernel's struct sched_attr: <linux/sched/types.h> clashes with glibc's <sched.h>. */
struct pw_sched_attr {
    uint32_t size, policy;
    uint64_t flags;
    int32_t nice;
    uint32_t priority;
    uint64_t runtime, deadline, period;
    uint32_t util_min, util_max;
};

/* Under EEVDF a task woken from a wait preempts the one running only once that one has used
 * its slice (1.4 ms on a 2-CPU machine), unless it asked for a shorter slice itself. serve,
 * its templates and runs work in bursts between waits; behind a busy task (another run's
 * exit, a host's build) each burst waited up to a slice: ping-pong p99 through serve 3.2-4.7
 * -> 2.4-3.2 ms (bench/HISTORY.md). Policy and nice stay as they are; only the fair
 * policies take a slice. */
void pw_short_slice(void)
{
    enum { SLICE_NS = 100000, OTHER = 0, BATCH = 3, IDLE = 5 }; /* the kernel's minimum */
    struct pw_sched_attr a = {0};
    if (syscall(SYS_sched_getattr, 0, &a, sizeof a, 0) != 0) return;
    if (a.policy != OTHER && a.policy != BATCH && a.policy != IDLE) return;
    a.size = sizeof a;
    a.runtime = SLICE_NS;
    syscall(SYS_sched_setattr, 0, &a, 0);
}

void pw_oom_first(void)
{
    int fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
    if (fd < 0) return;
    bool raised = write(fd, "1000", 4) == 4; /* raising one's own needs no privilege */
    (void)raised;
    close(fd);
}

void pw_fork_limit_hint(int err, char *out, size_t cap)
{
    if (err != EAGAIN) {
        if (cap) out[0] = '\0';
        return;
    }
    struct rlimit r;
    char limit[32] = "unlimited";
    if (getrlimit(RLIMIT_NPROC, &r) == 0 && r.rlim_cur != RLIM_INFINITY)
        snprintf(limit, sizeof limit, "%llu", (unsigned long long)r.rlim_cur);
    snprintf(out, cap,
             " (RLIMIT_NPROC is %s for uid %d (ulimit -u), which counts every process and thread "
             "of the uid; or a pids cgroup limit is reached)",
             limit, (int)getuid());
}

/* Kept by pw_settings_keep: the host's values, which outlive the emptied environment. */
static const char *const setting_names[] = {
    "PYWARDEN_POLICY_DIR",
    "TMPDIR", /* where runs without a private /tmp get theirs (hosttmp.c) */
#ifdef PW_TEST_SWITCHES
    "PYWARDEN_TEST_DISABLE_LAYERS",
    "PYWARDEN_TEST_LANDLOCK_ABI",
#endif
};
#define PW_NSETTINGS (sizeof setting_names / sizeof *setting_names)
static char *kept_settings[PW_NSETTINGS];
static bool settings_kept;

void pw_settings_keep(void)
{
    for (size_t i = 0; i < PW_NSETTINGS; i++) {
        const char *v = getenv(setting_names[i]);
        kept_settings[i] = v ? pw_strdup(v) : NULL;
    }
    settings_kept = true;
}

const char *pw_setting(const char *name)
{
    if (!settings_kept) return getenv(name);
    for (size_t i = 0; i < PW_NSETTINGS; i++)
        if (strcmp(setting_names[i], name) == 0) return kept_settings[i];
    return NULL;
}

bool pw_parse_long(const char *s, long min, long max, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || end == s || v < min || v > max) return false;
    *out = v;
    return true;
}

/* Without close_range: the open fds /proc/self/fd lists, or (no /proc) every number below
 * RLIMIT_NOFILE's hard limit (a soft one may have been lowered after an fd above it was
 * opened), at most fs.nr_open's default, 2^20. */
int pw_close_range(unsigned first, unsigned last)
{
    if (close_range(first, last, 0) == 0) return 0;
    if (errno != ENOSYS && errno != EPERM) return -1;
    DIR *d = opendir("/proc/self/fd");
    if (d) {
        struct dirent *e;
        while ((e = readdir(d))) {
            long fd;
            if (pw_parse_long(e->d_name, first, last, &fd) && fd != dirfd(d)) close((int)fd);
        }
        closedir(d);
        return 0;
    }
    struct rlimit r;
    rlim_t top = getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_max < (1 << 20) ? r.rlim_max : 1 << 20;
    for (rlim_t fd = first; fd < top && fd <= last; fd++)
        close((int)fd);
    return 0;
}

int pw_open_no_links(const char *path)
{
    char *copy = pw_strdup(path), *save = NULL;
    int fd = copy ? open(path[0] == '/' ? "/" : ".", O_PATH | O_DIRECTORY | O_CLOEXEC) : -1;
    for (char *c = fd >= 0 ? strtok_r(copy, "/", &save) : NULL; c && fd >= 0;
         c = strtok_r(NULL, "/", &save)) {
        if (strcmp(c, ".") == 0) continue;
        int next = openat(fd, c, O_PATH | O_NOFOLLOW | O_CLOEXEC);
        struct stat st;
        if (next >= 0 && fstat(next, &st) == 0 && S_ISLNK(st.st_mode)) {
            close(next);
            next = -1;
            errno = ELOOP;
        }
        int e = errno;
        close(fd);
        fd = next;
        errno = e;
    }
    free(copy);
    return fd;
}

char *pw_realpath_no_links(const char *path)
{
    int fd = pw_open_no_links(path);
    if (fd < 0) return NULL;
    char *real = realpath(path, NULL);
    int e = errno;
    bool same = real && pw_same_object(fd, real);
    close(fd);
    if (same) return real;
    free(real);
    errno = real ? ELOOP : e;
    return NULL;
}

bool pw_path_under(const char *path, const char *root)
{
    size_t n = strcmp(root, "/") == 0 ? 0 : strlen(root);
    return strncmp(path, root, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

bool pw_same_object(int fd, const char *path)
{
    struct stat a, b;
    return fstat(fd, &a) == 0 && stat(path, &b) == 0 && a.st_dev == b.st_dev &&
           a.st_ino == b.st_ino;
}
