/*
 * Unit tests of the library's process and file core (user/lib/libc_io.h): the argument block
 * (built, parsed, and hostile blocks), the environment table, path cleaning, open flags, fd
 * entries, the descriptor table, directory records with union merging, errno mapping, qsort.
 */
#include "test.h"

#include "../../user/lib/libc_io.h"

#include <err.h>
#include <ferrite/syscall.h>
#include <p9.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the argument block ---- */

TEST(args_build_then_parse_round_trip)
{
	char *argv[] = { "ls", "-l", "/tmp", NULL };
	char *env[] = { "user=glenda", "cwd=/tmp", "empty=" };
	char buf[128];
	long n = libc_args_build(buf, sizeof buf, argv, env, 3);
	CHECK_EQ(n, sizeof "ls\0-l\0/tmp\0\0user=glenda\0cwd=/tmp\0empty=");
	CHECK(memcmp(buf, "ls\0-l\0/tmp\0\0user=glenda\0cwd=/tmp\0empty=", (size_t)n) == 0);
	char *vec[16];
	struct libc_args a;
	CHECK_EQ(libc_args_parse(buf, (size_t)n, vec, 16, &a), 0);
	CHECK_EQ(a.argc, 3);
	CHECK_STR(a.argv[0], "ls");
	CHECK_STR(a.argv[2], "/tmp");
	CHECK(a.argv[3] == NULL);
	CHECK_EQ(a.nenv, 3);
	CHECK_STR(a.env[1], "cwd=/tmp");
	CHECK_STR(a.env[2], "empty=");
	CHECK(a.env[3] == NULL);
}

TEST(args_without_environment_has_no_separator)
{
	char *argv[] = { "echo", "hi", NULL };
	char buf[16];
	long n = libc_args_build(buf, sizeof buf, argv, NULL, 0);
	CHECK_EQ(n, 8);
	char *vec[8];
	struct libc_args a;
	CHECK_EQ(libc_args_parse(buf, (size_t)n, vec, 8, &a), 0);
	CHECK_EQ(a.argc, 2);
	CHECK_EQ(a.nenv, 0);
	CHECK(a.env[0] == NULL);
	/* The kernel's block for init: argv only, as the spec says. */
	char init[] = "init\0poweroff\0nstest";
	CHECK_EQ(libc_args_parse(init, sizeof init, vec, 8, &a), 0);
	CHECK_EQ(a.argc, 3);
	CHECK_STR(a.argv[2], "nstest");
}

TEST(args_build_refuses_what_it_cannot_say)
{
	char buf[32];
	char *empty[] = { "echo", "", NULL };
	CHECK_EQ(libc_args_build(buf, sizeof buf, empty, NULL, 0), -LIBC_EINVAL);
	char *argv[] = { "a", NULL };
	char *noeq[] = { "novalue" };
	CHECK_EQ(libc_args_build(buf, sizeof buf, argv, noeq, 1), -LIBC_EINVAL);
	char *noname[] = { "=x" };
	CHECK_EQ(libc_args_build(buf, sizeof buf, argv, noname, 1), -LIBC_EINVAL);
	/* Exactly full fits; one byte short is E2BIG, never a cut block. */
	char *big[] = { "0123456789", NULL };
	CHECK_EQ(libc_args_build(buf, 11, big, NULL, 0), 11);
	CHECK_EQ(libc_args_build(buf, 10, big, NULL, 0), -LIBC_E2BIG);
	char *e[] = { "a=b" };
	CHECK_EQ(libc_args_build(buf, 16, big, e, 1), 16);
	CHECK_EQ(libc_args_build(buf, 15, big, e, 1), -LIBC_E2BIG);
	CHECK_EQ(libc_args_build(buf, 11, big, e, 1), -LIBC_E2BIG); /* no room for the separator */
}

