/* The policy ceiling's rules, below serve and the pool (test_serve.c drives those): every
 * pw_policy field has a rule, loosening any field is refused naming it, tightening passes,
 * and admission refuses names, inline objects and files over the ceiling before opening
 * anything. */
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ceiling.h"
#include "util.h"

/* ---- every field of pw_policy has a rule ---- */

static bool has_rule(const char *field)
{
    for (size_t i = 0; pw_ceiling_rule_field(i); i++)
        if (strcmp(pw_ceiling_rule_field(i), field) == 0) return true;
    return false;
}

/* A field added to pw_policy without a rule in src/ceiling.c fails here (the comparison
 * would otherwise not see it). */
static void every_policy_field_has_a_rule(void **state)
{
    (void)state;
    pw_strv fields = {0};
    t_policy_fields(&fields);
    for (size_t i = 0; i < fields.n; i++)
        if (!has_rule(fields.v[i]))
            fail_msg("pw_policy.%s has no rule in src/ceiling.c: an inline policy could loosen "
                     "it under a ceiling",
                     fields.v[i]);
    for (size_t i = 0; pw_ceiling_rule_field(i); i++)
        assert_true(pw_strv_contains(&fields, pw_ceiling_rule_field(i)));
    pw_strv_free(&fields);
}

/* ---- each field: loosening refused naming it, tightening accepted ---- */

static char work[64];

/* default + an allow-list, a writable out/, on_violation kill and a preload, so every rule has
 * something to tighten or loosen. */
static void load_parent(pw_policy *p)
{
    cJSON *spec = cJSON_Parse("{\"extends\": \"default\", \"allowed_modules\": [\"math\", "
                              "\"json\", \"xml\"], \"write_paths\": [\"out\"], "
                              "\"on_violation\": \"kill\", \"max_file_bytes\": 100000, "
                              "\"preload\": [\"json\", \"math\"]}");
    cJSON *err = pw_policy_load(spec, work, p);
    cJSON_Delete(spec);
    if (err) fail_msg("parent policy: %s", cJSON_PrintUnformatted(err));
}

static void strv_remove(pw_strv *v, const char *s)
{
    pw_strv kept = {0};
    for (size_t i = 0; i < v->n; i++)
        if (strcmp(v->v[i], s) != 0) pw_strv_push(&kept, v->v[i]);
    pw_strv_free(v);
    *v = kept;
}

static void path_in_work(pw_strv *v, const char *rel)
{
    char path[256];
    snprintf(path, sizeof path, "%s%s", work, rel);
    pw_strv_push(v, path);
}

/* One mutation of a copy of the parent. */
typedef void (*mutate_fn)(pw_policy *p);

