/* A policy as a warm template gets it, and the ceiling's judgement of it: the input is an
 * inline policy text (it may extend the shipped policies, so data's preload is reachable).
 * Every policy that loads must survive pw_template_policy_text -> parse -> text unchanged and
 * be the same policy (a template would otherwise run requests under another policy), and
 * pw_ceiling_compare against each shipped policy it could tighten must not let a preload
 * module through that the parent does not preload (a template imports them before any
 * kernel layer is in force). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ceiling.h"
#include "fuzz.h"
#include "jsonconv.h"
#include "policy.h"
#include "template_policy.h"

static const char *work;
static pw_policy parents[3];
static const char *const parent_names[3] = {"default", "data", "strict"};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    work = fz_workdir();
    for (int i = 0; i < 3; i++) {
        cJSON *spec = cJSON_CreateString(parent_names[i]);
        cJSON *err = pw_policy_load(spec, work, &parents[i]);
        if (err) abort(); /* PYWARDEN_POLICY_DIR must name the shipped policies */
        cJSON_Delete(spec);
    }
    return 0;
}

static bool in(const pw_strv *v, const char *s)
{
    for (size_t i = 0; i < v->n; i++)
        if (!strcmp(v->v[i], s)) return true;
    return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fz_cstr(data, size);
    const char *why = NULL;
    cJSON *spec = pw_json_parse_exact(text, &why);
    pw_policy pol;
    cJSON *err = spec ? pw_policy_load(spec, work, &pol) : NULL;
    if (spec && !err) {
        char *t1 = pw_template_policy_text(&pol);
        fz_check(t1 != NULL, "a loaded policy has a template text");
        pw_policy back;
        fz_check(pw_template_policy_parse(t1, &back), "the template text parses back");
        char *t2 = pw_template_policy_text(&back);
        fz_check(t2 && !strcmp(t1, t2), "text -> policy -> text is the identity");
        fz_check(pw_template_policy_same(&pol, &back), "the parsed policy is the same");
        fz_check(pol.preload.n == back.preload.n, "preload survives");
        for (int i = 0; i < 3; i++) {
            cJSON *loosens = pw_ceiling_compare(&pol, &parents[i]);
            if (!loosens)
                for (size_t j = 0; j < pol.preload.n; j++)
                    fz_check(in(&parents[i].preload, pol.preload.v[j]),
                             "an accepted tightening preloads only its parent's modules");
            cJSON_Delete(loosens);
        }
        free(t1);
        free(t2);
        pw_policy_free(&back);
        pw_policy_free(&pol);
    }
    cJSON_Delete(err);
    cJSON_Delete(spec);
    free(text);
    return 0;
}
