/*
 * macho: the Ferrite executable format, a strict subset of Mach-O (docs/binaries.md), shared by
 * the kernel's program loader and the host tools (tools/mkmacho writes it, the tests read it).
 *
 * macho_parse() validates the header and every load command of an untrusted file and fills a
 * struct macho_image describing what to map; macho_verify() then checks the Ed25519 signature
 * over the file against a public key. A loader must call both, in that order, on the one
 * in-memory copy it will map from, and map nothing when either returns an error.
 *
 * This module owns the on-disk layout (the structures and constants below) and the checks. It
 * does not map memory, allocate, or decide where the user address space ends: the caller passes
 * that limit. Freestanding: no allocation, no host headers beyond the compiler's own.
 */
#ifndef MACHO_H
#define MACHO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- The on-disk format. All fields little-endian; read with macho_rd32/64, never by cast. ---- */

#define MACHO_MH_MAGIC 0xfeedfaceu    /* 32-bit header */
#define MACHO_MH_MAGIC_64 0xfeedfacfu /* 64-bit header */
#define MACHO_MH_EXECUTE 2u

#define MACHO_CPU_ARCH_ABI64 0x01000000u
#define MACHO_CPU_TYPE_X86 7u
#define MACHO_CPU_TYPE_X86_64 (MACHO_CPU_TYPE_X86 | MACHO_CPU_ARCH_ABI64)
#define MACHO_CPU_TYPE_ARM64 (12u | MACHO_CPU_ARCH_ABI64)
/* LLVM's Mach-O definitions assign 24 to RISC-V; Apple defines no 64-bit RISC-V type, so the
 * ABI64 flag on it for riscv64 is Ferrite's own choice, following the x86/arm pattern. */
#define MACHO_CPU_TYPE_RISCV 24u
#define MACHO_CPU_TYPE_RISCV64 (MACHO_CPU_TYPE_RISCV | MACHO_CPU_ARCH_ABI64)
/* The "any model" subtypes; Ferrite accepts nothing else (capability bits included). */
#define MACHO_CPU_SUBTYPE_X86_ALL 3u
#define MACHO_CPU_SUBTYPE_ARM64_ALL 0u
#define MACHO_CPU_SUBTYPE_RISCV_ALL 0u

/* Header flags. NOUNDEFS is required; DYLDLINK and PIE ask for things the loader does not do. */
#define MACHO_MH_NOUNDEFS 0x1u
#define MACHO_MH_DYLDLINK 0x4u
#define MACHO_MH_PIE 0x200000u

/* Load commands. A command with LC_REQ_DYLD set must be understood; others may be skipped. */
#define MACHO_LC_REQ_DYLD 0x80000000u
#define MACHO_LC_SEGMENT 0x1u
#define MACHO_LC_THREAD 0x4u
#define MACHO_LC_UNIXTHREAD 0x5u
#define MACHO_LC_LOAD_DYLIB 0xcu
#define MACHO_LC_LOAD_DYLINKER 0xeu
#define MACHO_LC_SEGMENT_64 0x19u
#define MACHO_LC_CODE_SIGNATURE 0x1du
#define MACHO_LC_MAIN (0x28u | MACHO_LC_REQ_DYLD)

/* Memory protections (vm_prot_t). Note the order differs from ELF's PF_X/PF_W/PF_R. */
#define MACHO_VM_PROT_READ 0x1u
#define MACHO_VM_PROT_WRITE 0x2u
#define MACHO_VM_PROT_EXECUTE 0x4u

/* Section types (low byte of a section's flags): only these two occur in a Ferrite binary. */
#define MACHO_S_REGULAR 0x0u
#define MACHO_S_ZEROFILL 0x1u
#define MACHO_SECTION_TYPE 0xffu

/*
 * Structure sizes in bytes. Layouts (offsets, all little-endian):
 *   mach_header      magic 0, cputype 4, cpusubtype 8, filetype 12, ncmds 16, sizeofcmds 20,
 *                    flags 24; the 64-bit header adds reserved 28 (must be 0).
 *   load_command     cmd 0, cmdsize 4 (whole command including its trailing data)
 *   segment_command  cmd, cmdsize, segname[16] 8, then vmaddr, vmsize, fileoff, filesize as u32
 *                    at 24..36 (32-bit) or u64 at 24..48 (64-bit), then maxprot, initprot,
 *                    nsects, flags (u32 each); nsects sections follow inside cmdsize.
 *   section          sectname[16] 0, segname[16] 16, then addr, size as u32 at 32, 36 (32-bit)
 *                    or u64 at 32, 40 (64-bit), then offset, align, reloff, nreloc, flags,
 *                    reserved1, reserved2 (u32 each); the 64-bit one adds reserved3.
 *   entry_point      (LC_MAIN) cmd, cmdsize, entryoff u64 8, stacksize u64 16
 *   linkedit_data    (LC_CODE_SIGNATURE) cmd, cmdsize, dataoff u32 8, datasize u32 12
 */
