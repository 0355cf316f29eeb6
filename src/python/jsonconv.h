/* JSON conversion both ways, exact: numbers keep their original text (cJSON would round
 * them through double), floats are written with repr, integers of any size survive. */
#ifndef PW_JSONCONV_H
#define PW_JSONCONV_H

#include <Python.h>
#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "util.h"

/* Parses a NUL-terminated JSON text with cJSON, then turns every number node into a Raw
 * node that holds the number's exact text (cJSON prints Raw nodes verbatim), and every
 * string holding U+0000 (which cJSON would cut at the NUL) into a Raw node holding its
 * exact literal, quotes included: printing the tree again keeps both. Object keys holding
 * U+0000 are refused. Returns NULL on bad JSON, with a short reason in why. */
cJSON *pw_json_parse_exact(const char *text, const char **why);

/* True for numbers from pw_json_parse_exact (Raw) and plain cJSON numbers. */
bool pw_json_is_number(const cJSON *item);
/* A string holding U+0000, kept as its JSON literal (a Raw node starting with '"'). */
bool pw_json_is_nul_string(const cJSON *item);
/* An exact integer in [min, max]; false for fractions, exponents, and out-of-range values. */
bool pw_json_get_int(const cJSON *item, long long min, long long max, long long *out);
/* Nesting depth: 0 for scalars, 1 for an empty container. */
int pw_json_depth(const cJSON *item);
/* A key obj holds more than once (NULL: none, or out of memory), in O(n log n). Requests and
 * policies refuse them: parsers disagree on which copy counts (cJSON reads the first, Python
 * and JavaScript the last), so a front end checking one would check something else than
 * what runs. */
const char *pw_json_repeated_key(const cJSON *obj);

/* A JSON text a run sent, checked (UTF-8, RFC 8259, nesting, no key twice in an object)
 * without building a tree, and copied without the whitespace between tokens: no CR or LF of
 * the run's reaches an answer line. NULL with a short reason in why. Free the copy. */
char *pw_json_compact(const char *text, const char **why);

/* The same, failing ("too many values") past max_values values in all: text that becomes a
 * tree (~100 bytes a value, against ~2 bytes of text) is bounded by this, not by its size. */
char *pw_json_compact_capped(const char *text, size_t max_values, const char **why);

/* pw_json_parse_exact, except that the top-level member `member` of the object text holds,
 * where it is an object nested at most max_depth deep, is kept as its compacted text (a Raw
 * node starting with '{'; keys may repeat, none may hold U+0000) instead of a tree: a
 * request's inputs, which only the run reads (a 5 MB input cost the supervisor ~100 ms of
 * tree building, printing and freeing, and serve ~80 bytes a value while it waited). */
cJSON *pw_json_parse_keeping(const char *text, const char *member, int max_depth, const char **why);
/* The top-level "id" of an object text pw_json_parse_keeping refused for what its strings
 * hold (a lone surrogate escape), where the id itself is valid: so that the answer refusing
 * the line still carries it (a host that cut a string mid-pair lost the match). NULL where
 * the text is no object even so, or has no such id. */
cJSON *pw_json_salvage_id(const char *text);
/* The why of pw_json_parse_keeping for well-formed text it had no memory to hold: the
 * reader's failure, not the text's (compare the pointer). */
extern const char pw_json_no_memory[];
/* Whether item is the text pw_json_parse_keeping kept. */
bool pw_json_is_kept_object(const cJSON *item);

/* JSON text as a Python value, read directly (no cJSON tree: a 5 MB input was ~60 ms of
 * mallocs and frees), numbers exact (integers of any size; floats as float() reads the text),
 * RFC 8259 checked as pw_json_compact checks (a key twice: the last wins, as json.loads).
 * New reference, or NULL with a Python exception set. */
PyObject *pw_json_text_to_py(const char *text);

typedef struct {
    char path[512];      /* e.g. result.items[3] or result["a b"] */
    const char *py_type; /* the offending object's type name (static) */
    const char *reason;  /* what is wrong with it (static) */
    bool too_large;      /* over max_bytes: an output_limit, not an invalid_result */
} pw_json_error;

/* Appends obj as JSON to out without calling any user-defined method (no __repr__,
 * __iter__, __eq__ of subclasses). false on the first value JSON cannot hold. lenient
 * (result_encoding "lenient") also converts dates, Decimal, numpy values, sets, bytes and
 * non-string keys, of exact (static) types only (README, "Result encoding"). */
bool pw_py_to_json(PyObject *obj, const char *root, size_t max_bytes, bool lenient, pw_buf *out,
                   pw_json_error *err);

/* Appends s as a quoted, escaped JSON string. */
bool pw_json_append_string(pw_buf *out, const char *s, size_t len);
/* Every key of dict an exact str: comparing names with them runs no user code (a str
 * subclass's __eq__ or __hash__ would). */
bool pw_py_exact_str_keys(PyObject *dict);

#endif
