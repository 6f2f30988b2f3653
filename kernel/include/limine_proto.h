/*
 * limine_proto: the parts of the Limine boot protocol (limine-bootloader's PROTOCOL.md) Ferrite
 * uses, as plain layouts and request IDs. The kernel places its requests in one block
 * (kernel/boot/limine_requests.c); the loader fills each request's response pointer. All
 * pointers the loader writes are addresses in its own mapping (mostly the higher-half direct map),
 * so they are kept as uint64_t and read through a phys_view by kernel/boot/limine.c.
 */
#ifndef LIMINE_PROTO_H
#define LIMINE_PROTO_H

/*
 * How the architecture's Limine entry (limine_entry in the architecture folder)
 * calls kmain(arg0, arg1): arg1 = LIMINE_ENTRY_MOVED when the image now runs at its link
 * physical address on the kernel's own boot tables, arg0 = Limine's HHDM offset (responses are
 * then read at address - offset through the boot identity map); arg1 = LIMINE_ENTRY_FAILED when
 * it could not move, arg0 = why (a string in the image), still on Limine's tables.
 */
#define LIMINE_ENTRY_MOVED 0x4c4d4f56  /* "LMOV" */
#define LIMINE_ENTRY_FAILED 0x4c464149 /* "LFAI" */

#ifndef __ASSEMBLY__
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LIMINE_MAGIC0 0xc7b1dd30df4c8b88ull
#define LIMINE_MAGIC1 0x0a82e883a194f07bull
#define LIMINE_ID(a, b) { LIMINE_MAGIC0, LIMINE_MAGIC1, (a), (b) }

#define LIMINE_ID_HHDM LIMINE_ID(0x48dcf1cb8ad2b852ull, 0x63984e959a98244bull)
#define LIMINE_ID_MEMMAP LIMINE_ID(0x67cf3d9d378a806full, 0xe304acdfc50c3c62ull)
#define LIMINE_ID_FRAMEBUFFER LIMINE_ID(0x9d5827dcd881dd75ull, 0xa3148604f6fab11bull)
#define LIMINE_ID_KERNEL_FILE LIMINE_ID(0xad97e90e83f1ed67ull, 0x31eb5d1c5ff23b69ull)
#define LIMINE_ID_MODULE LIMINE_ID(0x3e7e279702be32afull, 0xca1c4f3bd1280ceeull)
#define LIMINE_ID_RSDP LIMINE_ID(0xc5e77b6b397e7b43ull, 0x27637845accdcf3cull)
#define LIMINE_ID_DTB LIMINE_ID(0xb40ddb48fb54bac7ull, 0x545081493f81ffb7ull)
#define LIMINE_ID_KERNEL_ADDRESS LIMINE_ID(0x71ba76863cc55f63ull, 0xb2644a48c516a487ull)
#define LIMINE_ID_SMP LIMINE_ID(0x95a67b819a1b857eull, 0xa0b61b723b6a73e0ull)

#define LIMINE_BASE_REVISION_MAGIC 0xf9562b2d5c95a6c8ull, 0x6a7b384944536bdcull
#define LIMINE_REQUESTS_START 0xf6b8f4b39de7d1aeull, 0xfab91a6940fcb9cfull, \
	0x785c6ed015d3e316ull, 0x181e920a7852b9d9ull
#define LIMINE_REQUESTS_END 0xadc0e0531bb10d03ull, 0x9572709f31764c62ull

/* Every request starts like this; the loader writes `response`. */
struct limine_request {
	uint64_t id[4];
	uint64_t revision;
	uint64_t response;
};

/* Memory map entry types. */
enum {
	LIMINE_MEM_USABLE = 0,
	LIMINE_MEM_RESERVED = 1,
	LIMINE_MEM_ACPI_RECLAIMABLE = 2,
	LIMINE_MEM_ACPI_NVS = 3,
	LIMINE_MEM_BAD = 4,
	LIMINE_MEM_BOOTLOADER_RECLAIMABLE = 5,
	LIMINE_MEM_KERNEL_AND_MODULES = 6,
	LIMINE_MEM_FRAMEBUFFER = 7,
};

