/* No capability reaches user code, whatever the layers: a root host where user namespaces are
 * refused (no namespaces, no mounts layer) would otherwise hand the run CAP_SYS_ADMIN,
 * CAP_SYS_NICE, CAP_NET_ADMIN... of the host. The bounding set goes first (it needs
 * CAP_SETPCAP; without it, no_new_privs), so not even an exec can bring one back; the mounts
 * layer empties the bounding set ahead, while the view still needs the capabilities. */
#include <errno.h>
#include <linux/capability.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "layers.h"

/* Set once this process emptied its bounding set (a warm spare does it ahead, in the mounts
 * layer): 41 prctl calls, each a new set of credentials, not to be paid twice. */
static bool bounding_dropped;

bool pw_caps_drop_bounding_set(pw_buf *why)
{
    if (bounding_dropped) return true;
    int cap = 0;
    while (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) == 0) /* EINVAL past the kernel's last */
        cap++;
    if (errno == EINVAL && cap > 0) return bounding_dropped = true;
    int e = errno;
    pw_buf_appendf(why, "prctl(PR_CAPBSET_DROP, %d): %s", cap, strerror(e));
    errno = e;
    return false;
}

bool pw_caps_drop_all(pw_buf *why)
{
    struct __user_cap_header_struct h = {.version = _LINUX_CAPABILITY_VERSION_3};
    struct __user_cap_data_struct now[2] = {{0}}, none[2] = {{0}};
    if (syscall(SYS_capget, &h, now) != 0) {
        pw_buf_appendf(why, "capget: %s", strerror(errno));
        return false;
    }
    if (!(now[0].permitted | now[1].permitted | now[0].inheritable | now[1].inheritable))
        return true; /* the usual case: a user namespace's, already dropped, or a plain user's */
    /* Without CAP_SETPCAP (a container that kept only a few) the bounding set stays; then
     * no_new_privs keeps an exec from gaining what the empty permitted set below lacks. */
    pw_buf ignored = {0};
    bool bounded = pw_caps_drop_bounding_set(&ignored) ||
                   (errno == EPERM && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0);
    if (!bounded) pw_buf_appendf(why, "%s", ignored.data ? ignored.data : "prctl");
    pw_buf_free(&ignored);
    if (!bounded) return false;
    if (syscall(SYS_capset, &h, none) != 0) {
        pw_buf_appendf(why, "capset(0): %s", strerror(errno));
        return false;
    }
    return true;
}
