/*
 * lib/fmt against the host C library's snprintf: a combinatorial sweep of integer conversions
 * (every flag set, several widths and precisions, every length modifier, edge values), then
 * strings, characters, pointers, '*' arguments, truncation and the Ferrite-specific behaviour
 * (unknown conversions printed as written).
 */
#include "test.h"

#include <fmt.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

static char ours[1024], host[1024];

static void compare(const char *file, int line, const char *what, int r_ours, int r_host)
{
	if (r_ours != r_host || memcmp(ours, host, (size_t)r_host + 1) != 0)
		test_fail(file, line, "%s: fmt gave %d \"%s\", host snprintf gave %d \"%s\"", what,
			  r_ours, ours, r_host, host);
}

/* Same literal format and arguments through both formatters. */
#define CMP(...)                                                                      \
	compare(__FILE__, __LINE__, #__VA_ARGS__, fmt_snprintf(ours, sizeof ours, __VA_ARGS__), \
		snprintf(host, sizeof host, __VA_ARGS__))

enum length { LEN_HH, LEN_H, LEN_NONE, LEN_L, LEN_LL, LEN_Z, LEN_J, LEN_T, LEN_COUNT };
static const char *const length_str[LEN_COUNT] = { "hh", "h", "", "l", "ll", "z", "j", "t" };

/* Formats value with a runtime-built format through both, passing the type the length names. */
static void cmp_int(const char *f, enum length len, bool is_signed, long long v)
{
	int a, b;
#define BOTH(S, U)                                                                    \
	do {                                                                          \
		if (is_signed) {                                                      \
			a = fmt_snprintf(ours, sizeof ours, f, (S)v);                  \
			b = snprintf(host, sizeof host, f, (S)v);                      \
		} else {                                                              \
			a = fmt_snprintf(ours, sizeof ours, f, (U)v);                  \
			b = snprintf(host, sizeof host, f, (U)v);                      \
		}                                                                     \
	} while (0)
	switch (len) {
	case LEN_HH:
	case LEN_H:
	case LEN_NONE: BOTH(int, unsigned); break;
	case LEN_L: BOTH(long, unsigned long); break;
	case LEN_LL: BOTH(long long, unsigned long long); break;
	case LEN_Z: BOTH(ssize_t, size_t); break;
	case LEN_J: BOTH(intmax_t, uintmax_t); break;
	default: BOTH(ptrdiff_t, size_t); break;
	}
#undef BOTH
	if (a != b || memcmp(ours, host, (size_t)b + 1) != 0)
		test_fail(__FILE__, __LINE__, "format \"%s\" value %lld: fmt gave %d \"%s\", host gave %d \"%s\"",
			  f, v, a, ours, b, host);
}

TEST(fmt_integer_sweep)
{
	static const long long values[] = {
		0, 1, -1, 7, 42, -42, 127, 128, -128, 255, 256, 32767, -32768, 65535, 65536,
		INT_MAX, INT_MIN, UINT_MAX, 0x123456789abcdefLL, LLONG_MAX, LLONG_MIN,
	};
	static const char *const widths[] = { "", "1", "6", "25" };
	static const char *const precisions[] = { "", ".", ".0", ".1", ".5", ".22" };
	static const char convs[] = "diuxXo";
	unsigned cases = 0;
	for (const char *c = convs; *c; c++) {
		bool is_signed = *c == 'd' || *c == 'i';
		/* '#' is defined only for x, X and o. */
		unsigned flag_sets = (*c == 'x' || *c == 'X' || *c == 'o') ? 32 : 16;
		for (unsigned fl = 0; fl < flag_sets; fl++) {
			char flags[8];
			int nf = 0;
			for (int b = 0; b < 5; b++)
				if (fl & (1u << b))
					flags[nf++] = "-0+ #"[b];
			flags[nf] = '\0';
			for (size_t w = 0; w < sizeof widths / sizeof *widths; w++)
				for (size_t p = 0; p < sizeof precisions / sizeof *precisions; p++)
					for (int len = 0; len < LEN_COUNT; len++) {
						char f[32];
						snprintf(f, sizeof f, "<%%%s%s%s%s%c>", flags, widths[w],
							 precisions[p], length_str[len], *c);
						for (size_t v = 0; v < sizeof values / sizeof *values; v++) {
							cmp_int(f, (enum length)len, is_signed, values[v]);
							cases++;
						}
						if (test_failures() > 50)
							return; /* one bug shows up thousands of times */
					}
		}
	}
	CHECK(cases > 100000);
}

