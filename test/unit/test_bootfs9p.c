/*
 * lib/bootfs9p through the 9P server loop: an archive written by tools/bootfs_build reads as a
 * directory tree derived from its names (listings in order, ".." up, stat sizes and modes, file
 * contents at any offset); names that cannot be paths are skipped; every way of changing it is
 * refused with "read-only file system"; a recursive listing finds exactly the served entries.
 */
#include "test.h"

#include <bootfs.h>
#include <bootfs9p.h>
#include <bootfs_build.h>
#include <p9_client.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct bootfs arch;
static struct bootfs9p b9;
static struct p9_server srv;
static struct p9_fid fids[16];
static struct p9c cl;
static struct p9c *const C = &cl;
static uint8_t *blob;

static const uint8_t macho[8] = { 0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1 };
static uint8_t big[10000];
static const char motd[] = "welcome to ferrite\n";
static const char longest[] = "a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/u/v/wxy"; /* 47 bytes */

static void serve(struct bootfs_input *in, size_t n)
{
	size_t len;
	uint8_t *a;
	CHECK_OK(bootfs_build(in, n, &a, &len));
	free(blob);
	blob = malloc(len);
	memcpy(blob, a, len);
	free(a);
	CHECK_OK(bootfs_open(&arch, blob, len));
	bootfs9p_init(&b9, &arch, "bootes");
	p9_server_init(&srv, &bootfs9p_ops, &b9, fids, 16, P9C_MSIZE);
	p9c_init(C, &srv);
	CHECK_EQ(p9c_version(C, P9C_MSIZE)->type, P9_RVERSION);
	CHECK_EQ(p9c_attach(C, 1, "glenda")->type, P9_RATTACH);
}

static void sample(void)
{
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = (uint8_t)(i * 13 + 1);
	struct bootfs_input in[] = {
		{ "init", macho, sizeof macho },
		{ "bin/ls", macho, sizeof macho },
		{ "bin/cat", big, sizeof big },
		{ "etc/motd", motd, sizeof motd - 1 },
		{ "passwd", "glenda:x\n", 9 },
		{ "lib/a/b/deep", "deep", 4 },
		{ "lib-x", "", 0 },
		{ "x", "shadowed", 8 },     /* a file and a directory of one name: the directory wins */
		{ "x/y", "y", 1 },
		{ "bad//name", "", 0 },     /* empty element */
		{ "./dot", "", 0 },         /* "." element */
		{ "up/../x", "", 0 },       /* ".." element */
		{ "dir/", "", 0 },          /* trailing '/' */
		{ longest, "L", 1 },
	};
	serve(in, sizeof in / sizeof in[0]);
}

static void expect_type(uint8_t type, int line)
{
	if (C->fail)
		test_fail(__FILE__, line, "client: %s", C->fail);
	C->fail = NULL;
	if (C->r.type != type)
		test_fail(__FILE__, line, "expected type %u, got %u \"%s\"", type, C->r.type, C->ename);
}

static void expect_error(const char *text, int line)
{
	if (C->r.type != P9_RERROR || strcmp(C->ename, text) != 0)
		test_fail(__FILE__, line, "expected Rerror \"%s\", got type %u \"%s\"", text,
			  C->r.type, C->ename);
}

#define EXPECT(call, type) ((void)(call), expect_type((type), __LINE__))
#define EXPECT_ERR(call, text) ((void)(call), expect_error((text), __LINE__))

/* The listing of the directory at path, names joined by ' ', read count bytes at a time. */
static const char *ls(const char *path, uint32_t count)
{
	static char out[4096];
	out[0] = 0;
	p9c_walk(C, 1, 13, path);
	if (C->r.type != P9_RWALK || p9c_open(C, 13, P9_OREAD)->type != P9_ROPEN) {
		p9c_clunk(C, 13);
		return "(cannot open)";
	}
	for (uint64_t off = 0;;) {
		const struct p9_msg *r = p9c_read(C, 13, off, count);
		if (r->type != P9_RREAD || r->count == 0)
			break;
		for (size_t used = 0, n; used < r->count; used += n) {
			struct p9_stat st;
			if (p9_stat_decode(&st, r->data + used, r->count - used, &n))
				return "(bad entry)";
			size_t l = strlen(out);
			snprintf(out + l, sizeof out - l, "%s%.*s", l ? " " : "", st.name.len,
				 st.name.s);
		}
		off += r->count;
	}
	p9c_clunk(C, 13);
	return out;
}

