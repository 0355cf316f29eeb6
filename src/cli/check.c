/* `pywarden check`: compile and contract-check a script without running it. A forked child
 * parses the source with Python's own ast/compile (nothing of the script executes) and
 * reports what it found; the policy judgement is the audit hook's (pw_audit_module_blocked)
 * so `check` and `run` cannot disagree about which imports are blocked. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <Python.h>

#include "audit.h"
#include "check.h"
#include "child.h"
#include "commands.h"
#include "interp.h"
#include "jsonconv.h"
#include "layers.h"
#include "policy.h"
#include "request.h"
#include "result.h"

static const char check_usage[] =
    "usage: pywarden check --code STR | --file PATH | SCRIPT.py [options]\n"
    "\n"
    "Compiles the code without running it and prints one JSON object:\n"
    "  {\"ok\", \"policy\", \"entry\", \"imports\": [{\"module\", \"line\", \"blocked\"}],\n"
    "   \"problems\": [{\"kind\", \"message\", \"line\"}]}\n"
    "kinds: syntax_error, blocked_import, missing_import, relative_import, no_entry,\n"
    "bad_entry, ambiguous_entry; memory_limit, cpu_limit, timeout (the policy's limits\n"
    "bound the check as they bound a run).\n"
    "Exit status: 0 clean, 1 problems found, 2 usage error (or a bad policy).\n"
    "\n"
    "  --code STR          source to check\n"
    "  --file PATH         script to check, relative to the work directory\n"
    "  --policy NAME|PATH|JSON  policy whose modules and paths apply (default: default)\n"
    "  --entry NAME        the function run would call instead of main\n"
    "  --mode main|body|stdio  body: the code is a function body; stdio: the legacy\n"
    "                      contract (neither needs an entry)\n"
    "  --work-dir DIR      where --file and the policy's relative paths resolve (default: cwd)\n"
    "  -h, --help          this help\n";

/* Runs inside the child's interpreter; only parses and compiles. Returns a JSON text. */
static const char analyser[] =
    "import ast, json\n"
    "def _pw_body(nodes):\n"
    "    # module-level statements, looking into if/try/with/for blocks, not defs\n"
    "    for n in nodes:\n"
    "        yield n\n"
    "        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):\n"
    "            continue\n"
    "        for field in ('body', 'orelse', 'finalbody', 'handlers'):\n"
    "            yield from _pw_body(getattr(n, field, []))\n"
    "def _pw_dynamic(n):\n"
    "    f = n.func\n"
    "    named = (isinstance(f, ast.Name) and f.id == '__import__') or \\\n"
    "            (isinstance(f, ast.Attribute) and f.attr in ('import_module', '__import__'))\n"
    "    a = n.args[0] if n.args else None\n"
    "    if named and isinstance(a, ast.Constant) and isinstance(a.value, str):\n"
    "        return a.value\n"
    "def _pw_found(top):\n"
    "    # finds without importing anything: a top-level name on sys.path, builtin or frozen\n"
    "    import sys, _imp, importlib.machinery\n"
    "    return (top in sys.modules or top in sys.builtin_module_names or _imp.is_frozen(top)\n"
    "            or importlib.machinery.PathFinder.find_spec(top) is not None)\n"
    "def _pw_typing_only(tree):\n"
    "    # what an `if TYPE_CHECKING:` block holds is for type checkers: it never runs, but\n"
    "    # where the code sets TYPE_CHECKING itself to anything but False\n"
    "    if any(getattr(t, 'id', None) == 'TYPE_CHECKING' and\n"
    "           getattr(n.value, 'value', None) is not False for n in ast.walk(tree)\n"
    "           if isinstance(n, (ast.Assign, ast.AnnAssign))\n"
    "           for t in getattr(n, 'targets', [getattr(n, 'target', None)])):\n"
    "        return []\n"
    "    return [m for n in ast.walk(tree) if isinstance(n, ast.If) and\n"
    "            getattr(n.test, 'id', getattr(n.test, 'attr', None)) == 'TYPE_CHECKING'\n"
    "            for b in n.body for m in ast.walk(b)]\n"
    "def _pw_missing(tree, out):\n"
    "    # imports in a try block are optional dependencies: not reported\n"
    "    optional = {id(m) for n in ast.walk(tree) if isinstance(n, ast.Try)\n"
    "                for b in n.body for m in ast.walk(b)}\n"
    "    optional |= {id(m) for m in _pw_typing_only(tree)}\n"
    "    for n in ast.walk(tree):\n"
    "        names = [a.name for a in n.names] if isinstance(n, ast.Import) else \\\n"
    "            [n.module] if isinstance(n, ast.ImportFrom) and not n.level else \\\n"
    "            [_pw_dynamic(n)] if isinstance(n, ast.Call) and _pw_dynamic(n) else []\n"
    "        for top in {name.split('.')[0] for name in names} - set(out['missing']):\n"
    "            if top.isidentifier() and id(n) not in optional and not _pw_found(top):\n"
    "                out['missing'][top] = n.lineno\n"
    "def _pw_check(src, filename, entry, compile_body):\n"
    "    out = {'imports': [], 'relative': [], 'error': None, 'function': None,\n"
    "           'required_args': 0, 'required_posonly': 0, 'result_line': 0,\n"
    "           'output_line': 0, 'guard_line': 0, 'missing': {}}\n"
    "    try:\n"
    "        tree = compile(src, filename, 'exec', ast.PyCF_ONLY_AST |\n"
    "                       (ast.PyCF_ALLOW_TOP_LEVEL_AWAIT if compile_body else 0))\n"
    "        if compile_body:\n"
    "            compile_body(src, filename)\n"
    "        else:\n"
    "            compile(src, filename, 'exec', dont_inherit=True)\n"
    "    except (SyntaxError, ValueError, MemoryError, RecursionError) as e:\n"
    "        out['error'] = {'message': getattr(e, 'msg', None) or str(e) or\n"
    "                        'the code is nested too deeply to parse',\n"
    "                        'line': getattr(e, 'lineno', 0) or 0,\n"
    "                        'text': getattr(e, 'text', None) or '',\n"
    "                        'offset': getattr(e, 'offset', 0) or 0}\n"
    "        return json.dumps(out)\n"
    "    for n in ast.walk(tree):\n"
    "        if isinstance(n, ast.Import):\n"
    "            out['imports'] += [[a.name, n.lineno] for a in n.names]\n"
    "        elif isinstance(n, ast.ImportFrom) and n.level:\n"
    "            out['relative'].append(n.lineno)\n"
    "        elif isinstance(n, ast.ImportFrom):\n"
    "            out['imports'].append([n.module, n.lineno])\n"
    "            out['imports'] += [[n.module + '.' + a.name, n.lineno, True] for a in n.names\n"
    "                               if a.name != '*']\n"
    "        elif isinstance(n, ast.Call) and _pw_dynamic(n):\n"
    "            out['imports'].append([_pw_dynamic(n), n.lineno])\n"
    "    _pw_missing(tree, out)\n"
    "    out['typing_only'] = sorted({m.lineno for m in _pw_typing_only(tree)\n"
    "                                 if isinstance(m, (ast.Import, ast.ImportFrom))})\n"
    "    for n in _pw_body(tree.body):\n"
    "        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == entry:\n"
    "            a = n.args\n"
    "            out['function'] = n.lineno\n"
    "            out['required_args'] = len(a.posonlyargs + a.args) - len(a.defaults)\n"
    "            out['required_posonly'] = min(len(a.posonlyargs), out['required_args'])\n"
    "        targets = n.targets if isinstance(n, ast.Assign) else \\\n"
    "            [n.target] if isinstance(n, (ast.AnnAssign, ast.AugAssign)) else []\n"
    "        # the entry bound another way (main = handler, a partial, an import): its\n"
    "        # signature is not the analyser's to judge\n"
    "        bound = any(isinstance(t, ast.Name) and t.id == entry for t in targets) or \\\n"
    "            (isinstance(n, ast.ImportFrom) and any((a.asname or a.name) == entry\n"
    "                                                     for a in n.names))\n"
    "        if bound and not out['function']:\n"
    "            out['function'] = n.lineno\n"
    "        test = ast.dump(n.test) if isinstance(n, ast.If) else ''\n"
    "        if \"id='__name__'\" in test and \"value='__main__'\" in test:\n"
    "            out['guard_line'] = out['guard_line'] or n.lineno\n"
    "        for name in ('result', 'output'):\n"
    "            if any(isinstance(t, ast.Name) and t.id == name for t in targets):\n"
    "                out[name + '_line'] = out[name + '_line'] or n.lineno\n"
    "    return json.dumps(out)\n";

