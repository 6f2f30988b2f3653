/*
 * bench: the micro-benchmarks behind `make bench`. Run with QEMU's `-icount shift=0`, the guest
 * clock advances one nanosecond per guest instruction, so differences of sys_clock() readings are
 * instruction counts: repeatable whatever the host is doing. Each figure is the mean over many
 * iterations minus the cost of the same loop without the operation.
 */
#include "../lib/ulib.h"

#define ITERATIONS 20000

/* Keeps the compiler from deleting or merging the empty loop. */
static void barrier(void)
{
	__asm__ volatile("" ::: "memory");
}

static uint64_t loop_cost(void)
{
	uint64_t t0 = sys_clock();
	for (int i = 0; i < ITERATIONS; i++)
		barrier();
	return sys_clock() - t0;
}

static uint64_t null_syscall_cost(void)
{
	uint64_t t0 = sys_clock();
	for (int i = 0; i < ITERATIONS; i++) {
		sys_null();
		barrier();
	}
	return sys_clock() - t0;
}

/* Prints value / ITERATIONS with two decimals, computed in integers (no FP in user programs). */
static void print_per_iteration(const char *what, uint64_t total)
{
	uint64_t hundredths = total * 100 / ITERATIONS;
	printf("bench: %s: %llu.%02llu instructions\n", what, (unsigned long long)(hundredths / 100),
	       (unsigned long long)(hundredths % 100));
}

int main(void)
{
	/* Warm up caches and TLBs once, then measure. */
	loop_cost();
	null_syscall_cost();
	uint64_t base = loop_cost();
	uint64_t null = null_syscall_cost();
	print_per_iteration("null syscall", null > base ? null - base : 0);
	printf("bench: done\n");
	return 0;
}
