/*
 * aarch64 translation tables: the kernel's final address space and user spaces (hal.h).
 *
 * 48-bit virtual addresses, 4 KiB granule, four levels (0..3), 4 KiB pages only: the walkers
 * never meet blocks (the boot tables' 1 GiB blocks are gone once hal_mmu_init has switched).
 * TTBR1 holds the kernel's tables for the upper half; TTBR0 holds the current user space's, or an
 * empty table while the kernel space is current, so every space shares the kernel half for free.
 * User spaces are tagged with an 8-bit ASID and their pages are non-global, so switching needs no
 * TLB flush; kernel pages are global.
 *
 * Tables are pmm frames reached through hal_phys_to_virt. Changes that could fail (map) are
 * planned first: the walk counts the tables it would create and looks for mapped pages before
 * touching anything, so ERR_EXIST and ERR_NOMEM leave the space unchanged. Unmap frees tables that
 * become empty, so unmapping everything a space mapped gives all its frames back.
 *
 * TLB maintenance: new entries replace invalid ones, which the TLB never holds, so map needs only
 * a barrier. Unmap and protect invalidate each page by VA (all ASIDs for global kernel pages, the
 * space's ASID for user pages); freeing a table invalidates everything, because walk caches may
 * hold it. A change of memory type goes through an invalid entry first (break-before-make).
 */
#include <bootinfo.h>
#include <console.h>
#include <err.h>
#include <hal.h>
#include <mem.h>
#include <panic.h>
#include <pmm.h>
#include <slab.h>
#include <uart.h>
#include "arch.h"

struct hal_space {
	uint64_t root;  /* physical address of the level 0 table */
	uint16_t asid;  /* 0 for the kernel space */
	bool kernel;
};

extern char __kernel_end[], __text_start[], __text_end[], __rodata_start[], __rodata_end[];
extern char __data_start[], __data_end[], __stack_guard[], __boot_stack_bottom[];
void mmu_switch_ttbr1(uint64_t root); /* vectors.S */

bool mmu_ready;
static struct hal_space kernel_space = { .kernel = true };
static uint64_t empty_root;        /* TTBR0 while no user space is current */
static uintptr_t kva_next = KVA_BASE;
static size_t table_frames;        /* tables currently held by all spaces */
#define NUM_ASIDS 256
static uint64_t asid_used[NUM_ASIDS / 64];

/* Device mappings made so far, so that mapping the same registers twice returns one address. */
static struct {
	uint64_t phys;
	size_t len;
	uintptr_t va;
} mmio_maps[32];
static unsigned n_mmio_maps;

#define ATTRS_ALL (HAL_MAP_R | HAL_MAP_W | HAL_MAP_X | HAL_MAP_USER | HAL_MAP_DEVICE)

void *hal_phys_to_virt(uint64_t phys)
{
	if (!mmu_ready)
		return (void *)(uintptr_t)phys;
	return (void *)(uintptr_t)(phys + DIRECT_BASE);
}

uint64_t hal_virt_to_phys(const void *virt)
{
	uintptr_t va = (uintptr_t)virt;
	uint64_t pa;
	if (va >= KERNEL_VIRT && va < (uintptr_t)__kernel_end)
		return va - KERNEL_VOFFSET;
	if (mmu_ready && va >= DIRECT_BASE && va < DIRECT_END)
		return va - DIRECT_BASE;
	if (!mmu_ready && va < BOOT_IDENTITY_LIMIT)
		return va;
	if (va >= KVA_BASE && va < KVA_END && hal_space_lookup(&kernel_space, va, &pa, NULL))
		return pa;
	panic("hal_virt_to_phys: 0x%llx is not a kernel image, direct map or mapped window address",
	      (unsigned long long)va);
}

uint64_t hal_boot_phys_limit(void)
{
	/* Nothing is identity mapped once the kernel runs on its own tables. */
	return mmu_ready ? 0 : BOOT_IDENTITY_LIMIT;
}

uintptr_t mmu_stack_guard(void)
{
	return (uintptr_t)__stack_guard;
}

static uint64_t *table_at(uint64_t phys)
{
	return hal_phys_to_virt(phys);
}

