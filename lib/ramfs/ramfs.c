/*
 * The RAM file system; see ramfs.h and docs/servers.md. Its invariant check is ramfs_check.c.
 *
 * Arena layout: [node table][block map: one u32 per block][blocks]. A file's data is a chain of
 * blocks linked through the block map (like a FAT); free blocks form one more chain. Bytes past
 * a file's length inside its last block are always zero, so extending a file (a sparse write,
 * a wstat of the length) only has to allocate zeroed blocks. Directories are linked lists of
 * children (child, sibling) in creation order.
 *
 * Every mutation first checks all it needs (permissions, names, free blocks, free slots) and
 * only then changes state, so an error leaves the tree untouched.
 */
#include <ramfs.h>
#include "ramfs_internal.h"
#include <mem.h>

/* Who may do what: the bits of a mode checked for one access. */
#define AREAD 4u
#define AWRITE 2u
#define AEXEC 1u

#define SS(tree) ((struct ramfs_session *)(tree))

/* ---- Handles: node = 1 + index + nnodes * generation (0 is never a handle) ---- */

static void *handle_of(const struct ramfs *fs, uint32_t i)
{
	return (void *)(1u + (uintptr_t)i + (uintptr_t)fs->nnodes * fs->nodes[i].gen);
}

/* The live node a handle names, or NULL if it was removed (or never was). */
static struct ramfs_node *node_of(const struct ramfs *fs, const void *h, uint32_t *index)
{
	uintptr_t v = (uintptr_t)h;
	if (v == 0)
		return NULL;
	v--;
	uint32_t i = (uint32_t)(v % fs->nnodes);
	uintptr_t gen = v / fs->nnodes;
	struct ramfs_node *n = &fs->nodes[i];
	if (n->state != SLOT_LIVE || n->gen != gen)
		return NULL;
	if (index)
		*index = i;
	return n;
}

static struct p9_qid qid_of(const struct ramfs_node *n)
{
	return (struct p9_qid){ (uint8_t)(n->mode >> 24), n->vers, n->path };
}

/* ---- Users ---- */

static int user_find(const struct ramfs *fs, struct p9_str name)
{
	for (uint32_t i = 0; i < fs->nusers; i++)
		if (p9_str_eq(name, fs->users[i]))
			return (int)i;
	return -1;
}

static const char *user_add(struct ramfs *fs, struct p9_str name, uint8_t *out)
{
	int u = user_find(fs, name);
	if (u >= 0) {
		*out = (uint8_t)u;
		return NULL;
	}
	if (name.len == 0)
		return "empty user name";
	if (name.len >= RAMFS_UIDLEN)
		return "user name too long";
	if (fs->nusers == RAMFS_MAXUSERS)
		return "too many distinct users on this file system";
	memcpy(fs->users[fs->nusers], name.s, name.len);
	fs->users[fs->nusers][name.len] = 0;
	*out = (uint8_t)fs->nusers++;
	return NULL;
}

/* Plan 9's check without groups: the owner bits for the owner, the other bits for the rest. */
static bool allowed(const struct ramfs_session *s, const struct ramfs_node *n, uint32_t want)
{
	uint32_t bits = n->uid == s->user ? (n->mode >> 6) & 7u : n->mode & 7u;
	return (bits & want) == want;
}

/* ---- Blocks ---- */

/* The physical block holding logical block l of n (l < n->nblocks). Sequential access is O(1)
 * through the per-node cache; anything else walks from the nearer of the cache and the head. */
static uint32_t block_at(const struct ramfs *fs, struct ramfs_node *n, uint32_t l)
{
	uint32_t b = n->first, at = 0;
	if (n->cache_p != RAMFS_NIL && n->cache_l <= l) {
		b = n->cache_p;
		at = n->cache_l;
	}
	while (at < l) {
		b = fs->next[b];
		at++;
	}
	n->cache_l = l;
	n->cache_p = b;
	return b;
}

/* Grows n's chain to want blocks, zero-filled. The caller has checked free_blocks. */
static void blocks_grow(struct ramfs *fs, struct ramfs_node *n, uint32_t want)
{
	uint32_t last = n->nblocks ? block_at(fs, n, n->nblocks - 1) : RAMFS_NIL;
	while (n->nblocks < want) {
		uint32_t b = fs->free_head;
		fs->free_head = fs->next[b];
		fs->free_blocks--;
		fs->next[b] = RAMFS_NIL;
		memset(block_data(fs, b), 0, RAMFS_BLOCK);
		if (last == RAMFS_NIL)
			n->first = b;
		else
			fs->next[last] = b;
		last = b;
		n->nblocks++;
	}
}

