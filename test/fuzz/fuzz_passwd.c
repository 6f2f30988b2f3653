/*
 * libFuzzer target for the password file. Input: the bytes of a passwd file.
 * Properties: validate and lookup never crash or read out of bounds; they agree (lookup reports a
 * malformed file exactly when validate does, with the same line and reason); a line that parses
 * formats back to exactly its own bytes (the format has one spelling per value); a user found by
 * lookup is the one its line says. Passwords are never checked here: a PBKDF2 run of at least
 * 1000 iterations per input would leave the fuzzer no time for parsing.
 *
 * Build and run by hand (from the repository root):
 *   clang -std=c17 -g -O1 -fsanitize=fuzzer,address,undefined -Ilib/include \
 *     test/fuzz/fuzz_passwd.c lib/passwd/passwd.c lib/crypto/pbkdf2.c lib/crypto/hmac.c \
 *     lib/crypto/sha256.c lib/crypto/sha512.c -o fuzz_passwd
 *   ./fuzz_passwd -max_total_time=10
 */
#include <err.h>
#include <passwd.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The first line that is neither empty nor a comment, as (offset, length). */
static int first_line(const char *f, size_t len, size_t *off, size_t *n)
{
	for (size_t pos = 0; pos < len;) {
		const char *nl = memchr(f + pos, '\n', len - pos);
		size_t l = nl ? (size_t)(nl - (f + pos)) : len - pos;
		if (l > 0 && f[pos] != '#') {
			*off = pos;
			*n = l;
			return 1;
		}
		pos += l + 1;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An exact-size copy, so the sanitizer catches a read one past the end. */
	char *f = malloc(size ? size : 1);
	memcpy(f, data, size);

	struct passwd_error verr = { 0, NULL }, lerr = { 0, NULL };
	struct passwd_entry e, byline;
	int v = passwd_validate(f, size, &verr);
	if (v != 0 && v != ERR_INVAL)
		abort();

	/* Look up a fixed name, and the name of the first line when it has one. */
	int l = passwd_lookup(f, size, "glenda", &e, &lerr);
	if ((v == 0) != (l != ERR_INVAL))
		abort();
	if (v && (lerr.line != verr.line || strcmp(lerr.what, verr.what) != 0))
		abort();

	size_t off, n;
	if (first_line(f, size, &off, &n) && passwd_parse_line(f + off, n, &byline) == NULL) {
		char out[PASSWD_LINE_MAX + 2];
		size_t len;
		if (passwd_format_line(&byline, out, sizeof out, &len) != NULL)
			abort(); /* a parsed entry must always format */
		if (len != n + 1 || memcmp(out, f + off, n) != 0 || out[n] != '\n')
			abort(); /* and give back the very same line */
		if (v == 0) {
			/* A valid file: its first user must be found, with what its line says. */
			if (passwd_lookup(f, size, byline.name, &e, NULL) != 0)
				abort();
			if (memcmp(&e.hash, &byline.hash, sizeof e.hash) != 0 || e.uid != byline.uid ||
			    e.iterations != byline.iterations || strcmp(e.home, byline.home) != 0)
				abort();
		}
	}
	free(f);
	return 0;
}
