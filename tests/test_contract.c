/* The result contract (DESIGN.md §2): every error type that can be triggered today with its
 * exact fields, every entry convention, and bad requests. Through pw_run, as a host calls it.
 *
 * Tests that need `os` or `signal` (crashes) use run_os(): it runs with the default policy
 * and, should the default policy refuse the capability (policy_violation from the audit
 * hook, or PermissionError from a kernel layer), runs again with "policy": "trusted", so
 * they keep testing the supervisor once the default policy blocks os. */
#include "helpers.h"
#include "jsonconv.h"
#include "request.h"
#include "pywarden.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define FIXTURES PW_TEST_DIR "/fixtures"

/* ---- helpers ---- */

static const cJSON *member(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v) fail_msg("missing member '%s'", key);
    return v;
}

/* Every result, whatever happened, has the whole shape of DESIGN.md §2. */
static void assert_shape(const cJSON *r)
{
    assert_true(cJSON_IsBool(member(r, "ok")));
    member(r, "result");
    assert_true(cJSON_IsString(member(r, "stdout")));
    assert_true(cJSON_IsString(member(r, "stderr")));
    const cJSON *t = member(r, "truncated");
    assert_true(cJSON_IsBool(member(t, "stdout")) && cJSON_IsBool(member(t, "stderr")));
    const cJSON *e = member(r, "error");
    assert_true(cJSON_IsNull(e) || cJSON_IsObject(e));
    const cJSON *s = member(r, "stats");
    assert_true(cJSON_IsNumber(member(s, "wall_ms")) && cJSON_IsNumber(member(s, "cpu_ms")));
    assert_true(cJSON_IsNumber(member(s, "max_rss_kb")) && cJSON_IsString(member(s, "mode")));
    assert_true(cJSON_IsArray(member(s, "layers")));
}

static char g_exact[1 << 16]; /* the last result's "result" member, numbers kept exact */

/* pw_run, parsed twice: with cJSON for the fields, and exactly (jsonconv) for "result",
 * since cJSON alone would round 9007199254740993 through a double. */
static cJSON *run(const char *request)
{
    char *out = pw_run(request);
    assert_non_null(out);
    cJSON *r = cJSON_Parse(out);
    if (!r) fail_msg("pw_run returned invalid JSON: %s", out);
    const char *why = NULL;
    cJSON *exact = pw_json_parse_exact(out, &why);
    assert_non_null(exact);
    char *text = cJSON_PrintUnformatted(cJSON_GetObjectItem(exact, "result"));
    snprintf(g_exact, sizeof g_exact, "%s", text);
    free(text);
    cJSON_Delete(exact);
    pw_free(out);
    assert_shape(r);
    return r;
}

static const char *result_text(void)
{
    return g_exact;
}

static cJSON *code(const char *src, const char *inputs, const char *extra)
{
    cJSON *req = extra ? cJSON_Parse(extra) : cJSON_CreateObject();
    cJSON_AddStringToObject(req, "code", src);
    if (inputs) cJSON_AddItemToObject(req, "inputs", cJSON_CreateRaw(inputs));
    char *text = cJSON_PrintUnformatted(req);
    cJSON_Delete(req);
    cJSON *r = run(text);
    free(text);
    return r;
}

/* The default policy refused a capability the test needs (os, signal, fork): by the audit
 * hook (policy_violation) or by a kernel layer (PermissionError). */
static bool refused(const cJSON *r)
{
    const cJSON *e = cJSON_GetObjectItem(r, "error");
    const char *type = cJSON_GetStringValue(cJSON_GetObjectItem(e, "type"));
    const char *cls = cJSON_GetStringValue(cJSON_GetObjectItem(e, "exception"));
    return type && (strcmp(type, "policy_violation") == 0 ||
                    (strcmp(type, "exception") == 0 && cls && strcmp(cls, "PermissionError") == 0));
}

static cJSON *run_os(const char *src, const char *inputs)
{
    cJSON *r = code(src, inputs, NULL);
    if (refused(r)) {
        cJSON_Delete(r);
        r = code(src, inputs, "{\"policy\":\"trusted\"}");
    }
    return r;
}

static cJSON *script(const char *path, const char *work_dir, const char *inputs, const char *mode)
{
    cJSON *req = cJSON_CreateObject();
    cJSON_AddStringToObject(req, "script", path);
    cJSON_AddStringToObject(req, "work_dir", work_dir);
    if (inputs) cJSON_AddItemToObject(req, "inputs", cJSON_CreateRaw(inputs));
    if (mode) cJSON_AddStringToObject(req, "mode", mode);
    char *text = cJSON_PrintUnformatted(req);
    cJSON_Delete(req);
    cJSON *r = run(text);
    free(text);
    return r;
}

static void assert_str(const cJSON *r, const char *key, const char *want)
{
    assert_string_equal(t_err_str(r, key), want);
}

static void assert_num(const cJSON *r, const char *key, double want)
{
    assert_true(t_err_num(r, key) == want);
}

static const char *str_of(const cJSON *r, const char *key)
{
    const char *s = cJSON_GetStringValue(cJSON_GetObjectItem(r, key));
    assert_non_null(s);
    return s;
}

/* invalid_request naming field, with a message containing fragment. */
static void assert_bad_request(const char *request, const char *field, const char *fragment)
{
    cJSON *r = run(request);
    t_assert_error(r, "invalid_request", fragment);
    if (field) assert_str(r, "field", field);
    assert_string_equal(str_of(cJSON_GetObjectItem(r, "stats"), "mode"), "none");
    cJSON_Delete(r);
}

/* ---- exception ---- */

static void exception_fields_and_user_traceback(void **state)
{
    (void)state;
    cJSON *r = code("def f():\n    raise ValueError('bad')\n\ndef main(inputs):\n    return f()\n",
                    NULL, NULL);
    t_assert_error(r, "exception", NULL);
    assert_str(r, "exception", "ValueError");
    assert_str(r, "message", "ValueError: bad");
    assert_num(r, "line", 2);
    assert_str(r, "traceback",
               "Traceback (most recent call last):\n"
               "  File \"<code>\", line 5, in main\n"
               "    return f()\n"
               "           ^^^\n"
               "  File \"<code>\", line 2, in f\n"
               "    raise ValueError('bad')\n"
               "ValueError: bad\n");
    cJSON_Delete(r);

    /* a chain as python3 prints it: the cause, the context, `from None`, and a cycle */
    r = code("def main(inputs):\n    try:\n        int('x')\n    except ValueError as e:\n"
             "        raise RuntimeError('bad input') from e\n",
             NULL, NULL);
    assert_num(r, "line", 5);
    assert_str(r, "traceback",
               "Traceback (most recent call last):\n"
               "  File \"<code>\", line 3, in main\n"
               "    int('x')\n"
               "ValueError: invalid literal for int() with base 10: 'x'\n"
               "\nThe above exception was the direct cause of the following exception:\n\n"
               "Traceback (most recent call last):\n"
               "  File \"<code>\", line 5, in main\n"
               "    raise RuntimeError('bad input') from e\n"
               "RuntimeError: bad input\n");
    cJSON_Delete(r);
    r = code("try:\n    {}['k']\nexcept KeyError:\n    1 / 0\n", NULL, NULL);
    assert_str(r, "traceback",
               "Traceback (most recent call last):\n"
               "  File \"<code>\", line 2, in <module>\n"
               "    {}['k']\n"
               "    ~~^^^^^\n"
               "KeyError: 'k'\n"
               "\nDuring handling of the above exception, another exception occurred:\n\n"
               "Traceback (most recent call last):\n"
               "  File \"<code>\", line 4, in <module>\n"
               "    1 / 0\n"
               "    ~~^~~\n"
               "ZeroDivisionError: division by zero\n");
    cJSON_Delete(r);
    r = code("try:\n    {}['k']\nexcept KeyError:\n    raise ValueError('v') from None\n", NULL,
             NULL);
    assert_str(r, "traceback",
               "Traceback (most recent call last):\n"
               "  File \"<code>\", line 4, in <module>\n"
               "    raise ValueError('v') from None\n"
               "ValueError: v\n");
    cJSON_Delete(r);
    r = code(
        "a, b = ValueError('a'), TypeError('b')\na.__context__, b.__context__ = b, a\nraise a\n",
        NULL, NULL);
    assert_str(r, "traceback",
               "TypeError: b\n"
               "\nDuring handling of the above exception, another exception occurred:\n\n"
               "Traceback (most recent call last):\n"
               "  File \"<code>\", line 3, in <module>\n"
               "    raise a\n"
               "ValueError: a\n");
    cJSON_Delete(r);
}