/* Sets n's length, freeing blocks past it and zeroing the tail of the new last block so the
 * "zero past the end" rule holds; growing needs the blocks checked free by the caller. */
static void set_length(struct ramfs *fs, struct ramfs_node *n, uint64_t length)
{
	uint32_t want = blocks_for(length);
	if (want > n->nblocks) {
		blocks_grow(fs, n, want);
	} else if (want < n->nblocks) {
		uint32_t b;
		if (want == 0) {
			b = n->first;
			n->first = RAMFS_NIL;
		} else {
			uint32_t last = block_at(fs, n, want - 1);
			b = fs->next[last];
			fs->next[last] = RAMFS_NIL;
		}
		while (b != RAMFS_NIL) {
			uint32_t nx = fs->next[b];
			fs->next[b] = fs->free_head;
			fs->free_head = b;
			fs->free_blocks++;
			b = nx;
		}
		n->nblocks = want;
		n->cache_l = 0;
		n->cache_p = n->first; /* RAMFS_NIL when empty */
	}
	if (length < n->length && length % RAMFS_BLOCK) {
		uint8_t *p = block_data(fs, block_at(fs, n, (uint32_t)(length / RAMFS_BLOCK)));
		uint32_t from = (uint32_t)(length % RAMFS_BLOCK);
		uint64_t upto = n->length - (length - from); /* old end within this block, or past */
		memset(p + from, 0, (upto > RAMFS_BLOCK ? RAMFS_BLOCK : (size_t)upto) - from);
	}
	n->length = length;
}

/* Can n grow to length bytes? Bounded by the arena, so no arithmetic on it can overflow. */
static bool room_for(const struct ramfs *fs, const struct ramfs_node *n, uint64_t length)
{
	uint64_t total = (uint64_t)fs->nblocks * RAMFS_BLOCK;
	if (length > total)
		return false;
	uint32_t want = blocks_for(length);
	return want <= n->nblocks || want - n->nblocks <= fs->free_blocks;
}

/* ---- Nodes and names ---- */

static const char *check_name(struct p9_str s)
{
	if (s.len == 0 || (s.len == 1 && s.s[0] == '.') ||
	    (s.len == 2 && s.s[0] == '.' && s.s[1] == '.'))
		return "bad file name";
	if (memchr(s.s, '/', s.len) || memchr(s.s, 0, s.len))
		return "bad file name";
	if (s.len >= RAMFS_NAMELEN)
		return "file name too long";
	return NULL;
}

static uint32_t lookup(const struct ramfs *fs, const struct ramfs_node *dir, struct p9_str name)
{
	for (uint32_t c = dir->child; c != RAMFS_NIL; c = fs->nodes[c].sibling)
		if (p9_str_eq(name, fs->nodes[c].name))
			return c;
	return RAMFS_NIL;
}

/* A free slot, next-fit from the hint so generations advance evenly across slots. */
static uint32_t slot_alloc(struct ramfs *fs)
{
	if (fs->free_nodes == 0)
		return RAMFS_NIL;
	for (uint32_t k = 0; k < fs->nnodes; k++) {
		uint32_t i = (fs->alloc_hint + k) % fs->nnodes;
		if (fs->nodes[i].state == SLOT_FREE) {
			fs->alloc_hint = (i + 1) % fs->nnodes;
			fs->free_nodes--;
			return i;
		}
	}
	return RAMFS_NIL; /* unreachable while free_nodes is right; ramfs_check verifies it */
}

/* Frees slot i (already unlinked, no blocks): its next file gets a new generation, so every
 * handle to this one goes stale. */
static void slot_free(struct ramfs *fs, uint32_t i)
{
	struct ramfs_node *n = &fs->nodes[i];
	uintptr_t gen = n->gen;
	memset(n, 0, sizeof *n);
	if (gen >= fs->max_gen) {
		n->gen = gen;
		n->state = SLOT_RETIRED;
		return;
	}
	n->gen = gen + 1;
	n->state = SLOT_FREE;
	fs->free_nodes++;
}

