/*
 * fdt: a strict reader for flattened device trees (DTB, devicetree specification v0.4, format
 * version 16/17). fdt_open() validates the header and walks the whole structure block once, so a
 * blob it accepts has well-formed tokens, NUL-terminated names inside the blob, property names
 * inside the strings block and balanced nodes; the accessors then never read outside the blob.
 * Shared by the kernel (boot) and userspace (device manager). Read-only, no allocation.
 */
#ifndef FDT_H
#define FDT_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#define FDT_MAGIC 0xd00dfeedu
#define FDT_HEADER_SIZE 40u

struct fdt {
	const uint8_t *blob;
	uint32_t size; /* totalsize from the header, checked against what the caller can read */
	uint32_t off_struct, size_struct;
	uint32_t off_strings, size_strings;
	uint32_t off_rsvmap;
	uint32_t n_rsv; /* memory reservation entries before the terminator */
};

/* Reads a header's totalsize without validating the rest (0 when the magic is wrong or the
 * header does not fit in avail): lets a caller size the mapping before fdt_open(). */
uint32_t fdt_peek_size(const void *blob, size_t avail);

/* Validates the blob; avail is how many bytes at blob the caller may read. Returns NULL on success
 * or a message saying what is wrong ("bad magic", "structure block past end of blob", ...). */
const char *fdt_open(struct fdt *f, const void *blob, size_t avail);

/* Node offsets are offsets of FDT_BEGIN_NODE tokens inside the structure block; the root is 0's
 * first node. Negative means "none". */
int fdt_root(const struct fdt *f);
/* Depth-first successor of node (any depth); *depth is adjusted by the levels moved (+1 into a
 * child, 0 for a sibling, negative when climbing). Returns -1 at the end of the tree. */
int fdt_next_node(const struct fdt *f, int node, int *depth);
/* First direct child of parent, or next direct sibling after child; -1 when there is none. */
int fdt_first_child(const struct fdt *f, int parent);
int fdt_next_sibling(const struct fdt *f, int node);
/* The node's name including any unit address ("memory@40000000"); "" for the root. */
const char *fdt_node_name(const struct fdt *f, int node);
/* Direct child whose name equals name, or whose name before '@' equals name when name has no '@'. */
int fdt_subnode(const struct fdt *f, int parent, const char *name);
/* Absolute path lookup ("/chosen", "/reserved-memory"); -1 when absent. */
int fdt_path(const struct fdt *f, const char *path);

/* The value of property name on node; *len receives its length. NULL when absent. */
const void *fdt_prop(const struct fdt *f, int node, const char *name, uint32_t *len);
/* A property holding a NUL-terminated string inside its length, else NULL. */
const char *fdt_prop_string(const struct fdt *f, int node, const char *name);
/* A one-cell (u32) property, or dflt when absent or not exactly 4 bytes. */
uint32_t fdt_prop_u32(const struct fdt *f, int node, const char *name, uint32_t dflt);
/* True when the node's "compatible" string list contains compat. */
bool fdt_is_compatible(const struct fdt *f, int node, const char *compat);

/* Reads a big-endian number of ncells 32-bit cells (1 or 2; 0 reads as 0). */
uint64_t fdt_cells(const void *p, uint32_t ncells);

/* Iterates "reg" pairs: call with *index = 0 and the parent's #address-cells / #size-cells;
 * returns false when no more complete pairs remain (a trailing partial pair is ignored and
 * reported through *malformed when not NULL). */
bool fdt_reg(const struct fdt *f, int node, uint32_t acells, uint32_t scells, uint32_t *index,
	     uint64_t *base, uint64_t *size, bool *malformed);

/* The i-th memory reservation map entry. */
bool fdt_rsv(const struct fdt *f, uint32_t i, uint64_t *base, uint64_t *size);

#endif
