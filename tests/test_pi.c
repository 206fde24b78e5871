/* test_pi.c — device 004: priorities, holding and dismissing, program requests, BLKO at an interrupt location. */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"

/* CONO PI and CONI PI level bits: level n is 200 >> n. */
#define LV(n) (0200u >> (n))

Test(pi, program_request_interrupts_with_pc_and_flags)
{
	/* Level 7's JSR at 56 saves the flags and the PC of the next instruction. */
	struct cpu *c = h_snip("\tCONO PI,2377\n\tMOVNI 1,0\n\tCONO PI,4001\n\tMOVEI 2,1\n\tHALT .\n"
			       "H7:\t0\n\tHALT .\n\tLOC 56\n\tJSR H7\n");
	H_EQ(c->mem[01005], XWD(F_CRY0 | F_CRY1, 01003));
	H_EQ(c->mem[2], 0);
	H_EQ(c->pc, 01006);
	cpu_free(c);
}

Test(pi, priority_nesting_and_waiting)
{
	/* Level 3 runs; a level 5 request waits; a level 1 request interrupts it. */
	struct cpu *c = h_snip(
		"\tMOVE 16,[IOWD 20,LOG]\n\tCONO PI,2377\n\tCONO PI,4000+20\n\tPUSH 16,[777]\n\tHALT .\n"
		"H3:\t0\n\tPUSH 16,[3]\n\tCONO PI,4000+4\n\tPUSH 16,[31]\n\tCONO PI,4000+100\n"
		"\tPUSH 16,[32]\n\tJEN @H3\n"
		"H1:\t0\n\tPUSH 16,[1]\n\tJEN @H1\n"
		"H5:\t0\n\tPUSH 16,[5]\n\tJEN @H5\n"
		"LOG:\tBLOCK 20\n"
		"\tLOC 42\n\tJSR H1\n\tLOC 46\n\tJSR H3\n\tLOC 52\n\tJSR H5\n");
	static const word want[] = { 3, 031, 1, 032, 5, 0777 };
	for (int i = 0; i < 6; i++)
		cr_expect_eq(c->mem[01022 + i], want[i], "log[%d] = %llo, want %llo", i,
			     (unsigned long long)c->mem[01022 + i], (unsigned long long)want[i]);
	H_EQ(c->mem[01022 + 6], 0);
	cpu_free(c);
}

Test(pi, coni_pi_levels_and_in_progress)
{
	struct cpu *c = h_snip("\tCONO PI,2124\n\tCONO PI,200\n\tCONI PI,1\n\tCONO PI,4020\n"
			       "\tCONI PI,3\n\tHALT .\nH3:\t0\n\tCONI PI,2\n\tJEN @H3\n\tLOC 46\n\tJSR H3\n");
	H_EQ(c->mem[1], 0324);                        /* levels 1, 3, 5 on; PI active */
	H_EQ(c->mem[2], 0324 | (LV(3) << 8));         /* level 3 in progress */
	H_EQ(c->mem[3], 0324);                        /* dismissed */
	cpu_free(c);
}

Test(pi, program_request_needs_no_level_enable)
{
	struct cpu *c = h_snip("\tCONO PI,200\n\tCONO PI,4010\n\tMOVEI 1,1\n\tHALT .\nH4:\t0\n\tHALT .\n"
			       "\tLOC 50\n\tJSR H4\n");
	H_EQ(c->mem[01004], XWD(0, 01002));
	H_EQ(c->mem[1], 0);
	cpu_free(c);
}

Test(pi, pi_off_defers_requests)
{
	struct cpu *c = h_snip("\tCONO PI,4010\n\tMOVEI 1,1\n\tCONO PI,200\n\tMOVEI 2,1\n\tHALT .\n"
			       "H4:\t0\n\tHALT .\n\tLOC 50\n\tJSR H4\n");
	H_EQ(c->mem[1], 1);
	H_EQ(c->mem[2], 0);
	H_EQ(c->mem[01005], XWD(0, 01003));
	cpu_free(c);
}

