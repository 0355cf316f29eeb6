/* The struct API, cold (pw_run_request) and warm (pw_pool_run_request): every pw_result
 * field against the result JSON it mirrors, and pw_pool_destroy with runs in flight. */
#include "helpers.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pywarden.h"

typedef int (*runner)(const pw_request *req, pw_result *out);

static pw_pool *pool; /* for run_warm */

static int run_cold(const pw_request *req, pw_result *out)
{
    return pw_run_request(req, out);
}

static int run_warm(const pw_request *req, pw_result *out)
{
    return pw_pool_run_request(pool, req, out);
}

static void check_fields(runner run, const char *mode)
{
    pw_result res;
    pw_request exc = {.code = "try:\n    import socket\nexcept ImportError:\n    pass\n"
                              "def main(inputs):\n    print('x' * 100)\n    return 1 / 0\n",
                      .policy_json = "{\"extends\": \"default\", \"max_output_bytes\": 10}"};
    assert_int_equal(run(&exc, &res), 0);
    assert_string_equal(res.error_type, "exception");
    assert_int_equal(res.error_line, 7);
    assert_non_null(strstr(res.traceback, "ZeroDivisionError: division by zero"));
    assert_non_null(strstr(res.traceback, "line 7, in main"));
    assert_non_null(strstr(res.violations_json, "\"event\":\"import\",\"detail\":\"socket\""));
    assert_true(res.stdout_truncated);
    assert_false(res.stderr_truncated);
    assert_string_equal(res.stdout_text, "xxxxxxxxxx");
    assert_string_equal(res.mode, mode);
    assert_non_null(strstr(res.json, "\"truncated\":{\"stdout\":true,\"stderr\":false}"));
    pw_result_free(&res);
    pw_result_free(&res); /* a freed result is zeroed: freeing it again is harmless */

    pw_request ok = {.code = "def main(inputs):\n    return inputs['n'] * 2\n",
                     .inputs_json = "{\"n\": 21}"};
    assert_int_equal(run(&ok, &res), 1);
    assert_string_equal(res.result_json, "42");
    assert_null(res.error_type);
    assert_null(res.traceback);
    assert_int_equal(res.error_line, 0);
    assert_string_equal(res.violations_json, "[]");
    assert_string_equal(res.mode, mode);
    pw_result_free(&res);

    pw_request syntax = {.code = "x = 1\ndef main(inputs:\n"};
    assert_int_equal(run(&syntax, &res), 0);
    assert_string_equal(res.error_type, "syntax_error");
    assert_int_equal(res.error_line, 2);
    pw_result_free(&res);

    /* not only an exception's: a refusal's traceback and line too (the header said otherwise) */
    pw_request refused = {.code = "x = 1\nimport socket\n"};
    assert_int_equal(run(&refused, &res), 0);
    assert_string_equal(res.error_type, "policy_violation");
    assert_int_equal(res.error_line, 2);
    assert_non_null(strstr(res.traceback, "line 2, in <module>"));
    pw_result_free(&res);

    pw_request bad = {.code = "result = 1", .inputs_json = "[1,"};
    assert_int_equal(run(&bad, &res), 0);
    assert_string_equal(res.error_type, "invalid_request");
    assert_string_equal(res.mode, "none"); /* refused before any run */
    pw_result_free(&res);
    assert_int_equal(run(NULL, &res), 0);
    assert_string_equal(res.error_type, "invalid_request");
    pw_result_free(&res);
}

static void cold_result_fields(void **state)
{
    (void)state;
    check_fields(run_cold, "cold");
}

static void warm_result_fields(void **state)
{
    (void)state;
    char *err = NULL;
    pool = pw_pool_create(NULL, 2, &err);
    if (!pool) fail_msg("pw_pool_create: %s", err);
    check_fields(run_warm, "warm");
    pw_pool_destroy(pool);
    assert_int_equal(t_count_children(), 0);
}

/* ---- pw_pool_destroy while runs are in flight: it waits for them ---- */

typedef struct {
    pw_pool *pool;
    pw_result res;
    int rc;
    volatile int started;
} flight;

static void *run_slow(void *arg)
{
    flight *f = arg;
    pw_request req = {.code = "import time\ntime.sleep(0.5)\nresult = 'finished'\n"};
    f->started = 1;
    f->rc = pw_pool_run_request(f->pool, &req, &f->res);
    return NULL;
}

static void destroy_waits_for_runs_in_flight(void **state)
{
    (void)state;
    char *err = NULL;
    /* One worker for three callers: one run in flight, two callers waiting for its slot. */
    pw_pool *p = pw_pool_create(NULL, 1, &err);
    if (!p) fail_msg("pw_pool_create: %s", err);
    flight f[3] = {{.pool = p}, {.pool = p}, {.pool = p}};
    pthread_t t[3];
    for (int i = 0; i < 3; i++)
        pthread_create(&t[i], NULL, run_slow, &f[i]);
    for (int i = 0; i < 3; i++)
        while (!f[i].started)
            usleep(1000);
    usleep(100 * 1000); /* the first run is under way, the others wait for the slot */
    pw_pool_destroy(p);
    for (int i = 0; i < 3; i++) {
        /* Destroy returned only once every run had been answered. */
        assert_int_equal(f[i].rc, 1);
        assert_string_equal(f[i].res.result_json, "\"finished\"");
        assert_string_equal(f[i].res.mode, "warm");
        pthread_join(t[i], NULL);
        pw_result_free(&f[i].res);
    }
    assert_int_equal(t_count_children(), 0);
}

