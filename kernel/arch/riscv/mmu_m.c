/*
 * riscv32 memory for hal.h on harts without an MMU (machine mode, PMP isolation). There is no
 * translation anywhere, so hal.h's address-space interface means something narrower here:
 *
 *   - Addresses are physical. The direct map is the identity (hal_phys_to_virt(p) == p) and
 *     hal_mmio_map returns the register address itself.
 *   - The kernel space is the identity over the whole 32-bit address space: machine mode reaches
 *     everything except what a locked PMP entry closes. Mapping into it with va == pa succeeds
 *     and changes nothing; protect and unmap are refused (ERR_INVAL), because taking a right
 *     from machine mode needs a locked entry, and a locked entry stays until reset.
 *   - A user space is a list of grants: hal_space_map(user, va, pa, ...) requires va == pa
 *     (ERR_INVAL otherwise) and lets user mode reach that physical range with those rights.
 *     hal_space_switch programs the grants into the unlocked PMP entries; a grant takes one
 *     entry when it is a naturally aligned power of two (NAPOT), two otherwise (top of range),
 *     or one when it is top of range right above another top-of-range grant (whose top is its
 *     base: a program's adjacent text, rodata and data). Adjacent grants with equal rights merge. A change the entries cannot express (too many
 *     ranges) fails with ERR_NOMEM and changes nothing -- unmap and protect too, which can split
 *     a grant: a no-MMU addition to hal.h's error lists.
 *   - hal_kernel_va_reserve cannot hand out an alias (there is no translation to make one). It
 *     hands out pieces of the fault window: a board-chosen hole in the physical address space
 *     covered by a locked PMP entry with no rights, so touching it faults from any mode.
 *   - The 4 KiB below the boot stack is closed the same way: a locked no-rights entry, so a
 *     kernel stack overflow faults on its first store below the stack (trap_m.S then moves the
 *     trap frame to the emergency stack).
 * Locked entries take the two highest implemented PMP entries; grants use the ones below them.
 * Without Smepmp, machine mode is unrestricted by unlocked entries, so the kernel image gets no
 * W^X here: a locked R+X entry over kernel text would grant the same rights to user mode.
 */
#include <hal.h>
#include <bootinfo.h>
#include <console.h>
#include <err.h>
#include <mem.h>
#include <panic.h>
#include <slab.h>
#include "pmp.h"
#include "riscv_m.h"

#ifndef CONFIG_FAULT_WINDOW_BASE
#error "the board must name a fault window (CONFIG_FAULT_WINDOW_BASE/SIZE): see mmu_m.c"
#endif

#define ADDR_LIMIT (1ull << 32)
#define HAL_MAP_ALL (HAL_MAP_R | HAL_MAP_W | HAL_MAP_X | HAL_MAP_USER | HAL_MAP_DEVICE)
#define MAX_GRANTS PMP_MAX_ENTRIES

extern char __kernel_start[], __kernel_end[];

struct grant {
	uint32_t base;
	uint32_t len;    /* 0 < len; base + len <= 2^32 (kept as 64-bit where it is summed) */
	unsigned attrs;
};

struct hal_space {
	bool kernel;
	unsigned n;
	struct grant g[MAX_GRANTS]; /* sorted by base, disjoint, adjacent equal rights merged */
};

static struct hal_space kernel_space = { .kernel = true };
static struct hal_space *current = &kernel_space;
static unsigned user_entries; /* PMP entries 0..user_entries-1 are the grants' */
static uint64_t kva_next = CONFIG_FAULT_WINDOW_BASE;

static const uint64_t window_base = CONFIG_FAULT_WINDOW_BASE;
static const uint64_t window_size = CONFIG_FAULT_WINDOW_SIZE;

bool hal_mmu_translates(void)
{
	return false;
}

static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

/* The ranges locked closed: nothing may be granted or mapped there. */
static bool in_closed(uint64_t a, uint64_t len)
{
	return overlaps(a, len, window_base, window_size) ||
	       overlaps(a, len, (uintptr_t)__stack_guard,
			(uintptr_t)__boot_stack_bottom - (uintptr_t)__stack_guard);
}

