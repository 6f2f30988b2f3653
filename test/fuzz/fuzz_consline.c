/*
 * libFuzzer target for the console line discipline (lib/cons/consline.c), which parses what a
 * keyboard (anyone at the serial line) types. The input is a script, one command per byte:
 *   0xf0 raw on, 0xf1 raw off, 0xf2 echo on, 0xf3 echo off,
 *   0xf4 N   read at most N bytes (0..255),
 *   0xf5 B   type B (so bytes 0xf0..0xff can be typed too),
 *   0xf6 C N then N bytes: output translation into a C-byte buffer,
 *   anything else: typed.
 * After every step consline_check must pass; reads never return more than asked; a refused byte
 * leaves the state unchanged. While the run stays raw from the start, what is read must be
 * exactly what was typed (a model of raw mode). Failures abort.
 */
#include <consline.h>

#include <stdlib.h>
#include <string.h>

static size_t shown;

static void show(void *ctx, const uint8_t *s, size_t n)
{
	(void)ctx;
	if (!s || n == 0 || n > 3 * CONSLINE_LINE_MAX)
		abort();
	shown += n;
}

static void ok(const struct consline *cl)
{
	if (consline_check(cl))
		abort();
}

static struct consline cl;
static uint8_t typed_raw[1 << 16], read_raw[1 << 16];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > sizeof typed_raw)
		return 0;
	consline_init(&cl, show, NULL);
	bool only_raw = size > 0 && data[0] == 0xf0; /* the model applies while this holds */
	size_t ntyped = 0, nread = 0;
	uint8_t buf[256];

	for (size_t i = 0; i < size; i++) {
		uint8_t op = data[i];
		if (op == 0xf0 || op == 0xf1) {
			consline_set_raw(&cl, op == 0xf0);
			if (op == 0xf1)
				only_raw = false;
		} else if (op == 0xf2 || op == 0xf3) {
			consline_set_echo(&cl, op == 0xf2);
		} else if (op == 0xf4 && i + 1 < size) {
			size_t n = data[++i];
			bool readable = consline_readable(&cl);
			long r = consline_read(&cl, buf, n);
			if (r > (long)n || (r == CONSLINE_EMPTY) != (n > 0 && !readable))
				abort();
			if (r > 0 && only_raw) {
				memcpy(read_raw + nread, buf, (size_t)r);
				nread += (size_t)r;
			}
		} else if (op == 0xf6 && i + 2 < size) {
			size_t cap = data[i + 1], n = data[i + 2];
			i += 2;
			if (n > size - i - 1)
				n = size - i - 1;
			size_t taken, w = consline_output(data + i + 1, n, buf, cap, &taken);
			if (taken > n || w > cap || (cap >= 2 && taken == 0 && n > 0))
				abort();
			i += taken ? taken : 0;
		} else {
			uint8_t c = op == 0xf5 && i + 1 < size ? data[++i] : op;
			struct consline before = cl;
			bool can = consline_can_input(&cl);
			bool took = consline_input(&cl, c);
			if (took != can)
				abort();
			if (!took && memcmp(&before, &cl, sizeof cl) != 0)
				abort();
			if (took && only_raw)
				typed_raw[ntyped++] = c;
		}
		ok(&cl);
	}
	/* Drain: raw mode's bytes come back exactly as typed, in order. */
	for (long r; (r = consline_read(&cl, buf, sizeof buf)) != CONSLINE_EMPTY;) {
		ok(&cl);
		if (r > 0 && only_raw) {
			memcpy(read_raw + nread, buf, (size_t)r);
			nread += (size_t)r;
		}
	}
	if (only_raw && (nread != ntyped || memcmp(typed_raw, read_raw, nread) != 0))
		abort();
	return 0;
}
