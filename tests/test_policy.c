/* Policy files: every loading error names the field and the file; extends merging (lists
 * add, allowed_modules replaces, scalars and env values override); request tightening. */
#include "helpers.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "policy.h"

static char dir[PATH_MAX];

static const char *in_dir(const char *name)
{
    static char path[PATH_MAX + 64];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

static void write_policy(const char *name, const char *json)
{
    t_write_file(in_dir(name), json);
}

/* Runs code under the policy file `name` in dir (also the work dir). */
static cJSON *run_with(const char *code, const char *name, const char *more)
{
    char extra[2 * PATH_MAX + 256];
    snprintf(extra, sizeof extra, "{\"policy\": \"%s\", \"work_dir\": \"%s\"%s}", in_dir(name), dir,
             more ? more : "");
    return t_run_code(code, NULL, extra);
}

static void expect_invalid(cJSON *r, const char *field, const char *fragment, const char *file)
{
    t_assert_error(r, "invalid_request", fragment);
    assert_string_equal(t_err_str(r, "field"), field);
    if (file) assert_non_null(strstr(t_err_str(r, "message"), file));
    cJSON_Delete(r);
}

static void unknown_key_inline(void **state)
{
    (void)state;
    cJSON *r =
        t_run_code("result = 1", NULL, "{\"policy\": {\"extends\": \"default\", \"bogus\": 1}}");
    expect_invalid(r, "policy.bogus", "unknown key 'bogus'", "<inline>");
}

static void repeated_key_inline(void **state)
{
    (void)state;
    cJSON *r = t_run_code("result = 1", NULL,
                          "{\"policy\": {\"extends\": \"default\", \"timeout_ms\": 5, "
                          "\"timeout_ms\": 50000}}");
    expect_invalid(r, "policy.timeout_ms", "key 'timeout_ms' appears more than once", "<inline>");
}

static void unknown_key_in_file(void **state)
{
    (void)state;
    write_policy("typo.json", "{\"extends\": \"default\", \"timeout\": 5}");
    cJSON *r = run_with("result = 1", "typo.json", NULL);
    expect_invalid(r, "policy.timeout", "unknown key 'timeout'", "typo.json");
}

static void unknown_key_in_a_parent_names_the_parent(void **state)
{
    (void)state;
    write_policy("badparent.json", "{\"extends\": \"default\", \"blocked\": []}");
    write_policy("kid.json", "{\"extends\": \"badparent.json\"}");
    cJSON *r = run_with("result = 1", "kid.json", NULL);
    expect_invalid(r, "policy.blocked", "unknown key 'blocked'", "badparent.json");
}

static void wrong_type(void **state)
{
    (void)state;
    cJSON *r = t_run_code("result = 1", NULL,
                          "{\"policy\": {\"extends\": \"default\", \"timeout_ms\": \"soon\"}}");
    expect_invalid(r, "policy.timeout_ms", "'timeout_ms' must be an integer", NULL);
    r = t_run_code("result = 1", NULL,
                   "{\"policy\": {\"extends\": \"default\", \"blocked_modules\": \"os\"}}");
    expect_invalid(r, "policy.blocked_modules", "must be an array of strings", NULL);
    r = t_run_code("result = 1", NULL, "{\"policy\": {\"allow_network\": \"yes\"}}");
    expect_invalid(r, "policy.allow_network", "must be true or false", NULL);
}

static void bad_values(void **state)
{
    (void)state;
    cJSON *r =
        t_run_code("result = 1", NULL,
                   "{\"policy\": {\"extends\": \"default\", \"on_violation\": \"explode\"}}");
    expect_invalid(r, "policy.on_violation", "\"raise\" or \"kill\"", NULL);
    r = t_run_code("result = 1", NULL,
                   "{\"policy\": {\"extends\": \"default\", \"layers\": {\"audit\": \"maybe\"}}}");
    expect_invalid(r, "policy.layers", "layer 'audit' must be", NULL);
    r = t_run_code("result = 1", NULL,
                   "{\"policy\": {\"extends\": \"default\", \"timeout_ms\": 0}}");
    expect_invalid(r, "policy.timeout_ms", "from 1 to", NULL);
    /* below what a cold interpreter starts in (it aborted: "crashed", warm "memory_limit") */
    r = t_run_code("result = 1", NULL,
                   "{\"policy\": {\"extends\": \"default\", \"memory_mb\": 8}}");
    expect_invalid(r, "policy.memory_mb", "'memory_mb' 8 is below 16", NULL);
    r = t_run_code("result = 1", NULL,
                   "{\"policy\": {\"extends\": \"default\", \"memory_mb\": 16}}");
    t_assert_ok(r);
    cJSON_Delete(r);
    r = t_run_code("result = 1", NULL, "{\"policy\": {\"env\": {\"A=B\": \"x\"}}}");
    expect_invalid(r, "policy.env", "without '='", NULL);
}

static void extends_cycle(void **state)
{
    (void)state;
    write_policy("a.json", "{\"extends\": \"b.json\"}");
    write_policy("b.json", "{\"extends\": \"a.json\"}");
    cJSON *r = run_with("result = 1", "a.json", NULL);
    expect_invalid(r, "policy.extends", "'extends' cycle", "a.json");
}

static void extends_missing(void **state)
{
    (void)state;
    cJSON *r = t_run_code("result = 1", NULL, "{\"policy\": {\"extends\": \"nosuch\"}}");
    expect_invalid(r, "policy.extends", "no policy named 'nosuch'", NULL);
    write_policy("orphan.json", "{\"extends\": \"missing/parent.json\"}");
    r = run_with("result = 1", "orphan.json", NULL);
    expect_invalid(r, "policy.extends", "cannot open policy file", "missing/parent.json");
}

static void not_json(void **state)
{
    (void)state;
    write_policy("broken.json", "{\"extends\": ");
    cJSON *r = run_with("result = 1", "broken.json", NULL);
    expect_invalid(r, "policy", "not valid JSON", "broken.json");
}

/* A policy file that cannot be read for a reason of the host's (no fd left: ulimit -n) says
 * that reason; it was "not valid JSON (unreadable)", blaming a file that is fine. */
static void a_host_out_of_fds_is_not_bad_json(void **state)
{
    (void)state;
    write_policy("fine.json", "{\"extends\": \"default\"}");
    struct rlimit old, low = {64, 0};
    assert_int_equal(getrlimit(RLIMIT_NOFILE, &old), 0);
    low.rlim_max = old.rlim_max;
    assert_int_equal(setrlimit(RLIMIT_NOFILE, &low), 0);
    int fds[64], n = 0;
    while (n < 64 && (fds[n] = dup(0)) >= 0)
        n++;
    const char *why = NULL;
    cJSON *obj = pw_policy_read_json(in_dir("fine.json"), &why);
    while (n > 0)
        close(fds[--n]);
    assert_int_equal(setrlimit(RLIMIT_NOFILE, &old), 0);
    assert_null(obj);
    assert_string_equal(why, "cannot read it: Too many open files");
}

static void expect_blocked(const char *policy, const char *module)
{
    char code[128];
    snprintf(code, sizeof code, "import %s\nresult = 1", module);
    cJSON *r = run_with(code, policy, NULL);
    t_assert_error(r, "policy_violation", module);
    assert_string_equal(t_err_str(r, "detail"), module);
    cJSON_Delete(r);
}

static void expect_allowed(const char *policy, const char *module)
{
    char code[128];
    snprintf(code, sizeof code, "import %s\nresult = 1", module);
    cJSON *r = run_with(code, policy, NULL);
    t_assert_ok(r);
    cJSON_Delete(r);
}

/* blocked_modules adds to the parent's; allowed_modules replaces the parent's. */
static void extends_merges_module_lists(void **state)
{
    (void)state;
    write_policy("parent.json", "{\"extends\": \"default\", \"blocked_modules\": [\"json\"],"
                                " \"allowed_modules\": [\"math\", \"statistics\", \"re\"]}");
    write_policy("child.json", "{\"extends\": \"parent.json\", \"blocked_modules\": [\"re\"],"
                               " \"allowed_modules\": [\"math\", \"re\", \"fractions\"]}");
    expect_allowed("parent.json", "statistics");
    expect_blocked("child.json", "statistics"); /* replaced allow-list */
    expect_allowed("child.json", "fractions");
    expect_blocked("child.json", "json"); /* the parent's block stays */
    expect_blocked("child.json", "re");   /* blocked wins over allowed */
    expect_blocked("child.json", "os");   /* default's block stays */
}

/* env values of a child override the parent's, other keys are kept. */
static void extends_merges_env(void **state)
{
    (void)state;
    write_policy("envp.json",
                 "{\"extends\": \"trusted\", \"env\": {\"A\": \"parent\", \"B\": \"b\"}}");
    write_policy("envc.json", "{\"extends\": \"envp.json\", \"env\": {\"A\": \"child\"}}");
    cJSON *r = run_with("import os\nresult = sorted(os.environ.items())", "envc.json", NULL);
    t_assert_ok(r);
    assert_string_equal(t_result_text(r),
                        "[[\"A\",\"child\"],[\"B\",\"b\"],[\"LANG\",\"C.UTF-8\"]]");
    cJSON_Delete(r);
}

/* read_paths add up, relative entries resolve against the work directory. */
static void extends_merges_paths(void **state)
{
    (void)state;
    t_write_file(in_dir("data.txt"), "d");
    write_policy("readp.json", "{\"extends\": \"strict\", \"read_paths\": [\"data.txt\"]}");
    cJSON *r = run_with("result = open('data.txt').read()", "readp.json", NULL);
    t_assert_ok(r);
    assert_string_equal(t_result_text(r), "\"d\"");
    cJSON_Delete(r);
    r = run_with("result = open('readp.json').read()", "readp.json", NULL);
    t_assert_error(r, "policy_violation", "reading");
    assert_string_equal(t_err_str(r, "detail"), in_dir("readp.json"));
    cJSON_Delete(r);
}

static void scalars_override_and_requests_only_tighten(void **state)
{
    (void)state;
    write_policy("slow.json", "{\"extends\": \"default\", \"timeout_ms\": 5000}");
    write_policy("fast.json", "{\"extends\": \"slow.json\", \"timeout_ms\": 3000}");
    cJSON *r = run_with("result = 1", "fast.json", ", \"timeout_ms\": 4000");
    expect_invalid(r, "timeout_ms", "over the policy's 3000", NULL);
    r = run_with("result = 1", "slow.json", ", \"timeout_ms\": 4000");
    t_assert_ok(r);
    cJSON_Delete(r);
}

static void tighter_timeout_is_used(void **state)
{
    (void)state;
    cJSON *r = t_run_code("while True:\n    pass", NULL, "{\"timeout_ms\": 300}");
    t_assert_error(r, "timeout", NULL);
    assert_int_equal((int)t_err_num(r, "timeout_ms"), 300);
    cJSON_Delete(r);
    r = t_run_code("result = 1", NULL, "{\"timeout_ms\": 30001}");
    expect_invalid(r, "timeout_ms", "a request may tighten a policy, not loosen it", NULL);
}

static void policy_may_allow_loosening(void **state)
{
    (void)state;
    cJSON *r = t_run_code("result = 1", NULL,
                          "{\"timeout_ms\": 40000, \"policy\": {\"extends\": \"default\","
                          " \"request_may_loosen\": true}}");
    t_assert_ok(r);
    cJSON_Delete(r);
}

static void messages_name_the_requested_policy(void **state)
{
    (void)state;
    cJSON *r = t_run_code("import os", NULL, "{\"policy\": \"strict\"}");
    t_assert_error(r, "policy_violation", "policy 'strict' blocks importing module 'os'");
    assert_null(strstr(t_err_str(r, "message"), "allowed_modules"));
    cJSON_Delete(r);
    /* a module missing from the allow-list is not one the policy lists as blocked */
    r = t_run_code("import sqlite3", NULL, "{\"policy\": \"strict\"}");
    t_assert_error(r, "policy_violation",
                   "policy 'strict' blocks importing module 'sqlite3' (pywarden audit hook); "
                   "it is not in the policy's allowed_modules");
    cJSON_Delete(r);
    /* a script's own deadline (signal.alarm) and its parallel work: said what to use */
    r = t_run_code("import signal\nsignal.alarm(5)", NULL, NULL);
    t_assert_error(r, "policy_violation",
                   "blocks importing module 'signal' (pywarden audit hook); the run's deadline "
                   "is the request's timeout_ms; to bound one step, use concurrent.futures' "
                   "result(timeout=...) or asyncio.wait_for");
    cJSON_Delete(r);
    r = t_run_code("from multiprocessing import Pool", NULL, NULL);
    t_assert_error(r, "policy_violation",
                   "for parallel work use concurrent.futures.ThreadPoolExecutor");
    cJSON_Delete(r);
}

static void shipped_policies_load(void **state)
{
    (void)state;
    const char *names[] = {"default", "strict", "trusted", "data"};
    for (size_t i = 0; i < 4; i++) {
        char extra[64];
        snprintf(extra, sizeof extra, "{\"policy\": \"%s\"}", names[i]);
        cJSON *r = t_run_code("import math\nresult = math.floor(2.5)", NULL, extra);
        t_assert_ok(r);
        assert_string_equal(t_result_text(r), "2");
        cJSON_Delete(r);
    }
}

/* unblocked_modules takes names out of what the parent blocks; a later child may block
 * them again; bad names and contradictions are invalid_request naming the key. */
static void unblocked_modules_merge(void **state)
{
    (void)state;
    cJSON *r =
        t_run_code("import os\nresult = os.path.join('a', 'b')", NULL,
                   "{\"policy\": {\"extends\": \"default\", \"unblocked_modules\": [\"os\"]}}");
    t_assert_ok(r);
    assert_string_equal(t_result_text(r), "\"a/b\"");
    cJSON_Delete(r);
    write_policy("osok.json", "{\"extends\": \"default\", \"unblocked_modules\": [\"os\"]}");
    write_policy("osagain.json", "{\"extends\": \"osok.json\", \"blocked_modules\": [\"os\"]}");
    r = run_with("import os\nresult = 1", "osagain.json", NULL);
    t_assert_error(r, "policy_violation", "blocks importing module 'os'");
    cJSON_Delete(r);
    /* the rest of default's list is untouched */
    r = run_with("import subprocess\nresult = 1", "osok.json", NULL);
    t_assert_error(r, "policy_violation", "blocks importing module 'subprocess'");
    cJSON_Delete(r);
    r = t_run_code("result = 1", NULL,
                   "{\"policy\": {\"extends\": \"default\", \"unblocked_modules\": \"os\"}}");
    expect_invalid(r, "policy.unblocked_modules", "must be an array of strings", "<inline>");
    r = t_run_code(
        "result = 1", NULL,
        "{\"policy\": {\"extends\": \"default\", \"unblocked_modules\": [\"os path\"]}}");
    expect_invalid(r, "policy.unblocked_modules", "'os path' is not a module name", NULL);
    r = t_run_code(
        "result = 1", NULL,
        "{\"policy\": {\"extends\": \"default\", \"unblocked_modules\": [\"os.path\"]}}");
    expect_invalid(r, "policy.unblocked_modules", "'os.path' stays blocked through 'os'", NULL);
    r = t_run_code(
        "result = 1", NULL,
        "{\"policy\": {\"unblocked_modules\": [\"os\"], \"blocked_modules\": [\"os\"]}}");
    expect_invalid(r, "policy.unblocked_modules", "in both blocked_modules and unblocked_modules",
                   NULL);
    r = t_run_code("result = 1", NULL, "{\"policy\": {\"preload\": \"numpy\"}}");
    expect_invalid(r, "policy.preload", "must be an array of strings", "<inline>");
    r = t_run_code("result = 1", NULL, "{\"policy\": {\"preload\": [\"../numpy\"]}}");
    expect_invalid(r, "policy.preload", "'../numpy' is not a module name", NULL);
}

static int setup(void **state)
{
    (void)state;
    char *d = t_mkdtemp();
    char *real = realpath(d, NULL);
    snprintf(dir, sizeof dir, "%s", real ? real : d);
    free(real);
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
        cmocka_unit_test(unknown_key_inline),
        cmocka_unit_test(repeated_key_inline),
        cmocka_unit_test(unknown_key_in_file),
        cmocka_unit_test(unknown_key_in_a_parent_names_the_parent),
        cmocka_unit_test(wrong_type),
        cmocka_unit_test(bad_values),
        cmocka_unit_test(extends_cycle),
        cmocka_unit_test(extends_missing),
        cmocka_unit_test(not_json),
        cmocka_unit_test(extends_merges_module_lists),
        cmocka_unit_test(extends_merges_env),
        cmocka_unit_test(unblocked_modules_merge),
        cmocka_unit_test(extends_merges_paths),
        cmocka_unit_test(scalars_override_and_requests_only_tighten),
        cmocka_unit_test(tighter_timeout_is_used),
        cmocka_unit_test(policy_may_allow_loosening),
        cmocka_unit_test(messages_name_the_requested_policy),
        cmocka_unit_test(shipped_policies_load),
        cmocka_unit_test(a_host_out_of_fds_is_not_bad_json),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
