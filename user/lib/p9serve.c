/* p9serve: accept / receive / p9_serve_one / send; see p9serve.h. */
#include "p9serve.h"
#include "sys_ns.h"
#include "ulib.h"

struct conn {
	handle_t ch; /* 0: the slot is free */
	struct p9_server srv;
	struct p9_fid fids[P9SERVE_FIDS];
};

static struct conn conns[P9SERVE_MAX_CONN];
static uint8_t in[CHAN_MSG_MAX], out[CHAN_MSG_MAX];

static void drop(struct conn *c)
{
	p9_server_reset(&c->srv); /* the client is gone: release its fids */
	sys_handle_close(c->ch);
	c->ch = 0;
}

/* One request from c, if there is one by deadline; true when one was served. */
static bool serve(struct conn *c, uint64_t deadline)
{
	struct chan_io io = { in, sizeof in, NULL, 0 };
	long n = sys_chan_recv(c->ch, &io, deadline);
	if (n == ERR_TIMEOUT)
		return false;
	if (n < 0) {
		/* Closed, or a message we cannot take (handles, too big): end the session. */
		drop(c);
		return false;
	}
	size_t len = p9_serve_one(&c->srv, in, (size_t)n, out, sizeof out);
	if (len) {
		struct chan_io r = { out, (uint32_t)len, NULL, 0 };
		if (sys_chan_send(c->ch, &r) < 0)
			drop(c);
	}
	return true;
}

/* Takes one waiting connection into a free slot (a full server closes it: the client sees its
 * channel close). Returns 0, ERR_PEER_CLOSED when the service is gone, or another error. */
static long accept_one(const struct p9serve *s, handle_t listen)
{
	long h = svc_accept(listen, 0);
	if (h == ERR_TIMEOUT)
		return 0;
	if (h < 0)
		return h;
	struct conn *c = NULL;
	for (unsigned i = 0; i < P9SERVE_MAX_CONN && !c; i++)
		if (!conns[i].ch)
			c = &conns[i];
	if (!c) {
		sys_handle_close((handle_t)h);
		return 0;
	}
	c->ch = (handle_t)h;
	p9_server_init(&c->srv, s->ops, s->session(s->ctx, (unsigned)(c - conns)), c->fids,
		       P9SERVE_FIDS, CHAN_MSG_MAX);
	return 0;
}

long p9serve_run(const struct p9serve *s, handle_t listen)
{
	_Static_assert(P9SERVE_MAX_CONN + 1 <= WAIT_ITEMS_MAX, "one wait covers every channel");
	bool listening = true;
	for (;;) {
		/* One wait on the listener and every connection; nothing runs until one is ready. */
		struct wait_item items[P9SERVE_MAX_CONN + 1];
		struct conn *who[P9SERVE_MAX_CONN + 1];
		unsigned n = 0;
		if (listening) {
			who[n] = NULL;
			items[n++] = (struct wait_item){ listen, WAIT_READABLE | WAIT_PEER_CLOSED, 0 };
		}
		for (unsigned i = 0; i < P9SERVE_MAX_CONN; i++) {
			if (!conns[i].ch)
				continue;
			who[n] = &conns[i];
			items[n++] = (struct wait_item){ conns[i].ch, WAIT_READABLE | WAIT_PEER_CLOSED, 0 };
		}
		if (n == 0)
			return 0; /* the service is gone and so is every client */
		long r = sys_obj_wait(items, n, CHAN_WAIT_FOREVER);
		if (r < 0) {
			printf("%s: wait: %s\n", s->name, err_str((int)r));
			return r;
		}
		/* Every ready connection gets one request served per round, then the listener. */
		for (unsigned i = 0; i < n; i++)
			if (who[i] && items[i].got)
				serve(who[i], 0); /* a closed one is dropped there */
		if (listening && items[0].got) {
			long e = accept_one(s, listen);
			if (e == ERR_PEER_CLOSED) {
				listening = false;
				sys_handle_close(listen);
			} else if (e < 0) {
				printf("%s: accept: %s\n", s->name, err_str((int)e));
				return e;
			}
		}
	}
}
