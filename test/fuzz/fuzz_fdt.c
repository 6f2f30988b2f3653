/*
 * libFuzzer target: the device tree reader and the BOOT=raw adapter. The input is a DTB; whatever
 * fdt_open accepts is walked with every accessor, and the same bytes are handed to
 * fdt_bootinfo_collect as if the loader had put them in RAM.
 */
#include "fakemem.h"
#include "fdt_build.h"

#include <boot.h>
#include <fdt.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fdt f;
	if (!fdt_open(&f, data, size))
		fdtb_exercise(&f);

	struct fakemem fm;
	fakemem_init_from(&fm, 0x40000000, data, size);
	struct phys_view pv = fakemem_view(&fm);
	struct bootinfo bi;
	if (!fdt_bootinfo_collect(&bi, &pv, 0x40000000)) {
		/* What an accepted tree promises the kernel. */
		if (bi.n_usable == 0 || bi.n_usable > BOOTINFO_MAX_RANGES ||
		    strlen(bi.cmdline) >= BOOTINFO_CMDLINE_MAX)
			__builtin_trap();
	}
	fakemem_free(&fm);
	return 0;
}
