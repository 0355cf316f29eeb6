/* Layer "seccomp". Filled in by the kernel-layer issue. */
#include "layers.h"

pw_layer_status pw_seccomp_apply(const pw_policy *p, pw_buf *why)
{
    (void)p;
    pw_buf_appendf(why, "seccomp: not built yet");
    return PW_UNAVAILABLE;
}
