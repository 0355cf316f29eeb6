/* Attack scripts (tests/attacks/NAME.py) against the real library, each with all layers on
 * and with every layer but its stopper switched off (PYWARDEN_TEST_DISABLE_LAYERS, honoured
 * only by -DPYWARDEN_TEST_SWITCHES=ON builds). After every run the side effects are checked:
 * no host secret in the result, no file created or changed outside the roots, no connection
 * to the host's listeners, no process left behind. Cold (pw_run) by default; with --warm the
 * same table, expectations included, through a warm pool (ctest: test_attacks_warm). */
#include "helpers.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <unistd.h>

#include "pywarden.h"

#ifndef PW_TEST_SWITCHES
#error "test_attacks needs -DPYWARDEN_TEST_SWITCHES=ON (tests/CMakeLists.txt skips it otherwise)"
#endif

/* Every layer but the named one off ("fds", the env layer, stays: it is not optional). */
#define ONLY_RLIMIT "audit,noproc,namespaces,mounts,landlock,seccomp"
#define ONLY_NOPROC "audit,rlimit,namespaces,mounts,landlock,seccomp"
#define ONLY_NS "audit,rlimit,noproc,mounts,landlock,seccomp"
#define ONLY_MOUNTS "audit,rlimit,noproc,namespaces,landlock,seccomp"
#define ONLY_LANDLOCK "audit,rlimit,noproc,namespaces,mounts,seccomp"
#define ONLY_SECCOMP "audit,rlimit,noproc,namespaces,mounts,landlock"
#define ONLY_AUDIT "rlimit,noproc,namespaces,mounts,landlock,seccomp"
#define ALL ""

/* Expected outcome: OK (ok:true), ANY_FAIL (ok:false, any type: the audit hook may stop it
 * first), ANYTHING (only the side-effect checks decide), else an error type; for
 * "exception" detail is the exception class, for other types a message fragment. */
#define OK NULL
#define ANY_FAIL "*"
#define ANYTHING "?"
#define EXC "exception"

typedef struct {
    const char *attack;  /* tests/attacks/<attack>.py */
    const char *policy;  /* a shipped policy name or an inline policy object */
    const char *disable; /* PYWARDEN_TEST_DISABLE_LAYERS for this run */
    const char *type;
    const char *detail;
    const char *frag;     /* must appear in the whole result JSON (NULL: nothing) */
    long timeout_ms;      /* 0: the policy's */
    bool needs_rlimit_as; /* memory assertions: impossible under ASan */
} attack;

#define CPU1 "{\"extends\":\"default\",\"cpu_s\":1}"
#define NET "{\"extends\":\"default\",\"allow_network\":true}"
#define MEM256 "{\"extends\":\"default\",\"memory_mb\":256}"
/* The same with room for a slow machine: growing 256 MB of frames takes ~3.5 s of CPU, and
 * twice timed out at 30 s of wall time beside other test suites. */
#define MEM256_SLOW "{\"extends\":\"default\",\"memory_mb\":256,\"timeout_ms\":120000}"
#define FILE8 "{\"extends\":\"data\",\"max_file_mb\":8}"
/* a read-only input inside a writable grant */
#define NESTED "{\"extends\":\"default\",\"write_paths\":[\".\"],\"read_paths\":[\"data.txt\"]}"
/* network, and the socket module the hook lets user code import */
#define NET_SOCKET                                                                                 \
    "{\"extends\":\"default\",\"allow_network\":true,\"unblocked_modules\":[\"socket\","           \
    "\"_socket\",\"select\",\"selectors\"]}"

/* socket_kernel_protocols: every socket refused as `how`, TCP and UDP made, TCP_ULP refused
 * by seccomp (the hook sees no setsockopt) */
#define PROTOCOLS_REFUSED(how)                                                                     \
    "{\"sctp_stream\":\"" how "\",\"sctp_seqpacket\":\"" how "\",\"mptcp\":\"" how                 \
    "\",\"sctp_family_unset\":\"" how "\",\"dccp\":\"" how "\",\"udplite\":\"" how                 \
    "\",\"l2tp_ip\":\"" how "\",\"ping\":\"" how "\",\"raw_ip\":\"" how "\",\"rdm\":\"" how        \
    "\",\"tcp\":\"ok\",\"tcp_named\":\"ok\",\"udp\":\"ok\",\"tcp_ulp\":\"EPERM\"}"

/* fs_ioctl_bypass: the preallocating and attribute ioctls refused, punching a hole not */
#define FS_IOCTLS_REFUSED                                                                          \
    "{\"resvsp\":\"EPERM\",\"zero_range\":\"EPERM\",\"unresvsp\":\"done\",\"setflags\":\"EPERM\"," \
    "\"fssetxattr\":\"EPERM\",\"sync\":false,\"over_limit\":false}"

/* host_interfaces: the interface ioctls refused, the socketpair's own not */
#define INTERFACES_REFUSED                                                                         \
    "{\"conf\":\"EPERM\",\"hwaddr\":\"EPERM\",\"index\":\"EPERM\",\"fionread\":0}"

