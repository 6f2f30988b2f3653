/*
 * ramfs: a RAM file system served through p9_ops (docs/servers.md): directories and files that
 * clients create, write, read, rename and remove, as /tmp and the writable parts of the tree.
 *
 * It owns one caller-provided byte region (the arena) and allocates only inside it: no malloc,
 * freestanding C17. The arena holds a fixed table of nodes (one per file or directory, names
 * inline), a block map and fixed-size data blocks. Every operation that needs space checks for
 * all of it before changing anything, so a full arena gives Rerror RAMFS_ENOSPACE and leaves the
 * tree exactly as it was; removing files gives the space back.
 *
 * Nodes handed to the 9P loop are handles (slot index + generation), not pointers: a fid that
 * still names a removed file gets "file has been removed", never another file that reused the
 * slot. A slot whose generation would wrap is retired instead of reused.
 *
 * Sessions: the fs (struct ramfs) is shared; each 9P session gets its own struct ramfs_session,
 * which is the `tree` argument of the callbacks and remembers the attaching user. Permissions
 * are checked the simple Plan 9 way: the owner bits if the session's user owns the file, else
 * the other bits (there are no groups yet). A session's user is fixed by its first Tattach and
 * kept across a Tversion (it is the connection's). Until authentication exists the attach name is
 * taken on trust, so this separates cooperating users, not hostile ones.
 *
 * Not owned here: the transport, the fid table, the clock (the caller sets fs->now).
 */
#ifndef RAMFS_H
#define RAMFS_H

#include <p9.h>

#define RAMFS_NAMELEN 56u   /* longest file name + 1 */
#define RAMFS_UIDLEN 24u    /* longest user name + 1 */
#define RAMFS_MAXUSERS 8u   /* distinct user names (owners and attachers) over the fs's life */
#define RAMFS_BLOCK 512u    /* data block size: a file uses ceil(length / 512) blocks */
#define RAMFS_MAXNODES 65535u
#define RAMFS_NIL 0xffffffffu

/* The Rerror text when the arena has no room for a write, a file or a directory. */
#define RAMFS_ENOSPACE "no space left in the file system"

/* One file or directory. Lives in the arena; its layout is internal (ramfs.c). */
struct ramfs_node {
	uintptr_t gen;     /* generation of the handle naming this slot's current file */
	uint8_t state;     /* free, live, or retired (generation exhausted) */
	uint8_t uid, muid; /* user table indices: owner, last modifier */
	uint16_t opens;    /* fids open on it (DMEXCL allows one) */
	uint32_t parent, child, sibling; /* slot indices or RAMFS_NIL; the root is its own parent */
	uint32_t mode;     /* permission bits | P9_DM* */
	uint32_t vers;
	uint32_t atime, mtime;
	uint64_t path;     /* qid path, never reused */
	uint64_t length;
	uint32_t first, nblocks;     /* data block chain */
	uint32_t cache_l, cache_p;   /* last block looked up: logical and physical index */
	char name[RAMFS_NAMELEN];
};

struct ramfs {
	struct ramfs_node *nodes; /* in the arena */
	uint32_t nnodes;
	uint32_t *next;           /* block map in the arena: next block of a chain, or RAMFS_NIL */
	uint8_t *blocks;          /* nblocks * RAMFS_BLOCK bytes in the arena */
	uint32_t nblocks;
	uint32_t free_head, free_blocks; /* free blocks, chained through next[] */
	uint32_t free_nodes;      /* free (not live, not retired) slots */
	uint32_t alloc_hint;      /* next-fit start for slot allocation, to spread reuse */
	uintptr_t max_gen;        /* a slot with this generation is retired, not reused */
	uint64_t next_path;
	uint32_t now;             /* seconds the caller says it is; stamped into atime/mtime */
	char users[RAMFS_MAXUSERS][RAMFS_UIDLEN];
	uint32_t nusers;
	/* Directory read cache: readdir(dir, i) after readdir(dir, i - 1) is O(1). */
	void *rd_dir;
	uint32_t rd_index, rd_node;
};

/* One 9P session's view: the tree argument of ramfs_ops. */
struct ramfs_session {
	struct ramfs *fs;
	uint8_t user;  /* user table index, valid when attached */
	bool attached;
};

extern const struct p9_ops ramfs_ops;

/*
 * Lays the fs out in arena[0..size): max_nodes slots (1..RAMFS_MAXNODES, the root included),
 * the rest blocks. The root is a directory owned by owner with mode 0777. Returns NULL or why
 * not ("arena too small for the node table and one block", ...).
 */
const char *ramfs_init(struct ramfs *fs, void *arena, size_t size, uint32_t max_nodes,
		       const char *owner);

/* A session over fs, before its Tattach. */
void ramfs_session_init(struct ramfs_session *s, struct ramfs *fs);

/* Free data bytes (whole blocks) and free node slots. */
uint64_t ramfs_free_bytes(const struct ramfs *fs);
uint32_t ramfs_free_nodes(const struct ramfs *fs);

/* Checks every invariant of the arena and tree (block chains, free list, links, names); NULL
 * or the first one broken. For tests and fuzzers: O(nodes * blocks) in the worst case. */
const char *ramfs_check(const struct ramfs *fs);

#endif
