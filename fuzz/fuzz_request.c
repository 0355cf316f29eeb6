/* The request parser (pw_req_parse) on arbitrary text: it must answer every input with a
 * parsed request or an invalid_request/internal result, and never hang on a path it opens
 * (scripts, policy files, extends targets: FIFOs, devices, directories live in the work dir). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"
#include "request.h"
#include "result.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fz_workdir();
    FILE *f = fopen("job.py", "w");
    if (f) fputs("result = 1\n", f), fclose(f);
    f = fopen("p.json", "w");
    if (f) fputs("{\"extends\": \"strict\", \"timeout_ms\": 100}\n", f), fclose(f);
    mkfifo("fifo", 0600);
    mkdir("dir", 0700);
    symlink("/dev/zero", "zero");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fz_cstr(data, size);
    pw_req req;
    cJSON *err = pw_req_parse(text, &req);
    if (err) {
        const char *type =
            cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(err, "error"), "type"));
        fz_check(type && (!strcmp(type, "invalid_request") || !strcmp(type, "internal")),
                 "a refused request is invalid_request or internal");
        fz_check_prints_utf8(err);
        cJSON_Delete(err);
    } else {
        fz_check(req.code && req.work_dir && req.inputs_json, "a parsed request is complete");
        pw_req_free(&req);
    }
    free(text);
    return 0;
}
