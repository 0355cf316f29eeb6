/* Small helpers shared by supervisor and child: growable buffers, string lists,
 * UTF-8 repair, clocks, and full reads/writes on fds. No policy or Python here. */
#ifndef PW_UTIL_H
#define PW_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

typedef struct {
    char *data;
    size_t len;
    size_t cap;
} pw_buf;

/* All pw_buf functions return false on allocation failure and leave the buffer valid. */
bool pw_buf_append(pw_buf *b, const void *data, size_t len);
bool pw_buf_appendf(pw_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
bool pw_buf_putc(pw_buf *b, char c);
/* Returns the NUL-terminated string and resets the buffer; caller frees. */
char *pw_buf_take(pw_buf *b);
void pw_buf_free(pw_buf *b);

typedef struct {
    char **v;
    size_t n;
} pw_strv;

bool pw_strv_push(pw_strv *s, const char *str);
bool pw_strv_contains(const pw_strv *s, const char *str);
bool pw_strv_copy(pw_strv *dst, const pw_strv *src);
/* Keeps only the last entry of each key (the prefix before the first stop byte; the whole
 * string when stop is 0), in their order. O(n log n). false when out of memory. */
bool pw_strv_dedup(pw_strv *s, char stop);
/* Removes every entry equal to str; true when there was one. */
bool pw_strv_remove(pw_strv *s, const char *str);
void pw_strv_free(pw_strv *s);

/* Copies len bytes into a new NUL-terminated string with every invalid UTF-8 sequence and
 * every NUL replaced by U+FFFD, so it can sit in a JSON string. */
char *pw_utf8_sanitize(const char *data, size_t len);
bool pw_utf8_valid(const char *data, size_t len);

/* Length of a report nonce in hex digits (16 random bytes). */
#define PW_NONCE_HEX 32
/* Fills out[PW_NONCE_HEX + 1] with a fresh random hex nonce. */
bool pw_nonce_new(char *out);

/* An ASCII Python identifier ([A-Za-z_][A-Za-z0-9_]*), and dotted ones (a module name). */
bool pw_is_identifier(const char *s);
bool pw_is_module_name(const char *s);

double pw_now_ms(void);
/* A whole decimal number in [min, max] (an option's value); false for anything else. */
bool pw_parse_long(const char *s, long min, long max, long *out);
char *pw_strdup(const char *s);
/* Reads a whole regular file (at most max bytes); NULL with errno set on failure: EINVAL
 * for anything not a regular file (FIFO, device, socket), EISDIR, EFBIG over max. The open
 * never blocks (O_NONBLOCK), so a FIFO is refused at once instead of waiting for a writer.
 * pw_read_fd reads from offset 0 whatever the fd's offset (a memfd that came over a socket
 * shares the sender's). */
char *pw_read_file(const char *path, size_t max, size_t *len_out);
char *pw_read_fd(int fd, size_t max, size_t *len_out);
/* What a failed pw_read_file / pw_read_fd means, for messages. */
const char *pw_read_error(int e);
/* close_range(first, last, 0), or where the kernel or a seccomp profile has none (Linux
 * before 5.9, older gVisor: ENOSYS or EPERM) each open fd of the range. */
int pw_close_range(unsigned first, unsigned last);
/* path (absolute, or relative to the current directory) as an O_PATH fd, looked up one
 * component at a time without following any symlink: -1 with errno ELOOP where one is a
 * link (what a run may have left in a directory it could write). */
int pw_open_no_links(const char *path);
/* Whether absolute path is root or lies beneath it ("/" holds every path). */
bool pw_path_under(const char *path, const char *root);
/* Whether path names the object fd is open on (device and inode). */
bool pw_same_object(int fd, const char *path);
/* realpath(path) of what pw_open_no_links(path) opens: NULL with ELOOP where a link is in
 * the way or was swapped in while the path was resolved, else with realpath's errno. */
char *pw_realpath_no_links(const char *path);
/* All of data, waiting for room where fd is non-blocking. */
bool pw_write_all(int fd, const void *data, size_t len);
/* All of iov[0..n) (which it consumes) in as few writes as the fd takes. */
bool pw_writev_all(int fd, struct iovec *iov, int n);
/* Waits (without end, through EINTR) until fd is ready for events (POLLIN, POLLOUT). */
bool pw_wait_fd(int fd, short events);

/* Asks the kernel for the shortest time slice (Linux 6.12+, EEVDF), kept across fork and
 * by threads made later; ignored by older kernels and where the call is refused. */
void pw_short_slice(void);
/* This process and what it forks are the kernel's first choice when memory runs out
 * (oom_score_adj 1000): runs and their templates, not serve or the host, which would take
 * every run with them. Where /proc cannot be written, nothing changes. */
void pw_oom_first(void);

/* For a fork or thread refused with err: where it is EAGAIN, " (RLIMIT_NPROC is N for uid U
 * (ulimit -u), which counts every process and thread of the uid; or a pids cgroup limit is
 * reached)" into out (cap bytes; "" for any other err), so that a message names the limit. */
void pw_fork_limit_hint(int err, char *out, size_t cap);

/* pywarden's own settings from the environment (PYWARDEN_POLICY_DIR, the test switches):
 * getenv's value, or the one kept by pw_settings_keep before the environment was emptied. */
const char *pw_setting(const char *name);
void pw_settings_keep(void);

#endif
