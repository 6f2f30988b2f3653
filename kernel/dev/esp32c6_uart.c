/*
 * ESP32-C6 UART0 (TRM chapter "UART Controller"), polled early console. The ROM has already set
 * it up at 115200 8N1 on the USB-serial bridge pins and the bootloader keeps that, so only the
 * FIFO and status registers are touched: UART_FIFO_REG (offset 0x00) takes a byte per write,
 * UART_STATUS_REG (0x1c) counts bytes in the RX FIFO (bits 7:0) and TX FIFO (bits 23:16).
 * The board sets CONFIG_UART_BASE (0x60000000 for UART0).
 */
#include <uart.h>
#include <mmio.h>

#define UART_FIFO 0x00
#define UART_STATUS 0x1c
#define UART_STATUS_RXCNT(s) ((s) & 0xffu)
#define UART_STATUS_TXCNT(s) (((s) >> 16) & 0xffu)
#define UART_FIFO_LEN 128u

void uart_init(void)
{
}

void uart_putc(char c)
{
	/* Leave one slot free: the count lags a write by a bus cycle or two. */
	while (UART_STATUS_TXCNT(mmio_read32(CONFIG_UART_BASE + UART_STATUS)) >= UART_FIFO_LEN - 1)
		;
	mmio_write32(CONFIG_UART_BASE + UART_FIFO, (uint8_t)c);
}

int uart_getc(void)
{
	if (UART_STATUS_RXCNT(mmio_read32(CONFIG_UART_BASE + UART_STATUS)) == 0)
		return -1;
	return (int)(mmio_read32(CONFIG_UART_BASE + UART_FIFO) & 0xff);
}
