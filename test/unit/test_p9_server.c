/*
 * lib/9p server loop over the in-memory example tree: a scripted session (version, attach, walk,
 * open, read of a file and of a directory, write, create, remove, stat, wstat, clunk, flush) gets
 * the right replies; hostile sequences (no version, unknown fids, fids in use, read without open,
 * walk from an open fid, double clunk, full fid table, malformed and reply-type messages, tiny
 * reply buffers) get Rerror with the expected text or are dropped, and never disturb the session.
 */
#include "test.h"

#include <p9.h>
#include <p9_memtree.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MSIZE 8192u
#define NFIDS 8

static struct p9_server srv;
static struct p9_fid fids[NFIDS];
static struct p9_memtree tree;
static struct p9_memnode nodes[24];
static struct p9_ops ops; /* the example's table with clunk counted */
static uint8_t inbuf[MSIZE], outbuf[MSIZE];
static struct p9_msg reply;
static size_t reply_len;
static unsigned clunks, open_clunks;
static uint16_t next_tag = 1;

static void count_clunk(void *t, void *node, bool open)
{
	clunks++;
	open_clunks += open;
	p9_memtree_ops.clunk(t, node, open);
}

static const char motd[] = "hello, world\n";

static void setup(void)
{
	CHECK(p9_memtree_init(&tree, nodes, sizeof nodes / sizeof nodes[0], "glenda"));
	struct p9_memnode *root = &nodes[0];
	CHECK(p9_memtree_add(&tree, root, "motd", 0644, motd, sizeof motd - 1));
	struct p9_memnode *dir = p9_memtree_add(&tree, root, "dir", P9_DMDIR | 0755, NULL, 0);
	CHECK(dir);
	CHECK(p9_memtree_add(&tree, dir, "a", 0644, "A", 1));
	CHECK(p9_memtree_add(&tree, dir, "b", 0644, "BB", 2));
	CHECK(p9_memtree_add(&tree, root, "ro", 0444, "read only", 9));
	ops = p9_memtree_ops;
	ops.clunk = count_clunk;
	p9_server_init(&srv, &ops, &tree, fids, NFIDS, MSIZE);
	clunks = open_clunks = 0;
}

/* Sends t with a fresh tag (Tversion keeps NOTAG) through an exact-size copy; decodes the reply. */
static const struct p9_msg *rpc_cap(struct p9_msg *t, size_t outcap)
{
	if (t->type != P9_TVERSION)
		t->tag = next_tag++;
	size_t n;
	const char *err = p9_encode(t, inbuf, sizeof inbuf, &n);
	CHECK_OK(err);
	uint8_t *in = malloc(n);
	memcpy(in, inbuf, n);
	reply_len = p9_serve_one(&srv, in, n, outbuf, outcap);
	free(in);
	memset(&reply, 0, sizeof reply);
	if (reply_len == 0)
		return &reply;
	CHECK(reply_len <= outcap);
	CHECK_OK(p9_decode(&reply, outbuf, reply_len, srv.msize));
	CHECK_EQ(reply.tag, t->tag);
	return &reply;
}

static const struct p9_msg *rpc(struct p9_msg *t)
{
	return rpc_cap(t, sizeof outbuf);
}

static void expect_type(const struct p9_msg *r, uint8_t type, int line)
{
	if (r->type == type)
		return;
	if (r->type == P9_RERROR)
		test_fail(__FILE__, line, "expected type %u, got Rerror \"%.*s\"", type,
			  r->ename.len, r->ename.s);
	else
		test_fail(__FILE__, line, "expected type %u, got %u", type, r->type);
}

static void expect_error(const struct p9_msg *r, const char *ename, int line)
{
	if (r->type != P9_RERROR)
		test_fail(__FILE__, line, "expected Rerror \"%s\", got type %u", ename, r->type);
	else if (!p9_str_eq(r->ename, ename))
		test_fail(__FILE__, line, "expected Rerror \"%s\", got \"%.*s\"", ename,
			  r->ename.len, r->ename.s);
}

#define EXPECT(r, type) expect_type((r), (type), __LINE__)
#define EXPECT_ERR(r, text) expect_error((r), (text), __LINE__)

