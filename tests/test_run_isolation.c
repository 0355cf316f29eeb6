/* Runs must not reach each other. Two concurrent runs try an abstract unix socket, a signal,
 * a file in /tmp and one in /dev/shm (tests/fixtures/two_runs.py), cold (two `pywarden run`)
 * and warm (two runs of one template in `pywarden serve --workers 2`), with the audit hook
 * off and each isolating layer alone. The expected table is README's "Which layers isolate
 * runs from each other": where warm differs from cold it is written down there. And a link
 * one run leaves where it could write grants a later run nothing. */
#include "helpers.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "layers.h"
#include "util.h"

#ifndef PW_TEST_SWITCHES
#error                                                                                             \
    "test_run_isolation needs -DPYWARDEN_TEST_SWITCHES=ON (tests/CMakeLists.txt skips it otherwise)"
#endif

enum { SOCKET, SIGNAL, TMP, SHM, SIGQUEUE, NCHANNELS };
static const char *const channel_names[] = {"abstract socket", "signal", "/tmp", "/dev/shm",
                                            "queued signals"};

typedef struct {
    const char *name;
    const char *disable; /* PYWARDEN_TEST_DISABLE_LAYERS */
    bool reached_cold[NCHANNELS];
    bool reached_warm[NCHANNELS];
} layer_case;

#define Y true
#define N false
/* Queued signals: the limit (64) is the run's own wherever the run has a user namespace of
 * its own (the namespaces or the mounts layer gives it one); without one, it is its uid's. */
static layer_case cases[] = {
    /* no isolating layer: the probe itself can tell a reached channel */
    {"none", "audit,namespaces,mounts,landlock,seccomp", {Y, Y, Y, Y, Y}, {Y, Y, Y, Y, Y}},
    /* cold runs each get a network namespace; warm runs share their template's */
    {"only namespaces", "audit,mounts,landlock,seccomp", {N, Y, Y, Y, N}, {Y, Y, Y, Y, N}},
    /* each run has its own /tmp and no /dev/shm; sockets and signals are not its job */
    {"only mounts", "audit,namespaces,landlock,seccomp", {Y, Y, N, N, N}, {Y, Y, N, N, N}},
    /* ABI >= 6 scopes abstract sockets and signals to the run's own domain */
    {"only landlock", "audit,namespaces,mounts,seccomp", {N, N, N, N, Y}, {N, N, N, N, Y}},
    /* socket() is denied, and signals to anyone but the run itself; files are not its job */
    {"only seccomp", "audit,namespaces,mounts,landlock", {N, N, Y, Y, Y}, {N, N, Y, Y, Y}},
    {"every kernel layer", "audit", {N, N, N, N, N}, {N, N, N, N, N}},
};

static struct {
    char work[64];
    char abstract[64], name[64];
    char switches[128];
    pid_t holder; /* hold_signals_until_a_ready's */
} fx;

/* default, with the shared work directory writable: the runs meet there. */
#define POLICY "{\"extends\":\"default\",\"write_paths\":[\".\"]}"

/* One run's request; with_policy: naming POLICY (cold), else serve's --policy is it. */
static char *request(const char *role, bool with_policy)
{
    char path[512], inputs[256], extra[256];
    snprintf(path, sizeof path, "%s/fixtures/two_runs.py", PW_TEST_DIR);
    char *code = t_read_text(path);
    snprintf(inputs, sizeof inputs, "{\"role\":\"%s\",\"abstract\":\"%s\",\"name\":\"%s\"}", role,
             fx.abstract, fx.name);
    snprintf(extra, sizeof extra, "{%s%s\"work_dir\":\"%s\",\"timeout_ms\":20000}",
             with_policy ? "\"policy\":" POLICY : "", with_policy ? "," : "", fx.work);
    char *text = t_request_text(code, inputs, extra);
    free(code);
    return text;
}

typedef struct {
    const char *argv[8];
    char *stdin_text;
    char *out;
} cli_call;

static void *cli_thread(void *arg)
{
    cli_call *c = arg;
    char *envp[] = {fx.switches, NULL};
    t_run_cli(c->argv, c->stdin_text, envp, &c->out, NULL);
    return NULL;
}

