/*
 * Host unit test for the Limine adapter (kernel/boot/limine.c) with hand-made responses, many of
 * them hostile. Standalone: its own CHECK and main(); exits non-zero when a check fails.
 *
 * Build and run (from the top of the tree):
 */
#include <boot.h>
#include <limine_proto.h>
#include "fdt_build.h"
#include "test.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* The call fails with a message containing text (the call is evaluated once). */
#define CHECK_ERR_HAS(err, text)                                                              \
	do {                                                                                  \
		const char *e_ = (err);                                                       \
		if (!e_ || !strstr(e_, (text)))                                               \
			test_fail(__FILE__, __LINE__, "%s: expected an error containing \"%s\", got %s", \
				  #err, (text), e_ ? e_ : "success");                          \
	} while (0)

/* Loader memory: MEM_SIZE bytes of physical memory at MEM_PHYS, seen through the direct map. */
#define HHDM 0xffff800000000000ull
#define MEM_PHYS 0x200000ull
#define MEM_SIZE 0x8000ull
#define VA(off) (HHDM + MEM_PHYS + (off))
static uint8_t *mem;

static const void *fake_map(void *ctx, uint64_t addr, uint64_t len)
{
	(void)ctx;
	uint64_t lo = HHDM + MEM_PHYS;
	if (addr < lo || addr - lo > MEM_SIZE || len > MEM_SIZE - (addr - lo))
		return NULL;
	return mem + (addr - lo);
}

static const struct phys_view view = { fake_map, NULL };
static struct limine_responses rs;
static struct bootinfo bi;
static size_t brk_off;

static uint64_t put(const void *p, size_t n)
{
	uint64_t va = VA(brk_off);
	memcpy(mem + brk_off, p, n);
	brk_off = (brk_off + n + 7) & ~(size_t)7;
	return va;
}

static uint64_t put_str(const char *s)
{
	return put(s, strlen(s) + 1);
}

static uint64_t put_file(uint64_t addr, uint64_t size, const char *path, const char *cmdline)
{
	uint64_t f[13] = { 0, addr, size, path ? put_str(path) : 0, cmdline ? put_str(cmdline) : 0 };
	return put(f, sizeof f);
}

/* A complete, good set of responses. */
static void build_good(void)
{
	memset(mem, 0xa5, MEM_SIZE);
	brk_off = 0;
	memset(&rs, 0, sizeof rs);
	uint64_t h[2] = { 0, HHDM };
	rs.hhdm = put(h, sizeof h);

	uint64_t e[4][3] = { { 0x1000, 0x9e000, LIMINE_MEM_USABLE },
			     { 0x100000, 0x200000, LIMINE_MEM_KERNEL_AND_MODULES },
			     { 0x300000, 0x1000000, LIMINE_MEM_USABLE },
			     { 0x1300000, 0x10000, LIMINE_MEM_BOOTLOADER_RECLAIMABLE } };
	uint64_t ptrs[4];
	for (int i = 0; i < 4; i++)
		ptrs[i] = put(e[i], sizeof e[i]);
	uint64_t mm[3] = { 0, 4, put(ptrs, sizeof ptrs) };
	rs.memmap = put(mm, sizeof mm);

	uint64_t kf[2] = { 0, put_file(HHDM + 0x100000, 0x20000, "/boot/kernel.elf", "poweroff selftest") };
	rs.kernel_file = put(kf, sizeof kf);

	uint64_t m0 = put_file(HHDM + 0x200000, 0x1000, "/boot/init", "init");
	uint64_t m1 = put_file(HHDM + 0x201000, 0x2000, "/boot/ramfs", "");
	uint64_t marr[2] = { m0, m1 };
	uint64_t mr[3] = { 0, 2, put(marr, sizeof marr) };
	rs.modules = put(mr, sizeof mr);

	uint64_t fb[4] = { HHDM + 0xfd000000, 1024, 768, 4096 };
	uint64_t fbp = put(fb, sizeof fb);
	uint64_t fr[3] = { 0, 1, put(&fbp, 8) };
	rs.framebuffer = put(fr, sizeof fr);

	uint64_t rsdp[2] = { 0, 0xe0000 }; /* physical, as base revision 3 gives it */
	rs.rsdp = put(rsdp, sizeof rsdp);
}

static const struct boot_range *find_reserved(const char *what)
{
	for (unsigned i = 0; i < bi.n_reserved; i++)
		if (strcmp(bi.reserved[i].what, what) == 0)
			return &bi.reserved[i];
	return NULL;
}

static void test_good(void)
{
	build_good();
	CHECK_OK(limine_collect(&bi, &view, &rs));
	CHECK(strcmp(bi.memory_source, "Limine memory map") == 0);
	CHECK(bi.n_usable == 2 && bi.usable[1].base == 0x300000 && bi.usable[1].size == 0x1000000);
	CHECK(find_reserved("kernel+modules") && find_reserved("loader reclaimable"));
	CHECK(strcmp(bi.cmdline, "poweroff selftest") == 0 && !bi.cmdline_truncated);
	CHECK(bi.n_modules == 2);
	CHECK(bi.modules[0].base == 0x200000 && bi.modules[0].size == 0x1000);
	CHECK(strcmp(bi.modules[0].name, "init") == 0);
	CHECK(strcmp(bi.modules[1].name, "/boot/ramfs") == 0); /* empty string: path instead */
	const struct boot_range *fb = find_reserved("framebuffer");
	CHECK(fb && fb->base == 0xfd000000 && fb->size == 768 * 4096);
	CHECK(bi.acpi_rsdp == 0xe0000);
	CHECK(bi.dtb_base == 0);
}

static void test_not_limine(void)
{
	memset(&rs, 0, sizeof rs);
	CHECK_ERR_HAS(limine_collect(&bi, &view, &rs), "not booted by a Limine");
	build_good();
	rs.base_revision_left = 3;
	CHECK_ERR_HAS(limine_collect(&bi, &view, &rs), "base revision");
	build_good();
	rs.hhdm = 0;
	CHECK_ERR_HAS(limine_collect(&bi, &view, &rs), "direct map");
	build_good();
	rs.memmap = 0;
	CHECK_ERR_HAS(limine_collect(&bi, &view, &rs), "no memory map");
}

static void test_hostile_memmap(void)
{
	build_good();
	uint64_t *mm = (uint64_t *)(mem + (rs.memmap - VA(0)));
	mm[1] = 1ull << 40; /* absurd count */
	CHECK_ERR_HAS(limine_collect(&bi, &view, &rs), "memory map response");
	mm[1] = 4096; /* allowed count, but the array runs past readable memory */
	CHECK_ERR_HAS(limine_collect(&bi, &view, &rs), "memory map response");
	mm[1] = 4;
	mm[2] = 0x1234; /* array pointer nowhere */
	CHECK_ERR_HAS(limine_collect(&bi, &view, &rs), "memory map response");

	build_good();
	mm = (uint64_t *)(mem + (rs.memmap - VA(0)));
	uint64_t *arr = (uint64_t *)(mem + (mm[2] - VA(0)));
	arr[2] = 0; /* NULL entry */
	CHECK_ERR_HAS(limine_collect(&bi, &view, &rs), "entry is not readable");
	arr[2] = VA(MEM_SIZE - 8); /* entry cut off by the end of memory */
	CHECK_ERR_HAS(limine_collect(&bi, &view, &rs), "entry is not readable");

	build_good();
	mm = (uint64_t *)(mem + (rs.memmap - VA(0)));
	arr = (uint64_t *)(mem + (mm[2] - VA(0)));
	uint64_t *e = (uint64_t *)(mem + (arr[0] - VA(0)));
	e[2] = LIMINE_MEM_RESERVED;
	uint64_t *e2 = (uint64_t *)(mem + (arr[2] - VA(0)));
	e2[2] = 77; /* unknown type: reserved */
	CHECK_ERR_HAS(limine_collect(&bi, &view, &rs), "no usable memory");
	e2[2] = LIMINE_MEM_USABLE;
	e2[0] = UINT64_MAX - 0x1000; /* wraps: clipped by bootinfo, not a crash */
	CHECK_OK(limine_collect(&bi, &view, &rs));
	CHECK(bi.usable[0].base + bi.usable[0].size - 1 >= bi.usable[0].base);
}

static void test_hostile_files(void)
{
	build_good();
	uint64_t *kr = (uint64_t *)(mem + (rs.kernel_file - VA(0)));
	uint64_t *kf = (uint64_t *)(mem + (kr[1] - VA(0)));
	kf[4] = VA(MEM_SIZE - 3);
	memset(mem + MEM_SIZE - 3, 'x', 3); /* unterminated at the end of memory */
	CHECK_ERR_HAS(limine_collect(&bi, &view, &rs), "command line is not readable");
	kr[1] = 0;
	CHECK_ERR_HAS(limine_collect(&bi, &view, &rs), "file structure");

	/* Long command line: truncated and flagged. */
	build_good();
	kr = (uint64_t *)(mem + (rs.kernel_file - VA(0)));
	kf = (uint64_t *)(mem + (kr[1] - VA(0)));
	char longline[1200];
	memset(longline, 'a', sizeof longline - 1);
	longline[sizeof longline - 1] = '\0';
	kf[4] = put_str(longline);
	CHECK_OK(limine_collect(&bi, &view, &rs));
	CHECK(bi.cmdline_truncated && strlen(bi.cmdline) == BOOTINFO_CMDLINE_MAX - 1);

	build_good();
	uint64_t *mr = (uint64_t *)(mem + (rs.modules - VA(0)));
	mr[1] = 100000;
	CHECK_ERR_HAS(limine_collect(&bi, &view, &rs), "module response");
	build_good();
	mr = (uint64_t *)(mem + (rs.modules - VA(0)));
	uint64_t *marr = (uint64_t *)(mem + (mr[2] - VA(0)));
	marr[1] = 0xdead;
	CHECK_ERR_HAS(limine_collect(&bi, &view, &rs), "file structure");

	/* A module name longer than bootinfo keeps is cut, not overrun. */
	build_good();
	mr = (uint64_t *)(mem + (rs.modules - VA(0)));
	marr = (uint64_t *)(mem + (mr[2] - VA(0)));
	marr[0] = put_file(HHDM + 0x200000, 0x1000, NULL, longline);
	CHECK_OK(limine_collect(&bi, &view, &rs));
	CHECK(strlen(bi.modules[0].name) == BOOTINFO_NAME_MAX - 1);
}

static void test_hostile_tables(void)
{
	build_good();
	uint64_t *fr = (uint64_t *)(mem + (rs.framebuffer - VA(0)));
	uint64_t *fbp = (uint64_t *)(mem + (fr[2] - VA(0)));
	uint64_t *fb = (uint64_t *)(mem + (fbp[0] - VA(0)));
	fb[2] = UINT64_MAX / 2, fb[3] = 4096; /* height * pitch overflows */
	CHECK_ERR_HAS(limine_collect(&bi, &view, &rs), "overflows");
	fr[1] = 1000;
	CHECK_ERR_HAS(limine_collect(&bi, &view, &rs), "framebuffer response");

	build_good();
	rs.rsdp = 0x42;
	CHECK_ERR_HAS(limine_collect(&bi, &view, &rs), "RSDP");

	build_good();
	uint64_t d[2] = { 0, VA(0x7000) };
	memset(mem + 0x7000, 0, 64); /* no FDT magic */
	rs.dtb = put(d, sizeof d);
	CHECK_ERR_HAS(limine_collect(&bi, &view, &rs), "device tree");
	rs.dtb = 0x99;
	CHECK_ERR_HAS(limine_collect(&bi, &view, &rs), "device tree");
}

/* Where the loaded blob sits in fake memory, for the device tree tests. */
#define DTB_OFF 0x6000

/* A device tree response as on the device-tree machines: no RSDP, the blob in loader memory. */
static void put_dtb(size_t *len)
{
	uint8_t *blob = fdtb_sample(len);
	if (*len > MEM_SIZE - DTB_OFF)
		abort();
	memcpy(mem + DTB_OFF, blob, *len);
	free(blob);
	uint64_t d[2] = { 0, VA(DTB_OFF) };
	rs.dtb = put(d, sizeof d);
	rs.rsdp = 0;
}

static void test_dtb(void)
{
	build_good();
	size_t len;
	put_dtb(&len);
	CHECK_OK(limine_collect(&bi, &view, &rs));
	CHECK(bi.dtb_base == MEM_PHYS + DTB_OFF && bi.dtb_size == len);
	CHECK(bi.acpi_rsdp == 0);
	const struct boot_range *d = find_reserved("dtb");
	CHECK(d && d->base == MEM_PHYS + DTB_OFF && d->size == len);
	/* The tree's own reservations count even though Limine's map calls that memory usable:
	 * the sample has one memreserve entry and a /reserved-memory child. */
	CHECK(find_reserved("memreserve") != NULL);
	CHECK(find_reserved("firmware") != NULL);

	/* Physical pointers (not HHDM) are accepted too. */
	build_good();
	put_dtb(&len);
	uint64_t *dr = (uint64_t *)(mem + (rs.dtb - VA(0)));
	dr[1] = MEM_PHYS + DTB_OFF;
	CHECK_OK(limine_collect(&bi, &view, &rs));
	CHECK(bi.dtb_base == MEM_PHYS + DTB_OFF);

	/* totalsize running past readable memory. */
	build_good();
	put_dtb(&len);
	fdtb_put32(mem + DTB_OFF, FDTB_TOTALSIZE, MEM_SIZE);
	CHECK_ERR_HAS(limine_collect(&bi, &view, &rs), "past readable memory");

	/* A good header over a broken structure block: fdt_open refuses it. */
	build_good();
	put_dtb(&len);
	fdtb_put32(mem + DTB_OFF, FDTB_OFF_STRUCT, (uint32_t)len - 4);
	CHECK(limine_collect(&bi, &view, &rs) != NULL);

	/* Response pointer cut off by the end of memory. */
	build_good();
	rs.dtb = VA(MEM_SIZE - 8);
	CHECK_ERR_HAS(limine_collect(&bi, &view, &rs), "device tree response");
}

/* An SMP response in the 64-bit id layout: boot processor `bsp`, `n` processors with ids. */
static uint64_t put_smp(uint64_t bsp, unsigned n, const uint64_t *ids)
{
	uint64_t ptrs[8];
	for (unsigned i = 0; i < n; i++) {
		uint64_t c[5] = { 0, ids[i], 0, 0, 0 };
		ptrs[i] = put(c, sizeof c);
	}
	uint64_t r[5] = { 0, 0, bsp, n, put(ptrs, n * 8) };
	return put(r, sizeof r);
}

static void test_boot_cpu_id(void)
{
	build_good();
	uint64_t ids[3] = { 1, 3, 0 };
	uint64_t smp = put_smp(3, 3, ids), id = 99;
	CHECK_OK(limine_boot_cpu_id(&view, smp, &id));
	CHECK(id == 3);
	smp = put_smp(0, 3, ids);
	CHECK_OK(limine_boot_cpu_id(&view, smp, &id));
	CHECK(id == 0);

	id = 99;
	CHECK_ERR_HAS(limine_boot_cpu_id(&view, 0, &id), "no readable SMP response");
	CHECK_ERR_HAS(limine_boot_cpu_id(&view, VA(MEM_SIZE - 16), &id), "no readable SMP response");
	smp = put_smp(7, 3, ids);
	CHECK_ERR_HAS(limine_boot_cpu_id(&view, smp, &id), "does not list its boot processor");
	CHECK(id == 99); /* untouched on failure */

	uint64_t *r = (uint64_t *)(mem + (put_smp(3, 3, ids) - VA(0)));
	r[3] = 0;
	CHECK_ERR_HAS(limine_boot_cpu_id(&view, VA((uint8_t *)r - mem), &id), "processor count");
	r[3] = 1ull << 40;
	CHECK_ERR_HAS(limine_boot_cpu_id(&view, VA((uint8_t *)r - mem), &id), "processor count");
	r[3] = 4000; /* allowed, but the list runs past readable memory */
	CHECK_ERR_HAS(limine_boot_cpu_id(&view, VA((uint8_t *)r - mem), &id), "list is not readable");
	r[3] = 3;
	uint64_t *list = (uint64_t *)(mem + (r[4] - VA(0)));
	list[1] = 0xdead;
	CHECK_ERR_HAS(limine_boot_cpu_id(&view, VA((uint8_t *)r - mem), &id), "entry is not readable");
	list[1] = VA(MEM_SIZE - 16); /* entry cut off */
	CHECK_ERR_HAS(limine_boot_cpu_id(&view, VA((uint8_t *)r - mem), &id), "entry is not readable");
	CHECK(id == 99);
}

static void test_range_free(void)
{
	/* build_good's map: usable [0x1000, 0x9f000) and [0x300000, 0x1300000). */
	build_good();
	CHECK_OK(limine_range_free(&view, rs.memmap, 0x300000, 0x400000));
	CHECK_OK(limine_range_free(&view, rs.memmap, 0x1000, 0x9f000));
	CHECK_ERR_HAS(limine_range_free(&view, rs.memmap, 0x100000, 0x200000), "not free");
	CHECK_ERR_HAS(limine_range_free(&view, rs.memmap, 0x1200000, 0x1301000), "not free");
	CHECK_ERR_HAS(limine_range_free(&view, rs.memmap, 0x9e000, 0x300000), "not free");

	/* Adjacent usable entries, listed out of order, cover a range neither covers alone. */
	uint64_t e[2][3] = { { 0x800000, 0x800000, LIMINE_MEM_USABLE },
			     { 0x400000, 0x400000, LIMINE_MEM_USABLE } };
	uint64_t ptrs[2] = { put(e[0], sizeof e[0]), put(e[1], sizeof e[1]) };
	uint64_t mm[3] = { 0, 2, put(ptrs, sizeof ptrs) };
	uint64_t map = put(mm, sizeof mm);
	CHECK_OK(limine_range_free(&view, map, 0x500000, 0xa00000));
	CHECK_ERR_HAS(limine_range_free(&view, map, 0x300000, 0x500000), "not free");

	/* An entry whose end wraps: covered up to the top, not wrapped around to 0. */
	uint64_t top[3] = { UINT64_MAX - 0xfff, 0x2000, LIMINE_MEM_USABLE };
	uint64_t tp = put(top, sizeof top);
	uint64_t mt[3] = { 0, 1, put(&tp, 8) };
	map = put(mt, sizeof mt);
	CHECK_OK(limine_range_free(&view, map, UINT64_MAX - 0x800, UINT64_MAX));
	CHECK_ERR_HAS(limine_range_free(&view, map, 0, 0x1000), "not free");

	/* Malformed maps are refused, not walked. */
	CHECK_ERR_HAS(limine_range_free(&view, 0, 0x300000, 0x400000), "malformed");
	uint64_t *m = (uint64_t *)(mem + (rs.memmap - VA(0)));
	m[1] = 1ull << 40;
	CHECK_ERR_HAS(limine_range_free(&view, rs.memmap, 0x300000, 0x400000), "malformed");
	m[1] = 4;
	uint64_t *arr = (uint64_t *)(mem + (m[2] - VA(0)));
	arr[0] = 0x77;
	CHECK_ERR_HAS(limine_range_free(&view, rs.memmap, 0x300000, 0x400000), "not readable");
}

static void test_cmdline(void)
{
	build_good();
	char buf[16];
	bool trunc = true;
	CHECK_OK(limine_cmdline(&view, 0, buf, sizeof buf, &trunc));
	CHECK(buf[0] == '\0');
	CHECK_OK(limine_cmdline(&view, rs.kernel_file, buf, sizeof buf, &trunc));
	CHECK(strcmp(buf, "poweroff selfte") == 0 && trunc); /* 15 characters and the NUL */
	CHECK_OK(limine_cmdline(&view, rs.kernel_file, buf, sizeof buf, NULL));
	CHECK_ERR_HAS(limine_cmdline(&view, VA(MEM_SIZE - 8), buf, sizeof buf, NULL),
		      "kernel file response");
	uint64_t *kr = (uint64_t *)(mem + (rs.kernel_file - VA(0)));
	kr[1] = 0x10;
	CHECK_ERR_HAS(limine_cmdline(&view, rs.kernel_file, buf, sizeof buf, NULL), "file structure");
}

static void test_loaded_phys(void)
{
	build_good();
	uint64_t ka[3] = { 0, 0x5f650000, 0xffffffff80080000ull };
	uint64_t r = put(ka, sizeof ka), phys = 1;
	CHECK_OK(limine_loaded_phys(&view, r, 0xffffffff80080000ull, &phys));
	CHECK(phys == 0x5f650000);
	CHECK_OK(limine_loaded_phys(&view, r, 0xffffffff800a1234ull, &phys));
	CHECK(phys == 0x5f671234);
	phys = 1;
	CHECK_ERR_HAS(limine_loaded_phys(&view, r, 0xffffffff80000000ull, &phys), "does not cover");
	CHECK_ERR_HAS(limine_loaded_phys(&view, 0, 0xffffffff80080000ull, &phys), "no readable");
	CHECK_ERR_HAS(limine_loaded_phys(&view, VA(MEM_SIZE - 8), 0xffffffff80080000ull, &phys),
		      "no readable");
	uint64_t *k = (uint64_t *)(mem + (r - VA(0)));
	k[1] = UINT64_MAX - 0x10; /* physical base + offset would wrap */
	CHECK_ERR_HAS(limine_loaded_phys(&view, r, 0xffffffff800a0000ull, &phys), "does not cover");
	CHECK(phys == 1);
}

TEST(limine_all)
{
	mem = malloc(MEM_SIZE);
	if (!mem)
		abort();
	test_good();
	test_not_limine();
	test_hostile_memmap();
	test_hostile_files();
	test_hostile_tables();
	test_dtb();
	test_boot_cpu_id();
	test_range_free();
	test_loaded_phys();
	test_cmdline();
	free(mem);
}
