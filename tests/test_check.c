/* `pywarden check`: entry conventions, blocked imports (every static spelling), syntax
 * errors, nothing executed, exit statuses. */
#include "helpers.h"

#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Runs `pywarden check --code code [more...]`; returns the exit status and the parsed
 * stdout in *out. */
static int check(const char *code, const char *const *more, cJSON **out)
{
    const char *argv[16] = {"pywarden", "check", "--code", code};
    int n = 4;
    for (; more && *more && n < 15; more++)
        argv[n++] = *more;
    argv[n] = NULL;
    char *text, *err;
    int rc = t_run_cli(argv, NULL, NULL, &text, &err);
    *out = cJSON_Parse(text);
    if (!*out) fail_msg("check printed no JSON (exit %d): %s / %s", rc, text, err);
    free(text);
    free(err);
    return rc;
}

static const cJSON *problem(const cJSON *r, int i)
{
    return cJSON_GetArrayItem(cJSON_GetObjectItem(r, "problems"), i);
}

static const char *str(const cJSON *obj, const char *key)
{
    return cJSON_GetStringValue(cJSON_GetObjectItem(obj, key));
}

static int num(const cJSON *obj, const char *key)
{
    return (int)cJSON_GetNumberValue(cJSON_GetObjectItem(obj, key));
}

static void expect_clean(const char *code, const char *const *more, const char *entry)
{
    cJSON *r;
    assert_int_equal(check(code, more, &r), 0);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(r, "ok")));
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r, "problems")), 0);
    assert_string_equal(str(r, "entry"), entry);
    cJSON_Delete(r);
}

static void entry_conventions(void **state)
{
    (void)state;
    expect_clean("import json\ndef main(inputs):\n    return json.dumps(inputs)", NULL, "main");
    expect_clean("async def main():\n    return 1", NULL, "main");
    expect_clean("if True:\n    result = 2", NULL, "result");
    expect_clean("result: int = 3", NULL, "result");
    const char *stdio[] = {"--mode", "stdio", NULL};
    expect_clean("print(1)", stdio, "stdio");
    const char *entry[] = {"--entry", "handler", NULL};
    expect_clean("def handler(inputs):\n    return inputs", entry, "handler");
    /* an entry bound by assignment or import, which run calls as it calls a def */
    expect_clean("import functools\ndef scale(inputs, by):\n    return inputs['n'] * by\n"
                 "main = functools.partial(scale, by=3)",
                 NULL, "main");
    expect_clean("def lambda_handler(event, context=None):\n    return event\n"
                 "main = lambda_handler",
                 NULL, "main");
    expect_clean("from json import loads as handler", entry, "handler");
}

static void missing_entry(void **state)
{
    (void)state;
    cJSON *r;
    assert_int_equal(check("x = 1\ndef helper():\n    result = 2", NULL, &r), 1);
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(r, "entry")));
    assert_string_equal(str(problem(r, 0), "kind"), "no_entry");
    cJSON_Delete(r);
    const char *entry[] = {"--entry", "handler", NULL};
    assert_int_equal(check("def main(inputs):\n    return 1", entry, &r), 1);
    assert_string_equal(str(problem(r, 0), "kind"), "no_entry");
    assert_non_null(strstr(str(problem(r, 0), "message"), "'handler'"));
    cJSON_Delete(r);
    /* a Zapier step's `output`: said as run says it, at the line assigning it */
    assert_int_equal(check("import json\noutput = {'a': 1}", NULL, &r), 1);
    assert_string_equal(str(problem(r, 0), "kind"), "no_entry");
    assert_int_equal(num(problem(r, 0), "line"), 2);
    assert_non_null(strstr(str(problem(r, 0), "message"),
                           "; the code assigns 'output', as a Zapier code step returns its result: "
                           "name it 'result' here, or use --mode body, where 'output' is the "
                           "result"));
    cJSON_Delete(r);
    /* a program's __main__ block does not run: said so, at its line */
    assert_int_equal(
        check("import sys\n\nif __name__ == '__main__':\n    print(sys.argv)", NULL, &r), 1);
    assert_int_equal(num(problem(r, 0), "line"), 3);
    assert_non_null(strstr(str(problem(r, 0), "message"),
                           "block does not run (the code runs as module pywarden_job): use "
                           "--mode stdio to run it as python3 runs a program"));
    cJSON_Delete(r);
    /* main(a, b) is called main(**inputs); positional-only parameters cannot be */
    assert_int_equal(check("def main(a, b):\n    return 1", NULL, &r), 0);
    cJSON_Delete(r);
    assert_int_equal(check("\ndef main(a, b, /):\n    return 1", NULL, &r), 1);
    assert_string_equal(str(problem(r, 0), "kind"), "bad_entry");
    assert_int_equal(num(problem(r, 0), "line"), 2);
    assert_non_null(strstr(str(problem(r, 0), "message"), "2 of them positional-only"));
    cJSON_Delete(r);
}

