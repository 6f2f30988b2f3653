/* Sleeping mutex with priority inheritance; the decisions are pi.c's, the sleeping is here. */
#include <kmutex.h>
#include <sched.h>

void kmutex_init(struct kmutex *m, const char *name)
{
	pi_mutex_init(&m->pi, name);
}

void kmutex_lock(struct kmutex *m)
{
	bool irq = spin_lock_irqsave(&sched_lock);
	struct thread *cur = thread_current();
	if (!pi_lock(&m->pi, &cur->se)) {
		cur->state = THREAD_BLOCKED;
		sched_switch_locked(); /* resumes when pi_unlock handed us the mutex */
	}
	spin_unlock_irqrestore(&sched_lock, irq);
}

void kmutex_unlock(struct kmutex *m)
{
	bool irq = spin_lock_irqsave(&sched_lock);
	struct thread *cur = thread_current();
	struct sched_entity *next = pi_unlock(&m->pi, &cur->se);
	if (next)
		sched_wake_locked((struct thread *)next);
	/* Our urgency may have just dropped below the new owner's: give way at once. */
	sched_maybe_switch_locked();
	spin_unlock_irqrestore(&sched_lock, irq);
}
