/* The child: reads top to bottom as the layer table of DESIGN.md §4. Each step lives in
 * the file named after it; this file only orders them and reports failures. */
#include "child.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "interp.h"
#include "layers.h"
#include "result.h"

/* This run's nonce, copied out of the supervisor's pipes; never a Python object. */
static char report_nonce[PW_NONCE_HEX + 1];

void pw_child_send_report(int fd, const cJSON *header, const char *result, size_t len)
{
    char *line = cJSON_PrintUnformatted(header);
    if (line) {
        pw_write_all(fd, report_nonce, strlen(report_nonce));
        pw_write_all(fd, "\n", 1);
        pw_write_all(fd, line, strlen(line));
        pw_write_all(fd, "\n", 1);
        if (result) pw_write_all(fd, result, len);
    }
    free(line);
}

static _Noreturn void child_fail(const char *type, const char *msg, int fd)
{
    cJSON *header = cJSON_CreateObject();
    cJSON_AddItemToObject(header, "error", pw_error_new(type, "%s", msg));
    pw_child_send_report(fd, header, NULL, 0);
    cJSON_Delete(header);
    _exit(0);
}

static void reset_signals(void)
{
    /* A host may have blocked or ignored signals; the run starts from the defaults. */
    for (int sig = 1; sig < NSIG; sig++)
        if (sig != SIGKILL && sig != SIGSTOP) signal(sig, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
}

typedef pw_layer_status (*layer_fn)(const pw_policy *, pw_buf *);

/* Applies one layer the policy asks for; a required layer that is not there stops the
 * run (fail closed). Records active layers in the header. */
static void apply_layer(pw_layer id, layer_fn fn, const pw_req *req, cJSON *layers)
{
    pw_need need = req->policy.layers[id];
    if (need == PW_NEED_OFF) return;
    pw_buf why = {0};
    pw_layer_status st = fn(&req->policy, &why);
    if (st == PW_APPLIED) {
        cJSON_AddItemToArray(layers, cJSON_CreateString(pw_layer_name(id)));
    } else if (st == PW_FAILED || need == PW_NEED_REQUIRED) {
        pw_buf msg = {0};
        pw_buf_appendf(&msg, "layer '%s' is required by policy '%s' but could not be applied: %s",
                       pw_layer_name(id), req->policy.name ? req->policy.name : "?",
                       why.data ? why.data : "unknown reason");
        child_fail("internal", msg.data ? msg.data : "layer failed", PW_FD_RESULT);
    }
    pw_buf_free(&why);
}

/* Only seccomp has something worth building ahead (~70 us of libseccomp per filter);
 * Landlock rulesets depend on the run's paths and cost ~15 us to build in the child. */
void pw_layers_prepare(const pw_policy *p)
{
    (void)p;
    pw_seccomp_prepare();
}

#ifdef PW_TEST_SWITCHES
/* Test builds only: PYWARDEN_TEST_DISABLE_LAYERS=audit,seccomp,... turns the listed layers
 * off for this run, so a test can prove one layer alone. Read before the env layer clears
 * the environment. Release builds compile none of this. */
static void apply_test_switches(pw_policy *p)
{
    const char *list = getenv("PYWARDEN_TEST_DISABLE_LAYERS");
    char name[32];
    while (list && *list) {
        size_t n = strcspn(list, ",");
        if (n < sizeof name) {
            memcpy(name, list, n);
            name[n] = '\0';
            pw_layer id = pw_layer_from_name(name);
            if (id != PW_LAYER_COUNT) p->layers[id] = PW_NEED_OFF;
        }
        list += n + (list[n] == ',');
    }
}
#endif

static pw_layer_status fds_and_env(const pw_policy *p, pw_buf *why)
{
    return pw_env_apply(p, why);
}

_Noreturn void pw_child_main(const pw_req *given, const pw_child_pipes *pipes, bool cold)
{
    memcpy(report_nonce, pipes->nonce, sizeof report_nonce);
    /* The run's own copy: test switches may turn layers off; the audit hook keeps a pointer
     * to its policy, and this frame never returns. */
    pw_req run = *given;
    const pw_req *req = &run;
#ifdef PW_TEST_SWITCHES
    apply_test_switches(&run.policy);
#endif
    setpgid(0, 0);
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != pipes->supervisor) _exit(127);
    reset_signals();

    pw_buf why = {0};
    if (pw_fds_apply(pipes->out_w, pipes->err_w, pipes->res_w, &why) != PW_APPLIED) _exit(126);
    if (chdir(req->work_dir) != 0) child_fail("internal", "chdir(work_dir) failed", PW_FD_RESULT);

    cJSON *header = cJSON_CreateObject();
    cJSON *layers = cJSON_AddArrayToObject(header, "layers");
    apply_layer(PW_LAYER_FDS, fds_and_env, req, layers);
    apply_layer(PW_LAYER_RLIMIT, pw_rlimit_apply, req, layers);
    /* Namespaces before noproc: the thread bound (RLIMIT_NPROC) counts per user namespace,
     * and before seccomp, which denies unshare. */
    apply_layer(PW_LAYER_NAMESPACES, pw_ns_apply, req, layers);
    apply_layer(PW_LAYER_NOPROC, pw_noproc_apply, req, layers);
    apply_layer(PW_LAYER_LANDLOCK, pw_landlock_apply, req, layers);
    apply_layer(PW_LAYER_SECCOMP, pw_seccomp_apply, req, layers);

    if (cold && !pw_interp_init(&why))
        child_fail("internal", why.data ? why.data : "interpreter failed", PW_FD_RESULT);
    if (req->policy.layers[PW_LAYER_AUDIT] != PW_NEED_OFF)
        cJSON_AddItemToArray(layers, cJSON_CreateString(pw_layer_name(PW_LAYER_AUDIT)));

    pw_buf result = {0};
    pw_interp_run(req, header, &result);
    pw_child_send_report(PW_FD_RESULT, header, result.data, result.len);
    /* No finalizers, atexit handlers or __del__ after the result is out. */
    _exit(0);
}