/* Notes (add_note) and an exception group's members are in the traceback, framed as
 * python3 prints them: without them a host sees "batch failed (2 sub-exceptions)" alone. */
static void exception_notes_and_groups_in_traceback(void **state)
{
    (void)state;
    /* A traceback is cut past 64 KiB: 400 notes of 1 MiB (or one 50 MB message) made the run
     * output_limit, the exception lost, after seconds and hundreds of MB (a review) */
    cJSON *big = code("e = ValueError('boom')\ns = 'n' * (1 << 20)\nfor _ in range(400):\n"
                      "    e.add_note(s)\nraise e\n",
                      NULL, NULL);
    t_assert_error(big, "exception", "ValueError: boom");
    const char *cut = t_err_str(big, "traceback");
    assert_true(strlen(cut) < 66 * 1024);
    assert_non_null(strstr(cut, "... (cut: the traceback is over 64 KiB)\n... (399 more notes)\n"));
    cJSON_Delete(big);
    /* ... and so are its frames, but the innermost: 40 001 frames of two functions taking
     * turns, each with a 5 KB line, made 200 MB, and the exception an output_limit */
    pw_buf deep = {0};
    pw_buf_appendf(&deep, "import sys\nsys.setrecursionlimit(100000)\n");
    pw_buf_appendf(&deep, "def f(n): return g(n - 1) if n else 1 / 0  # %05000d\n", 0);
    pw_buf_appendf(&deep, "def g(n): return f(n - 1)  # %05000d\n", 0);
    pw_buf_appendf(&deep, "f(40000)\n");
    cJSON *frames = code(deep.data, NULL, NULL);
    pw_buf_free(&deep);
    t_assert_error(frames, "exception", "ZeroDivisionError: division by zero");
    const char *frames_tb = t_err_str(frames, "traceback");
    assert_true(strlen(frames_tb) < 80 * 1024);
    assert_non_null(strstr(frames_tb,
                           "  ... (39987 frames left out: the traceback is over 64 KiB)\n"
                           "  File \"<code>\", line 3, in f\n"));
    assert_int_equal(
        cJSON_GetNumberValue(cJSON_GetObjectItem(cJSON_GetObjectItem(frames, "error"), "line")), 3);
    cJSON_Delete(frames);
    /* ... counting a recursion's repeats there too (it said 10 of these 408) */
    pw_buf_appendf(&deep, "def a(n): return b(n - 1) if n else c(400)  # %05000d\n", 0);
    pw_buf_appendf(&deep, "def b(n): return a(n - 1)  # %05000d\n", 0);
    pw_buf_appendf(&deep, "def c(n): return c(n - 1) if n else 1 / 0\n");
    pw_buf_appendf(&deep, "a(20)\n");
    frames = code(deep.data, NULL, NULL);
    pw_buf_free(&deep);
    assert_non_null(strstr(t_err_str(frames, "traceback"),
                           "  ... (408 frames left out: the traceback is over 64 KiB)\n"
                           "  File \"<code>\", line 3, in c\n"));
    cJSON_Delete(frames);
    cJSON *r = code("def main(inputs):\n    e = ValueError('bad row')\n"
                    "    e.add_note('row 7\\ncolumn price')\n    raise e\n",
                    NULL, NULL);
    assert_str(r, "message", "ValueError: bad row");
    assert_str(r, "traceback",
               "Traceback (most recent call last):\n"
               "  File \"<code>\", line 4, in main\n"
               "    raise e\n"
               "ValueError: bad row\n"
               "row 7\n"
               "column price\n");
    cJSON_Delete(r);
    r = code("def main(inputs):\n    errs = []\n    for v in [0, 'x']:\n        try:\n"
             "            10 / v\n        except Exception as e:\n"
             "            e.add_note(f'item {v!r}')\n            errs.append(e)\n"
             "    inner = ExceptionGroup('inner', [KeyError('k')])\n"
             "    raise ExceptionGroup('batch failed', errs + [inner])\n",
             NULL, NULL);
    t_assert_error(r, "exception", "batch failed (3 sub-exceptions)");
    assert_num(r, "line", 10);
    assert_str(r, "traceback",
               "  + Exception Group Traceback (most recent call last):\n"
               "  |   File \"<code>\", line 10, in main\n"
               "  |     raise ExceptionGroup('batch failed', errs + [inner])\n"
               "  | ExceptionGroup: batch failed (3 sub-exceptions)\n"
               "  +-+---------------- 1 ----------------\n"
               "    | Traceback (most recent call last):\n"
               "    |   File \"<code>\", line 5, in main\n"
               "    |     10 / v\n"
               "    |     ~~~^~~\n"
               "    | ZeroDivisionError: division by zero\n"
               "    | item 0\n"
               "    +---------------- 2 ----------------\n"
               "    | Traceback (most recent call last):\n"
               "    |   File \"<code>\", line 5, in main\n"
               "    |     10 / v\n"
               "    |     ~~~^~~\n"
               "    | TypeError: unsupported operand type(s) for /: 'int' and 'str'\n"
               "    | item 'x'\n"
               "    +---------------- 3 ----------------\n"
               "    | ExceptionGroup: inner (1 sub-exception)\n"
               "    +-+---------------- 1 ----------------\n"
               "      | KeyError: 'k'\n"
               "      +------------------------------------\n");
    cJSON_Delete(r);
    /* members that nest and repeat are listed up to a bound, not 15^12 times */
    r = code("g = ValueError('x')\nfor d in range(12):\n    g = ExceptionGroup('g', [g] * 15)\n"
             "raise g\n",
             NULL, NULL);
    t_assert_error(r, "exception", "g (15 sub-exceptions)");
    const char *tb = t_err_str(r, "traceback");
    assert_true(strlen(tb) < 128 * 1024);
    assert_non_null(strstr(tb, "| ... (max_group_depth is 10)\n"));
    assert_non_null(strstr(tb, "+---------------- ... ----------------\n"));
    assert_non_null(strstr(tb, "| and 14 more exceptions\n"));
    cJSON_Delete(r);
}

static void traceback_hides_stdlib_and_importlib_frames(void **state)
{
    (void)state;
    cJSON *r = code("import json\ndef main(inputs):\n    return json.loads('{')\n", NULL, NULL);
    t_assert_error(r, "exception", "Expecting property name");
    assert_str(r, "exception", "JSONDecodeError");
    assert_num(r, "line", 3);
    assert_str(
        r, "traceback",
        "Traceback (most recent call last):\n"
        "  File \"<code>\", line 3, in main\n"
        "    return json.loads('{')\n"
        "           ^^^^^^^^^^^^^^^\n"
        "json.decoder.JSONDecodeError: Expecting property name enclosed in double quotes: line 1 "
        "column 2 (char 1)\n");
    cJSON_Delete(r);

    /* posixpath is a frozen module: its frames are "<frozen posixpath>", not the user's. */
    r = code("import posixpath\ndef main(inputs):\n    return posixpath.join(1, 'a')\n", NULL,
             NULL);
    t_assert_error(r, "exception", NULL);
    assert_str(r, "exception", "TypeError");
    assert_num(r, "line", 3);
    assert_str(r, "traceback",
               "Traceback (most recent call last):\n"
               "  File \"<code>\", line 3, in main\n"
               "    return posixpath.join(1, 'a')\n"
               "           ^^^^^^^^^^^^^^^^^^^^^^\n"
               "TypeError: expected str, bytes or os.PathLike object, not int\n");
    cJSON_Delete(r);

    r = code("import no_such_module_xyz\nresult = 1\n", NULL, NULL);
    t_assert_error(r, "exception", NULL);
    assert_str(r, "exception", "ModuleNotFoundError");
    assert_num(r, "line", 1);
    const char *tb = t_err_str(r, "traceback");
    assert_null(strstr(tb, "<frozen"));
    assert_null(strstr(tb, "importlib"));
    assert_null(strstr(tb, "pywarden"));
    assert_string_equal(tb, "Traceback (most recent call last):\n"
                            "  File \"<code>\", line 1, in <module>\n"
                            "    import no_such_module_xyz\n"
                            "ModuleNotFoundError: No module named 'no_such_module_xyz'\n");
    cJSON_Delete(r);
}