/* The result member of one answer line (ok asserted); the line is parsed into *owner. */
static const cJSON *report(const char *line, cJSON **owner, const char *how)
{
    *owner = line ? cJSON_Parse(line) : NULL;
    if (!*owner) fail_msg("%s: no answer", how);
    if (!cJSON_IsTrue(cJSON_GetObjectItem(*owner, "ok"))) fail_msg("%s: %s", how, line);
    return cJSON_GetObjectItem(*owner, "result");
}

static bool is_true(const cJSON *obj, const char *key)
{
    return cJSON_IsTrue(cJSON_GetObjectItem(obj, key));
}

static bool holds(const cJSON *obj, const char *key, const char *s)
{
    const char *v = cJSON_GetStringValue(cJSON_GetObjectItem(obj, key));
    return v && strcmp(v, s) == 0;
}

static void check(const layer_case *c, bool warm, const char *a_line, const char *b_line)
{
    char how[128];
    snprintf(how, sizeof how, "%s, %s", c->name, warm ? "warm" : "cold");
    cJSON *ra, *rb;
    const cJSON *a = report(a_line, &ra, how), *b = report(b_line, &rb, how);
    if (!is_true(b, "a ready")) fail_msg("%s: the two runs did not overlap: %s", how, b_line);
    bool reached[NCHANNELS] = {
        [SOCKET] = is_true(b, "connect"),   [SIGNAL] = is_true(a, "signalled"),
        [TMP] = holds(b, "/tmp", "from a"), [SHM] = holds(b, "/dev/shm", "from a"),
        [SIGQUEUE] = !is_true(b, "queue"),
    };
    const bool *want = warm ? c->reached_warm : c->reached_cold;
    for (int ch = 0; ch < NCHANNELS; ch++)
        if (reached[ch] != want[ch])
            fail_msg("%s: %s %s, expected %s\n  a: %s\n  b: %s", how, channel_names[ch],
                     reached[ch] ? "reached the other run" : "did not reach the other run",
                     want[ch] ? "reached" : "isolated", a_line, b_line);
    cJSON_Delete(ra);
    cJSON_Delete(rb);
}

static void clean_up(void)
{
    char path[256];
    const char *left[] = {"a.pid", "a.pid.tmp", "b.done"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", fx.work, left[i]);
        unlink(path);
    }
    snprintf(path, sizeof path, "/tmp/%s", fx.name);
    unlink(path);
    snprintf(path, sizeof path, "/dev/shm/%s", fx.name);
    unlink(path);
}

static void prepare(const layer_case *c, int n)
{
    snprintf(fx.abstract, sizeof fx.abstract, "pywarden-peers-%d-%d", (int)getpid(), n);
    snprintf(fx.name, sizeof fx.name, "pywarden-peers-%d-%d", (int)getpid(), n);
    snprintf(fx.switches, sizeof fx.switches, "PYWARDEN_TEST_DISABLE_LAYERS=%s", c->disable);
    clean_up();
}

/* Two `pywarden run` at once. */
static void cold_pair(const layer_case *c)
{
    cli_call calls[2] = {{.argv = {PW_BIN, "run", NULL}, .stdin_text = request("a", true)},
                         {.argv = {PW_BIN, "run", NULL}, .stdin_text = request("b", true)}};
    pthread_t th[2];
    for (int i = 0; i < 2; i++)
        pthread_create(&th[i], NULL, cli_thread, &calls[i]);
    for (int i = 0; i < 2; i++)
        pthread_join(th[i], NULL);
    check(c, false, calls[0].out, calls[1].out);
    for (int i = 0; i < 2; i++) {
        free(calls[i].stdin_text);
        free(calls[i].out);
    }
}

/* Two runs of one template at once: serve with two workers, answers in any order. */
static void warm_pair(const layer_case *c)
{
    char *a = request("a", false), *b = request("b", false);
    pw_buf lines = {0};
    pw_buf_appendf(&lines, "{\"id\":\"a\",%s\n{\"id\":\"b\",%s\n", a + 1, b + 1);
    cli_call call = {.argv = {PW_BIN, "serve", "--workers", "2", "--policy", POLICY, NULL},
                     .stdin_text = lines.data};
    cli_thread(&call);
    char *line[2] = {NULL, NULL};
    for (char *l = strtok(call.out, "\n"); l; l = strtok(NULL, "\n"))
        line[strncmp(l, "{\"id\":\"a\"", 9) == 0 ? 0 : 1] = l;
    check(c, true, line[0], line[1]);
    free(call.out);
    pw_buf_free(&lines);
    free(a);
    free(b);
}

