/* Fault injection on warm mode: each process serve and the pool depend on (the run, the
 * slot's spare, the template, the launcher) is killed, then in another test stopped
 * (SIGSTOP); the request it held is answered, and 10 more requests succeed; so after the
 * nursery that forks launchers is killed. Also: a host killed with SIGKILL leaves no process
 * behind. */
#include "helpers.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pywarden.h"
#include "util.h"
#include "zygote.h"

/* Generous: only a hang fails it (before the fix, a stopped template held answers forever). */
#define VICTIM_ANSWER_MS 20000

typedef enum { RUN, SPARE, TEMPLATE, LAUNCHER } victim;

/* serve, or the pool API in this process, behind one small interface. */
typedef struct {
    server s;      /* serve */
    pw_pool *pool; /* or the pool */
    pthread_t thread;
    char *line, *answer;
} host;

/* The host a test started and has not stopped: a failed test leaves it to the teardown,
 * not to the next test (which would find its processes among the test's children). */
static host *started;

static host *host_start(bool pool)
{
    static host one;
    host *h = &one;
    memset(h, 0, sizeof *h);
    started = h;
    if (!pool) {
        start_server(&h->s, (const char *[]){"--workers", "1", "--allow-policies", "strict",
                                             "--allow-inline-policies", NULL});
        return h;
    }
    char *error = NULL;
    h->pool = pw_pool_create(NULL, 1, &error);
    if (!h->pool) fail_msg("pw_pool_create: %s", error);
    return h;
}

static pid_t host_pid(const host *h)
{
    return h->pool ? getpid() : h->s.pid;
}

static void *pool_call(void *arg)
{
    host *h = arg;
    h->answer = pw_pool_run(h->pool, h->line);
    return NULL;
}

/* Sends a request; its answer is collected by host_answer. */
static void host_send(host *h, const char *line)
{
    if (!h->pool) return send_line(&h->s, line);
    h->line = strdup(line);
    assert_int_equal(pthread_create(&h->thread, NULL, pool_call, h), 0);
}

static cJSON *host_answer(host *h, int within_ms)
{
    if (!h->pool) return read_answer_within(&h->s, within_ms);
    pthread_join(h->thread, NULL); /* pw_pool_run always answers: a hang hangs the test */
    cJSON *a = cJSON_Parse(h->answer);
    pw_free(h->answer);
    free(h->line);
    return a;
}

static cJSON *host_run(host *h, const char *line)
{
    host_send(h, line);
    return host_answer(h, ANSWER_TIMEOUT_MS);
}

static void host_stop(host *h)
{
    started = NULL;
    if (h->pool)
        pw_pool_destroy(h->pool);
    else
        assert_int_equal(stop_server(&h->s), 0);
    assert_int_equal(t_count_children(), 0);
}

/* Stops what a failed test left; processes it stopped (SIGSTOP) are killed with their host. */
static int leftovers_stopped(void **state)
{
    (void)state;
    host *h = started;
    started = NULL;
    if (h && h->pool) pw_pool_destroy(h->pool);
    if (h && !h->pool) kill(h->s.pid, SIGKILL), stop_server(&h->s);
    return 0;
}

/* The only child of pid, waiting up to 2 s for there to be exactly one. */
static pid_t only_child(pid_t pid)
{
    pid_t kids[8];
    for (int tries = 0; tries < 200; tries++) {
        if (t_children_of(pid, kids, 8) == 1) return kids[0];
        usleep(10000);
    }
    fail_msg("process %d does not have exactly one child", (int)pid);
    return -1;
}

/* The launcher of a host just started. Until the nursery has named itself it looks like the
 * launcher (a fork of the host), so it is found first. */
static pid_t nursery_then_launcher(pid_t host_process, pid_t *nursery)
{
    pid_t found = -1;
    for (int tries = 0; tries < 200 && found < 0; tries++, usleep(10000))
        found = t_nursery_of(host_process);
    assert_true(found > 0);
    if (nursery) *nursery = found;
    return only_child(host_process);
}

