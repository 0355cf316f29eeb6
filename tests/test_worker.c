/* `pywarden worker` and `submit` against a real redis-server started here (unix socket,
 * password, AOF with fsync always): the wire format, the policy lock, a worker killed
 * mid-stream, Redis restarted mid-stream, a poison request, SIGTERM's grace. Every
 * request id must end with exactly one answer and the group's pending list empty. */
#include "helpers.h"

#include <errno.h>
#include <fcntl.h>
#include <hiredis/hiredis.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define WAIT_MS 180000 /* generous: sanitizer builds are slow */

static struct {
    char dir[256], sock[300], url[320], password[64], pass_env[96];
    pid_t redis;
    redisContext *c;
    pid_t workers[16]; /* started by the current test; killed after it, even if it failed */
    int nworkers;
    char log[300];         /* the last worker's stderr */
    struct rlimit *nofile; /* the next worker's RLIMIT_NOFILE (NULL: ours) */
    struct rlimit *space;  /* the next worker's RLIMIT_AS (NULL: ours) */
    struct {               /* the next worker's uid and RLIMIT_NPROC (uid 0: ours) */
        uid_t uid;
        int nproc;
        bool slow;
    } as;
} fx;

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static redisReply *cmd(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    redisReply *r = redisvCommand(fx.c, fmt, ap);
    va_end(ap);
    if (!r) fail_msg("redis: %s", fx.c->errstr);
    return r;
}

static redisContext *connect_redis(void)
{
    redisContext *c = redisConnectUnix(fx.sock);
    if (!c || c->err) {
        if (c) redisFree(c);
        return NULL;
    }
    redisReply *r = redisCommand(c, "AUTH %s", fx.password);
    bool ok = r && r->type == REDIS_REPLY_STATUS;
    freeReplyObject(r);
    if (!ok) {
        redisFree(c);
        return NULL;
    }
    return c;
}

static void start_redis(void)
{
    char log[300];
    snprintf(log, sizeof log, "%s/redis.log", fx.dir);
    fx.redis = fork();
    assert_true(fx.redis >= 0);
    if (fx.redis == 0) {
        int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);
        dup2(fd, 1);
        dup2(fd, 2);
        execlp("redis-server", "redis-server", "--port", "0", "--unixsocket", fx.sock,
               "--unixsocketperm", "700", "--dir", fx.dir, "--appendonly", "yes", "--appendfsync",
               "always", "--save", "", "--requirepass", fx.password, NULL);
        _exit(127);
    }
    for (double until = now_ms() + 10000; now_ms() < until; sleep_ms(20))
        if ((fx.c = connect_redis())) return;
    fail_msg("redis-server did not start (see %s)", log);
}

/* SIGTERM: Redis flushes its AOF and exits. */
static void stop_redis(void)
{
    if (fx.c) redisFree(fx.c);
    fx.c = NULL;
    kill(fx.redis, SIGTERM);
    waitpid(fx.redis, NULL, 0);
}

static pid_t start_worker(const char *stream, const char *const extra[], const char *crash)
{
    static int n;
    char *log = fx.log;
    snprintf(log, sizeof fx.log, "%s/worker-%d.log", fx.dir, n++);
    const char *argv[32] = {PW_BIN, "worker", "--redis", fx.url, "--stream", stream};
    int k = 6;
    for (int i = 0; extra && extra[i]; i++)
        argv[k++] = extra[i];
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        dup2(fd, 2);
        closefrom(3); /* the log's fd, our Redis connection, what our host left open */
        setenv("PYWARDEN_REDIS_PASSWORD", fx.password, 1);
        if (crash) setenv("PYWARDEN_TEST_WORKER_CRASH", crash, 1);
        if (fx.nofile) setrlimit(RLIMIT_NOFILE, fx.nofile);
        if (fx.space) setrlimit(RLIMIT_AS, fx.space);
        if (fx.as.uid && !t_become_uid_with_nproc(fx.as.uid, fx.as.nproc, fx.as.slow)) _exit(99);
        execv(PW_BIN, (char **)argv);
        _exit(127);
    }
    if (fx.nworkers < 16) fx.workers[fx.nworkers++] = pid;
    return pid;
}

/* After each test: a worker a failed test left running must not slow the next one down. */
static int kill_workers(void **state)
{
    (void)state;
    for (int i = 0; i < fx.nworkers; i++) /* only a child not yet reaped: its pid is still ours */
        if (waitpid(fx.workers[i], NULL, WNOHANG) == 0) {
            kill(fx.workers[i], SIGKILL);
            waitpid(fx.workers[i], NULL, 0);
        }
    fx.nworkers = 0;
    return 0;
}

