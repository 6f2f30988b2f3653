/*
 * The 9P2000 codec; see p9.h and docs/9p.md. Layouts are from intro(5) and the message pages
 * (version(5), walk(5), stat(5), ...): little-endian integers, strings as len[2] + bytes.
 *
 * Decoding reads through a cursor that never moves past the end: every read first checks the
 * bytes left (len - pos, which cannot underflow because pos <= len always holds), so no sum of
 * untrusted numbers is ever formed. The first failure is kept and later reads become no-ops,
 * which keeps the per-message code a straight list of fields.
 */
#include <p9.h>
#include <mem.h>

/* ---- Decoding ---- */

static const char e_truncated[] = "message truncated";
static const char e_strpast[] = "string runs past the end of the message";
static const char e_statsize[] = "stat size disagrees with its contents";

struct rd {
	const uint8_t *p;
	size_t len, pos;
	const char *err;
};

static bool rd_need(struct rd *r, size_t n)
{
	if (r->err)
		return false;
	if (r->len - r->pos < n) {
		r->err = e_truncated;
		return false;
	}
	return true;
}

static uint8_t rd1(struct rd *r)
{
	if (!rd_need(r, 1))
		return 0;
	return r->p[r->pos++];
}

static uint16_t rd2(struct rd *r)
{
	if (!rd_need(r, 2))
		return 0;
	const uint8_t *b = r->p + r->pos;
	r->pos += 2;
	return (uint16_t)(b[0] | b[1] << 8);
}

