/* The code people really write (issue 14): os under `data`, NUL in strings, mode "body",
 * the main + result rule, what killed runs report, result_encoding, site directories, file
 * size in bytes. Every behaviour is checked cold and warm. */
#include "helpers.h"
#include "paths.h"
#include "pywarden.h"
#include "util.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char dir[PATH_MAX]; /* work dir: in.txt readable, out/ writable under data */

/* {"policy": policy, "work_dir": dir, ...more} */
static const char *opts(const char *policy, const char *more)
{
    static char buf[3 * PATH_MAX + 4096];
    snprintf(buf, sizeof buf, "{\"policy\": %s, \"work_dir\": \"%s\"%s}", policy, dir,
             more ? more : "");
    return buf;
}

static const cJSON *result_item(const cJSON *r, const char *key)
{
    return cJSON_GetObjectItem(cJSON_GetObjectItem(r, "result"), key);
}

static const char *result_str(const cJSON *r, const char *key)
{
    const char *s = cJSON_GetStringValue(result_item(r, key));
    if (!s) fail_msg("result.%s is not a string: %s", key, t_result_text(r));
    return s;
}

static bool has_violation(const cJSON *r, const char *event)
{
    const cJSON *v;
    cJSON_ArrayForEach(v, cJSON_GetObjectItem(r, "violations"))
    {
        if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(v, "event")), event) == 0) return true;
    }
    return false;
}

/* ---- (1) os under data ---- */

static const char os_probe[] =
    "import os\n"
    "def attempt(f):\n"
    "    try:\n"
    "        f()\n"
    "        return 'ran'\n"
    "    except PermissionError as e:\n"
    "        return type(e).__name__\n"
    "def write_out():\n"
    "    with open(os.path.join('out', 'x.txt'), 'w') as f:\n"
    "        f.write('x')\n"
    "def main(inputs):\n"
    "    return {'join': os.path.join('a', 'b'), 'ls': sorted(os.listdir('.')),\n"
    "            'env': dict(os.environ), 'getcwd_ok': os.getcwd() == os.path.realpath('.'),\n"
    "            'system': attempt(lambda: os.system('true')),\n"
    "            'fork': attempt(os.fork),\n"
    "            'exec': attempt(lambda: os.execv('/bin/true', ['true'])),\n"
    "            'kill': attempt(lambda: os.kill(1, 0)),\n"
    "            'read_outside': attempt(lambda: open('/etc/passwd').read()),\n"
    "            'list_outside': attempt(lambda: os.listdir('/etc')),\n"
    "            'write_outside': attempt(lambda: open('/var/tmp/pw_data_os', 'w')),\n"
    "            'write_in_root': attempt(lambda: open('in.txt', 'a')),\n"
    "            'write_out': attempt(write_out)}\n";

static void data_allows_os_but_not_what_it_guards(void **state)
{
    (void)state;
    for (int warm = 0; warm < 2; warm++) {
        cJSON *r = t_run_code_in(warm, os_probe, NULL, opts("\"data\"", NULL));
        t_assert_ok(r);
        assert_string_equal(
            cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(r, "stats"), "mode")),
            warm ? "warm" : "cold");
        assert_string_equal(result_str(r, "join"), "a/b");
        char *ls = cJSON_PrintUnformatted(result_item(r, "ls"));
        assert_string_equal(ls, "[\"in.txt\",\"out\",\"site\"]");
        free(ls);
        assert_true(cJSON_IsTrue(result_item(r, "getcwd_ok")));
        const char *refused[] = {"system",       "fork",         "exec",          "kill",
                                 "read_outside", "list_outside", "write_outside", "write_in_root"};
        for (size_t i = 0; i < sizeof refused / sizeof *refused; i++)
            assert_string_equal(result_str(r, refused[i]), "PolicyViolation");
        assert_string_equal(result_str(r, "write_out"), "ran");
        const char *events[] = {"os.system", "os.fork", "os.exec", "os.kill", "open", "os.listdir"};
        for (size_t i = 0; i < sizeof events / sizeof *events; i++)
            assert_true(has_violation(r, events[i]));
        char *env = cJSON_PrintUnformatted(result_item(r, "env"));
        assert_string_equal(env, "{\"LANG\":\"C.UTF-8\"}");
        free(env);
        cJSON_Delete(r);
    }
}

/* The kernel layers hold on their own under data now that os is importable. */
static void data_os_with_the_hook_off_still_fenced(void **state)
{
    (void)state;
#ifndef PW_TEST_SWITCHES
    skip();
#endif
    setenv("PYWARDEN_TEST_DISABLE_LAYERS", "audit", 1);
    cJSON *r =
        t_run_code("import os\n"
                   "def main(inputs):\n"
                   "    out = {}\n"
                   "    for name, f in [('fork', os.fork), ('read', lambda: "
                   "open('/etc/passwd').read()),\n"
                   "                    ('write', lambda: open('/var/tmp/pw_data_os2', 'w'))]:\n"
                   "        try:\n"
                   "            f()\n"
                   "            out[name] = 'ran'\n"
                   "        except OSError as e:\n"
                   "            out[name] = e.errno\n"
                   "    return out\n",
                   NULL, opts("\"data\"", NULL));
    unsetenv("PYWARDEN_TEST_DISABLE_LAYERS");
    t_assert_ok(r);
    assert_string_equal(t_result_text(r), "{\"fork\":1,\"read\":2,\"write\":2}");
    cJSON_Delete(r);
}

static void default_refusal_of_os_points_the_way(void **state)
{
    (void)state;
    const char *codes[] = {"import os\nresult = 1", "from os.path import join\nresult = 1",
                           "import os.path\nresult = 1"};
    for (int warm = 0; warm < 2; warm++)
        for (size_t i = 0; i < sizeof codes / sizeof *codes; i++) {
            cJSON *r = t_run_code_in(warm, codes[i], NULL, NULL);
            t_assert_error(r, "policy_violation", "use pathlib, or posixpath");
            t_assert_error(r, "policy_violation", "policy 'data' allows os");
            cJSON_Delete(r);
        }
    cJSON *r =
        t_run_code("import posixpath, pathlib\nresult = posixpath.join('a', 'b')", NULL, NULL);
    t_assert_ok(r);
    cJSON_Delete(r);
}

/* exit() and quit() as python3's site gives them (a C type since issue 17's eighth round):
 * the same repr and name, SystemExit with the code as its one argument, a tuple included;
 * the warm template's are its runs'. */
static void exit_and_quit_behave_as_in_python3(void **state)
{
    (void)state;
    const char *code = "try:\n    quit((1, 2))\nexcept SystemExit as e:\n    args = e.args\n"
                       "result = [repr(exit), repr(quit), exit.name, list(args)]";
    for (int warm = 0; warm < 2; warm++) {
        cJSON *r = t_run_code_in(warm, code, NULL, NULL);
        t_assert_ok(r);
        assert_string_equal(t_result_text(r),
                            "[\"Use exit() to exit\",\"Use quit() to exit\",\"exit\",[[1,2]]]");
        cJSON_Delete(r);
        r = t_run_code_in(warm, "exit(3)", NULL, NULL);
        t_assert_error(r, "exception", "SystemExit");
        cJSON_Delete(r);
    }
}

/* `import __main__` is the code's module, as a script's is under python3: doctest.testmod()
 * and unittest.main() look there for the tests (they found none, silently), in every mode
 * that runs the code as a module or a body. */
static void dunder_main_is_the_codes_module(void **state)
{
    (void)state;
    const char *code = "import doctest, unittest, __main__, io\n"
                       "def fact(n):\n"
                       "    \"\"\"\n"
                       "    >>> fact(3)\n"
                       "    7\n"
                       "    \"\"\"\n"
                       "    return 1 if n <= 1 else n * fact(n - 1)\n"
                       "class T(unittest.TestCase):\n"
                       "    def test_fact(self):\n"
                       "        self.assertEqual(fact(4), 24)\n"
                       "d = doctest.testmod()\n"
                       "u = unittest.main(exit=False, argv=['job'],\n"
                       "                  testRunner=unittest.TextTestRunner(io.StringIO()))\n"
                       "result = [d.attempted, d.failed, u.result.testsRun, "
                       "__main__.fact is fact, __name__]";
    for (int warm = 0; warm < 2; warm++) {
        cJSON *r = t_run_code_in(warm, code, NULL, NULL);
        t_assert_ok(r);
        assert_string_equal(t_result_text(r), "[1,1,1,true,\"pywarden_job\"]");
        assert_non_null(strstr(cJSON_GetStringValue(cJSON_GetObjectItem(r, "stdout")),
                               "Failed example:\n    fact(3)\nExpected:\n"
                               "    7\nGot:\n    6\n"));
        cJSON_Delete(r);
    }
}

/* A DeprecationWarning the code's own call triggers is on stderr, as python3 shows it for
 * a script's __main__, with its source line; one inside the stdlib and a
 * PendingDeprecationWarning are not. */
static void own_deprecation_warnings_shown_as_in_python3(void **state)
{
    (void)state;
    const char *code = "import warnings\n"
                       "def main(inputs):\n"
                       "    warnings.warn('old api', DeprecationWarning)\n"
                       "    warnings.warn('later', PendingDeprecationWarning)\n"
                       "    warnings.warn_explicit('in lib', DeprecationWarning, 'x.py', 1, "
                       "module='json')\n"
                       "    return 1\n";
    for (int warm = 0; warm < 2; warm++) {
        cJSON *r = t_run_code_in(warm, code, NULL, NULL);
        t_assert_ok(r);
        assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(r, "stderr")),
                            "<code>:3: DeprecationWarning: old api\n"
                            "  warnings.warn('old api', DeprecationWarning)\n");
        cJSON_Delete(r);
    }
}

/* Code that cannot ask for its lines does not load what keeps them: importing linecache
 * (tokenize, re, enum) for them cost every trivial run ~460 page faults warm and ~10 ms cold.
 * The code below names no module that reads them. */
static void trivial_code_loads_no_line_cache(void **state)
{
    (void)state;
    const char *code = "import sys\n"
                       "result = sorted(m for m in sys.modules if m in ('line' + 'cache', "
                       "'tokenize'))";
    for (int warm = 0; warm < 2; warm++) {
        cJSON *r = t_run_code_in(warm, code, NULL, NULL);
        t_assert_ok(r);
        assert_string_equal(t_result_text(r), "[]");
        cJSON_Delete(r);
    }
}

/* python3's "can't start new thread" names no cause: the error says it is max_processes,
 * which ThreadPoolExecutor(40) reaches at its 32nd worker under default. */
static void thread_limit_is_named(void **state)
{
    (void)state;
    const char *code = "import threading\n"
                       "from concurrent.futures import ThreadPoolExecutor\n"
                       "def main(inputs):\n"
                       "    done = threading.Event()\n"
                       "    with ThreadPoolExecutor(40) as ex:\n"
                       "        try:\n"
                       "            for i in range(40):\n"
                       "                ex.submit(done.wait)\n"
                       "        finally:\n"
                       "            done.set()\n";
    for (int warm = 0; warm < 2; warm++) {
        cJSON *r = t_run_code_in(warm, code, NULL, NULL);
        t_assert_error(r, "exception",
                       "RuntimeError: can't start new thread (the run's threads and processes "
                       "together are limited to the policy's max_processes, 32)");
        cJSON_Delete(r);
    }
}

/* An exception whose str() fails, or holds a lone surrogate (a name decoded with
 * surrogateescape), reads as python3 writes it on stderr. */
static void unprintable_exceptions_read_as_in_python3(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"class Weird(Exception):\n    def __str__(self):\n        raise RuntimeError\n"
         "raise Weird()",
         "Weird: <exception str() failed>"},
        {"raise ValueError(b'caf\\xe9'.decode('utf-8', 'surrogateescape'))",
         "ValueError: caf\\udce9"}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        for (int warm = 0; warm < 2; warm++) {
            cJSON *r = t_run_code_in(warm, cases[i][0], NULL, NULL);
            t_assert_error(r, "exception", cases[i][1]);
            assert_non_null(strstr(t_err_str(r, "traceback"), cases[i][1]));
            cJSON_Delete(r);
        }
}

/* `code` is text already: a coding cookie in it changes nothing, as for compile(str). */
static void coding_cookie_in_code_is_ignored(void **state)
{
    (void)state;
    for (int warm = 0; warm < 2; warm++) {
        cJSON *r =
            t_run_code_in(warm, "# -*- coding: latin-1 -*-\nresult = '\xc3\xa9'", NULL, NULL);
        t_assert_ok(r);
        assert_string_equal(t_result_text(r), "\"\xc3\xa9\"");
        cJSON_Delete(r);
        r = t_run_code_in(warm, "\xef\xbb\xbfresult = 1", NULL, NULL); /* a BOM still opens it */
        t_assert_ok(r);
        cJSON_Delete(r);
    }
}

/* The run's peak memory (max_rss_kb) for stdio code given inputs. */
static double stdio_rss_kb(bool warm, const char *inputs)
{
    cJSON *r = t_run_code_in(warm, "print(1)", inputs, "{\"mode\": \"stdio\"}");
    t_assert_ok(r);
    double kb =
        cJSON_GetNumberValue(cJSON_GetObjectItem(cJSON_GetObjectItem(r, "stats"), "max_rss_kb"));
    cJSON_Delete(r);
    return kb;
}

