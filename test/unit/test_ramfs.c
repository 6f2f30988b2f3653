/*
 * lib/ramfs through the 9P server loop and a scripted client: files (create, write, read back,
 * overwrite, append, sparse writes, truncation), directories and their listings, remove
 * semantics and stale fids, rename, permissions between two users, qid versions, the errors a
 * client can provoke, arena exhaustion (nothing changes, and removing frees the space), and a
 * model-based random test comparing the whole tree with a simple model after every step.
 * ramfs_check runs after every scenario. Arenas are exact-size heap blocks for AddressSanitizer.
 */
#include "test.h"

#include <p9_client.h>
#include <ramfs.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NFIDS 32

static struct ramfs fs;
static uint8_t *arena;
static struct ramfs_session sess[2];
static struct p9_server srv[2];
static struct p9_fid fidtab[2][NFIDS];
static struct p9c cl[2];
static struct p9c *const G = &cl[0]; /* glenda, who owns the root */
static struct p9c *const A = &cl[1]; /* alice */

/* A fresh fs over an arena of size bytes; both clients attached with fid 1 at the root. */
static void boot(size_t size, uint32_t nodes)
{
	free(arena);
	arena = malloc(size);
	CHECK_OK(ramfs_init(&fs, arena, size, nodes, "glenda"));
	for (int s = 0; s < 2; s++) {
		ramfs_session_init(&sess[s], &fs);
		p9_server_init(&srv[s], &ramfs_ops, &sess[s], fidtab[s], NFIDS, P9C_MSIZE);
		p9c_init(&cl[s], &srv[s]);
		CHECK_EQ(p9c_version(&cl[s], P9C_MSIZE)->type, P9_RVERSION);
		CHECK_EQ(p9c_attach(&cl[s], 1, s ? "alice" : "glenda")->type, P9_RATTACH);
	}
}

static void expect_type(struct p9c *c, uint8_t type, int line)
{
	if (c->fail)
		test_fail(__FILE__, line, "client: %s", c->fail);
	c->fail = NULL;
	if (c->r.type == type)
		return;
	if (c->r.type == P9_RERROR)
		test_fail(__FILE__, line, "expected type %u, got Rerror \"%s\"", type, c->ename);
	else
		test_fail(__FILE__, line, "expected type %u, got %u", type, c->r.type);
}

static void expect_error(struct p9c *c, const char *text, int line)
{
	if (c->r.type != P9_RERROR)
		test_fail(__FILE__, line, "expected Rerror \"%s\", got type %u", text, c->r.type);
	else if (strcmp(c->ename, text) != 0)
		test_fail(__FILE__, line, "expected Rerror \"%s\", got \"%s\"", text, c->ename);
}

#define EXPECT(c, call, type) ((void)(call), expect_type((c), (type), __LINE__))
#define EXPECT_ERR(c, call, text) ((void)(call), expect_error((c), (text), __LINE__))

static void consistent(int line)
{
	const char *err = ramfs_check(&fs);
	if (err)
		test_fail(__FILE__, line, "ramfs_check: %s", err);
}
#define CONSISTENT() consistent(__LINE__)

/* path "a/b/name": fid 10 walks to "a/b", creates name with perm, clunks. NULL or the error. */
static const char *mk(struct p9c *c, const char *dir, const char *name, uint32_t perm)
{
	const char *err = NULL;
	p9c_walk(c, 1, 10, dir);
	if ((err = p9c_err(c)))
		return err;
	p9c_create(c, 10, name, perm, P9_OREAD);
	err = p9c_err(c);
	static char keep[256];
	if (err) {
		snprintf(keep, sizeof keep, "%s", err);
		err = keep;
	}
	p9c_clunk(c, 10);
	return err;
}

/* Opens path as fid 11 with mode; NULL or the error (the fid is clunked on error). */
static const char *op(struct p9c *c, const char *path, uint8_t mode)
{
	p9c_walk(c, 1, 11, path);
	if (p9c_err(c))
		return p9c_err(c);
	p9c_open(c, 11, mode);
	if (p9c_err(c)) {
		static char keep[256];
		snprintf(keep, sizeof keep, "%s", p9c_err(c));
		p9c_clunk(c, 11);
		return keep;
	}
	return NULL;
}

static const char *wr(struct p9c *c, const char *path, uint64_t off, const void *data, uint32_t n)
{
	const char *err = op(c, path, P9_OWRITE);
	if (err)
		return err;
	const struct p9_msg *r = p9c_write(c, 11, off, data, n);
	static char keep[256];
	err = NULL;
	if (p9c_err(c)) {
		snprintf(keep, sizeof keep, "%s", p9c_err(c));
		err = keep;
	} else if (r->count != n) {
		err = "short write";
	}
	p9c_clunk(c, 11);
	return err;
}

/* The whole file at path, NUL-terminated, into buf; its length or -1. */
static long rd(struct p9c *c, const char *path, char *buf, size_t cap)
{
	if (op(c, path, P9_OREAD))
		return -1;
	long n = p9c_readall(c, 11, buf, cap - 1);
	if (n >= 0)
		buf[n] = 0;
	p9c_clunk(c, 11);
	return n;
}

