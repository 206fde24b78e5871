/* test_logic.c — the 16 booleans, the 16 half-word moves and the 64 test instructions, in every mode. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include "harness.h"

/* Operands chosen so that every (AC bit, memory bit) pair occurs, and each
 * half has one word with its sign set and one with it clear. */
#define VA 0123456765432ULL      /* C(AC): LH positive, RH negative */
#define VM 0654321012345ULL      /* C(E):  LH negative, RH positive */
#define VE 0400123U              /* E for the immediate forms (negative as a half) */

/* ---- booleans: the PRM definitions ---- */

static const struct {
	const char *name;
	int uses_m;
} bools[16] = {
	{ "SETZ", 0 }, { "AND", 1 }, { "ANDCA", 1 }, { "SETM", 1 },
	{ "ANDCM", 1 }, { "SETA", 0 }, { "XOR", 1 }, { "IOR", 1 },
	{ "ANDCB", 1 }, { "EQV", 1 }, { "SETCA", 0 }, { "ORCA", 1 },
	{ "SETCM", 1 }, { "ORCM", 1 }, { "ORCB", 1 }, { "SETO", 0 },
};

static word bool_ref(int f, word a, word m)
{
	word r;
	switch (f) {
	case 000: r = 0; break;
	case 001: r = a & m; break;                 /* AND */
	case 002: r = ~a & m; break;                /* ANDCA: complement of AC */
	case 003: r = m; break;                     /* SETM */
	case 004: r = a & ~m; break;                /* ANDCM: complement of memory */
	case 005: r = a; break;                     /* SETA */
	case 006: r = a ^ m; break;
	case 007: r = a | m; break;
	case 010: r = ~a & ~m; break;               /* ANDCB */
	case 011: r = ~(a ^ m); break;              /* EQV */
	case 012: r = ~a; break;                    /* SETCA */
	case 013: r = ~a | m; break;                /* ORCA */
	case 014: r = ~m; break;                    /* SETCM */
	case 015: r = a | ~m; break;                /* ORCM */
	case 016: r = ~a | ~m; break;               /* ORCB */
	default: r = W_MASK; break;                 /* SETO */
	}
	return r & W_MASK;
}

/* Run boolean f in all four modes and compare AC1 and the word X. */
static void bool_all_modes(int f)
{
	static const char *suffix[4] = { "", "I", "M", "B" };
	for (int mode = 0; mode < 4; mode++) {
		char op[16];
		snprintf(op, sizeof op, "%s%s", bools[f].name, suffix[mode]);
		struct cpu *c = h_snipf("\tMOVE 1,[%llo]\n\t%s 1,%s\n\tHALT .\nX:\t%llo\n",
					VA, op, mode == 1 ? "400123" : "X", VM);
		/* X is at 1003 (MOVE 1000, op 1001, HALT 1002) */
		word m = mode == 1 ? (word)VE : VM;
		word r = bool_ref(f, VA, m);
		word want_ac = mode == 2 ? VA : r;
		word want_x = mode >= 2 ? r : VM;
		cr_expect_eq(c->mem[1], want_ac, "%s: AC = %012llo, want %012llo", op,
			     (unsigned long long)c->mem[1], (unsigned long long)want_ac);
		cr_expect_eq(c->mem[01003], want_x, "%s: C(E) = %012llo, want %012llo", op,
			     (unsigned long long)c->mem[01003], (unsigned long long)want_x);
		cr_expect_eq(c->flags, 0u, "%s set flags", op);
		cpu_free(c);
	}
}

Test(logic, setz) { bool_all_modes(000); }
Test(logic, and) { bool_all_modes(001); }
Test(logic, andca) { bool_all_modes(002); }
Test(logic, setm) { bool_all_modes(003); }
Test(logic, andcm) { bool_all_modes(004); }
Test(logic, seta) { bool_all_modes(005); }
Test(logic, xor) { bool_all_modes(006); }
Test(logic, ior) { bool_all_modes(007); }
Test(logic, andcb) { bool_all_modes(010); }
Test(logic, eqv) { bool_all_modes(011); }
Test(logic, setca) { bool_all_modes(012); }
Test(logic, orca) { bool_all_modes(013); }
Test(logic, setcm) { bool_all_modes(014); }
Test(logic, orcm) { bool_all_modes(015); }
Test(logic, orcb) { bool_all_modes(016); }
Test(logic, seto) { bool_all_modes(017); }

