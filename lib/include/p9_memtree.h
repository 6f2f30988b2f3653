/*
 * p9_memtree: a small in-memory file tree served through p9_ops, the worked example of how a
 * server fills the callback table (docs/9p.md); the 9P unit tests and fuzzers serve it.
 *
 * It owns nothing but the caller's node array: each node holds its name and up to
 * P9_MEMTREE_DATA bytes of contents inline. A removed node is unlinked and marked dead but its
 * slot is never reused, because the loop's fids borrow node pointers (p9.h) and a reused slot
 * would make a stale fid name a different file. Permissions: only the owner bits of the mode are
 * checked (0400 to read, 0200 to write, 0200 on a directory to create or remove in it).
 */
#ifndef P9_MEMTREE_H
#define P9_MEMTREE_H

#include <p9.h>

#define P9_MEMTREE_NAME 32u  /* longest name + 1 */
#define P9_MEMTREE_DATA 512u /* largest file */

struct p9_memnode {
	bool used, dead;
	struct p9_memnode *parent; /* the root is its own parent */
	char name[P9_MEMTREE_NAME];
	uint32_t mode;             /* permission bits | P9_DMDIR */
	struct p9_qid qid;
	uint32_t mtime;
	uint32_t len;
	uint8_t data[P9_MEMTREE_DATA];
};

struct p9_memtree {
	struct p9_memnode *nodes;
	size_t cap;
	uint64_t next_path;
	const char *uid; /* owner shown in every stat */
};

extern const struct p9_ops p9_memtree_ops;

/* Makes nodes[0] the root directory (mode 0777 | DMDIR); false when cap is 0. */
bool p9_memtree_init(struct p9_memtree *t, struct p9_memnode *nodes, size_t cap, const char *uid);
/* Adds a file (or a directory when mode has P9_DMDIR) under parent with the given contents;
 * NULL when the name is bad or taken, the contents too long, or no slot is left. */
struct p9_memnode *p9_memtree_add(struct p9_memtree *t, struct p9_memnode *parent,
				  const char *name, uint32_t mode, const void *data, uint32_t len);

#endif
