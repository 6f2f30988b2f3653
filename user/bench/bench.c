/*
 * bench: the micro-benchmarks behind `make bench`. Run with QEMU's `-icount shift=0`, the guest
 * clock advances one nanosecond per guest instruction, so differences of sys_clock() readings are
 * instruction counts: repeatable whatever the host is doing. Each figure is the mean over many
 * iterations minus the cost of the same loop without the operation.
 */
#include "../lib/sys_ipc.h"
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

/* The clock system call: a kernel entry plus one read of the monotonic clock, which the
 * scheduler also pays at every switch. */
static uint64_t clock_cost(void)
{
	uint64_t t0 = sys_clock();
	for (int i = 0; i < ITERATIONS; i++) {
		sys_clock();
		barrier();
	}
	return sys_clock() - t0;
}

/* Round trips of a small call/reply to ipcpong, a server at our priority looping on
 * chan_reply_recv (its reply and its wait for the next request in one call): the message is 8
 * bytes, no handles. */
static uint64_t call_cost(handle_t ch)
{
	uint64_t req = 42, rep = 0;
	struct chan_io s = { &req, sizeof req, NULL, 0 };
	struct chan_io r = { &rep, sizeof rep, NULL, 0 };
	uint64_t t0 = sys_clock();
	for (int i = 0; i < ITERATIONS; i++) {
		r.len = sizeof rep;
		sys_chan_call(ch, &s, &r, CHAN_WAIT_FOREVER);
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
	uint64_t clk = clock_cost();
	print_per_iteration("clock syscall", clk > base ? clk - base : 0);

	handle_t ch[2];
	if (sys_chan_create(ch) != 0 || sys_proc_spawn("ipcpong", &ch[1], 1, 0) < 0) {
		printf("bench: cannot start the ipcpong server\n");
		return 1;
	}
	call_cost(ch[0]); /* warm-up; the server is blocked in chan_recv from the first call on */
	base = loop_cost();
	uint64_t rtt = call_cost(ch[0]);
	print_per_iteration("call/reply round trip", rtt > base ? rtt - base : 0);
	struct chan_io quit = { (void *)"quit", 4, NULL, 0 };
	sys_chan_send(ch[0], &quit);
	printf("bench: done\n");
	return 0;
}
