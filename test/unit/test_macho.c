/*
 * lib/macho and tools/elf2macho: a Mach-O made from a small ELF (built here in memory) parses and
 * verifies on every architecture; then every single-byte change, every truncation, and one
 * hand-made hostile file per check is refused with its own message. Files are handed to the
 * parser in exact-size heap copies so AddressSanitizer catches any read past the end.
 */
#include "test.h"

#include <crypto/ed25519.h>
#include <elf2macho.h>
#include <macho.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIMIT_64 0x0000800000000000ull /* a typical 47-bit user half */
#define LIMIT_32 0xc0000000ull

static uint8_t seed_a[32], pub_a[32], seed_b[32], pub_b[32];

static void keys(void)
{
	static bool done;
	if (done)
		return;
	for (int i = 0; i < 32; i++) {
		seed_a[i] = (uint8_t)(i + 1);
		seed_b[i] = (uint8_t)(0x55 ^ i);
	}
	ed25519_public_key(pub_a, seed_a);
	ed25519_public_key(pub_b, seed_b);
	done = true;
}

/* ---- A small ELF executable, built in memory ---- */

enum { PF_X = 1, PF_W = 2, PF_R = 4, PT_LOAD = 1, PT_INTERP = 3, PT_TLS = 7 };

struct tseg {
	uint64_t vaddr, filesz, memsz;
	uint32_t flags, type; /* type 0 means PT_LOAD */
};

static void wr16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

/* Segment i's bytes sit at offset 512 + 256 * i (filesz <= 256), filled with a pattern. */
static uint8_t *elf_build(bool is64, uint16_t machine, uint16_t type, uint64_t entry,
			  const struct tseg *segs, int n, size_t *len)
{
	*len = 512 + 256 * (size_t)n;
	uint8_t *e = calloc(1, *len);
	memcpy(e, "\177ELF", 4);
	e[4] = is64 ? 2 : 1;
	e[5] = 1;
	e[6] = 1;
	wr16(e + 16, type);
	wr16(e + 18, machine);
	macho_wr32(e + 20, 1);
	unsigned ehsize = is64 ? 64 : 52, phsize = is64 ? 56 : 32;
	if (is64) {
		macho_wr64(e + 24, entry);
		macho_wr64(e + 32, ehsize);
	} else {
		macho_wr32(e + 24, (uint32_t)entry);
		macho_wr32(e + 28, ehsize);
	}
	wr16(e + (is64 ? 52 : 40), (uint16_t)ehsize);
	wr16(e + (is64 ? 54 : 42), (uint16_t)phsize);
	wr16(e + (is64 ? 56 : 44), (uint16_t)n);
	for (int i = 0; i < n; i++) {
		uint8_t *ph = e + ehsize + i * phsize;
		uint64_t off = 512 + 256 * (uint64_t)i;
		macho_wr32(ph, segs[i].type ? segs[i].type : PT_LOAD);
		if (is64) {
			macho_wr32(ph + 4, segs[i].flags);
			macho_wr64(ph + 8, off);
			macho_wr64(ph + 16, segs[i].vaddr);
			macho_wr64(ph + 24, segs[i].vaddr);
			macho_wr64(ph + 32, segs[i].filesz);
			macho_wr64(ph + 40, segs[i].memsz);
			macho_wr64(ph + 48, 4096);
		} else {
			macho_wr32(ph + 4, (uint32_t)off);
			macho_wr32(ph + 8, (uint32_t)segs[i].vaddr);
			macho_wr32(ph + 12, (uint32_t)segs[i].vaddr);
			macho_wr32(ph + 16, (uint32_t)segs[i].filesz);
			macho_wr32(ph + 20, (uint32_t)segs[i].memsz);
			macho_wr32(ph + 24, segs[i].flags);
			macho_wr32(ph + 28, 4096);
		}
		for (uint64_t k = 0; k < segs[i].filesz && k < 256; k++)
			e[off + k] = (uint8_t)(0x11 * (i + 1) + k);
	}
	return e;
}

static const struct {
	enum macho_arch arch;
	bool is64;
	uint16_t machine;
} arches[] = {
	{ MACHO_ARCH_I386, false, 3 },	       { MACHO_ARCH_X86_64, true, 62 },
	{ MACHO_ARCH_AARCH64, true, 183 },     { MACHO_ARCH_RISCV32, false, 243 },
	{ MACHO_ARCH_RISCV64, true, 243 },
};

