/*
 * BOOT=limine on riscv64, before kmain: the riscv64 half of the image move (the portable half is
 * kernel/boot/limine_move.c). The rest of the kernel assumes what entry.S arranges: the image at
 * its link physical address (virtual - KERNEL_VIRT_OFFSET), one Sv39 root of 1 GiB leaves mapping
 * the lower half 1:1 and the image's gigabyte at its link address, and riscv_boot_hart set.
 * Limine passes no hart id in a register; the protocol's only source is the SMP response's boot
 * hart id (the request is built in for this architecture, arch.mk), checked here against the
 * response's own list. The root is filled in the loaded image before the copy; limine_entry
 * (limine_rv64.S) loads the copy's through limine_satp. When the image cannot move, a copy of
 * Limine's root with the lower half mapped 1:1 is installed in the loaded image instead, so
 * that kmain's report reaches the UART.
 */
#include <limine_proto.h>
#include <mem.h>
#include "riscv.h"

#define GIB_SHIFT 30
#define PTE_BOOT_LEAF 0xcfull /* V R W X A D, as entry.S: W^X comes with hal_mmu_init */
#define PTE_GLOBAL 0x20ull
#define PTE_VALID 0x1ull
#define SATP_PPN_MASK ((1ull << 44) - 1)

extern char __kernel_start[], __kernel_end[];

static uint64_t limine_root[512] __attribute__((aligned(4096)));
/* Tables between the root and the gigabyte leaves of the lower half under Sv48 and Sv57, for
 * the fallback below. */
static uint64_t limine_lower[2][512] __attribute__((aligned(4096)));
/* satp for the copy's root, for limine_entry. */
uint64_t limine_satp;

static uint64_t leaf(uint64_t phys)
{
	return (phys >> 12) << 10 | PTE_BOOT_LEAF;
}

void limine_arch_image(struct limine_image *img)
{
	img->phys_start = (uintptr_t)__kernel_start - KERNEL_VIRT_OFFSET;
	img->phys_end = (uintptr_t)__kernel_end - KERNEL_VIRT_OFFSET;
	img->virt_start = (uintptr_t)__kernel_start;
}

const char *limine_arch_prepare(const struct limine_responses *rs, const struct phys_view *pv)
{
	const char *err = limine_boot_cpu_id(pv, rs->smp, &riscv_boot_hart);
	if (err)
		return err;
	memset(limine_root, 0, sizeof limine_root);
	for (uint64_t i = 0; i < USER_VA_END >> GIB_SHIFT; i++)
		limine_root[i] = leaf(i << GIB_SHIFT);
	/* The image's gigabyte: kernel.ld keeps virtual and physical equal modulo 1 GiB. */
	uintptr_t virt = (uintptr_t)__kernel_start;
	uint64_t phys = virt - KERNEL_VIRT_OFFSET;
	limine_root[(virt >> GIB_SHIFT) & 511] = leaf(phys >> GIB_SHIFT << GIB_SHIFT) | PTE_GLOBAL;
	limine_satp = SATP_MODE_SV39 | (((uintptr_t)limine_root - KERNEL_VIRT_OFFSET) >> 12);
	return NULL;
}

void limine_arch_fallback(uint64_t image_phys, uint64_t hhdm)
{
	uint64_t satp = csr_read(satp);
	uint64_t mode = satp >> 60;
	if (mode < 8 || mode > 10) /* Sv39, Sv48, Sv57 */
		return;
	uint64_t delta = image_phys - (uintptr_t)__kernel_start;
	memcpy(limine_root, (const void *)(uintptr_t)(hhdm + ((satp & SATP_PPN_MASK) << 12)),
	       sizeof limine_root);
	/* Limine's upper half stays (the image runs there); entry 0 onwards gets the identity. */
	uint64_t *t = limine_root;
	for (uint64_t l = 0; l < mode - 8; l++) {
		memset(limine_lower[l], 0, sizeof limine_lower[l]);
		t[0] = (((uintptr_t)limine_lower[l] + delta) >> 12) << 10 | PTE_VALID;
		t = limine_lower[l];
	}
	for (uint64_t i = 0; i < USER_VA_END >> GIB_SHIFT; i++)
		t[i] = leaf(i << GIB_SHIFT);
	__asm__ volatile("sfence.vma" ::: "memory");
	csr_write(satp, (satp & ~SATP_PPN_MASK) | (((uintptr_t)limine_root + delta) >> 12));
	__asm__ volatile("sfence.vma" ::: "memory");
}