static bool is(struct p9c *c, const char *path, const char *want)
{
	static char buf[65536];
	long n = rd(c, path, buf, sizeof buf);
	return n == (long)strlen(want) && memcmp(buf, want, (size_t)n) == 0;
}

static struct p9_stat stat_of(struct p9c *c, const char *path)
{
	struct p9_stat st = { 0 };
	p9c_walk(c, 1, 12, path);
	if (p9c_err(c))
		return st;
	const struct p9_msg *r = p9c_stat(c, 12);
	if (r->type == P9_RSTAT) {
		/* Its strings point into the client's reply buffer: keep copies. */
		static char keep[4][256];
		st = r->stat;
		struct p9_str *s[4] = { &st.name, &st.uid, &st.gid, &st.muid };
		for (int i = 0; i < 4; i++) {
			snprintf(keep[i], sizeof keep[i], "%.*s", s[i]->len, s[i]->s);
			*s[i] = p9_str(keep[i]);
		}
	}
	p9c_clunk(c, 12);
	return st;
}

static uint64_t length_of(struct p9c *c, const char *path)
{
	return stat_of(c, path).length;
}

static uint32_t vers_of(struct p9c *c, const char *path)
{
	return stat_of(c, path).qid.vers;
}

/* A directory's listing: names joined by ' ' in order (through fid 13, reads of 'count'). */
static const char *ls(struct p9c *c, const char *path, uint32_t count)
{
	static char out[4096];
	out[0] = 0;
	if (op(c, path, P9_OREAD))
		return "(cannot open)";
	p9c_clunk(c, 11); /* op used fid 11; list through fid 13 to keep it open across reads */
	p9c_walk(c, 1, 13, path);
	p9c_open(c, 13, P9_OREAD);
	uint64_t off = 0;
	for (;;) {
		const struct p9_msg *r = p9c_read(c, 13, off, count);
		if (r->type != P9_RREAD) {
			snprintf(out, sizeof out, "(read error: %s)", c->ename);
			break;
		}
		if (r->count == 0)
			break;
		size_t used = 0;
		while (used < r->count) {
			struct p9_stat st;
			size_t n;
			if (p9_stat_decode(&st, r->data + used, r->count - used, &n)) {
				snprintf(out, sizeof out, "(bad entry)");
				p9c_clunk(c, 13);
				return out;
			}
			size_t l = strlen(out);
			snprintf(out + l, sizeof out - l, "%s%.*s", l ? " " : "", st.name.len,
				 st.name.s);
			used += n;
		}
		off += r->count;
	}
	p9c_clunk(c, 13);
	return out;
}

TEST(ramfs_files_write_read_overwrite_append_truncate)
{
	boot(64 * 1024, 32);
	CHECK_OK(mk(G, "", "f", 0644));
	CHECK(is(G, "f", ""));
	CHECK_OK(wr(G, "f", 0, "hello, world", 12));
	CHECK(is(G, "f", "hello, world"));
	CHECK_OK(wr(G, "f", 7, "WORLD", 5)); /* overwrite in place */
	CHECK(is(G, "f", "hello, WORLD"));
	CHECK_OK(wr(G, "f", 12, "!\n", 2)); /* append at the end */
	CHECK(is(G, "f", "hello, WORLD!\n"));
	CHECK_EQ(length_of(G, "f"), 14);
	/* Reads at and past the end give 0 bytes; a read in the middle is partial. */
	CHECK_OK(op(G, "f", P9_OREAD));
	const struct p9_msg *r = p9c_read(G, 11, 14, 100);
	CHECK_EQ(r->count, 0);
	r = p9c_read(G, 11, 1000000, 100);
	CHECK_EQ(r->count, 0);
	r = p9c_read(G, 11, 7, 3);
	CHECK(r->count == 3 && memcmp(r->data, "WOR", 3) == 0);
	p9c_clunk(G, 11);
	/* OTRUNC empties it. */
	CHECK_OK(op(G, "f", P9_OWRITE | P9_OTRUNC));
	p9c_clunk(G, 11);
	CHECK(is(G, "f", ""));
	CHECK_EQ(length_of(G, "f"), 0);
	CONSISTENT();
}

TEST(ramfs_multi_block_and_sparse_writes)
{
	boot(256 * 1024, 16);
	CHECK_OK(mk(G, "", "big", 0644));
	static char data[5000], back[8192];
	for (size_t i = 0; i < sizeof data; i++)
		data[i] = (char)('a' + i % 23);
	CHECK_OK(wr(G, "big", 0, data, sizeof data));
	CHECK_EQ(rd(G, "big", back, sizeof back), sizeof data);
	CHECK(memcmp(back, data, sizeof data) == 0);
	/* A write across a block boundary at an odd offset. */
	CHECK_OK(wr(G, "big", RAMFS_BLOCK - 3, "XXXXXX", 6));
	memcpy(data + RAMFS_BLOCK - 3, "XXXXXX", 6);
	CHECK_EQ(rd(G, "big", back, sizeof back), sizeof data);
	CHECK(memcmp(back, data, sizeof data) == 0);
	/* Sparse: a write far past the end leaves zeros in the gap. */
	CHECK_OK(mk(G, "", "sparse", 0644));
	CHECK_OK(wr(G, "sparse", 3000, "end", 3));
	CHECK_EQ(rd(G, "sparse", back, sizeof back), 3003);
	bool zeros = true;
	for (int i = 0; i < 3000; i++)
		zeros &= back[i] == 0;
	CHECK(zeros);
	CHECK(memcmp(back + 3000, "end", 3) == 0);
	CONSISTENT();
}

