/*
 * sys_proc: the process and wait system calls (docs/syscalls.md 13, 15..21): spawning with or
 * without an argument block and a process handle, reading one's argument block, waiting for,
 * killing and listing processes, and obj_wait over several handles. Each returns a result >= 0 or
 * an err.h code; arguments are checked here, once.
 */
#ifndef SYS_PROC_H
#define SYS_PROC_H

#include <handle.h>
#include <stdint.h>

/* Rights of a process handle from proc_start. */
#define PROC_HANDLE_RIGHTS                                                                   \
	(HANDLE_RIGHT_READ | HANDLE_RIGHT_WAIT | HANDLE_RIGHT_SIGNAL | HANDLE_RIGHT_GRANT |     \
	 HANDLE_RIGHT_DUPLICATE)
/* Rights of a Thread handle from thread_create: no GRANT, it never leaves its process
 * (docs/capabilities.md). */
#define THREAD_HANDLE_RIGHTS (HANDLE_RIGHT_WAIT | HANDLE_RIGHT_SIGNAL | HANDLE_RIGHT_DUPLICATE)
/* Rights of the process-control resource from resource_slice(root, RES_PROC). */
#define PROC_CTL_RIGHTS                                                                      \
	(HANDLE_RIGHT_READ | HANDLE_RIGHT_MANAGE | HANDLE_RIGHT_GRANT | HANDLE_RIGHT_DUPLICATE)

/* A new reference to the one process-control resource (a KOBJ_RESOURCE of the process kind). */
struct kobject *proc_ctl_resource(void);

intptr_t sys_proc_spawn(uintptr_t path, uintptr_t len, uintptr_t handles, uintptr_t n,
			uintptr_t prio, uintptr_t flags);
intptr_t sys_proc_start(uintptr_t ps);
intptr_t sys_proc_args(uintptr_t buf, uintptr_t size);
intptr_t sys_proc_wait(uintptr_t h, uintptr_t out, uint64_t deadline);
intptr_t sys_proc_kill(uintptr_t h);
intptr_t sys_proc_list(uintptr_t h, uintptr_t buf, uintptr_t n);
intptr_t sys_proc_kill_pid(uintptr_t h, uintptr_t pid);
intptr_t sys_obj_wait(uintptr_t items, uintptr_t n, uint64_t deadline);
/*
 * Waits until one of objs[0..n) (n <= WAIT_ITEMS_MAX, each held by the caller) has a signal of
 * want[i], or the deadline; got[i] receives each object's signals at the end. Returns how many
 * items are ready, or ERR_TIMEOUT. A kill ends the wait the same way.
 */
int sys_wait_objects(struct kobject *const *objs, const uint32_t *want, uint32_t *got, unsigned n,
		     uint64_t deadline);

/* sys_thread.c: the thread system calls 40..42. */
intptr_t sys_thread_create(uintptr_t entry, uintptr_t stack_top, uintptr_t arg, uintptr_t prio);
intptr_t sys_thread_wait(uintptr_t h, uintptr_t code, uint64_t deadline);

#endif