/* stdio code reads its inputs from stdin, as python3's host gives them: they are not also made
 * Python objects it never sees (4 MB of small objects took ~90 MB more than the text). */
static void stdio_inputs_are_only_text(void **state)
{
    (void)state;
    pw_buf big = {0};
    pw_buf_appendf(&big, "{\"rows\": [");
    for (int i = 0; i < 500000; i++)
        pw_buf_appendf(&big, "%s{\"a\":1}", i ? "," : "");
    pw_buf_appendf(&big, "]}");
    for (int warm = 0; warm < 2; warm++) {
        double grown = stdio_rss_kb(warm, big.data) - stdio_rss_kb(warm, "{\"rows\": []}");
        print_message("%s: %.0f kB more for 4 MB of inputs\n", warm ? "warm" : "cold", grown);
        assert_true(grown < 40 * 1024);
    }
    pw_buf_free(&big);
}

/* stdio mode as python3 runs a script, warm as cold: inputs on fd 0, non-daemon threads waited
 * for, an uncaught exception exit status 1 (test_contract has the cold details). */
static void stdio_mode_is_python3s_warm_too(void **state)
{
    (void)state;
    const char *stdio = "{\"mode\": \"stdio\"}";
    for (int warm = 0; warm < 2; warm++) {
        cJSON *r = t_run_code_in(warm,
                                 "import json, threading, time\n"
                                 "n = json.loads(open(0).read())['n']\n"
                                 "def late():\n    time.sleep(0.1)\n    print(json.dumps(n + 1))\n"
                                 "threading.Thread(target=late).start()\n",
                                 "{\"n\": 1}", stdio);
        t_assert_ok(r);
        assert_string_equal(t_result_text(r), "2");
        cJSON_Delete(r);
        /* sys.stdin named as python3's (it was 0) */
        r = t_run_code_in(warm, "import json, sys\nprint(json.dumps(sys.stdin.name))", "{}", stdio);
        t_assert_ok(r);
        assert_string_equal(t_result_text(r), "\"<stdin>\"");
        cJSON_Delete(r);
        r = t_run_code_in(warm, "raise ValueError('x')", NULL, stdio);
        t_assert_error(r, "exception", "ValueError: x");
        assert_int_equal((int)t_err_num(r, "exit_status"), 1);
        cJSON_Delete(r);
        /* A run that closes its result channel and then is refused something ends without a
         * report: that is no success, whatever it printed (reading such an exit as python3's
         * host does hid the violation and kill mode), but a result_channel violation. */
        r = t_run_code_in(warm,
                          "import os, sys\nprint('{\"a\": 1}')\nsys.stdout.flush()\nos.close(3)\n"
                          "open('/etc/passwd')\n",
                          NULL,
                          "{\"mode\": \"stdio\", \"policy\": {\"extends\": \"default\", "
                          "\"unblocked_modules\": [\"os\"], \"on_violation\": \"kill\"}}");
        t_assert_error(r, "policy_violation", "closed or replaced pywarden's result channel");
        cJSON_Delete(r);
        /* python3's block on stderr and exit status 1 (stderr was empty) */
        r = t_run_code_in(warm, "def main(inputs):\n    x = 1\n      y = 2\n", NULL, NULL);
        t_assert_error(r, "syntax_error", "unexpected indent (line 3, column 6)");
        assert_string_equal(t_err_str(r, "exception"), "IndentationError");
        cJSON_Delete(r);
        r = t_run_code_in(warm, "x = 1\ndef f(:\n    pass\n", NULL, stdio);
        t_assert_error(r, "syntax_error", "invalid syntax (line 2, column 7)");
        assert_string_equal(t_err_str(r, "exception"), "SyntaxError");
        assert_int_equal((int)t_err_num(r, "exit_status"), 1);
        assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(r, "stderr")),
                            "  File \"<code>\", line 2\n    def f(:\n          ^\n"
                            "SyntaxError: invalid syntax\n");
        cJSON_Delete(r);
    }
}

/* Scripts written for python3 open their stdio by name (json.load(open('/dev/stdin'))):
 * those names are the run's own descriptors, and the object python3 gives; any other
 * descriptor by name (the result channel is 3) stays refused. */
static void stdio_opens_by_name_warm_too(void **state)
{
    (void)state;
    for (int warm = 0; warm < 2; warm++) {
        cJSON *r = t_run_code_in(warm,
                                 "import json, pathlib, sys\n"
                                 "n = json.load(open('/dev/stdin'))['n']\n"
                                 "with open('/dev/stdout', 'w') as f:\n"
                                 "    f.write(f'{f.name} {f.closed}\\n')\n"
                                 "print('err', file=open(file='/dev/fd/2', mode='w'))\n"
                                 "pathlib.Path('/proc/self/fd/1').write_text('pathlib\\n')\n"
                                 "print(json.dumps(n + 1), flush=True)\n",
                                 "{\"n\": 1}", "{\"mode\": \"stdio\"}");
        t_assert_ok(r);
        assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(r, "stdout")),
                            "/dev/stdout False\npathlib\n2\n");
        assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(r, "stderr")), "err\n");
        cJSON_Delete(r);
        /* the caller's own arguments are left as they were; a path's name is its string */
        r = t_run_code_in(warm,
                          "import pathlib\nt = ('/dev/stdin',)\nf = open(*t)\n"
                          "g = open(pathlib.Path('/dev/stdout'), 'w')\n"
                          "import inspect\n"
                          "assert str(inspect.signature(open)).startswith('(file, mode=')\n"
                          "result = [t[0], f.name, g.name]",
                          NULL, NULL);
        t_assert_ok(r);
        assert_string_equal(t_result_text(r), "[\"/dev/stdin\",\"/dev/stdin\",\"/dev/stdout\"]");
        cJSON_Delete(r);
        /* a keyword's __eq__ that empties the caller's dict during the lookups (the dict
         * start_new_thread hands over as it is) frees nothing the wrapper still uses */
        r = t_run_code_in(warm,
                          "import _thread, time\n"
                          "class K(str):\n"
                          "    def __hash__(self): return hash('opener')\n"
                          "    def __eq__(self, o):\n"
                          "        d.pop('file', None)\n"
                          "        junk.append([bytearray(40) for _ in range(300)])\n"
                          "        return False\n"
                          "class F:\n"
                          "    def __fspath__(self): return '/dev/stdout'\n"
                          "junk = []\n"
                          "for i in range(30):\n"
                          "    d = {'file': F(), K('zz'): 1}\n"
                          "    _thread.start_new_thread(open, (), d)\n"
                          "    time.sleep(0.005)\n"
                          "result = 1",
                          NULL, NULL);
        t_assert_ok(r);
        cJSON_Delete(r);
        r = t_run_code_in(warm, "open('/dev/fd/3', 'w').write('{}')", NULL, NULL);
        t_assert_error(r, "policy_violation", "does not allow writing '/dev/fd/3'");
        cJSON_Delete(r);
    }
}

/* os.access answers as the run opens: under a root host the run's real uid is nobody, and
 * access(2) asked as it said False for the out/ it writes and a 0600 input it reads. */
static void os_access_answers_as_the_run_opens(void **state)
{
    (void)state;
    char path[PATH_MAX + 16];
    snprintf(path, sizeof path, "%s/in.txt", dir);
    assert_int_equal(chmod(path, 0600), 0);
    for (int warm = 0; warm < 2; warm++) {
        cJSON *r = t_run_code_in(warm,
                                 "import os\n"
                                 "result = [os.access('in.txt', os.R_OK), "
                                 "os.access('out', os.W_OK | os.X_OK), "
                                 "os.access('in.txt', os.W_OK), os.access('nothing', os.F_OK)]",
                                 NULL, opts("\"data\"", NULL));
        t_assert_ok(r);
        assert_string_equal(t_result_text(r), "[true,true,false,false]");
        cJSON_Delete(r);
    }
    assert_int_equal(chmod(path, 0644), 0);
}

/* A traceback's last line names the class as python3's does, by its module unless it is
 * the builtins' or the code's own (it said JSONDecodeError, struct.error's "error");
 * error.message and error.exception keep the class's name. */
static void traceback_qualifies_classes_as_python3(void **state)
{
    (void)state;
    static const struct {
        const char *code, *exception, *last;
    } cases[] = {
        {"import json\njson.loads('{')", "JSONDecodeError",
         "json.decoder.JSONDecodeError: Expecting property name enclosed in double quotes: "
         "line 1 column 2 (char 1)\n"},
        {"import struct\nstruct.unpack('i', b'')", "error",
         "struct.error: unpack requires a buffer of 4 bytes\n"},
        {"class Mine(Exception):\n    pass\nraise Mine('m')", "Mine", "Mine: m\n"},
        {"raise KeyError('k')", "KeyError", "KeyError: 'k'\n"},
    };
    for (int warm = 0; warm < 2; warm++)
        for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
            cJSON *r = t_run_code_in(warm, cases[i].code, NULL, NULL);
            t_assert_error(r, "exception", NULL);
            assert_string_equal(t_err_str(r, "exception"), cases[i].exception);
            const char *message = t_err_str(r, "message"), *tb = t_err_str(r, "traceback");
            assert_int_equal(strncmp(message, cases[i].exception, strlen(cases[i].exception)), 0);
            size_t n = strlen(tb), m = strlen(cases[i].last);
            assert_true(n > m);
            assert_string_equal(tb + n - m, cases[i].last);
            assert_int_equal(tb[n - m - 1], '\n');
            cJSON_Delete(r);
        }
}

/* A runaway recursion's traceback shows the frame three times and a count, as python3
 * prints it (it was ~58 KB: a thousand copies of one frame). */
static void recursion_traceback_is_collapsed(void **state)
{
    (void)state;
    for (int warm = 0; warm < 2; warm++) {
        cJSON *r = t_run_code_in(
            warm, "def f(n):\n    return f(n + 1)\ndef main(i):\n    return f(0)", NULL, NULL);
        t_assert_error(r, "exception", "RecursionError: maximum recursion depth exceeded");
        const char *tb = t_err_str(r, "traceback");
        assert_non_null(strstr(tb, "    return f(n + 1)\n           ^^^^^^^^\n"
                                   "  [Previous line repeated "));
        assert_true(strlen(tb) < 1000);
        cJSON_Delete(r);
        r = t_run_code_in(warm,
                          "def g(n):\n    if n == 0:\n        raise ValueError('x')\n"
                          "    return g(n - 1)\ndef main(i):\n    return g(5)",
                          NULL, NULL);
        assert_non_null(strstr(t_err_str(r, "traceback"),
                               "  [Previous line repeated 2 more times]\n  File \"<code>\", "
                               "line 3, in g\n    raise ValueError('x')\nValueError: x"));
        cJSON_Delete(r);
    }
}

/* A traceback marks where on each line the failing instruction was, as python3 3.11 prints
 * it for a script: the operator of a division, the brackets of a subscript, carets under a
 * call, none under a part that is the whole line or goes on past it (the same text as
 * python3's, cold and warm). */
static void traceback_marks_positions_as_python3(void **state)
{
    (void)state;
    const char *code = "def ratio(d):\n"
                       "    return d[\"n\"] / d[\"d\"]\n"
                       "def label(d):\n"
                       "    return \"\xc3\xa9:\" + d[\"names\"] [0]\n"
                       "def main(inputs):\n"
                       "    try:\n"
                       "        ratio({\"n\": 1, \"d\": 0})\n"
                       "    except ZeroDivisionError:\n"
                       "        n = label({\"names\":\n"
                       "                   []})\n";
    for (int warm = 0; warm < 2; warm++) {
        cJSON *r = t_run_code_in(warm, code, NULL, NULL);
        t_assert_error(r, "exception", "IndexError: list index out of range");
        assert_string_equal(t_err_str(r, "traceback"),
                            "Traceback (most recent call last):\n"
                            "  File \"<code>\", line 7, in main\n"
                            "    ratio({\"n\": 1, \"d\": 0})\n"
                            "  File \"<code>\", line 2, in ratio\n"
                            "    return d[\"n\"] / d[\"d\"]\n"
                            "           ~~~~~~~^~~~~~~~\n"
                            "ZeroDivisionError: division by zero\n"
                            "\n"
                            "During handling of the above exception, another exception "
                            "occurred:\n"
                            "\n"
                            "Traceback (most recent call last):\n"
                            "  File \"<code>\", line 9, in main\n"
                            "    n = label({\"names\":\n"
                            "        ^^^^^^^^^^^^^^^\n"
                            "  File \"<code>\", line 4, in label\n"
                            "    return \"\xc3\xa9:\" + d[\"names\"] [0]\n"
                            "                  ~~~~~~~~~~^^^^\n"
                            "IndexError: list index out of range\n");
        cJSON_Delete(r);
    }
}

/* ---- (2) U+0000 round-trips ---- */

/* The JSON literal of every code point 0..255, repeated `times`, as one string, escaped
 * the way results are written. */
static char *all_bytes_literal(int times)
{
    pw_buf b = {0};
    pw_buf_putc(&b, '"');
    for (int t = 0; t < times; t++)
        for (unsigned c = 0; c < 256; c++) {
            if (c < 0x20)
                pw_buf_appendf(&b, "\\u%04x", c);
            else if (c == '"' || c == '\\')
                pw_buf_appendf(&b, "\\%c", (char)c);
            else if (c < 0x80)
                pw_buf_putc(&b, (char)c);
            else
                pw_buf_appendf(&b, "%c%c", (char)(0xC0 | c >> 6), (char)(0x80 | (c & 63)));
        }
    pw_buf_putc(&b, '"');
    return pw_buf_take(&b);
}

