/* Warm mode (zygote.h): the launcher and template processes and the wire between them and
 * the supervisor. The per-run path is kept short on purpose: the template only receives
 * one message, forks and answers; the child decodes the request in its own memory. */
#include "zygote.h"

#include <Python.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "audit.h"
#include "child.h"
#include "hugetext.h"
#include "interp.h"
#include "jsonconv.h"
#include "layers.h"
#include "result.h"
#include "template_policy.h"

#define INLINE_MAX (48u << 10) /* larger payloads travel in a memfd */
#define REAP_TIMEOUT_MS 30000  /* a SIGKILLed child of many GiB takes a while to unmap */

enum { MSG_SPAWN = 1, MSG_PING, MSG_RUN, MSG_SPARE, MSG_REAP, MSG_RELEASE };
enum {
    F_CODE,
    F_FILENAME,
    F_ENTRY,
    F_WORK_DIR,
    F_INPUTS,
    F_READ_PATHS,
    F_WRITE_PATHS,
    F_TMP_DIR,
    F_COUNT
};
enum { F_POLICY = F_CODE }; /* MSG_SPAWN: the template policy text (template_policy.h) */

typedef struct {
    uint32_t kind;
    uint32_t stdio; /* MSG_RUN */
    uint32_t body;
    uint32_t lenient;
    uint32_t has_entry;
    uint32_t nconns;   /* MSG_SPAWN */
    int32_t pid;       /* MSG_SPARE, MSG_REAP, MSG_RELEASE */
    uint32_t in_memfd; /* the payload is in the last fd, not after this header */
    int64_t timeout_ms;
    uint64_t len[F_COUNT];        /* payload strings, each followed by a NUL */
    char nonce[PW_NONCE_HEX + 1]; /* MSG_RUN: the run's report nonce (child.h) */
} msg_hdr;

typedef struct {
    int32_t pid;
    int32_t status;
    int32_t ok;
    struct rusage ru;
    char why[512]; /* room for a fork-limit hint (pw_fork_limit_hint) */
} msg_reply;

/* Modules worth having imported before the fork: common in user code, cheap in template
 * memory (every MiB of template costs a run ~0.1 ms, its fork and exit copying and freeing
 * the page-table entries); typing and pathlib (~1.3 MiB) save a run that imports them ~9 ms
 * each. Not dataclasses or logging: ~1.5 and ~1.1 MiB. Only those the policy allows. */
static const char *const preimports[] = {
    "json",   "math",    "random", "re",     "datetime", "collections", "functools", "itertools",
    "string", "decimal", "csv",    "base64", "textwrap", "copy",        "typing",    "pathlib"};

/* ---- the wire ---- */

static bool send_msg(int sock, const void *hdr, size_t hlen, const void *payload, size_t plen,
                     const int *fds, int nfds)
{
    struct iovec iov[2] = {{(void *)hdr, hlen}, {(void *)payload, plen}};
    union {
        char buf[CMSG_SPACE(sizeof(int) * (PW_ZYGOTE_MAX_CONNS + 1))];
        struct cmsghdr align;
    } ctl;
    struct msghdr m = {.msg_iov = iov, .msg_iovlen = plen ? 2 : 1};
    if (nfds > 0) {
        m.msg_control = ctl.buf;
        m.msg_controllen = CMSG_SPACE(sizeof(int) * (size_t)nfds);
        struct cmsghdr *c = CMSG_FIRSTHDR(&m);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof(int) * (size_t)nfds);
        memcpy(CMSG_DATA(c), fds, sizeof(int) * (size_t)nfds);
    }
    ssize_t r;
    do
        r = sendmsg(sock, &m, MSG_NOSIGNAL);
    while (r < 0 && errno == EINTR);
    return r == (ssize_t)(hlen + plen);
}

static void close_fds(int *fds, int n)
{
    for (int i = 0; i < n; i++)
        if (fds[i] >= 0) close(fds[i]);
}

/* One message into buf; its fds (O_CLOEXEC) into fds. Returns the byte count, 0 at EOF,
 * -1 on error or a truncated message (whose fds are closed). */
static ssize_t recv_msg(int sock, void *buf, size_t cap, int *fds, int *nfds, int maxfds)
{
    union {
        char buf[CMSG_SPACE(sizeof(int) * (PW_ZYGOTE_MAX_CONNS + 1))];
        struct cmsghdr align;
    } ctl;
    struct iovec iov = {buf, cap};
    struct msghdr m = {.msg_iov = &iov,
                       .msg_iovlen = 1,
                       .msg_control = ctl.buf,
                       .msg_controllen = CMSG_SPACE(sizeof(int) * (size_t)maxfds)};
    ssize_t r;
    do
        r = recvmsg(sock, &m, MSG_CMSG_CLOEXEC);
    while (r < 0 && errno == EINTR);
    *nfds = 0;
    for (struct cmsghdr *c = r >= 0 ? CMSG_FIRSTHDR(&m) : NULL; c; c = CMSG_NXTHDR(&m, c))
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
            int n = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
            memcpy(fds + *nfds, CMSG_DATA(c), sizeof(int) * (size_t)n);
            *nfds += n;
        }
    if (r > 0 && (m.msg_flags & (MSG_TRUNC | MSG_CTRUNC))) {
        close_fds(fds, *nfds);
        *nfds = 0;
        /* room is made for every fd a peer may send: fds cut off did not fit under our
         * open-file limit */
        errno = m.msg_flags & MSG_CTRUNC ? EMFILE : EMSGSIZE;
        return -1;
    }
    return r;
}

#define PW_TEMPLATE_EXIT_MS 200.0 /* for a template to end itself once released */
/* At the launcher's end, for the runs and spares of templates that were killed to end. */
#define PW_ADOPTED_EXIT_MS 2000.0

/* Milliseconds from now to deadline (pw_now_ms clock) for poll; 0 once it has passed. */
static int ms_until(double deadline)
{
    double left = deadline - pw_now_ms();
    return left <= 0 ? 0 : left > 1e9 ? 1000000000 : (int)left + 1;
}

/* Whether the process of pidfd (ours or not) has exited by deadline. */
static bool exited_by(int pidfd, double deadline)
{
    struct pollfd p = {.fd = pidfd, .events = POLLIN};
    int rc;
    do
        rc = poll(&p, 1, ms_until(deadline));
    while (rc < 0 && errno == EINTR);
    return rc > 0;
}

/* pw_zygote_give_up_on's fd for this thread's waits, or -1. */
static _Thread_local int give_up_fd = -1;

void pw_zygote_give_up_on(int fd)
{
    give_up_fd = fd;
}

/* One msg_reply with any fds, by deadline (or until give_up_fd is readable). LATE: nothing
 * came (the answer is still due); GONE: the peer exited, failed or sent garbage (why says
 * which). */
static pw_wait wait_msg(int sock, double deadline, msg_reply *rep, int *fds, int *nfds, pw_buf *why)
{
    struct pollfd p[2] = {{.fd = sock, .events = POLLIN}, {.fd = give_up_fd, .events = POLLIN}};
    int rc;
    do
        rc = poll(p, 2, ms_until(deadline));
    while (rc < 0 && errno == EINTR);
    *nfds = 0;
    if (rc == 0 || (rc > 0 && !p[0].revents)) return PW_WAIT_LATE;
    ssize_t r = rc < 0 ? -1 : recv_msg(sock, rep, sizeof *rep, fds, nfds, PW_ZYGOTE_MAX_CONNS + 1);
    if (r == (ssize_t)sizeof *rep) return PW_WAIT_OK;
    int e = errno;
    close_fds(fds, *nfds);
    *nfds = 0;
    if (r < 0)
        pw_buf_appendf(why, "its connection failed: %s", strerror(e));
    else
        pw_buf_appendf(why, "%s", r == 0 ? "it exited" : "it sent a malformed answer");
    return PW_WAIT_GONE;
}

/* An answer of ok with exactly want_fds fds; REFUSED (why says why) when it said no. */
static pw_wait wait_reply(int sock, double deadline, msg_reply *rep, int *fds, int want_fds,
                          pw_buf *why)
{
    int got[PW_ZYGOTE_MAX_CONNS + 1], n;
    pw_wait w = wait_msg(sock, deadline, rep, got, &n, why);
    if (w != PW_WAIT_OK) return w;
    if (rep->ok && n == want_fds) {
        if (n) memcpy(fds, got, sizeof(int) * (size_t)n);
        return PW_WAIT_OK;
    }
    close_fds(got, n);
    rep->why[sizeof rep->why - 1] = '\0';
    pw_buf_appendf(why, "%s", rep->ok ? "it sent a malformed answer" : rep->why);
    return rep->ok ? PW_WAIT_GONE : PW_WAIT_REFUSED;
}

