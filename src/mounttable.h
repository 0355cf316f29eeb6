/* mounttable.c: which filesystems of the kernel's own (proc, sysfs, cgroup, ...) a host path
 * is on or holds, from this process's mount table: runs are never granted one. */
#ifndef PW_MOUNTTABLE_H
#define PW_MOUNTTABLE_H

/* The kernel mounts of the mount table, read again only when the table changes (an open
 * /proc/self/mountinfo polled, as the warm pool does) or the process entered another mount
 * namespace: reading and parsing it for each request cost serve ~60 us. Thread-safe. */
typedef struct pw_mount_table pw_mount_table;
pw_mount_table *pw_mount_table_new(void); /* NULL when out of memory */
void pw_mount_table_free(pw_mount_table *t);

/* A number that changes each time t finds the mount table changed (t NULL: always 0). */
unsigned long pw_mount_table_generation(pw_mount_table *t);

/* The type of a filesystem of the kernel's own holding path (absolute, canonical) or
 * mounted beneath it, which a run's view would bind along with it; NULL if none. t NULL:
 * the mount table is read for this call only. */
const char *pw_kernel_fs_at(pw_mount_table *t, const char *path);

/* The type of the filesystem of the kernel's own an open file or directory is on (by its
 * superblock: also where one is bound elsewhere), "devtmpfs" for the host's /dev; NULL if
 * none. For what the supervisor itself opens for a request (its script, its work_dir). */
const char *pw_kernel_fs_of(int fd);

#endif
