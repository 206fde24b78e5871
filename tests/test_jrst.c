/* test_jrst.c — JRST and its AC bits (1 user, 2 flags, 4 halt, 10 dismiss) in exec and user mode. */
#include <criterion/criterion.h>
#include <stdio.h>
#include "harness.h"

/* The user frame (as in test_uuo.c): user 0-37777 at real 100000, MUUOs to
 * MUH (1002), which halts in exec mode; the exec prologue enters user mode
 * with ENTRY (default JRST 1,UGO-U) at user 2000. */
#define U 0100000
#define MUH 01002
#define UGO 02000

static struct cpu *urun_entry(const char *entry, const char *ubody)
{
	char src[8192];
	snprintf(src, sizeof src,
		 "U=100000\n\tLOC 41\n\tJSR MUH\n\tLOC 1000\n"
		 "GO:\tDATAO APR,[036000,,U]\n\t%s\nMUH:\t0\n\tHALT .\n"
		 "\tLOC U+2000\nUGO:\n%s\n\tEND GO\n", entry, ubody);
	return h_halt(src);
}
static struct cpu *urun(const char *ubody) { return urun_entry("JRST 1,UGO-U", ubody); }

#define JUNK 03600     /* left-half bits that are not flags (PC bits 7-10; 13-17 are I and X) */

/* ---- exec mode ---- */

Test(jrst, jrst_0_jumps)
{
	struct cpu *c = h_snip("\tJRST L\n\tHALT .\nL:\tMOVEI 1,1\n");
	H_EQ(c->mem[1], 1);
	cpu_free(c);
}

Test(jrst, jrst_1_exec_enters_user_mode)
{
	struct cpu *c = urun("\tJSP 1,.+1-U\n\tCALLI 0\n");
	H_EQ(c->mem[1], XWD(F_USER, UGO + 1));
	H_EQ(c->mem[MUH], XWD(F_USER, UGO + 2));
	cpu_free(c);
}

Test(jrst, jrstf_exec_loads_flags_from_indirect_word)
{
	struct cpu *c = h_snipf("\tJRSTF @[%o,,L]\n\tHALT .\nL:\tJSP 1,.+1\n",
				F_AROV | F_CRY0 | F_CRY1 | F_FOV | F_FXU | F_DCK | JUNK);
	H_EQ(LH(c->mem[1]), F_AROV | F_CRY0 | F_CRY1 | F_FOV | F_FXU | F_DCK);
	H_EQ(RH(c->mem[1]), 01003);
	cpu_free(c);
}

Test(jrst, jrstf_exec_clears_flags)
{
	struct cpu *c = h_snip("\tMOVNI 1,0\n\tMOVN 2,[400000000000]\n\tJRSTF @[0,,L]\n\tHALT .\n"
			       "L:\tJSP 3,.+1\n");
	H_EQ(LH(c->mem[3]), 0);
	cpu_free(c);
}

Test(jrst, jrstf_plain_word_uses_instruction_lh)
{
	/* No I or X: the flags come from the JRSTF's own left half, 254100: CRY0, FOV,
	 * USER, USERIO and FXU (exec mode may set USER: the program goes on in user
	 * mode, unrelocated, and its HALT is allowed by USERIO). */
	struct cpu *c = h_snip("\tDATAO APR,[036000,,0]\n\tMOVNI 1,0\n\tJRSTF L\n\tHALT .\nL:\tJSP 3,.+1\n");
	H_EQ(LH(c->mem[3]), 0254100);
	cr_expect(c->umode);
	cpu_free(c);
}

Test(jrst, jrstf_from_index_register)
{
	struct cpu *c = h_snip("\tMOVE 5,[400000,,0]\n\tJRSTF L(5)\n\tHALT .\nL:\tJSP 3,.+1\n");
	H_EQ(LH(c->mem[3]), F_AROV);
	H_EQ(RH(c->mem[3]), 01004);
	cpu_free(c);
}

Test(jrst, jrstf_index_sum_carries_into_flags)
{
	/* The last word is the 36-bit sum C(X) + Y: 077777,,777777 + L+1 = 100000,,L. */
	struct cpu *c = h_snip("\tMOVE 5,[077777,,777777]\n\tJRSTF L+1(5)\n\tHALT .\nL:\tJSP 3,.+1\n");
	H_EQ(LH(c->mem[3]), F_CRY1);
	H_EQ(RH(c->mem[3]), 01004);
	cpu_free(c);
}

