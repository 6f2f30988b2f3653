/*
 * sys_dev: the device system calls (docs/devices.md): Mem objects and their mappings, Irq objects,
 * I/O port windows and the root resource that init receives. Each returns a result >= 0 or an
 * err.h code; arguments are checked here, once.
 */
#ifndef SYS_DEV_H
#define SYS_DEV_H

#include <handle.h>
#include <stdint.h>

struct kobject;
struct process;

/* Rights of the root resource handle given to init. */
#define DEV_ROOT_RIGHTS                                                                        \
	(HANDLE_RIGHT_READ | HANDLE_RIGHT_GRANT | HANDLE_RIGHT_DUPLICATE | HANDLE_RIGHT_MANAGE)

/* A new reference to the one root resource object (for init's startup handles). */
struct kobject *dev_root_resource(void);
/* Removes every Mem mapping of p (exiting) and drops the references they held. */
void dev_unmap_all(struct process *p);

intptr_t sys_mem_create(uintptr_t size);
intptr_t sys_mem_map(uintptr_t h, uintptr_t offset, uintptr_t len, uintptr_t va, uintptr_t flags);
intptr_t sys_mem_unmap(uintptr_t va, uintptr_t len);
intptr_t sys_resource_slice(uintptr_t root, uintptr_t kind, uintptr_t size, uint64_t base);
intptr_t sys_resource_info(uintptr_t root, uintptr_t what, uintptr_t out, uintptr_t size);
intptr_t sys_irq_wait(uintptr_t h, uint64_t deadline);
intptr_t sys_irq_ack(uintptr_t h);
intptr_t sys_ioport(uintptr_t h, uintptr_t op, uintptr_t port, uintptr_t value);

#endif
