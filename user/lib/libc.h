/*
 * libc.h: the portable core of Ferrite's user C library, under prefixed names.
 *
 * Every module in user/lib/ is written twice over: a prefixed core (libc_*, heap_*) that holds
 * all the logic and builds anywhere, and, in the same file under `#if !__STDC_HOSTED__`, the
 * standard C names (strtol, malloc, ...) as one-line bindings to that core. The host unit tests
 * and fuzzers compile the same files with the host compiler, where __STDC_HOSTED__ is 1: only the
 * prefixed core exists there, so nothing clashes with the host C library and the tests exercise
 * exactly the code the programs run. Programs include the standard headers in user/lib/include/;
 * only the library and its tests include this file. See docs/libc.md.
 *
 * The core reports errors as LIBC_E* codes (positive, the values errno.h gives them) through an
 * `int *err` argument or a return value; the bindings store them in errno.
 */
#ifndef LIBC_H
#define LIBC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* errno values (user/lib/include/errno.h spells them E*; errno.c checks that the two agree). */
enum {
	LIBC_EPERM = 1,
	LIBC_ENOENT = 2,
	LIBC_ESRCH = 3,
	LIBC_EIO = 5,
	LIBC_E2BIG = 7,
	LIBC_EBADF = 9,
	LIBC_ECHILD = 10,
	LIBC_ENOMEM = 12,
	LIBC_EACCES = 13,
	LIBC_EFAULT = 14,
	LIBC_EEXIST = 17,
	LIBC_ENOTDIR = 20,
	LIBC_EISDIR = 21,
	LIBC_EINVAL = 22,
	LIBC_EMFILE = 24,
	LIBC_ENOSPC = 28,
	LIBC_EPIPE = 32,
	LIBC_EDOM = 33,
	LIBC_ERANGE = 34,
	LIBC_ENAMETOOLONG = 36,
	LIBC_ENOSYS = 38,
	LIBC_ENOTEMPTY = 39,
	LIBC_EOVERFLOW = 75,
	LIBC_EILSEQ = 84,
	LIBC_ENOTSUP = 95,
};

/* A sentence for an errno value ("out of memory"); never NULL. */
const char *libc_strerror(int e);

/* ---- ctype: the "C" locale; EOF and every unsigned char value are valid, anything else is
 * answered 0 (or returned unchanged by the conversions) instead of indexing out of a table. ---- */
int libc_isalpha(int c);
int libc_isdigit(int c);
int libc_isalnum(int c);
int libc_isxdigit(int c);
int libc_islower(int c);
int libc_isupper(int c);
int libc_isspace(int c);
int libc_isblank(int c);
int libc_iscntrl(int c);
int libc_isprint(int c);
int libc_isgraph(int c);
int libc_ispunct(int c);
int libc_tolower(int c);
int libc_toupper(int c);

/* ---- strings ---- */
char *libc_strchr(const char *s, int c);
char *libc_strrchr(const char *s, int c);
char *libc_strstr(const char *hay, const char *needle);
size_t libc_strspn(const char *s, const char *accept);
size_t libc_strcspn(const char *s, const char *reject);
char *libc_strpbrk(const char *s, const char *accept);
/* Appends src to the string in dst without letting dst (size bytes) overflow; always
 * NUL-terminates when dst holds a NUL within size. Returns the length it tried to make
 * (strlen(dst) + strlen(src)), so a result >= size means truncation (BSD strlcat). */
size_t libc_strlcat(char *dst, const char *src, size_t size);

/* ---- numbers: strtol and friends with the whole error story ----
 * Leading white space, an optional sign, an optional 0x/0X (base 16 or 0) or 0 (base 0: octal)
 * prefix, then digits. *end (when end is not NULL) points after the last digit used, or at s when
 * there were none. *err is 0, LIBC_EINVAL (no digits at all, or base not 0 or 2..36; the result is
 * 0) or LIBC_ERANGE (the value does not fit; the result is clamped to the type's limit, as C
 * says). For the unsigned forms a '-' negates in the unsigned type, as C says: "-1" is ULONG_MAX
 * with no error. */