Test(logic, bool_opcodes)
{
	/* The function is opcode bits 3-6: SETZ 400, AND 404, ... SETO 474. */
	struct cpu *c = h_snip("\tSETO 1,\n\tSETZ 2,\n\tSETOM X\n\tSETZB 3,Y\n\tSETAM 1,Z\n"
			       "\tSETMI 4,-1\n\tHALT .\nX:\t0\nY:\t-1\nZ:\t0\n");
	H_EQ(c->mem[1], W_MASK);
	H_EQ(c->mem[2], 0);
	H_EQ(c->mem[01007], W_MASK);
	H_EQ(c->mem[3], 0);
	H_EQ(c->mem[01010], 0);
	H_EQ(c->mem[01011], W_MASK);
	H_EQ(c->mem[4], 0777777);       /* SETMI: 0,,E */
	cpu_free(c);
}

/* ---- half-words ---- */

/* Mnemonic pieces: H, source half, destination half, other-half action. */
static word half_ref(char src, char dst, char act, word s, word d)
{
	addr h = src == 'L' ? LH(s) : RH(s);
	addr other = dst == 'L' ? RH(d) : LH(d);
	switch (act) {
	case 'Z': other = 0; break;
	case 'O': other = RH_MASK; break;
	case 'E': other = (h & RH_SIGN) ? RH_MASK : 0; break;
	default: break;
	}
	return dst == 'L' ? XWD(h, other) : XWD(other, h);
}

static void half_all_modes(char src, char dst, char act)
{
	static const char *suffix[4] = { "", "I", "M", "S" };
	for (int mode = 0; mode < 4; mode++) {
		for (int ac = 1; ac >= (mode == 3 ? 0 : 1); ac--) {
			char op[16];
			snprintf(op, sizeof op, "H%c%c%s%s", src, dst, act == ' ' ? "" : (char[]){ act, 0 },
				 suffix[mode]);
			struct cpu *c = h_snipf("\tMOVE %d,[%llo]\n\t%s %d,%s\n\tHALT .\nX:\t%llo\n",
						ac, VA, op, ac, mode == 1 ? "400123" : "X", VM);
			word want_ac, want_x = VM;
			switch (mode) {
			case 0: want_ac = half_ref(src, dst, act, VM, VA); break;
			case 1: want_ac = half_ref(src, dst, act, VE, VA); break;
			case 2: want_ac = VA; want_x = half_ref(src, dst, act, VA, VM); break;
			default:   /* S: C(E) into itself, then to AC if AC != 0 */
				want_x = half_ref(src, dst, act, VM, VM);
				want_ac = ac ? want_x : VA;
				break;
			}
			cr_expect_eq(c->mem[ac], want_ac, "%s %d: AC = %012llo, want %012llo", op, ac,
				     (unsigned long long)c->mem[ac], (unsigned long long)want_ac);
			cr_expect_eq(c->mem[01003], want_x, "%s %d: C(E) = %012llo, want %012llo", op,
				     ac, (unsigned long long)c->mem[01003],
				     (unsigned long long)want_x);
			cpu_free(c);
		}
	}
}

Test(logic, hll) { half_all_modes('L', 'L', ' '); }
Test(logic, hrl) { half_all_modes('R', 'L', ' '); }
Test(logic, hllz_hrlz) { half_all_modes('L', 'L', 'Z'); half_all_modes('R', 'L', 'Z'); }
Test(logic, hllo_hrlo) { half_all_modes('L', 'L', 'O'); half_all_modes('R', 'L', 'O'); }
Test(logic, hlle_hrle) { half_all_modes('L', 'L', 'E'); half_all_modes('R', 'L', 'E'); }
Test(logic, hrr) { half_all_modes('R', 'R', ' '); }
Test(logic, hlr) { half_all_modes('L', 'R', ' '); }
Test(logic, hrrz_hlrz) { half_all_modes('R', 'R', 'Z'); half_all_modes('L', 'R', 'Z'); }
Test(logic, hrro_hlro) { half_all_modes('R', 'R', 'O'); half_all_modes('L', 'R', 'O'); }
Test(logic, hrre_hlre) { half_all_modes('R', 'R', 'E'); half_all_modes('L', 'R', 'E'); }

