/* The warm pool: worker slots, templates keyed by policy, and the supervisor hooks that
 * make a run forked by a template look like any other run to pw_supervise_watch. */
#include "pool.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api.h"
#include "ceiling.h"
#include "jsonconv.h"
#include "request.h"
#include "result.h"
#include "supervisor.h"
#include "zygote.h"

#define MAX_TEMPLATES 8         /* distinct policies kept warm; the least used goes first */
#define TEMPLATE_START_MS 30000 /* interpreter start-up, slow under sanitizers */

typedef struct tmpl {
    char *key; /* policy spec JSON, '\n', work_dir */
    pw_template t;
    int refs; /* runs using it, plus one while it is in the pool's list */
    unsigned long last_use;
    struct tmpl *next;
} tmpl;

typedef struct {
    bool busy;
    bool live; /* pid is a run not yet reaped: safe to signal its process group */
    bool cancelled;
    pid_t pid;
} slot;

struct pw_pool {
    pthread_mutex_t mu;
    pthread_cond_t slot_free;
    pthread_cond_t idle; /* callers dropped to 0: what pw_pool_destroy waits for */
    int callers;         /* threads inside pw_pool_execute */
    int workers;
    slot *slots;
    cJSON *default_policy; /* the spec added to requests that name none */
    pw_ceiling ceiling;    /* fixed at create: no request can change it */
    pw_launcher launcher;
    tmpl *templates;
    int ntemplates;
    unsigned long clock;
    bool cancelling;
};

/* ---- templates ---- */