typedef struct {
    const char *code, *file, *policy, *entry, *mode, *work_dir;
} check_flags;

/* compile_body(src, filename) for the analyser: mode body's own compiler. */
static PyObject *compile_body(PyObject *self, PyObject *args)
{
    (void)self;
    const char *src, *filename;
    if (!PyArg_ParseTuple(args, "ss", &src, &filename)) return NULL;
    return pw_interp_compile_body(src, filename);
}

static PyMethodDef compile_body_def = {"compile_body", compile_body, METH_VARARGS,
                                       "compiles code as mode body does"};

char *pw_check_analyse(const char *source, const char *filename, const char *entry, bool body)
{
    PyObject *globals = PyDict_New();
    PyObject *r = globals ? PyRun_String(analyser, Py_file_input, globals, globals) : NULL;
    PyObject *fn = r ? PyDict_GetItemString(globals, "_pw_check") : NULL; /* borrowed */
    PyObject *compiler = body ? PyCFunction_New(&compile_body_def, NULL) : Py_NewRef(Py_None);
    /* A script's bytes, decoded by its coding cookie as `run` does; `code` and a body as text */
    bool bytes = !body && strcmp(filename, "<code>") != 0;
    PyObject *text = fn && compiler ? PyObject_CallFunction(fn, bytes ? "yssO" : "sssO", source,
                                                            filename, entry, compiler)
                                    : NULL;
    Py_XDECREF(compiler);
    const char *s = text ? PyUnicode_AsUTF8(text) : NULL;
    char *out = s ? pw_strdup(s) : NULL;
    Py_XDECREF(text);
    Py_XDECREF(r);
    Py_XDECREF(globals);
    return out;
}

