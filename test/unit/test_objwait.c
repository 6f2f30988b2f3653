/* obj_wait's portable half on the host: argument checks, which signals each object raises and
 * when, and the observer lists (records linked, offered a wake-up on each state change, unlinked
 * in any order). Threads are plain structs; objwait_wake_locked is the kstubs hook. */
#include "test.h"
#include "kstubs.h"
#include "kstubs_irq.h"
#include <bootinfo.h>
#include <chan.h>
#include <err.h>
#include <handle.h>
#include <irqobj.h>
#include <objwait.h>
#include <pmm.h>
#include <process.h>
#include <slab.h>
#include <string.h>
#include <thread.h>

#define RAM_BASE 0x80000000ull
#define RAM_SIZE (8u << 20)

static struct thread *woken[8];
static unsigned nwoken;

static void on_wake(struct thread *t)
{
	if (nwoken < 8)
		woken[nwoken] = t;
	nwoken++;
}

static void setup(void)
{
	static struct bootinfo bi;
	kstubs_ram(RAM_BASE, RAM_SIZE);
	bootinfo_init(&bi);
	bootinfo_add_usable(&bi, RAM_BASE, RAM_SIZE);
	CHECK_OK(pmm_init(&bi));
	slab_init();
	kstubs_objwait_wake = on_wake;
	kstubs_chan_wake = NULL;
	nwoken = 0;
}

static struct chan_msg *empty_msg(void)
{
	struct chan_msg *m = chan_msg_alloc();
	CHECK(m != NULL);
	return m;
}

TEST(objwait_checks_items)
{
	struct wait_item it[WAIT_ITEMS_MAX + 1];
	for (unsigned i = 0; i <= WAIT_ITEMS_MAX; i++)
		it[i] = (struct wait_item){ 5, WAIT_READABLE, 0 };
	CHECK_EQ(objwait_check_items(it, 0), ERR_INVAL);
	CHECK_EQ(objwait_check_items(it, WAIT_ITEMS_MAX + 1), ERR_INVAL);
	/* The same handle in every item is allowed: each is answered on its own. */
	CHECK_EQ(objwait_check_items(it, WAIT_ITEMS_MAX), 0);
	CHECK_EQ(objwait_check_items(it, 1), 0);
	it[3].want = 0;
	CHECK_EQ(objwait_check_items(it, 4), ERR_INVAL);
	CHECK_EQ(objwait_check_items(it, 3), 0); /* item 3 is beyond n */
	it[3].want = WAIT_ALL;
	CHECK_EQ(objwait_check_items(it, 4), 0);
	it[3].want = WAIT_EXITED << 1;
	CHECK_EQ(objwait_check_items(it, 4), ERR_INVAL);
	it[3].want = WAIT_READABLE | 0x80000000u;
	CHECK_EQ(objwait_check_items(it, 4), ERR_INVAL);
}

TEST(objwait_type_signals)
{
	CHECK_EQ(objwait_type_signals(KOBJ_CHANNEL), WAIT_READABLE | WAIT_PEER_CLOSED);
	CHECK_EQ(objwait_type_signals(KOBJ_IRQ), WAIT_IRQ);
	CHECK_EQ(objwait_type_signals(KOBJ_PROCESS), WAIT_EXITED);
	CHECK_EQ(objwait_type_signals(KOBJ_THREAD), WAIT_EXITED);
	CHECK_EQ(objwait_type_signals(KOBJ_MEM), 0);
	CHECK_EQ(objwait_type_signals(KOBJ_SERVICE), 0);
	CHECK_EQ(objwait_type_signals(KOBJ_RESOURCE), 0);
	CHECK_EQ(objwait_type_signals(KOBJ_NS), 0);
}

TEST(objwait_channel_signals_follow_the_queue_and_the_peer)
{
	setup();
	struct chan_end *a, *b;
	CHECK_EQ(chan_create(&a, &b), 0);
	CHECK_EQ(objwait_signals_locked(&b->obj), 0);
	struct chan_msg *m = empty_msg();
	CHECK(chan_deliver_locked(a, &m) == NULL);
	CHECK_EQ(objwait_signals_locked(&b->obj), WAIT_READABLE);
	CHECK_EQ(objwait_signals_locked(&a->obj), 0); /* the sender's own end: nothing for it */
	kobject_put(&a->obj);
	/* Still a message to read: readable, not yet "peer closed". */
	CHECK_EQ(objwait_signals_locked(&b->obj), WAIT_READABLE);
	chan_msg_free(chan_dequeue_locked(b));
	CHECK_EQ(objwait_signals_locked(&b->obj), WAIT_PEER_CLOSED);
	kobject_put(&b->obj);
}