Test(jrst, jrstf_indirect_word_indexed)
{
	/* The indirect word's X is used: flags from LH(C(5)) + carry. */
	struct cpu *c = h_snip("\tMOVE 5,[200000,,1]\n\tJRSTF @P\n\tHALT .\nP:\tZ L-1(5)\nL:\tJSP 3,.+1\n");
	H_EQ(LH(c->mem[3]), F_CRY0);
	H_EQ(RH(c->mem[3]), 01005);
	cpu_free(c);
}

Test(jrst, jrstf_exec_sets_user_and_userio)
{
	struct cpu *c = urun_entry("JRSTF @[014000,,UGO-U]", "\tJSP 1,.+1-U\n\tCALLI 0\n");
	H_EQ(LH(c->mem[1]), F_USER | F_USERIO);
	cpu_free(c);
}

Test(jrst, jrst_3_restores_flags_then_sets_user)
{
	struct cpu *c = urun_entry("JRST 3,@[400000,,UGO-U]", "\tJSP 1,.+1-U\n\tCALLI 0\n");
	H_EQ(LH(c->mem[1]), F_AROV | F_USER);
	cpu_free(c);
}

Test(jrst, halt_sets_pc_to_e)
{
	enum stop s;
	struct cpu *c = h_run("\tLOC 1000\nGO:\tMOVEI 1,1\n\tHALT 1234\n\tMOVEI 1,2\n\tEND GO\n", NULL, &s);
	cr_expect_eq(s, STOP_HALT);
	H_EQ(c->pc, 01234);
	H_EQ(c->mem[1], 1);
	cpu_free(c);
}

Test(jrst, halt_indirect)
{
	struct cpu *c = h_snip("\tHALT @[2345]\n");
	H_EQ(c->pc, 02345);
	cpu_free(c);
}

Test(jrst, halt_can_continue)
{
	/* After a HALT the PC is E: running again resumes there. */
	enum stop s;
	struct cpu *c = h_run("\tLOC 1000\nGO:\tHALT L\nL:\tMOVEI 1,7\n\tHALT .\n\tEND GO\n", NULL, &s);
	cr_assert_eq(s, STOP_HALT);
	H_EQ(c->pc, 01001);
	c->stop = STOP_NONE;
	cpu_schedule(c);
	s = interp_run(c);
	cr_expect_eq(s, STOP_HALT);
	H_EQ(c->mem[1], 7);
	H_EQ(c->pc, 01002);
	cpu_free(c);
}

Test(jrst, jrst_6_restores_flags_and_halts)
{
	struct cpu *c = h_snip("\tJRST 6,@[400000,,1234]\n");
	H_EQ(c->pc, 01234);
	cr_expect_eq(c->flags, (uint32_t)F_AROV);
	cpu_free(c);
}

Test(jrst, jrst_10_exec_without_pi_just_jumps)
{
	struct cpu *c = h_snip("\tJRST 10,L\n\tHALT .\nL:\tMOVEI 1,1\n");
	H_EQ(c->mem[1], 1);
	cpu_free(c);
}

Test(jrst, jen_exec_restores_flags)
{
	struct cpu *c = h_snip("\tJEN @[100000,,L]\n\tHALT .\nL:\tJSP 1,.+1\n");
	H_EQ(LH(c->mem[1]), F_CRY1);
	cpu_free(c);
}

/* ---- user mode ---- */

Test(jrst, jrst_1_in_user_mode_is_a_jump)
{
	struct cpu *c = urun("\tJRST 1,L-U\n\tCALLI 1\nL:\tJSP 1,.+1-U\n\tCALLI 0\n");
	H_EQ(c->mem[1], XWD(F_USER, UGO + 3));
	H_EQ(c->mem[040], 0047000000000);
	cpu_free(c);
}

Test(jrst, jrstf_user_cannot_clear_user)
{
	struct cpu *c = urun("\tJRSTF @W-U\n\tCALLI 1\nL:\tJSP 1,.+1-U\n\tCALLI 0\nW:\t0,,L-U\n");
	H_EQ(LH(c->mem[1]), F_USER);
	H_EQ(c->mem[MUH], XWD(F_USER, UGO + 4));
	cpu_free(c);
}