static unsigned index_at(uintptr_t va, int level)
{
	return (va >> (39 - 9 * level)) & 511;
}

/* Last address of the level's slot holding va, clipped to last. */
static uintptr_t slot_last(uintptr_t va, int level, uintptr_t last)
{
	uintptr_t end = va | ((1ull << (39 - 9 * level)) - 1);
	return end < last ? end : last;
}

static uint64_t table_alloc(void)
{
	uint64_t phys = pmm_alloc_page();
	if (phys) {
		memset(table_at(phys), 0, PAGE_SIZE);
		table_frames++;
	}
	return phys;
}

static void table_free(uint64_t phys)
{
	if (pmm_free_page(phys) != 0)
		panic("mmu: page table frame 0x%llx was not allocated", (unsigned long long)phys);
	table_frames--;
}

static void tlb_flush_page(const struct hal_space *s, uintptr_t va)
{
	uint64_t arg = (va >> PAGE_SHIFT) & ((1ull << 44) - 1);
	if (s->kernel)
		__asm__ volatile("dsb ishst\n\ttlbi vaae1is, %0" ::"r"(arg) : "memory");
	else
		__asm__ volatile("dsb ishst\n\ttlbi vae1is, %0" ::"r"(arg | (uint64_t)s->asid << 48)
				 : "memory");
}

static void tlb_sync(void)
{
	__asm__ volatile("dsb ish\n\tisb" ::: "memory");
}

static void tlb_flush_all(void)
{
	__asm__ volatile("dsb ishst\n\ttlbi vmalle1is\n\tdsb ish\n\tisb" ::: "memory");
}

/*
 * Makes instructions written through the direct map visible to instruction fetches from another
 * mapping (a program the loader copied in): the data cache is cleaned to the point of
 * unification by the frames' direct-map addresses, then the instruction caches are invalidated,
 * since they may be tagged by any alias.
 */
static void icache_sync_phys(uint64_t pa, size_t len)
{
	uint64_t ctr = sysreg_read(ctr_el0);
	size_t line = 4u << ((ctr >> 16) & 0xf); /* DminLine, in words */
	uintptr_t va = (uintptr_t)hal_phys_to_virt(pa);
	for (uintptr_t a = va & ~(uintptr_t)(line - 1); a < va + len; a += line)
		__asm__ volatile("dc cvau, %0" ::"r"(a) : "memory");
	__asm__ volatile("dsb ish\n\tic ialluis\n\tdsb ish\n\tisb" ::: "memory");
}

static uint64_t make_pte(uint64_t pa, unsigned attrs)
{
	uint64_t e = pa | PTE_VALID | PTE_PAGE | PTE_AF;
	if (attrs & HAL_MAP_DEVICE)
		e |= PTE_ATTR(MAIR_IDX_DEVICE);
	else
		e |= PTE_ATTR(MAIR_IDX_NORMAL) | PTE_SH_INNER;
	if (!(attrs & HAL_MAP_W))
		e |= PTE_AP_RO;
	if (attrs & HAL_MAP_USER) {
		/* The kernel never executes user pages. */
		e |= PTE_AP_USER | PTE_NG | PTE_PXN;
		if (!(attrs & HAL_MAP_X))
			e |= PTE_UXN;
	} else {
		e |= PTE_UXN;
		if (!(attrs & HAL_MAP_X))
			e |= PTE_PXN;
	}
	return e;
}

static unsigned pte_attrs(uint64_t e)
{
	unsigned a = HAL_MAP_R;
	if (!(e & PTE_AP_RO))
		a |= HAL_MAP_W;
	if (e & PTE_AP_USER)
		a |= HAL_MAP_USER;
	if (!(e & ((e & PTE_AP_USER) ? PTE_UXN : PTE_PXN)))
		a |= HAL_MAP_X;
	if ((e & PTE_ATTR_MASK) == PTE_ATTR(MAIR_IDX_DEVICE))
		a |= HAL_MAP_DEVICE;
	return a;
}

