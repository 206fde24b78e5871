/* fp.c — KA10 single-precision floating point (FAD/FSB/FMP/FDV, L and R forms, UFA, DFN, FSC), bit for bit. */
#include <stddef.h>
#include "fp.h"

/*
 * Sources.  The primary model is the Open SIMH KA10 simulator
 * (PDP10/kx10_cpu.c, the non-KI/KL paths), which follows the KA10's AR/MQ/SC
 * registers and is checked against DEC's KA10 diagnostics.  KLH10's
 * kn10ops.c (Ken Harrenstien) is KL/KS-derived; where it and the KA10 simulator agree
 * (rounding, FMP truncation, FDV sign handling, DFN, FSC operand) that is
 * noted.  The DEC PDP-10 System Reference Manual (1968), as quoted in PCjs,
 * settles DFN and FSC.  DEC's own KA10 simulator inside the DAKDB diagnostic
 * (a model of the KA10's flow charts that DAKDB checks the machine against)
 * settles the cases where Open SIMH differs from it: UFA of a -1 fraction, a
 * zero-fraction FDV dividend.
 *
 * The working register ("x") is a uint64_t holding a two's complement
 * fraction: bit 63 and bit 62 are the sign, bit 61 catches a carry out of the
 * fraction, bits 60..34 are the 27 fraction bits of the word (bit 60 = 1/2),
 * bits 33..0 are the extension the KA10 keeps in MQ.  Only extension bits
 * 33..6 survive an add (MQ bits 1-28); the low word of an L form is bits
 * 33..7.  A word's value is its sign-extended fraction times 2^(exp - 128),
 * exp being bits 1-8, ones-complemented when the word is negative.
 */

#define FRAC     0777777777ULL          /* bits 9-35 */
#define FRAC_HI  0400000000ULL          /* bit 9: 1/2 */
#define X_SIGN   (1ULL << 63)
#define X_LSB    (1ULL << 34)           /* the word's last fraction bit */
#define X_RND    (1ULL << 33)           /* the bit below it */
#define X_EXT    (X_LSB - 1)            /* the MQ extension */
#define X_KEEP   (~077ULL)              /* what survives of the extension */

enum { N_NORM = 1, N_ROUND = 2 };

static int x_neg(uint64_t x) { return (x >> 63) != 0; }
static unsigned x_bit(uint64_t x, int n) { return (unsigned)(x >> n) & 1; }

/* Arithmetic right shift by n (0..63). */
static uint64_t x_asr(uint64_t x, int n)
{
	uint64_t r = x >> n;
	if (x_neg(x) && n > 0)
		r |= ~(~0ULL >> n);
	return r;
}

/* The exponent of w, excess 128, 0..255. */
static int w_exp(word w)
{
	return (int)(((w >> 27) & 0377) ^ (w_isneg(w) ? 0377 : 0));
}

/* w's fraction, sign-extended, in working-register position. */
static uint64_t w_frac(word w)
{
	uint64_t f = w & FRAC;
	if (w_isneg(w))
		f |= ~FRAC;
	return f << 34;
}

/* 1 when the 9-bit exponent sc is one the KA10 treats as "large" for the
 * underflow decision: bits 0400 and 0200 differ (0200..0577).  When the
 * exponent ends out of range, it is an underflow only if this was false
 * before normalization (the KA10 simulator's fxu_hold_set). */
static int sc_high(int sc)
{
	sc &= 0777;
	return ((sc & 0400) != 0) != ((sc & 0200) != 0);
}

/* Shift left while the sign, the carry bit and the first fraction bit agree. */
static uint64_t x_normalize(uint64_t x, int *sc)
{
	while (x != 0 && x_bit(x, 62) == x_bit(x, 61) && x_bit(x, 61) == x_bit(x, 60)) {
		x <<= 1;
		--*sc;
	}
	return x;
}

/* A fraction of exactly -1 (bits 62..34 = 11 000...) cannot be stored in
 * 27 bits: make it -1/2 with the exponent one larger.  Lower bits are
 * ignored, as the KA10 does. */
