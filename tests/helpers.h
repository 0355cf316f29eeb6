/* Shared test helpers: run requests through the library or the real binary, and assert
 * on result objects. Include after <cmocka.h>'s prerequisites (this header includes it). */
#ifndef PW_TEST_HELPERS_H
#define PW_TEST_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <sys/types.h>

#include "pywarden.h"
#include "util.h"

/* Runs a request (JSON text) through pw_run; returns the parsed result (free with cJSON_Delete). */
cJSON *t_run(const char *request_json);
/* Builds {"code": code, "inputs": <inputs_json>, ...extra members} and runs it. extra_json is
 * a JSON object text whose members are added (NULL for none). */
cJSON *t_run_code(const char *code, const char *inputs_json, const char *extra_json);
/* t_run through a warm pool (pw_pool_run); pool NULL means pw_run (cold). */
cJSON *t_run_in(pw_pool *pool, const char *request_json);

/* The request text t_run_code runs (free it). */
char *t_request_text(const char *code, const char *inputs_json, const char *extra_json);

/* A warm pool whose runs have the listed layers off (PYWARDEN_TEST_DISABLE_LAYERS, read by
 * its launcher at creation; "" for none). Fails the test when it cannot start. */
typedef struct pw_pool pw_pool;
pw_pool *t_pool_with_switches(const char *disable, int workers);
/* t_run_code through pw_pool_run (pool NULL: through pw_run, cold). */
cJSON *t_pool_run_code(pw_pool *pool, const char *code, const char *inputs_json,
                       const char *extra_json);
/* A whole (small) text file; fails the test when unreadable. Free it. */
char *t_read_text(const char *path);
/* tests/attacks/NAME.py, after the prelude it names in a line "# prelude: P ..." (code
 * several attacks share: tests/attacks/prelude/P.py). */
char *t_attack_source(const char *name);

/* t_run_code or, warm, t_pool_run_code on a pool created on first use (one worker;
 * t_pool_stop ends it): tests loop over both modes. */
cJSON *t_run_code_in(bool warm, const char *code, const char *inputs_json, const char *extra_json);
void t_pool_stop(void);
/* The result text of a request, cold (pw_run) or warm; free with pw_free. */
char *t_run_text(bool warm, const char *request_json);

/* Asserts ok:true; prints the whole result when it is not. */
void t_assert_ok(const cJSON *r);
/* Asserts ok:false with error.type == type and error.message containing fragment (or NULL). */
void t_assert_error(const cJSON *r, const char *type, const char *fragment);
/* error.<key> as a string / number; fails the test when missing. */
const char *t_err_str(const cJSON *r, const char *key);
double t_err_num(const cJSON *r, const char *key);
/* The "result" member printed as compact JSON (static buffer, valid until the next call). */
const char *t_result_text(const cJSON *r);

/* Runs the real pywarden binary with argv (argv[0] ignored), feeding stdin_text (NULL: an
 * empty stdin) and an environment (NULL: the test's own). Captures stdout/stderr (free
 * them). Returns the exit status, or 128+signal. */
int t_run_cli(const char *const argv[], const char *stdin_text, char *const envp[], char **out,
              char **err);

/* Open fds of this process and its live child processes (for leak checks). */
int t_count_fds(void);
/* pid's resident memory (VmRSS), kB; -1 when it cannot be read. */
long t_rss_kb(pid_t pid);
/* VmHWM: the most it ever held. */
long t_peak_rss_kb(pid_t pid);
/* VmSize: the address space it maps. */
long t_vm_size_kb(pid_t pid);
int t_count_children(void);
/* True when no live process is left in process group pgid (zombies already reparented to
 * init do not count: they are dead, init reaps them in its own time). */
bool t_pgid_empty(int pgid);
/* Children of pid, of every thread (a warm pool restarts its launcher from whichever thread
 * found it gone), but a pool's nursery; returns how many were stored. */
