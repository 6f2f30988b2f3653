/*
 * aarch64 entry state: the kernel's entry.S follows the Linux arm64 boot protocol, which wants the
 * MMU and data cache off and x0 = its argument (here the handoff). UEFI runs with both on, so the
 * loader cleans what the kernel reads first to the point of coherency, then aarch64_off.S turns
 * the MMU and caches off (code runs identity-mapped, so the next instruction is still there) and
 * jumps.
 */
#include "loader.h"

const uint16_t ldr_arch_elf_machine = 183; /* EM_AARCH64 */

void ldr_aarch64_off_and_jump(uint64_t entry, uint64_t x0) __attribute__((noreturn));

uint64_t ldr_arch_boot_cpu(struct efi_system_table *st)
{
	(void)st;
	return 0; /* the kernel reads MPIDR itself */
}

/* Clean and invalidate [base, base+size) by virtual address to the point of coherency, so the
 * kernel sees the loader's writes with caches off and no dirty line is written back over it
 * later. */
static void clean_range(uint64_t base, uint64_t size)
{
	uint64_t ctr;
	__asm__ volatile("mrs %0, ctr_el0" : "=r"(ctr));
	uint64_t line = 4ull << ((ctr >> 16) & 0xf); /* DminLine: log2 of words */
	for (uint64_t a = base & ~(line - 1); a < base + size; a += line)
		__asm__ volatile("dc civac, %0" ::"r"(a) : "memory");
	__asm__ volatile("dsb sy" ::: "memory");
}

void ldr_arch_enter(uint64_t entry, uint64_t handoff, uint64_t boot_cpu, uint64_t kbase,
		    uint64_t ksize, uint64_t hbase, uint64_t hsize)
{
	(void)boot_cpu;
	__asm__ volatile("msr daifset, #0xf" ::: "memory");
	clean_range(kbase, ksize);
	clean_range(hbase, hsize);
	ldr_aarch64_off_and_jump(entry, handoff);
}
