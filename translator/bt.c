/* bt.c — the bt engine's dispatcher: find or translate the block at PC, run it, link successors. */
#include <inttypes.h>
#include <stdlib.h>
#include <time.h>
#include "mem.h"
#include "tr.h"

/* A block died by a store at cycle c->cycles (exact at every store). */
static void bt_dead(void *ctx, const struct tc_block *b)
{
	struct cpu *c = ctx;
	tr_adapt_dead(c->engine, c->cycles, b);
}

/* A store into real word pa, which translated code came from. */
static void bt_smc(struct cpu *c, addr pa)
{
	struct bt *bt = c->engine;
	struct tc_block *run = bt->running_at ? *bt->running_at : bt->running;
	if (tc_invalidate_each(bt->tc, pa, bt->alt ? bt_dead : NULL, c) && run && !run->valid)
		bt->exit = 1;       /* the running block changed: leave after this instruction */
}

struct bt *bt_new(struct cpu *c, size_t cache_bytes, const struct tr_policy *policy)
{
	struct bt *bt = calloc(1, sizeof *bt);
	if (!bt)
		return NULL;
	bt->tc = tc_new(cache_bytes);
	if (!bt->tc) {
		free(bt);
		return NULL;
	}
	bt->policy = policy;
	bt->curve_next = UINT64_MAX;
	bt->backend = tr_backend_default();
	if (bt->backend->init && bt->backend->init(bt)) {
		bt->backend = &tr_threaded;        /* e.g. no executable memory here */
	}
	if (bt->backend != &tr_threaded && tr_adapt_init(bt, &tr_threaded)) {
		if (bt->backend->fini)
			bt->backend->fini(bt);
		tc_free(bt->tc);
		free(bt);
		return NULL;
	}
	c->engine = bt;
	c->codemap = tc_codemap(bt->tc);
	c->smc_hook = bt_smc;
	return bt;
}

void bt_free(struct cpu *c, struct bt *bt)
{
	if (!bt)
		return;
	if (c && c->engine == bt) {
		c->engine = NULL;
		c->codemap = cpu_no_code;
		c->smc_hook = NULL;
	}
	if (bt->prof)
		tr_profile_print(stderr, bt, c ? cpu_insns(c) : 0);
	if (bt->backend->fini)
		bt->backend->fini(bt);
	tr_adapt_fini(bt);
	tc_free(bt->tc);
	free(bt);
}

/* Translate the block at c->pc, or NULL if the interpreter must take it:
 * with bt->backend, or bt->alt for code rewritten often (adapt.c). */
static struct tc_block *translate(struct cpu *c, struct bt *bt, const struct tc_key *key)
{
	static _Thread_local struct tr_block d;
	if (!tr_scan(c, bt->policy, key->pc, &d))
		return NULL;
	int alt = bt->alt && tr_adapt_pick(bt, c->cycles, d.pa_lo);
	const struct tr_backend *be = alt ? bt->alt : bt->backend;
	if (be->room && !be->room(bt, &d))
		tc_flush(bt->tc);       /* the backend's own memory is full: start over */
	struct tc_block *b = tc_alloc(bt->tc, key, be->code_size(&d));
	if (!b)
		cpu_panic(c, "a block of %u instructions does not fit in the code cache", d.n);
	b->alt = (uint32_t)alt;
	bt->alt_blocks += (unsigned)alt;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	be->emit(c, &d, b);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double us = (double)(t1.tv_sec - t0.tv_sec) * 1e6 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e3;
	bt->emit_us += us;
	if (unlikely(tr_log_what))
		tr_log_block(stderr, bt, &d, b, us);
	tc_commit(bt->tc, b, d.pa_lo, d.pa_hi, d.n);
	return b;
}

void bt_curve(struct bt *bt, FILE *f, uint64_t step)
{
	bt->curve = f;
	bt->curve_step = step ? step : 1;
	bt->curve_next = 0;
	fputs("insns,block_entries,hits,translations,invalidations,flushes,interpreted\n", f);
}

void bt_curve_point(const struct cpu *c, struct bt *bt)
{
	const struct tc_stats *t = tc_stats(bt->tc);
	uint64_t entries = t->lookups + t->chains;
	fprintf(bt->curve, "%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 "\n",
		cpu_insns(c), entries, entries - t->misses, t->translations, t->invalidations, t->flushes,
		bt->interp_insns);
	bt->curve_next = (c->cycles / bt->curve_step + 1) * bt->curve_step;
}

static enum stop bt_loop(struct cpu *c, struct bt *bt)
{
	struct tc_block *from = NULL;     /* a block that ended wanting a successor */
	uint64_t from_epoch = 0;
	for (;;) {
		if (unlikely(c->cycles >= c->event_at)) {
			from = NULL;
			bt->handoff = NULL;
			enum stop s = cpu_events(c);
			if (s)
				return s;
			if (bt->alt)
				tr_adapt_settle(bt, c->cycles);
		}
		if (unlikely(c->cycles >= bt->curve_next))
			bt_curve_point(c, bt);
		struct tc_block *b = bt->handoff;     /* found by the other backend's runner */
		bt->handoff = NULL;
		if (!b) {
			struct tc_key key = tr_key(c, bt->policy, c->pc);
			b = tc_lookup(bt->tc, &key);
			if (!b)
				b = translate(c, bt, &key);
		}
		if (!b || c->cycles + b->n > c->event_at) {
			/* Code in the ACs, an unfetchable word, or an event due inside
			 * the block: one instruction at a time. */
			from = NULL;
			interp_one(c);
			bt->interp_insns++;
			continue;
		}
		if (from && from_epoch == tc_epoch(bt->tc) && from->valid && from->alt == b->alt)
			tr_link(from, c->pc, b);   /* never across backends (see tr_successor) */
		bt->exit = 0;
		from = tr_block_backend(bt, b)->run(c, bt, b);
		from_epoch = tc_epoch(bt->tc);
	}
}

enum stop bt_run(struct cpu *c, struct bt *bt)
{
	for (;;) {
		int k = setjmp(c->abort_jb);
		if (k) {
			bt->running = NULL;
			bt->running_at = NULL;
			bt->handoff = NULL;
			cpu_aborted(c, (enum abort_kind)k);
		}
		enum stop s = bt_loop(c, bt);
		if (s)
			return s;
	}
}
