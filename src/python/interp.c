/* Runs user code in the embedded interpreter under one of the three entry conventions and
 * turns whatever happened into the child's report. Reference convention: every PyObject*
 * local is a new reference released before return unless commented "borrowed". */
#include "interp.h"

#include <Python.h>
#include <frameobject.h>
#include <structmember.h>
#include <errno.h>
#include <fcntl.h>
#include <ctype.h>
#include <limits.h>
#include <link.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>
#include <wchar.h>

#include "audit.h"
#include "child.h"
#include "frozen.h"
#include "jsonconv.h"
#include "layers.h"
#include "paths.h"
#include "result.h"
#include "util.h"

#define PW_MODULE_NAME "pywarden_job"

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23 /* Linux 5.14 */
#endif

const char *pw_interp_version(void)
{
    return PY_VERSION;
}

static bool set_int_max_str_digits_unlimited(void)
{
    /* Results must keep integers of any size; the deadline bounds the cost instead. */
    PyObject *r = PyObject_CallMethod(PyImport_AddModule("sys"), "set_int_max_str_digits", "i", 0);
    Py_XDECREF(r);
    return r != NULL;
}

/* A bundle's stdlib is a zip plus lib-dynload beside it; CPython would not look there. */
static PyStatus set_bundle_search_path(PyConfig *config)
{
    if (!pw_stdlib_zip()) return PyStatus_Ok();
    config->module_search_paths_set = 1;
    const char *const entries[] = {pw_stdlib_zip(), pw_stdlib_dynload()};
    for (size_t i = 0; i < 2; i++) {
        wchar_t *w = Py_DecodeLocale(entries[i], NULL);
        PyStatus st =
            w ? PyWideStringList_Append(&config->module_search_paths, w) : PyStatus_NoMemory();
        PyMem_RawFree(w);
        if (PyStatus_Exception(st)) return st;
    }
    return PyStatus_Ok();
}

/* A frozen package's submodules stay on disk (encodings.cp1252 and the like): its __path__
 * is where an import from the stdlib would have found it, a bundle's zip included. */
static bool set_frozen_package_paths(void)
{
    const char *root = pw_stdlib_zip() ? pw_stdlib_zip() : pw_stdlib_dir();
    PyObject *modules = PyImport_GetModuleDict(); /* borrowed */
    bool ok = true;
    for (const struct _frozen *f = pw_frozen_modules; ok && f->name; f++) {
        PyObject *mod =
            f->is_package ? PyDict_GetItemString(modules, f->name) : NULL; /* borrowed */
        if (!mod) continue;
        char dir[PATH_MAX];
        if (snprintf(dir, sizeof dir, "%s/%s", root, f->name) >= (int)sizeof dir) return false;
        for (char *c = dir + strlen(root); *c; c++)
            if (*c == '.') *c = '/';
        PyObject *entry = PyUnicode_DecodeFSDefault(dir);
        PyObject *path = entry ? PyList_New(1) : NULL;
        if (path) PyList_SET_ITEM(path, 0, Py_NewRef(entry));
        ok = path && PyObject_SetAttrString(mod, "__path__", path) == 0;
        Py_XDECREF(path);
        Py_XDECREF(entry);
    }
    return ok;
}

/* exit() and quit(), which python3's site module adds and scripts written for it end with
 * (site itself is not imported): a call raises SystemExit(code), as there. In C: compiling
 * the same class from source cost every cold run ~0.3 ms, its first compile. */
typedef struct {
    PyObject_HEAD PyObject *name;
} quitter;

static void quitter_dealloc(PyObject *self)
{
    Py_XDECREF(((quitter *)self)->name);
    PyObject_Free(self);
}

static PyObject *quitter_repr(PyObject *self)
{
    return PyUnicode_FromFormat("Use %U() to exit", ((quitter *)self)->name);
}

static PyObject *quitter_call(PyObject *self, PyObject *args, PyObject *kwargs)
{
    (void)self;
    static char *kwlist[] = {"code", NULL};
    PyObject *code = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "|O:Quitter", kwlist, &code)) return NULL;
    PyObject *exc = PyObject_CallOneArg(PyExc_SystemExit, code);
    if (exc) PyErr_SetObject(PyExc_SystemExit, exc);
    Py_XDECREF(exc);
    return NULL;
}

static PyMemberDef quitter_members[] = {
    {"name", T_OBJECT_EX, offsetof(quitter, name), READONLY, NULL},
    {NULL, 0, 0, 0, NULL},
};

static PyTypeObject quitter_type = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "_sitebuiltins.Quitter",
    .tp_basicsize = sizeof(quitter),
    .tp_dealloc = quitter_dealloc,
    .tp_repr = quitter_repr,
    .tp_call = quitter_call,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_members = quitter_members,
};

/* stdout is a pipe, so CPython buffers it by blocks: a run killed at its deadline (or
 * cancelled) would lose what it printed, which the result keeps. Line by line, as on a
 * terminal; stderr already is. */
static bool stdout_line_buffered(void)
{
    PyObject *out = PySys_GetObject("stdout"); /* borrowed */
    PyObject *reconfigure = out ? PyObject_GetAttrString(out, "reconfigure") : NULL;
    PyObject *args = PyTuple_New(0), *kwargs = Py_BuildValue("{s:O}", "line_buffering", Py_True);
    PyObject *r = reconfigure && args && kwargs ? PyObject_Call(reconfigure, args, kwargs) : NULL;
    Py_XDECREF(reconfigure), Py_XDECREF(args), Py_XDECREF(kwargs);
    bool ok = r != NULL;
    Py_XDECREF(r);
    return ok;
}

/* python3 shows the DeprecationWarnings a script's own code triggers (its filter
 * "default::DeprecationWarning:__main__"); the code runs as PW_MODULE_NAME, so the same
 * filter names that module. A plain string matches the module name exactly, as the
 * interpreter's own filter for __main__ does (no `re` to import). */
static bool show_own_deprecation_warnings(void)
{
    PyObject *w = PyImport_ImportModule("_warnings");
    PyObject *filters = w ? PyObject_GetAttrString(w, "filters") : NULL;
    PyObject *f = filters ? Py_BuildValue("(sOOsi)", "default", Py_None, PyExc_DeprecationWarning,
                                          PW_MODULE_NAME, 0)
                          : NULL;
    bool ok = f && PyList_Check(filters) && PyList_Insert(filters, 0, f) == 0;
    PyObject *r = ok ? PyObject_CallMethod(w, "_filters_mutated", NULL) : NULL;
    Py_XDECREF(r);
    Py_XDECREF(f);
    Py_XDECREF(filters);
    Py_XDECREF(w);
    return r != NULL;
}

/* help(), which site adds as well (scripts print docs with it while exploring an object):
 * pydoc's, imported at the first call, so a run that never asks does not pay its import. */
static PyObject *help_call(PyObject *self, PyObject *args, PyObject *kwargs)
{
    (void)self;
    PyObject *pydoc = PyImport_ImportModule("pydoc");
    PyObject *help = pydoc ? PyObject_GetAttrString(pydoc, "help") : NULL;
    PyObject *r = help ? PyObject_Call(help, args, kwargs) : NULL;
    Py_XDECREF(help);
    Py_XDECREF(pydoc);
    return r;
}

static PyMethodDef help_def = {
    "help", (PyCFunction)(void (*)(void))help_call, METH_VARARGS | METH_KEYWORDS,
    "help(object) prints pydoc's help on object, as python3's site-added help() does."};

/* Puts def in the place of module's function of its name, the original kept in *real:
 * the wrapper (a new reference), or NULL. */
static PyObject *wrap_function(const char *module, PyMethodDef *def, PyObject **real)
{
    PyObject *m = PyImport_ImportModule(module);
    *real = m ? PyObject_GetAttrString(m, def->ml_name) : NULL;
    PyObject *fn = *real ? PyCFunction_New(def, NULL) : NULL;
    if (fn && PyObject_SetAttrString(m, def->ml_name, fn) != 0) Py_CLEAR(fn);
    Py_XDECREF(m);
    return fn;
}

/* open() of the run's own stdio by name, as scripts written for python3 do
 * (json.load(open('/dev/stdin'))): no run has /proc, which those names lead through, so the
 * name is opened as its descriptor, left open when the file object is closed, as a reopen
 * would leave it. Any other file goes to io.open, and the audit hook, as before. */
static PyObject *io_open; /* the real one */

/* 0-2 for a str or bytes path naming the run's stdio, else -1 */
static int stdio_fd_named(PyObject *path)
{
    PyObject *bytes = PyUnicode_Check(path) ? PyUnicode_AsUTF8String(path) : Py_NewRef(path);
    if (!bytes) {
        PyErr_Clear(); /* a lone surrogate: no name of these */
        return -1;
    }
    static const char *const names[][3] = {{"/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"},
                                           {"/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"},
                                           {"/dev/stderr", "/dev/fd/2", "/proc/self/fd/2"}};
    const char *s = PyBytes_AS_STRING(bytes);
    int fd = -1;
    for (int i = 0; strlen(s) == (size_t)PyBytes_GET_SIZE(bytes) && fd < 0 && i < 3; i++)
        for (int j = 0; fd < 0 && j < 3; j++)
            if (strcmp(s, names[i][j]) == 0) fd = i;
    Py_DECREF(bytes);
    return fd;
}

/* The file object's raw file, named path as a reopen by that name would be. */
static void name_raw_file(PyObject *f, PyObject *path)
{
    PyObject *raw = Py_NewRef(f);
    for (const char *const *a = (const char *const[]){"buffer", "raw", NULL}; *a; a++) {
        PyObject *inner = PyObject_HasAttrString(raw, *a) ? PyObject_GetAttrString(raw, *a) : NULL;
        if (inner) Py_SETREF(raw, inner);
    }
    if (!PyErr_Occurred()) PyObject_SetAttrString(raw, "name", path);
    PyErr_Clear(); /* a file object of io's own: nothing here fails but for memory */
    Py_DECREF(raw);
}

/* open(path, ...) where path is not a descriptor: kw is the call's own copy */
static PyObject *open_by_path(PyObject *file, PyObject *args, PyObject *kw)
{
    /* __fspath__ once, as io.open would call it: its path is what io.open gets */
    PyObject *path = PyOS_FSPath(file);
    if (!path) return NULL;
    int fd = stdio_fd_named(path);
    Py_ssize_t n = PyTuple_GET_SIZE(args);
    PyObject *fdo = fd >= 0 ? PyLong_FromLong(fd) : NULL, *f = NULL;
    PyObject *target = fd >= 0 ? fdo : path;
    PyObject *fd_args = PyTuple_New(n);
    bool ok = target && fd_args;
    for (Py_ssize_t i = 0; ok && i < n; i++)
        PyTuple_SET_ITEM(fd_args, i, Py_NewRef(i == 0 ? target : PyTuple_GET_ITEM(args, i)));
    if (ok && n == 0) ok = PyDict_SetItemString(kw, "file", target) == 0;
    if (ok && fd >= 0) ok = PyDict_SetItemString(kw, "closefd", Py_False) == 0;
    if (ok) f = PyObject_Call(io_open, fd_args, kw);
    if (f && fd >= 0) name_raw_file(f, path);
    Py_XDECREF(fd_args), Py_XDECREF(fdo), Py_DECREF(path);
    return f;
}

static PyObject *stdio_open(PyObject *self, PyObject *args, PyObject *kwargs)
{
    (void)self;
    /* Lookups in the caller's dict could run a key's __eq__, which may change that dict
     * (start_new_thread hands it over as it is) and free what a lookup returned: a copy of
     * its own, and a reference of its own to the file. */
    PyObject *kw = kwargs ? PyDict_Copy(kwargs) : PyDict_New();
    if (!kw) return NULL;
    Py_ssize_t n = PyTuple_GET_SIZE(args);
    PyObject *file =
        Py_XNewRef(n > 0 ? PyTuple_GET_ITEM(args, 0) : PyDict_GetItemString(kw, "file"));
    /* a descriptor, or arguments io.open itself will refuse or that name an opener or a
     * closefd of their own: as they are */
    bool own_args = n > 6 || PyDict_GetItemString(kw, "opener") ||
                    PyDict_GetItemString(kw, "closefd") ||
                    (n > 0 && PyDict_GetItemString(kw, "file"));
    PyObject *f = !file || PyNumber_Check(file) || own_args ? PyObject_Call(io_open, args, kw)
                                                            : open_by_path(file, args, kw);
    Py_XDECREF(file);
    Py_DECREF(kw);
    return f;
}

static PyMethodDef stdio_open_def = {
    "open", (PyCFunction)(void (*)(void))stdio_open, METH_VARARGS | METH_KEYWORDS,
    "open(file, mode='r', buffering=-1, encoding=None, errors=None, newline=None, "
    "closefd=True, opener=None)\n--\n\n"
    "As io.open; /dev/stdin, /dev/stdout and /dev/stderr (and /dev/fd/0-2) open the run's "
    "own stdio."};

/* builtins.open and io.open (pathlib's) */
static bool add_stdio_open(void)
{
    PyObject *open = wrap_function("io", &stdio_open_def, &io_open);
    bool ok = open && PyDict_SetItemString(PyEval_GetBuiltins(), "open", open) == 0;
    Py_XDECREF(open);
    return ok;
}

/* A root host's run has real uid nobody (RLIMIT_NPROC binds no root: layers/ns.c) and
 * effective uid 0, which is what opens files: os.access, which asks as the real uid, said
 * False for the writable out/ a python3 run as root gets True for. It asks as the effective
 * ids there, unless the caller says which. */
static PyObject *posix_access; /* the real one */