/* Checks a request against hal.h's rules; attrs < 0 skips the attribute checks (unmap). */
static bool request_ok(const struct hal_space *s, uintptr_t va, size_t len, long attrs)
{
	if (!s || len == 0 || ((va | len) & (PAGE_SIZE - 1)))
		return false;
	uintptr_t last = va + (len - 1);
	if (last < va)
		return false;
	if (s->kernel ? va < DIRECT_BASE : last >= USER_END)
		return false;
	if (attrs < 0)
		return true;
	if (attrs & ~ATTRS_ALL)
		return false;
	if ((attrs & HAL_MAP_W) && (attrs & HAL_MAP_X))
		return false;
	if ((attrs & HAL_MAP_DEVICE) && (attrs & HAL_MAP_X))
		return false;
	/* USER marks exactly the pages of user spaces. */
	if (!!(attrs & HAL_MAP_USER) == s->kernel)
		return false;
	return true;
}

/* The level 3 entry for va, or NULL when a table on the way is missing. */
static uint64_t *pte_find(const struct hal_space *s, uintptr_t va)
{
	uint64_t *t = table_at(s->root);
	for (int level = 0; level < 3; level++) {
		uint64_t e = t[index_at(va, level)];
		if ((e & (PTE_VALID | PTE_TABLE)) != (PTE_VALID | PTE_TABLE))
			return NULL;
		t = table_at(e & PTE_ADDR_MASK);
	}
	return &t[index_at(va, 3)];
}

/*
 * Plans a map of [va, last] below table t at level (t NULL: the table does not exist yet):
 * returns how many tables it would create and sets *exists when a page is mapped already.
 */
static size_t plan_map(const uint64_t *t, int level, uintptr_t va, uintptr_t last, bool *exists)
{
	if (level == 3) {
		for (; t; va += PAGE_SIZE) {
			if (t[index_at(va, 3)] & PTE_VALID) {
				*exists = true;
				break;
			}
			if (va >= last - (PAGE_SIZE - 1))
				break;
		}
		return 0;
	}
	size_t n = 0;
	for (;;) {
		uintptr_t l = slot_last(va, level, last);
		uint64_t e = t ? t[index_at(va, level)] : 0;
		if (e & PTE_VALID)
			n += plan_map(table_at(e & PTE_ADDR_MASK), level + 1, va, l, exists);
		else
			n += 1 + plan_map(NULL, level + 1, va, l, exists);
		if (*exists || l == last)
			return n;
		va = l + 1;
	}
}

/* Frames taken before a map starts, chained through their first word. */
struct pool {
	uint64_t head;
};

static uint64_t pool_take(struct pool *p)
{
	uint64_t phys = p->head;
	if (!phys)
		panic("mmu: map needed more tables than it planned");
	p->head = *(uint64_t *)table_at(phys);
	memset(table_at(phys), 0, PAGE_SIZE);
	return phys;
}

static void do_map(uint64_t *t, int level, uintptr_t va, uintptr_t last, uint64_t pa,
		   unsigned attrs, struct pool *p)
{
	if (level == 3) {
		for (;; va += PAGE_SIZE, pa += PAGE_SIZE) {
			t[index_at(va, 3)] = make_pte(pa, attrs);
			if (va >= last - (PAGE_SIZE - 1))
				return;
		}
	}
	for (;;) {
		uintptr_t l = slot_last(va, level, last);
		uint64_t *e = &t[index_at(va, level)];
		if (!(*e & PTE_VALID)) {
			uint64_t child = pool_take(p);
			/* The zeroed table is visible to the walker before the entry naming it. */
			dsb(ishst);
			*e = child | PTE_VALID | PTE_TABLE;
		}
		do_map(table_at(*e & PTE_ADDR_MASK), level + 1, va, l, pa, attrs, p);
		if (l == last)
			return;
		pa += l + 1 - va;
		va = l + 1;
	}
}

