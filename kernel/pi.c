/* Priority inheritance bookkeeping; see pi.h. */
#include <pi.h>
#include <panic.h>
#include <runq.h>

/* Longer owner chains than this are a deadlock cycle or a bug, not a real design. */
#define PI_MAX_CHAIN 64

static bool inheritance = true;

void pi_set_enabled(bool on)
{
	inheritance = on;
}

bool pi_enabled(void)
{
	return inheritance;
}

void pi_mutex_init(struct pi_mutex *m, const char *name)
{
	m->owner = NULL;
	m->waiters = NULL;
	m->next_held = NULL;
	m->name = name;
}

static void waiters_insert(struct pi_mutex *m, struct sched_entity *se)
{
	struct sched_entity **link = &m->waiters, *prev = NULL;
	while (*link && !sched_params_before(se->eff, (*link)->eff)) {
		prev = *link;
		link = &(*link)->next;
	}
	se->next = *link;
	se->prev = prev;
	if (*link)
		(*link)->prev = se;
	*link = se;
}

static void waiters_remove(struct pi_mutex *m, struct sched_entity *se)
{
	if (se->prev)
		se->prev->next = se->next;
	else
		m->waiters = se->next;
	if (se->next)
		se->next->prev = se->prev;
	se->next = se->prev = NULL;
}

/* What se should run at: its own parameters, or the most urgent waiter of any mutex it holds. */
static struct sched_params inherited(const struct sched_entity *se)
{
	struct sched_params p = se->base;
	if (!inheritance)
		return p;
	if (se->has_loan && sched_params_before(se->loan, p))
		p = se->loan;
	for (const struct pi_mutex *m = se->held; m; m = m->next_held)
		if (m->waiters && sched_params_before(m->waiters->eff, p))
			p = m->waiters->eff;
	return p;
}

/*
 * Recomputes se's effective parameters and, when they change, moves se in its run queue or wait
 * list and continues with the owner of the mutex se waits on. Iterative, so a long chain does not
 * grow the kernel stack.
 */
static void update_chain(struct sched_entity *se)
{
	for (int depth = 0; se; depth++) {
		if (depth > PI_MAX_CHAIN)
			panic("pi: mutex owner chain longer than %d (deadlock cycle through %s?)",
			      PI_MAX_CHAIN, se->name ? se->name : "?");
		struct sched_params p = inherited(se);
		if (p.prio == se->eff.prio && p.deadline == se->eff.deadline)
			return;
		struct runq *rq = se->on_rq;
		if (se->queued)
			runq_remove(rq, se);
		struct pi_mutex *m = se->blocked_on;
		if (m)
			waiters_remove(m, se);
		se->eff = p;
		if (rq)
			runq_insert(rq, se);
		if (!m)
			return;
		waiters_insert(m, se);
		se = m->owner;
	}
}

static void held_push(struct sched_entity *se, struct pi_mutex *m)
{
	m->next_held = se->held;
	se->held = m;
}

static void held_remove(struct sched_entity *se, struct pi_mutex *m)
{
	for (struct pi_mutex **link = &se->held; *link; link = &(*link)->next_held) {
		if (*link == m) {
			*link = m->next_held;
			m->next_held = NULL;
			return;
		}
	}
	panic("pi: %s releases mutex %s that is not in its held list", se->name, m->name);
}

bool pi_lock(struct pi_mutex *m, struct sched_entity *self)
{
	assert(!self->blocked_on && !self->queued);
	if (!m->owner) {
		m->owner = self;
		held_push(self, m);
		return true;
	}
	if (m->owner == self)
		panic("pi: %s locks mutex %s it already holds", self->name, m->name);
	self->blocked_on = m;
	waiters_insert(m, self);
	update_chain(m->owner);
	return false;
}

struct sched_entity *pi_unlock(struct pi_mutex *m, struct sched_entity *self)
{
	if (m->owner != self)
		panic("pi: %s unlocks mutex %s owned by %s", self->name, m->name,
		      m->owner ? m->owner->name : "nobody");
	held_remove(self, m);
	struct sched_entity *next = m->waiters;
	if (next) {
		waiters_remove(m, next);
		next->blocked_on = NULL;
		m->owner = next;
		held_push(next, m);
		update_chain(next); /* it inherits from the waiters still queued on m */
	} else {
		m->owner = NULL;
	}
	update_chain(self);
	return next;
}

void pi_cancel(struct pi_mutex *m, struct sched_entity *self)
{
	assert(self->blocked_on == m);
	waiters_remove(m, self);
	self->blocked_on = NULL;
	update_chain(m->owner);
}

void pi_set_loan(struct sched_entity *se, const struct sched_params *loan)
{
	se->has_loan = loan != NULL;
	if (loan)
		se->loan = *loan;
	update_chain(se);
}

void pi_set_base(struct sched_entity *se, struct sched_params base)
{
	se->base = base;
	update_chain(se);
}
