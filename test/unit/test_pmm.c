/* Physical frame allocator: counts, exhaustion, alignment, fragmentation, refusing bad frees, and
 * random alloc/free sequences checked against a model. */
#include "test.h"
#include "kstubs.h"
#include <bootinfo.h>
#include <err.h>
#include <hal.h>
#include <pmm.h>
#include <stdlib.h>
#include <string.h>

#define RAM_BASE 0x40000000ull
#define RAM_SIZE (16u << 20) /* 4096 frames */

static struct bootinfo bi;

/* 16 MiB of RAM with a hole, the "kernel" and a "dtb" reserved inside. */
static void setup(void)
{
	kstubs_ram(RAM_BASE, RAM_SIZE);
	bootinfo_init(&bi);
	bootinfo_add_usable(&bi, RAM_BASE, 6u << 20);
	bootinfo_add_usable(&bi, RAM_BASE + (8u << 20), 8u << 20); /* hole at 6..8 MiB */
	bootinfo_add_reserved(&bi, RAM_BASE + 0x80000, 0x23456, "kernel"); /* unaligned end */
	bootinfo_add_reserved(&bi, RAM_BASE + (12u << 20) + 100, 10, "dtb");  /* inside a frame */
	CHECK_OK(pmm_init(&bi));
}

static bool in_reserved_or_hole(uint64_t p)
{
	if (p >= RAM_BASE + (6u << 20) && p < RAM_BASE + (8u << 20))
		return true;
	for (unsigned i = 0; i < bi.n_reserved; i++) {
		uint64_t b = bi.reserved[i].base & ~(uint64_t)(PAGE_SIZE - 1);
		uint64_t e = bi.reserved[i].base + bi.reserved[i].size;
		if (p + PAGE_SIZE > b && p < e)
			return true;
	}
	return false;
}

TEST(pmm_counts_exclude_holes_and_reservations)
{
	setup();
	/* usable 3584 frames; kernel covers 0x80000..0xa3456 -> 36 frames; dtb 1 frame; the bitmaps
	 * (2 x 4096 bits = 1 KiB) take 1 frame. */
	CHECK_EQ(pmm_total_pages(), 3584 - 36 - 1 - 1);
	CHECK_EQ(pmm_free_pages(), pmm_total_pages());
}

TEST(pmm_exhaustion_hands_out_each_frame_once)
{
	setup();
	size_t total = pmm_free_pages();
	uint8_t *seen = calloc(RAM_SIZE / PAGE_SIZE, 1);
	size_t n = 0;
	for (uint64_t p; (p = pmm_alloc_page()) != 0; n++) {
		CHECK(p >= RAM_BASE && p < RAM_BASE + RAM_SIZE);
		CHECK_EQ(p & (PAGE_SIZE - 1), 0);
		CHECK(!in_reserved_or_hole(p));
		size_t f = (p - RAM_BASE) / PAGE_SIZE;
		CHECK(!seen[f]);
		seen[f] = 1;
	}
	CHECK_EQ(n, total);
	CHECK_EQ(pmm_free_pages(), 0);
	CHECK_EQ(pmm_alloc_page(), 0);
	for (size_t f = 0; f < RAM_SIZE / PAGE_SIZE; f++)
		if (seen[f])
			CHECK_EQ(pmm_free_page(RAM_BASE + f * PAGE_SIZE), 0);
	CHECK_EQ(pmm_free_pages(), total);
	free(seen);
}

TEST(pmm_runs_are_naturally_aligned)
{
	setup();
	for (unsigned order = 0; order <= PMM_MAX_ORDER; order++) {
		uint64_t p = pmm_alloc(order);
		if (order <= 9) /* the largest free aligned 4 MiB block does not exist here */
			CHECK(p != 0);
		if (p) {
			CHECK_EQ(p & ((PAGE_SIZE << order) - 1), 0);
			for (uint64_t a = p; a < p + (PAGE_SIZE << order); a += PAGE_SIZE)
				CHECK(!in_reserved_or_hole(a));
			CHECK_EQ(pmm_free(p, order), 0);
		}
	}
	CHECK_EQ(pmm_alloc(PMM_MAX_ORDER + 1), 0);
	CHECK_EQ(pmm_free_pages(), pmm_total_pages());
}

TEST(pmm_fragmentation_blocks_runs_until_freed)
{
	setup();
	size_t total = pmm_free_pages();
	uint64_t *pages = malloc(total * sizeof *pages);
	for (size_t i = 0; i < total; i++)
		pages[i] = pmm_alloc_page();
	/* Free every other frame: plenty free, but no two adjacent ones. */
	for (size_t i = 0; i < total; i++)
		if ((pages[i] / PAGE_SIZE) % 2 == 0)
			CHECK_EQ(pmm_free_page(pages[i]), 0);
	CHECK(pmm_free_pages() > total / 3);
	CHECK_EQ(pmm_alloc(1), 0);
	for (size_t i = 0; i < total; i++)
		if ((pages[i] / PAGE_SIZE) % 2 == 1)
			CHECK_EQ(pmm_free_page(pages[i]), 0);
	uint64_t run = pmm_alloc(1);
	CHECK(run != 0);
	CHECK_EQ(pmm_free(run, 1), 0);
	CHECK_EQ(pmm_free_pages(), total);
	free(pages);
}