static int stop_worker(pid_t pid)
{
    kill(pid, SIGTERM);
    int status;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void xadd(const char *stream, const char *request)
{
    freeReplyObject(cmd("XADD %s * request %s", stream, request));
}

static long long stream_len(const char *stream)
{
    redisReply *r = cmd("XLEN %s", stream);
    long long n = r->integer;
    freeReplyObject(r);
    return n;
}

static long long pending(const char *stream)
{
    redisReply *r = cmd("XPENDING %s pywarden", stream);
    long long n = r->type == REDIS_REPLY_ARRAY ? r->element[0]->integer : -1;
    freeReplyObject(r);
    return n;
}

/* Every answer in stream, parsed, in order (a cJSON array). */
static cJSON *answers(const char *stream)
{
    cJSON *all = cJSON_CreateArray();
    redisReply *r = cmd("XRANGE %s - +", stream);
    for (size_t i = 0; i < r->elements; i++) {
        const redisReply *f = r->element[i]->element[1];
        assert_int_equal(f->elements, 2);
        assert_string_equal(f->element[0]->str, "answer");
        cJSON *a = cJSON_Parse(f->element[1]->str);
        assert_non_null(a);
        cJSON_AddItemToArray(all, a);
    }
    freeReplyObject(r);
    return all;
}

static bool wait_answers(const char *stream, long long n, long ms)
{
    for (double until = now_ms() + (double)ms; now_ms() < until; sleep_ms(50)) {
        if (!fx.c && !(fx.c = connect_redis())) continue;
        if (stream_len(stream) >= n) return true;
    }
    return false;
}

static const cJSON *by_id(const cJSON *all, int id)
{
    const cJSON *a;
    cJSON_ArrayForEach(a, all)
    {
        const cJSON *i = cJSON_GetObjectItem(a, "id");
        if (cJSON_IsNumber(i) && i->valueint == id) return a;
    }
    return NULL;
}

static void setup_fixture(void)
{
    snprintf(fx.dir, sizeof fx.dir, "%s", t_mkdtemp());
    snprintf(fx.sock, sizeof fx.sock, "%s/redis.sock", fx.dir);
    snprintf(fx.url, sizeof fx.url, "unix://%s", fx.sock);
    snprintf(fx.password, sizeof fx.password, "pw-test-%d", (int)getpid());
}

static int setup(void **state)
{
    (void)state;
    prctl(PR_SET_CHILD_SUBREAPER, 1); /* whatever a killed worker leaves behind is ours */
    signal(SIGPIPE, SIG_IGN);
    setup_fixture();
    start_redis();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    stop_redis();
    if (!getenv("KEEP")) t_rmtree(fx.dir);
    return 0;
}

/* No process left: a killed worker's launcher and templates die with it. */
static void assert_nothing_left(void)
{
    for (double until = now_ms() + 5000; now_ms() < until; sleep_ms(20)) {
        while (waitpid(-1, NULL, WNOHANG) > 0)
            ;
        if (t_count_children() == 1) return; /* redis-server */
    }
    fail_msg("%d processes left behind", t_count_children() - 1);
}

/* ---- the wire format ---- */

static void test_wire_format(void **state)
{
    (void)state;
    const char *extra[] = {"--workers", "2", NULL};
    pid_t w = start_worker("wire", extra, NULL);
    xadd("wire", "{\"id\":1,\"code\":\"result = 41 + 1\"}");
    xadd("wire", "{\"id\":\"two\",\"code\":\"raise ValueError('no')\"}");
    xadd("wire", "{\"id\":3,\"code\":\"import os\"}");
    xadd("wire", "{\"id\":4,\"id\":5,\"code\":\"result = 4\"}");
    xadd("wire", "not json");
    freeReplyObject(cmd("XADD wire * other x"));
    /* a reply key of the stream's own is answered there; any other key is refused, answered
     * on the stream's results: who may add requests may not make the worker write anywhere */
    freeReplyObject(
        cmd("XADD wire * request %s reply wire:mine", "{\"id\":6,\"code\":\"result=6\"}"));
    freeReplyObject(cmd("XADD wire * request %s reply bull:payments:events",
                        "{\"id\":7,\"code\":\"result=7\"}"));
    assert_true(wait_answers("wire:results", 7, WAIT_MS));
    assert_true(wait_answers("wire:mine", 1, WAIT_MS));
    cJSON *all = answers("wire:results");
    assert_int_equal(cJSON_GetArraySize(all), 7);
    t_assert_error(by_id(all, 7), "invalid_request",
                   "reply 'bull:payments:events' is not a key of this worker's stream");
    redisReply *none = cmd("EXISTS bull:payments:events");
    assert_int_equal(none->integer, 0);
    freeReplyObject(none);
    const cJSON *a = by_id(all, 1);
    assert_non_null(a);
    t_assert_ok(a);
    assert_string_equal(t_result_text(a), "42");
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(a, "stats"), "mode")->valuestring,
                        "warm");
    int nulls = 0;
    cJSON_ArrayForEach(a, all)
    {
        assert_string_equal(a->child->string, "id"); /* first, as serve writes it */
        if (cJSON_IsNull(cJSON_GetObjectItem(a, "id"))) {
            nulls++;
            t_assert_error(a, "invalid_request", NULL);
        }
    }
    const cJSON *two = NULL;
    cJSON_ArrayForEach(a, all) if (cJSON_IsString(cJSON_GetObjectItem(a, "id"))) two = a;
    assert_non_null(two);
    t_assert_error(two, "exception", "ValueError: no");
    t_assert_error(by_id(all, 3), "policy_violation", "blocks importing module 'os'");
    t_assert_error(by_id(all, 4), "invalid_request", "request key 'id' appears more than once");
    assert_int_equal(nulls, 2); /* "not json" and the entry without a request field */
    cJSON_Delete(all);
    all = answers("wire:mine");
    t_assert_ok(by_id(all, 6));
    cJSON_Delete(all);
    assert_int_equal(pending("wire"), 0);
    assert_int_equal(stop_worker(w), 0);
    assert_nothing_left();
}

