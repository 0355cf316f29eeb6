/* The warm pool: worker slots, templates keyed by policy, and the supervisor hooks that
 * make a run forked by a template look like any other run to pw_supervise_watch. */
#include "pool.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "api.h"
#include "ceiling.h"
#include "child.h"
#include "jsonconv.h"
#include "layers.h"
#include "mounttable.h"
#include "request.h"
#include "result.h"
#include "supervisor.h"
#include "template_policy.h"
#include "zygote.h"

/* Which template a run needs: one whose policy is the same as the request's effective policy
 * (pw_template_policy_same: runs bring their own paths and work_dir), and the policy the
 * request named as JSON text (the pool's when it named none), whose older templates a new
 * one replaces. */
typedef struct {
    const pw_policy *policy;
    const char *origin;
    bool inline_policy; /* the request brought its own (an object, a file): see evict_locked */
} tmpl_want;

typedef struct tmpl {
    pw_policy policy; /* what the template applies: its policy text read back */
    char *origin;
    pw_template t;
    bool inline_policy;
    int refs; /* runs using it, plus one while it is in the pool's list */
    unsigned long last_use;
    struct tmpl *next;
} tmpl;

typedef struct {
    bool busy;
    bool live;      /* pid is a run not yet reaped: safe to signal its process group */
    bool cancelled; /* the pool is shutting down */
    bool aborted;   /* its caller cancelled it and the run was killed (or never started) */
    pid_t pid;
    pw_cancel *cancel; /* NULL when the caller cannot cancel */
} slot;

struct pw_pool {
    pthread_mutex_t mu;
    pthread_mutex_t launcher_mu; /* one launcher round trip at a time, outside mu */
    pthread_cond_t slot_free;    /* on CLOCK_MONOTONIC, like request deadlines */
    pthread_cond_t idle;         /* callers dropped to 0: what pw_pool_destroy waits for */
    int callers;                 /* threads inside pw_pool_execute */
    int workers;
    slot *slots;
    int *wakes;            /* wakes[i]: eventfd that ends slot i's waits for a template (give_up) */
    cJSON *default_policy; /* the spec added to requests that name none */
    pw_ceiling ceiling;    /* fixed at create: no request can change it */
    char *work_root;       /* pw_pool_options.work_root, resolved; NULL: none */
    pw_policy_cache *policies; /* requests' policies, loaded once while their files stay */
    pw_launcher launcher;
    tmpl *templates;
    int ntemplates;
    unsigned long mounts_seen; /* the host's mount table the templates were started on */
    unsigned long clock;
    bool cancelling;
    /* The leased entry its runs' host directories are made in, where a run has no view, so
     * that a later supervisor removes them should this process be SIGKILLed (hosttmp.c). */
    pthread_mutex_t tmp_mu;
    double tmp_retry_ms; /* when a failed lease may be tried again */
    int tmp_lease;       /* its fd (the lock), -1 when none */
    char tmp_nest[PW_HOSTTMP_MAX], tmp_lease_path[PW_HOSTTMP_MAX];
};

/* ---- templates ---- */

static void tmpl_put_locked(tmpl *e)
{
    if (--e->refs > 0) return;
    pw_template_release(&e->t);
    pw_policy_free(&e->policy);
    free(e->origin);
    free(e);
}

static void tmpl_put(pw_pool *pool, tmpl *e)
{
    pthread_mutex_lock(&pool->mu);
    tmpl_put_locked(e);
    pthread_mutex_unlock(&pool->mu);
}

static void unlink_locked(pw_pool *pool, tmpl *e)
{
    for (tmpl **pp = &pool->templates; *pp; pp = &(*pp)->next)
        if (*pp == e) {
            *pp = e->next;
            pool->ntemplates--;
            tmpl_put_locked(e);
            return;
        }
}

/* The template died, hung or misbehaved: it is killed now (runs of other slots on it end
 * with it and are answered) and the next run of its policy starts a fresh one. */
static void tmpl_lost(pw_pool *pool, tmpl *e)
{
    pw_template_kill(&e->t);
    pthread_mutex_lock(&pool->mu);
    unlink_locked(pool, e);
    pthread_mutex_unlock(&pool->mu);
}

/* The least used idle template goes, one of a policy a request brought itself first: any
 * request may bring one under --allow-inline-policies, and nine tightenings in turn had
 * evicted the templates of the policies the host names, each of whose runs then paid a
 * template start. Inline ones now take one such slot at most, then each other's. */
