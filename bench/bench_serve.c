/* Warm mode against the alternatives, in one run on one machine (issue 6). Prints medians
 * and ratios; absolute times drift with the machine's load, ratios within a run do not.
 *
 *   build/bench/bench_serve [ITERATIONS]     (default 1000 warm ping-pongs)
 *
 * Per-layer costs need a build with -DPYWARDEN_TEST_SWITCHES=ON (they turn one layer off
 * through PYWARDEN_TEST_DISABLE_LAYERS and compare); otherwise that part says so. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "pywarden.h"

#define PYTHON "/usr/bin/python3"
#define TRIVIAL "def main(inputs):\\n    return {'n': inputs['n'] * 2}"
#define REQUEST "{\"id\":1,\"code\":\"" TRIVIAL "\",\"inputs\":{\"n\":21}}\n"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The q-quantile (0.5: median) of n samples; sorts them. */
static double quantile(double *v, int n, double q)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    int i = (int)(q * (n - 1) + 0.5);
    return v[i];
}

static void die(const char *what)
{
    perror(what);
    exit(1);
}

/* ---- A: spawn python3 per call ---- */

/* Spawns argv with input on its stdin, reads its stdout to the end, reaps it: ms. */
static double spawn_once(char *const argv[], const char *input)
{
    int in[2], out[2];
    if (pipe(in) || pipe(out)) die("pipe");
    double t0 = now_ms();
    pid_t pid = fork();
    if (pid == 0) {
        dup2(in[0], 0), dup2(out[1], 1);
        close(in[0]), close(in[1]), close(out[0]), close(out[1]);
        execv(argv[0], argv);
        _exit(127);
    }
    close(in[0]), close(out[1]);
    size_t len = strlen(input);
    if (write(in[1], input, len) != (ssize_t)len) die("write");
    close(in[1]);
    char buf[4096];
    while (read(out[0], buf, sizeof buf) > 0)
        ;
    close(out[0]);
    waitpid(pid, NULL, 0);
    return now_ms() - t0;
}

static double spawn_python_once(void)
{
    static char code[] = "import json, sys\nd = json.load(sys.stdin)\n"
                         "print(json.dumps({'n': d['n'] * 2}))";
    char *argv[] = {PYTHON, "-I", "-S", "-c", code, NULL};
    return spawn_once(argv, "{\"n\": 21}");
}

/* What a host that spawns pywarden per call pays: exec, loading, policy, the run. */
static double pywarden_run_once(void)
{
    char *argv[] = {PW_BIN, "run", NULL};
    return spawn_once(argv, "{\"code\":\"" TRIVIAL "\",\"inputs\":{\"n\":21}}");
}

/* ---- the fork floor ---- */

static double fork_floor_once(void)
{
    int p[2];
    if (pipe(p)) die("pipe");
    double t0 = now_ms();
    pid_t pid = fork();
    if (pid == 0) {
        ssize_t w = write(p[1], "x", 1);
        _exit(w == 1 ? 0 : 1);
    }
    char c;
    if (read(p[0], &c, 1) != 1) die("read");
    waitpid(pid, NULL, 0);
    double t = now_ms() - t0;
    close(p[0]), close(p[1]);
    return t;
}

static double cold_once(void)
{
    double t0 = now_ms();
    char *r = pw_run("{\"code\":\"" TRIVIAL "\",\"inputs\":{\"n\":21}}");
    double t = now_ms() - t0;
    if (!strstr(r, "\"ok\":true")) fprintf(stderr, "cold run failed: %s\n", r);
    pw_free(r);
    return t;
}

/* ---- serve ---- */

typedef struct {
    pid_t pid;
    int in, out;
    char buf[1 << 20];
    size_t len;
} server;

/* extra: more arguments of serve, NULL-terminated (NULL: none). */
static void serve_start_with(server *s, int workers, const char *disable_layer,
                             const char *const *extra)
{
    int in[2], out[2];
    if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC)) die("pipe");
    s->pid = fork();
    if (s->pid == 0) {
        dup2(in[0], 0), dup2(out[1], 1);
        char w[16];
        snprintf(w, sizeof w, "%d", workers);
        if (disable_layer) setenv("PYWARDEN_TEST_DISABLE_LAYERS", disable_layer, 1);
        const char *argv[16] = {PW_BIN, "serve", "--workers", w};
        for (int i = 0; extra && extra[i] && i < 11; i++)
            argv[4 + i] = extra[i];
        execv(PW_BIN, (char *const *)argv);
        _exit(127);
    }
    close(in[0]), close(out[1]);
    s->in = in[1], s->out = out[0], s->len = 0;
}

