/*
 * memobj: the Mem kernel object. Either anonymous memory (pages the kernel allocates and zeroes at
 * creation, freed when the last reference goes) or a window onto a physical range (device
 * registers), made only from the root resource and never freed to the allocator. The object knows
 * its pages and bounds; mapping into a space is the system call layer's (sys_dev.c), and every
 * mapping holds a reference so the pages outlive the handles.
 */
#ifndef MEMOBJ_H
#define MEMOBJ_H

#include <kobject.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum mem_kind {
	MEM_ANON, /* pages[] from pmm, zeroed */
	MEM_PHYS, /* [phys, phys + size), device memory */
};

struct mem_obj {
	struct kobject obj;
	enum mem_kind kind;
	size_t size;      /* bytes, a whole number of pages, > 0 */
	uint64_t phys;    /* MEM_PHYS: first byte; MEM_ANON without translation: the run's first frame */
	uint64_t *pages;  /* MEM_ANON with translation: size / PAGE_SIZE frames (else NULL) */
};

/* Anonymous: size bytes (page-aligned, 1..MEM_ANON_MAX_PAGES pages, or ..MEM_ANON_MAX_PAGES_NOMMU
 * in one contiguous run where there is no translation), zeroed. ERR_INVAL, ERR_NOMEM. */
int mem_obj_create_anon(size_t size, struct mem_obj **out);
/* Physical range [phys, phys + size), page-aligned, size > 0, no wrap-around. The caller has checked
 * the authority (the root resource). ERR_INVAL, ERR_NOMEM. */
int mem_obj_create_phys(uint64_t phys, uint64_t size, struct mem_obj **out);
/* Whether [offset, offset + len) is a non-empty, page-aligned part of m (0) or not (ERR_INVAL). */
int mem_obj_check_range(const struct mem_obj *m, uint64_t offset, uint64_t len);
/* Physical address of the page at offset (page-aligned and inside m: check first). */
uint64_t mem_obj_page(const struct mem_obj *m, uint64_t offset);
/* Whether the pages of [offset, offset + len) are physically contiguous (always for MEM_PHYS). */
bool mem_obj_contiguous(const struct mem_obj *m, uint64_t offset, uint64_t len);

#endif
