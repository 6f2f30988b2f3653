/*
 * PVH direct boot (QEMU -kernel with an ELF note of type XEN_ELFNOTE_PHYS32_ENTRY): the kernel is
 * entered in 32-bit protected mode with ebx = physical address of struct hvm_start_info (Xen's
 * public/arch-x86/hvm/start_info.h). Version 1 adds the memory map.
 */
#include <boot.h>
#include <mem.h>
#include <le.h>

enum {
	SI_MAGIC = 0,
	SI_VERSION = 4,
	SI_NR_MODULES = 12,
	SI_MODLIST = 16,
	SI_CMDLINE = 24,
	SI_RSDP = 32,
	SI_MEMMAP = 40,
	SI_MEMMAP_ENTRIES = 48,
	SI_SIZE_V0 = 40,
	SI_SIZE_V1 = 56,
};

#define PVH_MAX_MODULES 64
#define PVH_MAX_MEMMAP 1024

const char *pvh_collect(struct bootinfo *bi, const struct phys_view *pv, uint64_t start_info_phys)
{
	bootinfo_init(bi);
	const uint8_t *si = pv->map(pv->ctx, start_info_phys, SI_SIZE_V0);
	if (!si)
		return "PVH start info is not readable";
	if (le32(si + SI_MAGIC) != PVH_START_MAGIC)
		return "bad PVH start info magic";
	uint32_t version = le32(si + SI_VERSION);
	if (version < 1)
		return "PVH start info version 0 carries no memory map";
	si = pv->map(pv->ctx, start_info_phys, SI_SIZE_V1);
	if (!si)
		return "PVH start info is not readable";

	uint32_t n = le32(si + SI_MEMMAP_ENTRIES);
	if (n == 0 || n > PVH_MAX_MEMMAP)
		return "PVH memory map has a bad entry count";
	const uint8_t *mm = pv->map(pv->ctx, le64(si + SI_MEMMAP), (uint64_t)n * 24);
	if (!mm)
		return "PVH memory map is not readable";
	bi->memory_source = "PVH memory map (e820)";
	for (uint32_t i = 0; i < n; i++)
		boot_add_e820(bi, le64(mm + 24 * i), le64(mm + 24 * i + 8), le32(mm + 24 * i + 16));
	if (bi->n_usable == 0)
		return "PVH memory map has no usable memory";

	uint64_t cmdline = le64(si + SI_CMDLINE);
	if (cmdline) {
		bool trunc;
		if (boot_read_string(pv, cmdline, bi->cmdline, sizeof bi->cmdline, &trunc) < 0)
			return "PVH command line is not readable";
		bi->cmdline_truncated = trunc;
	}

	uint32_t nmod = le32(si + SI_NR_MODULES);
	if (nmod > PVH_MAX_MODULES)
		return "PVH module count is implausibly large";
	const uint8_t *mods = nmod ? pv->map(pv->ctx, le64(si + SI_MODLIST), (uint64_t)nmod * 32) : NULL;
	if (nmod && !mods)
		return "PVH module list is not readable";
	for (uint32_t i = 0; i < nmod; i++) {
		char name[BOOTINFO_NAME_MAX] = "";
		uint64_t name_phys = le64(mods + 32 * i + 16);
		if (name_phys && boot_read_string(pv, name_phys, name, sizeof name, NULL) < 0)
			return "PVH module name is not readable";
		bootinfo_add_module(bi, le64(mods + 32 * i), le64(mods + 32 * i + 8), name, sizeof name);
	}
	bi->acpi_rsdp = le64(si + SI_RSDP);
	return NULL;
}
