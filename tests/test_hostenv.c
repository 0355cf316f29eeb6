/* What a run inherits from its host, cold and warm: a secret in the host's environment
 * reaches no route (C environ, posix.environ, os.environ, /proc/self/environ) and no part
 * of any answer, under every shipped policy, through pw_run, the pool, `pywarden run` and
 * `pywarden serve`; code that escaped the interpreter finds neither the host's environment
 * nor an earlier request in its memory (also after serve restarted its launcher); no run
 * has the host's controlling terminal; and one probe of everything a run can observe
 * answers the same cold and warm but for a short list of intended differences. */
#include "helpers.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pywarden.h"
#include "util.h"

#ifndef PW_TEST_SWITCHES
#error "test_hostenv needs -DPYWARDEN_TEST_SWITCHES=ON (tests/CMakeLists.txt skips it otherwise)"
#endif

#define SECRET_NAME "PW_HOSTENV_SECRET"

static const char *const policies[] = {"default", "strict", "data", "trusted"};
#define NPOLICIES (sizeof policies / sizeof *policies)
/* Every layer on; and the audit hook and Landlock off, which opens every route. */
static const char *const layer_sets[] = {"", "audit,landlock,mounts"};

/* The two halves of the secret: only a copy of the host's value holds them side by side. */
static char head[64], tail[] = "do-not-leak", secret[128];

static char *fixture(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/fixtures/%s", PW_TEST_DIR, name);
    return t_read_text(path);
}

static void assert_no_secret(const char *answer, const char *how)
{
    if (strstr(answer, secret)) fail_msg("%s: the host's secret leaked: %s", how, answer);
}

/* {"policy": P} */
static char *policy_extra(const char *policy)
{
    char *extra = malloc(64);
    snprintf(extra, 64, "{\"policy\":\"%s\"}", policy);
    return extra;
}

/* ---- every route, every answer field ---- */

