/* The password file: a good file read field by field, every kind of malformed line refused with
 * its line number and reason, absent users, right and wrong passwords (one character off, longer,
 * shorter, long passwords across the HMAC block size), lines written by tools/mkpasswd's code
 * (mkpasswd_line) verifying, and passwd_format_line's read-back guarantee. Iteration counts are
 * the minimum so the sanitizer build stays quick. */
#include "test.h"
#include <err.h>
#include <passwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mkpasswd_line.h"

/* 16-byte salt 00..0f, 1000 iterations, password "glenda"; the hash from Python's
 * hashlib.pbkdf2_hmac("sha256", b"glenda", bytes(range(16)), 1000). */
#define GLENDA_LINE                                                                           \
	"glenda:$pbkdf2-sha256$1000$000102030405060708090a0b0c0d0e0f$"                            \
	"52717b3b74095cbc90f73dd2c7c80742fcd3265f490a78ef92d68e17dd562668:1000:/usr/glenda:/bin/sh"

/* A line made by mkpasswd_line (tools/mkpasswd's code) at the minimum iteration count; the four
 * most recent results stay valid. */
static char *make_line(const char *name, const char *password, const char *salt_hex,
		       uint32_t uid)
{
	static char lines[4][PASSWD_LINE_MAX + 2];
	static int next;
	char *buf = lines[next++ % 4];
	char home[64];
	snprintf(home, sizeof home, "/usr/%s", name);
	struct mkpasswd_opts o = { name, password, strlen(password), salt_hex, PASSWD_ITER_MIN, uid,
				   home, "/bin/rc" };
	const char *why = mkpasswd_line(&o, NULL, buf, PASSWD_LINE_MAX + 2);
	if (why) {
		fprintf(stderr, "make_line %s: %s\n", name, why);
		abort();
	}
	return buf;
}

TEST(passwd_good_file_fields)
{
	char file[2048];
	snprintf(file, sizeof file,
		 "# users of this machine\n"
		 "\n"
		 GLENDA_LINE "\n"
		 "%s"
		 "# trailing comment\n"
		 "%s",
		 make_line("bootes", "sys", "1111111111111111111111111111111111111111", 0),
		 make_line("rob_p.2", "x", "22222222222222222222222222222222", PASSWD_UID_MAX));
	/* Without the last line's newline: allowed. */
	size_t len = strlen(file);
	CHECK(file[len - 1] == '\n');
	len--;

	struct passwd_error err = { 99, NULL };
	CHECK_EQ(passwd_validate(file, len, &err), 0);

	struct passwd_entry e;
	CHECK_EQ(passwd_lookup(file, len, "glenda", &e, &err), 0);
	CHECK_STR(e.name, "glenda");
	CHECK_EQ(e.iterations, 1000);
	CHECK_EQ(e.salt_len, 16);
	for (int i = 0; i < 16; i++)
		CHECK_EQ(e.salt[i], i);
	CHECK_EQ(e.hash[0], 0x52);
	CHECK_EQ(e.hash[31], 0x68);
	CHECK_EQ(e.uid, 1000);
	CHECK_STR(e.home, "/usr/glenda");
	CHECK_STR(e.shell, "/bin/sh");
	CHECK(passwd_check(&e, "glenda", 6));

	CHECK_EQ(passwd_lookup(file, len, "bootes", &e, &err), 0);
	CHECK_EQ(e.uid, 0);
	CHECK_EQ(e.salt_len, 20);
	CHECK_STR(e.shell, "/bin/rc");
	CHECK(passwd_check(&e, "sys", 3));
	CHECK(!passwd_check(&e, "glenda", 6));

	CHECK_EQ(passwd_lookup(file, len, "rob_p.2", &e, &err), 0);
	CHECK_EQ(e.uid, PASSWD_UID_MAX);
	CHECK(passwd_check(&e, "x", 1));
}

/* The fixed line's hash is what the library computes, i.e. it agrees with hashlib. */
TEST(passwd_hash_matches_second_implementation)
{
	struct passwd_entry e;
	CHECK_OK(passwd_parse_line(GLENDA_LINE, strlen(GLENDA_LINE), &e));
	uint8_t salt[16];
	for (int i = 0; i < 16; i++)
		salt[i] = (uint8_t)i;
	struct passwd_entry f = e;
	CHECK_OK(passwd_set_password(&f, "glenda", 6, salt, 16, 1000));
	CHECK(memcmp(f.hash, e.hash, 32) == 0);
}

