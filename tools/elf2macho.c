/*
 * ELF to Ferrite Mach-O; see elf2macho.h. The ELF comes from our own build, but it is still parsed
 * strictly: an ELF the Mach-O cannot represent exactly is refused with the reason, never
 * approximated.
 *
 * Output layout: header, load commands (one LC_SEGMENT(_64) per PT_LOAD, LC_MAIN,
 * LC_CODE_SIGNATURE), zero padding to a page, each segment's bytes at a page-aligned offset,
 * padding to 8, the signature blob.
 */
#include "elf2macho.h"

#include <crypto/ed25519.h>

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	ET_EXEC = 2,
	ET_DYN = 3,
	EM_386 = 3,
	EM_X86_64 = 62,
	EM_AARCH64 = 183,
	EM_RISCV = 243,
	PT_LOAD = 1,
	PT_DYNAMIC = 2,
	PT_INTERP = 3,
	PT_TLS = 7,
	PT_GNU_STACK = 0x6474e551,
	PF_X = 1,
	PF_W = 2,
	PF_R = 4,
};

#define PAGE MACHO_PAGE_SIZE

struct load {
	uint64_t vaddr, memsz, offset, filesz;
	uint32_t flags;
	/* Derived: the page-aligned Mach-O segment. */
	uint64_t pad, vmaddr, vmsize, fileoff, filesize;
};

static char msg[256];

static const char *fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return msg;
}

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint64_t round_up(uint64_t v)
{
	return (v + PAGE - 1) & ~(uint64_t)(PAGE - 1);
}

uint64_t elf2macho_max_limit(enum macho_arch arch)
{
	bool is64 = false;
	macho_arch_info(arch, NULL, NULL, &is64);
	return is64 ? UINT64_MAX & ~(uint64_t)(PAGE - 1) : (uint64_t)1 << 32;
}

static const char *pick_arch(unsigned machine, bool is64, enum macho_arch *arch)
{
	switch (machine) {
	case EM_386:
		*arch = MACHO_ARCH_I386;
		return is64 ? "an ELF64 file for i386" : NULL;
	case EM_X86_64:
		*arch = MACHO_ARCH_X86_64;
		return is64 ? NULL : "an ELF32 file for x86_64 (x32 is not supported)";
	case EM_AARCH64:
		*arch = MACHO_ARCH_AARCH64;
		return is64 ? NULL : "an ELF32 file for aarch64 (ILP32 is not supported)";
	case EM_RISCV:
		*arch = is64 ? MACHO_ARCH_RISCV64 : MACHO_ARCH_RISCV32;
		return NULL;
	default:
		return fail("ELF machine %u is not a Ferrite architecture", machine);
	}
}