static const char *route(const cJSON *seen, const char *name)
{
    const cJSON *v = cJSON_GetObjectItem(seen, name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* A returned report: each route refused, or holding exactly the policy's environment. */
static void check_routes(const cJSON *r, bool all_open, const char *how)
{
    t_assert_ok(r);
    const cJSON *seen = cJSON_GetObjectItem(r, "result");
    const struct {
        const char *route, *expected;
    } want[] = {
        {"posix.environ", "{\"LANG\":\"C.UTF-8\"}"},
        {"os.environ", "{\"LANG\":\"C.UTF-8\"}"},
        {"C environ", "[\"LANG=C.UTF-8\"]"},
        {"/proc/self/environ", "[\"\"]"}, /* the block the kernel wrote, zeroed */
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        const char *refused = route(seen, want[i].route);
        if (refused && !all_open && strncmp(refused, "refused: ", 9) == 0) continue;
        char *got = cJSON_PrintUnformatted(cJSON_GetObjectItem(seen, want[i].route));
        if (!got || strcmp(got, want[i].expected) != 0)
            fail_msg("%s: %s is %s, expected %s", how, want[i].route, got ? got : "missing",
                     want[i].expected);
        free(got);
    }
}

/* One answer of env_routes.py: no secret anywhere; the report where it belongs. */
static void check_answer(const char *answer_text, bool raised, bool all_open, const char *how)
{
    assert_no_secret(answer_text, how);
    cJSON *r = cJSON_Parse(answer_text);
    assert_non_null(r);
    if (raised) {
        t_assert_error(r, "exception", "RuntimeError");
        assert_non_null(strstr(t_err_str(r, "traceback"), "posix.environ"));
    } else {
        check_routes(r, all_open, how);
        assert_non_null(strstr(cJSON_GetStringValue(cJSON_GetObjectItem(r, "stdout")), "LANG"));
        assert_non_null(strstr(cJSON_GetStringValue(cJSON_GetObjectItem(r, "stderr")), "LANG"));
    }
    cJSON_Delete(r);
}

static const char *inputs_raise[] = {"{\"raise\":false}", "{\"raise\":true}"};

static void secret_reaches_no_route_in_process(void **state)
{
    (void)state;
    setenv(SECRET_NAME, secret, 1); /* the host's heap: what a C host's setenv does */
    char *code = fixture("env_routes.py");
    for (size_t l = 0; l < 2; l++) {
        pw_pool *pool = t_pool_with_switches(layer_sets[l], 1);
        for (size_t p = 0; p < NPOLICIES; p++)
            for (int raised = 0; raised < 2; raised++) {
                char *extra = policy_extra(policies[p]), how[128];
                setenv("PYWARDEN_TEST_DISABLE_LAYERS", layer_sets[l], 1);
                cJSON *cold = t_run_code(code, inputs_raise[raised], extra);
                unsetenv("PYWARDEN_TEST_DISABLE_LAYERS");
                cJSON *warm = t_pool_run_code(pool, code, inputs_raise[raised], extra);
                cJSON *both[2] = {cold, warm};
                for (int m = 0; m < 2; m++) {
                    snprintf(how, sizeof how, "%s, %s, layers off: '%s'%s", m ? "pool" : "pw_run",
                             policies[p], layer_sets[l], raised ? ", raised" : "");
                    char *text = cJSON_PrintUnformatted(both[m]);
                    check_answer(text, raised, l == 1, how);
                    free(text);
                    cJSON_Delete(both[m]);
                }
                free(extra);
            }
        pw_pool_destroy(pool);
    }
    unsetenv(SECRET_NAME);
    free(code);
    assert_int_equal(t_count_children(), 0);
}

/* The host's environment as exec passed it (on the process's stack, where
 * /proc/self/environ reads it), plus the test switches. */
static char **host_env(const char *disable)
{
    static char secret_kv[160], switches[96];
    static char *envp[3];
    snprintf(secret_kv, sizeof secret_kv, "%s=%s", SECRET_NAME, secret);
    snprintf(switches, sizeof switches, "PYWARDEN_TEST_DISABLE_LAYERS=%s", disable);
    envp[0] = secret_kv;
    envp[1] = switches;
    envp[2] = NULL;
    return envp;
}

/* Runs lines through `pywarden serve` (workers 1, in order, every shipped policy allowed)
 * with envp; returns its stdout. */
static char *serve_lines(const char *lines, char **envp)
{
    const char *argv[] = {
        PW_BIN, "serve", "--workers", "1", "--allow-policies", "strict,data,trusted", NULL};
    char *out = NULL, *err = NULL;
    int rc = t_run_cli(argv, lines, envp, &out, &err);
    if (rc != 0) fail_msg("serve exited %d: %s", rc, err);
    free(err);
    return out;
}

/* `pywarden run` of one request with envp; returns its stdout. */
static char *run_cli(const char *request, char **envp)
{
    const char *argv[] = {PW_BIN, "run", NULL};
    char *out = NULL;
    t_run_cli(argv, request, envp, &out, NULL);
    return out;
}

/* The n-th line of text (0-based), in place; NULL when there is none. */
static char *nth_line(char *text, int n)
{
    char *line = text;
    for (int i = 0; i < n && line; i++) {
        line = strchr(line, '\n');
        if (line) line++;
    }
    if (!line || !*line) return NULL;
    char *nl = strchr(line, '\n');
    if (nl) *nl = '\0';
    return line;
}

static void secret_reaches_no_route_through_the_binary(void **state)
{
    (void)state;
    char *code = fixture("env_routes.py");
    for (size_t l = 0; l < 2; l++) {
        pw_buf lines = {0};
        char *requests[NPOLICIES][2];
        for (size_t p = 0; p < NPOLICIES; p++)
            for (int raised = 0; raised < 2; raised++) {
                char *extra = policy_extra(policies[p]);
                requests[p][raised] = t_request_text(code, inputs_raise[raised], extra);
                pw_buf_appendf(&lines, "%s\n", requests[p][raised]);
                free(extra);
            }
        char *served = serve_lines(lines.data, host_env(layer_sets[l]));
        for (size_t p = 0; p < NPOLICIES; p++)
            for (int raised = 0; raised < 2; raised++) {
                char how[128];
                const char *layers = layer_sets[l], *raise = raised ? ", raised" : "";
                snprintf(how, sizeof how, "pywarden run, %s, layers off: '%s'%s", policies[p],
                         layers, raise);
                char *cold = run_cli(requests[p][raised], host_env(layers));
                check_answer(cold, raised, l == 1, how);
                free(cold);
                snprintf(how, sizeof how, "pywarden serve, %s, layers off: '%s'%s", policies[p],
                         layers, raise);
                char *copy = pw_strdup(served);
                char *line = nth_line(copy, (int)(2 * p) + raised);
                if (!line) fail_msg("%s: no answer in %s", how, served);
                check_answer(line, raised, l == 1, how);
                free(copy);
                free(requests[p][raised]);
            }
        free(served);
        pw_buf_free(&lines);
    }
    free(code);
}

/* ---- memory: the host's environment and earlier requests ---- */

static char *scan_request(const char *policy, const char *scan_head, const char *scan_tail)
{
    char *code = fixture("memory_scan.py");
    char inputs[256], *extra = policy_extra(policy);
    snprintf(inputs, sizeof inputs, "{\"head\":\"%s\",\"tail\":\"%s\"}", scan_head, scan_tail);
    char *req = t_request_text(code, inputs, extra);
    free(extra);
    free(code);
    return req;
}

/* A memory_scan.py answer that read megabytes and found nothing. */
static void assert_scan_clean(const char *answer, const char *how)
{
    cJSON *r = cJSON_Parse(answer);
    if (!r) fail_msg("%s: no answer: %s", how, answer);
    t_assert_ok(r);
    const cJSON *result = cJSON_GetObjectItem(r, "result");
    if (cJSON_GetNumberValue(cJSON_GetObjectItem(result, "scanned_mb")) < 4)
        fail_msg("%s: the scan read too little: %s", how, answer);
    if (cJSON_GetArraySize(cJSON_GetObjectItem(result, "found")) != 0)
        fail_msg("%s: the secret is in the run's memory: %s", how, answer);
    cJSON_Delete(r);
}

/* The hook is off (and Landlock, so /proc/self/mem is readable): the scan stands for any
 * code that escaped the interpreter. */
static void no_run_finds_the_host_environment_in_its_memory(void **state)
{
    (void)state;
#ifdef PW_SANITIZED
    print_message("SKIPPED under ASan: its runtime keeps a copy of /proc/self/environ\n");
    skip();
#endif
    const char *scanned[] = {"trusted", "default"};
    for (size_t p = 0; p < 2; p++) {
        char *req = scan_request(scanned[p], head, tail), how[64];
        char *cold = run_cli(req, host_env("audit,landlock,mounts"));
        snprintf(how, sizeof how, "pywarden run, %s", scanned[p]);
        assert_scan_clean(cold, how);
        pw_buf line = {0};
        pw_buf_appendf(&line, "%s\n", req);
        char *warm = serve_lines(line.data, host_env("audit,landlock,mounts"));
        snprintf(how, sizeof how, "pywarden serve, %s", scanned[p]);
        assert_scan_clean(warm, how);
        free(warm);
        free(cold);
        pw_buf_free(&line);
        free(req);
    }
}

/* Run 1's request, longer than run 2's so run 2's own cannot overwrite it, carries a
 * marker; run 2 (the same slot's next spare, forked after run 1 was handed over) scans. */
static void no_run_finds_an_earlier_request_in_its_memory(void **state)
{
    (void)state;
    char marker_head[64], marker[128], pad[30000];
    snprintf(marker_head, sizeof marker_head, "EARLIER-%d-", (int)getpid());
    snprintf(marker, sizeof marker, "%s%s", marker_head, tail);
    memset(pad, 'x', sizeof pad - 1);
    pad[sizeof pad - 1] = '\0';
    pw_buf inputs = {0}, lines = {0};
    pw_buf_appendf(&inputs, "{\"pad\":\"%s\",\"marker\":\"%s\"}", pad, marker);
    char *first =
        t_request_text("result = len(inputs['marker'])", inputs.data, "{\"policy\":\"trusted\"}");
    char *second = scan_request("trusted", marker_head, tail);
    pw_buf_appendf(&lines, "%s\n%s\n", first, second);
    char *out = serve_lines(lines.data, host_env("audit"));
    char *answer = nth_line(out, 1);
    assert_non_null(answer);
    assert_scan_clean(answer, "serve, the run after a request with a marker");
    free(out);
    free(first);
    free(second);
    pw_buf_free(&inputs);
    pw_buf_free(&lines);
}

static void without_the_audit_hook(void)
{
    setenv("PYWARDEN_TEST_DISABLE_LAYERS", "audit", 1);
}

/* The same after serve restarted its launcher (here killed): the new launcher, and the
 * template and run it forks, were copies of serve as it was then, its buffer of the earlier
 * request line included. The scan's policy has no template yet, so needs the new launcher. */
static void no_run_after_a_launcher_restart_finds_an_earlier_request(void **state)
{
    (void)state;
    char marker_head[64], marker[128];
    snprintf(marker_head, sizeof marker_head, "BEFORE-RESTART-%d-", (int)getpid());
    snprintf(marker, sizeof marker, "%s%s", marker_head, tail);
    pw_buf inputs = {0};
    pw_buf_appendf(&inputs, "{\"marker\":\"%s\"}", marker);
    char *first = t_request_text("result = len(inputs['marker'])", inputs.data, NULL);
    char *second = scan_request("trusted", marker_head, tail);
    server s;
    start_server_with(&s, (const char *[]){"--workers", "1", "--allow-policies", "trusted", NULL},
                      without_the_audit_hook);
    send_line(&s, first);
    cJSON *a = read_answer(&s);
    t_assert_ok(a);
    cJSON_Delete(a);
    pid_t launcher;
    assert_int_equal(t_children_of(s.pid, &launcher, 1), 1);
    kill(launcher, SIGKILL);
    send_line(&s, second);
    a = read_answer(&s);
    char *answer = cJSON_PrintUnformatted(a);
    assert_scan_clean(answer, "serve, a run after a launcher restart");
    free(answer);
    cJSON_Delete(a);
    assert_int_equal(stop_server(&s), 0);
    free(first);
    free(second);
    pw_buf_free(&inputs);
}

/* ---- the differential probe ---- */

/* Intended differences between a cold and a warm run (README, "What warm runs share"). */
static const char *const intended[] = {
    "pid",       /* another process */
    "ppid",      /* cold: the supervisor; warm: the template */
    "gc frozen", /* the template moved its objects to gc's permanent generation */
};

static bool is_intended(const char *item)
{
    for (size_t i = 0; i < sizeof intended / sizeof *intended; i++)
        if (strcmp(intended[i], item) == 0) return true;
    return false;
}

/* What the template pre-imports where the policy allows (zygote.c), and data's preload:
 * the probe imports the same first, so sys.modules compares equal. */
static const char preimports[] =
    "{\"preimports\":[\"json\",\"math\",\"random\",\"re\",\"datetime\",\"collections\","
    "\"functools\",\"itertools\",\"string\",\"decimal\",\"csv\",\"base64\",\"textwrap\","
    "\"copy\",\"typing\",\"pathlib\",\"numpy\",\"pandas\"]}";

/* RLIMIT_AS is intended to differ: a warm run's adds the address space its template's
 * imports take (rlimit.c), never less than a cold run's. Taken out of both after checking. */
static void compare_address_space(cJSON *c, cJSON *w, const char *how)
{
    cJSON *cold_as = cJSON_DetachItemFromObject(cJSON_GetObjectItem(c, "rlimits"), "RLIMIT_AS");
    cJSON *warm_as = cJSON_DetachItemFromObject(cJSON_GetObjectItem(w, "rlimits"), "RLIMIT_AS");
    double cold_soft = cJSON_GetNumberValue(cJSON_GetArrayItem(cold_as, 0));
    double warm_soft = cJSON_GetNumberValue(cJSON_GetArrayItem(warm_as, 0));
    if ((cold_as == NULL) != (warm_as == NULL) ||
        (cold_as && !(cold_soft == -1 ? warm_soft == -1 : warm_soft >= cold_soft)))
        fail_msg("%s: RLIMIT_AS is smaller warm than cold", how);
    cJSON_Delete(cold_as);
    cJSON_Delete(warm_as);
}

static void compare_observations(cJSON *cold, cJSON *warm, const char *how)
{
    t_assert_ok(cold);
    t_assert_ok(warm);
    cJSON *c = cJSON_GetObjectItem(cold, "result"), *w = cJSON_GetObjectItem(warm, "result");
    compare_address_space(c, w, how);
    assert_int_equal(cJSON_GetArraySize(c), cJSON_GetArraySize(w));
    int items = 0;
    for (const cJSON *item = c->child; item; item = item->next, items++) {
        if (is_intended(item->string)) continue;
        const cJSON *other = cJSON_GetObjectItem(w, item->string);
        if (!other || !cJSON_Compare(item, other, true)) {
            char *a = cJSON_PrintUnformatted(item), *b = cJSON_PrintUnformatted(other);
            fail_msg("%s: '%s' differs\n  cold: %s\n  warm: %s", how, item->string, a,
                     b ? b : "missing");
        }
    }
    assert_true(items > 30);
}

static void cold_and_warm_runs_observe_the_same(void **state)
{
    (void)state;
    char *code = fixture("observe.py");
    for (size_t l = 0; l < 2; l++) {
        pw_pool *pool = t_pool_with_switches(layer_sets[l], 1);
        for (size_t p = 0; p < NPOLICIES; p++) {
            char *extra = policy_extra(policies[p]), how[96];
            setenv("PYWARDEN_TEST_DISABLE_LAYERS", layer_sets[l], 1);
            cJSON *cold = t_run_code(code, preimports, extra);
            unsetenv("PYWARDEN_TEST_DISABLE_LAYERS");
            cJSON *warm = t_pool_run_code(pool, code, preimports, extra);
            snprintf(how, sizeof how, "%s, layers off: '%s'", policies[p], layer_sets[l]);
            compare_observations(cold, warm, how);
            cJSON_Delete(cold);
            cJSON_Delete(warm);
            free(extra);
        }
        pw_pool_destroy(pool);
    }
    free(code);
}

/* A host run from a terminal: the run is in the host's session, and /dev/tty was the host
 * user's terminal, where TIOCSTI pushes input into the shell (legacy_tiocsti, the default
 * before Linux 6.2) and writes reach the screen. Only seccomp (TIOCSTI), Landlock and the view
 * (/dev/tty) each stopped it: with the namespaces layer alone the run injected input. Checked
 * in a session of this test's own, whose terminal is a new pty. */
static const char tty_probe[] = "import os\n"
                                "try:\n"
                                "    os.close(os.open('/dev/tty', os.O_RDWR))\n"
                                "    result = 'opened'\n"
                                "except OSError as e:\n"
                                "    result = e.strerror\n";

static void the_host_terminal_reaches_no_run(void **state)
{
    (void)state;
    int pipefd[2];
    assert_int_equal(pipe(pipefd), 0);
    pid_t pid = fork();
    if (pid == 0) {
        close(pipefd[0]);
        int master = posix_openpt(O_RDWR | O_NOCTTY);
        bool ok = setsid() > 0 && master >= 0 && grantpt(master) == 0 && unlockpt(master) == 0;
        int slave = ok ? open(ptsname(master), O_RDWR) : -1; /* our controlling terminal now */
        char answers[256] = "no terminal";
        if (slave >= 0 && ioctl(slave, TIOCSCTTY, 0) >= 0) {
            const char *namespaces_only = "audit,rlimit,noproc,mounts,landlock,seccomp";
            pw_pool *pool = t_pool_with_switches(namespaces_only, 1);
            setenv("PYWARDEN_TEST_DISABLE_LAYERS", namespaces_only, 1);
            cJSON *cold = t_run_code(tty_probe, NULL, NULL);
            cJSON *warm = t_pool_run_code(pool, tty_probe, NULL, NULL);
            snprintf(answers, sizeof answers, "%s|%s",
                     cJSON_GetStringValue(cJSON_GetObjectItem(cold, "result")),
                     cJSON_GetStringValue(cJSON_GetObjectItem(warm, "result")));
            pw_pool_destroy(pool);
        }
        ssize_t w = write(pipefd[1], answers, strlen(answers));
        _exit(w > 0 ? 0 : 1);
    }
    close(pipefd[1]);
    char got[256] = "";
    ssize_t n = read(pipefd[0], got, sizeof got - 1);
    close(pipefd[0]);
    waitpid(pid, NULL, 0);
    got[n > 0 ? n : 0] = '\0';
    assert_string_equal(got, "No such device or address|No such device or address");
}

int main(void)
{
    snprintf(head, sizeof head, "hunter2-%d-", (int)getpid());
    snprintf(secret, sizeof secret, "%s%s", head, tail);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(secret_reaches_no_route_in_process),
        cmocka_unit_test(secret_reaches_no_route_through_the_binary),
        cmocka_unit_test(no_run_finds_the_host_environment_in_its_memory),
        cmocka_unit_test(no_run_finds_an_earlier_request_in_its_memory),
        cmocka_unit_test(no_run_after_a_launcher_restart_finds_an_earlier_request),
        cmocka_unit_test(cold_and_warm_runs_observe_the_same),
        cmocka_unit_test(the_host_terminal_reaches_no_run),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
