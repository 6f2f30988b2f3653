/* uart: the console UART's registers; see uart.h. */
#include "uart.h"

/* 16550 registers (byte offsets) and bits. */
#define NS_RBR 0 /* receive (read) / transmit (write) */
#define NS_IER 1
#define NS_LSR 5
#define NS_SCR 7
#define NS_IER_RDI 0x01
#define NS_LSR_DR 0x01
#define NS_LSR_THRE 0x20
/* PL011 registers and bits. */
#define PL_DR 0x00
#define PL_FR 0x18
#define PL_IMSC 0x38
#define PL_FR_RXFE (1u << 4)
#define PL_FR_TXFF (1u << 5)
#define PL_INT_RX (1u << 4)
#define PL_INT_RT (1u << 6) /* receive timeout: characters wait below the FIFO's threshold */

/* Where a PC has 16550s in port space. */
static const unsigned com_bases[] = { 0x3f8, 0x2f8, 0x3e8, 0x2e8 };

static uint8_t ns_get(struct uart *u, unsigned reg)
{
	if (u->kind == DEV_UART_NS16550_PIO)
		return (uint8_t)sys_ioport_read8(u->io, u->base + reg);
	return u->regs[reg];
}

static void ns_put(struct uart *u, unsigned reg, uint8_t v)
{
	if (u->kind == DEV_UART_NS16550_PIO)
		sys_ioport_write8(u->io, u->base + reg, v);
	else
		u->regs[reg] = v;
}

static uint32_t pl_get(struct uart *u, unsigned off)
{
	return *(volatile uint32_t *)(u->regs + off);
}

static void pl_put(struct uart *u, unsigned off, uint32_t v)
{
	*(volatile uint32_t *)(u->regs + off) = v;
}

/* A 16550's scratch register holds any byte; a PL011's word at 4 (RSR/ECR) reads 0 after a
 * write. Two patterns, so a stuck bit cannot pass. The register is restored. */
static bool has_scratch(volatile uint8_t *regs)
{
	uint8_t old = regs[NS_SCR];
	regs[NS_SCR] = 0x5a;
	bool a = regs[NS_SCR] == 0x5a;
	regs[NS_SCR] = 0xa5;
	bool b = regs[NS_SCR] == 0xa5;
	regs[NS_SCR] = old;
	return a && b;
}

const char *uart_open(struct uart *u, handle_t regs)
{
	*u = (struct uart){ .kind = DEV_UART_NONE };
	void *va;
	long r = sys_mem_map(regs, 0, 4096, 0, MEM_MAP_WRITE, &va);
	if (r == 0) {
		u->regs = (volatile uint8_t *)va;
		u->kind = has_scratch(u->regs) ? DEV_UART_NS16550_MMIO : DEV_UART_PL011;
		return NULL;
	}
	if (r != ERR_WRONGTYPE)
		return "cannot map the UART's registers";
	for (unsigned i = 0; i < sizeof com_bases / sizeof com_bases[0]; i++) {
		if (sys_ioport_read8(regs, com_bases[i] + NS_LSR) >= 0) {
			u->kind = DEV_UART_NS16550_PIO;
			u->io = regs;
			u->base = com_bases[i];
			return NULL;
		}
	}
	return "the I/O port window is not a COM port's";
}

const char *uart_name(const struct uart *u)
{
	switch (u->kind) {
	case DEV_UART_PL011: return "pl011";
	case DEV_UART_NS16550_MMIO: return "ns16550 (mmio)";
	case DEV_UART_NS16550_PIO: return "ns16550 (ports)";
	default: return "none";
	}
}

void uart_put(struct uart *u, const uint8_t *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (u->kind == DEV_UART_PL011) {
			while (pl_get(u, PL_FR) & PL_FR_TXFF)
				;
			pl_put(u, PL_DR, s[i]);
		} else {
			while (!(ns_get(u, NS_LSR) & NS_LSR_THRE))
				;
			ns_put(u, NS_RBR, s[i]);
		}
	}
}

int uart_get(struct uart *u)
{
	if (u->kind == DEV_UART_PL011)
		return (pl_get(u, PL_FR) & PL_FR_RXFE) ? -1 : (int)(pl_get(u, PL_DR) & 0xff);
	return (ns_get(u, NS_LSR) & NS_LSR_DR) ? (int)ns_get(u, NS_RBR) : -1;
}

void uart_rx_irq(struct uart *u, bool on)
{
	if (u->kind == DEV_UART_PL011)
		pl_put(u, PL_IMSC, on ? PL_INT_RX | PL_INT_RT : 0);
	else
		ns_put(u, NS_IER, on ? NS_IER_RDI : 0);
}