int t_children_of(pid_t pid, pid_t *out, int max);
/* The warm pool's nursery among host's children (it forks launchers), or -1. */
pid_t t_nursery_of(pid_t host);
/* pid's /proc/PID/stat past its command's ") " (state, ppid, ...) in buf; "" when gone. */
const char *t_stat_fields(pid_t pid, char *buf, size_t cap);
/* pid's state letter (S sleeping, R running, Z zombie, ...), 0 when it is gone. */
char t_proc_state(pid_t pid);
/* Once warm template tpl is at rest (PW_SPARES children, each asleep waiting for its run:
 * not the last run exiting, nor a new spare setting up; so its slot holds its next spare),
 * the oldest: the one the slot's next run goes to. Fails the test after 10 s. */
pid_t t_spares_at_rest(pid_t tpl);
int t_count_descendants(pid_t pid);

/* In a child about to exec pywarden: becomes uid (one nothing else runs as; its gid, no
 * groups) with RLIMIT_NPROC at nproc, as under a container's pids limit. slow: a thread the
 * program cannot create is reported 1 s late (tests/slow_thread_failure.c). False when it
 * could not. */
bool t_become_uid_with_nproc(uid_t uid, int nproc, bool slow);
/* Kills every process of uid (kill -1 as that uid reaches exactly those). */
void t_kill_uid(uid_t uid);

/* A fresh temporary directory (rm -rf'd by t_rmtree); the returned string is static-free. */
char *t_mkdtemp(void);
void t_rmtree(const char *path);
void t_write_file(const char *path, const char *content);
/* A fresh temporary directory's canonical path (what realpath gives) into out. */
void t_mkdtemp_real(char *out, size_t size);
/* dir/name with content, or a directory when content is NULL. */
void t_write_in(const char *dir, const char *name, const char *content);

/* pw_policy's member names, read from src/policy.h, appended to fields: tests hold the tables
 * that must name every field (the ceiling's rules, the template policy text) against it. */
void t_policy_fields(pw_strv *fields);

/* ---- driving `pywarden serve` (a real process with pipes to its stdin and stdout) ---- */

#include <sys/types.h>

#define ANSWER_TIMEOUT_MS 60000

typedef struct {
    pid_t pid;
    int in, out;
    char *buf;
    size_t len;
    char *last; /* the last answer line as serve wrote it */
} server;

/* Starts `pywarden serve` with the extra arguments (NULL-terminated, or NULL). */
void start_server(server *s, const char *const extra[]);
/* The same, with setup() called in the child before exec (a host's limits or uid). */
void start_server_with(server *s, const char *const extra[], void (*setup)(void));
void send_line(server *s, const char *line);
void close_input(server *s);
/* The next answer line, parsed; NULL at EOF. Fails the test after timeout_ms. */
cJSON *read_answer_within(server *s, int timeout_ms);
cJSON *read_answer(server *s);
/* Closes our ends and returns serve's exit status (128+signal when killed). */
int stop_server(server *s);
const char *id_str(const cJSON *a);
const char *mode_of(const cJSON *a);
/* serve -> launcher -> templates; the first template found (fails the test after 2 s). */
pid_t find_template(pid_t serve);
int count_fds_of(pid_t pid);
/* Writes n request lines (lines[i % nlines], without newline) while reading answers, so
 * neither pipe can fill up and block; check is called on every answer. Returns n. */
int pump_lines(server *s, const char *const *lines, int nlines, int n,
               void (*check)(const cJSON *answer));
/* pump_lines of n trivial requests, each of which must be ok. */
int pump(server *s, int n);
/* Waits (up to 5 s) until pid has want descendants; returns the last count seen. */
int settle_descendants(pid_t pid, int want);

/* pywarden argv (with envp, or the test's environment when NULL) with stdin and stdout on
 * pipes whose ends it gets are O_NONBLOCK, as a host that shares its own hands them (Node makes
 * its stdout so); *in and *out are ours. */
pid_t t_start_nonblocking(const char *const argv[], char *const envp[], int *in, int *out);
/* Everything on fd until EOF, read after a pause so the writer finds the pipe full. */
char *t_slurp_later(int fd);
/* pid's exit status, 128 + signal when killed. */
int t_exit_status(pid_t pid);
/* The same, or -1 when pid is still running after ms (it is then left running). */
int t_exit_within(pid_t pid, long ms);
/* Returns once the pipe whose read end is fd is full (fails the test after 60 s): its writer
 * waits for a reader. */
void t_await_full_pipe(int fd);

#endif
