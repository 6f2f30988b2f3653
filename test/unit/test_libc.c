/*
 * The portable core of the user C library (user/lib/libc.h): the heap against a model under
 * random sequences, its merging, exhaustion, realloc and misuse detection; strtol and friends at
 * every edge, checked against the host's own strtol where C pins the answer; ctype against the
 * host's "C" locale; the string additions; the atexit table.
 */
#include "test.h"

#include "../../user/lib/libc.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- heap ---- */

/* An arena with guard bytes on both sides, so the sanitizer-free part of a write past the arena
 * is still caught: the guards must be intact after every test. */
struct arena {
	unsigned char mem[64 * 1024 + 64];
};

static void guard(struct arena *a, size_t size)
{
	memset(a->mem, 0xa5, 16);
	memset(a->mem + 16 + size, 0xa5, sizeof a->mem - 16 - size);
}

static bool guard_ok(const struct arena *a, size_t size)
{
	for (size_t i = 0; i < 16; i++)
		if (a->mem[i] != 0xa5)
			return false;
	for (size_t i = 16 + size; i < sizeof a->mem; i++)
		if (a->mem[i] != 0xa5)
			return false;
	return true;
}

static struct heap heap_over(struct arena *a, size_t size)
{
	struct heap h;
	guard(a, size);
	CHECK_EQ(heap_init(&h, a->mem + 16, size), 0);
	CHECK(heap_check(&h) == NULL);
	return h;
}

TEST(heap_init_refuses_tiny_and_misaligned_arenas_are_aligned)
{
	static struct arena a;
	struct heap h;
	CHECK_EQ(heap_init(&h, a.mem, 16), LIBC_EINVAL);
	CHECK_EQ(heap_init(&h, NULL, 4096), LIBC_EINVAL);
	CHECK_EQ(heap_init(&h, a.mem + 3, 4096), 0);
	CHECK_EQ((uintptr_t)h.base % HEAP_ALIGN, 0);
	CHECK(h.size <= 4096 - 13);
	int e;
	void *p = heap_alloc(&h, 10, &e);
	CHECK(p != NULL);
	CHECK_EQ((uintptr_t)p % HEAP_ALIGN, 0);
	CHECK(heap_check(&h) == NULL);
}

TEST(heap_exhaustion_fails_cleanly_and_recovers)
{
	static struct arena a;
	struct heap h = heap_over(&a, 4096);
	void *blocks[300];
	int n = 0, e = 0;
	while (n < 300 && (blocks[n] = heap_alloc(&h, 24, &e)) != NULL)
		n++;
	CHECK(n > 50 && n < 300);
	CHECK_EQ(e, LIBC_ENOMEM);
	CHECK(heap_alloc(&h, 1, &e) == NULL);
	CHECK_EQ(e, LIBC_ENOMEM);
	CHECK(heap_alloc(&h, SIZE_MAX, &e) == NULL);
	CHECK_EQ(e, LIBC_ENOMEM);
	CHECK(heap_check(&h) == NULL);
	for (int i = 0; i < n; i++)
		CHECK_EQ(heap_free(&h, blocks[i]), 0);
	CHECK(heap_check(&h) == NULL);
	CHECK_EQ(h.in_use, 0);
	/* Everything merged back into one block: the largest request is the whole arena less a header. */
	CHECK_EQ(heap_largest_free(&h), h.size - 16);
	CHECK(heap_alloc(&h, h.size - 16, &e) != NULL);
	CHECK(guard_ok(&a, 4096));
}

TEST(heap_free_merges_with_both_neighbours)
{
	static struct arena a;
	struct heap h = heap_over(&a, 4096);
	int e;
	void *x = heap_alloc(&h, 100, &e), *y = heap_alloc(&h, 100, &e), *z = heap_alloc(&h, 100, &e);
	void *w = heap_alloc(&h, 100, &e); /* keeps z from merging with the arena's tail */
	CHECK(x && y && z && w);
	CHECK_EQ(heap_free(&h, x), 0);
	CHECK_EQ(heap_free(&h, z), 0);
	CHECK(heap_check(&h) == NULL);
	size_t before = heap_largest_free(&h);
	/* Freeing y joins x, y and z into one block: a request for all three now fits there. */
	CHECK_EQ(heap_free(&h, y), 0);
	CHECK(heap_check(&h) == NULL);
	CHECK(heap_largest_free(&h) >= before);
	void *big = heap_alloc(&h, 3 * 112 + 2 * 16 - 16, &e);
	CHECK(big == x);
	CHECK(heap_check(&h) == NULL);
}

