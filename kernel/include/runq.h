/*
 * runq: the per-CPU run queue policy. One list per priority, each kept in deadline order (FIFO
 * among equal deadlines), and a bitmap of non-empty priorities so picking is constant time.
 * Pure policy: no locking (the caller holds the CPU's scheduler lock), no switching.
 */
#ifndef RUNQ_H
#define RUNQ_H

#include <sched_entity.h>
#include <stddef.h>

struct runq {
	struct sched_entity *head[SCHED_PRIOS];
	uint64_t nonempty; /* bit p set when head[p] != NULL */
	size_t count;
};

void runq_init(struct runq *rq);
/* Queues se by its effective parameters, behind every entity that is not less urgent. */
void runq_insert(struct runq *rq, struct sched_entity *se);
void runq_remove(struct runq *rq, struct sched_entity *se);
/* The most urgent entity, or NULL; it stays queued. */
struct sched_entity *runq_peek(const struct runq *rq);
/* True when something queued is more urgent than cur (cur == NULL: anything queued). */
bool runq_should_preempt(const struct runq *rq, const struct sched_entity *cur);
/*
 * Charges ran_ns of CPU time to cur. Returns true when cur's slice is used up and another entity
 * with exactly the same effective priority and deadline is waiting, i.e. when round-robin says
 * cur should go to the back of its group. The slice is refilled either way once used up.
 */
bool runq_charge(const struct runq *rq, struct sched_entity *cur, uint64_t ran_ns);

#endif