static void system_exit_and_keyboard_interrupt_are_exceptions(void **state)
{
    (void)state;
    const char *cases[][2] = {
        {"import sys\ndef main(inputs):\n    sys.exit(0)\n", "SystemExit"},
        {"def main(inputs):\n    raise SystemExit(4)\n", "SystemExit"},
        {"def main(inputs):\n    raise KeyboardInterrupt\n", "KeyboardInterrupt"},
        {"raise KeyboardInterrupt('top')\nresult = 1\n", "KeyboardInterrupt"},
        {"import sys\nsys.exit()\n", "SystemExit"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        cJSON *r = code(cases[i][0], NULL, NULL);
        t_assert_error(r, "exception", cases[i][1]);
        assert_str(r, "exception", cases[i][1]);
        assert_true(cJSON_IsNull(cJSON_GetObjectItem(r, "result")));
        cJSON_Delete(r);
    }
}

/* An exit of status 0 at the top level ends the code there, as it ends python3's script: an
 * early `sys.exit(0)` after assigning `result` was a SystemExit exception. Left with
 * nothing to report, the exit is reported (above); a non-zero one is a failure. */
static void top_level_exit_zero_ends_the_code(void **state)
{
    (void)state;
    const char *cases[][2] = {
        {"import sys\nresult = []\nif not inputs.get('rows'):\n    sys.exit(0)\nresult = 1\n",
         "[]"},
        {"result = 2\nexit()\nresult = 3\n", "2"},
        {"import sys\nresult = 4\nsys.exit(256)\n", "4"}, /* status 0, as python3's host sees */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        cJSON *r = code(cases[i][0], NULL, NULL);
        t_assert_ok(r);
        assert_string_equal(result_text(), cases[i][1]);
        cJSON_Delete(r);
    }
    cJSON *r = code("import sys\nresult = 6\nsys.exit(1)\n", NULL, NULL);
    t_assert_error(r, "exception", "SystemExit: 1");
    assert_num(r, "line", 3);
    cJSON_Delete(r);
    /* nothing runs after the exit: main is not called (once already, by the script here) */
    r = code("def main(inputs):\n    print('main ran')\n    return 5\nmain(inputs)\n"
             "raise SystemExit\n",
             NULL, NULL);
    t_assert_error(r, "exception", "SystemExit");
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(r, "stdout")), "main ran\n");
    cJSON_Delete(r);
}

/* A python3 stdin program sent in main mode reads an empty stdin: said why, and what runs it */
static void stdin_program_in_main_mode_is_told_of_stdio(void **state)
{
    (void)state;
    const char *cases[] = {
        "import json, sys\ndata = json.load(sys.stdin)\nresult = data['x'] * 2\n",
        "name = input('name? ')\nresult = name\n",
        /* the seeds' template: {} for an empty stdin, printed, then sys.exit(0) before any
         * result (a bare "SystemExit: 0" before) */
        "import json, sys\ndef main(inputs):\n    return {'x': inputs.get('x', 0)}\n"
        "data = sys.stdin.read()\nprint(json.dumps(main(json.loads(data) if data else {})))\n"
        "sys.exit(0)\n"};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        cJSON *r = code(cases[i], "{\"x\": 2}", NULL);
        t_assert_error(r, "exception",
                       " (stdin is empty outside mode stdio, where the inputs are the global "
                       "`inputs`: a program reading them from stdin and printing its result runs "
                       "with \"mode\": \"stdio\")");
        cJSON_Delete(r);
    }
    /* an empty text of the code's own is not stdin */
    cJSON *r = code("import json\nresult = json.loads('')\n", NULL, NULL);
    t_assert_error(r, "exception", "JSONDecodeError: Expecting value: line 1 column 1 (char 0)");
    assert_null(strstr(t_err_str(r, "message"), "stdin"));
    cJSON_Delete(r);
}

static void exception_with_hostile_str(void **state)
{
    (void)state;
    cJSON *r =
        code("class E(Exception):\n    def __str__(self):\n        raise RuntimeError('no')\n"
             "def main(inputs):\n    raise E()\n",
             NULL, NULL);
    t_assert_error(r, "exception", NULL);
    assert_str(r, "exception", "E");
    assert_num(r, "line", 5);
    cJSON_Delete(r);
}

/* ---- syntax_error ---- */

static void syntax_error_line_and_column(void **state)
{
    (void)state;
    cJSON *r = code("x = 1\ny = (1,\n", NULL, NULL);
    t_assert_error(r, "syntax_error", "'(' was never closed");
    assert_num(r, "line", 2);
    assert_num(r, "column", 5);
    cJSON_Delete(r);

    r = code("def main(inputs):\nreturn 1\n", NULL, NULL);
    t_assert_error(r, "syntax_error", "expected an indented block");
    assert_num(r, "line", 2);
    assert_num(r, "column", 1);
    cJSON_Delete(r);

    r = code("result = 1 +* 2\n", NULL, "{\"mode\":\"stdio\"}");
    t_assert_error(r, "syntax_error", "invalid syntax");
    assert_num(r, "line", 1);
    assert_num(r, "column", 13);
    cJSON_Delete(r);
}

/* A notebook's shell line or magic (e2b's and Jupyter sandboxes' `!pip install`, `%timeit`)
 * says what it is, not only "invalid syntax"; an operator that ends a line does not. */
static void syntax_error_names_notebook_lines(void **state)
{
    (void)state;
    cJSON *r = code("import json\n!pip install requests\nresult = 1\n", NULL, NULL);
    t_assert_error(r, "syntax_error",
                   "invalid syntax (line 2, column 1); a line starting with '!' or '%' is a "
                   "Jupyter (IPython) shell command or magic, not Python: runs have no shell");
    cJSON_Delete(r);
    r = code("x = 1\n  %timeit x\n", NULL, "{\"mode\":\"body\"}");
    t_assert_error(r, "syntax_error", "unexpected indent");
    cJSON_Delete(r);
    r = code("%timeit sum(range(9))\n", NULL, "{\"mode\":\"body\"}");
    t_assert_error(r, "syntax_error", "(IPython) shell command or magic");
    cJSON_Delete(r);
    r = code("result = 5 %\n", NULL, NULL);
    t_assert_error(r, "syntax_error", "invalid syntax");
    assert_null(strstr(t_err_str(r, "message"), "IPython"));
    cJSON_Delete(r);
    /* Python's own error on a continuation line that starts with an operator is no magic */
    r = code("x = (1\n% 2 +)\n", NULL, NULL);
    t_assert_error(r, "syntax_error", "invalid syntax (line 2, column 6)");
    assert_null(strstr(t_err_str(r, "message"), "IPython"));
    cJSON_Delete(r);
}

/* ---- invalid_request ---- */

static void invalid_request_malformed(void **state)
{
    (void)state;
    assert_bad_request("{\"code\":\"result=1\",", NULL, "not valid JSON");
    assert_bad_request("", NULL, "not valid JSON");
    assert_bad_request("[1]", NULL, "must be a JSON object");
    assert_bad_request("\"code\"", NULL, "must be a JSON object");
    assert_bad_request("{\"code\":\"result=1\"} trailing", NULL, "not valid JSON");
    assert_bad_request("{\"code\":\"result=\xff\"}", NULL, "UTF-8");
    assert_bad_request("{\"code\":\"result=1\",\"inputs\":{\"a\":01}}", NULL, "not valid JSON");
    assert_bad_request("{\"code\":\"result=inputs\",\"inputs\":{\"a\\u0000b\":1}}", NULL,
                       "object keys containing U+0000");
    assert_bad_request("{\"code\":\"result=\\u0000\"}", "code", "without U+0000");
    assert_bad_request("{\"code\":\"result=1\",\"inputs\":{\"s\":\"\\ud800\"}}", NULL,
                       "not valid JSON");
    /* cJSON alone read "x\u00zzy" as "x", took a form feed for whitespace, and kept a string
     * holding U+0000 with a raw control byte, which the run then could not read */
    assert_bad_request("{\"code\":\"result=inputs\",\"inputs\":{\"s\":\"x\\u00zzy\"}}", NULL,
                       "not valid JSON: a bad escape in a string");
    assert_bad_request("{\"code\":\"result=inputs\",\"inputs\":{\"s\":\"a\\u0000\tb\"}}", NULL,
                       "not valid JSON: a control character in a string");
    assert_bad_request("{\"code\":\"result=1\",\f\"inputs\":{}}", NULL, "not valid JSON");
    char *out = pw_run(NULL);
    cJSON *r = cJSON_Parse(out);
    t_assert_error(r, "invalid_request", NULL);
    cJSON_Delete(r);
    pw_free(out);
}

/* A proc mounted inside a directory (a chroot tree's): the view would bind it along with the
 * directory, so the directory is refused too, cold and warm. In a mount namespace of a
 * child's own. */