TEST(ramfs_wstat_length_truncates_and_extends_with_zeros)
{
	boot(64 * 1024, 16);
	CHECK_OK(mk(G, "", "f", 0644));
	static char buf[4096];
	memset(buf, 'x', 1500);
	CHECK_OK(wr(G, "f", 0, buf, 1500));
	p9c_walk(G, 1, 2, "f");
	struct p9_stat st = p9c_dontcare();
	st.length = 700;
	EXPECT(G, p9c_wstat(G, 2, &st), P9_RWSTAT);
	CHECK_EQ(length_of(G, "f"), 700);
	CONSISTENT(); /* checks the bytes past 700 in the last block are zero again */
	st.length = 1200; /* grow: the old bytes 700..1200 must not come back */
	EXPECT(G, p9c_wstat(G, 2, &st), P9_RWSTAT);
	CHECK_EQ(rd(G, "f", buf, sizeof buf), 1200);
	bool ok = true;
	for (int i = 0; i < 1200; i++)
		ok &= buf[i] == (i < 700 ? 'x' : 0);
	CHECK(ok);
	st.length = 0;
	EXPECT(G, p9c_wstat(G, 2, &st), P9_RWSTAT);
	CHECK(is(G, "f", ""));
	p9c_clunk(G, 2);
	CONSISTENT();
}

TEST(ramfs_directories_and_listing)
{
	boot(64 * 1024, 32);
	CHECK_OK(mk(G, "", "usr", P9_DMDIR | 0755));
	CHECK_OK(mk(G, "usr", "glenda", P9_DMDIR | 0755));
	CHECK_OK(mk(G, "usr/glenda", "notes", 0644));
	CHECK_OK(mk(G, "", "a", 0644));
	CHECK_OK(mk(G, "", "b", 0644));
	CHECK_OK(wr(G, "usr/glenda/notes", 0, "remember", 8));
	CHECK(is(G, "usr/glenda/notes", "remember"));
	CHECK_STR(ls(G, "", 4096), "usr a b");
	CHECK_STR(ls(G, "usr", 4096), "glenda");
	CHECK_STR(ls(G, "usr/glenda", 4096), "notes");
	/* Small reads: one entry at a time, resuming where the last read ended. */
	CHECK_STR(ls(G, "", 70), "usr a b");
	struct p9_stat st = stat_of(G, "usr");
	CHECK(st.mode == (P9_DMDIR | 0755));
	CHECK_EQ(st.qid.type, P9_QTDIR);
	CHECK_EQ(st.length, 0);
	/* ".." walks up; the root's parent is the root. */
	CHECK(is(G, "usr/glenda/../glenda/notes", "remember"));
	CHECK(is(G, "../../a", ""));
	/* Directories refuse writes (the loop) and data. */
	p9c_walk(G, 1, 2, "usr");
	EXPECT_ERR(G, p9c_open(G, 2, P9_OWRITE), "is a directory");
	EXPECT_ERR(G, p9c_open(G, 2, P9_OREAD | P9_OTRUNC), "is a directory");
	p9c_clunk(G, 2);
	/* Walking through a file fails. */
	EXPECT(G, p9c_walk(G, 1, 2, "a/x"), P9_RWALK);
	CHECK_EQ(G->r.nwqid, 1);
	p9c_walk(G, 1, 2, "a");
	EXPECT_ERR(G, p9c_walk(G, 2, 3, "x"), "not a directory");
	p9c_clunk(G, 2);
	CONSISTENT();
}

TEST(ramfs_create_perm_masked_by_directory)
{
	boot(64 * 1024, 32);
	CHECK_OK(mk(G, "", "d", P9_DMDIR | 0750));
	CHECK_OK(mk(G, "d", "f", 0666));
	CHECK_EQ(stat_of(G, "d/f").mode, 0640);
	CHECK_OK(mk(G, "d", "sub", P9_DMDIR | 0777));
	CHECK_EQ(stat_of(G, "d/sub").mode, P9_DMDIR | 0750);
	CHECK_OK(mk(G, "", "app", P9_DMAPPEND | 0644));
	CHECK_EQ(stat_of(G, "app").qid.type, P9_QTAPPEND);
	CHECK_ERR(mk(G, "", "auth", P9_DMAUTH | 0644));
	CONSISTENT();
}