static const struct p9_msg *version(uint32_t msize, const char *v)
{
	struct p9_msg t = { .type = P9_TVERSION, .tag = P9_NOTAG, .msize = msize,
			    .version = p9_str(v) };
	return rpc(&t);
}

static const struct p9_msg *attach(uint32_t fid, uint32_t afid)
{
	struct p9_msg t = { .type = P9_TATTACH, .fid = fid, .afid = afid,
			    .uname = p9_str("glenda"), .aname = p9_str("") };
	return rpc(&t);
}

/* names: up to 16 elements separated by spaces ("" for none) */
static const struct p9_msg *walk(uint32_t fid, uint32_t newfid, const char *names)
{
	static char copy[256];
	struct p9_msg t = { .type = P9_TWALK, .fid = fid, .newfid = newfid };
	strcpy(copy, names);
	for (char *p = strtok(copy, " "); p; p = strtok(NULL, " "))
		t.wname[t.nwname++] = p9_str(p);
	return rpc(&t);
}

static const struct p9_msg *fidop(uint8_t type, uint32_t fid)
{
	struct p9_msg t = { .type = type, .fid = fid };
	return rpc(&t);
}

static const struct p9_msg *open_(uint32_t fid, uint8_t mode)
{
	struct p9_msg t = { .type = P9_TOPEN, .fid = fid, .mode = mode };
	return rpc(&t);
}

static const struct p9_msg *read_(uint32_t fid, uint64_t offset, uint32_t count)
{
	struct p9_msg t = { .type = P9_TREAD, .fid = fid, .offset = offset, .count = count };
	return rpc(&t);
}

static const struct p9_msg *write_(uint32_t fid, uint64_t offset, const char *data)
{
	struct p9_msg t = { .type = P9_TWRITE, .fid = fid, .offset = offset,
			    .count = (uint32_t)strlen(data), .data = (const uint8_t *)data };
	return rpc(&t);
}

static const struct p9_msg *create(uint32_t fid, const char *name, uint32_t perm, uint8_t mode)
{
	struct p9_msg t = { .type = P9_TCREATE, .fid = fid, .name = p9_str(name), .perm = perm,
			    .mode = mode };
	return rpc(&t);
}

static bool data_is(const struct p9_msg *r, const char *s)
{
	return r->type == P9_RREAD && r->count == strlen(s) && memcmp(r->data, s, r->count) == 0;
}

/* A fresh session: version, then fid 1 attached to the root. */
static void start(void)
{
	setup();
	EXPECT(version(MSIZE, "9P2000"), P9_RVERSION);
	EXPECT(attach(1, P9_NOFID), P9_RATTACH);
}

TEST(p9_server_version)
{
	setup();
	const struct p9_msg *r = version(MSIZE, "9P2000");
	EXPECT(r, P9_RVERSION);
	CHECK_EQ(r->tag, P9_NOTAG);
	CHECK_EQ(r->msize, MSIZE);
	CHECK(p9_str_eq(r->version, "9P2000"));
	/* The server's msize wins when smaller; a suffix after '.' is ignored (version(5)). */
	r = version(1u << 20, "9P2000.u");
	CHECK_EQ(r->msize, MSIZE);
	CHECK(p9_str_eq(r->version, "9P2000"));
	r = version(4096, "9P2000");
	CHECK_EQ(r->msize, 4096);
	CHECK_EQ(srv.msize, 4096);
	/* Other versions get "unknown" in an Rversion, not an Rerror, and no session. */
	static const char *const bad[] = { "9P1999", "9P2000L", "", "unknown", "9P", "9p2000" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		r = version(MSIZE, bad[i]);
		EXPECT(r, P9_RVERSION);
		CHECK(p9_str_eq(r->version, "unknown"));
		CHECK_EQ(srv.msize, 0);
	}
	EXPECT_ERR(attach(1, P9_NOFID), "version not negotiated");
	EXPECT_ERR(version(P9_MIN_MSIZE - 1, "9P2000"), "msize too small");
	EXPECT(version(P9_MIN_MSIZE, "9P2000"), P9_RVERSION);
	/* A new version clunks every fid. */
	EXPECT(attach(1, P9_NOFID), P9_RATTACH);
	EXPECT(walk(1, 2, "motd"), P9_RWALK);
	EXPECT(open_(2, P9_OREAD), P9_ROPEN);
	clunks = open_clunks = 0;
	EXPECT(version(MSIZE, "9P2000"), P9_RVERSION);
	CHECK_EQ(clunks, 2);
	CHECK_EQ(open_clunks, 1);
	EXPECT_ERR(fidop(P9_TCLUNK, 1), "unknown fid");
}