struct bad_line {
	const char *line;
	const char *reason; /* a substring of the message */
};

#define SALT16 "000102030405060708090a0b0c0d0e0f"
#define HASH32 "52717b3b74095cbc90f73dd2c7c80742fcd3265f490a78ef92d68e17dd562668"
#define GOOD_HASH "$pbkdf2-sha256$1000$" SALT16 "$" HASH32

static const struct bad_line bad_lines[] = {
	/* field structure */
	{ "glenda", "not 5 fields" },
	{ "glenda:" GOOD_HASH ":1000:/usr/glenda", "not 5 fields" },
	{ "glenda:" GOOD_HASH ":1000:/usr/glenda:/bin/sh:extra", "not 5 fields" },
	{ "glenda:" GOOD_HASH "::1000:/usr/glenda:/bin/sh", "not 5 fields" },
	/* bytes */
	{ "glenda:" GOOD_HASH ":1000:/usr/glenda:/bin/sh\r", "carriage return" },
	{ "glenda:" GOOD_HASH ":1000:/usr/glenda:/bin/\tsh", "not printable ASCII" },
	{ "glenda:" GOOD_HASH ":1000:/usr/gl\xc3\xa9nda:/bin/sh", "not printable ASCII" },
	/* name */
	{ ":" GOOD_HASH ":1000:/usr/glenda:/bin/sh", "empty user name" },
	{ "abcdefghijabcdefghijabcdefghij12:" GOOD_HASH ":1000:/usr/glenda:/bin/sh",
	  "user name longer than 31" },
	{ "glen da:" GOOD_HASH ":1000:/usr/glenda:/bin/sh", "user name may hold only" },
	{ "glenda$:" GOOD_HASH ":1000:/usr/glenda:/bin/sh", "user name may hold only" },
	{ "-glenda:" GOOD_HASH ":1000:/usr/glenda:/bin/sh", "may not start with" },
	{ ".glenda:" GOOD_HASH ":1000:/usr/glenda:/bin/sh", "may not start with" },
	/* scheme */
	{ "glenda:x:1000:/usr/glenda:/bin/sh", "does not start with $pbkdf2-sha256$" },
	{ "glenda::1000:/usr/glenda:/bin/sh", "does not start with $pbkdf2-sha256$" },
	{ "glenda:$pbkdf2-sha512$1000$" SALT16 "$" HASH32 ":1000:/usr/glenda:/bin/sh",
	  "does not start with $pbkdf2-sha256$" },
	{ "glenda:$PBKDF2-SHA256$1000$" SALT16 "$" HASH32 ":1000:/usr/glenda:/bin/sh",
	  "does not start with" },
	{ "glenda:$pbkdf2-sha256$1000$" SALT16 ":1000:/usr/glenda:/bin/sh", "ITERATIONS$SALT$HASH" },
	{ "glenda:$pbkdf2-sha256$1000$" SALT16 "$" HASH32 "$:1000:/usr/glenda:/bin/sh",
	  "ITERATIONS$SALT$HASH" },
	/* iterations */
	{ "glenda:$pbkdf2-sha256$$" SALT16 "$" HASH32 ":1000:/usr/glenda:/bin/sh",
	  "iteration count is not a decimal number" },
	{ "glenda:$pbkdf2-sha256$-1000$" SALT16 "$" HASH32 ":1000:/usr/glenda:/bin/sh",
	  "iteration count is not a decimal number" },
	{ "glenda:$pbkdf2-sha256$+1000$" SALT16 "$" HASH32 ":1000:/usr/glenda:/bin/sh",
	  "iteration count is not a decimal number" },
	{ "glenda:$pbkdf2-sha256$1e4$" SALT16 "$" HASH32 ":1000:/usr/glenda:/bin/sh",
	  "iteration count is not a decimal number" },
	{ "glenda:$pbkdf2-sha256$01000$" SALT16 "$" HASH32 ":1000:/usr/glenda:/bin/sh",
	  "iteration count has a leading zero" },
	{ "glenda:$pbkdf2-sha256$999$" SALT16 "$" HASH32 ":1000:/usr/glenda:/bin/sh",
	  "iteration count below 1000" },
	{ "glenda:$pbkdf2-sha256$0$" SALT16 "$" HASH32 ":1000:/usr/glenda:/bin/sh",
	  "iteration count below 1000" },
	{ "glenda:$pbkdf2-sha256$10000001$" SALT16 "$" HASH32 ":1000:/usr/glenda:/bin/sh",
	  "iteration count above 10000000" },
	{ "glenda:$pbkdf2-sha256$99999999999999999999999$" SALT16 "$" HASH32
	  ":1000:/usr/glenda:/bin/sh",
	  "iteration count above 10000000" },
	/* salt */
	{ "glenda:$pbkdf2-sha256$1000$$" HASH32 ":1000:/usr/glenda:/bin/sh", "salt shorter than 16" },
	{ "glenda:$pbkdf2-sha256$1000$000102030405060708090a0b0c0d0e$" HASH32
	  ":1000:/usr/glenda:/bin/sh",
	  "salt shorter than 16" },
	{ "glenda:$pbkdf2-sha256$1000$" SALT16 SALT16 SALT16 SALT16 "00$" HASH32
	  ":1000:/usr/glenda:/bin/sh",
	  "salt longer than 64" },
	{ "glenda:$pbkdf2-sha256$1000$" SALT16 "0$" HASH32 ":1000:/usr/glenda:/bin/sh",
	  "even number of lowercase hex" },
	{ "glenda:$pbkdf2-sha256$1000$000102030405060708090A0B0C0D0E0F$" HASH32
	  ":1000:/usr/glenda:/bin/sh",
	  "even number of lowercase hex" },
	{ "glenda:$pbkdf2-sha256$1000$000102030405060708090g0b0c0d0e0f$" HASH32
	  ":1000:/usr/glenda:/bin/sh",
	  "even number of lowercase hex" },
	/* hash */
	{ "glenda:$pbkdf2-sha256$1000$" SALT16 "$:1000:/usr/glenda:/bin/sh", "hash is not 32 bytes" },
	{ "glenda:$pbkdf2-sha256$1000$" SALT16 "$" HASH32 "00:1000:/usr/glenda:/bin/sh",
	  "hash is not 32 bytes" },
	{ "glenda:$pbkdf2-sha256$1000$" SALT16
	  "$52717b3b74095cbc90f73dd2c7c80742fcd3265f490a78ef92d68e17dd56266:1000:/usr/glenda:/bin/sh",
	  "hash is not 32 bytes" },
	{ "glenda:$pbkdf2-sha256$1000$" SALT16
	  "$52717B3B74095CBC90F73DD2C7C80742FCD3265F490A78EF92D68E17DD562668:1000:/usr/glenda:/bin/sh",
	  "hash is not lowercase hex" },
	/* uid */
	{ "glenda:" GOOD_HASH "::/usr/glenda:/bin/sh", "uid is not a decimal number" },
	{ "glenda:" GOOD_HASH ":-1:/usr/glenda:/bin/sh", "uid is not a decimal number" },
	{ "glenda:" GOOD_HASH ":glenda:/usr/glenda:/bin/sh", "uid is not a decimal number" },
	{ "glenda:" GOOD_HASH ":00:/usr/glenda:/bin/sh", "uid has a leading zero" },
	{ "glenda:" GOOD_HASH ":2147483648:/usr/glenda:/bin/sh", "uid above 2147483647" },
	{ "glenda:" GOOD_HASH ":4294967296:/usr/glenda:/bin/sh", "uid above 2147483647" },
	/* home and shell */
	{ "glenda:" GOOD_HASH ":1000::/bin/sh", "home directory is not an absolute path" },
	{ "glenda:" GOOD_HASH ":1000:usr/glenda:/bin/sh", "home directory is not an absolute path" },
	{ "glenda:" GOOD_HASH ":1000:/usr/my glenda:/bin/sh", "home directory contains a space" },
	{ "glenda:" GOOD_HASH ":1000:/usr/glenda:", "shell is not an absolute path" },
	{ "glenda:" GOOD_HASH ":1000:/usr/glenda:sh", "shell is not an absolute path" },
	{ "glenda:" GOOD_HASH ":1000:/usr/glenda:/bin/sh -l", "shell contains a space" },
};

