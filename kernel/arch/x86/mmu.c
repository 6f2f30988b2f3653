/*
 * x86 paging for hal.h, one walker for both formats: x86_64 4-level tables and i386 PAE 3-level
 * tables share the 64-bit entry layout, differing only in depth and in PAE's top level (four
 * PDPT entries that take the present bit only and are latched when CR3 is loaded).
 *
 * The kernel half of every space is shared: its top-level entries are made once in
 * hal_mmu_init (x86_64: PML4 slots for the direct map, the VA window and the image; i386: PDPT[3])
 * and copied into each new space, so later kernel mappings show up everywhere. The kernel half's
 * lower tables are never freed. Only 4 KiB pages are used, so every operation works on any page.
 *
 * The executable right is kept in a software bit (PTE_SWX) as well as in NX, so lookup reports the
 * truth even on an i386 CPU without NX, where the hardware cannot withhold execute.
 */
#include "x86.h"
#include <bootinfo.h>
#include <console.h>
#include <err.h>
#include <mem.h>
#include <panic.h>
#include <pmm.h>
#include <slab.h>

#define PTE_P (1ull << 0)
#define PTE_W (1ull << 1)
#define PTE_U (1ull << 2)
#define PTE_PWT (1ull << 3)
#define PTE_PCD (1ull << 4)
#define PTE_PS (1ull << 7)
#define PTE_SWX (1ull << 9) /* software: mapped executable */
#define PTE_NX (1ull << 63)
#define PTE_ADDR 0x000ffffffffff000ull

struct hal_space {
	uint64_t top; /* physical address of the PML4 (x86_64) or PDPT (i386 PAE) */
};

extern char __text_start[], __text_end[], __rodata_start[], __rodata_end[], __data_start[];
extern char __image_end[], __kernel_start[], __kernel_end[];

static struct hal_space kernel_space;
static bool mmu_on;       /* the final tables are loaded: physical memory is at DIRECT_BASE */
static uint64_t nx_bit;   /* PTE_NX when the CPU has it, else 0 */
static uintptr_t kva_next = KVA_BASE;

void *hal_phys_to_virt(uint64_t phys)
{
	if (!mmu_on) {
		if (phys >= BOOT_IDENTITY_LIMIT)
			panic("hal_phys_to_virt: 0x%llx is beyond the boot identity map",
			      (unsigned long long)phys);
		return (void *)(uintptr_t)phys;
	}
	if (phys >= DIRECT_SIZE)
		panic("hal_phys_to_virt: 0x%llx is beyond the direct map", (unsigned long long)phys);
	return (void *)(uintptr_t)(DIRECT_BASE + phys);
}

uint64_t hal_virt_to_phys(const void *virt)
{
	uintptr_t v = (uintptr_t)virt;
#ifdef __x86_64__
	if (v >= KERNEL_BASE)
		return v - KERNEL_BASE;
#endif
	if (v >= DIRECT_BASE && v - DIRECT_BASE < DIRECT_SIZE)
		return v - DIRECT_BASE;
	uint64_t pa;
	if (mmu_on && hal_space_lookup(&kernel_space, v & ~(PAGE_SIZE - 1), &pa, NULL))
		return pa | (v & (PAGE_SIZE - 1));
	if (!mmu_on && v < BOOT_IDENTITY_LIMIT)
		return v;
	panic("hal_virt_to_phys: %p is neither in the kernel image, the direct map nor mapped",
	      virt);
}

static uint64_t *table(uint64_t phys)
{
	return hal_phys_to_virt(phys);
}

static unsigned index_at(uintptr_t va, int level)
{
	return (unsigned)((va >> (PAGE_SHIFT + 9 * level)) & 511);
}

static bool is_user(uintptr_t va)
{
	return va < USER_TOP;
}

/* Entry pointing at a lower table. PAE's top level takes only the present bit. */
static uint64_t table_entry(uint64_t phys, int level, uintptr_t va)
{
	if (PT_LEVELS == 3 && level == PT_LEVELS - 1)
		return phys | PTE_P;
	return phys | PTE_P | PTE_W | (is_user(va) ? PTE_U : 0);
}

static bool is_current(const struct hal_space *s)
{
	return (read_cr3() & PTE_ADDR) == s->top;
}

/*
 * The level-0 entry for va; with alloc, makes missing tables (pmm frames, zeroed) on the way
 * and returns NULL only when pmm is empty. Without alloc, NULL when a table is missing.
 */
