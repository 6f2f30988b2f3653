/*
 * lib/9p deferred reads (P9_DEFER, p9_server_hold, p9_server_answer, ops->cancel) over the example
 * tree with one file, "wait", whose reads the tree always holds: a held read gets no reply until
 * answered, and then exactly one, with its own tag and at most what it asked; Tflush, a clunk or
 * remove of its fid, Tversion and p9_server_reset cancel it (the tree is told, a later answer is
 * refused); a held tag cannot be reused; a full or missing hold table gives Rerror and a cancel.
 * Also that callbacks see the request's tag and fid.
 */
#include "test.h"

#include <p9.h>
#include <p9_memtree.h>

#include <stdlib.h>
#include <string.h>

#define MSIZE 8192u

static struct p9_server srv;
static struct p9_fid fids[8];
static struct p9_held held[3];
static struct p9_memtree tree;
static struct p9_memnode nodes[8];
static struct p9_memnode *waitnode;
static struct p9_ops ops;
static uint8_t out[MSIZE];
static struct p9_msg reply;

/* What the tree saw. */
static uint16_t held_tags[16], cancelled[16];
static uint32_t held_fids[16];
static unsigned nheld_seen, ncancelled;
static uint32_t clunked_fid;

static const char *wait_read(void *t, void *node, uint64_t offset, uint8_t *buf, uint32_t *count)
{
	if (node != waitnode)
		return p9_memtree_ops.read(t, node, offset, buf, count);
	CHECK(srv.fid != NULL);
	held_tags[nheld_seen % 16] = srv.tag;
	held_fids[nheld_seen % 16] = srv.fid ? srv.fid->fid : P9_NOFID;
	nheld_seen++;
	return P9_DEFER;
}

static void wait_cancel(void *t, void *node, uint16_t tag)
{
	(void)t;
	CHECK(node == waitnode);
	cancelled[ncancelled++ % 16] = tag;
}

static void wait_clunk(void *t, void *node, bool open)
{
	clunked_fid = srv.fid ? srv.fid->fid : P9_NOFID;
	p9_memtree_ops.clunk(t, node, open);
}

/* Serves t as sent with its own tag; returns the reply length (0: none), reply decoded. */
static size_t send(struct p9_msg t)
{
	uint8_t buf[512];
	size_t n;
	CHECK_OK(p9_encode(&t, buf, sizeof buf, &n));
	uint8_t *in = malloc(n);
	memcpy(in, buf, n);
	size_t r = p9_serve_one(&srv, in, n, out, sizeof out);
	free(in);
	memset(&reply, 0, sizeof reply);
	if (r) {
		CHECK_OK(p9_decode(&reply, out, r, 0));
		CHECK_EQ(reply.tag, t.tag);
	}
	return r;
}

static void decode_answer(size_t n, uint16_t tag)
{
	memset(&reply, 0, sizeof reply);
	CHECK(n > 0);
	if (n) {
		CHECK_OK(p9_decode(&reply, out, n, 0));
		CHECK_EQ(reply.tag, tag);
	}
}

static bool is_error(const char *text)
{
	return reply.type == P9_RERROR && p9_str_eq(reply.ename, text);
}