static void evict_locked(pw_pool *pool)
{
    tmpl *lru = NULL;
    for (tmpl *e = pool->templates; e; e = e->next)
        if (e->refs == 1 &&
            (!lru || (e->inline_policy && !lru->inline_policy) ||
             (e->inline_policy == lru->inline_policy && e->last_use < lru->last_use)))
            lru = e;
    if (lru) unlink_locked(pool, lru);
}

static tmpl *find_locked(pw_pool *pool, const pw_policy *policy)
{
    tmpl *e = pool->templates;
    while (e && !pw_template_policy_same(&e->policy, policy))
        e = e->next;
    if (e) {
        e->refs++;
        e->last_use = ++pool->clock;
    }
    return e;
}

/* A policy file of e's origin changed since its other templates started: they take no more
 * runs (no request now gets their policy) and are stopped once their runs in flight end.
 * (An origin whose relative site_dirs resolve per work_dir can alternate: only slower.) */
static void retire_locked(pw_pool *pool, const tmpl *e)
{
    for (tmpl *o = pool->templates, *next; o; o = next) {
        next = o->next;
        if (strcmp(o->origin, e->origin) == 0) unlink_locked(pool, o);
    }
}

/* A template's view holds the host's mounts as they were when it started: where the host's
 * mounts do not propagate into it (a private root, as in most containers), a filesystem
 * mounted later (or unmounted) would be missing (or stale) in warm runs, though cold runs see
 * it. When the host's mount table changed, every template takes no more runs and the next
 * run starts a fresh one. The table is the one requests are checked against (mounttable.h). */
static void drop_if_mounts_changed_locked(pw_pool *pool)
{
    unsigned long seen = pw_mount_table_generation(pw_policy_cache_mounts(pool->policies));
    if (seen == pool->mounts_seen) return;
    pool->mounts_seen = seen;
    while (pool->templates)
        unlink_locked(pool, pool->templates);
}

static void insert_locked(pw_pool *pool, tmpl *e)
{
    retire_locked(pool, e);
    if (pool->ntemplates >= PW_POOL_MAX_TEMPLATES) evict_locked(pool);
    e->refs = 2; /* the list's and the caller's */
    e->last_use = ++pool->clock;
    e->next = pool->templates;
    pool->templates = e;
    pool->ntemplates++;
}

/* A deadline (pw_now_ms) as the absolute CLOCK_MONOTONIC time pthread's clock waits take. */
static struct timespec abs_time(double deadline_ms)
{
    long long ns = (long long)(deadline_ms * 1e6);
    return (struct timespec){.tv_sec = (time_t)(ns / 1000000000),
                             .tv_nsec = (long)(ns % 1000000000)};
}

/* Asks the launcher for a template, restarting a launcher that died or hung (once). */
static pw_wait spawn(pw_pool *pool, const char *policy_text, double deadline, tmpl *e, pw_buf *why)
{
    pw_wait w = PW_WAIT_GONE;
    for (int attempt = 0; attempt < 2 && w == PW_WAIT_GONE; attempt++) {
        why->len = 0;
        if (attempt && !pw_launcher_restart(&pool->launcher, why)) break;
        w = pw_template_spawn(&pool->launcher, policy_text, pool->workers, deadline, &e->t, why);
    }
    return w;
}

/* The template want names, started if needed; holds a reference. NULL with why set and *w
 * saying why (LATE: the deadline passed first). The launcher round trip holds launcher_mu
 * only, so other slots keep running meanwhile. */
