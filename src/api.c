/* Public API (include/pywarden.h) over the one internal path: parse, supervise, result. */
#include "api.h"

#include <stdlib.h>
#include <string.h>

#include "jsonconv.h"
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
    cJSON *obj = pw_json_parse_exact(text, &why);
    if (!obj) return pw_result_fail("invalid_request", "the request is not valid JSON: %s", why);
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

static cJSON *request_from_struct(const pw_request *r, cJSON **err)
{
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

int pw_run_request(const pw_request *req, pw_result *out)
{
    memset(out, 0, sizeof *out);
    cJSON *err = NULL;
    cJSON *obj = req ? request_from_struct(req, &err) : NULL;
    cJSON *r = obj   ? pw_execute_json(obj)
               : err ? err
                     : pw_result_fail("invalid_request", "no request");
    cJSON_Delete(obj);
    const cJSON *error = cJSON_GetObjectItem(r, "error");
    const cJSON *stats = cJSON_GetObjectItem(r, "stats");
    out->ok = pw_result_ok(r);
    out->json = pw_result_print(r);
    out->result_json = cJSON_PrintUnformatted(cJSON_GetObjectItem(r, "result"));
    out->stdout_text = dup_or_null(cJSON_GetStringValue(cJSON_GetObjectItem(r, "stdout")));
    out->stderr_text = dup_or_null(cJSON_GetStringValue(cJSON_GetObjectItem(r, "stderr")));
    out->error_type = dup_or_null(cJSON_GetStringValue(cJSON_GetObjectItem(error, "type")));
    out->error_message = dup_or_null(cJSON_GetStringValue(cJSON_GetObjectItem(error, "message")));
    out->wall_ms = cJSON_GetNumberValue(cJSON_GetObjectItem(stats, "wall_ms"));
    out->cpu_ms = cJSON_GetNumberValue(cJSON_GetObjectItem(stats, "cpu_ms"));
    out->max_rss_kb = (long)cJSON_GetNumberValue(cJSON_GetObjectItem(stats, "max_rss_kb"));
    cJSON_Delete(r);
    if (!out->json || !out->result_json) {
        pw_result_free(out);
        return -1;
    }
    return out->ok;
}

void pw_result_free(pw_result *res)
{
    free(res->json);
    free(res->result_json);
    free(res->error_type);
    free(res->error_message);
    free(res->stdout_text);
    free(res->stderr_text);
    memset(res, 0, sizeof *res);
}
