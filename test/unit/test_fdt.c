/*
 * lib/fdt: the accessors on a well-formed tree, then malformed blobs of every kind the reader
 * promises to refuse. Each blob is handed over in an exact-size heap copy so AddressSanitizer
 * catches a read even one byte past what the reader was told it may read.
 */
#include "test.h"
#include "fdt_build.h"

#include <fdt.h>
#include <stdlib.h>
#include <string.h>

/* fdt_open on an exact-size copy; exercises the accessors when it accepts. */
static const char *open_copy(const uint8_t *blob, size_t len)
{
	uint8_t *copy = malloc(len ? len : 1);
	memcpy(copy, blob, len);
	struct fdt f;
	const char *err = fdt_open(&f, copy, len);
	if (!err)
		fdtb_exercise(&f);
	free(copy);
	return err;
}

TEST(fdt_sample_accessors)
{
	size_t len;
	uint8_t *blob = fdtb_sample(&len);
	struct fdt f;
	CHECK_OK(fdt_open(&f, blob, len));
	CHECK_EQ(fdt_peek_size(blob, len), len);
	CHECK_EQ(f.n_rsv, 1);

	int root = fdt_root(&f);
	CHECK(root >= 0);
	CHECK_STR(fdt_node_name(&f, root), "");
	CHECK_EQ(fdt_prop_u32(&f, root, "#address-cells", 99), 2);
	CHECK_EQ(fdt_prop_u32(&f, root, "compatible", 99), 99); /* not 4 bytes: the default */
	CHECK_EQ(fdt_prop_u32(&f, root, "absent", 7), 7);
	CHECK(fdt_is_compatible(&f, root, "linux,dummy-virt"));
	CHECK(!fdt_is_compatible(&f, root, "linux"));

	/* "memory" matches the first memory@ node; a full unit address must match exactly. */
	int mem = fdt_subnode(&f, root, "memory");
	CHECK_STR(fdt_node_name(&f, mem), "memory@40000000");
	int mem2 = fdt_subnode(&f, root, "memory@80000000");
	CHECK_STR(fdt_node_name(&f, mem2), "memory@80000000");
	CHECK_EQ(fdt_subnode(&f, root, "memory@8000"), -1);
	CHECK_EQ(fdt_subnode(&f, root, "mem"), -1);
	CHECK_STR(fdt_prop_string(&f, mem, "device_type"), "memory");

	uint32_t i = 0;
	uint64_t base, size;
	bool bad = true;
	CHECK(fdt_reg(&f, mem2, 2, 2, &i, &base, &size, &bad));
	CHECK_EQ(base, 0x80000000u);
	CHECK_EQ(size, 0x08000000u);
	CHECK(!bad);
	CHECK(fdt_reg(&f, mem2, 2, 2, &i, &base, &size, &bad));
	CHECK_EQ(base, 0x100000000ull);
	CHECK_EQ(size, 0x1000000u);
	CHECK(!fdt_reg(&f, mem2, 2, 2, &i, &base, &size, &bad));
	/* 16 bytes of reg read as 1+1 cells: four pairs. 3 cells are not supported. */
	i = 0;
	unsigned pairs = 0;
	while (fdt_reg(&f, mem, 1, 1, &i, &base, &size, &bad))
		pairs++;
	CHECK_EQ(pairs, 2);
	i = 0;
	CHECK(!fdt_reg(&f, mem, 3, 1, &i, &base, &size, &bad));
	CHECK(bad);
	/* 16 bytes as 2+1 cells: one pair and a partial one, reported as malformed. */
	i = 0;
	CHECK(fdt_reg(&f, mem, 2, 1, &i, &base, &size, &bad));
	CHECK(bad);

	int chosen = fdt_path(&f, "/chosen");
	CHECK(chosen >= 0);
	CHECK_STR(fdt_prop_string(&f, chosen, "bootargs"), "console=ttyS0 poweroff");
	CHECK_EQ(fdt_path(&f, "/"), root);
	CHECK_EQ(fdt_path(&f, "//chosen/"), chosen);
	CHECK_EQ(fdt_path(&f, "chosen"), -1);
	CHECK_EQ(fdt_path(&f, "/nope"), -1);
	int resv = fdt_path(&f, "/reserved-memory/mmode_resv0");
	CHECK_STR(fdt_node_name(&f, resv), "mmode_resv0@80000000");
	uint32_t plen = 99;
	CHECK(fdt_prop(&f, fdt_path(&f, "/reserved-memory"), "ranges", &plen) != NULL);
	CHECK_EQ(plen, 0);

	int uart = fdt_path(&f, "/pl011@9000000");
	CHECK(fdt_is_compatible(&f, uart, "arm,primecell"));
	CHECK(fdt_is_compatible(&f, uart, "arm,pl011"));
	CHECK(!fdt_is_compatible(&f, uart, "arm,pl01"));

	/* Children of the root in order, then the end. */
	static const char *const names[] = { "memory@40000000", "memory@80000000",
					     "reserved-memory", "chosen", "pl011@9000000" };
	int c = fdt_first_child(&f, root);
	for (size_t k = 0; k < 5; k++) {
		CHECK_STR(fdt_node_name(&f, c), names[k]);
		c = fdt_next_sibling(&f, c);
	}
	CHECK_EQ(c, -1);
	CHECK_EQ(fdt_first_child(&f, mem), -1);
	CHECK_EQ(fdtb_exercise(&f), 7);

	CHECK(fdt_rsv(&f, 0, &base, &size));
	CHECK_EQ(base, 0x48000000u);
	CHECK_EQ(size, 0x10000u);
	CHECK(!fdt_rsv(&f, 1, &base, &size));
	free(blob);
}

