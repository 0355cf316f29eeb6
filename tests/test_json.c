/* Unit tests of src/jsonconv.h, both ways, in this process: exact numbers, exact floats,
 * Unicode, and Python values JSON cannot hold, which must be refused without running any
 * user-defined method. Python is initialised here (no child process). */
#include "helpers.h"

#include <Python.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "jsonconv.h"

#ifdef PW_SANITIZED
/* Py_FinalizeEx does not free everything libpython allocated; those are not our leaks. */
const char *__lsan_default_suppressions(void);
__attribute__((used)) const char *__lsan_default_suppressions(void)
{
    return "leak:libpython3\n";
}
#endif

static PyObject *g_globals; /* the namespace the tests' Python snippets run in */

static int setup(void **state)
{
    (void)state;
    Py_InitializeEx(0);
    g_globals = PyDict_New();
    PyDict_SetItemString(g_globals, "__builtins__", PyEval_GetBuiltins());
    /* As pw_interp_init does: results keep integers of any size. */
    PyObject *r = PyRun_String("import sys, json\nsys.set_int_max_str_digits(0)\n", Py_file_input,
                               g_globals, g_globals);
    if (!r) PyErr_Print();
    Py_XDECREF(r);
    return r ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    Py_CLEAR(g_globals);
    return Py_FinalizeEx() == 0 ? 0 : -1;
}

/* ---- small helpers ---- */

static void py_exec(const char *code)
{
    PyObject *r = PyRun_String(code, Py_file_input, g_globals, g_globals);
    if (!r) {
        PyErr_Print();
        fail_msg("python failed: %s", code);
    }
    Py_DECREF(r);
}

/* New reference to the value of a Python expression. */
static PyObject *py_eval(const char *expr)
{
    PyObject *r = PyRun_String(expr, Py_eval_input, g_globals, g_globals);
    if (!r) {
        PyErr_Print();
        fail_msg("python failed: %s", expr);
    }
    return r;
}

static bool py_true(const char *expr)
{
    PyObject *r = py_eval(expr);
    bool t = PyObject_IsTrue(r) == 1;
    Py_DECREF(r);
    return t;
}

/* Python value -> JSON text; the text is malloc'd, NULL when refused (err filled). */
static char *to_json_err(PyObject *obj, size_t max, pw_json_error *err)
{
    pw_buf out = {0};
    bool ok = pw_py_to_json(obj, "result", max, false, &out, err);
    assert_false(PyErr_Occurred());
    if (!ok) {
        pw_buf_free(&out);
        return NULL;
    }
    pw_buf_putc(&out, '\0');
    return out.data;
}

/* Serialises the expression's value and compares with the expected text. */
static void assert_json_of(const char *expr, const char *expected)
{
    PyObject *v = py_eval(expr);
    pw_json_error err;
    char *text = to_json_err(v, SIZE_MAX, &err);
    Py_DECREF(v);
    if (!text) fail_msg("%s refused: %s at %s", expr, err.reason, err.path);
    assert_string_equal(text, expected);
    free(text);
}

/* Serialising the expression must fail at path with python_type and a reason containing
 * fragment. */
static void assert_refused(const char *expr, const char *path, const char *type,
                           const char *fragment)
{
    PyObject *v = py_eval(expr);
    pw_json_error err;
    char *text = to_json_err(v, SIZE_MAX, &err);
    Py_DECREF(v);
    if (text) fail_msg("%s was serialised as %s", expr, text);
    assert_string_equal(err.path, path);
    assert_string_equal(err.py_type, type);
    assert_non_null(strstr(err.reason, fragment));
    assert_false(err.too_large);
}

/* JSON text -> Python value bound to the global `v`. */
static void bind_v_from_json(const char *text)
{
    PyObject *v = pw_json_text_to_py(text);
    if (!v) fail_msg("read %s", text);
    PyDict_SetItemString(g_globals, "v", v);
    Py_DECREF(v);
}

