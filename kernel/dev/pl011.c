/* ARM PL011 UART (QEMU virt), polled. The firmware or QEMU has already set the baud rate. */
#include <uart.h>
#include <mmio.h>

#define PL011_DR 0x00
#define PL011_FR 0x18
#define PL011_FR_RXFE (1u << 4)
#define PL011_FR_TXFF (1u << 5)

void uart_init(void)
{
}

void uart_putc(char c)
{
	while (mmio_read32(CONFIG_UART_BASE + PL011_FR) & PL011_FR_TXFF)
		;
	mmio_write32(CONFIG_UART_BASE + PL011_DR, (uint8_t)c);
}

int uart_getc(void)
{
	if (mmio_read32(CONFIG_UART_BASE + PL011_FR) & PL011_FR_RXFE)
		return -1;
	return (int)(mmio_read32(CONFIG_UART_BASE + PL011_DR) & 0xff);
}
