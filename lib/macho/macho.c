/*
 * Strict parser and signature check for Ferrite Mach-O executables; see macho.h and
 * docs/binaries.md. Every field comes from an untrusted file, so every offset and size is checked
 * against what is already known to be inside the file before anything is read through it, and
 * every sum is checked for overflow before it is compared.
 */
#include <crypto/ed25519.h>
#include <crypto/sha512.h>
#include <macho.h>
#include <mem.h>

/* What the command walk learns before the cross-command checks run. */
struct walk {
	const uint8_t *f;
	size_t size;
	bool is64;
	uint64_t user_limit;
	uint64_t cmds_end; /* header + sizeofcmds */
	uint32_t n_main, n_sig;
	uint64_t entryoff, stacksize;
	uint64_t sig_off;
};

static const struct {
	const char *name;
	uint32_t cputype, cpusubtype;
	bool is64;
} arch_table[MACHO_ARCH_COUNT] = {
	[MACHO_ARCH_I386] = { "i386", MACHO_CPU_TYPE_X86, MACHO_CPU_SUBTYPE_X86_ALL, false },
	[MACHO_ARCH_X86_64] = { "x86_64", MACHO_CPU_TYPE_X86_64, MACHO_CPU_SUBTYPE_X86_ALL, true },
	[MACHO_ARCH_AARCH64] = { "aarch64", MACHO_CPU_TYPE_ARM64, MACHO_CPU_SUBTYPE_ARM64_ALL, true },
	[MACHO_ARCH_RISCV32] = { "riscv32", MACHO_CPU_TYPE_RISCV, MACHO_CPU_SUBTYPE_RISCV_ALL, false },
	[MACHO_ARCH_RISCV64] = { "riscv64", MACHO_CPU_TYPE_RISCV64, MACHO_CPU_SUBTYPE_RISCV_ALL, true },
};

bool macho_arch_info(enum macho_arch arch, uint32_t *cputype, uint32_t *cpusubtype, bool *is64)
{
	if ((unsigned)arch >= MACHO_ARCH_COUNT)
		return false;
	if (cputype)
		*cputype = arch_table[arch].cputype;
	if (cpusubtype)
		*cpusubtype = arch_table[arch].cpusubtype;
	if (is64)
		*is64 = arch_table[arch].is64;
	return true;
}

const char *macho_arch_name(enum macho_arch arch)
{
	return (unsigned)arch < MACHO_ARCH_COUNT ? arch_table[arch].name : "?";
}

void macho_key_id(const uint8_t pub[32], uint8_t id[MACHO_SIG_KEY_ID_SIZE])
{
	uint8_t digest[SHA512_DIGEST_SIZE];
	sha512(pub, ED25519_PUBLIC_KEY_SIZE, digest);
	memcpy(id, digest, MACHO_SIG_KEY_ID_SIZE);
}

static bool page_aligned(uint64_t v)
{
	return (v & (MACHO_PAGE_SIZE - 1)) == 0;
}

/* A field that is a u32 in 32-bit files and a u64 in 64-bit ones. */
static uint64_t rd_word(const struct walk *w, const uint8_t *p)
{
	return w->is64 ? macho_rd64(p) : macho_rd32(p);
}

/*
 * The sections of a segment only describe it (the loader maps segments), but a Ferrite file is
 * either wholly consistent or refused, so each section must lie inside its segment and, unless it
 * is zero-fill, at the same place in the file as in memory.
 */
