/* The audit hook. Three kinds of rule, each cheap to evaluate because the event name is
 * looked up first and almost every event has no rule:
 *   - imports of blocked modules, refused when *user code* is the importer (the standard
 *     library may use blocked modules internally);
 *   - capability events (processes, signals to others, sockets, ctypes, gc walks, ...),
 *     refused whoever the caller is;
 *   - paths, checked against read_paths/write_paths after resolving symlinks and `..`.
 * "User code" is any frame whose code does not come from the standard library's files;
 * the events that could mint a code object with a standard-library filename (compile,
 * code.__new__, marshal) are themselves refused to user code. Reference convention: every
 * PyObject* local is a new reference unless commented "borrowed". The hook never calls
 * Python code the user could have provided. */
#include "audit.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <opcode.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "child.h"
#include "jsonconv.h"
#include "layers.h"
#include "paths.h"
#include "result.h"

#define PW_MAX_RESOLVE_DEPTH 64

typedef struct {
    char *event, *detail, *message;
    PyObject *exc; /* strong: how pw_audit_error_from_exception recognises our exceptions */
    bool library;  /* refused inside library code while it imported a module (origin) */
    int line;      /* the innermost user frame's line, 0 when none */
} violation;

static struct {
    const pw_policy *policy; /* NULL: inactive, everything allowed */
    bool busy;               /* judging an event: another one now is refused */
    bool preloading;         /* a template's preload: refusals raise, nothing is recorded */
    PyObject *violation_cls, *import_cls;
    PyObject *s_fspath, *s_str, *s_str_slot, *s_name, *s_origin; /* interned attribute names */
    PyObject *s_drv, *s_root, *s_parts, *s_flavour, *s_sep;
    PyObject *direntry_type; /* posix.DirEntry: its __fspath__ is C, and it has no subclasses */
    pw_strv startup_modules; /* sys.modules once initialised: the interpreter's own modules */
    PyObject *marshal;       /* the real marshal module, which importlib's own code uses */
    char stdlib_real[PATH_MAX], site_real[PATH_MAX];
    char stdlib_zip[PATH_MAX]; /* sys.path's zip of the stdlib, "" for none (often not there) */
    /* where stdlib modules' files are named from (paths.h), and the files judged by name */
    char importlib_dir[PATH_MAX], pathlib_file[PATH_MAX];
    const char *code_file; /* the name the run's code was compiled under ("<code>", a script) */
    violation v[PW_MAX_VIOLATIONS];
    size_t n;
} st;

/* ---- which modules user code may import ---- */

/* name is pkg itself or inside package pkg. */
static bool in_package(const char *name, const char *pkg)
{
    size_t n = strlen(pkg);
    return strncmp(name, pkg, n) == 0 && (name[n] == '\0' || name[n] == '.');
}

bool pw_audit_module_blocked(const pw_policy *p, const char *name)
{
    if (strcmp(name, "pywarden") == 0) return false; /* our own exception classes */
    for (size_t i = 0; i < p->blocked_modules.n; i++)
        if (in_package(name, p->blocked_modules.v[i])) return true;
    /* An allow-list does not cover what the interpreter loaded before any user code: C code
     * imports those at call time (PyFile_OpenCode imports _io for every source file). */
    if (!p->has_allowed_modules || pw_strv_contains(&st.startup_modules, name)) return false;
    /* The build's configuration (a dict of strings): sysconfig, which zoneinfo asks for
     * the tz database's path, loads it by a computed name. */
    if (strncmp(name, "_sysconfigdata_", 15) == 0) return false;
    for (size_t i = 0; i < p->allowed_modules.n; i++) {
        /* "xml.etree" allows xml.etree.* and the parent package xml it needs. */
        const char *a = p->allowed_modules.v[i];
        if (in_package(name, a) || in_package(a, name)) return false;
    }
    return true;
}

/* ---- whose code is running ---- */

typedef enum { WHO_NONE, WHO_USER, WHO_STDLIB, WHO_IMPORTLIB } who;

