/* console: kernel messages through the early UART. kprintf takes lib/fmt's conversions. */
#ifndef CONSOLE_H
#define CONSOLE_H

#include <stdarg.h>
#include <stddef.h>

void console_init(void);
void console_write(const char *s, size_t n);
int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int kvprintf(const char *fmt, va_list ap);
/* After a panic: every later write is dropped, so the panic report is the last thing shown. */
void console_freeze(void);

#endif
