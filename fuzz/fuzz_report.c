/* How the supervisor reads a run's result channel (src/supervisor.c: progress records, the
 * report header, the result text) and stdio's stdout, on arbitrary bytes: what a run that
 * found its nonce (trusted code, or code past the hook) can write. The input is one flag
 * byte (bit 0: stdio mode, bit 1: a released warm run, bits 2-3: exit 0 / exit 1 / SIGSEGV /
 * SIGXCPU), then the channel, then optionally "\n===\n" and stdout. The nonce is "N0NCE".
 * The answer must print, be valid UTF-8, be RFC 8259 with no key twice (pw_json_compact
 * accepts it), and keep the documented shape: error null or an object with a known string
 * type and a string message, violations an array, stats numbers. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "fuzz.h"

/* The supervisor's static functions are what is fuzzed: compile it in, its two public
 * functions renamed so they do not clash with the library's copy. */
#define pw_supervise_watch fz_supervise_watch
#define pw_supervise_cold fz_supervise_cold
#include "../src/supervisor.c"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    return 0;
}

static void fill(stream *s, const char *data, size_t n, bool lines)
{
    s->fd = -1;
    if (n > s->cap) n = s->cap, s->truncated = true;
    pw_buf_append(&s->buf, data, n);
    if (lines) track_lines(s, data, n, s->cap);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    unsigned flags = data[0];
    char *text = fz_cstr(data + 1, size - 1);
    size_t chan_len = size - 1;
    const char *out = "";
    size_t out_len = 0;
    char *sep = strstr(text, "\n===\n");
    if (sep) {
        chan_len = (size_t)(sep - text);
        out = sep + 5;
        out_len = size - 1 - chan_len - 5;
    }
    pw_req req = {0};
    req.timeout_ms = 1000;
    req.stdio = flags & 1;
    req.policy.max_result_bytes = 4096;
    req.policy.max_output_bytes = 4096;
    observation ob = {
        .out = {.fd = -1, .cap = 4096, .track_lines = req.stdio},
        .err = {.fd = -1, .cap = 4096},
        .res = {.fd = -1, .cap = 4096 + PW_HEADER_SLACK},
    };
    fill(&ob.res, text, chan_len, false);
    fill(&ob.out, out, out_len, req.stdio);
    ob.released = flags & 2;
    static const int statuses[4] = {0, 1 << 8, SIGSEGV, SIGXCPU};
    ob.status = statuses[(flags >> 2) & 3];
    cJSON *result = build_result(&ob, &req, "warm", "N0NCE", 1.0);
    fz_check(result != NULL, "an answer");
    char *printed = pw_result_print(result);
    fz_check(printed != NULL, "the answer prints");
    fz_check(pw_utf8_valid(printed, strlen(printed)), "the answer is UTF-8");
    const char *why = NULL;
    char *compact = pw_json_compact(printed, &why);
    if (!compact) fprintf(stderr, "answer: %s\nwhy: %s\n", printed, why);
    fz_check(compact != NULL, "the answer is JSON with no key twice");
    const cJSON *err = cJSON_GetObjectItem(result, "error");
    fz_check(cJSON_IsNull(err) || cJSON_IsObject(err), "error is null or an object");
    if (cJSON_IsObject(err)) {
        const char *type = cJSON_GetStringValue(cJSON_GetObjectItem(err, "type"));
        fz_check(type && pw_error_type_known(type), "error.type is a known string");
        if (!cJSON_IsString(cJSON_GetObjectItem(err, "message")))
            fprintf(stderr, "answer: %s\n", printed);
        fz_check(cJSON_IsString(cJSON_GetObjectItem(err, "message")), "error.message is a string");
    }
    fz_check(cJSON_IsArray(cJSON_GetObjectItem(result, "violations")), "violations is an array");
    const cJSON *stats = cJSON_GetObjectItem(result, "stats");
    fz_check(cJSON_IsNumber(cJSON_GetObjectItem(stats, "cpu_ms")) &&
                 cJSON_IsNumber(cJSON_GetObjectItem(stats, "max_rss_kb")),
             "stats are numbers");
    free(compact);
    free(printed);
    cJSON_Delete(result);
    stream_free(&ob.out);
    stream_free(&ob.err);
    stream_free(&ob.res);
    free(text);
    return 0;
}
