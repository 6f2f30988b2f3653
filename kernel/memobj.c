/* The Mem object; see memobj.h. */
#include <memobj.h>
#include <err.h>
#include <ferrite/dev.h>
#include <hal.h>
#include <mem.h>
#include <panic.h>
#include <pmm.h>
#include <slab.h>

static void mem_destroy(struct kobject *obj);
static const struct kobject_ops mem_ops = { KOBJ_MEM, mem_destroy };

#define PAGE_MASK ((uint64_t)PAGE_SIZE - 1)

static void mem_destroy(struct kobject *obj)
{
	struct mem_obj *m = (struct mem_obj *)obj;
	/* A physical range was never the allocator's, so only anonymous frames go back. */
	if (m->kind == MEM_ANON && !m->pages && m->phys) {
		/* One contiguous run (no translation): its frames go back one by one. */
		for (size_t i = 0; i < m->size / PAGE_SIZE; i++) {
			int e = pmm_free_page(m->phys + (uint64_t)i * PAGE_SIZE);
			assert(e == 0);
			(void)e;
		}
	}
	if (m->kind == MEM_ANON && m->pages) {
		for (size_t i = 0; i < m->size / PAGE_SIZE; i++) {
			if (m->pages[i]) {
				int e = pmm_free_page(m->pages[i]);
				assert(e == 0);
				(void)e;
			}
		}
		kfree(m->pages);
	}
	kfree(m);
}

static struct mem_obj *alloc(enum mem_kind kind, size_t size)
{
	struct mem_obj *m = kmalloc(sizeof *m);
	if (!m)
		return NULL;
	memset(m, 0, sizeof *m);
	kobject_init(&m->obj, &mem_ops);
	m->kind = kind;
	m->size = size;
	return m;
}

int mem_obj_create_anon(size_t size, struct mem_obj **out)
{
	bool translates = hal_mmu_translates();
	size_t max = translates ? MEM_ANON_MAX_PAGES : MEM_ANON_MAX_PAGES_NOMMU;
	if (size == 0 || (size & PAGE_MASK) || size / PAGE_SIZE > max)
		return ERR_INVAL;
	size_t n = size / PAGE_SIZE;
	struct mem_obj *m = alloc(MEM_ANON, size);
	if (!m)
		return ERR_NOMEM;
	/* Without translation a mapping is the frames' own addresses, so it must be one contiguous
	 * run: the smallest aligned run that holds n, its tail given back. The run's base is all
	 * there is to remember (m->phys, no page list), which is why such a Mem may be larger. */
	if (!translates) {
		_Static_assert(MEM_ANON_MAX_PAGES_NOMMU == 1u << PMM_MAX_ORDER,
			       "the no-MMU limit is the largest run pmm gives");
		unsigned order = 0;
		while (((size_t)1 << order) < n)
			order++;
		uint64_t run = pmm_alloc(order);
		if (!run) {
			kobject_put(&m->obj);
			return ERR_NOMEM;
		}
		for (size_t i = n; i < ((size_t)1 << order); i++)
			pmm_free_page(run + (uint64_t)i * PAGE_SIZE);
		for (size_t i = 0; i < n; i++)
			memset(hal_phys_to_virt(run + (uint64_t)i * PAGE_SIZE), 0, PAGE_SIZE);
		m->phys = run;
		*out = m;
		return 0;
	}
	m->pages = kmalloc(n * sizeof *m->pages);
	if (!m->pages) {
		kobject_put(&m->obj);
		return ERR_NOMEM;
	}
	memset(m->pages, 0, n * sizeof *m->pages);
	for (size_t i = 0; i < n; i++) {
		uint64_t f = pmm_alloc_page();
		if (!f) {
			kobject_put(&m->obj); /* frees the frames taken so far */
			return ERR_NOMEM;
		}
		/* Zeroed here, not at map time: a fresh Mem must never show an earlier owner's data. */
		memset(hal_phys_to_virt(f), 0, PAGE_SIZE);
		m->pages[i] = f;
	}
	*out = m;
	return 0;
}

int mem_obj_create_phys(uint64_t phys, uint64_t size, struct mem_obj **out)
{
	if (size == 0 || (phys & PAGE_MASK) || (size & PAGE_MASK) || phys + size < phys ||
	    (uint64_t)(size_t)size != size)
		return ERR_INVAL;
	struct mem_obj *m = alloc(MEM_PHYS, (size_t)size);
	if (!m)
		return ERR_NOMEM;
	m->phys = phys;
	*out = m;
	return 0;
}

int mem_obj_check_range(const struct mem_obj *m, uint64_t offset, uint64_t len)
{
	/* Written so that no sum can wrap: len <= size first, then offset <= size - len. */
	if (len == 0 || (offset & PAGE_MASK) || (len & PAGE_MASK) || len > m->size ||
	    offset > m->size - len)
		return ERR_INVAL;
	return 0;
}

uint64_t mem_obj_page(const struct mem_obj *m, uint64_t offset)
{
	assert(offset < m->size && !(offset & PAGE_MASK));
	return m->kind == MEM_PHYS || !m->pages ? m->phys + offset : m->pages[offset / PAGE_SIZE];
}

bool mem_obj_contiguous(const struct mem_obj *m, uint64_t offset, uint64_t len)
{
	if (m->kind == MEM_PHYS)
		return true;
	uint64_t first = mem_obj_page(m, offset);
	for (uint64_t o = PAGE_SIZE; o < len; o += PAGE_SIZE)
		if (mem_obj_page(m, offset + o) != first + o)
			return false;
	return true;
}