/* ---- text -> cJSON ---- */

static void parse_keeps_number_text(void **state)
{
    (void)state;
    const char *text = "{\"a\":9007199254740993,\"b\":[1.10,-0,1E400,-0.0,18446744073709551617,"
                       "2.5e-3]}";
    const char *why = NULL;
    cJSON *j = pw_json_parse_exact(text, &why);
    assert_non_null(j);
    char *back = cJSON_PrintUnformatted(j);
    assert_string_equal(back, text);
    free(back);
    cJSON_Delete(j);
}

static void parse_numbers_inside_strings_do_not_shift(void **state)
{
    (void)state;
    /* Digits, quotes and escapes inside strings must not be taken for numbers. */
    const char *text = "{\"1.5\":\"-2 \\\" 3e4\\\\\",\"x\":[\"7\",12345678901234567890]}";
    const char *why = NULL;
    cJSON *j = pw_json_parse_exact(text, &why);
    assert_non_null(j);
    char *back = cJSON_PrintUnformatted(j);
    assert_string_equal(back, text);
    free(back);
    cJSON_Delete(j);
}

static void parse_refuses_non_rfc_numbers(void **state)
{
    (void)state;
    const char *bad[] = {"[01]",        "[1.]",   "[-01]",   "[-]",   "[.5]",
                         "[+1]",        "[1e]",   "[1e+]",   "[NaN]", "[Infinity]",
                         "[-Infinity]", "[0x10]", "[1.5.3]", "[--1]"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        const char *why = NULL;
        cJSON *j = pw_json_parse_exact(bad[i], &why);
        if (j) fail_msg("%s was accepted", bad[i]);
        assert_non_null(why);
    }
    const char *good[] = {"[0]", "[-0]", "[0.5e-3]", "[1E+2]", "[10]", "[-0.0]", "[1e400]"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        const char *why = NULL;
        cJSON *j = pw_json_parse_exact(good[i], &why);
        if (!j) fail_msg("%s was refused: %s", good[i], why);
        cJSON_Delete(j);
    }
}

/* cJSON would cut "a\u0000b" to "a" silently: such strings stay their literal. */
static void parse_keeps_strings_with_nul(void **state)
{
    (void)state;
    const char *why = NULL;
    cJSON *j = pw_json_parse_exact("{\"s\":\"a\\u0000b\",\"t\":[\"\\u0000\"]}", &why);
    assert_non_null(j);
    assert_true(pw_json_is_nul_string(cJSON_GetObjectItem(j, "s")));
    char *again = cJSON_PrintUnformatted(j);
    assert_string_equal(again, "{\"s\":\"a\\u0000b\",\"t\":[\"\\u0000\"]}");
    free(again);
    cJSON_Delete(j);
    assert_null(pw_json_parse_exact("{\"k\\u0000\":1}", &why));
    assert_non_null(strstr(why, "keys containing U+0000"));
    /* An escaped backslash followed by u0000 is six ordinary characters. */
    j = pw_json_parse_exact("{\"s\":\"a\\\\u0000b\"}", &why);
    assert_non_null(j);
    assert_string_equal(cJSON_GetObjectItem(j, "s")->valuestring, "a\\u0000b");
    cJSON_Delete(j);
}

