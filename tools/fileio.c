/* fileio: see fileio.h. */
#include "fileio.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void fileio_die(const char *what, const char *why)
{
	if (what)
		fprintf(stderr, "%s: %s: %s\n", fileio_prog, what, why);
	else
		fprintf(stderr, "%s: %s\n", fileio_prog, why);
	exit(1);
}

uint8_t *fileio_read(const char *path, size_t *len, size_t max)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		fileio_die(path, strerror(errno));
	size_t cap = 1 << 16, n = 0;
	uint8_t *buf = malloc(cap);
	for (;;) {
		if (!buf)
			fileio_die(path, "out of memory");
		n += fread(buf + n, 1, cap - n, f);
		if (n < cap || (max && n >= max))
			break;
		cap *= 2;
		buf = realloc(buf, cap);
	}
	if (ferror(f))
		fileio_die(path, "read error");
	if (max && n >= max) {
		char why[48];
		snprintf(why, sizeof why, "larger than %zu bytes", max);
		fileio_die(path, why);
	}
	fclose(f);
	*len = n;
	return buf;
}

void fileio_replace(const char *path, const void *data, size_t len, unsigned mode)
{
	size_t tlen = strlen(path) + 5;
	char *tmp = malloc(tlen);
	if (!tmp)
		fileio_die(path, "out of memory");
	snprintf(tmp, tlen, "%s.tmp", path);
	FILE *f = fopen(tmp, "wb");
	if (!f)
		fileio_die(tmp, strerror(errno));
	if (fwrite(data, 1, len, f) != len || fclose(f) != 0)
		fileio_die(tmp, "write error");
	if ((mode && chmod(tmp, mode) != 0) || rename(tmp, path) != 0)
		fileio_die(path, strerror(errno));
	free(tmp);
}
