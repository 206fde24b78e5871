/* alu.h — KA10 fixed-point arithmetic, shifts and half-word counting, as pure functions. */
#ifndef TENVM_ALU_H
#define TENVM_ALU_H

#include "word.h"

/* Every function here returns a 36-bit result and ORs into *fl the flags the
 * KA10 sets (AROV, CRY0, CRY1, DCK); it never clears a flag. */

#define ALU_M35 0377777777777ULL   /* bits 1-35 */

/* The flags of a 36-bit sum s = a + b (+ carry in).  Bits 36 and 35 of
 * a ^ b ^ s are the carries out of bit 0 (CRY0) and out of bit 1 into bit 0
 * (CRY1); AROV is set when they differ.  The table, one octal digit per
 * (CRY0,CRY1) pair, holds AROV CRY0 CRY1 as 3 bits: 00 none, 01 AROV+CRY1,
 * 10 AROV+CRY0, 11 CRY0+CRY1. */
static inline unsigned alu_carry_bits(word a, word b, word s)
{
	return (unsigned)((a ^ b ^ s) >> 35) & 3;   /* CRY0 CRY1 as bits 1 0 */
}
static inline uint32_t alu_carry_flags(unsigned x)
{
	return (uint32_t)((03650u >> (3 * x)) & 7) << 15;
}
static inline uint32_t alu_carries(word a, word b, word s)
{
	return alu_carry_flags(alu_carry_bits(a, b, s));
}

/* a + b, with CRY0, CRY1 and AROV. */
static inline word alu_add(word a, word b, uint32_t *fl)
{
	word s = a + b;
	*fl |= alu_carries(a, b, s);
	return s & W_MASK;
}

/* a - b, computed as a + ~b + 1 with that sum's carries. */
static inline word alu_sub(word a, word b, uint32_t *fl)
{
	word nb = ~b & W_MASK;
	word s = a + nb + 1;
	*fl |= alu_carries(a, nb, s);
	return s & W_MASK;
}

/* -a as ~a + 1 (MOVN, MOVM): 0 sets CRY0 and CRY1; 400000000000 sets CRY1 and AROV. */
static inline word alu_neg(word a, uint32_t *fl) { return alu_sub(0, a, fl); }

/* AC + 1,,1 as one 36-bit add (KA10: a carry out of the right half enters the left). */
static inline word alu_aob(word a) { return (a + 01000001ULL) & W_MASK; }
static inline word alu_sob(word a) { return (a - 01000001ULL) & W_MASK; }
/* Push-down overflow: the add carries out of bit 0, the subtract borrows. */
static inline int alu_aob_carries(word a) { return a + 01000001ULL > W_MASK; }
static inline int alu_sob_borrows(word a) { return a < 01000001ULL; }

/* The shift count of ASH..LSHC: E bit 18 is the sign, bits 28-35 the magnitude. */
static inline int alu_count(addr e)
{
	int n = (int)(e & 0377);
	return (e & RH_SIGN) ? -((0400 - n) & 0377) : n;
}

word alu_imul(word a, word b, uint32_t *fl);
/* MUL: returns the high word, *lo the low word (its bit 0 the sign of the product). */
word alu_mul(word a, word b, word *lo, uint32_t *fl);
/* IDIV, DIV: return 0 (no divide: AROV and DCK set, nothing to store) or 1. */
int alu_idiv(word a, word b, word *q, word *r, uint32_t *fl);
int alu_div(word hi, word lo, word b, word *q, word *r, uint32_t *fl);

word alu_ash(word a, int n, uint32_t *fl);
word alu_rot(word a, int n);
word alu_lsh(word a, int n);
/* f: 0 ASHC, 1 ROTC, 2 LSHC on the double word hi,lo.  ROT and ROTC take the
 * count of E = 777400 as -256 (see alu_rot_count). */
void alu_shc(int f, word *hi, word *lo, int n, uint32_t *fl);
/* The rotate count of E: like alu_count but E = xxx400 with bit 18 set is -256. */
static inline int alu_rot_count(addr e)
{
	return ((e & RH_SIGN) && (e & 0377) == 0) ? -256 : alu_count(e);
}

#endif