/* The caller gave up waiting at deadline: the answer to what it asked at asked_ms is owed. */
static void owe(pw_owed *o, double asked_ms)
{
    if (o->owed++ == 0) o->since = asked_ms;
}

/* Reads the answers o still owes on sock (each handed to discard with its fds) by deadline.
 * GONE once the oldest is overdue by PW_ANSWER_MS (PW_START_MS before the peer ever
 * answered): it is hung or stopped, and must be killed. */
static pw_wait settle(int sock, pw_owed *o, double deadline,
                      void (*discard)(void *ctx, const msg_reply *rep, int *fds, int nfds),
                      void *ctx, pw_buf *why)
{
    while (o->owed > 0) {
        double overdue = o->since + (o->answered ? PW_ANSWER_MS : PW_START_MS);
        msg_reply rep;
        int fds[PW_ZYGOTE_MAX_CONNS + 1], n;
        pw_wait w = wait_msg(sock, deadline < overdue ? deadline : overdue, &rep, fds, &n, why);
        if (w == PW_WAIT_LATE && pw_now_ms() >= overdue) {
            pw_buf_appendf(why, "it did not answer for %.0f ms (hung or stopped)",
                           pw_now_ms() - o->since);
            return PW_WAIT_GONE;
        }
        if (w == PW_WAIT_LATE)
            pw_buf_appendf(why, "it had not answered an earlier request by the deadline");
        if (w != PW_WAIT_OK) return w;
        o->answered = true;
        o->since = pw_now_ms();
        o->owed--;
        discard(ctx, &rep, fds, n);
    }
    return PW_WAIT_OK;
}

static bool send_reply(int sock, const msg_reply *rep, const int *fds, int nfds)
{
    return send_msg(sock, rep, sizeof *rep, NULL, 0, fds, nfds);
}

static void reply_error(int sock, const char *why)
{
    msg_reply rep = {.ok = 0};
    snprintf(rep.why, sizeof rep.why, "%s", why);
    send_reply(sock, &rep, NULL, 0);
}

/* The payload: the strings one after another, each NUL-terminated. */
static void payload_put(pw_buf *b, msg_hdr *h, int field, const char *s)
{
    h->len[field] = s ? strlen(s) : 0;
    pw_buf_append(b, s ? s : "", h->len[field] + 1);
}

static size_t payload_size(const msg_hdr *h)
{
    size_t n = 0;
    for (int i = 0; i < F_COUNT; i++)
        n += h->len[i] + 1;
    return n;
}

