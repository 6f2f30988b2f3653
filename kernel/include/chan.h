/*
 * chan: the Channel kernel object. A channel is a pair of endpoints (struct chan_end, each its own
 * kobject, so each side is closed by dropping its last reference); a message sent on one end is
 * queued on, and received from, the other. This file owns the endpoints, their message queues and
 * their lists of waiting receivers, and message buffers (bytes plus moved handles). It does not
 * block or wake threads itself: ipc.c does that with the scheduler, and tells this file through
 * chan_wake_waiter_locked (ipc.c; a stub in host tests).
 *
 * Message storage: a struct chan_msg header (slab) plus whole pages for the bytes, added as a
 * message grows (a buffer keeps its pages when reused). Every thread that does IPC owns one buffer
 * (thread->ipc_msg): a sender fills its own buffer from user memory, and when a receiver is
 * already waiting the two threads swap buffers, so a direct delivery copies the bytes once in and
 * once out and allocates nothing. Only a message that has to wait in a queue costs an allocation
 * (the sender gets a fresh buffer next time).
 *
 * Locking: the scheduler lock (sched.h) covers every end's queue, waiter list and closed flag:
 * every operation that changes them also wakes or blocks a thread under that lock anyway, so the
 * fast path takes one lock. Message contents are not under any lock: a buffer belongs to exactly
 * one thread or one queue at a time, and only its owner touches it. Nothing here calls
 * kobject_put or frees memory with the lock held (destroy hooks take the scheduler lock).
 */
#ifndef CHAN_H
#define CHAN_H

#include <ferrite/syscall.h>
#include <kobject.h>
#include <sched_entity.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Messages waiting on one end, at most; a send beyond that is ERR_FULL. */
#define CHAN_QUEUE_MAX 64
#define CHAN_MSG_PAGES ((CHAN_MSG_MAX + 4095) / 4096)

struct thread;

struct chan_msg {
	struct chan_msg *next;       /* in an end's queue */
	uint32_t len;                /* bytes in use */
	uint32_t nhandles;           /* obj[0..nhandles) hold a reference each */
	bool call;                   /* sent by chan_call: the receiver owes a reply */
	struct sched_params caller;  /* call: the caller's effective parameters, lent to the server */
	struct kobject *obj[CHAN_MSG_HANDLES];
	uint32_t rights[CHAN_MSG_HANDLES];
	unsigned npages;             /* pages allocated, page[0..npages) */
	uint8_t *page[CHAN_MSG_PAGES];
};

struct chan;

struct chan_end {
	struct kobject obj;
	struct chan *chan;
	unsigned side;               /* 0 or 1: chan->end[side] */
	/* Under sched_lock: */
	struct chan_msg *head, *tail; /* messages waiting to be received here, oldest first */
	unsigned count;
	struct thread *waiters;      /* threads blocked receiving here, FIFO through ipc_next */
	bool closed;                 /* its last reference is gone */
};

struct chan {
	struct chan_end end[2];
	unsigned open_ends;          /* under sched_lock; the pair is freed when it reaches 0 */
};

/* A new channel: *a and *b each carry the creator's one reference. 0 or ERR_NOMEM. */
int chan_create(struct chan_end **a, struct chan_end **b);

static inline struct chan_end *chan_peer(struct chan_end *e)
{
	return &e->chan->end[e->side ^ 1];
}

/* An empty message buffer (no pages yet), or NULL. */
struct chan_msg *chan_msg_alloc(void);
/* Makes room for len bytes (<= CHAN_MSG_MAX). 0 or ERR_NOMEM (keeps what it had). */
int chan_msg_reserve(struct chan_msg *m, size_t len);
/* Drops the message's handles (their references) and frees it. NULL is ignored. No lock held. */
void chan_msg_free(struct chan_msg *m);
/* Drops the handles only; the buffer stays usable. No lock held. */
void chan_msg_drop_handles(struct chan_msg *m);
/* Copy len bytes between the message and the current user space; 0 or ERR_FAULT. The message
 * must have room (reserve first). */
int chan_msg_copy_in(struct chan_msg *m, uintptr_t user_src, size_t len);
int chan_msg_copy_out(const struct chan_msg *m, uintptr_t user_dst, size_t len);

/* Whether a message can be sent from e now: 0, ERR_PEER_CLOSED, or ERR_FULL (peer's queue). */
int chan_can_send_locked(struct chan_end *e);
/*
 * Delivers *mp (checked with chan_can_send_locked under the same hold of the lock) to e's peer.
 * When a receiver waits there and the message fits its buffer, the two buffers swap: the waiter's
 * ipc_msg becomes the message, *mp becomes the waiter's old buffer (maybe NULL), and the waiter is
 * returned for the caller to wake (it is already off the list). Otherwise the message is queued,
 * *mp becomes NULL, the first waiter (if any, its buffer too small) is woken to look at the queue,
 * and NULL is returned.
 */
struct thread *chan_deliver_locked(struct chan_end *e, struct chan_msg **mp);
/* The oldest message queued on e, left there, or NULL. */
static inline struct chan_msg *chan_peek_locked(struct chan_end *e)
{
	return e->head;
}
/* Removes and returns the oldest message queued on e (NULL if none). */
struct chan_msg *chan_dequeue_locked(struct chan_end *e);
/* Waiter list: t waits to receive on e (t->ipc_wait = e), or stops waiting. */
void chan_wait_add_locked(struct chan_end *e, struct thread *t);
void chan_wait_remove_locked(struct chan_end *e, struct thread *t);

/* ipc.c: wakes t, which waited on an end; delivered says its ipc_msg holds a message for it,
 * otherwise it looks again (queue, peer closed). Caller holds sched_lock; t is off the list. */
void chan_wake_waiter_locked(struct thread *t, bool delivered);

#endif
