/* `pywarden serve` and the pool API: the NDJSON contract, isolation between runs, shutdown,
 * leaks, reseeding after fork, and template restart. */
#include "helpers.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pywarden.h"
#include "util.h"

#define ANSWER_TIMEOUT_MS 60000

/* A running `pywarden serve` with pipes to its stdin and stdout. */
typedef struct {
    pid_t pid;
    int in, out;
    char *buf; /* holds a whole answer line: up to 1 MiB of stdout and stderr each */
    size_t len;
    char *last; /* the last answer line as serve wrote it */
} server;

#define BUF_SIZE (8u << 20)

static void start_server(server *s, const char *const extra[])
{
    const char *argv[16] = {PW_BIN, "serve"};
    int n = 2;
    for (int i = 0; extra && extra[i]; i++)
        argv[n++] = extra[i];
    int in[2], out[2];
    assert_int_equal(pipe2(in, O_CLOEXEC), 0);
    assert_int_equal(pipe2(out, O_CLOEXEC), 0);
    s->pid = fork();
    assert_true(s->pid >= 0);
    if (s->pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        execv(PW_BIN, (char **)argv);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    s->in = in[1];
    s->out = out[0];
    s->len = 0;
    s->buf = malloc(BUF_SIZE);
    s->last = NULL;
    signal(SIGPIPE, SIG_IGN);
}

static void send_line(server *s, const char *line)
{
    size_t n = strlen(line);
    assert_int_equal(write(s->in, line, n), (ssize_t)n);
    assert_int_equal(write(s->in, "\n", 1), 1);
}

static void close_input(server *s)
{
    if (s->in >= 0) close(s->in);
    s->in = -1;
}

/* The next answer line, parsed; NULL at EOF. Fails the test after timeout_ms. */
static cJSON *read_answer_within(server *s, int timeout_ms)
{
    char *nl;
    while (!(nl = memchr(s->buf, '\n', s->len))) {
        struct pollfd p = {s->out, POLLIN, 0};
        if (poll(&p, 1, timeout_ms) <= 0) fail_msg("no answer from serve within %d ms", timeout_ms);
        assert_true(s->len < BUF_SIZE);
        ssize_t r = read(s->out, s->buf + s->len, BUF_SIZE - s->len);
        if (r <= 0) return NULL;
        s->len += (size_t)r;
    }
    *nl = '\0';
    cJSON *a = cJSON_Parse(s->buf);
    if (!a) fail_msg("serve wrote a line that is not JSON: %s", s->buf);
    free(s->last);
    s->last = strdup(s->buf);
    size_t used = (size_t)(nl - s->buf) + 1;
    memmove(s->buf, s->buf + used, s->len - used);
    s->len -= used;
    return a;
}

static cJSON *read_answer(server *s)
{
    return read_answer_within(s, ANSWER_TIMEOUT_MS);
}

/* Closes our ends and returns serve's exit status (128+signal when killed). */
static int stop_server(server *s)
{
    close_input(s);
    close(s->out);
    free(s->buf);
    free(s->last);
    int status;
    assert_int_equal(waitpid(s->pid, &status, 0), s->pid);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static const char *id_str(const cJSON *a)
{
    return cJSON_GetStringValue(cJSON_GetObjectItem(a, "id"));
}

static const char *mode_of(const cJSON *a)
{
    return cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(a, "stats"), "mode"));
}

/* Children of pid (from /proc/PID/task/PID/children); returns how many were stored. */
static int children_of(pid_t pid, pid_t *out, int max)
{
    char path[64], text[4096] = "";
    snprintf(path, sizeof path, "/proc/%d/task/%d/children", (int)pid, (int)pid);
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    size_t r = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[r] = '\0';
    int n = 0;
    for (char *tok = strtok(text, " \n"); tok && n < max; tok = strtok(NULL, " \n"))
        out[n++] = (pid_t)atoi(tok);
    return n;
}

