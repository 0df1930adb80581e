#define _GNU_SOURCE
#include <errno.h>
#include <malloc.h>
#include <sched.h>
#include <stddef.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include "CSocketShims.h"

int parley_accept_nonblocking(int listener) {
    return accept4(listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
}

int parley_usable_cpus(void) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof(set), &set) != 0) return 0;
    return CPU_COUNT(&set);
}

void parley_release_free_memory(void) {
    malloc_trim(0);
}

int parley_epoll_create(void) {
    return epoll_create1(EPOLL_CLOEXEC);
}

int parley_epoll_control(int epfd, int op, int fd, unsigned int events, unsigned long long token) {
    struct epoll_event event = {.events = events, .data = {.u64 = token}};
    return epoll_ctl(epfd, op, fd, &event);
}

int parley_epoll_poll(int epfd, unsigned long long *tokens, unsigned int *events, int capacity) {
    struct epoll_event ready[256];
    if (capacity > 256) capacity = 256;
    int count;
    do {
        count = epoll_wait(epfd, ready, capacity, 0);
    } while (count < 0 && errno == EINTR);
    for (int i = 0; i < count; i++) {
        tokens[i] = ready[i].data.u64;
        events[i] = ready[i].events;
    }
    return count;
}
