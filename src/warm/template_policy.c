/* The template's policy text (template_policy.h): one table names every pw_policy field,
 * and both directions are driven by it. */
#include "template_policy.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "jsonconv.h"

typedef enum {
    K_STR,     /* char *, may be NULL */
    K_STRV,    /* pw_strv */
    K_BOOL,    /* bool */
    K_LONG,    /* long */
    K_SIZE,    /* size_t */
    K_LAYERS,  /* pw_need[PW_LAYER_COUNT] */
    K_PER_RUN, /* pw_strv each run brings: not in the text, empty in the template */
} kind;

typedef struct {
    const char *field;
    size_t off;
    kind kind;
} entry;

#define ENTRY(f, T, kind)                                                                          \
    {                                                                                              \
#f, PW_POLICY_FIELD(f, T), kind                                                            \
    }

static const entry entries[] = {
    ENTRY(name, char *, K_STR),
    ENTRY(blocked_modules, pw_strv, K_STRV),
    ENTRY(unblocked_modules, pw_strv, K_STRV),
    ENTRY(allowed_modules, pw_strv, K_STRV),
    ENTRY(has_allowed_modules, bool, K_BOOL),
    ENTRY(allow_network, bool, K_BOOL),
    ENTRY(read_paths, pw_strv, K_PER_RUN),
    ENTRY(write_paths, pw_strv, K_PER_RUN),
    ENTRY(site_packages, bool, K_BOOL),
    ENTRY(site_dirs, pw_strv, K_STRV),
    ENTRY(preload, pw_strv, K_STRV),
    ENTRY(timeout_ms, long, K_LONG),
    ENTRY(memory_mb, long, K_LONG),
    ENTRY(cpu_s, long, K_LONG),
    ENTRY(max_processes, long, K_LONG),
    ENTRY(max_open_files, long, K_LONG),
    ENTRY(max_file_mb, long, K_LONG),
    ENTRY(max_file_bytes, long, K_LONG),
    ENTRY(tmp_mb, long, K_LONG),
    ENTRY(max_output_bytes, size_t, K_SIZE),
    ENTRY(max_result_bytes, size_t, K_SIZE),
    ENTRY(max_input_bytes, size_t, K_SIZE),
    ENTRY(env, pw_strv, K_STRV),
    ENTRY(on_violation_kill, bool, K_BOOL),
    ENTRY(request_may_loosen, bool, K_BOOL),
    ENTRY(lenient_results, bool, K_BOOL),
    ENTRY(layers, pw_need *, K_LAYERS),
};

#define N_ENTRIES (sizeof entries / sizeof *entries)

const char *pw_template_policy_field(size_t i)
{
    return i < N_ENTRIES ? entries[i].field : NULL;
}

#define AT(p, e, T) ((T *)(void *)((char *)(p) + (e)->off))
#define CONST_AT(p, e, T) ((const T *)(const void *)((const char *)(p) + (e)->off))
_Static_assert(sizeof(size_t) >= sizeof(long long), "a size_t holds every size the text can");

static bool put_string(pw_buf *b, const char *s)
{
    return s ? pw_json_append_string(b, s, strlen(s)) : pw_buf_appendf(b, "null");
}

static bool put_value(pw_buf *b, const pw_policy *p, const entry *e)
{
    switch (e->kind) {
    case K_STR:
        return put_string(b, *CONST_AT(p, e, char *));
    case K_STRV: {
        const pw_strv *v = CONST_AT(p, e, pw_strv);
        bool ok = pw_buf_putc(b, '[');
        for (size_t i = 0; ok && i < v->n; i++)
            ok = (!i || pw_buf_putc(b, ',')) && put_string(b, v->v[i]);
        return ok && pw_buf_putc(b, ']');
    }
    case K_BOOL:
        return pw_buf_appendf(b, "%s", *CONST_AT(p, e, bool) ? "true" : "false");
    case K_LONG:
        return pw_buf_appendf(b, "%ld", *CONST_AT(p, e, long));
    case K_SIZE:
        return pw_buf_appendf(b, "%zu", *CONST_AT(p, e, size_t));
    case K_LAYERS: {
        bool ok = pw_buf_putc(b, '[');
        for (int i = 0; ok && i < PW_LAYER_COUNT; i++)
            ok = pw_buf_appendf(b, "%s%d", i ? "," : "", (int)p->layers[i]);
        return ok && pw_buf_putc(b, ']');
    }
    case K_PER_RUN:
        break;
    }
    return false;
}

