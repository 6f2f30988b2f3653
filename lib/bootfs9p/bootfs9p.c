/*
 * The boot archive as a read-only 9P tree; see bootfs9p.h and docs/servers.md.
 *
 * A node handle packs what names it: a file is its entry index; a directory is its path prefix
 * length (the trailing '/' included, 0 for the root) and the first entry of the contiguous run
 * of entries under that prefix, whose name spells the prefix. Handles are canonical (one per
 * file or directory however it was reached), so they double as qid paths.
 */
#include <bootfs9p.h>
#include <mem.h>

#define B(tree) ((struct bootfs9p *)(tree))

/* handle = 1 + isdir + 2 * (plen + 64 * entry): plen <= 47 and entry < 1024, so it fits the
 * smallest uintptr_t with room to spare, and 0 is never a handle. */
static void *mk_handle(bool dir, uint32_t entry, uint32_t plen)
{
	return (void *)(uintptr_t)(1u + (dir ? 1u : 0u) + 2u * (plen + 64u * entry));
}

static void un_handle(const void *h, bool *dir, uint32_t *entry, uint32_t *plen)
{
	uintptr_t v = (uintptr_t)h - 1u;
	*dir = v & 1u;
	*plen = (uint32_t)((v >> 1) % 64u);
	*entry = (uint32_t)((v >> 1) / 64u);
}

static const char *name_at(const struct bootfs9p *b, uint32_t i)
{
	struct bootfs_file f;
	return bootfs_entry(b->fs, i, &f) ? f.name : "";
}

static bool is_valid(const struct bootfs9p *b, uint32_t i)
{
	return (b->valid[i / 8] >> (i % 8)) & 1u;
}

/* Does entry i's name start with key[0..len)? (key holds no NUL.) */
static bool has_prefix(const struct bootfs9p *b, uint32_t i, const char *key, size_t len)
{
	return i < b->fs->count && strncmp(name_at(b, i), key, len) == 0;
}

/* The first entry whose name is not below key[0..len) in the first len bytes. Entries are in
 * strictly ascending byte order, so all names starting with key form one run from here. */
