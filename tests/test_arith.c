/* test_arith.c — ADD, SUB, IMUL, MUL, IDIV, DIV: results, carries, overflow, no-divide, modes. */
#include <criterion/criterion.h>
#include "harness.h"

/* The flags a JSP 17,.+1 stored (left half of AC17). */
#define FL(c) LH((c)->mem[017])
#define CRY01 (F_CRY0 | F_CRY1)
#define NODIV (F_AROV | F_DCK)

/* Run "MOVE 1,[a] / op 1,[b] / JSP 17,.+1" and check AC1 and the flags. */
static void op2(const char *op, word a, word b, word want, uint32_t wantfl)
{
	struct cpu *c = h_snipf("\tMOVE 1,[%llo]\n\t%s 1,[%llo]\n\tJSP 17,.+1\n",
				(unsigned long long)a, op, (unsigned long long)b);
	cr_expect_eq(c->mem[1], want, "%s %012llo,%012llo = %012llo, want %012llo", op,
		     (unsigned long long)a, (unsigned long long)b,
		     (unsigned long long)c->mem[1], (unsigned long long)want);
	cr_expect_eq(FL(c), wantfl, "%s %012llo,%012llo flags %06o, want %06o", op,
		     (unsigned long long)a, (unsigned long long)b, FL(c), wantfl);
	cpu_free(c);
}

/* ---- ADD: CRY0 out of bit 0, CRY1 out of bit 1, AROV = CRY0 xor CRY1 ---- */

Test(arith, add_no_carry)
{
	op2("ADD", 1, 2, 3, 0);
	op2("ADD", 0777777777776, 1, 0777777777777, 0);   /* -2 + 1 = -1 */
}

Test(arith, add_positive_overflow)
{
	/* carry into bit 0 but not out of it */
	op2("ADD", 0377777777777, 1, 0400000000000, F_AROV | F_CRY1);
	op2("ADD", 0200000000000, 0200000000000, 0400000000000, F_AROV | F_CRY1);
}

Test(arith, add_negative_overflow)
{
	/* carry out of bit 0 but not into it */
	op2("ADD", 0400000000000, 0400000000000, 0, F_AROV | F_CRY0);
	op2("ADD", 0400000000000, 0777777777777, 0377777777777, F_AROV | F_CRY0);
}

Test(arith, add_both_carries)
{
	op2("ADD", 0777777777777, 1, 0, CRY01);
	op2("ADD", 0777777777777, 0777777777777, 0777777777776, CRY01);
	op2("ADD", 5, 0777777777775, 2, CRY01);            /* 5 + -3 */
}

Test(arith, addi_immediate_is_positive)
{
	struct cpu *c = h_snip("\tMOVE 1,[377777777777]\n\tADDI 1,1\n\tJSP 17,.+1\n"
			       "\tMOVNI 2,1\n\tADDI 2,-1\n");
	H_EQ(c->mem[1], 0400000000000);
	H_EQ(FL(c), F_AROV | F_CRY1);
	/* -1 + 0,,777777 = 0,,777776 with both carries */
	H_EQ(c->mem[2], 0777776);
	cpu_free(c);
}

Test(arith, addm_and_addb)
{
	struct cpu *c = h_snip("\tMOVEI 1,5\n\tADDM 1,X\n\tMOVEI 2,7\n\tADDB 2,Y\n"
			       "\tHALT .\nX:\t10\nY:\t20\n");
	H_EQ(c->mem[1], 5);            /* M: memory only */
	H_EQ(c->mem[01005], 015);
	H_EQ(c->mem[2], 027);          /* B: both */
	H_EQ(c->mem[01006], 027);
	cpu_free(c);
}

Test(arith, addm_sets_flags)
{
	struct cpu *c = h_snip("\tMOVE 1,[377777777777]\n\tADDM 1,X\n\tJSP 17,.+1\n"
			       "\tHALT .\nX:\t1\n");
	H_EQ(c->mem[01004], 0400000000000);
	H_EQ(FL(c), F_AROV | F_CRY1);
	cpu_free(c);
}

/* ---- SUB: AC + ~E + 1, with that sum's carries ---- */

