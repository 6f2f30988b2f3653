/* Channels on the host: FIFO queueing and its limit, direct delivery to a waiting receiver by
 * swapping buffers, peer-closed reporting, handles moved all-or-nothing, and the references that
 * closing an end drops. Threads are plain structs here: nothing is scheduled. */
#include "test.h"
#include "kstubs.h"
#include <bootinfo.h>
#include <chan.h>
#include <err.h>
#include <handle.h>
#include <pmm.h>
#include <slab.h>
#include <string.h>
#include <thread.h>

#define RAM_BASE 0x80000000ull
#define RAM_SIZE (8u << 20)

struct tobj {
	struct kobject obj;
	int destroyed;
};

static void tobj_destroy(struct kobject *o)
{
	((struct tobj *)o)->destroyed++;
}

static const struct kobject_ops tmem_ops = { KOBJ_MEM, tobj_destroy };

static struct thread *last_woken;
static bool last_delivered;
static int wakes;

static void on_wake(struct thread *t, bool delivered)
{
	last_woken = t;
	last_delivered = delivered;
	wakes++;
}

static void setup(void)
{
	static struct bootinfo bi;
	kstubs_ram(RAM_BASE, RAM_SIZE);
	bootinfo_init(&bi);
	bootinfo_add_usable(&bi, RAM_BASE, RAM_SIZE);
	CHECK_OK(pmm_init(&bi));
	slab_init();
	kstubs_chan_wake = on_wake;
	last_woken = NULL;
	wakes = 0;
}

/* A message of len bytes, each byte = tag, filled through the user-copy path. */
static struct chan_msg *msg(uint8_t tag, size_t len)
{
	static uint8_t src[CHAN_MSG_MAX];
	memset(src, tag, len);
	struct chan_msg *m = chan_msg_alloc();
	CHECK(m != NULL);
	CHECK_EQ(chan_msg_reserve(m, len), 0);
	CHECK_EQ(chan_msg_copy_in(m, (uintptr_t)src, len), 0);
	m->len = (uint32_t)len;
	return m;
}

TEST(chan_queue_is_fifo_and_bounded)
{
	setup();
	size_t frames = pmm_free_pages();
	struct chan_end *a, *b;
	CHECK_EQ(chan_create(&a, &b), 0);
	CHECK(chan_peer(a) == b && chan_peer(b) == a);
	for (unsigned i = 0; i < CHAN_QUEUE_MAX; i++) {
		CHECK_EQ(chan_can_send_locked(a), 0);
		struct chan_msg *m = msg((uint8_t)i, 1 + i);
		CHECK(chan_deliver_locked(a, &m) == NULL);
		CHECK(m == NULL); /* queued: the sender's buffer went with it */
	}
	CHECK_EQ(chan_can_send_locked(a), ERR_FULL);
	CHECK_EQ(chan_can_send_locked(b), 0); /* the other direction is independent */
	uint8_t out[CHAN_MSG_MAX];
	for (unsigned i = 0; i < CHAN_QUEUE_MAX; i++) {
		struct chan_msg *m = chan_dequeue_locked(b);
		CHECK(m != NULL);
		if (!m)
			break;
		CHECK_EQ(m->len, 1 + i);
		CHECK_EQ(chan_msg_copy_out(m, (uintptr_t)out, m->len), 0);
		CHECK_EQ(out[0], (uint8_t)i);
		CHECK_EQ(out[m->len - 1], (uint8_t)i);
		chan_msg_free(m);
	}
	CHECK(chan_dequeue_locked(b) == NULL);
	kobject_put(&a->obj);
	kobject_put(&b->obj);
	CHECK_EQ(pmm_free_pages(), frames);
}

TEST(chan_full_size_message_spans_pages)
{
	setup();
	struct chan_msg *m = msg(0x5a, CHAN_MSG_MAX);
	CHECK_EQ(m->npages, CHAN_MSG_PAGES);
	static uint8_t out[CHAN_MSG_MAX];
	CHECK_EQ(chan_msg_copy_out(m, (uintptr_t)out, CHAN_MSG_MAX), 0);
	CHECK_EQ(out[0], 0x5a);
	CHECK_EQ(out[CHAN_MSG_MAX - 1], 0x5a);
	CHECK_EQ(chan_msg_copy_out(m, 16, 8), ERR_FAULT); /* an "unmapped" user address */
	chan_msg_free(m);
}