static const char *check_sections(const struct walk *w, const uint8_t *seg, uint32_t nsects,
				  uint32_t hdr, const struct macho_segment *s)
{
	uint32_t secsize = w->is64 ? MACHO_SECTION_SIZE_64 : MACHO_SECTION_SIZE;
	for (uint32_t i = 0; i < nsects; i++) {
		const uint8_t *sec = seg + hdr + i * secsize;
		if (memcmp(sec + 16, seg + 8, 16) != 0)
			return "a section's segname differs from its segment's";
		uint64_t addr = rd_word(w, sec + 32);
		uint64_t size = rd_word(w, sec + (w->is64 ? 40 : 36));
		const uint8_t *tail = sec + (w->is64 ? 48 : 40);
		uint32_t offset = macho_rd32(tail), align = macho_rd32(tail + 4);
		uint32_t reloff = macho_rd32(tail + 8), nreloc = macho_rd32(tail + 12);
		uint32_t flags = macho_rd32(tail + 16);
		if (addr < s->vmaddr || size > s->vmsize || addr - s->vmaddr > s->vmsize - size)
			return "a section lies outside its segment";
		if (reloff != 0 || nreloc != 0)
			return "a section has relocations (a static executable needs none)";
		if (align > 15)
			return "a section's alignment is larger than 32 KiB";
		uint32_t type = flags & MACHO_SECTION_TYPE;
		if (type == MACHO_S_ZEROFILL) {
			if (offset != 0)
				return "a zero-fill section has a file offset";
		} else if (type == MACHO_S_REGULAR) {
			/* The section's bytes must be the segment's file bytes at the same place. */
			uint64_t rel = addr - s->vmaddr;
			if (size == 0)
				continue;
			if (rel > s->filesize || size > s->filesize - rel)
				return "a section's contents extend past its segment's file data";
			if ((uint64_t)offset != s->fileoff + rel)
				return "a section's file offset disagrees with its address";
		} else {
			return "a section has a type other than regular or zero-fill";
		}
	}
	return NULL;
}

static const char *parse_segment(struct walk *w, const uint8_t *c, uint32_t cmdsize,
				 struct macho_image *out)
{
	uint32_t hdr = w->is64 ? MACHO_SEGMENT_SIZE_64 : MACHO_SEGMENT_SIZE;
	uint32_t secsize = w->is64 ? MACHO_SECTION_SIZE_64 : MACHO_SECTION_SIZE;
	if (cmdsize < hdr)
		return "a segment command is smaller than its structure";
	const uint8_t *p = c + 24;
	uint64_t vmaddr = rd_word(w, p);
	uint64_t vmsize = rd_word(w, p + (w->is64 ? 8 : 4));
	uint64_t fileoff = rd_word(w, p + (w->is64 ? 16 : 8));
	uint64_t filesize = rd_word(w, p + (w->is64 ? 24 : 12));
	const uint8_t *q = p + (w->is64 ? 32 : 16);
	uint32_t maxprot = macho_rd32(q), initprot = macho_rd32(q + 4);
	uint32_t nsects = macho_rd32(q + 8), flags = macho_rd32(q + 12);

	if (nsects > MACHO_MAX_SECTIONS)
		return "a segment has too many sections";
	/* nsects is bounded, so this product cannot overflow. */
	if (cmdsize != hdr + nsects * secsize)
		return "a segment's cmdsize does not match its section count";
	if (out->nsegs == MACHO_MAX_SEGMENTS)
		return "too many segments";

	const uint32_t rwx = MACHO_VM_PROT_READ | MACHO_VM_PROT_WRITE | MACHO_VM_PROT_EXECUTE;
	const uint32_t wx = MACHO_VM_PROT_WRITE | MACHO_VM_PROT_EXECUTE;
	if ((maxprot | initprot) & ~rwx)
		return "a segment's protection has unknown bits";
	if (initprot & ~maxprot)
		return "a segment's initprot grants more than its maxprot";
	/* maxprot too: it bounds what the program could later ask for, and W^X must hold for life. */
	if ((initprot & wx) == wx || (maxprot & wx) == wx)
		return "a segment is both writable and executable";
	/* SG_NORELOC (4) only says there is nothing to relocate; any other flag asks for more. */
	if (flags & ~0x4u)
		return "a segment has flags the loader does not support";

