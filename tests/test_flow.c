/* test_flow.c — compares, jumps, skips, counting loops, subroutine calls, XCT, EXCH, BLT, effective addresses. */
#include <criterion/criterion.h>
#include <string.h>
#include "harness.h"

#define FL(c) LH((c)->mem[017])

/* Conditions of CAI..SOS by opcode bits 6-8: never, L, E, LE, A, GE, N, G. */
static const char *const cond_sfx[8] = { "", "L", "E", "LE", "A", "GE", "N", "G" };
static int cond_ref(int k, int64_t v, int64_t ref)
{
	switch (k) {
	case 0: return 0;
	case 1: return v < ref;
	case 2: return v == ref;
	case 3: return v <= ref;
	case 4: return 1;
	case 5: return v >= ref;
	case 6: return v != ref;
	default: return v > ref;
	}
}

static int64_t sx(word w) { return w_sext(w); }

/* Run "prep / op / JRST NOSK / MOVEI 16,1 / HALT / NOSK: SETZ 16, / HALT / X: m":
 * AC16 = 1 if the op skipped.  X is at 1000 + n_prep + 6. */
static struct cpu *skip_run(const char *prep, const char *op, word m)
{
	return h_snipf("%s\t%s\n\tJRST NOSK\n\tMOVEI 16,1\n\tHALT .\nNOSK:\tSETZ 16,\n\tHALT .\n"
		       "X:\t%llo\n", prep, op, (unsigned long long)m);
}

/* ---- CAI, CAM ---- */

Test(flow, cai_all_conditions)
{
	/* CAI compares C(AC) (signed) with 0,,E. */
	static const word acs[] = { 0777777777777, 4, 5, 6, 0400000000000, 0777777 };
	for (int k = 0; k < 8; k++)
		for (unsigned i = 0; i < sizeof acs / sizeof acs[0]; i++) {
			char prep[64], op[32];
			addr e = acs[i] == 0777777 ? 0777777 : 5;
			snprintf(prep, sizeof prep, "\tMOVE 1,[%llo]\n", (unsigned long long)acs[i]);
			snprintf(op, sizeof op, "CAI%s 1,%o", cond_sfx[k], e);
			struct cpu *c = skip_run(prep, op, 0);
			int want = cond_ref(k, sx(acs[i]), (int64_t)e);
			cr_expect_eq(c->mem[016], (word)want, "%s with AC %012llo: skip %d, want %d", op,
				     (unsigned long long)acs[i], (int)c->mem[016], want);
			cpu_free(c);
		}
}

Test(flow, cam_all_conditions)
{
	static const word pairs[][2] = {
		{ 0777777777777, 0777777777777 }, { 0777777777777, 1 }, { 1, 0777777777777 },
		{ 0400000000000, 0377777777777 }, { 0377777777777, 0400000000000 }, { 5, 5 },
	};
	for (int k = 0; k < 8; k++)
		for (unsigned i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
			char prep[64], op[32];
			snprintf(prep, sizeof prep, "\tMOVE 1,[%llo]\n", (unsigned long long)pairs[i][0]);
			snprintf(op, sizeof op, "CAM%s 1,X", cond_sfx[k]);
			struct cpu *c = skip_run(prep, op, pairs[i][1]);
			int want = cond_ref(k, sx(pairs[i][0]), sx(pairs[i][1]));
			cr_expect_eq(c->mem[016], (word)want, "%s %012llo vs %012llo: skip %d, want %d",
				     op, (unsigned long long)pairs[i][0],
				     (unsigned long long)pairs[i][1], (int)c->mem[016], want);
			cpu_free(c);
		}
}

/* ---- JUMP, SKIP ---- */

