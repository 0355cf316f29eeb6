/* Layer "landlock". Filled in by the kernel-layer issue. */
#include "layers.h"

pw_layer_status pw_landlock_apply(const pw_policy *p, pw_buf *why)
{
    (void)p;
    pw_buf_appendf(why, "landlock: not built yet");
    return PW_UNAVAILABLE;
}
