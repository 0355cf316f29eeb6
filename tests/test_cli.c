/* The pywarden binary: exit statuses, help and version, the request on stdin or from
 * flags, exactly one JSON line on stdout, and a run without PATH or any environment. */
#include "helpers.h"

#include <fcntl.h>
#include <limits.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pywarden.h"
#include "util.h"

#define FIXTURES PW_TEST_DIR "/fixtures"

/* Runs the binary; checks stdout is exactly one line of JSON and returns it parsed. */
static cJSON *cli_json(const char *const argv[], const char *stdin_text, char *const envp[],
                       int want_status)
{
    char *out = NULL, *err = NULL;
    int rc = t_run_cli(argv, stdin_text, envp, &out, &err);
    if (rc != want_status)
        fail_msg("exit status %d, want %d; stdout %s stderr %s", rc, want_status, out, err);
    size_t len = strlen(out);
    assert_true(len > 1 && out[len - 1] == '\n');
    assert_ptr_equal(strchr(out, '\n'), out + len - 1); /* one line */
    cJSON *r = cJSON_Parse(out);
    if (!r) fail_msg("stdout is not JSON: %s", out);
    free(out);
    free(err);
    return r;
}

/* Runs the binary expecting a usage error: status 2, nothing on stdout, message on stderr. */
static void assert_usage_error(const char *const argv[], const char *fragment)
{
    char *out = NULL, *err = NULL;
    int rc = t_run_cli(argv, "", NULL, &out, &err);
    assert_int_equal(rc, 2);
    assert_string_equal(out, "");
    if (!strstr(err, fragment)) fail_msg("stderr lacks '%s': %s", fragment, err);
    assert_non_null(strstr(err, "usage: pywarden"));
    free(out);
    free(err);
}

/* A path given on the command line is bytes, not necessarily UTF-8 (a Latin-1 file name):
 * the result that names it must still be UTF-8 JSON, the byte shown as U+FFFD. It was
 * printed raw, and a strict reader (Python's json.loads of the bytes) refused the result.
 * So was an error's field cut inside a character: an inline policy's long unknown key,
 * which serve answered the same way. */
