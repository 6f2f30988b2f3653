/* Host stand-ins for the interrupt controller calls the Irq object makes; see kstubs_irq.h. */
#include "kstubs_irq.h"
#include <hal.h>

bool kstubs_irq_masked[KSTUBS_IRQ_LINES];
unsigned kstubs_irq_mask_calls, kstubs_irq_unmask_calls;

void hal_irq_mask(unsigned line)
{
	kstubs_irq_mask_calls++;
	if (line < KSTUBS_IRQ_LINES)
		kstubs_irq_masked[line] = true;
}

void hal_irq_unmask(unsigned line)
{
	kstubs_irq_unmask_calls++;
	if (line < KSTUBS_IRQ_LINES)
		kstubs_irq_masked[line] = false;
}