static PyObject *effective_access(PyObject *self, PyObject *args, PyObject *kwargs)
{
    (void)self;
    if (getuid() == geteuid() || (kwargs && PyDict_GetItemString(kwargs, "effective_ids")))
        return PyObject_Call(posix_access, args, kwargs);
    PyObject *kw = kwargs ? PyDict_Copy(kwargs) : PyDict_New();
    PyObject *r = kw && PyDict_SetItemString(kw, "effective_ids", Py_True) == 0
                      ? PyObject_Call(posix_access, args, kw)
                      : NULL;
    Py_XDECREF(kw);
    return r;
}

static PyMethodDef effective_access_def = {
    "access", (PyCFunction)(void (*)(void))effective_access, METH_VARARGS | METH_KEYWORDS,
    "access(path, mode, *, dir_fd=None, effective_ids=False, follow_symlinks=True)\n--\n\n"
    "As posix.access; where the run's real uid is not its effective one (a root host's), "
    "effective_ids defaults to True."};

/* posix.access, which os copies when it is imported (os is not imported yet: importing it
 * here would copy posix's functions before the audit wraps them) */
static bool add_effective_access(void)
{
    PyObject *access = wrap_function("posix", &effective_access_def, &posix_access);
    Py_XDECREF(access);
    return access != NULL;
}

static bool add_exit_builtins(void)
{
    if (PyType_Ready(&quitter_type) != 0) return false;
    static const char *const names[] = {"exit", "quit"};
    bool ok = true;
    for (size_t i = 0; ok && i < 2; i++) {
        quitter *q = PyObject_New(quitter, &quitter_type);
        if (q) q->name = PyUnicode_FromString(names[i]);
        ok = q && q->name &&
             PyDict_SetItemString(PyEval_GetBuiltins(), names[i], (PyObject *)q) == 0;
        Py_XDECREF(q);
    }
    PyObject *help = ok ? PyCFunction_New(&help_def, NULL) : NULL;
    ok = help && PyDict_SetItemString(PyEval_GetBuiltins(), "help", help) == 0;
    Py_XDECREF(help);
    return ok;
}

/* dl_iterate_phdr callback: populates the writable segment of the object whose code holds
 * code (libpython: the command itself, or libpython3.X.so), past its RELRO part. */
static int populate_data_of(struct dl_phdr_info *info, size_t size, void *code)
{
    (void)size;
    uintptr_t lo = 0, hi = 0, relro_end = 0, at = (uintptr_t)code;
    bool holds_code = false;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        uintptr_t from = info->dlpi_addr + ph->p_vaddr, to = from + ph->p_memsz;
        if (ph->p_type == PT_LOAD && (ph->p_flags & PF_X) && from <= at && at < to)
            holds_code = true;
        else if (ph->p_type == PT_LOAD && (ph->p_flags & PF_W))
            lo = from, hi = to;
        else if (ph->p_type == PT_GNU_RELRO)
            relro_end = to;
    }
    if (!holds_code) return 0;
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    lo = ((lo > relro_end ? lo : relro_end) + page - 1) & ~(page - 1);
    hi = (hi + page - 1) & ~(page - 1);
    if (hi > lo) madvise((void *)lo, hi - lo, MADV_POPULATE_WRITE);
    return 1;
}

void pw_interp_prefault(void)
{
    dl_iterate_phdr(populate_data_of, (void *)(uintptr_t)Py_Initialize);
}

bool pw_interp_init(pw_buf *why)
{
    if (pw_audit_install() != 0) {
        pw_buf_appendf(why, "interpreter: PySys_AddAuditHook failed");
        return false;
    }
    PyImport_FrozenModules = pw_frozen_modules; /* looked up before CPython's own */
    /* getpath makes paths absolute against the cwd, which fails where the host's cwd was
     * removed; / is also where a warm template starts, so cold runs see the same. */
    if (chdir("/") != 0) {
        pw_buf_appendf(why, "interpreter: chdir(/): %s", strerror(errno));
        return false;
    }
    /* UTF-8 mode: the child's environment is empty (C locale), which would otherwise make
     * stdout/stderr ASCII and print("é") raise UnicodeEncodeError. */
    PyPreConfig pre;
    PyPreConfig_InitIsolatedConfig(&pre);
    pre.utf8_mode = 1;
    /* LC_CTYPE from the policy's env (LANG), as python3 sets it at start-up: with "C" left,
     * locale.getlocale() is (None, None) and nl_langinfo(CODESET) ASCII under LANG=C.UTF-8. */
    pre.configure_locale = 1;
    PyStatus st = Py_PreInitialize(&pre);
    if (PyStatus_Exception(st)) {
        pw_buf_appendf(why, "interpreter: Py_PreInitialize: %s",
                       st.err_msg ? st.err_msg : "failed");
        return false;
    }
    PyConfig config;
    PyConfig_InitIsolatedConfig(&config);
    config.site_import = 0;
    config.user_site_directory = 0;
    config.write_bytecode = 0;
    config.install_signal_handlers = 0;
    config.safe_path = 1;
    config.parse_argv = 0;
    /* The stdlib comes from libpython's build prefix (a bundle's own directory), never from
     * PATH or the environment. */
    st = PyConfig_SetBytesString(&config, &config.home, pw_python_home());
    if (!PyStatus_Exception(st)) st = set_bundle_search_path(&config);
    if (!PyStatus_Exception(st))
        st = PyConfig_SetBytesString(&config, &config.program_name, "pywarden");
    if (!PyStatus_Exception(st)) st = Py_InitializeFromConfig(&config);
    PyConfig_Clear(&config);
    if (PyStatus_Exception(st)) {
        pw_buf_appendf(why, "interpreter: Py_InitializeFromConfig: %s",
                       st.err_msg ? st.err_msg : "failed");
        return false;
    }
    if (!set_int_max_str_digits_unlimited() || !set_frozen_package_paths() ||
        !add_exit_builtins() || !add_stdio_open() || !add_effective_access() ||
        !stdout_line_buffered() || !show_own_deprecation_warnings() || !pw_audit_prepare()) {
        PyErr_Clear();
        pw_buf_appendf(
            why,
            "interpreter: sys.set_int_max_str_digits, the frozen packages' "
            "__path__, exit()/quit(), open(), os.access, stdout's buffering, the warnings filter "
            "or the audit set-up failed");
        return false;
    }
    return true;
}

/* ---- errors ---- */

static void add_int(cJSON *obj, const char *key, long v)
{
    cJSON_AddNumberToObject(obj, key, (double)v);
}

/* str(obj) as UTF-8 into a new cJSON string, tolerating hostile __str__; as python3 writes
 * it on stderr: "<exception str() failed>", a lone surrogate (a name decoded with
 * surrogateescape) as \udce9. */
static char *safe_str(PyObject *obj)
{
    PyObject *s = PyObject_Str(obj);
    if (!s) {
        PyErr_Clear();
        return pw_strdup("<exception str() failed>");
    }
    PyObject *b = PyUnicode_AsEncodedString(s, "utf-8", "backslashreplace");
    char *out = b ? pw_utf8_sanitize(PyBytes_AS_STRING(b), (size_t)PyBytes_GET_SIZE(b))
                  : pw_strdup("<exception str() failed>");
    PyErr_Clear();
    Py_XDECREF(b);
    Py_DECREF(s);
    return out;
}

/* Line `lineno` (1-based) of the user's source: *len bytes, without its line break, or NULL. */
static const char *source_line(const char *code, int lineno, size_t *len)
{
    const char *p = code;
    for (int i = 1; i < lineno && p; i++) {
        p = strchr(p, '\n');
        if (p) p++;
    }
    if (!p || !*p) return NULL;
    *len = strcspn(p, "\r\n");
    return p;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\f';
}

/* How many characters the first `bytes` bytes of UTF-8 text hold. */
static long chars_in(const char *text, size_t bytes)
{
    long n = 0;
    for (size_t i = 0; i < bytes; i++)
        n += ((unsigned char)text[i] & 0xC0) != 0x80;
    return n;
}

/* The expression statement of a one-line segment's AST (new reference), or NULL. */
static PyObject *segment_expr(const char *segment, size_t len, const char *filename)
{
    char *text = strndup(segment, len);
    PyCompilerFlags flags = {.cf_flags = PyCF_ONLY_AST, .cf_feature_version = PY_MINOR_VERSION};
    PyObject *tree =
        text ? Py_CompileStringExFlags(text, filename, Py_file_input, &flags, -1) : NULL;
    free(text);
    PyObject *body = tree ? PyObject_GetAttrString(tree, "body") : NULL;
    PyObject *stmt =
        body && PyList_Check(body) && PyList_GET_SIZE(body) == 1 ? PyList_GET_ITEM(body, 0) : NULL;
    PyObject *expr = stmt && strcmp(_PyType_Name(Py_TYPE(stmt)), "Expr") == 0
                         ? PyObject_GetAttrString(stmt, "value")
                         : NULL;
    PyErr_Clear();
    Py_XDECREF(body);
    Py_XDECREF(tree);
    return expr;
}

/* An AST node's integer attribute (a byte offset into the segment), or -1. */
static long node_offset(PyObject *node, const char *child, const char *attr)
{
    PyObject *c = child ? PyObject_GetAttrString(node, child) : Py_NewRef(node);
    PyObject *v = c ? PyObject_GetAttrString(c, attr) : NULL;
    long off = v && PyLong_Check(v) ? PyLong_AsLong(v) : -1;
    PyErr_Clear();
    Py_XDECREF(v);
    Py_XDECREF(c);
    return off;
}

/* python3 3.11's finer marks inside a one-line segment: the operator of a binary operation,
 * the brackets of a subscript ("~~^~~", "~~~^^^^^"), as byte offsets into the segment, found
 * as traceback.c finds them (3.11.2: the first character past the left operand that is not
 * blank, a parenthesis included). */
static bool segment_anchors(const char *seg, size_t len, const char *filename, long *left,
                            long *right)
{
    PyObject *expr = segment_expr(seg, len, filename);
    const char *kind = expr ? _PyType_Name(Py_TYPE(expr)) : "";
    *left = *right = -1;
    if (strcmp(kind, "BinOp") == 0) {
        long from = node_offset(expr, "left", "end_col_offset");
        long to = node_offset(expr, "right", "col_offset");
        for (long i = from; i >= 0 && i < to && i < (long)len; i++) {
            if (is_blank(seg[i])) continue;
            *left = i;
            *right = i + 1 + (i + 1 < to && !is_blank(seg[i + 1]));
            break;
        }
    } else if (strcmp(kind, "Subscript") == 0) {
        *left = node_offset(expr, "value", "end_col_offset");
        long end = node_offset(expr, "slice", "end_col_offset");
        *right = end < 0 ? -1 : end + 1;
    }
    Py_XDECREF(expr);
    bool ok = *left >= 0 && *right >= *left && *right <= (long)len;
    if (ok) {
        *right = chars_in(seg, (size_t)*right);
        *left = chars_in(seg, (size_t)*left);
    }
    return ok;
}

/* The frame's line of the user's source, stripped, and under it the marks python3 3.11 prints
 * for a script's frame: carets under the part of the line the failing instruction ran, none
 * when that part is the whole line. The code's text is at hand, so `code` gets them as well,
 * where python3 -c has no lines to show. */
static void append_source_line(pw_buf *tb, const char *code, PyTracebackObject *frame_tb,
                               PyCodeObject *co, int lineno)
{
    size_t n = 0;
    const char *line = source_line(code, lineno, &n);
    if (!line) return;
    size_t lead = 0, used = n; /* used: up to its last character that is not blank */
    while (lead < n && is_blank(line[lead]))
        lead++;
    while (used > lead && is_blank(line[used - 1]))
        used--;
    if (used == lead) return;
    pw_buf_appendf(tb, "    %.*s\n", (int)(n - lead), line + lead);
    int start_line, start_col, end_line, end_col;
    if (!PyCode_Addr2Location(co, frame_tb->tb_lasti, &start_line, &start_col, &end_line,
                              &end_col) ||
        start_line < 0 || end_line < 0 || start_col < 0 || end_col < 0)
        return;
    long start = chars_in(line, (size_t)start_col < n ? (size_t)start_col : n);
    /* a part that goes on past this line is marked up to the line's last character */
    long end = chars_in(line, start_line != end_line ? used
                              : (size_t)end_col < n  ? (size_t)end_col
                                                     : n);
    long left = -1, right = -1;
    bool anchors = start_line == end_line && (size_t)end_col <= n && start_col < end_col &&
                   segment_anchors(line + start_col, (size_t)(end_col - start_col),
                                   PyUnicode_AsUTF8(co->co_filename), &left, &right);
    long shown = chars_in(line, n) - (long)lead;
    if (end <= start || (end - start == shown && !anchors)) return;
    pw_buf_appendf(tb, "    %*s", (int)(start - (long)lead), "");
    for (long i = start; i < end; i++)
        pw_buf_putc(tb, !anchors ? '^' : i - start >= left && i - start < right ? '^' : '~');
    pw_buf_putc(tb, '\n');
}

/* The file name of pywarden's own Python helpers (defined_once): never a user frame. */
#define PW_HELPER_FILE "<pywarden>"

static bool is_user_frame(const char *filename, const pw_req *req)
{
    if (strcmp(filename, req->filename) == 0) return true;
    if (strncmp(filename, "<frozen ", 8) == 0 || strcmp(filename, PW_HELPER_FILE) == 0)
        return false;
    return filename[0] == '<'; /* exec()/compile() of strings by the user */
}

#define PW_RECURSIVE_CUTOFF 3 /* a frame repeated more often is counted, as python3 does */

static void append_repeats(pw_buf *out, int count)
{
    if (count > PW_RECURSIVE_CUTOFF)
        pw_buf_appendf(out, "  [Previous line repeated %d more time%s]\n",
                       count - PW_RECURSIVE_CUTOFF, count - PW_RECURSIVE_CUTOFF > 1 ? "s" : "");
}

#define PW_MAX_TRACE_TEXT (64 * 1024) /* past this, no more frames, notes or group members */

