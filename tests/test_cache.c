/* test_cache.c — the code cache's API step by step with exact statistics, and the bt engine on guests that stress it. */
#include <criterion/criterion.h>
#include <string.h>
#include "cache.h"
#include "harness.h"
#include "tr.h"

/* ---- the cache API alone ---- */

/* The statistics expected after a step; checked field by field. */
struct want {
	uint64_t lookups, front, hash, misses, translations, insns, invals, flushes;
};

static void check(struct tc *tc, struct want w, const char *step)
{
	const struct tc_stats *s = tc_stats(tc);
	cr_expect_eq(s->lookups, w.lookups, "%s: lookups %lu, want %lu", step, (unsigned long)s->lookups, (unsigned long)w.lookups);
	cr_expect_eq(s->front_hits, w.front, "%s: front hits %lu, want %lu", step, (unsigned long)s->front_hits, (unsigned long)w.front);
	cr_expect_eq(s->hash_hits, w.hash, "%s: hash hits %lu, want %lu", step, (unsigned long)s->hash_hits, (unsigned long)w.hash);
	cr_expect_eq(s->misses, w.misses, "%s: misses %lu, want %lu", step, (unsigned long)s->misses, (unsigned long)w.misses);
	cr_expect_eq(s->translations, w.translations, "%s: translations %lu, want %lu", step,
		     (unsigned long)s->translations, (unsigned long)w.translations);
	cr_expect_eq(s->insns_translated, w.insns, "%s: insns translated %lu, want %lu", step,
		     (unsigned long)s->insns_translated, (unsigned long)w.insns);
	cr_expect_eq(s->invalidations, w.invals, "%s: invalidations %lu, want %lu", step,
		     (unsigned long)s->invalidations, (unsigned long)w.invals);
	cr_expect_eq(s->flushes, w.flushes, "%s: flushes %lu, want %lu", step, (unsigned long)s->flushes, (unsigned long)w.flushes);
	cr_expect_eq(s->lookups, s->front_hits + s->hash_hits + s->misses, "%s: lookups are not hits + misses", step);
}

static struct tc_key key_exec(addr pc) { return (struct tc_key){ .pc = pc }; }

/* Bytes a block with code_bytes of code takes in the arena (16-byte aligned). */
static size_t footprint(size_t code_bytes)
{
	return (sizeof(struct tc_block) + code_bytes + 15) & ~(size_t)15;
}

/* Allocate and commit a block for pa_lo..pa_hi under key k. */
static struct tc_block *add(struct tc *tc, struct tc_key k, addr pa_lo, addr pa_hi, size_t code_bytes)
{
	struct tc_block *b = tc_alloc(tc, &k, code_bytes);
	cr_assert_not_null(b);
	tc_commit(tc, b, pa_lo, pa_hi, pa_hi - pa_lo + 1);
	return b;
}

static struct tc_block *find(struct tc *tc, addr pc)
{
	struct tc_key k = key_exec(pc);
	return tc_lookup(tc, &k);
}

Test(cache, empty_lookup_misses)
{
	struct tc *tc = tc_new(1 << 16);
	cr_assert_not_null(tc);
	cr_expect_null(find(tc, 01000));
	check(tc, (struct want){ .lookups = 1, .misses = 1 }, "lookup in an empty cache");
	cr_expect_eq(tc_epoch(tc), 0);
	cr_expect_eq(tc_stats(tc)->bytes_used, 0);
	cr_expect_eq(tc_stats(tc)->bytes_capacity, 1 << 16);
	tc_free(tc);
}

