/* test_assist.c — the VM assist (--cpu ka10-vmx): which instructions exit while VMX is set, and how.
 *
 * Every program here also runs on bt and under the hybrid and assist monitors
 * on both engines (harness.c), which must end in the interpreter's state.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include "harness.h"
#include "isa.h"

#define VMX_USER (F_USER | F_VMX)    /* 012000: the flags of guest mode */
#define H   01002                    /* the exit handler's PC word (JSR H at 41) */
#define G   02000                    /* the guest code, in user mode, unrelocated */
#define X   03000                    /* a word the guest's jumps name */
#define PDL 03010
#define CALLI0 ((word)047 << 27)     /* the guest's way out: an MUUO, stored as op,AC,E */

static const struct h_opts vmx = { .model = CPU_KA10_VMX };

/* Exec code enters guest code (at G, user mode with relocation 0 and the
 * whole of memory) with `entry`; the guest runs `guest` then CALLI 0.  Both
 * an assist exit and an MUUO land at H, which halts. */
static struct cpu *grun_entry(const struct h_opts *o, const char *entry, const char *guest)
{
	char src[8192];
	snprintf(src, sizeof src,
		 "\tLOC 41\n\tJSR H\n\tLOC 1000\nGO:\tDATAO APR,[776000,,0]\n\t%s\n"
		 "H:\t0\n\tHALT .\n\tLOC 2000\nG:\n%s\n\tCALLI 0\n"
		 "\tLOC 3000\nX:\t0\n\tHALT .\n\tLOC 3010\nPDL:\tBLOCK 10\n\tEND GO\n",
		 entry, guest);
	enum stop s;
	struct cpu *c = h_run(src, o, &s);
	cr_assert_eq(s, STOP_HALT, "did not halt (stop %d at PC %06o)", s, c->pc);
	cr_assert_eq(c->pc, H + 1, "halted at %06o, not in the handler", c->pc);
	return c;
}
static struct cpu *grun(const char *guest) { return grun_entry(&vmx, "JRSTF @[012000,,G]", guest); }

/* The guest exited at its word k (G + k) with that word, unmodified, at 40,
 * and the PC word of the instruction after it, with the guest's flags. */
static void expect_exit_at(const struct cpu *c, unsigned k)
{
	H_EQ(c->mem[040], c->mem[G + k]);
	H_EQ(c->mem[H], XWD(VMX_USER, G + k + 1));
	H_EQ(c->n_vmx, 1);
	H_EQ(c->flags, 0);            /* the handler runs in exec mode: USER and VMX cleared */
}

Test(assist, jsr_exits_and_stores_nothing)
{
	struct cpu *c = grun("\tMOVEI 3,1\n\tJSR X-1(3)\n");
	expect_exit_at(c, 1);
	H_EQ(c->mem[040], (word)0264 << 27 | (word)3 << 18 | (X - 1));   /* I, X and Y as fetched */
	H_EQ(c->mem[X], 0);
	cpu_free(c);
}

Test(assist, jsp_exits_and_leaves_its_ac)
{
	struct cpu *c = grun("\tMOVEI 1,7\n\tJSP 1,X\n");
	expect_exit_at(c, 1);
	H_EQ(c->mem[1], 7);
	cpu_free(c);
}

Test(assist, pushj_exits_and_pushes_nothing)
{
	struct cpu *c = grun("\tMOVE 17,[-10,,PDL-1]\n\tPUSHJ 17,X\n");
	expect_exit_at(c, 1);
	H_EQ(c->mem[017], XWD(-010 & RH_MASK, PDL - 1));
	H_EQ(c->mem[PDL], 0);
	cpu_free(c);
}

Test(assist, jrst_with_ac_bit_1_or_2_exits)
{
	static const char *const guests[] = { "\tJRST 1,X\n", "\tJRSTF @[0,,X]\n", "\tJRST 3,X\n" };
	for (unsigned i = 0; i < sizeof guests / sizeof *guests; i++) {
		struct cpu *c = grun(guests[i]);
		expect_exit_at(c, 0);
		cpu_free(c);
	}
}