/* Waits until the template has handed a run to its spare: it then forks the next spare. */
static void handed_over(pid_t tpl)
{
    pid_t kids[8];
    for (int tries = 0; tries < 2000; tries++) {
        if (t_children_of(tpl, kids, 8) == 1 + PW_SPARES) return;
        usleep(10000);
    }
    fail_msg("template %d never handed its run over", (int)tpl);
}

static void ten_runs_succeed(host *h)
{
    for (int i = 0; i < 10; i++) {
        cJSON *a = host_run(h, "{\"code\": \"result = 7\"}");
        t_assert_ok(a);
        assert_string_equal(t_result_text(a), "7");
        assert_string_equal(mode_of(a), "warm");
        cJSON_Delete(a);
    }
}

/* The answer to the request the victim held: any outcome but a hang, and for a run that
 * was only stopped, its deadline. */
static void victim_answered(host *h, victim v, int sig)
{
    cJSON *a = host_answer(h, VICTIM_ANSWER_MS);
    assert_non_null(a);
    /* crashed when the kill hit the run; under ASan the spare seen before the request was
     * once not the one that took it (the run then met its deadline) */
    if (v == RUN && sig == SIGKILL) {
        const char *type =
            cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(a, "error"), "type"));
        if (!type || (strcmp(type, "crashed") && strcmp(type, "timeout")))
            t_assert_error(a, "crashed", NULL);
    }
    if (v == RUN && sig == SIGSTOP) t_assert_error(a, "timeout", NULL);
    /* The slot holds the spare for its next run: a stopped template delays only the run
     * after it, which finds the template hung and starts another (ten_runs_succeed). */
    if (v == TEMPLATE && sig == SIGSTOP) t_assert_ok(a);
    cJSON_Delete(a);
}

static void fault(bool pool, victim v, int sig)
{
    host *h = host_start(pool);
    cJSON *a = host_run(h, "{\"code\": \"result = 1\"}");
    t_assert_ok(a);
    cJSON_Delete(a);
    pid_t launcher = only_child(host_pid(h)), tpl = only_child(launcher);
    pid_t spare = t_spares_at_rest(tpl); /* the slot's next run, forked ahead */
    static const char sleeper[] =
        "{\"timeout_ms\": 2000, \"code\": \"import time\\ntime.sleep(30)\"}";
    static const char quick[] = "{\"timeout_ms\": 2000, \"code\": \"result = 2\"}";
    /* A policy no template has yet: its run needs the launcher. */
    static const char fresh_policy[] = "{\"timeout_ms\": 2000, \"code\": "
                                       "\"result = 3\", \"policy\": {\"extends\": \"strict\"}}";
    switch (v) {
    case RUN:
        host_send(h, sleeper);
        handed_over(tpl);
        kill(spare, sig);
        victim_answered(h, v, sig);
        break;
    case SPARE:
        kill(spare, sig);
        host_send(h, quick);
        victim_answered(h, v, sig);
        break;
    case TEMPLATE:
        kill(tpl, sig);
        host_send(h, quick);
        victim_answered(h, v, sig);
        break;
    case LAUNCHER:
        kill(launcher, sig);
        host_send(h, fresh_policy);
        victim_answered(h, v, sig);
        break;
    }
    ten_runs_succeed(h);
    if (v == LAUNCHER) { /* a new launcher took over; the old one was reaped, not left a zombie */
        a = host_run(h, "{\"code\": \"result = 4\", \"policy\": {\"extends\": \"default\", "
                        "\"description\": \"a third template\"}}");
        t_assert_ok(a);
        cJSON_Delete(a);
        assert_true(only_child(host_pid(h)) != launcher);
    }
    if (v == TEMPLATE) assert_true(only_child(only_child(host_pid(h))) != tpl);
    host_stop(h);
}

