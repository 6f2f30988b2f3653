/* stdlib.h: what Ferrite's C library has (docs/libc.md). No atoi/atol (use strtol: they cannot
 * report errors), no floating point. */
#ifndef _STDLIB_H
#define _STDLIB_H

#include <stddef.h>

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1

/* The heap is a fixed arena in the program's .bss (default 256 KiB, set per program): on
 * exhaustion these return NULL with errno = ENOMEM. malloc(0) and realloc(p, 0) return a
 * minimum-size block (never NULL for that reason, and realloc(p, 0) does not free p). free() and
 * realloc() of a pointer that is not a live block (double free, a stray pointer) end the program
 * with a report. */
void *malloc(size_t n);
void *calloc(size_t n, size_t size);
void *realloc(void *p, size_t n);
void free(void *p);

/* Conversions with the whole error story: errno = EINVAL when there are no digits (or the base
 * is bad), ERANGE when the value does not fit (the result is then clamped); errno is untouched on
 * success, so set it to 0 first when telling the cases apart. */
long strtol(const char *restrict s, char **restrict end, int base);
unsigned long strtoul(const char *restrict s, char **restrict end, int base);
long long strtoll(const char *restrict s, char **restrict end, int base);
unsigned long long strtoull(const char *restrict s, char **restrict end, int base);

int abs(int v);
long labs(long v);
long long llabs(long long v);

/* The environment, from the argument block the parent gave (docs/libc.md): at most 64
 * variables. setenv copies name=value into the heap; EINVAL for a bad name (empty, or holding
 * '='), ENOMEM when the table or the heap is full. */
char *getenv(const char *name);
int setenv(const char *name, const char *value, int overwrite);
int unsetenv(const char *name);

/* A heapsort: O(n log n), no recursion. */
void qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));

/* Up to 32 handlers, run last-registered first by exit() (and by returning from main). */
int atexit(void (*fn)(void));
_Noreturn void exit(int status);
/* Ends the program at once with status 134, printing "libc: abort() called"; no handlers run. */
_Noreturn void abort(void);

#endif