TEST(heap_double_free_and_stray_pointers_are_reported)
{
	static struct arena a;
	struct heap h = heap_over(&a, 4096);
	int e;
	unsigned char *x = heap_alloc(&h, 64, &e), *y = heap_alloc(&h, 64, &e);
	CHECK_EQ(heap_free(&h, y), 0);
	CHECK_EQ(heap_free(&h, y), LIBC_EINVAL); /* merged with the tail, still caught */
	CHECK_EQ(heap_free(&h, x + 16), LIBC_EFAULT); /* inside a block */
	CHECK_EQ(heap_free(&h, x + 1), LIBC_EFAULT);  /* misaligned */
	CHECK_EQ(heap_free(&h, a.mem), LIBC_EFAULT);  /* before the arena */
	int local;
	CHECK_EQ(heap_free(&h, &local), LIBC_EFAULT);
	CHECK(heap_realloc(&h, y, 10, &e) == NULL);
	CHECK_EQ(e, LIBC_EINVAL);
	CHECK_EQ(heap_free(&h, NULL), 0);
	/* A header overwritten by an underrun of the block before is refused, not trusted. */
	x[-3] ^= 0x40;
	CHECK_EQ(heap_free(&h, x), LIBC_EFAULT);
	CHECK(heap_check(&h) != NULL);
	x[-3] ^= 0x40;
	CHECK_EQ(heap_free(&h, x), 0);
	CHECK_EQ(heap_free(&h, x), LIBC_EINVAL);
	CHECK(heap_check(&h) == NULL);
	CHECK_EQ(heap_usable(&h, x), 0);
}

TEST(heap_double_free_is_caught_after_merging_into_the_block_before)
{
	static struct arena a;
	struct heap h = heap_over(&a, 4096);
	int e;
	void *x = heap_alloc(&h, 64, &e), *y = heap_alloc(&h, 64, &e), *z = heap_alloc(&h, 64, &e);
	CHECK(z != NULL);
	CHECK_EQ(heap_free(&h, x), 0);
	CHECK_EQ(heap_free(&h, y), 0); /* y's header is now inside x's free block */
	CHECK_EQ(heap_free(&h, y), LIBC_EINVAL);
	CHECK(heap_check(&h) == NULL);
}

TEST(heap_realloc_grows_and_shrinks_keeping_contents)
{
	static struct arena a;
	struct heap h = heap_over(&a, 8192);
	int e;
	unsigned char *p = heap_alloc(&h, 40, &e);
	for (int i = 0; i < 40; i++)
		p[i] = (unsigned char)i;
	/* Grows in place: the rest of the arena is free right after it. */
	unsigned char *q = heap_realloc(&h, p, 400, &e);
	CHECK(q == p);
	CHECK(heap_usable(&h, q) >= 400);
	for (int i = 40; i < 400; i++)
		q[i] = (unsigned char)i;
	CHECK(heap_check(&h) == NULL);
	/* Blocked by a neighbour: moves, keeping all 400 bytes. */
	void *wall = heap_alloc(&h, 16, &e);
	CHECK(wall != NULL);
	unsigned char *r = heap_realloc(&h, q, 2000, &e);
	CHECK(r != NULL && r != q);
	for (int i = 0; i < 400; i++)
		if (r[i] != (unsigned char)i) {
			CHECK_EQ(r[i], (unsigned char)i);
			break;
		}
	CHECK(heap_check(&h) == NULL);
	/* Shrinks in place, giving the tail back. */
	size_t used = h.in_use;
	unsigned char *s = heap_realloc(&h, r, 10, &e);
	CHECK(s == r);
	CHECK(h.in_use < used);
	for (int i = 0; i < 10; i++)
		CHECK_EQ(s[i], (unsigned char)i);
	/* realloc to 0 keeps a minimum block; realloc(NULL) allocates. */
	CHECK(heap_realloc(&h, s, 0, &e) == s);
	CHECK(heap_realloc(&h, NULL, 8, &e) != NULL);
	/* Too big: NULL, ENOMEM, and the block is still there with its contents. */
	CHECK(heap_realloc(&h, s, 1u << 20, &e) == NULL);
	CHECK_EQ(e, LIBC_ENOMEM);
	CHECK(heap_usable(&h, s) > 0);
	CHECK_EQ(s[5], 5);
	CHECK(heap_check(&h) == NULL);
	CHECK(guard_ok(&a, 8192));
}

