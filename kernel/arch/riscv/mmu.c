/*
 * riscv64 Sv39 paging for hal.h: three levels of 512 eight-byte entries, 4 KiB pages, 2 MiB and
 * 1 GiB leaves at the upper levels. The upper half (root entries 256..511) is the kernel's and is
 * shared by every space: the direct map and the kernel image are built once by hal_mmu_init, and
 * the level-1 tables of the KVA window exist from the start, so a mapping made there later shows
 * in every space without touching their roots.
 *
 * No ASIDs yet: switching spaces flushes the whole TLB. PMAs, not page attributes, make device
 * memory uncached on this machine (no Svpbmt), so HAL_MAP_DEVICE needs no bits.
 */
#include <hal.h>
#include <bootinfo.h>
#include <console.h>
#include <err.h>
#include <mem.h>
#include <panic.h>
#include <pmm.h>
#include "riscv.h"

#define PTE_V (1u << 0)
#define PTE_R (1u << 1)
#define PTE_W (1u << 2)
#define PTE_X (1u << 3)
#define PTE_U (1u << 4)
#define PTE_G (1u << 5)
#define PTE_A (1u << 6)
#define PTE_D (1u << 7)
#define PTE_LEAF (PTE_R | PTE_W | PTE_X)
#define PTES 512
#define MEGA (1ul << 21)
#define GIGA (1ul << 30)
#define PA_LIMIT (1ull << 56) /* Sv39 PTEs hold 44-bit page numbers */
#define KVA_WINDOW_END (KVA_WINDOW_BASE + KVA_WINDOW_SIZE)
#define HAL_MAP_ALL (HAL_MAP_R | HAL_MAP_W | HAL_MAP_X | HAL_MAP_USER | HAL_MAP_DEVICE)

struct hal_space {
	uint64_t pte[PTES];
};

extern char __kernel_start[], __kernel_end[], __text_start[], __text_end[], __rodata_start[],
	__rodata_end[], __data_start[], __data_end[];

static bool mmu_on; /* the final tables are live: physical memory is reached via the direct map */
static struct hal_space *kernel_space;
static uintptr_t kva_next = KVA_WINDOW_BASE;

static inline void sfence_va(uintptr_t va)
{
	__asm__ volatile("sfence.vma %0, zero" ::"r"(va) : "memory");
}

static inline void sfence_all(void)
{
	__asm__ volatile("sfence.vma" ::: "memory");
}

uint64_t hal_boot_phys_limit(void)
{
	/* entry.S identity-maps the whole lower half; hal_mmu_init removes it. */
	return mmu_on ? 0 : USER_VA_END;
}

void *hal_phys_to_virt(uint64_t phys)
{
	if (!mmu_on)
		return (void *)(uintptr_t)phys;
	if (phys >= DIRECT_MAP_SIZE)
		panic("hal_phys_to_virt: 0x%llx is beyond the direct map", (unsigned long long)phys);
	return (void *)(uintptr_t)(DIRECT_MAP_BASE + phys);
}

uint64_t hal_virt_to_phys(const void *virt)
{
	uintptr_t va = (uintptr_t)virt;
	if (va >= (uintptr_t)__kernel_start && va < (uintptr_t)__kernel_end)
		return va - KERNEL_VIRT_OFFSET;
	if (va >= DIRECT_MAP_BASE && va < DIRECT_MAP_BASE + DIRECT_MAP_SIZE)
		return va - DIRECT_MAP_BASE;
	if (!mmu_on && va < USER_VA_END)
		return va;
	uint64_t pa;
	if (kernel_space && mmu_on && hal_space_lookup(kernel_space, va, &pa, NULL))
		return pa;
	panic("hal_virt_to_phys: %p is neither in the kernel image nor in the direct map", virt);
}

static unsigned vpn(uintptr_t va, int level)
{
	return (va >> (PAGE_SHIFT + 9 * level)) & (PTES - 1);
}

