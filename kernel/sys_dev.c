/*
 * The device system calls; see sys_dev.h and docs/devices.md.
 *
 * Authority: creating a physical Mem, binding an Irq, opening an I/O port window and reading the
 * console's description all need a handle to the root resource with MANAGE (READ for the
 * description). The kernel makes exactly one root resource object and hands it only to init
 * (kmain), so a process without that handle, or a slice of it, cannot reach any device.
 *
 * Mappings: each Mem mapping in a process holds a reference to its Mem, kept on the process's
 * list (process.h), so closing the handle never frees pages still mapped; the list goes when the
 * process is reaped (dev_unmap_all). Only the process's own thread changes its list.
 *
 * Lock order: the Irq state is under sched_lock (the interrupt handler takes it to wake the
 * waiter); handle_get and kobject_put run with no lock held.
 */
#include <sys_dev.h>
#include <err.h>
#include <ferrite/dev.h>
#include <ferrite/syscall.h>
#include <hal.h>
#include <irq.h>
#include <irqobj.h>
#include <mem.h>
#include <memobj.h>
#include <process.h>
#include <sched.h>
#include <slab.h>
#include <sys_proc.h>
#include <uart.h>

/* Rights of new objects' handles. No EXECUTE on Mem: nothing needs to run code from one yet. */
#define MEM_RIGHTS                                                                         \
	(HANDLE_RIGHT_READ | HANDLE_RIGHT_WRITE | HANDLE_RIGHT_MAP | HANDLE_RIGHT_GRANT |    \
	 HANDLE_RIGHT_DUPLICATE)
#define IRQ_RIGHTS \
	(HANDLE_RIGHT_WAIT | HANDLE_RIGHT_SIGNAL | HANDLE_RIGHT_GRANT | HANDLE_RIGHT_DUPLICATE)
#define IOPORT_RIGHTS \
	(HANDLE_RIGHT_READ | HANDLE_RIGHT_WRITE | HANDLE_RIGHT_GRANT | HANDLE_RIGHT_DUPLICATE)

/* Most Mem mappings per process: each costs a small kernel record. */
#define DEV_MAPPINGS_MAX 64
/* Where the kernel places mappings that name no address: far above programs (linked at 4 MiB)
 * and, on 32-bit targets, below 2 GiB so that the returned address is never negative. */
#define DEV_MAP_BASE ((uintptr_t)0x10000000u)

struct mem_mapping {
	struct mem_mapping *next;
	struct mem_obj *mem; /* holds a reference */
	uintptr_t va;
	size_t len;
};


/* Installs obj with rights, dropping the creator's reference if that fails. */
static intptr_t install(struct kobject *obj, uint32_t rights)
{
	int h = handle_install(process_handles(), obj, rights);
	if (h < 0)
		kobject_put(obj);
	return h;
}

/* ---- the root resource ---------------------------------------------------------------------- */

/* Never destroyed: the kernel keeps its first reference for good. */
static void root_destroy(struct kobject *obj)
{
	(void)obj;
}
static const struct kobject_ops root_ops = { KOBJ_RESOURCE, root_destroy };
static struct kobject root;
static bool root_ready;

struct kobject *dev_root_resource(void)
{
	if (!root_ready) { /* the boot thread, once, before any process exists */
		kobject_init(&root, &root_ops);
		root_ready = true;
	}
	kobject_get(&root);
	return &root;
}

/* ---- Mem -------------------------------------------------------------------------------------- */

intptr_t sys_mem_create(uintptr_t size)
{
	struct mem_obj *m;
	int e = mem_obj_create_anon(size, &m);
	return e ? e : install(&m->obj, MEM_RIGHTS);
}

/* Maps [offset, offset + len) of m at va, page by page where the frames are scattered; all or
 * nothing. */
static int map_pages(struct process *p, struct mem_obj *m, uint64_t offset, size_t len,
		     uintptr_t va, unsigned attrs)
{
	if (mem_obj_contiguous(m, offset, len))
		return hal_space_map(p->space, va, mem_obj_page(m, offset), len, attrs);
	for (size_t done = 0; done < len; done += PAGE_SIZE) {
		int e = hal_space_map(p->space, va + done, mem_obj_page(m, offset + done), PAGE_SIZE,
				      attrs);
		if (e) {
			if (done)
				hal_space_unmap(p->space, va, done);
			return e;
		}
	}
	return 0;
}