TEST(ramfs_errors)
{
	boot(64 * 1024, 32);
	CHECK_OK(mk(G, "", "f", 0644));
	CHECK_OK(mk(G, "", "d", P9_DMDIR | 0755));
	EXPECT_ERR(G, p9c_walk(G, 1, 2, "nope"), "file does not exist");
	/* A later element failing: Rwalk with the qids so far, newfid untouched. */
	EXPECT(G, p9c_walk(G, 1, 2, "d/nope"), P9_RWALK);
	CHECK_EQ(G->r.nwqid, 1);
	EXPECT_ERR(G, p9c_clunk(G, 2), "unknown fid");
	CHECK_STR(mk(G, "", "f", 0644), "file already exists");
	CHECK_STR(mk(G, "", "d", P9_DMDIR | 0755), "file already exists");
	char longname[RAMFS_NAMELEN + 1];
	memset(longname, 'n', RAMFS_NAMELEN);
	longname[RAMFS_NAMELEN] = 0;
	CHECK_STR(mk(G, "", longname, 0644), "file name too long");
	longname[RAMFS_NAMELEN - 1] = 0; /* the longest allowed */
	CHECK_OK(mk(G, "", longname, 0644));
	/* Create through a file fid, and on an open fid. */
	p9c_walk(G, 1, 2, "f");
	EXPECT_ERR(G, p9c_create(G, 2, "x", 0644, P9_OREAD), "not a directory");
	p9c_clunk(G, 2);
	/* A write to a file opened for reading, a read of one opened for writing. */
	CHECK_OK(op(G, "f", P9_OREAD));
	EXPECT_ERR(G, p9c_write(G, 11, 0, "x", 1), "file not open for writing");
	p9c_clunk(G, 11);
	CHECK_OK(op(G, "f", P9_OWRITE));
	EXPECT_ERR(G, p9c_read(G, 11, 0, 1), "file not open for reading");
	p9c_clunk(G, 11);
	/* wstat of fields that never change. */
	p9c_walk(G, 1, 2, "f");
	struct p9_stat st = p9c_dontcare();
	st.qid.path = 5;
	EXPECT_ERR(G, p9c_wstat(G, 2, &st), "wstat: field cannot be changed");
	st = p9c_dontcare();
	st.uid = p9_str("alice");
	EXPECT_ERR(G, p9c_wstat(G, 2, &st), "wstat: owner and group cannot be changed");
	st = p9c_dontcare();
	st.mode = P9_DMDIR | 0755;
	EXPECT_ERR(G, p9c_wstat(G, 2, &st), "wstat: cannot change a file into a directory or back");
	/* A dontcare wstat is a no-op that succeeds and changes no version. */
	uint32_t v = vers_of(G, "f");
	st = p9c_dontcare();
	EXPECT(G, p9c_wstat(G, 2, &st), P9_RWSTAT);
	CHECK_EQ(vers_of(G, "f"), v);
	p9c_clunk(G, 2);
	CONSISTENT();
}

TEST(ramfs_remove_semantics_and_stale_fids)
{
	boot(64 * 1024, 3); /* root + 2: slots are reused at once */
	CHECK_OK(mk(G, "", "d", P9_DMDIR | 0755));
	CHECK_OK(mk(G, "d", "f", 0644));
	p9c_walk(G, 1, 2, "d");
	EXPECT_ERR(G, p9c_remove(G, 2), "directory not empty"); /* and fid 2 is gone */
	EXPECT_ERR(G, p9c_clunk(G, 2), "unknown fid");
	CHECK_STR(ls(G, "d", 4096), "f");
	EXPECT_ERR(G, p9c_remove(G, 1), "cannot remove the root");
	EXPECT(G, p9c_attach(G, 1, "glenda"), P9_RATTACH);
	/* Fid 3 holds d/f while fid 4 removes it; a new file then takes f's slot. */
	p9c_walk(G, 1, 3, "d/f");
	p9c_walk(G, 1, 4, "d/f");
	EXPECT(G, p9c_remove(G, 4), P9_RREMOVE);
	EXPECT(G, p9c_walk(G, 1, 4, "d/f"), P9_RWALK);
	CHECK_EQ(G->r.nwqid, 1); /* d is there, f is not */
	CHECK_OK(mk(G, "", "g", 0644));
	CHECK_OK(wr(G, "g", 0, "secret", 6));
	EXPECT_ERR(G, p9c_stat(G, 3), "file has been removed");
	EXPECT_ERR(G, p9c_open(G, 3, P9_OREAD), "file has been removed");
	EXPECT_ERR(G, p9c_remove(G, 3), "file has been removed");
	/* Now d is empty and can go. */
	p9c_walk(G, 1, 2, "d");
	EXPECT(G, p9c_remove(G, 2), P9_RREMOVE);
	CHECK_STR(ls(G, "", 4096), "g");
	/* ORCLOSE removes on clunk. */
	p9c_walk(G, 1, 5, "");
	EXPECT(G, p9c_create(G, 5, "tmp", 0644, P9_OWRITE | P9_ORCLOSE), P9_RCREATE);
	CHECK_STR(ls(G, "", 4096), "g tmp");
	p9c_clunk(G, 5);
	CHECK_STR(ls(G, "", 4096), "g");
	CONSISTENT();
}

