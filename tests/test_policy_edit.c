/* Editing a policy file takes effect for the next warm run exactly as for the next cold one
 * (issue 17): serve and the pool check a request against the policy as the files are now,
 * and run it under that same policy, never under a template holding an older version. Runs
 * in flight keep the policy they started with; replaced templates are retired, nothing
 * leaks. Edits need no waiting: a file changed in the last two seconds is never kept by the
 * policy cache, and an older one is seen changed by its ctime, so no outcome here depends
 * on timing. */
#include "helpers.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "policy.h"
#include "pywarden.h"
#include "template_policy.h"
#include "zygote.h"

#define ENV_CODE "import sys\nresult = sys.modules['posix'].environ.get(b'V', b'').decode()"
#define MATH_CODE "import math\nresult = math.floor(2.5)"
#define ALLOC_CODE "b = bytearray(300 << 20)\nresult = len(b)"
#define FILES_CODE "fs = [open('p.json') for _ in range(40)]\nresult = len(fs)"

static char dir[PATH_MAX];

static const char *in_dir(const char *name)
{
    static char path[PATH_MAX + 64];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

/* ---- the text a template gets: every field, exactly ---- */

/* A field added to pw_policy without an entry in src/warm/template_policy.c fails here: a
 * template would otherwise run with that field at zero, whatever the policy says. */
static void every_policy_field_reaches_the_template(void **state)
{
    (void)state;
    pw_strv fields = {0}, listed = {0};
    t_policy_fields(&fields);
    for (size_t i = 0; pw_template_policy_field(i); i++)
        pw_strv_push(&listed, pw_template_policy_field(i));
    for (size_t i = 0; i < fields.n; i++)
        if (!pw_strv_contains(&listed, fields.v[i]))
            fail_msg("pw_policy.%s is not in src/warm/template_policy.c: a warm template would "
                     "not apply it",
                     fields.v[i]);
    assert_int_equal(listed.n, fields.n);
    pw_strv_free(&fields);
    pw_strv_free(&listed);
}

/* spec loaded, as text, read back: the same text; the run's own paths left out. */
static char *round_trip(const char *spec_json)
{
    cJSON *spec = cJSON_Parse(spec_json);
    assert_non_null(spec);
    pw_policy p, back;
    cJSON *err = pw_policy_load(spec, dir, &p);
    if (err) fail_msg("%s: %s", spec_json, cJSON_PrintUnformatted(err));
    char *text = pw_template_policy_text(&p);
    assert_non_null(text);
    assert_true(pw_template_policy_parse(text, &back));
    assert_int_equal(back.read_paths.n, 0);
    assert_int_equal(back.write_paths.n, 0);
    char *again = pw_template_policy_text(&back);
    assert_string_equal(again, text);
    free(again);
    pw_policy_free(&back);
    pw_policy_free(&p);
    cJSON_Delete(spec);
    return text;
}

static void template_text_round_trips(void **state)
{
    (void)state;
    t_mkdtemp_real(dir, sizeof dir);
    const char *shipped[] = {"\"default\"", "\"strict\"", "\"data\"", "\"trusted\""};
    for (size_t i = 0; i < sizeof shipped / sizeof *shipped; i++)
        free(round_trip(shipped[i]));
    char spec[2 * PATH_MAX];
    snprintf(spec, sizeof spec,
             "{\"extends\": \"default\", \"unblocked_modules\": [\"os\"], \"allowed_modules\": "
             "[\"json\", \"os\"], \"allow_network\": true, \"site_packages\": true, "
             "\"site_dirs\": [\"%s\"], \"memory_mb\": 4194304, \"max_file_bytes\": "
             "4398046511104, \"max_output_bytes\": 1099511627776, \"env\": {\"K\": "
             "\"q\\\"\\\\\\n\u00e9\"}, "
             "\"on_violation\": \"kill\", \"request_may_loosen\": true, \"result_encoding\": "
             "\"lenient\", \"layers\": {\"seccomp\": \"off\", \"mounts\": \"required\"}}",
             dir);
    char *text = round_trip(spec);
    pw_policy p;
    assert_true(pw_template_policy_parse(text, &p));
    assert_string_equal(p.name, "<inline>");
    assert_true(pw_strv_contains(&p.unblocked_modules, "os"));
    assert_true(p.has_allowed_modules && p.allow_network && p.site_packages);
    assert_true(pw_strv_contains(&p.site_dirs, dir));
    assert_int_equal(p.max_file_bytes, 1L << 42);
    assert_int_equal(p.max_output_bytes, (size_t)1 << 40);
    assert_true(pw_strv_contains(&p.env, "K=q\"\\\n\u00e9"));
    assert_true(p.on_violation_kill && p.request_may_loosen && p.lenient_results);
    assert_int_equal(p.layers[PW_LAYER_SECCOMP], PW_NEED_OFF);
    assert_int_equal(p.layers[PW_LAYER_MOUNTS], PW_NEED_REQUIRED);
    pw_policy_free(&p);

    /* Anything else is refused whole: a field missing, one unknown, a wrong type. */
    char bad[8192];
    const char *name = strstr(text, "\"name\":\"<inline>\",");
    assert_non_null(name);
    snprintf(bad, sizeof bad, "{%s", name + strlen("\"name\":\"<inline>\","));
    assert_false(pw_template_policy_parse(bad, &p));
    snprintf(bad, sizeof bad, "{\"extra\":1,%s", text + 1);
    assert_false(pw_template_policy_parse(bad, &p));
    char *layers = strstr(text, "\"layers\":[");
    snprintf(bad, sizeof bad, "%.*s\"layers\":[0,0,0,0,0,0,0,0,0]}", (int)(layers - text), text);
    assert_false(pw_template_policy_parse(bad, &p));
    snprintf(bad, sizeof bad, "%.*s\"layers\":[0,0,0,0,0,0,0,3]}", (int)(layers - text), text);
    assert_false(pw_template_policy_parse(bad, &p));
    assert_false(pw_template_policy_parse("", &p));
    assert_false(pw_template_policy_parse("[]", &p));
    free(text);
    t_rmtree(dir);
}

/* same is the texts' equality: a run's own paths aside, any difference is one. */
static void expect_same(const pw_policy *a, const pw_policy *b, bool same)
{
    char *ta = pw_template_policy_text(a), *tb = pw_template_policy_text(b);
    assert_int_equal(strcmp(ta, tb) == 0, same);
    assert_int_equal(pw_template_policy_same(a, b), same);
    free(ta);
    free(tb);
}

static void same_policy_is_same_text(void **state)
{
    (void)state;
    cJSON *spec = cJSON_CreateString("default"), *other = cJSON_CreateString("strict");
    pw_policy a, b;
    assert_null(pw_policy_load(spec, "/tmp", &a));
    assert_null(pw_policy_load(spec, "/", &b));
    assert_string_not_equal(a.read_paths.v[0], b.read_paths.v[0]); /* "." in each work_dir */
    expect_same(&a, &b, true);
    pw_strv_push(&b.write_paths, "/tmp");
    expect_same(&a, &b, true);
    pw_policy_free(&b);
    assert_null(pw_policy_load(other, "/tmp", &b));
    expect_same(&a, &b, false);
    pw_policy_free(&b);
    for (int change = 0; change < 8; change++) {
        assert_true(pw_policy_copy(&b, &a));
        switch (change) {
        case 0:
            free(b.name), b.name = strdup("other");
            break;
        case 1:
            pw_strv_push(&b.blocked_modules, "math");
            break;
        case 2:
            b.memory_mb--;
            break;
        case 3:
            b.layers[PW_LAYER_LANDLOCK] = PW_NEED_BEST_EFFORT;
            break;
        case 4:
            pw_strv_push(&b.env, "V=1");
            break;
        case 5:
            b.max_output_bytes++;
            break;
        case 6:
            b.site_packages = true;
            break;
        case 7:
            pw_strv_push(&b.site_dirs, "/tmp");
            break;
        }
        expect_same(&a, &b, false);
        pw_policy_free(&b);
    }
    pw_policy_free(&a);
    cJSON_Delete(spec);
    cJSON_Delete(other);
}

/* ---- edits, warm and cold ---- */

/* Where warm requests go: a pool whose own policy is dir/p.json, or serve started with
 * --policy dir/p.json. Warm requests name no policy; the cold twin names the file. Both run
 * in dir. */
typedef struct {
    pw_pool *pool;
    server *serve;
} warm;

static cJSON *ask_warm(const warm *w, const char *code)
{
    char extra[2 * PATH_MAX];
    snprintf(extra, sizeof extra, "{\"work_dir\": \"%s\"}", dir);
    char *text = t_request_text(code, NULL, extra);
    cJSON *r;
    if (w->pool) {
        r = t_run_in(w->pool, text);
    } else {
        send_line(w->serve, text);
        r = read_answer(w->serve);
    }
    free(text);
    return r;
}

static cJSON *ask_cold(const char *code)
{
    char extra[3 * PATH_MAX];
    snprintf(extra, sizeof extra, "{\"policy\": \"%s\", \"work_dir\": \"%s\"}", in_dir("p.json"),
             dir);
    return t_run_code(code, NULL, extra);
}

/* ok with result_json, or an error of type whose message holds fragment. */
static void expect(const cJSON *r, const char *result_json, const char *type, const char *fragment)
{
    if (!type) {
        t_assert_ok(r);
        assert_string_equal(t_result_text(r), result_json);
    } else {
        t_assert_error(r, type, fragment);
    }
}

/* The same outcome warm and cold, the same error message too. */
static void warm_like_cold(const warm *w, const char *code, const char *result_json,
                           const char *type, const char *fragment)
{
    cJSON *hot = ask_warm(w, code), *cold = ask_cold(code);
    expect(hot, result_json, type, fragment);
    expect(cold, result_json, type, fragment);
    assert_string_equal(mode_of(hot), "warm");
    if (type) assert_string_equal(t_err_str(hot, "message"), t_err_str(cold, "message"));
    cJSON_Delete(hot);
    cJSON_Delete(cold);
}

static void write_policy(const char *name, const char *json)
{
    t_write_file(in_dir(name), json);
}

/* Tighten, loosen, and edit a parent along extends: each edit rules the very next run. */
static void each_edit_rules_the_next_run(const warm *w)
{
    warm_like_cold(w, MATH_CODE, "2", NULL, NULL);
    write_policy("p.json", "{\"extends\": \"default\", \"blocked_modules\": [\"math\"]}");
    warm_like_cold(w, MATH_CODE, NULL, "policy_violation", "blocks importing module 'math'");
    write_policy("p.json", "{\"extends\": \"default\"}");
    warm_like_cold(w, MATH_CODE, "2", NULL, NULL);

    warm_like_cold(w, FILES_CODE, "40", NULL, NULL);
    write_policy("p.json", "{\"extends\": \"default\", \"max_open_files\": 20}");
    warm_like_cold(w, FILES_CODE, NULL, "exception", "Too many open files");
    write_policy("p.json", "{\"extends\": \"default\", \"max_open_files\": 100}");
    warm_like_cold(w, FILES_CODE, "40", NULL, NULL);
#ifndef PW_SANITIZED /* ASan reserves terabytes of address space: RLIMIT_AS cannot apply */
    warm_like_cold(w, ALLOC_CODE, "314572800", NULL, NULL);
    write_policy("p.json", "{\"extends\": \"default\", \"memory_mb\": 100}");
    warm_like_cold(w, ALLOC_CODE, NULL, "memory_limit", "memory_mb 100");
    write_policy("p.json", "{\"extends\": \"default\", \"memory_mb\": 1000}");
    warm_like_cold(w, ALLOC_CODE, "314572800", NULL, NULL);
#endif

    write_policy("parent.json", "{\"extends\": \"default\", \"env\": {\"V\": \"parent\"}}");
    write_policy("p.json", "{\"extends\": \"parent.json\"}");
    warm_like_cold(w, ENV_CODE, "\"parent\"", NULL, NULL);
    warm_like_cold(w, MATH_CODE, "2", NULL, NULL);
    write_policy("parent.json", "{\"extends\": \"default\", \"blocked_modules\": [\"math\"]}");
    warm_like_cold(w, MATH_CODE, NULL, "policy_violation", "blocks importing module 'math'");
    warm_like_cold(w, ENV_CODE, "\"\"", NULL, NULL);
    write_policy("parent.json", "{\"extends\": \"default\", \"env\": {\"V\": \"again\"}}");
    warm_like_cold(w, MATH_CODE, "2", NULL, NULL);
    warm_like_cold(w, ENV_CODE, "\"again\"", NULL, NULL);
}

/* Many edits, each seen by the next run; afterwards one template (and its spares) is left. */
static void edits_leave_one_template(const warm *w, pid_t root, int settled)
{
    for (int i = 0; i < 20; i++) {
        char json[128], want[32];
        snprintf(json, sizeof json, "{\"extends\": \"default\", \"env\": {\"V\": \"v%d\"}}", i);
        write_policy("p.json", json);
        snprintf(want, sizeof want, "\"v%d\"", i);
        cJSON *r = ask_warm(w, ENV_CODE);
        expect(r, want, NULL, NULL);
        cJSON_Delete(r);
    }
    assert_int_equal(settle_descendants(root, settled), settled);
}

/* Waits (up to 5 s) until pid has want children; returns the last count seen. */
static int settle_children(pid_t pid, int want)
{
    pid_t kids[16];
    int n = t_children_of(pid, kids, 16);
    for (int tries = 0; tries < 500 && n != want; tries++) {
        usleep(10000);
        n = t_children_of(pid, kids, 16);
    }
    return n;
}

static void setup_dir(void)
{
    t_mkdtemp_real(dir, sizeof dir);
    write_policy("p.json", "{\"extends\": \"default\"}");
}

static void pool_follows_edits(void **state)
{
    (void)state;
    setup_dir();
    int fds_before = t_count_fds();
    char *error = NULL;
    pw_pool_options o = {.policy = in_dir("p.json"), .workers = 1};
    warm w = {.pool = pw_pool_create_with(&o, &error)};
    if (!w.pool) fail_msg("pw_pool_create_with: %s", error);
    each_edit_rules_the_next_run(&w);
    pid_t launcher;
    assert_int_equal(t_children_of(getpid(), &launcher, 1), 1);
    edits_leave_one_template(&w, launcher, 1 + PW_SPARES); /* the template, its slot's spares */
    pw_pool_destroy(w.pool);
    /* the pool's own policy is loaded at create, as before, so a bad one fails there */
    o.policy = in_dir("missing.json");
    assert_null(pw_pool_create_with(&o, &error));
    assert_non_null(strstr(error, "cannot open policy file"));
    pw_free(error);
    assert_int_equal(t_count_children(), 0);
    assert_int_equal(t_count_fds(), fds_before);
    t_rmtree(dir);
}

static void serve_follows_edits(void **state)
{
    (void)state;
    setup_dir();
    server s;
    start_server(&s, (const char *[]){"--workers", "1", "--policy", in_dir("p.json"), NULL});
    warm w = {.serve = &s};
    each_edit_rules_the_next_run(&w);
    edits_leave_one_template(&w, s.pid, 2 + PW_SPARES); /* launcher, template, spares */
    assert_int_equal(stop_server(&s), 0);
    assert_int_equal(t_count_children(), 0);
    t_rmtree(dir);
}

/* A run that started before an edit finishes under the policy it started with, while the
 * next run already gets the edited one; then the old template goes. */
static void serve_run_in_flight_keeps_its_policy(void **state)
{
    (void)state;
    setup_dir();
    t_write_in(dir, "w", NULL);
    char json[4 * PATH_MAX];
    snprintf(json, sizeof json,
             "{\"extends\": \"default\", \"env\": {\"V\": \"old\"}, \"read_paths\": [\"%s\"], "
             "\"write_paths\": [\"%s\"]}",
             dir, in_dir("w"));
    write_policy("p.json", json);
    server s;
    start_server(&s, (const char *[]){"--workers", "2", "--policy", in_dir("p.json"), NULL});
    char code[4 * PATH_MAX];
    snprintf(code, sizeof code,
             "import sys, time\nopen('%s/w/started', 'w').close()\n"
             "while True:\n    try:\n        open('%s/go').close()\n        break\n"
             "    except OSError:\n        time.sleep(0.01)\n" ENV_CODE,
             dir, dir);
    char *slow = t_request_text(code, NULL, "{\"id\": \"slow\"}");
    send_line(&s, slow);
    free(slow);
    struct stat st;
    for (int i = 0; i < 6000 && stat(in_dir("w/started"), &st) != 0; i++)
        usleep(10000);
    assert_int_equal(stat(in_dir("w/started"), &st), 0);

    snprintf(json, sizeof json,
             "{\"extends\": \"default\", \"env\": {\"V\": \"new\"}, \"blocked_modules\": "
             "[\"math\"], \"read_paths\": [\"%s\"], \"write_paths\": [\"%s\"]}",
             dir, in_dir("w"));
    write_policy("p.json", json);
    warm w = {.serve = &s};
    cJSON *r = ask_warm(&w, ENV_CODE);
    expect(r, "\"new\"", NULL, NULL);
    cJSON_Delete(r);
    r = ask_warm(&w, MATH_CODE);
    expect(r, NULL, "policy_violation", "blocks importing module 'math'");
    cJSON_Delete(r);

    t_write_in(dir, "go", "");
    r = read_answer(&s);
    assert_string_equal(id_str(r), "slow");
    expect(r, "\"old\"", NULL, NULL);
    cJSON_Delete(r);
    pid_t launcher;
    assert_int_equal(t_children_of(s.pid, &launcher, 1), 1);
    assert_int_equal(settle_children(launcher, 1), 1); /* the old template is gone */
    assert_int_equal(stop_server(&s), 0);
    t_rmtree(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_policy_field_reaches_the_template),
        cmocka_unit_test(template_text_round_trips),
        cmocka_unit_test(same_policy_is_same_text),
        cmocka_unit_test(pool_follows_edits),
        cmocka_unit_test(serve_follows_edits),
        cmocka_unit_test(serve_run_in_flight_keeps_its_policy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
