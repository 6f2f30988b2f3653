/* kernel/boot/fdt_bootinfo.c: BOOT=raw on the virt machines, a device tree in fake memory. */
#include "test.h"
#include "fakemem.h"
#include "fdt_build.h"

#include <boot.h>
#include <stdlib.h>
#include <string.h>

#define RAM 0x40000000u

/* Places blob at the start of a fake RAM with some room after it; returns its address. */
static uint64_t place(struct fakemem *fm, const uint8_t *blob, size_t len)
{
	fakemem_init(fm, RAM, len + 4096);
	uint64_t at = fakemem_alloc(fm, len, 8);
	memcpy(fakemem_ptr(fm, at, len), blob, len);
	return at;
}

static const struct boot_range *find(const struct boot_range *r, unsigned n, const char *what,
				     uint64_t base)
{
	for (unsigned i = 0; i < n; i++)
		if (strcmp(r[i].what, what) == 0 && r[i].base == base)
			return &r[i];
	return NULL;
}

TEST(fdt_bootinfo_sample)
{
	size_t len;
	uint8_t *blob = fdtb_sample(&len);
	struct fakemem fm;
	uint64_t dtb = place(&fm, blob, len);
	struct phys_view pv = fakemem_view(&fm);
	struct bootinfo bi;
	CHECK_OK(fdt_bootinfo_collect(&bi, &pv, dtb));
	CHECK_STR(bi.memory_source, "device tree");
	CHECK_EQ(bi.n_usable, 3);
	CHECK_EQ(bi.usable[0].base, 0x40000000u);
	CHECK_EQ(bi.usable[0].size, 0x10000000u);
	CHECK_EQ(bi.usable[2].base, 0x100000000ull);
	CHECK_EQ(bi.dtb_base, dtb);
	CHECK_EQ(bi.dtb_size, len);
	CHECK(find(bi.reserved, bi.n_reserved, "dtb", dtb) != NULL);
	CHECK(find(bi.reserved, bi.n_reserved, "memreserve", 0x48000000) != NULL);
	const struct boot_range *fw = find(bi.reserved, bi.n_reserved, "firmware", 0x80000000);
	CHECK(fw != NULL);
	if (fw)
		CHECK_EQ(fw->size, 0x40000); /* reserved-memory uses its own #size-cells = 1 */
	CHECK_EQ(bi.n_modules, 1);
	CHECK_STR(bi.modules[0].name, "initrd");
	CHECK_EQ(bi.modules[0].base, 0x44000000u);
	CHECK_EQ(bi.modules[0].size, 0x100000u);
	CHECK(find(bi.reserved, bi.n_reserved, "module", 0x44000000) != NULL);
	CHECK_STR(bi.cmdline, "console=ttyS0 poweroff");
	CHECK(!bi.cmdline_truncated);
	CHECK_EQ(bi.dropped, 0);
	fakemem_free(&fm);
	free(blob);
}

/* A minimal tree: root cells, one memory node, then whatever extra adds (inside the root). */
static uint8_t *tree(uint32_t ac, uint32_t sc, void (*extra)(struct fdt_build *), size_t *len)
{
	struct fdt_build b;
	fdtb_init(&b);
	fdtb_begin(&b, "");
	fdtb_prop_u32(&b, "#address-cells", ac);
	fdtb_prop_u32(&b, "#size-cells", sc);
	fdtb_begin(&b, "memory@0");
	fdtb_prop_str(&b, "device_type", "memory");
	fdtb_prop_cells(&b, "reg", 4, 0, 0x40000000, 0, 0x1000000);
	fdtb_end(&b);
	if (extra)
		extra(&b);
	fdtb_end(&b);
	uint8_t *blob = fdtb_finish(&b, len);
	fdtb_free(&b);
	return blob;
}

static const char *collect(const uint8_t *blob, size_t len, struct bootinfo *bi)
{
	struct fakemem fm;
	uint64_t dtb = place(&fm, blob, len);
	struct phys_view pv = fakemem_view(&fm);
	const char *err = fdt_bootinfo_collect(bi, &pv, dtb);
	fakemem_free(&fm);
	return err;
}

static void long_bootargs(struct fdt_build *b)
{
	char s[700];
	memset(s, 'a', sizeof s - 1);
	s[sizeof s - 1] = '\0';
	fdtb_begin(b, "chosen");
	fdtb_prop_str(b, "bootargs", s);
	fdtb_end(b);
}
static void unterminated_bootargs(struct fdt_build *b)
{
	fdtb_begin(b, "chosen");
	fdtb_prop(b, "bootargs", "abcdef", 6);
	fdtb_end(b);
}
static void initrd_32bit(struct fdt_build *b)
{
	fdtb_begin(b, "chosen");
	fdtb_prop_u32(b, "linux,initrd-start", 0x48000000);
	fdtb_prop_u32(b, "linux,initrd-end", 0x48000800);
	fdtb_end(b);
}
static void initrd_backwards(struct fdt_build *b)
{
	fdtb_begin(b, "chosen");
	fdtb_prop_u32(b, "linux,initrd-start", 0x48000800);
	fdtb_prop_u32(b, "linux,initrd-end", 0x48000000);
	fdtb_end(b);
}
static void initrd_odd_size(struct fdt_build *b)
{
	fdtb_begin(b, "chosen");
	fdtb_prop_cells(b, "linux,initrd-start", 3, 0, 0, 0x48000000);
	fdtb_prop_u32(b, "linux,initrd-end", 0x48000800);
	fdtb_end(b);
}
static void malformed_memory(struct fdt_build *b)
{
	fdtb_begin(b, "memory@50000000");
	fdtb_prop_str(b, "device_type", "memory");
	fdtb_prop_cells(b, "reg", 3, 0, 0x50000000, 0);
	fdtb_end(b);
}
static void many_memory_ranges(struct fdt_build *b)
{
	fdtb_begin(b, "memory@80000000");
	fdtb_prop_str(b, "device_type", "memory");
	uint8_t reg[60 * 16];
	for (int i = 0; i < 60; i++) {
		fdtb_put32(reg, 16 * i, 1);
		fdtb_put32(reg, 16 * i + 4, (uint32_t)i << 20);
		fdtb_put32(reg, 16 * i + 8, 0);
		fdtb_put32(reg, 16 * i + 12, 0x1000);
	}
	fdtb_prop(b, "reg", reg, sizeof reg);
	fdtb_end(b);
}

