/* test_apr.c — device 000: relocation and protection, violations, NXM, the clock, CONO/CONI APR. */
#include <criterion/criterion.h>
#include <stdio.h>
#include "harness.h"

/* CONI APR bits */
#define A_AROV  010
#define A_OVEN  020
#define A_FOV   0100
#define A_FOVEN 0200
#define A_CLK   01000
#define A_CLKEN 02000
#define A_NXM   010000
#define A_PROT  020000
#define A_UIO   0100000
#define A_PDL   0200000

/*
 * A user program: exec sets up APR with the DATAO word `datao` (a MACRO
 * expression), runs `exec` (more exec set-up), and enters user mode at user
 * 2000.  The low segment must relocate by U = 100000 (user 2000 = real 102000).
 * An MUUO goes through 41 to MUH, which does CONI APR,CONI1 and halts; the
 * level-1 interrupt (42) goes to IH, which does CONI APR,CONI2 and halts.
 */
#define MUH   01001
#define CONI1 01004
#define IH    01005
#define CONI2 01010
#define U     0100000

static struct cpu *urun(const char *datao, const char *exec, const char *ubody, enum stop *stop)
{
	char src[8192];
	snprintf(src, sizeof src,
		 "U=100000\n\tLOC 41\n\tJSR MUH\n\tLOC 42\n\tJSR IH\n\tLOC 1000\n"
		 "GO:\tJRST START\nMUH:\t0\n\tCONI APR,CONI1\n\tHALT .\nCONI1:\t0\n"
		 "IH:\t0\n\tCONI APR,CONI2\n\tHALT .\nCONI2:\t0\n"
		 "\tLOC 1100\nSTART:\tDATAO APR,[%s]\n%s\n\tJRST 1,UGO-U\n"
		 "\tLOC U+2000\nUGO:\n%s\n\tEND GO\n", datao, exec, ubody);
	return h_run(src, NULL, stop);
}

/* Low segment 0-37777 at real 100000. */
#define LOW16K "036000,,U"

Test(apr, relocation_low_segment)
{
	enum stop s;
	struct cpu *c = urun(LOW16K, "", "\tMOVEI 1,5\n\tMOVEM 1,100\n\tMOVE 2,100\n\tCALLI 0\n",
			     &s);
	cr_assert_eq(s, STOP_HALT);
	H_EQ(c->mem[U + 0100], 5);
	H_EQ(c->mem[0100], 0);
	H_EQ(c->mem[2], 5);
	H_EQ(c->mem[MUH], XWD(F_USER, 02004));
	cpu_free(c);
}

Test(apr, acs_are_not_relocated)
{
	/* User addresses 0-17 are the accumulators. */
	enum stop s;
	struct cpu *c = urun(LOW16K, "", "\tMOVEI 1,5\n\tMOVEM 1,3\n\tCALLI 0\n", &s);
	H_EQ(c->mem[3], 5);
	H_EQ(c->mem[U + 3], 0);
	cpu_free(c);
}

Test(apr, low_segment_size_from_pl)
{
	/* PL = 1: the low segment is 0-3777 (2K). 3777 is fine, 4000 violates. */
	enum stop s;
	struct cpu *c = urun("002000,,U", "", "\tMOVEI 1,5\n\tMOVEM 1,3777\n\tMOVEM 1,4000\n"
			     "\tMOVEI 3,1\n\tCALLI 0\n", &s);
	cr_assert_eq(s, STOP_HALT);
	H_EQ(c->mem[U + 03777], 5);
	H_EQ(c->mem[U + 04000], 0);
	H_EQ(c->mem[3], 1);                      /* execution goes on after the violation */
	H_EQ(c->mem[CONI1] & A_PROT, A_PROT);
	cpu_free(c);
}

Test(apr, violation_aborts_read_modify_write)
{
	/* ADD from outside: AC unchanged.  ADDM to outside: nothing stored. */
	enum stop s;
	struct cpu *c = urun(LOW16K, "", "\tMOVEI 1,5\n\tADD 1,40000\n\tMOVEI 2,7\n\tPOP 2,50000\n"
			     "\tCALLI 0\n", &s);
	H_EQ(c->mem[1], 5);
	H_EQ(c->mem[2], 7);                      /* POP's pointer update is undone */
	H_EQ(c->mem[CONI1] & A_PROT, A_PROT);
	cpu_free(c);
}

Test(apr, high_segment_mapping)
{
	/* PH = 200 (user 400000-401777), RH = 600000: user 400000 + 600000 = real 200000. */
	enum stop s;
	struct cpu *c = urun("036400,,U+600", "\tMOVEI 1,123\n\tMOVEM 1,200006\n",
			     "\tMOVEI 1,7\n\tMOVEM 1,400005\n\tMOVE 2,400006\n\tMOVEM 1,401777\n"
			     "\tCALLI 0\n", &s);
	cr_assert_eq(s, STOP_HALT);
	H_EQ(c->mem[0200005], 7);
	H_EQ(c->mem[2], 0123);
	H_EQ(c->mem[0201777], 7);
	H_EQ(c->mem[CONI1] & A_PROT, 0);
	cpu_free(c);
}

