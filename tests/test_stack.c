/* test_stack.c — PUSH, POP, PUSHJ, POPJ: the pointer's 36-bit add, push-down overflow, recursion. */
#include <criterion/criterion.h>
#include "harness.h"

#define PDLOV 0200000   /* CONI APR: push-down overflow */

Test(stack, push_pop)
{
	struct cpu *c = h_snip("\tMOVE 17,[IOWD 10,PDL]\n\tPUSH 17,[11]\n\tPUSH 17,[22]\n"
			       "\tPOP 17,1\n\tPOP 17,2\n\tCONI APR,3\n\tHALT .\nPDL:\tBLOCK 10\n");
	H_EQ(c->mem[1], 022);
	H_EQ(c->mem[2], 011);
	H_EQ(c->mem[017], XWD(-010 & RH_MASK, 01007 - 1));   /* back to IOWD 10,PDL */
	H_EQ(c->mem[01007], 011);
	H_EQ(c->mem[01010], 022);
	H_EQ(c->mem[3] & PDLOV, 0);
	cpu_free(c);
}

Test(stack, push_pointer_steps_both_halves)
{
	struct cpu *c = h_snip("\tMOVE 17,[IOWD 10,PDL]\n\tPUSH 17,[5]\n\tHALT .\nPDL:\tBLOCK 10\n");
	H_EQ(c->mem[017], XWD(0777771, 01003));
	H_EQ(c->mem[01003], 5);
	cpu_free(c);
}

Test(stack, pushj_popj)
{
	struct cpu *c = h_snip("\tMOVE 17,[IOWD 10,PDL]\n\tMOVNI 1,0\n\tPUSHJ 17,SUB\n\tMOVEI 3,1\n"
			       "\tHALT .\nSUB:\tMOVEI 2,1\n\tPOPJ 17,\nPDL:\tBLOCK 10\n");
	H_EQ(c->mem[01007], XWD(F_CRY0 | F_CRY1, 01003));   /* flags,,return */
	H_EQ(c->mem[2], 1);
	H_EQ(c->mem[3], 1);
	H_EQ(c->mem[017], XWD(0777770, 01006));
	cpu_free(c);
}

Test(stack, popj_ignores_left_half_of_word)
{
	struct cpu *c = h_snip("\tMOVE 17,[0,,W]\n\tMOVNI 1,0\n\tJFCL 17,.+1\n\tPOPJ 17,\n\tHALT .\n"
			       "W:\t300000,,L\nL:\tJSP 16,.+1\n");
	H_EQ(LH(c->mem[016]), 0);     /* POPJ restores no flags */
	H_EQ(c->pc, 01007);
	cpu_free(c);
}

Test(stack, push_overflow_completes)
{
	/* 777777,,x + 1,,1 carries out of bit 0: overflow, but the push is done. */
	struct cpu *c = h_snip("\tMOVE 17,[-1,,PDL-1]\n\tPUSH 17,[42]\n\tCONI APR,1\n\tHALT .\n"
			       "PDL:\t0\n");
	H_EQ(c->mem[01004], 042);
	H_EQ(c->mem[017], XWD(0, 01004));
	H_EQ(c->mem[1] & PDLOV, PDLOV);
	cpu_free(c);
}

Test(stack, push_no_overflow_before_last)
{
	struct cpu *c = h_snip("\tMOVE 17,[-2,,PDL-1]\n\tPUSH 17,[42]\n\tCONI APR,1\n\tHALT .\n"
			       "PDL:\t0\n\t0\n");
	H_EQ(c->mem[1] & PDLOV, 0);
	cpu_free(c);
}

Test(stack, pushj_overflow_still_jumps)
{
	struct cpu *c = h_snip("\tMOVE 17,[-1,,PDL-1]\n\tPUSHJ 17,SUB\n\tHALT .\nSUB:\tCONI APR,1\n"
			       "\tHALT .\nPDL:\t0\n");
	H_EQ(c->mem[01005], XWD(0, 01002));
	H_EQ(c->mem[1] & PDLOV, PDLOV);
	H_EQ(c->pc, 01004);
	cpu_free(c);
}