static uint64_t *walk(struct hal_space *s, uintptr_t va, bool alloc)
{
	uint64_t *t = table(s->top);
	for (int level = PT_LEVELS - 1; level > 0; level--) {
		uint64_t *e = &t[index_at(va, level)];
		if (!(*e & PTE_P)) {
			if (!alloc)
				return NULL;
			uint64_t frame = pmm_alloc_page();
			if (!frame)
				return NULL;
			memset(table(frame), 0, PAGE_SIZE);
			*e = table_entry(frame, level, va);
			/* PAE latches the PDPT at CR3 load: reload it for the new entry to count. */
			if (PT_LEVELS == 3 && level == PT_LEVELS - 1 && mmu_on && is_current(s))
				write_cr3(read_cr3());
		} else if (*e & PTE_PS) {
			panic("mmu: large page at %p where 4 KiB tables were expected", (void *)va);
		}
		t = table(*e & PTE_ADDR);
	}
	return &t[index_at(va, 0)];
}

static uint64_t pte_bits(unsigned attrs)
{
	uint64_t b = PTE_P;
	if (attrs & HAL_MAP_W)
		b |= PTE_W;
	if (attrs & HAL_MAP_USER)
		b |= PTE_U;
	if (attrs & HAL_MAP_DEVICE)
		b |= PTE_PCD | PTE_PWT;
	if (attrs & HAL_MAP_X)
		b |= PTE_SWX;
	else
		b |= nx_bit;
	return b;
}

static unsigned pte_attrs(uint64_t e)
{
	unsigned a = HAL_MAP_R;
	if (e & PTE_W)
		a |= HAL_MAP_W;
	if (e & PTE_U)
		a |= HAL_MAP_USER;
	if (e & PTE_PCD)
		a |= HAL_MAP_DEVICE;
	if (e & PTE_SWX)
		a |= HAL_MAP_X;
	return a;
}

/* Argument checks shared by map, unmap and protect. */
static int check_range(const struct hal_space *s, uintptr_t va, size_t len)
{
	if ((va | len) & (PAGE_SIZE - 1) || len == 0 || va + len - 1 < va)
		return ERR_INVAL;
	if (s == &kernel_space)
		return va >= KERNEL_HALF ? 0 : ERR_INVAL;
	return va + len <= USER_TOP ? 0 : ERR_INVAL;
}

static int check_attrs(const struct hal_space *s, unsigned attrs)
{
	if (attrs & ~(HAL_MAP_R | HAL_MAP_W | HAL_MAP_X | HAL_MAP_USER | HAL_MAP_DEVICE))
		return ERR_INVAL;
	if ((attrs & HAL_MAP_W) && (attrs & HAL_MAP_X))
		return ERR_INVAL;
	if (((attrs & HAL_MAP_USER) != 0) != (s != &kernel_space))
		return ERR_INVAL;
	return 0;
}

/* Tables a map of [va, va+len) would have to create: counted before anything changes, so that
 * running out of frames leaves the space as it was. */
static size_t tables_needed(struct hal_space *s, uintptr_t va, size_t len)
{
	size_t n = 0;
	uintptr_t end = va + len - 1;
	for (int level = PT_LEVELS - 2; level >= 0; level--) {
		/* Each level-`level` table covers 2^(12 + 9 * (level + 1)) bytes. */
		unsigned shift = PAGE_SHIFT + 9 * (unsigned)(level + 1);
		for (uintptr_t a = va >> shift << shift; a <= end; a += (uintptr_t)1 << shift) {
			uint64_t *t = table(s->top);
			bool present = true;
			for (int l = PT_LEVELS - 1; l > level && present; l--) {
				uint64_t e = t[index_at(a, l)];
				present = e & PTE_P;
				if (present)
					t = table(e & PTE_ADDR);
			}
			n += !present;
			if (a + ((uintptr_t)1 << shift) < a)
				break;
		}
	}
	return n;
}

int hal_space_map(struct hal_space *s, uintptr_t va, uint64_t pa, size_t len, unsigned attrs)
{
	int err = check_range(s, va, len);
	if (!err)
		err = check_attrs(s, attrs);
	if (err || (pa & (PAGE_SIZE - 1)))
		return ERR_INVAL;
	for (size_t off = 0; off < len; off += PAGE_SIZE) {
		uint64_t *e = walk(s, va + off, false);
		if (e && (*e & PTE_P))
			return ERR_EXIST;
	}
	if (tables_needed(s, va, len) > pmm_free_pages())
		return ERR_NOMEM;
	uint64_t bits = pte_bits(attrs);
	for (size_t off = 0; off < len; off += PAGE_SIZE) {
		uint64_t *e = walk(s, va + off, true);
		assert(e); /* tables_needed promised the frames */
		*e = (pa + off) | bits;
	}
	return 0;
}

