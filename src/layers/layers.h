/* The sandbox layers below the audit hook, one file each (fds.c, rlimit.c, ns.c,
 * landlock.c, seccomp.c). Each keeps "prepare" (once per process, may be slow) apart from
 * "apply" (in the child, per run, cheap). */
#ifndef PW_LAYERS_H
#define PW_LAYERS_H

#include <stdbool.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "policy.h"
#include "util.h"

typedef enum {
    PW_APPLIED,     /* the layer is in force */
    PW_UNAVAILABLE, /* this kernel cannot do it; why says what is missing */
    PW_FAILED,      /* it should have worked and did not; why names the call and errno */
} pw_layer_status;

/* The fd numbers a run's child has once pw_fds_apply has run. */
enum { PW_FD_STDIN = 0, PW_FD_STDOUT = 1, PW_FD_STDERR = 2, PW_FD_RESULT = 3 };

/* fds.c: stdin from /dev/null, stdout/stderr/result onto 1/2/3 (-1: /dev/null there too),
 * every other fd closed but keep (an fd above 3; -1: none); the environment replaced by
 * exactly the policy's env. */
pw_layer_status pw_fds_apply(int out_w, int err_w, int res_w, int keep, pw_buf *why);
pw_layer_status pw_env_apply(const pw_policy *p, pw_buf *why);
/* fds.c: drops the host state a process inherited: signal dispositions and mask back to the
 * defaults, the "C" locale, umask 077, and the environment, emptied after pywarden's own
 * settings are kept (pw_setting) and with the block the kernel wrote at exec zeroed (what
 * /proc/self/environ shows and what code reading its own memory would find). The first
 * call of every process between a host and a run (a cold child, the warm launcher; a
 * template and its runs are forks of the launcher); pw_env_apply forgets the environment
 * the same way. */
void pw_host_forget(void);
/* fds.c: pw_host_forget's parts. A warm template calls pw_process_defaults (signal
 * dispositions, locale, umask) once its interpreter is up, so each of its runs only empties
 * its signal mask (pw_signals_unblock) instead of some 70 system calls. */
void pw_process_defaults(void);
void pw_signals_unblock(void);

pw_layer_status pw_rlimit_apply(const pw_policy *p, pw_buf *why);
/* rlimit.c: the queued-signal and message-queue limits, once the run's namespaces exist. */
pw_layer_status pw_rlimit_apply_queues(const pw_policy *p, pw_buf *why);
/* A warm template's modules imported ahead (its pre-imports, preload) take address space a
 * cold run's interpreter has not mapped: its runs' RLIMIT_AS is memory_mb plus bytes, so a
 * warm run has the room a cold one has (preloaded pandas took 80 MiB of it). */
void pw_rlimit_allow_address_space(size_t bytes);
/* RLIMIT_NOFILE, which pw_rlimit_apply leaves out: the last of a run's set-up. */
pw_layer_status pw_rlimit_apply_nofile(const pw_policy *p, pw_buf *why);
/* rlimit.c: the part done once per process: in a warm template, or by the apply of a cold
 * child (never in a host's own process). */
void pw_rlimit_prepare(const pw_policy *p);
/* setrlimit, keeping the host's hard limit where it is lower than r's (and r's gap between
 * soft and hard below it). */
int pw_rlimit_set(int resource, struct rlimit r);
/* The limits a run's code has where the host's hard limits (ulimit -t/-v, systemd's LimitCPU=
 * and LimitAS=, docker --ulimit) are below the policy's, or set where it sets none: CPU
 * seconds from the supervisor's own limit (the child's is the same), memory_mb from the
 * calling run's own RLIMIT_AS less what its template mapped ahead. 0: none. */
long pw_rlimit_cpu_s(long cpu_s);
long pw_rlimit_memory_mb(long memory_mb);
pw_layer_status pw_noproc_apply(const pw_policy *p, pw_buf *why);
pw_layer_status pw_ns_apply(const pw_policy *p, pw_buf *why);
pw_layer_status pw_mounts_apply(const pw_policy *p, pw_buf *why);
pw_layer_status pw_landlock_apply(const pw_policy *p, pw_buf *why);
/* landlock.c: builds the ruleset with what the policy alone grants before the request (a
 * warm spare), so pw_landlock_apply adds only the run's paths; its fd (-1: none) must
 * survive pw_fds_apply until then. */
void pw_landlock_prepare_run(const pw_policy *p);
int pw_landlock_ruleset_fd(void);
pw_layer_status pw_seccomp_apply(const pw_policy *p, pw_buf *why);

/* What this kernel offers, for doctor and for messages (cheap, no side effects except
 * pw_ns_probe, which forks a short-lived child once and caches the answer). */
int pw_landlock_abi(void); /* 0: Landlock unavailable (errno says why) */
/* Why a probe process died by SIGSYS: a seccomp filter of the host's that kills where the
 * layers expect an error to go on without them (systemd's SystemCallFilter=, whose default
 * action kills). */
