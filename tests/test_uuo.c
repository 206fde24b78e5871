/* test_uuo.c — LUUO, MUUO, the unassigned codes (exec 60/61), 257, and user-mode I/O, HALT and JEN trapping. */
#include <criterion/criterion.h>
#include <stdio.h>
#include "harness.h"

/*
 * The user frame: the exec program at 1000 sets relocation (user 0-37777 at
 * real 100000, so user addresses are label-U) and enters user mode at user
 * 2000.  MUUOs go through exec 41 to MUH (1002), unassigned codes through exec
 * 61 to UNH (1004); both handlers halt in exec mode.  User code must not use
 * literals (they would be placed at real addresses).
 */
#define U 0100000
#define FRAME "U=100000\n\tLOC 41\n\tJSR MUH\n\tLOC 61\n\tJSR UNH\n\tLOC 1000\n" \
	"GO:\tDATAO APR,[036000,,U]\n\tJRST 1,UGO-U\nMUH:\t0\n\tHALT .\nUNH:\t0\n\tHALT .\n" \
	"\tLOC U+2000\nUGO:\n"
#define MUH 01002
#define UNH 01004
#define UGO 02000      /* user address of the first user instruction */

static struct cpu *urun(const char *ubody)
{
	char src[8192];
	snprintf(src, sizeof src, "%s%s\n\tEND GO\n", FRAME, ubody);
	return h_halt(src);
}

/* ---- LUUO ---- */

Test(uuo, luuo_exec_stores_at_40_and_runs_41)
{
	struct cpu *c = h_snip("\tMOVEI 2,3\n\tLUUO01 5,@P(2)\n\tHALT .\nP:\t0\n\t0\n\t0\n\tZ 7,777(2)\n"
			       "LH:\t0\n\tMOVEI 6,1\n\tJRST @LH\n"
			       "\tLOC 41\n\tJSR LH\n");
	/* E = C(P+3): 777+3 = 1002; the word has I and X zero */
	H_EQ(c->mem[040], 0001240001002);
	H_EQ(c->mem[01007], XWD(0, 01002));   /* JSR at 41 saves PC of the UUO + 1 */
	H_EQ(c->mem[6], 1);
	H_EQ(c->pc, 01002);
	cpu_free(c);
}

Test(uuo, luuo_non_jump_at_41_returns)
{
	/* A non-jump at 41 runs and the program goes on after the UUO. */
	struct cpu *c = h_snip("\tLUUO17 0\n\tMOVEI 1,1\n\tHALT .\nCNT:\t5\n\tLOC 41\n\tAOS CNT\n");
	H_EQ(c->mem[01003], 6);
	H_EQ(c->mem[1], 1);
	H_EQ(c->mem[040], 0017000000000);
	cpu_free(c);
}

Test(uuo, luuo_skip_at_41_skips)
{
	struct cpu *c = h_snip("\tLUUO02 1,5\n\tMOVEI 1,1\n\tMOVEI 2,1\n\tHALT .\n\tLOC 41\n\tSKIPA\n");
	H_EQ(c->mem[1], 0);
	H_EQ(c->mem[2], 1);
	cpu_free(c);
}

Test(uuo, luuo_user_mode_relocated_40_41)
{
	/* User 40/41 are real 100040/100041; the trap instruction runs in user mode. */
	struct cpu *c = urun("\tLUUO03 2,123\n\tCALLI 1\n"
			     "\tLOC U+40\n\t0\n\tJSP 3,LL-U\nLL:\tCALLI 0\n");
	H_EQ(c->mem[U + 040], 0003100000123);
	H_EQ(c->mem[040], 0047000000000);              /* the CALLI at the end */
	H_EQ(c->mem[3], XWD(F_USER, UGO + 1));        /* JSP at user 41, in user mode: UUO PC + 1 */
	cpu_free(c);
}

/* ---- MUUO ---- */

