/* test_vmxtimer.c — the VM assist's timer (device 010, --cpu ka10-vmx): exact exits from user mode, off at zero, reading it.
 *
 * Each program runs on the interpreter, on bt with both backends, and under
 * the hybrid and assist monitors on both engines (harness.c), which must all
 * end in the interpreter's state, word for word and cycle for cycle.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include "harness.h"
#include "io.h"
#include "tr.h"

#define VMX_USER (F_USER | F_VMX)
#define H   01400                    /* the handler's PC word (JSR H at 41) */
#define G   02000                    /* the guest code: user mode, relocation 0 */
#define R   03000                    /* where the handler leaves what it read */

static const struct h_opts vmx = { .model = CPU_KA10_VMX };

/* `src` on every engine and backend (see the file comment); the machine of
 * the interpreter's run, which halted. */
static struct cpu *vrun_opts(const char *src, const struct h_opts *o)
{
	struct cpu *c = NULL;
	const struct tr_backend *backends[] = { &tr_threaded, NULL };
	for (unsigned i = 0; i < 2; i++) {
		tr_backend_use(backends[i]);
		enum stop s;
		if (c)
			cpu_free(c);
		c = h_run(src, o, &s);
		cr_assert_eq(s, STOP_HALT, "did not halt (stop %d at PC %06o)", s, c->pc);
	}
	tr_backend_use(NULL);
	return c;
}

/* Exec code `exec` (which ends by entering the guest), the guest `guest` at
 * G, and the handler H (exits and MUUOs: JSR H at 41), which runs `handler`
 * then halts. */
static struct cpu *vrun(const char *exec, const char *guest, const char *handler)
{
	char src[8192];
	snprintf(src, sizeof src,
		 "\tLOC 41\n\tJSR H\n\tLOC 1000\nGO:\tDATAO APR,[776000,,0]\n%s\n"
		 "\tLOC 1400\nH:\t0\n%s\n\tHALT .\n\tLOC 2000\nG:\n%s\n\tCALLI 0\n"
		 "\tLOC 3000\nR:\tBLOCK 10\n\tEND GO\n", exec, handler, guest);
	return vrun_opts(src, &vmx);
}

#define EXIT_WORD ((word)0255000 << 18)

Test(vmxtimer, exits_after_exactly_n_guest_instructions)
{
	static const unsigned ns[] = { 1, 2, 3, 17, 1000, 4999 };
	for (unsigned i = 0; i < sizeof ns / sizeof *ns; i++) {
		char exec[256];
		snprintf(exec, sizeof exec, "\tDATAO 10,[%o]\n\tJRSTF @[012000,,G]", ns[i]);
		struct cpu *c = vrun(exec, "\tAOJA 5,G", "\tDATAI 10,R");
		H_EQ(c->mem[5], ns[i]);                 /* n AOJAs completed */
		H_EQ(c->mem[040], EXIT_WORD);
		H_EQ(c->mem[H], XWD(VMX_USER, G));      /* the next AOJA, not run */
		H_EQ(c->mem[R], 0);                     /* the timer is off after it */
		H_EQ(c->n_vmx, 1);
		cpu_free(c);
	}
}

Test(vmxtimer, zero_is_off)
{
	struct cpu *c = vrun("\tDATAO 10,[0]\n\tJRSTF @[012000,,G]",
			     "\tMOVSI 5,-2000\n\tAOBJN 5,.", "\tDATAI 10,R");
	H_EQ(LH(c->mem[040]), 047000);          /* the guest's CALLI, no timer exit */
	H_EQ(c->mem[R], 0);
	H_EQ(c->n_vmx, 0);
	cpu_free(c);
}

Test(vmxtimer, reads_what_is_left_and_goes_on_counting)
{
	/* 7 guest instructions, then JSP exits (not counted): 100 - 7 left.  The
	 * handler resumes the guest, whose loop then runs exactly 93 times. */
	struct cpu *c = vrun("\tDATAO 10,[144]\n\tJRSTF @[012000,,G]",
			     "\tMOVEI 1,1\n\tMOVEI 1,2\n\tMOVEI 1,3\n\tMOVEI 1,4\n\tMOVEI 1,5\n"
			     "\tMOVEI 1,6\n\tMOVEI 1,7\n\tJSP 2,.+1\n\tAOJA 5,.",
			     "\tSKIPE R+1\n\tJRST DONE\n\tDATAI 10,R\n\tSETOM R+1\n"
			     "\tJRSTF @[012000,,G+10]\nDONE:\tDATAI 10,R+2");
	H_EQ(c->mem[R], 93);
	H_EQ(c->mem[5], 93);
	H_EQ(c->mem[040], EXIT_WORD);
	H_EQ(c->mem[R + 2], 0);
	H_EQ(c->mem[2], 0);                     /* the JSP did nothing */
	H_EQ(c->n_vmx, 2);
	cpu_free(c);
}

Test(vmxtimer, exec_mode_does_not_count_and_user_mode_without_vmx_does)
{
	/* Exec code loops 100 times: the count stays 5.  A plain user job (no
	 * VMX) then runs exactly 5 instructions. */
	struct cpu *c = vrun("\tDATAO 10,[5]\n\tMOVSI 3,-144\n\tAOBJN 3,.\n\tDATAI 10,R\n"
			     "\tJRSTF @[010000,,G]",
			     "\tAOJA 5,G", "\tDATAI 10,R+1");
	H_EQ(c->mem[R], 5);
	H_EQ(c->mem[5], 5);
	H_EQ(c->mem[040], EXIT_WORD);
	H_EQ(c->mem[H], XWD(F_USER, G));
	H_EQ(c->mem[R + 1], 0);
	cpu_free(c);
}