/* Whether an allocation failed while the analyser ran: CPython's parser raises the same bare
 * MemoryError for code nested too deeply as for memory_mb used up. */
static bool allocation_failed;
static PyMemAllocatorEx wrapped[3];

static void *noted(void *p, size_t n)
{
    if (!p && n) allocation_failed = true;
    return p;
}

static void *watch_malloc(void *ctx, size_t n)
{
    const PyMemAllocatorEx *a = ctx;
    return noted(a->malloc(a->ctx, n), n);
}

static void *watch_calloc(void *ctx, size_t k, size_t n)
{
    const PyMemAllocatorEx *a = ctx;
    return noted(a->calloc(a->ctx, k, n), k * n);
}

static void *watch_realloc(void *ctx, void *p, size_t n)
{
    const PyMemAllocatorEx *a = ctx;
    return noted(a->realloc(a->ctx, p, n), n);
}

static void watch_free(void *ctx, void *p)
{
    const PyMemAllocatorEx *a = ctx;
    a->free(a->ctx, p);
}

static void watch_allocations(void)
{
    const PyMemAllocatorDomain domains[] = {PYMEM_DOMAIN_RAW, PYMEM_DOMAIN_MEM, PYMEM_DOMAIN_OBJ};
    for (size_t i = 0; i < 3; i++) {
        PyMem_GetAllocator(domains[i], &wrapped[i]);
        PyMemAllocatorEx hook = {&wrapped[i], watch_malloc, watch_calloc, watch_realloc,
                                 watch_free};
        PyMem_SetAllocator(domains[i], &hook);
    }
}

#ifdef PW_TEST_SWITCHES
static char *check_probe; /* PYWARDEN_TEST_CHECK_PROBE, read before the environment goes */
#endif

/* The child's pipe, once confine_analysis has closed the rest. */
#define ANSWER_FD 3
/* The child's exit status when an allocation failed (it prints nothing then). */
#define OUT_OF_MEMORY 3

/* The parser and compiler read the code's text, which is untrusted: a memory bug in them
 * would run as this child, with the host's fds, files and environment (which the child
 * swaps for the policy's env before the interpreter starts). Before the analysis it keeps only
 * stderr and its pipe (moved to out_fd; stdout, where the answer goes, becomes /dev/null),
 * reads only what a run may (its write_paths read-only), and, as far as the policy's layers
 * go, writes nothing, starts no process and opens no socket (check_child_confined). The
 * interpreter has started: what the analysis still imports is in the runtime roots. */
