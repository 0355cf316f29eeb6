/* Cold pw_run against the systems pywarden replaces: spawning `python3 -I -S` per call
 * with JSON in on stdin and JSON out on stdout (the seeds' contract), same job, same run.
 *
 *   bench_cold [N]      N runs of each (default 50); prints median, p90 and the ratio.
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

/* One spawn of python3 with the inputs on stdin; false unless it printed the result. */
static bool spawn_once(void)
{
    int in[2], out[2];
    if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC)) return false;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    char *argv[] = {PYTHON, "-I", "-S", "-c", (char *)spawn_code, NULL};
    pid_t pid;
    int rc = posix_spawn(&pid, PYTHON, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(in[0]);
    close(out[1]);
    bool ok = rc == 0 && write(in[1], INPUTS, strlen(INPUTS)) == (ssize_t)strlen(INPUTS);
    close(in[1]);
    char buf[256];
    size_t len = 0;
    ssize_t r;
    while ((r = read(out[0], buf + len, sizeof buf - 1 - len)) > 0)
        len += (size_t)r;
    buf[len] = '\0';
    close(out[0]);
    int status = 0;
    if (rc == 0) waitpid(pid, &status, 0);
    return ok && WIFEXITED(status) && WEXITSTATUS(status) == 0 && strstr(buf, EXPECTED);
}

static bool pw_once(void)
{
    char *out = pw_run(job_request);
    bool ok = out && strstr(out, "\"ok\":true,\"result\":{\"n\":42}");
    pw_free(out);
    return ok;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static bool timed(bool (*fn)(void), double *sample)
{
    double t0 = now_ms();
    bool ok = fn();
    *sample = now_ms() - t0;
    return ok;
}

/* n calls of each, interleaved so that load on the machine hits both alike (after 3
 * warm-up calls each); sorts the samples. false if a call failed. */
static bool measure(int n, bool spawn, double *pw, double *sp)
{
    double ignored;
    for (int i = 0; i < 3 + n; i++) {
        if (spawn && !timed(spawn_once, i < 3 ? &ignored : &sp[i - 3])) {
            fprintf(stderr, "bench_cold: %s -I -S did not answer the job\n", PYTHON);
            return false;
        }
        if (!timed(pw_once, i < 3 ? &ignored : &pw[i - 3])) {
            fprintf(stderr, "bench_cold: pw_run failed\n");
            return false;
        }
    }
    qsort(pw, (size_t)n, sizeof *pw, cmp_double);
    if (spawn) qsort(sp, (size_t)n, sizeof *sp, cmp_double);
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
    double *pw = calloc((size_t)n, sizeof *pw), *sp = calloc((size_t)n, sizeof *sp);
    if (!pw || !sp) return 1;
    printf("bench_cold: %d runs each, pywarden %s, embedded Python %s\n", n, pw_version(),
           pw_python_version());

    bool have_python = access(PYTHON, X_OK) == 0;
    if (!measure(n, have_python, pw, sp)) return 1;
    printf("  cold pw_run                      median %7.2f ms   p90 %7.2f ms\n", median(pw, n),
           p90(pw, n));
    if (!have_python) {
        printf("  spawn python3: skipped (%s is not installed)\n", PYTHON);
    } else {
        printf("  spawn %s -I -S (JSON stdio) median %7.2f ms   p90 %7.2f ms\n", PYTHON,
               median(sp, n), p90(sp, n));
        printf("  ratio cold/spawn (median): %.2f   (goal <= 0.50)\n",
               median(pw, n) / median(sp, n));
    }
    free(pw);
    free(sp);
    return 0;
}
