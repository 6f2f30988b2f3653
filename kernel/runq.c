/* Run queue policy; see runq.h. */
#include <runq.h>
#include <panic.h>
#include <mem.h>

void runq_init(struct runq *rq)
{
	memset(rq, 0, sizeof *rq);
}

void runq_insert(struct runq *rq, struct sched_entity *se)
{
	assert(!se->queued);
	unsigned p = se->eff.prio;
	struct sched_entity **link = &rq->head[p], *prev = NULL;
	/* Skip everything with an earlier or equal deadline: equal ones keep their turn. */
	while (*link && (*link)->eff.deadline <= se->eff.deadline) {
		prev = *link;
		link = &(*link)->next;
	}
	se->next = *link;
	se->prev = prev;
	if (*link)
		(*link)->prev = se;
	*link = se;
	se->queued = true;
	se->on_rq = rq;
	rq->nonempty |= 1ull << p;
	rq->count++;
}

void runq_remove(struct runq *rq, struct sched_entity *se)
{
	assert(se->queued);
	unsigned p = se->eff.prio;
	if (se->prev)
		se->prev->next = se->next;
	else
		rq->head[p] = se->next;
	if (se->next)
		se->next->prev = se->prev;
	se->next = se->prev = NULL;
	se->queued = false;
	se->on_rq = NULL;
	if (!rq->head[p])
		rq->nonempty &= ~(1ull << p);
	rq->count--;
}

struct sched_entity *runq_peek(const struct runq *rq)
{
	if (!rq->nonempty)
		return NULL;
	unsigned p = 63u - (unsigned)__builtin_clzll(rq->nonempty);
	return rq->head[p];
}

bool runq_should_preempt(const struct runq *rq, const struct sched_entity *cur)
{
	const struct sched_entity *best = runq_peek(rq);
	if (!best)
		return false;
	return !cur || sched_params_before(best->eff, cur->eff);
}

bool runq_charge(const struct runq *rq, struct sched_entity *cur, uint64_t ran_ns)
{
	if (ran_ns < cur->slice_left) {
		cur->slice_left -= ran_ns;
		return false;
	}
	cur->slice_left = SCHED_SLICE_NS;
	const struct sched_entity *best = runq_peek(rq);
	return best && best->eff.prio == cur->eff.prio && best->eff.deadline == cur->eff.deadline;
}
