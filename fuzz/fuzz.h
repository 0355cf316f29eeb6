/* What every libFuzzer harness of pywarden shares: a NUL-terminated copy of the input and
 * a private temporary working directory (requests and policies resolve paths against it). */
#ifndef PW_FUZZ_H
#define PW_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* data[0..size) plus a NUL (free it). */
char *fz_cstr(const uint8_t *data, size_t size);
/* Creates a temporary directory, removed at exit, and makes it the working directory. */
const char *fz_workdir(void);
/* Aborts (a finding for libFuzzer) with the message when cond is false. */
void fz_check(int cond, const char *what);
/* Checks that a refusal (a whole result object) prints as UTF-8 JSON, whatever bytes the
 * input held: hosts read answers with strict decoders. */
struct cJSON;
void fz_check_prints_utf8(const struct cJSON *result);

#endif