static bool under(const char *path, const char *root)
{
    size_t n = strlen(root);
    if (n == 1 && root[0] == '/') return path[0] == '/';
    return strncmp(path, root, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

static bool under_site(const char *fn)
{
    return st.policy->site_packages && *pw_site_dir() && under(fn, pw_site_dir());
}

/* The policy's site_dirs entry fn is under, or NULL. */
static const char *site_dir_of(const char *fn)
{
    for (size_t i = 0; i < st.policy->site_dirs.n; i++)
        if (under(fn, st.policy->site_dirs.v[i])) return st.policy->site_dirs.v[i];
    return NULL;
}

/* A "..", "." or empty component: "/usr/lib/python3.11/../../tmp/x.py" is not under the
 * stdlib, though it starts like it (a sys.path entry so spelled named a module the run wrote
 * that way), and "/usr/lib/python3.11/./socket.py" is the stdlib's socket named "..socket",
 * which no policy lists (a package of the user's whose __path__ was so spelled ran blocked
 * modules). Such a file is the user's. */
static bool unclean_path(const char *fn)
{
    for (const char *p = fn; *p; p += strcspn(p, "/"), p += *p == '/') {
        size_t n = strcspn(p, "/");
        bool dotdot = n == 2 && p[0] == '.' && p[1] == '.', dot = n == 1 && p[0] == '.';
        if (dotdot || (p != fn && (n == 0 || dot))) return true; /* fn's own "" is the root */
    }
    return false;
}

/* Where the library's own bytecode may come from: what classify_file takes for library
 * code, and the stdlib zip. A .pyc names its source file itself, so one from anywhere else
 * could pass for the stdlib's. */
static bool library_bytecode(const char *path)
{
    const char *zip = pw_stdlib_zip();
    return !unclean_path(path) &&
           (under(path, pw_stdlib_modules()) || under(path, st.stdlib_real) ||
            (st.stdlib_zip[0] && under(path, st.stdlib_zip)) || (zip && under(path, zip)) ||
            under_site(path) || site_dir_of(path));
}

static who classify_file(const char *fn)
{
    if (unclean_path(fn)) return WHO_USER;
    if (strncmp(fn, "<frozen importlib", 17) == 0 || strcmp(fn, "<frozen zipimport>") == 0 ||
        under(fn, st.importlib_dir))
        return WHO_IMPORTLIB;
    if (strncmp(fn, "<frozen ", 8) == 0 || under(fn, pw_stdlib_modules()) || under_site(fn) ||
        site_dir_of(fn))
        return WHO_STDLIB;
    return WHO_USER;
}

/* The frame is executing IMPORT_NAME, i.e. an `import` statement written in its source,
 * as opposed to calling __import__-like callables it was handed (heapq's key=, a
 * Thread target, ...), which would let user code borrow a stdlib frame. */
static bool at_import_statement(PyFrameObject *f, PyCodeObject *code)
{
    PyObject *bytes = PyCode_GetCode(code);
    int lasti = PyFrame_GetLasti(f);
    bool at = bytes && lasti >= 0 && lasti < PyBytes_GET_SIZE(bytes) &&
              (unsigned char)PyBytes_AS_STRING(bytes)[lasti] == IMPORT_NAME;
    if (!bytes) PyErr_Clear();
    Py_XDECREF(bytes);
    return at;
}

typedef struct {
    who innermost;       /* the direct caller of the C function raising the event */
    who importer;        /* the first frame outside importlib */
    bool importer_stmt;  /* ... executing an import statement */
    bool user_anywhere;  /* some frame on the stack is user code */
    bool importing;      /* importlib is on the stack: a module is being imported */
    bool user_in_import; /* ... and a user frame is inner to its innermost frame (a hook) */
} stack_view;

/* Calls visit on each Python frame, innermost first, with its code and who wrote it (a file
 * name that does not decode counts as the user's), until visit returns false. */
typedef bool (*frame_visit)(PyFrameObject *f, PyCodeObject *code, who w, void *ctx);

static void walk_stack(frame_visit visit, void *ctx)
{
    PyFrameObject *f = PyEval_GetFrame(); /* borrowed */
    Py_XINCREF(f);
    bool more = true;
    while (f && more) {
        PyCodeObject *code = PyFrame_GetCode(f);
        const char *fn = PyUnicode_AsUTF8(code->co_filename);
        if (!fn) PyErr_Clear();
        more = visit(f, code, fn ? classify_file(fn) : WHO_USER, ctx);
        Py_DECREF(code);
        PyFrameObject *back = PyFrame_GetBack(f);
        Py_DECREF(f);
        f = back;
    }
    Py_XDECREF(f);
}

static bool view_frame(PyFrameObject *f, PyCodeObject *code, who w, void *ctx)
{
    stack_view *sv = ctx;
    if (sv->innermost == WHO_NONE) sv->innermost = w;
    /* importlib's own `import _imp` etc. are stdlib import statements too. */
    bool stmt = w != WHO_USER && sv->importer == WHO_NONE && at_import_statement(f, code);
    if (sv->importer == WHO_NONE && (w != WHO_IMPORTLIB || stmt)) {
        sv->importer = w == WHO_USER ? WHO_USER : WHO_STDLIB;
        sv->importer_stmt = stmt;
    }
    sv->user_in_import = sv->user_in_import || (w == WHO_USER && !sv->importing);
    sv->user_anywhere = sv->user_anywhere || w == WHO_USER;
    sv->importing = sv->importing || w == WHO_IMPORTLIB;
    return true;
}

static stack_view scan_stack(void)
{
    stack_view sv = {WHO_NONE, WHO_NONE, false, false, false, false};
    walk_stack(view_frame, &sv);
    return sv;
}

/* True from when interp.c starts the user's code until its result is out: code that runs
 * then with no user frame behind it still runs for the user (a C callable as the entry,
 * an async main's event-loop callbacks, a stdout replaced by a C callable that the final
 * flush calls). pywarden's own C code does nothing the hook judges then. */
static bool in_user_call;

void pw_audit_user_call(bool active)
{
    in_user_call = active;
}

static bool compiling_run_code; /* pw_audit_compiling */

void pw_audit_compiling(bool on)
{
    compiling_run_code = on;
}

/* The run's own thread: the one that activated the hook. pywarden starts no thread of its
 * own, so any other was started by user code (threading, ThreadPoolExecutor,
 * run_in_executor), and its stack holds only the stdlib's frames (threading's run calling
 * the target): a user frame is not there to be found, yet the thread acts for the user. */
static unsigned long run_thread;

static bool in_user_thread(void)
{
    return PyThread_get_thread_ident() != run_thread;
}

/* User code is behind what the stack's innermost frames do: in it, or in the run at all. */
static bool user_behind(const stack_view *sv)
{
    return sv->user_anywhere || in_user_call || in_user_thread();
}

/* The module pywarden itself is importing while the user's code runs (asyncio, to run an
 * async main), whatever the policy lists; NULL when none. */
static const char *own_import;

void pw_audit_own_import(const char *module)
{
    own_import = module;
}

/* No Python frame at all is pywarden's own C code, which is allowed, unless the user's code
 * is running (then only the module pywarden imports is). A stdlib frame that is not at an
 * import statement is calling something it was handed, for the user. */
static bool site_frame(PyFrameObject *f, PyCodeObject *code, who w, void *ctx)
{
    (void)f, (void)w;
    const char *fn = PyUnicode_AsUTF8(code->co_filename);
    if (!fn) PyErr_Clear();
    *(bool *)ctx = fn && !unclean_path(fn) && (under_site(fn) || site_dir_of(fn));
    return !*(bool *)ctx;
}

/* Whether code's co_names (a tuple of exact str) holds one of names (NULL-terminated). */
static bool code_names(PyCodeObject *code, const char *const *names)
{
    PyObject *co_names = code->co_names; /* borrowed */
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(co_names); i++)
        for (const char *const *n = names; *n; n++)
            if (PyUnicode_CompareWithASCIIString(PyTuple_GET_ITEM(co_names, i), *n) == 0)
                return true;
    return false;
}

typedef struct {
    const char *name; /* in: the module imported */
    bool own;         /* out */
} own_import_check;

/* At the first frame outside importlib: whether it runs a file of a stdlib package whose code
 * calls __import__ itself, and name is a submodule of that package (dbm/__init__.py: dbm.). */
static bool own_import_frame(PyFrameObject *f, PyCodeObject *code, who w, void *ctx)
{
    (void)f;
    if (w == WHO_IMPORTLIB) return true;
    own_import_check *c = ctx;
    static const char *const import_call[] = {"__import__", NULL};
    const char *fn = PyUnicode_AsUTF8(code->co_filename), *lib = pw_stdlib_modules();
    if (!fn) PyErr_Clear();
    size_t n = strlen(lib);
    if (!fn || unclean_path(fn) || !under(fn, lib) || fn[n] != '/' ||
        !code_names(code, import_call))
        return false;
    char package[PATH_MAX];
    snprintf(package, sizeof package, "%s", fn + n + 1);
    char *slash = strrchr(package, '/');
    if (!slash) return false; /* a top-level module, no package */
    *slash = '\0';
    for (char *p = package; *p; p++)
        if (*p == '/') *p = '.';
    size_t len = strlen(package);
    c->own = strncmp(c->name, package, len) == 0 && c->name[len] == '.';
    return false;
}

/* A stdlib package loading a submodule of its own by its own call of __import__, for a
 * library call of the user's: dbm.open's __import__("dbm.gnu") (then ndbm, dumb), which
 * shelve.open makes (refused, shelve failed under data: "no dbm clone found"). Only its own
 * submodules: any other name stays refused (xml.sax.make_parser handed "os"). */
static bool own_submodule_import(const char *name)
{
    own_import_check c = {name, false};
    walk_stack(own_import_frame, &c);
    return c.own;
}

static bool import_refused(const char *name)
{
    /* CPython's test-suite modules poke at the interpreter by design (_testcapi unmarshals a
     * file into any code object, no event), and no library needs them at run time, but
     * test.support imports them in import statements of its own: refused whoever asks
     * (test_capi_through_support). */
    static const char *const test_suite[] = {
        "_testcapi",           "_testinternalcapi", "_testbuffer", "_testmultiphase",
        "_testimportmultiple", "_testclinic",       "_xxtestfuzz", "_ctypes_test",
        "xxsubtype",           "xxlimited",         "xxlimited_35"};
    stack_view sv = scan_stack();
    for (size_t i = 0; i < sizeof test_suite / sizeof *test_suite; i++)
        if (strcmp(name, test_suite[i]) == 0) return user_behind(&sv);
    /* ctypes is memory access no event sees (a Union of an integer and a pointer writes
     * anywhere). A site directory's library may load it (numpy, pandas), the stdlib alone may
     * not while user code runs: it needs it only for process-shared memory and its tests
     * (multiprocessing.sharedctypes, test.support: ctypes_through_stdlib). */
    if ((in_package(name, "ctypes") || strcmp(name, "_ctypes") == 0) && user_behind(&sv)) {
        bool site = false;
        walk_stack(site_frame, &site);
        if (!site) return true;
    }
    if (sv.importer == WHO_NONE)
        return in_user_thread() || (in_user_call && !(own_import && strcmp(name, own_import) == 0));
    if (sv.importer == WHO_USER) return true;
    return sv.importer == WHO_STDLIB && !sv.importer_stmt && user_behind(&sv) &&
           !own_submodule_import(name);
}

typedef struct {
    const char *file, *name;  /* the innermost frame's; "" while none was seen */
    const char *const *names; /* in: names its code may use; out: whether it uses one */
    bool uses;
} innermost_frame;

static bool first_frame(PyFrameObject *f, PyCodeObject *code, who w, void *ctx)
{
    (void)f, (void)w;
    innermost_frame *in = ctx;
    in->file = PyUnicode_AsUTF8(code->co_filename);
    in->name = PyUnicode_AsUTF8(code->co_name);
    if (!in->file || !in->name) PyErr_Clear();
    in->uses = in->names && code_names(code, in->names);
    return false;
}

/* Whether the innermost frame's code names one of names: library code making the call its
 * own source makes, not calling a callable user code handed it (functools.singledispatch, a
 * key=, a Thread target) or put in a module in its place. No frame (C alone): false. */
static bool innermost_names(const char *const *names)
{
    innermost_frame in = {"", "", names, false};
    walk_stack(first_frame, &in);
    return in.uses;
}

/* For what library code does for the user by name (sys._getframe in logging, warnings, enum
 * and typing; a traceback's tb_frame in traceback): refused when the user's code does it,
 * and, while user code is behind, unless the innermost frame names it or is importlib. */
static bool refused_unless_named(const char *const *names)
{
    stack_view sv = scan_stack();
    if (sv.innermost == WHO_USER) return true;
    return user_behind(&sv) && sv.innermost != WHO_IMPORTLIB && !innermost_names(names);
}

/* Unmarshalling: while the user's code runs, only importlib's own loading of a .pyc (and
 * zipimport's) is the stdlib's, told by the innermost frame's function and file. */
static bool user_behind_now(void)
{
    stack_view sv = scan_stack();
    return user_behind(&sv);
}

/* Whether the bytes of data (a bytes-like object) are those of the file path from offset
 * on: read with plain syscalls (no event), from a library file the run cannot write. */
static bool same_as_file(const char *path, PyObject *data, off_t offset)
{
    Py_buffer view;
    if (!data || PyObject_GetBuffer(data, &view, PyBUF_SIMPLE) < 0) {
        PyErr_Clear();
        return false;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat sb;
    bool same = fd >= 0 && fstat(fd, &sb) == 0 && sb.st_size == offset + view.len &&
                lseek(fd, offset, SEEK_SET) == offset;
    char chunk[65536];
    for (Py_ssize_t done = 0; same && done < view.len;) {
        size_t want =
            (size_t)(view.len - done) < sizeof chunk ? (size_t)(view.len - done) : sizeof chunk;
        ssize_t got = read(fd, chunk, want);
        same = got > 0 && memcmp(chunk, (const char *)view.buf + done, (size_t)got) == 0;
        done += got > 0 ? got : 0;
    }
    if (fd >= 0) close(fd);
    PyBuffer_Release(&view);
    return same;
}

static const char *const bytecode_loaders[][3] = {
    {"<frozen importlib._bootstrap_external>", "_compile_bytecode", "bytecode_path"},
    {"<frozen zipimport>", "_unmarshal_code", "pathname"}};

/* The index in bytecode_loaders of the innermost frame's function, or -1. */
static int innermost_loader(void)
{
    innermost_frame in = {"", "", NULL, false};
    walk_stack(first_frame, &in);
    for (int i = 0; in.file && in.name && i < 2; i++)
        if (strcmp(in.file, bytecode_loaders[i][0]) == 0 &&
            strcmp(in.name, bytecode_loaders[i][1]) == 0)
            return i;
    return -1;
}

static bool unmarshal_refused(void)
{
    stack_view sv = scan_stack();
    if (sv.innermost == WHO_USER) return true;
    return user_behind(&sv) && innermost_loader() < 0;
}

/* The .pyc the innermost loader frame is unmarshalling (new reference), or NULL; *loader
 * is its index in bytecode_loaders. */
static PyObject *bytecode_path(int *loader)
{
    int i = *loader = innermost_loader();
    PyFrameObject *f = i >= 0 ? PyEval_GetFrame() : NULL; /* borrowed */
    PyObject *locals = f ? PyFrame_GetLocals(f) : NULL;
    PyObject *path = locals && PyDict_Check(locals)
                         ? PyDict_GetItemString(locals, bytecode_loaders[i][2])
                         : NULL; /* borrowed */
    Py_XINCREF(path);
    Py_XDECREF(locals);
    PyErr_Clear();
    return path;
}

/* ---- refusals ---- */

static cJSON *error_json(const violation *v)
{
    cJSON *err = pw_error_new("policy_violation", "%s", v->message);
    cJSON_AddStringToObject(err, "event", v->event);
    cJSON_AddStringToObject(err, "detail", v->detail);
    if (v->line) cJSON_AddNumberToObject(err, "line", v->line);
    return err;
}

/* {"event", "detail", "origin", "line"} as `violations` lists it. */
static cJSON *violation_json(const violation *v)
{
    cJSON *one = cJSON_CreateObject();
    cJSON_AddStringToObject(one, "event", v->event ? v->event : "?");
    cJSON_AddStringToObject(one, "detail", v->detail ? v->detail : "?");
    cJSON_AddStringToObject(one, "origin", v->library ? "library" : "user");
    if (v->line) cJSON_AddNumberToObject(one, "line", v->line);
    return one;
}

static bool line_of_user_frame(PyFrameObject *f, PyCodeObject *code, who w, void *ctx)
{
    (void)code;
    if (w == WHO_USER) *(int *)ctx = PyFrame_GetLineNumber(f);
    return *(int *)ctx == 0;
}

/* The line the innermost user frame is at: where the user's code was when it happened. */
static int user_line(void)
{
    int line = 0;
    walk_stack(line_of_user_frame, &line);
    return line;
}

static void forget(violation *v)
{
    free(v->event);
    free(v->detail);
    free(v->message);
    Py_CLEAR(v->exc);
}

/* A violation's text as UTF-8, cut after PW_VIOLATION_TEXT_MAX bytes (at a character) with
 * "..." after it: each is sent twice on the result channel (progress, then report), and a
 * hundred megabyte-long module names had crowded the run's result off it. */
#define PW_VIOLATION_TEXT_MAX 1024
static char *clipped(const char *text)
{
    size_t n = strlen(text);
    if (n <= PW_VIOLATION_TEXT_MAX) return pw_utf8_sanitize(text, n);
    n = PW_VIOLATION_TEXT_MAX;
    while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
        n--;
    char *head = pw_utf8_sanitize(text, n);
    pw_buf b = {0};
    bool ok = head && pw_buf_appendf(&b, "%s...", head);
    free(head);
    if (!ok) pw_buf_free(&b);
    return ok ? pw_buf_take(&b) : NULL;
}

/* v's texts (UTF-8, for Python and the report), replacing what it held. */
static void describe(violation *v, const char *event, const char *detail, const char *message)
{
    forget(v);
    v->event = pw_strdup(event);
    v->detail = clipped(detail);
    v->message = clipped(message);
}

static violation *record(const char *event, const char *detail, const char *message,
                         const stack_view *sv)
{
    /* Past the cap the last slot is reused: the newest refusal stays identifiable (and is
     * not streamed: a loop of refusals must not flood the channel). */
    bool fresh = st.n < PW_MAX_VIOLATIONS;
    violation *v = &st.v[fresh ? st.n++ : PW_MAX_VIOLATIONS - 1];
    describe(v, event, detail, message);
    /* A library probing an optional dependency while it imports (numpy's ctypes) is not
     * the user's doing; pw_audit_violations corrects this if the refusal reached user code. */
    v->library = sv->importing && sv->importer == WHO_STDLIB;
    v->line = user_line();
    if (fresh) {
        cJSON *rec = cJSON_CreateObject();
        cJSON_AddItemToObject(rec, "violation", violation_json(v));
        pw_child_send_progress(rec);
        cJSON_Delete(rec);
    }
    return v;
}

/* on_violation "kill": report now and end the run; no user code runs after this. */
static _Noreturn void kill_run(const violation *v)
{
    cJSON *header = cJSON_CreateObject();
    cJSON *err = error_json(v);
    cJSON_ReplaceItemInObject(err, "message",
                              cJSON_CreateString(v->message ? v->message : "policy violation"));
    cJSON_AddItemToObject(header, "error", err);
    cJSON *all = pw_audit_violations();
    if (all) cJSON_AddItemToObject(header, "violations", all);
    pw_child_send_report(PW_FD_RESULT, header, NULL, 0);
    _exit(0);
}

/* value NULL (a copy that could not be made, out of memory): the attribute is not set. */
static void set_str_attr(PyObject *obj, const char *name, const char *value)
{
    if (!value) return;
    PyObject *s = PyUnicode_FromString(value);
    if (!s || PyObject_SetAttrString(obj, name, s) < 0) PyErr_Clear();
    Py_XDECREF(s);
}

/* Records the refusal and raises pywarden.PolicyViolation, or ImportBlocked for imports
 * and for ctypes refusals while a module is being imported: libraries guard optional
 * dependencies with `except ImportError` (numpy's `import ctypes` dlopens at import). */
static int refuse(const char *event, const char *detail, bool import, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int refuse(const char *event, const char *detail, bool import, const char *fmt, ...)
{
    pw_buf msg = {0};
    va_list ap;
    va_start(ap, fmt);
    char what[1024];
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    pw_buf_appendf(&msg, "policy '%s' %s", st.policy->name ? st.policy->name : "?", what);
    stack_view sv = scan_stack();
    /* A template's preload has no run to report to, and no run to end. */
    violation scratch = {0}, *v = &scratch;
    if (st.preloading)
        describe(&scratch, event, detail, msg.data ? msg.data : event);
    else
        v = record(event, detail, msg.data ? msg.data : event, &sv);
    pw_buf_free(&msg);
    if (v != &scratch && st.policy->on_violation_kill) kill_run(v);
    /* While a module imports, a refused native library load is a missing optional
     * dependency (ImportError); a refused process, file or socket stays the OSError the
     * real failure would be (platform.uname, run by pandas' import, catches OSError). */
    bool as_import = import || (sv.importing && strncmp(event, "ctypes.", 7) == 0);
    PyObject *cls = as_import ? st.import_cls : st.violation_cls;
    PyObject *text = PyUnicode_FromString(v->message ? v->message : event);
    PyObject *exc = text ? PyObject_CallOneArg(cls, text) : NULL;
    Py_XDECREF(text);
    if (exc) {
        set_str_attr(exc, "event", v->event);
        set_str_attr(exc, "detail", v->detail);
        if (cls == st.import_cls) set_str_attr(exc, "name", v->detail);
        /* errno EACCES, as python3's PermissionError for a file it may not write: libraries
         * fall back on it (mailbox opens 'rb+', then 'rb' on EACCES or EROFS). No strerror or
         * filename: OSError's str() would then say "[Errno 13] ..." instead of the message. */
        PyObject *eacces = cls == st.violation_cls ? PyLong_FromLong(EACCES) : NULL;
        if (eacces && PyObject_SetAttrString(exc, "errno", eacces) < 0) PyErr_Clear();
        Py_XDECREF(eacces);
        if (v != &scratch) v->exc = Py_NewRef(exc);
        PyErr_SetObject(cls, exc);
        Py_DECREF(exc);
    }
    forget(&scratch);
    return -1;
}

/* What a script importing a blocked module most often wanted instead. */
static const struct {
    const char *module, *hint;
} import_hints[] = {
    {"os", "; for paths use pathlib, or posixpath (what os.path is); policy 'data' allows os"},
    /* signal.alarm as a script's own deadline */
    {"signal", "; the run's deadline is the request's timeout_ms; to bound one step, use "
               "concurrent.futures' result(timeout=...) or asyncio.wait_for"},
    {"multiprocessing", "; for parallel work use concurrent.futures.ThreadPoolExecutor"},
    {"subprocess", "; no policy but 'trusted' lets code start programs"},
};

const char *pw_audit_import_hint(const pw_policy *p, const char *module)
{
    for (size_t i = 0; i < sizeof import_hints / sizeof *import_hints; i++)
        if (in_package(module, import_hints[i].module)) return import_hints[i].hint;
    for (size_t i = 0; i < p->blocked_modules.n; i++)
        if (in_package(module, p->blocked_modules.v[i])) return "";
    /* read as if the module were listed in blocked_modules */
    return "; it is not in the policy's allowed_modules";
}

static int refuse_import(const char *event, const char *module)
{
    return refuse(event, module, true, "blocks importing module '%s' (pywarden audit hook)%s",
                  module, pw_audit_import_hint(st.policy, module));
}

/* ---- paths ---- */

static char *resolve_abs(const char *abs, int depth);

/* Resolves what exists of abs; the missing tail is appended lexically (what the kernel
 * would create or fail on). */
static char *resolve_missing(const char *abs, int depth)
{
    char *copy = pw_strdup(abs);
    char *slash = copy ? strrchr(copy, '/') : NULL;
    if (!slash || depth > PW_MAX_RESOLVE_DEPTH) {
        free(copy);
        return NULL;
    }
    const char *last = slash + 1;
    *slash = '\0';
    char *parent = resolve_abs(copy[0] ? copy : "/", depth + 1);
    pw_buf out = {0};
    if (parent && strcmp(last, "..") == 0) {
        char *up = strrchr(parent, '/');
        pw_buf_appendf(&out, "%.*s", up && up != parent ? (int)(up - parent) : 1, parent);
    } else if (parent) {
        bool root = strcmp(parent, "/") == 0;
        bool dot = strcmp(last, ".") == 0 || !*last;
        pw_buf_appendf(&out, "%s%s%s", parent, root || dot ? "" : "/", dot ? "" : last);
    }
    free(parent);
    free(copy);
    return pw_buf_take(&out);
}

static char *resolve_abs(const char *abs, int depth)
{
    char *real = realpath(abs, NULL);
    return real ? real : resolve_missing(abs, depth);
}

/* The absolute, symlink-free form of path, relative ones taken from base (the cwd when
 * NULL). /proc/self/root and /proc/self/fd/N are symlinks too, so they resolve here. */
static char *resolve(const char *path, const char *base)
{
    char cwd[PATH_MAX];
    if (path[0] != '/' && !base) base = getcwd(cwd, sizeof cwd);
    if (path[0] != '/' && !base) return NULL;
    pw_buf abs = {0};
    if (path[0] == '/')
        pw_buf_appendf(&abs, "%s", path);
    else
        pw_buf_appendf(&abs, "%s/%s", base, path);
    char *r = abs.data ? resolve_abs(abs.data, 0) : NULL;
    pw_buf_free(&abs);
    return r;
}

/* 1 + the length of the deepest root holding path, 0 when none does. */
static size_t deepest_root(const char *path, const pw_strv *roots)
{
    size_t best = 0;
    for (size_t i = 0; i < roots->n; i++)
        if (under(path, roots->v[i]) && strlen(roots->v[i]) + 1 > best)
            best = strlen(roots->v[i]) + 1;
    return best;
}

/* What every run may read besides read_paths, i; NULL past the last, "" for one not there. */
static const char *runtime_root(size_t i)
{
    const char *roots[] = {
        st.stdlib_real,       st.stdlib_zip, st.policy->site_packages ? st.site_real : "",
        "/dev/urandom",       "/dev/random", "/dev/zero",
        "/usr/share/zoneinfo"};
    return i < sizeof roots / sizeof *roots ? roots[i] : NULL;
}

/* The deepest grant decides, as in the mounts layer's view: a read-only root nested in a
 * writable one (the work directory inside the private /tmp) stays read-only. */
static bool path_allowed(const char *real, bool write)
{
    const pw_policy *p = st.policy;
    size_t w = deepest_root(real, &p->write_paths), r = deepest_root(real, &p->read_paths);
    if ((w && w >= r) || strcmp(real, "/dev/null") == 0) return true;
    if (write) return false;
    bool readable = r != 0;
    const char *root;
    for (size_t i = 0; !readable && (root = runtime_root(i)); i++)
        readable = root[0] && under(real, root);
    return readable || pw_stdlib_data_file(real);
}

/* A pathlib path's string, read from its cached `_str` slot: the os functions passed the
 * object itself, and calling its methods here could run user code. Only for types whose
 * __fspath__/__str__ are pathlib's own and whose `_str` is the plain slot. */
static bool is_pathlib_function(PyObject *fn, const char *name)
{
    if (!fn || !PyFunction_Check(fn)) return false;
    PyCodeObject *code = (PyCodeObject *)PyFunction_GET_CODE(fn);
    return PyUnicode_CompareWithASCIIString(code->co_filename, st.pathlib_file) == 0 &&
           PyUnicode_CompareWithASCIIString(code->co_name, name) == 0;
}

/* The value of o's plain __slots__ member name, if set and of exactly type want; else NULL. */
static PyObject *slot_get(PyObject *o, PyObject *name, PyTypeObject *want)
{
    PyObject *slot = _PyType_Lookup(Py_TYPE(o), name); /* borrowed */
    if (!slot || Py_TYPE(slot) != &PyMemberDescr_Type) return NULL;
    PyObject *v = Py_TYPE(slot)->tp_descr_get(slot, o, (PyObject *)Py_TYPE(o));
    if (!v) PyErr_Clear();
    if (v && Py_TYPE(v) != want) Py_CLEAR(v);
    return v;
}

/* A posix path's string as PurePath.__str__ builds it from its parsed parts. */
static PyObject *pathlib_format(PyObject *drv, PyObject *root, PyObject *parts)
{
    Py_ssize_t n = PyList_GET_SIZE(parts);
    for (Py_ssize_t i = 0; i < n; i++)
        if (!PyUnicode_CheckExact(PyList_GET_ITEM(parts, i))) return NULL;
    bool anchored = PyUnicode_GET_LENGTH(drv) > 0 || PyUnicode_GET_LENGTH(root) > 0;
    PyObject *rest = anchored ? PyList_GetSlice(parts, n > 0 ? 1 : 0, n) : Py_NewRef(parts);
    PyObject *sep = PyUnicode_FromString("/");
    PyObject *joined = rest && sep ? PyUnicode_Join(sep, rest) : NULL;
    PyObject *anchor = anchored ? PyUnicode_Concat(drv, root) : NULL;
    PyObject *s = !joined    ? NULL
                  : anchored ? (anchor ? PyUnicode_Concat(anchor, joined) : NULL)
                             : Py_NewRef(joined);
    Py_XDECREF(rest), Py_XDECREF(sep), Py_XDECREF(joined), Py_XDECREF(anchor);
    if (s && PyUnicode_GET_LENGTH(s) == 0) Py_SETREF(s, PyUnicode_FromString("."));
    if (!s) PyErr_Clear();
    return s;
}

/* A path that 3.11's pathlib has not turned into a string yet (it fills `_str` on the first
 * str()): built here from its `_drv`, `_root` and `_parts` slots as PurePath.__str__ would,
 * and stored in `_str`, so that the function about to use it gets the string checked here.
 * Only for a posix flavour (its class's `sep` is "/"). */
static PyObject *pathlib_str_fill(PyObject *o, PyObject *str_slot)
{
    PyObject *flavour = _PyType_Lookup(Py_TYPE(o), st.s_flavour); /* borrowed */
    PyObject *sep = flavour ? _PyType_Lookup(Py_TYPE(flavour), st.s_sep) : NULL;
    if (!sep || !PyUnicode_CheckExact(sep) || PyUnicode_CompareWithASCIIString(sep, "/") != 0)
        return NULL;
    PyObject *drv = slot_get(o, st.s_drv, &PyUnicode_Type);
    PyObject *root = slot_get(o, st.s_root, &PyUnicode_Type);
    PyObject *parts = slot_get(o, st.s_parts, &PyList_Type);
    PyObject *s = drv && root && parts ? pathlib_format(drv, root, parts) : NULL;
    Py_XDECREF(drv), Py_XDECREF(root), Py_XDECREF(parts);
    if (s && Py_TYPE(str_slot)->tp_descr_set(str_slot, o, s) != 0) {
        PyErr_Clear();
        Py_CLEAR(s);
    }
    return s;
}

static PyObject *pathlib_str(PyObject *o)
{
    PyTypeObject *t = Py_TYPE(o);
    PyObject *slot = _PyType_Lookup(t, st.s_str_slot); /* borrowed */
    /* pathlib's own __fspath__ and __str__ (not another of its functions put in their place),
     * reading `_str` through the plain attribute lookup the slot is read with here (no
     * __getattribute__ of a subclass's own that answers something else) */
    if (!is_pathlib_function(_PyType_Lookup(t, st.s_fspath), "__fspath__") ||
        !is_pathlib_function(_PyType_Lookup(t, st.s_str), "__str__") ||
        t->tp_getattro != PyObject_GenericGetAttr || !slot || Py_TYPE(slot) != &PyMemberDescr_Type)
        return NULL;
    PyObject *s = Py_TYPE(slot)->tp_descr_get(slot, o, (PyObject *)t);
    if (!s) {
        PyErr_Clear();
        return pathlib_str_fill(o, slot);
    }
    if (!PyUnicode_CheckExact(s)) Py_CLEAR(s);
    return s;
}

typedef enum { PATH_FD, PATH_TEXT, PATH_OPAQUE } path_kind;

static path_kind path_text(PyObject *o, char **out)
{
    if (o == Py_None) {
        *out = pw_strdup(".");
        return PATH_TEXT;
    }
    if (PyLong_Check(o)) return PATH_FD; /* opened under these same checks */
    PyObject *str = PyUnicode_Check(o) || PyBytes_Check(o)       ? Py_NewRef(o)
                    : (PyObject *)Py_TYPE(o) == st.direntry_type ? PyOS_FSPath(o)
                                                                 : pathlib_str(o);
    if (!str) PyErr_Clear();
    if (!str) return PATH_OPAQUE;
    PyObject *bytes = PyUnicode_Check(str) ? PyUnicode_EncodeFSDefault(str) : Py_NewRef(str);
    Py_DECREF(str);
    if (!bytes) {
        PyErr_Clear();
        return PATH_OPAQUE;
    }
    *out = pw_strdup(PyBytes_AS_STRING(bytes));
    Py_DECREF(bytes);
    return *out ? PATH_TEXT : PATH_OPAQUE;
}

/* The directory a dir_fd stands for, read from /proc/self/fd (buf is "" when it cannot be
 * read back); -1 for none, else the fd (AT_FDCWD, -100, has no base: the cwd). */
static long dir_fd_base(PyObject *dirfd, char *buf, size_t size)
{
    long fd = dirfd && PyLong_Check(dirfd) ? PyLong_AsLong(dirfd) : -1;
    if (fd == -1 && PyErr_Occurred()) PyErr_Clear();
    if (fd < 0) return -1;
    char link[64];
    snprintf(link, sizeof link, "/proc/self/fd/%ld", fd);
    ssize_t n = readlink(link, buf, size - 1);
    buf[n > 0 ? n : 0] = '\0';
    return fd;
}

/* ---- dir_fd without /proc ----
 * The mounts layer shows no /proc, so a dir_fd's path cannot be read back. Where a name
 * under it lands is then judged by identity: from the directory it is in, walk up with ".."
 * (an O_PATH open needs no Landlock right) to the first directory that is a grant, which is
 * the deepest grant holding it, as path_allowed judges a path. */

typedef enum { GRANT_NONE, GRANT_READ, GRANT_WRITE } grant_kind;

static bool same_file(const struct stat *s, const char *path)
{
    struct stat t;
    return path[0] && stat(path, &t) == 0 && t.st_dev == s->st_dev && t.st_ino == s->st_ino;
}

static bool is_one_of(const struct stat *s, const pw_strv *roots)
{
    for (size_t i = 0; i < roots->n; i++)
        if (same_file(s, roots->v[i])) return true;
    return false;
}

/* The grant directory s is the root of; a directory both read and written is written. */
static grant_kind grant_rooted_at(const struct stat *s)
{
    const pw_policy *p = st.policy;
    if (is_one_of(s, &p->write_paths)) return GRANT_WRITE;
    bool read = is_one_of(s, &p->read_paths);
    const char *root;
    for (size_t i = 0; !read && (root = runtime_root(i)); i++)
        read = same_file(s, root);
    return read ? GRANT_READ : GRANT_NONE;
}

/* The deepest grant holding directory fd, itself included; closes fd. */
static grant_kind grant_holding(int fd)
{
    grant_kind g = GRANT_NONE;
    struct stat cur, up;
    bool more = fd >= 0 && fstat(fd, &cur) == 0;
    for (int depth = 0; more && depth < PATH_MAX / 2; depth++) {
        if ((g = grant_rooted_at(&cur)) != GRANT_NONE) break;
        int parent = openat(fd, "..", O_PATH | O_DIRECTORY | O_CLOEXEC);
        close(fd);
        fd = parent;
        more =
            fd >= 0 && fstat(fd, &up) == 0 && (up.st_dev != cur.st_dev || up.st_ino != cur.st_ino);
        cur = up; /* at "/", ".." is "/" itself: no grant above */
    }
    if (fd >= 0) close(fd);
    return g;
}

static bool grant_allows(grant_kind g, bool write)
{
    return g == GRANT_WRITE || (g == GRANT_READ && !write);
}

/* Whether name (relative) under directory dirfd may be read or written. A symlink as its
 * last part is judged by where it points, as realpath would judge it. */
static bool dir_fd_allows(int dirfd, const char *name, bool write, int depth)
{
    char dir[PATH_MAX], target[PATH_MAX];
    if (snprintf(dir, sizeof dir, "%s", name) >= (int)sizeof dir || depth > PW_MAX_RESOLVE_DEPTH)
        return false;
    char *slash = strrchr(dir, '/');
    const char *last = slash ? slash + 1 : dir;
    if (slash) *slash = '\0';
    bool plain = *last && strcmp(last, ".") != 0 && strcmp(last, "..") != 0;
    int parent = openat(dirfd, slash && dir[0] ? dir : ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
    /* Under a directory that does not exist (a dangling link's target) is where it would be. */
    if (parent < 0)
        return errno == ENOENT && slash && dir[0] && plain &&
               dir_fd_allows(dirfd, dir, write, depth + 1);
    if (!plain) {
        int self = openat(parent, last[0] ? last : ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
        close(parent);
        return grant_allows(grant_holding(self), write);
    }
    struct stat s;
    if (fstatat(parent, last, &s, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(s.st_mode)) {
        ssize_t n = readlinkat(parent, last, target, sizeof target - 1);
        bool ok = false;
        if (n > 0) {
            target[n] = '\0';
            char *real = target[0] == '/' ? resolve(target, NULL) : NULL;
            ok = target[0] == '/' ? real && path_allowed(real, write)
                                  : dir_fd_allows(parent, target, write, depth + 1);
            free(real);
        }
        close(parent);
        return ok;
    }
    /* A grant's own root (a write path removed by name) is held by that grant. */
    grant_kind own = fstatat(parent, last, &s, 0) == 0 ? grant_rooted_at(&s) : GRANT_NONE;
    if (own != GRANT_NONE) {
        close(parent);
        return grant_allows(own, write);
    }
    return grant_allows(grant_holding(parent), write);
}

/* A change through an fd (os.chmod, utime, chown, setxattr, ... given one) is refused: what
 * the fd was opened for does not bind it, since another thread can dup2 a read-only input onto
 * that fd number between this check and the call (fd_metadata: fchmod of a read-only input);
 * open() of an fd and os.truncate need it open for writing, which the kernel checks. */
static int check_fd_write(const char *event, PyObject *obj)
{
    if (strcmp(event, "open") == 0 || strcmp(event, "os.truncate") == 0) return 0;
    long fd = PyLong_AsLong(obj);
    if (fd == -1 && PyErr_Occurred()) PyErr_Clear();
    char detail[32];
    snprintf(detail, sizeof detail, "fd %ld", fd);
    return refuse(event, detail, false,
                  "does not allow changing a file through an fd (%s, %s): pass its path", detail,
                  event);
}

/* What to do instead of a refused write to given: where the policy writes, and that a '~' in
 * it is literal (the run has no HOME unless its env sets one: expanduser leaves "~/.cache"
 * as it is, and makedirs then makes a directory "~"). malloc'd, "" for nothing to say. */
static char *write_hint(const char *given)
{
    const pw_policy *p = st.policy;
    pw_buf b = {0};
    size_t n = strlen(given);
    if (given[0] == '~' || strstr(given, "/~/") || (n >= 2 && strcmp(given + n - 2, "/~") == 0))
        pw_buf_appendf(&b, "; '~' was not expanded: the run has no HOME unless the policy's "
                           "env sets one (\"HOME\": \"/tmp\")");
    for (size_t i = 0; i < p->write_paths.n; i++)
        pw_buf_appendf(&b, "%s'%s'", i ? ", " : "; it writes under ", p->write_paths.v[i]);
    if (!p->write_paths.n) pw_buf_appendf(&b, "; it writes no files");
    return b.data ? pw_buf_take(&b) : pw_strdup("");
}

static int check_path(const char *event, PyObject *obj, PyObject *dirfd, bool write)
{
    char *text = NULL;
    path_kind kind = obj ? path_text(obj, &text) : PATH_FD;
    if (kind == PATH_FD) return write && obj ? check_fd_write(event, obj) : 0;
    if (kind == PATH_OPAQUE)
        return refuse(event, Py_TYPE(obj)->tp_name, false,
                      "cannot check a path given as a %s object in %s; pass str(path)",
                      Py_TYPE(obj)->tp_name, event);
    char base[PATH_MAX];
    base[0] = '\0';
    long fd = text[0] == '/' ? -1 : dir_fd_base(dirfd, base, sizeof base);
    bool by_identity = fd >= 0 && !base[0]; /* no /proc: the dir_fd's path is unknown */
    char *real = by_identity ? NULL : resolve(text, base[0] ? base : NULL);
    bool allowed =
        real ? path_allowed(real, write) : by_identity && dir_fd_allows((int)fd, text, write, 0);
    /* mkdir of a readable path that exists creates nothing: the kernel answers EEXIST before
     * it checks the right to write, which mkdir(exist_ok=True) and makedirs take as done */
    struct stat sb;
    if (!allowed && real && strcmp(event, "os.mkdir") == 0 && path_allowed(real, false) &&
        lstat(real, &sb) == 0)
        allowed = true;
    /* sqlite opens a database for writing unless told otherwise: say how to read one */
    bool sqlite_ro = !allowed && real && write && strcmp(event, "sqlite3.connect") == 0 &&
                     path_allowed(real, false) && lstat(real, &sb) == 0;
    char *hint = allowed || !write ? NULL : write_hint(text);
    int rc = allowed ? 0
                     : refuse(event, real ? real : text, false, "does not allow %s '%s' (%s)%s%s",
                              write ? "writing" : "reading", real ? real : text, event,
                              sqlite_ro ? "; to read it, open it read-only: "
                                          "sqlite3.connect('file:NAME?mode=ro', uri=True)"
                                        : "",
                              hint ? hint : "");
    free(hint);
    free(real);
    free(text);
    return rc;
}

/* ---- event rules ---- */

typedef struct event_rule event_rule;
typedef int (*rule_fn)(const char *event, PyObject *args, const event_rule *r);

struct event_rule {
    const char *name;
    bool prefix;
    rule_fn fn;
    /* path events: 1-based argument positions (0: none) of up to two paths, their dir_fds,
     * and whether each is written */
    unsigned char path[2], dirfd[2];
    bool write[2];
};

static PyObject *arg(PyObject *args, int i) /* borrowed, NULL when absent */
{
    return i >= 0 && i < PyTuple_GET_SIZE(args) ? PyTuple_GET_ITEM(args, i) : NULL;
}

static const char *arg_utf8(PyObject *args, int i)
{
    PyObject *o = arg(args, i);
    const char *s = o && PyUnicode_Check(o) ? PyUnicode_AsUTF8(o) : NULL;
    if (!s) PyErr_Clear();
    return s;
}

static int on_import(const char *event, PyObject *args, const event_rule *r)
{
    (void)r;
    const char *name = arg_utf8(args, 0);
    /* Process pools, queues and locks need processes, which the hook always refuses, and
     * named semaphores in /dev/shm, which no run has: said at the import that serves only
     * them, not left to fail as a bare FileNotFoundError. A PolicyViolation, not an
     * ImportError, which concurrent.futures would turn into "this Python lacks ...". */
    if (name && strcmp(name, "multiprocessing.synchronize") == 0)
        return refuse(event, name, false,
                      "forbids processes, which '%s' serves (process pools, multiprocessing "
                      "queues and locks); concurrent.futures.ThreadPoolExecutor runs in threads",
                      name);
    if (name && pw_audit_module_blocked(st.policy, name) && import_refused(name))
        return refuse_import(event, name);
    return 0;
}

/* "json/decoder.py" under the stdlib -> "json.decoder"; NULL when fn is no module file. */
static char *module_from_file(const char *fn)
{
    size_t n = strlen(fn);
    if (strncmp(fn, "<frozen ", 8) == 0 && n > 9) return strndup(fn + 8, n - 9);
    const char *site = site_dir_of(fn);
    const char *rel = under(fn, pw_stdlib_modules()) ? fn + strlen(pw_stdlib_modules())
                      : under_site(fn)               ? fn + strlen(pw_site_dir())
                      : site                         ? fn + strlen(site)
                                                     : NULL;
    if (!rel || n < 4 || strcmp(fn + n - 3, ".py") != 0 || !*rel) return NULL;
    char *name = pw_strdup(rel + 1);
    if (!name) return NULL;
    size_t len = strlen(name) - 3;
    name[len] = '\0';
    if (len >= 9 && strcmp(name + len - 9, "/__init__") == 0) name[len - 9] = '\0';
    for (char *c = name; *c; c++)
        if (*c == '/') *c = '.';
    return name;
}

/* importlib.import_module and the loaders raise no `import` event, but executing a
 * module's code raises `exec` with the module's <module> code object. */
static int on_exec(const char *event, PyObject *args, const event_rule *r)
{
    (void)r;
    PyObject *code = arg(args, 0);
    if (!code || !PyCode_Check(code)) return 0;
    PyCodeObject *co = (PyCodeObject *)code;
    if (PyUnicode_CompareWithASCIIString(co->co_name, "<module>") != 0) {
        /* a library function's code run with globals (and builtins) of the user's: its
         * frames pass for the library's (uuid._arp_getnode's `import socket` handed the
         * module to a `hasattr` of the user's) */
        const char *lib = PyUnicode_AsUTF8(co->co_filename);
        if (!lib) PyErr_Clear();
        static const char *const names[] = {"exec", "eval", NULL};
        return lib && classify_file(lib) != WHO_USER && refused_unless_named(names)
                   ? refuse(event, lib, false,
                            "does not let user code run the code of '%s' outside its function", lib)
                   : 0;
    }
    const char *fn = PyUnicode_AsUTF8(co->co_filename);
    char *name = fn ? module_from_file(fn) : NULL;
    if (!fn) PyErr_Clear();
    int rc = name && pw_audit_module_blocked(st.policy, name) && import_refused(name)
                 ? refuse_import(event, name)
                 : 0;
    free(name);
    return rc;
}

/* importlib reading the cache of a module outside the library (a __pycache__ the host's
 * python3 left next to the run's helper modules): it finds none, and compiles the source,
 * whose code is named after it; on_unmarshal would refuse the bytes. */
static bool foreign_cached_bytecode(const char *path)
{
    size_t n = path ? strlen(path) : 0;
    const char *dir =
        n > 4 && strcmp(path + n - 4, ".pyc") == 0 ? strstr(path, "/__pycache__/") : NULL;
    if (!dir || strchr(dir + 13, '/') || library_bytecode(path)) return false;
    stack_view sv = scan_stack();
    return sv.innermost == WHO_IMPORTLIB && user_behind(&sv);
}

/* open(2) flags that make an open a write */
#define PW_WRITE_FLAGS (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND)

/* The innermost frame is threading's call of its excepthook, whose C default prints a thread's
 * traceback, reading each frame's file for its line. */
static bool in_thread_excepthook(void)
{
    PyFrameObject *f = PyEval_GetFrame();
    PyCodeObject *code = f ? PyFrame_GetCode(f) : NULL;
    const char *fn = code ? PyUnicode_AsUTF8(code->co_filename) : NULL;
    size_t n = fn ? strlen(fn) : 0;
    bool in = fn && n > 13 && strcmp(fn + n - 13, "/threading.py") == 0 &&
              classify_file(fn) == WHO_STDLIB &&
              PyUnicode_CompareWithASCIIString(code->co_name, "invoke_excepthook") == 0;
    if (!fn) PyErr_Clear();
    Py_XDECREF(code);
    return in;
}

/* CPython's C code reopening a code object's file to show a line: a syntax error's text
 * (compile() of "<formula>" asks for "<formula>" as it is, pywarden's compile of the script
 * for the script) or a thread's traceback. A bare name in angle brackets is no file, and the
 * run's own file is what it runs: where the policy lets the run read neither, the lookup
 * finds nothing, as python3 finds no "<string>", and no violation is recorded for a typo in a
 * formula. The script read by anything else (user code, a library it calls, a thread's
 * target) stays a refusal. */
static bool line_lookup(const char *path)
{
    size_t n = strlen(path);
    if (n > 2 && path[0] == '<' && path[n - 1] == '>' && !strchr(path, '/')) return true;
    return st.code_file && strcmp(path, st.code_file) == 0 &&
           (compiling_run_code || in_thread_excepthook());
}

static int on_open(const char *event, PyObject *args, const event_rule *r)
{
    (void)r;
    const char *path = arg_utf8(args, 0);
    PyObject *flags = arg(args, 2);
    long f = flags && PyLong_Check(flags) ? PyLong_AsLong(flags) : 0;
    if (f == -1 && PyErr_Occurred()) PyErr_Clear();
    const char *mode = arg_utf8(args, 1);
    bool write = (f & PW_WRITE_FLAGS) || (mode && strpbrk(mode, "wax+"));
    bool quiet = foreign_cached_bytecode(path);
    if (!quiet && path && !write && line_lookup(path)) {
        char *real = resolve(path, NULL);
        quiet = !real || !path_allowed(real, false);
        free(real);
    }
    if (quiet) {
        errno = ENOENT;
        PyErr_SetFromErrnoWithFilenameObject(PyExc_FileNotFoundError, arg(args, 0));
        return -1;
    }
    return check_path(event, arg(args, 0), NULL, write);
}

static int on_path(const char *event, PyObject *args, const event_rule *r)
{
    for (int i = 0; i < 2 && r->path[i]; i++) {
        PyObject *dirfd = r->dirfd[i] ? arg(args, r->dirfd[i] - 1) : NULL;
        if (check_path(event, arg(args, r->path[i] - 1), dirfd, r->write[i]) < 0) return -1;
    }
    return 0;
}

/* A symlink outlives the run in a writable directory, where the host's own programs may
 * follow it later: its target must stay below the link's own directory (relative, no ".."),
 * as a site generator's "assets/style.css" does, never "/etc/shadow" or "../../.ssh". */
static bool target_stays_below(const char *t)
{
    if (t[0] == '/') return false;
    for (const char *c = t; *c; c += strcspn(c, "/"), c += *c == '/')
        if (strncmp(c, "..", 2) == 0 && (c[2] == '/' || c[2] == '\0')) return false;
    return true;
}

static int on_symlink(const char *event, PyObject *args, const event_rule *r)
{
    if (on_path(event, args, r) < 0) return -1; /* the link itself is written */
    char *target = NULL;
    path_kind kind = path_text(arg(args, 0), &target);
    bool ok = kind == PATH_TEXT && target_stays_below(target);
    int rc = ok ? 0
                : refuse(event, target ? target : "?", false,
                         "forbids a symbolic link to '%s': a link's target must stay below its own "
                         "directory (relative, without '..'), since the host's programs may follow "
                         "it after the run",
                         target ? target : "?");
    free(target);
    return rc;
}

static int hex_digit(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c - 'A' + 10;
}

/* The file a "file:" URI names, as sqlite reads it (sqlite3ParseUri): past an authority
 * ("//localhost"), up to '?' or '#', each %HH decoded ("..%2F" is "../"), %00 ending it. */
static PyObject *sqlite_uri_path(const char *uri)
{
    const char *p = uri + 5;
    if (p[0] == '/' && p[1] == '/') p += 2 + strcspn(p + 2, "/");
    pw_buf path = {0};
    for (; *p && *p != '?' && *p != '#'; p++) {
        char c = *p;
        if (c == '%' && isxdigit((unsigned char)p[1]) && isxdigit((unsigned char)p[2])) {
            c = (char)(hex_digit(p[1]) << 4 | hex_digit(p[2]));
            p += 2;
            if (!c) break;
        }
        if (!pw_buf_append(&path, &c, 1)) break;
    }
    PyObject *b = PyBytes_FromStringAndSize(path.data ? path.data : "", (Py_ssize_t)path.len);
    pw_buf_free(&path);
    return b;
}

/* Whether a "file:" URI's query sets option name to value, as sqlite3ParseUri reads it:
 * options split at a literal '&' (a name from its value at the first literal '='), %HH
 * decoded, %00 ending the name or value. SOME: any of them does; else the last of that name
 * (the one sqlite keeps). */
enum { SQLITE_SOME, SQLITE_LAST };
static bool sqlite_uri_sets(const char *uri, const char *name, const char *value, int which)
{
    const char *p = uri + strcspn(uri, "?#");
    char opt[2][8]; /* name, value: longer ones are none of those asked for */
    size_t len[2] = {0, 0};
    int part = 0;
    bool some = false, last = false, cut = false;
    for (p = *p == '?' ? p + 1 : "";; p++) {
        if (!*p || *p == '&' || *p == '#') { /* the option before a '#' counts too */
            if (len[0] == strlen(name) && !memcmp(opt[0], name, len[0])) {
                last = len[1] == strlen(value) && !memcmp(opt[1], value, len[1]);
                some |= last;
            }
            if (*p != '&') break;
            len[0] = len[1] = 0, part = 0, cut = false;
            continue;
        }
        if (*p == '=' && part == 0) {
            part = 1, cut = false;
            continue;
        }
        char c = *p;
        if (c == '%' && isxdigit((unsigned char)p[1]) && isxdigit((unsigned char)p[2])) {
            c = (char)(hex_digit(p[1]) << 4 | hex_digit(p[2]));
            p += 2;
            cut |= !c;
        }
        if (!cut && len[part] < sizeof opt[part]) opt[part][len[part]] = c;
        len[part] += !cut;
    }
    return which == SQLITE_SOME ? some : last;
}

/* A URI whose database is in memory whatever its name: the last mode=memory (a later mode
 * takes it back to a file), or the memdb VFS. */
static bool sqlite_uri_in_memory(const char *uri)
{
    return sqlite_uri_sets(uri, "mode", "memory", SQLITE_LAST) ||
           sqlite_uri_sets(uri, "vfs", "memdb", SQLITE_LAST);
}

/* ":memory:" and "" are in-memory (or private temporary) databases; "file:" names are URIs
 * (Debian's sqlite takes them whatever connect's uri= says), read-only ones only read, and
 * in-memory ones (mode=memory, vfs=memdb) touch no file. */
static int on_sqlite(const char *event, PyObject *args, const event_rule *r)
{
    (void)r;
    char *db = NULL; /* the name as sqlite gets it, whether given as str, bytes or a path */
    bool named = arg(args, 0) && path_text(arg(args, 0), &db) == PATH_TEXT;
    PyObject *path = named && strncmp(db, "file:", 5) == 0 ? sqlite_uri_path(db) : NULL;
    const char *file = path ? PyBytes_AS_STRING(path) : db;
    int rc =
        named && (!*file || strcmp(file, ":memory:") == 0 || (path && sqlite_uri_in_memory(db)))
            ? 0
            : check_path(event, path ? path : arg(args, 0), NULL,
                         !(path && sqlite_uri_sets(db, "mode", "ro", SQLITE_SOME)));
    Py_XDECREF(path);
    free(db);
    return rc;
}

/* A code object named after a stdlib file would make its frames pass for the stdlib. The
 * import system compiles stdlib sources itself (importlib innermost); anything else with
 * user code on the stack is refused. */
/* How deep this thread is in builtins.compile (compile_call), where any code object a text
 * becomes is made. Per thread: another thread's compile ending must not end this one's. */
static _Thread_local unsigned compiling;

static int on_compile(const char *event, PyObject *args, const event_rule *r)
{
    (void)r;
    const char *fn = arg_utf8(args, 1);
    if (!fn || classify_file(fn) == WHO_USER) return 0;
    /* The parser's own event outside compile() (the carets of a traceback CPython prints for
     * a thread or a finalizer parse each frame's line under its file's name; symtable) makes
     * a tree, never code: it was a violation whenever such a traceback held stdlib frames. */
    if (PyBytes_Check(arg(args, 0)) && !compiling) return 0;
    stack_view sv = scan_stack();
    if (!user_behind(&sv)) return 0;
    if (sv.innermost != WHO_IMPORTLIB)
        return refuse(event, fn, false, "does not let user code compile code named '%s'", fn);
    /* importlib's helpers called directly (source_to_code) take any text: it must be the
     * file's own */
    return same_as_file(fn, arg(args, 0), 0)
               ? 0
               : refuse(event, fn, false,
                        "does not compile text that is not that of '%s' under its name", fn);
}

/* sys._getframe, sys.settrace, ...: the stdlib names them as the part after the dot. */
static int on_user_call(const char *event, PyObject *args, const event_rule *r)
{
    (void)args;
    (void)r;
    const char *const names[] = {strrchr(event, '.') + 1, NULL};
    /* a logging helper's sys._getframe(1): the stdlib's own calls give it the same frames */
    const char *hint = strcmp(event, "sys._getframe") == 0
                           ? " (inspect.currentframe() and inspect.stack() give a run its frames)"
                           : "";
    return refused_unless_named(names)
               ? refuse(event, event, false, "does not let user code call %s%s", event, hint)
               : 0;
}

/* The frame that called the create_dynamic or exec_dynamic now initialising a library
 * extension module (importlib's _call_with_frames_removed), NULL when none; only compared. */
static PyFrameObject *extension_init_frame;

/* Remaking code objects (code.replace, CodeType): while the user's code runs, only by a
 * library extension module as it initialises (Cython's make code objects), its caller's
 * frame still the innermost, or at a module's import with no user frame inside the import,
 * by library code whose own source names the call (types.coroutine as asyncio applies it,
 * numpy's overrides). Elsewhere a library frame may be running a lazy chain of C callables
 * user code hung on an object it touches (map, operator.methodcaller, a property), which no
 * frame shows: importlib's own frames among them, whose globals user code may rewrite, and
 * which it may call itself (an importlib frame innermost remade code for the user,
 * code_remake_in_importlib). */
static int on_code_remake(const char *event, PyObject *args, const event_rule *r)
{
    (void)args;
    (void)r;
    static const char *const names[] = {"replace", "CodeType", NULL};
    stack_view sv = scan_stack();
    bool extension_init = extension_init_frame && PyEval_GetFrame() == extension_init_frame;
    bool library_at_import =
        extension_init || (sv.importing && !sv.user_in_import && sv.innermost == WHO_STDLIB &&
                           innermost_names(names));
    bool refused = sv.innermost == WHO_USER || (user_behind(&sv) && !library_at_import);
    return refused ? refuse(event, event, false, "does not let user code call %s", event) : 0;
}

/* sys.settrace/setprofile: a tracer sees every frame and, as CPython writes f_locals back
 * after each call, rewrites importlib's locals. While the user's code runs none is set, by
 * any caller; the wrappers below let None (tracing off, as doctest's finally does) through. */
static bool tracing_off;

static int on_trace(const char *event, PyObject *args, const event_rule *r)
{
    (void)args;
    (void)r;
    stack_view sv = scan_stack(); /* a user frame innermost is one anywhere */
    bool refused = !tracing_off && user_behind(&sv);
    return refused ? refuse(event, event, false, "does not let user code call %s", event) : 0;
}

static int on_unmarshal(const char *event, PyObject *args, const event_rule *r)
{
    (void)r;
    if (unmarshal_refused())
        return refuse(event, event, false, "does not let user code call %s", event);
    int loader;
    PyObject *path = bytecode_path(&loader);
    const char *p = path && PyUnicode_Check(path) ? PyUnicode_AsUTF8(path) : NULL;
    if (!p) PyErr_Clear();
    int rc = 0;
    if (path && !(p && library_bytecode(p)))
        rc = refuse(event, p ? p : "?", false,
                    "does not load bytecode from '%s': only the standard library's and the site "
                    "directories' .pyc files are loaded (a .pyc names its own source file, so "
                    "its code could pass for the standard library's)",
                    p ? p : "?");
    /* _compile_bytecode called directly, with a library file's name and bytes of the
     * user's: what it unmarshals must be that file's, after its 16-byte header. */
    else if (path && loader == 0 && user_behind_now() && !same_as_file(p, arg(args, 0), 16))
        rc = refuse(event, p, false,
                    "does not unmarshal bytes that are not those of '%s' under its name", p);
    Py_XDECREF(path);
    return rc;
}

/* A function of the user's running a library function's code (given it as __code__, or
 * made by types.FunctionType) has frames that pass for the library's. */
static int on_function_code(const char *event, PyObject *args, const event_rule *r)
{
    (void)r;
    PyObject *code = arg(args, 0); /* function.__new__(code) */
    if (strcmp(event, "object.__setattr__") == 0) {
        const char *name = arg_utf8(args, 1);
        bool function = arg(args, 0) && PyFunction_Check(arg(args, 0));
        code = function && name && strcmp(name, "__code__") == 0 ? arg(args, 2) : NULL;
    }
    const char *fn =
        code && PyCode_Check(code) ? PyUnicode_AsUTF8(((PyCodeObject *)code)->co_filename) : NULL;
    if (!fn) PyErr_Clear();
    if (!fn || classify_file(fn) == WHO_USER) return 0;
    static const char *const names[] = {"FunctionType", "__code__", NULL};
    return refused_unless_named(names)
               ? refuse(event, fn, false,
                        "does not let user code run the code of '%s' as a function of its own", fn)
               : 0;
}

/* Attributes that hand out frames (and through them the globals of any module). */
static int on_getattr(const char *event, PyObject *args, const event_rule *r)
{
    static const char *const names[] = {"tb_frame", "gi_frame", "cr_frame", "ag_frame"};
    const char *name = arg_utf8(args, 1);
    for (size_t i = 0; name && i < sizeof names / sizeof *names; i++)
        if (strcmp(name, names[i]) == 0 && refused_unless_named((const char *const[]){name, NULL}))
            return refuse(event, name, false, "does not let user code read .%s", name);
    (void)r;
    return 0;
}

static int on_capability(const char *event, PyObject *args, const event_rule *r)
{
    (void)args;
    (void)r;
    return refuse(event, event, false, "forbids %s", event);
}

/* pandas asks gc.get_referents of the frame a slice came from before it lets the slice be
 * assigned to (generic.py, _check_setitem_copy): `sub = df[df.x > 1]; sub["y"] = 1`, as
 * common as pandas code gets, was a violation. Let through: None, and instances of a class
 * named NDFrame or derived from one whose whole layout is defined in Python on top of
 * object: which refer to nothing but their class, __dict__ and slots, reachable without gc.
 * The name proves nothing (user code names its classes as it likes); the layout is what
 * counts. The interpreter's generic traversal (subtype_traverse, which the hook's own
 * exception classes have) visits slots, __dict__ and the class, then hands over to the
 * nearest base that traverses otherwise: that base must have no traversal, i.e. hold no
 * references. A class with a C base below it would show that base's hidden state: a
 * metaclass's instances (classes) their real, writable type dict, whose change behind the
 * type's back left a dangling pointer in the type attribute cache (a use after free); a
 * ModuleType subclass (any module's __class__ can be set to one) its C module state.
 * Judged by the objects, not the caller: a chain of C callables could run the call from
 * pandas' frame. Anything else stays refused from any caller. */
static bool referents_harmless(PyObject *o)
{
    if (o == Py_None) return true;
    PyTypeObject *t = Py_TYPE(o);
    const traverseproc generic = ((PyTypeObject *)st.violation_cls)->tp_traverse;
    if (t->tp_traverse != generic || !t->tp_mro || !PyTuple_Check(t->tp_mro)) return false;
    const PyTypeObject *base = t;
    while (base && base->tp_traverse == generic)
        base = base->tp_base;
    if (!base || base->tp_traverse) return false;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(t->tp_mro); i++)
        if (strcmp(((PyTypeObject *)PyTuple_GET_ITEM(t->tp_mro, i))->tp_name, "NDFrame") == 0)
            return true;
    return false;
}

static int on_referents(const char *event, PyObject *args, const event_rule *r)
{
    PyObject *objs = arg(args, 0); /* borrowed: get_referents(*objs) */
    bool harmless = objs && PyTuple_CheckExact(objs);
    for (Py_ssize_t i = 0; harmless && i < PyTuple_GET_SIZE(objs); i++)
        harmless = referents_harmless(PyTuple_GET_ITEM(objs, i));
    return harmless ? 0 : on_capability(event, args, r);
}

/* With network, what an address names: IPv4 and IPv6 addresses are tuples; a str, bytes or
 * buffer names a unix socket, which would reach any host socket by its path
 * (unix_socket_host_path). */
static bool names_unix_socket(const char *event, PyObject *args)
{
    static const char *const addressed[] = {"socket.bind", "socket.connect", "socket.sendto",
                                            "socket.sendmsg"};
    bool takes_address = false;
    for (size_t i = 0; i < sizeof addressed / sizeof *addressed; i++)
        takes_address = takes_address || strcmp(event, addressed[i]) == 0;
    PyObject *address = takes_address ? arg(args, 1) : NULL;
    return address && address != Py_None && !PyTuple_Check(address);
}

/* socket.__new__'s family, type or protocol (index 1-3); -1 where not given. */
static long socket_arg(const char *event, PyObject *args, Py_ssize_t i)
{
    PyObject *o = strcmp(event, "socket.__new__") == 0 ? arg(args, i) : NULL;
    long v = o && PyLong_Check(o) ? PyLong_AsLong(o) : -1;
    if (v == -1 && PyErr_Occurred()) PyErr_Clear();
    return v;
}

/* asyncio's event loop makes an AF_UNIX socketpair for its self-pipe; creating an AF_UNIX
 * socket is harmless as long as connect/bind/sendto stay refused. With network, sockets of
 * the families that reach the kernel or the machine rather than the network (netlink, vsock,
 * AF_ALG, ...) are refused too, and so are IPv4/IPv6 protocols but TCP and UDP (SCTP, MPTCP,
 * raw: socket_kernel_protocols). */
static int on_socket(const char *event, PyObject *args, const event_rule *r)
{
    (void)r;
    long fam = socket_arg(event, args, 1);
    if (st.policy->allow_network) {
        if (names_unix_socket(event, args))
            return refuse(event, event, false,
                          "forbids unix sockets by address (%s; allow_network is for IPv4 and "
                          "IPv6)",
                          event);
        if (fam == AF_UNIX) return 0;
        /* -1: an AF_INET socket (_socket.socket(-1, type, proto)), or one wrapping an fd the
         * run has (fileno=), whose own type and protocol these are when given */
        if (fam != -1 && fam != AF_INET && fam != AF_INET6)
            return refuse(event, event, false,
                          "forbids socket family %ld (allow_network is for IPv4 and IPv6)", fam);
        long type = socket_arg(event, args, 2), proto = socket_arg(event, args, 3);
        bool type_ok = type == -1 || (type & 0xf) == SOCK_STREAM || (type & 0xf) == SOCK_DGRAM;
        if (type_ok && (proto <= 0 || proto == IPPROTO_TCP || proto == IPPROTO_UDP)) return 0;
        return refuse(event, event, false,
                      "forbids socket type %ld, protocol %ld (allow_network is for TCP and UDP)",
                      type, proto);
    }
    /* uname(2)'s nodename, which platform.node() reads without an event: nothing of the
     * network, and email.utils.make_msgid() asks it (getfqdn's lookup stays refused). */
    if (fam == AF_UNIX || strcmp(event, "socket.gethostname") == 0) return 0;
    return refuse(event, event, false, "forbids network access (%s; allow_network is false)",
                  event);
}

/* Whose import statement is loading the module now running: the first frame past that
 * module's own frames and the importlib frames that called it (WHO_NONE: no import). */
typedef struct {
    bool in_importlib;
    who importer;
} import_search;

static bool importer_frame(PyFrameObject *f, PyCodeObject *code, who w, void *ctx)
{
    (void)f, (void)code;
    import_search *s = ctx;
    if (w == WHO_IMPORTLIB)
        s->in_importlib = true;
    else if (s->in_importlib)
        s->importer = w;
    return s->importer == WHO_NONE;
}

static who module_importer(void)
{
    import_search s = {false, WHO_NONE};
    walk_stack(importer_frame, &s);
    return s.importer;
}

/* ctypes' own import runs PyDLL(None): a handle on the symbols already in the process,
 * loading no code. numpy and pandas import ctypes (pandas.errors unconditionally), so that
 * dlopen is allowed while a library's import statement loads ctypes (the user's own
 * `import ctypes`, where a policy lets it through, still gets the refusal); any other dlopen, and
 * every other ctypes event (dlsym, calls, cdata), stays refused from any caller. */
static int on_dlopen(const char *event, PyObject *args, const event_rule *r)
{
    if (arg(args, 0) == Py_None && module_importer() == WHO_STDLIB) return 0;
    return on_capability(event, args, r);
}

/* What seccomp refuses of fcntl and ioctl, for the same reasons: an fd's owner gets SIGIO (or
 * any signal F_SETSIG names, SIGKILL too) whenever the fd is ready, a signal to any process;
 * a lease makes a host writer of an input wait for the run (fd_owner_signal); dnotify tells
 * the run what others do in a directory it may read (dnotify_others). */
static int on_fd_control(const char *event, PyObject *args, const event_rule *r)
{
    (void)r;
    static const char signal_or_lease[] =
        "a signal to another process, or a lease that stalls a host writer",
                      watch[] = "it tells the run what others do in the directory";
    static const struct {
        const char *event, *name;
        unsigned long cmd;
        const char *why;
    } refused[] = {{"fcntl.fcntl", "F_SETOWN", F_SETOWN, signal_or_lease},
                   {"fcntl.fcntl", "F_SETOWN_EX", F_SETOWN_EX, signal_or_lease},
                   {"fcntl.fcntl", "F_SETLEASE", F_SETLEASE, signal_or_lease},
                   {"fcntl.fcntl", "F_NOTIFY", F_NOTIFY, watch},
                   {"fcntl.ioctl", "FIOSETOWN", FIOSETOWN, signal_or_lease},
                   {"fcntl.ioctl", "SIOCSPGRP", SIOCSPGRP, signal_or_lease}};
    PyObject *cmd = arg(args, 1);
    unsigned long c = cmd && PyLong_Check(cmd) ? PyLong_AsUnsignedLongMask(cmd) & 0xffffffffu : 0;
    if (c == (unsigned long)-1 && PyErr_Occurred()) PyErr_Clear();
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++)
        if (c == refused[i].cmd && strcmp(event, refused[i].event) == 0)
            return refuse(event, refused[i].name, false, "forbids %s %s (%s)", event,
                          refused[i].name, refused[i].why);
    return 0;
}

/* Environment variables a library reads when it first loads, to load code or read files from
 * where they name: OpenSSL's configuration loads provider and engine modules (OPENSSL_CONF
 * naming a file in out/ ran a .so the run wrote at `import hashlib`: openssl_conf_module),
 * glibc's iconv loads gconv modules, and the CA files OpenSSL reads by default. */
static int on_putenv(const char *event, PyObject *args, const event_rule *r)
{
    (void)r;
    static const char *const prefixes[] = {"OPENSSL_", "LD_", "GCONV_PATH", "SSL_CERT_"};
    PyObject *key = arg(args, 0); /* bytes: os.putenv converted it */
    const char *k = key && PyBytes_Check(key) ? PyBytes_AS_STRING(key) : NULL;
    for (size_t i = 0; k && i < sizeof prefixes / sizeof *prefixes; i++)
        if (strncmp(k, prefixes[i], strlen(prefixes[i])) == 0)
            return refuse(event, k, false,
                          "forbids setting %s: a library reads it to load code or files from "
                          "where it names",
                          k);
    return 0;
}

static int on_find_class(const char *event, PyObject *args, const event_rule *r)
{
    (void)r;
    const char *module = arg_utf8(args, 0);
    if (module && pw_audit_module_blocked(st.policy, module))
        return refuse(event, module, false, "forbids unpickling objects of module '%s'", module);
    return 0;
}

#define CAP(n)                                                                                     \
    {                                                                                              \
        n, false, on_capability, {0}, {0},                                                         \
        {                                                                                          \
            0                                                                                      \
        }                                                                                          \
    }
#define CAP_PREFIX(n)                                                                              \
    {                                                                                              \
        n, true, on_capability, {0}, {0},                                                          \
        {                                                                                          \
            0                                                                                      \
        }                                                                                          \
    }
#define USER_ONLY(n)                                                                               \
    {                                                                                              \
        n, false, on_user_call, {0}, {0},                                                          \
        {                                                                                          \
            0                                                                                      \
        }                                                                                          \
    }
#define PATH1(n, p, d, w)                                                                          \
    {                                                                                              \
        n, false, on_path, {p, 0}, {d, 0},                                                         \
        {                                                                                          \
            w, false                                                                               \
        }                                                                                          \
    }
#define PATH2(n, p1, p2, d1, d2, w1, w2)                                                           \
    {                                                                                              \
        n, false, on_path, {p1, p2}, {d1, d2},                                                     \
        {                                                                                          \
            w1, w2                                                                                 \
        }                                                                                          \
    }

static const event_rule rules[] = {
    {"import", false, on_import, {0}, {0}, {0}},
    {"exec", false, on_exec, {0}, {0}, {0}},
    {"open", false, on_open, {0}, {0}, {0}},
    {"compile", false, on_compile, {0}, {0}, {0}},
    {"object.__getattr__", false, on_getattr, {0}, {0}, {0}},
    {"pickle.find_class", false, on_find_class, {0}, {0}, {0}},
    {"fcntl.fcntl", false, on_fd_control, {0}, {0}, {0}},
    {"os.putenv", false, on_putenv, {0}, {0}, {0}},
    {"fcntl.ioctl", false, on_fd_control, {0}, {0}, {0}},
    {"socket.", true, on_socket, {0}, {0}, {0}},
    {"sqlite3.connect", false, on_sqlite, {0}, {0}, {0}},
    {"code.__new__", false, on_code_remake, {0}, {0}, {0}},
    {"function.__new__", false, on_function_code, {0}, {0}, {0}},
    {"object.__setattr__", false, on_function_code, {0}, {0}, {0}},
    {"marshal.loads", false, on_unmarshal, {0}, {0}, {0}},
    {"marshal.load", false, on_unmarshal, {0}, {0}, {0}},
    /* logging, warnings, enum and typing get frames for the user: see refused_unless_named */
    USER_ONLY("sys._getframe"),
    {"sys.settrace", false, on_trace, {0}, {0}, {0}},
    {"sys.setprofile", false, on_trace, {0}, {0}, {0}},
    CAP("sys.addaudithook"),
    CAP("sys._current_frames"),
    CAP("sys._current_exceptions"),
    CAP("gc.get_objects"),
    CAP("gc.get_referrers"),
    {"gc.get_referents", false, on_referents, {0}, {0}, {0}},
    CAP("cpython.PyInterpreterState_New"),
    {"ctypes.dlopen", false, on_dlopen, {0}, {0}, {0}},
    CAP_PREFIX("ctypes."),
    CAP("os.system"),
    CAP_PREFIX("os.exec"),
    CAP_PREFIX("os.posix_spawn"),
    CAP_PREFIX("os.spawn"),
    CAP_PREFIX("os.fork"),
    CAP("os.startfile"),
    CAP("subprocess.Popen"),
    CAP_PREFIX("os.kill"),
    CAP("signal.pthread_kill"),
    CAP("resource.setrlimit"),
    CAP("resource.prlimit"),
    CAP("sqlite3.enable_load_extension"),
    CAP("sqlite3.load_extension"),
    PATH1("os.listdir", 1, 0, false),
    PATH1("os.scandir", 1, 0, false),
    PATH1("os.chdir", 1, 0, false),
    PATH1("os.getxattr", 1, 0, false),
    PATH1("os.listxattr", 1, 0, false),
    PATH1("os.mkdir", 1, 3, true),
    PATH1("os.rmdir", 1, 2, true),
    PATH1("os.remove", 1, 2, true),
    {"os.symlink", false, on_symlink, {2, 0}, {3, 0}, {true, false}},
    PATH1("os.chmod", 1, 3, true),
    PATH1("os.chown", 1, 4, true),
    PATH1("os.utime", 1, 4, true),
    PATH1("os.truncate", 1, 0, true),
    PATH1("os.chflags", 1, 0, true),
    PATH1("os.lchflags", 1, 0, true),
    PATH1("os.setxattr", 1, 0, true),
    PATH1("os.removexattr", 1, 0, true),
    PATH1("shutil.rmtree", 1, 2, true),
    PATH1("shutil.chown", 1, 0, true),
    PATH2("os.rename", 1, 2, 3, 4, true, true),
    PATH2("os.link", 1, 2, 3, 4, true, true),
    PATH2("shutil.copyfile", 1, 2, 0, 0, false, true),
    PATH2("shutil.copymode", 1, 2, 0, 0, false, true),
    PATH2("shutil.copystat", 1, 2, 0, 0, false, true),
    PATH2("shutil.copytree", 1, 2, 0, 0, false, true),
    PATH2("shutil.move", 1, 2, 0, 0, true, true),
    PATH2("shutil.make_archive", 1, 3, 0, 0, true, false),
    PATH2("shutil.unpack_archive", 1, 2, 0, 0, false, true),
};

static const event_rule *find_rule(const char *event)
{
    for (size_t i = 0; i < sizeof rules / sizeof *rules; i++) {
        const event_rule *r = &rules[i];
        if (r->name[0] != event[0]) continue;
        if (r->prefix ? strncmp(event, r->name, strlen(r->name)) == 0 : strcmp(event, r->name) == 0)
            return r;
    }
    return NULL;
}

static int audit_hook(const char *event, PyObject *args, void *data)
{
    (void)data;
    if (!st.policy) return 0;
    const event_rule *r = find_rule(event);
    if (!r) return 0;
    /* The hook's own work raises no judged event: one raised while it is busy comes from Python
     * code run inside it (a str subclass key's __eq__ in a class dict it looks a name up in). */
    if (st.busy)
        return refuse(event, event, false, "forbids %s from code run inside its audit hook", event);
    st.busy = true;
    /* No collection while busy: a finalizer or gc callback would run user code inside the hook
     * (which allocates frames and its refusal's exception). */
    int gc_was_on = PyGC_Disable();
    int rc = r->fn(event, args, r);
    if (gc_was_on) PyGC_Enable();
    st.busy = false;
    if (rc == 0) PyErr_Clear(); /* the hook's own lookups must not leak an error */
    return rc;
}

/* ---- wrappers for imports that raise no event (module already in sys.modules) ---- */

/* Where args (vectorcall: nargs positional, then the keywords) holds kw; -1 when nowhere. */
static Py_ssize_t kw_slot(Py_ssize_t nargs, PyObject *kwnames, const char *kw)
{
    for (Py_ssize_t i = 0; kwnames && i < PyTuple_GET_SIZE(kwnames); i++)
        if (PyUnicode_CompareWithASCIIString(PyTuple_GET_ITEM(kwnames, i), kw) == 0)
            return nargs + i;
    return -1;
}

static PyObject *find_arg(PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames,
                          Py_ssize_t pos, const char *kw) /* borrowed */
{
    if (pos < nargs) return args[pos];
    Py_ssize_t at = kw_slot(nargs, kwnames, kw);
    return at >= 0 ? args[at] : NULL;
}

/* `from pkg import sub` where only pkg.sub is blocked. */
static int guard_fromlist(const char *name, PyObject *fromlist)
{
    if (!fromlist || !(PyTuple_Check(fromlist) || PyList_Check(fromlist))) return 0;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(fromlist);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *item = PySequence_Fast_GET_ITEM(fromlist, i); /* borrowed */
        const char *s = PyUnicode_Check(item) ? PyUnicode_AsUTF8(item) : NULL;
        if (!s) {
            PyErr_Clear();
            continue;
        }
        pw_buf full = {0};
        pw_buf_appendf(&full, "%s.%s", name, s);
        bool refused =
            full.data && pw_audit_module_blocked(st.policy, full.data) && import_refused(full.data);
        int rc = refused ? refuse_import("import", full.data) : 0;
        pw_buf_free(&full);
        if (rc < 0) return rc;
    }
    return 0;
}

static bool plain_dict(PyObject *d);

/* s as UTF-8, NULL (no error set) where it holds a NUL, which a C string would end at while
 * importlib reads on ("email._parseaddr.a\\0.b" read as "email._parseaddr.a"). */
static const char *text_of(PyObject *s)
{
    Py_ssize_t n;
    const char *t = PyUnicode_AsUTF8AndSize(s, &n);
    if (!t) PyErr_Clear();
    return t && strlen(t) == (size_t)n ? t : NULL;
}

/* The package of the module whose code imports (the first frame outside importlib, or at
 * an import statement of importlib's), as its file names it: "asyncio" for asyncio/events.py and
 * asyncio/__init__.py; NULL when its file names no module. To be freed. */
static bool importer_file(PyFrameObject *f, PyCodeObject *code, who w, void *ctx)
{
    /* importlib's own import statements (`from . import _bootstrap`) are its own */
    if (w == WHO_IMPORTLIB && !at_import_statement(f, code)) return true;
    const char *fn = PyUnicode_AsUTF8(code->co_filename);
    if (!fn) PyErr_Clear();
    /* a frozen module's name does not say whether it is a package: not told */
    *(char **)ctx = fn && fn[0] != '<' ? module_from_file(fn) : NULL;
    if (*(char **)ctx && !strstr(fn, "/__init__.py")) {
        char *dot = strrchr(*(char **)ctx, '.');
        if (dot)
            *dot = '\0';
        else
            **(char **)ctx = '\0'; /* a top-level module is in no package */
    }
    return false;
}

static char *importer_package(void)
{
    char *pkg = NULL;
    walk_stack(importer_file, &pkg);
    return pkg;
}

/* The package a relative import is relative to, read without running any Python code:
 * _gcd_import's package argument, else the importer's __package__ (an exact str in a plain
 * dict, which nothing can change before the original reads it). NULL when it cannot be told
 * so. Borrowed from the argument or globals. */
static const char *package_text(PyObject *globals, PyObject *package)
{
    PyObject *key =
        package && package != Py_None ? NULL : PyUnicode_InternFromString("__package__");
    PyObject *pkg = package && package != Py_None ? package
                    : key && plain_dict(globals)  ? PyDict_GetItemWithError(globals, key)
                                                  : NULL;
    Py_XDECREF(key);
    PyErr_Clear();
    return pkg && PyUnicode_CheckExact(pkg) ? text_of(pkg) : NULL;
}

/* The absolute name a relative import names, as importlib resolves it (new reference); NULL
 * when it cannot be told without running code. */
static PyObject *resolved_relative(PyObject *name, PyObject *globals, PyObject *package, long lv)
{
    const char *base = package_text(globals, package);
    const char *rel = PyUnicode_CheckExact(name) ? text_of(name) : NULL;
    if (!base || !*base || !rel) return NULL;
    char *parent = pw_strdup(base);
    for (long i = 1; parent && i < lv; i++) { /* each level past the first: one package up */
        char *dot = strrchr(parent, '.');
        if (!dot) {
            free(parent); /* beyond the top-level package */
            return NULL;
        }
        *dot = '\0';
    }
    PyObject *abs = !parent ? NULL
                    : *rel  ? PyUnicode_FromFormat("%s.%s", parent, rel)
                            : PyUnicode_FromString(parent);
    free(parent);
    if (!abs) PyErr_Clear();
    return abs;
}

static int guard_absolute(const char *n, PyObject *fromlist)
{
    if (pw_audit_module_blocked(st.policy, n) && import_refused(n))
        return refuse_import("import", n);
    return guard_fromlist(n, fromlist);
}

/* A relative import whose importer's __package__ is not the package its own file is in: a
 * library module's global the user's code rewrote (asyncio.events.__package__ = 'pty', then
 * its `from . import DefaultEventLoopPolicy` imported pty). Judged as the user's import. */
static bool package_forged(PyObject *globals, PyObject *package)
{
    if (package && package != Py_None) return false; /* _gcd_import's: its caller's choice */
    const char *given = package_text(globals, NULL);
    char *own = given ? importer_package() : NULL;
    bool forged = own && strcmp(own, given) != 0;
    free(own);
    return forged;
}

static int guard_import(PyObject *name, PyObject *globals, PyObject *package, PyObject *fromlist,
                        PyObject *level)
{
    if (!st.policy || !name) return 0;
    /* Exact types only: a level's __index__ or comparisons, a name's __len__, run code that
     * answered the hook one value and importlib another (`__import__('', {'__package__':
     * 'posix'}, None, None, One())` with One.__index__ returning 1 was judged absolute). */
    if (!PyUnicode_CheckExact(name) || (level && level != Py_None && !PyLong_CheckExact(level))) {
        PyErr_SetString(PyExc_TypeError, "an import's name must be a str and its level an int "
                                         "(pywarden audit hook)");
        return -1;
    }
    long lv = level && level != Py_None ? PyLong_AsLong(level) : 0;
    if (lv == -1 && PyErr_Occurred()) PyErr_Clear();
    if (lv > 0) {
        /* Judged by the name it resolves to, as an absolute import is, whoever imports (a
         * stdlib callable handed __import__ acts for the user): user code's own packages (on a
         * sys.path entry it added) import their modules so. What cannot be resolved without
         * running code (forged globals of a dict subclass) is no package to the user's code. */
        PyObject *abs = resolved_relative(name, globals, package, lv);
        const char *n = abs ? text_of(abs) : NULL;
        int rc;
        if (!n) {
            rc = import_refused("") ? -1 : 0;
            if (rc)
                PyErr_SetString(PyExc_ImportError,
                                "attempted relative import with no known parent package");
        } else if (pw_audit_module_blocked(st.policy, n) && package_forged(globals, package)) {
            rc = refuse_import("import", n);
        } else {
            rc = guard_absolute(n, fromlist);
        }
        Py_XDECREF(abs);
        return rc;
    }
    const char *n = text_of(name);
    if (!n) {
        PyErr_SetString(PyExc_ValueError, "embedded null character in an import's name");
        return -1;
    }
    return guard_absolute(n, fromlist);
}

/* What the wrappers stand for, held here only: a wrapper whose __self__ was its original
 * handed it to user code, which called it past the check (create_builtin.__self__ loaded
 * _posixsubprocess). Indexed as wrapper_defs. */
enum {
    W_IMPORT,
    W_GCD_IMPORT,
    W_CREATE_BUILTIN,
    W_SETTRACE,
    W_SETPROFILE,
    W_MKFIFO,
    W_MKNOD,
    W_POSIX_OPEN,
    W_GETGROUPLIST,
    W_PRINT,
    W_INPUT,
    W_COMPILE,
    W_FIX_CO_FILENAME,
    W_INIT_FROZEN,
    W_GET_FROZEN_OBJECT,
    W_CREATE_DYNAMIC,
    W_FORK_EXEC,
    W_PIDFD_SEND_SIGNAL,
    W_READ_HISTORY_FILE, /* the five of readline's, in this order */
    W_WRITE_HISTORY_FILE,
    W_APPEND_HISTORY_FILE,
    W_READ_INIT_FILE,
    W_PARSE_AND_BIND,
    W_SHM_OPEN, /* _posixshmem's two, in this order */
    W_SHM_UNLINK,
    W_SEM_UNLINK,
    W_SEMLOCK_REBUILD, /* in _multiprocessing.SemLock's dict */
    W_EXEC_DYNAMIC,
    W_LOAD_CERT_CHAIN, /* _ssl._SSLContext's two, in this order */
    W_LOAD_VERIFY_LOCATIONS,
    W_TEST_DECODE_CERT,
    W_GETPWUID, /* pwd's three, then grp's, in this order */
    W_GETPWNAM,
    W_GETPWALL,
    W_GETGRGID,
    W_GETGRNAM,
    W_GETGRALL,
    W_DBM_OPEN,
    W_GDBM_OPEN,
    W_GENERATE_TIME_SAFE,
    W_COUNT
};
static PyObject *originals[W_COUNT];

/* builtins.__import__(name, globals, locals, fromlist, level) */
static PyObject *import_wrapper(PyObject *self, PyObject *const *args, size_t nargsf,
                                PyObject *kwnames)
{
    (void)self;
    Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
    if (guard_import(find_arg(args, nargs, kwnames, 0, "name"),
                     find_arg(args, nargs, kwnames, 1, "globals"), NULL,
                     find_arg(args, nargs, kwnames, 3, "fromlist"),
                     find_arg(args, nargs, kwnames, 4, "level")) < 0)
        return NULL;
    return PyObject_Vectorcall(originals[W_IMPORT], args, nargsf, kwnames);
}

/* importlib._bootstrap._gcd_import(name, package=None, level=0): import_module's path. */
static PyObject *gcd_import_wrapper(PyObject *self, PyObject *const *args, size_t nargsf,
                                    PyObject *kwnames)
{
    (void)self;
    Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
    if (guard_import(find_arg(args, nargs, kwnames, 0, "name"), NULL,
                     find_arg(args, nargs, kwnames, 1, "package"), NULL,
                     find_arg(args, nargs, kwnames, 2, "level")) < 0)
        return NULL;
    return PyObject_Vectorcall(originals[W_GCD_IMPORT], args, nargsf, kwnames);
}

/* A dict whose lookups run no Python code: a key that is not an exact str is compared with
 * its own __eq__, which may answer differently each time. */
static bool plain_dict(PyObject *d)
{
    return d && PyDict_CheckExact(d) && pw_py_exact_str_keys(d);
}

/* spec.<attr> (name, origin), read without running any code of spec's class: its attribute
 * lookup must be the generic one with no class-level attr, through plain dicts, so the
 * original reads the same value. */
static const char *spec_attr(PyObject *spec, PyObject *attr, PyObject **dict)
{
    *dict = NULL;
    PyObject *mro = Py_TYPE(spec)->tp_mro; /* borrowed */
    bool plain = Py_TYPE(spec)->tp_getattro == PyObject_GenericGetAttr && mro && PyTuple_Check(mro);
    for (Py_ssize_t i = 0; plain && i < PyTuple_GET_SIZE(mro); i++)
        plain = plain_dict(((PyTypeObject *)PyTuple_GET_ITEM(mro, i))->tp_dict);
    if (!plain || _PyType_Lookup(Py_TYPE(spec), attr)) return NULL;
    *dict = PyObject_GenericGetDict(spec, NULL);
    PyObject *value =
        plain_dict(*dict) ? PyDict_GetItemWithError(*dict, attr) : NULL; /* borrowed */
    const char *s = value && PyUnicode_CheckExact(value) ? PyUnicode_AsUTF8(value) : NULL;
    if (!s) PyErr_Clear();
    return s;
}

/* An import by a call that raises no event (event names it), of module name (NULL: one it
 * cannot read without running code, refused while user code is behind, even through an
 * import statement of the library's: a spec a meta_path finder of the user's returned). */
static int guard_module(const char *event, const char *name, const char *unusual)
{
    if (!st.policy) return 0;
    if (!name) return user_behind_now() ? refuse_import(event, unusual) : 0;
    return pw_audit_module_blocked(st.policy, name) && import_refused(name)
               ? refuse_import(event, name)
               : 0;
}

/* Built-in modules whose functions are wrapped in their dicts. They are multi-phase: each
 * create_builtin made a fresh instance holding the originals (a library's `import posix`
 * once user code had dropped it from sys.modules gave os an mkfifo that checked nothing), so
 * the instance wrapped is the one create_builtin gives from then on. posix and _imp are
 * wrapped at start (install_wrappers); the others, which the interpreter does not import
 * (_signal's import would install a SIGINT handler), when first made (wraps: their wrapper). */
static const struct {
    const char *name;
    int wraps, count; /* wrapper_defs[wraps..wraps+count), -1: wrapped at start */
} held_defs[] = {{"posix", -1, 0},
                 {"_imp", -1, 0},
                 {"_posixsubprocess", W_FORK_EXEC, 1},
                 {"_signal", W_PIDFD_SEND_SIGNAL, 1},
                 {"readline", W_READ_HISTORY_FILE, 5},
                 {"_posixshmem", W_SHM_OPEN, 2},
                 {"_multiprocessing", W_SEM_UNLINK, 1},
                 {"_ssl", W_TEST_DECODE_CERT, 1}, /* and its type, once it has executed */
                 {"pwd", W_GETPWUID, 3},
                 {"grp", W_GETGRGID, 3},
                 {"_dbm", W_DBM_OPEN, 1},
                 {"_gdbm", W_GDBM_OPEN, 1},
                 {"_uuid", W_GENERATE_TIME_SAFE, 1}};
static PyObject *held_mods[sizeof held_defs / sizeof *held_defs];

static int held_slot(const char *name)
{
    for (int i = 0; i < (int)(sizeof held_defs / sizeof *held_defs); i++)
        if (strcmp(name, held_defs[i].name) == 0) return i;
    return -1;
}

static PyObject *hold(int slot, PyObject *mod);

/* _imp.init_frozen(name) and _imp.get_frozen_object(name) raise no event either: called by
 * user code they made a blocked frozen module (os, posixpath, ...) with no refusal. */
static PyObject *frozen_call(const char *event, PyObject *orig, PyObject *const *args,
                             size_t nargsf, PyObject *kwnames)
{
    PyObject *name = find_arg(args, PyVectorcall_NARGS(nargsf), kwnames, 0, "name");
    const char *n = name && PyUnicode_CheckExact(name) ? PyUnicode_AsUTF8(name) : NULL;
    if (!n) PyErr_Clear();
    if (guard_module(event, n, "<a name of an unusual type>") < 0) return NULL;
    return PyObject_Vectorcall(orig, args, nargsf, kwnames);
}

static PyObject *create_builtin_wrapper(PyObject *self, PyObject *const *args, size_t nargsf,
                                        PyObject *kwnames)
{
    (void)self;
    PyObject *spec = find_arg(args, PyVectorcall_NARGS(nargsf), kwnames, 0, "spec");
    PyObject *dict = NULL;
    const char *name = spec ? spec_attr(spec, st.s_name, &dict) : NULL;
    int slot = name ? held_slot(name) : -1;
    /* _imp.create_builtin(spec) raises no event; blocked built-in modules (_posixsubprocess,
     * _socket, ...) would load through import_module without this */
    int rc =
        spec ? guard_module("_imp.create_builtin", name, "<a module spec of an unusual type>") : 0;
    Py_XDECREF(dict);
    if (rc < 0) return NULL;
    if (slot >= 0 && held_mods[slot]) return Py_NewRef(held_mods[slot]);
    PyObject *mod = PyObject_Vectorcall(originals[W_CREATE_BUILTIN], args, nargsf, kwnames);
    return mod && slot >= 0 ? hold(slot, mod) : mod;
}

/* The module a library extension file is, from where it lies, whatever name a spec gives it:
 * CPython runs the PyInit_ named after the spec's last component, so "x._ctypes" loaded
 * lib-dynload's _ctypes (and "x.readline" a readline whose functions checked nothing) under a
 * name no policy lists (extension_renamed). The stdlib's extension modules are top-level;
 * a site directory's are named by their path below it. */
static char *extension_module(const char *origin)
{
    const char *site = site_dir_of(origin);
    const char *rel = site                 ? origin + strlen(site)
                      : under_site(origin) ? origin + strlen(pw_site_dir())
                                           : strrchr(origin, '/');
    pw_buf name = {0};
    for (const char *c = rel; c && *c; c += strcspn(c, "/")) {
        c += strspn(c, "/");
        size_t n = strcspn(c, "/");
        if (!c[n]) n = strcspn(c, "."); /* the file: its name up to the first dot */
        if (n && !(n == 1 && c[0] == '.'))
            pw_buf_appendf(&name, "%s%.*s", name.len ? "." : "", (int)n, c);
    }
    return pw_buf_take(&name);
}

/* Calls create_dynamic or exec_dynamic, which run a library extension module's own
 * initialisation (its origin was checked) as extension_init_frame's. */
static PyObject *extension_init(PyObject *orig, PyObject *const *args, size_t nargsf,
                                PyObject *kwnames)
{
    PyFrameObject *outer = extension_init_frame;
    extension_init_frame = PyEval_GetFrame(); /* borrowed */
    PyObject *r = PyObject_Vectorcall(orig, args, nargsf, kwnames);
    extension_init_frame = outer;
    return r;
}

/* _imp.create_dynamic(spec, file=None) dlopens spec.origin and raises no event: a .so the run
 * wrote (into out/, imported through sys.path) ran its native code with no refusal. Native
 * code loads only from where the library's bytecode may come from (native_module_outside),
 * and is judged as the module its file is. */
static PyObject *create_dynamic_wrapper(PyObject *self, PyObject *const *args, size_t nargsf,
                                        PyObject *kwnames)
{
    (void)self;
    PyObject *spec = find_arg(args, PyVectorcall_NARGS(nargsf), kwnames, 0, "spec");
    PyObject *names = NULL;
    const char *name = spec ? spec_attr(spec, st.s_name, &names) : NULL;
    int slot = name ? held_slot(name) : -1;
    Py_XDECREF(names);
    if (st.policy && spec) {
        PyObject *dict;
        const char *origin = spec_attr(spec, st.s_origin, &dict);
        char *module = origin && library_bytecode(origin) ? extension_module(origin) : NULL;
        int rc = module ? guard_module("import", module, NULL)
                        : refuse("_imp.create_dynamic", origin ? origin : "?", true,
                                 "does not load native code from '%s': only the standard "
                                 "library's and the site directories' extension modules are loaded",
                                 origin ? origin : "<an origin of an unusual type>");
        if (module && held_slot(module) >= 0) slot = held_slot(module);
        free(module);
        Py_XDECREF(dict);
        if (rc < 0) return NULL;
    }
    if (slot >= 0 && held_mods[slot]) return Py_NewRef(held_mods[slot]);
    /* readline reads an init file as it initialises, with no event: the one INPUTRC or HOME
     * (~/.inputrc) names, whose "$include" lines name any other (readline_init_files). Its
     * one instance reads none. */
    bool readline = slot >= 0 && strcmp(held_defs[slot].name, "readline") == 0 && st.policy;
    char *inputrc = readline && getenv("INPUTRC") ? pw_strdup(getenv("INPUTRC")) : NULL;
    if (readline) setenv("INPUTRC", "/dev/null", 1);
    PyObject *mod = extension_init(originals[W_CREATE_DYNAMIC], args, nargsf, kwnames);
    if (readline && inputrc) setenv("INPUTRC", inputrc, 1);
    if (readline && !inputrc) unsetenv("INPUTRC");
    free(inputrc);
    return mod && slot >= 0 ? hold(slot, mod) : mod;
}

/* _imp._fix_co_filename(code, path) renames code in place and raises no event. Under a
 * library's name, while user code is behind, only _compile_bytecode may: for the code it
 * has just unmarshalled with the real marshal (whose event checked the bytes). */
static bool fix_co_filename_allowed(PyObject *code, PyObject *path)
{
    if (!st.policy) return true;
    const char *p = path && PyUnicode_Check(path) ? PyUnicode_AsUTF8(path) : NULL;
    if (!p) PyErr_Clear();
    if ((p && classify_file(p) == WHO_USER) || !user_behind_now()) return true;
    PyFrameObject *f = innermost_loader() == 0 ? PyEval_GetFrame() : NULL; /* borrowed */
    PyObject *locals = f ? PyFrame_GetLocals(f) : NULL;
    PyObject *globals = f ? PyFrame_GetGlobals(f) : NULL;
    bool ok = locals && globals && PyDict_Check(locals) && PyDict_Check(globals) &&
              PyDict_GetItemString(locals, "code") == code &&
              PyDict_GetItemString(globals, "marshal") == st.marshal;
    Py_XDECREF(locals);
    Py_XDECREF(globals);
    PyErr_Clear();
    return ok;
}

static PyObject *fix_co_filename_wrapper(PyObject *self, PyObject *const *args, size_t nargsf,
                                         PyObject *kwnames)
{
    (void)self;
    Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
    PyObject *path = find_arg(args, nargs, kwnames, 1, "path");
    if (!fix_co_filename_allowed(find_arg(args, nargs, kwnames, 0, "code"), path)) {
        const char *p = path && PyUnicode_Check(path) ? PyUnicode_AsUTF8(path) : NULL;
        if (!p) PyErr_Clear();
        refuse("_imp._fix_co_filename", p ? p : "?", false,
               "does not let user code rename code '%s'", p ? p : "?");
        return NULL;
    }
    return PyObject_Vectorcall(originals[W_FIX_CO_FILENAME], args, nargsf, kwnames);
}

/* sys.settrace(None), sys.setprofile(None): turning tracing off is always allowed. */
static PyObject *trace_call(PyObject *orig, PyObject *const *args, size_t nargsf, PyObject *kwnames)
{
    tracing_off = PyVectorcall_NARGS(nargsf) == 1 && !kwnames && args[0] == Py_None;
    PyObject *r = PyObject_Vectorcall(orig, args, nargsf, kwnames);
    tracing_off = false;
    return r;
}

/* A wrapper (METH_FASTCALL | METH_KEYWORDS, no self) that hands its call to call. */
#define FORWARD(name, call)                                                                        \
    static PyObject *name(PyObject *self, PyObject *const *args, size_t nargsf, PyObject *kwnames) \
    {                                                                                              \
        (void)self;                                                                                \
        return call;                                                                               \
    }

FORWARD(settrace_wrapper, trace_call(originals[W_SETTRACE], args, nargsf, kwnames))

FORWARD(setprofile_wrapper, trace_call(originals[W_SETPROFILE], args, nargsf, kwnames))

/* os.mkfifo(path, mode, *, dir_fd) and os.mknod raise no audit event: the node they make is
 * checked as a write here. os.open(path, flags, mode, *, dir_fd) raises one without its dir_fd,
 * which the hook resolved against the working directory: from a subdirectory, ".." under the
 * work directory's fd was the work directory to the hook and its parent to the kernel, and so
 * up to "/", under which any name was a file of the run's (open_dir_fd_escape); it is checked
 * here with its dir_fd, a write by its flags (by_flags). Every argument is converted once,
 * before the check, and handed to the original converted: a second __fspath__ or __index__
 * could answer otherwise, and the original's own conversion of mode or device ran user code
 * after the check, which could chdir or put another directory on dir_fd (mknod_index_swap). */
static PyObject *dir_fd_call(const char *event, PyObject *orig, bool by_flags,
                             PyObject *const *args, size_t nargsf, PyObject *kwnames)
{
    Py_ssize_t nargs = PyVectorcall_NARGS(nargsf), nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    Py_ssize_t path_at = nargs > 0 ? 0 : kw_slot(nargs, kwnames, "path");
    Py_ssize_t fd_at = kw_slot(nargs, kwnames, "dir_fd");
    if (!st.policy || path_at < 0) return PyObject_Vectorcall(orig, args, nargsf, kwnames);
    Py_ssize_t n = nargs + nkw;
    PyObject **copy = PyMem_Calloc((size_t)n, sizeof *copy);
    if (!copy) return PyErr_NoMemory();
    bool ok = true;
    for (Py_ssize_t i = 0; ok && i < n; i++) {
        copy[i] = i == path_at                       ? PyOS_FSPath(args[i])
                  : i == fd_at && args[i] == Py_None ? Py_NewRef(Py_None)
                                                     : PyNumber_Index(args[i]);
        ok = copy[i] != NULL;
    }
    PyObject *fd = ok && fd_at >= 0 && copy[fd_at] != Py_None ? copy[fd_at] : NULL;
    Py_ssize_t flags_at = nargs > 1 ? 1 : kw_slot(nargs, kwnames, "flags");
    long flags = ok && by_flags && flags_at >= 0 ? PyLong_AsLong(copy[flags_at]) : 0;
    if (flags == -1 && PyErr_Occurred()) PyErr_Clear();
    bool write = !by_flags || (flags & PW_WRITE_FLAGS);
    PyObject *r =
        ok && check_path(event, copy[path_at], fd, write) == 0
            ? PyObject_Vectorcall(orig, copy, nargsf & ~PY_VECTORCALL_ARGUMENTS_OFFSET, kwnames)
            : NULL;
    for (Py_ssize_t i = 0; i < n; i++)
        Py_XDECREF(copy[i]);
    PyMem_Free(copy);
    return r;
}

FORWARD(mkfifo_wrapper, dir_fd_call("os.mkfifo", originals[W_MKFIFO], false, args, nargsf, kwnames))

FORWARD(mknod_wrapper, dir_fd_call("os.mknod", originals[W_MKNOD], false, args, nargsf, kwnames))

FORWARD(posix_open_wrapper,
        dir_fd_call("open", originals[W_POSIX_OPEN], true, args, nargsf, kwnames))

/* print() and input() read sys.stdin, sys.stdout and sys.stderr as borrowed references
 * (CPython 3.11): a write() or flush() that rebinds one frees it in the middle of the call, a
 * use-after-free pure Python reaches (print_stream_swap). The call holds them. */
static PyObject *streams_held(PyObject *orig, PyObject *const *args, size_t nargsf,
                              PyObject *kwnames)
{
    static const char *const names[] = {"stdin", "stdout", "stderr"};
    PyObject *held[3];
    for (int i = 0; i < 3; i++)
        held[i] = Py_XNewRef(PySys_GetObject(names[i]));
    PyObject *r = PyObject_Vectorcall(orig, args, nargsf, kwnames);
    for (int i = 0; i < 3; i++)
        Py_XDECREF(held[i]);
    return r;
}

/* print converts flush (a __bool__ of user code) before it reads sys.stdout, so a flush
 * that rebinds sys.stdout had print use a stream the call did not hold (print_flush_swap):
 * flush is converted here, before the streams are held. */
static PyObject *print_call(PyObject *const *args, size_t nargsf, PyObject *kwnames)
{
    Py_ssize_t nargs = PyVectorcall_NARGS(nargsf), at = kw_slot(nargs, kwnames, "flush");
    if (at < 0) return streams_held(originals[W_PRINT], args, nargsf, kwnames);
    int flush = PyObject_IsTrue(args[at]);
    Py_ssize_t n = nargs + PyTuple_GET_SIZE(kwnames);
    PyObject **copy = flush < 0 ? NULL : PyMem_Malloc((size_t)n * sizeof *copy);
    if (!copy) return flush < 0 ? NULL : PyErr_NoMemory();
    for (Py_ssize_t i = 0; i < n; i++)
        copy[i] = i == at ? (flush ? Py_True : Py_False) : args[i];
    PyObject *r =
        streams_held(originals[W_PRINT], copy, nargsf & ~PY_VECTORCALL_ARGUMENTS_OFFSET, kwnames);
    PyMem_Free(copy);
    return r;
}

FORWARD(print_wrapper, print_call(args, nargsf, kwnames))

FORWARD(input_wrapper, streams_held(originals[W_INPUT], args, nargsf, kwnames))

/* compile() of an AST raises its event with no file name (CPython 3.11's PyAST_obj2mod gives
 * None), so a tree compiled under a library file's name made frames that passed for the
 * library's and imported what the policy blocks (compile_ast_stdlib_filename). For a source
 * that is no text, the name is converted once, judged as the event of a text is, and handed
 * on converted (a PathLike could name another file the second time). */
static PyObject *checked_compile(PyObject *const *args, size_t nargsf, PyObject *kwnames)
{
    Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
    PyObject *source = find_arg(args, nargs, kwnames, 0, "source");
    Py_ssize_t at = nargs > 1 ? 1 : kw_slot(nargs, kwnames, "filename");
    if (!st.policy || !source || at < 0 || PyUnicode_Check(source) || PyObject_CheckBuffer(source))
        return PyObject_Vectorcall(originals[W_COMPILE], args, nargsf, kwnames);
    PyObject *name = NULL;
    if (!PyUnicode_FSDecoder(args[at], &name)) return NULL;
    PyObject *event = PyTuple_Pack(2, source, name);
    Py_ssize_t n = nargs + (kwnames ? PyTuple_GET_SIZE(kwnames) : 0);
    PyObject **copy = event ? PyMem_Malloc((size_t)n * sizeof *copy) : NULL;
    PyObject *r = NULL;
    if (copy && on_compile("compile", event, NULL) == 0) {
        for (Py_ssize_t i = 0; i < n; i++)
            copy[i] = i == at ? name : args[i];
        r = PyObject_Vectorcall(originals[W_COMPILE], copy,
                                nargsf & ~PY_VECTORCALL_ARGUMENTS_OFFSET, kwnames);
    } else if (event && !copy) {
        PyErr_NoMemory();
    }
    PyMem_Free(copy);
    Py_XDECREF(event);
    Py_DECREF(name);
    return r;
}

static PyObject *compile_call(PyObject *const *args, size_t nargsf, PyObject *kwnames)
{
    compiling++;
    PyObject *r = checked_compile(args, nargsf, kwnames);
    compiling--;
    return r;
}

FORWARD(compile_wrapper, compile_call(args, nargsf, kwnames))

FORWARD(init_frozen_wrapper,
        frozen_call("_imp.init_frozen", originals[W_INIT_FROZEN], args, nargsf, kwnames))

FORWARD(get_frozen_object_wrapper,
        frozen_call("_imp.get_frozen_object", originals[W_GET_FROZEN_OBJECT], args, nargsf,
                    kwnames))

/* Capabilities CPython raises no event for, refused from any caller as their events would be:
 * a process by _posixsubprocess.fork_exec (subprocess hands it out as _fork_exec), a signal to
 * any process by signal.pidfd_send_signal (os.pidfd_open takes any pid). */
static PyObject *refused_call(const char *event, PyObject *orig, PyObject *const *args,
                              size_t nargsf, PyObject *kwnames)
{
    if (st.policy) {
        refuse(event, event, false, "forbids %s", event);
        return NULL;
    }
    return PyObject_Vectorcall(orig, args, nargsf, kwnames);
}

FORWARD(fork_exec_wrapper,
        refused_call("_posixsubprocess.fork_exec", originals[W_FORK_EXEC], args, nargsf, kwnames))

/* POSIX shared memory and named semaphores are files in /dev/shm, shared with every process
 * of the host (no run has /dev/shm where the mounts layer is in force): shm_open and
 * SemLock made files there, and shm_unlink, sem_unlink and SemLock._rebuild removed or
 * opened the host's (posix_ipc_host). multiprocessing's locks, queues and pools are refused
 * before they get here (multiprocessing.synchronize). */
FORWARD(shm_open_wrapper,
        refused_call("_posixshmem.shm_open", originals[W_SHM_OPEN], args, nargsf, kwnames))

FORWARD(shm_unlink_wrapper,
        refused_call("_posixshmem.shm_unlink", originals[W_SHM_UNLINK], args, nargsf, kwnames))

FORWARD(sem_unlink_wrapper,
        refused_call("_multiprocessing.sem_unlink", originals[W_SEM_UNLINK], args, nargsf, kwnames))

static PyTypeObject *semlock_type;
static newfunc semlock_new_orig;
static bool patch_semlock(PyObject *mod);
static bool patch_ssl_context(PyObject *mod);

/* _imp.exec_dynamic(mod): a multi-phase module's exec adds its types (SemLock). */
static PyObject *exec_dynamic_wrapper(PyObject *self, PyObject *const *args, size_t nargsf,
                                      PyObject *kwnames)
{
    (void)self;
    PyObject *r = extension_init(originals[W_EXEC_DYNAMIC], args, nargsf, kwnames);
    PyObject *mod = r && PyVectorcall_NARGS(nargsf) > 0 ? args[0] : NULL;
    if (mod && mod == held_mods[held_slot("_multiprocessing")] && !patch_semlock(mod)) Py_CLEAR(r);
    if (mod && mod == held_mods[held_slot("_ssl")] && !patch_ssl_context(mod)) Py_CLEAR(r);
    return r;
}

/* Whether path is under what the kernel layers let every run read besides its grants: with
 * allow_network the CA certificates, which requests (Debian's certifi) names to
 * load_verify_locations. */
static bool runtime_readable(PyObject *path)
{
    char *text = NULL, *real = NULL;
    pw_strv roots = {0};
    if (path_text(path, &text) == PATH_TEXT) real = resolve(text, NULL);
    if (real) pw_read_only_roots(st.policy, &roots);
    bool ok = real && deepest_root(real, &roots) > 0;
    pw_strv_free(&roots);
    free(real);
    free(text);
    return ok;
}

/* A C function that opens the files it is named itself, with no event. Its path arguments
 * (names, at positions from first on or as keywords) are converted once, checked as open()
 * would check them, and handed on converted. */
typedef struct {
    const char *event;
    int orig; /* in originals */
    Py_ssize_t first;
    const char *names[2];
    bool write;
    bool default_refused; /* None or no argument names a default file (readline's, in $HOME) */
    bool runtime_ok;      /* a file every run may read passes (the CA certificates) */
} path_call;

static PyObject *checked_paths_call(const path_call *c, PyObject *const *args, size_t nargsf,
                                    PyObject *kwnames)
{
    Py_ssize_t nargs = PyVectorcall_NARGS(nargsf), nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    PyObject **copy = PyMem_Calloc((size_t)(nargs + nkw), sizeof *copy);
    if (!copy) return PyErr_NoMemory();
    bool ok = true;
    for (Py_ssize_t i = 0; i < nargs + nkw; i++)
        copy[i] = Py_NewRef(args[i]);
    for (int n = 0; ok && st.policy && n < 2 && c->names[n]; n++) {
        Py_ssize_t at = c->first + n < nargs ? c->first + n : kw_slot(nargs, kwnames, c->names[n]);
        if ((at < 0 || copy[at] == Py_None) && c->default_refused) {
            refuse(c->event, "None", false,
                   "does not let readline use its default file in the home directory (%s)",
                   c->event);
            ok = false;
        }
        if (!ok || at < 0 || copy[at] == Py_None) continue;
        PyObject *path = PyOS_FSPath(copy[at]);
        Py_SETREF(copy[at], path);
        ok = path && ((c->runtime_ok && runtime_readable(path)) ||
                      check_path(c->event, path, NULL, c->write) == 0);
    }
    PyObject *r = ok ? PyObject_Vectorcall(originals[c->orig], copy,
                                           nargsf & ~PY_VECTORCALL_ARGUMENTS_OFFSET, kwnames)
                     : NULL;
    for (Py_ssize_t i = 0; i < nargs + nkw; i++)
        Py_XDECREF(copy[i]);
    PyMem_Free(copy);
    return r;
}

/* readline's history and init files (readline_files). */
#define READLINE(ev, w, at, writes)                                                                \
    {                                                                                              \
        .event = ev, .orig = w, .first = at, .names = {"filename", NULL}, .write = writes,         \
        .default_refused = true                                                                    \
    }
static const path_call read_history =
                           READLINE("readline.read_history_file", W_READ_HISTORY_FILE, 0, false),
                       write_history =
                           READLINE("readline.write_history_file", W_WRITE_HISTORY_FILE, 0, true),
                       append_history =
                           READLINE("readline.append_history_file", W_APPEND_HISTORY_FILE, 1, true);
/* OpenSSL's certificate, key and CA files: a run read CA files outside its roots
 * (get_ca_certs) and could load the host's private key into a context and have it sign
 * (ssl_files_outside). The first two are functions in _SSLContext's dict: the context comes
 * as args[0]. */
#define SSL_FILES(ev, w, at, a, b)                                                                 \
    {                                                                                              \
        .event = ev, .orig = w, .first = at, .names = {a, b}, .runtime_ok = true                   \
    }
static const path_call cert_chain = SSL_FILES("ssl.load_cert_chain", W_LOAD_CERT_CHAIN, 1,
                                              "certfile", "keyfile"),
                       verify_locations = SSL_FILES("ssl.load_verify_locations",
                                                    W_LOAD_VERIFY_LOCATIONS, 1, "cafile", "capath"),
                       decode_cert =
                           SSL_FILES("ssl._test_decode_cert", W_TEST_DECODE_CERT, 0, "path", NULL);

FORWARD(read_history_file_wrapper, checked_paths_call(&read_history, args, nargsf, kwnames))
FORWARD(write_history_file_wrapper, checked_paths_call(&write_history, args, nargsf, kwnames))
FORWARD(append_history_file_wrapper, checked_paths_call(&append_history, args, nargsf, kwnames))
/* An init file's "$include FILE" lines read FILE with no event, and readline reports each line
 * it cannot parse on stderr, text included (readline_init_files): read_init_file is refused,
 * and so is a directive given to parse_and_bind, which runs a line of an init file. */
FORWARD(read_init_file_wrapper,
        refused_call("readline.read_init_file", originals[W_READ_INIT_FILE], args, nargsf, kwnames))

static PyObject *parse_and_bind_wrapper(PyObject *self, PyObject *const *args, size_t nargsf,
                                        PyObject *kwnames)
{
    (void)self;
    PyObject *line = find_arg(args, PyVectorcall_NARGS(nargsf), kwnames, 0, "string");
    Py_ssize_t n = line && PyUnicode_Check(line) ? PyUnicode_GET_LENGTH(line) : 0, i = 0;
    while (i < n && (PyUnicode_READ_CHAR(line, i) == ' ' || PyUnicode_READ_CHAR(line, i) == '\t'))
        i++;
    if (st.policy && i < n && PyUnicode_READ_CHAR(line, i) == '$') {
        refuse("readline.parse_and_bind", "$", false,
               "forbids readline init-file directives (readline.parse_and_bind): '$include' "
               "reads any file");
        return NULL;
    }
    return PyObject_Vectorcall(originals[W_PARSE_AND_BIND], args, nargsf, kwnames);
}
FORWARD(load_cert_chain_wrapper, checked_paths_call(&cert_chain, args, nargsf, kwnames))
FORWARD(load_verify_locations_wrapper, checked_paths_call(&verify_locations, args, nargsf, kwnames))
FORWARD(test_decode_cert_wrapper, checked_paths_call(&decode_cert, args, nargsf, kwnames))

/* _dbm.open and _gdbm.open open their database in C with no event; dbm's own import loads
 * them for the user (shelve imports dbm), and sys.modules hands them out: with only the hook
 * in force _dbm.open created a database in a host directory (dbm_open_outside). Read-only
 * is flags "r" (gdbm: "r" and its modifiers). */
static PyObject *dbm_open_call(int orig, PyObject *const *args, size_t nargsf, PyObject *kwnames)
{
    PyObject *flags = find_arg(args, PyVectorcall_NARGS(nargsf), kwnames, 1, "flags");
    Py_ssize_t n = flags && PyUnicode_Check(flags) ? PyUnicode_GET_LENGTH(flags) : 0;
    bool read = !flags || (n > 0 && PyUnicode_READ_CHAR(flags, 0) == 'r' &&
                           (n == 1 || PyUnicode_READ_CHAR(flags, 1) != 'w'));
    path_call c = {.event = "dbm.open", .orig = orig, .names = {"filename", NULL}, .write = !read};
    return checked_paths_call(&c, args, nargsf, kwnames);
}

FORWARD(dbm_open_wrapper, dbm_open_call(W_DBM_OPEN, args, nargsf, kwnames))
FORWARD(gdbm_open_wrapper, dbm_open_call(W_GDBM_OPEN, args, nargsf, kwnames))

/* _uuid.generate_time_safe (uuid.uuid1): libuuid asks the host's uuidd over its socket
 * (/run/uuidd/request), keeps its clock in /var/lib/libuuid/clock.txt (O_CREAT) and puts the
 * host's MAC address in the node, with no event (uuid1_host). The version-1 UUID is made here
 * from the clock and random bits instead: a random node with the multicast bit set (RFC 4122,
 * 4.5), as libuuid makes where it finds no network interface, and a random clock sequence. */
static PyObject *generate_time_safe_wrapper(PyObject *self, PyObject *const *args, size_t nargsf,
                                            PyObject *kwnames)
{
    (void)self;
    if (!st.policy)
        return PyObject_Vectorcall(originals[W_GENERATE_TIME_SAFE], args, nargsf, kwnames);
    struct timespec ts;
    unsigned char rnd[8], u[16];
    if (clock_gettime(CLOCK_REALTIME, &ts) != 0 ||
        getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd)
        return PyErr_SetFromErrno(PyExc_OSError);
    /* 100 ns intervals since 1582-10-15, the Gregorian reform */
    uint64_t t = (uint64_t)ts.tv_sec * 10000000u + (uint64_t)ts.tv_nsec / 100 + 0x01B21DD213814000u;
    uint64_t fields =
        (t & 0xffffffffu) << 32 | ((t >> 32) & 0xffff) << 16 | ((t >> 48) & 0x0fff) | 0x1000;
    for (int i = 0; i < 8; i++)
        u[i] = (unsigned char)(fields >> (56 - 8 * i));
    u[8] = (unsigned char)((rnd[0] & 0x3f) | 0x80); /* the RFC 4122 variant */
    u[9] = rnd[1];
    memcpy(u + 10, rnd + 2, 6);
    u[10] |= 0x01;
    PyObject *bytes = PyBytes_FromStringAndSize((const char *)u, sizeof u);
    PyObject *r = bytes ? PyTuple_Pack(2, bytes, Py_None) : NULL;
    Py_XDECREF(bytes);
    return r;
}

/* os.getgrouplist(user, group, /) with no group file to read: the group it was given, as
 * the kernel layers make it (NSS finds no membership), its arguments checked as python3's are
 * (a str without NUL; a gid in gid_t's range, -1 allowed, as an int: True is 1). */
static PyObject *group_of_none(PyObject *const *args, size_t nargsf, PyObject *kwnames)
{
    if (PyVectorcall_NARGS(nargsf) != 2 || kwnames || !PyUnicode_Check(args[0]) ||
        PyFloat_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "getgrouplist(user, group, /): a str and an int");
        return NULL;
    }
    Py_ssize_t len;
    const char *user = PyUnicode_AsUTF8AndSize(args[0], &len);
    if (!user) return NULL;
    if (strlen(user) != (size_t)len) {
        PyErr_SetString(PyExc_ValueError, "embedded null character");
        return NULL;
    }
    PyObject *index = PyNumber_Index(args[1]);
    long long gid = index ? PyLong_AsLongLong(index) : -1;
    Py_XDECREF(index);
    if (gid == -1 && PyErr_Occurred()) return NULL;
    if (gid < -1 || gid > (long long)(gid_t)-1) {
        PyErr_SetString(PyExc_OverflowError,
                        gid < -1 ? "gid is less than minimum" : "gid is greater than maximum");
        return NULL;
    }
    /* python3 reads the gid back as it reads one from the system: (gid_t)-1 is -1 */
    return Py_BuildValue("[L]", gid == (long long)(gid_t)-1 ? -1LL : gid);
}

/* pwd and grp read the user database (/etc/passwd, /etc/group) through NSS with no event, and
 * the library imports them for the user (posixpath.expanduser, getpass, pathlib, tarfile):
 * getpwall() listed the host's accounts (user_database). Where the policy does not let the
 * run read the file, the database is empty, as the kernel layers make it: a lookup finds
 * nothing (KeyError, which those callers catch) and a listing is []. */
static PyObject *user_db_call(const char *file, const char *name, int orig, PyObject *const *args,
                              size_t nargsf, PyObject *kwnames)
{
    char *real = st.policy ? resolve(file, NULL) : NULL;
    bool readable = !st.policy || (real && path_allowed(real, false));
    free(real);
    if (readable) return PyObject_Vectorcall(originals[orig], args, nargsf, kwnames);
    if (orig == W_GETPWALL || orig == W_GETGRALL) return PyList_New(0);
    if (orig == W_GETGROUPLIST) return group_of_none(args, nargsf, kwnames);
    PyErr_Format(PyExc_KeyError, "%s(): not found: the policy does not let the run read %s", name,
                 file);
    return NULL;
}

FORWARD(getpwuid_wrapper,
        user_db_call("/etc/passwd", "getpwuid", W_GETPWUID, args, nargsf, kwnames))
FORWARD(getpwnam_wrapper,
        user_db_call("/etc/passwd", "getpwnam", W_GETPWNAM, args, nargsf, kwnames))
FORWARD(getpwall_wrapper,
        user_db_call("/etc/passwd", "getpwall", W_GETPWALL, args, nargsf, kwnames))
FORWARD(getgrgid_wrapper, user_db_call("/etc/group", "getgrgid", W_GETGRGID, args, nargsf, kwnames))
FORWARD(getgrnam_wrapper, user_db_call("/etc/group", "getgrnam", W_GETGRNAM, args, nargsf, kwnames))
FORWARD(getgrall_wrapper, user_db_call("/etc/group", "getgrall", W_GETGRALL, args, nargsf, kwnames))
FORWARD(getgrouplist_wrapper,
        user_db_call("/etc/group", "getgrouplist", W_GETGROUPLIST, args, nargsf, kwnames))

static PyObject *semlock_rebuild_wrapper(PyObject *self, PyObject *const *args, size_t nargsf,
                                         PyObject *kwnames)
{
    (void)self;
    if (st.policy) {
        refuse("_multiprocessing.SemLock", "_rebuild", false, "forbids %s",
               "_multiprocessing.SemLock._rebuild");
        return NULL;
    }
    /* the original is a classmethod: bound to the type it was taken from */
    PyObject *orig = originals[W_SEMLOCK_REBUILD];
    PyObject *bound = Py_TYPE(orig)->tp_descr_get(orig, NULL, (PyObject *)semlock_type);
    PyObject *r = bound ? PyObject_Vectorcall(bound, args, nargsf, kwnames) : NULL;
    Py_XDECREF(bound);
    return r;
}

static PyObject *semlock_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    if (!st.policy) return semlock_new_orig(type, args, kwds);
    refuse("_multiprocessing.SemLock", "SemLock", false, "forbids %s", "_multiprocessing.SemLock");
    return NULL;
}

FORWARD(pidfd_send_signal_wrapper,
        refused_call("signal.pidfd_send_signal", originals[W_PIDFD_SEND_SIGNAL], args, nargsf,
                     kwnames))

static PyMethodDef wrapper_defs[] = {
    {"__import__", (PyCFunction)(void (*)(void))import_wrapper, METH_FASTCALL | METH_KEYWORDS,
     "__import__ checked against the pywarden policy"},
    {"_gcd_import", (PyCFunction)(void (*)(void))gcd_import_wrapper, METH_FASTCALL | METH_KEYWORDS,
     "_gcd_import checked against the pywarden policy"},
    {"create_builtin", (PyCFunction)(void (*)(void))create_builtin_wrapper,
     METH_FASTCALL | METH_KEYWORDS, "create_builtin checked against the pywarden policy"},
    {"settrace", (PyCFunction)(void (*)(void))settrace_wrapper, METH_FASTCALL | METH_KEYWORDS,
     "settrace: only None while user code runs (pywarden policy)"},
    {"setprofile", (PyCFunction)(void (*)(void))setprofile_wrapper, METH_FASTCALL | METH_KEYWORDS,
     "setprofile: only None while user code runs (pywarden policy)"},
    {"mkfifo", (PyCFunction)(void (*)(void))mkfifo_wrapper, METH_FASTCALL | METH_KEYWORDS,
     "mkfifo(path, mode=438, *, dir_fd=None)\n--\n\n"
     "mkfifo checked against the pywarden policy's write paths"},
    {"mknod", (PyCFunction)(void (*)(void))mknod_wrapper, METH_FASTCALL | METH_KEYWORDS,
     "mknod(path, mode=384, device=0, *, dir_fd=None)\n--\n\n"
     "mknod checked against the pywarden policy's write paths"},
    {"open", (PyCFunction)(void (*)(void))posix_open_wrapper, METH_FASTCALL | METH_KEYWORDS,
     "open(path, flags, mode=511, *, dir_fd=None)\n--\n\n"
     "open checked against the pywarden policy's paths, dir_fd included"},
    {"getgrouplist", (PyCFunction)(void (*)(void))getgrouplist_wrapper,
     METH_FASTCALL | METH_KEYWORDS,
     "getgrouplist(user, group, /)\n--\n\n"
     "getgrouplist: the group alone where the pywarden policy does not let the run read "
     "/etc/group"},
    /* print and input take their original's doc and signature (wrap) */
    {"print", (PyCFunction)(void (*)(void))print_wrapper, METH_FASTCALL | METH_KEYWORDS, NULL},
    {"input", (PyCFunction)(void (*)(void))input_wrapper, METH_FASTCALL | METH_KEYWORDS, NULL},
    {"compile", (PyCFunction)(void (*)(void))compile_wrapper, METH_FASTCALL | METH_KEYWORDS, NULL},
    {"_fix_co_filename", (PyCFunction)(void (*)(void))fix_co_filename_wrapper,
     METH_FASTCALL | METH_KEYWORDS, "_fix_co_filename checked against the pywarden policy"},
    {"init_frozen", (PyCFunction)(void (*)(void))init_frozen_wrapper, METH_FASTCALL | METH_KEYWORDS,
     "init_frozen checked against the pywarden policy"},
    {"get_frozen_object", (PyCFunction)(void (*)(void))get_frozen_object_wrapper,
     METH_FASTCALL | METH_KEYWORDS, "get_frozen_object checked against the pywarden policy"},
    {"create_dynamic", (PyCFunction)(void (*)(void))create_dynamic_wrapper,
     METH_FASTCALL | METH_KEYWORDS, "create_dynamic checked against the pywarden policy"},
    {"fork_exec", (PyCFunction)(void (*)(void))fork_exec_wrapper, METH_FASTCALL | METH_KEYWORDS,
     "fork_exec: refused by the pywarden policy"},
    {"pidfd_send_signal", (PyCFunction)(void (*)(void))pidfd_send_signal_wrapper,
     METH_FASTCALL | METH_KEYWORDS, "pidfd_send_signal: refused by the pywarden policy"},
    {"read_history_file", (PyCFunction)(void (*)(void))read_history_file_wrapper,
     METH_FASTCALL | METH_KEYWORDS, "read_history_file checked against the pywarden policy"},
    {"write_history_file", (PyCFunction)(void (*)(void))write_history_file_wrapper,
     METH_FASTCALL | METH_KEYWORDS, "write_history_file checked against the pywarden policy"},
    {"append_history_file", (PyCFunction)(void (*)(void))append_history_file_wrapper,
     METH_FASTCALL | METH_KEYWORDS, "append_history_file checked against the pywarden policy"},
    {"read_init_file", (PyCFunction)(void (*)(void))read_init_file_wrapper,
     METH_FASTCALL | METH_KEYWORDS, "read_init_file: refused by the pywarden policy"},
    {"parse_and_bind", (PyCFunction)(void (*)(void))parse_and_bind_wrapper,
     METH_FASTCALL | METH_KEYWORDS, "parse_and_bind checked against the pywarden policy"},
    {"shm_open", (PyCFunction)(void (*)(void))shm_open_wrapper, METH_FASTCALL | METH_KEYWORDS,
     "shm_open: refused by the pywarden policy"},
    {"shm_unlink", (PyCFunction)(void (*)(void))shm_unlink_wrapper, METH_FASTCALL | METH_KEYWORDS,
     "shm_unlink: refused by the pywarden policy"},
    {"sem_unlink", (PyCFunction)(void (*)(void))sem_unlink_wrapper, METH_FASTCALL | METH_KEYWORDS,
     "sem_unlink: refused by the pywarden policy"},
    {"_rebuild", (PyCFunction)(void (*)(void))semlock_rebuild_wrapper,
     METH_FASTCALL | METH_KEYWORDS, "_rebuild: refused by the pywarden policy"},
    {"exec_dynamic", (PyCFunction)(void (*)(void))exec_dynamic_wrapper,
     METH_FASTCALL | METH_KEYWORDS, "exec_dynamic, checked by the pywarden policy"},
    {"load_cert_chain", (PyCFunction)(void (*)(void))load_cert_chain_wrapper,
     METH_FASTCALL | METH_KEYWORDS, "load_cert_chain checked against the pywarden policy"},
    {"load_verify_locations", (PyCFunction)(void (*)(void))load_verify_locations_wrapper,
     METH_FASTCALL | METH_KEYWORDS, "load_verify_locations checked against the pywarden policy"},
    {"_test_decode_cert", (PyCFunction)(void (*)(void))test_decode_cert_wrapper,
     METH_FASTCALL | METH_KEYWORDS, "_test_decode_cert checked against the pywarden policy"},
    {"getpwuid", (PyCFunction)(void (*)(void))getpwuid_wrapper, METH_FASTCALL | METH_KEYWORDS,
     "getpwuid checked against the pywarden policy"},
    {"getpwnam", (PyCFunction)(void (*)(void))getpwnam_wrapper, METH_FASTCALL | METH_KEYWORDS,
     "getpwnam checked against the pywarden policy"},
    {"getpwall", (PyCFunction)(void (*)(void))getpwall_wrapper, METH_FASTCALL | METH_KEYWORDS,
     "getpwall checked against the pywarden policy"},
    {"getgrgid", (PyCFunction)(void (*)(void))getgrgid_wrapper, METH_FASTCALL | METH_KEYWORDS,
     "getgrgid checked against the pywarden policy"},
    {"getgrnam", (PyCFunction)(void (*)(void))getgrnam_wrapper, METH_FASTCALL | METH_KEYWORDS,
     "getgrnam checked against the pywarden policy"},
    {"getgrall", (PyCFunction)(void (*)(void))getgrall_wrapper, METH_FASTCALL | METH_KEYWORDS,
     "getgrall checked against the pywarden policy"},
    {"open", (PyCFunction)(void (*)(void))dbm_open_wrapper, METH_FASTCALL | METH_KEYWORDS,
     "_dbm.open checked against the pywarden policy's paths"},
    {"open", (PyCFunction)(void (*)(void))gdbm_open_wrapper, METH_FASTCALL | METH_KEYWORDS,
     "_gdbm.open checked against the pywarden policy's paths"},
    {"generate_time_safe", (PyCFunction)(void (*)(void))generate_time_safe_wrapper,
     METH_FASTCALL | METH_KEYWORDS, "generate_time_safe made without libuuid (pywarden policy)"},
};

/* Whether o is builtins or sys, which every run reaches anyway. */
static bool open_module(PyObject *o)
{
    const char *name = o && PyModule_Check(o) ? PyModule_GetName(o) : NULL;
    if (!name) PyErr_Clear();
    return name && (strcmp(name, "builtins") == 0 || strcmp(name, "sys") == 0);
}

/* Replaces dict[def->ml_name] (a dict of builtins or a module's globals) by a wrapper; the
 * original is kept in originals. The wrapper reads as the original (__module__, and __self__,
 * doc and so inspect.signature where that self is an open_module): a callback registry
 * handed print must find its parameters. posix's or _imp's self would hand user code the
 * module a policy blocks. */
/* The dict a single-phase built-in module (builtins, sys) was saved as when it was first
 * made, NULL for any other: _imp.create_builtin of its spec (importlib.util.module_from_spec)
 * copies that over the live dict, and so gave user code the originals back
 * (builtins_spec_restores_originals). Borrowed. */
static PyObject *saved_module_dict(PyObject *dict)
{
    PyObject *name = PyDict_GetItemString(dict, "__name__"); /* borrowed */
    PyObject *mod = name && PyUnicode_Check(name)
                        ? PyDict_GetItemWithError(PyImport_GetModuleDict(), name)
                        : NULL; /* borrowed */
    PyModuleDef *def =
        mod && PyModule_Check(mod) && PyModule_GetDict(mod) == dict ? PyModule_GetDef(mod) : NULL;
    PyErr_Clear();
    return def && def->m_size == -1 ? def->m_base.m_copy : NULL;
}

static bool wrap(PyObject *dict, PyMethodDef *def)
{
    PyObject *orig = dict ? PyDict_GetItemString(dict, def->ml_name) : NULL; /* borrowed */
    PyCFunctionObject *c = orig && PyCFunction_Check(orig) ? (PyCFunctionObject *)orig : NULL;
    PyObject *self = c && open_module(c->m_self) ? c->m_self : NULL;
    if (self) def->ml_doc = c->m_ml->ml_doc;
    PyObject *fn = orig ? PyCFunction_NewEx(def, self, c ? c->m_module : NULL) : NULL;
    if (fn) originals[def - wrapper_defs] = Py_NewRef(orig);
    PyObject *saved = fn ? saved_module_dict(dict) : NULL;
    bool ok = fn && PyDict_SetItemString(dict, def->ml_name, fn) == 0 &&
              (!saved || PyDict_SetItemString(saved, def->ml_name, fn) == 0);
    Py_XDECREF(fn);
    return ok;
}

/* A held module's first instance (held_defs), mod: its wrapper put in (its functions are in
 * its dict before it executes) and kept. Steals mod; NULL on failure. */
static PyObject *hold(int slot, PyObject *mod)
{
    PyObject *d = PyModule_Check(mod) ? PyModule_GetDict(mod) : NULL; /* borrowed */
    for (int i = 0; d && i < held_defs[slot].count; i++) {
        PyMethodDef *def = &wrapper_defs[held_defs[slot].wraps + i];
        /* a build may lack one (readline's append_history_file) */
        if (PyDict_GetItemString(d, def->ml_name) && !wrap(d, def)) d = NULL;
    }
    if (!d) Py_CLEAR(mod);
    held_mods[slot] = Py_XNewRef(mod);
    return mod;
}

/* _multiprocessing.SemLock, which its module's exec adds: a static type, reachable by
 * object.__subclasses__() whatever a dict holds, so the type itself is changed, once. */
static bool patch_semlock(PyObject *mod)
{
    PyObject *d = PyModule_Check(mod) ? PyModule_GetDict(mod) : NULL; /* borrowed */
    PyObject *t = d ? PyDict_GetItemString(d, "SemLock") : NULL;      /* borrowed */
    if (semlock_type || !t || !PyType_Check(t)) return true;
    semlock_type = (PyTypeObject *)Py_NewRef(t);
    semlock_new_orig = semlock_type->tp_new;
    semlock_type->tp_new = semlock_new;
    bool ok = wrap(semlock_type->tp_dict, &wrapper_defs[W_SEMLOCK_REBUILD]);
    PyType_Modified(semlock_type);
    return ok;
}

/* _ssl._SSLContext's file-loading methods, which its module's exec adds (a heap type of the
 * one _ssl instance), each replaced by a function that takes the context as its first
 * argument: bound as a method the way a Python function is. */
static bool patch_ssl_context(PyObject *mod)
{
    static bool patched;
    PyObject *d = PyModule_Check(mod) ? PyModule_GetDict(mod) : NULL; /* borrowed */
    PyObject *t = d ? PyDict_GetItemString(d, "_SSLContext") : NULL;  /* borrowed */
    if (patched || !t || !PyType_Check(t)) return true;
    patched = true;
    bool ok = true;
    for (int w = W_LOAD_CERT_CHAIN; ok && w <= W_LOAD_VERIFY_LOCATIONS; w++) {
        PyObject *dict = ((PyTypeObject *)t)->tp_dict; /* borrowed */
        PyObject *orig = Py_XNewRef(PyDict_GetItemString(dict, wrapper_defs[w].ml_name));
        PyObject *fn = orig ? PyCFunction_NewEx(&wrapper_defs[w], NULL, NULL) : NULL;
        PyObject *method = fn ? PyInstanceMethod_New(fn) : NULL;
        ok = method && PyDict_SetItemString(dict, wrapper_defs[w].ml_name, method) == 0;
        if (ok) originals[w] = Py_NewRef(orig);
        Py_XDECREF(orig);
        Py_XDECREF(fn);
        Py_XDECREF(method);
    }
    PyType_Modified((PyTypeObject *)t);
    return ok;
}

static PyObject *module_dict(const char *name) /* borrowed */
{
    PyObject *modules = PyImport_GetModuleDict();      /* borrowed */
    PyObject *m = PyDict_GetItemString(modules, name); /* borrowed */
    return m && PyModule_Check(m) ? PyModule_GetDict(m) : NULL;
}

static bool install_wrappers(void)
{
    bool ok = true;
    for (size_t i = 0; ok && i < sizeof held_defs / sizeof *held_defs; i++)
        if (held_defs[i].wraps < 0) {
            held_mods[i] =
                Py_XNewRef(PyDict_GetItemString(PyImport_GetModuleDict(), held_defs[i].name));
            ok = held_mods[i] != NULL;
        }
    return ok && wrap(PyEval_GetBuiltins(), &wrapper_defs[W_IMPORT]) &&
           wrap(module_dict("_frozen_importlib"), &wrapper_defs[W_GCD_IMPORT]) &&
           wrap(module_dict("_imp"), &wrapper_defs[W_CREATE_BUILTIN]) &&
           wrap(module_dict("sys"), &wrapper_defs[W_SETTRACE]) &&
           wrap(module_dict("sys"), &wrapper_defs[W_SETPROFILE]) &&
           wrap(module_dict("posix"), &wrapper_defs[W_MKFIFO]) &&
           wrap(module_dict("posix"), &wrapper_defs[W_MKNOD]) &&
           wrap(module_dict("posix"), &wrapper_defs[W_POSIX_OPEN]) &&
           wrap(module_dict("posix"), &wrapper_defs[W_GETGROUPLIST]) &&
           wrap(PyEval_GetBuiltins(), &wrapper_defs[W_PRINT]) &&
           wrap(PyEval_GetBuiltins(), &wrapper_defs[W_INPUT]) &&
           wrap(PyEval_GetBuiltins(), &wrapper_defs[W_COMPILE]) &&
           wrap(module_dict("_imp"), &wrapper_defs[W_FIX_CO_FILENAME]) &&
           wrap(module_dict("_imp"), &wrapper_defs[W_INIT_FROZEN]) &&
           wrap(module_dict("_imp"), &wrapper_defs[W_GET_FROZEN_OBJECT]) &&
           wrap(module_dict("_imp"), &wrapper_defs[W_CREATE_DYNAMIC]) &&
           wrap(module_dict("_imp"), &wrapper_defs[W_EXEC_DYNAMIC]) &&
           (st.marshal = Py_XNewRef(PyDict_GetItemString(PyImport_GetModuleDict(), "marshal")));
}

/* pywarden.PolicyViolation(PermissionError) and pywarden.ImportBlocked(ImportError), also
 * importable as module `pywarden` so user code can catch them by name. */
static bool create_exceptions(void)
{
    st.violation_cls = PyErr_NewExceptionWithDoc("pywarden.PolicyViolation",
                                                 "The pywarden policy refused this action.",
                                                 PyExc_PermissionError, NULL);
    st.import_cls = PyErr_NewExceptionWithDoc("pywarden.ImportBlocked",
                                              "The pywarden policy blocks this import.",
                                              PyExc_ImportError, NULL);
    /* The hook calls them while busy: an __init__ or __setattr__ user code put there would
     * run inside the hook. */
    if (st.violation_cls && st.import_cls) {
        ((PyTypeObject *)st.violation_cls)->tp_flags |= Py_TPFLAGS_IMMUTABLETYPE;
        ((PyTypeObject *)st.import_cls)->tp_flags |= Py_TPFLAGS_IMMUTABLETYPE;
    }
    PyObject *mod = st.violation_cls && st.import_cls ? PyModule_New("pywarden") : NULL;
    bool ok = mod && PyModule_AddObjectRef(mod, "PolicyViolation", st.violation_cls) == 0 &&
              PyModule_AddObjectRef(mod, "ImportBlocked", st.import_cls) == 0 &&
              PyDict_SetItemString(PyImport_GetModuleDict(), "pywarden", mod) == 0;
    Py_XDECREF(mod);
    return ok;
}

static bool intern_names(void)
{
    st.s_fspath = PyUnicode_InternFromString("__fspath__");
    st.s_str = PyUnicode_InternFromString("__str__");
    st.s_str_slot = PyUnicode_InternFromString("_str");
    st.s_name = PyUnicode_InternFromString("name");
    st.s_origin = PyUnicode_InternFromString("origin");
    st.s_drv = PyUnicode_InternFromString("_drv");
    st.s_root = PyUnicode_InternFromString("_root");
    st.s_parts = PyUnicode_InternFromString("_parts");
    st.s_flavour = PyUnicode_InternFromString("_flavour");
    st.s_sep = PyUnicode_InternFromString("sep");
    return st.s_fspath && st.s_str && st.s_str_slot && st.s_name && st.s_origin && st.s_drv &&
           st.s_root && st.s_parts && st.s_flavour && st.s_sep;
}

static bool snapshot_modules(void)
{
    PyObject *key, *value;
    Py_ssize_t pos = 0;
    while (PyDict_Next(PyImport_GetModuleDict(), &pos, &key, &value)) { /* borrowed */
        const char *name = PyUnicode_Check(key) ? PyUnicode_AsUTF8(key) : NULL;
        if (!name || !pw_strv_push(&st.startup_modules, name)) return false;
    }
    return true;
}

/* ---- public API ---- */

cJSON *pw_audit_startup_modules(void)
{
    return cJSON_CreateStringArray((const char *const *)st.startup_modules.v,
                                   (int)st.startup_modules.n);
}

bool pw_audit_set_startup_modules(const cJSON *names)
{
    const cJSON *n;
    cJSON_ArrayForEach(n, names)
    {
        if (cJSON_IsString(n) && !pw_strv_contains(&st.startup_modules, n->valuestring) &&
            !pw_strv_push(&st.startup_modules, n->valuestring))
            return false;
    }
    return true;
}

int pw_audit_install(void)
{
    return PySys_AddAuditHook(audit_hook, NULL);
}

/* CPython puts a zip of the stdlib first on sys.path whether or not there is one
 * (importlib.metadata lists it): the interpreter's own, so reading it is no violation. */
static void note_stdlib_zip(void)
{
    PyObject *path = PySys_GetObject("path"); /* borrowed */
    PyObject *first =
        path && PyList_Check(path) && PyList_GET_SIZE(path) > 0 ? PyList_GET_ITEM(path, 0) : NULL;
    const char *s = first && PyUnicode_Check(first) ? PyUnicode_AsUTF8(first) : NULL;
    size_t n = s ? strlen(s) : 0;
    st.stdlib_zip[0] = '\0';
    if (n > 4 && n < PATH_MAX && strcmp(s + n - 4, ".zip") == 0) {
        /* the paths it is compared with are resolved: resolve its directory too */
        char dir[PATH_MAX], real[PATH_MAX];
        memcpy(dir, s, n + 1);
        char *slash = strrchr(dir, '/');
        if (slash && slash != dir) *slash = '\0';
        bool resolved = slash && slash != dir && realpath(dir, real) &&
                        snprintf(st.stdlib_zip, PATH_MAX, "%s/%s", real, slash + 1) < PATH_MAX;
        if (!resolved) memcpy(st.stdlib_zip, s, n + 1);
    }
    PyErr_Clear();
}

bool pw_audit_prepare(void)
{
    if (!realpath(pw_stdlib_dir(), st.stdlib_real))
        snprintf(st.stdlib_real, PATH_MAX, "%s", pw_stdlib_dir());
    if (!*pw_site_dir() || !realpath(pw_site_dir(), st.site_real)) st.site_real[0] = '\0';
    snprintf(st.importlib_dir, PATH_MAX, "%s/importlib", pw_stdlib_modules());
    note_stdlib_zip();
    snprintf(st.pathlib_file, PATH_MAX, "%s/pathlib.py", pw_stdlib_modules());
    (void)pw_stdlib_data_file(""); /* looked up now, before a layer hides them */
    PyObject *posix = PyImport_ImportModule("posix");
    st.direntry_type = posix ? PyObject_GetAttrString(posix, "DirEntry") : NULL;
    Py_XDECREF(posix);
    return st.direntry_type && intern_names() && snapshot_modules() && create_exceptions() &&
           install_wrappers();
}

void pw_audit_activate(const pw_policy *p, const char *code_file)
{
    run_thread = PyThread_get_thread_ident();
    st.code_file = code_file;
    if (p->layers[PW_LAYER_AUDIT] != PW_NEED_OFF) st.policy = p;
}

void pw_audit_preload(const pw_policy *p, bool on)
{
    st.preloading = on;
    if (on)
        pw_audit_activate(p, NULL);
    else
        st.policy = NULL;
}

cJSON *pw_audit_error_from_exception(PyObject *exc)
{
    for (size_t i = st.n; exc && i-- > 0;)
        if (st.v[i].exc == exc) return error_json(&st.v[i]);
    return NULL;
}

/* The refusal's exception went through a user frame on its way up (caught there, or not
 * caught at all): the library did not handle it. */
static bool reached_user_code(PyObject *exc)
{
    PyObject *tb = exc ? PyException_GetTraceback(exc) : NULL;
    bool user = false;
    for (PyObject *t = tb; !user && t && PyTraceBack_Check(t);
         t = (PyObject *)((PyTracebackObject *)t)->tb_next) {
        PyCodeObject *code = PyFrame_GetCode(((PyTracebackObject *)t)->tb_frame);
        const char *fn = PyUnicode_AsUTF8(code->co_filename);
        if (!fn) PyErr_Clear();
        user = fn && classify_file(fn) == WHO_USER;
        Py_DECREF(code);
    }
    Py_XDECREF(tb);
    return user;
}

cJSON *pw_audit_violations(void)
{
    if (!st.n) return NULL;
    cJSON *all = cJSON_CreateArray();
    for (size_t i = 0; all && i < st.n; i++) {
        if (st.v[i].library && reached_user_code(st.v[i].exc)) st.v[i].library = false;
        cJSON_AddItemToArray(all, violation_json(&st.v[i]));
    }
    return all;
}
