/* Every context a host lives in (README "Deploying in containers"), driving the real binary:
 * as root, as a non-root user, inside `unshare -r` (only the caller's uid mapped), the same
 * as non-root, both nested in another `unshare -r`, where user namespaces are refused (ctx_exec
 * --no-userns: Docker's default seccomp profile) and where Landlock is missing (ctx_exec
 * --no-landlock: ENOSYS, and the PYWARDEN_TEST_LANDLOCK_ABI=0 switch); where no user namespace fits
 * (max_user_namespaces 0, nested as deep as the kernel allows); whole containers as Docker,
 * Kubernetes' restricted profile and rootless podman make them (ctx_exec --container: their
 * namespaces, masked /proc, capabilities and seccomp profiles). In each: every shipped policy
 * cold and warm, doctor, and where max_processes binds. Then the guarantees Landlock ABI 6 scopes
 * (signals, abstract unix sockets) with Landlock at ABI 5 and off, cold and warm, as root and not:
 * only seccomp holds them there. */
#include "helpers.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef PW_TEST_SWITCHES
#error "test_contexts needs -DPYWARDEN_TEST_SWITCHES=ON (tests/CMakeLists.txt skips it otherwise)"
#endif

#define OTHER_UID "4242" /* no passwd entry needed: setpriv takes a number */
#define AS_OTHER "setpriv", "--reuid=" OTHER_UID, "--regid=" OTHER_UID, "--clear-groups"

/* Containers as their engines make them by default (ctx_exec --container): the capabilities
 * Docker keeps, and podman's; moby's and podman's seccomp profiles (Kubernetes'
 * RuntimeDefault is moby's under containerd and CRI-O). */
#define DOCKER_CAPS                                                                                \
    "CHOWN,DAC_OVERRIDE,FSETID,FOWNER,MKNOD,NET_RAW,SETGID,SETUID,SETFCAP,SETPCAP,"                \
    "NET_BIND_SERVICE,SYS_CHROOT,KILL,AUDIT_WRITE"
#define PODMAN_CAPS                                                                                \
    "CHOWN,DAC_OVERRIDE,FOWNER,FSETID,KILL,NET_BIND_SERVICE,SETFCAP,SETGID,SETPCAP,SETUID,"        \
    "SYS_CHROOT"
#define DOCKER                                                                                     \
    PW_CTX_EXEC, "--container", "--profile", PW_TEST_DIR "/fixtures/seccomp/docker-default.json"
#define PODMAN                                                                                     \
    PW_CTX_EXEC, "--userns", "--container", "--profile",                                           \
        PW_TEST_DIR "/fixtures/seccomp/podman-default.json"

typedef struct {
    const char *name;
    const char *prefix[16]; /* argv put before pywarden's own */
    bool as_other;          /* runs as OTHER_UID (needs a root test to switch) */
    bool in_userns;         /* inside `unshare -r`: skipped where the kernel refuses it */
    bool userns;            /* runs can create their own user namespace here */
    bool landlock;          /* Landlock is there */
    const char *env;        /* NAME=VALUE for pywarden, or NULL */
    const char *no_view;    /* why there is no mounts view (doctor's words), NULL: there is one */
} context;

/* ROOT, NOUSERNS and the others below name entries by index: new ones go last. */
static const context contexts[] = {
    {"root", {NULL}, false, false, true, true, NULL, NULL},
    {"non-root user", {AS_OTHER, NULL}, true, false, true, true, NULL, NULL},
    {"unshare -r", {"unshare", "-r", NULL}, false, true, true, true, NULL, NULL},
    {"unshare -r as non-root",
     {AS_OTHER, "unshare", "-r", NULL},
     true,
     true,
     true,
     true,
     NULL,
     NULL},
    {"user namespaces refused (root)",
     {PW_CTX_EXEC, "--no-userns", "--", NULL},
     false,
     false,
     false,
     true,
     NULL,
     NULL},
    {"user namespaces refused (non-root)",
     {AS_OTHER, PW_CTX_EXEC, "--no-userns", "--", NULL},
     true,
     false,
     false,
     true,
     NULL,
     NULL},
    {"Landlock missing (ENOSYS)",
     {PW_CTX_EXEC, "--no-landlock", "--", NULL},
     false,
     false,
     true,
     false,
     NULL,
     NULL},
    {"Landlock missing (PYWARDEN_TEST_LANDLOCK_ABI=0)",
     {NULL},
     false,
     false,
     true,
     false,
     "PYWARDEN_TEST_LANDLOCK_ABI=0",
     NULL},
    {"unshare -U, no uid map (doctor says so)",
     {"unshare", "-U", NULL},
     false,
     true,
     false,
     true,
     NULL,
     "maps no uid (unshare -U without a map)"},
    {"/proc read-only (unshare -rm)",
     {"unshare", "-rm", "sh", "-c", "mount -o remount,bind,ro /proc && exec \"$@\"", "sh", NULL},
     false,
     true,
     true,
     true,
     NULL,
     "Read-only file system"},
    {"mount calls refused (Docker's profile plus unshare)",
     {PW_CTX_EXEC, "--no-mount", "--", NULL},
     false,
     false,
     true,
     true,
     NULL,
     "refused here"},
    {"no close_range (ENOSYS)",
     {PW_CTX_EXEC, "--no-close-range", "--", NULL},
     false,
     false,
     true,
     true,
     NULL,
     NULL},
    /* uid_map maps 0 to 0 in the inner one: only the kernel knows whose uid that is */
    {"unshare -r twice as non-root",
     {AS_OTHER, "unshare", "-r", "unshare", "-r", NULL},
     true,
     true,
     true,
     true,
     NULL,
     NULL},
    {"unshare -r twice",
     {"unshare", "-r", "unshare", "-r", NULL},
     false,
     true,
     true,
     true,
     NULL,
     NULL},
    /* a uid other than 0 that is the host's root (bwrap --uid N as root): doctor claimed
     * max_processes, which RLIMIT_NPROC never applied there */
    {"unshare --map-user=65534 as root",
     {"unshare", "--map-user=65534", "--map-group=65534", NULL},
     false,
     true,
     true,
     true,
     NULL,
     NULL},
    {"unshare -r inside unshare --map-user=65534 as root",
     {"unshare", "--map-user=65534", "--map-group=65534", "unshare", "-r", NULL},
     false,
     true,
     true,
     true,
     NULL,
     NULL},
    /* as Docker mounts it: every layer, but a run's nested user namespace is refused by
     * seccomp alone (doctor_notes_nesting) */
    {"/proc/sys read-only (unshare -rm)",
     {"unshare", "-rm", "sh", "-c",
      "mount --bind /proc/sys /proc/sys && mount -o remount,bind,ro /proc/sys && exec \"$@\"", "sh",
      NULL},
     false,
     true,
     true,
     true,
     NULL,
     NULL},
    {"Docker's default container (root)",
     {DOCKER, "--caps", DOCKER_CAPS, "--", NULL},
     false,
     false,
     false,
     true,
     NULL,
     NULL},
    {"Docker, no-new-privileges (root)",
     {DOCKER, "--caps", DOCKER_CAPS, "--nnp", "--", NULL},
     false,
     false,
     false,
     true,
     NULL,
     NULL},
    /* root without CAP_SETPCAP: the bounding set stays, no_new_privs stands in */
    {"Docker, --cap-drop ALL (root)",
     {DOCKER, "--caps", "none", "--", NULL},
     false,
     false,
     false,
     true,
     NULL,
     NULL},
    /* Docker's profile is chosen by the container's capabilities, whatever its user */
    {"Docker, --user " OTHER_UID,
     {DOCKER, "--caps", DOCKER_CAPS, "--user", OTHER_UID, "--", NULL},
     true,
     false,
     false,
     true,
     NULL,
     NULL},
    {"Kubernetes restricted pod (uid " OTHER_UID ")",
     {DOCKER, "--user", OTHER_UID, "--caps", "none", "--nnp", "--", NULL},
     true,
     false,
     false,
     true,
     NULL,
     NULL},
    {"rootless podman (uid " OTHER_UID ")",
     {AS_OTHER, PODMAN, "--caps", PODMAN_CAPS, "--", NULL},
     true,
     true,
     true,
     true,
     NULL,
     NULL},
    /* without the view a run's temporary directory is on the host: a TMPDIR that cannot hold
     * it is passed over for /tmp (it left runs none) */
    {"HOME unset, TMPDIR missing, user namespaces refused (non-root)",
     {AS_OTHER, "env", "-u", "HOME", "TMPDIR=/nonexistent-pywarden-tmp", PW_CTX_EXEC, "--no-userns",
      "--", NULL},
     true,
     false,
     false,
     true,
     NULL,
     NULL},
    {"TMPDIR on a full file system, user namespaces refused",
     {"unshare", "-rm", "sh", "-c",
      "mount -t tmpfs -o size=8k tmpfs /mnt && head -c 64k /dev/zero >/mnt/fill; "
      "TMPDIR=/mnt exec \"$@\"",
      "sh", PW_CTX_EXEC, "--no-userns", "--", NULL},
     false,
     true,
     false,
     true,
     NULL,
     NULL},
    /* every run failed "pipe2: Too many open files" though the hard limit had room */
    {"soft open-file limit 8 (ulimit -Sn 8)",
     {"sh", "-c", "ulimit -Sn 8 && exec \"$@\"", "sh", NULL},
     false,
     false,
     true,
     true,
     NULL,
     NULL},
    {"current directory removed",
     {"sh", "-c", "d=$(mktemp -d) && cd \"$d\" && rmdir \"$d\" && exec \"$@\"", "sh", NULL},
     false,
     false,
     true,
     true,
     NULL,
     NULL},
};
#define NCTX (sizeof contexts / sizeof *contexts)
#define FIRST_CONTAINER 17 /* contexts[FIRST_CONTAINER...END_CONTAINERS) are whole containers */
#define END_CONTAINERS 23

static char *work; /* readable by OTHER_UID */

/* ---- running pywarden in a context ---- */

typedef struct {
    pid_t pid;
    int in, out;
} proc;