TEST(fdt_next_node_depth)
{
	struct fdt_build b;
	fdtb_init(&b);
	fdtb_begin(&b, "");
	fdtb_begin(&b, "a");
	fdtb_begin(&b, "b");
	fdtb_raw32(&b, 4); /* NOP tokens may appear anywhere */
	fdtb_end(&b);
	fdtb_end(&b);
	fdtb_begin(&b, "c");
	fdtb_end(&b);
	fdtb_end(&b);
	size_t len;
	uint8_t *blob = fdtb_finish(&b, &len);
	struct fdt f;
	CHECK_OK(fdt_open(&f, blob, len));
	int depth = 0;
	int n = fdt_next_node(&f, fdt_root(&f), &depth);
	CHECK_STR(fdt_node_name(&f, n), "a");
	CHECK_EQ(depth, 1);
	n = fdt_next_node(&f, n, &depth);
	CHECK_STR(fdt_node_name(&f, n), "b");
	CHECK_EQ(depth, 2);
	n = fdt_next_node(&f, n, &depth);
	CHECK_STR(fdt_node_name(&f, n), "c");
	CHECK_EQ(depth, 1);
	CHECK_EQ(fdt_next_node(&f, n, &depth), -1);
	CHECK_EQ(fdt_path(&f, "/a/b"), fdt_next_node(&f, fdt_path(&f, "/a"), NULL));
	CHECK_EQ(fdt_next_sibling(&f, fdt_path(&f, "/a/b")), -1);
	CHECK_EQ(fdt_next_sibling(&f, fdt_path(&f, "/a")), fdt_path(&f, "/c"));
	free(blob);
	fdtb_free(&b);
}

TEST(fdt_truncated_at_every_length)
{
	size_t len;
	uint8_t *blob = fdtb_sample(&len);
	CHECK_OK(open_copy(blob, len));
	/* Fewer bytes readable than the header claims. */
	for (size_t n = 0; n < len; n++)
		if (!open_copy(blob, n))
			test_fail(__FILE__, __LINE__, "accepted a blob cut to %zu of %zu bytes", n, len);
	/* The header itself claims the shorter size: some block now runs past the end. */
	for (size_t n = FDT_HEADER_SIZE; n < len; n++) {
		fdtb_put32(blob, FDTB_TOTALSIZE, (uint32_t)n);
		if (!open_copy(blob, n))
			test_fail(__FILE__, __LINE__, "accepted totalsize %zu of %zu", n, len);
	}
	fdtb_put32(blob, FDTB_TOTALSIZE, (uint32_t)len);
	/* A shorter structure block loses its FDT_END token (and more). */
	uint32_t st = fdtb_get32(blob, FDTB_SIZE_STRUCT);
	for (uint32_t n = 0; n < st; n += 4) {
		fdtb_put32(blob, FDTB_SIZE_STRUCT, n);
		if (!open_copy(blob, len))
			test_fail(__FILE__, __LINE__, "accepted size_dt_struct %u of %u", n, st);
	}
	free(blob);
}

