/* test_fp.c — KA10 floating point: hand-worked values, flags, L forms, and a randomized exact reference model. */
#include <criterion/criterion.h>
#include <stdio.h>
#include "fp.h"

#define ONE    0201400000000ULL
#define TWO    0202400000000ULL
#define THREE  0202600000000ULL
#define HALF   0200400000000ULL
#define MONE   0576400000000ULL
#define OVF    (F_AROV | F_FOV)
#define UNF    (F_AROV | F_FOV | F_FXU)
#define NODIV  (F_AROV | F_FOV | F_DCK)

/* Helpers that run a function with fresh flags and compare. */
static void add_is(word a, word b, int r, word want, uint32_t wantfl)
{
	uint32_t fl = 0;
	word got = fp_add(a, b, r, NULL, &fl);
	cr_assert_eq(got, want, "FAD%s %012llo,%012llo = %012llo, want %012llo", r ? "R" : "",
		(unsigned long long)a, (unsigned long long)b, (unsigned long long)got,
		(unsigned long long)want);
	cr_assert_eq(fl, wantfl, "FAD flags %o, want %o", fl, wantfl);
}

static void sub_is(word a, word b, int r, word want, uint32_t wantfl)
{
	uint32_t fl = 0;
	word got = fp_sub(a, b, r, NULL, &fl);
	cr_assert_eq(got, want, "FSB%s %012llo,%012llo = %012llo, want %012llo", r ? "R" : "",
		(unsigned long long)a, (unsigned long long)b, (unsigned long long)got,
		(unsigned long long)want);
	cr_assert_eq(fl, wantfl, "FSB flags %o, want %o", fl, wantfl);
}

static void mul_is(word a, word b, int r, word want, uint32_t wantfl)
{
	uint32_t fl = 0;
	word got = fp_mul(a, b, r, NULL, &fl);
	cr_assert_eq(got, want, "FMP%s %012llo,%012llo = %012llo, want %012llo", r ? "R" : "",
		(unsigned long long)a, (unsigned long long)b, (unsigned long long)got,
		(unsigned long long)want);
	cr_assert_eq(fl, wantfl, "FMP flags %o, want %o", fl, wantfl);
}

static void div_is(word a, word b, int r, word want, uint32_t wantfl)
{
	uint32_t fl = 0;
	word got = 0;
	int ok = fp_div(a, b, r, &got, &fl);
	cr_assert(ok, "FDV %012llo,%012llo did not divide", (unsigned long long)a,
		(unsigned long long)b);
	cr_assert_eq(got, want, "FDV%s %012llo,%012llo = %012llo, want %012llo", r ? "R" : "",
		(unsigned long long)a, (unsigned long long)b, (unsigned long long)got,
		(unsigned long long)want);
	cr_assert_eq(fl, wantfl, "FDV flags %o, want %o", fl, wantfl);
}

static void nodiv(word a, word b)
{
	uint32_t fl = 0;
	word q = 0123;
	cr_assert_eq(fp_div(a, b, 0, &q, &fl), 0);
	cr_assert_eq(q, 0123, "no divide must not store");
	cr_assert_eq(fl, (uint32_t)NODIV);
}

static void fsc_is(word a, addr e, word want, uint32_t wantfl)
{
	uint32_t fl = 0;
	word got = fp_fsc(a, e, &fl);
	cr_assert_eq(got, want, "FSC %012llo,%o = %012llo, want %012llo", (unsigned long long)a,
		e, (unsigned long long)got, (unsigned long long)want);
	cr_assert_eq(fl, wantfl, "FSC flags %o, want %o", fl, wantfl);
}

static void ufa_is(word a, word b, word want, uint32_t wantfl)
{
	uint32_t fl = 0;
	word got = fp_ufa(a, b, &fl);
	cr_assert_eq(got, want, "UFA %012llo,%012llo = %012llo, want %012llo",
		(unsigned long long)a, (unsigned long long)b, (unsigned long long)got,
		(unsigned long long)want);
	cr_assert_eq(fl, wantfl, "UFA flags %o, want %o", fl, wantfl);
}