static void serve_start(server *s, int workers, const char *disable_layer)
{
    serve_start_with(s, workers, disable_layer, NULL);
}

static void serve_stop(server *s)
{
    close(s->in), close(s->out);
    waitpid(s->pid, NULL, 0);
}

/* Reads one answer line into s->buf (NUL-terminated, kept until the next call). */
static const char *serve_answer(server *s)
{
    static char line[1 << 20];
    char *nl;
    while (!(nl = memchr(s->buf, '\n', s->len))) {
        ssize_t r = read(s->out, s->buf + s->len, sizeof s->buf - s->len);
        if (r <= 0) die("serve answer");
        s->len += (size_t)r;
    }
    size_t n = (size_t)(nl - s->buf);
    memcpy(line, s->buf, n);
    line[n] = '\0';
    memmove(s->buf, nl + 1, s->len - n - 1);
    s->len -= n + 1;
    if (!strstr(line, "\"ok\":true")) fprintf(stderr, "warm run failed: %.300s\n", line);
    return line;
}

static void serve_send(server *s, const char *line)
{
    size_t n = strlen(line);
    if (write(s->in, line, n) != (ssize_t)n) die("serve write");
}

/* n ping-pongs after a warm-up, each pause_ms after the last answer; fills lat (ms). Returns
 * the last answer's layers. */
static void ping_pong(server *s, double *lat, int n, int pause_ms, char *layers, size_t cap)
{
    for (int i = 0; i < 50; i++) {
        serve_send(s, REQUEST);
        serve_answer(s);
    }
    for (int i = 0; i < n; i++) {
        double t0 = now_ms();
        serve_send(s, REQUEST);
        const char *a = serve_answer(s);
        lat[i] = now_ms() - t0;
        if (pause_ms) usleep((useconds_t)pause_ms * 1000);
        const char *l = strstr(a, "\"layers\":");
        if (l && layers) snprintf(layers, cap, "%.*s", (int)strcspn(l + 9, "]") + 1, l + 9);
    }
}

/* CPU time of pid itself and of its reaped children (ms), and the children's minor faults,
 * from /proc/PID/stat. */
typedef struct {
    double self_ms, children_ms, children_faults;
} cpu_use;

static cpu_use cpu_of(int pid)
{
    char path[64], text[1024] = "";
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *f = fopen(path, "r");
    size_t r = f ? fread(text, 1, sizeof text - 1, f) : 0;
    if (f) fclose(f);
    text[r] = '\0';
    cpu_use u = {0, 0, 0};
    const char *p = strrchr(text, ')');
    unsigned long v[16] = {0}; /* fields 3..18 of proc(5) */
    if (p && sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %lu %lu %lu %lu %lu %lu %lu %lu", &v[0],
                    &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]) == 8) {
        double tick = 1e3 / (double)sysconf(_SC_CLK_TCK);
        u.children_faults = (double)v[1];
        u.self_ms = (double)(v[4] + v[5]) * tick;
        u.children_ms = (double)(v[6] + v[7]) * tick;
    }
    return u;
}

static int first_child(pid_t pid);

/* Runs n requests keeping `window` in flight; returns runs per second. With cpu set, also
 * says where the CPU time of a run goes: serve, the template (its forks), the children. */