void *hal_phys_to_virt(uint64_t phys)
{
	if (phys >= ADDR_LIMIT)
		panic("hal_phys_to_virt: 0x%llx is beyond the 32-bit address space",
		      (unsigned long long)phys);
	return (void *)(uintptr_t)phys;
}

uint64_t hal_virt_to_phys(const void *virt)
{
	return (uintptr_t)virt;
}

void hal_mmu_init(const struct bootinfo *bi)
{
	struct pmp_info info;
	pmp_probe(&info);
	if (info.entries < 4)
		panic("mmu: this hart has %u PMP entries; the kernel needs 2 locked ones and user "
		      "grants need more", info.entries);
	unsigned guard = info.entries - 2, window = info.entries - 1;
	for (unsigned i = 0; i < bi->n_usable; i++)
		if (overlaps(bi->usable[i].base, bi->usable[i].size, window_base, window_size))
			panic("mmu: the board's fault window 0x%llx+0x%llx overlaps usable RAM",
			      (unsigned long long)window_base, (unsigned long long)window_size);
	size_t guard_size = (uintptr_t)__boot_stack_bottom - (uintptr_t)__stack_guard;
	const char *err = pmp_lock_region(guard, (uintptr_t)__stack_guard, guard_size);
	if (!err)
		err = pmp_lock_region(window, (uintptr_t)window_base, (size_t)window_size);
	if (err)
		panic("mmu: cannot lock the stack guard and fault window PMP entries: %s", err);
	user_entries = guard;
	pmp_clear_all(); /* the unlocked ones: user mode reaches nothing until a space says so */
	current = &kernel_space;
	kprintf("mmu: none (machine mode, addresses are physical); PMP %u entries, %u-byte "
		"granularity: stack guard 0x%08x-0x%08x (entry %u) and fault window "
		"0x%08llx-0x%08llx (entry %u) locked with no access, entries 0-%u for user grants\n",
		info.entries, (unsigned)info.granularity, (unsigned)(uintptr_t)__stack_guard,
		(unsigned)((uintptr_t)__stack_guard + guard_size - 1), guard,
		(unsigned long long)window_base,
		(unsigned long long)(window_base + window_size - 1), window, user_entries - 1);
}

void *hal_mmio_map(uint64_t phys, size_t size)
{
	if (size == 0 || phys >= ADDR_LIMIT || size > ADDR_LIMIT - phys || in_closed(phys, size))
		panic("mmu: device registers at 0x%llx+0x%zx are not addressable",
		      (unsigned long long)phys, size);
	return (void *)(uintptr_t)phys;
}

uintptr_t hal_kernel_va_reserve(size_t size)
{
	size = (size + PAGE_SIZE - 1) & ~(size_t)(PAGE_SIZE - 1);
	/* A gap page after each reservation, as on the MMU ports, though nothing can be mapped in
	 * the window anyway. */
	if (size == 0 || size + PAGE_SIZE > window_base + window_size - kva_next)
		panic("mmu: fault window exhausted (asked for %zu bytes)", size);
	uintptr_t va = (uintptr_t)kva_next;
	kva_next += size + PAGE_SIZE;
	return va;
}

struct hal_space *hal_space_kernel(void)
{
	return &kernel_space;
}

struct hal_space *hal_space_create(void)
{
	struct hal_space *s = kmalloc(sizeof *s);
	if (s)
		memset(s, 0, sizeof *s);
	return s;
}

void hal_space_destroy(struct hal_space *s)
{
	if (!s || s == &kernel_space || s == current)
		panic("hal_space_destroy: the space is in use on this CPU");
	kfree(s);
}

/* Whether a user space is current: trap_m.c's probes then check with user-mode rights. */
bool riscv_probe_as_user(void)
{
	return current != &kernel_space;
}

static bool napot(const struct grant *g)
{
	return (g->len & (g->len - 1)) == 0 && g->base % g->len == 0;
}

/* Whether g is written as a single top-of-range entry above the one for prev (the grant before it
 * in s, or NULL): prev is top of range too and ends where g starts, so its top is g's base. */
