/* JSON <-> Python conversion with exact numbers. The only file that knows how numbers are
 * kept: as Raw cJSON nodes carrying their source text. */
#include "jsonconv.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PW_MAX_JSON_DEPTH 1000

const char pw_json_no_memory[] = "out of memory";

/* ---- text -> cJSON with exact numbers ---- */

typedef struct {
    const char *text;
    size_t pos;
} lexeme_cursor;

/* Moves the cursor to the next string or number token; returns its length (0: none). A
 * string token includes its quotes. */
static size_t next_token(lexeme_cursor *c, const char **start)
{
    const char *t = c->text;
    size_t i = c->pos;
    while (t[i]) {
        size_t j = i;
        if (t[i] == '"') {
            for (j++; t[j] && t[j] != '"'; j++)
                if (t[j] == '\\' && t[j + 1]) j++;
            if (t[j]) j++;
        } else if (t[i] == '-' || (t[i] >= '0' && t[i] <= '9')) {
            while (t[j] && strchr("0123456789+-.eE", t[j]))
                j++;
        } else {
            i++;
            continue;
        }
        *start = t + i;
        c->pos = j;
        return j - i;
    }
    c->pos = i;
    return 0;
}

/* A string literal holding the escape \u0000: cJSON keeps strings NUL-terminated and would
 * cut it there. */
static bool has_escaped_nul(const char *lit, size_t n)
{
    for (size_t i = 1; i + 1 < n; i++)
        if (lit[i] == '\\' && ++i + 5 <= n && strncmp(lit + i, "u0000", 5) == 0) return true;
    return false;
}

static char *copy_token(const char *start, size_t n, const char **why)
{
    char *raw = malloc(n + 1);
    if (!raw) {
        *why = pw_json_no_memory;
        return NULL;
    }
    memcpy(raw, start, n);
    raw[n] = '\0';
    return raw;
}

static size_t skip_digits(const char *s, size_t i, size_t n)
{
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++;
    return i;
}

/* RFC 8259 number grammar. cJSON also takes "01", "1." and "-01"; their text would then be
 * passed on verbatim (stdio mode's stdin) where json.loads refuses it. */
static bool is_rfc_number(const char *s, size_t n)
{
    size_t i = s[0] == '-' ? 1 : 0, j;
    if (i < n && s[i] == '0')
        i++;
    else if ((j = skip_digits(s, i, n)) > i && s[i] != '0')
        i = j;
    else
        return false;
    if (i < n && s[i] == '.') {
        j = skip_digits(s, i + 1, n);
        if (j == i + 1) return false;
        i = j;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-')) i++;
        j = skip_digits(s, i, n);
        if (j == i) return false;
        i = j;
    }
    return i == n;
}

/* Walks the tree in document order beside the text's tokens: each number becomes a Raw
 * node with its text, each string holding U+0000 a Raw node with its literal. */
static bool attach_lexemes(cJSON *item, bool in_object, lexeme_cursor *c, const char **why)
{
    for (; item; item = item->next) {
        const char *start = NULL;
        size_t n;
        if (in_object && ((n = next_token(c, &start)) < 2 || has_escaped_nul(start, n))) {
            *why = n < 2 ? "malformed JSON" : "object keys containing U+0000 are not supported";
            return false;
        }
        if (cJSON_IsNumber(item) || cJSON_IsString(item)) {
            n = next_token(c, &start);
            bool number = cJSON_IsNumber(item);
            if (number && (!n || !is_rfc_number(start, n))) {
                *why = "a number is not in RFC 8259 form";
                return false;
            }
            if (!number && !has_escaped_nul(start, n)) continue;
            char *raw = copy_token(start, n, why);
            if (!raw) return false;
            free(item->valuestring);
            item->type = cJSON_Raw;
            item->valuestring = raw;
        } else if (item->child && !attach_lexemes(item->child, cJSON_IsObject(item), c, why)) {
            return false;
        }
    }
    return true;
}

cJSON *pw_json_parse_exact(const char *text, const char **why)
{
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithOpts(text, &end, 1);
    if (!root) {
        *why = "malformed JSON";
        return NULL;
    }
    lexeme_cursor c = {text, 0};
    if (!attach_lexemes(root, false, &c, why)) {
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

bool pw_json_is_number(const cJSON *item)
{
    return cJSON_IsNumber(item) ||
           (cJSON_IsRaw(item) && item->valuestring && strchr("-0123456789", item->valuestring[0]));
}

bool pw_json_is_kept_object(const cJSON *item)
{
    return cJSON_IsRaw(item) && item->valuestring && item->valuestring[0] == '{';
}

bool pw_json_is_nul_string(const cJSON *item)
{
    return cJSON_IsRaw(item) && item->valuestring && item->valuestring[0] == '"';
}

bool pw_json_get_int(const cJSON *item, long long min, long long max, long long *out)
{
    if (!pw_json_is_number(item)) return false;
    long long v;
    if (cJSON_IsRaw(item)) {
        const char *s = item->valuestring;
        if (strpbrk(s, ".eE")) return false;
        char *end;
        errno = 0;
        v = strtoll(s, &end, 10);
        if (errno || *end) return false;
    } else {
        double d = item->valuedouble;
        if (d != floor(d) || d < -9e18 || d > 9e18) return false;
        v = (long long)d;
    }
    if (v < min || v > max) return false;
    *out = v;
    return true;
}

int pw_json_depth(const cJSON *item)
{
    if (!cJSON_IsArray(item) && !cJSON_IsObject(item)) return 0;
    int deepest = 0;
    for (const cJSON *c = item->child; c; c = c->next) {
        int d = pw_json_depth(c);
        if (d > deepest) deepest = d;
    }
    return deepest + 1;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

const char *pw_json_repeated_key(const cJSON *obj)
{
    size_t n = 0;
    for (const cJSON *c = obj->child; c; c = c->next)
        n++;
    const char **names = n > 1 ? malloc(n * sizeof *names) : NULL;
    if (!names) return NULL;
    n = 0;
    for (const cJSON *c = obj->child; c; c = c->next)
        names[n++] = c->string;
    qsort(names, n, sizeof *names, by_name);
    const char *repeated = NULL;
    for (size_t i = 1; !repeated && i < n; i++)
        if (strcmp(names[i - 1], names[i]) == 0) repeated = names[i];
    free(names);
    return repeated;
}

/* ---- string literals decoded ---- */

static unsigned hex4(const char *s)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++)
        v = v * 16 + (unsigned)(s[i] <= '9' ? s[i] - '0' : (s[i] | 0x20) - 'a' + 10);
    return v;
}

static size_t utf8_put(unsigned cp, char *out)
{
    if (cp < 0x80) return out[0] = (char)cp, 1;
    if (cp < 0x800) return out[0] = (char)(0xC0 | cp >> 6), out[1] = (char)(0x80 | (cp & 63)), 2;
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | cp >> 12);
        out[1] = (char)(0x80 | ((cp >> 6) & 63));
        out[2] = (char)(0x80 | (cp & 63));
        return 3;
    }
    out[0] = (char)(0xF0 | cp >> 18);
    out[1] = (char)(0x80 | ((cp >> 12) & 63));
    out[2] = (char)(0x80 | ((cp >> 6) & 63));
    out[3] = (char)(0x80 | (cp & 63));
    return 4;
}

