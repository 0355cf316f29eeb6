/* NDJSON line framing for `pywarden serve`: bytes in, complete lines out. Kept apart from
 * serve's threads so the framing can be fuzzed on its own (fuzz/fuzz_ndjson.c). */
#ifndef PW_NDJSON_H
#define PW_NDJSON_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

typedef struct {
    size_t max_line; /* a longer line is reported once to on_too_long and dropped */
    /* Every non-blank line, without its '\n', NUL-terminated at len (it may hold NULs). */
    void (*on_line)(void *ctx, char *line, size_t len);
    void (*on_too_long)(void *ctx);
    /* a line that could not be held (out of memory): reported once and dropped, as a long one */
    void (*on_lost)(void *ctx);
    void *ctx;
    pw_buf acc;
    size_t scanned;  /* bytes of acc known to hold no newline */
    bool discarding; /* inside a line over max_line: dropped up to its newline */
} pw_ndjson;

/* Blank: only spaces, tabs and carriage returns (a NUL byte makes a line non-blank). */
bool pw_ndjson_blank(const char *s, size_t n);
/* Adds n bytes and hands out every line they complete. */
void pw_ndjson_feed(pw_ndjson *r, const char *data, size_t n);
/* At EOF: hands out a last line that has no newline, then frees the buffer. */
void pw_ndjson_finish(pw_ndjson *r, bool deliver_rest);

#endif
