/*
 * The process and wait system calls; see sys_proc.h, docs/syscalls.md and docs/ipc.md.
 *
 * Waiting (obj_wait, proc_wait): the calling thread holds a reference to every object it watches
 * for the whole call, so each stays alive while the thread's records are on its observer list;
 * the records live on the thread's kernel stack and are linked and unlinked under sched_lock
 * (objwait.h). A wait ends by a signal, the deadline or a kill, and the signals are read again
 * after every wake-up, so a wake-up that finds nothing ready simply waits again.
 */
#include <sys_proc.h>
#include <err.h>
#include <ferrite/syscall.h>
#include <hal.h>
#include <mem.h>
#include <ns.h>
#include <objwait.h>
#include <pmm.h>
#include <process.h>
#include <sched.h>
#include <stddef.h>


/* ---- the process-control resource ------------------------------------------------------ */

/* Never destroyed: the kernel keeps its first reference for good. */
static void ctl_destroy(struct kobject *obj)
{
	(void)obj;
}
static const struct kobject_ops ctl_ops = { KOBJ_RESOURCE, ctl_destroy };
static struct kobject ctl;
static bool ctl_ready;

struct kobject *proc_ctl_resource(void)
{
	bool f = hal_irq_save(); /* one CPU: nothing else runs between the test and the set */
	if (!ctl_ready) {
		kobject_init(&ctl, &ctl_ops);
		ctl_ready = true;
	}
	hal_irq_restore(f);
	kobject_get(&ctl);
	return &ctl;
}

/* The process-control resource behind h, checked for rights; ERR_WRONGTYPE for any other
 * resource (the root one included). */
static int get_ctl(uintptr_t h, uint32_t rights)
{
	struct kobject *obj;
	int e = process_handle_arg(h, KOBJ_RESOURCE, rights, &obj);
	if (e)
		return e;
	bool ok = obj == &ctl;
	kobject_put(obj);
	return ok ? 0 : ERR_WRONGTYPE;
}

/* ---- spawning ---------------------------------------------------------------------------- */

/* proc_spawn and proc_start: every check, then the child. Returns its pid or an error. */
static intptr_t spawn(uintptr_t upath, uintptr_t len, uintptr_t uhandles, uintptr_t n,
		      uintptr_t prio, uintptr_t flags, const struct process_extra *extra)
{
	struct thread *cur = thread_current();
	char path[PROC_PATH_MAX];
	if ((flags & ~(uintptr_t)(PROC_SPAWN_NS_COPY | PROC_SPAWN_NS_NEW)) ||
	    (flags & PROC_SPAWN_NS_COPY && flags & PROC_SPAWN_NS_NEW))
		return ERR_INVAL;
	if (len == 0)
		return ERR_INVAL;
	if (len >= sizeof path)
		return ERR_NAMETOOLONG;
	if (n > PROC_STARTUP_MAX)
		return ERR_INVAL;
	if (prio > cur->se.base.prio)
		return ERR_ACCESS; /* a child is never more urgent than its parent asked to be */
	if (hal_copy_from_user(path, upath, len) != 0)
		return ERR_FAULT;
	path[len] = '\0';
	if (strlen(path) != len)
		return ERR_BADNAME;
	handle_t hs[PROC_STARTUP_MAX];
	if (n && hal_copy_from_user(hs, uhandles, n * sizeof *hs) != 0)
		return ERR_FAULT;
	/*
	 * All or nothing: first a reference to each object, each handle checked for GRANT by
	 * handle_get; the parent's handles are closed only once the child exists. Another thread
	 * of the parent may close or replace one of them meanwhile: the child then still gets the
	 * object (its reference is taken here), and the close below fails harmlessly.
	 */
	struct kobject *objs[PROC_STARTUP_MAX];
	uint32_t rights[PROC_STARTUP_MAX];
	int err = 0;
	unsigned got = 0;
	for (; got < n && !err; got++) {
		for (unsigned j = 0; j < got && !err; j++)
			if (hs[j] == hs[got])
				err = ERR_INVAL;
		if (err)
			break;
		err = handle_get(process_handles(), hs[got], KOBJ_ANY, HANDLE_RIGHT_GRANT, &objs[got]);
		if (err)
			break;
		struct handle_info info;
		handle_inspect(process_handles(), hs[got], &info);
		rights[got] = info.rights;
	}
	if (err) {
		for (unsigned i = 0; i < got; i++)
			kobject_put(objs[i]);
		return err;
	}
	/* Shared unless the caller asked for a copy (unshare) or an empty one (a server, which
	 * must not hold the namespace its own service is mounted in: that would keep both alive
	 * forever). The child owns this reference. */
	struct ns *ns;
	err = ns_inherit(flags & PROC_SPAWN_NS_NEW ? NULL : process_current()->ns,
			 flags & PROC_SPAWN_NS_COPY, &ns);
	if (err) {
		for (unsigned i = 0; i < got; i++)
			kobject_put(objs[i]);
		return err;
	}
	unsigned pid;
	int code;
	const char *why = process_spawn_with(path, prio ? (uint8_t)prio : cur->se.base.prio,
					     SCHED_NO_DEADLINE, objs, rights, (unsigned)n, ns, extra,
					     &pid, &code);
	if (why)
		return code;
	for (unsigned i = 0; i < n; i++)
		handle_close(process_handles(), hs[i]);
	return (intptr_t)pid;
}

