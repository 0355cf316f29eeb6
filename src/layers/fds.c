/* Layer "fds": what the run inherits from the host. Nothing but the three pipes and
 * /dev/null, and no environment variable the policy did not name; pw_host_forget drops the
 * rest of the host's state every process between the host and a run could carry. */
#include <errno.h>
#include <fcntl.h>
#include <linux/keyctl.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "layers.h"

pw_layer_status pw_fds_apply(int out_w, int err_w, int res_w, int keep, pw_buf *why)
{
    int null = open("/dev/null", O_RDWR | O_CLOEXEC);
    /* Move the pipes above 3 first so dup2 onto 0..3 cannot clobber one of them. */
    int given[3] = {out_w, err_w, res_w}, hi[3];
    for (int i = 0; i < 3; i++)
        hi[i] = fcntl(given[i] >= 0 ? given[i] : null, F_DUPFD_CLOEXEC, 10);
    if (null < 0 || hi[0] < 0 || hi[1] < 0 || hi[2] < 0) {
        pw_buf_appendf(why, "fds: fcntl(F_DUPFD)/open(/dev/null): %s", strerror(errno));
        return PW_FAILED;
    }
    if (dup2(null, PW_FD_STDIN) < 0 || dup2(hi[0], PW_FD_STDOUT) < 0 ||
        dup2(hi[1], PW_FD_STDERR) < 0 || dup2(hi[2], PW_FD_RESULT) < 0) {
        pw_buf_appendf(why, "fds: dup2: %s", strerror(errno));
        return PW_FAILED;
    }
    /* The result pipe must not survive an exec (were one ever possible). */
    fcntl(PW_FD_RESULT, F_SETFD, FD_CLOEXEC);
    /* Everything above 3 but keep: the ranges on either side of it (none: past every fd). */
    const unsigned first = PW_FD_RESULT + 1, hole = keep > PW_FD_RESULT ? (unsigned)keep : ~0U;
    bool closed = (hole == first || pw_close_range(first, hole - 1) == 0) &&
                  (hole == ~0U || pw_close_range(hole + 1, ~0U) == 0);
    if (!closed) {
        pw_buf_appendf(why, "fds: close_range of every fd above 3%s: %s",
                       keep > PW_FD_RESULT ? " but one" : "", strerror(errno));
        return PW_FAILED;
    }
    return PW_APPLIED;
}

/* The environment block the kernel wrote at exec, [env_start, env_end) (fields 50 and 51
 * of /proc/self/stat): /proc/self/environ reads it and the host's getenv strings point into
 * it. false when /proc cannot say. */
static bool exec_environment(char **start, char **end)
{
    char *stat = pw_read_file("/proc/self/stat", 4096, NULL);
    char *p = stat ? strrchr(stat, ')') : NULL; /* the command name before it may hold spaces */
    for (int field = 2; p && field < 50; field++)
        p = strchr(p + 1, ' ');
    unsigned long long s = 0, e = 0;
    bool ok = p && sscanf(p, " %llu %llu", &s, &e) == 2 && s != 0 && e > s;
    free(stat);
    *start = (char *)(uintptr_t)s;
    *end = (char *)(uintptr_t)e;
    return ok;
}

/* Empties the environment once per process image (forks inherit the result), keeping
 * pywarden's own settings and zeroing the block the kernel wrote at exec. */
static void forget_host_environment(void)
{
    static bool forgotten;
    if (forgotten) return;
    forgotten = true;
    pw_settings_keep();
    clearenv();
    char *start, *end;
    if (exec_environment(&start, &end)) explicit_bzero(start, (size_t)(end - start));
}

void pw_process_defaults(void)
{
    for (int sig = 1; sig < NSIG; sig++)
        if (sig != SIGKILL && sig != SIGSTOP) signal(sig, SIG_DFL);
    setlocale(LC_ALL, "C");
    umask(077);
}

void pw_signals_unblock(void)
{
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
}

/* A fresh, empty session keyring for each run (pw_child_prepare), and for a warm launcher:
 * the host's (a login's, a service's) holds its keys, and a launcher's would be shared by all
 * its runs, which could read and add to it with keyctl wherever seccomp is off. Where the
 * kernel has no keys (ENOSYS) or keyctl is refused (EPERM: a template's base filter or a
 * container's profile, which then refuse keyctl to the run too), the old one stays. Any other
 * failure (EDQUOT: another run of the same uid holds the key quota) is returned: staying in
 * the old keyring would hand the run the host's keys. */
bool pw_keyring_forget(void)
{
    return syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, NULL) >= 0 || errno == ENOSYS ||
           errno == EPERM;
}

/* The host's controlling terminal (a host run from a shell): through /dev/tty a run in its
 * session could push input into the user's shell (TIOCSTI) or write to the screen, wherever
 * seccomp, Landlock and the view are all off (test_hostenv, the_host_terminal_reaches_no_run).
 * TIOCNOTTY drops it for this process alone (a fork, never its session's leader), and what it
 * forks has none: /dev/tty then fails to open (ENXIO). */
static void forget_terminal(void)
{
    int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return;
    ioctl(fd, TIOCNOTTY);
    close(fd);
}

void pw_host_forget(void)
{
    pw_process_defaults();
    pw_signals_unblock();
    forget_host_environment();
    forget_terminal();
}

pw_layer_status pw_env_apply(const pw_policy *p, pw_buf *why)
{
    forget_host_environment(); /* a no-op but in a process that never called pw_host_forget */
    if (clearenv() != 0) {
        pw_buf_appendf(why, "env: clearenv failed");
        return PW_FAILED;
    }
    for (size_t i = 0; i < p->env.n; i++) {
        const char *kv = p->env.v[i];
        const char *eq = strchr(kv, '=');
        char name[256];
        if (!eq || (size_t)(eq - kv) >= sizeof name) continue;
        memcpy(name, kv, (size_t)(eq - kv));
        name[eq - kv] = '\0';
        if (setenv(name, eq + 1, 1) != 0) {
            pw_buf_appendf(why, "env: setenv(%s): %s", name, strerror(errno));
            return PW_FAILED;
        }
    }
    return PW_APPLIED;
}
