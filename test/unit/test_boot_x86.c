/*
 * The x86 boot adapters (Multiboot 1, Multiboot 2, PVH) on hand-built loader structures in fake
 * physical memory: the typical hand-over from test/common/bootimg.c, then one corruption at a time.
 */
#include "test.h"
#include "bootimg.h"

#include <boot.h>
#include <string.h>

#define BASE 0x10000u
#define SIZE 0x4000u

struct env {
	struct fakemem fm;
	struct phys_view pv;
	struct bootimg im;
	struct bootinfo bi;
};

static void env_mb1(struct env *e, const char *cmdline)
{
	fakemem_init(&e->fm, BASE, SIZE);
	e->pv = fakemem_view(&e->fm);
	e->im = bootimg_mb1(&e->fm, cmdline);
}

static const char *run_mb1(struct env *e)
{
	const char *err = multiboot1_collect(&e->bi, &e->pv, MULTIBOOT1_BOOT_MAGIC, e->im.info);
	fakemem_release(&e->fm);
	return err;
}

static unsigned count_what(const struct bootinfo *bi, const char *what)
{
	unsigned n = 0;
	for (unsigned i = 0; i < bi->n_reserved; i++)
		n += strcmp(bi->reserved[i].what, what) == 0;
	return n;
}

TEST(mb1_typical)
{
	struct env e;
	/* QEMU -kernel puts the image path first; GRUB does not. */
	env_mb1(&e, "/boot/kernel.elf poweroff  panic-test");
	CHECK_OK(run_mb1(&e));
	CHECK_STR(e.bi.memory_source, "multiboot memory map");
	CHECK_STR(e.bi.cmdline, "poweroff  panic-test");
	CHECK_EQ(e.bi.n_usable, 2);
	CHECK_EQ(e.bi.usable[1].base, 0x100000);
	CHECK_EQ(e.bi.usable[1].size, 0xff00000);
	CHECK_EQ(count_what(&e.bi, "firmware"), 1);
	CHECK_EQ(count_what(&e.bi, "module"), 2);
	CHECK_EQ(e.bi.n_modules, 2);
	CHECK_STR(e.bi.modules[0].name, "initrd");
	CHECK_EQ(e.bi.modules[0].base, 0x800000);
	CHECK_EQ(e.bi.modules[0].size, 0x1000);
	CHECK_STR(e.bi.modules[1].name, "");
	CHECK_EQ(e.bi.modules[1].size, 0x200);
	CHECK_EQ(e.bi.dropped, 0);
	fakemem_free(&e.fm);
}

TEST(mb1_cmdline_variants)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "poweroff", "poweroff" },             /* GRUB: no image path */
		{ "/kernel.elf", "" },                  /* the path alone */
		{ "/a/b   x y", "x y" },
		{ " /a x", " /a x" },                   /* not at the very start: kept */
		{ "", "" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct env e;
		env_mb1(&e, cases[i].in);
		CHECK_OK(run_mb1(&e));
		CHECK_STR(e.bi.cmdline, cases[i].out);
		fakemem_free(&e.fm);
	}

	/* Longer than the kernel keeps: truncated and flagged. */
	char longline[700];
	memset(longline, 'w', sizeof longline - 1);
	longline[sizeof longline - 1] = '\0';
	struct env e;
	env_mb1(&e, longline);
	CHECK_OK(run_mb1(&e));
	CHECK(e.bi.cmdline_truncated);
	CHECK_EQ(strlen(e.bi.cmdline), BOOTINFO_CMDLINE_MAX - 1);

	/* A command line running into the end of memory with no NUL: refused. */
	uint64_t at = BASE + SIZE - 5;
	memcpy(fakemem_ptr(&e.fm, at, 5), "abcde", 5);
	fakemem_w32(&e.fm, e.im.info + 16, (uint32_t)at);
	CHECK_ERR(run_mb1(&e));
	/* Unreadable command line address. */
	fakemem_w32(&e.fm, e.im.info + 16, 0x1000);
	CHECK_ERR(run_mb1(&e));
	/* ...unless the flags say there is no command line. */
	fakemem_w32(&e.fm, e.im.info, 1u << 0 | 1u << 3 | 1u << 6);
	CHECK_OK(run_mb1(&e));
	CHECK_STR(e.bi.cmdline, "");
	fakemem_free(&e.fm);
}

