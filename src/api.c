/* Public API (include/pywarden.h) over the one internal path: parse, supervise, result. */
#include "api.h"

#include <stdlib.h>
#include <string.h>

#include "jsonconv.h"
#include "pool.h"
#include "pywarden.h"
#include "request.h"
#include "result.h"
#include "supervisor.h"
#include "interp.h"

cJSON *pw_execute_json(const cJSON *request)
{
    pw_req req;
    cJSON *err = pw_req_from_json(request, &req);
    if (err) return err;
    cJSON *result = pw_supervise_cold(&req);
    pw_req_free(&req);
    return result;
}

cJSON *pw_execute_text(const char *text, size_t len)
{
    if (!text || memchr(text, '\0', len) || strlen(text) != len)
        return pw_result_fail("invalid_request", "the request contains a NUL byte");
    if (!pw_utf8_valid(text, len))
        return pw_result_fail("invalid_request", "the request is not valid UTF-8");
    const char *why = NULL;
    cJSON *obj = pw_req_json(text, &why);
    if (!obj) return pw_req_json_failure(why);
    cJSON *result = pw_execute_json(obj);
    cJSON_Delete(obj);
    return result;
}

int pw_result_ok(const cJSON *result)
{
    return cJSON_IsTrue(cJSON_GetObjectItem(result, "ok"));
}

char *pw_run(const char *request_json)
{
    cJSON *r = request_json ? pw_execute_text(request_json, strlen(request_json))
                            : pw_result_fail("invalid_request", "no request");
    char *s = pw_result_print(r);
    cJSON_Delete(r);
    return s;
}

void pw_free(void *p)
{
    free(p);
}

const char *pw_version(void)
{
    return PYWARDEN_VERSION;
}

const char *pw_python_version(void)
{
    return pw_interp_version();
}

/* Adds a JSON-valued member parsed exactly; false (with *err) if the text is not JSON. */
static int add_json_member(cJSON *obj, const char *key, const char *text, cJSON **err)
{
    if (!text) return 1;
    const char *why;
    cJSON *v = pw_json_parse_exact(text, &why);
    if (!v) {
        *err = pw_result_fail_field("invalid_request", key, "'%s' is not valid JSON: %s", key, why);
        return 0;
    }
    cJSON_AddItemToObject(obj, key, v);
    return 1;
}

/* The struct's texts as the text path checks a request: UTF-8, or invalid_request naming the
 * field (bad bytes in inputs_json ran and were answered internal). */
static bool texts_are_utf8(const pw_request *r, cJSON **err)
{
    const struct {
        const char *key, *text;
    } fields[] = {{"code", r->code},         {"script", r->script}, {"entry", r->entry},
                  {"work_dir", r->work_dir}, {"policy", r->policy}, {"inputs", r->inputs_json},
                  {"policy", r->policy_json}};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        if (fields[i].text && !pw_utf8_valid(fields[i].text, strlen(fields[i].text))) {
            *err = pw_result_fail_field("invalid_request", fields[i].key, "'%s' is not valid UTF-8",
                                        fields[i].key);
            return false;
        }
    return true;
}