static void a_path_not_in_utf8_is_answered_in_utf8(void **state)
{
    (void)state;
    char long_key[300] = "{\"extends\": \"default\", \"a";
    for (int i = 0; i < 100; i++)
        strcat(long_key, "\xc3\xa9");
    strcat(long_key, "\": 1}");
    const char *const cases[][3] = {
        {"--work-dir", "/nonexistent-\xe9", "work_dir '/nonexistent-\xef\xbf\xbd'"},
        {"--file", "\xe9.py", "script '\xef\xbf\xbd.py'"},
        {"--policy", "/nonexistent/\xe9.json", "'/nonexistent/\xef\xbf\xbd.json'"},
        {"--policy", long_key, "unknown key 'a\xc3\xa9"},
        /* an inline policy that is no UTF-8 is refused, as a policy file is */
        {"--policy", "{\"extends\": \"default\", \"env\": {\"A\xff\": \"b\"}}",
         "--policy: not UTF-8"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *argv[] = {"pywarden", "run",        cases[i][0], cases[i][1],
                              "--code",   "result = 1", NULL};
        if (!strcmp(cases[i][0], "--file")) argv[4] = NULL; /* a script, not code */
        char *out = NULL, *err = NULL;
        assert_int_equal(t_run_cli(argv, NULL, NULL, &out, &err), 1);
        if (!pw_utf8_valid(out, strlen(out)) || !strstr(out, cases[i][2]))
            fail_msg("%s: not UTF-8 or lacks the U+FFFD form: %s", cases[i][0], out);
        cJSON *r = cJSON_Parse(out);
        t_assert_error(r, "invalid_request", cases[i][2]);
        cJSON_Delete(r);
        free(out);
        free(err);
    }
}

static void exit_status_ok_and_failed(void **state)
{
    (void)state;
    const char *ok[] = {"pywarden", "run", "--code", "result = 1", NULL};
    cJSON *r = cli_json(ok, NULL, NULL, 0);
    t_assert_ok(r);
    cJSON_Delete(r);
    const char *bad[] = {"pywarden", "run", "--code", "raise ValueError('x')", NULL};
    r = cli_json(bad, NULL, NULL, 1);
    t_assert_error(r, "exception", "ValueError: x");
    cJSON_Delete(r);
    const char *badreq[] = {"pywarden", "run", "--code", "result = 1", "--inputs", "[1]", NULL};
    r = cli_json(badreq, NULL, NULL, 1);
    t_assert_error(r, "invalid_request", NULL);
    cJSON_Delete(r);
}

static void usage_errors_exit_2(void **state)
{
    (void)state;
    const char *unknown_flag[] = {"pywarden", "run", "--bogus", NULL};
    assert_usage_error(unknown_flag, "'--bogus'");
    const char *missing_arg[] = {"pywarden", "run", "--code", NULL};
    assert_usage_error(missing_arg, "'--code'");
    const char *no_cmd[] = {"pywarden", NULL};
    assert_usage_error(no_cmd, "");
    const char *bad_cmd[] = {"pywarden", "frobnicate", NULL};
    assert_usage_error(bad_cmd, "unknown command 'frobnicate'");
    const char *both[] = {"pywarden", "run", "--code", "x", "--file", "y.py", NULL};
    assert_usage_error(both, "exclude each other");
    const char *timeout[] = {"pywarden", "run", "--code", "x", "--timeout-ms", "abc", NULL};
    assert_usage_error(timeout, "'abc'");
    /* 0 is no deadline a run could meet: a usage error, not an invalid_request answer */
    const char *zero[] = {"pywarden", "run", "--code", "x", "--timeout-ms", "0", NULL};
    assert_usage_error(zero, "positive integer, not '0'");
    const char *extra[] = {"pywarden", "run", "--code", "x", "stray", NULL};
    assert_usage_error(extra, "'stray'");
    const char *stdin_flags[] = {"pywarden", "run", "--inputs", "{}", NULL};
    assert_usage_error(stdin_flags, "stdin");
    /* doctor, as serve: a repeated --allow-policies kept only the last list */
    const char *twice[] = {"pywarden", "doctor", "--allow-policies", "strict", "--allow-policies",
                           "data",     NULL};
    assert_usage_error(twice, "give --allow-policies once");
}

/* serve loads its own --policy before it starts: doctor, given the same flags, said its
 * ceiling was fine ("requests may name: nosuch", default serve:allowed) for one that does not
 * load. */
static void doctor_says_serve_would_not_start_on_a_bad_policy(void **state)
{
    (void)state;
    static const struct {
        const char *policy, *said;
    } cases[] = {
        {"nosuch", "serve would not start: policy nosuch: no policy named 'nosuch'"},
        {"{\"extends\": \"default\", \"bogus\": 1}",
         "serve would not start: policy <inline>: unknown key 'bogus'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *argv[] = {"pywarden", "doctor", "--policy", cases[i].policy, NULL};
        char *out = NULL, *err = NULL;
        assert_int_equal(t_run_cli(argv, NULL, NULL, &out, &err), 0);
        if (!strstr(out, cases[i].said) || strstr(out, "serve:allowed"))
            fail_msg("doctor --policy %s said: %s", cases[i].policy, out);
        free(out);
        free(err);
    }
}

static void help_and_version(void **state)
{
    (void)state;
    const char *helps[][3] = {{"pywarden", "--help", NULL}, {"pywarden", "run", "--help"}};
    const char *want[] = {"usage: pywarden <command>", "usage: pywarden run"};
    for (int i = 0; i < 2; i++) {
        const char *argv[] = {helps[i][0], helps[i][1], helps[i][2], NULL};
        char *out = NULL, *err = NULL;
        assert_int_equal(t_run_cli(argv, NULL, NULL, &out, &err), 0);
        assert_non_null(strstr(out, want[i]));
        assert_string_equal(err, "");
        free(out);
        free(err);
    }
    const char *version[] = {"pywarden", "--version", NULL};
    char *out = NULL, *err = NULL;
    assert_int_equal(t_run_cli(version, NULL, NULL, &out, &err), 0);
    assert_non_null(strstr(out, "pywarden " PYWARDEN_VERSION " "));
    assert_non_null(strstr(out, "Python 3.11"));
    free(out);
    free(err);
}

static void request_on_stdin(void **state)
{
    (void)state;
    const char *argv[] = {"pywarden", "run", NULL};
    cJSON *r = cli_json(argv,
                        "{\"code\": \"def main(inputs):\\n    return inputs['n'] * 2\","
                        " \"inputs\": {\"n\": 21}, \"timeout_ms\": 5000}",
                        NULL, 0);
    t_assert_ok(r);
    assert_string_equal(t_result_text(r), "42");
    cJSON_Delete(r);

    r = cli_json(argv, "", NULL, 1); /* empty stdin */
    t_assert_error(r, "invalid_request", "no request on stdin");
    cJSON_Delete(r);

    r = cli_json(argv, "{\"code\": ", NULL, 1);
    t_assert_error(r, "invalid_request", "not valid JSON");
    cJSON_Delete(r);

    r = cli_json(argv, "{\"code\": \"result = 1\", \"nope\": 1}", NULL, 1);
    t_assert_error(r, "invalid_request", "'nope'");
    assert_string_equal(t_err_str(r, "field"), "nope");
    cJSON_Delete(r);
}

static void file_relative_to_cwd_and_work_dir(void **state)
{
    (void)state;
    char cwd[PATH_MAX];
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(FIXTURES), 0); /* the binary inherits it: the default work_dir */
    const char *argv[] = {"pywarden",           "run", "--file", "hello.py", "--inputs",
                          "{\"name\":\"cli\"}", NULL};
    cJSON *r = cli_json(argv, NULL, NULL, 0);
    assert_int_equal(chdir(cwd), 0);
    t_assert_ok(r);
    assert_string_equal(t_result_text(r),
                        "{\"success\":true,\"message\":\"Hello, cli!\",\"n\":null}");
    cJSON_Delete(r);

    const char *stdio[] = {"pywarden", "run",    "--work-dir", FIXTURES,   "--file",
                           "hello.py", "--mode", "stdio",      "--inputs", "{\"name\":\"fail\"}",
                           NULL};
    r = cli_json(stdio, NULL, NULL, 1);
    t_assert_error(r, "exception", "status 1");
    assert_string_equal(t_result_text(r), "{\"success\":false,\"error\":\"no fail allowed\"}");
    cJSON_Delete(r);

    const char *outside[] = {"pywarden", "run",           "--work-dir", FIXTURES,
                             "--file",   "../test_cli.c", NULL};
    r = cli_json(outside, NULL, NULL, 1);
    t_assert_error(r, "invalid_request", "outside the work directory");
    cJSON_Delete(r);
}

static void inputs_file(void **state)
{
    (void)state;
    char *dir = t_mkdtemp();
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/in.json", dir);
    t_write_file(path, "{\"n\": 18446744073709551617, \"s\": \"\\u00e9\"}\n");
    const char *argv[] = {"pywarden",
                          "run",
                          "--code",
                          "def main(inputs):\n    return [inputs['n'] == 2**64 + 1, inputs['s']]",
                          "--inputs-file",
                          path,
                          NULL};
    cJSON *r = cli_json(argv, NULL, NULL, 0);
    t_assert_ok(r);
    assert_string_equal(t_result_text(r), "[true,\"\xC3\xA9\"]");
    cJSON_Delete(r);

    const char *missing[] = {
        "pywarden", "run", "--code", "result = 1", "--inputs-file", "/nonexistent/in.json", NULL};
    r = cli_json(missing, NULL, NULL, 1);
    t_assert_error(r, "invalid_request", "/nonexistent/in.json");
    assert_string_equal(t_err_str(r, "field"), "inputs");
    cJSON_Delete(r);
    /* as for a policy file or script: said plainly, not as strerror(EINVAL) */
    const char *device[] = {"pywarden",      "run",       "--code", "result = 1",
                            "--inputs-file", "/dev/zero", NULL};
    r = cli_json(device, NULL, NULL, 1);
    t_assert_error(r, "invalid_request", "--inputs-file /dev/zero: not a regular file");
    cJSON_Delete(r);
    t_rmtree(dir);
}

/* A bad --inputs says where it broke; U+0000 in a string is fine. */
static void inputs_errors_say_where(void **state)
{
    (void)state;
    const char *broken[] = {
        "pywarden", "run", "--code", "result = 1", "--inputs", "{\"a\": [1,\n 2,, 3]}", NULL};
    cJSON *r = cli_json(broken, NULL, NULL, 1);
    t_assert_error(r, "invalid_request",
                   "--inputs: malformed JSON at line 2, column 4 (byte 13), before ', 3]}'");
    assert_string_equal(t_err_str(r, "field"), "inputs");
    cJSON_Delete(r);
    const char *number[] = {"pywarden", "run",         "--code", "result = 1",
                            "--inputs", "{\"a\": 01}", NULL};
    r = cli_json(number, NULL, NULL, 1);
    t_assert_error(r, "invalid_request", "--inputs: a number is not in RFC 8259 form");
    cJSON_Delete(r);
    /* text that closes the inputs and goes on is refused, not run with what came first */
    const char *more[] = {"pywarden", "run",
                          "--code",   "result = inputs",
                          "--inputs", "{\"a\": 1}, \"code\": \"result = 2\"",
                          NULL};
    r = cli_json(more, NULL, NULL, 1);
    t_assert_error(r, "invalid_request", "--inputs: malformed JSON at line 1, column 9");
    cJSON_Delete(r);
    const char *latin1[] = {"pywarden",          "run", "--code", "result = 1", "--inputs",
                            "{\"a\": \"\xe9\"}", NULL};
    r = cli_json(latin1, NULL, NULL, 1);
    t_assert_error(r, "invalid_request", "--inputs: not valid UTF-8");
    cJSON_Delete(r);
    const char *nul[] = {"pywarden", "run",
                         "--code",   "result = inputs['a'] == 'x\\x00y'",
                         "--inputs", "{\"a\": \"x\\u0000y\"}",
                         NULL};
    r = cli_json(nul, NULL, NULL, 0);
    assert_string_equal(t_result_text(r), "true");
    cJSON_Delete(r);
}

/* `run script.py` is `run --file script.py`; check answers a missing file as run does. */
static void positional_script_and_missing_files(void **state)
{
    (void)state;
    const char *argv[] = {"pywarden", "run",      "hello.py",           "--work-dir",
                          FIXTURES,   "--inputs", "{\"name\":\"pos\"}", NULL};
    cJSON *r = cli_json(argv, NULL, NULL, 0);
    assert_string_equal(t_result_text(r),
                        "{\"success\":true,\"message\":\"Hello, pos!\",\"n\":null}");
    cJSON_Delete(r);
    const char *two[] = {"pywarden", "run", "a.py", "b.py", NULL};
    assert_usage_error(two, "unexpected argument 'b.py'");
    const char *run_missing[] = {"pywarden", "run", "--work-dir", FIXTURES, "missing.py", NULL};
    const char *check_missing[] = {"pywarden", "check",      "--work-dir", FIXTURES,
                                   "--file",   "missing.py", NULL};
    const char *const *both[] = {run_missing, check_missing};
    for (int i = 0; i < 2; i++) {
        r = cli_json(both[i], NULL, NULL, 1);
        t_assert_error(r, "invalid_request", "script 'missing.py': No such file or directory");
        assert_string_equal(t_err_str(r, "field"), "script");
        cJSON_Delete(r);
    }
}

/* check answers a script it cannot read as run does (it said "Invalid argument" for a FIFO
 * and for a NUL byte, "File too large" over max_input_bytes). */
static void check_refuses_unreadable_scripts_as_run_does(void **state)
{
    (void)state;
    char *dir = t_mkdtemp();
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/job.fifo", dir);
    assert_int_equal(mkfifo(path, 0600), 0);
    snprintf(path, sizeof path, "%s/big.py", dir); /* sparse, over the default's 16 MiB */
    int fd = open(path, O_CREAT | O_WRONLY, 0600);
    assert_true(fd >= 0 && ftruncate(fd, (16 << 20) + 1) == 0);
    close(fd);
    snprintf(path, sizeof path, "%s/nul.py", dir);
    fd = open(path, O_CREAT | O_WRONLY, 0600);
    assert_int_equal(write(fd, "result = 1\0\n", 12), 12);
    close(fd);
    const char *cases[][2] = {
        {"job.fifo", "script 'job.fifo': not a regular file"},
        {"big.py", "script 'big.py' is larger than max_input_bytes (16777216)"},
        {"nul.py", "script 'nul.py' contains a NUL byte"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        for (int check = 0; check < 2; check++) {
            const char *argv[] = {
                "pywarden", check ? "check" : "run", "--work-dir", dir, "--file", cases[i][0],
                NULL};
            cJSON *r = cli_json(argv, "", NULL, 1);
            t_assert_error(r, "invalid_request", cases[i][1]);
            assert_string_equal(t_err_str(r, "field"), "script");
            cJSON_Delete(r);
        }
    t_rmtree(dir);
}

/* --policy takes an inline object in run and check, as in serve. */
static void inline_policy_flag(void **state)
{
    (void)state;
    const char *run[] = {"pywarden", "run",
                         "--policy", "{\"extends\": \"data\"}",
                         "--code",   "import os\nresult = os.path.basename('/a/b')",
                         NULL};
    cJSON *r = cli_json(run, NULL, NULL, 0);
    assert_string_equal(t_result_text(r), "\"b\"");
    cJSON_Delete(r);
    const char *bad[] = {
        "pywarden", "run", "--policy", "{\"extends\": ", "--code", "result = 1", NULL};
    r = cli_json(bad, NULL, NULL, 1);
    t_assert_error(r, "invalid_request", "--policy: malformed JSON");
    assert_string_equal(t_err_str(r, "field"), "policy");
    cJSON_Delete(r);
    const char *check[] = {"pywarden", "check",
                           "--policy", "{\"extends\": \"data\"}",
                           "--code",   "import os\nresult = 1",
                           NULL};
    char *out = NULL, *err = NULL;
    assert_int_equal(t_run_cli(check, NULL, NULL, &out, &err), 0);
    assert_non_null(strstr(out, "\"ok\":true,\"policy\":\"<inline>\""));
    free(out);
    free(err);
}

static void serve_worker_count_message(void **state)
{
    (void)state;
    const char *zero[] = {"pywarden", "serve", "--workers", "0", NULL};
    assert_usage_error(zero, "--workers takes an integer from 1 to 128, not '0'");
    const char *many[] = {"pywarden", "serve", "--workers", "200", NULL};
    assert_usage_error(many, "--workers takes an integer from 1 to 128, not '200'");
    const char *grace[] = {"pywarden", "serve", "--grace-ms", "soon", NULL};
    assert_usage_error(grace, "--grace-ms takes an integer from 0 to 3600000, not 'soon'");
}

/* `pywarden run` alone on a terminal prints its usage instead of waiting on stdin. */
static void run_on_a_terminal_prints_usage(void **state)
{
    (void)state;
    int master = posix_openpt(O_RDWR | O_NOCTTY);
    assert_true(master >= 0);
    assert_int_equal(grantpt(master), 0);
    assert_int_equal(unlockpt(master), 0);
    int tty = open(ptsname(master), O_RDWR | O_NOCTTY);
    assert_true(tty >= 0);
    int err[2];
    assert_int_equal(pipe(err), 0);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(tty, 0);
        dup2(err[1], 2);
        execl(PW_BIN, "pywarden", "run", (char *)NULL);
        _exit(127);
    }
    close(tty);
    close(err[1]);
    char buf[4096] = {0};
    size_t len = 0;
    ssize_t n;
    while (len < sizeof buf - 1 && (n = read(err[0], buf + len, sizeof buf - 1 - len)) > 0)
        len += (size_t)n;
    int status = 0;
    waitpid(pid, &status, 0);
    close(err[0]);
    close(master);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 2);
    assert_non_null(strstr(buf, "no request: give --code, --file or a script path"));
    assert_non_null(strstr(buf, "usage: pywarden run"));
}

/* Runs pywarden as a parent would start it after setup() (in the child, before exec), with
 * input (at most a pipe's worth) on its stdin; its stdout into out. Killed after 20 s (a
 * hang). Returns the exit status. */
static int run_started_by(void (*setup)(void), const char *const argv[], const char *input,
                          char *out, size_t cap)
{
    int pipefd[2], in[2];
    assert_int_equal(pipe(pipefd), 0);
    assert_int_equal(pipe(in), 0);
    assert_int_equal(write(in[1], input, strlen(input)), (ssize_t)strlen(input));
    close(in[1]);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(in[0], 0);
        close(in[0]);
        dup2(pipefd[1], 1);
        close(pipefd[0]);
        close(pipefd[1]);
        setup();
        execv(PW_BIN, (char *const *)argv);
        _exit(127);
    }
    close(pipefd[1]);
    close(in[0]);
    size_t len = 0;
    ssize_t n;
    struct pollfd p = {.fd = pipefd[0], .events = POLLIN};
    while (len < cap - 1 && poll(&p, 1, 20000) == 1 &&
           (n = read(pipefd[0], out + len, cap - 1 - len)) > 0)
        len += (size_t)n;
    out[len] = '\0';
    close(pipefd[0]);
    kill(pid, SIGKILL); /* a no-op once it has exited; ends a hang */
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static const char *const cpu_bound_run[] = {"pywarden", "run",
                                            "--code",   "def main(i):\n    while True: pass",
                                            "--policy", "{\"extends\": \"default\", \"cpu_s\": 1}",
                                            NULL};

static void expect_cpu_limit(const char *out)
{
    cJSON *r = cJSON_Parse(out);
    t_assert_error(r, "cpu_limit", "the run used up its CPU time (cpu_s 1)");
    cJSON_Delete(r);
}

/* SIGCHLD ignored is inherited across exec; fd 0 closed too. */
static void careless_parent(void)
{
    signal(SIGCHLD, SIG_IGN);
    close(0);
}

/* A parent that closed fd 0 (serve's first signalfd took it and read itself as the request
 * stream: it never ended) or ignores SIGCHLD (the kernel reaped cold runs before pywarden
 * could: a cpu_limit was reported as 'crashed'). */
static void what_a_parent_hands_over_does_not_break_it(void **state)
{
    (void)state;
    char out[8192];
    const char *serve[] = {"pywarden", "serve", NULL};
    assert_int_equal(run_started_by(careless_parent, serve, "{}\n", out, sizeof out), 0);
    assert_string_equal(out, "");
    assert_int_equal(run_started_by(careless_parent, cpu_bound_run, "", out, sizeof out), 1);
    expect_cpu_limit(out);
}

/* Hard limits below the default policy's (systemd's LimitAS=, ulimit -n, docker --ulimit). */
static void tight_host(void)
{
    const struct rlimit nofile = {64, 64}, cpu = {20, 20}, fsize = {1 << 20, 1 << 20};
#ifndef PW_SANITIZED /* ASan reserves terabytes of address space: RLIMIT_AS cannot apply */
    const struct rlimit as = {900 << 20, 900 << 20};
    if (setrlimit(RLIMIT_AS, &as)) _exit(125);
#endif
    if (setrlimit(RLIMIT_NOFILE, &nofile) || setrlimit(RLIMIT_CPU, &cpu) ||
        setrlimit(RLIMIT_FSIZE, &fsize))
        _exit(125);
}

/* They were every run's 'layer rlimit failed: setrlimit(RLIMIT_AS, ...): Operation not
 * permitted'; the run keeps the host's lower limit, and what it bounds is still reported. */
static void host_limits_below_the_policys_are_kept(void **state)
{
    (void)state;
    char out[8192];
    const char *big[] = {"pywarden", "run", "--code",
                         "def main(i):\n    return len(bytearray(950 << 20))", NULL};
    cJSON *r;
#ifndef PW_SANITIZED
    assert_int_equal(run_started_by(tight_host, big, "", out, sizeof out), 1);
    r = cJSON_Parse(out);
    t_assert_error(r, "memory_limit", "the run ran out of memory");
    cJSON_Delete(r);
#else
    (void)big;
#endif
    assert_int_equal(run_started_by(tight_host, cpu_bound_run, "", out, sizeof out), 1);
    expect_cpu_limit(out);
    const char *serve[] = {"pywarden", "serve", NULL};
    assert_int_equal(run_started_by(tight_host, serve,
                                    "{\"id\": 1, \"code\": \"def main(i):\\n    return 7\"}\n", out,
                                    sizeof out),
                     0);
    r = cJSON_Parse(out);
    t_assert_ok(r);
    assert_string_equal(t_result_text(r), "7");
    cJSON_Delete(r);
}

/* A host whose cwd was removed (a deploy replaced its release directory). */
static void cwd_removed(void)
{
    char dir[] = "/tmp/pywarden-gone-XXXXXX";
    if (!mkdtemp(dir) || chdir(dir) || rmdir(dir)) _exit(125);
}

/* Runs and checks that name their work_dir do not need the host's cwd: the interpreter
 * used to start in it ("Py_InitializeFromConfig: error evaluating path", and check's
 * "could not analyse the code"). */
static void a_removed_cwd_does_not_stop_a_named_work_dir(void **state)
{
    (void)state;
    char out[8192];
    const char *run[] = {"pywarden", "run", "--work-dir", "/tmp", "--code", "result = 7", NULL};
    assert_int_equal(run_started_by(cwd_removed, run, "", out, sizeof out), 0);
    cJSON *r = cJSON_Parse(out);
    t_assert_ok(r);
    assert_string_equal(t_result_text(r), "7");
    cJSON_Delete(r);
    const char *check[] = {
        "pywarden", "check", "--work-dir", "/tmp", "--code", "import json\nresult = 1", NULL};
    assert_int_equal(run_started_by(cwd_removed, check, "", out, sizeof out), 0);
    r = cJSON_Parse(out);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(r, "ok")));
    cJSON_Delete(r);
    const char *unnamed[] = {"pywarden", "run", "--code", "result = 7", NULL};
    assert_int_equal(run_started_by(cwd_removed, unnamed, "", out, sizeof out), 1);
    r = cJSON_Parse(out);
    t_assert_error(r, "invalid_request", "the current directory cannot be used");
    cJSON_Delete(r);
}