TEST(mb1_memory_sources)
{
	struct env e;
	env_mb1(&e, "x");
	/* No memory map: mem_lower / mem_upper. */
	fakemem_w32(&e.fm, e.im.info, 1u << 0);
	CHECK_OK(run_mb1(&e));
	CHECK_STR(e.bi.memory_source, "multiboot mem_lower/mem_upper");
	CHECK_EQ(e.bi.n_usable, 2);
	CHECK_EQ(e.bi.usable[0].size, 640 * 1024);
	CHECK_EQ(e.bi.usable[1].base, 0x100000);
	CHECK_EQ(e.bi.usable[1].size, 261120ull * 1024);
	/* Neither: no memory is an error. */
	fakemem_w32(&e.fm, e.im.info, 0);
	CHECK_ERR(run_mb1(&e));
	/* A memory map with only reserved entries. */
	fakemem_w32(&e.fm, e.im.info, 1u << 6);
	for (int i = 0; i < 3; i++)
		fakemem_w32(&e.fm, e.im.mmap + 24 * i + 20, 2);
	CHECK_ERR(run_mb1(&e));
	fakemem_free(&e.fm);
}

TEST(mb1_bad_memory_map)
{
	struct env e;
	env_mb1(&e, "x");
	uint64_t len_field = e.im.info + 44, addr_field = e.im.info + 48;

	fakemem_w32(&e.fm, e.im.mmap, 19); /* entry size too small */
	CHECK_ERR(run_mb1(&e));
	fakemem_w32(&e.fm, e.im.mmap, 500); /* entry size past the map */
	CHECK_ERR(run_mb1(&e));
	fakemem_w32(&e.fm, e.im.mmap, 0xfffffffc); /* would wrap */
	CHECK_ERR(run_mb1(&e));
	fakemem_w32(&e.fm, e.im.mmap, 20);
	CHECK_OK(run_mb1(&e));

	fakemem_w32(&e.fm, len_field, 3 * 24 + 2); /* two stray bytes at the end */
	CHECK_ERR(run_mb1(&e));
	fakemem_w32(&e.fm, len_field, 3 * 24 + 10); /* a partial entry at the end */
	CHECK_ERR(run_mb1(&e));
	fakemem_w32(&e.fm, len_field, 0x7fffffff); /* huge */
	CHECK_ERR(run_mb1(&e));
	fakemem_w32(&e.fm, len_field, 3 * 24);
	fakemem_w32(&e.fm, addr_field, BASE + SIZE - 8); /* runs off the end of memory */
	CHECK_ERR(run_mb1(&e));
	fakemem_w32(&e.fm, addr_field, 0xfffffff0);
	CHECK_ERR(run_mb1(&e));
	fakemem_free(&e.fm);

	/* Entries larger than 20 bytes (extended attributes) are stepped over by their size. */
	env_mb1(&e, "x");
	uint64_t m = fakemem_alloc(&e.fm, 2 * 28, 8);
	for (int i = 0; i < 2; i++) {
		fakemem_w32(&e.fm, m + 28 * i, 24);
		fakemem_w64(&e.fm, m + 28 * i + 4, 0x100000ull * (i + 1));
		fakemem_w64(&e.fm, m + 28 * i + 12, 0x1000);
		fakemem_w32(&e.fm, m + 28 * i + 20, 1);
		fakemem_w32(&e.fm, m + 28 * i + 24, 1);
	}
	fakemem_w32(&e.fm, e.im.info + 44, 2 * 28);
	fakemem_w32(&e.fm, e.im.info + 48, (uint32_t)m);
	CHECK_OK(run_mb1(&e));
	CHECK_EQ(e.bi.n_usable, 2);
	CHECK_EQ(e.bi.usable[1].base, 0x200000);
	fakemem_free(&e.fm);
}