Test(cache, commit_then_front_and_hash_hits)
{
	struct tc *tc = tc_new(1 << 16);
	struct tc_block *a = add(tc, key_exec(01000), 01000, 01007, 100);
	check(tc, (struct want){ .translations = 1, .insns = 8 }, "commit A");
	cr_expect_eq(tc_stats(tc)->bytes_used, footprint(100));
	/* A committed block is in the front cache. */
	cr_expect_eq(find(tc, 01000), a);
	check(tc, (struct want){ .lookups = 1, .front = 1, .translations = 1, .insns = 8 }, "lookup A");
	/* 03000 shares A's front-cache slot (exec keys: the slot is pc mod 1024),
	 * so B displaces A there and A is found through the hash table. */
	struct tc_block *b = add(tc, key_exec(03000), 03000, 03003, 64);
	check(tc, (struct want){ .lookups = 1, .front = 1, .translations = 2, .insns = 12 }, "commit B");
	cr_expect_eq(find(tc, 01000), a);
	check(tc, (struct want){ .lookups = 2, .front = 1, .hash = 1, .translations = 2, .insns = 12 }, "A by hash");
	cr_expect_eq(find(tc, 01000), a);
	check(tc, (struct want){ .lookups = 3, .front = 2, .hash = 1, .translations = 2, .insns = 12 }, "A by front");
	cr_expect_eq(find(tc, 03000), b);
	check(tc, (struct want){ .lookups = 4, .front = 2, .hash = 2, .translations = 2, .insns = 12 }, "B by hash");
	cr_expect_null(find(tc, 01001));
	check(tc, (struct want){ .lookups = 5, .front = 2, .hash = 2, .misses = 1, .translations = 2, .insns = 12 },
	      "a block is found only by its first address");
	cr_expect_eq(tc_stats(tc)->bytes_used, footprint(100) + footprint(64));
	tc_free(tc);
}

Test(cache, invalidation_is_word_granular)
{
	struct tc *tc = tc_new(1 << 16);
	add(tc, key_exec(01000), 01000, 01007, 64);
	const uint8_t *map = tc_codemap(tc);
	for (addr a = 01000; a <= 01007; a++)
		cr_expect(map[a], "codemap[%o] not marked", a);
	cr_expect(!map[0777] && !map[01010], "codemap marks words outside the block");
	/* The words just before and just after the block: nothing dies. */
	cr_expect_eq(tc_invalidate(tc, 0777), 0);
	cr_expect_eq(tc_invalidate(tc, 01010), 0);
	check(tc, (struct want){ .translations = 1, .insns = 8 }, "stores next to the block");
	cr_expect_not_null(find(tc, 01000));
	/* A word inside: the block dies, and is no longer found. */
	cr_expect_eq(tc_invalidate(tc, 01003), 1);
	cr_expect(!map[01003]);
	cr_expect_null(find(tc, 01000));
	check(tc, (struct want){ .lookups = 2, .front = 1, .misses = 1, .translations = 1, .insns = 8, .invals = 1 },
	      "store inside the block");
	/* A dead block is not invalidated twice. */
	cr_expect_eq(tc_invalidate(tc, 01004), 0);
	check(tc, (struct want){ .lookups = 2, .front = 1, .misses = 1, .translations = 1, .insns = 8, .invals = 1 },
	      "store into a dead block");
	tc_free(tc);
}

Test(cache, overlapping_blocks_both_die)
{
	struct tc *tc = tc_new(1 << 16);
	add(tc, key_exec(01000), 01000, 01010, 64);    /* A */
	add(tc, key_exec(01004), 01004, 01014, 64);    /* B: a jump into A's middle */
	add(tc, key_exec(01020), 01020, 01022, 64);    /* C: elsewhere on the page */
	cr_expect_eq(tc_invalidate(tc, 01006), 2);
	cr_expect_null(find(tc, 01000));
	cr_expect_null(find(tc, 01004));
	cr_expect_not_null(find(tc, 01020));
	check(tc, (struct want){ .lookups = 3, .front = 1, .misses = 2, .translations = 3, .insns = 21, .invals = 2 },
	      "store where A and B overlap");

	/* Only the block that holds the word dies; the other stays marked. */
	add(tc, key_exec(01000), 01000, 01007, 64);    /* A' */
	add(tc, key_exec(01005), 01005, 01012, 64);    /* B' */
	cr_expect_eq(tc_invalidate(tc, 01002), 1);
	cr_expect_null(find(tc, 01000));
	cr_expect_not_null(find(tc, 01005));
	const uint8_t *map = tc_codemap(tc);
	for (addr a = 01005; a <= 01012; a++)
		cr_expect(map[a], "codemap[%o] of a live block not marked", a);
	check(tc, (struct want){ .lookups = 5, .front = 2, .misses = 3, .translations = 5, .insns = 35, .invals = 3 },
	      "store into A' only");
	tc_free(tc);
}

