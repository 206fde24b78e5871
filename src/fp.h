/* fp.h — KA10 floating point as pure functions of words. */
#ifndef TENVM_FP_H
#define TENVM_FP_H

#include <stdint.h>
#include "word.h"

/*
 * Each function computes what the KA10 computes, bit for bit, and ORs into *fl
 * the flags it sets (F_AROV, F_FOV, F_FXU, F_DCK); it never clears flags.
 * Operands are 36-bit words; results are 36-bit words.
 *
 * round: the R forms (FADR, FSBR, FMPR, FDVR and their I/M/B variants).
 * low:   non-NULL for the L forms (FADL, FSBL, FMPL): the low word of the
 *        double-length result is stored there (exponent 27 less, sign bit 0).
 */
word fp_add(word ac, word e, int round, word *low, uint32_t *fl);
word fp_sub(word ac, word e, int round, word *low, uint32_t *fl);
word fp_mul(word ac, word e, int round, word *low, uint32_t *fl);

/* FDV/FDVR: divide ac by e.  FDVL: divide the double-length ac,ac1 by e, the
 * quotient to *q and the remainder to *r.  Returns 0 when the KA10 does not
 * divide (it sets the flags and stores nothing), 1 when *q (and for FDVL *r)
 * hold the results to store. */
int fp_div(word ac, word e, int round, word *q, uint32_t *fl);
int fp_divl(word ac, word ac1, word e, word *q, word *r, uint32_t *fl);

/* FSC: scale ac by 2^n, n the signed 8-bit value of E's bits 28-35 as the KA10 reads it. */
word fp_fsc(word ac, addr e, uint32_t *fl);
/* UFA: unnormalized add; the result goes to AC+1. */
word fp_ufa(word ac, word e, uint32_t *fl);
/* DFN: negate the double-length floating number in AC (hi, in E's word? see
 * the KA10 manual: AC holds the high word and E the low word).  Updates both. */
void fp_dfn(word *hi, word *lo);

#endif