static void get_int_and_depth(void **state)
{
    (void)state;
    const char *why;
    cJSON *j = pw_json_parse_exact("[30000,1e3,1.0,9223372036854775808,-5,0]", &why);
    const cJSON *e = j->child;
    long long v = 0;
    assert_true(pw_json_get_int(e, 1, 86400000, &v));
    assert_int_equal(v, 30000);
    assert_false(pw_json_get_int(e->next, 1, 86400000, &v));              /* 1e3 */
    assert_false(pw_json_get_int(e->next->next, 1, 86400000, &v));        /* 1.0 */
    assert_false(pw_json_get_int(e->next->next->next, 1, LLONG_MAX, &v)); /* 2**63 */
    assert_false(pw_json_get_int(e->next->next->next->next, 1, 100, &v)); /* -5 */
    assert_true(pw_json_get_int(e->next->next->next->next->next, 0, 0, &v));
    cJSON_Delete(j);
    cJSON *plain = cJSON_CreateNumber(5.0);
    assert_true(pw_json_get_int(plain, 1, 10, &v));
    assert_int_equal(v, 5);
    cJSON_Delete(plain);

    j = pw_json_parse_exact("{\"a\":[[]],\"b\":{}}", &why);
    assert_int_equal(pw_json_depth(j), 3);
    assert_int_equal(pw_json_depth(j->child->next), 1);
    cJSON_Delete(j);
    cJSON *s = cJSON_CreateString("x");
    assert_int_equal(pw_json_depth(s), 0);
    cJSON_Delete(s);
}

/* ---- cJSON -> Python ---- */

static void inputs_exact_integers(void **state)
{
    (void)state;
    bind_v_from_json("{\"a\":9007199254740993,\"b\":18446744073709551617,\"c\":-0,"
                     "\"d\":-18446744073709551617,\"e\":123456789012345678901234567890}");
    assert_true(py_true("type(v['a']) is int and v['a'] == 2**53 + 1"));
    assert_true(py_true("type(v['b']) is int and v['b'] == 2**64 + 1"));
    assert_true(py_true("type(v['c']) is int and v['c'] == 0"));
    assert_true(py_true("v['d'] == -(2**64 + 1)"));
    assert_true(py_true("v['e'] == 123456789012345678901234567890"));
}

static void inputs_floats_as_json_loads(void **state)
{
    (void)state;
    /* Each number must become exactly what Python's own json.loads makes of its text:
     * same type and same repr (so -0.0 keeps its sign and 1e400 is inf, as in json). */
    const char *lexemes[] = {"-0.0",
                             "1e400",
                             "-1e400",
                             "0.1",
                             "1.7976931348623157e308",
                             "5e-324",
                             "1E2",
                             "2.5e-3",
                             "0.30000000000000004",
                             "1e-7",
                             "9007199254740993.0",
                             "-0",
                             "1e16"};
    for (size_t i = 0; i < sizeof lexemes / sizeof *lexemes; i++) {
        char text[128], check[256];
        snprintf(text, sizeof text, "{\"v\":%s}", lexemes[i]);
        bind_v_from_json(text);
        snprintf(check, sizeof check,
                 "(lambda w: type(w) is type(v['v']) and repr(w) == repr(v['v']))"
                 "(json.loads('%s')['v'])",
                 text);
        if (!py_true(check)) fail_msg("%s differs from json.loads", lexemes[i]);
    }
    bind_v_from_json("{\"z\":-0.0,\"inf\":1e400}");
    assert_true(py_true("str(v['z']) == '-0.0' and v['inf'] == float('inf')"));
}

static void inputs_strings_and_structure(void **state)
{
    (void)state;
    bind_v_from_json("{\"s\":\"\\ud83d\\ude00 \\u00e9\\u2028\\n\",\"raw\":\"😀\",\"l\":[null,true,"
                     "false,[],{}],\"é\":1}");
    assert_true(py_true("v['s'] == '\\U0001F600 \\u00e9\\u2028\\n' and len(v['s']) == 5"));
    assert_true(py_true("v['raw'] == '\\U0001F600'"));
    assert_true(py_true("v['l'] == [None, True, False, [], {}] and v['l'][1] is True"));
    assert_true(py_true("list(v) == ['s', 'raw', 'l', '\\u00e9']"));
}

/* Inputs are read from their text straight into Python: checked as strictly as the tree was
 * (nothing malformed becomes a value), a key twice is the last, as json.loads, and objects
 * share one str per key (36 000 rows of four keys: four key objects). */
