/*
 * PMP programming (RISC-V privileged spec v1.12, section 3.7) for RV32: pmpcfg0..3 hold four
 * 8-bit entry configurations each; pmpaddrN holds bits 33:2 of an address. CSR numbers are
 * immediates in the instruction, so entry numbers become CSRs through a switch.
 */
#include "pmp.h"
#include <stdbool.h>

#define PMP_A_SHIFT 3
#define PMP_A_OFF (0u << PMP_A_SHIFT)
#define PMP_A_TOR (1u << PMP_A_SHIFT)
#define PMP_A_NA4 (2u << PMP_A_SHIFT)
#define PMP_A_NAPOT (3u << PMP_A_SHIFT)
#define PMP_A_MASK (3u << PMP_A_SHIFT)
#define PMP_L 0x80u

#define CSR_CASE(n, op) \
	case n: op(0x3b0 + n); break;

#define READ_ADDR(csr) __asm__ volatile("csrr %0, %1" : "=r"(v) : "i"(csr))
#define WRITE_ADDR(csr) __asm__ volatile("csrw %0, %1" ::"i"(csr), "r"(v) : "memory")

static uint32_t addr_read(unsigned i)
{
	uint32_t v = 0;
	switch (i) {
		CSR_CASE(0, READ_ADDR) CSR_CASE(1, READ_ADDR) CSR_CASE(2, READ_ADDR)
		CSR_CASE(3, READ_ADDR) CSR_CASE(4, READ_ADDR) CSR_CASE(5, READ_ADDR)
		CSR_CASE(6, READ_ADDR) CSR_CASE(7, READ_ADDR) CSR_CASE(8, READ_ADDR)
		CSR_CASE(9, READ_ADDR) CSR_CASE(10, READ_ADDR) CSR_CASE(11, READ_ADDR)
		CSR_CASE(12, READ_ADDR) CSR_CASE(13, READ_ADDR) CSR_CASE(14, READ_ADDR)
		CSR_CASE(15, READ_ADDR)
	}
	return v;
}

static void addr_write(unsigned i, uint32_t v)
{
	switch (i) {
		CSR_CASE(0, WRITE_ADDR) CSR_CASE(1, WRITE_ADDR) CSR_CASE(2, WRITE_ADDR)
		CSR_CASE(3, WRITE_ADDR) CSR_CASE(4, WRITE_ADDR) CSR_CASE(5, WRITE_ADDR)
		CSR_CASE(6, WRITE_ADDR) CSR_CASE(7, WRITE_ADDR) CSR_CASE(8, WRITE_ADDR)
		CSR_CASE(9, WRITE_ADDR) CSR_CASE(10, WRITE_ADDR) CSR_CASE(11, WRITE_ADDR)
		CSR_CASE(12, WRITE_ADDR) CSR_CASE(13, WRITE_ADDR) CSR_CASE(14, WRITE_ADDR)
		CSR_CASE(15, WRITE_ADDR)
	}
}

static uint32_t cfg_word_read(unsigned w)
{
	uint32_t v = 0;
	switch (w) {
	case 0: __asm__ volatile("csrr %0, pmpcfg0" : "=r"(v)); break;
	case 1: __asm__ volatile("csrr %0, pmpcfg1" : "=r"(v)); break;
	case 2: __asm__ volatile("csrr %0, pmpcfg2" : "=r"(v)); break;
	case 3: __asm__ volatile("csrr %0, pmpcfg3" : "=r"(v)); break;
	}
	return v;
}

static void cfg_word_write(unsigned w, uint32_t v)
{
	switch (w) {
	case 0: __asm__ volatile("csrw pmpcfg0, %0" ::"r"(v) : "memory"); break;
	case 1: __asm__ volatile("csrw pmpcfg1, %0" ::"r"(v) : "memory"); break;
	case 2: __asm__ volatile("csrw pmpcfg2, %0" ::"r"(v) : "memory"); break;
	case 3: __asm__ volatile("csrw pmpcfg3, %0" ::"r"(v) : "memory"); break;
	}
}

uint8_t pmp_get_cfg(unsigned i)
{
	if (i >= PMP_MAX_ENTRIES)
		return 0;
	return (uint8_t)(cfg_word_read(i / 4) >> (8 * (i % 4)));
}

static void cfg_set(unsigned i, uint8_t cfg)
{
	uint32_t w = cfg_word_read(i / 4);
	unsigned shift = 8 * (i % 4);
	w = (w & ~(0xffu << shift)) | ((uint32_t)cfg << shift);
	cfg_word_write(i / 4, w);
}

uint32_t pmp_get_addr(unsigned i)
{
	return i < PMP_MAX_ENTRIES ? addr_read(i) : 0;
}

static bool locked(unsigned i)
{
	return pmp_get_cfg(i) & PMP_L;
}

/* Probing writes pmpaddr of an entry that may be live; only user mode could notice, and the
 * kernel probes before it ever drops to user mode. */