static void kernel_fs_below_work_dir(void)
{
    if (getuid() != 0) return; /* it mounts */
    char dir[128];
    snprintf(dir, sizeof dir, "%s", t_mkdtemp());
    pid_t pid = fork();
    if (pid == 0) {
        char proc[160], req[400];
        snprintf(proc, sizeof proc, "%s/proc", dir);
        snprintf(req, sizeof req, "{\"code\":\"result=1\",\"work_dir\":\"%s\"}", dir);
        if (unshare(CLONE_NEWNS) != 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
            mkdir(proc, 0755) != 0 || mount("/proc", proc, NULL, MS_BIND, NULL) != 0)
            _exit(2);
        char *cold = pw_run(req), *error = NULL;
        /* warm: the pool's cached mount table, read in this namespace */
        pw_pool *pool = pw_pool_create(NULL, 1, &error);
        char *warm = pool ? pw_pool_run(pool, req) : NULL;
        const char *says = "a filesystem of the kernel's own (proc)";
        _exit(cold && strstr(cold, says) && warm && strstr(warm, says) ? 0 : 1);
    }
    int status = -1;
    waitpid(pid, &status, 0);
    t_rmtree(dir);
    assert_int_equal(status, 0);
}

static void invalid_request_fields(void **state)
{
    (void)state;
    assert_bad_request("{\"code\":\"result=1\",\"bogus\":1}", "bogus",
                       "unknown request key 'bogus'");
    /* cJSON would read the first copy, Python and JavaScript the last. */
    assert_bad_request("{\"code\":\"result=1\",\"code\":\"import os\"}", "code",
                       "request key 'code' appears more than once");
    assert_bad_request("{\"code\":\"result=1\",\"script\":\"x.py\"}", NULL, "exactly one");
    assert_bad_request("{\"inputs\":{}}", NULL, "exactly one");
    assert_bad_request("{\"code\":5}", "code", "must be a string");
    /* n8n's list of items: the message says where a list goes */
    assert_bad_request("{\"code\":\"result=1\",\"inputs\":[1]}", "inputs",
                       "'inputs' must be a JSON object, not an array: put a list under a key, "
                       "e.g. {\"_items\": [...]}, which mode \"body\" binds as _items");
    assert_bad_request("{\"code\":\"result=1\",\"inputs\":\"x\"}", "inputs",
                       "must be a JSON object");
    assert_bad_request("{\"code\":\"result=1\",\"mode\":\"fast\"}", "mode", "mode must be");
    assert_bad_request("{\"code\":\"result=1\",\"entry\":\"1x\"}", "entry",
                       "not a Python identifier");
    assert_bad_request("{\"code\":\"result=1\",\"entry\":\"f\",\"mode\":\"stdio\"}", "entry",
                       "does not apply");
    assert_bad_request("{\"code\":\"result=1\",\"work_dir\":\"/nonexistent/pw\"}", "work_dir",
                       "No such file");
    assert_bad_request("{\"code\":\"result=1\",\"work_dir\":\"/etc/passwd\"}", "work_dir",
                       "work_dir '/etc/passwd': Not a directory");
    /* The kernel's own trees: the view hides them from every run, whatever work_dir says */
    assert_bad_request("{\"code\":\"result=1\",\"work_dir\":\"/proc/sys\"}", "work_dir",
                       "a filesystem of the kernel's own (proc)");
    assert_bad_request("{\"code\":\"result=1\",\"work_dir\":\"/sys/class\"}", "work_dir",
                       "a filesystem of the kernel's own (sysfs)");
    assert_bad_request("{\"code\":\"result=1\",\"work_dir\":\"/dev/shm\"}", "work_dir",
                       "(devtmpfs)");
    kernel_fs_below_work_dir();
    /* data writes out/ beneath the work directory: nothing may be made in the host's root */
    struct stat st;
    bool had_out = stat("/out", &st) == 0;
    assert_bad_request("{\"code\":\"result=1\",\"work_dir\":\"/\",\"policy\":\"data\"}", "work_dir",
                       "work_dir '/' under this policy grants '/'");
    assert_true(had_out || stat("/out", &st) != 0);
}

/* A work directory the view cannot hold, and a run without one whose cwd is gone: clear
 * answers before any run, and violations is there as in every result. */
static void invalid_request_work_dirs(void **state)
{
    (void)state;
    char *base = strdup(t_mkdtemp()), *deep = strdup(base);
    size_t len = strlen(deep);
    while (len < PW_WORK_DIR_MAX - 250) {
        deep = realloc(deep, len + 202);
        memset(deep + len, 'd', 201);
        deep[len] = '/';
        deep[len + 201] = '\0';
        assert_int_equal(mkdir(deep, 0755), 0);
        len += 201;
    }
    char req[8192];
    snprintf(req, sizeof req, "{\"code\":\"result=1\",\"work_dir\":\"%s\"}", deep);
    cJSON *r = run(req);
    t_assert_ok(r); /* 3830 to 4030 bytes */
    cJSON_Delete(r);
    size_t last = PW_WORK_DIR_MAX + 5 - len; /* '/' and a name: 4085 bytes in all */
    assert_true(last > 1 && last < 256);
    deep = realloc(deep, len + last + 1);
    memset(deep + len, 'e', last);
    deep[len] = '/';
    deep[len + last] = '\0';
    assert_int_equal(mkdir(deep, 0755), 0);
    snprintf(req, sizeof req, "{\"code\":\"result=1\",\"work_dir\":\"%s\"}", deep);
    assert_bad_request(req, "work_dir", "longer than the 4080 bytes a run's view can hold");
    t_rmtree(base);
    free(base);
    free(deep);

    char *gone = strdup(t_mkdtemp()), *back = getcwd(NULL, 0);
    assert_int_equal(chdir(gone), 0);
    assert_int_equal(rmdir(gone), 0);
    r = run("{\"code\":\"result=1\"}");
    assert_int_equal(chdir(back), 0);
    t_assert_error(r, "invalid_request", "the current directory cannot be used (getcwd:");
    assert_non_null(cJSON_GetObjectItem(r, "violations"));
    cJSON_Delete(r);
    free(gone);
    free(back);
}

/* A host started in '/' (a service, a container's default) that names no work_dir: its runs
 * work there, cold and warm, and the policy's relative paths grant nothing (not the host's
 * root, and data's out/ is not made in it), so its absolute grants are judged as from any
 * other directory. A named work_dir '/' stays refused (above). */
static void no_work_dir_from_the_root_grants_nothing(void **state)
{
    (void)state;
    char *back = getcwd(NULL, 0);
    struct stat st;
    bool had_out = stat("/out", &st) == 0;
    assert_int_equal(chdir("/"), 0);
    char *err = NULL;
    pw_pool *pool = pw_pool_create(NULL, 1, &err);
    assert_non_null(pool);
    const char *code =
        "import sys\nposix = sys.modules['posix']\n"
        "def refused(p):\n    try:\n        open(p).read()\n"
        "    except (PermissionError, FileNotFoundError):\n        return True\n"
        "    return False\n"
        "result = [posix.getcwd(), refused('etc/hostname'), refused('/etc/hostname')]";
    const char *policies[] = {"\"default\"", "\"data\""};
    for (int warm = 0; warm < 2; warm++)
        for (size_t i = 0; i < 2; i++) {
            char extra[64];
            snprintf(extra, sizeof extra, "{\"policy\": %s}", policies[i]);
            char *text = t_request_text(code, NULL, extra);
            cJSON *r = t_run_in(warm ? pool : NULL, text);
            free(text);
            t_assert_ok(r);
            assert_string_equal(t_result_text(r), "[\"/\",true,true]");
            cJSON_Delete(r);
        }
    /* trusted grants '/' itself, as from any other directory (examples/pool_threads.c) */
    for (int warm = 0; warm < 2; warm++) {
        cJSON *r = t_run_in(warm ? pool : NULL, "{\"code\":\"result=1\",\"policy\":\"trusted\"}");
        t_assert_ok(r);
        cJSON_Delete(r);
    }
    pw_pool_destroy(pool);
    /* '/' granted by the policy itself is the policy's doing, not a work_dir's */
    assert_bad_request("{\"code\":\"result=1\",\"policy\":{\"extends\":\"default\","
                       "\"read_paths\":[\"/\"]}}",
                       "policy", "the policy grants '/'");
    assert_int_equal(chdir(back), 0);
    free(back);
    assert_true(had_out || stat("/out", &st) != 0);
}

