/* Cold runs against the system pywarden replaces: spawning `python3 -I -S` per call with JSON
 * in on stdin and JSON out on stdout (the seeds' contract), same job, same run: `pywarden run`
 * as a process (what a host spawning it per call pays), split into exec + dynamic loading,
 * the run itself (pw_run in one process) and the rest.
 *
 *   bench_cold [N]      N runs of each (default 50); prints medians, p90s and the ratios.
 *
 * /usr/bin/python3 is used by its full path on purpose: a pyenv shim first on PATH would
 * measure the shim. Not a test: timings depend on the machine. */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "pywarden.h"

#define PYTHON "/usr/bin/python3"
#define INPUTS "{\"n\": 21}"
#define EXPECTED "{\"n\": 42}"
#define PW_EXPECTED "\"ok\":true,\"result\":{\"n\":42}"

/* The same trivial job in both contracts. */
static const char spawn_code[] = "import sys, json\n"
                                 "def main(inputs):\n"
                                 "    return {'n': inputs['n'] * 2}\n"
                                 "print(json.dumps(main(json.load(sys.stdin))))\n";
static const char job_request[] =
    "{\"code\": \"def main(inputs):\\n    return {'n': inputs['n'] * 2}\","
    " \"inputs\": " INPUTS "}";

extern char **environ;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Spawns argv with input on its stdin; false unless its stdout holds want. */
static bool spawn_once(char *const argv[], const char *input, const char *want)
{
    int in[2], out[2];
    if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC)) return false;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    pid_t pid;
    int rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(in[0]);
    close(out[1]);
    bool ok = rc == 0 && write(in[1], input, strlen(input)) == (ssize_t)strlen(input);
    close(in[1]);
    char buf[4096];
    size_t len = 0;
    ssize_t r;
    while ((r = read(out[0], buf + len, sizeof buf - 1 - len)) > 0)
        len += (size_t)r;
    buf[len] = '\0';
    close(out[0]);
    int status = 0;
    if (rc == 0) waitpid(pid, &status, 0);
    return ok && WIFEXITED(status) && WEXITSTATUS(status) == 0 && strstr(buf, want);
}

static bool python_once(void)
{
    char *argv[] = {PYTHON, "-I", "-S", "-c", (char *)spawn_code, NULL};
    return spawn_once(argv, INPUTS, EXPECTED);
}

static bool pw_process_once(void)
{
    char *argv[] = {PW_BIN, "run", NULL};
    return spawn_once(argv, job_request, PW_EXPECTED);
}

/* exec, dynamic loading and exit of the same program, no run: the floor of the row above */
static bool pw_version_once(void)
{
    char *argv[] = {PW_BIN, "--version", NULL};
    return spawn_once(argv, "", "pywarden");
}

static bool pw_once(void)
{
    char *out = pw_run(job_request);
    bool ok = out && strstr(out, PW_EXPECTED);
    pw_free(out);
    return ok;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef struct {
    const char *name;
    bool (*once)(void);
    double *samples;
} contender;

/* n calls of each, interleaved so that load on the machine hits all alike (after 3 warm-up
 * calls each); sorts the samples. false if a call failed. */
static bool measure(int n, contender *c, int nc)
{
    double ignored;
    for (int i = 0; i < 3 + n; i++)
        for (int k = 0; k < nc; k++) {
            double t0 = now_ms();
            if (!c[k].once()) {
                fprintf(stderr, "bench_cold: %s failed\n", c[k].name);
                return false;
            }
            *(i < 3 ? &ignored : &c[k].samples[i - 3]) = now_ms() - t0;
        }
    for (int k = 0; k < nc; k++)
        qsort(c[k].samples, (size_t)n, sizeof(double), cmp_double);
    return true;
}

static double median(const double *s, int n)
{
    return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

static double p90(const double *s, int n)
{
    int i = (int)(0.9 * n + 0.5) - 1;
    return s[i < 0 ? 0 : i >= n ? n - 1 : i];
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 50;
    if (n < 1 || n > 100000) {
        fprintf(stderr, "usage: bench_cold [N]   (1..100000 runs, default 50)\n");
        return 2;
    }
    printf("bench_cold: %d runs each, pywarden %s, embedded Python %s\n", n, pw_version(),
           pw_python_version());
    if (access(PYTHON, X_OK) != 0) {
        printf("  %s is not installed: nothing to compare with\n", PYTHON);
        return 0;
    }
    enum { A, PROCESS, FLOOR, INPROC, N };
    contender c[N] = {
        [A] = {"spawn " PYTHON " -I -S, JSON over stdio (A)", python_once, NULL},
        [PROCESS] = {"`pywarden run` as a process, JSON over stdio", pw_process_once, NULL},
        [FLOOR] = {"  of which exec + loading (`pywarden --version`)", pw_version_once, NULL},
        [INPROC] = {"  of which the run (pw_run inside one process)", pw_once, NULL},
    };
    bool ok = true;
    for (int k = 0; k < N; k++)
        ok = ok && (c[k].samples = calloc((size_t)n, sizeof(double)));
    ok = ok && measure(n, c, N);
    for (int k = 0; ok && k < N; k++)
        printf("  %-50s median %7.2f ms   p90 %7.2f ms\n", c[k].name, median(c[k].samples, n),
               p90(c[k].samples, n));
    if (ok) {
        double a = median(c[A].samples, n), proc = median(c[PROCESS].samples, n);
        double floor = median(c[FLOOR].samples, n), in = median(c[INPROC].samples, n);
        printf("  rest of the process (policy, prepare, JSON, exit): %.2f ms (medians of separate "
               "calls: the parts need not add up exactly)\n",
               proc - floor - in);
        printf("  cold process / A = %.2fx (goal <= 0.5x) %s; pw_run / A = %.2fx\n", proc / a,
               proc / a <= 0.5 ? "met" : "MISSED", in / a);
    }
    for (int k = 0; k < N; k++)
        free(c[k].samples);
    return ok ? 0 : 1;
}