static void unblock_os(pw_policy *p)
{
    strv_remove(&p->blocked_modules, "os");
}
static void block_more(pw_policy *p)
{
    pw_strv_push(&p->blocked_modules, "json");
}
static void allow_os(pw_policy *p)
{
    pw_strv_push(&p->allowed_modules, "os");
}
static void allow_submodule_only(pw_policy *p)
{
    strv_remove(&p->allowed_modules, "xml");
    pw_strv_push(&p->allowed_modules, "xml.dom");
}
static void drop_allow_list(pw_policy *p)
{
    p->has_allowed_modules = false;
}
static void network_on(pw_policy *p)
{
    p->allow_network = true;
}
static void read_etc(pw_policy *p)
{
    pw_strv_push(&p->read_paths, "/etc");
}
static void read_only_sub(pw_policy *p)
{
    pw_strv_free(&p->read_paths);
    path_in_work(&p->read_paths, "/sub");
}
static void write_work(pw_policy *p)
{
    path_in_work(&p->write_paths, "");
}
static void write_only_out_x(pw_policy *p)
{
    pw_strv_free(&p->write_paths);
    path_in_work(&p->write_paths, "/out/x");
}
static void read_out_x(pw_policy *p)
{
    path_in_work(&p->read_paths, "/out/x");
}
static void write_nothing(pw_policy *p)
{
    pw_strv_free(&p->write_paths);
}
/* the template would run this module's import code before any kernel layer */
static void preload_added(pw_policy *p)
{
    pw_strv_push(&p->preload, "antigravity");
}
static void preload_dropped(pw_policy *p)
{
    strv_remove(&p->preload, "math");
}
static void site_on(pw_policy *p)
{
    p->site_packages = true;
}
static void unblock_os_by_key(pw_policy *p)
{
    strv_remove(&p->blocked_modules, "os");
    pw_strv_push(&p->unblocked_modules, "os");
}
static void site_dir_added(pw_policy *p)
{
    path_in_work(&p->site_dirs, "/sub");
    path_in_work(&p->read_paths, "/sub");
}
static void file_bytes_unlimited(pw_policy *p)
{
    p->max_file_bytes = 0;
}
static void file_bytes_down(pw_policy *p)
{
    p->max_file_bytes = 1000;
}
static void lenient_on(pw_policy *p)
{
    p->lenient_results = true;
}
static void timeout_up(pw_policy *p)
{
    p->timeout_ms++;
}
static void timeout_down(pw_policy *p)
{
    p->timeout_ms = 100;
}
static void memory_up(pw_policy *p)
{
    p->memory_mb++;
}
static void memory_down(pw_policy *p)
{
    p->memory_mb = 64;
}
static void cpu_unlimited(pw_policy *p)
{
    p->cpu_s = 0;
}
static void cpu_down(pw_policy *p)
{
    p->cpu_s = 1;
}
static void procs_up(pw_policy *p)
{
    p->max_processes++;
}
static void procs_down(pw_policy *p)
{
    p->max_processes = 1;
}
static void files_unlimited(pw_policy *p)
{
    p->max_open_files = 0;
}
static void files_down(pw_policy *p)
{
    p->max_open_files = 16;
}
static void file_mb_up(pw_policy *p)
{
    p->max_file_mb++;
}
static void file_mb_down(pw_policy *p)
{
    p->max_file_mb = 1;
}
static void tmp_up(pw_policy *p)
{
    p->tmp_mb++;
}
static void tmp_none(pw_policy *p)
{
    p->tmp_mb = 0;
}
static void output_up(pw_policy *p)
{
    p->max_output_bytes++;
}
static void output_down(pw_policy *p)
{
    p->max_output_bytes--;
}
static void result_up(pw_policy *p)
{
    p->max_result_bytes++;
}
static void result_down(pw_policy *p)
{
    p->max_result_bytes--;
}
static void input_up(pw_policy *p)
{
    p->max_input_bytes++;
}
static void input_down(pw_policy *p)
{
    p->max_input_bytes--;
}
static void env_added(pw_policy *p)
{
    pw_strv_push(&p->env, "SECRET=1");
}
static void env_changed(pw_policy *p)
{
    pw_strv_free(&p->env);
    pw_strv_push(&p->env, "LANG=C");
}
static void env_emptied(pw_policy *p)
{
    pw_strv_free(&p->env);
}
static void violations_raise(pw_policy *p)
{
    p->on_violation_kill = false;
}
static void loosen_on(pw_policy *p)
{
    p->request_may_loosen = true;
}
static void namespaces_off(pw_policy *p)
{
    p->layers[PW_LAYER_NAMESPACES] = PW_NEED_OFF;
}
static void seccomp_best_effort(pw_policy *p)
{
    p->layers[PW_LAYER_SECCOMP] = PW_NEED_BEST_EFFORT;
}
static void namespaces_required(pw_policy *p)
{
    p->layers[PW_LAYER_NAMESPACES] = PW_NEED_REQUIRED;
}
static void renamed(pw_policy *p)
{
    free(p->name);
    p->name = strdup("another-name");
}

typedef struct {
    const char *field;   /* in pw_policy */
    mutate_fn change;    /* the mutation */
    const char *refused; /* the error's field when it loosens; NULL when it tightens */
} mutation;