Test(fp, add_basic)
{
	add_is(ONE, ONE, 0, TWO, 0);
	add_is(ONE, TWO, 0, THREE, 0);
	add_is(HALF, HALF, 0, ONE, 0);
	add_is(ONE, 0, 0, ONE, 0);
	add_is(0, ONE, 0, ONE, 0);
	add_is(0, 0, 0, 0, 0);
	add_is(ONE, MONE, 0, 0, 0);
	add_is(MONE, MONE, 0, 0575400000000ULL, 0);     /* -2.0 */
	add_is(MONE, THREE, 1, TWO, 0);
	sub_is(TWO, ONE, 0, ONE, 0);
	sub_is(ONE, TWO, 0, MONE, 0);
	sub_is(THREE, THREE, 1, 0, 0);
	sub_is(0, ONE, 0, MONE, 0);
	/* a - a = 0 and a + 0 = a for an awkward value */
	sub_is(0123456701234ULL, 0123456701234ULL, 0, 0, 0);
	add_is(0654321076543ULL, 0, 0, 0654321076543ULL, 0);
}

/* Truncation and rounding.  2^-27 = 146400000000 is half an LSB of 1.0. */
Test(fp, add_round)
{
	add_is(ONE, 0146400000000ULL, 0, ONE, 0);
	add_is(ONE, 0146400000000ULL, 1, 0201400000001ULL, 0);  /* tie: up */
	add_is(ONE, 0145400000000ULL, 1, ONE, 0);               /* quarter: down */
	/* -1 - 2^-27: truncation is toward minus infinity; the negative tie
	 * is not rounded, i.e. it goes away from zero too. */
	add_is(MONE, 0631400000000ULL, 0, 0576377777777ULL, 0);
	add_is(MONE, 0631400000000ULL, 1, 0576377777777ULL, 0);
	/* -1 - 2^-28: floor is -(1 + 2^-26); nearest is -1. */
	add_is(MONE, 0632400000000ULL, 0, 0576377777777ULL, 0);
	add_is(MONE, 0632400000000ULL, 1, MONE, 0);
	/* 0.111...1 (27 ones, exp 0) + its LSB: rounding carries and renormalizes */
	add_is(0200777777777ULL, 0146400000000ULL, 1, ONE, 0);
}

/* The smaller operand shifted far right: a negative one leaves its sign
 * bits (-1 in the last MQ bit) up to a difference of 64, and is dropped
 * from 65 on. */
Test(fp, add_far_apart)
{
	add_is(ONE, 0646400000000ULL, 0, 0200777777777ULL, 0);  /* -2^-40, d=40 */
	add_is(ONE, 0646400000000ULL, 1, ONE, 0);
	add_is(ONE, 0676400000000ULL, 0, 0200777777777ULL, 0);  /* d=64 */
	add_is(ONE, 0677400000000ULL, 0, ONE, 0);               /* d=65 */
	add_is(ONE, 0101400000000ULL, 0, ONE, 0);               /* +tiny */
	add_is(0677400000000ULL, ONE, 0, ONE, 0);               /* order */
}

Test(fp, add_flags)
{
	add_is(0377400000000ULL, 0377400000000ULL, 0, 0000400000000ULL, OVF);
	/* 3/4 - 1/2 at exponent 0: 1/4 -> 1/2 * 2^-129, stored exponent 377 */
	sub_is(0000600000000ULL, 0000400000000ULL, 0, 0377400000000ULL, UNF);
	/* negative overflow */
	add_is(0400377777777ULL, 0400377777777ULL, 0, 0777377777777ULL, OVF);
}

Test(fp, add_long)
{
	uint32_t fl = 0;
	word lo = 0777;
	/* 1 + 2^-30: low word 2^-30 = exponent 146, fraction 040000000 */
	cr_assert_eq(fp_add(ONE, 0143400000000ULL, 0, &lo, &fl), ONE);
	cr_assert_eq(lo, 0146040000000ULL);
	/* exact: low word 0 */
	cr_assert_eq(fp_add(ONE, ONE, 0, &lo, &fl), TWO);
	cr_assert_eq(lo, 0);
	/* -1 - 2^-30: high is the floor, low is the positive remainder */
	cr_assert_eq(fp_sub(MONE, 0143400000000ULL, 0, &lo, &fl), 0576377777777ULL);
	cr_assert_eq(lo, 0146740000000ULL);
	cr_assert_eq(fl, 0u);
	/* FSBL 0 */
	cr_assert_eq(fp_sub(ONE, ONE, 0, &lo, &fl), 0);
	cr_assert_eq(lo, 0);
}