/* Another process of the test's uid holds 100 queued signals while run a queues its own,
 * and ends once a is ready, as another test's run may under a parallel ctest: where runs
 * share the uid's count, a then held none and b found room a never left it ("queued
 * signals did not reach the other run"). Returns its pid. */
static pid_t hold_signals_until_a_ready(void)
{
    pid_t pid = fork();
    if (pid != 0) return pid;
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    pid_t holder = fork(); /* reaped here at once: only then are its signals freed */
    if (holder != 0) _exit(waitpid(holder, NULL, 0) == holder ? 0 : 1);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    sigset_t rt;
    sigemptyset(&rt);
    sigaddset(&rt, SIGRTMIN);
    sigprocmask(SIG_BLOCK, &rt, NULL);
    for (int i = 0; i < 100; i++)
        kill(getpid(), SIGRTMIN);
    char ready[128];
    snprintf(ready, sizeof ready, "%s/a.pid", fx.work);
    for (int i = 0; i < 20000 && access(ready, F_OK) != 0; i++)
        usleep(1000);
    _exit(0);
}

static void holder_stop(void)
{
    if (fx.holder > 0) kill(fx.holder, SIGKILL), waitpid(fx.holder, NULL, 0);
    fx.holder = 0;
}

static void pair_while_signals_are_held(const layer_case *c, void (*pair)(const layer_case *))
{
    fx.holder = hold_signals_until_a_ready();
    pair(c);
    holder_stop();
}

static void runs_do_not_reach_each_other(void **state)
{
    const layer_case *c = *state;
    int n = (int)(c - cases);
    prepare(c, 2 * n);
    pair_while_signals_are_held(c, cold_pair);
    clean_up(); /* prepare's cleans up the next name, not this one */
    prepare(c, 2 * n + 1);
    pair_while_signals_are_held(c, warm_pair);
    clean_up();
}

/* A failed pair leaves its files in /tmp and /dev/shm, under names no later test cleans. */
static int pair_cleaned_up(void **state)
{
    (void)state;
    holder_stop();
    clean_up();
    return 0;
}

/* ---- links a run leaves where it could write (symlink_plant shows one can) ----
 * A later request must be granted nothing through them, with every layer on: pywarden
 * follows no link in work_dir or in a policy's relative paths, when it checks the request
 * (invalid_request) nor when it binds them (a link put there after the check, which warm
 * mode's policy cache would not see again). */
#define WRITES_OUT "{\"extends\":\"default\",\"write_paths\":[\"out\"]}"
#define WRITE_PWNED                                                                                \
    "import pathlib\nfor p in ('out/pwned', 'pwned'):\n    try:\n        open(p, "                 \
    "'w').write('x')\n"                                                                            \
    "    except OSError:\n        pass\nresult = sorted(p.name for p in "                          \
    "pathlib.Path('.').iterdir())"

static struct {
    char work[256], target[256], path[512];
} lk;

static void links_fresh(void)
{
    snprintf(lk.work, sizeof lk.work, "%s", t_mkdtemp());
    snprintf(lk.target, sizeof lk.target, "%s", t_mkdtemp()); /* outside every grant */
}

static void links_done(void)
{
    snprintf(lk.path, sizeof lk.path, "%s/pwned", lk.target);
    if (access(lk.path, F_OK) == 0) fail_msg("a run wrote %s through a link", lk.path);
    t_rmtree(lk.work);
    t_rmtree(lk.target);
}

static char *extra_for(const char *dir, const char *policy)
{
    pw_buf b = {0};
    pw_buf_appendf(&b, "{\"work_dir\":\"%s/%s\",\"policy\":%s}", lk.work, dir, policy);
    return b.data;
}

static void link_at(const char *rel)
{
    snprintf(lk.path, sizeof lk.path, "%s/%s", lk.work, rel);
    if (symlink(lk.target, lk.path) != 0) fail_msg("symlink %s: %s", lk.path, strerror(errno));
}

static void mkdir_at(const char *rel)
{
    snprintf(lk.path, sizeof lk.path, "%s/%s", lk.work, rel);
    if (mkdir(lk.path, 0755) != 0) fail_msg("mkdir %s: %s", lk.path, strerror(errno));
}