static void link_child(struct ramfs *fs, uint32_t dir, uint32_t c)
{
	uint32_t *p = &fs->nodes[dir].child;
	while (*p != RAMFS_NIL)
		p = &fs->nodes[*p].sibling;
	*p = c;
	fs->nodes[c].sibling = RAMFS_NIL;
	fs->nodes[c].parent = dir;
}

static void unlink_child(struct ramfs *fs, uint32_t dir, uint32_t c)
{
	uint32_t *p = &fs->nodes[dir].child;
	while (*p != c)
		p = &fs->nodes[*p].sibling;
	*p = fs->nodes[c].sibling;
}

/* A directory's contents changed: its version moves and cached listings are void. */
static void dir_changed(struct ramfs *fs, struct ramfs_node *dir, uint8_t user)
{
	dir->vers++;
	dir->mtime = fs->now;
	dir->muid = user;
	fs->rd_dir = NULL;
}

/* ---- Setup ---- */

const char *ramfs_init(struct ramfs *fs, void *arena, size_t size, uint32_t max_nodes,
		       const char *owner)
{
	memset(fs, 0, sizeof *fs);
	if (!arena)
		return "no arena";
	if (max_nodes == 0 || max_nodes > RAMFS_MAXNODES)
		return "node count out of range";
	uintptr_t base = (uintptr_t)arena;
	uintptr_t al = (base + _Alignof(struct ramfs_node) - 1) & ~(uintptr_t)(_Alignof(struct ramfs_node) - 1);
	size_t skip = al - base;
	size_t table = (size_t)max_nodes * sizeof(struct ramfs_node);
	if (size < skip || size - skip < table)
		return "arena too small for the node table";
	size_t rest = size - skip - table;
	size_t nb = rest / (RAMFS_BLOCK + sizeof(uint32_t));
	if (nb == 0)
		return "arena too small for one data block";
	if (nb > RAMFS_NIL - 1)
		nb = RAMFS_NIL - 1; /* block numbers are u32 and RAMFS_NIL is no block */
	fs->nodes = (struct ramfs_node *)al;
	fs->nnodes = max_nodes;
	fs->next = (uint32_t *)(al + table); /* table is a multiple of the node alignment >= 4 */
	fs->nblocks = (uint32_t)nb;
	fs->blocks = (uint8_t *)(fs->next + nb);
	fs->max_gen = (UINTPTR_MAX - max_nodes) / max_nodes;
	memset(fs->nodes, 0, table);
	for (uint32_t b = 0; b < fs->nblocks; b++)
		fs->next[b] = b + 1 < fs->nblocks ? b + 1 : RAMFS_NIL;
	fs->free_head = 0;
	fs->free_blocks = fs->nblocks;
	fs->free_nodes = max_nodes - 1;
	fs->alloc_hint = 1;

	uint8_t u;
	const char *err = user_add(fs, p9_str(owner ? owner : "none"), &u);
	if (err)
		return err;
	struct ramfs_node *root = &fs->nodes[0];
	root->state = SLOT_LIVE;
	root->parent = 0;
	root->child = root->sibling = RAMFS_NIL;
	root->first = root->cache_p = RAMFS_NIL;
	root->mode = P9_DMDIR | 0777u;
	root->name[0] = '/';
	root->uid = root->muid = u;
	root->path = fs->next_path++;
	return NULL;
}

void ramfs_session_init(struct ramfs_session *s, struct ramfs *fs)
{
	*s = (struct ramfs_session){ .fs = fs };
}

uint64_t ramfs_free_bytes(const struct ramfs *fs)
{
	return (uint64_t)fs->free_blocks * RAMFS_BLOCK;
}

uint32_t ramfs_free_nodes(const struct ramfs *fs)
{
	return fs->free_nodes;
}

/* ---- The callbacks ---- */

static const char *rf_attach(void *tree, struct p9_str uname, struct p9_str aname, void **node,
			     struct p9_qid *qid)
{
	struct ramfs_session *s = SS(tree);
	(void)aname; /* one tree per fs */
	uint8_t u;
	/* One user per session: a second attach under another name would let a session change
	 * identity between requests. */
	if (s->attached) {
		if (!p9_str_eq(uname, s->fs->users[s->user]))
			return "session already attached as another user";
	} else {
		const char *err = user_add(s->fs, uname, &u);
		if (err)
			return err;
		s->user = u;
		s->attached = true;
	}
	*node = handle_of(s->fs, 0);
	*qid = qid_of(&s->fs->nodes[0]);
	return NULL;
}

