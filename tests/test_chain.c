/* test_chain.c — endless indirect and XCT chains stay bounded and interruptible; long finite ones complete. */
#include <criterion/criterion.h>
#include <stdio.h>
#include "harness.h"

static struct cpu *run_budget(const char *body, uint64_t max, uint64_t clock, enum stop *s)
{
	struct h_opts o = { .max_insns = max, .clock = clock };
	return h_snip_opts(body, &o, s);
}

Test(chain, endless_indirect_stops_on_budget)
{
	enum stop s;
	struct cpu *c = run_budget("\tMOVE 1,@X\n\tHALT .\nX:\tZ @X\n", 10000, 0, &s);
	cr_expect_eq(s, STOP_BUDGET);
	H_EQ(c->pc, 01000);            /* the instruction never completed */
	cr_expect(c->cycles >= 10000 && c->cycles < 10100, "cycles %llu",
		  (unsigned long long)c->cycles);
	cpu_free(c);
}

Test(chain, endless_two_word_indirect_loop)
{
	enum stop s;
	struct cpu *c = run_budget("\tMOVEI 1,@X\n\tHALT .\nX:\tZ @Y\nY:\tZ @X\n", 5000, 0, &s);
	cr_expect_eq(s, STOP_BUDGET);
	cpu_free(c);
}

Test(chain, endless_indexed_indirect_through_ac)
{
	/* AC5 = Z @(5)... the word in AC5 points at itself through its index. */
	enum stop s;
	struct cpu *c = run_budget("\tMOVE 5,[Z @0(6)]\n\tMOVEI 6,5\n\tMOVE 1,@5\n", 5000, 0, &s);
	cr_expect_eq(s, STOP_BUDGET);
	H_EQ(c->pc, 01002);
	cpu_free(c);
}

Test(chain, endless_xct_stops_on_budget)
{
	enum stop s;
	struct cpu *c = run_budget("\tXCT X\n\tHALT .\nX:\tXCT X\n", 10000, 0, &s);
	cr_expect_eq(s, STOP_BUDGET);
	cpu_free(c);
}

Test(chain, xct_of_itself)
{
	enum stop s;
	struct cpu *c = run_budget("X:\tXCT X\n", 3000, 0, &s);
	cr_expect_eq(s, STOP_BUDGET);
	H_EQ(c->pc, 01000);
	cpu_free(c);
}

Test(chain, muuo_at_41_trapping_to_itself)
{
	enum stop s;
	struct cpu *c = run_budget("\tCALLI 0\n\tHALT .\n\tLOC 41\n\tCALLI 1\n", 10000, 0, &s);
	cr_expect_eq(s, STOP_BUDGET);
	H_EQ(c->mem[040], 0047000000001);
	cpu_free(c);
}

Test(chain, luuo_at_41_trapping_to_itself)
{
	enum stop s;
	struct cpu *c = run_budget("\tLUUO01 5\n\tHALT .\n\tLOC 41\n\tLUUO02 6\n", 10000, 0, &s);
	cr_expect_eq(s, STOP_BUDGET);
	H_EQ(c->mem[040], 0002000000006);
	cpu_free(c);
}

Test(chain, long_finite_indirect_chain_completes)
{
	/* Build 1777 words each pointing indirectly at the next, the last at T. */
	struct cpu *c = h_snip("\tMOVSI 1,-1777\n\tHRRI 1,10000\nL:\tMOVSI 2,20\n\tHRRI 2,1(1)\n"
			       "\tMOVEM 2,(1)\n\tAOBJN 1,L\n\tMOVEI 2,T\n\tMOVEM 2,(1)\n"
			       "\tMOVE 3,@10000\n\tMOVEI 4,@10000\n\tHALT .\nT:\t123,,456\n");
	H_EQ(c->mem[011777], 01013);
	H_EQ(c->mem[3], 0123000456);
	H_EQ(c->mem[4], 01013);
	cpu_free(c);
}

Test(chain, long_finite_xct_chain_completes)
{
	/* 1000 words of XCT .+1, then MOVEI 7,42. */
	struct cpu *c = h_snip("\tMOVSI 1,-1000\n\tHRRI 1,10000\n\tMOVE 2,[XCT 10001]\nL:\tMOVEM 2,(1)\n"
			       "\tADDI 2,1\n\tAOBJN 1,L\n\tMOVE 2,[MOVEI 7,42]\n\tMOVEM 2,(1)\n"
			       "\tXCT 10000\n\tMOVEI 10,1\n");
	H_EQ(c->mem[7], 042);
	H_EQ(c->mem[010], 1);
	cpu_free(c);
}

