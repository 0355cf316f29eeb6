/* The policy ceiling: which policies a server's requests may pick, and the field-by-field
 * comparison that proves an inline policy only tightens the allowed policy it extends. The
 * comparison is on effective (merged) policies, not on the keys a request wrote, so a
 * policy key that loosens by any route is refused without a rule of its own. */
#include "ceiling.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "request.h"
#include "result.h"

static bool add_name(pw_ceiling *c, const char *name, pw_buf *why)
{
    if (!pw_policy_is_name(name)) {
        pw_buf_appendf(why,
                       "--allow-policies: '%s' is not a policy name ([a-z0-9_-]+; policy files "
                       "are allowed by --allow-inline-policies)",
                       name);
        return false;
    }
    cJSON *spec = cJSON_CreateString(name);
    bool loads = spec ? pw_policy_loads(spec, "--allow-policies: ", why)
                      : (pw_buf_appendf(why, "--allow-policies: no memory"), false);
    cJSON_Delete(spec);
    if (!loads) return false;
    return pw_strv_contains(&c->allowed, name) || pw_strv_push(&c->allowed, name);
}

bool pw_ceiling_init(pw_ceiling *c, const char *allow_list, bool allow_inline,
                     const char *own_policy, pw_buf *why)
{
    memset(c, 0, sizeof *c);
    if (!allow_list) return true;
    c->enabled = true;
    c->allow_inline = allow_inline;
    const char *own = own_policy ? own_policy : "default";
    if (pw_policy_is_name(own)) pw_strv_push(&c->allowed, own);
    char *list = pw_strdup(allow_list), *save = NULL;
    bool ok = list != NULL;
    for (char *n = ok ? strtok_r(list, ",", &save) : NULL; ok && n; n = strtok_r(NULL, ",", &save))
        ok = add_name(c, n, why);
    free(list);
    if (!ok) pw_ceiling_free(c);
    return ok;
}

void pw_ceiling_free(pw_ceiling *c)
{
    pw_strv_free(&c->allowed);
    memset(c, 0, sizeof *c);
}

bool pw_ceiling_allows_name(const pw_ceiling *c, const char *name)
{
    return !c->enabled || pw_strv_contains(&c->allowed, name);
}

/* ---- refusals ---- */

static void append_allowed(pw_buf *b, const pw_ceiling *c)
{
    for (size_t i = 0; i < c->allowed.n; i++)
        pw_buf_appendf(b, "%s%s", i ? ", " : "", c->allowed.v[i]);
}

/* via: NULL, or how the request reached the policy */
static cJSON *over_name(const pw_ceiling *c, const char *field, const char *name, const char *via)
{
    pw_buf list = {0};
    append_allowed(&list, c);
    cJSON *r = pw_result_fail_field(
        "invalid_request", field,
        "policy '%s'%s%s is over this server's policy ceiling (allowed: %s); the server must be "
        "started with --allow-policies %s (pool: pw_pool_options.allow_policies) to allow it",
        name, via ? ", " : "", via ? via : "",
        list.data ? list.data : "no policy by name: the server's own is inline", name);
    pw_buf_free(&list);
    return r;
}

static cJSON *over_inline(const cJSON *spec)
{
    pw_buf what = {0};
    if (cJSON_IsString(spec))
        pw_buf_appendf(&what, "policy file '%s'", spec->valuestring);
    else
        pw_buf_appendf(&what, "an inline policy");
    cJSON *r = pw_result_fail_field(
        "invalid_request", "policy",
        "%s is over this server's policy ceiling; the server must be started with "
        "--allow-inline-policies (pool: pw_pool_options.allow_inline_policies) to accept inline "
        "policies and policy files that extend an allowed policy and only tighten it",
        what.data ? what.data : "a policy");
    pw_buf_free(&what);
    return r;
}

