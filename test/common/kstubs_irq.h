/* kstubs_irq: a fake interrupt controller that records which lines are masked, so host tests can
 * see what the Irq object did to its line. */
#ifndef KSTUBS_IRQ_H
#define KSTUBS_IRQ_H

#include <stdbool.h>

#define KSTUBS_IRQ_LINES 64

extern bool kstubs_irq_masked[KSTUBS_IRQ_LINES];
extern unsigned kstubs_irq_mask_calls, kstubs_irq_unmask_calls;

#endif
