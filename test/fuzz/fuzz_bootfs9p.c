/*
 * libFuzzer target for lib/bootfs9p behind the 9P server loop. The archive is fixed (built once
 * with tools/bootfs_build) and full of awkward names: nested directories, a 47-byte name, a file
 * shadowed by a directory, empty, "." and ".." elements, names that sort between a directory's
 * entries ("lib-x" before "lib/..."). The input is a control byte then a message stream, as in
 * fuzz_p9_server.c. Every reply must fit, decode, carry the tag and be the request's R-type or
 * Rerror; and nothing may ever succeed in changing the tree (Rwrite, Rcreate, Rremove, Rwstat).
 */
#include <bootfs.h>
#include <bootfs9p.h>
#include <bootfs_build.h>
#include <p9.h>
#include <p9_fuzz.h>

#include <stdlib.h>
#include <string.h>

#define MSIZE 2048u

static void serve(struct p9_server *s, const uint8_t *msg, size_t len, size_t outcap)
{
	int type = p9_fuzz_serve(s, msg, len, outcap);
	if (type == P9_RWRITE || type == P9_RCREATE || type == P9_RREMOVE || type == P9_RWSTAT)
		abort(); /* read-only means read-only */
}

static struct bootfs arch;

static void build_once(void)
{
	static bool built;
	if (built)
		return;
	static const uint8_t macho[4] = { 0xcf, 0xfa, 0xed, 0xfe };
	struct bootfs_input in[] = {
		{ "init", macho, sizeof macho },
		{ "bin/ls", macho, sizeof macho },
		{ "bin/cat", "cat", 3 },
		{ "lib/a/b/c", "abc", 3 },
		{ "lib-x", "", 0 },
		{ "lib.y", "y", 1 },
		{ "x", "shadowed", 8 },
		{ "x/y", "y", 1 },
		{ "bad//name", "", 0 },
		{ "./dot", "", 0 },
		{ "up/../z", "", 0 },
		{ "dir/", "", 0 },
		{ "a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/u/v/wxy", "L", 1 },
	};
	uint8_t *a;
	size_t len;
	if (bootfs_build(in, sizeof in / sizeof in[0], &a, &len) || bootfs_open(&arch, a, len))
		abort();
	built = true; /* a stays allocated for the life of the process */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t caps[4] = { MSIZE, 64, 300, 12 };
	if (size == 0)
		return 0;
	build_once();
	uint8_t ctl = data[0];
	data++;
	size--;
	struct bootfs9p b9;
	struct p9_fid fids[6];
	struct p9_server s;
	bootfs9p_init(&b9, &arch, "bootes");
	if (b9.skipped != 5)
		abort();
	p9_server_init(&s, &bootfs9p_ops, &b9, fids, 6, MSIZE);
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
	return 0;
}