TEST(mb1_bad_info_and_modules)
{
	struct env e;
	env_mb1(&e, "x");
	CHECK_ERR(multiboot1_collect(&e.bi, &e.pv, MULTIBOOT2_BOOT_MAGIC, e.im.info));
	CHECK_ERR(multiboot1_collect(&e.bi, &e.pv, 0, e.im.info));
	CHECK_ERR(multiboot1_collect(&e.bi, &e.pv, MULTIBOOT1_BOOT_MAGIC, 0));
	CHECK_ERR(multiboot1_collect(&e.bi, &e.pv, MULTIBOOT1_BOOT_MAGIC, BASE + SIZE - 40));
	CHECK_ERR(multiboot1_collect(&e.bi, &e.pv, MULTIBOOT1_BOOT_MAGIC, UINT64_MAX - 8));
	fakemem_release(&e.fm);

	uint64_t count = e.im.info + 20, addr = e.im.info + 24;
	fakemem_w32(&e.fm, e.im.mods + 4, 0x7fffff); /* ends before it starts */
	CHECK_ERR(run_mb1(&e));
	fakemem_w32(&e.fm, e.im.mods + 4, 0x801000);
	CHECK_OK(run_mb1(&e));
	fakemem_w32(&e.fm, count, 65);
	CHECK_ERR(run_mb1(&e));
	fakemem_w32(&e.fm, count, 0xffffffff);
	CHECK_ERR(run_mb1(&e));
	fakemem_w32(&e.fm, count, 2);
	fakemem_w32(&e.fm, addr, BASE + SIZE - 16); /* second entry past the end */
	CHECK_ERR(run_mb1(&e));
	fakemem_w32(&e.fm, addr, (uint32_t)e.im.mods);
	fakemem_w32(&e.fm, e.im.mods + 8, 0x2000); /* name unreadable */
	CHECK_ERR(run_mb1(&e));
	/* A name longer than the kernel keeps is cut, not refused. */
	char name[100];
	memset(name, 'n', sizeof name - 1);
	name[sizeof name - 1] = '\0';
	fakemem_w32(&e.fm, e.im.mods + 8, (uint32_t)fakemem_str(&e.fm, name));
	CHECK_OK(run_mb1(&e));
	CHECK_EQ(strlen(e.bi.modules[0].name), BOOTINFO_NAME_MAX - 1);
	/* No modules at all, and a bogus address that must not be read. */
	fakemem_w32(&e.fm, count, 0);
	fakemem_w32(&e.fm, addr, 0xdead0000);
	CHECK_OK(run_mb1(&e));
	CHECK_EQ(e.bi.n_modules, 0);
	fakemem_free(&e.fm);
}

/* ---- Multiboot 2 ---- */

static void env_mb2(struct env *e, const char *cmdline)
{
	fakemem_init(&e->fm, BASE, SIZE);
	e->pv = fakemem_view(&e->fm);
	e->im = bootimg_mb2(&e->fm, cmdline);
}

static const char *run_mb2(struct env *e)
{
	const char *err = multiboot2_collect(&e->bi, &e->pv, MULTIBOOT2_BOOT_MAGIC, e->im.info);
	fakemem_release(&e->fm);
	return err;
}