TEST(ramfs_rename)
{
	boot(64 * 1024, 16);
	CHECK_OK(mk(G, "", "old", 0644));
	CHECK_OK(mk(G, "", "other", 0644));
	CHECK_OK(wr(G, "old", 0, "data", 4));
	uint32_t dv = vers_of(G, "");
	uint64_t path = stat_of(G, "old").qid.path;
	p9c_walk(G, 1, 2, "old");
	struct p9_stat st = p9c_dontcare();
	st.name = p9_str("other");
	EXPECT_ERR(G, p9c_wstat(G, 2, &st), "file already exists");
	st.name = p9_str("a/b");
	EXPECT_ERR(G, p9c_wstat(G, 2, &st), "bad file name");
	st.name = p9_str("..");
	EXPECT_ERR(G, p9c_wstat(G, 2, &st), "bad file name");
	st.name = p9_str("new");
	EXPECT(G, p9c_wstat(G, 2, &st), P9_RWSTAT);
	p9c_clunk(G, 2);
	CHECK(is(G, "new", "data"));
	EXPECT_ERR(G, p9c_walk(G, 1, 2, "old"), "file does not exist");
	CHECK_EQ(stat_of(G, "new").qid.path, path); /* the same file */
	CHECK(vers_of(G, "") > dv);
	CHECK_STR(ls(G, "", 4096), "new other");
	p9c_walk(G, 1, 2, "");
	EXPECT_ERR(G, p9c_wstat(G, 2, &st), "cannot rename the root");
	p9c_clunk(G, 2);
	CONSISTENT();
}

TEST(ramfs_qid_versions)
{
	boot(64 * 1024, 16);
	uint32_t root = vers_of(G, "");
	CHECK_OK(mk(G, "", "f", 0644));
	CHECK(vers_of(G, "") > root);
	uint32_t v = vers_of(G, "f");
	CHECK(is(G, "f", ""));
	CHECK_EQ(vers_of(G, "f"), v); /* reading changes nothing */
	CHECK_OK(wr(G, "f", 0, "x", 1));
	CHECK(vers_of(G, "f") > v);
	v = vers_of(G, "f");
	CHECK_OK(op(G, "f", P9_OWRITE | P9_OTRUNC));
	CHECK(G->r.qid.vers > v); /* Ropen carries the new version */
	p9c_clunk(G, 11);
	CHECK(vers_of(G, "f") > v);
	v = vers_of(G, "f");
	p9c_walk(G, 1, 2, "f");
	struct p9_stat st = p9c_dontcare();
	st.mode = 0600;
	EXPECT(G, p9c_wstat(G, 2, &st), P9_RWSTAT);
	p9c_clunk(G, 2);
	CHECK(vers_of(G, "f") > v);
	root = vers_of(G, "");
	p9c_walk(G, 1, 2, "f");
	p9c_remove(G, 2);
	CHECK(vers_of(G, "") > root);
	/* Qid paths are never reused, even when the slot is. */
	CHECK_OK(mk(G, "", "f", 0644));
	CHECK(stat_of(G, "f").qid.path != 0);
	CONSISTENT();
}

TEST(ramfs_permissions_between_users)
{
	boot(64 * 1024, 32);
	CHECK_OK(mk(G, "", "private", 0600));
	CHECK_OK(mk(G, "", "public", 0644));
	CHECK_OK(mk(G, "", "shared", 0666));
	CHECK_OK(mk(G, "", "locked", P9_DMDIR | 0755));
	CHECK_OK(mk(G, "", "noexec", P9_DMDIR | 0700));
	CHECK_OK(mk(G, "noexec", "x", 0644));
	CHECK_OK(wr(G, "private", 0, "p", 1));
	CHECK_STR(op(A, "private", P9_OREAD), "permission denied");
	CHECK(is(A, "public", ""));
	CHECK_STR(op(A, "public", P9_OWRITE), "permission denied");
	CHECK_STR(op(A, "public", P9_OREAD | P9_OTRUNC), "permission denied");
	CHECK_OK(wr(A, "shared", 0, "by alice", 8));
	CHECK(p9_str_eq(stat_of(G, "shared").muid, "alice"));
	CHECK_STR(mk(A, "locked", "mine", 0644), "permission denied");
	EXPECT(A, p9c_walk(A, 1, 2, "noexec"), P9_RWALK);
	EXPECT_ERR(A, p9c_walk(A, 2, 3, "x"), "permission denied"); /* no search permission */
	p9c_clunk(A, 2);
	/* alice may create in the root (0777) and owns what she creates. */
	CHECK_OK(mk(A, "", "alices", 0600));
	struct p9_stat st = stat_of(G, "alices");
	CHECK(p9_str_eq(st.uid, "alice"));
	CHECK_STR(op(G, "alices", P9_OREAD), "permission denied");
	/* Only the owner changes the mode; renaming needs write permission in the directory. */
	p9c_walk(A, 1, 2, "public");
	struct p9_stat w = p9c_dontcare();
	w.mode = 0666;
	EXPECT_ERR(A, p9c_wstat(A, 2, &w), "permission denied: not the owner");
	w = p9c_dontcare();
	w.length = 0;
	EXPECT_ERR(A, p9c_wstat(A, 2, &w), "permission denied");
	p9c_clunk(A, 2);
	/* Removing needs write permission in the parent. */
	p9c_walk(A, 1, 2, "locked");
	EXPECT(A, p9c_create(A, 2, "x", 0644, P9_OREAD), P9_RERROR);
	CHECK_STR(A->ename, "permission denied");
	p9c_clunk(A, 2);
	CHECK_OK(mk(G, "locked", "y", 0666));
	p9c_walk(A, 1, 2, "locked/y");
	EXPECT_ERR(A, p9c_remove(A, 2), "permission denied");
	/* A session cannot change its user by attaching again. */
	EXPECT_ERR(A, p9c_attach(A, 3, "glenda"), "session already attached as another user");
	EXPECT(A, p9c_attach(A, 3, "alice"), P9_RATTACH);
	CONSISTENT();
}