/* Byte offsets in the response structures (each starts with a u64 revision). */
enum {
	LIMINE_HHDM_OFFSET = 8,          /* hhdm response: offset */
	LIMINE_LIST_COUNT = 8,           /* memmap, module, framebuffer responses: count ... */
	LIMINE_LIST_ARRAY = 16,          /* ... and a pointer to `count` pointers */
	LIMINE_ONE_POINTER = 8,          /* kernel file, rsdp, dtb responses: one address */
	LIMINE_KADDR_PHYS = 8,           /* kernel address response: physical_base, */
	LIMINE_KADDR_VIRT = 16,          /* virtual_base */
	LIMINE_MEMMAP_ENTRY_SIZE = 24,   /* base, length, type (u64 each) */
	LIMINE_FILE_ADDRESS = 8,         /* struct limine_file: revision, address, size, */
	LIMINE_FILE_SIZE = 16,           /* path, cmdline, ... */
	LIMINE_FILE_PATH = 24,
	LIMINE_FILE_CMDLINE = 32,
	LIMINE_FILE_MIN = 40,
	LIMINE_FB_ADDRESS = 0,           /* struct limine_framebuffer: address, width, */
	LIMINE_FB_HEIGHT = 16,           /* height, pitch, ... */
	LIMINE_FB_PITCH = 24,
	LIMINE_FB_MIN = 32,
	/* SMP response where processors are named by a 64-bit id (the protocol's hart-id layout):
	 * revision, flags, bsp id, count, pointer to `count` pointers to per-CPU structures
	 * (processor_id, id, reserved, goto_address, extra_argument). */
	LIMINE_SMP_BSP_ID = 16,
	LIMINE_SMP_COUNT = 24,
	LIMINE_SMP_CPUS = 32,
	LIMINE_SMP_MIN = 40,
	LIMINE_SMP_CPU_ID = 8,
	LIMINE_SMP_CPU_MIN = 40,
};

/* What the parser needs from the kernel's request block: the base revision tag's third word
 * (the loader zeroes it when it accepts the revision) and each request's response address. */
struct limine_responses {
	uint64_t base_revision_left;
	uint64_t hhdm, memmap, framebuffer, kernel_file, modules, rsdp, dtb, kernel_address;
	uint64_t smp; /* only where the architecture asks for it (CONFIG_LIMINE_SMP), else 0 */
};

struct phys_view;

/* Whether [base, end) (physical) lies in usable entries of the memory map response `memmap`.
 * NULL when it does; else why not (a malformed map, or the range is not free). Pure. */
const char *limine_range_free(const struct phys_view *pv, uint64_t memmap, uint64_t base,
			      uint64_t end);

/* The boot processor's id from an SMP response in the 64-bit id layout (LIMINE_SMP_*): NULL and
 * *id set, or why the response is unusable (absent, unreadable, no or too many processors, the
 * boot processor not in its own list). Pure. */
const char *limine_boot_cpu_id(const struct phys_view *pv, uint64_t smp, uint64_t *id);

/* The kernel's command line from the kernel file response into buf (at most max-1 characters;
 * *truncated set when cut, may be NULL); "" when there is no response. NULL, or why it is
 * unreadable (buf then holds what was read). Pure. */
const char *limine_cmdline(const struct phys_view *pv, uint64_t kernel_file, char *buf,
			   size_t max, bool *truncated);

/* Where the loaded image's byte at virtual address virt sits physically, from the kernel address
 * response: NULL and *phys set, or why not (absent, unreadable, virt below the image). Pure. */
const char *limine_loaded_phys(const struct phys_view *pv, uint64_t kaddr, uint64_t virt,
			       uint64_t *phys);

/*
 * Moving the image (kernel/boot/limine_move.c), called by the architecture's limine_entry on
 * Limine's stack and page tables. Checks the responses, makes sure the image's link physical
 * range is free memory, lets the architecture prepare (limine_arch_prepare), then copies the
 * whole loaded image there through the HHDM. NULL and *hhdm_out set, or why it cannot move
 * (nothing was copied then). The entry then switches to the boot tables the copy holds.
 */
const char *limine_move_image(uint64_t *hhdm_out);

/* A view of Limine's own mapping for code on its tables (before the move, or after it failed):
 * addresses at or above the HHDM offset are read where they are. *hhdm, the view's context, is
 * read from the HHDM response; 0 (and a view that maps nothing) when there is none. */
struct phys_view limine_loader_view(const struct limine_responses *rs, uint64_t *hhdm);

/* What the architecture's Limine code provides. */
struct limine_image {
	uint64_t phys_start, phys_end; /* where the image is linked to run, physical */
	uintptr_t virt_start;          /* the virtual address of phys_start */
};
void limine_arch_image(struct limine_image *img);
/* Fills the kernel's boot tables in the running image (the copy takes them along) and records
 * what the architecture needs from the responses (read through pv, Limine's own mapping).
 * NULL, or why the kernel cannot go on. */
const char *limine_arch_prepare(const struct limine_responses *rs, const struct phys_view *pv);
/* When the image cannot move: makes the early console reachable on Limine's tables so that
 * kmain's report of why is seen (the loaded image's first byte is at physical image_phys). Where
 * the console needs no mapping it does nothing. */
void limine_arch_fallback(uint64_t image_phys, uint64_t hhdm);

#endif /* __ASSEMBLY__ */
#endif