static void invalid_request_timeout(void **state)
{
    (void)state;
    const char *bad[] = {"0",   "-5",  "-1",      "86400001", "99999999999999999999",
                         "1.5", "1e3", "\"100\"", "true",     "[]"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char req[128];
        snprintf(req, sizeof req, "{\"code\":\"result=1\",\"timeout_ms\":%s}", bad[i]);
        assert_bad_request(req, "timeout_ms", "timeout_ms must be an integer");
    }
    cJSON *r = run("{\"code\":\"result=1\",\"timeout_ms\":1000}");
    t_assert_ok(r);
    cJSON_Delete(r);
}

static char *nested_inputs(int depth)
{
    /* {"inputs": {"a": [[...]]}}: the inputs object itself is one level. */
    size_t n = (size_t)depth;
    char *s = malloc(64 + 2 * n);
    char *p = s + sprintf(s, "{\"code\":\"result=1\",\"inputs\":{\"a\":");
    memset(p, '[', n - 1);
    memset(p + n - 1, ']', n - 1);
    strcpy(p + 2 * (n - 1), "}}");
    return s;
}

static void invalid_request_inputs_limits(void **state)
{
    (void)state;
    char *deep = nested_inputs(101);
    assert_bad_request(deep, "inputs", "deeper than 100");
    free(deep);
    char *ok = nested_inputs(100);
    cJSON *r = run(ok);
    t_assert_ok(r);
    cJSON_Delete(r);
    free(ok);

    size_t big = (16u << 20) + 1;
    char *req = malloc(big + 64);
    char *p = req + sprintf(req, "{\"code\":\"result=1\",\"inputs\":{\"s\":\"");
    memset(p, 'x', big);
    strcpy(p + big, "\"}}");
    assert_bad_request(req, "inputs", "max_input_bytes");
    free(req);
}

static void invalid_request_script_outside_work_dir(void **state)
{
    (void)state;
    char *root = t_mkdtemp();
    char dir[PATH_MAX], path[PATH_MAX + 32];
    snprintf(dir, sizeof dir, "%s/wd", root);
    assert_int_equal(mkdir(dir, 0700), 0);
    snprintf(path, sizeof path, "%s/outside.py", root);
    t_write_file(path, "result = 'outside'\n");
    snprintf(path, sizeof path, "%s/link.py", dir);
    assert_int_equal(symlink("../outside.py", path), 0);
    snprintf(path, sizeof path, "%s/abs_link.py", dir);
    char target[PATH_MAX + 16];
    snprintf(target, sizeof target, "%s/outside.py", root);
    assert_int_equal(symlink(target, path), 0);

    const char *bad[] = {"../outside.py", target, "link.py", "abs_link.py",
                         "./../wd/../outside.py"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        cJSON *r = script(bad[i], dir, NULL, NULL);
        t_assert_error(r, "invalid_request", "outside the work directory");
        assert_str(r, "field", "script");
        cJSON_Delete(r);
    }
    cJSON *r = script("missing.py", dir, NULL, NULL);
    t_assert_error(r, "invalid_request", "No such file");
    assert_str(r, "field", "script");
    cJSON_Delete(r);
    /* an absolute path inside the work directory is that file, as python3 would run it */
    snprintf(path, sizeof path, "%s/inside.py", dir);
    t_write_file(path, "result = 'inside'\n");
    r = script(path, dir, NULL, NULL);
    t_assert_ok(r);
    assert_string_equal(t_result_text(r), "\"inside\"");
    cJSON_Delete(r);
    t_rmtree(root);
}

/* A script knows where it is (`HERE = Path(__file__).parent`), absolute as in python3, in
 * every mode, cold and warm, and its path in sys.argv; `code` has no __file__, as with python3
 * -c. */
static void script_has_its_file(void **state)
{
    (void)state;
    char *root = t_mkdtemp();
    char path[PATH_MAX + 32], want[2 * PATH_MAX];
    snprintf(path, sizeof path, "%s/sub", root);
    assert_int_equal(mkdir(path, 0755), 0);
    snprintf(path, sizeof path, "%s/sub/data.txt", root);
    t_write_file(path, "next to it");
    snprintf(path, sizeof path, "%s/sub/job.py", root);
    t_write_file(path, "from pathlib import Path\nHERE = Path(__file__).parent\n"
                       "import sys\ndef main(inputs):\n"
                       "    return [__file__, (HERE / 'data.txt').read_text(), sys.argv]\n");
    snprintf(path, sizeof path, "%s/sub/prog.py", root);
    t_write_file(path, "import json\nprint(json.dumps(__file__))\n");
    pw_pool *pool = t_pool_with_switches("", 1);
    for (int warm = 0; warm < 2; warm++) {
        char req[2 * PATH_MAX];
        snprintf(req, sizeof req, "{\"script\": \"sub/job.py\", \"work_dir\": \"%s\"}", root);
        cJSON *r = t_run_in(warm ? pool : NULL, req);
        t_assert_ok(r);
        /* sys.argv too, as python3 gives it (was [""]) */
        snprintf(want, sizeof want, "[\"%s/sub/job.py\",\"next to it\",[\"sub/job.py\"]]", root);
        assert_string_equal(t_result_text(r), want);
        cJSON_Delete(r);
        snprintf(req, sizeof req,
                 "{\"script\": \"sub/prog.py\", \"mode\": \"stdio\", \"work_dir\": \"%s\"}", root);
        r = t_run_in(warm ? pool : NULL, req);
        t_assert_ok(r);
        snprintf(want, sizeof want, "\"%s/sub/prog.py\"", root);
        assert_string_equal(t_result_text(r), want);
        cJSON_Delete(r);
        r = t_run_in(warm ? pool : NULL, "{\"code\": \"result = '__file__' in globals()\"}");
        t_assert_ok(r);
        assert_string_equal(t_result_text(r), "false");
        cJSON_Delete(r);
    }
    pw_pool_destroy(pool);
    t_rmtree(root);
}

/* ---- invalid_result ---- */

static void invalid_result_path_and_type(void **state)
{
    (void)state;
    cJSON *r = code("def main(inputs):\n    return {'items': [1, 2, 3, {4}]}\n", NULL, NULL);
    t_assert_error(r, "invalid_result", "result.items[3]");
    assert_str(r, "path", "result.items[3]");
    assert_str(r, "python_type", "set");
    cJSON_Delete(r);

    r = code("result = {'a b': b'bytes'}\n", NULL, NULL);
    t_assert_error(r, "invalid_result", NULL);
    assert_str(r, "path", "result[\"a b\"]");
    assert_str(r, "python_type", "bytes");
    cJSON_Delete(r);

    r = code("result = {'x': [float('nan')]}\n", NULL, NULL);
    t_assert_error(r, "invalid_result", "NaN");
    assert_str(r, "path", "result.x[0]");
    assert_str(r, "python_type", "float");
    cJSON_Delete(r);

    r = code("result = []\nresult.append(result)\n", NULL, NULL);
    t_assert_error(r, "invalid_result", "cyclic");
    assert_str(r, "path", "result[0]");
    assert_str(r, "python_type", "list");
    cJSON_Delete(r);

    r = code("result = {(1, 2): 'x'}\n", NULL, NULL);
    t_assert_error(r, "invalid_result", "not a string, int, float, bool or None");
    assert_str(r, "path", "result");
    assert_str(r, "python_type", "tuple");
    cJSON_Delete(r);
}

/* output_limit for the result: the default max_result_bytes is 16 MiB of JSON text. */
static void result_over_max_result_bytes(void **state)
{
    (void)state;
    cJSON *r = code("result = 'x' * (16 << 20)\n", NULL, NULL); /* 2 bytes over with quotes */
    t_assert_error(r, "output_limit", "max_result_bytes (16777216)");
    assert_str(r, "stream", "result");
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(r, "result")));
    cJSON_Delete(r);

    /* In stdio mode too: the line was cut at the cap and then refused as "a cut string". */
    const char *small = "{\"mode\":\"stdio\",\"policy\":{\"extends\":\"default\","
                        "\"max_result_bytes\":20}}";
    r = code("print('\"' + 'z' * 19 + '\"')\n", NULL, small);
    t_assert_error(r, "output_limit", "max_result_bytes (20)");
    assert_str(r, "stream", "result");
    cJSON_Delete(r);
    r = code("print('[' + '1,' * 9 + '1]')\n", NULL, small); /* 21 bytes, a cut number */
    t_assert_error(r, "output_limit", "max_result_bytes (20)");
    cJSON_Delete(r);
    r = code("print('\"' + 'z' * 18 + '\"  \\r')\n", NULL, small); /* at the cap, then blanks */
    t_assert_ok(r);
    assert_string_equal(result_text(), "\"zzzzzzzzzzzzzzzzzz\"");
    cJSON_Delete(r);

    r = code("result = 'x' * ((16 << 20) - 2)\n", NULL, NULL); /* exactly at the cap */
    t_assert_ok(r);
    assert_int_equal(strlen(str_of(r, "result")), (16u << 20) - 2);
    cJSON_Delete(r);
}

