/*
 * bootinfo: what the boot loader told the kernel, in one shape for every boot protocol. Each
 * adapter in kernel/boot/ fills it; the rest of the kernel reads only this. The adapter copies
 * everything it needs (command line, module names) so the loader's own structures can be reused.
 *
 * Nothing is dropped silently: entries that do not fit are counted in `dropped` and reported.
 */
#ifndef BOOTINFO_H
#define BOOTINFO_H

#include <stdint.h>
#include <stdbool.h>

#define BOOTINFO_MAX_RANGES 48
#define BOOTINFO_MAX_MODULES 16
#define BOOTINFO_CMDLINE_MAX 512
#define BOOTINFO_NAME_MAX 64

struct boot_range {
	uint64_t base;
	uint64_t size;
	const char *what; /* static string: "ram", "kernel", "dtb", "module", "firmware", ... */
};

struct boot_module {
	uint64_t base;
	uint64_t size;
	char name[BOOTINFO_NAME_MAX];
};

/* A linear framebuffer the loader set up (Multiboot 1/2 today; UEFI GOP and Limine later). */
struct boot_framebuffer {
	uint64_t base;          /* physical address of the first pixel */
	uint32_t pitch;         /* bytes per line */
	uint32_t width, height; /* pixels (characters for EGA text) */
	uint8_t bpp;
	uint8_t type;           /* BOOT_FB_INDEXED, BOOT_FB_RGB or BOOT_FB_EGA_TEXT */
	uint8_t red_pos, red_size, green_pos, green_size, blue_pos, blue_size; /* RGB only */
};

enum { BOOT_FB_INDEXED = 0, BOOT_FB_RGB = 1, BOOT_FB_EGA_TEXT = 2 };

struct bootinfo {
	const char *memory_source; /* where the memory map came from, for the log */
	struct boot_range usable[BOOTINFO_MAX_RANGES];
	unsigned n_usable;
	struct boot_range reserved[BOOTINFO_MAX_RANGES];
	unsigned n_reserved;
	struct boot_module modules[BOOTINFO_MAX_MODULES];
	unsigned n_modules;
	char cmdline[BOOTINFO_CMDLINE_MAX];
	bool cmdline_truncated;
	uint64_t dtb_base, dtb_size; /* 0 when the loader gave no device tree */
	uint64_t acpi_rsdp;          /* physical address of the RSDP, 0 when unknown */
	struct boot_framebuffer fb;  /* valid when has_fb */
	bool has_fb;
	unsigned dropped;            /* ranges or modules that did not fit in the arrays above */
};

void bootinfo_init(struct bootinfo *bi);
/* Zero-sized ranges are ignored; ranges whose end overflows 64 bits are clipped to 2^64-1. */
void bootinfo_add_usable(struct bootinfo *bi, uint64_t base, uint64_t size);
void bootinfo_add_reserved(struct bootinfo *bi, uint64_t base, uint64_t size, const char *what);
/* Adds a module and reserves its range. name may be NULL; len bounds it (no NUL needed). */
void bootinfo_add_module(struct bootinfo *bi, uint64_t base, uint64_t size, const char *name,
			 uint32_t name_len);
/*
 * Records the loader's framebuffer from the fields both Multiboot versions share (type-specific
 * colour layout at color, color_len bytes) and reserves its memory. Returns NULL or why the
 * description is unusable (zero size, pitch smaller than a line, range overflowing).
 */
const char *bootinfo_set_framebuffer(struct bootinfo *bi, uint64_t base, uint32_t pitch,
				     uint32_t width, uint32_t height, uint8_t bpp, uint8_t type,
				     const uint8_t *color, uint32_t color_len);
/* Copies at most len bytes (stopping at a NUL); sets cmdline_truncated if it did not fit. */
void bootinfo_set_cmdline(struct bootinfo *bi, const char *s, uint32_t len);

#endif
