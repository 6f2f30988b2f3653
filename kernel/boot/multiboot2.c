/*
 * Multiboot 2 (GRUB `multiboot2`): eax = 0x36d76289, ebx = physical address of the boot
 * information: total_size u32, reserved u32, then 8-byte-aligned tags (type u32, size u32, ...)
 * ending with a type 0 tag. Every tag must lie inside total_size.
 */
#include <boot.h>
#include <mem.h>
#include <le.h>

enum {
	MB2_TAG_END = 0,
	MB2_TAG_CMDLINE = 1,
	MB2_TAG_MODULE = 3,
	MB2_TAG_BASIC_MEMINFO = 4,
	MB2_TAG_MMAP = 6,
	MB2_TAG_FRAMEBUFFER = 8,
	MB2_TAG_ACPI_OLD = 14,
	MB2_TAG_ACPI_NEW = 15,
};

/* GRUB's info is a few KiB; anything past this is corrupt, not generous. */
#define MB2_MAX_INFO (1024 * 1024)

static const char *tag_mmap(struct bootinfo *bi, const uint8_t *t, uint32_t size)
{
	if (size < 16)
		return "multiboot2 memory map tag truncated";
	uint32_t esize = le32(t + 8);
	if (esize < 24 || esize % 8)
		return "multiboot2 memory map has a bad entry size";
	for (uint32_t off = 16; size - off >= esize; off += esize)
		boot_add_e820(bi, le64(t + off), le64(t + off + 8), le32(t + off + 16));
	return NULL;
}

static const char *tag_module(struct bootinfo *bi, const uint8_t *t, uint32_t size)
{
	if (size < 17)
		return "multiboot2 module tag truncated";
	uint32_t start = le32(t + 8), end = le32(t + 12);
	if (end < start)
		return "multiboot2 module ends before it starts";
	bootinfo_add_module(bi, start, end - start, (const char *)t + 16, size - 16);
	return NULL;
}

const char *multiboot2_collect(struct bootinfo *bi, const struct phys_view *pv, uint64_t magic,
			       uint64_t info_phys)
{
	bootinfo_init(bi);
	if (magic != MULTIBOOT2_BOOT_MAGIC)
		return "not booted by a Multiboot 2 loader (bad magic in eax)";
	const uint8_t *hdr = pv->map(pv->ctx, info_phys, 8);
	if (!hdr)
		return "multiboot2 info is not readable";
	uint32_t total = le32(hdr + 0);
	if (total < 16 || total > MB2_MAX_INFO)
		return "multiboot2 info has a bad total_size";
	const uint8_t *info = pv->map(pv->ctx, info_phys, total);
	if (!info)
		return "multiboot2 info extends past readable memory";

	bool ended = false, have_mmap = false;
	uint64_t lower = 0, upper = 0;
	const char *err = NULL;
	for (uint32_t off = 8; !ended;) {
		if (total - off < 8)
			return "multiboot2 info has no end tag";
		const uint8_t *t = info + off;
		uint32_t type = le32(t + 0), size = le32(t + 4);
		if (size < 8 || size > total - off)
			return "multiboot2 tag runs past the end of the info";
		switch (type) {
		case MB2_TAG_END:
			ended = true;
			break;
		case MB2_TAG_CMDLINE:
			bootinfo_set_cmdline(bi, (const char *)t + 8, size - 8);
			break;
		case MB2_TAG_MODULE:
			err = tag_module(bi, t, size);
			break;
		case MB2_TAG_BASIC_MEMINFO:
			if (size < 16)
				return "multiboot2 memory info tag truncated";
			lower = (uint64_t)le32(t + 8) * 1024;
			upper = (uint64_t)le32(t + 12) * 1024;
			break;
		case MB2_TAG_MMAP:
			have_mmap = true;
			err = tag_mmap(bi, t, size);
			break;
		case MB2_TAG_FRAMEBUFFER:
			/* addr u64, pitch, width, height u32, bpp u8, type u8, reserved u16, colour info */
			if (size < 32)
				return "multiboot2 framebuffer tag truncated";
			err = bootinfo_set_framebuffer(bi, le64(t + 8), le32(t + 16), le32(t + 20),
						       le32(t + 24), t[28], t[29], t + 32, size - 32);
			break;
		case MB2_TAG_ACPI_OLD:
		case MB2_TAG_ACPI_NEW:
			/* The tag holds a copy of the RSDP; prefer the ACPI 2.0 one. */
			if (size >= 8 + 20 && (type == MB2_TAG_ACPI_NEW || !bi->acpi_rsdp))
				bi->acpi_rsdp = info_phys + off + 8;
			break;
		default:
			break; /* tags we do not use yet (framebuffer, ELF sections, ...) */
		}
		if (err)
			return err;
		off += (size + 7u) & ~7u;
		if (off > total && !ended)
			return "multiboot2 info has no end tag";
	}

	if (have_mmap) {
		bi->memory_source = "multiboot2 memory map";
	} else {
		bi->memory_source = "multiboot2 basic memory info";
		bootinfo_add_usable(bi, 0, lower);
		bootinfo_add_usable(bi, 0x100000, upper);
	}
	if (bi->n_usable == 0)
		return "multiboot2 loader reported no memory";
	/* The info block holds the RSDP copy the kernel will read later. */
	if (bi->acpi_rsdp)
		bootinfo_add_reserved(bi, info_phys, total, "boot info");
	return NULL;
}
