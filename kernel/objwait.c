/* Observer lists and signals for obj_wait; see objwait.h. */
#include <objwait.h>
#include <chan.h>
#include <err.h>
#include <handle.h>
#include <irqobj.h>
#include <process.h>

int objwait_check_items(const struct wait_item *items, size_t n)
{
	if (n == 0 || n > WAIT_ITEMS_MAX)
		return ERR_INVAL;
	for (size_t i = 0; i < n; i++)
		if (items[i].want == 0 || (items[i].want & ~WAIT_ALL))
			return ERR_INVAL;
	return 0;
}

uint32_t objwait_type_signals(enum kobject_type type)
{
	switch (type) {
	case KOBJ_CHANNEL:
		return WAIT_READABLE | WAIT_PEER_CLOSED;
	case KOBJ_IRQ:
		return WAIT_IRQ;
	case KOBJ_PROCESS:
	case KOBJ_THREAD:
		return WAIT_EXITED;
	default:
		return 0;
	}
}

int objwait_get_items(struct handle_table *t, const struct wait_item *items, size_t n,
		      struct kobject **objs)
{
	int e = 0;
	size_t held = 0;
	for (; held < n; held++) {
		struct handle_info info;
		e = handle_inspect(t, items[held].handle, &info);
		uint32_t can = e ? 0 : objwait_type_signals(info.type);
		if (!e && !can)
			e = ERR_WRONGTYPE;
		/* The rights check is handle_get's, as everywhere. */
		if (!e)
			e = handle_get(t, items[held].handle, info.type, HANDLE_RIGHT_WAIT, &objs[held]);
		if (!e && (items[held].want & ~can)) {
			kobject_put(objs[held]);
			e = ERR_INVAL;
		}
		if (e)
			break;
	}
	if (e)
		while (held)
			kobject_put(objs[--held]);
	return e;
}

uint32_t objwait_signals_locked(struct kobject *obj)
{
	switch (kobject_type(obj)) {
	case KOBJ_CHANNEL: {
		struct chan_end *e = (struct chan_end *)obj;
		if (e->head)
			return WAIT_READABLE;
		return chan_peer(e)->closed ? WAIT_PEER_CLOSED : 0;
	}
	case KOBJ_IRQ:
		return ((struct irq_obj *)obj)->state != IRQ_ARMED ? WAIT_IRQ : 0;
	case KOBJ_PROCESS:
		return ((struct process *)obj)->ended ? WAIT_EXITED : 0;
	case KOBJ_THREAD:
		return ((struct thread_obj *)obj)->ended ? WAIT_EXITED : 0;
	default:
		return 0;
	}
}

void objwait_link_locked(struct obj_waiter *w, struct kobject *obj, struct thread *t)
{
	w->obj = obj;
	w->t = t;
	w->next = obj->observers;
	if (w->next)
		w->next->pprev = &w->next;
	w->pprev = &obj->observers;
	obj->observers = w;
}

void objwait_unlink_locked(struct obj_waiter *w)
{
	if (!w->pprev)
		return;
	*w->pprev = w->next;
	if (w->next)
		w->next->pprev = w->pprev;
	w->next = NULL;
	w->pprev = NULL;
}

void objwait_signal_locked(struct kobject *obj)
{
	for (struct obj_waiter *w = obj->observers; w; w = w->next)
		objwait_wake_locked(w->t);
}
