#!/usr/bin/env python3
# Prints the SHA-256 initial hash value and round constants of FIPS 180-4 (sections 4.2.2, 5.3.3)
# for lib/crypto/sha256.c, from their definitions: the first 32 bits of the fractional parts of the
# square roots of the first 8 primes and of the cube roots of the first 64 primes. Exact integer
# arithmetic, so nothing is copied from a table.
def primes(n):
    found = []
    k = 2
    while len(found) < n:
        if all(k % p for p in found):
            found.append(k)
        k += 1
    return found


def iroot(x, k):
    """floor(x ** (1/k)) for integers, by bisection."""
    lo, hi = 0, 1
    while hi ** k <= x:
        hi *= 2
    while lo < hi - 1:
        mid = (lo + hi) // 2
        if mid ** k <= x:
            lo = mid
        else:
            hi = mid
    return lo


def frac32(p, k):
    # floor(p^(1/k) * 2^32), keeping the low 32 bits drops the integer part.
    return iroot(p << (32 * k), k) & 0xFFFFFFFF


H = [frac32(p, 2) for p in primes(8)]
K = [frac32(p, 3) for p in primes(64)]
for i in range(0, 8, 4):
    print("\t" + " ".join("0x%08xu," % v for v in H[i:i + 4]))
print()
for i in range(0, 64, 4):
    print("\t" + " ".join("0x%08xu," % v for v in K[i:i + 4]))
