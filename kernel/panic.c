/* panic(); see panic.h. */
#include <panic.h>
#include <cmdline.h>
#include <console.h>
#include <hal.h>

static int panicking;

void panic_at(const char *file, int line, const char *fmt, ...)
{
	hal_irq_disable();
	/* A panic inside the panic path (say, a fault while printing) must not recurse. */
	if (panicking++)
		hal_halt();
	va_list ap;
	va_start(ap, fmt);
	kprintf("\npanic: ");
	kvprintf(fmt, ap);
	va_end(ap);
	kprintf("\n  at %s:%d\npanic: system halted\n", file, line);
	console_freeze();
	if (cmdline_has("poweroff"))
		hal_poweroff(true);
	hal_halt();
}