/* A session with fid 1 and 2 open on "wait" and fid 3 on "motd". */
static void setup(bool with_table)
{
	CHECK(p9_memtree_init(&tree, nodes, 8, "glenda"));
	waitnode = p9_memtree_add(&tree, &nodes[0], "wait", 0666, NULL, 0);
	CHECK(p9_memtree_add(&tree, &nodes[0], "motd", 0644, "hi", 2));
	ops = p9_memtree_ops;
	ops.read = wait_read;
	ops.cancel = wait_cancel;
	ops.clunk = wait_clunk;
	p9_server_init(&srv, &ops, &tree, fids, 8, MSIZE);
	if (with_table)
		p9_server_hold(&srv, held, 3);
	nheld_seen = ncancelled = 0;
	send((struct p9_msg){ .type = P9_TVERSION, .tag = P9_NOTAG, .msize = MSIZE,
			      .version = p9_str(P9_VERSION) });
	send((struct p9_msg){ .type = P9_TATTACH, .tag = 1, .fid = 0, .afid = P9_NOFID,
			      .uname = p9_str("glenda"), .aname = p9_str("") });
	const char *names[] = { "wait", "wait", "motd" };
	for (uint32_t f = 1; f <= 3; f++) {
		struct p9_msg w = { .type = P9_TWALK, .tag = 1, .fid = 0, .newfid = f, .nwname = 1 };
		w.wname[0] = p9_str(names[f - 1]);
		send(w);
		CHECK_EQ(reply.type, P9_RWALK);
		send((struct p9_msg){ .type = P9_TOPEN, .tag = 1, .fid = f, .mode = P9_ORDWR });
		CHECK_EQ(reply.type, P9_ROPEN);
	}
}

static size_t tread(uint16_t tag, uint32_t fid, uint32_t count)
{
	return send((struct p9_msg){ .type = P9_TREAD, .tag = tag, .fid = fid, .count = count });
}

TEST(p9_defer_held_read_answered_once)
{
	setup(true);
	CHECK_EQ(tread(10, 1, 100), 0);
	CHECK_EQ(nheld_seen, 1);
	CHECK_EQ(held_tags[0], 10);
	CHECK_EQ(held_fids[0], 1);
	/* Other requests go on meanwhile. */
	tread(11, 3, 100);
	CHECK_EQ(reply.type, P9_RREAD);
	CHECK_EQ(reply.count, 2);
	size_t n = p9_server_answer(&srv, 10, (const uint8_t *)"line\n", 5, NULL, out, sizeof out);
	decode_answer(n, 10);
	CHECK_EQ(reply.type, P9_RREAD);
	CHECK_EQ(reply.count, 5);
	CHECK(memcmp(reply.data, "line\n", 5) == 0);
	CHECK_EQ(p9_server_answer(&srv, 10, (const uint8_t *)"x", 1, NULL, out, sizeof out), 0);
	CHECK_EQ(p9_server_answer(&srv, 99, (const uint8_t *)"x", 1, NULL, out, sizeof out), 0);
	CHECK_EQ(ncancelled, 0);
}

TEST(p9_defer_answer_bounded_by_request_and_buffer)
{
	setup(true);
	tread(20, 1, 3);
	size_t n = p9_server_answer(&srv, 20, (const uint8_t *)"abcdef", 6, NULL, out, sizeof out);
	decode_answer(n, 20);
	CHECK_EQ(reply.count, 3);
	tread(21, 1, 100);
	n = p9_server_answer(&srv, 21, (const uint8_t *)"abcdef", 6, NULL, out, P9_RREAD_HDRSZ + 4);
	decode_answer(n, 21);
	CHECK_EQ(reply.count, 4);
	/* Data already in place in the reply buffer. */
	tread(22, 1, 100);
	memcpy(out + P9_RREAD_HDRSZ, "inplace", 7);
	n = p9_server_answer(&srv, 22, out + P9_RREAD_HDRSZ, 7, NULL, out, sizeof out);
	decode_answer(n, 22);
	CHECK_EQ(reply.count, 7);
	CHECK(memcmp(reply.data, "inplace", 7) == 0);
	/* An error instead of data. */
	tread(23, 1, 100);
	n = p9_server_answer(&srv, 23, NULL, 0, "i/o error", out, sizeof out);
	decode_answer(n, 23);
	CHECK(is_error("i/o error"));
}

