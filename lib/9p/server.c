/*
 * The 9P2000 server loop; see p9.h and docs/9p.md. It owns the session's protocol state (the
 * negotiated msize and the fid table) and every rule 9P states about it, so a file tree's
 * callbacks only ever see requests that are legal for the fids involved.
 *
 * Requests are answered one at a time, to completion, except reads a tree chooses to hold
 * (P9_DEFER): those wait in the session's held table until the tree answers them
 * (p9_server_answer) or they are cancelled, which is all a Tflush can find in flight. Replies are
 * built in the caller's buffer; file and directory data is produced directly at its place in the
 * Rread so nothing is copied twice.
 */
#include <p9.h>
#include <mem.h>

/* The open-mode bits 9P defines; any other bit in a Topen/Tcreate mode is refused. */
#define P9_OMODE_BITS (3u | P9_OTRUNC | P9_OCEXEC | P9_ORCLOSE)

const char p9_defer[] = "read held for later"; /* compared by address, never sent */

void p9_server_init(struct p9_server *s, const struct p9_ops *ops, void *tree,
		    struct p9_fid *fids, size_t nfids, uint32_t max_msize)
{
	s->ops = ops;
	s->tree = tree;
	s->fids = fids;
	s->nfids = fids ? nfids : 0;
	s->max_msize = max_msize < P9_MIN_MSIZE ? P9_MIN_MSIZE : max_msize;
	s->msize = 0;
	s->held = NULL;
	s->nheld = 0;
	s->tag = 0;
	s->fid = NULL;
	for (size_t i = 0; i < s->nfids; i++)
		fids[i] = (struct p9_fid){ 0 };
}

void p9_server_hold(struct p9_server *s, struct p9_held *held, size_t n)
{
	s->held = held;
	s->nheld = held ? n : 0;
	for (size_t i = 0; i < s->nheld; i++)
		held[i] = (struct p9_held){ 0 };
}

static struct p9_held *held_find(struct p9_server *s, uint16_t tag)
{
	for (size_t i = 0; i < s->nheld; i++)
		if (s->held[i].used && s->held[i].tag == tag)
			return &s->held[i];
	return NULL;
}

/* The tree forgets a held read; its tag is free again. */
static void held_cancel(struct p9_server *s, struct p9_held *h)
{
	struct p9_held copy = *h;
	*h = (struct p9_held){ 0 };
	if (s->ops->cancel)
		s->ops->cancel(s->tree, copy.node, copy.tag);
}

static struct p9_fid *fid_find(struct p9_server *s, uint32_t fid)
{
	for (size_t i = 0; i < s->nfids; i++)
		if (s->fids[i].used && s->fids[i].fid == fid)
			return &s->fids[i];
	return NULL;
}

static struct p9_fid *fid_free_slot(struct p9_server *s)
{
	for (size_t i = 0; i < s->nfids; i++)
		if (!s->fids[i].used)
			return &s->fids[i];
	return NULL;
}

static void fid_set(struct p9_fid *f, uint32_t fid, void *node, struct p9_qid qid)
{
	*f = (struct p9_fid){ .fid = fid, .used = true, .node = node, .qid = qid };
}

/* Drops a fid; an ORCLOSE fid removes its file first unless the caller is removing it anyway. */
static void fid_release(struct p9_server *s, struct p9_fid *f, bool honour_rclose)
{
	/* Reads held on the fid die with it: nobody could take their answer. */
	for (size_t i = 0; i < s->nheld; i++)
		if (s->held[i].used && s->held[i].fid == f->fid)
			held_cancel(s, &s->held[i]);
	s->fid = f;
	if (honour_rclose && f->open && (f->mode & P9_ORCLOSE) && s->ops->remove)
		(void)s->ops->remove(s->tree, f->node); /* clunk cannot fail, so neither can this */
	if (s->ops->clunk)
		s->ops->clunk(s->tree, f->node, f->open);
	s->fid = NULL;
	*f = (struct p9_fid){ 0 };
}

void p9_server_reset(struct p9_server *s)
{
	for (size_t i = 0; i < s->nfids; i++)
		if (s->fids[i].used)
			fid_release(s, &s->fids[i], true);
	for (size_t i = 0; i < s->nheld; i++) /* none should be left: each had a fid */
		if (s->held[i].used)
			held_cancel(s, &s->held[i]);
	s->msize = 0;
}

static bool is_dir(const struct p9_fid *f)
{
	return (f->qid.type & P9_QTDIR) != 0;
}

static bool readable(uint8_t mode)
{
	return (mode & 3u) != P9_OWRITE; /* OREAD, ORDWR and OEXEC all read */
}

static bool writable(uint8_t mode)
{
	return (mode & 3u) == P9_OWRITE || (mode & 3u) == P9_ORDWR;
}