int hal_space_map(struct hal_space *space, uintptr_t va, uint64_t pa, size_t len, unsigned attrs)
{
	if (!request_ok(space, va, len, attrs) || (pa & (PAGE_SIZE - 1)) ||
	    pa + len < pa || pa + len > (1ull << 48))
		return ERR_INVAL;
	uintptr_t last = va + (len - 1);
	bool exists = false;
	size_t need = plan_map(table_at(space->root), 0, va, last, &exists);
	if (exists)
		return ERR_EXIST;
	struct pool pool = { 0 };
	for (size_t i = 0; i < need; i++) {
		uint64_t phys = pmm_alloc_page();
		if (!phys) {
			while (pool.head) {
				uint64_t next = *(uint64_t *)table_at(pool.head);
				pmm_free_page(pool.head);
				pool.head = next;
			}
			return ERR_NOMEM;
		}
		*(uint64_t *)table_at(phys) = pool.head;
		pool.head = phys;
	}
	table_frames += need;
	if ((attrs & HAL_MAP_USER) && (attrs & HAL_MAP_X))
		icache_sync_phys(pa, len);
	do_map(table_at(space->root), 0, va, last, pa, attrs, &pool);
	if (pool.head)
		panic("mmu: map planned more tables than it used");
	dsb(ishst);
	isb();
	return 0;
}

static bool table_empty(const uint64_t *t)
{
	for (unsigned i = 0; i < 512; i++)
		if (t[i])
			return false;
	return true;
}

/* Unmaps [va, last] below t; returns true when t is left empty. */
static bool do_unmap(const struct hal_space *s, uint64_t *t, int level, uintptr_t va,
		     uintptr_t last)
{
	for (;;) {
		uintptr_t l = slot_last(va, level, last);
		uint64_t *e = &t[index_at(va, level)];
		if (*e & PTE_VALID) {
			if (level == 3) {
				*e = 0;
				tlb_flush_page(s, va);
			} else if (do_unmap(s, table_at(*e & PTE_ADDR_MASK), level + 1, va, l)) {
				uint64_t child = *e & PTE_ADDR_MASK;
				*e = 0;
				/* Walk caches may still hold the table: drop them before reuse. */
				tlb_flush_all();
				table_free(child);
			}
		}
		if (l == last)
			break;
		va = l + 1;
	}
	return table_empty(t);
}

int hal_space_unmap(struct hal_space *space, uintptr_t va, size_t len)
{
	if (!request_ok(space, va, len, -1))
		return ERR_INVAL;
	do_unmap(space, table_at(space->root), 0, va, va + (len - 1));
	tlb_sync();
	return 0;
}

int hal_space_protect(struct hal_space *space, uintptr_t va, size_t len, unsigned attrs)
{
	if (!request_ok(space, va, len, attrs))
		return ERR_INVAL;
	uintptr_t last = va + (len - 1);
	for (uintptr_t a = va;; a += PAGE_SIZE) {
		uint64_t *e = pte_find(space, a);
		if (!e || !(*e & PTE_VALID))
			return ERR_NOENT;
		if (a >= last - (PAGE_SIZE - 1))
			break;
	}
	for (uintptr_t a = va;; a += PAGE_SIZE) {
		uint64_t *e = pte_find(space, a);
		uint64_t new = make_pte(*e & PTE_ADDR_MASK, attrs);
		if ((attrs & HAL_MAP_USER) && (attrs & HAL_MAP_X))
			icache_sync_phys(*e & PTE_ADDR_MASK, PAGE_SIZE);
		if ((new & PTE_ATTR_MASK) != (*e & PTE_ATTR_MASK)) {
			/* Changing the memory type needs break-before-make. */
			*e = 0;
			tlb_flush_page(space, a);
			tlb_sync();
		}
		*e = new;
		tlb_flush_page(space, a);
		if (a >= last - (PAGE_SIZE - 1))
			break;
	}
	tlb_sync();
	return 0;
}

bool hal_space_lookup(struct hal_space *space, uintptr_t va, uint64_t *pa, unsigned *attrs)
{
	if (!space)
		return false;
	if (space->kernel ? va < DIRECT_BASE : va >= USER_END)
		return false;
	uint64_t *e = pte_find(space, va & ~(uintptr_t)(PAGE_SIZE - 1));
	if (!e || !(*e & PTE_VALID))
		return false;
	if (pa)
		*pa = (*e & PTE_ADDR_MASK) | (va & (PAGE_SIZE - 1));
	if (attrs)
		*attrs = pte_attrs(*e);
	return true;
}

struct hal_space *hal_space_kernel(void)
{
	return &kernel_space;
}