Test(stack, pop_overflow_completes)
{
	/* LH 0: the subtract of 1,,1 borrows. */
	struct cpu *c = h_snip("\tMOVE 17,[0,,PDL]\n\tPOP 17,1\n\tCONI APR,2\n\tHALT .\nPDL:\t55\n");
	H_EQ(c->mem[1], 055);
	H_EQ(c->mem[017], XWD(0777777, 01003));
	H_EQ(c->mem[2] & PDLOV, PDLOV);
	cpu_free(c);
}

Test(stack, popj_overflow_still_returns)
{
	struct cpu *c = h_snip("\tMOVE 17,[0,,W]\n\tPOPJ 17,\n\tHALT .\nW:\tL\nL:\tCONI APR,1\n");
	H_EQ(c->mem[1] & PDLOV, PDLOV);
	H_EQ(c->mem[017], XWD(0777777, 01002));
	cpu_free(c);
}

Test(stack, overflow_flag_stays_until_cleared)
{
	struct cpu *c = h_snip("\tMOVE 17,[-1,,PDL-1]\n\tPUSH 17,[1]\n\tPOP 17,2\n\tCONI APR,1\n"
			       "\tCONO APR,400000\n\tCONI APR,3\n\tHALT .\nPDL:\t0\n");
	H_EQ(c->mem[1] & PDLOV, PDLOV);   /* set by the PUSH, not cleared by a good POP */
	H_EQ(c->mem[3] & PDLOV, 0);       /* CONO APR 400000 clears it */
	cpu_free(c);
}

Test(stack, pointer_carry_crosses_halves)
{
	/* KA10: RH 777777 + 1 carries into the LH (and here out of bit 0). */
	struct cpu *c = h_snip("\tMOVE 17,[-3,,777777]\n\tPUSH 17,[7]\n\tCONI APR,1\n");
	H_EQ(c->mem[017], XWD(0777777, 0));
	H_EQ(c->mem[0], 7);               /* address 0 is AC0 */
	H_EQ(c->mem[1] & PDLOV, 0);
	cpu_free(c);
}

Test(stack, push_from_and_pop_to_acs)
{
	struct cpu *c = h_snip("\tMOVE 17,[IOWD 4,PDL]\n\tMOVEI 5,55\n\tPUSH 17,5\n\tPOP 17,6\n"
			       "\tHALT .\nPDL:\tBLOCK 4\n");
	H_EQ(c->mem[6], 055);
	cpu_free(c);
}

Test(stack, recursion_factorial)
{
	/* FACT: AC1 := AC1!, recursively. */
	struct cpu *c = h_snip("\tMOVE 17,[IOWD 40,PDL]\n\tMOVEI 1,6\n\tPUSHJ 17,FACT\n\tHALT .\n"
			       "FACT:\tCAIG 1,1\n\tJRST [MOVEI 1,1\n\t\tPOPJ 17,]\n\tPUSH 17,1\n"
			       "\tSUBI 1,1\n\tPUSHJ 17,FACT\n\tPOP 17,2\n\tIMUL 1,2\n\tPOPJ 17,\n"
			       "PDL:\tBLOCK 40\n");
	H_EQ(c->mem[1], 720);
	H_EQ(c->mem[017], XWD(-040 & RH_MASK, 01013));
	cpu_free(c);
}

Test(stack, recursion_depth_count)
{
	/* Recurse 100 deep and count the returns. */
	struct cpu *c = h_snip("\tMOVE 17,[IOWD 200,PDL]\n\tMOVEI 1,100\n\tSETZ 2,\n\tPUSHJ 17,R\n"
			       "\tHALT .\nR:\tSOJLE 1,RET\n\tPUSHJ 17,R\nRET:\tAOJ 2,\n\tPOPJ 17,\n"
			       "PDL:\tBLOCK 200\n");
	H_EQ(c->mem[2], 0100);
	H_EQ(LH(c->mem[017]), 0777600);
	cpu_free(c);
}
