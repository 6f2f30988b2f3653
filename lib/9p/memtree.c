/* An in-memory file tree behind p9_ops; see p9_memtree.h. */
#include <p9_memtree.h>
#include <mem.h>

#define MT(tree) ((struct p9_memtree *)(tree))
#define MN(node) ((struct p9_memnode *)(node))

static bool isdir(const struct p9_memnode *n)
{
	return (n->mode & P9_DMDIR) != 0;
}

static bool name_is(const struct p9_memnode *n, struct p9_str s)
{
	return p9_str_eq(s, n->name);
}

static struct p9_memnode *child(struct p9_memtree *t, struct p9_memnode *dir, struct p9_str name)
{
	for (size_t i = 1; i < t->cap; i++) {
		struct p9_memnode *n = &t->nodes[i];
		if (n->used && !n->dead && n->parent == dir && name_is(n, name))
			return n;
	}
	return NULL;
}

static bool has_children(struct p9_memtree *t, struct p9_memnode *dir)
{
	for (size_t i = 1; i < t->cap; i++)
		if (t->nodes[i].used && !t->nodes[i].dead && t->nodes[i].parent == dir)
			return true;
	return false;
}

/* A single path element that fits a node's name field. */
static const char *check_name(struct p9_str s)
{
	if (s.len == 0 || (s.len == 1 && s.s[0] == '.') ||
	    (s.len == 2 && s.s[0] == '.' && s.s[1] == '.'))
		return "bad file name";
	if (memchr(s.s, '/', s.len) || memchr(s.s, 0, s.len))
		return "bad file name";
	if (s.len >= P9_MEMTREE_NAME)
		return "file name too long";
	return NULL;
}

static struct p9_memnode *new_node(struct p9_memtree *t, struct p9_memnode *parent,
				   struct p9_str name, uint32_t mode)
{
	for (size_t i = 1; i < t->cap; i++) {
		struct p9_memnode *n = &t->nodes[i];
		if (n->used)
			continue;
		memset(n, 0, sizeof *n);
		n->used = true;
		n->parent = parent;
		memcpy(n->name, name.s, name.len);
		n->mode = mode;
		n->qid.type = (uint8_t)(mode >> 24);
		n->qid.path = t->next_path++;
		return n;
	}
	return NULL;
}

bool p9_memtree_init(struct p9_memtree *t, struct p9_memnode *nodes, size_t cap, const char *uid)
{
	if (!nodes || cap == 0)
		return false;
	memset(nodes, 0, cap * sizeof *nodes);
	*t = (struct p9_memtree){ nodes, cap, 1, uid ? uid : "none" };
	struct p9_memnode *root = &nodes[0];
	root->used = true;
	root->parent = root;
	root->name[0] = '/';
	root->mode = P9_DMDIR | 0777u;
	root->qid = (struct p9_qid){ P9_QTDIR, 0, 0 };
	return true;
}

struct p9_memnode *p9_memtree_add(struct p9_memtree *t, struct p9_memnode *parent,
				  const char *name, uint32_t mode, const void *data, uint32_t len)
{
	struct p9_str s = p9_str(name);
	if (!parent || !isdir(parent) || check_name(s) || child(t, parent, s) ||
	    len > P9_MEMTREE_DATA || ((mode & P9_DMDIR) && len))
		return NULL;
	struct p9_memnode *n = new_node(t, parent, s, mode);
	if (n && len) {
		memcpy(n->data, data, len);
		n->len = len;
	}
	return n;
}

/* ---- The callbacks ---- */

static const char *mt_attach(void *tree, struct p9_str uname, struct p9_str aname, void **node,
			     struct p9_qid *qid)
{
	(void)uname; /* one tree, one user: names and anames are not checked */
	(void)aname;
	*node = &MT(tree)->nodes[0];
	*qid = MT(tree)->nodes[0].qid;
	return NULL;
}