Test(cache, block_spanning_two_pages)
{
	struct tc *tc = tc_new(1 << 16);
	/* 64-word pages: 01070-01077 lie in page 010, 01100-01107 in page 011. */
	add(tc, key_exec(01070), 01070, 01107, 64);    /* S spans both */
	add(tc, key_exec(01000), 01000, 01002, 64);    /* page 010 only */
	add(tc, key_exec(01110), 01110, 01112, 64);    /* page 011 only */
	add(tc, key_exec(01120), 01120, 01121, 64);    /* page 011 only */
	/* From the second page, through lists that hold S and others. */
	cr_expect_eq(tc_invalidate(tc, 01121), 1);
	cr_expect_eq(tc_invalidate(tc, 01105), 1);
	cr_expect_null(find(tc, 01070));
	cr_expect_not_null(find(tc, 01000));
	cr_expect_not_null(find(tc, 01110));
	cr_expect_null(find(tc, 01120));
	/* From the first page. */
	add(tc, key_exec(01070), 01070, 01107, 64);    /* S' */
	cr_expect_eq(tc_invalidate(tc, 01070), 1);
	cr_expect_null(find(tc, 01070));
	cr_expect_eq(tc_invalidate(tc, 01111), 1);
	cr_expect_eq(tc_invalidate(tc, 01001), 1);
	check(tc, (struct want){ .lookups = 5, .front = 2, .misses = 3, .translations = 5, .insns = 2 * 020 + 3 + 3 + 2,
				 .invals = 5 }, "spanning blocks");
	tc_free(tc);
}

Test(cache, keys_differ_by_user_apr_policy)
{
	struct tc *tc = tc_new(1 << 16);
	struct tc_key k[5] = {
		{ .pc = 01000 },
		{ .pc = 01000, .user = 1, .apr = 0 },
		{ .pc = 01000, .user = 1, .apr = 0000001020040ULL },
		{ .pc = 01000, .user = 1, .apr = 0000001020050ULL },
		{ .pc = 01000, .policy = 1 },
	};
	struct tc_block *b[5];
	b[0] = add(tc, k[0], 01000, 01003, 64);
	for (int i = 1; i < 5; i++)
		cr_expect_null(tc_lookup(tc, &k[i]), "key %d found the exec block", i);
	check(tc, (struct want){ .lookups = 4, .misses = 4, .translations = 1, .insns = 4 }, "one key committed");
	for (int i = 1; i < 5; i++)
		b[i] = add(tc, k[i], 041000 + 0100 * i, 041003 + 0100 * i, 64);
	for (int i = 0; i < 5; i++)
		cr_expect_eq(tc_lookup(tc, &k[i]), b[i], "key %d found another block", i);
	const struct tc_stats *s = tc_stats(tc);
	cr_expect_eq(s->lookups, 9);
	cr_expect_eq(s->misses, 4);
	cr_expect_eq(s->front_hits + s->hash_hits, 5);
	/* Invalidating the words of one key's block leaves the others. */
	cr_expect_eq(tc_invalidate(tc, 041201), 1);
	cr_expect_null(tc_lookup(tc, &k[2]));
	cr_expect_eq(tc_lookup(tc, &k[3]), b[3]);
	tc_free(tc);
}