static const char *rf_walk(void *tree, void *dir, struct p9_str name, void **out,
			   struct p9_qid *qid)
{
	struct ramfs_session *s = SS(tree);
	struct ramfs *fs = s->fs;
	struct ramfs_node *d = node_of(fs, dir, NULL);
	if (!d)
		return "file has been removed";
	if (!allowed(s, d, AEXEC))
		return "permission denied";
	uint32_t c;
	if (name.len == 2 && name.s[0] == '.' && name.s[1] == '.')
		c = d->parent;
	else
		c = lookup(fs, d, name);
	if (c == RAMFS_NIL)
		return "file does not exist";
	*out = handle_of(fs, c);
	*qid = qid_of(&fs->nodes[c]);
	return NULL;
}

/* What an open mode asks of the permission bits. */
static uint32_t access_for(uint8_t mode)
{
	uint32_t a = 0;
	switch (mode & 3u) {
	case P9_OREAD: a = AREAD; break;
	case P9_OWRITE: a = AWRITE; break;
	case P9_ORDWR: a = AREAD | AWRITE; break;
	default: a = AEXEC; break;
	}
	if (mode & P9_OTRUNC)
		a |= AWRITE;
	return a;
}

static const char *rf_open(void *tree, void *node, uint8_t mode, struct p9_qid *qid)
{
	struct ramfs_session *s = SS(tree);
	struct ramfs *fs = s->fs;
	uint32_t i;
	struct ramfs_node *n = node_of(fs, node, &i);
	if (!n)
		return "file has been removed";
	if (!allowed(s, n, access_for(mode)))
		return "permission denied";
	if ((mode & P9_ORCLOSE) && (i == 0 || !allowed(s, &fs->nodes[n->parent], AWRITE)))
		return "permission denied";
	if ((n->mode & P9_DMEXCL) && n->opens)
		return "file already open for exclusive use";
	if (n->opens == UINT16_MAX)
		return "file open too many times";
	if ((mode & P9_OTRUNC) && !isdir(n) && n->length) {
		set_length(fs, n, 0);
		n->vers++;
		n->mtime = fs->now;
		n->muid = s->user;
	}
	n->atime = fs->now;
	n->opens++; /* the loop marks the fid open whenever open succeeds; clunk undoes this */
	*qid = qid_of(n);
	return NULL;
}

static const char *rf_read(void *tree, void *node, uint64_t offset, uint8_t *buf,
			   uint32_t *count)
{
	struct ramfs *fs = SS(tree)->fs;
	struct ramfs_node *n = node_of(fs, node, NULL);
	if (!n)
		return "file has been removed";
	if (offset >= n->length) {
		*count = 0;
		return NULL;
	}
	uint64_t left = n->length - offset;
	uint32_t want = *count > left ? (uint32_t)left : *count;
	uint32_t done = 0;
	while (done < want) {
		uint64_t at = offset + done;
		uint32_t in = (uint32_t)(at % RAMFS_BLOCK);
		uint32_t k = RAMFS_BLOCK - in;
		if (k > want - done)
			k = want - done;
		const uint8_t *p = block_data(fs, block_at(fs, n, (uint32_t)(at / RAMFS_BLOCK)));
		memcpy(buf + done, p + in, k);
		done += k;
	}
	*count = done;
	n->atime = fs->now;
	return NULL;
}

static const char *rf_write(void *tree, void *node, uint64_t offset, const uint8_t *data,
			    uint32_t *count)
{
	struct ramfs_session *s = SS(tree);
	struct ramfs *fs = s->fs;
	struct ramfs_node *n = node_of(fs, node, NULL);
	if (!n)
		return "file has been removed";
	if (isdir(n))
		return "is a directory"; /* the loop refuses first; kept for direct callers */
	if (n->mode & P9_DMAPPEND)
		offset = n->length; /* append-only: every write goes at the end */
	uint32_t cnt = *count;
	if (cnt == 0)
		return NULL; /* nothing to write: not even a sparse extension */
	uint64_t total = (uint64_t)fs->nblocks * RAMFS_BLOCK;
	if (offset > total || cnt > total - offset || !room_for(fs, n, offset + cnt))
		return RAMFS_ENOSPACE; /* checked whole: a write is all or nothing */
	uint64_t end = offset + cnt;
	if (blocks_for(end) > n->nblocks)
		blocks_grow(fs, n, blocks_for(end)); /* zeroed: the gap of a sparse write reads 0 */
	uint32_t done = 0;
	while (done < cnt) {
		uint64_t at = offset + done;
		uint32_t in = (uint32_t)(at % RAMFS_BLOCK);
		uint32_t k = RAMFS_BLOCK - in;
		if (k > cnt - done)
			k = cnt - done;
		uint8_t *p = block_data(fs, block_at(fs, n, (uint32_t)(at / RAMFS_BLOCK)));
		memcpy(p + in, data + done, k);
		done += k;
	}
	if (end > n->length)
		n->length = end;
	n->vers++;
	n->mtime = fs->now;
	n->muid = s->user;
	return NULL;
}