/* Read-only data, code with the entry 0x10 bytes in, data followed by bss. */
static const struct tseg three[] = {
	{ 0x10000, 100, 100, PF_R, 0 },
	{ 0x11000, 64, 64, PF_R | PF_X, 0 },
	{ 0x12010, 16, 0x2000, PF_R | PF_W, 0 },
};
#define THREE_ENTRY 0x11010

/* The good file for an architecture: three segments, signed with key a (key b with other). */
static uint8_t *good(enum macho_arch arch, size_t *len, bool other_key)
{
	keys();
	for (unsigned i = 0; i < sizeof arches / sizeof arches[0]; i++) {
		if (arches[i].arch != arch)
			continue;
		size_t elen;
		uint8_t *elf = elf_build(arches[i].is64, arches[i].machine, 2, THREE_ENTRY, three, 3,
					 &elen);
		uint8_t *m;
		enum macho_arch got;
		const char *err = elf2macho(elf, elen, other_key ? seed_b : seed_a,
					    other_key ? pub_b : pub_a, &m, len, &got);
		free(elf);
		CHECK_OK(err);
		CHECK_EQ(got, arch);
		return err ? NULL : m;
	}
	return NULL;
}

static uint64_t limit_for(enum macho_arch arch)
{
	bool is64;
	macho_arch_info(arch, NULL, NULL, &is64);
	return is64 ? LIMIT_64 : LIMIT_32;
}

/* Parse, then verify with key a, on an exact-size copy. */
static const char *check(const uint8_t *file, size_t len, enum macho_arch arch, uint64_t limit,
			 struct macho_image *img_out)
{
	uint8_t *copy = malloc(len ? len : 1);
	memcpy(copy, file, len);
	struct macho_image img;
	const char *err = macho_parse(copy, len, arch, limit, &img);
	if (!err)
		err = macho_verify(&img, copy, len, pub_a);
	if (img_out)
		*img_out = img;
	free(copy);
	return err;
}

static const char *parse_only(const uint8_t *file, size_t len, enum macho_arch arch)
{
	uint8_t *copy = malloc(len ? len : 1);
	memcpy(copy, file, len);
	struct macho_image img;
	const char *err = macho_parse(copy, len, arch, limit_for(arch), &img);
	free(copy);
	return err;
}

/* Re-signs a (modified) file with key a where its blob would be, so that a refusal below comes
 * from the parser's own check and not from the signature. */
static void resign(uint8_t *f, size_t len)
{
	if (len < MACHO_SIG_SIZE)
		return;
	ed25519_sign(f + len - MACHO_SIG_ED25519_SIZE, f, len - MACHO_SIG_ED25519_SIZE, seed_a,
		     pub_a);
}

/* Offset of the index-th load command whose cmd is cmd (any command for cmd 0), or 0. */
static size_t find_cmd(const uint8_t *f, uint32_t cmd, unsigned index)
{
	bool is64 = macho_rd32(f) == MACHO_MH_MAGIC_64;
	size_t off = is64 ? MACHO_HEADER_SIZE_64 : MACHO_HEADER_SIZE;
	uint32_t ncmds = macho_rd32(f + 16);
	for (uint32_t i = 0; i < ncmds; i++) {
		if ((cmd == 0 || macho_rd32(f + off) == cmd) && index-- == 0)
			return off;
		off += macho_rd32(f + off + 4);
	}
	return 0;
}

/* Appends a load command in the padding after the others (the header page has room). */
static void add_cmd(uint8_t *f, const uint8_t *cmd, uint32_t size)
{
	bool is64 = macho_rd32(f) == MACHO_MH_MAGIC_64;
	size_t end = (is64 ? MACHO_HEADER_SIZE_64 : MACHO_HEADER_SIZE) + macho_rd32(f + 20);
	memcpy(f + end, cmd, size);
	macho_wr32(f + 16, macho_rd32(f + 16) + 1);
	macho_wr32(f + 20, macho_rd32(f + 20) + size);
}

/* 64-bit segment command fields, relative to the command. */
enum { SEG_VMADDR = 24, SEG_VMSIZE = 32, SEG_FILEOFF = 40, SEG_FILESIZE = 48, SEG_MAXPROT = 56,
       SEG_INITPROT = 60, SEG_SECT0 = 72, SECT_OFFSET = 48 };

/* ---- Tests ---- */