static tmpl *tmpl_get(pw_pool *pool, const tmpl_want *want, double deadline, pw_wait *w,
                      pw_buf *why)
{
    *w = PW_WAIT_REFUSED;
    pthread_mutex_lock(&pool->mu);
    drop_if_mounts_changed_locked(pool);
    tmpl *e = find_locked(pool, want->policy);
    pthread_mutex_unlock(&pool->mu);
    struct timespec until = abs_time(deadline);
    if (!e && pthread_mutex_clocklock(&pool->launcher_mu, CLOCK_MONOTONIC, &until) != 0) {
        *w = PW_WAIT_LATE;
        pw_buf_appendf(why, "another run was starting a template until the deadline");
    } else if (!e) {
        pthread_mutex_lock(&pool->mu);
        e = find_locked(pool, want->policy); /* started while we waited for launcher_mu */
        pthread_mutex_unlock(&pool->mu);
        tmpl *fresh = e ? NULL : calloc(1, sizeof *fresh);
        char *text = fresh ? pw_template_policy_text(want->policy) : NULL;
        bool made = text && pw_template_policy_parse(text, &fresh->policy) &&
                    (fresh->origin = pw_strdup(want->origin));
        if (made) fresh->inline_policy = want->inline_policy;
        if (fresh && !made) pw_buf_appendf(why, "out of memory");
        if (made && (*w = spawn(pool, text, deadline, fresh, why)) == PW_WAIT_OK) {
            pthread_mutex_lock(&pool->mu);
            insert_locked(pool, fresh);
            pthread_mutex_unlock(&pool->mu);
            e = fresh;
        } else if (fresh) {
            pw_policy_free(&fresh->policy);
            free(fresh->origin);
            free(fresh);
        }
        free(text);
        pthread_mutex_unlock(&pool->launcher_mu);
    }
    if (e) *w = PW_WAIT_OK;
    return e;
}

/* ---- slots ---- */

/* Ends slot i's waits for a template to start or take its run (pw_zygote_give_up_on). */
static void give_up(pw_pool *pool, int i)
{
    (void)eventfd_write(pool->wakes[i], 1);
}

/* A free slot, waiting for one until deadline; -1 when none came free in time. */
static int slot_acquire(pw_pool *pool, pw_cancel *cancel, double deadline)
{
    struct timespec until = abs_time(deadline);
    pthread_mutex_lock(&pool->mu);
    int i;
    for (;;) {
        for (i = 0; i < pool->workers && pool->slots[i].busy; i++)
            ;
        if (i < pool->workers) break;
        if (pthread_cond_clockwait(&pool->slot_free, &pool->mu, CLOCK_MONOTONIC, &until) ==
            ETIMEDOUT) {
            pthread_mutex_unlock(&pool->mu);
            return -1;
        }
    }
    pool->slots[i] = (slot){.busy = true, .cancelled = pool->cancelling, .cancel = cancel};
    eventfd_t left;
    (void)eventfd_read(pool->wakes[i], &left); /* an earlier caller's give_up */
    if (pool->cancelling || (cancel && cancel->requested)) give_up(pool, i);
    pthread_mutex_unlock(&pool->mu);
    return i;
}

static void slot_release(pw_pool *pool, int i)
{
    pthread_mutex_lock(&pool->mu);
    pool->slots[i] = (slot){0};
    pthread_cond_signal(&pool->slot_free);
    pthread_mutex_unlock(&pool->mu);
}

/* Publishes the started run so pw_pool_cancel_all can kill it; false if the pool is
 * cancelling, in which case the caller kills it itself. */
static bool slot_go_live(pw_pool *pool, int i, pid_t pid)
{
    pthread_mutex_lock(&pool->mu);
    slot *s = &pool->slots[i];
    if (s->cancel && s->cancel->requested) s->aborted = true;
    bool go = !s->cancelled && !s->aborted;
    s->live = go;
    s->pid = pid;
    pthread_mutex_unlock(&pool->mu);
    return go;
}

/* Why the slot's run must not start (started false) or why its result is void: the pool
 * is shutting down, or its caller cancelled it. NULL when neither; *type is the error's. */
static const char *slot_refusal(pw_pool *pool, int i, bool started, const char **type)
{
    pthread_mutex_lock(&pool->mu);
    slot *s = &pool->slots[i];
    if (!started && s->cancel && s->cancel->requested) s->aborted = true;
    bool cancelled = s->cancelled, aborted = s->aborted;
    pthread_mutex_unlock(&pool->mu);
    *type = cancelled ? "internal" : "cancelled";
    if (cancelled)
        return started ? "cancelled: pywarden is shutting down and killed the run"
                       : "cancelled: pywarden is shutting down";
    if (aborted)
        return started ? "cancelled by the caller; the run was killed"
                       : "cancelled by the caller before it started";
    return NULL;
}

static void kill_run(pid_t pid)
{
    kill(-pid, SIGKILL);
    kill(pid, SIGKILL);
}

void pw_pool_cancel(pw_pool *pool, pw_cancel *cancel)
{
    pthread_mutex_lock(&pool->mu);
    cancel->requested = true;
    for (int i = 0; i < pool->workers; i++) {
        slot *s = &pool->slots[i];
        if (!s->busy || s->cancel != cancel) continue;
        give_up(pool, i);
        if (!s->live) continue;
        s->aborted = true;
        kill_run(s->pid);
    }
    pthread_mutex_unlock(&pool->mu);
}

