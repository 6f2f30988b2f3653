/*
 * The Channel object; see chan.h. Queue and waiter-list changes happen under sched_lock; buffer
 * contents are touched only by their one owner, without a lock.
 */
#include <chan.h>
#include <err.h>
#include <hal.h>
#include <mem.h>
#include <objwait.h>
#include <panic.h>
#include <pmm.h>
#include <sched.h>
#include <slab.h>
#include <thread.h>

_Static_assert(CHAN_MSG_PAGES * PAGE_SIZE >= CHAN_MSG_MAX, "message pages must hold CHAN_MSG_MAX");

static struct slab_cache chan_cache, msg_cache;
static bool caches_ready;

static void end_destroy(struct kobject *obj);
static const struct kobject_ops end_ops = { KOBJ_CHANNEL, end_destroy };

/* Lazily, so that boards and host tests need no init call; the first channel is made by a
 * thread, never from an interrupt. */
static bool caches_init(void)
{
	if (caches_ready)
		return true;
	if (slab_cache_init(&chan_cache, "chan", sizeof(struct chan), 16) != 0 ||
	    slab_cache_init(&msg_cache, "chan_msg", sizeof(struct chan_msg), 16) != 0)
		return false;
	caches_ready = true;
	return true;
}

int chan_create(struct chan_end **a, struct chan_end **b)
{
	if (!caches_init())
		return ERR_NOMEM;
	struct chan *c = slab_alloc(&chan_cache);
	if (!c)
		return ERR_NOMEM;
	memset(c, 0, sizeof *c);
	for (unsigned i = 0; i < 2; i++) {
		kobject_init(&c->end[i].obj, &end_ops);
		c->end[i].chan = c;
		c->end[i].side = i;
	}
	c->open_ends = 2;
	*a = &c->end[0];
	*b = &c->end[1];
	return 0;
}

struct chan_msg *chan_msg_alloc(void)
{
	if (!caches_init())
		return NULL;
	struct chan_msg *m = slab_alloc(&msg_cache);
	if (m)
		memset(m, 0, sizeof *m);
	return m;
}

int chan_msg_reserve(struct chan_msg *m, size_t len)
{
	assert(len <= CHAN_MSG_MAX);
	while (m->npages * PAGE_SIZE < len) {
		uint64_t frame = pmm_alloc_page();
		if (!frame)
			return ERR_NOMEM;
		m->page[m->npages++] = hal_phys_to_virt(frame);
	}
	return 0;
}

void chan_msg_drop_handles(struct chan_msg *m)
{
	unsigned n = m->nhandles;
	m->nhandles = 0;
	for (unsigned i = 0; i < n; i++) {
		kobject_put(m->obj[i]);
		m->obj[i] = NULL;
	}
}

void chan_msg_free(struct chan_msg *m)
{
	if (!m)
		return;
	chan_msg_drop_handles(m);
	for (unsigned i = 0; i < m->npages; i++) {
		int e = pmm_free_page(hal_virt_to_phys(m->page[i]));
		assert(e == 0);
		(void)e;
	}
	slab_free(&msg_cache, m);
}

/* Most messages fit one page: those take one copy call, without the page loop's frame. */
int chan_msg_copy_in(struct chan_msg *m, uintptr_t user_src, size_t len)
{
	if (len - 1 < PAGE_SIZE) /* a tail call: hal_copy_* answers 0 or ERR_FAULT already */
		return hal_copy_from_user(m->page[0], user_src, len);
	for (size_t done = 0, i = 0; done < len; i++) {
		size_t n = len - done < PAGE_SIZE ? len - done : PAGE_SIZE;
		if (hal_copy_from_user(m->page[i], user_src + done, n) != 0)
			return ERR_FAULT;
		done += n;
	}
	return 0;
}

int chan_msg_copy_out(const struct chan_msg *m, uintptr_t user_dst, size_t len)
{
	if (len - 1 < PAGE_SIZE)
		return hal_copy_to_user(user_dst, m->page[0], len);
	for (size_t done = 0, i = 0; done < len; i++) {
		size_t n = len - done < PAGE_SIZE ? len - done : PAGE_SIZE;
		if (hal_copy_to_user(user_dst + done, m->page[i], n) != 0)
			return ERR_FAULT;
		done += n;
	}
	return 0;
}