/* stdout on a full disk (/dev/full); stderr where stdout was, for the test to read. */
static void stdout_full(void)
{
    int full = open("/dev/full", O_WRONLY);
    if (full < 0 || dup2(1, 2) < 0 || dup2(full, 1) < 0) _exit(125);
    close(full);
}

/* A host that closed stdout (`pywarden run >&-`): its result cannot reach anyone. */
static void stdout_closed(void)
{
    if (dup2(1, 2) < 0 || close(1) != 0) _exit(125);
}

/* A result that never reached stdout was exit status 0 (serve's answers too): a host trusting
 * it read a missing result as a success. So was a closed stdout, which pywarden filled with a
 * writable /dev/null. */
static void output_that_cannot_be_written_is_a_failure(void **state)
{
    (void)state;
    static const char *const run[] = {"pywarden", "run", "--code", "result = 1", NULL},
                             *check[] = {"pywarden", "check", "--code", "result = 1", NULL},
                             *doctor[] = {"pywarden", "doctor", NULL},
                             *version[] = {"pywarden", "--version", NULL};
    const char *const *const commands[] = {run, check, doctor, version};
    static const struct {
        void (*setup)(void);
        const char *why;
    } hosts[] = {{stdout_full, "No space left on device"}, {stdout_closed, "Bad file descriptor"}};
    char err[8192], want[200];
    for (size_t h = 0; h < sizeof hosts / sizeof *hosts; h++) {
        for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
            assert_int_equal(run_started_by(hosts[h].setup, commands[i], "", err, sizeof err), 1);
            snprintf(want, sizeof want, "pywarden: cannot write to stdout: %s", hosts[h].why);
            if (!strstr(err, want)) fail_msg("%s said: %s", commands[i][1], err);
        }
        const char *serve[] = {"pywarden", "serve", NULL};
        assert_int_equal(run_started_by(hosts[h].setup, serve,
                                        "{\"id\": 1, \"code\": \"result = 1\"}\n", err, sizeof err),
                         1);
        snprintf(want, sizeof want, "pywarden: serve: cannot write its answers to stdout: %s",
                 hosts[h].why);
        if (!strstr(err, want)) fail_msg("serve said: %s", err);
    }
}

