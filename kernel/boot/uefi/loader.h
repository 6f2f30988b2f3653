/*
 * ldr: Ferrite's UEFI loader, an EFI application (BOOTX64.EFI, BOOTAA64.EFI, BOOTRISCV64.EFI)
 * that reads kernel.elf from its own FAT volume, loads it at its physical addresses, leaves boot
 * services and enters the kernel with a struct uefi_handoff (kernel/include/uefi_handoff.h).
 *
 * loader.c holds the firmware-facing flow; image.c holds the pure parts (ELF plan, command line
 * conversion) that host unit tests exercise; <arch>.c (and .S) hold the per-architecture entry
 * state. Nothing here runs after the jump into the kernel.
 */
#ifndef LDR_LOADER_H
#define LDR_LOADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The kernel's ELF note that names a UEFI-specific entry point (x86_64: long-mode entry, since
 * e_entry there is the 32-bit Multiboot/PVH path). Name "Ferrite", type 1, 8-byte address. */
#define LDR_NOTE_NAME "Ferrite"
#define LDR_NOTE_UEFI_ENTRY 1

/* Largest kernel span the loader accepts: anything bigger is a broken file, not a big kernel. */
#define LDR_MAX_SPAN (256ull << 20)

/* Where the kernel's PT_LOAD segments go: one physical span [lo, hi), page-aligned, allocated
 * whole so segments sharing a page never ask the firmware for the same page twice. */
struct ldr_plan {
	uint64_t lo, hi;
	uint64_t entry;
};

/* Validates an ELF64 kernel image of `size` bytes for `machine` and plans its load. Returns NULL
 * or what is wrong with the file. */
const char *ldr_elf_plan(const uint8_t *file, uint64_t size, uint16_t machine,
			 struct ldr_plan *plan);
/* Copies the segments of a file ldr_elf_plan accepted into dst, which holds plan->hi - plan->lo
 * bytes and stands for physical plan->lo; zeroes everything else (bss, gaps). */
void ldr_elf_load(const uint8_t *file, const struct ldr_plan *plan, uint8_t *dst);

/* Turns UEFI load options (UCS-2, `bytes` long) into an ASCII command line in dst (max bytes with
 * the NUL). Options that are not plain printable text (firmware boot entries often carry binary
 * data) yield false and an empty dst. A first word ending in ".efi" (the UEFI shell passes the
 * image path there) is dropped. */
bool ldr_options_to_cmdline(const void *options, uint64_t bytes, char *dst, size_t max);
/* Cleans cmdline.txt's contents in place (s has room for len + 1 bytes): line ends and tabs become spaces, trailing spaces go,
 * any other control or non-ASCII byte becomes '?'. Stops at the first NUL or at len. Returns the
 * resulting length. */
size_t ldr_clean_cmdline(char *s, size_t len);

/* Per architecture (<arch>.c). */
extern const uint16_t ldr_arch_elf_machine;
struct efi_system_table;
/* The CPU the kernel will run on first, as the kernel's entry wants it (riscv: hart id). */
uint64_t ldr_arch_boot_cpu(struct efi_system_table *st);
/* After ExitBootServices: puts the CPU in the state the kernel's entry expects and jumps.
 * [kbase, kbase+ksize) and [hbase, hbase+hsize) are what the kernel reads first (its image, the
 * handoff block): architectures that turn caches off push them to memory first. */
__attribute__((noreturn)) void ldr_arch_enter(uint64_t entry, uint64_t handoff, uint64_t boot_cpu,
					      uint64_t kbase, uint64_t ksize, uint64_t hbase,
					      uint64_t hsize);

#endif