/* Starts prefix + args with env_list (NULL-terminated NAME=VALUE) added to our environment. */
static proc spawn_in(const context *c, const char *const *args, const char *const *env_list)
{
    const char *argv[24];
    size_t n = 0;
    for (size_t i = 0; c->prefix[i]; i++)
        argv[n++] = c->prefix[i];
    for (size_t i = 0; args[i]; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    int in[2], out[2];
    assert_int_equal(pipe2(in, O_CLOEXEC), 0);
    assert_int_equal(pipe2(out, O_CLOEXEC), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        for (size_t i = 0; env_list && env_list[i]; i++)
            putenv((char *)env_list[i]);
        if (c->env) putenv((char *)c->env);
        execvp(argv[0], (char *const *)argv);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    return (proc){pid, in[1], out[0]};
}

/* Feeds input, closes stdin, reads stdout to EOF, reaps; returns stdout (free it). */
static char *finish(proc p, const char *input)
{
    assert_true(!input || write(p.in, input, strlen(input)) == (ssize_t)strlen(input));
    close(p.in);
    size_t len = 0, cap = 1 << 16;
    char *buf = malloc(cap);
    for (ssize_t r; (r = read(p.out, buf + len, cap - len - 1)) > 0;) {
        len += (size_t)r;
        if (cap - len < 4096) buf = realloc(buf, cap *= 2);
    }
    buf[len] = '\0';
    close(p.out);
    int status;
    assert_int_equal(waitpid(p.pid, &status, 0), p.pid);
    return buf;
}

static char *run_in(const context *c, const char *const *args, const char *input,
                    const char *const *env_list)
{
    return finish(spawn_in(c, args, env_list), input);
}

/* Skips (with the reason printed) where this machine cannot make the context. */
static void require_context(const context *c)
{
    if (c->as_other && getuid() != 0) {
        print_message("SKIPPED: switching to uid %s needs a root test process\n", OTHER_UID);
        skip();
    }
    if (!c->as_other && getuid() != 0 && strcmp(c->name, "root") == 0) {
        print_message("SKIPPED: the test process is not root\n");
        skip();
    }
    bool userns_needed = c->in_userns || c->userns;
    const char *probe = c->as_other ? "setpriv --reuid=" OTHER_UID " --regid=" OTHER_UID
                                      " --clear-groups unshare -U true 2>/dev/null"
                                    : "unshare -U true 2>/dev/null";
    if (userns_needed && system(probe) != 0) {
        print_message("SKIPPED: this kernel refuses user namespaces to this user\n");
        skip();
    }
    if (c->landlock && syscall(SYS_landlock_create_ruleset, NULL, 0, 1 /* VERSION */) <= 0) {
        print_message("SKIPPED: this kernel has no Landlock\n");
        skip();
    }
}

/* ---- every shipped policy, cold and warm ---- */

/* Loosens default, so serve takes it only as its own --policy (its ceiling refuses a
 * request that loosens): warm requests for it name no policy. */
#define INLINE_BEST_EFFORT "{\"extends\":\"default\",\"layers\":{\"landlock\":\"best_effort\"}}"

static const struct {
    const char *spec; /* the request's "policy" value */
    const char *name;
    bool uses_landlock, uses_namespaces;
} policies[] = {
    {"\"default\"", "default", true, true},
    {"\"strict\"", "strict", true, true},
    {"\"data\"", "data", true, true},
    {"\"trusted\"", "trusted", false, false},
    {INLINE_BEST_EFFORT, "<inline>", false, true},
};
#define NPOL (sizeof policies / sizeof *policies)

static bool has_layer(const cJSON *r, const char *name)
{
    const cJSON *l;
    cJSON_ArrayForEach(l, cJSON_GetObjectItem(cJSON_GetObjectItem(r, "stats"), "layers"))
    {
        if (strcmp(cJSON_GetStringValue(l), name) == 0) return true;
    }
    return false;
}

static void check_policy_result(const context *c, size_t i, const cJSON *r, const char *mode)
{
    bool refused = policies[i].uses_landlock && !c->landlock;
    if (refused) {
        char want[160];
        snprintf(want, sizeof want,
                 "layer 'landlock' is required by policy '%s' but is not available here",
                 policies[i].name);
        t_assert_error(r, "internal", want);
        t_assert_error(r, "internal", "sets layers.landlock to \"best_effort\"");
        return;
    }
    t_assert_ok(r);
    assert_string_equal(t_result_text(r), "42");
    const cJSON *stats = cJSON_GetObjectItem(r, "stats");
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(stats, "mode")), mode);
    bool want_ns = policies[i].uses_namespaces && c->userns;
    bool want_mounts = want_ns && !c->no_view;
    bool want_ll = strcmp(policies[i].name, "trusted") != 0 && c->landlock;
    if (has_layer(r, "namespaces") != want_ns || has_layer(r, "mounts") != want_mounts ||
        has_layer(r, "landlock") != want_ll)
        fail_msg("%s, policy %s: stats.layers has namespaces=%d mounts=%d landlock=%d, want %d %d "
                 "%d",
                 c->name, policies[i].name, has_layer(r, "namespaces"), has_layer(r, "mounts"),
                 has_layer(r, "landlock"), want_ns, want_mounts, want_ll);
}

/* The request for policies[i]; id < 0: for `pywarden run` (no id, the policy named). */
static char *policy_request(size_t i, int id)
{
    char *req = malloc(1024), id_member[32] = "", policy_member[160] = "";
    if (id >= 0) snprintf(id_member, sizeof id_member, "\"id\":%d,", id);
    if (id < 0 || strcmp(policies[i].name, "<inline>") != 0)
        snprintf(policy_member, sizeof policy_member, "\"policy\":%s,", policies[i].spec);
    snprintf(req, 1024,
             "{%s%s\"code\":\"def main(inputs):\\n    return 42\",\"work_dir\":\"%s\"}\n",
             id_member, policy_member, work);
    return req;
}

static void shipped_policies_cold(void **state)
{
    const context *c = *state;
    require_context(c);
    const char *args[] = {PW_BIN, "run", NULL};
    for (size_t i = 0; i < NPOL; i++) {
        char *req = policy_request(i, -1);
        char *out = run_in(c, args, req, NULL);
        cJSON *r = cJSON_Parse(out);
        if (!r) fail_msg("%s: pywarden run printed: %s", c->name, out);
        check_policy_result(c, i, r, "cold");
        cJSON_Delete(r);
        free(out);
        free(req);
    }
}

static void shipped_policies_warm(void **state)
{
    const context *c = *state;
    require_context(c);
    const char *args[] = {PW_BIN,
                          "serve",
                          "--workers",
                          "1",
                          "--policy",
                          INLINE_BEST_EFFORT,
                          "--allow-policies",
                          "default,strict,data,trusted",
                          NULL};
    char all[8192] = "";
    for (size_t i = 0; i < NPOL; i++) {
        char *req = policy_request(i, (int)i);
        strcat(all, req);
        free(req);
    }
    char *out = run_in(c, args, all, NULL);
    size_t answered = 0;
    for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n"), answered++) {
        cJSON *r = cJSON_Parse(line);
        if (!r) fail_msg("%s: serve printed: %s", c->name, line);
        size_t i = (size_t)cJSON_GetNumberValue(cJSON_GetObjectItem(r, "id"));
        assert_true(i < NPOL);
        check_policy_result(c, i, r, "warm");
        cJSON_Delete(r);
    }
    assert_int_equal(answered, NPOL);
    free(out);
}

/* A run of data that writes into its work dir and makes a temporary file; its answer r to n:
 * [2n, its temporary directory], which must be gone (a directory of its own on the host where
 * there is no view) or the view's own /tmp. Refused where Landlock is missing. */
static void check_write_result(const context *c, const cJSON *r, int n)
{
    if (!c->landlock) {
        t_assert_error(r, "internal", "layer 'landlock' is required by policy 'data'");
        return;
    }
    t_assert_ok(r);
    const cJSON *res = cJSON_GetObjectItem(r, "result");
    if (cJSON_GetNumberValue(cJSON_GetArrayItem(res, 0)) != 2 * n)
        fail_msg("%s: run %d answered %s", c->name, n, t_result_text(r));
    const char *tmp = cJSON_GetStringValue(cJSON_GetArrayItem(res, 1));
    assert_non_null(tmp);
    if (strcmp(tmp, "/tmp") != 0 && access(tmp, F_OK) == 0)
        fail_msg("%s: run %d left its temporary directory %s", c->name, n, tmp);
}

/* In every context: a run that writes into its work dir and uses tempfile, cold, then 20
 * through serve (two workers), as a host's scripts do. */
static void writes_into_its_work_dir(void **state)
{
    const context *c = *state;
    require_context(c);
    char dir[256], req[1024];
    snprintf(dir, sizeof dir, "%s/write-XXXXXX", work);
    assert_non_null(mkdtemp(dir));
    assert_int_equal(chmod(dir, 0777), 0); /* OTHER_UID's runs make out/ there */
    const char *code = "import pathlib, tempfile\\n"
                       "def main(inputs):\\n"
                       "    p = pathlib.Path('out') / str(inputs['n'])\\n"
                       "    p.write_text(str(2 * inputs['n']))\\n"
                       "    with tempfile.NamedTemporaryFile() as f:\\n"
                       "        f.write(b'x')\\n"
                       "    return [int(p.read_text()), tempfile.gettempdir()]";
    snprintf(req, sizeof req,
             "{\"code\":\"%s\",\"policy\":\"data\",\"inputs\":{\"n\":21},\"work_dir\":\"%s\"}",
             code, dir);
    char *out = run_in(c, (const char *[]){PW_BIN, "run", NULL}, req, NULL);
    cJSON *r = cJSON_Parse(out);
    if (!r) fail_msg("%s: pywarden run printed: %s", c->name, out);
    check_write_result(c, r, 21);
    cJSON_Delete(r);
    free(out);
    char *all = malloc(20 * sizeof req);
    all[0] = '\0';
    for (int i = 0; i < 20; i++) {
        snprintf(req, sizeof req,
                 "{\"id\":%d,\"code\":\"%s\",\"inputs\":{\"n\":%d},\"work_dir\":\"%s\"}\n", i, code,
                 i, dir);
        strcat(all, req);
    }
    out = run_in(c, (const char *[]){PW_BIN, "serve", "--workers", "2", "--policy", "data", NULL},
                 all, NULL);
    int answered = 0;
    for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n"), answered++) {
        r = cJSON_Parse(line);
        if (!r) fail_msg("%s: serve printed: %s", c->name, line);
        check_write_result(c, r, (int)cJSON_GetNumberValue(cJSON_GetObjectItem(r, "id")));
        cJSON_Delete(r);
    }
    assert_int_equal(answered, 20);
    free(out);
    free(all);
}