/* A memfd holding data; -1 on failure. */
static int memfd_with(const char *data, size_t len)
{
    int fd = (int)syscall(SYS_memfd_create, "pywarden-request", MFD_CLOEXEC);
    if (fd >= 0 && !pw_write_all(fd, data, len)) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Sends h plus the payload, inline when small, else in a memfd after fds. NOT_SENT: the
 * peer is gone; REFUSED (why says why): no memfd could be made here (out of fds or memory,
 * or a profile refusing the call), which says nothing about the peer. */
static pw_wait send_with_payload(int sock, msg_hdr *h, const pw_buf *payload, const int *fds,
                                 int nfds, pw_buf *why)
{
    int all[8];
    if (nfds) memcpy(all, fds, sizeof(int) * (size_t)nfds);
    if (payload->len <= INLINE_MAX)
        return send_msg(sock, h, sizeof *h, payload->data, payload->len, all, nfds)
                   ? PW_WAIT_OK
                   : PW_WAIT_NOT_SENT;
    h->in_memfd = 1;
    int mfd = memfd_with(payload->data, payload->len);
    if (mfd < 0) {
        pw_buf_appendf(why, "memfd_create for a request of %zu bytes: %s", payload->len,
                       strerror(errno));
        return PW_WAIT_REFUSED;
    }
    all[nfds] = mfd;
    bool ok = send_msg(sock, h, sizeof *h, NULL, 0, all, nfds + 1);
    close(mfd);
    return ok ? PW_WAIT_OK : PW_WAIT_NOT_SENT;
}

/* The payload of a received message: after the header, or read from the memfd. NULL when
 * it is malformed. A memfd payload is malloc'd (the caller frees *owned). */
static char *payload_get(const msg_hdr *h, ssize_t got, char *after_hdr, int memfd, char **owned)
{
    size_t need = payload_size(h);
    *owned = NULL;
    char *p = after_hdr;
    if (h->in_memfd) {
        size_t len = 0;
        p = *owned = memfd >= 0 ? pw_read_fd(memfd, need, &len) : NULL;
        if (!p || len != need) return NULL;
    } else if ((size_t)got != sizeof *h + need) {
        return NULL;
    }
    size_t off = 0;
    for (int i = 0; i < F_COUNT; i++) {
        if (p[off + h->len[i]] != '\0') return NULL;
        off += h->len[i] + 1;
    }
    return p;
}

static const char *field(const msg_hdr *h, const char *payload, int f)
{
    size_t off = 0;
    for (int i = 0; i < f; i++)
        off += h->len[i] + 1;
    return payload + off;
}

/* ---- the template process ---- */

/* A child forked ahead of its run: it has done everything that does not depend on the
 * request (pw_child_prepare) and waits on chan for it. */
typedef struct {
    pid_t pid;
    int chan;
} spare;

typedef struct {
    int fd;      /* -1 once the slot's supervisor is gone */
    pid_t child; /* the run in flight on this connection, 0 when none */
    bool reap_wanted;
    /* The spare the supervisor holds for its next run (hand_spare), 0 when none; spares[0]
     * is handed for the run after: back to back, the next request comes before a spare
     * forked at the last hand-off is set up. */
    pid_t handed;
    spare spares[PW_SPARES];
    int nspares;
} conn;

static struct {
    conn *conns;
    int nconns;
    int sigfd;
    pid_t self;
    pw_policy policy; /* each run brings its own read_paths, write_paths and work_dir */
    pid_t *released;  /* runs whose supervisor is done with them: reaped when they end */
    int nreleased, released_cap;
    char init_error[200]; /* non-empty: the template could not initialise */
} tpl;

/* One message of the wire; a template's children receive theirs into it too. */
static char msgbuf[sizeof(msg_hdr) + INLINE_MAX + F_COUNT];

static void import_quietly(const char *name)
{
    PyObject *m = PyImport_ImportModule(name);
    Py_XDECREF(m);
    PyErr_Clear();
}

static bool policy_allows(const char *module)
{
    if (pw_strv_contains(&tpl.policy.blocked_modules, module)) return false;
    return !tpl.policy.has_allowed_modules || pw_strv_contains(&tpl.policy.allowed_modules, module);
}

/* The policy's preload, from the stdlib and site-packages only (never a site_dirs entry,
 * which the policy's author may not control), judged by the audit hook as a run's imports
 * are: a library's refused process or socket fails as it would in a run. The kernel layers
 * are not in force here yet, so without the hook nothing is imported ahead. Modules the
 * policy blocks are skipped; one that fails to import is left to the run. */
static void preload(void)
{
    if (!tpl.policy.preload.n || tpl.policy.layers[PW_LAYER_AUDIT] == PW_NEED_OFF) return;
    pw_policy stdlib_only = tpl.policy;
    stdlib_only.site_dirs = (pw_strv){0};
    if (!pw_interp_add_site_paths(&stdlib_only)) {
        PyErr_Clear();
        return;
    }
    pw_audit_preload(&tpl.policy, true);
    for (size_t i = 0; i < tpl.policy.preload.n; i++)
        if (!pw_audit_module_blocked(&tpl.policy, tpl.policy.preload.v[i]))
            import_quietly(tpl.policy.preload.v[i]);
    pw_audit_preload(&tpl.policy, false);
}

/* This process's address space (VmSize), 0 when /proc does not say. */
static size_t address_space(void)
{
    size_t len;
    char *statm = pw_read_file("/proc/self/statm", 256, &len);
    size_t pages = statm ? strtoul(statm, NULL, 10) : 0;
    free(statm);
    return pages * (size_t)sysconf(_SC_PAGESIZE);
}

/* Imports what user code commonly needs, then moves every object to GC's permanent
 * generation: children then never write to these pages (less copy-on-write per run). */
static void warm_up(void)
{
    size_t before = address_space();
    for (size_t i = 0; i < sizeof preimports / sizeof *preimports; i++)
        if (policy_allows(preimports[i])) import_quietly(preimports[i]);
    preload();
    size_t after = address_space();
    if (before && after > before) pw_rlimit_allow_address_space(after - before);
    pw_interp_warm_body_mode();
    PyObject *gc = PyImport_ImportModule("gc");
    PyObject *r1 = gc ? PyObject_CallMethod(gc, "collect", NULL) : NULL;
    PyObject *r2 = gc ? PyObject_CallMethod(gc, "freeze", NULL) : NULL;
    Py_XDECREF(r1);
    Py_XDECREF(r2);
    Py_XDECREF(gc);
    /* A cold run of a policy without gc finds no gc in sys.modules: neither may a warm one. */
    if (!policy_allows("gc")) PyDict_DelItemString(PyImport_GetModuleDict(), "gc");
    PyErr_Clear();
}

/* The interpreter, made with a pipe on fds 1 and 2 as a run has: sys.stdout and sys.stderr
 * keep what they found there when made (FileIO's and TextIOWrapper's seekable, the buffer's
 * position), and the template's own (/dev/null, the host's stderr: a file) can seek, so
 * io.TextIOWrapper(sys.stdout.buffer) raised ESPIPE in every warm run. What the start-up
 * writes there (getpath's dump of its paths when it fails) is passed on to the host's stderr;
 * non-blocking, so that much more than a pipe holds is dropped, never a hang. */
static bool interp_init_on_pipes(pw_buf *why)
{
    int p[2] = {-1, -1};
    int out = fcntl(1, F_DUPFD_CLOEXEC, 10), err = fcntl(2, F_DUPFD_CLOEXEC, 10);
    bool swapped = out >= 0 && err >= 0 && pipe2(p, O_CLOEXEC | O_NONBLOCK) == 0 &&
                   dup2(p[1], 1) == 1 && dup2(p[1], 2) == 2;
    bool ok = swapped && pw_interp_init(why);
    if (!swapped)
        pw_buf_appendf(why, "interpreter: stdout and stderr as pipes: %s", strerror(errno));
    char said[4096];
    for (ssize_t n; p[0] >= 0 && (n = read(p[0], said, sizeof said)) > 0;)
        pw_write_all(err, said, (size_t)n);
    if (out >= 0) dup2(out, 1), close(out);
    if (err >= 0) dup2(err, 2), close(err);
    if (p[0] >= 0) close(p[0]), close(p[1]);
    return ok;
}

/* policy_text is the effective policy the pool checked its requests against: applied as
 * is, no policy file is read here. */
static void template_init(const char *policy_text)
{
    if (!pw_template_policy_parse(policy_text, &tpl.policy)) {
        snprintf(tpl.init_error, sizeof tpl.init_error, "bad template policy text");
        return;
    }
#ifdef PW_TEST_SWITCHES
    pw_child_test_switches(&tpl.policy);
#endif
    pw_buf why = {0};
    /* Before the interpreter, which sets LC_CTYPE from the policy's env. */
    pw_process_defaults();
    /* posix.environ is built once, at start-up: the interpreter must start with exactly
     * the environment its runs get (the launcher has forgotten the host's). */
    bool env_ok = tpl.policy.layers[PW_LAYER_FDS] == PW_NEED_OFF ||
                  pw_env_apply(&tpl.policy, &why) == PW_APPLIED;
    if (!env_ok || !interp_init_on_pipes(&why)) {
        snprintf(tpl.init_error, sizeof tpl.init_error, "%s",
                 why.data ? why.data : "out of memory");
        pw_buf_free(&why);
        return;
    }
    pw_mounts_prepare();
    /* Not done by a cold supervisor: it would run in the host's own process. */
    if (tpl.policy.layers[PW_LAYER_RLIMIT] != PW_NEED_OFF) pw_rlimit_prepare(&tpl.policy);
    if (!tpl.policy.allow_network && tpl.policy.layers[PW_LAYER_NAMESPACES] != PW_NEED_OFF)
        pw_ns_share_network();
    /* After the network namespace: a non-root template's user namespace owns the view's. */
    if (tpl.policy.layers[PW_LAYER_MOUNTS] != PW_NEED_OFF &&
        pw_mounts_template_view(&tpl.policy, &why) == PW_FAILED) {
        snprintf(tpl.init_error, sizeof tpl.init_error, "the warm template's view: %s",
                 why.data ? why.data : "failed");
        pw_buf_free(&why);
        return;
    }
    /* In the view where there is one, as a cold run imports in its own: what an import reads
     * of the host's files stays behind. pandas' (zoneinfo -> sysconfig ->
     * os.path.expanduser("~")) looked the template's uid up in the host's /etc/passwd: sysconfig
     * kept the host user's home, and glibc keeps the nsswitch.conf it read for the process's
     * life (it stops reloading it once the root changes), so warm runs found users through
     * libnss_systemd ("nobody", home "/") where cold runs find none. */
    warm_up();
    /* Last: the template lives under the base filter from here on, and its runs inherit it.
     * When it cannot load, each run tries again and reports why (pw_seccomp_apply). */
    pw_buf base_why = {0};
    if (tpl.policy.layers[PW_LAYER_SECCOMP] != PW_NEED_OFF)
        pw_seccomp_load_base(&tpl.policy, &base_why);
    pw_buf_free(&base_why);
}

/* A JSON array of strings (what pw_template_fork sent) into out; false if it is not one. */
static bool strv_from_json(const char *text, pw_strv *out)
{
    cJSON *a = cJSON_Parse(text);
    bool ok = cJSON_IsArray(a);
    for (const cJSON *c = ok ? a->child : NULL; c && ok; c = c->next)
        ok = cJSON_IsString(c) && pw_strv_push(out, c->valuestring);
    cJSON_Delete(a);
    return ok;
}

static char *strv_to_json(const pw_strv *v)
{
    cJSON *a =
        v->n ? cJSON_CreateStringArray((const char *const *)v->v, (int)v->n) : cJSON_CreateArray();
    char *text = a ? cJSON_PrintUnformatted(a) : NULL;
    cJSON_Delete(a);
    return text;
}

/* In a spare: its request arrived in msgbuf with fds (out, err, res[, memfd]). */
static _Noreturn void spare_run(cJSON *header, ssize_t got, int *fds, int nfds)
{
    msg_hdr h;
    if (got < (ssize_t)sizeof h || nfds < 3) _exit(0); /* the template is gone */
    memcpy(&h, msgbuf, sizeof h);
    char *owned;
    char *p = payload_get(&h, got, msgbuf + sizeof h, h.in_memfd ? fds[nfds - 1] : -1, &owned);
    pw_strv reads = {0}, writes = {0};
    bool paths = p && strv_from_json(field(&h, p, F_READ_PATHS), &reads) &&
                 strv_from_json(field(&h, p, F_WRITE_PATHS), &writes);
    pw_buf fd_why = {0};
    if (pw_fds_apply(fds[0], fds[1], fds[2], pw_landlock_ruleset_fd(), &fd_why) != PW_APPLIED) {
        /* no result channel yet: the reason goes to the run's stderr, as a cold run's does */
        dprintf(fds[1], "pywarden: %s\n", fd_why.data ? fd_why.data : "fds layer");
        _exit(PW_EXIT_SETUP_FAILED);
    }
    if (!paths && !cJSON_HasObjectItem(header, "error"))
        cJSON_AddItemToObject(header, "error", pw_error_new("internal", "bad warm request"));
    char *work_dir = p ? (char *)field(&h, p, F_WORK_DIR) : "/";
    pw_child_attach(header, &reads, &writes, work_dir, p ? field(&h, p, F_TMP_DIR) : NULL);
    pw_req req = {
        .code = p ? (char *)field(&h, p, F_CODE) : "",
        .filename = p ? (char *)field(&h, p, F_FILENAME) : "",
        .entry = p && h.has_entry ? (char *)field(&h, p, F_ENTRY) : NULL,
        .work_dir = work_dir,
        .inputs_json = p ? (char *)field(&h, p, F_INPUTS) : "{}",
        .stdio = h.stdio != 0,
        .body = h.body != 0,
        .lenient = h.lenient != 0,
        .timeout_ms = (long)h.timeout_ms,
        .policy = tpl.policy,
    };
    h.nonce[PW_NONCE_HEX] = '\0';
    pw_child_run(&req, h.nonce, header, false);
}

/* A spare's life: set up, wait for the request on chan (then at PW_FD_RESULT), run it. */
static _Noreturn void spare_main(int chan)
{
    pw_signals_unblock(); /* the rest of pw_host_forget is the template's (template_init) */
    cJSON *header = pw_child_prepare(&tpl.policy, tpl.self, -1, -1, chan);
    /* The rehearsal saves a waiting spare's run ~0.2 ms, but costs ~0.25 ms: not when the
     * request already waits (runs queued back to back). */
    struct pollfd request = {.fd = PW_FD_RESULT, .events = POLLIN};
    if (!cJSON_HasObjectItem(header, "error") && poll(&request, 1, 0) == 0) pw_interp_rehearse();
    int fds[8], nfds;
    ssize_t got = recv_msg(PW_FD_RESULT, msgbuf, sizeof msgbuf, fds, &nfds, 8);
    spare_run(header, got, fds, nfds);
}

#ifdef PW_SANITIZED
#define PW_DRAIN 0 /* a sanitizer's allocator has no such heap */
#else
#define PW_DRAIN 1
#endif
#define DRAIN_EVERY 64        /* spares forked between two drains of the free lists */
#define DRAIN_CAP (8u << 20)  /* the most a template ever keeps drained */
#define POOL_SIZE (16u << 10) /* CPython's obmalloc pools (3.10 and later, 64-bit) */
#define POOL_OVERHEAD 48u     /* a pool's header: its first block follows */

/* Free lists drained before spares are forked (drain_free_lists). */
static struct {
    char *heap_fresh;         /* where malloc's top chunk began at the first drain */
    uintptr_t pool[512 / 16]; /* per obmalloc size class: the pool its blocks now come from */
    void *kept;               /* what was taken, linked through its first word */
    size_t kept_bytes;
} drained;

static bool keep(void **p, size_t size)
{
    *p = drained.kept;
    drained.kept = p;
    drained.kept_bytes += size;
    return drained.kept_bytes < DRAIN_CAP;
}

/* Takes the free chunks and blocks scattered over the template's heap and obmalloc pools off
 * their free lists, for good, so that a run's allocations are carved side by side from a few
 * fresh pages instead of each landing on a page of the template's, which the run would then
 * copy: 214 -> 150 page faults a trivial warm run. malloc: what lies below heap_fresh;
 * obmalloc: each size class's partly used pools, until a block comes from a pool begun since
 * (its first block), which is then where that class allocates. Bounded by DRAIN_CAP, and
 * later drains find only what the template has freed since. */
static void drain_free_lists(void)
{
    static unsigned calls;
    if (!PW_DRAIN || calls++ % DRAIN_EVERY || drained.kept_bytes >= DRAIN_CAP) return;
    if (!drained.heap_fresh) drained.heap_fresh = (char *)sbrk(0) - mallinfo2().keepcost;
    for (size_t size = 16; size <= 8192; size += size < 1024 ? 16 : 256)
        for (int i = 0; i < 4096; i++) {
            void **p = malloc(size);
            if (!p || (char *)p >= drained.heap_fresh) {
                free(p);
                break;
            }
            if (!keep(p, size)) return;
        }
    for (size_t size = 16; size <= 512; size += 16)
        for (int i = 0; i < 4096; i++) {
            void **p = PyObject_Malloc(size);
            uintptr_t pool = (uintptr_t)p & ~(uintptr_t)(POOL_SIZE - 1);
            uintptr_t *current = &drained.pool[size / 16 - 1];
            if (!p || pool == *current) {
                PyObject_Free(p);
                break;
            }
            if (!keep(p, size)) return;
            if ((uintptr_t)p - pool == POOL_OVERHEAD) {
                *current = pool;
                break;
            }
        }
}

/* A request of a large-bin size makes malloc sort every chunk freed since into its bins. Done
 * in the template before each fork, so a run's first malloc does not: sorting writes into
 * each chunk, some 30 pages shared with the template that the run would copy. */
static void malloc_settle(void)
{
    void *volatile big = malloc(64 << 10); /* volatile: the pair must not be optimised away */
    free(big);
    drain_free_lists();
}

/* Why the last spare could not be started (errno), for the run that finds none. */
static int spare_errno;

static void spare_start(conn *c)
{
    int sv[2];
    if (c->nspares + (c->handed != 0) >= PW_SPARES || tpl.init_error[0]) return;
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
        spare_errno = errno;
        return;
    }
    malloc_settle();
    PyOS_BeforeFork();
    pid_t pid = fork();
    if (pid == 0) {
        /* Also runs os.register_at_fork hooks: random reseeds itself from os.urandom. */
        PyOS_AfterFork_Child();
        /* numpy seeds its global RandomState (np.random.rand, DataFrame.sample() without a
         * random_state) when it is imported and has no at-fork hook: a template that
         * preloaded it handed every run the same draws. Reseeded from the OS, as the run's
         * own import would have. */
        pw_interp_call_if_loaded("numpy.random", "seed");
        spare_main(sv[1]);
    }
    int e = errno;
    PyOS_AfterFork_Parent();
    close(sv[1]);
    if (pid < 0) {
        spare_errno = e;
        close(sv[0]);
        return;
    }
    c->spares[c->nspares++] = (spare){.pid = pid, .chan = sv[0]};
}

