/*
 * libFuzzer target for the lib/9p server loop over the in-memory example tree. The input is a
 * control byte then a stream of messages, each cut at its own size field (a size that is too
 * small or runs past the input takes the rest). Control bit 0 negotiates a version first, so
 * mutations need not keep a Tversion intact; bits 1-2 pick the reply buffer size. Every message
 * is served from an exact-size copy into an exact-size reply buffer; a reply must fit, decode,
 * carry the request's tag and be the request's R-type or Rerror. Failures abort.
 */
#include <p9.h>
#include <p9_fuzz.h>
#include <p9_memtree.h>

#include <stdlib.h>
#include <string.h>

#define MSIZE 2048u

static void serve(struct p9_server *s, const uint8_t *msg, size_t len, size_t outcap)
{
	p9_fuzz_serve(s, msg, len, outcap);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t caps[4] = { MSIZE, 64, 300, 12 };
	if (size == 0)
		return 0;
	uint8_t ctl = data[0];
	data++;
	size--;

	struct p9_memnode nodes[12];
	struct p9_memtree tree;
	struct p9_fid fids[6];
	struct p9_server s;
	p9_memtree_init(&tree, nodes, 12, "glenda");
	struct p9_memnode *dir = p9_memtree_add(&tree, &nodes[0], "dir", P9_DMDIR | 0755, NULL, 0);
	p9_memtree_add(&tree, &nodes[0], "motd", 0644, "hello", 5);
	p9_memtree_add(&tree, dir, "a", 0600, "A", 1);
	p9_memtree_add(&tree, &nodes[0], "ro", 0444, "ro", 2);
	p9_server_init(&s, &p9_memtree_ops, &tree, fids, 6, MSIZE);
	size_t outcap = caps[(ctl >> 1) & 3];

	if (ctl & 1) {
		struct p9_msg v = { .type = P9_TVERSION, .tag = P9_NOTAG, .msize = MSIZE,
				    .version = p9_str(P9_VERSION) };
		uint8_t b[64];
		size_t n;
		if (p9_encode(&v, b, sizeof b, &n))
			abort();
		serve(&s, b, n, MSIZE);
	}
	while (size) {
		size_t n = size;
		if (size >= 4) {
			uint32_t want = (uint32_t)data[0] | (uint32_t)data[1] << 8 |
					(uint32_t)data[2] << 16 | (uint32_t)data[3] << 24;
			if (want >= 4 && want <= size)
				n = want;
		}
		serve(&s, data, n, outcap);
		data += n;
		size -= n;
	}
	p9_server_reset(&s);
	for (size_t i = 0; i < 6; i++)
		if (fids[i].used)
			abort();
	return 0;
}