/* A run has the same identity cold and warm: where user namespaces were refused to a root
 * host (Docker's default profile), a warm run's real uid was nobody (moved before the
 * refused unshare and left there), a cold run's root. */
static void same_identity_cold_and_warm(void **state)
{
    const context *c = *state;
    require_context(c);
    /* data: os; Landlock best-effort where the kernel has none */
    const char *policy =
        c->landlock ? "data" : "{\"extends\":\"data\",\"layers\":{\"landlock\":\"best_effort\"}}";
    const char *code = "import os\nresult = [os.getresuid(), os.getresgid(), os.getgroups()]";
    char req[512];
    snprintf(req, sizeof req, "{\"id\":1,\"code\":\"%s\",\"work_dir\":\"%s\"}\n",
             "import os\\nresult = [os.getresuid(), os.getresgid(), os.getgroups()]", work);
    char *cold = run_in(c,
                        (const char *[]){PW_BIN, "run", "--policy", policy, "--work-dir", work,
                                         "--code", code, NULL},
                        NULL, NULL);
    char *warm =
        run_in(c, (const char *[]){PW_BIN, "serve", "--workers", "1", "--policy", policy, NULL},
               req, NULL);
    cJSON *rc = cJSON_Parse(cold), *rw = cJSON_Parse(warm);
    if (!rc || !rw) fail_msg("%s: pywarden printed: %s / %s", c->name, cold, warm);
    t_assert_ok(rc);
    t_assert_ok(rw);
    char *ids = cJSON_PrintUnformatted(cJSON_GetObjectItem(rc, "result"));
    if (strcmp(ids, t_result_text(rw)) != 0)
        fail_msg("%s: cold %s, warm %s", c->name, ids, t_result_text(rw));
    free(ids);
    cJSON_Delete(rc);
    cJSON_Delete(rw);
    free(cold);
    free(warm);
}

static const char *json_str(const cJSON *o, const char *a, const char *b)
{
    return cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(o, a), b));
}

static void doctor_says_what_applies(void **state)
{
    const context *c = *state;
    require_context(c);
    const char *args[] = {PW_BIN, "doctor", "--json", NULL};
    char *out = run_in(c, args, NULL, NULL);
    cJSON *d = cJSON_Parse(out);
    if (!d) fail_msg("%s: doctor printed: %s", c->name, out);
    const cJSON *k = cJSON_GetObjectItem(d, "kernel");
    assert_int_equal(cJSON_IsTrue(cJSON_GetObjectItem(k, "user_namespaces")), c->userns);
    assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItem(k, "landlock_abi")) > 0, c->landlock);
    const cJSON *why = cJSON_GetObjectItem(d, "unavailable");
    if (!c->userns)
        assert_non_null(
            strstr(json_str(d, "unavailable", "namespaces"), "Operation not permitted"));
    else
        assert_null(cJSON_GetObjectItem(why, "namespaces"));
    if (c->no_view)
        assert_non_null(strstr(json_str(d, "unavailable", "mounts"), c->no_view));
    else if (c->userns)
        assert_null(cJSON_GetObjectItem(why, "mounts"));
    if (!c->landlock)
        assert_non_null(strstr(json_str(d, "unavailable", "landlock"), "Function not implemented"));
    else
        assert_null(cJSON_GetObjectItem(why, "landlock"));
    /* notes name exactly where max_processes is lost (thread_bound_where_the_kernel_counts) */
    bool bounded = c->userns && !(c->in_userns && !c->as_other), noted = false;
    const cJSON *note;
    cJSON_ArrayForEach(note, cJSON_GetObjectItem(d, "notes"))
    {
        noted = noted || strstr(cJSON_GetStringValue(note), "max_processes is not applied");
    }
    if (noted == bounded) fail_msg("%s: doctor's notes say max_processes lost: %d", c->name, noted);
    const cJSON *def = cJSON_GetObjectItem(cJSON_GetObjectItem(d, "policies"), "default");
    assert_int_equal(cJSON_IsTrue(cJSON_GetObjectItem(def, "runs")), c->landlock);
    assert_string_equal(json_str(def, "layers", "namespaces"), c->userns ? "on" : "skipped");
    assert_string_equal(json_str(def, "layers", "mounts"),
                        c->userns && !c->no_view ? "on" : "skipped");
    assert_string_equal(json_str(def, "layers", "landlock"), c->landlock ? "on" : "missing");
    cJSON_Delete(d);
    free(out);
}

/* max_processes binds through RLIMIT_NPROC inside the run's own user namespace, which the
 * kernel never applies to the host's root: not where user namespaces are refused, nor in
 * `unshare -r` started by root (uid 0 there is the host's root). The threads wait until the
 * run ends: a sleep of 0.3 s ended before the next were started on a loaded machine ("5"). */
static void thread_bound_where_the_kernel_counts(void **state)
{
    const context *c = *state;
    require_context(c);
    const char *args[] = {PW_BIN, "run", NULL};
    char req[1024];
    snprintf(req, sizeof req,
             "{\"code\":\"import threading\\nhold = threading.Event()\\nstarted = 0\\n"
             "for i in range(10):\\n    try:\\n"
             "        threading.Thread(target=hold.wait, daemon=True).start()\\n"
             "        started += 1\\n    except RuntimeError:\\n        pass\\n"
             "result = started\",\"policy\":{\"extends\":\"default\",\"max_processes\":4,"
             "\"layers\":{\"landlock\":\"best_effort\"}},\"work_dir\":\"%s\"}",
             work);
    char *out = run_in(c, args, req, NULL);
    cJSON *r = cJSON_Parse(out);
    if (!r) fail_msg("%s: pywarden run printed: %s", c->name, out);
    t_assert_ok(r);
    bool bounded = c->userns && !(c->in_userns && !c->as_other);
    assert_string_equal(t_result_text(r), bounded ? "3" : "10");
    cJSON_Delete(r);
    free(out);
}

/* Where user namespaces work but network namespaces do not (user.max_net_namespaces=0;
 * ctx_exec --no-netns answers ENOSPC): the namespaces layer is not claimed, cold and warm, or
 * the run fails with why when the policy requires it. */
static const context no_netns = {"network namespaces refused",
                                 {PW_CTX_EXEC, "--no-netns", "--", NULL},
                                 false,
                                 false,
                                 true,
                                 true,
                                 NULL,
                                 NULL};
#define REQUIRE_NS "{\"extends\":\"default\",\"layers\":{\"namespaces\":\"required\"}}"

static cJSON *run_without_netns(bool warm, const char *policy)
{
    char req[1024];
    snprintf(req, sizeof req, "{\"id\":1,\"code\":\"result = 42\",\"work_dir\":\"%s\"}\n", work);
    const char *cold_args[] = {PW_BIN, "run",        "--code", "result = 42", "--policy",
                               policy, "--work-dir", work,     NULL};
    const char *warm_args[] = {PW_BIN, "serve", "--workers", "1", "--policy", policy, NULL};
    char *out = run_in(&no_netns, warm ? warm_args : cold_args, warm ? req : NULL, NULL);
    cJSON *r = cJSON_Parse(out);
    if (!r) fail_msg("%s: pywarden printed: %s", warm ? "serve" : "run", out);
    free(out);
    return r;
}

static void network_namespaces_refused(void **state)
{
    (void)state;
    require_context(&no_netns);
    for (int warm = 0; warm <= 1; warm++) {
        cJSON *r = run_without_netns(warm, "default");
        t_assert_ok(r);
        assert_string_equal(t_result_text(r), "42");
        if (has_layer(r, "namespaces") || !has_layer(r, "mounts") || !has_layer(r, "seccomp"))
            fail_msg("%s: stats.layers claims namespaces, or lost mounts or seccomp",
                     warm ? "warm" : "cold");
        cJSON_Delete(r);
        r = run_without_netns(warm, REQUIRE_NS);
        t_assert_error(r, "internal", "layer 'namespaces' is required by policy");
        t_assert_error(r, "internal", "CLONE_NEWNET): No space left on device");
        cJSON_Delete(r);
    }
}

/* Where pidfd_open is refused (EPERM: a container profile older than the call; ENOSYS
 * before Linux 5.3) a cold run polls for its end: it used to fail 'internal: pidfd_open:
 * Operation not permitted' (and, with ENOSYS, take the 200 ms exit grace every time). Warm
 * mode needs pidfds: serve says so and exits 1. */
static void cold_runs_without_pidfds(void **state)
{
    (void)state;
    static const context no_pidfd = {"pidfd_open refused",
                                     {PW_CTX_EXEC, "--no-pidfd", "--", NULL},
                                     false,
                                     false,
                                     true,
                                     true,
                                     NULL,
                                     NULL};
    require_context(&no_pidfd);
    const char *cold[] = {PW_BIN, "run", "--code", "result = 42", "--work-dir", work, NULL};
    char *out = run_in(&no_pidfd, cold, NULL, NULL);
    cJSON *r = cJSON_Parse(out);
    if (!r) fail_msg("run printed: %s", out);
    t_assert_ok(r);
    assert_string_equal(t_result_text(r), "42");
    if (!has_layer(r, "namespaces") || !has_layer(r, "mounts") || !has_layer(r, "seccomp"))
        fail_msg("a layer was lost without pidfds: %s", out);
    cJSON_Delete(r);
    free(out);
    const char *serve[] = {PW_BIN, "serve", NULL};
    proc p = spawn_in(&no_pidfd, serve, NULL);
    close(p.in);
    close(p.out);
    int status = 0;
    assert_int_equal(waitpid(p.pid, &status, 0), p.pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 1);
    /* doctor says so (it said nothing was lost, and serve:allowed) */
    const char *doctor[] = {PW_BIN, "doctor", NULL};
    out = run_in(&no_pidfd, doctor, NULL, NULL);
    if (!strstr(out, "note: pidfd_open: Operation not permitted: warm mode (serve, worker, "
                     "pools) cannot start here") ||
        !strstr(out, "serve would not start: pidfd_open") || strstr(out, "serve:allowed"))
        fail_msg("doctor without pidfds said: %s", out);
    free(out);
}