static void nul_round_trips(void **state)
{
    (void)state;
    char *lit = all_bytes_literal(10000);
    pw_buf req = {0}, expect = {0};
    pw_buf_appendf(
        &req,
        "{\"code\": \"def main(inputs):\\n    s = inputs['s']\\n"
        "    assert s == ''.join(map(chr, range(256))) * 10000, len(s)\\n"
        "    assert inputs['list'] == ['a\\\\x00b', '\\\\x00']\\n"
        "    return s\", \"inputs\": {\"s\": %s, \"list\": [\"a\\u0000b\", \"\\u0000\"]}}",
        lit);
    pw_buf_appendf(&expect, "\"result\":%s,", lit);
    for (int warm = 0; warm < 2; warm++) {
        char *out = t_run_text(warm, req.data);
        if (!strstr(out, "\"ok\":true") || !strstr(out, expect.data))
            fail_msg("%s: %.400s", warm ? "warm" : "cold", out);
        pw_free(out);
        /* one run's result is the next run's input */
        out = t_run_text(warm, "{\"code\": \"result = chr(0) * 3\"}");
        const char *start = strstr(out, "\"result\":") + 9;
        pw_buf next = {0};
        pw_buf_appendf(&next,
                       "{\"code\": \"result = inputs['s'] == chr(0) * 3\", "
                       "\"inputs\": {\"s\": %.*s}}",
                       (int)(strchr(start + 1, '"') - start + 1), start);
        pw_free(out);
        cJSON *r = t_run(next.data);
        t_assert_ok(r);
        assert_string_equal(t_result_text(r), "true");
        cJSON_Delete(r);
        pw_buf_free(&next);
    }
    /* stdio mode gets the same inputs on stdin */
    cJSON *r =
        t_run_code("import json, sys\nprint(json.dumps(json.load(sys.stdin)['s'] == 'a\\x00b'))",
                   "{\"s\": \"a\\u0000b\"}", "{\"mode\": \"stdio\"}");
    t_assert_ok(r);
    assert_string_equal(t_result_text(r), "true");
    cJSON_Delete(r);
    pw_buf_free(&req);
    pw_buf_free(&expect);
    free(lit);
    /* keys cannot hold U+0000 in results either: said as the result's fault, with its path */
    for (int warm = 0; warm < 2; warm++) {
        r = t_run_code_in(warm, "result = {'x': [{'a\\x00b': 1}]}", NULL, NULL);
        t_assert_error(r, "invalid_result", "dict key holds U+0000");
        assert_string_equal(
            cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(r, "error"), "path")),
            "result.x[0]");
        cJSON_Delete(r);
    }
}

/* ---- (3) mode "body" ---- */

static void expect_result(cJSON *r, const char *json)
{
    t_assert_ok(r);
    assert_string_equal(t_result_text(r), json);
    cJSON_Delete(r);
}

/* error.line is the code's own innermost line, not an eval'd string's: a formula failing in
 * eval() marked line 1 of the code (its "<string>" frame's line), where the code imports. */
static void error_line_is_in_the_code_itself(void **state)
{
    (void)state;
    for (int warm = 0; warm < 2; warm++) {
        cJSON *r =
            t_run_code_in(warm,
                          "import math\n\n"
                          "def main(inputs):\n"
                          "    env = {'math': math, 'x': inputs['x']}\n"
                          "    return eval(inputs['formula'], {'__builtins__': {}}, env)",
                          "{\"formula\": \"math.sqrt(x)\", \"x\": -1}", opts("\"strict\"", NULL));
        t_assert_error(r, "exception", "ValueError: math domain error");
        assert_int_equal((int)t_err_num(r, "line"), 5);
        assert_non_null(
            strstr(t_err_str(r, "traceback"), "File \"<string>\", line 1, in <module>"));
        cJSON_Delete(r);
    }
}

/* A refusal is a PermissionError with errno EACCES, as python3's for a file it may not write,
 * and its text stays the message: mailbox, which opens 'rb+' and falls back to 'rb' on
 * EACCES or EROFS, read a readable mbox (it was refused: errno was None). */
static void refusals_carry_eacces(void **state)
{
    (void)state;
    for (int warm = 0; warm < 2; warm++) {
        cJSON *r =
            t_run_code_in(warm,
                          "import mailbox\n"
                          "try:\n"
                          "    open('in.txt', 'a')\n"
                          "except PermissionError as e:\n"
                          "    refused = [e.errno, str(e).startswith(\"policy 'default'\")]\n"
                          "result = {'refused': refused,\n"
                          "          'messages': len(mailbox.mbox('in.txt', create=False))}",
                          NULL, opts("\"default\"", NULL));
        expect_result(r, "{\"refused\":[13,true],\"messages\":0}");
    }
}

/* strict's max_processes (16) holds a thread pool of 14 workers run from asyncio, whose
 * shutdown starts one thread more: at 8, seven to_thread calls at once failed, as would
 * ThreadPoolExecutor() on any host of 4 CPUs or more (min(32, CPUs + 4) workers). */
static void strict_holds_a_thread_pool(void **state)
{
    (void)state;
    const char *code = "import asyncio, threading\n"
                       "from concurrent.futures import ThreadPoolExecutor\n"
                       "async def main(inputs):\n"
                       "    n = inputs['n']\n"
                       "    barrier = threading.Barrier(n, timeout=5)\n"
                       "    loop = asyncio.get_running_loop()\n"
                       "    loop.set_default_executor(ThreadPoolExecutor(n))\n"
                       "    got = await asyncio.gather(*[asyncio.to_thread(barrier.wait)\n"
                       "                                 for _ in range(n)])\n"
                       "    return sorted(got)[-1] + 1\n";
    for (int warm = 0; warm < 2; warm++) {
        expect_result(t_run_code_in(warm, code, "{\"n\": 14}", opts("\"strict\"", NULL)), "14");
        cJSON *r = t_run_code_in(warm, code, "{\"n\": 16}", opts("\"strict\"", NULL));
        t_assert_error(r, "exception", "limited to the policy's max_processes, 16)");
        cJSON_Delete(r);
    }
}

/* Each violation's detail and message is cut at 1 KiB: twenty refused megabyte-long module
 * names had ended a run whose result was 20 in output_limit ("the result is over
 * max_result_bytes"), the refusals crowding it off the result channel. */
static void long_refusals_are_cut(void **state)
{
    (void)state;
    const char *code = "n = 0\n"
                       "for i in range(20):\n"
                       "    try:\n"
                       "        __import__('os.' + 'x' * 1000000 + str(i))\n"
                       "    except ImportError as e:\n"
                       "        n += len(str(e)) < 1100\n"
                       "result = n";
    for (int warm = 0; warm < 2; warm++) {
        cJSON *r = t_run_code_in(warm, code, NULL, NULL);
        expect_result(r, "20");
    }
    cJSON *r = t_run_code_in(false, code, NULL, NULL);
    const cJSON *v = cJSON_GetArrayItem(cJSON_GetObjectItem(r, "violations"), 19);
    const char *detail = cJSON_GetStringValue(cJSON_GetObjectItem(v, "detail"));
    assert_non_null(detail);
    assert_int_equal(strlen(detail), 1024 + 3);
    assert_string_equal(detail + 1024, "...");
    cJSON_Delete(r);
}

static void body_mode_runs_function_bodies(void **state)
{
    (void)state;
    const char *body = "{\"mode\": \"body\"}";
    for (int warm = 0; warm < 2; warm++) {
        expect_result(
            t_run_code_in(warm, "return [x * 2 for x in inputs['xs']]", "{\"xs\": [1, 2]}", body),
            "[2,4]");
        /* n8n: the items list as _items; the seeds' executor: input_data */
        expect_result(t_run_code_in(warm,
                                    "out = []\nfor item in _items:\n"
                                    "    out.append({'json': {'a': item['json']['a'] + 1}})\n"
                                    "return out",
                                    "{\"_items\": [{\"json\": {\"a\": 1}}]}", body),
                      "[{\"json\":{\"a\":2}}]");
        expect_result(t_run_code_in(warm, "return {'json': {'b': _item['json']['a'] * 3}}",
                                    "{\"_item\": {\"json\": {\"a\": 2}}}", body),
                      "{\"json\":{\"b\":6}}");
        /* n8n's `_input`, its objects' keys as attributes (n8n's own example), per item too */
        expect_result(t_run_code_in(warm,
                                    "for item in _input.all():\n"
                                    "    item.json.myNewField = item.json.a + 1\n"
                                    "    item.json.meta.seen = True\n"
                                    "return [_input.all(), _input.first().json['a'], "
                                    "_input.last().json.to_py()['a'], _items[1]['json']]",
                                    "{\"_items\": [{\"json\": {\"a\": 1, \"meta\": {}}}, "
                                    "{\"json\": {\"a\": 5, \"meta\": {}}}]}",
                                    body),
                      "[[{\"json\":{\"a\":1,\"meta\":{\"seen\":true},\"myNewField\":2}},"
                      "{\"json\":{\"a\":5,\"meta\":{\"seen\":true},\"myNewField\":6}}],1,5,"
                      "{\"a\":5,\"meta\":{\"seen\":true},\"myNewField\":6}]");
        expect_result(t_run_code_in(warm,
                                    "_input.item.json.b = _input.item.json.a * 3\n"
                                    "return [_input.item, len(_input.all())]",
                                    "{\"_item\": {\"json\": {\"a\": 2}}}", body),
                      "[{\"json\":{\"a\":2,\"b\":6}},1]");
        /* objects inside arrays read as attributes too, and to_py() gives plain dicts and
         * lists (pickle, type checks), as n8n's JsProxy does: line.qty was an AttributeError */
        expect_result(t_run_code_in(warm,
                                    "import pickle\n"
                                    "total = 0\n"
                                    "for line in _input.first().json.lines:\n"
                                    "    total += line.qty * line.price\n"
                                    "_input.first().json.lines[0].seen = True\n"
                                    "plain = _input.first().json.to_py()\n"
                                    "return [total, type(plain).__name__, "
                                    "type(plain['lines'][0]).__name__, "
                                    "len(pickle.dumps(plain)) > 0, _input.first().json.lines[:1]]",
                                    "{\"_items\": [{\"json\": {\"lines\": [{\"qty\": 2, "
                                    "\"price\": 3}, {\"qty\": 1, \"price\": 4}]}}]}",
                                    body),
                      "[10,\"dict\",\"dict\",true,[{\"qty\":2,\"price\":3,\"seen\":true}]]");
        /* a missing key says so, at the user's line: pywarden's helper is no user frame */
        cJSON *missing = t_run_code_in(warm, "item = _input.first()\nreturn item.json.nope",
                                       "{\"_items\": [{\"json\": {}}]}", body);
        t_assert_error(missing, "exception", "AttributeError: no key 'nope'");
        assert_int_equal((int)t_err_num(missing, "line"), 2);
        assert_null(strstr(t_err_str(missing, "traceback"), "__getattr__"));
        cJSON_Delete(missing);
        expect_result(t_run_code_in(warm, "return input_data is inputs", "{}", body), "true");
        /* an async comprehension alone makes the function async, as a top-level await does */
        expect_result(t_run_code_in(warm,
                                    "async def g():\n    yield 1\n    yield 2\n"
                                    "return [x async for x in g()]",
                                    NULL, body),
                      "[1,2]");
        /* a BOM and `from __future__` may open the code, as they may open a file */
        expect_result(t_run_code_in(warm, "\xef\xbb\xbfreturn 1", NULL, body), "1");
        expect_result(t_run_code_in(warm,
                                    "'''A docstring may come first.'''\n"
                                    "from __future__ import annotations\n"
                                    "def f(x: Undefined) -> int:\n    return x\nreturn f(2)",
                                    NULL, body),
                      "2");
        expect_result(t_run_code_in(warm, "x = 1", NULL, body), "null");
        /* Zapier's code step: falling off the end returns `output` when the code assigned it
         * (gave null); a return, or an `output` never bound, still says what it did */
        expect_result(
            t_run_code_in(warm, "output = {'hi': input_data['name']}", "{\"name\": \"Zo\"}", body),
            "{\"hi\":\"Zo\"}");
        expect_result(
            t_run_code_in(warm, "output = 1\nif inputs:\n    return 2", "{\"a\": 1}", body), "2");
        expect_result(t_run_code_in(warm, "if inputs:\n    output = 1", NULL, body), "null");
        expect_result(
            t_run_code_in(warm, "await __import__('asyncio').sleep(0)\noutput = [3]", NULL, body),
            "[3]");
        /* `global` in a nested function names the body's own top-level variable, as in the
         * script the code was written as (a NameError, with no hint) */
        expect_result(t_run_code_in(warm,
                                    "count = 0\ndef bump(n):\n    global count\n"
                                    "    count += n\nbump(2)\nbump(3)\nreturn count",
                                    NULL, body),
                      "5");
        expect_result(t_run_code_in(warm,
                                    "from __future__ import annotations\nseen = []\n"
                                    "class Log:\n    def add(self, x):\n        global seen\n"
                                    "        seen = seen + [x]\nLog().add(1)\nreturn seen",
                                    NULL, body),
                      "[1]");
        /* annotated, which a global cannot be: a plain assignment, as a function ignores a
         * local's annotation; the other annotated name stays the body's own */
        expect_result(t_run_code_in(warm,
                                    "total: int = 0\ndef add(n):\n    global total\n"
                                    "    total += n\nadd(2)\nlabel: str = 'sum'\n"
                                    "return [label, total]",
                                    NULL, body),
                      "[\"sum\",2]");
        expect_result(t_run_code_in(warm,
                                    "import asyncio\nawait asyncio.sleep(0)\nreturn inputs['n']",
                                    "{\"n\": 7}", body),
                      "7");
        cJSON *r = t_run_code_in(warm, "return _items", "{}", body);
        t_assert_error(r, "exception", "NameError: name '_items' is not defined");
        cJSON_Delete(r);
        r = t_run_code_in(warm, "return _input", "{}", body);
        t_assert_error(r, "exception", "NameError: name '_input' is not defined");
        cJSON_Delete(r);
        /* the user's own line numbers */
        r = t_run_code_in(warm, "a = 1\nb = 0\nreturn a / b\n", NULL, body);
        t_assert_error(r, "exception", "ZeroDivisionError");
        assert_int_equal((int)t_err_num(r, "line"), 3);
        assert_non_null(strstr(t_err_str(r, "traceback"),
                               "File \"<code>\", line 3, in body\n    return a / b\n"));
        cJSON_Delete(r);
        r = t_run_code_in(warm, "a = 1\nb = (\n", NULL, body);
        t_assert_error(r, "syntax_error", "was never closed");
        assert_int_equal((int)t_err_num(r, "line"), 2);
        cJSON_Delete(r);
        r = t_run_code_in(warm, "from math import *\nreturn sqrt(4)", NULL, body);
        t_assert_error(r, "syntax_error",
                       "import * only allowed at module level (line 1, column 18); in mode "
                       "\"body\" the code is the body of a function: import the names it uses");
        cJSON_Delete(r);
        r = t_run_code_in(warm, "return 1", NULL, "{\"mode\": \"body\", \"entry\": \"f\"}");
        t_assert_error(r, "invalid_request", "entry does not apply to mode body");
        cJSON_Delete(r);
        /* outside body mode, a top-level return says where to go */
        r = t_run_code_in(warm, "return 1", NULL, NULL);
        t_assert_error(r, "syntax_error", "send \"mode\": \"body\"");
        cJSON_Delete(r);
    }
    const char *check[] = {"pywarden", "check",  "--mode",
                           "body",     "--code", "import json\nreturn json.dumps(inputs)",
                           NULL};
    char *out = NULL, *err = NULL;
    assert_int_equal(t_run_cli(check, NULL, NULL, &out, &err), 0);
    assert_non_null(strstr(out, "\"ok\":true,\"policy\":\"default\",\"entry\":\"body\""));
    free(out);
    free(err);
}