TEST(fmt_integer_limits)
{
	CMP("%d %d", INT_MIN, INT_MAX);
	CMP("%lld %lld", LLONG_MIN, LLONG_MAX);
	CMP("%jd %ju", INTMAX_MIN, UINTMAX_MAX);
	CMP("%ld %lu %lx", LONG_MIN, ULONG_MAX, ULONG_MAX);
	CMP("%llo %llX", ULLONG_MAX, ULLONG_MAX);
	CMP("%hhd %hhu %hd %hu", 300, 300, 70000, 70000);
	CMP("%zu %zx %zd", (size_t)SIZE_MAX, (size_t)SIZE_MAX, (ssize_t)-5);
	CMP("%td %tx", (ptrdiff_t)PTRDIFF_MIN, (size_t)PTRDIFF_MAX);
	CMP("%030lld|%-30lld|", LLONG_MIN, LLONG_MIN);
	CMP("%+.30d", INT_MIN);
	CMP("%i and %i", -0, 10);
}

TEST(fmt_star_width_precision)
{
	CMP("[%*d]", 8, 42);
	CMP("[%*d]", -8, 42);
	CMP("[%-*d]", -8, 42);
	CMP("[%0*d]", 8, -42);
	CMP("[%0*d]", -8, -42);
	CMP("[%.*d]", 6, 42);
	CMP("[%.*d]", -6, 42);
	CMP("[%.*d]", 0, 0);
	CMP("[%*.*x]", 10, 4, 0xabu);
	CMP("[%*.*s]", 10, 3, "abcdef");
	CMP("[%-*.*s]", 10, 3, "abcdef");
	CMP("[%.*s]", -1, "abcdef");
	CMP("[%*s|%*s]", 3, "x", -3, "y");
	CMP("[%300d]", 5);
	CMP("[%-300.200x]", 0xdeadu);
}

TEST(fmt_strings_and_chars)
{
	CMP("%s", "");
	CMP("%s|%s", "hello", "world");
	CMP("[%10s][%-10s]", "abc", "abc");
	CMP("[%.0s][%.2s][%.10s]", "abc", "abc", "abc");
	CMP("[%5.1s]", "xyz");
	CMP("[%c][%3c][%-3c]", 'a', 'b', 'c');
	CMP("[%c]", 0);
	CMP("%c%c%c", 'F', 'e', 255);
	CMP("100%% sure, %d%%", 5);
	CMP("plain text, no conversions");
	CMP("%s", "a much longer string that goes on for a while to exercise run output in the sink");
	/* NULL %s is undefined in C; Ferrite prints "(null)" and honours the precision. */
	const char *volatile null = NULL;
	int n = fmt_snprintf(ours, sizeof ours, "[%s][%.3s]", null, null);
	CHECK_STR(ours, "[(null)][(nu]");
	CHECK_EQ(n, 13);
}

TEST(fmt_pointers)
{
	int x;
	void *p = &x;
	CMP("%p", p);
	CMP("[%30p]", p);
	CMP("[%-30p]", p);
	CMP("%p", (void *)1);
	CMP("%p", (void *)UINTPTR_MAX);
	/* glibc prints "(nil)"; Ferrite keeps the number. */
	fmt_snprintf(ours, sizeof ours, "%p", (void *)0);
	CHECK_STR(ours, "0x0");
}

