/* bt_fuzz.c — differential fuzzing: random programs run by interp and by bt must leave identical machines. */
#include <inttypes.h>
#include <stdio.h>
#include "cpu.h"
#include "fuzz.h"
#include "gen.h"
#include "tr.h"

/*
 * Each case (gen.h) runs twice from identical states:
 * once with interp_run, once with bt_run.  Guarantee checked: the two
 * machines end bit-identical in every architectural and accounting field
 * (memory, ACs, PC, flags, mode, APR, PI, TTY, cycles, stalls, event times,
 * stop reason, trap and fault counts) and wrote the same TTY bytes.  Left out
 * are c->ipc, defined only while an instruction runs, and host plumbing (the
 * TTY's descriptors, the engine's pointers).
 */

enum { INTERP, BT, NRUNS };
static const char *const run_name[NRUNS] = { "interp", "bt" };

static void run_case(const struct tcase *t, int way, uint64_t budget, struct run *r, FILE *trace)
{
	struct cpu_config cfg = fuzz_begin(t, budget, r);
	if (!(r->c = cpu_new(&cfg)))
		fuzz_oom();
	fuzz_load(t, r->c);
	if (way == BT) {
		if (!(r->bt = bt_new(r->c, t->cache, &tr_identity)))
			fuzz_oom();
		/* Native's fallback for rewritten code (adapt.c), tuned by the case
		 * so that short runs cross its threshold and settle back too. */
		static const uint32_t window[4] = { TR_ADAPT_QUICK, 64, 600, 4000 }, after[4] = { TR_ADAPT_AFTER, 1, 2, 1 };
		unsigned k = (unsigned)(t->seed >> 60) & 3;
		tr_adapt_tune(r->bt, window[k], after[k]);
		r->stop = bt_run(r->c, r->bt);
	} else {
		r->stop = trace ? interp_run_trace(r->c, trace) : interp_run(r->c);
	}
	fuzz_end(r);
}

static struct {
	uint64_t insns, flushes, invals, translations, interp, chains, lookups, alt;
	unsigned halt, budget, uuo, intr, prot, nxm, stall, user, inval, flush, tty, tin, vmx, mixed, settled;
} tot;

static void tally(const struct tcase *t, const struct run *r, int verbose)
{
	const struct run *a = &r[INTERP], *b = &r[BT];
	const struct tc_stats *st = tc_stats(b->bt->tc);
	tot.insns += cpu_insns(a->c);
	tot.flushes += st->flushes;
	tot.invals += st->invalidations;
	tot.translations += st->translations;
	tot.chains += st->chains;
	tot.lookups += st->lookups;
	tot.interp += b->bt->interp_insns;
	tot.alt += b->bt->alt_blocks;
	tot.mixed += b->bt->alt_blocks > 0;
	tot.settled += b->bt->alt_settled > 0;
	tot.halt += a->stop == STOP_HALT;
	tot.budget += a->stop == STOP_BUDGET;
	tot.uuo += a->c->n_uuo > 0;
	tot.intr += a->c->n_interrupts > 0;
	tot.prot += a->c->n_prot > 0;
	tot.nxm += a->c->n_nxm > 0;
	tot.stall += a->c->stalls > 0;
	tot.user += t->user;
	tot.inval += st->invalidations > 0;
	tot.flush += st->flushes > 0;
	tot.tty += a->outlen > 0;
	tot.tin += a->c->tty.chars_in > 0;
	tot.vmx += a->c->n_vmx > 0;
	if (verbose)
		printf("case %u: %s stop %d insns %" PRIu64 " stalls %" PRIu64 " uuo %" PRIu64
		       " int %" PRIu64 " prot %" PRIu64 " nxm %" PRIu64 " | translations %" PRIu64
		       " inval %" PRIu64 " flushes %" PRIu64 " chains %" PRIu64 " interp %" PRIu64 "\n",
		       t->id, t->user ? "user" : "exec", a->stop, cpu_insns(a->c), a->c->stalls, a->c->n_uuo,
		       a->c->n_interrupts, a->c->n_prot, a->c->n_nxm, st->translations,
		       st->invalidations, st->flushes, st->chains, b->bt->interp_insns);
}

static void totals(double seconds)
{
	printf("totals: %" PRIu64 " insns (%u halted, %u budget), %" PRIu64 " translations, %" PRIu64
	       " invalidations, %" PRIu64 " flushes, %" PRIu64 " chains, %" PRIu64 " lookups, %" PRIu64
	       " by the interpreter, %" PRIu64 " by the fallback backend; %.1f s\n"
	       "cases with: UUOs %u, interrupts %u, protection faults %u, NXM %u, chain stalls %u, "
	       "user mode %u, invalidations %u, flushes %u, TTY output %u, TTY input %u, assist exits %u, "
	       "fallback blocks %u, fallen back and settled %u\n",
	       tot.insns, tot.halt, tot.budget, tot.translations,
	       tot.invals, tot.flushes, tot.chains, tot.lookups, tot.interp, tot.alt,
	       seconds, tot.uuo, tot.intr, tot.prot, tot.nxm,
	       tot.stall, tot.user, tot.inval, tot.flush, tot.tty, tot.tin, tot.vmx, tot.mixed, tot.settled);
}

int main(int argc, char **argv)
{
	static const struct fuzz fz = {
		.name = "bt_fuzz", .cases = 3000, .seed = 0x7e4f5a11c0de2024ULL,
		.ways = run_name, .nways = NRUNS, .run = run_case,
		.fields = FUZZ_REDO_IR | FUZZ_CPU_STOP,
		.ref_label = "interp", .alt_label = "bt", .width = 16,
		.trace_label = "interp trace",
		.tally = tally, .totals = totals,
	};
	return fuzz_main(&fz, argc, argv);
}