static struct p9_stat stat_of(const char *path)
{
	struct p9_stat st = { 0 };
	static char name[64];
	p9c_walk(C, 1, 12, path);
	const struct p9_msg *r = p9c_stat(C, 12);
	if (r->type == P9_RSTAT) {
		st = r->stat;
		snprintf(name, sizeof name, "%.*s", st.name.len, st.name.s);
		st.name = p9_str(name);
		st.uid = st.gid = st.muid = p9_str("");
	}
	p9c_clunk(C, 12);
	return st;
}

static long readall(const char *path, void *buf, size_t cap)
{
	p9c_walk(C, 1, 11, path);
	if (p9c_open(C, 11, P9_OREAD)->type != P9_ROPEN) {
		p9c_clunk(C, 11);
		return -1;
	}
	long n = p9c_readall(C, 11, buf, cap);
	p9c_clunk(C, 11);
	return n;
}

TEST(bootfs9p_tree_from_names)
{
	sample();
	CHECK_EQ(b9.skipped, 5); /* bad//name ./dot up/../x dir/ and the shadowed x */
	CHECK_STR(ls("", 4096), "a bin etc init lib-x lib passwd x");
	CHECK_STR(ls("bin", 4096), "cat ls");
	CHECK_STR(ls("lib", 4096), "a");
	CHECK_STR(ls("lib/a", 4096), "b");
	CHECK_STR(ls("lib/a/b", 4096), "deep");
	CHECK_STR(ls("x", 4096), "y");
	/* One entry per read: the loop resumes through the readdir cache. */
	CHECK_STR(ls("", 80), "a bin etc init lib-x lib passwd x");
	CHECK_STR(ls("a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p", 4096), "q");
	/* ".." leads back up, to the same qids. */
	uint64_t etc = stat_of("etc").qid.path;
	CHECK_EQ(stat_of("bin/../etc").qid.path, etc);
	CHECK_EQ(stat_of("lib/a/b/../../../etc").qid.path, etc);
	CHECK_EQ(stat_of("..").qid.path, stat_of("").qid.path);
	CHECK_STR(stat_of("").name.s, "/");
	CHECK_STR(stat_of("lib/a/b").name.s, "b");
}

TEST(bootfs9p_stat_and_read)
{
	sample();
	struct p9_stat st = stat_of("bin/cat");
	CHECK_STR(st.name.s, "cat");
	CHECK_EQ(st.length, sizeof big);
	CHECK_EQ(st.mode, 0444);
	CHECK_EQ(st.qid.type, P9_QTFILE);
	CHECK_EQ(stat_of("bin/ls").mode, 0555); /* starts with a Mach-O magic */
	CHECK_EQ(stat_of("bin").mode, P9_DMDIR | 0555);
	CHECK_EQ(stat_of("bin").qid.type, P9_QTDIR);
	CHECK_EQ(stat_of("x").mode, P9_DMDIR | 0555);
	p9c_walk(C, 1, 2, "etc/motd");
	const struct p9_msg *r = p9c_stat(C, 2);
	CHECK(p9_str_eq(r->stat.uid, "bootes"));
	p9c_clunk(C, 2);

	static uint8_t buf[sizeof big + 100];
	CHECK_EQ(readall("bin/cat", buf, sizeof buf), sizeof big);
	CHECK(memcmp(buf, big, sizeof big) == 0);
	char text[64];
	long n = readall("etc/motd", text, sizeof text);
	CHECK(n == (long)sizeof motd - 1 && memcmp(text, motd, (size_t)n) == 0);
	CHECK_EQ(readall("lib-x", text, sizeof text), 0);
	CHECK_EQ(readall(longest, text, sizeof text), 1);
	/* Reads at odd offsets and past the end. */
	p9c_walk(C, 1, 2, "bin/cat");
	EXPECT(p9c_open(C, 2, P9_OREAD), P9_ROPEN);
	r = p9c_read(C, 2, 9990, 100);
	CHECK(r->count == 10 && memcmp(r->data, big + 9990, 10) == 0);
	CHECK_EQ(p9c_read(C, 2, 10000, 100)->count, 0);
	CHECK_EQ(p9c_read(C, 2, ~(uint64_t)0, 100)->count, 0);
	p9c_clunk(C, 2);
}