/* Patches one header field of the sample, expects fdt_open to refuse it. */
static void expect_header_refused(size_t field, uint32_t value, const char *why)
{
	size_t len;
	uint8_t *blob = fdtb_sample(&len);
	fdtb_put32(blob, field, value);
	const char *err = open_copy(blob, len);
	if (!err)
		test_fail(__FILE__, __LINE__, "accepted a blob with %s", why);
	free(blob);
}

TEST(fdt_bad_headers)
{
	size_t len;
	uint8_t *blob = fdtb_sample(&len);
	uint32_t st = fdtb_get32(blob, FDTB_SIZE_STRUCT), off_st = fdtb_get32(blob, FDTB_OFF_STRUCT);
	uint32_t off_str = fdtb_get32(blob, FDTB_OFF_STRINGS);
	free(blob);

	expect_header_refused(FDTB_MAGIC, 0xedfe0dd0, "byte-swapped magic");
	expect_header_refused(FDTB_MAGIC, 0, "zero magic");
	expect_header_refused(FDTB_TOTALSIZE, (uint32_t)len + 1, "totalsize one past the buffer");
	expect_header_refused(FDTB_TOTALSIZE, 0xffffffff, "huge totalsize");
	expect_header_refused(FDTB_TOTALSIZE, 39, "totalsize smaller than the header");
	expect_header_refused(FDTB_VERSION, 15, "version 15");
	expect_header_refused(FDTB_LAST_COMP, 18, "last compatible version 18");
	expect_header_refused(FDTB_OFF_STRUCT, (uint32_t)len + 4, "structure block past the end");
	expect_header_refused(FDTB_OFF_STRUCT, off_st + 2, "misaligned structure block");
	expect_header_refused(FDTB_OFF_STRUCT, 0xfffffffc, "structure offset near 4 GiB");
	expect_header_refused(FDTB_SIZE_STRUCT, st + 4 + (uint32_t)len, "structure size past the end");
	expect_header_refused(FDTB_SIZE_STRUCT, 0xfffffffc, "structure size near 4 GiB");
	expect_header_refused(FDTB_SIZE_STRUCT, st - 2, "structure size not a multiple of 4");
	expect_header_refused(FDTB_OFF_STRINGS, (uint32_t)len + 1, "strings block past the end");
	expect_header_refused(FDTB_OFF_STRINGS, 0xffffffff, "strings offset near 4 GiB");
	expect_header_refused(FDTB_SIZE_STRINGS, (uint32_t)len - off_str + 1, "strings size past the end");
	expect_header_refused(FDTB_SIZE_STRINGS, 0, "empty strings block with properties");
	expect_header_refused(FDTB_OFF_RSVMAP, (uint32_t)len + 8, "reservation map past the end");
	expect_header_refused(FDTB_OFF_RSVMAP, 44, "misaligned reservation map");
	expect_header_refused(FDTB_OFF_RSVMAP, ((uint32_t)len & ~7u) - 8, "reservation map with no room for a terminator");

	uint8_t hdr[FDT_HEADER_SIZE] = { 0xd0, 0x0d, 0xfe, 0xed, 0, 0, 1, 0 };
	CHECK_EQ(fdt_peek_size(hdr, sizeof hdr), 256);
	CHECK_EQ(fdt_peek_size(hdr, sizeof hdr - 1), 0);
	CHECK_EQ(fdt_peek_size(NULL, 100), 0);
	hdr[0] = 0;
	CHECK_EQ(fdt_peek_size(hdr, sizeof hdr), 0);
	struct fdt f;
	CHECK_ERR(fdt_open(&f, NULL, 100));
}