TEST(ramfs_exclusive_and_append_modes)
{
	boot(64 * 1024, 16);
	CHECK_OK(mk(G, "", "lock", P9_DMEXCL | 0644));
	CHECK_OK(op(G, "lock", P9_OREAD));
	p9c_walk(G, 1, 2, "lock");
	EXPECT_ERR(G, p9c_open(G, 2, P9_OREAD), "file already open for exclusive use");
	p9c_clunk(G, 11);
	EXPECT(G, p9c_open(G, 2, P9_OREAD), P9_ROPEN);
	p9c_clunk(G, 2);
	CHECK_OK(mk(G, "", "log", P9_DMAPPEND | 0644));
	CHECK_OK(wr(G, "log", 0, "one ", 4));
	CHECK_OK(wr(G, "log", 0, "two", 3)); /* the offset is ignored: appended */
	CHECK(is(G, "log", "one two"));
	CONSISTENT();
}

TEST(ramfs_arena_exhaustion_is_clean)
{
	/* Room for 16 nodes and a handful of blocks. */
	size_t size = 16 * sizeof(struct ramfs_node) + 8 + 6 * (RAMFS_BLOCK + 4);
	boot(size, 16);
	uint32_t blocks = fs.nblocks;
	CHECK(blocks >= 5);
	CHECK_OK(mk(G, "", "keep", 0644));
	CHECK_OK(wr(G, "keep", 0, "precious", 8));
	CHECK_OK(mk(G, "", "fill", 0644));
	static char buf[RAMFS_BLOCK * 16];
	memset(buf, 'f', sizeof buf);
	/* More than fits: refused whole, nothing written. */
	uint32_t v = vers_of(G, "fill");
	CHECK_STR(wr(G, "fill", 0, buf, blocks * RAMFS_BLOCK), RAMFS_ENOSPACE);
	CHECK_EQ(length_of(G, "fill"), 0);
	CHECK_EQ(vers_of(G, "fill"), v);
	CONSISTENT();
	/* Exactly what is left fits. */
	uint32_t left = (uint32_t)ramfs_free_bytes(&fs);
	CHECK_OK(wr(G, "fill", 0, buf, left));
	CHECK_EQ(ramfs_free_bytes(&fs), 0);
	CHECK_STR(wr(G, "keep", 8, "x", 1), NULL); /* inside keep's block: no new space needed */
	CHECK_STR(wr(G, "keep", RAMFS_BLOCK, "x", 1), RAMFS_ENOSPACE);
	CHECK_STR(wr(G, "fill", left + 1000, "x", 1), RAMFS_ENOSPACE);
	/* A sparse write far beyond the arena, and one at the largest offset. */
	CHECK_STR(wr(G, "fill", (uint64_t)1 << 40, "x", 1), RAMFS_ENOSPACE);
	CHECK_STR(wr(G, "fill", ~(uint64_t)0 - 1, "xy", 2), RAMFS_ENOSPACE);
	p9c_walk(G, 1, 2, "fill");
	struct p9_stat st = p9c_dontcare();
	st.length = (uint64_t)left + 1;
	EXPECT_ERR(G, p9c_wstat(G, 2, &st), RAMFS_ENOSPACE);
	p9c_clunk(G, 2);
	CHECK(is(G, "keep", "preciousx"));
	CONSISTENT();
	/* Nodes run out too: creates are refused until one is removed. */
	char name[16];
	int made = 0;
	for (int i = 0; i < 20; i++) {
		snprintf(name, sizeof name, "n%d", i);
		const char *err = mk(G, "", name, 0644);
		if (err) {
			CHECK_STR(err, RAMFS_ENOSPACE);
			break;
		}
		made++;
	}
	CHECK_EQ(made, 16 - 3);
	CHECK_EQ(ramfs_free_nodes(&fs), 0);
	CONSISTENT();
	/* Removing the big file gives its blocks back; writes work again. */
	p9c_walk(G, 1, 2, "fill");
	EXPECT(G, p9c_remove(G, 2), P9_RREMOVE);
	CHECK_EQ(ramfs_free_bytes(&fs), (uint64_t)(blocks - 1) * RAMFS_BLOCK);
	CHECK_OK(mk(G, "", "again", 0644));
	CHECK_OK(wr(G, "again", 0, buf, 3 * RAMFS_BLOCK));
	CHECK(is(G, "keep", "preciousx"));
	CONSISTENT();
}

