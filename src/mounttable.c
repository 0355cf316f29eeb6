/* The kernel's own filesystems in this process's mount table (mounttable.h). */
#include "mounttable.h"

#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "util.h"

struct pw_mount_table {
    pthread_mutex_t mu;
    int fd;   /* /proc/self/mountinfo, kept open; -1 before the first lookup */
    ino_t ns; /* the mount namespace it shows (a host may enter another) */
    bool loaded;
    unsigned long generation; /* reads of a changed table */
    pw_strv points, types;    /* the kernel's mounts only */
};

/* mountinfo's escapes (\040 for a space, ...) undone in place. */
static void unescape_octal(char *s)
{
    char *out = s;
    for (; *s; s++)
        if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
            s[3] >= '0' && s[3] <= '7') {
            *out++ = (char)((s[1] - '0') << 6 | (s[2] - '0') << 3 | (s[3] - '0'));
            s += 3;
        } else {
            *out++ = *s;
        }
    *out = '\0';
}

/* type's name in the list of the kernel's own filesystems (a string that stays), or NULL. */
static const char *kernel_type(const char *type)
{
    static const char *const kinds[] = {
        "proc",       "sysfs",   "cgroup", "cgroup2",  "debugfs",     "tracefs",
        "securityfs", "bpf",     "devpts", "devtmpfs", "configfs",    "pstore",
        "efivarfs",   "fusectl", "nsfs",   "mqueue",   "binfmt_misc", "selinuxfs"};
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
        if (strcmp(type, kinds[i]) == 0) return kinds[i];
    return NULL;
}

/* t up to date; called with its lock held. */
static void refresh(pw_mount_table *t)
{
    struct stat ns;
    if (stat("/proc/self/ns/mnt", &ns) == 0 && ns.st_ino != t->ns) {
        if (t->fd >= 0) close(t->fd);
        t->fd = -1;
        t->loaded = false;
        t->ns = ns.st_ino;
    }
    if (t->fd < 0) t->fd = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC);
    struct pollfd p = {.fd = t->fd, .events = POLLPRI};
    bool changed = t->fd >= 0 && poll(&p, 1, 0) == 1;
    if (t->loaded && !changed) return;
    t->generation++;
    pw_strv_free(&t->points);
    pw_strv_free(&t->types);
    pw_buf text = {0};
    char chunk[16384];
    for (ssize_t n = t->fd >= 0 && lseek(t->fd, 0, SEEK_SET) == 0 ? 1 : -1;
         n > 0 && (n = read(t->fd, chunk, sizeof chunk)) > 0;)
        pw_buf_append(&text, chunk, (size_t)n);
    pw_buf_putc(&text, '\0');
    char *save = NULL;
    for (char *line = text.data ? strtok_r(text.data, "\n", &save) : NULL; line;
         line = strtok_r(NULL, "\n", &save)) {
        char point[4096], type[64];
        const char *dash = strstr(line, " - ");
        if (!dash || sscanf(line, "%*s %*s %*s %*s %4095s", point) != 1 ||
            sscanf(dash + 3, "%63s", type) != 1 || !kernel_type(type))
            continue;
        unescape_octal(point);
        pw_strv_push(&t->points, point);
        pw_strv_push(&t->types, type);
    }
    pw_buf_free(&text);
    t->loaded = t->fd >= 0;
}

pw_mount_table *pw_mount_table_new(void)
{
    pw_mount_table *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    pthread_mutex_init(&t->mu, NULL);
    t->fd = -1;
    return t;
}

void pw_mount_table_free(pw_mount_table *t)
{
    if (!t) return;
    if (t->fd >= 0) close(t->fd);
    pw_strv_free(&t->points);
    pw_strv_free(&t->types);
    pthread_mutex_destroy(&t->mu);
    free(t);
}

unsigned long pw_mount_table_generation(pw_mount_table *t)
{
    if (!t) return 0;
    pthread_mutex_lock(&t->mu);
    refresh(t);
    unsigned long g = t->generation;
    pthread_mutex_unlock(&t->mu);
    return g;
}

const char *pw_kernel_fs_at(pw_mount_table *t, const char *path)
{
    if (pw_path_under(path, "/dev")) return "devtmpfs";
    pw_mount_table *once = t ? NULL : pw_mount_table_new();
    if (!t) t = once;
    if (!t) return NULL;
    const char *found = NULL;
    pthread_mutex_lock(&t->mu);
    refresh(t);
    for (size_t i = 0; i < t->points.n && !found; i++)
        if (pw_path_under(t->points.v[i], path) || pw_path_under(path, t->points.v[i]))
            found = kernel_type(t->types.v[i]);
    pthread_mutex_unlock(&t->mu);
    pw_mount_table_free(once);
    return found;
}

const char *pw_kernel_fs_of(int fd)
{
    static const struct {
        unsigned long magic;
        const char *name;
    } kinds[] = {{PROC_SUPER_MAGIC, "proc"},       {SYSFS_MAGIC, "sysfs"},
                 {CGROUP_SUPER_MAGIC, "cgroup"},   {CGROUP2_SUPER_MAGIC, "cgroup2"},
                 {DEBUGFS_MAGIC, "debugfs"},       {TRACEFS_MAGIC, "tracefs"},
                 {SECURITYFS_MAGIC, "securityfs"}, {BPF_FS_MAGIC, "bpf"},
                 {DEVPTS_SUPER_MAGIC, "devpts"},   {0x62656570, "configfs"},
                 {PSTOREFS_MAGIC, "pstore"},       {EFIVARFS_MAGIC, "efivarfs"},
                 {0x65735543, "fusectl"},          {NSFS_MAGIC, "nsfs"},
                 {0x19800202, "mqueue"},           {BINFMTFS_MAGIC, "binfmt_misc"},
                 {SELINUX_MAGIC, "selinuxfs"}};
    struct statfs fs;
    if (fstatfs(fd, &fs) != 0) return NULL;
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
        if ((unsigned long)fs.f_type == kinds[i].magic) return kinds[i].name;
    /* devtmpfs is a tmpfs by its magic: the host's /dev by where the file is (asked of
     * tmpfs only: every request's work_dir comes here) */
    if ((unsigned long)fs.f_type != TMPFS_MAGIC) return NULL;
    char link[64], path[PATH_MAX];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, path, sizeof path - 1);
    if (n <= 0) return NULL;
    path[n] = '\0';
    return pw_path_under(path, "/dev") ? "devtmpfs" : NULL;
}
