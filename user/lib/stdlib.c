/*
 * Ending a program (libc.h): the atexit table and, in freestanding builds, exit, atexit, abort and
 * libc_panic over the exit system call. The table is the portable part, host-tested; the rest is
 * glue.
 */
#include "libc.h"

int libc_atexit_add(struct libc_atexit *a, void (*fn)(void))
{
	if (a->n == LIBC_ATEXIT_MAX)
		return LIBC_ENOMEM;
	a->fn[a->n++] = fn;
	return 0;
}

void libc_atexit_run(struct libc_atexit *a)
{
	while (a->n) {
		void (*fn)(void) = a->fn[--a->n];
		fn();
	}
}

#if !__STDC_HOSTED__
#include <errno.h>
#include <fmt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "ulib.h"

static struct libc_atexit handlers;

int atexit(void (*fn)(void))
{
	int e = libc_atexit_add(&handlers, fn);
	if (e)
		errno = e;
	return e ? -1 : 0;
}

void exit(int status)
{
	/* Output is unbuffered between calls (printf writes each call out), so there is nothing to
	 * flush: the handlers are all that runs before the kernel ends the process. */
	libc_atexit_run(&handlers);
	sys_exit(status);
}

void abort(void)
{
	libc_panic("abort() called");
}

void libc_panic(const char *fmt, ...)
{
	char msg[200];
	va_list ap;
	va_start(ap, fmt);
	fmt_vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	printf("libc: %s\n", msg);
	sys_exit(LIBC_EXIT_ABORT);
}

int abs(int v) { return v < 0 ? -v : v; }
long labs(long v) { return v < 0 ? -v : v; }
long long llabs(long long v) { return v < 0 ? -v : v; }
#endif