/* Each bad line sits on line 4 of a file whose other lines are fine; the file is refused for any
 * user, including the good one on line 1, with line 4 and the expected reason. */
TEST(passwd_malformed_lines_refused)
{
	unsigned refused = 0;
	size_t n = sizeof bad_lines / sizeof bad_lines[0];
	for (size_t i = 0; i < n; i++) {
		char file[4096];
		int len = snprintf(file, sizeof file, "%s# comment\n\n%s\n",
				   make_line("bootes", "sys", SALT16, 0), bad_lines[i].line);
		struct passwd_error err = { 0, NULL };
		struct passwd_entry e;
		int rc = passwd_lookup(file, (size_t)len, "bootes", &e, &err);
		if (rc != ERR_INVAL || err.line != 4 || !err.what ||
		    !strstr(err.what, bad_lines[i].reason)) {
			test_fail(__FILE__, __LINE__, "bad line %zu (%s): rc %d, line %u, \"%s\"", i,
				  bad_lines[i].line, rc, err.line, err.what ? err.what : "(none)");
			continue;
		}
		err.line = 0;
		CHECK_EQ(passwd_validate(file, (size_t)len, &err), ERR_INVAL);
		CHECK_EQ(err.line, 4);
		/* And alone, through the line parser. */
		CHECK_ERR(passwd_parse_line(bad_lines[i].line, strlen(bad_lines[i].line), &e));
		refused++;
	}
	printf("  passwd: %u/%zu malformed lines refused with line number and reason\n", refused, n);
}