#define FAULT_TESTS(mode, pool)                                                                    \
    static void mode##_survives_a_killed_run(void **s)                                             \
    {                                                                                              \
        (void)s, fault(pool, RUN, SIGKILL);                                                        \
    }                                                                                              \
    static void mode##_survives_a_killed_spare(void **s)                                           \
    {                                                                                              \
        (void)s, fault(pool, SPARE, SIGKILL);                                                      \
    }                                                                                              \
    static void mode##_survives_a_killed_template(void **s)                                        \
    {                                                                                              \
        (void)s, fault(pool, TEMPLATE, SIGKILL);                                                   \
    }                                                                                              \
    static void mode##_survives_a_killed_launcher(void **s)                                        \
    {                                                                                              \
        (void)s, fault(pool, LAUNCHER, SIGKILL);                                                   \
    }                                                                                              \
    static void mode##_survives_a_stopped_run(void **s)                                            \
    {                                                                                              \
        (void)s, fault(pool, RUN, SIGSTOP);                                                        \
    }                                                                                              \
    static void mode##_survives_a_stopped_spare(void **s)                                          \
    {                                                                                              \
        (void)s, fault(pool, SPARE, SIGSTOP);                                                      \
    }                                                                                              \
    static void mode##_survives_a_stopped_template(void **s)                                       \
    {                                                                                              \
        (void)s, fault(pool, TEMPLATE, SIGSTOP);                                                   \
    }                                                                                              \
    static void mode##_survives_a_stopped_launcher(void **s)                                       \
    {                                                                                              \
        (void)s, fault(pool, LAUNCHER, SIGSTOP);                                                   \
    }

FAULT_TESTS(serve, false)
FAULT_TESTS(pool, true)

/* The launcher killed while serve's first template is still starting (preloading pandas):
 * serve starts both again and answers. It exited 1 before ("the warm template could not
 * start: its connection failed"), having read no request. */
static void serve_survives_a_launcher_killed_while_it_starts(void **state)
{
    (void)state;
    server s;
    start_server(&s, (const char *[]){"--workers", "1", "--policy",
                                      "{\"extends\": \"default\", \"site_packages\": true, "
                                      "\"preload\": [\"pandas\"]}",
                                      NULL});
    pid_t launcher = nursery_then_launcher(s.pid, NULL);
    find_template(s.pid);
    kill(launcher, SIGKILL);
    send_line(&s, "{\"code\": \"result = 5\"}");
    cJSON *a = read_answer(&s);
    assert_non_null(a);
    t_assert_ok(a);
    assert_string_equal(t_result_text(a), "5");
    cJSON_Delete(a);
    assert_true(only_child(s.pid) != launcher);
    assert_int_equal(stop_server(&s), 0);
}

/* The nursery killed, then the launcher: the next launcher comes from a nursery forked
 * again from the host (the host's memory as it is then; see README, "What a host must do"). */
static void serve_survives_a_killed_nursery(void **state)
{
    (void)state;
    host *h = host_start(false);
    pid_t nursery, launcher = nursery_then_launcher(host_pid(h), &nursery);
    kill(nursery, SIGKILL);
    kill(launcher, SIGKILL);
    host_send(h, "{\"code\": \"result = 3\", \"policy\": {\"extends\": \"strict\"}}");
    cJSON *a = host_answer(h, VICTIM_ANSWER_MS);
    t_assert_ok(a);
    cJSON_Delete(a);
    ten_runs_succeed(h);
    pid_t again = t_nursery_of(host_pid(h));
    assert_true(again > 0 && again != nursery);
    host_stop(h);
}

/* ---- a host killed with SIGKILL ---- */

static int collect(pid_t pid, pid_t *out, int n, int max)
{
    pid_t kids[64];
    int k = t_children_of(pid, kids, 64);
    for (int i = 0; i < k && n < max; i++) {
        out[n++] = kids[i];
        n = collect(kids[i], out, n, max);
    }
    return n;
}

/* Alive: exists and is not a zombie (a zombie is dead; init reaps it). */
static bool alive(pid_t pid)
{
    char path[64], buf[512];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f) return false;
    size_t r = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[r] = '\0';
    char *p = strrchr(buf, ')');
    return p && p[1] == ' ' && p[2] != 'Z' && p[2] != 'X';
}

