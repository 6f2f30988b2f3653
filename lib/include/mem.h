/*
 * mem: the C string and memory routines the kernel uses, under their standard names. Hosted builds
 * (unit tests) take them from the host C library; freestanding builds link lib/string/string.c.
 */
#ifndef MEM_H
#define MEM_H

#include <stddef.h>

#if __STDC_HOSTED__
#include <string.h>
#else
void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
#endif

/* Copies at most size-1 bytes and NUL-terminates (size > 0); returns strlen(src) like BSD strlcpy,
 * so a result >= size means the copy was truncated. */
size_t mem_strlcpy(char *dst, const char *src, size_t size);

#endif