/* ---- (4) main + result: user code never runs twice ---- */

static void main_and_result_never_run_twice(void **state)
{
    (void)state;
    const char *dify = "def main(inputs):\n    print('called')\n    return {'n': inputs['n'] + 1}\n"
                       "result = main(inputs)\n";
    for (int warm = 0; warm < 2; warm++) {
        cJSON *r = t_run_code_in(warm, dify, "{\"n\": 1}", NULL);
        t_assert_ok(r);
        assert_string_equal(t_result_text(r), "{\"n\":2}");
        assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(r, "stdout")), "called\n");
        cJSON_Delete(r);
        /* the top-level result wins even when main was never called */
        expect_result(
            t_run_code_in(warm, "def main(inputs):\n    return 'main'\nresult = 'top'", NULL, NULL),
            "\"top\"");
        /* a named entry is what the request asked for */
        expect_result(t_run_code_in(warm, "def f(inputs):\n    return 'f'\nresult = 'top'", NULL,
                                    "{\"entry\": \"f\"}"),
                      "\"f\"");
    }
    const char *check[] = {"pywarden", "check", "--code", dify, NULL};
    char *out = NULL, *err = NULL;
    assert_int_equal(t_run_cli(check, NULL, NULL, &out, &err), 1);
    cJSON *c = cJSON_Parse(out);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(c, "entry")), "result");
    const cJSON *p = cJSON_GetArrayItem(cJSON_GetObjectItem(c, "problems"), 0);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(p, "kind")), "ambiguous_entry");
    assert_int_equal(cJSON_GetObjectItem(p, "line")->valueint, 4);
    assert_non_null(
        strstr(cJSON_GetStringValue(cJSON_GetObjectItem(p, "message")), "does not call main()"));
    cJSON_Delete(c);
    free(out);
    free(err);
}

/* Dify's and Windmill's hosts call main(**inputs); pywarden does for a main of two or more
 * parameters (or one that one positional argument cannot bind) named after the inputs, and
 * keeps main(inputs) elsewhere. */
static const struct {
    const char *code, *inputs, *result;
} entry_calls[] = {
    {"def main(a, b, c=3, *, d=4):\n    return [a, b, c, d]", "{\"b\": 2, \"a\": 1, \"d\": 5}",
     "[1,2,3,5]"},
    {"def main(**kw):\n    return sorted(kw)", "{\"y\": 1, \"x\": 2}", "[\"x\",\"y\"]"},
    {"def main(**kw):\n    return kw", "{}", "{}"},
    {"async def main(a, b):\n    return a + b", "{\"a\": 1, \"b\": 2}", "3"},
    /* Windmill's typed main with defaults: keywords where the keys name parameters */
    {"def main(x: int, y: int = 0):\n    return x + y", "{\"x\": 1, \"y\": 2}", "3"},
    {"def main(x: int, y: int = 10):\n    return x + y", "{\"x\": 1}", "11"},
    /* ... and the object where they do not, or a parameter is named after it */
    {"def main(data, limit=1):\n    return data['rows']", "{\"rows\": [1]}", "[1]"},
    {"def main(inputs, verbose=False):\n    return inputs", "{\"inputs\": 1, \"verbose\": true}",
     "{\"inputs\":1,\"verbose\":true}"},
    /* **kwargs is a parameter too: Airflow's def f(ds, **context), called with keywords
     * (it got the whole object in ds), unless its named parameter is not a key */
    {"def main(ds, **context):\n    return [ds, sorted(context)]",
     "{\"ds\": \"2024-01-01\", \"params\": {}}", "[\"2024-01-01\",[\"params\"]]"},
    {"def main(data, **kw):\n    return [data['rows'], kw]", "{\"rows\": [1]}", "[[1],{}]"},
    {"def main(inputs, **kw):\n    return inputs", "{\"inputs\": 1}", "{\"inputs\":1}"},
    /* one parameter: the object, whatever its name (one named after a key included), also
     * through a decorator's wrapper(*args, **kwargs) */
    {"def main(arg1: str) -> dict:\n    return {'r': arg1}", "{\"arg1\": \"hello\"}",
     "{\"r\":{\"arg1\":\"hello\"}}"},
    {"def main(inputs):\n    return inputs", "{\"inputs\": 1}", "{\"inputs\":1}"},
    {"import functools\n"
     "def logged(f):\n"
     "    @functools.wraps(f)\n"
     "    def wrapper(*a, **k):\n"
     "        return f(*a, **k)\n"
     "    return wrapper\n"
     "@logged\n"
     "def main(inputs):\n    return inputs['n'] + 1",
     "{\"n\": 1}", "2"},
    /* ... whose wrapped function's parameters say how, as inspect.signature reads them */
    {"import functools\n"
     "def retry(f):\n"
     "    @functools.wraps(f)\n"
     "    def wrapper(*a, **k):\n"
     "        return f(*a, **k)\n"
     "    return wrapper\n"
     "@retry\n"
     "@retry\n"
     "def main(x: int, y: int = 0):\n    return x + y",
     "{\"x\": 1, \"y\": 2}", "3"},
    /* ... or, a wrapper written without functools.wraps, by the one function its closure
     * holds (Dify's main(**inputs) got through; main(inputs) did not bind y) */
    {"def timed(f):\n"
     "    def wrapper(*a, **k):\n"
     "        return f(*a, **k)\n"
     "    return wrapper\n"
     "@timed\n"
     "def main(x, y):\n    return x * y",
     "{\"x\": 6, \"y\": 7}", "42"},
    /* a closure of two functions says nothing: the object */
    {"def both(f, g):\n"
     "    def wrapper(*a, **k):\n"
     "        return [f(*a, **k), g(*a, **k)]\n"
     "    return wrapper\n"
     "main = both(lambda d: d['x'], lambda d, e=0: len(d))",
     "{\"x\": 6}", "[6,1]"},
    {"def main(x=None):\n    return x", "{}", "{}"},
};

static void main_takes_inputs_as_keywords_when_named_after_them(void **state)
{
    (void)state;
    for (int warm = 0; warm < 2; warm++) {
        for (size_t i = 0; i < sizeof entry_calls / sizeof *entry_calls; i++)
            expect_result(t_run_code_in(warm, entry_calls[i].code, entry_calls[i].inputs, NULL),
                          entry_calls[i].result);
        /* neither binds: the error says how main is called */
        cJSON *r =
            t_run_code_in(warm, "def main(a, b, /):\n    return 1", "{\"a\": 1, \"b\": 2}", NULL);
        t_assert_error(r, "exception",
                       "missing 1 required positional argument: 'b' (pywarden "
                       "called main(inputs): it calls main(**inputs) when every key");
        cJSON_Delete(r);
        /* a TypeError inside main is the user's own and keeps its message */
        r = t_run_code_in(warm, "def main(a, b):\n    return len(a, b)", "{\"a\": 1, \"b\": 2}",
                          NULL);
        t_assert_error(r, "exception", "TypeError: len() takes exactly one argument (2 given)");
        assert_null(strstr(t_err_str(r, "message"), "pywarden called"));
        cJSON_Delete(r);
        /* choosing the call runs no user code: a str subclass key whose __eq__ imports
         * (found by a review: the hook took it for pywarden's own import) is not compared */
        r = t_run_code_in(warm,
                          "import functools\n"
                          "class S(str):\n"
                          "    __eq__ = functools.partial(__import__, '_testcapi')\n"
                          "    def __hash__(self):\n"
                          "        return hash(str(self))\n"
                          "inputs[S('a')] = 1\n"
                          "main = lambda a, b: 1\n",
                          "{\"b\": 0}", NULL);
        t_assert_error(r, "exception", "missing 1 required positional argument: 'b'");
        assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r, "violations")), 0);
        cJSON_Delete(r);
    }
}

/* ---- (5) the whole truth about refusals ---- */

static void assert_layers_reported(const cJSON *r)
{
    char *layers =
        cJSON_PrintUnformatted(cJSON_GetObjectItem(cJSON_GetObjectItem(r, "stats"), "layers"));
    if (!strstr(layers, "\"seccomp\"") || !strstr(layers, "\"audit\""))
        fail_msg("stats.layers: %s", layers);
    free(layers);
}

static void killed_runs_report_layers_and_violations(void **state)
{
    (void)state;
    const char *code = "import os\ntry:\n    os.fork()\nexcept Exception:\n    pass\n"
                       "while True:\n    pass\n";
    const char *want = "[{\"event\":\"os.fork\",\"detail\":\"os.fork\",\"origin\":\"user\","
                       "\"line\":3}]";
    for (int warm = 0; warm < 2; warm++) {
        cJSON *r = t_run_code_in(warm, code, NULL, opts("\"data\"", ", \"timeout_ms\": 1000"));
        t_assert_error(r, "timeout", NULL);
        assert_layers_reported(r);
        char *v = cJSON_PrintUnformatted(cJSON_GetObjectItem(r, "violations"));
        assert_string_equal(v, want);
        free(v);
        cJSON_Delete(r);
        r = t_run_code_in(warm, code, NULL,
                          opts("{\"extends\": \"data\", \"cpu_s\": 1}", ", \"timeout_ms\": 20000"));
        t_assert_error(r, "cpu_limit", NULL);
        assert_layers_reported(r);
        v = cJSON_PrintUnformatted(cJSON_GetObjectItem(r, "violations"));
        assert_string_equal(v, want);
        free(v);
        cJSON_Delete(r);
    }
}

/* stdout is line-buffered: what a run printed before it was killed is in its result. */
static void killed_runs_keep_what_they_printed(void **state)
{
    (void)state;
    for (int warm = 0; warm < 2; warm++) {
        cJSON *r =
            t_run_code_in(warm, "print('step', 1)\nprint('step', 2)\nwhile True:\n    pass\n", NULL,
                          "{\"timeout_ms\": 500}");
        t_assert_error(r, "timeout", NULL);
        assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(r, "stdout")),
                            "step 1\nstep 2\n");
        cJSON_Delete(r);
    }
}