/* The n bytes of a validated string literal (quotes included: escapes, surrogate pairs)
 * decoded into buf, NULs kept; returns the length, never more than n. */
static size_t decode_literal(const char *lit, size_t n, char *buf)
{
    static const char escapes[] = "\"\\/bfnrt", meanings[] = "\"\\/\b\f\n\r\t";
    size_t k = 0;
    for (size_t i = 1; i + 1 < n; i++) {
        if (lit[i] != '\\') {
            buf[k++] = lit[i];
            continue;
        }
        const char *plain = strchr(escapes, lit[++i]);
        if (plain) {
            buf[k++] = meanings[plain - escapes];
            continue;
        }
        unsigned cp = hex4(lit + i + 1); /* \uXXXX, maybe the first half of a pair */
        i += 4;
        if (cp >= 0xD800 && cp < 0xDC00 && lit[i + 1] == '\\' && lit[i + 2] == 'u') {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (hex4(lit + i + 3) - 0xDC00);
            i += 6;
        }
        k += utf8_put(cp, buf + k);
    }
    return k;
}

/* ---- Python -> JSON text ---- */

/* Appends s escaped for a JSON string, without the quotes. */
static bool append_escaped(pw_buf *out, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    bool ok = true;
    for (size_t i = 0; ok && i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            char esc[2] = {'\\', (char)c};
            ok = pw_buf_append(out, esc, 2);
        } else if (c < 0x20) {
            char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            ok = pw_buf_append(out, esc, 6);
        } else {
            ok = pw_buf_putc(out, (char)c);
        }
    }
    return ok;
}

bool pw_json_append_string(pw_buf *out, const char *s, size_t len)
{
    return pw_buf_putc(out, '"') && append_escaped(out, s, len) && pw_buf_putc(out, '"');
}

typedef struct {
    pw_buf *out;
    size_t max_bytes;
    bool lenient; /* result_encoding "lenient": the conversions of write_lenient */
    pw_json_error *err;
    PyObject *stack[PW_MAX_JSON_DEPTH]; /* containers on the current path: cycle check */
    int depth;
    char path[sizeof((pw_json_error *)0)->path];
} py_writer;

static bool fail(py_writer *w, PyObject *obj, const char *reason)
{
    memcpy(w->err->path, w->path, sizeof w->path);
    w->err->py_type = obj ? Py_TYPE(obj)->tp_name : "?";
    w->err->reason = reason;
    return false;
}

static bool oom(py_writer *w, PyObject *obj)
{
    PyErr_Clear();
    return fail(w, obj, "out of memory");
}

/* Bytes left under max_bytes. */
static size_t room(const py_writer *w)
{
    return w->out->len < w->max_bytes ? w->max_bytes - w->out->len : 0;
}

static bool too_large(py_writer *w, PyObject *obj)
{
    w->err->too_large = true;
    return fail(w, obj, "result larger than max_result_bytes");
}

/* A string, escaped in slices so the text never grows far past max_bytes: a result of
 * hundreds of MiB is refused without a copy of it being built, whatever memory_mb is. */
static bool write_string(py_writer *w, PyObject *obj, const char *s, size_t n)
{
    enum { SLICE = 64 << 10 };
    if (n + 2 > room(w)) return too_large(w, obj); /* escaping only grows */
    if (!pw_buf_putc(w->out, '"')) return oom(w, obj);
    for (size_t off = 0; off < n; off += SLICE) {
        if (!append_escaped(w->out, s + off, n - off < SLICE ? n - off : SLICE)) return oom(w, obj);
        if (w->out->len > w->max_bytes) return too_large(w, obj);
    }
    return pw_buf_putc(w->out, '"') || oom(w, obj);
}

static bool is_identifier(const char *s, size_t n)
{
    if (!n || (s[0] >= '0' && s[0] <= '9')) return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9')))
            return false;
    }
    return true;
}

/* Extends w->path with one step; returns the old length so the caller can cut it back. */
static size_t path_push_key(py_writer *w, const char *key, size_t n)
{
    size_t old = strlen(w->path);
    pw_buf step = {0};
    if (is_identifier(key, n)) {
        pw_buf_appendf(&step, ".%.*s", (int)n, key);
    } else {
        pw_buf_putc(&step, '[');
        pw_json_append_string(&step, key, n);
        pw_buf_putc(&step, ']');
    }
    if (step.data && old + step.len < sizeof w->path)
        memcpy(w->path + old, step.data, step.len + 1);
    pw_buf_free(&step);
    return old;
}

static size_t path_push_index(py_writer *w, Py_ssize_t i)
{
    size_t old = strlen(w->path);
    snprintf(w->path + old, sizeof w->path - old, "[%zd]", i);
    return old;
}

static bool write_value(py_writer *w, PyObject *obj);
static bool write_lenient(py_writer *w, PyObject *obj);
static bool lenient_converts(PyObject *obj);
static const char *refusal(PyObject *obj, bool lenient);

static PyObject *lenient_string(py_writer *w, PyObject *obj, bool *failed);

/* Keys json.dumps takes besides str (int, float, bool, None, their subclasses by the base
 * type's own text: an IntEnum key is "1"): either encoding writes them as json.dumps does, as
 * the text of their JSON (1 -> "1", None -> "null"), since a host's Counter or {year: total}
 * came through python3 so. write_value runs no code of a subclass. */
static bool scalar_key(PyObject *key)
{
    return PyLong_Check(key) || PyFloat_Check(key) || key == Py_None;
}

/* A non-string key's text: under result_encoding "lenient" the string it converts to (a
 * date's ISO text), else the text of its JSON (1 -> "1", (1, 2) -> "[1,2]"). */