TEST(pmm_bad_frees_are_refused_without_damage)
{
	setup();
	size_t total = pmm_free_pages();
	uint64_t p = pmm_alloc_page();
	CHECK_EQ(pmm_free_page(p), 0);
	CHECK_EQ(pmm_free_page(p), ERR_STATE);                       /* double free */
	CHECK_EQ(pmm_free_page(RAM_BASE + 0x80000), ERR_STATE);      /* the kernel */
	CHECK_EQ(pmm_free_page(RAM_BASE + (7u << 20)), ERR_STATE);   /* the hole */
	CHECK_EQ(pmm_free_page(p + 1), ERR_INVAL);                   /* misaligned */
	CHECK_EQ(pmm_free_page(RAM_BASE - PAGE_SIZE), ERR_INVAL);    /* below memory */
	CHECK_EQ(pmm_free_page(RAM_BASE + RAM_SIZE), ERR_INVAL);     /* above memory */
	CHECK_EQ(pmm_free(p, PMM_MAX_ORDER + 1), ERR_INVAL);
	uint64_t run = pmm_alloc(2);
	CHECK_EQ(pmm_free(run, 3) , (run & ((PAGE_SIZE << 3) - 1)) ? ERR_INVAL : ERR_STATE);
	CHECK_EQ(pmm_free_pages(), total - 4);                       /* nothing changed */
	CHECK_EQ(pmm_free(run, 2), 0);
	CHECK_EQ(pmm_free_pages(), total);
}

TEST(pmm_refuses_memory_it_cannot_use)
{
	kstubs_ram(RAM_BASE, RAM_SIZE);
	bootinfo_init(&bi);
	CHECK_ERR(pmm_init(&bi));
	bootinfo_add_usable(&bi, RAM_BASE, 1000); /* less than a frame */
	CHECK_ERR(pmm_init(&bi));
	bootinfo_init(&bi);
	bootinfo_add_usable(&bi, RAM_BASE, RAM_SIZE);
	bootinfo_add_reserved(&bi, RAM_BASE, RAM_SIZE, "firmware");
	CHECK_ERR(pmm_init(&bi));
}

struct run {
	uint64_t phys;
	unsigned order;
};

TEST(pmm_random_sequences_match_a_model)
{
	setup();
	size_t total = pmm_free_pages();
	enum { MAX = 2000 };
	static struct run live[MAX];
	size_t nlive = 0, model_free = total;
	uint8_t *owner = calloc(RAM_SIZE / PAGE_SIZE, 1);
	srand(12345);
	for (int step = 0; step < 20000 && test_failures() == 0; step++) {
		if (nlive < MAX && (nlive == 0 || rand() % 3 != 0)) {
			unsigned order = (unsigned)(rand() % 4 == 0 ? rand() % 5 : 0);
			uint64_t p = pmm_alloc(order);
			if (!p)
				continue;
			size_t f = (p - RAM_BASE) / PAGE_SIZE;
			for (size_t i = 0; i < (1u << order); i++) {
				CHECK(!owner[f + i]);
				CHECK(!in_reserved_or_hole(p + i * PAGE_SIZE));
				owner[f + i] = 1;
			}
			live[nlive++] = (struct run){ p, order };
			model_free -= 1u << order;
		} else {
			size_t k = (size_t)rand() % nlive;
			struct run r = live[k];
			live[k] = live[--nlive];
			CHECK_EQ(pmm_free(r.phys, r.order), 0);
			size_t f = (r.phys - RAM_BASE) / PAGE_SIZE;
			for (size_t i = 0; i < (1u << r.order); i++)
				owner[f + i] = 0;
			model_free += 1u << r.order;
		}
		CHECK_EQ(pmm_free_pages(), model_free);
	}
	while (nlive) {
		nlive--;
		CHECK_EQ(pmm_free(live[nlive].phys, live[nlive].order), 0);
	}
	CHECK_EQ(pmm_free_pages(), total);
	free(owner);
}

TEST(pmm_claim_takes_exact_frames_all_or_nothing)
{
	setup();
	size_t free0 = pmm_free_pages();
	uint64_t at = RAM_BASE + (10u << 20);
	CHECK_EQ(pmm_claim(at, 16), 0);
	CHECK_EQ(pmm_free_pages(), free0 - 16);
	/* A second claim overlapping the first is refused and takes nothing, not even the frames
	 * of it that are still free. */
	CHECK_EQ(pmm_claim(at + 8 * PAGE_SIZE, 16), ERR_STATE);
	CHECK_EQ(pmm_free_pages(), free0 - 16);
	CHECK_EQ(pmm_claim(at + 16 * PAGE_SIZE, 8), 0);
	/* Frames pmm does not own: the hole, a reserved frame, beyond RAM, misaligned, empty. */
	CHECK_EQ(pmm_claim(RAM_BASE + (6u << 20), 1), ERR_INVAL);
	CHECK_EQ(pmm_claim(RAM_BASE + (6u << 20) - PAGE_SIZE, 2), ERR_INVAL);
	CHECK_EQ(pmm_claim(RAM_BASE + 0x80000, 1), ERR_INVAL);
	CHECK_EQ(pmm_claim(RAM_BASE + RAM_SIZE - PAGE_SIZE, 2), ERR_INVAL);
	CHECK_EQ(pmm_claim(RAM_BASE - PAGE_SIZE, 1), ERR_INVAL);
	CHECK_EQ(pmm_claim(at + 100, 1), ERR_INVAL);
	CHECK_EQ(pmm_claim(at + 64 * PAGE_SIZE, 0), ERR_INVAL);
	CHECK_EQ(pmm_free_pages(), free0 - 24);
	/* Claimed frames are never handed out by alloc, and free like any other. */
	for (uint64_t p; (p = pmm_alloc_page()) != 0;)
		CHECK(p < at || p >= at + 24 * PAGE_SIZE);
	for (unsigned i = 0; i < 24; i++)
		CHECK_EQ(pmm_free_page(at + i * PAGE_SIZE), 0);
	CHECK_EQ(pmm_free_page(at), ERR_STATE);
}