long libc_strtol(const char *s, char **end, int base, int *err);
unsigned long libc_strtoul(const char *s, char **end, int base, int *err);
long long libc_strtoll(const char *s, char **end, int base, int *err);
unsigned long long libc_strtoull(const char *s, char **end, int base, int *err);

/* ---- the heap: a first-fit allocator with boundary tags over one arena the caller owns ----
 * Blocks carry a 16-byte header (size, previous block's size, state, check word); free blocks
 * are on a doubly linked list and merge with free neighbours at once, so no two free blocks are
 * ever adjacent. Payloads are 16-byte aligned. An arena is at most HEAP_ARENA_MAX bytes (sizes
 * are 32-bit in the headers). The heap never grows: when it is full, allocation fails with
 * LIBC_ENOMEM. */
#define HEAP_ALIGN 16u
#define HEAP_ARENA_MAX 0x7ffff000u

struct heap_free; /* a free block's list links, inside its payload */

struct heap {
	unsigned char *base; /* first block header (16-byte aligned) */
	size_t size;	     /* bytes from base covered by blocks */
	struct heap_free *free_list;
	uint32_t cookie; /* mixed into every check word: a stray write must also guess this */
	size_t in_use;	 /* bytes of blocks allocated (headers included) */
	size_t peak;	 /* the most in_use has been */
};

/* Sets up h over [mem, mem + size): aligns the start, rounds the end down. Returns 0, or
 * LIBC_EINVAL when fewer than two minimum blocks fit or the arena is too large. */
int heap_init(struct heap *h, void *mem, size_t size);
/* n bytes (0 gives a minimum block, never NULL for that reason); NULL with *err = LIBC_ENOMEM when
 * nothing fits. */
void *heap_alloc(struct heap *h, size_t n, int *err);
/* n * size zeroed bytes; NULL with LIBC_ENOMEM also when the product overflows. */
void *heap_calloc(struct heap *h, size_t n, size_t size, int *err);
/* Resizes keeping min(old, n) bytes: in place when shrinking or when the next block is free and
 * big enough, else by moving. p == NULL is heap_alloc. On failure returns NULL, *err set, and p is
 * untouched and still allocated (LIBC_ENOMEM), or p is not a live block (LIBC_EFAULT for a pointer
 * that is not a block of this heap, LIBC_EINVAL for one freed already). */
void *heap_realloc(struct heap *h, void *p, size_t n, int *err);
/* 0, or LIBC_EINVAL for a block that is already free (double free), LIBC_EFAULT for a pointer
 * that is not a block of this heap (outside it, misaligned, or with a damaged header). NULL is 0. */
int heap_free(struct heap *h, void *p);
/* The usable size of a live block (>= what was asked), or 0 for a pointer that is not one. */
size_t heap_usable(const struct heap *h, const void *p);
/* Walks every block checking the invariants (headers, sizes chain, no adjacent free blocks, the
 * free list holds exactly the free blocks, in_use adds up). NULL when all hold, else what broke. */
const char *heap_check(const struct heap *h);
/* The largest request that would succeed now. */
size_t heap_largest_free(const struct heap *h);

/* ---- exit handlers: C's atexit (at least 32; C17 7.22.4.2) ---- */
#define LIBC_ATEXIT_MAX 32
struct libc_atexit {
	void (*fn[LIBC_ATEXIT_MAX])(void);
	unsigned n;
};
/* 0, or LIBC_ENOMEM when the table is full. */
int libc_atexit_add(struct libc_atexit *a, void (*fn)(void));
/* Calls the handlers last-registered first, each once, removing it before the call so that a
 * handler calling exit (or registering another) cannot loop. */
void libc_atexit_run(struct libc_atexit *a);

#if !__STDC_HOSTED__
/* Prints "<program message>" to the console and ends the program as abort() does (status
 * LIBC_EXIT_ABORT): for misuse the library cannot report any other way (a double free). */
#define LIBC_EXIT_ABORT 134
_Noreturn void libc_panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#endif

#endif