Test(flow, jump_all_conditions)
{
	static const word vals[] = { 0777777777777, 0, 1, 0400000000000 };
	for (int k = 0; k < 8; k++)
		for (unsigned i = 0; i < 4; i++) {
			struct cpu *c = h_snipf("\tMOVE 1,[%llo]\n\tJUMP%s 1,YES\n\tSETZ 16,\n\tHALT .\n"
						"YES:\tMOVEI 16,1\n", (unsigned long long)vals[i],
						cond_sfx[k]);
			int want = cond_ref(k, sx(vals[i]), 0);
			cr_expect_eq(c->mem[016], (word)want, "JUMP%s %012llo: jump %d, want %d",
				     cond_sfx[k], (unsigned long long)vals[i], (int)c->mem[016], want);
			cpu_free(c);
		}
}

Test(flow, skip_all_conditions)
{
	static const word vals[] = { 0777777777777, 0, 1, 0400000000000 };
	for (int k = 0; k < 8; k++)
		for (unsigned i = 0; i < 4; i++) {
			char op[32];
			snprintf(op, sizeof op, "SKIP%s 1,X", cond_sfx[k]);
			struct cpu *c = skip_run("\tMOVEI 1,123\n", op, vals[i]);
			int want = cond_ref(k, sx(vals[i]), 0);
			cr_expect_eq(c->mem[016], (word)want, "%s %012llo: skip %d, want %d", op,
				     (unsigned long long)vals[i], (int)c->mem[016], want);
			H_EQ(c->mem[1], vals[i]);       /* AC != 0: C(E) is loaded */
			cpu_free(c);
		}
}

Test(flow, skip_ac0_does_not_load)
{
	struct cpu *c = skip_run("\tMOVEI 0,77\n", "SKIPE 0,X", 0);
	H_EQ(c->mem[016], 1);
	H_EQ(c->mem[0], 077);
	cpu_free(c);
}

/* ---- AOJ, SOJ, AOS, SOS ---- */

static void xoj_family(const char *fam, int down)
{
	static const word vals[] = { 0777777777776, 0777777777777, 0, 1, 2 };
	for (int k = 0; k < 8; k++)
		for (unsigned i = 0; i < 5; i++) {
			word r = w_of(sx(vals[i]) + (down ? -1 : 1));
			struct cpu *c = h_snipf("\tMOVE 1,[%llo]\n\t%s%s 1,YES\n\tSETZ 16,\n\tHALT .\n"
						"YES:\tMOVEI 16,1\n", (unsigned long long)vals[i], fam,
						cond_sfx[k]);
			int want = cond_ref(k, sx(r), 0);
			cr_expect_eq(c->mem[016], (word)want, "%s%s %012llo: jump %d, want %d", fam,
				     cond_sfx[k], (unsigned long long)vals[i], (int)c->mem[016], want);
			H_EQ(c->mem[1], r);
			cpu_free(c);
		}
}

Test(flow, aoj_all_conditions) { xoj_family("AOJ", 0); }
Test(flow, soj_all_conditions) { xoj_family("SOJ", 1); }

static void xos_family(const char *fam, int down)
{
	static const word vals[] = { 0777777777776, 0777777777777, 0, 1, 2 };
	for (int k = 0; k < 8; k++)
		for (unsigned i = 0; i < 5; i++)
			for (int ac = 0; ac <= 1; ac++) {
				char op[32];
				word r = w_of(sx(vals[i]) + (down ? -1 : 1));
				snprintf(op, sizeof op, "%s%s %d,X", fam, cond_sfx[k], ac);
				struct cpu *c = skip_run("\tMOVEI 0,77\n\tMOVEI 1,77\n", op, vals[i]);
				int want = cond_ref(k, sx(r), 0);
				cr_expect_eq(c->mem[016], (word)want, "%s on %012llo: skip %d, want %d", op,
					     (unsigned long long)vals[i], (int)c->mem[016], want);
				H_EQ(c->mem[01010], r);        /* X: 1000 + 2 prep + 6 */
				H_EQ(c->mem[ac], ac ? r : 077);  /* AC 0 is not written */
				cpu_free(c);
			}
}

Test(flow, aos_all_conditions) { xos_family("AOS", 0); }
Test(flow, sos_all_conditions) { xos_family("SOS", 1); }