static bool key_text(py_writer *w, PyObject *key, pw_buf *text)
{
    bool failed = false;
    PyObject *s = w->lenient ? lenient_string(w, key, &failed) : NULL;
    if (failed) return false;
    if (s) {
        Py_ssize_t n;
        const char *u = PyUnicode_AsUTF8AndSize(s, &n);
        bool ok = u ? pw_buf_append(text, u, (size_t)n) || oom(w, key) : oom(w, key);
        Py_DECREF(s);
        return ok;
    }
    pw_buf *out = w->out;
    w->out = text;
    bool ok = write_value(w, key);
    w->out = out;
    return ok;
}

static bool write_sequence(py_writer *w, PyObject *seq)
{
    bool is_list = PyList_Check(seq);
    if (!pw_buf_putc(w->out, '[')) return oom(w, seq);
    Py_ssize_t n = is_list ? PyList_GET_SIZE(seq) : PyTuple_GET_SIZE(seq);
    for (Py_ssize_t i = 0; i < n; i++) {
        /* Re-read the size: nothing here runs user code, but stay safe if it shrank. */
        if (is_list && i >= PyList_GET_SIZE(seq)) break;
        if (i && !pw_buf_putc(w->out, ',')) return oom(w, seq);
        size_t old = path_push_index(w, i);
        PyObject *item = is_list ? PyList_GET_ITEM(seq, i) : PyTuple_GET_ITEM(seq, i);
        Py_INCREF(item); /* held: the list may change under us if user code ever runs */
        bool ok = write_value(w, item);
        Py_DECREF(item);
        if (!ok) return false;
        w->path[old] = '\0';
    }
    return pw_buf_putc(w->out, ']') || oom(w, seq);
}

bool pw_py_exact_str_keys(PyObject *dict)
{
    Py_ssize_t pos = 0;
    PyObject *key, *value;
    while (PyDict_Next(dict, &pos, &key, &value))
        if (!PyUnicode_CheckExact(key)) return false;
    return true;
}

static bool key_is_new(PyObject *seen, const char *k, Py_ssize_t n)
{
    PyObject *text = PyUnicode_DecodeUTF8(k, n, "strict");
    bool is_new = text && PySet_Contains(seen, text) == 0 && PySet_Add(seen, text) == 0;
    Py_XDECREF(text);
    PyErr_Clear();
    return is_new;
}

#define PW_KEY_HINT                                                                                \
    "dict key is not a string, int, float, bool or None (result_encoding \"lenient\" turns it "    \
    "into the text of its JSON: (1, 2) -> \"[1,2]\")"

static bool write_entry(py_writer *w, PyObject *dict, PyObject *key, PyObject *value, bool first,
                        PyObject *seen)
{
    pw_buf text = {0};
    bool converted = !PyUnicode_Check(key);
    bool convertible = w->lenient || scalar_key(key);
    if (converted && !(convertible && key_text(w, key, &text))) {
        pw_buf_free(&text);
        return convertible ? false : fail(w, key, PW_KEY_HINT);
    }
    Py_ssize_t n = (Py_ssize_t)text.len;
    const char *k = !converted ? PyUnicode_AsUTF8AndSize(key, &n) : text.data ? text.data : "";
    if (!k) {
        PyErr_Clear();
        pw_buf_free(&text);
        return fail(w, key, "dict key is not valid Unicode (lone surrogate)");
    }
    if (memchr(k, '\0', (size_t)n)) { /* as in inputs: the supervisor cannot hold it */
        pw_buf_free(&text);
        return fail(w, key, "dict key holds U+0000, which result keys may not");
    }
    if (seen && !key_is_new(seen, k, n)) {
        path_push_key(w, k, (size_t)n);
        pw_buf_free(&text);
        return fail(w, key,
                    "dict key is written as a key the dict already has (the object "
                    "would hold it twice)");
    }
    bool ok = first || pw_buf_putc(w->out, ',') || oom(w, dict);
    ok = ok && write_string(w, key, k, (size_t)n) && (pw_buf_putc(w->out, ':') || oom(w, dict));
    size_t old = ok ? path_push_key(w, k, (size_t)n) : 0;
    pw_buf_free(&text);
    if (!ok || !write_value(w, value)) return false;
    w->path[old] = '\0';
    return true;
}

static bool write_dict(py_writer *w, PyObject *dict)
{
    if (!pw_buf_putc(w->out, '{')) return oom(w, dict);
    Py_ssize_t pos = 0;
    /* Keys that are not exact str (1 and "1" once converted, str subclasses with a hash of
     * their own, two NaN) can write the same key twice, which parsers resolve differently:
     * such a dict's key texts are tracked in a set of exact str, whose comparisons run no
     * user code; a dict of exact str keys cannot repeat one. */
    PyObject *key, *value, *seen = pw_py_exact_str_keys(dict) ? NULL : PySet_New(NULL);
    bool ok = !PyErr_Occurred() || oom(w, dict), first = true;
    while (ok && PyDict_Next(dict, &pos, &key, &value)) {
        Py_INCREF(key); /* held, as write_sequence holds its items */
        Py_INCREF(value);
        ok = write_entry(w, dict, key, value, first, seen);
        Py_DECREF(key);
        Py_DECREF(value);
        first = false;
    }
    Py_XDECREF(seen);
    return ok && (pw_buf_putc(w->out, '}') || oom(w, dict));
}

static bool write_container(py_writer *w, PyObject *obj)
{
    for (int i = 0; i < w->depth; i++)
        if (w->stack[i] == obj) return fail(w, obj, "cyclic reference");
    if (w->depth >= PW_MAX_JSON_DEPTH) return fail(w, obj, "nested too deeply");
    w->stack[w->depth++] = obj;
    bool ok = PyDict_Check(obj) ? write_dict(w, obj) : write_sequence(w, obj);
    w->depth--;
    return ok;
}

static bool write_scalar_text(py_writer *w, PyObject *obj, PyObject *text)
{
    if (!text) return oom(w, obj);
    Py_ssize_t n;
    const char *s = PyUnicode_AsUTF8AndSize(text, &n);
    bool ok = s && pw_buf_append(w->out, s, (size_t)n);
    Py_DECREF(text);
    return ok || oom(w, obj);
}

