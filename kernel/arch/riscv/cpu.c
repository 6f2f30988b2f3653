/* riscv64 CPU control for hal.h (S-mode under SBI firmware). */
#include <hal.h>
#include "riscv.h"
#include "sbi.h"

#define SRST_TYPE_SHUTDOWN 0
#define SRST_REASON_NONE 0
#define SRST_REASON_FAILURE 1

uint64_t riscv_boot_hart;

void hal_irq_disable(void)
{
	csr_clear(sstatus, SSTATUS_SIE);
}

void hal_irq_enable(void)
{
	csr_set(sstatus, SSTATUS_SIE);
}

void hal_wait_for_interrupt(void)
{
	/* wfi wakes on any interrupt enabled in sie even while sstatus.SIE is clear, so waiting with
	 * SIE clear and only then opening it cannot lose an interrupt that arrives just before the
	 * wfi; the pending interrupt is taken at the csrs. */
	unsigned long prev = csr_read(sstatus) & SSTATUS_SIE;
	csr_clear(sstatus, SSTATUS_SIE);
	__asm__ volatile("wfi" ::: "memory");
	csr_set(sstatus, SSTATUS_SIE);
	if (!prev)
		csr_clear(sstatus, SSTATUS_SIE);
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

unsigned hal_cpu_id(void)
{
	return 0; /* only the boot hart runs the kernel yet */
}

bool hal_irq_save(void)
{
	unsigned long prev;
	__asm__ volatile("csrrci %0, sstatus, %1" : "=r"(prev) : "i"(SSTATUS_SIE) : "memory");
	return (prev & SSTATUS_SIE) != 0;
}

void hal_irq_restore(bool enabled)
{
	if (enabled)
		csr_set(sstatus, SSTATUS_SIE);
}
