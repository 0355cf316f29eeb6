/* Policy defaults and loading. */
#include "policy.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <errno.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jsonconv.h"
#include "mounttable.h"
#include "paths.h"
#include "result.h"

static const char *const layer_names[PW_LAYER_COUNT] = {
    "audit", "fds", "rlimit", "noproc", "namespaces", "mounts", "landlock", "seccomp",
};

const char *pw_layer_name(pw_layer layer)
{
    return layer < PW_LAYER_COUNT ? layer_names[layer] : "?";
}

pw_layer pw_layer_from_name(const char *name)
{
    for (int i = 0; i < PW_LAYER_COUNT; i++)
        if (strcmp(name, layer_names[i]) == 0) return (pw_layer)i;
    return PW_LAYER_COUNT;
}

void pw_policy_init_defaults(pw_policy *p)
{
    memset(p, 0, sizeof *p);
    p->timeout_ms = 30000;
    p->max_output_bytes = 1u << 20;
    p->max_result_bytes = 16u << 20;
    p->max_input_bytes = 16u << 20;
    p->tmp_mb = 64;
    p->layers[PW_LAYER_FDS] = PW_NEED_REQUIRED;
}

void pw_policy_free(pw_policy *p)
{
    free(p->name);
    pw_strv_free(&p->blocked_modules);
    pw_strv_free(&p->unblocked_modules);
    pw_strv_free(&p->allowed_modules);
    pw_strv_free(&p->read_paths);
    pw_strv_free(&p->write_paths);
    pw_strv_free(&p->site_dirs);
    pw_strv_free(&p->preload);
    pw_strv_free(&p->env);
    memset(p, 0, sizeof *p);
}

bool pw_policy_copy(pw_policy *dst, const pw_policy *src)
{
    *dst = *src;
    dst->name = NULL;
    memset(&dst->blocked_modules, 0, sizeof dst->blocked_modules);
    memset(&dst->unblocked_modules, 0, sizeof dst->unblocked_modules);
    memset(&dst->allowed_modules, 0, sizeof dst->allowed_modules);
    memset(&dst->read_paths, 0, sizeof dst->read_paths);
    memset(&dst->write_paths, 0, sizeof dst->write_paths);
    memset(&dst->site_dirs, 0, sizeof dst->site_dirs);
    memset(&dst->preload, 0, sizeof dst->preload);
    memset(&dst->env, 0, sizeof dst->env);
    bool ok = (!src->name || (dst->name = pw_strdup(src->name))) &&
              pw_strv_copy(&dst->blocked_modules, &src->blocked_modules) &&
              pw_strv_copy(&dst->unblocked_modules, &src->unblocked_modules) &&
              pw_strv_copy(&dst->allowed_modules, &src->allowed_modules) &&
              pw_strv_copy(&dst->read_paths, &src->read_paths) &&
              pw_strv_copy(&dst->write_paths, &src->write_paths) &&
              pw_strv_copy(&dst->site_dirs, &src->site_dirs) &&
              pw_strv_copy(&dst->preload, &src->preload) && pw_strv_copy(&dst->env, &src->env);
    if (!ok) pw_policy_free(dst);
    return ok;
}

cJSON *pw_policy_spec(const char *arg, const char **why)
{
    *why = NULL;
    if (!arg) return NULL;
    if (arg[0] != '{') return cJSON_CreateString(arg);
    const char *e = "malformed JSON";
    /* checked as a policy file is: a request's inline policy arrives checked, argv does not */
    if (!pw_utf8_valid(arg, strlen(arg))) {
        *why = "not UTF-8";
        return NULL;
    }
    cJSON *obj = pw_json_parse_exact(arg, &e);
    if (cJSON_IsObject(obj)) return obj;
    cJSON_Delete(obj);
    *why = obj ? "the policy is not a JSON object" : e;
    return NULL;
}

static bool has_module(const char *dir, const char *top)
{
    pw_buf b = {0};
    pw_buf_appendf(&b, "%s/%s", dir, top);
    struct stat sb;
    bool found = b.data && stat(b.data, &sb) == 0 && S_ISDIR(sb.st_mode);
    size_t n = b.len;
    for (const char *ext = ".py\0.so\0"; !found && *ext; ext += strlen(ext) + 1) {
        b.len = n;
        found = pw_buf_appendf(&b, "%s", ext) && stat(b.data, &sb) == 0;
    }
    pw_buf_free(&b);
    if (found) return true;
    /* extension modules carry an ABI tag: top.cpython-311-x86_64-linux-gnu.so */
    DIR *d = opendir(dir);
    size_t len = strlen(top);
    for (struct dirent *e; d && !found && (e = readdir(d));)
        found = strncmp(e->d_name, top, len) == 0 && e->d_name[len] == '.' &&
                strcmp(e->d_name + strlen(e->d_name) - 3, ".so") == 0;
    if (d) closedir(d);
    return found;
}

