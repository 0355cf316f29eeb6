/* `pywarden worker`: runs requests queued in a Redis stream, through a warm pool.
 *
 * Threads: a reader (its own connection: XREADGROUP for new entries, XPENDING + XCLAIM for
 * entries a dead worker left pending), N runners (entry -> pool -> answer), a writer (its
 * own connection: each answer written and its entry acknowledged in one atomic script, and
 * a heartbeat that keeps the entries in hand from looking idle), and main, which waits for
 * SIGTERM/SIGINT/SIGHUP and shuts down within the grace period. */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "jsonconv.h"
#include "pool.h"
#include "redis.h"
#include "request.h"
#include "result.h"

#define READ_BLOCK_MS 250 /* how long one XREADGROUP waits: bounds how late a stop is seen */
#define IO_TIMEOUT_MS 5000
#define MAX_ID 64

static const char worker_usage[] =
    "usage: pywarden worker --redis URL --stream KEY [--group NAME] [--consumer NAME]\n"
    "                       [--workers N] [--policy P] [--allow-policies NAME[,NAME...]]\n"
    "                       [--allow-inline-policies] [--claim-idle-ms N]\n"
    "                       [--max-deliveries N] [--grace-ms N] [--work-root DIR]\n"
    "\n"
    "Runs the requests queued in a Redis stream in warm sandboxed processes. Each stream\n"
    "entry holds a field \"request\" (one request object as JSON text, as for `pywarden\n"
    "run`, with an optional \"id\") and optionally \"reply\" (the stream for the answer,\n"
    "named KEY:...; default KEY:results). The answer is an entry with a field \"answer\": the "
    "result object\n"
    "with the request's \"id\" first, exactly as `pywarden serve` writes it. A request runs\n"
    "under --policy unless it names a policy --allow-policies lists. SIGTERM, SIGINT or SIGHUP: "
    "stops "
    "reading, gives runs in flight the grace\n"
    "period, leaves the rest pending for other workers, exits 0.\n"
    "\n"
    "  --redis URL          redis://host[:port][/db] or unix:///path/to.sock[?db=N];\n"
    "                       the password comes from PYWARDEN_REDIS_PASSWORD\n"
    "  --stream KEY         the stream of requests\n"
    "  --group NAME         consumer group, created at the stream's start if missing\n"
    "                       (default: pywarden)\n"
    "  --consumer NAME      this worker's name in the group (default: HOSTNAME-PID)\n"
    "  --workers N          concurrent runs (default: the number of CPUs, at most 128)\n"
    "  --policy P           the policy of requests that name none (default: \"default\")\n"
    "  --allow-policies NAME[,NAME...]\n"
    "                       other policies requests may name (default: none, so every\n"
    "                       request runs under --policy: its producers are not trusted)\n"
    "  --allow-inline-policies\n"
    "                       also accept inline policies and policy files that extend an\n"
    "                       allowed policy and only tighten it\n"
    "  --work-root DIR      requests may name a work_dir (and a script, a policy file)\n"
    "                       beneath DIR (a relative one is taken from DIR), and run in\n"
    "                       DIR when they name none (default: they may name no\n"
    "                       work_dir, script or policy file, and run in the worker's cwd)\n"
    "  --claim-idle-ms N    take over entries another worker left idle this long\n"
    "                       (default 30000)\n"
    "  --max-deliveries N   answer an entry delivered more often than this with an error\n"
    "                       instead of running it again (default 3)\n"
    "  --grace-ms N         how long runs in flight may finish after SIGTERM (default 5000)\n"
    "  -h, --help           this help\n";

/* The answer, the acknowledgement and the entry's removal in one step, and only by the
 * entry's owner: a worker that was paused past --claim-idle-ms finds its entry taken over and
 * writes nothing (0); -1: pending for no one (answered and removed by the worker that took it
 * over, trimmed from the stream, or its group destroyed). Removing answered entries keeps
 * the stream to the requests still owed an answer: it grew by every request ever sent, and a
 * group made again (XGROUP DESTROY, a new --group) ran and answered every one a second time. */
static const char answer_script[] =
    "local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[2], ARGV[2], 1)\n"
    "if #p == 0 then return -1 end\n"
    "if p[1][2] ~= ARGV[3] then return 0 end\n"
    "redis.call('XADD', KEYS[2], '*', 'answer', ARGV[4])\n"
    "redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])\n"
    "redis.call('XDEL', KEYS[1], ARGV[2])\n"
    "return 1\n";