static int count_descendants(pid_t pid)
{
    pid_t kids[256];
    int n = children_of(pid, kids, 256), total = n;
    for (int i = 0; i < n; i++)
        total += count_descendants(kids[i]);
    return total;
}

/* serve -> launcher -> templates; the first template found. */
static pid_t find_template(pid_t serve)
{
    pid_t launcher[4], tpl[8];
    for (int tries = 0; tries < 200; tries++) {
        if (children_of(serve, launcher, 4) == 1 && children_of(launcher[0], tpl, 8) >= 1)
            return tpl[0];
        usleep(10000);
    }
    fail_msg("no template process under serve %d", (int)serve);
    return -1;
}

static int count_fds_of(pid_t pid)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "ls /proc/%d/fd | wc -l", (int)pid);
    FILE *p = popen(cmd, "r");
    int n = -1;
    if (p && fscanf(p, "%d", &n) != 1) n = -1;
    if (p) pclose(p);
    return n;
}

/* ---- the NDJSON contract ---- */

static void ids_are_echoed_and_bad_lines_answered(void **state)
{
    (void)state;
    server s;
    start_server(&s, (const char *[]){"--workers", "2", NULL});
    send_line(&s, "{\"id\": 12345678901234567890123, \"code\": \"result = 1\"}");
    send_line(&s, "{\"id\": {\"k\": [1, \"x\"]}, \"code\": \"result = 2\"}");
    send_line(&s, "this is not json");
    send_line(&s, "[1, 2]");
    send_line(&s, "");
    send_line(&s, "{\"id\": \"bad\", \"code\": \"result = 3\", \"nope\": 1}");
    send_line(&s, "{\"code\": \"result = 4\"}");
    close_input(&s);
    int seen = 0, nulls = 0;
    for (cJSON *a; (a = read_answer(&s)); cJSON_Delete(a), seen++) {
        char *id = cJSON_PrintUnformatted(cJSON_GetObjectItem(a, "id"));
        const char *res = t_result_text(a);
        static const char big_id[] = "{\"id\":12345678901234567890123,";
        if (strncmp(s.last, big_id, strlen(big_id)) == 0)
            assert_string_equal(res, "1");
        else if (strcmp(id, "{\"k\":[1,\"x\"]}") == 0)
            assert_string_equal(res, "2");
        else if (strcmp(id, "\"bad\"") == 0)
            t_assert_error(a, "invalid_request", "nope");
        else if (strcmp(id, "null") == 0)
            nulls++;
        else
            fail_msg("unexpected id %s", id);
        free(id);
    }
    assert_int_equal(seen, 6);  /* the blank line gets no answer */
    assert_int_equal(nulls, 3); /* two bad lines and the request without an id */
    assert_int_equal(stop_server(&s), 0);
}

static void answers_come_out_of_order(void **state)
{
    (void)state;
    server s;
    start_server(&s, (const char *[]){"--workers", "2", NULL});
    send_line(&s, "{\"id\": \"slow\", \"code\": \"import time\\ntime.sleep(0.8)\\nresult = 1\"}");
    send_line(&s, "{\"id\": \"fast\", \"code\": \"result = 2\"}");
    cJSON *first = read_answer(&s), *second = read_answer(&s);
    assert_string_equal(id_str(first), "fast");
    assert_string_equal(id_str(second), "slow");
    t_assert_ok(first);
    t_assert_ok(second);
    assert_string_equal(mode_of(first), "warm");
    cJSON_Delete(first);
    cJSON_Delete(second);
    assert_int_equal(stop_server(&s), 0);
}