intptr_t sys_proc_spawn(uintptr_t upath, uintptr_t len, uintptr_t uhandles, uintptr_t n,
			uintptr_t prio, uintptr_t flags)
{
	return spawn(upath, len, uhandles, n, prio, flags, NULL);
}

intptr_t sys_proc_start(uintptr_t ups)
{
	struct proc_start ps;
	if (hal_copy_from_user(&ps, ups, sizeof ps) != 0)
		return ERR_FAULT;
	if (ps.args_len > PROC_ARGS_MAX)
		return ERR_INVAL;
	/* Where the handle goes must be writable before there is a child to lose. */
	uint32_t none = 0;
	uintptr_t uout = ups + offsetof(struct proc_start, proc_out);
	if (hal_copy_to_user(uout, &none, sizeof none) != 0)
		return ERR_FAULT;
	char *args = NULL;
	if (ps.args_len) {
		uint64_t frame = pmm_alloc_page();
		if (!frame)
			return ERR_NOMEM;
		args = hal_phys_to_virt(frame);
	}
	intptr_t r = 0;
	if (args && hal_copy_from_user(args, (uintptr_t)ps.args, ps.args_len) != 0)
		r = ERR_FAULT;
	if (!r)
		r = proc_args_check(args, ps.args_len);
	struct process *child = NULL;
	if (!r) {
		struct process_extra extra = { args, ps.args_len, &child };
		r = spawn((uintptr_t)ps.path, ps.path_len, (uintptr_t)ps.handles, ps.nhandles,
			  ps.prio, ps.flags, &extra);
	}
	if (args)
		pmm_free_page(hal_virt_to_phys(args));
	if (r < 0)
		return r;
	int h = handle_install(process_handles(), &child->obj, PROC_HANDLE_RIGHTS);
	uint32_t hv = (uint32_t)h;
	if (h >= 0 && hal_copy_to_user(uout, &hv, sizeof hv) != 0) {
		kobject_get(&child->obj); /* ours again: the table's goes with the handle */
		handle_close(process_handles(), hv);
		h = ERR_FAULT;
	}
	if (h < 0) {
		/* The caller cannot be given its handle: no child it cannot see should run on. */
		process_kill(child);
		kobject_put(&child->obj);
		return h;
	}
	return r;
}

intptr_t sys_proc_args(uintptr_t ubuf, uintptr_t size)
{
	struct process *p = process_current();
	size_t n = p->args_len < size ? p->args_len : size;
	if (n && hal_copy_to_user(ubuf, p->args, n) != 0)
		return ERR_FAULT;
	return (intptr_t)p->args_len;
}

/* ---- waiting ---------------------------------------------------------------------------- */

void objwait_wake_locked(struct thread *t)
{
	/* Records are linked only while their thread is in wait_objects: blocked there (and not
	 * already woken by another object, its deadline or a kill), or about to look again. */
	if (t->state == THREAD_BLOCKED && t->wait_killable)
		sched_unblock_locked(t);
}