Test(arith, sub_carries)
{
	op2("SUB", 5, 3, 2, CRY01);
	op2("SUB", 3, 5, 0777777777776, 0);
	op2("SUB", 0, 0, 0, CRY01);                    /* 0 - 0 sets both carries */
	op2("SUB", 7, 7, 0, CRY01);
	op2("SUB", 0777777777777, 0777777777777, 0, CRY01);
}

Test(arith, sub_overflow)
{
	op2("SUB", 0400000000000, 1, 0377777777777, F_AROV | F_CRY0);
	op2("SUB", 0377777777777, 0777777777777, 0400000000000, F_AROV | F_CRY1);
	op2("SUB", 0, 0400000000000, 0400000000000, F_AROV | F_CRY1);
	op2("SUB", 0777777777777, 0400000000000, 0377777777777, CRY01);   /* -1 - -2^35 fits */
}

Test(arith, subi_subm_subb)
{
	struct cpu *c = h_snip("\tMOVEI 1,10\n\tSUBI 1,3\n\tMOVEI 2,100\n\tSUBM 2,X\n"
			       "\tMOVEI 3,1\n\tSUBB 3,Y\n\tHALT .\nX:\t1\nY:\t4\n");
	H_EQ(c->mem[1], 5);
	H_EQ(c->mem[2], 0100);
	H_EQ(c->mem[01007], 077);      /* SUBM: C(AC) - C(E) -> E */
	H_EQ(c->mem[3], 0777777777775);
	H_EQ(c->mem[01010], 0777777777775);
	cpu_free(c);
}

Test(arith, flags_are_sticky_and_jov_clears)
{
	/* A later add with no carry leaves the flags; JOV (JFCL 10) jumps and clears AROV. */
	struct cpu *c = h_snip("\tMOVE 1,[377777777777]\n\tADDI 1,1\n\tADDI 1,1\n"
			       "\tJOV .+2\n\tHALT .\n\tJSP 17,.+1\n");
	H_EQ(c->mem[1], 0400000000001);
	H_EQ(FL(c), F_CRY1);
	H_EQ(c->pc, 01006);
	cpu_free(c);
}

/* ---- IMUL ---- */

Test(arith, imul_signs)
{
	op2("IMUL", 3, 4, 014, 0);
	op2("IMUL", 0777777777775, 4, 0777777777764, 0);
	op2("IMUL", 3, 0777777777774, 0777777777764, 0);
	op2("IMUL", 0777777777775, 0777777777774, 014, 0);
	op2("IMUL", 0, 0777777777777, 0, 0);
}

Test(arith, imul_no_overflow_at_limits)
{
	op2("IMUL", 0400000, 0400000, 0200000000000, 0);          /* 2^34 */
	op2("IMUL", 0777777777776, 0200000000000, 0400000000000, 0); /* -2 * 2^34 = -2^35 fits */
	op2("IMUL", 1, 0400000000000, 0400000000000, 0);          /* C(AC) positive */
}

Test(arith, imul_overflow)
{
	/* 2^35 does not fit: AROV, the low 35 bits with the product's sign */
	op2("IMUL", 01000000, 0400000, 0, F_AROV);
}

Test(arith, imul_overflow_big)
{
	struct cpu *c = h_snip("\tMOVEI 1,^D123456\n\tIMUL 1,[^D654321]\n\tJSP 17,.+1\n"
			       "\tMOVNI 2,^D123456\n\tIMUL 2,[^D654321]\n\tJSP 16,.+1\n");
	H_EQ(c->mem[1], 0131666537100);
	H_EQ(FL(c), F_AROV);
	H_EQ(c->mem[2], 0646111240700);   /* the negated low 35 bits, sign set */
	H_EQ(LH(c->mem[016]), F_AROV);
	cpu_free(c);
}

Test(arith, imul_min_by_min)
{
	/* -2^35 * -2^35: AROV; both the KA10 (CC) and KS10 give 400000000000. */
	op2("IMUL", 0400000000000, 0400000000000, 0400000000000, F_AROV);
}