Test(fp, mul_basic)
{
	mul_is(TWO, THREE, 0, 0203600000000ULL, 0);         /* 6.0 */
	mul_is(ONE, 0123456701234ULL | 0400000000ULL, 0, 0123456701234ULL | 0400000000ULL, 0);
	mul_is(MONE, MONE, 0, ONE, 0);
	mul_is(MONE, TWO, 0, 0575400000000ULL, 0);
	mul_is(TWO, MONE, 1, 0575400000000ULL, 0);
	mul_is(HALF, HALF, 0, 0177400000000ULL, 0);
	mul_is(0, ONE, 0, 0, 0);
	mul_is(0201000000000ULL, ONE, 0, 0, 0);             /* zero fraction */
}

Test(fp, mul_round)
{
	word a = 0201400000001ULL;                          /* 1 + 2^-26 */
	word na = 0576377777777ULL;
	mul_is(a, a, 0, 0201400000002ULL, 0);
	mul_is(a, a, 1, 0201400000002ULL, 0);
	mul_is(a, na, 0, 0576377777775ULL, 0);              /* floor: magnitude up */
	mul_is(a, na, 1, 0576377777776ULL, 0);              /* nearest */
	/* (1 + 2^-26) * 1.5: exactly half an LSB over */
	mul_is(a, 0201600000000ULL, 0, 0201600000001ULL, 0);
	mul_is(a, 0201600000000ULL, 1, 0201600000002ULL, 0);
	mul_is(na, 0201600000000ULL, 0, 0576177777776ULL, 0);
	mul_is(na, 0201600000000ULL, 1, 0576177777776ULL, 0);
}

Test(fp, mul_flags)
{
	mul_is(0377400000000ULL, 0377400000000ULL, 0, 0175400000000ULL, OVF);
	mul_is(0000400000000ULL, 0000400000000ULL, 0, 0177400000000ULL, UNF);
	mul_is(0377400000000ULL, 0400377777777ULL, 0, 0602377777777ULL, OVF);
}

Test(fp, mul_long)
{
	uint32_t fl = 0;
	word lo = 0;
	cr_assert_eq(fp_mul(0201400000001ULL, 0201400000001ULL, 0, &lo, &fl), 0201400000002ULL);
	cr_assert_eq(lo, 0146000000002ULL);                 /* 2^-52 */
	cr_assert_eq(fp_mul(0201400000001ULL, 0576377777777ULL, 0, &lo, &fl), 0576377777775ULL);
	cr_assert_eq(lo, 0146777777776ULL);                 /* 2^-26 - 2^-52 */
	cr_assert_eq(fl, 0u);
	/* low exponent would be negative: low word 0 */
	cr_assert_eq(fp_mul(0024400000001ULL, 0201400000001ULL, 0, &lo, &fl), 0024400000002ULL);
	cr_assert_eq(lo, 0);
	/* underflow: low word 0 */
	cr_assert_eq(fp_mul(0000400000001ULL, 0000400000001ULL, 0, &lo, &fl), 0177400000002ULL);
	cr_assert_eq(lo, 0);
	cr_assert_eq(fl, (uint32_t)UNF);
}

Test(fp, div_basic)
{
	div_is(0203600000000ULL, THREE, 0, TWO, 0);         /* 6/3 */
	div_is(ONE, ONE, 0, ONE, 0);
	div_is(ONE, TWO, 1, HALF, 0);
	div_is(MONE, ONE, 0, MONE, 0);
	div_is(MONE, MONE, 0, ONE, 0);
	div_is(THREE, ONE, 0, THREE, 0);                    /* a/1 = a */
	div_is(ONE, THREE, 0, 0177525252525ULL, 0);
	div_is(ONE, THREE, 1, 0177525252525ULL, 0);
	div_is(MONE, THREE, 0, 0600252525253ULL, 0);        /* magnitude truncated */
	div_is(ONE, w_neg(THREE), 1, 0600252525253ULL, 0);
	/* 1/7 = .100100...: the 28th bit is 1 */
	div_is(ONE, 0203700000000ULL, 0, 0176444444444ULL, 0);
	div_is(ONE, 0203700000000ULL, 1, 0176444444445ULL, 0);
	div_is(MONE, 0203700000000ULL, 0, 0601333333334ULL, 0);
	div_is(MONE, 0203700000000ULL, 1, 0601333333333ULL, 0);
	/* unnormalized dividend: the quotient is normalized */
	div_is(0200001000000ULL, ONE, 0, 0170400000000ULL, 0);
	/* a dividend with a zero fraction: the quotient is 0 (DAKDB) */
	div_is(0, THREE, 0, 0, 0);
	div_is(0200000000000ULL, THREE, 0, 0, 0);
	div_is(0537000000000ULL, THREE, 1, 0, 0);
	div_is(0, 0, 0, 0, 0);
	/* 400000000000 divides as +1/2 * 2^126 (the KA10 simulator) */
	div_is(0400000000000ULL, ONE, 0, 0376400000000ULL, 0);
	/* divisor -1.0 written with a zero fraction field: 1/2 * 2^1 */
	div_is(ONE, 0577000000000ULL, 0, MONE, 0);
}