Test(pi, device_request_needs_level_enabled)
{
	/* An APR flag (push-down overflow) on PIA 3 with level 3 off: no interrupt until it is turned on. */
	struct cpu *c = h_snip("\tCONO APR,3\n\tCONO PI,2357\n\tMOVE 17,[-1,,PDL-1]\n\tPUSH 17,1\n"
			       "\tMOVEI 1,1\n\tCONO PI,2020\n\tMOVEI 2,1\n\tHALT .\nPDL:\t0\nH3:\t0\n\tHALT .\n"
			       "\tLOC 46\n\tJSR H3\n");
	H_EQ(c->mem[1], 1);
	H_EQ(c->mem[2], 0);
	H_EQ(c->mem[01011], XWD(0, 01006));
	cpu_free(c);
}

Test(pi, jen_dismisses_only_the_highest_level)
{
	struct cpu *c = h_snip("\tCONO PI,2377\n\tCONO PI,4020\n\tCONI PI,3\n\tHALT .\n"
			       "H3:\t0\n\tCONO PI,4100\n\tCONI PI,2\n\tJEN @H3\n"
			       "H1:\t0\n\tCONI PI,1\n\tJRST 10,.+1\n\tCONI PI,4\n\tJRST @H1\n"
			       "\tLOC 42\n\tJSR H1\n\tLOC 46\n\tJSR H3\n");
	H_EQ(c->mem[1], 0377 | ((LV(1) | LV(3)) << 8));
	H_EQ(c->mem[4], 0377 | (LV(3) << 8));         /* level 1 dismissed, 3 still held */
	H_EQ(c->mem[2], 0377 | (LV(3) << 8));
	H_EQ(c->mem[3], 0377);
	cpu_free(c);
}

Test(pi, same_level_waits)
{
	/* A device request (push-down overflow, APR PIA 4) made during level 4's own
	 * service is taken only after the JEN. */
	struct cpu *c = h_snip("\tCONO APR,4\n\tCONO PI,2377\n\tMOVE 17,[-1,,PDL-1]\n\tPUSH 17,1\n"
			       "\tHALT .\nPDL:\t0\n"
			       "H4:\t0\n\tAOS 5\n\tCONO APR,400004\n\tCAIE 5,1\n\tJRST DONE\n"
			       "\tPOP 17,2\n\tMOVE 10,5\nDONE:\tJEN @H4\n\tLOC 50\n\tJSR H4\n");
	H_EQ(c->mem[5], 2);
	H_EQ(c->mem[010], 1);          /* not interrupted inside its own service */
	cpu_free(c);
}

Test(pi, jen_clears_the_program_request_of_its_level)
{
	/* Dismissing a level also clears its program request (CC restore_pi_hold),
	 * so a request for level 4 made inside level 4 is lost. */
	struct cpu *c = h_snip("\tCONO PI,2377\n\tCONO PI,4010\n\tHALT .\n"
			       "H4:\t0\n\tAOS 5\n\tCONO PI,4010\n\tJEN @H4\n\tLOC 50\n\tJSR H4\n");
	H_EQ(c->mem[5], 1);
	cpu_free(c);
}

Test(pi, non_jump_at_interrupt_location_holds)
{
	/* KA10: any instruction but BLKx/DATAx holds the level; the program continues. */
	struct cpu *c = h_snip("\tCONO PI,2377\n\tCONO PI,4100\n\tMOVEI 1,1\n\tCONI PI,2\n"
			       "\tJRST 10,.+1\n\tCONI PI,3\n\tHALT .\nCNT:\t0\n\tLOC 42\n\tAOS CNT\n");
	H_EQ(c->mem[01007], 1);
	H_EQ(c->mem[1], 1);
	H_EQ(c->mem[2], 0377 | (LV(1) << 8));
	H_EQ(c->mem[3], 0377);
	cpu_free(c);
}

