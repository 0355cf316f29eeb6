/* Throughput through Redis against `pywarden serve`, in one run on one machine (issue 18).
 *
 *   build/bench/bench_worker [REQUESTS]     (default 3000 trivial requests per measure)
 *
 * Starts its own redis-server (unix socket, in a temporary directory; no persistence, and
 * once with appendfsync everysec) and prints runs/s for serve --workers 2, one worker
 * process with --workers 2, and two worker processes with --workers 1, with the ratios. */
#include <fcntl.h>
#include <hiredis/hiredis.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define REQUEST                                                                                    \
    "{\"id\":%d,\"code\":\"def main(inputs):\\n    return inputs['n'] * "                          \
    "2\",\"inputs\":{\"n\":%d}}"

static char dir[64], sock[128], url[160];

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static void die(const char *what)
{
    fprintf(stderr, "bench_worker: %s\n", what);
    exit(1);
}

static pid_t spawn(const char *const argv[], int in_fd, int out_fd)
{
    pid_t pid = fork();
    if (pid == 0) {
        if (in_fd >= 0) dup2(in_fd, 0);
        int null = open("/dev/null", O_WRONLY);
        dup2(out_fd >= 0 ? out_fd : null, 1);
        dup2(null, 2);
        execvp(argv[0], (char **)argv);
        _exit(127);
    }
    return pid;
}

static pid_t start_redis(const char *appendonly, redisContext **c)
{
    const char *argv[] = {"redis-server",
                          "--port",
                          "0",
                          "--unixsocket",
                          sock,
                          "--dir",
                          dir,
                          "--save",
                          "",
                          "--appendonly",
                          appendonly,
                          "--appendfsync",
                          "everysec",
                          NULL};
    pid_t pid = spawn(argv, -1, -1);
    for (int i = 0; i < 500 && !(*c && !(*c)->err); i++) {
        sleep_ms(10);
        if (*c) redisFree(*c);
        *c = redisConnectUnix(sock);
    }
    if (!*c || (*c)->err) die("redis-server did not start");
    return pid;
}

/* ---- serve: N pipelined requests on stdin, N answers on stdout ---- */

static double serve_rate(int n)
{
    int in[2], out[2];
    if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC)) die("pipe");
    const char *argv[] = {PW_BIN, "serve", "--workers", "2", NULL};
    pid_t pid = spawn(argv, in[0], out[1]);
    close(in[0]);
    close(out[1]);
    pid_t feeder = fork();
    if (feeder == 0) {
        close(out[0]);
        char line[256];
        sleep_ms(300); /* let the template start */
        for (int i = 0; i < n; i++) {
            int len = snprintf(line, sizeof line, REQUEST "\n", i, i);
            if (write(in[1], line, (size_t)len) != len) _exit(1);
            if (i == 0) sleep_ms(300); /* the first answer is not timed */
        }
        _exit(0);
    }
    close(in[1]);
    char buf[65536];
    int lines = 0;
    double t0 = 0;
    ssize_t r;
    while (lines < n && (r = read(out[0], buf, sizeof buf)) > 0)
        for (ssize_t i = 0; i < r; i++)
            if (buf[i] == '\n' && ++lines == 1) t0 = now_ms();
    double ms = now_ms() - t0;
    close(out[0]);
    waitpid(feeder, NULL, 0);
    waitpid(pid, NULL, 0);
    return (n - 1) / (ms / 1e3);
}

/* ---- the worker: N entries queued, time until N answers ---- */

static long long xlen(redisContext *c, const char *key)
{
    redisReply *r = redisCommand(c, "XLEN %s", key);
    long long n = r && r->type == REDIS_REPLY_INTEGER ? r->integer : 0;
    freeReplyObject(r);
    return n;
}

static void queue(redisContext *c, const char *stream, int from, int n)
{
    char req[256];
    for (int i = from; i < from + n; i++) {
        snprintf(req, sizeof req, REQUEST, i, i);
        redisAppendCommand(c, "XADD %s * request %s", stream, req);
    }
    for (int i = 0; i < n; i++) {
        redisReply *r;
        if (redisGetReply(c, (void **)&r) != REDIS_OK) die("XADD");
        freeReplyObject(r);
    }
}

static double worker_rate(redisContext *c, int n, int processes, const char *per_process)
{
    static int round;
    char stream[32], results[48];
    snprintf(stream, sizeof stream, "bench%d", round++);
    snprintf(results, sizeof results, "%s:results", stream);
    pid_t pids[2];
    const char *argv[] = {PW_BIN, "worker",    "--redis",   url, "--stream",
                          stream, "--workers", per_process, NULL};
    for (int p = 0; p < processes; p++)
        pids[p] = spawn(argv, -1, -1);
    queue(c, stream, 0, processes); /* warm-up: every worker's template is up */
    while (xlen(c, results) < processes)
        sleep_ms(5);
    double t0 = now_ms();
    queue(c, stream, processes, n);
    while (xlen(c, results) < processes + n)
        sleep_ms(1);
    double ms = now_ms() - t0;
    for (int p = 0; p < processes; p++) {
        kill(pids[p], SIGTERM);
        waitpid(pids[p], NULL, 0);
    }
    return n / (ms / 1e3);
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 3000;
    if (n < 10) die("at least 10 requests");
    snprintf(dir, sizeof dir, "/tmp/pwbench.XXXXXX");
    if (!mkdtemp(dir)) die("mkdtemp");
    snprintf(sock, sizeof sock, "%s/redis.sock", dir);
    snprintf(url, sizeof url, "unix://%s", sock);
    signal(SIGPIPE, SIG_IGN);

    printf("bench_worker: %d trivial requests per measure, 2 runs at once in each\n\n", n);
    double serve = serve_rate(n);
    printf("  serve --workers 2                         %7.0f runs/s\n", serve);
    redisContext *c = NULL;
    pid_t redis = start_redis("no", &c);
    double one = worker_rate(c, n, 1, "2"), two = worker_rate(c, n, 2, "1");
    printf("  Redis, 1 worker process x --workers 2     %7.0f runs/s  (%.2fx serve)\n", one,
           one / serve);
    printf("  Redis, 2 worker processes x --workers 1   %7.0f runs/s  (%.2fx serve)\n", two,
           two / serve);
    redisFree(c);
    c = NULL;
    kill(redis, SIGTERM);
    waitpid(redis, NULL, 0);
    redis = start_redis("yes", &c);
    double aof = worker_rate(c, n, 1, "2");
    printf("  Redis with AOF (everysec), 1 x --workers 2 %6.0f runs/s  (%.2fx serve)\n", aof,
           aof / serve);
    printf("\n  Redis overhead at 2 workers: %.0f %% (goal <= 20 %%)\n",
           100.0 * (1.0 - one / serve));
    redisFree(c);
    kill(redis, SIGTERM);
    waitpid(redis, NULL, 0);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd) == 0 ? 0 : 1;
}