TEST(p9_server_scripted_session)
{
	start();
	const struct p9_msg *r;

	/* walk and read a file */
	r = walk(1, 2, "motd");
	EXPECT(r, P9_RWALK);
	CHECK_EQ(r->nwqid, 1);
	CHECK_EQ(r->wqid[0].type, P9_QTFILE);
	r = open_(2, P9_OREAD);
	EXPECT(r, P9_ROPEN);
	CHECK_EQ(r->iounit, MSIZE - P9_IOHDRSZ);
	CHECK(data_is(read_(2, 0, 100), "hello, world\n"));
	CHECK(data_is(read_(2, 7, 5), "world"));
	CHECK(data_is(read_(2, 13, 100), ""));
	CHECK(data_is(read_(2, 1000, 100), ""));

	/* stat of the root and of the file */
	r = fidop(P9_TSTAT, 1);
	EXPECT(r, P9_RSTAT);
	CHECK(p9_str_eq(r->stat.name, "/"));
	CHECK(r->stat.mode & P9_DMDIR);
	CHECK_EQ(r->stat.qid.type, P9_QTDIR);
	r = fidop(P9_TSTAT, 2);
	CHECK(p9_str_eq(r->stat.name, "motd"));
	CHECK_EQ(r->stat.length, sizeof motd - 1);
	CHECK(p9_str_eq(r->stat.uid, "glenda"));

	/* write through a second fid, read back through the first */
	EXPECT(walk(1, 3, "motd"), P9_RWALK);
	EXPECT(open_(3, P9_ORDWR), P9_ROPEN);
	r = write_(3, 0, "HELLO");
	EXPECT(r, P9_RWRITE);
	CHECK_EQ(r->count, 5);
	CHECK(data_is(read_(2, 0, 100), "HELLO, world\n"));
	CHECK(data_is(read_(3, 0, 5), "HELLO"));

	/* create, write, clunk; the file is then found by walking */
	EXPECT(walk(1, 4, ""), P9_RWALK); /* clone */
	r = create(4, "new", 0644, P9_OWRITE);
	EXPECT(r, P9_RCREATE);
	CHECK_EQ(r->qid.type, P9_QTFILE);
	CHECK_EQ(r->iounit, MSIZE - P9_IOHDRSZ);
	EXPECT(write_(4, 0, "xyz"), P9_RWRITE);
	EXPECT_ERR(read_(4, 0, 10), "file not open for reading");
	EXPECT(fidop(P9_TCLUNK, 4), P9_RCLUNK);
	EXPECT(walk(1, 5, "new"), P9_RWALK);
	r = fidop(P9_TSTAT, 5);
	CHECK(p9_str_eq(r->stat.name, "new"));
	CHECK_EQ(r->stat.length, 3);
	EXPECT_ERR(create(1, "new", 0644, P9_OREAD), "file already exists");

	/* remove clunks the fid; the name is gone */
	EXPECT(fidop(P9_TREMOVE, 5), P9_RREMOVE);
	EXPECT_ERR(fidop(P9_TCLUNK, 5), "unknown fid");
	EXPECT_ERR(walk(1, 6, "new"), "file does not exist");

	/* a directory created and walked into */
	EXPECT(walk(1, 6, ""), P9_RWALK);
	r = create(6, "sub", P9_DMDIR | 0755, P9_OREAD);
	EXPECT(r, P9_RCREATE);
	CHECK_EQ(r->qid.type, P9_QTDIR);
	EXPECT(fidop(P9_TCLUNK, 6), P9_RCLUNK);
	r = walk(1, 6, "sub ..");
	EXPECT(r, P9_RWALK);
	CHECK_EQ(r->nwqid, 2);
	CHECK_EQ(r->wqid[1].path, nodes[0].qid.path);
	EXPECT(fidop(P9_TCLUNK, 6), P9_RCLUNK);

	/* wstat renames; a wstat that changes nothing succeeds */
	EXPECT(walk(1, 7, "ro"), P9_RWALK);
	struct p9_msg t = { .type = P9_TWSTAT, .fid = 7 };
	t.stat = (struct p9_stat){ 0xffff, ~0u, { 0xff, ~0u, ~0ull }, ~0u, ~0u, ~0u, ~0ull,
				   p9_str(""), p9_str(""), p9_str(""), p9_str("") };
	EXPECT(rpc(&t), P9_RWSTAT);
	t.stat.name = p9_str("readonly");
	EXPECT(rpc(&t), P9_RWSTAT);
	EXPECT_ERR(walk(1, 8, "ro"), "file does not exist");
	EXPECT(walk(1, 8, "readonly"), P9_RWALK);
	t.stat.name = p9_str("");
	t.stat.uid = p9_str("bootes");
	EXPECT_ERR(rpc(&t), "wstat: field cannot be changed");

	/* flush is answered */
	t = (struct p9_msg){ .type = P9_TFLUSH, .oldtag = 3 };
	EXPECT(rpc(&t), P9_RFLUSH);

	/* clunk releases; every fid release reached the tree once */
	unsigned before = clunks;
	EXPECT(fidop(P9_TCLUNK, 2), P9_RCLUNK);
	EXPECT(fidop(P9_TCLUNK, 3), P9_RCLUNK);
	CHECK_EQ(clunks, before + 2);
}