static void fill_stat(const struct ramfs *fs, const struct ramfs_node *n, struct p9_stat *st)
{
	*st = (struct p9_stat){ 0 };
	st->qid = qid_of(n);
	st->mode = n->mode;
	st->atime = n->atime;
	st->mtime = n->mtime;
	st->length = isdir(n) ? 0 : n->length; /* stat(5): directories have length 0 */
	st->name = p9_str(n->name);
	st->uid = st->gid = p9_str(fs->users[n->uid]); /* no groups: a user's group is itself */
	st->muid = p9_str(fs->users[n->muid]);
}

static bool rf_readdir(void *tree, void *dir, uint32_t index, struct p9_stat *st)
{
	struct ramfs *fs = SS(tree)->fs;
	struct ramfs_node *d = node_of(fs, dir, NULL);
	if (!d)
		return false;
	uint32_t c = d->child, at = 0;
	if (fs->rd_dir == dir && fs->rd_index <= index) {
		c = fs->rd_node;
		at = fs->rd_index;
	}
	while (c != RAMFS_NIL && at < index) {
		c = fs->nodes[c].sibling;
		at++;
	}
	if (c == RAMFS_NIL)
		return false;
	fs->rd_dir = dir;
	fs->rd_index = index;
	fs->rd_node = c;
	fill_stat(fs, &fs->nodes[c], st);
	return true;
}

static const char *rf_stat(void *tree, void *node, struct p9_stat *st)
{
	struct ramfs *fs = SS(tree)->fs;
	struct ramfs_node *n = node_of(fs, node, NULL);
	if (!n)
		return "file has been removed";
	fill_stat(fs, n, st);
	return NULL;
}

static const char *rf_create(void *tree, void *dir, struct p9_str name, uint32_t perm,
			     uint8_t mode, void **node, struct p9_qid *qid)
{
	struct ramfs_session *s = SS(tree);
	struct ramfs *fs = s->fs;
	uint32_t di;
	struct ramfs_node *d = node_of(fs, dir, &di);
	if (!d)
		return "file has been removed";
	if (!allowed(s, d, AWRITE))
		return "permission denied";
	const char *err = check_name(name);
	if (err)
		return err;
	if (lookup(fs, d, name) != RAMFS_NIL)
		return "file already exists";
	if (perm & ~(P9_DMDIR | P9_DMAPPEND | P9_DMEXCL | P9_DMTMP | 0777u))
		return "unsupported file mode bits";
	uint32_t i = slot_alloc(fs);
	if (i == RAMFS_NIL)
		return RAMFS_ENOSPACE;
	/* create(5): the directory's permission bits limit the new file's. */
	uint32_t keep = (perm & P9_DMDIR) ? 0777u : 0666u;
	struct ramfs_node *n = &fs->nodes[i];
	uintptr_t gen = n->gen;
	memset(n, 0, sizeof *n);
	n->gen = gen;
	n->state = SLOT_LIVE;
	n->mode = (perm & ~0777u) | (perm & (~keep | (d->mode & keep)) & 0777u);
	n->uid = n->muid = s->user;
	n->child = n->sibling = RAMFS_NIL;
	n->first = n->cache_p = RAMFS_NIL;
	n->path = fs->next_path++;
	n->atime = n->mtime = fs->now;
	memcpy(n->name, name.s, name.len);
	n->opens = 1; /* create opens it */
	(void)mode; /* the loop has checked it against the file type and records it */
	link_child(fs, di, i);
	dir_changed(fs, d, s->user);
	*node = handle_of(fs, i);
	*qid = qid_of(n);
	return NULL;
}

