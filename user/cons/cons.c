/*
 * cons: the console as a user driver. It owns the kernel console's UART through handles init
 * gives it (the registers as a Mem, or an I/O port window on the pc, and the UART's Irq) and:
 *   - writes the bytes of each message it receives on its channel, replying with an empty message
 *     once they are out (so the sender knows whole lines went out in one piece);
 *   - shows that the UART's interrupt reaches user space, using the "transmitter ready"
 *     interrupt, which fires without anyone typing;
 *   - echoes typed characters, woken by the receive interrupt.
 * Later it serves /dev/cons over 9P; for now the protocol is: the first message is a
 * struct dev_console_info (what the UART is), every later one is bytes to print. It exits when
 * the other end of the channel closes.
 *
 * Startup handles: [0] the channel, [1] the registers (Mem, or IoPort for DEV_UART_NS16550_PIO),
 * [2] the Irq.
 */
#include "../lib/sys_dev.h"
#include "../lib/sys_ipc.h"
#include "../lib/ulib.h"
#include <mem.h>
#include <stdbool.h>

#define MS 1000000ull

/* 16550 registers (byte offsets) and bits. */
#define NS_RBR 0 /* receive (read) / transmit (write) */
#define NS_IER 1
#define NS_LSR 5
#define NS_IER_RDI 0x01
#define NS_IER_THRI 0x02
#define NS_LSR_DR 0x01
#define NS_LSR_THRE 0x20
/* PL011 registers and bits. */
#define PL_DR 0x00
#define PL_FR 0x18
#define PL_IMSC 0x38
#define PL_ICR 0x44
#define PL_FR_RXFE (1u << 4)
#define PL_FR_TXFF (1u << 5)
#define PL_INT_RX (1u << 4)
#define PL_INT_TX (1u << 5)
#define PL_INT_RT (1u << 6) /* receive timeout: a character sits in the FIFO */

static struct dev_console_info ci;
static volatile uint8_t *regs; /* MMIO kinds */
static handle_t ioport;        /* DEV_UART_NS16550_PIO */
static uint8_t buf[CHAN_MSG_MAX];

static uint8_t ns_get(unsigned reg)
{
	if (ci.kind == DEV_UART_NS16550_PIO)
		return (uint8_t)sys_ioport_read8(ioport, (unsigned)ci.base + reg);
	return regs[reg];
}

static void ns_put(unsigned reg, uint8_t v)
{
	if (ci.kind == DEV_UART_NS16550_PIO)
		sys_ioport_write8(ioport, (unsigned)ci.base + reg, v);
	else
		regs[reg] = v;
}

static uint32_t pl_get(unsigned off)
{
	return *(volatile uint32_t *)(regs + off);
}

static void pl_put(unsigned off, uint32_t v)
{
	*(volatile uint32_t *)(regs + off) = v;
}

static void putc_raw(char c)
{
	if (ci.kind == DEV_UART_PL011) {
		while (pl_get(PL_FR) & PL_FR_TXFF)
			;
		pl_put(PL_DR, (uint8_t)c);
	} else {
		while (!(ns_get(NS_LSR) & NS_LSR_THRE))
			;
		ns_put(NS_RBR, (uint8_t)c);
	}
}

/* A terminal wants CR LF; callers give whole lines so they do not mix with the kernel's. */
static void write_bytes(const uint8_t *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			putc_raw('\r');
		putc_raw((char)s[i]);
	}
}

static void say(const char *s)
{
	write_bytes((const uint8_t *)s, strlen(s));
}

/* A received character, or -1. */
static int getc_raw(void)
{
	if (ci.kind == DEV_UART_PL011)
		return (pl_get(PL_FR) & PL_FR_RXFE) ? -1 : (int)(pl_get(PL_DR) & 0xff);
	return (ns_get(NS_LSR) & NS_LSR_DR) ? (int)ns_get(NS_RBR) : -1;
}

/* Which of the UART's own interrupt sources are enabled: transmit-ready, receive, or none. */
static void uart_irqs(bool tx, bool rx)
{
	if (ci.kind == DEV_UART_PL011) {
		pl_put(PL_IMSC, (tx ? PL_INT_TX : 0) | (rx ? PL_INT_RX | PL_INT_RT : 0));
		if (!tx)
			pl_put(PL_ICR, PL_INT_TX); /* level-triggered: clear what is latched */
	} else {
		ns_put(NS_IER, (uint8_t)((tx ? NS_IER_THRI : 0) | (rx ? NS_IER_RDI : 0)));
	}
}