static void policy_violation_has_line_and_traceback(void **state)
{
    (void)state;
    for (int warm = 0; warm < 2; warm++) {
        cJSON *r = t_run_code_in(warm,
                                 "def read(p):\n    return open(p).read()\n\n"
                                 "def main(inputs):\n    return read('/etc/passwd')\n",
                                 NULL, NULL);
        t_assert_error(r, "policy_violation", "does not allow reading '/etc/passwd'");
        assert_int_equal((int)t_err_num(r, "line"), 2);
        assert_string_equal(
            t_err_str(r, "traceback"),
            "Traceback (most recent call last):\n"
            "  File \"<code>\", line 5, in main\n    return read('/etc/passwd')\n"
            "           ^^^^^^^^^^^^^^^^^^^\n"
            "  File \"<code>\", line 2, in read\n    return open(p).read()\n"
            "           ^^^^^^^\n"
            "pywarden.PolicyViolation: policy 'default' does not allow reading '/etc/passwd' "
            "(open)\n");
        cJSON_Delete(r);
        /* kill mode: the line where it happened */
        r = t_run_code_in(warm, "x = 1\nimport subprocess\n", NULL,
                          "{\"policy\": {\"extends\": \"default\", \"on_violation\": \"kill\"}}");
        t_assert_error(r, "policy_violation", "blocks importing module 'subprocess'");
        assert_int_equal((int)t_err_num(r, "line"), 2);
        cJSON_Delete(r);
    }
}

/* pandas' import asks platform.uname(), which runs `uname -p` and handles the refusal
 * (an OSError) itself: origin "library". What the user's code is refused, directly or
 * through a library call, is "user". numpy and pandas load ctypes (dlopen(None), no new
 * code): allowed, so no violation. (Without data's preload, so warm runs import pandas too.) */
static void library_refusals_are_told_apart(void **state)
{
    (void)state;
    const char *data_unloaded = "{\"extends\": \"data\", \"preload\": []}";
    for (int warm = 0; warm < 2; warm++) {
        cJSON *r =
            t_run_code_in(warm,
                          "import pandas, shutil\n"
                          "def main(inputs):\n"
                          "    try:\n"
                          "        shutil.rmtree('/etc/ssl')\n"
                          "    except PermissionError:\n"
                          "        pass\n"
                          "    df = pandas.DataFrame({'k': ['a', 'b', 'a'], 'v': [1, 2, 3]})\n"
                          "    return df.groupby('k')['v'].sum().to_dict()\n",
                          NULL, opts(data_unloaded, NULL));
        t_assert_ok(r);
        assert_string_equal(t_result_text(r), "{\"a\":4,\"b\":2}");
        char *v = cJSON_PrintUnformatted(cJSON_GetObjectItem(r, "violations"));
        assert_string_equal(v, "[{\"event\":\"subprocess.Popen\",\"detail\":\"subprocess.Popen\","
                               "\"origin\":\"library\",\"line\":1},{\"event\":\"shutil.rmtree\","
                               "\"detail\":\"/etc/ssl\",\"origin\":\"user\",\"line\":4}]");
        free(v);
        cJSON_Delete(r);
        /* the ctypes module stays closed to user code */
        r = t_run_code_in(warm, "import numpy, sys\nsys.modules['ctypes'].CDLL(None)", NULL,
                          opts("\"data\"", NULL));
        t_assert_error(r, "policy_violation", "forbids ctypes.dlopen");
        cJSON_Delete(r);
        /* a process pool is refused as what it is, not as a missing /dev/shm */
        r = t_run_code_in(warm,
                          "from concurrent.futures import ProcessPoolExecutor\n"
                          "def main(inputs):\n"
                          "    with ProcessPoolExecutor(2) as ex:\n"
                          "        return list(ex.map(abs, [1]))\n",
                          NULL, opts("\"data\"", NULL));
        t_assert_error(r, "policy_violation",
                       "forbids processes, which 'multiprocessing.synchronize' serves");
        assert_int_equal((int)t_err_num(r, "line"), 3);
        cJSON_Delete(r);
    }
}

/* max_open_files bounds the run's own fds, cold and warm alike: a warm spare, which moves its
 * run's pipes above fd 10 at hand-off, set it ahead and failed every run under 14. */
static void max_open_files_applies_warm_as_cold(void **state)
{
    (void)state;
    const char *count = "fds = []\n"
                        "try:\n"
                        "    while True:\n"
                        "        fds.append(open('/dev/null'))\n"
                        "except OSError as e:\n"
                        "    result = [e.errno, len(fds) < 8]";
    for (int warm = 0; warm < 2; warm++) {
        cJSON *r = t_run_code_in(warm, count, NULL,
                                 opts("{\"extends\": \"default\", \"max_open_files\": 8}", NULL));
        t_assert_ok(r);
        assert_string_equal(t_result_text(r), "[24,true]"); /* EMFILE */
        cJSON_Delete(r);
        /* It bounds the run, not pywarden's set-up: cold runs under 7 failed before they
         * started ("work_dir ... cannot be entered", "landlock_create_ruleset: Operation not
         * permitted"). Four fds are the run's pipes. */
        for (int limit = 4; limit <= 6; limit++) {
            char policy[80];
            snprintf(policy, sizeof policy, "{\"extends\": \"default\", \"max_open_files\": %d}",
                     limit);
            r = t_run_code_in(warm,
                              "try:\n    result = open('in.txt').read()\n"
                              "except OSError as e:\n    result = e.errno",
                              NULL, opts(policy, NULL));
            t_assert_ok(r);
            assert_string_equal(t_result_text(r), limit == 4 ? "24" : "\"a,b\\n1,2\\n\"");
            cJSON_Delete(r);
        }
    }
}

/* A warm run has the address space a cold one has: its template's pre-imported and preloaded
 * modules (pandas, ~80 MiB) counted against memory_mb, so 720 MiB under 768 passed cold and
 * was memory_limit warm (a differential-testing helper). */
static void warm_runs_have_the_memory_cold_runs_have(void **state)
{
    (void)state;
    for (int warm = 0; warm < 2; warm++) {
        cJSON *r = t_run_code_in(warm, "x = bytearray(720 << 20)\nresult = len(x) >> 20", NULL,
                                 opts("{\"extends\": \"data\", \"memory_mb\": 768}", NULL));
        t_assert_ok(r);
        assert_string_equal(t_result_text(r), "720");
        cJSON_Delete(r);
    }
}

/* memory_mb used up in many small objects (the usual way: a list of dicts that keeps
 * growing) is memory_limit with the user's line, in every mode: the objects, held by the
 * traceback's frames, left nothing to build the error with, and the run ended internal "a
 * result that is not JSON" (or memory_limit with a traceback of no frames). */
static void memory_used_up_in_small_objects_is_memory_limit(void **state)
{
    (void)state;
#ifdef PW_SANITIZED
    skip(); /* ASan reserves terabytes of address space: RLIMIT_AS cannot apply */
#endif
    static const char *const modes[][2] = {
        {"main", "def main(inputs):\n    rows = []\n    while True:\n        rows.append({'id': "
                 "len(rows)})\n"},
        {"body", "rows = []\nwhile True:\n    rows.append({'id': len(rows)})\n"},
        {"stdio", "import json\nrows = []\nwhile True:\n    rows.append({'id': len(rows)})\n"},
    };
    for (int warm = 0; warm < 2; warm++)
        for (size_t m = 0; m < sizeof modes / sizeof *modes; m++) {
            char more[64];
            snprintf(more, sizeof more, ", \"mode\": \"%s\"", modes[m][0]);
            cJSON *r = t_run_code_in(warm, modes[m][1], NULL,
                                     opts("{\"extends\": \"default\", \"memory_mb\": 160}", more));
            t_assert_error(r, "memory_limit", "the run ran out of memory (memory_mb 160)");
            assert_int_equal((int)t_err_num(r, "line"), m == 1 ? 3 : 4);
            assert_non_null(strstr(t_err_str(r, "traceback"), "rows.append({'id': len(rows)})"));
            cJSON_Delete(r);
        }
}

/* With allow_network a run resolves names and verifies TLS peers as python3 does: the view
 * and Landlock let it read the resolver's files and the CA certificates (getaddrinfo said
 * "Temporary failure in name resolution" and the default context held no CA). Cold and
 * warm; localhost only, from /etc/hosts. */
static void network_policies_resolve_names_and_trust_cas(void **state)
{
    (void)state;
    const char *policy = "{\"extends\": \"default\", \"allow_network\": true, "
                         "\"unblocked_modules\": [\"socket\", \"_socket\", \"ssl\", \"_ssl\", "
                         "\"select\", \"selectors\"]}";
    for (int warm = 0; warm < 2; warm++) {
        cJSON *r = t_run_code_in(
            warm,
            "import socket, ssl\n"
            "infos = socket.getaddrinfo('localhost', 80, type=socket.SOCK_STREAM)\n"
            "result = ['127.0.0.1' in {i[4][0] for i in infos},\n"
            "          ssl.create_default_context().cert_store_stats()['x509_ca'] > 0,\n"
            "          socket.getservbyname('https'),\n"
            /* named explicitly (requests names certifi's), a file outside read_paths */
            "          ssl.create_default_context(cafile=ssl.get_default_verify_paths().cafile)\n"
            "             .cert_store_stats()['x509_ca'] > 0]",
            NULL, opts(policy, NULL));
        t_assert_ok(r);
        assert_string_equal(t_result_text(r), "[true,true,443,true]");
        cJSON_Delete(r);
        /* and no private key */
        r = t_run_code_in(warm,
                          "import pathlib\nresult = pathlib.Path('/etc/ssl/private').exists()",
                          NULL, opts(policy, NULL));
        t_assert_ok(r);
        assert_string_equal(t_result_text(r), "false");
        cJSON_Delete(r);
    }
}

/* pandas' chained-assignment check asks gc.get_referents of the frame a slice came from:
 * allowed for pandas frames (and None), refused for anything else from any caller. */
static void pandas_slices_can_be_assigned_to(void **state)
{
    (void)state;
    for (int warm = 0; warm < 2; warm++) {
        cJSON *r = t_run_code_in(warm,
                                 "import pandas as pd\n"
                                 "df = pd.DataFrame({'qty': [1, 7, 9]})\n"
                                 "sub = df[df.qty > 5]\n"
                                 "sub['flag'] = True\n"
                                 "result = sub['flag'].tolist()",
                                 NULL, opts("\"data\"", NULL));
        t_assert_ok(r);
        assert_string_equal(t_result_text(r), "[true,true]");
        assert_non_null(strstr(cJSON_GetStringValue(cJSON_GetObjectItem(r, "stderr")),
                               "SettingWithCopyWarning"));
        cJSON_Delete(r);
        r = t_run_code_in(warm,
                          "import gc, pandas as pd\ndef f():\n    pass\n"
                          "result = gc.get_referents(pd.DataFrame(), f)",
                          NULL, opts("\"data\"", NULL));
        t_assert_error(r, "policy_violation", "forbids gc.get_referents");
        cJSON_Delete(r);
    }
}

/* The NDFrame exemption is for objects laid out in Python on top of object. Any class may be
 * named NDFrame: a metaclass so named showed its classes' real type dicts (deleting from one
 * behind the type's back left the type attribute cache pointing at freed memory: C.attr then
 * read whatever was allocated there), a ModuleType subclass any module's C state, an
 * exception subclass its C fields. Each is refused, cold and warm. */
static void referents_of_c_layouts_stay_refused(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "import gc\nclass NDFrame(type): pass\nclass C(metaclass=NDFrame): pass\n"
        "result = [type(x).__name__ for x in gc.get_referents(C)]",
        "import gc, types, json\nclass NDFrame(types.ModuleType): pass\n"
        "json.__class__ = NDFrame\nresult = len(gc.get_referents(json))",
        "import gc\nclass NDFrame(Exception): pass\nresult = len(gc.get_referents(NDFrame()))",
    };
    for (int warm = 0; warm < 2; warm++) {
        for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
            cJSON *r = t_run_code_in(warm, cases[i], NULL, opts("\"default\"", NULL));
            t_assert_error(r, "policy_violation", "forbids gc.get_referents");
            cJSON_Delete(r);
        }
        /* a plain Python class so named still passes: it shows only its class and attributes */
        cJSON *r = t_run_code_in(warm,
                                 "import gc\nclass NDFrame:\n    pass\no = NDFrame()\no.x = 5\n"
                                 "result = [x for x in gc.get_referents(o, None) if x == 5]",
                                 NULL, opts("\"default\"", NULL));
        t_assert_ok(r);
        assert_string_equal(t_result_text(r), "[5]");
        cJSON_Delete(r);
    }
}

/* A warm template imports its policy's preload before it forks runs, judged by the audit
 * hook (blocked modules skipped, a library's refused process not run) and recorded as no
 * run's violation; cold runs import nothing ahead. */
static void preload_is_imported_ahead_in_warm_runs(void **state)
{
    (void)state;
    for (int warm = 0; warm < 2; warm++) {
        cJSON *r = t_run_code_in(
            warm,
            "import sys\nresult = [m for m in ('fractions', 'socket', 'no_such_mod') "
            "if m in sys.modules]",
            NULL,
            opts("{\"extends\": \"default\", \"preload\": [\"fractions\", \"socket\", "
                 "\"no_such_mod\"]}",
                 NULL));
        t_assert_ok(r);
        assert_string_equal(t_result_text(r), warm ? "[\"fractions\"]" : "[]");
        cJSON_Delete(r);
        /* without the audit hook nothing judges an import in the template: none ahead */
        r = t_run_code_in(warm, "import sys\nresult = 'fractions' in sys.modules", NULL,
                          opts("{\"extends\": \"default\", \"preload\": [\"fractions\"], "
                               "\"layers\": {\"audit\": \"off\"}}",
                               NULL));
        t_assert_ok(r);
        assert_string_equal(t_result_text(r), "false");
        cJSON_Delete(r);
        /* pandas' import is refused `uname -p`: cold, that ends a run that kills on violation */
        r = t_run_code_in(warm, "import pandas\nresult = int(pandas.Series([1, 2]).sum())", NULL,
                          opts("{\"extends\": \"data\", \"on_violation\": \"kill\"}", NULL));
        if (warm) {
            t_assert_ok(r);
            assert_string_equal(t_result_text(r), "3");
            assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r, "violations")), 0);
        } else {
            t_assert_error(r, "policy_violation", "subprocess.Popen");
        }
        cJSON_Delete(r);
    }
}

