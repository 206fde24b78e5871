/* bt_fuzz.c — differential fuzzing: random programs run by interp and by bt must leave identical machines. */
#define _GNU_SOURCE
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "cpu.h"
#include "disasm.h"
#include "io.h"
#include "mem.h"
#include "tr.h"
#include "gen.h"

/*
 * Each case (gen.h) runs twice from identical states:
 * once with interp_run, once with bt_run.  Guarantee checked: the two
 * machines end bit-identical in every architectural and accounting field
 * (memory, ACs, PC, flags, mode, APR, PI, TTY, cycles, stalls, event times,
 * stop reason, trap and fault counts) and wrote the same TTY bytes.  Left out
 * are c->ipc, defined only while an instruction runs, and host plumbing (the
 * TTY's descriptors, the engine's pointers).
 */

/* ---- running and comparing ---- */

struct run {
	struct cpu *c;
	struct bt  *bt;
	enum stop   stop;
	char       *out;
	size_t      outlen;
};

static void run_case(const struct tcase *t, int use_bt, uint64_t budget, struct run *r, FILE *trace)
{
	memset(r, 0, sizeof *r);
	FILE *out = open_memstream(&r->out, &r->outlen);
	/* TTY input: the same bytes through a fresh pipe for each run. */
	int in[2] = { -1, -1 };
	if (t->tty_in) {
		char buf[256];
		gen_tty_input(t, buf);
		if (pipe(in) || write(in[1], buf, t->tty_in) != (ssize_t)t->tty_in) {
			perror("bt_fuzz: pipe");
			exit(2);
		}
		close(in[1]);
	}
	struct cpu_config cfg = {
		.mem_kwords = t->mem_kwords, .max_insns = budget, .clock_period = t->clock,
		.tty_in_fd = in[0], .tty_out = out,
	};
	struct cpu *c = cpu_new(&cfg);
	if (!c || !out) {
		fprintf(stderr, "bt_fuzz: out of memory\n");
		exit(2);
	}
	memcpy(c->mem, t->img, c->memsize * sizeof *c->mem);
	c->pc = t->start;
	if (use_bt) {
		r->bt = bt_new(c, t->cache, &tr_identity);
		if (!r->bt) {
			fprintf(stderr, "bt_fuzz: out of memory\n");
			exit(2);
		}
		r->stop = bt_run(c, r->bt);
	} else {
		r->stop = trace ? interp_run_trace(c, trace) : interp_run(c);
	}
	c->tty.out = NULL;
	fclose(out);
	if (in[0] >= 0)
		close(in[0]);
	r->c = c;
}

static void run_free(struct run *r)
{
	if (r->bt)
		bt_free(r->c, r->bt);
	cpu_free(r->c);
	free(r->out);
}

/* Compare a with b; write at most `max` differences to f (NULL: count only). */
static unsigned compare(const struct run *a, const struct run *b, FILE *f, unsigned max)
{
	unsigned n = 0;
	const struct cpu *x = a->c, *y = b->c;
#define DIFF(name, va, vb) do { \
	if ((uint64_t)(va) != (uint64_t)(vb)) { \
		if (f && n < max) \
			fprintf(f, "  %-16s interp %" PRIo64 "  bt %" PRIo64 "\n", name, \
				(uint64_t)(va), (uint64_t)(vb)); \
		n++; \
	} } while (0)
#define F(field) DIFF(#field, x->field, y->field)
	DIFF("stop", a->stop, b->stop);
	F(pc); F(flags); F(umode); F(trapping); F(redo); F(redo_ir); F(pc_inhibit); F(fetch_fault);
	F(blk_ov); F(cycles); F(stalls); F(event_at); F(max_cycles); F(clock_period);
	F(clock_next); F(stop); F(n_uuo); F(n_interrupts); F(n_prot); F(n_nxm);
	F(apr.datao); F(apr.lo_lim); F(apr.lo_rel); F(apr.hi_lim); F(apr.hi_rel); F(apr.hi_wp);
	F(apr.pia); F(apr.clk_en); F(apr.clk_flag); F(apr.nxm); F(apr.prot); F(apr.pdlov);
	F(apr.ov_en); F(apr.fov_en);
	F(pi.on); F(pi.enabled); F(pi.prog_req); F(pi.hold); F(pi.pending);
	F(tty.pia); F(tty.out_busy); F(tty.out_done); F(tty.in_busy); F(tty.in_done);
	F(tty.in_char); F(tty.out_at); F(tty.in_at); F(tty.in_eof); F(tty.in_active);
	F(tty.chars_out); F(tty.chars_in);
	F(memsize);
	DIFF("tty output bytes", a->outlen, b->outlen);
	if (a->outlen == b->outlen && memcmp(a->out, b->out, a->outlen))
		DIFF("tty output", 0, 1);
	for (addr i = 0; i < x->memsize && i < y->memsize; i++) {
		if (x->mem[i] == y->mem[i])
			continue;
		char nm[24];
		snprintf(nm, sizeof nm, "mem[%06o]", i);
		DIFF(nm, x->mem[i], y->mem[i]);
	}
#undef F
#undef DIFF
	return n;
}


/* The smallest budget at which the engines differ (runs are deterministic, so
 * any budget replays a prefix of the same run). */
static uint64_t first_divergence(const struct tcase *t)
{
	uint64_t lo = 0, hi = t->max_insns;    /* lo: equal (or 0), hi: differs */
	while (hi - lo > 1) {
		uint64_t mid = lo + (hi - lo) / 2;
		struct run a, b;
		run_case(t, 0, mid, &a, NULL);
		run_case(t, 1, mid, &b, NULL);
		if (compare(&a, &b, NULL, 0))
			hi = mid;
		else
			lo = mid;
		run_free(&a);
		run_free(&b);
	}
	return hi;
}