static void syntax_errors(void **state)
{
    (void)state;
    cJSON *r;
    assert_int_equal(check("x = 1\ndef main(:\n    pass", NULL, &r), 1);
    assert_string_equal(str(problem(r, 0), "kind"), "syntax_error");
    assert_int_equal(num(problem(r, 0), "line"), 2);
    cJSON_Delete(r);
    /* found by the compiler, not the parser */
    assert_int_equal(check("x = 1\nreturn x", NULL, &r), 1);
    assert_string_equal(str(problem(r, 0), "kind"), "syntax_error");
    assert_non_null(strstr(str(problem(r, 0), "message"), "'return' outside function"));
    assert_int_equal(num(problem(r, 0), "line"), 2);
    cJSON_Delete(r);
    /* a notebook's shell line, as run names it */
    assert_int_equal(check("import json\n!pip install requests", NULL, &r), 1);
    assert_string_equal(str(problem(r, 0), "message"),
                        "invalid syntax (a line starting with '!' or '%' is a Jupyter (IPython) "
                        "shell command or magic, not Python: runs have no shell)");
    assert_int_equal(num(problem(r, 0), "line"), 2);
    cJSON_Delete(r);
    /* Python's own error on a continuation line that starts with an operator */
    assert_int_equal(check("x = (1\n% 2 +)", NULL, &r), 1);
    assert_string_equal(str(problem(r, 0), "message"), "invalid syntax");
    cJSON_Delete(r);
}

static void blocked_imports_every_static_spelling(void **state)
{
    (void)state;
    cJSON *r;
    const char *code = "import json\n"
                       "import os\n"
                       "from subprocess import run\n"
                       "def main(inputs):\n"
                       "    import socket\n"
                       "    __import__('ctypes')\n"
                       "    import importlib\n"
                       "    importlib.import_module('signal')\n"
                       "    return 1\n";
    assert_int_equal(check(code, NULL, &r), 1);
    const char *blocked[] = {"os", "subprocess", "socket", "ctypes", "signal"};
    const int lines[] = {2, 3, 5, 6, 8};
    const cJSON *problems = cJSON_GetObjectItem(r, "problems");
    assert_int_equal(cJSON_GetArraySize(problems), 5);
    for (int i = 0; i < 5; i++) {
        const cJSON *p = problem(r, i);
        assert_string_equal(str(p, "kind"), "blocked_import");
        assert_int_equal(num(p, "line"), lines[i]);
        char want[64];
        snprintf(want, sizeof want, "module '%s'", blocked[i]);
        assert_non_null(strstr(str(p, "message"), want));
    }
    const cJSON *json = cJSON_GetArrayItem(cJSON_GetObjectItem(r, "imports"), 0);
    assert_string_equal(str(json, "module"), "json");
    assert_true(cJSON_IsFalse(cJSON_GetObjectItem(json, "blocked")));
    assert_string_equal(str(r, "entry"), "main");
    cJSON_Delete(r);
    /* under `if TYPE_CHECKING:` an import never runs (a run of it is clean): listed, blocked
     * or missing, but no problem */
    expect_clean("from __future__ import annotations\n"
                 "import typing\n"
                 "from typing import TYPE_CHECKING\n"
                 "if TYPE_CHECKING:\n"
                 "    from subprocess import Popen\n"
                 "    import no_such_stub_module\n"
                 "if typing.TYPE_CHECKING:\n"
                 "    import os\n"
                 "def main(inputs: dict) -> dict:\n"
                 "    return inputs\n",
                 NULL, "main");
    expect_clean("TYPE_CHECKING = False\nif TYPE_CHECKING:\n    import os\nresult = 1", NULL,
                 "result");
    /* ... but where the code sets it true, as run then imports it */
    assert_int_equal(
        check("TYPE_CHECKING = True\nif TYPE_CHECKING:\n    import os\nresult = 1", NULL, &r), 1);
    assert_string_equal(str(problem(r, 0), "kind"), "blocked_import");
    assert_int_equal(num(problem(r, 0), "line"), 3);
    cJSON_Delete(r);
}