/* Kills the host with SIGKILL while a run is in flight; all it started is gone within 1 s. */
static void host_killed_leaves_nothing(pid_t hostpid)
{
    pid_t procs[64];
    int n = 0;
    const int all = 3 + PW_SPARES; /* launcher, template, run, spares */
    for (int tries = 0; tries < 300 && n < all; tries++) {
        usleep(10000);
        n = collect(hostpid, procs, 0, 64);
    }
    assert_true(n >= all);
    if (n < 64 && t_nursery_of(hostpid) > 0) procs[n++] = t_nursery_of(hostpid);
    kill(hostpid, SIGKILL);
    assert_int_equal(waitpid(hostpid, NULL, 0), hostpid);
    double t0 = pw_now_ms();
    int left = n;
    while (left > 0 && pw_now_ms() - t0 < 1000) {
        left = 0;
        for (int i = 0; i < n; i++)
            left += alive(procs[i]);
        usleep(5000);
    }
    for (int i = 0; i < n; i++)
        if (alive(procs[i])) fail_msg("process %d outlived its SIGKILLed host by 1 s", procs[i]);
}

static void a_killed_serve_leaves_no_process(void **state)
{
    (void)state;
    server s;
    start_server(&s, (const char *[]){"--workers", "2", NULL});
    send_line(&s, "{\"code\": \"import time\\ntime.sleep(30)\"}");
    host_killed_leaves_nothing(s.pid);
    close_input(&s);
    close(s.out);
    free(s.buf);
    free(s.last);
}

static void a_killed_pool_host_leaves_no_process(void **state)
{
    (void)state;
    pid_t pid = fork();
    if (pid == 0) {
        pw_pool *pool = pw_pool_create(NULL, 2, NULL);
        if (pool) pw_free(pw_pool_run(pool, "{\"code\": \"import time\\ntime.sleep(30)\"}"));
        _exit(1);
    }
    host_killed_leaves_nothing(pid);
}

/* pywarden with args under an open-file limit of soft and hard (0: soft), stdin /dev/null, its
 * stream (1 or 2) into a pipe whose read end is *from. */
static pid_t pywarden_with_nofile(rlim_t soft, rlim_t hard, int stream, const char *const args[],
                                  int *from)
{
    int p[2];
    assert_int_equal(pipe(p), 0);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(p[1], stream);
        close(p[0]);
        close(p[1]);
        int null = open("/dev/null", O_RDONLY);
        dup2(null, 0);
        close(null);
        pw_close_range(3, ~0U); /* what ctest leaves open would count against the limit */
        struct rlimit low = {soft, hard ? hard : soft}; /* as ulimit -n sets it */
        if (setrlimit(RLIMIT_NOFILE, &low) != 0) _exit(99);
        const char *argv[8] = {PW_BIN};
        for (int i = 0; args[i] && i < 6; i++)
            argv[i + 1] = args[i];
        execv(PW_BIN, (char *const *)argv);
        _exit(98);
    }
    close(p[1]);
    *from = p[0];
    return pid;
}

/* A host whose open-file limit leaves the run no room for its pipes above fd 10 (ulimit -n
 * 10..13): `pywarden run` says so before it starts the run, `internal` with the limit and what
 * a run needs. It was answered `crashed` ("the run exited with status 126 before sending a
 * result"), which blames the run, then "the run could not be set up: fds: fcntl(F_DUPFD)..."
 * or, under 10, "pipe2: Too many open files", which named no limit. */
static void a_run_without_room_for_its_fds_is_internal(void **state)
{
    (void)state;
    int out;
    pid_t pid =
        pywarden_with_nofile(10, 0, 1, (const char *[]){"run", "--code", "result = 1", NULL}, &out);
    char *text = t_slurp_later(out);
    assert_int_equal(t_exit_status(pid), 1);
    cJSON *r = cJSON_Parse(text);
    assert_non_null(r);
    t_assert_error(r, "internal",
                   "RLIMIT_NOFILE is 10 (ulimit -n; hard limit 10), and a cold run needs 14 open "
                   "files");
    assert_null(cJSON_GetObjectItem(cJSON_GetObjectItem(r, "error"), "exit_status"));
    cJSON_Delete(r);
    free(text);
}

/* A soft open-file limit below a run's needs under a hard one that fits them (ulimit -Sn 8) is
 * raised, as serve raises it: every run failed ("pipe2: Too many open files"). */
static void a_low_soft_nofile_is_raised_for_a_run(void **state)
{
    (void)state;
    int out;
    pid_t pid =
        pywarden_with_nofile(8, 64, 1, (const char *[]){"run", "--code", "result = 1", NULL}, &out);
    char *text = t_slurp_later(out);
    assert_int_equal(t_exit_status(pid), 0);
    cJSON *r = cJSON_Parse(text);
    t_assert_ok(r);
    assert_string_equal(t_result_text(r), "1");
    cJSON_Delete(r);
    free(text);
}

