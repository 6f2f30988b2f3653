/*
 * The RAM file system's invariant check (ramfs_check, ramfs.h): every counter and chain of the
 * arena recomputed from scratch and compared, for the tests and fuzzers after each operation.
 */
#include <ramfs.h>
#include "ramfs_internal.h"
#include <mem.h>

const char *ramfs_check(const struct ramfs *fs)
{
	uint64_t used = 0;
	uint32_t free_nodes = 0;
	for (uint32_t i = 0; i < fs->nnodes; i++) {
		const struct ramfs_node *n = &fs->nodes[i];
		if (n->state == SLOT_FREE) {
			free_nodes++;
			continue;
		}
		if (n->state == SLOT_RETIRED)
			continue;
		if (n->state != SLOT_LIVE)
			return "a slot has an unknown state";
		if (n->uid >= fs->nusers || n->muid >= fs->nusers)
			return "a node names an unknown user";
		if (n->name[RAMFS_NAMELEN - 1] != 0 || n->name[0] == 0)
			return "a node's name is empty or unterminated";
		if (n->parent >= fs->nnodes || fs->nodes[n->parent].state != SLOT_LIVE ||
		    !isdir(&fs->nodes[n->parent]))
			return "a node's parent is not a live directory";
		if ((i == 0) != (n->parent == i))
			return "only the root is its own parent";
		if (i != 0) {
			/* Exactly once in its parent's list, and no sibling with the same name. */
			uint32_t seen = 0, steps = 0;
			const struct ramfs_node *d = &fs->nodes[n->parent];
			for (uint32_t c = d->child; c != RAMFS_NIL; c = fs->nodes[c].sibling) {
				if (c >= fs->nnodes || ++steps > fs->nnodes)
					return "a directory list is broken or cyclic";
				if (c == i)
					seen++;
				else if (strcmp(fs->nodes[c].name, n->name) == 0)
					return "two entries in a directory have the same name";
			}
			if (seen != 1)
				return "a node is not in its parent's list exactly once";
		}
		if (!isdir(n) && n->child != RAMFS_NIL)
			return "a file has children";
		if (isdir(n) && (n->nblocks || n->length))
			return "a directory has data";
		for (uint32_t c = n->child, steps = 0; c != RAMFS_NIL; c = fs->nodes[c].sibling) {
			if (c >= fs->nnodes || ++steps > fs->nnodes)
				return "a directory list is broken or cyclic";
			if (fs->nodes[c].state != SLOT_LIVE || fs->nodes[c].parent != i)
				return "a directory lists a node that is not its child";
		}
		if (n->nblocks != blocks_for(n->length))
			return "a file's block count does not match its length";
		uint32_t len = 0;
		bool cache_ok = n->cache_p == RAMFS_NIL;
		for (uint32_t b = n->first; b != RAMFS_NIL; b = fs->next[b]) {
			if (b >= fs->nblocks || ++len > n->nblocks)
				return "a file's block chain is longer than its block count";
			cache_ok |= len - 1 == n->cache_l && b == n->cache_p;
			if (fs->next[b] == RAMFS_NIL && n->length % RAMFS_BLOCK) {
				const uint8_t *p = block_data(fs, b);
				for (uint32_t k = (uint32_t)(n->length % RAMFS_BLOCK); k < RAMFS_BLOCK; k++)
					if (p[k])
						return "bytes past a file's end are not zero";
			}
		}
		if (len != n->nblocks)
			return "a file's block chain is shorter than its block count";
		if (!cache_ok)
			return "a file's block cursor does not name the block it claims to";
		used += len;
	}
	if (free_nodes != fs->free_nodes)
		return "the free slot count is wrong";
	uint32_t flen = 0;
	for (uint32_t b = fs->free_head; b != RAMFS_NIL; b = fs->next[b])
		if (b >= fs->nblocks || ++flen > fs->free_blocks)
			return "the free list is longer than its count";
	if (flen != fs->free_blocks)
		return "the free list is shorter than its count";
	if (used + flen != fs->nblocks)
		return "blocks are lost or counted twice";
	/* With the counts adding up, chains are disjoint iff no block has two ways in. */
	for (uint32_t b = 0; b < fs->nblocks; b++) {
		uint32_t in = fs->free_head == b;
		for (uint32_t i = 0; i < fs->nnodes; i++)
			in += fs->nodes[i].state == SLOT_LIVE && fs->nodes[i].nblocks &&
			      fs->nodes[i].first == b;
		for (uint32_t x = 0; x < fs->nblocks; x++)
			in += fs->next[x] == b;
		if (in != 1)
			return "a block is shared by two chains or reachable from none";
	}
	return NULL;
}