int hal_space_unmap(struct hal_space *s, uintptr_t va, size_t len)
{
	if (check_range(s, va, len))
		return ERR_INVAL;
	for (size_t off = 0; off < len; off += PAGE_SIZE) {
		uint64_t *e = walk(s, va + off, false);
		if (e && (*e & PTE_P)) {
			*e = 0;
			invlpg(va + off);
		}
	}
	return 0;
}

int hal_space_protect(struct hal_space *s, uintptr_t va, size_t len, unsigned attrs)
{
	int err = check_range(s, va, len);
	if (!err)
		err = check_attrs(s, attrs);
	if (err)
		return err;
	for (size_t off = 0; off < len; off += PAGE_SIZE) {
		uint64_t *e = walk(s, va + off, false);
		if (!e || !(*e & PTE_P))
			return ERR_NOENT;
	}
	uint64_t bits = pte_bits(attrs);
	for (size_t off = 0; off < len; off += PAGE_SIZE) {
		uint64_t *e = walk(s, va + off, false);
		*e = (*e & PTE_ADDR) | bits;
		invlpg(va + off);
	}
	return 0;
}

bool hal_space_lookup(struct hal_space *s, uintptr_t va, uint64_t *pa, unsigned *attrs)
{
	uint64_t *e = walk(s, va & ~(uintptr_t)(PAGE_SIZE - 1), false);
	if (!e || !(*e & PTE_P))
		return false;
	if (pa)
		*pa = (*e & PTE_ADDR) | (va & (PAGE_SIZE - 1));
	if (attrs)
		*attrs = pte_attrs(*e);
	return true;
}

struct hal_space *hal_space_kernel(void)
{
	return &kernel_space;
}

/* Top-level entries that hold the kernel half: copied into every space. */
#ifdef __x86_64__
#define KERNEL_TOP_FIRST 256u
#define TOP_ENTRIES 512u
#else
#define KERNEL_TOP_FIRST 3u
#define TOP_ENTRIES 4u
#endif

struct hal_space *hal_space_create(void)
{
	struct hal_space *s = kmalloc(sizeof *s);
	if (!s)
		return NULL;
	s->top = pmm_alloc_page();
	if (!s->top) {
		kfree(s);
		return NULL;
	}
	uint64_t *t = table(s->top), *k = table(kernel_space.top);
	memset(t, 0, PAGE_SIZE);
	for (unsigned i = KERNEL_TOP_FIRST; i < TOP_ENTRIES; i++)
		t[i] = k[i];
	return s;
}

static void free_tables(uint64_t phys, int level)
{
	if (level > 0) {
		uint64_t *t = table(phys);
		for (unsigned i = 0; i < 512; i++)
			if (t[i] & PTE_P)
				free_tables(t[i] & PTE_ADDR, level - 1);
	}
	int err = pmm_free_page(phys);
	assert(err == 0);
}

void hal_space_destroy(struct hal_space *s)
{
	if (s == &kernel_space || is_current(s))
		panic("hal_space_destroy: the kernel space or the current space cannot be destroyed");
	uint64_t *t = table(s->top);
	for (unsigned i = 0; i < KERNEL_TOP_FIRST; i++)
		if (t[i] & PTE_P)
			free_tables(t[i] & PTE_ADDR, PT_LEVELS - 2);
	int err = pmm_free_page(s->top);
	assert(err == 0);
	kfree(s);
}

void hal_space_switch(struct hal_space *s)
{
	if (!is_current(s))
		write_cr3((uintptr_t)s->top);
}