Test(apr, above_high_segment_violates)
{
	enum stop s;
	struct cpu *c = urun("036400,,U+600", "", "\tMOVEI 1,7\n\tMOVEM 1,402000\n\tCALLI 0\n",
			     &s);
	H_EQ(c->mem[0202000], 0);
	H_EQ(c->mem[CONI1] & A_PROT, A_PROT);
	cpu_free(c);
}

Test(apr, gap_between_segments_violates)
{
	enum stop s;
	struct cpu *c = urun("036400,,U+600", "", "\tMOVEI 1,7\n\tMOVEM 1,40000\n\tCALLI 0\n",
			     &s);
	H_EQ(c->mem[U + 040000], 0);
	H_EQ(c->mem[CONI1] & A_PROT, A_PROT);
	cpu_free(c);
}

Test(apr, high_segment_write_protect)
{
	enum stop s;
	struct cpu *c = urun("036401,,U+600", "\tMOVEI 1,123\n\tMOVEM 1,200006\n",
			     "\tMOVEI 1,7\n\tMOVEM 1,400005\n\tMOVE 2,400006\n\tCALLI 0\n",
			     &s);
	H_EQ(c->mem[0200005], 0);
	H_EQ(c->mem[2], 0123);                   /* reading is allowed */
	H_EQ(c->mem[CONI1] & A_PROT, A_PROT);
	cpu_free(c);
}

Test(apr, violation_interrupts_with_pc_plus_one)
{
	/* APR PIA 1, PI on: the JSR at 42 saves the user PC after the failing instruction. */
	enum stop s;
	struct cpu *c = urun(LOW16K, "\tCONO APR,1\n\tCONO PI,2377\n",
			     "\tMOVEI 1,5\n\tMOVEM 1,40000\n\tMOVEI 3,1\n\tCALLI 0\n", &s);
	cr_assert_eq(s, STOP_HALT);
	H_EQ(c->mem[IH], XWD(F_USER, 02002));
	H_EQ(c->mem[CONI2] & A_PROT, A_PROT);
	H_EQ(c->mem[3], 0);                      /* the next instruction did not run */
	cpu_free(c);
}

Test(apr, violation_without_pi_on_does_not_interrupt)
{
	enum stop s;
	struct cpu *c = urun(LOW16K, "\tCONO APR,1\n", "\tMOVEM 1,40000\n\tMOVEI 3,1\n\tCALLI 0\n",
			     &s);
	H_EQ(c->mem[3], 1);
	H_EQ(c->mem[IH], 0);
	cpu_free(c);
}

Test(apr, nxm_in_exec_mode)
{
	struct h_opts o = { .mem_kwords = 16 };
	enum stop s;
	struct cpu *c = h_snip_opts("\tMOVEI 1,5\n\tMOVE 1,50000\n\tMOVEI 2,1\n\tCONI APR,3\n"
				    "\tCONO APR,10000\n\tCONI APR,4\n", &o, &s);
	cr_assert_eq(s, STOP_HALT);
	H_EQ(c->mem[1], 5);                      /* nothing loaded */
	H_EQ(c->mem[2], 1);
	H_EQ(c->mem[3] & A_NXM, A_NXM);
	H_EQ(c->mem[4] & A_NXM, 0);
	cpu_free(c);
}

Test(apr, nxm_interrupt)
{
	struct h_opts o = { .mem_kwords = 16 };
	enum stop s;
	struct cpu *c = h_snip_opts("\tCONO APR,1\n\tCONO PI,2377\n\tSETZM 50000\n\tMOVEI 2,1\n"
				    "\tHALT .\nIH:\t0\n\tHALT .\n\tLOC 42\n\tJSR IH\n", &o, &s);
	cr_assert_eq(s, STOP_HALT);
	H_EQ(c->mem[01005], XWD(0, 01003));
	H_EQ(c->mem[2], 0);
	cpu_free(c);
}

Test(apr, clock_flag_every_n)
{
	/* clock = 100 instructions: after 150 the flag is set; CONO 1000 clears it. */
	struct h_opts o = { .clock = 100 };
	enum stop s;
	struct cpu *c = h_snip_opts("\tCONI APR,1\n\tMOVEI 5,^D150\n\tSOJG 5,.\n\tCONI APR,2\n"
				    "\tCONO APR,1000\n\tCONI APR,3\n", &o, &s);
	cr_assert_eq(s, STOP_HALT);
	H_EQ(c->mem[1] & A_CLK, 0);
	H_EQ(c->mem[2] & A_CLK, A_CLK);
	H_EQ(c->mem[3] & A_CLK, 0);
	cpu_free(c);
}

