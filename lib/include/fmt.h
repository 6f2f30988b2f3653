/*
 * fmt: printf-style formatting shared by the kernel and userspace. It owns no output device: the
 * caller passes a sink that receives runs of characters. No floating point, no allocation.
 *
 * Conversions: %d %i %u %x %X %o %c %s %p %%, flags "-0+ #", width and precision (numbers or *),
 * length modifiers hh h l ll z j t. An unknown conversion is printed as written, so a bad format
 * string shows up in the output instead of consuming arguments.
 */
#ifndef FMT_H
#define FMT_H

#include <stdarg.h>
#include <stddef.h>

/* Receives the next n characters of output (not NUL-terminated). */
typedef void (*fmt_sink)(void *ctx, const char *s, size_t n);

/* Formats into sink; returns the number of characters produced. */
int fmt_vprint(fmt_sink sink, void *ctx, const char *fmt, va_list ap);
int fmt_print(fmt_sink sink, void *ctx, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Like C's snprintf: writes at most size-1 characters plus a NUL (when size > 0) and returns the
 * length the whole output would have had, so a result >= size means it was truncated.
 */
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
