/* test_move.c — MOVE, MOVS, MOVN, MOVM in their four modes, and the carries of negation. */
#include <criterion/criterion.h>
#include "harness.h"

/* The flags a JSP stores: the left half of its AC. */
#define FL(c, ac) LH((c)->mem[ac])
#define CRY01 (F_CRY0 | F_CRY1)

Test(move, move_basic)
{
	struct cpu *c = h_snip("\tMOVE 1,X\n\tJSP 17,.+1\n\tHALT .\nX:\t123,,456\n");
	H_EQ(c->mem[1], 0123000456);
	H_EQ(FL(c, 017), 0);
	cpu_free(c);
}

Test(move, movei_is_zero_rh)
{
	/* Immediate: the operand is 0,,E; E is 18 bits. */
	H_EQ(h_ac("\tMOVEI 1,-1\n", 1), 0777777);
	H_EQ(h_ac("\tMOVE 1,[-1]\n\tMOVEI 1,5\n", 1), 5);
}

Test(move, movem_stores_ac)
{
	struct cpu *c = h_snip("\tMOVE 1,[1,,2]\n\tMOVEM 1,X\n\tHALT .\nX:\t0\n");
	H_EQ(c->mem[01003], 01000002);
	H_EQ(c->mem[1], 01000002);
	cpu_free(c);
}

Test(move, moves_ac_nonzero_loads_ac)
{
	struct cpu *c = h_snip("\tMOVES 3,X\n\tHALT .\nX:\t707070707070\n");
	H_EQ(c->mem[3], 0707070707070);
	H_EQ(c->mem[01002], 0707070707070);
	cpu_free(c);
}

Test(move, moves_ac0_leaves_ac0)
{
	struct cpu *c = h_snip("\tMOVEI 0,77\n\tMOVES 0,X\n\tHALT .\nX:\t5\n");
	H_EQ(c->mem[0], 077);
	H_EQ(c->mem[01003], 5);
	cpu_free(c);
}

Test(move, move_from_and_to_acs)
{
	/* E < 20 names an accumulator. */
	struct cpu *c = h_snip("\tMOVEI 2,42\n\tMOVE 1,2\n\tMOVEM 1,5\n");
	H_EQ(c->mem[1], 042);
	H_EQ(c->mem[5], 042);
	cpu_free(c);
}

Test(move, move_indexed)
{
	H_EQ(h_ac("\tMOVEI 2,2\n\tMOVE 1,X(2)\n\tHALT .\nX:\t1\n\t2\n\t3\n", 1), 3);
}

Test(move, movs_modes)
{
	struct cpu *c = h_snip("\tMOVS 1,X\n\tMOVSI 2,123\n\tMOVE 3,[5,,6]\n\tMOVSM 3,Y\n"
			       "\tMOVSS 4,Z\n\tMOVEI 0,17\n\tMOVSS 0,W\n\tHALT .\n"
			       "X:\t1,,2\nY:\t0\nZ:\t3,,4\nW:\t7,,10\n");
	H_EQ(c->mem[1], 02000001);
	H_EQ(c->mem[2], 0123000000);   /* MOVSI: E,,0 */
	H_EQ(c->mem[3], 05000006);     /* MOVSM leaves AC */
	H_EQ(c->mem[01011], 06000005);
	H_EQ(c->mem[4], 04000003);
	H_EQ(c->mem[01012], 04000003);
	H_EQ(c->mem[01013], 010000007);
	H_EQ(c->mem[0], 017);          /* S mode with AC 0: memory only */
	cpu_free(c);
}

Test(move, movn_basic_no_flags)
{
	/* ~x + 1 carries out of bit 1 only when bits 1-35 of x are 0. */
	struct cpu *c = h_snip("\tMOVN 1,[5]\n\tMOVN 2,[-7]\n\tJSP 17,.+1\n");
	H_EQ(c->mem[1], 0777777777773);
	H_EQ(c->mem[2], 7);
	H_EQ(FL(c, 017), 0);
	cpu_free(c);
}

Test(move, movn_zero_sets_cry0_cry1)
{
	/* -0 = ~0 + 1: the carry runs out of bit 1 and bit 0: CRY0, CRY1, no AROV. */
	struct cpu *c = h_snip("\tMOVN 1,[0]\n\tJSP 17,.+1\n");
	H_EQ(c->mem[1], 0);
	H_EQ(FL(c, 017), CRY01);
	cpu_free(c);
}

Test(move, movni_zero_sets_cry0_cry1)
{
	struct cpu *c = h_snip("\tMOVNI 1,0\n\tJSP 17,.+1\n");
	H_EQ(c->mem[1], 0);
	H_EQ(FL(c, 017), CRY01);
	cpu_free(c);
}

Test(move, movni_positive)
{
	struct cpu *c = h_snip("\tMOVNI 1,1\n\tJSP 17,.+1\n");
	H_EQ(c->mem[1], 0777777777777);
	H_EQ(FL(c, 017), 0);
	cpu_free(c);
}

Test(move, movn_min_sets_arov_cry1)
{
	/* ~400000000000 + 1 carries into bit 0 but not out: CRY1, AROV; the result stays. */
	struct cpu *c = h_snip("\tMOVN 1,[400000000000]\n\tJSP 17,.+1\n");
	H_EQ(c->mem[1], 0400000000000);
	H_EQ(FL(c, 017), F_AROV | F_CRY1);
	cpu_free(c);
}

