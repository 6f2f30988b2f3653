/*
 * bootinfo: what the boot loader told the kernel, in one shape for every boot protocol. Each
 * adapter in kernel/boot/ fills it; the rest of the kernel reads only this. The adapter copies
 * everything it needs (command line, module names) so the loader's own structures can be reused.
 *
 * Nothing is dropped silently: entries that do not fit are counted in `dropped` and reported.
 */
#ifndef BOOTINFO_H
#define BOOTINFO_H

#include <stdint.h>
#include <stdbool.h>

#define BOOTINFO_MAX_RANGES 48
#define BOOTINFO_MAX_MODULES 16
#define BOOTINFO_CMDLINE_MAX 512
#define BOOTINFO_NAME_MAX 64

struct boot_range {
	uint64_t base;
	uint64_t size;
	const char *what; /* static string: "ram", "kernel", "dtb", "module", "firmware", ... */
};

struct boot_module {
	uint64_t base;
	uint64_t size;
	char name[BOOTINFO_NAME_MAX];
};

struct bootinfo {
	const char *memory_source; /* where the memory map came from, for the log */
	struct boot_range usable[BOOTINFO_MAX_RANGES];
	unsigned n_usable;
	struct boot_range reserved[BOOTINFO_MAX_RANGES];
	unsigned n_reserved;
	struct boot_module modules[BOOTINFO_MAX_MODULES];
	unsigned n_modules;
	char cmdline[BOOTINFO_CMDLINE_MAX];
	bool cmdline_truncated;
	uint64_t dtb_base, dtb_size; /* 0 when the loader gave no device tree */
	uint64_t acpi_rsdp;          /* physical address of the RSDP, 0 when unknown */
	unsigned dropped;            /* ranges or modules that did not fit in the arrays above */
};

void bootinfo_init(struct bootinfo *bi);
/* Zero-sized ranges are ignored; ranges whose end overflows 64 bits are clipped to 2^64-1. */
void bootinfo_add_usable(struct bootinfo *bi, uint64_t base, uint64_t size);
void bootinfo_add_reserved(struct bootinfo *bi, uint64_t base, uint64_t size, const char *what);
/* Adds a module and reserves its range. name may be NULL; len bounds it (no NUL needed). */
void bootinfo_add_module(struct bootinfo *bi, uint64_t base, uint64_t size, const char *name,
			 uint32_t name_len);
/* Copies at most len bytes (stopping at a NUL); sets cmdline_truncated if it did not fit. */
void bootinfo_set_cmdline(struct bootinfo *bi, const char *s, uint32_t len);

#endif