static void inputs_read_directly(void **state)
{
    (void)state;
    const char *bad[] = {"{\"a\":01}",
                         "{\"a\":1,}",
                         "[1] 2",
                         "{\"s\":\"\\ud800\"}",
                         "{\"s\":\"\\udc00x\"}",
                         "{\"s\":\"\t\"}",
                         "{\"s\":\"\xff\"}",
                         "{a:1}",
                         "[tru]",
                         "{\"a\" 1}",
                         "\"\\x\"",
                         "",
                         "{\"a\"",
                         "{\"a\":1",
                         "[1,"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        PyObject *v = pw_json_text_to_py(bad[i]);
        if (v) fail_msg("%s was read", bad[i]);
        assert_true(PyErr_Occurred() != NULL);
        PyErr_Clear();
    }
    pw_buf deep = {0};
    for (int i = 0; i < 1001; i++)
        pw_buf_putc(&deep, '[');
    for (int i = 0; i < 1001; i++)
        pw_buf_putc(&deep, ']');
    pw_buf_putc(&deep, '\0');
    assert_null(pw_json_text_to_py(deep.data));
    PyErr_Clear();
    pw_buf_free(&deep);
    /* cut short where a ':' or a closing brace is due (the fuzzer's first finding: read past
     * the end); such a request falls back to the tree parse and its error */
    const char *cut[] = {"{\"inputs\":{\"a\":1}", "{\"inputs\":{}", "{\"inputs\"",
                         "{\"inputs\":{\"a\""};
    for (size_t i = 0; i < sizeof cut / sizeof *cut; i++) {
        const char *why = NULL;
        cJSON *j = pw_json_parse_keeping(cut[i], "inputs", 100, &why);
        if (j) fail_msg("%s was parsed", cut[i]);
        assert_non_null(why);
    }
    bind_v_from_json(" {\"a\":1, \"a\":2, \"n\":\"x\\u0000y\",\"r\":[{\"k\":1},{\"k\":2}]} ");
    assert_true(py_true("v['a'] == 2 and v['n'] == 'x\\x00y' and list(v) == ['a', 'n', 'r']"));
    assert_true(py_true("list(v['r'][0])[0] is list(v['r'][1])[0]"));
}

/* Keys are decoded into one buffer that the outermost object frees: an empty key before an
 * inner object left the outer's keys pointing into a freed (NULL) buffer. */
static void empty_keys_around_inner_objects(void **state)
{
    (void)state;
    const char *why = NULL;
    char *once = pw_json_compact("{\"\": {\"x\": 1}}", &why);
    assert_string_equal(once, "{\"\":{\"x\":1}}");
    free(once);
    assert_null(pw_json_compact("{\"\": {\"x\": 1}, \"\": 2}", &why));
    assert_string_equal(why, "an object holds a key twice");
    cJSON *j =
        pw_json_parse_keeping("{\"inputs\": {\"\": {\"x\": 1}, \"\": 2}}", "inputs", 100, &why);
    assert_non_null(j);
    assert_string_equal(cJSON_GetObjectItem(j, "inputs")->valuestring, "{\"\":{\"x\":1},\"\":2}");
    cJSON_Delete(j);
}

/* ---- Python -> JSON ---- */

static void floats_repr_exact(void **state)
{
    (void)state;
    assert_json_of("0.1 + 0.2", "0.30000000000000004");
    assert_json_of("1.0", "1.0");
    assert_json_of("-0.0", "-0.0");
    assert_json_of("1e16", "1e+16");
    assert_json_of("5e-324", "5e-324");
    assert_json_of("1.7976931348623157e308", "1.7976931348623157e+308");
    assert_json_of("[0.1, 2.5, 1e-07]", "[0.1,2.5,1e-07]");
    /* Whatever json.dumps writes, we write: it round-trips to the same float. */
    py_exec("vals = [0.1 + 0.2, 1/3, 2**0.5, 1e22, 123456789.125, -2.2250738585072014e-308]\n");
    PyObject *vals = py_eval("vals");
    PyObject *want = py_eval("json.dumps(vals, separators=(',', ':'))");
    pw_json_error err;
    char *text = to_json_err(vals, SIZE_MAX, &err);
    assert_string_equal(text, PyUnicode_AsUTF8(want));
    free(text);
    Py_DECREF(vals);
    Py_DECREF(want);
}