/* Built at run time so the compiler's format checking (rightly) does not reject them. */
static int fmt_runtime(char *buf, size_t size, const char *volatile f, int arg)
{
	return fmt_snprintf(buf, size, f, arg);
}

TEST(fmt_unknown_conversions_print_as_written)
{
	char buf[64];
	CHECK_EQ(fmt_runtime(buf, sizeof buf, "%y", 0), 2);
	CHECK_STR(buf, "%y");
	/* An unknown conversion consumes no argument: the next one still gets it. */
	fmt_runtime(buf, sizeof buf, "%q %d", 7);
	CHECK_STR(buf, "%q 7");
	fmt_runtime(buf, sizeof buf, "[%-05.2lk]", 7);
	CHECK_STR(buf, "[%-05.2lk]");
	fmt_runtime(buf, sizeof buf, "%n and %d", 7);
	CHECK_STR(buf, "%n and 7");
	fmt_runtime(buf, sizeof buf, "%f", 7);
	CHECK_STR(buf, "%f");
	/* A format ending inside a conversion. */
	CHECK_EQ(fmt_runtime(buf, sizeof buf, "abc%", 0), 4);
	CHECK_STR(buf, "abc%");
	fmt_runtime(buf, sizeof buf, "abc%08.3ll", 0);
	CHECK_STR(buf, "abc%08.3ll");
}

TEST(fmt_snprintf_truncation)
{
	char buf[16];
	memset(buf, 'Z', sizeof buf);
	/* size 0: nothing written, not even the NUL; buf may be NULL. */
	CHECK_EQ(fmt_snprintf(NULL, 0, "hello %d", 12345), 11);
	CHECK_EQ(fmt_snprintf(buf, 0, "hello"), 5);
	CHECK_EQ(buf[0], 'Z');
	/* size 1: only the NUL. */
	CHECK_EQ(fmt_snprintf(buf, 1, "hello"), 5);
	CHECK_EQ(buf[0], '\0');
	CHECK_EQ(buf[1], 'Z');
	/* Small sizes: size-1 characters and a NUL, the return value is the full length. */
	for (size_t size = 2; size <= sizeof buf; size++) {
		memset(buf, 'Z', sizeof buf);
		int n = fmt_snprintf(buf, size, "%s-%05d", "abcdef", 42);
		int h = snprintf(host, size, "%s-%05d", "abcdef", 42);
		CHECK_EQ(n, 12);
		CHECK_EQ(n, h);
		CHECK_EQ(strlen(buf), size - 1 < 12 ? size - 1 : 12);
		CHECK(memcmp(buf, host, strlen(host) + 1) == 0);
		if (size < sizeof buf)
			CHECK_EQ(buf[size], 'Z'); /* never writes past size */
	}
	/* Padding alone can overflow a small buffer. */
	CHECK_EQ(fmt_snprintf(buf, 4, "%100d", 1), 100);
	CHECK_STR(buf, "   ");
}

struct capture {
	char text[256];
	size_t len;
	unsigned calls;
};

static void capture_sink(void *ctx, const char *s, size_t n)
{
	struct capture *c = ctx;
	c->calls++;
	for (size_t i = 0; i < n && c->len < sizeof c->text - 1; i++)
		c->text[c->len++] = s[i];
	c->text[c->len] = '\0';
}

TEST(fmt_print_to_sink)
{
	struct capture c = { .len = 0 };
	int n = fmt_print(capture_sink, &c, "x=%d %s%c", -3, "yz", '!');
	CHECK_EQ(n, 8);
	CHECK_STR(c.text, "x=-3 yz!");
	CHECK(c.calls >= 1);
	/* An empty format calls nothing. */
	struct capture e = { .len = 0 };
	CHECK_EQ(fmt_print(capture_sink, &e, "%s", ""), 0);
	CHECK_EQ(e.calls, 0);
}
