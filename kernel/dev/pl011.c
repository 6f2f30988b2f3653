/* ARM PL011 UART (QEMU virt), polled. The firmware or QEMU has already set the baud rate. */
#include <uart.h>
#include <ferrite/dev.h>
#include <mmio.h>

#define PL011_DR 0x00
#define PL011_FR 0x18
#define PL011_FR_RXFE (1u << 4)
#define PL011_FR_TXFF (1u << 5)
#define PL011_IMSC 0x38 /* interrupt mask set/clear */
#define PL011_ICR 0x44  /* interrupt clear */
#define PL011_INT_TX (1u << 5)

static uintptr_t base = CONFIG_UART_BASE;

void uart_init(void)
{
}

void uart_putc(char c)
{
	while (mmio_read32(base + PL011_FR) & PL011_FR_TXFF)
		;
	mmio_write32(base + PL011_DR, (uint8_t)c);
}

int uart_getc(void)
{
	if (mmio_read32(base + PL011_FR) & PL011_FR_RXFE)
		return -1;
	return (int)(mmio_read32(base + PL011_DR) & 0xff);
}

void uart_set_base(uintptr_t va)
{
	base = va;
}

uintptr_t uart_phys_base(void)
{
	return CONFIG_UART_BASE;
}

void uart_tx_irq(bool on)
{
	/* The transmit interrupt is raised while the transmitter has room (QEMU: after any write
	 * until cleared), so unmasking it is enough to see it fire; nothing extra is sent. */
	mmio_write32(base + PL011_IMSC, on ? PL011_INT_TX : 0);
	if (!on)
		mmio_write32(base + PL011_ICR, PL011_INT_TX);
}

int uart_kind(void)
{
	return DEV_UART_PL011;
}
