/* A C host using the struct API: build with the project (target example_embed). */
#include <stdio.h>

#include "pywarden.h"

int main(void)
{
    pw_request req = {
        .code = "def main(inputs):\n    return {'total': sum(inputs['xs'])}\n",
        .inputs_json = "{\"xs\": [1, 2, 3.5]}",
        .timeout_ms = 2000,
    };
    pw_result res;
    if (pw_run_request(&req, &res) < 0) return 2;
    if (res.ok)
        printf("result: %s (%.1f ms)\n", res.result_json, res.wall_ms);
    else
        printf("%s: %s\n", res.error_type, res.error_message);
    int status = res.ok ? 0 : 1;
    pw_result_free(&res);
    return status;
}