/* Acknowledged and removed without an answer. */
static const char drop_script[] = "redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])\n"
                                  "redis.call('XDEL', KEYS[1], ARGV[2])\n"
                                  "return 1\n";

typedef struct entry {
    char id[MAX_ID];
    char *reply;     /* stream of the answer */
    char *foreign;   /* a reply key outside the stream's own, refused (answered on reply) */
    char *request;   /* NULL: the entry had no request field */
    const char *nul; /* the field that holds a NUL byte (refused: C text would cut it) */
    bool too_long;   /* the request is over PW_MAX_REQUEST_BYTES (refused, not copied) */
    long long deliveries;
    char *answer; /* set by a runner */
    struct entry *next;
} entry;

typedef struct {
    pw_redis_target target;
    const char *stream, *group, *policy, *allow_policies;
    const char *work_root; /* "" (none given): requests name no path */
    bool allow_inline;
    char consumer[256];
    long workers, claim_idle_ms, max_deliveries, grace_ms;
} worker_opts;

typedef struct {
    entry *head, *tail;
} queue;

static struct {
    worker_opts o;
    pw_pool *pool;
    char *default_reply;
    pthread_mutex_t mu; /* guards everything below */
    pthread_cond_t changed;
    queue todo, done;
    entry *writing; /* the answer the writer has taken from done and not yet settled */
    entry **held;   /* entries read and not yet acknowledged (for the heartbeat) */
    int nheld, capacity;
    int running;
    bool stopping;     /* no new read, no new run */
    bool handing_back; /* grace over: what still runs is left pending, unanswered */
    int runners_left;
    bool writer_done;
} W = {.mu = PTHREAD_MUTEX_INITIALIZER, .changed = PTHREAD_COND_INITIALIZER};

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "pywarden worker: ");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

static void entry_free(entry *e)
{
    if (!e) return;
    free(e->reply);
    free(e->foreign);
    free(e->request);
    free(e->answer);
    free(e);
}

static void enqueue(queue *q, entry *e)
{
    e->next = NULL;
    if (q->tail)
        q->tail->next = e;
    else
        q->head = e;
    q->tail = e;
}

static entry *dequeue(queue *q)
{
    entry *e = q->head;
    if (e) {
        q->head = e->next;
        if (!q->head) q->tail = NULL;
    }
    return e;
}

/* Drops e from the held list (it was acknowledged, or is handed back); locked. */
static void unhold_locked(entry *e)
{
    for (int i = 0; i < W.nheld; i++)
        if (W.held[i] == e) {
            W.held[i] = W.held[--W.nheld];
            break;
        }
    pthread_cond_broadcast(&W.changed);
}

/* ---- the reader: new entries and abandoned ones ---- */

/* The value of field name; NULL when absent. */
static const redisReply *field(const redisReply *fields, const char *name)
{
    for (size_t i = 0; fields && i + 1 < fields->elements; i += 2) {
        const redisReply *k = fields->element[i], *v = fields->element[i + 1];
        if (k->type == REDIS_REPLY_STRING && v->type == REDIS_REPLY_STRING &&
            strcmp(k->str, name) == 0)
            return v;
    }
    return NULL;
}

static bool holds_nul(const redisReply *v)
{
    return v && memchr(v->str, '\0', v->len);
}

