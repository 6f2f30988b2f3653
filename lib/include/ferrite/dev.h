/*
 * Devices from userspace: the flags and records of the Mem, Irq, IoPort and root-resource system
 * calls (numbers in syscall.h, semantics in docs/devices.md). Shared by the kernel and userspace.
 */
#ifndef FERRITE_DEV_H
#define FERRITE_DEV_H

#include <stdint.h>

/* mem_map flags. Reading is implied by any mapping; write needs WRITE on the handle, execute
 * needs EXECUTE (write and execute together are refused). FIXED maps at exactly va or fails;
 * without it va is a hint the kernel tries first (0: no hint). Whether the mapping is device
 * memory (uncached) is the object's kind, not the caller's choice: a physical Mem always is. */
#define MEM_MAP_WRITE (1u << 1)
#define MEM_MAP_EXEC (1u << 2)
#define MEM_MAP_FIXED (1u << 8)

/* Largest anonymous Mem: its page list must fit one kmalloc block. */
#define MEM_ANON_MAX_PAGES 128u
/* On a machine without an MMU an anonymous Mem is one contiguous run of frames and may be this
 * large (the biggest run the frame allocator gives). */
#define MEM_ANON_MAX_PAGES_NOMMU 1024u

/* What resource_slice carves out of the root resource. */
enum res_kind {
	RES_MEM_PHYS = 1, /* (base = physical address, size = bytes, both page-aligned) -> Mem */
	RES_IRQ = 2,      /* (base = interrupt line, size ignored) -> Irq */
	RES_IOPORT = 3,   /* (base = first port, size = ports) -> IoPort; port I/O machines only */
	RES_PROC = 4,     /* (base 0, size 0) -> the process-control resource: proc_list (READ),
			   * proc_kill_pid (MANAGE) */
};

/* resource_info queries. */
enum res_info {
	RES_INFO_CONSOLE = 1, /* fills a struct dev_console_info */
};

/* The kernel's console UART, so that init can hand its registers and line to a user driver
 * without knowing per board where they are. */
enum dev_uart_kind {
	DEV_UART_NONE = 0,
	DEV_UART_PL011 = 1,        /* ARM PL011, memory-mapped 32-bit registers */
	DEV_UART_NS16550_MMIO = 2, /* 16550, memory-mapped byte registers one byte apart */
	DEV_UART_NS16550_PIO = 3,  /* 16550 in the I/O port space (8 ports from base) */
};

struct dev_console_info {
	uint32_t kind;  /* enum dev_uart_kind */
	int32_t line;   /* interrupt line, -1 when the firmware did not name one */
	uint64_t base;  /* physical address (MMIO) or first port (PIO) */
	uint64_t size;  /* bytes of registers (MMIO: one page) or number of ports (PIO) */
};

/* ioport operations. */
enum ioport_op {
	IOPORT_READ8 = 1,  /* -> the byte read */
	IOPORT_WRITE8 = 2, /* value -> 0 */
};

#endif
