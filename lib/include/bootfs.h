/*
 * bootfs: the boot archive, a flat read-only set of named files that the boot loader hands to the
 * kernel next to it (init, the first servers, their configuration). Format in docs/binaries.md;
 * tools/mkbootfs writes it.
 *
 * bootfs_open() validates the header and the whole entry table once (magic, version, checksum,
 * names, every offset and size against the archive size, page alignment, order, overlaps), so the
 * lookups afterwards never read outside the archive. This module does not check file contents:
 * executables inside carry their own signatures (macho.h). Read-only, no allocation, freestanding.
 */
#ifndef BOOTFS_H
#define BOOTFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Layout, all little-endian:
 *   header  magic u32 0, version u32 4, count u32 8, checksum u32 12, size u64 16,
 *           reserved u64 24 (must be 0)
 *   entry   name[48] 0 (NUL-terminated, NUL-padded), offset u64 48, size u64 56
 * count entries follow the header; file data starts at the first page boundary after them.
 */
#define BOOTFS_MAGIC 0x53464246u /* "FBFS" read as a little-endian u32 */
#define BOOTFS_VERSION 1u
#define BOOTFS_HEADER_SIZE 32u
#define BOOTFS_ENTRY_SIZE 64u
#define BOOTFS_NAME_SIZE 48u /* including the terminating NUL: names have at most 47 bytes */
#define BOOTFS_ALIGN 4096u   /* file offsets and the archive size: so files can be mapped in place */
#define BOOTFS_MAX_ENTRIES 1024u

struct bootfs {
	const uint8_t *base;
	uint64_t size; /* from the header, checked to be <= what the caller can read */
	uint32_t count;
};

struct bootfs_file {
	const char *name; /* NUL-terminated, inside the archive */
	const void *data; /* base + offset */
	uint64_t offset, size;
};

/* Validates the archive; avail is how many bytes at blob the caller may read. Returns NULL or a
 * message saying what is wrong ("bad magic", "an entry extends past the end of the archive", ...). */
const char *bootfs_open(struct bootfs *fs, const void *blob, size_t avail);

/* Looks name up (exact match; entries are sorted so this is a binary search). */
bool bootfs_find(const struct bootfs *fs, const char *name, struct bootfs_file *out);

/* The index-th entry in name order; false past the end. */
bool bootfs_entry(const struct bootfs *fs, uint32_t index, struct bootfs_file *out);

/* CRC-32 (the IEEE 802.3 polynomial, as in zlib) continued from crc; start with 0. The header's
 * checksum is this over the header, with the checksum field taken as zero, and the entry table. */
uint32_t bootfs_crc32(uint32_t crc, const void *data, size_t len);

#endif