/* Starts spares until the connection has PW_SPARES (or a fork fails). */
static void spares_fill(conn *c)
{
    for (int n = -1; c->nspares + (c->handed != 0) < PW_SPARES && c->nspares != n;) {
        n = c->nspares;
        spare_start(c);
    }
}

/* The connection no longer has spare i (taken, reaped or dropped); those behind move up. */
static void spare_forget(conn *c, int i)
{
    close(c->spares[i].chan);
    memmove(&c->spares[i], &c->spares[i + 1], sizeof *c->spares * (size_t)(c->nspares - i - 1));
    c->nspares--;
}

/* Kills and reaps spare i (it never ran anything). */
static void spare_drop(conn *c, int i)
{
    kill(c->spares[i].pid, SIGKILL);
    while (waitpid(c->spares[i].pid, NULL, 0) < 0 && errno == EINTR)
        ;
    spare_forget(c, i);
}

/* Spares that died waiting (they are never signalled by anyone else) are reaped here. */
static void spare_check(conn *c)
{
    for (int i = c->nspares - 1; i >= 0; i--)
        if (waitpid(c->spares[i].pid, NULL, WNOHANG) == c->spares[i].pid) spare_forget(c, i);
}

/* spares[0], alive and waiting: started now if there is none, and a dead one replaced by
 * the next. false when none could be had. */
static bool spare_ready(conn *c)
{
    for (int attempt = 0; attempt <= PW_SPARES; attempt++) {
        if (!c->nspares) spare_start(c);
        if (!c->nspares) return false;
        struct pollfd p = {.fd = c->spares[0].chan, .events = POLLOUT};
        if (poll(&p, 1, 0) == 1 && !(p.revents & (POLLHUP | POLLERR))) return true;
        spare_drop(c, 0);
    }
    return false;
}

/* Hands the connection's supervisor its next spare: the pid, with a pidfd and the spare's
 * channel, on which the supervisor sends the run itself (no hop through this process, and
 * this process never holds a request). */
static void hand_spare(conn *c)
{
    int pidfd = !tpl.init_error[0] && !c->handed && spare_ready(c)
                    ? (int)syscall(SYS_pidfd_open, c->spares[0].pid, 0)
                    : -1;
    if (pidfd < 0) {
        int e = c->nspares ? errno : spare_errno;
        char why[400], hint[200];
        pw_fork_limit_hint(e, hint, sizeof hint);
        snprintf(why, sizeof why, "the template could not fork a run: %s%s%s", strerror(e), hint,
                 hint[0] ? ": serve takes up to 4 x workers + 4 tasks" : "");
        reply_error(c->fd, tpl.init_error[0] ? tpl.init_error : c->handed ? "protocol error" : why);
        return;
    }
    msg_reply rep = {.pid = c->spares[0].pid, .ok = 1};
    int fds[2] = {pidfd, c->spares[0].chan};
    /* Passing fds can fail (ETOOMANYREFS: the uid's fds in flight, which runs of a non-root
     * host share): the supervisor must get an answer all the same, never a wait to its
     * deadline. The spare stays for the next ask. */
    if (!send_reply(c->fd, &rep, fds, 2)) {
        char why[200];
        snprintf(why, sizeof why, "the template could not pass a run's pidfd: %s", strerror(errno));
        close(pidfd);
        reply_error(c->fd, why);
        return;
    }
    close(pidfd);
    c->handed = c->spares[0].pid;
    spare_forget(c, 0);
    spares_fill(c); /* set up while the supervisor's runs run */
}

/* MSG_SPARE: the supervisor has sent a run to the spare it was handed (pid; 0 when it took
 * none), and wants the next. */
static void handle_spare(conn *c, const msg_hdr *h)
{
    if (h->pid) {
        if (h->pid != c->handed || c->child) {
            reply_error(c->fd, "protocol error");
            return;
        }
        c->child = c->handed;
        c->handed = 0;
        c->reap_wanted = false;
    }
    hand_spare(c);
}

/* Reaps the connection's child if it has ended and someone asked; answers the asker. */
static void try_reap(conn *c)
{
    if (!c->child || !c->reap_wanted) return;
    msg_reply rep = {.pid = c->child, .ok = 1};
    pid_t r = wait4(c->child, &rep.status, WNOHANG, &rep.ru);
    if (r == 0) return;
    if (r < 0) rep.ok = 0; /* cannot happen unless someone else reaped it */
    c->child = 0;
    if (c->fd >= 0) send_reply(c->fd, &rep, NULL, 0);
}

