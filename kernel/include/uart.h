/*
 * uart: the early debug console, one driver per board (kernel/dev/pl011.c or ns16550.c, chosen in
 * boards/<board>.mk with its base address). It is polled, needs no memory allocation and works
 * from the first instruction of kmain, so boot messages and panics always get out.
 */
#ifndef UART_H
#define UART_H

void uart_init(void);
/* Blocks until the transmitter takes c. */
void uart_putc(char c);
/* A received character, or -1 when none is waiting. */
int uart_getc(void);

#endif
