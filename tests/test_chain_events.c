/* test_chain_events.c — events inside long chains: only an interrupt restarts one, in every mode
 * and engine; a run paused and resumed equals one run through. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "asm.h"
#include "session.h"

/* The eight machines: bare, trap, assist, hybrid, each on interp and bt. */
#define NWAYS 8
static const char *const way_name[NWAYS] = { "bare/interp", "bare/bt", "trap/interp", "trap/bt",
					     "assist/interp", "assist/bt", "hybrid/interp", "hybrid/bt" };

static struct session_opts way_opts(int way, uint64_t budget, uint64_t clock, int in_fd)
{
	static const int modes[4] = { SESSION_BARE, VMM_TRAP, VMM_ASSIST, VMM_HYBRID };
	struct session_opts o;
	session_defaults(&o);
	o.mode = modes[way / 2];
	o.use_bt = way % 2;
	o.cache_bytes = 1u << 20;
	o.cfg.max_insns = budget;
	o.cfg.clock_period = clock;
	o.cfg.tty_in_fd = in_fd;
	o.cfg.tty_out = NULL;
	return o;
}

/* A program: `pre` at 1000 (GO), then XCT X0, HALT, and a chain of n XCTs
 * X0 -> X1 -> ... -> Xn, where Xn is `last`. */
static struct image *xct_chain(const char *pre, unsigned n, const char *last)
{
	size_t cap = 64 * (size_t)n + 4096;
	char *src = malloc(cap);
	cr_assert_not_null(src);
	size_t len = (size_t)snprintf(src, cap, "\tLOC 1000\nGO:\t%s\n\tXCT X0\n\tHALT .\n", pre);
	for (unsigned i = 0; i < n; i++)
		len += (size_t)snprintf(src + len, cap - len, "X%u:\tXCT X%u\n", i, i + 1);
	snprintf(src + len, cap - len, "X%u:\t%s\n\tHALT .\n\tEND GO\n", n, last);
	struct image *img = image_new();
	cr_assert_not_null(img);
	cr_assert_eq(asm_text("chain.mac", src, img, NULL, stderr), 0);
	free(src);
	return img;
}

struct end {
	enum stop stop;
	addr      pc;
	uint64_t  insns, cycles;
	word      ac[16];
};

/* Run img one way to its end; pause_step > 0: in steps of that many cycles. */
static struct end run_way(const struct image *img, int way, uint64_t budget, uint64_t clock,
			  int in_fd, uint64_t pause_step)
{
	struct session_opts o = way_opts(way, budget, clock, in_fd);
	struct session s;
	cr_assert_eq(session_open(&s, &o, img, "chain.mac"), 0);
	if (pause_step)
		for (uint64_t t = pause_step; !session_done(&s); t += pause_step)
			session_run_until(&s, t);
	else
		session_run(&s);
	struct end e = { s.stop, s.c->pc, cpu_insns(s.c), s.c->cycles, { 0 } };
	memcpy(e.ac, s.c->mem, sizeof e.ac);
	session_close(&s);
	return e;
}

/* A 6,144-level XCT chain takes longer than a clock period (5,000 cycles):
 * with PI off the ticks request nothing, so the chain completes. */
Test(chain_events, long_xct_chain_past_clock_ticks_completes_everywhere)
{
	struct image *img = xct_chain("JFCL", 6144, "MOVEI 1,42");
	struct end ref = run_way(img, 0, 1000000, 0, -1, 0);
	for (int w = 0; w < NWAYS; w++) {
		struct end e = w ? run_way(img, w, 1000000, 0, -1, 0) : ref;
		cr_expect_eq(e.stop, STOP_HALT, "%s: stop %d", way_name[w], e.stop);
		cr_expect_eq(e.insns, 3, "%s: %llu instructions", way_name[w], (unsigned long long)e.insns);
		cr_expect_eq(e.ac[1], 042, "%s", way_name[w]);
		cr_expect_eq(e.cycles, ref.cycles, "%s: %llu cycles, bare/interp %llu", way_name[w],
			     (unsigned long long)e.cycles, (unsigned long long)ref.cycles);
	}
	image_free(img);
}

/* The same chain with the clock interrupt on: every tick restarts it and it
 * never completes; the budget ends it, everywhere alike. */
