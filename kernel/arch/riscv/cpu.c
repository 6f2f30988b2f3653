/* riscv CPU control for hal.h (S-mode under SBI firmware). */
#include <hal.h>
#include "sbi.h"

#define SSTATUS_SIE (1ul << 1)
#define SRST_TYPE_SHUTDOWN 0
#define SRST_REASON_NONE 0
#define SRST_REASON_FAILURE 1

void hal_irq_disable(void)
{
	__asm__ volatile("csrc sstatus, %0" ::"r"(SSTATUS_SIE) : "memory");
}

void hal_halt(void)
{
	hal_irq_disable();
	for (;;)
		__asm__ volatile("wfi" ::: "memory");
}

void hal_poweroff(bool failure)
{
	sbi_call(SBI_EXT_SRST, 0, SRST_TYPE_SHUTDOWN,
		 failure ? SRST_REASON_FAILURE : SRST_REASON_NONE, 0);
	/* Firmware older than SBI 0.3 has only the legacy shutdown call. */
	sbi_call(SBI_EXT_LEGACY_SHUTDOWN, 0, 0, 0, 0);
	hal_halt();
}

uint64_t hal_boot_phys_limit(void)
{
	return UINT64_MAX; /* MMU off */
}
