/* What a network namespace per warm run would cost: a forked child that only exits, one
 * that enters the user and IPC namespaces a warm run enters today, and one that also
 * enters its own network namespace (what a cold run does). Prints wall time and the
 * children's CPU per run, and the network namespace's share (README, "Which layers
 * isolate runs from each other").
 *
 *   bench_netns [N]    N forks per variant (default 400). Not a test: timings vary. */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

static double children_cpu_ms(void)
{
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
           (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
}

/* CPU ms per run of n children that unshare(flags) and exit; -1 when unshare fails. */
static double per_run(const char *name, int flags, int n)
{
    double cpu0 = children_cpu_ms(), t0 = pw_now_ms();
    for (int i = 0; i < n; i++) {
        pid_t pid = fork();
        if (pid == 0) _exit(flags && unshare(flags) != 0 ? 1 : 0);
        int status = 1;
        if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
            WEXITSTATUS(status) != 0) {
            printf("%-34s unshare failed (no user namespaces here?)\n", name);
            return -1;
        }
    }
    double cpu = (children_cpu_ms() - cpu0) / n, wall = (pw_now_ms() - t0) / n;
    printf("%-34s wall %.3f ms/run  child CPU %.3f ms/run\n", name, wall, cpu);
    return cpu;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 400;
    if (n <= 0) n = 400;
    per_run("fork + exit", 0, n);
    double shared = per_run("+ user, ipc ns (warm run today)", CLONE_NEWUSER | CLONE_NEWIPC, n);
    double own =
        per_run("+ user, ipc, net ns (cold run)", CLONE_NEWUSER | CLONE_NEWIPC | CLONE_NEWNET, n);
    if (shared > 0 && own > 0)
        printf("a network namespace per run: +%.3f ms CPU per run (%.1fx)\n", own - shared,
               own / shared);
    return 0;
}