/* A request through the link at dir, under policy: refused with fragment, on field. */
static void refused_through_link(bool warm, const char *dir, const char *policy,
                                 const char *fragment, const char *field)
{
    char *extra = extra_for(dir, policy);
    cJSON *r = t_run_code_in(warm, WRITE_PWNED, "{}", extra);
    t_assert_error(r, "invalid_request", fragment);
    assert_string_equal(t_err_str(r, "field"), field);
    cJSON_Delete(r);
    free(extra);
}

static void relative_path_through_planted_link(void **state)
{
    links_fresh();
    mkdir_at("stage");
    link_at("stage/out");
    refused_through_link(*(bool *)*state, "stage", WRITES_OUT,
                         "'out' passes through a symbolic link", "policy.write_paths");
    links_done();
}

static void work_dir_through_planted_link(void **state)
{
    links_fresh();
    link_at("lnk");
    refused_through_link(*(bool *)*state, "lnk",
                         "{\"extends\":\"default\",\"write_paths\":[\".\"]}",
                         "passes through a symbolic link", "work_dir");
    links_done();
}

/* The pool keeps a policy file's relative paths resolved while the file is unchanged: a link
 * put in place of a directory inside one after it was checked is found when the run's view is
 * bound (mounts), or when Landlock opens the path (mounts off). */
#define WRITE_DEEP                                                                                 \
    "try:\n    open('a/b/pwned', 'w').write('x')\n    result = 'written'\n"                        \
    "except OSError as e:\n    result = type(e).__name__"

static void link_planted_after_the_check(const char *disable, const char *fragment)
{
    links_fresh();
    char pdir[64], policy[512];
    snprintf(pdir, sizeof pdir, "%s", t_mkdtemp());
    t_write_in(pdir, "deep.json", "{\"extends\":\"default\",\"write_paths\":[\"a/b\"]}");
    snprintf(policy, sizeof policy, "\"%s/deep.json\"", pdir);
    sleep(3); /* the policy cache re-reads a file changed in the last two seconds */
    mkdir_at("stage");
    mkdir_at("stage/a");
    mkdir_at("stage/a/b");
    pw_pool *pool = t_pool_with_switches(disable, 1);
    char *extra = extra_for("stage", policy);
    cJSON *r = t_pool_run_code(pool, WRITE_DEEP, "{}", extra);
    t_assert_ok(r);
    assert_string_equal(t_result_text(r), "\"written\"");
    cJSON_Delete(r);
    /* What a run that may write stage/ can do between two requests: a/ becomes a link. */
    char from[600];
    snprintf(from, sizeof from, "%s/stage/a", lk.work);
    snprintf(lk.path, sizeof lk.path, "%s/stage/a.real", lk.work);
    if (rename(from, lk.path) != 0) fail_msg("rename: %s", strerror(errno));
    snprintf(lk.path, sizeof lk.path, "%s/b", lk.target);
    if (mkdir(lk.path, 0755) != 0) fail_msg("mkdir: %s", strerror(errno));
    link_at("stage/a");
    r = t_pool_run_code(pool, WRITE_DEEP, "{}", extra);
    if (*fragment)
        t_assert_error(r, "internal", fragment);
    else
        assert_string_equal(t_result_text(r), "\"PermissionError\"");
    cJSON_Delete(r);
    free(extra);
    pw_pool_destroy(pool);
    snprintf(lk.path, sizeof lk.path, "%s/b/pwned", lk.target);
    if (access(lk.path, F_OK) == 0) fail_msg("a run wrote %s through a link", lk.path);
    t_rmtree(pdir);
    links_done();
}

/* A link swapped in and out of a work directory's place while requests name it (a run that
 * may write its parent can do this in a loop): no request may be granted the link's target.
 * The check once looked the path up without links, then resolved it again. */
static volatile bool swapping;

static void *swap_loop(void *arg)
{
    (void)arg;
    char dir[600], link[600];
    snprintf(dir, sizeof dir, "%s/jobs/w", lk.work);
    snprintf(link, sizeof link, "%s/jobs/l", lk.work);
    while (swapping)
        syscall(SYS_renameat2, AT_FDCWD, dir, AT_FDCWD, link, 2 /* RENAME_EXCHANGE */);
    return NULL;
}