static double throughput(int workers, int n, bool cpu)
{
    server *s = malloc(sizeof *s);
    serve_start(s, workers, NULL);
    serve_send(s, REQUEST);
    serve_answer(s);
    int tpl = first_child(first_child(s->pid));
    cpu_use serve0 = cpu_of(s->pid), tpl0 = cpu_of(tpl);
    int window = 4 * workers, sent = 0, got = 0;
    double t0 = now_ms();
    while (got < n) {
        while (sent < n && sent - got < window)
            serve_send(s, REQUEST), sent++;
        serve_answer(s);
        got++;
    }
    double rate = n / ((now_ms() - t0) / 1e3);
    cpu_use serve1 = cpu_of(s->pid), tpl1 = cpu_of(tpl);
    serve_stop(s);
    free(s);
    if (cpu) {
        double sv = (serve1.self_ms - serve0.self_ms) / n, tp = (tpl1.self_ms - tpl0.self_ms) / n,
               ch = (tpl1.children_ms - tpl0.children_ms) / n,
               faults = (tpl1.children_faults - tpl0.children_faults) / n;
        printf("CPU per run at %d workers: serve %.3f ms, template %.3f ms (its forks), "
               "children %.3f ms (%.0f page faults each); total %.3f ms, so %ld CPUs allow at "
               "most %.0f runs/s\n",
               workers, sv, tp, ch, faults, sv + tp + ch, sysconf(_SC_NPROCESSORS_ONLN),
               (double)sysconf(_SC_NPROCESSORS_ONLN) * 1e3 / (sv + tp + ch));
    }
    return rate;
}

/* A fork of this process (with its few MiB) writing to n pages it shares with us: what
 * one copy-on-write page fault costs here, in microseconds. */
static double cow_fault_us(void)
{
    enum { PAGES = 512 };
    long page = sysconf(_SC_PAGESIZE);
    char *mem = malloc((size_t)(PAGES * page));
    memset(mem, 1, (size_t)(PAGES * page));
    int p[2];
    if (pipe(p)) die("pipe");
    pid_t pid = fork();
    if (pid == 0) {
        double t0 = now_ms();
        for (int i = 0; i < PAGES; i++)
            mem[(long)i * page] = 2;
        double us = (now_ms() - t0) * 1e3 / PAGES;
        _exit(write(p[1], &us, sizeof us) == sizeof us ? 0 : 1);
    }
    double us = -1;
    if (read(p[0], &us, sizeof us) != sizeof us) us = -1;
    waitpid(pid, NULL, 0);
    close(p[0]), close(p[1]);
    free(mem);
    return us;
}

/* ---- memory of a warm child ---- */

/* The first child of pid but the launchers' nursery (its comm is "pw-nursery", zygote.h),
 * which serve forks first: the launcher of serve, the template of a launcher. */
static int first_child(pid_t pid)
{
    char path[64], comm[32];
    snprintf(path, sizeof path, "/proc/%d/task/%d/children", (int)pid, (int)pid);
    FILE *f = fopen(path, "r");
    int c = 0;
    while (f && fscanf(f, "%d", &c) == 1) {
        snprintf(path, sizeof path, "/proc/%d/comm", c);
        FILE *cf = fopen(path, "r");
        bool nursery = cf && fgets(comm, sizeof comm, cf) && !strcmp(comm, "pw-nursery\n");
        if (cf) fclose(cf);
        if (!nursery) break;
        c = 0;
    }
    if (f) fclose(f);
    return c;
}

static long smaps_kb(int pid, const char *field)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/smaps_rollup", pid);
    FILE *f = fopen(path, "r");
    long kb = -1;
    size_t n = strlen(field);
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, field, n) == 0) kb = atol(line + n + 1);
    if (f) fclose(f);
    return kb;
}

/* The child of pid with the most Private_Dirty: the run, not the spare waiting beside it. */
static int busiest_child(pid_t pid)
{
    char path[64], text[4096] = "";
    snprintf(path, sizeof path, "/proc/%d/task/%d/children", (int)pid, (int)pid);
    FILE *f = fopen(path, "r");
    size_t r = f ? fread(text, 1, sizeof text - 1, f) : 0;
    if (f) fclose(f);
    text[r] = '\0';
    int best = 0;
    long best_kb = -1;
    for (char *tok = strtok(text, " \n"); tok; tok = strtok(NULL, " \n")) {
        long kb = smaps_kb(atoi(tok), "Private_Dirty:");
        if (kb > best_kb) best = atoi(tok), best_kb = kb;
    }
    return best;
}