/* Where no user namespace can be made for lack of room (ENOSPC): user.max_user_namespaces 0
 * in the namespace pywarden runs in, and user namespaces nested as deep as the kernel allows.
 * Doctor said "user.max_user_namespaces is 0, or its count is used up" for both; runs skip
 * the namespace layers, cold and warm. */
#define NEST_DEEPEST                                                                               \
    "if unshare -Ur true 2>/dev/null; then exec unshare -Ur sh -c \"$0\" \"$0\" \"$@\"; fi; "      \
    "exec \"$@\""
static const context no_room[] = {
    {"user.max_user_namespaces 0",
     {"unshare", "-r", "sh", "-c", "echo 0 > /proc/sys/user/max_user_namespaces && exec \"$@\"",
      "sh", NULL},
     false,
     true,
     false,
     true,
     NULL,
     "user.max_user_namespaces is 0 here"},
    {"user namespaces nested as deep as they go",
     {"sh", "-c", NEST_DEEPEST, NEST_DEEPEST, NULL},
     false,
     true,
     false,
     true,
     NULL,
     "nested here as deep as the kernel allows"},
};

/* `pywarden doctor --json` in context c, parsed (the test fails when it is not JSON). */
static cJSON *doctor_in(const context *c)
{
    const char *doctor[] = {PW_BIN, "doctor", "--json", NULL};
    char *out = run_in(c, doctor, NULL, NULL);
    cJSON *d = cJSON_Parse(out);
    if (!d) fail_msg("%s: doctor printed: %s", c->name, out);
    free(out);
    return d;
}

/* Doctor's report in context c, where `layer` must be unavailable for a filter that kills;
 * and the result of a cold run there. */
static cJSON *filter_kills(const context *c, const char *layer, bool *default_runs)
{
    cJSON *d = doctor_in(c);
    const char *why = json_str(d, "unavailable", layer);
    if (!why || !strstr(why, "killed (SIGSYS) by a seccomp filter"))
        fail_msg("%s: doctor says %s is unavailable because: %s", c->name, layer, why);
    *default_runs = cJSON_IsTrue(cJSON_GetObjectItem(
        cJSON_GetObjectItem(cJSON_GetObjectItem(d, "policies"), "default"), "runs"));
    cJSON_Delete(d);
    const char *cold[] = {PW_BIN, "run", "--code", "result = 42", "--work-dir", work, NULL};
    char *out = run_in(c, cold, NULL, NULL);
    cJSON *r = cJSON_Parse(out);
    if (!r) fail_msg("%s: pywarden run printed: %s", c->name, out);
    free(out);
    return r;
}

/* A host's seccomp filter that kills (a systemd unit's SystemCallFilter=) rather than
 * answering EPERM: doctor died probing Landlock (exit 159, no word) or named no cause, and
 * every run failed "the process building the run's namespaces died" where a best-effort
 * view's mount calls are what it kills. Now doctor names the filter, runs go on without a
 * best-effort view, and a run the filter kills says where to look. */
static void a_host_filter_that_kills(void **state)
{
    (void)state;
    const context kill_mount = {.name = "mount calls kill",
                                .prefix = {PW_CTX_EXEC, "--kill-mount", "--", NULL},
                                .userns = true,
                                .landlock = true};
    const context kill_landlock = {.name = "Landlock calls kill",
                                   .prefix = {PW_CTX_EXEC, "--kill-landlock", "--", NULL},
                                   .userns = true};
    bool runs;
    cJSON *r = filter_kills(&kill_mount, "mounts", &runs);
    assert_true(runs);
    t_assert_ok(r);
    assert_false(has_layer(r, "mounts"));
    assert_true(has_layer(r, "landlock") && has_layer(r, "seccomp"));
    cJSON_Delete(r);
    /* The namespaces stay, cold and warm, required too (doctor says they are on): the cold
     * run lost them with the view, and serve's template was killed probing mount_setattr
     * in itself, so serve could not start; where only `mount` kills, every warm run was
     * killed setting up a view its template had found it could not build. */
    const context kill_mount_only = {.name = "only mount kills",
                                     .prefix = {PW_CTX_EXEC, "--kill-mount-only", "--", NULL},
                                     .userns = true,
                                     .landlock = true};
    char req[512];
    snprintf(req, sizeof req,
             "{\"code\":\"result = 42\",\"work_dir\":\"%s\",\"policy\":{\"extends\":"
             "\"default\",\"layers\":{\"namespaces\":\"required\"}}}\n",
             work);
    const char *cold[] = {PW_BIN, "run", NULL};
    const char *warm[] = {PW_BIN, "serve", "--workers", "1", "--allow-inline-policies", NULL};
    for (int w = 0; w <= 3; w++) {
        const context *c = w < 2 ? &kill_mount : &kill_mount_only;
        char *out = run_in(c, w % 2 ? warm : cold, req, NULL);
        r = cJSON_Parse(out);
        if (!r || !cJSON_IsTrue(cJSON_GetObjectItem(r, "ok")) || !has_layer(r, "namespaces") ||
            has_layer(r, "mounts") ||
            strcmp(
                cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(r, "stats"), "mode")),
                w % 2 ? "warm" : "cold") != 0)
            fail_msg("%s, %s: %s", c->name, w % 2 ? "warm" : "cold", out);
        cJSON_Delete(r);
        free(out);
    }
    r = filter_kills(&kill_landlock, "landlock", &runs);
    assert_false(runs);
    t_assert_error(r, "crashed",
                   "a seccomp filter of the host's that kills a call the layers make");
    cJSON_Delete(r);
}

static void doctor_says_why_there_is_no_room(void **state)
{
    const context *c = *state;
    require_context(c);
    cJSON *d = doctor_in(c);
    const char *why = json_str(d, "unavailable", "namespaces");
    if (!why || !strstr(why, "No space left on device") || !strstr(why, c->no_view))
        fail_msg("%s: doctor says namespaces are unavailable because: %s", c->name, why);
    cJSON_Delete(d);
    const char *cold[] = {PW_BIN, "run", "--code", "result = 42", "--work-dir", work, NULL};
    const char *warm[] = {PW_BIN, "serve", "--workers", "1", NULL};
    char req[512];
    snprintf(req, sizeof req, "{\"code\":\"result = 42\",\"work_dir\":\"%s\"}\n", work);
    for (int w = 0; w <= 1; w++) {
        char *out = run_in(c, w ? warm : cold, w ? req : NULL, NULL);
        cJSON *r = cJSON_Parse(out);
        if (!r) fail_msg("%s: pywarden printed: %s", c->name, out);
        t_assert_ok(r);
        if (has_layer(r, "namespaces") || has_layer(r, "mounts") || !has_layer(r, "seccomp"))
            fail_msg("%s: %s", c->name, out);
        cJSON_Delete(r);
        free(out);
    }
}

/* Without the view (user namespaces refused) runs get a directory under TMPDIR, /tmp or
 * /var/tmp: where none is writable (`docker --read-only`), doctor says tempfile will find no
 * directory in runs (it said nothing), and only there. */
static void doctor_notes_no_temporary_directory(void **state)
{
    (void)state;
    static const context read_only = {
        "/tmp and /var/tmp read-only, user namespaces refused",
        {"unshare", "-rm", "sh", "-c",
         /* bound read-only, not covered: the build tree may be under /tmp (CI's clone) */
         "mount --bind /tmp /tmp && mount -o remount,bind,ro /tmp && "
         "mount --bind /var/tmp /var/tmp && mount -o remount,bind,ro /var/tmp && exec \"$@\"",
         "sh", PW_CTX_EXEC, "--no-userns", "--", NULL},
        false,
        true,
        false,
        true,
        "TMPDIR=/nonexistent-pywarden-tmp",
        NULL};
    static const context writable = {"user namespaces refused",
                                     {"unshare", "-rm", PW_CTX_EXEC, "--no-userns", "--", NULL},
                                     false,
                                     true,
                                     false,
                                     true,
                                     "TMPDIR=/nonexistent-pywarden-tmp",
                                     NULL};
    for (int ro = 0; ro <= 1; ro++) {
        const context *c = ro ? &read_only : &writable;
        require_context(c);
        cJSON *d = doctor_in(c);
        char *text = cJSON_PrintUnformatted(cJSON_GetObjectItem(d, "notes"));
        if (!text || (strstr(text, "tempfile finds no directory in runs") != NULL) != ro)
            fail_msg("%s: doctor's notes: %s", c->name, text ? text : "none");
        free(text);
        cJSON_Delete(d);
    }
}

/* Where /proc/sys is read-only (Docker mounts it so) a run's user namespace keeps its
 * user.max_user_namespaces, so with seccomp off the run can make another: doctor says so, and
 * only there (it said nothing). The run itself, with seccomp and the audit hook off, shows it. */
static void doctor_notes_nesting(void **state)
{
    (void)state;
    const context *ro = &contexts[FIRST_CONTAINER - 1], *rw = &contexts[2]; /* "unshare -r" */
    assert_non_null(strstr(ro->name, "/proc/sys read-only"));
    require_context(ro);
    const char *nest = "a run can make user namespaces of its own here";
    const char *doctor[] = {PW_BIN, "doctor", NULL};
    const char *probe[] = {PW_BIN,
                           "run",
                           "--code",
                           "import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\n"
                           "result = libc.unshare(0x10000000)",
                           "--work-dir",
                           work,
                           NULL};
    const char *env[] = {"PYWARDEN_TEST_DISABLE_LAYERS=seccomp,audit", NULL};
    for (int i = 0; i < 2; i++) {
        const context *c = i ? rw : ro;
        char *out = run_in(c, doctor, NULL, NULL);
        if (!strstr(out, nest) != (i == 1)) fail_msg("%s: doctor said: %s", c->name, out);
        free(out);
        out = run_in(c, probe, NULL, env);
        cJSON *r = cJSON_Parse(out);
        if (!r) fail_msg("%s: run printed: %s", c->name, out);
        t_assert_ok(r);
        assert_string_equal(t_result_text(r), i ? "-1" : "0");
        cJSON_Delete(r);
        free(out);
    }
}

