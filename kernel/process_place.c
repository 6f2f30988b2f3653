/*
 * Programs placed at fixed addresses on boards without an MMU; see process_place.h. A slot is
 * [CONFIG_USER_SLOT_BASE + i * CONFIG_USER_SLOT_SIZE, + CONFIG_USER_SLOT_SIZE), set by the board
 * (the same numbers the build links programs with). Layout inside a slot:
 *
 *   slot base:  the program's segments, as linked (text, rodata, data + bss + heap)
 *               at least one page nobody is granted (an overflowing stack faults here)
 *   slot end:   the stack, growing down from the end of the slot
 */
#include <process_place.h>
#include <err.h>
#include <hal.h>
#include <macho.h>
#include <mem.h>
#include <pmm.h>
#include <process.h>

#ifdef CONFIG_USER_SLOT_SIZE

/* Takes the frames of [va, va + pages) at their own address, fills them with src[0, len) and
 * zeroes, and grants them to p with attrs. */
static const char *place(struct process *p, uintptr_t va, size_t pages, unsigned attrs,
			 const uint8_t *src, uint64_t len)
{
	if (p->n_regions == PROCESS_MAX_REGIONS)
		return "too many memory regions";
	switch (pmm_claim(va, pages)) {
	case 0:
		break;
	case ERR_STATE:
		return "its memory is in use: without an MMU a program has one fixed place, so one "
		       "instance runs at a time (is it running already?)";
	default:
		return "its fixed address is not RAM the kernel manages";
	}
	size_t bytes = pages * PAGE_SIZE;
	uint8_t *dst = hal_phys_to_virt(va);
	memset(dst, 0, bytes);
	if (len)
		memcpy(dst, src, (size_t)len);
	if (hal_space_map(p->space, va, va, bytes, attrs) != 0) {
		for (size_t i = 0; i < pages; i++)
			pmm_free_page(va + i * PAGE_SIZE);
		return "the address space cannot hold the program's regions";
	}
	p->regions[p->n_regions++] = (struct process_region){ va, pages };
	return NULL;
}

const char *process_place(struct process *p, const void *file, const struct macho_image *img)
{
	const uint64_t base = CONFIG_USER_SLOT_BASE, size = CONFIG_USER_SLOT_SIZE;
	if (img->nsegs == 0)
		return "the program has no segments";
	/* macho_parse gives the segments sorted, disjoint and page-aligned. */
	uint64_t slot = img->segs[0].vmaddr;
	if (slot < base || (slot - base) % size)
		return "the program was not linked at a program slot of this board";
	uint64_t slot_end = slot + size, top = slot;
	for (uint32_t i = 0; i < img->nsegs; i++) {
		const struct macho_segment *s = &img->segs[i];
		uint64_t end = s->vmaddr + ((s->vmsize + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1));
		if (end > slot_end)
			return "the program reaches beyond its slot";
		if (end > top)
			top = end;
	}
	uint64_t stack = img->stacksize ? img->stacksize : PROCESS_STACK_DEFAULT;
	stack = (stack + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
	if (stack + PAGE_SIZE > slot_end - top)
		return "the program's stack and guard page do not fit the top of its slot";

	for (uint32_t i = 0; i < img->nsegs; i++) {
		const struct macho_segment *s = &img->segs[i];
		size_t pages = (size_t)((s->vmsize + PAGE_SIZE - 1) / PAGE_SIZE);
		const char *err = place(p, (uintptr_t)s->vmaddr, pages, process_prot_attrs(s->prot),
					(const uint8_t *)file + s->fileoff, s->filesize);
		if (err)
			return err;
	}
	const char *err = place(p, (uintptr_t)(slot_end - stack), (size_t)(stack / PAGE_SIZE),
				HAL_MAP_R | HAL_MAP_W | HAL_MAP_USER, NULL, 0);
	if (err)
		return err;
	p->entry = (uintptr_t)img->entry;
	p->stack_top = (uintptr_t)slot_end;
	return NULL;
}

#else

const char *process_place(struct process *p, const void *file, const struct macho_image *img)
{
	(void)p, (void)file, (void)img;
	return "this board has no MMU and names no place for programs (BOARD_USER_SLOT_BASE/SIZE)";
}

#endif
