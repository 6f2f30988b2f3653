/*
 * libFuzzer target: the multiboot1 boot adapter. The input is physical memory at BOOTIMG_FUZZ_BASE
 * holding a Multiboot 1 info structure at its start; pointers inside it may point anywhere, and
 * only the input's own bytes are mapped. Each map() is an exact-size copy, so ASan catches any
 * read past what the adapter asked for.
 */
#include "bootimg.h"

#include <boot.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fakemem fm;
	fakemem_init_from(&fm, BOOTIMG_FUZZ_BASE, data, size);
	struct phys_view pv = fakemem_view(&fm);
	struct bootinfo bi;
	const char *err = multiboot1_collect(&bi, &pv, MULTIBOOT1_BOOT_MAGIC, BOOTIMG_FUZZ_BASE);
	/* Accepted or not, the bootinfo must be consistent: kmain prints it either way. */
	if (bi.n_usable > BOOTINFO_MAX_RANGES || bi.n_reserved > BOOTINFO_MAX_RANGES ||
	    bi.n_modules > BOOTINFO_MAX_MODULES || strlen(bi.cmdline) >= BOOTINFO_CMDLINE_MAX)
		__builtin_trap();
	if (!err && bi.n_usable == 0)
		__builtin_trap();
	fakemem_free(&fm);
	return 0;
}
