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

long p9serve_run(const struct p9serve *s, handle_t listen)
{
	struct conn *last = NULL;
	bool listening = true;
	for (;;) {
		bool busy = false;
		unsigned open = 0;
		for (unsigned i = 0; i < P9SERVE_MAX_CONN; i++) {
			if (conns[i].ch && serve(&conns[i], 0)) {
				busy = true;
				last = &conns[i];
			}
			open += conns[i].ch != 0;
		}
		if (!listening) {
			if (!open)
				return 0;
		} else {
			uint64_t deadline = open ? 0 : CHAN_WAIT_FOREVER;
			long h = svc_accept(listen, deadline);
			if (h == ERR_PEER_CLOSED) {
				listening = false;
				sys_handle_close(listen);
				continue;
			}
			if (h > 0) {
				struct conn *c = NULL;
				for (unsigned i = 0; i < P9SERVE_MAX_CONN && !c; i++)
					if (!conns[i].ch)
						c = &conns[i];
				if (!c) {
					/* Full: the client sees its channel close. */
					sys_handle_close((handle_t)h);
				} else {
					c->ch = (handle_t)h;
					p9_server_init(&c->srv, s->ops, s->session(s->ctx, (unsigned)(c - conns)),
						       c->fids, P9SERVE_FIDS, CHAN_MSG_MAX);
					last = c;
				}
				busy = true;
			} else if (h < 0 && h != ERR_TIMEOUT) {
				printf("%s: accept: %s\n", s->name, err_str((int)h));
				return h;
			}
		}
		if (!busy && open) {
			/* Idle: wait a little on whoever spoke last, a likely next caller. */
			if (last && last->ch) {
				if (serve(last, sys_clock() + P9SERVE_IDLE_NS))
					continue;
			} else {
				sys_sleep_until(sys_clock() + P9SERVE_IDLE_NS);
			}
		}
	}
}
