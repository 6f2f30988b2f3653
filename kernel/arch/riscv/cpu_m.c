/*
 * riscv32 machine-mode CPU control for hal.h: no firmware below the kernel, so power-off is the
 * board's own device (QEMU virt's SiFive test finisher) or, where there is none, a halt.
 */
#include <hal.h>
#include <mmio.h>

#define MSTATUS_MIE (1u << 3)

/* SiFive test finisher (QEMU hw/misc/sifive_test.c): the low 16 bits select the action, the high
 * 16 bits carry the exit code for FAIL. QEMU exits with status 0 for PASS, code for FAIL. */
#define FINISHER_FAIL 0x3333u
#define FINISHER_PASS 0x5555u

void hal_irq_disable(void)
{
	__asm__ volatile("csrc mstatus, %0" ::"r"(MSTATUS_MIE) : "memory");
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
