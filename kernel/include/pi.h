/*
 * pi: priority inheritance for sleeping mutexes, as pure bookkeeping. A thread that blocks on a
 * mutex lends its effective scheduling parameters (priority and deadline) to the owner, and
 * through the owner to whatever the owner itself waits for, transitively (A waits on B which waits
 * on C: C runs at A's urgency). On release the owner falls back to the most urgent of what it
 * still has reason to inherit. Entities whose parameters change are moved within their run queue
 * or wait list at once, so the run queue order is always right.
 *
 * The kernel mutex wraps this with a spinlock and the actual sleeping and waking; this file only
 * decides. Lock order: the caller holds the scheduler lock, which covers every run queue and
 * every pi_mutex (one lock while only the boot CPU runs).
 */
#ifndef PI_H
#define PI_H

#include <sched_entity.h>

struct pi_mutex {
	struct sched_entity *owner;
	struct sched_entity *waiters;  /* most urgent first, FIFO among equals */
	struct pi_mutex *next_held;    /* in the owner's list of held mutexes */
	const char *name;
};

/* Inheritance can be switched off (kernel command line `nopi`) to show the inversion it
 * prevents; it is on by default. */
void pi_set_enabled(bool on);
bool pi_enabled(void);

void pi_mutex_init(struct pi_mutex *m, const char *name);
/* Takes m for self and returns true, or queues self as a waiter, lends self's urgency along the
 * chain of owners and returns false: the caller must then block self until pi_unlock hands it
 * the mutex. */
bool pi_lock(struct pi_mutex *m, struct sched_entity *self);
/* Releases m (self must own it) and hands it to the most urgent waiter, which is returned for the
 * caller to wake (NULL when nobody waited). self's urgency drops to what it still inherits. */
struct sched_entity *pi_unlock(struct pi_mutex *m, struct sched_entity *self);
/* A waiter gives up (timeout, kill): it leaves the wait list and stops lending its urgency. */
void pi_cancel(struct pi_mutex *m, struct sched_entity *self);
/*
 * Inheritance across IPC: a server serving a call runs with the caller's parameters (when more
 * urgent than its own) until it replies. loan NULL ends the loan. Like a mutex waiter's urgency,
 * the loan flows on through whatever mutex the server waits for.
 */
void pi_set_loan(struct sched_entity *se, const struct sched_params *loan);
/* Changes what the thread asked for; its effective parameters follow, inheritance included. */
void pi_set_base(struct sched_entity *se, struct sched_params base);

#endif