Test(cache, flush_when_full)
{
	size_t code = 1024 - sizeof(struct tc_block);      /* exactly 1K per block */
	cr_assert_eq(footprint(code), 1024);
	struct tc *tc = tc_new(4096);
	struct tc_block *b[4];
	for (unsigned i = 0; i < 4; i++)
		b[i] = add(tc, key_exec(01000 + 010 * i), 01000 + 010 * i, 01003 + 010 * i, code);
	cr_expect_eq(tc_stats(tc)->bytes_used, 4096);
	cr_expect_eq(tc_epoch(tc), 0);
	for (unsigned i = 0; i < 4; i++)
		cr_expect_eq(find(tc, 01000 + 010 * i), b[i]);
	check(tc, (struct want){ .lookups = 4, .front = 4, .translations = 4, .insns = 16 }, "four blocks fill it");
	/* The fifth does not fit: everything is flushed first. */
	struct tc_block *e = tc_alloc(tc, &(struct tc_key){ .pc = 02000 }, code);
	cr_assert_not_null(e);
	cr_expect_eq(tc_epoch(tc), 1);
	cr_expect_eq(tc_stats(tc)->bytes_used, 1024);
	check(tc, (struct want){ .lookups = 4, .front = 4, .translations = 4, .insns = 16, .flushes = 1 }, "flush");
	for (unsigned i = 0; i < 4; i++)
		cr_expect_null(find(tc, 01000 + 010 * i));
	const uint8_t *map = tc_codemap(tc);
	for (addr a = 01000; a < 01040; a++)
		cr_expect(!map[a], "codemap[%o] survived the flush", a);
	cr_expect_null(find(tc, 02000), "an uncommitted block is found");
	tc_commit(tc, e, 02000, 02003, 4);
	cr_expect_eq(find(tc, 02000), e);
	check(tc, (struct want){ .lookups = 10, .front = 5, .misses = 5, .translations = 5, .insns = 20, .flushes = 1 },
	      "after the flush");
	/* Invalidating a word of a flushed block finds nothing. */
	cr_expect_eq(tc_invalidate(tc, 01001), 0);
	/* An explicit flush. */
	tc_flush(tc);
	cr_expect_eq(tc_epoch(tc), 2);
	cr_expect_eq(tc_stats(tc)->bytes_used, 0);
	cr_expect_null(find(tc, 02000));
	cr_expect(!map[02000]);
	tc_free(tc);
}

Test(cache, oversized_block_refused)
{
	struct tc *tc = tc_new(4096);
	add(tc, key_exec(01000), 01000, 01003, 64);
	cr_expect_null(tc_alloc(tc, &(struct tc_key){ .pc = 02000 }, 4096));
	cr_expect_eq(tc_epoch(tc), 0, "a refused block flushed the cache");
	cr_expect_eq(tc_stats(tc)->bytes_used, footprint(64));
	cr_expect_not_null(find(tc, 01000));
	/* The largest block that fits alone is accepted (after a flush). */
	cr_expect_not_null(tc_alloc(tc, &(struct tc_key){ .pc = 02000 }, 4096 - sizeof(struct tc_block)));
	cr_expect_eq(tc_epoch(tc), 1);
	check(tc, (struct want){ .lookups = 1, .front = 1, .translations = 1, .insns = 4, .flushes = 1 }, "oversized");
	tc_free(tc);
}

/* ---- the bt engine on guests ---- */

/* The machines after interp and after bt must agree in everything a guest or
 * the clock can see. */
static void same_as_interp(const struct cpu *a, const struct cpu *b)
{
	cr_expect_eq(a->pc, b->pc, "pc %06o / %06o", a->pc, b->pc);
	cr_expect_eq(a->flags, b->flags, "flags %06o / %06o", a->flags, b->flags);
	cr_expect_eq(a->cycles, b->cycles, "cycles %lu / %lu", (unsigned long)a->cycles, (unsigned long)b->cycles);
	cr_expect_eq(a->stalls, b->stalls);
	cr_expect_eq(a->n_uuo, b->n_uuo);
	cr_expect_eq(a->n_interrupts, b->n_interrupts);
	cr_expect_eq(a->stop, b->stop);
	cr_assert_eq(a->memsize, b->memsize);
	for (addr i = 0; i < a->memsize; i++)
		if (a->mem[i] != b->mem[i]) {
			cr_expect_fail("mem[%06o] interp %012llo bt %012llo", i,
				       (unsigned long long)a->mem[i], (unsigned long long)b->mem[i]);
			break;
		}
}

/* Run src on both engines; returns the bt machine (h_free it). */
static struct cpu *both(const char *src, const struct h_opts *o, size_t cache, struct bt **bt)
{
	enum stop si, sb;
	struct cpu *a = h_run(src, o, &si);
	struct cpu *b = h_run_bt(src, o, &sb, cache, bt);
	cr_expect_eq(si, STOP_HALT, "interp did not halt (stop %d at %06o)", si, a->pc);
	cr_expect_eq(sb, si, "bt stopped with %d, interp with %d", sb, si);
	same_as_interp(a, b);
	cpu_free(a);
	return b;
}