void pw_pool_cancel_all(pw_pool *pool)
{
    pthread_mutex_lock(&pool->mu);
    pool->cancelling = true;
    for (int i = 0; i < pool->workers; i++) {
        slot *s = &pool->slots[i];
        if (!s->busy) continue;
        s->cancelled = true;
        give_up(pool, i);
        if (s->live) kill_run(s->pid);
    }
    pthread_mutex_unlock(&pool->mu);
}

/* ---- one run ---- */

typedef struct {
    pw_pool *pool;
    int slot;
    tmpl *e;
    int run_pidfd;
    bool lost; /* the template died before telling how the run ended */
} reap_ctx;

/* From here on the slot's pid may be freed: pw_pool_cancel_all must not signal it. */
static void slot_not_live(pw_pool *pool, int i)
{
    pthread_mutex_lock(&pool->mu);
    pool->slots[i].live = false;
    pthread_mutex_unlock(&pool->mu);
}

static bool reap_warm(void *ctx_, pid_t pid, int *status, struct rusage *ru)
{
    reap_ctx *ctx = ctx_;
    slot_not_live(ctx->pool, ctx->slot);
    if (pw_template_reap(&ctx->e->t, ctx->slot, pid, ctx->run_pidfd, status, ru)) return true;
    ctx->lost = true;
    return false;
}

static void release_warm(void *ctx_, pid_t pid)
{
    reap_ctx *ctx = ctx_;
    slot_not_live(ctx->pool, ctx->slot);
    pw_template_release_run(&ctx->e->t, ctx->slot, pid);
}

static void close3(int *fds)
{
    for (int i = 0; i < 3; i++)
        if (fds[i] >= 0) close(fds[i]), fds[i] = -1;
}

static bool make_pipes(int rfds[3], int wfds[3])
{
    for (int i = 0; i < 3; i++) {
        int p[2];
        if (pipe2(p, O_CLOEXEC) != 0) {
            close3(rfds), close3(wfds);
            return false;
        }
        rfds[i] = p[0], wfds[i] = p[1];
    }
    return true;
}

static cJSON *fail_with(const char *type, pw_buf *why)
{
    cJSON *r = pw_result_fail(type, "%s", why->data ? why->data : "unknown failure");
    pw_buf_free(why);
    return r;
}

/* The deadline passed before the run could start: the same error as a run killed at it. */
static cJSON *timed_out(const pw_req *req, pw_buf *why)
{
    cJSON *r = pw_result_fail(
        "timeout", "the request passed its %ld ms deadline before its run could start: %s",
        req->timeout_ms, why->data ? why->data : "?");
    cJSON_AddNumberToObject(cJSON_GetObjectItem(r, "error"), "timeout_ms", (double)req->timeout_ms);
    pw_buf_free(why);
    return r;
}

/* Starts req on a template of its policy by deadline; retries once on a fresh template when
 * the template was found dead, or hung, before it saw the request. NULL with *w and why
 * saying what failed. */
/* Whether t's process has ended (its pidfd reads as exited), told before it is killed. A
 * process closes its sockets before its pidfd says it exited: given a moment to. */
static bool template_ended(const pw_template *t)
{
    struct pollfd p = {.fd = t->pidfd, .events = POLLIN};
    return t->pidfd >= 0 && poll(&p, 1, 100) == 1;
}

/* Why a template ends under its runs: seen in a cgroup whose limit held the template alone
 * but not with its runs, where the answers had said only "Connection reset by peer". */
#define TEMPLATE_KILLED                                                                            \
    "the kernel's OOM killer does this when the memory limit of the host or of a container "       \
    "(cgroup) is below what the template and its runs need together (raise it, or lower "          \
    "--workers), else another process killed it"