static cJSON *request_from_struct(const pw_request *r, cJSON **err)
{
    if (!texts_are_utf8(r, err)) return NULL;
    cJSON *obj = cJSON_CreateObject();
    if (r->code) cJSON_AddStringToObject(obj, "code", r->code);
    if (r->script) cJSON_AddStringToObject(obj, "script", r->script);
    if (r->entry) cJSON_AddStringToObject(obj, "entry", r->entry);
    if (r->work_dir) cJSON_AddStringToObject(obj, "work_dir", r->work_dir);
    if (r->stdio) cJSON_AddStringToObject(obj, "mode", "stdio");
    if (r->timeout_ms) cJSON_AddNumberToObject(obj, "timeout_ms", (double)r->timeout_ms);
    if (r->policy && !r->policy_json) cJSON_AddStringToObject(obj, "policy", r->policy);
    if (!add_json_member(obj, "inputs", r->inputs_json, err) ||
        !add_json_member(obj, "policy", r->policy_json, err)) {
        cJSON_Delete(obj);
        return NULL;
    }
    return obj;
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static long get_long(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItem(obj, key);
    return cJSON_IsNumber(v) ? (long)v->valuedouble : 0;
}

/* Fills out from result object r (taken); returns out->ok, or -1 when out of memory. */
static int fill_result(cJSON *r, pw_result *out)
{
    const cJSON *error = cJSON_GetObjectItem(r, "error");
    const cJSON *stats = cJSON_GetObjectItem(r, "stats");
    const cJSON *truncated = cJSON_GetObjectItem(r, "truncated");
    const cJSON *violations = cJSON_GetObjectItem(r, "violations");
    out->ok = pw_result_ok(r);
    out->json = pw_result_print(r);
    out->result_json = cJSON_PrintUnformatted(cJSON_GetObjectItem(r, "result"));
    out->stdout_text = dup_or_null(cJSON_GetStringValue(cJSON_GetObjectItem(r, "stdout")));
    out->stderr_text = dup_or_null(cJSON_GetStringValue(cJSON_GetObjectItem(r, "stderr")));
    out->error_type = dup_or_null(cJSON_GetStringValue(cJSON_GetObjectItem(error, "type")));
    out->error_message = dup_or_null(cJSON_GetStringValue(cJSON_GetObjectItem(error, "message")));
    out->traceback = dup_or_null(cJSON_GetStringValue(cJSON_GetObjectItem(error, "traceback")));
    out->error_line = get_long(error, "line");
    out->violations_json = violations ? cJSON_PrintUnformatted(violations) : pw_strdup("[]");
    out->stdout_truncated = cJSON_IsTrue(cJSON_GetObjectItem(truncated, "stdout"));
    out->stderr_truncated = cJSON_IsTrue(cJSON_GetObjectItem(truncated, "stderr"));
    const char *mode = cJSON_GetStringValue(cJSON_GetObjectItem(stats, "mode"));
    out->mode = pw_strdup(mode ? mode : "none");
    out->wall_ms = cJSON_GetNumberValue(cJSON_GetObjectItem(stats, "wall_ms"));
    out->cpu_ms = cJSON_GetNumberValue(cJSON_GetObjectItem(stats, "cpu_ms"));
    out->max_rss_kb = get_long(stats, "max_rss_kb");
    cJSON_Delete(r);
    if (!out->json || !out->result_json || !out->violations_json || !out->mode) {
        pw_result_free(out);
        return -1;
    }
    return out->ok;
}

/* The request object for req, or NULL with *err (a whole result) when it cannot be one. */
static cJSON *request_object(const pw_request *req, cJSON **err)
{
    *err = NULL;
    cJSON *obj = req ? request_from_struct(req, err) : NULL;
    if (!obj && !*err) *err = pw_result_fail("invalid_request", "no request");
    return obj;
}

int pw_run_request(const pw_request *req, pw_result *out)
{
    if (!out) return -1;
    memset(out, 0, sizeof *out);
    cJSON *err;
    cJSON *obj = request_object(req, &err);
    cJSON *r = obj ? pw_execute_json(obj) : err;
    cJSON_Delete(obj);
    return fill_result(r, out);
}

int pw_pool_run_request(pw_pool *pool, const pw_request *req, pw_result *out)
{
    if (!out) return -1;
    memset(out, 0, sizeof *out);
    if (!pool) return fill_result(pw_result_fail("invalid_request", "no pool"), out);
    /* counted from here: a pw_pool_destroy meanwhile waits for the request being built too */
    pw_pool_caller_enter(pool);
    cJSON *err;
    cJSON *obj = request_object(req, &err);
    cJSON *r = obj ? pw_pool_execute(pool, obj, NULL) : err;
    cJSON_Delete(obj);
    pw_pool_caller_leave(pool);
    return fill_result(r, out);
}

void pw_result_free(pw_result *res)
{
    if (!res) return;
    free(res->json);
    free(res->result_json);
    free(res->error_type);
    free(res->error_message);
    free(res->stdout_text);
    free(res->stderr_text);
    free(res->traceback);
    free(res->violations_json);
    free(res->mode);
    memset(res, 0, sizeof *res);
}