static const attack attacks[] = {
    /* processes and exec: noproc and seccomp each stop them alone */
    {"fork_os", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"fork_os", "default", ONLY_NOPROC, EXC, "PermissionError", NULL, 0, false},
    {"fork_os", "default", ONLY_SECCOMP, EXC, "PermissionError", NULL, 0, false},
    {"fork_bomb", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"fork_bomb", "default", ONLY_NOPROC, EXC, "PermissionError", NULL, 0, false},
    {"fork_bomb", "default", ONLY_SECCOMP, EXC, "PermissionError", NULL, 0, false},
    {"thread_bomb", "default", ALL, OK, NULL, "\"bounded\":true", 0, false},
    {"thread_bomb", "default", "audit,landlock,seccomp", OK, NULL, "\"bounded\":true", 0, false},
    {"thread_bomb_setresuid", "default", ALL, OK, NULL,
     "\"bounded\":true,\"setresuid\":\"PermissionError\"", 0, false},
    {"thread_bomb_setresuid", "default", "audit,landlock,seccomp", OK, NULL,
     "\"bounded\":true,\"setresuid\":\"PermissionError\"", 0, false},
    {"posixsubprocess_fork_exec", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"posixsubprocess_fork_exec", "default", ONLY_NOPROC, EXC, "PermissionError", NULL, 0, false},
    {"posixsubprocess_fork_exec", "default", ONLY_SECCOMP, EXC, "PermissionError", NULL, 0, false},
    {"imp_create_builtin_fork_exec", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"imp_create_builtin_fork_exec", "default", ONLY_NOPROC, EXC, "PermissionError", NULL, 0,
     false},
    {"imp_create_builtin_fork_exec", "default", ONLY_SECCOMP, EXC, "PermissionError", NULL, 0,
     false},
    /* the hook alone decides what create_builtin loads */
    {"imp_create_builtin_key_eq", "default", ALL, OK, NULL, "\"loaded\":false", 0, false},
    {"imp_create_builtin_key_eq", "strict", ALL, OK, NULL, "\"loaded\":false", 0, false},
    {"imp_create_builtin_self", "default", ALL, OK, NULL, "\"loaded\":false", 0, false},
    {"imp_create_builtin_self", "strict", ALL, OK, NULL, "\"loaded\":false", 0, false},
    {"subprocess_run", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"subprocess_run", "default", ONLY_NOPROC, EXC, "PermissionError", NULL, 0, false},
    {"subprocess_run", "default", ONLY_SECCOMP, EXC, "PermissionError", NULL, 0, false},
    {"subprocess_preexec_fn", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"subprocess_preexec_fn", "default", ONLY_NOPROC, EXC, "PermissionError", NULL, 0, false},
    {"subprocess_preexec_fn", "default", ONLY_SECCOMP, EXC, "PermissionError", NULL, 0, false},
    {"os_system", "default", ALL, ANYTHING, NULL, NULL, 0, false},
    {"os_system", "default", ONLY_NOPROC, OK, NULL, "\"spawned\":false", 0, false},
    {"os_system", "default", ONLY_SECCOMP, OK, NULL, "\"spawned\":false", 0, false},
    {"posix_spawn", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"posix_spawn", "default", ONLY_NOPROC, EXC, "PermissionError", NULL, 0, false},
    {"posix_spawn", "default", ONLY_SECCOMP, EXC, "PermissionError", NULL, 0, false},
    {"execv_shell", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"execv_shell", "default", ONLY_NOPROC, EXC, "PermissionError", NULL, 0, false},
    {"execv_shell", "default", ONLY_SECCOMP, EXC, "PermissionError", NULL, 0, false},
    {"execv_shell", "default", ONLY_LANDLOCK, EXC, "PermissionError", NULL, 0, false},
    {"memfd_execveat", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"memfd_execveat", "default", ONLY_NOPROC, EXC, "PermissionError", NULL, 0, false},
    {"memfd_execveat", "default", ONLY_SECCOMP, EXC, "PermissionError", NULL, 0, false},
    {"clone_raw_syscall", "default", ALL, ANYTHING, NULL, NULL, 0, false},
    {"clone_raw_syscall", "default", ONLY_NOPROC, OK, NULL, "\"rc\":-1", 0, false},
    {"clone_raw_syscall", "default", ONLY_SECCOMP, OK, NULL, "\"rc\":-1", 0, false},
    {"ctypes_system", "default", ALL, ANYTHING, NULL, NULL, 0, false},
    {"ctypes_system", "default", ONLY_NOPROC, OK, NULL, "\"spawned\":false", 0, false},
    {"ctypes_system", "default", ONLY_SECCOMP, OK, NULL, "\"spawned\":false", 0, false},
    {"leaked_grandchild_setsid", "default", ALL, ANY_FAIL, NULL, NULL, 3000, false},
    {"leaked_grandchild_setsid", "default", ONLY_NOPROC, EXC, "PermissionError", NULL, 3000, false},
    {"leaked_grandchild_setsid", "default", ONLY_SECCOMP, EXC, "PermissionError", NULL, 3000,
     false},

    /* reading host files: Landlock stops every route alone */
    {"read_secret_open", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"read_secret_open", "default", ONLY_LANDLOCK, EXC, "PermissionError", NULL, 0, false},
    {"read_etc_shadow", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"read_etc_shadow", "default", ONLY_LANDLOCK, EXC, "PermissionError", NULL, 0, false},
    {"read_proc_self_root", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"read_proc_self_root", "default", ONLY_LANDLOCK, EXC, "PermissionError", NULL, 0, false},
    {"read_proc_pid1_root", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"read_proc_pid1_root", "default", ONLY_LANDLOCK, EXC, "PermissionError", NULL, 0, false},
    {"read_dotdot_from_work", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"read_dotdot_from_work", "default", ONLY_LANDLOCK, EXC, "PermissionError", NULL, 0, false},
    {"read_dir_fd_opath", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"read_dir_fd_opath", "default", ONLY_LANDLOCK, EXC, "PermissionError", NULL, 0, false},
    {"read_dir_fd_directory", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"read_dir_fd_directory", "default", ONLY_LANDLOCK, EXC, "PermissionError", NULL, 0, false},
    {"listdir_host", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"listdir_host", "default", ONLY_LANDLOCK, EXC, "PermissionError", NULL, 0, false},
    {"import_from_host_dir", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"import_from_host_dir", "default", ONLY_LANDLOCK, EXC, "ModuleNotFoundError", NULL, 0, false},
    {"symlink_to_secret", "data", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"symlink_to_secret", "data", ONLY_LANDLOCK, EXC, "PermissionError", NULL, 0, false},
    /* the hook alone: no kernel layer can judge a link's target ("What still gets through") */
    {"symlink_plant", "data", ALL, "policy_violation", "forbids a symbolic link to", NULL, 0,
     false},
    {"hardlink_secret", "data", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"hardlink_secret", "data", ONLY_LANDLOCK, EXC, "OSError", "Invalid cross-device link", 0,
     false},
    {"symlink_swap_race", "data", ALL, ANYTHING, NULL, NULL, 0, false},
    {"symlink_swap_race", "data", ONLY_LANDLOCK, OK, NULL, "\"leaked\":false", 0, false},
    {"readline_read_history", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"readline_read_history", "default", ONLY_LANDLOCK, EXC, "PermissionError", NULL, 0, false},
    {"sqlite_attach_host_db", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"sqlite_attach_host_db", "default", ONLY_LANDLOCK, EXC, "OperationalError", NULL, 0, false},
    {"sqlite_uri_percent_escape", "data", ALL, ANYTHING, NULL, NULL, 0, false},
    {"sqlite_uri_percent_escape", "data", ONLY_LANDLOCK, OK, NULL,
     "{\"escaped\":\"OperationalError\",\"memory_dir\":\"OperationalError\",\"escaped_bytes\":"
     "\"OperationalError\",\"escaped_path\":\"OperationalError\"}",
     0, false},
    {"sqlite_uri_percent_escape", "data", ONLY_AUDIT, OK, NULL,
     "{\"escaped\":\"PolicyViolation\",\"memory_dir\":\"PolicyViolation\",\"escaped_bytes\":"
     "\"PolicyViolation\",\"escaped_path\":\"PolicyViolation\"}",
     0, false},
    {"shutil_copy_secret", "data", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"shutil_copy_secret", "data", ONLY_LANDLOCK, EXC, "PermissionError", NULL, 0, false},
    {"proc_self_environ", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"proc_self_environ", "default", ONLY_LANDLOCK, EXC, "PermissionError", NULL, 0, false},
    /* the host's memory and quotas, beyond what a run's limits count: seccomp alone (and the
     * rlimit layer for queued signals) */
    {"unaccounted_memory", "default", ALL, OK, NULL, "{\"made\":[]}", 0, false},
    {"unaccounted_memory", "default", ONLY_SECCOMP, OK, NULL, "{\"made\":[]}", 0, false},
    {"vmsplice_huge_pages", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"vmsplice_huge_pages", "default", "audit", OK, NULL, "{\"vmsplice\":\"EPERM\",\"pinned\":0}",
     0, false},
    {"vmsplice_huge_pages", "default", ONLY_SECCOMP, OK, NULL,
     "{\"vmsplice\":\"EPERM\",\"pinned\":0}", 0, false},
    {"splice_socket_pages", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"splice_socket_pages", "default", "audit", OK, NULL,
     "{\"splice\":\"EPERM\",\"sendfile\":\"EPERM\",\"copy\":\"copied\"}", 0, false},
    {"splice_socket_pages", "default", ONLY_SECCOMP, OK, NULL,
     "{\"splice\":\"EPERM\",\"sendfile\":\"EPERM\",\"copy\":\"copied\"}", 0, false},
    {"socket_buffer_memory", "default", ALL, EXC, "PermissionError", NULL, 0, false},
    {"socket_buffer_memory", "default", ONLY_SECCOMP, EXC, "PermissionError", NULL, 0, false},
    /* a Landlock ruleset per fd, 65 536 port rules each: kernel memory no limit counts */
    /* disk past max_file_mb: fallocate modes that never check RLIMIT_FSIZE */
    {"fallocate_keep_size", FILE8, ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"fallocate_keep_size", FILE8, ONLY_SECCOMP, OK, NULL,
     "{\"keep_size\":\"Operation not permitted\",\"insert_range\":\"Operation not permitted\","
     "\"punch_hole\":\"done\",\"plain\":\"done\",\"over_limit\":false}",
     0, false},
    /* the same, and a file's sync attribute, through ioctl: the hook lets them through */
    {"fs_ioctl_bypass", FILE8, ALL, OK, NULL, FS_IOCTLS_REFUSED, 0, false},
    {"fs_ioctl_bypass", FILE8, "audit", OK, NULL, FS_IOCTLS_REFUSED, 0, false},
    {"fs_ioctl_bypass", FILE8, ONLY_SECCOMP, OK, NULL, FS_IOCTLS_REFUSED, 0, false},
    /* the host's interfaces through a socketpair's ioctls, where the namespaces layer is skipped */
    {"host_interfaces", "default", ALL, OK, NULL, INTERFACES_REFUSED, 0, false},
    {"host_interfaces", "default", "namespaces,mounts", OK, NULL, INTERFACES_REFUSED, 0, false},
    {"host_interfaces", "default", ONLY_SECCOMP, OK, NULL, INTERFACES_REFUSED, 0, false},
    /* seccomp filters of the run's own: kernel memory, and kernel code the JIT makes */
    {"seccomp_filter_memory", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"seccomp_filter_memory", "default", ONLY_SECCOMP, OK, NULL, "{\"seccomp\":0,\"prctl\":0}", 0,
     false},
    /* with a view: the hand-off program holds the rule */
    {"seccomp_filter_memory", "default", "audit,rlimit,noproc,namespaces,landlock", OK, NULL,
     "{\"seccomp\":0,\"prctl\":0}", 0, false},
    /* classic BPF socket filters: kernel memory, and JIT code from the run's constants */
    {"socket_filter_memory", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"socket_filter_memory", "default", "audit", OK, NULL, "{\"attached\":0,\"stop\":\"EPERM\"}", 0,
     false},
    {"socket_filter_memory", "default", ONLY_SECCOMP, OK, NULL,
     "{\"attached\":0,\"stop\":\"EPERM\"}", 0, false},
    {"socket_filter_memory", NET, ONLY_SECCOMP, OK, NULL, "{\"attached\":0,\"stop\":\"EPERM\"}", 0,
     false},
    /* the host's reserved huge pages, and KSM merging between colluding runs */
    {"host_memory_sharing", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"host_memory_sharing", "default", "audit", OK, NULL,
     "{\"hugetlb\":\"EPERM\",\"mergeable\":\"EPERM\",\"merge_all\":\"EPERM\"}", 0, false},
    {"host_memory_sharing", "default", ONLY_SECCOMP, OK, NULL,
     "{\"hugetlb\":\"EPERM\",\"mergeable\":\"EPERM\",\"merge_all\":\"EPERM\"}", 0, false},
    /* dropping the page cache of files every run and the host read: the hook sees no event */
    {"page_cache_evict", "default", ALL, OK, NULL,
     "{\"fadvise\":\"EPERM\",\"pageout\":\"ImportBlocked\",\"cold\":\"ImportBlocked\","
     "\"willneed\":\"done\"}",
     0, false},
    {"page_cache_evict", "strict", ALL, OK, NULL, "{\"fadvise\":\"EPERM\"", 0, false},
    {"page_cache_evict", "data", ALL, OK, NULL, "{\"fadvise\":\"EPERM\"", 0, false},
    {"page_cache_evict", "default", "audit", OK, NULL,
     "{\"fadvise\":\"EPERM\",\"pageout\":\"EPERM\",\"cold\":\"EPERM\",\"willneed\":\"done\"}", 0,
     false},
    {"page_cache_evict", "default", ONLY_SECCOMP, OK, NULL,
     "{\"fadvise\":\"EPERM\",\"pageout\":\"EPERM\",\"cold\":\"EPERM\",\"willneed\":\"done\"}", 0,
     false},
    /* a device cache flush per fsync, of any file a run may read: no-ops now, and no O_DSYNC */
    {"device_flush_storm", "default", ALL, OK, NULL,
     "{\"fsync\":\"done\",\"fdatasync\":\"done\",\"dsync\":\"EPERM\",\"sync\":\"EPERM\","
     "\"rwf_dsync\":\"EPERM\",\"rwf_sync\":\"EPERM\","
     "\"msync\":\"ImportBlocked\",\"plain\":\"done\"}",
     0, false},
    {"device_flush_storm", "data", ALL, OK, NULL,
     "{\"fsync\":\"done\",\"fdatasync\":\"done\",\"dsync\":\"EPERM\",\"sync\":\"EPERM\","
     "\"rwf_dsync\":\"EPERM\",\"rwf_sync\":\"EPERM\"",
     0, false},
    {"device_flush_storm", "default", "audit", OK, NULL,
     "{\"fsync\":\"done\",\"fdatasync\":\"done\",\"dsync\":\"EPERM\",\"sync\":\"EPERM\","
     "\"rwf_dsync\":\"EPERM\",\"rwf_sync\":\"EPERM\","
     "\"msync\":\"done\",\"plain\":\"done\"}",
     0, false},
    {"device_flush_storm", "default", ONLY_SECCOMP, OK, NULL,
     "{\"fsync\":\"done\",\"fdatasync\":\"done\",\"dsync\":\"EPERM\",\"sync\":\"EPERM\","
     "\"rwf_dsync\":\"EPERM\",\"rwf_sync\":\"EPERM\","
     "\"msync\":\"done\",\"plain\":\"done\"}",
     0, false},
    /* every read a device read: O_DIRECT, at open or by F_SETFL */
    {"device_direct_io", "default", ALL, OK, NULL,
     "{\"open\":\"EPERM\",\"setfl\":\"ImportBlocked\"}", 0, false},
    {"device_direct_io", "data", ALL, OK, NULL, "{\"open\":\"EPERM\",\"setfl\":\"ImportBlocked\"}",
     0, false},
    {"device_direct_io", "default", "audit", OK, NULL, "{\"open\":\"EPERM\",\"setfl\":\"EPERM\"}",
     0, false},
    {"device_direct_io", "default", ONLY_SECCOMP, OK, NULL,
     "{\"open\":\"EPERM\",\"setfl\":\"EPERM\"}", 0, false},
    /* a private futex hash of 2^24 slots: 1 GiB of kernel memory per run, in one call */
    {"futex_hash_memory", MEM256, ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"futex_hash_memory", MEM256, "audit", OK, NULL, "{\"set\":\"EPERM\",\"big\":false}", 0, false},
    {"futex_hash_memory", MEM256, ONLY_SECCOMP, OK, NULL, "{\"set\":\"EPERM\",\"big\":false}", 0,
     false},
    /* ... and each of those rules again, with bit 32 of its int argument set */
    {"seccomp_high_arg_bits", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"seccomp_high_arg_bits", "default", "audit", OK, NULL,
     "{\"seccomp\":\"EPERM\",\"merge_all\":\"EPERM\",\"mergeable\":\"EPERM\"}", 0, false},
    {"seccomp_high_arg_bits", "default", ONLY_SECCOMP, OK, NULL,
     "{\"seccomp\":\"EPERM\",\"merge_all\":\"EPERM\",\"mergeable\":\"EPERM\"}", 0, false},
    /* a crashed run's memory to a host's piped core_pattern: the rlimit layer makes the run
     * not dumpable, seccomp keeps it so */
    {"dumpable_again", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"dumpable_again", "default", "audit", OK, NULL, "{\"set\":\"EPERM\",\"dumpable\":0}", 0,
     false},
    {"dumpable_again", "default", "audit,noproc,namespaces,mounts,landlock", OK, NULL,
     "{\"set\":\"EPERM\",\"dumpable\":0}", 0, false},
    {"landlock_ruleset_memory", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"landlock_ruleset_memory", "default", ONLY_SECCOMP, OK, NULL, "\"ruleset\":false,\"errno\":1",
     0, false},
    /* a thread with its own fd table multiplied max_open_files (and the socket buffers) */
    {"thread_own_fd_table", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"thread_own_fd_table", "default", ONLY_SECCOMP, OK, NULL, "{\"rc\":-1,\"errno\":1}", 0, false},
    {"thread_own_fd_table", "default", ONLY_NOPROC, OK, NULL, "{\"rc\":-1,\"errno\":1}", 0, false},
    {"host_uid_quotas", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"host_uid_quotas", "default", ONLY_SECCOMP, OK, NULL, "\"inotify\":0", 0, false},
    {"host_uid_quotas", "default", ONLY_SECCOMP, OK, NULL, "\"aio\":false", 0, false},
    {"host_uid_quotas", "default", ONLY_RLIMIT, OK, NULL, "\"signals_bounded\":true", 0, false},
    {"lease_on_input", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"lease_on_input", "default", ONLY_SECCOMP, EXC, "PermissionError", NULL, 0, false},
    {"ctypes_open_shadow", "default", ALL, ANYTHING, NULL, NULL, 0, false},
    {"ctypes_open_shadow", "default", ONLY_LANDLOCK, OK, NULL, "\"fd\":-1", 0, false},

/* seeing outside the view: the mounts layer alone answers "no such file", cold and warm */
#define VIEW(name, policy, type, detail, frag)                                                     \
    {name, policy, ALL, ANYTHING, NULL, NULL, 0, false},                                           \
    {                                                                                              \
        name, policy, ONLY_MOUNTS, type, detail, frag, 0, false                                    \
    }
    VIEW("view_stat_outside", "default", OK, NULL, "\"seen\":[]"),
    VIEW("view_open_code_outside", "default", EXC, "FileNotFoundError", NULL),
    VIEW("view_dir_fd_outside", "default", OK, NULL, "\"seen\":[]"),
    VIEW("view_proc_self_outside", "default", OK, NULL, "\"seen\":[]"),
    VIEW("view_work_dir_siblings", "default", OK, NULL, "\"seen\":[]"),
    VIEW("view_link_out_of_view", "data", EXC, "FileNotFoundError", NULL),
    VIEW("view_undo_syscalls", "default", OK, NULL, "\"seen\":[],\"succeeded\":[]"),
    VIEW("view_listmount", "default", OK, NULL, "\"hidden\":[]"),
    VIEW("host_devices_metadata", "default", OK, NULL, "{\"changed\":[],\"written\":14}"),
    VIEW("stdin_node_metadata", "default", OK, NULL, "{\"changed\":[]}"),
    {"stdin_node_metadata", "default", "audit", OK, NULL, "{\"changed\":[]}", 0, false},
    VIEW("proc_in_nested_pidns", "default", OK, NULL, "{\"unshare\":-1,\"mounted\":false}"),
    VIEW("read_etc_shadow", "default", EXC, "FileNotFoundError", NULL),
    VIEW("read_proc_self_root", "default", EXC, "FileNotFoundError", NULL),
    VIEW("import_from_host_dir", "default", EXC, "ModuleNotFoundError", NULL),
    VIEW("write_tmp_marker", "data", OK, NULL, "\"written\""),
    {"tempfile_works", "default", ALL, OK, NULL, "\"dir\":\"/tmp\",\"text\":\"scratch\"", 0, false},
#undef VIEW

    /* writing outside write_paths: Landlock alone */
    {"write_outside", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"write_outside", "default", ONLY_LANDLOCK, EXC, "PermissionError", NULL, 0, false},
    {"write_tmp_marker", "data", ONLY_LANDLOCK, EXC, "PermissionError", NULL, 0, false},
    {"append_readonly_input", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"append_readonly_input", "default", ONLY_LANDLOCK, EXC, "PermissionError", NULL, 0, false},
    {"truncate_readonly_input", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"truncate_readonly_input", "default", ONLY_LANDLOCK, EXC, "PermissionError", NULL, 0, false},
    /* ... and into a read-only grant nested in a writable one: the hook and the view alone, not
     * Landlock, whose rights add up along a path (What still gets through) */
    {"nested_read_grant", NESTED, ALL, OK, NULL, "\"result\":\"PolicyViolation\"", 0, false},
    {"nested_read_grant", NESTED, ONLY_AUDIT, OK, NULL, "\"result\":\"PolicyViolation\"", 0, false},
    {"nested_read_grant", NESTED, ONLY_MOUNTS, OK, NULL, "\"result\":\"OSError\"", 0, false},
    {"mkdir_outside", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"mkdir_outside", "default", ONLY_LANDLOCK, EXC, "PermissionError", NULL, 0, false},
    {"mknod_outside", "data", ALL, ANYTHING, NULL, NULL, 0, false},
    {"mknod_outside", "data", ONLY_AUDIT, OK, NULL,
     "{\"mknod\":\"PolicyViolation\",\"mkfifo\":\"PolicyViolation\",\"dir_fd_index\":"
     "\"PolicyViolation\",\"dir_fd_flip\":\"made\"}",
     0, false},
    {"mknod_index_swap", "data", ALL, OK, NULL,
     "{\"fd_swap\":\"PolicyViolation\",\"cwd_swap\":\"PolicyViolation\",\"left\":[]}", 0, false},
    {"mknod_index_swap", "data", ONLY_AUDIT, OK, NULL,
     "{\"fd_swap\":\"PolicyViolation\",\"cwd_swap\":\"PolicyViolation\",\"left\":[]}", 0, false},
    {"mknod_outside", "data", ONLY_LANDLOCK, OK, NULL,
     "{\"mknod\":\"PermissionError\",\"mkfifo\":\"PermissionError\",\"dir_fd_index\":"
     "\"PermissionError\",\"dir_fd_flip\":\"made\"}",
     0, false},
    {"rename_out_of_writable", "data", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"rename_out_of_writable", "data", ONLY_LANDLOCK, EXC, "PermissionError", NULL, 0, false},
    {"readline_write_history", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"readline_write_history", "default", ONLY_LANDLOCK, EXC, "PermissionError", NULL, 0, false},
    {"sqlite_vacuum_into", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"sqlite_vacuum_into", "default", ONLY_LANDLOCK, EXC, "OperationalError", NULL, 0, false},
    {"dbm_create_outside", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"dbm_create_outside", "default", ONLY_LANDLOCK, EXC, "PermissionError", NULL, 0, false},
    {"dbm_open_outside", "default", ALL, ANYTHING, NULL, NULL, 0, false},
    {"dbm_open_outside", "default", ONLY_AUDIT, OK, NULL, "{\"dbm\":\"PolicyViolation\"}", 0,
     false},
    {"proc_self_mem_write", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"proc_self_mem_write", "default", ONLY_LANDLOCK, EXC, "PermissionError", NULL, 0, false},

    /* network: seccomp, Landlock (ABI >= 4/6) and the network namespace each alone */
    {"socket_connect_tcp", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"socket_connect_tcp", "default", ONLY_SECCOMP, EXC, "PermissionError", NULL, 0, false},
    {"socket_connect_tcp", "default", ONLY_LANDLOCK, EXC, "PermissionError", NULL, 0, false},
    {"socket_connect_tcp", "default", ONLY_NS, EXC, "OSError", "unreachable", 0, false},
    {"socket_bind_tcp", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"socket_bind_tcp", "default", ONLY_SECCOMP, EXC, "PermissionError", NULL, 0, false},
    {"socket_bind_tcp", "default", ONLY_LANDLOCK, EXC, "PermissionError", NULL, 0, false},
    /* UDP: Landlock's network rights are TCP's only (README, the Landlock layer) */
    {"socket_udp_send", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"socket_udp_send", "default", ONLY_SECCOMP, EXC, "PermissionError", NULL, 0, false},
    {"socket_udp_send", "default", ONLY_NS, EXC, "OSError", "unreachable", 0, false},
    {"abstract_unix_connect", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"abstract_unix_connect", "default", ONLY_SECCOMP, EXC, "PermissionError", NULL, 0, false},
    {"abstract_unix_connect", "default", ONLY_LANDLOCK, EXC, "PermissionError", NULL, 0, false},
    {"abstract_unix_connect", "default", ONLY_NS, EXC, "ConnectionRefusedError", NULL, 0, false},
    /* a host service's socket by its path: seccomp (with network too) and the view, not
     * Landlock (no right for it up to ABI 7) nor a network namespace (a socket is a file) */
    {"unix_socket_host_path", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"unix_socket_host_path", "default", ONLY_SECCOMP, EXC, "PermissionError", NULL, 0, false},
    {"unix_socket_host_path", "default", ONLY_MOUNTS, EXC, "FileNotFoundError", NULL, 0, false},
    {"unix_socket_host_path", NET, ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"unix_socket_host_path", NET, ONLY_SECCOMP, EXC, "PermissionError", NULL, 0, false},
    {"unix_socket_host_path", NET, "audit,namespaces,mounts", EXC, "PermissionError", NULL, 0,
     false},
    {"unix_socket_host_path", NET_SOCKET, "seccomp,namespaces,mounts", "policy_violation",
     "forbids unix sockets by address", NULL, 0, false},
    {"netlink_socket", NET_SOCKET, "seccomp,namespaces,mounts", "policy_violation",
     "forbids socket family 16", NULL, 0, false},
    {"netlink_socket", NET, ONLY_SECCOMP, EXC, "PermissionError", NULL, 0, false},
    {"netlink_socket", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"socket_kernel_protocols", NET_SOCKET, ALL, OK, NULL, PROTOCOLS_REFUSED("PolicyViolation"), 0,
     false},
    {"socket_kernel_protocols", NET, "audit", OK, NULL, PROTOCOLS_REFUSED("EPERM"), 0, false},
    {"socket_kernel_protocols", NET, ONLY_SECCOMP, OK, NULL, PROTOCOLS_REFUSED("EPERM"), 0, false},
    {"socket_kernel_protocols", NET_SOCKET, ONLY_AUDIT, OK, NULL,
     "\"mptcp\":\"PolicyViolation\",\"sctp_family_unset\":\"PolicyViolation\"", 0, false},
    {"netlink_socket", "default", ONLY_SECCOMP, EXC, "PermissionError", NULL, 0, false},
    {"asyncio_works", "default", ALL, OK, NULL, "\"result\":42", 0, false},

    /* other processes: Landlock scopes signals and ptrace; seccomp denies ptrace */
    {"kill_supervisor", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"kill_supervisor", "default", ONLY_LANDLOCK, EXC, "PermissionError", NULL, 0, false},
    {"ptrace_supervisor", "default", ALL, ANYTHING, NULL, NULL, 0, false},
    {"ptrace_supervisor", "default", ONLY_SECCOMP, OK, NULL, "\"rc\":-1", 0, false},
    {"ptrace_supervisor", "default", ONLY_LANDLOCK, OK, NULL, "\"rc\":-1", 0, false},
    {"process_vm_readv_supervisor", "default", ALL, ANYTHING, NULL, NULL, 0, false},
    {"process_vm_readv_supervisor", "default", ONLY_SECCOMP, OK, NULL, "\"rc\":-1", 0, false},
    {"process_vm_readv_supervisor", "default", ONLY_LANDLOCK, OK, NULL, "\"rc\":-1", 0, false},

    /* ... and their OOM score and session nice through /proc files: seccomp cannot see a path
     * (What still gets through); Landlock, the view and the hook each stop it alone */
    {"proc_other_sched", "default", ALL, OK, NULL,
     "{\"oom_score_adj\":\"PolicyViolation\",\"autogroup\":\"PolicyViolation\"}", 0, false},
    {"proc_other_sched", "default", ONLY_AUDIT, OK, NULL,
     "{\"oom_score_adj\":\"PolicyViolation\",\"autogroup\":\"PolicyViolation\"}", 0, false},
    {"proc_other_sched", "default", ONLY_LANDLOCK, OK, NULL,
     "{\"oom_score_adj\":\"PermissionError\",\"autogroup\":\"PermissionError\"}", 0, false},
    {"proc_other_sched", "default", ONLY_MOUNTS, OK, NULL,
     "{\"oom_score_adj\":\"FileNotFoundError\",\"autogroup\":\"FileNotFoundError\"}", 0, false},

    /* kernel attack surface: seccomp */
    {"kernel_syscalls_ctypes", "default", ALL, ANYTHING, NULL, NULL, 0, false},
    {"kernel_syscalls_ctypes", "default", ONLY_SECCOMP, OK, NULL, "\"all_failed\":true", 0, false},
#define HOST_OBJECTS_HELD                                                                          \
    "{\"chmod_777\":\"EPERM\",\"chmod_g+w\":\"EPERM\",\"fchmod_666\":\"EPERM\","                   \
    "\"default_acl\":\"EPERM\",\"user_xattr\":\"EPERM\",\"removexattr\":\"EPERM\","                \
    "\"umask_0\":\"refused\",\"umask_022\":\"ok\",\"chmod_644\":\"ok\",\"out_kept\":true}"
#define ALL_EPERM                                                                                  \
    "{\"process_vm_readv\":\"EPERM\",\"pidfd_getfd\":\"EPERM\",\"kcmp\":\"EPERM\",\"add_key\":"    \
    "\"EPERM\",\"personality\":\"EPERM\",\"name_to_handle_at\":\"EPERM\",\"process_madvise\":"     \
    "\"EPERM\",\"setreuid\":\"EPERM\",\"setns\":\"EPERM\",\"move_mount\":\"EPERM\","               \
    "\"userfaultfd\":"                                                                             \
    "\"EPERM\",\"io_uring_setup\":\"EPERM\",\"perf_event_open\":\"EPERM\",\"sync\":\"EPERM\","     \
    "\"syncfs\":\"EPERM\",\"modify_ldt\":\"EPERM\"}"
    {"kernel_syscalls_eperm", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"kernel_syscalls_eperm", "default", "audit", OK, NULL, ALL_EPERM, 0, false},
    {"kernel_syscalls_eperm", "default", ONLY_SECCOMP, OK, NULL, ALL_EPERM, 0, false},
#undef ALL_EPERM
    {"tiocsti_ioctl", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"tiocsti_ioctl", "default", ONLY_SECCOMP, EXC, "PermissionError", NULL, 0, false},
    {"seccomp_undo_filter", "default", ALL, ANYTHING, NULL, NULL, 0, false},
    {"seccomp_undo_filter", "default", ONLY_SECCOMP, OK, NULL,
     "\"installed\":false,\"mode\":2,\"still\":{\"ptrace\":true,\"keyctl\":true,"
     "\"unshare\":true,\"mount\":true},\"still_denied\":true",
     0, false},
    /* the hand-off program (mount, mount_setattr once the view is done); without it, EINVAL */
    {"seccomp_handoff_mount", "default", "audit,rlimit,noproc,namespaces,landlock", OK, NULL,
     "\"rc\":-1,\"errno\":1}", 0, false},
    {"seccomp_handoff_mount", "default", ONLY_MOUNTS, OK, NULL, "\"rc\":-1,\"errno\":22}", 0,
     false},
    {"x32_syscall", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"x32_syscall", "default", ONLY_SECCOMP, "crashed", "signal 31", NULL, 0, false},
    {"renice_others", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"renice_others", "default", ONLY_SECCOMP, OK, NULL, "\"other\":{},\"self\":\"ok\"", 0, false},
    /* any process's CPU time by its pid's clock: seccomp alone */
    {"cpu_clock_others", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"cpu_clock_others", "default", "audit", OK, NULL,
     "{\"parent\":\"EPERM\",\"init\":\"EPERM\",\"timer\":\"EPERM\",\"own_thread\":\"ok\","
     "\"process_time\":true}",
     0, false},
    {"cpu_clock_others", "default", ONLY_SECCOMP, OK, NULL,
     "{\"parent\":\"EPERM\",\"init\":\"EPERM\",\"timer\":\"EPERM\",\"own_thread\":\"ok\","
     "\"process_time\":true}",
     0, false},
    /* PIDFD_GET_INFO: any process's uids, parent and cgroup (no pid namespace); seccomp alone */
    {"pidfd_info_others", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"pidfd_info_others", "default", "audit", OK, NULL, "{\"parent\":\"EPERM\",\"init\":\"EPERM\"}",
     0, false},
    {"pidfd_info_others", "default", ONLY_SECCOMP, OK, NULL,
     "{\"parent\":\"EPERM\",\"init\":\"EPERM\"}", 0, false},
    /* bytes of the run's own on fd 3, then a refusal, then the deadline */
    {"channel_junk_hides_violations", "default", ALL, "policy_violation", "result channel",
     "\"violations\":[{\"event\":\"open\",\"detail\":\"/etc/shadow\"", 1500, false},
    {"channel_junk_hides_violations", "strict", ALL, "policy_violation", "result channel",
     "\"violations\":[{\"event\":\"open\",\"detail\":\"/etc/shadow\"", 1500, false},
    /* the nonce from a violation record streamed to a pipe of the run's own on fd 3: the
     * child sends nothing there, and ends the run */
    {"nonce_via_dup2", "default", ALL, "policy_violation", "closed or replaced", "\"result\":null",
     0, false},
    /* fd 3 closed, or pointed elsewhere until the deadline, to hide the refusals after it */
    {"channel_closed_hides_violations", "default", ALL, "policy_violation", "closed or replaced",
     "\"detail\":\"fd 3\",\"exit_status\":125", 0, false},
    {"channel_closed_hides_violations", "strict", "audit", "policy_violation", "closed or replaced",
     "\"violations\":[]", 0, false},
    {"channel_swapped_hides_violations", "default", ALL, "policy_violation", "closed or replaced",
     "\"detail\":\"fd 3\"", 20000, false},
    /* the host's session keyring: seccomp refuses keyctl, and each run has a keyring of its own */
    {"keyring_host_session", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"keyring_host_session", "default", ONLY_SECCOMP, OK, NULL,
     "{\"host_key\":\"EPERM\",\"earlier_run\":\"EPERM\",\"plant\":\"EPERM\"}", 0, false},
    {"keyring_host_session", "default", ONLY_LANDLOCK, OK, NULL,
     "{\"host_key\":\"ENOKEY\",\"earlier_run\":\"ENOKEY\",\"plant\":\"ok\"}", 0, false},
    {"keyring_host_session", "default", ONLY_LANDLOCK, OK, NULL,
     "{\"host_key\":\"ENOKEY\",\"earlier_run\":\"ENOKEY\",\"plant\":\"ok\"}", 0, false},
    /* set-uid bits and FIFOs outlive the run in write_paths: seccomp refuses them */
    {"setuid_in_write_paths", "data", ALL, OK, NULL,
     "{\"chmod\":\"EPERM\",\"open\":\"EPERM\",\"fifo\":\"EPERM\",\"openat2\":\"ImportBlocked\","
     "\"whiteout\":\"ImportBlocked\",\"plain\":\"ok\"}",
     0, false},
    {"setuid_in_write_paths", "data", ONLY_SECCOMP, OK, NULL,
     "{\"chmod\":\"EPERM\",\"open\":\"EPERM\",\"fifo\":\"EPERM\",\"openat2\":\"ENOSYS\","
     "\"whiteout\":\"EPERM\",\"plain\":\"ok\"}",
     0, false},
    /* nor loosen the modes of what the host owns there, or give it a default ACL */
    {"host_object_modes", "data", "audit", OK, NULL, HOST_OBJECTS_HELD, 0, false},
    {"host_object_modes", "data", ONLY_SECCOMP, OK, NULL, HOST_OBJECTS_HELD, 0, false},
    /* the audit hook off by policy: ctypes reads the nonce, the layers stay what they were */
    {"forge_report_layers", "trusted", ALL, OK, NULL,
     "\"layers\":[\"fds\",\"rlimit\"]},\"violations\"", 0, false},
    /* ... and its report header, checked like a result text: no bytes that are not UTF-8, no
     * key twice reach the answer */
    {"forge_report_header", "trusted", ALL, "internal", "malformed report", NULL, 0, false},
    /* ... and keeping the answer's shape: an error with a message, violations of objects */
    {"forge_report_shape", "trusted", ALL, "internal", "malformed report", NULL, 0, false},
    /* ... and so is each progress record: a violation holding a key twice is dropped */
    {"forge_progress_record", "trusted", ALL, OK, NULL, "\"violations\":[]", 0, false},
    /* ... held to a few values each, as a header is to a few thousand, and the answer to 100
     * violations: a forged tree of a million values no longer costs the supervisor ~200 MB */
    {"forge_progress_flood", "trusted", ALL, OK, NULL, "\"detail\":\"r99\",\"origin\":\"user\"}]",
     0, false},
    {"forge_header_values", "trusted", ALL, "internal", "malformed report", NULL, 0, false},
    {"forge_header_violations", "trusted", ALL, "internal", "malformed report", NULL, 0, false},
    {"setpgid_join_host_group", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"setpgid_join_host_group", "default", ONLY_SECCOMP, OK, NULL,
     "\"setpgid\":\"PermissionError\",\"leads_own_group\":true", 0, false},
    {"socketpair_datagram", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"socketpair_datagram", "default", ONLY_SECCOMP, OK, NULL,
     "{\"stream\":\"pair\",\"seqpacket\":\"pair\",\"dgram\":\"PermissionError\",\"raw\":"
     "\"PermissionError\",\"rdm\":\"PermissionError\",\"raw_cloexec\":\"PermissionError\"}",
     0, false},
    /* fds in flight count against a per-uid total every run (and a non-root host) shares */
    {"scm_rights_inflight", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"scm_rights_inflight", "default", ONLY_SECCOMP, EXC, "PermissionError", NULL, 0, false},
    {"new_syscalls", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"new_syscalls", "default", ONLY_SECCOMP, OK, NULL,
     "{\"statmount\":\"ENOSYS\",\"listmount\":\"ENOSYS\",\"open_tree_attr\":\"ENOSYS\","
     "\"shmget\":\"EPERM\"}",
     0, false},
    {"tmp_inode_flood", "default", ALL, OK, NULL, "{\"stop\":\"ENOSPC\",\"capped\":true}", 0,
     false},
    {"tmp_inode_flood", "default", ONLY_MOUNTS, OK, NULL, "{\"stop\":\"ENOSPC\",\"capped\":true}",
     0, false},
    /* ... and so do its xattrs, counted against its inodes' space where seccomp is off; with
     * it no xattr is set at all (host_object_modes) */
    {"tmp_xattr_flood", "default", ALL, OK, NULL, "{\"bounded\":true,\"stop\":\"EPERM\"}", 0,
     false},
    {"tmp_xattr_flood", "default", "audit", OK, NULL, "{\"bounded\":true,\"stop\":\"EPERM\"}", 0,
     false},
    {"tmp_xattr_flood", "default", ONLY_MOUNTS, OK, NULL, "{\"bounded\":true,\"stop\":\"ENOSPC\"}",
     0, false},
    /* POSIX timers: 64 a run, RLIMIT_SIGPENDING's (held) */
    {"posix_timer_quota", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"posix_timer_quota", "default", "audit", OK, NULL, "{\"bounded\":true,\"errno\":11}", 0,
     false},
    {"posix_timer_quota", "default", ONLY_RLIMIT, OK, NULL, "{\"bounded\":true,\"errno\":11}", 0,
     false},
    /* a root host that refuses user namespaces: no namespaces, no mounts view */
    {"root_capabilities", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"root_capabilities", "default", "audit,namespaces,mounts", OK, NULL,
     "{\"held\":false,\"bounding_ok\":true,\"sethostname\":\"EPERM\"}", 0, false},
    {"root_capabilities", "default", ONLY_SECCOMP, OK, NULL,
     "{\"held\":false,\"bounding_ok\":true,\"sethostname\":\"EPERM\"}", 0, false},

    /* resources: rlimits alone, the supervisor for what no limit covers */
    {"memory_bomb", "default", ALL, "memory_limit", "memory_mb 1024", NULL, 0, true},
    {"memory_bomb", "default", ONLY_RLIMIT, "memory_limit", "memory_mb 1024", NULL, 0, true},
    {"memory_bomb_single", "default", ALL, "memory_limit", NULL, NULL, 0, true},
    {"memory_bomb_single", "default", ONLY_RLIMIT, "memory_limit", NULL, NULL, 0, true},
    {"recursion_frame_memory", MEM256_SLOW, ALL, "memory_limit", "Python frames deep", NULL, 0,
     true},
    {"recursion_frame_memory", MEM256_SLOW, ONLY_RLIMIT, "memory_limit", "Python frames deep", NULL,
     0, true},
    {"sparse_8gib_file", "data", ALL, EXC, "OSError", "File too large", 0, false},
    {"sparse_8gib_file", "data", ONLY_RLIMIT, EXC, "OSError", "File too large", 0, false},
    {"fd_exhaustion", "default", ALL, OK, NULL, "\"bounded\":true", 0, false},
    {"fd_exhaustion", "default", ONLY_RLIMIT, OK, NULL, "\"errno\":24", 0, false},
    {"cpu_burn", CPU1, ALL, "cpu_limit", NULL, NULL, 0, false},
    {"cpu_burn", CPU1, ONLY_RLIMIT, "cpu_limit", NULL, NULL, 0, false},
    {"rlimit_raise", "default", ALL, ANY_FAIL, NULL, NULL, 0, true},
    {"rlimit_raise", "default", ONLY_RLIMIT, EXC, "ValueError", NULL, 0, true},
    {"sigstop_self", "default", ALL, ANY_FAIL, NULL, NULL, 1500, false},
    {"sigstop_self", "default", "audit", "timeout", NULL, NULL, 1500, false},
    {"stdout_flood_binary", "default", ALL, OK, NULL, "\"stdout\":true", 0, false},
    {"huge_result", "default", ALL, "output_limit", NULL, NULL, 0, false},
    {"c_stack_overflow", "default", ALL, "crashed", NULL, NULL, 0, false},
    {"os_exit_before_result", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"os_exit_before_result", "default", "audit", "crashed", "before sending a result", NULL, 0,
     false},
    {"fds_inherited", "data", ALL, OK, NULL, "\"extra_fds\":[]", 0, false},
    {"fds_inherited", "default", ONLY_LANDLOCK, OK, NULL, "\"extra_fds\":[]", 0, false},
    {"close_all_fds", "default", ALL, ANY_FAIL, NULL, NULL, 0, false},
    {"close_all_fds", "default", "audit", "policy_violation", "closed or replaced", NULL, 0, false},
    {"code_replace_oob_const", "default", ALL, ANYTHING, NULL, NULL, 0, false},
    {"code_replace_oob_const", "default", "audit", ANYTHING, NULL, NULL, 0, false},
    /* ... remade by C callables run from importlib's frames: the hook alone decides */
    {"code_remake_in_importlib", "default", ALL, OK, NULL,
     "{\"globals\":\"PolicyViolation\",\"loader\":\"PolicyViolation\"}", 0, false},
    {"code_remake_in_importlib", "default", ONLY_AUDIT, OK, NULL,
     "{\"globals\":\"PolicyViolation\",\"loader\":\"PolicyViolation\"}", 0, false},
    {"gc_finalizer_during_result", "default", ALL, OK, NULL,
     "\"result\":[{\"a\":1,\"b\":2,\"c\":3}]", 0, false},
    {"gc_finalizer_during_result", "data", ALL, OK, NULL, "\"result\":[{\"a\":1,\"b\":2,\"c\":3}]",
     0, false},
    /* user code run inside the audit hook, which let every event through while busy: nothing
     * else stops what it does there (a stdlib-named code object importing posix), so all layers
     * on */
    /* CPython's own use-after-free in print() and input(), from pure Python */
    {"print_stream_swap", "default", ALL, OK, NULL, "\"typed\":\"typed\"", 0, false},
    {"print_stream_swap", "strict", ONLY_AUDIT, OK, NULL, "\"typed\":\"typed\"", 0, false},
    {"print_flush_swap", "default", ALL, OK, NULL, "\"printed\":true", 0, false},
    {"print_flush_swap", "strict", ONLY_AUDIT, OK, NULL, "\"printed\":true", 0, false},
    {"hook_busy_exception_init", "default", ALL, OK, NULL, "\"bypassed\":[]", 0, false},
    {"hook_busy_exception_init", "strict", ALL, OK, NULL, "\"bypassed\":[]", 0, false},
    {"hook_busy_gc_finalizer", "default", ALL, OK, NULL, "\"bypassed\":[]", 0, false},
    {"hook_busy_gc_finalizer", "data", ALL, OK, NULL, "\"bypassed\":[]", 0, false},
    {"hook_busy_dict_key_eq", "default", ALL, OK, NULL, "\"bypassed\":[]", 0, false},
    {"hook_busy_dict_key_eq", "data", ALL, OK, NULL, "\"bypassed\":[]", 0, false},
    /* pyjail doors the rows below do not try: the hook alone decides */
    {"pyjail_routes", "default", ALL, OK, NULL,
     "{\"compile_bytes\":\"refused\",\"compile_pathlike\":\"refused\",\"compile_str_subclass\":"
     "\"refused\",\"logging_resolve\":\"refused\",\"fullwidth_import\":\"refused\","
     "\"builtins_swap\":\"refused\",\"function_from_library_code\":\"refused\","
     "\"builtin_create_module\":\"refused\",\"find_and_load\":\"refused\",\"gc_get_objects\":"
     "\"refused\"}",
     0, false},
    {"pyjail_routes", "default", ONLY_AUDIT, OK, NULL,
     "{\"compile_bytes\":\"refused\",\"compile_pathlike\":\"refused\",\"compile_str_subclass\":"
     "\"refused\",\"logging_resolve\":\"refused\",\"fullwidth_import\":\"refused\","
     "\"builtins_swap\":\"refused\",\"function_from_library_code\":\"refused\","
     "\"builtin_create_module\":\"refused\",\"find_and_load\":\"refused\",\"gc_get_objects\":"
     "\"refused\"}",
     0, false},
    /* code named after a stdlib file, compiled from an AST (its event names no file) */
    {"compile_ast_stdlib_name", "default", ALL, OK, NULL, "\"bypassed\":[]", 0, false},
    {"compile_ast_stdlib_name", "default", ONLY_AUDIT, OK, NULL, "\"bypassed\":[]", 0, false},
    /* the wrapped functions put back by re-making builtins and sys from their spec */
    {"builtins_spec_restores_originals", "default", ALL, OK, NULL, "\"bypassed\":[]", 0, false},
    {"builtins_spec_restores_originals", "default", ONLY_AUDIT, OK, NULL, "\"bypassed\":[]", 0,
     false},
    /* ... and while pywarden imports asyncio for an async main */
    {"async_main_import_window", "default", ALL, "policy_violation",
     "does not let user code compile code named", NULL, 0, false},
    {"async_main_import_window", "strict", ALL, "policy_violation",
     "does not let user code compile code named", NULL, 0, false},
    /* native code from a file the run wrote, loaded by _imp.create_dynamic (no event) */
    {"native_module_outside", "data", ALL, OK, NULL,
     "{\"import\":\"ImportBlocked\",\"create_dynamic\":\"ImportBlocked\"}", 0, false},
    {"native_module_outside", "data", ONLY_AUDIT, OK, NULL,
     "{\"import\":\"ImportBlocked\",\"create_dynamic\":\"ImportBlocked\"}", 0, false},
    /* ... and the library's own, loaded under a name no policy lists */
    {"extension_renamed", "default", ALL, OK, NULL,
     "{\"readline\":\"ImportBlocked\",\"_ctypes\":\"ImportBlocked\"}", 0, false},
    {"extension_renamed", "default", ONLY_AUDIT, OK, NULL,
     "{\"readline\":\"ImportBlocked\",\"_ctypes\":\"ImportBlocked\"}", 0, false},
    /* ... and through OpenSSL's configuration, named by an environment variable */
    {"openssl_conf_module", "data", ALL, OK, NULL,
     "{\"OPENSSL_CONF\":\"PolicyViolation\",\"OPENSSL_MODULES\":\"PolicyViolation\","
     "\"GCONV_PATH\":\"PolicyViolation\",\"SSL_CERT_FILE\":\"PolicyViolation\",\"sha256\":"
     "\"2d711642\"}",
     0, false},
    {"openssl_conf_module", "data", ONLY_AUDIT, OK, NULL,
     "{\"OPENSSL_CONF\":\"PolicyViolation\",\"OPENSSL_MODULES\":\"PolicyViolation\","
     "\"GCONV_PATH\":\"PolicyViolation\",\"SSL_CERT_FILE\":\"PolicyViolation\",\"sha256\":"
     "\"2d711642\"}",
     0, false},
    /* a process and a signal to another by C functions with no event, and a fresh instance of
     * a module whose functions the hook wraps */
    {"fork_exec_via_subprocess", "default", ALL, "policy_violation",
     "forbids _posixsubprocess.fork_exec", NULL, 0, false},
    {"fork_exec_via_subprocess", "default", ONLY_AUDIT, "policy_violation",
     "forbids _posixsubprocess.fork_exec", NULL, 0, false},
    {"pidfd_signal_parent", "default", ALL, OK, NULL, "\"pidfd_send_signal\":\"PolicyViolation\"",
     0, false},
    {"pidfd_signal_parent", "default", ONLY_AUDIT, OK, NULL,
     "{\"pidfd_open\":\"opened\",\"pidfd_send_signal\":\"PolicyViolation\"}", 0, false},
    {"fresh_builtin_module", "default", ALL, ANYTHING, NULL, "\"meta_path_spec\":\"ImportBlocked\"",
     0, false},
    {"fresh_builtin_module", "default", ONLY_AUDIT, OK, NULL,
     "{\"stdlib_import\":\"PolicyViolation\",\"meta_path_spec\":\"ImportBlocked\"}", 0, false},
    /* CPython's test-suite native modules, imported by test.support's import statements */
    {"test_capi_through_support", "default", ALL, OK, NULL,
     "{\"_testcapi\":\"ImportBlocked\",\"_testinternalcapi\":\"refused\"}", 0, false},
    {"test_capi_through_support", "default", ONLY_AUDIT, OK, NULL,
     "{\"_testcapi\":\"ImportBlocked\",\"_testinternalcapi\":\"refused\"}", 0, false},
    /* generic FFI and service bindings in site-packages: cffi, PyGObject, dbus-python */
    {"ffi_bindings", "data", ALL, OK, NULL,
     "{\"_cffi_backend\":\"ImportBlocked\",\"cffi\":\"ImportBlocked\",\"gi\":"
     "\"ImportBlocked\",\"dbus\":\"ImportBlocked\"}",
     0, false},
    {"ffi_bindings", "data", ONLY_AUDIT, OK, NULL,
     "{\"_cffi_backend\":\"ImportBlocked\",\"cffi\":\"ImportBlocked\",\"gi\":"
     "\"ImportBlocked\",\"dbus\":\"ImportBlocked\"}",
     0, false},
    /* ctypes, loaded by the stdlib's own import statements */
    {"ctypes_through_stdlib", "default", ALL, OK, NULL,
     "{\"sharedctypes\":\"ImportBlocked\",\"ctypes\":false}", 0, false},
    {"ctypes_through_stdlib", "default", ONLY_AUDIT, OK, NULL,
     "{\"sharedctypes\":\"ImportBlocked\",\"ctypes\":false}", 0, false},
    /* the files an SSL context is named, opened by OpenSSL (http.client hands ssl out) */
    /* all layers: the host directory is in the view's private /tmp, where nothing is found */
    {"ssl_files_outside", "default", ALL, ANYTHING, NULL, "\"in_library\":true", 0, false},
    {"ssl_files_outside", "default", ONLY_AUDIT, OK, NULL,
     "{\"cafile\":\"PolicyViolation\",\"capath\":\"PolicyViolation\",\"certfile\":"
     "\"PolicyViolation\",\"keyfile\":\"PolicyViolation\",\"decode_cert\":\"PolicyViolation\","
     "\"in_library\":true}",
     0, false},
    /* POSIX shared memory and named semaphores: files in the host's /dev/shm */
    {"posix_ipc_host", "default", ALL, OK, NULL,
     "{\"shm_open\":\"PolicyViolation\",\"shm_unlink\":\"PolicyViolation\",\"SemLock\":"
     "\"PolicyViolation\",\"_rebuild\":\"PolicyViolation\",\"sem_unlink\":\"PolicyViolation\"}",
     0, false},
    {"posix_ipc_host", "default", ONLY_AUDIT, OK, NULL,
     "{\"shm_open\":\"PolicyViolation\",\"shm_unlink\":\"PolicyViolation\",\"SemLock\":"
     "\"PolicyViolation\",\"_rebuild\":\"PolicyViolation\",\"sem_unlink\":\"PolicyViolation\"}",
     0, false},
    /* readline's files, named to C code that raises no event (rlcompleter hands it out) */
    /* all layers: the test's host directory is under /tmp, which the view's private /tmp hides */
    {"readline_files", "default", ALL, ANYTHING, NULL,
     "\"home_history_file\":\"PolicyViolation\",\"history\":null", 0, false},
    {"readline_files", "default", ONLY_AUDIT, OK, NULL,
     "{\"read_history_file\":\"PolicyViolation\",\"read_init_file\":\"PolicyViolation\","
     "\"write_history_file\":\"PolicyViolation\",\"append_history_file\":\"PolicyViolation\","
     "\"home_history_file\":\"PolicyViolation\",\"history\":null}",
     0, false},
    /* ... and the init files it reads, by the environment or by "$include" */
    {"readline_init_files", "data", ALL, OK, NULL,
     "{\"read_init_file\":\"PolicyViolation\",\"parse_and_bind\":\"PolicyViolation\","
     "\"bind\":\"done\"}",
     0, false},
    {"readline_init_files", "data", ONLY_AUDIT, OK, NULL,
     "{\"read_init_file\":\"PolicyViolation\",\"parse_and_bind\":\"PolicyViolation\","
     "\"bind\":\"done\"}",
     0, false},
    /* os.open's dir_fd, which its event does not carry */
    {"open_dir_fd_escape", "default", ALL, OK, NULL, "{\"climb\":\"PolicyViolation\"}", 0, false},
    {"open_dir_fd_escape", "default", ONLY_AUDIT, OK, NULL, "{\"climb\":\"PolicyViolation\"}", 0,
     false},
    /* libuuid: the host's uuidd, its clock file and MAC address */
    {"uuid1_host", "default", ALL, OK, NULL, "{\"version\":1,\"random_node\":true}", 0, false},
    {"uuid1_host", "default", ONLY_AUDIT, OK, NULL, "{\"version\":1,\"random_node\":true}", 0,
     false},
    /* the user database, read through NSS */
    {"user_database", "default", ALL, OK, NULL,
     "{\"expanduser\":\"~root\",\"group\":\"KeyError\",\"getpwall\":[],\"getgrall\":[],"
     "\"memberships\":[]}",
     0, false},
    {"user_database", "default", ONLY_AUDIT, OK, NULL,
     "{\"expanduser\":\"~root\",\"group\":\"KeyError\",\"getpwall\":[],\"getgrall\":[],"
     "\"memberships\":[]}",
     0, false},
    /* metadata of a read-only input changed through an fd, whatever it was opened for */
    {"fd_metadata", "default", ALL, OK, NULL,
     "{\"chmod\":\"PolicyViolation\",\"utime\":\"PolicyViolation\",\"setxattr\":"
     "\"PolicyViolation\",\"writable_fd\":\"PolicyViolation\",\"race\":\"refused\","
     "\"unchanged\":true}",
     0, false},
    {"fd_metadata", "default", ONLY_AUDIT, OK, NULL,
     "{\"chmod\":\"PolicyViolation\",\"utime\":\"PolicyViolation\",\"setxattr\":"
     "\"PolicyViolation\",\"writable_fd\":\"PolicyViolation\",\"race\":\"refused\","
     "\"unchanged\":true}",
     0, false},
    /* fcntl and ioctl: an fd owner that is another process, a lease on an input */
    {"fd_owner_signal", "default", ALL, OK, NULL,
     "{\"F_SETOWN\":\"PolicyViolation\",\"F_SETOWN_EX\":\"PolicyViolation\",\"FIOSETOWN\":"
     "\"PolicyViolation\",\"SIOCSPGRP\":\"PolicyViolation\",\"F_SETLEASE\":\"PolicyViolation\"}",
     0, false},
    {"fd_owner_signal", "default", ONLY_AUDIT, OK, NULL,
     "{\"F_SETOWN\":\"PolicyViolation\",\"F_SETOWN_EX\":\"PolicyViolation\",\"FIOSETOWN\":"
     "\"PolicyViolation\",\"SIOCSPGRP\":\"PolicyViolation\",\"F_SETLEASE\":\"PolicyViolation\"}",
     0, false},
    /* dnotify: what others do in a directory the run may read */
    {"dnotify_others", "default", ALL, OK, NULL,
     "{\"F_NOTIFY\":\"PolicyViolation\",\"seen\":false}", 0, false},
    {"dnotify_others", "default", ONLY_AUDIT, OK, NULL,
     "{\"F_NOTIFY\":\"PolicyViolation\",\"seen\":false}", 0, false},
    {"dnotify_others", "default", ONLY_SECCOMP, OK, NULL,
     "{\"F_NOTIFY\":\"PermissionError\",\"seen\":false}", 0, false},

    /* host secrets in the environment */
    {"env_secret_token", "default", ALL, ANYTHING, NULL, NULL, 0, false},
    {"env_secret_token", "default", "audit", OK, NULL, "\"LANG\":\"C.UTF-8\"", 0, false},
    {"env_via_posix_module", "default", ALL, ANYTHING, NULL, NULL, 0, false},
    {"env_via_posix_module", "default", "audit", OK, NULL, "\"LANG\":\"C.UTF-8\"", 0, false},

    /* usability: numpy under every layer, and under each alone */
    {"numpy_matmul", "data", ALL, OK, NULL, "\"sum\":", 0, false},
    {"numpy_matmul", "data", ONLY_LANDLOCK, OK, NULL, "\"sum\":", 0, false},
    {"numpy_matmul", "data", ONLY_SECCOMP, OK, NULL, "\"sum\":", 0, false},
    {"numpy_matmul", "data", ONLY_NOPROC, OK, NULL, "\"sum\":", 0, false},
    {"numpy_matmul", "data", ONLY_NS, OK, NULL, "\"sum\":", 0, false},
    {"numpy_matmul", "data", ONLY_RLIMIT, OK, NULL, "\"sum\":", 0, false},
};