static const char *mt_walk(void *tree, void *dir, struct p9_str name, void **out,
			   struct p9_qid *qid)
{
	struct p9_memnode *d = MN(dir), *n;
	if (d->dead)
		return "file has been removed";
	if (name.len == 2 && name.s[0] == '.' && name.s[1] == '.')
		n = d->parent;
	else
		n = child(MT(tree), d, name);
	if (!n)
		return "file does not exist";
	*out = n;
	*qid = n->qid;
	return NULL;
}

static const char *mt_open(void *tree, void *node, uint8_t mode, struct p9_qid *qid)
{
	(void)tree;
	struct p9_memnode *n = MN(node);
	if (n->dead)
		return "file has been removed";
	uint8_t how = mode & 3u;
	if ((how == P9_OREAD || how == P9_ORDWR) && !(n->mode & 0400u))
		return "permission denied";
	if (how == P9_OEXEC && !(n->mode & 0100u))
		return "permission denied";
	if ((how == P9_OWRITE || how == P9_ORDWR || (mode & P9_OTRUNC)) && !(n->mode & 0200u))
		return "permission denied";
	if ((mode & P9_ORCLOSE) && (n == n->parent || !(n->parent->mode & 0200u)))
		return "permission denied";
	if ((mode & P9_OTRUNC) && n->len) {
		n->len = 0;
		n->qid.vers++;
	}
	*qid = n->qid;
	return NULL;
}

static const char *mt_read(void *tree, void *node, uint64_t offset, uint8_t *buf,
			   uint32_t *count)
{
	(void)tree;
	struct p9_memnode *n = MN(node);
	if (offset >= n->len) {
		*count = 0;
		return NULL;
	}
	uint32_t left = n->len - (uint32_t)offset;
	if (*count > left)
		*count = left;
	memcpy(buf, n->data + offset, *count);
	return NULL;
}

static const char *mt_write(void *tree, void *node, uint64_t offset, const uint8_t *data,
			    uint32_t *count)
{
	(void)tree;
	struct p9_memnode *n = MN(node);
	if (n->dead)
		return "file has been removed";
	if (n->mode & P9_DMAPPEND)
		offset = n->len;
	if (offset > P9_MEMTREE_DATA || (*count && offset == P9_MEMTREE_DATA))
		return "file too large";
	uint32_t room = P9_MEMTREE_DATA - (uint32_t)offset;
	if (*count > room)
		*count = room; /* a short write tells the client where the file ends */
	if (offset > n->len) /* a write past the end leaves zeros in the gap */
		memset(n->data + n->len, 0, (size_t)offset - n->len);
	memcpy(n->data + offset, data, *count);
	if (offset + *count > n->len)
		n->len = (uint32_t)offset + *count;
	n->qid.vers++;
	return NULL;
}

static void fill_stat(struct p9_memtree *t, struct p9_memnode *n, struct p9_stat *st)
{
	*st = (struct p9_stat){ 0 };
	st->qid = n->qid;
	st->mode = n->mode;
	st->atime = st->mtime = n->mtime;
	st->length = isdir(n) ? 0 : n->len; /* stat(5): directories have length 0 */
	st->name = p9_str(n->name);
	st->uid = st->gid = st->muid = p9_str(t->uid);
}

static bool mt_readdir(void *tree, void *dir, uint32_t index, struct p9_stat *st)
{
	struct p9_memtree *t = MT(tree);
	for (size_t i = 1; i < t->cap; i++) {
		struct p9_memnode *n = &t->nodes[i];
		if (!n->used || n->dead || n->parent != MN(dir))
			continue;
		if (index-- == 0) {
			fill_stat(t, n, st);
			return true;
		}
	}
	return false;
}

static const char *mt_stat(void *tree, void *node, struct p9_stat *st)
{
	fill_stat(MT(tree), MN(node), st);
	return NULL;
}