/* Doctor's notes say what runs get, as the runs themselves show it: without /proc root's runs
 * still move to nobody and are bound by max_processes (doctor read no uid_map and said they
 * were not); root where user namespaces are refused still gives runs a network namespace of
 * their own (doctor said they kept pywarden's). */
static void doctor_notes_what_runs_get(void **state)
{
    (void)state;
    if (getuid() != 0) {
        print_message("SKIPPED: needs a root test process\n");
        skip();
    }
    const context no_proc = {.name = "/proc unmounted (root)",
                             .prefix = {"unshare", "-m", "sh", "-c",
                                        "umount -l /proc && exec \"$@\"", "sh", NULL},
                             .userns = true},
                  no_userns = {.name = "user namespaces refused (root, max_user_namespaces 0)",
                               .prefix = {"unshare", "-Urm", "sh", "-c",
                                          "echo 0 > /proc/sys/user/max_user_namespaces && "
                                          "exec \"$@\"",
                                          "sh", NULL},
                               .in_userns = true};
    require_context(&no_userns);
    const char *doctor[] = {PW_BIN, "doctor", "--json", NULL};
    const char *env[] = {"PYWARDEN_POLICY_DIR=" PW_SOURCE_DIR "/policy",
                         "PYWARDEN_TEST_DISABLE_LAYERS=seccomp,audit", NULL};
    const char *threads[] = {PW_BIN,
                             "run",
                             "--code",
                             "import threading\nev = threading.Event()\nn = 0\n"
                             "try:\n    for _ in range(100):\n"
                             "        threading.Thread(target=ev.wait).start()\n        n += 1\n"
                             "finally:\n    ev.set()\nresult = n",
                             "--work-dir",
                             work,
                             NULL};
    const char *net[] = {
        PW_BIN,       "run",
        "--code",     "import socket\nresult = [n for _, n in socket.if_nameindex()]",
        "--work-dir", work,
        NULL};
    char *out = run_in(&no_proc, doctor, NULL, env);
    if (strstr(out, "max_processes is not applied")) fail_msg("%s: %s", no_proc.name, out);
    free(out);
    out = run_in(&no_proc, threads, NULL, env);
    if (!strstr(out, "\"ok\":false") || !strstr(out, "max_processes, 32"))
        fail_msg("%s: %s", no_proc.name, out);
    free(out);
    out = run_in(&no_userns, doctor, NULL, env);
    if (!strstr(out, "runs still get a network and an IPC namespace of their own"))
        fail_msg("%s: %s", no_userns.name, out);
    free(out);
    out = run_in(&no_userns, net, NULL, env);
    if (!strstr(out, "\"result\":[\"lo\"]")) fail_msg("%s: %s", no_userns.name, out);
    free(out);
}

/* Where no process can be made (a uid at its RLIMIT_NPROC, a full pids cgroup) no run starts,
 * and doctor says so: it said user namespaces were refused by "a container's seccomp profile"
 * (its probe's fork failed, read as ECHILD) and that every policy runs. A uid of its own, so
 * that no other test's processes count against its limit of 1. */
static void doctor_where_no_process_can_start(void **state)
{
    (void)state;
    static const context no_fork = {"RLIMIT_NPROC used up",
                                    {"prlimit", "--nproc=1:1", "setpriv", "--reuid=4343",
                                     "--regid=4343", "--clear-groups", NULL},
                                    true,
                                    false,
                                    true,
                                    true,
                                    NULL,
                                    NULL};
    require_context(&no_fork);
    const char *doctor[] = {PW_BIN, "doctor", "--json", NULL};
    char *out = run_in(&no_fork, doctor, NULL, NULL);
    cJSON *d = cJSON_Parse(out);
    if (!d) fail_msg("doctor printed: %s", out);
    const char *note = cJSON_GetStringValue(cJSON_GetArrayItem(cJSON_GetObjectItem(d, "notes"), 0));
    if (!note || !strstr(note, "fork: Resource temporarily unavailable: no run can start here "
                               "(RLIMIT_NPROC is 1 for uid 4343"))
        fail_msg("doctor's notes: %s", out);
    const char *ns = json_str(d, "unavailable", "namespaces");
    if (!ns || !strstr(ns, "not probed: no process could be made"))
        fail_msg("doctor says namespaces are unavailable because: %s", ns);
    const cJSON *pol;
    cJSON_ArrayForEach(pol, cJSON_GetObjectItem(d, "policies"))
    {
        if (!cJSON_IsFalse(cJSON_GetObjectItem(pol, "runs")))
            fail_msg("doctor says policy %s runs: %s", pol->string, out);
    }
    if (!strstr(json_str(d, "ceiling", "error"), "fork: Resource temporarily unavailable"))
        fail_msg("doctor's ceiling: %s", out);
    cJSON_Delete(d);
    free(out);
    const char *cold[] = {PW_BIN, "run", "--code", "result = 42", "--work-dir", work, NULL};
    out = run_in(&no_fork, cold, NULL, NULL);
    cJSON *r = cJSON_Parse(out);
    if (!r) fail_msg("run printed: %s", out);
    t_assert_error(r, "internal", "fork: Resource temporarily unavailable");
    cJSON_Delete(r);
    free(out);
}

/* Reads one line of p's stdout (a serve answer) within 60 s; NULL at EOF. Free it. */
static char *read_line(proc p)
{
    size_t len = 0, cap = 1 << 16;
    char *buf = malloc(cap);
    struct pollfd pfd = {.fd = p.out, .events = POLLIN};
    while (poll(&pfd, 1, 60000) == 1 && read(p.out, buf + len, 1) == 1 && buf[len] != '\n')
        if (++len == cap - 1) buf = realloc(buf, cap *= 2);
    buf[len] = '\0';
    if (len) return buf;
    free(buf);
    return NULL;
}

/* A request too large to pass inline travels in a memfd, which serve may fail to make (out
 * of fds: EMFILE). That run's answer says so; the template, and the run it holds in flight,
 * are not harmed: they used to be killed as if the template had died. */
static void a_request_without_a_memfd_harms_no_other_run(void **state)
{
    (void)state;
    static const context no_memfd = {"memfd_create refused",
                                     {PW_CTX_EXEC, "--no-memfd", "--", NULL},
                                     false,
                                     false,
                                     true,
                                     true,
                                     NULL,
                                     NULL};
    require_context(&no_memfd);
    const char *serve[] = {PW_BIN, "serve", "--workers", "2", NULL};
    proc p = spawn_in(&no_memfd, serve, NULL);
    char line[512];
    snprintf(line, sizeof line, "{\"id\":\"ready\",\"code\":\"result = 1\",\"work_dir\":\"%s\"}\n",
             work);
    assert_int_equal(write(p.in, line, strlen(line)), (ssize_t)strlen(line));
    char *ready = read_line(p);
    assert_non_null(ready);
    free(ready);
    snprintf(line, sizeof line,
             "{\"id\":\"long\",\"code\":\"import time\\ntime.sleep(1)\\nresult = 2\","
             "\"work_dir\":\"%s\"}\n",
             work);
    assert_int_equal(write(p.in, line, strlen(line)), (ssize_t)strlen(line));
    usleep(300 * 1000); /* in flight */
    size_t big = 100 << 10;
    char *req = malloc(big + 512);
    int n = snprintf(req, 512,
                     "{\"id\":\"big\",\"code\":\"result = 3\",\"work_dir\":\"%s\","
                     "\"inputs\":{\"s\":\"",
                     work);
    memset(req + n, 'x', big);
    strcpy(req + n + big, "\"}}\n");
    char *out = finish(p, req);
    free(req);
    int answered = 0;
    for (char *a = strtok(out, "\n"); a; a = strtok(NULL, "\n"), answered++) {
        cJSON *r = cJSON_Parse(a);
        if (!r) fail_msg("serve printed: %s", a);
        const char *id = cJSON_GetStringValue(cJSON_GetObjectItem(r, "id"));
        if (strcmp(id, "long") == 0) {
            t_assert_ok(r);
            assert_string_equal(t_result_text(r), "2");
        } else {
            t_assert_error(r, "internal", "memfd_create for a request of");
            t_assert_error(r, "internal", "Too many open files");
        }
        cJSON_Delete(r);
    }
    assert_int_equal(answered, 2);
    free(out);
}

/* ---- whole containers ---- */

#define REQUIRE_MOUNTS "{\"extends\":\"default\",\"layers\":{\"mounts\":\"required\"}}"

/* A run of policy (cold, or the one request of serve --policy), parsed. */
static cJSON *run_policy(const context *c, bool warm, const char *policy)
{
    char req[512];
    snprintf(req, sizeof req, "{\"id\":1,\"code\":\"result = 42\",\"work_dir\":\"%s\"}\n", work);
    const char *cold_args[] = {PW_BIN, "run",        "--code", "result = 42", "--policy",
                               policy, "--work-dir", work,     NULL};
    const char *warm_args[] = {PW_BIN, "serve", "--workers", "1", "--policy", policy, NULL};
    char *out = run_in(c, warm ? warm_args : cold_args, warm ? req : NULL, NULL);
    cJSON *r = cJSON_Parse(out);
    if (!r) fail_msg("%s: pywarden printed: %s", c->name, out);
    free(out);
    return r;
}

/* Without the view there is no private /tmp, and default's work_dir is read-only: tempfile
 * finds the directory of its own the run gets under the host's TMPDIR (or /tmp), which is
 * gone after the run (README, Deploying in containers). */
