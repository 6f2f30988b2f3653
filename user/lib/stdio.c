/*
 * The part of stdio that exists before there are files (freestanding builds only): formatted
 * output to the kernel's debug console, and formatting into memory. All of it is lib/fmt; this
 * file only routes output. There is no FILE, stdin, scanf or floating point yet.
 */
#include "libc.h"

#if !__STDC_HOSTED__
#include <fmt.h>
#include <mem.h>
#include <stdio.h>

#include "ulib.h"

/* A call's output is gathered a line buffer at a time, so one printf is one system call, not one
 * per run of text; nothing is kept between calls, so nothing is lost when a program ends. */
struct line {
	char buf[256];
	size_t n;
	bool failed; /* a write was refused: C wants a negative result (or EOF) then */
};

static void line_flush(struct line *l)
{
	if (l->n && sys_debug_write(l->buf, l->n) < 0)
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

int vprintf(const char *restrict fmt, va_list ap)
{
	struct line l = { .n = 0 };
	int n = fmt_vprint(line_put, &l, fmt, ap);
	line_flush(&l);
	return l.failed ? -1 : n;
}

int printf(const char *restrict fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vprintf(fmt, ap);
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
	struct line l = { .n = 0 };
	line_put(&l, s, strlen(s));
	line_put(&l, "\n", 1);
	line_flush(&l);
	return l.failed ? EOF : 1;
}

int putchar(int c)
{
	char ch = (char)c;
	return sys_debug_write(&ch, 1) < 0 ? EOF : (unsigned char)c;
}
#endif
