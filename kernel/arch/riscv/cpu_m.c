/*
 * riscv32 machine-mode CPU control for hal.h: no firmware below the kernel, so power-off is the
 * board's own device (QEMU virt's SiFive test finisher) or, where there is none, a halt.
 */
#include <hal.h>
#include <mmio.h>
#include "riscv_m.h"

/* SiFive test finisher (QEMU hw/misc/sifive_test.c): the low 16 bits select the action, the high
 * 16 bits carry the exit code for FAIL. QEMU exits with status 0 for PASS, code for FAIL. */
#define FINISHER_FAIL 0x3333u
#define FINISHER_PASS 0x5555u

/* entry_m.S parks every hart but 0. */
uint64_t riscv_boot_hart = 0;

void hal_irq_disable(void)
{
	csr_clear(mstatus, MSTATUS_MIE);
}

void hal_irq_enable(void)
{
	csr_set(mstatus, MSTATUS_MIE);
}

unsigned hal_cpu_id(void)
{
	return 0; /* entry_m.S parks every other hart */
}

bool hal_irq_save(void)
{
	unsigned long prev;
	__asm__ volatile("csrrci %0, mstatus, %1" : "=r"(prev) : "i"(MSTATUS_MIE) : "memory");
	return (prev & MSTATUS_MIE) != 0;
}

void hal_irq_restore(bool enabled)
{
	if (enabled)
		csr_set(mstatus, MSTATUS_MIE);
}

void hal_wait_for_interrupt(void)
{
	/* wfi wakes on any interrupt enabled in mie even while mstatus.MIE is clear, so waiting with
	 * MIE clear and only then opening it cannot lose an interrupt that arrives just before the
	 * wfi; the pending interrupt is taken at the csrs. */
	unsigned long prev = csr_read(mstatus) & MSTATUS_MIE;
	csr_clear(mstatus, MSTATUS_MIE);
	__asm__ volatile("wfi" ::: "memory");
	csr_set(mstatus, MSTATUS_MIE);
	if (!prev)
		csr_clear(mstatus, MSTATUS_MIE);
}

void hal_halt(void)
{
	hal_irq_disable();
	for (;;)
		__asm__ volatile("wfi" ::: "memory");
}

void hal_poweroff(bool failure)
{
#ifdef CONFIG_SIFIVE_TEST_BASE
	mmio_write32(CONFIG_SIFIVE_TEST_BASE, failure ? (FINISHER_FAIL | 1u << 16) : FINISHER_PASS);
#endif
	hal_halt();
}

uint64_t hal_boot_phys_limit(void)
{
	return 1ull << 32; /* no MMU: every 32-bit address is its own physical address */
}
