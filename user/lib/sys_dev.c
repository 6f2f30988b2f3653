/* sys_dev: wrappers for the device system calls; see sys_dev.h. */
#include "sys_dev.h"
#include "sys_ipc.h"
#include "ulib.h"

/* 64-bit values travel in two registers on 32-bit targets, low half first. */
#define LO(x) ((long)(x))
#define HI(x) ((long)((uint64_t)(x) >> 31 >> 1))

long sys_mem_create(size_t size)
{
	return ulib_syscall(SYS_MEM_CREATE, (long)size, 0, 0, 0, 0, 0);
}

long sys_mem_map(handle_t mem, size_t offset, size_t len, uintptr_t va, unsigned flags, void **out)
{
	long r = ulib_syscall(SYS_MEM_MAP, (long)mem, (long)offset, (long)len, (long)va, (long)flags,
			      0);
	/* Errors are the few codes of err.h; every other value, negative as a long or not, is the
	 * address (docs/syscalls.md). */
	if (r < 0 && r >= ERR_RANGE_MIN)
		return r;
	*out = (void *)(uintptr_t)(unsigned long)r;
	return 0;
}

long sys_mem_unmap(uintptr_t va, size_t len)
{
	return ulib_syscall(SYS_MEM_UNMAP, (long)va, (long)len, 0, 0, 0, 0);
}

long sys_resource_slice(handle_t root, enum res_kind kind, uint64_t base, uint64_t size)
{
	if ((uint64_t)(size_t)size != size)
		return ERR_INVAL; /* the size travels in one register */
	return ulib_syscall(SYS_RESOURCE_SLICE, (long)root, (long)kind, (long)size, LO(base),
			    HI(base), 0);
}

long sys_console_info(handle_t root, struct dev_console_info *out)
{
	return ulib_syscall(SYS_RESOURCE_INFO, (long)root, RES_INFO_CONSOLE, (long)out,
			    (long)sizeof *out, 0, 0);
}

long sys_irq_wait(handle_t irq, uint64_t deadline)
{
	return ulib_syscall(SYS_IRQ_WAIT, (long)irq, LO(deadline), HI(deadline), 0, 0, 0);
}

long sys_irq_ack(handle_t irq)
{
	return ulib_syscall(SYS_IRQ_ACK, (long)irq, 0, 0, 0, 0, 0);
}

long sys_ioport_read8(handle_t io, unsigned port)
{
	return ulib_syscall(SYS_IOPORT, (long)io, IOPORT_READ8, (long)port, 0, 0, 0);
}

long sys_ioport_write8(handle_t io, unsigned port, uint8_t value)
{
	return ulib_syscall(SYS_IOPORT, (long)io, IOPORT_WRITE8, (long)port, (long)value, 0, 0);
}

long dev_console_slice(handle_t root, struct dev_console_info *ci, handle_t *regs, handle_t *irq)
{
	struct dev_console_info mine;
	if (!ci)
		ci = &mine;
	long r = sys_console_info(root, ci);
	if (r < 0)
		return r;
	if (ci->kind == DEV_UART_NONE || ci->line < 0)
		return ERR_NOENT;
	long m = ci->kind == DEV_UART_NS16550_PIO
			 ? sys_resource_slice(root, RES_IOPORT, ci->base, ci->size)
			 : sys_resource_slice(root, RES_MEM_PHYS, ci->base, ci->size);
	if (m < 0)
		return m;
	long q = sys_resource_slice(root, RES_IRQ, (uint64_t)ci->line, 1);
	if (q < 0) {
		sys_handle_close((handle_t)m);
		return q;
	}
	*regs = (handle_t)m;
	*irq = (handle_t)q;
	return 0;
}
