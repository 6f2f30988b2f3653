/*
 * riscv64 entry state: U-Boot runs the loader in S-mode with satp bare (no translation), the
 * state OpenSBI hands to a kernel. The kernel's _start expects a0 = hart id and a1 = the argument
 * it passes on as kmain's arg0, which for BOOT=uefi is the handoff.
 *
 * U-Boot loads the image at whatever address it allocates, and no LLVM tool writes a
 * RISC-V PE, so the image is an ELF PIE linked at 0 behind a hand-written PE header (riscv64_pe.S)
 * and applies its own R_RISCV_RELATIVE relocations before efi_main (ldr_riscv_relocate).
 */
#include "efi.h"
#include "loader.h"

const uint16_t ldr_arch_elf_machine = 243; /* EM_RISCV */

/* RISCV_EFI_BOOT_PROTOCOL (RISC-V UEFI protocol specification): reports the boot hart. */
#define RISCV_EFI_BOOT_GUID                                                                        \
	{ 0xccd15fec, 0x6f73, 0x4eec, { 0x83, 0x95, 0x3e, 0x69, 0xe4, 0xb9, 0x40, 0xbf } }

struct riscv_efi_boot {
	uint64_t revision;
	efi_status (*get_boot_hartid)(struct riscv_efi_boot *self, uint64_t *hartid);
};

uint64_t ldr_arch_boot_cpu(struct efi_system_table *st)
{
	static const struct efi_guid guid = RISCV_EFI_BOOT_GUID;
	struct riscv_efi_boot *p;
	uint64_t hart = 0;
	/* Without the protocol (older firmware) hart 0 is the usual boot hart on QEMU virt. */
	if (st->boot_services->locate_protocol(&guid, NULL, (void **)&p) == EFI_SUCCESS)
		p->get_boot_hartid(p, &hart);
	return hart;
}

void ldr_arch_enter(uint64_t entry, uint64_t handoff, uint64_t boot_cpu, uint64_t kbase,
		    uint64_t ksize, uint64_t hbase, uint64_t hsize)
{
	(void)kbase, (void)ksize, (void)hbase, (void)hsize;
	register uint64_t a0 __asm__("a0") = boot_cpu;
	register uint64_t a1 __asm__("a1") = handoff;
	/* The kernel's code was written through the data side: fence.i makes it fetchable. */
	__asm__ volatile("csrci sstatus, 2\n\t"
			 "fence.i\n\t"
			 "jr %0" ::"r"(entry),
			 "r"(a0), "r"(a1)
			 : "memory");
	__builtin_unreachable();
}

/* ELF64 RELA entry and the one relocation type a PIE with no imports carries. */
struct rela {
	uint64_t offset, info;
	int64_t addend;
};
#define R_RISCV_RELATIVE 3

/* Called from riscv64_pe.S before anything reads a pointer from data. Returns 0, or -1 when the
 * image carries a relocation it does not understand (a build mistake worth refusing). */
long ldr_riscv_relocate(uint64_t base, const struct rela *r, const struct rela *end)
{
	for (; r < end; r++) {
		if ((uint32_t)r->info != R_RISCV_RELATIVE)
			return -1;
		*(uint64_t *)(uintptr_t)(base + r->offset) = base + (uint64_t)r->addend;
	}
	return 0;
}