TEST(mb2_typical)
{
	struct env e;
	env_mb2(&e, "poweroff extra");
	CHECK_OK(run_mb2(&e));
	CHECK_STR(e.bi.memory_source, "multiboot2 memory map");
	CHECK_STR(e.bi.cmdline, "poweroff extra");
	CHECK_EQ(e.bi.n_usable, 2);
	CHECK_EQ(e.bi.n_modules, 2);
	CHECK_STR(e.bi.modules[0].name, "initrd");
	CHECK_EQ(e.bi.modules[0].size, 0x1000);
	CHECK_STR(e.bi.modules[1].name, "");
	CHECK_EQ(e.bi.acpi_rsdp, e.im.acpi + 8);
	/* With an RSDP copy inside, the info block itself must stay reserved. */
	CHECK_EQ(count_what(&e.bi, "boot info"), 1);
	CHECK_EQ(count_what(&e.bi, "firmware"), 1);

	/* Without the memory map tag: basic meminfo. */
	fakemem_w32(&e.fm, e.im.mmap, 99);
	CHECK_OK(run_mb2(&e));
	CHECK_STR(e.bi.memory_source, "multiboot2 basic memory info");
	CHECK_EQ(e.bi.usable[0].size, 639 * 1024);
	CHECK_EQ(e.bi.usable[1].size, 261120ull * 1024);

	/* The old ACPI 1.0 tag is used when it is the only one; 2.0 wins when both exist. */
	fakemem_w32(&e.fm, e.im.acpi, 14);
	CHECK_OK(run_mb2(&e));
	CHECK_EQ(e.bi.acpi_rsdp, e.im.acpi + 8);
	/* No ACPI tag: nothing to reserve for it. */
	fakemem_w32(&e.fm, e.im.acpi, 99);
	CHECK_OK(run_mb2(&e));
	CHECK_EQ(e.bi.acpi_rsdp, 0);
	CHECK_EQ(count_what(&e.bi, "boot info"), 0);
	fakemem_free(&e.fm);
}

TEST(mb2_cmdline)
{
	struct env e;
	char longline[700];
	memset(longline, 'w', sizeof longline - 1);
	longline[sizeof longline - 1] = '\0';
	env_mb2(&e, longline);
	CHECK_OK(run_mb2(&e));
	CHECK(e.bi.cmdline_truncated);
	CHECK_EQ(strlen(e.bi.cmdline), BOOTINFO_CMDLINE_MAX - 1);
	fakemem_free(&e.fm);

	/* A command line tag without its NUL: bounded by the tag size. */
	env_mb2(&e, "abcdefg"); /* a 16-byte tag, so a size of 13 keeps the next tag aligned */
	fakemem_w32(&e.fm, e.im.cmdline + 4, 8 + 5);
	CHECK_OK(run_mb2(&e));
	CHECK_STR(e.bi.cmdline, "abcde");
	CHECK(!e.bi.cmdline_truncated);
	fakemem_free(&e.fm);
}

TEST(mb2_bad_info)
{
	struct env e;
	env_mb2(&e, "x");
	CHECK_ERR(multiboot2_collect(&e.bi, &e.pv, MULTIBOOT1_BOOT_MAGIC, e.im.info));
	CHECK_ERR(multiboot2_collect(&e.bi, &e.pv, MULTIBOOT2_BOOT_MAGIC, 0x100));
	CHECK_ERR(multiboot2_collect(&e.bi, &e.pv, MULTIBOOT2_BOOT_MAGIC, BASE + SIZE - 4));
	fakemem_release(&e.fm);

	static const uint32_t bad_totals[] = { 0, 8, 15, 0xffffffff, 2 * 1024 * 1024, SIZE + 8 };
	for (size_t i = 0; i < sizeof bad_totals / sizeof *bad_totals; i++) {
		fakemem_w32(&e.fm, e.im.info, bad_totals[i]);
		if (!run_mb2(&e))
			test_fail(__FILE__, __LINE__, "accepted total_size %u", bad_totals[i]);
	}
	/* total_size that stops before the end tag, or in the middle of a tag. */
	fakemem_w32(&e.fm, e.im.info, e.im.total - 8);
	CHECK_ERR(run_mb2(&e));
	fakemem_w32(&e.fm, e.im.info, e.im.total - 4);
	CHECK_ERR(run_mb2(&e));
	fakemem_w32(&e.fm, e.im.info, e.im.total);
	CHECK_OK(run_mb2(&e));
	fakemem_free(&e.fm);
}

