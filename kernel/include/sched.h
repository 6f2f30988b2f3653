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
/* Wakes due sleepers, charges the running slice and rearms the timer. Called from timer_expired. */
void sched_timer_event(void);

#endif