/* One [id, [field, value, ...]] of a stream reply; NULL for a deleted entry. */
static entry *entry_from(const redisReply *r, long long deliveries)
{
    if (r->type != REDIS_REPLY_ARRAY || r->elements != 2 ||
        r->element[0]->type != REDIS_REPLY_STRING || r->element[0]->len >= MAX_ID)
        return NULL;
    entry *e = calloc(1, sizeof *e);
    if (!e) return NULL;
    memcpy(e->id, r->element[0]->str, r->element[0]->len + 1);
    const redisReply *fields = r->element[1]->type == REDIS_REPLY_ARRAY ? r->element[1] : NULL;
    const redisReply *reply_v = field(fields, "reply"), *request_v = field(fields, "request");
    const char *reply = reply_v ? reply_v->str : NULL, *request = request_v ? request_v->str : NULL;
    /* Neither parsed nor copied (their ids are unknown, as serve's are): a request with a NUL,
     * whose text would end there, and one over serve's line cap, whose copy and parse would
     * add to the memory any producer can make a worker spend. */
    e->too_long = request_v && request_v->len > PW_MAX_REQUEST_BYTES;
    e->nul = holds_nul(request_v) ? "request" : NULL;
    if (e->nul || e->too_long) request = NULL;
    if (holds_nul(reply_v)) { /* a key named up to its NUL is not the key named: the default's */
        reply = NULL;
        e->nul = "reply";
    }
    /* Answers go to keys under the stream's own name only: whoever may add requests is not
     * thereby allowed to make the worker write into any key of the database. */
    bool given = reply && *reply, foreign = given && !pw_redis_reply_key_ok(W.o.stream, reply);
    e->foreign = foreign ? pw_strdup(reply) : NULL;
    e->reply = pw_strdup(given && !foreign ? reply : W.default_reply);
    e->request = request ? pw_strdup(request) : NULL;
    e->deliveries = deliveries;
    if (!e->reply || (foreign && !e->foreign) || (request && !e->request)) {
        entry_free(e);
        return NULL;
    }
    return e;
}

static void take(entry *e)
{
    pthread_mutex_lock(&W.mu);
    W.held[W.nheld++] = e;
    enqueue(&W.todo, e);
    pthread_cond_broadcast(&W.changed);
    pthread_mutex_unlock(&W.mu);
}

/* How many more entries may be read now (0 while stopping). */
static int room(void)
{
    pthread_mutex_lock(&W.mu);
    int n = W.stopping ? 0 : W.capacity - W.nheld;
    pthread_mutex_unlock(&W.mu);
    return n;
}

/* Waits (at most ms) until there is room; false when stopping. */
static bool wait_room(int ms)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_nsec += (long)ms * 1000000L;
    until.tv_sec += until.tv_nsec / 1000000000L;
    until.tv_nsec %= 1000000000L;
    pthread_mutex_lock(&W.mu);
    while (!W.stopping && W.nheld >= W.capacity &&
           pthread_cond_timedwait(&W.changed, &W.mu, &until) == 0)
        ;
    bool go = !W.stopping;
    pthread_mutex_unlock(&W.mu);
    return go;
}

static bool ensure_group(redisContext *c, pw_buf *why)
{
    const char *argv[] = {"XGROUP", "CREATE", W.o.stream, W.o.group, "0", "MKSTREAM"};
    redisReply *r = redisCommandArgv(c, 6, argv, NULL);
    bool ok = r && (r->type != REDIS_REPLY_ERROR || strncmp(r->str, "BUSYGROUP", 9) == 0);
    if (!ok) pw_buf_appendf(why, "XGROUP CREATE: %s", r ? r->str : c->errstr);
    freeReplyObject(r);
    return ok;
}

/* XREADGROUP: new entries (delivered once so far). */
static bool read_new(redisContext *c, int n, pw_buf *why)
{
    char count[16], block[16];
    snprintf(count, sizeof count, "%d", n);
    snprintf(block, sizeof block, "%d", READ_BLOCK_MS);
    const char *argv[] = {"XREADGROUP", "GROUP", W.o.group, W.o.consumer, "COUNT", count,
                          "BLOCK",      block,   "STREAMS", W.o.stream,   ">"};
    redisReply *r = pw_redis_call(c, why, 11, argv);
    if (!r) return false;
    if (r->type == REDIS_REPLY_ARRAY && r->elements == 1 && r->element[0]->elements == 2 &&
        r->element[0]->element[1]->type == REDIS_REPLY_ARRAY) {
        const redisReply *list = r->element[0]->element[1];
        for (size_t i = 0; i < list->elements; i++) {
            entry *e = entry_from(list->element[i], 1);
            if (e) take(e);
        }
    }
    freeReplyObject(r);
    return true;
}

/* One entry XPENDING listed as idle, claimed unless another worker took it meanwhile (a
 * claim resets its idle time); deliveries: its count once this claim has added one. */
static bool claim_one(redisContext *c, const char *id, const char *idle, long long deliveries,
                      pw_buf *why)
{
    const char *argv[] = {"XCLAIM", W.o.stream, W.o.group, W.o.consumer, idle, id};
    redisReply *r = pw_redis_call(c, why, 6, argv);
    if (!r) return false;
    for (size_t i = 0; r->type == REDIS_REPLY_ARRAY && i < r->elements; i++) {
        entry *e = entry_from(r->element[i], deliveries);
        if (e) take(e);
    }
    freeReplyObject(r);
    return true;
}

