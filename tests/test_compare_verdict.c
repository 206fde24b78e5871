/* test_compare_verdict.c — compare claims equality only where it checked it: across chains, at the
 * end, and within the runs' own length whatever the budget. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "asm.h"
#include "compare.h"

static struct image *assemble(const char *src)
{
	struct image *img = image_new();
	cr_assert_not_null(img);
	cr_assert_eq(asm_text("test.mac", src, img, NULL, stderr), 0);
	return img;
}

static struct session_opts opts(int mode, int use_bt, uint64_t budget)
{
	struct session_opts o;
	session_defaults(&o);
	o.mode = mode;
	o.use_bt = use_bt;
	o.cache_bytes = 1u << 20;
	o.cfg.max_insns = budget;
	o.cfg.tty_in_fd = -1;
	return o;
}

/* An XCT chain of 128 levels (64 of them chain cycles), then JSP 1,.+1 in
 * exec mode: the trap monitor leaks USER into AC 1. */
static struct image *xct_jsp(void)
{
	char src[8192];
	size_t len = (size_t)snprintf(src, sizeof src, "\tLOC 1000\nGO:\tXCT X0\n\tHALT .\n");
	for (unsigned i = 0; i < 128; i++)
		len += (size_t)snprintf(src + len, sizeof src - len, "X%u:\tXCT X%u\n", i, i + 1);
	snprintf(src + len, sizeof src - len, "X128:\tJSP 1,.+1\n\tHALT .\n\tEND GO\n");
	return assemble(src);
}

/* Run img in `mode` through, then search for its divergence from bare as
 * `tenvm compare` does. */
static struct cmp_divergence search(const struct image *img, int mode, int use_bt, uint64_t budget)
{
	struct session_opts o = opts(mode, use_bt, budget), ob = opts(SESSION_BARE, use_bt, budget);
	struct cmp_run rb, rm;
	cr_assert_eq(cmp_run_mode(&ob, img, "test", NULL, &rb), 0);
	cr_assert_eq(cmp_run_mode(&o, img, "test", NULL, &rm), 0);
	uint64_t span = rb.cycles < rm.cycles ? rb.cycles : rm.cycles;
	uint64_t end = rb.cycles > rm.cycles ? rb.cycles : rm.cycles;
	struct cmp_divergence dv;
	cr_assert_eq(cmp_find_divergence(&o, img, "test", NULL, span, end, &dv), 0);
	cmp_run_free(&rb);
	cmp_run_free(&rm);
	return dv;
}

/* The checkpoints fall inside the chain; they must not restart it. */
Test(compare_verdict, trap_leak_after_a_long_xct_chain_is_found)
{
	struct image *img = xct_jsp();
	for (int use_bt = 0; use_bt < 2; use_bt++) {
		struct cmp_divergence dv = search(img, VMM_TRAP, use_bt, 100000);
		cr_assert_eq(dv.found, 1, "found %d (%s)", dv.found, use_bt ? "bt" : "interp");
		cr_expect_eq(dv.insns, 1);
		cr_expect_eq(dv.pc, 01000);
		cr_expect_eq(dv.d.what, CMP_ACS, "what %#x", dv.d.what);
		cr_expect_eq(dv.d.acs, 1u << 1);
		cr_expect_eq(dv.d.ac[0][1], 01001);
		cr_expect_eq(dv.d.ac[1][1], (word)F_USER << 18 | 01001);
		dv = search(img, VMM_HYBRID, use_bt, 100000);
		cr_expect_eq(dv.found, 0, "hybrid: found %d", dv.found);
	}
	image_free(img);
}

/* The search stops where the runs ended, not at the budget: told the runs end
 * earlier than they do, it says they do not repeat themselves. */
Test(compare_verdict, search_is_bounded_by_the_runs_not_the_budget)
{
	struct image *img = assemble("\tLOC 1000\nGO:\tMOVEI 1,100000\n\tSOJG 1,.\n\tHALT .\n\tEND GO\n");
	struct session_opts o = opts(VMM_HYBRID, 1, 1000000000);
	struct cmp_divergence dv;
	cr_assert_eq(cmp_find_divergence(&o, img, "test", NULL, 1000, 1000, &dv), 0);
	cr_expect_eq(dv.found, -1, "found %d", dv.found);
	cr_expect_eq(dv.replays, 1);
	cr_assert_eq(cmp_find_divergence(&o, img, "test", NULL, 100002, 100002, &dv), 0);
	cr_expect_eq(dv.found, 0, "found %d", dv.found);
	image_free(img);
}

/* The end states of the runs through are compared too: any difference there
 * (a word of memory, an AC, the output, how it stopped) is not equality. */
Test(compare_verdict, same_end_compares_everything)
{
	struct image *img = assemble("\tLOC 1000\nGO:\tMOVEI 1,5\n\tMOVEM 1,2000\n\tHALT .\n\tEND GO\n");
	struct session_opts o = opts(SESSION_BARE, 1, 100000);
	struct cmp_run a, b;
	cr_assert_eq(cmp_run_mode(&o, img, "test", NULL, &a), 0);
	cr_assert_eq(cmp_run_mode(&o, img, "test", NULL, &b), 0);
	cr_expect(cmp_same_end(&a, &b));
	b.mem[02000] ^= 1;
	cr_expect(!cmp_same_end(&a, &b), "memory");
	b.mem[02000] ^= 1;
	b.mem[1] ^= 1;
	cr_expect(!cmp_same_end(&a, &b), "an AC");
	b.mem[1] ^= 1;
	b.stop = STOP_BUDGET;
	cr_expect(!cmp_same_end(&a, &b), "the stop");
	b.stop = a.stop;
	b.flags ^= F_USER;
	cr_expect(!cmp_same_end(&a, &b), "flags");
	b.flags = a.flags;
	cr_expect(cmp_same_end(&a, &b));
	cmp_run_free(&a);
	cmp_run_free(&b);
	image_free(img);
}