/* A frame: its "File" line (head), then its line of the code and the marks under it. */
static void append_frame(pw_buf *out, const pw_buf *head, const char *file, const pw_req *req,
                         PyTracebackObject *tb, PyCodeObject *code, int lineno)
{
    if (head->data) pw_buf_append(out, head->data, head->len);
    if (strcmp(file, req->filename) == 0) append_source_line(out, req->code, tb, code, lineno);
}

/* Builds "Traceback ..." from the user's frames only; sets *line to the innermost one of the
 * code itself (an eval'd formula's "<string>", line 1, is not the line to mark). A
 * runaway recursion shows its frame three times and a count, not a thousand times; past
 * PW_MAX_TRACE_TEXT only the innermost frame is shown, after how many were left out: 40 000
 * frames of two functions taking turns, each with its 5 KB line, made 200 MB of traceback,
 * and the run's ZeroDivisionError an output_limit. */
static void append_user_frames(pw_buf *out, PyObject *tb_obj, const pw_req *req, int *line)
{
    pw_buf last = {0}; /* the last user frame's "File" line: a repeat is the same text */
    PyTracebackObject *last_tb = NULL;
    int count = 0, last_lineno = 0;
    size_t left_out = 0;
    for (PyTracebackObject *tb = (PyTracebackObject *)tb_obj; tb; tb = tb->tb_next) {
        PyCodeObject *code = PyFrame_GetCode(tb->tb_frame);
        const char *file = PyUnicode_AsUTF8(code->co_filename);
        const char *name = PyUnicode_AsUTF8(code->co_name);
        int lineno = PyFrame_GetLineNumber(tb->tb_frame);
        PyObject *lo = PyObject_GetAttrString((PyObject *)tb, "tb_lineno");
        if (lo && PyLong_Check(lo)) lineno = (int)PyLong_AsLong(lo);
        Py_XDECREF(lo);
        PyErr_Clear();
        if (file && name && is_user_frame(file, req)) {
            pw_buf head = {0};
            pw_buf_appendf(&head, "  File \"%s\", line %d, in %s\n", file, lineno, name);
            if (!last.data || !head.data || strcmp(last.data, head.data) != 0) {
                if (!left_out) append_repeats(out, count);
                count = 0;
            }
            count++;
            if (out->len >= PW_MAX_TRACE_TEXT) /* each one counts, a repeat the cutoff folds too */
                left_out++;
            else if (count <= PW_RECURSIVE_CUTOFF) /* lines only for the frames shown */
                append_frame(out, &head, file, req, tb, code, lineno);
            pw_buf_free(&last);
            last = head;
            last_tb = tb;
            last_lineno = lineno;
            if (strcmp(file, req->filename) == 0) *line = lineno;
        }
        Py_DECREF(code);
    }
    if (left_out) { /* the innermost one is shown */
        if (left_out > 1)
            pw_buf_appendf(out, "  ... (%zu frame%s left out: the traceback is over 64 KiB)\n",
                           left_out - 1, left_out > 2 ? "s" : "");
        PyCodeObject *code = PyFrame_GetCode(last_tb->tb_frame);
        const char *file = PyUnicode_AsUTF8(code->co_filename);
        PyErr_Clear();
        append_frame(out, &last, file ? file : "", req, last_tb, code, last_lineno);
        Py_DECREF(code);
    } else {
        append_repeats(out, count);
    }
    pw_buf_free(&last);
}

/* The request's `code` (text, "<code>" in tracebacks), not a script's file. */
static bool is_code_text(const pw_req *req)
{
    return strcmp(req->filename, "<code>") == 0;
}

/* src without the UTF-8 BOM a file may open with. */
static const char *past_bom(const char *src)
{
    return strncmp(src, "\xef\xbb\xbf", 3) == 0 ? src + 3 : src;
}

/* The line (1 or 2) of src holding a PEP 263 declaration, as the tokenizer reads one: a
 * comment naming "coding" then ':' or '=' then a name; 0 for none. */
static int cookie_line(const char *src)
{
    src = past_bom(src);
    for (int line = 1; line <= 2 && *src; line++) {
        size_t len = strcspn(src, "\n");
        const char *p = src + strspn(src, " \t\f");
        if (*p == '#')
            for (const char *c = p; (c = memmem(c, (size_t)(src + len - c), "coding", 6)); c += 6) {
                const char *v = c + 6;
                if (*v != ':' && *v != '=') continue;
                v += 1 + strspn(v + 1, " \t");
                if (isalnum((unsigned char)*v) || strchr("-_.", *v)) return line;
            }
        if (*p != '#' && p < src + len) return 0; /* code on line 1: line 2 is not read */
        src += len + (src[len] == '\n');
    }
    return 0;
}

char *pw_interp_cookie_problem(const char *src, const char *why, long *line)
{
    int at = cookie_line(src);
    if (!at) return NULL;
    *line = at;
    pw_buf msg = {0};
    pw_buf_appendf(&msg,
                   "line %d is read as the source's encoding declaration (PEP 263: a comment "
                   "with 'coding:' or 'coding=' in the first two lines): %s",
                   at, why);
    return msg.data;
}

bool pw_interp_notebook_line(const char *text, long offset)
{
    size_t indent = text ? strspn(text, " \t") : 0;
    return text && (text[indent] == '!' || text[indent] == '%') && offset == (long)indent + 1;
}

static bool ipython_line(PyObject *src_line, long offset)
{
    const char *t = src_line && PyUnicode_Check(src_line) ? PyUnicode_AsUTF8(src_line) : NULL;
    PyErr_Clear();
    return pw_interp_notebook_line(t, offset);
}

static cJSON *syntax_error(PyObject *exc, const pw_req *req)
{
    PyObject *msg = PyObject_GetAttrString(exc, "msg");
    PyObject *lineno = PyObject_GetAttrString(exc, "lineno");
    PyObject *offset = PyObject_GetAttrString(exc, "offset");
    PyObject *src_line = PyObject_GetAttrString(exc, "text");
    PyErr_Clear();
    char *text = safe_str(msg && msg != Py_None ? msg : exc);
    long line = lineno && PyLong_Check(lineno) ? PyLong_AsLong(lineno) : 0;
    long col = offset && PyLong_Check(offset) ? PyLong_AsLong(offset) : 0;
    bool body = req->body;
    char *cookie = line <= 0 && text && !is_code_text(req) && !body
                       ? pw_interp_cookie_problem(req->code, text, &line)
                       : NULL;
    if (cookie) {
        free(text);
        text = cookie;
        col = 1;
    }
    /* n8n-style code (`return items` at top level) is a function body */
    bool body_like = text && strcmp(text, "'return' outside function") == 0;
    bool star_in_body = body && text && strcmp(text, "import * only allowed at module level") == 0;
    bool ipython = text && strcmp(text, "invalid syntax") == 0 && ipython_line(src_line, col);
    cJSON *err = pw_error_new("syntax_error", "%s (line %ld, column %ld)%s", text, line, col,
                              body_like      ? "; send \"mode\": \"body\" to run the code as the "
                                               "body of a function of inputs"
                              : star_in_body ? "; in mode \"body\" the code is the body of a "
                                               "function: import the names it uses"
                              : ipython      ? "; " PW_NOTEBOOK_HINT
                                             : "");
    add_int(err, "line", line);
    add_int(err, "column", col);
    /* python3's last line names it: IndentationError, TabError */
    cJSON_AddStringToObject(err, "exception", _PyType_Name(Py_TYPE(exc)));
    free(text);
    Py_XDECREF(msg);
    Py_XDECREF(lineno);
    Py_XDECREF(offset);
    Py_XDECREF(src_line);
    return err;
}

/* ---- "Did you mean": python3 3.11 prints it from C (Python/suggestions.c, not exported
 * by the shared libpython, and not in the traceback module until 3.12); the same search. */

#define PW_SUGGEST_MAX_ITEMS 750
#define PW_SUGGEST_MAX_LEN 40
#define PW_MOVE_COST 2
#define PW_CASE_COST 1

static size_t substitution_cost(char a, char b)
{
    if ((a & 31) != (b & 31)) return PW_MOVE_COST;
    if (a == b) return 0;
    if (a >= 'A' && a <= 'Z') a += 'a' - 'A';
    if (b >= 'A' && b <= 'Z') b += 'a' - 'A';
    return a == b ? PW_CASE_COST : PW_MOVE_COST;
}

/* Levenshtein distance with case flips cheaper; max_cost + 1 once past max_cost. */
static size_t edit_distance(const char *a, size_t na, const char *b, size_t nb, size_t max_cost)
{
    size_t row[PW_SUGGEST_MAX_LEN];
    while (na && nb && a[0] == b[0])
        a++, na--, b++, nb--;
    while (na && nb && a[na - 1] == b[nb - 1])
        na--, nb--;
    if (na == 0 || nb == 0) return (na + nb) * PW_MOVE_COST;
    if (na > PW_SUGGEST_MAX_LEN || nb > PW_SUGGEST_MAX_LEN) return max_cost + 1;
    if (nb < na) {
        const char *t = a;
        a = b, b = t;
        size_t tn = na;
        na = nb, nb = tn;
    }
    if ((nb - na) * PW_MOVE_COST > max_cost) return max_cost + 1;
    for (size_t i = 0; i < na; i++)
        row[i] = (i + 1) * PW_MOVE_COST;
    size_t result = 0;
    for (size_t j = 0; j < nb; j++) {
        size_t distance = result = j * PW_MOVE_COST, minimum = SIZE_MAX;
        for (size_t i = 0; i < na; i++) {
            size_t substitute = distance + substitution_cost(b[j], a[i]);
            distance = row[i];
            size_t insert_delete = (result < distance ? result : distance) + PW_MOVE_COST;
            result = insert_delete < substitute ? insert_delete : substitute;
            row[i] = result;
            if (result < minimum) minimum = result;
        }
        if (minimum > max_cost) return max_cost + 1;
    }
    return result;
}

/* The closest of names (a list of str) to name, or NULL (new reference). */
static PyObject *closest_name(PyObject *names, PyObject *name)
{
    if (!names || !PyList_Check(names) || PyList_GET_SIZE(names) >= PW_SUGGEST_MAX_ITEMS)
        return NULL;
    Py_ssize_t n;
    const char *s = PyUnicode_AsUTF8AndSize(name, &n);
    PyObject *best = NULL;
    size_t best_distance = SIZE_MAX;
    for (Py_ssize_t i = 0; s && i < PyList_GET_SIZE(names); i++) {
        PyObject *item = PyList_GET_ITEM(names, i);
        Py_ssize_t m;
        const char *t = PyUnicode_Check(item) ? PyUnicode_AsUTF8AndSize(item, &m) : NULL;
        if (!t) break;
        if (PyUnicode_Compare(name, item) == 0) continue;
        size_t max = (size_t)(n + m + 3) * PW_MOVE_COST / 6;
        if (best_distance - 1 < max) max = best_distance - 1;
        size_t d = edit_distance(s, (size_t)n, t, (size_t)m, max);
        if (d <= max && (!best || d < best_distance)) best = item, best_distance = d;
    }
    PyErr_Clear();
    return Py_XNewRef(best);
}

/* The name a NameError or AttributeError likely meant, as python3 3.11 finds it: among the
 * object's dir() for an AttributeError; the innermost frame's local variable names, then
 * its globals, then its builtins for a NameError. NULL when none (new reference). */
static PyObject *suggestion(PyObject *value)
{
    bool attr = PyErr_GivenExceptionMatches(value, PyExc_AttributeError);
    if (!attr && !PyErr_GivenExceptionMatches(value, PyExc_NameError)) return NULL;
    PyObject *name = PyObject_GetAttrString(value, "name"), *found = NULL;
    if (name && PyUnicode_CheckExact(name) && attr) {
        PyObject *obj = PyObject_GetAttrString(value, "obj");
        PyObject *names = obj && obj != Py_None ? PyObject_Dir(obj) : NULL;
        found = closest_name(names, name);
        Py_XDECREF(names);
        Py_XDECREF(obj);
    } else if (name && PyUnicode_CheckExact(name)) {
        PyObject *tb = PyException_GetTraceback(value);
        PyTracebackObject *t = tb && PyTraceBack_Check(tb) ? (PyTracebackObject *)tb : NULL;
        while (t && t->tb_next && PyTraceBack_Check((PyObject *)t->tb_next))
            t = t->tb_next;
        PyCodeObject *code = t ? PyFrame_GetCode(t->tb_frame) : NULL;
        PyObject *varnames = code ? PyCode_GetVarnames(code) : NULL;
        PyObject *scopes[3] = {varnames, t ? PyFrame_GetGlobals(t->tb_frame) : NULL,
                               t ? PyFrame_GetBuiltins(t->tb_frame) : NULL};
        for (int i = 0; i < 3 && !found && scopes[i]; i++) {
            PyObject *names = PySequence_List(scopes[i]);
            found = closest_name(names, name);
            Py_XDECREF(names);
        }
        for (int i = 0; i < 3; i++)
            Py_XDECREF(scopes[i]);
        Py_XDECREF(code);
        Py_XDECREF(tb);
    }
    Py_XDECREF(name);
    PyErr_Clear();
    return found;
}

/* The class as a traceback's last line names it: python3 qualifies it by its module, except
 * builtins' and the script's own (here pywarden_job, which stands for __main__):
 * json.decoder.JSONDecodeError, struct.error, MyError. NULL if the class will not say. */