/* serve -> launcher -> template -> run: Private_Dirty of a run while it sleeps. */
static void child_memory(void)
{
    server *s = malloc(sizeof *s);
    serve_start(s, 1, NULL);
    serve_send(s, REQUEST);
    serve_answer(s);
    int launcher = first_child(s->pid), tpl = first_child(launcher);
    long rss = smaps_kb(tpl, "Rss:");
    /* A template must not grow with its runs (it keeps what it drains before each fork). */
    for (int i = 0; i < 2000; i += 100) {
        for (int j = 0; j < 100; j++)
            serve_send(s, REQUEST);
        for (int j = 0; j < 100; j++)
            serve_answer(s);
    }
    long rss_later = smaps_kb(tpl, "Rss:");
    serve_send(s, "{\"id\":2,\"code\":\"import time\\ntime.sleep(0.5)\\nresult = 1\"}\n");
    usleep(250 * 1000);
    int run = busiest_child(tpl);
    printf("memory: template Rss %ld kB (Private_Dirty %ld kB), %+ld kB after 2000 more runs; "
           "warm child Private_Dirty %ld kB, Pss %ld kB\n",
           rss, smaps_kb(tpl, "Private_Dirty:"), rss_later - rss, smaps_kb(run, "Private_Dirty:"),
           smaps_kb(run, "Pss:"));
    serve_answer(s);
    serve_stop(s);
    free(s);
}

/* ---- work directories ---- */

/* p50 of runs in one work directory against runs each in a directory made just before it (a
 * host that makes a temporary directory per execution), interleaved through one server. */
static void work_dirs(int n)
{
    double *same = malloc(sizeof(double) * (size_t)n), *fresh = malloc(sizeof(double) * (size_t)n);
    char(*dirs)[32] = malloc(sizeof *dirs * (size_t)(n + 1));
    for (int i = 0; i <= n; i++) {
        snprintf(dirs[i], sizeof dirs[i], "/tmp/pw-bench.XXXXXX");
        if (!mkdtemp(dirs[i])) die("mkdtemp");
    }
    server *s = malloc(sizeof *s);
    serve_start(s, 1, NULL);
    ping_pong(s, same, 1, 0, NULL, 0); /* the template is up and warm */
    char req[512];
    for (int i = 0; i < 2 * n; i++) {
        const char *dir = i % 2 ? dirs[i / 2 + 1] : dirs[0];
        snprintf(req, sizeof req,
                 "{\"id\":1,\"work_dir\":\"%s\",\"code\":\"" TRIVIAL "\",\"inputs\":{\"n\":21}}\n",
                 dir);
        double t0 = now_ms();
        serve_send(s, req);
        serve_answer(s);
        (i % 2 ? fresh : same)[i / 2] = now_ms() - t0;
    }
    serve_stop(s);
    free(s);
    for (int i = 0; i <= n; i++)
        rmdir(dirs[i]);
    double a = quantile(same, n, 0.5), b = quantile(fresh, n, 0.5);
    printf("warm p50, same work_dir: %.3f ms; new work_dir per request: %.3f ms "
           "(%d each, interleaved)\n",
           a, b, n);
    printf("  new / same work_dir = %5.2fx  (goal <= 1.5x)  %s\n", b / a,
           b / a <= 1.5 ? "met" : "MISSED");
    free(same);
    free(fresh);
    free(dirs);
}

/* ---- per-layer cost ---- */

static double warm_p50(const char *disable, char *layers, size_t cap)
{
    enum { N = 300 };
    double lat[N];
    server *s = malloc(sizeof *s);
    serve_start(s, 1, disable);
    ping_pong(s, lat, N, 0, layers, cap);
    serve_stop(s);
    free(s);
    return quantile(lat, N, 0.5);
}

static void layer_costs(double all_on, const char *all_layers)
{
    static const char *const names[] = {"audit",  "rlimit",   "noproc", "namespaces",
                                        "mounts", "landlock", "seccomp"};
    printf("layer costs on a warm run (p50 with the layer off vs all on, %.3f ms, %s):\n", all_on,
           all_layers);
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        char quoted[32], layers[256] = "";
        snprintf(quoted, sizeof quoted, "\"%s\"", names[i]);
        if (!strstr(all_layers, quoted)) {
            printf("  %-11s not active in this build/kernel\n", names[i]);
            continue;
        }
        double off = warm_p50(names[i], layers, sizeof layers);
        if (strstr(layers, quoted)) {
            printf("  %-11s cannot be switched off: rebuild with -DPYWARDEN_TEST_SWITCHES=ON\n",
                   names[i]);
            continue;
        }
        printf("  %-11s %+.3f ms\n", names[i], all_on - off);
    }
    char layers[256] = "";
    double bare =
        warm_p50("audit,rlimit,noproc,namespaces,mounts,landlock,seccomp", layers, sizeof layers);
    printf("  warm p50 with only the fds layer (the warm machinery itself): %.3f ms %s\n", bare,
           layers);
}

