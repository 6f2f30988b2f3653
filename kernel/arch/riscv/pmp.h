/*
 * pmp: RISC-V Physical Memory Protection, the isolation mechanism of the no-MMU riscv32 boards
 * (ESP32-C6, qemu-virt-riscv32). It owns the hart's pmpcfg/pmpaddr registers: it programs regions
 * that bound what user mode may touch. Those regions are never locked, so they do not restrict
 * machine mode (the kernel); the one exception is pmp_lock_region, which makes a region that no
 * one, the kernel included, can reach until reset (the stack guard and the fault window of
 * mmu_m.c). It does not decide policy: which region a process gets is for its callers. Private
 * to kernel/arch/riscv.
 */
#ifndef RISCV_PMP_H
#define RISCV_PMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PMP_R 0x1u
#define PMP_W 0x2u
#define PMP_X 0x4u

/* At most 16 entries: the CSR numbers pmpaddr16..63 do not exist on the cores we target. */
#define PMP_MAX_ENTRIES 16

struct pmp_info {
	unsigned entries;     /* implemented entries, found by probing pmpaddr */
	uint32_t granularity; /* smallest region in bytes, 2^(G+2) */
};

/* Probes the number of implemented entries and the granularity (privileged spec 3.7.1: write all
 * ones to pmpaddr with its cfg off and read back). Leaves the registers as they were. */
void pmp_probe(struct pmp_info *out);

/*
 * Lets user mode access [base, base+size) with perms (PMP_R|PMP_W|PMP_X) through entry index.
 * A naturally aligned power-of-two region uses one entry (NA4 or NAPOT); anything else uses
 * top-of-range, which also takes entry index-1 to hold the base (index 0 only when base is 0).
 * Returns NULL or what was wrong (locked entry, misaligned for the granularity, no such entry).
 */
const char *pmp_set_region(unsigned index, uintptr_t base, size_t size, unsigned perms);

/*
 * A top-of-range region [base, base+size) at entry index alone, taking its base from entry
 * index-1, which must already end exactly at base (a top-of-range region just below): adjacent
 * regions with different rights then cost one entry each instead of two. Entry index-1 is left
 * as it is. Returns NULL or what was wrong.
 */
const char *pmp_set_region_above(unsigned index, uintptr_t base, size_t size, unsigned perms);

/*
 * Locks entry index as a naturally aligned power-of-two region with no permissions: every access
 * to [base, base+size), from machine mode too, takes an access fault until the hart resets (a
 * locked entry cannot be changed or turned off). Returns NULL or what was wrong.
 */
const char *pmp_lock_region(unsigned index, uintptr_t base, size_t size);

/* Whether entry index is locked. */
bool pmp_is_locked(unsigned index);

/* Turns entry index off (the region grants nothing). Locked entries are left alone. */
void pmp_clear(unsigned index);
/* Turns every unlocked entry off. */
void pmp_clear_all(void);

/* Reads back one entry: its cfg byte and pmpaddr value (for reports and tests). */
uint8_t pmp_get_cfg(unsigned index);
uint32_t pmp_get_addr(unsigned index);

#endif
