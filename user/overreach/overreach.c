/* overreach: a program that writes one byte just past the top of its own stack, memory that is
 * not its own: the unmapped page above the stack on the boards with an MMU, the next program's slot
 * (RAM no PMP region of this process covers) on the boards without one. The kernel must stop it
 * with a report and keep running (system test `overreach`). */
#include "../lib/ulib.h"

int main(void)
{
	volatile uint8_t here = 0;
	/* Nothing deeper than a page has been pushed yet: the page-aligned address above a local is
	 * the top of the stack. */
	uintptr_t top = ((uintptr_t)&here + 4095) & ~(uintptr_t)4095;
	printf("overreach: writing past the top of the stack, at 0x%lx\n", (unsigned long)top);
	*(volatile uint8_t *)top = here;
	printf("overreach: the write went through\n");
	return 1;
}