TEST(fdt_rsvmap_without_terminator)
{
	/* Reservation entries that run to the end of the blob with no zero pair. */
	size_t len;
	uint8_t *blob = fdtb_sample(&len);
	size_t big = ((len + 7) & ~(size_t)7) + 64;
	uint8_t *b2 = calloc(1, big);
	memcpy(b2, blob, len);
	memset(b2 + ((len + 7) & ~(size_t)7), 0xff, 64);
	fdtb_put32(b2, FDTB_TOTALSIZE, (uint32_t)big);
	fdtb_put32(b2, FDTB_OFF_RSVMAP, (uint32_t)((len + 7) & ~(size_t)7));
	CHECK_ERR(open_copy(b2, big));
	free(b2);
	free(blob);

	/* More entries than the reader's bound. */
	struct fdt_build b;
	fdtb_init(&b);
	fdtb_begin(&b, "");
	fdtb_end(&b);
	size_t n;
	uint8_t *small = fdtb_finish(&b, &n);
	size_t huge = n + 16 * 1100;
	uint8_t *h = calloc(1, huge);
	memcpy(h, small, n);
	memset(h + n, 0x11, 16 * 1100 - 16);
	fdtb_put32(h, FDTB_TOTALSIZE, (uint32_t)huge);
	fdtb_put32(h, FDTB_OFF_RSVMAP, (uint32_t)((n + 7) & ~(size_t)7));
	CHECK_ERR(open_copy(h, huge));
	free(h);
	free(small);
	fdtb_free(&b);
}

/* Malformed structure blocks, built token by token. Each returns the blob to check. */
static uint8_t *build_raw(void (*fill)(struct fdt_build *), bool with_end, size_t *len)
{
	struct fdt_build b;
	fdtb_init(&b);
	b.no_end = !with_end;
	fill(&b);
	uint8_t *blob = fdtb_finish(&b, len);
	fdtb_free(&b);
	return blob;
}

static void s_unterminated_name(struct fdt_build *b)
{
	fdtb_raw32(b, 1);
	fdtb_raw(b, "abcdefgh", 8); /* no NUL before the end of the structure block */
}
static void s_nameoff_past_strings(struct fdt_build *b)
{
	fdtb_begin(b, "");
	fdtb_prop_u32(b, "x", 1);
	fdtb_raw32(b, 3);
	fdtb_raw32(b, 4);
	fdtb_raw32(b, 1000); /* the strings block holds "x\0" only */
	fdtb_raw32(b, 0);
	fdtb_end(b);
}
static void s_nameoff_unterminated(struct fdt_build *b)
{
	fdtb_begin(b, "");
	fdtb_prop_u32(b, "x", 1);
	fdtb_raw32(b, 3);
	fdtb_raw32(b, 4);
	fdtb_raw32(b, 1); /* points at the NUL... fine; patched below to the last byte */
	fdtb_raw32(b, 0);
	fdtb_end(b);
}
static void s_bad_token(struct fdt_build *b)
{
	fdtb_begin(b, "");
	fdtb_raw32(b, 7);
	fdtb_end(b);
}
static void s_unclosed_root(struct fdt_build *b)
{
	fdtb_begin(b, "");
	fdtb_begin(b, "child");
	fdtb_end(b);
}
static void s_extra_end_node(struct fdt_build *b)
{
	fdtb_begin(b, "");
	fdtb_end(b);
	fdtb_end(b);
}
static void s_two_roots(struct fdt_build *b)
{
	fdtb_begin(b, "");
	fdtb_end(b);
	fdtb_begin(b, "");
	fdtb_end(b);
}
static void s_prop_outside_node(struct fdt_build *b)
{
	fdtb_prop_u32(b, "x", 1);
	fdtb_begin(b, "");
	fdtb_end(b);
}
static void s_prop_len_past_end(struct fdt_build *b)
{
	fdtb_begin(b, "");
	fdtb_raw32(b, 3);
	fdtb_raw32(b, 1000);
	fdtb_raw32(b, fdtb_string(b, "x"));
	fdtb_end(b);
}
static void s_prop_len_huge(struct fdt_build *b)
{
	fdtb_begin(b, "");
	fdtb_raw32(b, 3);
	fdtb_raw32(b, 0xfffffffc); /* would wrap a 32-bit offset */
	fdtb_raw32(b, fdtb_string(b, "x"));
	fdtb_end(b);
}
static void s_prop_header_cut(struct fdt_build *b)
{
	fdtb_begin(b, "");
	fdtb_raw32(b, 3);
	fdtb_raw32(b, 0); /* nameoff missing: the block ends */
}
static void s_empty(struct fdt_build *b)
{
	(void)b;
}
static void s_too_deep(struct fdt_build *b)
{
	for (int i = 0; i < 65; i++)
		fdtb_begin(b, "n");
	for (int i = 0; i < 65; i++)
		fdtb_end(b);
}
static void s_deep_ok(struct fdt_build *b)
{
	for (int i = 0; i < 64; i++)
		fdtb_begin(b, "n");
	for (int i = 0; i < 64; i++)
		fdtb_end(b);
}

