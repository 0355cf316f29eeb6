/* CLI subcommands: each takes the arguments after its name (argv[0] is the name) and
 * returns the process exit status: 0 success, 1 the job/check failed, 2 usage error. */
#ifndef PW_COMMANDS_H
#define PW_COMMANDS_H

#include <stdbool.h>
#include <stdio.h>

#include "ceiling.h"

/* Prints "pywarden: <message>" and the usage text to stderr; returns 2. */
int pw_usage_error(const char *usage, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* line and a newline on stdout, with write(2) after what stdio holds: on a non-blocking
 * stdout (a Node parent shares its own) stdio drops what the pipe cannot take at once. false,
 * said on stderr, when it cannot be written (line NULL: out of memory). usage.c */
bool pw_print_line(const char *line);

int pw_cmd_run(int argc, char **argv);    /* cli.c */
int pw_cmd_check(int argc, char **argv);  /* check.c */
int pw_cmd_doctor(int argc, char **argv); /* doctor.c */
int pw_cmd_serve(int argc, char **argv);  /* serve.c */
int pw_cmd_worker(int argc, char **argv); /* worker/worker.c */
int pw_cmd_submit(int argc, char **argv); /* worker/submit.c */

/* The policy ceiling `serve` gets from these options (serve.c; doctor shows it too). */
bool pw_serve_ceiling(pw_ceiling *c, const char *policy, const char *allow_policies,
                      bool allow_inline, pw_buf *why);
/* How many of `workers` a warm pool can run within RLIMIT_NOFILE (serve.c), whose soft limit
 * is first raised toward the hard one as far as they need: past it, requests failed at random
 * ("pipe2: Too many open files", "work_dir '...': Too many open files", "the warm template
 * failed"). When not all fit, why says so ("started 1 of 2 workers: ..."); 0 when not even
 * one does. allow_policies and allow_inline: the ceiling, which sets how many policies may be
 * warm at once. */
long pw_workers_fitting_fds(long workers, const char *allow_policies, bool allow_inline,
                            pw_buf *why);
/* Whether a cold run fits RLIMIT_NOFILE, its soft limit raised toward the hard one as far as
 * the run needs (`run` and `check` raise it as serve does); else why says so. */
bool pw_cold_run_fits_fds(pw_buf *why);
/* The ceiling in words, two indented lines. */
void pw_ceiling_print(FILE *f, const pw_ceiling *c);

#endif