static uint64_t x_fix_minus_one(uint64_t x, int *sc)
{
	if (((x >> 34) & 03777777777ULL) == (3ULL << 27)) {
		x = x_asr(x, 1);
		++*sc;
	}
	return x;
}

/*
 * The KA10's common tail for FAD, FSB, UFA, FMP and FSC: x holds the
 * double-length result with exponent sc.  A carry out of the fraction is
 * undone by one right shift; the bits below MQ bit 28 are dropped; then
 * (N_NORM) the result is normalized, a fraction of -1 made -1/2, and (N_ROUND)
 * rounded once and renormalized.  Returns the high word; stores the L-form
 * low word in *low when low is non-NULL.  Sets AROV+FOV when the final
 * exponent is outside 0..255, and FXU too when that is an underflow (then the
 * low word is 0).  The stored exponent is the true one modulo 256.  A result
 * whose fraction bits 9-35 are all 0 is stored as 0: the KA10 keeps no
 * exponent (nor sign) without a fraction.
 */
static word x_finish(uint64_t x, int sc, int how, word *low, uint32_t *fl)
{
	sc &= 0777;
	if (x_bit(x, 62) != x_bit(x, 61)) {
		x = x_asr(x, 1);
		sc++;
	}
	if (x == 0) {
		if (low)
			*low = 0;
		return 0;
	}
	x &= X_KEEP;
	if (x == 0) {           /* all of it was below MQ bit 28 */
		if (low)
			*low = 0;
		return 0;
	}
	int high = sc_high(sc);
	if (how & N_NORM) {
		int rounded = 0;
		for (;;) {
			x = x_normalize(x, &sc);
			x = x_fix_minus_one(x, &sc);
			if (!(how & N_ROUND) || rounded || !(x & X_RND))
				break;
			/* Round half up, except that a negative result exactly
			 * half-way is left alone: in magnitude, ties go away
			 * from zero for both signs.  (the KA10 simulator; KLH10's FADR
			 * "no round if no other bits" and FMPR agree.) */
			unsigned first = x_bit(x, 60);
			if (!x_neg(x) || (x & X_EXT) != X_RND)
				x += X_LSB;
			x &= ~X_EXT;
			rounded = 1;
			if (x_bit(x, 60) != first) {
				x = x_asr(x, 1);
				sc++;
			}
		}
	} else {
		/* UFA.  The manual normalizes "only if the magnitude of [the]
		 * fractional part is >= 1"; a fraction of exactly -1 has
		 * magnitude 1, so it becomes -1/2 with the exponent one up
		 * (DEC's DAKDB simulator and KLH10; Open SIMH stores 0).  A
		 * sum whose fraction bits are all in MQ keeps its exponent. */
		x = x_fix_minus_one(x, &sc);
	}
	int under = 0;
	if (sc & 0400) {
		*fl |= F_AROV | F_FOV;
		if (!high) {
			*fl |= F_FXU;
			under = 1;
		}
	}
	int neg = x_neg(x);
	word hi = (x >> 34) & FRAC;
	hi |= (word)((sc ^ (neg ? 0377 : 0)) & 0377) << 27;
	if (neg)
		hi |= W_SIGN;
	if (low) {
		/* Low word: the next 27 bits of the two's complement
		 * fraction (never negated), exponent 27 less and never
		 * complemented, sign 0; all zero if that fraction is 0, the
		 * exponent would be negative, or the result underflowed. */
		int lsc = sc - 27;
		word lf = ((x & X_EXT) >> 7) & FRAC;
		*low = (lf == 0 || (lsc & 0400) || under) ? 0
			: ((word)(lsc & 0377) << 27) | lf;
	}
	return hi;
}

/*
 * FAD: the operand with the smaller exponent is shifted right (arithmetic,
 * bits falling off the end of the 62-bit AR,MQ are lost) by the difference;
 * from a difference of 65 on it is dropped entirely, so a negative operand
 * that would have left its sign bits behind counts as 0 (the KA10 simulator's KA limit).
 */
