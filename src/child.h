/* The child side of one run: the layer column, then the interpreter, then the report. */
#ifndef PW_CHILD_H
#define PW_CHILD_H

#include <stdbool.h>
#include <sys/types.h>

#include "request.h"

/* The exit status of a run whose fds layer failed, before any layer was reported and before
 * any user code: the reason is on its stderr, and the supervisor answers it as `internal`
 * (pywarden's own failure), not `crashed`. */
#define PW_EXIT_SETUP_FAILED 126

/* The exit status of a run that found its result channel (fd 3) closed or replaced when it
 * had a refusal or its report to send: the supervisor answers a policy_violation
 * (`result_channel`), not `crashed` or `timeout`, since that refusal cannot be listed. */
#define PW_EXIT_CHANNEL_LOST 125

/* The bytes of sys.exit("message") a stdio run's error.message shows (its header's
 * stdio_exit_message); the child sends at most 4 more, so that a longer one reads as cut. */
#define PW_EXIT_MESSAGE_SHOWN 500

typedef struct {
    int out_w, err_w, res_w;      /* write ends of the stdout, stderr and result pipes */
    pid_t supervisor;             /* the process that must be our parent */
    char nonce[PW_NONCE_HEX + 1]; /* proves a report came from pywarden, not user code */
} pw_child_pipes;

/* Cold mode: runs req in this freshly forked process (the layers of pw_child_prepare, its
 * own interpreter started meanwhile, then pw_child_run) and _exits; never returns. */
_Noreturn void pw_child_main(const pw_req *req, const pw_child_pipes *pipes);

/* Whether a run of p without the view gets a temporary directory on the host (hosttmp.c). */
bool pw_child_needs_host_tmp(const pw_policy *p);

/* Everything of a run that does not depend on its request, in the layer order of DESIGN
 * §4: own process group, death with the parent (which must be supervisor), default
 * signals, fds onto 0..3 (pw_fds_apply: out_w, err_w, res_w, -1 for /dev/null), then the
 * layers that depend on the policy alone (env, rlimit, namespaces, mounts, noproc). A warm
 * spare calls it before its request exists. Returns the report header: the layers applied,
 * or an "error" when a required layer could not be applied (the layers after it are then
 * not tried). */
cJSON *pw_child_prepare(const pw_policy *policy, pid_t supervisor, int out_w, int err_w, int res_w);

/* The rest of the column, once the run is known: its read_paths and write_paths (absolute,
 * resolved against its work directory; they replace the policy's) into the mounts view, the
 * cwd, then Landlock and seccomp. Without a view, tmp_dir (the supervisor's pw_hosttmp_name,
 * or NULL) is made and granted as the run's temporary directory. Does nothing when header
 * already holds an error. */
void pw_child_attach(cJSON *header, const pw_strv *read_paths, const pw_strv *write_paths,
                     const char *work_dir, const char *tmp_dir);

/* Runs req (its policy replaced by the one pw_child_prepare applied) after it, unless
 * header already holds an error; reports on PW_FD_RESULT with nonce and _exits.
 * cold: a cold child's (its own supervisor reaps it before answering). */
_Noreturn void pw_child_run(const pw_req *req, const char *nonce, cJSON *header, bool cold);

/* Streams one progress record ("<nonce>:<json>\n", one write) on the result channel while
 * the run goes on, so a run killed later still reports it. Nothing outside a run. */
void pw_child_send_progress(const cJSON *record);

#ifdef PW_TEST_SWITCHES
/* Test builds: turns off the layers PYWARDEN_TEST_DISABLE_LAYERS lists. A warm template
 * applies them too, so what it prepares for its runs (the shared network namespace, the
 * environment) follows the same switches as a cold run. */
void pw_child_test_switches(pw_policy *p);
#endif

/* Writes the report to fd: the run's nonce line, a one-line JSON header, '\n', then the
 * result's JSON text. The nonce lives only in C memory, so user code that writes to the
 * result fd cannot produce a report the supervisor accepts. */
void pw_child_send_report(int fd, cJSON *header, const char *result, size_t len);

#endif
