/*
 * libFuzzer target for the lib/9p server loop's deferred reads (P9_DEFER, p9_server_answer,
 * ops->cancel) over the example tree plus a file "wait" whose reads the tree holds, as a console
 * does. The input is a stream of messages cut at their size fields, as in fuzz_p9_server; after
 * each message whose last byte is odd the tree answers its oldest held read (a "line arrived").
 * A version and an attach with fid 0 come first when the control byte's bit 0 is set.
 * Checked after every step: a reply decodes, carries the request's tag and is its R-type or
 * Rerror; no reply only when the tree has just held the read; the tree's list of held tags and
 * the loop's held table agree exactly (cancel keeps them so); an answer is given for a held tag
 * and refused for any other. At the end, a reset leaves no fid and no held read. Failures abort.
 */
#include <p9.h>
#include <p9_memtree.h>

#include <stdlib.h>
#include <string.h>

#define MSIZE 1024u
#define NHELD 3

static struct p9_server srv;
static struct p9_memnode *waitnode;
/* The tree's own record of what it holds, oldest first. */
static uint16_t tags[64];
static unsigned ntags;

static const char *wait_read(void *t, void *node, uint64_t offset, uint8_t *buf, uint32_t *count)
{
	if (node != waitnode)
		return p9_memtree_ops.read(t, node, offset, buf, count);
	if (ntags == 64)
		abort();
	tags[ntags++] = srv.tag;
	return P9_DEFER;
}

static void wait_cancel(void *t, void *node, uint16_t tag)
{
	(void)t;
	if (node != waitnode)
		abort();
	for (unsigned i = 0; i < ntags; i++) {
		if (tags[i] == tag) {
			memmove(&tags[i], &tags[i + 1], (ntags - i - 1) * sizeof tags[0]);
			ntags--;
			return;
		}
	}
	abort(); /* cancel of something the tree never held */
}

static void agree(void)
{
	unsigned used = 0;
	for (size_t i = 0; i < srv.nheld; i++) {
		if (!srv.held[i].used)
			continue;
		used++;
		unsigned k = 0;
		while (k < ntags && tags[k] != srv.held[i].tag)
			k++;
		if (k == ntags)
			abort();
	}
	if (used != ntags)
		abort();
}

static void check_reply(const uint8_t *out, size_t n, size_t cap, uint16_t tag, int rtype)
{
	struct p9_msg r;
	if (n > cap || p9_decode(&r, out, n, 0) || r.tag != tag)
		abort();
	if (r.type != P9_RERROR && r.type != rtype)
		abort();
}

static void serve(const uint8_t *msg, size_t len)
{
	static uint8_t out[MSIZE];
	uint8_t *in = malloc(len ? len : 1);
	if (!in)
		abort();
	memcpy(in, msg, len);
	unsigned before = ntags;
	size_t n = p9_serve_one(&srv, in, len, out, sizeof out);
	if (n)
		check_reply(out, n, sizeof out, (uint16_t)(in[5] | in[6] << 8), in[4] + 1);
	else if (len >= P9_HDRSZ && !(ntags == before + 1 && tags[before] == (in[5] | in[6] << 8)))
		abort();
	free(in);
	agree();
}

static void answer_oldest(void)
{
	static uint8_t out[MSIZE];
	if (!ntags) {
		if (p9_server_answer(&srv, 0x1234, (const uint8_t *)"x", 1, NULL, out, sizeof out))
			abort();
		return;
	}
	uint16_t tag = tags[0];
	size_t n = p9_server_answer(&srv, tag, (const uint8_t *)"line\n", 5, NULL, out, sizeof out);
	if (!n)
		abort();
	check_reply(out, n, sizeof out, tag, P9_RREAD);
	memmove(&tags[0], &tags[1], (ntags - 1) * sizeof tags[0]);
	ntags--;
	agree();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	uint8_t ctl = data[0];
	data++;
	size--;

	struct p9_memnode nodes[6];
	struct p9_memtree tree;
	struct p9_fid fids[6];
	struct p9_held held[NHELD];
	p9_memtree_init(&tree, nodes, 6, "glenda");
	waitnode = p9_memtree_add(&tree, &nodes[0], "wait", 0666, NULL, 0);
	p9_memtree_add(&tree, &nodes[0], "motd", 0644, "hello", 5);
	struct p9_ops ops = p9_memtree_ops;
	ops.read = wait_read;
	ops.cancel = wait_cancel;
	p9_server_init(&srv, &ops, &tree, fids, 6, MSIZE);
	p9_server_hold(&srv, held, NHELD);
	ntags = 0;

	if (ctl & 1) {
		struct p9_msg m[2] = {
			{ .type = P9_TVERSION, .tag = P9_NOTAG, .msize = MSIZE,
			  .version = p9_str(P9_VERSION) },
			{ .type = P9_TATTACH, .tag = 1, .fid = 0, .afid = P9_NOFID,
			  .uname = p9_str("glenda"), .aname = p9_str("") },
		};
		for (unsigned i = 0; i < 2; i++) {
			uint8_t b[128];
			size_t n;
			if (p9_encode(&m[i], b, sizeof b, &n))
				abort();
			serve(b, n);
		}
	}
	while (size) {
		size_t n = size;
		if (size >= 4) {
			uint32_t want = (uint32_t)data[0] | (uint32_t)data[1] << 8 |
					(uint32_t)data[2] << 16 | (uint32_t)data[3] << 24;
			if (want >= 4 && want <= size)
				n = want;
		}
		serve(data, n);
		if (data[n - 1] & 1)
			answer_oldest();
		data += n;
		size -= n;
	}
	p9_server_reset(&srv);
	for (size_t i = 0; i < 6; i++)
		if (fids[i].used)
			abort();
	if (ntags)
		abort();
	return 0;
}
