/*
 * BOOT=limine on x86_64, before kmain: moves the kernel image to its link physical address and
 * builds the boot page tables limine_entry (limine_64.S) then loads.
 *
 * Why: the rest of the kernel assumes the image sits at virtual - KERNEL_BASE and that the first
 * 4 GiB are identity-mapped until hal_mmu_init (as every other x86_64 entry arranges). Limine
 * keeps the virtual addresses but puts the image wherever its allocator found room and maps only
 * the image and its higher-half direct map (HHDM). So this runs on Limine's tables: it checks that
 * the link physical range [__kernel_start, __kernel_end) is usable memory in Limine's map (so it
 * holds none of Limine's responses, modules or the loaded image itself), fills the boot tables
 * (identity 4 GiB + KERNEL_BASE -> 0, the layout of entry_64.S's BUILD_BOOT_TABLES) in the
 * loaded copy, and copies the whole image, bss and tables included, through the HHDM. The last
 * write to the image happens before the copy; after it only the stack (Limine's) changes.
 *
 * Limine's structures are read at the addresses it wrote, trusted only as far as the counts go
 * (bounded): there is no fault handler yet, and the full, checked parse is limine_collect's.
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

static const uint64_t *at(uint64_t addr)
{
	return (const uint64_t *)(uintptr_t)addr;
}

/* Whether [base, end) is covered by usable entries of Limine's memory map. */
static bool usable(const struct limine_responses *rs, uint64_t base, uint64_t end)
{
	const uint64_t *r = at(rs->memmap);
	uint64_t n = r[LIMINE_LIST_COUNT / 8];
	const uint64_t *entries = at(r[LIMINE_LIST_ARRAY / 8]);
	if (n > 4096 || !entries)
		return false;
	for (bool advanced = true; base < end && advanced;) {
		advanced = false;
		for (uint64_t i = 0; i < n; i++) {
			const uint64_t *e = at(entries[i]);
			if (e && e[2] == LIMINE_MEM_USABLE && e[0] <= base && base - e[0] < e[1]) {
				base = e[0] + e[1];
				advanced = true;
			}
		}
	}
	return base >= end;
}

const char *limine_move_image(uint64_t *hhdm_out)
{
	struct limine_responses rs;
	limine_read_responses(&rs);
	if (!rs.hhdm || !rs.memmap)
		return "not booted by a Limine loader (no HHDM or memory map response)";
	if (rs.base_revision_left != 0)
		return "the Limine loader does not support the kernel's base revision";
	uint64_t hhdm = at(rs.hhdm)[LIMINE_HHDM_OFFSET / 8];
	uint64_t start = (uintptr_t)__kernel_start, end = (uintptr_t)__kernel_end;
	if (!usable(&rs, start, end))
		return "the kernel's physical range (from 1 MiB) is not free memory in Limine's map, so "
		       "the image cannot be moved where it is linked";

	uint64_t(*t)[512] = limine_boot_tables;
	memset(t, 0, sizeof limine_boot_tables);
	t[T_PML4][0] = tphys(T_PDPT) | PTE_P | PTE_W;
	t[T_PML4][511] = tphys(T_PDPT_HIGH) | PTE_P | PTE_W;
	t[T_PDPT_HIGH][510] = tphys(T_PD0) | PTE_P | PTE_W; /* KERNEL_BASE -> phys 0, 1 GiB */
	for (unsigned i = 0; i < 4; i++)
		t[T_PDPT][i] = tphys(T_PD0 + i) | PTE_P | PTE_W;
	for (uint64_t i = 0; i < 4 * 512; i++)
		t[T_PD0 + i / 512][i % 512] = (i << 21) | PTE_P | PTE_W | PTE_PS;

	memcpy((void *)(uintptr_t)(hhdm + start), (const void *)(uintptr_t)(KERNEL_BASE + start),
	       end - start);
	*hhdm_out = hhdm;
	return NULL;
}