static uint64_t pte_pa(uint64_t pte)
{
	return (pte >> 10) << PAGE_SHIFT;
}

static uint64_t make_pte(uint64_t pa, uint64_t flags)
{
	return ((pa >> PAGE_SHIFT) << 10) | flags;
}

static uint64_t *table_of(uint64_t pte)
{
	return hal_phys_to_virt(pte_pa(pte));
}

static uint64_t alloc_table(void)
{
	uint64_t pa = pmm_alloc_page();
	if (pa)
		memset(hal_phys_to_virt(pa), 0, PAGE_SIZE);
	return pa;
}

static bool table_empty(const uint64_t *t)
{
	for (unsigned i = 0; i < PTES; i++)
		if (t[i] & PTE_V)
			return false;
	return true;
}

static bool canonical(uintptr_t va)
{
	return va < USER_VA_END || va >= DIRECT_MAP_BASE;
}

/*
 * The entry for va at level stop (0 for a 4 KiB page), making missing tables when create. NULL
 * when a table is missing (without create), when memory runs out (*nomem), or when a larger leaf
 * already covers va (*super).
 */
static uint64_t *walk(struct hal_space *s, uintptr_t va, int stop, bool create, bool *nomem,
		      bool *super)
{
	uint64_t *t = s->pte;
	for (int level = 2; level > stop; level--) {
		uint64_t *e = &t[vpn(va, level)];
		if (*e & PTE_V) {
			if (*e & PTE_LEAF) {
				if (super)
					*super = true;
				return NULL;
			}
			t = table_of(*e);
			continue;
		}
		if (!create)
			return NULL;
		uint64_t pa = alloc_table();
		if (!pa) {
			if (nomem)
				*nomem = true;
			return NULL;
		}
		*e = make_pte(pa, PTE_V);
		t = hal_phys_to_virt(pa);
	}
	return &t[vpn(va, stop)];
}

static uint64_t leaf_flags(struct hal_space *s, unsigned attrs)
{
	uint64_t f = PTE_V | PTE_R | PTE_A | PTE_D;
	if (attrs & HAL_MAP_W)
		f |= PTE_W;
	if (attrs & HAL_MAP_X)
		f |= PTE_X;
	if (attrs & HAL_MAP_USER)
		f |= PTE_U;
	if (s == kernel_space)
		f |= PTE_G;
	return f;
}

static unsigned pte_attrs(uint64_t pte)
{
	unsigned a = HAL_MAP_R;
	if (pte & PTE_W)
		a |= HAL_MAP_W;
	if (pte & PTE_X)
		a |= HAL_MAP_X;
	if (pte & PTE_U)
		a |= HAL_MAP_USER;
	return a;
}

/* Boot-time mapping of kernel ranges: failure means the machine cannot run the kernel at all. */
static void map_fixed(uintptr_t va, uint64_t pa, uint64_t len, unsigned attrs)
{
	uint64_t flags = leaf_flags(kernel_space, attrs);
	for (uint64_t off = 0; off < len;) {
		int level = 0;
		if (!(attrs & HAL_MAP_X) && ((va + off) & (MEGA - 1)) == 0 &&
		    ((pa + off) & (MEGA - 1)) == 0 && len - off >= MEGA)
			level = 1;
		bool nomem = false, super = false;
		uint64_t *e = walk(kernel_space, va + off, level, true, &nomem, &super);
		if (!e || (*e & PTE_V))
			panic("mmu: cannot map kernel range at 0x%llx: %s", (unsigned long long)(va + off),
			      nomem ? "out of memory for page tables" : "already mapped");
		*e = make_pte(pa + off, flags);
		off += level ? MEGA : PAGE_SIZE;
	}
}

