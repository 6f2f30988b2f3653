/* Fake physical memory for boot adapter tests; see fakemem.h. */
#include "fakemem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void fakemem_init(struct fakemem *fm, uint64_t base, size_t size)
{
	memset(fm, 0, sizeof *fm);
	fm->base = base;
	fm->size = size;
	fm->mem = calloc(1, size ? size : 1);
	if (!fm->mem)
		abort();
}

void fakemem_init_from(struct fakemem *fm, uint64_t base, const void *data, size_t size)
{
	fakemem_init(fm, base, size);
	if (size)
		memcpy(fm->mem, data, size);
	fm->used = size;
}

void fakemem_release(struct fakemem *fm)
{
	for (size_t i = 0; i < fm->n_copies; i++)
		free(fm->copies[i]);
	fm->n_copies = 0;
}

void fakemem_free(struct fakemem *fm)
{
	fakemem_release(fm);
	free(fm->copies);
	free(fm->mem);
	memset(fm, 0, sizeof *fm);
}

static const void *fake_map(void *ctx, uint64_t phys, uint64_t len)
{
	struct fakemem *fm = ctx;
	fm->maps++;
	if (phys < fm->base || phys - fm->base > fm->size || len > fm->size - (phys - fm->base))
		return NULL;
	if (fm->n_copies == fm->cap_copies) {
		size_t cap = fm->cap_copies ? 2 * fm->cap_copies : 64;
		void **c = realloc(fm->copies, cap * sizeof *c);
		if (!c)
			abort();
		fm->copies = c;
		fm->cap_copies = cap;
	}
	/* An exact-size copy: reading one byte past len is a heap overflow ASan reports. */
	uint8_t *copy = malloc(len ? (size_t)len : 1);
	if (!copy)
		abort();
	memcpy(copy, fm->mem + (phys - fm->base), (size_t)len);
	fm->copies[fm->n_copies++] = copy;
	return copy;
}

struct phys_view fakemem_view(struct fakemem *fm)
{
	return (struct phys_view){ fake_map, fm };
}

uint64_t fakemem_alloc(struct fakemem *fm, size_t len, size_t align)
{
	size_t at = (fm->used + align - 1) & ~(align - 1);
	if (at > fm->size || len > fm->size - at) {
		fprintf(stderr, "fakemem: out of memory (%zu bytes wanted)\n", len);
		abort();
	}
	fm->used = at + len;
	memset(fm->mem + at, 0, len);
	return fm->base + at;
}

uint8_t *fakemem_ptr(struct fakemem *fm, uint64_t phys, size_t len)
{
	if (phys < fm->base || phys - fm->base > fm->size || len > fm->size - (phys - fm->base)) {
		fprintf(stderr, "fakemem: write at 0x%llx outside the fake memory\n",
			(unsigned long long)phys);
		abort();
	}
	return fm->mem + (phys - fm->base);
}

void fakemem_w8(struct fakemem *fm, uint64_t phys, uint8_t v)
{
	*fakemem_ptr(fm, phys, 1) = v;
}

/* Loader structures are little-endian on every machine that uses these protocols (x86). */
void fakemem_w32(struct fakemem *fm, uint64_t phys, uint32_t v)
{
	uint8_t *p = fakemem_ptr(fm, phys, 4);
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

void fakemem_w64(struct fakemem *fm, uint64_t phys, uint64_t v)
{
	fakemem_w32(fm, phys, (uint32_t)v);
	fakemem_w32(fm, phys + 4, (uint32_t)(v >> 32));
}

uint64_t fakemem_str(struct fakemem *fm, const char *s)
{
	size_t n = strlen(s) + 1;
	uint64_t p = fakemem_alloc(fm, n, 1);
	memcpy(fakemem_ptr(fm, p, n), s, n);
	return p;
}