static void handle_reap(conn *c, const msg_hdr *h)
{
    if (!c->child || h->pid != c->child) {
        reply_error(c->fd, "reap of a pid that is not this connection's run");
        return;
    }
    c->reap_wanted = true;
    try_reap(c);
}

/* The supervisor has SIGKILLed the run and will not signal it again: the slot is free
 * and the pid is reaped whenever it ends (reap_released). */
static void reap_released(void)
{
    for (int i = 0; i < tpl.nreleased;)
        if (waitpid(tpl.released[i], NULL, WNOHANG) != 0)
            tpl.released[i] = tpl.released[--tpl.nreleased];
        else
            i++;
}

static void handle_release(conn *c, const msg_hdr *h)
{
    pid_t *pid = h->pid && h->pid == c->child    ? &c->child
                 : h->pid && h->pid == c->handed ? &c->handed
                                                 : NULL;
    if (!pid) return;                           /* not this slot's run: nothing to free */
    if (pid == &c->handed) kill(*pid, SIGKILL); /* a spare given back unused */
    if (tpl.nreleased == tpl.released_cap) {
        int cap = tpl.released_cap ? 2 * tpl.released_cap : 8;
        pid_t *grown = realloc(tpl.released, sizeof(pid_t) * (size_t)cap);
        if (grown) tpl.released = grown, tpl.released_cap = cap;
    }
    if (tpl.nreleased < tpl.released_cap) {
        tpl.released[tpl.nreleased++] = *pid;
    } else {
        waitpid(*pid, NULL, 0); /* SIGKILLed: it ends soon */
    }
    *pid = 0;
    reap_released(); /* it may have ended before we were told: no SIGCHLD will follow */
}

/* The supervisor of this slot is gone: its run must not outlive it. */
static void drop_conn(conn *c)
{
    close(c->fd);
    c->fd = -1;
    while (c->nspares)
        spare_drop(c, 0);
    if (c->handed) {
        kill(c->handed, SIGKILL);
        while (waitpid(c->handed, NULL, 0) < 0 && errno == EINTR)
            ;
        c->handed = 0;
    }
    if (c->child) {
        kill(-c->child, SIGKILL);
        kill(c->child, SIGKILL);
        c->reap_wanted = true;
        try_reap(c);
    }
}

static void handle_conn(conn *c)
{
    int fds[8], nfds;
    ssize_t got = recv_msg(c->fd, msgbuf, sizeof msgbuf, fds, &nfds, 8);
    msg_hdr h;
    if (got < (ssize_t)sizeof h) {
        close_fds(fds, nfds);
        if (got <= 0)
            drop_conn(c);
        else
            reply_error(c->fd, "short message");
        return;
    }
    memcpy(&h, msgbuf, sizeof h);
    close_fds(fds, nfds);
    if (h.kind == MSG_SPARE) return handle_spare(c, &h);
    if (h.kind == MSG_REAP) return handle_reap(c, &h);
    if (h.kind == MSG_RELEASE) return handle_release(c, &h);
    msg_reply rep = {.ok = !tpl.init_error[0]};
    snprintf(rep.why, sizeof rep.why, "%s", tpl.init_error);
    send_reply(c->fd, &rep, NULL, 0);
    spares_fill(c); /* the first run of this slot will be near */
}

static bool template_done(void)
{
    if (tpl.nreleased) return false;
    for (int i = 0; i < tpl.nconns; i++)
        if (tpl.conns[i].fd >= 0 || tpl.conns[i].child) return false;
    return true;
}

static void drain_sigchld(void)
{
    struct signalfd_siginfo si[16];
    while (read(tpl.sigfd, si, sizeof si) > 0)
        ;
    /* Not a handed spare that died: its supervisor may be sending it a run this instant, and
     * finds out then (it gives the spare back to be reaped). */
    for (int i = 0; i < tpl.nconns; i++) {
        try_reap(&tpl.conns[i]);
        spare_check(&tpl.conns[i]);
    }
    reap_released();
}

static _Noreturn void template_loop(void)
{
    struct pollfd *p = calloc((size_t)tpl.nconns + 1, sizeof *p);
    while (p && !template_done()) {
        for (int i = 0; i < tpl.nconns; i++)
            p[i] = (struct pollfd){.fd = tpl.conns[i].fd, .events = POLLIN};
        p[tpl.nconns] = (struct pollfd){.fd = tpl.sigfd, .events = POLLIN};
        if (poll(p, (nfds_t)tpl.nconns + 1, -1) < 0 && errno != EINTR) break;
        if (p[tpl.nconns].revents) drain_sigchld();
        for (int i = 0; i < tpl.nconns; i++)
            if (p[i].revents && tpl.conns[i].fd >= 0) handle_conn(&tpl.conns[i]);
    }
    _exit(0);
}

/* Runs in the template right after the launcher forked it; never returns. */
static _Noreturn void template_main(pid_t launcher, const char *policy_text, int *fds, int n)
{
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != launcher) _exit(1);
    signal(SIGCHLD, SIG_DFL); /* the launcher's SIG_IGN would reap our runs for us */
    pw_oom_first();           /* its spares and runs inherit it */
    tpl.self = getpid();
    tpl.nconns = n;
    tpl.conns = calloc((size_t)n, sizeof *tpl.conns);
    if (!tpl.conns) _exit(1);
    for (int i = 0; i < n; i++)
        tpl.conns[i] = (conn){.fd = fds[i]};

    /* Children are reaped only when their supervisor asks, so a pid it may still signal
     * is never freed for reuse; SIGCHLD only says when to try. */
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, NULL);
    tpl.sigfd = signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC);
    if (tpl.sigfd < 0) _exit(1);
    template_init(policy_text);
    template_loop();
}

/* ---- the launcher process ---- */

/* fd 0 and 1 to /dev/null (serve's stdout is the protocol), fd 2 kept for diagnostics,
 * keep at 3, everything else of the host closed. */
static int launcher_fds(int keep)
{
    keep = fcntl(keep, F_DUPFD_CLOEXEC, 10); /* out of the way of 0..3 */
    int null = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (keep < 0 || null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 || dup2(keep, 3) < 0)
        return -1;
    if (pw_close_range(4, ~0U) < 0) return -1;
    return 3;
}

/* The launcher's own pidfd of each template it forked and has not seen exit: at the end it
 * waits for those alone, not for what it adopted (a trusted run's daemon). */
static int *launched;
static int nlaunched, launched_cap;

static void launched_prune(void)
{
    for (int i = 0; i < nlaunched;) {
        struct pollfd p = {.fd = launched[i], .events = POLLIN};
        if (poll(&p, 1, 0) == 1) {
            close(launched[i]);
            launched[i] = launched[--nlaunched];
        } else {
            i++;
        }
    }
}

static void launched_add(int pidfd)
{
    launched_prune();
    if (nlaunched == launched_cap) {
        int cap = launched_cap ? 2 * launched_cap : 16;
        int *grown = realloc(launched, sizeof(int) * (size_t)cap);
        if (!grown) return; /* not waited for at the end: it is killed with the launcher */
        launched = grown, launched_cap = cap;
    }
    int fd = fcntl(pidfd, F_DUPFD_CLOEXEC, 4);
    if (fd >= 0) launched[nlaunched++] = fd;
}

/* Whether process pid is ending: SIGKILL pending (a run or spare of a killed template, sent
 * by PR_SET_PDEATHSIG as it was adopted), exiting (PF_EXITING) or a zombie; true when
 * /proc cannot tell. */
static bool ending(const char *pid)
{
    char path[64];
    size_t len;
    snprintf(path, sizeof path, "/proc/%s/stat", pid);
    char *stat = pw_read_file(path, 4096, &len);
    snprintf(path, sizeof path, "/proc/%s/status", pid);
    char *status = stat ? pw_read_file(path, 1 << 16, &len) : NULL;
    const char *after = stat ? strrchr(stat, ')') : NULL, *pending = status;
    char state = 0;
    unsigned long flags = 0;
    bool known =
        after && status && sscanf(after + 1, " %c %*d %*d %*d %*d %*d %lu", &state, &flags) == 2;
    bool killed = false;
    unsigned long long set;
    /* SigPnd (the thread's) and ShdPnd (the process's) */
    while (known && !killed && (pending = strstr(pending, "Pnd:\t")))
        killed = sscanf(pending += 5, "%llx", &set) == 1 && (set & (1ULL << (SIGKILL - 1)));
    free(stat);
    free(status);
    return !known || killed || state == 'Z' || state == 'X' || (flags & 0x4 /* PF_EXITING */);
}

