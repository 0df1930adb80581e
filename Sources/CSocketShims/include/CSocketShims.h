#ifndef PARLEY_CSOCKETSHIMS_H
#define PARLEY_CSOCKETSHIMS_H

/// accept4(2) with SOCK_NONBLOCK | SOCK_CLOEXEC in one call: Glibc's Swift overlay does not
/// export accept4 (it is a _GNU_SOURCE function), and two extra fcntl calls per accept would race
/// with exec and cost syscalls.
int parley_accept_nonblocking(int listener);

/// The number of CPUs this process may run on (sched_getaffinity(2), which honours taskset and
/// cgroup cpusets), or 0 when it cannot be read. Also a _GNU_SOURCE function (CPU_COUNT is a macro).
int parley_usable_cpus(void);

/// malloc_trim(3): returns free heap memory to the system (malloc.h is not in Glibc's overlay).
void parley_release_free_memory(void);

#endif