TEST(fdt_malformed_structure)
{
	static const struct {
		void (*fill)(struct fdt_build *);
		bool with_end;
		const char *what;
	} bad[] = {
		{ s_unterminated_name, false, "unterminated node name" },
		{ s_nameoff_past_strings, true, "property nameoff past the strings block" },
		{ s_bad_token, true, "unknown token" },
		{ s_unclosed_root, true, "root node never closed" },
		{ s_extra_end_node, true, "an extra FDT_END_NODE" },
		{ s_two_roots, true, "two root nodes" },
		{ s_prop_outside_node, true, "a property before the root" },
		{ s_prop_len_past_end, true, "property length past the block" },
		{ s_prop_len_huge, true, "property length near 4 GiB" },
		{ s_prop_header_cut, false, "property header cut by the block end" },
		{ s_empty, true, "no root node" },
		{ s_empty, false, "an empty structure block" },
		{ s_too_deep, true, "65 levels of nesting" },
		{ s_deep_ok, false, "no FDT_END token" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		size_t len;
		uint8_t *blob = build_raw(bad[i].fill, bad[i].with_end, &len);
		if (!open_copy(blob, len))
			test_fail(__FILE__, __LINE__, "accepted a blob with %s", bad[i].what);
		free(blob);
	}
	size_t len;
	uint8_t *blob = build_raw(s_deep_ok, true, &len);
	CHECK_OK(open_copy(blob, len));
	free(blob);

	/* A property name that runs to the end of the strings block without a NUL. */
	blob = build_raw(s_nameoff_unterminated, true, &len);
	CHECK_OK(open_copy(blob, len));
	uint32_t off_str = fdtb_get32(blob, FDTB_OFF_STRINGS);
	fdtb_put32(blob, FDTB_SIZE_STRINGS, 1); /* just "x", its NUL cut off */
	CHECK_ERR(open_copy(blob, len));
	fdtb_put32(blob, FDTB_SIZE_STRINGS, 2);
	blob[off_str + 1] = 'y'; /* "xy" with no NUL inside the block */
	CHECK_ERR(open_copy(blob, len));
	free(blob);
}

/* Deterministic corruption: flip bytes of the sample; whatever fdt_open accepts must be safe to
 * walk (ASan and UBSan are the judges here, the fuzzer goes further). */
TEST(fdt_random_corruption_is_safe)
{
	size_t len;
	uint8_t *orig = fdtb_sample(&len);
	uint8_t *blob = malloc(len);
	uint64_t x = 0x9e3779b97f4a7c15ull;
	unsigned accepted = 0;
	for (int round = 0; round < 20000; round++) {
		memcpy(blob, orig, len);
		for (int k = 0; k < 1 + round % 4; k++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			blob[x % len] ^= (uint8_t)(x >> 32 | 1);
		}
		if (!open_copy(blob, len))
			accepted++;
	}
	/* Flips in property values keep the tree valid: some must have been accepted and walked. */
	CHECK(accepted > 100);
	free(blob);
	free(orig);
}