static void tempfile_finds_a_directory(const context *c)
{
    const char *args[] = {PW_BIN,
                          "run",
                          "--code",
                          "import tempfile\n"
                          "tempfile.NamedTemporaryFile(delete=False).write(b'x')\n"
                          "result = tempfile.gettempdir()",
                          "--work-dir",
                          work,
                          NULL};
    char *out = run_in(c, args, NULL, NULL);
    cJSON *r = cJSON_Parse(out);
    if (!r) fail_msg("%s: run printed: %s", c->name, out);
    t_assert_ok(r);
    const char *dir = cJSON_GetStringValue(cJSON_GetObjectItem(r, "result"));
    if (c->userns) {
        assert_string_equal(dir, "/tmp");
    } else {
        const char *tmpdir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
        char prefix[256];
        snprintf(prefix, sizeof prefix, "%s/pywarden-runs-", tmpdir);
        if (!dir || strncmp(dir, prefix, strlen(prefix)) != 0 || !strstr(dir, "/pywarden-run-"))
            fail_msg("%s: tempfile's directory is %s", c->name, dir ? dir : "(none)");
        assert_int_equal(access(dir, F_OK), -1);
    }
    cJSON_Delete(r);
    free(out);
}

/* In each container: doctor says which filter refused the user namespace; a policy that
 * requires what the container refuses fails saying what refused it, cold and warm; and serve
 * under a shell as pid 1 (no --init) answers, exits when its input ends, and leaves no
 * process in the container, with a run killed at its deadline among its requests; tempfile
 * finds a directory, the view's private /tmp or one of the run's own on the host. */
static void container_outcomes(void **state)
{
    const context *c = *state;
    require_context(c);
    cJSON *d = doctor_in(c);
    const char *why = json_str(d, "unavailable", "namespaces");
    /* it said "a container's seccomp profile, or a kernel or LSM setting" */
    if (c->userns ? why != NULL
                  : !why || !strstr(why, "refused by the seccomp filter this process runs under"))
        fail_msg("%s: doctor says namespaces are unavailable because: %s", c->name, why);
    cJSON_Delete(d);
    for (int warm = 0; warm <= 1; warm++) {
        cJSON *r = run_policy(c, warm, REQUIRE_NS);
        if (c->userns) {
            t_assert_ok(r);
        } else {
            t_assert_error(r, "internal", "layer 'namespaces' is required by policy '<inline>'");
            t_assert_error(r, "internal", "Operation not permitted");
        }
        cJSON_Delete(r);
        r = run_policy(c, warm, REQUIRE_MOUNTS);
        if (c->userns) {
            t_assert_ok(r);
            assert_true(has_layer(r, "mounts"));
        } else {
            t_assert_error(r, "internal", "layer 'mounts' is required by policy '<inline>'");
            /* it said "not available here (Linux 5.12 or later, and not refused by a seccomp
             * profile)" on Linux 6.18 */
            t_assert_error(r, "internal", "mount_setattr(refused here): Operation not permitted");
        }
        cJSON_Delete(r);
    }
    tempfile_finds_a_directory(c);
    const char *serve[] = {
        "sh",        "-c",   "\"$@\"; echo \"exit $?\"; set -- /proc/[0-9]*; echo \"left $*\"",
        "sh",        PW_BIN, "serve",
        "--workers", "2",    NULL};
    char reqs[1024];
    snprintf(reqs, sizeof reqs,
             "{\"id\":1,\"code\":\"while True: pass\",\"timeout_ms\":300,\"work_dir\":\"%s\"}\n"
             "{\"id\":2,\"code\":\"import threading, time\\nthreading.Thread(target=time.sleep, "
             "args=(60,), daemon=True).start()\\nresult = 2\",\"work_dir\":\"%s\"}\n",
             work, work);
    char *out = run_in(c, serve, reqs, NULL);
    int answered = 0;
    char *line = strtok(out, "\n");
    for (; line && line[0] == '{'; line = strtok(NULL, "\n"), answered++) {
        cJSON *r = cJSON_Parse(line);
        if (!r) fail_msg("%s: serve printed: %s", c->name, line);
        if (cJSON_GetNumberValue(cJSON_GetObjectItem(r, "id")) == 1)
            t_assert_error(r, "timeout", "");
        else
            t_assert_ok(r);
        cJSON_Delete(r);
    }
    assert_int_equal(answered, 2);
    assert_string_equal(line, "exit 0");
    assert_string_equal(strtok(NULL, "\n"), "left /proc/1");
    free(out);
}

/* ---- one network namespace per template, whoever the host is ---- */

#ifndef SO_NETNS_COOKIE
#define SO_NETNS_COOKIE 71
#endif
/* The run's network namespace (SO_NETNS_COOKIE) and its interfaces: only the layers that do
 * not touch sockets stay on. */
#define NETNS_PROBE                                                                                \
    "import socket\\n"                                                                             \
    "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\\n"                                      \
    "c = int.from_bytes(s.getsockopt(socket.SOL_SOCKET, 71, 8), 'little')\\n"                      \
    "result = {'cookie': str(c), 'ifs': [n for _, n in socket.if_nameindex()]}\\n"
#define NETNS_ENV "PYWARDEN_TEST_DISABLE_LAYERS=audit,seccomp,landlock"

static unsigned long long host_netns_cookie(void)
{
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    unsigned long long cookie = 0;
    socklen_t len = sizeof cookie;
    bool ok = fd >= 0 && getsockopt(fd, SOL_SOCKET, SO_NETNS_COOKIE, &cookie, &len) == 0;
    if (fd >= 0) close(fd);
    if (!ok) {
        print_message("SKIPPED: no SO_NETNS_COOKIE (Linux 5.14)\n");
        skip();
    }
    return cookie;
}

/* Two runs' cookies, checked for a namespace of their own holding only lo, and for whether
 * stats.layers claims namespaces. */
static void netns_cookies(const context *c, bool warm, bool claimed, char cookies[2][32])
{
    char req[512];
    snprintf(req, sizeof req, "{\"code\":%s,\"work_dir\":\"%s\"}\n", "\"" NETNS_PROBE "\"", work);
    const char *cold[] = {PW_BIN, "run", NULL};
    const char *serve[] = {PW_BIN, "serve", "--workers", "1", NULL};
    const char *env[] = {NETNS_ENV, NULL};
    char both[1024];
    snprintf(both, sizeof both, "%s%s", req, req);
    char *out = warm ? run_in(c, serve, both, env) : NULL;
    char *line = warm ? strtok(out, "\n") : NULL;
    for (int i = 0; i < 2; i++) {
        char *one = warm ? NULL : run_in(c, cold, req, env);
        cJSON *r = cJSON_Parse(warm ? line : one);
        if (!r) fail_msg("%s: pywarden printed: %s", c->name, warm ? line : one);
        t_assert_ok(r);
        const cJSON *res = cJSON_GetObjectItem(r, "result");
        const cJSON *ifs = cJSON_GetObjectItem(res, "ifs");
        assert_int_equal(cJSON_GetArraySize(ifs), 1);
        assert_string_equal(cJSON_GetStringValue(cJSON_GetArrayItem(ifs, 0)), "lo");
        if (has_layer(r, "namespaces") != claimed)
            fail_msg("%s, %s: namespaces %sclaimed", c->name, warm ? "warm" : "cold",
                     claimed ? "not " : "");
        snprintf(cookies[i], 32, "%s", cJSON_GetStringValue(cJSON_GetObjectItem(res, "cookie")));
        cJSON_Delete(r);
        free(one);
        if (warm) line = strtok(NULL, "\n");
    }
    free(out);
}

/* A warm template makes the network namespace once for all its runs, as root and, in a user
 * namespace of its own, as any other user (one per run would cost ~0.7 ms of CPU each);
 * cold runs each get their own (the control). */
static void one_network_namespace_per_template(void **state)
{
    const context *c = *state;
    require_context(c);
    char host[32], warm[2][32], cold[2][32];
    snprintf(host, sizeof host, "%llu", host_netns_cookie());
    netns_cookies(c, true, true, warm);
    netns_cookies(c, false, true, cold);
    assert_string_equal(warm[0], warm[1]);
    assert_string_not_equal(cold[0], cold[1]);
    assert_string_not_equal(warm[0], host);
    assert_string_not_equal(cold[0], host);
}

/* Where user namespaces are refused but pywarden holds CAP_SYS_ADMIN (root in `unshare -r`
 * with user.max_user_namespaces 0), cold and warm runs alike leave the host's network: only
 * the warm template's runs did (it makes theirs without a user namespace), cold runs stayed
 * in the host's. Neither claims the layer, which is a user namespace first. */
static void the_network_is_left_cold_and_warm_without_user_namespaces(void **state)
{
    (void)state;
    const context *c = &no_room[0];
    require_context(c);
    char host[32], warm[2][32], cold[2][32];
    snprintf(host, sizeof host, "%llu", host_netns_cookie());
    netns_cookies(c, true, false, warm);
    netns_cookies(c, false, false, cold);
    assert_string_not_equal(warm[0], host);
    assert_string_not_equal(cold[0], host);
    assert_string_not_equal(cold[0], cold[1]);
}

/* ---- signals and abstract sockets without Landlock's scopes ---- */

typedef struct {
    const char *name;
    const context *ctx;
    bool warm;
    const char *disable; /* PYWARDEN_TEST_DISABLE_LAYERS=... */
    const char *abi;     /* PYWARDEN_TEST_LANDLOCK_ABI=... or NULL */
    bool control;        /* seccomp off too: shows the attack works when nothing stops it */
} scope_case;

#define ROOT (&contexts[0])
#define OTHER (&contexts[1])
#define NOUSERNS (&contexts[4])
#define NOUSERNS_OTHER (&contexts[5])
#define AUDIT_OFF "PYWARDEN_TEST_DISABLE_LAYERS=audit"
#define LL_OFF "PYWARDEN_TEST_DISABLE_LAYERS=audit,landlock"
#define ALL_OFF "PYWARDEN_TEST_DISABLE_LAYERS=audit,landlock,seccomp"
#define ABI5 "PYWARDEN_TEST_LANDLOCK_ABI=5"

static const scope_case signal_cases[] = {
    {"root, ABI 5, cold", ROOT, false, AUDIT_OFF, ABI5, false},
    {"root, ABI 5, warm", ROOT, true, AUDIT_OFF, ABI5, false},
    {"root, Landlock off, cold", ROOT, false, LL_OFF, NULL, false},
    {"root, Landlock off, warm", ROOT, true, LL_OFF, NULL, false},
    {"non-root, ABI 5, cold", OTHER, false, AUDIT_OFF, ABI5, false},
    {"non-root, ABI 5, warm", OTHER, true, AUDIT_OFF, ABI5, false},
    {"non-root, Landlock off, cold", OTHER, false, LL_OFF, NULL, false},
    {"non-root, Landlock off, warm", OTHER, true, LL_OFF, NULL, false},
    {"root, nothing but namespaces (control)", ROOT, false, ALL_OFF, NULL, true},
    {"non-root, nothing but namespaces (control)", OTHER, true, ALL_OFF, NULL, true},
};

