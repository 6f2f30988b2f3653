/*
 * ed25519: Ed25519 signatures per RFC 8032 section 5.1, written for freestanding 32- and 64-bit
 * targets without 128-bit integers.
 *
 * Field GF(2^255 - 19): ten signed 32-bit limbs of alternately 26 and 25 bits (radix 2^25.5), so
 * limb i has weight 2^ceil(25.5 i) and every limb product fits a 64-bit integer with room to
 * accumulate. Invariant: every fe is carried, |limb| <= 2^25 (even i) / 2^24 (odd i) give or take
 * a small final carry; multiply, square, add, subtract and decode all return carried limbs, and
 * the constants are stored that way, so products never overflow (see fe_mul).
 *
 * Curve: -x^2 + y^2 = 1 + d x^2 y^2 in extended coordinates (X:Y:Z:T), x = X/Z, y = Y/Z,
 * xy = T/Z. The addition law used (Hisil-Wong-Carter-Dawson, a = -1) is complete for this curve,
 * so the same formula adds, doubles and handles the identity with no special cases.
 *
 * Scalars mod L = 2^252 + 27742317777372353535851937790883648493 are reduced from 512 bits with
 * byte limbs, folding 2^252 = -(L - 2^252) (mod L), then brought into [0, L) without branches.
 *
 * Secrets (signing): the scalar multiplication selects table entries by scanning the whole table
 * with masks, and the field and scalar code never branches or indexes on data; secret buffers are
 * wiped before returning. Verification handles only public data and may branch on it.
 *
 * Constants below are printed by test/vectors/ed25519_consts.py from their RFC 8032 definitions.
 */
#include <crypto/ct.h>
#include <crypto/ed25519.h>
#include <crypto/sha512.h>
#include <mem.h>

typedef int32_t fe[10];

/* A curve point in extended coordinates. */
struct ge {
	fe X, Y, Z, T;
};

/* Bits in limb i: 26 for even i, 25 for odd. */
#define LIMB_BITS(i) (26 - ((i) & 1))

