/* The request parser (pw_req_parse) on arbitrary text: it must answer every input with a
 * parsed request or an invalid_request/internal result, and never hang on a path it opens
 * (scripts, policy files, extends targets: FIFOs, devices, directories live in the work dir).
 * And a host's work root (pw_req_confine): a request it passes names a work_dir beneath the
 * root, and under "" it passes none naming a path. And the id a refused line is answered
 * with (pw_json_salvage_id). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"
#include "jsonconv.h"
#include "request.h"
#include "result.h"
#include "util.h"

static char root[4096]; /* the work dir, resolved */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    if (!realpath(fz_workdir(), root)) abort();
    FILE *f = fopen("job.py", "w");
    if (f) fputs("result = 1\n", f), fclose(f);
    f = fopen("p.json", "w");
    if (f) fputs("{\"extends\": \"strict\", \"timeout_ms\": 100}\n", f), fclose(f);
    mkfifo("fifo", 0600);
    mkdir("dir", 0700);
    symlink("/dev/zero", "zero");
    return 0;
}

static void check_refusal(cJSON *err)
{
    const char *type =
        cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(err, "error"), "type"));
    fz_check(type && (!strcmp(type, "invalid_request") || !strcmp(type, "internal")),
             "a refused request is invalid_request or internal");
    fz_check_prints_utf8(err);
    cJSON_Delete(err);
}

static void confine(const cJSON *request, const char *work_root)
{
    cJSON *r = cJSON_Duplicate(request, 1);
    cJSON *err = r ? pw_req_confine(r, work_root) : NULL;
    if (err) {
        check_refusal(err);
    } else if (r && *work_root) {
        const char *wd = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r, "work_dir"));
        fz_check(wd && pw_path_under(wd, work_root), "a confined work_dir is beneath the root");
    } else if (r) {
        fz_check(!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(r, "work_dir")) &&
                     !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(r, "script")),
                 "under no root, no request names a path");
    }
    cJSON_Delete(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fz_cstr(data, size);
    cJSON *obj = cJSON_Parse(text);
    if (cJSON_IsObject(obj)) {
        confine(obj, root);
        confine(obj, "");
    }
    cJSON_Delete(obj);
    pw_req req;
    cJSON *err = pw_req_parse(text, &req);
    if (err) {
        check_refusal(err);
        /* a refused line's id, as serve and the worker answer it: none, or one that prints */
        cJSON *id = pw_json_salvage_id(text);
        char *printed = id ? cJSON_PrintUnformatted(id) : NULL;
        fz_check(!id || printed, "a salvaged id prints");
        free(printed);
        cJSON_Delete(id);
    } else {
        fz_check(req.code && req.work_dir && req.inputs_json, "a parsed request is complete");
        pw_req_free(&req);
    }
    free(text);
    return 0;
}