/* A loop that each iteration rewrites a word later in its own block and a word
 * of the next block, then executes both: every rewrite is seen. */
static const char smc_loop[] =
	"	LOC	1000\n"
	"START:	MOVEI	5,144\n"          /* 100 iterations */
	"	SETZB	1,2\n"
	"LOOP:	MOVE	3,INS1\n"
	"	HRRI	3,(5)\n"            /* ADDI 1,<iteration> */
	"	MOVEM	3,PATCH1\n"         /* into this block, two words on */
	"PATCH1:	0\n"
	"	MOVE	4,INS2\n"
	"	HRRI	4,(5)\n"
	"	MOVEM	4,PATCH2\n"         /* into the next block */
	"	JRST	NEXTB\n"
	"NEXTB:\n"
	"PATCH2:	0\n"
	"	SOJG	5,LOOP\n"
	"	HALT	.\n"
	"INS1:	ADDI	1,0\n"
	"INS2:	ADDI	2,0\n"
	"	END	START\n";

Test(engine, smc_loop_sees_every_rewrite)
{
	struct bt *bt;
	struct cpu *c = both(smc_loop, NULL, 0, &bt);
	H_EQ(c->mem[1], 5050);
	H_EQ(c->mem[2], 5050);
	/* Iteration 1 runs in START's block: the store into PATCH1 kills it (1).
	 * Each later iteration kills the LOOP block and the block at PATCH1 (the
	 * rest of the loop after the first rewrite), then the NEXTB block (3). */
	cr_expect_eq(tc_stats(bt->tc)->invalidations, 1 + 3 * 99, "invalidations %lu",
		     (unsigned long)tc_stats(bt->tc)->invalidations);
	h_free(c);
}

/* Each way of storing into the very next instruction: it takes effect there,
 * as on the real machine. */
static const char patch_next[] =
	"	LOC	1000\n"
	"START:	MOVE	1,NEWI\n"
	"	MOVEM	1,P1\n"            /* MOVEM */
	"P1:	MOVEI	2,1\n"             /* becomes MOVEI 2,2 */
	"	AOS	P2\n"              /* AOS (the fast path) */
	"P2:	MOVEI	3,1\n"             /* becomes MOVEI 3,2 */
	"	AOS	6,P3\n"            /* AOS with an AC */
	"P3:	MOVEI	4,1\n"             /* becomes MOVEI 4,2 */
	"	MOVEI	1,2\n"
	"	DPB	1,[POINT 18,P4,35]\n" /* Y of P4 := 2 */
	"P4:	MOVEI	5,1\n"             /* becomes MOVEI 5,2 */
	"	MOVE	7,[XWD NEWI2,P5]\n"
	"	BLT	7,P5\n"            /* BLT of one word */
	"P5:	MOVEI	10,1\n"            /* becomes MOVEI 10,2 */
	"	MOVE	11,NEWI3\n"
	"	XCT	[MOVEM 11,P6]\n"   /* a store by XCT */
	"P6:	MOVEI	12,1\n"            /* becomes MOVEI 12,2 */
	"	HALT	.\n"
	"NEWI:	MOVEI	2,2\n"
	"NEWI2:	MOVEI	10,2\n"
	"NEWI3:	MOVEI	12,2\n"
	"	END	START\n";

Test(engine, patch_of_the_next_instruction_takes_effect)
{
	struct bt *bt;
	struct cpu *c = both(patch_next, NULL, 0, &bt);
	H_EQ(c->mem[2], 2);
	H_EQ(c->mem[3], 2);
	H_EQ(c->mem[4], 2);
	H_EQ(c->mem[6], 0201200000002ULL);   /* AOS 6,: the new word, MOVEI 4,2 */
	H_EQ(c->mem[5], 2);
	H_EQ(c->mem[010], 2);
	H_EQ(c->mem[012], 2);
	/* Each store but the last kills the running block (five); XCT ends its
	 * block, so P6 had not been translated when the XCT stored into it. */
	cr_expect_eq(tc_stats(bt->tc)->invalidations, 5, "%lu invalidations",
		     (unsigned long)tc_stats(bt->tc)->invalidations);
	h_free(c);
}

