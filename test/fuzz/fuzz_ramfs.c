/*
 * libFuzzer target for lib/ramfs behind the 9P server loop. A small arena (12 nodes, 8 blocks)
 * so exhaustion is reached quickly, two sessions (glenda and alice) on the one fs, and a few
 * files made first through session 0 ("dir", "dir/a", "motd"). The input is a control byte then
 * a stream of messages, each cut at its own size field (as in fuzz_p9_server.c); the tag's low
 * bit picks the session. Control bit 0 negotiates a version on both sessions first; bits 1-2
 * pick the reply buffer size. After every message: the reply must fit, decode, carry the tag
 * and be the request's R-type or Rerror, and ramfs_check must find every arena invariant intact.
 * At the end, resetting both sessions must leave no file counted as open. Failures abort.
 */
#include <p9.h>
#include <p9_fuzz.h>
#include <p9_client.h>
#include <ramfs.h>

#include <stdlib.h>
#include <string.h>

#define MSIZE 2048u
#define NODES 12u
#define NFIDS 8u

static void serve(struct ramfs *fs, struct p9_server *s, const uint8_t *msg, size_t len,
		  size_t outcap)
{
	p9_fuzz_serve(s, msg, len, outcap);
	if (ramfs_check(fs))
		abort();
}

static void setup(struct p9c *c)
{
	p9c_version(c, MSIZE);
	p9c_attach(c, 100, "glenda");
	p9c_walk(c, 100, 101, "");
	p9c_create(c, 101, "dir", P9_DMDIR | 0775, P9_OREAD);
	p9c_clunk(c, 101);
	p9c_walk(c, 100, 101, "dir");
	p9c_create(c, 101, "a", 0644, P9_OWRITE);
	p9c_write(c, 101, 0, "A", 1);
	p9c_walk(c, 100, 102, "");
	p9c_create(c, 102, "motd", 0666, P9_OWRITE);
	p9c_write(c, 102, 0, "hello, fuzz", 11);
	if (c->fail || c->r.type != P9_RWRITE)
		abort(); /* the harness itself is broken */
	p9c_clunk(c, 101);
	p9c_clunk(c, 102);
	p9c_clunk(c, 100);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t caps[4] = { MSIZE, 64, 300, 12 };
	if (size == 0)
		return 0;
	uint8_t ctl = data[0];
	data++;
	size--;

	size_t asize = NODES * sizeof(struct ramfs_node) + 8 + 8 * (RAMFS_BLOCK + 4);
	uint8_t *arena = malloc(asize);
	struct ramfs fs;
	struct ramfs_session sess[2];
	struct p9_fid fids[2][NFIDS];
	struct p9_server s[2];
	static struct p9c c;
	if (!arena || ramfs_init(&fs, arena, asize, NODES, "glenda"))
		abort();
	for (int i = 0; i < 2; i++) {
		ramfs_session_init(&sess[i], &fs);
		p9_server_init(&s[i], &ramfs_ops, &sess[i], fids[i], NFIDS, MSIZE);
	}
	p9c_init(&c, &s[0]);
	setup(&c);
	if (ramfs_check(&fs))
		abort();
	size_t outcap = caps[(ctl >> 1) & 3];

	if (ctl & 1) {
		struct p9_msg v = { .type = P9_TVERSION, .tag = P9_NOTAG, .msize = MSIZE,
				    .version = p9_str(P9_VERSION) };
		uint8_t b[64];
		size_t n;
		if (p9_encode(&v, b, sizeof b, &n))
			abort();
		serve(&fs, &s[0], b, n, MSIZE);
		serve(&fs, &s[1], b, n, MSIZE);
	}
	while (size) {
		size_t n = size;
		if (size >= 4) {
			uint32_t want = (uint32_t)data[0] | (uint32_t)data[1] << 8 |
					(uint32_t)data[2] << 16 | (uint32_t)data[3] << 24;
			if (want >= 4 && want <= size)
				n = want;
		}
		int which = n >= P9_HDRSZ ? data[5] & 1 : 0;
		fs.now++;
		serve(&fs, &s[which], data, n, outcap);
		data += n;
		size -= n;
	}
	for (int i = 0; i < 2; i++) {
		p9_server_reset(&s[i]);
		for (size_t k = 0; k < NFIDS; k++)
			if (fids[i][k].used)
				abort();
	}
	if (ramfs_check(&fs))
		abort();
	/* Every open was matched by a clunk: the DMEXCL counts are back to zero. */
	for (uint32_t i = 0; i < fs.nnodes; i++)
		if (fs.nodes[i].opens)
			abort();
	free(arena);
	return 0;
}