static tmpl *start_run(pw_pool *pool, int slot_i, const pw_req *req, const tmpl_want *want,
                       double deadline, const char *nonce, const int wfds[3], pid_t *pid,
                       int *pidfd, pw_wait *w, pw_buf *why)
{
    for (int attempt = 0; attempt < 2; attempt++) {
        why->len = 0;
        tmpl *e = tmpl_get(pool, want, deadline, w, why);
        if (!e) return NULL;
        *w = pw_template_fork(&e->t, slot_i, req, nonce, wfds, deadline, pid, pidfd, why);
        if (*w == PW_WAIT_OK) return e;
        /* One that answered on this slot before is up: its refusal of this run (no process
         * or fd to be had for it) must not kill its runs in flight. One that refused its
         * first ping could not initialise, and is replaced. */
        bool up = *w == PW_WAIT_REFUSED && e->t.owed[slot_i].answered;
        bool gone = *w == PW_WAIT_NOT_SENT || *w == PW_WAIT_GONE;
        if (gone && attempt == 1 && template_ended(&e->t))
            pw_buf_appendf(why, " (it ended: " TEMPLATE_KILLED ")");
        if (*w != PW_WAIT_LATE && !up) tmpl_lost(pool, e);
        tmpl_put(pool, e);
        if (!gone) return NULL;
    }
    return NULL;
}

static const char *error_type(const cJSON *result)
{
    return cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(result, "error"), "type"));
}

/* The pool's leased entry for its runs' host directories, made by the first run that may need
 * one; NULL when it cannot be (its runs' directories are then named as a cold run's). */
static const char *runs_nest(pw_pool *pool)
{
    pthread_mutex_lock(&pool->tmp_mu);
    /* tried again a second after a failure (no fd to be had, TMPDIR full for a moment) */
    if (pool->tmp_lease < 0 && pw_now_ms() >= pool->tmp_retry_ms) {
        pool->tmp_lease = pw_hosttmp_lease_nest(pool->tmp_nest, pool->tmp_lease_path);
        pool->tmp_retry_ms = pw_now_ms() + 1000.0;
    }
    const char *nest = pool->tmp_lease >= 0 ? pool->tmp_nest : NULL; /* fixed once leased */
    pthread_mutex_unlock(&pool->tmp_mu);
    return nest;
}

static cJSON *run_warm(pw_pool *pool, int slot_i, const pw_req *given, const tmpl_want *want,
                       double start)
{
    /* Where the run keeps its temporary files should its template have no view. */
    char tmp_dir[PW_HOSTTMP_MAX];
    pw_req run = *given;
    const pw_req *req = &run;
    const char *nest = pw_child_needs_host_tmp(&run.policy) ? runs_nest(pool) : NULL;
    bool named = run.policy.tmp_mb > 0 && (nest ? pw_hosttmp_name_in(nest, tmp_dir, sizeof tmp_dir)
                                                : pw_hosttmp_name(tmp_dir, sizeof tmp_dir));
    run.tmp_dir = named ? tmp_dir : NULL;
    double deadline = start + (double)req->timeout_ms;
    int rfds[3] = {-1, -1, -1}, wfds[3] = {-1, -1, -1};
    pw_buf why = {0};
    if (!make_pipes(rfds, wfds)) {
        pw_buf_appendf(&why, "pipe2: %s", strerror(errno));
        return fail_with("internal", &why);
    }
    pid_t pid;
    int pidfd;
    pw_wait w = PW_WAIT_REFUSED;
    char nonce[PW_NONCE_HEX + 1] = {0};
    pw_zygote_give_up_on(pool->wakes[slot_i]); /* a cancel need not wait for a template */
    tmpl *e = pw_nonce_new(nonce) ? start_run(pool, slot_i, req, want, deadline, nonce, wfds, &pid,
                                              &pidfd, &w, &why)
                                  : NULL;
    pw_zygote_give_up_on(-1);
    close3(wfds);
    const char *type, *refused = e ? NULL : slot_refusal(pool, slot_i, false, &type);
    if (refused) {
        pw_buf_free(&why);
        close3(rfds);
        return pw_result_fail(type, "%s", refused);
    }
    if (!e) {
        close3(rfds);
        return w == PW_WAIT_LATE ? timed_out(req, &why) : fail_with("internal", &why);
    }
    pw_buf_free(&why);
    bool go = slot_go_live(pool, slot_i, pid);
    if (!go) kill_run(pid);
    reap_ctx ctx = {pool, slot_i, e, pidfd, false};
    pw_run_handle h = {.pid = pid,
                       .pidfd = pidfd,
                       .out_r = rfds[0],
                       .err_r = rfds[1],
                       .res_r = rfds[2],
                       .mode = "warm",
                       .deadline_ms = deadline,
                       .reap = reap_warm,
                       .release = release_warm,
                       .reap_ctx = &ctx};
    memcpy(h.nonce, nonce, sizeof h.nonce);
    cJSON *result = pw_supervise_watch(&h, req, start);
    const char *void_why = NULL, *got = error_type(result);
    type = "internal";
    if (ctx.lost) {
        bool ended = template_ended(&e->t);
        tmpl_lost(pool, e);
        if (!(got && !strcmp(got, "timeout"))) /* a run past its deadline says timeout */
            void_why =
                ended ? "the warm template died during the run (it is being "
                        "restarted): " TEMPLATE_KILLED
                      : "the warm template died or hung during the run (it is being restarted)";
    } else {
        void_why = slot_refusal(pool, slot_i, true, &type);
    }
    if (void_why) pw_result_set_error(result, pw_error_new(type, "%s", void_why));
    tmpl_put(pool, e);
    return result;
}

