/*
 * slab: fixed-size object caches for kernel objects, and kmalloc for small sizes on top of them.
 * Each slab is one 4 KiB frame from pmm with its header at the start, so an object's slab is found
 * by rounding its address down; empty slabs go back to pmm at once, so "free everything" really
 * returns the memory. Objects up to SLAB_MAX_OBJECT bytes; kmalloc up to KMALLOC_MAX.
 *
 * Freeing an object twice, or one the cache does not own, panics naming the cache: it is a kernel
 * bug, and carrying on would corrupt memory. Debug builds (CONFIG_DEBUG) poison free objects and
 * check the poison on allocation, catching writes after free.
 *
 * Locking: none yet (boot CPU only, no allocation from interrupt handlers).
 */
#ifndef SLAB_H
#define SLAB_H

#include <stddef.h>
#include <stdint.h>

#define SLAB_MAX_OBJECT 1024
#define KMALLOC_MAX 1024

struct slab;

struct slab_cache {
	const char *name;
	size_t size;          /* object size, rounded up to align */
	size_t align;
	unsigned per_slab;    /* objects per slab */
	struct slab *partial; /* slabs with both free and used objects */
	struct slab *full;    /* slabs with no free object */
	size_t in_use;        /* objects handed out */
	size_t slabs;         /* frames held */
};

/* align must be a power of two <= 64; size 1..SLAB_MAX_OBJECT. Returns 0 or ERR_INVAL. */
int slab_cache_init(struct slab_cache *c, const char *name, size_t size, size_t align);
/* An object, or NULL when memory is exhausted. Contents are undefined. */
void *slab_alloc(struct slab_cache *c);
void slab_free(struct slab_cache *c, void *obj);

/* Sets up the kmalloc size classes. */
void slab_init(void);
/* size 1..KMALLOC_MAX, 16-byte aligned; NULL for size 0, larger sizes, or no memory. */
void *kmalloc(size_t size);
/* NULL is ignored. */
void kfree(void *ptr);
/* Objects kmalloc has handed out and not taken back (all classes). */
size_t kmalloc_in_use(void);

#endif