TEST(macho_good_file_every_arch)
{
	for (unsigned i = 0; i < sizeof arches / sizeof arches[0]; i++) {
		enum macho_arch arch = arches[i].arch;
		size_t len;
		uint8_t *f = good(arch, &len, false);
		if (!f)
			continue;
		struct macho_image img;
		CHECK_OK(check(f, len, arch, limit_for(arch), &img));
		CHECK_EQ(img.is64, arches[i].is64);
		CHECK_EQ(img.nsegs, 3);
		CHECK_EQ(img.entry, THREE_ENTRY);
		CHECK_EQ(img.sig_off, len - MACHO_SIG_SIZE);
		CHECK_EQ(img.segs[0].vmaddr, 0x10000);
		CHECK_EQ(img.segs[0].prot, MACHO_VM_PROT_READ);
		CHECK_EQ(img.segs[1].prot, MACHO_VM_PROT_READ | MACHO_VM_PROT_EXECUTE);
		CHECK_EQ(img.segs[2].prot, MACHO_VM_PROT_READ | MACHO_VM_PROT_WRITE);
		CHECK_EQ(img.segs[2].vmaddr, 0x12000);
		CHECK_EQ(img.segs[2].vmsize, 0x3000); /* 0x10 + 0x2000 rounded up to pages */
		CHECK_EQ(img.segs[2].filesize, 0x20);
		CHECK_STR(img.segs[1].name, "__TEXT");
		/* The bytes land where the ELF had them. */
		for (unsigned s = 0; s < 3; s++) {
			const struct macho_segment *sg = &img.segs[s];
			uint64_t pad = three[s].vaddr - sg->vmaddr;
			CHECK(sg->fileoff % MACHO_PAGE_SIZE == 0);
			CHECK_EQ(f[sg->fileoff + pad], (uint8_t)(0x11 * (s + 1)));
			CHECK_EQ(f[sg->fileoff + pad + three[s].filesz - 1],
				 (uint8_t)(0x11 * (s + 1) + three[s].filesz - 1));
		}
		/* The same file is refused for every other architecture. */
		for (unsigned j = 0; j < sizeof arches / sizeof arches[0]; j++)
			if (j != i)
				CHECK_ERR(parse_only(f, len, arches[j].arch));
		free(f);
	}
}

/* Distinct refusal messages seen by a loop, printed when MACHO_SHOW_MESSAGES is set. */
struct seen {
	const char *msg[64];
	unsigned count[64];
	unsigned n;
};

static void note(struct seen *s, const char *msg)
{
	for (unsigned i = 0; i < s->n; i++)
		if (s->msg[i] == msg || strcmp(s->msg[i], msg) == 0) {
			s->count[i]++;
			return;
		}
	if (s->n < 64) {
		s->msg[s->n] = msg;
		s->count[s->n++] = 1;
	}
}

static void show(const char *title, const struct seen *s)
{
	if (!getenv("MACHO_SHOW_MESSAGES"))
		return;
	printf("%s:\n", title);
	for (unsigned i = 0; i < s->n; i++)
		printf("  %6u  %s\n", s->count[i], s->msg[i]);
}

/* True when byte i of a parsed file is padding: outside the header and commands, the segments'
 * file data and the signature blob. */
static bool is_padding(const uint8_t *f, const struct macho_image *img, size_t i)
{
	size_t cmds_end = (img->is64 ? MACHO_HEADER_SIZE_64 : MACHO_HEADER_SIZE) + macho_rd32(f + 20);
	if (i < cmds_end || i >= img->sig_off)
		return false;
	for (uint32_t s = 0; s < img->nsegs; s++)
		if (i >= img->segs[s].fileoff && i - img->segs[s].fileoff < img->segs[s].filesize)
			return false;
	return true;
}

/*
 * Every byte of a signed file matters: changing any one makes parse or verify fail. Each check of
 * a padding byte costs a full Ed25519 verification (about a millisecond under the sanitizers), so
 * padding_stride > 1 tries only every so many padding bytes; everything else is always tried.
 */
