/* The child: reads top to bottom as the layer table of DESIGN.md §4. Each step lives in
 * the file named after it; this file only orders them and reports failures. */
#include "child.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "interp.h"
#include "layers.h"
#include "result.h"

/* This run's nonce, copied out of the supervisor's pipes; never a Python object. */
static char report_nonce[PW_NONCE_HEX + 1];
/* The result pipe as it was before user code ran: code that points fd 3 elsewhere (posix.dup2
 * is reachable) would read the nonce from the next record, so none is written there; and
 * code that closed it would hide every refusal after that, so the run ends instead. */
static struct {
    dev_t dev;
    ino_t ino;
    bool known;
} channel;

static bool channel_intact(int fd)
{
    struct stat st;
    return !channel.known ||
           (fstat(fd, &st) == 0 && st.st_dev == channel.dev && st.st_ino == channel.ino);
}
/* The policy this process runs under: the caller's with the test switches applied. */
static pw_policy run_policy;

void pw_child_send_report(int fd, cJSON *header, const char *result, size_t len)
{
    if (!channel_intact(fd)) _exit(PW_EXIT_CHANNEL_LOST);
    /* When it ended: a supervisor that looks only after the deadline (it was stopped or not
     * scheduled) keeps a run that ended before it. CLOCK_MONOTONIC, as the supervisor's. */
    cJSON_DeleteItemFromObject(header, "ended_ms");
    cJSON_AddNumberToObject(header, "ended_ms", pw_now_ms());
    char *line = cJSON_PrintUnformatted(header);
    /* One write: each wakes the supervisor, which is on the run's critical path. */
    struct iovec iov[] = {{.iov_base = report_nonce, .iov_len = strlen(report_nonce)},
                          {.iov_base = "\n", .iov_len = 1},
                          {.iov_base = line, .iov_len = line ? strlen(line) : 0},
                          {.iov_base = "\n", .iov_len = 1},
                          {.iov_base = (void *)result, .iov_len = result ? len : 0}};
    if (line) pw_writev_all(fd, iov, (int)(sizeof iov / sizeof *iov));
    free(line);
}

void pw_child_send_progress(const cJSON *record)
{
    if (!report_nonce[0]) return;
    if (!channel_intact(PW_FD_RESULT)) _exit(PW_EXIT_CHANNEL_LOST);
    char *json = cJSON_PrintUnformatted(record);
    pw_buf line = {0};
    if (json && pw_buf_appendf(&line, "%s:%s\n", report_nonce, json))
        pw_write_all(PW_FD_RESULT, line.data, line.len);
    pw_buf_free(&line);
    free(json);
}

typedef pw_layer_status (*layer_fn)(const pw_policy *, pw_buf *);

static void add_error(cJSON *header, const char *type, const char *msg)
{
    cJSON_AddItemToObject(header, "error", pw_error_new(type, "%s", msg));
}

/* Why a layer the policy asks for is not in force, in words a user can act on. */
static void add_layer_error(cJSON *header, pw_layer id, pw_layer_status st, const pw_buf *why)
{
    const char *name = pw_layer_name(id), *policy = run_policy.name ? run_policy.name : "?";
    const char *reason = why->data ? why->data : "unknown reason";
    pw_buf msg = {0};
    if (st == PW_UNAVAILABLE)
        pw_buf_appendf(&msg,
                       "layer '%s' is required by policy '%s' but is not available here: %s. "
                       "Run on a host that has it (`pywarden doctor` says what is missing), "
                       "or use a policy that sets layers.%s to \"best_effort\"",
                       name, policy, reason, name);
    else
        pw_buf_appendf(&msg, "layer '%s' (%s in policy '%s') failed: %s", name,
                       run_policy.layers[id] == PW_NEED_REQUIRED ? "required" : "best_effort",
                       policy, reason);
    add_error(header, "internal", msg.data ? msg.data : "layer failed");
    pw_buf_free(&msg);
}