Test(logic, half_word_spot_values)
{
	/* Worked by hand: HRREI extends E's sign, HLRE takes the left half down. */
	struct cpu *c = h_snip("\tHRREI 1,-2\n\tHRREI 2,377777\n\tHLRE 3,[400001,,5]\n"
			       "\tHRLOI 4,7\n\tMOVE 5,[1,,2]\n\tHLRS 5,[3,,4]\n"
			       "\tMOVE 6,[11,,22]\n\tHRLM 6,X\n\tHALT .\nX:\t33,,44\n");
	H_EQ(c->mem[1], 0777777777776);
	H_EQ(c->mem[2], 0377777);
	H_EQ(c->mem[3], 0777777400001);
	H_EQ(c->mem[4], 0000007777777);
	H_EQ(c->mem[5], 0000003000003);
	H_EQ(c->mem[01011], 0000022000044);
	cpu_free(c);
}

Test(logic, half_word_opcode_544_is_hlr)
{
	/* HLR is 544: the left half of C(E) to the right half of AC. */
	struct cpu *c = h_snip("\tMOVE 1,[1,,2]\n\tMOVE 3,[5,,6]\n\tEXP 544040000003\n");
	H_EQ(c->mem[1], 0000001000005);
	cpu_free(c);
}

/* ---- test instructions: T{R,L,D,S}{N,Z,C,O}{,E,A,N} ---- */

static void test_check(char mask, char mod, const char *skip, word a, word m, addr e)
{
	char op[16], ebuf[16];
	snprintf(op, sizeof op, "T%c%c%s", mask, mod, skip);
	if (mask == 'R' || mask == 'L')
		snprintf(ebuf, sizeof ebuf, "%o", e);
	else
		snprintf(ebuf, sizeof ebuf, "X");
	struct cpu *c = h_snipf("\tMOVE 1,[%llo]\n\t%s 1,%s\n\tJRST NOSK\n\tMOVEI 17,1\n\tHALT .\n"
				"NOSK:\tSETZ 17,\n\tHALT .\nX:\t%llo\n",
				(unsigned long long)a, op, ebuf, (unsigned long long)m);
	word mk;
	switch (mask) {
	case 'R': mk = e; break;
	case 'L': mk = XWD(e, 0); break;
	case 'D': mk = m; break;
	default: mk = SWAP(m); break;
	}
	int zero = (a & mk) == 0;
	int sk = !strcmp(skip, "") ? 0 : !strcmp(skip, "E") ? zero : !strcmp(skip, "A") ? 1 : !zero;
	word r = mod == 'N' ? a : mod == 'Z' ? a & ~mk : mod == 'C' ? a ^ mk : a | mk;
	cr_expect_eq(c->mem[1], r, "%s %012llo,%s: AC = %012llo, want %012llo", op,
		     (unsigned long long)a, ebuf, (unsigned long long)c->mem[1],
		     (unsigned long long)r);
	cr_expect_eq(c->mem[017], (word)sk, "%s %012llo,%s: skip %d, want %d", op,
		     (unsigned long long)a, ebuf, (int)c->mem[017], sk);
	cr_expect_eq(c->mem[01007], m, "%s changed memory", op);
	cpu_free(c);
}

static void test_family(char mask)
{
	static const char mods[] = "NZCO";
	static const char *skips[] = { "", "E", "A", "N" };
	/* masks that hit set bits and masks that hit none */
	for (int i = 0; i < 4; i++)
		for (int j = 0; j < 4; j++) {
			test_check(mask, mods[i], skips[j], 0123456765432ULL, 0000070000007ULL, 07);
			test_check(mask, mods[i], skips[j], 0123456765432ULL, 0000001000001ULL, 01);
		}
}

Test(logic, trxx) { test_family('R'); }
Test(logic, tlxx) { test_family('L'); }
Test(logic, tdxx) { test_family('D'); }
Test(logic, tsxx) { test_family('S'); }

Test(logic, test_spot_values)
{
	/* TLNE 1,400000 skips when AC is positive; TRZN tests before clearing. */
	struct cpu *c = h_snip("\tMOVEI 1,5\n\tTLNE 1,400000\n\tHALT .\n\tTRZN 1,4\n\tHALT .\n"
			       "\tTRZN 1,4\n\tSKIPA 2,[1]\n\tHALT .\n\tTSON 1,[1,,0]\n\tMOVEI 3,1\n");
	H_EQ(c->mem[1], 1);   /* TSON: mask = swap(1,,0) = 0,,1, already set: skips */
	H_EQ(c->mem[2], 1);
	H_EQ(c->mem[3], 0);
	cpu_free(c);
}
