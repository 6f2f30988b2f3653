/*
 * What ramfs.c and ramfs_check.c share about the arena (layout: ramfs.c's opening comment).
 */
#ifndef RAMFS_INTERNAL_H
#define RAMFS_INTERNAL_H

#include <ramfs.h>
#include <stdbool.h>
#include <stdint.h>

/* A node slot's state. */
enum { SLOT_FREE, SLOT_LIVE, SLOT_RETIRED };

static inline bool isdir(const struct ramfs_node *n)
{
	return (n->mode & P9_DMDIR) != 0;
}

static inline uint32_t blocks_for(uint64_t length)
{
	/* Callers bound length by the arena, so the quotient fits in u32. */
	return (uint32_t)((length + RAMFS_BLOCK - 1) / RAMFS_BLOCK);
}

static inline uint8_t *block_data(const struct ramfs *fs, uint32_t b)
{
	return fs->blocks + (size_t)b * RAMFS_BLOCK;
}

#endif
