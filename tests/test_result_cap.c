/* A result over max_result_bytes is output_limit (stream "result") without the writer ever
 * building it: a 256 MiB string under memory_mb 512 would need more than the limit to
 * encode whole. Cold (pw_run) and warm (the pool). */
#include "helpers.h"

#include <stdlib.h>
#include <string.h>

#include "pywarden.h"

static const char request[] = "{\"code\":\"result = {'blob': 'x' * (256 << 20)}\","
                              "\"policy\":{\"extends\":\"default\",\"memory_mb\":512}}";

static void check_output_limit(const cJSON *r)
{
    t_assert_error(r, "output_limit", "the result is over max_result_bytes");
    assert_string_equal(t_err_str(r, "stream"), "result");
}

static void huge_string_cold(void **state)
{
    (void)state;
    cJSON *r = t_run(request);
    check_output_limit(r);
    assert_string_equal(
        cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(r, "stats"), "mode")), "cold");
    cJSON_Delete(r);
}

static void huge_string_warm(void **state)
{
    (void)state;
    char *error = NULL;
    pw_pool *pool = pw_pool_create(NULL, 1, &error);
    if (!pool) fail_msg("pw_pool_create: %s", error);
    char *out = pw_pool_run(pool, request);
    cJSON *r = cJSON_Parse(out);
    check_output_limit(r);
    assert_string_equal(
        cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(r, "stats"), "mode")), "warm");
    cJSON_Delete(r);
    pw_free(out);
    pw_pool_destroy(pool);
}

/* Escaping grows a string up to sixfold (a newline is written as \u000a): a string under
 * the cap in code points but over it once escaped is refused; one that fits passes. */
static void escaped_growth_is_capped(void **state)
{
    (void)state;
    cJSON *r = t_run("{\"code\":\"result = '\\\\n' * 300\","
                     "\"policy\":{\"extends\":\"default\",\"max_result_bytes\":1500}}");
    check_output_limit(r);
    assert_non_null(strstr(t_err_str(r, "message"), "(1500)"));
    cJSON_Delete(r);
    r = t_run("{\"code\":\"result = '\\\\n' * 200\","
              "\"policy\":{\"extends\":\"default\",\"max_result_bytes\":1500}}");
    t_assert_ok(r);
    cJSON_Delete(r);
}

/* A 10^8-bit int has ~3*10^7 digits, which CPython converts in quadratic time (minutes):
 * its size is known from its bit count, so it is refused at once instead of timing out. */
static void huge_int_is_refused_before_its_digits(void **state)
{
    (void)state;
    cJSON *r = t_run("{\"code\":\"result = [1 << (10 ** 8)]\",\"timeout_ms\":20000}");
    check_output_limit(r);
    cJSON_Delete(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(huge_string_cold),
        cmocka_unit_test(huge_string_warm),
        cmocka_unit_test(escaped_growth_is_capped),
        cmocka_unit_test(huge_int_is_refused_before_its_digits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