/* Limits that are easier to build than to write out. */
TEST(passwd_limits)
{
	struct passwd_entry e;
	char line[PASSWD_LINE_MAX + 64];
	char path[PASSWD_PATH_MAX + 2];

	/* A path of exactly the maximum length is fine; one more byte is not. */
	memset(path, 'p', sizeof path);
	path[0] = '/';
	path[PASSWD_PATH_MAX] = 0;
	int n = snprintf(line, sizeof line, "g:%s:1:%s:/bin/sh", GOOD_HASH, path);
	CHECK_OK(passwd_parse_line(line, (size_t)n, &e));
	CHECK_EQ(strlen(e.home), PASSWD_PATH_MAX);
	path[PASSWD_PATH_MAX] = 'p';
	path[PASSWD_PATH_MAX + 1] = 0;
	n = snprintf(line, sizeof line, "g:%s:1:%s:/bin/sh", GOOD_HASH, path);
	CHECK_STR(passwd_parse_line(line, (size_t)n, &e), "home directory longer than 127 bytes");
	n = snprintf(line, sizeof line, "g:%s:1:/:%s", GOOD_HASH, path);
	CHECK_STR(passwd_parse_line(line, (size_t)n, &e), "shell longer than 127 bytes");

	/* 31-byte name, 64-byte salt, ten-million iterations, "0" uid: all at their bounds. */
	n = snprintf(line, sizeof line,
		     "abcdefghijabcdefghijabcdefghij1:$pbkdf2-sha256$10000000$%s%s%s%s$%s:0:/:/",
		     SALT16, SALT16, SALT16, SALT16, HASH32);
	CHECK_OK(passwd_parse_line(line, (size_t)n, &e));
	CHECK_EQ(e.salt_len, 64);
	CHECK_EQ(e.iterations, 10000000);
	CHECK_EQ(e.uid, 0);

	/* Longer than PASSWD_LINE_MAX, even as a comment. */
	char big[PASSWD_LINE_MAX + 3];
	memset(big, '#', sizeof big);
	struct passwd_error err;
	CHECK_EQ(passwd_validate(big, PASSWD_LINE_MAX, &err), 0);
	CHECK_EQ(passwd_validate(big, PASSWD_LINE_MAX + 1, &err), ERR_INVAL);
	CHECK_EQ(err.line, 1);
	CHECK(strstr(err.what, "longer than 512") != NULL);
	memset(big, 'x', sizeof big);
	CHECK_STR(passwd_parse_line(big, PASSWD_LINE_MAX + 1, &e), "line longer than 512 bytes");

	/* A control byte inside a comment, and a NUL anywhere, are refused too. */
	CHECK_EQ(passwd_validate("# a\x01 b\n", 7, &err), ERR_INVAL);
	CHECK_EQ(passwd_validate("#\0\n", 3, &err), ERR_INVAL);
	CHECK_EQ(err.line, 1);
}