Test(move, movnm_and_movns)
{
	struct cpu *c = h_snip("\tMOVEI 1,3\n\tMOVNM 1,X\n\tMOVNS 2,Y\n\tMOVEI 0,11\n"
			       "\tMOVNS 0,Z\n\tJSP 17,.+1\n\tHALT .\nX:\t0\nY:\t10\nZ:\t400000000000\n");
	H_EQ(c->mem[1], 3);
	H_EQ(c->mem[01007], 0777777777775);
	H_EQ(c->mem[2], 0777777777770);
	H_EQ(c->mem[01010], 0777777777770);
	H_EQ(c->mem[01011], 0400000000000);
	H_EQ(c->mem[0], 011);
	H_EQ(FL(c, 017), F_AROV | F_CRY1);
	cpu_free(c);
}

Test(move, movnm_zero_flags)
{
	struct cpu *c = h_snip("\tSETZ 1,\n\tMOVNM 1,X\n\tJSP 17,.+1\n\tHALT .\nX:\t5\n");
	H_EQ(c->mem[01004], 0);
	H_EQ(FL(c, 017), CRY01);
	cpu_free(c);
}

Test(move, movm_positive_unchanged)
{
	struct cpu *c = h_snip("\tMOVM 1,[377777777777]\n\tMOVM 2,[0]\n\tJSP 17,.+1\n");
	H_EQ(c->mem[1], 0377777777777);
	/* A non-negative operand is not negated, so 0 sets no carries. */
	H_EQ(c->mem[2], 0);
	H_EQ(FL(c, 017), 0);
	cpu_free(c);
}

Test(move, movm_negative)
{
	struct cpu *c = h_snip("\tMOVM 1,[-5]\n\tMOVM 2,[-1]\n\tJSP 17,.+1\n");
	H_EQ(c->mem[1], 5);
	H_EQ(c->mem[2], 1);
	H_EQ(FL(c, 017), 0);
	cpu_free(c);
}

Test(move, movm_min_sets_arov_cry1)
{
	struct cpu *c = h_snip("\tMOVM 1,[400000000000]\n\tJSP 17,.+1\n");
	H_EQ(c->mem[1], 0400000000000);
	H_EQ(FL(c, 017), F_AROV | F_CRY1);
	cpu_free(c);
}

Test(move, movmi_is_positive)
{
	/* 0,,777777 is positive as a word. */
	H_EQ(h_ac("\tMOVMI 1,-1\n", 1), 0777777);
}

Test(move, movmm_and_movms)
{
	struct cpu *c = h_snip("\tMOVE 1,[-6]\n\tMOVMM 1,X\n\tMOVMS 2,Y\n\tMOVEI 0,1\n"
			       "\tMOVMS 0,Z\n\tHALT .\nX:\t0\nY:\t-10\nZ:\t-3\n");
	H_EQ(c->mem[1], 0777777777772);
	H_EQ(c->mem[01006], 6);
	H_EQ(c->mem[2], 010);
	H_EQ(c->mem[01007], 010);
	H_EQ(c->mem[01010], 3);
	H_EQ(c->mem[0], 1);
	cpu_free(c);
}

Test(move, flags_accumulate_and_jfcl_reads_them)
{
	/* MOVN sets flags but never clears them; JFCL 4 (CRY0) jumps and clears CRY0 only. */
	struct cpu *c = h_snip("\tMOVNI 1,0\n\tMOVNI 2,5\n\tJFCL 4,L1\n\tHALT .\n"
			       "L1:\tJFCL 4,L2\n\tJSP 17,.+1\n\tHALT .\nL2:\tHALT .\n");
	H_EQ(FL(c, 017), F_CRY1);
	H_EQ(c->pc, 01006);    /* the HALT . after the JSP */
	cpu_free(c);
}

Test(move, jfcl_cry1_after_min)
{
	struct cpu *c = h_snip("\tMOVN 1,[400000000000]\n\tJFCL 2,.+2\n\tHALT .\n"
			       "\tJFCL 10,.+2\n\tHALT .\n\tJSP 17,.+1\n");
	H_EQ(FL(c, 017), 0);    /* JFCL 2 cleared CRY1, JFCL 10 cleared AROV */
	H_EQ(c->pc, 01006);
	cpu_free(c);
}

Test(move, move_sets_no_flags)
{
	struct cpu *c = h_snip("\tMOVE 1,[400000000000]\n\tMOVS 2,1\n\tMOVSI 3,-1\n"
			       "\tMOVEM 1,X\n\tJSP 17,.+1\n\tHALT .\nX:\t0\n");
	H_EQ(c->mem[3], 0777777000000);
	H_EQ(FL(c, 017), 0);
	cpu_free(c);
}

Test(move, movs_swaps_ac_to_itself)
{
	H_EQ(h_ac("\tMOVE 1,[1,,2]\n\tMOVS 1,1\n", 1), 02000001);
}

Test(move, movn_of_acs_via_e)
{
	/* MOVN 1,1 negates AC1 in place. */
	H_EQ(h_ac("\tMOVEI 1,4\n\tMOVN 1,1\n", 1), 0777777777774);
}
