/*
 * p9serve: the loop a 9P server program runs on a service's listening end: take connections
 * (svc_accept), and on each connection receive a request, answer it with lib/9p's p9_serve_one,
 * send the reply. Each connection is its own 9P session with its own fid table.
 *
 * Several connections: the loop blocks in one obj_wait on the listener and every connection
 * (READABLE or PEER_CLOSED), so an idle server uses no CPU and a request on any connection is
 * served as soon as it arrives. Each round serves one request on every ready connection, then
 * takes one new connection, so no client can starve the others.
 *
 * The loop returns when the service is gone (every client handle and mount released: the
 * listener reports "peer closed") and no connection is left, so servers exit with their users.
 */
#ifndef P9SERVE_H
#define P9SERVE_H

#include "sys_ipc.h"
#include "sys_proc.h"
#include <p9.h>

#define P9SERVE_MAX_CONN 8
#define P9SERVE_FIDS 32

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