static void a_timeout_does_not_harm_other_runs(void **state)
{
    (void)state;
    server s;
    start_server(&s, (const char *[]){"--workers", "2", NULL});
    send_line(&s, "{\"id\": \"loop\", \"code\": \"while True: pass\", \"timeout_ms\": 500}");
    send_line(
        &s,
        "{\"id\": \"flood\", \"code\": \"import sys\\nwhile True: sys.stdout.write('x' * 65536)\", "
        "\"timeout_ms\": 500}");
    for (int i = 0; i < 6; i++)
        send_line(&s, "{\"id\": \"ok\", \"code\": \"def main(inputs): return {'v': 7}\"}");
    close_input(&s);
    int ok = 0, timeouts = 0;
    for (cJSON *a; (a = read_answer(&s)); cJSON_Delete(a)) {
        if (strcmp(id_str(a), "ok") == 0) {
            t_assert_ok(a);
            assert_string_equal(t_result_text(a), "{\"v\":7}");
            ok++;
        } else {
            t_assert_error(a, "timeout", NULL);
            timeouts++;
        }
    }
    assert_int_equal(ok, 6);
    assert_int_equal(timeouts, 2);
    assert_int_equal(stop_server(&s), 0);
}

static void eof_drains_runs_in_flight(void **state)
{
    (void)state;
    server s;
    start_server(&s, (const char *[]){"--workers", "1", NULL});
    send_line(&s, "{\"id\": 1, \"code\": \"import time\\ntime.sleep(0.3)\\nresult = 'a'\"}");
    send_line(&s, "{\"id\": 2, \"code\": \"result = 'b'\"}");
    close_input(&s);
    cJSON *a = read_answer(&s), *b = read_answer(&s);
    t_assert_ok(a);
    t_assert_ok(b);
    assert_null(read_answer(&s));
    cJSON_Delete(a);
    cJSON_Delete(b);
    assert_int_equal(stop_server(&s), 0);
    assert_int_equal(t_count_children(), 0);
}

static void sigterm_kills_runs_after_grace_and_answers(void **state)
{
    (void)state;
    server s;
    start_server(&s, (const char *[]){"--workers", "1", "--grace-ms", "300", NULL});
    send_line(&s, "{\"id\": \"long\", \"code\": \"import time\\ntime.sleep(60)\"}");
    send_line(&s, "{\"id\": \"queued\", \"code\": \"result = 1\"}");
    usleep(500 * 1000); /* the long run is in flight, the other waits for the slot */
    double t0 = pw_now_ms();
    kill(s.pid, SIGTERM);
    int answered = 0;
    for (cJSON *a; (a = read_answer_within(&s, 10000)); cJSON_Delete(a), answered++)
        t_assert_error(a, "internal", "cancelled");
    assert_int_equal(answered, 2);
    assert_true(pw_now_ms() - t0 < 5000);
    assert_int_equal(stop_server(&s), 0);
    assert_int_equal(t_count_children(), 0);
}

static void help_describes_the_contract(void **state)
{
    (void)state;
    const char *argv[] = {"pywarden", "serve", "--help", NULL};
    char *out, *err;
    assert_int_equal(t_run_cli(argv, NULL, NULL, &out, &err), 0);
    assert_non_null(strstr(out, "--workers"));
    assert_non_null(strstr(out, "NDJSON"));
    free(out);
    free(err);
    const char *bad[] = {"pywarden", "serve", "--workers", "0", NULL};
    assert_int_equal(t_run_cli(bad, NULL, NULL, NULL, NULL), 2);
}

/* ---- leaks, isolation, restart ---- */

/* Writes n requests while reading answers, so neither pipe can fill up and block. */
static int pump(server *s, int n)
{
    static const char line[] = "{\"id\": 0, \"code\": \"def main(inputs): return inputs\", "
                               "\"inputs\": {\"n\": 1}}\n";
    size_t sent_bytes = 0, total = (size_t)n * (sizeof line - 1);
    int answers = 0;
    fcntl(s->in, F_SETFL, O_NONBLOCK);
    while (answers < n) {
        /* One read may have brought several answers: those need no poll. */
        bool buffered = memchr(s->buf, '\n', s->len) != NULL;
        struct pollfd p[2] = {{s->out, POLLIN, 0}, {sent_bytes < total ? s->in : -1, POLLOUT, 0}};
        if (poll(p, 2, buffered ? 0 : ANSWER_TIMEOUT_MS) < 0 ||
            (!buffered && !p[0].revents && !p[1].revents))
            fail_msg("serve stalled after %d answers", answers);
        if (buffered) p[0].revents |= POLLIN;
        if (p[1].revents & POLLOUT) {
            size_t off = sent_bytes % (sizeof line - 1);
            ssize_t w = write(s->in, line + off, sizeof line - 1 - off);
            if (w > 0) sent_bytes += (size_t)w;
        }
        if (p[0].revents) {
            cJSON *a = read_answer(s);
            assert_non_null(a);
            t_assert_ok(a);
            cJSON_Delete(a);
            answers++;
        }
    }
    fcntl(s->in, F_SETFL, 0);
    return answers;
}

