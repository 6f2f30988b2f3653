/* Shared reply checks of the 9P server fuzzers; see p9_fuzz.h. */
#include "p9_fuzz.h"

#include <stdlib.h>
#include <string.h>

int p9_fuzz_serve(struct p9_server *s, const uint8_t *msg, size_t len, size_t outcap)
{
	uint8_t *in = malloc(len ? len : 1), *out = malloc(outcap);
	if (!in || !out)
		abort();
	memcpy(in, msg, len);
	size_t n = p9_serve_one(s, in, len, out, outcap);
	if (n > outcap)
		abort();
	int type = 0;
	if (n) {
		struct p9_msg r;
		if (len < P9_HDRSZ || p9_decode(&r, out, n, 0))
			abort();
		if (r.tag != (uint16_t)(in[5] | in[6] << 8))
			abort();
		if (r.type != P9_RERROR && r.type != in[4] + 1)
			abort();
		type = r.type;
	} else if (len >= P9_HDRSZ && outcap >= 64) {
		abort();
	}
	free(in);
	free(out);
	return type;
}
