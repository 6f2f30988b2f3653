/*
 * Processes started from the boot archive; see process.h. The loader works on the archive's own
 * copy of the file (in the kernel image, read-only): macho_parse checks the structure, then
 * macho_verify checks the Ed25519 signature against the key built into the kernel, and only then
 * is anything allocated or mapped. Each segment gets fresh zeroed frames with the file bytes copied
 * in, mapped with exactly its protection.
 */
#include <process.h>
#include <objwait.h>
#include <process_place.h>
#include <bootfs.h>
#include <cmdline.h>
#include <console.h>
#include <err.h>
#include <kobject.h>
#include <hal.h>
#include <macho.h>
#include <mem.h>
#include <panic.h>
#include <ns.h>
#include <pmm.h>
#include <sched.h>
#include <slab.h>
#include <sys_dev.h>

/* The boot archive, linked into the kernel image by kernel/boot/bootfs_blob.S. */
extern const uint8_t __bootfs_start[], __bootfs_end[];
/* The public half of the build's signing key (build/keys/signing_pub.c). */
extern const uint8_t macho_builtin_key[32];

static struct bootfs bootfs;
static bool bootfs_ready;
static struct slab_cache process_cache;
static unsigned next_pid = 1;
static struct process *zombies; /* exited, waiting for process_reap; guarded by sched_lock */
static unsigned live;
/* Processes started and not yet ended, in pid order (pids only grow); under sched_lock. */
static struct process *procs_head, *procs_tail;
static unsigned procs_count;
/* For process_spawn's *out, which only the boot thread uses (before anything can exit). */
static struct process *last_spawned;

const char *process_init(void)
{
	const char *err = bootfs_open(&bootfs, __bootfs_start, (size_t)(__bootfs_end - __bootfs_start));
	if (err)
		return err;
	if (slab_cache_init(&process_cache, "process", sizeof(struct process), 16) != 0)
		return "cannot make the process cache";
	bootfs_ready = true;
	kprintf("bootfs: %u files, %zu KiB\n", bootfs.count,
		(size_t)(__bootfs_end - __bootfs_start) / 1024);
	return NULL;
}

unsigned process_count(void)
{
	return live;
}

/* Unmaps and frees every page of every region (pages never mapped are skipped). */
static void free_regions(struct process *p)
{
	for (unsigned r = 0; r < p->n_regions; r++) {
		for (size_t i = 0; i < p->regions[r].pages; i++) {
			uintptr_t va = p->regions[r].va + i * PAGE_SIZE;
			uint64_t pa;
			if (!hal_space_lookup(p->space, va, &pa, NULL))
				continue;
			hal_space_unmap(p->space, va, PAGE_SIZE);
			int err = pmm_free_page(pa);
			assert(err == 0);
		}
	}
	p->n_regions = 0;
}

/* The last reference to the process object is gone (its process was reaped or never ran). */
static void process_destroy(struct kobject *obj)
{
	struct process *p = (struct process *)obj;
	if (p->args)
		pmm_free_page(hal_virt_to_phys(p->args));
	slab_free(&process_cache, p);
}

static const struct kobject_ops process_ops = { KOBJ_PROCESS, process_destroy };

/* Frees what the process ran with; the object stays while handles to it remain. */
static void process_free(struct process *p)
{
	handle_table_destroy(&p->handles); /* empty already for a process that ran and exited */
	if (p->ns)
		ns_put(p->ns);
	p->ns = NULL;
	if (p->space) {
		dev_unmap_all(p); /* before the space goes: the Mem pages are not the process's */
		free_regions(p);
		hal_space_destroy(p->space);
		p->space = NULL;
	}
	kobject_put(&p->obj);
}

