/*
 * strtol and friends (libc.h). One conversion does the work in unsigned long long with an
 * explicit limit for the magnitude, so overflow is found before it happens (no wrapped
 * intermediate value), then each type narrows with its own limits. There is no atoi/atol: they
 * cannot report an error, and a silent 0 for "abc" is what this library exists to avoid.
 */
#include "libc.h"

#include <limits.h>

static int digit_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

/*
 * Parses s. *neg says whether a '-' was read; the magnitude is returned, saturated at limit with
 * *err = LIBC_ERANGE when it exceeds limit. *end is set as the contract in libc.h says.
 */
static unsigned long long convert(const char *s, char **end, int base, unsigned long long limit,
				  bool *neg, int *err)
{
	const char *p = s;
	*neg = false;
	*err = 0;
	if (end)
		*end = (char *)s;
	if (base < 0 || base == 1 || base > 36) {
		*err = LIBC_EINVAL;
		return 0;
	}
	while (libc_isspace((unsigned char)*p))
		p++;
	if (*p == '+' || *p == '-')
		*neg = *p++ == '-';
	/* "0x" is a prefix only when a hex digit follows: "0xg" is the number 0 followed by "xg". */
	if ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
	    digit_value((unsigned char)p[2]) < 16) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = p[0] == '0' ? 8 : 10;
	}
	unsigned long long v = 0;
	bool any = false, over = false;
	for (;; p++) {
		int d = digit_value((unsigned char)*p);
		if (d >= base)
			break;
		any = true;
		if (over)
			continue; /* keep consuming digits: *end goes past the whole number */
		if (v > (limit - (unsigned)d) / (unsigned)base)
			over = true, v = limit;
		else
			v = v * (unsigned)base + (unsigned)d;
	}
	if (!any) {
		*neg = false;
		*err = LIBC_EINVAL;
		return 0;
	}
	if (end)
		*end = (char *)p;
	if (over)
		*err = LIBC_ERANGE;
	return v;
}

long long libc_strtoll(const char *s, char **end, int base, int *err)
{
	bool neg;
	/* A negative result may reach one past LLONG_MAX in magnitude: -LLONG_MIN. */
	unsigned long long lim = (unsigned long long)LLONG_MAX + 1;
	unsigned long long m = convert(s, end, base, lim, &neg, err);
	if (!neg && m == lim) {
		*err = LIBC_ERANGE;
		return LLONG_MAX;
	}
	if (neg)
		return m == lim ? LLONG_MIN : -(long long)m;
	return (long long)m;
}

unsigned long long libc_strtoull(const char *s, char **end, int base, int *err)
{
	bool neg;
	unsigned long long m = convert(s, end, base, ULLONG_MAX, &neg, err);
	if (*err == LIBC_ERANGE)
		return ULLONG_MAX; /* C: an out-of-range value is ULLONG_MAX whatever the sign */
	return neg ? 0 - m : m;
}

long libc_strtol(const char *s, char **end, int base, int *err)
{
	long long v = libc_strtoll(s, end, base, err);
	if (v > LONG_MAX) {
		*err = LIBC_ERANGE;
		return LONG_MAX;
	}
	if (v < LONG_MIN) {
		*err = LIBC_ERANGE;
		return LONG_MIN;
	}
	return (long)v;
}

unsigned long libc_strtoul(const char *s, char **end, int base, int *err)
{
	bool neg;
	unsigned long long m = convert(s, end, base, ULONG_MAX, &neg, err);
	if (*err == LIBC_ERANGE)
		return ULONG_MAX;
	return neg ? 0 - (unsigned long)m : (unsigned long)m;
}

#if !__STDC_HOSTED__
#include <errno.h>
#include <stdlib.h>

/* C says errno is left alone on success; it is set only when something went wrong. */
#define BIND(type, name)                                                      \
	type name(const char *restrict s, char **restrict end, int base)      \
	{                                                                     \
		int e;                                                        \
		type v = libc_##name(s, end, base, &e);                       \
		if (e)                                                        \
			errno = e;                                            \
		return v;                                                     \
	}
BIND(long, strtol)
BIND(unsigned long, strtoul)
BIND(long long, strtoll)
BIND(unsigned long long, strtoull)
#endif