static void confine_analysis(const pw_policy *pol, int pipe_w, int out_fd)
{
    int null = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (null < 0 || dup2(null, STDIN_FILENO) < 0 || dup2(null, STDOUT_FILENO) < 0 ||
        dup2(pipe_w, out_fd) < 0)
        _exit(1);
    close_range(out_fd + 1, ~0U, 0);
    pw_policy view = *pol;
    pw_strv reads = {0};
    for (size_t i = 0; i < pol->read_paths.n; i++)
        if (!pw_strv_push(&reads, pol->read_paths.v[i])) _exit(OUT_OF_MEMORY);
    for (size_t i = 0; i < pol->write_paths.n; i++)
        if (!pw_strv_push(&reads, pol->write_paths.v[i])) _exit(OUT_OF_MEMORY);
    view.read_paths = reads;
    view.write_paths = (pw_strv){0};
    view.allow_network = false;
    pw_buf why = {0};
    /* No capability, as in a run: Landlock has no right for chown, and a root host's
     * CAP_CHOWN would give any host file away */
    pw_caps_drop_all(&why);
    /* Best effort: a kernel without a layer checks as before. What fails is said on stderr. */
    if (pol->layers[PW_LAYER_LANDLOCK] != PW_NEED_OFF && pw_landlock_abi() > 0)
        pw_landlock_apply(&view, &why);
    if (pol->layers[PW_LAYER_NOPROC] != PW_NEED_OFF && pw_seccomp_available())
        pw_seccomp_load(PW_FILTER_NOPROC, "noproc", &why);
    if (pol->layers[PW_LAYER_SECCOMP] != PW_NEED_OFF && pw_seccomp_available() &&
        pw_seccomp_load(PW_FILTER_BASE, "seccomp", &why) == PW_APPLIED)
        pw_seccomp_load(PW_FILTER_METADATA, "seccomp", &why); /* no view hides the host's files */
    if (why.len) fprintf(stderr, "pywarden: check: %s\n", why.data);
    pw_buf_free(&why);
    pw_strv_free(&reads);
#ifdef PW_TEST_SWITCHES
    /* Test builds: code that stands in for what a parser bug would run here. */
    if (check_probe && PyRun_SimpleString(check_probe) != 0) _exit(1);
#endif
}

/* In the child: the analyser's JSON text for source, or NULL. */
static char *analyse(const char *source, const char *filename, const char *entry, bool body,
                     const pw_policy *pol, int pipe_w)
{
    pw_buf why = {0};
    bool ready = pw_interp_init(&why) && pw_interp_add_site_paths(pol);
    pw_buf_free(&why);
    if (ready) confine_analysis(pol, pipe_w, ANSWER_FD);
    if (ready) watch_allocations();
    char *text = ready ? pw_check_analyse(source, filename, entry, body) : NULL;
    /* the parent judges the imports, by this interpreter's startup modules (a run's are the
     * same), which an allow-list leaves importable: strict's `import sys` */
    cJSON *a = text ? cJSON_Parse(text) : NULL;
    cJSON *names = a ? pw_audit_startup_modules() : NULL;
    char *out = NULL;
    if (names && cJSON_AddItemToObject(a, "startup_modules", names))
        out = cJSON_PrintUnformatted(a);
    else
        cJSON_Delete(names);
    cJSON_Delete(a);
    free(text);
    return out;
}

/* A script's syntax error with no position that its coding cookie caused: said as `run`
 * says it, at the cookie's line. */
static void explain_cookie(cJSON *err, const char *source, const char *filename, bool body)
{
    const char *msg = cJSON_GetStringValue(cJSON_GetObjectItem(err, "message"));
    const cJSON *at = cJSON_GetObjectItem(err, "line");
    long line = 0;
    char *why = msg && !body && strcmp(filename, "<code>") != 0 && cJSON_IsNumber(at) &&
                        at->valuedouble <= 0
                    ? pw_interp_cookie_problem(source, msg, &line)
                    : NULL;
    if (!why) return;
    cJSON_ReplaceItemInObject(err, "message", cJSON_CreateString(why));
    cJSON_ReplaceItemInObject(err, "line", cJSON_CreateNumber((double)line));
    free(why);
}

