/*
 * Physical frame allocator: two bitmaps over the span [base, base + npages * 4 KiB) that covers
 * every usable range. `managed` says which frames belong to the allocator at all (usable and not
 * reserved); `used` says which of those are handed out. Keeping both lets pmm_free tell a double
 * free or a reserved frame from a legitimate free. The bitmaps live in frames taken from the
 * managed memory itself and are reached through hal_phys_to_virt(), which stays valid across the
 * switch from the boot identity map to the direct map.
 *
 * Allocation scans from a rotating hint so repeated single-frame allocations stay cheap; runs are
 * searched at their natural alignment only.
 */
#include <pmm.h>
#include <err.h>
#include <hal.h>
#include <mem.h>
#include <stdbool.h>

#define BITS_PER_WORD 64

static struct {
	uint64_t base;       /* physical address of frame 0 of the span */
	size_t npages;       /* frames in the span */
	uint64_t map_phys;   /* two bitmaps, `managed` then `used`, each nwords long */
	size_t nwords;
	size_t nfree;
	size_t ntotal;
	size_t hint;         /* word index where the next single-frame search starts */
} pmm;

static uint64_t *managed_map(void)
{
	return hal_phys_to_virt(pmm.map_phys);
}

static uint64_t *used_map(void)
{
	return managed_map() + pmm.nwords;
}

static bool test_bit(const uint64_t *map, size_t i)
{
	return (map[i / BITS_PER_WORD] >> (i % BITS_PER_WORD)) & 1;
}

static void set_bit(uint64_t *map, size_t i)
{
	map[i / BITS_PER_WORD] |= 1ull << (i % BITS_PER_WORD);
}

static void clear_bit(uint64_t *map, size_t i)
{
	map[i / BITS_PER_WORD] &= ~(1ull << (i % BITS_PER_WORD));
}

