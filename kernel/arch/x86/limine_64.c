/*
 * BOOT=limine on x86_64, before kmain: the x86_64 half of the image move (the portable half is
 * kernel/boot/limine_move.c). The rest of the kernel assumes the image at virtual - KERNEL_BASE
 * and the first 4 GiB identity-mapped until hal_mmu_init, as every other x86_64 entry arranges.
 * So the image's link physical range is [__kernel_start, __kernel_end) (physical symbols in
 * kernel_64_limine.ld), and the boot tables limine_entry (limine_64.S) loads after the copy are
 * the layout of entry_64.S's BUILD_BOOT_TABLES: identity 4 GiB + KERNEL_BASE -> 0.
 */
#include "x86.h"
#include <boot.h>
#include <limine_proto.h>
#include <mem.h>

#define PTE_P 0x1ull
#define PTE_W 0x2ull
#define PTE_PS 0x80ull

extern char __kernel_start[], __kernel_end[];

/* PML4, the identity PDPT, the KERNEL_BASE PDPT and four directories of 2 MiB pages. */
enum { T_PML4, T_PDPT, T_PDPT_HIGH, T_PD0, T_COUNT = T_PD0 + 4 };
uint64_t limine_boot_tables[T_COUNT][512] __attribute__((aligned(4096)));

static uint64_t tphys(unsigned t)
{
	return (uintptr_t)limine_boot_tables[t] - KERNEL_BASE;
}

void limine_arch_image(struct limine_image *img)
{
	img->phys_start = (uintptr_t)__kernel_start;
	img->phys_end = (uintptr_t)__kernel_end;
	img->virt_start = KERNEL_BASE + img->phys_start;
}

const char *limine_arch_prepare(const struct limine_responses *rs, const struct phys_view *pv)
{
	(void)rs, (void)pv;
	uint64_t(*t)[512] = limine_boot_tables;
	memset(t, 0, sizeof limine_boot_tables);
	t[T_PML4][0] = tphys(T_PDPT) | PTE_P | PTE_W;
	t[T_PML4][511] = tphys(T_PDPT_HIGH) | PTE_P | PTE_W;
	t[T_PDPT_HIGH][510] = tphys(T_PD0) | PTE_P | PTE_W; /* KERNEL_BASE -> phys 0, 1 GiB */
	for (unsigned i = 0; i < 4; i++)
		t[T_PDPT][i] = tphys(T_PD0 + i) | PTE_P | PTE_W;
	for (uint64_t i = 0; i < 4 * 512; i++)
		t[T_PD0 + i / 512][i % 512] = (i << 21) | PTE_P | PTE_W | PTE_PS;
	return NULL;
}

void limine_arch_fallback(uint64_t image_phys, uint64_t hhdm)
{
	(void)image_phys, (void)hhdm; /* the console is port I/O: reachable on any tables */
}