TEST(passwd_duplicates_and_user_count)
{
	char file[8192];
	const char *a = make_line("glenda", "one", SALT16, 1);
	int n = snprintf(file, sizeof file, "%s%s%s", a, make_line("bootes", "two", SALT16, 2),
			 make_line("glenda", "three", SALT16, 3));
	struct passwd_error err;
	struct passwd_entry e;
	CHECK_EQ(passwd_lookup(file, (size_t)n, "glenda", &e, &err), ERR_INVAL);
	CHECK_EQ(err.line, 3);
	CHECK_STR(err.what, "user name already used on an earlier line");
	/* The duplicate makes the file bad for every user, not only the one named twice. */
	CHECK_EQ(passwd_lookup(file, (size_t)n, "bootes", &e, &err), ERR_INVAL);
	CHECK_EQ(passwd_validate(file, (size_t)n, &err), ERR_INVAL);

	/* Names are compared whole: "glend" and "glenda" are different users. */
	n = snprintf(file, sizeof file, "%s%s", a, make_line("glend", "x", SALT16, 2));
	CHECK_EQ(passwd_validate(file, (size_t)n, &err), 0);
	CHECK_EQ(passwd_lookup(file, (size_t)n, "glend", &e, &err), 0);
	CHECK_EQ(e.uid, 2);

	/* PASSWD_USERS_MAX users are fine; one more is refused on its line. */
	size_t line_len = strlen(a) + 4;
	char *big = malloc((PASSWD_USERS_MAX + 1) * line_len + 1), *p = big;
	const char *tail = strchr(a, ':');
	for (int u = 0; u <= PASSWD_USERS_MAX; u++)
		p += sprintf(p, "u%d%s", u, tail);
	size_t all = (size_t)(p - big);
	CHECK_EQ(passwd_validate(big, all, &err), ERR_INVAL);
	CHECK_EQ(err.line, PASSWD_USERS_MAX + 1);
	CHECK(strstr(err.what, "more than 256 users") != NULL);
	/* Drop the last line. */
	size_t keep = all;
	while (keep > 0 && big[keep - 1] == '\n')
		keep--;
	while (keep > 0 && big[keep - 1] != '\n')
		keep--;
	CHECK_EQ(passwd_validate(big, keep, &err), 0);
	CHECK_EQ(passwd_lookup(big, keep, "u255", &e, &err), 0);
	CHECK_EQ(passwd_lookup(big, keep, "u256", &e, &err), ERR_NOENT);
	free(big);
}

TEST(passwd_absent_user)
{
	const char *file = GLENDA_LINE "\n";
	struct passwd_error err = { 7, NULL };
	struct passwd_entry e;
	CHECK_EQ(passwd_lookup(file, strlen(file), "bootes", &e, &err), ERR_NOENT);
	CHECK_EQ(err.line, 0);
	CHECK_STR(err.what, "no such user");
	CHECK_EQ(passwd_lookup(file, strlen(file), "glend", &e, &err), ERR_NOENT);
	CHECK_EQ(passwd_lookup(file, strlen(file), "glendaa", &e, &err), ERR_NOENT);
	CHECK_EQ(passwd_lookup(file, strlen(file), "Glenda", &e, &err), ERR_NOENT);
	CHECK_EQ(passwd_lookup(file, strlen(file), "", &e, &err), ERR_NOENT);
	CHECK_EQ(passwd_lookup(file, strlen(file), "glenda:", &e, &err), ERR_NOENT);
	/* An empty file and a comment-only file have no users and are not malformed. */
	CHECK_EQ(passwd_lookup("", 0, "glenda", &e, &err), ERR_NOENT);
	CHECK_EQ(passwd_lookup("# none\n\n", 8, "glenda", &e, NULL), ERR_NOENT);
	/* A file cut off inside glenda's line is malformed, not "no such user". */
	CHECK_EQ(passwd_lookup(file, 40, "glenda", &e, &err), ERR_INVAL);
	CHECK_EQ(err.line, 1);
}

