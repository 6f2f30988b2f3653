/*
 * The heap (libc.h) and, in freestanding builds, malloc/free/realloc/calloc over the arena the
 * linker reserves in the program's .bss (user/user.ld, sized per program: docs/libc.md).
 *
 * Layout: the arena is a run of blocks that tile it exactly. Each block starts with a 16-byte
 * header; the payload follows, 16-byte aligned. A header knows its own size and the size of the
 * block before it (a boundary tag), so freeing can merge with both neighbours in O(1). Free blocks
 * also sit on a doubly linked list whose links live in their payload. Allocation is first fit over
 * that list, splitting off the tail when it is big enough to be a block.
 *
 * Misuse is detected, not absorbed: every header carries a check word over its fields and the
 * heap's cookie, so free() of a pointer that never came from malloc, of a block whose header was
 * overwritten, or of a block already freed is reported instead of corrupting the lists. A freed
 * block that merged into its neighbour leaves its old header (still saying "free") inside the
 * merged block, which is what lets a second free of the same pointer be caught.
 */
#include "libc.h"

#include <string.h>

struct blk {
	uint32_t size;	/* whole block in bytes, header included; a multiple of HEAP_ALIGN */
	uint32_t prev;	/* size of the block just before this one in memory, 0 for the first */
	uint32_t state; /* BLK_USED or BLK_FREE */
	uint32_t check; /* blk_sum(): catches headers that were never headers or were overwritten */
};

struct heap_free {
	struct heap_free *next, *prev;
};

_Static_assert(sizeof(struct blk) == HEAP_ALIGN, "a header keeps the payload aligned");

enum { BLK_USED = 0x55534544u, BLK_FREE = 0x46524545u }; /* "USED", "FREE" */

#define HDR ((uint32_t)sizeof(struct blk))
/* The smallest block: a header plus room for the free-list links, rounded to the alignment. */
#define MIN_BLK ((uint32_t)((sizeof(struct blk) + sizeof(struct heap_free) + HEAP_ALIGN - 1) & \
			    ~(size_t)(HEAP_ALIGN - 1)))

static uint32_t blk_sum(const struct heap *h, const struct blk *b)
{
	/* Different multipliers so that swapping fields or a constant offset does not cancel out. */
	return (b->size * 0x9e3779b1u) ^ (b->prev * 0x85ebca6bu) ^ b->state ^ h->cookie;
}

static void blk_set(const struct heap *h, struct blk *b, uint32_t size, uint32_t prev, uint32_t state)
{
	b->size = size;
	b->prev = prev;
	b->state = state;
	b->check = blk_sum(h, b);
}

static unsigned char *heap_end(const struct heap *h)
{
	return h->base + h->size;
}

static struct blk *blk_next(const struct heap *h, const struct blk *b)
{
	unsigned char *n = (unsigned char *)b + b->size;
	return n < heap_end(h) ? (struct blk *)n : NULL;
}

static struct blk *blk_prev(const struct blk *b)
{
	return b->prev ? (struct blk *)((unsigned char *)b - b->prev) : NULL;
}

static struct heap_free *links(struct blk *b)
{
	return (struct heap_free *)(b + 1);
}

static struct blk *blk_of_links(struct heap_free *f)
{
	return (struct blk *)f - 1;
}

/* The block after b learns b's new size (its boundary tag). */
static void fix_next_prev(const struct heap *h, struct blk *b)
{
	struct blk *n = blk_next(h, b);
	if (n)
		blk_set(h, n, n->size, b->size, n->state);
}

static void list_push(struct heap *h, struct blk *b)
{
	struct heap_free *f = links(b);
	f->prev = NULL;
	f->next = h->free_list;
	if (f->next)
		f->next->prev = f;
	h->free_list = f;
}

static void list_remove(struct heap *h, struct blk *b)
{
	struct heap_free *f = links(b);
	if (f->prev)
		f->prev->next = f->next;
	else
		h->free_list = f->next;
	if (f->next)
		f->next->prev = f->prev;
}

/* The block size that holds n payload bytes, or 0 when n is too large for any arena. */
static uint32_t block_size(size_t n)
{
	if (n > HEAP_ARENA_MAX - HDR)
		return 0;
	size_t s = (n + HDR + HEAP_ALIGN - 1) & ~(size_t)(HEAP_ALIGN - 1);
	return s < MIN_BLK ? MIN_BLK : (uint32_t)s;
}

int heap_init(struct heap *h, void *mem, size_t size)
{
	uintptr_t start = (uintptr_t)mem;
	uintptr_t aligned = (start + HEAP_ALIGN - 1) & ~(uintptr_t)(HEAP_ALIGN - 1);
	if (!mem || size < aligned - start)
		return LIBC_EINVAL;
	size = (size - (aligned - start)) & ~(size_t)(HEAP_ALIGN - 1);
	if (size < 2 * MIN_BLK || size > HEAP_ARENA_MAX)
		return LIBC_EINVAL;
	h->base = (unsigned char *)aligned;
	h->size = size;
	h->free_list = NULL;
	/* From the address: differs between heaps, costs nothing, needs no entropy source. */
	h->cookie = (uint32_t)(aligned * 0xc2b2ae35u) ^ 0x46455252u;
	h->in_use = 0;
	h->peak = 0;
	struct blk *b = (struct blk *)h->base;
	blk_set(h, b, (uint32_t)size, 0, BLK_FREE);
	list_push(h, b);
	return 0;
}

