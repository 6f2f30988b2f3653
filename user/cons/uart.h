/*
 * uart: cons's access to the console UART: which kind it is, bytes out (busy-waiting on the
 * transmitter), bytes in, and the receive interrupt on or off. Owns nothing but the register
 * mapping; the line discipline, the Irq and the protocol are cons.c's and consfs.c's.
 *
 * The UART is identified from the handle cons is given (startup handle [1], SPEC-shell.md
 * section 2), so its starter need not describe it: an IoPort window is a 16550 at one of the
 * PC's COM bases (the one the window allows); a Mem is a 16550 when its scratch register (offset
 * 7) keeps what is written, else a PL011 (there offset 7 is part of the receive-status word,
 * which reads back 0 whatever is written). The kernel has already programmed the line speed.
 */
#ifndef CONS_UART_H
#define CONS_UART_H

#include "../lib/sys_dev.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct uart {
	uint32_t kind;           /* enum dev_uart_kind */
	volatile uint8_t *regs;  /* MMIO kinds */
	handle_t io;             /* DEV_UART_NS16550_PIO */
	unsigned base;           /* DEV_UART_NS16550_PIO: the first port */
};

/* Identifies and maps the UART behind handle regs; NULL or why not. */
const char *uart_open(struct uart *u, handle_t regs);
/* "pl011", "ns16550 (mmio)" or "ns16550 (ports)". */
const char *uart_name(const struct uart *u);
/* Sends n bytes as they are (no translation), waiting for room in the transmitter. */
void uart_put(struct uart *u, const uint8_t *s, size_t n);
/* A received byte, or -1 when none is waiting. */
int uart_get(struct uart *u);
/* Turns the UART's receive interrupt on or off (off: it stops asserting its line). */
void uart_rx_irq(struct uart *u, bool on);

#endif
