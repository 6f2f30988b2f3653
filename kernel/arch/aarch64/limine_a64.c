/*
 * BOOT=limine on aarch64, before kmain: the aarch64 half of the image move (the portable half is
 * kernel/boot/limine_move.c). The rest of the kernel assumes what entry.S arranges: the image at
 * KERNEL_PHYS, TTBR1 mapping the image's GiB at its link address and TTBR0 mapping the low
 * physical space 1:1 (GiB 0 as device memory for the UART and GIC, the RAM window as normal
 * memory) until hal_mmu_init. These are those tables, in entry.S's layout, filled here in the
 * loaded image before the copy; limine_entry (limine_a64.S) loads the copy's through
 * limine_ttbr0/limine_ttbr1. When the image cannot move, the identity half alone is installed in
 * the loaded image so that kmain's report reaches the UART.
 */
#include <limine_proto.h>
#include <mem.h>
#include "arch.h"

#define GIB (1ull << 30)
#define BLOCK_NORMAL (PTE_VALID | PTE_ATTR(MAIR_IDX_NORMAL) | PTE_SH_INNER | PTE_AF)
#define BLOCK_DEVICE (PTE_VALID | PTE_ATTR(MAIR_IDX_DEVICE) | PTE_AF | PTE_PXN | PTE_UXN)
#define TABLE (PTE_VALID | PTE_TABLE)

extern char __kernel_start[], __kernel_end[];

enum { T_L0_LO, T_L1_LO, T_L0_HI, T_L1_HI, T_COUNT };
static uint64_t limine_tables[T_COUNT][512] __attribute__((aligned(4096)));
/* Physical addresses of the two roots in the copy, for limine_entry. */
uint64_t limine_ttbr0, limine_ttbr1;

static uint64_t tphys(unsigned t)
{
	return (uintptr_t)limine_tables[t] - KERNEL_VOFFSET;
}

void limine_arch_image(struct limine_image *img)
{
	img->phys_start = (uintptr_t)__kernel_start - KERNEL_VOFFSET;
	img->phys_end = (uintptr_t)__kernel_end - KERNEL_VOFFSET;
	img->virt_start = (uintptr_t)__kernel_start;
}

/* TTBR0's two tables: the low physical space 1:1, the level 1 table at physical l1. */
static void fill_identity(uint64_t l1)
{
	uint64_t(*t)[512] = limine_tables;
	memset(t[T_L0_LO], 0, sizeof t[T_L0_LO]);
	memset(t[T_L1_LO], 0, sizeof t[T_L1_LO]);
	t[T_L0_LO][0] = l1 | TABLE;
	t[T_L1_LO][0] = BLOCK_DEVICE;
	for (uint64_t i = 1; i < BOOT_IDENTITY_LIMIT / GIB; i++)
		t[T_L1_LO][i] = (i * GIB) | BLOCK_NORMAL;
}

const char *limine_arch_prepare(const struct limine_responses *rs, const struct phys_view *pv)
{
	(void)rs, (void)pv;
	uint64_t(*t)[512] = limine_tables;
	memset(t, 0, sizeof limine_tables);
	fill_identity(tphys(T_L1_LO));
	t[T_L0_HI][511] = tphys(T_L1_HI) | TABLE;
	t[T_L1_HI][(KERNEL_VIRT / GIB) % 512] = (KERNEL_PHYS & ~(GIB - 1)) | BLOCK_NORMAL;
	limine_ttbr0 = tphys(T_L0_LO);
	limine_ttbr1 = tphys(T_L0_HI);
	return NULL;
}

/* TTBR0 is the kernel's to use under base revision 2 and Limine's TCR walks it with 4 KiB
 * granules like TTBR1: the identity tables alone give the console its device mapping, while
 * the image keeps running through Limine's TTBR1. MAIR index 0 is the same in both MAIRs. */
void limine_arch_fallback(uint64_t image_phys, uint64_t hhdm)
{
	(void)hhdm;
	uint64_t tables = image_phys + ((uintptr_t)limine_tables - (uintptr_t)__kernel_start);
	fill_identity(tables + T_L1_LO * sizeof limine_tables[0]);
	dsb(ishst);
	sysreg_write(mair_el1, MAIR_VALUE);
	sysreg_write(ttbr0_el1, tables + T_L0_LO * sizeof limine_tables[0]);
	isb();
	__asm__ volatile("tlbi vmalle1" ::: "memory");
	dsb(nsh);
	isb();
}
