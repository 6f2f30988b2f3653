/* Interrupt handler table; see irq.h. The controller work (ack, EOI, masking) is the
 * architecture's; this file only decides who handles a line. */
#include <irq.h>
#include <err.h>
#include <hal.h>

static struct {
	irq_handler fn;
	void *ctx;
} handlers[IRQ_MAX_LINES];

static size_t unhandled, spurious;

int irq_register(unsigned line, irq_handler handler, void *ctx)
{
	if (line >= IRQ_MAX_LINES)
		return ERR_INVAL;
	handlers[line].fn = handler;
	handlers[line].ctx = ctx;
	return 0;
}

int irq_claim(unsigned line, irq_handler handler, void *ctx)
{
	if (line >= IRQ_MAX_LINES)
		return ERR_INVAL;
	return handlers[line].fn ? ERR_EXIST : irq_register(line, handler, ctx);
}

void irq_unregister(unsigned line)
{
	if (line < IRQ_MAX_LINES)
		handlers[line].fn = NULL;
}

void irq_dispatch(unsigned line)
{
	if (line < IRQ_MAX_LINES && handlers[line].fn) {
		handlers[line].fn(line, handlers[line].ctx);
		return;
	}
	/* An interrupt nobody asked for: keep it from firing forever, and count it. */
	unhandled++;
	hal_irq_mask(line);
}

void irq_spurious(void)
{
	spurious++;
}

size_t irq_unhandled_count(void)
{
	return unhandled;
}

size_t irq_spurious_count(void)
{
	return spurious;
}
