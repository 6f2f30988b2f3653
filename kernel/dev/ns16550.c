/*
 * NS16550-compatible UART, polled: memory-mapped on the virt machines, port I/O (COM1) on pc. The board
 * sets CONFIG_UART_BASE and, for port I/O, CONFIG_UART_PIO.
 */
#include <uart.h>
#include <hal.h>
#include <ferrite/dev.h>
#include <mmio.h>

enum {
	NS_THR = 0, /* transmit holding (write) / receive buffer (read) */
	NS_IER = 1,
	NS_FCR = 2,
	NS_LCR = 3,
	NS_MCR = 4,
	NS_LSR = 5,
	NS_DLL = 0, /* with LCR.DLAB set */
	NS_DLM = 1,
};

#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY 0x20
#define IER_THRI 0x02 /* transmitter holding register empty interrupt */

static uintptr_t base = CONFIG_UART_BASE;

static void reg_write(unsigned reg, uint8_t v)
{
#ifdef CONFIG_UART_PIO
	hal_pio_write8((uint16_t)(base + reg), v);
#else
	mmio_write8(base + reg, v);
#endif
}

static uint8_t reg_read(unsigned reg)
{
#ifdef CONFIG_UART_PIO
	return hal_pio_read8((uint16_t)(base + reg));
#else
	return mmio_read8(base + reg);
#endif
}

void uart_init(void)
{
	reg_write(NS_IER, 0x00);  /* polled for now */
	reg_write(NS_LCR, 0x80);  /* DLAB: divisor follows */
	reg_write(NS_DLL, 0x01);  /* 115200 baud from the 1.8432 MHz clock */
	reg_write(NS_DLM, 0x00);
	reg_write(NS_LCR, 0x03);  /* 8 data bits, no parity, 1 stop bit */
	reg_write(NS_FCR, 0x07);  /* FIFOs on and cleared */
	reg_write(NS_MCR, 0x0b);  /* DTR, RTS, OUT2 (gates the interrupt line on PCs) */
}

void uart_putc(char c)
{
	while (!(reg_read(NS_LSR) & LSR_THR_EMPTY))
		;
	reg_write(NS_THR, (uint8_t)c);
}

int uart_getc(void)
{
	if (!(reg_read(NS_LSR) & LSR_DATA_READY))
		return -1;
	return reg_read(NS_THR);
}

void uart_set_base(uintptr_t va)
{
#ifndef CONFIG_UART_PIO
	base = va;
#else
	(void)va;
#endif
}

uintptr_t uart_phys_base(void)
{
	return CONFIG_UART_BASE;
}

void uart_tx_irq(bool on)
{
	reg_write(NS_IER, on ? IER_THRI : 0);
}

int uart_kind(void)
{
#ifdef CONFIG_UART_PIO
	return DEV_UART_NS16550_PIO;
#else
	return DEV_UART_NS16550_MMIO;
#endif
}