/* Whether the policy lets a run read dir: only then may a hint tell what lies there. */
static bool reads(const pw_policy *p, const char *dir)
{
    for (size_t i = 0; i < p->read_paths.n; i++)
        if (pw_path_under(dir, p->read_paths.v[i])) return true;
    return false;
}

char *pw_policy_module_hint(const pw_policy *p, const char *module, const char *code_dir)
{
    char top[256];
    snprintf(top, sizeof top, "%.*s", (int)strcspn(module, "."), module);
    if (!pw_is_identifier(top)) return NULL; /* the name came from the run */
    /* python3 looks there first: the script's directory, or the cwd of `python3 -c` */
    if (code_dir && !pw_strv_contains(&p->site_dirs, code_dir) && reads(p, code_dir) &&
        has_module(code_dir, top)) {
        pw_buf hint = {0};
        pw_buf_appendf(&hint,
                       "; '%s' is next to the code, whose directory is not on sys.path here as "
                       "it is under python3 (cold and warm runs import the same modules): move "
                       "your modules to a directory of their own and list it in the policy's "
                       "\"site_dirs\"",
                       top);
        return pw_buf_take(&hint);
    }
    /* where a module the policy's sys.path lacks may be installed on the host */
    const char *host_site_dirs[] = {pw_site_dir(), "/usr/local/lib/python3/dist-packages"};
    for (size_t i = 0; i < sizeof host_site_dirs / sizeof *host_site_dirs; i++) {
        const char *dir = host_site_dirs[i];
        if (!*dir || (i == 0 && p->site_packages) || pw_strv_contains(&p->site_dirs, dir) ||
            !has_module(dir, top))
            continue;
        pw_buf hint = {0};
        pw_buf_appendf(&hint,
                       "; '%s' is installed on this host in %s, which policy '%s' does not put "
                       "on sys.path: %s",
                       top, dir, p->name ? p->name : "?",
                       i == 0 ? "set \"site_packages\": true (policy 'data' does) or list the "
                                "directory in \"site_dirs\""
                              : "list the directory in the policy's \"site_dirs\"");
        return pw_buf_take(&hint);
    }
    return NULL;
}

/* ---- loading ---- */

#define PW_MAX_EXTENDS 16
#define PW_MAX_POLICY_FILE (1u << 20)
/* Bounds on what a policy holds (README, "Policy reference"), each checked in one pass
 * before anything is built from it. */
#define PW_MAX_POLICY_ENTRIES 1024 /* items of each list and keys of env, merged along extends */
#define PW_MAX_POLICY_STRING 4096  /* a module name, a path, an env name */
#define PW_MAX_ENV_VALUE (64 << 10)
#define PW_MIN_MEMORY_MB 16 /* see get_memory_mb */

/* A policy file as a load found it: what tells a later load that it is the same. */
typedef struct {
    char *path; /* as the load named it, before symlinks are resolved */
    struct stat st;
} file_id;

typedef struct {
    file_id v[PW_MAX_EXTENDS];
    int n;
    bool full; /* more files than v holds: not cacheable */
} file_ids;

typedef struct {
    const char *file; /* what the error messages name */
    const char *work_dir;
    char *chain[PW_MAX_EXTENDS]; /* canonical files being loaded: cycle detection */
    int depth;
    bool named;     /* the request named a policy file (not an inline object) */
    file_ids *seen; /* NULL, or where each file read is recorded (pw_policy_load_cached) */
} loader;