Test(pi, cono_pi_clear)
{
	struct cpu *c = h_snip("\tCONO PI,2377\n\tCONO PI,4020\n\tHALT .\nH3:\t0\n\tCONO PI,10000\n"
			       "\tCONI PI,1\n\tJRST @H3\n\tLOC 46\n\tJSR H3\n");
	H_EQ(c->mem[1], 0);
	cpu_free(c);
}

Test(pi, cono_levels_off)
{
	struct cpu *c = h_snip("\tCONO PI,2377\n\tCONO PI,1021\n\tCONI PI,1\n\tCONO PI,400\n"
			       "\tCONI PI,2\n");
	H_EQ(c->mem[1], 0377 & ~021u);
	H_EQ(c->mem[2], 0177 & ~021u);
	cpu_free(c);
}

Test(pi, jsr_from_user_mode_enters_exec)
{
	/* The interrupt's JSR stores USER in the flags and clears it. */
	char src[2048];
	snprintf(src, sizeof src,
		 "\tLOC 50\n\tJSR H4\n\tLOC 1000\nGO:\tDATAO APR,[036000,,0]\n\tCONO PI,2377\n"
		 "\tJRSTF @[014000,,U]\nH4:\t0\n\tJSP 1,.+1\n\tHALT .\n"
		 "U:\tCONO PI,4010\n\tJRST .\n\tEND GO\n");
	struct cpu *c = h_halt(src);
	H_EQ(c->mem[01003], XWD(F_USER | F_USERIO, 01007));
	H_EQ(LH(c->mem[1]), F_USERIO);
	cpu_free(c);
}

Test(pi, blko_at_interrupt_location)
{
	/* BLKO TTY at 44: each interrupt sends a word and dismisses, serving
	 * the program request (DAKAH: a BLKO that does not run out interrupts
	 * once); when the count reaches 0 the JSR at 45 runs (and holds). */
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	cr_assert_not_null(f);
	struct h_opts o = { .tty_out = f };
	enum stop s;
	struct cpu *c = h_snip_opts(
		"\tCONO PI,2377\n\tCONO PI,4040\n\tCONO PI,4040\n\tCONO PI,4040\n"
		"\tMOVEI 1,1\n\tCONI PI,3\n\tHALT .\n"
		"H2:\t0\n\tMOVE 6,PTR\n\tCONI PI,2\n\tJEN @H2\n"
		"PTR:\tIOWD 3,BUF\nBUF:\t\"A\"\n\t\"B\"\n\t\"C\"\n"
		"\tLOC 44\n\tBLKO TTY,PTR\n\tJSR H2\n", &o, &s);
	cr_assert_eq(s, STOP_HALT);
	fclose(f);
	cr_expect_str_eq(out, "ABC");
	H_EQ(c->mem[6], XWD(0, 01016));             /* BUF+2, count 0 */
	H_EQ(c->mem[01007], XWD(0, 01004));          /* one BLKO per CONO */
	H_EQ(c->mem[2], 0377 | (LV(2) << 8));         /* the JSR at 45 holds */
	H_EQ(c->mem[3], 0377);
	H_EQ(c->mem[1], 1);
	free(out);
	cpu_free(c);
}

Test(pi, no_flags_set_in_interrupt_cycle)
{
	/* An AOS at the interrupt location that overflows sets no flags (KA10). */
	struct cpu *c = h_snip("\tCONO PI,2377\n\tCONO PI,4100\n\tJRST 10,.+1\n\tJSP 1,.+1\n\tHALT .\n"
			       "X:\t377777777777\n\tLOC 42\n\tAOS X\n");
	H_EQ(c->mem[01005], 0400000000000);
	H_EQ(LH(c->mem[1]), 0);
	cpu_free(c);
}
