/*
 * The thread system calls (docs/syscalls.md 40..42): more threads in the calling process, each
 * named by a Thread handle (KOBJ_THREAD, thread.h) that can be waited on for its exit code.
 * Creating, ending and killing threads is process.c's (the thread list lives in the process).
 */
#include <err.h>
#include <hal.h>
#include <objwait.h>
#include <process.h>
#include <slab.h>
#include <sys_proc.h>

static void thread_obj_destroy(struct kobject *obj)
{
	kfree(obj);
}

static const struct kobject_ops thread_obj_ops = { KOBJ_THREAD, thread_obj_destroy };

intptr_t sys_thread_create(uintptr_t entry, uintptr_t stack_top, uintptr_t arg, uintptr_t prio)
{
	struct thread *cur = thread_current();
	struct process *p = cur->proc;
	int e = thread_args_check(entry, stack_top, prio, cur->se.base.prio, hal_user_limit());
	if (e)
		return e;
	/* The stack must be the process's own memory (mapped, or on a board without an MMU inside
	 * its protection regions): read through the user-access check, as the thread will. */
	uint8_t probe[16];
	if (hal_copy_from_user(probe, stack_top - sizeof probe, sizeof probe) != 0)
		return ERR_FAULT;
	struct thread_obj *o = kmalloc(sizeof *o);
	if (!o)
		return ERR_NOMEM;
	kobject_init(&o->obj, &thread_obj_ops);
	o->ended = false;
	o->code = 0;
	/* Two references: the table takes one, the thread the other. The handle comes first:
	 * once the thread runs, a failure here could not be undone. */
	kobject_get(&o->obj);
	int h = handle_install(&p->handles, &o->obj, THREAD_HANDLE_RIGHTS);
	if (h < 0) {
		kobject_put(&o->obj);
		kobject_put(&o->obj);
		return h;
	}
	if (!process_thread_new(p, prio ? (uint8_t)prio : cur->se.base.prio, entry, stack_top, arg,
				o)) {
		handle_close(&p->handles, (handle_t)h); /* the table's reference */
		kobject_put(&o->obj);                  /* ours */
		return ERR_NOMEM;
	}
	return h;
}

intptr_t sys_thread_wait(uintptr_t h, uintptr_t ucode, uint64_t deadline)
{
	if (h > UINT32_MAX)
		return ERR_BADHANDLE;
	struct kobject *obj;
	int e = handle_get(&process_current()->handles, (handle_t)h, KOBJ_THREAD, HANDLE_RIGHT_WAIT,
			   &obj);
	if (e)
		return e;
	uint32_t want = WAIT_EXITED, got;
	int r = sys_wait_objects(&obj, &want, &got, 1, deadline);
	if (r > 0) {
		/* Final once ended is seen (under sched_lock, in sys_wait_objects). */
		int32_t code = ((struct thread_obj *)obj)->code;
		r = hal_copy_to_user(ucode, &code, sizeof code) ? ERR_FAULT : 0;
	}
	kobject_put(obj);
	return r;
}