/* numpy seeds its global RandomState (np.random.rand, DataFrame.sample() without a
 * random_state) from the OS once, when it is imported: in a template that preloads it, that
 * was once for every run, so each warm run of `data` drew the same "random" numbers. A
 * cold run imports numpy itself; a warm one must draw as differently. */
static void preloaded_numpy_draws_differently_in_every_run(void **state)
{
    (void)state;
    const char *code = "import numpy as np, pandas as pd\n"
                       "result = [int(np.random.randint(0, 10**9)),\n"
                       "          pd.Series(range(10**6)).sample(3).tolist()]";
    for (int warm = 0; warm < 2; warm++) {
        char *seen[3];
        for (int i = 0; i < 3; i++) {
            cJSON *r = t_run_code_in(warm, code, NULL, opts("\"data\"", NULL));
            t_assert_ok(r);
            seen[i] = strdup(t_result_text(r));
            cJSON_Delete(r);
        }
        for (int i = 0; i < 3; i++)
            for (int j = i + 1; j < 3; j++)
                if (!strcmp(seen[i], seen[j]))
                    fail_msg("two %s runs drew %s", warm ? "warm" : "cold", seen[i]);
        for (int i = 0; i < 3; i++)
            free(seen[i]);
    }
}

/* A template preloads before it moves into its runs' view: pandas' import (zoneinfo ->
 * sysconfig -> os.path.expanduser("~")) looked the template's uid up in the host's
 * /etc/passwd there. sysconfig kept the host user's home ("/root/.local"), and glibc kept the
 * host's nsswitch.conf ("files systemd") for the process's life, so warm runs of `data`
 * found uid 65534 as "nobody" with home "/" where cold runs, which have no user database,
 * get "~" and KeyError as README says. */
static void preload_consults_no_host_user_database(void **state)
{
    (void)state;
    const char *code = "import getpass, os, pathlib, sysconfig\n"
                       "import pandas\n"
                       "try:\n"
                       "    user = getpass.getuser()\n"
                       "except KeyError as e:\n"
                       "    user = 'KeyError'\n"
                       "try:\n"
                       "    home = str(pathlib.Path.home())\n"
                       "except RuntimeError:\n"
                       "    home = 'RuntimeError'\n"
                       "result = [os.path.expanduser('~'), sysconfig.get_config_var('userbase'),\n"
                       "          user, home]";
    for (int warm = 0; warm < 2; warm++) {
        cJSON *r = t_run_code_in(warm, code, NULL, opts("\"data\"", NULL));
        t_assert_ok(r);
        assert_string_equal(t_result_text(r), "[\"~\",\"~/.local\",\"KeyError\",\"RuntimeError\"]");
        cJSON_Delete(r);
    }
}

/* ---- (6) result_encoding ---- */

static const char everyday_types[] =
    "import datetime, decimal\n"
    "def main(inputs):\n"
    "    utc = datetime.timezone.utc\n"
    "    return {'at': datetime.datetime(2024, 5, 1, 12, 30, tzinfo=utc),\n"
    "            'day': datetime.date(2024, 1, 2), 'time': datetime.time(1, 2, 3),\n"
    "            'money': decimal.Decimal('19.90'), 'pair': (1, 2), 'tags': {'b', 'a'},\n"
    "            'ids': frozenset([3, 1, 2]), 'raw': b'hi\\x00',\n"
    "            'by_key': {1: 'int', None: 'none', 2.5: 'float', True: 'bool',\n"
    "                       datetime.date(2024, 1, 1): 'date', (1, 'a'): 'tuple'}}\n";

static const char everyday_lenient[] =
    "{\"at\":\"2024-05-01T12:30:00+00:00\",\"day\":\"2024-01-02\",\"time\":\"01:02:03\","
    "\"money\":\"19.90\",\"pair\":[1,2],\"tags\":[\"a\",\"b\"],\"ids\":[1,2,3],\"raw\":\"aGkA\","
    "\"by_key\":{\"1\":\"bool\",\"null\":\"none\",\"2.5\":\"float\",\"2024-01-01\":\"date\","
    "\"[1,\\\"a\\\"]\":\"tuple\"}}";

static void result_encoding_lenient_converts_everyday_types(void **state)
{
    (void)state;
    for (int warm = 0; warm < 2; warm++) {
        cJSON *r = t_run_code_in(warm, everyday_types, NULL, NULL);
        t_assert_error(r, "invalid_result", "result_encoding \"lenient\" converts dates");
        assert_string_equal(t_err_str(r, "path"), "result.at");
        cJSON_Delete(r);
        expect_result(
            t_run_code_in(warm, everyday_types, NULL, "{\"result_encoding\": \"lenient\"}"),
            everyday_lenient);
        /* a policy's default; a request may choose either */
        const char *pol = "{\"policy\": {\"extends\": \"default\", \"result_encoding\": "
                          "\"lenient\"}";
        char extra[256];
        snprintf(extra, sizeof extra, "%s}", pol);
        expect_result(t_run_code_in(warm, everyday_types, NULL, extra), everyday_lenient);
        snprintf(extra, sizeof extra, "%s, \"result_encoding\": \"strict\"}", pol);
        r = t_run_code_in(warm, everyday_types, NULL, extra);
        t_assert_error(r, "invalid_result", NULL);
        cJSON_Delete(r);
        /* numpy's own types under data */
        r = t_run_code_in(warm,
                          "import numpy as np\nresult = {'n': np.int64(3), 'x': np.float32(0.5), "
                          "'ok': np.bool_(True), 'm': np.array([[1, 2], [3, 4]]), "
                          "'mean': np.arange(4).mean()}",
                          NULL, opts("\"data\"", ", \"result_encoding\": \"lenient\""));
        expect_result(r, "{\"n\":3,\"x\":0.5,\"ok\":true,\"m\":[[1,2],[3,4]],\"mean\":1.5}");
        /* an array whose text cannot fit max_result_bytes is refused before tolist() builds
         * it: 3*10^7 elements (240 MB of list) made it invalid_result "out of memory" */
        r = t_run_code_in(
            warm, "import numpy as np\nresult = np.broadcast_to(np.int64(7), (3 * 10**7,))", NULL,
            opts("{\"extends\": \"data\", \"memory_mb\": 256}",
                 ", \"result_encoding\": \"lenient\""));
        t_assert_error(r, "output_limit", "max_result_bytes");
        cJSON_Delete(r);
    }
}

/* An object never holds a key twice: 1 and "1" once converted, or str subclasses whose hash
 * lets the dict keep two equal keys, are invalid_result naming the key. */
static void result_keys_are_never_written_twice(void **state)
{
    (void)state;
    const char *lenient = "{\"result_encoding\": \"lenient\"}";
    for (int warm = 0; warm < 2; warm++) {
        cJSON *r = t_run_code_in(warm, "result = {'a': {1: 'x', '1': 'y'}}", NULL, lenient);
        t_assert_error(r, "invalid_result", "a key the dict already has");
        assert_string_equal(t_err_str(r, "path"), "result.a[\"1\"]");
        cJSON_Delete(r);
        r = t_run_code_in(warm, "result = {'null': 1, None: 2}", NULL, lenient);
        t_assert_error(r, "invalid_result", "a key the dict already has");
        cJSON_Delete(r);
        r = t_run_code_in(warm,
                          "class S(str):\n    def __hash__(self):\n        return id(self)\n"
                          "result = {S('k'): 1, S('k'): 2}",
                          NULL, NULL);
        t_assert_error(r, "invalid_result", "a key the dict already has");
        assert_string_equal(t_err_str(r, "path"), "result.k");
        cJSON_Delete(r);
        expect_result(t_run_code_in(warm, "result = {1: 'x', 2: {'a': 1, 3: 4}}", NULL, lenient),
                      "{\"1\":\"x\",\"2\":{\"a\":1,\"3\":4}}");
    }
}

/* Exact types only: a subclass or a user tzinfo is refused, and none of their methods runs. */
static void result_encoding_lenient_calls_no_user_code(void **state)
{
    (void)state;
    const char *lenient = "{\"result_encoding\": \"lenient\"}";
    const char *codes[] = {
        "import decimal\nclass D(decimal.Decimal):\n    def __str__(self):\n"
        "        print('called')\n        return 'x'\nresult = [D('1')]",
        "import datetime\nclass Tz(datetime.tzinfo):\n    def utcoffset(self, dt):\n"
        "        print('called')\n        return datetime.timedelta(0)\n"
        "result = [datetime.datetime(2024, 1, 1, tzinfo=Tz())]",
        "class B(bytes):\n    pass\nresult = [B(b'x')]",
        "class S(set):\n    def __iter__(self):\n        print('called')\n        return iter([])\n"
        "result = [S([1])]",
    };
    cJSON *ts = t_run_code("import datetime\nclass Timestamp(datetime.datetime):\n    pass\n"
                           "result = [Timestamp(2024, 5, 1)]",
                           NULL, lenient);
    t_assert_error(ts, "invalid_result",
                   "a subclass of a datetime type, which result_encoding "
                   "\"lenient\" converts only as the exact type");
    cJSON_Delete(ts);
    const char *types[] = {"D", "datetime.datetime", "B", "S"};
    /* a subclass is told why (it read as if lenient knew nothing of its base type) */
    const char *why[] = {"a subclass of a type result_encoding \"lenient\" converts only as the "
                         "exact type (its code is not called)",
                         "its tzinfo is of a user-defined class", "a subclass of a type",
                         "a subclass of a type"};
    for (int warm = 0; warm < 2; warm++)
        for (size_t i = 0; i < sizeof codes / sizeof *codes; i++) {
            cJSON *r = t_run_code_in(warm, codes[i], NULL, lenient);
            t_assert_error(r, "invalid_result", why[i]);
            assert_string_equal(t_err_str(r, "path"), "result[0]");
            assert_string_equal(t_err_str(r, "python_type"), types[i]);
            assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(r, "stdout")), "");
            cJSON_Delete(r);
        }
    /* what lenient does not convert either is told how to convert it */
    cJSON *r = t_run_code("result = {'rows': map(str, [1])}", NULL, lenient);
    t_assert_error(r, "invalid_result",
                   "map at result.rows: not JSON-serialisable, even with result_encoding "
                   "\"lenient\": an iterator (a generator, map, zip, ...): return a list of its "
                   "items, e.g. list(...)");
    cJSON_Delete(r);
    r = t_run_code("result = 1", NULL, "{\"result_encoding\": \"loose\"}");
    t_assert_error(r, "invalid_request", "result_encoding must be \"strict\" or \"lenient\"");
    assert_string_equal(t_err_str(r, "field"), "result_encoding");
    cJSON_Delete(r);
    r = t_run_code("result = 1", NULL, "{\"result_encoding\": true}");
    t_assert_error(r, "invalid_request", "'result_encoding' must be a string");
    cJSON_Delete(r);
    r = t_run_code("result = 1", NULL, "{\"policy\": {\"result_encoding\": 1}}");
    t_assert_error(r, "invalid_request", "'result_encoding' must be \"strict\" or \"lenient\"");
    assert_string_equal(t_err_str(r, "field"), "policy.result_encoding");
    cJSON_Delete(r);
}

/* ---- (7) site directories, and modules outside the policy's path ---- */