static char *qualified_class(PyObject *value)
{
    PyObject *type = (PyObject *)Py_TYPE(value);
    PyObject *qual = PyType_GetQualName(Py_TYPE(value));
    PyObject *mod = PyObject_GetAttrString(type, "__module__");
    const char *q = qual ? PyUnicode_AsUTF8(qual) : NULL;
    const char *m = mod && PyUnicode_Check(mod) ? PyUnicode_AsUTF8(mod) : "<unknown>";
    pw_buf name = {0};
    if (q && m && strcmp(m, "builtins") && strcmp(m, "__main__") && strcmp(m, PW_MODULE_NAME))
        pw_buf_appendf(&name, "%s.", m);
    if (q) pw_buf_appendf(&name, "%s", q);
    PyErr_Clear();
    Py_XDECREF(qual);
    Py_XDECREF(mod);
    return q ? pw_buf_take(&name) : (pw_buf_free(&name), NULL);
}

/* "ValueError: message", the last line of a traceback, which names the class as python3 does
 * when qualified (error.message keeps the class's own name). */
static char *exception_line(PyObject *value, bool qualified)
{
    char *full = qualified ? qualified_class(value) : NULL;
    const char *cls = full ? full : Py_TYPE(value)->tp_name;
    char *msg = safe_str(value);
    pw_buf line = {0};
    pw_buf_appendf(&line, "%s%s%s", cls, msg && *msg ? ": " : "", msg ? msg : "");
    free(msg);
    free(full);
    PyObject *meant = suggestion(value);
    const char *m = meant ? PyUnicode_AsUTF8(meant) : NULL;
    if (m) pw_buf_appendf(&line, ". Did you mean: '%s'?", m);
    PyErr_Clear();
    Py_XDECREF(meant);
    return pw_buf_take(&line);
}

/* The exception's line, then its notes (PEP 678's add_note), one per line, as python3
 * prints them: a host reads there which item of a batch failed. */

/* text and a newline, cut where the traceback would pass PW_MAX_TRACE_TEXT: 400 notes of 1 MiB
 * made a traceback that took 8 s and 680 MB to build, then failed the run as output_limit. */
static void append_line_capped(pw_buf *out, const char *text)
{
    size_t n = strlen(text), room = out->len < PW_MAX_TRACE_TEXT ? PW_MAX_TRACE_TEXT - out->len : 0;
    bool cut = n > room;
    while (cut && room > 0 && ((unsigned char)text[room] & 0xC0) == 0x80)
        room--; /* at a character */
    pw_buf_append(out, text, cut ? room : n);
    pw_buf_appendf(out, "%s\n", cut ? "... (cut: the traceback is over 64 KiB)" : "");
}

static void append_exception_only(pw_buf *out, PyObject *value)
{
    char *line = exception_line(value, true);
    append_line_capped(out, line ? line : Py_TYPE(value)->tp_name);
    free(line);
    PyObject *notes = PyObject_GetAttrString(value, "__notes__");
    PyErr_Clear();
    if (!notes || notes == Py_None) {
        Py_XDECREF(notes);
        return;
    }
    bool seq = PyList_Check(notes) || PyTuple_Check(notes);
    PyObject *items = seq ? PySequence_Tuple(notes) : NULL;
    PyErr_Clear();
    for (Py_ssize_t i = 0; items && i < PyTuple_GET_SIZE(items); i++) {
        if (out->len >= PW_MAX_TRACE_TEXT) {
            pw_buf_appendf(out, "... (%zd more notes)\n", PyTuple_GET_SIZE(items) - i);
            break;
        }
        char *note = safe_str(PyTuple_GET_ITEM(items, i));
        append_line_capped(out, note ? note : "");
        free(note);
    }
    if (!seq) { /* python3 shows a __notes__ that is no sequence by its repr */
        PyObject *r = PyObject_Repr(notes);
        char *text = r ? safe_str(r) : NULL;
        PyErr_Clear();
        append_line_capped(out, text ? text : "<__notes__ repr() failed>");
        free(text);
        Py_XDECREF(r);
    }
    Py_XDECREF(items);
    Py_DECREF(notes);
}

#define PW_MAX_CHAIN 16 /* exceptions of a __cause__/__context__ chain shown, as a cycle may be */
#define PW_MAX_GROUP_DEPTH 10 /* python3's limits on the exception groups it shows */
#define PW_MAX_GROUP_WIDTH 15

/* Where an exception group's members are being written, as python3's traceback module
 * tracks it: the nesting and whether the last member still owes the closing line. */
typedef struct {
    int depth;
    bool need_close;
} group_ctx;

/* text, each line behind the margin of the current group depth ("    | "). */
static void emit(pw_buf *out, const group_ctx *g, char margin, const char *text)
{
    for (const char *p = text; p && *p;) {
        size_t n = strcspn(p, "\n");
        if (g->depth) pw_buf_appendf(out, "%*s%c ", 2 * g->depth, "", margin);
        pw_buf_append(out, p, n);
        pw_buf_putc(out, '\n');
        p += n + (p[n] == '\n');
    }
}

static void append_chain(pw_buf *out, PyObject *value, PyObject *tb, const pw_req *req, int *line,
                         PyObject **seen, int depth, group_ctx *g);

/* A group's members, each with its own chain, framed as python3 frames them. */
static void append_members(pw_buf *out, PyObject *group, const pw_req *req, group_ctx *g)
{
    PyObject *excs = Py_NewRef(((PyBaseExceptionGroupObject *)group)->excs);
    Py_ssize_t n = PyTuple_Check(excs) ? PyTuple_GET_SIZE(excs) : 0;
    g->need_close = false;
    for (Py_ssize_t i = 0; i < n; i++) {
        bool cut = i >= PW_MAX_GROUP_WIDTH || out->len > PW_MAX_TRACE_TEXT;
        bool last = cut || i == n - 1;
        if (last) g->need_close = true;
        char title[32];
        snprintf(title, sizeof title, cut ? "..." : "%zd", i + 1);
        pw_buf_appendf(out, "%*s%s+---------------- %s ----------------\n", 2 * g->depth, "",
                       i == 0 ? "+-" : "  ", title);
        g->depth++;
        if (cut) {
            char more[64];
            snprintf(more, sizeof more, "and %zd more exception%s\n", n - i, n - i > 1 ? "s" : "");
            emit(out, g, '|', more);
        } else {
            PyObject *member = PyTuple_GET_ITEM(excs, i), *seen[PW_MAX_CHAIN];
            PyObject *member_tb = PyException_GetTraceback(member);
            int unused = 0;
            append_chain(out, member, member_tb, req, &unused, seen, 0, g);
            Py_XDECREF(member_tb);
        }
        if (last && g->need_close) {
            pw_buf_appendf(out, "%*s+------------------------------------\n", 2 * g->depth, "");
            g->need_close = false;
        }
        g->depth--;
        if (last) break;
    }
    Py_DECREF(excs);
}

/* One exception: its user frames and last lines, and a group's members after them. */
static void append_exception(pw_buf *out, PyObject *value, PyObject *tb, const pw_req *req,
                             int *line, group_ctx *g)
{
    bool group = PyObject_TypeCheck(value, (PyTypeObject *)PyExc_BaseExceptionGroup);
    if (group && g->depth > PW_MAX_GROUP_DEPTH) {
        emit(out, g, '|', "... (max_group_depth is 10)\n");
        return;
    }
    bool top = group && g->depth == 0;
    if (top) g->depth++;
    pw_buf frames = {0}, last = {0};
    append_user_frames(&frames, tb, req, line);
    if (frames.len) { /* none where only the stdlib's frames were there (they are not shown) */
        emit(out, g, top ? '+' : '|',
             group ? "Exception Group Traceback (most recent call last):\n"
                   : "Traceback (most recent call last):\n");
        emit(out, g, '|', frames.data);
    }
    pw_buf_free(&frames);
    append_exception_only(&last, value);
    emit(out, g, '|', last.data);
    pw_buf_free(&last);
    if (group) append_members(out, value, req, g);
    if (top) g->depth = 0;
}

/* value's traceback (tb: its frames) after those of the exceptions it was raised from or
 * while handling, as python3 prints a chain; *line is the innermost user line of value's. */
static void append_chain(pw_buf *out, PyObject *value, PyObject *tb, const pw_req *req, int *line,
                         PyObject **seen, int depth, group_ctx *g)
{
    seen[depth] = value;
    PyObject *cause = PyException_GetCause(value), *context = PyException_GetContext(value);
    bool suppressed = ((PyBaseExceptionObject *)value)->suppress_context;
    PyObject *prior = cause ? cause : suppressed ? NULL : context;
    for (int i = 0; prior && i <= depth; i++)
        if (seen[i] == prior) prior = NULL;
    if (prior && PyExceptionInstance_Check(prior) && depth + 1 < PW_MAX_CHAIN) {
        PyObject *prior_tb = PyException_GetTraceback(prior);
        int unused = 0;
        append_chain(out, prior, prior_tb, req, &unused, seen, depth + 1, g);
        Py_XDECREF(prior_tb);
        emit(out, g, '|',
             cause ? "\nThe above exception was the direct cause of the following exception:\n\n"
                   : "\nDuring handling of the above exception, another exception occurred:\n\n");
    }
    Py_XDECREF(cause);
    Py_XDECREF(context);
    append_exception(out, value, tb, req, line, g);
}

/* The user frames' traceback, chained exceptions first, and the innermost user line
 * (replacing a "line" the error already has: the traceback's is where the exception left
 * the user's code). */
static void add_traceback(cJSON *err, PyObject *value, PyObject *tb, const pw_req *req)
{
    int lineno = 0;
    pw_buf out = {0};
    PyObject *seen[PW_MAX_CHAIN];
    group_ctx g = {0};
    append_chain(&out, value, tb, req, &lineno, seen, 0, &g);
    char *trace = pw_buf_take(&out);
    cJSON_AddStringToObject(err, "traceback", trace ? trace : "");
    if (lineno) {
        cJSON_DeleteItemFromObject(err, "line");
        add_int(err, "line", lineno);
    }
    free(trace);
}

/* A ModuleNotFoundError names its module, so the supervisor (which sees the host's
 * filesystem) can say which policy key would add it. */
static void add_missing_module(cJSON *err, PyObject *value)
{
    if (Py_TYPE(value) != (PyTypeObject *)PyExc_ModuleNotFoundError) return;
    PyObject *name = ((PyImportErrorObject *)value)->name; /* borrowed */
    const char *s = name && PyUnicode_Check(name) ? PyUnicode_AsUTF8(name) : NULL;
    if (s) cJSON_AddStringToObject(err, "module", s);
    PyErr_Clear();
}

/* python3's "can't start new thread" says nothing of why; in a run it is nearly always
 * max_processes, which RLIMIT_NPROC applies to threads too (ThreadPoolExecutor(40) hit it at
 * its 32nd worker): said when that bound is what is in force. */
static void explain_thread_limit(cJSON *err, PyObject *value, const pw_req *req)
{
    struct rlimit nproc;
    if (Py_TYPE(value) != (PyTypeObject *)PyExc_RuntimeError || req->policy.max_processes <= 0 ||
        getrlimit(RLIMIT_NPROC, &nproc) != 0 || nproc.rlim_cur != (rlim_t)req->policy.max_processes)
        return;
    char *msg = safe_str(value);
    if (msg && strcmp(msg, "can't start new thread") == 0) {
        pw_buf text = {0};
        pw_buf_appendf(&text,
                       "%s (the run's threads and processes together are limited to the "
                       "policy's max_processes, %ld)",
                       cJSON_GetStringValue(cJSON_GetObjectItem(err, "message")),
                       req->policy.max_processes);
        cJSON_ReplaceItemInObject(err, "message", cJSON_CreateString(text.data));
        pw_buf_free(&text);
    }
    free(msg);
}

/* A program written for python3's stdin (json.load(sys.stdin), input()) sent in another mode
 * reads an empty stdin: JSONDecodeError "Expecting value" or EOFError said nothing of why, nor
 * a bare "SystemExit: 0" from one that falls back on {}, prints and exits (the seeds' own
 * template). */
static void explain_empty_stdin(cJSON *err, PyObject *value, const pw_req *req)
{
    if (req->stdio || (!strstr(req->code, "stdin") && !strstr(req->code, "input("))) return;
    bool eof = Py_TYPE(value) == (PyTypeObject *)PyExc_EOFError;
    bool exited = Py_TYPE(value) == (PyTypeObject *)PyExc_SystemExit;
    PyObject *doc = eof || exited ? NULL : PyObject_GetAttrString(value, "doc");
    PyErr_Clear();
    bool empty = doc && PyUnicode_Check(doc) && PyUnicode_GET_LENGTH(doc) == 0 &&
                 strcmp(Py_TYPE(value)->tp_name, "JSONDecodeError") == 0;
    Py_XDECREF(doc);
    if (!eof && !exited && !empty) return;
    pw_buf text = {0};
    pw_buf_appendf(&text,
                   "%s (stdin is empty outside mode stdio, where the inputs are the global "
                   "`inputs`: a program reading them from stdin and printing its result runs "
                   "with \"mode\": \"stdio\")",
                   cJSON_GetStringValue(cJSON_GetObjectItem(err, "message")));
    cJSON_ReplaceItemInObject(err, "message", cJSON_CreateString(text.data));
    pw_buf_free(&text);
}

/* CPython 3.11 sets no MemoryError when its frame stack cannot grow: the call fails with
 * this SystemError. Deeper than the default recursion limit (sys.setrecursionlimit was
 * raised), that is a recursion that used up memory_mb. Returns the depth, or 0. */
static long frame_stack_exhausted(PyObject *value, PyObject *tb)
{
    if (Py_TYPE(value) != (PyTypeObject *)PyExc_SystemError) return 0;
    char *msg = safe_str(value);
    bool match = msg && strcmp(msg, "error return without exception set") == 0;
    free(msg);
    long depth = 0;
    for (PyTracebackObject *t = (PyTracebackObject *)tb; match && t; t = t->tb_next)
        depth++;
    return depth > 1000 ? depth : 0;
}

