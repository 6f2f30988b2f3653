/* Services on the host: a connection is a fresh channel whose server end arrives at the listener
 * (queued, or handed straight to a waiting server), connections are bounded by the listener's
 * queue, each side learns when the other is gone, and a namespace mount keeps a service alive.
 * Also ns_inherit: a new process's namespace shared, copied or fresh. */
#include "test.h"
#include "kstubs.h"
#include <bootinfo.h>
#include <chan.h>
#include <err.h>
#include <ns.h>
#include <pmm.h>
#include <slab.h>
#include <string.h>
#include <svc.h>
#include <thread.h>

#define RAM_BASE 0x80000000ull
#define RAM_SIZE (8u << 20)

static struct thread *last_woken;
static bool last_delivered;

static void on_wake(struct thread *t, bool delivered)
{
	last_woken = t;
	last_delivered = delivered;
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
}

/* The server end carried by a connection request, checked to be the peer of client. */
static void check_request(struct chan_msg *m, struct chan_end *client)
{
	CHECK(m != NULL);
	if (!m)
		return;
	CHECK_EQ(m->len, 0);
	CHECK_EQ(m->nhandles, 1);
	CHECK_EQ(kobject_type(m->obj[0]), KOBJ_CHANNEL);
	CHECK(chan_peer(client) == (struct chan_end *)m->obj[0]);
	CHECK_EQ(m->rights[0], SVC_CHAN_RIGHTS);
}

TEST(svc_connect_queues_a_fresh_channel_per_client)
{
	setup();
	size_t frames = pmm_free_pages();
	struct svc *s;
	struct chan_end *listen, *c1, *c2;
	CHECK_EQ(svc_create(&s, &listen), 0);
	CHECK_EQ(kobject_type(&s->obj), KOBJ_SERVICE);
	CHECK_EQ(svc_connect(s, &c1), 0);
	CHECK_EQ(svc_connect(s, &c2), 0);
	CHECK(c1 != c2 && c1->chan != c2->chan);
	CHECK_EQ(listen->count, 2);
	struct chan_msg *m1 = chan_dequeue_locked(listen), *m2 = chan_dequeue_locked(listen);
	check_request(m1, c1); /* in the order they connected */
	check_request(m2, c2);
	/* The client's channel works: a message from the client reaches the server end. */
	struct chan_end *server1 = (struct chan_end *)m1->obj[0];
	struct chan_msg *hello = chan_msg_alloc();
	CHECK(chan_deliver_locked(c1, &hello) == NULL);
	CHECK_EQ(server1->count, 1);
	chan_msg_free(m1); /* drops server1: the client sees the session end */
	CHECK_EQ(chan_can_send_locked(c1), ERR_PEER_CLOSED);
	chan_msg_free(m2);
	kobject_put(&c1->obj);
	kobject_put(&c2->obj);
	kobject_put(&s->obj);
	kobject_put(&listen->obj);
	CHECK_EQ(pmm_free_pages(), frames);
}

TEST(svc_connect_hands_the_request_to_a_waiting_server)
{
	setup();
	struct svc *s;
	struct chan_end *listen, *c;
	CHECK_EQ(svc_create(&s, &listen), 0);
	static struct thread server;
	memset(&server, 0, sizeof server);
	server.ipc_cap = 16;
	server.ipc_hcap = 1;
	chan_wait_add_locked(listen, &server);
	CHECK_EQ(svc_connect(s, &c), 0);
	CHECK(last_woken == &server && last_delivered);
	CHECK_EQ(listen->count, 0);
	check_request(server.ipc_msg, c);
	chan_msg_free(server.ipc_msg);
	kobject_put(&c->obj);
	kobject_put(&s->obj);
	kobject_put(&listen->obj);
}

TEST(svc_lifetimes_peer_closed_both_ways_and_backlog_bounded)
{
	setup();
	size_t frames = pmm_free_pages();
	struct svc *s;
	struct chan_end *listen, *c;
	CHECK_EQ(svc_create(&s, &listen), 0);
	struct chan_end *conns[CHAN_QUEUE_MAX];
	for (unsigned i = 0; i < CHAN_QUEUE_MAX; i++)
		CHECK_EQ(svc_connect(s, &conns[i]), 0);
	CHECK_EQ(svc_connect(s, &c), ERR_FULL); /* nothing left behind: checked by the page count */
	for (unsigned i = 0; i < CHAN_QUEUE_MAX; i++) {
		chan_msg_free(chan_dequeue_locked(listen));
		kobject_put(&conns[i]->obj);
	}

	/* A namespace mount holds the service: dropping the creator's reference is not the end. */
	struct ns *ns;
	CHECK_EQ(ns_create(&ns), 0);
	CHECK_EQ(ns_mount(ns, "/", &s->obj, NULL, NS_REPLACE), 0);
	kobject_put(&s->obj);
	CHECK_EQ(chan_can_send_locked(listen), 0);
	/* ... the namespace going is: the listener's peer closes, which tells the server to exit. */
	ns_put(ns);
	CHECK(chan_peer(listen)->closed);
	kobject_put(&listen->obj);

	/* The other way: a service whose listener is gone refuses connections. */
	CHECK_EQ(svc_create(&s, &listen), 0);
	kobject_put(&listen->obj);
	CHECK_EQ(svc_connect(s, &c), ERR_PEER_CLOSED);
	kobject_put(&s->obj);
	CHECK_EQ(pmm_free_pages(), frames);
}

TEST(ns_inherit_shares_copies_or_starts_fresh)
{
	setup();
	struct svc *s;
	struct chan_end *listen;
	CHECK_EQ(svc_create(&s, &listen), 0);
	struct ns *parent, *shared, *copy, *fresh;
	CHECK_EQ(ns_inherit(NULL, false, &parent), 0);
	CHECK_EQ(ns_mount(parent, "/", &s->obj, NULL, NS_REPLACE), 0);
	CHECK_EQ(ns_inherit(parent, false, &shared), 0);
	CHECK(shared == parent);
	CHECK_EQ(ns_inherit(parent, true, &copy), 0);
	CHECK(copy != parent);
	CHECK_EQ(ns_inherit(NULL, true, &fresh), 0);

	/* A mount in the copy stays there; one through the shared reference is the parent's. */
	CHECK_EQ(ns_mount(copy, "/n/c", &s->obj, NULL, NS_REPLACE), 0);
	CHECK_EQ(ns_mount(shared, "/n/s", &s->obj, NULL, NS_REPLACE), 0);
	static struct ns_target t[NS_UNION_MAX];
	char rest[NS_PATH_MAX];
	unsigned n;
	CHECK_EQ(ns_resolve(parent, "/n/c", t, &n, rest), 0);
	CHECK(strcmp(rest, "n/c") == 0); /* only / covers it in the parent */
	ns_targets_put(t, n);
	CHECK_EQ(ns_resolve(copy, "/n/s", t, &n, rest), 0);
	CHECK(strcmp(rest, "n/s") == 0);
	ns_targets_put(t, n);
	CHECK_EQ(ns_resolve(parent, "/n/s", t, &n, rest), 0);
	CHECK(strcmp(rest, "") == 0);
	ns_targets_put(t, n);
	CHECK_EQ(ns_resolve(fresh, "/", t, &n, rest), ERR_NOENT);

	ns_put(shared);
	ns_put(parent);
	ns_put(copy);
	ns_put(fresh);
	CHECK_EQ(kobject_refcount(&s->obj), 1);
	kobject_put(&s->obj);
	kobject_put(&listen->obj);
}
