/*
 * The loader's pure parts: ELF64 load planning and command line conversion. No firmware calls, so
 * host unit tests run them on hand-made and hostile inputs (test/unit/test_uefi.c).
 */
#include "loader.h"
#include <mem.h>
#include <le.h>

/* ELF64 offsets (System V gABI, "ELF Header" and "Program Header"). */
enum {
	EH_CLASS = 4, /* e_ident[EI_CLASS]: 2 = 64-bit */
	EH_DATA = 5,  /* e_ident[EI_DATA]: 1 = little endian */
	EH_MACHINE = 18,
	EH_ENTRY = 24,
	EH_PHOFF = 32,
	EH_PHENTSIZE = 54,
	EH_PHNUM = 56,
	EH_SIZE = 64,
	PH_TYPE = 0,
	PH_OFFSET = 8,
	PH_VADDR = 16,
	PH_PADDR = 24,
	PH_FILESZ = 32,
	PH_MEMSZ = 40,
	PH_SIZE = 56,
	PT_LOAD = 1,
	PT_NOTE = 4,
};

#define PAGE 4096ull
#define MAX_PHNUM 64

/* True when [off, off+len) lies inside a file of `size` bytes, without overflowing. */
static bool in_file(uint64_t off, uint64_t len, uint64_t size)
{
	return off <= size && len <= size - off;
}

/* Looks through one PT_NOTE segment for Ferrite's UEFI entry note. */
static const char *scan_notes(const uint8_t *n, uint64_t len, uint64_t *entry)
{
	uint64_t off = 0;
	while (len - off >= 12) {
		uint32_t namesz = le32(n + off), descsz = le32(n + off + 4), type = le32(n + off + 8);
		uint64_t name_pad = ((uint64_t)namesz + 3) & ~3ull;
		uint64_t desc_pad = ((uint64_t)descsz + 3) & ~3ull;
		off += 12;
		if (name_pad > len - off || desc_pad > len - off - name_pad)
			return "kernel ELF note runs past its segment";
		if (namesz == sizeof LDR_NOTE_NAME && type == LDR_NOTE_UEFI_ENTRY &&
		    memcmp(n + off, LDR_NOTE_NAME, sizeof LDR_NOTE_NAME) == 0) {
			if (descsz != 8)
				return "kernel UEFI entry note has a bad size";
			uint64_t e = le64(n + off + name_pad);
			if (e)
				*entry = e;
		}
		off += name_pad + desc_pad;
	}
	return NULL;
}

const char *ldr_elf_plan(const uint8_t *file, uint64_t size, uint16_t machine,
			 struct ldr_plan *plan)
{
	plan->lo = plan->hi = plan->entry = 0;
	if (size < EH_SIZE || memcmp(file, "\177ELF", 4) != 0)
		return "kernel.elf is not an ELF file";
	if (file[EH_CLASS] != 2 || file[EH_DATA] != 1)
		return "kernel.elf is not a little-endian ELF64 file";
	if (le16(file + EH_MACHINE) != machine)
		return "kernel.elf is built for another architecture";
	uint64_t phoff = le64(file + EH_PHOFF);
	uint16_t phentsize = le16(file + EH_PHENTSIZE), phnum = le16(file + EH_PHNUM);
	if (phentsize < PH_SIZE || phnum == 0 || phnum > MAX_PHNUM ||
	    !in_file(phoff, (uint64_t)phentsize * phnum, size))
		return "kernel.elf program headers are malformed";