static word fadd(word a, word b, int how, word *low, uint32_t *fl)
{
	int ea = w_exp(a), eb = w_exp(b);
	uint64_t xa = w_frac(a), xb = w_frac(b);
	if (ea < eb) {
		int te = ea; ea = eb; eb = te;
		uint64_t tx = xa; xa = xb; xb = tx;
	}
	int d = ea - eb;
	if (d >= 65)
		xb = 0;
	else
		xb = x_asr(xb, d > 63 ? 63 : d);
	return x_finish(xa + xb, ea, how, low, fl);
}

word fp_add(word ac, word e, int round, word *low, uint32_t *fl)
{
	return fadd(ac, e, N_NORM | (round ? N_ROUND : 0), low, fl);
}

word fp_sub(word ac, word e, int round, word *low, uint32_t *fl)
{
	return fadd(ac, w_neg(e), N_NORM | (round ? N_ROUND : 0), low, fl);
}

word fp_ufa(word ac, word e, uint32_t *fl)
{
	return fadd(ac, e, 0, NULL, fl);
}

/* The magnitude of w's fraction (27 bits) and its exponent.  A negative word
 * whose fraction field is 0 is -1 * 2^(exp-128): it becomes 1/2 with the
 * exponent one up (the KA10 simulator's FMP and FDV divisor). */
static uint64_t w_mag(word w, int *exp)
{
	*exp = w_exp(w);
	if (!w_isneg(w))
		return w & FRAC;
	if ((w & FRAC) == 0) {
		++*exp;
		return FRAC_HI;
	}
	return w_neg(w) & FRAC;
}

/*
 * FMP: the 54-bit product of the magnitudes, negated if the signs differ,
 * then normalized and truncated like a sum — so a negative product truncates
 * toward minus infinity (magnitude up when bits are lost).  KLH10 gets the
 * same result by ones-complementing the truncated magnitude.
 */
word fp_mul(word ac, word e, int round, word *low, uint32_t *fl)
{
	int ea, eb;
	uint64_t ma = w_mag(ac, &ea), mb = w_mag(e, &eb);
	uint64_t x = (ma * mb) << 7;
	if (w_isneg(ac) != w_isneg(e))
		x = 0 - x;
	return x_finish(x, ea + eb - 128, N_NORM | (round ? N_ROUND : 0), low, fl);
}

/*
 * FSC: the scale factor is E bit 18 as sign (-256) plus E bits 28-35, added
 * to the exponent in the KA10's 9-bit SC, then the word is normalized (not
 * rounded).  A zero fraction gives 0.  Both sources agree on the operand;
 * the 9-bit wrap (e.g. exp 255 + 255 reads as an underflow) is the KA10 simulator's.
 */
word fp_fsc(word ac, addr e, uint32_t *fl)
{
	int n = (int)(e & 0377) - ((e & RH_SIGN) ? 0400 : 0);
	return x_finish(w_frac(ac), w_exp(ac) + n, N_NORM, NULL, fl);
}

/*
 * DFN: two's complement of the 63-bit number sign+exponent+54-bit fraction
 * in hi (bits 0-35) and lo (bits 9-35); lo's bits 0-8 are kept.  No flags.
 * (Manual; the KA10 simulator and KLH10 agree.)
 */
void fp_dfn(word *hi, word *lo)
{
	word lf = w_neg(*lo) & FRAC;
	*lo = (*lo & ~FRAC & W_MASK) | lf;
	*hi = (~*hi + (lf == 0)) & W_MASK;
}

static void no_divide(uint32_t *fl)
{
	*fl |= F_AROV | F_FOV | F_DCK;
}

/*
 * FDV: divides the magnitudes, truncating (or rounding half up) the
 * magnitude, then negates: a negative quotient is truncated toward zero
 * (KLH10: "on KA+KI it is always twos-complement").  No divide when the
 * dividend's fraction is at least twice the divisor's (so always when the
 * divisor's fraction is 0).  A dividend with a fraction of 0 (other than
 * 400000000000) gives 0, whatever the divisor.
 */
