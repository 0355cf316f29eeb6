/* The kernel layers as a user sees them: what stats.layers reports, the limits the run gets,
 * that real work (numpy, the stdlib) runs under every layer, and `pywarden doctor`. */
#include "helpers.h"
#include "layers.h"

#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static bool has_layer(const cJSON *r, const char *name)
{
    const cJSON *l;
    cJSON_ArrayForEach(l, cJSON_GetObjectItem(cJSON_GetObjectItem(r, "stats"),
                                              "layers")) if (strcmp(cJSON_GetStringValue(l),
                                                                    name) == 0) return true;
    return false;
}

/* Twice: a cold run builds its namespaces and view in a helper beside its interpreter's
 * start, except where it may use one CPU only (then in line, as a warm spare does). */
static void default_policy_reports_every_layer(void **state)
{
    (void)state;
    cpu_set_t all, one;
    assert_int_equal(sched_getaffinity(0, sizeof all, &all), 0);
    CPU_ZERO(&one);
    for (int cpu = 0; cpu < CPU_SETSIZE; cpu++)
        if (CPU_ISSET(cpu, &all)) {
            CPU_SET(cpu, &one);
            break;
        }
    for (int pinned = 0; pinned < 2; pinned++) {
        if (pinned) assert_int_equal(sched_setaffinity(0, sizeof one, &one), 0);
        cJSON *r = t_run_code("result = 1", NULL, NULL);
        if (pinned) assert_int_equal(sched_setaffinity(0, sizeof all, &all), 0);
        t_assert_ok(r);
        const char *want[] = {"audit",    "fds",     "rlimit",     "noproc",
                              "landlock", "seccomp", "namespaces", "mounts"};
        for (size_t i = 0; i < sizeof want / sizeof *want; i++)
            if (!has_layer(r, want[i]))
                fail_msg("stats.layers lacks %s (pinned %d)", want[i], pinned);
        cJSON_Delete(r);
    }
}

/* In a forked test process whose host change() made (false: it could not), a cold run of
 * `result = 1` answers ok with every layer of want. */