/* The entry naming layer id in a report's "layers", or NULL. */
static cJSON *listed(const cJSON *layers, pw_layer id)
{
    cJSON *name;
    cJSON_ArrayForEach(name, layers)
    {
        if (cJSON_IsString(name) && strcmp(name->valuestring, pw_layer_name(id)) == 0) return name;
    }
    return NULL;
}

/* Applies one layer the policy asks for and records it in the header; false when a
 * required layer is not there (fail closed) or one failed, with the error added. */
static bool apply_layer(pw_layer id, layer_fn fn, cJSON *header)
{
    pw_need need = run_policy.layers[id];
    if (need == PW_NEED_OFF) return true;
    pw_buf why = {0};
    pw_layer_status st = fn(&run_policy, &why);
    bool ok = st == PW_APPLIED || (st == PW_UNAVAILABLE && need != PW_NEED_REQUIRED);
    cJSON *layers = cJSON_GetObjectItem(header, "layers");
    if (st == PW_APPLIED && !listed(layers, id)) /* rlimit's second step: listed once */
        cJSON_AddItemToArray(layers, cJSON_CreateString(pw_layer_name(id)));
    else if (!ok)
        add_layer_error(header, id, st, &why);
    pw_buf_free(&why);
    return ok;
}

#ifdef PW_TEST_SWITCHES
/* Test builds only: PYWARDEN_TEST_DISABLE_LAYERS=audit,seccomp,... turns the listed layers
 * off for this run, so a test can prove one layer alone; PYWARDEN_TEST_LANDLOCK_ABI=N makes
 * it use at most Landlock ABI N (0: none). Read before the env layer clears the
 * environment (warm: the host's values when the pool started, kept by the launcher).
 * Release builds compile none of this. */
void pw_child_test_switches(pw_policy *p)
{
    pw_landlock_test_switch();
    const char *list = pw_setting("PYWARDEN_TEST_DISABLE_LAYERS");
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

/* The layer column of DESIGN.md §4, top to bottom. Namespaces come before mounts (whose
 * mount namespace belongs to that user namespace), noproc (the thread bound, RLIMIT_NPROC,
 * counts per user namespace) and rlimit's queue limits (counted the same way). Landlock's ruleset
 * and the seccomp programs that still allow mount are prepared ahead; the Landlock restriction and
 * the program denying mount come after the run's paths are bound into the view (in warm mode, at
 * hand-off). */
typedef struct {
    pw_layer id;
    layer_fn apply;
} column_step;

static const column_step process_steps[] = {
    {PW_LAYER_FDS, pw_env_apply}, /* the fds part is pw_fds_apply, in start() */
    {PW_LAYER_RLIMIT, pw_rlimit_apply},
};
static const column_step view_steps[] = {
    {PW_LAYER_NAMESPACES, pw_ns_apply},
    {PW_LAYER_MOUNTS, pw_mounts_apply},
};
static const column_step thread_steps[] = {{PW_LAYER_RLIMIT, pw_rlimit_apply_queues},
                                           {PW_LAYER_NOPROC, pw_noproc_apply}};
static const column_step per_run[] = {
    {PW_LAYER_LANDLOCK, pw_landlock_apply},
    {PW_LAYER_SECCOMP, pw_seccomp_apply},
};
#define COLUMN(steps) steps, sizeof steps / sizeof *steps

static bool apply_column(const column_step *steps, size_t n, cJSON *header)
{
    for (size_t i = 0; i < n; i++)
        if (!apply_layer(steps[i].id, steps[i].apply, header)) return false;
    return true;
}

/* What every run's process does first: its own process group, death with its parent (which
 * must be supervisor), fds onto 0..3, a keyring of its own. Returns the empty header. */
static cJSON *start(const pw_policy *policy, pid_t supervisor, int out_w, int err_w, int res_w)
{
    run_policy = *policy;
#ifdef PW_TEST_SWITCHES
    pw_child_test_switches(&run_policy);
#endif
    setpgid(0, 0);
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != supervisor) _exit(127);
    pw_buf why = {0};
    if (pw_fds_apply(out_w, err_w, res_w, -1, &why) != PW_APPLIED) {
        /* No result channel yet: the reason goes to the run's stderr, which the result holds */
        dprintf(err_w >= 0 ? err_w : 2, "pywarden: %s\n", why.data ? why.data : "fds layer");
        _exit(PW_EXIT_SETUP_FAILED);
    }
    /* not the host's, nor a warm launcher's. Where seccomp is required it refuses keyctl to
     * the run (or the run fails): the old keyring is then out of reach, and a quota another
     * process of the uid fills must not fail every run. */
    int keyring_errno = pw_keyring_forget() ? 0 : errno;
    if (run_policy.layers[PW_LAYER_SECCOMP] == PW_NEED_REQUIRED) keyring_errno = 0;
    cJSON *header = cJSON_CreateObject();
    cJSON_AddArrayToObject(header, "layers");
    if (keyring_errno)
        cJSON_AddItemToObject(header, "error",
                              pw_error_new("internal",
                                           "fds: the run could not join a session keyring of its "
                                           "own (keyctl: %s: a process of its uid may hold the "
                                           "uid's key quota)",
                                           strerror(keyring_errno)));
    return header;
}

