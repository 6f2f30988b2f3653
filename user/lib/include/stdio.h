/* stdio.h: formatted output (docs/libc.md). printf, puts and putchar write to fd 1 when the
 * program has one, else to the kernel's debug console; dprintf writes to any fd (fd 2 without
 * one: the debug console too). No FILE streams. Formatting is lib/fmt (no floating point; see
 * lib/include/fmt.h for the conversions). */
#ifndef _STDIO_H
#define _STDIO_H

#include <stdarg.h>
#include <stddef.h>

#define EOF (-1)

int printf(const char *restrict fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *restrict fmt, va_list ap);
int snprintf(char *restrict buf, size_t size, const char *restrict fmt, ...)
	__attribute__((format(printf, 3, 4)));
int vsnprintf(char *restrict buf, size_t size, const char *restrict fmt, va_list ap);
int puts(const char *s);
int putchar(int c);
int dprintf(int fd, const char *restrict fmt, ...) __attribute__((format(printf, 2, 3)));
int vdprintf(int fd, const char *restrict fmt, va_list ap);
/* Removes a file or an empty directory. 0, or -1 with errno and errstr(). */
int remove(const char *path);

#endif