static const char *rf_remove(void *tree, void *node)
{
	struct ramfs_session *s = SS(tree);
	struct ramfs *fs = s->fs;
	uint32_t i;
	struct ramfs_node *n = node_of(fs, node, &i);
	if (!n)
		return "file has been removed";
	if (i == 0)
		return "cannot remove the root";
	struct ramfs_node *d = &fs->nodes[n->parent];
	if (!allowed(s, d, AWRITE))
		return "permission denied";
	if (isdir(n) && n->child != RAMFS_NIL)
		return "directory not empty";
	set_length(fs, n, 0);
	unlink_child(fs, n->parent, i);
	dir_changed(fs, d, s->user);
	slot_free(fs, i);
	return NULL;
}

/* stat(5): all-ones numbers and empty strings mean "unchanged". Allowed here: name (write
 * permission in the parent), length (write permission on the file; 0 only for a directory),
 * mode and mtime (the owner). Type, dev, qid, atime, uid, gid and muid cannot be changed. */
static const char *rf_wstat(void *tree, void *node, const struct p9_stat *st)
{
	struct ramfs_session *s = SS(tree);
	struct ramfs *fs = s->fs;
	uint32_t i;
	struct ramfs_node *n = node_of(fs, node, &i);
	if (!n)
		return "file has been removed";
	bool name = st->name.len != 0, mode = st->mode != 0xffffffffu;
	bool length = st->length != ~(uint64_t)0, mtime = st->mtime != 0xffffffffu;
	if (st->type != 0xffffu || st->dev != 0xffffffffu || st->qid.type != 0xffu ||
	    st->qid.vers != 0xffffffffu || st->qid.path != ~(uint64_t)0 ||
	    st->atime != 0xffffffffu || st->muid.len)
		return "wstat: field cannot be changed";
	if ((st->uid.len && !p9_str_eq(st->uid, fs->users[n->uid])) ||
	    (st->gid.len && !p9_str_eq(st->gid, fs->users[n->uid])))
		return "wstat: owner and group cannot be changed";
	if (name) {
		if (i == 0)
			return "cannot rename the root";
		const char *err = check_name(st->name);
		if (err)
			return err;
		if (!allowed(s, &fs->nodes[n->parent], AWRITE))
			return "permission denied";
		uint32_t other = lookup(fs, &fs->nodes[n->parent], st->name);
		if (other != RAMFS_NIL && other != i)
			return "file already exists";
	}
	if ((mode || mtime) && n->uid != s->user)
		return "permission denied: not the owner";
	if (mode) {
		if ((st->mode & P9_DMDIR) != (n->mode & P9_DMDIR))
			return "wstat: cannot change a file into a directory or back";
		if (st->mode & ~(P9_DMDIR | P9_DMAPPEND | P9_DMEXCL | P9_DMTMP | 0777u))
			return "unsupported file mode bits";
	}
	if (length) {
		if (isdir(n)) {
			if (st->length != 0)
				return "wstat: a directory's length is 0";
		} else {
			if (!allowed(s, n, AWRITE))
				return "permission denied";
			if (!room_for(fs, n, st->length))
				return RAMFS_ENOSPACE;
		}
	}
	/* Everything checked: a wstat is all or nothing (stat(5)). */
	bool changed = false;
	if (name && !p9_str_eq(st->name, n->name)) {
		memset(n->name, 0, sizeof n->name);
		memcpy(n->name, st->name.s, st->name.len);
		dir_changed(fs, &fs->nodes[n->parent], s->user);
		changed = true;
	}
	if (mode && st->mode != n->mode) {
		n->mode = st->mode;
		changed = true;
	}
	if (length && !isdir(n) && st->length != n->length) {
		set_length(fs, n, st->length);
		n->mtime = fs->now;
		changed = true;
	}
	if (mtime) {
		n->mtime = st->mtime;
		changed = true;
	}
	if (changed) {
		n->vers++;
		n->muid = s->user;
		fs->rd_dir = NULL; /* cached directory entries carry stats */
	}
	return NULL;
}

static void rf_clunk(void *tree, void *node, bool open)
{
	struct ramfs_node *n = node_of(SS(tree)->fs, node, NULL);
	if (n && open && n->opens)
		n->opens--;
}

const struct p9_ops ramfs_ops = {
	.attach = rf_attach,
	.walk = rf_walk,
	.open = rf_open,
	.read = rf_read,
	.readdir = rf_readdir,
	.stat = rf_stat,
	.write = rf_write,
	.create = rf_create,
	.remove = rf_remove,
	.wstat = rf_wstat,
	.clunk = rf_clunk,
};