static void policy_decides(void **state)
{
    (void)state;
    cJSON *r;
    expect_clean("import pathlib\nresult = 1", NULL, "result");
    const char *strict[] = {"--policy", "strict", NULL};
    assert_int_equal(check("import pathlib\nresult = 1", strict, &r), 1);
    assert_string_equal(str(r, "policy"), "strict");
    assert_non_null(
        strstr(str(problem(r, 0), "message"),
               "policy 'strict' blocks importing module 'pathlib'; it is not in the policy's "
               "allowed_modules"));
    cJSON_Delete(r);
    const char *trusted[] = {"--policy", "trusted", NULL};
    expect_clean("import os\nresult = 1", trusted, "result");
    /* an allow-list leaves the interpreter's startup modules importable, and a run imports
     * them: check judged in a process without them and called strict's `import sys` blocked */
    expect_clean("import sys, io, codecs\nresult = sys.maxsize", strict, "result");
}

static void nothing_is_executed(void **state)
{
    (void)state;
    char *dir = t_mkdtemp();
    char marker[PATH_MAX], code[PATH_MAX + 128];
    snprintf(marker, sizeof marker, "%s/ran", dir);
    snprintf(code, sizeof code, "open('%s', 'w').write('x')\nraise SystemExit(3)\nresult = 1",
             marker);
    const char *trusted[] = {"--policy", "trusted", NULL};
    expect_clean(code, trusted, "result");
    assert_int_not_equal(access(marker, F_OK), 0);
    t_rmtree(dir);
}

static void file_relative_to_work_dir(void **state)
{
    (void)state;
    char *dir = t_mkdtemp();
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/step.py", dir);
    t_write_file(path, "import os\nresult = 1\n");
    const char *argv[] = {"pywarden", "check", "--file", "step.py", "--work-dir", dir, NULL};
    char *out, *err;
    assert_int_equal(t_run_cli(argv, NULL, NULL, &out, &err), 1);
    assert_non_null(strstr(out, "\"kind\":\"blocked_import\""));
    free(out);
    free(err);
    t_rmtree(dir);
}

/* A script's bytes are decoded by its coding cookie, as `run` and python3 decode them: a
 * latin-1 script is clean, and an e-mail header quoted in a comment on line 2 that reads as
 * a cookie is the syntax error `run` reports, at that line (check passed it before, and
 * failed a latin-1 script). Sent as code, the text's cookie means nothing. */