static void work_dir_swapped_with_a_link(void **state)
{
    (void)state;
    links_fresh();
    mkdir_at("jobs");
    mkdir_at("jobs/w");
    link_at("jobs/l");
    t_write_in(lk.target, "flag", "TOPSECRET");
    char *extra = extra_for("jobs/w", "{\"extends\":\"default\",\"read_paths\":[\".\"]}");
    pthread_t th;
    swapping = true;
    pthread_create(&th, NULL, swap_loop, NULL);
    int leaked = 0, ran = 0;
    for (int i = 0; i < 150; i++) {
        cJSON *r = t_run_code("import pathlib\np = pathlib.Path('flag')\nresult = p.read_text() if "
                              "p.exists() else ''",
                              "{}", extra);
        ran += cJSON_IsTrue(cJSON_GetObjectItem(r, "ok"));
        leaked += strstr(t_result_text(r), "TOPSECRET") != NULL;
        cJSON_Delete(r);
    }
    swapping = false;
    pthread_join(th, NULL);
    free(extra);
    snprintf(lk.path, sizeof lk.path, "%s/flag", lk.target);
    unlink(lk.path);
    if (leaked) fail_msg("%d of 150 runs (%d ran) read the link's target", leaked, ran);
    links_done();
}

static void link_planted_after_the_check_mounts(void **state)
{
    (void)state;
    link_planted_after_the_check("", "bind, through a symbolic link");
}

static void link_planted_after_the_check_landlock(void **state)
{
    (void)state;
    link_planted_after_the_check("audit,mounts", "");
}

/* ---- a key quota another process of the run's uid holds ----
 * Each run joins a session keyring of its own; where the uid's key quota is used up (a run
 * with seccomp off can fill it) the join fails. The run went on in the keyring it had, the
 * host's, and could read its keys: it must end with an error, cold and warm. */
#define PW_KEY_SPEC_SESSION 1 /* KEYCTL_JOIN_SESSION_KEYRING */

static bool become(uid_t uid)
{
    return setgroups(0, NULL) == 0 && setgid(uid) == 0 && setuid(uid) == 0;
}

/* A process of uid holding the bytes of its key quota (keys of shrinking sizes, each until
 * EDQUOT: the count of keys does not stop a keyring's join, the bytes do) until killed. */
static pid_t hold_key_quota(uid_t uid)
{
    int ready[2];
    assert_int_equal(pipe2(ready, O_CLOEXEC), 0);
    pid_t pid = fork();
    if (pid == 0) {
        if (!become(uid) || syscall(SYS_keyctl, PW_KEY_SPEC_SESSION, NULL) < 0) _exit(1);
        static char payload[4000];
        char name[32];
        int n = 0;
        for (size_t size = sizeof payload; size >= 1; size /= 10)
            for (; n < 100000; n++) {
                snprintf(name, sizeof name, "k%d", n);
                if (syscall(SYS_add_key, "user", name, payload, size, -3 /* @s */) < 0) break;
            }
        if (errno != EDQUOT || write(ready[1], "x", 1) != 1) _exit(1);
        pause();
        _exit(0);
    }
    close(ready[1]);
    char c;
    bool ok = read(ready[0], &c, 1) == 1;
    close(ready[0]);
    if (!ok) fail_msg("could not fill uid %d's key quota", (int)uid);
    return pid;
}

/* What pywarden argv prints run as uid, with stdin_text on its stdin, under the test switch
 * disable (PYWARDEN_TEST_DISABLE_LAYERS). */
static char *cli_as(uid_t uid, const char *disable, const char *const argv[],
                    const char *stdin_text)
{
    int p[2];
    assert_int_equal(pipe2(p, O_CLOEXEC), 0);
    pid_t pid = fork();
    if (pid == 0) {
        char switches[128], *out = NULL, *envp[] = {switches, NULL};
        snprintf(switches, sizeof switches, "PYWARDEN_TEST_DISABLE_LAYERS=%s", disable);
        if (!become(uid)) _exit(1);
        t_run_cli(argv, stdin_text, envp, &out, NULL);
        _exit(out && pw_write_all(p[1], out, strlen(out)) ? 0 : 1);
    }
    close(p[1]);
    pw_buf out = {0};
    char chunk[4096];
    for (ssize_t n; (n = read(p[0], chunk, sizeof chunk)) > 0;)
        pw_buf_append(&out, chunk, (size_t)n);
    pw_buf_putc(&out, '\0');
    close(p[0]);
    waitpid(pid, NULL, 0);
    return out.data;
}