Test(arith, imul_modes)
{
	struct cpu *c = h_snip("\tMOVEI 1,3\n\tIMULI 1,-1\n\tMOVEI 2,5\n\tIMULM 2,X\n"
			       "\tMOVEI 3,6\n\tIMULB 3,Y\n\tHALT .\nX:\t7\nY:\t-2\n");
	H_EQ(c->mem[1], 02777775);     /* 3 * 0,,777777 */
	H_EQ(c->mem[2], 5);
	H_EQ(c->mem[01007], 043);
	H_EQ(c->mem[3], 0777777777764);
	H_EQ(c->mem[01010], 0777777777764);
	cpu_free(c);
}

/* ---- MUL: AC = high word, AC+1 = low 35 bits with bit 0 = the sign ---- */

Test(arith, mul_small)
{
	struct cpu *c = h_snip("\tMOVEI 1,3\n\tMUL 1,[5]\n\tMOVNI 3,3\n\tMUL 3,[5]\n"
			       "\tJSP 17,.+1\n");
	H_EQ(c->mem[1], 0);
	H_EQ(c->mem[2], 017);
	H_EQ(c->mem[3], 0777777777777);
	H_EQ(c->mem[4], 0777777777761);   /* low word carries the sign */
	H_EQ(FL(c), 0);
	cpu_free(c);
}

Test(arith, mul_zero_by_negative)
{
	struct cpu *c = h_snip("\tSETZ 1,\n\tSETO 2,\n\tMUL 1,[-5]\n");
	H_EQ(c->mem[1], 0);
	H_EQ(c->mem[2], 0);
	cpu_free(c);
}

Test(arith, mul_big)
{
	/* 123456789 * 987654321 = 121932631112635269 */
	struct cpu *c = h_snip("\tMOVE 1,[^D123456789]\n\tMUL 1,[^D987654321]\n"
			       "\tMOVN 3,[^D123456789]\n\tMUL 3,[^D987654321]\n\tJSP 17,.+1\n");
	H_EQ(c->mem[1], 015423042);
	H_EQ(c->mem[2], 0237377651605);
	H_EQ(c->mem[3], 0777762354735);
	H_EQ(c->mem[4], 0540400126173);
	H_EQ(FL(c), 0);
	cpu_free(c);
}

Test(arith, mul_power_of_two)
{
	/* 2^34 * 4 = 2^36: high word 2, low word 0 */
	struct cpu *c = h_snip("\tMOVE 1,[200000000000]\n\tMUL 1,[4]\n");
	H_EQ(c->mem[1], 2);
	H_EQ(c->mem[2], 0);
	cpu_free(c);
}

Test(arith, mul_min_by_min)
{
	/* -2^35 * -2^35 = 2^70 does not fit: AC = AC+1 = 400000000000, AROV. */
	struct cpu *c = h_snip("\tMOVE 1,[400000000000]\n\tMUL 1,[400000000000]\n\tJSP 17,.+1\n");
	H_EQ(c->mem[1], 0400000000000);
	H_EQ(c->mem[2], 0400000000000);
	H_EQ(FL(c), F_AROV);
	cpu_free(c);
}

Test(arith, mul_modes)
{
	struct cpu *c = h_snip("\tMOVEI 1,2\n\tMULI 1,-1\n\tMOVE 3,[200000000000]\n\tMOVEI 4,77\n"
			       "\tMULM 3,X\n\tMOVNI 5,1\n\tMULB 5,Y\n\tHALT .\nX:\t10\nY:\t3\n");
	H_EQ(c->mem[1], 0);
	H_EQ(c->mem[2], 01777776);     /* 2 * 0,,777777 */
	H_EQ(c->mem[01010], 4);        /* MULM: the high word of 2^34 * 8 = 2^37 */
	H_EQ(c->mem[3], 0200000000000);
	H_EQ(c->mem[4], 077);          /* MULM does not touch AC+1 */
	H_EQ(c->mem[5], 0777777777777);
	H_EQ(c->mem[6], 0777777777775);
	H_EQ(c->mem[01011], 0777777777777);
	cpu_free(c);
}

/* ---- IDIV: quotient toward zero, remainder with the dividend's sign ---- */