/* Whether [va, va + len) is page-aligned, above page 0 and inside the user half, with room to be
 * returned as a non-negative result. */
static bool user_range_ok(uintptr_t va, size_t len)
{
	uint64_t limit = hal_user_limit();
	if ((uint64_t)INTPTR_MAX < limit)
		limit = (uint64_t)INTPTR_MAX + 1;
	return !(va & (PAGE_SIZE - 1)) && va >= PAGE_SIZE && va < limit && len <= limit - va;
}

/* The first address above every existing mapping and DEV_MAP_BASE. */
static uintptr_t pick_va(struct process *p)
{
	uintptr_t va = DEV_MAP_BASE;
	for (struct mem_mapping *mm = p->mappings; mm; mm = mm->next)
		if (mm->va + mm->len > va)
			va = mm->va + mm->len;
	return va;
}

intptr_t sys_mem_map(uintptr_t h, uintptr_t offset, uintptr_t len, uintptr_t va, uintptr_t flags)
{
	if (flags & ~(uintptr_t)(MEM_MAP_WRITE | MEM_MAP_EXEC | MEM_MAP_FIXED))
		return ERR_INVAL;
	if ((flags & MEM_MAP_WRITE) && (flags & MEM_MAP_EXEC))
		return ERR_INVAL;
	uint32_t need = HANDLE_RIGHT_MAP | HANDLE_RIGHT_READ;
	if (flags & MEM_MAP_WRITE)
		need |= HANDLE_RIGHT_WRITE;
	if (flags & MEM_MAP_EXEC)
		need |= HANDLE_RIGHT_EXECUTE;
	struct kobject *obj;
	int e = process_handle_arg(h, KOBJ_MEM, need, &obj);
	if (e)
		return e;
	struct mem_obj *m = (struct mem_obj *)obj;
	struct process *p = process_current();
	struct mem_mapping *mm = NULL;
	unsigned attrs = HAL_MAP_R | HAL_MAP_USER;
	if (flags & MEM_MAP_WRITE)
		attrs |= HAL_MAP_W;
	if (flags & MEM_MAP_EXEC)
		attrs |= HAL_MAP_X;
	if (m->kind == MEM_PHYS)
		attrs |= HAL_MAP_DEVICE; /* registers: uncached and in order, whatever the caller asks */
	e = mem_obj_check_range(m, offset, len);
	if (!e && p->n_mappings >= DEV_MAPPINGS_MAX)
		e = ERR_FULL;
	if (!e && !(mm = kmalloc(sizeof *mm)))
		e = ERR_NOMEM;
	if (!e && !hal_mmu_translates()) {
		/* Without translation an address is the physical one: only a contiguous range can
		 * be mapped, and only where it is. */
		if (!mem_obj_contiguous(m, offset, len))
			e = ERR_UNSUPP;
		else if ((flags & MEM_MAP_FIXED) && va != mem_obj_page(m, offset))
			e = ERR_INVAL;
		else
			va = (uintptr_t)mem_obj_page(m, offset);
		if (!e)
			e = map_pages(p, m, offset, len, va, attrs);
	} else if (!e) {
		if (flags & MEM_MAP_FIXED) {
			e = user_range_ok(va, len) ? map_pages(p, m, offset, len, va, attrs) : ERR_INVAL;
		} else {
			/* A usable hint is tried first; any refusal falls back to the kernel's pick. */
			e = ERR_INVAL;
			if (va && user_range_ok(va, len))
				e = map_pages(p, m, offset, len, va, attrs);
			if (e) {
				va = pick_va(p);
				e = user_range_ok(va, len) ? map_pages(p, m, offset, len, va, attrs)
							   : ERR_NOMEM;
			}
		}
	}
	if (e) {
		kfree(mm);
		kobject_put(obj);
		return e;
	}
	/* The mapping keeps handle_get's reference. */
	*mm = (struct mem_mapping){ p->mappings, m, va, len };
	p->mappings = mm;
	p->n_mappings++;
	p->mapped_bytes += len;
	return (intptr_t)va;
}

static void unmap_one(struct process *p, struct mem_mapping *mm)
{
	hal_space_unmap(p->space, mm->va, mm->len);
	p->mapped_bytes -= mm->len;
	kobject_put(&mm->mem->obj);
	kfree(mm);
}

