/* The policy cache of serve and the pool: a lookup gives what a fresh load gives, and a
 * policy file changed in any way (rewritten, replaced, a parent in its extends chain) is
 * loaded afresh on the next lookup. */
#include "helpers.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "policy.h"
#include "pywarden.h"

static char dir[PATH_MAX];

static const char *in_dir(const char *name)
{
    static char path[PATH_MAX + 64];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

/* The cache keeps only files whose mtime and ctime are over two seconds old (a write within
 * the same timestamp tick as a load would go unseen): tests that need a hit wait this long. */
static void settle(void)
{
    sleep(3);
}

static void write_policy(const char *name, const char *json)
{
    t_write_file(in_dir(name), json);
}

static void assert_strv_equal(const pw_strv *a, const pw_strv *b)
{
    assert_int_equal(a->n, b->n);
    for (size_t i = 0; i < a->n; i++)
        assert_string_equal(a->v[i], b->v[i]);
}

static void assert_policy_equal(const pw_policy *a, const pw_policy *b)
{
    assert_string_equal(a->name, b->name);
    assert_strv_equal(&a->blocked_modules, &b->blocked_modules);
    assert_strv_equal(&a->unblocked_modules, &b->unblocked_modules);
    assert_strv_equal(&a->allowed_modules, &b->allowed_modules);
    assert_strv_equal(&a->read_paths, &b->read_paths);
    assert_strv_equal(&a->write_paths, &b->write_paths);
    assert_strv_equal(&a->site_dirs, &b->site_dirs);
    assert_strv_equal(&a->env, &b->env);
    assert_int_equal(a->has_allowed_modules, b->has_allowed_modules);
    assert_int_equal(a->allow_network, b->allow_network);
    assert_int_equal(a->site_packages, b->site_packages);
    assert_int_equal(a->timeout_ms, b->timeout_ms);
    assert_int_equal(a->memory_mb, b->memory_mb);
    assert_int_equal(a->cpu_s, b->cpu_s);
    assert_int_equal(a->max_processes, b->max_processes);
    assert_int_equal(a->max_open_files, b->max_open_files);
    assert_int_equal(a->max_file_mb, b->max_file_mb);
    assert_int_equal(a->max_file_bytes, b->max_file_bytes);
    assert_int_equal(a->max_output_bytes, b->max_output_bytes);
    assert_int_equal(a->max_result_bytes, b->max_result_bytes);
    assert_int_equal(a->max_input_bytes, b->max_input_bytes);
    assert_int_equal(a->on_violation_kill, b->on_violation_kill);
    assert_int_equal(a->request_may_loosen, b->request_may_loosen);
    assert_int_equal(a->lenient_results, b->lenient_results);
    assert_memory_equal(a->layers, b->layers, sizeof a->layers);
}

/* Loads spec fresh and twice through c (a miss, then a hit) and holds all three equal. */
static void expect_same(pw_policy_cache *c, const char *spec_json, const char *work_dir)
{
    cJSON *spec = cJSON_Parse(spec_json);
    pw_policy fresh, first, second;
    cJSON *e1 = pw_policy_load(spec, work_dir, &fresh);
    cJSON *e2 = pw_policy_load_cached(c, spec, work_dir, &first);
    cJSON *e3 = pw_policy_load_cached(c, spec, work_dir, &second);
    if (e1 || e2 || e3) fail_msg("load of %s failed", spec_json);
    assert_policy_equal(&fresh, &first);
    assert_policy_equal(&fresh, &second);
    pw_policy_free(&fresh);
    pw_policy_free(&first);
    pw_policy_free(&second);
    cJSON_Delete(spec);
}

static void cached_agrees_with_fresh(void **state)
{
    (void)state;
    char other[PATH_MAX + 64];
    snprintf(other, sizeof other, "%s", in_dir("other"));
    assert_int_equal(mkdir(other, 0700), 0);
    assert_int_equal(mkdir(in_dir("data"), 0700), 0);
    write_policy("base.json",
                 "{\"blocked_modules\": [\"os\", \"socket\"], \"read_paths\": [\"data\", \".\"],"
                 " \"env\": {\"A\": \"1\"}, \"timeout_ms\": 4000}");
    write_policy("child.json",
                 "{\"extends\": \"base.json\", \"unblocked_modules\": [\"os\"],"
                 " \"write_paths\": [\"out\"], \"env\": {\"B\": \"2\"}, \"memory_mb\": 256}");
    settle();
    pw_policy_cache *c = pw_policy_cache_new();
    assert_non_null(c);
    const char *shipped[] = {"null", "\"default\"", "\"trusted\"", "\"data\""};
    for (size_t i = 0; i < sizeof shipped / sizeof *shipped; i++)
        expect_same(c, shipped[i], dir);
    char spec[PATH_MAX + 128];
    snprintf(spec, sizeof spec, "\"%s\"", in_dir("child.json"));
    /* Relative read and write paths resolve against each request's work directory. */
    expect_same(c, spec, dir);
    expect_same(c, spec, other);
    expect_same(c, "{\"extends\": \"default\", \"timeout_ms\": 100}", dir);
    /* Errors are what a fresh load says, and are not kept. */
    cJSON *bad = cJSON_CreateString(in_dir("missing.json"));
    pw_policy p;
    cJSON *e1 = pw_policy_load(bad, dir, &p), *e2 = pw_policy_load_cached(c, bad, dir, &p);
    assert_non_null(e1);
    assert_non_null(e2);
    assert_string_equal(t_err_str(e1, "message"), t_err_str(e2, "message"));
    cJSON_Delete(e1);
    cJSON_Delete(e2);
    cJSON_Delete(bad);
    pw_policy_cache_free(c);
}

static long timeout_of(pw_policy_cache *c, const char *name)
{
    cJSON *spec = cJSON_CreateString(in_dir(name));
    pw_policy p;
    cJSON *err = pw_policy_load_cached(c, spec, dir, &p);
    if (err) fail_msg("load of %s failed", name);
    long t = p.timeout_ms;
    pw_policy_free(&p);
    cJSON_Delete(spec);
    return t;
}

static void changed_file_is_reloaded(void **state)
{
    (void)state;
    pw_policy_cache *c = pw_policy_cache_new();
    write_policy("p.json", "{\"timeout_ms\": 1000}");
    write_policy("parent.json", "{\"timeout_ms\": 4000}");
    write_policy("kid.json", "{\"extends\": \"parent.json\"}");
    settle();
    for (int i = 0; i < 2; i++) { /* a miss, then a hit */
        assert_int_equal(timeout_of(c, "p.json"), 1000);
        assert_int_equal(timeout_of(c, "kid.json"), 4000);
    }
    /* Rewritten in place with the same size; a parent in the extends chain changes. */
    write_policy("p.json", "{\"timeout_ms\": 2000}");
    write_policy("parent.json", "{\"timeout_ms\": 5000}");
    settle();
    for (int i = 0; i < 2; i++) {
        assert_int_equal(timeout_of(c, "p.json"), 2000);
        assert_int_equal(timeout_of(c, "kid.json"), 5000);
    }
    /* Replaced by a rename. */
    write_policy("new.json", "{\"timeout_ms\": 3000}");
    settle();
    char from[PATH_MAX + 64];
    snprintf(from, sizeof from, "%s", in_dir("new.json"));
    assert_int_equal(rename(from, in_dir("p.json")), 0);
    assert_int_equal(timeout_of(c, "p.json"), 3000);
    /* Written just now: read on every load until it has settled. */
    write_policy("p.json", "{\"timeout_ms\": 6000}");
    assert_int_equal(timeout_of(c, "p.json"), 6000);
    write_policy("p.json", "{\"timeout_ms\": 7000}");
    assert_int_equal(timeout_of(c, "p.json"), 7000);
    pw_policy_cache_free(c);
}

/* Through the pool (what serve uses): warm runs get the cached policy whole. */
static void warm_runs_use_the_cached_policy(void **state)
{
    (void)state;
    pw_pool *pool = t_pool_with_switches("", 1);
    char extra[3 * PATH_MAX];
    snprintf(extra, sizeof extra, "{\"policy\": \"%s\", \"work_dir\": \"%s\"}", in_dir("env.json"),
             dir);
    const char *code = "import os\ndef main(inputs):\n    return os.environ['X']";
    write_policy("env.json", "{\"extends\": \"trusted\", \"env\": {\"X\": \"one\"}}");
    settle();
    for (int i = 0; i < 3; i++) {
        cJSON *r = t_pool_run_code(pool, code, NULL, extra);
        t_assert_ok(r);
        assert_string_equal(t_result_text(r), "\"one\"");
        cJSON_Delete(r);
    }
    pw_pool_destroy(pool);
}

static int setup(void **state)
{
    (void)state;
    t_mkdtemp_real(dir, sizeof dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    t_rmtree(dir);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(cached_agrees_with_fresh, setup, teardown),
        cmocka_unit_test_setup_teardown(changed_file_is_reloaded, setup, teardown),
        cmocka_unit_test_setup_teardown(warm_runs_use_the_cached_policy, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
