/* Slab caches and kmalloc: contents kept, frames returned, and the kernel bugs they must catch
 * (double free, foreign pointers, writes after free) reported by panic. */
#include "test.h"
#include "kstubs.h"
#include <bootinfo.h>
#include <err.h>
#include <hal.h>
#include <pmm.h>
#include <slab.h>
#include <stdlib.h>
#include <string.h>

#define RAM_BASE 0x80000000ull
#define RAM_SIZE (8u << 20)

static void setup(void)
{
	static struct bootinfo bi;
	kstubs_ram(RAM_BASE, RAM_SIZE);
	bootinfo_init(&bi);
	bootinfo_add_usable(&bi, RAM_BASE, RAM_SIZE);
	CHECK_OK(pmm_init(&bi));
	slab_init();
}

TEST(slab_cache_rejects_bad_geometry)
{
	struct slab_cache c;
	CHECK_EQ(slab_cache_init(&c, "zero", 0, 8), ERR_INVAL);
	CHECK_EQ(slab_cache_init(&c, "huge", SLAB_MAX_OBJECT + 1, 8), ERR_INVAL);
	CHECK_EQ(slab_cache_init(&c, "align3", 32, 3), ERR_INVAL);
	CHECK_EQ(slab_cache_init(&c, "align128", 32, 128), ERR_INVAL);
	CHECK_EQ(slab_cache_init(&c, "ok", 24, 8), 0);
	CHECK(c.per_slab >= 100);
}

TEST(slab_objects_keep_contents_and_frames_come_back)
{
	setup();
	size_t free0 = pmm_free_pages();
	struct slab_cache c;
	CHECK_EQ(slab_cache_init(&c, "t40", 40, 8), 0);
	enum { N = 1000 };
	static uint8_t *o[N];
	for (int i = 0; i < N; i++) {
		o[i] = slab_alloc(&c);
		CHECK(o[i] != NULL);
		CHECK_EQ((uintptr_t)o[i] % 8, 0);
		memset(o[i], i & 0xff, 40);
	}
	for (int i = 0; i < N; i++)
		for (int b = 0; b < 40; b++)
			if (o[i][b] != (i & 0xff)) {
				CHECK_EQ(o[i][b], i & 0xff);
				break;
			}
	CHECK_EQ(c.in_use, N);
	CHECK_EQ(c.slabs, (N + c.per_slab - 1) / c.per_slab);
	for (int i = N - 1; i >= 0; i -= 2)
		slab_free(&c, o[i]);
	for (int i = N - 2; i >= 0; i -= 2)
		slab_free(&c, o[i]);
	CHECK_EQ(c.in_use, 0);
	CHECK_EQ(c.slabs, 0);
	CHECK_EQ(pmm_free_pages(), free0);
}

TEST(slab_exhaustion_returns_null)
{
	setup();
	struct slab_cache c;
	CHECK_EQ(slab_cache_init(&c, "t1024", 1024, 16), 0);
	size_t n = 0;
	void *first = NULL, *p;
	while ((p = slab_alloc(&c)) != NULL) {
		if (!first)
			first = p;
		n++;
	}
	CHECK_EQ(pmm_free_pages(), 0);
	CHECK_EQ(n, c.per_slab * c.slabs);
	slab_free(&c, first);
	CHECK(slab_alloc(&c) == first);
}

static void double_free(void *arg)
{
	struct slab_cache *c = arg;
	void *keep = slab_alloc(c); /* keeps the slab alive, so the second free finds it */
	void *p = slab_alloc(c);
	slab_free(c, p);
	slab_free(c, p);
	slab_free(c, keep);
}

static void foreign_free(void *arg)
{
	struct slab_cache *c = arg;
	struct slab_cache other;
	slab_cache_init(&other, "other", 64, 8);
	void *p = slab_alloc(&other);
	slab_free(c, p);
}

static void interior_free(void *arg)
{
	struct slab_cache *c = arg;
	uint8_t *p = slab_alloc(c);
	slab_free(c, p + 8);
}

