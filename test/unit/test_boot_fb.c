/* Framebuffer descriptions from Multiboot 1 and 2: good ones recorded and reserved, hostile ones
 * (zero sizes, pitch shorter than a line, wrapping ranges, truncated tags) refused by name. */
#include "test.h"
#include "fakemem.h"
#include <boot.h>
#include <string.h>

#define MEM_BASE 0x100000u
#define MEM_SIZE 0x10000u

struct fb_desc {
	uint64_t base;
	uint32_t pitch, width, height;
	uint8_t bpp, type;
};

static const struct fb_desc good_rgb = { 0xfd000000ull, 4096, 1024, 768, 32, 1 };

/* Multiboot 2 info: a framebuffer tag of tag_size bytes, a one-entry memory map, the end tag. */
static uint64_t mb2_info(struct fakemem *fm, const struct fb_desc *d, uint32_t tag_size)
{
	uint64_t info = fakemem_alloc(fm, 256, 8);
	uint64_t t = info + 8;
	fakemem_w32(fm, t, 8);
	fakemem_w32(fm, t + 4, tag_size);
	fakemem_w64(fm, t + 8, d->base);
	fakemem_w32(fm, t + 16, d->pitch);
	fakemem_w32(fm, t + 20, d->width);
	fakemem_w32(fm, t + 24, d->height);
	fakemem_w8(fm, t + 28, d->bpp);
	fakemem_w8(fm, t + 29, d->type);
	static const uint8_t rgb[6] = { 16, 8, 8, 8, 0, 8 };
	for (int i = 0; i < 6 && 32u + (uint32_t)i < tag_size; i++)
		fakemem_w8(fm, t + 32 + (uint64_t)i, rgb[i]);
	t += (tag_size + 7) & ~7u;
	fakemem_w32(fm, t, 6);          /* memory map tag */
	fakemem_w32(fm, t + 4, 16 + 24);
	fakemem_w32(fm, t + 8, 24);     /* entry size */
	fakemem_w64(fm, t + 16, 0x100000);
	fakemem_w64(fm, t + 24, 0x1000000);
	fakemem_w32(fm, t + 32, 1);
	t += 40;
	fakemem_w32(fm, t, 0);          /* end tag */
	fakemem_w32(fm, t + 4, 8);
	fakemem_w32(fm, info, (uint32_t)(t + 8 - info));
	return info;
}

static const char *collect_mb2(const struct fb_desc *d, uint32_t tag_size, struct bootinfo *bi)
{
	struct fakemem fm;
	fakemem_init(&fm, MEM_BASE, MEM_SIZE);
	uint64_t info = mb2_info(&fm, d, tag_size);
	struct phys_view pv = fakemem_view(&fm);
	const char *err = multiboot2_collect(bi, &pv, MULTIBOOT2_BOOT_MAGIC, info);
	fakemem_free(&fm);
	return err;
}

static bool reserved(const struct bootinfo *bi, uint64_t base, uint64_t size)
{
	for (unsigned i = 0; i < bi->n_reserved; i++)
		if (bi->reserved[i].base == base && bi->reserved[i].size == size &&
		    strcmp(bi->reserved[i].what, "framebuffer") == 0)
			return true;
	return false;
}

TEST(mb2_framebuffer_recorded_and_reserved)
{
	static struct bootinfo bi;
	CHECK_OK(collect_mb2(&good_rgb, 38, &bi));
	CHECK(bi.has_fb);
	CHECK_EQ(bi.fb.base, good_rgb.base);
	CHECK_EQ(bi.fb.width, 1024);
	CHECK_EQ(bi.fb.height, 768);
	CHECK_EQ(bi.fb.bpp, 32);
	CHECK_EQ(bi.fb.type, BOOT_FB_RGB);
	CHECK_EQ(bi.fb.red_pos, 16);
	CHECK_EQ(bi.fb.blue_size, 8);
	CHECK(reserved(&bi, good_rgb.base, 4096ull * 768));
}