TEST(passwd_right_and_wrong_passwords)
{
	struct passwd_entry e;
	CHECK_EQ(passwd_lookup(GLENDA_LINE, strlen(GLENDA_LINE), "glenda", &e, NULL), 0);
	CHECK(passwd_check(&e, "glenda", 6));
	CHECK(!passwd_check(&e, "glend", 5));
	CHECK(!passwd_check(&e, "glendaa", 7));
	CHECK(!passwd_check(&e, "Glenda", 6));
	CHECK(!passwd_check(&e, "glenda\n", 7));
	/* HMAC pads a short key with zero bytes, so PBKDF2-HMAC cannot tell "glenda" from "glenda"
	 * plus trailing NULs (up to the 64-byte block). Harmless: knowing one is knowing the other,
	 * and mkpasswd's passwords (argv, environment) cannot hold NUL. Pinned here so a change in
	 * this behaviour is noticed. */
	CHECK(passwd_check(&e, "glenda\0", 7));
	CHECK(!passwd_check(&e, "\0glenda", 7));
	CHECK(!passwd_check(&e, "", 0));
	CHECK(!passwd_check(&e, "bootes", 6));
	/* One character different, at every position. */
	char pw[7];
	for (int i = 0; i < 6; i++) {
		memcpy(pw, "glenda", 7);
		pw[i] ^= 1;
		CHECK(!passwd_check(&e, pw, 6));
	}
	/* A tampered hash, salt or iteration count no longer matches. */
	struct passwd_entry t = e;
	t.hash[31] ^= 0x80;
	CHECK(!passwd_check(&t, "glenda", 6));
	t = e;
	t.salt[0] ^= 1;
	CHECK(!passwd_check(&t, "glenda", 6));
	t = e;
	t.iterations = 1001;
	CHECK(!passwd_check(&t, "glenda", 6));
	/* Entries outside the parser's limits are refused without deriving anything. */
	t = e;
	t.iterations = 0;
	CHECK(!passwd_check(&t, "glenda", 6));
	t = e;
	t.salt_len = 8;
	CHECK(!passwd_check(&t, "glenda", 6));
	t.salt_len = PASSWD_SALT_MAX + 1;
	CHECK(!passwd_check(&t, "glenda", 6));
}

/* Passwords at and around SHA-256's 64-byte block (where HMAC starts hashing the key), far longer,
 * and with every byte value including NUL: each verifies, and changing its last byte does not. */
