/*
 * cons: the console driver and server (docs/cons.md). It owns the console UART through the
 * handles its starter gives it and serves /dev/cons and /dev/consctl over 9P (consfs.c).
 *
 * Startup handles (SPEC-shell.md section 2): [0] a channel on which cons sends back one message,
 * "cons" with its Service handle (or, when it cannot start, a reason and no handle), then closes
 * it; [1] the UART's registers (a Mem, or an IoPort window on the pc; uart.c tells which UART
 * it is from the handle); [2] the UART's Irq. The starter mounts the service (init: at /dev).
 *
 * One thread waits with obj_wait on the listening end, the Irq and every connection at once;
 * each wake-up takes what is ready: typed bytes into the line discipline (echoed as they come),
 * one request per ready connection, new connections, and then answers held reads for which a
 * line is ready. It exits when the service is gone and no client is left.
 */
#include "../lib/sys_ns.h"
#include "../lib/sys_proc.h"
#include "../lib/ulib.h"
#include "consfs.h"
#include "uart.h"
#include <mem.h>

#define MAX_CONN (WAIT_ITEMS_MAX - 2) /* the listening end and the Irq take two items */

static struct uart uart;
static handle_t irq;
static bool rx_on; /* the UART's receive interrupt is enabled */
static struct cons_session conns[MAX_CONN];
static uint8_t in[CHAN_MSG_MAX], out[CHAN_MSG_MAX];

static void drop(struct cons_session *c)
{
	consfs_hangup(c);
	sys_handle_close(c->ch);
	c->ch = 0;
}

static void reply(struct cons_session *c, size_t len)
{
	struct chan_io r = { out, (uint32_t)len, NULL, 0 };
	if (len && sys_chan_send(c->ch, &r) < 0)
		drop(c);
}

/* One request from c, which obj_wait said has one (or has closed). */
static void serve(struct cons_session *c)
{
	struct chan_io io = { in, sizeof in, NULL, 0 };
	long n = sys_chan_recv(c->ch, &io, 0);
	if (n == ERR_TIMEOUT)
		return;
	if (n < 0) {
		/* Closed, or a message we cannot take (handles, too big): end the session. */
		drop(c);
		return;
	}
	reply(c, consfs_request(c, in, (size_t)n, out, sizeof out));
}

static long accept_one(handle_t listen)
{
	long h = svc_accept(listen, 0);
	if (h == ERR_TIMEOUT)
		return 0;
	if (h < 0)
		return h;
	for (unsigned i = 0; i < MAX_CONN; i++) {
		if (!conns[i].ch) {
			conns[i].ch = (handle_t)h;
			consfs_session(&conns[i]);
			return 0;
		}
	}
	sys_handle_close((handle_t)h); /* full: the client sees its channel close */
	return 0;
}

/* Typed bytes into the line discipline while it has room. When it has none the receive
 * interrupt goes off, so the UART holds the rest (and QEMU holds back its input). */
static void take_input(void)
{
	while (consfs_can_type()) {
		int c = uart_get(&uart);
		if (c < 0)
			break;
		consfs_typed((uint8_t)c);
	}
}

static void answer_readers(void)
{
	size_t len;
	struct cons_session *c;
	while ((c = consfs_answer(out, sizeof out, &len)))
		reply(c, len);
	/* Reads made room: take what the UART kept meanwhile, and answer again. */
	if (!rx_on && consfs_can_type()) {
		take_input();
		while ((c = consfs_answer(out, sizeof out, &len)))
			reply(c, len);
	}
	bool want = consfs_can_type();
	if (want != rx_on) {
		uart_rx_irq(&uart, want);
		rx_on = want;
	}
}

/* The wait: the listener (while the service lives), the Irq and every connection. */
static long wait_any(handle_t listen, bool listening, struct wait_item *items,
		     struct cons_session **who, unsigned *n)
{
	*n = 0;
	if (listening) {
		who[*n] = NULL;
		items[(*n)++] = (struct wait_item){ listen, WAIT_READABLE | WAIT_PEER_CLOSED, 0 };
	}
	who[*n] = NULL;
	items[(*n)++] = (struct wait_item){ irq, WAIT_IRQ, 0 };
	for (unsigned i = 0; i < MAX_CONN; i++) {
		if (conns[i].ch) {
			who[*n] = &conns[i];
			items[(*n)++] = (struct wait_item){ conns[i].ch, WAIT_READABLE | WAIT_PEER_CLOSED, 0 };
		}
	}
	return sys_obj_wait(items, *n, CHAN_WAIT_FOREVER);
}

static long run(handle_t listen)
{
	bool listening = true;
	for (;;) {
		struct wait_item items[WAIT_ITEMS_MAX];
		struct cons_session *who[WAIT_ITEMS_MAX];
		unsigned n, open = 0;
		long r = wait_any(listen, listening, items, who, &n);
		if (r < 0) {
			printf("cons: wait: %s\n", err_str((int)r));
			return r;
		}
		unsigned irq_item = listening ? 1 : 0;
		if (items[irq_item].got & WAIT_IRQ) {
			take_input();
			if (!consfs_can_type()) {
				/* Off before the line is unmasked, or it fires again at once. */
				uart_rx_irq(&uart, false);
				rx_on = false;
			}
			sys_irq_ack(irq);
		}
		for (unsigned i = 0; i < n; i++)
			if (who[i] && items[i].got)
				serve(who[i]);
		if (listening && items[0].got) {
			long e = accept_one(listen);
			if (e == ERR_PEER_CLOSED) {
				listening = false;
				sys_handle_close(listen);
			} else if (e < 0) {
				printf("cons: accept: %s\n", err_str((int)e));
				return e;
			}
		}
		answer_readers();
		for (unsigned i = 0; i < MAX_CONN; i++)
			open += conns[i].ch != 0;
		if (!listening && !open)
			return 0;
	}
}

/* Tells the starter why there is no service (a message without a handle). */
static int fail(handle_t start, const char *why)
{
	printf("cons: %s\n", why);
	struct chan_io io = { (void *)why, (uint32_t)strlen(why), NULL, 0 };
	sys_chan_send(start, &io);
	return 1;
}

int main(void)
{
	handle_t hs[PROC_STARTUP_MAX];
	long nh = sys_handle_startup(hs, PROC_STARTUP_MAX);
	if (nh < 1) {
		printf("cons: started without a reply channel\n");
		return 1;
	}
	if (nh != 3)
		return fail(hs[0], "expected a channel, the UART's registers and its Irq");
	handle_t start = hs[0];
	irq = hs[2];
	const char *why = uart_open(&uart, hs[1]);
	if (why)
		return fail(start, why);
	consfs_init(&uart);
	handle_t svc[2];
	if (sys_svc_create(svc) != 0)
		return fail(start, "cannot create the service");
	/* Said before the hand-over, so the line comes before anything the starter prints. */
	printf("cons: serving /dev/cons on the %s\n", uart_name(&uart));
	struct chan_io io = { "cons", 4, &svc[1], 1 };
	if (sys_chan_send(start, &io) != 0) {
		printf("cons: cannot hand over the service\n");
		return 1;
	}
	sys_handle_close(start);
	uart_rx_irq(&uart, true);
	rx_on = true;
	long r = run(svc[0]);
	uart_rx_irq(&uart, false);
	return r < 0;
}