TEST(chan_waiting_receiver_gets_the_buffer_by_swap)
{
	setup();
	struct chan_end *a, *b;
	CHECK_EQ(chan_create(&a, &b), 0);
	static struct thread rx, rx2;
	memset(&rx, 0, sizeof rx);
	rx.ipc_cap = 64;
	rx.ipc_hcap = 0;
	rx.ipc_msg = chan_msg_alloc();
	struct chan_msg *rx_old = rx.ipc_msg;
	chan_wait_add_locked(b, &rx);
	CHECK(rx.ipc_wait == b);

	struct chan_msg *m = msg(1, 8), *sent = m;
	CHECK(chan_deliver_locked(a, &m) == &rx);
	CHECK(rx.ipc_msg == sent);        /* the message, no copy */
	CHECK(m == rx_old);               /* the sender got the receiver's empty buffer */
	CHECK(rx.ipc_wait == NULL && b->waiters == NULL);
	CHECK_EQ(b->count, 0);

	/* Too big for the waiter: queued, and the waiter is woken to find it (and report it). */
	rx.ipc_cap = 4;
	chan_wait_add_locked(b, &rx);
	struct chan_msg *m2 = msg(2, 8);
	CHECK(chan_deliver_locked(a, &m2) == NULL);
	CHECK(last_woken == &rx && !last_delivered);
	CHECK_EQ(b->count, 1);
	chan_msg_free(chan_dequeue_locked(b));

	/* A waiter whose deadline passed is skipped, the next one served. */
	memset(&rx2, 0, sizeof rx2);
	rx2.ipc_cap = 64;
	rx.ipc_cap = 64;
	rx.timed_out = true;
	chan_wait_add_locked(b, &rx);
	chan_wait_add_locked(b, &rx2);
	struct chan_msg *m3 = msg(3, 8);
	CHECK(chan_deliver_locked(a, &m3) == &rx2);
	CHECK(rx.ipc_wait == NULL && b->waiters == NULL);
	chan_msg_free(m3);
	chan_msg_free(rx2.ipc_msg);
	chan_msg_free(rx.ipc_msg);
	chan_msg_free(m);
	kobject_put(&a->obj);
	kobject_put(&b->obj);
}

TEST(chan_close_reports_peer_closed_and_wakes_waiters)
{
	setup();
	struct chan_end *a, *b;
	CHECK_EQ(chan_create(&a, &b), 0);
	static struct thread rx;
	memset(&rx, 0, sizeof rx);
	chan_wait_add_locked(b, &rx);
	kobject_put(&a->obj);
	CHECK(last_woken == &rx && !last_delivered);
	CHECK(rx.ipc_wait == NULL);
	CHECK_EQ(chan_can_send_locked(b), ERR_PEER_CLOSED);
	kobject_put(&b->obj); /* frees the pair (ASan would catch a leak or a double free) */
}

TEST(chan_handles_move_all_or_nothing_and_close_drops_them)
{
	setup();
	struct handle_table t;
	handle_table_init(&t);
	struct tobj x, y;
	kobject_init(&x.obj, &tmem_ops);
	kobject_init(&y.obj, &tmem_ops);
	x.destroyed = y.destroyed = 0;
	handle_t hx = (handle_t)handle_install(&t, &x.obj, HANDLE_RIGHT_READ | HANDLE_RIGHT_GRANT);
	handle_t hy = (handle_t)handle_install(&t, &y.obj, HANDLE_RIGHT_READ); /* no GRANT */
	struct kobject *objs[CHAN_MSG_HANDLES];
	uint32_t rights[CHAN_MSG_HANDLES];

	handle_t both[2] = { hx, hy };
	CHECK_EQ(handle_take_n(&t, both, 2, objs, rights), ERR_ACCESS);
	CHECK_EQ(handle_count(&t), 2); /* nothing moved */
	handle_t twice[2] = { hx, hx };
	CHECK_EQ(handle_take_n(&t, twice, 2, objs, rights), ERR_INVAL);
	handle_t stale[2] = { hx, hx + (1u << HANDLE_INDEX_BITS) };
	CHECK_EQ(handle_take_n(&t, stale, 2, objs, rights), ERR_BADHANDLE);
	CHECK_EQ(handle_count(&t), 2);

	/* A message carrying x sits in a queue; closing the receiving end drops it. */
	struct chan_end *a, *b;
	CHECK_EQ(chan_create(&a, &b), 0);
	struct chan_msg *m = msg(9, 4);
	CHECK_EQ(handle_take_n(&t, &hx, 1, m->obj, m->rights), 0);
	m->nhandles = 1;
	CHECK_EQ(m->rights[0], HANDLE_RIGHT_READ | HANDLE_RIGHT_GRANT);
	CHECK_EQ(handle_count(&t), 1);
	CHECK(chan_deliver_locked(a, &m) == NULL);
	CHECK_EQ(x.destroyed, 0);
	kobject_put(&b->obj);
	CHECK_EQ(x.destroyed, 1); /* the queued message's reference was the last */
	CHECK_EQ(chan_can_send_locked(a), ERR_PEER_CLOSED);
	kobject_put(&a->obj);
	handle_table_destroy(&t);
	CHECK_EQ(y.destroyed, 1);
}