static cJSON *must_extend(const pw_ceiling *c)
{
    pw_buf list = {0};
    append_allowed(&list, c);
    cJSON *r = pw_result_fail_field("invalid_request", "policy.extends",
                                    "under this server's policy ceiling an inline policy must "
                                    "extend an allowed policy (\"extends\": one of %s)",
                                    list.data ? list.data : "");
    pw_buf_free(&list);
    return r;
}

static cJSON *loosens(const char *key, const char *parent, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static cJSON *loosens(const char *key, const char *parent, const char *fmt, ...)
{
    char detail[512], field[64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    snprintf(field, sizeof field, "policy.%s", key);
    return pw_result_fail_field("invalid_request", field,
                                "the inline policy loosens '%s': %s: %s (under this server's "
                                "policy ceiling a request may only tighten an allowed policy)",
                                parent, key, detail);
}

/* ---- the comparison, one rule per pw_policy field ---- */

typedef enum {
    R_LABEL,       /* not a permission */
    R_WITH_PREV,   /* judged together with the rule before it */
    R_BLOCKED,     /* pw_strv of modules: the child blocks at least the parent's */
    R_ALLOW_LIST,  /* pw_strv of modules: within the parent's allow-list, if it has one */
    R_PRELOAD,     /* pw_strv of modules: each one the parent preloads */
    R_GRANT,       /* bool that gives more when true */
    R_RESTRICT,    /* bool that gives less when true */
    R_AT_MOST,     /* long: at most the parent's */
    R_LIMIT,       /* long, 0 = no limit: a limit, at most the parent's when it has one */
    R_SIZE,        /* size_t: at most the parent's */
    R_READ_ROOTS,  /* pw_strv: each under a root the parent may read */
    R_WRITE_ROOTS, /* pw_strv: each under a root the parent may write */
    R_ENV,         /* pw_strv KEY=VALUE: each entry also the parent's */
    R_LAYERS,      /* pw_need[]: each layer at least as strict */
    R_SITE_DIRS,   /* pw_strv: each one of the parent's site dirs or below one (library code) */
} rule_kind;

typedef struct {
    const char *field; /* in pw_policy */
    const char *key;   /* in the policy file, for messages */
    size_t off;
    rule_kind kind;
} rule;

#define RULE(f, T, key, kind)                                                                      \
    {                                                                                              \
#f, key, PW_POLICY_FIELD(f, T), kind                                                       \
    }

static const rule rules[] = {
    RULE(name, char *, "name", R_LABEL),
    RULE(blocked_modules, pw_strv, "blocked_modules", R_BLOCKED),
    /* what the chain unblocked is judged as the effective blocked_modules above */
    RULE(unblocked_modules, pw_strv, "unblocked_modules", R_WITH_PREV),
    RULE(allowed_modules, pw_strv, "allowed_modules", R_ALLOW_LIST),
    RULE(has_allowed_modules, bool, "allowed_modules", R_WITH_PREV),
    RULE(allow_network, bool, "allow_network", R_GRANT),
    RULE(read_paths, pw_strv, "read_paths", R_READ_ROOTS),
    RULE(write_paths, pw_strv, "write_paths", R_WRITE_ROOTS),
    RULE(site_packages, bool, "site_packages", R_GRANT),
    RULE(site_dirs, pw_strv, "site_dirs", R_SITE_DIRS),
    /* what a warm template imports ahead: code that runs before the kernel layers are in
     * force (no seccomp, Landlock, rlimits, namespaces), so a request may only drop some */
    RULE(preload, pw_strv, "preload", R_PRELOAD),
    RULE(timeout_ms, long, "timeout_ms", R_AT_MOST),
    RULE(memory_mb, long, "memory_mb", R_LIMIT),
    RULE(cpu_s, long, "cpu_s", R_LIMIT),
    RULE(max_processes, long, "max_processes", R_LIMIT),
    RULE(max_open_files, long, "max_open_files", R_LIMIT),
    RULE(max_file_mb, long, "max_file_mb", R_LIMIT),
    RULE(max_file_bytes, long, "max_file_bytes", R_LIMIT),
    RULE(tmp_mb, long, "tmp_mb", R_AT_MOST),
    RULE(max_output_bytes, size_t, "max_output_bytes", R_SIZE),
    RULE(max_result_bytes, size_t, "max_result_bytes", R_SIZE),
    RULE(max_input_bytes, size_t, "max_input_bytes", R_SIZE),
    RULE(env, pw_strv, "env", R_ENV),
    RULE(on_violation_kill, bool, "on_violation", R_RESTRICT),
    RULE(request_may_loosen, bool, "request_may_loosen", R_GRANT),
    /* how results are written, not what the code may do: a request may choose either */
    RULE(lenient_results, bool, "result_encoding", R_LABEL),
    RULE(layers, pw_need *, "layers", R_LAYERS),
};

const char *pw_ceiling_rule_field(size_t i)
{
    return i < sizeof rules / sizeof *rules ? rules[i].field : NULL;
}

#define AT(p, r, T) ((const T *)(const void *)((const char *)(p) + (r)->off))

/* mod is entry or a submodule of it. */
static bool module_under(const char *mod, const char *entry)
{
    size_t n = strlen(entry);
    return strncmp(mod, entry, n) == 0 && (mod[n] == '\0' || mod[n] == '.');
}

static bool module_covered(const char *mod, const pw_strv *entries)
{
    for (size_t i = 0; i < entries->n; i++)
        if (module_under(mod, entries->v[i])) return true;
    return false;
}

/* A "." or ".." component: a path the loader could not canonicalise (it does not exist),
 * whose place in the tree a prefix test cannot judge. */
static bool has_dot_component(const char *path)
{
    for (const char *s = path; (s = strstr(s, "/.")); s++)
        if (s[2] == '\0' || s[2] == '/' || (s[2] == '.' && (s[3] == '\0' || s[3] == '/')))
            return true;
    return false;
}

/* path is one of roots or below one (strictly: below one). */
static bool path_under(const char *path, const pw_strv *roots, bool strictly)
{
    if (path[0] != '/' || has_dot_component(path)) return false;
    for (size_t i = 0; i < roots->n; i++) {
        const char *root = roots->v[i];
        size_t n = strlen(root);
        bool below = strcmp(root, "/") == 0 ? path[1] != '\0'
                                            : strncmp(path, root, n) == 0 && path[n] == '/';
        if (below || (!strictly && strcmp(path, root) == 0)) return true;
    }
    return false;
}

static cJSON *check_modules(const rule *r, const pw_policy *c, const pw_policy *p)
{
    const pw_strv *cv = AT(c, r, pw_strv), *pv = AT(p, r, pw_strv);
    if (r->kind == R_BLOCKED) {
        for (size_t i = 0; i < pv->n; i++)
            if (!module_covered(pv->v[i], cv))
                return loosens(r->key, p->name, "module '%s' is no longer blocked", pv->v[i]);
        return NULL;
    }
    if (!p->has_allowed_modules) return NULL;
    if (!c->has_allowed_modules)
        return loosens(r->key, p->name, "%s",
                       "the parent allows only a list of modules; this "
                       "policy has no list");
    for (size_t i = 0; i < cv->n; i++)
        if (!module_covered(cv->v[i], pv))
            return loosens(r->key, p->name, "module '%s' is not in the parent's list", cv->v[i]);
    return NULL;
}

/* A root is the parent's own, or below a root the parent may read (write) but not below a
 * root it may write: every run re-opens its roots by name (Landlock), and a run of the
 * parent could have swapped a path below a writable root for a symlink. */
static cJSON *check_roots(const rule *r, const pw_policy *c, const pw_policy *p)
{
    const pw_strv *cv = AT(c, r, pw_strv);
    bool write = r->kind == R_WRITE_ROOTS;
    for (size_t i = 0; i < cv->n; i++) {
        const char *root = cv->v[i];
        if (pw_strv_contains(&p->write_paths, root) ||
            (!write && pw_strv_contains(&p->read_paths, root)))
            continue;
        if (path_under(root, &p->write_paths, true))
            return loosens(r->key, p->name,
                           "'%s' is below a root the parent may write, where a run can swap a "
                           "path for a symlink (name that root itself)",
                           root);
        if (write || !path_under(root, &p->read_paths, false))
            return loosens(r->key, p->name, "'%s' is not under a root the parent %s", root,
                           write ? "may write" : "may read");
    }
    return NULL;
}

static cJSON *check_number(const rule *r, const pw_policy *c, const pw_policy *p)
{
    long cl, pl;
    if (r->kind == R_SIZE) {
        size_t cs = *AT(c, r, size_t), ps = *AT(p, r, size_t);
        if (cs <= ps) return NULL;
        return loosens(r->key, p->name, "%zu is over the parent's %zu", cs, ps);
    }
    cl = *AT(c, r, long), pl = *AT(p, r, long);
    if (r->kind == R_LIMIT && pl == 0) return NULL;
    if (r->kind == R_LIMIT && cl == 0)
        return loosens(r->key, p->name, "0 (no limit) lifts the parent's %ld", pl);
    if (cl <= pl) return NULL;
    return loosens(r->key, p->name, "%ld is over the parent's %ld", cl, pl);
}

static const char *need_name(pw_need n)
{
    return n == PW_NEED_REQUIRED ? "required" : n == PW_NEED_BEST_EFFORT ? "best_effort" : "off";
}

static cJSON *check_rule(const rule *r, const pw_policy *c, const pw_policy *p)
{
    switch (r->kind) {
    case R_LABEL:
    case R_WITH_PREV:
        return NULL;
    case R_BLOCKED:
    case R_ALLOW_LIST:
        return check_modules(r, c, p);
    case R_GRANT:
    case R_RESTRICT: {
        bool cb = *AT(c, r, bool), pb = *AT(p, r, bool);
        bool looser = r->kind == R_GRANT ? cb && !pb : pb && !cb;
        return looser ? loosens(r->key, p->name, "%s where the parent has %s",
                                cb ? "true" : "false", pb ? "true" : "false")
                      : NULL;
    }
    case R_AT_MOST:
    case R_LIMIT:
    case R_SIZE:
        return check_number(r, c, p);
    case R_READ_ROOTS:
    case R_WRITE_ROOTS:
        return check_roots(r, c, p);
    case R_PRELOAD:
        for (size_t i = 0; i < c->preload.n; i++)
            if (!pw_strv_contains(&p->preload, c->preload.v[i]))
                return loosens(r->key, p->name,
                               "module '%s' is not in the parent's preload (a template imports "
                               "it before the kernel layers are in force)",
                               c->preload.v[i]);
        return NULL;
    case R_ENV:
        for (size_t i = 0; i < c->env.n; i++)
            if (!pw_strv_contains(&p->env, c->env.v[i]))
                return loosens(r->key, p->name, "'%s' is not in the parent's environment",
                               c->env.v[i]);
        return NULL;
    case R_SITE_DIRS:
        /* code in a site dir passes for a library with the audit hook */
        for (size_t i = 0; i < c->site_dirs.n; i++)
            if (!path_under(c->site_dirs.v[i], &p->site_dirs, false))
                return loosens(r->key, p->name, "'%s' is not one of the parent's site directories",
                               c->site_dirs.v[i]);
        return NULL;
    case R_LAYERS:
        for (int i = 0; i < PW_LAYER_COUNT; i++)
            if (c->layers[i] < p->layers[i]) {
                char key[64];
                snprintf(key, sizeof key, "layers.%s", pw_layer_name((pw_layer)i));
                return loosens(key, p->name, "\"%s\" is weaker than the parent's \"%s\"",
                               need_name(c->layers[i]), need_name(p->layers[i]));
            }
        return NULL;
    }
    return pw_result_fail("internal", "ceiling: no rule for %s", r->field);
}

cJSON *pw_ceiling_compare(const pw_policy *child, const pw_policy *parent)
{
    for (size_t i = 0; i < sizeof rules / sizeof *rules; i++) {
        cJSON *err = check_rule(&rules[i], child, parent);
        if (err) return err;
    }
    return NULL;
}

/* ---- admission ---- */

/* Loads the inline policy and the allowed policy it extends against the request's work
 * directory (relative roots resolve there) and compares them. */
static cJSON *check_tightens(const pw_ceiling *c, const cJSON *spec, const cJSON *work_dir)
{
    const cJSON *ext = cJSON_GetObjectItemCaseSensitive(spec, "extends");
    const char *parent = cJSON_GetStringValue(ext);
    if (!parent || !pw_policy_is_name(parent)) return must_extend(c);
    if (!pw_ceiling_allows_name(c, parent))
        return over_name(c, "policy.extends", parent, "which the inline policy extends,");
    if (work_dir && !cJSON_IsNull(work_dir) && !cJSON_IsString(work_dir))
        return pw_result_fail_field("invalid_request", "work_dir", "'work_dir' must be a string");
    char *wd = NULL;
    cJSON *err = pw_req_work_dir(cJSON_GetStringValue(work_dir), &wd);
    pw_policy child, base;
    const char *at = err ? NULL : pw_req_policy_base(cJSON_GetStringValue(work_dir), wd);
    if (!err) err = pw_policy_load(spec, at, &child);
    if (!err) {
        err = pw_policy_load(ext, at, &base);
        if (!err) {
            err = pw_ceiling_compare(&child, &base);
            pw_policy_free(&base);
        }
        pw_policy_free(&child);
    }
    free(wd);
    return err;
}

/* A policy file the request names, read once and put in the request as an inline object:
 * the file cannot change between the check and the run. NULL with *err on failure. */
static cJSON *inline_file(cJSON *request, const char *path, cJSON **err)
{
    const char *why = NULL;
    cJSON *obj = pw_policy_read_json(path, &why);
    if (!obj) {
        *err = pw_result_fail_field("invalid_request", "policy", "policy file '%s': %s", path, why);
        return NULL;
    }
    cJSON_ReplaceItemInObjectCaseSensitive(request, "policy", obj);
    return obj;
}

cJSON *pw_ceiling_check(const pw_ceiling *c, cJSON *request)
{
    cJSON *spec = cJSON_GetObjectItemCaseSensitive(request, "policy");
    if (!c->enabled || !spec || cJSON_IsNull(spec)) return NULL; /* the server's own policy */
    if (cJSON_IsString(spec) && pw_policy_is_name(spec->valuestring))
        return pw_ceiling_allows_name(c, spec->valuestring)
                   ? NULL
                   : over_name(c, "policy", spec->valuestring, NULL);
    if (!c->allow_inline) return over_inline(spec);
    cJSON *err = NULL;
    if (cJSON_IsString(spec) && !(spec = inline_file(request, spec->valuestring, &err))) return err;
    if (!cJSON_IsObject(spec))
        return pw_result_fail_field("invalid_request", "policy",
                                    "'policy' must be a name, a path or an object");
    return check_tightens(c, spec, cJSON_GetObjectItemCaseSensitive(request, "work_dir"));
}

cJSON *pw_ceiling_describe(const pw_ceiling *c)
{
    if (!c->enabled) return cJSON_CreateNull();
    cJSON *d = cJSON_CreateObject();
    cJSON *names = cJSON_AddArrayToObject(d, "allow_policies");
    for (size_t i = 0; i < c->allowed.n; i++)
        cJSON_AddItemToArray(names, cJSON_CreateString(c->allowed.v[i]));
    cJSON_AddBoolToObject(d, "allow_inline_policies", c->allow_inline);
    return d;
}
