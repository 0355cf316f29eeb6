/* The pywarden command: a thin front end over the library (src/api.h). */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "api.h"
#include "commands.h"
#include "jsonconv.h"
#include "policy.h"
#include "pywarden.h"
#include "request.h"
#include "result.h"
#include "supervisor.h"

#define PW_MAX_STDIN_BYTES (256u << 20)

static const char run_usage[] =
    "usage: pywarden run [options]            (request as one JSON object on stdin)\n"
    "       pywarden run --code STR | --file PATH [options]\n"
    "       pywarden run [options] SCRIPT.py   (the same as --file SCRIPT.py)\n"
    "\n"
    "Runs Python code in a fresh sandboxed process and prints one JSON result line.\n"
    "Exit status: 0 ok, 1 the run failed (see error.type), 2 usage error.\n"
    "\n"
    "  --code STR          source to run (defines main(inputs) or assigns result)\n"
    "  --file PATH         script to run, relative to the work directory (sets \"script\")\n"
    "  --inputs JSON       inputs object (default {})\n"
    "  --inputs-file PATH  read the inputs object from a file\n"
    "  --timeout-ms N      wall-clock deadline (default: the policy's, 30000)\n"
    "  --policy NAME|PATH|JSON  policy name in the policy directory, a policy file, or an\n"
    "                      inline policy object ('{\"extends\": \"data\", ...}')\n"
    "  --entry NAME        function to call instead of main\n"
    "  --mode main|body|stdio  body: the code is the body of a function of inputs\n"
    "                      (return gives the result); stdio: legacy contract (inputs\n"
    "                      on stdin, result printed)\n"
    "  --work-dir DIR      the run's working directory and root (default: cwd)\n"
    "  -h, --help          this help\n";

static const char main_usage[] =
    "usage: pywarden <command> [options]\n"
    "\n"
    "commands:\n"
    "  run      run one request; prints one JSON result\n"
    "  check    compile and contract-check a script without running it\n"
    "  doctor   embedded Python, stdlib, and the sandbox layers this kernel supports\n"
    "  serve    worker pool: NDJSON requests on stdin, NDJSON results on stdout\n"
    "  worker   runs requests queued in a Redis stream (scale out over machines)\n"
    "  submit   queues request lines in a Redis stream and prints the answers\n"
    "\n"
    "  pywarden <command> --help   help for a command\n"
    "  pywarden --version          pywarden and embedded Python versions\n";

/* All of fd to EOF (read(2): stdio takes a non-blocking pipe's EAGAIN for its end); NULL
 * with *err 0 when it is over PW_MAX_STDIN_BYTES, else the errno of a failed read. */
static char *read_stream(int fd, size_t *len, int *err)
{
    pw_buf b = {0};
    char chunk[65536];
    ssize_t n;
    pw_buf_append(&b, "", 0);
    while ((n = read(fd, chunk, sizeof chunk)) != 0) {
        if (n < 0 && (errno == EINTR ||
                      ((errno == EAGAIN || errno == EWOULDBLOCK) && pw_wait_fd(fd, POLLIN))))
            continue;
        *err = n < 0 ? errno : 0;
        if (n < 0 || b.len + (size_t)n > PW_MAX_STDIN_BYTES ||
            !pw_buf_append(&b, chunk, (size_t)n)) {
            pw_buf_free(&b);
            return NULL;
        }
    }
    *len = b.len;
    return pw_buf_take(&b);
}

/* Prints the result line and maps it to the exit status. */
static int emit(cJSON *result)
{
    char *line = pw_result_print(result);
    int ok = pw_result_ok(result);
    cJSON_Delete(result);
    bool written = pw_print_line(line);
    free(line);
    return ok && written ? 0 : 1;
}

/* Says where the inputs' JSON broke: a person fixes it by hand. */
static cJSON *bad_inputs(const char *flag, const char *src, const char *why)
{
    /* cJSON's position of its own parse error (a CLI process parses on one thread) */
    const char *at = strcmp(why, "malformed JSON") == 0 ? cJSON_GetErrorPtr() : NULL;
    if (!at || at < src || at > src + strlen(src))
        return pw_result_fail_field("invalid_request", "inputs", "%s: %s", flag, why);
    int line = 1, column = 1;
    for (const char *p = src; p < at; p++, column++)
        if (*p == '\n') line++, column = 0;
    size_t shown = strnlen(at, 20);
    char *near = pw_utf8_sanitize(at, shown); /* the cut may split a character */
    cJSON *r = pw_result_fail_field("invalid_request", "inputs",
                                    "%s: malformed JSON at line %d, column %d (byte %zu), before "
                                    "'%s'",
                                    flag, line, column, (size_t)(at - src), near ? near : "");
    free(near);
    return r;
}