Test(assist, halt_io_and_jen_trap_as_muuos_as_before)
{
	struct cpu *c = grun("\tJRST 4,1234\n");
	H_EQ(c->mem[040], (word)0254 << 27 | (word)4 << 23 | 01234);
	H_EQ(c->mem[H], XWD(VMX_USER, G + 1));
	H_EQ(c->n_vmx, 0);
	H_EQ(c->n_uuo, 1);
	cpu_free(c);
	c = grun("\tMOVEI 2,4\n\tCONO PI,1(2)\n");
	H_EQ(c->mem[040], (word)0700600 << 18 | 5);
	H_EQ(c->n_vmx, 0);
	cpu_free(c);
	c = grun("\tJEN @[0,,X]\n");
	H_EQ(LH(c->mem[040]), 0254500);   /* JRST 12, with E computed, I and X clear */
	H_EQ(c->n_vmx, 0);
	cpu_free(c);
}

/* With USERIO, JEN is no MUUO in user mode: it exits before E is computed, so
 * an indirect word past the protection limit does not fault.  (A monitor's
 * real machine, whose USERIO is clear, once trapped it as an MUUO there and
 * computed E: the guest got a protection fault instead of its exit.) */
Test(assist, jen_with_userio_exits_before_e)
{
	/* Memory 0-7777 only (DATAO APR), the guest at G with USERIO. */
	enum stop s;
	struct cpu *c = h_run("\tLOC 41\n\tJSR H\n\tLOC 1000\nGO:\tDATAO APR,[006000,,0]\n"
			      "\tJRSTF @[016000,,G]\nH:\t0\n\tHALT .\n"
			      "\tLOC 2000\nG:\tJEN @10000\n\tEND GO\n", &vmx, &s);
	H_EQ(s, STOP_HALT);
	H_EQ(c->pc, 01003);
	H_EQ(c->mem[040], (word)0254520 << 18 | 010000);   /* as fetched: I set, Y unresolved */
	H_EQ(c->mem[01002], XWD(VMX_USER | F_USERIO, G + 1));
	H_EQ(c->n_vmx, 1);
	H_EQ(c->n_prot, 0);
	cpu_free(c);
}

Test(assist, muuo_stores_op_ac_e_and_the_guest_flags)
{
	struct cpu *c = grun("\tMOVEI 2,4\n\tCALLI 3,1(2)\n");
	H_EQ(c->mem[040], (word)047 << 27 | (word)3 << 23 | 5);
	H_EQ(c->mem[H], XWD(VMX_USER, G + 2));
	H_EQ(c->n_vmx, 0);
	cpu_free(c);
}

Test(assist, jsa_jra_popj_and_plain_jrst_run)
{
	struct cpu *c = grun("\tJRST .+1\n\tMOVE 17,[-10,,PDL-1]\n\tPUSH 17,[0,,R]\n\tPOPJ 17,\n"
			     "\tHALT .\nR:\tMOVEI 1,5\n\tJSA 1,S\n\tJRST DONE\nS:\t0\n\tJRA 1,(1)\n"
			     "DONE:\tMOVEI 4,1\n");
	H_EQ(c->mem[040], CALLI0);
	H_EQ(c->mem[1], 5);
	H_EQ(c->mem[4], 1);
	H_EQ(c->n_vmx, 0);
	H_EQ(LH(c->mem[H]), VMX_USER);
	cpu_free(c);
}

Test(assist, xct_of_an_exit_stores_the_target_after_the_xct)
{
	struct cpu *c = grun("\tXCT [JSR X]\n");
	H_EQ(c->mem[040], (word)0264 << 27 | X);
	H_EQ(c->mem[H], XWD(VMX_USER, G + 1));
	H_EQ(c->mem[X], 0);
	cpu_free(c);
	c = grun("\tMOVEI 1,7\n\tXCT [XCT [XCT [JSP 1,X]]]\n");   /* nested */
	H_EQ(c->mem[040], (word)0265 << 27 | (word)1 << 23 | X);
	H_EQ(c->mem[H], XWD(VMX_USER, G + 2));
	H_EQ(c->mem[1], 7);
	H_EQ(c->n_vmx, 1);
	cpu_free(c);
	c = grun("\tXCT [MOVEI 1,3]\n");                        /* a harmless target runs */
	H_EQ(c->mem[1], 3);
	H_EQ(c->mem[040], CALLI0);
	cpu_free(c);
}

Test(assist, jen_enters_guest_mode)
{
	struct cpu *c = grun_entry(&vmx, "JEN @[012000,,G]", "\tJSP 1,X\n");
	expect_exit_at(c, 0);
	cpu_free(c);
}