static const scope_case socket_cases[] = {
    {"no userns, root, ABI 5, cold", NOUSERNS, false, AUDIT_OFF, ABI5, false},
    {"no userns, root, ABI 5, warm", NOUSERNS, true, AUDIT_OFF, ABI5, false},
    {"no userns, non-root, Landlock off, cold", NOUSERNS_OTHER, false, LL_OFF, NULL, false},
    {"no userns, non-root, Landlock off, warm", NOUSERNS_OTHER, true, LL_OFF, NULL, false},
    {"no userns, root, no seccomp (control)", NOUSERNS, false, ALL_OFF, NULL, true},
};

/* Runs attack `name` in the case's context and mode with inputs (a JSON object text) plus
 * "pywarden_pid": pywarden's own pid (the supervisor cold, serve warm). */
static cJSON *run_scoped(const scope_case *k, const char *name, const char *inputs)
{
    const char *cold[] = {PW_BIN, "run", NULL};
    const char *warm[] = {PW_BIN, "serve", "--workers", "1", NULL};
    const char *env[] = {k->disable, k->abi, NULL};
    proc p = spawn_in(k->ctx, k->warm ? warm : cold, env);
    char *code = t_attack_source(name);
    cJSON *req = cJSON_CreateObject();
    cJSON_AddStringToObject(req, "code", code);
    cJSON *in = cJSON_AddItemToObject(req, "inputs", cJSON_Parse(inputs))
                    ? cJSON_GetObjectItem(req, "inputs")
                    : NULL;
    assert_non_null(in);
    cJSON_AddNumberToObject(in, "pywarden_pid", (double)p.pid);
    cJSON_AddStringToObject(req, "policy", "default");
    cJSON_AddStringToObject(req, "work_dir", work);
    char *text = cJSON_PrintUnformatted(req);
    size_t len = strlen(text);
    text = realloc(text, len + 2);
    memcpy(text + len, "\n", 2);
    char *out = finish(p, text);
    cJSON *r = cJSON_Parse(out);
    if (!r) fail_msg("%s: pywarden printed: %s", k->name, out);
    free(out);
    free(text);
    cJSON_Delete(req);
    free(code);
    return r;
}

/* A process of the host's user that the run must not reach. */
static pid_t start_sibling(const context *c)
{
    const char *args[] = {"sleep", "60", NULL};
    proc p = spawn_in(c, args, NULL);
    close(p.in);
    close(p.out);
    return p.pid;
}

static void signals_reach_only_the_run(void **state)
{
    const scope_case *k = *state;
    require_context(k->ctx);
    pid_t sibling = start_sibling(k->ctx);
    char inputs[128];
    snprintf(inputs, sizeof inputs, "{\"targets\":{\"sibling\":%d}}", (int)sibling);
    cJSON *r = run_scoped(k, "signal_host", inputs);
    t_assert_ok(r);
    const cJSON *res = cJSON_GetObjectItem(r, "result");
    const cJSON *route, *target;
    if (k->control) {
        /* Nothing but the namespaces: the same uid may signal the host (the test would
         * otherwise pass for a broken script). */
        const cJSON *kill = cJSON_GetObjectItem(cJSON_GetObjectItem(res, "others"), "kill");
        assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(kill, "parent")), "sent");
        assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(kill, "sibling")), "sent");
    } else {
        cJSON_ArrayForEach(route, cJSON_GetObjectItem(res, "others"))
        {
            cJSON_ArrayForEach(target, route)
            {
                if (strcmp(cJSON_GetStringValue(target), "EPERM") != 0)
                    fail_msg("%s: %s to %s gave %s, want EPERM: %s", k->name, route->string,
                             target->string, cJSON_GetStringValue(target), t_result_text(r));
            }
        }
        assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(res, "kill_all")), "EPERM");
        cJSON_ArrayForEach(route, cJSON_GetObjectItem(res, "self"))
        {
            if (strcmp(cJSON_GetStringValue(route), "sent") != 0)
                fail_msg("%s: the run cannot signal itself by %s: %s", k->name, route->string,
                         t_result_text(r));
        }
    }
    /* Signal 0 delivers nothing; the sibling is still there either way. */
    assert_int_equal(kill(sibling, 0), 0);
    kill(sibling, SIGKILL);
    waitpid(sibling, NULL, 0);
    cJSON_Delete(r);
}

static int bind_abstract(int type, const char *name)
{
    int s = socket(AF_UNIX, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    memcpy(a.sun_path + 1, name, strlen(name));
    socklen_t len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + strlen(name));
    assert_true(s >= 0);
    assert_int_equal(bind(s, (struct sockaddr *)&a, len), 0);
    if (type == SOCK_STREAM) assert_int_equal(listen(s, 4), 0);
    return s;
}

static void abstract_sockets_stay_out_of_reach(void **state)
{
    const scope_case *k = *state;
    require_context(k->ctx);
    char stream_name[64], dgram_name[64];
    snprintf(stream_name, sizeof stream_name, "pywarden-ctx-%d", (int)getpid());
    snprintf(dgram_name, sizeof dgram_name, "pywarden-ctx-dgram-%d", (int)getpid());
    int st = bind_abstract(SOCK_STREAM, stream_name), dg = bind_abstract(SOCK_DGRAM, dgram_name);
    char inputs[256];
    snprintf(inputs, sizeof inputs, "{\"abstract\":\"%s\",\"abstract_dgram\":\"%s\"}", stream_name,
             dgram_name);
    cJSON *r = run_scoped(k, "abstract_unix_reach", inputs);
    t_assert_ok(r);
    const cJSON *res = cJSON_GetObjectItem(r, "result");
    char got[8];
    ssize_t n = recv(dg, got, sizeof got, 0);
    int c = accept(st, NULL, NULL);
    if (k->control) {
        /* Without seccomp and without a network namespace the host is reachable. */
        assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(res, "dgram_sendto")), "done");
        assert_true(n > 0);
    } else {
        const char *routes[] = {"dgram_sendto", "dgram_connect", "stream_bind", "stream_connect"};
        for (size_t i = 0; i < 4; i++) {
            const char *v = cJSON_GetStringValue(cJSON_GetObjectItem(res, routes[i]));
            if (strcmp(v, "EPERM") != 0)
                fail_msg("%s: %s gave %s, want EPERM", k->name, routes[i], v);
        }
        assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(res, "stream_pair")), "done");
        assert_true(n < 0 && errno == EAGAIN);
        assert_true(c < 0);
    }
    if (c >= 0) close(c);
    close(st);
    close(dg);
    cJSON_Delete(r);
}

static const scope_case truncate_cases[] = {
    {"root, ABI 2, cold", ROOT, false, AUDIT_OFF, "PYWARDEN_TEST_LANDLOCK_ABI=2", false},
    {"non-root, ABI 2, warm", OTHER, true, AUDIT_OFF, "PYWARDEN_TEST_LANDLOCK_ABI=2", false},
    /* mounts off too: its read-only bind of the work directory would refuse the truncate */
    {"root, ABI 2, no seccomp (control)", ROOT, false,
     "PYWARDEN_TEST_DISABLE_LAYERS=audit,seccomp,mounts", "PYWARDEN_TEST_LANDLOCK_ABI=2", true},
};

/* Landlock fences truncate only from ABI 3 (Linux 6.2; Debian 12 has ABI 2): below that the
 * per-run seccomp filter refuses truncate(path) so a read-only input stays whole. */
static void truncate_refused_below_abi_3(void **state)
{
    const scope_case *k = *state;
    require_context(k->ctx);
    char path[256], inputs[300];
    snprintf(path, sizeof path, "%s/data.txt", work);
    t_write_file(path, "input\n");
    chmod(path, 0666); /* the uid may write it: only the layers stand in the way */
    snprintf(inputs, sizeof inputs, "{\"work\":\"%s\"}", work);
    cJSON *r = run_scoped(k, "truncate_readonly_input", inputs);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    if (k->control) {
        t_assert_ok(r);
        assert_int_equal(st.st_size, 0);
    } else {
        t_assert_error(r, "exception", "Operation not permitted");
        assert_int_equal(st.st_size, 6);
    }
    unlink(path);
    cJSON_Delete(r);
}

/* ---- what a supervisor killed by SIGKILL leaves ---- */

/* How many entries of dir, but those starting with '.', start with prefix; the first into
 * first. The test is root: a nest's mode 0300 does not keep it from listing. */
static int entries(const char *dir, const char *prefix, char *first, size_t cap)
{
    DIR *d = opendir(dir);
    int n = 0;
    for (struct dirent *e; d && (e = readdir(d));) {
        if (e->d_name[0] == '.' || strncmp(e->d_name, prefix, strlen(prefix))) continue;
        if (!n++ && first) snprintf(first, cap, "%s", e->d_name);
    }
    if (d) closedir(d);
    return n;
}

/* Whether the run's file "left" is in the single entry of nest, or one level further down
 * (a pool's runs are in an entry of their own); its path into path. */
static bool left_in(const char *nest, char *path, size_t cap)
{
    char name[256], sub[256], dir[PATH_MAX * 2];
    if (entries(nest, "pywarden-run-", name, sizeof name) != 1) return false;
    snprintf(dir, sizeof dir, "%s/%s", nest, name);
    snprintf(path, cap, "%s/left", dir);
    if (access(path, F_OK) == 0) return true;
    if (entries(dir, "pywarden-run-", sub, sizeof sub) != 1) return false;
    snprintf(path, cap, "%s/%s/left", dir, sub);
    return access(path, F_OK) == 0;
}

#define LEAVE_A_FILE                                                                               \
    "import tempfile, time\nopen(tempfile.gettempdir() + '/left', 'w').close()\ntime.sleep(120)\n"

