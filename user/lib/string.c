/*
 * The string functions the kernel's lib/string/string.c does not have (libc.h); the mem* and
 * strlen/strcmp family come from there, strlcpy from its mem_strlcpy. strcpy, strcat, strncpy,
 * strncat and strtok are left out on purpose: the first two cannot know the destination's size,
 * strncpy may leave it unterminated, strncat's bound is not the buffer's, and strtok keeps hidden
 * state. strlcpy/strlcat take the buffer size and say when they truncated.
 */
#include "libc.h"

#include <mem.h>

char *libc_strchr(const char *s, int c)
{
	/* C: the terminating NUL is part of the string, so strchr(s, 0) finds it. */
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *libc_strrchr(const char *s, int c)
{
	const char *last = NULL;
	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

char *libc_strstr(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	if (n == 0)
		return (char *)hay;
	/* Plain scan: O(len(hay) * n) at worst, ample for command lines and file names. */
	for (; *hay; hay++)
		if (*hay == *needle && strncmp(hay, needle, n) == 0)
			return (char *)hay;
	return NULL;
}

static bool member(char c, const char *set)
{
	for (; *set; set++)
		if (*set == c)
			return true;
	return false;
}

size_t libc_strspn(const char *s, const char *accept)
{
	size_t n = 0;
	while (s[n] && member(s[n], accept))
		n++;
	return n;
}

size_t libc_strcspn(const char *s, const char *reject)
{
	size_t n = 0;
	while (s[n] && !member(s[n], reject))
		n++;
	return n;
}

char *libc_strpbrk(const char *s, const char *accept)
{
	s += libc_strcspn(s, accept);
	return *s ? (char *)s : NULL;
}

size_t libc_strlcat(char *dst, const char *src, size_t size)
{
	size_t have = strnlen(dst, size);
	if (have == size) /* no NUL inside dst: nothing can be appended safely */
		return size + strlen(src);
	return have + mem_strlcpy(dst + have, src, size - have);
}

const char *libc_strerror(int e)
{
	switch (e) {
	case 0: return "no error";
	case LIBC_EPERM: return "operation not permitted";
	case LIBC_ENOENT: return "no such file or name";
	case LIBC_ESRCH: return "no such process";
	case LIBC_EIO: return "input/output error";
	case LIBC_E2BIG: return "argument list too long";
	case LIBC_ECHILD: return "not a child process";
	case LIBC_ENOTDIR: return "not a directory";
	case LIBC_EISDIR: return "is a directory";
	case LIBC_EMFILE: return "too many open files";
	case LIBC_EPIPE: return "the reader has gone away";
	case LIBC_ENOTEMPTY: return "directory not empty";
	case LIBC_EBADF: return "bad file descriptor or handle";
	case LIBC_ENOMEM: return "out of memory";
	case LIBC_EACCES: return "permission denied";
	case LIBC_EFAULT: return "bad address";
	case LIBC_EEXIST: return "already exists";
	case LIBC_EINVAL: return "invalid argument";
	case LIBC_ENOSPC: return "no space left";
	case LIBC_EDOM: return "argument out of the function's domain";
	case LIBC_ERANGE: return "result out of range";
	case LIBC_ENAMETOOLONG: return "name too long";
	case LIBC_ENOSYS: return "function not implemented";
	case LIBC_EOVERFLOW: return "value too large for the type";
	case LIBC_EILSEQ: return "invalid byte sequence";
	case LIBC_ENOTSUP: return "not supported";
	default: return "unknown error";
	}
}

#if !__STDC_HOSTED__
#include <string.h>

char *strchr(const char *s, int c) { return libc_strchr(s, c); }
char *strrchr(const char *s, int c) { return libc_strrchr(s, c); }
char *strstr(const char *h, const char *n) { return libc_strstr(h, n); }
size_t strspn(const char *s, const char *a) { return libc_strspn(s, a); }
size_t strcspn(const char *s, const char *r) { return libc_strcspn(s, r); }
char *strpbrk(const char *s, const char *a) { return libc_strpbrk(s, a); }
size_t strlcpy(char *d, const char *s, size_t n) { return mem_strlcpy(d, s, n); }
size_t strlcat(char *d, const char *s, size_t n) { return libc_strlcat(d, s, n); }
/* C allows the result to be a static string; these are, so callers must not write to them. */
char *strerror(int e) { return (char *)libc_strerror(e); }
#endif
