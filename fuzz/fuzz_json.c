/* The exact JSON reader and writer: for any text the reader accepts, print -> parse ->
 * print gives the same text and the same tree (numbers keep their exact lexeme), and every
 * string written by pw_json_append_string reads back unchanged. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "jsonconv.h"

static void strings_round_trip(const cJSON *item)
{
    for (; item; item = item->next) {
        if (cJSON_IsString(item)) {
            pw_buf b = {0};
            const char *s = item->valuestring;
            fz_check(pw_json_append_string(&b, s, strlen(s)) && pw_buf_putc(&b, '\0'),
                     "a string is written");
            const char *why = NULL;
            cJSON *back = pw_json_parse_exact(b.data, &why);
            fz_check(cJSON_IsString(back) && !strcmp(back->valuestring, s),
                     "a written string reads back unchanged");
            cJSON_Delete(back);
            pw_buf_free(&b);
        }
        strings_round_trip(item->child);
    }
}

/* Same shape, keys, types and texts, child by child in order (cJSON_Compare looks members
 * up by key, which a repeated key defeats). */
static bool tree_equal(const cJSON *a, const cJSON *b)
{
    for (; a && b; a = a->next, b = b->next) {
        if ((a->type & 0xFF) != (b->type & 0xFF) || !a->string != !b->string ||
            (a->string && strcmp(a->string, b->string)) || !a->valuestring != !b->valuestring ||
            (a->valuestring && strcmp(a->valuestring, b->valuestring)) ||
            !tree_equal(a->child, b->child))
            return false;
    }
    return !a && !b;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fz_cstr(data, size);
    const char *why = NULL;
    cJSON *a = pw_utf8_valid(text, size) ? pw_json_parse_exact(text, &why) : NULL;
    if (a) {
        char *p1 = cJSON_PrintUnformatted(a);
        fz_check(p1 != NULL, "an accepted text prints");
        cJSON *b = pw_json_parse_exact(p1, &why);
        fz_check(b != NULL, "printed JSON parses again");
        char *p2 = cJSON_PrintUnformatted(b);
        fz_check(p2 && !strcmp(p1, p2), "print -> parse -> print is the identity");
        fz_check(tree_equal(a, b), "parse -> print -> parse gives the same tree");
        fz_check(pw_json_depth(a) == pw_json_depth(b), "depth survives the round trip");
        strings_round_trip(a);
        free(p1);
        free(p2);
        cJSON_Delete(b);
        cJSON_Delete(a);
    }
    free(text);
    return 0;
}