#define PW_KILLED_BY_FILTER                                                                        \
    "killed (SIGSYS) by a seccomp filter this process runs under, which kills where an error "     \
    "would let runs go on without the layer (systemd: SystemCallErrorNumber=EPERM, or allow "      \
    "the call)"
#ifdef PW_TEST_SWITCHES
/* landlock.c, test builds only: reads PYWARDEN_TEST_LANDLOCK_ABI=N (use at most ABI N). */
void pw_landlock_test_switch(void);
#endif
bool pw_seccomp_available(void);
int pw_ns_probe(void); /* 0: user namespaces can be created here, else unshare's errno */
/* ns.c, doctor only (forks): true when a run's own user namespace could still make another,
 * pw_ns_forbid_nesting failing (/proc/sys read-only, as Docker mounts it). */
bool pw_ns_nesting_possible(void);

/* roots.c: what every run may read besides read_paths: the interpreter's stdlib, the shared
 * libraries it and extension modules load, locale and time-zone data, the site directories the
 * policy adds, and with allow_network the resolver's and TLS trust files. The one list
 * Landlock's rules and the mounts view are both built from. */
void pw_read_only_roots(const pw_policy *p, pw_strv *out);
/* Whether real (resolved) is one of the data files among them that the stdlib opens with
 * open() (mimetypes' tables): the audit hook lets every run read them too. They are looked
 * up at the first call in a process, which must come before its layers hide them. */
bool pw_stdlib_data_file(const char *real);

/* fds.c: joins a fresh, empty session keyring (each run, before its layers; a warm
 * launcher). false, errno set, where keyrings exist but none could be joined. */
bool pw_keyring_forget(void);

/* caps.c: pw_caps_drop_all drops every capability (bounding set first) when any is held;
 * pw_caps_drop_bounding_set alone, so an exec brings none back. false with why on failure. */
bool pw_caps_drop_all(pw_buf *why);
bool pw_caps_drop_bounding_set(pw_buf *why);

/* mounts.c: pw_mounts_apply builds the view from what the policy alone decides (a warm spare
 * does it ahead); pw_mounts_attach then binds the run's read_paths and write_paths from p and
 * its work directory and cuts the view off the host (pw_caps_drop_all follows). Attach does
 * nothing unless apply succeeded in this process. pw_mounts_prepare records the host's ids
 * (before any user namespace hides them), once per process, before the first run's fork. */
pw_layer_status pw_mounts_attach(const pw_policy *p, const char *work_dir, pw_buf *why);
bool pw_mounts_in_force(void);
/* The run's private tmpfs once attached: "/tmp", "/var/tmp" where a grant of /tmp itself
 * covers that, NULL when tmp_mb is 0 or grants cover both. */
const char *pw_mounts_private_tmp(void);
/* hosttmp.c: where a run without a private /tmp keeps its temporary files, a directory the
 * supervisor names (pw_hosttmp_name: in a nest of its euid under the host's TMPDIR, else
 * /tmp), the run makes (pw_hosttmp_make, the nest too if missing; the same entry under /tmp,
 * then /var/tmp, where TMPDIR cannot hold it: the path made, NULL when none can) and the
 * supervisor removes wherever it was made, with all it holds, following no link, once the run
 * has ended (until: pw_now_ms when it gives up on a tree something still fills). */
#define PW_HOSTTMP_MAX 4096
bool pw_hosttmp_name(char *out, size_t cap);
const char *pw_hosttmp_make(const char *path);
void pw_hosttmp_remove(const char *path, double until);
/* hosttmp.c, in the supervisor before the run is forked: removes what runs whose supervisor was
 * SIGKILLed left (each supervisor leaves a lease naming its run's directory, locked while it
 * lives), then leaves this run's, for path; its fd (the lock), its path in lease, -1 when it
 * could not be made. pw_hosttmp_release, after pw_hosttmp_remove, removes it. */
int pw_hosttmp_lease(const char *path, char lease[PW_HOSTTMP_MAX]);
void pw_hosttmp_release(int fd, const char *lease);
/* hosttmp.c, for a process that supervises many runs (the warm pool): one leased entry, made
 * (mode 0300) into dir, in which pw_hosttmp_name_in names its runs' directories, so a later
 * supervisor removes them all should this one be SIGKILLed. The lease's fd, -1 when none could
 * be made. When done: pw_hosttmp_remove(dir), then pw_hosttmp_release. */
int pw_hosttmp_lease_nest(char dir[PW_HOSTTMP_MAX], char lease[PW_HOSTTMP_MAX]);
bool pw_hosttmp_name_in(const char *nest, char *out, size_t cap);
/* mounts.c, for doctor: whether a child can enter the namespaces the view needs, with its ids
 * mapped (a read-only /proc cannot map them); false with why when not. */
bool pw_mounts_probe(pw_buf *why);
void pw_mounts_prepare(void);
/* mounts.c: looks up the runtime roots on the host once per process; a warm template calls it
 * for its runs (pw_mounts_apply does when nothing did). */
void pw_mounts_plan(const pw_policy *p);
/* mounts.c: a warm template builds the view of pw_mounts_apply once and moves into it, so
 * its spares only mount a root of their own. UNAVAILABLE (nothing changed) where a forked
 * child could not do both; FAILED when it then failed in the template itself (why says). */