	uint64_t lo = UINT64_MAX, hi = 0, entry = le64(file + EH_ENTRY);
	for (unsigned i = 0; i < phnum; i++) {
		const uint8_t *ph = file + phoff + (uint64_t)i * phentsize;
		uint32_t type = le32(ph + PH_TYPE);
		uint64_t off = le64(ph + PH_OFFSET), paddr = le64(ph + PH_PADDR);
		uint64_t filesz = le64(ph + PH_FILESZ), memsz = le64(ph + PH_MEMSZ);
		if (type == PT_NOTE) {
			if (!in_file(off, filesz, size))
				return "kernel.elf note segment lies outside the file";
			const char *err = scan_notes(file + off, filesz, &entry);
			if (err)
				return err;
			continue;
		}
		if (type != PT_LOAD || memsz == 0)
			continue;
		if (filesz > memsz || !in_file(off, filesz, size))
			return "kernel.elf load segment lies outside the file";
		if (memsz > LDR_MAX_SPAN || paddr > UINT64_MAX - memsz - PAGE)
			return "kernel.elf load segment wraps around the address space";
		if (paddr < lo)
			lo = paddr;
		if (paddr + memsz > hi)
			hi = paddr + memsz;
	}
	if (hi == 0)
		return "kernel.elf has nothing to load";
	/* A higher-half kernel names its entry by virtual address: the loader jumps to where that
	 * instruction lands physically. */
	for (unsigned i = 0; i < phnum; i++) {
		const uint8_t *ph = file + phoff + (uint64_t)i * phentsize;
		uint64_t vaddr = le64(ph + PH_VADDR), memsz = le64(ph + PH_MEMSZ);
		if (le32(ph + PH_TYPE) == PT_LOAD && entry >= vaddr && entry - vaddr < memsz &&
		    vaddr != le64(ph + PH_PADDR)) {
			entry = le64(ph + PH_PADDR) + (entry - vaddr);
			break;
		}
	}
	lo &= ~(PAGE - 1);
	hi = (hi + PAGE - 1) & ~(PAGE - 1);
	if (hi - lo > LDR_MAX_SPAN)
		return "kernel.elf load segments span implausibly much memory";
	if (entry < lo || entry >= hi)
		return "kernel.elf entry point lies outside its loaded segments";
	plan->lo = lo;
	plan->hi = hi;
	plan->entry = entry;
	return NULL;
}

void ldr_elf_load(const uint8_t *file, const struct ldr_plan *plan, uint8_t *dst)
{
	memset(dst, 0, plan->hi - plan->lo);
	uint64_t phoff = le64(file + EH_PHOFF);
	uint16_t phentsize = le16(file + EH_PHENTSIZE), phnum = le16(file + EH_PHNUM);
	for (unsigned i = 0; i < phnum; i++) {
		const uint8_t *ph = file + phoff + (uint64_t)i * phentsize;
		if (le32(ph + PH_TYPE) != PT_LOAD || le64(ph + PH_MEMSZ) == 0)
			continue;
		memcpy(dst + (le64(ph + PH_PADDR) - plan->lo), file + le64(ph + PH_OFFSET),
		       le64(ph + PH_FILESZ));
	}
}

/* The i-th UCS-2 unit of the options (little endian, as UEFI is on every target here). */
static uint16_t unit(const uint8_t *u, uint64_t i)
{
	return (uint16_t)(u[2 * i] | u[2 * i + 1] << 8);
}

bool ldr_options_to_cmdline(const void *options, uint64_t bytes, char *dst, size_t max)
{
	if (max == 0)
		return false;
	dst[0] = '\0';
	if (!options)
		return false;
	const uint8_t *u = options;
	uint64_t n = bytes / 2;

	/* Text or not: every unit up to a NUL must be printable ASCII (or a tab). */
	uint64_t len = 0;
	for (; len < n && unit(u, len) != 0; len++) {
		uint16_t c = unit(u, len);
		if (c != '\t' && (c < 0x20 || c > 0x7e))
			return false;
	}

	/* Skip the image path the UEFI shell puts first, whatever its length, then spaces. */
	uint64_t w = 0;
	while (w < len && (unit(u, w) == ' ' || unit(u, w) == '\t'))
		w++;
	uint64_t start = w;
	char tail[4] = { 0 };
	while (w < len && unit(u, w) != ' ' && unit(u, w) != '\t') {
		memmove(tail, tail + 1, 3);
		tail[3] = (char)unit(u, w);
		w++;
	}
	bool is_path = w - start >= 4 && tail[0] == '.' && (tail[1] | 0x20) == 'e' &&
		       (tail[2] | 0x20) == 'f' && (tail[3] | 0x20) == 'i';
	uint64_t from = is_path ? w : start;
	while (from < len && (unit(u, from) == ' ' || unit(u, from) == '\t'))
		from++;

	size_t k = 0;
	for (uint64_t i = from; i < len && k + 1 < max; i++) {
		uint16_t c = unit(u, i);
		dst[k++] = c == '\t' ? ' ' : (char)c;
	}
	dst[k] = '\0';
	return k != 0;
}

size_t ldr_clean_cmdline(char *s, size_t len)
{
	size_t n = 0;
	while (n < len && s[n]) {
		unsigned char c = (unsigned char)s[n];
		if (c == '\n' || c == '\r' || c == '\t')
			s[n] = ' ';
		else if (c < 0x20 || c > 0x7e)
			s[n] = '?';
		n++;
	}
	while (n > 0 && s[n - 1] == ' ')
		n--;
	s[n] = '\0';
	return n;
}