int fp_div(word ac, word e, int round, word *q, uint32_t *fl)
{
	int ea = w_exp(ac), eb;
	uint64_t ma = w_isneg(ac) ? (w_neg(ac) & FRAC) : (ac & FRAC);
	if ((ac & FRAC) == 0) {
		/* A dividend with no fraction gives the quotient 0, stored
		 * by FDVM and FDVB too (DEC's DAKDB simulates the KA10 so; Open
		 * SIMH stores nothing), except 400000000000, which is divided
		 * as +1/2 with its exponent (255) one down (Open SIMH). */
		if (ac != W_SIGN) {
			*q = 0;
			return 1;
		}
		ma = FRAC_HI;
		ea--;
		ac = 0;
	}
	uint64_t mb = w_mag(e, &eb);
	int neg = w_isneg(ac) != w_isneg(e);
	if (ma >= 2 * mb) {
		no_divide(fl);
		return 0;
	}
	int sc = ((ea - eb + 0201) & 0777);
	uint64_t qq = (ma << 28) / mb;          /* 28 or 29 bits, >= 2 */
	if (qq & (1ULL << 28))
		qq >>= 1;
	else
		sc--;
	/* The KA10 decides underflow here; 0600 also counts as "high". */
	int high = sc_high(sc) || (sc & 0777) == 0600;
	if (round)
		qq++;
	qq >>= 1;
	while (!(qq & FRAC_HI)) {               /* unnormalized operands */
		qq <<= 1;
		sc--;
	}
	if (sc & 0400) {
		*fl |= F_AROV | F_FOV;
		if (!high)
			*fl |= F_FXU;
	}
	word r = qq & FRAC;
	if (neg)
		r = (((r ^ FRAC) + 1) & FRAC) | W_SIGN;
	r |= (word)((sc ^ (neg ? 0377 : 0)) & 0377) << 27;
	*q = r;
	return 1;
}

/*
 * FDVL (the KA10 simulator): the dividend is AC (sign, exponent, high fraction) and the
 * fraction bits of AC+1; it is made positive as a 54-bit fraction.  The
 * 27-bit quotient is truncated, never rounded; it goes to AC.  The remainder,
 * with the dividend's sign and exponent (AC's exponent - 26, one less when
 * the dividend fraction was below the divisor's), unnormalized, goes to AC+1;
 * it is 0 when its fraction is 0 or its exponent would be negative.
 */
int fp_divl(word ac, word ac1, word e, word *q, word *r, uint32_t *fl)
{
	int ea = w_exp(ac), eb = w_exp(e);
	int sc = (ea - eb + 0200) & 0777, fe = ea - 26;
	int dneg = w_isneg(ac), neg = dneg != w_isneg(e);
	uint64_t hi = ac, lo = ac1 & FRAC;
	if (dneg) {
		lo = (0 - lo) & FRAC;
		hi = (~hi + (lo == 0)) & W_MASK;
	}
	hi &= FRAC;
	uint64_t mb = (w_isneg(e) ? w_neg(e) : e) & FRAC;
	if (hi >= 2 * mb) {
		no_divide(fl);
		return 0;
	}
	uint64_t num = (hi << 27) + lo, den = mb << 27, qq = 0;
	if (num < den) {
		num <<= 1;
		sc--;
		fe--;
	}
	for (int i = 0; i < 27; i++) {
		qq <<= 1;
		if (num >= den) {
			num -= den;
			qq |= 1;
		}
		num <<= 1;
	}
	uint64_t rem = (num >> 28) & FRAC;
	sc++;
	int high = 0;
	if (qq != 0) {
		while (!(qq & FRAC_HI)) {
			qq <<= 1;
			sc--;
		}
		high = sc_high(sc);
	} else {
		sc = fe = 0;
		neg = 0;
	}
	if (sc & 0400) {
		*fl |= F_AROV | F_FOV;
		if (!high)
			*fl |= F_FXU;
	}
	word qw = qq & FRAC;
	if (neg)
		qw = (((qw ^ FRAC) + 1) & FRAC) | W_SIGN;
	*q = qw | (word)((sc ^ (neg ? 0377 : 0)) & 0377) << 27;
	word rw = 0;
	if (rem != 0 && fe >= 0) {
		rw = rem;
		if (dneg)
			rw = (((rw ^ FRAC) + 1) & FRAC) | W_SIGN;
		rw |= (word)((fe ^ (dneg ? 0377 : 0)) & 0377) << 27;
	}
	*r = rw;
	return 1;
}