static uint32_t rd4(struct rd *r)
{
	if (!rd_need(r, 4))
		return 0;
	const uint8_t *b = r->p + r->pos;
	r->pos += 4;
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static uint64_t rd8(struct rd *r)
{
	uint64_t lo = rd4(r);
	return lo | (uint64_t)rd4(r) << 32;
}

static struct p9_str rdstr(struct rd *r)
{
	struct p9_str s = { "", 0 };
	uint16_t n = rd2(r);
	if (r->err)
		return s;
	if (r->len - r->pos < n) {
		r->err = e_strpast;
		return s;
	}
	const char *c = (const char *)r->p + r->pos;
	/* Servers hand names to C code; an embedded NUL would make two readers see two names. */
	if (memchr(c, 0, n)) {
		r->err = "string contains a NUL byte";
		return s;
	}
	r->pos += n;
	s.s = c;
	s.len = n;
	return s;
}

static struct p9_qid rdqid(struct rd *r)
{
	struct p9_qid q;
	q.type = rd1(r);
	q.vers = rd4(r);
	q.path = rd8(r);
	return q;
}

/* The stat fields after size[2], which must use exactly the size bytes given by the caller. */
static void rdstat_body(struct rd *r, struct p9_stat *st, uint16_t size)
{
	if (r->err)
		return;
	if (r->len - r->pos < size) {
		r->err = "stat runs past the end of the message";
		return;
	}
	struct rd in = { r->p + r->pos, size, 0, NULL };
	st->type = rd2(&in);
	st->dev = rd4(&in);
	st->qid = rdqid(&in);
	st->mode = rd4(&in);
	st->atime = rd4(&in);
	st->mtime = rd4(&in);
	st->length = rd8(&in);
	st->name = rdstr(&in);
	st->uid = rdstr(&in);
	st->gid = rdstr(&in);
	st->muid = rdstr(&in);
	/* Running out inside the entry means size[2] is too small for the fields it claims. */
	if (in.err == e_truncated || in.err == e_strpast || (!in.err && in.pos != size))
		in.err = e_statsize;
	r->err = in.err;
	r->pos += size;
}

/* Rstat and Twstat carry n[2] then a stat whose own size[2] must be n - 2. */
static void rdstat_counted(struct rd *r, struct p9_stat *st)
{
	uint16_t n = rd2(r);
	if (r->err)
		return;
	if (r->len - r->pos < n) {
		r->err = "stat runs past the end of the message";
		return;
	}
	if (n < 2 || rd2(r) != n - 2) {
		r->err = e_statsize;
		return;
	}
	rdstat_body(r, st, (uint16_t)(n - 2));
}

/* A walk element names one directory entry: "." would be a no-op walk and "/" a path. */
static const char *check_elem(struct p9_str s, bool dotdot_ok)
{
	if (s.len == 0)
		return "empty file name";
	if (s.len == 1 && s.s[0] == '.')
		return "file name \".\" is not allowed";
	if (!dotdot_ok && s.len == 2 && s.s[0] == '.' && s.s[1] == '.')
		return "file name \"..\" is not allowed";
	if (memchr(s.s, '/', s.len))
		return "file name contains '/'";
	return NULL;
}

const char *p9_decode(struct p9_msg *m, const uint8_t *buf, size_t len, uint32_t msize)
{
	memset(m, 0, sizeof *m);
	if (!buf || len < P9_HDRSZ)
		return "message shorter than its header";
	struct rd r = { buf, len, 0, NULL };
	uint32_t size = rd4(&r);
	if (size != len)
		return "size field does not match the message length";
	if (msize && len > msize)
		return "message larger than msize";
	m->type = rd1(&r);
	m->tag = rd2(&r);

	switch (m->type) {
	case P9_TVERSION:
	case P9_RVERSION:
		m->msize = rd4(&r);
		m->version = rdstr(&r);
		break;
	case P9_TAUTH:
		m->afid = rd4(&r);
		m->uname = rdstr(&r);
		m->aname = rdstr(&r);
		break;
	case P9_RAUTH:
	case P9_RATTACH:
		m->qid = rdqid(&r);
		break;
	case P9_TATTACH:
		m->fid = rd4(&r);
		m->afid = rd4(&r);
		m->uname = rdstr(&r);
		m->aname = rdstr(&r);
		break;
	case P9_RERROR:
		m->ename = rdstr(&r);
		break;
	case P9_TFLUSH:
		m->oldtag = rd2(&r);
		break;
	case P9_TWALK:
		m->fid = rd4(&r);
		m->newfid = rd4(&r);
		m->nwname = rd2(&r);
		if (!r.err && m->nwname > P9_MAXWELEM)
			return "more than 16 walk elements";
		for (uint16_t i = 0; i < m->nwname && !r.err; i++) {
			m->wname[i] = rdstr(&r);
			const char *e = r.err ? NULL : check_elem(m->wname[i], true);
			if (e)
				return e;
		}
		break;
	case P9_RWALK:
		m->nwqid = rd2(&r);
		if (!r.err && m->nwqid > P9_MAXWELEM)
			return "more than 16 walk qids";
		for (uint16_t i = 0; i < m->nwqid && !r.err; i++)
			m->wqid[i] = rdqid(&r);
		break;
	case P9_TOPEN:
		m->fid = rd4(&r);
		m->mode = rd1(&r);
		break;
	case P9_ROPEN:
	case P9_RCREATE:
		m->qid = rdqid(&r);
		m->iounit = rd4(&r);
		break;
	case P9_TCREATE: {
		m->fid = rd4(&r);
		m->name = rdstr(&r);
		const char *e = r.err ? NULL : check_elem(m->name, false);
		if (e)
			return e;
		m->perm = rd4(&r);
		m->mode = rd1(&r);
		break;
	}
	case P9_TREAD:
		m->fid = rd4(&r);
		m->offset = rd8(&r);
		m->count = rd4(&r);
		/* The reply must fit in msize: Rread is its header plus count bytes. */
		if (!r.err && msize && (msize < P9_RREAD_HDRSZ || m->count > msize - P9_RREAD_HDRSZ))
			return "read count larger than msize allows";
		break;
	case P9_RREAD:
		m->count = rd4(&r);
		if (!r.err && r.len - r.pos < m->count)
			return "count runs past the end of the message";
		m->data = buf + r.pos;
		r.pos += r.err ? 0 : m->count;
		break;
	case P9_TWRITE:
		m->fid = rd4(&r);
		m->offset = rd8(&r);
		m->count = rd4(&r);
		if (!r.err && r.len - r.pos < m->count)
			return "count runs past the end of the message";
		m->data = buf + r.pos;
		r.pos += r.err ? 0 : m->count;
		break;
	case P9_RWRITE:
		m->count = rd4(&r);
		break;
	case P9_TCLUNK:
	case P9_TREMOVE:
	case P9_TSTAT:
		m->fid = rd4(&r);
		break;
	case P9_RFLUSH:
	case P9_RCLUNK:
	case P9_RREMOVE:
	case P9_RWSTAT:
		break;
	case P9_RSTAT:
		rdstat_counted(&r, &m->stat);
		break;
	case P9_TWSTAT:
		m->fid = rd4(&r);
		rdstat_counted(&r, &m->stat);
		break;
	default:
		return "unknown message type";
	}
	if (r.err)
		return r.err;
	if (r.pos != len)
		return "trailing bytes after the message";
	return NULL;
}

const char *p9_stat_decode(struct p9_stat *st, const uint8_t *buf, size_t len, size_t *used)
{
	memset(st, 0, sizeof *st);
	*used = 0;
	struct rd r = { buf, buf ? len : 0, 0, NULL };
	uint16_t size = rd2(&r);
	rdstat_body(&r, st, size);
	if (r.err)
		return r.err;
	*used = r.pos;
	return NULL;
}

/* ---- Encoding ---- */

struct wr {
	uint8_t *p;
	size_t cap, pos;
	const char *err;
};

static bool wr_room(struct wr *w, size_t n)
{
	if (w->err)
		return false;
	if (w->cap - w->pos < n) {
		w->err = "message does not fit in the buffer";
		return false;
	}
	return true;
}

static void wr1(struct wr *w, uint8_t v)
{
	if (wr_room(w, 1))
		w->p[w->pos++] = v;
}

static void wr2(struct wr *w, uint16_t v)
{
	if (!wr_room(w, 2))
		return;
	w->p[w->pos++] = (uint8_t)v;
	w->p[w->pos++] = (uint8_t)(v >> 8);
}

static void wr4(struct wr *w, uint32_t v)
{
	if (!wr_room(w, 4))
		return;
	for (int i = 0; i < 4; i++)
		w->p[w->pos++] = (uint8_t)(v >> 8 * i);
}

static void wr8(struct wr *w, uint64_t v)
{
	wr4(w, (uint32_t)v);
	wr4(w, (uint32_t)(v >> 32));
}

/* memmove, not memcpy: Rread data may already sit where it is being written (see p9.h). */
static void wrbytes(struct wr *w, const void *src, size_t n)
{
	if (!wr_room(w, n))
		return;
	if (n)
		memmove(w->p + w->pos, src, n);
	w->pos += n;
}

static void wrstr(struct wr *w, struct p9_str s)
{
	if (w->err)
		return;
	if (s.len && (!s.s || memchr(s.s, 0, s.len))) {
		w->err = "string contains a NUL byte";
		return;
	}
	wr2(w, s.len);
	wrbytes(w, s.s, s.len);
}

static void wrqid(struct wr *w, struct p9_qid q)
{
	wr1(w, q.type);
	wr4(w, q.vers);
	wr8(w, q.path);
}

size_t p9_stat_size(const struct p9_stat *st)
{
	size_t n = P9_STAT_FIXED + (size_t)st->name.len + st->uid.len + st->gid.len + st->muid.len;
	/* size[2] counts the bytes after itself, so the whole entry can be 65535 + 2. */
	return n - 2 > 0xffffu ? 0 : n;
}

static void wrstat(struct wr *w, const struct p9_stat *st)
{
	size_t n = p9_stat_size(st);
	if (!n) {
		if (!w->err)
			w->err = "stat entry too large";
		return;
	}
	wr2(w, (uint16_t)(n - 2));
	wr2(w, st->type);
	wr4(w, st->dev);
	wrqid(w, st->qid);
	wr4(w, st->mode);
	wr4(w, st->atime);
	wr4(w, st->mtime);
	wr8(w, st->length);
	wrstr(w, st->name);
	wrstr(w, st->uid);
	wrstr(w, st->gid);
	wrstr(w, st->muid);
}

static void wrstat_counted(struct wr *w, const struct p9_stat *st)
{
	size_t n = p9_stat_size(st);
	/* n[2] holds the whole entry, so the entry itself can be at most 65535 bytes here. */
	if (!n || n > 0xffffu) {
		if (!w->err)
			w->err = "stat entry too large";
		return;
	}
	wr2(w, (uint16_t)n);
	wrstat(w, st);
}

static void wrdata(struct wr *w, const uint8_t *data, uint32_t count)
{
	if (count && !data && !w->err)
		w->err = "data missing";
	wr4(w, count);
	wrbytes(w, data, count);
}

const char *p9_stat_encode(const struct p9_stat *st, uint8_t *buf, size_t cap, size_t *len)
{
	struct wr w = { buf, buf ? cap : 0, 0, NULL };
	*len = 0;
	wrstat(&w, st);
	if (w.err)
		return w.err;
	*len = w.pos;
	return NULL;
}

const char *p9_encode(const struct p9_msg *m, uint8_t *buf, size_t cap, size_t *len)
{
	struct wr w = { buf, buf ? cap : 0, 0, NULL };
	*len = 0;
	wr4(&w, 0); /* size, filled in at the end */
	wr1(&w, m->type);
	wr2(&w, m->tag);

	switch (m->type) {
	case P9_TVERSION:
	case P9_RVERSION:
		wr4(&w, m->msize);
		wrstr(&w, m->version);
		break;
	case P9_TAUTH:
		wr4(&w, m->afid);
		wrstr(&w, m->uname);
		wrstr(&w, m->aname);
		break;
	case P9_RAUTH:
	case P9_RATTACH:
		wrqid(&w, m->qid);
		break;
	case P9_TATTACH:
		wr4(&w, m->fid);
		wr4(&w, m->afid);
		wrstr(&w, m->uname);
		wrstr(&w, m->aname);
		break;
	case P9_RERROR:
		wrstr(&w, m->ename);
		break;
	case P9_TFLUSH:
		wr2(&w, m->oldtag);
		break;
	case P9_TWALK:
		if (m->nwname > P9_MAXWELEM)
			return "more than 16 walk elements";
		wr4(&w, m->fid);
		wr4(&w, m->newfid);
		wr2(&w, m->nwname);
		for (uint16_t i = 0; i < m->nwname; i++) {
			const char *e = m->wname[i].s ? check_elem(m->wname[i], true) : "empty file name";
			if (e)
				return e;
			wrstr(&w, m->wname[i]);
		}
		break;
	case P9_RWALK:
		if (m->nwqid > P9_MAXWELEM)
			return "more than 16 walk qids";
		wr2(&w, m->nwqid);
		for (uint16_t i = 0; i < m->nwqid; i++)
			wrqid(&w, m->wqid[i]);
		break;
	case P9_TOPEN:
		wr4(&w, m->fid);
		wr1(&w, m->mode);
		break;
	case P9_ROPEN:
	case P9_RCREATE:
		wrqid(&w, m->qid);
		wr4(&w, m->iounit);
		break;
	case P9_TCREATE: {
		const char *e = m->name.s ? check_elem(m->name, false) : "empty file name";
		if (e)
			return e;
		wr4(&w, m->fid);
		wrstr(&w, m->name);
		wr4(&w, m->perm);
		wr1(&w, m->mode);
		break;
	}
	case P9_TREAD:
		wr4(&w, m->fid);
		wr8(&w, m->offset);
		wr4(&w, m->count);
		break;
	case P9_RREAD:
		wrdata(&w, m->data, m->count);
		break;
	case P9_TWRITE:
		wr4(&w, m->fid);
		wr8(&w, m->offset);
		wrdata(&w, m->data, m->count);
		break;
	case P9_RWRITE:
		wr4(&w, m->count);
		break;
	case P9_TCLUNK:
	case P9_TREMOVE:
	case P9_TSTAT:
		wr4(&w, m->fid);
		break;
	case P9_RFLUSH:
	case P9_RCLUNK:
	case P9_RREMOVE:
	case P9_RWSTAT:
		break;
	case P9_RSTAT:
		wrstat_counted(&w, &m->stat);
		break;
	case P9_TWSTAT:
		wr4(&w, m->fid);
		wrstat_counted(&w, &m->stat);
		break;
	default:
		return "unknown message type";
	}
	if (w.err)
		return w.err;
	/* size[4] must hold the total; only a huge Rread/Twrite in a huge buffer could exceed it. */
	if (w.pos > 0xffffffffu)
		return "message larger than 4 GiB";
	uint32_t size = (uint32_t)w.pos;
	for (int i = 0; i < 4; i++)
		buf[i] = (uint8_t)(size >> 8 * i);
	*len = w.pos;
	return NULL;
}

struct p9_str p9_str(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	return (struct p9_str){ s ? s : "", (uint16_t)(n > 0xffffu ? 0xffffu : n) };
}

bool p9_str_eq(struct p9_str a, const char *s)
{
	size_t n = strlen(s);
	return n == a.len && (n == 0 || memcmp(a.s, s, n) == 0);
}
