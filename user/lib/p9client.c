/* p9client: 9P requests over a channel; see p9client.h. */
#include "p9client.h"
#include "sys_ns.h"
#include <err.h>
#include <mem.h>

static int fail(struct p9c *c, const char *why, size_t len)
{
	c->kerr = 0;
	if (len >= sizeof c->err)
		len = sizeof c->err - 1;
	memcpy(c->err, why, len);
	c->err[len] = '\0';
	return -1;
}

static int fails(struct p9c *c, const char *why)
{
	return fail(c, why, strlen(why));
}

/* One request and its reply, which must be of type rtype (or Rerror, which becomes c->err). */
static int rpc(struct p9c *c, struct p9_msg *t, uint8_t rtype)
{
	if (t->type != P9_TVERSION)
		t->tag = c->tag = (uint16_t)(c->tag + 1 == P9_NOTAG ? 1 : c->tag + 1);
	size_t len;
	const char *e = p9_encode(t, c->tx, c->msize, &len);
	if (e)
		return fails(c, e);
	struct chan_io s = { c->tx, (uint32_t)len, NULL, 0 };
	struct chan_io r = { c->rx, sizeof c->rx, NULL, 0 };
	long n = sys_chan_call(c->ch, &s, &r, CHAN_WAIT_FOREVER);
	if (n < 0) {
		fails(c, n == ERR_PEER_CLOSED ? P9C_GONE : err_str((int)n));
		c->kerr = (int)n;
		return -1;
	}
	e = p9_decode(&c->r, c->rx, (size_t)n, c->msize);
	if (e)
		return fails(c, e);
	if (c->r.tag != t->tag)
		return fails(c, "reply with the wrong tag");
	if (c->r.type == P9_RERROR)
		return fail(c, c->r.ename.s, c->r.ename.len);
	if (c->r.type != rtype)
		return fails(c, "unexpected reply type");
	return 0;
}

static void init_msg(struct p9_msg *t, uint8_t type, uint32_t fid)
{
	memset(t, 0, sizeof *t);
	t->type = type;
	t->fid = fid;
}

void p9c_adopt(struct p9c *c, handle_t ch, uint32_t msize, uint32_t next_fid)
{
	c->ch = ch;
	c->msize = msize;
	c->next_fid = next_fid;
	c->tag = 0;
	c->err[0] = '\0';
	c->kerr = 0;
}

int p9c_attach(struct p9c *c, handle_t ch, const char *uname)
{
	c->ch = ch;
	c->msize = CHAN_MSG_MAX;
	c->next_fid = P9C_ROOT + 1;
	c->tag = 0;
	c->err[0] = '\0';
	struct p9_msg t;
	init_msg(&t, P9_TVERSION, 0);
	t.tag = P9_NOTAG;
	t.msize = CHAN_MSG_MAX;
	t.version = p9_str(P9_VERSION);
	if (rpc(c, &t, P9_RVERSION) != 0)
		return -1;
	if (c->r.msize < P9_MIN_MSIZE || c->r.msize > CHAN_MSG_MAX)
		return fails(c, "server offered a bad msize");
	c->msize = c->r.msize;
	init_msg(&t, P9_TATTACH, P9C_ROOT);
	t.afid = P9_NOFID;
	t.uname = p9_str(uname);
	t.aname = p9_str("");
	return rpc(c, &t, P9_RATTACH);
}

long p9c_walk(struct p9c *c, uint32_t fid, const char *path)
{
	uint32_t newfid = c->next_fid++;
	uint32_t from = fid;
	const char *p = path;
	do {
		struct p9_msg t;
		init_msg(&t, P9_TWALK, from);
		t.newfid = newfid;
		while (*p && t.nwname < P9_MAXWELEM) {
			while (*p == '/')
				p++;
			const char *s = p;
			while (*p && *p != '/')
				p++;
			if (p > s)
				t.wname[t.nwname++] = (struct p9_str){ s, (uint16_t)(p - s) };
			while (*p == '/')
				p++;
		}
		if (rpc(c, &t, P9_RWALK) != 0) {
			if (from == newfid)
				p9c_clunk(c, newfid);
			return -1;
		}
		if (c->r.nwqid < t.nwname) {
			/* A partial walk leaves newfid unused only on the first step. */
			if (from == newfid)
				p9c_clunk(c, newfid);
			return fails(c, "file does not exist");
		}
		from = newfid;
	} while (*p);
	return newfid;
}

int p9c_open(struct p9c *c, uint32_t fid, uint8_t mode)
{
	struct p9_msg t;
	init_msg(&t, P9_TOPEN, fid);
	t.mode = mode;
	return rpc(c, &t, P9_ROPEN);
}

int p9c_create(struct p9c *c, uint32_t fid, const char *name, uint32_t perm, uint8_t mode)
{
	struct p9_msg t;
	init_msg(&t, P9_TCREATE, fid);
	t.name = p9_str(name);
	t.perm = perm;
	t.mode = mode;
	return rpc(c, &t, P9_RCREATE);
}

