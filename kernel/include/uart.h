/*
 * uart: the early debug console, one driver per board (kernel/dev/pl011.c or ns16550.c, chosen in
 * boards/<board>.mk with its base address). It is polled, needs no memory allocation and works
 * from the first instruction of kmain, so boot messages and panics always get out.
 */
#ifndef UART_H
#define UART_H

#include <stdbool.h>
#include <stdint.h>

void uart_init(void);
/* Blocks until the transmitter takes c. */
void uart_putc(char c);
/* A received character, or -1 when none is waiting. */
int uart_getc(void);
/* Moves the registers to a new kernel virtual address (after the MMU is set up). Port I/O
 * drivers ignore it. */
void uart_set_base(uintptr_t base);
/* Physical address of the registers (or the I/O port), for mapping them. */
uintptr_t uart_phys_base(void);
/* Enables or disables the "transmitter ready" interrupt. Enabling it raises an interrupt as soon as
 * the transmitter can take a character, so the self-tests can see a real device interrupt arrive
 * without any input. */
void uart_tx_irq(bool on);
/* Which kind of UART this is (enum dev_uart_kind, ferrite/dev.h), for handing it to a user driver. */
int uart_kind(void);

#endif