TEST(p9_server_walks)
{
	start();
	const struct p9_msg *r;
	/* partial walk: the qids so far, and newfid is not created */
	r = walk(1, 2, "dir nope b");
	EXPECT(r, P9_RWALK);
	CHECK_EQ(r->nwqid, 1);
	CHECK_EQ(r->wqid[0].type, P9_QTDIR);
	EXPECT_ERR(fidop(P9_TCLUNK, 2), "unknown fid");
	/* a file in the middle ends the walk too */
	r = walk(1, 2, "motd x");
	EXPECT(r, P9_RWALK);
	CHECK_EQ(r->nwqid, 1);
	EXPECT_ERR(fidop(P9_TSTAT, 2), "unknown fid");
	/* the first element failing is an error */
	EXPECT_ERR(walk(1, 2, "nope"), "file does not exist");
	EXPECT_ERR(walk(1, 2, "nope motd"), "file does not exist");
	/* walking from a file at all */
	EXPECT(walk(1, 2, "motd"), P9_RWALK);
	EXPECT_ERR(walk(2, 3, "x"), "not a directory");
	EXPECT(walk(2, 3, ""), P9_RWALK); /* but cloning a file is fine */
	/* newfid == fid moves the fid; a partial walk leaves it where it was */
	EXPECT(walk(1, 4, ""), P9_RWALK);
	r = walk(4, 4, "dir");
	EXPECT(r, P9_RWALK);
	CHECK_EQ(r->nwqid, 1);
	r = walk(4, 4, "a nope");
	CHECK_EQ(r->nwqid, 1);
	r = fidop(P9_TSTAT, 4);
	CHECK(p9_str_eq(r->stat.name, "dir"));
	EXPECT(walk(4, 4, "b"), P9_RWALK);
	r = fidop(P9_TSTAT, 4);
	CHECK(p9_str_eq(r->stat.name, "b"));
	/* ".." from the root stays at the root */
	r = walk(1, 5, "..");
	CHECK_EQ(r->wqid[0].path, nodes[0].qid.path);
	/* 16 elements are fine */
	r = walk(1, 6, "dir .. dir .. dir .. dir .. dir .. dir .. dir .. dir a");
	EXPECT(r, P9_RWALK);
	CHECK_EQ(r->nwqid, 16);
}