static void exact_values_through_a_run(void **state)
{
    (void)state;
    cJSON *r = code("def main(inputs):\n    return {'a': inputs['a'], 'b': inputs['b'] + 1,"
                    " 'f': 0.1 + 0.2, 'big': 10**40, 's': inputs['s'] + '\\U0001F600',"
                    " 'neg0': inputs['z'], 't': [type(inputs[k]).__name__ for k in 'abz']}\n",
                    "{\"a\":9007199254740993,\"b\":18446744073709551617,\"z\":-0.0,"
                    "\"s\":\"\\u00e9\\ud83d\\ude00\"}",
                    NULL);
    t_assert_ok(r);
    assert_string_equal(result_text(),
                        "{\"a\":9007199254740993,\"b\":18446744073709551618,"
                        "\"f\":0.30000000000000004,\"big\":10000000000000000000000000000000"
                        "000000000,\"s\":\"\xC3\xA9\xF0\x9F\x98\x80\xF0\x9F\x98\x80\","
                        "\"neg0\":-0.0,\"t\":[\"int\",\"int\",\"float\"]}");
    cJSON_Delete(r);
}

/* ---- crashed ---- */

static void crashed_exit_status_and_signal(void **state)
{
    (void)state;
    cJSON *r = run_os(
        "import os\ndef main(inputs):\n    print('bye', flush=True)\n    os._exit(3)\n", NULL);
    t_assert_error(r, "crashed", "status 3");
    assert_num(r, "exit_status", 3);
    assert_string_equal(str_of(r, "stdout"), "bye\n");
    cJSON_Delete(r);

    r = run_os("import os\nos._exit(0)\n", NULL);
    t_assert_error(r, "crashed", "status 0");
    assert_num(r, "exit_status", 0);
    cJSON_Delete(r);

    r = run_os("import os\ndef main(inputs):\n    os.kill(os.getpid(), 11)\n", NULL);
    t_assert_error(r, "crashed", "signal 11");
    assert_num(r, "signal", 11);
    cJSON_Delete(r);

    r = run_os("import signal\nsignal.raise_signal(signal.SIGABRT)\n", NULL);
    t_assert_error(r, "crashed", "signal 6");
    assert_num(r, "signal", 6);
    cJSON_Delete(r);
    /* A SIGKILL pywarden did not send (a container's OOM killer sends one, found in Docker
     * with --memory below memory_mb): the message says where to look. */
    r = run_os("import os\nos.kill(os.getpid(), 9)\n", NULL);
    t_assert_error(r, "crashed", "signal 9 (Killed), not by pywarden: the kernel's OOM killer");
    assert_num(r, "signal", 9);
    cJSON_Delete(r);
}

/* ---- entry conventions ---- */

static void convention_main_and_named_entry(void **state)
{
    (void)state;
    cJSON *r = code("def main(inputs):\n    return {'n': inputs['n'] * 2}\n", "{\"n\":21}", NULL);
    t_assert_ok(r);
    assert_string_equal(result_text(), "{\"n\":42}");
    cJSON_Delete(r);

    r = code("def main(inputs):\n    return 'main'\ndef other(inputs):\n    return inputs['n']\n",
             "{\"n\":7}", "{\"entry\":\"other\"}");
    t_assert_ok(r);
    assert_string_equal(result_text(), "7");
    cJSON_Delete(r);

    r = code("def main(inputs):\n    return 1\n", NULL, "{\"entry\":\"nope\"}");
    t_assert_error(r, "invalid_request", "entry 'nope'");
    assert_str(r, "field", "entry");
    cJSON_Delete(r);

    r = code("def main():\n    return 'no args'\n", "{\"n\":1}", NULL);
    t_assert_ok(r);
    assert_string_equal(result_text(), "\"no args\"");
    cJSON_Delete(r);

    r = code("import asyncio\nasync def main(inputs):\n    await asyncio.sleep(0)\n"
             "    return inputs['n'] + 1\n",
             "{\"n\":1}", NULL);
    t_assert_ok(r);
    assert_string_equal(result_text(), "2");
    cJSON_Delete(r);

    r = code("def main(inputs):\n    return None\n", NULL, NULL);
    t_assert_ok(r);
    assert_string_equal(result_text(), "null");
    cJSON_Delete(r);
}

static void convention_result_variable(void **state)
{
    (void)state;
    cJSON *r =
        code("result = {'sum': inputs['a'] + input_data['b'], 'same': inputs is input_data}\n",
             "{\"a\":1,\"b\":2}", NULL);
    t_assert_ok(r);
    assert_string_equal(result_text(), "{\"sum\":3,\"same\":true}");
    cJSON_Delete(r);

    r = code("result = [__name__ != '__main__', __name__]\n", NULL, NULL);
    t_assert_ok(r);
    assert_string_equal(result_text(), "[true,\"pywarden_job\"]");
    cJSON_Delete(r);

    r = code("result = inputs\n", NULL, NULL); /* no inputs given: {} */
    t_assert_ok(r);
    assert_string_equal(result_text(), "{}");
    cJSON_Delete(r);

    r = script("result_style.py", FIXTURES, "{\"values\":[1,2,3.5]}", NULL);
    t_assert_ok(r);
    assert_string_equal(result_text(), "{\"total\":6.5,\"count\":3,\"same\":true}");
    cJSON_Delete(r);
}

static void no_convention_names_all_three(void **state)
{
    (void)state;
    cJSON *r = code("x = 1\n", NULL, NULL);
    t_assert_error(r, "invalid_request", "main(inputs)");
    const char *m = t_err_str(r, "message");
    assert_non_null(strstr(m, "'result'"));
    assert_non_null(strstr(m, "stdio"));
    assert_str(r, "field", "code");
    cJSON_Delete(r);

    r = code("main = 5\n", NULL, NULL); /* not callable */
    t_assert_error(r, "invalid_request", "main(inputs)");
    assert_null(strstr(t_err_str(r, "message"), "Zapier"));
    cJSON_Delete(r);

    /* a Zapier code step's convention: input_data in, `output` out */
    r = code("output = {'greeting': 'Hi ' + input_data['name']}\n", "{\"name\":\"Zo\u00eb\"}",
             NULL);
    t_assert_error(r, "invalid_request",
                   "the code assigns 'output', as a Zapier code step returns its result: name it "
                   "'result' here, or send \"mode\": \"body\", where 'output' is the result");
    cJSON_Delete(r);
    /* a program whose work is in its __main__ block: said why nothing ran, and what runs it */
    r = code(
        "import json\ndata = {'a': 1}\nif __name__ == '__main__':\n    print(json.dumps(data))\n",
        NULL, NULL);
    t_assert_error(r, "invalid_request",
                   "; its `if __name__ == \"__main__\":` block did not run (the code runs as "
                   "module pywarden_job): send \"mode\": \"stdio\" to run it as python3 runs a "
                   "program");
    cJSON_Delete(r);
}

static void seed_script_as_main(void **state)
{
    (void)state;
    cJSON *r = script("hello.py", FIXTURES, "{\"name\":\"pw\",\"n\":9007199254740993}", NULL);
    t_assert_ok(r);
    /* The __main__ block did not run: nothing read stdin, nothing printed. */
    assert_string_equal(str_of(r, "stdout"), "");
    assert_string_equal(result_text(),
                        "{\"success\":true,\"message\":\"Hello, pw!\",\"n\":9007199254740993}");
    cJSON_Delete(r);

    r = script("hello.py", FIXTURES, "{\"name\":\"fail\"}", NULL);
    t_assert_error(r, "exception", "ValueError: no fail allowed");
    assert_num(r, "line", 11);
    assert_str(r, "traceback",
               "Traceback (most recent call last):\n"
               "  File \"hello.py\", line 11, in main\n"
               "    raise ValueError('no fail allowed')\n"
               "ValueError: no fail allowed\n");
    cJSON_Delete(r);
}

