/* ctx_exec [--no-userns] [--no-netns] [--no-landlock] [--no-mount] [--no-close-range]
 * [--no-pidfd] [--no-memfd] -- CMD [ARG...]: runs CMD the way a container would see the kernel, for
 * test_contexts. --no-userns
 * installs what Docker's and Kubernetes' default seccomp profiles do to a process without
 * CAP_SYS_ADMIN: unshare and clone with a CLONE_NEW* flag answer EPERM, clone3 ENOSYS. --no-netns
 * refuses network namespaces alone, as user.max_net_namespaces=0 does: ENOSPC. --no-landlock makes
 * the three Landlock calls answer ENOSYS, as on a kernel without Landlock (or gVisor). --no-mount
 * refuses the mount calls (EPERM) but not unshare: Docker's profile with unshare allowed, as
 * "Deploying in containers" once advised. --no-close-range answers ENOSYS for close_range
 * (Linux before 5.9, older gVisor). --no-pidfd answers EPERM for pidfd_open, as a container
 * profile older than the call does. --no-memfd answers EMFILE for memfd_create, as a host out
 * of fds sees it. */
#include <errno.h>
#include <sched.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* clone with any of flags answers err; clone3, whose flags a filter cannot read, ENOSYS (so
 * glibc falls back to clone). */
static int deny_clone(scmp_filter_ctx ctx, const unsigned long *flags, size_t n, int err)
{
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(err), SCMP_SYS(clone), 1,
                              SCMP_A0(SCMP_CMP_MASKED_EQ, flags[i], flags[i]));
    return rc == 0 ? seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0) : rc;
}

static int deny_userns(scmp_filter_ctx ctx)
{
    static const unsigned long ns_flags[] = {CLONE_NEWNS,    CLONE_NEWUTS, CLONE_NEWIPC,
                                             CLONE_NEWUSER,  CLONE_NEWPID, CLONE_NEWNET,
                                             CLONE_NEWCGROUP};
    int rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(unshare), 0);
    return rc == 0 ? deny_clone(ctx, ns_flags, sizeof ns_flags / sizeof *ns_flags, EPERM) : rc;
}

static int deny_netns(scmp_filter_ctx ctx)
{
    static const unsigned long net[] = {CLONE_NEWNET};
    int rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSPC), SCMP_SYS(unshare), 1,
                              SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_NEWNET, CLONE_NEWNET));
    return rc == 0 ? deny_clone(ctx, net, 1, ENOSPC) : rc;
}

static int deny_landlock(scmp_filter_ctx ctx)
{
    int rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(landlock_create_ruleset), 0);
    if (rc == 0) rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(landlock_add_rule), 0);
    if (rc == 0)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(landlock_restrict_self), 0);
    return rc;
}

static int deny_all(scmp_filter_ctx ctx, const int *calls, size_t n, int err)
{
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(err), calls[i], 0);
    return rc;
}

static int deny_mount(scmp_filter_ctx ctx)
{
    static const int calls[] = {SCMP_SYS(mount),      SCMP_SYS(umount2),       SCMP_SYS(pivot_root),
                                SCMP_SYS(move_mount), SCMP_SYS(mount_setattr), SCMP_SYS(open_tree),
                                SCMP_SYS(fsopen)};
    return deny_all(ctx, calls, sizeof calls / sizeof *calls, EPERM);
}

int main(int argc, char **argv)
{
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
    int i = 1, rc = ctx ? 0 : -ENOMEM;
    for (; rc == 0 && i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (strcmp(argv[i], "--no-userns") == 0) {
            rc = deny_userns(ctx);
        } else if (strcmp(argv[i], "--no-netns") == 0) {
            rc = deny_netns(ctx);
        } else if (strcmp(argv[i], "--no-landlock") == 0) {
            rc = deny_landlock(ctx);
        } else if (strcmp(argv[i], "--no-mount") == 0) {
            rc = deny_mount(ctx);
        } else if (strcmp(argv[i], "--no-close-range") == 0) {
            rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(close_range), 0);
        } else if (strcmp(argv[i], "--no-pidfd") == 0) {
            rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(pidfd_open), 0);
        } else if (strcmp(argv[i], "--no-memfd") == 0) {
            rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EMFILE), SCMP_SYS(memfd_create), 0);
        } else {
            fprintf(stderr,
                    "usage: ctx_exec [--no-userns] [--no-netns] [--no-landlock] [--no-mount] "
                    "[--no-close-range] [--no-pidfd] [--no-memfd] -- CMD [ARG...]\n");
            return 2;
        }
    }
    if (rc == 0 && (i + 1 >= argc)) rc = -EINVAL;
    if (rc == 0) rc = seccomp_load(ctx); /* sets no_new_privs: works as any user */
    seccomp_release(ctx);
    if (rc != 0) {
        fprintf(stderr, "ctx_exec: seccomp: %s\n", strerror(-rc));
        return 2;
    }
    execvp(argv[i + 1], argv + i + 1);
    fprintf(stderr, "ctx_exec: %s: %s\n", argv[i + 1], strerror(errno));
    return 127;
}