Test(fp, div_nodivide)
{
	nodiv(ONE, 0);
	nodiv(ONE, 0201000000000ULL);
	nodiv(ONE, 0201100000000ULL);                       /* 1/2 >= 2 * 1/8 */
	uint32_t fl = 0;
	word q, r;
	cr_assert_eq(fp_divl(ONE, 0, 0, &q, &r, &fl), 0);
	cr_assert_eq(fl, (uint32_t)NODIV);
}

Test(fp, div_flags)
{
	/* 2^255: SC 600 counts as an overflow, not an underflow */
	div_is(0377400000000ULL, 0000400000000ULL, 0, 0200400000000ULL, OVF);
	div_is(0377400000000ULL, 0001400000000ULL, 0, 0177400000000ULL, OVF);
	div_is(0000400000000ULL, 0377400000000ULL, 0, 0202400000000ULL, UNF);
}

Test(fp, div_long)
{
	uint32_t fl = 0;
	word q, r;
	/* 1/3: remainder 2^-28, the dividend's sign */
	cr_assert_eq(fp_divl(ONE, 0, THREE, &q, &r, &fl), 1);
	cr_assert_eq(q, 0177525252525ULL);
	cr_assert_eq(r, 0146200000000ULL);
	cr_assert_eq(fp_divl(MONE, 0, THREE, &q, &r, &fl), 1);
	cr_assert_eq(q, 0600252525253ULL);
	cr_assert_eq(r, 0631600000000ULL);
	cr_assert_eq(fp_divl(ONE, 0, w_neg(THREE), &q, &r, &fl), 1);
	cr_assert_eq(q, 0600252525253ULL);
	cr_assert_eq(r, 0146200000000ULL);
	/* exact: remainder 0 */
	cr_assert_eq(fp_divl(0203600000000ULL, 0, TWO, &q, &r, &fl), 1);
	cr_assert_eq(q, THREE);
	cr_assert_eq(r, 0);
	cr_assert_eq(fl, 0u);
}

Test(fp, fsc)
{
	fsc_is(ONE, 1, TWO, 0);
	fsc_is(ONE, 0777777, HALF, 0);                      /* -1 */
	fsc_is(ONE, 0400377, HALF, 0);                      /* only bits 18, 28-35 count */
	fsc_is(0, 5, 0, 0);
	fsc_is(0201000000000ULL, 5, 0, 0);
	fsc_is(3, 0233, THREE, 0);                          /* float an integer */
	fsc_is(MONE, 2, 0574400000000ULL, 0);               /* -4.0 */
	fsc_is(0201100000000ULL, 0, 0177400000000ULL, 0);   /* normalizes */
	fsc_is(0377400000000ULL, 1, 0000400000000ULL, OVF);
	fsc_is(0000400000000ULL, 0777777, 0377400000000ULL, UNF);
	fsc_is(ONE, 0400000, ONE, UNF);                     /* -256: exponent wraps */
}

Test(fp, ufa)
{
	ufa_is(ONE, ONE, TWO, 0);
	ufa_is(ONE, HALF, 0201600000000ULL, 0);
	ufa_is(ONE, 0577200000000ULL, 0201100000000ULL, 0); /* 1 - 0.75: not normalized */
	ufa_is(ONE, MONE, 0, 0);
	ufa_is(0377400000000ULL, 0377400000000ULL, 0000400000000ULL, OVF);
	/* fraction -1 has magnitude 1: one step to -1/2 (manual, KLH10, DAKDB) */
	ufa_is(0577400000000ULL, 0577400000000ULL, MONE, 0);
	/* high fraction 0 but low bits: the exponent stays (manual, KLH10, DAKDB) */
	ufa_is(0201000000000ULL, 0143400000000ULL, 0201000000000ULL, 0);
	/* nothing left above MQ bit 28: 0 (DAKDB) */
	ufa_is(0200000000000ULL, 0111400000000ULL, 0, 0);
}

