/* Anonymous Mem without translation (hal_mmu_translates() false): a mapping is the frames' own
 * addresses, so every size must come as one contiguous run, and the rest of the power-of-two run
 * it was cut from must go back to pmm. */
#include "test.h"
#include "kstubs.h"
#include <bootinfo.h>
#include <err.h>
#include <ferrite/dev.h>
#include <hal.h>
#include <kobject.h>
#include <memobj.h>
#include <pmm.h>
#include <slab.h>

TEST(nommu_anon_mem_is_one_contiguous_run)
{
	static struct bootinfo bi;
	kstubs_ram(0x80000000ull, 8u << 20);
	bootinfo_init(&bi);
	bootinfo_add_usable(&bi, 0x80000000ull, 8u << 20);
	CHECK_OK(pmm_init(&bi));
	slab_init();
	kstubs_translates = false;
	/* Scatter the free frames: take two, give back the first. */
	uint64_t a = pmm_alloc_page(), b = pmm_alloc_page();
	CHECK_EQ(pmm_free_page(a), 0);
	size_t free0 = pmm_free_pages();
	for (size_t pages = 1; pages <= MEM_ANON_MAX_PAGES; pages = pages < 3 ? pages + 1 : pages * 2 - 1) {
		struct mem_obj *m = NULL;
		CHECK_EQ(mem_obj_create_anon(pages * PAGE_SIZE, &m), 0);
		if (!m)
			continue;
		CHECK(mem_obj_contiguous(m, 0, pages * PAGE_SIZE));
		/* The object and its page array may take up to two slab frames; a tail not given
		 * back would be 2^k - 1 more frames for these sizes (2^k + 1 pages). */
		CHECK(free0 - pmm_free_pages() >= pages && free0 - pmm_free_pages() <= pages + 2);
		kobject_put(&m->obj);
		CHECK_EQ(pmm_free_pages(), free0);
	}
	/* Without translation a Mem may be as large as pmm's largest run (no page list to bound),
	 * and no larger; its frames are zeroed and all go back. */
	struct mem_obj *big = NULL;
	CHECK_EQ(mem_obj_create_anon((size_t)MEM_ANON_MAX_PAGES_NOMMU * PAGE_SIZE, &big), 0);
	if (big) {
		CHECK(mem_obj_contiguous(big, 0, (uint64_t)MEM_ANON_MAX_PAGES_NOMMU * PAGE_SIZE));
		const uint8_t *last = hal_phys_to_virt(
			mem_obj_page(big, (uint64_t)(MEM_ANON_MAX_PAGES_NOMMU - 1) * PAGE_SIZE));
		CHECK_EQ(last[PAGE_SIZE - 1], 0);
		kobject_put(&big->obj);
		CHECK_EQ(pmm_free_pages(), free0);
	}
	CHECK_EQ(mem_obj_create_anon((size_t)(MEM_ANON_MAX_PAGES_NOMMU + 1) * PAGE_SIZE, &big), ERR_INVAL);
	kstubs_translates = true;
	CHECK_EQ(mem_obj_create_anon((size_t)(MEM_ANON_MAX_PAGES + 1) * PAGE_SIZE, &big), ERR_INVAL);
	CHECK_EQ(pmm_free_page(b), 0);
}