/* The same, hot: a loop whose AOS raises the Y of its next instruction. */
static const char patch_next_loop[] =
	"	LOC	1000\n"
	"START:	MOVEI	5,12\n"
	"	SETZ	1,\n"
	"L:	AOS	.+1\n"
	"	ADDI	1,0\n"             /* adds 1, 2, ... 10 */
	"	SOJG	5,L\n"
	"	HALT	.\n"
	"	END	START\n";

Test(engine, patch_next_in_a_loop)
{
	struct cpu *c = both(patch_next_loop, NULL, 0, NULL);
	H_EQ(c->mem[1], 55);
	H_EQ(c->mem[01003], 0271040000012ULL);
	h_free(c);
}

/* A loop calling three JSR routines: JSR stores its return word just before
 * the routine, which must not throw the routine's translation away. */
static const char jsr_loop[] =
	"	LOC	1000\n"
	"START:	MOVEI	5,23420\n"          /* 10000 iterations */
	"LOOP:	JSR	S1\n"
	"	JSR	S2\n"
	"	JSR	S3\n"
	"	SOJG	5,LOOP\n"
	"	HALT	.\n"
	"S1:	0\n"
	"	ADDI	1,1\n"
	"	JRST	@S1\n"
	"S2:	0\n"
	"	ADDI	2,2\n"
	"	JRST	@S2\n"
	"S3:	0\n"
	"	ADDI	3,3\n"
	"	JRST	@S3\n"
	"	END	START\n";

Test(engine, jsr_heavy_guest_keeps_its_translations)
{
	struct bt *bt;
	struct cpu *c = both(jsr_loop, NULL, 0, &bt);
	H_EQ(c->mem[1], 10000);
	H_EQ(c->mem[2], 20000);
	H_EQ(c->mem[3], 30000);
	const struct tc_stats *s = tc_stats(bt->tc);
	cr_expect_eq(s->invalidations, 0, "JSR invalidated %lu blocks", (unsigned long)s->invalidations);
	uint64_t entries = s->lookups + s->chains;
	double hit = entries ? (double)(entries - s->misses) / (double)entries : 0;
	cr_expect(hit > 0.99, "hit rate %.4f (lookups %lu, chains %lu, misses %lu)", hit,
		  (unsigned long)s->lookups, (unsigned long)s->chains, (unsigned long)s->misses);
	cr_expect(s->translations <= 12, "%lu translations", (unsigned long)s->translations);
	h_free(c);
}

/* A loop in the accumulators: run by the interpreter, never translated. */
static const char ac_loop[] =
	"	LOC	1000\n"
	"START:	MOVE	10,[ADDI 1,1]\n"
	"	MOVE	11,[SOJG 2,10]\n"
	"	MOVE	12,[JRST BACK]\n"
	"	MOVEI	2,1750\n"            /* 1000 */
	"	JRST	10\n"
	"BACK:	HALT	.\n"
	"	END	START\n";

Test(engine, code_in_the_accumulators_is_not_translated)
{
	struct bt *bt;
	struct cpu *c = both(ac_loop, NULL, 0, &bt);
	H_EQ(c->mem[1], 1000);
	const struct tc_stats *s = tc_stats(bt->tc);
	cr_expect_eq(s->translations, 2, "%lu translations: START and BACK only", (unsigned long)s->translations);
	cr_expect_eq(bt->interp_insns, 2001, "interp took %lu instructions", (unsigned long)bt->interp_insns);
	const uint8_t *map = tc_codemap(bt->tc);
	for (addr a = 0; a < 020; a++)
		cr_expect(!map[a], "AC %o is in the code map", a);
	h_free(c);
}

/* A hot loop chains to itself: one dispatcher entry, not one per iteration. */
static const char hot_loop[] =
	"	LOC	1000\n"
	"START:	MOVE	5,[303240]\n"        /* 100000 iterations */
	"L:	ADDI	1,3\n"
	"	MOVEM	1,X\n"
	"	AOS	Y\n"
	"	SOJG	5,L\n"
	"	HALT	.\n"
	"X:	0\n"
	"Y:	0\n"
	"	END	START\n";

