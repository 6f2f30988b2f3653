/*
 * init: the first user process. For now it proves the user/kernel boundary: it runs in user mode
 * from a signed executable, makes system calls, and shows that bad arguments come back as errors
 * instead of hurting the kernel. Later it starts the servers and mounts the namespace.
 */
#include "../lib/ulib.h"

int main(void)
{
	printf("init: hello from user mode\n");
	uint64_t t0 = sys_clock();
	sys_sleep_until(t0 + 10000000ull);
	uint64_t slept = sys_clock() - t0;
	printf("init: slept %llu us through the kernel's timer\n", (unsigned long long)(slept / 1000));

	/* Each of these must be refused with an error code, never crash the kernel. */
	long r = sys_debug_write((const void *)16, 8);
	printf("init: write from an unmapped address: %s\n", r < 0 ? err_str((int)r) : "accepted?!");
	r = sys_debug_write((const void *)(uintptr_t)&main, SYS_DEBUG_WRITE_MAX + 1);
	printf("init: write longer than the limit: %s\n", r < 0 ? err_str((int)r) : "accepted?!");
	r = ulib_syscall(9999, 0, 0, 0, 0, 0, 0);
	printf("init: unknown system call: %s\n", r < 0 ? err_str((int)r) : "accepted?!");
	printf("init: done\n");
	return 0;
}