/* Where a run's temporary directory is one on the host (user namespaces refused: no view), a
 * `pywarden run` or `serve` SIGKILLed left it, with what the run wrote, in the nest that lists
 * nothing, for good. The next run's supervisor removes it (the lease the killed one left is no
 * longer locked), and leaves nothing of its own. */
static void killed_supervisor_leaves_nothing(const context *c, const char *const *args,
                                             const char *request)
{
    require_context(c);
    char *base = strdup(t_mkdtemp());
    chmod(base, 01777); /* OTHER_UID's TMPDIR */
    char env_tmp[PATH_MAX + 8], nest[PATH_MAX], path[PATH_MAX * 3], name[256];
    snprintf(env_tmp, sizeof env_tmp, "TMPDIR=%s", base);
    snprintf(nest, sizeof nest, "%s/pywarden-runs-%s", base, c->as_other ? OTHER_UID : "0");
    const char *env[] = {env_tmp, NULL};
    proc p = spawn_in(c, args, env);
    if (request) assert_int_equal(write(p.in, request, strlen(request)), (ssize_t)strlen(request));
    bool made = false; /* the run's file in its directory: then it is SIGKILLed */
    for (int i = 0; i < 12000 && !(made = left_in(nest, path, sizeof path)); i++)
        usleep(10000);
    assert_true(made);
    kill(p.pid, SIGKILL);
    assert_int_equal(waitpid(p.pid, NULL, 0), p.pid);
    close(p.in);
    close(p.out);
    const char *quick[] = {PW_BIN, "run", "--work-dir", work, "--code", "result = 1", NULL};
    char *out = run_in(c, quick, NULL, env);
    cJSON *r = cJSON_Parse(out);
    if (!r) fail_msg("%s: pywarden run printed: %s", c->name, out);
    t_assert_ok(r);
    if (entries(nest, "pywarden-run-", name, sizeof name))
        fail_msg("%s: %s/%s is left", c->name, nest, name);
    snprintf(path, sizeof path, "%s/leases", nest);
    assert_int_equal(entries(path, "", NULL, 0), 0);
    cJSON_Delete(r);
    free(out);
    t_rmtree(base);
    free(base);
}

static void a_killed_run_leaves_no_directory(void **state)
{
    const char *slow[] = {PW_BIN, "run", "--work-dir", work, "--code", LEAVE_A_FILE, NULL};
    killed_supervisor_leaves_nothing(*state, slow, NULL);
}

/* serve's runs are made in one entry it leases for its life (they had no lease at all). */
static void a_killed_serve_leaves_no_directory(void **state)
{
    const char *serve[] = {PW_BIN, "serve", "--workers", "1", NULL};
    cJSON *req = cJSON_CreateObject();
    cJSON_AddStringToObject(req, "code", LEAVE_A_FILE);
    cJSON_AddStringToObject(req, "work_dir", work);
    char *text = cJSON_PrintUnformatted(req), line[2048];
    snprintf(line, sizeof line, "%s\n", text);
    killed_supervisor_leaves_nothing(*state, serve, line);
    free(text);
    cJSON_Delete(req);
}

/* ---- the table ---- */

static int setup(void **state)
{
    (void)state;
    work = strdup(t_mkdtemp());
    chmod(work, 0755); /* OTHER_UID reads it */
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    t_rmtree(work);
    free(work);
    return 0;
}

int main(void)
{
    size_t nsig = sizeof signal_cases / sizeof *signal_cases;
    size_t nsock = sizeof socket_cases / sizeof *socket_cases;
    size_t ntrunc = sizeof truncate_cases / sizeof *truncate_cases;
    const context *netns_contexts[] = {&contexts[0], &contexts[1], &contexts[3]};
    size_t nnet = sizeof netns_contexts / sizeof *netns_contexts;
    size_t n = NCTX * 6 + (END_CONTAINERS - FIRST_CONTAINER) + nsig + nsock + ntrunc + nnet + 15,
           t = 0;
    struct CMUnitTest *tests = calloc(n, sizeof *tests);
    char **names = calloc(n, sizeof *names);
    static const struct {
        const char *what;
        CMUnitTestFunction fn;
    } per_context[] = {{"shipped policies, cold", shipped_policies_cold},
                       {"shipped policies, warm", shipped_policies_warm},
                       {"doctor", doctor_says_what_applies},
                       {"max_processes", thread_bound_where_the_kernel_counts},
                       {"writes into its work dir", writes_into_its_work_dir},
                       {"the same identity cold and warm", same_identity_cold_and_warm}};
    size_t nper = sizeof per_context / sizeof *per_context;
    for (size_t i = 0; i < NCTX; i++)
        for (size_t j = 0; j < nper; j++, t++) {
            names[t] = malloc(160);
            snprintf(names[t], 160, "%s [%s]", per_context[j].what, contexts[i].name);
            tests[t] =
                (struct CMUnitTest){names[t], per_context[j].fn, NULL, NULL, (void *)&contexts[i]};
        }
    for (size_t i = FIRST_CONTAINER; i < END_CONTAINERS; i++, t++) {
        names[t] = malloc(160);
        snprintf(names[t], 160, "required layers, doctor, pid 1 [%s]", contexts[i].name);
        tests[t] =
            (struct CMUnitTest){names[t], container_outcomes, NULL, NULL, (void *)&contexts[i]};
    }
    for (size_t i = 0; i < nsig; i++, t++) {
        names[t] = malloc(160);
        snprintf(names[t], 160, "signals reach only the run [%s]", signal_cases[i].name);
        tests[t] = (struct CMUnitTest){names[t], signals_reach_only_the_run, NULL, NULL,
                                       (void *)&signal_cases[i]};
    }
    for (size_t i = 0; i < nsock; i++, t++) {
        names[t] = malloc(160);
        snprintf(names[t], 160, "abstract unix sockets out of reach [%s]", socket_cases[i].name);
        tests[t] = (struct CMUnitTest){names[t], abstract_sockets_stay_out_of_reach, NULL, NULL,
                                       (void *)&socket_cases[i]};
    }
    for (size_t i = 0; i < ntrunc; i++, t++) {
        names[t] = malloc(160);
        snprintf(names[t], 160, "truncate refused below Landlock ABI 3 [%s]",
                 truncate_cases[i].name);
        tests[t] = (struct CMUnitTest){names[t], truncate_refused_below_abi_3, NULL, NULL,
                                       (void *)&truncate_cases[i]};
    }
    for (size_t i = 0; i < nnet; i++, t++) {
        names[t] = malloc(160);
        snprintf(names[t], 160, "one network namespace per template [%s]", netns_contexts[i]->name);
        tests[t] = (struct CMUnitTest){names[t], one_network_namespace_per_template, NULL, NULL,
                                       (void *)netns_contexts[i]};
    }
    names[t] = strdup("network namespaces refused: the layer is not claimed, cold and warm");
    tests[t++] = (struct CMUnitTest){names[t - 1], network_namespaces_refused, NULL, NULL, NULL};
    names[t] = strdup("pidfd_open refused: cold runs go on, serve says why it cannot");
    tests[t++] = (struct CMUnitTest){names[t - 1], cold_runs_without_pidfds, NULL, NULL, NULL};
    for (size_t i = 0; i < 2; i++, t++) {
        names[t] = malloc(160);
        snprintf(names[t], 160, "no room for a user namespace [%s]", no_room[i].name);
        tests[t] = (struct CMUnitTest){names[t], doctor_says_why_there_is_no_room, NULL, NULL,
                                       (void *)&no_room[i]};
    }
    names[t] = strdup("no user namespace but CAP_SYS_ADMIN: cold and warm leave the network");
    tests[t++] = (struct CMUnitTest){
        names[t - 1], the_network_is_left_cold_and_warm_without_user_namespaces, NULL, NULL, NULL};
    const context *killed[] = {NOUSERNS, NOUSERNS_OTHER};
    for (size_t i = 0; i < 2; i++, t++) {
        names[t] = malloc(160);
        snprintf(names[t], 160, "a SIGKILLed run leaves no directory [%s]", killed[i]->name);
        tests[t] = (struct CMUnitTest){names[t], a_killed_run_leaves_no_directory, NULL, NULL,
                                       (void *)killed[i]};
    }
    for (size_t i = 0; i < 2; i++, t++) {
        names[t] = malloc(160);
        snprintf(names[t], 160, "a SIGKILLed serve leaves no directory [%s]", killed[i]->name);
        tests[t] = (struct CMUnitTest){names[t], a_killed_serve_leaves_no_directory, NULL, NULL,
                                       (void *)killed[i]};
    }
    names[t] = strdup("/proc/sys read-only: doctor notes that runs can nest user namespaces");
    tests[t++] = (struct CMUnitTest){names[t - 1], doctor_notes_nesting, NULL, NULL, NULL};
    names[t] = strdup("no writable TMPDIR, /tmp or /var/tmp without the view: doctor says so");
    tests[t++] =
        (struct CMUnitTest){names[t - 1], doctor_notes_no_temporary_directory, NULL, NULL, NULL};
    names[t] = strdup("no process can be made: doctor says so, runs fail");
    tests[t++] =
        (struct CMUnitTest){names[t - 1], doctor_where_no_process_can_start, NULL, NULL, NULL};
    names[t] = strdup("a host filter that kills: doctor names it, best-effort layers skipped");
    tests[t++] = (struct CMUnitTest){names[t - 1], a_host_filter_that_kills, NULL, NULL, NULL};
    names[t] = strdup("doctor's notes say what runs get without /proc or user namespaces");
    tests[t++] = (struct CMUnitTest){names[t - 1], doctor_notes_what_runs_get, NULL, NULL, NULL};
    names[t] = strdup("memfd_create refused: the large request fails alone");
    tests[t++] = (struct CMUnitTest){names[t - 1], a_request_without_a_memfd_harms_no_other_run,
                                     NULL, NULL, NULL};
    if (t != n) { /* a test added without counting it: run none, rather than NULL slots */
        fprintf(stderr, "test_contexts: %zu tests listed for %zu slots\n", t, n);
        return 1;
    }
    int rc = _cmocka_run_group_tests("contexts", tests, n, setup, teardown);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    free(tests);
    return rc;
}
