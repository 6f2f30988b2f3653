/*
 * fakemem: a fake physical memory for host tests and fuzzers of the boot adapters. It backs a
 * struct phys_view whose map() hands out a fresh heap copy of exactly the bytes asked for, so
 * AddressSanitizer reports any read past what a parser mapped, not just past the whole image.
 * Also has small writers for laying out loader structures at chosen physical addresses.
 */
#ifndef FAKEMEM_H
#define FAKEMEM_H

#include <boot.h>
#include <stddef.h>
#include <stdint.h>

struct fakemem {
	uint64_t base;   /* physical address of mem[0] */
	uint8_t *mem;
	size_t size;
	size_t used;     /* bump allocator for fakemem_alloc */
	void **copies;   /* what map() handed out, freed by fakemem_release */
	size_t n_copies, cap_copies;
	unsigned maps;   /* map() calls, successful or not */
};

/* Zero-filled memory of size bytes at physical base. */
void fakemem_init(struct fakemem *fm, uint64_t base, size_t size);
/* Memory holding a copy of data (for fuzzers: the input is the memory). */
void fakemem_init_from(struct fakemem *fm, uint64_t base, const void *data, size_t size);
/* Frees the copies map() made so far; the view stays usable. */
void fakemem_release(struct fakemem *fm);
void fakemem_free(struct fakemem *fm);
struct phys_view fakemem_view(struct fakemem *fm);

/* Reserves len bytes aligned to align (a power of two), zeroed; returns their physical address. */
uint64_t fakemem_alloc(struct fakemem *fm, size_t len, size_t align);
/* Writes at a physical address; aborts the test program when outside the memory (a test bug). */
uint8_t *fakemem_ptr(struct fakemem *fm, uint64_t phys, size_t len);
void fakemem_w8(struct fakemem *fm, uint64_t phys, uint8_t v);
void fakemem_w32(struct fakemem *fm, uint64_t phys, uint32_t v);
void fakemem_w64(struct fakemem *fm, uint64_t phys, uint64_t v);
/* Copies s with its NUL into fresh memory; returns its physical address. */
uint64_t fakemem_str(struct fakemem *fm, const char *s);

#endif