static void site_dirs_extend_the_path_read_only(void **state)
{
    (void)state;
    char pol[PATH_MAX + 128], extra[2 * PATH_MAX + 256];
    snprintf(pol, sizeof pol, "{\"extends\": \"default\", \"site_dirs\": [\"%s/site\"]}", dir);
    for (int warm = 0; warm < 2; warm++) {
        expect_result(
            t_run_code_in(warm, "import mylib\nresult = mylib.double(21)", NULL, opts(pol, NULL)),
            "42");
        snprintf(extra, sizeof extra, "import mylib\nopen(mylib.__file__, 'a')");
        cJSON *r = t_run_code_in(warm, extra, NULL, opts(pol, NULL));
        t_assert_error(r, "policy_violation", "does not allow writing");
        cJSON_Delete(r);
        r = t_run_code_in(warm, "import mylib", NULL, NULL);
        t_assert_error(r, "exception", "No module named 'mylib'");
        assert_null(strstr(t_err_str(r, "message"), "installed on this host"));
        cJSON_Delete(r);
        /* a module the host has outside the policy's path: the hint names the key */
        r = t_run_code_in(warm, "import numpy", NULL, NULL);
        t_assert_error(r, "exception",
                       "No module named 'numpy'; 'numpy' is installed on this host in "
                       "/usr/lib/python3/dist-packages, which policy 'default' does not put on "
                       "sys.path: set \"site_packages\": true (policy 'data' does)");
        assert_string_equal(t_err_str(r, "module"), "numpy");
        cJSON_Delete(r);
        /* a template preloads from the stdlib and site-packages, never from site_dirs */
        snprintf(extra, sizeof extra,
                 "{\"extends\": \"default\", \"site_dirs\": [\"%s/site\"], \"preload\": "
                 "[\"mylib\"]}",
                 dir);
        expect_result(t_run_code_in(warm, "import sys\nresult = 'mylib' in sys.modules", NULL,
                                    opts(extra, NULL)),
                      "false");
    }
    const char *bad[][2] = {
        {"{\"site_dirs\": [\"/nonexistent/site\"]}", "'/nonexistent/site': No such file"},
        {"{\"site_dirs\": [\"in.txt\"]}", "in.txt': not a directory"},
        {"{\"site_dirs\": \"site\"}", "'site_dirs' must be an array of strings"},
        {"{\"site_dirs\": [\"out\"], \"write_paths\": [\"out\"]}", "overlaps write path"},
        {"{\"extends\": \"data\", \"site_dirs\": [\".\"]}", "overlaps write path"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        cJSON *r = t_run_code("result = 1", NULL, opts(bad[i][0], NULL));
        t_assert_error(r, "invalid_request", bad[i][1]);
        assert_string_equal(t_err_str(r, "field"), "policy.site_dirs");
        cJSON_Delete(r);
    }
    snprintf(extra, sizeof extra, "{\"site_dirs\": [\"%s/site\"]}", dir);
    const char *check[] = {"pywarden",
                           "check",
                           "--code",
                           "import numpy, mylib\ntry:\n    import optional_thing\n"
                           "except ImportError:\n    pass\nresult = 1",
                           "--policy",
                           extra,
                           NULL};
    char *out = NULL, *err = NULL;
    assert_int_equal(t_run_cli(check, NULL, NULL, &out, &err), 1);
    cJSON *c = cJSON_Parse(out);
    const cJSON *problems = cJSON_GetObjectItem(c, "problems");
    assert_int_equal(cJSON_GetArraySize(problems), 1);
    const cJSON *p = cJSON_GetArrayItem(problems, 0);
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(p, "kind")), "missing_import");
    assert_non_null(
        strstr(cJSON_GetStringValue(cJSON_GetObjectItem(p, "message")),
               "no module named 'numpy' under policy '<inline>'; 'numpy' is installed"));
    cJSON_Delete(c);
    free(out);
    free(err);
}

/* ---- (8) file size in bytes; zoneinfo under strict ---- */

/* codejail's "stdout can be large and binary", under the cap: bytes that are not UTF-8 text
 * (NUL, 0xFF) are written U+FFFD, three bytes each, and the text stays within
 * max_output_bytes all the same (1000 bytes of 0xFF were 3000 bytes of stdout). */
static void output_cap_holds_after_replacement(void **state)
{
    (void)state;
    const char *code = "import sys\n"
                       "sys.stdout.buffer.write(b'\\xff' * 5000)\n"
                       "sys.stderr.buffer.write(b'ab' + b'\\x00' * 5000)\n"
                       "result = 1\n";
    for (int warm = 0; warm < 2; warm++) {
        cJSON *r = t_run_code_in(
            warm, code, NULL, opts("{\"extends\": \"default\", \"max_output_bytes\": 1000}", NULL));
        t_assert_ok(r);
        const char *out = cJSON_GetStringValue(cJSON_GetObjectItem(r, "stdout"));
        const char *err = cJSON_GetStringValue(cJSON_GetObjectItem(r, "stderr"));
        assert_non_null(out);
        assert_non_null(err);
        assert_int_equal(strlen(out), 999); /* 333 whole U+FFFD */
        assert_int_equal(strlen(err), 998); /* "ab" and 332 */
        assert_memory_equal(err, "ab\xEF\xBF\xBD", 5);
        const cJSON *trunc = cJSON_GetObjectItem(r, "truncated");
        assert_true(cJSON_IsTrue(cJSON_GetObjectItem(trunc, "stdout")));
        assert_true(cJSON_IsTrue(cJSON_GetObjectItem(trunc, "stderr")));
        cJSON_Delete(r);
    }
}

static void file_size_limit_in_bytes(void **state)
{
    (void)state;
    const char *code =
        "import os\n"
        "def main(inputs):\n"
        "    name = os.path.join('out', inputs['name'])\n"
        "    with open(name + '.ok', 'wb') as f:\n"
        "        f.write(b'x' * inputs['limit'])\n"
        "    try:\n"
        "        with open(name + '.big', 'wb') as f:\n"
        "            f.write(b'x' * (inputs['limit'] + 1))\n"
        "        err = None\n"
        "    except OSError as e:\n"
        "        err = e.errno\n"
        "    return [os.path.getsize(name + '.ok'), err, os.path.getsize(name + '.big')]\n";
    for (int warm = 0; warm < 2; warm++) {
        char inputs[128];
        snprintf(inputs, sizeof inputs, "{\"name\": \"bytes%d\", \"limit\": 1000}", warm);
        expect_result(
            t_run_code_in(warm, code, inputs,
                          opts("{\"extends\": \"data\", \"max_file_bytes\": 1000}", NULL)),
            "[1000,27,1000]");
        /* both set: the smaller applies */
        snprintf(inputs, sizeof inputs, "{\"name\": \"both%d\", \"limit\": 5000}", warm);
        expect_result(t_run_code_in(warm, code, inputs,
                                    opts("{\"extends\": \"data\", \"max_file_mb\": 1, "
                                         "\"max_file_bytes\": 5000}",
                                         NULL)),
                      "[5000,27,5000]");
    }
    cJSON *r = t_run_code("result = 1", NULL, "{\"policy\": {\"max_file_bytes\": -1}}");
    t_assert_error(r, "invalid_request", "'max_file_bytes' must be an integer");
    assert_string_equal(t_err_str(r, "field"), "policy.max_file_bytes");
    cJSON_Delete(r);
}

static void zoneinfo_under_strict(void **state)
{
    (void)state;
    for (int warm = 0; warm < 2; warm++)
        expect_result(
            t_run_code_in(warm,
                          "import zoneinfo, datetime\n"
                          "z = zoneinfo.ZoneInfo('Europe/Paris')\n"
                          "out = [datetime.datetime(2024, 7, 1, 12, tzinfo=z).isoformat()]\n"
                          "for p in ['/etc/passwd', '/usr/share/zoneinfo/../../../etc/passwd']:\n"
                          "    try:\n"
                          "        open(p).close()\n"
                          "        out.append('read')\n"
                          "    except PermissionError:\n"
                          "        out.append('refused')\n"
                          "result = out\n",
                          NULL, "{\"policy\": \"strict\"}"),
            "[\"2024-07-01T12:00:00+02:00\",\"refused\",\"refused\"]");
    /* zoneinfo tries the optional tzdata package first: correct code must not read as a
     * violation (strict's allow-list lacked it, and hosts alerting on violations got one) */
    for (int warm = 0; warm < 2; warm++) {
        cJSON *r = t_run_code_in(warm,
                                 "import zoneinfo\n"
                                 "try:\n    zoneinfo.ZoneInfo('Mars/Olympus')\n"
                                 "except zoneinfo.ZoneInfoNotFoundError:\n    pass\n"
                                 "result = len(zoneinfo.available_timezones()) > 300\n",
                                 NULL, "{\"policy\": \"strict\"}");
        t_assert_ok(r);
        assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r, "violations")), 0);
        cJSON_Delete(r);
    }
}

/* A script's traceback shows its source lines as python3's does, also where the policy
 * lets the run read no file (strict): the lines are the text that ran, not a re-read. */
static void script_source_lines_in_tracebacks(void **state)
{
    (void)state;
    char root[PATH_MAX], req[PATH_MAX + 256];
    t_mkdtemp_real(root, sizeof root);
    t_write_in(root, "step.py",
               "import traceback\n"
               "def main(inputs):\n"
               "    try:\n"
               "        1 / 0\n"
               "    except ZeroDivisionError:\n"
               "        return traceback.format_exc().splitlines()[2]\n");
    snprintf(req, sizeof req,
             "{\"script\": \"step.py\", \"policy\": \"strict\", \"work_dir\": \"%s\"}", root);
    for (int warm = 0; warm < 2; warm++) {
        char *out = t_run_text(warm, req);
        if (!strstr(out, "\"result\":\"    1 / 0\"") || !strstr(out, "\"violations\":[]"))
            fail_msg("%s: %s", warm ? "warm" : "cold", out);
        pw_free(out);
    }
    t_rmtree(root);
}

/* A package of the user's own, on a sys.path entry the code added, imports its modules
 * relatively (`from .fmt import shout`), as under python3: every relative import from user code
 * was refused ("no known parent package"); site_dirs packages could. */
static void own_packages_import_relatively(void **state)
{
    (void)state;
    char root[PATH_MAX], req[PATH_MAX + 256];
    t_mkdtemp_real(root, sizeof root);
    t_write_in(root, "helpers", NULL);
    t_write_in(root, "helpers/__init__.py", "from .fmt import shout\nfrom . import fmt\n");
    t_write_in(root, "helpers/fmt.py", "def shout(s):\n    return s.upper() + '!'\n");
    t_write_in(root, "job.py",
               "import sys, pathlib\n"
               "sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))\n"
               "from helpers import shout, fmt\n"
               "def main(inputs):\n"
               "    return [shout('hi'), fmt.shout('x')]\n");
    snprintf(req, sizeof req, "{\"script\": \"job.py\", \"work_dir\": \"%s\"}", root);
    for (int warm = 0; warm < 2; warm++) {
        char *out = t_run_text(warm, req);
        if (!strstr(out, "\"result\":[\"HI!\",\"X!\"]"))
            fail_msg("%s: %s", warm ? "warm" : "cold", out);
        pw_free(out);
    }
    t_rmtree(root);
}

/* CPython's C code reopens a file to show a line: a syntax error found after parsing (compile()
 * of a "<formula>"), a thread's traceback (the run's own script). Where the policy reads no file
 * (strict), that finds no file as python3 finds no "<string>": no violation, and no kill under
 * on_violation "kill". A deliberate open of a real file stays a refusal. */
static void line_lookups_are_no_violations(void **state)
{
    (void)state;
    char root[PATH_MAX], req[PATH_MAX + 512];
    t_mkdtemp_real(root, sizeof root);
    t_write_in(root, "step.py",
               "import threading\n"
               "def main(inputs):\n"
               "    out = []\n"
               "    for f in ['x * 3', '(lambda a, a: a)(1, 2)', '[await x]', 'x +']:\n"
               "        try:\n"
               "            out.append(eval(compile(f, '<formula>', 'eval'), {}, {'x': 2}))\n"
               "        except SyntaxError as e:\n"
               "            out.append(e.msg)\n"
               "    t = threading.Thread(target=lambda: 1 / 0)\n"
               "    t.start()\n"
               "    t.join()\n"
               "    return out\n");
    t_write_in(root, "dup.py", "def f(a, a):\n    pass\n");
    const char *policy = "{\"extends\": \"strict\", \"on_violation\": \"kill\"}";
    for (int warm = 0; warm < 2; warm++) {
        snprintf(req, sizeof req, "{\"script\": \"step.py\", \"policy\": %s, \"work_dir\": \"%s\"}",
                 policy, root);
        char *out = t_run_text(warm, req);
        if (!strstr(out, "\"result\":[6,\"duplicate argument 'a' in function definition\","
                         "\"'await' outside function\",\"invalid syntax\"]") ||
            !strstr(out, "ZeroDivisionError") || !strstr(out, "\"violations\":[]"))
            fail_msg("%s: %s", warm ? "warm" : "cold", out);
        pw_free(out);
        snprintf(req, sizeof req, "{\"script\": \"dup.py\", \"policy\": %s, \"work_dir\": \"%s\"}",
                 policy, root);
        out = t_run_text(warm, req);
        cJSON *r = cJSON_Parse(out);
        pw_free(out);
        t_assert_error(r, "syntax_error", "duplicate argument 'a'");
        assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r, "violations")), 0);
        cJSON_Delete(r);
        r = t_run_code_in(warm, "result = open('step.py').read()", NULL, opts("\"strict\"", NULL));
        t_assert_error(r, "policy_violation", "does not allow reading");
        cJSON_Delete(r);
        /* nor through a library or a thread, nor a path ending in a bracketed name */
        const char *deliberate[] = {"import gzip\nresult = gzip.open('reader.py').read()",
                                    "import threading\nt = threading.Thread(target=open, "
                                    "args=('reader.py',))\nt.start()\nt.join()\nresult = 1",
                                    "result = open('/etc/<x>').read()"};
        for (size_t i = 0; i < sizeof deliberate / sizeof *deliberate; i++) {
            t_write_in(root, "reader.py", deliberate[i]);
            snprintf(req, sizeof req,
                     "{\"script\": \"reader.py\", \"policy\": %s, \"work_dir\": \"%s\"}", policy,
                     root);
            out = t_run_text(warm, req);
            r = cJSON_Parse(out);
            pw_free(out);
            t_assert_error(r, "policy_violation", "does not allow reading");
            cJSON_Delete(r);
        }
    }
    t_rmtree(root);
}

/* encodings and its UTF-8 codec are frozen into pywarden (cmake/freeze.c); every other codec
 * still loads from the stdlib on disk, under the policy that allows the most and under the
 * allow-list of strict. */