/* The clock every 100 cycles on PI level 1 (JSR IH at 42), the timer loaded
 * with `count` and the guest (AOJA 5,G) entered with VMX; exits land at H.
 * `h` and `ih` are the bodies of the exit and interrupt handlers. */
static struct cpu *clock_run(unsigned count, const char *h, const char *ih)
{
	static const struct h_opts o = { .model = CPU_KA10_VMX, .clock = 100 };
	char src[4096];
	snprintf(src, sizeof src,
		 "\tLOC 41\n\tJSR H\n\tLOC 42\n\tJSR IH\n\tLOC 1000\n"
		 "GO:\tDATAO APR,[776000,,0]\n\tCONO APR,2001\n\tCONO PI,2377\n"
		 "\tDATAO 10,[%o]\n\tJRSTF @[012000,,G]\n"
		 "\tLOC 1400\nH:\t0\n%s\n\tHALT .\nIH:\t0\n%s\n\tHALT .\n"
		 "\tLOC 2000\nG:\tAOJA 5,G\n\tLOC 3000\nR:\t-1\n\tBLOCK 7\n\tEND GO\n", count, h, ih);
	return vrun_opts(src, &o);
}

Test(vmxtimer, an_interrupt_stops_the_count)
{
	/* The clock interrupts the guest; the interrupt handler counts and
	 * resumes it.  The timer's 300 guest cycles are spread over several
	 * entries; the count of AOJAs is exactly 300. */
	struct cpu *c = clock_run(300, "\tDATAI 10,R", "\tAOS R+1\n\tCONO APR,1001\n\tJEN @IH");
	H_EQ(c->mem[5], 300);
	H_EQ(c->mem[R], 0);
	H_EQ(c->mem[040], EXIT_WORD);
	H_EQ(c->mem[H], XWD(VMX_USER, G));
	cr_expect_gt(c->mem[R + 1], 1);
	cpu_free(c);
}

Test(vmxtimer, the_plain_ka10_has_no_timer)
{
	static const struct h_opts ka10 = { .model = CPU_KA10 };
	struct cpu *c = vrun_opts("\tLOC 1000\nGO:\tDATAO 10,[5]\n\tDATAI 10,1\n\tHALT .\n\tEND GO\n", &ka10);
	H_EQ(c->mem[1], 0);
	cpu_free(c);
}

Test(vmxtimer, an_interrupt_at_the_same_boundary_comes_first_and_the_timer_reads_0)
{
	/* The clock ticks at cycle 100, when the timer (95 from cycle 5, the
	 * guest's first) runs out: the interrupt is taken, the timer is off at
	 * 0, and there is no timer exit. */
	struct cpu *c = clock_run(95, "", "\tDATAI 10,R");
	H_EQ(c->mem[5], 95);
	H_EQ(c->mem[R], 0);
	H_EQ(c->mem[040], 0);
	H_EQ(c->n_vmx, 0);
	H_EQ(c->pc, 01404);                  /* the interrupt handler's HALT */
	cpu_free(c);
}

Test(vmxtimer, a_user_with_userio_reads_and_loads_it_counting)
{
	/* 50 from the guest's first instruction: after 3 MOVEIs and the DATAI
	 * itself 46 are left.  The DATAO loads 5 counted from the next one. */
	struct cpu *c = vrun("\tDATAO 10,[62]\n\tJRSTF @[014000,,G]",
			     "\tMOVEI 1,1\n\tMOVEI 1,2\n\tMOVEI 1,3\n\tDATAI 10,R\n"
			     "\tDATAO 10,[5]\n\tAOJA 5,.", "");
	H_EQ(c->mem[R], 46);
	H_EQ(c->mem[5], 5);
	H_EQ(c->mem[040], EXIT_WORD);
	H_EQ(c->mem[H], XWD(F_USER | F_USERIO, G + 5));
	cpu_free(c);
}

Test(vmxtimer, running_out_inside_a_chain_restarts_the_instruction)
{
	/* The guest's second instruction walks a chain of 100 indirect words (36
	 * levels past EA_FREE_LEVELS, a cycle each).  The timer, 3, runs out at its
	 * second level past the free ones: the instruction is abandoned there, as
	 * for an interrupt, and the exit's PC word names it, not yet run (a guest
	 * VMM counting its guest's cycles with the timer must see the time the bare
	 * machine's clock would).  So too for an MUUO at the end of such a chain:
	 * the timer exit comes first. */
	static const char *const ops[] = { "MOVE 1,@C", "CALLI @C" };
	for (unsigned k = 0; k < 2; k++) {
		char guest[4096];
		int n = snprintf(guest, sizeof guest, "\tAOS 5\n\t%s\n\tAOJA 6,.\n\tLOC 2100\nC:", ops[k]);
		for (unsigned i = 0; i < 100; i++)
			n += snprintf(guest + n, sizeof guest - (size_t)n, "\tZ @.+1\n");
		snprintf(guest + n, sizeof guest - (size_t)n, "\tZ V\nV:\t123\n");
		struct cpu *c = vrun("\tDATAO 10,[3]\n\tJRSTF @[012000,,G]", guest, "\tDATAI 10,R");
		H_EQ(c->mem[5], 1);
		H_EQ(c->mem[1], 0);                     /* the MOVE did not finish */
		H_EQ(c->mem[040], EXIT_WORD);
		H_EQ(c->mem[H], XWD(VMX_USER, G + 1));  /* the chained instruction, to run again */
		H_EQ(c->mem[R], 0);
		H_EQ(c->n_vmx, 1);
		cpu_free(c);
	}
}
