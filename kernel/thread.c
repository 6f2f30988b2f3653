/*
 * Thread lifecycle; see thread.h. Kernel stacks are THREAD_STACK_PAGES frames mapped in kernel
 * virtual space above an unmapped guard page, so an overflow faults instead of corrupting the
 * neighbouring memory. Stack address slots are recycled through a free list, since kernel virtual
 * space is reserved once and never returned. Without translation (hal_mmu_translates() false)
 * there is no second address to map frames at, so a stack is one naturally aligned run of frames
 * used where it lies, with no guard page: the architecture catches an overflow its own way
 * (hal_stack_init; the no-MMU port's memory document says how).
 */
#include <thread.h>
#include <chan.h>
#include <console.h>
#include <err.h>
#include <hal.h>
#include <mem.h>
#include <panic.h>
#include <pi.h>
#include <pmm.h>
#include <sched.h>
#include <slab.h>

static struct slab_cache thread_cache;
static bool cache_ready;
static unsigned next_id = 1, alive;
static struct thread *reap_list;

/* Freed stack slots (guard page + stack), reused before reserving new address space. */
#define STACK_SLOT_SIZE ((THREAD_STACK_PAGES + 1) * PAGE_SIZE)
static uintptr_t free_slots[64];
static unsigned n_free_slots;

static uintptr_t stack_slot_get(void)
{
	if (n_free_slots)
		return free_slots[--n_free_slots];
	return hal_kernel_va_reserve(STACK_SLOT_SIZE);
}

static void stack_slot_put(uintptr_t slot)
{
	if (n_free_slots < sizeof free_slots / sizeof free_slots[0])
		free_slots[n_free_slots++] = slot;
	/* else the address space is simply not reused; the frames were freed already */
}

/* The order of the frame run a stack takes without translation: THREAD_STACK_PAGES frames. */
static unsigned stack_order(void)
{
	unsigned order = 0;
	while ((1u << order) < THREAD_STACK_PAGES)
		order++;
	return order;
}
_Static_assert((THREAD_STACK_PAGES & (THREAD_STACK_PAGES - 1)) == 0,
	       "an untranslated stack is one power-of-two run of frames");

static void stack_free(struct thread *t, unsigned mapped)
{
	if (!hal_mmu_translates()) {
		int err = pmm_free(t->kstack_phys[0], stack_order());
		assert(err == 0);
		return;
	}
	struct hal_space *k = hal_space_kernel();
	hal_space_unmap(k, t->kstack_va, THREAD_STACK_PAGES * PAGE_SIZE);
	for (unsigned i = 0; i < mapped; i++) {
		int err = pmm_free_page(t->kstack_phys[i]);
		assert(err == 0);
	}
	stack_slot_put(t->kstack_va - PAGE_SIZE);
}

static bool stack_alloc(struct thread *t)
{
	if (!hal_mmu_translates()) {
		uint64_t run = pmm_alloc(stack_order());
		if (!run)
			return false;
		for (unsigned i = 0; i < THREAD_STACK_PAGES; i++)
			t->kstack_phys[i] = run + (uint64_t)i * PAGE_SIZE;
		t->kstack_va = (uintptr_t)hal_phys_to_virt(run);
		t->kstack_top = t->kstack_va + THREAD_STACK_PAGES * PAGE_SIZE;
		return true;
	}
	uintptr_t slot = stack_slot_get();
	t->kstack_va = slot + PAGE_SIZE; /* the slot's first page stays unmapped: the guard */
	for (unsigned i = 0; i < THREAD_STACK_PAGES; i++) {
		uint64_t frame = pmm_alloc_page();
		if (!frame || hal_space_map(hal_space_kernel(), t->kstack_va + i * PAGE_SIZE, frame,
					    PAGE_SIZE, HAL_MAP_R | HAL_MAP_W) != 0) {
			if (frame)
				pmm_free_page(frame);
			stack_free(t, i);
			return false;
		}
		t->kstack_phys[i] = frame;
	}
	t->kstack_top = t->kstack_va + THREAD_STACK_PAGES * PAGE_SIZE;
	return true;
}

/* First code a new thread runs: the scheduler lock is still held from the switch that got here. */
static void thread_trampoline(void *arg)
{
	struct thread *t = arg;
	spin_unlock_irqrestore(&sched_lock, true);
	t->entry(t->arg);
	thread_exit(0);
}

struct thread *thread_create(const char *name, uint8_t prio, uint64_t deadline,
			     void (*entry)(void *), void *arg)
{
	if (!cache_ready) {
		if (slab_cache_init(&thread_cache, "thread", sizeof(struct thread), 16) != 0)
			panic("thread: cannot make the thread cache");
		cache_ready = true;
	}
	struct thread *t = slab_alloc(&thread_cache);
	if (!t)
		return NULL;
	memset(t, 0, sizeof *t);
	sched_entity_init(&t->se, t->name, prio, deadline);
	mem_strlcpy(t->name, name, sizeof t->name);
	t->entry = entry;
	t->arg = arg;
	t->state = THREAD_BLOCKED; /* not runnable until thread_start */
	if (!stack_alloc(t)) {
		slab_free(&thread_cache, t);
		return NULL;
	}
	t->ksp = hal_stack_init(t->kstack_top, thread_trampoline, t);
	bool irq = spin_lock_irqsave(&sched_lock);
	t->id = next_id++;
	alive++;
	spin_unlock_irqrestore(&sched_lock, irq);
	return t;
}

void thread_start(struct thread *t)
{
	bool irq = spin_lock_irqsave(&sched_lock);
	sched_wake_locked(t);
	sched_maybe_switch_locked(); /* runs t at once if it is more urgent */
	spin_unlock_irqrestore(&sched_lock, irq);
}

void thread_exit(int code)
{
	(void)spin_lock_irqsave(&sched_lock); /* never released here: the next thread does */
	thread_exit_locked(code);
}

void thread_exit_locked(int code)
{
	struct thread *t = thread_current();
	if (t->se.held)
		panic("thread %s exits holding mutex %s", t->name, t->se.held->name);
	t->exit_code = code;
	t->state = THREAD_DEAD;
	t->reap_next = reap_list;
	reap_list = t;
	sched_switch_locked();
	panic("thread_exit: dead thread %s was scheduled again", t->name);
}

void thread_reap(void)
{
	bool irq = spin_lock_irqsave(&sched_lock);
	struct thread *list = reap_list;
	reap_list = NULL;
	spin_unlock_irqrestore(&sched_lock, irq);
	while (list) {
		struct thread *t = list;
		list = t->reap_next;
		stack_free(t, THREAD_STACK_PAGES);
		chan_msg_free(t->ipc_msg); /* drops any handles a message still carried */
		irq = spin_lock_irqsave(&sched_lock);
		alive--;
		spin_unlock_irqrestore(&sched_lock, irq);
		slab_free(&thread_cache, t);
	}
}

unsigned thread_count(void)
{
	return alive;
}