static void coding_cookies_as_run_reads_them(void **state)
{
    (void)state;
    char *dir = t_mkdtemp(), path[PATH_MAX];
    snprintf(path, sizeof path, "%s/latin.py", dir);
    t_write_file(path, "# -*- coding: latin-1 -*-\ndef main(inputs):\n    return '\xe9'\n");
    snprintf(path, sizeof path, "%s/mail.py", dir);
    const char *mail = "# sample input:\n# Content-Transfer-Encoding: quoted-printable\n"
                       "def main(inputs):\n    return 1\n";
    t_write_file(path, mail);
    const char *latin[] = {"pywarden", "check", "--file", "latin.py", "--work-dir", dir, NULL};
    const char *bad[] = {"pywarden", "check", "--file", "mail.py", "--work-dir", dir, NULL};
    const char *ran[] = {"pywarden", "run", "mail.py", "--work-dir", dir, NULL};
    char *out, *err;
    assert_int_equal(t_run_cli(latin, NULL, NULL, &out, &err), 0);
    free(out);
    free(err);
    for (int i = 0; i < 2; i++) {
        assert_int_equal(t_run_cli(i ? ran : bad, NULL, NULL, &out, &err), 1);
        cJSON *r = cJSON_Parse(out);
        const cJSON *e = i ? cJSON_GetObjectItem(r, "error") : problem(r, 0);
        assert_string_equal(str(e, i ? "type" : "kind"), "syntax_error");
        assert_int_equal(num(e, "line"), 2);
        assert_non_null(strstr(str(e, "message"), "line 2 is read as the source's encoding "
                                                  "declaration (PEP 263"));
        cJSON_Delete(r);
        free(out);
        free(err);
    }
    expect_clean(mail, NULL, "main");
    t_rmtree(dir);
}

/* The policy's limits bound the check as they bound a run: parsing is the code's author's to
 * make costly (an 8 MB list literal took 4.4 GB and 52 s to check, with no limit). Each limit
 * is its own problem kind; a parser stack overflow (code nested too deeply), which CPython
 * raises as the same bare MemoryError, stays a syntax error. */
static void limits_bound_the_check(void **state)
{
    (void)state;
    char *dir = t_mkdtemp(), path[PATH_MAX];
    snprintf(path, sizeof path, "%s/big.py", dir);
    size_t n = 300000;
    char *big = malloc(2 * n + 16);
    strcpy(big, "result = [");
    for (size_t i = 0; i < n; i++)
        memcpy(big + 10 + 2 * i, "0,", 2);
    strcpy(big + 10 + 2 * n, "]\n");
    t_write_file(path, big);
    free(big);
    const struct {
        const char *policy, *kind, *message;
    } cases[] = {
        {"{\"extends\":\"default\",\"memory_mb\":64}", "memory_limit",
         "compiling the code ran out of memory (memory_mb 64)"},
        {"{\"extends\":\"default\",\"memory_mb\":0,\"timeout_ms\":100}", "timeout",
         "checking the code took longer than timeout_ms (100)"},
        {"{\"extends\":\"default\",\"memory_mb\":0,\"cpu_s\":1}", "cpu_limit",
         "checking the code used up cpu_s (1)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
#ifdef PW_SANITIZED /* ASan reserves terabytes of address space: RLIMIT_AS cannot apply */
        if (strcmp(cases[i].kind, "memory_limit") == 0) continue;
#endif
        const char *argv[] = {"pywarden", "check",    "--file",        "big.py", "--work-dir",
                              dir,        "--policy", cases[i].policy, NULL};
        char *out, *err;
        assert_int_equal(t_run_cli(argv, NULL, NULL, &out, &err), 1);
        cJSON *r = cJSON_Parse(out);
        assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r, "problems")), 1);
        assert_string_equal(str(problem(r, 0), "kind"), cases[i].kind);
        assert_string_equal(str(problem(r, 0), "message"), cases[i].message);
        cJSON_Delete(r);
        free(out);
        free(err);
    }
    char nested[7100] = "result = ";
    memset(nested + 9, '-', 7000);
    strcpy(nested + 7009, "1");
    cJSON *r;
    assert_int_equal(check(nested, NULL, &r), 1);
    assert_string_equal(str(problem(r, 0), "kind"), "syntax_error");
    assert_string_equal(str(problem(r, 0), "message"), "the code is nested too deeply to parse");
    cJSON_Delete(r);
    t_rmtree(dir);
}

