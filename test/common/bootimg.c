/* Typical loader hand-overs for tests and fuzz seeds; see bootimg.h. */
#include "bootimg.h"

#include <string.h>

void bootimg_fuzz(const uint8_t *data, size_t size, bootimg_collect collect)
{
	struct fakemem fm;
	fakemem_init_from(&fm, BOOTIMG_FUZZ_BASE, data, size);
	struct phys_view pv = fakemem_view(&fm);
	struct bootinfo bi;
	const char *err = collect(&bi, &pv, BOOTIMG_FUZZ_BASE);
	if (bi.n_usable > BOOTINFO_MAX_RANGES || bi.n_reserved > BOOTINFO_MAX_RANGES ||
	    bi.n_modules > BOOTINFO_MAX_MODULES || strlen(bi.cmdline) >= BOOTINFO_CMDLINE_MAX)
		__builtin_trap();
	if (!err && bi.n_usable == 0)
		__builtin_trap();
	fakemem_free(&fm);
}

static const struct { uint64_t base, size; uint32_t type; } sample_map[3] = {
	{ 0, 0xa0000, 1 },
	{ 0xf0000, 0x10000, 2 },
	{ 0x100000, 0xff00000, 1 },
};

struct bootimg bootimg_mb1(struct fakemem *fm, const char *cmdline)
{
	struct bootimg im = { 0 };
	im.info = fakemem_alloc(fm, 88, 8); /* the full Multiboot 1 info size */
	im.mmap = fakemem_alloc(fm, 3 * 24, 8);
	for (int i = 0; i < 3; i++) {
		uint64_t e = im.mmap + 24 * i;
		fakemem_w32(fm, e, 20); /* size, not counting itself */
		fakemem_w64(fm, e + 4, sample_map[i].base);
		fakemem_w64(fm, e + 12, sample_map[i].size);
		fakemem_w32(fm, e + 20, sample_map[i].type);
	}
	uint64_t name = fakemem_str(fm, "initrd");
	im.mods = fakemem_alloc(fm, 2 * 16, 8);
	fakemem_w32(fm, im.mods, 0x800000);
	fakemem_w32(fm, im.mods + 4, 0x801000);
	fakemem_w32(fm, im.mods + 8, (uint32_t)name);
	fakemem_w32(fm, im.mods + 16, 0x900000);
	fakemem_w32(fm, im.mods + 20, 0x900200);
	im.cmdline = fakemem_str(fm, cmdline);

	fakemem_w32(fm, im.info + 0, 1u << 0 | 1u << 2 | 1u << 3 | 1u << 6);
	fakemem_w32(fm, im.info + 4, 640);
	fakemem_w32(fm, im.info + 8, 261120);
	fakemem_w32(fm, im.info + 16, (uint32_t)im.cmdline);
	fakemem_w32(fm, im.info + 20, 2);
	fakemem_w32(fm, im.info + 24, (uint32_t)im.mods);
	fakemem_w32(fm, im.info + 44, 3 * 24);
	fakemem_w32(fm, im.info + 48, (uint32_t)im.mmap);
	return im;
}

/* Appends one Multiboot 2 tag of size bytes (header included), 8-byte aligned. */
static uint64_t mb2_tag(struct fakemem *fm, uint32_t type, uint32_t size)
{
	uint64_t t = fakemem_alloc(fm, (size + 7u) & ~7u, 8);
	fakemem_w32(fm, t, type);
	fakemem_w32(fm, t + 4, size);
	return t;
}

struct bootimg bootimg_mb2(struct fakemem *fm, const char *cmdline)
{
	struct bootimg im = { 0 };
	im.info = fakemem_alloc(fm, 8, 8);

	uint32_t clen = (uint32_t)strlen(cmdline) + 1;
	im.cmdline = mb2_tag(fm, 1, 8 + clen);
	memcpy(fakemem_ptr(fm, im.cmdline + 8, clen), cmdline, clen);

	uint64_t t = mb2_tag(fm, 4, 16);
	fakemem_w32(fm, t + 8, 639);
	fakemem_w32(fm, t + 12, 261120);

	im.mmap = mb2_tag(fm, 6, 16 + 3 * 24);
	fakemem_w32(fm, im.mmap + 8, 24); /* entry size */
	fakemem_w32(fm, im.mmap + 12, 0); /* entry version */
	for (int i = 0; i < 3; i++) {
		uint64_t e = im.mmap + 16 + 24 * i;
		fakemem_w64(fm, e, sample_map[i].base);
		fakemem_w64(fm, e + 8, sample_map[i].size);
		fakemem_w32(fm, e + 16, sample_map[i].type);
	}

	im.mods = mb2_tag(fm, 3, 16 + 7);
	fakemem_w32(fm, im.mods + 8, 0x800000);
	fakemem_w32(fm, im.mods + 12, 0x801000);
	memcpy(fakemem_ptr(fm, im.mods + 16, 7), "initrd", 7);
	t = mb2_tag(fm, 3, 16 + 1);
	fakemem_w32(fm, t + 8, 0x900000);
	fakemem_w32(fm, t + 12, 0x900200);

	/* An ACPI 2.0 RSDP copy: 36 bytes after the tag header. */
	im.acpi = mb2_tag(fm, 15, 8 + 36);
	memcpy(fakemem_ptr(fm, im.acpi + 8, 8), "RSD PTR ", 8);

	im.end = mb2_tag(fm, 0, 8);
	im.total = (uint32_t)(fm->base + fm->used - im.info);
	fakemem_w32(fm, im.info, im.total);
	return im;
}

struct bootimg bootimg_pvh(struct fakemem *fm, const char *cmdline)
{
	struct bootimg im = { 0 };
	im.info = fakemem_alloc(fm, 56, 8);
	im.mmap = fakemem_alloc(fm, 3 * 24, 8);
	for (int i = 0; i < 3; i++) {
		uint64_t e = im.mmap + 24 * i;
		fakemem_w64(fm, e, sample_map[i].base);
		fakemem_w64(fm, e + 8, sample_map[i].size);
		fakemem_w32(fm, e + 16, sample_map[i].type);
	}
	im.cmdline = fakemem_str(fm, cmdline);
	uint64_t name = fakemem_str(fm, "initrd");
	im.mods = fakemem_alloc(fm, 32, 8);
	fakemem_w64(fm, im.mods, 0x800000);
	fakemem_w64(fm, im.mods + 8, 0x1000);
	fakemem_w64(fm, im.mods + 16, name);

	fakemem_w32(fm, im.info + 0, 0x336ec578); /* "xEn3" */
	fakemem_w32(fm, im.info + 4, 1);           /* version */
	fakemem_w32(fm, im.info + 12, 1);          /* nr_modules */
	fakemem_w64(fm, im.info + 16, im.mods);
	fakemem_w64(fm, im.info + 24, im.cmdline);
	fakemem_w64(fm, im.info + 32, 0xf5a40);    /* rsdp_paddr */
	fakemem_w64(fm, im.info + 40, im.mmap);
	fakemem_w32(fm, im.info + 48, 3);
	return im;
}
