/* Kernel console over the early UART; see console.h. */
#include <console.h>
#include <fmt.h>
#include <uart.h>
#include <stdbool.h>

static bool frozen;

void console_init(void)
{
	uart_init();
}

void console_write(const char *s, size_t n)
{
	if (frozen)
		return;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			uart_putc('\r');
		uart_putc(s[i]);
	}
}

static void console_sink(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	console_write(s, n);
}

int kvprintf(const char *fmt, va_list ap)
{
	return fmt_vprint(console_sink, NULL, fmt, ap);
}

int kprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = kvprintf(fmt, ap);
	va_end(ap);
	return n;
}

void console_freeze(void)
{
	frozen = true;
}