typedef struct {
    pw_pool *pool;
    bool text;
    volatile int calling; /* set just before the call: its request is built */
    char *answer;
    pw_result res;
} parsing;

static char *big_inputs(size_t n)
{
    char *s = malloc(n + 32);
    assert_non_null(s);
    strcpy(s, "{\"s\": \"");
    memset(s + 7, 'x', n);
    strcpy(s + 7 + n, "\"}");
    return s;
}

static void *run_big(void *arg)
{
    parsing *p = arg;
    char *inputs = big_inputs(32u << 20);
    if (p->text) {
        size_t n = strlen(inputs);
        char *req = malloc(n + 64);
        snprintf(req, n + 64, "{\"code\": \"result = len(inputs['s'])\", \"inputs\": %s}", inputs);
        p->calling = 1;
        p->answer = pw_pool_run(p->pool, req);
        free(req);
    } else {
        pw_request req = {.code = "result = len(inputs['s'])", .inputs_json = inputs};
        p->calling = 1;
        pw_pool_run_request(p->pool, &req, &p->res);
    }
    free(inputs);
    return NULL;
}

/* A call still parsing its request (32 MiB of inputs: tens of milliseconds) when destroy
 * comes: destroy waits for it too. It freed the pool under the parse (ASan:
 * heap-use-after-free; a plain build hung on the freed policy cache's mutex), text and
 * struct calls alike. */
static void destroy_waits_for_a_request_being_parsed(void **state)
{
    (void)state;
    for (int text = 0; text < 2; text++) {
        char *err = NULL;
        parsing p = {.pool =
                         pw_pool_create_with(&(pw_pool_options){.workers = 1,
                                                                .policy = "{\"extends\": "
                                                                          "\"default\", "
                                                                          "\"max_input_bytes\": "
                                                                          "67108864}"},
                                             &err),
                     .text = text};
        if (!p.pool) fail_msg("pw_pool_create: %s", err);
        pthread_t t;
        pthread_create(&t, NULL, run_big, &p);
        while (!p.calling)
            usleep(1000);
        usleep(10 * 1000); /* the call has begun and is parsing */
        pw_pool_destroy(p.pool);
        pthread_join(t, NULL);
        const char *answer = text ? p.answer : p.res.json;
        if (!answer || !strstr(answer, "\"result\":33554432"))
            fail_msg("%s: %.300s", text ? "pw_pool_run" : "pw_pool_run_request", answer);
        pw_free(p.answer);
        pw_result_free(&p.res);
    }
    assert_int_equal(t_count_children(), 0);
}

/* NULL where a pointer is expected is an answer, not a crash; a struct's text that is not
 * UTF-8 is invalid_request naming its field, as the text path says (it ran, and answered
 * internal). */
static void null_and_bad_bytes_are_answered(void **state)
{
    (void)state;
    pw_result res;
    pw_request bad = {.code = "result = 1", .inputs_json = "{\"a\": \"\xff\"}"};
    assert_int_equal(pw_run_request(&bad, NULL), -1);
    pw_result_free(NULL);
    char *s = pw_pool_run(NULL, "{\"code\": \"result = 1\"}");
    assert_non_null(strstr(s, "\"no pool\""));
    pw_free(s);
    assert_int_equal(pw_pool_run_request(NULL, &bad, &res), 0);
    assert_string_equal(res.error_type, "invalid_request");
    pw_result_free(&res);
    assert_int_equal(pw_run_request(&bad, &res), 0);
    assert_string_equal(res.error_type, "invalid_request");
    assert_string_equal(res.error_message, "'inputs' is not valid UTF-8");
    assert_string_equal(res.mode, "none");
    pw_result_free(&res);
    char *err = NULL;
    pw_pool *defaults = pw_pool_create_with(NULL, &err); /* the defaults, as a zeroed struct */
    if (!defaults) fail_msg("pw_pool_create_with(NULL): %s", err);
    assert_int_equal(pw_pool_run_request(defaults, &bad, &res), 0);
    assert_string_equal(res.error_message, "'inputs' is not valid UTF-8");
    pw_result_free(&res);
    pw_pool_destroy(defaults);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cold_result_fields),
        cmocka_unit_test(warm_result_fields),
        cmocka_unit_test(destroy_waits_for_runs_in_flight),
        cmocka_unit_test(destroy_waits_for_a_request_being_parsed),
        cmocka_unit_test(null_and_bad_bytes_are_answered),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