/* ---- the host the attacks aim at ---- */

static struct {
    char work[64], host[64], secret[128], marker[128], abstract[64], token[64], shadow_head[16];
    char unix_path[108];
    int tcp, unix_, unix_named, udp;
    int port, udp_port;
    bool warm;
    pw_pool *pool; /* warm: the pool of the layers pool_disable leaves on */
    bool keyring;  /* HOST_KEY is in this process's session keyring */
    const char *pool_disable;
} fx;

static const char data_txt[] = "public data\n";

static int listen_tcp(int *port)
{
    int s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 8) ||
        getsockname(s, (struct sockaddr *)&a, &len))
        fail_msg("tcp listener: %s", strerror(errno));
    *port = ntohs(a.sin_port);
    return s;
}

/* A datagram socket the runs must not reach (nonblocking: the check reads it). */
static int listen_udp(int *port)
{
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) ||
        getsockname(s, (struct sockaddr *)&a, &len))
        fail_msg("udp listener: %s", strerror(errno));
    *port = ntohs(a.sin_port);
    return s;
}

static int listen_abstract(const char *name)
{
    int s = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    memcpy(a.sun_path + 1, name, strlen(name));
    socklen_t len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + strlen(name));
    if (s < 0 || bind(s, (struct sockaddr *)&a, len) || listen(s, 8))
        fail_msg("abstract listener: %s", strerror(errno));
    return s;
}