static void key_quota_held_by_another_process(void **state)
{
    (void)state;
    if (getuid() != 0) skip(); /* it switches to a uid of its own */
    if (syscall(SYS_keyctl, PW_KEY_SPEC_SESSION, "pw-test-keys") < 0) skip(); /* no keys here */
    uid_t uid = 61000 + (uid_t)(getpid() % 4000);
    char *dir = t_mkdtemp();
    chmod(dir, 0755);
    pid_t holder = hold_key_quota(uid);
    char request[512], line[600];
    snprintf(request, sizeof request, "{\"code\":\"result = 1\",\"work_dir\":\"%s\"}", dir);
    snprintf(line, sizeof line, "{\"id\":1,%s\n", request + 1);
    char *cold = cli_as(uid, "audit,seccomp", (const char *[]){PW_BIN, "run", NULL}, request);
    char *warm = cli_as(uid, "audit,seccomp",
                        (const char *[]){PW_BIN, "serve", "--workers", "1", NULL}, line);
    /* with seccomp in force keyctl is refused to the run: a full quota must not fail it */
    char *sealed = cli_as(uid, "audit", (const char *[]){PW_BIN, "run", NULL}, request);
    kill(holder, SIGKILL);
    waitpid(holder, NULL, 0);
    t_rmtree(dir);
    const char *outs[] = {cold, warm};
    for (int i = 0; i < 2; i++) {
        cJSON *r = outs[i] ? cJSON_Parse(outs[i]) : NULL;
        if (!r) fail_msg("%s: no answer: %s", i ? "warm" : "cold", outs[i] ? outs[i] : "");
        t_assert_error(r, "internal", "could not join a session keyring of its own");
        cJSON_Delete(r);
    }
    cJSON *r = sealed ? cJSON_Parse(sealed) : NULL;
    t_assert_ok(r);
    cJSON_Delete(r);
    free(cold);
    free(warm);
    free(sealed);
}

int main(void)
{
    snprintf(fx.work, sizeof fx.work, "%s", t_mkdtemp());
    if (pw_landlock_abi() < 6) /* no scopes: Landlock alone does not separate these */
        for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
            if (strcmp(cases[i].name, "only landlock") == 0) {
                cases[i].reached_cold[SOCKET] = cases[i].reached_warm[SOCKET] = true;
                cases[i].reached_cold[SIGNAL] = cases[i].reached_warm[SIGNAL] = true;
            }
    size_t n = sizeof cases / sizeof *cases;
    struct CMUnitTest tests[sizeof cases / sizeof *cases];
    char names[sizeof cases / sizeof *cases][96];
    for (size_t i = 0; i < n; i++) {
        snprintf(names[i], sizeof names[i], "runs_do_not_reach_each_other [%s]", cases[i].name);
        tests[i] = (struct CMUnitTest){names[i], runs_do_not_reach_each_other, NULL,
                                       pair_cleaned_up, &cases[i]};
    }
    int rc = _cmocka_run_group_tests("run isolation", tests, n, NULL, NULL);
    t_rmtree(fx.work);
    static bool cold = false, warm = true;
    const struct CMUnitTest link_tests[] = {
        {"relative_path_through_planted_link [cold]", relative_path_through_planted_link, NULL,
         NULL, &cold},
        {"relative_path_through_planted_link [warm]", relative_path_through_planted_link, NULL,
         NULL, &warm},
        {"work_dir_through_planted_link [cold]", work_dir_through_planted_link, NULL, NULL, &cold},
        {"work_dir_through_planted_link [warm]", work_dir_through_planted_link, NULL, NULL, &warm},
        cmocka_unit_test(work_dir_swapped_with_a_link),
        cmocka_unit_test(link_planted_after_the_check_mounts),
        cmocka_unit_test(link_planted_after_the_check_landlock),
        cmocka_unit_test(key_quota_held_by_another_process),
    };
    rc |= cmocka_run_group_tests_name("links left by runs", link_tests, NULL, NULL);
    t_pool_stop();
    return rc;
}