static bool write_value(py_writer *w, PyObject *obj)
{
    if (w->out->len > w->max_bytes) return too_large(w, obj);
    if (obj == Py_None) return pw_buf_append(w->out, "null", 4) || oom(w, obj);
    if (obj == Py_True) return pw_buf_append(w->out, "true", 4) || oom(w, obj);
    if (obj == Py_False) return pw_buf_append(w->out, "false", 5) || oom(w, obj);
    if (PyLong_Check(obj)) { /* int subclasses too, but never their own __repr__ */
        /* An n-bit int has at least (n-1)*log10(2) digits: refuse it before a quadratic
         * conversion builds them. */
        size_t bits = _PyLong_NumBits(obj);
        if (bits != (size_t)-1 && (double)bits * 0.30102 > (double)room(w) + 1)
            return too_large(w, obj);
        PyErr_Clear();
        return write_scalar_text(w, obj, PyLong_Type.tp_repr(obj));
    }
    if (PyFloat_Check(obj)) {
        double d = PyFloat_AS_DOUBLE(obj);
        if (!isfinite(d))
            return fail(w, obj,
                        "NaN and Infinity are not JSON (RFC 8259; python3's json.dumps writes "
                        "them, and JSON.parse refuses its text): return None for a missing "
                        "value (pandas: df.astype(object).where(df.notna(), None))");
        char *s = PyOS_double_to_string(d, 'r', 0, Py_DTSF_ADD_DOT_0, NULL);
        bool ok = s && pw_buf_append(w->out, s, strlen(s));
        PyMem_Free(s);
        return ok || oom(w, obj);
    }
    if (PyUnicode_Check(obj)) {
        /* Each code point is at least one byte of UTF-8: refuse before encoding a copy. */
        if ((size_t)PyUnicode_GET_LENGTH(obj) + 2 > room(w)) return too_large(w, obj);
        Py_ssize_t n;
        const char *s = PyUnicode_AsUTF8AndSize(obj, &n);
        if (!s) {
            if (PyErr_ExceptionMatches(PyExc_MemoryError)) return oom(w, obj);
            PyErr_Clear();
            return fail(w, obj, "string is not valid Unicode (lone surrogate)");
        }
        return write_string(w, obj, s, (size_t)n);
    }
    if (PyDict_Check(obj) || PyList_Check(obj) || PyTuple_Check(obj))
        return write_container(w, obj);
    if (w->lenient) return write_lenient(w, obj);
    if (lenient_converts(obj))
        return fail(w, obj,
                    "not JSON-serialisable (result_encoding \"lenient\" converts dates, "
                    "Decimal, numpy values, sets, bytes)");
    return fail(w, obj, refusal(obj, false));
}

/* ---- result_encoding "lenient": exact types only, never a method user code defined ---- */

/* A static type: no Python code can define one or subclass into one, so its C methods
 * run no user code. tp_name is e.g. "datetime.date" (NULL: any name). */
static bool of_static_type(PyObject *obj, const char *tp_name)
{
    PyTypeObject *t = Py_TYPE(obj);
    return !(t->tp_flags & Py_TPFLAGS_HEAPTYPE) && (!tp_name || strcmp(t->tp_name, tp_name) == 0);
}

static PyObject *base64_text(PyObject *obj)
{
    static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const unsigned char *b =
        (const unsigned char *)(PyBytes_Check(obj) ? PyBytes_AS_STRING(obj)
                                                   : PyByteArray_AS_STRING(obj));
    size_t n = (size_t)Py_SIZE(obj), k = 0;
    char *out = malloc((n + 2) / 3 * 4 + 1);
    if (!out) return PyErr_NoMemory();
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)b[i] << 16 | (i + 1 < n ? (unsigned)b[i + 1] << 8 : 0) |
                     (i + 2 < n ? b[i + 2] : 0);
        out[k++] = abc[v >> 18];
        out[k++] = abc[(v >> 12) & 63];
        out[k++] = i + 1 < n ? abc[(v >> 6) & 63] : '=';
        out[k++] = i + 2 < n ? abc[v & 63] : '=';
    }
    PyObject *s = PyUnicode_FromStringAndSize(out, (Py_ssize_t)k);
    free(out);
    return s;
}

/* The text a value converts to (ISO 8601 dates, Decimal's exact text, base64 of bytes), a
 * new reference; NULL when obj is none of those, or with *failed set when it is one that
 * cannot be converted safely. */
static PyObject *lenient_string(py_writer *w, PyObject *obj, bool *failed)
{
    if (PyBytes_CheckExact(obj) || PyByteArray_CheckExact(obj)) return base64_text(obj);
    if (of_static_type(obj, "decimal.Decimal")) return PyObject_Str(obj);
    bool with_tz = of_static_type(obj, "datetime.datetime") || of_static_type(obj, "datetime.time");
    if (!with_tz && !of_static_type(obj, "datetime.date")) return NULL;
    /* isoformat asks the tzinfo for its offset: only a tzinfo of a static type
     * (datetime.timezone, zoneinfo.ZoneInfo) is asked */
    PyObject *tz = with_tz ? PyObject_GetAttrString(obj, "tzinfo") : NULL;
    bool safe = !with_tz || (tz && (tz == Py_None || of_static_type(tz, NULL)));
    Py_XDECREF(tz);
    PyErr_Clear();
    if (!safe) {
        *failed = true;
        fail(w, obj,
             "its tzinfo is of a user-defined class, which result_encoding \"lenient\" "
             "does not call");
        return NULL;
    }
    return PyObject_CallMethod(obj, "isoformat", NULL);
}

/* numpy scalars and arrays (numpy's own static types): numbers and lists. */
static PyObject *numpy_plain(PyObject *obj)
{
    const char *name = Py_TYPE(obj)->tp_name;
    if (!of_static_type(obj, NULL) || strncmp(name, "numpy.", 6) != 0) return NULL;
    if (strcmp(name, "numpy.ndarray") == 0) return PyObject_CallMethod(obj, "tolist", NULL);
    if (strcmp(name, "numpy.bool_") == 0) return PyBool_FromLong(PyObject_IsTrue(obj) == 1);
    PyNumberMethods *nb = Py_TYPE(obj)->tp_as_number;
    if (nb && nb->nb_index) return PyNumber_Index(obj);
    if (nb && nb->nb_float && !strstr(name, "complex")) return PyNumber_Float(obj);
    return NULL;
}

/* Sets in a stable order when their items sort without user code (all str or all int). */
static PyObject *set_as_list(PyObject *set)
{
    PyObject *list = PySequence_List(set);
    Py_ssize_t n = list ? PyList_GET_SIZE(list) : 0;
    bool all_str = true, all_int = true;
    for (Py_ssize_t i = 0; i < n; i++) {
        all_str = all_str && PyUnicode_CheckExact(PyList_GET_ITEM(list, i));
        all_int = all_int && PyLong_CheckExact(PyList_GET_ITEM(list, i));
    }
    if (list && (all_str || all_int) && PyList_Sort(list) < 0) PyErr_Clear();
    return list;
}

