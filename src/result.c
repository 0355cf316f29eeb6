/* Builds result objects. Knows the contract's shape, nothing about how a run happened. */
#include "result.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static const char *const error_types[] = {
    "timeout",          "memory_limit", "cpu_limit",    "output_limit",
    "policy_violation", "exception",    "syntax_error", "invalid_request",
    "invalid_result",   "crashed",      "internal",     "cancelled",
};

bool pw_error_type_known(const char *type)
{
    for (size_t i = 0; i < sizeof error_types / sizeof *error_types; i++)
        if (strcmp(type, error_types[i]) == 0) return true;
    return false;
}

/* A message, field or file name may hold bytes that are no UTF-8 (a path from argv or the
 * disk) or be cut inside a character: they become U+FFFD, for a result is UTF-8 JSON. */
bool pw_error_add_text(cJSON *error, const char *key, const char *text)
{
    char *clean = pw_utf8_sanitize(text, strlen(text));
    bool ok = clean && cJSON_AddStringToObject(error, key, clean);
    free(clean);
    return ok;
}

static cJSON *error_vnew(const char *type, const char *fmt, va_list ap)
{
    char msg[2048];
    vsnprintf(msg, sizeof msg, fmt, ap);
    cJSON *err = cJSON_CreateObject();
    if (!err) return NULL;
    cJSON_AddStringToObject(err, "type", type);
    if (!pw_error_add_text(err, "message", msg)) {
        cJSON_Delete(err);
        return NULL;
    }
    return err;
}

cJSON *pw_error_new(const char *type, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cJSON *err = error_vnew(type, fmt, ap);
    va_end(ap);
    return err;
}

cJSON *pw_result_new(void)
{
    cJSON *r = cJSON_CreateObject();
    if (!r) return NULL;
    cJSON_AddBoolToObject(r, "ok", 0);
    cJSON_AddNullToObject(r, "result");
    cJSON_AddStringToObject(r, "stdout", "");
    cJSON_AddStringToObject(r, "stderr", "");
    cJSON *t = cJSON_AddObjectToObject(r, "truncated");
    cJSON_AddBoolToObject(t, "stdout", 0);
    cJSON_AddBoolToObject(t, "stderr", 0);
    cJSON_AddNullToObject(r, "error");
    cJSON *stats = cJSON_AddObjectToObject(r, "stats");
    cJSON_AddNumberToObject(stats, "wall_ms", 0);
    cJSON_AddNumberToObject(stats, "cpu_ms", 0);
    cJSON_AddNumberToObject(stats, "max_rss_kb", 0);
    cJSON_AddStringToObject(stats, "mode", "none");
    cJSON_AddArrayToObject(stats, "layers");
    cJSON_AddArrayToObject(r, "violations"); /* every result has it, a refused request too */
    return r;
}

void pw_result_set_error(cJSON *result, cJSON *error)
{
    if (!error) error = pw_error_new("internal", "out of memory while reporting an error");
    cJSON_ReplaceItemInObject(result, "ok", cJSON_CreateBool(0));
    cJSON_ReplaceItemInObject(result, "error", error);
}

static cJSON *result_vfail(const char *type, const char *field, const char *fmt, va_list ap)
{
    cJSON *r = pw_result_new();
    cJSON *err = error_vnew(type, fmt, ap);
    if (err && field) pw_error_add_text(err, "field", field);
    if (r)
        pw_result_set_error(r, err);
    else
        cJSON_Delete(err);
    return r;
}

cJSON *pw_result_fail(const char *type, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cJSON *r = result_vfail(type, NULL, fmt, ap);
    va_end(ap);
    return r;
}

cJSON *pw_result_fail_field(const char *type, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cJSON *r = result_vfail(type, field, fmt, ap);
    va_end(ap);
    return r;
}

char *pw_result_print(const cJSON *result)
{
    char *s = result ? cJSON_PrintUnformatted(result) : NULL;
    if (s) return s;
    static const char oom[] = "{\"ok\":false,\"result\":null,\"stdout\":\"\",\"stderr\":\"\","
                              "\"truncated\":{\"stdout\":false,\"stderr\":false},"
                              "\"error\":{\"type\":\"internal\",\"message\":\"out of memory\"},"
                              "\"stats\":{}}";
    s = malloc(sizeof oom);
    if (s) memcpy(s, oom, sizeof oom);
    return s;
}

/* Appends text to line with U+0085, U+2028 and U+2029 escaped: JSON lets them stand raw in
 * strings, but line readers such as Python's str.splitlines end lines at them. In valid UTF-8
 * their bytes are always those characters, and outside strings a JSON text has none. */
static bool append_line_safe(pw_buf *line, const char *text)
{
    bool ok = true;
    const char *from = text;
    for (const char *p = text; ok && *p; p++) {
        const char *esc = (unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0x85 ? "\\u0085"
                          : (unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 &&
                                  ((unsigned char)p[2] == 0xA8 || (unsigned char)p[2] == 0xA9)
                              ? ((unsigned char)p[2] == 0xA8 ? "\\u2028" : "\\u2029")
                              : NULL;
        if (!esc) continue;
        ok = pw_buf_append(line, from, (size_t)(p - from)) && pw_buf_append(line, esc, 6);
        p += (unsigned char)p[0] == 0xC2 ? 1 : 2;
        from = p + 1;
    }
    return ok && pw_buf_append(line, from, strlen(from));
}

char *pw_answer_print(const cJSON *id, const cJSON *result)
{
    char *id_text = id ? cJSON_PrintUnformatted(id) : NULL;
    char *text = pw_result_print(result);
    pw_buf line = {0};
    bool built = text && pw_buf_append(&line, "{\"id\":", 6) &&
                 append_line_safe(&line, id_text ? id_text : "null") && pw_buf_putc(&line, ',') &&
                 append_line_safe(&line, text + 1);
    free(id_text);
    free(text);
    if (built) return pw_buf_take(&line);
    pw_buf_free(&line);
    return NULL;
}