/* Address space held back from the run's code (RLIMIT_AS counts it) and given back once the
 * code is done: a run that used up memory_mb in many small objects still holds them (its
 * traceback's frames do), and its memory_limit error, traceback and result could not be
 * built (internal, "a result that is not JSON"). PROT_NONE: no page is ever touched. */
#define PW_REPORT_RESERVE (4u << 20)
static void *report_reserve;

static void hold_report_reserve(void)
{
    void *p = mmap(NULL, PW_REPORT_RESERVE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                   -1, 0);
    report_reserve = p == MAP_FAILED ? NULL : p;
}

static void release_report_reserve(void)
{
    if (report_reserve) munmap(report_reserve, PW_REPORT_RESERVE);
    report_reserve = NULL;
}

/* memory_limit, naming the limit the run had: a host's lower RLIMIT_AS (ulimit -v) was
 * reported as the policy's memory_mb. */
static cJSON *memory_limit_error(const pw_req *req, const char *sep, const char *detail)
{
    long mb = pw_rlimit_memory_mb(req->policy.memory_mb);
    cJSON *err = mb == req->policy.memory_mb
                     ? pw_error_new("memory_limit", "the run ran out of memory (memory_mb %ld)%s%s",
                                    mb, sep, detail)
                     : pw_error_new("memory_limit",
                                    "the run ran out of memory (%ld MB: the host's RLIMIT_AS is "
                                    "below the policy's memory_mb, %ld)%s%s",
                                    mb, req->policy.memory_mb, sep, detail);
    add_int(err, "limit_mb", mb);
    return err;
}

/* Turns the pending Python exception into an error object and clears it. */
static cJSON *error_from_exception(const pw_req *req, bool compiling)
{
    release_report_reserve();
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyErr_NormalizeException(&type, &value, &tb);
    if (tb) PyException_SetTraceback(value, tb);
    cJSON *err = pw_audit_error_from_exception(value);
    long depth = err ? 0 : frame_stack_exhausted(value, tb);
    if (err) {
        /* the hook refused something and the user did not catch it */
        add_traceback(err, value, tb, req);
    } else if (PyErr_GivenExceptionMatches(value, PyExc_MemoryError)) {
        /* What the raiser said and where: numpy's "Unable to allocate 298. GiB for an array
         * with shape ..." is a request no memory_mb would grant, not a limit to raise. */
        char *msg = safe_str(value), *line = msg && *msg ? exception_line(value, false) : NULL;
        err = memory_limit_error(req, line ? ": " : "", line ? line : "");
        cJSON_AddStringToObject(err, "exception", Py_TYPE(value)->tp_name);
        add_traceback(err, value, tb, req);
        free(line);
        free(msg);
    } else if (depth) {
        char detail[160];
        snprintf(detail, sizeof detail,
                 "its call stack, %ld Python frames deep (sys.setrecursionlimit was raised), "
                 "could not grow",
                 depth);
        err = memory_limit_error(req, ": ", detail);
        add_traceback(err, value, tb, req);
    } else if (compiling && (PyErr_GivenExceptionMatches(value, PyExc_SyntaxError) ||
                             PyErr_GivenExceptionMatches(value, PyExc_ValueError))) {
        err = PyErr_GivenExceptionMatches(value, PyExc_SyntaxError)
                  ? syntax_error(value, req)
                  : pw_error_new("syntax_error", "the code cannot be compiled");
    } else {
        char *line = exception_line(value, false);
        err = pw_error_new("exception", "%s", line ? line : Py_TYPE(value)->tp_name);
        cJSON_AddStringToObject(err, "exception", Py_TYPE(value)->tp_name);
        add_traceback(err, value, tb, req);
        add_missing_module(err, value);
        explain_thread_limit(err, value, req);
        explain_empty_stdin(err, value, req);
        free(line);
    }
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(tb);
    PyErr_Clear();
    return err;
}

/* ---- running ---- */

static PyObject *compile_user_code(const pw_req *req)
{
    /* `code` arrived as text: a coding cookie in it says nothing, as for compile(str). A
     * script's bytes are decoded by its cookie, as python3 does. */
    PyCompilerFlags flags = _PyCompilerFlags_INIT;
    const char *src = req->code;
    if (is_code_text(req)) {
        flags.cf_flags |= PyCF_IGNORE_COOKIE;
        src = past_bom(src); /* which the cookie check skipped */
    }
    return Py_CompileStringExFlags(src, req->filename, Py_file_input, &flags, -1);
}

/* The run's code compiled as pywarden's own doing: CPython's C code may reopen its file to show
 * a syntax error's line, which is no read of the user's (audit.c, line_lookup). */
static PyObject *compile_run_code(const pw_req *req)
{
    pw_audit_compiling(true);
    PyObject *code =
        req->body ? pw_interp_compile_body(req->code, req->filename) : compile_user_code(req);
    pw_audit_compiling(false);
    return code;
}

/* Whether the run's code may ask for its lines: importing linecache (tokenize, re, enum)
 * cost every trivial run ~460 page faults warm and ~10 ms cold, so only code naming a module
 * that reads them does it (traceback, logging and inspect import linecache themselves, and
 * warnings reads it to show a warning's line), or one of the policy's preload (numpy and
 * pandas import linecache, and warn from the user's lines). Told from the code alone, never
 * from what is loaded: a warm template's preload had loaded linecache, so pandas' warnings
 * showed the user's line warm and not cold. */
static bool may_ask_for_lines(const pw_req *req)
{
    static const char *const askers[] = {"traceback", "logging", "inspect", "linecache",
                                         "warnings"};
    for (size_t i = 0; i < sizeof askers / sizeof *askers; i++)
        if (strstr(req->code, askers[i])) return true;
    for (size_t i = 0; i < req->policy.preload.n; i++)
        if (strstr(req->code, req->policy.preload.v[i])) return true;
    return false;
}

/* The code's lines as linecache reads a file's, with universal newlines: "\r\n", "\r" and
 * "\n" end a line and become "\n" (a last line without one gets it too). str.splitlines also
 * ends lines at form feeds and U+2028, which end none for Python: after a string holding one,
 * tracebacks and getsource showed the line before the one meant. */
static PyObject *source_lines(const char *src)
{
    PyObject *lines = PyList_New(0);
    pw_buf line = {0};
    for (const char *p = src; lines && *p;) {
        size_t n = strcspn(p, "\r\n");
        line.len = 0;
        PyObject *s = pw_buf_append(&line, p, n) && pw_buf_putc(&line, '\n')
                          ? PyUnicode_DecodeUTF8(line.data, (Py_ssize_t)line.len, NULL)
                          : NULL;
        if (!s || PyList_Append(lines, s) < 0) Py_CLEAR(lines);
        Py_XDECREF(s);
        p += n + (p[n] == '\r' && p[n + 1] == '\n' ? 2 : p[n] ? 1 : 0);
    }
    pw_buf_free(&line);
    return lines;
}

/* Puts the code's lines in linecache under its file name ("<code>", or the script's path),
 * as python3 finds a script's by its path: so traceback.format_exc(), logging.exception and
 * inspect.getsource show the user's source as under python3, a script's too where the
 * policy lets the run read no file (strict). The mtime None keeps checkcache() from dropping
 * them. Not fatal: the lines are only missing without it (a script not in UTF-8 too). */
static void remember_code_lines(const pw_req *req)
{
    if (!may_ask_for_lines(req)) return;
    pw_audit_own_import("linecache"); /* pywarden's, whatever the policy lists (strict) */
    PyObject *linecache = PyImport_ImportModule("linecache");
    pw_audit_own_import(NULL);
    PyObject *cache = linecache ? PyObject_GetAttrString(linecache, "cache") : NULL;
    PyObject *text = PyUnicode_FromString(past_bom(req->code));
    PyObject *lines = text ? source_lines(past_bom(req->code)) : NULL;
    PyObject *entry =
        lines ? Py_BuildValue("(nOOs)", PyUnicode_GET_LENGTH(text), Py_None, lines, req->filename)
              : NULL;
    if (!entry || !cache || !PyDict_Check(cache) ||
        PyDict_SetItemString(cache, req->filename, entry) < 0)
        PyErr_Clear();
    Py_XDECREF(entry);
    Py_XDECREF(lines);
    Py_XDECREF(text);
    Py_XDECREF(cache);
    Py_XDECREF(linecache);
}

/* The statement s's attribute name, if s is an AST node of type kind (new reference). */
static PyObject *node_attr(PyObject *s, const char *kind, const char *name)
{
    PyObject *v = strcmp(Py_TYPE(s)->tp_name, kind) == 0 ? PyObject_GetAttrString(s, name) : NULL;
    if (!v) PyErr_Clear();
    return v;
}

static bool is_future_import(PyObject *s)
{
    PyObject *from = node_attr(s, "ImportFrom", "module");
    bool future =
        from && PyUnicode_Check(from) && PyUnicode_CompareWithASCIIString(from, "__future__") == 0;
    Py_XDECREF(from);
    return future;
}

static bool is_docstring(PyObject *s)
{
    PyObject *expr = node_attr(s, "Expr", "value");
    PyObject *value = expr ? node_attr(expr, "Constant", "value") : NULL;
    bool doc = value && PyUnicode_Check(value);
    Py_XDECREF(value);
    Py_XDECREF(expr);
    return doc;
}

/* How many statements open stmts with `from __future__ import ...` (after a docstring, as a
 * module may): they must open a module. */
static Py_ssize_t leading_futures(PyObject *stmts)
{
    Py_ssize_t n = PyList_GET_SIZE(stmts), k = 0;
    if (n > 1 && is_docstring(PyList_GET_ITEM(stmts, 0)) &&
        is_future_import(PyList_GET_ITEM(stmts, 1)))
        k = 1;
    while (k < n && is_future_import(PyList_GET_ITEM(stmts, k)))
        k++;
    return k;
}

/* The index of the first `pass` statement in stmts: where a template's body takes the code. */
static Py_ssize_t pass_index(PyObject *stmts)
{
    Py_ssize_t n = PyList_GET_SIZE(stmts), i = 0;
    while (i < n && strcmp(Py_TYPE(PyList_GET_ITEM(stmts, i))->tp_name, "Pass") != 0)
        i++;
    return i < n ? i : -1;
}

/* The function template defines, with tree's statements in place of its body's first `pass`;
 * leading __future__ imports stay at the module's top. */
static PyObject *compile_wrapped(PyObject *compile, PyObject *tree, const char *template,
                                 const char *filename)
{
    /* compile's own trees: importing the ast module would cost a warm run ~7 ms */
    PyObject *module =
        PyObject_CallFunction(compile, "sssi", template, filename, "exec", PyCF_ONLY_AST);
    PyObject *defs = module ? PyObject_GetAttrString(module, "body") : NULL;
    PyObject *fn = defs && PyList_Check(defs) ? PyList_GetItem(defs, 0) : NULL; /* borrowed */
    PyObject *own = fn ? PyObject_GetAttrString(fn, "body") : NULL;
    Py_ssize_t at = own && PyList_Check(own) ? pass_index(own) : -1;
    PyObject *stmts = PyObject_GetAttrString(tree, "body");
    bool listed = stmts && PyList_Check(stmts) && at >= 0;
    Py_ssize_t n = listed ? PyList_GET_SIZE(stmts) : 0, k = listed ? leading_futures(stmts) : 0;
    PyObject *top = listed ? PyList_GetSlice(stmts, 0, k) : NULL;
    PyObject *rest = listed ? PyList_GetSlice(stmts, k, n) : NULL;
    PyObject *code = NULL;
    if (fn && top && rest && PyList_Append(top, fn) == 0 &&
        PyObject_SetAttrString(module, "body", top) == 0 &&
        (k == n || PyList_SetSlice(own, at, at + 1, rest) == 0) &&
        PyObject_SetAttrString(fn, "body", own) == 0)
        code = PyObject_CallFunction(compile, "Oss", module, filename, "exec");
    Py_XDECREF(top);
    Py_XDECREF(rest);
    Py_XDECREF(stmts);
    Py_XDECREF(own);
    Py_XDECREF(defs);
    Py_XDECREF(module);
    return code;
}

/* Which names of the body a nested scope declares `global`: in the module-level script the
 * code was written as, those are the body's own top-level names (`count = 0` then `def bump():
 * global count`), which were a NameError in the function. Such a name annotated at the top
 * (`count: int = 0`), which cannot be global, becomes a plain assignment: a function never
 * evaluates a local's annotation. `inputs` is the parameter, the module's `inputs` already. */
static const char nested_globals_source[] =
    "def plain(node):\n"
    "    new = compile('x = 0' if node.value else 'pass', '', 'exec', 1024).body[0]\n"
    "    if node.value:\n"
    "        new.targets, new.value = [node.target], node.value\n"
    "    for a in ('lineno', 'col_offset', 'end_lineno', 'end_col_offset'):\n"
    "        setattr(new, a, getattr(node, a))\n"
    "    return new\n"
    "def nested_globals(stmts):\n"
    "    scopes = ('FunctionDef', 'AsyncFunctionDef', 'Lambda', 'ClassDef')\n"
    "    nested, own, annotated = set(), {'inputs'}, []\n"
    "    todo = [(s, False, stmts, i) for i, s in enumerate(stmts)]\n"
    "    while todo:\n"
    "        node, inner, holder, at = todo.pop()\n"
    "        kind = type(node).__name__\n"
    "        if kind == 'Global':\n"
    "            (nested if inner else own).update(node.names)\n"
    "        elif kind == 'AnnAssign' and not inner and type(node.target).__name__ == 'Name':\n"
    "            annotated.append((holder, at, node))\n"
    "        inner = inner or kind in scopes\n"
    "        for field in node._fields:\n"
    "            value = getattr(node, field, None)\n"
    "            for i, child in enumerate(value if type(value) is list else (value,)):\n"
    "                if hasattr(child, '_fields'):\n"
    "                    todo.append((child, inner, value, i))\n"
    "    names = nested - own\n"
    "    for holder, at, node in annotated:\n"
    "        if node.target.id in names:\n"
    "            holder[at] = plain(node)\n"
    "    return ', '.join(sorted(names))\n";