Test(jrst, jrstf_user_loads_arithmetic_flags)
{
	struct cpu *c = urun("\tMOVNI 2,0\n\tJRSTF @W-U\nL:\tJSP 1,.+1-U\n\tCALLI 0\n"
			     "W:\t440100,,L-U\n");
	H_EQ(LH(c->mem[1]), F_USER | F_AROV | F_FOV | F_FXU);   /* the carries were cleared */
	cpu_free(c);
}

Test(jrst, jrstf_user_cannot_set_userio)
{
	struct cpu *c = urun("\tJRSTF @W-U\nL:\tJSP 1,.+1-U\n\tCONO APR,0\nW:\t014000,,L-U\n");
	H_EQ(LH(c->mem[1]), F_USER);
	H_EQ(c->mem[040], 0700200000000);   /* the CONO still traps */
	cpu_free(c);
}

Test(jrst, jrstf_user_can_clear_userio)
{
	struct cpu *c = urun_entry("JRSTF @[014000,,UGO-U]",
				   "\tJSP 2,.+1-U\n\tJRSTF @W-U\nL:\tJSP 1,.+1-U\n\tCONO APR,0\n"
				   "W:\t010000,,L-U\n");
	H_EQ(LH(c->mem[2]), F_USER | F_USERIO);
	H_EQ(LH(c->mem[1]), F_USER);
	H_EQ(c->mem[040], 0700200000000);
	cpu_free(c);
}

Test(jrst, jrstf_user_keeps_userio_when_word_has_it)
{
	struct cpu *c = urun_entry("JRSTF @[014000,,UGO-U]",
				   "\tJRSTF @W-U\nL:\tJSP 1,.+1-U\n\tCALLI 0\nW:\t004000,,L-U\n");
	H_EQ(LH(c->mem[1]), F_USER | F_USERIO);
	cpu_free(c);
}

Test(jrst, user_jen_with_userio_does_not_trap)
{
	/* JRST 12 checks USER and USERIO: with USERIO it restores flags and dismisses. */
	struct cpu *c = urun_entry("JRSTF @[014000,,UGO-U]",
				   "\tJEN @W-U\nL:\tJSP 1,.+1-U\n\tCALLI 0\nW:\t404000,,L-U\n");
	H_EQ(LH(c->mem[1]), F_USER | F_USERIO | F_AROV);
	H_EQ(c->mem[040], 0047000000000);
	cpu_free(c);
}

Test(jrst, user_jrst10_with_userio_does_not_trap)
{
	/* DEC's DAKAH (MOD176): USERIO "should prevent JRST 10 from trapping". */
	struct cpu *c = urun_entry("JRSTF @[014000,,UGO-U]",
				   "\tJRST 10,.+1-U\n\tJSP 1,.+1-U\n\tCALLI 0\n");
	H_EQ(LH(c->mem[1]), F_USER | F_USERIO);
	H_EQ(c->mem[040], 0047000000000);            /* only the CALLI trapped */
	cpu_free(c);
}

/* ---- JRST at a trap location ---- */

Test(jrst, jrst_at_41_enters_exec_mode)
{
	char src[4096];
	snprintf(src, sizeof src,
		 "U=100000\n\tLOC 41\n\tJRST MH\n\tLOC 1000\n"
		 "GO:\tDATAO APR,[036000,,U]\n\tJRST 1,UGO-U\nMH:\tJSP 1,.+1\n\tHALT .\n"
		 "\tLOC U+2000\nUGO:\tCALLI 0\n\tEND GO\n");
	struct cpu *c = h_halt(src);
	H_EQ(LH(c->mem[1]), 0);
	H_EQ(c->pc, 01003);
	cpu_free(c);
}

Test(jrst, jrstf_at_41_returns_to_user)
{
	/* JRSTF at 41 clears USER first, then loads the flags from its word: USER comes back. */
	char src[4096];
	snprintf(src, sizeof src,
		 "U=100000\n\tLOC 41\n\tJRSTF @[010000,,BACK-U]\n\tLOC 1000\n"
		 "GO:\tDATAO APR,[036000,,U]\n\tJRST 1,UGO-U\n"
		 "\tLOC U+2000\nUGO:\tCALLI 0\nBACK:\tJSP 1,.+1-U\n\tHALT 1234\n\tEND GO\n");
	enum stop s;
	struct cpu *c = h_run(src, NULL, &s);
	H_EQ(LH(c->mem[1]), F_USER);
	/* the user HALT then traps through 41 again, and so on: bounded by the budget */
	cr_expect_eq(s, STOP_BUDGET);
	H_EQ(c->mem[040], 0254200001234);
	cpu_free(c);
}