/* Whether any child of the launcher is ending (ending()); true when /proc cannot tell. A
 * live one that is not, as a trusted run's daemon adopted here, is none of its business. */
static bool adopted_ending(void)
{
    char path[64], pid[16];
    snprintf(path, sizeof path, "/proc/self/task/%d/children", (int)getpid());
    FILE *f = fopen(path, "re");
    if (!f) return true;
    bool any = false;
    while (!any && fscanf(f, "%15s", pid) == 1)
        any = ending(pid);
    fclose(f);
    return any;
}

static void launcher_spawn(int sock, const msg_hdr *h, char *after_hdr, ssize_t got, int memfd)
{
    pid_t self = getpid();
    char *owned;
    char *p = payload_get(h, got, after_hdr, memfd, &owned);
    int n = (int)h->nconns;
    int pairs[2 * PW_ZYGOTE_MAX_CONNS + 1];
    int made = 0;
    while (p && n > 0 && n <= PW_ZYGOTE_MAX_CONNS && made < n &&
           socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, &pairs[2 * made]) == 0)
        made++;
    pid_t pid = made == n && p ? fork() : -1;
    if (pid == 0) {
        int mine[PW_ZYGOTE_MAX_CONNS];
        for (int i = 0; i < n; i++)
            close(pairs[2 * i]), mine[i] = pairs[2 * i + 1];
        close(sock);
        if (memfd >= 0) close(memfd);
        for (int i = 0; i < nlaunched; i++)
            close(launched[i]);
        template_main(self, field(h, p, F_POLICY), mine, n);
    }
    int out[PW_ZYGOTE_MAX_CONNS + 1];
    out[0] = pid > 0 ? (int)syscall(SYS_pidfd_open, pid, 0) : -1;
    int err = errno; /* of the step that failed (no later call was made): a host's limit */
    if (out[0] >= 0) launched_add(out[0]);
    for (int i = 0; i < made; i++)
        close(pairs[2 * i + 1]), out[i + 1] = pairs[2 * i];
    msg_reply rep = {.pid = pid, .ok = out[0] >= 0};
    if (!rep.ok) {
        char why[400], hint[200];
        pw_fork_limit_hint(err, hint, sizeof hint);
        snprintf(why, sizeof why, "the launcher could not fork a template: %s%s", strerror(err),
                 hint);
        reply_error(sock, why);
    } else if (!send_reply(sock, &rep, out, made + 1)) {
        /* e.g. ETOOMANYREFS (fds in flight of the uid): answer, never leave the pool waiting
         * to its deadline; the template exits once its connections, closed below, are. */
        char why[200];
        snprintf(why, sizeof why, "the launcher could not pass a template's fds: %s",
                 strerror(errno));
        reply_error(sock, why);
    }
    close_fds(out, made + 1);
    if (owned) explicit_bzero(owned, payload_size(h));
    free(owned);
}

/* PR_SET_PDEATHSIG fires when the forking *thread* ends, so only a launcher forked by the
 * host's main thread uses it; any launcher also exits when the host's end of sock closes,
 * which the kernel does when the host dies. */
static _Noreturn void launcher_main(int sock, pid_t host, bool by_main_thread)
{
    if ((by_main_thread && prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) || getppid() != host) _exit(1);
    /* A process group of its own, templates and spares with it: a terminal's Ctrl-C, or a
     * kill of the host's group, is the host's to handle (serve lets runs in flight finish
     * within --grace-ms); it used to kill every template, and the runs with them. The pool
     * still ends with the host: EOF on sock, or PR_SET_PDEATHSIG. */
    setpgid(0, 0);
    pw_host_forget();    /* templates and runs are forks of this process */
    pw_keyring_forget(); /* should a run's own join fail, its fallback is not the host's */
    /* A template's interpreter makes its paths absolute from the cwd, which the host may have
     * removed; every run enters its own work directory anyway. */
    if (chdir("/") != 0) _exit(1);
    pw_text_to_huge_pages();
    pw_short_slice(); /* a library host's pool too: templates, spares and runs inherit it */
    /* Templates are reaped by the kernel as they die: none waits as a zombie for the next
     * spawn; the end below waits for them through their pidfds. */
    signal(SIGCHLD, SIG_IGN);
    /* A template that is killed (one that did not end itself soon after its release, as on
     * a loaded machine where its runs exit slowly at nice 19) leaves its spares and runs:
     * they come here, where SIG_IGN reaps them, and not to the host, whose zombies (or a
     * container pid 1's) they were. */
    prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    sock = launcher_fds(sock);
    if (sock < 0) _exit(1);
    for (;;) {
        int fds[2], nfds;
        ssize_t got = recv_msg(sock, msgbuf, sizeof msgbuf, fds, &nfds, 2);
        if (got <= 0) break;
        msg_hdr h = {0};
        if (got >= (ssize_t)sizeof h) memcpy(&h, msgbuf, sizeof h);
        if (h.kind == MSG_SPAWN && nfds == (h.in_memfd ? 1 : 0))
            launcher_spawn(sock, &h, msgbuf + sizeof h, got, h.in_memfd ? fds[0] : -1);
        else
            reply_error(sock, "protocol error");
        close_fds(fds, nfds);
        if (got > 0) explicit_bzero(msgbuf, (size_t)got); /* later templates fork from here */
    }
    /* The pool is gone and has closed every template connection: the templates end their
     * runs and exit; wait for them so nothing outlives pw_pool_destroy. Their pidfds, not
     * wait(): a trusted run's daemon adopted here must not hold the pool up. */
    while (nlaunched) {
        struct pollfd p = {.fd = launched[0], .events = POLLIN};
        if (poll(&p, 1, -1) < 0 && errno != EINTR) break;
        launched_prune();
    }
    /* Then, for a while, for the spares and runs of templates that were killed: SIGKILLed
     * by their template's death, they only need the CPU to finish (at nice 19). Not for an
     * adopted process that is not ending (a trusted run's daemon): it held every pool's end
     * up for the whole PW_ADOPTED_EXIT_MS. */
    for (double until = pw_now_ms() + PW_ADOPTED_EXIT_MS; pw_now_ms() < until;) {
        siginfo_t si = {0};
        if (waitid(P_ALL, 0, &si, WEXITED | WNOHANG) < 0 && errno == ECHILD) break;
        if (!adopted_ending()) break;
        usleep(2000);
    }
    _exit(0);
}

/* The nursery: forked from the host with the first launcher and idle since, it forks every
 * launcher (CLONE_PARENT: the host's child all the same). A launcher restarted later is then
 * a copy of the host as it was at pool create, as the first one is, not of what the host
 * holds by then: serve's buffers of earlier requests and results, which every template and
 * run forked from that launcher could read (test_hostenv
 * no_run_after_a_launcher_restart_finds_an_earlier_request). */
static _Noreturn void nursery_main(int sock, pid_t host, bool by_main_thread)
{
    if ((by_main_thread && prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) || getppid() != host) _exit(1);
    setpgid(0, 0);      /* as a launcher: the host's process group is the host's to signal */
    char name[16] = ""; /* the host's, which launchers, templates and runs keep */
    prctl(PR_GET_NAME, name, 0, 0, 0);
    prctl(PR_SET_NAME, PW_NURSERY_NAME, 0, 0, 0);
    sock = launcher_fds(sock); /* holds none of the host's pipes open */
    if (sock < 0) _exit(1);
    for (;;) {
        char go;
        ssize_t got;
        do
            got = recv(sock, &go, 1, 0);
        while (got < 0 && errno == EINTR);
        if (got <= 0) _exit(0);
        int sv[2];
        char why[128];
        if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
            snprintf(why, sizeof why, "the nursery could not make a launcher's socket: %s",
                     strerror(errno));
            reply_error(sock, why);
            continue;
        }
        /* Not fork(): a fork's child is ours, not the host's. The nursery is single-threaded
         * and holds no lock, so glibc's fork handlers have nothing to reset; the child's
         * thread descriptor keeps the nursery's tid, which nothing a launcher calls reads
         * (raise asks the kernel; templates are forks, whose tid glibc sets). */
        pid_t pid = (pid_t)syscall(SYS_clone, CLONE_PARENT | SIGCHLD, 0, 0, 0, 0);
        if (pid == 0) {
            close(sock);
            prctl(PR_SET_NAME, name, 0, 0, 0);
            launcher_main(sv[1], host, by_main_thread);
        }
        close(sv[1]);
        msg_reply rep = {.pid = pid, .ok = pid > 0};
        if (pid < 0) {
            snprintf(why, sizeof why, "the nursery could not fork a launcher: %s", strerror(errno));
            reply_error(sock, why);
        } else {
            send_reply(sock, &rep, &sv[0], 1);
        }
        close(sv[0]);
    }
}