static uint32_t lower_bound(const struct bootfs9p *b, const char *key, size_t len)
{
	uint32_t lo = 0, hi = b->fs->count;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (strncmp(name_at(b, mid), key, len) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* A name that reads as a path: elements non-empty and not "." or "..". */
static bool path_ok(const char *n)
{
	size_t start = 0, i = 0;
	for (;; i++) {
		if (n[i] == '/' || n[i] == 0) {
			size_t len = i - start;
			if (len == 0 || (len == 1 && n[start] == '.') ||
			    (len == 2 && n[start] == '.' && n[start + 1] == '.'))
				return false;
			if (n[i] == 0)
				return true;
			start = i + 1;
		}
	}
}

/* Is there an entry under key[0..len) (which ends in '/') that reads as a path? The first
 * pass's result is in valid[] already; a file shadowed by a deeper path does not change the
 * answer, since the deepest entry under a prefix is never shadowed. */
static bool run_has_valid(const struct bootfs9p *b, const char *key, size_t len, uint32_t *first)
{
	uint32_t i = lower_bound(b, key, len);
	if (first)
		*first = i;
	for (; has_prefix(b, i, key, len); i++)
		if (is_valid(b, i))
			return true;
	return false;
}

void bootfs9p_init(struct bootfs9p *b, const struct bootfs *fs, const char *owner)
{
	memset(b, 0, sizeof *b);
	b->fs = fs;
	b->owner = owner ? owner : "none";
	uint32_t n = fs->count <= BOOTFS_MAX_ENTRIES ? fs->count : BOOTFS_MAX_ENTRIES;
	/* Pass 1: names that read as paths. */
	for (uint32_t i = 0; i < n; i++)
		if (path_ok(name_at(b, i)))
			b->valid[i / 8] |= (uint8_t)(1u << (i % 8));
	/* Pass 2: a file whose name is also a directory is hidden by the directory. Checked against
	 * pass 1's bits, which is the same answer (see run_has_valid). */
	uint8_t shadowed[BOOTFS_MAX_ENTRIES / 8] = { 0 };
	for (uint32_t i = 0; i < n; i++) {
		if (!is_valid(b, i))
			continue;
		char key[BOOTFS_NAME_SIZE + 1];
		size_t len = strnlen(name_at(b, i), BOOTFS_NAME_SIZE - 1);
		memcpy(key, name_at(b, i), len);
		key[len++] = '/';
		if (run_has_valid(b, key, len, NULL))
			shadowed[i / 8] |= (uint8_t)(1u << (i % 8));
	}
	for (uint32_t i = 0; i < n; i++) {
		b->valid[i / 8] &= (uint8_t)~shadowed[i / 8];
		b->skipped += !is_valid(b, i);
	}
}

/* ---- Names of nodes ---- */

/* The last element of entry i's name, starting after its last '/'. */
static struct p9_str file_name(const struct bootfs9p *b, uint32_t i)
{
	const char *n = name_at(b, i);
	size_t len = strnlen(n, BOOTFS_NAME_SIZE - 1), start = len;
	while (start > 0 && n[start - 1] != '/')
		start--;
	return (struct p9_str){ n + start, (uint16_t)(len - start) };
}

/* The last element of a directory's prefix (which ends in '/'), or "/" for the root. */
static struct p9_str dir_name(const struct bootfs9p *b, uint32_t first, uint32_t plen)
{
	if (plen == 0)
		return p9_str("/");
	const char *n = name_at(b, first);
	uint32_t start = plen - 1;
	while (start > 0 && n[start - 1] != '/')
		start--;
	return (struct p9_str){ n + start, (uint16_t)(plen - 1 - start) };
}

static struct p9_qid qid_of(bool dir, uint32_t entry, uint32_t plen)
{
	uint64_t path = (uint64_t)(uintptr_t)mk_handle(dir, entry, plen);
	return (struct p9_qid){ dir ? P9_QTDIR : P9_QTFILE, 0, path };
}

static uint32_t file_mode(const struct bootfs9p *b, uint32_t i)
{
	struct bootfs_file f;
	if (!bootfs_entry(b->fs, i, &f) || f.size < 4)
		return 0444u;
	const uint8_t *p = f.data;
	uint32_t magic = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
			 (uint32_t)p[3] << 24;
	/* MH_MAGIC and MH_MAGIC_64 (docs/binaries.md): the archive's programs. */
	return magic == 0xfeedfaceu || magic == 0xfeedfacfu ? 0555u : 0444u;
}

static void fill_stat(const struct bootfs9p *b, bool dir, uint32_t entry, uint32_t plen,
		      struct p9_stat *st)
{
	*st = (struct p9_stat){ 0 };
	st->qid = qid_of(dir, entry, plen);
	st->uid = st->gid = st->muid = p9_str(b->owner);
	if (dir) {
		st->mode = P9_DMDIR | 0555u;
		st->name = dir_name(b, entry, plen);
		return;
	}
	struct bootfs_file f;
	bootfs_entry(b->fs, entry, &f);
	st->mode = file_mode(b, entry);
	st->length = f.size;
	st->name = file_name(b, entry);
}

/* ---- The callbacks ---- */

static const char *bf_attach(void *tree, struct p9_str uname, struct p9_str aname, void **node,
			     struct p9_qid *qid)
{
	(void)tree; /* read-only and world-readable: anyone may attach */
	(void)uname;
	(void)aname;
	*node = mk_handle(true, 0, 0);
	*qid = qid_of(true, 0, 0);
	return NULL;
}

static const char *bf_walk(void *tree, void *dir, struct p9_str name, void **out,
			   struct p9_qid *qid)
{
	struct bootfs9p *b = B(tree);
	bool isdir;
	uint32_t first, plen;
	un_handle(dir, &isdir, &first, &plen);
	if (!isdir)
		return "not a directory";
	const char *prefix = name_at(b, first);
	char key[BOOTFS_NAME_SIZE + 1];
	if (name.len == 2 && name.s[0] == '.' && name.s[1] == '.') {
		if (plen == 0) { /* the root's parent is the root */
			*out = dir;
			*qid = qid_of(true, 0, 0);
			return NULL;
		}
		uint32_t pp = plen - 1;
		while (pp > 0 && prefix[pp - 1] != '/')
			pp--;
		memcpy(key, prefix, pp);
		uint32_t pf = pp ? lower_bound(b, key, pp) : 0;
		*out = mk_handle(true, pf, pp);
		*qid = qid_of(true, pf, pp);
		return NULL;
	}
	/* Names are at most 47 bytes, so a longer path cannot be in the archive. */
	if ((size_t)plen + name.len > BOOTFS_NAME_SIZE - 1)
		return "file does not exist";
	memcpy(key, prefix, plen);
	memcpy(key + plen, name.s, name.len);
	size_t len = plen + name.len;
	key[len] = '/';
	uint32_t df;
	if (run_has_valid(b, key, len + 1, &df)) {
		*out = mk_handle(true, df, (uint32_t)len + 1);
		*qid = qid_of(true, df, (uint32_t)len + 1);
		return NULL;
	}
	key[len] = 0;
	struct bootfs_file f;
	if (bootfs_find(b->fs, key, &f)) {
		uint32_t i = lower_bound(b, key, len + 1); /* the NUL makes this the exact entry */
		if (is_valid(b, i)) {
			*out = mk_handle(false, i, 0);
			*qid = qid_of(false, i, 0);
			return NULL;
		}
	}
	return "file does not exist";
}

static const char *bf_open(void *tree, void *node, uint8_t mode, struct p9_qid *qid)
{
	bool dir;
	uint32_t entry, plen;
	un_handle(node, &dir, &entry, &plen);
	uint8_t how = mode & 3u;
	if (how == P9_OWRITE || how == P9_ORDWR || (mode & (P9_OTRUNC | P9_ORCLOSE)))
		return BOOTFS9P_EROFS;
	if (how == P9_OEXEC && !dir && !(file_mode(B(tree), entry) & 0100u))
		return "permission denied";
	(void)qid; /* unchanged: nothing here ever changes */
	return NULL;
}

static const char *bf_read(void *tree, void *node, uint64_t offset, uint8_t *buf,
			   uint32_t *count)
{
	bool dir;
	uint32_t entry, plen;
	un_handle(node, &dir, &entry, &plen);
	struct bootfs_file f;
	if (dir || !bootfs_entry(B(tree)->fs, entry, &f))
		return "not a file"; /* the loop reads directories through readdir */
	if (offset >= f.size) {
		*count = 0;
		return NULL;
	}
	uint64_t left = f.size - offset;
	if (*count > left)
		*count = (uint32_t)left;
	memcpy(buf, (const uint8_t *)f.data + offset, *count);
	return NULL;
}

/*
 * The index-th child of a directory: walk the directory's run of entries, taking each served
 * file as one child and each sub-run sharing "element/" as one directory child.
 */
static bool bf_readdir(void *tree, void *dirh, uint32_t index, struct p9_stat *st)
{
	struct bootfs9p *b = B(tree);
	bool isdir;
	uint32_t first, plen;
	un_handle(dirh, &isdir, &first, &plen);
	if (!isdir)
		return false;
	const char *prefix = name_at(b, first);
	uint32_t pos = first, at = 0;
	if (b->rd_dir == dirh && b->rd_index <= index) {
		pos = b->rd_entry;
		at = b->rd_index;
	}
	for (;;) {
		while (has_prefix(b, pos, prefix, plen) && !is_valid(b, pos))
			pos++;
		if (!has_prefix(b, pos, prefix, plen))
			return false;
		const char *n = name_at(b, pos);
		uint32_t e = plen;
		while (n[e] && n[e] != '/')
			e++;
		bool child_dir = n[e] == '/';
		uint32_t next = pos + 1, cfirst = pos;
		if (child_dir) {
			/* The sub-run is contiguous; it may start with entries that are not served. */
			cfirst = lower_bound(b, n, e + 1);
			while (has_prefix(b, next, n, e + 1))
				next++;
		}
		if (at == index) {
			fill_stat(b, child_dir, cfirst, child_dir ? e + 1 : 0, st);
			b->rd_dir = dirh;
			b->rd_index = index + 1;
			b->rd_entry = next;
			return true;
		}
		at++;
		pos = next;
	}
}

static const char *bf_stat(void *tree, void *node, struct p9_stat *st)
{
	bool dir;
	uint32_t entry, plen;
	un_handle(node, &dir, &entry, &plen);
	fill_stat(B(tree), dir, entry, plen, st);
	return NULL;
}

static const char *bf_write(void *tree, void *node, uint64_t offset, const uint8_t *data,
			    uint32_t *count)
{
	(void)tree, (void)node, (void)offset, (void)data, (void)count;
	return BOOTFS9P_EROFS;
}

static const char *bf_create(void *tree, void *dir, struct p9_str name, uint32_t perm,
			     uint8_t mode, void **node, struct p9_qid *qid)
{
	(void)tree, (void)dir, (void)name, (void)perm, (void)mode, (void)node, (void)qid;
	return BOOTFS9P_EROFS;
}

static const char *bf_remove(void *tree, void *node)
{
	(void)tree, (void)node;
	return BOOTFS9P_EROFS;
}

static const char *bf_wstat(void *tree, void *node, const struct p9_stat *st)
{
	(void)tree, (void)node, (void)st;
	return BOOTFS9P_EROFS;
}

const struct p9_ops bootfs9p_ops = {
	.attach = bf_attach,
	.walk = bf_walk,
	.open = bf_open,
	.read = bf_read,
	.readdir = bf_readdir,
	.stat = bf_stat,
	.write = bf_write,
	.create = bf_create,
	.remove = bf_remove,
	.wstat = bf_wstat,
	.clunk = NULL, /* no per-fid state */
};
