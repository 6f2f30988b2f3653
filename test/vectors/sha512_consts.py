#!/usr/bin/env python3
# Prints the SHA-512 initial hash values and round constants of FIPS 180-4 (sections 4.2.3, 5.3.5)
# from their definitions, for lib/crypto/sha512.c. Exact integer arithmetic; no tables copied.
# Derive SHA-512 constants from their FIPS 180-4 definitions (fractional parts of roots of primes).
def primes(n):
    ps=[];k=2
    while len(ps)<n:
        if all(k%p for p in ps): ps.append(k)
        k+=1
    return ps
def iroot(x,k):
    lo,hi=0,1
    while hi**k<=x: hi*=2
    while lo<hi-1:
        m=(lo+hi)//2
        if m**k<=x: lo=m
        else: hi=m
    return lo
def frac64(p,k):
    r=iroot(p<<(64*k),k)  # floor(p^(1/k) * 2^64)
    return r & ((1<<64)-1)
H=[frac64(p,2) for p in primes(8)]
K=[frac64(p,3) for p in primes(80)]
for i in range(0,8,2): print("\t0x%016xull, 0x%016xull," % (H[i],H[i+1]))
print()
for i in range(0,80,2): print("\t0x%016xull, 0x%016xull," % (K[i],K[i+1]))
