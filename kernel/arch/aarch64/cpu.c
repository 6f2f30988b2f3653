/* aarch64 CPU control for hal.h. */
#include <hal.h>

#define PSCI_SYSTEM_OFF 0x84000008u

void hal_irq_disable(void)
{
	__asm__ volatile("msr daifset, #0xf" ::: "memory");
}

void hal_halt(void)
{
	for (;;)
		__asm__ volatile("msr daifset, #0xf\n\twfi" ::: "memory");
}

void hal_poweroff(bool failure)
{
	(void)failure; /* PSCI has no way to report a status */
	register uint64_t x0 __asm__("x0") = PSCI_SYSTEM_OFF;
	/* QEMU virt without EL2 emulation implements PSCI through hvc. */
	__asm__ volatile("hvc #0" : "+r"(x0)::"memory");
	hal_halt();
}

uint64_t hal_boot_phys_limit(void)
{
	return UINT64_MAX; /* MMU off: all of physical memory is addressable */
}