/* A check killed by someone else (a container's OOM killer) is no cpu_limit: it was said to
 * have "used up cpu_s (60)" whenever its child died of SIGKILL. */
static void a_check_killed_by_another_is_no_cpu_limit(void **state)
{
    (void)state;
    char *dir = t_mkdtemp(), path[PATH_MAX];
    snprintf(path, sizeof path, "%s/big.py", dir);
    pw_buf big = {0};
    pw_buf_appendf(&big, "result = [");
    for (int i = 0; i < 300000; i++)
        pw_buf_appendf(&big, "0,");
    pw_buf_appendf(&big, "]\n");
    t_write_file(path, big.data);
    pw_buf_free(&big);
    int out[2];
    assert_int_equal(pipe2(out, O_CLOEXEC), 0);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(out[1], 1);
        execl(PW_BIN, PW_BIN, "check", "--file", path, "--policy",
              "{\"extends\":\"default\",\"memory_mb\":0,\"timeout_ms\":60000}", (char *)NULL);
        _exit(127);
    }
    close(out[1]);
    pid_t kid = 0;
    for (int i = 0; i < 500 && t_children_of(pid, &kid, 1) < 1; i++)
        usleep(10000);
    assert_true(kid > 0);
    kill(kid, SIGKILL);
    pw_buf text = {0};
    char chunk[4096];
    for (ssize_t n; (n = read(out[0], chunk, sizeof chunk)) > 0;)
        pw_buf_append(&text, chunk, (size_t)n);
    pw_buf_putc(&text, '\0');
    close(out[0]);
    assert_int_equal(t_exit_status(pid), 1);
    cJSON *r = cJSON_Parse(text.data);
    if (!r) fail_msg("check printed: %s", text.data);
    assert_string_equal(str(problem(r, 0), "kind"), "internal");
    assert_string_equal(str(problem(r, 0), "message"),
                        "the embedded interpreter could not analyse the code");
    cJSON_Delete(r);
    pw_buf_free(&text);
    t_rmtree(dir);
}

static void usage_errors(void **state)
{
    (void)state;
    char *out, *err;
    const char *none[] = {"pywarden", "check", NULL};
    assert_int_equal(t_run_cli(none, NULL, NULL, &out, &err), 2);
    assert_non_null(strstr(err, "exactly one of --code and --file"));
    free(out);
    free(err);
    const char *both[] = {"pywarden", "check", "--code", "x", "--file", "y", NULL};
    assert_int_equal(t_run_cli(both, NULL, NULL, &out, &err), 2);
    free(out);
    free(err);
    const char *help[] = {"pywarden", "check", "--help", NULL};
    assert_int_equal(t_run_cli(help, NULL, NULL, &out, &err), 0);
    assert_non_null(strstr(out, "usage: pywarden check"));
    free(out);
    free(err);
    const char *bad_policy[] = {"pywarden", "check",  "--code", "result = 1",
                                "--policy", "nosuch", NULL};
    assert_int_equal(t_run_cli(bad_policy, NULL, NULL, &out, &err), 2);
    assert_non_null(strstr(out, "\"type\":\"invalid_request\""));
    assert_non_null(strstr(out, "no policy named 'nosuch'"));
    free(out);
    free(err);
}

#ifdef PW_TEST_SWITCHES
/* The analysis parses untrusted text: code a parser bug would run (PYWARDEN_TEST_CHECK_PROBE
 * stands in for it, run where the analysis starts) reads no host file, writes none, starts no
 * process, opens no socket, has no host fd or environment and cannot print check's answer.
 * With the kernel layers off the same probe reads and writes, so the layers are what stop it. */