/* Reads the program headers into loads[], sorted by address, with the Mach-O layout derived. */
static const char *read_loads(const uint8_t *elf, size_t len, bool is64, struct load *loads,
			      unsigned *n)
{
	uint64_t phoff = is64 ? macho_rd64(elf + 32) : macho_rd32(elf + 28);
	unsigned phentsize = rd16(elf + (is64 ? 54 : 42));
	unsigned phnum = rd16(elf + (is64 ? 56 : 44));
	if (phentsize != (is64 ? 56u : 32u))
		return "the ELF program header size is wrong";
	if (phnum == 0 || phnum == 0xffff)
		return "the ELF has no program headers (or more than it can count)";
	if (phoff > len || (uint64_t)phnum * phentsize > len - phoff)
		return "the ELF program headers extend past the end of the file";

	*n = 0;
	for (unsigned i = 0; i < phnum; i++) {
		const uint8_t *ph = elf + phoff + (uint64_t)i * phentsize;
		uint32_t type = macho_rd32(ph);
		struct load l;
		if (is64) {
			l.flags = macho_rd32(ph + 4);
			l.offset = macho_rd64(ph + 8);
			l.vaddr = macho_rd64(ph + 16);
			l.filesz = macho_rd64(ph + 32);
			l.memsz = macho_rd64(ph + 40);
		} else {
			l.offset = macho_rd32(ph + 4);
			l.vaddr = macho_rd32(ph + 8);
			l.filesz = macho_rd32(ph + 16);
			l.memsz = macho_rd32(ph + 20);
			l.flags = macho_rd32(ph + 24);
		}
		if (type == PT_INTERP || type == PT_DYNAMIC)
			return "a dynamically linked ELF (PT_INTERP or PT_DYNAMIC) cannot be represented: link with -static";
		if (type == PT_TLS)
			return "thread-local storage (PT_TLS) is not supported yet";
		if (type == PT_GNU_STACK && (l.flags & PF_X))
			return "the ELF asks for an executable stack (PT_GNU_STACK with PF_X)";
		if (type != PT_LOAD || l.memsz == 0)
			continue;
		if (l.filesz > l.memsz)
			return fail("PT_LOAD %u has p_filesz larger than p_memsz", i);
		if (l.offset > len || l.filesz > len - l.offset)
			return fail("PT_LOAD %u extends past the end of the ELF file", i);
		if ((l.flags & (PF_W | PF_X)) == (PF_W | PF_X))
			return fail("PT_LOAD %u is writable and executable; Ferrite refuses W+X "
				    "(do not link with -N/--omagic)", i);
		if (l.vaddr > UINT64_MAX - PAGE - l.memsz)
			return fail("PT_LOAD %u's address range overflows", i);
		if (*n == MACHO_MAX_SEGMENTS)
			return fail("more than %u PT_LOAD segments", MACHO_MAX_SEGMENTS);
		l.pad = l.vaddr % PAGE;
		l.vmaddr = l.vaddr - l.pad;
		l.vmsize = round_up(l.pad + l.memsz);
		l.filesize = l.filesz ? l.pad + l.filesz : 0;
		if (!is64 && l.vmaddr + l.vmsize > (uint64_t)1 << 32)
			return fail("PT_LOAD %u extends past the 32-bit address space", i);
		if (l.vmaddr < MACHO_MIN_VMADDR)
			return fail("PT_LOAD %u maps page zero (0x%llx): link the program higher", i,
				    (unsigned long long)l.vaddr);
		/* Insert sorted by address. */
		unsigned j = *n;
		for (; j > 0 && loads[j - 1].vmaddr > l.vmaddr; j--)
			loads[j] = loads[j - 1];
		loads[j] = l;
		(*n)++;
	}
	if (*n == 0)
		return "the ELF has no PT_LOAD segments";
	for (unsigned i = 1; i < *n; i++)
		if (loads[i - 1].vmaddr + loads[i - 1].vmsize > loads[i].vmaddr)
			return fail("two PT_LOAD segments share the page at 0x%llx; Mach-O segments are "
				    "whole pages (link with -z separate-loadable-segments)",
				    (unsigned long long)loads[i].vmaddr);
	return NULL;
}

static const char *segname_for(uint32_t flags)
{
	if (flags & PF_X)
		return "__TEXT";
	if (flags & PF_W)
		return "__DATA";
	return "__DATA_CONST";
}

static const char *sectname_for(uint32_t flags)
{
	if (flags & PF_X)
		return "__text";
	if (flags & PF_W)
		return "__data";
	return "__const";
}

static uint32_t prot_for(uint32_t flags)
{
	return (flags & PF_R ? MACHO_VM_PROT_READ : 0) | (flags & PF_W ? MACHO_VM_PROT_WRITE : 0) |
	       (flags & PF_X ? MACHO_VM_PROT_EXECUTE : 0);
}

static void put_name(uint8_t *p, const char *name)
{
	memset(p, 0, 16);
	memcpy(p, name, strlen(name));
}

static void put_word(uint8_t *p, bool is64, uint64_t v)
{
	if (is64)
		macho_wr64(p, v);
	else
		macho_wr32(p, (uint32_t)v);
}