Test(uuo, muuo_exec)
{
	struct cpu *c = h_snip("\tMOVEI 2,10\n\tCALLI 3,100(2)\n\tHALT .\nMH:\t0\n\tMOVEI 4,1\n"
			       "\tJRST @MH\n\tLOC 41\n\tJSR MH\n");
	H_EQ(c->mem[040], 0047140000110);
	H_EQ(c->mem[01003], XWD(0, 01002));
	H_EQ(c->mem[4], 1);
	cpu_free(c);
}

Test(uuo, opcode_000_is_muuo)
{
	struct cpu *c = h_snip("\tZ 1,5\n\tHALT .\nMH:\t0\n\tHALT .\n\tLOC 41\n\tJSR MH\n");
	H_EQ(c->mem[040], 0000040000005);
	H_EQ(c->pc, 01003);
	cpu_free(c);
}

Test(uuo, muuo_from_user_mode)
{
	/* Exec 40 gets the word; the JSR at exec 41 saves the flags with USER and the
	 * user PC + 1, and enters exec mode (the HALT there halts). */
	struct cpu *c = urun("\tMOVEI 1,5\n\tOPEN 2,1(1)\n\tHALT .\n");
	H_EQ(c->mem[040], 0050100000006);
	H_EQ(c->mem[MUH], XWD(F_USER, UGO + 2));
	H_EQ(c->pc, MUH + 1);
	cr_expect_eq(c->flags & F_USER, 0u);
	cr_expect_eq(c->umode, 0);
	cpu_free(c);
}

Test(uuo, muuo_from_user_keeps_flags)
{
	struct cpu *c = urun("\tMOVNI 1,0\n\tTTCALL 3,0\n");
	H_EQ(c->mem[MUH], XWD(F_USER | F_CRY0 | F_CRY1, UGO + 2));
	cpu_free(c);
}

Test(uuo, muuo_user_non_jump_at_41_returns_to_user)
{
	/* A non-jump trap instruction: runs unrelocated, USER unchanged, the user
	 * program goes on.  Here 41 is changed to AOS 50 by the exec prologue. */
	char src[4096];
	snprintf(src, sizeof src,
		 "U=100000\n\tLOC 41\n\tAOS 50\n\tLOC 50\n\t0\n\tLOC 61\n\tJSR UNH\n\tLOC 1000\n"
		 "GO:\tDATAO APR,[036000,,U]\n\tJRST 1,UGO-U\nUNH:\t0\n\tHALT .\n"
		 "\tLOC U+2000\nUGO:\tCALLI 0\n\tCALLI 0\n\tMOVEI 3,7\n\tUNK100 0\n\tEND GO\n");
	struct cpu *c = h_halt(src);
	H_EQ(c->mem[050], 2);          /* real 50, not user 50 */
	H_EQ(c->mem[U + 050], 0);
	H_EQ(c->mem[3], 7);
	H_EQ(c->mem[01002], XWD(F_USER, UGO + 4));
	cpu_free(c);
}

/* ---- unassigned codes 100-127, 247; 257 ---- */

Test(uuo, unassigned_exec_60_61)
{
	static const unsigned ops[] = { 0100, 0105, 0117, 0120, 0127, 0247 };
	for (unsigned i = 0; i < sizeof ops / sizeof ops[0]; i++) {
		struct cpu *c = h_snipf("\tEXP %o060000456\n\tHALT .\nUH:\t0\n\tHALT .\n"
					"\tLOC 61\n\tJSR UH\n\tLOC 41\n\tHALT 41\n", ops[i]);
		/* word = op, AC 1, I 1, X 0, Y 456: stored with I cleared, E = C(456) */
		H_EQ(c->mem[060], ((word)ops[i] << 27) | 0040000000 | RH(c->mem[0456]));
		H_EQ(c->mem[01002], XWD(0, 01001));
		H_EQ(c->pc, 01003);
		cr_expect_eq(c->mem[040], 0, "opcode %o went through 40", ops[i]);
		cpu_free(c);
	}
}

Test(uuo, unassigned_from_user)
{
	struct cpu *c = urun("\tUNK123 4,17\n\tHALT .\n");
	H_EQ(c->mem[060], 0123200000017);
	H_EQ(c->mem[UNH], XWD(F_USER, UGO + 1));
	cr_expect_eq(c->umode, 0);
	cpu_free(c);
}