intptr_t sys_mem_unmap(uintptr_t va, uintptr_t len)
{
	struct process *p = process_current();
	for (struct mem_mapping **link = &p->mappings; *link; link = &(*link)->next) {
		struct mem_mapping *mm = *link;
		if (mm->va == va && mm->len == len) {
			*link = mm->next;
			p->n_mappings--;
			unmap_one(p, mm);
			return 0;
		}
	}
	/* Only whole mappings: splitting one would need a second record this call cannot fail
	 * to allocate halfway. */
	return ERR_NOENT;
}

void dev_unmap_all(struct process *p)
{
	while (p->mappings) {
		struct mem_mapping *mm = p->mappings;
		p->mappings = mm->next;
		unmap_one(p, mm);
	}
	p->n_mappings = 0;
}

/* ---- Irq -------------------------------------------------------------------------------------- */

static void irq_destroy(struct kobject *obj)
{
	struct irq_obj *o = (struct irq_obj *)obj;
	/* With interrupts off so the handler cannot be running while it is removed; the line goes
	 * back masked and free for the next binding. */
	bool f = hal_irq_save();
	hal_irq_mask(o->line);
	irq_unregister(o->line);
	hal_irq_restore(f);
	kfree(o);
}
static const struct kobject_ops irq_ops = { KOBJ_IRQ, irq_destroy };

/* The line fired (interrupt context): the object masks it; its waiter, if still waiting, runs. */
static void irq_obj_handler(unsigned line, void *ctx)
{
	(void)line;
	struct irq_obj *o = ctx;
	bool f = spin_lock_irqsave(&sched_lock);
	struct thread *t = irq_obj_fire(o);
	/* A waiter whose deadline has passed is already runnable and looks again when it runs. */
	if (t && !t->timed_out)
		sched_unblock_locked(t);
	spin_unlock_irqrestore(&sched_lock, f);
}

static intptr_t slice_irq(uint64_t line)
{
	if (line >= IRQ_MAX_LINES)
		return ERR_INVAL;
	struct irq_obj *o = kmalloc(sizeof *o);
	if (!o)
		return ERR_NOMEM;
	irq_obj_init(o, &irq_ops, (unsigned)line);
	/* Refused if the kernel (its timer, a self-test) or another Irq object has the line. */
	bool f = hal_irq_save(); /* no other thread can claim the line between check and install */
	int e = irq_claim((unsigned)line, irq_obj_handler, o);
	hal_irq_restore(f);
	if (e) {
		kfree(o);
		return e;
	}
	if (hal_irq_route((unsigned)line, 0) != 0) {
		kobject_put(&o->obj); /* unregisters */
		return ERR_INVAL;
	}
	intptr_t h = install(&o->obj, IRQ_RIGHTS);
	if (h >= 0)
		hal_irq_unmask((unsigned)line);
	return h;
}

intptr_t sys_irq_wait(uintptr_t h, uint64_t deadline)
{
	struct kobject *obj;
	int e = process_handle_arg(h, KOBJ_IRQ, HANDLE_RIGHT_WAIT, &obj);
	if (e)
		return e;
	struct irq_obj *o = (struct irq_obj *)obj;
	struct thread *cur = thread_current();
	bool f = spin_lock_irqsave(&sched_lock);
	e = irq_obj_take(o);
	if (e == ERR_TIMEOUT && deadline != 0) {
		e = irq_obj_set_waiter(o, cur);
		if (!e) {
			sched_block_locked(deadline, NULL);
			irq_obj_clear_waiter(o, cur);
			/* Woken by the handler, or by the deadline; either way the state says which. */
			e = irq_obj_take(o);
		}
	}
	spin_unlock_irqrestore(&sched_lock, f);
	kobject_put(obj);
	return e;
}

intptr_t sys_irq_ack(uintptr_t h)
{
	struct kobject *obj;
	int e = process_handle_arg(h, KOBJ_IRQ, HANDLE_RIGHT_SIGNAL, &obj);
	if (e)
		return e;
	bool f = spin_lock_irqsave(&sched_lock);
	e = irq_obj_ack((struct irq_obj *)obj);
	spin_unlock_irqrestore(&sched_lock, f);
	kobject_put(obj);
	return e;
}

/* ---- I/O port windows ------------------------------------------------------------------------ */

/*
 * The pc's 16550 sits in the I/O port space, which no page mapping reaches. Rather than opening
 * the port space to user mode (the TSS I/O bitmap: per-process, architecture-specific state), the
 * kernel does each access for the holder of a window [base, base + count): one system call per
 * byte, which is slow but fine for a UART and keeps the authority a plain handle.
 */