/* Writes one section at p; returns its size. */
static uint32_t put_section(uint8_t *p, bool is64, const char *sect, const char *seg, uint64_t addr,
			    uint64_t size, uint32_t offset, uint32_t flags)
{
	uint32_t secsize = is64 ? MACHO_SECTION_SIZE_64 : MACHO_SECTION_SIZE;
	memset(p, 0, secsize);
	put_name(p, sect);
	put_name(p + 16, seg);
	put_word(p + 32, is64, addr);
	put_word(p + (is64 ? 40 : 36), is64, size);
	uint8_t *tail = p + (is64 ? 48 : 40);
	macho_wr32(tail, offset);
	macho_wr32(tail + 4, 4); /* alignment 2^4: informational, the segment is page-aligned */
	macho_wr32(tail + 16, flags);
	return secsize;
}

const char *elf2macho(const uint8_t *elf, size_t len, const uint8_t *seed, const uint8_t *pub,
		      uint8_t **out, size_t *outlen, enum macho_arch *arch)
{
	*out = NULL;
	*outlen = 0;
	if (len < 52 || memcmp(elf, "\177ELF", 4) != 0)
		return "not an ELF file";
	if (elf[4] != 1 && elf[4] != 2)
		return "unknown ELF class";
	bool is64 = elf[4] == 2;
	if (elf[5] != 1)
		return "a big-endian ELF cannot be represented (Ferrite Mach-O is little-endian)";
	if (elf[6] != 1)
		return "unknown ELF version";
	if (is64 && len < 64)
		return "ELF header truncated";
	unsigned type = rd16(elf + 16), machine = rd16(elf + 18);
	if (type == ET_DYN)
		return "a position-independent ELF (ET_DYN) cannot be represented: link with -static -no-pie";
	if (type != ET_EXEC)
		return "not an executable ELF (e_type is not ET_EXEC)";
	const char *err = pick_arch(machine, is64, arch);
	if (err)
		return err;
	uint64_t entry = is64 ? macho_rd64(elf + 24) : macho_rd32(elf + 24);

	struct load loads[MACHO_MAX_SEGMENTS];
	unsigned n;
	if ((err = read_loads(elf, len, is64, loads, &n)))
		return err;

	/* Load commands first: their size decides where the segment data starts. */
	uint32_t hdrsize = is64 ? MACHO_HEADER_SIZE_64 : MACHO_HEADER_SIZE;
	uint32_t segsize = is64 ? MACHO_SEGMENT_SIZE_64 : MACHO_SEGMENT_SIZE;
	uint32_t secsize = is64 ? MACHO_SECTION_SIZE_64 : MACHO_SECTION_SIZE;
	uint32_t cmds = 0;
	for (unsigned i = 0; i < n; i++)
		cmds += segsize + secsize * ((loads[i].filesz > 0) + (loads[i].memsz > loads[i].filesz));
	cmds += MACHO_ENTRY_POINT_SIZE + (seed ? MACHO_LINKEDIT_DATA_SIZE : 0);

	uint64_t pos = round_up(hdrsize + cmds);
	uint64_t entryoff = 0;
	bool entry_found = false;
	for (unsigned i = 0; i < n; i++) {
		struct load *l = &loads[i];
		l->fileoff = l->filesize ? pos : 0;
		pos += round_up(l->filesize);
		if ((l->flags & PF_X) && entry >= l->vaddr && entry - l->vaddr < l->filesz) {
			entryoff = l->fileoff + l->pad + (entry - l->vaddr);
			entry_found = true;
		}
	}
	if (!entry_found)
		return fail("the ELF entry point 0x%llx is not in the file data of an executable PT_LOAD",
			    (unsigned long long)entry);
	uint64_t sig_off = (pos + 7) & ~(uint64_t)7;
	uint64_t total = seed ? sig_off + MACHO_SIG_SIZE : pos;
	if (total > UINT32_MAX)
		return "the program is too large (the signature offset is a 32-bit field)";

	uint8_t *m = calloc(1, (size_t)total);
	if (!m)
		return "out of memory";
	uint32_t cputype, cpusubtype;
	macho_arch_info(*arch, &cputype, &cpusubtype, NULL);
	macho_wr32(m, is64 ? MACHO_MH_MAGIC_64 : MACHO_MH_MAGIC);
	macho_wr32(m + 4, cputype);
	macho_wr32(m + 8, cpusubtype);
	macho_wr32(m + 12, MACHO_MH_EXECUTE);
	macho_wr32(m + 16, n + 1 + (seed ? 1 : 0));
	macho_wr32(m + 20, cmds);
	macho_wr32(m + 24, MACHO_MH_NOUNDEFS);

	uint8_t *c = m + hdrsize;
	for (unsigned i = 0; i < n; i++) {
		const struct load *l = &loads[i];
		uint32_t nsects = (l->filesz > 0) + (l->memsz > l->filesz);
		const char *seg = segname_for(l->flags);
		macho_wr32(c, is64 ? MACHO_LC_SEGMENT_64 : MACHO_LC_SEGMENT);
		macho_wr32(c + 4, segsize + nsects * secsize);
		put_name(c + 8, seg);
		uint8_t *p = c + 24;
		unsigned w = is64 ? 8 : 4;
		put_word(p, is64, l->vmaddr);
		put_word(p + w, is64, l->vmsize);
		put_word(p + 2 * w, is64, l->fileoff);
		put_word(p + 3 * w, is64, l->filesize);
		uint8_t *q = p + 4 * w;
		macho_wr32(q, prot_for(l->flags));
		macho_wr32(q + 4, prot_for(l->flags));
		macho_wr32(q + 8, nsects);
		macho_wr32(q + 12, 0);
		c += segsize;
		if (l->filesz > 0)
			c += put_section(c, is64, sectname_for(l->flags), seg, l->vaddr, l->filesz,
					 (uint32_t)(l->fileoff + l->pad),
					 l->flags & PF_X ? 0x80000400u : MACHO_S_REGULAR);
		if (l->memsz > l->filesz)
			c += put_section(c, is64, "__bss", seg, l->vaddr + l->filesz, l->memsz - l->filesz,
					 0, MACHO_S_ZEROFILL);
		if (l->filesz > 0)
			memcpy(m + l->fileoff + l->pad, elf + l->offset, (size_t)l->filesz);
	}
	macho_wr32(c, MACHO_LC_MAIN);
	macho_wr32(c + 4, MACHO_ENTRY_POINT_SIZE);
	macho_wr64(c + 8, entryoff);
	macho_wr64(c + 16, 0);
	c += MACHO_ENTRY_POINT_SIZE;
	if (seed) {
		macho_wr32(c, MACHO_LC_CODE_SIGNATURE);
		macho_wr32(c + 4, MACHO_LINKEDIT_DATA_SIZE);
		macho_wr32(c + 8, (uint32_t)sig_off);
		macho_wr32(c + 12, MACHO_SIG_SIZE);
		uint8_t *blob = m + sig_off;
		macho_wr32(blob, MACHO_SIG_MAGIC);
		macho_wr32(blob + 4, MACHO_SIG_VERSION);
		macho_key_id(pub, blob + 8);
		ed25519_sign(blob + MACHO_SIG_HEADER_SIZE, m, (size_t)total - MACHO_SIG_ED25519_SIZE,
			     seed, pub);
	}

	/* Check the result with the kernel's own parser, so the tool can never write a file the
	 * kernel would refuse. */
	struct macho_image img;
	err = macho_parse(m, (size_t)total, *arch, elf2macho_max_limit(*arch), &img);
	if (!err && seed)
		err = macho_verify(&img, m, (size_t)total, pub);
	if (seed && err) {
		free(m);
		return fail("internal error: the Mach-O written does not check: %s", err);
	}
	*out = m;
	*outlen = (size_t)total;
	return NULL;
}
