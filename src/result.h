/* The one result builder: every outcome of a run, good or bad, becomes the same JSON
 * object (DESIGN.md §2). Supervisor, request parser and CLI all build results here. */
#ifndef PW_RESULT_H
#define PW_RESULT_H

#include <cjson/cJSON.h>
#include <stdbool.h>

/* An answer lists at most this many violations (the child streams no more). */
#define PW_MAX_VIOLATIONS 100

/* The error types of the contract; the list is closed. */
bool pw_error_type_known(const char *type);

/* {"type": type, "message": ...}; NULL only when out of memory. */
cJSON *pw_error_new(const char *type, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Adds text to error as the string member key, each byte that is no UTF-8 as U+FFFD. */
bool pw_error_add_text(cJSON *error, const char *key, const char *text);

/* A complete result object: ok, result, stdout, stderr, truncated, error, stats. */
cJSON *pw_result_new(void);

/* Puts error (taken over) into result and sets ok to false. */
void pw_result_set_error(cJSON *result, cJSON *error);

/* A whole result object holding one error; never NULL (falls back to a static text). */
cJSON *pw_result_fail(const char *type, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
cJSON *pw_result_fail_field(const char *type, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Prints a result object as one line of JSON; never NULL. Caller frees with free(). */
char *pw_result_print(const cJSON *result);

/* An answer of serve and the worker: {"id": ID, ...result members}, the id first (null
 * when id is NULL), as one line without its newline. NULL only when out of memory. */
char *pw_answer_print(const cJSON *id, const cJSON *result);

#endif