int chan_can_send_locked(struct chan_end *e)
{
	struct chan_end *peer = chan_peer(e);
	if (peer->closed)
		return ERR_PEER_CLOSED;
	if (peer->count >= CHAN_QUEUE_MAX)
		return ERR_FULL;
	return 0;
}

void chan_wait_add_locked(struct chan_end *e, struct thread *t)
{
	struct thread **link = &e->waiters;
	while (*link)
		link = &(*link)->ipc_next;
	t->ipc_next = NULL;
	t->ipc_wait = e;
	*link = t;
}

void chan_wait_remove_locked(struct chan_end *e, struct thread *t)
{
	for (struct thread **link = &e->waiters; *link; link = &(*link)->ipc_next) {
		if (*link == t) {
			*link = t->ipc_next;
			break;
		}
	}
	t->ipc_next = NULL;
	t->ipc_wait = NULL;
}

/* The first waiter that is still waiting: a waiter whose deadline passed has already been made
 * runnable by the timer and takes itself off the list when it runs; it is dropped here. */
static struct thread *first_waiter(struct chan_end *e)
{
	while (e->waiters && e->waiters->timed_out)
		chan_wait_remove_locked(e, e->waiters);
	return e->waiters;
}

static void enqueue(struct chan_end *e, struct chan_msg *m)
{
	m->next = NULL;
	if (e->tail)
		e->tail->next = m;
	else
		e->head = m;
	e->tail = m;
	e->count++;
	if (e->obj.observers) /* obj_wait: now readable */
		objwait_signal_locked(&e->obj);
}

struct thread *chan_deliver_locked(struct chan_end *e, struct chan_msg **mp)
{
	struct chan_end *peer = chan_peer(e);
	struct chan_msg *m = *mp;
	struct thread *w = first_waiter(peer);
	if (w && !peer->head && m->len <= w->ipc_cap && m->nhandles <= w->ipc_hcap) {
		chan_wait_remove_locked(peer, w);
		*mp = w->ipc_msg;
		w->ipc_msg = m;
		return w;
	}
	enqueue(peer, m);
	*mp = NULL;
	if (w) {
		chan_wait_remove_locked(peer, w);
		chan_wake_waiter_locked(w, false);
	}
	return NULL;
}

struct chan_msg *chan_dequeue_locked(struct chan_end *e)
{
	struct chan_msg *m = e->head;
	if (!m)
		return NULL;
	e->head = m->next;
	if (!e->head)
		e->tail = NULL;
	e->count--;
	m->next = NULL;
	return m;
}

/*
 * The last reference to an end is gone: messages waiting on it can never be received and are
 * freed (dropping the handles they carry); receivers blocked on the peer are woken to find the
 * peer closed. The pair's memory goes with the second end.
 */
static void end_destroy(struct kobject *obj)
{
	struct chan_end *e = (struct chan_end *)obj;
	struct chan *c = e->chan;
	bool irq = spin_lock_irqsave(&sched_lock);
	e->closed = true;
	struct chan_msg *list = e->head;
	e->head = e->tail = NULL;
	e->count = 0;
	struct chan_end *peer = chan_peer(e);
	while (peer->waiters) {
		struct thread *t = peer->waiters;
		bool timed_out = t->timed_out;
		chan_wait_remove_locked(peer, t);
		if (!timed_out)
			chan_wake_waiter_locked(t, false);
	}
	if (peer->obj.observers) /* obj_wait: peer closed, or still readable */
		objwait_signal_locked(&peer->obj);
	bool last = --c->open_ends == 0;
	spin_unlock_irqrestore(&sched_lock, irq);
	while (list) {
		struct chan_msg *m = list;
		list = m->next;
		chan_msg_free(m);
	}
	if (last)
		slab_free(&chan_cache, c);
}