TEST(passwd_long_passwords)
{
	static const size_t lens[] = { 63, 64, 65, 127, 128, 129, 1000, 4096 };
	static uint8_t pw[4096];
	for (size_t i = 0; i < sizeof pw; i++)
		pw[i] = (uint8_t)(i * 31 + 7);
	uint8_t salt[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
	for (size_t k = 0; k < sizeof lens / sizeof lens[0]; k++) {
		struct passwd_entry e = { .name = "long", .uid = 5, .home = "/", .shell = "/" };
		size_t n = lens[k];
		CHECK_OK(passwd_set_password(&e, pw, n, salt, sizeof salt, PASSWD_ITER_MIN));
		CHECK(passwd_check(&e, pw, n));
		CHECK(!passwd_check(&e, pw, n - 1));
		CHECK(!passwd_check(&e, pw, n + 1 <= sizeof pw ? n + 1 : n - 2));
		pw[n - 1] ^= 0x40;
		CHECK(!passwd_check(&e, pw, n));
		pw[n - 1] ^= 0x40;

		/* Through a formatted line and back. */
		char line[PASSWD_LINE_MAX + 2];
		size_t len;
		CHECK_OK(passwd_format_line(&e, line, sizeof line, &len));
		struct passwd_entry back;
		CHECK_EQ(passwd_lookup(line, len, "long", &back, NULL), 0);
		CHECK(passwd_check(&back, pw, n));
	}
	/* Two passwords longer than a block that share their first 64 bytes are different. */
	struct passwd_entry e = { .name = "x", .home = "/", .shell = "/" };
	CHECK_OK(passwd_set_password(&e, pw, 200, salt, sizeof salt, PASSWD_ITER_MIN));
	pw[150] ^= 1;
	CHECK(!passwd_check(&e, pw, 200));
	pw[150] ^= 1;
}

/* The code path of tools/mkpasswd: a fixed salt gives a known line (hash from hashlib, 10000
 * iterations as the build uses), a random salt gives a line that verifies; bad options are
 * refused with a reason. */
TEST(passwd_mkpasswd_lines_verify)
{
	char line[PASSWD_LINE_MAX + 2];
	struct mkpasswd_opts o = { "glenda", "glenda", 6, "000102030405060708090a0b0c0d0e0f", 10000,
				   1000, "/usr/glenda", "/bin/sh" };
	CHECK_OK(mkpasswd_line(&o, NULL, line, sizeof line));
	CHECK_STR(line, "glenda:$pbkdf2-sha256$10000$000102030405060708090a0b0c0d0e0f$"
			"5e1f0ce71e351bde80c8f4ff2febbc4cea3bc8872a4aa42cd2515bbec4a4a2bd"
			":1000:/usr/glenda:/bin/sh\n");
	struct passwd_entry e;
	CHECK_EQ(passwd_lookup(line, strlen(line), "glenda", &e, NULL), 0);
	CHECK(passwd_check(&e, "glenda", 6));
	CHECK(!passwd_check(&e, "glendb", 6));

	uint8_t random_salt[PASSWD_SALT_MIN] = { 0xde, 0xad, 0xbe, 0xef, 9, 8, 7, 6, 5, 4, 3, 2, 1 };
	o.salt_hex = NULL;
	o.iterations = PASSWD_ITER_MIN;
	o.password = "correct horse battery staple";
	o.password_len = strlen(o.password);
	CHECK_OK(mkpasswd_line(&o, random_salt, line, sizeof line));
	CHECK(strstr(line, "$deadbeef090807060504030201000000$") != NULL); /* all 16 bytes */
	CHECK_EQ(passwd_lookup(line, strlen(line), "glenda", &e, NULL), 0);
	CHECK(passwd_check(&e, o.password, o.password_len));
	CHECK(!passwd_check(&e, "correct horse battery stapl", o.password_len - 1));

	struct mkpasswd_opts bad = o;
	bad.salt_hex = "00";
	CHECK_ERR(mkpasswd_line(&bad, NULL, line, sizeof line));
	bad.salt_hex = "000102030405060708090A0B0C0D0E0F";
	CHECK_ERR(mkpasswd_line(&bad, NULL, line, sizeof line));
	bad.salt_hex = "000102030405060708090a0b0c0d0e0";
	CHECK_ERR(mkpasswd_line(&bad, NULL, line, sizeof line));
	bad = o;
	bad.iterations = 999;
	CHECK_STR(mkpasswd_line(&bad, random_salt, line, sizeof line), "iteration count below 1000");
	bad = o;
	bad.name = "a:b";
	CHECK_ERR(mkpasswd_line(&bad, random_salt, line, sizeof line));
	bad.name = "a b";
	CHECK_STR(mkpasswd_line(&bad, random_salt, line, sizeof line),
		  "user name may hold only letters, digits, '_', '-' and '.'");
	bad = o;
	bad.home = "home";
	CHECK_STR(mkpasswd_line(&bad, random_salt, line, sizeof line),
		  "home directory is not an absolute path");
	bad = o;
	bad.shell = "/bin:/sh";
	CHECK_ERR(mkpasswd_line(&bad, random_salt, line, sizeof line));
	/* A buffer too small for the line. */
	CHECK_ERR(mkpasswd_line(&o, random_salt, line, 40));
}

/* passwd_format_line refuses entries whose line would not parse back. */
TEST(passwd_format_refuses_bad_entries)
{
	struct passwd_entry e;
	CHECK_OK(passwd_parse_line(GLENDA_LINE, strlen(GLENDA_LINE), &e));
	char line[PASSWD_LINE_MAX + 2];
	size_t len = 0;
	CHECK_OK(passwd_format_line(&e, line, sizeof line, &len));
	CHECK_EQ(len, strlen(GLENDA_LINE) + 1);
	CHECK(memcmp(line, GLENDA_LINE "\n", len + 1) == 0);
	/* Exactly enough room (line, newline, NUL), and one byte less. */
	CHECK_OK(passwd_format_line(&e, line, len + 1, &len));
	CHECK_ERR(passwd_format_line(&e, line, len, &len));

	struct passwd_entry bad = e;
	strcpy(bad.name, "gl nda");
	CHECK_STR(passwd_format_line(&bad, line, sizeof line, &len),
		  "user name may hold only letters, digits, '_', '-' and '.'");
	bad = e;
	strcpy(bad.shell, "sh");
	CHECK_STR(passwd_format_line(&bad, line, sizeof line, &len), "shell is not an absolute path");
	bad = e;
	bad.iterations = 5;
	CHECK_STR(passwd_format_line(&bad, line, sizeof line, &len), "iteration count below 1000");
	bad = e;
	bad.salt_len = 4;
	CHECK_STR(passwd_format_line(&bad, line, sizeof line, &len), "salt shorter than 16 bytes");
	bad = e;
	bad.uid = PASSWD_UID_MAX + 1u;
	CHECK_STR(passwd_format_line(&bad, line, sizeof line, &len), "uid above 2147483647");
	bad = e;
	memset(bad.name, 'a', sizeof bad.name); /* unterminated */
	CHECK_ERR(passwd_format_line(&bad, line, sizeof line, &len));
}
