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
#include "fileio.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char fileio_prog[] = "mkbootfs";

int main(int argc, char **argv)
{
	const char *out = NULL;
	struct bootfs_input *in = calloc((size_t)argc, sizeof *in);
	size_t n = 0;
	if (!in)
		fileio_die("mkbootfs", "out of memory");
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
		in[n].data = fileio_read(path, &in[n].size, 0);
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
		fileio_die(out, err);
	fileio_replace(out, a, len, 0);
	return 0;
}