static void flip_every_byte(enum macho_arch arch, const struct tseg *segs, int n, uint64_t entry,
			    size_t padding_stride)
{
	keys();
	bool is64 = arch == MACHO_ARCH_X86_64 || arch == MACHO_ARCH_AARCH64 || arch == MACHO_ARCH_RISCV64;
	uint16_t machine = arch == MACHO_ARCH_I386 ? 3 : arch == MACHO_ARCH_X86_64 ? 62 : 183;
	size_t elen, len;
	uint8_t *elf = elf_build(is64, machine, 2, entry, segs, n, &elen), *f;
	enum macho_arch got;
	CHECK_OK(elf2macho(elf, elen, seed_a, pub_a, &f, &len, &got));
	free(elf);
	if (test_failures())
		return;
	struct macho_image img;
	CHECK_OK(check(f, len, arch, limit_for(arch), &img));
	struct seen seen = { 0 };
	for (size_t i = 0; i < len; i++) {
		if (padding_stride > 1 && i % padding_stride && is_padding(f, &img, i))
			continue;
		f[i] ^= 0xff;
		const char *err = check(f, len, arch, limit_for(arch), NULL);
		f[i] ^= 0xff;
		if (!err) {
			CHECK(!"a file with one byte changed was accepted");
			printf("  byte %zu of %zu\n", i, len);
		} else {
			note(&seen, err);
		}
	}
	char title[64];
	snprintf(title, sizeof title, "byte flips, %s, %zu bytes", macho_arch_name(arch), len);
	show(title, &seen);
	free(f);
}

TEST(macho_flip_every_byte_64)
{
	static const struct tseg text_only[] = { { 0x401000, 48, 48, PF_R | PF_X, 0 } };
	flip_every_byte(MACHO_ARCH_X86_64, text_only, 1, 0x401000, 1);
}

TEST(macho_flip_every_byte_32)
{
	static const struct tseg text_only[] = { { 0x401000, 48, 48, PF_R | PF_X, 0 } };
	/* The 32-bit layout differs only before the padding; one full pass (above) is enough there. */
	flip_every_byte(MACHO_ARCH_I386, text_only, 1, 0x401000, 61);
}

TEST(macho_truncated_at_every_length)
{
	size_t len;
	uint8_t *f = good(MACHO_ARCH_AARCH64, &len, false);
	if (!f)
		return;
	struct seen seen = { 0 };
	for (size_t n = 0; n < len; n++) {
		const char *err = check(f, n, MACHO_ARCH_AARCH64, LIMIT_64, NULL);
		CHECK_ERR(err);
		if (err)
			note(&seen, err);
		if (test_failures())
			break;
	}
	show("truncations", &seen);
	/* And a longer file: the signature is then no longer at the end. */
	uint8_t *longer = calloc(1, len + 8);
	memcpy(longer, f, len);
	CHECK_STR(check(longer, len + 8, MACHO_ARCH_AARCH64, LIMIT_64, NULL),
		  "the signature is not at the end of the file");
	free(longer);
	free(f);
}

/* A hostile change to the good x86_64 file, re-signed, must be refused with message. */
#define HOSTILE(mutation, message)                                                     \
	do {                                                                           \
		size_t len_;                                                           \
		uint8_t *f = good(MACHO_ARCH_X86_64, &len_, false);                    \
		if (!f)                                                                \
			break;                                                         \
		size_t seg0 = find_cmd(f, MACHO_LC_SEGMENT_64, 0);                     \
		size_t seg1 = find_cmd(f, MACHO_LC_SEGMENT_64, 1);                     \
		size_t seg2 = find_cmd(f, MACHO_LC_SEGMENT_64, 2);                     \
		size_t main_ = find_cmd(f, MACHO_LC_MAIN, 0);                          \
		size_t sig = find_cmd(f, MACHO_LC_CODE_SIGNATURE, 0);                  \
		(void)seg0, (void)seg1, (void)seg2, (void)main_, (void)sig;            \
		mutation;                                                              \
		resign(f, len_);                                                       \
		CHECK_STR(check(f, len_, MACHO_ARCH_X86_64, LIMIT_64, NULL), message); \
		free(f);                                                               \
	} while (0)

