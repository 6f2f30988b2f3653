/*
 * ipctest: the end-to-end test of channels (system test `ipc`, run as init=ipctest). It spawns
 * ipcpong with one end of a channel and checks, printing one line per claim: handle moves at
 * spawn and in messages, calls answered in order, a full-size message, deadlines (poll and
 * timeout), refusals of bad pointers, bad handles, missing rights and oversized messages, the
 * priority of a call served across IPC while a medium-priority thread is busy, and the error a
 * receiver gets once the peer has exited.
 */
#include "../lib/sys_dev.h"
#include "../lib/sys_ipc.h"
#include "../lib/ulib.h"
#include <mem.h>

#define MS 1000000ull

static unsigned failures;
static uint8_t big[CHAN_MSG_MAX], back[CHAN_MSG_MAX];

static void check(int ok, const char *what)
{
	printf("ipctest: %s ... %s\n", what, ok ? "ok" : "FAILED");
	if (!ok)
		failures++;
}

static const char *res(long r)
{
	return r < 0 ? err_str((int)r) : "accepted";
}

static long call(handle_t ch, const void *data, uint32_t len, handle_t *hs, uint32_t nh,
		 void *rbuf, uint32_t rcap, handle_t *rhs, uint32_t *rnh)
{
	struct chan_io s = { (void *)data, len, hs, nh };
	struct chan_io r = { rbuf, rcap, rhs, rnh ? *rnh : 0 };
	long n = sys_chan_call(ch, &s, &r, CHAN_WAIT_FOREVER);
	if (rnh)
		*rnh = r.nhandles;
	return n;
}

static long send(handle_t ch, const void *data, uint32_t len)
{
	struct chan_io io = { (void *)data, len, NULL, 0 };
	return sys_chan_send(ch, &io);
}

static long recv(handle_t ch, void *buf, uint32_t cap, uint64_t deadline)
{
	struct chan_io io = { buf, cap, NULL, 0 };
	return sys_chan_recv(ch, &io, deadline);
}