TEST(mb2_framebuffer_hostile_descriptions_refused)
{
	static struct bootinfo bi;
	struct fb_desc d = good_rgb;
	CHECK_ERR(collect_mb2(&d, 24, &bi));          /* tag too short for its fields */
	CHECK_ERR(collect_mb2(&d, 34, &bi));          /* RGB without its colour layout */
	d = good_rgb, d.pitch = 100;                  /* shorter than 1024 * 4 bytes */
	CHECK_ERR(collect_mb2(&d, 38, &bi));
	d = good_rgb, d.width = 0;
	CHECK_ERR(collect_mb2(&d, 38, &bi));
	d = good_rgb, d.base = UINT64_MAX - 4096;     /* wraps around */
	CHECK_ERR(collect_mb2(&d, 38, &bi));
	d = good_rgb, d.type = 7;
	CHECK_ERR(collect_mb2(&d, 38, &bi));
	d = (struct fb_desc){ 0xb8000, 160, 80, 25, 16, BOOT_FB_EGA_TEXT };
	CHECK_OK(collect_mb2(&d, 32, &bi));           /* EGA text needs no colour layout */
	CHECK_EQ(bi.fb.type, BOOT_FB_EGA_TEXT);
}

/* Multiboot 1 info with flags = mmap | framebuffer. */
static const char *collect_mb1(const struct fb_desc *d, struct bootinfo *bi, uint32_t readable)
{
	struct fakemem fm;
	fakemem_init(&fm, MEM_BASE, MEM_SIZE);
	uint64_t mmap = fakemem_alloc(&fm, 24, 8); /* before info, so shrinking memory cuts info only */
	uint64_t info = fakemem_alloc(&fm, 116, 8);
	fakemem_w32(&fm, mmap, 20);
	fakemem_w64(&fm, mmap + 4, 0x100000);
	fakemem_w64(&fm, mmap + 12, 0x1000000);
	fakemem_w32(&fm, mmap + 20, 1);
	fakemem_w32(&fm, info, (1u << 6) | (1u << 12));
	fakemem_w32(&fm, info + 44, 24);
	fakemem_w32(&fm, info + 48, (uint32_t)mmap);
	fakemem_w64(&fm, info + 88, d->base);
	fakemem_w32(&fm, info + 96, d->pitch);
	fakemem_w32(&fm, info + 100, d->width);
	fakemem_w32(&fm, info + 104, d->height);
	fakemem_w8(&fm, info + 108, d->bpp);
	fakemem_w8(&fm, info + 109, d->type);
	static const uint8_t rgb[6] = { 16, 8, 8, 8, 0, 8 };
	memcpy(fakemem_ptr(&fm, info + 110, 6), rgb, 6);
	/* Shrink the readable memory so the info block ends early, when asked. */
	if (readable)
		fm.size = (size_t)(info - MEM_BASE) + readable;
	struct phys_view pv = fakemem_view(&fm);
	const char *err = multiboot1_collect(bi, &pv, MULTIBOOT1_BOOT_MAGIC, info);
	fm.size = MEM_SIZE;
	fakemem_free(&fm);
	return err;
}

TEST(mb1_framebuffer_recorded_and_bounds_checked)
{
	static struct bootinfo bi;
	CHECK_OK(collect_mb1(&good_rgb, &bi, 0));
	CHECK(bi.has_fb);
	CHECK_EQ(bi.fb.pitch, 4096);
	CHECK(reserved(&bi, good_rgb.base, 4096ull * 768));
	const char *err = collect_mb1(&good_rgb, &bi, 100); /* framebuffer fields past readable memory */
	CHECK(err && strstr(err, "framebuffer"));
	struct fb_desc d = good_rgb;
	d.height = 0;
	CHECK_ERR(collect_mb1(&d, &bi, 0));
}
