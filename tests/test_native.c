/* test_native.c — the native backend: W^X code memory, patched chains, self-modifying code, carries, the inline caches. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include "harness.h"
#include "tr.h"

#ifdef TENVM_NATIVE

static void use_native(void) { tr_backend_use(&tr_native); }
static void use_default(void) { tr_backend_use(NULL); }

TestSuite(native, .init = use_native, .fini = use_default);

/* Whether any mapping of this process is writable and executable at once. */
static int any_wx(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	cr_assert(f);
	char line[512];
	int wx = 0;
	while (fgets(line, sizeof line, f)) {
		char perms[8] = "";
		if (sscanf(line, "%*s %7s", perms) == 1 && perms[1] == 'w' && perms[2] == 'x')
			wx = 1;
	}
	fclose(f);
	return wx;
}

static const char *loop =
	"\tLOC 1000\nGO:\tMOVEI 1,1000\n\tSETZ 2,\n\tMOVEI 3,3\n"
	"L:\tADD 2,3\n\tMOVEM 2,X\n\tAOS Y\n\tSOJG 1,L\n\tHALT .\nX:\t0\nY:\t0\n\tEND GO\n";

Test(native, runs_with_no_page_writable_and_executable)
{
	struct bt *bt;
	enum stop s;
	struct cpu *c = h_run_bt(loop, NULL, &s, 0, &bt);
	cr_expect_eq(s, STOP_HALT);
	cr_expect_str_eq(bt->backend->name, "native");
	cr_expect(!any_wx(), "a mapping is writable and executable");
	H_EQ(c->mem[2], 03000);       /* 1000 (octal) rounds of 3 */
	cr_expect(tc_stats(bt->tc)->chains > 200, "chains %llu", (unsigned long long)tc_stats(bt->tc)->chains);
	h_free(c);
}

/* The same program on both backends and the interpreter: the same machine. */
static void same_with(const char *src, unsigned nac, const struct h_opts *o)
{
	enum stop s0, s1, s2;
	struct cpu *ref = h_run(src, o, &s0);
	tr_backend_use(&tr_threaded);
	struct cpu *th = h_run_bt(src, o, &s1, 0, NULL);
	tr_backend_use(&tr_native);
	struct cpu *na = h_run_bt(src, o, &s2, 0, NULL);
	cr_expect_eq(s0, s2);
	cr_expect_eq(s1, s2);
	for (unsigned i = 0; i < nac; i++) {
		H_EQ(na->mem[i], ref->mem[i]);
		H_EQ(th->mem[i], ref->mem[i]);
	}
	H_EQ(na->flags, ref->flags);
	H_EQ(na->pc, ref->pc);
	cr_expect_eq(cpu_insns(na), cpu_insns(ref));
	cr_expect(((struct bt *)na->engine)->interp_insns < cpu_insns(na) / 2, "mostly translated");
	cpu_free(ref);
	h_free(th);
	h_free(na);
}
static void same_everywhere(const char *src, unsigned nac) { same_with(src, nac, NULL); }

Test(native, carries_and_overflow_as_the_interpreter)
{
	/* ADD/SUB/AOJ/SOJ through 0, the sign and the top: every carry case. */
	same_everywhere("\tLOC 1000\nGO:\tMOVE 1,[377777777777]\n\tADDI 1,1\n\tMOVE 2,[400000000000]\n\tSUBI 2,1\n"
			"\tSETO 3,\n\tAOJ 3,.+1\n\tSETZ 4,\n\tSOJ 4,.+1\n\tMOVE 5,[377777777776]\n"
			"\tADD 5,[2]\n\tSUB 6,[400000000000]\n\tAOS 7,Z\n\tSOS 10,Z\n\tJOV .+1\n"
			"\tHALT .\nZ:\t777777777777\n\tEND GO\n", 11);
}

Test(native, aos_and_sos_whose_low_half_wraps)
{
	/* AOS and SOS step the low 32 bits in place; a carry out of them is undone
	 * and the general path does the word (carries, overflow or neither). */
	same_everywhere("\tLOC 1000\nGO:\tAOS A\n\tSOS B\n\tAOS C\n\tSOS D\n\tAOS 5,E\n\tSOS 6,F\n"
			"\tSOSGE 7,B\n\tAOSN 10,C\n\tMOVE 1,A\n\tMOVE 2,B\n\tMOVE 3,C\n\tMOVE 4,D\n\tHALT .\n"
			"A:\t37777777777\nB:\t100000000000\nC:\t777777777777\nD:\t0\n"
			"E:\t377777777777\nF:\t400000000000\n\tEND GO\n", 9);
}

Test(native, self_modifying_loop_sees_its_stores)
{
	/* The loop rewrites the ADDI inside itself every round (word-granular SMC). */
	same_everywhere("\tLOC 1000\nGO:\tMOVEI 1,50\n\tSETZ 2,\n"
			"L:\tADDI 2,1\n\tAOS L\n\tSOJG 1,L\n\tHALT .\n\tEND GO\n", 3);
}

