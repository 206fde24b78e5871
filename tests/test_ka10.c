/* test_ka10.c — KA10 quirks checked against the record of the hardware: MUL with C(AC) = -2^35, FAD alignment, PI parity enable. */
#include <criterion/criterion.h>
#include "harness.h"

#define FL(c) LH((c)->mem[017])
#define SIGN 0400000000000ULL
#define ONES 0777777777777ULL

/* Run "MOVE 1,[a] / MOVE 2,[707070707070] / op 1,X / JSP 17,.+1" with X: b,
 * and check AC1, AC2, X and the flags.  AC2 = 707070707070 means untouched. */
static void one(const char *op, word a, word b, word w1, word w2, word wx, uint32_t fl)
{
	struct cpu *c = h_snipf("\tMOVE 1,[%llo]\n\tMOVE 2,[707070707070]\n\t%s 1,X\n"
				"\tJSP 17,.+1\n\tHALT .\nX:\t%llo\n",
				(unsigned long long)a, op, (unsigned long long)b);
	addr x = 01005;
	cr_expect_eq(c->mem[1], w1, "%s %012llo,%012llo: AC = %012llo, want %012llo", op,
		     (unsigned long long)a, (unsigned long long)b,
		     (unsigned long long)c->mem[1], (unsigned long long)w1);
	cr_expect_eq(c->mem[2], w2, "%s %012llo,%012llo: AC+1 = %012llo, want %012llo", op,
		     (unsigned long long)a, (unsigned long long)b,
		     (unsigned long long)c->mem[2], (unsigned long long)w2);
	cr_expect_eq(c->mem[x], wx, "%s %012llo,%012llo: E = %012llo, want %012llo", op,
		     (unsigned long long)a, (unsigned long long)b,
		     (unsigned long long)c->mem[x], (unsigned long long)wx);
	cr_expect_eq(FL(c), fl, "%s %012llo,%012llo: flags %06o, want %06o", op,
		     (unsigned long long)a, (unsigned long long)b, FL(c), fl);
	cpu_free(c);
}

#define U 0707070707070ULL

/* ---- C(AC) = -2^35 acts as +2^35 (the magnitude's sign stays set) ---- */

Test(ka10, mul_ac_min_times_one)
{
	one("MUL", SIGN, 1, 1, 0, 1, 0);
	one("MUL", SIGN, 2, 2, 0, 2, 0);
	one("MUL", SIGN, 0377777777777, 0377777777777, 0, 0377777777777, 0);
}

Test(ka10, mul_ac_min_times_negative)
{
	one("MUL", SIGN, ONES, ONES, SIGN, ONES, F_AROV);
	one("MUL", SIGN, ONES - 1, ONES - 1, SIGN, ONES - 1, F_AROV);
	one("MUL", SIGN, SIGN + 1, SIGN + 1, SIGN, SIGN + 1, F_AROV);
	one("MUL", SIGN, SIGN, SIGN, SIGN, SIGN, F_AROV);      /* -2^70: AROV as ever */
}

Test(ka10, imul_ac_min_times_negative_overflows)
{
	/* MUL's overflow (both operands negative, the product negative) is
	 * IMUL's too, though -2^35 fits (DEC's DAKDB simulator). */
	one("IMUL", SIGN, ONES, SIGN, U, ONES, F_AROV);
	one("IMUL", SIGN, ONES - 1, SIGN, U, ONES - 1, F_AROV);
	one("IMUL", ONES, SIGN, 0, U, SIGN, F_AROV);   /* E = -2^35 is plain: 2^35 */
}

Test(ka10, mul_ac_min_times_zero)
{
	one("MUL", SIGN, 0, 0, 0, 0, 0);
	one("IMUL", SIGN, 0, 0, U, 0, 0);
}

Test(ka10, mul_e_min_is_plain)
{
	/* -2^35 in memory is an ordinary operand. */
	one("MUL", 1, SIGN, ONES, SIGN, SIGN, 0);
	one("MUL", ONES, SIGN, 1, 0, SIGN, 0);
	one("IMUL", 1, SIGN, SIGN, U, SIGN, 0);
	one("IMUL", ONES, SIGN, 0, U, SIGN, F_AROV);
}

