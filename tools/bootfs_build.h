/*
 * bootfs_build: writes a boot archive (lib/include/bootfs.h, docs/binaries.md) from files in
 * memory. Host-only (allocates); used by tools/mkbootfs and by the unit tests.
 */
#ifndef TOOLS_BOOTFS_BUILD_H
#define TOOLS_BOOTFS_BUILD_H

#include <stddef.h>
#include <stdint.h>

struct bootfs_input {
	const char *name;
	const void *data;
	size_t size;
};

/* Sorts the n inputs by name (in place), lays them out and returns NULL with a malloc'd archive
 * in *out, or a message (name too long or not printable, duplicate name, too many files). */
const char *bootfs_build(struct bootfs_input *in, size_t n, uint8_t **out, size_t *outlen);

#endif