#define MACHO_HEADER_SIZE 28u
#define MACHO_HEADER_SIZE_64 32u
#define MACHO_SEGMENT_SIZE 56u
#define MACHO_SEGMENT_SIZE_64 72u
#define MACHO_SECTION_SIZE 68u
#define MACHO_SECTION_SIZE_64 80u
#define MACHO_ENTRY_POINT_SIZE 24u
#define MACHO_LINKEDIT_DATA_SIZE 16u

/*
 * The Ferrite signature blob, the last MACHO_SIG_SIZE bytes of every file:
 *   magic u32 0 ("FSIG" read as a little-endian u32), version u32 4, key_id[8] 8 (the first 8
 *   bytes of SHA-512 of the signing public key), signature[64] 16 (Ed25519).
 * The signature covers every byte of the file before its own 64 bytes: offset 0 up to
 * size - MACHO_SIG_ED25519_SIZE, which includes the blob's magic, version and key id.
 */
#define MACHO_SIG_MAGIC 0x47495346u
#define MACHO_SIG_VERSION 1u
#define MACHO_SIG_KEY_ID_SIZE 8u
#define MACHO_SIG_ED25519_SIZE 64u
#define MACHO_SIG_HEADER_SIZE 16u
#define MACHO_SIG_SIZE (MACHO_SIG_HEADER_SIZE + MACHO_SIG_ED25519_SIZE)

/* Every segment is aligned to this in memory and in the file, on every architecture. */
#define MACHO_PAGE_SIZE 4096u
/* Nothing may be mapped below this: page 0 stays unmapped so that NULL dereferences fault. */
#define MACHO_MIN_VMADDR MACHO_PAGE_SIZE

/* Caps, so a hostile header cannot make the parser loop for long; real binaries need a handful. */
#define MACHO_MAX_COMMANDS 64u
#define MACHO_MAX_SEGMENTS 16u
#define MACHO_MAX_SECTIONS 64u        /* per segment */
#define MACHO_MAX_SIZEOFCMDS 65536u
/* The largest stack an LC_MAIN may ask for (0 asks for the kernel's default). */
#define MACHO_MAX_STACK (256u * 1024u * 1024u)

enum macho_arch {
	MACHO_ARCH_I386,
	MACHO_ARCH_X86_64,
	MACHO_ARCH_AARCH64,
	MACHO_ARCH_RISCV32,
	MACHO_ARCH_RISCV64,
	MACHO_ARCH_COUNT
};

/* One region to map: [vmaddr, vmaddr + vmsize) gets file[fileoff, fileoff + filesize) at its
 * start and zeroes after it (including the rest of the page holding the last file byte). */
struct macho_segment {
	uint64_t vmaddr, vmsize;
	uint64_t fileoff, filesize;
	uint32_t prot; /* MACHO_VM_PROT_*: the initial protection, never both WRITE and EXECUTE */
	char name[17]; /* segname, NUL-terminated copy (informational) */
};

struct macho_image {
	enum macho_arch arch;
	bool is64;
	uint64_t entry;     /* virtual address of the first instruction */
	uint64_t stacksize; /* from LC_MAIN; 0 = the kernel's default */
	uint32_t nsegs;
	struct macho_segment segs[MACHO_MAX_SEGMENTS]; /* sorted by vmaddr */
	uint64_t sig_off;   /* offset of the signature blob: always size - MACHO_SIG_SIZE */
};

/*
 * Validates file[0, size) as a Ferrite executable for arch whose segments all lie below
 * user_limit (exclusive). Returns NULL and fills *out, or returns a message saying what is wrong
 * ("cputype is not the expected architecture", ...) and leaves *out unspecified.
 */
const char *macho_parse(const void *file, size_t size, enum macho_arch arch, uint64_t user_limit,
			struct macho_image *out);

/*
 * Checks the signature of a file macho_parse() accepted into *img: the key id must name pub and
 * the Ed25519 signature must verify against pub. Returns NULL or a message ("file is not signed",
 * "signature does not verify against the built-in key", ...).
 */
const char *macho_verify(const struct macho_image *img, const void *file, size_t size,
			 const uint8_t pub[32]);

/* The first 8 bytes of SHA-512(pub): how a signature names the key that made it. */
void macho_key_id(const uint8_t pub[32], uint8_t id[MACHO_SIG_KEY_ID_SIZE]);

/* The architecture's header values; false for an unknown arch. */
bool macho_arch_info(enum macho_arch arch, uint32_t *cputype, uint32_t *cpusubtype, bool *is64);
/* "x86_64", "aarch64", ...; "?" for an unknown arch. */
const char *macho_arch_name(enum macho_arch arch);

/* Little-endian field access without alignment assumptions. */
static inline uint32_t macho_rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t macho_rd64(const uint8_t *p)
{
	return (uint64_t)macho_rd32(p) | (uint64_t)macho_rd32(p + 4) << 32;
}

static inline void macho_wr32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static inline void macho_wr64(uint8_t *p, uint64_t v)
{
	macho_wr32(p, (uint32_t)v);
	macho_wr32(p + 4, (uint32_t)(v >> 32));
}

#endif