/* A worker is locked to its --policy: a producer cannot pick a weaker sandbox. */
static void test_policy_locked(void **state)
{
    (void)state;
    const char *extra[] = {"--workers", "1", "--policy", "strict", NULL};
    pid_t w = start_worker("locked", extra, NULL);
    xadd("locked",
         "{\"id\":1,\"policy\":\"trusted\",\"code\":\"import os\\nresult = os.getcwd()\"}");
    xadd("locked", "{\"id\":2,\"policy\":{\"extends\":\"trusted\"},\"code\":\"result = 1\"}");
    xadd("locked", "{\"id\":3,\"policy\":\"strict\",\"code\":\"result = 3\"}");
    xadd("locked", "{\"id\":4,\"code\":\"import os\"}");
    assert_true(wait_answers("locked:results", 4, WAIT_MS));
    cJSON *all = answers("locked:results");
    t_assert_error(by_id(all, 1), "invalid_request", "--allow-policies");
    assert_string_equal(t_err_str(by_id(all, 1), "field"), "policy");
    t_assert_error(by_id(all, 2), "invalid_request", "--allow-inline-policies");
    t_assert_ok(by_id(all, 3));
    t_assert_error(by_id(all, 4), "policy_violation", "'os'");
    cJSON_Delete(all);
    assert_int_equal(stop_worker(w), 0);

    /* --allow-policies widens the ceiling by name; inline policies may only tighten */
    const char *wider[] = {"--workers",
                           "1",
                           "--policy",
                           "strict",
                           "--allow-policies",
                           "data",
                           "--allow-inline-policies",
                           NULL};
    w = start_worker("wider", wider, NULL);
    xadd("wider", "{\"id\":1,\"policy\":\"data\",\"code\":\"import json\\nresult = 1\"}");
    xadd("wider", "{\"id\":2,\"policy\":\"trusted\",\"code\":\"result = 2\"}");
    xadd("wider", "{\"id\":3,\"policy\":{\"extends\":\"strict\",\"timeout_ms\":200},"
                  "\"code\":\"while True: pass\"}");
    xadd("wider", "{\"id\":4,\"policy\":{\"extends\":\"strict\",\"allow_network\":true},"
                  "\"code\":\"result = 4\"}");
    assert_true(wait_answers("wider:results", 4, WAIT_MS));
    all = answers("wider:results");
    t_assert_ok(by_id(all, 1));
    t_assert_error(by_id(all, 2), "invalid_request", "--allow-policies");
    t_assert_error(by_id(all, 3), "timeout", NULL);
    t_assert_error(by_id(all, 4), "invalid_request", NULL);
    assert_string_equal(t_err_str(by_id(all, 4), "field"), "policy.allow_network");
    cJSON_Delete(all);
    assert_int_equal(stop_worker(w), 0);
}

/* Producers are not trusted to pick the files a worker reads: by default a request may name
 * no work_dir and no script; --work-root DIR allows those beneath DIR. */
static void test_work_root(void **state)
{
    (void)state;
    char job[PATH_MAX], req[PATH_MAX + 128];
    snprintf(job, sizeof job, "%s/job", fx.dir);
    assert_int_equal(mkdir(job, 0700), 0);
    snprintf(req, sizeof req, "%s/step.py", job);
    t_write_file(req, "result = 42\n");
    const char *none[] = {"--workers", "1", NULL};
    pid_t w = start_worker("noroot", none, NULL);
    xadd("noroot", "{\"id\":1,\"work_dir\":\"/etc\",\"code\":\"result = 1\"}");
    xadd("noroot", "{\"id\":2,\"script\":\"/etc/passwd\"}");
    xadd("noroot", "{\"id\":3,\"code\":\"result = 3\"}");
    xadd("noroot", "{\"id\":4,\"policy\":\"/etc/passwd\",\"code\":\"result = 4\"}");
    assert_true(wait_answers("noroot:results", 4, WAIT_MS));
    cJSON *all = answers("noroot:results");
    t_assert_error(by_id(all, 1), "invalid_request", "--work-root");
    assert_string_equal(t_err_str(by_id(all, 1), "field"), "work_dir");
    t_assert_error(by_id(all, 2), "invalid_request", "'script' is refused");
    assert_string_equal(t_err_str(by_id(all, 2), "field"), "script");
    t_assert_ok(by_id(all, 3));
    t_assert_error(by_id(all, 4), "invalid_request", "'policy' is refused");
    assert_string_equal(t_err_str(by_id(all, 4), "field"), "policy");
    cJSON_Delete(all);
    assert_int_equal(stop_worker(w), 0);

    const char *rooted[] = {"--workers", "1", "--work-root", fx.dir, NULL};
    w = start_worker("rooted", rooted, NULL);
    snprintf(req, sizeof req, "{\"id\":1,\"work_dir\":\"%s\",\"script\":\"step.py\"}", job);
    xadd("rooted", req);
    xadd("rooted", "{\"id\":2,\"work_dir\":\"/etc\",\"code\":\"result = 1\"}");
    assert_true(wait_answers("rooted:results", 2, WAIT_MS));
    all = answers("rooted:results");
    t_assert_ok(by_id(all, 1));
    assert_int_equal(cJSON_GetObjectItem(by_id(all, 1), "result")->valueint, 42);
    t_assert_error(by_id(all, 2), "invalid_request", "outside the host's work root");
    cJSON_Delete(all);
    assert_int_equal(stop_worker(w), 0);
    t_rmtree(job);
}

/* A low RLIMIT_NOFILE (ulimit -n): the worker runs the workers that fit and says so. It
 * started them all, and requests were answered at random "internal: work_dir '...': Too many
 * open files" or "the warm template failed: its connection failed: Too many open files". */
static void test_open_file_limit(void **state)
{
    (void)state;
    struct rlimit low = {28, 28};
    fx.nofile = &low;
    pid_t w = start_worker("nofile", (const char *[]){"--workers", "2", NULL}, NULL);
    fx.nofile = NULL;
    for (int i = 1; i <= 6; i++) {
        char req[128];
        snprintf(req, sizeof req,
                 "{\"id\":%d,\"code\":\"import time\\ntime.sleep(0.3)\\nresult = %d\"}", i, i);
        xadd("nofile", req);
    }
    assert_true(wait_answers("nofile:results", 6, WAIT_MS));
    cJSON *all = answers("nofile:results");
    for (int i = 1; i <= 6; i++)
        t_assert_ok(by_id(all, i));
    cJSON_Delete(all);
    assert_int_equal(stop_worker(w), 0);
    char *log = t_read_text(fx.log);
    if (!strstr(log, "pywarden worker: started 1 of 2 workers: RLIMIT_NOFILE is 28 (ulimit -n; "
                     "hard limit 28), and 2 workers need 36 open files with 1 policy warm"))
        fail_msg("the worker said: %s", log);
    free(log);
}

/* ---- no lost or doubled answers ---- */

