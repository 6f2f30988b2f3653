/* Filling struct bootinfo; see bootinfo.h. Portable and host-tested with the boot parsers. */
#include <bootinfo.h>
#include <mem.h>

void bootinfo_init(struct bootinfo *bi)
{
	memset(bi, 0, sizeof *bi);
	bi->memory_source = "none";
}

static void add_range(struct bootinfo *bi, struct boot_range *arr, unsigned *n, uint64_t base,
		      uint64_t size, const char *what)
{
	if (base + size < base)
		size = UINT64_MAX - base;
	/* After clipping: a range at the very top of the address space can clip to nothing. */
	if (size == 0)
		return;
	if (*n >= BOOTINFO_MAX_RANGES) {
		bi->dropped++;
		return;
	}
	arr[*n] = (struct boot_range){ base, size, what };
	(*n)++;
}

void bootinfo_add_usable(struct bootinfo *bi, uint64_t base, uint64_t size)
{
	add_range(bi, bi->usable, &bi->n_usable, base, size, "ram");
}

void bootinfo_add_reserved(struct bootinfo *bi, uint64_t base, uint64_t size, const char *what)
{
	add_range(bi, bi->reserved, &bi->n_reserved, base, size, what);
}

void bootinfo_add_module(struct bootinfo *bi, uint64_t base, uint64_t size, const char *name,
			 uint32_t name_len)
{
	bootinfo_add_reserved(bi, base, size, "module");
	if (bi->n_modules >= BOOTINFO_MAX_MODULES) {
		bi->dropped++;
		return;
	}
	struct boot_module *m = &bi->modules[bi->n_modules++];
	m->base = base;
	m->size = size;
	uint32_t i = 0;
	for (; name && i < name_len && i < BOOTINFO_NAME_MAX - 1 && name[i]; i++)
		m->name[i] = name[i];
	m->name[i] = '\0';
}

void bootinfo_set_cmdline(struct bootinfo *bi, const char *s, uint32_t len)
{
	uint32_t i = 0;
	for (; i < len && s[i]; i++) {
		if (i == BOOTINFO_CMDLINE_MAX - 1) {
			bi->cmdline_truncated = true;
			break;
		}
		bi->cmdline[i] = s[i];
	}
	bi->cmdline[i] = '\0';
}

const char *bootinfo_set_framebuffer(struct bootinfo *bi, uint64_t base, uint32_t pitch,
				     uint32_t width, uint32_t height, uint8_t bpp, uint8_t type,
				     const uint8_t *color, uint32_t color_len)
{
	if (type > BOOT_FB_EGA_TEXT)
		return "framebuffer has an unknown type";
	if (base == 0 || width == 0 || height == 0 || pitch == 0 || bpp == 0)
		return "framebuffer has a zero field";
	/* EGA text is 2 bytes a character cell; graphics modes use bpp bits a pixel. */
	uint64_t line = type == BOOT_FB_EGA_TEXT ? (uint64_t)width * 2 : ((uint64_t)width * bpp + 7) / 8;
	if (pitch < line)
		return "framebuffer pitch is shorter than a line";
	uint64_t size = (uint64_t)pitch * height;
	if (base + size < base)
		return "framebuffer runs past the end of the address space";
	if (type == BOOT_FB_RGB && color_len < 6)
		return "framebuffer colour layout truncated";
	struct boot_framebuffer *fb = &bi->fb;
	*fb = (struct boot_framebuffer){ .base = base, .pitch = pitch, .width = width,
					 .height = height, .bpp = bpp, .type = type };
	if (type == BOOT_FB_RGB) {
		fb->red_pos = color[0], fb->red_size = color[1];
		fb->green_pos = color[2], fb->green_size = color[3];
		fb->blue_pos = color[4], fb->blue_size = color[5];
	}
	bi->has_fb = true;
	bootinfo_add_reserved(bi, base, size, "framebuffer");
	return NULL;
}