TEST(mb2_bad_tags)
{
	struct env e;
	env_mb2(&e, "x");
	/* No end tag: the last tag becomes an unknown one. */
	fakemem_w32(&e.fm, e.im.end, 77);
	CHECK_ERR(run_mb2(&e));
	fakemem_w32(&e.fm, e.im.end, 0);
	CHECK_OK(run_mb2(&e));

	static const uint32_t bad_sizes[] = { 0, 4, 7, 0x10000, 0xffffffff, 0xfffffff9 };
	for (size_t i = 0; i < sizeof bad_sizes / sizeof *bad_sizes; i++) {
		fakemem_w32(&e.fm, e.im.mmap + 4, bad_sizes[i]);
		if (!run_mb2(&e))
			test_fail(__FILE__, __LINE__, "accepted a tag of size %u", bad_sizes[i]);
	}
	fakemem_w32(&e.fm, e.im.mmap + 4, 16 + 3 * 24);
	CHECK_OK(run_mb2(&e));
	/* The end tag's size also has to fit. */
	fakemem_w32(&e.fm, e.im.end + 4, 16);
	CHECK_ERR(run_mb2(&e));
	fakemem_w32(&e.fm, e.im.end + 4, 8);

	/* Memory map entry sizes: too small, not a multiple of 8, bigger than the tag. */
	static const uint32_t bad_esize[] = { 0, 8, 20, 25, 0x80000000 };
	for (size_t i = 0; i < sizeof bad_esize / sizeof *bad_esize; i++) {
		fakemem_w32(&e.fm, e.im.mmap + 8, bad_esize[i]);
		const char *err = run_mb2(&e);
		/* An entry size bigger than the tag just means no entries (then no memory). */
		if (!err)
			test_fail(__FILE__, __LINE__, "accepted mmap entry size %u", bad_esize[i]);
	}
	/* 32-byte entries are legal (a future version): each is read at its stride. */
	fakemem_w32(&e.fm, e.im.mmap + 8, 32);
	CHECK_OK(run_mb2(&e));
	fakemem_w32(&e.fm, e.im.mmap + 8, 24);
	fakemem_w32(&e.fm, e.im.mmap + 4, 12); /* tag too short for its header */
	CHECK_ERR(run_mb2(&e));
	fakemem_w32(&e.fm, e.im.mmap + 4, 16 + 3 * 24);

	/* Module tags. */
	fakemem_w32(&e.fm, e.im.mods + 12, 0x7fffff); /* ends before it starts */
	CHECK_ERR(run_mb2(&e));
	fakemem_w32(&e.fm, e.im.mods + 12, 0x801000);
	fakemem_w32(&e.fm, e.im.mods + 4, 16); /* no room for the name's NUL */
	CHECK_ERR(run_mb2(&e));
	fakemem_w32(&e.fm, e.im.mods + 4, 16 + 7);
	CHECK_OK(run_mb2(&e));

	/* Basic meminfo tag too short. */
	fakemem_w32(&e.fm, e.im.mmap, 99);
	uint64_t meminfo = e.im.mmap - 16;
	fakemem_w32(&e.fm, meminfo + 4, 12);
	CHECK_ERR(run_mb2(&e));
	fakemem_free(&e.fm);
}

/* ---- PVH ---- */

static void env_pvh(struct env *e, const char *cmdline)
{
	fakemem_init(&e->fm, BASE, SIZE);
	e->pv = fakemem_view(&e->fm);
	e->im = bootimg_pvh(&e->fm, cmdline);
}

static const char *run_pvh(struct env *e)
{
	const char *err = pvh_collect(&e->bi, &e->pv, e->im.info);
	fakemem_release(&e->fm);
	return err;
}

