/* test_fallback.c — per-block adaptive backend: code rewritten soon after every translation runs threaded under
 * native, exactly as the interpreter runs it, while all other code stays native. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include "harness.h"
#include "tr.h"

#ifdef TENVM_NATIVE

static void use_native(void) { tr_backend_use(&tr_native); }
static void use_default(void) { tr_backend_use(NULL); }

TestSuite(fallback, .init = use_native, .fini = use_default);

#define SMC_AT   02000      /* the loop that rewrites its own ADDI (INSN is SMC_AT + 2) */
#define HOT_AT   03000      /* a loop nothing rewrites */
#define LOG_AT   04000      /* the clock handler's log */

/* A program: the loop of bench/nano/smc.mac run `passes` times (it rewrites
 * the ADDI at INSN every pass, just before running it), then `hot` rounds of
 * a loop never written, then one more pass (`rerun` "SMC"), or the ADDI
 * again without a store ("INSN"); with PI on, a clock handler logs the loop
 * counter and the interrupted PC word at every tick. */
static void program_then(char *src, size_t cap, unsigned passes, unsigned hot, int pi, const char *rerun)
{
	snprintf(src, cap,
		 "\tLOC 42\n\tJSR IH\n"
		 "\tLOC 1000\nGO:\tMOVE 17,[IOWD 4000,LOG]\n\tMOVE 16,[IOWD 20,PDL]\n"
		 "\tCONO APR,3001\n\tCONO PI,%s\n"
		 "\tSETZB 2,5\n\tMOVE 3,[ADDI 2,0]\n"
		 "\tMOVEI 1,^D%u\n\tPUSHJ 16,SMC\n"
		 "\tMOVEI 4,^D%u\n\tJRST HOT\nBACK:\tMOVEI 1,1\n\tPUSHJ 16,%s\n"
		 "\tCONO PI,400\n\tHALT .\n"
		 "IH:\t0\n\tPUSH 17,1\n\tPUSH 17,IH\n\tCONO APR,3001\n\tJEN @IH\n"
		 "PDL:\tBLOCK 20\n"
		 "\tLOC %o\nSMC:\tHRRI 3,(1)\n\tMOVEM 3,INSN\nINSN:\t0\n\tSOJG 1,SMC\n\tPOPJ 16,\n"
		 "\tLOC %o\nHOT:\tADDI 5,3\n\tSOJG 4,HOT\n\tJRST BACK\n"
		 "\tLOC %o\nLOG:\tBLOCK 4000\n\tEND GO\n",
		 pi ? "2377" : "0", passes, hot, rerun, SMC_AT, HOT_AT, LOG_AT);
}

static void program(char *src, size_t cap, unsigned passes, unsigned hot, int pi)
{
	program_then(src, cap, passes, hot, pi, "SMC");
}

/* The valid block at pc in c's current mode, or NULL. */
static struct tc_block *block_at(struct cpu *c, struct bt *bt, addr pc)
{
	struct tc_key k = tr_key(c, bt->policy, pc);
	return tc_lookup(bt->tc, &k);
}

/* Run src on the interpreter and on bt (native, with the fallback): the
 * same machine, word for word, at the same instruction and cycle counts. */
static struct cpu *same_as_interp(const char *src, uint64_t clock, struct bt **bt)
{
	struct h_opts o = { .clock = clock, .max_insns = 5000000 };
	enum stop s0, s1;
	struct cpu *ref = h_run(src, &o, &s0);
	struct cpu *c = h_run_bt(src, &o, &s1, 0, bt);
	cr_assert_eq(s0, STOP_HALT);
	cr_expect_eq(s1, s0);
	cr_assert_str_eq((*bt)->backend->name, "native");
	unsigned bad = 0;
	for (addr a = 0; a < LOG_AT + 04000 && bad < 5; a++)
		if (c->mem[a] != ref->mem[a]) {
			cr_expect_fail("clock %llu: word %06o is %012llo, the interpreter's %012llo",
				       (unsigned long long)clock, a, (unsigned long long)c->mem[a],
				       (unsigned long long)ref->mem[a]);
			bad++;
		}
	H_EQ(c->pc, ref->pc);
	H_EQ(c->flags, ref->flags);
	cr_expect_eq(cpu_insns(c), cpu_insns(ref));
	cr_expect_eq(c->cycles, ref->cycles);
	cr_expect_eq(c->n_interrupts, ref->n_interrupts);
	cpu_free(ref);
	return c;
}