static bool shares_base(const struct grant *prev, const struct grant *g)
{
	return prev && !napot(prev) && !napot(g) && (uint64_t)prev->base + prev->len == g->base;
}

/* A grant takes one NAPOT entry, one top-of-range entry above a neighbour's, or two (top of range,
 * the base in the entry below). program() writes them in exactly this way. */
static unsigned entries_needed(const struct hal_space *s)
{
	unsigned n = 0;
	for (unsigned i = 0; i < s->n; i++)
		n += napot(&s->g[i]) || shares_base(i ? &s->g[i - 1] : NULL, &s->g[i]) ? 1 : 2;
	return n;
}

static unsigned pmp_perms(unsigned attrs)
{
	return PMP_R | (attrs & HAL_MAP_W ? PMP_W : 0) | (attrs & HAL_MAP_X ? PMP_X : 0);
}

/* Writes s's grants into the unlocked entries (all off for the kernel space). */
static void program(const struct hal_space *s)
{
	for (unsigned i = 0; i < user_entries; i++)
		pmp_clear(i);
	unsigned next = 0;
	for (unsigned i = 0; s != &kernel_space && i < s->n; i++) {
		const struct grant *g = &s->g[i];
		/* A top-of-range region takes its base from the entry below it. */
		unsigned index = next;
		const char *err;
		if (shares_base(i ? &s->g[i - 1] : NULL, g)) {
			err = pmp_set_region_above(index, g->base, g->len, pmp_perms(g->attrs));
		} else {
			if (!napot(g))
				index++;
			err = pmp_set_region(index, g->base, g->len, pmp_perms(g->attrs));
		}
		if (err)
			panic("mmu: PMP entry %u for 0x%08x+0x%x: %s", index, (unsigned)g->base,
			      (unsigned)g->len, err);
		next = index + 1;
	}
}

/* Sorts by base and merges neighbours with equal rights (never needs more entries). */
static void normalize(struct hal_space *s)
{
	for (unsigned i = 1; i < s->n; i++)
		for (unsigned j = i; j > 0 && s->g[j - 1].base > s->g[j].base; j--) {
			struct grant t = s->g[j];
			s->g[j] = s->g[j - 1];
			s->g[j - 1] = t;
		}
	unsigned out = 0;
	for (unsigned i = 0; i < s->n; i++) {
		if (out && s->g[out - 1].attrs == s->g[i].attrs &&
		    (uint64_t)s->g[out - 1].base + s->g[out - 1].len == s->g[i].base)
			s->g[out - 1].len += s->g[i].len;
		else
			s->g[out++] = s->g[i];
	}
	s->n = out;
}

/* Makes next the new contents of s if the PMP can hold it; ERR_NOMEM otherwise. */
static int commit(struct hal_space *s, struct hal_space *next)
{
	normalize(next);
	if (entries_needed(next) > user_entries)
		return ERR_NOMEM;
	*s = *next;
	if (s == current)
		program(s);
	return 0;
}

static int check_range(uintptr_t va, size_t len)
{
	if (len == 0 || (va | len) & (PAGE_SIZE - 1) || (uint64_t)va + len > ADDR_LIMIT)
		return ERR_INVAL;
	return 0;
}

static int check_attrs(const struct hal_space *s, unsigned attrs)
{
	if ((attrs & ~HAL_MAP_ALL) || (attrs & (HAL_MAP_W | HAL_MAP_X)) == (HAL_MAP_W | HAL_MAP_X))
		return ERR_INVAL;
	if (s->kernel ? (attrs & HAL_MAP_USER) != 0 : (attrs & HAL_MAP_USER) == 0)
		return ERR_INVAL;
	return 0;
}

/* Adds to out what remains of g outside [va, va+len), and (when attrs is not NULL) the part of g
 * inside it with the new rights. False when out is full. */
