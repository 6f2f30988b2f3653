/*
 * uefi_handoff: what Ferrite's UEFI loader (kernel/boot/uefi/) leaves for the kernel after
 * ExitBootServices. The loader writes it, the kernel adapter kernel/boot/uefi.c reads it through a
 * phys_view and trusts nothing in it. Both sides compile this header, so it holds only fixed-size
 * fields; every address is physical (UEFI maps memory 1:1 while the loader runs).
 *
 * The kernel is entered with the handoff's physical address as kmain's arg0 on every
 * architecture; the magic sits in the handoff itself because the Linux-style arm64 Image entry carries
 * only x0 through to kmain.
 */
#ifndef UEFI_HANDOFF_H
#define UEFI_HANDOFF_H

#include <stdint.h>

#define UEFI_HANDOFF_MAGIC 0x49464555u /* "UEFI" in memory order; unlike any Multiboot/PVH magic */
#define UEFI_HANDOFF_VERSION 1

struct uefi_handoff {
	uint32_t magic;
	uint32_t version;
	uint32_t size;         /* sizeof(struct uefi_handoff) as the loader built it */
	uint32_t desc_version; /* EFI memory descriptor version from GetMemoryMap */
	uint64_t mmap_phys;    /* the final UEFI memory map (the one ExitBootServices accepted) */
	uint64_t mmap_size;    /* bytes */
	uint64_t desc_size;    /* stride between descriptors: may exceed the spec's 40 bytes */
	uint64_t cmdline_phys; /* ASCII, NUL-terminated; 0 when there is none */
	uint64_t cmdline_len;  /* bytes before the NUL */
	uint64_t dtb_phys;     /* flattened device tree from the configuration table, or 0 */
	uint64_t rsdp_phys;    /* ACPI RSDP (2.0 preferred over 1.0), or 0 */
	uint64_t system_table; /* EFI system table, for runtime services later; 0 if unknown */
	uint64_t block_phys;   /* one loader allocation holding this handoff, the map and the */
	uint64_t block_size;   /* command line: the kernel reserves it until it has copied them */
};

_Static_assert(sizeof(struct uefi_handoff) == 96, "uefi_handoff layout is shared ABI");

/* EFI_MEMORY_DESCRIPTOR (UEFI spec, GetMemoryMap): the fields the kernel reads, by offset, so
 * a descriptor stride larger than this layout (desc_size) is stepped over correctly. */
#define UEFI_DESC_TYPE 0
#define UEFI_DESC_PHYS 8
#define UEFI_DESC_PAGES 24
#define UEFI_DESC_ATTR 32
#define UEFI_DESC_MIN_SIZE 40
#define UEFI_PAGE_SIZE 4096u

#endif