TEST(objwait_observers_are_offered_a_wake_on_each_change)
{
	setup();
	struct chan_end *a, *b;
	CHECK_EQ(chan_create(&a, &b), 0);
	static struct thread t1, t2;
	struct obj_waiter w1, w2, w3;
	objwait_link_locked(&w1, &b->obj, &t1);
	objwait_link_locked(&w2, &b->obj, &t2);
	objwait_link_locked(&w3, &a->obj, &t2);
	struct chan_msg *m = empty_msg();
	chan_deliver_locked(a, &m); /* queued on b */
	CHECK_EQ(nwoken, 2);
	CHECK((woken[0] == &t1 && woken[1] == &t2) || (woken[0] == &t2 && woken[1] == &t1));
	/* Unlinked from the middle and the head, in any order; twice is harmless. */
	objwait_unlink_locked(&w1);
	objwait_unlink_locked(&w1);
	nwoken = 0;
	m = empty_msg();
	chan_deliver_locked(a, &m);
	CHECK_EQ(nwoken, 1);
	CHECK(woken[0] == &t2);
	objwait_unlink_locked(&w2);
	CHECK(b->obj.observers == NULL);
	/* Closing b tells a's observers (peer closed). */
	nwoken = 0;
	kobject_put(&b->obj);
	CHECK_EQ(nwoken, 1);
	CHECK(woken[0] == &t2);
	CHECK_EQ(objwait_signals_locked(&a->obj), WAIT_PEER_CLOSED);
	objwait_unlink_locked(&w3);
	CHECK(a->obj.observers == NULL);
	/* Nobody watching: no wake-ups at all. */
	nwoken = 0;
	kobject_put(&a->obj);
	CHECK_EQ(nwoken, 0);
}

TEST(objwait_direct_delivery_raises_nothing)
{
	setup();
	struct chan_end *a, *b;
	CHECK_EQ(chan_create(&a, &b), 0);
	static struct thread rx, watcher;
	memset(&rx, 0, sizeof rx);
	rx.ipc_cap = 64;
	rx.ipc_msg = empty_msg();
	chan_wait_add_locked(b, &rx);
	struct obj_waiter w;
	objwait_link_locked(&w, &b->obj, &watcher);
	struct chan_msg *m = empty_msg();
	CHECK(chan_deliver_locked(a, &m) == &rx); /* swapped straight into the receiver */
	CHECK_EQ(nwoken, 0);
	CHECK_EQ(objwait_signals_locked(&b->obj), 0);
	objwait_unlink_locked(&w);
	chan_msg_free(m);
	chan_msg_free(rx.ipc_msg);
	kobject_put(&a->obj);
	kobject_put(&b->obj);
}

static void irq_destroy(struct kobject *o)
{
	(void)o;
}
static const struct kobject_ops irq_ops = { KOBJ_IRQ, irq_destroy };

TEST(objwait_irq_signal_lasts_until_ack)
{
	setup();
	static struct irq_obj o;
	static struct thread t;
	irq_obj_init(&o, &irq_ops, 9);
	struct obj_waiter w;
	objwait_link_locked(&w, &o.obj, &t);
	CHECK_EQ(objwait_signals_locked(&o.obj), 0);
	CHECK(irq_obj_fire(&o) == NULL);
	CHECK_EQ(nwoken, 1);
	CHECK_EQ(objwait_signals_locked(&o.obj), WAIT_IRQ);
	CHECK_EQ(irq_obj_take(&o), 0); /* taken by irq_wait, still not acknowledged */
	CHECK_EQ(objwait_signals_locked(&o.obj), WAIT_IRQ);
	CHECK_EQ(irq_obj_ack(&o), 0);
	CHECK_EQ(objwait_signals_locked(&o.obj), 0);
	objwait_unlink_locked(&w);
	CHECK(irq_obj_fire(&o) == NULL);
	CHECK_EQ(nwoken, 1); /* unlinked: not offered again */
}

