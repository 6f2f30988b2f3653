/*
 * The handle and channel system calls; see ipc.h and docs/ipc.md.
 *
 * Lock order: sched_lock, then a handle table's lock (handle_take_n runs under sched_lock on the
 * send path). Both are spinlocks. Copies to and from user memory, handle installs (which may
 * allocate) and kobject_put (which may run a destroy hook taking sched_lock) happen with no lock
 * held: the thread works on its own message buffer, which nobody else touches.
 *
 * The call/reply fast path, chan_call on an end whose server thread already waits in chan_recv:
 * one copy of the request from user memory into the caller's buffer, then under sched_lock the
 * handles move, the buffers swap (no allocation), the caller's parameters are lent to the server
 * and the CPU goes straight to the server (sched_block_locked with a handoff); the server copies
 * the request out in its own space. The reply takes the same road back, ending the loan.
 */
#include <ipc.h>
#include <chan.h>
#include <err.h>
#include <ferrite/syscall.h>
#include <hal.h>
#include <handle.h>
#include <mem.h>
#include <pi.h>
#include <process.h>
#include <sched.h>
#include <stddef.h>

_Static_assert(RIGHT_READ == HANDLE_RIGHT_READ && RIGHT_WRITE == HANDLE_RIGHT_WRITE &&
		       RIGHT_EXECUTE == HANDLE_RIGHT_EXECUTE && RIGHT_MAP == HANDLE_RIGHT_MAP &&
		       RIGHT_GRANT == HANDLE_RIGHT_GRANT && RIGHT_DUPLICATE == HANDLE_RIGHT_DUPLICATE &&
		       RIGHT_WAIT == HANDLE_RIGHT_WAIT && RIGHT_SIGNAL == HANDLE_RIGHT_SIGNAL &&
		       RIGHT_MANAGE == HANDLE_RIGHT_MANAGE,
	       "the user rights bits are the kernel's");
_Static_assert(sizeof(handle_t) == sizeof(uint32_t), "handles travel as uint32");

/* What a new channel end's handle may do. */
#define CHAN_RIGHTS                                                                          \
	(HANDLE_RIGHT_READ | HANDLE_RIGHT_WRITE | HANDLE_RIGHT_GRANT | HANDLE_RIGHT_DUPLICATE | \
	 HANDLE_RIGHT_WAIT)

/* A handle argument: a register wider than a handle cannot name one. */
static int get_end(uintptr_t h, uint32_t rights, struct chan_end **out)
{
	if (h > UINT32_MAX)
		return ERR_BADHANDLE;
	struct kobject *obj;
	int e = handle_get(process_handles(), (handle_t)h, KOBJ_CHANNEL, rights, &obj);
	if (!e)
		*out = (struct chan_end *)obj;
	return e;
}

intptr_t sys_handle_close(uintptr_t h)
{
	if (h > UINT32_MAX)
		return ERR_BADHANDLE;
	return handle_close(process_handles(), (handle_t)h);
}

intptr_t sys_handle_dup(uintptr_t h, uintptr_t rights)
{
	if (h > UINT32_MAX)
		return ERR_BADHANDLE;
	if (rights > UINT32_MAX)
		return ERR_INVAL;
	return handle_duplicate(process_handles(), (handle_t)h, (uint32_t)rights);
}

intptr_t sys_chan_create(uintptr_t out)
{
	struct chan_end *a, *b;
	int e = chan_create(&a, &b);
	if (e)
		return e;
	int ha = handle_install(process_handles(), &a->obj, CHAN_RIGHTS);
	if (ha < 0) {
		kobject_put(&a->obj);
		kobject_put(&b->obj);
		return ha;
	}
	int hb = handle_install(process_handles(), &b->obj, CHAN_RIGHTS);
	if (hb < 0) {
		handle_close(process_handles(), (handle_t)ha);
		kobject_put(&b->obj);
		return hb;
	}
	uint32_t hs[2] = { (uint32_t)ha, (uint32_t)hb };
	if (hal_copy_to_user(out, hs, sizeof hs) != 0) {
		handle_close(process_handles(), (handle_t)ha);
		handle_close(process_handles(), (handle_t)hb);
		return ERR_FAULT;
	}
	return 0;
}