Test(fp, dfn)
{
	word hi = ONE, lo = 0;
	fp_dfn(&hi, &lo);
	cr_assert_eq(hi, MONE);
	cr_assert_eq(lo, 0);
	hi = 0201400000002ULL, lo = 0146000000002ULL;
	fp_dfn(&hi, &lo);
	cr_assert_eq(hi, 0576377777775ULL);
	cr_assert_eq(lo, 0146777777776ULL);
	fp_dfn(&hi, &lo);
	cr_assert_eq(hi, 0201400000002ULL);
	cr_assert_eq(lo, 0146000000002ULL);
	hi = ONE, lo = 0777000000000ULL;                    /* low bits 0-8 kept */
	fp_dfn(&hi, &lo);
	cr_assert_eq(hi, MONE);
	cr_assert_eq(lo, 0777000000000ULL);
	hi = 0, lo = 0;
	fp_dfn(&hi, &lo);
	cr_assert_eq(hi, 0);
	cr_assert_eq(lo, 0);
}

/* ---- Randomized comparison against an exact reference model ----
 *
 * The model knows nothing of registers: it takes the exact result as a
 * rational num/den * 2^scale with a sign, picks the exponent that puts the
 * magnitude in [1/2, 1), and then truncates toward minus infinity (FAD, FSB,
 * FMP), truncates the magnitude (FDV), or rounds to nearest with ties away
 * from zero (R forms).  Negative results are the two's complement of the
 * positive word.  Only normalized operands, exponents that stay in range,
 * and (for adds) exponent differences up to 28, where the KA10 loses no bits
 * of the smaller operand, are used. */

typedef unsigned __int128 u128;
enum { R_FLOOR, R_TRUNC, R_NEAR, R_NEAR_KA };

static uint64_t rng = 0x9e3779b97f4a7c15ULL;
static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static word mkword(int neg, int exp, uint64_t f)
{
	word w = ((word)exp << 27) | f;
	return neg ? w_neg(w) : w;
}

/* Returns 0 when the result's exponent is out of range (the case is skipped). */
static int ref(int neg, u128 num, u128 den, int scale, int mode, word *out)
{
	if (num == 0) {
		*out = 0;
		return 1;
	}
	int p = 0;
	while (num / den >= ((u128)1 << 27)) {
		den <<= 1;
		p--;
	}
	while (num / den < ((u128)1 << 26)) {
		num <<= 1;
		p++;
	}
	uint64_t f = (uint64_t)(num / den);
	u128 rem = num % den;
	int k = scale - p + 27;
	/* R_NEAR_KA (FADR, FMPR): a negative result whose floor is a fraction of
	 * -1 is made -1/2 before rounding, and then never rounds (the KA10
	 * simulator). */
	if (mode == R_NEAR_KA)
		mode = (neg && rem && f == (1ULL << 27) - 1) ? R_FLOOR : R_NEAR;
	if ((mode == R_FLOOR && neg && rem) || (mode == R_NEAR && 2 * rem >= den))
		f++;
	if (f == (1ULL << 27)) {
		f >>= 1;
		k++;
	}
	if (k + 128 < 0 || k + 128 > 255)
		return 0;
	*out = mkword(neg, k + 128, f);
	return 1;
}

struct op { int neg, exp; uint64_t f; word w; };

static struct op rand_op(int lo, int hi)
{
	struct op o;
	o.neg = rnd() & 1;
	o.exp = lo + (int)(rnd() % (uint64_t)(hi - lo + 1));
	o.f = (1ULL << 26) | (rnd() & ((1ULL << 26) - 1));
	if (rnd() % 8 == 0)
		o.f = 1ULL << 26;                            /* powers of two */
	if (rnd() % 8 == 0)
		o.f = (1ULL << 27) - 1;
	o.w = mkword(o.neg, o.exp, o.f);
	return o;
}

/* The exact value of a word pair as a signed integer times 2^(exp-182). */
static __int128 dvalue(word hi, word lo, int *exp)
{
	__int128 f = (__int128)(hi & 0777777777ULL);
	if (hi & W_SIGN)
		f -= (__int128)1 << 27;
	*exp = (int)(((hi >> 27) & 0377) ^ ((hi & W_SIGN) ? 0377 : 0));
	f *= (__int128)1 << 27;
	if (lo) {
		cr_assert_eq((int)((lo >> 27) & 0777), *exp - 27, "low exponent");
		f += (__int128)(lo & 0777777777ULL);
	}
	return f;
}

