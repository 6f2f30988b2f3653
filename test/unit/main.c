/* The unit test runner; see test.h. Usage: unit [-v] [NAME-SUBSTRING] */
#include "test.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct test {
	const char *name, *file;
	void (*fn)(void);
	unsigned seq; /* registration order, to keep it within a file after sorting */
};

static struct test tests[512];
static unsigned n_tests;
static unsigned cur_failures;
static const struct test *cur;

/* Beyond this many failures in one test the rest are counted, not printed. */
#define MAX_PRINTED_FAILURES 20

void test_register(const char *name, const char *file, void (*fn)(void))
{
	if (n_tests == sizeof tests / sizeof tests[0]) {
		fprintf(stderr, "unit: too many tests, raise the limit in %s\n", __FILE__);
		exit(2);
	}
	tests[n_tests] = (struct test){ name, file, fn, n_tests };
	n_tests++;
}

unsigned test_failures(void)
{
	return cur_failures;
}

void test_fail(const char *file, int line, const char *fmt, ...)
{
	if (cur_failures++ == 0)
		printf("FAIL %s\n", cur->name);
	if (cur_failures > MAX_PRINTED_FAILURES)
		return;
	printf("  %s:%d: ", file, line);
	va_list ap;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

void test_check_str(const char *file, int line, const char *ea, const char *eb, const char *a,
		    const char *b)
{
	if (a && b && strcmp(a, b) == 0)
		return;
	if (!a && !b)
		return;
	test_fail(file, line, "CHECK_STR(%s, %s): \"%s\" != \"%s\"", ea, eb, a ? a : "(NULL)",
		  b ? b : "(NULL)");
}

void test_check_ok(const char *file, int line, const char *expr, const char *err)
{
	if (err)
		test_fail(file, line, "CHECK_OK(%s): failed with \"%s\"", expr, err);
}

void test_check_err(const char *file, int line, const char *expr, const char *err)
{
	if (!err)
		test_fail(file, line, "CHECK_ERR(%s): succeeded, expected an error", expr);
}

static int by_file_then_order(const void *a, const void *b)
{
	const struct test *x = a, *y = b;
	int c = strcmp(x->file, y->file);
	if (c)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

int main(int argc, char **argv)
{
	bool verbose = false;
	const char *filter = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-v") == 0)
			verbose = true;
		else
			filter = argv[i];
	}
	/* Constructors run in link order per file; sort by file for a stable report. */
	qsort(tests, n_tests, sizeof tests[0], by_file_then_order);

	unsigned passed = 0, failed = 0;
	for (unsigned i = 0; i < n_tests; i++) {
		cur = &tests[i];
		if (filter && !strstr(cur->name, filter))
			continue;
		cur_failures = 0;
		cur->fn();
		if (cur_failures) {
			if (cur_failures > MAX_PRINTED_FAILURES)
				printf("  ... and %u more failures\n",
				       cur_failures - MAX_PRINTED_FAILURES);
			failed++;
		} else {
			passed++;
			if (verbose)
				printf("ok   %s\n", cur->name);
		}
		fflush(stdout);
	}
	printf("unit: %u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