/* What source defines as name (borrowed), source run once per process into *ns: compiling
 * such helpers cost a run ~0.7 ms of CPU, and a warm template makes them ahead
 * (pw_interp_warm_body_mode). */
static PyObject *defined_once(PyObject **ns, const char *source, const char *name)
{
    if (!*ns && (*ns = PyDict_New())) {
        PyObject *code = PyDict_SetItemString(*ns, "__builtins__", PyEval_GetBuiltins()) == 0
                             ? Py_CompileString(source, PW_HELPER_FILE, Py_file_input)
                             : NULL;
        PyObject *done = code ? PyEval_EvalCode(code, *ns, *ns) : NULL;
        if (!done) Py_CLEAR(*ns);
        Py_XDECREF(done);
        Py_XDECREF(code);
    }
    return *ns ? PyDict_GetItemString(*ns, name) : NULL;
}

/* nested_globals (borrowed). */
static PyObject *nested_globals_fn(void)
{
    static PyObject *ns;
    return defined_once(&ns, nested_globals_source, "nested_globals");
}

/* `def body(inputs)` (async when async is true) taking the code in place of its `pass`: first
 * `global` for names (when not empty), then, after the code, what Zapier's code step returns
 * when the code falls off its end: `output`, when the code assigned it. */
static void body_template(pw_buf *t, bool async, const char *names)
{
    pw_buf_appendf(t, "%sdef body(inputs):\n", async ? "async " : "");
    if (*names) pw_buf_appendf(t, "    global %s\n", names);
    pw_buf_appendf(t, "    pass\n    try:\n        return output\n"
                      "    except NameError:\n        pass\n");
}

/* mode "body": the code becomes the body of `def body(inputs)` (body_template). The
 * statements keep the line numbers ast gave them, so errors name the user's own lines; an
 * `await` at the top of the body makes it `async def`. Also check's compiler for --mode body. */
PyObject *pw_interp_compile_body(const char *code, const char *filename)
{
    code = past_bom(code);
    PyObject *compile = PyDict_GetItemString(PyEval_GetBuiltins(), "compile"); /* borrowed */
    /* the tree with a top-level await allowed, which the function's body may then hold */
    PyObject *tree = compile ? PyObject_CallFunction(compile, "sssi", code, filename, "exec",
                                                     PyCF_ONLY_AST | PyCF_ALLOW_TOP_LEVEL_AWAIT)
                             : NULL;
    PyObject *stmts = tree && strstr(code, "global") ? PyObject_GetAttrString(tree, "body") : NULL;
    PyObject *fn = stmts ? nested_globals_fn() : NULL; /* borrowed */
    PyObject *names = fn ? PyObject_CallOneArg(fn, stmts) : NULL;
    const char *joined = names ? PyUnicode_AsUTF8(names) : "";
    PyObject *out = NULL;
    pw_buf t = {0};
    if (tree && joined && !PyErr_Occurred()) {
        body_template(&t, false, joined);
        out = t.data ? compile_wrapped(compile, tree, t.data, filename) : NULL;
    }
    if (!out && tree && PyErr_ExceptionMatches(PyExc_SyntaxError)) {
        PyObject *type, *value, *tb;
        PyErr_Fetch(&type, &value, &tb);
        PyErr_NormalizeException(&type, &value, &tb);
        PyObject *msg = value ? PyObject_GetAttrString(value, "msg") : NULL;
        const char *m = msg && PyUnicode_Check(msg) ? PyUnicode_AsUTF8(msg) : NULL;
        bool async = m && (strstr(m, "outside async function") ||
                           strstr(m, "comprehension outside of an asynchronous function"));
        Py_XDECREF(msg);
        PyErr_Restore(type, value, tb);
        if (async) {
            PyErr_Clear();
            pw_buf_free(&t);
            body_template(&t, true, joined);
            out = t.data ? compile_wrapped(compile, tree, t.data, filename) : NULL;
        }
    }
    pw_buf_free(&t);
    Py_XDECREF(names);
    Py_XDECREF(stmts);
    Py_XDECREF(tree);
    return out;
}

static void flush_std_streams(void)
{
    const char *names[] = {"stdout", "stderr"};
    for (size_t i = 0; i < 2; i++) {
        PyObject *stream = PySys_GetObject(names[i]); /* borrowed */
        PyObject *r = stream ? PyObject_CallMethod(stream, "flush", NULL) : NULL;
        Py_XDECREF(r);
        PyErr_Clear();
    }
}

static bool names_the_whole_object(PyObject *name)
{
    return PyUnicode_CompareWithASCIIString(name, "inputs") == 0 ||
           PyUnicode_CompareWithASCIIString(name, "input_data") == 0;
}

typedef enum { CALL_INPUTS, CALL_NONE, CALL_KEYWORDS } call_kind;

/* How entry is called. main() when it takes no arguments; main(inputs) when it has one
 * parameter, whatever its name (the seeds' main(inputs), Dify's one-parameter main). Dify's
 * and Windmill's hosts call main(**inputs): a function of two or more parameters (def
 * main(x, y=0) and def f(ds, **context) too), or one that one positional argument cannot bind
 * (**kwargs, keyword-only parameters), is called so when every key of the inputs names one of its
 * parameters (or it takes **kwargs), every parameter without a default is a key, and none is called
 * inputs or input_data; else main(inputs) where one argument binds. */
static call_kind how_to_call(PyObject *fn, PyCodeObject *code, PyObject *inputs)
{
    bool varargs = code->co_flags & CO_VARARGS, varkw = code->co_flags & CO_VARKEYWORDS;
    PyObject *defaults = PyFunction_GetDefaults(fn), *kwdefaults = PyFunction_GetKwDefaults(fn);
    Py_ssize_t npos = code->co_argcount, nparams = npos + code->co_kwonlyargcount;
    Py_ssize_t first_default = npos - (defaults ? PyTuple_GET_SIZE(defaults) : 0);
    Py_ssize_t required_kwonly =
        code->co_kwonlyargcount -
        (kwdefaults && PyDict_Check(kwdefaults) ? PyDict_GET_SIZE(kwdefaults) : 0);
    bool one_binds = (npos >= 1 || varargs) && first_default <= 1 && required_kwonly <= 0;
    /* **kwargs counts (Airflow's callables are def f(ds, **context), called with keywords) */
    if (one_binds && nparams + varkw < 2) return CALL_INPUTS;
    /* Unless the inputs' keys name the parameters: the object where one argument binds, else
     * no arguments (the default) */
    call_kind fallback = one_binds || npos > 0 || required_kwonly > 0 ? CALL_INPUTS : CALL_NONE;
    if (varargs || code->co_posonlyargcount || !PyDict_CheckExact(inputs) ||
        PyDict_GET_SIZE(inputs) == 0 || !pw_py_exact_str_keys(inputs) ||
        (kwdefaults && !(PyDict_CheckExact(kwdefaults) && pw_py_exact_str_keys(kwdefaults))))
        return fallback;
    PyObject *names = PyCode_GetVarnames(code);
    PyObject *params = names ? PyTuple_GetSlice(names, 0, nparams) : NULL;
    bool ok = params != NULL;
    for (Py_ssize_t i = 0; ok && i < nparams; i++) {
        PyObject *name = PyTuple_GET_ITEM(params, i);
        bool required =
            i < npos ? i < first_default : !(kwdefaults && PyDict_Contains(kwdefaults, name) == 1);
        ok = PyUnicode_CheckExact(name) && !names_the_whole_object(name) &&
             (!required || PyDict_Contains(inputs, name) == 1);
    }
    PyObject *key, *value;
    for (Py_ssize_t pos = 0; ok && !varkw && PyDict_Next(inputs, &pos, &key, &value);)
        ok = PySequence_Contains(params, key) == 1;
    Py_XDECREF(params);
    Py_XDECREF(names);
    PyErr_Clear();
    return ok ? CALL_KEYWORDS : fallback;
}

/* A TypeError with no traceback was raised binding the arguments, before the entry ran:
 * say how pywarden called it. */
static void explain_binding_error(PyCodeObject *code, call_kind how)
{
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    if (!tb && type && PyErr_GivenExceptionMatches(type, PyExc_TypeError)) {
        PyErr_NormalizeException(&type, &value, &tb);
        static const char *const calls[] = {"(inputs)", "()", "(**inputs)"};
        PyErr_Format(PyExc_TypeError,
                     "%S (pywarden called %U%s: it calls %U(**inputs) when every key of the "
                     "inputs names one of its parameters and every parameter without a default "
                     "is a key, unless one argument binds its only parameter; else %U(inputs))",
                     value, code->co_name, calls[how], code->co_name, code->co_name);
        Py_XDECREF(type);
        Py_XDECREF(value);
        return;
    }
    PyErr_Restore(type, value, tb);
}

/* The one function a wrapper's closure holds (its decorated function, where no
 * functools.wraps named it), or NULL: none, or more than one. Borrowed; runs no code. */
static PyObject *closure_function(PyObject *fn)
{
    PyObject *cells = PyFunction_GetClosure(fn), *found = NULL;
    Py_ssize_t n = cells && PyTuple_CheckExact(cells) ? PyTuple_GET_SIZE(cells) : 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *cell = PyTuple_GET_ITEM(cells, i);
        PyObject *value = PyCell_Check(cell) ? PyCell_GET(cell) : NULL;
        if (!value || !PyFunction_Check(value)) continue;
        if (found) return NULL;
        found = value;
    }
    return found;
}

/* The function a decorator's wrapper(*args, **kwargs) passes its call on to: the one
 * functools.wraps leaves in __wrapped__, whose parameters inspect.signature shows (and
 * Windmill's host calls by), else the one its closure holds (a decorator written without
 * wraps, which Dify's main(**inputs) gets through). Read from the functions' dicts by exact
 * str keys and from their cells, running no code; fn itself when it is no such wrapper.
 * Borrowed. */
static PyObject *wrapped_entry(PyObject *fn)
{
    for (int depth = 0; depth < 8; depth++) { /* wrappers of wrappers, not a cycle */
        int flags = ((PyCodeObject *)PyFunction_GET_CODE(fn))->co_flags;
        PyObject *dict = ((PyFunctionObject *)fn)->func_dict, *key, *value, *inner = NULL;
        if (!(flags & CO_VARARGS) || !(flags & CO_VARKEYWORDS) ||
            (dict && !PyDict_CheckExact(dict)))
            return fn;
        for (Py_ssize_t pos = 0; dict && PyDict_Next(dict, &pos, &key, &value);)
            if (PyUnicode_CheckExact(key) &&
                PyUnicode_CompareWithASCIIString(key, "__wrapped__") == 0)
                inner = value;
        if (!inner) inner = closure_function(fn);
        if (!inner || !PyFunction_Check(inner)) return fn;
        fn = inner;
    }
    return fn;
}

/* Calls entry as how_to_call says; awaits a coroutine. Runs in the user phase (audit.c), and
 * holds fn and its code: user code could drop their last reference meanwhile. */
static PyObject *call_entry(PyObject *fn, PyObject *inputs)
{
    PyObject *ret;
    Py_INCREF(fn);
    PyObject *sig = PyFunction_Check(fn) ? wrapped_entry(fn) : NULL;
    PyCodeObject *code = sig ? (PyCodeObject *)PyFunction_GetCode(sig) : NULL;
    Py_XINCREF(code);
    call_kind how = code ? how_to_call(sig, code, inputs) : CALL_INPUTS;
    if (how == CALL_KEYWORDS) {
        PyObject *none = PyTuple_New(0);
        ret = none ? PyObject_Call(fn, none, inputs) : NULL;
        Py_XDECREF(none);
    } else {
        ret = how == CALL_NONE ? PyObject_CallNoArgs(fn) : PyObject_CallOneArg(fn, inputs);
    }
    if (!ret && code) explain_binding_error(code, how);
    Py_XDECREF(code);
    Py_DECREF(fn);
    if (ret && PyCoro_CheckExact(ret)) {
        /* Still the user's run: the import calls builtins.__import__ and sys.meta_path, which
         * user code may have replaced with C callables that run without a frame. */
        pw_audit_own_import("asyncio");
        PyObject *asyncio = PyImport_ImportModule("asyncio");
        pw_audit_own_import(NULL);
        PyObject *done = asyncio ? PyObject_CallMethod(asyncio, "run", "O", ret) : NULL;
        Py_XDECREF(asyncio);
        Py_DECREF(ret);
        ret = done;
    }
    return ret;
}

static const char no_convention[] =
    "the code follows none of the entry conventions: define main(inputs) (or the function "
    "named by 'entry'), assign a top-level variable 'result', or send \"mode\": \"stdio\" "
    "(or \"mode\": \"body\" for the body of a function of inputs)";

/* n8n's Python code node also gives `_input` over the same items (all(), first(), last(),
 * item), whose objects read and write their keys as attributes, as its JsProxy objects do:
 * `for item in _input.all(): item.json.myNewField = 1` is n8n's own example. Items become
 * such dicts when bound; nested objects and arrays (and the objects in them) when first read,
 * written back, so a change lasts. to_py() gives plain dicts and lists, as JsProxy's does. */