static bool nursery_start(pw_launcher *l, pw_buf *why)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
        pw_buf_appendf(why, "socketpair: %s", strerror(errno));
        return false;
    }
    pid_t host = getpid();
    bool by_main_thread = gettid() == host;
    pid_t pid = fork();
    if (pid == 0) {
        close(sv[0]);
        nursery_main(sv[1], host, by_main_thread);
    }
    close(sv[1]);
    if (pid < 0) {
        pw_buf_appendf(why, "fork: %s", strerror(errno));
        close(sv[0]);
        return false;
    }
    l->nursery = pid;
    l->nursery_sock = sv[0];
    return true;
}

/* It exits at EOF; one that does not (stopped) is killed. */
static void nursery_stop(pw_launcher *l)
{
    if (l->nursery_sock >= 0) close(l->nursery_sock);
    l->nursery_sock = -1;
    if (l->nursery > 0) {
        int pidfd = (int)syscall(SYS_pidfd_open, l->nursery, 0);
        if (pidfd < 0 || !exited_by(pidfd, pw_now_ms() + PW_ANSWER_MS)) kill(l->nursery, SIGKILL);
        if (pidfd >= 0) close(pidfd);
        while (waitpid(l->nursery, NULL, 0) < 0 && errno == EINTR)
            ;
    }
    l->nursery = -1;
}

/* A launcher from the nursery; a nursery that is gone (killed from outside) is replaced
 * once, by a fork of the host as it is now. */
static pid_t launcher_from_nursery(pw_launcher *l, int *sock, pw_buf *why)
{
    /* Not given up on for a cancelled request: an answer left owed would be read as the
     * next, and a nursery that answers late is killed and forked again from the host. */
    int give_up = give_up_fd;
    give_up_fd = -1;
    pid_t pid = -1;
    size_t said = why->len;
    for (int attempt = 0; attempt < 2 && pid < 0; attempt++) {
        if (attempt) nursery_stop(l);
        why->len = said; /* only the last attempt's reason */
        if (l->nursery_sock < 0 && !nursery_start(l, why)) break;
        msg_reply rep;
        static const char go = 1;
        if (send(l->nursery_sock, &go, 1, MSG_NOSIGNAL) != 1) continue;
        pw_wait w = wait_reply(l->nursery_sock, pw_now_ms() + PW_ANSWER_MS, &rep, sock, 1, why);
        if (w == PW_WAIT_OK && rep.pid > 0)
            pid = rep.pid;
        else if (w == PW_WAIT_OK)
            close(*sock);
        if (w == PW_WAIT_REFUSED) break;
    }
    give_up_fd = give_up;
    if (pid < 0 && why->len == said) pw_buf_appendf(why, "the launcher's nursery is gone");
    return pid;
}

bool pw_launcher_start(pw_launcher *l, pw_buf *why)
{
    l->pid = l->pidfd = l->sock = -1;
    l->owed = (pw_owed){.answered = true};
    int sock = -1;
    pid_t pid = launcher_from_nursery(l, &sock, why);
    if (pid < 0) return false;
    int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
    if (pidfd < 0) {
        pw_buf_appendf(why, "pidfd_open: %s", strerror(errno));
        kill(pid, SIGKILL), waitpid(pid, NULL, 0);
        close(sock);
        return false;
    }
    l->pid = pid;
    l->pidfd = pidfd;
    l->sock = sock;
    return true;
}

static void launcher_stop(pw_launcher *l)
{
    if (l->sock >= 0) close(l->sock);
    l->sock = -1;
    if (l->pid > 0) {
        /* stopped or hung; still unreaped, so ours */
        if (!exited_by(l->pidfd, pw_now_ms() + PW_ANSWER_MS)) kill(l->pid, SIGKILL);
        while (waitpid(l->pid, NULL, 0) < 0 && errno == EINTR)
            ;
    }
    if (l->pidfd >= 0) close(l->pidfd);
    l->pid = l->pidfd = -1;
}

void pw_launcher_stop(pw_launcher *l)
{
    launcher_stop(l);
    nursery_stop(l);
}

bool pw_launcher_restart(pw_launcher *l, pw_buf *why)
{
    if (l->pid > 0) kill(l->pid, SIGKILL);
    launcher_stop(l);
    return pw_launcher_start(l, why);
}

/* ---- the supervisor's side ---- */

/* A template the launcher started for a spawn whose caller stopped waiting: not wanted. */
static void discard_template(void *ctx, const msg_reply *rep, int *fds, int nfds)
{
    (void)ctx;
    if (rep->ok && nfds > 0) syscall(SYS_pidfd_send_signal, fds[0], SIGKILL, NULL, 0);
    close_fds(fds, nfds);
}

pw_wait pw_template_spawn(pw_launcher *l, const char *policy_text, int nconns, double deadline,
                          pw_template *t, pw_buf *why)
{
    memset(t, 0, sizeof *t);
    t->pidfd = -1;
    pw_buf_appendf(why, "the warm-template launcher failed: ");
    pw_wait w = l->sock < 0 ? PW_WAIT_GONE
                            : settle(l->sock, &l->owed, deadline, discard_template, NULL, why);
    if (w != PW_WAIT_OK) {
        if (l->sock < 0) pw_buf_appendf(why, "it is gone");
        return w;
    }
    msg_hdr h = {.kind = MSG_SPAWN, .nconns = (uint32_t)nconns};
    pw_buf payload = {0};
    payload_put(&payload, &h, F_POLICY, policy_text);
    for (int f = F_POLICY + 1; f < F_COUNT; f++)
        payload_put(&payload, &h, f, NULL);
    double asked = pw_now_ms();
    w = send_with_payload(l->sock, &h, &payload, NULL, 0, why);
    pw_buf_free(&payload);
    if (w == PW_WAIT_NOT_SENT) {
        pw_buf_appendf(why, "it is gone");
        return PW_WAIT_GONE;
    }
    if (w != PW_WAIT_OK) return w;
    int fds[PW_ZYGOTE_MAX_CONNS + 1];
    msg_reply rep;
    w = wait_reply(l->sock, deadline, &rep, fds, nconns + 1, why);
    if (w == PW_WAIT_LATE) {
        owe(&l->owed, asked);
        pw_buf_appendf(why, "it did not answer by the deadline");
    }
    if (w != PW_WAIT_OK) return w;
    t->conns = malloc(sizeof(int) * (size_t)nconns);
    t->owed = calloc((size_t)nconns, sizeof *t->owed);
    t->spare = calloc((size_t)nconns, sizeof *t->spare);
    if (!t->conns || !t->owed || !t->spare) {
        close_fds(fds, nconns + 1);
        free(t->conns);
        free(t->owed);
        free(t->spare);
        t->conns = NULL, t->owed = NULL, t->spare = NULL;
        pw_buf_appendf(why, "out of memory");
        return PW_WAIT_REFUSED;
    }
    t->pid = rep.pid;
    t->pidfd = fds[0];
    t->nconns = nconns;
    memcpy(t->conns, fds + 1, sizeof(int) * (size_t)nconns);
    return PW_WAIT_OK;
}

/* A spare the template handed for a request whose caller stopped waiting (or the answer to a
 * ping): a spare is killed at once and handed back to be reaped. */
static void discard_answer(void *ctx, const msg_reply *rep, int *fds, int nfds)
{
    const int *sock = ctx;
    if (rep->ok && nfds > 0) {
        syscall(SYS_pidfd_send_signal, fds[0], SIGKILL, NULL, 0);
        msg_hdr h = {.kind = MSG_RELEASE, .pid = rep->pid};
        send_msg(*sock, &h, sizeof h, NULL, 0, NULL, 0);
    }
    close_fds(fds, nfds);
}

/* Reads the template's answer to the slot's last run, its next spare, if it is still to
 * come: by deadline (LATE: still to come), or GONE once it is PW_ANSWER_MS late (the template
 * is hung or stopped). A refusal leaves the slot without one (the next ask says why). */
static pw_wait spare_collect(pw_template *t, int slot, double deadline, pw_buf *why)
{
    pw_spare *s = &t->spare[slot];
    if (!s->coming) return PW_WAIT_OK;
    double overdue = s->asked + PW_ANSWER_MS;
    size_t said = why->len;
    msg_reply rep;
    int fds[2];
    pw_wait w =
        wait_reply(t->conns[slot], deadline < overdue ? deadline : overdue, &rep, fds, 2, why);
    if (w == PW_WAIT_LATE && pw_now_ms() >= overdue) {
        pw_buf_appendf(why, "it did not answer for %.0f ms (hung or stopped)",
                       pw_now_ms() - s->asked);
        w = PW_WAIT_GONE;
    }
    if (w == PW_WAIT_LATE) {
        pw_buf_appendf(why, "its next spare was not ready by the deadline (%.0f ms in)",
                       pw_now_ms() - s->asked);
        return w;
    }
    s->coming = false;
    if (w == PW_WAIT_OK) *s = (pw_spare){.pid = rep.pid, .pidfd = fds[0], .chan = fds[1]};
    if (w != PW_WAIT_REFUSED) return w;
    why->len = said;
    return PW_WAIT_OK;
}