TEST(ramfs_init_refuses_bad_arenas)
{
	static uint8_t small[64];
	struct ramfs f;
	CHECK_ERR(ramfs_init(&f, small, sizeof small, 1, "u"));
	CHECK_ERR(ramfs_init(&f, NULL, 4096, 1, "u"));
	static uint8_t ok[8192];
	CHECK_ERR(ramfs_init(&f, ok, sizeof ok, 0, "u"));
	CHECK_ERR(ramfs_init(&f, ok, sizeof ok, RAMFS_MAXNODES + 1, "u"));
	CHECK_OK(ramfs_init(&f, ok + 1, sizeof ok - 1, 4, "u")); /* misaligned: realigned */
	CHECK_OK(ramfs_check(&f));
	CHECK_ERR(ramfs_init(&f, ok, sizeof ok, 4, "a-user-name-much-too-long-for-the-table"));
}

/* ---- Model-based random test ---- */

#define M_NODES 12 /* model slots; the fs gets the same node count */
#define M_DATA 3000

struct mnode {
	bool used, dir;
	int parent;
	char name[8];
	size_t len;
	uint8_t data[M_DATA];
};

static struct mnode model[M_NODES];
static uint64_t rng = 88172645463325252ull;

static uint32_t rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % n);
}

static void mpath(int i, char *out, size_t cap)
{
	if (i == 0) {
		out[0] = 0;
		return;
	}
	char up[256];
	mpath(model[i].parent, up, sizeof up);
	snprintf(out, cap, "%s%s%s", up, up[0] ? "/" : "", model[i].name);
}

static int mchild(int dir, const char *name)
{
	for (int i = 1; i < M_NODES; i++)
		if (model[i].used && model[i].parent == dir && strcmp(model[i].name, name) == 0)
			return i;
	return -1;
}

static size_t mblocks(void)
{
	size_t b = 0;
	for (int i = 0; i < M_NODES; i++)
		if (model[i].used)
			b += (model[i].len + RAMFS_BLOCK - 1) / RAMFS_BLOCK;
	return b;
}

static int mrandom(bool want_dir)
{
	int cand[M_NODES], n = 0;
	for (int i = 0; i < M_NODES; i++)
		if (model[i].used && model[i].dir == want_dir)
			cand[n++] = i;
	return n ? cand[rnd((uint32_t)n)] : -1;
}

/* Compares every file's contents and every directory's membership with the model. */
static void mcompare(int step)
{
	static char buf[M_DATA + 16], path[256];
	for (int i = 0; i < M_NODES; i++) {
		if (!model[i].used)
			continue;
		mpath(i, path, sizeof path);
		if (!model[i].dir) {
			long n = rd(G, path, buf, sizeof buf);
			if (n != (long)model[i].len || memcmp(buf, model[i].data, model[i].len))
				test_fail(__FILE__, __LINE__, "step %d: %s differs (%ld bytes, model %zu)",
					  step, path, n, model[i].len);
			continue;
		}
		int kids = 0;
		for (int k = 1; k < M_NODES; k++)
			kids += model[k].used && model[k].parent == i;
		const char *list = ls(G, path, 4096);
		int words = list[0] ? 1 : 0;
		for (const char *p = list; *p; p++)
			words += *p == ' ';
		if (words != kids)
			test_fail(__FILE__, __LINE__, "step %d: /%s lists \"%s\", model has %d", step,
				  path, list, kids);
	}
	const char *err = ramfs_check(&fs);
	if (err)
		test_fail(__FILE__, __LINE__, "step %d: ramfs_check: %s", step, err);
}