static const char n8n_input_source[] =
    "def wrap(value):\n"
    "    t = type(value)\n"
    "    return N8nObject(value) if t is dict else N8nList(value) if t is list else value\n"
    "def plain(value):\n"
    "    if isinstance(value, dict):\n"
    "        return {k: plain(dict.__getitem__(value, k)) for k in dict.keys(value)}\n"
    "    if isinstance(value, list):\n"
    "        return [plain(v) for v in list.__iter__(value)]\n"
    "    return value\n"
    "class N8nObject(dict):\n"
    "    __slots__ = ()\n"
    "    def __getitem__(self, key):\n"
    "        value = dict.__getitem__(self, key)\n"
    "        wrapped = wrap(value)\n"
    "        if wrapped is not value:\n"
    "            dict.__setitem__(self, key, wrapped)\n"
    "        return wrapped\n"
    "    def __getattr__(self, name):\n"
    "        try:\n"
    "            return self[name]\n"
    "        except KeyError:\n"
    "            raise AttributeError(f'no key {name!r}') from None\n"
    "    def __setattr__(self, name, value):\n"
    "        self[name] = value\n"
    "    def __delattr__(self, name):\n"
    "        try:\n"
    "            del self[name]\n"
    "        except KeyError:\n"
    "            raise AttributeError(name) from None\n"
    "    def to_py(self):\n"
    "        return plain(self)\n"
    "class N8nList(list):\n"
    "    __slots__ = ()\n"
    "    def __getitem__(self, i):\n"
    "        value = list.__getitem__(self, i)\n"
    "        if isinstance(i, slice):\n"
    "            return N8nList(value)\n"
    "        wrapped = wrap(value)\n"
    "        if wrapped is not value:\n"
    "            list.__setitem__(self, i, wrapped)\n"
    "        return wrapped\n"
    "    def __iter__(self):\n"
    "        for i in range(len(self)):\n"
    "            yield self[i]\n"
    "    def to_py(self):\n"
    "        return plain(self)\n"
    "class N8nInput:\n"
    "    __slots__ = ('_all', 'item')\n"
    "    def __init__(self, items, item):\n"
    "        if isinstance(items, list):\n"
    "            items[:] = [wrap(i) for i in items]\n"
    "        self.item = wrap(item) if item is not None else items[0] if items else None\n"
    "        self._all = items if items is not None else [self.item]\n"
    "    def all(self):\n"
    "        return self._all\n"
    "    def first(self):\n"
    "        return self._all[0] if self._all else None\n"
    "    def last(self):\n"
    "        return self._all[-1] if self._all else None\n";

/* The N8nInput class (borrowed). */
static PyObject *n8n_input_class(void)
{
    static PyObject *ns;
    return defined_once(&ns, n8n_input_source, "N8nInput");
}

/* `_input` for items (a list, or NULL) and item (or NULL); a new reference, NULL on error. */
static PyObject *n8n_input(PyObject *items, PyObject *item)
{
    PyObject *cls = n8n_input_class();
    return cls ? PyObject_CallFunctionObjArgs(cls, items ? items : Py_None, item ? item : Py_None,
                                              NULL)
               : NULL;
}

void pw_interp_warm_body_mode(void)
{
    /* The interpreter makes its AST types on first use, which body mode's compile needs:
     * ~4 ms a warm run paid. */
    Py_XDECREF(pw_interp_compile_body("return inputs", "<warm-up>"));
    n8n_input_class();
    nested_globals_fn();
    PyErr_Clear();
}

/* mode "body": n8n's code node hands its items over as `_items` (its per-item mode, the
 * one item, as `_item`); when the inputs hold such a key it is a global of that name, and
 * `_input` is bound over them (n8n_input_source). */
static bool bind_items(PyObject *globals, PyObject *inputs)
{
    static const char *const names[] = {"_items", "_item"};
    PyObject *given[2];
    for (size_t i = 0; i < 2; i++) {
        given[i] = PyDict_GetItemString(inputs, names[i]); /* borrowed */
        if (given[i] && PyDict_SetItemString(globals, names[i], given[i]) != 0) return false;
    }
    if (given[0] && !PyList_Check(given[0])) given[0] = NULL;
    if (!given[0] && !given[1]) return true;
    PyObject *input = n8n_input(given[0], given[1]);
    bool ok = input && PyDict_SetItemString(globals, "_input", input) == 0;
    Py_XDECREF(input);
    return ok;
}

/* A script's __file__, absolute as python3 (3.9+) makes it for the script it runs
 * (`HERE = Path(__file__).parent` is common); `code` has none, as with python3 -c. */
static bool bind_file(PyObject *globals, const pw_req *req)
{
    if (is_code_text(req)) return true;
    pw_buf path = {0};
    if (req->filename[0] == '/')
        pw_buf_appendf(&path, "%s", req->filename);
    else
        pw_buf_appendf(&path, "%s/%s", strcmp(req->work_dir, "/") ? req->work_dir : "",
                       req->filename);
    PyObject *s = path.data ? PyUnicode_DecodeFSDefault(path.data) : NULL;
    bool ok = s && PyDict_SetItemString(globals, "__file__", s) == 0;
    Py_XDECREF(s);
    pw_buf_free(&path);
    return ok;
}

/* The pending exception, taken (a new reference, its traceback attached) when it is a
 * SystemExit of status 0 (exit(), sys.exit(0)), which ends python3's script successfully:
 * an early `sys.exit(0)` after assigning `result` (nothing to do) failed the run. Else NULL,
 * the exception left pending. */
static PyObject *clean_exit(void)
{
    if (!PyErr_ExceptionMatches(PyExc_SystemExit)) return NULL;
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyErr_NormalizeException(&type, &value, &tb);
    PyObject *code = value ? PyObject_GetAttrString(value, "code") : NULL;
    bool zero = code && (code == Py_None ||
                         (PyLong_Check(code) && ((unsigned long)PyLong_AsLong(code) & 0xFF) == 0));
    PyErr_Clear();
    Py_XDECREF(code);
    if (!zero) {
        PyErr_Restore(type, value, tb);
        return NULL;
    }
    if (tb) PyException_SetTraceback(value, tb);
    Py_XDECREF(type);
    Py_XDECREF(tb);
    return value;
}

/* sys.argv as python3 gives the script it runs: [its path], and `code` ["-c"], as python3 -c
 * does; it was [""] in main, result and body modes (argparse's prog, a log line naming the
 * script) and ["<code>"] in stdio mode. */
static bool bind_argv(const pw_req *req)
{
    PyObject *argv = Py_BuildValue("[s]", is_code_text(req) ? "-c" : req->filename);
    bool ok = argv && PySys_SetObject("argv", argv) == 0;
    Py_XDECREF(argv);
    return ok;
}

/* Whether the module code tests `__name__` against "__main__" (a program's main block). */
static bool main_guard(PyCodeObject *code)
{
    bool name = false, main = false;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(code->co_names); i++)
        name |=
            PyUnicode_CompareWithASCIIString(PyTuple_GET_ITEM(code->co_names, i), "__name__") == 0;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(code->co_consts); i++) {
        PyObject *c = PyTuple_GET_ITEM(code->co_consts, i);
        main |= PyUnicode_Check(c) && PyUnicode_CompareWithASCIIString(c, "__main__") == 0;
    }
    return name && main;
}

/* inspect.getsource(cls) finds a class through its module's __file__, which code has none of
 * (as python3 -c's __main__): it raised "is a built-in class" where a script's class shows.
 * A module type naming the code's file as a class attribute lets inspect find the lines
 * linecache holds, while the globals still hold no __file__. Not in body mode, whose text is
 * no module inspect could parse. */
static bool name_code_file(PyObject *mod, const pw_req *req)
{
    if (!is_code_text(req) || req->body || !may_ask_for_lines(req)) return true;
    PyObject *type = PyObject_CallFunction((PyObject *)&PyType_Type, "s(O){ss}", "module",
                                           (PyObject *)&PyModule_Type, "__file__", req->filename);
    bool ok = type && PyObject_SetAttrString(mod, "__class__", type) == 0;
    Py_XDECREF(type);
    return ok;
}

/* Returns the value to report (new reference) or NULL with *err set. */
static PyObject *run_main(const pw_req *req, PyObject *inputs, cJSON **err)
{
    PyObject *mod = PyImport_AddModule(PW_MODULE_NAME);     /* borrowed, lives in sys.modules */
    PyObject *globals = mod ? PyModule_GetDict(mod) : NULL; /* borrowed */
    /* the builtins module, as python3 gives the script it runs (`__builtins__.len`,
     * dir(__builtins__)); a dict is what an imported module sees */
    PyObject *builtins = PyImport_AddModule("builtins"); /* borrowed */
    /* `import __main__` and what looks there (doctest.testmod(), unittest.main()) find the
     * code's module, as python3's __main__ is the script's; its __name__ stays PW_MODULE_NAME.
     * The interpreter's own is kept alive: freeing it in a warm run wrote to the template's
     * pages its dict's values live on (~6 copy-on-write faults a run). The run never ends
     * by finalizing. */
    Py_XINCREF(PyDict_GetItemString(PyImport_GetModuleDict(), "__main__"));
    if (!globals || !builtins ||
        PyDict_SetItemString(PyImport_GetModuleDict(), "__main__", mod) < 0 ||
        PyDict_SetItemString(globals, "__builtins__", builtins) < 0 ||
        PyDict_SetItemString(globals, "inputs", inputs) < 0 ||
        PyDict_SetItemString(globals, "input_data", inputs) < 0 || !bind_file(globals, req) ||
        !bind_argv(req) || (req->body && !bind_items(globals, inputs)) ||
        !name_code_file(mod, req)) {
        *err = error_from_exception(req, false);
        return NULL;
    }
    remember_code_lines(req);
    PyObject *code = compile_run_code(req);
    if (!code) {
        *err = error_from_exception(req, true);
        return NULL;
    }
    bool guarded = PyCode_Check(code) && main_guard((PyCodeObject *)code);
    PyObject *r = PyEval_EvalCode(code, globals, globals);
    Py_DECREF(code);
    /* an exit of status 0 ends the code there, as it ends python3's script */
    PyObject *exited = r ? NULL : clean_exit();
    if (!r && !exited) {
        *err = error_from_exception(req, false);
        return NULL;
    }
    Py_XDECREF(r);
    /* A top-level `result` is the result and main is not called: a script that ends with
     * `result = main(inputs)` (dify's wrapper) has already run it. A named entry is what
     * the request asked for and is always called. */
    PyObject *result = PyDict_GetItemString(globals, "result"); /* borrowed */
    const char *name = req->body ? "body" : req->entry ? req->entry : "main";
    PyObject *fn = PyDict_GetItemString(globals, name); /* borrowed */
    bool callable = fn && PyCallable_Check(fn);
    if (exited && !(result && !req->entry && !req->body)) {
        /* it left nothing to report: the exit is what happened. Nor is main called after it,
         * as python3 runs nothing after a script's exit (a script that called main itself
         * would run it twice) */
        PyErr_Restore(Py_NewRef(PyExceptionInstance_Class(exited)), exited,
                      PyException_GetTraceback(exited));
        *err = error_from_exception(req, false);
        return NULL;
    }
    Py_XDECREF(exited);
    if (result && !req->entry && !req->body) return Py_NewRef(result);
    if (callable) {
        PyObject *ret = call_entry(fn, inputs);
        if (!ret) *err = error_from_exception(req, false);
        return ret;
    }
    if (req->entry) {
        *err = pw_error_new("invalid_request", "entry '%s' is not a function the code defines",
                            req->entry);
        cJSON_AddStringToObject(*err, "field", "entry");
        return NULL;
    }
    /* Zapier's code step returns what the code assigns to `output`; a program's work is in
     * its __main__ block, which did not run */
    bool zapier = PyDict_GetItemString(globals, "output") != NULL;
    *err = pw_error_new("invalid_request", "%s%s%s", no_convention,
                        zapier ? "; the code assigns 'output', as a Zapier code step returns "
                                 "its result: name it 'result' here, or send \"mode\": \"body\", "
                                 "where 'output' is the result"
                               : "",
                        guarded ? "; its `if __name__ == \"__main__\":` block did not run (the "
                                  "code runs as module " PW_MODULE_NAME "): send \"mode\": "
                                  "\"stdio\" to run it as python3 runs a program"
                                : "");
    cJSON_AddStringToObject(*err, "field", "code");
    return NULL;
}

/* sys.exit(code)'s status as the python3 binary computes it; a message given instead of a
 * status (sys.exit("fatal")) is printed as python3 prints it and kept in *message, for the
 * error to say. */
static int system_exit_status(PyObject *exc, char **message)
{
    PyObject *code = PyObject_GetAttrString(exc, "code");
    PyErr_Clear();
    int status = 0;
    if (code && PyLong_Check(code)) {
        /* what exit() leaves python3's host: the low 8 bits (-1, or an int past a long, is
         * 255; 256 is 0); never negative, which says the run failed some other way */
        status = (int)((unsigned long)PyLong_AsLong(code) & 0xFF);
        PyErr_Clear();
    } else if (code && code != Py_None) {           /* its message, on sys.stderr with a newline */
        PyObject *file = PySys_GetObject("stderr"); /* borrowed */
        if (!file || PyFile_WriteObject(code, file, Py_PRINT_RAW) < 0 ||
            PyFile_WriteString("\n", file) < 0)
            PyErr_Clear();
        *message = safe_str(code);
        status = 1;
    }
    Py_XDECREF(code);
    return status;
}

/* The inputs in a pipe on fd 0, as python3's host would give them, so that open(0) and
 * sys.stdin.fileno() work too; false when the pipe cannot hold them all (1 MiB is the most an
 * unprivileged pipe takes; seccomp allows no memfd). */
static struct {
    _Atomic int fd; /* the pipe's writing end while the feeder holds it, else -1 */
    const char *text;
    size_t len;
} feed = {.fd = -1};

/* Writes the inputs into stdin's pipe as the run reads them, then closes it. Never runs
 * Python; with every signal blocked, a reader that closed fd 0 early is an EPIPE here. */
static void *feed_stdin(void *unused)
{
    (void)unused;
    pw_write_all(feed.fd, feed.text, feed.len);
    close(atomic_exchange(&feed.fd, -1));
    return NULL;
}