/* Waits (up to 5 s) until pid has want descendants: a run that has answered may still be
 * exiting for a moment before its template reaps it. Returns the last count seen. */
static int settle_descendants(pid_t pid, int want)
{
    int n = count_descendants(pid);
    for (int tries = 0; tries < 500 && n != want; tries++) {
        usleep(10000);
        n = count_descendants(pid);
    }
    return n;
}

/* {"cancel": id} kills a running request and drops a queued one, each answered
 * "cancelled" under its own id; the cancel line itself gets no answer, an unknown id is
 * ignored, and nothing of the killed run is left behind. */
static void a_cancel_line_kills_running_and_drops_queued(void **state)
{
    (void)state;
    server s;
    start_server(&s, (const char *[]){"--workers", "1", NULL});
    send_line(&s, "{\"id\": \"long\", \"code\": \"import time\\nprint('began', flush=True)\\n"
                  "time.sleep(60)\"}");
    send_line(&s, "{\"id\": [\"queued\", 1], \"code\": \"result = 1\"}");
    send_line(&s, "{\"id\": \"after\", \"code\": \"result = 2\"}");
    usleep(400 * 1000); /* the long run holds the only slot; the others wait */
    double t0 = pw_now_ms();
    send_line(&s, "{\"cancel\": [\"queued\", 1]}");
    send_line(&s, "{\"cancel\": \"no such id\"}");
    cJSON *a = read_answer_within(&s, 10000);
    assert_string_equal(s.last, strstr(s.last, "{\"id\":[\"queued\",1],"));
    t_assert_error(a, "cancelled", "before it started");
    cJSON_Delete(a);
    send_line(&s, "{\"cancel\": \"long\"}");
    a = read_answer_within(&s, 10000);
    assert_string_equal(id_str(a), "long");
    t_assert_error(a, "cancelled", "killed");
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(a, "stdout")), "began\n");
    cJSON_Delete(a);
    assert_true(pw_now_ms() - t0 < 5000);
    a = read_answer(&s);
    assert_string_equal(id_str(a), "after");
    t_assert_ok(a);
    cJSON_Delete(a);
    /* launcher, template, and the slot's next spare: the killed run is gone */
    assert_int_equal(settle_descendants(s.pid, 3), 3);
    send_line(&s, "{\"cancel\": \"after\"}"); /* already answered: nothing happens */
    close_input(&s);
    assert_null(read_answer(&s));
    assert_int_equal(stop_server(&s), 0);
    assert_int_equal(t_count_children(), 0);
}

static void two_thousand_runs_leak_nothing(void **state)
{
    (void)state;
    int fds_before = t_count_fds();
    server s;
    start_server(&s, (const char *[]){"--workers", "2", NULL});
    pump(&s, 10);
    int serve_fds = count_fds_of(s.pid);
    /* The launcher, one template, and one spare child waiting per slot used (both were). */
    assert_int_equal(settle_descendants(s.pid, 2 + 2), 2 + 2);
    assert_int_equal(pump(&s, 2000), 2000);
    assert_int_equal(count_fds_of(s.pid), serve_fds);
    assert_int_equal(settle_descendants(s.pid, 2 + 2), 2 + 2);
    assert_int_equal(stop_server(&s), 0);
    assert_int_equal(t_count_fds(), fds_before);
    assert_int_equal(t_count_children(), 0);
}

