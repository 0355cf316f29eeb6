/* The library's core entry points for front ends (CLI, serve, pool). */
#ifndef PW_API_H
#define PW_API_H

#include <cjson/cJSON.h>
#include <stddef.h>

/* Runs one request given as JSON text of len bytes; returns the result object, never NULL. */
cJSON *pw_execute_text(const char *text, size_t len);
/* The same for a request already parsed with pw_json_parse_exact. */
cJSON *pw_execute_json(const cJSON *request);

/* 1 when the result object says ok. */
int pw_result_ok(const cJSON *result);

#endif