static int asid_alloc(void)
{
	for (unsigned i = 1; i < NUM_ASIDS; i++) {
		if (!(asid_used[i / 64] & (1ull << (i % 64)))) {
			asid_used[i / 64] |= 1ull << (i % 64);
			return (int)i;
		}
	}
	return -1;
}

struct hal_space *hal_space_create(void)
{
	struct hal_space *s = kmalloc(sizeof *s);
	if (!s)
		return NULL;
	int asid = asid_alloc();
	s->root = asid > 0 ? table_alloc() : 0;
	if (!s->root) {
		if (asid > 0)
			asid_used[asid / 64] &= ~(1ull << (asid % 64));
		kfree(s);
		return NULL;
	}
	s->asid = (uint16_t)asid;
	s->kernel = false;
	return s;
}

static void free_tables(uint64_t table, int level)
{
	uint64_t *t = table_at(table);
	if (level < 3)
		for (unsigned i = 0; i < 512; i++)
			if (t[i] & PTE_VALID)
				free_tables(t[i] & PTE_ADDR_MASK, level + 1);
	table_free(table);
}

void hal_space_destroy(struct hal_space *space)
{
	if (!space || space->kernel)
		panic("hal_space_destroy: the kernel space cannot be destroyed");
	if ((sysreg_read(ttbr0_el1) & PTE_ADDR_MASK) == space->root)
		panic("hal_space_destroy: space is current on this CPU");
	/* Nothing may still hold its translations when the ASID and tables are reused. */
	__asm__ volatile("dsb ishst\n\ttlbi aside1is, %0\n\tdsb ish\n\tisb"
			 ::"r"((uint64_t)space->asid << 48) : "memory");
	free_tables(space->root, 0);
	asid_used[space->asid / 64] &= ~(1ull << (space->asid % 64));
	kfree(space);
}

void hal_space_switch(struct hal_space *space)
{
	if (space->kernel)
		sysreg_write(ttbr0_el1, empty_root);
	else
		sysreg_write(ttbr0_el1, space->root | (uint64_t)space->asid << 48);
	isb();
}

uintptr_t hal_kernel_va_reserve(size_t size)
{
	size = (size + PAGE_SIZE - 1) & ~(size_t)(PAGE_SIZE - 1);
	if (size == 0)
		size = PAGE_SIZE;
	/* An unmapped page after each reservation catches overruns. */
	if (size > KVA_END - kva_next || KVA_END - kva_next - size < PAGE_SIZE)
		panic("hal_kernel_va_reserve: kernel VA window exhausted (%zu bytes asked)", size);
	uintptr_t va = kva_next;
	kva_next += size + PAGE_SIZE;
	return va;
}

void *hal_mmio_map(uint64_t phys, size_t size)
{
	uint64_t base = phys & ~(uint64_t)(PAGE_SIZE - 1);
	size_t len = (size + (phys - base) + PAGE_SIZE - 1) & ~(size_t)(PAGE_SIZE - 1);
	for (unsigned i = 0; i < n_mmio_maps; i++)
		if (base >= mmio_maps[i].phys && base + len <= mmio_maps[i].phys + mmio_maps[i].len)
			return (void *)(mmio_maps[i].va + (phys - mmio_maps[i].phys));
	uintptr_t va = hal_kernel_va_reserve(len);
	int err = hal_space_map(&kernel_space, va, base, len,
				HAL_MAP_R | HAL_MAP_W | HAL_MAP_DEVICE);
	if (err)
		panic("hal_mmio_map: mapping 0x%llx (%zu bytes) failed: %s", (unsigned long long)phys,
		      size, err_str(err));
	if (n_mmio_maps < sizeof mmio_maps / sizeof mmio_maps[0]) {
		mmio_maps[n_mmio_maps].phys = base;
		mmio_maps[n_mmio_maps].len = len;
		mmio_maps[n_mmio_maps++].va = va;
	}
	return (void *)(va + (phys - base));
}

static void map_or_panic(uintptr_t va, uint64_t pa, size_t len, unsigned attrs, const char *what)
{
	int err = hal_space_map(&kernel_space, va, pa, len, attrs);
	if (err)
		panic("hal_mmu_init: mapping %s failed: %s", what, err_str(err));
}