TEST(bootfs9p_refuses_changes_and_missing_names)
{
	sample();
	static const char *const missing[] = { "nope", "bin/nope", "bad", "dir", "up", "bi",
					       "bin/l", "lib/a/b/deep2", "x/y/z" };
	for (size_t i = 0; i < sizeof missing / sizeof missing[0]; i++) {
		p9c_walk(C, 1, 2, missing[i]);
		if (C->r.type == P9_RWALK) /* a later element failed: the fid was not made */
			EXPECT_ERR(p9c_clunk(C, 2), "unknown fid");
		else
			expect_error("file does not exist", __LINE__);
	}
	p9c_walk(C, 1, 2, "etc/motd");
	EXPECT_ERR(p9c_open(C, 2, P9_OWRITE), BOOTFS9P_EROFS);
	EXPECT_ERR(p9c_open(C, 2, P9_ORDWR), BOOTFS9P_EROFS);
	EXPECT_ERR(p9c_open(C, 2, P9_OREAD | P9_OTRUNC), BOOTFS9P_EROFS);
	EXPECT_ERR(p9c_open(C, 2, P9_OREAD | P9_ORCLOSE), BOOTFS9P_EROFS);
	EXPECT_ERR(p9c_open(C, 2, P9_OEXEC), "permission denied");
	struct p9_stat st = p9c_dontcare();
	st.name = p9_str("renamed");
	EXPECT_ERR(p9c_wstat(C, 2, &st), BOOTFS9P_EROFS);
	EXPECT_ERR(p9c_remove(C, 2), BOOTFS9P_EROFS);
	p9c_walk(C, 1, 2, "bin/ls");
	EXPECT(p9c_open(C, 2, P9_OEXEC), P9_ROPEN);
	EXPECT_ERR(p9c_write(C, 2, 0, "x", 1), "file not open for writing");
	p9c_clunk(C, 2);
	p9c_walk(C, 1, 2, "bin");
	EXPECT_ERR(p9c_create(C, 2, "new", 0644, P9_OWRITE), BOOTFS9P_EROFS);
	EXPECT_ERR(p9c_create(C, 2, "newdir", P9_DMDIR | 0755, P9_OREAD), BOOTFS9P_EROFS);
	EXPECT_ERR(p9c_remove(C, 2), BOOTFS9P_EROFS);
	/* Nothing changed. */
	CHECK_STR(ls("bin", 4096), "cat ls");
}

/* Counts the files under path by listing recursively, checking each one's contents against the
 * archive entry of the same name. */
static unsigned walk_tree(const char *path, int depth)
{
	char names[4096];
	snprintf(names, sizeof names, "%s", ls(path, 4096));
	unsigned files = 0;
	char *save = NULL;
	for (char *n = strtok_r(names, " ", &save); n; n = strtok_r(NULL, " ", &save)) {
		char child[128];
		snprintf(child, sizeof child, "%s%s%s", path, path[0] ? "/" : "", n);
		struct p9_stat st = stat_of(child);
		if (st.mode & P9_DMDIR) {
			if (depth < 30)
				files += walk_tree(child, depth + 1);
			continue;
		}
		struct bootfs_file f;
		static uint8_t buf[sizeof big + 1];
		CHECK(bootfs_find(&arch, child, &f));
		long len = readall(child, buf, sizeof buf);
		CHECK(len == (long)f.size && memcmp(buf, f.data, f.size) == 0);
		files++;
	}
	return files;
}

TEST(bootfs9p_recursive_listing_finds_every_served_entry)
{
	sample();
	CHECK_EQ(walk_tree("", 0), arch.count - b9.skipped);
}

TEST(bootfs9p_empty_and_flat_archives)
{
	serve(NULL, 0);
	CHECK_STR(ls("", 4096), "");
	EXPECT_ERR(p9c_walk(C, 1, 2, "init"), "file does not exist");
	struct bootfs_input in[] = { { "init", macho, sizeof macho }, { "passwd", "p", 1 } };
	serve(in, 2);
	CHECK_EQ(b9.skipped, 0);
	CHECK_STR(ls("", 4096), "init passwd");
	CHECK_EQ(walk_tree("", 0), 2);
}