static double median_of(double (*fn)(void), int n)
{
    double *v = malloc(sizeof(double) * (size_t)n);
    for (int i = 0; i < n; i++)
        v[i] = fn();
    double m = quantile(v, n, 0.5);
    free(v);
    return m;
}

/* The medians of n calls of each of f and g, alternated: the machine's load moves between
 * them otherwise (a cold run against A is the ratio that matters). */
static void medians_alternated(double (*f)(void), double (*g)(void), int n, double *mf, double *mg)
{
    double *v = malloc(sizeof(double) * (size_t)n), *w = malloc(sizeof(double) * (size_t)n);
    for (int i = 0; i < n; i++) {
        v[i] = f();
        w[i] = g();
    }
    *mf = quantile(v, n, 0.5);
    *mg = quantile(w, n, 0.5);
    free(v);
    free(w);
}

/* ---- preload: pandas under `data` ---- */

#define PANDAS_CODE                                                                                \
    "import pandas as pd\\ndef main(inputs):\\n    return {'n': "                                  \
    "int(pd.Series(inputs['v']).sum())}"
#define PANDAS_INPUTS "\"inputs\":{\"v\":[1,2,3]}"

static double pandas_cold_once(void)
{
    char *argv[] = {PW_BIN, "run", NULL};
    return spawn_once(argv, "{\"policy\":\"data\",\"code\":\"" PANDAS_CODE "\"," PANDAS_INPUTS "}");
}

/* Round trip (ms) of one request; its stats.cpu_ms into *cpu_ms. */
static double round_trip(server *s, const char *line, double *cpu_ms)
{
    double t0 = now_ms();
    serve_send(s, line);
    const char *a = serve_answer(s);
    double t = now_ms() - t0;
    const char *c = strstr(a, "\"cpu_ms\":");
    *cpu_ms = c ? atof(c + 9) : 0;
    return t;
}

/* A pandas run and a trivial run under `data` through serve, its templates preloading
 * numpy and pandas or not (`"preload": []`), alternated; cold `pywarden run` for scale. */