static void random_is_reseeded_in_every_run(void **state)
{
    (void)state;
    server s;
    start_server(&s, (const char *[]){"--workers", "1", NULL});
    const char *code = "{\"id\": 0, \"code\": \"import random\\nresult = [random.random(), "
                       "random.getrandbits(64)]\"}";
    char *seen[4];
    for (int i = 0; i < 4; i++) {
        send_line(&s, code);
        cJSON *a = read_answer(&s);
        t_assert_ok(a);
        seen[i] = strdup(t_result_text(a));
        cJSON_Delete(a);
    }
    for (int i = 0; i < 4; i++)
        for (int j = i + 1; j < 4; j++)
            if (strcmp(seen[i], seen[j]) == 0) fail_msg("two warm runs drew %s", seen[i]);
    for (int i = 0; i < 4; i++)
        free(seen[i]);
    assert_int_equal(stop_server(&s), 0);
}

static void a_killed_template_is_restarted(void **state)
{
    (void)state;
    server s;
    start_server(&s, (const char *[]){"--workers", "2", NULL});
    pid_t tpl = find_template(s.pid);
    send_line(&s, "{\"id\": \"inflight\", \"code\": \"import time\\ntime.sleep(30)\"}");
    usleep(400 * 1000);
    kill(tpl, SIGKILL);
    cJSON *a = read_answer_within(&s, 10000);
    t_assert_error(a, "internal", "template");
    cJSON_Delete(a);
    for (int i = 0; i < 3; i++) {
        send_line(&s, "{\"id\": \"after\", \"code\": \"result = 5\"}");
        a = read_answer(&s);
        t_assert_ok(a);
        assert_string_equal(mode_of(a), "warm");
        cJSON_Delete(a);
    }
    pid_t fresh = find_template(s.pid);
    assert_true(fresh != tpl);
    kill(fresh, SIGKILL); /* between runs: the next request goes to a new template */
    usleep(100 * 1000);
    send_line(&s, "{\"id\": \"again\", \"code\": \"result = 6\"}");
    a = read_answer(&s);
    t_assert_ok(a);
    cJSON_Delete(a);
    assert_int_equal(stop_server(&s), 0);
}

/* Each slot keeps a child forked ahead of its run; one that dies waiting is replaced and
 * the run it would have taken still succeeds. */
static void a_killed_spare_is_replaced(void **state)
{
    (void)state;
    server s;
    start_server(&s, (const char *[]){"--workers", "1", NULL});
    send_line(&s, "{\"id\": 1, \"code\": \"result = 1\"}");
    cJSON *a = read_answer(&s);
    t_assert_ok(a);
    cJSON_Delete(a);
    pid_t tpl = find_template(s.pid), spares[8];
    int n = 0;
    for (int tries = 0; tries < 200 && (n = children_of(tpl, spares, 8)) != 1; tries++)
        usleep(10000);
    assert_int_equal(n, 1);
    kill(spares[0], SIGKILL);
    /* Until the template has reaped it, the dying spare could still take the run, which would
     * then (rightly) report it was killed. */
    for (int tries = 0; tries < 500 && kill(spares[0], 0) == 0; tries++)
        usleep(10000);
    assert_int_equal(kill(spares[0], 0), -1);
    for (int i = 0; i < 3; i++) {
        send_line(&s, "{\"id\": 2, \"code\": \"result = 2\"}");
        a = read_answer(&s);
        t_assert_ok(a);
        assert_string_equal(mode_of(a), "warm");
        assert_string_equal(t_result_text(a), "2");
        /* Answered before the template reaped it: the stats come from the run's report. */
        const cJSON *stats = cJSON_GetObjectItem(a, "stats");
        assert_true(cJSON_GetNumberValue(cJSON_GetObjectItem(stats, "cpu_ms")) > 0);
        assert_true(cJSON_GetNumberValue(cJSON_GetObjectItem(stats, "max_rss_kb")) > 1000);
        cJSON_Delete(a);
    }
    assert_int_equal(stop_server(&s), 0);
}