/* Why a subclass of a type lenient converts (pandas' Timestamp is a datetime) is refused,
 * found in its MRO without running any of its code; NULL for other types. */
static const char *subclass_hint(PyObject *obj)
{
    PyObject *mro = Py_TYPE(obj)->tp_mro;
    for (Py_ssize_t i = 1; mro && PyTuple_Check(mro) && i < PyTuple_GET_SIZE(mro); i++) {
        PyTypeObject *base = (PyTypeObject *)PyTuple_GET_ITEM(mro, i);
        if (base->tp_flags & Py_TPFLAGS_HEAPTYPE) continue;
        const char *name = base->tp_name;
        if (!strcmp(name, "datetime.datetime") || !strcmp(name, "datetime.date") ||
            !strcmp(name, "datetime.time"))
            return "a subclass of a datetime type, which result_encoding \"lenient\" converts "
                   "only as the exact type (its code is not called): convert it first, e.g. "
                   "with .isoformat()";
        if (!strcmp(name, "decimal.Decimal") || !strcmp(name, "bytes") ||
            !strcmp(name, "bytearray") || !strcmp(name, "set") || !strcmp(name, "frozenset"))
            return "a subclass of a type result_encoding \"lenient\" converts only as the exact "
                   "type (its code is not called): convert it first (str(), list(), ...)";
    }
    return NULL;
}

/* Whether lenient converts obj (the exact types of its table). */
static bool lenient_converts(PyObject *obj)
{
    return PyBytes_CheckExact(obj) || PyByteArray_CheckExact(obj) || PySet_CheckExact(obj) ||
           PyFrozenSet_CheckExact(obj) || of_static_type(obj, "decimal.Decimal") ||
           of_static_type(obj, "datetime.datetime") || of_static_type(obj, "datetime.date") ||
           of_static_type(obj, "datetime.time") ||
           (of_static_type(obj, NULL) && strncmp(Py_TYPE(obj)->tp_name, "numpy.", 6) == 0 &&
            !strstr(Py_TYPE(obj)->tp_name, "complex"));
}

/* Whether obj's class (or a base) defines name, looked up without running any code. */
static bool class_has(PyObject *obj, const char *name)
{
    PyObject *key = PyUnicode_InternFromString(name);
    bool has = key && _PyType_Lookup(Py_TYPE(obj), key) != NULL;
    Py_XDECREF(key);
    PyErr_Clear();
    return has;
}

#define PW_NOT_JSON "not JSON-serialisable"
#define PW_NOT_EVEN_LENIENT PW_NOT_JSON ", even with result_encoding \"lenient\""
/* the reason, static, with what it is followed by hint */
#define PW_HINTED(lenient, hint) ((lenient) ? PW_NOT_EVEN_LENIENT ": " hint : PW_NOT_JSON ": " hint)

/* Why obj is refused, and how to turn it into JSON when results often hold it by mistake:
 * hinting lenient there sent users to an encoding that refuses it too. */
static const char *refusal(PyObject *obj, bool lenient)
{
    const char *why = subclass_hint(obj);
    if (why) return why;
    if (PyCoro_CheckExact(obj))
        return PW_HINTED(lenient, "a coroutine, never awaited: await it (an async def main is "
                                  "awaited for you)");
    if (class_has(obj, "readline") && class_has(obj, "read")) /* files are iterators too */
        return PW_HINTED(lenient, "a file object: return what you read from it (.read())");
    if (PyGen_Check(obj) || PyIter_Check(obj))
        return PW_HINTED(lenient, "an iterator (a generator, map, zip, ...): return a list of "
                                  "its items, e.g. list(...)");
    if (class_has(obj, "__dataclass_fields__"))
        return PW_HINTED(lenient, "a dataclass instance: return dataclasses.asdict(...) of it");
    if (class_has(obj, "_member_map_"))
        return PW_HINTED(lenient, "an Enum member: return its .value or .name");
    if (class_has(obj, "to_dict"))
        return PW_HINTED(lenient, "return what its .to_dict() gives (a pandas DataFrame: "
                                  ".to_dict(\"records\"), or the text of .to_json())");
    return lenient ? PW_NOT_EVEN_LENIENT : PW_NOT_JSON;
}

/* A numpy array's text takes two bytes an element at least ("0,"): one that cannot fit the
 * room left is refused before tolist() builds it as Python objects (a broadcast array of
 * 3*10^8 elements took 3 s and 2.4 GB of the run's memory, to end output_limit after). Its
 * size is numpy's own getter: the type is static, no user code. */
static bool numpy_array_fits(const py_writer *w, PyObject *obj)
{
    if (!of_static_type(obj, "numpy.ndarray")) return true;
    PyObject *size = PyObject_GetAttrString(obj, "size");
    Py_ssize_t n = size && PyLong_Check(size) ? PyLong_AsSsize_t(size) : -1;
    Py_XDECREF(size);
    PyErr_Clear();
    return n < 0 || (size_t)n <= room(w) / 2;
}

static bool write_lenient(py_writer *w, PyObject *obj)
{
    bool failed = false;
    PyObject *plain = lenient_string(w, obj, &failed);
    if (failed) return false;
    if (!plain && !PyErr_Occurred() && !numpy_array_fits(w, obj)) return too_large(w, obj);
    if (!plain && !PyErr_Occurred()) plain = numpy_plain(obj);
    if (!plain && !PyErr_Occurred() && (PySet_CheckExact(obj) || PyFrozenSet_CheckExact(obj)))
        plain = set_as_list(obj);
    if (!plain && PyErr_Occurred()) return oom(w, obj);
    if (!plain) return fail(w, obj, refusal(obj, true));
    bool ok = write_value(w, plain);
    Py_DECREF(plain);
    return ok;
}

bool pw_py_to_json(PyObject *obj, const char *root, size_t max_bytes, bool lenient, pw_buf *out,
                   pw_json_error *err)
{
    py_writer *w = calloc(1, sizeof *w);
    memset(err, 0, sizeof *err);
    if (!w) {
        err->reason = "out of memory";
        err->py_type = "?";
        return false;
    }
    w->out = out;
    w->max_bytes = max_bytes;
    w->lenient = lenient;
    w->err = err;
    snprintf(w->path, sizeof w->path, "%s", root);
    /* The writer allocates (sets of key texts, reprs, isoformat): an allocation may start a
     * collection, whose finalizers (__del__, weakref callbacks) are user code that could
     * free the containers being walked (tests/attacks/gc_finalizer_during_result.py: a
     * use-after-free, SIGSEGV with every layer on). No collection while it walks. */
    int gc_was_on = PyGC_Disable();
    Py_INCREF(obj);
    bool ok = write_value(w, obj);
    Py_DECREF(obj);
    if (gc_was_on) PyGC_Enable();
    if (ok && out->len > max_bytes) ok = too_large(w, obj);
    free(w);
    return ok;
}

