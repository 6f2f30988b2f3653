/*
 * process_place: where a program's memory goes on a board without an MMU (hal_mmu_translates()
 * false). There is no translation to give each process its own addresses, so the build links each
 * program at its own place in RAM (its slot, mk/user.mk) and this loader puts every segment
 * exactly where the program was linked, taking those very frames from pmm, with the stack at the
 * top of the slot. The process's address space then grants user mode exactly those ranges (PMP
 * regions on riscv32). A program has one place, so it runs as one instance at a time.
 */
#ifndef PROCESS_PLACE_H
#define PROCESS_PLACE_H

struct process;
struct macho_image;

/*
 * Places the parsed and verified image (file is the bytes it was parsed from) in p->space, which
 * is new and empty: claims, fills and grants each segment and the stack, records them in
 * p->regions (so process.c frees them like any), and sets p->entry and p->stack_top. Returns NULL
 * or why not: the image lies outside its slot, its memory is in use (a running instance), not RAM,
 * or the address space cannot hold the regions. What was placed before a failure stays recorded
 * for the caller's cleanup.
 */
const char *process_place(struct process *p, const void *file, const struct macho_image *img);

#endif