static void use_after_free(void *arg)
{
	struct slab_cache *c = arg;
	uint8_t *p = slab_alloc(c);
	slab_free(c, p);
	p[20] = 1; /* a stale pointer writes into the freed object */
	for (int i = 0; i < 1000; i++)
		slab_alloc(c);
}

static void kfree_stack(void *arg)
{
	(void)arg;
	kfree(kmalloc(16));
	uint8_t *p = kmalloc(64);
	kfree(p + 16);
}

TEST(slab_catches_kernel_bugs_by_panicking)
{
	setup();
	struct slab_cache c;
	CHECK_EQ(slab_cache_init(&c, "victim", 48, 8), 0);
	CHECK(kstubs_expect_panic(double_free, &c));
	CHECK(strstr(kstubs_panic_msg, "double free") != NULL);
	CHECK(kstubs_expect_panic(foreign_free, &c));
	CHECK(strstr(kstubs_panic_msg, "does not own") != NULL);
	CHECK(kstubs_expect_panic(interior_free, &c));
	CHECK(strstr(kstubs_panic_msg, "not the start of an object") != NULL);
	CHECK(kstubs_expect_panic(kfree_stack, NULL));
	CHECK(strstr(kstubs_panic_msg, "not the start of an object") != NULL);
#ifdef CONFIG_DEBUG
	CHECK(kstubs_expect_panic(use_after_free, &c));
	CHECK(strstr(kstubs_panic_msg, "written after it was freed") != NULL);
#else
	(void)use_after_free;
#endif
}

TEST(kmalloc_sizes_alignment_and_limits)
{
	setup();
	size_t free0 = pmm_free_pages();
	CHECK(kmalloc(0) == NULL);
	CHECK(kmalloc(KMALLOC_MAX + 1) == NULL);
	kfree(NULL);
	static uint8_t *p[KMALLOC_MAX + 1];
	for (size_t s = 1; s <= KMALLOC_MAX; s++) {
		p[s] = kmalloc(s);
		CHECK(p[s] != NULL);
		CHECK_EQ((uintptr_t)p[s] % 16, 0);
		memset(p[s], (int)(s & 0xff), s);
	}
	CHECK_EQ(kmalloc_in_use(), KMALLOC_MAX);
	for (size_t s = 1; s <= KMALLOC_MAX; s++) {
		CHECK_EQ(p[s][s - 1], s & 0xff);
		kfree(p[s]);
	}
	CHECK_EQ(kmalloc_in_use(), 0);
	CHECK_EQ(pmm_free_pages(), free0);
}

TEST(kmalloc_random_sequences_never_overlap)
{
	setup();
	size_t free0 = pmm_free_pages();
	enum { MAX = 512 };
	static struct { uint8_t *p; size_t n; uint8_t tag; } live[MAX];
	size_t nlive = 0;
	srand(777);
	for (int step = 0; step < 20000 && test_failures() == 0; step++) {
		if (nlive < MAX && (nlive == 0 || rand() % 2)) {
			size_t n = 1 + (size_t)rand() % KMALLOC_MAX;
			uint8_t *q = kmalloc(n);
			CHECK(q != NULL);
			uint8_t tag = (uint8_t)rand();
			memset(q, tag, n);
			live[nlive].p = q;
			live[nlive].n = n;
			live[nlive].tag = tag;
			nlive++;
		} else {
			size_t k = (size_t)rand() % nlive;
			for (size_t i = 0; i < live[k].n; i++)
				if (live[k].p[i] != live[k].tag) {
					CHECK_EQ(live[k].p[i], live[k].tag);
					break;
				}
			kfree(live[k].p);
			live[k] = live[--nlive];
		}
	}
	while (nlive)
		kfree(live[--nlive].p);
	CHECK_EQ(kmalloc_in_use(), 0);
	CHECK_EQ(pmm_free_pages(), free0);
}
