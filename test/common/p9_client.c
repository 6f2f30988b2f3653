/* A scripted 9P client over p9_serve_one; see p9_client.h. */
#include "p9_client.h"

#include <stdlib.h>
#include <string.h>

void p9c_init(struct p9c *c, struct p9_server *srv)
{
	memset(c, 0, sizeof *c);
	c->srv = srv;
	c->tag = 1;
}

const struct p9_msg *p9c_rpc(struct p9c *c, struct p9_msg *t)
{
	static uint8_t buf[P9C_MSIZE + 64];
	if (t->type != P9_TVERSION) {
		t->tag = c->tag++;
		if (c->tag == P9_NOTAG)
			c->tag = 1;
	}
	memset(&c->r, 0, sizeof c->r);
	c->ename[0] = 0;
	size_t n;
	if (p9_encode(t, buf, sizeof buf, &n)) {
		c->fail = "request does not encode";
		return &c->r;
	}
	uint8_t *in = malloc(n);
	if (!in)
		abort();
	memcpy(in, buf, n);
	c->rlen = p9_serve_one(c->srv, in, n, c->out, sizeof c->out);
	free(in);
	if (c->rlen == 0) {
		c->fail = "no reply";
		return &c->r;
	}
	if (p9_decode(&c->r, c->out, c->rlen, 0)) {
		c->fail = "reply does not decode";
		memset(&c->r, 0, sizeof c->r);
		return &c->r;
	}
	if (c->r.tag != t->tag)
		c->fail = "reply has another tag";
	if (c->r.type == P9_RERROR) {
		size_t k = c->r.ename.len < sizeof c->ename - 1 ? c->r.ename.len : sizeof c->ename - 1;
		memcpy(c->ename, c->r.ename.s, k);
		c->ename[k] = 0;
	} else if (c->r.type != t->type + 1) {
		c->fail = "reply has the wrong type";
	}
	return &c->r;
}

const char *p9c_err(const struct p9c *c)
{
	return c->r.type == P9_RERROR ? c->ename : NULL;
}

const struct p9_msg *p9c_version(struct p9c *c, uint32_t msize)
{
	struct p9_msg t = { .type = P9_TVERSION, .tag = P9_NOTAG, .msize = msize,
			    .version = p9_str(P9_VERSION) };
	return p9c_rpc(c, &t);
}

const struct p9_msg *p9c_attach(struct p9c *c, uint32_t fid, const char *uname)
{
	struct p9_msg t = { .type = P9_TATTACH, .fid = fid, .afid = P9_NOFID,
			    .uname = p9_str(uname), .aname = p9_str("") };
	return p9c_rpc(c, &t);
}

const struct p9_msg *p9c_walk(struct p9c *c, uint32_t fid, uint32_t newfid, const char *names)
{
	char copy[1024];
	size_t len = strlen(names);
	if (len >= sizeof copy)
		abort();
	memcpy(copy, names, len + 1);
	char *save = NULL, *p = strtok_r(copy, "/", &save);
	/* Up to 16 names per Twalk; a longer path continues from newfid, as a real client does. */
	for (;;) {
		struct p9_msg t = { .type = P9_TWALK, .fid = fid, .newfid = newfid };
		for (; p && t.nwname < P9_MAXWELEM; p = strtok_r(NULL, "/", &save))
			t.wname[t.nwname++] = p9_str(p);
		const struct p9_msg *r = p9c_rpc(c, &t);
		if (!p || r->type != P9_RWALK || r->nwqid != t.nwname)
			return r;
		fid = newfid;
	}
}

const struct p9_msg *p9c_open(struct p9c *c, uint32_t fid, uint8_t mode)
{
	struct p9_msg t = { .type = P9_TOPEN, .fid = fid, .mode = mode };
	return p9c_rpc(c, &t);
}

const struct p9_msg *p9c_create(struct p9c *c, uint32_t fid, const char *name, uint32_t perm,
				uint8_t mode)
{
	struct p9_msg t = { .type = P9_TCREATE, .fid = fid, .name = p9_str(name), .perm = perm,
			    .mode = mode };
	return p9c_rpc(c, &t);
}

const struct p9_msg *p9c_read(struct p9c *c, uint32_t fid, uint64_t offset, uint32_t count)
{
	struct p9_msg t = { .type = P9_TREAD, .fid = fid, .offset = offset, .count = count };
	return p9c_rpc(c, &t);
}

const struct p9_msg *p9c_write(struct p9c *c, uint32_t fid, uint64_t offset, const void *data,
			       uint32_t count)
{
	struct p9_msg t = { .type = P9_TWRITE, .fid = fid, .offset = offset, .count = count,
			    .data = data };
	return p9c_rpc(c, &t);
}

static const struct p9_msg *fidop(struct p9c *c, uint8_t type, uint32_t fid)
{
	struct p9_msg t = { .type = type, .fid = fid };
	return p9c_rpc(c, &t);
}

const struct p9_msg *p9c_clunk(struct p9c *c, uint32_t fid)
{
	return fidop(c, P9_TCLUNK, fid);
}

const struct p9_msg *p9c_remove(struct p9c *c, uint32_t fid)
{
	return fidop(c, P9_TREMOVE, fid);
}

const struct p9_msg *p9c_stat(struct p9c *c, uint32_t fid)
{
	return fidop(c, P9_TSTAT, fid);
}

const struct p9_msg *p9c_wstat(struct p9c *c, uint32_t fid, const struct p9_stat *st)
{
	struct p9_msg t = { .type = P9_TWSTAT, .fid = fid, .stat = *st };
	return p9c_rpc(c, &t);
}

struct p9_stat p9c_dontcare(void)
{
	struct p9_stat st;
	memset(&st, 0xff, sizeof st);
	st.name = st.uid = st.gid = st.muid = p9_str("");
	return st;
}

long p9c_readall(struct p9c *c, uint32_t fid, void *buf, size_t cap)
{
	size_t got = 0;
	for (;;) {
		const struct p9_msg *r = p9c_read(c, fid, got, 4096);
		if (r->type != P9_RREAD)
			return -1;
		if (r->count == 0)
			return (long)got;
		if (r->count > cap - got)
			return -1;
		memcpy((uint8_t *)buf + got, r->data, r->count);
		got += r->count;
	}
}