Test(fallback, rewritten_code_falls_back_exactly_and_the_rest_stays_native)
{
	/* Clock periods that put the ticks on every instruction of the loop,
	 * in native blocks, threaded blocks and the handoffs between them. */
	static const uint64_t clocks[] = { 97, 101, 331, 1000, 4999 };
	static char src[4096];
	program(src, sizeof src, 300, 40000, 1);
	for (unsigned i = 0; i < sizeof clocks / sizeof clocks[0]; i++) {
		struct bt *bt;
		struct cpu *c = same_as_interp(src, clocks[i], &bt);
		cr_expect(c->n_interrupts + 1 >= c->cycles / clocks[i], "clock %llu: %llu interrupts",
			  (unsigned long long)clocks[i], (unsigned long long)c->n_interrupts);
		/* Two blocks a pass (the loop's, killed by its own store, and the
		 * ADDI's), threaded after the first TR_ADAPT_AFTER passes. */
		cr_expect(bt->alt_blocks >= 2 * (300 - TR_ADAPT_AFTER) - 10 && bt->alt_blocks < 2 * 300 + 200,
			  "clock %llu: %llu fallback blocks", (unsigned long long)clocks[i],
			  (unsigned long long)bt->alt_blocks);
		struct tc_block *hot = block_at(c, bt, HOT_AT);
		cr_expect(hot && !hot->alt, "the loop nothing rewrote is native");
		struct tc_block *go = block_at(c, bt, 01000);
		cr_expect(go && !go->alt, "the start is native");
		/* The last store into INSN came long after the ADDI's block before
		 * it was made: the code settled, so it is native again. */
		struct tc_block *insn = block_at(c, bt, SMC_AT + 2);
		cr_expect(insn && !insn->alt, "the ADDI's last block is native again");
		h_free(c);
	}
}

Test(fallback, without_interrupts_too)
{
	static char src[4096];
	program(src, sizeof src, 1000, 40000, 0);
	struct bt *bt;
	struct cpu *c = same_as_interp(src, 0, &bt);
	H_EQ(c->mem[2], 1000u * 1001u / 2 + 1);
	cr_expect(bt->alt_blocks >= 2 * (1000 - TR_ADAPT_AFTER));
	struct tc_block *hot = block_at(c, bt, HOT_AT);
	cr_expect(hot && !hot->alt, "the loop nothing rewrote is native");
	h_free(c);
}

Test(fallback, settled_code_goes_back_to_native)
{
	/* The ADDI's block, threaded after the burst, is not translated again
	 * during the long loop: at an event the dispatcher sends it back, and
	 * it runs natively afterwards with no store in between. */
	static char src[4096];
	program_then(src, sizeof src, 300, 40000, 1, "INSN");
	struct bt *bt;
	struct cpu *c = same_as_interp(src, 1000, &bt);
	H_EQ(c->mem[2], 300u * 301u / 2 + 1);
	cr_expect(bt->alt_blocks >= 2 * (300 - TR_ADAPT_AFTER) - 10);
	cr_expect(bt->alt_settled >= 2, "%llu addresses settled", (unsigned long long)bt->alt_settled);
	struct tc_block *insn = block_at(c, bt, SMC_AT + 2);
	cr_expect(insn && !insn->alt, "the ADDI's block is native again");
	h_free(c);
}

Test(fallback, the_threshold_is_exact)
{
	/* Pass k's two translations come after k - 1 quick invalidations of each
	 * address: TR_ADAPT_AFTER passes stay native, one more falls back twice. */
	static char src[4096];
	struct bt *bt;
	program(src, sizeof src, TR_ADAPT_AFTER - 1, 10, 0);     /* and the last pass */
	struct cpu *c = same_as_interp(src, 0, &bt);
	cr_expect_eq(bt->alt_blocks, 0);
	h_free(c);
	program(src, sizeof src, TR_ADAPT_AFTER, 10, 0);
	c = same_as_interp(src, 0, &bt);
	cr_expect_eq(bt->alt_blocks, 2);
	h_free(c);
}

/* Two addresses that share a slot of the side table: the one that fell back
 * and then lost its slot goes back to native at the next look (its threaded
 * block invalidated), as the table promises, not threaded for good. */
Test(fallback, an_address_that_loses_its_slot_goes_back_to_native)
{
	struct h_opts o = { .max_insns = 10 };
	enum stop s;
	struct bt *bt;
	struct cpu *c = h_run_bt("\tLOC 1000\nGO:\tJRST 4,GO\n\tEND GO\n", &o, &s, 0, &bt);
	tr_adapt_tune(bt, 100, 2);
	const addr a = 0x200, b = 0x1201;        /* (pa ^ pa >> 12) mod 4096 alike */
	struct tc_block blk = { .pa_lo = a };
	uint64_t now = 1000;
	for (int k = 0; k < 2; k++) {             /* translated, killed soon after, twice */
		cr_assert_eq(tr_adapt_pick(bt, now, a), 0);
		tr_adapt_dead(bt, now + 10, &blk);
		now += 20;
	}
	cr_assert_eq(tr_adapt_pick(bt, now, a), 1, "a falls back");
	cr_assert_eq(tr_adapt_pick(bt, now + 1, b), 0, "b takes the slot");
	uint64_t settled = bt->alt_settled;
	tr_adapt_settle(bt, now + 1000);
	cr_expect_eq(bt->alt_settled, settled + 1, "a went back to native");
	h_free(c);
}

Test(fallback, threaded_engines_have_no_fallback)
{
	static char src[4096];
	program(src, sizeof src, 50, 10, 0);
	tr_backend_use(&tr_threaded);
	struct bt *bt;
	enum stop s;
	struct cpu *c = h_run_bt(src, NULL, &s, 0, &bt);
	cr_expect_eq(s, STOP_HALT);
	cr_expect_null(bt->alt);
	cr_expect_eq(bt->alt_blocks, 0);
	H_EQ(c->mem[2], 50u * 51u / 2 + 1);
	h_free(c);
}

#else
Test(fallback, not_built) { cr_skip_test("the native backend is not built here"); }
#endif
