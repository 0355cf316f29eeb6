/* serve's NDJSON framing against a reference split: the input is fed in chunks whose sizes
 * come from the input itself. Every non-blank line no longer than max_line comes out exactly
 * once and in order; nothing else comes out but whole non-blank lines of the input, none
 * longer than max_line (even with its newline in the same chunk); each over-long line (even
 * one of blanks) is reported at most once. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "ndjson.h"

#define MAX_LINE 64

typedef struct {
    char **lines;
    size_t *lens;
    size_t n, cap;
    size_t too_long;
} seen;

static void got_line(void *ctx, char *line, size_t len)
{
    seen *s = ctx;
    fz_check(line[len] == '\0' && !memchr(line, '\n', len), "a line is one NUL-ended line");
    fz_check(!pw_ndjson_blank(line, len), "blank lines are not handed out");
    fz_check(len <= MAX_LINE, "no line over max_line is handed out");
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 16;
        s->lines = realloc(s->lines, s->cap * sizeof *s->lines);
        s->lens = realloc(s->lens, s->cap * sizeof *s->lens);
        if (!s->lines || !s->lens) abort();
    }
    s->lines[s->n] = malloc(len + 1);
    if (!s->lines[s->n]) abort();
    memcpy(s->lines[s->n], line, len + 1);
    s->lens[s->n++] = len;
}

static void got_too_long(void *ctx)
{
    ((seen *)ctx)->too_long++;
}

static void got_lost(void *ctx)
{
    (void)ctx;
    fz_check(false, "no line is lost while memory lasts");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    seen s = {0};
    pw_ndjson r = {.max_line = MAX_LINE,
                   .on_line = got_line,
                   .on_too_long = got_too_long,
                   .on_lost = got_lost,
                   .ctx = &s};
    size_t step = size ? 1 + data[0] % 97 : 1;
    for (size_t off = 0; off < size; off += step)
        pw_ndjson_feed(&r, (const char *)data + off, size - off < step ? size - off : step);
    pw_ndjson_finish(&r, 1);

    /* The reference: split on '\n', the last piece counts when it is not empty. */
    size_t k = 0, long_lines = 0;
    for (size_t start = 0; start < size;) {
        const uint8_t *nl = memchr(data + start, '\n', size - start);
        size_t end = nl ? (size_t)(nl - data) : size;
        const char *line = (const char *)data + start;
        size_t len = end - start;
        if (!pw_ndjson_blank(line, len)) {
            bool out = k < s.n && s.lens[k] == len && !memcmp(s.lines[k], line, len);
            fz_check(out || len > MAX_LINE, "a short non-blank line comes out, in order");
            if (out) k++;
        }
        if (len > MAX_LINE) long_lines++; /* blank or not: that is known only at its end */
        start = end + 1;
    }
    fz_check(k == s.n, "nothing comes out that is not a line of the input");
    fz_check(s.too_long <= long_lines, "each over-long line is reported at most once");
    for (size_t i = 0; i < s.n; i++)
        free(s.lines[i]);
    free(s.lines);
    free(s.lens);
    return 0;
}