/* `pywarden run` stopped by a signal while its result waits for a reader that never reads
 * (stdout a full pipe) ends as the signal ends it, as at any other moment; it went on
 * waiting for that reader. */
static void a_stop_signal_ends_run_whose_result_nobody_reads(void **state)
{
    (void)state;
    int out[2];
    assert_int_equal(pipe2(out, O_CLOEXEC), 0);
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_RDONLY);
        dup2(null, 0);
        dup2(out[1], 1);
        signal(SIGTERM, SIG_DFL);
        execl(PW_BIN, "pywarden", "run", "--code", "print('x' * 200000)\nresult = 1", (char *)NULL);
        _exit(127);
    }
    close(out[1]);
    t_await_full_pipe(out[0]); /* its result is being written */
    kill(pid, SIGTERM);
    int status = t_exit_within(pid, 10000);
    if (status < 0) {
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
    }
    close(out[0]);
    assert_int_equal(status, 128 + SIGTERM);
}

/* A host that spawned `pywarden run` and died (its end of run's stdout closed) takes the run
 * with it, as serve's runs go with their host; it ran on to its timeout (a Node host's
 * runOnce left it for 30 s). It ends as a write to that pipe would end it. */
static void run_ends_when_its_reader_is_gone(void **state)
{
    (void)state;
    int in[2], out[2];
    assert_int_equal(pipe2(in, O_CLOEXEC), 0);
    assert_int_equal(pipe2(out, O_CLOEXEC), 0);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        signal(SIGPIPE, SIG_DFL);
        execl(PW_BIN, "pywarden", "run", (char *)NULL);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    const char *req = "{\"code\": \"import time\\ntime.sleep(25)\", \"timeout_ms\": 30000}";
    assert_int_equal(write(in[1], req, strlen(req)), (ssize_t)strlen(req));
    close(in[1]);
    close(out[0]);
    int status = t_exit_within(pid, 15000);
    if (status < 0) {
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
    }
    assert_int_equal(status, 128 + SIGPIPE);
}