typedef struct {
    const char *code, *file, *inputs, *inputs_file, *timeout, *policy, *entry, *mode, *work_dir;
} run_flags;

/* The inputs as a request line keeps them (pw_req_json: checked compact text, no tree), or
 * NULL where it would not keep them. */
static cJSON *kept_inputs(const char *src)
{
    pw_buf line = {0};
    const char *why = NULL;
    cJSON *req =
        pw_buf_appendf(&line, "{\"inputs\":%s}", src) ? pw_req_json(line.data, &why) : NULL;
    pw_buf_free(&line);
    cJSON *in = cJSON_GetObjectItem(req, "inputs");
    /* one member: text such as `{"a":1},"code":"..."` must not close the object and add one */
    in = pw_json_is_kept_object(in) && cJSON_GetArraySize(req) == 1
             ? cJSON_DetachItemViaPointer(req, in)
             : NULL;
    cJSON_Delete(req);
    return in;
}

/* Builds the request object from flags; NULL with *err (a result) when an input is bad. */
static cJSON *request_from_flags(const run_flags *f, cJSON **err)
{
    cJSON *req = cJSON_CreateObject();
    if (f->code) cJSON_AddStringToObject(req, "code", f->code);
    if (f->file) cJSON_AddStringToObject(req, "script", f->file);
    const char *why = NULL;
    cJSON *policy = pw_policy_spec(f->policy, &why);
    if (why) {
        *err = pw_result_fail_field("invalid_request", "policy", "--policy: %s", why);
        cJSON_Delete(req);
        return NULL;
    }
    if (policy) cJSON_AddItemToObject(req, "policy", policy);
    if (f->entry) cJSON_AddStringToObject(req, "entry", f->entry);
    if (f->mode) cJSON_AddStringToObject(req, "mode", f->mode);
    if (f->work_dir) cJSON_AddStringToObject(req, "work_dir", f->work_dir);
    if (f->timeout) cJSON_AddItemToObject(req, "timeout_ms", cJSON_CreateRaw(f->timeout));
    char *text = NULL;
    if (f->inputs_file) {
        text = pw_read_file(f->inputs_file, PW_MAX_STDIN_BYTES, NULL);
        if (!text) {
            *err = pw_result_fail_field("invalid_request", "inputs", "--inputs-file %s: %s",
                                        f->inputs_file, pw_read_error(errno));
            cJSON_Delete(req);
            return NULL;
        }
    }
    const char *src = text ? text : f->inputs;
    if (src) {
        why = "not valid UTF-8";
        bool utf8 = pw_utf8_valid(src, strlen(src));
        cJSON *inputs = utf8 ? kept_inputs(src) : NULL;
        if (!inputs && utf8) inputs = pw_json_parse_exact(src, &why); /* a tree, or the error */
        if (!inputs) {
            *err = bad_inputs(f->inputs_file ? "--inputs-file" : "--inputs", src, why);
            cJSON_Delete(req);
            free(text);
            return NULL;
        }
        cJSON_AddItemToObject(req, "inputs", inputs);
    }
    free(text);
    return req;
}

static bool is_positive_integer(const char *s)
{
    if (!*s) return false;
    bool nonzero = false;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9') return false;
        nonzero |= *p != '0';
    }
    return nonzero && strlen(s) <= 12;
}

/* The signal that stopped `run`: it ends as that signal's default action ended it, but only
 * once the run is killed and what it left on the host (its temporary directory) is removed. */
static volatile sig_atomic_t run_stopped_by, run_over;

/* Why a cold run would not have the open files it needs; empty when it would (sane_start
 * finds out once, having raised the soft limit as far as it can). */
static pw_buf fds_short;

static void stop_run(int sig)
{
    run_stopped_by = sig;
    if (run_over) { /* nothing left to remove; its result may wait for a reader that never reads */
        signal(sig, SIG_DFL);
        raise(sig);
    }
    pw_supervise_cold_stop();
}

/* From here on, a stop signal kills the run and is re-raised once pw_supervise_cold returns;
 * one that is ignored (nohup) stays ignored. */