Test(flow, aoj_sos_flags)
{
	/* AOx/SOx add or subtract 1 with the usual carries (SUB is AC + ~1 + 1). */
	struct cpu *c = h_snip("\tMOVE 1,[377777777777]\n\tAOJ 1,\n\tJSP 17,.+1\n"
			       "\tJFCL 17,.+1\n\tSETO 2,\n\tAOJ 2,\n\tJSP 16,.+1\n\tJFCL 17,.+1\n"
			       "\tSOS 3,X\n\tJSP 15,.+1\n\tJFCL 17,.+1\n\tSETZ 4,\n\tSOJ 4,\n"
			       "\tJSP 14,.+1\n\tMOVEI 5,1\n\tSOJ 5,\n\tJSP 13,.+1\n\tHALT .\n"
			       "X:\t400000000000\n");
	H_EQ(c->mem[1], 0400000000000);
	H_EQ(LH(c->mem[017]), F_AROV | F_CRY1);
	H_EQ(LH(c->mem[016]), F_CRY0 | F_CRY1);          /* -1 + 1 */
	H_EQ(c->mem[3], 0377777777777);
	H_EQ(LH(c->mem[015]), F_AROV | F_CRY0);          /* -2^35 - 1 */
	H_EQ(c->mem[4], 0777777777777);
	H_EQ(LH(c->mem[014]), 0);                        /* 0 + 777777777776 + 1: no carry */
	H_EQ(LH(c->mem[013]), F_CRY0 | F_CRY1);          /* 1 - 1 */
	cpu_free(c);
}

Test(flow, aoj_overflow_flag)
{
	struct cpu *c = h_snip("\tMOVE 1,[377777777777]\n\tAOJ 1,\n\tJSP 17,.+1\n");
	H_EQ(c->mem[1], 0400000000000);
	H_EQ(FL(c), F_AROV | F_CRY1);
	cpu_free(c);
}

/* ---- AOBJN, AOBJP: one 36-bit add of 1,,1 on the KA10 ---- */

Test(flow, aobjn_loop)
{
	struct cpu *c = h_snip("\tMOVSI 1,-3\n\tSETZ 2,\nL:\tADDI 2,1\n\tAOBJN 1,L\n");
	H_EQ(c->mem[2], 3);
	H_EQ(c->mem[1], 0000000000003);
	cpu_free(c);
}

Test(flow, aobj_carry_into_left_half)
{
	/* 777776,,777777 + 1,,1 = 0 on the KA10 (the KS10 would give 777777,,0 and AOBJN would jump). */
	struct cpu *c = h_snip("\tMOVE 1,[777776,,777777]\n\tAOBJN 1,YES\n\tMOVE 2,[777776,,777777]\n"
			       "\tAOBJP 2,YES2\n\tHALT .\nYES:\tHALT .\nYES2:\tMOVE 3,[0,,777777]\n"
			       "\tAOBJP 3,.+1\n\tMOVE 4,[777777,,777777]\n\tAOBJN 4,YES\n");
	H_EQ(c->mem[1], 0);
	H_EQ(c->mem[2], 0);
	H_EQ(c->mem[3], 0000002000000);   /* the RH carry enters the LH */
	H_EQ(c->mem[4], 0000001000000);
	H_EQ(c->pc, 01012);               /* the final HALT: AOBJN 4 did not jump */
	cpu_free(c);
}

Test(flow, aobjp_jumps_when_nonnegative)
{
	struct cpu *c = h_snip("\tMOVE 1,[777777,,777776]\n\tAOBJP 1,YES\n\tHALT .\nYES:\tMOVEI 16,1\n");
	H_EQ(c->mem[1], 0777777);
	H_EQ(c->mem[016], 1);
	cpu_free(c);
}

/* ---- JSR, JSP, JSA, JRA, JFCL ---- */