static void cold_run_ok_in_changed_host(bool (*change)(void), const char *const *want)
{
    pid_t pid = fork();
    if (pid == 0) {
        if (!change()) _exit(2);
        char *out = pw_run("{\"code\": \"result = 1\"}");
        bool ok = out && strstr(out, "\"ok\":true");
        for (size_t i = 0; ok && want[i]; i++) {
            char quoted[64];
            snprintf(quoted, sizeof quoted, "\"%s\"", want[i]);
            ok = strstr(out, quoted) != NULL;
        }
        if (!ok) fprintf(stderr, "%s\n", out ? out : "(null)");
        _exit(ok ? 0 : 1);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

/* A filter that answers setns with EPERM and lets everything else through. */
static bool refuse_setns(void)
{
#if defined(__x86_64__)
    const uint32_t arch = AUDIT_ARCH_X86_64;
#else
    const uint32_t arch = AUDIT_ARCH_AARCH64;
#endif
    struct sock_filter code[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, arch, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_setns, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog prog = {.len = sizeof code / sizeof *code, .filter = code};
    return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 &&
           prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) == 0;
}

/* A mount namespace of this process's own without /proc. */
static bool hide_proc(void)
{
    return unshare(CLONE_NEWNS) == 0 && mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0 &&
           umount2("/proc", MNT_DETACH) == 0;
}

/* A host whose seccomp profile lets unshare through but refuses setns (a container's custom
 * profile): a cold run cannot join the namespaces its helper built, and builds them itself
 * instead of failing. */
static void cold_run_builds_its_view_itself_where_setns_is_refused(void **state)
{
    (void)state;
    cold_run_ok_in_changed_host(refuse_setns, (const char *const[]){"namespaces", "mounts", NULL});
}

/* A host without /proc (a bare chroot or container): the run cannot see which namespaces its
 * helper made, and builds them itself, with what the host allows (the view needs /proc for
 * its id maps; it is best_effort in the default policy). Needs root for the test's own mount
 * namespace. */
static void cold_run_without_proc_builds_in_line(void **state)
{
    (void)state;
    if (geteuid() != 0) skip();
    cold_run_ok_in_changed_host(hide_proc, (const char *const[]){"namespaces", NULL});
}

static void numpy_matmul_under_every_layer(void **state)
{
    (void)state;
    const char *code = "import numpy as np\n"
                       "a = np.arange(40000, dtype=np.float64).reshape(200, 200)\n"
                       "b = a @ a.T\n"
                       "result = {'trace': float(np.trace(b)), 'shape': list(b.shape)}\n";
    cJSON *r = t_run_code(code, NULL, "{\"policy\":\"data\"}");
    t_assert_ok(r);
    assert_non_null(strstr(t_result_text(r), "\"shape\":[200,200]"));
    const char *want[] = {"audit",  "rlimit",   "noproc", "namespaces",
                          "mounts", "landlock", "seccomp"};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        if (!has_layer(r, want[i])) fail_msg("numpy ran without layer %s", want[i]);
    cJSON_Delete(r);
}

static void stdlib_works_under_kernel_layers(void **state)
{
    (void)state;
    const char *code =
        "import json, decimal, datetime, hashlib, sqlite3, threading, asyncio, random, re, zlib\n"
        "import zoneinfo, time\n"
        "db = sqlite3.connect(':memory:')\n"
        "t = threading.Thread(target=time.sleep, args=(0.01,)); t.start(); t.join()\n"
        "tz = zoneinfo.ZoneInfo('Europe/Paris')\n"
        "result = {'sq': db.execute('select 6*7').fetchone()[0],\n"
        "          'h': hashlib.sha256(b'x').hexdigest()[:8],\n"
        "          'tz': datetime.datetime(2024, 7, 1, tzinfo=tz).utcoffset().seconds,\n"
        "          'r': random.random() < 1}\n";
    cJSON *r = t_run_code(code, NULL, "{\"policy\":\"data\"}");
    t_assert_ok(r);
    assert_string_equal(t_result_text(r), "{\"sq\":42,\"h\":\"2d711642\",\"tz\":7200,\"r\":true}");
    cJSON_Delete(r);
}

#ifdef PW_TEST_SWITCHES
/* Runs, and the templates they are forked from, are what the kernel kills first when memory
 * runs out (oom_score_adj 1000), not serve or the host; cold and warm. /proc is read with
 * the layers that hide it off. */
static void runs_are_the_oom_killers_first_choice(void **state)
{
    (void)state;
    setenv("PYWARDEN_TEST_DISABLE_LAYERS", "mounts,landlock,audit", 1);
    for (int warm = 0; warm < 2; warm++) {
        cJSON *r = t_run_code_in(warm, "result = open('/proc/self/oom_score_adj').read().strip()",
                                 NULL, NULL);
        t_assert_ok(r);
        assert_string_equal(t_result_text(r), "\"1000\"");
        cJSON_Delete(r);
    }
    t_pool_stop();
    unsetenv("PYWARDEN_TEST_DISABLE_LAYERS");
}

#if defined(__x86_64__) /* the call numbers below are x86_64's */
/* Classic BPF as the kernel runs a seccomp program, for the instructions the per-run program
 * uses: its answer to one call. */
static uint32_t bpf_answer(const struct sock_filter *code, unsigned short len,
                           const struct seccomp_data *d)
{
    uint32_t a = 0;
    for (unsigned pc = 0; pc < len; pc++) {
        const struct sock_filter *i = &code[pc];
        switch (i->code) {
        case BPF_LD | BPF_W | BPF_ABS:
            assert_true(i->k + sizeof a <= sizeof *d);
            memcpy(&a, (const char *)d + i->k, sizeof a);
            break;
        case BPF_ALU | BPF_AND | BPF_K:
            a &= i->k;
            break;
        case BPF_JMP | BPF_JEQ | BPF_K:
            pc += a == i->k ? i->jt : i->jf;
            break;
        case BPF_JMP | BPF_JGE | BPF_K:
            pc += a >= i->k ? i->jt : i->jf;
            break;
        case BPF_RET | BPF_K:
            return i->k;
        default:
            fail_msg("instruction %u: unexpected code %#x", pc, i->code);
        }
    }
    fail_msg("the program ran off its end");
    return 0;
}

/* What README's seccomp rows promise of the per-run program, call by call. */
static uint32_t promised(long nr, const __u64 *args, bool truncate, bool attach, bool sendmsg)
{
    const uint32_t allow = SECCOMP_RET_ALLOW, eperm = SECCOMP_RET_ERRNO | EPERM,
                   enosys = SECCOMP_RET_ERRNO | ENOSYS, self = (uint32_t)getpid();
    const long denied[] = {
        SYS_fork, SYS_vfork, SYS_execve, SYS_execveat, SYS_setuid, SYS_setreuid, SYS_setresuid,
        SYS_umount2, SYS_pivot_root, SYS_unshare, SYS_pidfd_open, SYS_setpgid,
        /* SysV IPC: this test process entered no IPC namespace */
        SYS_shmget, SYS_shmat, SYS_shmctl, SYS_shmdt, SYS_semget, SYS_semop, SYS_semctl,
        SYS_semtimedop, SYS_msgget, SYS_msgsnd, SYS_msgrcv, SYS_msgctl, SYS_mq_open, SYS_mq_unlink,
        SYS_mq_timedsend, SYS_mq_timedreceive, SYS_mq_notify, SYS_mq_getsetattr};
    for (size_t i = 0; i < sizeof denied / sizeof *denied; i++)
        if (nr == denied[i]) return eperm;
    if (nr >= 457 || nr == SYS_clone3) return enosys;
    if ((nr == SYS_mount || nr == SYS_mount_setattr || nr == SYS_seccomp) && attach) return eperm;
    if (nr == SYS_truncate && truncate) return eperm;
    if ((nr == SYS_sendmsg || nr == SYS_sendmmsg) && sendmsg) return eperm;
    uint32_t a0 = (uint32_t)args[0];
    if (nr == SYS_kill || nr == SYS_tgkill || nr == SYS_rt_sigqueueinfo ||
        nr == SYS_rt_tgsigqueueinfo)
        return a0 == self || a0 == 0 || a0 == (uint32_t)-self ? allow : eperm;
    if (nr == SYS_clone)
        return (a0 & (CLONE_THREAD | CLONE_FILES)) == (CLONE_THREAD | CLONE_FILES) ? allow : eperm;
    if (nr == SYS_landlock_create_ruleset) return (uint32_t)args[2] == 0 ? eperm : allow;
    return allow;
}

/* The per-run program is a search tree over the call numbers it singles out: every number
 * from 0 to past the newest, with the arguments its rules look at, gets what is promised, and
 * another arch passes (the base program kills it). */
static void per_run_program_answers_every_call_as_promised(void **state)
{
    (void)state;
    const uint32_t self = (uint32_t)getpid();
    const uint64_t thread = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
                            CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID |
                            CLONE_CHILD_CLEARTID;
    const uint64_t arg0s[] = {0,
                              self,
                              (uint32_t)-self,
                              (uint64_t)getppid(),
                              1,
                              SIGCHLD,
                              thread,
                              CLONE_THREAD,
                              thread & ~(uint64_t)CLONE_FILES};
    struct sock_filter code[PW_SECCOMP_RUN_MAX];
    for (int flags = 0; flags < 8; flags++) {
        bool truncate = flags & 1, attach = flags & 2, sendmsg = flags & 4;
        unsigned short len = pw_seccomp_run_program(code, truncate, attach, sendmsg);
        for (long nr = 0; nr < 600; nr++)
            for (size_t i = 0; i < sizeof arg0s / sizeof *arg0s; i++)
                for (uint64_t a2 = 0; a2 < 2; a2++) {
                    struct seccomp_data d = {.nr = (int)nr, .arch = AUDIT_ARCH_X86_64};
                    d.args[0] = arg0s[i];
                    d.args[2] = a2;
                    uint32_t got = bpf_answer(code, len, &d),
                             want = promised(nr, d.args, truncate, attach, sendmsg);
                    if (got != want)
                        fail_msg("call %ld, arg0 %#llx, arg2 %llu (flags %d): %#x, promised %#x",
                                 nr, (unsigned long long)arg0s[i], (unsigned long long)a2, flags,
                                 got, want);
                    d.arch = AUDIT_ARCH_I386;
                    assert_int_equal(bpf_answer(code, len, &d), SECCOMP_RET_ALLOW);
                }
    }
}
#else
static void per_run_program_answers_every_call_as_promised(void **state)
{
    (void)state;
    skip();
}
#endif

static void switched_off_layer_is_not_reported(void **state)
{
    (void)state;
    setenv("PYWARDEN_TEST_DISABLE_LAYERS", "seccomp,landlock", 1);
    cJSON *r = t_run_code("result = 1", NULL, NULL);
    unsetenv("PYWARDEN_TEST_DISABLE_LAYERS");
    t_assert_ok(r);
    assert_false(has_layer(r, "seccomp"));
    assert_false(has_layer(r, "landlock"));
    assert_true(has_layer(r, "noproc"));
    cJSON_Delete(r);
}

/* mimetypes reads the host's /etc/mime.types on its own: where the view is off (a container
 * refusing mount calls), open() of it was a refusal that failed guess_type itself. */
static void mimetypes_reads_the_host_table_without_the_view(void **state)
{
    (void)state;
    setenv("PYWARDEN_TEST_DISABLE_LAYERS", "namespaces,mounts", 1);
    cJSON *r =
        t_run_code("import mimetypes\nresult = mimetypes.guess_type('a.xlsx')[0]", NULL, NULL);
    unsetenv("PYWARDEN_TEST_DISABLE_LAYERS");
    t_assert_ok(r);
    assert_string_equal(t_result_text(r),
                        "\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\"");
    assert_false(has_layer(r, "mounts"));
    cJSON_Delete(r);
}

static void run_gets_the_policy_limits(void **state)
{
    (void)state;
    setenv("PYWARDEN_TEST_DISABLE_LAYERS", "audit", 1);
    cJSON *r = t_run_code("import resource as R\n"
                          "result = [R.getrlimit(x) for x in (R.RLIMIT_CPU, R.RLIMIT_FSIZE, "
                          "R.RLIMIT_NOFILE, R.RLIMIT_CORE, R.RLIMIT_NPROC, R.RLIMIT_MSGQUEUE)]",
                          NULL, NULL);
    unsetenv("PYWARDEN_TEST_DISABLE_LAYERS");
    t_assert_ok(r);
    assert_string_equal(t_result_text(r),
                        "[[60,61],[67108864,67108864],[256,256],[0,0],[32,32],[0,0]]");
    cJSON_Delete(r);
}

/* A cold and a warm run of code in a process under a host hard limit (ulimit -t, -v):
 * [cold result, warm result, doctor's notes]. */
static cJSON *runs_under_host_limit(int resource, rlim_t hard, const char *code)
{
    int p[2];
    assert_int_equal(pipe(p), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(p[0]);
        struct rlimit r = {hard, hard};
        if (setrlimit(resource, &r) != 0) _exit(1);
        cJSON *both = cJSON_CreateArray();
        cJSON_AddItemToArray(both, t_run_code(code, NULL, NULL));
        pw_pool *pool = t_pool_with_switches("", 1);
        cJSON_AddItemToArray(both, t_pool_run_code(pool, code, NULL, NULL));
        pw_pool_destroy(pool);
        const char *argv[] = {"pywarden", "doctor", "--json", NULL};
        char *out = NULL, *err = NULL;
        t_run_cli(argv, NULL, NULL, &out, &err);
        cJSON *d = cJSON_Parse(out);
        cJSON_AddItemToArray(both, cJSON_DetachItemFromObject(d, "notes"));
        char *text = cJSON_PrintUnformatted(both);
        _exit(write(p[1], text, strlen(text)) == (ssize_t)strlen(text) ? 0 : 1);
    }
    close(p[1]);
    char buf[16384];
    size_t n = 0;
    for (ssize_t got; n < sizeof buf - 1 && (got = read(p[0], buf + n, sizeof buf - 1 - n)) > 0;)
        n += (size_t)got;
    buf[n] = '\0';
    close(p[0]);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    cJSON *both = cJSON_Parse(buf);
    assert_int_equal(cJSON_GetArraySize(both), 3);
    return both;
}

/* A host hard limit below the policy's is the one a run has, and its error names it: at a
 * CPU hard limit the kernel sends SIGKILL without SIGXCPU, which read as "crashed" by the OOM
 * killer, and a lower RLIMIT_AS was reported as the policy's memory_mb. Cold and warm. */
static void host_limits_below_the_policy_are_named(void **state)
{
    (void)state;
    cJSON *both = runs_under_host_limit(RLIMIT_CPU, 4, "while True: pass");
    for (int warm = 0; warm < 2; warm++) {
        const cJSON *r = cJSON_GetArrayItem(both, warm);
        t_assert_error(r, "cpu_limit", "3 s: the host's RLIMIT_CPU is below the policy's cpu_s");
        assert_int_equal((int)t_err_num(r, "limit_s"), 3);
    }
    char *notes = cJSON_PrintUnformatted(cJSON_GetArrayItem(both, 2));
    assert_non_null(strstr(notes, "the host's hard RLIMIT_CPU (4 s) holds every run to 3 s"));
    free(notes);
    cJSON_Delete(both);
#ifndef PW_SANITIZED /* ASan reserves terabytes of address space: RLIMIT_AS cannot apply */
    both = runs_under_host_limit(RLIMIT_AS, (rlim_t)700 << 20, "x = bytearray(800 << 20)");
    for (int warm = 0; warm < 2; warm++) {
        const cJSON *r = cJSON_GetArrayItem(both, warm);
        t_assert_error(r, "memory_limit",
                       "MB: the host's RLIMIT_AS is below the policy's memory_mb");
        double mb = t_err_num(r, "limit_mb");
        assert_true(mb > 500 && mb <= 700);
    }
    notes = cJSON_PrintUnformatted(cJSON_GetArrayItem(both, 2));
    assert_non_null(strstr(notes, "the host's hard RLIMIT_AS holds every run to 700 MB"));
    free(notes);
    cJSON_Delete(both);
#endif
}

/* A host that grants real-time priority (an audio group's rtprio, systemd's LimitRTPRIO=)
 * grants none to its runs, and no run is dumpable (a piped core_pattern such as
 * systemd-coredump ignores RLIMIT_CORE), cold and warm. The test grants rtprio where it may
 * (CAP_SYS_RESOURCE; a container's root often lacks it). */
static void runs_get_no_realtime_priority_and_leave_no_core(void **state)
{
    (void)state;
    pid_t pid = fork();
    if (pid == 0) {
        struct rlimit rt = {50, 50};
        (void)setrlimit(RLIMIT_RTPRIO, &rt);
        setenv("PYWARDEN_TEST_DISABLE_LAYERS", "audit", 1);
        cJSON *r = cJSON_CreateObject();
        cJSON_AddStringToObject(
            r, "code",
            "import ctypes, os, resource as R\n"
            "try:\n"
            "    os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(1))\n"
            "    fifo = 'set'\n"
            "except OSError as e:\n"
            "    fifo = e.errno\n"
            "result = {'rtprio': R.getrlimit(R.RLIMIT_RTPRIO), 'nice': "
            "R.getrlimit(R.RLIMIT_NICE),\n"
            "          'fifo': fifo, 'dumpable': ctypes.CDLL(None).prctl(3, 0, 0, 0, 0)}");
        char *req = cJSON_PrintUnformatted(r), *error = NULL;
        cJSON_Delete(r);
        pw_pool *pool = pw_pool_create(NULL, 1, &error);
        char *outs[2] = {pw_run(req), pool ? pw_pool_run(pool, req) : NULL};
        bool ok = true;
        for (int warm = 0; warm < 2; warm++) {
            const char *want = "\"result\":{\"rtprio\":[0,0],\"nice\":[0,0],\"fifo\":1,"
                               "\"dumpable\":0}";
            bool this_ok = outs[warm] && strstr(outs[warm], want);
            if (!this_ok)
                fprintf(stderr, "%s: %s\n", warm ? "warm" : "cold",
                        outs[warm] ? outs[warm] : error);
            ok = ok && this_ok;
            pw_free(outs[warm]);
        }
        pw_pool_destroy(pool);
        free(req);
        _exit(ok ? 0 : 1);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}
#endif

static void doctor_reports_host_and_policies(void **state)
{
    (void)state;
    const char *argv[] = {"pywarden", "doctor", "--json", NULL};
    char *out, *err;
    assert_int_equal(t_run_cli(argv, NULL, NULL, &out, &err), 0);
    cJSON *d = cJSON_Parse(out);
    assert_non_null(d);
    const cJSON *k = cJSON_GetObjectItem(d, "kernel");
    assert_true(cJSON_GetNumberValue(cJSON_GetObjectItem(k, "landlock_abi")) >= 1);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(k, "seccomp")));
    const cJSON *def = cJSON_GetObjectItem(cJSON_GetObjectItem(d, "policies"), "default");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(def, "runs")));
    assert_string_equal(
        cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(def, "layers"), "landlock")),
        "on");
    assert_string_equal(
        cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(def, "layers"), "mounts")),
        "on");
    assert_non_null(strstr(
        cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(d, "python"), "version")),
        "3.11"));
    cJSON_Delete(d);
    free(out);
    free(err);
    const char *text[] = {"pywarden", "doctor", NULL};
    assert_int_equal(t_run_cli(text, NULL, NULL, &out, &err), 0);
    assert_non_null(strstr(out, "landlock"));
    free(out);
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(default_policy_reports_every_layer),
        cmocka_unit_test(cold_run_builds_its_view_itself_where_setns_is_refused),
        cmocka_unit_test(cold_run_without_proc_builds_in_line),
        cmocka_unit_test(numpy_matmul_under_every_layer),
        cmocka_unit_test(stdlib_works_under_kernel_layers),
#ifdef PW_TEST_SWITCHES
        cmocka_unit_test(per_run_program_answers_every_call_as_promised),
        cmocka_unit_test(runs_are_the_oom_killers_first_choice),
        cmocka_unit_test(switched_off_layer_is_not_reported),
        cmocka_unit_test(run_gets_the_policy_limits),
        cmocka_unit_test(host_limits_below_the_policy_are_named),
        cmocka_unit_test(mimetypes_reads_the_host_table_without_the_view),
        cmocka_unit_test(runs_get_no_realtime_priority_and_leave_no_core),
#endif
        cmocka_unit_test(doctor_reports_host_and_policies),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