/* Whether this worker holds the entry: its heartbeat came late (the writer blocked on a large
 * answer, or reconnecting), which must not make it run the entry a second time. */
static bool held(const char *id)
{
    pthread_mutex_lock(&W.mu);
    bool found = false;
    for (int i = 0; i < W.nheld && !found; i++)
        found = strcmp(W.held[i]->id, id) == 0;
    pthread_mutex_unlock(&W.mu);
    return found;
}

/* Entries idle longer than --claim-idle-ms (their worker died or hangs), listed by XPENDING
 * and claimed one at a time: XAUTOCLAIM's batch held up to 2 x --workers requests of up to
 * 64 MiB, and one the worker could not hold (out of memory) lost the batch, claimed again
 * at every turn and never answered. An entry delivered past --max-deliveries + 1 was claimed
 * and could not be answered even as "gave up" (not read, or its answer not written): it is
 * acknowledged without one, and said on stderr, instead of being claimed for ever. */
static bool claim_idle(redisContext *c, int n, pw_buf *why)
{
    char idle[24], count[16];
    snprintf(idle, sizeof idle, "%ld", W.o.claim_idle_ms);
    snprintf(count, sizeof count, "%d", n);
    const char *argv[] = {"XPENDING", W.o.stream, W.o.group, "IDLE", idle, "-", "+", count};
    redisReply *r = pw_redis_call(c, why, 8, argv);
    if (!r) return false;
    if (r->type != REDIS_REPLY_ARRAY) {
        freeReplyObject(r);
        return !pw_buf_appendf(why, "XPENDING: unexpected reply");
    }
    bool ok = true;
    for (size_t i = 0; ok && i < r->elements; i++) {
        const redisReply *p = r->element[i]; /* id, consumer, idle ms, deliveries */
        if (p->type != REDIS_REPLY_ARRAY || p->elements != 4 ||
            p->element[0]->type != REDIS_REPLY_STRING || p->element[0]->len >= MAX_ID ||
            p->element[3]->type != REDIS_REPLY_INTEGER)
            continue;
        const char *id = p->element[0]->str;
        long long delivered = p->element[3]->integer;
        if (held(id)) continue;
        if (delivered <= W.o.max_deliveries + 1) {
            ok = claim_one(c, id, idle, delivered + 1, why);
            continue;
        }
        const char *drop[] = {"EVAL", drop_script, "1", W.o.stream, W.o.group, id};
        redisReply *acked = pw_redis_call(c, why, 6, drop);
        ok = acked != NULL;
        freeReplyObject(acked);
        if (ok)
            say("reader: entry %s acknowledged without an answer: delivered %lld times, it could "
                "not be read or answered",
                id, delivered);
    }
    freeReplyObject(r);
    return ok;
}

static void *reader_main(void *arg)
{
    (void)arg;
    redisContext *c = NULL;
    bool grouped = false;
    int backoff = 50;
    double next_claim = 0;
    pw_buf why = {0};
    while (wait_room(READ_BLOCK_MS)) {
        if (pw_redis_broken(c)) {
            if (c) redisFree(c);
            c = pw_redis_connect(&W.o.target, IO_TIMEOUT_MS, &why);
            grouped = false;
        }
        if (c && !grouped && (grouped = ensure_group(c, &why))) backoff = 50;
        if (!grouped) {
            say("reader: %s; retrying", why.data);
            why.len = 0;
            backoff = pw_redis_backoff(backoff);
            continue;
        }
        bool ok = true;
        int n = room();
        if (n > 0 && pw_now_ms() >= next_claim) {
            ok = claim_idle(c, n, &why);
            next_claim = pw_now_ms() + (double)W.o.claim_idle_ms / 2;
            n = room();
        }
        if (ok && n > 0) ok = read_new(c, n, &why);
        if (!ok) {
            say("reader: %s", why.data);
            /* the stream or the group was deleted under us: made again before the next read */
            grouped = !strstr(why.data, "NOGROUP");
            why.len = 0;
            if (!pw_redis_broken(c)) backoff = pw_redis_backoff(backoff); /* an error reply */
        }
    }
    if (c) redisFree(c);
    pw_buf_free(&why);
    return NULL;
}

