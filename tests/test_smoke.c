/* The quick-start example, through the library and through the binary. */
#include "helpers.h"

#include <stdlib.h>
#include <string.h>

static void quick_start_via_library(void **state)
{
    (void)state;
    cJSON *r =
        t_run_code("def main(inputs):\n    return {'n': inputs['n'] * 2}", "{\"n\": 21}", NULL);
    t_assert_ok(r);
    assert_string_equal(t_result_text(r), "{\"n\":42}");
    cJSON_Delete(r);
}

static void quick_start_via_binary(void **state)
{
    (void)state;
    const char *argv[] = {
        "pywarden", "run",         "--code", "def main(inputs): return {\"n\": inputs[\"n\"] * 2}",
        "--inputs", "{\"n\": 21}", NULL};
    char *out, *err;
    int rc = t_run_cli(argv, NULL, NULL, &out, &err);
    assert_int_equal(rc, 0);
    assert_non_null(strstr(out, "\"ok\":true,\"result\":{\"n\":42}"));
    free(out);
    free(err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(quick_start_via_library),
        cmocka_unit_test(quick_start_via_binary),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