/* Finds the block whose payload is p: 0, or LIBC_EFAULT when p is not one. */
static int lookup(const struct heap *h, const void *p, struct blk **out)
{
	uintptr_t a = (uintptr_t)p, base = (uintptr_t)h->base;
	if (a < base + HDR || a >= base + h->size || (a - base) % HEAP_ALIGN)
		return LIBC_EFAULT;
	struct blk *b = (struct blk *)(a - HDR);
	if (b->check != blk_sum(h, b) || (b->state != BLK_USED && b->state != BLK_FREE) ||
	    b->size < MIN_BLK || b->size % HEAP_ALIGN || b->size > base + h->size - (uintptr_t)b)
		return LIBC_EFAULT;
	*out = b;
	return 0;
}

/* Cuts b (not on the free list) down to size bytes when the rest can be a block of its own; the
 * rest is freed, merging with a free block after it. */
static void split(struct heap *h, struct blk *b, uint32_t size)
{
	if (b->size - size < MIN_BLK)
		return;
	struct blk *t = (struct blk *)((unsigned char *)b + size);
	uint32_t tsize = b->size - size;
	blk_set(h, b, size, b->prev, b->state);
	blk_set(h, t, tsize, size, BLK_FREE);
	struct blk *n = blk_next(h, t);
	if (n && n->state == BLK_FREE) {
		list_remove(h, n);
		blk_set(h, t, t->size + n->size, size, BLK_FREE);
	}
	fix_next_prev(h, t);
	list_push(h, t);
}

static void account(struct heap *h, size_t in_use)
{
	h->in_use = in_use;
	if (in_use > h->peak)
		h->peak = in_use;
}

void *heap_alloc(struct heap *h, size_t n, int *err)
{
	uint32_t need = block_size(n);
	if (need) {
		for (struct heap_free *f = h->free_list; f; f = f->next) {
			struct blk *b = blk_of_links(f);
			if (b->size < need)
				continue;
			list_remove(h, b);
			blk_set(h, b, b->size, b->prev, BLK_USED);
			split(h, b, need);
			account(h, h->in_use + b->size);
			*err = 0;
			return b + 1;
		}
	}
	*err = LIBC_ENOMEM;
	return NULL;
}

void *heap_calloc(struct heap *h, size_t n, size_t size, int *err)
{
	if (size && n > SIZE_MAX / size) {
		*err = LIBC_ENOMEM;
		return NULL;
	}
	void *p = heap_alloc(h, n * size, err);
	if (p)
		memset(p, 0, n * size);
	return p;
}

int heap_free(struct heap *h, void *p)
{
	if (!p)
		return 0;
	struct blk *b;
	int e = lookup(h, p, &b);
	if (e)
		return e;
	if (b->state == BLK_FREE)
		return LIBC_EINVAL;
	account(h, h->in_use - b->size);
	blk_set(h, b, b->size, b->prev, BLK_FREE);
	struct blk *n = blk_next(h, b);
	if (n && n->state == BLK_FREE) {
		list_remove(h, n);
		blk_set(h, b, b->size + n->size, b->prev, BLK_FREE);
	}
	struct blk *pv = blk_prev(b);
	if (pv && pv->state == BLK_FREE) {
		/* b's header stays behind, marked free, inside pv: a second free(p) still finds it. */
		list_remove(h, pv);
		blk_set(h, pv, pv->size + b->size, pv->prev, BLK_FREE);
		b = pv;
	}
	fix_next_prev(h, b);
	list_push(h, b);
	return 0;
}

void *heap_realloc(struct heap *h, void *p, size_t n, int *err)
{
	if (!p)
		return heap_alloc(h, n, err);
	struct blk *b;
	int e = lookup(h, p, &b);
	if (!e && b->state == BLK_FREE)
		e = LIBC_EINVAL;
	if (e) {
		*err = e;
		return NULL;
	}
	uint32_t need = block_size(n);
	if (!need) {
		*err = LIBC_ENOMEM;
		return NULL;
	}
	size_t before = b->size;
	if (need > b->size) {
		/* Grow in place into a free block right after, when that is enough. */
		struct blk *nx = blk_next(h, b);
		if (nx && nx->state == BLK_FREE && (size_t)b->size + nx->size >= need) {
			list_remove(h, nx);
			blk_set(h, b, b->size + nx->size, b->prev, BLK_USED);
			fix_next_prev(h, b);
		} else {
			void *q = heap_alloc(h, n, err);
			if (!q)
				return NULL; /* p stays as it was */
			memcpy(q, p, b->size - HDR);
			heap_free(h, p);
			return q;
		}
	}
	split(h, b, need);
	account(h, h->in_use - before + b->size);
	*err = 0;
	return p;
}