static void check_child_confined(void **state)
{
    (void)state;
    char *dir = t_mkdtemp(), probe[2048], *out, *err;
    snprintf(probe, sizeof probe,
             "import os, json, socket\n"
             "out = {}\n"
             "def t(name, f):\n"
             "    try:\n"
             "        f(); out[name] = 'ok'\n"
             "    except OSError as e:\n"
             "        out[name] = type(e).__name__\n"
             "t('read', lambda: open('/etc/passwd').read())\n"
             "t('write', lambda: open('%s/written', 'w').write('x'))\n"
             "t('fork', lambda: os.fork() or os._exit(0))\n"
             "t('socket', lambda: socket.socket().close())\n"
             "t('fd', lambda: os.fstat(4))\n"
             "t('chown', lambda: os.chown('%s', 65534, 65534))\n"
             "t('chmod', lambda: os.chmod('%s', 0o700))\n"
             "out['secret'] = os.environ.get('PW_TEST_SECRET')\n"
             "os.write(1, b'{\"ok\": true, \"forged\": 1}\\n')\n"
             "os.write(2, ('PROBE ' + json.dumps(out, sort_keys=True) + '\\n').encode())\n",
             dir, dir, dir);
    setenv("PYWARDEN_TEST_CHECK_PROBE", probe, 1);
    setenv("PW_TEST_SECRET", "host-secret", 1);
    const char *argv[] = {"pywarden", "check", "--code", "def main():\n    return 1", NULL};
    for (int off = 0; off < 2; off++) {
        setenv("PYWARDEN_TEST_DISABLE_LAYERS", off ? "landlock,seccomp,noproc" : "", 1);
        assert_int_equal(t_run_cli(argv, NULL, NULL, &out, &err), 0);
        assert_string_equal(out, "{\"ok\":true,\"policy\":\"default\",\"entry\":\"main\","
                                 "\"imports\":[],\"problems\":[]}\n");
        const char *line = strstr(err, "PROBE ");
        if (!line) fail_msg("no probe line: %s", err);
        if (!off)
            assert_true(strncmp(line,
                                "PROBE {\"chmod\": \"PermissionError\", \"chown\": "
                                "\"PermissionError\", \"fd\": \"OSError\", "
                                "\"fork\": \"PermissionError\", "
                                "\"read\": \"PermissionError\", \"secret\": null, \"socket\": "
                                "\"PermissionError\", \"write\": \"PermissionError\"}\n",
                                strlen(line)) == 0);
        else { /* no capability without the layers either: a root host's chown took any file */
            assert_non_null(strstr(line, "\"chown\": \"PermissionError\", "));
            assert_non_null(strstr(line, "\"read\": \"ok\", \"secret\": null, \"socket\": \"ok\", "
                                         "\"write\": \"ok\""));
        }
        free(out);
        free(err);
    }
    unsetenv("PYWARDEN_TEST_CHECK_PROBE");
    unsetenv("PW_TEST_SECRET");
    unsetenv("PYWARDEN_TEST_DISABLE_LAYERS");
    t_rmtree(dir);
}
#endif

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(entry_conventions),
        cmocka_unit_test(missing_entry),
        cmocka_unit_test(syntax_errors),
        cmocka_unit_test(blocked_imports_every_static_spelling),
        cmocka_unit_test(policy_decides),
        cmocka_unit_test(nothing_is_executed),
        cmocka_unit_test(file_relative_to_work_dir),
        cmocka_unit_test(coding_cookies_as_run_reads_them),
        cmocka_unit_test(limits_bound_the_check),
        cmocka_unit_test(a_check_killed_by_another_is_no_cpu_limit),
        cmocka_unit_test(usage_errors),
#ifdef PW_TEST_SWITCHES
        cmocka_unit_test(check_child_confined),
#endif
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