Test(ka10, mul_modes)
{
	one("MULM", SIGN, 1, SIGN, U, 1, 0);        /* E := the high word */
	one("MULM", SIGN, ONES, SIGN, U, ONES, F_AROV);
	one("MULB", SIGN, 1, 1, 0, 1, 0);
	one("MULB", SIGN, ONES, ONES, SIGN, ONES, F_AROV);
	struct cpu *c = h_snip("\tMOVSI 1,400000\n\tMULI 1,1\n\tJSP 17,.+1\n"
			       "\tMOVSI 3,400000\n\tMULI 3,3\n\tJSP 16,.+1\n");
	H_EQ(c->mem[1], 1);
	H_EQ(c->mem[2], 0);
	H_EQ(FL(c), 0);
	H_EQ(c->mem[3], 3);
	H_EQ(c->mem[4], 0);
	cpu_free(c);
}

Test(ka10, imul_ac_min)
{
	one("IMUL", SIGN, 1, 0, U, 1, F_AROV);
	one("IMUL", SIGN, 2, 0, U, 2, F_AROV);
	one("IMUL", SIGN, ONES, SIGN, U, ONES, F_AROV);
	one("IMUL", SIGN, SIGN, SIGN, U, SIGN, F_AROV);
}

Test(ka10, imul_modes)
{
	one("IMULM", SIGN, 1, SIGN, U, 0, F_AROV);
	one("IMULB", SIGN, ONES, SIGN, U, SIGN, F_AROV);
	struct cpu *c = h_snip("\tMOVSI 1,400000\n\tIMULI 1,1\n\tJSP 17,.+1\n");
	H_EQ(c->mem[1], 0);
	H_EQ(FL(c), F_AROV);
	cpu_free(c);
}

/* ---- FAD: the smaller operand is shifted right by the exponent difference
 * in the 62-bit AR,MQ, and only MQ's bits 1-28 are kept: what falls below is
 * lost; a sum with no fraction left is 0, exponent and all ---- */

#define Z200 0200000000000ULL     /* 0 * 2^0, unnormalized */
#define X111 0111400000000ULL     /* 1/2 * 2^-55 (exponent 067 below) */

Test(ka10, fad_zero_with_exponent_absorbs_tiny)
{
	one("FAD", Z200, X111, 0, U, X111, 0);
	one("FAD", X111, Z200, 0, U, Z200, 0);
	one("FAD", Z200, 0106777777777ULL, 0, U, 0106777777777ULL, 0);   /* 060 below */
	one("FADR", Z200, X111, 0, U, X111, 0);
	one("FSBR", 0377000000000ULL, 0271600000000ULL, 0, U, 0271600000000ULL, 0);
	one("FAD", 0377000000000ULL, 0300000000001ULL, 0, U, 0300000000001ULL, 0);
	one("FADM", Z200, X111, Z200, U, 0, 0);
	one("FADB", Z200, X111, 0, U, 0, 0);
	one("FADL", Z200, X111, 0, 0, X111, 0);
}

Test(ka10, fad_partly_lost)
{
	/* Differences up to 066 keep what is above MQ bit 28. */
	one("FAD", Z200, 0112777777777ULL, 0112400000000ULL, U, 0112777777777ULL, 0);
	one("FAD", Z200, 0120400000000ULL, 0120400000000ULL, U, 0120400000000ULL, 0);
	/* A negative operand leaves its sign bits behind: a tiny negative sum. */
	one("FSB", Z200, X111, 0665400000000ULL, U, X111, 0);
}

Test(ka10, ufa_nothing_left_is_zero)
{
	one("UFA", Z200, X111, Z200, 0, X111, 0);
	/* A sum of -1 becomes -1/2 (DAKDB; Open SIMH gives 0). */
	one("UFA", 0503000000000ULL, 0763625156327ULL, 0503000000000ULL, 0502400000000ULL,
	    0763625156327ULL, 0);
}

