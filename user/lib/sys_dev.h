/*
 * sys_dev: user wrappers for the device system calls (docs/devices.md, ferrite/dev.h). Each
 * returns what the kernel returned: a result >= 0 or an err.h code.
 */
#ifndef SYS_DEV_H
#define SYS_DEV_H

#include <err.h>
#include <ferrite/dev.h>
#include <ferrite/syscall.h>
#include <stddef.h>
#include <stdint.h>

typedef uint32_t handle_t;

/* A new anonymous Mem of size bytes (page-aligned), zeroed. */
long sys_mem_create(size_t size);
/* Maps [offset, offset + len) of mem at va (a hint, or exact with MEM_MAP_FIXED) and stores the
 * address in *out; returns 0 or an error. flags: MEM_MAP_WRITE, MEM_MAP_EXEC, MEM_MAP_FIXED. The
 * address goes through *out because on a 32-bit machine with RAM above 2 GiB (qemu-virt-riscv32)
 * it would read as a negative result. */
long sys_mem_map(handle_t mem, size_t offset, size_t len, uintptr_t va, unsigned flags, void **out);
/* Removes the mapping made at va with length len. */
long sys_mem_unmap(uintptr_t va, size_t len);
/* A Mem (RES_MEM_PHYS), Irq (RES_IRQ: base is the line) or IoPort (RES_IOPORT) from the root
 * resource. */
long sys_resource_slice(handle_t root, enum res_kind kind, uint64_t base, uint64_t size);
/* The kernel console's UART, for starting its user driver. */
long sys_console_info(handle_t root, struct dev_console_info *out);
/* Waits until the line fires (deadline: 0 polls, CHAN_WAIT_FOREVER, or absolute ns). The line
 * stays masked until sys_irq_ack. */
long sys_irq_wait(handle_t irq, uint64_t deadline);
long sys_irq_ack(handle_t irq);
long sys_ioport_read8(handle_t io, unsigned port);
long sys_ioport_write8(handle_t io, unsigned port, uint8_t value);

/* The console UART for its user driver (user/cons): asks the kernel what it is (into *ci unless ci
 * is NULL) and slices its registers (a Mem, or an IoPort window on the pc) and its line (an Irq)
 * from root. 0, or the first error (then nothing is left allocated). Shared by init and constest. */
long dev_console_slice(handle_t root, struct dev_console_info *ci, handle_t *regs, handle_t *irq);

#endif