/* The policy the request names as JSON text, the pool's when it names none (or request is
 * NULL): read before the ceiling puts a policy file's object in its place, so the templates
 * of an edited file keep one origin. */
static char *policy_origin(const pw_pool *pool, const cJSON *request)
{
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(request, "policy");
    if (!p || cJSON_IsNull(p)) p = pool->default_policy;
    return p ? cJSON_PrintUnformatted(p) : pw_strdup("null");
}

/* Adds the pool's policy to a request that names none. */
static void add_default_policy(const pw_pool *pool, cJSON *request)
{
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(request, "policy");
    if ((!p || cJSON_IsNull(p)) && pool->default_policy) {
        cJSON_DeleteItemFromObjectCaseSensitive(request, "policy");
        cJSON_AddItemToObject(request, "policy", cJSON_Duplicate(pool->default_policy, 1));
    }
}

static void caller_enter(pw_pool *pool)
{
    pthread_mutex_lock(&pool->mu);
    pool->callers++;
    pthread_mutex_unlock(&pool->mu);
}

static cJSON *caller_leave(pw_pool *pool, cJSON *result)
{
    pthread_mutex_lock(&pool->mu);
    if (--pool->callers == 0) pthread_cond_broadcast(&pool->idle);
    pthread_mutex_unlock(&pool->mu);
    return result;
}

static cJSON *execute(pw_pool *pool, cJSON *request, pw_cancel *cancel)
{
    if (!cJSON_IsObject(request))
        return pw_result_fail("invalid_request", "the request must be a JSON object");
    char *origin = policy_origin(pool, request);
    const cJSON *own = cJSON_GetObjectItemCaseSensitive(request, "policy");
    bool inline_policy =
        own && !cJSON_IsNull(own) && !(cJSON_IsString(own) && pw_policy_is_name(own->valuestring));
    /* Before anything of the request is opened or a template started for it. */
    /* the ceiling judges inline policies at the work_dir the work root gives */
    cJSON *err = origin ? pw_req_confine(request, pool->work_root)
                        : pw_result_fail("internal", "out of memory");
    if (!err) err = pw_ceiling_check(&pool->ceiling, request);
    pw_req req;
    if (!err) {
        add_default_policy(pool, request);
        err = pw_req_from_json_cached(request, &req, pool->policies);
    }
    if (err) {
        free(origin);
        return err;
    }
    /* The template runs under exactly the policy the request was just checked against. */
    tmpl_want want = {.policy = &req.policy, .origin = origin, .inline_policy = inline_policy};
    double start = pw_now_ms(); /* timeout_ms bounds everything from here on */
    int i = slot_acquire(pool, cancel, start + (double)req.timeout_ms);
    cJSON *result;
    if (i < 0) {
        pw_buf why = {0};
        pw_buf_appendf(&why, "every worker slot stayed busy");
        result = timed_out(&req, &why);
        pw_buf_free(&why);
    } else {
        const char *type, *why = slot_refusal(pool, i, false, &type);
        result = why ? pw_result_fail(type, "%s", why) : run_warm(pool, i, &req, &want, start);
        slot_release(pool, i);
    }
    pw_req_free(&req);
    free(origin);
    return result;
}

cJSON *pw_pool_execute(pw_pool *pool, cJSON *request, pw_cancel *cancel)
{
    caller_enter(pool);
    return caller_leave(pool, execute(pool, request, cancel));
}

void pw_pool_caller_enter(pw_pool *pool)
{
    caller_enter(pool);
}

void pw_pool_caller_leave(pw_pool *pool)
{
    caller_leave(pool, NULL);
}

