/*
 * bootimg: typical loader hand-overs (Multiboot 1, Multiboot 2, PVH) laid out in a fakemem, the
 * info structure first. Unit tests start from these and break one field at a time; the fuzz seed
 * generator dumps them as starting points for the fuzzers.
 */
#ifndef BOOTIMG_H
#define BOOTIMG_H

#include "fakemem.h"

/* Where the fuzzers place their input in physical memory (info structure at the start). */
#define BOOTIMG_FUZZ_BASE 0x100000u

struct bootimg {
	uint64_t info;     /* what the loader passes in ebx */
	uint64_t mmap;     /* memory map (mb1: the entries; mb2: the mmap tag; pvh: the entries) */
	uint64_t mods;     /* module list (mb1, pvh) or the first module tag (mb2) */
	uint64_t cmdline;  /* command line string (mb1, pvh) or tag (mb2) */
	uint64_t acpi;     /* mb2: the ACPI tag */
	uint64_t end;      /* mb2: the end tag */
	uint32_t total;    /* mb2: total_size */
};

/* Three memory map entries: usable 0-640K, reserved BIOS area, usable 1M-256M. Two modules
 * ("initrd" and an unnamed one) at 0x800000 and 0x900000. */
struct bootimg bootimg_mb1(struct fakemem *fm, const char *cmdline);
/* Tags: cmdline, basic meminfo, mmap (3 entries), two modules, ACPI 2.0 RSDP, end. */
struct bootimg bootimg_mb2(struct fakemem *fm, const char *cmdline);
/* hvm_start_info version 1 with a 3-entry memory map, cmdline, one module. */
struct bootimg bootimg_pvh(struct fakemem *fm, const char *cmdline);

/* A boot adapter with its magic (if any) bound: info is the info structure's physical address. */
typedef const char *(*bootimg_collect)(struct bootinfo *bi, const struct phys_view *pv,
				       uint64_t info);
/*
 * The body of the boot adapter fuzzers: data becomes physical memory at BOOTIMG_FUZZ_BASE (only
 * its own bytes mapped, each map() an exact-size copy, so ASan catches any read past what the
 * adapter asked for), collect runs on it, and the bootinfo it leaves must be consistent whether
 * or not it was accepted (kmain prints it either way); anything else traps.
 */
void bootimg_fuzz(const uint8_t *data, size_t size, bootimg_collect collect);

#endif