static void ints_of_any_size(void **state)
{
    (void)state;
    assert_json_of("2**53 + 1", "9007199254740993");
    assert_json_of("2**64 + 1", "18446744073709551617");
    assert_json_of("-(2**100)", "-1267650600228229401496703205376");
    assert_json_of("[True, False, None, 0]", "[true,false,null,0]");
    PyObject *big = py_eval("10**5000");
    pw_json_error err;
    char *text = to_json_err(big, SIZE_MAX, &err);
    Py_DECREF(big);
    assert_non_null(text);
    assert_int_equal(strlen(text), 5001);
    assert_int_equal(text[0], '1');
    assert_int_equal(strspn(text + 1, "0"), 5000);
    free(text);
}

static void nan_and_infinity_refused_with_path(void **state)
{
    (void)state;
    assert_refused("{'a': [1, float('nan')]}", "result.a[1]", "float", "NaN");
    assert_refused("{'x': {'y': float('inf')}}", "result.x.y", "float", "Infinity");
    assert_refused("[float('-inf')]", "result[0]", "float", "Infinity");
    assert_refused("float('nan')", "result", "float", "NaN");
}

static void unserialisable_types_refused(void **state)
{
    (void)state;
    assert_refused("{'s': {1, 2}}", "result.s", "set", "not JSON-serialisable");
    assert_refused("{'b': b'x'}", "result.b", "bytes", "not JSON-serialisable");
    assert_refused("[bytearray(b'x')]", "result[0]", "bytearray", "not JSON-serialisable");
    assert_refused("{'f': frozenset()}", "result.f", "frozenset", "not JSON-serialisable");
    assert_refused("{'c': 1j}", "result.c", "complex", "not JSON-serialisable");
    assert_refused("{'o': object()}", "result.o", "object", "not JSON-serialisable");
    assert_refused("{'g': (i for i in [])}", "result.g", "generator", "not JSON-serialisable");
}

/* Values results often hold by mistake are told how to convert them, found without running
 * their code; lenient is hinted only for what it converts (it was, for a DataFrame too). */