TEST(macho_hostile_header)
{
	HOSTILE(macho_wr32(f, 0x464c457f), "not a Mach-O file (bad magic)");
	HOSTILE(macho_wr32(f, 0xcffaedfe), "big-endian Mach-O is not supported");
	HOSTILE(macho_wr32(f, 0xbebafeca), "universal (fat) binaries are not supported");
	HOSTILE(macho_wr32(f, MACHO_MH_MAGIC), "a 32-bit Mach-O header for a 64-bit architecture");
	HOSTILE(macho_wr32(f + 4, MACHO_CPU_TYPE_ARM64), "cputype is not the expected architecture");
	HOSTILE(macho_wr32(f + 4, MACHO_CPU_TYPE_X86), "cputype is not the expected architecture");
	HOSTILE(macho_wr32(f + 8, 0x80000003u), "cpusubtype is not the architecture's ALL subtype");
	HOSTILE(macho_wr32(f + 12, 1), "not an executable (filetype is not MH_EXECUTE)");
	HOSTILE(macho_wr32(f + 24, 0), "undefined symbols remain (MH_NOUNDEFS is not set)");
	HOSTILE(macho_wr32(f + 24, MACHO_MH_NOUNDEFS | MACHO_MH_PIE),
		"position-independent executables are not supported (MH_PIE)");
	HOSTILE(macho_wr32(f + 24, MACHO_MH_NOUNDEFS | MACHO_MH_DYLDLINK),
		"the file needs the dynamic linker (MH_DYLDLINK)");
	HOSTILE(macho_wr32(f + 28, 1), "the header's reserved field is not zero");
	HOSTILE(macho_wr32(f + 16, 0), "no load commands");
	HOSTILE(macho_wr32(f + 16, MACHO_MAX_COMMANDS + 1), "too many load commands");
	HOSTILE(macho_wr32(f + 16, 0xffffffffu), "too many load commands");
	HOSTILE(macho_wr32(f + 20, 0xfffffff0u), "sizeofcmds is unreasonably large");
	HOSTILE(macho_wr32(f + 20, (uint32_t)len_), "the load commands extend past the end of the file");
	HOSTILE(macho_wr32(f + 20, macho_rd32(f + 20) + 8),
		"the load commands do not fill sizeofcmds exactly");
	HOSTILE(macho_wr32(f + 16, macho_rd32(f + 16) + 1),
		"a load command header lies past sizeofcmds");
	/* Parsing a 64-bit file for a 32-bit architecture. */
	size_t len;
	uint8_t *f = good(MACHO_ARCH_X86_64, &len, false);
	if (f)
		CHECK_STR(parse_only(f, len, MACHO_ARCH_I386),
			  "a 64-bit Mach-O header for a 32-bit architecture");
	free(f);
	CHECK_STR(parse_only((const uint8_t *)"\xcf\xfa\xed\xfe", 4, MACHO_ARCH_X86_64),
		  "file too short for a Mach-O header");
	CHECK_STR(parse_only((const uint8_t *)"", 0, MACHO_ARCH_X86_64),
		  "file too short for a Mach-O header");
	CHECK_STR(parse_only((const uint8_t *)"\xcf\xfa\xed\xfe", 4, MACHO_ARCH_COUNT),
		  "unknown target architecture");
}

TEST(macho_hostile_load_commands)
{
	HOSTILE(macho_wr32(f + seg0 + 4, 0), "a load command's cmdsize is smaller than 8");
	HOSTILE(macho_wr32(f + seg0 + 4, 4), "a load command's cmdsize is smaller than 8");
	HOSTILE(macho_wr32(f + seg0 + 4, macho_rd32(f + seg0 + 4) + 4),
		"a load command's cmdsize is not a multiple of 8");
	HOSTILE(macho_wr32(f + sig + 4, 0x1000), "a load command extends past sizeofcmds");
	HOSTILE(macho_wr32(f + seg0 + 4, 64), "a segment command is smaller than its structure");
	HOSTILE(macho_wr32(f + seg0 + 4, macho_rd32(f + seg0 + 4) + 8),
		"a segment's cmdsize does not match its section count");
	HOSTILE(macho_wr32(f + seg0 + 64, 0x10000000u), "a segment has too many sections");
	HOSTILE(macho_wr32(f + seg0, MACHO_LC_SEGMENT), "a 32-bit LC_SEGMENT in a 64-bit file");
	HOSTILE(macho_wr32(f + main_ + 4, 32), "LC_MAIN has the wrong cmdsize");
	HOSTILE(macho_wr32(f + sig + 4, 8), "LC_CODE_SIGNATURE has the wrong cmdsize");

	uint8_t cmd[24] = { 0 };
	macho_wr32(cmd, MACHO_LC_CODE_SIGNATURE);
	macho_wr32(cmd + 4, 16);
	HOSTILE((memcpy(cmd + 8, f + sig + 8, 8), add_cmd(f, cmd, 16)),
		"more than one signature command (LC_CODE_SIGNATURE)");
	HOSTILE((memcpy(cmd, f + main_, 24), add_cmd(f, cmd, 24)), "more than one entry point (LC_MAIN)");
	memset(cmd, 0, sizeof cmd);
	macho_wr32(cmd, 0x80000099u);
	macho_wr32(cmd + 4, 8);
	HOSTILE(add_cmd(f, cmd, 8), "an unknown load command is marked required (LC_REQ_DYLD)");
	macho_wr32(cmd, MACHO_LC_UNIXTHREAD);
	HOSTILE(add_cmd(f, cmd, 8), "LC_UNIXTHREAD is not supported: the entry point is given by LC_MAIN");
	macho_wr32(cmd, MACHO_LC_LOAD_DYLINKER);
	HOSTILE(add_cmd(f, cmd, 8), "dynamic linking is not supported (LC_LOAD_DYLINKER or LC_LOAD_DYLIB)");
	/* An unknown command without LC_REQ_DYLD is skipped: the signed file is accepted. */
	macho_wr32(cmd, 0x99);
	HOSTILE(add_cmd(f, cmd, 8), NULL);
	/* Commands that must be there. */
	HOSTILE(macho_wr32(f + main_, 0x99), "no entry point (LC_MAIN)");
	HOSTILE(macho_wr32(f + sig, 0x99), "file is not signed (no LC_CODE_SIGNATURE)");
}