Test(flow, jsr_saves_flags_and_pc)
{
	struct cpu *c = h_snip("\tMOVNI 1,0\n\tJSR SUB\n\tHALT .\nSUB:\t0\n\tMOVEI 2,1\n\tJRST @SUB\n");
	H_EQ(c->mem[01003], XWD(F_CRY0 | F_CRY1, 01002));
	H_EQ(c->mem[2], 1);
	H_EQ(c->pc, 01002);
	cpu_free(c);
}

Test(flow, jsp_saves_flags_and_pc)
{
	struct cpu *c = h_snip("\tMOVE 1,[377777777777]\n\tADDI 1,1\n\tJSP 2,SUB\n\tHALT .\n"
			       "SUB:\tMOVEI 3,1\n\tJRST (2)\n");
	H_EQ(c->mem[2], XWD(F_AROV | F_CRY1, 01003));
	H_EQ(c->mem[3], 1);
	H_EQ(c->pc, 01003);
	cpu_free(c);
}

Test(flow, jsa_jra)
{
	/* JSA: C(E) := C(AC), AC := E,,PC+1, PC := E+1.  JRA 16,(16): AC := C(LH(AC)), PC := E. */
	struct cpu *c = h_snip("\tMOVEI 16,555\n\tJSA 16,SUB\n\tMOVEM 16,SAVED\n\tHALT .\nSAVED:\t0\n"
			       "SUB:\t0\n\tMOVEM 16,INSUB\n\tJRA 16,(16)\nINSUB:\t0\n");
	H_EQ(c->mem[01005], 0555);                     /* SUB: the old AC */
	H_EQ(c->mem[01010], XWD(01005, 01002));        /* AC inside: E,,return */
	H_EQ(c->mem[016], 0555);                       /* restored */
	H_EQ(c->mem[01004], 0555);
	cpu_free(c);
}

Test(flow, jfcl_clears_selected_flags)
{
	/* AC bits 9-12 select AROV, CRY0, CRY1, FOV; JFCL jumps if any is set and clears those. */
	struct cpu *c = h_snip("\tMOVE 1,[400000000000]\n\tADD 1,1\n\tJFCL 0,NO\n\tJFCL 2,NO\n"
			       "\tJFCL 4,YES1\nNO:\tHALT .\nYES1:\tJSP 17,.+1\n\tJFCL 17,YES2\n\tHALT .\n"
			       "YES2:\tJSP 16,.+1\n\tJFCL 17,NO\n");
	H_EQ(FL(c), F_AROV);              /* CRY0 cleared, AROV kept */
	H_EQ(LH(c->mem[016]), 0);
	cpu_free(c);
}

/* ---- XCT ---- */

Test(flow, xct_simple)
{
	struct cpu *c = h_snip("\tXCT [MOVEI 1,5]\n\tMOVEI 2,6\n");
	H_EQ(c->mem[1], 5);
	H_EQ(c->mem[2], 6);
	cpu_free(c);
}

Test(flow, xct_of_skip)
{
	/* A skip skips relative to the XCT. */
	struct cpu *c = h_snip("\tXCT [SKIPA 1,[7]]\n\tMOVEI 2,1\n\tMOVEI 3,1\n");
	H_EQ(c->mem[1], 7);
	H_EQ(c->mem[2], 0);
	H_EQ(c->mem[3], 1);
	cpu_free(c);
}

Test(flow, xct_of_jump_and_jsp)
{
	struct cpu *c = h_snip("\tXCT [JSP 2,L]\n\tHALT .\nL:\tXCT [JRST M]\n\tHALT .\nM:\tMOVEI 3,1\n");
	H_EQ(RH(c->mem[2]), 01001);       /* JSP saves the address after the XCT */
	H_EQ(c->mem[3], 1);
	cpu_free(c);
}

Test(flow, xct_chain)
{
	struct cpu *c = h_snip("\tXCT [XCT [XCT [AOSA 1,X]]]\n\tMOVEI 2,1\n\tHALT .\nX:\t10\n");
	H_EQ(c->mem[1], 011);
	H_EQ(c->mem[2], 0);               /* the skip at the end of the chain skips past XCT */
	cpu_free(c);
}