static void refusals_say_how_to_convert(void **state)
{
    (void)state;
    assert_refused("{'d': __import__('decimal').Decimal(1)}", "result.d", "decimal.Decimal",
                   "not JSON-serialisable (result_encoding \"lenient\" converts dates, "
                   "Decimal, numpy values, sets, bytes)");
    const char *iter = "not JSON-serialisable: an iterator (a generator, map, zip, ...): return "
                       "a list of its items, e.g. list(...)";
    assert_refused("(i for i in [])", "result", "generator", iter);
    assert_refused("[map(str, [1])]", "result[0]", "map", iter);
    py_exec("import dataclasses, enum\ncalls = []\n"
            "def spy(name):\n    return lambda *a: calls.append(name)\n"
            "@dataclasses.dataclass\nclass P:\n    x: int\n"
            "class C(enum.Enum):\n    R = 1\n"
            "class Rows:\n    to_dict = spy('Rows.to_dict')\n"
            "class Next:\n    __next__ = spy('Next.__next__')\n"
            "async def co():\n    pass\n");
    assert_refused("{'p': P(1)}", "result.p", "P",
                   "not JSON-serialisable: a dataclass instance: return dataclasses.asdict(...) "
                   "of it");
    assert_refused("C.R", "result", "C",
                   "not JSON-serialisable: an Enum member: return its .value or .name");
    assert_refused("Rows()", "result", "Rows",
                   "not JSON-serialisable: return what its .to_dict() gives (a pandas "
                   "DataFrame: .to_dict(\"records\"), or the text of .to_json())");
    assert_refused("Next()", "result", "Next", iter);
    assert_refused("{'f': __import__('io').StringIO('x')}", "result.f", "_io.StringIO",
                   "not JSON-serialisable: a file object: return what you read from it (.read())");
    PyObject *c = py_eval("co()");
    pw_json_error err;
    assert_null(to_json_err(c, SIZE_MAX, &err));
    assert_string_equal(err.reason, "not JSON-serialisable: a coroutine, never awaited: await "
                                    "it (an async def main is awaited for you)");
    PyObject *r = PyObject_CallMethod(c, "close", NULL); /* no "never awaited" warning */
    Py_XDECREF(r);
    Py_DECREF(c);
    assert_true(py_true("calls == []"));
    /* keys of JSON's scalar types (their subclasses too) are written as json.dumps writes them
     * (a Counter of ints was refused); others, numpy's included, as json.dumps refuses them */
    assert_json_of("{1: 2, 2.5: 3, None: 5, 1e20: 6, -0.0: 7, 'b': {False: 8}}",
                   "{\"1\":2,\"2.5\":3,\"null\":5,\"1e+20\":6,\"-0.0\":7,\"b\":{\"false\":8}}");
    assert_refused("{1: 'a', '1': 'b'}", "result[\"1\"]", "str", "a key the dict already has");
    assert_refused("{float('inf'): 1}", "result", "float", "NaN and Infinity are not JSON");
    /* pandas' missing values are NaN: the message says what to send instead */
    assert_refused("[1.5, float('nan')]", "result[1]", "float",
                   "NaN and Infinity are not JSON (RFC 8259; python3's json.dumps writes them, "
                   "and JSON.parse refuses its text): return None for a missing value (pandas: "
                   "df.astype(object).where(df.notna(), None))");
    py_exec("class K(int):\n    pass\n");
    assert_refused("{'a': {(1,): 2}}", "result.a", "tuple",
                   "not a string, int, float, bool or None (result_encoding \"lenient\" turns it "
                   "into the text of its JSON: (1, 2) -> \"[1,2]\")");
    py_exec("import enum\nclass E(enum.IntEnum):\n    A = 7\n");
    assert_json_of("{K(1): 2, E.A: 3}", "{\"1\":2,\"7\":3}"); /* as json.dumps: int's text */
}

static void cycles_refused_shared_refs_allowed(void **state)
{
    (void)state;
    py_exec("cyc = []\ncyc.append(cyc)\nd = {'x': 1}\nd['self'] = d\n"
            "shared = [1]\nboth = {'a': shared, 'b': [shared, shared]}\n");
    assert_refused("cyc", "result[0]", "list", "cyclic");
    assert_refused("d", "result.self", "dict", "cyclic");
    assert_refused("{'t': (1, [cyc])}", "result.t[1][0][0]", "list", "cyclic");
    assert_json_of("both", "{\"a\":[1],\"b\":[[1],[1]]}");
}

static void too_deep_refused(void **state)
{
    (void)state;
    py_exec("deep = []\nfor _ in range(1100):\n    deep = [deep]\n");
    PyObject *v = py_eval("deep");
    pw_json_error err;
    char *text = to_json_err(v, SIZE_MAX, &err);
    Py_DECREF(v);
    assert_null(text);
    assert_string_equal(err.py_type, "list");
    assert_non_null(strstr(err.reason, "nested too deeply"));
    assert_int_equal(strncmp(err.path, "result[0][0]", 12), 0);
}

static void lone_surrogates_refused(void **state)
{
    (void)state;
    assert_refused("{'s': 'a\\ud800b'}", "result.s", "str", "surrogate");
    assert_refused("['ok', '\\udc00']", "result[1]", "str", "surrogate");
    assert_refused("{'\\udfff': 1}", "result", "str", "surrogate");
}