/* Request i of a mixed load: ok, exception, policy violation, and now and then a timeout. */
static void mixed_request(char *buf, size_t n, int i)
{
    if (i % 25 == 0)
        snprintf(buf, n, "{\"id\":%d,\"code\":\"while True: pass\",\"timeout_ms\":100}", i);
    else if (i % 3 == 0)
        snprintf(buf, n, "{\"id\":%d,\"code\":\"raise KeyError(%d)\"}", i, i);
    else if (i % 3 == 1)
        snprintf(buf, n, "{\"id\":%d,\"code\":\"import socket\"}", i);
    else
        snprintf(buf, n, "{\"id\":%d,\"code\":\"def main(inputs):\\n    return %d\"}", i, i);
}

static const char *mixed_type(int i)
{
    return i % 25 == 0  ? "timeout"
           : i % 3 == 0 ? "exception"
           : i % 3 == 1 ? "policy_violation"
                        : NULL;
}

static void queue_mixed(const char *stream, int n)
{
    char req[256];
    for (int i = 0; i < n; i++) {
        mixed_request(req, sizeof req, i);
        redisAppendCommand(fx.c, "XADD %s * request %s", stream, req);
    }
    for (int i = 0; i < n; i++) {
        redisReply *r;
        assert_int_equal(redisGetReply(fx.c, (void **)&r), REDIS_OK);
        freeReplyObject(r);
    }
}

/* Every id 0..n-1 answered exactly once, with the outcome its kind asks for. */
static void assert_exactly_once(const char *results, int n)
{
    cJSON *all = answers(results);
    int *seen = calloc((size_t)n, sizeof *seen);
    const cJSON *a;
    cJSON_ArrayForEach(a, all)
    {
        int id = cJSON_GetObjectItem(a, "id")->valueint;
        assert_true(id >= 0 && id < n);
        if (seen[id]++) fail_msg("request %d answered twice", id);
        const char *type = mixed_type(id);
        if (type)
            t_assert_error(a, type, NULL);
        else
            t_assert_ok(a);
    }
    for (int i = 0; i < n; i++)
        if (!seen[i]) fail_msg("request %d never answered", i);
    free(seen);
    cJSON_Delete(all);
}

static void test_worker_killed_mid_stream(void **state)
{
    (void)state;
    const int n = 2000;
    const char *extra[] = {"--workers", "2", "--claim-idle-ms", "1000", NULL};
    queue_mixed("load", n);
    pid_t a = start_worker("load", extra, NULL), b = start_worker("load", extra, NULL);
    assert_true(wait_answers("load:results", n / 4, WAIT_MS));
    kill(a, SIGKILL);
    waitpid(a, NULL, 0);
    assert_true(wait_answers("load:results", n, WAIT_MS));
    sleep_ms(300); /* a doubled answer would show up now */
    assert_int_equal(stream_len("load:results"), n);
    assert_exactly_once("load:results", n);
    assert_int_equal(pending("load"), 0);
    assert_int_equal(stream_len("load"), 0); /* answered entries leave the stream */
    assert_int_equal(stop_worker(b), 0);
    assert_nothing_left();
}

static void test_redis_restarted_mid_stream(void **state)
{
    (void)state;
    const int n = 1000;
    const char *extra[] = {"--workers", "2", "--claim-idle-ms", "1000", NULL};
    queue_mixed("rs", n);
    pid_t a = start_worker("rs", extra, NULL), b = start_worker("rs", extra, NULL);
    assert_true(wait_answers("rs:results", n / 4, WAIT_MS));
    stop_redis();
    sleep_ms(500); /* runs in flight finish while Redis is away */
    start_redis();
    assert_true(wait_answers("rs:results", n, WAIT_MS));
    sleep_ms(300);
    assert_int_equal(stream_len("rs:results"), n);
    assert_exactly_once("rs:results", n);
    assert_int_equal(pending("rs"), 0);
    assert_int_equal(stop_worker(a), 0);
    assert_int_equal(stop_worker(b), 0);
}

/* A request that kills its worker every time ends answered after --max-deliveries. */
static void test_poison_request(void **state)
{
    (void)state;
    const char *extra[] = {"--workers", "1", "--claim-idle-ms", "300", "--max-deliveries",
                           "2",         NULL};
    int crashes = 0;
    pid_t w = start_worker("poison", extra, "POISON-PILL");
    /* answered before the poison comes, so that it is never in hand when the worker dies */
    xadd("poison", "{\"id\":1,\"code\":\"result = 1\"}");
    assert_true(wait_answers("poison:results", 1, WAIT_MS));
    xadd("poison", "{\"id\":2,\"code\":\"result = 'POISON-PILL'\"}");
    double until = now_ms() + WAIT_MS;
    while (stream_len("poison:results") < 2 && now_ms() < until) {
        int status;
        if (waitpid(w, &status, WNOHANG) == w) {
            assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 70);
            crashes++;
            if (crashes > 2) fail_msg("a third crash: see %s/worker-*.log", fx.dir);
            w = start_worker("poison", extra, "POISON-PILL");
        }
        sleep_ms(50);
    }
    assert_int_equal(crashes, 2);
    cJSON *all = answers("poison:results");
    assert_int_equal(cJSON_GetArraySize(all), 2);
    t_assert_ok(by_id(all, 1));
    t_assert_error(by_id(all, 2), "internal", "gave up after 2 deliveries");
    cJSON_Delete(all);
    assert_int_equal(pending("poison"), 0);
    assert_int_equal(stop_worker(w), 0);
}

/* SIGTERM: a run that fits in the grace is answered; one that does not is left pending,
 * unanswered, and another worker answers it. */