static void fmt_line(char *out, size_t cap, const char *a, long n, const char *b)
{
	/* The runtime has printf to the kernel console only; this driver formats for itself. */
	char num[24];
	int i = 0;
	unsigned long v = n < 0 ? (unsigned long)-n : (unsigned long)n;
	do
		num[i++] = (char)('0' + v % 10);
	while ((v /= 10) && i < 22);
	if (n < 0)
		num[i++] = '-';
	size_t o = 0;
	for (const char *p = a; *p && o + 1 < cap; p++)
		out[o++] = *p;
	while (i > 0 && o + 1 < cap)
		out[o++] = num[--i];
	for (const char *p = b; *p && o + 1 < cap; p++)
		out[o++] = *p;
	out[o] = '\0';
}

/* Turns the transmitter-ready interrupt on and waits for it to come through the Irq handle. */
static void show_interrupt(handle_t irq)
{
	char line[96];
	uart_irqs(true, false);
	long r = sys_irq_wait(irq, sys_clock() + 1000 * MS);
	uart_irqs(false, false); /* the device stops asserting before the line is unmasked */
	long a = r == 0 ? sys_irq_ack(irq) : 0;
	if (r == 0 && a == 0)
		fmt_line(line, sizeof line, "cons: interrupt line ", ci.line, " reached user space\n");
	else
		fmt_line(line, sizeof line, "cons: no interrupt from the UART, error ", r ? r : a, "\n");
	say(line);
}

int main(void)
{
	handle_t hs[PROC_STARTUP_MAX];
	if (sys_handle_startup(hs, PROC_STARTUP_MAX) != 3) {
		printf("cons: expected a channel, the registers and an Irq\n");
		return 1;
	}
	handle_t ch = hs[0], irq = hs[2];
	struct chan_io io = { &ci, sizeof ci, NULL, 0 };
	long r = sys_chan_recv(ch, &io, CHAN_WAIT_FOREVER);
	if (r != (long)sizeof ci) {
		printf("cons: no UART description: %s\n", r < 0 ? err_str((int)r) : "short");
		return 1;
	}
	if (ci.kind == DEV_UART_NS16550_PIO) {
		ioport = hs[1];
	} else if (ci.kind == DEV_UART_PL011 || ci.kind == DEV_UART_NS16550_MMIO) {
		r = sys_mem_map(hs[1], 0, (size_t)ci.size, 0, MEM_MAP_WRITE);
		if (r < 0) {
			printf("cons: cannot map the UART: %s\n", err_str((int)r));
			return 1;
		}
		regs = (volatile uint8_t *)(uintptr_t)r;
	} else {
		printf("cons: unknown UART kind %u\n", (unsigned)ci.kind);
		return 1;
	}
	struct chan_io ok = { NULL, 0, NULL, 0 };
	sys_chan_send(ch, &ok);

	show_interrupt(irq);

	/*
	 * Serve: one thread cannot yet wait on the channel and the Irq at once (no wait-many call),
	 * so it polls the channel and waits on the Irq for at most 5 ms in turn.
	 */
	uart_irqs(false, true);
	for (;;) {
		struct chan_io m = { buf, sizeof buf, NULL, 0 };
		r = sys_chan_recv(ch, &m, 0);
		if (r == ERR_PEER_CLOSED)
			break;
		if (r >= 0) {
			write_bytes(buf, (size_t)r);
			sys_chan_send(ch, &ok);
			continue;
		}
		if (r != ERR_TIMEOUT) {
			printf("cons: receive failed: %s\n", err_str((int)r));
			break;
		}
		if (sys_irq_wait(irq, sys_clock() + 5 * MS) == 0) {
			uint8_t echo[64];
			size_t n = 0;
			for (int c; n < sizeof echo && (c = getc_raw()) >= 0;)
				echo[n++] = c == '\r' ? '\n' : (uint8_t)c;
			write_bytes(echo, n);
			sys_irq_ack(irq);
		}
	}
	uart_irqs(false, false);
	return 0;
}