/* A host service's socket by its path, outside every root (host.sock in the host dir). */
static int listen_named(const char *path)
{
    int s = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    snprintf(a.sun_path, sizeof a.sun_path, "%s", path);
    if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) || listen(s, 8) || chmod(path, 0777))
        fail_msg("named unix listener: %s", strerror(errno));
    return s;
}

static void make_host_db(void)
{
    char code[512];
    snprintf(code, sizeof code,
             "import sqlite3\ndb = sqlite3.connect('host.db')\n"
             "db.execute('CREATE TABLE secret(v)')\n"
             "db.execute('INSERT INTO secret VALUES (?)', ('HOST-SECRET-%d',))\n"
             "db.commit()\nresult = 1\n",
             (int)getpid());
    char extra[256];
    snprintf(extra, sizeof extra, "{\"policy\":\"trusted\",\"work_dir\":\"%s\"}", fx.host);
    cJSON *r = t_run_code(code, NULL, extra);
    t_assert_ok(r);
    cJSON_Delete(r);
}

/* A session keyring of this test's own holding HOST_KEY, as a login's or a service's would:
 * every run is a fork of this process (cold) or of a launcher forked from it (warm). */
#define HOST_KEY "pw-test-host-key"
static bool plant_host_key(void)
{
    return syscall(SYS_keyctl, 1 /* KEYCTL_JOIN_SESSION_KEYRING */, "pw-test-host") >= 0 &&
           syscall(SYS_add_key, "user", HOST_KEY, "s3cret", 6, -3 /* session */) >= 0;
}