static void preload_costs(int n)
{
    if (access("/usr/lib/python3/dist-packages/pandas", F_OK) != 0) {
        printf("preload: pandas is not installed, skipped\n");
        return;
    }
    static const char *const policies[2] = {"\"data\"", "{\"extends\":\"data\",\"preload\":[]}"};
    static const char *const codes[2] = {PANDAS_CODE, TRIVIAL};
    char line[2][2][512];
    for (int p = 0; p < 2; p++)
        for (int c = 0; c < 2; c++)
            snprintf(line[p][c], sizeof line[p][c], "{\"id\":1,\"policy\":%s,\"code\":\"%s\",%s}\n",
                     policies[p], codes[c], c ? "\"inputs\":{\"n\":21}" : PANDAS_INPUTS);
    server *s = malloc(sizeof *s);
    serve_start_with(
        s, 1, NULL,
        (const char *const[]){"--allow-policies", "data", "--allow-inline-policies", NULL});
    double *lat = malloc(sizeof(double) * 8 * (size_t)n), cpu;
    double *cpus = lat + 4 * n;
    for (int k = 0; k < 4; k++) /* both templates up */
        round_trip(s, line[k / 2][k % 2], &cpu);
    for (int i = 0; i < n; i++)
        for (int k = 0; k < 4; k++) {
            lat[k * n + i] = round_trip(s, line[k / 2][k % 2], &cpu);
            cpus[k * n + i] = cpu;
        }
    serve_stop(s);
    free(s);
    double cold = median_of(pandas_cold_once, 5);
    static const char *const what[4] = {"pandas run, preloaded", "trivial run, preloaded",
                                        "pandas run, \"preload\": []",
                                        "trivial run, \"preload\": []"};
    printf("under policy data through serve (p50 of %d, alternated; the run's cpu_ms p50):\n", n);
    for (int k = 0; k < 4; k++)
        printf("  %-28s %8.3f ms  (cpu %.3f ms)\n", what[k], quantile(lat + k * n, n, 0.5),
               quantile(cpus + k * n, n, 0.5));
    printf("  cold `pywarden run --policy data`, the pandas run: median %.3f ms\n", cold);
    free(lat);
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 1000;
    if (n < 100) n = 100;
    signal(SIGPIPE, SIG_IGN);
    double a = -1, cold_proc;
    if (access(PYTHON, X_OK) == 0)
        medians_alternated(spawn_python_once, pywarden_run_once, 40, &a, &cold_proc);
    else
        cold_proc = median_of(pywarden_run_once, 40);
    if (a < 0)
        printf("A: %s is absent, the spawn baseline is skipped\n", PYTHON);
    else
        printf("A  spawn python3 -I -S, JSON over stdio: median %.3f ms\n", a);
    double floor_ms = median_of(fork_floor_once, 500);
    printf("fork floor (fork + pipe round trip + reap): median %.3f ms\n", floor_ms);
    double cold = median_of(cold_once, 30);
    printf("cold pw_run: median %.3f ms\n", cold);
    printf(
        "cold `pywarden run` as a process, JSON over stdio (alternated with A): median %.3f ms\n",
        cold_proc);

    double *lat = malloc(sizeof(double) * (size_t)n);
    char layers[256] = "";
    server *s = malloc(sizeof *s);
    serve_start(s, 1, NULL);
    ping_pong(s, lat, n, 0, layers, sizeof layers);
    double p50 = quantile(lat, n, 0.5), p99 = quantile(lat, n, 0.99);
    printf("warm through serve, ping-pong (%d runs, layers %s): p50 %.3f ms, p99 %.3f ms\n", n,
           layers, p50, p99);
    /* Back to back, the next spare is still being set up when the next request comes: this
     * is the latency of a request that finds its spare ready. */
    ping_pong(s, lat, n / 2, 5, NULL, 0);
    double spaced = quantile(lat, n / 2, 0.5);
    printf("warm through serve, one request 5 ms after the last answer: p50 %.3f ms, p99 %.3f "
           "ms\n",
           spaced, quantile(lat, n / 2, 0.99));
    serve_stop(s);
    free(s);
    double t1 = throughput(1, 2000, false), t2 = throughput(2, 2000, true);
    printf("throughput, trivial main: 1 worker %.0f runs/s, 2 workers %.0f runs/s\n", t1, t2);
    printf("one copy-on-write page fault after fork: %.2f us\n", cow_fault_us());
    child_memory();
    work_dirs(n / 2);
    layer_costs(p50, layers);
    preload_costs(n / 10);

    printf("\nratios and goals:\n");
    if (a > 0) {
        printf("  cold process / A  = %5.2fx  (goal <= 0.5x) %s\n", cold_proc / a,
               cold_proc / a <= 0.5 ? "met" : "MISSED");
        printf("  A / warm p50      = %5.1fx  (goal >= 18x)  %s\n", a / p50,
               a / p50 >= 18 ? "met" : "MISSED");
        printf("  A / warm p50, requests 5 ms apart = %.1fx (the goal is for ping-pong)\n",
               a / spaced);
    }
    printf("  warm p50 / floor  = %5.1fx  (goal <= 6x)   %s\n", p50 / floor_ms,
           p50 / floor_ms <= 6 ? "met" : "MISSED");
    printf("  warm p99 / p50    = %5.1fx  (goal <= 2x)   %s\n", p99 / p50,
           p99 / p50 <= 2 ? "met" : "MISSED");
    printf("  2-worker runs/s   = %5.0f   (goal >= 1500) %s\n", t2, t2 >= 1500 ? "met" : "MISSED");
    printf("  cold / warm p50   = %5.1fx; A / cold = %.1fx\n", cold / p50, a > 0 ? a / cold : 0);
    free(lat);
    return 0;
}