TEST(heap_calloc_zeroes_and_catches_overflow)
{
	static struct arena a;
	struct heap h = heap_over(&a, 4096);
	int e;
	unsigned char *p = heap_alloc(&h, 256, &e);
	memset(p, 0xff, 256);
	heap_free(&h, p);
	unsigned char *q = heap_calloc(&h, 16, 16, &e);
	CHECK(q != NULL);
	for (int i = 0; i < 256; i++)
		if (q[i]) {
			CHECK_EQ(q[i], 0);
			break;
		}
	CHECK(heap_calloc(&h, SIZE_MAX / 2, 4, &e) == NULL);
	CHECK_EQ(e, LIBC_ENOMEM);
	CHECK(heap_calloc(&h, 0, 4, &e) != NULL);
}

/* A small deterministic generator, so a failure replays exactly. */
static uint32_t rng_next(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* The model: each live block's size and the byte pattern it must still hold. */
struct live {
	unsigned char *p;
	size_t n;
	unsigned char fill;
};

static bool holds(const struct live *l)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->p[i] != (unsigned char)(l->fill + i))
			return false;
	return true;
}

static void fill(struct live *l)
{
	for (size_t i = 0; i < l->n; i++)
		l->p[i] = (unsigned char)(l->fill + i);
}

TEST(heap_random_sequences_match_a_model)
{
	static struct arena a;
	enum { SLOTS = 64 };
	for (uint32_t seed = 1; seed <= 40 && !test_failures(); seed++) {
		uint32_t s = seed * 2654435761u;
		size_t size = 2048 + rng_next(&s) % (sizeof a.mem - 64 - 2048);
		struct heap h = heap_over(&a, size);
		struct live live[SLOTS] = { 0 };
		for (int step = 0; step < 3000 && !test_failures(); step++) {
			struct live *l = &live[rng_next(&s) % SLOTS];
			uint32_t op = rng_next(&s) % 10;
			/* Mostly small, sometimes large requests, so exhaustion happens too. */
			size_t n = rng_next(&s) % 8 ? rng_next(&s) % 200 : rng_next(&s) % 6000;
			int e = 0;
			if (!l->p && op < 6) {
				l->p = op < 5 ? heap_alloc(&h, n, &e) : heap_calloc(&h, n, 1, &e);
				if (!l->p) {
					CHECK_EQ(e, LIBC_ENOMEM);
					CHECK(heap_largest_free(&h) < n);
					continue;
				}
				CHECK(heap_usable(&h, l->p) >= n);
				CHECK_EQ((uintptr_t)l->p % HEAP_ALIGN, 0);
				if (op == 5)
					for (size_t i = 0; i < n; i++)
						CHECK_EQ(l->p[i], 0);
				l->n = n;
				l->fill = (unsigned char)rng_next(&s);
				fill(l);
			} else if (l->p && op < 7) {
				unsigned char *q = heap_realloc(&h, l->p, n, &e);
				if (!q) {
					CHECK_EQ(e, LIBC_ENOMEM);
					CHECK(holds(l));
					continue;
				}
				struct live moved = { q, l->n < n ? l->n : n, l->fill };
				CHECK(holds(&moved));
				*l = (struct live){ q, n, (unsigned char)(l->fill + 7) };
				fill(l);
			} else if (l->p) {
				CHECK(holds(l));
				CHECK_EQ(heap_free(&h, l->p), 0);
				CHECK_EQ(heap_free(&h, l->p), LIBC_EINVAL);
				*l = (struct live){ 0 };
			}
			const char *why = heap_check(&h);
			if (why) {
				test_fail(__FILE__, __LINE__, "seed %u step %d: %s", seed, step, why);
				break;
			}
		}
		/* Every block still holds its bytes; freeing them all leaves one free block. */
		for (int i = 0; i < SLOTS; i++)
			if (live[i].p) {
				CHECK(holds(&live[i]));
				CHECK_EQ(heap_free(&h, live[i].p), 0);
			}
		CHECK(heap_check(&h) == NULL);
		CHECK_EQ(h.in_use, 0);
		CHECK_EQ(heap_largest_free(&h), h.size - 16);
		CHECK(guard_ok(&a, size));
	}
}

