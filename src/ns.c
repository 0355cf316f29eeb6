/* Layer "ns". Filled in by the kernel-layer issue. */
#include "layers.h"

pw_layer_status pw_ns_apply(const pw_policy *p, pw_buf *why)
{
    (void)p;
    pw_buf_appendf(why, "ns: not built yet");
    return PW_UNAVAILABLE;
}