	if (vmsize == 0)
		return "a segment has zero vmsize";
	if (!page_aligned(vmaddr) || !page_aligned(vmsize))
		return "a segment's vmaddr or vmsize is not page-aligned";
	if (vmaddr > UINT64_MAX - vmsize)
		return "a segment's address range overflows";
	if (!w->is64 && vmaddr + vmsize > ((uint64_t)1 << 32))
		return "a segment's address range overflows the 32-bit address space";
	if (vmaddr < MACHO_MIN_VMADDR || vmaddr + vmsize > w->user_limit)
		return "a segment lies outside the user address range";
	if (filesize > vmsize)
		return "a segment's filesize is larger than its vmsize";
	if (filesize == 0) {
		if (fileoff != 0)
			return "a segment without file data has a nonzero fileoff";
	} else {
		if (!page_aligned(fileoff))
			return "a segment's fileoff is not page-aligned";
		if (fileoff > UINT64_MAX - filesize)
			return "a segment's file range overflows";
		if (fileoff + filesize > w->size)
			return "a segment's file range extends past the end of the file";
		if (fileoff < w->cmds_end)
			return "a segment's file range overlaps the header and load commands";
	}

	struct macho_segment *s = &out->segs[out->nsegs];
	*s = (struct macho_segment){ .vmaddr = vmaddr, .vmsize = vmsize, .fileoff = fileoff,
				     .filesize = filesize, .prot = initprot };
	memcpy(s->name, c + 8, 16);
	s->name[16] = 0;
	const char *err = check_sections(w, c, nsects, hdr, s);
	if (err)
		return err;
	out->nsegs++;
	return NULL;
}

/* One load command at c, already known to lie inside sizeofcmds with a sane cmdsize. */
static const char *parse_command(struct walk *w, const uint8_t *c, struct macho_image *out)
{
	uint32_t cmd = macho_rd32(c), cmdsize = macho_rd32(c + 4);
	switch (cmd) {
	case MACHO_LC_SEGMENT:
		if (w->is64)
			return "a 32-bit LC_SEGMENT in a 64-bit file";
		return parse_segment(w, c, cmdsize, out);
	case MACHO_LC_SEGMENT_64:
		if (!w->is64)
			return "an LC_SEGMENT_64 in a 32-bit file";
		return parse_segment(w, c, cmdsize, out);
	case MACHO_LC_MAIN:
		if (cmdsize != MACHO_ENTRY_POINT_SIZE)
			return "LC_MAIN has the wrong cmdsize";
		if (++w->n_main > 1)
			return "more than one entry point (LC_MAIN)";
		w->entryoff = macho_rd64(c + 8);
		w->stacksize = macho_rd64(c + 16);
		return NULL;
	case MACHO_LC_CODE_SIGNATURE: {
		if (cmdsize != MACHO_LINKEDIT_DATA_SIZE)
			return "LC_CODE_SIGNATURE has the wrong cmdsize";
		if (++w->n_sig > 1)
			return "more than one signature command (LC_CODE_SIGNATURE)";
		uint64_t dataoff = macho_rd32(c + 8), datasize = macho_rd32(c + 12);
		if (datasize != MACHO_SIG_SIZE)
			return "the signature blob has the wrong size";
		/* The blob must be the file's last bytes, so the signed range is fixed by the size. */
		if (dataoff + datasize != w->size)
			return "the signature is not at the end of the file";
		if (dataoff < w->cmds_end)
			return "the signature overlaps the header and load commands";
		w->sig_off = dataoff;
		return NULL;
	}
	case MACHO_LC_THREAD:
	case MACHO_LC_UNIXTHREAD:
		return "LC_UNIXTHREAD is not supported: the entry point is given by LC_MAIN";
	case MACHO_LC_LOAD_DYLINKER:
	case MACHO_LC_LOAD_DYLIB:
		return "dynamic linking is not supported (LC_LOAD_DYLINKER or LC_LOAD_DYLIB)";
	default:
		/* The Mach-O rule: a command a loader does not know may be skipped unless marked. */
		if (cmd & MACHO_LC_REQ_DYLD)
			return "an unknown load command is marked required (LC_REQ_DYLD)";
		return NULL;
	}
}