/* ---- JSON text a run sent: checked and compacted without a tree ---- */

typedef struct {
    const char *p;
    pw_buf out;
    int depth;
    const char *why;
    bool checking_only;   /* read into Python (pw_json_text_to_py): nothing is copied */
    bool keys_may_repeat; /* a request (pw_json_parse_keeping): the last wins, or its checks say */
    bool nul_keys;        /* and keys may hold U+0000 (outside inputs: attach_lexemes says no) */
    bool lone_ok;         /* lone surrogate escapes pass (pw_json_salvage_id's look only) */
    int deepest;          /* the deepest nesting seen */
    size_t values, max_values; /* values seen; past max_values (0: no cap) the text fails */
    pw_buf keytext;            /* the decoded keys of the objects open, innermost last */
} scan;

/* A key's decoded text: its offset in keytext while its object is read (keytext moves as it
 * grows), then a pointer. One buffer, not a malloc a key: with qsort's copy of the array, an
 * object of 1.6 M short keys (16 MB, a run's result) cost serve ~80 bytes a key, now ~20. */
typedef struct {
    union {
        size_t at;
        const char *text;
    };
    size_t len;
} key;

static bool scan_fail(scan *s, const char *why)
{
    if (!s->why) s->why = why;
    return false;
}

static bool scan_put(scan *s, const char *from, size_t n)
{
    return s->checking_only || pw_buf_append(&s->out, from, n) || scan_fail(s, pw_json_no_memory);
}