long p9c_read(struct p9c *c, uint32_t fid, uint64_t offset, void *buf, uint32_t n)
{
	struct p9_msg t;
	init_msg(&t, P9_TREAD, fid);
	t.offset = offset;
	t.count = n < c->msize - P9_IOHDRSZ ? n : c->msize - P9_IOHDRSZ;
	if (rpc(c, &t, P9_RREAD) != 0)
		return -1;
	if (c->r.count > t.count)
		return fails(c, "server returned more than asked");
	memcpy(buf, c->r.data, c->r.count);
	return c->r.count;
}

long p9c_write(struct p9c *c, uint32_t fid, uint64_t offset, const void *buf, uint32_t n)
{
	struct p9_msg t;
	init_msg(&t, P9_TWRITE, fid);
	t.offset = offset;
	t.count = n < c->msize - P9_IOHDRSZ ? n : c->msize - P9_IOHDRSZ;
	t.data = buf;
	if (rpc(c, &t, P9_RWRITE) != 0)
		return -1;
	return c->r.count;
}

int p9c_clunk(struct p9c *c, uint32_t fid)
{
	struct p9_msg t;
	init_msg(&t, P9_TCLUNK, fid);
	return rpc(c, &t, P9_RCLUNK);
}

int p9c_remove(struct p9c *c, uint32_t fid)
{
	struct p9_msg t;
	init_msg(&t, P9_TREMOVE, fid);
	return rpc(c, &t, P9_RREMOVE);
}

int p9c_stat(struct p9c *c, uint32_t fid, struct p9_stat *st)
{
	struct p9_msg t;
	init_msg(&t, P9_TSTAT, fid);
	if (rpc(c, &t, P9_RSTAT) != 0)
		return -1;
	*st = c->r.stat;
	return 0;
}

void p9c_hangup(struct p9c *c)
{
	if (c->ch)
		sys_handle_close(c->ch);
	c->ch = 0;
}

/* Each member of the union in turn: connect, attach, walk what is left. With create set, only
 * the members that take new files (mounted with NS_FLAG_CREATE, or the only member). */
static long nswalk(struct p9c *c, const char *path, const char *uname, size_t keep, bool create)
{
	static struct ns_open_info info;
	char want[NS_OPEN_PATH_MAX];
	if (keep >= sizeof want) {
		c->kerr = ERR_NAMETOOLONG;
		return fails(c, err_str(ERR_NAMETOOLONG));
	}
	memcpy(want, path, keep);
	want[keep] = '\0';
	bool tried = false;
	for (unsigned i = 0;; i++) {
		long ch = sys_ns_open(keep ? want : "/", i, &info);
		if (ch < 0) {
			if (i && tried)
				return -1; /* past the last: keep the last member's error */
			fails(c, i ? "no member of the union allows create"
				   : ch == ERR_PEER_CLOSED ? P9C_GONE : err_str((int)ch));
			c->kerr = i ? ERR_ACCESS : (int)ch;
			return -1;
		}
		c->ch = 0;
		if (!create || info.nmembers == 1 || (info.flags & NS_FLAG_CREATE)) {
			tried = true;
			if (p9c_attach(c, (handle_t)ch, uname) == 0) {
				long fid = p9c_walk(c, P9C_ROOT, info.path);
				if (fid >= 0)
					return fid;
			}
		}
		sys_handle_close((handle_t)ch);
		c->ch = 0;
		if (i + 1 >= info.nmembers) {
			if (tried)
				return -1;
			c->kerr = ERR_ACCESS;
			return fails(c, "no member of the union allows create");
		}
	}
}

long p9c_nsmember(struct p9c *c, const char *path, const char *uname, unsigned index,
		  uint32_t *nmembers)
{
	static struct ns_open_info info;
	*nmembers = 0;
	c->ch = 0;
	long ch = sys_ns_open(path, index, &info);
	if (ch < 0) {
		/* A mount whose server has ended: the same words as a session that loses it. */
		fails(c, ch == ERR_PEER_CLOSED ? P9C_GONE : err_str((int)ch));
		c->kerr = (int)ch;
		return -1;
	}
	*nmembers = info.nmembers;
	if (p9c_attach(c, (handle_t)ch, uname) == 0) {
		long fid = p9c_walk(c, P9C_ROOT, info.path);
		if (fid >= 0)
			return fid;
	}
	p9c_hangup(c);
	return -1;
}

long p9c_nsopen(struct p9c *c, const char *path, const char *uname)
{
	return nswalk(c, path, uname, strlen(path), false);
}

static long parent(struct p9c *c, const char *path, const char *uname, const char **leaf,
		   bool create)
{
	size_t n = strlen(path);
	while (n && path[n - 1] == '/')
		n--;
	size_t slash = n;
	while (slash && path[slash - 1] != '/')
		slash--;
	*leaf = path + slash;
	return nswalk(c, path, uname, slash, create);
}

long p9c_nsparent(struct p9c *c, const char *path, const char *uname, const char **leaf)
{
	return parent(c, path, uname, leaf, false);
}

long p9c_nscreate(struct p9c *c, const char *path, const char *uname, const char **leaf)
{
	return parent(c, path, uname, leaf, true);
}
