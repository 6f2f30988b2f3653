/* ulib: system call wrappers, program start and printf; see ulib.h. */
#include "ulib.h"
#include <fmt.h>

long sys_debug_write(const void *buf, size_t len)
{
	return ulib_syscall(SYS_DEBUG_WRITE, (long)buf, (long)len, 0, 0, 0, 0);
}

void sys_exit(int code)
{
	ulib_syscall(SYS_EXIT, code, 0, 0, 0, 0, 0);
	for (;;)
		; /* the kernel never returns from exit */
}

long sys_yield(void)
{
	return ulib_syscall(SYS_YIELD, 0, 0, 0, 0, 0, 0);
}

long sys_sleep_until(uint64_t deadline_ns)
{
	/* On 32-bit targets the 64-bit deadline travels in two registers, low half first. */
	return ulib_syscall(SYS_SLEEP_UNTIL, (long)deadline_ns, (long)(deadline_ns >> 31 >> 1), 0, 0,
			    0, 0);
}

uint64_t sys_clock(void)
{
	uint64_t now = 0;
	ulib_syscall(SYS_CLOCK, (long)&now, 0, 0, 0, 0, 0);
	return now;
}

long sys_null(void)
{
	return ulib_syscall(SYS_NULL, 0, 0, 0, 0, 0, 0);
}

/* printf buffers a line's worth so each call is one system call, not one per run of text. */
struct line {
	char buf[256];
	size_t n;
};

static void line_flush(struct line *l)
{
	if (l->n)
		sys_debug_write(l->buf, l->n);
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

int printf(const char *fmt, ...)
{
	struct line l = { .n = 0 };
	va_list ap;
	va_start(ap, fmt);
	int n = fmt_vprint(line_put, &l, fmt, ap);
	va_end(ap);
	line_flush(&l);
	return n;
}

void ulib_start(void) __attribute__((noreturn));
void ulib_start(void)
{
	sys_exit(main());
}