static void seed_script_in_stdio_mode(void **state)
{
    (void)state;
    cJSON *r = script("hello.py", FIXTURES, "{\"name\":\"pw\",\"n\":9007199254740993}", "stdio");
    t_assert_ok(r);
    assert_string_equal(str_of(r, "stdout"), "{\"success\": true, \"message\": \"Hello, pw!\", "
                                             "\"n\": 9007199254740993}\n");
    assert_string_equal(result_text(),
                        "{\"success\":true,\"message\":\"Hello, pw!\",\"n\":9007199254740993}");
    cJSON_Delete(r);

    /* sys.exit(1): a failure that still carries what the script printed. */
    r = script("hello.py", FIXTURES, "{\"name\":\"fail\"}", "stdio");
    t_assert_error(r, "exception", "status 1");
    assert_str(r, "exception", "SystemExit");
    assert_num(r, "exit_status", 1);
    assert_string_equal(result_text(), "{\"success\":false,\"error\":\"no fail allowed\"}");
    assert_string_equal(str_of(r, "stdout"),
                        "{\"success\": false, \"error\": \"no fail allowed\"}\n");
    cJSON_Delete(r);

    r = script("stdio_only.py", FIXTURES, "{\"n\":21}", "stdio");
    t_assert_ok(r);
    assert_string_equal(result_text(), "{\"doubled\":42}");
    assert_string_equal(str_of(r, "stdout"), "working...\n{\"doubled\": 42}\n");
    cJSON_Delete(r);
}

/* Runs src in stdio mode with inputs and expects ok with the result text want. */
static void assert_stdio_result(const char *src, const char *inputs, const char *want)
{
    cJSON *r = code(src, inputs, "{\"mode\":\"stdio\"}");
    t_assert_ok(r);
    assert_string_equal(result_text(), want);
    cJSON_Delete(r);
}

/* Inputs larger than a pipe holds (1 MiB for a run; 8 KiB once the uid's pipe quota is used
 * up, which every run of that uid shares) are fed to fd 0 as the run reads them, cold and
 * warm: before, fd 0 read nothing and only sys.stdin had them. A run that stops reading
 * early ends as usual. */
static void stdio_inputs_larger_than_a_pipe_are_on_fd_0(void **state)
{
    (void)state;
    size_t n = 3u << 20;
    char *inputs = malloc(n + 16);
    assert_non_null(inputs);
    memcpy(inputs, "{\"x\":\"", 6);
    memset(inputs + 6, 'a', n);
    memcpy(inputs + 6 + n, "\"}", 3);
    char want[64];
    snprintf(want, sizeof want, "[%zu,0]", n + 8);
    /* a process the run forks (trusted allows it) must not hold the feeding end open: the
     * run's stdin would never end, and it read until its deadline */
    const char *runs[][3] = {
        {"import sys, json\nd = open(0).read()\nprint(json.dumps([len(d), sys.stdin.fileno()]))\n",
         "{\"mode\":\"stdio\"}", want},
        {"import sys\nsys.stdin.read(10)\nsys.stdin.close()\nprint(7)\n", "{\"mode\":\"stdio\"}",
         "7"},
        {"import json, os, sys, time\nif os.fork() == 0:\n    time.sleep(5)\n    os._exit(0)\n"
         "print(json.dumps([len(sys.stdin.read()), sys.stdin.fileno()]))\n",
         "{\"mode\":\"stdio\",\"policy\":\"trusted\",\"timeout_ms\":2000}", want},
    };
    for (int warm = 0; warm < 2; warm++)
        for (size_t i = 0; i < sizeof runs / sizeof *runs; i++) {
            cJSON *r = t_run_code_in(warm, runs[i][0], inputs, runs[i][1]);
            t_assert_ok(r);
            assert_string_equal(t_result_text(r), runs[i][2]);
            cJSON_Delete(r);
        }
    free(inputs);
}

static void stdio_mode_details(void **state)
{
    (void)state;
    const char *stdio = "{\"mode\":\"stdio\"}";
    /* The last non-empty line is the result; blank lines after it do not count. */
    cJSON *r = code("print('[1]')\nprint('{\"a\": 2}')\nprint()\nprint('   ')\n", NULL, stdio);
    t_assert_ok(r);
    assert_string_equal(result_text(), "{\"a\":2}");
    assert_string_equal(str_of(r, "stdout"), "[1]\n{\"a\": 2}\n\n   \n");
    cJSON_Delete(r);

    /* No newline at the end: the last line still counts. */
    assert_stdio_result("import sys\nsys.stdout.write('3')\n", NULL, "3");
    /* Inputs arrive on stdin exactly. */
    assert_stdio_result("import sys\nprint(sys.stdin.read())\n",
                        "{\"n\":18446744073709551617,\"f\":1.10}",
                        "{\"n\":18446744073709551617,\"f\":1.10}");
    /* ... and on fd 0 itself, as python3's stdin */
    assert_stdio_result("import sys, json\n"
                        "print(json.dumps([sys.stdin.fileno(), json.loads(open(0).read())]))\n",
                        "{\"n\":1}", "[0,{\"n\":1}]");
    /* exit() and quit(), which python3's site module provides, end a script as there. */
    assert_stdio_result("print('[5]')\nexit(0)\nprint('never')\n", NULL, "[5]");
    r = code("quit(4)\n", NULL, stdio);
    t_assert_error(r, "exception", "the script exited with status 4");
    cJSON_Delete(r);
    /* The status is what python3's exit() leaves its host: the low 8 bits of the int (an
     * int beyond a C long counts as -1), so -1 and 10**30 are 255 and 256 is success. */
    const char *const wrapped[][2] = {{"-1", "255"}, {"10**30", "255"}, {"-2", "254"}};
    for (size_t i = 0; i < sizeof wrapped / sizeof *wrapped; i++) {
        char src[64], says[64];
        snprintf(src, sizeof src, "import sys\nprint('[7]')\nsys.exit(%s)\n", wrapped[i][0]);
        snprintf(says, sizeof says, "the script exited with status %s", wrapped[i][1]);
        r = code(src, NULL, stdio);
        assert_str(r, "message", says);
        assert_num(r, "exit_status", atoi(wrapped[i][1]));
        assert_string_equal(str_of(r, "stdout"), "[7]\n");
        cJSON_Delete(r);
    }
    assert_stdio_result("import sys\nprint('[7]')\nsys.exit(256)\n", NULL, "[7]");
    /* a message as the exit code goes to stderr with its newline, and the status is 1 */
    r = code("import sys\nsys.exit('fatal')\n", NULL, stdio);
    /* ... and the error says it, as hosts show the message, not stderr */
    assert_str(r, "message", "the script exited with status 1: fatal");
    assert_num(r, "exit_status", 1);
    assert_string_equal(str_of(r, "stderr"), "fatal\n");
    cJSON_Delete(r);
    r = code("import sys\nsys.exit('a' + '\\u00e9' * 600)\n", NULL, stdio);
    char want[600] = "the script exited with status 1: a";
    for (int i = 0; i < 249; i++) /* 500 bytes at most, cut at a character */
        strcat(want, "\xc3\xa9");
    strcat(want, "...");
    assert_str(r, "message", want);
    cJSON_Delete(r);
    /* the whole message went into the child's report: 20 MB of it answered output_limit */
    r = code("import sys\nsys.exit('big ' + 'x' * 20_000_000)\n", NULL, stdio);
    char big[600] = "the script exited with status 1: big ";
    memset(big + strlen(big), 'x', 496);
    strcat(big, "...");
    assert_str(r, "type", "exception");
    assert_str(r, "message", big);
    assert_num(r, "exit_status", 1);
    cJSON_Delete(r);
    /* as python3 before it exits, the script's non-daemon threads are waited for */
    assert_stdio_result("import threading, time\n"
                        "def late():\n    time.sleep(0.2)\n    print('[\"from the thread\"]')\n"
                        "threading.Thread(target=late).start()\nprint('[\"started\"]')\n",
                        NULL, "[\"from the thread\"]");
    /* An uncaught exception's traceback goes to stderr too, as python3 writes it. */
    r = code("print('[6]')\nraise ValueError('bad input')\n", NULL, stdio);
    t_assert_error(r, "exception", "ValueError: bad input");
    assert_num(r, "exit_status", 1);
    assert_string_equal(str_of(r, "stderr"),
                        "Traceback (most recent call last):\n  File \"<code>\", line 2, in "
                        "<module>\n    raise ValueError('bad input')\nValueError: bad input\n");
    cJSON_Delete(r);

    /* A sys.excepthook the script set is called instead, as python3 calls it (a legacy
     * script's way to print its error as JSON); one that fails leaves the traceback. */
    for (int warm = 0; warm < 2; warm++) {
        r = t_run_code_in(warm,
                          "import sys, json\n"
                          "sys.excepthook = lambda t, v, tb: print(json.dumps({'error': str(v)}))\n"
                          "raise ValueError('bad input')\n",
                          NULL, stdio);
        t_assert_error(r, "exception", "ValueError: bad input");
        assert_num(r, "exit_status", 1);
        assert_string_equal(str_of(r, "stdout"), "{\"error\": \"bad input\"}\n");
        assert_string_equal(str_of(r, "stderr"), "");
        cJSON_Delete(r);
    }
    r = code("import sys\nsys.excepthook = lambda *a: 1 / 0\nraise ValueError('bad')\n", NULL,
             stdio);
    t_assert_error(r, "exception", "ValueError: bad");
    assert_non_null(strstr(str_of(r, "stderr"), "ValueError: bad\n"));
    cJSON_Delete(r);

    /* __name__ is '__main__' here: the legacy program runs as a program. */
    assert_stdio_result("import json\nprint(json.dumps(__name__))\n", NULL, "\"__main__\"");

    r = code("print('not json')\n", NULL, stdio);
    t_assert_error(r, "invalid_result",
                   "not JSON pywarden passes on: not a JSON value (it reads "
                   "'not json')");
    assert_str(r, "path", "stdout");
    assert_string_equal(str_of(r, "stdout"), "not json\n");
    cJSON_Delete(r);
    /* json.dumps' NaN: said what it is, not "not a JSON value" */
    r = code("import json\nprint(json.dumps({'a': [1, float('-inf')]}))\n", NULL, stdio);
    t_assert_error(r, "invalid_result",
                   "not JSON pywarden passes on: NaN and Infinity are not JSON (RFC 8259), though "
                   "json.dumps writes them (json.dumps(..., allow_nan=False) finds them) (it reads "
                   "'{\"a\": [1, -Infinity]}')");
    cJSON_Delete(r);
    /* JSON printed over several lines: the message says the result is one line */
    r = code("import json\nprint(json.dumps({'a': [1]}, indent=2))\n", NULL, stdio);
    t_assert_error(r, "invalid_result",
                   "(it reads '}'); the result is read from that one line: "
                   "print it on one line (json.dumps without indent)");
    cJSON_Delete(r);

    r = code("print(float('nan'))\n", NULL, stdio); /* NaN is not JSON (RFC 8259) */
    t_assert_error(r, "invalid_result", NULL);
    cJSON_Delete(r);

    /* The line is passed on compacted, cold and warm: a CR between its tokens (JSON
     * whitespace) would split an answer line for hosts that end lines at CR, and show them
     * an answer the run made up. A key twice is refused as in main mode. */
    for (int warm = 0; warm < 2; warm++) {
        char *text = t_run_text(warm, "{\"mode\":\"stdio\",\"code\":\"print('[\\\\r{\\\"id\\\": "
                                      "1}\\\\r]')\"}");
        if (strchr(text, '\r') || !strstr(text, "\"result\":[{\"id\":1}]"))
            fail_msg("%s: %s", warm ? "warm" : "cold", text);
        pw_free(text);
        cJSON *twice =
            t_run_code_in(warm, "print('{\"admin\": false, \"admin\": true}')\n", NULL, stdio);
        t_assert_error(twice, "invalid_result", "an object holds a key twice");
        cJSON_Delete(twice);
    }

    r = code("import sys\nprint('[2]')\nsys.exit(0)\n", NULL, stdio);
    t_assert_ok(r);
    assert_string_equal(result_text(), "[2]");
    cJSON_Delete(r);

    r = code("print('[2]')\nraise ValueError('late')\n", NULL, stdio);
    t_assert_error(r, "exception", "ValueError: late");
    assert_num(r, "line", 2);
    cJSON_Delete(r);
}