static void catch_stops(void)
{
    struct sigaction sa = {.sa_handler = stop_run}, old;
    sigemptyset(&sa.sa_mask);
    static const int stops[] = {SIGTERM, SIGINT, SIGHUP, SIGQUIT};
    for (size_t i = 0; i < sizeof stops / sizeof *stops; i++)
        if (sigaction(stops[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
            sigaction(stops[i], &sa, NULL);
    /* The reader of a pipe or socket gone (the host that spawned us died) is a stop as
     * SIGPIPE: the run is killed, not left to its timeout with nobody to read its result, as
     * serve kills its runs then (serve.c, wait_done). Watched in the supervisor's own poll:
     * a thread here would make every run a fork of a threaded process. */
    struct stat st;
    if (fstat(STDOUT_FILENO, &st) == 0 && (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)))
        pw_supervise_cold_watch(STDOUT_FILENO, stop_run);
}

/* The run's result, unless a stop signal came (catch_stops). */
static int emit_run(cJSON *result)
{
    run_over = 1;
    int sig = run_stopped_by;
    if (!sig) return emit(result);
    cJSON_Delete(result);
    signal(sig, SIG_DFL);
    raise(sig);
    return 128 + sig;
}

int pw_cmd_run(int argc, char **argv)
{
    static const struct option opts[] = {{"code", required_argument, 0, 'c'},
                                         {"file", required_argument, 0, 'f'},
                                         {"inputs", required_argument, 0, 'i'},
                                         {"inputs-file", required_argument, 0, 'I'},
                                         {"timeout-ms", required_argument, 0, 't'},
                                         {"policy", required_argument, 0, 'p'},
                                         {"entry", required_argument, 0, 'e'},
                                         {"mode", required_argument, 0, 'm'},
                                         {"work-dir", required_argument, 0, 'w'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    run_flags f = {0};
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        const char **slot[] = {['c'] = &f.code,        ['f'] = &f.file,    ['i'] = &f.inputs,
                               ['I'] = &f.inputs_file, ['t'] = &f.timeout, ['p'] = &f.policy,
                               ['e'] = &f.entry,       ['m'] = &f.mode,    ['w'] = &f.work_dir};
        if (c == 'h') {
            fputs(run_usage, stdout);
            return 0;
        }
        if (c == '?' || c >= (int)(sizeof slot / sizeof *slot) || !slot[c])
            return pw_usage_error(run_usage, "unknown or incomplete option '%s'", argv[optind - 1]);
        *slot[c] = optarg;
    }
    /* `pywarden run script.py`, the way people call `python3 script.py` */
    if (optind < argc && !f.code && !f.file) f.file = argv[optind++];
    if (optind < argc) return pw_usage_error(run_usage, "unexpected argument '%s'", argv[optind]);
    if (f.code && f.file)
        return pw_usage_error(run_usage, "%s", "--code and --file exclude each other");
    if (!f.code && !f.file && isatty(STDIN_FILENO))
        return pw_usage_error(run_usage, "%s",
                              "no request: give --code, --file or a script path, or pipe a "
                              "request object on stdin");
    if (f.inputs && f.inputs_file)
        return pw_usage_error(run_usage, "%s", "--inputs and --inputs-file exclude each other");
    if (f.timeout && !is_positive_integer(f.timeout))
        return pw_usage_error(run_usage, "--timeout-ms takes a positive integer, not '%s'",
                              f.timeout);
    if (fds_short.len) /* else "pipe2: Too many open files", no more */
        return emit_run(pw_result_fail("internal", "%s", fds_short.data));

    if (!f.code && !f.file) {
        if (f.inputs || f.inputs_file || f.timeout || f.policy || f.entry || f.mode || f.work_dir)
            return pw_usage_error(
                run_usage, "%s",
                "with the request on stdin, give no other flags (or use --code/--file)");
        size_t len = 0;
        int err = 0;
        char *text = read_stream(STDIN_FILENO, &len, &err);
        catch_stops();
        cJSON *result =
            !text && err ? pw_result_fail("invalid_request",
                                          "the request on stdin cannot be read: %s", strerror(err))
            : !text      ? pw_result_fail("invalid_request", "the request on stdin is too large")
            : len == 0   ? pw_result_fail("invalid_request", "no request on stdin")
                         : pw_execute_text(text, len);
        free(text);
        return emit_run(result);
    }
    cJSON *err = NULL;
    cJSON *req = request_from_flags(&f, &err);
    if (!req) return emit(err);
    catch_stops();
    cJSON *result = pw_execute_json(req);
    cJSON_Delete(req);
    return emit_run(result);
}

typedef struct {
    const char *name;
    int (*fn)(int, char **);
} command;

static const command commands[] = {
    {"run", pw_cmd_run},       {"check", pw_cmd_check},
    {"doctor", pw_cmd_doctor}, {"serve", pw_cmd_serve},
#ifdef PW_WITH_REDIS
    {"worker", pw_cmd_worker}, {"submit", pw_cmd_submit},
#endif
};

/* What a parent may hand the command that breaks it: closed standard fds (serve's first
 * signalfd took fd 0 and read itself as the request stream), and SIGCHLD ignored, which
 * makes the kernel reap every child before pywarden can wait for it (a cold run's cpu_limit
 * reported as 'crashed', doctor's probes failing with ECHILD). A closed stdout is held by a
 * read-only /dev/null: writes fail (EBADF) as on the closed fd, so a result nobody can read
 * is exit status 1, not 0. A soft open-file limit below what a cold run needs is raised toward
 * the hard one (ulimit -Sn 8 failed every run, "pipe2: Too many open files"), as serve raises
 * it for its workers; doctor says where the hard limit is too low. */
static void sane_start(void)
{
    for (int fd = 0; fd < 3; fd++)
        if (fcntl(fd, F_GETFD) < 0) {
            int null = open("/dev/null", fd == 2 ? O_WRONLY : O_RDONLY);
            if (null >= 0 && null != fd) {
                dup2(null, fd);
                close(null);
            }
        }
    signal(SIGCHLD, SIG_DFL);
    pw_cold_run_fits_fds(&fds_short);
}

static int dispatch(int argc, char **argv)
{
    if (argc < 2) {
        fputs(main_usage, stderr);
        return 2;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("pywarden %s (embedded Python %s)\n", pw_version(), pw_python_version());
        return 0;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(main_usage, stdout);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (strcmp(argv[1], commands[i].name) == 0) return commands[i].fn(argc - 1, argv + 1);
    return pw_usage_error(main_usage, "unknown command '%s'", argv[1]);
}

/* Output that never reached stdout (a full disk, an I/O error) is no success: a host that
 * trusts exit status 0 would read a missing or cut result. Said on stderr, status 1. errno
 * is still the failed write's: nothing since then sets it. */
static int stdout_written(int rc)
{
    if (fflush(stdout) == 0 && !ferror(stdout)) return rc;
    fprintf(stderr, "pywarden: cannot write to stdout: %s\n", strerror(errno));
    return rc ? rc : 1;
}

static volatile sig_atomic_t init_child;

static void forward_signal(int sig)
{
    if (init_child > 0) kill(init_child, sig);
}

/* As pid 1 of a pid namespace (a container's entrypoint without --init), every orphan of the
 * namespace is ours to reap: those of a killed launcher (its template, spares and runs) stayed
 * zombies of serve, which waits only for its own, until the pids limit was used up. So a
 * long-lived command runs in a child while this process reaps and forwards the signals that
 * stop it, as tini does. Returns in the child (true), or the child's exit status. */
static bool become_init(int *status)
{
    sigset_t all, old;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, &old);
    pid_t child = fork();
    if (child <= 0) { /* the child, or no fork: the command runs here, as before */
        if (child == 0) prctl(PR_SET_PDEATHSIG, SIGKILL);
        sigprocmask(SIG_SETMASK, &old, NULL);
        return true;
    }
    init_child = child;
    struct sigaction sa = {.sa_handler = forward_signal};
    sigemptyset(&sa.sa_mask);
    static const int stops[] = {SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2};
    for (size_t i = 0; i < sizeof stops / sizeof *stops; i++)
        sigaction(stops[i], &sa, NULL);
    /* the child's stdin and stdout alone: its reader sees EOF when the child exits */
    int null = open("/dev/null", O_RDWR);
    if (null >= 0) dup2(null, 0), dup2(null, 1), close(null);
    sigprocmask(SIG_SETMASK, &old, NULL);
    for (;;) {
        int st;
        pid_t r = wait(&st);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
            *status = 1;
            return false;
        }
        if (r == child) {
            *status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
            return false;
        }
    }
}

int main(int argc, char **argv)
{
    sane_start();
    int status;
    bool long_lived = argc > 1 && (strcmp(argv[1], "serve") == 0 || strcmp(argv[1], "worker") == 0);
    if (long_lived && getpid() == 1 && !become_init(&status)) return status;
    if (long_lived) pw_short_slice(); /* before any thread: they inherit it */
    int rc = dispatch(argc, argv);
    pw_buf_free(&fds_short);
    return stdout_written(rc);
}