static void skip_space(scan *s)
{
    while (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r')
        s->p++;
}

static bool is_hex4(const char *h)
{
    for (int i = 0; i < 4; i++)
        if (!isxdigit((unsigned char)h[i])) return false;
    return true;
}

/* The string literal at s->p, copied; decoded into *k when k is not NULL. */
static bool scan_string(scan *s, key *k)
{
    const char *start = s->p++;
    for (;;) {
        unsigned char c = (unsigned char)*s->p;
        if (c == '"') break;
        if (c < 0x20) return scan_fail(s, c ? "a control character in a string" : "a cut string");
        s->p++;
        if (c != '\\') continue;
        c = (unsigned char)*s->p;
        if (c && strchr("\"\\/bfnrt", c)) {
            s->p++;
            continue;
        }
        if (c != 'u' || !is_hex4(s->p + 1)) return scan_fail(s, "a bad escape in a string");
        /* UTF-16 halves only in pairs: a lone one is no character (decode_literal would make
         * one up, and two keys that parsers read alike could pass as different) */
        unsigned cp = hex4(s->p + 1);
        s->p += 5;
        if (cp >= 0xDC00 && cp < 0xE000 && !s->lone_ok)
            return scan_fail(s, "a lone surrogate escape");
        if (cp >= 0xD800 && cp < 0xDC00) {
            unsigned lo =
                s->p[0] == '\\' && s->p[1] == 'u' && is_hex4(s->p + 2) ? hex4(s->p + 2) : 0;
            if (lo >= 0xDC00 && lo < 0xE000)
                s->p += 6;
            else if (!s->lone_ok)
                return scan_fail(s, "a lone surrogate escape");
        }
    }
    size_t n = (size_t)(++s->p - start);
    if (k) {
        k->at = s->keytext.len;
        if (!pw_buf_append(&s->keytext, start, n)) return scan_fail(s, pw_json_no_memory);
        k->len = decode_literal(start, n, s->keytext.data + k->at);
        s->keytext.len = k->at + k->len;
    }
    return scan_put(s, start, n);
}

static bool scan_number(scan *s)
{
    const char *start = s->p;
    if (*s->p == '-') s->p++;
    if (*s->p == '0')
        s->p++;
    else if (isdigit((unsigned char)*s->p))
        while (isdigit((unsigned char)*s->p))
            s->p++;
    else
        return scan_fail(s, "a bad number");
    if (*s->p == '.') {
        if (!isdigit((unsigned char)*++s->p)) return scan_fail(s, "a bad number");
        while (isdigit((unsigned char)*s->p))
            s->p++;
    }
    if (*s->p == 'e' || *s->p == 'E') {
        s->p++;
        if (*s->p == '+' || *s->p == '-') s->p++;
        if (!isdigit((unsigned char)*s->p)) return scan_fail(s, "a bad number");
        while (isdigit((unsigned char)*s->p))
            s->p++;
    }
    return scan_put(s, start, (size_t)(s->p - start));
}

static int key_order(const void *a, const void *b)
{
    const key *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = n ? memcmp(x->text, y->text, n) : 0;
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

static void swap_keys(key *a, key *b)
{
    key t = *a;
    *a = *b;
    *b = t;
}

/* Moves keys[i] down the max-heap keys[0..n) to where it belongs. */
static void sift_down(key *keys, size_t i, size_t n)
{
    for (size_t child; (child = 2 * i + 1) < n; i = child) {
        if (child + 1 < n && key_order(&keys[child], &keys[child + 1]) < 0) child++;
        if (key_order(&keys[i], &keys[child]) >= 0) return;
        swap_keys(&keys[i], &keys[child]);
    }
}

/* Whether keys[0..n) holds one twice; sorts them. A heapsort, in place: glibc's qsort takes a
 * copy of the array to merge into, another 16 bytes a key of an object the run sent. */
static bool keys_repeat(key *keys, size_t n)
{
    if (n < 2) return false;
    for (size_t i = n / 2; i-- > 0;)
        sift_down(keys, i, n);
    for (size_t end = n - 1; end > 0; end--) {
        swap_keys(&keys[0], &keys[end]);
        sift_down(keys, 0, end);
    }
    for (size_t i = 1; i < n; i++)
        if (key_order(&keys[i - 1], &keys[i]) == 0) return true;
    return false;
}

static bool scan_value(scan *s);

/* An object or array at s->p. */
static bool scan_container(scan *s)
{
    bool obj = *s->p == '{';
    char close = obj ? '}' : ']';
    if (++s->depth > PW_MAX_JSON_DEPTH) return scan_fail(s, "nested too deeply");
    if (s->depth > s->deepest) s->deepest = s->depth;
    if (!scan_put(s, s->p++, 1)) return false;
    key *keys = NULL;
    size_t nkeys = 0, cap = 0, base = s->keytext.len;
    bool ok = true;
    skip_space(s);
    if (*s->p != close)
        for (;;) {
            if (obj) {
                if (nkeys == cap) {
                    key *more = realloc(keys, (cap = cap ? 2 * cap : 8) * sizeof *keys);
                    if (!more) {
                        ok = scan_fail(s, pw_json_no_memory);
                        break;
                    }
                    keys = more;
                }
                skip_space(s);
                ok = (*s->p == '"' || scan_fail(s, "an object key that is not a string")) &&
                     scan_string(s, &keys[nkeys]);
                if (!ok) break;
                nkeys++;
                skip_space(s);
                ok = (*s->p == ':' || scan_fail(s, "no ':' after an object key")) &&
                     scan_put(s, s->p++, 1);
            }
            ok = ok && scan_value(s);
            if (!ok) break;
            skip_space(s);
            if (*s->p != ',') break;
            if (!(ok = scan_put(s, s->p++, 1))) break;
        }
    if (ok && *s->p != close) ok = scan_fail(s, obj ? "no '}' closing an object" : "no ']'");
    /* keytext holds still now: inner objects are done. One at base 0 freed it: the keys
     * before it were all empty. */
    for (size_t i = 0; i < nkeys; i++)
        keys[i].text = s->keytext.data ? s->keytext.data + keys[i].at : "";
    for (size_t i = 0; ok && s->keys_may_repeat && !s->nul_keys && i < nkeys; i++)
        if (memchr(keys[i].text, '\0', keys[i].len)) ok = scan_fail(s, "a key holds U+0000");
    if (ok && !s->keys_may_repeat && keys_repeat(keys, nkeys))
        ok = scan_fail(s, "an object holds a key twice");
    free(keys);
    s->keytext.len = base;
    if (!base) pw_buf_free(&s->keytext); /* no object outside this one is open */
    s->depth--;
    return ok && scan_put(s, s->p++, 1);
}

static bool scan_value(scan *s)
{
    static const char *const words[] = {"true", "false", "null"};
    if (s->max_values && ++s->values > s->max_values) return scan_fail(s, "too many values");
    skip_space(s);
    char c = *s->p;
    if (c == '{' || c == '[') return scan_container(s);
    if (c == '"') return scan_string(s, NULL);
    /* what json.dumps writes for a float that is not finite */
    if (!strncmp(s->p, "NaN", 3) || !strncmp(s->p, "Infinity", 8) || !strncmp(s->p, "-Infinity", 9))
        return scan_fail(s, "NaN and Infinity are not JSON (RFC 8259), though json.dumps "
                            "writes them (json.dumps(..., allow_nan=False) finds them)");
    if (c == '-' || isdigit((unsigned char)c)) return scan_number(s);
    for (size_t i = 0; i < 3; i++) {
        size_t n = strlen(words[i]);
        if (strncmp(s->p, words[i], n) == 0) {
            s->p += n;
            return scan_put(s, words[i], n);
        }
    }
    return scan_fail(s, "not a JSON value");
}

char *pw_json_compact(const char *text, const char **why)
{
    return pw_json_compact_capped(text, 0, why);
}

char *pw_json_compact_capped(const char *text, size_t max_values, const char **why)
{
    scan s = {.p = text, .max_values = max_values};
    if (!pw_utf8_valid(text, strlen(text))) {
        *why = "not UTF-8";
        return NULL;
    }
    bool ok = scan_value(&s);
    skip_space(&s);
    if (ok && *s.p) ok = scan_fail(&s, "text after the value");
    if (ok && pw_buf_putc(&s.out, '\0')) return s.out.data;
    *why = s.why ? s.why : pw_json_no_memory;
    pw_buf_free(&s.out);
    return NULL;
}

/* ---- JSON text -> Python, checked as above, no tree between ---- */

/* The value at s->p (checked by the scanner's own functions) as a new reference; NULL with
 * s->why or a Python exception. keys: one str per distinct key, shared by every object. */
static PyObject *read_py(scan *s, PyObject *keys);

static PyObject *read_string_py(scan *s)
{
    const char *start = s->p;
    if (!scan_string(s, NULL)) return NULL;
    size_t n = (size_t)(s->p - start); /* quotes included */
    if (!memchr(start, '\\', n))
        return PyUnicode_DecodeUTF8(start + 1, (Py_ssize_t)n - 2, "strict");
    char *buf = malloc(n);
    if (!buf) return PyErr_NoMemory();
    PyObject *str = PyUnicode_DecodeUTF8(buf, (Py_ssize_t)decode_literal(start, n, buf), "strict");
    free(buf);
    return str;
}

/* Integers of any size exactly; other numbers as float() reads their text. */
static PyObject *read_number_py(scan *s)
{
    const char *start = s->p;
    if (!scan_number(s)) return NULL;
    size_t n = (size_t)(s->p - start);
    char small[32], *text = n < sizeof small ? small : malloc(n + 1);
    if (!text) return PyErr_NoMemory();
    memcpy(text, start, n);
    text[n] = '\0';
    PyObject *v;
    if (strpbrk(text, ".eE")) {
        double d = PyOS_string_to_double(text, NULL, NULL);
        v = d == -1.0 && PyErr_Occurred() ? NULL : PyFloat_FromDouble(d);
    } else {
        v = n < 19 ? PyLong_FromLongLong(strtoll(text, NULL, 10))
                   : PyLong_FromString(text, NULL, 10);
    }
    if (text != small) free(text);
    return v;
}

/* Steps over c when it is next; never past the text's end. */
static bool take(scan *s, char c)
{
    return *s->p == c && (s->p++, true);
}

static PyObject *read_container_py(scan *s, PyObject *keys)
{
    bool obj = *s->p++ == '{';
    char close = obj ? '}' : ']';
    if (++s->depth > PW_MAX_JSON_DEPTH) return scan_fail(s, "nested too deeply"), NULL;
    PyObject *out = obj ? PyDict_New() : PyList_New(0);
    skip_space(s);
    bool ok = out != NULL;
    if (ok && *s->p != close)
        for (;;) {
            PyObject *name = NULL;
            if (obj) {
                skip_space(s);
                PyObject *k = *s->p == '"'
                                  ? read_string_py(s)
                                  : (scan_fail(s, "an object key that is not a string"), NULL);
                name = k ? PyDict_SetDefault(keys, k, k) : NULL; /* borrowed */
                Py_XINCREF(name);
                Py_XDECREF(k);
                skip_space(s);
                ok = name && (take(s, ':') || scan_fail(s, "no ':' after an object key"));
            }
            PyObject *v = ok ? read_py(s, keys) : NULL;
            ok = v && (obj ? PyDict_SetItem(out, name, v) : PyList_Append(out, v)) == 0;
            Py_XDECREF(v);
            Py_XDECREF(name);
            if (!ok) break;
            skip_space(s);
            if (*s->p != ',') break;
            s->p++;
        }
    if (ok && !take(s, close)) ok = scan_fail(s, obj ? "no '}' closing an object" : "no ']'");
    s->depth--;
    if (!ok) Py_CLEAR(out);
    return out;
}

static PyObject *read_py(scan *s, PyObject *keys)
{
    skip_space(s);
    char c = *s->p;
    if (c == '{' || c == '[') return read_container_py(s, keys);
    if (c == '"') return read_string_py(s);
    if (c == '-' || isdigit((unsigned char)c)) return read_number_py(s);
    if (!scan_value(s)) return NULL; /* true, false, null or no value */
    return Py_NewRef(c == 't' ? Py_True : c == 'f' ? Py_False : Py_None);
}

PyObject *pw_json_text_to_py(const char *text)
{
    scan s = {.p = text, .checking_only = true};
    PyObject *keys = PyDict_New();
    PyObject *v = keys ? read_py(&s, keys) : NULL;
    Py_XDECREF(keys);
    skip_space(&s);
    if (v && *s.p) {
        Py_CLEAR(v);
        scan_fail(&s, "text after the value");
    }
    if (!v && !PyErr_Occurred()) PyErr_Format(PyExc_ValueError, "not JSON: %s", s.why);
    return v;
}

/* ---- a request with one member kept as text ---- */

/* text: one JSON object whose member `member` (written plainly, once) is an object nested at
 * most max_depth deep. Then *kept is that value compacted and *rest the text with it replaced
 * by null; false otherwise (or for anything pw_json_compact would refuse), nothing made. */
static bool split_member(const char *text, const char *member, int max_depth, char **rest,
                         char **kept)
{
    scan s = {.p = text, .checking_only = true};
    const char *start = NULL, *end = NULL;
    size_t name = strlen(member);
    int found = 0;
    skip_space(&s);
    if (!pw_utf8_valid(text, strlen(text)) || !take(&s, '{')) return false;
    s.depth = s.deepest = 1;
    for (bool ok = true; ok;) {
        skip_space(&s);
        const char *at = s.p;
        ok = *s.p == '"' && scan_string(&s, NULL);
        bool match = ok && (size_t)(s.p - at) == name + 2 && !memcmp(at + 1, member, name);
        skip_space(&s);
        ok = ok && take(&s, ':');
        skip_space(&s);
        if (ok && match) {
            found++;
            start = s.p;
            s.checking_only = false;
            s.keys_may_repeat = true;
            s.depth = s.deepest = 0;
            ok = *s.p == '{' && scan_value(&s) && s.deepest <= max_depth;
            s.checking_only = true;
            s.keys_may_repeat = false;
            s.depth = 1;
            end = s.p;
        } else {
            ok = ok && scan_value(&s);
        }
        skip_space(&s);
        if (!ok || *s.p != ',') {
            ok = ok && take(&s, '}');
            skip_space(&s);
            if (!ok || *s.p || found != 1 || !pw_buf_putc(&s.out, '\0')) break;
            pw_buf r = {0};
            if (!pw_buf_append(&r, text, (size_t)(start - text)) || !pw_buf_append(&r, "null", 4) ||
                !pw_buf_append(&r, end, strlen(end) + 1)) {
                pw_buf_free(&r);
                break;
            }
            *rest = r.data;
            *kept = s.out.data;
            return true;
        }
        s.p++;
    }
    pw_buf_free(&s.out);
    return false;
}

/* Whether text is one RFC 8259 value (keys may repeat and hold U+0000: the request's own
 * checks say so, with their messages); why says what is wrong where not. cJSON alone takes
 * a bad \u escape as the string's end ("x\u00zzy" read as "x"), a form feed as whitespace,
 * and keeps a string holding U+0000 as its literal, raw control bytes and all. */
static bool rfc_value(const char *text, const char **why)
{
    scan s = {.p = text, .checking_only = true, .keys_may_repeat = true, .nul_keys = true};
    bool ok = pw_utf8_valid(text, strlen(text)) && scan_value(&s);
    skip_space(&s);
    if (ok && *s.p) ok = scan_fail(&s, "text after the value");
    if (!ok) *why = s.why ? s.why : "not UTF-8";
    return ok;
}

cJSON *pw_json_salvage_id(const char *text)
{
    scan s = {.p = text, .checking_only = true, .keys_may_repeat = true, .lone_ok = true};
    skip_space(&s);
    if (!take(&s, '{')) return NULL;
    s.depth = s.deepest = 1;
    cJSON *id = NULL;
    for (bool more = true; more;) {
        skip_space(&s);
        const char *at = s.p;
        bool ok = *s.p == '"' && scan_string(&s, NULL);
        bool match = ok && s.p - at == 4 && !memcmp(at, "\"id\"", 4);
        skip_space(&s);
        ok = ok && take(&s, ':');
        skip_space(&s);
        const char *value = s.p;
        ok = ok && scan_value(&s);
        if (ok && match && !id) { /* the first, as a request's answer echoes it */
            char *copy = strndup(value, (size_t)(s.p - value));
            const char *why = NULL;
            id = copy ? pw_json_parse_exact(copy, &why) : NULL;
            free(copy);
        }
        skip_space(&s);
        more = ok && take(&s, ',');
        if (!more && !(ok && take(&s, '}'))) {
            cJSON_Delete(id);
            return NULL;
        }
    }
    skip_space(&s);
    if (*s.p) {
        cJSON_Delete(id);
        return NULL;
    }
    return id;
}

cJSON *pw_json_parse_keeping(const char *text, const char *member, int max_depth, const char **why)
{
    char *rest = NULL, *kept = NULL;
    cJSON *obj =
        split_member(text, member, max_depth, &rest, &kept) ? pw_json_parse_exact(rest, why) : NULL;
    cJSON *raw = obj ? cJSON_CreateRaw(kept) : NULL;
    if (raw && !cJSON_ReplaceItemInObjectCaseSensitive(obj, member, raw)) cJSON_Delete(raw);
    free(rest);
    free(kept);
    if (obj) return obj;
    if (!rfc_value(text, why)) return NULL; /* with its own errors */
    obj = pw_json_parse_exact(text, why);
    /* cJSON says "malformed" for a failed allocation too; the text was checked well-formed */
    if (!obj && strcmp(*why, "malformed JSON") == 0) *why = pw_json_no_memory;
    return obj;
}
