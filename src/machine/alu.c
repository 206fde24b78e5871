/* alu.c — KA10 multiply, divide and shifts (the word-sized operations live in alu.h). */
#include "alu.h"

typedef __int128 i128;
typedef unsigned __int128 u128;

#define M70 ((((u128)1) << 70) - 1)

/* The KA10 multiplies magnitudes: it negates a negative C(AC), and the
 * negation of -2^35 overflows back to -2^35 with its sign still set, so the
 * product's sign comes out inverted: an AC operand of -2^35 acts as +2^35
 * (DEC's Processor Reference Manual says as much).  The memory operand has no
 * such quirk. */
static i128 alu_product(word ac, word e)
{
	i128 a = ac == W_SIGN ? ((i128)1 << 35) : (i128)w_sext(ac);
	return a * w_sext(e);
}

word alu_imul(word a, word b, uint32_t *fl)
{
	i128 p = alu_product(a, b);
	/* Out of range, or MUL's overflow: -2^35 (as +2^35) times a negative
	 * E sets AROV even when the product fits (DEC's DAKDB simulator). */
	if (p < -((i128)1 << 35) || p >= ((i128)1 << 35) ||
	    ((a & W_SIGN) && (b & W_SIGN) && p < 0))
		*fl |= F_AROV;
	word low = (word)p & ALU_M35;
	return p < 0 ? low | W_SIGN : low;
}

word alu_mul(word a, word b, word *lo, uint32_t *fl)
{
	i128 p = alu_product(a, b);
	word hi = (word)(p >> 35) & W_MASK;
	/* Two negative operands cannot give a negative product, except -2^35
	 * times -2^35 (2^70 does not fit) and the inverted sign of an AC of -2^35. */
	if ((a & W_SIGN) && (b & W_SIGN) && (hi & W_SIGN))
		*fl |= F_AROV;
	*lo = ((word)p & ALU_M35) | (hi & W_SIGN);
	return hi;
}

int alu_idiv(word a, word b, word *q, word *r, uint32_t *fl)
{
	if (b == 0 || (a == W_SIGN && (b == 1 || b == W_MASK))) {
		*fl |= F_AROV | F_DCK;
		return 0;
	}
	int64_t x = w_sext(a), y = w_sext(b);
	*q = w_of(x / y);
	*r = w_of(x % y);
	return 1;
}

int alu_div(word hi, word lo, word b, word *q, word *r, uint32_t *fl)
{
	if (hi == W_SIGN && (lo & ALU_M35) == 0 && b == 0) {
		/* -2^70: its magnitude overflows to itself and passes the
		 * no-divide test against 0, and the divide steps give
		 * 400000000001 rem 0 (DEC's DAKDB simulator; Open SIMH agrees). */
		*q = W_SIGN | 1;
		*r = 0;
		return 1;
	}
	i128 d = (i128)w_sext(hi) * ((i128)1 << 35) + (i128)(lo & ALU_M35);
	int64_t y = w_sext(b);
	u128 mag = d < 0 ? (u128)-d : (u128)d;
	u128 ymag = y < 0 ? (u128)-(i128)y : (u128)y;
	if ((mag >> 35) >= ymag) {          /* includes a zero divisor */
		*fl |= F_AROV | F_DCK;
		return 0;
	}
	*q = (word)(d / y) & W_MASK;
	*r = (word)(d % y) & W_MASK;
	return 1;
}

word alu_ash(word a, int n, uint32_t *fl)
{
	word sign = a & W_SIGN, m = a & ALU_M35;
	if (n > 0) {
		int k = n < 35 ? n : 35;
		word out = k == 35 ? m : m >> (35 - k);
		word fill = sign ? (k == 35 ? ALU_M35 : ((word)1 << k) - 1) : 0;
		if (out != fill)
			*fl |= F_AROV;
		return sign | (k == 35 ? 0 : (m << k) & ALU_M35);
	}
	int k = -n < 35 ? -n : 35;
	return w_of(w_sext(a) >> k);
}

word alu_rot(word a, int n)
{
	int r = ((n % 36) + 36) % 36;
	return r == 0 ? a : ((a << r) | (a >> (36 - r))) & W_MASK;
}

word alu_lsh(word a, int n)
{
	if (n >= 36 || n <= -36)
		return 0;
	return n >= 0 ? (a << n) & W_MASK : a >> -n;
}

/* ASHC on the 70-bit magnitude of hi bits 1-35, lo bits 1-35 (lo's bit 0 is
 * ignored and comes out equal to hi's); ROTC and LSHC on all 72 bits. */
void alu_shc(int f, word *hi, word *lo, int n, uint32_t *fl)
{
	if (f == 0) {
		if (n == 0)           /* no shift at all: AC+1 bit 0 is left as it was */
			return;
		word sign = *hi & W_SIGN;
		i128 v = (i128)w_sext(*hi) * ((i128)1 << 35) + (i128)(*lo & ALU_M35);
		u128 res;
		if (n > 0) {
			int k = n < 70 ? n : 70;
			i128 top = v >> (70 - k);
			if (top != 0 && top != -1)
				*fl |= F_AROV;
			res = ((u128)v << k) & M70;
		} else {
			int k = -n < 70 ? -n : 70;
			res = (u128)(v >> k) & M70;
		}
		*hi = sign | ((word)(res >> 35) & ALU_M35);
		*lo = sign | ((word)res & ALU_M35);
		return;
	}
	u128 x = ((u128)*hi << 36) | *lo, m72 = (((u128)1) << 72) - 1;
	if (f == 1) {
		int r = ((n % 72) + 72) % 72;
		if (r)
			x = ((x << r) | (x >> (72 - r))) & m72;
	} else if (n >= 72 || n <= -72) {
		x = 0;
	} else {
		x = n >= 0 ? (x << n) & m72 : x >> -n;
	}
	*hi = (word)(x >> 36) & W_MASK;
	*lo = (word)x & W_MASK;
}