/* What the per-run layers can do before the request, seccomp's last: it denies what the
 * steps before it use. Failures here are retried and reported by pw_child_attach. */
static void prepare_per_run(void)
{
    if (run_policy.layers[PW_LAYER_LANDLOCK] != PW_NEED_OFF) pw_landlock_prepare_run(&run_policy);
    if (run_policy.layers[PW_LAYER_SECCOMP] != PW_NEED_OFF) pw_seccomp_prepare_run(&run_policy);
}

cJSON *pw_child_prepare(const pw_policy *policy, pid_t supervisor, int out_w, int err_w, int res_w)
{
    cJSON *header = start(policy, supervisor, out_w, err_w, res_w);
    if (apply_column(COLUMN(process_steps), header) && apply_column(COLUMN(view_steps), header) &&
        apply_column(COLUMN(thread_steps), header))
        prepare_per_run();
    return header;
}

/* ---- a cold run's view, built beside its interpreter ----
 * The namespaces and the view take a cold run ~2.4 ms, its interpreter's start ~7 ms, and
 * neither needs the other: a helper (a fork of the run before the interpreter exists) builds
 * them while the run starts the interpreter, then the run joins the helper's namespaces. The
 * helper reports the header its layers wrote, as one message on sock, and lives until the run
 * closes its end. */
/* The helper costs ~0.8 ms of CPU more than building them in line (its fork, the joining):
 * worth it only where it can run on another CPU. */
static bool beside_is_faster(void)
{
    cpu_set_t cpus;
    return sched_getaffinity(0, sizeof cpus, &cpus) != 0 || CPU_COUNT(&cpus) > 1;
}

static pid_t view_helper_start(int *sock)
{
    int sv[2];
    pid_t run = getpid();
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) return -1;
    pid_t pid = fork();
    if (pid == 0) {
        close(sv[0]);
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != run) _exit(1);
        cJSON *h = cJSON_CreateObject();
        cJSON_AddArrayToObject(h, "layers");
        apply_column(COLUMN(view_steps), h);
        char *text = cJSON_PrintUnformatted(h), c;
        cJSON_Delete(h);
        if (text && send(sv[1], text, strlen(text), 0) >= 0)
            while (read(sv[1], &c, 1) < 0 && errno == EINTR)
                ;
        free(text);
        _exit(0);
    }
    close(sv[1]);
    if (pid < 0) close(sv[0]);
    *sock = sv[0];
    return pid;
}

typedef enum { HELPER_JOINED, HELPER_REFUSED, HELPER_KILLED } helper_end;