int main(void)
{
	handle_t c[2], d[2];
	char text[64];
	check(sys_chan_create(c) == 0 && c[0] != c[1], "channel created");
	long pid = sys_proc_spawn("ipcpong", &c[1], 1, 5);
	check(pid > 0, "ipcpong spawned with one end of it");
	check(sys_handle_close(c[1]) == ERR_BADHANDLE, "the moved end is gone from our table");
	sys_sleep_until(sys_clock() + 1 * MS); /* ipcpong starts and waits in chan_recv */

	/* A handle through the server and back: it arrives under a new value and still works. */
	check(sys_chan_create(d) == 0, "second channel created");
	handle_t h = d[1], got[CHAN_MSG_HANDLES];
	uint32_t ngot = CHAN_MSG_HANDLES;
	long r = call(c[0], "ping", 4, &h, 1, text, sizeof text, got, &ngot);
	check(r == 4 && memcmp(text, "ping", 4) == 0 && ngot == 1, "call with a handle: reply ping with 1 handle");
	check(sys_handle_close(d[1]) == ERR_BADHANDLE, "the sent handle left our table");
	if (ngot == 1) {
		send(d[0], "through", 7);
		r = recv(got[0], text, sizeof text, 0);
		check(r == 7 && memcmp(text, "through", 7) == 0, "the handle came back and carries messages");
		h = got[0];
	}

	/* Many calls, each answered with its own sequence number. */
	unsigned in_order = 0;
	for (unsigned i = 0; i < 100; i++) {
		uint32_t seq = i * 7919u, echo = 0;
		if (call(c[0], &seq, sizeof seq, NULL, 0, &echo, sizeof echo, NULL, NULL) == 4 &&
		    echo == seq)
			in_order++;
	}
	printf("ipctest: %u of 100 calls answered in order\n", in_order);
	check(in_order == 100, "100 calls answered in order");

	for (unsigned i = 0; i < sizeof big; i++)
		big[i] = (uint8_t)(i * 31 + 7);
	r = call(c[0], big, sizeof big, NULL, 0, back, sizeof back, NULL, NULL);
	check(r == CHAN_MSG_MAX && memcmp(big, back, sizeof big) == 0, "a full 8216-byte message round trip");

	/* Deadlines. */
	r = recv(d[0], text, sizeof text, 0);
	printf("ipctest: poll of an empty channel: %s\n", res(r));
	uint64_t t0 = sys_clock();
	r = recv(d[0], text, sizeof text, t0 + 5 * MS);
	uint64_t waited = sys_clock() - t0;
	printf("ipctest: receive with a 5 ms deadline: %s\n", res(r));
	check(r == ERR_TIMEOUT && waited >= 5 * MS, "the deadline expired after at least 5 ms");

	/* Refusals: each is an error code, the kernel carries on. */
	struct chan_io bad = { (void *)16, 8, NULL, 0 };
	printf("ipctest: send from an unmapped address: %s\n", res(sys_chan_send(c[0], &bad)));
	printf("ipctest: send through an unmapped chan_io: %s\n",
	       res(sys_chan_send(c[0], (const struct chan_io *)16)));
	printf("ipctest: send on a bad handle: %s\n", res(send(12345, "x", 1)));
	long ro = sys_handle_dup(c[0], RIGHT_READ);
	printf("ipctest: send on a read-only duplicate: %s\n", res(send((handle_t)ro, "x", 1)));
	printf("ipctest: duplicate with more rights: %s\n",
	       res(sys_handle_dup((handle_t)ro, RIGHT_READ | RIGHT_WRITE)));
	/* chan_reply_recv's refusals (ipcpong proves the call itself on every request above). */
	struct chan_io one = { "x", 1, NULL, 0 }, into = { text, sizeof text, NULL, 0 };
	printf("ipctest: reply_recv on a bad handle: %s\n",
	       res(sys_chan_reply_recv(12345, &one, &into, 0)));
	long mem = sys_mem_create(4096);
	printf("ipctest: reply_recv on a Mem handle: %s\n",
	       res(sys_chan_reply_recv((handle_t)mem, &one, &into, 0)));
	sys_handle_close((handle_t)mem);
	printf("ipctest: reply_recv on a read-only duplicate: %s\n",
	       res(sys_chan_reply_recv((handle_t)ro, &one, &into, 0)));
	printf("ipctest: reply_recv through an unmapped chan_io: %s\n",
	       res(sys_chan_reply_recv(c[0], &one, (struct chan_io *)16, 0)));
	struct chan_io huge = { big, CHAN_MSG_MAX + 1, NULL, 0 };
	printf("ipctest: send of %u bytes: %s\n", CHAN_MSG_MAX + 1, res(sys_chan_send(c[0], &huge)));
	handle_t twice[2] = { h, h };
	struct chan_io dup = { "x", 1, twice, 2 };
	printf("ipctest: the same handle moved twice in one message: %s\n",
	       res(sys_chan_send(c[0], &dup)));
	send(d[0], big, 100);
	printf("ipctest: receive of 100 bytes into 10: %s\n", res(recv(h, text, 10, 0)));
	r = recv(h, big, sizeof big, 0);
	check(r == 100, "the message stayed queued and arrives whole");
	printf("ipctest: receive into an unmapped buffer: %s\n",
	       res((send(d[0], "y", 1), recv(h, (void *)16, 8, 0))));
	printf("ipctest: spawn of a missing program: %s\n", res(sys_proc_spawn("nosuch", NULL, 0, 0)));
	printf("ipctest: spawn more urgent than ourselves: %s\n",
	       res(sys_proc_spawn("ipcpong", NULL, 0, 60)));
	sys_handle_close((handle_t)ro);

	/*
	 * Priority across IPC. ipcpong runs at 5, ipcbusy at 10 computes for 50 ms, we are at 20.
	 * Our call makes ipcpong compute for 20 ms: served at our priority it finishes before
	 * ipcbusy, which cannot run meanwhile; at its own priority ipcbusy would run first.
	 */
	handle_t e[2];
	sys_chan_create(e);
	sys_sleep_until(sys_clock() + 1 * MS); /* ipcpong is back in chan_recv */
	sys_proc_spawn("ipcbusy", &e[1], 1, 10);
	r = call(c[0], "spin 20", 7, NULL, 0, text, sizeof text, NULL, NULL);
	long busy = recv(e[0], text, sizeof text, 0);
	const char *order = busy == ERR_TIMEOUT ? "call busy" : "busy call";
	r = recv(e[0], text, sizeof text, CHAN_WAIT_FOREVER);
	printf("ipctest: finish order: %s\n", order);
	check(busy == ERR_TIMEOUT && r == 4, "the high-priority call was served before the medium-priority thread finished");

	/* The server exits: the channel reports it, no hang. */
	send(c[0], "quit", 4);
	r = recv(c[0], text, sizeof text, CHAN_WAIT_FOREVER);
	printf("ipctest: receive after ipcpong exited: %s\n", res(r));
	printf("ipctest: send after ipcpong exited: %s\n", res(send(c[0], "x", 1)));
	printf("ipctest: %s\n", failures ? "FAILED" : "done");
	return failures ? 1 : 0;
}
