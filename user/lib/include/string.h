/* string.h: what Ferrite's C library has (docs/libc.md). The mem* functions, strlen, strnlen,
 * strcmp and strncmp are lib/string's; strlcpy and strlcat are the bounded copies (BSD). strcpy,
 * strcat, strncpy, strncat and strtok are deliberately missing: see user/lib/string.c. */
#ifndef _STRING_H
#define _STRING_H

#include <stddef.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);

char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *hay, const char *needle);
size_t strspn(const char *s, const char *accept);
size_t strcspn(const char *s, const char *reject);
char *strpbrk(const char *s, const char *accept);
/* Copy / append into a buffer of size bytes, always NUL-terminated (size > 0); the result is the
 * length the whole string would have had, so result >= size means it was truncated. */
size_t strlcpy(char *restrict dst, const char *restrict src, size_t size);
size_t strlcat(char *restrict dst, const char *restrict src, size_t size);
/* A sentence for an errno value; a static string the caller must not modify. */
char *strerror(int e);

#endif