pw_layer_status pw_mounts_template_view(const pw_policy *p, pw_buf *why);

/* The seccomp programs libseccomp compiled at build time (seccomp_rules.c, generated into
 * seccomp_programs.c). NOPROC holds only the process rules (noproc.c loads it); BASE and
 * BASE_NET are the seccomp layer's base deny-list without and with network; METADATA refuses
 * the changes of mode, owner, times and xattrs Landlock has no right for (check's analysis,
 * which changes no file). */
typedef enum {
    PW_FILTER_NOPROC,
    PW_FILTER_BASE,
    PW_FILTER_BASE_NET,
    PW_FILTER_METADATA,
    PW_FILTER_COUNT
} pw_filter;
struct sock_filter;
typedef struct {
    const struct sock_filter *code;
    unsigned short len;
} pw_bpf_program;
extern const pw_bpf_program pw_seccomp_programs[PW_FILTER_COUNT];
pw_layer_status pw_seccomp_load(pw_filter f, const char *layer, pw_buf *why);
/* seccomp.c: the seccomp layer is the base filter (pw_seccomp_load_base: once, in a warm
 * template for all its runs) and the per-run program: signals only to the calling process
 * (its pid is in the program), with deny_truncate no truncate(path), the process rules and
 * the namespace and view calls the base leaves out, mount and mount_setattr with
 * deny_attach. pw_seccomp_prepare_run loads them before the request (a warm spare), leaving
 * mount and mount_setattr to a short hand-off program when a view is still to be finished;
 * pw_seccomp_apply loads what is left (everything, when nothing was loaded ahead). */
pw_layer_status pw_seccomp_load_base(const pw_policy *p, pw_buf *why);
pw_layer_status pw_seccomp_load_run_filter(bool deny_truncate, bool deny_attach, bool deny_sendmsg,
                                           pw_buf *why);
void pw_seccomp_prepare_run(const pw_policy *p);
/* The per-run program pw_seccomp_load_run_filter loads, for this process, into code (room for
 * PW_SECCOMP_RUN_MAX instructions); its length. Tests run it on every call number. */
#define PW_SECCOMP_RUN_MAX 160
unsigned short pw_seccomp_run_program(struct sock_filter *code, bool deny_truncate,
                                      bool deny_attach, bool deny_sendmsg);
/* Whether this run's per-run program is on: calls from 457 on (listmount, statmount) answer
 * ENOSYS and umount2 is refused. */
bool pw_seccomp_run_program_in_force(void);
/* ns.c: true in a child that entered its own user namespace with a real uid the kernel
 * does not exempt from RLIMIT_NPROC (then it counts the run's tasks only). */
bool pw_ns_nproc_counts_run(void);
/* ns.c: no user namespace can be made inside the run's own (its limit set to 0 while it still
 * holds CAP_SYS_RESOURCE there): with seccomp off, a nested one would hold the capabilities to
 * mount a proc of a new pid namespace, or anything else, over the view. Where /proc/sys cannot
 * be written (read-only /proc) nothing changes and seccomp's refusal of unshare remains. */
void pw_ns_forbid_nesting(void);
/* ns.c: true in a child that entered its own user namespace (mounts builds its view there). */
bool pw_ns_entered(void);
/* A cold run's namespaces and view are built by a helper process while its interpreter starts
 * (child.c); the run then joins them. ns.c: pw_ns_join enters every namespace process pid is
 * in and this one is not, in one setns (false with why and nothing joined); with adopt (the
 * helper applied the namespaces layer), first the identity and then the state pw_ns_apply
 * gives a run. mounts.c: pw_mounts_adopt, after joining, the state pw_mounts_apply gives (the
 * view in force, the host's root still to be cut off by attach) and drops this process's own
 * bounding set. */
bool pw_ns_join(pid_t pid, bool adopt, pw_buf *why);
bool pw_mounts_adopt(pw_buf *why);
/* ns.c, for doctor: whether a run here can get a real uid that RLIMIT_NPROC counts (not the
 * host's root: inside `unshare -r` started by root, nobody is not mapped to move to). */
bool pw_ns_thread_bound_possible(void);
/* ns.c, for doctor: whether this process may make a network and an IPC namespace without a
 * user namespace (root holding CAP_SYS_ADMIN where user namespaces are refused), as a run's
 * namespaces step then does (pw_ns_apply). */
bool pw_ns_network_without_user_ns(void);

/* ns.c: for a warm template of a policy without network: move the template (which never
 * runs user code) into a fresh, empty network namespace once, so each run inherits it
 * instead of creating its own. Runs of one template share that empty namespace; with
 * socket() denied by seccomp they cannot use it to reach each other. */
bool pw_ns_share_network(void);
/* ns.c: maps uid and gid each to itself in the user namespace this process has just entered
 * (what a process may do for its own ids); why names layer on failure, errno kept. */
bool pw_ns_map_ids(uid_t uid, gid_t gid, const char *layer, pw_buf *why);

#endif
