/* What each sandbox layer costs a cold run, measured two ways in the same process:
 *   2. end to end: pw_run of a trivial job with every layer on, then with one layer off
 *      (inline policies extending "default"), interleaved, median wall time each;
 *   1. in the child: the layer's apply call alone, timed inside a freshly forked child.
 *
 *   bench_layers [N]    N runs per variant (default 40). Not a test: timings vary. */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "layers.h"
#include "policy.h"
#include "pywarden.h"

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* ---- 1. end to end ---- */

static const char *const variants[][2] = {
    {"all layers on", ""},
    {"without rlimit", "\"rlimit\":\"off\""},
    {"without namespaces", "\"namespaces\":\"off\""},
    {"without mounts", "\"mounts\":\"off\""},
    {"without noproc", "\"noproc\":\"off\""},
    {"without landlock", "\"landlock\":\"off\""},
    {"without seccomp", "\"seccomp\":\"off\""},
    {"no kernel layer", "\"rlimit\":\"off\",\"namespaces\":\"off\",\"noproc\":\"off\","
                        "\"mounts\":\"off\",\"landlock\":\"off\",\"seccomp\":\"off\""},
};
#define NV (int)(sizeof variants / sizeof *variants)

static double run_once(const char *layers)
{
    char req[1024];
    snprintf(req, sizeof req,
             "{\"code\":\"def main(inputs):\\n    return {'n': inputs['n'] * 2}\","
             "\"inputs\":{\"n\":21},\"policy\":{\"extends\":\"default\",\"layers\":{%s}}}",
             layers);
    double t0 = now_us();
    char *out = pw_run(req);
    double dt = now_us() - t0;
    if (!out || !strstr(out, "\"ok\":true")) {
        fprintf(stderr, "bench_layers: run failed: %s\n", out ? out : "(null)");
        exit(1);
    }
    pw_free(out);
    return dt;
}

static void end_to_end(int n)
{
    double *t[NV];
    for (int v = 0; v < NV; v++)
        t[v] = calloc((size_t)n, sizeof(double));
    for (int v = 0; v < NV; v++)
        run_once(variants[v][1]); /* warm caches and the prepared seccomp filters */
    for (int i = 0; i < n; i++)
        for (int v = 0; v < NV; v++)
            t[v][i] = run_once(variants[v][1]);
    double all = median(t[0], n);
    printf("2. cold run end to end (pw_run, median of %d, interleaved)\n", n);
    printf("   %-20s %9s %11s %9s\n", "variant", "ms", "layer cost", "ratio");
    for (int v = 0; v < NV; v++) {
        double m = v == 0 ? all : median(t[v], n);
        printf("   %-20s %9.3f %+9.3f ms %8.3fx\n", variants[v][0], m / 1e3, (all - m) / 1e3,
               all / m);
        free(t[v]);
    }
}

/* ---- 2. in the child ---- */

typedef pw_layer_status (*apply_fn)(const pw_policy *, pw_buf *);

static pw_layer_status unshare_only(int flags)
{
    return unshare(flags) == 0 ? PW_APPLIED : PW_UNAVAILABLE;
}
static pw_layer_status ns_user(const pw_policy *p, pw_buf *w)
{
    (void)p, (void)w;
    return unshare_only(CLONE_NEWUSER);
}
static pw_layer_status ns_user_ipc(const pw_policy *p, pw_buf *w)
{
    (void)p, (void)w;
    return unshare_only(CLONE_NEWUSER | CLONE_NEWIPC);
}
static pw_layer_status ns_user_net(const pw_policy *p, pw_buf *w)
{
    (void)p, (void)w;
    return unshare_only(CLONE_NEWUSER | CLONE_NEWNET);
}
static pw_layer_status ns_user_mnt(const pw_policy *p, pw_buf *w)
{
    (void)p, (void)w;
    return unshare_only(CLONE_NEWUSER | CLONE_NEWNS);
}
static pw_layer_status ns_user_pid(const pw_policy *p, pw_buf *w)
{
    (void)p, (void)w;
    return unshare_only(CLONE_NEWUSER | CLONE_NEWPID);
}

/* The whole view: what a warm spare does ahead, then what it does at hand-off. */
static pw_layer_status mounts_view(const pw_policy *p, pw_buf *w)
{
    pw_layer_status st = pw_mounts_apply(p, w);
    return st == PW_APPLIED ? pw_mounts_attach(p, "/tmp", w) : st;
}
static pw_layer_status mounts_attach(const pw_policy *p, pw_buf *w)
{
    return pw_mounts_attach(p, "/tmp", w);
}

static pw_layer_status landlock_ahead(const pw_policy *p, pw_buf *w)
{
    (void)w;
    pw_landlock_prepare_run(p);
    return PW_APPLIED;
}

/* What a warm spare has done before its request: the view, the base and per-run programs. */
static pw_layer_status seccomp_ahead(const pw_policy *p, pw_buf *w)
{
    pw_layer_status st = pw_mounts_apply(p, w);
    pw_seccomp_prepare_run(p);
    return st;
}