Test(engine, hot_loop_chains)
{
	struct bt *bt;
	struct h_opts o = { .clock = 10000000, .max_insns = 10000000 };
	struct cpu *c = both(hot_loop, &o, 0, &bt);
	H_EQ(c->mem[1], 300000);
	const struct tc_stats *s = tc_stats(bt->tc);
	/* START's block runs iteration 1; the dispatcher enters L for iteration 2,
	 * which chains to itself for the other 99998; then HALT's block. */
	cr_expect_eq(s->chains, 99998, "%lu chains", (unsigned long)s->chains);
	cr_expect_eq(s->lookups, 3, "%lu lookups", (unsigned long)s->lookups);
	cr_expect_eq(s->translations, 3);
	cr_expect_eq(s->invalidations, 0);
	h_free(c);

	/* With the clock ticking every 5000 instructions, each tick costs a few
	 * dispatcher entries and no more. */
	struct h_opts t = { .max_insns = 10000000 };
	c = both(hot_loop, &t, 0, &bt);
	s = tc_stats(bt->tc);
	uint64_t ticks = c->cycles / CLOCK_DEFAULT;
	cr_expect(s->chains >= 100000 - 6 * ticks - 10, "%lu chains, %lu ticks", (unsigned long)s->chains,
		  (unsigned long)ticks);
	cr_expect(s->lookups <= 6 * ticks + 10, "%lu lookups, %lu ticks", (unsigned long)s->lookups,
		  (unsigned long)ticks);
	h_free(c);
}

/* Many blocks in a loop, with subroutines, self-modification and interrupts:
 * a tiny cache flushes again and again, and changes nothing the guest sees. */
static const char many_blocks[] =
	"	LOC	41\n"
	"	JSR	UUOH\n"
	"	LOC	50\n"                 /* level 4: the clock */
	"	JSR	CLKH\n"
	"	LOC	1000\n"
	"START:	MOVE	17,[XWD -40,STACK-1]\n"
	"	CONO	4,2210\n"           /* PI on, level 4 enabled */
	"	CONO	0,2004\n"           /* clock on level 4 */
	"	MOVEI	5,764\n"            /* 500 iterations */
	"LOOP:	PUSHJ	17,SUB1\n"
	"	JSR	SUB2\n"
	"	TRNE	5,1\n"
	"	AOS	ODD\n"
	"	CAIG	5,310\n"
	"	JRST	L2\n"
	"	ADDM	5,SUM\n"
	"	JRST	L3\n"
	"L2:	MOVE	1,SUM\n"
	"	IMULI	1,3\n"
	"	MOVEM	1,PROD\n"
	"L3:	AOS	PATCH\n"
	"PATCH:	ADDI	2,0\n"
	"	LUUO01	5\n"
	"	SKIPE	FLAG\n"
	"	SETZM	FLAG\n"
	"	SOJG	5,LOOP\n"
	"	CONO	4,10400\n"          /* PI off */
	"	HALT	.\n"
	"SUB1:	ADDI	3,1\n"
	"	CAIL	3,100\n"
	"	SETZ	3,\n"
	"	POPJ	17,\n"
	"SUB2:	0\n"
	"	MOVE	4,5\n"
	"	LSH	4,2\n"
	"	XOR	4,SUM\n"
	"	JRST	@SUB2\n"
	"UUOH:	0\n"
	"	AOS	UUOS\n"
	"	JRST	@UUOH\n"
	"CLKH:	0\n"
	"	CONO	0,1004\n"           /* clear the clock flag */
	"	AOS	TICKS\n"
	"	SETOM	FLAG\n"
	"	JEN	@CLKH\n"
	"SUM:	0\n"
	"PROD:	0\n"
	"ODD:	0\n"
	"UUOS:	0\n"
	"TICKS:	0\n"
	"FLAG:	0\n"
	"STACK:	BLOCK	40\n"
	"	END	START\n";

Test(engine, tiny_cache_flushes_and_agrees)
{
	struct h_opts o = { .clock = 97 };
	size_t sizes[] = { 4096, 8192, 1u << 20 };
	for (unsigned i = 0; i < 3; i++) {
		struct bt *bt;
		struct cpu *c = both(many_blocks, &o, sizes[i], &bt);
		const struct tc_stats *s = tc_stats(bt->tc);
		if (sizes[i] < 16384)
			cr_expect(s->flushes > 10, "cache %zu: %lu flushes", sizes[i], (unsigned long)s->flushes);
		else
			cr_expect_eq(s->flushes, 0);
		cr_expect(c->n_interrupts > 50, "%lu interrupts", (unsigned long)c->n_interrupts);
		cr_expect_eq(c->n_uuo, 500);
		h_free(c);
	}
}

