/*
 * Portable fault reporting. Architecture trap code decodes the exception into struct trap_info;
 * this prints it the same way on every architecture and decides what happens next. Kernel-mode
 * faults are kernel bugs: report and panic. User-mode faults will kill the thread once threads
 * exist; until then any fault is fatal.
 */
#include <console.h>
#include <hal.h>
#include <panic.h>
#include <process.h>

void trap_fault(const struct trap_info *ti, const struct trap_frame *tf)
{
#ifdef CONFIG_ARCH_THREADS
	/* A user program's fault ends that program, never the kernel. */
	if (ti->user)
		process_fault(ti);
#endif
	kprintf("\n%s fault: %s\n", ti->user ? "user" : "kernel", ti->what);
	kprintf("  pc   0x%llx\n", (unsigned long long)ti->pc);
	if (ti->has_addr)
		kprintf("  addr 0x%llx (%s)\n", (unsigned long long)ti->addr,
			ti->write ? "write" : "read");
	kprintf("  cause 0x%llx\n", (unsigned long long)ti->code);
	hal_trap_dump(tf);
	panic("unhandled %s in %s mode", ti->what, ti->user ? "user" : "kernel");
}