/* Sends h on the slot's connection once its owed answers are in, and waits for the answer
 * (want_fds fds into fds) by deadline. */
static pw_wait ask_template(pw_template *t, int slot, msg_hdr *h, double deadline, msg_reply *rep,
                            int *fds, int want_fds, pw_buf *why)
{
    pw_owed *o = &t->owed[slot];
    pw_wait w = spare_collect(t, slot, deadline, why);
    if (w == PW_WAIT_OK)
        w = settle(t->conns[slot], o, deadline, discard_answer, &t->conns[slot], why);
    if (w != PW_WAIT_OK) return w;
    double asked = pw_now_ms();
    if (!send_msg(t->conns[slot], h, sizeof *h, NULL, 0, NULL, 0)) {
        pw_buf_appendf(why, "it is gone");
        return PW_WAIT_NOT_SENT;
    }
    w = wait_reply(t->conns[slot], deadline, rep, fds, want_fds, why);
    if (w == PW_WAIT_LATE) {
        owe(o, asked);
        pw_buf_appendf(why, "it did not answer by the deadline");
    }
    if (w == PW_WAIT_OK) o->answered = true;
    return w;
}

pw_wait pw_template_ping(pw_template *t, int slot, double deadline, pw_buf *why)
{
    msg_hdr h = {.kind = MSG_PING};
    msg_reply rep;
    pw_buf_appendf(why, "the warm template could not start: ");
    return ask_template(t, slot, &h, deadline, &rep, NULL, 0, why);
}

void pw_template_kill(const pw_template *t)
{
    if (t->pidfd >= 0) syscall(SYS_pidfd_send_signal, t->pidfd, SIGKILL, NULL, 0);
}

static void spare_close(pw_spare *s)
{
    if (s->pid) close(s->pidfd), close(s->chan);
    s->pid = 0;
}

void pw_template_release(pw_template *t)
{
    if (t->conns) close_fds(t->conns, t->nconns);
    for (int i = 0; t->spare && i < t->nconns; i++)
        spare_close(&t->spare[i]);
    /* With its connections closed the template kills and reaps its spares and runs, then
     * exits (~1 ms). Killed at once, it would leave them to whatever adopts orphans: zombies
     * in a container whose pid 1 does not reap. Killed anyway if it has not exited soon. */
    if (t->pidfd >= 0) exited_by(t->pidfd, pw_now_ms() + PW_TEMPLATE_EXIT_MS);
    pw_template_kill(t);
    if (t->pidfd >= 0) close(t->pidfd);
    free(t->conns);
    free(t->owed);
    free(t->spare);
    memset(t, 0, sizeof *t);
    t->pidfd = -1;
}

/* The slot's spare: the one the template handed with the last run, else one asked for now. */
static pw_wait spare_take(pw_template *t, int slot, double deadline, pw_buf *why)
{
    pw_wait w = spare_collect(t, slot, deadline, why);
    if (w != PW_WAIT_OK || t->spare[slot].pid) return w;
    msg_hdr h = {.kind = MSG_SPARE};
    msg_reply rep;
    int fds[2];
    w = ask_template(t, slot, &h, deadline, &rep, fds, 2, why);
    if (w == PW_WAIT_OK)
        t->spare[slot] = (pw_spare){.pid = rep.pid, .pidfd = fds[0], .chan = fds[1]};
    return w;
}

pw_wait pw_template_fork(pw_template *t, int slot, const pw_req *req, const char *nonce,
                         const int wfds[3], double deadline, pid_t *pid, int *pidfd, pw_buf *why)
{
    /* A template that died since its last run (the OOM killer) takes its spares with it, a
     * moment later: one still alive would take the run and die in it. GONE: the caller
     * starts another template and the run goes there. */
    if (t->pidfd >= 0 && exited_by(t->pidfd, pw_now_ms())) {
        pw_buf_appendf(why, "the warm template has exited");
        return PW_WAIT_GONE;
    }
    /* Only a template that has answered gets a run: one still starting could otherwise
     * start it after its caller has given up. */
    pw_wait w = t->owed[slot].answered ? PW_WAIT_OK : pw_template_ping(t, slot, deadline, why);
    if (w != PW_WAIT_OK) return w;
    why->len = 0;
    msg_hdr h = {.kind = MSG_RUN,
                 .stdio = req->stdio,
                 .body = req->body,
                 .lenient = req->lenient,
                 .has_entry = req->entry != NULL,
                 .timeout_ms = req->timeout_ms};
    snprintf(h.nonce, sizeof h.nonce, "%s", nonce);
    char *reads = strv_to_json(&req->policy.read_paths);
    char *writes = strv_to_json(&req->policy.write_paths);
    pw_buf payload = {0};
    payload_put(&payload, &h, F_CODE, req->code);
    payload_put(&payload, &h, F_FILENAME, req->filename);
    payload_put(&payload, &h, F_ENTRY, req->entry);
    payload_put(&payload, &h, F_WORK_DIR, req->work_dir);
    payload_put(&payload, &h, F_INPUTS, req->inputs_json);
    payload_put(&payload, &h, F_READ_PATHS, reads ? reads : "null");
    payload_put(&payload, &h, F_WRITE_PATHS, writes ? writes : "null");
    payload_put(&payload, &h, F_TMP_DIR, req->tmp_dir ? req->tmp_dir : "");
    free(reads);
    free(writes);
    pw_buf_appendf(why, "the warm template failed: ");
    pw_spare *s = &t->spare[slot];
    /* A spare that died waiting is given back and another taken; a second such says the
     * template is unwell (NOT_SENT: the caller starts another). */
    for (int attempt = 0; attempt < 2; attempt++) {
        w = spare_take(t, slot, deadline, why);
        if (w != PW_WAIT_OK) break;
        w = send_with_payload(s->chan, &h, &payload, wfds, 3, why);
        if (w == PW_WAIT_OK) {
            *pid = s->pid, *pidfd = s->pidfd;
            close(s->chan);
            s->pid = 0;
            msg_hdr taken = {.kind = MSG_SPARE, .pid = *pid};
            s->coming = send_msg(t->conns[slot], &taken, sizeof taken, NULL, 0, NULL, 0);
            s->asked = pw_now_ms();
            break;
        }
        pw_template_release_run(t, slot, s->pid);
        spare_close(s);
        if (w != PW_WAIT_NOT_SENT) break;
        if (attempt == 1) pw_buf_appendf(why, "its spares died before their runs");
    }
    pw_buf_free(&payload);
    return w;
}

void pw_template_release_run(const pw_template *t, int slot, pid_t pid)
{
    msg_hdr h = {.kind = MSG_RELEASE, .pid = pid};
    send_msg(t->conns[slot], &h, sizeof h, NULL, 0, NULL, 0);
}

bool pw_template_reap(pw_template *t, int slot, pid_t pid, int run_pidfd, int *status,
                      struct rusage *ru)
{
    msg_hdr h = {.kind = MSG_REAP, .pid = pid};
    pw_buf why = {0};
    if (spare_collect(t, slot, pw_now_ms() + PW_ANSWER_MS, &why) != PW_WAIT_OK ||
        !send_msg(t->conns[slot], &h, sizeof h, NULL, 0, NULL, 0)) {
        pw_buf_free(&why);
        return false;
    }
    /* The run may take long to die (unmapping GiBs), but once it is dead a template that
     * does not answer within PW_ANSWER_MS is hung. */
    double deadline = pw_now_ms() + REAP_TIMEOUT_MS;
    struct pollfd dead = {.fd = run_pidfd, .events = POLLIN};
    while (run_pidfd >= 0 && poll(&dead, 1, ms_until(deadline)) == 0 && pw_now_ms() < deadline)
        ;
    if (run_pidfd >= 0 && pw_now_ms() + PW_ANSWER_MS < deadline)
        deadline = pw_now_ms() + PW_ANSWER_MS;
    msg_reply rep;
    bool ok =
        wait_reply(t->conns[slot], deadline, &rep, NULL, 0, &why) == PW_WAIT_OK && rep.pid == pid;
    pw_buf_free(&why);
    if (ok) {
        *status = rep.status;
        *ru = rep.ru;
    }
    return ok;
}
