#define _GNU_SOURCE
#include <malloc.h>
#include <sched.h>
#include <stddef.h>
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