Test(flow, xct_indexed_and_from_ac)
{
	struct cpu *c = h_snip("\tMOVEI 3,1\n\tXCT T(3)\n\tMOVE 5,[MOVEI 6,44]\n\tXCT 5\n\tHALT .\n"
			       "T:\tMOVEI 4,1\n\tMOVEI 4,2\n");
	H_EQ(c->mem[4], 2);
	H_EQ(c->mem[6], 044);
	cpu_free(c);
}

/* ---- EXCH ---- */

Test(flow, exch)
{
	struct cpu *c = h_snip("\tMOVEI 1,1\n\tEXCH 1,X\n\tMOVEI 2,2\n\tMOVEI 3,3\n\tEXCH 2,3\n"
			       "\tHALT .\nX:\t5,,6\n");
	H_EQ(c->mem[1], 05000006);
	H_EQ(c->mem[01006], 1);
	H_EQ(c->mem[2], 3);
	H_EQ(c->mem[3], 2);
	cpu_free(c);
}

/* ---- BLT (KA10) ---- */

Test(flow, blt_basic_ac_unchanged)
{
	struct cpu *c = h_snip("\tMOVE 1,[S,,D]\n\tBLT 1,D+2\n\tHALT .\nS:\t1\n\t2\n\t3\n\t4\n"
			       "D:\t0\n\t0\n\t0\n\t0\n");
	H_EQ(c->mem[01007], 1);
	H_EQ(c->mem[01010], 2);
	H_EQ(c->mem[01011], 3);
	H_EQ(c->mem[01012], 0);
	H_EQ(c->mem[1], XWD(01003, 01007));   /* KA10: C(AC) keeps its value */
	cpu_free(c);
}

Test(flow, blt_e_below_start_moves_one_word)
{
	struct cpu *c = h_snip("\tMOVE 1,[S,,D]\n\tBLT 1,D-3\n\tHALT .\nS:\t1\n\t2\n"
			       "D:\t0\n\t0\n");
	H_EQ(c->mem[01005], 1);
	H_EQ(c->mem[01006], 0);
	H_EQ(c->mem[1], XWD(01003, 01005));
	cpu_free(c);
}

Test(flow, blt_clear_memory_idiom)
{
	struct cpu *c = h_snip("\tMOVSI 2,-101\n\tSETOM 2000(2)\n\tAOBJN 2,.-1\n"
			       "\tSETZM 2000\n\tMOVE 1,[2000,,2001]\n\tBLT 1,2077\n");
	for (addr a = 02000; a <= 02077; a++)
		cr_expect_eq(c->mem[a], 0, "word %o not cleared", a);
	H_EQ(c->mem[02100], W_MASK);
	H_EQ(c->mem[1], XWD(02000, 02001));
	cpu_free(c);
}

Test(flow, blt_into_acs_ac_in_destination)
{
	/* Loading all the ACs: the last word lands in the BLT's own AC. */
	struct cpu *c = h_snip("\tMOVSI 17,S\n\tBLT 17,17\n\tHALT .\nS:\t0\n\t1\n\t2\n\t3\n\t4\n\t5\n"
			       "\t6\n\t7\n\t10\n\t11\n\t12\n\t13\n\t14\n\t15\n\t16\n\t777\n");
	for (unsigned n = 0; n < 017; n++)
		cr_expect_eq(c->mem[n], n, "AC %o = %llo", n, (unsigned long long)c->mem[n]);
	H_EQ(c->mem[017], 0777);
	cpu_free(c);
}

Test(flow, blt_from_acs)
{
	struct cpu *c = h_snip("\tMOVEI 2,22\n\tMOVEI 3,33\n\tMOVE 1,[2,,D]\n\tBLT 1,D+1\n"
			       "\tHALT .\nD:\t0\n\t0\n");
	H_EQ(c->mem[01005], 022);
	H_EQ(c->mem[01006], 033);
	cpu_free(c);
}