static void proc_destroy(struct kobject *o)
{
	(void)o;
}
static const struct kobject_ops proc_ops = { KOBJ_PROCESS, proc_destroy };

TEST(objwait_process_exited)
{
	static struct process p;
	memset(&p, 0, sizeof p);
	kobject_init(&p.obj, &proc_ops);
	CHECK_EQ(objwait_signals_locked(&p.obj), 0);
	p.killed = true; /* killed but not yet ended: not EXITED */
	CHECK_EQ(objwait_signals_locked(&p.obj), 0);
	p.ended = true;
	CHECK_EQ(objwait_signals_locked(&p.obj), WAIT_EXITED);
}

static const struct kobject_ops thread_ops = { KOBJ_THREAD, proc_destroy };

TEST(objwait_thread_exited)
{
	static struct thread_obj t;
	memset(&t, 0, sizeof t);
	kobject_init(&t.obj, &thread_ops);
	CHECK_EQ(objwait_signals_locked(&t.obj), 0);
	t.code = 5; /* a code alone is not an end */
	CHECK_EQ(objwait_signals_locked(&t.obj), 0);
	t.ended = true;
	CHECK_EQ(objwait_signals_locked(&t.obj), WAIT_EXITED);
}

static int mem_destroyed;
static void mem_destroy(struct kobject *o)
{
	(void)o;
	mem_destroyed++;
}
static const struct kobject_ops mem_ops = { KOBJ_MEM, mem_destroy };

TEST(objwait_get_items_refusals_and_references)
{
	setup();
	struct handle_table t;
	handle_table_init(&t);
	struct chan_end *a, *b;
	CHECK_EQ(chan_create(&a, &b), 0);
	static struct kobject mem;
	kobject_init(&mem, &mem_ops);
	kobject_get(&mem); /* ours, besides the one the table takes over */
	int ha = handle_install(&t, &a->obj, HANDLE_RIGHT_READ | HANDLE_RIGHT_WAIT);
	int hb = handle_install(&t, &b->obj, HANDLE_RIGHT_READ); /* no WAIT */
	int hm = handle_install(&t, &mem, HANDLE_RIGHTS_ALL);
	CHECK(ha > 0 && hb > 0 && hm > 0);
	struct kobject *objs[WAIT_ITEMS_MAX];
	/* The same handle twice is fine; each item holds its own reference. */
	struct wait_item ok[2] = { { (uint32_t)ha, WAIT_READABLE, 0 },
				   { (uint32_t)ha, WAIT_PEER_CLOSED, 0 } };
	CHECK_EQ(objwait_get_items(&t, ok, 2, objs), 0);
	CHECK(objs[0] == &a->obj && objs[1] == &a->obj);
	CHECK_EQ(kobject_refcount(&a->obj), 3);
	kobject_put(objs[0]);
	kobject_put(objs[1]);
	/* Each refusal, and no reference left behind by the items before the bad one. */
	struct wait_item bad[2] = { { (uint32_t)ha, WAIT_READABLE, 0 }, { 0, WAIT_READABLE, 0 } };
	bad[1].handle = (uint32_t)ha + 63; /* a free slot: never issued */
	CHECK_EQ(objwait_get_items(&t, bad, 2, objs), ERR_BADHANDLE);
	bad[1].handle = (uint32_t)hm;
	CHECK_EQ(objwait_get_items(&t, bad, 2, objs), ERR_WRONGTYPE);
	bad[1].handle = (uint32_t)hb;
	CHECK_EQ(objwait_get_items(&t, bad, 2, objs), ERR_ACCESS);
	bad[1] = (struct wait_item){ (uint32_t)ha, WAIT_EXITED, 0 };
	CHECK_EQ(objwait_get_items(&t, bad, 2, objs), ERR_INVAL);
	CHECK_EQ(kobject_refcount(&a->obj), 1);
	CHECK_EQ(kobject_refcount(&mem), 2);
	handle_table_destroy(&t);
	CHECK_EQ(mem_destroyed, 0);
	kobject_put(&mem);
	CHECK_EQ(mem_destroyed, 1);
}
