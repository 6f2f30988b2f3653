/*
 * x86_64 entry state: the firmware left the CPU in 64-bit long mode on its own identity mapping.
 * The kernel's uefi_entry (kernel/arch/x86/entry_64.S, named by the kernel's ELF note) expects
 * exactly that, with interrupts off, rdi = handoff and rsi = UEFI_HANDOFF_MAGIC; it switches to its
 * own GDT and page tables before touching anything else.
 */
#include "loader.h"
#include <uefi_handoff.h>

const uint16_t ldr_arch_elf_machine = 62; /* EM_X86_64 */

uint64_t ldr_arch_boot_cpu(struct efi_system_table *st)
{
	(void)st;
	return 0; /* the kernel finds its CPUs through ACPI */
}

void ldr_arch_enter(uint64_t entry, uint64_t handoff, uint64_t boot_cpu, uint64_t kbase,
		    uint64_t ksize, uint64_t hbase, uint64_t hsize)
{
	(void)boot_cpu, (void)kbase, (void)ksize, (void)hbase, (void)hsize;
	__asm__ volatile("cli\n\tjmp *%0" ::"r"(entry), "D"(handoff),
			 "S"((uint64_t)UEFI_HANDOFF_MAGIC)
			 : "memory");
	__builtin_unreachable();
}