/* A process the run forks (policies that allow it) gets the writing end but no feeder: it
 * would hold the pipe open, and the run's stdin would never end. */
static void feed_closed_in_child(void)
{
    int fd = atomic_exchange(&feed.fd, -1);
    if (fd >= 0) close(fd);
}

/* The writing end, or false: a thread of the run's own, its stack small (RLIMIT_AS counts
 * it), started with every signal blocked. It counts as one of max_processes. */
static bool feed_from_thread(int fd, const char *text, size_t n)
{
    static bool atfork;
    if (!atfork && pthread_atfork(NULL, NULL, feed_closed_in_child) != 0) return false;
    atfork = true;
    feed.fd = fd;
    feed.text = text;
    feed.len = n;
    pthread_attr_t attr;
    sigset_t all, old;
    sigfillset(&all);
    pthread_t t;
    bool ok = pthread_attr_init(&attr) == 0;
    if (ok) {
        pthread_attr_setstacksize(&attr, 64 << 10);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        pthread_sigmask(SIG_SETMASK, &all, &old);
        ok = pthread_create(&t, &attr, feed_stdin, NULL) == 0;
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        pthread_attr_destroy(&attr);
    }
    if (!ok) feed.fd = -1; /* the caller closes it */
    return ok;
}

/* The inputs on fd 0 as a pipe, as a python3 host's JSON over stdin. Written at once where
 * the pipe holds them, else fed by a thread: a pipe is 1 MiB at most for a run, and 8 KiB
 * where the real uid's pipe quota (fs.pipe-user-pages-soft), which every run and any other
 * process of that uid share, is used up. */
static bool stdin_pipe(const char *text, size_t n)
{
    int p[2];
    if (pipe2(p, O_CLOEXEC) != 0) return false;
    if (n > 0) fcntl(p[1], F_SETPIPE_SZ, n > INT_MAX ? INT_MAX : (int)n);
    bool fits = fcntl(p[1], F_GETPIPE_SZ) >= (long)n;
    bool ok = dup2(p[0], 0) == 0 &&
              (fits ? pw_write_all(p[1], text, n) : feed_from_thread(p[1], text, n));
    close(p[0]);
    if (fits || !ok) close(p[1]); /* fd 0 then reads what was written: all, or nothing */
    return ok;
}

/* sys.stdin reads the inputs as python3's does in UTF-8 mode, from fd 0; from memory only
 * where no thread could be started to feed them (then fd 0 is at its end). */
static bool bind_stdin(const char *text)
{
    PyObject *io = PyImport_ImportModule("io"), *in = NULL;
    if (io && stdin_pipe(text, strlen(text))) {
        in = PyObject_CallMethod(io, "open", "isisssi", 0, "r", -1, "utf-8", "surrogateescape",
                                 NULL, 0);
        /* named as python3 names it (create_stdio), not 0 */
        PyObject *buffer = in ? PyObject_GetAttrString(in, "buffer") : NULL;
        PyObject *raw = buffer ? PyObject_GetAttrString(buffer, "raw") : NULL;
        PyObject *name = raw ? PyUnicode_FromString("<stdin>") : NULL;
        if (!name || PyObject_SetAttrString(raw, "name", name) < 0) PyErr_Clear();
        Py_XDECREF(name);
        Py_XDECREF(raw);
        Py_XDECREF(buffer);
    } else if (io) {
        PyObject *raw = PyObject_CallMethod(io, "BytesIO", "y", text);
        in = raw ? PyObject_CallMethod(io, "TextIOWrapper", "Oss", raw, "utf-8", "surrogateescape")
                 : NULL;
        Py_XDECREF(raw);
    }
    bool ok = in && PySys_SetObject("stdin", in) == 0;
    Py_XDECREF(in);
    Py_XDECREF(io);
    return ok;
}

void pw_interp_call_if_loaded(const char *module, const char *function)
{
    PyObject *name = PyUnicode_FromString(module);
    PyObject *m = name ? PyImport_GetModule(name) : NULL;
    PyObject *r = m ? PyObject_CallMethod(m, function, NULL) : NULL;
    Py_XDECREF(r);
    Py_XDECREF(m);
    Py_XDECREF(name);
    PyErr_Clear();
}

/* As python3 does before it exits: waits for the script's threads that are not daemons
 * (threading._shutdown), then runs its atexit handlers (a legacy script's summary, the
 * buffered log records logging.shutdown flushes), whose output a stdio host reads. */
static void finish_like_python3(void)
{
    pw_interp_call_if_loaded("threading", "_shutdown");
    pw_interp_call_if_loaded("atexit", "_run_exitfuncs");
}

/* Calls the sys.excepthook user code put in place of python3's own, as python3 does for an
 * uncaught exception; false when there is none or it failed (python3 then prints the
 * traceback itself). */
static bool call_user_excepthook(PyObject *type, PyObject *value, PyObject *tb)
{
    PyObject *hook = PySys_GetObject("excepthook");         /* borrowed */
    PyObject *original = PySys_GetObject("__excepthook__"); /* borrowed */
    if (!hook || hook == Py_None || hook == original || !type) return false;
    PyObject *r =
        PyObject_CallFunctionObjArgs(hook, type, value ? value : Py_None, tb ? tb : Py_None, NULL);
    Py_XDECREF(r);
    PyErr_Clear();
    return r != NULL;
}

/* The legacy contract: inputs on stdin, result printed. Returns the exit status (and in
 * *message sys.exit's message, if one was given), or -1 with *err set when the run failed
 * some other way. */
static int run_stdio(const pw_req *req, cJSON **err, char **message)
{
    PyObject *main_mod = PyImport_AddModule("__main__");              /* borrowed */
    PyObject *globals = main_mod ? PyModule_GetDict(main_mod) : NULL; /* borrowed */
    bool ready =
        globals && bind_stdin(req->inputs_json) && bind_argv(req) && bind_file(globals, req);
    if (!ready) {
        *err = error_from_exception(req, false);
        return -1;
    }
    remember_code_lines(req);
    PyObject *code = compile_run_code(req);
    if (!code) {
        /* python3 prints a script's syntax error to stderr, where its host reads it, and
         * exits 1: the same block from the same printer (no frames: it never ran). */
        PyObject *type, *value, *tb;
        PyErr_Fetch(&type, &value, &tb);
        PyErr_NormalizeException(&type, &value, &tb);
        bool shown = PyErr_GivenExceptionMatches(value, PyExc_SyntaxError);
        if (shown) Py_INCREF(type), Py_XINCREF(value), Py_XINCREF(tb);
        PyErr_Restore(type, value, tb);
        *err = error_from_exception(req, true);
        if (shown) {
            PyErr_Display(type, value, tb);
            PyErr_Clear();
            add_int(*err, "exit_status", 1);
            Py_DECREF(type), Py_XDECREF(value), Py_XDECREF(tb);
        }
        return -1;
    }
    PyObject *r = PyEval_EvalCode(code, globals, globals);
    Py_DECREF(code);
    int status = 0;
    if (r) {
        Py_DECREF(r);
    } else if (!PyErr_ExceptionMatches(PyExc_SystemExit)) {
        PyObject *type, *value, *tb;
        PyErr_Fetch(&type, &value, &tb);
        PyErr_NormalizeException(&type, &value, &tb);
        if (tb) PyException_SetTraceback(value, tb);
        Py_XINCREF(type);
        Py_XINCREF(value);
        Py_XINCREF(tb);
        PyErr_Restore(type, value, tb);
        *err = error_from_exception(req, false);
        add_int(*err, "exit_status", 1); /* python3's, for a script that raised */
        /* As python3 does for a script: the sys.excepthook it set (a legacy script's way
         * to print its error as JSON), else the traceback on stderr, which its host reads. */
        const char *text = cJSON_GetStringValue(cJSON_GetObjectItem(*err, "traceback"));
        if (!call_user_excepthook(type, value, tb)) {
            PyObject *stderr_file = PySys_GetObject("stderr"); /* borrowed */
            if (text && stderr_file && PyFile_WriteString(text, stderr_file) < 0) PyErr_Clear();
        }
        Py_XDECREF(type);
        Py_XDECREF(value);
        Py_XDECREF(tb);
        status = -1;
    } else {
        PyObject *type, *value, *tb;
        PyErr_Fetch(&type, &value, &tb);
        PyErr_NormalizeException(&type, &value, &tb);
        status = system_exit_status(value, message);
        Py_XDECREF(type);
        Py_XDECREF(value);
        Py_XDECREF(tb);
    }
    finish_like_python3();
    return status;
}

/* Once: a warm template's preload may have put site-packages there already. */
static bool append_path(PyObject *path, const char *dir)
{
    PyObject *d = PyUnicode_FromString(dir);
    int there = path && d ? PySequence_Contains(path, d) : -1;
    bool ok = there == 1 || (there == 0 && PyList_Append(path, d) == 0);
    Py_XDECREF(d);
    return ok;
}

bool pw_interp_add_site_paths(const pw_policy *p)
{
    PyObject *path = PySys_GetObject("path");         /* borrowed */
    bool ok = !p->site_packages || !*pw_site_dir() || /* a bundle has none */
              append_path(path, pw_site_dir());
    for (size_t i = 0; ok && i < p->site_dirs.n; i++)
        ok = append_path(path, p->site_dirs.v[i]);
    return ok;
}

static cJSON *serialise(PyObject *value, const pw_req *req, pw_buf *result)
{
    pw_json_error jerr;
    if (pw_py_to_json(value, "result", req->policy.max_result_bytes, req->lenient, result, &jerr))
        return NULL;
    pw_buf_free(result);
    if (jerr.too_large) {
        cJSON *err = pw_error_new("output_limit", "the result is over max_result_bytes (%zu)",
                                  req->policy.max_result_bytes);
        cJSON_AddStringToObject(err, "stream", "result");
        return err;
    }
    cJSON *err =
        pw_error_new("invalid_result", "%s at %s: %s", jerr.py_type, jerr.path, jerr.reason);
    cJSON_AddStringToObject(err, "path", jerr.path);
    cJSON_AddStringToObject(err, "python_type", jerr.py_type);
    return err;
}

void pw_interp_rehearse(void)
{
    PyObject *code = Py_CompileStringExFlags("def main(inputs):\n    return {'n': inputs['n']}\n",
                                             "<rehearsal>", Py_file_input, NULL, -1);
    Py_XDECREF(code);
    PyErr_Clear();
}

/* The inputs dict from their text (numbers exact, as the request gave them). */
static PyObject *inputs_to_py(const char *text)
{
    PyObject *inputs = pw_json_text_to_py(text);
    if (inputs && !PyDict_CheckExact(inputs)) Py_CLEAR(inputs);
    return inputs;
}

/* A run without a private /tmp is told its own directory (hosttmp.c) where tempfile looks
 * first: TMPDIR, in os.environ (the interpreter read the environment before this run
 * existed), and tempfile forgets a directory a template's module chose. */
static bool set_tmpdir(const char *dir)
{
    if (!dir) return true;
    PyObject *os = PyImport_ImportModule("os");
    PyObject *env = os ? PyObject_GetAttrString(os, "environ") : NULL;
    PyObject *value = PyUnicode_DecodeFSDefault(dir);
    bool ok = env && value && PyMapping_SetItemString(env, "TMPDIR", value) == 0;
    PyObject *key = PyUnicode_FromString("tempfile");
    PyObject *tempfile = key ? PyImport_GetModule(key) : NULL;
    Py_XDECREF(key);
    if (tempfile) ok = ok && PyObject_SetAttrString(tempfile, "tempdir", Py_None) == 0;
    Py_XDECREF(tempfile);
    Py_XDECREF(value);
    Py_XDECREF(env);
    Py_XDECREF(os);
    return ok;
}

void pw_interp_run(const pw_req *req, cJSON *header, pw_buf *result)
{
    cJSON *err = NULL;
    PyObject *inputs = NULL;
    if (!set_tmpdir(req->tmp_dir)) PyErr_Clear(); /* tempfile then says it found none */
    hold_report_reserve();
    pw_audit_activate(&req->policy, req->filename);
    /* stdio mode reads its inputs from stdin: as Python objects too, they cost 8 MB of
     * inputs ~70 MB and ~90 ms more than python3 pays for the script */
    if ((!req->stdio && !(inputs = inputs_to_py(req->inputs_json))) ||
        !pw_interp_add_site_paths(&req->policy)) {
        err = pw_error_new("internal", "could not build the inputs dict");
        PyErr_Clear();
    } else if (req->stdio) {
        pw_audit_user_call(true); /* until the result is out: see audit.c */
        char *message = NULL;
        int status = run_stdio(req, &err, &message);
        release_report_reserve();
        if (status >= 0) add_int(header, "stdio_exit", status);
        if (status > 0 && message) {
            /* only what the supervisor shows: 20 MB of message made the report too large
             * (output_limit) */
            size_t keep = strlen(message);
            if (keep > PW_EXIT_MESSAGE_SHOWN + 4) keep = PW_EXIT_MESSAGE_SHOWN + 4;
            while (keep > PW_EXIT_MESSAGE_SHOWN && ((unsigned char)message[keep] & 0xC0) == 0x80)
                keep--; /* cut at a character: still past what is shown */
            message[keep] = '\0';
            cJSON_AddStringToObject(header, "stdio_exit_message", message);
        }
        free(message);
    } else {
        pw_audit_user_call(true);
        PyObject *value = run_main(req, inputs, &err);
        release_report_reserve();
        if (value) err = serialise(value, req, result);
        Py_XDECREF(value);
    }
    Py_XDECREF(inputs);
    flush_std_streams();
    pw_audit_user_call(false);
    cJSON *violations = pw_audit_violations();
    if (violations) cJSON_AddItemToObject(header, "violations", violations);
    if (err) cJSON_AddItemToObject(header, "error", err);
}