TEST(args_parse_refuses_hostile_blocks)
{
	char *vec[8];
	struct libc_args a;
	/* Empty: no arguments at all. */
	CHECK_EQ(libc_args_parse(NULL, 0, vec, 8, &a), 0);
	CHECK_EQ(a.argc, 0);
	CHECK(a.argv[0] == NULL && a.env[0] == NULL);
	/* No trailing NUL. */
	char unterminated[] = { 'l', 's' };
	CHECK_EQ(libc_args_parse(unterminated, 2, vec, 8, &a), LIBC_EINVAL);
	/* Environment strings without '=', with an empty name, empty, or given twice. */
	char noeq[] = "a\0\0novalue";
	CHECK_EQ(libc_args_parse(noeq, sizeof noeq, vec, 8, &a), LIBC_EINVAL);
	char noname[] = "a\0\0=v";
	CHECK_EQ(libc_args_parse(noname, sizeof noname, vec, 8, &a), LIBC_EINVAL);
	char emptyenv[] = "a\0\0x=1\0\0y=2";
	CHECK_EQ(libc_args_parse(emptyenv, sizeof emptyenv, vec, 8, &a), LIBC_EINVAL);
	char twice[] = "a\0\0x=1\0x=2";
	CHECK_EQ(libc_args_parse(twice, sizeof twice, vec, 8, &a), LIBC_EINVAL);
	/* A lone NUL: no argv, an empty environment. */
	char lone[] = "";
	CHECK_EQ(libc_args_parse(lone, 1, vec, 8, &a), 0);
	CHECK_EQ(a.argc, 0);
	CHECK_EQ(a.nenv, 0);
}

TEST(args_parse_counts_against_the_vector)
{
	/* 4096 one-letter arguments: far more than the vector holds. */
	static char block[8192];
	for (int i = 0; i < 4096; i++) {
		block[2 * i] = 'x';
		block[2 * i + 1] = '\0';
	}
	char *vec[64];
	struct libc_args a;
	CHECK_EQ(libc_args_parse(block, sizeof block, vec, 64, &a), LIBC_E2BIG);
	/* Exactly enough: n strings need n + 2 pointers (two NULLs). */
	CHECK_EQ(libc_args_parse(block, 2 * 62, vec, 64, &a), 0);
	CHECK_EQ(a.argc, 62);
	CHECK_EQ(libc_args_parse(block, 2 * 63, vec, 64, &a), LIBC_E2BIG);
	char mixed[] = "a\0b\0\0x=1\0y=2";
	CHECK_EQ(libc_args_parse(mixed, sizeof mixed, vec, 6, &a), 0);
	CHECK_EQ(libc_args_parse(mixed, sizeof mixed, vec, 5, &a), LIBC_E2BIG);
	CHECK_EQ(libc_args_parse(mixed, sizeof mixed, vec, 1, &a), LIBC_E2BIG);
}

/* ---- the environment ---- */

TEST(env_get_put_unset)
{
	char *init[] = { "user=glenda", "home=/tmp" };
	struct libc_env e;
	CHECK_EQ(libc_env_init(&e, init, 2), 0);
	CHECK_STR(libc_env_get(&e, "user"), "glenda");
	CHECK(libc_env_get(&e, "use") == NULL);
	CHECK(libc_env_get(&e, "users") == NULL);
	CHECK(libc_env_get(&e, "") == NULL);
	CHECK(libc_env_get(&e, "user=glenda") == NULL);
	char *drop;
	char *a = strdup("user=rob");
	CHECK_EQ(libc_env_put(&e, a, true, false, &drop), 0);
	CHECK(drop == a); /* not overwritten: the caller gets its string back */
	free(drop);
	CHECK_STR(libc_env_get(&e, "user"), "glenda");
	char *b = strdup("user=rob");
	CHECK_EQ(libc_env_put(&e, b, true, true, &drop), 0);
	CHECK(drop == NULL); /* the block's string is not the caller's to free */
	CHECK_STR(libc_env_get(&e, "user"), "rob");
	char *c = strdup("user=ken");
	CHECK_EQ(libc_env_put(&e, c, true, true, &drop), 0);
	CHECK(drop == b);
	free(drop);
	CHECK_EQ(e.n, 2);
	CHECK_EQ(libc_env_put(&e, "bad", false, true, &drop), LIBC_EINVAL);
	CHECK_EQ(libc_env_unset(&e, "user", &drop), 0);
	CHECK(drop == c);
	free(drop);
	CHECK(libc_env_get(&e, "user") == NULL);
	CHECK_STR(libc_env_get(&e, "home"), "/tmp");
	CHECK(e.ent[e.n] == NULL);
	CHECK_EQ(libc_env_unset(&e, "absent", &drop), 0);
	CHECK_EQ(libc_env_unset(&e, "a=b", &drop), LIBC_EINVAL);
}