char *pw_template_policy_text(const pw_policy *p)
{
    pw_buf b = {0};
    bool ok = pw_buf_putc(&b, '{');
    bool first = true;
    for (size_t i = 0; ok && i < N_ENTRIES; i++) {
        if (entries[i].kind == K_PER_RUN) continue;
        ok = pw_buf_appendf(&b, "%s\"%s\":", first ? "" : ",", entries[i].field) &&
             put_value(&b, p, &entries[i]);
        first = false;
    }
    if (ok && pw_buf_putc(&b, '}')) return pw_buf_take(&b);
    pw_buf_free(&b);
    return NULL;
}

static bool same_str(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static bool same_value(const pw_policy *a, const pw_policy *b, const entry *e)
{
    switch (e->kind) {
    case K_STR:
        return same_str(*CONST_AT(a, e, char *), *CONST_AT(b, e, char *));
    case K_STRV: {
        const pw_strv *x = CONST_AT(a, e, pw_strv), *y = CONST_AT(b, e, pw_strv);
        bool same = x->n == y->n;
        for (size_t i = 0; same && i < x->n; i++)
            same = strcmp(x->v[i], y->v[i]) == 0;
        return same;
    }
    case K_BOOL:
        return *CONST_AT(a, e, bool) == *CONST_AT(b, e, bool);
    case K_LONG:
        return *CONST_AT(a, e, long) == *CONST_AT(b, e, long);
    case K_SIZE:
        return *CONST_AT(a, e, size_t) == *CONST_AT(b, e, size_t);
    case K_LAYERS:
        return memcmp(a->layers, b->layers, sizeof a->layers) == 0;
    case K_PER_RUN:
        return true;
    }
    return false;
}

bool pw_template_policy_same(const pw_policy *a, const pw_policy *b)
{
    for (size_t i = 0; i < N_ENTRIES; i++)
        if (!same_value(a, b, &entries[i])) return false;
    return true;
}

static bool get_strv(const cJSON *v, pw_strv *out)
{
    bool ok = cJSON_IsArray(v);
    for (const cJSON *c = ok ? v->child : NULL; ok && c; c = c->next)
        ok = cJSON_IsString(c) && pw_strv_push(out, c->valuestring);
    return ok;
}

static bool get_value(const cJSON *v, pw_policy *p, const entry *e)
{
    long long x;
    switch (e->kind) {
    case K_STR:
        if (cJSON_IsNull(v)) return true;
        return cJSON_IsString(v) && (*AT(p, e, char *) = pw_strdup(v->valuestring));
    case K_STRV:
        return get_strv(v, AT(p, e, pw_strv));
    case K_BOOL:
        *AT(p, e, bool) = cJSON_IsTrue(v);
        return cJSON_IsBool(v);
    case K_LONG:
        if (!pw_json_get_int(v, LONG_MIN, LONG_MAX, &x)) return false;
        *AT(p, e, long) = (long)x;
        return true;
    case K_SIZE:
        if (!pw_json_get_int(v, 0, LLONG_MAX, &x)) return false;
        *AT(p, e, size_t) = (size_t)x;
        return true;
    case K_LAYERS: {
        const cJSON *c = cJSON_IsArray(v) ? v->child : NULL;
        for (int i = 0; i < PW_LAYER_COUNT; i++, c = c->next) {
            if (!c || !pw_json_get_int(c, PW_NEED_OFF, PW_NEED_REQUIRED, &x)) return false;
            p->layers[i] = (pw_need)x;
        }
        return c == NULL;
    }
    case K_PER_RUN:
        break;
    }
    return false;
}

bool pw_template_policy_parse(const char *text, pw_policy *out)
{
    memset(out, 0, sizeof *out);
    const char *why;
    cJSON *obj = pw_json_parse_exact(text, &why);
    bool ok = cJSON_IsObject(obj);
    int carried = 0;
    for (size_t i = 0; ok && i < N_ENTRIES; i++) {
        if (entries[i].kind == K_PER_RUN) continue;
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, entries[i].field);
        ok = v && get_value(v, out, &entries[i]);
        carried++;
    }
    ok = ok && cJSON_GetArraySize(obj) == carried; /* nothing it does not know */
    cJSON_Delete(obj);
    if (!ok) pw_policy_free(out);
    return ok;
}