Test(chain, clock_interrupt_breaks_endless_chain_in_exec)
{
	/* The clock (every 500) interrupts the chain; the third tick's handler
	 * breaks it; the MOVE restarts and completes. */
	enum stop s;
	struct cpu *c = run_budget(
		"\tCONO APR,3001\n\tCONO PI,2377\n\tMOVE 1,@X\n\tHALT .\nX:\tZ @X\nT:\t77\n"
		"IH:\t0\n\tAOS CNT\n\tMOVE 5,CNT\n\tCAIL 5,3\n\tHRRZS X\n\tCONO APR,3001\n\tJEN @IH\nCNT:\t0\n"
		"\tLOC 42\n\tJSR IH\n", 100000, 500, &s);
	cr_expect_eq(s, STOP_HALT);
	H_EQ(c->mem[01015], 3);              /* CNT */
	H_EQ(RH(c->mem[01006]), 01002);     /* the chain instruction's own address */
	H_EQ(c->mem[1], 0000000001004);      /* X became 0,,X: C(X) */
	cpu_free(c);
}

Test(chain, clock_interrupt_breaks_endless_chain_in_user_mode)
{
	/* User 0-37777 at real 100000; the user's MOVE 1,@X loops until the exec
	 * clock handler rewrites user X (real 100000+X) to point at T. */
	char src[4096];
	snprintf(src, sizeof src,
		 "U=100000\n\tLOC 41\n\tJSR MUH\n\tLOC 42\n\tJSR IH\n\tLOC 1000\n"
		 "GO:\tDATAO APR,[036000,,U]\n\tCONO APR,3001\n\tCONO PI,2377\n\tJRST 1,UGO-U\n"
		 "MUH:\t0\n\tHALT .\n"
		 "IH:\t0\n\tAOS CNT\n\tMOVE 5,CNT\n\tCAIL 5,4\n\tJRST [MOVEI 6,T-U\n\t\tMOVEM 6,X\n"
		 "\t\tJRST .+1]\n\tCONO APR,3001\n\tJEN @IH\nCNT:\t0\n"
		 "\tLOC U+2000\nUGO:\tMOVE 1,@X-U\n\tCALLI 0\nX:\tZ @X-U\nT:\t4321\n\tEND GO\n");
	struct h_opts o = { .max_insns = 200000, .clock = 300 };
	enum stop s;
	struct cpu *c = h_run(src, &o, &s);
	cr_expect_eq(s, STOP_HALT);
	H_EQ(c->mem[1], 04321);
	H_EQ(c->mem[01015], 4);                         /* CNT */
	H_EQ(c->mem[01006], XWD(F_USER, 02000));        /* IH: the MOVE restarts */
	H_EQ(c->mem[01004], XWD(F_USER, 02002));        /* MUH: the CALLI after the MOVE */
	cpu_free(c);
}

Test(chain, endless_chain_without_interrupts_keeps_clock_ticking)
{
	/* Without PI the clock flag still gets set while the chain runs. */
	enum stop s;
	struct cpu *c = run_budget("\tMOVE 1,@X\n\tHALT .\nX:\tZ @X\n", 3000, 1000, &s);
	cr_expect_eq(s, STOP_BUDGET);
	cr_expect(c->apr.clk_flag);
	cpu_free(c);
}

Test(chain, clock_interrupt_breaks_endless_xct_chain)
{
	/* On the third tick the handler replaces the XCT X at X by MOVEI 1,5. */
	enum stop s;
	struct cpu *c = run_budget(
		"\tCONO APR,3001\n\tCONO PI,2377\n\tXCT X\n\tHALT .\nX:\tXCT X\n"
		"IH:\t0\n\tAOS CNT\n\tMOVE 5,CNT\n\tCAIL 5,3\n\tJRST [MOVE 6,[MOVEI 1,5]\n\t\tMOVEM 6,X\n"
		"\t\tJRST .+1]\n\tCONO APR,3001\n\tJEN @IH\nCNT:\t0\n\tLOC 42\n\tJSR IH\n", 100000, 400, &s);
	cr_expect_eq(s, STOP_HALT);
	H_EQ(c->mem[1], 5);
	H_EQ(c->mem[01014], 3);              /* CNT */
	H_EQ(RH(c->mem[01005]), 01002);      /* IH: the XCT restarts */
	cpu_free(c);
}

Test(chain, chain_levels_past_the_free_ones_cost_cycles)
{
	/* 200 levels: past EA_FREE_LEVELS each is a stall cycle, not an instruction. */
	struct cpu *c = h_snip("\tMOVSI 1,-200\n\tHRRI 1,10000\nL:\tMOVSI 2,20\n\tHRRI 2,1(1)\n"
			       "\tMOVEM 2,(1)\n\tAOBJN 1,L\n\tSETZM (1)\n\tMOVE 3,@10000\n");
	cr_expect_eq(c->stalls, 0200 + 1 - EA_FREE_LEVELS, "stalls %llu", (unsigned long long)c->stalls);
	cr_expect_eq(cpu_insns(c), 2 + 4 * 0200 + 3);
	cpu_free(c);
}