TEST(macho_hostile_segments)
{
	HOSTILE(macho_wr64(f + seg0 + SEG_VMSIZE, 0x2000), "two segments overlap in memory");
	HOSTILE((macho_wr64(f + seg2 + SEG_FILEOFF, macho_rd64(f + seg1 + SEG_FILEOFF)),
		 macho_wr32(f + seg2 + SEG_SECT0 + SECT_OFFSET,
			    (uint32_t)macho_rd64(f + seg1 + SEG_FILEOFF) + 0x10)),
		"two segments overlap in the file");
	HOSTILE(macho_wr64(f + seg0 + SEG_FILESIZE, 0x2000), "a segment's filesize is larger than its vmsize");
	HOSTILE(macho_wr64(f + seg2 + SEG_FILEOFF, 0x100000), "a segment's file range extends past the end of the file");
	HOSTILE((macho_wr64(f + seg2 + SEG_VMSIZE, 0x10000000000ull),
		 macho_wr64(f + seg2 + SEG_FILESIZE, 0x8000000000ull),
		 macho_wr64(f + seg2 + SEG_FILEOFF, 0xfffffff000000000ull)),
		"a segment's file range overflows");
	HOSTILE(macho_wr64(f + seg2 + SEG_FILEOFF, 0), "a segment's file range overlaps the header and load commands");
	HOSTILE(macho_wr64(f + seg2 + SEG_FILEOFF, macho_rd64(f + seg2 + SEG_FILEOFF) + 8),
		"a segment's fileoff is not page-aligned");
	HOSTILE(macho_wr64(f + seg2 + SEG_FILESIZE, macho_rd64(f + seg2 + SEG_FILESIZE) + 0x1000),
		"a segment's file range overlaps the signature");
	HOSTILE(macho_wr64(f + seg0 + SEG_VMADDR, 0x10010), "a segment's vmaddr or vmsize is not page-aligned");
	HOSTILE(macho_wr64(f + seg0 + SEG_VMSIZE, 0x1008), "a segment's vmaddr or vmsize is not page-aligned");
	HOSTILE(macho_wr64(f + seg0 + SEG_VMSIZE, 0), "a segment has zero vmsize");
	HOSTILE(macho_wr64(f + seg2 + SEG_VMSIZE, 0xfffffffffffff000ull), "a segment's address range overflows");
	HOSTILE(macho_wr64(f + seg0 + SEG_VMADDR, 0), "a segment lies outside the user address range");
	HOSTILE(macho_wr64(f + seg2 + SEG_VMADDR, LIMIT_64 - 0x1000),
		"a segment lies outside the user address range");
	HOSTILE((macho_wr32(f + seg1 + SEG_MAXPROT, 7), macho_wr32(f + seg1 + SEG_INITPROT, 7)),
		"a segment is both writable and executable");
	HOSTILE(macho_wr32(f + seg1 + SEG_MAXPROT, 7), "a segment is both writable and executable");
	HOSTILE(macho_wr32(f + seg1 + SEG_INITPROT, 7), "a segment's initprot grants more than its maxprot");
	HOSTILE(macho_wr32(f + seg1 + SEG_MAXPROT, 0x15), "a segment's protection has unknown bits");
	HOSTILE(macho_wr32(f + seg1 + 68, 8), "a segment has flags the loader does not support");
	/* Sections: consistent with their segment or refused. */
	HOSTILE(f[seg1 + SEG_SECT0 + 16] = 'X', "a section's segname differs from its segment's");
	HOSTILE(macho_wr64(f + seg1 + SEG_SECT0 + 32, 0x20000), "a section lies outside its segment");
	HOSTILE(macho_wr32(f + seg1 + SEG_SECT0 + SECT_OFFSET, 0x10),
		"a section's file offset disagrees with its address");
	HOSTILE(macho_wr32(f + seg1 + SEG_SECT0 + 64, 0x80000002u),
		"a section has a type other than regular or zero-fill");
	HOSTILE(macho_wr32(f + seg1 + SEG_SECT0 + 60, 1),
		"a section has relocations (a static executable needs none)");
	/* User address limit given by the caller. */
	size_t len;
	uint8_t *f = good(MACHO_ARCH_X86_64, &len, false);
	if (f) {
		CHECK_STR(check(f, len, MACHO_ARCH_X86_64, 0x15000, NULL), NULL);
		CHECK_STR(check(f, len, MACHO_ARCH_X86_64, 0x14fff, NULL),
			  "a segment lies outside the user address range");
	}
	free(f);
}

