/* irq: portable interrupt routing. Handlers run with interrupts masked, on the interrupted stack,
 * and must not sleep or allocate. */
#ifndef IRQ_H
#define IRQ_H

#include <stddef.h>

#define IRQ_MAX_LINES 1024

typedef void (*irq_handler)(unsigned line, void *ctx);

/* Installs handler for line (replacing any); ERR_INVAL for a line >= IRQ_MAX_LINES. The line is
 * not unmasked: callers do that with hal_irq_unmask() when ready. */
int irq_register(unsigned line, irq_handler handler, void *ctx);
void irq_unregister(unsigned line);
/* irq_register only if the line has no handler yet: ERR_EXIST when it has (a user driver must not
 * take a line from the kernel or from another driver), ERR_INVAL for a bad line. The caller makes
 * the check and the install one step by masking interrupts around it (no preemption between). */
int irq_claim(unsigned line, irq_handler handler, void *ctx);
/* Interrupts delivered with no handler installed, and spurious ones the controller reported. */
size_t irq_unhandled_count(void);
size_t irq_spurious_count(void);

#endif