/* Fills the current thread's own buffer with the message io describes (no lock needed: the
 * buffer is the thread's) and reads the handle values to move into hs. */
static int prepare_send(struct thread *cur, const struct chan_io *io, handle_t *hs)
{
	if (io->len > CHAN_MSG_MAX || io->nhandles > CHAN_MSG_HANDLES)
		return ERR_INVAL;
	if (io->nhandles &&
	    hal_copy_from_user(hs, (uintptr_t)io->handles, io->nhandles * sizeof *hs) != 0)
		return ERR_FAULT;
	if (!cur->ipc_msg && !(cur->ipc_msg = chan_msg_alloc()))
		return ERR_NOMEM;
	struct chan_msg *m = cur->ipc_msg;
	if (chan_msg_reserve(m, io->len) != 0)
		return ERR_NOMEM;
	if (chan_msg_copy_in(m, (uintptr_t)io->data, io->len) != 0)
		return ERR_FAULT;
	m->len = io->len;
	m->nhandles = 0;
	return 0;
}

/* The server t now serves a call that came in on its end koid: it runs at least as urgently as
 * the caller until its next send on that end. */
static void lend_locked(struct thread *t, uint64_t koid, struct sched_params caller)
{
	t->ipc_owes = koid;
	pi_set_loan(&t->se, &caller);
}

/*
 * Sends the prepared message on e: moves the handles (all or none), ends a loan if this is the
 * reply to a call, and delivers. *woken is a receiver that got the message directly, for the
 * caller to wake or switch to. Caller holds sched_lock.
 */
static int send_locked(struct thread *cur, struct chan_end *e, const handle_t *hs, unsigned n,
		       bool call, struct thread **woken)
{
	*woken = NULL;
	int err = chan_can_send_locked(e);
	if (err)
		return err;
	struct chan_msg *m = cur->ipc_msg;
	if (n) {
		err = handle_take_n(process_handles(), hs, n, m->obj, m->rights);
		if (err)
			return err;
		m->nhandles = n;
	}
	m->call = call;
	m->caller = cur->se.eff;
	if (cur->ipc_owes == e->obj.koid) {
		cur->ipc_owes = 0;
		pi_set_loan(&cur->se, NULL);
	}
	struct thread *w = chan_deliver_locked(e, &cur->ipc_msg);
	if (w) {
		w->ipc_delivered = true;
		if (call)
			lend_locked(w, chan_peer(e)->obj.koid, m->caller);
		*woken = w;
	}
	return 0;
}

void chan_wake_waiter_locked(struct thread *t, bool delivered)
{
	t->ipc_delivered = delivered;
	sched_unblock_locked(t);
}

/*
 * Waits for a message on e, taking a queued one first. On 0 the message is *queued (dequeued;
 * the caller frees it) or, when *queued is NULL, the thread's own ipc_msg. handoff (a server just
 * given a call) is woken on every path, and switched to directly when this thread blocks. Caller
 * holds sched_lock; it may be released and retaken while blocked.
 */
