/* Key file reading and writing for keygen and mkmacho; see keyfile.h. */
#include "keyfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char msg[512];

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

const char *keyfile_read(const char *path, const char *kind, uint8_t key[32])
{
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(msg, sizeof msg, "%s: %s", path, strerror(errno));
		return msg;
	}
	char line[256];
	bool got = fgets(line, sizeof line, f) != NULL;
	fclose(f);
	size_t klen = strlen(kind);
	if (!got || strncmp(line, kind, klen) != 0 || line[klen] != ' ') {
		snprintf(msg, sizeof msg, "%s: not a %s key file (expected a line \"%s <hex>\")", path,
			 kind, kind);
		return msg;
	}
	const char *h = line + klen + 1;
	for (int i = 0; i < 32; i++) {
		int hi = hexval(h[2 * i]), lo = hi < 0 ? -1 : hexval(h[2 * i + 1]);
		if (hi < 0 || lo < 0) {
			snprintf(msg, sizeof msg, "%s: the key is not 64 hex digits", path);
			return msg;
		}
		key[i] = (uint8_t)(hi << 4 | lo);
	}
	if (h[64] != '\n' && h[64] != 0) {
		snprintf(msg, sizeof msg, "%s: the key is not 64 hex digits", path);
		return msg;
	}
	return NULL;
}

const char *keyfile_write(const char *path, const char *kind, const uint8_t key[32], unsigned mode,
			  bool exclusive)
{
	/* The mode is set at creation so a private key is never readable by others, not even
	 * briefly; an existing file keeps its mode, so fchmod it as well. */
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | (exclusive ? O_EXCL : 0), mode);
	if (fd < 0) {
		snprintf(msg, sizeof msg, "%s: %s", path, strerror(errno));
		return msg;
	}
	char line[128];
	int n = snprintf(line, sizeof line, "%s ", kind);
	for (int i = 0; i < 32; i++)
		n += snprintf(line + n, sizeof line - (size_t)n, "%02x", key[i]);
	line[n++] = '\n';
	bool ok = fchmod(fd, mode) == 0 && write(fd, line, (size_t)n) == n;
	int saved = errno;
	if (close(fd) != 0 && ok) {
		ok = false;
		saved = errno;
	}
	if (!ok) {
		snprintf(msg, sizeof msg, "%s: %s", path, strerror(saved));
		unlink(path);
		return msg;
	}
	return NULL;
}
