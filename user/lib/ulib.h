/*
 * ulib: the system-call layer of Ferrite's C library (libc.a, docs/libc.md): the system calls of
 * docs/syscalls.md. Program entry is start.c (ulib_start calls main(argc, argv) and exit()s with
 * its result; main(void) works too), printf is stdio.c. The standard headers (stdio.h, stdlib.h,
 * string.h, ctype.h, errno.h) are in user/lib/include/.
 */
#ifndef ULIB_H
#define ULIB_H

#include <err.h>
#include <ferrite/syscall.h>
#include <stddef.h>
#include <stdint.h>

long ulib_syscall(long num, long a1, long a2, long a3, long a4, long a5, long a6);

/* Writes len bytes to the kernel's debug console; returns len or a negative error. */
long sys_debug_write(const void *buf, size_t len);
void sys_exit(int code) __attribute__((noreturn));
long sys_yield(void);
long sys_sleep_until(uint64_t deadline_ns);
uint64_t sys_clock(void);
long sys_null(void);

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