/* doctor under a hard open-file limit that fits no run (ulimit -n 8) says so: every policy
 * refused, serve would not start. It said every policy runs and serve would start. */
static void doctor_says_no_run_fits_the_open_file_limit(void **state)
{
    (void)state;
    int out;
    pid_t pid = pywarden_with_nofile(8, 0, 1, (const char *[]){"doctor", "--json", NULL}, &out);
    char *text = t_slurp_later(out);
    assert_int_equal(t_exit_status(pid), 0);
    cJSON *d = cJSON_Parse(text);
    assert_non_null(d);
    const cJSON *note = cJSON_GetArrayItem(cJSON_GetObjectItem(d, "notes"), 0);
    assert_non_null(strstr(cJSON_GetStringValue(note),
                           "RLIMIT_NOFILE is 8 (ulimit -n; hard limit 8), and a cold run needs 14 "
                           "open files: no run can start here"));
    const cJSON *def = cJSON_GetObjectItem(cJSON_GetObjectItem(d, "policies"), "default");
    assert_false(cJSON_IsTrue(cJSON_GetObjectItem(def, "runs")));
    assert_null(cJSON_GetObjectItem(def, "serve"));
    const char *serve =
        cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(d, "ceiling"), "error"));
    assert_non_null(serve);
    assert_non_null(strstr(serve, "cannot start even one worker: RLIMIT_NOFILE is 8 (ulimit -n; "
                                  "hard limit 8), and 1 worker needs 28 open files"));
    cJSON_Delete(d);
    free(text);
}

/* A host out of fds when it resolves the work directory: its own trouble (internal), not a
 * bad work_dir (invalid_request). */