/* Non-blocking standard fds answered EAGAIN, which run took for the request's end ("no
 * request on stdin") and for a failed write (a result cut at the pipe's size), and serve for
 * a reader gone (it stopped, its answers lost). */
static void non_blocking_stdio_is_waited_on(void **state)
{
    (void)state;
    int in, out;
    const char *run[] = {"pywarden", "run", NULL};
    pid_t pid = t_start_nonblocking(run, NULL, &in, &out);
    const char *req = "{\"code\": \"print('x' * 300000)\\nresult = 5\"}";
    usleep(200 * 1000); /* it reads an empty pipe first */
    assert_int_equal(write(in, req, 10), 10);
    usleep(200 * 1000);
    assert_int_equal(write(in, req + 10, strlen(req) - 10), (ssize_t)strlen(req) - 10);
    close(in);
    char *text = t_slurp_later(out);
    assert_int_equal(t_exit_status(pid), 0);
    cJSON *r = cJSON_Parse(text);
    if (!r) fail_msg("run printed %zu bytes: %.200s", strlen(text), text);
    t_assert_ok(r);
    assert_string_equal(t_result_text(r), "5");
    cJSON_Delete(r);
    free(text);

    const char *serve[] = {"pywarden", "serve", "--workers", "2", NULL};
    pid = t_start_nonblocking(serve, NULL, &in, &out);
    for (int i = 0; i < 8; i++) {
        const char *line = "{\"code\": \"print('x' * 300000)\\nresult = 6\"}\n";
        assert_int_equal(write(in, line, strlen(line)), (ssize_t)strlen(line));
    }
    close(in);
    text = t_slurp_later(out);
    assert_int_equal(t_exit_status(pid), 0);
    int answers = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"), answers++) {
        r = cJSON_Parse(line);
        t_assert_ok(r);
        cJSON_Delete(r);
    }
    assert_int_equal(answers, 8);
    free(text);
}