static bool cut(struct hal_space *out, const struct grant *g, uint64_t va, uint64_t len,
		const unsigned *attrs)
{
	uint64_t gb = g->base, ge = gb + g->len, e = va + len;
	struct grant parts[3];
	unsigned n = 0;
	if (!overlaps(gb, g->len, va, len)) {
		parts[n++] = *g;
	} else {
		if (gb < va)
			parts[n++] = (struct grant){ g->base, (uint32_t)(va - gb), g->attrs };
		if (attrs) {
			uint64_t b = gb > va ? gb : va, t = ge < e ? ge : e;
			parts[n++] = (struct grant){ (uint32_t)b, (uint32_t)(t - b), *attrs };
		}
		if (ge > e)
			parts[n++] = (struct grant){ (uint32_t)e, (uint32_t)(ge - e), g->attrs };
	}
	for (unsigned i = 0; i < n; i++) {
		if (out->n == MAX_GRANTS)
			return false;
		out->g[out->n++] = parts[i];
	}
	return true;
}

int hal_space_map(struct hal_space *s, uintptr_t va, uint64_t pa, size_t len, unsigned attrs)
{
	if (!s || check_range(va, len) || check_attrs(s, attrs) || pa != va || in_closed(va, len))
		return ERR_INVAL;
	if (s->kernel)
		return 0; /* the identity: already reachable, nothing to record */
	/* User grants never reach the kernel image, nor page 0 (a null pointer must fault). */
	if (va < PAGE_SIZE || overlaps(va, len, (uintptr_t)__kernel_start,
				       (uintptr_t)__kernel_end - (uintptr_t)__kernel_start))
		return ERR_INVAL;
	for (unsigned i = 0; i < s->n; i++)
		if (overlaps(va, len, s->g[i].base, s->g[i].len))
			return ERR_EXIST;
	if (s->n == MAX_GRANTS)
		return ERR_NOMEM;
	struct hal_space next = *s;
	next.g[next.n++] = (struct grant){ (uint32_t)va, (uint32_t)len, attrs };
	return commit(s, &next);
}

int hal_space_unmap(struct hal_space *s, uintptr_t va, size_t len)
{
	if (!s || s->kernel || check_range(va, len))
		return ERR_INVAL;
	struct hal_space next = *s;
	next.n = 0;
	for (unsigned i = 0; i < s->n; i++)
		if (!cut(&next, &s->g[i], va, len, NULL))
			return ERR_NOMEM;
	return commit(s, &next);
}

int hal_space_protect(struct hal_space *s, uintptr_t va, size_t len, unsigned attrs)
{
	if (!s || s->kernel || check_range(va, len) || check_attrs(s, attrs))
		return ERR_INVAL;
	/* Every page must be granted: the grants are sorted, so walk them across the range. */
	uint64_t at = va, end = (uint64_t)va + len;
	for (unsigned i = 0; i < s->n && at < end; i++)
		if (s->g[i].base <= at && at < (uint64_t)s->g[i].base + s->g[i].len)
			at = (uint64_t)s->g[i].base + s->g[i].len;
	if (at < end)
		return ERR_NOENT;
	struct hal_space next = *s;
	next.n = 0;
	for (unsigned i = 0; i < s->n; i++)
		if (!cut(&next, &s->g[i], va, len, &attrs))
			return ERR_NOMEM;
	return commit(s, &next);
}

bool hal_space_lookup(struct hal_space *s, uintptr_t va, uint64_t *pa, unsigned *attrs)
{
	if (!s)
		return false;
	unsigned a;
	if (s->kernel) {
		if (in_closed(va, 1))
			return false;
		a = HAL_MAP_R | HAL_MAP_W | HAL_MAP_X;
	} else {
		unsigned i = 0;
		while (i < s->n && !overlaps(va, 1, s->g[i].base, s->g[i].len))
			i++;
		if (i == s->n)
			return false;
		a = HAL_MAP_R | (s->g[i].attrs & (HAL_MAP_W | HAL_MAP_X | HAL_MAP_USER));
	}
	if (pa)
		*pa = va;
	if (attrs)
		*attrs = a;
	return true;
}

void hal_space_switch(struct hal_space *s)
{
	current = s;
	program(s);
}
