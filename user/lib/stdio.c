/*
 * Formatted output (freestanding builds only): printf, puts and putchar write to fd 1 when the
 * program has one and to the kernel's debug console when not (servers, init before /dev/cons);
 * dprintf writes to any fd (fd.c's libc_out falls back to the console for fds 1 and 2 only).
 * Formatting is lib/fmt; this file only gathers and routes output. No FILE, stdin or scanf.
 */
#include "libc.h"

#if !__STDC_HOSTED__
#include <fmt.h>
#include <mem.h>
#include <stdio.h>

#include "fd.h"

/* A call's output is gathered a line buffer at a time, so one printf is one write, not one per
 * run of text; nothing is kept between calls, so nothing is lost when a program ends. */
struct line {
	int fd;
	char buf[256];
	size_t n;
	bool failed; /* a write was refused: C wants a negative result (or EOF) then */
};

static void line_flush(struct line *l)
{
	if (l->n && libc_out(l->fd, l->buf, l->n) < 0)
		l->failed = true;
	l->n = 0;
}

static void line_put(void *ctx, const char *s, size_t n)
{
	struct line *l = ctx;
	for (size_t i = 0; i < n; i++) {
		if (l->n == sizeof l->buf)
			line_flush(l);
		l->buf[l->n++] = s[i];
	}
}

int vdprintf(int fd, const char *restrict fmt, va_list ap)
{
	struct line l = { .fd = fd, .n = 0 };
	int n = fmt_vprint(line_put, &l, fmt, ap);
	line_flush(&l);
	return l.failed ? -1 : n;
}

int dprintf(int fd, const char *restrict fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vdprintf(fd, fmt, ap);
	va_end(ap);
	return n;
}

int vprintf(const char *restrict fmt, va_list ap)
{
	return vdprintf(1, fmt, ap);
}

int printf(const char *restrict fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vdprintf(1, fmt, ap);
	va_end(ap);
	return n;
}

int vsnprintf(char *restrict buf, size_t size, const char *restrict fmt, va_list ap)
{
	return fmt_vsnprintf(buf, size, fmt, ap);
}

int snprintf(char *restrict buf, size_t size, const char *restrict fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int puts(const char *s)
{
	struct line l = { .fd = 1, .n = 0 };
	line_put(&l, s, strlen(s));
	line_put(&l, "\n", 1);
	line_flush(&l);
	return l.failed ? EOF : 1;
}

int putchar(int c)
{
	char ch = (char)c;
	return libc_out(1, &ch, 1) < 0 ? EOF : (unsigned char)c;
}
#endif