/* A directory is only ever read: its contents change through create and remove. */
static const char *check_mode(uint8_t mode, bool dir)
{
	if (mode & ~P9_OMODE_BITS)
		return "bad open mode";
	if (dir && (writable(mode) || (mode & P9_OTRUNC)))
		return "is a directory";
	return NULL;
}

/* Tversion: aborts the session, then accepts "9P2000" with any ".suffix" (version(5)). */
static const char *do_version(struct p9_server *s, const struct p9_msg *t, struct p9_msg *r)
{
	p9_server_reset(s);
	uint16_t n = 0;
	while (n < t->version.len && t->version.s[n] != '.')
		n++;
	struct p9_str base = { t->version.s, n };
	r->type = P9_RVERSION;
	if (!p9_str_eq(base, P9_VERSION)) {
		r->msize = t->msize < s->max_msize ? t->msize : s->max_msize;
		r->version = p9_str("unknown");
		return NULL;
	}
	if (t->msize < P9_MIN_MSIZE)
		return "msize too small";
	s->msize = t->msize < s->max_msize ? t->msize : s->max_msize;
	r->msize = s->msize;
	r->version = p9_str(P9_VERSION);
	return NULL;
}

static const char *do_attach(struct p9_server *s, const struct p9_msg *t, struct p9_msg *r)
{
	if (t->fid == P9_NOFID)
		return "invalid fid";
	if (fid_find(s, t->fid))
		return "fid in use";
	if (t->afid != P9_NOFID)
		return "no authentication required";
	struct p9_fid *f = fid_free_slot(s);
	if (!f)
		return "too many fids";
	void *node = NULL;
	struct p9_qid qid = { 0 };
	const char *err = s->ops->attach(s->tree, t->uname, t->aname, &node, &qid);
	if (err)
		return err;
	fid_set(f, t->fid, node, qid);
	r->type = P9_RATTACH;
	r->qid = qid;
	return NULL;
}

/* walk(5): the first failing element fails the walk; a later one ends it with the qids so far
 * and leaves newfid untouched. Only a complete walk moves or creates newfid. */
static const char *do_walk(struct p9_server *s, const struct p9_msg *t, struct p9_msg *r)
{
	struct p9_fid *f = fid_find(s, t->fid);
	if (!f)
		return "unknown fid";
	s->fid = f;
	if (f->open)
		return "walk from an open fid";
	struct p9_fid *nf = NULL;
	if (t->newfid != t->fid) {
		if (t->newfid == P9_NOFID)
			return "invalid fid";
		if (fid_find(s, t->newfid))
			return "fid in use";
		nf = fid_free_slot(s);
		if (!nf)
			return "too many fids";
	}
	void *node = f->node;
	struct p9_qid qid = f->qid;
	const char *err = NULL;
	uint16_t done = 0;
	for (; done < t->nwname; done++) {
		if (!(qid.type & P9_QTDIR)) {
			err = "not a directory";
			break;
		}
		void *child = NULL;
		struct p9_qid cq = { 0 };
		err = s->ops->walk(s->tree, node, t->wname[done], &child, &cq);
		if (err)
			break;
		node = child;
		qid = cq;
		r->wqid[done] = cq;
	}
	if (done == 0 && t->nwname > 0)
		return err;
	r->type = P9_RWALK;
	r->nwqid = done;
	if (done < t->nwname)
		return NULL;
	if (nf) {
		fid_set(nf, t->newfid, node, qid);
	} else if (t->nwname > 0) {
		/* The fid moves: to the tree it is the old node's fid going away. */
		if (s->ops->clunk)
			s->ops->clunk(s->tree, f->node, false);
		fid_set(f, t->fid, node, qid);
	}
	return NULL;
}

static uint32_t iounit(const struct p9_server *s)
{
	return s->msize - P9_IOHDRSZ; /* msize >= P9_MIN_MSIZE, so no underflow */
}

static const char *do_open(struct p9_server *s, const struct p9_msg *t, struct p9_msg *r)
{
	struct p9_fid *f = fid_find(s, t->fid);
	if (!f)
		return "unknown fid";
	s->fid = f;
	if (f->open)
		return "fid already open";
	const char *err = check_mode(t->mode, is_dir(f));
	if (err)
		return err;
	struct p9_qid qid = f->qid;
	err = s->ops->open(s->tree, f->node, t->mode, &qid);
	if (err)
		return err;
	f->qid = qid;
	f->open = true;
	f->mode = t->mode;
	f->dir_offset = 0;
	f->dir_index = 0;
	r->type = P9_ROPEN;
	r->qid = qid;
	r->iounit = iounit(s);
	return NULL;
}

