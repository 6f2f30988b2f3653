/*
 * fdt_build: writes flattened device tree blobs for tests and fuzz seeds. Nodes and properties are
 * appended in order; fdt_build_finish() lays out header, reservation map, structure block and
 * strings block. Raw tokens can be appended too, so tests can build malformed structure blocks.
 */
#ifndef FDT_BUILD_H
#define FDT_BUILD_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

struct fdt_build {
	uint8_t *st;      /* structure block */
	size_t st_len, st_cap;
	char *strs;       /* strings block */
	size_t strs_len, strs_cap;
	uint64_t rsv[32][2];
	unsigned n_rsv;
	bool no_end;      /* leave out the FDT_END token */
};

/* Header field offsets, for tests that corrupt a finished blob. */
enum {
	FDTB_MAGIC = 0, FDTB_TOTALSIZE = 4, FDTB_OFF_STRUCT = 8, FDTB_OFF_STRINGS = 12,
	FDTB_OFF_RSVMAP = 16, FDTB_VERSION = 20, FDTB_LAST_COMP = 24, FDTB_BOOT_CPU = 28,
	FDTB_SIZE_STRINGS = 32, FDTB_SIZE_STRUCT = 36,
};

void fdtb_init(struct fdt_build *b);
void fdtb_free(struct fdt_build *b);
void fdtb_rsv(struct fdt_build *b, uint64_t base, uint64_t size);
void fdtb_begin(struct fdt_build *b, const char *name);
void fdtb_end(struct fdt_build *b);
void fdtb_prop(struct fdt_build *b, const char *name, const void *val, uint32_t len);
void fdtb_prop_str(struct fdt_build *b, const char *name, const char *s);
void fdtb_prop_u32(struct fdt_build *b, const char *name, uint32_t v);
/* n big-endian cells from the variadic uint32_t arguments. */
void fdtb_prop_cells(struct fdt_build *b, const char *name, unsigned n, ...);
/* Raw big-endian word or bytes in the structure block. */
void fdtb_raw32(struct fdt_build *b, uint32_t v);
void fdtb_raw(struct fdt_build *b, const void *p, size_t n);
/* Offset a property name has (or gets) in the strings block. */
uint32_t fdtb_string(struct fdt_build *b, const char *name);

/* Returns a malloc'd blob of *len bytes. */
uint8_t *fdtb_finish(struct fdt_build *b, size_t *len);

void fdtb_put32(uint8_t *blob, size_t off, uint32_t v);
uint32_t fdtb_get32(const uint8_t *blob, size_t off);

/* A tree shaped like what QEMU virt hands over: two memory nodes, memreserve, reserved-memory,
 * chosen with bootargs and an initrd, a uart. Used by unit tests and as a fuzz seed. */
uint8_t *fdtb_sample(size_t *len);

#endif

struct fdt;
/* Calls every fdt.h accessor over a tree fdt_open() accepted (every node, common properties,
 * reg pairs, reservations, path lookups). Returns the number of nodes visited. For tests that
 * only care that nothing reads out of bounds, and for the fuzzer. */
unsigned fdtb_exercise(const struct fdt *f);
