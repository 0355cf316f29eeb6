/* A threaded C host: one warm pool, four threads running requests through it with the
 * struct API, and a branch for every error type of the contract (README "The result").
 * Built as build/example_pool_threads; tests/test_examples.sh runs it. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "pywarden.h"

#define NTHREADS 4

/* What each error type asks of a host; every type of the contract has its line. */
static const char *advice(const char *type)
{
    static const struct {
        const char *type, *what;
    } table[] = {
        {"timeout", "the code ran past its deadline: retry with more time, or reject"},
        {"memory_limit", "the code needed more memory than the policy allows"},
        {"cpu_limit", "the code used more CPU time than the policy allows"},
        {"output_limit", "the result was larger than max_result_bytes"},
        {"policy_violation", "the code tried something the policy forbids: report it"},
        {"exception", "the code raised: show the user the traceback"},
        {"syntax_error", "the code does not compile: show the user the line"},
        {"invalid_request", "the host sent a bad request: a bug on our side"},
        {"invalid_result", "the code returned something that is not JSON"},
        {"crashed", "the run died by a signal or exited without a result"},
        {"internal", "pywarden itself failed: log it and alert"},
    };
    for (size_t i = 0; i < sizeof table / sizeof *table; i++)
        if (strcmp(type, table[i].type) == 0) return table[i].what;
    return "an error type this host does not know (a newer pywarden?)";
}

typedef struct {
    const char *label;
    pw_request req;
} job;

#define LIMITS(key) "{\"extends\": \"default\", " key "}"
static const job jobs[] = {
    {"ok",
     {.code = "def main(inputs):\n    return sum(inputs['xs'])\n",
      .inputs_json = "{\"xs\": [1, 2, 3]}"}},
    {"exception", {.code = "def main(inputs):\n    return 1 / 0\n"}},
    {"syntax_error", {.code = "def main(inputs:\n    pass\n"}},
    {"timeout", {.code = "while True:\n    pass\n", .timeout_ms = 300}},
    {"memory_limit",
     {.code = "x = bytearray(300 << 20)\nresult = 0\n",
      .policy_json = LIMITS("\"memory_mb\": 256")}},
    {"cpu_limit", {.code = "while True:\n    pass\n", .policy_json = LIMITS("\"cpu_s\": 1")}},
    {"output_limit",
     {.code = "result = 'x' * 1000\n", .policy_json = LIMITS("\"max_result_bytes\": 100")}},
    {"policy_violation", {.code = "import socket\nresult = 1\n"}},
    {"invalid_request", {.code = "result = 1\n", .inputs_json = "not json"}},
    {"invalid_result", {.code = "result = {1, 2}\n"}},
    {"crashed", {.code = "import os\nos._exit(3)\n", .policy = "trusted"}},
};
#define NJOBS (sizeof jobs / sizeof *jobs)

static pw_pool *pool;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static size_t next_job;
static int failures;

static void report(const job *j, const pw_result *res)
{
    pthread_mutex_lock(&mu);
    if (res->ok) {
        printf("%-16s ok %s (%s, %.1f ms)\n", j->label, res->result_json, res->mode, res->wall_ms);
    } else {
        printf("%-16s %s: %s [%s]\n", j->label, res->error_type, advice(res->error_type),
               res->error_message);
        if (res->error_line) printf("%-16s   line %ld\n", "", res->error_line);
        if (res->traceback) printf("%-16s   traceback: %s", "", res->traceback);
        if (strcmp(res->violations_json, "[]") != 0)
            printf("%-16s   violations: %s\n", "", res->violations_json);
    }
    /* The label is the outcome each job was written to produce. */
    if (strcmp(j->label, res->ok ? "ok" : res->error_type) != 0) failures++;
    pthread_mutex_unlock(&mu);
}

static void *worker(void *arg)
{
    (void)arg;
    for (;;) {
        pthread_mutex_lock(&mu);
        size_t i = next_job++;
        pthread_mutex_unlock(&mu);
        if (i >= NJOBS) return NULL;
        pw_result res;
        if (pw_pool_run_request(pool, &jobs[i].req, &res) < 0) {
            fprintf(stderr, "out of memory\n");
            continue;
        }
        report(&jobs[i], &res);
        pw_result_free(&res);
    }
}

int main(void)
{
    /* Before any thread: pw_pool_create forks the launcher from this one. */
    char *err = NULL;
    pool = pw_pool_create(NULL, 2, &err);
    if (!pool) {
        fprintf(stderr, "pywarden: %s\n", err ? err : "out of memory");
        pw_free(err);
        return 2;
    }
    pthread_t t[NTHREADS];
    for (int i = 0; i < NTHREADS; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(t[i], NULL);
    pw_pool_destroy(pool);
    printf("%d of %zu jobs ended otherwise than expected\n", failures, NJOBS);
    return failures ? 1 : 0;
}