Test(assist, user_mode_jrstf_cannot_set_vmx)
{
	struct cpu *c = grun_entry(&vmx, "JRSTF @[010000,,G]", "\tJRSTF @[012000,,.+1]\n\tJSP 1,.+1\n");
	H_EQ(c->mem[1], XWD(F_USER, G + 2));      /* JSP ran, and saw no VMX */
	H_EQ(c->mem[040], CALLI0);
	H_EQ(LH(c->mem[H]), F_USER);
	H_EQ(c->n_vmx, 0);
	cpu_free(c);
}

Test(assist, the_plain_ka10_has_no_vmx)
{
	static const struct h_opts ka10 = { .model = CPU_KA10 };
	struct cpu *c = grun_entry(&ka10, "JRSTF @[012000,,G]", "\tJSP 1,.+1\n");
	H_EQ(c->mem[1], XWD(F_USER, G + 1));
	H_EQ(LH(c->mem[H]), F_USER);
	H_EQ(c->n_vmx, 0);
	cpu_free(c);
}

Test(assist, vmx_without_user_is_dropped)
{
	enum stop s;
	struct cpu *c = h_snip_opts("\tJRSTF @[002000,,L]\nL:\tJSP 1,.+1\n", &vmx, &s);
	cr_assert_eq(s, STOP_HALT);
	H_EQ(c->mem[1], XWD(0, 01002));
	cpu_free(c);
}

Test(assist, an_interrupt_saves_vmx_and_clears_it)
{
	/* The clock on PI level 1 interrupts a guest loop. */
	enum stop s;
	struct cpu *c = h_run("\tLOC 41\n\tJSR H\n\tLOC 42\n\tJSR IH\n\tLOC 1000\n"
			      "GO:\tDATAO APR,[776000,,0]\n\tCONO APR,2001\n\tCONO PI,2377\n"
			      "\tJRSTF @[012000,,G]\nH:\t0\n\tHALT .\nIH:\t0\n\tJSP 1,.+1\n\tHALT .\n"
			      "\tLOC 2000\nG:\tAOJA 5,G\n\tEND GO\n", &vmx, &s);
	cr_assert_eq(s, STOP_HALT);
	H_EQ(LH(c->mem[01006]), VMX_USER);
	H_EQ(RH(c->mem[01006]), G);
	H_EQ(LH(c->mem[1]), 0);
	H_EQ(c->n_vmx, 0);
	cr_expect_gt(c->mem[5], 0);
	cpu_free(c);
}

Test(assist, the_class_bit_names_the_exits)
{
	cr_expect(isa_class(0264000000000ULL) & K_VMXTRAP);
	cr_expect(isa_class(0254040000000ULL) & K_VMXTRAP);      /* JRST 1, */
	cr_expect(!(isa_class(0254000000000ULL) & K_VMXTRAP));   /* JRST */
	cr_expect(!(isa_class(0254200000000ULL) & K_VMXTRAP));   /* HALT */
	cr_expect(!(isa_class(0263000000000ULL) & K_VMXTRAP));   /* POPJ */
	cr_expect(!(isa_class(0256000000000ULL) & K_VMXTRAP));   /* XCT: its target decides */
	cr_expect(isa_vmx_traps(0254500000000ULL));              /* JEN has AC bit 2 */
}

Test(assist, an_luuo_runs_41_as_xct_runs_its_target)
{
	/* Relocation 0: the guest's 40/41 are exec 40/41, where JSR H is. */
	struct cpu *c = grun("\tLUUO01 2,X\n");
	H_EQ(c->mem[040], c->mem[041]);                 /* the JSR at 41 exited */
	H_EQ(c->mem[H], XWD(VMX_USER, G + 1));          /* after the LUUO */
	H_EQ(c->n_vmx, 1);
	cpu_free(c);
}

/* An endless indirect chain in guest mode: the clock ticks inside it and the
 * budget ends it there, with VMX kept (the monitors' chains included). */
Test(assist, a_chain_in_guest_mode_keeps_vmx)
{
	static const struct h_opts o = { .model = CPU_KA10_VMX, .max_insns = 20000, .clock = 100 };
	enum stop s;
	struct cpu *c = h_run("\tLOC 1000\nGO:\tDATAO APR,[776000,,0]\n\tJRSTF @[012000,,G]\n"
			      "\tLOC 2000\nG:\tMOVE 1,@L\nL:\t20,,L\n\tEND GO\n", &o, &s);
	cr_assert_eq(s, STOP_BUDGET);
	H_EQ(c->flags, VMX_USER);
	H_EQ(c->pc, G);
	cpu_free(c);
}
