#ifndef PARLEY_CSOCKETSHIMS_H
#define PARLEY_CSOCKETSHIMS_H

#include <sys/epoll.h>

/// accept4(2) with SOCK_NONBLOCK | SOCK_CLOEXEC in one call: Glibc's Swift overlay does not
/// export accept4 (it is a _GNU_SOURCE function), and two extra fcntl calls per accept would race
/// with exec and cost syscalls.
int parley_accept_nonblocking(int listener);

/// The number of CPUs this process may run on (sched_getaffinity(2), which honours taskset and
/// cgroup cpusets), or 0 when it cannot be read. Also a _GNU_SOURCE function (CPU_COUNT is a macro).
int parley_usable_cpus(void);

/// malloc_trim(3): returns free heap memory to the system (malloc.h is not in Glibc's overlay).
void parley_release_free_memory(void);

/// epoll(7) for one event loop's sockets. `struct epoll_event` is packed on x86-64, so these take
/// and return plain values: a 64-bit token per descriptor and its event mask.
int parley_epoll_create(void);
/// EPOLL_CTL_ADD / _MOD / _DEL (`op` 1, 3, 2) of `fd` with `events` and `token`.
int parley_epoll_control(int epfd, int op, int fd, unsigned int events, unsigned long long token);
/// epoll_wait(2) without blocking; fills up to `capacity` tokens and masks, returns the count or -1.
int parley_epoll_poll(int epfd, unsigned long long *tokens, unsigned int *events, int capacity);

#endif