static int wait_locked(struct thread *cur, struct chan_end *e, uint32_t cap, uint32_t hcap,
		       uint64_t deadline, struct thread *handoff, struct chan_msg **queued)
{
	*queued = NULL;
	int err;
	for (;;) {
		struct chan_msg *m = chan_peek_locked(e);
		if (m) {
			if (m->len > cap || m->nhandles > hcap) {
				err = ERR_TOOBIG;
				break;
			}
			chan_dequeue_locked(e);
			if (m->call)
				lend_locked(cur, e->obj.koid, m->caller);
			*queued = m;
			err = 0;
			break;
		}
		if (chan_peer(e)->closed) {
			err = ERR_PEER_CLOSED;
			break;
		}
		if (deadline == 0) {
			err = ERR_TIMEOUT;
			break;
		}
		cur->ipc_cap = cap;
		cur->ipc_hcap = hcap;
		cur->ipc_delivered = false;
		chan_wait_add_locked(e, cur);
		bool timed_out = sched_block_locked(deadline, handoff);
		handoff = NULL; /* woken or switched to by sched_block_locked */
		if (cur->ipc_wait)
			chan_wait_remove_locked(e, cur);
		if (cur->ipc_delivered) {
			cur->ipc_delivered = false;
			return 0;
		}
		if (timed_out)
			return ERR_TIMEOUT;
		/* Woken to look again: a message too big to hand over directly, or the peer closed. */
	}
	if (handoff)
		sched_unblock_locked(handoff);
	return err;
}

/*
 * Gives the received message m to the user: bytes to io->data, handles installed in the table and
 * their values to io->handles, then the sizes back into *io at user address uio. Consumes m's
 * handles in every case (on failure they are closed). Returns the byte count or an error.
 */
static intptr_t copy_out(struct chan_msg *m, struct chan_io *io, uintptr_t uio)
{
	unsigned n = m->nhandles, installed = 0;
	uint32_t hs[CHAN_MSG_HANDLES];
	int err = chan_msg_copy_out(m, (uintptr_t)io->data, m->len);
	while (!err && installed < n) {
		int h = handle_install(process_handles(), m->obj[installed], m->rights[installed]);
		if (h < 0)
			err = h;
		else
			hs[installed++] = (uint32_t)h;
	}
	if (!err) {
		io->len = m->len;
		io->nhandles = n;
		if ((n && hal_copy_to_user((uintptr_t)io->handles, hs, n * sizeof *hs) != 0) ||
		    hal_copy_to_user(uio, io, sizeof *io) != 0)
			err = ERR_FAULT;
	}
	if (err) {
		/* Closed, not left half-delivered: installed ones through the table (which owns
		 * their references now), the rest by dropping the message's references. */
		for (unsigned i = 0; i < installed; i++)
			handle_close(process_handles(), hs[i]);
		for (unsigned i = installed; i < n; i++)
			kobject_put(m->obj[i]);
	}
	for (unsigned i = 0; i < n; i++)
		m->obj[i] = NULL;
	m->nhandles = 0;
	return err ? err : (intptr_t)m->len;
}

/* The receive capacities a chan_io asks for, clamped to what a message can carry. */
static void capacities(const struct chan_io *io, uint32_t *cap, uint32_t *hcap)
{
	*cap = io->len < CHAN_MSG_MAX ? io->len : CHAN_MSG_MAX;
	*hcap = io->nhandles < CHAN_MSG_HANDLES ? io->nhandles : CHAN_MSG_HANDLES;
}

/* After wait_locked succeeded (sched_lock released): hands the message to the user and frees a
 * message that came from a queue. */
static intptr_t finish_receive(struct thread *cur, struct chan_msg *queued, struct chan_io *io,
			       uintptr_t uio)
{
	if (!queued)
		return copy_out(cur->ipc_msg, io, uio);
	intptr_t r = copy_out(queued, io, uio);
	chan_msg_free(queued);
	return r;
}