void pmp_probe(struct pmp_info *out)
{
	out->entries = 0;
	out->granularity = 4;
	for (unsigned i = 0; i < PMP_MAX_ENTRIES; i++) {
		if (locked(i)) {
			out->entries = i + 1;
			continue;
		}
		uint32_t saved = addr_read(i);
		addr_write(i, 0xffffffffu);
		uint32_t got = addr_read(i);
		addr_write(i, saved);
		if (got)
			out->entries = i + 1;
	}
	/* Granularity from entry 0 with its A field off: the lowest bit that reads back set is G. */
	if (out->entries == 0 || locked(0))
		return;
	uint8_t cfg = pmp_get_cfg(0);
	uint32_t saved = addr_read(0);
	cfg_set(0, 0);
	addr_write(0, 0xffffffffu);
	uint32_t got = addr_read(0);
	addr_write(0, saved);
	cfg_set(0, cfg);
	unsigned g = 0;
	while (g < 30 && !(got & (1u << g)))
		g++;
	out->granularity = 1u << (g + 2);
}

static uint32_t granularity(void)
{
	static uint32_t cached;
	if (!cached) {
		struct pmp_info info;
		pmp_probe(&info);
		cached = info.granularity;
	}
	return cached;
}

const char *pmp_set_region(unsigned index, uintptr_t base, size_t size, unsigned perms)
{
	if (index >= PMP_MAX_ENTRIES)
		return "no such PMP entry";
	if (perms & ~(PMP_R | PMP_W | PMP_X))
		return "unknown permission bits";
	if ((perms & (PMP_R | PMP_W)) == PMP_W)
		return "write without read is a reserved PMP encoding";
	if (size == 0)
		return "empty region";
	uint64_t end = (uint64_t)base + size;
	if (end > (1ull << 32))
		return "region extends past the 32-bit address space";
	if (locked(index))
		return "PMP entry is locked";
	uint32_t g = granularity();
	if (base % g || size % g)
		return "region is not aligned to the PMP granularity";

	bool pow2 = (size & (size - 1)) == 0;
	if (pow2 && base % size == 0 && (size >= 8 || g == 4)) {
		/* Off first so that a half-written entry never grants anything. */
		cfg_set(index, 0);
		if (size == 4) {
			addr_write(index, (uint32_t)(base >> 2));
			cfg_set(index, (uint8_t)(PMP_A_NA4 | perms));
		} else {
			addr_write(index, (uint32_t)((base | (size / 2 - 1)) >> 2));
			cfg_set(index, (uint8_t)(PMP_A_NAPOT | perms));
		}
		return NULL;
	}

	/* Top of range: [pmpaddr(index-1), pmpaddr(index)). */
	if (index == 0 && base != 0)
		return "a top-of-range region at entry 0 must start at address 0";
	if (index > 0 && locked(index - 1))
		return "PMP entry below is locked (top-of-range needs it for the base)";
	cfg_set(index, 0);
	if (index > 0) {
		cfg_set(index - 1, PMP_A_OFF);
		addr_write(index - 1, (uint32_t)(base >> 2));
	}
	addr_write(index, (uint32_t)(end >> 2));
	cfg_set(index, (uint8_t)(PMP_A_TOR | perms));
	return NULL;
}

const char *pmp_set_region_above(unsigned index, uintptr_t base, size_t size, unsigned perms)
{
	if (index == 0 || index >= PMP_MAX_ENTRIES)
		return "no PMP entry below to take the base from";
	if (perms & ~(PMP_R | PMP_W | PMP_X))
		return "unknown permission bits";
	if ((perms & (PMP_R | PMP_W)) == PMP_W)
		return "write without read is a reserved PMP encoding";
	if (size == 0)
		return "empty region";
	uint64_t end = (uint64_t)base + size;
	if (end > (1ull << 32))
		return "region extends past the 32-bit address space";
	if (locked(index))
		return "PMP entry is locked";
	uint32_t g = granularity();
	if (base % g || size % g)
		return "region is not aligned to the PMP granularity";
	if ((pmp_get_cfg(index - 1) & PMP_A_MASK) != PMP_A_TOR ||
	    addr_read(index - 1) != (uint32_t)(base >> 2))
		return "the entry below does not end at the region's base";
	cfg_set(index, 0);
	addr_write(index, (uint32_t)(end >> 2));
	cfg_set(index, (uint8_t)(PMP_A_TOR | perms));
	return NULL;
}

const char *pmp_lock_region(unsigned index, uintptr_t base, size_t size)
{
	if (index >= PMP_MAX_ENTRIES)
		return "no such PMP entry";
	if (locked(index))
		return "PMP entry is already locked";
	if (size < 8 || (size & (size - 1)) || base % size)
		return "a locked region must be a naturally aligned power of two, at least 8 bytes";
	if (size % granularity())
		return "region is not aligned to the PMP granularity";
	/* Address first: once the lock bit is set neither register can be written again. */
	cfg_set(index, 0);
	addr_write(index, (uint32_t)((base | (size / 2 - 1)) >> 2));
	cfg_set(index, (uint8_t)(PMP_A_NAPOT | PMP_L));
	return locked(index) ? NULL : "the lock bit did not stick";
}

bool pmp_is_locked(unsigned index)
{
	return index < PMP_MAX_ENTRIES && locked(index);
}

void pmp_clear(unsigned index)
{
	if (index >= PMP_MAX_ENTRIES || locked(index))
		return;
	cfg_set(index, 0);
	addr_write(index, 0);
}

void pmp_clear_all(void)
{
	for (unsigned i = 0; i < PMP_MAX_ENTRIES; i++)
		pmp_clear(i);
}