static void a_host_out_of_fds_is_not_a_bad_work_dir(void **state)
{
    (void)state;
    pid_t pid = fork();
    if (pid == 0) {
        struct rlimit low = {64, 64};
        if (setrlimit(RLIMIT_NOFILE, &low) != 0) _exit(99);
        while (dup(0) >= 0)
            ;
        char *out = pw_run("{\"code\": \"result = 1\", \"work_dir\": \"/tmp\"}");
        cJSON *r = out ? cJSON_Parse(out) : NULL;
        const cJSON *e = cJSON_GetObjectItem(r, "error");
        const char *type = cJSON_GetStringValue(cJSON_GetObjectItem(e, "type"));
        const char *msg = cJSON_GetStringValue(cJSON_GetObjectItem(e, "message"));
        bool ok = type && strcmp(type, "internal") == 0 && msg &&
                  strstr(msg, "work_dir '/tmp': Too many open files");
        if (!ok) fprintf(stderr, "answer: %s\n", out ? out : "(none)");
        _exit(ok ? 0 : 1);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

/* serve under an open-file limit too low for even one worker (ulimit -n 16, 4 workers) says
 * so before it starts. It said "the warm-template launcher failed: its connection failed":
 * the launcher's answer had more fds than serve could take, so the kernel cut them off. A
 * limit that fits some workers: test_serve's serve_fits_its_workers_in_the_open_file_limit. */
static void serve_out_of_fds_says_so(void **state)
{
    (void)state;
    int err;
    pid_t pid =
        pywarden_with_nofile(16, 0, 2, (const char *[]){"serve", "--workers", "4", NULL}, &err);
    char *text = t_slurp_later(err);
    assert_int_equal(t_exit_status(pid), 1);
    if (!strstr(text, "pywarden: serve: cannot start even one worker: RLIMIT_NOFILE is 16 "
                      "(ulimit -n; hard limit 16)"))
        fail_msg("serve said: %s", text);
    free(text);
}

/* serve as a uid whose process limit leaves no room for a template (ulimit -u 3: serve, its
 * nursery and launcher) says why, naming the limit. It said "the launcher could not fork a
 * template", no reason, then only the errno's. */
static void serve_out_of_processes_says_so(void **state)
{
    (void)state;
    if (getuid() != 0) {
        print_message("SKIPPED: switching to uid 4251 needs a root test process\n");
        skip();
    }
    int err[2];
    assert_int_equal(pipe(err), 0);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(err[1], 2);
        close(err[0]);
        close(err[1]);
        int null = open("/dev/null", O_RDONLY);
        dup2(null, 0);
        close(null);
        const struct rlimit three = {3, 3};
        if (chdir("/") || setgroups(0, NULL) || setgid(4251) || setrlimit(RLIMIT_NPROC, &three) ||
            setuid(4251))
            _exit(99);
        execl(PW_BIN, PW_BIN, "serve", "--workers", "1", (char *)NULL);
        _exit(98);
    }
    close(err[1]);
    char *text = t_slurp_later(err[0]);
    assert_int_equal(t_exit_status(pid), 1);
    if (!strstr(text, "could not fork a template: Resource temporarily unavailable (RLIMIT_NPROC "
                      "is 3 for uid 4251 (ulimit -u), which counts every process and thread"))
        fail_msg("serve said: %s", text);
    free(text);
}

/* A uid of its own: RLIMIT_NPROC counts every process and thread of the real uid. */
#define NPROC_UID 4245
#define NPROC_LIMIT 64

static void as_nproc_uid(void)
{
    const struct rlimit lim = {NPROC_LIMIT, NPROC_LIMIT};
    if (setrlimit(RLIMIT_NPROC, &lim) || setgroups(0, NULL) || setgid(NPROC_UID) ||
        setuid(NPROC_UID))
        _exit(125);
}

/* Forks processes of NPROC_UID until the kernel refuses one, and holds them until a byte
 * comes on release (the write end, in the caller); a byte on *full once they are all up. */
static pid_t use_up_processes(int release[2], int *full)
{
    int ready[2];
    assert_int_equal(pipe(release), 0);
    assert_int_equal(pipe(ready), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(release[1]);
        close(ready[0]);
        as_nproc_uid();
        pid_t kids[NPROC_LIMIT];
        int n = 0;
        for (pid_t k; n < NPROC_LIMIT && (k = fork()) >= 0; kids[n++] = k)
            if (k == 0) {
                prctl(PR_SET_PDEATHSIG, SIGKILL);
                pause();
                _exit(0);
            }
        char b = 0;
        if (write(ready[1], &b, 1) != 1 || read(release[0], &b, 1) < 0) b = 1;
        for (int i = 0; i < n; i++)
            kill(kids[i], SIGKILL);
        while (wait(NULL) > 0)
            ;
        _exit(0);
    }
    close(release[0]);
    close(ready[1]);
    *full = ready[0];
    return pid;
}

/* A template that cannot fork a run (its uid's processes used up: RLIMIT_NPROC, a
 * container's pids limit) refuses that run alone, naming the limit (it guessed "a container's
 * pids limit?"). It used to be killed as if it had died, and with it every run it held in
 * flight. */
static void a_template_out_of_processes_keeps_its_runs(void **state)
{
    (void)state;
    if (getuid() != 0) {
        print_message("SKIPPED: switching to uid %d needs a root test process\n", NPROC_UID);
        skip();
    }
    server s;
    start_server_with(&s, (const char *[]){"--workers", "2", NULL}, as_nproc_uid);
    send_line(&s, "{\"id\": \"ready\", \"code\": \"result = 1\", \"work_dir\": \"/tmp\"}");
    cJSON *a = read_answer(&s);
    t_assert_ok(a);
    cJSON_Delete(a);
    send_line(&s, "{\"id\": \"long\", \"code\": \"import time\\ntime.sleep(2)\\nresult = 2\", "
                  "\"work_dir\": \"/tmp\"}");
    usleep(300 * 1000); /* in flight */
    int release[2], full;
    pid_t hog = use_up_processes(release, &full);
    char b;
    assert_int_equal(read(full, &b, 1), 1);
    /* the other slot's spares go first; then the template has none and cannot fork one */
    int refused = 0;
    for (int i = 0; i <= PW_SPARES && !refused; i++) {
        send_line(&s, "{\"id\": \"short\", \"code\": \"result = 3\", \"work_dir\": \"/tmp\"}");
        a = read_answer(&s);
        assert_string_equal(id_str(a), "short");
        if (!cJSON_IsTrue(cJSON_GetObjectItem(a, "ok"))) {
            t_assert_error(a, "internal",
                           "the template could not fork a run: Resource temporarily unavailable "
                           "(RLIMIT_NPROC is 64 for uid 4245 (ulimit -u)");
            refused++;
        }
        cJSON_Delete(a);
    }
    assert_int_equal(refused, 1);
    assert_int_equal(write(release[1], "", 1), 1);
    assert_int_equal(waitpid(hog, NULL, 0), hog);
    close(release[1]);
    close(full);
    a = read_answer(&s);
    assert_string_equal(id_str(a), "long");
    t_assert_ok(a);
    assert_string_equal(t_result_text(a), "2");
    cJSON_Delete(a);
    send_line(&s, "{\"id\": \"after\", \"code\": \"result = 4\", \"work_dir\": \"/tmp\"}");
    a = read_answer(&s);
    t_assert_ok(a);
    cJSON_Delete(a);
    assert_int_equal(stop_server(&s), 0);
    assert_int_equal(t_count_children(), 0);
}

/* The supervisor stopped (SIGSTOP: a debugger, a paused host) or not scheduled while its runs
 * went on: once it looks again, a run that ended before its deadline keeps its result; one
 * that ended after it is a timeout. Both used to be timeouts "killed" at the deadline. */
static void a_stopped_serve_keeps_runs_that_ended_in_time(void **state)
{
    (void)state;
    server s;
    start_server(&s, (const char *[]){"--workers", "2", NULL});
    send_line(&s, "{\"id\": \"ready\", \"code\": \"result = 0\"}");
    cJSON *a = read_answer(&s);
    t_assert_ok(a);
    cJSON_Delete(a);
    send_line(&s, "{\"id\": \"in time\", \"code\": \"import time\\ntime.sleep(0.5)\\nresult = 1\", "
                  "\"timeout_ms\": 2000}");
    send_line(&s, "{\"id\": \"late\", \"code\": \"import time\\ntime.sleep(2)\\nresult = 2\", "
                  "\"timeout_ms\": 1000}");
    usleep(200 * 1000); /* both running */
    assert_int_equal(kill(s.pid, SIGSTOP), 0);
    sleep(4);
    assert_int_equal(kill(s.pid, SIGCONT), 0);
    for (int i = 0; i < 2; i++) {
        a = read_answer(&s);
        if (strcmp(id_str(a), "in time") == 0) {
            t_assert_ok(a);
            assert_string_equal(t_result_text(a), "1");
        } else {
            assert_string_equal(id_str(a), "late");
            t_assert_error(a, "timeout", "1000 ms deadline");
        }
        cJSON_Delete(a);
    }
    assert_int_equal(stop_server(&s), 0);
}

/* A warm run that sent its report, closed its pipes and exited before serve looked (serve
 * stopped or not scheduled meanwhile) is answered as one serve saw close its pipes first:
 * released to its template, not reaped through it. It waited for the template's wait4, so
 * with the template stopped it was "internal" ("the warm template died or hung") after 5 s;
 * under load test_faults' stopped-template tests failed so. */
static void a_run_that_exited_before_serve_looked_needs_no_template(void **state)
{
    (void)state;
    host *h = host_start(false);
    cJSON *a = host_run(h, "{\"code\": \"result = 0\"}");
    t_assert_ok(a);
    cJSON_Delete(a);
    pid_t tpl = find_template(h->s.pid);
    t_spares_at_rest(tpl);
    assert_int_equal(kill(tpl, SIGSTOP), 0);
    host_send(h, "{\"code\": \"import time\\ntime.sleep(0.3)\\nresult = 1\"}");
    usleep(100 * 1000); /* running */
    assert_int_equal(kill(h->s.pid, SIGSTOP), 0);
    sleep(2); /* the run ends meanwhile */
    assert_int_equal(kill(h->s.pid, SIGCONT), 0);
    double t0 = pw_now_ms();
    a = host_answer(h, ANSWER_TIMEOUT_MS);
    t_assert_ok(a);
    assert_string_equal(t_result_text(a), "1");
    assert_true(pw_now_ms() - t0 < PW_ANSWER_MS);
    cJSON_Delete(a);
    host_stop(h);
}

/* The same for a cold run: `pywarden run` stopped while its run ends in time. */
static void a_stopped_cold_supervisor_keeps_a_run_that_ended_in_time(void **state)
{
    (void)state;
    int in, out;
    pid_t pid = t_start_nonblocking((const char *[]){"pywarden", "run", "--code",
                                                     "import time\ntime.sleep(0.5)\nresult = 1",
                                                     "--timeout-ms", "2000", NULL},
                                    NULL, &in, &out);
    close(in);
    usleep(300 * 1000);
    assert_int_equal(kill(pid, SIGSTOP), 0);
    sleep(3);
    assert_int_equal(kill(pid, SIGCONT), 0);
    char *text = t_slurp_later(out);
    close(out);
    cJSON *a = cJSON_Parse(text);
    free(text);
    t_assert_ok(a);
    assert_string_equal(t_result_text(a), "1");
    cJSON_Delete(a);
    assert_int_equal(t_exit_status(pid), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(serve_survives_a_killed_run, leftovers_stopped),
        cmocka_unit_test_teardown(serve_survives_a_killed_spare, leftovers_stopped),
        cmocka_unit_test_teardown(serve_survives_a_killed_template, leftovers_stopped),
        cmocka_unit_test_teardown(serve_survives_a_killed_launcher, leftovers_stopped),
        cmocka_unit_test_teardown(serve_survives_a_stopped_run, leftovers_stopped),
        cmocka_unit_test_teardown(serve_survives_a_stopped_spare, leftovers_stopped),
        cmocka_unit_test_teardown(serve_survives_a_stopped_template, leftovers_stopped),
        cmocka_unit_test_teardown(serve_survives_a_stopped_launcher, leftovers_stopped),
        cmocka_unit_test_teardown(pool_survives_a_killed_run, leftovers_stopped),
        cmocka_unit_test_teardown(pool_survives_a_killed_spare, leftovers_stopped),
        cmocka_unit_test_teardown(pool_survives_a_killed_template, leftovers_stopped),
        cmocka_unit_test_teardown(pool_survives_a_killed_launcher, leftovers_stopped),
        cmocka_unit_test_teardown(pool_survives_a_stopped_run, leftovers_stopped),
        cmocka_unit_test_teardown(pool_survives_a_stopped_spare, leftovers_stopped),
        cmocka_unit_test_teardown(pool_survives_a_stopped_template, leftovers_stopped),
        cmocka_unit_test_teardown(pool_survives_a_stopped_launcher, leftovers_stopped),
        cmocka_unit_test_teardown(serve_survives_a_launcher_killed_while_it_starts,
                                  leftovers_stopped),
        cmocka_unit_test_teardown(serve_survives_a_killed_nursery, leftovers_stopped),
        cmocka_unit_test_teardown(a_killed_serve_leaves_no_process, leftovers_stopped),
        cmocka_unit_test_teardown(a_killed_pool_host_leaves_no_process, leftovers_stopped),
        cmocka_unit_test_teardown(a_run_without_room_for_its_fds_is_internal, leftovers_stopped),
        cmocka_unit_test_teardown(a_low_soft_nofile_is_raised_for_a_run, leftovers_stopped),
        cmocka_unit_test_teardown(doctor_says_no_run_fits_the_open_file_limit, leftovers_stopped),
        cmocka_unit_test_teardown(a_host_out_of_fds_is_not_a_bad_work_dir, leftovers_stopped),
        cmocka_unit_test_teardown(serve_out_of_fds_says_so, leftovers_stopped),
        cmocka_unit_test_teardown(serve_out_of_processes_says_so, leftovers_stopped),
        cmocka_unit_test_teardown(a_template_out_of_processes_keeps_its_runs, leftovers_stopped),
        cmocka_unit_test_teardown(a_stopped_serve_keeps_runs_that_ended_in_time, leftovers_stopped),
        cmocka_unit_test_teardown(a_run_that_exited_before_serve_looked_needs_no_template,
                                  leftovers_stopped),
        cmocka_unit_test_teardown(a_stopped_cold_supervisor_keeps_a_run_that_ended_in_time,
                                  leftovers_stopped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
