/*
 * libFuzzer target for lib/bootfs: arbitrary bytes through bootfs_open; an accepted archive is
 * walked with bootfs_entry and every name looked up again with bootfs_find, and each file must lie
 * inside the archive, page-aligned, after the one before it (else abort, which the fuzzer reports).
 */
#include <bootfs.h>

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	struct bootfs fs;
	if (!bootfs_open(&fs, copy, size)) {
		struct bootfs_file f, g;
		uint64_t prev_end = 0;
		for (uint32_t i = 0; bootfs_entry(&fs, i, &f); i++) {
			if (f.offset % BOOTFS_ALIGN || f.offset < prev_end || f.offset > size ||
			    f.size > size - f.offset)
				abort();
			prev_end = f.offset + f.size;
			if (!bootfs_find(&fs, f.name, &g) || g.offset != f.offset)
				abort();
		}
		(void)bootfs_find(&fs, "sbin/init", &f);
	}
	free(copy);
	return 0;
}