Test(uuo, op_257_is_a_no_op)
{
	struct cpu *c = h_snip("\tEXP 257040001000\n\tMOVEI 1,5\n\tHALT .\n\tLOC 41\n\tHALT 41\n\tLOC 61\n\tHALT 61\n");
	H_EQ(c->mem[1], 5);
	H_EQ(c->mem[040], 0);
	H_EQ(c->mem[060], 0);
	H_EQ(c->pc, 01002);
	cpu_free(c);
}

/* ---- privileged instructions in user mode ---- */

Test(uuo, user_io_traps_as_muuo)
{
	struct cpu *c = urun("\tMOVEI 1,3\n\tCONO APR,1234(1)\n\tHALT .\n");
	H_EQ(c->mem[040], 0700200001237);   /* op, AC (device/function bits), E */
	H_EQ(c->mem[MUH], XWD(F_USER, UGO + 2));
	cpu_free(c);
}

Test(uuo, user_datai_traps_without_storing)
{
	struct cpu *c = urun("\tSETO 2,\n\tMOVEM 2,100\n\tCONI APR,100\n");
	H_EQ(c->mem[040], 0700240000100);
	H_EQ(c->mem[U + 0100], W_MASK);    /* nothing stored */
	cpu_free(c);
}

Test(uuo, user_halt_traps)
{
	struct cpu *c = urun("\tHALT 1234\n");
	H_EQ(c->mem[040], 0254200001234);
	H_EQ(c->mem[MUH], XWD(F_USER, UGO + 1));
	H_EQ(c->pc, MUH + 1);
	cpu_free(c);
}

Test(uuo, user_jen_traps)
{
	struct cpu *c = urun("\tJEN @5\n");
	H_EQ(c->mem[040], 0254500000000 | RH(c->mem[5]));
	H_EQ(c->mem[MUH], XWD(F_USER, UGO + 1));
	cpu_free(c);
}

Test(uuo, user_jrst10_traps)
{
	struct cpu *c = urun("\tJRST 10,100\n");
	H_EQ(c->mem[040], 0254400000100);
	cpu_free(c);
}

Test(uuo, userio_allows_io)
{
	/* JRSTF from exec sets USER and USERIO; then CONI and CONO run in user mode. */
	char src[4096];
	snprintf(src, sizeof src,
		 "U=100000\n\tLOC 41\n\tJSR MUH\n\tLOC 1000\n"
		 "GO:\tDATAO APR,[036000,,U]\n\tJRSTF @[014000,,UGO-U]\nMUH:\t0\n\tHALT .\n"
		 "\tLOC U+2000\nUGO:\tCONO APR,1000\n\tCONI APR,100\n\tJSP 1,.+1-U\n\tCALLI 0\n"
		 "\tEND GO\n");
	struct cpu *c = h_halt(src);
	H_EQ(c->mem[U + 0100] & 0100000, 0100000);     /* CONI APR shows USERIO */
	H_EQ(LH(c->mem[1]), F_USER | F_USERIO);
	H_EQ(c->mem[040], 0047000000000);
	cpu_free(c);
}

Test(uuo, userio_allows_halt)
{
	char src[4096];
	snprintf(src, sizeof src,
		 "U=100000\n\tLOC 41\n\tJSR MUH\n\tLOC 1000\n"
		 "GO:\tDATAO APR,[036000,,U]\n\tJRSTF @[014000,,UGO-U]\nMUH:\t0\n\tHALT .\n"
		 "\tLOC U+2000\nUGO:\tHALT 2345\n\tEND GO\n");
	struct cpu *c = h_halt(src);
	H_EQ(c->pc, 02345);
	H_EQ(c->mem[MUH], 0);
	cr_expect(c->flags & F_USER);
	cpu_free(c);
}

Test(uuo, muuo_trap_location_is_exec_space)
{
	/* The JSR at exec 41 stores at exec MUH, not at user MUH. */
	struct cpu *c = urun("\tCALLI 0\n");
	H_EQ(c->mem[MUH], XWD(F_USER, UGO + 1));
	H_EQ(c->mem[U + MUH], 0);
	cpu_free(c);
}