static void map_image(char *start, char *end, unsigned attrs, const char *what)
{
	if (end > start)
		map_or_panic((uintptr_t)start, (uintptr_t)start - KERNEL_VOFFSET,
			     (size_t)(end - start), attrs, what);
}

/* Maps the usable range [b, e) into the direct map, page by page where ranges overlap. */
static uint64_t map_direct(uint64_t b, uint64_t e)
{
	if (e > DIRECT_END - DIRECT_BASE)
		e = DIRECT_END - DIRECT_BASE;
	if (b >= e)
		return 0;
	int err = hal_space_map(&kernel_space, DIRECT_BASE + b, b, e - b, HAL_MAP_R | HAL_MAP_W);
	if (err == ERR_EXIST) {
		for (uint64_t p = b; p < e; p += PAGE_SIZE) {
			err = hal_space_map(&kernel_space, DIRECT_BASE + p, p, PAGE_SIZE,
					    HAL_MAP_R | HAL_MAP_W);
			if (err && err != ERR_EXIST)
				break;
			err = 0;
		}
	}
	if (err)
		panic("hal_mmu_init: direct map of 0x%llx-0x%llx failed: %s", (unsigned long long)b,
		      (unsigned long long)e, err_str(err));
	return e - b;
}

void hal_mmu_init(const struct bootinfo *bi)
{
	empty_root = table_alloc();
	kernel_space.root = table_alloc();
	if (!empty_root || !kernel_space.root)
		panic("hal_mmu_init: no memory for the root tables");

	map_image(__text_start, __text_end, HAL_MAP_R | HAL_MAP_X, "kernel text");
	map_image(__rodata_start, __rodata_end, HAL_MAP_R, "kernel rodata");
	map_image(__data_start, __stack_guard, HAL_MAP_R | HAL_MAP_W, "kernel data");
	map_image(__boot_stack_bottom, __data_end, HAL_MAP_R | HAL_MAP_W, "kernel bss");

	uint64_t direct = 0;
	for (unsigned i = 0; i < bi->n_usable; i++) {
		uint64_t b = bi->usable[i].base, e = b + bi->usable[i].size;
		b = (b + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
		e &= ~(uint64_t)(PAGE_SIZE - 1);
		direct += map_direct(b, e);
	}
	/* The direct map's alias of kernel code and constants is read-only too. */
	uint64_t ro = (uintptr_t)__text_start - KERNEL_VOFFSET;
	size_t ro_len = (size_t)(__rodata_end - __text_start);
	if (hal_space_lookup(&kernel_space, DIRECT_BASE + ro, NULL, NULL))
		hal_space_protect(&kernel_space, DIRECT_BASE + ro, ro_len, HAL_MAP_R);

	/* The console must keep working across the switch. */
	uintptr_t uart = (uintptr_t)hal_mmio_map(uart_phys_base(), PAGE_SIZE);

	/* Install the kernel tables from identity-mapped code (see vectors.S), then drop the
	 * identity map: TTBR0 gets the empty table. */
	void (*switch_phys)(uint64_t) = (void (*)(uint64_t))hal_virt_to_phys((void *)mmu_switch_ttbr1);
	switch_phys(kernel_space.root);
	mmu_ready = true;
	uart_set_base(uart);
	sysreg_write(ttbr0_el1, empty_root);
	isb();
	/* No mapping is writable and executable any more: have the MMU enforce it (WXN), and
	 * drop TLB entries that cached the old rule. */
	sysreg_write(sctlr_el1, sysreg_read(sctlr_el1) | (1ull << 19));
	isb();
	tlb_flush_all();

	kprintf("mmu: kernel at 0x%llx (text %zu KiB R+X, rodata %zu KiB R, data %zu KiB R+W), "
		"direct map %llu MiB at 0x%llx, guard page 0x%llx, %zu table frames\n",
		(unsigned long long)KERNEL_VIRT, (size_t)(__text_end - __text_start) >> 10,
		(size_t)(__rodata_end - __rodata_start) >> 10,
		(size_t)(__data_end - __data_start - PAGE_SIZE) >> 10,
		(unsigned long long)(direct >> 20), (unsigned long long)DIRECT_BASE,
		(unsigned long long)(uintptr_t)__stack_guard, table_frames);

	dt_init(bi);
	cpu_firmware_init();
}