/* ---- runners ---- */

/* Test builds: a request holding PYWARDEN_TEST_WORKER_CRASH's text kills this worker as it
 * runs it, to prove that a poison request ends answered after --max-deliveries. */
static void test_crash_switch(const entry *e)
{
#ifdef PW_TEST_SWITCHES
    const char *marker = getenv("PYWARDEN_TEST_WORKER_CRASH");
    if (marker && *marker && e->request && strstr(e->request, marker)) _exit(70);
#else
    (void)e;
#endif
}

static char *run_entry(const entry *e)
{
    cJSON *id = NULL, *result;
    const char *why = NULL;
    cJSON *req = e->request ? pw_req_json(e->request, &why) : NULL;
    if (e->deliveries > W.o.max_deliveries) {
        result =
            pw_result_fail("internal", "gave up after %lld deliveries: no worker could answer it",
                           e->deliveries - 1);
    } else if (e->foreign) {
        result = pw_result_fail("invalid_request",
                                "reply '%.200s' is not a key of this worker's stream: a reply "
                                "stream's name starts with '%s:'",
                                e->foreign, W.o.stream);
    } else if (e->nul) {
        result = pw_result_fail("invalid_request",
                                "the stream entry's \"%s\" field holds a NUL byte: not valid "
                                "UTF-8 text",
                                e->nul);
    } else if (e->too_long) {
        result = pw_result_fail("invalid_request", "bad request: longer than %u bytes",
                                PW_MAX_REQUEST_BYTES);
    } else if (!e->request) {
        result = pw_result_fail("invalid_request", "the stream entry has no \"request\" field");
    } else if (why == pw_json_no_memory) {
        result = pw_result_fail("internal", "bad request: the worker ran out of memory reading it");
    } else if (!cJSON_IsObject(req)) {
        result = pw_result_fail("invalid_request", "bad request: %s",
                                why ? why : "a request must be a JSON object");
    } else {
        test_crash_switch(e);
        result = pw_req_take_id(req, &id);
        if (!result) result = pw_pool_execute(W.pool, req, NULL);
    }
    if (!id && cJSON_IsObject(req)) id = cJSON_DetachItemFromObjectCaseSensitive(req, "id");
    if (!id && !req && e->request && why && why != pw_json_no_memory)
        id = pw_json_salvage_id(e->request);
    char *text = pw_answer_print(id, result);
    cJSON_Delete(result);
    cJSON_Delete(id);
    cJSON_Delete(req);
    return text;
}

static void *runner_main(void *arg)
{
    (void)arg;
    for (;;) {
        pthread_mutex_lock(&W.mu);
        while (!W.stopping && !W.todo.head)
            pthread_cond_wait(&W.changed, &W.mu);
        entry *e = W.stopping ? NULL : dequeue(&W.todo);
        if (e) W.running++;
        pthread_mutex_unlock(&W.mu);
        if (!e) break;
        char *answer = run_entry(e);
        pthread_mutex_lock(&W.mu);
        W.running--;
        if (W.handing_back || !answer) { /* left pending: another worker runs it again */
            unhold_locked(e);
            entry_free(e);
            free(answer);
        } else {
            e->answer = answer;
            enqueue(&W.done, e);
        }
        pthread_cond_broadcast(&W.changed);
        pthread_mutex_unlock(&W.mu);
    }
    pthread_mutex_lock(&W.mu);
    W.runners_left--;
    pthread_cond_broadcast(&W.changed);
    pthread_mutex_unlock(&W.mu);
    return NULL;
}

/* ---- the writer: answers and heartbeats ---- */

/* Writes e's answer and acknowledges it; false when the connection failed (retry later).
 * An entry another worker owns now is dropped unanswered: its owner answers it. */
static bool write_answer(redisContext *c, const entry *e, pw_buf *why)
{
    const char *argv[] = {"EVAL",    answer_script, "2",          W.o.stream, e->reply,
                          W.o.group, e->id,         W.o.consumer, e->answer};
    redisReply *r = pw_redis_call(c, why, 9, argv);
    if (!r && !pw_redis_broken(c)) { /* an error reply: a bad reply key, say; never retried */
        say("cannot answer entry %s: %s", e->id, why->data);
        why->len = 0;
        return true;
    }
    if (r && r->type == REDIS_REPLY_INTEGER && r->integer == -1)
        say("entry %s is pending for no worker now (answered already, trimmed from the stream, "
            "or its group destroyed): this answer is dropped",
            e->id);
    freeReplyObject(r);
    return r != NULL;
}

