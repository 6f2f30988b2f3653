/*
 * mkbootfs: packs files into a boot archive (docs/binaries.md).
 *
 *   mkbootfs -o OUT NAME=PATH...     the file at PATH is stored under NAME
 *   mkbootfs -o OUT PATH...          stored under the PATH's last component
 *
 * Names are 1..47 printable ASCII bytes without spaces, not starting with '/'; OUT is replaced
 * atomically.
 */
#include "bootfs_build.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void die(const char *what, const char *msg)
{
	fprintf(stderr, "mkbootfs: %s: %s\n", what, msg);
	exit(1);
}

static void *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		die(path, strerror(errno));
	size_t cap = 1 << 16, n = 0;
	uint8_t *buf = malloc(cap);
	for (;;) {
		if (!buf)
			die(path, "out of memory");
		n += fread(buf + n, 1, cap - n, f);
		if (n < cap)
			break;
		cap *= 2;
		buf = realloc(buf, cap);
	}
	if (ferror(f))
		die(path, "read error");
	fclose(f);
	*len = n;
	return buf;
}

int main(int argc, char **argv)
{
	const char *out = NULL;
	struct bootfs_input *in = calloc((size_t)argc, sizeof *in);
	size_t n = 0;
	if (!in)
		die("mkbootfs", "out of memory");
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
			out = argv[++i];
			continue;
		}
		char *eq = strchr(argv[i], '=');
		const char *path = argv[i];
		if (eq) {
			*eq = 0;
			in[n].name = argv[i];
			path = eq + 1;
		} else {
			const char *slash = strrchr(path, '/');
			in[n].name = slash ? slash + 1 : path;
		}
		in[n].data = read_file(path, &in[n].size);
		n++;
	}
	if (!out) {
		fprintf(stderr, "usage: mkbootfs -o OUT [NAME=]PATH...\n");
		return 2;
	}
	uint8_t *a;
	size_t len;
	const char *err = bootfs_build(in, n, &a, &len);
	if (err)
		die(out, err);

	size_t tlen = strlen(out) + 5;
	char *tmp = malloc(tlen);
	if (!tmp)
		die(out, "out of memory");
	snprintf(tmp, tlen, "%s.tmp", out);
	FILE *f = fopen(tmp, "wb");
	if (!f)
		die(tmp, strerror(errno));
	if (fwrite(a, 1, len, f) != len || fclose(f) != 0)
		die(tmp, "write error");
	if (rename(tmp, out) != 0)
		die(out, strerror(errno));
	return 0;
}
