/*
 * Host unit tests for the UEFI boot path: the kernel adapter (kernel/boot/uefi.c: handoff and
 * memory map -> bootinfo) and the loader's pure parts (kernel/boot/uefi/image.c: ELF plan,
 * command line conversion). Inputs are hand-made, many of them hostile. Standalone: its own
 * Runs under the unit test framework (test.h).
 *
 * Build and run (from the top of the tree):
 */
#include <boot.h>
#include <loader.h>
#include "test.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uefi_handoff.h>


/* The call fails with a message containing text (the call is evaluated once). */
#define CHECK_ERR_HAS(err, text)                                                              \
	do {                                                                                  \
		const char *e_ = (err);                                                       \
		if (!e_ || !strstr(e_, (text)))                                               \
			test_fail(__FILE__, __LINE__, "%s: expected an error containing \"%s\", got %s", \
				  #err, (text), e_ ? e_ : "success");                          \
	} while (0)

/* Fake physical memory: MEM_SIZE bytes at MEM_BASE; nothing else is readable. */
#define MEM_BASE 0x100000ull
#define MEM_SIZE 0x10000ull
static uint8_t *mem;

static const void *fake_map(void *ctx, uint64_t phys, uint64_t len)
{
	(void)ctx;
	if (phys < MEM_BASE || phys - MEM_BASE > MEM_SIZE || len > MEM_SIZE - (phys - MEM_BASE))
		return NULL;
	return mem + (phys - MEM_BASE);
}

static const struct phys_view view = { fake_map, NULL };

/* Layout inside fake memory: handoff at +0, command line at +0x200, map at +0x1000. */
#define H_PHYS MEM_BASE
#define CMD_PHYS (MEM_BASE + 0x200)
#define MAP_PHYS (MEM_BASE + 0x1000)

static struct uefi_handoff *handoff(void)
{
	return (struct uefi_handoff *)mem;
}

static void reset(uint64_t desc_size)
{
	memset(mem, 0xa5, MEM_SIZE); /* garbage everywhere the test does not write */
	struct uefi_handoff *h = handoff();
	memset(h, 0, sizeof *h);
	h->magic = UEFI_HANDOFF_MAGIC;
	h->version = UEFI_HANDOFF_VERSION;
	h->size = sizeof *h;
	h->desc_version = 1;
	h->mmap_phys = MAP_PHYS;
	h->mmap_size = 0;
	h->desc_size = desc_size;
}

/* Appends a descriptor at the handoff's stride; bytes past the spec's 40 keep their garbage. */
static void add_desc(uint32_t type, uint64_t phys, uint64_t pages, uint64_t attr)
{
	struct uefi_handoff *h = handoff();
	uint8_t *d = mem + (MAP_PHYS - MEM_BASE) + h->mmap_size;
	memcpy(d + UEFI_DESC_TYPE, &type, 4);
	memset(d + 4, 0, 4);
	memcpy(d + UEFI_DESC_PHYS, &phys, 8);
	memset(d + 16, 0, 8); /* virtual start */
	memcpy(d + UEFI_DESC_PAGES, &pages, 8);
	memcpy(d + UEFI_DESC_ATTR, &attr, 8);
	h->mmap_size += h->desc_size;
}

static struct bootinfo bi;

static const char *collect(void)
{
	return uefi_collect(&bi, &view, H_PHYS);
}

static const struct boot_range *find_reserved(const char *what)
{
	for (unsigned i = 0; i < bi.n_reserved; i++)
		if (strcmp(bi.reserved[i].what, what) == 0)
			return &bi.reserved[i];
	return NULL;
}

static void test_good_map(void)
{
	reset(40);
	add_desc(7, 0x0, 0xa0, 0xf);              /* conventional, 640 KiB */
	add_desc(0, 0xa0000, 0x60, 0);            /* reserved */
	add_desc(2, 0x100000, 0x10, 0xf);         /* loader data ... */
	add_desc(4, 0x110000, 0x10, 0xf);         /* ... boot services data ... */
	add_desc(7, 0x120000, 0x100, 0xf);        /* ... conventional: one merged run */
	add_desc(9, 0x220000, 0x4, 0xf);          /* acpi reclaim */
	add_desc(10, 0x224000, 0x4, 0xf);         /* acpi nvs */
	add_desc(6, 0x228000, 0x2, 1ull << 63);   /* runtime data */
	add_desc(11, 0xfec00000, 0x1, 1ull << 63); /* mmio */
	add_desc(7, 0x300000, 0x0, 0xf);          /* empty: skipped */
	add_desc(99, 0x400000, 0x1, 0);           /* unknown type: reserved */
	CHECK_OK(collect());
	CHECK(strcmp(bi.memory_source, "UEFI memory map") == 0);
	CHECK(bi.n_usable == 2);
	CHECK(bi.usable[0].base == 0 && bi.usable[0].size == 0xa0000);
	CHECK(bi.usable[1].base == 0x100000 && bi.usable[1].size == 0x120000);
	CHECK(find_reserved("acpi reclaimable") && find_reserved("acpi reclaimable")->size == 0x4000);
	CHECK(find_reserved("acpi nvs") != NULL);
	CHECK(find_reserved("uefi runtime") && find_reserved("uefi runtime")->base == 0x228000);
	CHECK(find_reserved("mmio") && find_reserved("mmio")->base == 0xfec00000);
	CHECK(find_reserved("firmware") != NULL); /* types 0 and 99 */
	CHECK(bi.n_reserved == 6);
	CHECK(bi.dropped == 0);
	CHECK(bi.cmdline[0] == '\0' && bi.dtb_base == 0 && bi.acpi_rsdp == 0);
}

static void test_runtime_attribute_reserves(void)
{
	reset(40);
	add_desc(7, 0x100000, 0x10, 0);
	add_desc(4, 0x110000, 0x10, 1ull << 63); /* boot services data, but needed at runtime */
	CHECK_OK(collect());
	CHECK(bi.n_usable == 1 && bi.usable[0].size == 0x10000);
	CHECK(find_reserved("uefi runtime") && find_reserved("uefi runtime")->base == 0x110000);
}

static void test_large_descriptor_stride(void)
{
	/* Firmware may use a descriptor bigger than the spec's struct: step by desc_size, and
	 * ignore the extra bytes (they hold 0xa5 garbage here). */
	reset(48);
	add_desc(7, 0x100000, 0x10, 0);
	add_desc(5, 0x200000, 0x1, 1ull << 63);
	add_desc(7, 0x300000, 0x20, 0);
	CHECK_OK(collect());
	CHECK(bi.n_usable == 2);
	CHECK(bi.usable[0].base == 0x100000 && bi.usable[1].base == 0x300000);
	CHECK(bi.usable[1].size == 0x20000);
	CHECK(find_reserved("uefi runtime") && find_reserved("uefi runtime")->base == 0x200000);
}

static void test_bad_descriptor_sizes(void)
{
	reset(32); /* smaller than the descriptor itself */
	handoff()->mmap_size = 64;
	CHECK_ERR_HAS(collect(), "descriptor size");
	reset(44); /* not a multiple of 8 */
	handoff()->mmap_size = 88;
	CHECK_ERR_HAS(collect(), "descriptor size");
	reset(0);
	CHECK_ERR_HAS(collect(), "descriptor size");
	reset(1u << 20);
	handoff()->mmap_size = 1u << 20;
	CHECK_ERR_HAS(collect(), "descriptor size");
}

static void test_map_size_not_multiple(void)
{
	reset(40);
	add_desc(7, 0x100000, 0x10, 0);
	handoff()->mmap_size += 8;
	CHECK_ERR_HAS(collect(), "whole number");
}

static void test_empty_and_huge_maps(void)
{
	reset(40);
	CHECK_ERR_HAS(collect(), "bad size");
	reset(40);
	handoff()->mmap_size = 40ull << 40;
	CHECK_ERR_HAS(collect(), "bad size");
}

static void test_map_past_readable_memory(void)
{
	/* More descriptors claimed than readable memory holds. */
	reset(40);
	add_desc(7, 0x100000, 0x10, 0);
	handoff()->mmap_size = 40 * 2000; /* 80000 bytes: past the 64 KiB of fake memory */
	CHECK_ERR_HAS(collect(), "not readable");
	/* A map placed so its end wraps the address space. */
	reset(40);
	handoff()->mmap_phys = UINT64_MAX - 39;
	handoff()->mmap_size = 80;
	CHECK_ERR_HAS(collect(), "not readable");
}

static void test_page_count_overflow(void)
{
	reset(40);
	add_desc(7, 0x100000, 1ull << 52, 0); /* pages * 4096 overflows 64 bits */
	CHECK_ERR_HAS(collect(), "past the end");
	reset(40);
	add_desc(7, 0xfffffffffff00000ull, 0x100, 0); /* base + size reaches exactly 2^64 */
	CHECK_ERR_HAS(collect(), "past the end");
	reset(40);
	add_desc(7, 0xfffffffffff00000ull, 0xff, 0); /* ends at the last page: fine */
	CHECK_OK(collect());
	CHECK(bi.n_usable == 1 && bi.usable[0].size == 0xff000);
	reset(40);
	add_desc(7, 0x100800, 0x1, 0);
	CHECK_ERR_HAS(collect(), "page-aligned");
}

static void test_many_descriptors(void)
{
	/* Alternating kinds cannot merge: bootinfo keeps what fits and counts the rest. */
	reset(40);
	for (unsigned i = 0; i < 200; i++)
		add_desc(i % 2 ? 7 : 6, 0x100000 + (uint64_t)i * 0x1000, 1, 0);
	CHECK_OK(collect());
	CHECK(bi.n_usable == BOOTINFO_MAX_RANGES && bi.n_reserved == BOOTINFO_MAX_RANGES);
	CHECK(bi.dropped == 200 - 2 * BOOTINFO_MAX_RANGES);
	/* Adjacent descriptors of one kind merge into one range. */
	reset(40);
	for (unsigned i = 0; i < 300; i++)
		add_desc(7, 0x100000 + (uint64_t)i * 0x1000, 1, 0);
	CHECK_OK(collect());
	CHECK(bi.n_usable == 1 && bi.usable[0].size == 300 * 0x1000ull && bi.dropped == 0);
}

static void test_bad_handoff(void)
{
	CHECK_ERR_HAS(uefi_collect(&bi, &view, 0), "no handoff");
	CHECK_ERR_HAS(uefi_collect(&bi, &view, 0x1000), "not readable");
	CHECK_ERR_HAS(uefi_collect(&bi, &view, MEM_BASE + MEM_SIZE - 8), "not readable");
	reset(40);
	handoff()->magic = 0x2badb002u;
	CHECK_ERR_HAS(collect(), "magic");
	reset(40);
	handoff()->version = 2;
	CHECK_ERR_HAS(collect(), "version");
	reset(40);
	handoff()->size = 40;
	CHECK_ERR_HAS(collect(), "version");
	reset(40);
	add_desc(6, 0x100000, 0x10, 0); /* nothing usable */
	CHECK_ERR_HAS(collect(), "no usable");
}

static void test_cmdline_and_tables(void)
{
	reset(40);
	add_desc(7, 0x100000, 0x10, 0);
	strcpy((char *)mem + (CMD_PHYS - MEM_BASE), "poweroff selftest");
	handoff()->cmdline_phys = CMD_PHYS;
	handoff()->cmdline_len = strlen("poweroff selftest");
	handoff()->rsdp_phys = 0xe0000;
	handoff()->block_phys = MEM_BASE;
	handoff()->block_size = 0x2000;
	CHECK_OK(collect());
	CHECK(strcmp(bi.cmdline, "poweroff selftest") == 0 && !bi.cmdline_truncated);
	CHECK(bi.acpi_rsdp == 0xe0000);
	CHECK(find_reserved("boot info") && find_reserved("boot info")->base == MEM_BASE);

	/* Longer than the kernel keeps: truncated and flagged, never read past cmdline_len. */
	memset(mem + (CMD_PHYS - MEM_BASE), 'x', 1000);
	handoff()->cmdline_len = 1000;
	CHECK_OK(collect());
	CHECK(strlen(bi.cmdline) == BOOTINFO_CMDLINE_MAX - 1 && bi.cmdline_truncated);

	/* A length that reaches past readable memory, an absurd length, an unreadable address. */
	handoff()->cmdline_phys = MEM_BASE + MEM_SIZE - 4;
	handoff()->cmdline_len = 100;
	CHECK_ERR_HAS(collect(), "command line is not readable");
	handoff()->cmdline_len = 1ull << 40;
	CHECK_ERR_HAS(collect(), "implausibly long");
	handoff()->cmdline_phys = 0x10;
	handoff()->cmdline_len = 4;
	CHECK_ERR_HAS(collect(), "command line is not readable");

	/* A device tree pointer at garbage. */
	handoff()->cmdline_phys = 0;
	handoff()->dtb_phys = MEM_BASE + 0x3000;
	CHECK_ERR_HAS(collect(), "device tree");
	handoff()->dtb_phys = 0x42;
	CHECK_ERR_HAS(collect(), "device tree");
}

/* A tiny well-formed device tree: header, empty reservation map, root node with /reserved-memory
 * holding one region. Built by hand, big-endian. */
static size_t put_be32(uint8_t *p, size_t off, uint32_t v)
{
	p[off] = v >> 24, p[off + 1] = v >> 16, p[off + 2] = v >> 8, p[off + 3] = (uint8_t)v;
	return off + 4;
}

static size_t put_str(uint8_t *p, size_t off, const char *s)
{
	size_t n = strlen(s) + 1;
	memcpy(p + off, s, n);
	return (off + n + 3) & ~(size_t)3;
}

static void test_dtb_reservations(void)
{
	reset(40);
	add_desc(7, 0x80000000, 0x1000, 0);
	uint8_t *d = mem + 0x4000;
	memset(d, 0, 0x400);
	const char strings[] = "#address-cells\0#size-cells\0reg";
	/* struct block */
	size_t off = 0x40;
	off = put_be32(d, off, 1); off = put_str(d, off, "");                 /* root */
	off = put_be32(d, off, 3); off = put_be32(d, off, 4); off = put_be32(d, off, 0);
	off = put_be32(d, off, 2);                                           /* #address-cells */
	off = put_be32(d, off, 3); off = put_be32(d, off, 4); off = put_be32(d, off, 15);
	off = put_be32(d, off, 2);                                           /* #size-cells */
	off = put_be32(d, off, 1); off = put_str(d, off, "reserved-memory");
	off = put_be32(d, off, 1); off = put_str(d, off, "sbi@80000000");
	off = put_be32(d, off, 3); off = put_be32(d, off, 16); off = put_be32(d, off, 27);
	off = put_be32(d, off, 0); off = put_be32(d, off, 0x80000000);        /* reg: base */
	off = put_be32(d, off, 0); off = put_be32(d, off, 0x80000);           /* size */
	off = put_be32(d, off, 2); off = put_be32(d, off, 2); off = put_be32(d, off, 2);
	off = put_be32(d, off, 9);                                           /* FDT_END */
	size_t struct_size = off - 0x40;
	memcpy(d + off, strings, sizeof strings);
	size_t total = off + sizeof strings;
	put_be32(d, 0, 0xd00dfeed);
	put_be32(d, 4, (uint32_t)total);
	put_be32(d, 8, 0x40);            /* off_dt_struct */
	put_be32(d, 12, (uint32_t)off);  /* off_dt_strings */
	put_be32(d, 16, 0x28);           /* off_mem_rsvmap: one empty entry at 0x28 */
	put_be32(d, 20, 17);
	put_be32(d, 24, 16);
	put_be32(d, 28, 0);
	put_be32(d, 32, sizeof strings);
	put_be32(d, 36, (uint32_t)struct_size);
	handoff()->dtb_phys = MEM_BASE + 0x4000;
	CHECK_OK(collect());
	CHECK(bi.dtb_base == MEM_BASE + 0x4000 && bi.dtb_size == total);
	CHECK(find_reserved("dtb") != NULL);
	const struct boot_range *fw = find_reserved("firmware");
	CHECK(fw && fw->base == 0x80000000 && fw->size == 0x80000);

	/* Truncated: totalsize reaches past readable memory. */
	put_be32(d, 4, (uint32_t)MEM_SIZE);
	CHECK_ERR_HAS(collect(), "device tree");
}

/* ---- the loader's pure parts ---- */

static uint8_t elf[0x3000];

static void put16(size_t off, uint16_t v) { memcpy(elf + off, &v, 2); }
static void put32(size_t off, uint32_t v) { memcpy(elf + off, &v, 4); }
static void put64(size_t off, uint64_t v) { memcpy(elf + off, &v, 8); }

/* A two-segment ELF64 for machine 62: text (file 0x1000, 0x100 bytes at 0x100000) and data+bss
 * (file 0x2000, 0x10 bytes, 0x2000 in memory at 0x101080), entry 0x100000. */
static void make_elf(void)
{
	memset(elf, 0, sizeof elf);
	memcpy(elf, "\177ELF", 4);
	elf[4] = 2, elf[5] = 1, elf[6] = 1;
	put16(16, 2);
	put16(18, 62);
	put64(24, 0x100000);
	put64(32, 64);
	put16(54, 56);
	put16(56, 2);
	size_t ph = 64;
	put32(ph, 1), put64(ph + 8, 0x1000), put64(ph + 24, 0x100000);
	put64(ph + 32, 0x100), put64(ph + 40, 0x100);
	ph += 56;
	put32(ph, 1), put64(ph + 8, 0x2000), put64(ph + 24, 0x101080);
	put64(ph + 32, 0x10), put64(ph + 40, 0x2000);
	memset(elf + 0x1000, 0xcc, 0x100);
	memset(elf + 0x2000, 0xdd, 0x10);
}

static void test_elf_plan(void)
{
	struct ldr_plan p;
	make_elf();
	CHECK_OK(ldr_elf_plan(elf, sizeof elf, 62, &p));
	CHECK(p.lo == 0x100000 && p.hi == 0x104000 && p.entry == 0x100000);

	static uint8_t dst[0x4000];
	memset(dst, 0x77, sizeof dst);
	ldr_elf_load(elf, &p, dst);
	CHECK(dst[0] == 0xcc && dst[0xff] == 0xcc && dst[0x100] == 0);
	CHECK(dst[0x1080] == 0xdd && dst[0x108f] == 0xdd && dst[0x1090] == 0 && dst[0x3fff] == 0);

	CHECK_ERR_HAS(ldr_elf_plan(elf, sizeof elf, 183, &p), "another architecture");
	CHECK_ERR_HAS(ldr_elf_plan(elf, 32, 62, &p), "not an ELF");
	make_elf(), elf[4] = 1;
	CHECK_ERR_HAS(ldr_elf_plan(elf, sizeof elf, 62, &p), "ELF64");
	make_elf(), put64(32, sizeof elf - 60);
	CHECK_ERR_HAS(ldr_elf_plan(elf, sizeof elf, 62, &p), "program headers");
	make_elf(), put64(32, UINT64_MAX - 8);
	CHECK_ERR_HAS(ldr_elf_plan(elf, sizeof elf, 62, &p), "program headers");
	make_elf(), put16(54, 32);
	CHECK_ERR_HAS(ldr_elf_plan(elf, sizeof elf, 62, &p), "program headers");
	make_elf(), put64(64 + 8, sizeof elf - 0x10); /* text runs past the file */
	CHECK_ERR_HAS(ldr_elf_plan(elf, sizeof elf, 62, &p), "outside the file");
	make_elf(), put64(64 + 8, UINT64_MAX - 0x10);
	CHECK_ERR_HAS(ldr_elf_plan(elf, sizeof elf, 62, &p), "outside the file");
	make_elf(), put64(64 + 32, 0x200); /* filesz > memsz */
	CHECK_ERR_HAS(ldr_elf_plan(elf, sizeof elf, 62, &p), "outside the file");
	make_elf(), put64(64 + 24, UINT64_MAX - 0x80);
	CHECK_ERR_HAS(ldr_elf_plan(elf, sizeof elf, 62, &p), "wraps");
	make_elf(), put64(64 + 56 + 40, UINT64_MAX); /* absurd bss */
	CHECK_ERR_HAS(ldr_elf_plan(elf, sizeof elf, 62, &p), "wraps");
	make_elf(), put64(64 + 56 + 24, 0x40000000);
	CHECK_ERR_HAS(ldr_elf_plan(elf, sizeof elf, 62, &p), "implausibly");
	make_elf(), put64(24, 0x200000);
	CHECK_ERR_HAS(ldr_elf_plan(elf, sizeof elf, 62, &p), "entry point");
	make_elf(), put32(64, 6), put32(64 + 56, 6);
	CHECK_ERR_HAS(ldr_elf_plan(elf, sizeof elf, 62, &p), "nothing to load");
}

/* Adds a PT_NOTE header (replacing the data segment) pointing at a note at file 0x2800. */
static void add_note(uint32_t namesz, uint32_t descsz, uint32_t type, const char *name,
		     uint64_t value, uint64_t seg_size)
{
	size_t ph = 64 + 56;
	memset(elf + ph, 0, 56);
	put32(ph, 4), put64(ph + 8, 0x2800), put64(ph + 32, seg_size), put64(ph + 40, seg_size);
	put32(0x2800, namesz), put32(0x2804, descsz), put32(0x2808, type);
	memcpy(elf + 0x280c, name, strlen(name) + 1);
	put64(0x280c + ((strlen(name) + 4) & ~(size_t)3), value); /* where a sane namesz puts it */
}

static void test_elf_notes(void)
{
	struct ldr_plan p;
	make_elf(), add_note(8, 8, 1, "Ferrite", 0x100080, 28);
	CHECK_OK(ldr_elf_plan(elf, sizeof elf, 62, &p));
	CHECK(p.entry == 0x100080 && p.hi == 0x101000);
	make_elf(), add_note(8, 8, 1, "Ferrite", 0, 28); /* weak entry 0: keep e_entry */
	CHECK_OK(ldr_elf_plan(elf, sizeof elf, 62, &p));
	CHECK(p.entry == 0x100000);
	make_elf(), add_note(8, 8, 2, "Ferrite", 0x100080, 28); /* other type: ignored */
	CHECK_OK(ldr_elf_plan(elf, sizeof elf, 62, &p));
	CHECK(p.entry == 0x100000);
	make_elf(), add_note(4, 8, 1, "Xen", 0x100080, 24); /* other owner: ignored */
	CHECK_OK(ldr_elf_plan(elf, sizeof elf, 62, &p));
	CHECK(p.entry == 0x100000);
	make_elf(), add_note(8, 4, 1, "Ferrite", 0x100080, 28);
	CHECK_ERR_HAS(ldr_elf_plan(elf, sizeof elf, 62, &p), "bad size");
	make_elf(), add_note(8, 8, 1, "Ferrite", 0x900000, 28); /* outside the image */
	CHECK_ERR_HAS(ldr_elf_plan(elf, sizeof elf, 62, &p), "entry point");
	make_elf(), add_note(0xfffffff0u, 8, 1, "Ferrite", 0, 28);
	CHECK_ERR_HAS(ldr_elf_plan(elf, sizeof elf, 62, &p), "runs past");
	make_elf(), add_note(8, 0xfffffffcu, 1, "Ferrite", 0, 28);
	CHECK_ERR_HAS(ldr_elf_plan(elf, sizeof elf, 62, &p), "runs past");
	make_elf(), add_note(8, 8, 1, "Ferrite", 0x100080, 20); /* segment cuts the note */
	CHECK_ERR_HAS(ldr_elf_plan(elf, sizeof elf, 62, &p), "runs past");
	make_elf(), add_note(8, 8, 1, "Ferrite", 0x100080, 0x1000); /* note past the file */
	CHECK_ERR_HAS(ldr_elf_plan(elf, sizeof elf, 62, &p), "outside the file");
}

static size_t ucs2(uint16_t *dst, const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		dst[n++] = (uint8_t)*s;
	dst[n] = 0;
	return (n + 1) * 2;
}

static void test_cmdline_conversion(void)
{
	uint16_t u[128];
	char out[32];
	size_t b = ucs2(u, "\\EFI\\BOOT\\BOOTX64.EFI poweroff  selftest");
	CHECK(ldr_options_to_cmdline(u, b, out, sizeof out));
	CHECK(strcmp(out, "poweroff  selftest") == 0);
	b = ucs2(u, "poweroff");
	CHECK(ldr_options_to_cmdline(u, b, out, sizeof out) && strcmp(out, "poweroff") == 0);
	b = ucs2(u, "   ");
	CHECK(!ldr_options_to_cmdline(u, b, out, sizeof out) && out[0] == '\0');
	b = ucs2(u, "x.efi");
	CHECK(!ldr_options_to_cmdline(u, b, out, sizeof out) && out[0] == '\0');
	/* Not NUL-terminated, odd byte count: only whole units are read. */
	ucs2(u, "abc");
	CHECK(ldr_options_to_cmdline(u, 5, out, sizeof out) && strcmp(out, "ab") == 0);
	/* Binary option data (an EDK2 boot entry's GUID): rejected, dst empty. */
	static const uint8_t guid[16] = { 0x0a, 0x8c, 0x9e, 0x1b, 0x4c, 0x33, 0x59, 0x4c,
					  0x8b, 0x6e, 0xd2, 0xb1, 0x0c, 0x62, 0x3e, 0x0d };
	CHECK(!ldr_options_to_cmdline(guid, sizeof guid, out, sizeof out) && out[0] == '\0');
	u[0] = 0x263a, u[1] = 0;
	CHECK(!ldr_options_to_cmdline(u, 4, out, sizeof out));
	CHECK(!ldr_options_to_cmdline(NULL, 10, out, sizeof out));
	CHECK(!ldr_options_to_cmdline(u, 1, out, sizeof out));
	/* Longer than dst: truncated, still terminated. */
	b = ucs2(u, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	CHECK(ldr_options_to_cmdline(u, b, out, sizeof out) && strlen(out) == sizeof out - 1);

	char s[32] = "poweroff\r\n";
	CHECK(ldr_clean_cmdline(s, strlen(s)) == 8 && strcmp(s, "poweroff") == 0);
	strcpy(s, "a\tb\x01" "c\xff");
	CHECK(ldr_clean_cmdline(s, strlen(s)) == 6 && strcmp(s, "a b?c?") == 0);
	memcpy(s, "abc\0def", 8);
	CHECK(ldr_clean_cmdline(s, 7) == 3 && strcmp(s, "abc") == 0);
	CHECK(ldr_clean_cmdline(s, 0) == 0 && s[0] == '\0');
}

TEST(uefi_all)
{
	mem = malloc(MEM_SIZE);
	if (!mem)
		abort();
	test_good_map();
	test_runtime_attribute_reserves();
	test_large_descriptor_stride();
	test_bad_descriptor_sizes();
	test_map_size_not_multiple();
	test_empty_and_huge_maps();
	test_map_past_readable_memory();
	test_page_count_overflow();
	test_many_descriptors();
	test_bad_handoff();
	test_cmdline_and_tables();
	test_dtb_reservations();
	test_elf_plan();
	test_elf_notes();
	test_cmdline_conversion();
	free(mem);
}