/* ---- effective addresses ---- */

Test(flow, ea_indexing)
{
	struct cpu *c = h_snip("\tMOVEI 2,2\n\tMOVE 1,T(2)\n\tSETO 3,\n\tMOVE 4,T+1(3)\n"
			       "\tMOVE 5,[-1,,T-1]\n\tMOVE 6,1(5)\n\tMOVEI 7,T(2)\n"
			       "\tHALT .\nT:\t10\n\t11\n\t12\n");
	H_EQ(c->mem[1], 012);
	H_EQ(c->mem[4], 010);              /* RH(-1) + Y wraps to Y-1 */
	H_EQ(c->mem[6], 010);              /* only RH(C(X)) is added */
	H_EQ(c->mem[7], 01012);
	cpu_free(c);
}

Test(flow, ea_index_wraps_to_an_ac)
{
	struct cpu *c = h_snip("\tMOVEI 3,77\n\tMOVEI 2,1000\n\tMOVE 1,777003(2)\n");
	H_EQ(c->mem[1], 077);   /* 777003 + 1000 = 3 (mod 2^18): AC3 */
	cpu_free(c);
}

Test(flow, ea_multilevel_indirect)
{
	struct cpu *c = h_snip("\tMOVEI 3,1\n\tMOVE 1,@P1\n\tMOVEI 2,@P1\n\tHALT .\n"
			       "P1:\tZ @P2\nP2:\tZ T(3)\nT:\t5\n\t6\n");
	H_EQ(c->mem[1], 6);
	H_EQ(c->mem[2], 01007);
	cpu_free(c);
}

Test(flow, ea_indirect_through_acs)
{
	struct cpu *c = h_snip("\tMOVEI 5,T\n\tMOVE 1,@5\n\tMOVE 6,[Z @5]\n\tMOVE 2,@6\n\tHALT .\n"
			       "T:\t42\n");
	H_EQ(c->mem[1], 042);
	H_EQ(c->mem[2], 042);
	cpu_free(c);
}

Test(flow, ea_indexed_indirect_word)
{
	/* The indirect word's own X is used: E = Y' + C(X'). */
	struct cpu *c = h_snip("\tMOVEI 4,2\n\tMOVEI 3,P-1\n\tMOVE 1,@1(3)\n\tHALT .\n"
			       "P:\tZ T(4)\nT:\t0\n\t0\n\t77\n");
	H_EQ(c->mem[1], 077);
	cpu_free(c);
}

/* ---- code in the accumulators ---- */

Test(flow, loop_running_in_acs)
{
	struct cpu *c = h_snip("\tSETZ 1,\n\tMOVEI 2,5\n\tMOVE 17,[CODE,,10]\n\tBLT 17,12\n"
			       "\tJRST 10\nBACK:\tHALT .\n"
			       "CODE:\tADDI 1,(2)\n\tSOJG 2,10\n\tJRST BACK\n");
	H_EQ(c->mem[1], 017);             /* 5+4+3+2+1 */
	H_EQ(c->mem[2], 0);
	H_EQ(c->pc, 01005);
	cpu_free(c);
}

Test(flow, self_modifying_code_in_acs)
{
	/* The loop increments the address of its own MOVE, in AC10. */
	struct cpu *c = h_snip("\tSETZ 1,\n\tMOVEI 2,3\n\tMOVE 17,[CODE,,10]\n\tBLT 17,13\n"
			       "\tJRST 10\nBACK:\tHALT .\n"
			       "CODE:\tADD 1,T\n\tAOS 10\n\tSOJG 2,10\n\tJRST BACK\nT:\t1\n\t10\n\t100\n");
	H_EQ(c->mem[1], 0111);
	H_EQ(c->mem[010], XWD(0270040, 01015));   /* ADD 1,T+3 */
	cpu_free(c);
}
