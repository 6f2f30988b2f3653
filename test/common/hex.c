/* Hex text for test vectors; see hex.h. */
#include "hex.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t hex_decode(uint8_t *out, size_t max, const char *hex)
{
	size_t n = strlen(hex) / 2;
	if (n > max) {
		fprintf(stderr, "hex_decode: %zu bytes do not fit in %zu\n", n, max);
		abort();
	}
	for (size_t i = 0; i < n; i++) {
		unsigned v;
		sscanf(hex + 2 * i, "%2x", &v);
		out[i] = (uint8_t)v;
	}
	return n;
}

void hex_encode(char *out, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", p[i]);
}
