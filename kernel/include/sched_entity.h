/*
 * sched_entity: what the scheduler policy knows about a thread. Kept apart from struct thread so
 * the policy (runq.c, pi.c) has no hardware in it and host unit tests drive it with a fake clock.
 *
 * Ordering of "more urgent": higher priority first (SCHED_PRIO_MAX is the most urgent, 0 is the
 * idle level); among equal priorities the earlier absolute deadline (ns, SCHED_NO_DEADLINE = never)
 * runs first; equal deadlines take turns (round-robin, time slice SCHED_SLICE_NS).
 */
#ifndef SCHED_ENTITY_H
#define SCHED_ENTITY_H

#include <stdbool.h>
#include <stdint.h>

#define SCHED_PRIOS 64
#define SCHED_PRIO_MAX (SCHED_PRIOS - 1)
#define SCHED_NO_DEADLINE UINT64_MAX
#define SCHED_SLICE_NS 10000000ull /* 10 ms */

struct pi_mutex;
struct runq;

struct sched_params {
	uint8_t prio;
	uint64_t deadline;
};

struct sched_entity {
	struct sched_params base;      /* what the thread asked for */
	struct sched_params eff;       /* base, raised by inheritance */
	struct sched_entity *next, *prev; /* run queue or mutex wait list */
	bool queued;                   /* on a run queue (on_rq) */
	struct runq *on_rq;
	uint64_t slice_left;           /* ns left of the round-robin slice */
	struct pi_mutex *blocked_on;   /* the mutex this thread waits for, if any */
	struct pi_mutex *held;         /* mutexes this thread owns (linked through pi_mutex) */
	struct sched_params loan;      /* lent by an IPC caller this thread serves (pi_set_loan) */
	bool has_loan;
	const char *name;              /* for messages */
};

/* True when a is strictly more urgent than b. */
static inline bool sched_params_before(struct sched_params a, struct sched_params b)
{
	if (a.prio != b.prio)
		return a.prio > b.prio;
	return a.deadline < b.deadline;
}

void sched_entity_init(struct sched_entity *se, const char *name, uint8_t prio, uint64_t deadline);

#endif
