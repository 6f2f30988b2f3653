/* kernel/bootinfo.c and the shared adapter helpers in kernel/boot/common.c. */
#include "test.h"
#include "fakemem.h"

#include <boot.h>
#include <bootinfo.h>
#include <string.h>

TEST(bootinfo_overflow_is_counted)
{
	struct bootinfo bi;
	bootinfo_init(&bi);
	CHECK_STR(bi.memory_source, "none");
	for (unsigned i = 0; i < BOOTINFO_MAX_RANGES + 7; i++)
		bootinfo_add_usable(&bi, 0x1000ull * i, 0x1000);
	CHECK_EQ(bi.n_usable, BOOTINFO_MAX_RANGES);
	CHECK_EQ(bi.dropped, 7);
	CHECK_EQ(bi.usable[BOOTINFO_MAX_RANGES - 1].base, 0x1000ull * (BOOTINFO_MAX_RANGES - 1));

	bootinfo_init(&bi);
	for (unsigned i = 0; i < BOOTINFO_MAX_MODULES + 3; i++)
		bootinfo_add_module(&bi, 0x100000ull * i, 0x100, "m", 1);
	CHECK_EQ(bi.n_modules, BOOTINFO_MAX_MODULES);
	/* Every module's range is still reserved, even the ones that did not fit in the list. */
	CHECK_EQ(bi.n_reserved, BOOTINFO_MAX_MODULES + 3);
	CHECK_EQ(bi.dropped, 3);
}

TEST(bootinfo_ranges_zero_and_wrapping)
{
	struct bootinfo bi;
	bootinfo_init(&bi);
	bootinfo_add_usable(&bi, 0x1000, 0);
	bootinfo_add_reserved(&bi, 0x1000, 0, "firmware");
	CHECK_EQ(bi.n_usable, 0);
	CHECK_EQ(bi.n_reserved, 0);
	/* End past 2^64: clipped so that base + size does not wrap. */
	bootinfo_add_usable(&bi, UINT64_MAX - 0xfff, 0x2000);
	CHECK_EQ(bi.n_usable, 1);
	CHECK_EQ(bi.usable[0].size, 0xfff);
	CHECK(bi.usable[0].base + bi.usable[0].size >= bi.usable[0].base);
	/* Clipping must never leave a zero-sized range behind (callers print base + size - 1). */
	bootinfo_add_usable(&bi, UINT64_MAX, 1);
	bootinfo_add_reserved(&bi, UINT64_MAX, UINT64_MAX, "firmware");
	for (unsigned i = 0; i < bi.n_usable; i++)
		CHECK(bi.usable[i].size != 0);
	for (unsigned i = 0; i < bi.n_reserved; i++)
		CHECK(bi.reserved[i].size != 0);
	CHECK_STR(bi.usable[0].what, "ram");
}

TEST(bootinfo_cmdline_and_names)
{
	struct bootinfo bi;
	char s[BOOTINFO_CMDLINE_MAX + 10];
	memset(s, 'c', sizeof s);

	/* Exactly what fits: BOOTINFO_CMDLINE_MAX - 1 characters, not truncated. */
	bootinfo_init(&bi);
	bootinfo_set_cmdline(&bi, s, BOOTINFO_CMDLINE_MAX - 1);
	CHECK_EQ(strlen(bi.cmdline), BOOTINFO_CMDLINE_MAX - 1);
	CHECK(!bi.cmdline_truncated);
	/* One more: truncated and flagged. */
	bootinfo_init(&bi);
	bootinfo_set_cmdline(&bi, s, BOOTINFO_CMDLINE_MAX);
	CHECK_EQ(strlen(bi.cmdline), BOOTINFO_CMDLINE_MAX - 1);
	CHECK(bi.cmdline_truncated);
	/* A NUL stops the copy before len. */
	bootinfo_init(&bi);
	bootinfo_set_cmdline(&bi, "ab\0cd", 5);
	CHECK_STR(bi.cmdline, "ab");
	s[BOOTINFO_CMDLINE_MAX - 1] = '\0';
	bootinfo_init(&bi);
	bootinfo_set_cmdline(&bi, s, sizeof s);
	CHECK(!bi.cmdline_truncated);
	bootinfo_set_cmdline(&bi, "", 0);
	CHECK_STR(bi.cmdline, "");

	bootinfo_init(&bi);
	bootinfo_add_module(&bi, 0x1000, 0x10, NULL, 50);
	bootinfo_add_module(&bi, 0x2000, 0x10, "abcdef", 3);
	char longname[200];
	memset(longname, 'n', sizeof longname);
	bootinfo_add_module(&bi, 0x3000, 0x10, longname, sizeof longname);
	CHECK_STR(bi.modules[0].name, "");
	CHECK_STR(bi.modules[1].name, "abc");
	CHECK_EQ(strlen(bi.modules[2].name), BOOTINFO_NAME_MAX - 1);
	CHECK_STR(bi.reserved[2].what, "module");
}

TEST(boot_read_string_bounds)
{
	struct fakemem fm;
	fakemem_init(&fm, 0x1000, 64);
	struct phys_view pv = fakemem_view(&fm);
	uint64_t hello = fakemem_str(&fm, "hello");
	char buf[8];
	bool trunc = true;
	CHECK_EQ(boot_read_string(&pv, hello, buf, sizeof buf, &trunc), 5);
	CHECK_STR(buf, "hello");
	CHECK(!trunc);
	CHECK_EQ(boot_read_string(&pv, hello, buf, 4, &trunc), 3);
	CHECK_STR(buf, "hel");
	CHECK(trunc);
	CHECK_EQ(boot_read_string(&pv, hello, buf, 6, NULL), 5);
	CHECK_EQ(boot_read_string(&pv, hello, buf, 0, &trunc), -1);
	/* Runs into the end of memory: unreadable, but buf is still a valid string. */
	memset(fakemem_ptr(&fm, 0x1000 + 60, 4), 'x', 4);
	CHECK_EQ(boot_read_string(&pv, 0x1000 + 60, buf, sizeof buf, &trunc), -1);
	CHECK_STR(buf, "xxxx");
	CHECK_EQ(boot_read_string(&pv, 0x10, buf, sizeof buf, &trunc), -1);
	CHECK_STR(buf, "");
	fakemem_free(&fm);
}

TEST(boot_e820_types)
{
	struct bootinfo bi;
	bootinfo_init(&bi);
	static const struct { uint32_t type; const char *what; } types[] = {
		{ 2, "firmware" }, { 3, "acpi reclaimable" }, { 4, "acpi nvs" },
		{ 5, "bad memory" }, { 0, "firmware" }, { 7, "firmware" }, { 0xffffffff, "firmware" },
	};
	boot_add_e820(&bi, 0, 0x1000, 1);
	CHECK_EQ(bi.n_usable, 1);
	for (unsigned i = 0; i < sizeof types / sizeof *types; i++) {
		boot_add_e820(&bi, 0x1000ull * (i + 1), 0x1000, types[i].type);
		CHECK_STR(bi.reserved[i].what, types[i].what);
	}
	CHECK_EQ(bi.n_usable, 1);
}
