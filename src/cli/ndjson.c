/* NDJSON line framing (ndjson.h). */
#include "ndjson.h"

#include <string.h>

#define PW_NDJSON_KEEP_BYTES (1 << 20)

bool pw_ndjson_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r') return false;
    return true;
}

static void deliver(pw_ndjson *r, char *line, size_t len)
{
    if (!pw_ndjson_blank(line, len)) r->on_line(r->ctx, line, len);
}

/* Hands every complete line in acc out and keeps the rest. */
static void split_lines(pw_ndjson *r)
{
    size_t start = 0;
    char *nl;
    while ((nl = memchr(r->acc.data + r->scanned, '\n', r->acc.len - r->scanned))) {
        size_t end = (size_t)(nl - r->acc.data);
        *nl = '\0';
        /* over the bound even when its newline came in the same read */
        if (!r->discarding && end - start > r->max_line)
            r->on_too_long(r->ctx);
        else if (!r->discarding)
            deliver(r, r->acc.data + start, end - start);
        r->discarding = false;
        start = r->scanned = end + 1;
    }
    memmove(r->acc.data, r->acc.data + start, r->acc.len - start);
    r->acc.len -= start;
    r->scanned = r->acc.len;
    if (r->acc.len > r->max_line) {
        if (!r->discarding) r->on_too_long(r->ctx);
        r->discarding = true;
        r->acc.len = r->scanned = 0;
    }
    /* Emptied after a long line: given back, or serve would keep the longest line it ever
     * read (up to 64 MiB) for good. */
    if (r->acc.len == 0 && r->acc.cap > PW_NDJSON_KEEP_BYTES) pw_buf_free(&r->acc);
}

void pw_ndjson_feed(pw_ndjson *r, const char *data, size_t n)
{
    while (n) {
        if (pw_buf_append(&r->acc, data, n)) {
            split_lines(r);
            return;
        }
        /* Out of memory holding a line: that line is lost (it stopped serve reading, as if
         * at EOF); the lines after its newline are read as ever. */
        const char *nl = memchr(data, '\n', n);
        if (!r->discarding) r->on_lost(r->ctx);
        pw_buf_free(&r->acc);
        r->scanned = 0;
        r->discarding = !nl;
        if (!nl) return;
        n -= (size_t)(nl + 1 - data);
        data = nl + 1;
    }
}

void pw_ndjson_finish(pw_ndjson *r, bool deliver_rest)
{
    if (deliver_rest && r->acc.len && !r->discarding && pw_buf_putc(&r->acc, '\0'))
        deliver(r, r->acc.data, r->acc.len - 1);
    pw_buf_free(&r->acc);
    r->scanned = 0;
    r->discarding = false;
}