/* check printed with stdio, which drops what a non-blocking pipe cannot take at once: an
 * answer past 64 KiB (a script importing many blocked modules) was cut there, exit 1. */
static void check_waits_on_a_non_blocking_stdout(void **state)
{
    (void)state;
    char *dir = t_mkdtemp();
    pw_buf code = {0};
    for (int i = 0; i < 3000; i++)
        pw_buf_appendf(&code, "import subprocess as s%d\n", i);
    pw_buf_putc(&code, '\0');
    t_write_in(dir, "many.py", code.data);
    pw_buf_free(&code);
    const char *check[] = {"pywarden", "check",    "--work-dir", dir, "--file",
                           "many.py",  "--policy", "strict",     NULL};
    int in, out;
    pid_t pid = t_start_nonblocking(check, NULL, &in, &out);
    close(in);
    char *text = t_slurp_later(out);
    assert_int_equal(t_exit_status(pid), 1); /* the script imports blocked modules */
    cJSON *r = cJSON_Parse(text);
    if (!r) fail_msg("check printed %zu bytes: %.200s", strlen(text), text);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r, "imports")), 3000);
    cJSON_Delete(r);
    free(text);
    t_rmtree(dir);
}

static void runs_without_path_or_environment(void **state)
{
    (void)state;
    /* The stdlib comes from libpython's prefix: no PATH, no PYTHONHOME, nothing needed. */
    char *path_only[] = {"PATH=/nonexistent", NULL};
    char *nothing[] = {NULL};
    char *hostile[] = {"PATH=/nonexistent", "PYTHONHOME=/nonexistent", "PYTHONPATH=/nonexistent",
                       "PYTHONSTARTUP=/nonexistent", NULL};
    char *const *envs[] = {path_only, nothing, hostile};
    const char *argv[] = {"pywarden",
                          "run",
                          "--code",
                          "import json, decimal, sys\n"
                          "def main(inputs):\n"
                          "    return {'n': inputs['n'] * 2, 'd': str(decimal.Decimal('0.1') * 3),"
                          " 'prefix': sys.prefix.startswith('/usr')}",
                          "--inputs",
                          "{\"n\": 21}",
                          NULL};
    for (size_t i = 0; i < sizeof envs / sizeof *envs; i++) {
        cJSON *r = cli_json(argv, NULL, envs[i], 0);
        t_assert_ok(r);
        assert_string_equal(t_result_text(r), "{\"n\":42,\"d\":\"0.3\",\"prefix\":true}");
        cJSON_Delete(r);
    }
}

