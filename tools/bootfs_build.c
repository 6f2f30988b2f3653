/* Boot archive writer; see bootfs_build.h. */
#include "bootfs_build.h"

#include <bootfs.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char msg[256];

static int by_name(const void *a, const void *b)
{
	const struct bootfs_input *x = a, *y = b;
	return strcmp(x->name, y->name);
}

static void wr32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> 8 * i);
}

static void wr64(uint8_t *p, uint64_t v)
{
	wr32(p, (uint32_t)v);
	wr32(p + 4, (uint32_t)(v >> 32));
}

static uint64_t align_up(uint64_t v)
{
	return (v + BOOTFS_ALIGN - 1) & ~(uint64_t)(BOOTFS_ALIGN - 1);
}

const char *bootfs_build(struct bootfs_input *in, size_t n, uint8_t **out, size_t *outlen)
{
	*out = NULL;
	*outlen = 0;
	if (n > BOOTFS_MAX_ENTRIES)
		return "too many files for one boot archive";
	for (size_t i = 0; i < n; i++) {
		const char *s = in[i].name;
		size_t len = strlen(s);
		if (len == 0 || len >= BOOTFS_NAME_SIZE || s[0] == '/') {
			snprintf(msg, sizeof msg, "\"%s\": names are 1 to %u bytes and do not start with '/'",
				 s, BOOTFS_NAME_SIZE - 1);
			return msg;
		}
		for (size_t j = 0; j < len; j++)
			if (s[j] < 0x21 || s[j] > 0x7e) {
				snprintf(msg, sizeof msg, "\"%s\": names are printable ASCII without spaces", s);
				return msg;
			}
	}
	/* The reader bisects: the table is in strcmp order, which is unsigned byte order. */
	if (n > 1)
		qsort(in, n, sizeof *in, by_name);
	for (size_t i = 1; i < n; i++)
		if (strcmp(in[i - 1].name, in[i].name) == 0) {
			snprintf(msg, sizeof msg, "\"%s\" is given twice", in[i].name);
			return msg;
		}

	uint64_t table_end = BOOTFS_HEADER_SIZE + (uint64_t)n * BOOTFS_ENTRY_SIZE;
	uint64_t pos = align_up(table_end);
	uint64_t *offs = calloc(n ? n : 1, sizeof *offs);
	if (!offs)
		return "out of memory";
	for (size_t i = 0; i < n; i++) {
		offs[i] = pos;
		pos = align_up(pos + in[i].size);
	}
	uint8_t *a = calloc(1, (size_t)pos);
	if (!a) {
		free(offs);
		return "out of memory";
	}
	wr32(a, BOOTFS_MAGIC);
	wr32(a + 4, BOOTFS_VERSION);
	wr32(a + 8, (uint32_t)n);
	wr64(a + 16, pos);
	for (size_t i = 0; i < n; i++) {
		uint8_t *e = a + BOOTFS_HEADER_SIZE + i * BOOTFS_ENTRY_SIZE;
		memcpy(e, in[i].name, strlen(in[i].name));
		wr64(e + 48, offs[i]);
		wr64(e + 56, in[i].size);
		if (in[i].size)
			memcpy(a + offs[i], in[i].data, in[i].size);
	}
	/* Computed last, with the checksum field still zero, as the reader recomputes it. */
	wr32(a + 12, bootfs_crc32(0, a, (size_t)table_end));
	free(offs);
	*out = a;
	*outlen = (size_t)pos;
	return NULL;
}