Test(arith, idiv_signs)
{
	struct cpu *c = h_snip("\tMOVEI 1,7\n\tIDIVI 1,2\n\tMOVNI 3,7\n\tIDIVI 3,2\n"
			       "\tMOVEI 5,7\n\tIDIV 5,[-2]\n\tMOVNI 7,7\n\tIDIV 7,[-2]\n\tJSP 17,.+1\n");
	H_EQ(c->mem[1], 3);
	H_EQ(c->mem[2], 1);
	H_EQ(c->mem[3], 0777777777775);
	H_EQ(c->mem[4], 0777777777777);
	H_EQ(c->mem[5], 0777777777775);
	H_EQ(c->mem[6], 1);
	H_EQ(c->mem[7], 3);
	H_EQ(c->mem[010], 0777777777777);
	H_EQ(FL(c), 0);
	cpu_free(c);
}

Test(arith, idiv_by_zero)
{
	struct cpu *c = h_snip("\tMOVEI 1,5\n\tMOVEI 2,6\n\tIDIVI 1,0\n\tJSP 17,.+1\n");
	H_EQ(c->mem[1], 5);
	H_EQ(c->mem[2], 6);
	H_EQ(FL(c), NODIV);
	cpu_free(c);
}

Test(arith, idiv_min_by_one)
{
	/* KA10: -2^35 / +1 and / -1 are both no-divide. */
	struct cpu *c = h_snip("\tMOVE 1,[400000000000]\n\tMOVEI 2,6\n\tIDIVI 1,1\n\tJSP 17,.+1\n"
			       "\tMOVE 3,[400000000000]\n\tMOVEI 4,7\n\tIDIV 3,[-1]\n\tJSP 16,.+1\n");
	H_EQ(c->mem[1], 0400000000000);
	H_EQ(c->mem[2], 6);
	H_EQ(FL(c), NODIV);
	H_EQ(c->mem[3], 0400000000000);
	H_EQ(c->mem[4], 7);
	H_EQ(LH(c->mem[016]), NODIV);
	cpu_free(c);
}

Test(arith, idiv_min_by_two)
{
	struct cpu *c = h_snip("\tMOVE 1,[400000000000]\n\tIDIVI 1,2\n\tJSP 17,.+1\n");
	H_EQ(c->mem[1], 0600000000000);
	H_EQ(c->mem[2], 0);
	H_EQ(FL(c), 0);
	cpu_free(c);
}

Test(arith, idiv_modes)
{
	struct cpu *c = h_snip("\tMOVEI 1,17\n\tMOVEI 2,55\n\tIDIVM 1,X\n\tMOVEI 3,23\n"
			       "\tIDIVB 3,Y\n\tHALT .\nX:\t4\nY:\t5\n");
	H_EQ(c->mem[01006], 3);        /* IDIVM: the quotient to memory only */
	H_EQ(c->mem[1], 017);
	H_EQ(c->mem[2], 055);
	H_EQ(c->mem[01007], 3);        /* IDIVB: memory, AC, AC+1 */
	H_EQ(c->mem[3], 3);
	H_EQ(c->mem[4], 4);
	cpu_free(c);
}

Test(arith, idivm_no_divide_stores_nothing)
{
	struct cpu *c = h_snip("\tMOVEI 1,17\n\tIDIVM 1,X\n\tIDIVB 1,X\n\tJSP 17,.+1\n"
			       "\tHALT .\nX:\t0\n");
	H_EQ(c->mem[01005], 0);
	H_EQ(c->mem[1], 017);
	H_EQ(FL(c), NODIV);
	cpu_free(c);
}

/* ---- DIV: AC,AC+1 (bit 0 of AC+1 ignored) by C(E) ---- */

Test(arith, div_simple)
{
	struct cpu *c = h_snip("\tSETZ 1,\n\tMOVEI 2,7\n\tDIV 1,[2]\n\tJSP 17,.+1\n");
	H_EQ(c->mem[1], 3);
	H_EQ(c->mem[2], 1);
	H_EQ(FL(c), 0);
	cpu_free(c);
}

Test(arith, div_ignores_low_sign)
{
	struct cpu *c = h_snip("\tSETZ 1,\n\tMOVE 2,[400000000005]\n\tDIVI 1,2\n");
	H_EQ(c->mem[1], 2);
	H_EQ(c->mem[2], 1);
	cpu_free(c);
}