static int setup(void **state)
{
    (void)state;
    fx.keyring = plant_host_key(); /* a container's seccomp profile may refuse keyctl */
    snprintf(fx.work, sizeof fx.work, "%s", t_mkdtemp());
    snprintf(fx.host, sizeof fx.host, "%s", t_mkdtemp());
    char path[256], content[128];
    snprintf(path, sizeof path, "%s/data.txt", fx.work);
    t_write_file(path, data_txt);
    snprintf(path, sizeof path, "%s/out", fx.work);
    mkdir(path, 0755);
    snprintf(fx.secret, sizeof fx.secret, "%s/secret.txt", fx.host);
    snprintf(content, sizeof content, "HOST-SECRET-%d\n", (int)getpid());
    t_write_file(fx.secret, content);
    snprintf(path, sizeof path, "%s/hostmod.py", fx.host);
    snprintf(content, sizeof content, "SECRET = 'HOST-SECRET-%d'\n", (int)getpid());
    t_write_file(path, content);
    make_host_db();
    snprintf(fx.marker, sizeof fx.marker, "/tmp/pywarden-pwned-%d", (int)getpid());
    snprintf(fx.abstract, sizeof fx.abstract, "pywarden-attack-%d", (int)getpid());
    snprintf(fx.token, sizeof fx.token, "TOKEN-%d-do-not-leak", (int)getpid());
    setenv("SECRET_TOKEN", fx.token, 1);
    fx.tcp = listen_tcp(&fx.port);
    fx.udp = listen_udp(&fx.udp_port);
    fx.unix_ = listen_abstract(fx.abstract);
    snprintf(fx.unix_path, sizeof fx.unix_path, "%s/host.sock", fx.host);
    fx.unix_named = listen_named(fx.unix_path);
    return 0;
}