/* XCLAIM ... JUSTID resets the idle time of the entries in hand, so that no other worker
 * claims an entry that is only queued or running long. */
static bool heartbeat(redisContext *c, pw_buf *why)
{
    pthread_mutex_lock(&W.mu);
    int n = W.nheld;
    const char **argv = calloc((size_t)n + 6, sizeof *argv);
    char(*ids)[MAX_ID] = calloc((size_t)n + 1, MAX_ID);
    for (int i = 0; argv && ids && i < n; i++)
        memcpy(ids[i], W.held[i]->id, MAX_ID);
    pthread_mutex_unlock(&W.mu);
    bool ok = true;
    if (argv && ids && n > 0) {
        int k = 0;
        argv[k++] = "XCLAIM";
        argv[k++] = W.o.stream;
        argv[k++] = W.o.group;
        argv[k++] = W.o.consumer;
        argv[k++] = "0";
        for (int i = 0; i < n; i++)
            argv[k++] = ids[i];
        argv[k++] = "JUSTID";
        redisReply *r = pw_redis_call(c, why, k, argv);
        ok = r || !pw_redis_broken(c);
        freeReplyObject(r);
    }
    free(argv);
    free(ids);
    return ok;
}

static bool writer_finished_locked(void)
{
    return W.stopping && W.runners_left == 0 && !W.done.head && !W.writing;
}

static void *writer_main(void *arg)
{
    (void)arg;
    redisContext *c = NULL;
    int backoff = 50;
    double beat_every = (double)W.o.claim_idle_ms / 3, next_beat = pw_now_ms() + beat_every;
    pw_buf why = {0};
    pthread_mutex_lock(&W.mu);
    while (!writer_finished_locked() && !W.writer_done) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 100 * 1000000L;
        until.tv_sec += until.tv_nsec / 1000000000L;
        until.tv_nsec %= 1000000000L;
        if (!W.done.head) pthread_cond_timedwait(&W.changed, &W.mu, &until);
        entry *e = W.writing = dequeue(&W.done);
        bool beat = pw_now_ms() >= next_beat;
        if (!e && !beat) continue;
        pthread_mutex_unlock(&W.mu);
        if (pw_redis_broken(c)) {
            if (c) redisFree(c);
            c = pw_redis_connect(&W.o.target, IO_TIMEOUT_MS, &why);
            if (!c) {
                say("writer: %s; retrying", why.data);
                why.len = 0;
                backoff = pw_redis_backoff(backoff);
            } else {
                backoff = 50;
            }
        }
        bool written = c && (!e || write_answer(c, e, &why));
        if (c && written && beat) {
            if (heartbeat(c, &why)) next_beat = pw_now_ms() + beat_every;
        }
        if (why.len) {
            say("writer: %s", why.data);
            why.len = 0;
        }
        pthread_mutex_lock(&W.mu);
        W.writing = NULL;
        if (e && written) {
            unhold_locked(e);
            entry_free(e);
        } else if (e) { /* keep it first in line until Redis is back */
            e->next = W.done.head;
            W.done.head = e;
            if (!W.done.tail) W.done.tail = e;
        }
    }
    pthread_mutex_unlock(&W.mu);
    if (c) redisFree(c);
    pw_buf_free(&why);
    return NULL;
}

/* ---- main ---- */