/* Maps pages fresh frames at va with attrs, copying src[0, len) to the start (rest zeroed). */
static const char *map_region(struct process *p, uintptr_t va, size_t pages, unsigned attrs,
			      const uint8_t *src, uint64_t len)
{
	if (p->n_regions == PROCESS_MAX_REGIONS)
		return "too many memory regions";
	p->regions[p->n_regions++] = (struct process_region){ va, pages };
	p->image_bytes += pages * PAGE_SIZE;
	for (size_t i = 0; i < pages; i++) {
		uint64_t frame = pmm_alloc_page();
		if (!frame)
			return "out of memory";
		uint8_t *dst = hal_phys_to_virt(frame);
		memset(dst, 0, PAGE_SIZE);
		uint64_t off = (uint64_t)i * PAGE_SIZE;
		if (off < len)
			memcpy(dst, src + off, len - off < PAGE_SIZE ? len - off : PAGE_SIZE);
		if (hal_space_map(p->space, va + off, frame, PAGE_SIZE, attrs) != 0) {
			pmm_free_page(frame);
			return "cannot map the program's memory";
		}
	}
	return NULL;
}

unsigned process_prot_attrs(uint32_t prot)
{
	unsigned a = HAL_MAP_R | HAL_MAP_USER;
	if (prot & MACHO_VM_PROT_WRITE)
		a |= HAL_MAP_W;
	if (prot & MACHO_VM_PROT_EXECUTE)
		a |= HAL_MAP_X;
	return a;
}

static void user_thread_main(void *arg)
{
	struct process *p = arg;
	if (thread_current()->kill_pending) /* killed before it ever ran */
		process_killed_exit();
	hal_user_enter(p->entry, p->stack_top, 0);
}