static const char *mt_create(void *tree, void *dir, struct p9_str name, uint32_t perm,
			     uint8_t mode, void **node, struct p9_qid *qid)
{
	struct p9_memtree *t = MT(tree);
	struct p9_memnode *d = MN(dir);
	if (d->dead)
		return "file has been removed";
	if (!(d->mode & 0200u))
		return "permission denied";
	const char *err = check_name(name);
	if (err)
		return err;
	if (child(t, d, name))
		return "file already exists";
	/* create(5): the new file's permissions are limited by the directory's. */
	uint32_t keep = (perm & P9_DMDIR) ? 0777u : 0666u;
	uint32_t m = (perm & (P9_DMDIR | P9_DMAPPEND | P9_DMEXCL)) |
		     (perm & (~keep | (d->mode & keep)) & 0777u);
	struct p9_memnode *n = new_node(t, d, name, m);
	if (!n)
		return "file system full";
	(void)mode; /* the loop records the open mode; nothing here depends on it */
	d->qid.vers++;
	*node = n;
	*qid = n->qid;
	return NULL;
}

static const char *mt_remove(void *tree, void *node)
{
	struct p9_memnode *n = MN(node);
	if (n == n->parent)
		return "cannot remove the root";
	if (n->dead)
		return "file has been removed";
	if (!(n->parent->mode & 0200u))
		return "permission denied";
	if (isdir(n) && has_children(MT(tree), n))
		return "directory not empty";
	n->dead = true;
	n->parent->qid.vers++;
	return NULL;
}

/* stat(5): all-ones numbers and empty strings mean "unchanged"; type, dev, qid, atime, muid,
 * uid and gid cannot be changed here. */
static const char *mt_wstat(void *tree, void *node, const struct p9_stat *st)
{
	struct p9_memnode *n = MN(node);
	if (n->dead)
		return "file has been removed";
	if (st->type != 0xffffu || st->dev != 0xffffffffu || st->qid.type != 0xffu ||
	    st->qid.vers != 0xffffffffu || st->qid.path != ~(uint64_t)0 ||
	    st->atime != 0xffffffffu || st->uid.len || st->gid.len || st->muid.len)
		return "wstat: field cannot be changed";
	if (st->mode != 0xffffffffu && (st->mode & P9_DMDIR) != (n->mode & P9_DMDIR))
		return "wstat: cannot change a file into a directory or back";
	if (st->length != ~(uint64_t)0 && (isdir(n) ? st->length != 0 : st->length > P9_MEMTREE_DATA))
		return "wstat: bad length";
	if (st->name.len) {
		if (n == n->parent)
			return "cannot rename the root";
		const char *err = check_name(st->name);
		if (err)
			return err;
		struct p9_memnode *other = child(MT(tree), n->parent, st->name);
		if (other && other != n)
			return "file already exists";
	}
	/* Everything checked first: a wstat is all or nothing (stat(5)). */
	if (st->name.len) {
		memset(n->name, 0, sizeof n->name);
		memcpy(n->name, st->name.s, st->name.len);
	}
	if (st->mode != 0xffffffffu)
		n->mode = (n->mode & P9_DMDIR) | (st->mode & (P9_DMAPPEND | P9_DMEXCL | 0777u));
	if (st->length != ~(uint64_t)0 && !isdir(n)) {
		if (st->length > n->len)
			memset(n->data + n->len, 0, (size_t)st->length - n->len);
		n->len = (uint32_t)st->length;
	}
	if (st->mtime != 0xffffffffu)
		n->mtime = st->mtime;
	n->qid.type = (uint8_t)(n->mode >> 24);
	n->qid.vers++;
	return NULL;
}

static void mt_clunk(void *tree, void *node, bool open)
{
	/* Nothing to drop: there is no per-open state. A tree with some (a pipe's reader count,
	 * a network connection) releases it here. */
	(void)tree;
	(void)node;
	(void)open;
}

const struct p9_ops p9_memtree_ops = {
	.attach = mt_attach,
	.walk = mt_walk,
	.open = mt_open,
	.read = mt_read,
	.readdir = mt_readdir,
	.stat = mt_stat,
	.write = mt_write,
	.create = mt_create,
	.remove = mt_remove,
	.wstat = mt_wstat,
	.clunk = mt_clunk,
};
