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
        cmocka_unit_test(two_thousand_runs_leak_nothing),
        cmocka_unit_test(random_is_reseeded_in_every_run),
        cmocka_unit_test(a_killed_template_is_restarted),
        cmocka_unit_test(a_killed_spare_is_replaced),
        cmocka_unit_test(a_large_request_runs_warm),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
