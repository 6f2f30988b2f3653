/*
 * lib/bootfs and tools/bootfs_build: a written archive opens and every file is found with its
 * contents; then broken archives (bad magic, entries past the end, overlapping or unaligned
 * entries, bad names, checksum mismatch, truncation at every length, every table byte changed)
 * are refused. Archives are handed over in exact-size heap copies for AddressSanitizer.
 */
#include "test.h"

#include <bootfs.h>
#include <bootfs_build.h>

#include <stdlib.h>
#include <string.h>

static const char text_a[] = "the first file";
static uint8_t big[10000];

/* Three files, given out of order; the builder sorts them. */
static uint8_t *sample(size_t *len)
{
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = (uint8_t)(i * 7);
	struct bootfs_input in[] = {
		{ "sbin/init", big, sizeof big },
		{ "etc/motd", text_a, sizeof text_a },
		{ "empty", "", 0 },
	};
	uint8_t *a;
	CHECK_OK(bootfs_build(in, 3, &a, len));
	return a;
}

static const char *open_copy(const uint8_t *a, size_t len)
{
	uint8_t *copy = malloc(len ? len : 1);
	memcpy(copy, a, len);
	struct bootfs fs;
	const char *err = bootfs_open(&fs, copy, len);
	if (!err) {
		/* Exercise the accessors on whatever was accepted. */
		struct bootfs_file file;
		for (uint32_t i = 0; bootfs_entry(&fs, i, &file); i++) {
			CHECK(bootfs_find(&fs, file.name, &file));
			CHECK((const uint8_t *)file.data + file.size <= copy + len);
		}
	}
	free(copy);
	return err;
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
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

/* Recomputes the checksum after a change, so the check that fires is the one under test. */
static void fix_crc(uint8_t *a, size_t len)
{
	uint64_t count = rd32(a + 8);
	if (BOOTFS_HEADER_SIZE + count * BOOTFS_ENTRY_SIZE > len)
		return; /* a table that does not fit: the reader refuses it before the checksum */
	wr32(a + 12, 0);
	wr32(a + 12, bootfs_crc32(0, a, BOOTFS_HEADER_SIZE + (size_t)count * BOOTFS_ENTRY_SIZE));
}

static uint8_t *entry(uint8_t *a, unsigned i)
{
	return a + BOOTFS_HEADER_SIZE + i * BOOTFS_ENTRY_SIZE;
}

TEST(bootfs_good_archive)
{
	size_t len;
	uint8_t *a = sample(&len);
	if (!a)
		return;
	CHECK_EQ(len % BOOTFS_ALIGN, 0);
	struct bootfs fs;
	CHECK_OK(bootfs_open(&fs, a, len));
	CHECK_EQ(fs.count, 3);
	struct bootfs_file f;
	CHECK(bootfs_find(&fs, "etc/motd", &f));
	CHECK_EQ(f.size, sizeof text_a);
	CHECK(memcmp(f.data, text_a, sizeof text_a) == 0);
	CHECK_EQ(f.offset % BOOTFS_ALIGN, 0);
	CHECK(bootfs_find(&fs, "sbin/init", &f));
	CHECK_EQ(f.size, sizeof big);
	CHECK(memcmp(f.data, big, sizeof big) == 0);
	CHECK(bootfs_find(&fs, "empty", &f));
	CHECK_EQ(f.size, 0);
	CHECK(!bootfs_find(&fs, "sbin", &f));
	CHECK(!bootfs_find(&fs, "sbin/init2", &f));
	CHECK(!bootfs_find(&fs, "", &f));
	CHECK(!bootfs_find(&fs, "a-name-that-is-much-longer-than-forty-seven-bytes-in-all", &f));
	/* Entries come back in name order. */
	CHECK(bootfs_entry(&fs, 0, &f));
	CHECK_STR(f.name, "empty");
	CHECK(bootfs_entry(&fs, 2, &f));
	CHECK_STR(f.name, "sbin/init");
	CHECK(!bootfs_entry(&fs, 3, &f));
	/* More bytes than the archive is fine (the loader may map more); the archive says its size. */
	uint8_t *more = calloc(1, len + 100);
	memcpy(more, a, len);
	CHECK_OK(bootfs_open(&fs, more, len + 100));
	CHECK_EQ(fs.size, len);
	free(more);
	free(a);

	/* An empty archive is valid. */
	CHECK_OK(bootfs_build(NULL, 0, &a, &len));
	CHECK_OK(open_copy(a, len));
	free(a);
}

TEST(bootfs_builder_refuses_bad_names)
{
	uint8_t *a;
	size_t len;
	struct bootfs_input dup[] = { { "x", "", 0 }, { "x", "", 0 } };
	CHECK_ERR(bootfs_build(dup, 2, &a, &len));
	struct bootfs_input slash[] = { { "/x", "", 0 } };
	CHECK_ERR(bootfs_build(slash, 1, &a, &len));
	struct bootfs_input space[] = { { "a b", "", 0 } };
	CHECK_ERR(bootfs_build(space, 1, &a, &len));
	struct bootfs_input longname[] = { { "0123456789012345678901234567890123456789012345678", "", 0 } };
	CHECK_ERR(bootfs_build(longname, 1, &a, &len));
}

#define BROKEN(mutation, message)                                       \
	do {                                                            \
		size_t len_;                                            \
		uint8_t *a = sample(&len_);                             \
		if (!a)                                                 \
			break;                                          \
		mutation;                                               \
		fix_crc(a, len_);                                         \
		CHECK_STR(open_copy(a, len_), message);                 \
		free(a);                                                \
	} while (0)

TEST(bootfs_broken_archives)
{
	BROKEN(wr32(a, 0x12345678), "bad magic");
	BROKEN(wr32(a + 4, 2), "unsupported version");
	BROKEN(wr32(a + 24, 1), "reserved header field is not zero");
	BROKEN(wr32(a + 8, BOOTFS_MAX_ENTRIES + 1), "too many entries");
	BROKEN(wr32(a + 8, 0xffffffffu), "too many entries");
	BROKEN(wr64(a + 16, len_ + BOOTFS_ALIGN), "archive size in the header is larger than the data given");
	BROKEN(wr64(a + 16, len_ - 8), "archive size is not a multiple of 4 KiB");
	BROKEN((wr32(a + 8, 100), wr64(a + 16, BOOTFS_ALIGN)), "entry table extends past the end of the archive");
	/* Entries: 0 "empty", 1 "etc/motd", 2 "sbin/init" (the big one, last). */
	BROKEN(wr64(entry(a, 2) + 56, len_), "an entry extends past the end of the archive");
	BROKEN(wr64(entry(a, 2) + 56, 0xffffffffffffffffull), "an entry extends past the end of the archive");
	BROKEN(wr64(entry(a, 2) + 48, 0xfffffffffffff000ull), "an entry extends past the end of the archive");
	BROKEN(wr64(entry(a, 2) + 48, len_ + BOOTFS_ALIGN), "an entry extends past the end of the archive");
	BROKEN(wr64(entry(a, 2) + 48, rd32(entry(a, 1) + 48)),
	       "an entry overlaps the entry table or the entry before it");
	BROKEN(wr64(entry(a, 0) + 48, 0), "an entry overlaps the entry table or the entry before it");
	BROKEN(wr64(entry(a, 1) + 48, rd32(entry(a, 1) + 48) + 16), "an entry's offset is not 4 KiB aligned");
	BROKEN(memset(entry(a, 1), 'a', BOOTFS_NAME_SIZE), "an entry name is not NUL-terminated");
	BROKEN(memset(entry(a, 1), 0, BOOTFS_NAME_SIZE), "an entry name is empty");
	BROKEN(entry(a, 1)[20] = 'x', "an entry name is not NUL-padded");
	BROKEN(entry(a, 1)[0] = '/', "an entry name starts with '/'");
	BROKEN(entry(a, 1)[3] = ' ', "an entry name has a byte that is not printable ASCII");
	BROKEN(entry(a, 1)[3] = (char)0xc3, "an entry name has a byte that is not printable ASCII");
	BROKEN((memset(entry(a, 1), 0, BOOTFS_NAME_SIZE), memcpy(entry(a, 1), "empty", 6)), "entry names are not in strictly ascending order (or repeat)");
	BROKEN((memset(entry(a, 1), 0, BOOTFS_NAME_SIZE), memcpy(entry(a, 1), "a", 2)), "entry names are not in strictly ascending order (or repeat)");

	/* Not re-checksummed: any change to the header or table. */
	size_t len;
	uint8_t *a = sample(&len);
	if (!a)
		return;
	entry(a, 1)[0] ^= 1;
	CHECK_STR(open_copy(a, len), "checksum mismatch in the header or entry table");
	entry(a, 1)[0] ^= 1;
	a[12] ^= 0x80;
	CHECK_STR(open_copy(a, len), "checksum mismatch in the header or entry table");
	a[12] ^= 0x80;
	CHECK_OK(open_copy(a, len));
	free(a);
}

TEST(bootfs_every_table_byte_and_truncation)
{
	size_t len;
	uint8_t *a = sample(&len);
	if (!a)
		return;
	size_t table_end = BOOTFS_HEADER_SIZE + 3 * BOOTFS_ENTRY_SIZE;
	for (size_t i = 0; i < table_end; i++)
		for (unsigned bit = 0; bit < 8; bit++) {
			a[i] ^= (uint8_t)(1u << bit);
			CHECK_ERR(open_copy(a, len));
			a[i] ^= (uint8_t)(1u << bit);
		}
	/* File data is not covered: the files carry their own signatures where it matters. */
	a[len - 1] ^= 1;
	CHECK_OK(open_copy(a, len));
	a[len - 1] ^= 1;
	for (size_t n = 0; n < len; n++) {
		CHECK_ERR(open_copy(a, n));
		if (test_failures())
			break;
	}
	CHECK_STR(open_copy(a, 0), "archive too short for its header");
	free(a);
}