static const fe fe_d = { -10913610, 13857413, -15372611, 6949391, 114729, -8787816, -6275908, -3247719, -18696448, -12055116 };
static const fe fe_d2 = { -21827239, -5839606, -30745221, 13898782, 229458, 15978800, -12551817, -6495438, 29715968, 9444199 };
static const fe fe_sqrtm1 = { -32595792, -7943725, 9377950, 3500415, 12389472, -272473, -25146209, -2005654, 326686, 11406482 };
static const uint8_t sc_l[32] = { 0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10 };
static const uint8_t sc_c[16] = { 0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14 }; /* L - 2^252 */
static const struct ge base_multiples[16] = {
	{ { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	  { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	  { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	  { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 } },
	{ { -14297830, -7645148, 16144683, -16471763, 27570974, -2696100, -26142465, 8378389, 20764389, 8758491 },
	  { -26843541, -6710886, 13421773, -13421773, 26843546, 6710886, -13421773, 13421773, -26843546, -6710886 },
	  { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	  { 28827062, -6116119, -27349572, 244363, 8635006, 11264893, 19351346, 13413597, 16611511, -6414980 } },
	{ { 4443662, -9940086, 9171065, 2666173, 2111033, 3401644, -31605108, 9275297, 13235616, 14331105 },
	  { -17259575, -3036261, -30752308, 9118147, -27466691, -6152361, 19887205, -13089868, -13594061, 9012024 },
	  { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	  { 23704577, 9426267, 8410851, 5115833, 24503987, -16534509, -22051782, -14974019, 5288695, 9593502 } },
	{ { -466321, 9574389, 17880460, 13372178, 26021472, 14338106, -27837921, -1498113, 10627369, -6374799 },
	  { 16102612, 14291486, 6324312, 12269856, -25404496, 2531064, -11483344, -13274075, 18317031, 4824775 },
	  { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	  { 11772954, 4341406, -7775809, 6281400, 24157398, -4647641, -6569513, 10624382, 30088665, 11088905 } },
	{ { 13236336, 11113969, -22484697, 826993, 6934139, 3481849, -18195395, 2674789, 28667135, 8451747 },
	  { -30273214, 2807923, 33430503, -6860424, 20170913, 13988204, -10730816, 12331234, -25382567, -14728287 },
	  { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	  { -24505512, -3621475, 16337906, 16103144, 29775756, 8137056, -27445917, 12684867, 26052402, 9036019 } },
	{ { -30477754, 2568205, 3453480, -3542817, 24158312, -13785634, -4293655, -15761506, -1384906, -14158179 },
	  { -25769728, 8904950, 23831066, 5523992, 12886203, -7190938, -29947323, -3277818, -14053397, -8576873 },
	  { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	  { -1572381, 5517117, 14150787, 2621513, -21043910, -13187078, 7678020, -5667284, -20331116, -3051175 } },
	{ { 30143056, 10290847, 8711943, 1270746, -24668570, -16111169, -11116433, 232534, -5790634, -13476257 },
	  { 21593844, 10400830, 23861306, 3449451, -1767952, -11567752, -8072193, -15457353, -4028306, 1390480 },
	  { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	  { 5173714, -4869587, 18053370, 10740718, 3063368, -1581884, -22197080, 651345, 17865382, 15780799 } },
	{ { 17711367, -10090819, 30583563, -6430834, -32530392, -14843640, 32967846, -5644996, 6278988, 5331482 },
	  { -12557640, -13554328, -28859815, 3652960, -4054867, -13193918, -13486993, 10875130, -30231427, 13047184 },
	  { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	  { 25685275, -11446891, 10256920, -11471659, 21647757, -2770252, 1499845, -3968131, -15609498, 4618719 } },
	{ { 10847451, -37118, 24323953, -2358452, -5444838, 5164948, -15290756, 3590225, 33127799, -6485115 },
	  { 3652020, -2692481, 9593798, -1896201, -33169164, 9106320, -21527373, 7286230, 826967, 8866840 },
	  { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	  { 1724863, -4389195, 25079288, -9854367, 18334522, 11786643, 6376860, -10739007, -19996801, 11615592 } },
	{ { 25522524, 573844, 5413500, 14774896, -31760327, -7068999, 26964024, 2925438, -15958009, 14021414 },
	  { 19067347, -7266027, 8788202, 10034034, 8249920, 15913725, -8489813, -4286888, 2895313, -199537 },
	  { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	  { 11727992, 13507554, -28324985, -16270462, 6213459, -12071564, -12888324, -8438931, 9349245, -9321487 } },
	{ { 7862626, -12072814, -16611181, 7782840, 8518201, 12355191, 5965673, -5330802, -1897305, -8343066 },
	  { -18318529, 1911835, 17332049, 2748167, 9820826, 10010575, -31020444, 9369885, -22568526, -7471117 },
	  { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	  { -10762690, -2939583, 10791037, -5923383, 30660264, -4958337, -1539707, 5394712, -14260427, 14385533 } },
	{ { 8188875, -741304, -22388762, -6935393, -11663721, 7414841, -8141077, 8582874, -15641410, 5477539 },
	  { -33343725, -3444517, -15038958, 14804195, 4809060, 16715726, -4296288, -9245874, -15470053, 11944457 },
	  { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	  { -10752281, -9188425, 17235313, 15666302, 23330823, 1486271, 22241145, -15448263, -27787021, -9725290 } },
	{ { 15765568, 12556702, -9939508, -14930422, 13260541, 10635739, -4689914, -5854246, -2091290, -14915706 },
	  { -30546676, 10516236, -20126086, -6122595, 22618619, -8903240, -21616846, 285924, -32981784, -16661702 },
	  { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	  { -28631861, -13581148, -25855298, 2384601, 3963843, -3342225, -1453031, -15457267, -33315706, 11325753 } },
	{ { -4169747, 3677422, -17365264, -12293866, -31387760, 2961488, 30865428, 14261094, -32678090, 4313248 },
	  { -29352064, -496709, 14971134, -7256879, 14484287, 14322104, -13627031, -9531639, 14603577, 4943552 },
	  { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	  { 14561126, -13159558, 31427142, 9394548, 23876265, -11132104, 7254247, 9181368, -7242778, -16474085 } },
	{ { 25499065, -6499091, 6640754, 12710348, -10257509, 13286166, -29539154, -11149166, 3102853, 8486125 },
	  { 27011148, 8349218, 13340781, -12530255, -23256476, -4783424, 23641446, -9428297, -17494963, -13025130 },
	  { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	  { -26098957, 13585193, 12325154, -52446, 29859086, 12575865, -16425058, -4066859, 21379720, -6746956 } },
	{ { -22966828, 6279066, 20541964, -6047732, -10122162, -14663265, 23297199, 8829835, -22101268, -12822344 },
	  { 19815647, -11325141, -11259250, 12913877, -21784900, 13800242, 24871090, 6203948, -19902478, 4927469 },
	  { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
	  { 9617212, -10498857, 12493442, 8331351, -1470758, -9040413, -25259743, 9581925, 14904183, -8859712 } },
};

/* ---- field arithmetic ---- */

/*
 * Carry steps round each carry to nearest, so limbs end signed and small: |limb| <= 2^(bits-1),
 * except limb 1, which may exceed 2^24 by the final small carry from limb 0. The carry out of
 * limb 9 wraps into limb 0 times 19, since 2^255 = 19 (mod p). Right shifts of negative values
 * are arithmetic on every compiler Ferrite supports (clang, gcc); left shifts of negative values
 * are avoided (undefined in C) by multiplying instead.
 */
#define CARRY_STEP(T, h, i, next, scale)                                        \
	do {                                                                    \
		T c_ = ((h)[i] + ((T)1 << (LIMB_BITS(i) - 1))) >> LIMB_BITS(i); \
		(h)[i] -= c_ * ((T)1 << LIMB_BITS(i));                          \
		(h)[next] += (scale) * c_;                                      \
	} while (0)

#define CARRY_ALL(T, h)                    \
	do {                               \
		CARRY_STEP(T, h, 0, 1, 1);  \
		CARRY_STEP(T, h, 1, 2, 1);  \
		CARRY_STEP(T, h, 2, 3, 1);  \
		CARRY_STEP(T, h, 3, 4, 1);  \
		CARRY_STEP(T, h, 4, 5, 1);  \
		CARRY_STEP(T, h, 5, 6, 1);  \
		CARRY_STEP(T, h, 6, 7, 1);  \
		CARRY_STEP(T, h, 7, 8, 1);  \
		CARRY_STEP(T, h, 8, 9, 1);  \
		CARRY_STEP(T, h, 9, 0, 19); \
		CARRY_STEP(T, h, 0, 1, 1);  \
	} while (0)

/* Carries the 64-bit sums of a product (each below 2^60) into an fe. */
static void fe_carry_wide(fe out, int64_t t[10])
{
	CARRY_ALL(int64_t, t);
	for (int i = 0; i < 10; i++)
		out[i] = (int32_t)t[i];
}

/* Carries in place; limbs up to 2^29 in magnitude (sums of a few carried fes) are fine. */
static void fe_carry(fe h)
{
	CARRY_ALL(int32_t, h);
}

static void fe_copy(fe h, const fe f)
{
	memcpy(h, f, sizeof(fe));
}

static void fe_zero(fe h)
{
	memset(h, 0, sizeof(fe));
}

static void fe_one(fe h)
{
	fe_zero(h);
	h[0] = 1;
}

static void fe_add(fe h, const fe f, const fe g)
{
	for (int i = 0; i < 10; i++)
		h[i] = f[i] + g[i];
	fe_carry(h);
}

static void fe_sub(fe h, const fe f, const fe g)
{
	for (int i = 0; i < 10; i++)
		h[i] = f[i] - g[i];
	fe_carry(h);
}

static void fe_neg(fe h, const fe f)
{
	for (int i = 0; i < 10; i++)
		h[i] = -f[i];
}

/* A 32 x 32 -> 64-bit product: one widening multiply on every target. */
#define M(a, b) ((int64_t)(a) * (b))

/*
 * h = f * g. Limb i times limb j lands at weight 2^(w(i) + w(j)), which is 2^w(i+j) except when i
 * and j are both odd, where it is twice that (the 25.5-bit radix); those products use f2 = 2 f.
 * Terms with i + j >= 10 pass 2^255 and come back times 19, taken from g19 = 19 g. Carried inputs
 * keep 19 g below 2^30, each product below 2^55 and each sum of ten below 2^59.
 */
static void fe_mul(fe h, const fe fin, const fe gin)
{
	int32_t f[10], f2[10], g[10], g19[10];
	int64_t t[10];
	for (int i = 0; i < 10; i++) {
		f[i] = fin[i];
		f2[i] = 2 * fin[i];
		g[i] = gin[i];
		g19[i] = 19 * gin[i];
	}
	t[0] = M(f[0], g[0]) + M(f2[1], g19[9]) + M(f[2], g19[8]) + M(f2[3], g19[7]) +
	       M(f[4], g19[6]) + M(f2[5], g19[5]) + M(f[6], g19[4]) + M(f2[7], g19[3]) +
	       M(f[8], g19[2]) + M(f2[9], g19[1]);
	t[1] = M(f[0], g[1]) + M(f[1], g[0]) + M(f[2], g19[9]) + M(f[3], g19[8]) + M(f[4], g19[7]) +
	       M(f[5], g19[6]) + M(f[6], g19[5]) + M(f[7], g19[4]) + M(f[8], g19[3]) + M(f[9], g19[2]);
	t[2] = M(f[0], g[2]) + M(f2[1], g[1]) + M(f[2], g[0]) + M(f2[3], g19[9]) + M(f[4], g19[8]) +
	       M(f2[5], g19[7]) + M(f[6], g19[6]) + M(f2[7], g19[5]) + M(f[8], g19[4]) +
	       M(f2[9], g19[3]);
	t[3] = M(f[0], g[3]) + M(f[1], g[2]) + M(f[2], g[1]) + M(f[3], g[0]) + M(f[4], g19[9]) +
	       M(f[5], g19[8]) + M(f[6], g19[7]) + M(f[7], g19[6]) + M(f[8], g19[5]) + M(f[9], g19[4]);
	t[4] = M(f[0], g[4]) + M(f2[1], g[3]) + M(f[2], g[2]) + M(f2[3], g[1]) + M(f[4], g[0]) +
	       M(f2[5], g19[9]) + M(f[6], g19[8]) + M(f2[7], g19[7]) + M(f[8], g19[6]) +
	       M(f2[9], g19[5]);
	t[5] = M(f[0], g[5]) + M(f[1], g[4]) + M(f[2], g[3]) + M(f[3], g[2]) + M(f[4], g[1]) +
	       M(f[5], g[0]) + M(f[6], g19[9]) + M(f[7], g19[8]) + M(f[8], g19[7]) + M(f[9], g19[6]);
	t[6] = M(f[0], g[6]) + M(f2[1], g[5]) + M(f[2], g[4]) + M(f2[3], g[3]) + M(f[4], g[2]) +
	       M(f2[5], g[1]) + M(f[6], g[0]) + M(f2[7], g19[9]) + M(f[8], g19[8]) + M(f2[9], g19[7]);
	t[7] = M(f[0], g[7]) + M(f[1], g[6]) + M(f[2], g[5]) + M(f[3], g[4]) + M(f[4], g[3]) +
	       M(f[5], g[2]) + M(f[6], g[1]) + M(f[7], g[0]) + M(f[8], g19[9]) + M(f[9], g19[8]);
	t[8] = M(f[0], g[8]) + M(f2[1], g[7]) + M(f[2], g[6]) + M(f2[3], g[5]) + M(f[4], g[4]) +
	       M(f2[5], g[3]) + M(f[6], g[2]) + M(f2[7], g[1]) + M(f[8], g[0]) + M(f2[9], g19[9]);
	t[9] = M(f[0], g[9]) + M(f[1], g[8]) + M(f[2], g[7]) + M(f[3], g[6]) + M(f[4], g[5]) +
	       M(f[5], g[4]) + M(f[6], g[3]) + M(f[7], g[2]) + M(f[8], g[1]) + M(f[9], g[0]);
	fe_carry_wide(h, t);
}

/* h = f^2: as fe_mul, with each cross product f[i] f[j] (i < j) taken once and doubled. */
static void fe_sq(fe h, const fe fin)
{
	int32_t f[10], f2[10], f19[10], f38[10];
	int64_t t[10];
	for (int i = 0; i < 10; i++) {
		f[i] = fin[i];
		f2[i] = 2 * fin[i];
		f19[i] = 19 * fin[i];
		f38[i] = 38 * fin[i];
	}
	t[0] = M(f[0], f[0]) + M(f2[1], f38[9]) + M(f2[2], f19[8]) + M(f2[3], f38[7]) +
	       M(f2[4], f19[6]) + M(f2[5], f19[5]);
	t[1] = M(f2[0], f[1]) + M(f2[2], f19[9]) + M(f2[3], f19[8]) + M(f2[4], f19[7]) +
	       M(f2[5], f19[6]);
	t[2] = M(f2[0], f[2]) + M(f2[1], f[1]) + M(f2[3], f38[9]) + M(f2[4], f19[8]) +
	       M(f2[5], f38[7]) + M(f[6], f19[6]);
	t[3] = M(f2[0], f[3]) + M(f2[1], f[2]) + M(f2[4], f19[9]) + M(f2[5], f19[8]) +
	       M(f2[6], f19[7]);
	t[4] = M(f2[0], f[4]) + M(f2[1], f2[3]) + M(f[2], f[2]) + M(f2[5], f38[9]) + M(f2[6], f19[8]) +
	       M(f2[7], f19[7]);
	t[5] = M(f2[0], f[5]) + M(f2[1], f[4]) + M(f2[2], f[3]) + M(f2[6], f19[9]) + M(f2[7], f19[8]);
	t[6] = M(f2[0], f[6]) + M(f2[1], f2[5]) + M(f2[2], f[4]) + M(f2[3], f[3]) + M(f2[7], f38[9]) +
	       M(f[8], f19[8]);
	t[7] = M(f2[0], f[7]) + M(f2[1], f[6]) + M(f2[2], f[5]) + M(f2[3], f[4]) + M(f2[8], f19[9]);
	t[8] = M(f2[0], f[8]) + M(f2[1], f2[7]) + M(f2[2], f[6]) + M(f2[3], f2[5]) + M(f[4], f[4]) +
	       M(f2[9], f19[9]);
	t[9] = M(f2[0], f[9]) + M(f2[1], f[8]) + M(f2[2], f[7]) + M(f2[3], f[6]) + M(f2[4], f[5]);
	fe_carry_wide(h, t);
}

/* h = f^(2^k). */
static void fe_sq_times(fe h, const fe f, int k)
{
	fe_sq(h, f);
	for (int i = 1; i < k; i++)
		fe_sq(h, h);
}

/* Loads 255 bits little-endian; bit 255 (the sign of x in a point encoding) is ignored. The value
 * may be >= p; callers that must reject that check the bytes themselves. */
static void fe_frombytes(fe h, const uint8_t s[32])
{
	int w = 0; /* bit position of limb i */
	for (int i = 0; i < 10; i++) {
		int b = LIMB_BITS(i);
		const uint8_t *q = s + w / 8;
		uint32_t v = (uint32_t)q[0] | (uint32_t)q[1] << 8 | (uint32_t)q[2] << 16 |
			     (uint32_t)q[3] << 24;
		h[i] = (int32_t)((v >> (w % 8)) & ((1u << b) - 1));
		w += b;
	}
	fe_carry(h);
}

/* Writes the unique representative in [0, p), little-endian. */
static void fe_tobytes(uint8_t s[32], const fe f)
{
	int32_t h[10];
	memcpy(h, f, sizeof h);

	/* Two floor-carry passes leave every limb in [0, 2^bits), so the value is in [0, 2^255). */
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < 10; i++) {
			int b = LIMB_BITS(i);
			int32_t c = h[i] >> b;
			h[i] -= c * (1 << b);
			if (i < 9)
				h[i + 1] += c;
			else
				h[0] += 19 * c;
		}
	}
	/* q = 1 exactly when value + 19 >= 2^255, i.e. value >= p; then add 19 and drop 2^255. */
	int32_t q = (h[0] + 19) >> 26;
	for (int i = 1; i < 10; i++)
		q = (h[i] + q) >> LIMB_BITS(i);
	h[0] += 19 * q;
	for (int i = 0; i < 10; i++) {
		int b = LIMB_BITS(i);
		int32_t c = h[i] >> b;
		h[i] -= c * (1 << b);
		if (i < 9)
			h[i + 1] += c;
	}

	uint64_t acc = 0;
	int bits = 0, n = 0;
	for (int i = 0; i < 10; i++) {
		acc |= (uint64_t)(uint32_t)h[i] << bits;
		bits += LIMB_BITS(i);
		while (bits >= 8) {
			s[n++] = (uint8_t)acc;
			acc >>= 8;
			bits -= 8;
		}
	}
	s[n] = (uint8_t)acc; /* the last 7 bits; bit 255 is 0 */
}

static bool fe_isnegative(const fe f)
{
	uint8_t s[32];
	fe_tobytes(s, f);
	return s[0] & 1;
}

static bool fe_iszero(const fe f)
{
	static const uint8_t zero[32];
	uint8_t s[32];
	fe_tobytes(s, f);
	return ct_equal(s, zero, 32);
}

static bool fe_equal(const fe f, const fe g)
{
	uint8_t a[32], b[32];
	fe_tobytes(a, f);
	fe_tobytes(b, g);
	return ct_equal(a, b, 32);
}

/* Sets t250 = z^(2^250 - 1) and z11 = z^11, the common prefix of the two exponentiations below. */
static void fe_pow_2_250_1(fe t250, fe z11, const fe z)
{
	fe z2, z9, t0, t1;
	fe_sq(z2, z);             /* z^2 */
	fe_sq_times(t0, z2, 2);   /* z^8 */
	fe_mul(z9, t0, z);        /* z^9 */
	fe_mul(z11, z9, z2);      /* z^11 */
	fe_sq(t0, z11);           /* z^22 */
	fe_mul(t0, t0, z9);       /* z^31 = z^(2^5 - 1) */
	fe_sq_times(t1, t0, 5);
	fe_mul(t0, t1, t0);       /* 2^10 - 1 */
	fe_sq_times(t1, t0, 10);
	fe_mul(t1, t1, t0);       /* 2^20 - 1 */
	fe_sq_times(t250, t1, 20);
	fe_mul(t1, t250, t1);     /* 2^40 - 1 */
	fe_sq_times(t1, t1, 10);
	fe_mul(t0, t1, t0);       /* 2^50 - 1 */
	fe_sq_times(t1, t0, 50);
	fe_mul(t1, t1, t0);       /* 2^100 - 1 */
	fe_sq_times(t250, t1, 100);
	fe_mul(t1, t250, t1);     /* 2^200 - 1 */
	fe_sq_times(t1, t1, 50);
	fe_mul(t250, t1, t0);     /* 2^250 - 1 */
}

/* h = z^(p - 2) = 1/z (and 0 for z = 0). */
static void fe_invert(fe h, const fe z)
{
	fe t, z11;
	fe_pow_2_250_1(t, z11, z);
	fe_sq_times(t, t, 5);     /* 2^255 - 32 */
	fe_mul(h, t, z11);        /* 2^255 - 21 = p - 2 */
}

/* h = z^((p - 5) / 8) = z^(2^252 - 3), the exponent of RFC 8032's square root. */
static void fe_pow_p58(fe h, const fe z)
{
	fe t, z11;
	fe_pow_2_250_1(t, z11, z);
	fe_sq_times(t, t, 2);     /* 2^252 - 4 */
	fe_mul(h, t, z);
}

/* h = g when move is 1, unchanged when 0, without a branch. */
static void fe_cmov(fe h, const fe g, uint32_t move)
{
	uint32_t mask = 0u - move;
	for (int i = 0; i < 10; i++)
		h[i] = (int32_t)(((uint32_t)h[i] & ~mask) | ((uint32_t)g[i] & mask));
}

/* ---- group arithmetic ---- */

static void ge_identity(struct ge *p)
{
	fe_zero(p->X);
	fe_one(p->Y);
	fe_one(p->Z);
	fe_zero(p->T);
}

/* r = p + q (add-2008-hwcd-3, a = -1); complete, so q may equal p or either may be the identity.
 * r may alias p or q. */
static void ge_add(struct ge *r, const struct ge *p, const struct ge *q)
{
	fe a, b, c, d, e, f, g, h, t;
	fe_sub(a, p->Y, p->X);
	fe_sub(t, q->Y, q->X);
	fe_mul(a, a, t);          /* A = (Y1 - X1)(Y2 - X2) */
	fe_add(b, p->Y, p->X);
	fe_add(t, q->Y, q->X);
	fe_mul(b, b, t);          /* B = (Y1 + X1)(Y2 + X2) */
	fe_mul(c, p->T, q->T);
	fe_mul(c, c, fe_d2);      /* C = 2d T1 T2 */
	fe_mul(d, p->Z, q->Z);
	fe_add(d, d, d);          /* D = 2 Z1 Z2 */
	fe_sub(e, b, a);
	fe_sub(f, d, c);
	fe_add(g, d, c);
	fe_add(h, b, a);
	fe_mul(r->X, e, f);
	fe_mul(r->Y, g, h);
	fe_mul(r->T, e, h);
	fe_mul(r->Z, f, g);
}

/* r = 2p (dbl-2008-hwcd with a = -1): four squarings and four multiplications. */
static void ge_double(struct ge *r, const struct ge *p)
{
	fe a, b, c, e, g, f, h, t;
	fe_sq(a, p->X);           /* A = X^2 */
	fe_sq(b, p->Y);           /* B = Y^2 */
	fe_sq(c, p->Z);
	fe_add(c, c, c);          /* C = 2 Z^2 */
	fe_add(t, p->X, p->Y);
	fe_sq(t, t);
	fe_sub(e, t, a);
	fe_sub(e, e, b);          /* E = (X + Y)^2 - A - B = 2XY */
	fe_sub(g, b, a);          /* G = aA + B = B - A */
	fe_sub(f, g, c);          /* F = G - C */
	fe_add(h, a, b);
	fe_neg(h, h);             /* H = aA - B = -A - B */
	fe_mul(r->X, e, f);
	fe_mul(r->Y, g, h);
	fe_mul(r->T, e, h);
	fe_mul(r->Z, f, g);
}

static void ge_neg(struct ge *r, const struct ge *p)
{
	fe_neg(r->X, p->X);
	fe_copy(r->Y, p->Y);
	fe_copy(r->Z, p->Z);
	fe_neg(r->T, p->T);
}

/* RFC 8032 5.1.2: y with the low bit of x in bit 255. */
static void ge_encode(uint8_t s[32], const struct ge *p)
{
	fe zi, x, y;
	fe_invert(zi, p->Z);
	fe_mul(x, p->X, zi);
	fe_mul(y, p->Y, zi);
	fe_tobytes(s, y);
	s[31] |= (uint8_t)(fe_isnegative(x) << 7);
}

/* True when the 255-bit y in s (sign bit ignored) is at least p = 2^255 - 19. */
static bool y_noncanonical(const uint8_t s[32])
{
	if ((s[31] & 0x7f) != 0x7f)
		return false;
	for (int i = 30; i > 0; i--)
		if (s[i] != 0xff)
			return false;
	return s[0] >= 0xed;
}

/*
 * RFC 8032 5.1.3 point decoding, for public inputs only: fails on y >= p, on a y with no x on the
 * curve, and on x = 0 with the sign bit set.
 */
static bool ge_decode(struct ge *p, const uint8_t s[32])
{
	fe u, v, v3, t, x, chk;
	if (y_noncanonical(s))
		return false;
	fe_frombytes(p->Y, s);
	fe_sq(u, p->Y);
	fe_mul(v, u, fe_d);
	fe_one(t);
	fe_sub(u, u, t);          /* u = y^2 - 1 */
	fe_add(v, v, t);          /* v = d y^2 + 1 */

	fe_sq(v3, v);
	fe_mul(v3, v3, v);        /* v^3 */
	fe_sq(x, v3);
	fe_mul(x, x, v);
	fe_mul(x, x, u);          /* u v^7 */
	fe_pow_p58(x, x);
	fe_mul(x, x, v3);
	fe_mul(x, x, u);          /* x = u v^3 (u v^7)^((p-5)/8) */

	fe_sq(chk, x);
	fe_mul(chk, chk, v);      /* v x^2 */
	if (!fe_equal(chk, u)) {
		fe_neg(t, u);
		if (!fe_equal(chk, t))
			return false;     /* no square root: not a point */
		fe_mul(x, x, fe_sqrtm1);
	}
	bool sign = s[31] >> 7;
	if (fe_iszero(x) && sign)
		return false;
	if (fe_isnegative(x) != sign)
		fe_neg(x, x);
	fe_copy(p->X, x);
	fe_one(p->Z);
	fe_mul(p->T, x, p->Y);
	return true;
}

/* r = base_multiples[idx] = idx B for a secret idx: reads every entry, keeps one by mask. */
static void ge_select_base(struct ge *r, uint32_t idx)
{
	ge_identity(r);
	for (uint32_t i = 0; i < 16; i++) {
		uint32_t eq = ((i ^ idx) - 1) >> 31; /* 1 when i == idx (both < 16) */
		fe_cmov(r->X, base_multiples[i].X, eq);
		fe_cmov(r->Y, base_multiples[i].Y, eq);
		fe_cmov(r->Z, base_multiples[i].Z, eq);
		fe_cmov(r->T, base_multiples[i].T, eq);
	}
}

static uint32_t nibble(const uint8_t s[32], int i)
{
	return (s[i / 2] >> (4 * (i & 1))) & 15;
}

/* r = k B for a secret 256-bit little-endian k, in constant time: fixed 4-bit windows, every
 * window adds a table entry (possibly the identity) chosen by masked scan. */
static void ge_scalarmult_base(struct ge *r, const uint8_t k[32])
{
	struct ge sel;
	ge_identity(r);
	for (int i = 63; i >= 0; i--) {
		for (int j = 0; j < 4; j++)
			ge_double(r, r);
		ge_select_base(&sel, nibble(k, i));
		ge_add(r, r, &sel);
	}
	ct_wipe(&sel, sizeof sel);
}

/* Recodes a public scalar below L into 64 signed base-16 digits: each in [-8, 8) except the top
 * one, which takes the final carry and is at most 2 since L < 2^253. */
static void signed_digits(int8_t e[64], const uint8_t s[32])
{
	int carry = 0;
	for (int i = 0; i < 64; i++) {
		int v = (int)nibble(s, i) + carry;
		carry = (v + 8) >> 4;
		e[i] = (int8_t)(v - 16 * carry);
	}
	e[63] = (int8_t)(e[63] + 16 * carry);
}

/*
 * r = a A + b B for public a < L, b < L (verification): shared doublings over 4-bit windows; a
 * in signed digits against 1A..8A on the stack (negated as needed), b in plain nibbles against
 * the static base_multiples; zero digits are skipped.
 */
static void ge_double_scalarmult_vartime(struct ge *r, const uint8_t a[32], const struct ge *A,
					 const uint8_t b[32])
{
	struct ge ta[8], neg;
	int8_t ea[64];
	signed_digits(ea, a);
	ta[0] = *A;
	for (int i = 1; i < 8; i++)
		ge_add(&ta[i], &ta[i - 1], A);
	ge_identity(r);
	for (int i = 63; i >= 0; i--) {
		if (i != 63)
			for (int j = 0; j < 4; j++)
				ge_double(r, r);
		if (ea[i] > 0) {
			ge_add(r, r, &ta[ea[i] - 1]);
		} else if (ea[i] < 0) {
			ge_neg(&neg, &ta[-ea[i] - 1]);
			ge_add(r, r, &neg);
		}
		uint32_t nb = nibble(b, i);
		if (nb)
			ge_add(r, r, &base_multiples[nb]);
	}
}

/* ---- scalars mod L ---- */

/*
 * out = x mod L, where x = sum x[i] 2^(8i) with x[i] in [0, 2^22) (a 512-bit value or a sum of
 * byte products below 2^512). Destroys x. Uses 2^256 = 16 * 2^252 = -16 c (mod L), c = L - 2^252:
 * byte i >= 32 folds down as -16 x[i] c at byte i - 32. Each fold is followed by a floor-carry
 * sweep so limbs stay small; the last 4 bits above 2^252 fold the same way; L is then added to
 * make the value positive and subtracted back at most twice, by mask.
 */
static void sc_reduce_limbs(uint8_t out[32], int64_t x[64])
{
	for (int i = 0; i < 63; i++) {
		x[i + 1] += x[i] >> 8;
		x[i] &= 255;
	}
	for (int i = 63; i >= 32; i--) {
		int64_t v = x[i];
		x[i] = 0;
		for (int j = 0; j < 16; j++)
			x[i - 32 + j] -= 16 * v * sc_c[j];
		for (int k = i - 32; k < i - 1; k++) {
			int64_t c = x[k] >> 8;
			x[k] -= c * 256;
			x[k + 1] += c;
		}
	}
	/* x[0..30] are bytes, x[31] is small: fold bits 252 and up. */
	int64_t v = x[31] >> 4;
	x[31] -= v * 16;
	for (int j = 0; j < 16; j++)
		x[j] -= v * sc_c[j];
	/* Now -2^130 < value < 2^252 + 2^130; add L so it lies in (0, 3L). */
	for (int j = 0; j < 32; j++)
		x[j] += sc_l[j];
	for (int k = 0; k < 31; k++) {
		int64_t c = x[k] >> 8;
		x[k] -= c * 256;
		x[k + 1] += c;
	}
	uint8_t s[32];
	for (int j = 0; j < 32; j++)
		s[j] = (uint8_t)x[j];
	for (int round = 0; round < 2; round++) {
		uint8_t d[32];
		uint32_t borrow = 0;
		for (int j = 0; j < 32; j++) {
			int32_t t = (int32_t)s[j] - sc_l[j] - (int32_t)borrow;
			d[j] = (uint8_t)t;
			borrow = (uint32_t)t >> 31;
		}
		uint8_t keep_d = (uint8_t)(borrow - 1); /* 0xff when s >= L */
		for (int j = 0; j < 32; j++)
			s[j] = (uint8_t)((s[j] & ~keep_d) | (d[j] & keep_d));
	}
	memcpy(out, s, 32);
	ct_wipe(s, sizeof s);
}

/* out = h mod L for a 64-byte little-endian h (a SHA-512 digest). */
static void sc_reduce(uint8_t out[32], const uint8_t h[64])
{
	int64_t x[64];
	for (int i = 0; i < 64; i++)
		x[i] = h[i];
	sc_reduce_limbs(out, x);
	ct_wipe(x, sizeof x);
}

/* out = (a b + c) mod L for 32-byte little-endian a, b, c. */
static void sc_muladd(uint8_t out[32], const uint8_t a[32], const uint8_t b[32],
		      const uint8_t c[32])
{
	int64_t x[64] = { 0 };
	for (int i = 0; i < 32; i++) {
		x[i] += c[i];
		for (int j = 0; j < 32; j++)
			x[i + j] += (int64_t)a[i] * b[j];
	}
	sc_reduce_limbs(out, x);
	ct_wipe(x, sizeof x);
}

/* True when the 32-byte little-endian s is below L (RFC 8032 5.1.7's check on S). */
static bool sc_canonical(const uint8_t s[32])
{
	for (int i = 31; i >= 0; i--) {
		if (s[i] != sc_l[i])
			return s[i] < sc_l[i];
	}
	return false;
}

/* ---- Ed25519 ---- */

/* RFC 8032 5.1.5: the first half of SHA-512(seed), clamped, is the secret scalar; the second is
 * the prefix that keys the nonce. */
static void expand_seed(uint8_t az[64], const uint8_t seed[ED25519_SEED_SIZE])
{
	sha512(seed, ED25519_SEED_SIZE, az);
	az[0] &= 248;
	az[31] &= 127;
	az[31] |= 64;
}

void ed25519_public_key(uint8_t pub[ED25519_PUBLIC_KEY_SIZE], const uint8_t seed[ED25519_SEED_SIZE])
{
	uint8_t az[64];
	struct ge a;
	expand_seed(az, seed);
	ge_scalarmult_base(&a, az);
	ge_encode(pub, &a);
	ct_wipe(az, sizeof az);
	ct_wipe(&a, sizeof a);
}

/* RFC 8032 5.1.6. */
void ed25519_sign(uint8_t sig[ED25519_SIGNATURE_SIZE], const void *msg, size_t len,
		  const uint8_t seed[ED25519_SEED_SIZE], const uint8_t pub[ED25519_PUBLIC_KEY_SIZE])
{
	uint8_t az[64], nonce[64], r[32], hram[64], k[32];
	struct sha512_ctx ctx;
	struct ge rp;

	expand_seed(az, seed);

	sha512_init(&ctx);
	sha512_update(&ctx, az + 32, 32);
	sha512_update(&ctx, msg, len);
	sha512_final(&ctx, nonce);
	sc_reduce(r, nonce);              /* r = SHA-512(prefix || M) mod L */

	ge_scalarmult_base(&rp, r);
	ge_encode(sig, &rp);              /* R = [r]B */

	sha512_init(&ctx);
	sha512_update(&ctx, sig, 32);
	sha512_update(&ctx, pub, ED25519_PUBLIC_KEY_SIZE);
	sha512_update(&ctx, msg, len);
	sha512_final(&ctx, hram);
	sc_reduce(k, hram);               /* k = SHA-512(R || A || M) mod L */

	sc_muladd(sig + 32, k, az, r);    /* S = (r + k s) mod L */

	ct_wipe(az, sizeof az);
	ct_wipe(nonce, sizeof nonce);
	ct_wipe(r, sizeof r);
	ct_wipe(&rp, sizeof rp);
	ct_wipe(&ctx, sizeof ctx);
}

/*
 * RFC 8032 5.1.7, cofactorless: accept when [S]B - [k]A encodes to exactly the R bytes of the
 * signature. An R that is non-canonical (y >= p, or x = 0 with the sign bit set) or not on the
 * curve can never equal an encoding this code produces, so comparing the bytes rejects every R
 * that RFC 8032 decoding would refuse, without decoding R.
 */
bool ed25519_verify(const uint8_t sig[ED25519_SIGNATURE_SIZE], const void *msg, size_t len,
		    const uint8_t pub[ED25519_PUBLIC_KEY_SIZE])
{
	struct ge a, r;
	struct sha512_ctx ctx;
	uint8_t hram[64], k[32], rcheck[32];

	if (!sc_canonical(sig + 32))
		return false;
	if (!ge_decode(&a, pub))
		return false;

	sha512_init(&ctx);
	sha512_update(&ctx, sig, 32);
	sha512_update(&ctx, pub, ED25519_PUBLIC_KEY_SIZE);
	sha512_update(&ctx, msg, len);
	sha512_final(&ctx, hram);
	sc_reduce(k, hram);

	ge_neg(&a, &a);
	ge_double_scalarmult_vartime(&r, k, &a, sig + 32);
	ge_encode(rcheck, &r);
	return ct_equal(rcheck, sig, 32);
}