static pw_layer_status deny_list(const pw_policy *p, pw_buf *w)
{
    return pw_seccomp_load_base(p, w);
}
static pw_layer_status signal_rules(const pw_policy *p, pw_buf *w)
{
    return pw_seccomp_load_run_filter(false, true, !p->allow_network, w);
}

/* pre (untimed, may be NULL) runs first in the child: a warm run pays only for fn. */
static const struct {
    const char *name;
    apply_fn pre, fn;
} steps[] = {
    {"rlimit (its setrlimit calls)", NULL, pw_rlimit_apply},
    {"namespaces (user+ipc+net)", NULL, pw_ns_apply},
    {"  unshare user only", NULL, ns_user},
    {"  unshare user+ipc", NULL, ns_user_ipc},
    {"  unshare user+net", NULL, ns_user_net},
    {"  unshare user+mnt", NULL, ns_user_mnt},
    {"  unshare user+pid (unused)", NULL, ns_user_pid},
    {"mounts, cold (view ahead + attach)", NULL, mounts_view},
    {"mounts, warm (attach at hand-off)", pw_mounts_apply, mounts_attach},
    {"noproc (NPROC + filter)", NULL, pw_noproc_apply},
    {"landlock, cold (build+restrict)", NULL, pw_landlock_apply},
    {"landlock, warm (run's paths at hand-off)", landlock_ahead, pw_landlock_apply},
    {"seccomp, cold (base + per-run)", NULL, pw_seccomp_apply},
    {"seccomp, warm (hand-off program; the rest ahead)", seccomp_ahead, pw_seccomp_apply},
    {"  base alone", NULL, deny_list},
    {"  per-run program alone", NULL, signal_rules},
};
#define NS (int)(sizeof steps / sizeof *steps)

/* Forks, times fn inside the child, and returns microseconds (negative: it failed). */
static double time_in_child(apply_fn pre, apply_fn fn, const pw_policy *p)
{
    int fds[2];
    if (pipe(fds) != 0) return -1;
    pid_t pid = fork();
    if (pid == 0) {
        pw_buf why = {0};
        if (pre && pre(p, &why) != PW_APPLIED) _exit(1);
        double t0 = now_us();
        pw_layer_status st = fn(p, &why);
        double dt = now_us() - t0;
        if (st != PW_APPLIED) dt = -1;
        (void)!write(fds[1], &dt, sizeof dt);
        _exit(0);
    }
    double dt = -1;
    close(fds[1]);
    if (read(fds[0], &dt, sizeof dt) != sizeof dt) dt = -1;
    close(fds[0]);
    waitpid(pid, NULL, 0);
    return dt;
}

static void in_child(int n, const pw_policy *p)
{
    pw_mounts_prepare();
    printf("1. apply alone, timed inside a forked child (median of %d)\n", n);
    double *t = calloc((size_t)n, sizeof(double));
    for (int s = 0; s < NS; s++) {
        for (int i = 0; i < n; i++)
            t[i] = time_in_child(steps[s].pre, steps[s].fn, p);
        double m = median(t, n);
        if (m < 0)
            printf("   %-36s unavailable here\n", steps[s].name);
        else
            printf("   %-36s %8.1f us\n", steps[s].name, m);
    }
    free(t);
}

/* Every syscall of a run passes each attached filter: ns per getppid() with no filter, the
 * base filter, and the base plus the per-run program (median of 5 x 200000). */
static void syscall_cost(void)
{
    enum { CALLS = 200000, REPS = 5 };
    static const char *const what[] = {"no filter", "base", "base + per-run program"};
    printf("   cost per syscall (getppid) with the filters attached:\n");
    for (int f = 0; f < 3; f++) {
        int fds[2];
        if (pipe(fds) != 0) return;
        pid_t pid = fork();
        if (pid == 0) {
            pw_buf why = {0};
            if (f >= 1) pw_seccomp_load(PW_FILTER_BASE, "seccomp", &why);
            if (f == 2) pw_seccomp_load_run_filter(false, true, true, &why);
            double t[REPS];
            for (int r = 0; r < REPS; r++) {
                double t0 = now_us();
                for (int i = 0; i < CALLS; i++)
                    syscall(SYS_getppid);
                t[r] = (now_us() - t0) * 1e3 / CALLS;
            }
            double m = median(t, REPS);
            (void)!write(fds[1], &m, sizeof m);
            _exit(0);
        }
        double ns = -1;
        close(fds[1]);
        if (read(fds[0], &ns, sizeof ns) != sizeof ns) ns = -1;
        close(fds[0]);
        waitpid(pid, NULL, 0);
        printf("   %-30s %8.1f ns\n", what[f], ns);
    }
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 40;
    if (n < 3) n = 3;
    pw_policy p;
    cJSON *spec = cJSON_CreateString("default");
    cJSON *err = pw_policy_load(spec, "/tmp", &p);
    cJSON_Delete(spec);
    if (err) {
        fprintf(stderr, "bench_layers: cannot load the default policy\n");
        return 1;
    }
    in_child(n, &p); /* first, so prepare is timed building the filters */
    syscall_cost();
    pw_policy_free(&p);
    printf("\n");
    end_to_end(n);
    return 0;
}