TEST(fdt_bootinfo_chosen_and_limits)
{
	struct bootinfo bi;
	size_t len;
	uint8_t *blob = tree(2, 2, long_bootargs, &len);
	CHECK_OK(collect(blob, len, &bi));
	CHECK(bi.cmdline_truncated);
	CHECK_EQ(strlen(bi.cmdline), BOOTINFO_CMDLINE_MAX - 1);
	free(blob);

	blob = tree(2, 2, unterminated_bootargs, &len);
	CHECK_OK(collect(blob, len, &bi));
	CHECK_STR(bi.cmdline, "abcdef");
	CHECK(!bi.cmdline_truncated);
	free(blob);

	blob = tree(2, 2, initrd_32bit, &len);
	CHECK_OK(collect(blob, len, &bi));
	CHECK_EQ(bi.n_modules, 1);
	CHECK_EQ(bi.modules[0].size, 0x800);
	free(blob);

	blob = tree(2, 2, initrd_backwards, &len);
	CHECK_OK(collect(blob, len, &bi));
	CHECK_EQ(bi.n_modules, 0);
	free(blob);

	blob = tree(2, 2, initrd_odd_size, &len);
	CHECK_OK(collect(blob, len, &bi));
	CHECK_EQ(bi.n_modules, 0);
	free(blob);

	blob = tree(2, 2, NULL, &len);
	CHECK_OK(collect(blob, len, &bi));
	CHECK_STR(bi.cmdline, "");
	CHECK_EQ(bi.n_usable, 1);
	free(blob);

	/* 61 ranges into 48 slots: the rest are counted, not lost silently. */
	blob = tree(2, 2, many_memory_ranges, &len);
	CHECK_OK(collect(blob, len, &bi));
	CHECK_EQ(bi.n_usable, BOOTINFO_MAX_RANGES);
	CHECK_EQ(bi.dropped, 61 - BOOTINFO_MAX_RANGES);
	free(blob);
}

TEST(fdt_bootinfo_refuses_bad_input)
{
	struct bootinfo bi;
	size_t len;
	uint8_t *blob = tree(2, 2, malformed_memory, &len);
	CHECK_ERR(collect(blob, len, &bi));
	free(blob);

	blob = tree(3, 2, NULL, &len);
	CHECK_ERR(collect(blob, len, &bi));
	free(blob);
	blob = tree(2, 3, NULL, &len);
	CHECK_ERR(collect(blob, len, &bi));
	free(blob);

	/* No memory node at all. */
	struct fdt_build b;
	fdtb_init(&b);
	fdtb_begin(&b, "");
	fdtb_end(&b);
	blob = fdtb_finish(&b, &len);
	fdtb_free(&b);
	CHECK_ERR(collect(blob, len, &bi));
	free(blob);

	blob = fdtb_sample(&len);
	struct fakemem fm;
	uint64_t dtb = place(&fm, blob, len);
	struct phys_view pv = fakemem_view(&fm);
	CHECK_ERR(fdt_bootinfo_collect(&bi, &pv, 0));
	CHECK_ERR(fdt_bootinfo_collect(&bi, &pv, RAM - 0x1000));      /* unmapped */
	CHECK_ERR(fdt_bootinfo_collect(&bi, &pv, RAM + len + 4096 - 20)); /* header past the end */
	CHECK_ERR(fdt_bootinfo_collect(&bi, &pv, dtb + 8));           /* no magic there */
	/* totalsize larger than what is mapped. */
	fdtb_put32(fakemem_ptr(&fm, dtb, 8), FDTB_TOTALSIZE, (uint32_t)len + 8192);
	CHECK_ERR(fdt_bootinfo_collect(&bi, &pv, dtb));
	/* totalsize smaller than a header. */
	fdtb_put32(fakemem_ptr(&fm, dtb, 8), FDTB_TOTALSIZE, 16);
	CHECK_ERR(fdt_bootinfo_collect(&bi, &pv, dtb));
	/* Every failure leaves a consistent, empty bootinfo behind. */
	CHECK_EQ(bi.n_usable, 0);
	CHECK_STR(bi.cmdline, "");
	fakemem_free(&fm);
	free(blob);
}