char *pw_pool_run(pw_pool *pool, const char *request_json)
{
    /* counted from here: a pw_pool_destroy meanwhile waits for the request being parsed too
     * (it freed the pool under an 8 MiB request's parse) */
    if (pool) caller_enter(pool);
    cJSON *r;
    const char *why = NULL;
    size_t len = request_json ? strlen(request_json) : 0;
    cJSON *obj = !request_json || !pool             ? NULL
                 : pw_utf8_valid(request_json, len) ? pw_req_json(request_json, &why)
                                                    : NULL;
    if (!pool)
        r = pw_result_fail("invalid_request", "no pool");
    else if (!request_json)
        r = pw_result_fail("invalid_request", "no request");
    else if (!obj && !why)
        r = pw_result_fail("invalid_request", "the request is not valid UTF-8");
    else if (!obj)
        r = pw_req_json_failure(why);
    else
        r = pw_pool_execute(pool, obj, NULL);
    cJSON_Delete(obj);
    char *s = pw_result_print(r);
    cJSON_Delete(r);
    if (pool) caller_leave(pool, NULL);
    return s;
}

/* ---- life cycle ---- */

/* Starts the default policy's template now, loaded as for a request that names none in the
 * cwd: errors show at create, not at the first run. */
static bool warm_default(pw_pool *pool, pw_buf *why)
{
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd)) return true; /* requests must name a work_dir: each says so */
    char *work_dir = NULL, *origin = policy_origin(pool, NULL);
    pw_policy p;
    cJSON *err =
        origin ? pw_req_work_dir(NULL, &work_dir) : pw_result_fail("internal", "out of memory");
    if (!err)
        err = pw_policy_load_cached(pool->policies, pool->default_policy,
                                    pw_req_policy_base(NULL, work_dir), &p);
    free(work_dir);
    if (err) {
        const char *m =
            cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(err, "error"), "message"));
        pw_buf_appendf(why, "%s", m ? m : "?");
        cJSON_Delete(err);
        free(origin);
        return false;
    }
    tmpl_want want = {.policy = &p, .origin = origin};
    double deadline = pw_now_ms() + PW_START_MS;
    bool ok = false, died = false;
    /* A template (or its launcher) killed while it starts is replaced once, as start_run
     * replaces one found dead: a fault from outside must not stop serve from starting. */
    for (int attempt = 0; attempt < 2 && !ok; attempt++) {
        why->len = 0;
        pw_wait w;
        tmpl *e = tmpl_get(pool, &want, deadline, &w, why);
        if (e) {
            w = pw_template_ping(&e->t, 0, deadline, why);
            ok = w == PW_WAIT_OK;
            if (!ok) tmpl_lost(pool, e);
            tmpl_put(pool, e);
        }
        died = !ok && (w == PW_WAIT_GONE || w == PW_WAIT_NOT_SENT);
        if (!e || !died) break;
    }
    /* seen in a container whose memory limit was below what the template needs, and under
     * a systemd unit's SystemCallFilter=, which kills on a call the view makes */
    static const char oom[] = "the kernel's OOM killer does this when the memory limit of the "
                              "host or of a container (cgroup) is below what the policy's "
                              "template needs, its interpreter and preload; `pywarden run` "
                              "starts less",
                      filter[] = "a seccomp filter this process runs under that kills a call "
                                 "the layers make does this, as systemd's SystemCallFilter= "
                                 "does: `pywarden doctor` names it";
    /* under a filter, that first: it is there for certain, a memory limit may not be */
    if (!ok && died && prctl(PR_GET_SECCOMP, 0, 0, 0, 0) == 2)
        pw_buf_appendf(why, " (it died while starting: %s; else %s)", filter, oom);
    else if (!ok && died)
        pw_buf_appendf(why, " (it died while starting: %s)", oom);
    pw_policy_free(&p);
    free(origin);
    return ok;
}

static void pool_free(pw_pool *pool)
{
    while (pool->templates)
        unlink_locked(pool, pool->templates);
    pw_launcher_stop(&pool->launcher);
    if (pool->tmp_lease >= 0) { /* its runs are gone: each removed its own directory */
        pw_hosttmp_remove(pool->tmp_nest, pw_now_ms() + 1000.0); /* as a sweep bounds it */
        pw_hosttmp_release(pool->tmp_lease, pool->tmp_lease_path);
    }
    pthread_mutex_destroy(&pool->tmp_mu);
    cJSON_Delete(pool->default_policy);
    pw_ceiling_free(&pool->ceiling);
    free(pool->work_root);
    pw_policy_cache_free(pool->policies);
    free(pool->slots);
    for (int i = 0; pool->wakes && i < pool->workers; i++)
        if (pool->wakes[i] >= 0) close(pool->wakes[i]);
    free(pool->wakes);
    pthread_cond_destroy(&pool->slot_free);
    pthread_mutex_destroy(&pool->launcher_mu);
    pthread_cond_destroy(&pool->idle);
    pthread_mutex_destroy(&pool->mu);
    free(pool);
}