/* A child subreaper (this test) inherits a destroyed pool's last run and spare children as
 * they die, and must reap them (README, "What a host must do"). A leaked process that lives
 * on is still there for the next side-effect check. */
static void destroy_pool(void)
{
    pw_pool_destroy(fx.pool);
    fx.pool = NULL;
    for (int i = 0; i < 200 && t_count_children() > 0; i++) {
        while (waitpid(-1, NULL, WNOHANG) > 0)
            ;
        usleep(10000);
    }
}

static int teardown(void **state)
{
    (void)state;
    close(fx.tcp);
    close(fx.udp);
    close(fx.unix_);
    close(fx.unix_named);
    t_rmtree(fx.work);
    t_rmtree(fx.host);
    unlink(fx.marker);
    unsetenv("PYWARDEN_TEST_DISABLE_LAYERS");
    if (fx.pool) destroy_pool();
    return 0;
}

/* ---- side-effect checks, after every run ---- */

static void expect_entries(const char *dir, const char *const *names, size_t n)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    size_t seen = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.') continue;
        bool known = false;
        for (size_t i = 0; i < n; i++)
            known = known || strcmp(e->d_name, names[i]) == 0;
        if (!known) fail_msg("side effect: %s/%s was created", dir, e->d_name);
        seen++;
    }
    closedir(d);
    assert_int_equal(seen, n);
}