/* Reads a directory in reads of count bytes; returns the names seen, space separated. */
static void read_dir(uint32_t fid, uint32_t count, char *names, size_t cap)
{
	uint64_t off = 0;
	names[0] = 0;
	for (int guard = 0; guard < 50; guard++) {
		const struct p9_msg *r = read_(fid, off, count);
		EXPECT(r, P9_RREAD);
		if (r->type != P9_RREAD || r->count == 0)
			return;
		size_t pos = 0;
		while (pos < r->count) {
			struct p9_stat st;
			size_t used;
			const char *err = p9_stat_decode(&st, r->data + pos, r->count - pos, &used);
			CHECK_OK(err);
			if (err)
				return;
			size_t l = strlen(names);
			snprintf(names + l, cap - l, "%s%.*s", l ? " " : "", st.name.len, st.name.s);
			pos += used;
		}
		off += r->count;
	}
	test_fail(__FILE__, __LINE__, "directory read does not end");
}

TEST(p9_server_directory_reads)
{
	start();
	char names[256];
	EXPECT(walk(1, 2, ""), P9_RWALK);
	EXPECT(open_(2, P9_OREAD), P9_ROPEN);
	read_dir(2, 4096, names, sizeof names);
	CHECK_STR(names, "motd dir ro");
	/* one entry per read: each read returns whole entries only */
	struct p9_stat st;
	CHECK_OK(fidop(P9_TSTAT, 2)->type == P9_RSTAT ? NULL : "stat");
	st = (struct p9_stat){ .name = p9_str("motd"), .uid = p9_str("glenda"),
			       .gid = p9_str("glenda"), .muid = p9_str("glenda") };
	uint32_t one = (uint32_t)p9_stat_size(&st);
	read_dir(2, one + 10, names, sizeof names);
	CHECK_STR(names, "motd dir ro");
	/* an entry larger than the count is an error, not a short entry */
	EXPECT_ERR(read_(2, 0, one - 1), "directory entry larger than the read count");
	/* offsets: 0 restarts, the end of the last read continues, anything else is refused */
	const struct p9_msg *r = read_(2, 0, one);
	CHECK_EQ(r->count, one);
	EXPECT_ERR(read_(2, one + 1, 100), "bad offset in directory read");
	EXPECT_ERR(read_(2, 1, 100), "bad offset in directory read");
	r = read_(2, one, 4096);
	EXPECT(r, P9_RREAD);
	size_t used;
	CHECK_OK(p9_stat_decode(&st, r->data, r->count, &used));
	CHECK(p9_str_eq(st.name, "dir"));
	r = read_(2, 0, 4096);
	CHECK_OK(p9_stat_decode(&st, r->data, r->count, &used));
	CHECK(p9_str_eq(st.name, "motd"));
	/* a subdirectory */
	EXPECT(walk(1, 3, "dir"), P9_RWALK);
	EXPECT(open_(3, P9_OREAD), P9_ROPEN);
	read_dir(3, 4096, names, sizeof names);
	CHECK_STR(names, "a b");
	/* the reply buffer bounds the read as well as msize */
	r = rpc_cap(&(struct p9_msg){ .type = P9_TREAD, .fid = 3, .count = 4096 }, one + 11);
	EXPECT(r, P9_RREAD);
	CHECK(r->count <= one);
}

TEST(p9_server_reads_bounded_by_buffer)
{
	start();
	EXPECT(walk(1, 2, "motd"), P9_RWALK);
	EXPECT(open_(2, P9_OREAD), P9_ROPEN);
	const struct p9_msg *r = rpc_cap(&(struct p9_msg){ .type = P9_TREAD, .fid = 2,
							   .count = 100 }, 16);
	EXPECT(r, P9_RREAD);
	CHECK_EQ(r->count, 5);
	CHECK_EQ(reply_len, 16);
	/* too small for any reply at all: dropped */
	r = rpc_cap(&(struct p9_msg){ .type = P9_TREAD, .fid = 2, .count = 100 }, 6);
	CHECK_EQ(reply_len, 0);
	/* too small for the tree's error text: a short one instead */
	r = rpc_cap(&(struct p9_msg){ .type = P9_TREAD, .fid = 99, .count = 100 }, 12);
	CHECK_EQ(reply_len, 0);
	r = rpc_cap(&(struct p9_msg){ .type = P9_TSTAT, .fid = 1 }, 30);
	EXPECT_ERR(r, "reply too large");
}