static void test_sigterm_grace(void **state)
{
    (void)state;
    const char *slow = "{\"id\":1,\"code\":\"import time\\ntime.sleep(0.8)\\nresult = 1\"}";
    /* a long grace: the test ends when the run is answered, a loaded machine may be slow */
    const char *extra[] = {"--workers", "1", "--grace-ms", "60000", NULL};
    pid_t w = start_worker("grace", extra, NULL);
    xadd("grace", "{\"id\":0,\"code\":\"result = 0\"}"); /* the template is up after it */
    assert_true(wait_answers("grace:results", 1, WAIT_MS));
    xadd("grace", slow);
    for (double until = now_ms() + WAIT_MS; pending("grace") <= 0 && now_ms() < until;)
        sleep_ms(20);
    sleep_ms(200); /* taken from the queue: a queued entry would be handed back instead */
    assert_int_equal(stop_worker(w), 0);
    assert_int_equal(stream_len("grace:results"), 2);
    assert_int_equal(pending("grace"), 0);

    const char *hang = "{\"id\":2,\"code\":\"import time\\ntime.sleep(30)\\nresult = 2\"}";
    const char *short_grace[] = {"--workers", "1", "--grace-ms", "200", NULL};
    w = start_worker("hang", short_grace, NULL);
    xadd("hang", hang);
    for (double until = now_ms() + WAIT_MS; pending("hang") <= 0 && now_ms() < until;)
        sleep_ms(20);
    sleep_ms(300);
    double t0 = now_ms();
    assert_int_equal(stop_worker(w), 0);
    assert_true(now_ms() - t0 < 10000);
    assert_int_equal(stream_len("hang:results"), 0);
    assert_int_equal(pending("hang"), 1); /* handed back */
    assert_nothing_left();
}

/* SIGTERM while Redis is away and an answer waits to be written: the grace ends it, the
 * entry is left pending (the worker hung, retrying the write for good). */
static void test_sigterm_redis_away(void **state)
{
    (void)state;
    const char *extra[] = {"--workers", "1", "--grace-ms", "500", NULL};
    pid_t w = start_worker("away", extra, NULL);
    xadd("away", "{\"id\":0,\"code\":\"result = 0\"}"); /* the template is up after it */
    assert_true(wait_answers("away:results", 1, WAIT_MS));
    xadd("away", "{\"id\":1,\"code\":\"import time\\ntime.sleep(0.5)\\nresult = 1\"}");
    for (double until = now_ms() + WAIT_MS; pending("away") <= 0 && now_ms() < until;)
        sleep_ms(20);
    stop_redis();
    sleep_ms(1500); /* the run is over; its answer waits for Redis */
    kill(w, SIGTERM);
    assert_int_equal(t_exit_within(w, 15000), 0);
    start_redis();
    assert_true(wait_answers("away:results", 1, WAIT_MS)); /* once Redis has loaded its AOF */
    assert_int_equal(stream_len("away:results"), 1);
    assert_int_equal(pending("away"), 1); /* handed back for another worker */
    assert_nothing_left();
}

/* Threads count against RLIMIT_NPROC (a container's pids limit): the worker runs with the
 * threads it could start and says so, or says what it lacks and exits 1; it never takes an
 * entry it does not answer. It started them unchecked: it took requests it never answered,
 * and joined threads that never were. slow: a thread it cannot create is reported 1 s late. */
static void test_without_its_threads(void **state)
{
    (void)state;
    if (getuid() != 0) skip(); /* it switches to a uid of its own */
    /* that uid reaches Redis (its password still guards it) */
    assert_int_equal(chmod(fx.dir, 0711), 0);
    assert_int_equal(chmod(fx.sock, 0666), 0);
    /* how many tasks the pool holds when the threads start varies: each limit must end in one
     * of the two outcomes, never in entries taken and left unanswered */
    for (int i = 0; i < 10; i++) {
        char stream[32], results[48];
        snprintf(stream, sizeof stream, "nproc%d", i);
        snprintf(results, sizeof results, "%s:results", stream);
        xadd(stream, "{\"id\":1,\"code\":\"result = 1\"}");
        xadd(stream, "{\"id\":2,\"code\":\"result = 2\"}");
        int nproc = 4 + i / 2;
        bool slow = i % 2;
        uid_t uid = 100000 + (uid_t)(getpid() % 4096) * 16 + (uid_t)i; /* not nobody (65534) */
        fx.as.uid = uid;
        fx.as.nproc = nproc;
        fx.as.slow = slow;
        pid_t w = start_worker(stream, (const char *[]){"--workers", "2", NULL}, NULL);
        fx.as.uid = 0;
        int status = -1;
        for (double until = now_ms() + 60000; status < 0 && now_ms() < until;)
            status = stream_len(results) == 2 ? stop_worker(w) : t_exit_within(w, 50);
        t_kill_uid(uid); /* what a hung worker started, too */
        char *log = t_read_text(fx.log);
        long long answered = stream_len(results), left = pending(stream);
        const char *fewer = "pywarden worker: started 1 of 2 workers: ";
        bool ok = status == 1   ? strstr(log, "pywarden worker: ") == log && answered == 0
                  : status == 0 ? answered == 2 && (!*log || strstr(log, fewer) == log)
                                : false;
        if (!ok || left > 0)
            fail_msg("RLIMIT_NPROC %d%s: exit %d (-1: still running after 60 s), %lld answers, "
                     "%lld pending, stderr: %s",
                     nproc, slow ? " (a thread refused late)" : "", status, answered, left, log);
        free(log);
    }
    assert_nothing_left();
}

/* The stream deleted under a running worker (a queue cleared with DEL, a FLUSHDB): the
 * group is made again and new requests are served (they failed with NOGROUP for good). */
static void test_stream_deleted(void **state)
{
    (void)state;
    const char *extra[] = {"--workers", "1", NULL};
    pid_t w = start_worker("gone", extra, NULL);
    xadd("gone", "{\"id\":1,\"code\":\"result = 1\"}");
    assert_true(wait_answers("gone:results", 1, WAIT_MS));
    freeReplyObject(cmd("DEL gone"));
    xadd("gone", "{\"id\":2,\"code\":\"result = 2\"}"); /* a stream without the group */
    assert_true(wait_answers("gone:results", 2, 20000));
    cJSON *all = answers("gone:results");
    t_assert_ok(by_id(all, 2));
    cJSON_Delete(all);
    /* answered entries leave the stream, so the group alone destroyed and made again (from
     * the stream's start) runs only what is new: it ran and answered every request again */
    assert_int_equal(stream_len("gone"), 0);
    freeReplyObject(cmd("XGROUP DESTROY gone pywarden"));
    xadd("gone", "{\"id\":3,\"code\":\"result = 3\"}");
    assert_true(wait_answers("gone:results", 3, 20000));
    sleep_ms(1000); /* a second answer to id 2 would come within it */
    assert_int_equal(stream_len("gone:results"), 3);
    assert_int_equal(stream_len("gone"), 0);
    assert_int_equal(pending("gone"), 0);
    assert_int_equal(stop_worker(w), 0);
}