/* ---- strtol ---- */

struct num_case {
	const char *in;
	int base;
	long long value;
	int err;
	int used; /* characters consumed; -1 for all */
};

TEST(strtoll_edges)
{
	static const struct num_case cases[] = {
		{ "0", 10, 0, 0, -1 },
		{ "  \t\n42", 10, 42, 0, -1 },
		{ "-42", 10, -42, 0, -1 },
		{ "+42", 10, 42, 0, -1 },
		{ "42abc", 10, 42, 0, 2 },
		{ "", 10, 0, LIBC_EINVAL, 0 },
		{ "   ", 10, 0, LIBC_EINVAL, 0 },
		{ "-", 10, 0, LIBC_EINVAL, 0 },
		{ "+-1", 10, 0, LIBC_EINVAL, 0 },
		{ "abc", 10, 0, LIBC_EINVAL, 0 },
		{ "0x1F", 0, 31, 0, -1 },
		{ "0X1f", 16, 31, 0, -1 },
		{ "1f", 16, 31, 0, -1 },
		{ "0x", 16, 0, 0, 1 },  /* "0" then "x": no hex digit after the prefix */
		{ "0xg", 0, 0, 0, 1 },
		{ "017", 0, 15, 0, -1 },
		{ "089", 0, 0, 0, 1 },   /* octal stops at 8 */
		{ "017", 10, 17, 0, -1 },
		{ "z", 36, 35, 0, -1 },
		{ "Zz", 36, 35 * 36 + 35, 0, -1 },
		{ "101", 2, 5, 0, -1 },
		{ "102", 2, 2, 0, 2 },
		{ "9223372036854775807", 10, LLONG_MAX, 0, -1 },
		{ "9223372036854775808", 10, LLONG_MAX, LIBC_ERANGE, -1 },
		{ "99999999999999999999999", 10, LLONG_MAX, LIBC_ERANGE, -1 },
		{ "-9223372036854775808", 10, LLONG_MIN, 0, -1 },
		{ "-9223372036854775809", 10, LLONG_MIN, LIBC_ERANGE, -1 },
		{ "-99999999999999999999999x", 10, LLONG_MIN, LIBC_ERANGE, 24 },
		{ "7fffffffffffffff", 16, LLONG_MAX, 0, -1 },
		{ "1", 1, 0, LIBC_EINVAL, 0 },
		{ "1", 37, 0, LIBC_EINVAL, 0 },
		{ "1", -1, 0, LIBC_EINVAL, 0 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct num_case *c = &cases[i];
		char *end = NULL;
		int e = -1;
		long long v = libc_strtoll(c->in, &end, c->base, &e);
		size_t used = c->used < 0 ? strlen(c->in) : (size_t)c->used;
		if (v != c->value || e != c->err || end != c->in + used)
			test_fail(__FILE__, __LINE__,
				  "strtoll(\"%s\", %d): %lld err %d used %td; want %lld err %d used %zu",
				  c->in, c->base, v, e, end - c->in, c->value, c->err, used);
		/* Where C fixes the answer, the host agrees (its errno for no digits varies). */
		if (c->base != 1 && c->base <= 36 && c->base >= 0) {
			char *hend;
			errno = 0;
			long long hv = strtoll(c->in, &hend, c->base);
			CHECK_EQ(hv, v);
			CHECK(hend == end);
			if (c->err == LIBC_ERANGE)
				CHECK_EQ(errno, ERANGE);
		}
	}
	/* end may be NULL. */
	int e;
	CHECK_EQ(libc_strtoll("12", NULL, 10, &e), 12);
}

TEST(strtoull_and_strtoul_wrap_negatives_and_clamp)
{
	int e;
	char *end;
	CHECK_EQ(libc_strtoull("18446744073709551615", &end, 10, &e), ULLONG_MAX);
	CHECK_EQ(e, 0);
	CHECK_EQ(libc_strtoull("18446744073709551616", &end, 10, &e), ULLONG_MAX);
	CHECK_EQ(e, LIBC_ERANGE);
	CHECK_EQ(libc_strtoull("-1", &end, 10, &e), ULLONG_MAX);
	CHECK_EQ(e, 0);
	CHECK_EQ(libc_strtoull("-18446744073709551616", &end, 10, &e), ULLONG_MAX);
	CHECK_EQ(e, LIBC_ERANGE);
	CHECK_EQ(libc_strtoul("-1", &end, 10, &e), ULONG_MAX);
	CHECK_EQ(e, 0);
	CHECK_EQ(libc_strtoul("0x", &end, 0, &e), 0);
	CHECK_EQ(end[0], 'x');
	const char *big = sizeof(long) == 8 ? "18446744073709551616" : "4294967296";
	CHECK_EQ(libc_strtoul(big, &end, 10, &e), ULONG_MAX);
	CHECK_EQ(e, LIBC_ERANGE);
	CHECK_EQ(libc_strtoul("", &end, 10, &e), 0);
	CHECK_EQ(e, LIBC_EINVAL);
}

TEST(strtol_clamps_to_long)
{
	int e;
	char buf[64];
	snprintf(buf, sizeof buf, "%ld", LONG_MAX);
	CHECK_EQ(libc_strtol(buf, NULL, 10, &e), LONG_MAX);
	CHECK_EQ(e, 0);
	snprintf(buf, sizeof buf, "%ld0", LONG_MAX);
	CHECK_EQ(libc_strtol(buf, NULL, 10, &e), LONG_MAX);
	CHECK_EQ(e, LIBC_ERANGE);
	snprintf(buf, sizeof buf, "%ld", LONG_MIN);
	CHECK_EQ(libc_strtol(buf, NULL, 10, &e), LONG_MIN);
	CHECK_EQ(e, 0);
	snprintf(buf, sizeof buf, "%ld0", LONG_MIN);
	CHECK_EQ(libc_strtol(buf, NULL, 10, &e), LONG_MIN);
	CHECK_EQ(e, LIBC_ERANGE);
}

/* ---- ctype ---- */

TEST(ctype_matches_the_c_locale_and_tolerates_any_int)
{
	static int (*const ours[])(int) = { libc_isalpha, libc_isdigit, libc_isalnum, libc_isxdigit,
					    libc_islower, libc_isupper, libc_isspace, libc_isblank,
					    libc_iscntrl, libc_isprint, libc_isgraph, libc_ispunct };
	static int (*const host[])(int) = { isalpha, isdigit, isalnum, isxdigit, islower, isupper,
					    isspace, isblank, iscntrl, isprint, isgraph, ispunct };
	for (size_t f = 0; f < sizeof ours / sizeof ours[0]; f++) {
		for (int c = -1; c < 256; c++)
			if (!ours[f](c) != !host[f](c)) {
				test_fail(__FILE__, __LINE__, "class %zu disagrees at %d", f, c);
				break;
			}
		CHECK_EQ(ours[f](-2), 0);
		CHECK_EQ(ours[f](256), 0);
		CHECK_EQ(ours[f](INT_MIN), 0);
		CHECK_EQ(ours[f](INT_MAX), 0);
	}
	for (int c = -1; c < 256; c++) {
		CHECK_EQ(libc_tolower(c), tolower(c));
		CHECK_EQ(libc_toupper(c), toupper(c));
	}
	CHECK_EQ(libc_tolower(-200), -200);
	CHECK_EQ(libc_toupper(1000), 1000);
}

/* ---- strings ---- */

TEST(string_search_functions)
{
	const char *s = "hello, world";
	CHECK(libc_strchr(s, 'o') == s + 4);
	CHECK(libc_strrchr(s, 'o') == s + 8);
	CHECK(libc_strchr(s, 'z') == NULL);
	CHECK(libc_strrchr(s, 'z') == NULL);
	CHECK(libc_strchr(s, '\0') == s + strlen(s));
	CHECK(libc_strrchr(s, '\0') == s + strlen(s));
	CHECK(libc_strchr(s, 'h' + 256) == s); /* converted to char, as C says */
	const char hi[] = { 'a', (char)0xe9, 0 };
	CHECK(libc_strchr(hi, 0xe9) == hi + 1);
	CHECK(libc_strstr(s, "world") == s + 7);
	CHECK(libc_strstr(s, "") == s);
	CHECK(libc_strstr(s, "worlds") == NULL);
	CHECK(libc_strstr("aaab", "aab") != NULL);
	CHECK(libc_strstr("", "a") == NULL);
	CHECK_EQ(libc_strspn("abcabcx", "abc"), 6);
	CHECK_EQ(libc_strspn("x", ""), 0);
	CHECK_EQ(libc_strcspn("abc;def", ";|"), 3);
	CHECK_EQ(libc_strcspn("abc", ""), 3);
	CHECK_STR(libc_strpbrk("a|b;c", ";|"), "|b;c");
	CHECK(libc_strpbrk("abc", "xyz") == NULL);
}

TEST(strlcat_bounds_and_reports_truncation)
{
	char buf[8] = "abc";
	CHECK_EQ(libc_strlcat(buf, "de", sizeof buf), 5);
	CHECK_STR(buf, "abcde");
	CHECK_EQ(libc_strlcat(buf, "fghij", sizeof buf), 10);
	CHECK_STR(buf, "abcdefg");
	/* No NUL within size: nothing is written, the length says so. */
	char full[4] = { 'w', 'x', 'y', 'z' };
	CHECK_EQ(libc_strlcat(full, "ab", sizeof full), 6);
	CHECK_EQ(full[3], 'z');
	char one[1] = "";
	CHECK_EQ(libc_strlcat(one, "abc", 1), 3);
	CHECK_EQ(one[0], 0);
}

TEST(strerror_names_every_errno_value)
{
	static const int codes[] = { LIBC_EPERM, LIBC_ENOENT, LIBC_EIO, LIBC_EBADF, LIBC_ENOMEM,
				     LIBC_EACCES, LIBC_EFAULT, LIBC_EEXIST, LIBC_EINVAL, LIBC_ENOSPC,
				     LIBC_EDOM, LIBC_ERANGE, LIBC_ENAMETOOLONG, LIBC_ENOSYS,
				     LIBC_EOVERFLOW, LIBC_EILSEQ, LIBC_ENOTSUP, LIBC_ESRCH,
				     LIBC_E2BIG, LIBC_ECHILD, LIBC_ENOTDIR, LIBC_EISDIR,
				     LIBC_EMFILE, LIBC_EPIPE, LIBC_ENOTEMPTY };
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
		CHECK(strcmp(libc_strerror(codes[i]), "unknown error") != 0);
	CHECK_STR(libc_strerror(12345), "unknown error");
	CHECK_STR(libc_strerror(LIBC_ENOMEM), "out of memory");
	/* The values are the host's (Linux) numbers, so messages read as people expect. */
	CHECK_EQ(LIBC_ENOMEM, ENOMEM);
	CHECK_EQ(LIBC_ERANGE, ERANGE);
	CHECK_EQ(LIBC_EINVAL, EINVAL);
	CHECK_EQ(LIBC_EPIPE, EPIPE);
	CHECK_EQ(LIBC_ENOTEMPTY, ENOTEMPTY);
	CHECK_EQ(LIBC_E2BIG, E2BIG);
}

/* ---- atexit ---- */

static char order[40];
static size_t norder;
static struct libc_atexit *reentrant;

static void h1(void) { order[norder++] = '1'; }
static void h2(void) { order[norder++] = '2'; }
static void h3(void)
{
	/* A handler that registers another: it runs next, and the loop still ends. */
	order[norder++] = '3';
	libc_atexit_add(reentrant, h1);
}

TEST(atexit_runs_last_first_once_and_refuses_the_33rd)
{
	struct libc_atexit a = { .n = 0 };
	reentrant = &a;
	norder = 0;
	CHECK_EQ(libc_atexit_add(&a, h1), 0);
	CHECK_EQ(libc_atexit_add(&a, h2), 0);
	CHECK_EQ(libc_atexit_add(&a, h3), 0);
	libc_atexit_run(&a);
	order[norder] = 0;
	CHECK_STR(order, "3121");
	CHECK_EQ(a.n, 0);
	libc_atexit_run(&a);
	CHECK_EQ(norder, 4);
	for (int i = 0; i < LIBC_ATEXIT_MAX; i++)
		CHECK_EQ(libc_atexit_add(&a, h2), 0);
	CHECK_EQ(libc_atexit_add(&a, h2), LIBC_ENOMEM);
}
