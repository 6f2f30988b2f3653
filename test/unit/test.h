/*
 * A tiny unit test framework. TEST(name) { ... } defines and registers a test; the CHECK macros
 * record a failure with file:line and the values involved, then let the test continue so one run
 * shows every broken expectation. main.c runs every registered test (or those whose name contains
 * argv[1]) and ends with "unit: N passed, N failed".
 */
#ifndef TEST_H
#define TEST_H

#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

void test_register(const char *name, const char *file, void (*fn)(void));
void test_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Registration runs before main() through a constructor, so a test file needs no list. */
#define TEST(name)                                                                    \
	static void test_##name(void);                                                \
	__attribute__((constructor)) static void test_register_##name(void)           \
	{                                                                             \
		test_register(#name, __FILE__, test_##name);                          \
	}                                                                             \
	static void test_##name(void)

#define CHECK(cond)                                                                   \
	do {                                                                          \
		if (!(cond))                                                          \
			test_fail(__FILE__, __LINE__, "CHECK(%s)", #cond);            \
	} while (0)

/* Integer equality; both sides are shown in decimal and hex. */
#define CHECK_EQ(a, b)                                                                \
	do {                                                                          \
		uintmax_t a_ = (uintmax_t)(a), b_ = (uintmax_t)(b);                   \
		if (a_ != b_)                                                         \
			test_fail(__FILE__, __LINE__,                                 \
				  "CHECK_EQ(%s, %s): %jd (0x%jx) != %jd (0x%jx)", #a, #b,     \
				  (intmax_t)a_, a_, (intmax_t)b_, b_);                        \
	} while (0)

#define CHECK_STR(a, b) test_check_str(__FILE__, __LINE__, #a, #b, (a), (b))
/* A boot/FDT call that returns NULL on success and an error message otherwise. */
#define CHECK_OK(err) test_check_ok(__FILE__, __LINE__, #err, (err))
#define CHECK_ERR(err) test_check_err(__FILE__, __LINE__, #err, (err))

void test_check_str(const char *file, int line, const char *ea, const char *eb, const char *a,
		    const char *b);
void test_check_ok(const char *file, int line, const char *expr, const char *err);
void test_check_err(const char *file, int line, const char *expr, const char *err);

/* Failures recorded by the running test so far (lets table-driven tests stop early). */
unsigned test_failures(void);

#endif