static void map_image(uintptr_t start, uintptr_t end, unsigned attrs)
{
	if (start & (PAGE_SIZE - 1) || end & (PAGE_SIZE - 1))
		panic("mmu: kernel section 0x%lx-0x%lx is not page-aligned (kernel.ld)", start, end);
	if (end > start)
		map_fixed(start, start - KERNEL_VIRT_OFFSET, end - start, attrs);
}

void hal_mmu_init(const struct bootinfo *bi)
{
	size_t free0 = pmm_free_pages();
	uint64_t root = alloc_table();
	if (!root)
		panic("mmu: no frame for the kernel root table");
	kernel_space = hal_phys_to_virt(root);

	for (uintptr_t va = KVA_WINDOW_BASE; va < KVA_WINDOW_END; va += GIGA) {
		uint64_t t = alloc_table();
		if (!t)
			panic("mmu: no frame for the KVA window tables");
		kernel_space->pte[vpn(va, 2)] = make_pte(t, PTE_V);
	}

	map_image((uintptr_t)__text_start, (uintptr_t)__text_end, HAL_MAP_R | HAL_MAP_X);
	map_image((uintptr_t)__rodata_start, (uintptr_t)__rodata_end, HAL_MAP_R);
	map_image((uintptr_t)__data_start, (uintptr_t)__stack_guard, HAL_MAP_R | HAL_MAP_W);
	/* __stack_guard..__boot_stack_bottom stays unmapped: an overflow faults there. */
	map_image((uintptr_t)__boot_stack_bottom, (uintptr_t)__data_end, HAL_MAP_R | HAL_MAP_W);

	uint64_t direct = 0;
	for (unsigned i = 0; i < bi->n_usable; i++) {
		uint64_t b = (bi->usable[i].base + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
		uint64_t e = (bi->usable[i].base + bi->usable[i].size) & ~(uint64_t)(PAGE_SIZE - 1);
		if (e > DIRECT_MAP_SIZE)
			e = DIRECT_MAP_SIZE; /* beyond 128 GiB: not reachable, pmm never hands it out */
		if (b >= e)
			continue;
		map_fixed(DIRECT_MAP_BASE + b, b, e - b, HAL_MAP_R | HAL_MAP_W);
		direct += e - b;
	}

	kprintf("mmu: Sv39, kernel at 0x%lx (text R+X, rodata R, data R+W, stack guard 0x%lx), "
		"direct map %llu MiB at 0x%lx, %zu table frames\n",
		(unsigned long)(uintptr_t)__kernel_start, (unsigned long)(uintptr_t)__stack_guard,
		(unsigned long long)(direct >> 20), (unsigned long)DIRECT_MAP_BASE,
		free0 - pmm_free_pages());

	/* The boot table's identity map goes with the switch; nothing kept a pointer into it
	 * (pmm holds physical addresses, the console is remapped by kmain right after). */
	sfence_all();
	csr_write(satp, SATP_MODE_SV39 | (root >> PAGE_SHIFT));
	sfence_all();
	mmu_on = true;
	kernel_space = hal_phys_to_virt(root);
}

uintptr_t hal_kernel_va_reserve(size_t size)
{
	size = (size + PAGE_SIZE - 1) & ~(size_t)(PAGE_SIZE - 1);
	/* One unmapped page after each reservation turns an overrun into a fault. */
	if (size == 0 || size > KVA_WINDOW_END - kva_next - PAGE_SIZE)
		panic("mmu: KVA window exhausted (asked for %zu bytes)", size);
	uintptr_t va = kva_next;
	kva_next += size + PAGE_SIZE;
	return va;
}

void *hal_mmio_map(uint64_t phys, size_t size)
{
	uint64_t base = phys & ~(uint64_t)(PAGE_SIZE - 1);
	uint64_t end = (phys + size + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
	uintptr_t va = hal_kernel_va_reserve(end - base);
	int err = hal_space_map(kernel_space, va, base, end - base,
				HAL_MAP_R | HAL_MAP_W | HAL_MAP_DEVICE);
	if (err)
		panic("mmu: cannot map device registers at 0x%llx: %s", (unsigned long long)phys,
		      err_str(err));
	return (void *)(va + (phys - base));
}

struct hal_space *hal_space_kernel(void)
{
	return kernel_space;
}

struct hal_space *hal_space_create(void)
{
	uint64_t root = alloc_table();
	if (!root)
		return NULL;
	struct hal_space *s = hal_phys_to_virt(root);
	for (unsigned i = PTES / 2; i < PTES; i++)
		s->pte[i] = kernel_space->pte[i];
	return s;
}

static bool is_current(struct hal_space *s)
{
	return (csr_read(satp) & ((1ul << 44) - 1)) == hal_virt_to_phys(s) >> PAGE_SHIFT;
}

void hal_space_destroy(struct hal_space *s)
{
	if (s == kernel_space || is_current(s))
		panic("hal_space_destroy: the space is in use on this CPU");
	for (unsigned i = 0; i < PTES / 2; i++) {
		if (!(s->pte[i] & PTE_V) || (s->pte[i] & PTE_LEAF))
			continue;
		uint64_t *l1 = table_of(s->pte[i]);
		for (unsigned j = 0; j < PTES; j++)
			if ((l1[j] & PTE_V) && !(l1[j] & PTE_LEAF))
				pmm_free_page(pte_pa(l1[j]));
		pmm_free_page(pte_pa(s->pte[i]));
	}
	pmm_free_page(hal_virt_to_phys(s));
}

/* The checks map, unmap and protect share: alignment, the space's half, the attributes. */
static int check_range(struct hal_space *s, uintptr_t va, size_t len, bool with_attrs,
		       unsigned attrs)
{
	if (!s || len == 0 || (va | len) & (PAGE_SIZE - 1) || va + len < va)
		return ERR_INVAL;
	if (s == kernel_space) {
		/* The kernel half outside the window (image, direct map) is built once and not
		 * the caller's to change. */
		if (va < KVA_WINDOW_BASE || va + len > KVA_WINDOW_END || va + len < KVA_WINDOW_BASE)
			return ERR_INVAL;
		if (with_attrs && (attrs & HAL_MAP_USER))
			return ERR_INVAL;
	} else {
		if (va + len > USER_VA_END)
			return ERR_INVAL;
		if (with_attrs && !(attrs & HAL_MAP_USER))
			return ERR_INVAL;
	}
	if (with_attrs && ((attrs & ~HAL_MAP_ALL) ||
			   (attrs & (HAL_MAP_W | HAL_MAP_X)) == (HAL_MAP_W | HAL_MAP_X)))
		return ERR_INVAL;
	return 0;
}

/*
 * Frees the tables under [va, va+len) that no longer map anything: level-0 tables anywhere, and
 * level-1 tables of the lower half (the kernel half's level-1 tables are shared by every space).
 */
static void prune(struct hal_space *s, uintptr_t va, size_t len)
{
	bool freed = false;
	uintptr_t end = va + len;
	for (uintptr_t a = va & ~(MEGA - 1); a < end && a >= (va & ~(MEGA - 1)); a += MEGA) {
		uint64_t *e1 = walk(s, a, 1, false, NULL, NULL);
		if (!e1 || !(*e1 & PTE_V) || (*e1 & PTE_LEAF) || !table_empty(table_of(*e1)))
			continue;
		uint64_t t = pte_pa(*e1);
		*e1 = 0;
		pmm_free_page(t);
		freed = true;
	}
	if (va < USER_VA_END) {
		for (uintptr_t a = va & ~(GIGA - 1); a < end && a < USER_VA_END; a += GIGA) {
			uint64_t *e2 = &s->pte[vpn(a, 2)];
			if (!(*e2 & PTE_V) || (*e2 & PTE_LEAF) || !table_empty(table_of(*e2)))
				continue;
			uint64_t t = pte_pa(*e2);
			*e2 = 0;
			pmm_free_page(t);
			freed = true;
		}
	}
	/* A walker may cache non-leaf entries; an address-specific fence need not drop them. */
	if (freed)
		sfence_all();
}

static void unmap_pages(struct hal_space *s, uintptr_t va, size_t len)
{
	for (size_t off = 0; off < len; off += PAGE_SIZE) {
		uint64_t *e = walk(s, va + off, 0, false, NULL, NULL);
		if (e && (*e & PTE_V)) {
			*e = 0;
			sfence_va(va + off);
		}
	}
	prune(s, va, len);
}

int hal_space_map(struct hal_space *s, uintptr_t va, uint64_t pa, size_t len, unsigned attrs)
{
	int err = check_range(s, va, len, true, attrs);
	if (err)
		return err;
	if (pa & (PAGE_SIZE - 1) || pa + len < pa || pa + len > PA_LIMIT)
		return ERR_INVAL;
	for (size_t off = 0; off < len; off += PAGE_SIZE) {
		bool super = false;
		uint64_t *e = walk(s, va + off, 0, false, NULL, &super);
		if (super || (e && (*e & PTE_V)))
			return ERR_EXIST;
	}
	uint64_t flags = leaf_flags(s, attrs);
	for (size_t off = 0; off < len; off += PAGE_SIZE) {
		bool nomem = false;
		uint64_t *e = walk(s, va + off, 0, true, &nomem, NULL);
		if (!e) {
			unmap_pages(s, va, off ? off : PAGE_SIZE);
			return ERR_NOMEM;
		}
		*e = make_pte(pa + off, flags);
		/* Without Svvptc a walker may have cached the invalid entry. */
		sfence_va(va + off);
	}
	return 0;
}

int hal_space_unmap(struct hal_space *s, uintptr_t va, size_t len)
{
	int err = check_range(s, va, len, false, 0);
	if (err)
		return err;
	unmap_pages(s, va, len);
	return 0;
}

int hal_space_protect(struct hal_space *s, uintptr_t va, size_t len, unsigned attrs)
{
	int err = check_range(s, va, len, true, attrs);
	if (err)
		return err;
	for (size_t off = 0; off < len; off += PAGE_SIZE) {
		uint64_t *e = walk(s, va + off, 0, false, NULL, NULL);
		if (!e || !(*e & PTE_V))
			return ERR_NOENT;
	}
	uint64_t flags = leaf_flags(s, attrs);
	for (size_t off = 0; off < len; off += PAGE_SIZE) {
		uint64_t *e = walk(s, va + off, 0, false, NULL, NULL);
		/* RISC-V needs no break-before-make: one store replaces the entry, the fence makes
		 * the old rights unusable before we return. */
		*e = make_pte(pte_pa(*e), flags);
		sfence_va(va + off);
	}
	return 0;
}

bool hal_space_lookup(struct hal_space *s, uintptr_t va, uint64_t *pa, unsigned *attrs)
{
	if (!s || !canonical(va))
		return false;
	const uint64_t *t = s->pte;
	for (int level = 2; level >= 0; level--) {
		uint64_t e = t[vpn(va, level)];
		if (!(e & PTE_V))
			return false;
		if (e & PTE_LEAF) {
			uint64_t size = 1ull << (PAGE_SHIFT + 9 * level);
			if (pa)
				*pa = pte_pa(e) + (va & (size - 1));
			if (attrs)
				*attrs = pte_attrs(e);
			return true;
		}
		if (level == 0)
			return false; /* a pointer entry at the last level is malformed */
		t = table_of(e);
	}
	return false;
}

void hal_space_switch(struct hal_space *s)
{
	csr_write(satp, SATP_MODE_SV39 | (hal_virt_to_phys(s) >> PAGE_SHIFT));
	sfence_all();
}
