/*
 * Multiboot 1 (GRUB `multiboot`, QEMU -kernel on pc): eax = 0x2badb002, ebx = physical address of
 * the multiboot_info structure. Fields are valid only where the flags word says so.
 */
#include <boot.h>
#include <mem.h>
#include <le.h>

enum {
	MB1_FLAG_MEM = 1u << 0,
	MB1_FLAG_CMDLINE = 1u << 2,
	MB1_FLAG_MODS = 1u << 3,
	MB1_FLAG_MMAP = 1u << 6,
	MB1_FLAG_FB = 1u << 12,
};

/* Offsets in multiboot_info (Multiboot specification 0.6.96, section 3.3). */
enum {
	MB1_FLAGS = 0,
	MB1_MEM_LOWER = 4,
	MB1_MEM_UPPER = 8,
	MB1_CMDLINE = 16,
	MB1_MODS_COUNT = 20,
	MB1_MODS_ADDR = 24,
	MB1_MMAP_LENGTH = 44,
	MB1_MMAP_ADDR = 48,
	MB1_INFO_SIZE = 52, /* up to and including mmap_addr */
	MB1_FB_ADDR = 88,
	MB1_FB_PITCH = 96,
	MB1_FB_WIDTH = 100,
	MB1_FB_HEIGHT = 104,
	MB1_FB_BPP = 108,
	MB1_FB_TYPE = 109,
	MB1_FB_COLOR = 110,
	MB1_INFO_SIZE_FB = 116, /* with the framebuffer fields */
};

#define MB1_MAX_MODS 64
#define MB1_MAX_MMAP (64 * 1024)

static const char *collect_mmap(struct bootinfo *bi, const struct phys_view *pv, uint32_t addr,
				uint32_t length)
{
	if (length > MB1_MAX_MMAP)
		return "multiboot memory map is implausibly long";
	const uint8_t *m = pv->map(pv->ctx, addr, length);
	if (!m)
		return "multiboot memory map is not readable";
	/* Each entry: size (not counting itself), base_addr u64, length u64, type u32. */
	uint32_t off = 0;
	while (off < length) {
		if (length - off < 4)
			return "multiboot memory map entry truncated";
		uint32_t size = le32(m + off);
		if (size < 20 || size > length - off - 4)
			return "multiboot memory map entry has a bad size";
		boot_add_e820(bi, le64(m + off + 4), le64(m + off + 12), le32(m + off + 20));
		off += size + 4;
	}
	return NULL;
}

static const char *collect_modules(struct bootinfo *bi, const struct phys_view *pv, uint32_t addr,
				   uint32_t count)
{
	if (count > MB1_MAX_MODS)
		return "multiboot module count is implausibly large";
	const uint8_t *mods = pv->map(pv->ctx, addr, (uint64_t)count * 16);
	if (count && !mods)
		return "multiboot module list is not readable";
	for (uint32_t i = 0; i < count; i++) {
		uint32_t start = le32(mods + 16 * i), end = le32(mods + 16 * i + 4);
		uint32_t string = le32(mods + 16 * i + 8);
		if (end < start)
			return "multiboot module ends before it starts";
		char name[BOOTINFO_NAME_MAX] = "";
		if (string && boot_read_string(pv, string, name, sizeof name, NULL) < 0)
			return "multiboot module name is not readable";
		bootinfo_add_module(bi, start, end - start, name, sizeof name);
	}
	return NULL;
}

/*
 * Multiboot 1 loaders differ on whether the command line starts with the kernel image's path:
 * QEMU -kernel puts it there, GRUB 2 does not. A leading word starting with '/' is that path.
 */
static void strip_image_path(char *cmdline)
{
	if (cmdline[0] != '/')
		return;
	size_t i = 0;
	while (cmdline[i] && cmdline[i] != ' ')
		i++;
	while (cmdline[i] == ' ')
		i++;
	memmove(cmdline, cmdline + i, strlen(cmdline + i) + 1);
}

const char *multiboot1_collect(struct bootinfo *bi, const struct phys_view *pv, uint64_t magic,
			       uint64_t info_phys)
{
	bootinfo_init(bi);
	if (magic != MULTIBOOT1_BOOT_MAGIC)
		return "not booted by a Multiboot 1 loader (bad magic in eax)";
	const uint8_t *info = pv->map(pv->ctx, info_phys, MB1_INFO_SIZE);
	if (!info)
		return "multiboot info is not readable";
	uint32_t flags = le32(info + MB1_FLAGS);
	const char *err;

	if (flags & MB1_FLAG_MMAP) {
		bi->memory_source = "multiboot memory map";
		err = collect_mmap(bi, pv, le32(info + MB1_MMAP_ADDR), le32(info + MB1_MMAP_LENGTH));
		if (err)
			return err;
	} else if (flags & MB1_FLAG_MEM) {
		bi->memory_source = "multiboot mem_lower/mem_upper";
		bootinfo_add_usable(bi, 0, (uint64_t)le32(info + MB1_MEM_LOWER) * 1024);
		bootinfo_add_usable(bi, 0x100000, (uint64_t)le32(info + MB1_MEM_UPPER) * 1024);
	}
	if (bi->n_usable == 0)
		return "multiboot loader reported no memory";

	if (flags & MB1_FLAG_CMDLINE) {
		bool trunc;
		if (boot_read_string(pv, le32(info + MB1_CMDLINE), bi->cmdline, sizeof bi->cmdline,
				     &trunc) < 0)
			return "multiboot command line is not readable";
		bi->cmdline_truncated = trunc;
		strip_image_path(bi->cmdline);
	}
	if (flags & MB1_FLAG_FB) {
		info = pv->map(pv->ctx, info_phys, MB1_INFO_SIZE_FB);
		if (!info)
			return "multiboot framebuffer fields are not readable";
		err = bootinfo_set_framebuffer(bi, le64(info + MB1_FB_ADDR), le32(info + MB1_FB_PITCH),
					       le32(info + MB1_FB_WIDTH), le32(info + MB1_FB_HEIGHT),
					       info[MB1_FB_BPP], info[MB1_FB_TYPE],
					       info + MB1_FB_COLOR, MB1_INFO_SIZE_FB - MB1_FB_COLOR);
		if (err)
			return err;
	}
	if (flags & MB1_FLAG_MODS) {
		err = collect_modules(bi, pv, le32(info + MB1_MODS_ADDR), le32(info + MB1_MODS_COUNT));
		if (err)
			return err;
	}
	return NULL;
}