Test(native, returns_through_the_inline_cache)
{
	/* Calls from three places: the two probes and the runner behind them. */
	same_everywhere("\tLOC 1000\nGO:\tMOVE 17,[IOWD 20,PDL]\n\tMOVEI 1,200\n"
			"L:\tPUSHJ 17,F\n\tPUSHJ 17,G\n\tPUSHJ 17,F\n\tSOJG 1,L\n\tHALT .\n"
			"F:\tAOS 2\n\tPOPJ 17,\nG:\tPUSH 17,2\n\tPUSHJ 17,F\n\tPOP 17,3\n\tPOPJ 17,\n"
			"PDL:\tBLOCK 20\n\tEND GO\n", 16);
}

Test(native, indexed_and_skips_over_side_exits)
{
	same_everywhere("\tLOC 1000\nGO:\tSETZB 1,4\n"
			"L:\tSKIPN T(1)\n\tJRST N\n\tMOVEI 2,3(1)\n\tADDI 2,(1)\n\tSETZM T(1)\n\tADDI 4,1\n"
			"N:\tADDI 1,1\n\tCAIGE 1,10\n\tJRST L\n\tHALT .\nT:\t1\n\t0\n\t5\n\t0\n\t7\n\t1\n\t0\n\t1\n\tEND GO\n", 5);
}

/* The register cache (translator/x86_64/regs.c): these loops are blocks that
 * go round to themselves, so their ACs live in host registers. */

Test(native, register_cache_sees_acs_named_as_memory)
{
	/* E an AC (ADD 2,3; MOVEM into AC 4; AOS and SETOM of ACs), and indexed
	 * E's that land on cached ACs (the general path) or not. */
	same_everywhere("\tLOC 1000\nGO:\tMOVEI 1,200\n\tMOVEI 2,1\n\tMOVEI 3,2\n\tMOVEI 5,6\n"
			"L:\tADD 2,3\n\tMOVEM 2,4\n\tAOS 4\n\tMOVE 7,-2(5)\n\tMOVEM 2,1(5)\n"
			"\tADD 3,0(5)\n\tMOVEM 3,X(5)\n\tSETOM 10\n\tADDI 6,1\n\tSOJG 1,L\n"
			"\tHALT .\nX:\tBLOCK 400\n\tEND GO\n", 11);
}

Test(native, register_cache_carries_and_overflows_in_a_loop)
{
	/* ADD overflows every few rounds (the general path after the undo);
	 * AOS and SOS of ACs cross 0 and the sign; the carries pend in EBP. */
	same_everywhere("\tLOC 1000\nGO:\tMOVEI 1,300\n\tMOVE 3,[100000000000]\n\tSETZB 2,4\n"
			"\tMOVE 5,[377777777770]\n\tMOVNI 6,20\n"
			"L:\tADD 2,3\n\tSUBI 4,3\n\tAOS 5\n\tAOS 6\n\tSOS 7\n\tADD 10,2\n\tSOJG 1,L\n"
			"\tHALT .\n\tEND GO\n", 9);
	/* Here every carry is one the loop's registers kept pending. */
	same_everywhere("\tLOC 1000\nGO:\tMOVEI 1,10\n\tMOVEI 4,100\n\tJRST L\nL:\tSUBI 4,1\n\tSOJG 1,L\n"
			"\tHALT .\n\tEND GO\n", 5);
}

Test(native, register_cache_loop_takes_clock_interrupts)
{
	/* The clock interrupts the loop at block boundaries many times; the
	 * handler counts in AC 5, which the loop keeps in a register too. */
	struct h_opts o = { .clock = 37 };
	same_with("\tLOC 42\n\tJSR IH\n\tLOC 1000\nGO:\tMOVEI 1,2000\n\tSETZB 2,5\n\tMOVEI 3,3\n"
		  "\tCONO APR,3001\n\tCONO PI,2377\n"
		  "L:\tADD 2,5\n\tADD 4,3\n\tMOVEM 2,X\n\tAOS Y\n\tSOJG 1,L\n\tCONO PI,10000\n\tHALT .\n"
		  "IH:\t0\n\tAOS 5\n\tCONO APR,3001\n\tJEN @IH\nX:\t0\nY:\t0\n\tEND GO\n", 6, &o);
}

Test(native, register_cache_loop_rewrites_itself)
{
	/* A store inside the loop hits the loop's own code: it leaves with its
	 * registers written back, and the new code runs the next round. */
	same_everywhere("\tLOC 1000\nGO:\tMOVEI 1,40\n\tSETZB 2,4\n\tMOVE 3,[ADDI 2,5]\n"
			"L:\tADDI 2,1\n\tADD 4,2\n\tMOVEM 3,L\n\tADDI 3,1\n\tSOJG 1,L\n"
			"\tHALT .\n\tEND GO\n", 5);
}

#else
Test(native, not_built) { cr_skip_test("the native backend is not built here"); }
#endif