intptr_t sys_chan_send(uintptr_t h, uintptr_t uio)
{
	struct thread *cur = thread_current();
	struct chan_io io;
	if (hal_copy_from_user(&io, uio, sizeof io) != 0)
		return ERR_FAULT;
	struct chan_end *e;
	int err = get_end(h, HANDLE_RIGHT_WRITE, &e);
	if (err)
		return err;
	handle_t hs[CHAN_MSG_HANDLES];
	err = prepare_send(cur, &io, hs);
	if (!err) {
		bool irq = spin_lock_irqsave(&sched_lock);
		struct thread *woken;
		err = send_locked(cur, e, hs, io.nhandles, false, &woken);
		if (woken) {
			sched_unblock_locked(woken);
			/* A reply: the caller is now more urgent than this server, whose loan
			 * just ended, and runs at once. */
			sched_maybe_switch_locked();
		}
		spin_unlock_irqrestore(&sched_lock, irq);
	}
	kobject_put(&e->obj);
	return err;
}

intptr_t sys_chan_recv(uintptr_t h, uintptr_t uio, uint64_t deadline)
{
	struct thread *cur = thread_current();
	struct chan_io io;
	if (hal_copy_from_user(&io, uio, sizeof io) != 0)
		return ERR_FAULT;
	struct chan_end *e;
	int err = get_end(h, HANDLE_RIGHT_READ, &e);
	if (err)
		return err;
	uint32_t cap, hcap;
	capacities(&io, &cap, &hcap);
	struct chan_msg *queued;
	bool irq = spin_lock_irqsave(&sched_lock);
	err = wait_locked(cur, e, cap, hcap, deadline, NULL, &queued);
	spin_unlock_irqrestore(&sched_lock, irq);
	intptr_t r = err ? err : finish_receive(cur, queued, &io, uio);
	kobject_put(&e->obj);
	return r;
}

/*
 * A send and then a receive on the same end h, under one hold of sched_lock: chan_call when call
 * (the server gets the caller's loan), chan_reply_recv when not (a server's reply, ending its own
 * loan, and its wait for the next request). A thread the send delivered to directly is switched
 * to as this one blocks; errors of the send come back before anything is received.
 */
static intptr_t send_then_wait(uintptr_t h, uintptr_t usend, uintptr_t urecv, uint64_t deadline,
			       bool call)
{
	struct thread *cur = thread_current();
	struct chan_io sio, rio;
	if (hal_copy_from_user(&sio, usend, sizeof sio) != 0 ||
	    hal_copy_from_user(&rio, urecv, sizeof rio) != 0)
		return ERR_FAULT;
	struct chan_end *e;
	int err = get_end(h, HANDLE_RIGHT_READ | HANDLE_RIGHT_WRITE, &e);
	if (err)
		return err;
	handle_t hs[CHAN_MSG_HANDLES];
	err = prepare_send(cur, &sio, hs);
	intptr_t r = err;
	if (!err) {
		uint32_t cap, hcap;
		capacities(&rio, &cap, &hcap);
		struct chan_msg *queued = NULL;
		bool irq = spin_lock_irqsave(&sched_lock);
		struct thread *peer;
		err = send_locked(cur, e, hs, sio.nhandles, call, &peer);
		if (!err)
			err = wait_locked(cur, e, cap, hcap, deadline, peer, &queued);
		sched_maybe_switch_locked(); /* in case the peer was only woken, not run */
		spin_unlock_irqrestore(&sched_lock, irq);
		r = err ? err : finish_receive(cur, queued, &rio, urecv);
	}
	kobject_put(&e->obj);
	return r;
}

intptr_t sys_chan_call(uintptr_t h, uintptr_t usend, uintptr_t urecv, uint64_t deadline)
{
	return send_then_wait(h, usend, urecv, deadline, true);
}

intptr_t sys_chan_reply_recv(uintptr_t h, uintptr_t ureply, uintptr_t urecv, uint64_t deadline)
{
	return send_then_wait(h, ureply, urecv, deadline, false);
}

intptr_t sys_handle_startup(uintptr_t out, uintptr_t n)
{
	struct process *p = process_current();
	unsigned count = p->n_startup < n ? p->n_startup : (unsigned)n;
	if (count && hal_copy_to_user(out, p->startup, count * sizeof p->startup[0]) != 0)
		return ERR_FAULT;
	return (intptr_t)count;
}
