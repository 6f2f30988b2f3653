/* x86 (i386 and x86_64) CPU control for hal.h. */
#include <hal.h>

void hal_irq_disable(void)
{
	__asm__ volatile("cli" ::: "memory");
}

void hal_halt(void)
{
	for (;;)
		__asm__ volatile("cli; hlt" ::: "memory");
}

void hal_pio_write8(uint16_t port, uint8_t value)
{
	__asm__ volatile("outb %0, %1" ::"a"(value), "Nd"(port));
}

uint8_t hal_pio_read8(uint16_t port)
{
	uint8_t v;
	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

void hal_poweroff(bool failure)
{
#ifdef CONFIG_DEBUG_EXIT_PORT
	/* QEMU's isa-debug-exit: the process exits with status (value << 1) | 1. */
	hal_pio_write8(CONFIG_DEBUG_EXIT_PORT, failure ? 1 : 0);
#endif
	hal_halt();
}

uint64_t hal_boot_phys_limit(void)
{
	/* i386 runs with paging off; x86_64's entry identity-maps exactly the first 4 GiB. */
	return 1ull << 32;
}