struct ioport_obj {
	struct kobject obj;
	uint16_t base;
	uint32_t count;
};

static void ioport_destroy(struct kobject *obj)
{
	kfree(obj);
}
static const struct kobject_ops ioport_ops = { KOBJ_IOPORT, ioport_destroy };

static intptr_t slice_ioport(uint64_t base, uint64_t count)
{
#ifdef CONFIG_ARCH_PIO
	if (count == 0 || base > 0xffff || count > 0x10000 - base)
		return ERR_INVAL;
	struct ioport_obj *io = kmalloc(sizeof *io);
	if (!io)
		return ERR_NOMEM;
	kobject_init(&io->obj, &ioport_ops);
	io->base = (uint16_t)base;
	io->count = (uint32_t)count;
	return install(&io->obj, IOPORT_RIGHTS);
#else
	(void)base;
	(void)count;
	(void)ioport_ops;
	return ERR_UNSUPP; /* this machine has no port space */
#endif
}

intptr_t sys_ioport(uintptr_t h, uintptr_t op, uintptr_t port, uintptr_t value)
{
	uint32_t need;
	if (op == IOPORT_READ8)
		need = HANDLE_RIGHT_READ;
	else if (op == IOPORT_WRITE8)
		need = HANDLE_RIGHT_WRITE;
	else
		return ERR_INVAL;
	if (value > 0xff)
		return ERR_INVAL;
	struct kobject *obj;
	int e = process_handle_arg(h, KOBJ_IOPORT, need, &obj);
	if (e)
		return e;
	struct ioport_obj *io = (struct ioport_obj *)obj;
	intptr_t r = ERR_INVAL;
	if (port >= io->base && port - io->base < io->count) {
#ifdef CONFIG_ARCH_PIO
		if (op == IOPORT_READ8) {
			r = hal_pio_read8((uint16_t)port);
		} else {
			hal_pio_write8((uint16_t)port, (uint8_t)value);
			r = 0;
		}
#else
		r = ERR_UNSUPP; /* unreachable: no window can be made here */
#endif
	}
	kobject_put(obj);
	return r;
}

/* ---- slicing the root resource ------------------------------------------------------------ */

intptr_t sys_resource_slice(uintptr_t rh, uintptr_t kind, uintptr_t size, uint64_t base)
{
	struct kobject *rootobj;
	int e = process_handle_arg(rh, KOBJ_RESOURCE, HANDLE_RIGHT_MANAGE, &rootobj);
	if (e)
		return e;
	kobject_put(rootobj); /* static: the reference was only the check */
	if (rootobj != &root)
		return ERR_WRONGTYPE; /* another kind of resource (process control) slices nothing */
	switch (kind) {
	case RES_MEM_PHYS: {
		struct mem_obj *m;
		e = mem_obj_create_phys(base, size, &m);
		return e ? e : install(&m->obj, MEM_RIGHTS);
	}
	case RES_IRQ:
		return slice_irq(base);
	case RES_IOPORT:
		return slice_ioport(base, size);
	case RES_PROC:
		if (base || size)
			return ERR_INVAL;
		return install(proc_ctl_resource(), PROC_CTL_RIGHTS);
	default:
		return ERR_INVAL;
	}
}

intptr_t sys_resource_info(uintptr_t rh, uintptr_t what, uintptr_t out, uintptr_t size)
{
	struct kobject *rootobj;
	int e = process_handle_arg(rh, KOBJ_RESOURCE, HANDLE_RIGHT_READ, &rootobj);
	if (e)
		return e;
	kobject_put(rootobj);
	if (rootobj != &root)
		return ERR_WRONGTYPE;
	if (what != RES_INFO_CONSOLE || size != sizeof(struct dev_console_info))
		return ERR_INVAL;
	struct dev_console_info ci = { 0 };
	ci.kind = (uint32_t)uart_kind();
	ci.line = hal_irq_console_line();
	ci.base = uart_phys_base();
	ci.size = ci.kind == DEV_UART_NS16550_PIO ? 8 : PAGE_SIZE;
	if (ci.kind == DEV_UART_NONE)
		ci.size = 0;
	return hal_copy_to_user(out, &ci, sizeof ci) ? ERR_FAULT : 0;
}