TEST(ramfs_model_random)
{
	/* Few blocks, so "no space" is common; few slots, so they are reused. */
	size_t size = M_NODES * sizeof(struct ramfs_node) + 8 + 10 * (RAMFS_BLOCK + 4);
	boot(size, M_NODES);
	memset(model, 0, sizeof model);
	model[0].used = model[0].dir = true;
	static uint8_t data[M_DATA];
	static char path[256];
	static const char *const names[] = { "a", "b", "c", "dd" };
	unsigned made = 0, nospace = 0, removed = 0, notempty = 0, renamed = 0, writes = 0;
	for (int step = 0; step < 3000 && test_failures() == 0; step++) {
		uint32_t kind = rnd(7);
		if (kind == 0 || kind == 1) { /* create a file or a directory */
			int d = mrandom(true);
			const char *name = names[rnd(4)];
			bool dir = kind == 1;
			mpath(d, path, sizeof path);
			const char *err = mk(G, path, name, dir ? P9_DMDIR | 0755 : 0644);
			int free_slot = -1;
			for (int i = 1; i < M_NODES && free_slot < 0; i++)
				if (!model[i].used)
					free_slot = i;
			const char *want = mchild(d, name) >= 0 ? "file already exists"
					   : free_slot < 0	  ? RAMFS_ENOSPACE
								  : NULL;
			if ((err == NULL) != (want == NULL) || (err && strcmp(err, want)))
				test_fail(__FILE__, __LINE__, "step %d: create %s/%s: \"%s\", model \"%s\"",
					  step, path, name, err ? err : "ok", want ? want : "ok");
			made += !err;
			nospace += err && strcmp(err, RAMFS_ENOSPACE) == 0;
			if (!err && free_slot >= 0) {
				model[free_slot] = (struct mnode){ .used = true, .dir = dir, .parent = d };
				snprintf(model[free_slot].name, sizeof model[free_slot].name, "%s", name);
			}
		} else if (kind == 2) { /* write somewhere, sometimes past the end */
			int f = mrandom(false);
			if (f < 0)
				continue;
			uint32_t off = rnd(M_DATA / 2), n = 1 + rnd(M_DATA / 2 - 1);
			for (uint32_t k = 0; k < n; k++)
				data[k] = (uint8_t)rnd(256);
			mpath(f, path, sizeof path);
			size_t newlen = off + n > model[f].len ? off + n : model[f].len;
			size_t need = mblocks() - (model[f].len + RAMFS_BLOCK - 1) / RAMFS_BLOCK +
				      (newlen + RAMFS_BLOCK - 1) / RAMFS_BLOCK;
			const char *err = wr(G, path, off, data, n);
			bool fits = need <= fs.nblocks;
			if ((err == NULL) != fits)
				test_fail(__FILE__, __LINE__, "step %d: write %s @%u+%u: \"%s\", fits %d",
					  step, path, off, n, err ? err : "ok", fits);
			writes += !err;
			nospace += err != NULL;
			if (!err) {
				if (off > model[f].len)
					memset(model[f].data + model[f].len, 0, off - model[f].len);
				memcpy(model[f].data + off, data, n);
				model[f].len = newlen;
			}
		} else if (kind == 3) { /* truncate by wstat or OTRUNC */
			int f = mrandom(false);
			if (f < 0)
				continue;
			mpath(f, path, sizeof path);
			size_t len = rnd(2) ? 0 : rnd((uint32_t)model[f].len + 1);
			if (len == 0 && rnd(2)) {
				CHECK_OK(op(G, path, P9_OWRITE | P9_OTRUNC));
				p9c_clunk(G, 11);
			} else {
				p9c_walk(G, 1, 2, path);
				struct p9_stat st = p9c_dontcare();
				st.length = len;
				EXPECT(G, p9c_wstat(G, 2, &st), P9_RWSTAT);
				p9c_clunk(G, 2);
			}
			model[f].len = len;
		} else if (kind == 4) { /* remove anything but the root */
			int i = 1 + (int)rnd(M_NODES - 1);
			if (!model[i].used)
				continue;
			mpath(i, path, sizeof path);
			bool busy = false;
			for (int k = 1; k < M_NODES; k++)
				busy |= model[k].used && model[k].parent == i;
			p9c_walk(G, 1, 2, path);
			p9c_remove(G, 2);
			if (busy)
				expect_error(G, "directory not empty", __LINE__);
			else
				expect_type(G, P9_RREMOVE, __LINE__);
			if (!busy)
				model[i].used = false;
			removed += !busy;
			notempty += busy;
		} else if (kind == 5) { /* rename within the directory */
			int i = 1 + (int)rnd(M_NODES - 1);
			if (!model[i].used)
				continue;
			const char *name = names[rnd(4)];
			mpath(i, path, sizeof path);
			int other = mchild(model[i].parent, name);
			p9c_walk(G, 1, 2, path);
			struct p9_stat st = p9c_dontcare();
			st.name = p9_str(name);
			p9c_wstat(G, 2, &st);
			if (other >= 0 && other != i)
				expect_error(G, "file already exists", __LINE__);
			else
				expect_type(G, P9_RWSTAT, __LINE__);
			p9c_clunk(G, 2);
			if (other < 0) {
				snprintf(model[i].name, sizeof model[i].name, "%s", name);
				renamed++;
			}
		} else { /* a read at a random offset */
			int f = mrandom(false);
			if (f < 0)
				continue;
			mpath(f, path, sizeof path);
			uint32_t off = rnd(M_DATA), n = rnd(M_DATA);
			CHECK_OK(op(G, path, P9_OREAD));
			const struct p9_msg *r = p9c_read(G, 11, off, n);
			size_t want = off >= model[f].len ? 0 : model[f].len - off;
			if (want > n)
				want = n;
			CHECK_EQ(r->count, want);
			if (r->count == want && want)
				CHECK(memcmp(r->data, model[f].data + off, want) == 0);
			p9c_clunk(G, 11);
		}
		mcompare(step);
	}
	printf("  ramfs model: 3000 steps: %u creates, %u writes, %u refused for space, %u removes, "
	       "%u non-empty refusals, %u renames\n", made, writes, nospace, removed, notempty, renamed);
	/* Every fid the steps used is back: only the two attach fids remain. */
	size_t used = 0;
	for (int i = 0; i < NFIDS; i++)
		used += fidtab[0][i].used;
	CHECK_EQ(used, 1);
}