/* 0 to go on, -1 after --help, else the exit status. */
static int parse_args(int argc, char **argv, worker_opts *o)
{
    static const struct option opts[] = {{"redis", required_argument, 0, 'r'},
                                         {"stream", required_argument, 0, 's'},
                                         {"group", required_argument, 0, 'g'},
                                         {"consumer", required_argument, 0, 'c'},
                                         {"workers", required_argument, 0, 'w'},
                                         {"policy", required_argument, 0, 'p'},
                                         {"allow-policies", required_argument, 0, 'a'},
                                         {"allow-inline-policies", no_argument, 0, 'I'},
                                         {"claim-idle-ms", required_argument, 0, 'i'},
                                         {"max-deliveries", required_argument, 0, 'm'},
                                         {"grace-ms", required_argument, 0, 'G'},
                                         {"work-root", required_argument, 0, 'W'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    *o = (worker_opts){.group = "pywarden",
                       .policy = "default",
                       .claim_idle_ms = 30000,
                       .max_deliveries = 3,
                       .grace_ms = 5000};
    const char *url = NULL;
    pw_buf why = {0};
    int c;
    opterr = 0;
    /* The numeric options' ranges, for a message that names them. */
    static const struct {
        int c;
        const char *name;
        long min, max;
    } ranges[] = {{'w', "--workers", 1, 128},
                  {'i', "--claim-idle-ms", 100, 86400000},
                  {'m', "--max-deliveries", 1, 1000000},
                  {'G', "--grace-ms", 0, 3600000}};
    long *const values[] = {&o->workers, &o->claim_idle_ms, &o->max_deliveries, &o->grace_ms};
    while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
        bool ok = true;
        for (size_t i = 0; i < sizeof ranges / sizeof *ranges; i++)
            if (c == ranges[i].c && !pw_parse_long(optarg, ranges[i].min, ranges[i].max, values[i]))
                return pw_usage_error(worker_usage, "%s takes an integer from %ld to %ld, not '%s'",
                                      ranges[i].name, ranges[i].min, ranges[i].max, optarg);
        switch (c) {
        case 'h':
            fputs(worker_usage, stdout);
            return -1;
        case 'r':
            url = optarg;
            break;
        case 's':
            o->stream = optarg;
            break;
        case 'g':
            o->group = optarg;
            break;
        case 'c':
            if (snprintf(o->consumer, sizeof o->consumer, "%s", optarg) >= 256)
                return pw_usage_error(worker_usage, "--consumer takes at most 255 bytes, not %zu",
                                      strlen(optarg));
            break;
        case 'p':
            o->policy = optarg;
            break;
        case 'a': /* once: several are listed with commas */
            ok = !o->allow_policies;
            o->allow_policies = optarg;
            break;
        case 'I':
            o->allow_inline = true;
            break;
        case 'W':
            if (!*optarg)
                return pw_usage_error(worker_usage, "%s", "--work-root takes a directory");
            o->work_root = optarg;
            break;
        case 'w':
        case 'i':
        case 'm':
        case 'G':
            break; /* parsed above */
        default:
            ok = false;
        }
        if (!ok)
            return pw_usage_error(worker_usage, "bad or unknown option '%s'", argv[optind - 1]);
    }
    if (optind < argc)
        return pw_usage_error(worker_usage, "unexpected argument '%s'", argv[optind]);
    if (!url || !o->stream || !*o->stream)
        return pw_usage_error(worker_usage, "%s", "--redis and --stream are required");
    if (!*o->group) return pw_usage_error(worker_usage, "%s", "--group must not be empty");
    if (!pw_redis_parse_url(url, &o->target, &why)) {
        int rc = pw_usage_error(worker_usage, "--redis: %s", why.data);
        pw_buf_free(&why);
        return rc;
    }
    if (!o->consumer[0]) {
        char host[200] = "worker";
        gethostname(host, sizeof host - 1);
        snprintf(o->consumer, sizeof o->consumer, "%s-%d", host, (int)getpid());
    }
    if (!o->allow_policies)
        o->allow_policies = "";           /* locked to --policy: producers are not trusted */
    if (!o->work_root) o->work_root = ""; /* nor to pick the files it reads */
    if (o->workers == 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        o->workers = n > 0 ? (n < 128 ? n : 128) : 1;
    }
    return 0;
}

/* No more reads or new runs: queued entries, never started, are left pending for another
 * worker. */
static void stop_taking(void)
{
    pthread_mutex_lock(&W.mu);
    W.stopping = true;
    while (W.todo.head) {
        entry *e = dequeue(&W.todo);
        unhold_locked(e);
        entry_free(e);
    }
    pthread_cond_broadcast(&W.changed);
    pthread_mutex_unlock(&W.mu);
}

/* Waits for SIGTERM/SIGINT, then: no more reads or new runs; runs in flight get the grace
 * period, then are killed and left pending; answers already made are written. */
static void wait_and_stop(const sigset_t *signals)
{
    int sig;
    sigwait(signals, &sig);
    stop_taking();
    pthread_mutex_lock(&W.mu);
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += W.o.grace_ms / 1000;
    until.tv_nsec += (W.o.grace_ms % 1000) * 1000000L;
    until.tv_sec += until.tv_nsec / 1000000000L;
    until.tv_nsec %= 1000000000L;
    while (!writer_finished_locked() && pthread_cond_timedwait(&W.changed, &W.mu, &until) == 0)
        ;
    bool late = !writer_finished_locked();
    if (late) W.handing_back = true;
    pthread_mutex_unlock(&W.mu);
    if (!late) return;
    pw_pool_cancel_all(W.pool);
    pthread_mutex_lock(&W.mu);
    W.writer_done = true; /* answers not written by now stay pending: safe to redo */
    pthread_cond_broadcast(&W.changed);
    pthread_mutex_unlock(&W.mu);
}

static int run_worker(const sigset_t *signals)
{
    int n = (int)W.o.workers;
    W.held = calloc((size_t)2 * n, sizeof *W.held);
    pthread_t *runners = calloc((size_t)n, sizeof *runners);
    if (!W.held || !runners) {
        free(W.held);
        free(runners);
        say("out of memory");
        return 1;
    }
    /* Threads count against RLIMIT_NPROC (or a container's pids limit): the worker runs with
     * the runners it could start, and says so; without its writer, a runner and its reader
     * it cannot. The reader starts after the writer and the first runner, so that every
     * entry it takes is run and answered. */
    pthread_t reader, writer;
    int started = 0, err = pthread_create(&writer, NULL, writer_main, NULL);
    if (err) {
        say("cannot start its writer: %s", strerror(err));
        free(runners);
        free(W.held);
        return 1;
    }
    bool reading = false;
    while (started < n && !err) {
        if ((err = pthread_create(&runners[started], NULL, runner_main, NULL)) != 0) break;
        started++;
        pthread_mutex_lock(&W.mu);
        W.runners_left++;
        W.capacity += 2; /* every runner busy plus as many queued: the back-pressure */
        pthread_mutex_unlock(&W.mu);
        if (!reading) reading = (err = pthread_create(&reader, NULL, reader_main, NULL)) == 0;
    }
    if (reading) {
        if (started < n) say("started %d of %d workers: %s", started, n, strerror(err));
        wait_and_stop(signals);
        pthread_join(reader, NULL);
    } else {
        say("cannot start its %s: %s", started ? "reader" : "workers", strerror(err));
        stop_taking();
    }
    for (int i = 0; i < started; i++)
        pthread_join(runners[i], NULL);
    pthread_join(writer, NULL);
    for (entry *e; (e = dequeue(&W.done));)
        entry_free(e);
    free(runners);
    free(W.held);
    return reading ? 0 : 1;
}

int pw_cmd_worker(int argc, char **argv)
{
    int rc = parse_args(argc, argv, &W.o);
    if (rc) return rc < 0 ? 0 : rc;
    pw_buf reply = {0};
    pw_buf_appendf(&reply, "%s:results", W.o.stream);
    W.default_reply = pw_buf_take(&reply);
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGHUP);
    signal(SIGPIPE, SIG_IGN);
    pthread_sigmask(SIG_BLOCK, &signals, NULL);
    char *error = NULL;
    pw_buf fds = {0};
    W.o.workers = pw_workers_fitting_fds(W.o.workers, W.o.allow_policies, W.o.allow_inline, &fds);
    if (fds.data) say("%s", fds.data);
    pw_buf_free(&fds);
    if (W.o.workers == 0) {
        free(W.default_reply);
        pw_redis_target_free(&W.o.target);
        return 1;
    }
    /* Before any thread: the pool forks its launcher here. */
    pw_pool_options po = {.policy = W.o.policy,
                          .workers = (int)W.o.workers,
                          .allow_policies = W.o.allow_policies,
                          .allow_inline_policies = W.o.allow_inline,
                          .work_root = W.o.work_root};
    W.pool = W.default_reply ? pw_pool_create_with(&po, &error) : NULL;
    if (!W.pool) {
        say("%s", error ? error : "cannot start");
        free(error);
        rc = 1;
    } else {
        rc = run_worker(&signals);
        pw_pool_destroy(W.pool);
    }
    free(W.default_reply);
    pw_redis_target_free(&W.o.target);
    return rc;
}
