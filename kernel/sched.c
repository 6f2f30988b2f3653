/*
 * The scheduler; see sched.h. One CPU for now, but its state is already per-CPU (struct cpu), so
 * SMP adds CPUs and a wake-up IPI rather than a rewrite.
 *
 * The scheduler lock is handed across hal_switch: the thread that switches away holds it, and the
 * thread that resumes releases it (in its own sched_switch_locked caller, or in thread_trampoline
 * when it runs for the first time).
 */
#include <sched.h>
#include <console.h>
#include <panic.h>
#include <process.h>
#include <mem.h>
#include <runq.h>
#include <timer.h>

struct spinlock sched_lock = SPINLOCK_INIT("sched");

struct cpu {
	struct thread *idle;
	struct runq rq;
	bool need_resched;
	uint64_t ran_since; /* when current started its present stretch on the CPU */
};

static struct cpu cpu0;
static struct thread *sleepers; /* sorted by wake_at */
/* What the one-shot timer is set to (UINT64_MAX: disarmed), so that a switch that wants the same
 * expiry as before (the usual case between two threads calling each other) does not program the
 * hardware again. Only rearm_locked programs it once threads run; a timer event clears this. */
static uint64_t timer_armed = UINT64_MAX;
static struct thread boot_thread;

static struct cpu *cpu_this(void)
{
	return &cpu0;
}

/* The one CPU's current thread (thread.h reads it inline: the system call path asks on every
 * call). With SMP it becomes a per-CPU read. */
struct thread *sched_current;

static void idle_loop(void *arg)
{
	(void)arg;
	for (;;) {
		thread_reap();
		process_reap();
		hal_wait_for_interrupt(); /* the interrupt's exit path switches away when needed */
	}
}

void sched_init(void)
{
	struct cpu *c = cpu_this();
	runq_init(&c->rq);
	sched_entity_init(&boot_thread.se, "boot", SCHED_PRIO_MAX / 2, SCHED_NO_DEADLINE);
	boot_thread.state = THREAD_RUNNING;
	mem_strlcpy(boot_thread.name, "boot", sizeof boot_thread.name);
	sched_current = &boot_thread;
	c->ran_since = hal_time_ns();
	c->idle = thread_create("idle", 0, SCHED_NO_DEADLINE, idle_loop, NULL);
	if (!c->idle)
		panic("sched: no memory for the idle thread");
	timer_set_callback(sched_timer_event);
	kprintf("sched: %d priorities, EDF among equals, %llu ms round-robin slice, tickless\n",
		SCHED_PRIOS, (unsigned long long)(SCHED_SLICE_NS / 1000000));
}

/* The earliest moment the scheduler must look again: a sleeper's wake-up, or the end of the
 * running slice when an equally urgent thread waits for its turn. */
static void rearm_locked(void)
{
	struct cpu *c = cpu_this();
	uint64_t next = UINT64_MAX;
	if (sleepers)
		next = sleepers->wake_at;
	struct sched_entity *best = runq_peek(&c->rq);
	struct thread *cur = sched_current;
	if (cur != c->idle && best && best->eff.prio == cur->se.eff.prio &&
	    best->eff.deadline == cur->se.eff.deadline) {
		uint64_t slice_end = c->ran_since + cur->se.slice_left;
		if (slice_end < next)
			next = slice_end;
	}
	if (next == timer_armed)
		return;
	timer_armed = next;
	if (next == UINT64_MAX)
		hal_timer_disarm();
	else
		hal_timer_arm(next);
}

void sched_need_resched(void)
{
	cpu_this()->need_resched = true;
}

void sched_wake_locked(struct thread *t)
{
	struct cpu *c = cpu_this();
	assert(t->state != THREAD_RUNNABLE && t->state != THREAD_RUNNING);
	t->state = THREAD_RUNNABLE;
	runq_insert(&c->rq, &t->se);
	if (runq_should_preempt(&c->rq, sched_current == c->idle ? NULL : &sched_current->se))
		c->need_resched = true;
	rearm_locked();
}

/* Charges the running stretch to the current thread; returns true if round-robin wants it to
 * give way. */