/* An indirect chain longer than EA_FREE_LEVELS costs cycles: the rest of its
 * block must not run past an event (here the budget) that those cycles made
 * due.  Every budget stops both engines in the same state. */
Test(engine, chain_stalls_end_the_block_at_the_event)
{
	char src[8192];
	int n = snprintf(src, sizeof src, "\tLOC 1000\nSTART:\tMOVE 1,@C\n\tADDI 2,1\n\tADDI 2,1\n"
			 "\tADDI 2,1\n\tADDI 2,1\n\tJRST START\nC:\n");
	for (int i = 0; i < 70; i++)
		n += snprintf(src + n, sizeof src - (size_t)n, "\tXWD 20,.+1\n");
	snprintf(src + n, sizeof src - (size_t)n, "\tXWD 0,D\nD:\t5\n\tEND START\n");
	for (uint64_t budget = 1; budget <= 40; budget++) {
		struct h_opts o = { .max_insns = budget };
		enum stop si, sb;
		struct cpu *a = h_run(src, &o, &si);
		struct cpu *b = h_run_bt(src, &o, &sb, 0, NULL);
		cr_expect_eq(si, STOP_BUDGET);
		cr_expect_eq(sb, si);
		cr_expect_eq(a->stalls, b->stalls, "budget %lu", (unsigned long)budget);
		cr_expect_eq(a->mem[2], b->mem[2], "budget %lu: AC2 %llo / %llo", (unsigned long)budget,
			     (unsigned long long)a->mem[2], (unsigned long long)b->mem[2]);
		same_as_interp(a, b);
		cpu_free(a);
		h_free(b);
	}
}

/* A loop whose exit test is a skip over a JRST, the PDP-10's conditional
 * branch: the block goes on past the JRST (a side exit), so the loop is one
 * block chained to itself, and the instruction count leaves out the JRST each
 * time it is skipped.  Halfway, the loop rewrites the JRST's Y (so the exit
 * goes elsewhere): the block must be retranslated and the new exit taken. */
static const char skip_jrst_loop[] =
	"	LOC	1000\n"
	"START:	MOVEI	5,0\n"
	"	MOVE	6,[JRST OUT2]\n"
	"L:	CAIL	5,1750\n"           /* 1000 passes, then out */
	"BR:	JRST	OUT1\n"
	"	ADDI	1,(5)\n"
	"	CAIN	5,764\n"            /* at pass 500: the exit moves */
	"	MOVEM	6,BR\n"
	"	AOJA	5,L\n"
	"OUT1:	HALT	.\n"
	"OUT2:	MOVEI	7,1\n"
	"	HALT	.\n"
	"	END	START\n";

Test(engine, skip_over_a_jrst_goes_on_in_the_block)
{
	struct bt *bt;
	struct h_opts o = { .clock = 10000000 };
	struct cpu *c = both(skip_jrst_loop, &o, 0, &bt);
	H_EQ(c->mem[1], 999 * 1000 / 2);       /* 0 + 1 + ... + 999 */
	H_EQ(c->mem[7], 1);                      /* left by the new exit */
	H_EQ(c->pc, 01012);
	const struct tc_stats *s = tc_stats(bt->tc);
	/* L's block (CAIL, JRST, ADDI, CAIN) and AOJA's chain to each other for
	 * 1000 passes; the dispatcher sees only the first entries and the new
	 * translation.  The store into BR kills L's block and START's, which
	 * also went on past BR. */
	cr_expect(s->lookups < 20, "%lu lookups", (unsigned long)s->lookups);
	cr_expect_eq(s->invalidations, 2, "%lu invalidations", (unsigned long)s->invalidations);
	/* Two chained entries a pass (L's block, AOJA's); a block ending at the
	 * CAIL would make it three. */
	cr_expect(s->chains > 1900 && s->chains < 2100, "%lu chains", (unsigned long)s->chains);
	h_free(c);
}
