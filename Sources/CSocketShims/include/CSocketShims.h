#ifndef PARLEY_CSOCKETSHIMS_H
#define PARLEY_CSOCKETSHIMS_H

/// accept4(2) with SOCK_NONBLOCK | SOCK_CLOEXEC in one call: Glibc's Swift overlay does not
/// export accept4 (it is a _GNU_SOURCE function), and two extra fcntl calls per accept would race
/// with exec and cost syscalls.
int parley_accept_nonblocking(int listener);

#endif