static void codecs_beyond_the_frozen_ones(void **state)
{
    (void)state;
    char want[PATH_MAX + 256];
    snprintf(want, sizeof want,
             "{\"frozen\":\"frozen\",\"path\":[\"%s/encodings\"],\"cp1252\":\"636166e9\","
             "\"utf16\":6,\"idna\":\"xn--bcher-kva.example\",\"cjk\":[\"\u3042\",\"\u4e2d\","
             "\"\u3042\"]}",
             pw_stdlib_dir());
    for (int warm = 0; warm < 2; warm++)
        for (int strict = 0; strict < 2; strict++)
            expect_result(
                t_run_code_in(
                    warm,
                    "import encodings\n"
                    "result = {'frozen': encodings.__spec__.origin,\n"
                    "          'path': list(encodings.__path__),\n"
                    "          'cp1252': 'caf\\xe9'.encode('cp1252').hex(),\n"
                    "          'utf16': len('ab'.encode('utf-16')),\n"
                    "          'idna': 'b\\xfccher.example'.encode('idna').decode(),\n"
                    "          'cjk': [b'\\x82\\xa0'.decode('shift_jis'),\n"
                    "                  b'\\xd6\\xd0'.decode('gbk'),\n"
                    "                  '\\u3042'.encode('iso2022_jp').decode('iso2022_jp')]}\n",
                    NULL, strict ? "{\"policy\": \"strict\"}" : NULL),
                want);
}

/* strict allows encodings so that every codec works; what a codec module imports does not
 * widen what strict refuses (bz2 holds os, as random does). */
static void strict_codecs_do_not_widen_it(void **state)
{
    (void)state;
    for (int warm = 0; warm < 2; warm++)
        expect_result(t_run_code_in(warm,
                                    "import encodings.bz2_codec as b\n"
                                    "out = [len(b.bz2.compress(b'x'))]\n"
                                    "for f in [lambda: b.bz2.os.system('true'),\n"
                                    "          lambda: b.bz2.os.listdir('/'),\n"
                                    "          lambda: open('/etc/passwd').read()]:\n"
                                    "    try:\n"
                                    "        f()\n"
                                    "        out.append('ran')\n"
                                    "    except PermissionError as e:\n"
                                    "        out.append(type(e).__name__)\n"
                                    "result = out\n",
                                    NULL, "{\"policy\": \"strict\"}"),
                      "[37,\"PolicyViolation\",\"PolicyViolation\",\"PolicyViolation\"]");
}

/* strict allows gzip, bz2, lzma, zipfile, email.utils, threading, queue and
 * concurrent.futures (payloads compressed in memory, RFC 2822 dates, the thread pool asyncio
 * already runs for to_thread): none of them opens a file, runs a program or imports for a
 * thread the user starts. */
static void strict_archives_and_threads_do_not_widen_it(void **state)
{
    (void)state;
    for (int warm = 0; warm < 2; warm++)
        expect_result(
            t_run_code_in(warm,
                          "import concurrent.futures, gzip, io, zipfile, email.utils\n"
                          "out = [gzip.decompress(gzip.compress(b'x', mtime=0)).decode()]\n"
                          "def imp():\n    import os\n"
                          "for f in [lambda: gzip.open('/etc/passwd').read(),\n"
                          "          lambda: zipfile.ZipFile('/etc/passwd'),\n"
                          "          lambda: gzip.os.system('true'),\n"
                          "          lambda: "
                          "concurrent.futures.ThreadPoolExecutor(2).submit(imp).result()]:\n"
                          "    try:\n"
                          "        f()\n"
                          "        out.append('ran')\n"
                          "    except ImportError as e:\n"
                          "        out.append('ImportError')\n"
                          "    except PermissionError as e:\n"
                          "        out.append(type(e).__name__)\n"
                          "result = out\n",
                          NULL, "{\"policy\": \"strict\"}"),
            "[\"x\",\"PolicyViolation\",\"PolicyViolation\",\"PolicyViolation\",\"ImportError\"]");
}

/* os.getgrouplist answers for a policy that cannot read /etc/group as python3 checks its
 * arguments: a gid out of gid_t's range, a bool or a user name holding NUL got a list back
 * (the bool, the huge int, as given) where python3 raises or answers [1]; 2**32 - 1 is
 * (gid_t)-1, which python3 answers as [-1]. */
static void getgrouplist_checks_its_arguments(void **state)
{
    (void)state;
    for (int warm = 0; warm < 2; warm++)
        expect_result(
            t_run_code_in(
                warm,
                "import os\n"
                "out = [os.getgrouplist('nobody', True), os.getgrouplist('x', 2**32 - 1)]\n"
                "for a in [('nobody', 2**40), ('no\\0body', 0), ('x', 1.0)]:\n"
                "    try:\n"
                "        out.append(os.getgrouplist(*a))\n"
                "    except (OverflowError, ValueError, TypeError) as e:\n"
                "        out.append(type(e).__name__)\n"
                "result = out\n",
                NULL, "{\"policy\": \"data\"}"),
            "[[1],[-1],\"OverflowError\",\"ValueError\",\"TypeError\"]");
}

/* trusted has no module rules: numpy and pandas import there as under python3 (it put no
 * site-packages on sys.path, and `import numpy` was a ModuleNotFoundError). */
static void trusted_imports_site_packages(void **state)
{
    (void)state;
    for (int warm = 0; warm < 2; warm++)
        expect_result(t_run_code_in(warm,
                                    "import numpy, pandas\n"
                                    "result = int(pandas.Series(numpy.arange(4)).sum())\n",
                                    NULL, "{\"policy\": \"trusted\"}"),
                      "6");
}

/* The lines tracebacks and getsource show are the ones that ran, as python3 reads a file's:
 * a string holding U+2028 and a form feed end no line (str.splitlines ended one at each, so
 * the failing line 6 showed line 5), and CRLF endings read as "\n". */
static void source_lines_read_as_a_files(void **state)
{
    (void)state;
    for (int warm = 0; warm < 2; warm++)
        expect_result(t_run_code_in(warm,
                                    "import inspect, traceback\r\n"
                                    "s = 'a\xe2\x80\xa8"
                                    "b'\r\n"
                                    "\f\r\n"
                                    "def f():\r\n"
                                    "    try:\r\n"
                                    "        1 / 0\r\n"
                                    "    except ZeroDivisionError:\r\n"
                                    "        return traceback.format_exc().splitlines()[2]\r\n"
                                    "result = [f(), inspect.getsource(f).splitlines(True)[0]]\r\n",
                                    NULL, NULL),
                      "[\"    1 / 0\",\"def f():\\n\"]");
}

/* python3 finds a module next to the code first (the script's directory, the cwd of
 * `python3 -c`); pywarden's sys.path does not hold it, and the message says so, but only to
 * a policy that may read that directory (else it would tell what lies there). */
static void own_modules_next_to_the_code_get_a_hint(void **state)
{
    (void)state;
    char root[PATH_MAX], data[PATH_MAX + 64], open_pol[PATH_MAX + 64], script[PATH_MAX + 64];
    t_mkdtemp_real(root, sizeof root);
    t_write_in(root, "steps.py", "");
    t_write_in(root, "jobs", NULL);
    t_write_in(root, "jobs/tasks.py", "");
    t_write_in(root, "jobs/run.py", "import tasks\n");
    snprintf(data, sizeof data, "{\"policy\": \"data\", \"work_dir\": \"%s\"}", root);
    snprintf(open_pol, sizeof open_pol,
             "{\"policy\": {\"blocked_modules\": []}, \"work_dir\": \"%s\"}", root);
    snprintf(script, sizeof script, "{\"script\": \"jobs/run.py\", \"work_dir\": \"%s\"}", root);
    for (int warm = 0; warm < 2; warm++) {
        cJSON *r = t_run_code_in(warm, "import steps", NULL, data);
        t_assert_error(r, "exception",
                       "No module named 'steps'; 'steps' is next to the code, whose directory is "
                       "not on sys.path here as it is under python3");
        assert_non_null(strstr(t_err_str(r, "message"), "list it in the policy's \"site_dirs\""));
        cJSON_Delete(r);
        char *out = t_run_text(warm, script); /* jobs/tasks.py, beside jobs/run.py */
        if (!strstr(out, "No module named 'tasks'; 'tasks' is next to the code"))
            fail_msg("%s: %s", warm ? "warm" : "cold", out);
        pw_free(out);
        r = t_run_code_in(warm, "import tasks", NULL, data); /* not beside the code */
        t_assert_error(r, "exception", "No module named 'tasks'");
        assert_null(strstr(t_err_str(r, "message"), "next to the code"));
        cJSON_Delete(r);
        r = t_run_code_in(warm, "import steps", NULL, open_pol); /* reads no file there */
        t_assert_error(r, "exception", "No module named 'steps'");
        assert_null(strstr(t_err_str(r, "message"), "next to the code"));
        cJSON_Delete(r);
    }
    const char *check[] = {"pywarden", "check", "--code", "import steps", "--work-dir", root, NULL};
    char *out = NULL, *err = NULL;
    assert_int_equal(t_run_cli(check, NULL, NULL, &out, &err), 1);
    if (!strstr(out, "no module named 'steps' under policy 'default'; 'steps' is next to the code"))
        fail_msg("check: %s", out);
    free(out);
    free(err);
    t_rmtree(root);
}

static int setup(void **state)
{
    (void)state;
    t_mkdtemp_real(dir, sizeof dir);
    t_write_in(dir, "in.txt", "a,b\n1,2\n");
    t_write_in(dir, "out", NULL);
    t_write_in(dir, "site", NULL);
    t_write_in(dir, "site/mylib", NULL);
    t_write_in(dir, "site/mylib/__init__.py", "def double(x):\n    return 2 * x\n");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    t_pool_stop();
    t_rmtree(dir);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(data_allows_os_but_not_what_it_guards),
        cmocka_unit_test(refusals_carry_eacces),
        cmocka_unit_test(line_lookups_are_no_violations),
        cmocka_unit_test(own_packages_import_relatively),
        cmocka_unit_test(long_refusals_are_cut),
        cmocka_unit_test(error_line_is_in_the_code_itself),
        cmocka_unit_test(data_os_with_the_hook_off_still_fenced),
        cmocka_unit_test(default_refusal_of_os_points_the_way),
        cmocka_unit_test(exit_and_quit_behave_as_in_python3),
        cmocka_unit_test(dunder_main_is_the_codes_module),
        cmocka_unit_test(own_deprecation_warnings_shown_as_in_python3),
        cmocka_unit_test(trivial_code_loads_no_line_cache),
        cmocka_unit_test(thread_limit_is_named),
        cmocka_unit_test(strict_holds_a_thread_pool),
        cmocka_unit_test(unprintable_exceptions_read_as_in_python3),
        cmocka_unit_test(coding_cookie_in_code_is_ignored),
        cmocka_unit_test(stdio_mode_is_python3s_warm_too),
        cmocka_unit_test(stdio_opens_by_name_warm_too),
        cmocka_unit_test(os_access_answers_as_the_run_opens),
        cmocka_unit_test(traceback_qualifies_classes_as_python3),
        cmocka_unit_test(stdio_inputs_are_only_text),
        cmocka_unit_test(recursion_traceback_is_collapsed),
        cmocka_unit_test(traceback_marks_positions_as_python3),
        cmocka_unit_test(nul_round_trips),
        cmocka_unit_test(body_mode_runs_function_bodies),
        cmocka_unit_test(main_and_result_never_run_twice),
        cmocka_unit_test(main_takes_inputs_as_keywords_when_named_after_them),
        cmocka_unit_test(killed_runs_report_layers_and_violations),
        cmocka_unit_test(killed_runs_keep_what_they_printed),
        cmocka_unit_test(policy_violation_has_line_and_traceback),
        cmocka_unit_test(library_refusals_are_told_apart),
        cmocka_unit_test(preload_is_imported_ahead_in_warm_runs),
        cmocka_unit_test(pandas_slices_can_be_assigned_to),
        cmocka_unit_test(referents_of_c_layouts_stay_refused),
        cmocka_unit_test(max_open_files_applies_warm_as_cold),
        cmocka_unit_test(network_policies_resolve_names_and_trust_cas),
        cmocka_unit_test(memory_used_up_in_small_objects_is_memory_limit),
        cmocka_unit_test(warm_runs_have_the_memory_cold_runs_have),
        cmocka_unit_test(preloaded_numpy_draws_differently_in_every_run),
        cmocka_unit_test(preload_consults_no_host_user_database),
        cmocka_unit_test(result_encoding_lenient_converts_everyday_types),
        cmocka_unit_test(result_keys_are_never_written_twice),
        cmocka_unit_test(result_encoding_lenient_calls_no_user_code),
        cmocka_unit_test(site_dirs_extend_the_path_read_only),
        cmocka_unit_test(own_modules_next_to_the_code_get_a_hint),
        cmocka_unit_test(file_size_limit_in_bytes),
        cmocka_unit_test(output_cap_holds_after_replacement),
        cmocka_unit_test(zoneinfo_under_strict),
        cmocka_unit_test(script_source_lines_in_tracebacks),
        cmocka_unit_test(codecs_beyond_the_frozen_ones),
        cmocka_unit_test(strict_codecs_do_not_widen_it),
        cmocka_unit_test(strict_archives_and_threads_do_not_widen_it),
        cmocka_unit_test(getgrouplist_checks_its_arguments),
        cmocka_unit_test(trusted_imports_site_packages),
        cmocka_unit_test(source_lines_read_as_a_files),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