int sys_wait_objects(struct kobject *const *objs, const uint32_t *want, uint32_t *got, unsigned n,
		     uint64_t deadline)
{
	struct obj_waiter rec[WAIT_ITEMS_MAX];
	struct thread *cur = thread_current();
	bool timed_out = false;
	int ready;
	bool irq = spin_lock_irqsave(&sched_lock);
	for (;;) {
		ready = 0;
		for (unsigned i = 0; i < n; i++) {
			got[i] = objwait_signals_locked(objs[i]);
			ready += (got[i] & want[i]) != 0;
		}
		if (ready || deadline == 0 || timed_out)
			break;
		for (unsigned i = 0; i < n; i++)
			objwait_link_locked(&rec[i], objs[i], cur);
		timed_out = sched_block_locked(deadline, NULL);
		for (unsigned i = 0; i < n; i++)
			objwait_unlink_locked(&rec[i]);
	}
	spin_unlock_irqrestore(&sched_lock, irq);
	return ready ? ready : ERR_TIMEOUT;
}

intptr_t sys_proc_wait(uintptr_t h, uintptr_t uout, uint64_t deadline)
{
	struct kobject *obj;
	int e = process_handle_arg(h, KOBJ_PROCESS, HANDLE_RIGHT_WAIT, &obj);
	if (e)
		return e;
	uint32_t want = WAIT_EXITED, got;
	int r = sys_wait_objects(&obj, &want, &got, 1, deadline);
	if (r > 0) {
		/* Final once ended is seen (under sched_lock, in wait_objects). */
		struct proc_status st = ((struct process *)obj)->status;
		r = hal_copy_to_user(uout, &st, sizeof st) ? ERR_FAULT : 0;
	}
	kobject_put(obj);
	return r;
}

intptr_t sys_obj_wait(uintptr_t uitems, uintptr_t n, uint64_t deadline)
{
	if (n == 0 || n > WAIT_ITEMS_MAX)
		return ERR_INVAL;
	struct wait_item items[WAIT_ITEMS_MAX];
	if (hal_copy_from_user(items, uitems, n * sizeof items[0]) != 0)
		return ERR_FAULT;
	int e = objwait_check_items(items, n);
	if (e)
		return e;
	struct kobject *objs[WAIT_ITEMS_MAX];
	uint32_t want[WAIT_ITEMS_MAX], got[WAIT_ITEMS_MAX];
	e = objwait_get_items(process_handles(), items, n, objs);
	unsigned held = e ? 0 : (unsigned)n;
	for (unsigned i = 0; i < held; i++)
		want[i] = items[i].want;
	intptr_t r = e;
	if (!e) {
		r = sys_wait_objects(objs, want, got, held, deadline);
		for (unsigned i = 0; i < held; i++)
			items[i].got = got[i];
		if (hal_copy_to_user(uitems, items, n * sizeof items[0]) != 0)
			r = ERR_FAULT;
	}
	for (unsigned i = 0; i < held; i++)
		kobject_put(objs[i]);
	return r;
}

/* ---- killing and listing ---------------------------------------------------------------- */

intptr_t sys_proc_kill(uintptr_t h)
{
	struct kobject *obj;
	int e = process_handle_arg(h, KOBJ_PROCESS, HANDLE_RIGHT_SIGNAL, &obj);
	if (e)
		return e;
	e = process_kill((struct process *)obj);
	kobject_put(obj);
	return e;
}

intptr_t sys_proc_kill_pid(uintptr_t h, uintptr_t pid)
{
	int e = get_ctl(h, HANDLE_RIGHT_MANAGE);
	if (e)
		return e;
	if (pid == 0 || pid > UINT32_MAX)
		return ERR_NOENT;
	return process_kill_pid((unsigned)pid);
}

intptr_t sys_proc_list(uintptr_t h, uintptr_t ubuf, uintptr_t n)
{
	int e = get_ctl(h, HANDLE_RIGHT_READ);
	if (e)
		return e;
	/* In small batches: the list is read under sched_lock, user memory written outside it. */
	struct proc_info batch[8];
	unsigned total = 0, after = 0;
	uintptr_t done = 0;
	for (;;) {
		uintptr_t want = n - done < 8 ? n - done : 8;
		unsigned got = process_list(after, batch, (unsigned)want, &total);
		if (got && hal_copy_to_user(ubuf + done * sizeof batch[0], batch,
					    got * sizeof batch[0]) != 0)
			return ERR_FAULT;
		done += got;
		if (got == 0 || got < want || done == n)
			break;
		after = batch[got - 1].pid;
	}
	return (intptr_t)total;
}
