/*
 * libFuzzer target for the lib/9p codec: arbitrary bytes through p9_decode (with and without an
 * msize). An accepted message must re-encode to exactly the input bytes (the codec accepts one
 * spelling per message), must not fit in one byte less, and must decode again. Any stat entry at
 * the start of the input goes through p9_stat_decode/encode the same way. Failures abort.
 */
#include <p9.h>

#include <stdlib.h>
#include <string.h>

static void check_msg(const uint8_t *in, size_t size, uint32_t msize)
{
	struct p9_msg m, again;
	if (p9_decode(&m, in, size, msize))
		return;
	uint8_t *out = malloc(size);
	size_t n;
	if (!out)
		return;
	if (p9_encode(&m, out, size, &n) || n != size || memcmp(out, in, size) != 0)
		abort();
	if (!p9_encode(&m, out, size - 1, &n) || n != 0)
		abort();
	if (p9_decode(&again, in, size, msize) || again.type != m.type || again.tag != m.tag)
		abort();
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *in = malloc(size ? size : 1);
	if (!in)
		return 0;
	memcpy(in, data, size);
	check_msg(in, size, 0);
	check_msg(in, size, 8192);

	struct p9_stat st;
	size_t used, n;
	if (!p9_stat_decode(&st, in, size, &used)) {
		uint8_t *out = malloc(used);
		if (used > size || !out || p9_stat_encode(&st, out, used, &n) || n != used ||
		    memcmp(out, in, used) != 0)
			abort();
		free(out);
	}
	free(in);
	return 0;
}