static const char *load(struct process *p, const struct bootfs_file *f, struct macho_image *img)
{
	const char *err = macho_parse(f->data, f->size, CONFIG_MACHO_ARCH, hal_user_limit(), img);
	if (err)
		return err;
	err = macho_verify(img, f->data, f->size, macho_builtin_key);
	if (err)
		return err;
	p->space = hal_space_create();
	if (!p->space)
		return "out of memory";
	if (!hal_mmu_translates())
		return process_place(p, f->data, img); /* at the addresses it was linked for */
	for (uint32_t i = 0; i < img->nsegs; i++) {
		const struct macho_segment *s = &img->segs[i];
		size_t pages = (size_t)((s->vmsize + PAGE_SIZE - 1) / PAGE_SIZE);
		err = map_region(p, (uintptr_t)s->vmaddr, pages, process_prot_attrs(s->prot),
				 (const uint8_t *)f->data + s->fileoff, s->filesize);
		if (err)
			return err;
	}
	/* The stack sits one unmapped guard page below the top of the user half. */
	uint64_t stack = img->stacksize ? img->stacksize : PROCESS_STACK_DEFAULT;
	stack = (stack + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
	p->stack_top = (uintptr_t)(hal_user_limit() - PAGE_SIZE);
	err = map_region(p, p->stack_top - (uintptr_t)stack, (size_t)(stack / PAGE_SIZE),
			 HAL_MAP_R | HAL_MAP_W | HAL_MAP_USER, NULL, 0);
	if (err)
		return err;
	p->entry = (uintptr_t)img->entry;
	return NULL;
}

const char *process_spawn(const char *path, uint8_t prio, uint64_t deadline, struct process **out)
{
	int code;
	unsigned pid;
	const char *err = process_spawn_with(path, prio, deadline, NULL, NULL, 0, NULL, NULL, &pid,
					     &code);
	if (out)
		*out = err ? NULL : last_spawned;
	return err;
}

static void drop_all(struct kobject *const *objs, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		kobject_put(objs[i]);
}

const char *process_spawn_with(const char *path, uint8_t prio, uint64_t deadline,
			       struct kobject *const *objs, const uint32_t *rights, unsigned n,
			       struct ns *ns, const struct process_extra *extra, unsigned *pid,
			       int *err_code)
{
	*err_code = ERR_NOENT;
	if (!bootfs_ready) {
		drop_all(objs, n);
		if (ns)
			ns_put(ns);
		return "there is no boot archive";
	}
	struct bootfs_file f;
	if (!bootfs_find(&bootfs, path, &f)) {
		drop_all(objs, n);
		if (ns)
			ns_put(ns);
		return "no such file in the boot archive";
	}
	*err_code = ERR_NOMEM;
	struct process *p = slab_alloc(&process_cache);
	struct macho_image *img = kmalloc(sizeof *img);
	if (!p || !img) {
		if (p)
			slab_free(&process_cache, p);
		kfree(img);
		drop_all(objs, n);
		if (ns)
			ns_put(ns);
		return "out of memory";
	}
	memset(p, 0, sizeof *p);
	kobject_init(&p->obj, &process_ops);
	handle_table_init(&p->handles);
	/* From here p owns ns, and process_free drops it on every failure path. */
	p->ns = ns;
	if (!p->ns && ns_create(&p->ns) != 0) {
		kfree(img);
		drop_all(objs, n);
		process_free(p);
		return "out of memory";
	}
	mem_strlcpy(p->name, path, sizeof p->name);
	const char *err = NULL;
	if (extra && extra->args_len) {
		assert(extra->args_len <= PROC_ARGS_MAX && PROC_ARGS_MAX <= PAGE_SIZE);
		uint64_t frame = pmm_alloc_page();
		if (!frame) {
			err = "out of memory";
		} else {
			p->args = hal_phys_to_virt(frame);
			memcpy(p->args, extra->args, extra->args_len);
			p->args_len = extra->args_len;
		}
	}
	/* The moved handles go in first, so they are there before the child's first instruction. */
	assert(n <= PROC_STARTUP_MAX);
	for (unsigned i = 0; i < n; i++) {
		int h = err ? ERR_NOMEM : handle_install(&p->handles, objs[i], rights[i]);
		if (h < 0) {
			kobject_put(objs[i]);
			err = "out of memory";
		} else {
			p->startup[p->n_startup++] = (handle_t)h;
		}
	}
	if (!err) {
		err = load(p, &f, img);
		/* Anything load refuses but memory is the file's fault: malformed or not signed. */
		if (err && strcmp(err, "out of memory") != 0)
			*err_code = ERR_NOENT;
	}
	kfree(img);
	if (!err) {
		p->thread = thread_create(p->name, prio, deadline, user_thread_main, p);
		if (!p->thread)
			err = "out of memory";
	}
	if (err) {
		process_free(p);
		return err;
	}
	struct process *parent = process_current();
	p->ppid = parent ? parent->pid : 0;
	if (extra && extra->ref) {
		kobject_get(&p->obj);
		*extra->ref = p;
	}
	bool irq = spin_lock_irqsave(&sched_lock);
	p->pid = next_pid++;
	live++;
	procs_count++;
	if (procs_tail)
		procs_tail->list_next = p;
	else
		procs_head = p;
	procs_tail = p;
	spin_unlock_irqrestore(&sched_lock, irq);
	p->thread->proc = p;
	p->nthreads = 1;
	*pid = p->pid;
	last_spawned = p;
	thread_start(p->thread);
	return NULL;
}

/* Takes p off the live list. Caller holds sched_lock. */
static void unlist_locked(struct process *p)
{
	struct process *prev = NULL;
	for (struct process *q = procs_head; q; prev = q, q = q->list_next) {
		if (q != p)
			continue;
		if (prev)
			prev->list_next = p->list_next;
		else
			procs_head = p->list_next;
		if (procs_tail == p)
			procs_tail = prev;
		p->list_next = NULL;
		procs_count--;
		return;
	}
}

/* Marks every thread of p but self to end, waking those in an interruptible wait. Caller holds
 * sched_lock. */
static void kill_threads_locked(struct process *p, struct thread *self)
{
	for (struct thread *t = p->thread; t; t = t->proc_next) {
		if (t == self)
			continue;
		t->kill_pending = true;
		sched_interrupt_locked(t);
	}
}

/*
 * The calling thread's process ends with status (code, how), unless it is ending already: true
 * for the call that decides it (which then says so on the console). The other threads are
 * killed. The thread counts as inside a system call from here on, so that no preemption point
 * starts a second ending.
 */
static bool end_claim(int code, uint32_t how)
{
	struct thread *t = thread_current();
	struct process *p = t->proc;
	assert(p != NULL);
	t->in_syscall = true;
	bool irq = spin_lock_irqsave(&sched_lock);
	bool first = !p->exiting;
	if (first) {
		p->exiting = true;
		p->status = (struct proc_status){ code, how };
		kill_threads_locked(p, t);
	}
	spin_unlock_irqrestore(&sched_lock, irq);
	return first;
}

/* Takes t off p's thread list. Caller holds sched_lock. */
static void thread_unlink_locked(struct process *p, struct thread *t)
{
	for (struct thread **link = &p->thread; *link; link = &(*link)->proc_next) {
		if (*link == t) {
			*link = t->proc_next;
			t->proc_next = NULL;
			p->nthreads--;
			return;
		}
	}
	panic("thread %s is not on its process's list", t->name);
}

/* Records t's end in its Thread object; returns the object, whose reference the caller drops
 * once sched_lock is released. Caller holds sched_lock. */
static struct thread_obj *thread_end_locked(struct thread *t, int code)
{
	struct thread_obj *o = t->tobj;
	t->tobj = NULL;
	if (o) {
		o->code = code;
		o->ended = true;
		if (o->obj.observers)
			objwait_signal_locked(&o->obj);
	}
	return o;
}

/*
 * The calling thread leaves its process with code (its Thread object gets the process's status
 * code instead once the process is ending). All but the last thread simply end; the last one
 * closes the process's handles and namespace (no other thread can be in a system call now),
 * makes the status final (set by end_claim; when there was none, the last thread's own
 * thread_exit ends the process with code) and ends.
 */
static void process_leave(int code) __attribute__((noreturn));
static void process_leave(int code)
{
	struct thread *t = thread_current();
	struct process *p = t->proc;
	t->in_syscall = true;
	bool irq = spin_lock_irqsave(&sched_lock);
	if (p->exiting)
		code = p->status.code;
	/* Its Thread object first: the reference must be dropped with no lock held, and once the
	 * thread is off the list the process may go at any moment. */
	struct thread_obj *o = thread_end_locked(t, code);
	spin_unlock_irqrestore(&sched_lock, irq);
	kobject_put(o ? &o->obj : NULL);
	irq = spin_lock_irqsave(&sched_lock);
	if (p->nthreads > 1) {
		thread_unlink_locked(p, t);
		thread_exit_locked(code); /* sched_lock held to the end: p may be freed after */
	}
	bool own_end = !p->exiting; /* the last thread's own thread_exit */
	if (own_end) {
		p->exiting = true;
		p->status = (struct proc_status){ code, PROC_EXITED };
	}
	spin_unlock_irqrestore(&sched_lock, irq);
	if (own_end && cmdline_has("trace-exit"))
		kprintf("%s[%u]: exited with status %d\n", p->name, p->pid, code);
	/* Now, not at reap time: whoever waits on one of our channels learns at once that we are
	 * gone. This thread holds no lock here, as the destroy hooks require. */
	handle_table_destroy(&p->handles);
	struct ns *ns = p->ns;
	p->ns = NULL;
	if (ns)
		ns_put(ns);
	irq = spin_lock_irqsave(&sched_lock);
	thread_unlink_locked(p, t);
	int final = p->status.code;
	p->ended = true;
	unlist_locked(p);
	if (p->obj.observers)
		objwait_signal_locked(&p->obj);
	/* Freed by process_reap once this thread is off the CPU and its space is not current. */
	p->next_zombie = zombies;
	zombies = p;
	(void)irq; /* restored by whichever thread runs next */
	thread_exit_locked(final);
}

void process_exit(int code)
{
	struct process *p = thread_current()->proc;
	assert(p != NULL);
	/* An exit is a program's normal end, which its parent learns from proc_wait: the kernel
	 * console says so only when asked (trace-exit), so a shell session is not interleaved with a
	 * kernel line per command. Faults and kills are always reported. */
	if (end_claim(code, PROC_EXITED) && cmdline_has("trace-exit"))
		kprintf("%s[%u]: exited with status %d\n", p->name, p->pid, code);
	process_leave(code);
}

void process_thread_exit(int code)
{
	assert(thread_current()->proc != NULL);
	process_leave(code);
}

void process_fault(const struct trap_info *ti)
{
	struct process *p = thread_current()->proc;
	kprintf("%s[%u]: %s at pc 0x%llx", p ? p->name : "?", p ? p->pid : 0, ti->what,
		(unsigned long long)ti->pc);
	if (ti->has_addr)
		kprintf(", %s of 0x%llx", ti->write ? "write" : "read", (unsigned long long)ti->addr);
	kprintf(": killed\n");
	if (!p)
		panic("user fault in a thread without a process");
	end_claim(-1, PROC_FAULTED);
	process_leave(-1);
}

void process_killed_exit(void)
{
	struct process *p = thread_current()->proc;
	assert(p != NULL);
	/* Only the first thread out says so: the others end with the process it decided. */
	if (end_claim(-1, PROC_KILLED))
		kprintf("%s[%u]: killed\n", p->name, p->pid);
	process_leave(-1);
}

static int kill_locked(struct process *p)
{
	if (p->killed || p->exiting || p->ended)
		return ERR_STATE;
	p->killed = true;
	kill_threads_locked(p, NULL);
	return 0;
}

/* The first code of a thread_create thread: straight to user mode, unless killed before it ran. */
static void thread_user_main(void *arg)
{
	struct thread *t = arg;
	if (t->kill_pending)
		process_killed_exit();
	hal_user_enter(t->user_pc, t->user_sp, t->user_arg);
}

struct thread *process_thread_new(struct process *p, uint8_t prio, uintptr_t pc, uintptr_t sp,
				  uintptr_t arg, struct thread_obj *tobj)
{
	struct thread *t = thread_create(p->name, prio, SCHED_NO_DEADLINE, thread_user_main, NULL);
	if (!t)
		return NULL;
	t->arg = t;
	t->proc = p;
	t->tobj = tobj;
	t->user_pc = pc;
	t->user_sp = sp;
	t->user_arg = arg;
	bool irq = spin_lock_irqsave(&sched_lock);
	/* At the end of the list: the first thread stays first. */
	struct thread **link = &p->thread;
	while (*link)
		link = &(*link)->proc_next;
	*link = t;
	p->nthreads++;
	if (p->killed || p->exiting)
		t->kill_pending = true;
	spin_unlock_irqrestore(&sched_lock, irq);
	thread_start(t);
	return t;
}

int process_kill(struct process *p)
{
	bool irq = spin_lock_irqsave(&sched_lock);
	int e = kill_locked(p);
	/* A more urgent victim runs (and ends) at once. */
	sched_maybe_switch_locked();
	spin_unlock_irqrestore(&sched_lock, irq);
	return e;
}

int process_kill_pid(unsigned pid)
{
	bool irq = spin_lock_irqsave(&sched_lock);
	int e = ERR_NOENT;
	for (struct process *p = procs_head; p; p = p->list_next)
		if (p->pid == pid)
			e = kill_locked(p);
	sched_maybe_switch_locked();
	spin_unlock_irqrestore(&sched_lock, irq);
	return e;
}

unsigned process_list(unsigned after, struct proc_info *out, unsigned max, unsigned *total)
{
	/* Read before taking the lock: it takes the lock itself. */
	uint64_t self_ns = thread_runtime_ns();
	struct thread *self = thread_current();
	unsigned n = 0;
	bool irq = spin_lock_irqsave(&sched_lock);
	for (struct process *p = procs_head; p && n < max; p = p->list_next) {
		if (p->pid <= after)
			continue;
		/* The first thread stands for the process; the CPU time is all of its threads'. */
		struct thread *t = p->thread;
		if (!t)
			continue; /* its last thread is leaving */
		uint64_t ns = 0;
		for (struct thread *u = t; u; u = u->proc_next)
			ns += u == self ? self_ns : u->runtime_ns;
		proc_info_fill(&out[n++], p, t->state, ns);
	}
	*total = procs_count;
	spin_unlock_irqrestore(&sched_lock, irq);
	return n;
}

void process_reap(void)
{
	bool irq = spin_lock_irqsave(&sched_lock);
	struct process *list = zombies;
	zombies = NULL;
	spin_unlock_irqrestore(&sched_lock, irq);
	while (list) {
		struct process *p = list;
		list = p->next_zombie;
		process_free(p);
		irq = spin_lock_irqsave(&sched_lock);
		live--;
		spin_unlock_irqrestore(&sched_lock, irq);
	}
}
