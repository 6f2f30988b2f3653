/*
 * ct: constant-time helpers for code that handles secrets. ct_equal compares without an early exit,
 * so its running time says nothing about where two buffers differ; ct_wipe clears memory through a
 * volatile pointer so the compiler cannot drop the stores as dead (use it on keys, nonces and
 * intermediate state before they go out of scope). Header-only; no state.
 */
#ifndef CRYPTO_CT_H
#define CRYPTO_CT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True when the n bytes at a and b are equal; time depends only on n. */
static inline bool ct_equal(const void *a, const void *b, size_t n)
{
	const volatile uint8_t *x = a, *y = b;
	uint8_t diff = 0;
	for (size_t i = 0; i < n; i++)
		diff |= (uint8_t)(x[i] ^ y[i]);
	return diff == 0;
}

/* Zeroes n bytes at p in a way the optimiser must keep. */
static inline void ct_wipe(void *p, size_t n)
{
	volatile uint8_t *v = p;
	for (size_t i = 0; i < n; i++)
		v[i] = 0;
}

#endif