/* Subclasses whose every hook records a call; serialising must record nothing. */
static const char hostile_classes[] =
    "calls = []\n"
    "def spy(name, ret=None):\n"
    "    def f(self, *a, **k):\n"
    "        calls.append(name)\n"
    "        if ret is None: raise RuntimeError(name)\n"
    "        return ret(self) if callable(ret) else ret\n"
    "    return f\n"
    "class HD(dict):\n"
    "    __iter__ = spy('HD.__iter__'); keys = spy('HD.keys'); items = spy('HD.items')\n"
    "    values = spy('HD.values'); __getitem__ = spy('HD.__getitem__')\n"
    "    __len__ = spy('HD.__len__'); __repr__ = spy('HD.__repr__'); __eq__ = spy('HD.__eq__')\n"
    "    __hash__ = None\n"
    "class HL(list):\n"
    "    __iter__ = spy('HL.__iter__'); __len__ = spy('HL.__len__')\n"
    "    __getitem__ = spy('HL.__getitem__'); __repr__ = spy('HL.__repr__')\n"
    "    __eq__ = spy('HL.__eq__')\n"
    "class HT(tuple):\n"
    "    __iter__ = spy('HT.__iter__'); __len__ = spy('HT.__len__')\n"
    "    __getitem__ = spy('HT.__getitem__')\n"
    "class HI(int):\n"
    "    __repr__ = spy('HI.__repr__'); __str__ = spy('HI.__str__')\n"
    "    __index__ = spy('HI.__index__'); __int__ = spy('HI.__int__')\n"
    "    __format__ = spy('HI.__format__'); __eq__ = spy('HI.__eq__'); __hash__ = int.__hash__\n"
    "class HF(float):\n"
    "    __repr__ = spy('HF.__repr__'); __str__ = spy('HF.__str__')\n"
    "    __float__ = spy('HF.__float__')\n"
    "class HS(str):\n"
    "    __str__ = spy('HS.__str__'); __repr__ = spy('HS.__repr__')\n"
    "    __iter__ = spy('HS.__iter__'); __len__ = spy('HS.__len__')\n"
    "    encode = spy('HS.encode'); __eq__ = spy('HS.__eq__', lambda s: False)\n"
    "    __hash__ = spy('HS.__hash__', lambda s: 7)\n"
    "hostile = HD()\n"
    "dict.__setitem__(hostile, HS('k'), HL([HI(5), HS('s'), HF(1.5), HT((1, 'x'))]))\n"
    "dict.__setitem__(hostile, 'n', HI(-3))\n"
    "class Weird:\n"
    "    __iter__ = spy('Weird.__iter__'); __repr__ = spy('Weird.__repr__')\n"
    "    __len__ = spy('Weird.__len__'); __index__ = spy('Weird.__index__')\n"
    "    __float__ = spy('Weird.__float__')\n"
    "class Liar(dict):\n"
    "    __class__ = property(spy('Liar.__class__', lambda s: str))\n"
    "calls.clear()\n";

static void hostile_subclasses_serialised_without_user_code(void **state)
{
    (void)state;
    py_exec(hostile_classes);
    assert_json_of("hostile", "{\"k\":[5,\"s\",1.5,[1,\"x\"]],\"n\":-3}");
    assert_json_of("Liar(a=HI(1))", "{\"a\":1}");
    assert_true(py_true("calls == []"));
    /* Not a JSON type at all: refused by type, still without calling anything. */
    assert_refused("{'w': [Weird()]}", "result.w[0]", "Weird", "not JSON-serialisable");
    assert_true(py_true("calls == []"));
}

