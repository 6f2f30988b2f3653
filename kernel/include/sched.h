/*
 * sched: the scheduler. Priority-preemptive with an EDF tiebreak and round-robin among equals (the
 * policy is runq.c); tickless: the one-shot timer is armed only for the next sleeper's wake-up or
 * the end of a round-robin slice that has a peer waiting. One scheduler lock (sched_lock) covers
 * the run queues, the sleep queue, every pi_mutex and thread states; it is taken with interrupts
 * masked and never held across a switch except by the switching code itself.
 */
#ifndef SCHED_H
#define SCHED_H

#include <spinlock.h>
#include <thread.h>

extern struct spinlock sched_lock;

/* Makes the boot flow the first thread ("boot"), creates the idle thread and takes over the
 * timer. After this, thread_* calls work. */
void sched_init(void);
/* Puts t on its CPU's run queue and preempts the current thread if t is more urgent. Caller
 * holds sched_lock. */
void sched_wake_locked(struct thread *t);
/* Leaves the CPU: the current thread must already be off the run queue with its new state set
 * (BLOCKED, SLEEPING, DEAD) or RUNNING to be requeued. Caller holds sched_lock (taken with
 * interrupts masked); returns with it held again, possibly much later. */
void sched_switch_locked(void);
/* Switches now if a queued thread is more urgent than the current one (caller holds
 * sched_lock, in thread context). */
void sched_maybe_switch_locked(void);
/* Asks for a reschedule at the next preemption point. */
void sched_need_resched(void);
/*
 * Blocks the current thread (state BLOCKED) until sched_unblock_locked or the monotonic clock
 * reaches deadline (SCHED_NO_DEADLINE: no timeout), through the sleep queue. Returns true when the
 * deadline ended the wait, at once if it has already passed. The caller has published where it
 * waits (so that a waker can find it) before calling; caller holds sched_lock.
 *
 * next is the IPC fast path: a thread, blocked until now, that the caller has just handed a
 * message to. When nothing queued is more urgent than next, the CPU goes straight to it without a
 * trip through the run queue; otherwise next is queued and the most urgent thread runs. NULL: a
 * plain block.
 */
bool sched_block_locked(uint64_t deadline, struct thread *next);
/* Wakes t, blocked in sched_block_locked, cancelling its deadline. Caller holds sched_lock. */
void sched_unblock_locked(struct thread *t);
/* A kill: ends t's wait in sched_block_locked as if its deadline had passed, or its sleep; a
 * thread in any other state (running, ready, waiting for a kernel mutex) is left alone. Caller
 * holds sched_lock. */
void sched_interrupt_locked(struct thread *t);
/* Wakes due sleepers, charges the running slice and rearms the timer. Called from timer_expired. */
void sched_timer_event(void);

#endif
