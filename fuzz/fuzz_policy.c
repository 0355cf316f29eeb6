/* The policy loader with extends: the input is up to four JSON texts separated by a line
 * "===". The first is the inline policy; the others are written to p1.json..p3.json in the
 * work dir, which the first (and each other) may extend, so chains, cycles and bad files
 * are all reachable. Every input must load or give an invalid_request naming a policy field. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "jsonconv.h"
#include "policy.h"

static const char *work;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    work = fz_workdir();
    return 0;
}

static void write_part(int i, const char *text)
{
    char name[16];
    snprintf(name, sizeof name, "p%d.json", i);
    FILE *f = fopen(name, "w");
    if (!f) abort();
    fputs(text, f);
    fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fz_cstr(data, size);
    char *parts[4] = {text, "", "", ""};
    for (int i = 1; i < 4; i++) {
        char *sep = strstr(parts[i - 1], "\n===\n");
        if (!sep) break;
        *sep = '\0';
        parts[i] = sep + 5;
    }
    for (int i = 1; i < 4; i++)
        write_part(i, parts[i]);
    const char *why = NULL;
    cJSON *spec = pw_json_parse_exact(parts[0], &why);
    if (spec) {
        pw_policy pol;
        cJSON *err = pw_policy_load(spec, work, &pol);
        if (err) {
            const cJSON *e = cJSON_GetObjectItem(err, "error");
            const char *type = cJSON_GetStringValue(cJSON_GetObjectItem(e, "type"));
            const char *fld = cJSON_GetStringValue(cJSON_GetObjectItem(e, "field"));
            fz_check(type && !strcmp(type, "invalid_request"), "a bad policy is invalid_request");
            fz_check(fld && !strncmp(fld, "policy", 6), "the error names a policy field");
            fz_check_prints_utf8(err);
            cJSON_Delete(err);
        } else {
            fz_check(pol.timeout_ms >= 1 && pol.name, "a loaded policy is complete");
            pw_policy_free(&pol);
        }
        cJSON_Delete(spec);
    }
    free(text);
    return 0;
}