static int cpu_count(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

/* The option resolved once (the host's own symlinks followed: requests' are refused); "/"
 * confines nothing. NULL for none, or with why said. */
static char *work_root(const char *given, pw_buf *why)
{
    if (!given) return NULL;
    char *real = NULL;
    if (!*given && !(real = pw_strdup(""))) pw_buf_appendf(why, "work root: out of memory");
    if (!*given) return real;
    char *followed = realpath(given, NULL);
    cJSON *err = pw_req_work_dir(followed ? followed : given, &real);
    free(followed);
    if (err) {
        const cJSON *e = cJSON_GetObjectItemCaseSensitive(err, "error");
        const char *m = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "message"));
        /* the message names the request's field: this is the host's option */
        pw_buf_appendf(why, "work root %s", m && !strncmp(m, "work_dir ", 9) ? m + 9 : m);
        cJSON_Delete(err);
        return NULL;
    }
    if (strcmp(real, "/") != 0) return real;
    free(real);
    return NULL;
}

pw_pool *pw_pool_create(const char *policy, int workers, char **error)
{
    pw_pool_options o = {.policy = policy, .workers = workers};
    return pw_pool_create_with(&o, error);
}

pw_pool *pw_pool_create_with(const pw_pool_options *options, char **error)
{
    const pw_pool_options none = {0}, *o = options ? options : &none;
    pw_buf why = {0};
    int workers = o->workers;
    if (workers == 0) workers = cpu_count();
    if (workers > PW_ZYGOTE_MAX_CONNS) workers = PW_ZYGOTE_MAX_CONNS;
    pw_pool *pool = workers > 0 ? calloc(1, sizeof *pool) : NULL;
    if (!pool) pw_buf_appendf(&why, workers > 0 ? "out of memory" : "workers must be >= 0");
    if (pool) {
        pthread_mutex_init(&pool->mu, NULL);
        pthread_mutex_init(&pool->launcher_mu, NULL);
        pthread_mutex_init(&pool->tmp_mu, NULL);
        pool->tmp_lease = -1;
        pthread_cond_init(&pool->slot_free, NULL);
        pthread_cond_init(&pool->idle, NULL);
        pool->workers = workers;
        pool->launcher =
            (pw_launcher){.pid = -1, .pidfd = -1, .sock = -1, .nursery = -1, .nursery_sock = -1};
        pool->slots = calloc((size_t)workers, sizeof *pool->slots);
        pool->wakes = malloc(sizeof *pool->wakes * (size_t)workers);
        if (!pool->slots || !pool->wakes) pw_buf_appendf(&why, "out of memory");
        for (int i = 0; pool->wakes && i < workers; i++)
            if ((pool->wakes[i] = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) < 0 && !why.len)
                pw_buf_appendf(&why, "eventfd: %s", strerror(errno));
        pool->policies = pw_policy_cache_new();
        pool->mounts_seen = pw_mount_table_generation(pw_policy_cache_mounts(pool->policies));
        const char *e = NULL;
        pool->default_policy = pw_policy_spec(o->policy, &e);
        if (e) pw_buf_appendf(&why, "%s", e);
        if (!why.len) pool->work_root = work_root(o->work_root, &why);
    }
    bool ok = pool && !why.len &&
              pw_ceiling_init(&pool->ceiling, o->allow_policies, o->allow_inline_policies,
                              o->policy, &why) &&
              pw_launcher_start(&pool->launcher, &why) && warm_default(pool, &why);
    if (!ok) {
        if (pool) pool_free(pool);
        if (error) *error = pw_buf_take(&why);
        pw_buf_free(&why);
        return NULL;
    }
    pw_buf_free(&why);
    return pool;
}

void pw_pool_destroy(pw_pool *pool)
{
    if (!pool) return;
    /* Runs in flight (and callers waiting for a slot) finish first: they use the pool. */
    pthread_mutex_lock(&pool->mu);
    while (pool->callers > 0)
        pthread_cond_wait(&pool->idle, &pool->mu);
    pthread_mutex_unlock(&pool->mu);
    pool_free(pool);
}