uintptr_t hal_kernel_va_reserve(size_t size)
{
	size = (size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	/* One unmapped page after each reservation catches overruns. */
	if (size == 0 || size > KVA_BASE + KVA_SIZE - kva_next ||
	    size + PAGE_SIZE > KVA_BASE + KVA_SIZE - kva_next)
		panic("hal_kernel_va_reserve: kernel VA window exhausted (%zu bytes asked)", size);
	uintptr_t va = kva_next;
	kva_next += size + PAGE_SIZE;
	return va;
}

static void *map_window(uint64_t phys, size_t size, unsigned attrs)
{
	uint64_t base = phys & ~(uint64_t)(PAGE_SIZE - 1);
	size_t len = (size_t)(((phys + size + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1)) - base);
	uintptr_t va = hal_kernel_va_reserve(len);
	int err = hal_space_map(&kernel_space, va, base, len, attrs);
	if (err)
		panic("mmu: cannot map 0x%llx (+%zu) into the kernel VA window: %s",
		      (unsigned long long)phys, size, err_str(err));
	return (void *)(va + (uintptr_t)(phys - base));
}

void *hal_mmio_map(uint64_t phys, size_t size)
{
	return map_window(phys, size, HAL_MAP_R | HAL_MAP_W | HAL_MAP_DEVICE);
}

const void *x86_map_phys(uint64_t phys, size_t len)
{
	return map_window(phys, len, HAL_MAP_R);
}

bool x86_in_stack_guard(uintptr_t va)
{
	return va >= (uintptr_t)boot_stack_guard && va - (uintptr_t)boot_stack_guard < PAGE_SIZE;
}

/* The image's frames stay out of the direct map: on i386 the two share one linear map and the
 * image's rights (and its stack guard) must win; on x86_64 a writable alias of the text would
 * undo W^X. __kernel_start/__kernel_end are physical (kernel_*.ld). */
static bool image_frame(uint64_t pa)
{
	return pa >= (uintptr_t)__kernel_start && pa < (uintptr_t)__kernel_end;
}

/* Boot-time mapping into the new tables; pmm running out here is fatal. */
static void map_boot(uintptr_t va, uint64_t pa, size_t len, unsigned attrs)
{
	for (size_t off = 0; off < len; off += PAGE_SIZE) {
		uint64_t *e = walk(&kernel_space, va + off, true);
		if (!e)
			panic("mmu: out of frames while building the kernel page tables");
		if (*e & PTE_P)
			panic("mmu: %p is mapped twice while building the kernel tables",
			      (void *)(va + off));
		*e = (pa + off) | pte_bits(attrs);
	}
}

static void map_image(const char *start, const char *end, unsigned attrs)
{
	map_boot((uintptr_t)start, hal_virt_to_phys(start), (size_t)(end - start), attrs);
}

void hal_mmu_init(const struct bootinfo *bi)
{
	if (x86_cpu_has_nx()) {
		wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
		nx_bit = PTE_NX;
	}
	kernel_space.top = pmm_alloc_page();
	if (!kernel_space.top)
		panic("mmu: no frame for the kernel's top-level table");
	memset(table(kernel_space.top), 0, PAGE_SIZE);

	/* The image, section by section, leaving the stack guard page unmapped. */
	map_image(__text_start, __text_end, HAL_MAP_R | HAL_MAP_X);
	map_image(__rodata_start, __rodata_end, HAL_MAP_R);
	map_image(__data_start, boot_stack_guard, HAL_MAP_R | HAL_MAP_W);
	map_image(boot_stack_guard + PAGE_SIZE, __image_end, HAL_MAP_R | HAL_MAP_W);

	/* The direct map of usable RAM (read-write, never executable), less the image. */
	uint64_t mapped = 0, dropped = 0;
	for (unsigned i = 0; i < bi->n_usable; i++) {
		uint64_t b = (bi->usable[i].base + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
		uint64_t e = (bi->usable[i].base + bi->usable[i].size) & ~(uint64_t)(PAGE_SIZE - 1);
		if (e > DIRECT_SIZE) {
			dropped += e - (b > DIRECT_SIZE ? b : DIRECT_SIZE);
			e = DIRECT_SIZE;
		}
		if (b >= e)
			continue;
		for (uint64_t pa = b; pa < e; pa += PAGE_SIZE)
			if (!image_frame(pa))
				map_boot(DIRECT_BASE + (uintptr_t)pa, pa, PAGE_SIZE, HAL_MAP_R | HAL_MAP_W);
		mapped += e - b;
	}

	/* The top-level entry of the VA window is made now, so spaces created later share it (the
	 * image and direct map made theirs above; nothing else in the kernel half is used). */
	uint64_t *top = table(kernel_space.top);
	unsigned kva_slot = index_at(KVA_BASE, PT_LEVELS - 1);
	if (!(top[kva_slot] & PTE_P)) {
		uint64_t frame = pmm_alloc_page();
		if (!frame)
			panic("mmu: out of frames for the kernel half's tables");
		memset(table(frame), 0, PAGE_SIZE);
		top[kva_slot] = table_entry(frame, PT_LEVELS - 1, KVA_BASE);
	}

	write_cr3((uintptr_t)kernel_space.top);
	mmu_on = true;
	x86_df_task_set_cr3((uintptr_t)kernel_space.top);

	kprintf("mmu: %s paging, kernel at %p, direct map at %p (%llu MiB), VA window at %p, "
		"NX %s, stack guard at %p, identity map removed\n",
		PT_LEVELS == 4 ? "4-level" : "PAE 3-level", (void *)__text_start,
		(void *)DIRECT_BASE, (unsigned long long)(mapped >> 20), (void *)KVA_BASE,
		nx_bit ? "on" : "not supported by this CPU (data stays executable)",
		(void *)boot_stack_guard);
	if (dropped)
		kprintf("mmu: warning: %llu MiB of RAM above the direct map's reach is not mapped\n",
			(unsigned long long)(dropped >> 20));
}