/* A request over the inline size travels in a memfd, which the waiting child reads after
 * its layers (Landlock, noproc) are already on. */
static void a_large_request_runs_warm(void **state)
{
    (void)state;
    server s;
    start_server(&s, (const char *[]){"--workers", "1", NULL});
    size_t big = 300u << 10;
    pw_buf line = {0};
    pw_buf_appendf(&line, "{\"id\": \"big\", \"code\": \"def main(inputs):\\n    "
                          "return [len(inputs['s']), inputs['s'][-3:]]\", \"inputs\": {\"s\": \"");
    for (size_t i = 0; i < big - 3; i++)
        pw_buf_putc(&line, 'x');
    pw_buf_appendf(&line, "end\"}}");
    send_line(&s, line.data);
    pw_buf_free(&line);
    cJSON *a = read_answer(&s);
    t_assert_ok(a);
    assert_string_equal(mode_of(a), "warm");
    assert_string_equal(t_result_text(a), "[307200,\"end\"]");
    cJSON_Delete(a);
    assert_int_equal(stop_server(&s), 0);
}

/* ---- the pool API ---- */

static pw_pool *shared_pool;

static void *pool_thread(void *arg)
{
    long t = (long)arg;
    for (int i = 0; i < 20; i++) {
        char req[128];
        snprintf(req, sizeof req,
                 "{\"code\": \"def main(inputs): return inputs['v'] * 2\", "
                 "\"inputs\": {\"v\": %ld}}",
                 t * 100 + i);
        char *out = pw_pool_run(shared_pool, req);
        cJSON *r = cJSON_Parse(out);
        pw_free(out);
        if (!r || !cJSON_IsTrue(cJSON_GetObjectItem(r, "ok")) ||
            cJSON_GetNumberValue(cJSON_GetObjectItem(r, "result")) != (double)(2 * (t * 100 + i)) ||
            strcmp(mode_of(r), "warm") != 0) {
            cJSON_Delete(r);
            return (void *)1;
        }
        cJSON_Delete(r);
    }
    return NULL;
}

static void pool_api_from_two_threads(void **state)
{
    (void)state;
    int fds_before = t_count_fds();
    char *error = NULL;
    shared_pool = pw_pool_create(NULL, 2, &error);
    if (!shared_pool) fail_msg("pw_pool_create: %s", error);
    pthread_t th[2];
    for (long i = 0; i < 2; i++)
        pthread_create(&th[i], NULL, pool_thread, (void *)i);
    void *rc[2];
    for (int i = 0; i < 2; i++)
        pthread_join(th[i], &rc[i]);
    char *bad = pw_pool_run(shared_pool, "{\"code\": 1}");
    assert_non_null(strstr(bad, "invalid_request"));
    pw_free(bad);
    pw_pool_destroy(shared_pool);
    assert_null(rc[0]);
    assert_null(rc[1]);
    assert_int_equal(t_count_fds(), fds_before);
    assert_int_equal(t_count_children(), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pool_api_from_two_threads),
        cmocka_unit_test(ids_are_echoed_and_bad_lines_answered),
        cmocka_unit_test(answers_come_out_of_order),
        cmocka_unit_test(a_timeout_does_not_harm_other_runs),
        cmocka_unit_test(eof_drains_runs_in_flight),
        cmocka_unit_test(sigterm_kills_runs_after_grace_and_answers),
        cmocka_unit_test(help_describes_the_contract),
        cmocka_unit_test(a_cancel_line_kills_running_and_drops_queued),
        cmocka_unit_test(two_thousand_runs_leak_nothing),
        cmocka_unit_test(random_is_reseeded_in_every_run),
        cmocka_unit_test(a_killed_template_is_restarted),
        cmocka_unit_test(a_killed_spare_is_replaced),
        cmocka_unit_test(a_large_request_runs_warm),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