int main(void)
{
    if (getenv("TF")) cmocka_set_test_filter(getenv("TF"));
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(exit_status_ok_and_failed),
        cmocka_unit_test(a_path_not_in_utf8_is_answered_in_utf8),
        cmocka_unit_test(usage_errors_exit_2),
        cmocka_unit_test(help_and_version),
        cmocka_unit_test(doctor_says_serve_would_not_start_on_a_bad_policy),
        cmocka_unit_test(request_on_stdin),
        cmocka_unit_test(file_relative_to_cwd_and_work_dir),
        cmocka_unit_test(inputs_file),
        cmocka_unit_test(inputs_errors_say_where),
        cmocka_unit_test(positional_script_and_missing_files),
        cmocka_unit_test(check_refuses_unreadable_scripts_as_run_does),
        cmocka_unit_test(inline_policy_flag),
        cmocka_unit_test(serve_worker_count_message),
        cmocka_unit_test(what_a_parent_hands_over_does_not_break_it),
        cmocka_unit_test(host_limits_below_the_policys_are_kept),
        cmocka_unit_test(run_on_a_terminal_prints_usage),
        cmocka_unit_test(check_waits_on_a_non_blocking_stdout),
        cmocka_unit_test(runs_without_path_or_environment),
        cmocka_unit_test(a_removed_cwd_does_not_stop_a_named_work_dir),
        cmocka_unit_test(output_that_cannot_be_written_is_a_failure),
        cmocka_unit_test(non_blocking_stdio_is_waited_on),
        cmocka_unit_test(a_stop_signal_ends_run_whose_result_nobody_reads),
        cmocka_unit_test(run_ends_when_its_reader_is_gone),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