TEST(macho_hostile_entry_and_signature)
{
	HOSTILE(macho_wr64(f + main_ + 8, macho_rd64(f + seg0 + SEG_FILEOFF)),
		"the entry point is not inside an executable segment");
	HOSTILE(macho_wr64(f + main_ + 8, macho_rd64(f + seg1 + SEG_FILEOFF) + 0x1000),
		"the entry point is not inside an executable segment");
	HOSTILE(macho_wr64(f + main_ + 8, 0), "the entry point is not inside an executable segment");
	HOSTILE(macho_wr64(f + main_ + 16, 0x1234), "LC_MAIN's stacksize is not page-aligned or is too large");
	HOSTILE(macho_wr32(f + sig + 8, macho_rd32(f + sig + 8) - 8), "the signature is not at the end of the file");
	HOSTILE(macho_wr32(f + sig + 12, 88), "the signature blob has the wrong size");
	HOSTILE(macho_wr32(f + len_ - MACHO_SIG_SIZE, 0), "file is not signed (no Ferrite signature blob)");
	HOSTILE(macho_wr32(f + len_ - MACHO_SIG_SIZE + 4, 2), "the signature blob's version is not supported");
	HOSTILE(f[len_ - MACHO_SIG_SIZE + 8] ^= 1,
		"file was signed by another key than the built-in key (key id differs)");

	/* Not re-signed: a changed signature or signed byte. */
	size_t len;
	uint8_t *f = good(MACHO_ARCH_X86_64, &len, false);
	if (f) {
		f[len - 1] ^= 1;
		CHECK_STR(check(f, len, MACHO_ARCH_X86_64, LIMIT_64, NULL),
			  "signature does not verify against the built-in key");
		f[len - 1] ^= 1;
		f[macho_rd64(f + find_cmd(f, MACHO_LC_SEGMENT_64, 1) + SEG_FILEOFF) + 0x10] ^= 1;
		CHECK_STR(check(f, len, MACHO_ARCH_X86_64, LIMIT_64, NULL),
			  "signature does not verify against the built-in key");
		/* verify must be given the file it parsed. */
		struct macho_image img;
		CHECK_OK(macho_parse(f, len, MACHO_ARCH_X86_64, LIMIT_64, &img));
		CHECK_STR(macho_verify(&img, f, len - 8, pub_a), "the image was not parsed from this file");
	}
	free(f);

	/* Signed with another key: parses, but the key id names the other key. */
	f = good(MACHO_ARCH_X86_64, &len, true);
	if (f) {
		struct macho_image img;
		CHECK_OK(macho_parse(f, len, MACHO_ARCH_X86_64, LIMIT_64, &img));
		CHECK_OK(macho_verify(&img, f, len, pub_b));
		CHECK_STR(macho_verify(&img, f, len, pub_a),
			  "file was signed by another key than the built-in key (key id differs)");
		/* Even with key a's id put in (and nothing else changed), b's signature fails. */
		macho_key_id(pub_a, f + len - MACHO_SIG_SIZE + 8);
		CHECK_STR(macho_verify(&img, f, len, pub_a),
			  "signature does not verify against the built-in key");
	}
	free(f);

	/* Unsigned: no signature command at all. */
	keys();
	size_t elen;
	uint8_t *elf = elf_build(true, 62, 2, THREE_ENTRY, three, 3, &elen);
	enum macho_arch arch;
	CHECK_OK(elf2macho(elf, elen, NULL, NULL, &f, &len, &arch));
	CHECK_STR(parse_only(f, len, MACHO_ARCH_X86_64), "file is not signed (no LC_CODE_SIGNATURE)");
	free(f);
	free(elf);
}