/* What the analyser would say of a check its limits ended: {"error": {kind, message}}. */
static cJSON *limit_hit(const char *kind, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static cJSON *limit_hit(const char *kind, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cJSON *a = cJSON_CreateObject(), *err = cJSON_AddObjectToObject(a, "error");
    cJSON_AddStringToObject(err, "kind", kind);
    cJSON_AddStringToObject(err, "message", msg);
    return a;
}

/* Forks so the interpreter never lives in the calling process. The child is bound as a run
 * is, by the policy's memory_mb and cpu_s (unless it turns the rlimit layer off) and its
 * timeout_ms: parsing is the code's author's to make costly, and an 8 MB list literal took
 * 4.4 GB and 52 s to check with no limit (a run of it ends memory_limit in 6 s). */
static cJSON *analyse_in_child(const char *source, const char *filename, const char *entry,
                               bool body, const pw_policy *pol)
{
    int p[2];
    if (pipe(p) != 0) return NULL;
    pid_t parent = getpid(), pid = fork();
    if (pid == 0) {
        close(p[0]);
        pw_buf why = {0};
        /* getppid: a parent that died before the prctl would never send the signal */
#ifdef PW_TEST_SWITCHES
        const char *probe = getenv("PYWARDEN_TEST_CHECK_PROBE");
        check_probe = probe ? pw_strdup(probe) : NULL;
#endif
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent ||
            (pol->layers[PW_LAYER_RLIMIT] != PW_NEED_OFF &&
             pw_rlimit_apply(pol, &why) != PW_APPLIED) ||
            pw_env_apply(pol, &why) != PW_APPLIED)
            _exit(1);
        char *out = analyse(source, filename, entry, body, pol, p[1]);
        if (allocation_failed) _exit(OUT_OF_MEMORY);
        if (out) pw_write_all(ANSWER_FD, out, strlen(out));
        _exit(out ? 0 : 1);
    }
    close(p[1]);
    pw_buf b = {0};
    char chunk[65536];
    double deadline = pw_now_ms() + (double)pol->timeout_ms;
    bool timed_out = false;
    while (pid > 0) {
        double left = deadline - pw_now_ms();
        struct pollfd pfd = {p[0], POLLIN, 0};
        int ready = left > 0 ? poll(&pfd, 1, left > INT_MAX - 1 ? INT_MAX : (int)left + 1) : 0;
        if (ready == 0) {
            timed_out = kill(pid, SIGKILL) == 0;
            break;
        }
        ssize_t n = ready > 0 ? read(p[0], chunk, sizeof chunk) : -1;
        if (n == 0) break;
        if (n > 0)
            pw_buf_append(&b, chunk, (size_t)n);
        else if (errno != EINTR)
            break;
    }
    close(p[0]);
    int status = 0;
    struct rusage ru = {0};
    while (pid > 0 && wait4(pid, &status, 0, &ru) < 0 && errno == EINTR) {
    }
    /* RLIMIT_CPU's hard limit sends SIGKILL a second after SIGXCPU; a SIGKILL before cpu_s
     * is someone else's (a container's OOM killer), not cpu_limit */
    long used_s = (long)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec);
    pw_buf_putc(&b, '\0');
    cJSON *r = NULL;
    if (timed_out)
        r = limit_hit("timeout", "checking the code took longer than timeout_ms (%ld)",
                      pol->timeout_ms);
    else if (pid > 0 && WIFSIGNALED(status) &&
             (WTERMSIG(status) == SIGXCPU ||
              (WTERMSIG(status) == SIGKILL && pol->cpu_s > 0 && used_s >= pol->cpu_s)))
        r = limit_hit("cpu_limit", "checking the code used up cpu_s (%ld)", pol->cpu_s);
    else if (pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == OUT_OF_MEMORY)
        r = limit_hit("memory_limit", "compiling the code ran out of memory (memory_mb %ld)",
                      pol->memory_mb);
    else if (pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0)
        r = cJSON_Parse(b.data);
    pw_buf_free(&b);
    explain_cookie(cJSON_GetObjectItem(r, "error"), source, filename, body);
    return r;
}