Test(ka10, fadr_minus_one_fixed_before_rounding)
{
	/* A sum of -1 becomes -1/2 (exponent up) first, then rounds. */
	one("FADR", 0642000000000ULL, 0102516662222ULL, 0641400000000ULL, U, 0102516662222ULL, 0);
	one("FSBR", 0505000000000ULL, 0540031413413ULL, 0504400000000ULL, U, 0540031413413ULL, 0);
}

/* ---- FDV with a dividend whose fraction is 0 ---- */

Test(ka10, fdv_zero_fraction_dividend_gives_zero)
{
	/* DEC's DAKDB simulator (Open SIMH leaves everything unchanged). */
	one("FDV", 0537000000000ULL, 0033667436315ULL, 0, U, 0033667436315ULL, 0);
	one("FDVM", 0354000000000ULL, 0553422530307ULL, 0354000000000ULL, U, 0, 0);
	one("FDVB", Z200, 0201400000000ULL, 0, U, 0, 0);
}

Test(ka10, fdv_zero_dividend_gives_zero)
{
	/* DEC's DAKDB: FDVB 0 by 110203772110 stores 0 in AC and E. */
	one("FDVB", 0, 0110203772110ULL, 0, U, 0, 0);
	one("FDVRM", 0, 0201400000000ULL, 0, U, 0, 0);
}

Test(ka10, fdv_min_dividend)
{
	/* 400000000000 divides as +1/2 with exponent 254. */
	one("FDV", SIGN, 0201400000000ULL, 0376400000000ULL, U, 0201400000000ULL, 0);
	one("FDVR", SIGN, 0201400000000ULL, 0376400000000ULL, U, 0201400000000ULL, 0);
	one("FDV", SIGN, 0601400000000ULL, 0776400000000ULL, U, 0601400000000ULL, F_AROV | F_FOV);
}

/* ---- PI: the parity-error interrupt enable (DAKAH checks it) ---- */

Test(ka10, pi_parity_enable)
{
	struct cpu *c = h_snip("\tCONO PI,40000\n\tCONI PI,1\n\tCONO PI,100000\n\tCONI PI,2\n"
			       "\tCONO PI,42377\n\tCONI PI,3\n\tCONO PI,10000\n\tCONI PI,4\n"
			       "\tCONO PI,40000\n\tCONO PI,1377\n\tCONI PI,5\n"
			       "\tCONO PI,20000\n\tCONI PI,6\n");
	H_EQ(c->mem[1], 0100000);     /* 040000 enables, CONI shows 100000 */
	H_EQ(c->mem[2], 0);           /* 100000 disables */
	H_EQ(c->mem[3], 0100377);     /* with all levels on and the system on */
	H_EQ(c->mem[4], 0);           /* 010000 clears it with the rest */
	H_EQ(c->mem[5], 0100200);     /* turning levels off leaves it */
	H_EQ(c->mem[6], 0100200);     /* 020000 does nothing on the KA10 */
	cpu_free(c);
}

/* ---- PI and JRST 10: what DAKAH expects ---- */

Test(ka10, jen_with_pi_off_keeps_the_level_held)
{
	struct cpu *c = h_snip("\tCONO PI,10000\n\tCONO PI,4300\n\tCONI PI,2\n\tCONO PI,400\n"
			       "\tJRST 10,.+1\n\tCONI PI,3\n\tCONO PI,200\n\tJRST 10,.+1\n\tCONI PI,4\n\tHALT .\n"
			       "\tLOC 42\n\tMOVEI 1,42\n");
	H_EQ(c->mem[1], 042);
	H_EQ(c->mem[2], 040200);      /* level 1 held, system on */
	H_EQ(c->mem[3], 040000);      /* system off: JRST 10 dismisses nothing */
	H_EQ(c->mem[4], 0200);        /* on again: it does */
	cpu_free(c);
}

