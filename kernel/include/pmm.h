/*
 * pmm: the physical page frame allocator. It owns every 4 KiB frame that the boot loader called
 * usable and that no reservation (kernel image, device tree, boot modules, firmware) touches, and
 * nothing else. It hands out single frames and naturally aligned runs of 2^order frames (page
 * tables and DMA buffers need them), counts what is free, and refuses to free a frame it did not
 * hand out (double free, reserved frame, foreign address) instead of corrupting its state.
 *
 * Physical address 0 is never handed out, so 0 means "no memory".
 *
 * Locking: none yet. Only the boot CPU runs and interrupt handlers do not allocate; the scheduler
 * work adds a spinlock here.
 */
#ifndef PMM_H
#define PMM_H

#include <bootinfo.h>
#include <stddef.h>
#include <stdint.h>

#define PMM_MAX_ORDER 10 /* runs of up to 1024 frames (4 MiB) */

/* Builds the allocator from the boot memory map; returns NULL or a message saying why it cannot
 * (no usable memory, no room for its own bitmaps). */
const char *pmm_init(const struct bootinfo *bi);

/* Physical address of 2^order free frames aligned to their size, or 0 when none are free. */
uint64_t pmm_alloc(unsigned order);
/* Returns 2^order frames at phys; 0, or ERR_INVAL (misaligned, outside managed memory, order too
 * large) or ERR_STATE (some frame is free already or reserved: a double free). */
int pmm_free(uint64_t phys, unsigned order);

/*
 * Takes the npages frames starting at phys, which must be exactly those frames (a program placed
 * at a fixed address on a board without an MMU). All or nothing: 0; ERR_INVAL when phys is
 * misaligned, npages is 0, or any frame is not one pmm manages (outside usable RAM, reserved);
 * ERR_STATE when any of them is handed out already. Freed like any frame (pmm_free_page).
 */
int pmm_claim(uint64_t phys, size_t npages);

static inline uint64_t pmm_alloc_page(void) { return pmm_alloc(0); }
static inline int pmm_free_page(uint64_t phys) { return pmm_free(phys, 0); }

/* Frames currently free, and frames the allocator manages (free + handed out). */
size_t pmm_free_pages(void);
size_t pmm_total_pages(void);

#endif