static void report(const struct tcase *t, const struct run *a, const struct run *b)
{
	printf("MISMATCH ");
	list_case(t, stdout);
	printf("differences at the end of the run:\n");
	compare(a, b, stdout, 40);
	uint64_t at = first_divergence(t);
	printf("first divergence with budget %" PRIu64 ":\n", at);
	struct run x, y;
	char *tr = NULL;
	size_t trlen = 0;
	FILE *tf = open_memstream(&tr, &trlen);
	run_case(t, 0, at, &x, tf);
	fclose(tf);
	run_case(t, 1, at, &y, NULL);
	compare(&x, &y, stdout, 40);
	/* The interpreter's last instructions before it. */
	unsigned lines = 0;
	size_t i = trlen;
	while (i > 0 && lines < 25)
		if (tr[--i] == '\n')
			lines++;
	printf("interp trace, last instructions:\n%s", tr + i + (i ? 1 : 0));
	free(tr);
	run_free(&x);
	run_free(&y);
}

int main(int argc, char **argv)
{
	unsigned cases = 3000, only = ~0u;
	uint64_t seed = 0x7e4f5a11c0de2024ULL;
	int verbose = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--cases") && i + 1 < argc)
			cases = (unsigned)strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			seed = strtoull(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--case") && i + 1 < argc)
			only = (unsigned)strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "-v"))
			verbose = 1;
		else {
			fprintf(stderr, "usage: bt_fuzz [--cases N] [--seed S] [--case K] [-v]\n");
			return 2;
		}
	}
	word *img = malloc(MEM_MAX_WORDS * sizeof *img);
	uint8_t *set = malloc(MEM_MAX_WORDS);
	if (!img || !set) {
		fprintf(stderr, "bt_fuzz: out of memory\n");
		return 2;
	}
	unsigned bad = 0, ran = 0;
	struct {
		uint64_t insns, flushes, invals, translations, interp, chains, lookups;
		unsigned halt, budget, uuo, intr, prot, nxm, stall, user, inval, flush, tty, tin;
	} tot = { 0 };
	clock_t t0 = clock();
	for (unsigned k = 0; k < cases; k++) {
		if (only != ~0u && k != only)
			continue;
		struct tcase t = gen_case(k, seed);
		generate(&t, img, set);
		struct run a, b;
		run_case(&t, 0, t.max_insns, &a, NULL);
		run_case(&t, 1, t.max_insns, &b, NULL);
		ran++;
		const struct tc_stats *st = tc_stats(b.bt->tc);
		tot.insns += cpu_insns(a.c);
		tot.flushes += st->flushes;
		tot.invals += st->invalidations;
		tot.translations += st->translations;
		tot.chains += st->chains;
		tot.lookups += st->lookups;
		tot.interp += b.bt->interp_insns;
		tot.halt += a.stop == STOP_HALT;
		tot.budget += a.stop == STOP_BUDGET;
		tot.uuo += a.c->n_uuo > 0;
		tot.intr += a.c->n_interrupts > 0;
		tot.prot += a.c->n_prot > 0;
		tot.nxm += a.c->n_nxm > 0;
		tot.stall += a.c->stalls > 0;
		tot.user += t.user;
		tot.inval += st->invalidations > 0;
		tot.flush += st->flushes > 0;
		tot.tty += a.outlen > 0;
		tot.tin += a.c->tty.chars_in > 0;
		if (verbose)
			printf("case %u: %s stop %d insns %" PRIu64 " stalls %" PRIu64 " uuo %" PRIu64
			       " int %" PRIu64 " prot %" PRIu64 " nxm %" PRIu64 " | translations %" PRIu64
			       " inval %" PRIu64 " flushes %" PRIu64 " chains %" PRIu64 " interp %" PRIu64 "\n",
			       k, t.user ? "user" : "exec", a.stop, cpu_insns(a.c), a.c->stalls, a.c->n_uuo,
			       a.c->n_interrupts, a.c->n_prot, a.c->n_nxm, st->translations,
			       st->invalidations, st->flushes, st->chains, b.bt->interp_insns);
		if (compare(&a, &b, NULL, 0)) {
			bad++;
			if (bad <= 3 || only != ~0u)
				report(&t, &a, &b);
			else
				printf("MISMATCH case %u seed %016" PRIx64 "\n", k, t.seed);
		} else if (only != ~0u && verbose) {
			list_case(&t, stdout);
		}
		run_free(&a);
		run_free(&b);
	}
	if (verbose || only == ~0u)
		printf("totals: %" PRIu64 " insns (%u halted, %u budget), %" PRIu64 " translations, %" PRIu64
		       " invalidations, %" PRIu64 " flushes, %" PRIu64 " chains, %" PRIu64 " lookups, %" PRIu64
		       " by the interpreter; %.1f s\n"
		       "cases with: UUOs %u, interrupts %u, protection faults %u, NXM %u, chain stalls %u, "
		       "user mode %u, invalidations %u, flushes %u, TTY output %u, TTY input %u\n",
		       tot.insns, tot.halt, tot.budget, tot.translations,
		       tot.invals, tot.flushes, tot.chains, tot.lookups, tot.interp,
		       (double)(clock() - t0) / CLOCKS_PER_SEC, tot.uuo, tot.intr, tot.prot, tot.nxm,
		       tot.stall, tot.user, tot.inval, tot.flush, tot.tty, tot.tin);
	printf("bt_fuzz: %u cases, %u mismatches\n", ran, bad);
	free(img);
	free(set);
	return bad ? 1 : 0;
}