TEST(env_table_limits)
{
	static char names[LIBC_ENV_MAX + 1][32];
	struct libc_env e;
	libc_env_init(&e, NULL, 0);
	char *drop;
	for (int i = 0; i < LIBC_ENV_MAX; i++) {
		snprintf(names[i], sizeof names[i], "v%d=%d", i, i);
		CHECK_EQ(libc_env_put(&e, names[i], false, true, &drop), 0);
	}
	snprintf(names[LIBC_ENV_MAX], 32, "over=1");
	CHECK_EQ(libc_env_put(&e, names[LIBC_ENV_MAX], false, true, &drop), LIBC_ENOMEM);
	CHECK_STR(libc_env_get(&e, "v63"), "63");
	char *many[LIBC_ENV_MAX + 1];
	CHECK_EQ(libc_env_init(&e, many, LIBC_ENV_MAX + 1), LIBC_E2BIG);
}

/* ---- paths ---- */

TEST(path_clean_cases)
{
	static const struct {
		const char *cwd, *in, *out;
	} cases[] = {
		{ "/", "/", "/" },
		{ "/", "a", "/a" },
		{ "/usr/glenda", "lib", "/usr/glenda/lib" },
		{ "/usr/glenda", "../rob", "/usr/rob" },
		{ "/usr/glenda", "/tmp/./x//y/", "/tmp/x/y" },
		{ "/a/b", "..", "/a" },
		{ "/a/b", "../..", "/" },
		{ "/a/b", "../../../..", "/" },
		{ "/", "/../..", "/" },
		{ "/", "..", "/" },
		{ "/x", ".", "/x" },
		{ "/", "//a///b", "/a/b" },
		{ "/", "a/../b/./c/..", "/b" },
		{ "/", "...", "/..." },
		{ "/", ".hidden/..x", "/.hidden/..x" },
		{ "//weird//cwd/", "f", "/weird/cwd/f" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char out[LIBC_PATH_MAX];
		CHECK_EQ(libc_path_clean(cases[i].cwd, cases[i].in, out, sizeof out), 0);
		CHECK_STR(out, cases[i].out);
	}
}

TEST(path_clean_errors)
{
	char out[8];
	CHECK_EQ(libc_path_clean("/", "", out, sizeof out), LIBC_ENOENT);
	CHECK_EQ(libc_path_clean("relative", "x", out, sizeof out), LIBC_EINVAL);
	CHECK_EQ(libc_path_clean("/", "/abcdef", out, sizeof out), 0); /* 7 bytes + NUL: fits */
	CHECK_STR(out, "/abcdef");
	CHECK_EQ(libc_path_clean("/", "/abcdefg", out, sizeof out), LIBC_ENAMETOOLONG);
	CHECK_EQ(libc_path_clean("/abc", "defg", out, sizeof out), LIBC_ENAMETOOLONG);
	CHECK_EQ(libc_path_clean("/abc", "../defg", out, sizeof out), 0);
	CHECK_STR(out, "/defg");
	CHECK_EQ(libc_path_clean("/", "/", out, 1), LIBC_ENAMETOOLONG);
	/* A long path of ".." that stays short is fine. */
	char many[600];
	for (int i = 0; i < 200; i++)
		memcpy(many + 3 * i, "../", 3);
	many[600 - 1] = '\0';
	char big[LIBC_PATH_MAX];
	CHECK_EQ(libc_path_clean("/a", many, big, sizeof big), 0);
	CHECK_STR(big, "/");
}

/* ---- open flags and fd entries ---- */

TEST(oflags_map_to_9p_modes)
{
	uint8_t m;
	CHECK_EQ(libc_oflags_p9(LIBC_O_RDONLY, &m), 0);
	CHECK_EQ(m, P9_OREAD);
	CHECK_EQ(libc_oflags_p9(LIBC_O_WRONLY | LIBC_O_TRUNC | LIBC_O_CREAT, &m), 0);
	CHECK_EQ(m, P9_OWRITE | P9_OTRUNC);
	CHECK_EQ(libc_oflags_p9(LIBC_O_RDWR | LIBC_O_APPEND, &m), 0);
	CHECK_EQ(m, P9_ORDWR);
	CHECK_EQ(libc_oflags_p9(LIBC_O_WRONLY | LIBC_O_CREAT | LIBC_O_EXCL, &m), 0);
	CHECK_EQ(libc_oflags_p9(LIBC_O_ACCMODE, &m), LIBC_EINVAL);
	CHECK_EQ(libc_oflags_p9(LIBC_O_WRONLY | LIBC_O_EXCL, &m), LIBC_EINVAL);
	CHECK_EQ(libc_oflags_p9(LIBC_O_RDONLY | LIBC_O_TRUNC, &m), LIBC_EINVAL);
	CHECK_EQ(libc_oflags_p9(LIBC_O_RDONLY | 0x8000, &m), LIBC_EINVAL);
	CHECK(libc_oflags_reads(LIBC_O_RDWR) && libc_oflags_writes(LIBC_O_RDWR));
	CHECK(!libc_oflags_reads(LIBC_O_WRONLY) && !libc_oflags_writes(LIBC_O_RDONLY));
}

TEST(fdspec_round_trip)
{
	struct libc_fdspec s = { .fd = 1, .kind = LIBC_FD_9P, .handle = 3, .flags = LIBC_O_WRONLY | LIBC_O_APPEND,
				 .fid = 1, .msize = 8216, .offset = 12345678901ull };
	strcpy(s.path, "/tmp/a,b c");
	char buf[LIBC_PATH_MAX + 64];
	long n = libc_fdspec_format(&s, buf, sizeof buf);
	CHECK(n > 0);
	CHECK_STR(buf, "fd.1=9p,3,1025,1,8216,12345678901,/tmp/a,b c");
	struct libc_fdspec t;
	CHECK_EQ(libc_fdspec_parse(buf, &t), 0);
	CHECK_EQ(t.fd, 1);
	CHECK_EQ(t.kind, LIBC_FD_9P);
	CHECK_EQ(t.handle, 3);
	CHECK_EQ(t.flags, LIBC_O_WRONLY | LIBC_O_APPEND);
	CHECK_EQ(t.fid, 1);
	CHECK_EQ(t.msize, 8216);
	CHECK_EQ(t.offset, 12345678901ull);
	CHECK_STR(t.path, "/tmp/a,b c");
	struct libc_fdspec p = { .fd = 0, .kind = LIBC_FD_PIPE, .handle = 7, .flags = LIBC_O_RDONLY };
	CHECK_EQ(libc_fdspec_format(&p, buf, sizeof buf), 13);
	CHECK_STR(buf, "fd.0=pipe,7,0");
	CHECK_EQ(libc_fdspec_parse(buf, &t), 0);
	CHECK_EQ(t.kind, LIBC_FD_PIPE);
	CHECK_EQ(t.handle, 7);
	CHECK_EQ(libc_fdspec_format(&p, buf, 13), -LIBC_E2BIG);
	struct libc_fdspec c = { .fd = 2, .kind = LIBC_FD_CONS, .flags = LIBC_O_WRONLY };
	CHECK_EQ(libc_fdspec_format(&c, buf, sizeof buf), 9);
	CHECK_STR(buf, "fd.2=cons");
	CHECK_EQ(libc_fdspec_parse(buf, &t), 0);
	CHECK_EQ(t.kind, LIBC_FD_CONS);
	CHECK_EQ(t.fd, 2);
	CHECK_EQ(t.flags, LIBC_O_WRONLY);
	struct libc_fdspec d = { .fd = 2, .kind = LIBC_FD_DUP, .of = 1 };
	CHECK_EQ(libc_fdspec_format(&d, buf, sizeof buf), 10);
	CHECK_STR(buf, "fd.2=dup,1");
	CHECK_EQ(libc_fdspec_parse(buf, &t), 0);
	CHECK_EQ(t.kind, LIBC_FD_DUP);
	CHECK_EQ(t.of, 1);
	d.of = 2;
	CHECK_EQ(libc_fdspec_format(&d, buf, sizeof buf), -LIBC_EINVAL);
	CHECK(libc_fdspec_is("fd.0=x") && !libc_fdspec_is("fdx") && !libc_fdspec_is("cwd=/"));
}

TEST(fdspec_refuses_malformed_entries)
{
	static const char *bad[] = {
		"fd.1=", "fd.=pipe,0,0", "fd.32=pipe,0,0", "fd.01=pipe,0,0", "fd.-1=pipe,0,0",
		"fd.1=pipe,8,0", "fd.1=pipe,0,2", "fd.1=pipe,0,3", "fd.1=pipe,0,64", "fd.1=pipe,0,0,",
		"fd.1=pipe,0", "fd.1=pipe,,0", "fd.1=pipe,+1,0", "fd.1=pip,0,0", "fd.1=pipe,0,00",
		"fd.1=9p,0,0,1,8216,0,", "fd.1=9p,0,0,1,8216,0,tmp", "fd.1=9p,0,0,1,8216,0,/tmp/",
		"fd.1=9p,0,0,1,8216,0,/tmp/../x", "fd.1=9p,0,0,1,8216,0,//x", "fd.1=9p,0,0,1,100,0,/x",
		"fd.1=9p,0,0,4294967295,8216,0,/x", "fd.1=9p,0,0,1,4294967296,0,/x",
		"fd.1=9p,0,0,1,8216,18446744073709551616,/x", "fd.1=9p,0,512,1,8216,0,/x",
		"fd.1=9p,0,0,1,8216,0", "fd.1=9p,0,0,1,8216,/x", "fd.1=9p,0,64,1,8216,0,/x",
		"fd.99999999999999999999=pipe,0,0", "fd.1=cons,", "fd.1=consx", "fd.1=con",
		"fd.0=dup,0", "fd.1=dup,1", "fd.2=dup,3", "fd.2=dup,", "fd.2=dup,01", "fd.2=dup,1,", "fd.1=9p,0,0,1,8216,0,/x\x01/./y", "x.1=pipe,0,0",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct libc_fdspec s;
		if (libc_fdspec_parse(bad[i], &s) != LIBC_EINVAL)
			test_fail(__FILE__, __LINE__, "accepted %s", bad[i]);
	}
	struct libc_fdspec s;
	CHECK_EQ(libc_fdspec_parse("fd.1=9p,0,0,1,8216,18446744073709551615,/", &s), 0);
	CHECK_EQ(s.offset, UINT64_MAX);
}

/* ---- the descriptor table ---- */

TEST(fdtab_install_dup_dup2_close)
{
	struct libc_fdtab t = { 0 };
	struct libc_file a = { 1 }, b = { 1 };
	struct libc_file *drop;
	CHECK_EQ(libc_fd_install(&t, &a, 0), 0);
	CHECK_EQ(libc_fd_install(&t, &b, 0), 1);
	CHECK_EQ(libc_fd_dup(&t, 0), 2);
	CHECK_EQ(a.refs, 2);
	CHECK(libc_fd_get(&t, 2) == &a);
	CHECK_EQ(libc_fd_dup(&t, 5), -LIBC_EBADF);
	/* dup2 onto b's only fd: b is handed back to be closed. */
	CHECK_EQ(libc_fd_dup2(&t, 0, 1, &drop), 1);
	CHECK(drop == &b);
	CHECK_EQ(a.refs, 3);
	/* dup2 to itself changes nothing. */
	CHECK_EQ(libc_fd_dup2(&t, 1, 1, &drop), 1);
	CHECK(drop == NULL);
	CHECK_EQ(a.refs, 3);
	CHECK_EQ(libc_fd_dup2(&t, 0, LIBC_FD_MAX, &drop), -LIBC_EBADF);
	CHECK_EQ(libc_fd_dup2(&t, 9, 3, &drop), -LIBC_EBADF);
	CHECK_EQ(libc_fd_close(&t, 0, &drop), 0);
	CHECK(drop == NULL);
	CHECK_EQ(libc_fd_close(&t, 0, &drop), -LIBC_EBADF);
	CHECK_EQ(libc_fd_close(&t, 1, &drop), 0);
	CHECK_EQ(libc_fd_close(&t, 2, &drop), 0);
	CHECK(drop == &a);
	CHECK_EQ(libc_fd_close(&t, -1, &drop), -LIBC_EBADF);
	/* Full table. */
	struct libc_file many[LIBC_FD_MAX];
	for (int i = 0; i < LIBC_FD_MAX; i++) {
		many[i].refs = 1;
		CHECK_EQ(libc_fd_install(&t, &many[i], 0), i);
	}
	CHECK_EQ(libc_fd_install(&t, &a, 0), -LIBC_EMFILE);
	CHECK_EQ(libc_fd_dup(&t, 3), -LIBC_EMFILE);
	CHECK_EQ(many[3].refs, 1);
	CHECK_EQ(libc_fd_install(&t, &a, LIBC_FD_MAX), -LIBC_EBADF);
	CHECK_EQ(libc_fd_close(&t, 7, &drop), 0);
	CHECK_EQ(libc_fd_install(&t, &a, 3), 7);
}

/* ---- directory records ---- */

static size_t put_entry(uint8_t *buf, size_t cap, const char *name, uint32_t mode, uint64_t len)
{
	struct p9_stat st = { 0 };
	st.mode = mode;
	st.length = len;
	st.name = p9_str(name);
	st.uid = st.gid = st.muid = p9_str("glenda");
	size_t n = 0;
	CHECK(p9_stat_encode(&st, buf, cap, &n) == NULL);
	return n;
}

TEST(dir_union_merge_first_member_wins)
{
	uint8_t m1[512], m2[512];
	size_t n1 = 0, n2 = 0;
	n1 += put_entry(m1 + n1, sizeof m1 - n1, "bin", P9_DMDIR | 0755, 0);
	n1 += put_entry(m1 + n1, sizeof m1 - n1, "hello", 0644, 16);
	n2 += put_entry(m2 + n2, sizeof m2 - n2, "hello", 0600, 99);
	n2 += put_entry(m2 + n2, sizeof m2 - n2, "world", 0644, 5);
	struct libc_dirlist l = { .grow = realloc };
	CHECK_EQ(libc_dir_add(&l, m1, n1), 0);
	CHECK_EQ(libc_dir_add(&l, m2, n2), 0);
	CHECK_EQ(l.n, 3);
	CHECK_STR(l.e[0].name, "bin");
	CHECK(l.e[0].mode & P9_DMDIR);
	CHECK_STR(l.e[1].name, "hello");
	CHECK_EQ(l.e[1].size, 16); /* the first member's */
	CHECK_EQ(l.e[1].mode, 0644);
	CHECK_STR(l.e[2].name, "world");
	free(l.e);
}

TEST(dir_records_bad_input)
{
	uint8_t buf[512];
	struct libc_dirlist l = { .grow = realloc };
	size_t n = put_entry(buf, sizeof buf, "ok", 0644, 1);
	/* A cut record: the first stays, the error is reported. */
	size_t m = n + put_entry(buf + n, sizeof buf - n, "cut", 0644, 1);
	CHECK_EQ(libc_dir_add(&l, buf, m - 1), LIBC_EIO);
	CHECK_EQ(l.n, 1);
	static const char *names[] = { "", ".", "..", "a/b" };
	for (size_t i = 0; i < 4; i++) {
		struct libc_dirlist k = { .grow = realloc };
		size_t len = put_entry(buf, sizeof buf, names[i], 0644, 1);
		CHECK_EQ(libc_dir_add(&k, buf, len), LIBC_EIO);
		CHECK_EQ(k.n, 0);
		free(k.e);
	}
	char longname[LIBC_NAME_MAX + 2];
	memset(longname, 'x', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	static uint8_t big[1024];
	struct libc_dirlist k = { .grow = realloc };
	CHECK_EQ(libc_dir_add(&k, big, put_entry(big, sizeof big, longname, 0644, 1)), LIBC_EIO);
	longname[LIBC_NAME_MAX] = '\0';
	CHECK_EQ(libc_dir_add(&k, big, put_entry(big, sizeof big, longname, 0644, 1)), 0);
	CHECK_EQ(strlen(k.e[0].name), LIBC_NAME_MAX);
	free(k.e);
	free(l.e);
	/* Many entries grow the list. */
	struct libc_dirlist g = { .grow = realloc };
	for (int i = 0; i < 100; i++) {
		char nm[16];
		snprintf(nm, sizeof nm, "f%d", i);
		CHECK_EQ(libc_dir_add(&g, buf, put_entry(buf, sizeof buf, nm, 0644, (uint64_t)i)), 0);
	}
	CHECK_EQ(g.n, 100);
	CHECK_EQ(g.e[99].size, 99);
	free(g.e);
}

static void *no_memory(void *p, size_t n)
{
	(void)p;
	(void)n;
	return NULL;
}

TEST(dir_records_out_of_memory)
{
	uint8_t buf[128];
	struct libc_dirlist l = { .grow = no_memory };
	CHECK_EQ(libc_dir_add(&l, buf, put_entry(buf, sizeof buf, "a", 0644, 1)), LIBC_ENOMEM);
	CHECK_EQ(l.n, 0);
	CHECK_EQ(libc_dir_add(&l, buf, 0), 0);
}

/* ---- errors and sorting ---- */

TEST(errno_mapping)
{
	CHECK_EQ(libc_errno_9p("file does not exist"), LIBC_ENOENT);
	CHECK_EQ(libc_errno_9p("permission denied"), LIBC_EACCES);
	CHECK_EQ(libc_errno_9p("file already exists"), LIBC_EEXIST);
	CHECK_EQ(libc_errno_9p("directory not empty"), LIBC_ENOTEMPTY);
	CHECK_EQ(libc_errno_9p("something new"), LIBC_EIO);
	CHECK_EQ(libc_errno_kernel(ERR_PEER_CLOSED), LIBC_EPIPE);
	CHECK_EQ(libc_errno_kernel(ERR_BADHANDLE), LIBC_EBADF);
	CHECK_EQ(libc_errno_kernel(ERR_NOENT), LIBC_ENOENT);
	CHECK_EQ(libc_errno_kernel(-999), LIBC_EIO);
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

TEST(qsort_sorts_random_arrays)
{
	srand(7);
	for (int round = 0; round < 50; round++) {
		int n = rand() % 300, v[300], w[300];
		for (int i = 0; i < n; i++)
			v[i] = w[i] = rand() % 50 - 25;
		libc_qsort(v, (size_t)n, sizeof v[0], cmp_int);
		for (int i = 1; i < n; i++)
			CHECK(v[i - 1] <= v[i]);
		/* Same multiset: the host's qsort agrees element by element. */
		qsort(w, (size_t)n, sizeof w[0], cmp_int);
		CHECK(memcmp(v, w, (size_t)n * sizeof v[0]) == 0);
		if (test_failures())
			return;
	}
}

/* ---- the commands' shared parts ---- */

TEST(mode_string)
{
	char m[11];
	libc_mode_string(P9_DMDIR | 0755, m);
	CHECK_STR(m, "drwxr-xr-x");
	libc_mode_string(0640, m);
	CHECK_STR(m, "-rw-r-----");
	libc_mode_string(0, m);
	CHECK_STR(m, "----------");
}

TEST(ns_flags_parse)
{
	unsigned f;
	char *a1[] = { "bind", "/a", "/b", NULL };
	CHECK_EQ(libc_ns_flags(3, a1, &f), 1);
	CHECK_EQ(f, NS_FLAG_REPLACE);
	char *a2[] = { "bind", "-bc", "/a", "/b", NULL };
	CHECK_EQ(libc_ns_flags(4, a2, &f), 2);
	CHECK_EQ(f, NS_FLAG_BEFORE | NS_FLAG_CREATE);
	char *a3[] = { "mount", "-a", "-c", "ramfs", "/n", NULL };
	CHECK_EQ(libc_ns_flags(5, a3, &f), 3);
	CHECK_EQ(f, NS_FLAG_AFTER | NS_FLAG_CREATE);
	char *a4[] = { "bind", "-ba", "/a", "/b", NULL };
	CHECK_EQ(libc_ns_flags(4, a4, &f), -1);
	char *a5[] = { "bind", "-x", "/a", "/b", NULL };
	CHECK_EQ(libc_ns_flags(4, a5, &f), -1);
	char *a6[] = { "bind", "-", "/a", NULL };
	CHECK_EQ(libc_ns_flags(3, a6, &f), -1);
	char *a7[] = { "bind", "--", "-odd", "/b", NULL };
	CHECK_EQ(libc_ns_flags(4, a7, &f), 2);
	CHECK_EQ(f, NS_FLAG_REPLACE);
}