Test(fp, random_add)
{
	for (int i = 0; i < 200000; i++) {
		struct op a = rand_op(40, 215), b;
		int d = (int)(rnd() % 29);
		b = rand_op(a.exp - d, a.exp - d);
		if (rnd() & 1) {
			struct op t = a; a = b; b = t;
		}
		int sub = rnd() & 1;
		int bneg = b.neg ^ sub;
		/* exact sum in units of 2^(min exp - 155) */
		int emin = a.exp < b.exp ? a.exp : b.exp;
		__int128 va = (__int128)a.f << (a.exp - emin), vb = (__int128)b.f << (b.exp - emin);
		__int128 s = (a.neg ? -va : va) + (bneg ? -vb : vb);
		int neg = s < 0;
		u128 mag = (u128)(neg ? -s : s);
		for (int r = 0; r < 2; r++) {
			word want, got;
			uint32_t fl = 0;
			if (!ref(neg, mag, 1, emin - 128 - 27, r ? R_NEAR_KA : R_FLOOR, &want))
				continue;
			got = sub ? fp_sub(a.w, b.w, r, NULL, &fl) : fp_add(a.w, b.w, r, NULL, &fl);
			cr_assert_eq(got, want, "%s%s %012llo %012llo = %012llo, model %012llo",
				sub ? "FSB" : "FAD", r ? "R" : "", (unsigned long long)a.w,
				(unsigned long long)b.w, (unsigned long long)got,
				(unsigned long long)want);
			cr_assert_eq(fl, 0u);
		}
		/* FADL: high + low is the sum truncated to 54 bits */
		if (s != 0 && emin > 60) {
			word lo, hi;
			uint32_t fl = 0;
			hi = sub ? fp_sub(a.w, b.w, 0, &lo, &fl) : fp_add(a.w, b.w, 0, &lo, &fl);
			int eh;
			__int128 v = dvalue(hi, lo, &eh);       /* units 2^(eh-182) */
			int sh = eh - 182 - (emin - 155);       /* exact s in those units */
			__int128 diff = sh >= 0 ? s - v * ((__int128)1 << sh) : s * ((__int128)1 << -sh) - v;
			cr_assert(sh >= 0 ? diff >= 0 && diff < ((__int128)1 << sh) : diff == 0,
				"FADL %012llo %012llo -> %012llo %012llo", (unsigned long long)a.w,
				(unsigned long long)b.w, (unsigned long long)hi, (unsigned long long)lo);
		}
	}
}

Test(fp, random_mul)
{
	for (int i = 0; i < 200000; i++) {
		struct op a = rand_op(70, 186), b = rand_op(70, 186);
		int neg = a.neg != b.neg;
		u128 p = (u128)a.f * b.f;
		int scale = a.exp + b.exp - 256 - 54;
		for (int r = 0; r < 2; r++) {
			word want, got;
			uint32_t fl = 0;
			if (!ref(neg, p, 1, scale, r ? R_NEAR_KA : R_FLOOR, &want))
				continue;
			got = fp_mul(a.w, b.w, r, NULL, &fl);
			cr_assert_eq(got, want, "FMP%s %012llo %012llo = %012llo, model %012llo",
				r ? "R" : "", (unsigned long long)a.w, (unsigned long long)b.w,
				(unsigned long long)got, (unsigned long long)want);
			cr_assert_eq(fl, 0u);
		}
		/* FMPL: high + low is the product exactly */
		if (a.exp + b.exp - 128 > 40 && a.exp + b.exp - 128 < 250) {
			word lo, hi, lo2, hi2;
			uint32_t fl = 0;
			hi = fp_mul(a.w, b.w, 0, &lo, &fl);
			int eh;
			__int128 v = dvalue(hi, lo, &eh);
			int sh = (eh - 182) - scale;
			cr_assert(sh <= 0);
			__int128 sp = neg ? -(__int128)p : (__int128)p;
			cr_assert(v == sp * ((__int128)1 << -sh),
				"FMPL %012llo %012llo -> %012llo %012llo", (unsigned long long)a.w,
				(unsigned long long)b.w, (unsigned long long)hi, (unsigned long long)lo);
			/* DFN of the product is the product of the negated operand */
			hi2 = fp_mul(w_neg(a.w), b.w, 0, &lo2, &fl);
			fp_dfn(&hi, &lo);
			cr_assert_eq(hi, hi2);
			cr_assert_eq(lo, lo2);
			cr_assert_eq(fl, 0u);
		}
	}
}