static const mutation mutations[] = {
    {"name", renamed, NULL},
    {"blocked_modules", unblock_os, "policy.blocked_modules"},
    {"blocked_modules", block_more, NULL},
    {"allowed_modules", allow_os, "policy.allowed_modules"},
    {"allowed_modules", allow_submodule_only, NULL},
    {"has_allowed_modules", drop_allow_list, "policy.allowed_modules"},
    {"allow_network", network_on, "policy.allow_network"},
    {"read_paths", read_etc, "policy.read_paths"},
    {"read_paths", read_only_sub, NULL},
    {"write_paths", write_work, "policy.write_paths"},
    {"write_paths", write_only_out_x, "policy.write_paths"}, /* below a writable root */
    {"read_paths", read_out_x, "policy.read_paths"},
    {"write_paths", write_nothing, NULL},
    {"site_packages", site_on, "policy.site_packages"},
    {"unblocked_modules", unblock_os_by_key, "policy.blocked_modules"},
    {"site_dirs", site_dir_added, "policy.site_dirs"},
    {"preload", preload_added, "policy.preload"},
    {"preload", preload_dropped, NULL},
    {"max_file_bytes", file_bytes_unlimited, "policy.max_file_bytes"},
    {"max_file_bytes", file_bytes_down, NULL},
    {"lenient_results", lenient_on, NULL}, /* a request may choose either encoding */
    {"timeout_ms", timeout_up, "policy.timeout_ms"},
    {"timeout_ms", timeout_down, NULL},
    {"memory_mb", memory_up, "policy.memory_mb"},
    {"memory_mb", memory_down, NULL},
    {"cpu_s", cpu_unlimited, "policy.cpu_s"},
    {"cpu_s", cpu_down, NULL},
    {"max_processes", procs_up, "policy.max_processes"},
    {"max_processes", procs_down, NULL},
    {"max_open_files", files_unlimited, "policy.max_open_files"},
    {"max_open_files", files_down, NULL},
    {"max_file_mb", file_mb_up, "policy.max_file_mb"},
    {"max_file_mb", file_mb_down, NULL},
    {"tmp_mb", tmp_up, "policy.tmp_mb"},
    {"tmp_mb", tmp_none, NULL},
    {"max_output_bytes", output_up, "policy.max_output_bytes"},
    {"max_output_bytes", output_down, NULL},
    {"max_result_bytes", result_up, "policy.max_result_bytes"},
    {"max_result_bytes", result_down, NULL},
    {"max_input_bytes", input_up, "policy.max_input_bytes"},
    {"max_input_bytes", input_down, NULL},
    {"env", env_added, "policy.env"},
    {"env", env_changed, "policy.env"},
    {"env", env_emptied, NULL},
    {"on_violation_kill", violations_raise, "policy.on_violation"},
    {"request_may_loosen", loosen_on, "policy.request_may_loosen"},
    {"layers", namespaces_off, "policy.layers.namespaces"},
    {"layers", seccomp_best_effort, "policy.layers.seccomp"},
    {"layers", namespaces_required, NULL},
};

static void each_field_loosened_is_refused_tightened_passes(void **state)
{
    (void)state;
    pw_policy parent, child;
    load_parent(&parent);
    cJSON *same = pw_ceiling_compare(&parent, &parent);
    if (same) fail_msg("a policy loosens itself: %s", cJSON_PrintUnformatted(same));
    for (size_t i = 0; i < sizeof mutations / sizeof *mutations; i++) {
        const mutation *m = &mutations[i];
        assert_true(pw_policy_copy(&child, &parent));
        m->change(&child);
        cJSON *err = pw_ceiling_compare(&child, &parent);
        if (m->refused) {
            if (!err) fail_msg("loosening %s was accepted", m->field);
            t_assert_error(err, "invalid_request", "the inline policy loosens");
            assert_string_equal(t_err_str(err, "field"), m->refused);
        } else if (err) {
            fail_msg("tightening %s was refused: %s", m->field, t_err_str(err, "message"));
        }
        cJSON_Delete(err);
        pw_policy_free(&child);
    }
    pw_policy_free(&parent);
}

/* Every rule is exercised above: a new rule needs a mutation that loosens its field. */
static void every_rule_has_a_loosening_test(void **state)
{
    (void)state;
    for (size_t i = 0; pw_ceiling_rule_field(i); i++) {
        const char *f = pw_ceiling_rule_field(i);
        /* labels, nothing to loosen: result_encoding only changes how a result is written */
        bool loosened = strcmp(f, "name") == 0 || strcmp(f, "lenient_results") == 0;
        for (size_t j = 0; j < sizeof mutations / sizeof *mutations; j++)
            loosened = loosened || (strcmp(mutations[j].field, f) == 0 && mutations[j].refused);
        if (!loosened) fail_msg("no test loosens pw_policy.%s", f);
    }
}