/* Takes the helper's report into header, joins its namespaces and lets it go: it exits on
 * EOF, and is reaped (pw_child_main) once its exit (~0.3 ms) is likely over. REFUSED when the
 * join was refused (a host's seccomp profile may allow unshare but not setns): nothing changed
 * then, and the caller builds them itself. KILLED (reaped): a host's filter that kills a call
 * of the view (doctor names it), which in line would have killed this process. */
static helper_end view_helper_join(pid_t pid, int sock, cJSON *header)
{
    static char report[16384];
    ssize_t n = recv(sock, report, sizeof report - 1, 0);
    cJSON *h = NULL;
    if (n > 0) {
        report[n] = '\0';
        h = cJSON_Parse(report);
    }
    cJSON *layers = cJSON_GetObjectItem(h, "layers"),
          *error = cJSON_DetachItemFromObject(h, "error");
    bool joined = true;
    if (error) {
        cJSON_AddItemToObject(header, "error", error);
    } else if (!cJSON_IsArray(layers)) {
        int status = 0;
        if (waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS) {
            cJSON_Delete(h);
            close(sock);
            return HELPER_KILLED;
        }
        add_error(header, "internal", "the process building the run's namespaces died");
    } else {
        pw_buf why = {0};
        joined = pw_ns_join(pid, listed(layers, PW_LAYER_NAMESPACES) != NULL, &why);
        cJSON *view = joined ? listed(layers, PW_LAYER_MOUNTS) : NULL;
        if (view && !pw_mounts_adopt(&why)) { /* then not in force here: not reported as such */
            add_layer_error(header, PW_LAYER_MOUNTS, PW_FAILED, &why);
            cJSON_Delete(cJSON_DetachItemViaPointer(layers, view));
        }
        pw_buf_free(&why);
    }
    const cJSON *name, *applied = joined ? layers : NULL;
    cJSON_ArrayForEach(name, applied)
    {
        cJSON_AddItemToArray(cJSON_GetObjectItem(header, "layers"), cJSON_Duplicate(name, false));
    }
    cJSON_Delete(h);
    close(sock);
    return joined ? HELPER_JOINED : HELPER_REFUSED;
}

/* The helper was killed by a host's filter: the best-effort layer it was building goes, the
 * view first and then the namespaces (doctor probes them apart: the view's mount calls may
 * kill where unshare does not), so another helper can try what is left. false when nothing is
 * left to try, or a required layer is what it killed (then said in header). */
static bool drop_killed_layer(cJSON *header)
{
    pw_layer layer =
        run_policy.layers[PW_LAYER_MOUNTS] != PW_NEED_OFF ? PW_LAYER_MOUNTS : PW_LAYER_NAMESPACES;
    if (run_policy.layers[layer] == PW_NEED_REQUIRED) {
        add_error(header, "internal",
                  "the process building the run's namespaces was " PW_KILLED_BY_FILTER);
        return false;
    }
    run_policy.layers[layer] = PW_NEED_OFF;
    return layer == PW_LAYER_MOUNTS && run_policy.layers[PW_LAYER_NAMESPACES] != PW_NEED_OFF;
}

/* RLIMIT_NOFILE, where the rlimit layer is in force, once the run's pipes are on 0..3 and
 * every layer is on: it bounds the run, not pywarden's own set-up (the view's mounts,
 * Landlock's rules each open a path), which a small max_open_files used to fail. */
static bool limit_fds(cJSON *header)
{
    if (!listed(cJSON_GetObjectItem(header, "layers"), PW_LAYER_RLIMIT)) return true;
    pw_buf why = {0};
    pw_layer_status st = pw_rlimit_apply_nofile(&run_policy, &why);
    if (st != PW_APPLIED) add_layer_error(header, PW_LAYER_RLIMIT, st, &why);
    pw_buf_free(&why);
    return st == PW_APPLIED;
}