static const char *do_create(struct p9_server *s, const struct p9_msg *t, struct p9_msg *r)
{
	struct p9_fid *f = fid_find(s, t->fid);
	if (!f)
		return "unknown fid";
	s->fid = f;
	if (f->open)
		return "fid already open";
	if (!is_dir(f))
		return "not a directory";
	if (!s->ops->create)
		return "permission denied";
	const char *err = check_mode(t->mode, (t->perm & P9_DMDIR) != 0);
	if (err)
		return err;
	void *node = NULL;
	struct p9_qid qid = { 0 };
	err = s->ops->create(s->tree, f->node, t->name, t->perm, t->mode, &node, &qid);
	if (err)
		return err;
	/* create(5): the fid now names the new file, open. */
	if (s->ops->clunk)
		s->ops->clunk(s->tree, f->node, false);
	fid_set(f, t->fid, node, qid);
	f->open = true;
	f->mode = t->mode;
	r->type = P9_RCREATE;
	r->qid = qid;
	r->iounit = iounit(s);
	return NULL;
}

/*
 * read(5) on a directory: whole stat entries only, and the offset must be 0 (start over) or
 * exactly where the previous read on this fid ended, so the loop can remember the entry index.
 */
static const char *read_dir(struct p9_server *s, struct p9_fid *f, const struct p9_msg *t,
			    uint8_t *data, uint32_t count, uint32_t *got)
{
	uint32_t index;
	if (t->offset == 0)
		index = 0;
	else if (t->offset == f->dir_offset)
		index = f->dir_index;
	else
		return "bad offset in directory read";
	uint32_t used = 0;
	struct p9_stat st;
	while (s->ops->readdir(s->tree, f->node, index, &st)) {
		size_t need = p9_stat_size(&st);
		if (need == 0 || need > count - used) {
			if (used == 0)
				return "directory entry larger than the read count";
			break;
		}
		size_t n;
		const char *err = p9_stat_encode(&st, data + used, count - used, &n);
		if (err)
			return err;
		used += (uint32_t)n;
		index++;
	}
	f->dir_offset = t->offset + used;
	f->dir_index = index;
	*got = used;
	return NULL;
}

/* The tree deferred t: keep it until answered or cancelled (P9_DEFER: nothing to send now). */
static const char *hold(struct p9_server *s, const struct p9_msg *t, struct p9_fid *f,
			uint32_t count)
{
	for (size_t i = 0; i < s->nheld; i++) {
		if (!s->held[i].used) {
			s->held[i] = (struct p9_held){ true, t->tag, f->fid, count, f->node };
			return P9_DEFER;
		}
	}
	if (s->ops->cancel)
		s->ops->cancel(s->tree, f->node, t->tag);
	return s->nheld ? "too many reads waiting" : "server cannot hold a read";
}

static const char *do_read(struct p9_server *s, const struct p9_msg *t, struct p9_msg *r,
			   uint8_t *out, size_t cap)
{
	struct p9_fid *f = fid_find(s, t->fid);
	if (!f)
		return "unknown fid";
	s->fid = f;
	if (!f->open || !readable(f->mode))
		return "file not open for reading";
	/* The decoder has held count to what an Rread of msize carries; the buffer may be less. */
	uint32_t count = t->count;
	size_t room = cap > P9_RREAD_HDRSZ ? cap - P9_RREAD_HDRSZ : 0;
	if (count > room)
		count = (uint32_t)room;
	uint8_t *data = out + P9_RREAD_HDRSZ;
	uint32_t got = 0;
	const char *err;
	if (is_dir(f)) {
		err = read_dir(s, f, t, data, count, &got);
	} else {
		got = count;
		err = s->ops->read(s->tree, f->node, t->offset, data, &got);
		if (err == P9_DEFER)
			return hold(s, t, f, count);
		if (got > count) /* a tree bug must not become a reply past the buffer */
			got = count;
	}
	if (err)
		return err;
	r->type = P9_RREAD;
	r->count = got;
	r->data = data;
	return NULL;
}

static const char *do_write(struct p9_server *s, const struct p9_msg *t, struct p9_msg *r)
{
	struct p9_fid *f = fid_find(s, t->fid);
	if (!f)
		return "unknown fid";
	s->fid = f;
	if (!f->open || !writable(f->mode))
		return "file not open for writing";
	if (!s->ops->write)
		return "permission denied";
	uint32_t n = t->count;
	const char *err = s->ops->write(s->tree, f->node, t->offset, t->data, &n);
	if (err)
		return err;
	r->type = P9_RWRITE;
	r->count = n > t->count ? t->count : n;
	return NULL;
}

