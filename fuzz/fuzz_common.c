/* Helpers shared by the harnesses (fuzz.h). */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "result.h"
#include "util.h"

static char workdir[] = "/tmp/pywarden-fuzz-XXXXXX";

char *fz_cstr(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s) abort();
    if (size) memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

static void remove_workdir(void)
{
    char cmd[sizeof workdir + 16];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", workdir);
    if (system(cmd) != 0) fprintf(stderr, "fuzz: could not remove %s\n", workdir);
}

const char *fz_workdir(void)
{
    if (!mkdtemp(workdir) || chdir(workdir) != 0) abort();
    atexit(remove_workdir);
    return workdir;
}

void fz_check(int cond, const char *what)
{
    if (cond) return;
    fprintf(stderr, "fuzz: invariant broken: %s\n", what);
    abort();
}

void fz_check_prints_utf8(const struct cJSON *result)
{
    char *printed = pw_result_print(result);
    fz_check(printed != NULL, "the refusal prints");
    fz_check(pw_utf8_valid(printed, strlen(printed)), "the refusal is UTF-8");
    free(printed);
}
