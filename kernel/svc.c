/* The Service object; see svc.h. */
#include <svc.h>
#include <err.h>
#include <sched.h>
#include <slab.h>

static void svc_destroy(struct kobject *obj)
{
	struct svc *s = (struct svc *)obj;
	/* The listener's peer closes with this: the server sees "peer closed" once it has taken
	 * the connections already queued. */
	kobject_put(&s->tx->obj);
	kfree(s);
}

static const struct kobject_ops svc_ops = { KOBJ_SERVICE, svc_destroy };

int svc_create(struct svc **svc, struct chan_end **listen)
{
	struct svc *s = kmalloc(sizeof *s);
	if (!s)
		return ERR_NOMEM;
	struct chan_end *rx, *tx;
	int e = chan_create(&rx, &tx);
	if (e) {
		kfree(s);
		return e;
	}
	kobject_init(&s->obj, &svc_ops);
	s->tx = tx;
	*svc = s;
	*listen = rx;
	return 0;
}

int svc_connect(struct svc *svc, struct chan_end **client)
{
	struct chan_end *mine, *theirs;
	int e = chan_create(&mine, &theirs);
	if (e)
		return e;
	struct chan_msg *m = chan_msg_alloc();
	if (!m) {
		kobject_put(&mine->obj);
		kobject_put(&theirs->obj);
		return ERR_NOMEM;
	}
	/* Zero bytes: the whole request is the handle. The message owns theirs from here on. */
	m->len = 0;
	m->obj[0] = &theirs->obj;
	m->rights[0] = SVC_CHAN_RIGHTS;
	m->nhandles = 1;
	bool irq = spin_lock_irqsave(&sched_lock);
	e = chan_can_send_locked(svc->tx);
	if (!e) {
		struct thread *w = chan_deliver_locked(svc->tx, &m);
		if (w)
			chan_wake_waiter_locked(w, true);
	}
	spin_unlock_irqrestore(&sched_lock, irq);
	/* Outside the lock, since freeing drops references: on failure m still holds theirs (the
	 * request is withdrawn whole); after a direct delivery it is the waiter's old, empty buffer;
	 * after queueing it is NULL. */
	chan_msg_free(m);
	if (e) {
		kobject_put(&mine->obj);
		return e;
	}
	*client = mine;
	return 0;
}