static const char *do_fid_op(struct p9_server *s, const struct p9_msg *t, struct p9_msg *r)
{
	struct p9_fid *f = fid_find(s, t->fid);
	if (!f)
		return "unknown fid";
	s->fid = f;
	const char *err = NULL;
	switch (t->type) {
	case P9_TCLUNK:
		fid_release(s, f, true);
		r->type = P9_RCLUNK;
		return NULL;
	case P9_TREMOVE:
		/* remove(5): the fid is clunked even when the remove fails. */
		err = s->ops->remove ? s->ops->remove(s->tree, f->node) : "permission denied";
		fid_release(s, f, false);
		r->type = P9_RREMOVE;
		return err;
	case P9_TSTAT:
		err = s->ops->stat(s->tree, f->node, &r->stat);
		r->type = P9_RSTAT;
		return err;
	default: /* P9_TWSTAT */
		err = s->ops->wstat ? s->ops->wstat(s->tree, f->node, &t->stat) : "permission denied";
		r->type = P9_RWSTAT;
		return err;
	}
}

/* flush(5): a held read is cancelled, so its only answer is this Rflush. Anything else has
 * already been answered. */
static void do_flush(struct p9_server *s, const struct p9_msg *t, struct p9_msg *r)
{
	struct p9_held *h = held_find(s, t->oldtag);
	if (h)
		held_cancel(s, h);
	r->type = P9_RFLUSH;
}

static size_t reply_error(uint8_t *out, size_t cap, uint16_t tag, const char *ename)
{
	struct p9_msg r = { .type = P9_RERROR, .tag = tag, .ename = p9_str(ename) };
	size_t n;
	if (!p9_encode(&r, out, cap, &n))
		return n;
	/* The tree's text did not fit (or had a NUL): say something short instead. */
	r.ename = p9_str("reply too large");
	if (!p9_encode(&r, out, cap, &n))
		return n;
	return 0;
}

size_t p9_serve_one(struct p9_server *s, const uint8_t *in, size_t inlen, uint8_t *out,
		    size_t outcap)
{
	if (!in || !out || inlen < P9_HDRSZ)
		return 0; /* no tag to answer to */
	uint16_t tag = (uint16_t)(in[5] | in[6] << 8);
	uint32_t limit = s->msize ? s->msize : s->max_msize;
	size_t cap = outcap < limit ? outcap : limit;

	struct p9_msg t;
	const char *err = p9_decode(&t, in, inlen, limit);
	if (err)
		return reply_error(out, cap, tag, err);

	struct p9_msg r = { .tag = tag };
	s->tag = tag;
	s->fid = NULL;
	if (t.type == P9_TVERSION)
		err = do_version(s, &t, &r);
	else if (!s->msize)
		err = "version not negotiated";
	else if (held_find(s, tag))
		err = "tag in use";
	else {
		switch (t.type) {
		case P9_TAUTH: err = "no authentication required"; break;
		case P9_TATTACH: err = do_attach(s, &t, &r); break;
		case P9_TFLUSH: do_flush(s, &t, &r); break;
		case P9_TWALK: err = do_walk(s, &t, &r); break;
		case P9_TOPEN: err = do_open(s, &t, &r); break;
		case P9_TCREATE: err = do_create(s, &t, &r); break;
		case P9_TREAD: err = do_read(s, &t, &r, out, cap); break;
		case P9_TWRITE: err = do_write(s, &t, &r); break;
		case P9_TCLUNK:
		case P9_TREMOVE:
		case P9_TSTAT:
		case P9_TWSTAT: err = do_fid_op(s, &t, &r); break;
		default: err = "not a request message"; break;
		}
	}
	s->fid = NULL;
	if (err == P9_DEFER)
		return 0;
	if (err)
		return reply_error(out, cap, tag, err);
	size_t n;
	err = p9_encode(&r, out, cap, &n);
	if (err)
		return reply_error(out, cap, tag, err);
	return n;
}

size_t p9_server_answer(struct p9_server *s, uint16_t tag, const uint8_t *data, uint32_t count,
			const char *err, uint8_t *out, size_t outcap)
{
	struct p9_held *h = out ? held_find(s, tag) : NULL;
	if (!h)
		return 0;
	uint32_t limit = s->msize ? s->msize : s->max_msize;
	size_t cap = outcap < limit ? outcap : limit;
	size_t room = cap > P9_RREAD_HDRSZ ? cap - P9_RREAD_HDRSZ : 0;
	if (count > h->count)
		count = h->count;
	if (count > room)
		count = (uint32_t)room;
	*h = (struct p9_held){ 0 };
	if (err)
		return reply_error(out, cap, tag, err);
	struct p9_msg r = { .type = P9_RREAD, .tag = tag, .count = count, .data = data };
	size_t n;
	err = p9_encode(&r, out, cap, &n);
	return err ? reply_error(out, cap, tag, err) : n;
}
