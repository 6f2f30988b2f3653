/*
 * p9serve: the loop a 9P server program runs on a service's listening end: take connections
 * (svc_accept), and on each connection receive a request, answer it with lib/9p's p9_serve_one,
 * send the reply. Each connection is its own 9P session with its own fid table.
 *
 * Several connections without a multi-handle wait (the kernel has none yet): the loop polls every
 * connection (chan_recv with deadline 0); when nothing was pending it blocks for at most
 * P9SERVE_IDLE_NS on the connection that spoke last (so one busy client is served at once), then
 * polls the listener. A request on another connection waits up to that long. Replace with the
 * wait call when it exists.
 *
 * The loop returns when the service is gone (every client handle and mount released: the
 * listener reports "peer closed") and no connection is left, so servers exit with their users.
 */
#ifndef P9SERVE_H
#define P9SERVE_H

#include "sys_ipc.h"
#include <p9.h>

#define P9SERVE_MAX_CONN 8
#define P9SERVE_FIDS 32
#define P9SERVE_IDLE_NS 1000000ull

struct p9serve {
	const struct p9_ops *ops;
	/* The tree for a new session in slot i (bootfs: one shared; ramfs: a per-session view). */
	void *(*session)(void *ctx, unsigned slot);
	void *ctx;
	const char *name; /* for messages */
};

/* Serves until the service is gone; returns 0, or a negative error from the listener. */
long p9serve_run(const struct p9serve *s, handle_t listen);

#endif