static void json_paths(void **state)
{
    (void)state;
    assert_refused("{'items': [0, 1, 2, {1}]}", "result.items[3]", "set", "not");
    assert_refused("{'a b': b''}", "result[\"a b\"]", "bytes", "not");
    assert_refused("{'x': {'y-z': [[None, set()]]}}", "result.x[\"y-z\"][0][1]", "set", "not");
    assert_refused("{'q\"\\\\': b''}", "result[\"q\\\"\\\\\"]", "bytes", "not");
    assert_refused("{'\\u00e9': b''}", "result[\"\xC3\xA9\"]", "bytes", "not");
    assert_refused("{'_ok9': {'9x': b''}}", "result._ok9[\"9x\"]", "bytes", "not");
    assert_refused("{'': b''}", "result[\"\"]", "bytes", "not");
}

static void unicode_and_control_escapes(void **state)
{
    (void)state;
    assert_json_of("'\\U0001F600'", "\"\xF0\x9F\x98\x80\"");
    assert_json_of("'\\u00e9\\u2028\\uffff'", "\"\xC3\xA9\xE2\x80\xA8\xEF\xBF\xBF\"");
    assert_json_of("'\\x00\\x01\\x1f\\n\\t\"\\\\\\x7f/'",
                   "\"\\u0000\\u0001\\u001f\\u000a\\u0009\\\"\\\\\x7f/\"");
    assert_json_of("{'k\\n\\U0001F600': 'v'}", "{\"k\\u000a\xF0\x9F\x98\x80\":\"v\"}");
    assert_json_of("(1, 'a', [])", "[1,\"a\",[]]");
}

static void round_trip_through_both_ways(void **state)
{
    (void)state;
    py_exec("orig = {'big': 2**70 + 3, 'f': 0.1 + 0.2, 'neg0': -0.0, 's': '\\U0001F600\\x01\"',"
            " 'nested': [[{'a': None}], True, 1e-300], '\\u00e9 k': []}\n");
    PyObject *orig = py_eval("orig");
    pw_json_error err;
    char *text = to_json_err(orig, SIZE_MAX, &err);
    Py_DECREF(orig);
    assert_non_null(text);
    bind_v_from_json(text);
    free(text);
    assert_true(py_true("v == orig and repr(v) == repr(orig)"));
}

static void over_max_bytes_is_too_large(void **state)
{
    (void)state;
    PyObject *v = py_eval("['x' * 100]");
    pw_json_error err;
    char *text = to_json_err(v, 50, &err);
    assert_null(text);
    assert_true(err.too_large);
    text = to_json_err(v, 104, &err); /* ["xxx...x"] is exactly 104 bytes */
    assert_non_null(text);
    assert_int_equal(strlen(text), 104);
    free(text);
    Py_DECREF(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parse_keeps_number_text),
        cmocka_unit_test(parse_numbers_inside_strings_do_not_shift),
        cmocka_unit_test(parse_refuses_non_rfc_numbers),
        cmocka_unit_test(parse_keeps_strings_with_nul),
        cmocka_unit_test(get_int_and_depth),
        cmocka_unit_test(inputs_exact_integers),
        cmocka_unit_test(inputs_floats_as_json_loads),
        cmocka_unit_test(inputs_strings_and_structure),
        cmocka_unit_test(inputs_read_directly),
        cmocka_unit_test(empty_keys_around_inner_objects),
        cmocka_unit_test(floats_repr_exact),
        cmocka_unit_test(ints_of_any_size),
        cmocka_unit_test(nan_and_infinity_refused_with_path),
        cmocka_unit_test(unserialisable_types_refused),
        cmocka_unit_test(refusals_say_how_to_convert),
        cmocka_unit_test(cycles_refused_shared_refs_allowed),
        cmocka_unit_test(too_deep_refused),
        cmocka_unit_test(lone_surrogates_refused),
        cmocka_unit_test(hostile_subclasses_serialised_without_user_code),
        cmocka_unit_test(json_paths),
        cmocka_unit_test(unicode_and_control_escapes),
        cmocka_unit_test(round_trip_through_both_ways),
        cmocka_unit_test(over_max_bytes_is_too_large),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