static bool charge_locked(uint64_t now)
{
	struct cpu *c = cpu_this();
	struct thread *cur = sched_current;
	uint64_t ran = now - c->ran_since;
	c->ran_since = now;
	cur->runtime_ns += ran;
	if (cur == c->idle)
		return false;
	return runq_charge(&c->rq, &cur->se, ran);
}

void sched_switch_locked(void)
{
	struct cpu *c = cpu_this();
	assert(spin_is_locked(&sched_lock));
	struct thread *prev = sched_current;
	charge_locked(hal_time_ns());
	if (prev->state == THREAD_RUNNING && prev != c->idle) {
		prev->state = THREAD_RUNNABLE;
		runq_insert(&c->rq, &prev->se);
	}
	struct sched_entity *se = runq_peek(&c->rq);
	struct thread *next = se ? (struct thread *)se : c->idle;
	if (se)
		runq_remove(&c->rq, se);
	next->state = THREAD_RUNNING;
	c->need_resched = false;
	sched_current = next;
	rearm_locked();
	if (next == prev)
		return;
	if (next->kstack_top)
		hal_set_kernel_stack(next->kstack_top);
	if (next->proc != prev->proc)
		hal_space_switch(next->proc ? next->proc->space : hal_space_kernel());
	hal_switch(&prev->ksp, next->ksp);
}

void sched_maybe_switch_locked(void)
{
	struct cpu *c = cpu_this();
	if (c->need_resched ||
	    runq_should_preempt(&c->rq, sched_current == c->idle ? NULL : &sched_current->se))
		sched_switch_locked();
}

/* sched_preempt_point's slow path, out of line so that the check every trap exit makes needs no
 * stack frame. */
__attribute__((noinline)) static void preempt_now(void)
{
	struct cpu *c = cpu_this();
	bool irq = spin_lock_irqsave(&sched_lock);
	if (c->need_resched)
		sched_switch_locked();
	spin_unlock_irqrestore(&sched_lock, irq);
	/*
	 * A thread that was switched away here can have been killed meanwhile (on one CPU, a kill
	 * can only come while its victim is off the CPU, so this slow path is the only place that
	 * needs to look). Outside a system call this is the way back to user mode, on every
	 * architecture: end the process now. Inside one, the call's own end does it.
	 */
	struct thread *t = sched_current;
	if (t->kill_pending && !t->in_syscall)
		process_killed_exit();
}

void sched_preempt_point(void)
{
	if (sched_current && cpu_this()->need_resched)
		preempt_now();
}

void sched_timer_event(void)
{
	struct cpu *c = cpu_this();
	if (!sched_current)
		return;
	bool irq = spin_lock_irqsave(&sched_lock);
	timer_armed = 0; /* it fired: whatever is due next must be programmed afresh */
	uint64_t now = hal_time_ns();
	while (sleepers && sleepers->wake_at <= now) {
		struct thread *t = sleepers;
		sleepers = t->sleep_next;
		t->sleep_next = NULL;
		t->timed_out = t->timed_wait; /* a blocked wait whose deadline passed */
		t->timed_wait = false;
		t->wait_killable = false;
		t->state = THREAD_BLOCKED; /* sched_wake_locked takes it from here */
		sched_wake_locked(t);
	}
	if (charge_locked(now))
		c->need_resched = true;
	if (runq_should_preempt(&c->rq, sched_current == c->idle ? NULL : &sched_current->se))
		c->need_resched = true;
	rearm_locked();
	spin_unlock_irqrestore(&sched_lock, irq);
}

static void sleepers_insert(struct thread *t, uint64_t deadline_ns)
{
	t->wake_at = deadline_ns;
	struct thread **link = &sleepers;
	while (*link && (*link)->wake_at <= deadline_ns)
		link = &(*link)->sleep_next;
	t->sleep_next = *link;
	*link = t;
}

void thread_sleep_until(uint64_t deadline_ns)
{
	bool irq = spin_lock_irqsave(&sched_lock);
	struct thread *cur = thread_current();
	if (deadline_ns > hal_time_ns() && !cur->kill_pending) {
		sleepers_insert(cur, deadline_ns);
		cur->state = THREAD_SLEEPING;
		sched_switch_locked();
	}
	spin_unlock_irqrestore(&sched_lock, irq);
}