TEST(pvh_typical)
{
	struct env e;
	env_pvh(&e, "poweroff extra");
	CHECK_OK(run_pvh(&e));
	CHECK_STR(e.bi.memory_source, "PVH memory map (e820)");
	CHECK_STR(e.bi.cmdline, "poweroff extra");
	CHECK_EQ(e.bi.n_usable, 2);
	CHECK_EQ(e.bi.n_modules, 1);
	CHECK_STR(e.bi.modules[0].name, "initrd");
	CHECK_EQ(e.bi.modules[0].base, 0x800000);
	CHECK_EQ(e.bi.modules[0].size, 0x1000);
	CHECK_EQ(e.bi.acpi_rsdp, 0xf5a40);
	/* No command line and no modules: both optional. */
	fakemem_w64(&e.fm, e.im.info + 24, 0);
	fakemem_w32(&e.fm, e.im.info + 12, 0);
	fakemem_w64(&e.fm, e.im.info + 16, 0xdead0000);
	CHECK_OK(run_pvh(&e));
	CHECK_STR(e.bi.cmdline, "");
	CHECK_EQ(e.bi.n_modules, 0);
	fakemem_free(&e.fm);

	char longline[700];
	memset(longline, 'w', sizeof longline - 1);
	longline[sizeof longline - 1] = '\0';
	env_pvh(&e, longline);
	CHECK_OK(run_pvh(&e));
	CHECK(e.bi.cmdline_truncated);
	CHECK_EQ(strlen(e.bi.cmdline), BOOTINFO_CMDLINE_MAX - 1);
	fakemem_free(&e.fm);
}

TEST(pvh_bad_start_info)
{
	struct env e;
	env_pvh(&e, "x");
	uint64_t si = e.im.info;
	CHECK_ERR(pvh_collect(&e.bi, &e.pv, 0x100));
	CHECK_ERR(pvh_collect(&e.bi, &e.pv, BASE + SIZE - 20));
	fakemem_release(&e.fm);

	fakemem_w32(&e.fm, si, 0x336ec579);
	CHECK_ERR(run_pvh(&e));
	fakemem_w32(&e.fm, si, PVH_START_MAGIC);
	fakemem_w32(&e.fm, si + 4, 0); /* version 0 has no memory map */
	CHECK_ERR(run_pvh(&e));
	fakemem_w32(&e.fm, si + 4, 1);

	fakemem_w32(&e.fm, si + 48, 0);
	CHECK_ERR(run_pvh(&e));
	fakemem_w32(&e.fm, si + 48, 2000);
	CHECK_ERR(run_pvh(&e));
	fakemem_w32(&e.fm, si + 48, 1000); /* runs past the end of memory */
	CHECK_ERR(run_pvh(&e));
	fakemem_w32(&e.fm, si + 48, 3);
	fakemem_w64(&e.fm, si + 40, UINT64_MAX - 16);
	CHECK_ERR(run_pvh(&e));
	fakemem_w64(&e.fm, si + 40, e.im.mmap);
	for (int i = 0; i < 3; i++)
		fakemem_w32(&e.fm, e.im.mmap + 24 * i + 16, 2);
	CHECK_ERR(run_pvh(&e)); /* nothing usable */
	for (int i = 0; i < 3; i++)
		fakemem_w32(&e.fm, e.im.mmap + 24 * i + 16, 1);
	CHECK_OK(run_pvh(&e));

	/* Command line: unreadable, or running into the end of memory without a NUL. */
	fakemem_w64(&e.fm, si + 24, 0x2000);
	CHECK_ERR(run_pvh(&e));
	uint64_t at = BASE + SIZE - 3;
	memcpy(fakemem_ptr(&e.fm, at, 3), "abc", 3);
	fakemem_w64(&e.fm, si + 24, at);
	CHECK_ERR(run_pvh(&e));
	fakemem_w64(&e.fm, si + 24, e.im.cmdline);

	/* Modules: too many, list unreadable, name unreadable. */
	fakemem_w32(&e.fm, si + 12, 65);
	CHECK_ERR(run_pvh(&e));
	fakemem_w32(&e.fm, si + 12, 1);
	fakemem_w64(&e.fm, si + 16, BASE + SIZE - 16);
	CHECK_ERR(run_pvh(&e));
	fakemem_w64(&e.fm, si + 16, e.im.mods);
	fakemem_w64(&e.fm, e.im.mods + 16, 0x3000);
	CHECK_ERR(run_pvh(&e));
	fakemem_free(&e.fm);
}