/* Redis values are binary: a NUL byte is refused as serve refuses it, not cut off there (the
 * request ran as the JSON before the NUL; the answer went to the key named before it). */
static void test_nul_bytes(void **state)
{
    (void)state;
    const char *extra[] = {"--workers", "1", NULL};
    pid_t w = start_worker("nul", extra, NULL);
    static const char request[] = "{\"id\":1,\"code\":\"result = 1\"}\0trailing";
    freeReplyObject(cmd("XADD nul * request %b", request, sizeof request - 1));
    static const char reply[] = "nul:x\0y";
    freeReplyObject(cmd("XADD nul * request %s reply %b", "{\"id\":2,\"code\":\"result = 2\"}",
                        reply, sizeof reply - 1));
    for (double until = now_ms() + WAIT_MS; now_ms() < until; sleep_ms(50))
        if (stream_len("nul:results") + stream_len("nul:x") >= 2) break;
    assert_int_equal(stream_len("nul:results"), 2);
    cJSON *all = answers("nul:results");
    const cJSON *a, *cut = NULL; /* its id unknown, as serve's */
    cJSON_ArrayForEach(a, all) if (cJSON_IsNull(cJSON_GetObjectItem(a, "id"))) cut = a;
    assert_non_null(cut);
    t_assert_error(cut, "invalid_request", "\"request\" field holds a NUL byte");
    t_assert_error(by_id(all, 2), "invalid_request", "\"reply\" field holds a NUL byte");
    cJSON_Delete(all);
    redisReply *none = cmd("EXISTS nul:x");
    assert_int_equal(none->integer, 0);
    freeReplyObject(none);
    assert_int_equal(pending("nul"), 0);
    assert_int_equal(stop_worker(w), 0);
}

/* A request over serve's 64 MiB line cap is refused as serve refuses it, before it is copied
 * and parsed (a 300 MB entry took the worker to 925 MB, 618 MB now: hiredis's two copies). */
/* A request of n bytes (id id, inputs holding one long string) added to stream. */
static void xadd_long(const char *stream, int id, size_t n)
{
    char *req = malloc(n), head[96];
    assert_non_null(req);
    int len = snprintf(head, sizeof head,
                       "{\"id\":%d,\"code\":\"result = %d\",\"inputs\":{\"s\":\"", id, id);
    memset(req, 'x', n);
    memcpy(req, head, (size_t)len);
    memcpy(req + n - 3, "\"}}", 3);
    freeReplyObject(cmd("XADD %s * request %b", stream, req, n));
    free(req);
}

static void test_request_too_long(void **state)
{
    (void)state;
    const char *extra[] = {"--workers", "1", NULL};
    pid_t w = start_worker("long", extra, NULL);
    xadd_long("long", 1, (64u << 20) + 1);
    assert_true(wait_answers("long:results", 1, WAIT_MS));
    cJSON *all = answers("long:results");
    const cJSON *a = cJSON_GetArrayItem(all, 0);
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(a, "id")));
    t_assert_error(a, "invalid_request", "bad request: longer than 67108864 bytes");
    cJSON_Delete(all);
    assert_int_equal(pending("long"), 0);
    freeReplyObject(cmd("DEL long"));
    assert_int_equal(stop_worker(w), 0);
}

/* A dead worker's entries, one of them a 40 MiB request the worker taking them over cannot
 * hold (its address space capped, as `ulimit -v` does): the others are answered, and that one
 * is acknowledged, said on stderr, once delivered past --max-deliveries + 1. XAUTOCLAIM's
 * batch held them all: one reply it could not read lost every entry in it, claimed at each
 * turn, never answered, past --max-deliveries. */
static void test_takeover_of_an_entry_it_cannot_hold(void **state)
{
    (void)state;
#ifdef PW_SANITIZED
    skip(); /* ASan reserves terabytes of address space: RLIMIT_AS cannot apply */
#endif
    freeReplyObject(cmd("XGROUP CREATE big pywarden $ MKSTREAM"));
    xadd("big", "{\"id\":1,\"code\":\"result = 1\"}");
    xadd_long("big", 2, 40u << 20);
    xadd("big", "{\"id\":3,\"code\":\"result = 3\"}");
    /* a worker that read them and died: each is pending, delivered once */
    freeReplyObject(cmd("XREADGROUP GROUP pywarden ghost COUNT 10 STREAMS big >"));
    assert_int_equal(pending("big"), 3);
    struct rlimit space = {180u << 20, 180u << 20};
    fx.space = &space;
    const char *extra[] = {"--workers", "2", "--claim-idle-ms", "300", NULL};
    pid_t w = start_worker("big", extra, NULL);
    fx.space = NULL;
    assert_true(wait_answers("big:results", 2, WAIT_MS));
    double until = now_ms() + WAIT_MS;
    while (pending("big") && now_ms() < until)
        sleep_ms(100);
    assert_int_equal(pending("big"), 0);
    cJSON *all = answers("big:results");
    assert_int_equal(cJSON_GetArraySize(all), 2);
    assert_string_equal(t_result_text(by_id(all, 1)), "1");
    assert_string_equal(t_result_text(by_id(all, 3)), "3");
    cJSON_Delete(all);
    assert_int_equal(stop_worker(w), 0);
    char *log = t_read_text(fx.log);
    assert_non_null(strstr(log, "acknowledged without an answer: delivered 5 times"));
    free(log);
    freeReplyObject(cmd("DEL big big:results"));
}