static void tmpl_put_locked(tmpl *e)
{
    if (--e->refs > 0) return;
    pw_template_release(&e->t);
    free(e->key);
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

/* The template died or misbehaved: the next run of its policy starts a fresh one. */
static void tmpl_lost(pw_pool *pool, tmpl *e)
{
    pthread_mutex_lock(&pool->mu);
    unlink_locked(pool, e);
    pthread_mutex_unlock(&pool->mu);
}

static void evict_locked(pw_pool *pool)
{
    tmpl *lru = NULL;
    for (tmpl *e = pool->templates; e; e = e->next)
        if (e->refs == 1 && (!lru || e->last_use < lru->last_use)) lru = e;
    if (lru) unlink_locked(pool, lru);
}

static tmpl *spawn_locked(pw_pool *pool, const char *spec, const char *work_dir, const char *key,
                          pw_buf *why)
{
    if (pool->ntemplates >= MAX_TEMPLATES) evict_locked(pool);
    tmpl *e = calloc(1, sizeof *e);
    if (!e || !(e->key = pw_strdup(key)) ||
        !pw_template_spawn(&pool->launcher, spec, work_dir, pool->workers, &e->t, why)) {
        if (e) free(e->key);
        free(e);
        return NULL;
    }
    e->refs = 1;
    e->next = pool->templates;
    pool->templates = e;
    pool->ntemplates++;
    return e;
}

/* The template for (spec, work_dir), started if needed; holds a reference. */
static tmpl *tmpl_get(pw_pool *pool, const char *spec, const char *work_dir, pw_buf *why)
{
    pw_buf key = {0};
    if (!pw_buf_appendf(&key, "%s\n%s", spec, work_dir)) return NULL;
    pthread_mutex_lock(&pool->mu);
    tmpl *e = pool->templates;
    while (e && strcmp(e->key, key.data) != 0)
        e = e->next;
    if (!e) e = spawn_locked(pool, spec, work_dir, key.data, why);
    if (e) {
        e->refs++;
        e->last_use = ++pool->clock;
    }
    pthread_mutex_unlock(&pool->mu);
    pw_buf_free(&key);
    return e;
}

/* ---- slots ---- */

static int slot_acquire(pw_pool *pool)
{
    pthread_mutex_lock(&pool->mu);
    int i;
    for (;;) {
        for (i = 0; i < pool->workers && pool->slots[i].busy; i++)
            ;
        if (i < pool->workers) break;
        pthread_cond_wait(&pool->slot_free, &pool->mu);
    }
    pool->slots[i] = (slot){.busy = true, .cancelled = pool->cancelling};
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
    bool go = !pool->slots[i].cancelled;
    pool->slots[i].live = go;
    pool->slots[i].pid = pid;
    pthread_mutex_unlock(&pool->mu);
    return go;
}

static bool slot_cancelled(pw_pool *pool, int i)
{
    pthread_mutex_lock(&pool->mu);
    bool c = pool->slots[i].cancelled;
    pthread_mutex_unlock(&pool->mu);
    return c;
}

void pw_pool_cancel_all(pw_pool *pool)
{
    pthread_mutex_lock(&pool->mu);
    pool->cancelling = true;
    for (int i = 0; i < pool->workers; i++) {
        slot *s = &pool->slots[i];
        if (!s->busy) continue;
        s->cancelled = true;
        if (s->live) {
            kill(-s->pid, SIGKILL);
            kill(s->pid, SIGKILL);
        }
    }
    pthread_mutex_unlock(&pool->mu);
}

/* ---- one run ---- */

typedef struct {
    pw_pool *pool;
    int slot;
    tmpl *e;
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
    if (pw_template_reap(&ctx->e->t, ctx->slot, pid, status, ru)) return true;
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

/* Starts req on a template of its policy; retries once on a fresh template when the
 * template was found dead before it saw the request (it was killed between runs). */
static tmpl *start_run(pw_pool *pool, int slot_i, const pw_req *req, const char *spec,
                       const char *nonce, const int wfds[3], pid_t *pid, int *pidfd, pw_buf *why)
{
    int wait_ms = req->timeout_ms > TEMPLATE_START_MS ? (int)req->timeout_ms : TEMPLATE_START_MS;
    for (int attempt = 0; attempt < 2; attempt++) {
        why->len = 0;
        tmpl *e = tmpl_get(pool, spec, req->work_dir, why);
        if (!e) return NULL;
        pw_fork_status st =
            pw_template_fork(&e->t, slot_i, req, nonce, wfds, wait_ms, pid, pidfd, why);
        if (st == PW_FORK_OK) return e;
        tmpl_lost(pool, e);
        tmpl_put(pool, e);
        if (st == PW_FORK_FAILED) return NULL;
    }
    return NULL;
}

static void override_error(cJSON *result, const char *msg)
{
    pw_result_set_error(result, pw_error_new("internal", "%s", msg));
}

static cJSON *run_warm(pw_pool *pool, int slot_i, const pw_req *req, const char *spec)
{
    double start = pw_now_ms();
    int rfds[3] = {-1, -1, -1}, wfds[3] = {-1, -1, -1};
    pw_buf why = {0};
    if (!make_pipes(rfds, wfds)) {
        pw_buf_appendf(&why, "pipe2: %s", strerror(errno));
        return fail_with("internal", &why);
    }
    pid_t pid;
    int pidfd;
    char nonce[PW_NONCE_HEX + 1] = {0};
    tmpl *e = pw_nonce_new(nonce)
                  ? start_run(pool, slot_i, req, spec, nonce, wfds, &pid, &pidfd, &why)
                  : NULL;
    close3(wfds);
    if (!e) {
        close3(rfds);
        return fail_with("internal", &why);
    }
    pw_buf_free(&why);
    bool go = slot_go_live(pool, slot_i, pid);
    if (!go) kill(-pid, SIGKILL), kill(pid, SIGKILL);
    reap_ctx ctx = {pool, slot_i, e, false};
    pw_run_handle h = {.pid = pid,
                       .pidfd = pidfd,
                       .out_r = rfds[0],
                       .err_r = rfds[1],
                       .res_r = rfds[2],
                       .mode = "warm",
                       .reap = reap_warm,
                       .release = release_warm,
                       .reap_ctx = &ctx};
    memcpy(h.nonce, nonce, sizeof h.nonce);
    cJSON *result = pw_supervise_watch(&h, req, start);
    if (ctx.lost) {
        tmpl_lost(pool, e);
        override_error(result, "the warm template died during the run (it is being restarted)");
    } else if (slot_cancelled(pool, slot_i)) {
        override_error(result, "cancelled: pywarden is shutting down and killed the run");
    }
    tmpl_put(pool, e);
    return result;
}

/* Adds the pool's policy to a request that names none; returns the spec as JSON text. */
static char *policy_spec(pw_pool *pool, cJSON *request)
{
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(request, "policy");
    if ((!p || cJSON_IsNull(p)) && pool->default_policy) {
        cJSON_DeleteItemFromObjectCaseSensitive(request, "policy");
        cJSON_AddItemToObject(request, "policy", cJSON_Duplicate(pool->default_policy, 1));
        p = cJSON_GetObjectItemCaseSensitive(request, "policy");
    }
    return p ? cJSON_PrintUnformatted(p) : pw_strdup("null");
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

static cJSON *execute(pw_pool *pool, cJSON *request)
{
    if (!cJSON_IsObject(request))
        return pw_result_fail("invalid_request", "the request must be a JSON object");
    /* Before anything of the request is opened or a template started for it. */
    cJSON *err = pw_ceiling_check(&pool->ceiling, request);
    if (err) return err;
    char *spec = policy_spec(pool, request);
    pw_req req;
    err = spec ? pw_req_from_json(request, &req) : pw_result_fail("internal", "out of memory");
    if (err) {
        free(spec);
        return err;
    }
    int i = slot_acquire(pool);
    cJSON *result = slot_cancelled(pool, i)
                        ? pw_result_fail("internal", "cancelled: pywarden is shutting down")
                        : run_warm(pool, i, &req, spec);
    slot_release(pool, i);
    pw_req_free(&req);
    free(spec);
    return result;
}

cJSON *pw_pool_execute(pw_pool *pool, cJSON *request)
{
    caller_enter(pool);
    return caller_leave(pool, execute(pool, request));
}

char *pw_pool_run(pw_pool *pool, const char *request_json)
{
    cJSON *r;
    const char *why = NULL;
    size_t len = request_json ? strlen(request_json) : 0;
    cJSON *obj = !request_json                      ? NULL
                 : pw_utf8_valid(request_json, len) ? pw_json_parse_exact(request_json, &why)
                                                    : NULL;
    if (!request_json)
        r = pw_result_fail("invalid_request", "no request");
    else if (!obj && !why)
        r = pw_result_fail("invalid_request", "the request is not valid UTF-8");
    else if (!obj)
        r = pw_result_fail("invalid_request", "the request is not valid JSON: %s", why);
    else
        r = pw_pool_execute(pool, obj);
    cJSON_Delete(obj);
    char *s = pw_result_print(r);
    cJSON_Delete(r);
    return s;
}

/* ---- life cycle ---- */

/* Starts the default policy's template now: errors show at create, not at the first run. */
static bool warm_default(pw_pool *pool, pw_buf *why)
{
    char *spec =
        pool->default_policy ? cJSON_PrintUnformatted(pool->default_policy) : pw_strdup("null");
    char *cwd = realpath(".", NULL);
    tmpl *e = spec && cwd ? tmpl_get(pool, spec, cwd, why) : NULL;
    bool ok = e && pw_template_ping(&e->t, 0, TEMPLATE_START_MS, why);
    if (e && !ok) tmpl_lost(pool, e);
    if (e) tmpl_put(pool, e);
    free(spec);
    free(cwd);
    return ok;
}

static void pool_free(pw_pool *pool)
{
    while (pool->templates)
        unlink_locked(pool, pool->templates);
    pw_launcher_stop(&pool->launcher);
    cJSON_Delete(pool->default_policy);
    pw_ceiling_free(&pool->ceiling);
    free(pool->slots);
    pthread_cond_destroy(&pool->slot_free);
    pthread_cond_destroy(&pool->idle);
    pthread_mutex_destroy(&pool->mu);
    free(pool);
}

static int cpu_count(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

pw_pool *pw_pool_create(const char *policy, int workers, char **error)
{
    pw_pool_options o = {.policy = policy, .workers = workers};
    return pw_pool_create_with(&o, error);
}

pw_pool *pw_pool_create_with(const pw_pool_options *o, char **error)
{
    pw_buf why = {0};
    int workers = o->workers;
    if (workers == 0) workers = cpu_count();
    if (workers > PW_ZYGOTE_MAX_CONNS) workers = PW_ZYGOTE_MAX_CONNS;
    pw_pool *pool = workers > 0 ? calloc(1, sizeof *pool) : NULL;
    if (!pool) pw_buf_appendf(&why, workers > 0 ? "out of memory" : "workers must be >= 0");
    if (pool) {
        pthread_mutex_init(&pool->mu, NULL);
        pthread_cond_init(&pool->slot_free, NULL);
        pthread_cond_init(&pool->idle, NULL);
        pool->workers = workers;
        pool->launcher = (pw_launcher){.pid = -1, .sock = -1};
        pool->slots = calloc((size_t)workers, sizeof *pool->slots);
        const char *e = NULL;
        pool->default_policy = pw_policy_spec(o->policy, &e);
        if (e) pw_buf_appendf(&why, "%s", e);
    }
    bool ok = pool && pool->slots && !why.len &&
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