/* ---- nothing after the result ---- */

static void no_output_after_result(void **state)
{
    (void)state;
    const char *src = "import atexit, weakref\n"
                      "atexit.register(print, 'X')\n"
                      "class D:\n"
                      "    def __del__(self):\n"
                      "        print('DEL')\n"
                      "keep = D()\n"
                      "class T: pass\n"
                      "t = T()\n"
                      "weakref.finalize(t, print, 'FIN')\n"
                      "def main(inputs):\n"
                      "    global keep\n"
                      "    return 'r'\n";
    cJSON *r = code(src, NULL, NULL);
    t_assert_ok(r);
    assert_string_equal(str_of(r, "stdout"), "");
    assert_string_equal(str_of(r, "stderr"), "");
    assert_string_equal(result_text(), "\"r\"");
    cJSON_Delete(r);

    /* stdio mode ends as python3 does: atexit handlers run before the result is read from
     * stdout (so their output counts), finalizers do not */
    r = code("import atexit\natexit.register(print, '[2]')\nclass D:\n    def __del__(self):\n"
             "        print('DEL')\nkeep = D()\nprint('[1]')\n",
             NULL, "{\"mode\":\"stdio\"}");
    t_assert_ok(r);
    assert_string_equal(str_of(r, "stdout"), "[1]\n[2]\n");
    assert_string_equal(result_text(), "[2]");
    cJSON_Delete(r);
}

static void utf8_output(void **state)
{
    (void)state;
    /* The child's environment is empty (C locale): output must still be UTF-8. */
    cJSON *r = code("import sys\nprint('\\u00e9\\U0001F600')\nprint('\\u00e9', file=sys.stderr)\n"
                    "result = [sys.stdout.encoding, sys.flags.utf8_mode]\n",
                    NULL, NULL);
    t_assert_ok(r);
    assert_string_equal(str_of(r, "stdout"), "\xC3\xA9\xF0\x9F\x98\x80\n");
    assert_string_equal(str_of(r, "stderr"), "\xC3\xA9\n");
    assert_string_equal(result_text(), "[\"utf-8\",1]");
    cJSON_Delete(r);
}

/* User code that can reach fd 3 (trusted policy: os allowed) writes a fake report, before
 * the real one or instead of it: the supervisor must void the run, never return the fake. */
static void forged_report_is_refused(void **state)
{
    (void)state;
    const char *fakes[] = {
        "import os\nos.write(3, b'{}\\n[\"fake\"]')\nos._exit(0)",
        "import os\nos.write(3, b'x\\n{}\\n1')\nresult = 2",
    };
    for (size_t i = 0; i < sizeof fakes / sizeof *fakes; i++) {
        cJSON *r = t_run_code(fakes[i], NULL, "{\"policy\":\"trusted\"}");
        t_assert_error(r, "policy_violation", "result channel");
        assert_string_equal(t_err_str(r, "event"), "result_channel");
        assert_true(cJSON_IsNull(cJSON_GetObjectItem(r, "result")));
        cJSON_Delete(r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(exception_fields_and_user_traceback),
        cmocka_unit_test(exception_notes_and_groups_in_traceback),
        cmocka_unit_test(traceback_hides_stdlib_and_importlib_frames),
        cmocka_unit_test(system_exit_and_keyboard_interrupt_are_exceptions),
        cmocka_unit_test(top_level_exit_zero_ends_the_code),
        cmocka_unit_test(stdin_program_in_main_mode_is_told_of_stdio),
        cmocka_unit_test(exception_with_hostile_str),
        cmocka_unit_test(syntax_error_line_and_column),
        cmocka_unit_test(syntax_error_names_notebook_lines),
        cmocka_unit_test(invalid_request_malformed),
        cmocka_unit_test(invalid_request_fields),
        cmocka_unit_test(invalid_request_timeout),
        cmocka_unit_test(invalid_request_inputs_limits),
        cmocka_unit_test(invalid_request_script_outside_work_dir),
        cmocka_unit_test(script_has_its_file),
        cmocka_unit_test(invalid_request_work_dirs),
        cmocka_unit_test(no_work_dir_from_the_root_grants_nothing),
        cmocka_unit_test(invalid_result_path_and_type),
        cmocka_unit_test(result_over_max_result_bytes),
        cmocka_unit_test(exact_values_through_a_run),
        cmocka_unit_test(crashed_exit_status_and_signal),
        cmocka_unit_test(convention_main_and_named_entry),
        cmocka_unit_test(convention_result_variable),
        cmocka_unit_test(no_convention_names_all_three),
        cmocka_unit_test(seed_script_as_main),
        cmocka_unit_test(seed_script_in_stdio_mode),
        cmocka_unit_test(stdio_mode_details),
        cmocka_unit_test(stdio_inputs_larger_than_a_pipe_are_on_fd_0),
        cmocka_unit_test(no_output_after_result),
        cmocka_unit_test(utf8_output),
        cmocka_unit_test(forged_report_is_refused),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    t_pool_stop();
    return rc;
}
