/* fp.h — KA10 floating point as pure functions of words. */
#ifndef TENVM_FP_H
#define TENVM_FP_H

#include <stdint.h>
#include "word.h"

/*
 * Each function computes what the KA10 computes, bit for bit, and ORs into *fl
 * the flags it sets (F_AROV, F_FOV, F_FXU, F_DCK); it never clears flags.
 * Operands are 36-bit words; results are 36-bit words.  Exponent overflow
 * sets AROV+FOV, underflow AROV+FOV+FXU; the stored exponent is then the true
 * one modulo 256.
 *
 * round: the R forms (FADR, FSBR, FMPR, FDVR and their I/M/B variants).  For
 *        the RI forms the caller passes the operand E,,0 as e.
 * low:   non-NULL for the L forms (FADL, FSBL, FMPL): the low word of the
 *        double-length result is stored there: the next 27 bits of the two's
 *        complement fraction, exponent 27 less (never complemented), sign 0;
 *        the whole word is 0 when that fraction is 0, its exponent would be
 *        negative, or the result underflowed.  (round with low is no KA10 form.)
 * Unrounded FAD/FSB/FMP truncate toward minus infinity; FDV truncates the
 * magnitude; the R forms round to nearest, ties away from zero.
 */
word fp_add(word ac, word e, int round, word *low, uint32_t *fl);
word fp_sub(word ac, word e, int round, word *low, uint32_t *fl);
word fp_mul(word ac, word e, int round, word *low, uint32_t *fl);

/* FDV/FDVR: divide ac by e.  FDVL: divide the double-length ac,ac1 (ac1's
 * bits 9-35 are the low fraction; its bits 0-8 are ignored) by e, the
 * truncated quotient to *q and the remainder (dividend's sign, unnormalized)
 * to *r.  Returns 0 when the KA10 does not divide: |dividend fraction| >=
 * 2*|divisor fraction| (always when e's fraction is 0); it then sets
 * AROV+FOV+DCK and nothing is stored.  A dividend whose fraction is 0 gives
 * the quotient 0 (but 400000000000 divides as +1/2 * 2^127).
 * Returns 1 when *q (and for FDVL *r) hold the results to store. */
int fp_div(word ac, word e, int round, word *q, uint32_t *fl);
int fp_divl(word ac, word ac1, word e, word *q, word *r, uint32_t *fl);

/* FSC: scale ac by 2^n and normalize (no rounding), n = E bits 28-35, minus
 * 256 when E bit 18 is set (so FSC AC,-1 with E = 777777 scales by 1/2). */
word fp_fsc(word ac, addr e, uint32_t *fl);
/* UFA: add, normalizing only by the one right shift of a fraction of
 * magnitude >= 1; the result (for AC+1) is 0 only when the double-length sum
 * is 0.  Only exponent overflow is possible. */
word fp_ufa(word ac, word e, uint32_t *fl);
/* DFN: negate the double-length number with *hi (AC) the high word and *lo
 * (memory E) the low one: the 54-bit fraction and *hi's sign and exponent are
 * negated as one two's complement number; *lo's bits 0-8 are kept.  No flags. */
void fp_dfn(word *hi, word *lo);

#endif
