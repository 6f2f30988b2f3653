/*
 * svc: the Service kernel object (KOBJ_SERVICE), which works like a listening socket. A server
 * holds the listening end; clients (directly, or through a namespace mount) hold the service.
 * Connecting makes a fresh channel and queues its server end to the listener, so every client
 * gets a channel of its own, and with it its own 9P session (fids and tags), without the kernel
 * multiplexing or parsing anything.
 *
 * Built from a channel rather than beside it: the listening end is an ordinary channel end, and a
 * connection request is a zero-byte message on it carrying one handle, the new channel's server
 * end. So accepting is chan_recv (with its deadlines, its queue limit of CHAN_QUEUE_MAX pending
 * connections, and whatever multi-handle wait channels get later), and the lifetimes come for
 * free: when the last reference to the service goes (every client handle closed, every mount
 * gone), the listener reports "peer closed", which is how a server learns it may exit; when the
 * listener goes, connecting reports "peer closed".
 *
 * Locking: the service itself is immutable after creation; queueing uses the channel layer's
 * rules (sched_lock around the queue, no kobject_put under it).
 */
#ifndef SVC_H
#define SVC_H

#include <chan.h>
#include <handle.h>
#include <kobject.h>

/* Rights of the handles the service calls install. Channel ends get what chan_create's do. */
#define SVC_CHAN_RIGHTS                                                                      \
	(HANDLE_RIGHT_READ | HANDLE_RIGHT_WRITE | HANDLE_RIGHT_GRANT | HANDLE_RIGHT_DUPLICATE | \
	 HANDLE_RIGHT_WAIT)
/* The listening end: receive connections only; sending on it would reach nobody. */
#define SVC_LISTEN_RIGHTS \
	(HANDLE_RIGHT_READ | HANDLE_RIGHT_GRANT | HANDLE_RIGHT_DUPLICATE | HANDLE_RIGHT_WAIT)
/* The service: READ allows connecting and mounting. */
#define SVC_RIGHTS (HANDLE_RIGHT_READ | HANDLE_RIGHT_GRANT | HANDLE_RIGHT_DUPLICATE)

struct svc {
	struct kobject obj;
	struct chan_end *tx; /* the sending end of the listener's channel; one reference */
};

/* A new service and its listening end, each with the caller's one reference. 0 or ERR_NOMEM. */
int svc_create(struct svc **svc, struct chan_end **listen);

/*
 * A new channel whose other end has been queued to the service's listener (or handed straight to
 * a server waiting in chan_recv there). *client carries the caller's reference. Errors:
 * ERR_PEER_CLOSED (the listener is gone), ERR_FULL (CHAN_QUEUE_MAX connections not yet accepted),
 * ERR_NOMEM; nothing is left behind.
 */
int svc_connect(struct svc *svc, struct chan_end **client);

#endif
