#!/usr/bin/env python3
# Prints the curve constants lib/crypto/ed25519.c needs, computed from their RFC 8032 (section 5.1)
# definitions: p = 2^255 - 19, d = -121665/121666, sqrt(-1) = 2^((p-1)/4), the base point B with
# y = 4/5 and x even, and the group order L. Field elements come out as ten signed limbs of
# alternately 26 and 25 bits, each rounded to |limb| <= 2^(bits-1) like the C code's carries (the
# carry out of the top limb wraps in as 19); L as little-endian bytes.
p = 2**255 - 19
L = 2**252 + 27742317777372353535851937790883648493
d = -121665 * pow(121666, p - 2, p) % p
sqrtm1 = pow(2, (p - 1) // 4, p)
assert sqrtm1 * sqrtm1 % p == p - 1

def recover_x(y, sign):
    u, v = (y * y - 1) % p, (d * y * y + 1) % p
    x = u * pow(v, p - 2, p) % p
    r = pow(x, (p + 3) // 8, p)
    if r * r % p != x:
        r = r * sqrtm1 % p
    assert r * r % p == x
    return p - r if (r & 1) != sign else r

By = 4 * pow(5, p - 2, p) % p
Bx = recover_x(By, 0)

def limbs(v):
    out = []
    for i in range(10):
        bits = 26 if i % 2 == 0 else 25
        r = v & ((1 << bits) - 1)
        if r >= 1 << (bits - 1):
            r -= 1 << bits
        out.append(r)
        v = (v - r) >> bits
    out[0] += 19 * v
    assert abs(out[0]) <= (1 << 25) + 19
    return '{ ' + ', '.join(str(x) for x in out) + ' }'

print('static const fe fe_d = %s;' % limbs(d))
print('static const fe fe_d2 = %s;' % limbs(2 * d % p))
print('static const fe fe_sqrtm1 = %s;' % limbs(sqrtm1))
print('static const uint8_t sc_l[32] = { %s };' % ', '.join('0x%02x' % b for b in L.to_bytes(32, 'little')))
c = L - 2**252
print('static const uint8_t sc_c[16] = { %s }; /* L - 2^252 */' % ', '.join('0x%02x' % b for b in c.to_bytes(16, 'little')))

# The multiples j B, j = 0..15, as extended points with Z = 1 (X, Y, T = XY), for the fixed-window
# scalar multiplications; entry 0 is the identity.
def add(P, Q):
    (x1, y1), (x2, y2) = P, Q
    t = d * x1 * x2 * y1 * y2 % p
    return ((x1 * y2 + y1 * x2) * pow(1 + t, p - 2, p) % p,
            (y1 * y2 + x1 * x2) * pow(1 - t, p - 2, p) % p)

print('static const struct ge base_multiples[16] = {')
P = (0, 1)
for j in range(16):
    x, y = P
    print('\t{ %s,\n\t  %s,\n\t  %s,\n\t  %s },' % (limbs(x), limbs(y), limbs(1), limbs(x * y % p)))
    P = add(P, (Bx, By))
print('};')