/*
 * Blocking with a timeout reuses the sleep queue: a BLOCKED thread with timed_wait set sits there
 * like a sleeper, and the timer wakes it with timed_out set; a waker takes it off first. The
 * queue is short (one entry per thread waiting with a deadline), so the linear removal is fine.
 */
static void cancel_deadline(struct thread *t)
{
	if (!t->timed_wait)
		return;
	for (struct thread **link = &sleepers; *link; link = &(*link)->sleep_next) {
		if (*link == t) {
			*link = t->sleep_next;
			break;
		}
	}
	t->sleep_next = NULL;
	t->timed_wait = false;
}

void sched_unblock_locked(struct thread *t)
{
	assert(t->state == THREAD_BLOCKED);
	cancel_deadline(t);
	t->wait_killable = false;
	sched_wake_locked(t);
}

void sched_interrupt_locked(struct thread *t)
{
	if (t->state == THREAD_BLOCKED && t->wait_killable) {
		t->timed_out = true; /* what every waiter already handles: the wait just ends */
		sched_unblock_locked(t);
	} else if (t->state == THREAD_SLEEPING) {
		for (struct thread **link = &sleepers; *link; link = &(*link)->sleep_next) {
			if (*link == t) {
				*link = t->sleep_next;
				break;
			}
		}
		t->sleep_next = NULL;
		sched_wake_locked(t);
	}
}

/* Switches from the current thread, already BLOCKED, to next, blocked until now. */
static void handoff_locked(struct thread *next)
{
	struct cpu *c = cpu_this();
	struct thread *prev = sched_current;
	assert(next->state == THREAD_BLOCKED && prev->state == THREAD_BLOCKED);
	cancel_deadline(next);
	next->wait_killable = false;
	struct sched_entity *best = runq_peek(&c->rq);
	if (best && sched_params_before(best->eff, next->se.eff)) {
		sched_wake_locked(next);
		sched_switch_locked();
		return;
	}
	/* next runs now: what sched_switch_locked does, minus the run queue round trip. */
	charge_locked(hal_time_ns());
	next->state = THREAD_RUNNING;
	c->need_resched = false;
	sched_current = next;
	rearm_locked();
	if (next->kstack_top)
		hal_set_kernel_stack(next->kstack_top);
	if (next->proc != prev->proc)
		hal_space_switch(next->proc ? next->proc->space : hal_space_kernel());
	hal_switch(&prev->ksp, next->ksp);
}

void thread_sleep_ns(uint64_t ns)
{
	thread_sleep_until(hal_time_ns() + ns);
}

void thread_yield(void)
{
	bool irq = spin_lock_irqsave(&sched_lock);
	thread_current()->se.slice_left = SCHED_SLICE_NS;
	sched_switch_locked();
	spin_unlock_irqrestore(&sched_lock, irq);
}

uint64_t thread_runtime_ns(void)
{
	bool irq = spin_lock_irqsave(&sched_lock);
	struct cpu *c = cpu_this();
	uint64_t t = sched_current->runtime_ns + (hal_time_ns() - c->ran_since);
	spin_unlock_irqrestore(&sched_lock, irq);
	return t;
}

bool sched_block_locked(uint64_t deadline, struct thread *next)
{
	struct thread *cur = thread_current();
	cur->timed_out = false;
	/* A killed thread does not start a wait: it is on its way out (process_killed_exit). */
	if (deadline != SCHED_NO_DEADLINE || cur->kill_pending) {
		if (cur->kill_pending || deadline <= hal_time_ns()) {
			if (next)
				sched_unblock_locked(next);
			cur->timed_out = true;
			return true;
		}
		sleepers_insert(cur, deadline);
		cur->timed_wait = true;
	}
	cur->state = THREAD_BLOCKED;
	cur->wait_killable = true;
	if (next)
		handoff_locked(next);
	else
		sched_switch_locked();
	return cur->timed_out; /* whoever woke it cleared wait_killable */
}
