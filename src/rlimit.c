/* Layer "rlimit" (and "noproc"'s process count). Filled in by the kernel-layer issue. */
#include "layers.h"

pw_layer_status pw_rlimit_apply(const pw_policy *p, pw_buf *why)
{
    (void)p;
    pw_buf_appendf(why, "rlimit: not built yet");
    return PW_UNAVAILABLE;
}

pw_layer_status pw_noproc_apply(const pw_policy *p, pw_buf *why)
{
    (void)p;
    pw_buf_appendf(why, "noproc: not built yet");
    return PW_UNAVAILABLE;
}