/* Empties work/out (each attack starts from the same state) and checks nothing in it grew
 * past the data policy's max_file_mb, in size or on disk. */
static void check_and_clear_out(void)
{
    char out[128], path[512];
    snprintf(out, sizeof out, "%s/out", fx.work);
    DIR *d = opendir(out);
    assert_non_null(d);
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.') continue;
        snprintf(path, sizeof path, "%s/%s", out, e->d_name);
        struct stat st;
        if (lstat(path, &st) == 0 && (st.st_size > (1L << 30) || st.st_blocks > (1L << 21)))
            fail_msg("side effect: %s is %lld bytes (%lld blocks), over max_file_mb", path,
                     (long long)st.st_size, (long long)st.st_blocks);
        unlink(path);
    }
    closedir(d);
}

static void check_no_connection(int fd, const char *what)
{
    int c = accept(fd, NULL, NULL);
    if (c >= 0) fail_msg("side effect: the run connected to the host's %s listener", what);
    assert_true(errno == EAGAIN || errno == EWOULDBLOCK);
}

static void check_side_effects(const char *result_text)
{
    char pid_secret[64];
    snprintf(pid_secret, sizeof pid_secret, "HOST-SECRET-%d", (int)getpid());
    if (strstr(result_text, pid_secret)) fail_msg("the host secret leaked: %s", result_text);
    if (strstr(result_text, fx.token)) fail_msg("SECRET_TOKEN leaked: %s", result_text);
    if (strstr(result_text, "root:")) fail_msg("/etc/shadow leaked: %s", result_text);
    const char *host_files[] = {"secret.txt", "hostmod.py", "host.db", "host.sock"};
    expect_entries(fx.host, host_files, 4);
    const char *work_files[] = {"data.txt", "out"};
    expect_entries(fx.work, work_files, 2);
    char path[256];
    snprintf(path, sizeof path, "%s/data.txt", fx.work);
    char *data = t_read_text(path);
    assert_string_equal(data, data_txt);
    free(data);
    check_and_clear_out();
    if (access(fx.marker, F_OK) == 0) fail_msg("side effect: %s was created", fx.marker);
    check_no_connection(fx.tcp, "TCP");
    check_no_connection(fx.unix_, "abstract unix");
    check_no_connection(fx.unix_named, "named unix");
    char dgram[64];
    if (recv(fx.udp, dgram, sizeof dgram, 0) >= 0)
        fail_msg("side effect: the run sent a datagram to the host's UDP port");
    assert_true(errno == EAGAIN || errno == EWOULDBLOCK);
    /* main made this test a child subreaper: a process a run left behind, even one that
     * left its session, is reparented to us and counted here, and no other test's is.
     * Warm: the pool's launcher and nursery are our children. */
    assert_int_equal(t_count_children(), fx.pool ? 2 : 0);
}