Test(chain_events, clock_interrupt_restarts_long_chain_until_budget)
{
	struct image *img = xct_chain("CONO APR,3001\n\tCONO PI,2377\n\tJRST GO1\nIH:\t0\n\tCONO APR,3001\n"
				      "\tJEN @IH\nGO1:\tJFCL", 6144, "MOVEI 1,42\n\tHALT .\n\tLOC 42\n\tJSR IH");
	struct end ref = run_way(img, 0, 50000, 0, -1, 0);
	cr_expect_eq(ref.stop, STOP_BUDGET);
	cr_expect_eq(ref.ac[1], 0);
	for (int w = 1; w < NWAYS; w++) {
		struct end e = run_way(img, w, 50000, 0, -1, 0);
		cr_expect_eq(e.stop, STOP_BUDGET, "%s: stop %d", way_name[w], e.stop);
		cr_expect_eq(e.insns, ref.insns, "%s", way_name[w]);
		cr_expect_eq(e.cycles, ref.cycles, "%s", way_name[w]);
		cr_expect_eq(e.pc, ref.pc, "%s", way_name[w]);
	}
	image_free(img);
}

/* The guest's TTY polls a terminal every TTY_IN_POLL cycles, and a 256-level
 * chain is longer: a poll that finds nothing requests nothing, so the chain
 * completes (and the run does not depend on stdin being a terminal). */
Test(chain_events, tty_polls_of_a_terminal_do_not_restart_a_chain)
{
	int pt = posix_openpt(O_RDWR | O_NOCTTY);
	if (pt < 0 || grantpt(pt) || unlockpt(pt)) {
		if (pt >= 0)
			close(pt);
		cr_skip_test("no pseudo-terminal");
	}
	int tty = open(ptsname(pt), O_RDWR | O_NOCTTY);
	cr_assert_geq(tty, 0);
	cr_assert(isatty(tty));
	struct image *img = xct_chain("CONO TTY,0", 256, "MOVEI 1,42");
	for (int w = 0; w < NWAYS; w++) {
		struct end e = run_way(img, w, 100000, 0, tty, 0);
		cr_expect_eq(e.stop, STOP_HALT, "%s: stop %d", way_name[w], e.stop);
		cr_expect_eq(e.insns, 3, "%s: %llu instructions", way_name[w], (unsigned long long)e.insns);
		cr_expect_eq(e.ac[1], 042, "%s", way_name[w]);
	}
	image_free(img);
	close(tty);
	close(pt);
}

/* Stopping at a cycle (session_run_until) waits for the instruction boundary:
 * a chain that crosses the stop is not restarted, so a run paused at every
 * cycle equals one run through, in every mode and engine. */
Test(chain_events, pausing_inside_a_chain_changes_nothing)
{
	struct image *img = xct_chain("MOVEI 2,3\n\tSOJG 2,.", 200, "JSP 1,.+1");
	for (int w = 0; w < NWAYS; w++) {
		struct end a = run_way(img, w, 100000, 0, -1, 0);
		struct end b = run_way(img, w, 100000, 0, -1, 1);
		struct end c = run_way(img, w, 100000, 0, -1, 7);
		cr_expect_eq(a.stop, STOP_HALT, "%s", way_name[w]);
		cr_expect_eq(b.stop, a.stop, "%s", way_name[w]);
		cr_expect_eq(b.cycles, a.cycles, "%s: paused %llu cycles, through %llu", way_name[w],
			     (unsigned long long)b.cycles, (unsigned long long)a.cycles);
		cr_expect_eq(c.cycles, a.cycles, "%s", way_name[w]);
		cr_expect_eq(b.insns, a.insns, "%s", way_name[w]);
		cr_expect(!memcmp(a.ac, b.ac, sizeof a.ac) && !memcmp(a.ac, c.ac, sizeof a.ac), "%s", way_name[w]);
	}
	image_free(img);
}

/* An endless chain is still bounded by the budget, paused or not. */
Test(chain_events, endless_chain_ends_at_the_budget_when_paused)
{
	struct image *img = image_new();
	cr_assert_eq(asm_text("e.mac", "\tLOC 1000\nGO:\tXCT X\n\tHALT .\nX:\tXCT X\n\tEND GO\n", img, NULL,
			      stderr), 0);
	for (int w = 0; w < NWAYS; w++) {
		struct end e = run_way(img, w, 30000, 0, -1, 1000);
		cr_expect_eq(e.stop, STOP_BUDGET, "%s", way_name[w]);
		cr_expect_eq(e.insns, 0, "%s", way_name[w]);
		cr_expect_eq(e.pc, 01000, "%s", way_name[w]);
		cr_expect_geq(e.cycles, 30000, "%s", way_name[w]);
	}
	image_free(img);
}