TEST(p9_server_hostile_fids)
{
	start();
	/* unknown fids */
	EXPECT_ERR(open_(42, P9_OREAD), "unknown fid");
	EXPECT_ERR(read_(42, 0, 10), "unknown fid");
	EXPECT_ERR(write_(42, 0, "x"), "unknown fid");
	EXPECT_ERR(fidop(P9_TSTAT, 42), "unknown fid");
	EXPECT_ERR(fidop(P9_TREMOVE, 42), "unknown fid");
	EXPECT_ERR(walk(42, 43, "motd"), "unknown fid");
	EXPECT_ERR(create(42, "x", 0644, P9_OREAD), "unknown fid");
	/* attach on a fid in use; authentication */
	EXPECT_ERR(attach(1, P9_NOFID), "fid in use");
	EXPECT_ERR(attach(2, 7), "no authentication required");
	EXPECT_ERR(attach(P9_NOFID, P9_NOFID), "invalid fid");
	struct p9_msg t = { .type = P9_TAUTH, .afid = 5, .uname = p9_str("glenda") };
	EXPECT_ERR(rpc(&t), "no authentication required");
	/* walk onto a fid in use */
	EXPECT(walk(1, 2, "motd"), P9_RWALK);
	EXPECT_ERR(walk(1, 2, "dir"), "fid in use");
	/* read or write without open, or in the wrong mode */
	EXPECT_ERR(read_(2, 0, 10), "file not open for reading");
	EXPECT_ERR(write_(2, 0, "x"), "file not open for writing");
	EXPECT(open_(2, P9_OREAD), P9_ROPEN);
	EXPECT_ERR(write_(2, 0, "x"), "file not open for writing");
	EXPECT_ERR(open_(2, P9_OREAD), "fid already open");
	EXPECT_ERR(create(2, "x", 0644, P9_OREAD), "fid already open");
	/* walk from an open fid, even a clone */
	EXPECT_ERR(walk(2, 3, ""), "walk from an open fid");
	/* directories are not written, and open modes have only the defined bits */
	EXPECT(walk(1, 3, "dir"), P9_RWALK);
	EXPECT_ERR(open_(3, P9_OWRITE), "is a directory");
	EXPECT_ERR(open_(3, P9_ORDWR), "is a directory");
	EXPECT_ERR(open_(3, P9_OREAD | P9_OTRUNC), "is a directory");
	EXPECT_ERR(open_(3, 0x80), "bad open mode");
	EXPECT_ERR(open_(3, 0x04), "bad open mode");
	EXPECT_ERR(create(2, "x", 0644, P9_OREAD), "fid already open");
	EXPECT(walk(1, 4, "motd"), P9_RWALK);
	EXPECT_ERR(create(4, "x", 0644, P9_OREAD), "not a directory");
	EXPECT_ERR(create(3, "x", P9_DMDIR | 0755, P9_OWRITE), "is a directory");
	/* the tree's own refusals come through */
	EXPECT(walk(1, 5, "ro"), P9_RWALK);
	EXPECT_ERR(open_(5, P9_OWRITE), "permission denied");
	EXPECT_ERR(fidop(P9_TREMOVE, 1), "cannot remove the root");
	EXPECT_ERR(fidop(P9_TSTAT, 1), "unknown fid"); /* remove clunked it anyway */
	EXPECT(attach(1, P9_NOFID), P9_RATTACH);
	EXPECT(walk(1, 6, "dir"), P9_RWALK);
	EXPECT_ERR(fidop(P9_TREMOVE, 6), "directory not empty");
	/* clunk twice */
	EXPECT(fidop(P9_TCLUNK, 2), P9_RCLUNK);
	EXPECT_ERR(fidop(P9_TCLUNK, 2), "unknown fid");
	/* the session survived all of it */
	EXPECT(walk(1, 2, "motd"), P9_RWALK);
	EXPECT(open_(2, P9_OREAD), P9_ROPEN);
	CHECK(data_is(read_(2, 0, 5), "hello"));
}