size_t heap_usable(const struct heap *h, const void *p)
{
	struct blk *b;
	if (!p || lookup(h, p, &b) || b->state != BLK_USED)
		return 0;
	return b->size - HDR;
}

size_t heap_largest_free(const struct heap *h)
{
	size_t best = 0;
	for (struct heap_free *f = h->free_list; f; f = f->next) {
		size_t s = blk_of_links(f)->size - HDR;
		if (s > best)
			best = s;
	}
	return best;
}

const char *heap_check(const struct heap *h)
{
	size_t used = 0, nfree = 0, nblocks = 0;
	uint32_t prev_size = 0;
	bool prev_free = false;
	unsigned char *at = h->base;
	while (at < heap_end(h)) {
		struct blk *b = (struct blk *)at;
		if (b->check != blk_sum(h, b))
			return "a header's check word is wrong";
		if (b->size < MIN_BLK || b->size % HEAP_ALIGN || b->size > (size_t)(heap_end(h) - at))
			return "a block's size is impossible";
		if (b->prev != prev_size)
			return "a block's boundary tag disagrees with the block before it";
		if (b->state == BLK_FREE) {
			if (prev_free)
				return "two free blocks are adjacent (not merged)";
			nfree++;
		} else if (b->state == BLK_USED) {
			used += b->size;
		} else {
			return "a block's state is neither used nor free";
		}
		prev_free = b->state == BLK_FREE;
		prev_size = b->size;
		at += b->size;
		nblocks++;
	}
	if (at != heap_end(h))
		return "the blocks do not tile the arena";
	if (used != h->in_use)
		return "in_use does not add up";
	size_t listed = 0;
	struct heap_free *back = NULL;
	for (struct heap_free *f = h->free_list; f; back = f, f = f->next) {
		if (++listed > nfree)
			return "the free list is longer than the free blocks (a loop or a used block)";
		unsigned char *bp = (unsigned char *)blk_of_links(f);
		if (bp < h->base || bp >= heap_end(h))
			return "the free list points outside the arena";
		if (blk_of_links(f)->state != BLK_FREE)
			return "a used block is on the free list";
		if (f->prev != back)
			return "a free-list back link is wrong";
	}
	if (listed != nfree)
		return "a free block is missing from the free list";
	return NULL;
}

#if !__STDC_HOSTED__
#include <errno.h>
#include <stdlib.h>

/* The arena: user/user.ld reserves __libc_heap_size bytes at the end of .bss, but only in a
 * program that links this file (it asks by defining __libc_heap_wanted), so programs without
 * malloc carry no heap. */
extern unsigned char __libc_heap_start[], __libc_heap_end[];
__attribute__((used)) const unsigned char __libc_heap_wanted = 1;

static struct heap the_heap;
static int heap_state; /* 0: not set up yet, 1: ready, else the LIBC_E* heap_init gave */

static struct heap *heap_get(void)
{
	if (heap_state == 0) {
		int e = heap_init(&the_heap, __libc_heap_start,
				  (size_t)(__libc_heap_end - __libc_heap_start));
		heap_state = e ? e : 1;
	}
	return heap_state == 1 ? &the_heap : NULL;
}

void *malloc(size_t n)
{
	struct heap *h = heap_get();
	int e = LIBC_ENOMEM; /* no arena (heap size 0) is out of memory too */
	void *p = h ? heap_alloc(h, n, &e) : NULL;
	if (!p)
		errno = e;
	return p;
}

void *calloc(size_t n, size_t size)
{
	struct heap *h = heap_get();
	int e = LIBC_ENOMEM;
	void *p = h ? heap_calloc(h, n, size, &e) : NULL;
	if (!p)
		errno = e;
	return p;
}

/* A bad pointer here means the program's memory is already wrong: stop it with a report rather
 * than guess (C gives free() no way to return an error). */
static void misuse(const char *fn, void *p, int e)
{
	libc_panic("%s(%p): %s", fn, p,
		   e == LIBC_EINVAL ? "the block was already freed (double free)"
				    : "not a block from malloc, or its header was overwritten");
}

void *realloc(void *p, size_t n)
{
	if (!p)
		return malloc(n);
	struct heap *h = heap_get();
	if (!h)
		misuse("realloc", p, LIBC_EFAULT);
	int e;
	void *q = heap_realloc(h, p, n, &e);
	if (!q && e != LIBC_ENOMEM)
		misuse("realloc", p, e);
	if (!q)
		errno = e;
	return q;
}

void free(void *p)
{
	if (!p)
		return;
	struct heap *h = heap_get();
	int e = h ? heap_free(h, p) : LIBC_EFAULT;
	if (e)
		misuse("free", p, e);
}
#endif
