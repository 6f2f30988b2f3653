/* ulib: system call wrappers; see ulib.h. Program start is start.c, printf is stdio.c. */
#include "ulib.h"

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