/* ---- one attack ---- */

static void check_outcome(const attack *a, const cJSON *r)
{
    const char *t = a->type;
    if (t == OK) {
        t_assert_ok(r);
    } else if (strcmp(t, ANY_FAIL) == 0) {
        assert_true(cJSON_IsFalse(cJSON_GetObjectItem(r, "ok")));
    } else if (strcmp(t, EXC) == 0) {
        t_assert_error(r, EXC, NULL);
        assert_string_equal(t_err_str(r, "exception"), a->detail);
        if (a->frag) assert_non_null(strstr(t_err_str(r, "message"), a->frag));
    } else if (strcmp(t, ANYTHING) != 0) {
        t_assert_error(r, t, a->detail);
    }
}

static void run_attack(void **state)
{
    const attack *a = *state;
    if (!fx.keyring && strcmp(a->attack, "keyring_host_session") == 0) {
        print_message("SKIPPED: this host refuses keyctl to the test itself\n");
        skip();
    }
#ifdef PW_SANITIZED
    if (a->needs_rlimit_as) {
        print_message("SKIPPED under ASan: RLIMIT_AS cannot apply (ASan reserves terabytes)\n");
        skip();
    }
#endif
    char *code = t_attack_source(a->attack);
    char inputs[1024];
    snprintf(inputs, sizeof inputs,
             "{\"work\":\"%s\",\"host\":\"%s\",\"secret\":\"%s\",\"marker\":\"%s\","
             "\"abstract\":\"%s\",\"unix_path\":\"%s\",\"port\":%d,\"udp_port\":%d,"
             "\"max_threads\":32,"
             "\"max_files\":256,\"key\":\"" HOST_KEY "\"}",
             fx.work, fx.host, fx.secret, fx.marker, fx.abstract, fx.unix_path, fx.port,
             fx.udp_port);
    char extra[512];
    int n = snprintf(extra, sizeof extra, "{\"policy\":%s%s%s,\"work_dir\":\"%s\"",
                     a->policy[0] == '{' ? "" : "\"", a->policy, a->policy[0] == '{' ? "" : "\"",
                     fx.work);
    if (a->timeout_ms)
        n += snprintf(extra + n, sizeof extra - (size_t)n, ",\"timeout_ms\":%ld", a->timeout_ms);
    snprintf(extra + n, sizeof extra - (size_t)n, "}");
    cJSON *r;
    if (fx.warm) {
        /* The switches are the pool's (its launcher keeps them): one pool per layer set. */
        if (!fx.pool || strcmp(fx.pool_disable, a->disable) != 0) {
            if (fx.pool) destroy_pool();
            fx.pool = t_pool_with_switches(a->disable, 1);
            fx.pool_disable = a->disable;
        }
        r = t_pool_run_code(fx.pool, code, inputs, extra);
        const char *mode =
            cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(r, "stats"), "mode"));
        assert_string_equal(mode ? mode : "", "warm");
    } else {
        setenv("PYWARDEN_TEST_DISABLE_LAYERS", a->disable, 1);
        r = t_run_code(code, inputs, extra);
        unsetenv("PYWARDEN_TEST_DISABLE_LAYERS");
    }
    char *text = cJSON_PrintUnformatted(r);
    check_outcome(a, r);
    if (a->frag && strcmp(a->type ? a->type : "", EXC) != 0 && !strstr(text, a->frag))
        fail_msg("expected '%s' in the result: %s", a->frag, text);
    check_side_effects(text);
    free(text);
    free(code);
    cJSON_Delete(r);
}

/* Warm: the rows grouped by layer set (stable), so each set's pool starts once. */
static int by_disable(const void *x, const void *y)
{
    const attack *a = *(const attack *const *)x, *b = *(const attack *const *)y;
    int c = strcmp(a->disable, b->disable);
    return c ? c : (a < b ? -1 : a > b);
}

int main(int argc, char **argv)
{
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    fx.warm = argc > 1 && strcmp(argv[1], "--warm") == 0;
    size_t n = sizeof attacks / sizeof *attacks;
    const attack **order = calloc(n, sizeof *order);
    for (size_t i = 0; i < n; i++)
        order[i] = &attacks[i];
    if (fx.warm) qsort(order, n, sizeof *order, by_disable);
    struct CMUnitTest *tests = calloc(n, sizeof *tests);
    for (size_t i = 0; i < n; i++) {
        const attack *a = order[i];
        char *name = malloc(256);
        snprintf(name, 256, "%s [%s, %s]", a->attack, a->policy[0] == '{' ? "inline" : a->policy,
                 a->disable[0] ? a->disable : "all layers");
        if (strcmp(a->disable, ONLY_AUDIT) == 0)
            snprintf(name, 256, "%s [%s, only audit]", a->attack,
                     a->policy[0] == '{' ? "inline" : a->policy);
        else if (strncmp(a->disable, "audit,", 6) == 0 && strchr(a->disable + 6, ',') &&
                 strlen(a->disable) > 30) {
            /* name the layers left on */
            const char *layers[] = {"rlimit", "noproc",   "namespaces",
                                    "mounts", "landlock", "seccomp"};
            char on[128] = "";
            for (size_t l = 0; l < 6; l++)
                if (!strstr(a->disable, layers[l]))
                    snprintf(on + strlen(on), sizeof on - strlen(on), "%s%s", on[0] ? "+" : "",
                             layers[l]);
            snprintf(name, 256, "%s [%s, only %s]", a->attack,
                     a->policy[0] == '{' ? "inline" : a->policy, on);
        }
        tests[i] = (struct CMUnitTest){name, run_attack, NULL, NULL, (void *)a};
    }
    free(order);
    return _cmocka_run_group_tests(fx.warm ? "attacks (warm)" : "attacks (cold)", tests, n, setup,
                                   teardown);
}