static void add_problem(cJSON *problems, const char *kind, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void add_problem(cJSON *problems, const char *kind, int line, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cJSON *p = cJSON_CreateObject();
    cJSON_AddStringToObject(p, "kind", kind);
    char *clean = pw_utf8_sanitize(msg, strlen(msg));
    cJSON_AddStringToObject(p, "message", clean ? clean : kind);
    free(clean);
    cJSON_AddNumberToObject(p, "line", line);
    cJSON_AddItemToArray(problems, p);
}

/* The analyser's numbers are small ints; null (no such line) is 0. */
static int json_int(const cJSON *v)
{
    return cJSON_IsNumber(v) ? v->valueint : 0;
}

/* For `from m import n` checked as m.n: m itself was already reported. */
static bool parent_blocked(const pw_policy *pol, const char *dotted)
{
    char *parent = pw_strdup(dotted);
    char *dot = parent ? strrchr(parent, '.') : NULL;
    if (dot) *dot = '\0';
    bool blocked = dot && pw_audit_module_blocked(pol, parent);
    free(parent);
    return blocked;
}

/* Whether line is one of typing_only's: an import under `if TYPE_CHECKING:`, which never runs. */
static bool typing_only_line(const cJSON *typing_only, int line)
{
    const cJSON *l;
    cJSON_ArrayForEach(l, typing_only)
    {
        if (json_int(l) == line) return true;
    }
    return false;
}

/* imports: [[module, line(, from-name)]...] from the analyser. A `from m import n` adds
 * m.n only to catch blocked submodules; it is listed when it is blocked. One that never runs
 * (typing_only) is listed and no problem. */
static void judge_imports(const cJSON *found, const cJSON *typing_only, const pw_policy *pol,
                          cJSON *out, cJSON *problems)
{
    const cJSON *item;
    cJSON_ArrayForEach(item, found)
    {
        const char *mod = cJSON_GetStringValue(cJSON_GetArrayItem(item, 0));
        int line = json_int(cJSON_GetArrayItem(item, 1));
        bool from_name = cJSON_GetArraySize(item) > 2;
        bool blocked = mod && pw_audit_module_blocked(pol, mod);
        if (!mod || (from_name && (!blocked || parent_blocked(pol, mod)))) continue;
        cJSON *imp = cJSON_CreateObject();
        cJSON_AddStringToObject(imp, "module", mod);
        cJSON_AddNumberToObject(imp, "line", line);
        cJSON_AddBoolToObject(imp, "blocked", blocked);
        cJSON_AddItemToArray(out, imp);
        if (blocked && !typing_only_line(typing_only, line))
            add_problem(problems, "blocked_import", line,
                        "policy '%s' blocks importing module '%s'%s", pol->name, mod,
                        pw_audit_import_hint(pol, mod));
    }
}

/* missing: {module: line} of top-level names the policy's sys.path does not have. */
static void judge_missing(const cJSON *missing, const pw_policy *pol, const char *code_dir,
                          cJSON *problems)
{
    const cJSON *m;
    cJSON_ArrayForEach(m, missing)
    {
        if (pw_audit_module_blocked(pol, m->string)) continue; /* already a blocked_import */
        char *hint = pw_policy_module_hint(pol, m->string, code_dir);
        add_problem(problems, "missing_import", json_int(m),
                    "no module named '%s' under policy '%s'%s", m->string, pol->name,
                    hint ? hint : "");
        free(hint);
    }
}

static const char *judge_entry(const cJSON *a, const char *entry, const char *mode, cJSON *problems)
{
    const char *name = entry ? entry : "main";
    int fn_line = json_int(cJSON_GetObjectItem(a, "function"));
    int required = json_int(cJSON_GetObjectItem(a, "required_args"));
    int posonly = json_int(cJSON_GetObjectItem(a, "required_posonly"));
    if (mode && (strcmp(mode, "stdio") == 0 || strcmp(mode, "body") == 0)) return mode;
    /* main(a, b) is called main(**inputs); only positional-only parameters rule that out. */
    if (fn_line && required > 1 && posonly > 0) {
        add_problem(problems, "bad_entry", fn_line,
                    "%s() takes %d required arguments, %d of them positional-only; it is called "
                    "with the inputs object alone, or with its keys as keyword arguments",
                    name, required, posonly);
        return name;
    }
    int result_line = json_int(cJSON_GetObjectItem(a, "result_line"));
    if (fn_line && result_line && !entry) {
        add_problem(problems, "ambiguous_entry", result_line,
                    "the code defines %s() and assigns a top-level 'result': run returns 'result' "
                    "and does not call %s() (call it once yourself, or drop 'result')",
                    name, name);
        return "result";
    }
    if (fn_line) return name;
    if (!entry && result_line > 0) return "result";
    if (entry)
        add_problem(problems, "no_entry", 0, "the code defines no top-level function '%s'", name);
    else { /* as run says it: Zapier's `output`, a program's __main__ block */
        int output_line = json_int(cJSON_GetObjectItem(a, "output_line"));
        int guard_line = json_int(cJSON_GetObjectItem(a, "guard_line"));
        add_problem(problems, "no_entry", output_line ? output_line : guard_line,
                    "the code follows none of the conventions: define main(inputs), assign a "
                    "top-level variable 'result', or use --mode stdio (or --mode body)%s%s",
                    output_line > 0 ? "; the code assigns 'output', as a Zapier code step "
                                      "returns its result: name it 'result' here, or use "
                                      "--mode body, where 'output' is the result"
                                    : "",
                    guard_line > 0 ? "; its `if __name__ == \"__main__\":` block does not run "
                                     "(the code runs as module pywarden_job): use --mode stdio "
                                     "to run it as python3 runs a program"
                                   : "");
    }
    return NULL;
}

cJSON *pw_check_report(const cJSON *a, const pw_policy *pol, const char *entry, const char *mode,
                       const char *code_dir)
{
    cJSON *out = cJSON_CreateObject();
    cJSON_AddBoolToObject(out, "ok", false);
    cJSON_AddStringToObject(out, "policy", pol->name ? pol->name : "?");
    cJSON_AddNullToObject(out, "entry");
    cJSON *imports = cJSON_AddArrayToObject(out, "imports");
    cJSON *problems = cJSON_AddArrayToObject(out, "problems");
    const cJSON *err = cJSON_GetObjectItem(a, "error");
    if (cJSON_IsObject(err)) {
        const char *msg = cJSON_GetStringValue(cJSON_GetObjectItem(err, "message"));
        const char *kind = cJSON_GetStringValue(cJSON_GetObjectItem(err, "kind"));
        bool body_like = msg && strcmp(msg, "'return' outside function") == 0;
        bool ipython =
            msg && strcmp(msg, "invalid syntax") == 0 &&
            pw_interp_notebook_line(cJSON_GetStringValue(cJSON_GetObjectItem(err, "text")),
                                    json_int(cJSON_GetObjectItem(err, "offset")));
        add_problem(problems, kind ? kind : "syntax_error",
                    json_int(cJSON_GetObjectItem(err, "line")), "%s%s", msg,
                    body_like ? " (--mode body runs the code as a function body)"
                    : ipython ? " (" PW_NOTEBOOK_HINT ")"
                              : "");
    } else {
        judge_imports(cJSON_GetObjectItem(a, "imports"), cJSON_GetObjectItem(a, "typing_only"), pol,
                      imports, problems);
        judge_missing(cJSON_GetObjectItem(a, "missing"), pol, code_dir, problems);
        const cJSON *rel;
        cJSON_ArrayForEach(rel, cJSON_GetObjectItem(a, "relative"))
            add_problem(problems, "relative_import", json_int(rel),
                        "relative imports fail: the code does not run inside a package");
        const char *e = judge_entry(a, entry, mode, problems);
        if (e) cJSON_ReplaceItemInObject(out, "entry", cJSON_CreateString(e));
    }
    cJSON_ReplaceItemInObject(out, "ok", cJSON_CreateBool(cJSON_GetArraySize(problems) == 0));
    return out;
}

static char *read_source(const check_flags *f, const char *work_dir, size_t max)
{
    if (f->code) return pw_strdup(f->code);
    pw_buf path = {0};
    if (f->file[0] == '/')
        pw_buf_appendf(&path, "%s", f->file);
    else
        pw_buf_appendf(&path, "%s/%s", work_dir, f->file);
    size_t len = 0;
    char *text = path.data ? pw_read_file(path.data, max, &len) : NULL;
    if (text && strlen(text) != len) {
        free(text);
        text = NULL;
        errno = 0; /* pw_req_unread_script: a NUL byte */
    }
    pw_buf_free(&path);
    return text;
}

static int print_and_free(cJSON *obj, int status)
{
    char *line = cJSON_PrintUnformatted(obj);
    bool written = pw_print_line(line ? line : "{\"ok\":false}");
    free(line);
    cJSON_Delete(obj);
    return written || status ? status : 1;
}

static int run_check(const check_flags *f)
{
    char cwd[PATH_MAX];
    const char *work_dir = f->work_dir ? f->work_dir : getcwd(cwd, sizeof cwd);
    const char *why = NULL;
    cJSON *spec = pw_policy_spec(f->policy, &why);
    if (why)
        return print_and_free(
            pw_result_fail_field("invalid_request", "policy", "--policy: %s", why), 2);
    pw_policy pol;
    cJSON *err =
        pw_policy_load(spec, work_dir ? pw_req_policy_base(f->work_dir, work_dir) : NULL, &pol);
    cJSON_Delete(spec);
    if (err) return print_and_free(err, 2);
#ifdef PW_TEST_SWITCHES
    pw_child_test_switches(&pol); /* the analysis's layers, as a run's */
#endif
    char *source = read_source(f, work_dir ? work_dir : ".", pol.max_input_bytes);
    if (!source) { /* as `run` answers the same mistake */
        cJSON *unread = pw_req_unread_script(f->file, errno, pol.max_input_bytes);
        pw_policy_free(&pol);
        return print_and_free(unread, 1);
    }
    cJSON *a = analyse_in_child(source, f->code ? "<code>" : f->file, f->entry ? f->entry : "main",
                                f->mode && strcmp(f->mode, "body") == 0, &pol);
    free(source);
    if (a && !pw_audit_set_startup_modules(cJSON_GetObjectItem(a, "startup_modules"))) {
        cJSON_Delete(a);
        a = NULL; /* out of memory: answered as an analysis that failed */
    }
    char *code_dir = work_dir ? pw_req_code_dir(work_dir, f->code ? "<code>" : f->file) : NULL;
    cJSON *out = a ? pw_check_report(a, &pol, f->entry, f->mode, code_dir) : NULL;
    free(code_dir);
    if (!a) {
        out = cJSON_CreateObject();
        cJSON_AddBoolToObject(out, "ok", false);
        cJSON *problems = cJSON_AddArrayToObject(out, "problems");
        add_problem(problems, "internal", 0, "the embedded interpreter could not analyse the code");
    }
    cJSON_Delete(a);
    pw_policy_free(&pol);
    return print_and_free(out, cJSON_IsTrue(cJSON_GetObjectItem(out, "ok")) ? 0 : 1);
}

int pw_cmd_check(int argc, char **argv)
{
    static const struct option opts[] = {
        {"code", required_argument, 0, 'c'},   {"file", required_argument, 0, 'f'},
        {"policy", required_argument, 0, 'p'}, {"entry", required_argument, 0, 'e'},
        {"mode", required_argument, 0, 'm'},   {"work-dir", required_argument, 0, 'w'},
        {"help", no_argument, 0, 'h'},         {0, 0, 0, 0}};
    check_flags f = {0};
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        const char **slot[] = {['c'] = &f.code,  ['f'] = &f.file, ['p'] = &f.policy,
                               ['e'] = &f.entry, ['m'] = &f.mode, ['w'] = &f.work_dir};
        if (c == 'h') {
            fputs(check_usage, stdout);
            return 0;
        }
        if (c == '?' || c >= (int)(sizeof slot / sizeof *slot) || !slot[c])
            return pw_usage_error(check_usage, "unknown or incomplete option '%s'",
                                  argv[optind - 1]);
        *slot[c] = optarg;
    }
    if (optind < argc && !f.code && !f.file) f.file = argv[optind++];
    if (optind < argc) return pw_usage_error(check_usage, "unexpected argument '%s'", argv[optind]);
    if (!f.code == !f.file)
        return pw_usage_error(check_usage, "%s", "give exactly one of --code and --file");
    if (f.mode && strcmp(f.mode, "main") != 0 && strcmp(f.mode, "stdio") != 0 &&
        strcmp(f.mode, "body") != 0)
        return pw_usage_error(check_usage, "--mode takes main, body or stdio, not '%s'", f.mode);
    return run_check(&f);
}