/* elf2macho refuses ELFs it cannot represent exactly. */
static const char *convert(bool is64, uint16_t machine, uint16_t type, uint64_t entry,
			   const struct tseg *segs, int n)
{
	keys();
	size_t elen, len;
	uint8_t *elf = elf_build(is64, machine, type, entry, segs, n, &elen), *m = NULL;
	enum macho_arch arch;
	const char *err = elf2macho(elf, elen, seed_a, pub_a, &m, &len, &arch);
	free(elf);
	free(m);
	return err;
}

static void check_prefix(const char *err, const char *prefix)
{
	CHECK_ERR(err);
	if (err && strncmp(err, prefix, strlen(prefix)) != 0)
		CHECK_STR(err, prefix);
}

TEST(mkmacho_refuses_what_it_cannot_represent)
{
	static const struct tseg wx[] = { { 0x10000, 16, 16, PF_R | PF_W | PF_X, 0 } };
	check_prefix(convert(true, 62, 2, 0x10000, wx, 1), "PT_LOAD 0 is writable and executable");
	check_prefix(convert(true, 62, 3, 0x11010, three, 3), "a position-independent ELF (ET_DYN)");
	check_prefix(convert(true, 62, 2, 0x10010, three, 3), "the ELF entry point 0x10010 is not in");
	check_prefix(convert(true, 62, 2, 0x11050, three, 3), "the ELF entry point 0x11050 is not in");
	check_prefix(convert(true, 8, 2, 0x11010, three, 3), "ELF machine 8 is not a Ferrite architecture");
	check_prefix(convert(false, 62, 2, 0x11010, three, 3), "an ELF32 file for x86_64");
	static const struct tseg shared[] = { { 0x10000, 100, 100, PF_R, 0 },
					      { 0x10100, 64, 64, PF_R | PF_X, 0 } };
	check_prefix(convert(true, 62, 2, 0x10100, shared, 2), "two PT_LOAD segments share the page");
	static const struct tseg zero[] = { { 0x100, 64, 64, PF_R | PF_X, 0 } };
	check_prefix(convert(true, 62, 2, 0x100, zero, 1), "PT_LOAD 0 maps page zero");
	static const struct tseg interp[] = { { 0x10000, 16, 16, PF_R | PF_X, 0 },
					      { 0, 8, 8, PF_R, PT_INTERP } };
	check_prefix(convert(true, 62, 2, 0x10000, interp, 2), "a dynamically linked ELF");
	static const struct tseg tls[] = { { 0x10000, 16, 16, PF_R | PF_X, 0 },
					   { 0x10000, 8, 8, PF_R, PT_TLS } };
	check_prefix(convert(true, 62, 2, 0x10000, tls, 2), "thread-local storage (PT_TLS)");
	static const struct tseg bigger[] = { { 0x10000, 32, 16, PF_R | PF_X, 0 } };
	check_prefix(convert(true, 62, 2, 0x10000, bigger, 1), "PT_LOAD 0 has p_filesz larger than p_memsz");
	static const struct tseg high32[] = { { 0xfffff000u, 16, 0x2000, PF_R | PF_X, 0 } };
	check_prefix(convert(false, 3, 2, 0xfffff000u, high32, 1), "PT_LOAD 0 extends past the 32-bit");

	uint8_t junk[64] = "not an elf";
	uint8_t *m;
	size_t len;
	enum macho_arch arch;
	CHECK_STR(elf2macho(junk, sizeof junk, seed_a, pub_a, &m, &len, &arch), "not an ELF file");
	size_t elen;
	uint8_t *elf = elf_build(true, 62, 2, 0x11010, three, 3, &elen);
	elf[5] = 2;
	check_prefix(elf2macho(elf, elen, seed_a, pub_a, &m, &len, &arch), "a big-endian ELF");
	elf[5] = 1;
	/* Program headers cut off by the end of the file. */
	check_prefix(elf2macho(elf, 100, seed_a, pub_a, &m, &len, &arch),
		     "the ELF program headers extend past the end");
	free(elf);
}