/* submit whose stdout cannot be written (`submit | head -1`, a full disk) gives up with 1:
 * it waited for good for answers it could not print. */
static void test_submit_stdout_fails(void **state)
{
    (void)state;
    const char *extra[] = {"--workers", "1", NULL};
    start_worker("full", extra, NULL);
    char in[300];
    snprintf(in, sizeof in, "%s/three.ndjson", fx.dir);
    FILE *f = fopen(in, "w");
    assert_non_null(f);
    for (int i = 1; i <= 3; i++)
        fprintf(f, "{\"id\":%d,\"code\":\"result = %d\"}\n", i, i);
    fclose(f);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int fd = open(in, O_RDONLY), full = open("/dev/full", O_WRONLY);
        int err = open("/dev/null", O_WRONLY);
        dup2(fd, 0);
        dup2(full, 1);
        dup2(err, 2);
        setenv("PYWARDEN_REDIS_PASSWORD", fx.password, 1);
        execl(PW_BIN, PW_BIN, "submit", "--redis", fx.url, "--stream", "full", NULL);
        _exit(127);
    }
    if (fx.nworkers < 16) fx.workers[fx.nworkers++] = pid; /* killed after, should it hang */
    assert_int_equal(t_exit_within(pid, WAIT_MS), 1);
}

/* submit whose stdin cannot be read (a directory: EISDIR; a hung-up terminal: EIO) says so
 * and gives up with 1: it took the error for the end of its input and exited 0. */
static void test_submit_stdin_fails(void **state)
{
    (void)state;
    char err_path[320];
    snprintf(err_path, sizeof err_path, "%s/submit-stdin.err", fx.dir);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int dir = open("/", O_RDONLY | O_DIRECTORY), out = open("/dev/null", O_WRONLY);
        int err = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        dup2(dir, 0);
        dup2(out, 1);
        dup2(err, 2);
        setenv("PYWARDEN_REDIS_PASSWORD", fx.password, 1);
        execl(PW_BIN, PW_BIN, "submit", "--redis", fx.url, "--stream", "nostdin", NULL);
        _exit(127);
    }
    if (fx.nworkers < 16) fx.workers[fx.nworkers++] = pid; /* killed after, should it hang */
    int status = t_exit_within(pid, WAIT_MS);
    char *err = t_read_text(err_path);
    if (status != 1 || !err ||
        !strstr(err, "pywarden submit: cannot read requests from stdin: Is a directory\n"))
        fail_msg("exit %d, stderr: %s", status, err ? err : "(none)");
    free(err);
}

static void test_usage_errors(void **state)
{
    (void)state;
    char *out, *err;
    const char *with_password[] = {"pywarden", "worker", "--redis", "redis://:secret@localhost",
                                   "--stream", "s",      NULL};
    assert_int_equal(t_run_cli(with_password, NULL, NULL, &out, &err), 2);
    assert_non_null(strstr(err, "PYWARDEN_REDIS_PASSWORD"));
    free(out);
    free(err);
    const char *no_stream[] = {"pywarden", "worker", "--redis", "redis://localhost", NULL};
    assert_int_equal(t_run_cli(no_stream, NULL, NULL, &out, &err), 2);
    assert_non_null(strstr(err, "--redis and --stream are required"));
    free(out);
    free(err);
    const char *bad_url[] = {"pywarden", "submit", "--redis", "http://x", "--stream", "s", NULL};
    assert_int_equal(t_run_cli(bad_url, NULL, NULL, &out, &err), 2);
    assert_non_null(strstr(err, "redis:// or unix://"));
    free(out);
    free(err);
    /* a number out of range names the option and its range */
    const char *zero[] = {"pywarden",  "worker", "--redis", "redis://localhost", "--stream", "s",
                          "--workers", "0",      NULL};
    assert_int_equal(t_run_cli(zero, NULL, NULL, &out, &err), 2);
    assert_non_null(strstr(err, "--workers takes an integer from 1 to 128, not '0'"));
    free(out);
    free(err);
    /* a name too long or empty is named as such, not as an unknown option */
    char name[300];
    memset(name, 'c', 256);
    name[256] = '\0';
    const char *consumer[] = {"pywarden",          "worker",   "--redis",
                              "redis://localhost", "--stream", "s",
                              "--consumer",        name,       NULL};
    assert_int_equal(t_run_cli(consumer, NULL, NULL, &out, &err), 2);
    assert_non_null(strstr(err, "--consumer takes at most 255 bytes, not 256"));
    free(out);
    free(err);
    const char *group[] = {"pywarden", "worker", "--redis", "redis://localhost", "--stream", "s",
                           "--group",  "",       NULL};
    assert_int_equal(t_run_cli(group, NULL, NULL, &out, &err), 2);
    assert_non_null(strstr(err, "--group must not be empty"));
    free(out);
    free(err);
    const char *wait[] = {"pywarden",  "submit", "--redis", "redis://localhost", "--stream", "s",
                          "--wait-ms", "abc",    NULL};
    assert_int_equal(t_run_cli(wait, NULL, NULL, &out, &err), 2);
    assert_non_null(strstr(err, "--wait-ms takes a positive integer, not 'abc'"));
    free(out);
    free(err);
}