/* Whether a run without the view needs a temporary directory made for it: Landlock or the
 * audit hook keeps it from the host's /tmp (under neither, as under trusted, it writes where
 * its uid may), and the policy's env names no TMPDIR of its own. */
bool pw_child_needs_host_tmp(const pw_policy *p)
{
    if (p->tmp_mb <= 0 ||
        (p->layers[PW_LAYER_LANDLOCK] == PW_NEED_OFF && p->layers[PW_LAYER_AUDIT] == PW_NEED_OFF))
        return false;
    for (size_t i = 0; i < p->env.n; i++)
        if (!strncmp(p->env.v[i], "TMPDIR=", 7)) return false;
    return true;
}

/* The run's temporary directory on the host (hosttmp.c), once made. */
static const char *host_tmp;

void pw_child_attach(cJSON *header, const pw_strv *read_paths, const pw_strv *write_paths,
                     const char *work_dir, const char *tmp_dir)
{
    /* Lives until _exit: the audit hook reads the run's paths from run_policy. */
    static pw_strv writable;
    if (cJSON_HasObjectItem(header, "error")) return;
    pw_strv_copy(&writable, write_paths);
    run_policy.read_paths = *read_paths;
    run_policy.write_paths = writable;
    if (pw_mounts_in_force()) {
        pw_buf why = {0};
        pw_layer_status st = pw_mounts_attach(&run_policy, work_dir, &why);
        if (st != PW_APPLIED) add_layer_error(header, PW_LAYER_MOUNTS, st, &why);
        pw_buf_free(&why);
        if (cJSON_HasObjectItem(header, "error")) return;
        if (pw_mounts_private_tmp()) pw_strv_push(&writable, pw_mounts_private_tmp());
        run_policy.write_paths = writable;
    } else if (tmp_dir && *tmp_dir && pw_child_needs_host_tmp(&run_policy) &&
               (host_tmp = pw_hosttmp_make(tmp_dir))) {
        pw_strv_push(&writable, host_tmp);
        run_policy.write_paths = writable;
    }
    if (chdir(work_dir) != 0) { /* the run's uid may not enter it (root hosts run as nobody) */
        cJSON *e =
            pw_error_new("invalid_request", "work_dir '%.200s' cannot be entered by the run: %s",
                         work_dir, strerror(errno));
        cJSON_AddStringToObject(e, "field", "work_dir");
        cJSON_AddItemToObject(header, "error", e);
        return;
    }
    if (!apply_column(per_run, sizeof per_run / sizeof *per_run, header)) return;
    pw_buf why = {0};
    if (!pw_caps_drop_all(&why)) add_error(header, "internal", why.data ? why.data : "capset");
    pw_buf_free(&why);
    if (!cJSON_HasObjectItem(header, "error")) limit_fds(header);
}