static void roots_are_compared_by_component(void **state)
{
    (void)state;
    pw_policy parent, child;
    pw_policy_init_defaults(&parent);
    parent.name = strdup("p");
    pw_strv_push(&parent.read_paths, "/srv/data");
    static const struct {
        const char *root;
        bool under;
    } cases[] = {
        {"/srv/data", true},      {"/srv/data/in", true},
        {"/srv/database", false}, {"/srv/data/../../etc", false},
        {"/srv/data/./x", false}, {"/srv", false},
        {"relative", false},      {"/srv/data/..", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        assert_true(pw_policy_copy(&child, &parent));
        pw_strv_free(&child.read_paths);
        pw_strv_push(&child.read_paths, cases[i].root);
        cJSON *err = pw_ceiling_compare(&child, &parent);
        if ((err == NULL) != cases[i].under)
            fail_msg("read root %s: expected %s", cases[i].root,
                     cases[i].under ? "accepted" : "refused");
        cJSON_Delete(err);
        pw_policy_free(&child);
    }
    pw_strv_push(&parent.write_paths, "/srv/data/out"); /* a run may plant symlinks there */
    assert_true(pw_policy_copy(&child, &parent));
    pw_strv_push(&child.read_paths, "/srv/data/out");
    assert_null(pw_ceiling_compare(&child, &parent));
    pw_strv_push(&child.write_paths, "/srv/data/out/x");
    cJSON *err = pw_ceiling_compare(&child, &parent);
    t_assert_error(err, "invalid_request", "below a root the parent may write");
    cJSON_Delete(err);
    pw_policy_free(&child);
    pw_strv_free(&parent.write_paths);
    pw_strv_free(&parent.read_paths); /* "/" as the parent's root covers every absolute path */
    pw_strv_push(&parent.read_paths, "/");
    assert_true(pw_policy_copy(&child, &parent));
    pw_strv_push(&child.read_paths, "/etc");
    assert_null(pw_ceiling_compare(&child, &parent));
    pw_policy_free(&child);
    pw_policy_free(&parent);
}

/* ---- admission: pw_ceiling_init and pw_ceiling_check ---- */

static cJSON *check(const pw_ceiling *c, const char *request)
{
    cJSON *req = cJSON_Parse(request);
    assert_non_null(req);
    cJSON *err = pw_ceiling_check(c, req);
    cJSON_Delete(req);
    return err;
}

static void init_refuses_paths_and_unknown_names(void **state)
{
    (void)state;
    pw_ceiling c;
    pw_buf why = {0};
    assert_false(pw_ceiling_init(&c, "strict,/tmp/p.json", false, NULL, &why));
    assert_non_null(strstr(why.data, "'/tmp/p.json' is not a policy name"));
    why.len = 0;
    assert_false(pw_ceiling_init(&c, "strict,no-such-policy", false, NULL, &why));
    assert_non_null(strstr(why.data, "no policy named 'no-such-policy'"));
    pw_buf_free(&why);
    assert_true(pw_ceiling_init(&c, "", false, "strict", &why));
    assert_true(pw_ceiling_allows_name(&c, "strict")); /* the server's own policy */
    assert_false(pw_ceiling_allows_name(&c, "default"));
    pw_ceiling_free(&c);
    assert_true(pw_ceiling_init(&c, NULL, false, NULL, &why)); /* no ceiling */
    assert_null(check(&c, "{\"policy\": \"trusted\"}"));
    assert_null(check(&c, "{\"policy\": {\"layers\": {\"seccomp\": \"off\"}}}"));
    pw_ceiling_free(&c);
}

static void over_the_ceiling_is_refused_before_opening_anything(void **state)
{
    (void)state;
    pw_ceiling c;
    pw_buf why = {0};
    assert_true(pw_ceiling_init(&c, "strict", false, NULL, &why));
    assert_null(check(&c, "{\"code\": \"result = 1\"}"));
    assert_null(check(&c, "{\"policy\": \"strict\"}"));
    cJSON *err = check(&c, "{\"policy\": \"trusted\"}");
    t_assert_error(err, "invalid_request", "policy 'trusted' is over this server's policy ceiling");
    assert_non_null(strstr(t_err_str(err, "message"), "--allow-policies trusted"));
    assert_string_equal(t_err_str(err, "field"), "policy");
    cJSON_Delete(err);
    err = check(&c, "{\"policy\": {\"extends\": \"default\"}}");
    t_assert_error(err, "invalid_request", "an inline policy is over");
    assert_non_null(strstr(t_err_str(err, "message"), "--allow-inline-policies"));
    cJSON_Delete(err);
    /* a file that does not exist: refused for the ceiling, not because it is missing */
    err = check(&c, "{\"policy\": \"/nonexistent/p.json\"}");
    t_assert_error(err, "invalid_request", "policy file '/nonexistent/p.json' is over");
    assert_non_null(strstr(t_err_str(err, "message"), "--allow-inline-policies"));
    cJSON_Delete(err);
    pw_ceiling_free(&c);
}

static void an_accepted_policy_file_is_run_as_checked(void **state)
{
    (void)state;
    pw_ceiling c;
    pw_buf why = {0};
    assert_true(pw_ceiling_init(&c, "", true, NULL, &why));
    char path[128], req[256];
    snprintf(path, sizeof path, "%s/tight.json", work);
    t_write_file(path, "{\"extends\": \"default\", \"timeout_ms\": 500}");
    snprintf(req, sizeof req, "{\"policy\": \"%s\", \"work_dir\": \"%s\"}", path, work);
    cJSON *request = cJSON_Parse(req);
    assert_null(pw_ceiling_check(&c, request));
    /* the request now carries the file's object: rewriting the file cannot change the run */
    const cJSON *p = cJSON_GetObjectItem(request, "policy");
    assert_true(cJSON_IsObject(p));
    char *text = cJSON_PrintUnformatted(p);
    assert_non_null(strstr(text, "\"timeout_ms\":500"));
    free(text);
    cJSON_Delete(request);
    t_write_file(path, "{\"extends\": \"default\", \"timeout_ms\": 500000}");
    cJSON *err = check(&c, req);
    t_assert_error(err, "invalid_request", "timeout_ms: 500000 is over the parent's 30000");
    cJSON_Delete(err);
    err = check(&c, "{\"policy\": {\"timeout_ms\": 5}}");
    t_assert_error(err, "invalid_request", "must extend an allowed policy");
    assert_string_equal(t_err_str(err, "field"), "policy.extends");
    cJSON_Delete(err);
    err = check(&c, "{\"policy\": {\"extends\": \"trusted\"}}");
    t_assert_error(err, "invalid_request", "--allow-policies trusted");
    assert_string_equal(t_err_str(err, "field"), "policy.extends");
    cJSON_Delete(err);
    /* a server whose own policy is inline allows no name: said so, not "(allowed: )" */
    pw_ceiling inline_own;
    assert_true(pw_ceiling_init(&inline_own, "", true, "{\"extends\": \"data\"}", &why));
    err = check(&inline_own, "{\"policy\": {\"extends\": \"data\", \"cpu_s\": 5}}");
    t_assert_error(err, "invalid_request",
                   "(allowed: no policy by name: the server's own is inline)");
    pw_ceiling_free(&inline_own);
    cJSON_Delete(err);
    pw_ceiling_free(&c);
}

static int setup(void **state)
{
    (void)state;
    char *real = realpath(t_mkdtemp(), NULL); /* roots are compared canonical */
    snprintf(work, sizeof work, "%s", real);
    free(real);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    t_rmtree(work);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_policy_field_has_a_rule),
        cmocka_unit_test(each_field_loosened_is_refused_tightened_passes),
        cmocka_unit_test(every_rule_has_a_loosening_test),
        cmocka_unit_test(roots_are_compared_by_component),
        cmocka_unit_test(init_refuses_paths_and_unknown_names),
        cmocka_unit_test(over_the_ceiling_is_refused_before_opening_anything),
        cmocka_unit_test(an_accepted_policy_file_is_run_as_checked),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