TEST(p9_server_fid_table_full)
{
	start();
	for (uint32_t f = 2; f <= NFIDS; f++)
		EXPECT(walk(1, f, ""), P9_RWALK);
	EXPECT_ERR(walk(1, 100, ""), "too many fids");
	EXPECT_ERR(attach(100, P9_NOFID), "too many fids");
	EXPECT(walk(1, 1, "dir"), P9_RWALK); /* moving a fid needs no slot */
	EXPECT(fidop(P9_TCLUNK, 5), P9_RCLUNK);
	EXPECT(walk(1, 100, ""), P9_RWALK);
}

TEST(p9_server_orclose_and_removed_files)
{
	start();
	EXPECT(walk(1, 2, ""), P9_RWALK);
	EXPECT(create(2, "tmp", 0644, P9_ORDWR | P9_ORCLOSE), P9_RCREATE);
	EXPECT(walk(1, 3, "tmp"), P9_RWALK);
	EXPECT(fidop(P9_TCLUNK, 2), P9_RCLUNK);
	EXPECT_ERR(walk(1, 4, "tmp"), "file does not exist");
	/* a fid still naming the removed file gets errors, not a crash */
	EXPECT_ERR(open_(3, P9_OREAD), "file has been removed");
	EXPECT(fidop(P9_TSTAT, 3), P9_RSTAT);
	EXPECT_ERR(fidop(P9_TREMOVE, 3), "file has been removed");
}

TEST(p9_server_malformed_messages)
{
	start();
	uint8_t out[256];
	/* too short to hold a tag: dropped */
	static const uint8_t tiny[] = { 3, 0, 0 };
	CHECK_EQ(p9_serve_one(&srv, tiny, sizeof tiny, out, sizeof out), 0);
	CHECK_EQ(p9_serve_one(&srv, NULL, 0, out, sizeof out), 0);
	/* a header with a tag: Rerror on that tag */
	uint8_t bad[] = { 99, 0, 0, 0, P9_TCLUNK, 0x34, 0x12 };
	size_t n = p9_serve_one(&srv, bad, sizeof bad, out, sizeof out);
	struct p9_msg r;
	CHECK(n > 0);
	CHECK_OK(p9_decode(&r, out, n, 0));
	CHECK_EQ(r.type, P9_RERROR);
	CHECK_EQ(r.tag, 0x1234);
	CHECK(p9_str_eq(r.ename, "size field does not match the message length"));
	/* truncated at every length: never a crash, Rerror from length 7 on */
	struct p9_msg t = { .type = P9_TWALK, .tag = 9, .fid = 1, .newfid = 2, .nwname = 2,
			    .wname = { p9_str("dir"), p9_str("a") } };
	uint8_t full[64];
	size_t len;
	CHECK_OK(p9_encode(&t, full, sizeof full, &len));
	for (size_t l = 0; l < len; l++) {
		uint8_t *c = malloc(l ? l : 1);
		memcpy(c, full, l);
		n = p9_serve_one(&srv, c, l, out, sizeof out);
		free(c);
		if (l < P9_HDRSZ) {
			CHECK_EQ(n, 0);
			continue;
		}
		CHECK_OK(p9_decode(&r, out, n, 0));
		CHECK_EQ(r.type, P9_RERROR);
	}
	/* reply messages are not requests */
	EXPECT_ERR(rpc(&(struct p9_msg){ .type = P9_RCLUNK }), "not a request message");
	EXPECT_ERR(rpc(&(struct p9_msg){ .type = P9_RERROR, .ename = p9_str("x") }),
		   "not a request message");
	/* a read asking for more than msize allows */
	EXPECT_ERR(read_(1, 0, MSIZE), "read count larger than msize allows");
	/* a message over msize */
	static uint8_t big[MSIZE + 64];
	struct p9_msg w = { .type = P9_TWRITE, .fid = 1, .count = MSIZE, .data = big };
	CHECK_OK(p9_encode(&w, big, sizeof big, &len));
	n = p9_serve_one(&srv, big, len, out, sizeof out);
	CHECK_OK(p9_decode(&r, out, n, 0));
	CHECK(p9_str_eq(r.ename, "message larger than msize"));
	/* the session still works */
	EXPECT(walk(1, 2, "dir a"), P9_RWALK);
}
