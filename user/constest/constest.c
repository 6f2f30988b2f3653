/*
 * constest: the system test of user drivers (test `cons`, run as init=constest so that it holds
 * the root resource). It checks the device calls' refusals and an anonymous Mem, asks the kernel
 * what the console UART is, slices its registers (or I/O ports) and line from the root resource,
 * starts cons with them and has it print a line. cons itself prints whether the UART's interrupt
 * reached it. Its own results go to the kernel's debug console, one line per claim.
 */
#include "../lib/sys_dev.h"
#include "../lib/sys_ipc.h"
#include "../lib/ulib.h"
#include <mem.h>

static unsigned failures;

static void check(int ok, const char *what)
{
	printf("constest: %s ... %s\n", what, ok ? "ok" : "FAILED");
	if (!ok)
		failures++;
}

static const char *res(long r)
{
	return r < 0 ? err_str((int)r) : "accepted";
}

static const char *kind_name(uint32_t k)
{
	switch (k) {
	case DEV_UART_PL011: return "pl011";
	case DEV_UART_NS16550_MMIO: return "ns16550 (mmio)";
	case DEV_UART_NS16550_PIO: return "ns16550 (ports)";
	default: return "none";
	}
}

/* Sends data on ch and waits for cons's empty reply. */
static long call(handle_t ch, const void *data, uint32_t len)
{
	struct chan_io s = { (void *)data, len, NULL, 0 }, r = { NULL, 0, NULL, 0 };
	return sys_chan_call(ch, &s, &r, CHAN_WAIT_FOREVER);
}

static void anon_mem(void)
{
	long m = sys_mem_create(2 * 4096);
	check(m > 0, "anonymous Mem of two pages created");
	long va = sys_mem_map((handle_t)m, 0, 2 * 4096, 0, MEM_MAP_WRITE);
	check(va > 0, "mapped read-write");
	if (va > 0) {
		volatile uint8_t *p = (volatile uint8_t *)(uintptr_t)va;
		check(p[0] == 0 && p[8191] == 0, "its pages start zeroed");
		p[4096] = 0x5a;
		check(p[4096] == 0x5a, "and hold what is written");
		check(sys_mem_unmap((uintptr_t)va, 4096) == ERR_NOENT,
		      "unmapping half a mapping is refused");
		check(sys_mem_unmap((uintptr_t)va, 2 * 4096) == 0, "unmapped");
	}
	printf("constest: map past the end: %s\n", res(sys_mem_map((handle_t)m, 4096, 2 * 4096, 0, 0)));
	long ro = sys_handle_dup((handle_t)m, RIGHT_READ | RIGHT_MAP);
	printf("constest: writable map of a read-only handle: %s\n",
	       res(sys_mem_map((handle_t)ro, 0, 4096, 0, MEM_MAP_WRITE)));
	printf("constest: anonymous Mem of 3 bytes: %s\n", res(sys_mem_create(3)));
	sys_handle_close((handle_t)ro);
	sys_handle_close((handle_t)m);
}

int main(void)
{
	handle_t root;
	if (sys_handle_startup(&root, 1) != 1) {
		printf("constest: no root resource among the startup handles FAILED\n");
		return 1;
	}
	anon_mem();

	struct dev_console_info ci;
	long r = sys_console_info(root, &ci);
	check(r == 0 && ci.kind != DEV_UART_NONE, "the kernel describes its console UART");
	printf("constest: console is %s at 0x%llx, line %d\n", kind_name(ci.kind),
	       (unsigned long long)ci.base, (int)ci.line);

	/* No ambient authority: a channel is not a root resource, and a handle without MANAGE
	 * cannot slice. */
	handle_t c[2];
	sys_chan_create(c);
	printf("constest: irq from a channel handle: %s\n",
	       res(sys_resource_slice(c[0], RES_IRQ, (uint64_t)ci.line, 1)));
	long weak = sys_handle_dup(root, RIGHT_READ);
	printf("constest: irq from a root handle without MANAGE: %s\n",
	       res(sys_resource_slice((handle_t)weak, RES_IRQ, (uint64_t)ci.line, 1)));
	sys_handle_close((handle_t)weak);

	long regs = ci.kind == DEV_UART_NS16550_PIO
			    ? sys_resource_slice(root, RES_IOPORT, ci.base, ci.size)
			    : sys_resource_slice(root, RES_MEM_PHYS, ci.base, ci.size);
	check(regs > 0, "the UART's registers sliced from the root resource");
	long irq = sys_resource_slice(root, RES_IRQ, (uint64_t)ci.line, 1);
	check(irq > 0, "the UART's line bound to an Irq");
	printf("constest: the same line bound twice: %s\n",
	       res(sys_resource_slice(root, RES_IRQ, (uint64_t)ci.line, 1)));
	printf("constest: ack of a line that has not fired: %s\n", res(sys_irq_ack((handle_t)irq)));
	printf("constest: poll of a quiet line: %s\n", res(sys_irq_wait((handle_t)irq, 0)));
	if (regs <= 0 || irq <= 0)
		return 1;

	handle_t give[3] = { c[1], (handle_t)regs, (handle_t)irq };
	long pid = sys_proc_spawn("cons", give, 3, 0);
	check(pid > 0, "cons started with the channel, the registers and the Irq");
	if (pid <= 0)
		return 1;
	check(call(c[0], &ci, sizeof ci) == 0, "cons took the UART");
	static const char hello[] = "cons: hello through the user driver\n";
	check(call(c[0], hello, sizeof hello - 1) == 0, "cons printed the line");
	/* Closing our end is cons's signal to stop. */
	sys_handle_close(c[0]);
	printf("constest: done, %u failures\n", failures);
	return failures ? 1 : 0;
}
