/* aarch64 CPU control for hal.h: interrupt masking, waiting, halting and PSCI power-off. */
#include <fdt.h>
#include <hal.h>
#include <mem.h>
#include "arch.h"

#define PSCI_SYSTEM_OFF 0x84000008u

/* PSCI is reached with smc or hvc: the device tree's /psci "method" says which. Until it has
 * been read, guess from how QEMU behaves: entered at EL2 means firmware at EL3 (smc), entered at
 * EL1 means the hypervisor (hvc). */
static enum { CONDUIT_GUESS, CONDUIT_HVC, CONDUIT_SMC } conduit;

void cpu_firmware_init(void)
{
	const struct fdt *f = dt_get();
	int node = f ? fdt_path(f, "/psci") : -1;
	const char *method = node >= 0 ? fdt_prop_string(f, node, "method") : NULL;
	if (method && strcmp(method, "smc") == 0)
		conduit = CONDUIT_SMC;
	else if (method && strcmp(method, "hvc") == 0)
		conduit = CONDUIT_HVC;
}

void hal_irq_disable(void)
{
	__asm__ volatile("msr daifset, #0xf" ::: "memory");
}

void hal_irq_enable(void)
{
	__asm__ volatile("msr daifclr, #0x2" ::: "memory");
}

void hal_wait_for_interrupt(void)
{
	/* WFI wakes on a pending interrupt even while PSTATE.I masks it, so waiting with interrupts
	 * masked and unmasking afterwards loses no wake-up between the caller's check and the WFI. */
	uint64_t daif = sysreg_read(daif);
	__asm__ volatile("msr daifset, #0x2\n\twfi\n\tmsr daifclr, #0x2\n\tisb" ::: "memory");
	sysreg_write(daif, daif);
}

void hal_halt(void)
{
	for (;;)
		__asm__ volatile("msr daifset, #0xf\n\twfi" ::: "memory");
}

void hal_poweroff(bool failure)
{
	(void)failure; /* PSCI SYSTEM_OFF has no way to report a status */
	bool smc = conduit == CONDUIT_SMC || (conduit == CONDUIT_GUESS && boot_el == 2);
	register uint64_t x0 __asm__("x0") = PSCI_SYSTEM_OFF;
	if (smc)
		__asm__ volatile("smc #0" : "+r"(x0)::"memory");
	else
		__asm__ volatile("hvc #0" : "+r"(x0)::"memory");
	hal_halt();
}