static uint64_t page_up(uint64_t a)
{
	return a > UINT64_MAX - (PAGE_SIZE - 1) ? UINT64_MAX & ~(PAGE_SIZE - 1)
						: (a + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
}

static uint64_t page_down(uint64_t a)
{
	return a & ~(uint64_t)(PAGE_SIZE - 1);
}

/* Clips [base, base+size) to the span and returns frame indices [*first, *last). */
static bool range_frames(uint64_t base, uint64_t size, bool outward, size_t *first, size_t *last)
{
	uint64_t end = base + size < base ? UINT64_MAX : base + size;
	uint64_t b = outward ? page_down(base) : page_up(base);
	uint64_t e = outward ? page_up(end) : page_down(end);
	uint64_t span_end = pmm.base + (uint64_t)pmm.npages * PAGE_SIZE;
	if (b < pmm.base)
		b = pmm.base;
	if (e > span_end)
		e = span_end;
	if (b >= e)
		return false;
	*first = (size_t)((b - pmm.base) / PAGE_SIZE);
	*last = (size_t)((e - pmm.base) / PAGE_SIZE);
	return true;
}

static bool overlaps_reserved(const struct bootinfo *bi, uint64_t base, uint64_t size)
{
	for (unsigned i = 0; i < bi->n_reserved; i++) {
		const struct boot_range *r = &bi->reserved[i];
		if (base < r->base + r->size && r->base < base + size)
			return true;
	}
	return false;
}

/* Finds page-aligned room for the bitmaps inside a usable range, clear of every reservation. */
static uint64_t place_bitmaps(const struct bootinfo *bi, uint64_t bytes)
{
	for (unsigned i = 0; i < bi->n_usable; i++) {
		const struct boot_range *u = &bi->usable[i];
		uint64_t end = u->base + u->size;
		for (uint64_t a = page_up(u->base); a != 0 && a + bytes <= end && a + bytes > a;
		     a += PAGE_SIZE) {
			if (a + bytes > hal_boot_phys_limit())
				break;
			if (!overlaps_reserved(bi, a, bytes))
				return a;
		}
	}
	return 0;
}

const char *pmm_init(const struct bootinfo *bi)
{
	memset(&pmm, 0, sizeof pmm);
	uint64_t lo = UINT64_MAX, hi = 0;
	for (unsigned i = 0; i < bi->n_usable; i++) {
		uint64_t b = page_up(bi->usable[i].base);
		uint64_t e = page_down(bi->usable[i].base + bi->usable[i].size);
		if (b >= e)
			continue;
		if (b < lo)
			lo = b;
		if (e > hi)
			hi = e;
	}
	if (lo >= hi)
		return "no usable memory";
	pmm.base = lo;
	pmm.npages = (size_t)((hi - lo) / PAGE_SIZE);
	pmm.nwords = (pmm.npages + BITS_PER_WORD - 1) / BITS_PER_WORD;
	uint64_t map_bytes = page_up(2 * (uint64_t)pmm.nwords * sizeof(uint64_t));

	pmm.map_phys = place_bitmaps(bi, map_bytes);
	if (!pmm.map_phys)
		return "no room for the frame bitmaps";
	uint64_t *managed = managed_map(), *used = used_map();
	memset(managed, 0, pmm.nwords * sizeof(uint64_t));
	memset(used, 0, pmm.nwords * sizeof(uint64_t));

	size_t first, last;
	for (unsigned i = 0; i < bi->n_usable; i++)
		if (range_frames(bi->usable[i].base, bi->usable[i].size, false, &first, &last))
			for (size_t f = first; f < last; f++)
				set_bit(managed, f);
	for (unsigned i = 0; i < bi->n_reserved; i++)
		if (range_frames(bi->reserved[i].base, bi->reserved[i].size, true, &first, &last))
			for (size_t f = first; f < last; f++)
				clear_bit(managed, f);
	if (range_frames(pmm.map_phys, map_bytes, true, &first, &last))
		for (size_t f = first; f < last; f++)
			clear_bit(managed, f);
	/* Frame 0 would be indistinguishable from "no memory". */
	if (pmm.base == 0)
		clear_bit(managed, 0);

	for (size_t f = 0; f < pmm.npages; f++)
		if (test_bit(managed, f))
			pmm.ntotal++;
	pmm.nfree = pmm.ntotal;
	return pmm.ntotal ? NULL : "every usable frame is reserved";
}

/* True when frames [f, f+n) are all managed and free. */
static bool run_free(size_t f, size_t n)
{
	const uint64_t *managed = managed_map(), *used = used_map();
	for (size_t i = f; i < f + n; i++) {
		/* Whole words at a time where the run allows it. */
		if (i % BITS_PER_WORD == 0 && f + n - i >= BITS_PER_WORD) {
			size_t w = i / BITS_PER_WORD;
			if (managed[w] != UINT64_MAX || used[w] != 0)
				return false;
			i += BITS_PER_WORD - 1;
			continue;
		}
		if (!test_bit(managed, i) || test_bit(used, i))
			return false;
	}
	return true;
}

static uint64_t take(size_t f, size_t n)
{
	uint64_t *used = used_map();
	for (size_t i = f; i < f + n; i++)
		set_bit(used, i);
	pmm.nfree -= n;
	return pmm.base + (uint64_t)f * PAGE_SIZE;
}

static uint64_t alloc_single(void)
{
	const uint64_t *managed = managed_map(), *used = used_map();
	for (size_t k = 0; k < pmm.nwords; k++) {
		size_t w = (pmm.hint + k) % pmm.nwords;
		uint64_t avail = managed[w] & ~used[w];
		if (!avail)
			continue;
		pmm.hint = w;
		size_t f = w * BITS_PER_WORD + (size_t)__builtin_ctzll(avail);
		return take(f, 1);
	}
	return 0;
}

uint64_t pmm_alloc(unsigned order)
{
	if (order > PMM_MAX_ORDER)
		return 0;
	size_t n = (size_t)1 << order;
	if (pmm.nfree < n)
		return 0;
	if (order == 0)
		return alloc_single();
	/* Natural alignment is of the physical address, not of the frame index. */
	uint64_t align = (uint64_t)n * PAGE_SIZE;
	uint64_t first = (pmm.base + align - 1) & ~(align - 1);
	for (uint64_t a = first; a >= first; a += align) {
		size_t f = (size_t)((a - pmm.base) / PAGE_SIZE);
		if (f + n > pmm.npages || f + n < f)
			break;
		if (run_free(f, n))
			return take(f, n);
	}
	return 0;
}

int pmm_claim(uint64_t phys, size_t npages)
{
	if (npages == 0 || (phys & (PAGE_SIZE - 1)) || phys < pmm.base)
		return ERR_INVAL;
	size_t f = (size_t)((phys - pmm.base) / PAGE_SIZE);
	if (f >= pmm.npages || npages > pmm.npages - f)
		return ERR_INVAL;
	const uint64_t *managed = managed_map(), *used = used_map();
	int err = 0;
	for (size_t i = f; i < f + npages; i++) {
		if (!test_bit(managed, i))
			return ERR_INVAL;
		if (test_bit(used, i))
			err = ERR_STATE;
	}
	if (err)
		return err;
	take(f, npages);
	return 0;
}

int pmm_free(uint64_t phys, unsigned order)
{
	if (order > PMM_MAX_ORDER)
		return ERR_INVAL;
	size_t n = (size_t)1 << order;
	if (phys & (((uint64_t)n * PAGE_SIZE) - 1))
		return ERR_INVAL;
	if (phys < pmm.base || (phys - pmm.base) / PAGE_SIZE + n > pmm.npages)
		return ERR_INVAL;
	size_t f = (size_t)((phys - pmm.base) / PAGE_SIZE);
	const uint64_t *managed = managed_map();
	uint64_t *used = used_map();
	/* Check everything before changing anything, so a bad free leaves no trace. */
	for (size_t i = f; i < f + n; i++)
		if (!test_bit(managed, i) || !test_bit(used, i))
			return ERR_STATE;
	for (size_t i = f; i < f + n; i++)
		clear_bit(used, i);
	pmm.nfree += n;
	return 0;
}

size_t pmm_free_pages(void)
{
	return pmm.nfree;
}

size_t pmm_total_pages(void)
{
	return pmm.ntotal;
}