/* Checks that need every command: overlaps, the entry point, the signature's place. */
static const char *check_image(struct walk *w, struct macho_image *out)
{
	if (out->nsegs == 0)
		return "no segments";
	if (w->n_main == 0)
		return "no entry point (LC_MAIN)";
	if (w->n_sig == 0)
		return "file is not signed (no LC_CODE_SIGNATURE)";

	/* Insertion sort by vmaddr: at most MACHO_MAX_SEGMENTS entries. */
	for (uint32_t i = 1; i < out->nsegs; i++) {
		struct macho_segment s = out->segs[i];
		uint32_t j = i;
		for (; j > 0 && out->segs[j - 1].vmaddr > s.vmaddr; j--)
			out->segs[j] = out->segs[j - 1];
		out->segs[j] = s;
	}
	for (uint32_t i = 1; i < out->nsegs; i++) {
		const struct macho_segment *a = &out->segs[i - 1], *b = &out->segs[i];
		/* Sorted, and each end was checked not to overflow. */
		if (a->vmaddr + a->vmsize > b->vmaddr)
			return "two segments overlap in memory";
	}
	for (uint32_t i = 0; i < out->nsegs; i++) {
		const struct macho_segment *a = &out->segs[i];
		if (a->filesize == 0)
			continue;
		if (a->fileoff + a->filesize > w->sig_off)
			return "a segment's file range overlaps the signature";
		for (uint32_t j = i + 1; j < out->nsegs; j++) {
			const struct macho_segment *b = &out->segs[j];
			if (b->filesize == 0)
				continue;
			if (a->fileoff < b->fileoff + b->filesize && b->fileoff < a->fileoff + a->filesize)
				return "two segments overlap in the file";
		}
	}

	/* The entry must be a file byte of an executable segment: code the signature covers. */
	bool found = false;
	for (uint32_t i = 0; i < out->nsegs; i++) {
		const struct macho_segment *s = &out->segs[i];
		if (!(s->prot & MACHO_VM_PROT_EXECUTE) || s->filesize == 0)
			continue;
		if (w->entryoff >= s->fileoff && w->entryoff - s->fileoff < s->filesize) {
			out->entry = s->vmaddr + (w->entryoff - s->fileoff);
			found = true;
			break;
		}
	}
	if (!found)
		return "the entry point is not inside an executable segment";
	if (!page_aligned(w->stacksize) || w->stacksize > MACHO_MAX_STACK)
		return "LC_MAIN's stacksize is not page-aligned or is too large";
	out->stacksize = w->stacksize;
	out->sig_off = w->sig_off;
	return NULL;
}

const char *macho_parse(const void *file, size_t size, enum macho_arch arch, uint64_t user_limit,
			struct macho_image *out)
{
	uint32_t want_cpu, want_sub;
	bool is64;
	memset(out, 0, sizeof *out);
	if (!macho_arch_info(arch, &want_cpu, &want_sub, &is64))
		return "unknown target architecture";
	out->arch = arch;
	out->is64 = is64;

	const uint8_t *f = file;
	if (!f || size < 4)
		return "file too short for a Mach-O header";
	uint32_t magic = macho_rd32(f);
	if (magic == 0xcefaedfeu || magic == 0xcffaedfeu)
		return "big-endian Mach-O is not supported";
	if (magic == 0xbebafecau || magic == 0xbfbafecau)
		return "universal (fat) binaries are not supported";
	if (magic != MACHO_MH_MAGIC && magic != MACHO_MH_MAGIC_64)
		return "not a Mach-O file (bad magic)";
	if ((magic == MACHO_MH_MAGIC_64) != is64)
		return is64 ? "a 32-bit Mach-O header for a 64-bit architecture"
			    : "a 64-bit Mach-O header for a 32-bit architecture";
	uint32_t hdrsize = is64 ? MACHO_HEADER_SIZE_64 : MACHO_HEADER_SIZE;
	if (size < hdrsize)
		return "file too short for a Mach-O header";

