/* check's source analysis on arbitrary source, in one interpreter initialised once: the
 * analyser must answer every source (syntax errors included) with JSON that check's report
 * turns into {"ok": bool, "problems": [...]}; nothing of the source runs. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "fuzz.h"
#include "interp.h"

static pw_policy policy;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    const char *work = fz_workdir();
    pw_buf why = {0};
    fz_check(pw_interp_init(&why), "the interpreter starts");
    cJSON *err = pw_policy_load(NULL, work, &policy);
    fz_check(err == NULL, "the default policy loads");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *src = fz_cstr(data, size);
    if (!pw_utf8_valid(src, strlen(src))) { /* check reads sources as UTF-8 text */
        free(src);
        return 0;
    }
    char *text = pw_check_analyse(src, "<fuzz>", "main", false);
    fz_check(text != NULL, "the analyser answers every UTF-8 source");
    cJSON *a = cJSON_Parse(text);
    fz_check(cJSON_IsObject(a), "the analysis is a JSON object");
    for (int stdio = 0; stdio < 2; stdio++) {
        cJSON *rep = pw_check_report(a, &policy, NULL, stdio ? "stdio" : NULL, NULL);
        fz_check(cJSON_IsBool(cJSON_GetObjectItem(rep, "ok")) &&
                     cJSON_IsArray(cJSON_GetObjectItem(rep, "problems")),
                 "the report has ok and problems");
        cJSON_Delete(rep);
    }
    cJSON_Delete(a);
    free(text);
    free(src);
    return 0;
}
