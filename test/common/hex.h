/* hex: lowercase hex text to bytes and back, for tests that write their vectors as hex strings. */
#ifndef TEST_HEX_H
#define TEST_HEX_H

#include <stddef.h>
#include <stdint.h>

/* Decodes hex into out (room for max bytes) and returns the byte count; a string that does not
 * fit aborts the test run, since it is a mistake in the test itself. */
size_t hex_decode(uint8_t *out, size_t max, const char *hex);
/* Writes 2 * n hex digits and, when n > 0, a NUL to out. */
void hex_encode(char *out, const uint8_t *p, size_t n);

#endif