TEST(p9_defer_flush_cancels)
{
	setup(true);
	tread(30, 1, 10);
	tread(31, 2, 10);
	CHECK_EQ(send((struct p9_msg){ .type = P9_TFLUSH, .tag = 32, .oldtag = 30 }) > 0, 1);
	CHECK_EQ(reply.type, P9_RFLUSH);
	CHECK_EQ(ncancelled, 1);
	CHECK_EQ(cancelled[0], 30);
	CHECK_EQ(p9_server_answer(&srv, 30, (const uint8_t *)"x", 1, NULL, out, sizeof out), 0);
	/* A flush of something not held (already answered, or never sent) is just answered. */
	send((struct p9_msg){ .type = P9_TFLUSH, .tag = 33, .oldtag = 77 });
	CHECK_EQ(reply.type, P9_RFLUSH);
	CHECK_EQ(ncancelled, 1);
	decode_answer(p9_server_answer(&srv, 31, (const uint8_t *)"y", 1, NULL, out, sizeof out), 31);
	CHECK_EQ(reply.type, P9_RREAD);
}

TEST(p9_defer_held_tag_in_use)
{
	setup(true);
	tread(40, 1, 10);
	send((struct p9_msg){ .type = P9_TSTAT, .tag = 40, .fid = 3 });
	CHECK(is_error("tag in use"));
	send((struct p9_msg){ .type = P9_TFLUSH, .tag = 40, .oldtag = 40 });
	CHECK(is_error("tag in use"));
	CHECK_EQ(ncancelled, 0);
	p9_server_answer(&srv, 40, (const uint8_t *)"z", 1, NULL, out, sizeof out);
	send((struct p9_msg){ .type = P9_TSTAT, .tag = 40, .fid = 3 });
	CHECK_EQ(reply.type, P9_RSTAT);
}

TEST(p9_defer_clunk_remove_version_reset_cancel)
{
	setup(true);
	tread(50, 1, 10);
	tread(51, 2, 10);
	send((struct p9_msg){ .type = P9_TCLUNK, .tag = 52, .fid = 1 });
	CHECK_EQ(reply.type, P9_RCLUNK);
	CHECK_EQ(clunked_fid, 1); /* the clunk callback sees its fid */
	CHECK_EQ(ncancelled, 1);
	CHECK_EQ(cancelled[0], 50);
	CHECK_EQ(p9_server_answer(&srv, 50, (const uint8_t *)"x", 1, NULL, out, sizeof out), 0);
	send((struct p9_msg){ .type = P9_TREMOVE, .tag = 53, .fid = 2 });
	CHECK_EQ(ncancelled, 2);
	CHECK_EQ(cancelled[1], 51);

	setup(true);
	tread(60, 1, 10);
	tread(61, 2, 10);
	send((struct p9_msg){ .type = P9_TVERSION, .tag = P9_NOTAG, .msize = MSIZE,
			      .version = p9_str(P9_VERSION) });
	CHECK_EQ(ncancelled, 2);
	CHECK_EQ(p9_server_answer(&srv, 61, (const uint8_t *)"x", 1, NULL, out, sizeof out), 0);

	setup(true);
	tread(70, 1, 10);
	p9_server_reset(&srv);
	CHECK_EQ(ncancelled, 1);
	CHECK_EQ(cancelled[0], 70);
	for (unsigned i = 0; i < 3; i++)
		CHECK(!held[i].used);
}

TEST(p9_defer_table_full_or_missing)
{
	setup(true);
	CHECK_EQ(tread(80, 1, 10), 0);
	CHECK_EQ(tread(81, 1, 10), 0);
	CHECK_EQ(tread(82, 2, 10), 0);
	CHECK(tread(83, 2, 10) > 0);
	CHECK(is_error("too many reads waiting"));
	CHECK_EQ(ncancelled, 1);
	CHECK_EQ(cancelled[0], 83);

	setup(false);
	CHECK(tread(90, 1, 10) > 0);
	CHECK(is_error("server cannot hold a read"));
	CHECK_EQ(ncancelled, 1);
	CHECK_EQ(cancelled[0], 90);
}