static cJSON *bad(const loader *ld, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static cJSON *bad(const loader *ld, const char *key, const char *fmt, ...)
{
    char msg[512], field[128];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(field, sizeof field, "policy%s%s", key ? "." : "", key ? key : "");
    cJSON *r = pw_result_fail_field("invalid_request", field, "policy %s: %s", ld->file, msg);
    pw_error_add_text(cJSON_GetObjectItem(r, "error"), "file", ld->file);
    return r;
}

bool pw_policy_is_name(const char *s)
{
    if (!*s) return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' || *s == '-'))
            return false;
    return true;
}

/* A name resolves in the policy directory; anything else is a path (relative to base_dir).
 * NULL for a name when there is no policy directory. */
static char *policy_path(const char *ref, const char *base_dir)
{
    pw_buf b = {0};
    const char *dir = pw_policy_dir();
    if (pw_policy_is_name(ref) && !dir) return NULL;
    if (pw_policy_is_name(ref))
        pw_buf_appendf(&b, "%s/%s.json", dir, ref);
    else if (ref[0] == '/' || !base_dir)
        pw_buf_appendf(&b, "%s", ref);
    else
        pw_buf_appendf(&b, "%s/%s", base_dir, ref);
    return pw_buf_take(&b);
}

static cJSON *load_object(loader *ld, const cJSON *obj, pw_policy *out);

static const char unreadable[] = "unreadable";

cJSON *pw_policy_read_json(const char *path, const char **why)
{
    /* Any reason the text could not be read is said as it is: the host out of fds (ulimit
     * -n) or an I/O error is no fault of the file's JSON. */
    static _Thread_local char cannot[96];
    size_t len;
    char *text = pw_read_file(path, PW_MAX_POLICY_FILE, &len);
    if (!text) {
        snprintf(cannot, sizeof cannot, "cannot read it: %s",
                 errno == EINVAL  ? "not a regular file"
                 : errno == EFBIG ? "larger than 1 MiB, the bound for a policy file"
                                  : strerror(errno));
        *why = cannot;
        return NULL;
    }
    *why = unreadable;
    cJSON *obj = pw_utf8_valid(text, len) ? pw_json_parse_exact(text, why) : NULL;
    free(text);
    return obj;
}

/* Stat before the file is read: a change after this is seen by the next lookup. */
static void record_file(loader *ld, const char *path)
{
    file_ids *s = ld->seen;
    if (!s || !path) return;
    if (s->n == PW_MAX_EXTENDS) {
        s->full = true;
        return;
    }
    file_id *f = &s->v[s->n];
    if (stat(path, &f->st) != 0) return; /* the load fails: nothing is cached */
    f->path = pw_strdup(path);
    s->n++;
}

static cJSON *load_file(loader *ld, const char *ref, const char *base_dir, pw_policy *out)
{
    char *path = policy_path(ref, base_dir);
    record_file(ld, path);
    char *real = path ? realpath(path, NULL) : NULL;
    const char *outer = ld->file;
    cJSON *err = NULL;
    if (!real) {
        /* A file there that this uid may not reach (a policy directory of mode 0700 owned by
         * another user) is not a missing one */
        bool absent = !path || errno == ENOENT || errno == ENOTDIR;
        const char *why = strerror(errno);
        pw_buf tried = {0};
        pw_policy_dirs_describe(&tried);
        err = !absent ? bad(ld, "extends", "cannot read policy file '%s': %s", path, why)
              : pw_policy_is_name(ref)
                  ? bad(ld, "extends", "no policy named '%s' (policy directories tried: %s)", ref,
                        tried.data ? tried.data : "?")
                  : bad(ld, "extends", "cannot open policy file '%s'", path);
        pw_buf_free(&tried);
        if (ld->depth == 0 && ld->named)
            cJSON_ReplaceItemInObject(cJSON_GetObjectItem(err, "error"), "field",
                                      cJSON_CreateString("policy"));
        free(path);
        return err;
    }
    free(path);
    for (int i = 0; i < ld->depth; i++)
        if (strcmp(ld->chain[i], real) == 0)
            err = bad(ld, "extends", "'extends' cycle through %s", real);
    if (!err && ld->depth == PW_MAX_EXTENDS)
        err = bad(ld, "extends", "%s", "'extends' chain too long");
    ld->file = real;
    const char *why = NULL;
    cJSON *obj = err ? NULL : pw_policy_read_json(real, &why);
    if (!err && !obj)
        err = why == unreadable || strncmp(why, "cannot read", 11) != 0
                  ? bad(ld, NULL, "not valid JSON (%s)", why)
                  : bad(ld, NULL, "%s", why);
    if (!err) {
        ld->chain[ld->depth++] = real;
        err = load_object(ld, obj, out);
        ld->depth--;
    }
    if (!err && ld->depth == 0) { /* messages name the policy asked for, not its parents */
        free(out->name);
        out->name = pw_strdup(ref);
    }
    cJSON_Delete(obj);
    free(real);
    ld->file = outer;
    return err;
}

static cJSON *too_many(const loader *ld, const char *key)
{
    return bad(ld, key, "'%s' has more than %d entries (with what it extends)", key,
               PW_MAX_POLICY_ENTRIES);
}

/* Duplicates are dropped once the whole policy is loaded (dedup_lists). */
static cJSON *get_strings(const loader *ld, const cJSON *v, const char *key, pw_strv *dst)
{
    if (!cJSON_IsArray(v)) return bad(ld, key, "'%s' must be an array of strings", key);
    if (cJSON_GetArraySize(v) > PW_MAX_POLICY_ENTRIES) return too_many(ld, key);
    for (const cJSON *c = v->child; c; c = c->next) {
        if (!cJSON_IsString(c) || !*c->valuestring)
            return bad(ld, key, "'%s' must hold non-empty strings only", key);
        if (strlen(c->valuestring) >= PW_MAX_POLICY_STRING)
            return bad(ld, key, "an entry of '%s' is %d bytes or longer", key,
                       PW_MAX_POLICY_STRING);
        pw_strv_push(dst, c->valuestring);
    }
    return NULL;
}

/* Relative entries resolve against the work directory, through no symlink; existing paths
 * are canonicalised so a symlink cannot later widen what they mean. */
static cJSON *get_paths(const loader *ld, const cJSON *v, const char *key, pw_strv *dst)
{
    pw_strv raw = {0};
    cJSON *err = get_strings(ld, v, key, &raw);
    for (size_t i = 0; !err && i < raw.n; i++) {
        pw_buf abs = {0};
        if (raw.v[i][0] == '/')
            pw_buf_appendf(&abs, "%s", raw.v[i]);
        else if (ld->work_dir && !ld->work_dir[0])
            continue; /* no work directory: a relative entry grants nothing */
        else
            pw_buf_appendf(&abs, "%s/%s", ld->work_dir ? ld->work_dir : ".", raw.v[i]);
        /* Beneath the work directory, where runs may write, no symlink is followed: a run
         * could have left one pointing anywhere for the next run's grants. */
        bool relative = raw.v[i][0] != '/';
        char *real = !abs.data  ? NULL
                     : relative ? pw_realpath_no_links(abs.data)
                                : realpath(abs.data, NULL);
        if (!real && relative && errno == ELOOP)
            err = bad(ld, key,
                      "'%s' passes through a symbolic link beneath the work directory; "
                      "relative paths follow none (a run may have left it)",
                      raw.v[i]);
        const char *use = err ? NULL : real ? real : abs.data;
        if (use) pw_strv_push(dst, use);
        free(real);
        pw_buf_free(&abs);
    }
    pw_strv_free(&raw);
    return err;
}

/* The blocked entry that covers module name (itself or a parent package), or NULL. */
static const char *blocked_by(const pw_strv *blocked, const char *name)
{
    for (size_t i = 0; i < blocked->n; i++) {
        size_t n = strlen(blocked->v[i]);
        if (strncmp(name, blocked->v[i], n) == 0 && (name[n] == '\0' || name[n] == '.'))
            return blocked->v[i];
    }
    return NULL;
}

/* Takes names out of the inherited blocked_modules. Applied before this policy's own
 * blocked_modules (load_object), so a policy cannot both block and unblock one name. */
static cJSON *get_unblocked(const loader *ld, const cJSON *v, const cJSON *obj, pw_policy *out)
{
    const char *k = "unblocked_modules";
    pw_strv names = {0}, own = {0};
    cJSON *err = get_strings(ld, v, k, &names);
    const cJSON *own_json = cJSON_GetObjectItemCaseSensitive(obj, "blocked_modules");
    if (!err && own_json) err = get_strings(ld, own_json, "blocked_modules", &own);
    for (size_t i = 0; !err && i < names.n; i++) {
        const char *name = names.v[i];
        pw_strv_remove(&out->blocked_modules, name);
        const char *parent = blocked_by(&out->blocked_modules, name);
        if (!pw_is_module_name(name))
            err = bad(ld, k, "'%s' is not a module name", name);
        else if (pw_strv_contains(&own, name))
            err = bad(ld, k, "'%s' is in both blocked_modules and unblocked_modules", name);
        else if (parent)
            err = bad(ld, k, "'%s' stays blocked through '%s': unblock '%s' instead", name, parent,
                      parent);
        else if (!pw_strv_contains(&out->unblocked_modules, name))
            pw_strv_push(&out->unblocked_modules, name);
    }
    pw_strv_free(&names);
    pw_strv_free(&own);
    return err;
}

/* A list of its own replaces the inherited one, as allowed_modules does. */
static cJSON *get_preload(const loader *ld, const cJSON *v, pw_strv *dst)
{
    pw_strv_free(dst);
    cJSON *err = get_strings(ld, v, "preload", dst);
    for (size_t i = 0; !err && i < dst->n; i++)
        if (!pw_is_module_name(dst->v[i]))
            err = bad(ld, "preload", "'%s' is not a module name", dst->v[i]);
    return err;
}

/* Site directories must exist (a typo would only show as a missing module later); they are
 * read roots too, so Landlock and the filesystem view grant them like read_paths. */
static cJSON *get_site_dirs(const loader *ld, const cJSON *v, pw_policy *out)
{
    pw_strv dirs = {0};
    cJSON *err = get_paths(ld, v, "site_dirs", &dirs);
    for (size_t i = 0; !err && i < dirs.n; i++) {
        struct stat sb;
        int found = stat(dirs.v[i], &sb);
        if (found != 0 || !S_ISDIR(sb.st_mode)) {
            err = bad(ld, "site_dirs", "site directory '%s': %s", dirs.v[i],
                      found != 0 ? strerror(errno) : "not a directory");
            break;
        }
        if (!pw_strv_contains(&out->site_dirs, dirs.v[i])) pw_strv_push(&out->site_dirs, dirs.v[i]);
        if (!pw_strv_contains(&out->read_paths, dirs.v[i]))
            pw_strv_push(&out->read_paths, dirs.v[i]);
    }
    pw_strv_free(&dirs);
    return err;
}

static cJSON *get_long(const loader *ld, const cJSON *v, const char *key, long min, long max,
                       long *dst)
{
    long long x;
    if (!pw_json_get_int(v, min, max, &x))
        return bad(ld, key, "'%s' must be an integer from %ld to %ld", key, min, max);
    *dst = (long)x;
    return NULL;
}

/* Below PW_MIN_MEMORY_MB a cold interpreter cannot even start (CPython aborts: "Fatal Python
 * error: _PyErr_NoMemory") while a warm one, started outside the limit, fails its first
 * allocation: refused here, alike cold and warm. */
static cJSON *get_memory_mb(const loader *ld, const cJSON *v, long *dst)
{
    cJSON *err = get_long(ld, v, "memory_mb", 0, 1L << 22, dst);
    if (!err && *dst > 0 && *dst < PW_MIN_MEMORY_MB)
        err = bad(ld, "memory_mb",
                  "'memory_mb' %ld is below %d, the least the interpreter starts and imports in "
                  "(0: no limit)",
                  *dst, PW_MIN_MEMORY_MB);
    return err;
}

static cJSON *get_size(const loader *ld, const cJSON *v, const char *key, size_t *dst)
{
    long x = 0;
    cJSON *err = get_long(ld, v, key, 1, 1L << 40, &x);
    if (!err) *dst = (size_t)x;
    return err;
}

static cJSON *get_bool(const loader *ld, const cJSON *v, const char *key, bool *dst)
{
    if (!cJSON_IsBool(v)) return bad(ld, key, "'%s' must be true or false", key);
    *dst = cJSON_IsTrue(v);
    return NULL;
}

static cJSON *get_env(const loader *ld, const cJSON *v, pw_strv *dst)
{
    if (!cJSON_IsObject(v)) return bad(ld, "env", "%s", "'env' must be an object of strings");
    if (cJSON_GetArraySize(v) > PW_MAX_POLICY_ENTRIES) return too_many(ld, "env");
    for (const cJSON *c = v->child; c; c = c->next) {
        if (!cJSON_IsString(c) || !*c->string || strchr(c->string, '='))
            return bad(ld, "env", "env entry '%.64s' must be a string with a name without '='",
                       c->string);
        if (strlen(c->string) >= PW_MAX_POLICY_STRING || strlen(c->valuestring) > PW_MAX_ENV_VALUE)
            return bad(ld, "env",
                       "env entry '%.64s' is over the bound (name < %d bytes, value "
                       "<= %d bytes)",
                       c->string, PW_MAX_POLICY_STRING, PW_MAX_ENV_VALUE);
        pw_buf kv = {0}; /* a child policy's value comes later and wins (dedup_lists) */
        pw_buf_appendf(&kv, "%s=%s", c->string, c->valuestring);
        pw_strv_push(dst, kv.data);
        pw_buf_free(&kv);
    }
    return NULL;
}

static cJSON *get_layers(const loader *ld, const cJSON *v, pw_need *layers)
{
    if (!cJSON_IsObject(v)) return bad(ld, "layers", "%s", "'layers' must be an object");
    for (const cJSON *c = v->child; c; c = c->next) {
        pw_layer id = pw_layer_from_name(c->string);
        if (id == PW_LAYER_COUNT)
            return bad(ld, "layers",
                       "unknown layer '%s' (audit, fds, rlimit, noproc, namespaces, "
                       "mounts, landlock, seccomp)",
                       c->string);
        const char *s = cJSON_GetStringValue(c);
        if (s && strcmp(s, "required") == 0)
            layers[id] = PW_NEED_REQUIRED;
        else if (s && strcmp(s, "best_effort") == 0)
            layers[id] = PW_NEED_BEST_EFFORT;
        else if (s && strcmp(s, "off") == 0)
            layers[id] = PW_NEED_OFF;
        else
            return bad(ld, "layers", "layer '%s' must be \"required\", \"best_effort\" or \"off\"",
                       c->string);
    }
    return NULL;
}

static cJSON *get_on_violation(const loader *ld, const cJSON *v, bool *kill)
{
    const char *s = cJSON_GetStringValue(v);
    if (!s || (strcmp(s, "raise") != 0 && strcmp(s, "kill") != 0))
        return bad(ld, "on_violation", "%s", "'on_violation' must be \"raise\" or \"kill\"");
    *kill = strcmp(s, "kill") == 0;
    return NULL;
}

/* "strict" or "lenient": a policy's default; a request may choose either (request.c). */
bool pw_result_encoding(const char *s, bool *lenient)
{
    if (!s || (strcmp(s, "strict") != 0 && strcmp(s, "lenient") != 0)) return false;
    *lenient = strcmp(s, "lenient") == 0;
    return true;
}

/* One key of a policy object onto out (which already holds what it extends). */
static cJSON *load_key(loader *ld, const cJSON *v, pw_policy *out)
{
    const char *k = v->string;
    if (!strcmp(k, "extends") || !strcmp(k, "description")) {
        if (!cJSON_IsString(v)) return bad(ld, k, "'%s' must be a string", k);
        return NULL;
    }
    if (!strcmp(k, "blocked_modules")) return get_strings(ld, v, k, &out->blocked_modules);
    if (!strcmp(k, "unblocked_modules")) return NULL; /* load_object applied it first */
    if (!strcmp(k, "allowed_modules")) {
        pw_strv_free(&out->allowed_modules); /* an allow-list replaces the inherited one */
        out->has_allowed_modules = true;
        return get_strings(ld, v, k, &out->allowed_modules);
    }
    if (!strcmp(k, "read_paths")) return get_paths(ld, v, k, &out->read_paths);
    if (!strcmp(k, "write_paths")) return get_paths(ld, v, k, &out->write_paths);
    if (!strcmp(k, "site_dirs")) return get_site_dirs(ld, v, out);
    if (!strcmp(k, "preload")) return get_preload(ld, v, &out->preload);
    if (!strcmp(k, "allow_network")) return get_bool(ld, v, k, &out->allow_network);
    if (!strcmp(k, "site_packages")) return get_bool(ld, v, k, &out->site_packages);
    if (!strcmp(k, "request_may_loosen")) return get_bool(ld, v, k, &out->request_may_loosen);
    if (!strcmp(k, "timeout_ms")) return get_long(ld, v, k, 1, 24L * 3600 * 1000, &out->timeout_ms);
    if (!strcmp(k, "memory_mb")) return get_memory_mb(ld, v, &out->memory_mb);
    if (!strcmp(k, "cpu_s")) return get_long(ld, v, k, 0, 24L * 3600, &out->cpu_s);
    if (!strcmp(k, "max_processes")) return get_long(ld, v, k, 0, 1L << 16, &out->max_processes);
    if (!strcmp(k, "max_open_files")) return get_long(ld, v, k, 0, 1L << 20, &out->max_open_files);
    if (!strcmp(k, "max_file_mb")) return get_long(ld, v, k, 0, 1L << 22, &out->max_file_mb);
    if (!strcmp(k, "max_file_bytes")) return get_long(ld, v, k, 0, 1L << 42, &out->max_file_bytes);
    if (!strcmp(k, "tmp_mb")) return get_long(ld, v, k, 0, 1L << 20, &out->tmp_mb);
    if (!strcmp(k, "max_output_bytes")) return get_size(ld, v, k, &out->max_output_bytes);
    if (!strcmp(k, "max_result_bytes")) return get_size(ld, v, k, &out->max_result_bytes);
    if (!strcmp(k, "max_input_bytes")) return get_size(ld, v, k, &out->max_input_bytes);
    if (!strcmp(k, "env")) return get_env(ld, v, &out->env);
    if (!strcmp(k, "on_violation")) return get_on_violation(ld, v, &out->on_violation_kill);
    if (!strcmp(k, "layers")) return get_layers(ld, v, out->layers);
    if (!strcmp(k, "result_encoding"))
        return pw_result_encoding(cJSON_GetStringValue(v), &out->lenient_results)
                   ? NULL
                   : bad(ld, k, "%s", "'result_encoding' must be \"strict\" or \"lenient\"");
    return bad(ld, k, "unknown key '%s' (see README, \"Policy reference\")", k);
}

static cJSON *load_object(loader *ld, const cJSON *obj, pw_policy *out)
{
    if (!cJSON_IsObject(obj)) return bad(ld, NULL, "%s", "a policy must be a JSON object");
    const char *repeated = pw_json_repeated_key(obj);
    if (repeated) return bad(ld, repeated, "key '%s' appears more than once", repeated);
    const cJSON *ext = cJSON_GetObjectItemCaseSensitive(obj, "extends");
    if (cJSON_IsString(ext)) {
        /* A file's extends is relative to that file; an inline one to the caller's cwd. */
        char *dir = ld->depth ? pw_strdup(ld->chain[ld->depth - 1]) : NULL;
        char *slash = dir ? strrchr(dir, '/') : NULL;
        if (slash) *slash = '\0';
        cJSON *err = load_file(ld, ext->valuestring, dir, out);
        free(dir);
        if (err) return err;
    }
    const cJSON *unblocked = cJSON_GetObjectItemCaseSensitive(obj, "unblocked_modules");
    if (unblocked) {
        cJSON *err = get_unblocked(ld, unblocked, obj, out);
        if (err) return err;
    }
    for (const cJSON *c = obj->child; c; c = c->next) {
        cJSON *err = load_key(ld, c, out);
        if (err) return err;
    }
    return NULL;
}

/* Drops repeated entries (for env, every value but the last of a name) in O(n log n), then
 * holds the merged lists to their bound. */
static cJSON *dedup_lists(const loader *ld, pw_policy *p)
{
    struct {
        pw_strv *v;
        const char *key;
        char stop;
    } lists[] = {{&p->blocked_modules, "blocked_modules", 0},
                 {&p->allowed_modules, "allowed_modules", 0},
                 {&p->preload, "preload", 0},
                 {&p->read_paths, "read_paths", 0},
                 {&p->write_paths, "write_paths", 0},
                 {&p->env, "env", '='}};
    for (size_t i = 0; i < sizeof lists / sizeof *lists; i++) {
        if (!pw_strv_dedup(lists[i].v, lists[i].stop))
            return pw_result_fail("internal", "out of memory");
        if (lists[i].v->n > PW_MAX_POLICY_ENTRIES) return too_many(ld, lists[i].key);
    }
    return NULL;
}

/* Code in a site directory counts as library code: one the run can write would let user
 * code pass for it. Checked on the merged policy, whichever file added what. */
static cJSON *check_site_dirs(const loader *ld, const pw_policy *p)
{
    for (size_t i = 0; i < p->site_dirs.n; i++)
        for (size_t j = 0; j < p->write_paths.n; j++) {
            const char *s = p->site_dirs.v[i], *w = p->write_paths.v[j];
            size_t ns = strlen(s), nw = strlen(w);
            bool overlap = (strncmp(s, w, nw) == 0 && (s[nw] == '/' || !s[nw] || nw == 1)) ||
                           (strncmp(w, s, ns) == 0 && (w[ns] == '/' || !w[ns]));
            if (overlap)
                return bad(ld, "site_dirs", "site directory '%s' overlaps write path '%s'", s, w);
        }
    return NULL;
}

static cJSON *load_with(const cJSON *spec, const char *work_dir, file_ids *seen, pw_policy *out)
{
    pw_policy_init_defaults(out);
    loader ld = {
        .file = "<inline>", .work_dir = work_dir, .named = !cJSON_IsObject(spec), .seen = seen};
    cJSON *err;
    if (!spec || cJSON_IsNull(spec)) {
        ld.file = "default";
        err = load_file(&ld, "default", NULL, out);
    } else if (cJSON_IsString(spec)) {
        ld.file = spec->valuestring;
        err = load_file(&ld, spec->valuestring, NULL, out);
    } else if (cJSON_IsObject(spec)) {
        err = load_object(&ld, spec, out);
        if (!err) {
            free(out->name);
            out->name = pw_strdup("<inline>");
        }
    } else {
        err = pw_result_fail_field("invalid_request", "policy",
                                   "'policy' must be a name, a path or an object");
    }
    if (!err) err = dedup_lists(&ld, out);
    if (!err) err = check_site_dirs(&ld, out);
    if (err) pw_policy_free(out);
    return err;
}

bool pw_policy_loads(const cJSON *spec, const char *prefix, pw_buf *why)
{
    pw_policy p;
    cJSON *err = pw_policy_load(spec, NULL, &p);
    if (!err) return pw_policy_free(&p), true;
    const cJSON *msg = cJSON_GetObjectItem(cJSON_GetObjectItem(err, "error"), "message");
    pw_buf_appendf(why, "%s%s", prefix, msg ? cJSON_GetStringValue(msg) : "?");
    cJSON_Delete(err);
    return false;
}

cJSON *pw_policy_load(const cJSON *spec, const char *work_dir, pw_policy *out)
{
    return load_with(spec, work_dir, NULL, out);
}

/* ---- the cache ---- */

#define PW_POLICY_CACHE_SIZE 32

typedef struct {
    char *ref;      /* the spec's string, "" for the default policy */
    char *work_dir; /* what relative read and write paths resolved against */
    char *dir;      /* pw_policy_dir() at load: where names resolved */
    file_ids files;
    pw_policy policy;
} cache_entry;

struct pw_policy_cache {
    pthread_mutex_t mu;
    cache_entry e[PW_POLICY_CACHE_SIZE];
    int n, next;            /* next: the entry replaced when full (oldest first) */
    pw_mount_table *mounts; /* the other host fact requests are judged against */
};

pw_policy_cache *pw_policy_cache_new(void)
{
    pw_policy_cache *c = calloc(1, sizeof *c);
    if (c) pthread_mutex_init(&c->mu, NULL);
    if (c && !(c->mounts = pw_mount_table_new())) {
        pw_policy_cache_free(c);
        c = NULL;
    }
    return c;
}

pw_mount_table *pw_policy_cache_mounts(pw_policy_cache *c)
{
    return c ? c->mounts : NULL;
}

static void ids_free(file_ids *s)
{
    for (int i = 0; i < s->n; i++)
        free(s->v[i].path);
    memset(s, 0, sizeof *s);
}

static void entry_free(cache_entry *e)
{
    free(e->ref);
    free(e->work_dir);
    free(e->dir);
    ids_free(&e->files);
    pw_policy_free(&e->policy);
}

void pw_policy_cache_free(pw_policy_cache *c)
{
    if (!c) return;
    pw_mount_table_free(c->mounts);
    for (int i = 0; i < c->n; i++)
        entry_free(&c->e[i]);
    pthread_mutex_destroy(&c->mu);
    free(c);
}

static bool same_time(struct timespec a, struct timespec b)
{
    return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
}

/* The file at path is still the one recorded: same inode, size, mtime and ctime (a rewrite
 * in place, a rename over it, a retargeted symlink each change one of them). */
static bool unchanged(const file_id *f)
{
    struct stat st;
    return stat(f->path, &st) == 0 && st.st_dev == f->st.st_dev && st.st_ino == f->st.st_ino &&
           st.st_size == f->st.st_size && same_time(st.st_mtim, f->st.st_mtim) &&
           same_time(st.st_ctim, f->st.st_ctim);
}

/* Changed within the last two seconds: a write in the same timestamp tick as the load
 * would go unseen, so such a load is not kept. */
static bool recent(const file_ids *s)
{
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    for (int i = 0; i < s->n; i++)
        if (s->v[i].st.st_mtim.tv_sec >= now.tv_sec - 2 ||
            s->v[i].st.st_ctim.tv_sec >= now.tv_sec - 2)
            return true;
    return false;
}

static bool same_str(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static const cache_entry *lookup_locked(const pw_policy_cache *c, const char *ref,
                                        const char *work_dir)
{
    for (int i = 0; i < c->n; i++) {
        const cache_entry *e = &c->e[i];
        if (strcmp(e->ref, ref) != 0 || !same_str(e->work_dir, work_dir) ||
            !same_str(e->dir, pw_policy_dir()))
            continue;
        for (int j = 0; j < e->files.n; j++)
            if (!unchanged(&e->files.v[j])) return NULL;
        return e;
    }
    return NULL;
}

static void insert_locked(pw_policy_cache *c, const char *ref, const char *work_dir,
                          file_ids *files, const pw_policy *p)
{
    int i = 0;
    while (i < c->n && (strcmp(c->e[i].ref, ref) != 0 || !same_str(c->e[i].work_dir, work_dir)))
        i++;
    if (i == PW_POLICY_CACHE_SIZE) i = c->next++ % PW_POLICY_CACHE_SIZE; /* replace the oldest */
    if (i == c->n) c->n++;
    cache_entry *e = &c->e[i];
    entry_free(e);
    const char *dir = pw_policy_dir();
    *e = (cache_entry){.ref = pw_strdup(ref),
                       .work_dir = work_dir ? pw_strdup(work_dir) : NULL,
                       .dir = dir ? pw_strdup(dir) : NULL,
                       .files = *files};
    memset(files, 0, sizeof *files);
    if (!pw_policy_copy(&e->policy, p)) { /* out of memory: drop it, keep the entries dense */
        entry_free(e);
        *e = c->e[--c->n];
        memset(&c->e[c->n], 0, sizeof c->e[c->n]);
    }
}

cJSON *pw_policy_load_cached(pw_policy_cache *c, const cJSON *spec, const char *work_dir,
                             pw_policy *out)
{
    /* Inline objects are not kept: their text would have to be compared each time. */
    if (!c || (spec && !cJSON_IsNull(spec) && !cJSON_IsString(spec)))
        return pw_policy_load(spec, work_dir, out);
    const char *ref = cJSON_IsString(spec) ? spec->valuestring : "";
    pthread_mutex_lock(&c->mu);
    const cache_entry *e = lookup_locked(c, ref, work_dir);
    bool hit = e && pw_policy_copy(out, &e->policy);
    pthread_mutex_unlock(&c->mu);
    if (hit) return NULL;
    file_ids files = {0};
    cJSON *err = load_with(spec, work_dir, &files, out);
    if (!err && !files.full && !recent(&files)) {
        pthread_mutex_lock(&c->mu);
        insert_locked(c, ref, work_dir, &files, out);
        pthread_mutex_unlock(&c->mu);
    }
    ids_free(&files);
    return err;
}