Test(arith, div_double_length)
{
	/* 3*2^35 + 30071 divided by 1000 */
	struct cpu *c = h_snip("\tMOVEI 1,3\n\tMOVEI 2,30071\n\tDIVI 1,1000\n"
			       "\tMOVEI 3,4\n\tSETZ 4,\n\tDIVI 3,5\n");
	H_EQ(c->mem[1], 01400000030);
	H_EQ(c->mem[2], 071);
	H_EQ(c->mem[3], 0314631463146);   /* 4*2^35 / 5 */
	H_EQ(c->mem[4], 2);
	cpu_free(c);
}

Test(arith, div_negative_dividend)
{
	/* -(3*2^35 + 30071) as a double word: 777777777774, 777777747707 */
	struct cpu *c = h_snip("\tMOVE 1,[777777777774]\n\tMOVE 2,[777777747707]\n\tDIVI 1,1000\n"
			       "\tMOVNI 3,1\n\tMOVE 4,[777777777771]\n\tDIVI 3,2\n");
	H_EQ(c->mem[1], 0776377777750);
	H_EQ(c->mem[2], 0777777777707);
	H_EQ(c->mem[3], 0777777777775);   /* -7 / 2 = -3 rem -1 */
	H_EQ(c->mem[4], 0777777777777);
	cpu_free(c);
}

Test(arith, div_negative_divisor)
{
	struct cpu *c = h_snip("\tSETZ 1,\n\tMOVEI 2,7\n\tDIV 1,[-2]\n"
			       "\tSETO 3,\n\tMOVE 4,[777777777771]\n\tDIV 3,[-2]\n");
	H_EQ(c->mem[1], 0777777777775);
	H_EQ(c->mem[2], 1);
	H_EQ(c->mem[3], 3);
	H_EQ(c->mem[4], 0777777777777);
	cpu_free(c);
}

Test(arith, div_no_divide_high_ge_divisor)
{
	struct cpu *c = h_snip("\tMOVEI 1,5\n\tMOVEI 2,1\n\tDIVI 1,5\n\tJSP 17,.+1\n");
	H_EQ(c->mem[1], 5);
	H_EQ(c->mem[2], 1);
	H_EQ(FL(c), NODIV);
	cpu_free(c);
}

Test(arith, div_no_divide_negative)
{
	/* |high| of the magnitude: -(5*2^35) / 5 and 5*2^35 / -5 do not divide */
	struct cpu *c = h_snip("\tMOVNI 1,5\n\tSETZ 2,\n\tDIVI 1,5\n\tJSP 17,.+1\n"
			       "\tMOVEI 3,5\n\tSETZ 4,\n\tDIV 3,[-5]\n\tJSP 16,.+1\n");
	H_EQ(c->mem[1], 0777777777773);
	H_EQ(c->mem[2], 0);
	H_EQ(FL(c), NODIV);
	H_EQ(c->mem[3], 5);
	H_EQ(LH(c->mem[016]), NODIV);
	cpu_free(c);
}

Test(arith, div_by_zero)
{
	struct cpu *c = h_snip("\tSETZ 1,\n\tMOVEI 2,1\n\tDIVI 1,0\n\tJSP 17,.+1\n");
	H_EQ(c->mem[1], 0);
	H_EQ(c->mem[2], 1);
	H_EQ(FL(c), NODIV);
	cpu_free(c);
}

Test(arith, div_modes)
{
	struct cpu *c = h_snip("\tSETZ 1,\n\tMOVEI 2,11\n\tDIVM 1,X\n\tSETZ 3,\n\tMOVEI 4,21\n"
			       "\tDIVB 3,Y\n\tDIVM 1,Z\n\tHALT .\nX:\t4\nY:\t10\nZ:\t0\n");
	H_EQ(c->mem[01010], 2);        /* DIVM: quotient to memory */
	H_EQ(c->mem[1], 0);
	H_EQ(c->mem[2], 011);
	H_EQ(c->mem[01011], 2);        /* DIVB: memory, AC, AC+1 */
	H_EQ(c->mem[3], 2);
	H_EQ(c->mem[4], 1);
	H_EQ(c->mem[01012], 0);        /* no divide: nothing stored */
	cpu_free(c);
}