/* submit: lines in, one answer per request out, exit 0; its private reply stream is gone. */
static void test_submit(void **state)
{
    (void)state;
    const char *extra[] = {"--workers", "2", NULL};
    pid_t w = start_worker("sub", extra, NULL);
    const char *argv[] = {"pywarden", "submit", "--redis", fx.url, "--stream", "sub", NULL};
    char env_pass[96];
    snprintf(env_pass, sizeof env_pass, "PYWARDEN_REDIS_PASSWORD=%s", fx.password);
    char *const envp[] = {env_pass, NULL};
    char *out, *err;
    int rc =
        t_run_cli(argv, "{\"id\":1,\"code\":\"result=1\"}\n\n{\"id\":2,\"code\":\"result=2\"}\n",
                  envp, &out, &err);
    assert_int_equal(rc, 0);
    int lines = 0;
    for (char *p = out; (p = strchr(p, '\n')); p++)
        lines++;
    assert_int_equal(lines, 2);
    assert_non_null(strstr(out, "{\"id\":1,\"ok\":true,\"result\":1,"));
    assert_non_null(strstr(out, "{\"id\":2,\"ok\":true,\"result\":2,"));
    free(out);
    free(err);
    redisReply *r = cmd("KEYS sub:results:*");
    assert_int_equal(r->elements, 0);
    freeReplyObject(r);
    /* a shared --reply stream: a later submit prints its own answer, not an earlier one's */
    for (int id = 3; id <= 4; id++) {
        const char *shared[] = {"pywarden", "submit",  "--redis",    fx.url, "--stream",
                                "sub",      "--reply", "sub:shared", NULL};
        char line[64], want[64];
        snprintf(line, sizeof line, "{\"id\":%d,\"code\":\"result=%d\"}\n", id, id);
        snprintf(want, sizeof want, "{\"id\":%d,\"ok\":true,\"result\":%d,", id, id);
        assert_int_equal(t_run_cli(shared, line, envp, &out, &err), 0);
        assert_non_null(strstr(out, want));
        assert_null(strchr(strchr(out, '\n') + 1, '\n')); /* one line */
        free(out);
        free(err);
    }
    /* an answer over a pipe's size on a non-blocking stdout (a Node host's) comes whole: it
     * was cut where the pipe was full */
    int in, outfd;
    pid_t sub = t_start_nonblocking(argv, envp, &in, &outfd);
    const char *big = "{\"id\":6,\"code\":\"print('x' * 200000)\\nresult=6\"}\n";
    assert_int_equal(write(in, big, strlen(big)), (ssize_t)strlen(big));
    close(in);
    out = t_slurp_later(outfd);
    assert_int_equal(t_exit_status(sub), 0);
    cJSON *a = cJSON_Parse(out);
    if (!a) fail_msg("submit printed %zu bytes: %.200s", strlen(out), out);
    assert_int_equal((int)strlen(cJSON_GetStringValue(cJSON_GetObjectItem(a, "stdout"))), 200001);
    cJSON_Delete(a);
    free(out);
    const char *foreign[] = {"pywarden", "submit",  "--redis",   fx.url, "--stream",
                             "sub",      "--reply", "elsewhere", NULL};
    assert_int_equal(t_run_cli(foreign, "{\"code\":\"result=1\"}\n", envp, &out, &err), 2);
    assert_non_null(
        strstr(err, "--reply 'elsewhere': a worker answers only into keys named 'sub:...'"));
    free(out);
    free(err);
    assert_int_equal(stop_worker(w), 0);
    /* no worker: --wait-ms is kept to, and the private stream a late answer will land in
     * expires instead of staying for good */
    const char *waiting[] = {"pywarden", "submit",    "--redis", fx.url, "--stream",
                             "sub",      "--wait-ms", "300",     NULL};
    double t0 = pw_now_ms();
    assert_int_equal(t_run_cli(waiting, "{\"id\":5,\"code\":\"result=5\"}\n", envp, &out, &err), 1);
    assert_true(pw_now_ms() - t0 < 1000);
    assert_non_null(strstr(err, "0 of 1 requests answered"));
    free(out);
    free(err);
    w = start_worker("sub", extra, NULL);
    r = cmd("KEYS sub:results:*");
    assert_int_equal(r->elements, 1);
    /* sub:results:HOST-PID-RANDOM: no other producer can guess it to fill it */
    const char *suffix = strrchr(r->element[0]->str, '-');
    assert_non_null(suffix);
    assert_int_equal(strspn(suffix + 1, "0123456789abcdef"), 16);
    assert_int_equal(strlen(suffix + 1), 16);
    long long entries = 0; /* its opening entry, then the late answer */
    for (int i = 0; i < 200 && entries < 2; i++, usleep(50 * 1000)) {
        redisReply *len = cmd("XLEN %s", r->element[0]->str);
        entries = len->integer;
        freeReplyObject(len);
    }
    assert_int_equal(entries, 2);
    redisReply *ttl = cmd("TTL %s", r->element[0]->str);
    assert_true(ttl->integer > 0);
    freeReplyObject(ttl);
    freeReplyObject(r);
    assert_int_equal(stop_worker(w), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_usage_errors, kill_workers),
        cmocka_unit_test_teardown(test_wire_format, kill_workers),
        cmocka_unit_test_teardown(test_policy_locked, kill_workers),
        cmocka_unit_test_teardown(test_work_root, kill_workers),
        cmocka_unit_test_teardown(test_open_file_limit, kill_workers),
        cmocka_unit_test_teardown(test_without_its_threads, kill_workers),
        cmocka_unit_test_teardown(test_submit, kill_workers),
        cmocka_unit_test_teardown(test_sigterm_grace, kill_workers),
        cmocka_unit_test_teardown(test_sigterm_redis_away, kill_workers),
        cmocka_unit_test_teardown(test_stream_deleted, kill_workers),
        cmocka_unit_test_teardown(test_nul_bytes, kill_workers),
        cmocka_unit_test_teardown(test_request_too_long, kill_workers),
        cmocka_unit_test_teardown(test_takeover_of_an_entry_it_cannot_hold, kill_workers),
        cmocka_unit_test_teardown(test_submit_stdout_fails, kill_workers),
        cmocka_unit_test_teardown(test_submit_stdin_fails, kill_workers),
        cmocka_unit_test_teardown(test_poison_request, kill_workers),
        cmocka_unit_test_teardown(test_worker_killed_mid_stream, kill_workers),
        cmocka_unit_test_teardown(test_redis_restarted_mid_stream, kill_workers),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