Test(fp, random_div)
{
	for (int i = 0; i < 200000; i++) {
		struct op a = rand_op(70, 186), b = rand_op(70, 186);
		int neg = a.neg != b.neg;
		int scale = a.exp - b.exp;
		for (int r = 0; r < 2; r++) {
			word want, got = 0;
			uint32_t fl = 0;
			if (!ref(neg, a.f, b.f, scale, r ? R_NEAR : R_TRUNC, &want))
				continue;
			cr_assert_eq(fp_div(a.w, b.w, r, &got, &fl), 1);
			cr_assert_eq(got, want, "FDV%s %012llo %012llo = %012llo, model %012llo",
				r ? "R" : "", (unsigned long long)a.w, (unsigned long long)b.w,
				(unsigned long long)got, (unsigned long long)want);
			cr_assert_eq(fl, 0u);
		}
	}
}

/* FDVL on a double-length dividend (an FMPL product): the quotient is the
 * truncated quotient of the whole dividend, and |dividend| - |q|*|divisor|
 * - |remainder| lies in [0, one unit of the remainder's last bit * 2). */
Test(fp, random_divl)
{
	for (int i = 0; i < 50000; i++) {
		struct op a = rand_op(100, 160), c = rand_op(100, 160), b = rand_op(100, 160);
		word hi, lo, q, r;
		uint32_t fl = 0;
		hi = fp_mul(a.w, c.w, 0, &lo, &fl);
		int eh, eq, er;
		__int128 x = dvalue(hi, lo, &eh);                /* units 2^(eh-182) */
		cr_assert_eq(fp_divl(hi, lo, b.w, &q, &r, &fl), 1);
		cr_assert_eq(fl, 0u);
		int xneg = x < 0;
		u128 xm = (u128)(xneg ? -x : x);
		word want;
		/* |x|/|b| = xm * 2^(eh-182) / (b.f * 2^(b.exp-155)) */
		if (!ref(xneg != b.neg, xm, b.f, eh - 182 - (b.exp - 155), R_TRUNC, &want))
			continue;
		cr_assert_eq(q, want, "FDVL %012llo %012llo / %012llo = %012llo, model %012llo",
			(unsigned long long)hi, (unsigned long long)lo, (unsigned long long)b.w,
			(unsigned long long)q, (unsigned long long)want);
		__int128 qv = dvalue(q, 0, &eq);                 /* units 2^(eq-182) */
		__int128 rv = r ? dvalue(r, 0, &er) : 0;
		if (!r)
			er = eh - 27;
		cr_assert((rv < 0) == (r != 0 && xneg), "remainder sign");
		/* everything in units of 2^(eh - 182 - 60) */
		int base = eh - 182 - 60;
		__int128 X = (__int128)xm << 60;
		__int128 QB = (__int128)((qv < 0 ? -qv : qv) >> 27) * (__int128)b.f;
		int qbexp = eq - 155 + b.exp - 155;              /* QB in 2^qbexp */
		QB = qbexp >= base ? QB << (qbexp - base) : QB >> (base - qbexp);
		__int128 R = (rv < 0 ? -rv : rv) >> 27;          /* units 2^(er-155) */
		R = R << (er - 155 - base);
		__int128 unit = (__int128)1 << (eh - 26 - 155 - base);
		__int128 diff = X - QB - R;
		cr_assert(diff >= 0 && diff < 2 * unit, "FDVL remainder %012llo %012llo / %012llo -> %012llo %012llo",
			(unsigned long long)hi, (unsigned long long)lo, (unsigned long long)b.w,
			(unsigned long long)q, (unsigned long long)r);
	}
}

Test(fp, random_dfn_involution)
{
	for (int i = 0; i < 100000; i++) {
		word hi = rnd() & W_MASK, lo = rnd() & W_MASK, h = hi, l = lo;
		fp_dfn(&h, &l);
		cr_assert_eq(l & ~0777777777ULL & W_MASK, lo & ~0777777777ULL & W_MASK);
		fp_dfn(&h, &l);
		cr_assert_eq(h, hi);
		cr_assert_eq(l, lo);
	}
}