Test(apr, clock_interrupt_counts_ticks)
{
	/* Clock enabled on PIA 1: each tick's interrupt counts and clears the flag. */
	struct h_opts o = { .clock = 100 };
	enum stop s;
	struct cpu *c = h_snip_opts("\tCONO APR,3001\n\tCONO PI,2377\n\tMOVEI 5,^D500\n\tSOJG 5,.\n"
				    "\tCONO PI,400\n\tHALT .\n"
				    "IH:\t0\n\tAOS 6\n\tCONO APR,3001\n\tJEN @IH\n\tLOC 42\n\tJSR IH\n", &o, &s);
	cr_assert_eq(s, STOP_HALT);
	/* about 505 instructions: ticks at 100, 200, ..., 500 */
	cr_expect(c->mem[6] >= 4 && c->mem[6] <= 5, "ticks %llo", (unsigned long long)c->mem[6]);
	cpu_free(c);
}

Test(apr, clock_enable_without_flag_no_interrupt)
{
	struct h_opts o = { .clock = 1000 };
	enum stop s;
	struct cpu *c = h_snip_opts("\tCONO APR,2001\n\tCONO PI,2377\n\tMOVEI 5,^D10\n\tSOJG 5,.\n"
				    "\tHALT .\nIH:\t0\n\tHALT .\n\tLOC 42\n\tJSR IH\n", &o, &s);
	H_EQ(c->mem[01005], 0);
	H_EQ(c->pc, 01004);
	cpu_free(c);
}

Test(apr, cono_coni_bits)
{
	struct cpu *c = h_snip("\tCONO APR,2225\n\tCONI APR,1\n\tCONO APR,4440\n\tCONI APR,2\n");
	/* 2225 = clock enable 2000, FOV enable 200, overflow enable 20, PIA 5 */
	H_EQ(c->mem[1], A_CLKEN | A_FOVEN | A_OVEN | 5);
	/* 4440: clear clock enable, FOV enable, overflow enable; PIA 0 */
	H_EQ(c->mem[2], 0);
	cpu_free(c);
}

Test(apr, coni_shows_and_cono_clears_arov)
{
	struct cpu *c = h_snip("\tMOVE 1,[377777777777]\n\tADDI 1,1\n\tCONI APR,2\n\tCONO APR,10\n"
			       "\tCONI APR,3\n\tJSP 4,.+1\n");
	H_EQ(c->mem[2] & A_AROV, A_AROV);
	H_EQ(c->mem[3] & A_AROV, 0);
	H_EQ(LH(c->mem[4]), F_CRY1);             /* CONO 10 cleared AROV in the PC flags */
	cpu_free(c);
}

Test(apr, arov_interrupt_only_when_enabled)
{
	enum stop s;
	struct cpu *c = h_snip_opts("\tCONO APR,1\n\tCONO PI,2377\n\tMOVE 1,[377777777777]\n"
				    "\tADDI 1,1\n\tMOVEI 2,1\n\tCONO APR,21\n\tMOVEI 3,1\n\tHALT .\n"
				    "IH:\t0\n\tHALT .\n\tLOC 42\n\tJSR IH\n", NULL, &s);
	cr_assert_eq(s, STOP_HALT);
	/* AROV without enable: no interrupt; CONO 21 enables it and the request goes out. */
	H_EQ(c->mem[2], 1);
	H_EQ(c->mem[3], 0);
	H_EQ(c->mem[01010], XWD(F_AROV | F_CRY1, 01006));
	cpu_free(c);
}

Test(apr, pdl_overflow_interrupt)
{
	enum stop s;
	struct cpu *c = h_snip_opts("\tCONO APR,1\n\tCONO PI,2377\n\tMOVE 17,[-1,,PDL-1]\n"
				    "\tPUSH 17,[5]\n\tMOVEI 2,1\n\tHALT .\nPDL:\t0\nIH:\t0\n\tHALT .\n"
				    "\tLOC 42\n\tJSR IH\n", NULL, &s);
	cr_assert_eq(s, STOP_HALT);
	H_EQ(c->mem[01006], 5);                  /* the push completed */
	H_EQ(c->mem[01007], XWD(0, 01004));
	H_EQ(c->mem[2], 0);
	cpu_free(c);
}

Test(apr, coni_userio_bit)
{
	char src[2048];
	snprintf(src, sizeof src, "\tLOC 1000\nGO:\tDATAO APR,[036000,,0]\n\tJRSTF @[004000,,L]\n"
		 "L:\tCONI APR,1\n\tHALT .\n\tEND GO\n");
	struct cpu *c = h_halt(src);
	H_EQ(c->mem[1] & A_UIO, A_UIO);
	cpu_free(c);
}

Test(apr, io_reset_clears_flags)
{
	struct cpu *c = h_snip("\tCONO APR,2227\n\tMOVE 17,[-1,,PDL-1]\n\tPUSH 17,[5]\n"
			       "\tCONO APR,200000\n\tCONI APR,1\n\tHALT .\nPDL:\t0\n");
	H_EQ(c->mem[1] & (A_PDL | A_CLKEN | A_OVEN | A_FOVEN | 7), 0);
	cpu_free(c);
}