/* The run's own CPU time and peak memory, for a supervisor that answers before reaping. */
static void add_rusage(cJSON *header)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0) return;
    cJSON *r = cJSON_AddObjectToObject(header, "rusage");
    cJSON_AddNumberToObject(r, "cpu_ms",
                            (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
                                (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3);
    cJSON_AddNumberToObject(r, "max_rss_kb", (double)ru.ru_maxrss);
}

_Noreturn void pw_child_run(const pw_req *given, const char *nonce, cJSON *header, bool cold)
{
    snprintf(report_nonce, sizeof report_nonce, "%s", nonce);
    struct stat st;
    if (fstat(PW_FD_RESULT, &st) == 0) {
        channel.dev = st.st_dev;
        channel.ino = st.st_ino;
        channel.known = true;
    }
    /* This frame never returns: the audit hook may keep a pointer to run.policy. */
    pw_req run = *given;
    run.policy = run_policy;
    run.tmp_dir = host_tmp;
    pw_buf result = {0};
    if (!cJSON_HasObjectItem(header, "error")) {
        if (run.policy.layers[PW_LAYER_AUDIT] != PW_NEED_OFF)
            cJSON_AddItemToArray(cJSON_GetObjectItem(header, "layers"),
                                 cJSON_CreateString(pw_layer_name(PW_LAYER_AUDIT)));
        cJSON *layers = cJSON_CreateObject();
        cJSON_AddItemReferenceToObject(layers, "layers", cJSON_GetObjectItem(header, "layers"));
        pw_child_send_progress(layers);
        cJSON_Delete(layers);
        /* No core of the run at all: a host's piped core_pattern (systemd-coredump, apport)
         * ignores RLIMIT_CORE and would keep the run's memory as root's. Only now: a process
         * that is not dumpable may not write its own id maps. */
        if (run.policy.layers[PW_LAYER_RLIMIT] != PW_NEED_OFF) prctl(PR_SET_DUMPABLE, 0);
        pw_interp_run(&run, header, &result);
    }
    add_rusage(header);
    pw_child_send_report(PW_FD_RESULT, header, result.data, result.len);
    /* EOF on every pipe now, not after the kernel has torn this process down (~0.5 ms of
     * unmapping): a warm supervisor answers then and leaves the reaping to the template.
     * No finalizers, atexit handlers or __del__ after the result is out. */
    for (int fd = PW_FD_STDIN; fd <= PW_FD_RESULT; fd++)
        close(fd);
    /* Nobody waits for a warm run's teardown: at nice 19 it lets the supervisor answer first
     * (it was woken onto this CPU). A cold supervisor reaps before it answers. */
    if (!cold) setpriority(PRIO_PROCESS, 0, 19);
    _exit(0);
}

_Noreturn void pw_child_main(const pw_req *req, const pw_child_pipes *pipes)
{
    pw_host_forget(); /* a cold host may have changed anything */
    pw_oom_first();
    cJSON *header =
        start(&req->policy, pipes->supervisor, pipes->out_w, pipes->err_w, pipes->res_w);
    pw_buf init_why = {0};
    bool started = false;
    pid_t helper = -1;
    if (apply_column(COLUMN(process_steps), header)) {
        int sock = -1;
        bool view = run_policy.layers[PW_LAYER_NAMESPACES] != PW_NEED_OFF ||
                    run_policy.layers[PW_LAYER_MOUNTS] != PW_NEED_OFF;
        /* under a host's filter, always beside: one that kills would kill this process */
        if (view && (beside_is_faster() || prctl(PR_GET_SECCOMP, 0, 0, 0, 0) == 2))
            helper = view_helper_start(&sock);
        pw_interp_prefault();
        started = pw_interp_init(&init_why);
        helper_end end = helper > 0 ? view_helper_join(helper, sock, header) : HELPER_REFUSED;
        while (end == HELPER_KILLED) { /* reaped: another tries what is left */
            helper = -1;
            if (!drop_killed_layer(header)) break;
            helper = view_helper_start(&sock);
            end = helper > 0 ? view_helper_join(helper, sock, header) : HELPER_REFUSED;
        }
        /* In line: nothing to do, no helper to be had, or its namespaces refused to us. */
        if (end == HELPER_REFUSED) apply_column(COLUMN(view_steps), header);
        if (!cJSON_HasObjectItem(header, "error") && apply_column(COLUMN(thread_steps), header))
            prepare_per_run();
    }
    pw_child_attach(header, &req->policy.read_paths, &req->policy.write_paths, req->work_dir,
                    req->tmp_dir);
    /* Before user code: until reaped, the helper counts against the run's thread bound. */
    while (helper > 0 && waitpid(helper, NULL, 0) < 0 && errno == EINTR)
        ;
    /* A layer's error first: it says why nothing ran. */
    if (!started && !cJSON_HasObjectItem(header, "error"))
        add_error(header, "internal", init_why.data ? init_why.data : "interpreter failed");
    pw_child_run(req, pipes->nonce, header, true);
}
