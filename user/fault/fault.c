/* fault: a program that touches memory it does not have. The kernel must stop it with a report
 * and keep running (system test `userfault`). */
#include "../lib/ulib.h"

int main(void)
{
	printf("fault: reading address 0x10\n");
	volatile int *p = (volatile int *)16;
	return *p;
}