Test(ka10, jen_in_user_io_mode_does_not_trap)
{
	struct cpu *c = h_snip("\tJRST 2,@[14000,,.+1]\n\tJRST 10,.+1\n\tMOVEI 1,1\n\tHALT .\n");
	H_EQ(c->mem[040], 0);
	H_EQ(c->mem[1], 1);
	cpu_free(c);
}

Test(ka10, blko_interrupt_serves_the_program_request_once)
{
	/* No overflow: the pointer advances once, nothing is held, 43 is not run. */
	struct cpu *c = h_snip("\tCONO PI,10000\n\tMOVE [BLKO 774,0]\n\tMOVEM 42\n\tSETZ\n"
			       "\tCONO PI,4300\n\tMOVEM 0,2\n\tCONI PI,3\n\tHALT .\n"
			       "\tLOC 43\n\tMOVEI 0,43\n");
	H_EQ(c->mem[2], 01000001);
	H_EQ(c->mem[3], 0200);
	cpu_free(c);
}

/* ---- DIV of -2^70 by 0 ---- */

Test(ka10, div_min_by_zero_divides)
{
	/* The dividend's magnitude overflows to itself and passes the
	 * no-divide test (DAKDB; Open SIMH agrees); any other divisor does not. */
	struct cpu *c = h_snip("\tMOVSI 1,400000\n\tSETZ 2,\n\tDIV 1,[0]\n\tJSP 17,.+1\n"
			       "\tMOVSI 3,400000\n\tMOVSI 4,400000\n\tDIV 3,[5]\n\tJSP 16,.+1\n");
	H_EQ(c->mem[1], SIGN | 1);
	H_EQ(c->mem[2], 0);
	H_EQ(FL(c), 0);
	H_EQ(c->mem[3], SIGN);
	H_EQ(c->mem[4], SIGN);
	H_EQ(LH(c->mem[016]), F_AROV | F_DCK);
	cpu_free(c);
}

/* ---- IBP is a byte instruction: with FPD (BIS) set it does not advance the
 * pointer (an earlier attempt did), and it clears FPD (the KA10 oracle) ---- */

Test(ka10, ibp_with_fpd_set_leaves_the_pointer_and_clears_fpd)
{
	struct cpu *c = h_snipf("\tJRST 2,@[XWD 20000,A]\nA:\tIBP P\n\tJSP 17,.+1\n\tHALT .\n"
				"P:\t440700000100\n");
	cr_expect_eq(c->mem[01004], 0440700000100ULL, "IBP with FPD: pointer %012llo",
		     (unsigned long long)c->mem[01004]);
	cr_expect_eq(FL(c) & 020000, 0, "IBP with FPD: flags %06o, FPD should be clear", FL(c));
	cpu_free(c);
}

/* IBP with FPD set moves no byte: the oracle deposits the AC there as DPB
 * would (corpus byte.118, byte.254), but no KA10 evidence says so
 * (tests/ka10/README.md); the PDP-6's logic ends IBP before any second part. */
Test(ka10, ibp_with_fpd_set_deposits_nothing)
{
	struct cpu *c = h_snipf("\tMOVEI 1,777\n\tJRST 2,@[XWD 20000,A]\nA:\tIBP 1,P\n\tJSP 17,.+1\n"
				"\tHALT .\nP:\tXWD 1100,W\nW:\t0\n");
	cr_expect_eq(c->mem[01005], 0001100001006ULL, "IBP with FPD: pointer %012llo",
		     (unsigned long long)c->mem[01005]);
	cr_expect_eq(c->mem[01006], 0, "IBP with FPD: byte word %012llo, should be 0",
		     (unsigned long long)c->mem[01006]);
	cr_expect_eq(c->mem[1], 0777, "IBP with FPD: AC %012llo", (unsigned long long)c->mem[1]);
	cpu_free(c);
}

Test(ka10, ibp_without_fpd_advances)
{
	struct cpu *c = h_snipf("\tIBP P\n\tJSP 17,.+1\n\tHALT .\nP:\t440700000100\n");
	cr_expect_eq(c->mem[01003], 0350700000100ULL, "IBP: pointer %012llo",
		     (unsigned long long)c->mem[01003]);
	cpu_free(c);
}