	if (macho_rd32(f + 4) != want_cpu)
		return "cputype is not the expected architecture";
	if (macho_rd32(f + 8) != want_sub)
		return "cpusubtype is not the architecture's ALL subtype";
	if (macho_rd32(f + 12) != MACHO_MH_EXECUTE)
		return "not an executable (filetype is not MH_EXECUTE)";
	uint32_t ncmds = macho_rd32(f + 16), sizeofcmds = macho_rd32(f + 20);
	uint32_t flags = macho_rd32(f + 24);
	if (!(flags & MACHO_MH_NOUNDEFS))
		return "undefined symbols remain (MH_NOUNDEFS is not set)";
	if (flags & MACHO_MH_DYLDLINK)
		return "the file needs the dynamic linker (MH_DYLDLINK)";
	if (flags & MACHO_MH_PIE)
		return "position-independent executables are not supported (MH_PIE)";
	if (is64 && macho_rd32(f + 28) != 0)
		return "the header's reserved field is not zero";
	if (ncmds == 0)
		return "no load commands";
	if (ncmds > MACHO_MAX_COMMANDS)
		return "too many load commands";
	if (sizeofcmds > MACHO_MAX_SIZEOFCMDS)
		return "sizeofcmds is unreasonably large";
	if (sizeofcmds > size - hdrsize)
		return "the load commands extend past the end of the file";

	struct walk w = { .f = f, .size = size, .is64 = is64, .user_limit = user_limit,
			  .cmds_end = (uint64_t)hdrsize + sizeofcmds };
	/* Mach-O pads commands to the pointer size. */
	uint32_t cmd_align = is64 ? 8 : 4;
	uint32_t used = 0; /* bytes of sizeofcmds consumed so far */
	for (uint32_t i = 0; i < ncmds; i++) {
		if (sizeofcmds - used < 8)
			return "a load command header lies past sizeofcmds";
		const uint8_t *c = f + hdrsize + used;
		uint32_t cmdsize = macho_rd32(c + 4);
		if (cmdsize < 8)
			return "a load command's cmdsize is smaller than 8";
		if (cmdsize % cmd_align)
			return is64 ? "a load command's cmdsize is not a multiple of 8"
				    : "a load command's cmdsize is not a multiple of 4";
		if (cmdsize > sizeofcmds - used)
			return "a load command extends past sizeofcmds";
		const char *err = parse_command(&w, c, out);
		if (err)
			return err;
		used += cmdsize;
	}
	if (used != sizeofcmds)
		return "the load commands do not fill sizeofcmds exactly";
	return check_image(&w, out);
}

const char *macho_verify(const struct macho_image *img, const void *file, size_t size,
			 const uint8_t pub[32])
{
	const uint8_t *f = file;
	/* Guards against a caller passing a different buffer than the one it parsed. */
	if (!img || !f || size < MACHO_SIG_SIZE || img->sig_off != size - MACHO_SIG_SIZE)
		return "the image was not parsed from this file";
	const uint8_t *blob = f + img->sig_off;
	if (macho_rd32(blob) != MACHO_SIG_MAGIC)
		return "file is not signed (no Ferrite signature blob)";
	if (macho_rd32(blob + 4) != MACHO_SIG_VERSION)
		return "the signature blob's version is not supported";
	uint8_t id[MACHO_SIG_KEY_ID_SIZE];
	macho_key_id(pub, id);
	if (memcmp(blob + 8, id, sizeof id) != 0)
		return "file was signed by another key than the built-in key (key id differs)";
	/* Everything but the signature itself is signed, the blob's magic, version and key id too. */
	if (!ed25519_verify(blob + MACHO_SIG_HEADER_SIZE, f, size - MACHO_SIG_ED25519_SIZE, pub))
		return "signature does not verify against the built-in key";
	return NULL;
}
