/* gen.h — random machine images for the differential fuzzers (bt_fuzz, vmm_fuzz). */
#ifndef TENVM_GEN_H
#define TENVM_GEN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "word.h"

/*
 * A case is one random machine image (memory, start PC, budget, clock period,
 * memory size, cache size, TTY input), built from its seed by generate(): exec code
 * with user-mode excursions, UUOs, interrupts, relocation, self-modifying code,
 * endless indirect and XCT chains, faults.
 *
 * Virtual layout of a case (exec: real; user: relocated by RL):
 *   0-17 ACs, 40/41 LUUO (user), 700 the user LUUO handler,
 *   1000.. the program, 2000.. subroutines, 2400.. data, 2700.. literals,
 *   3000.. stack, 3100.. an indirect chain and endless loops,
 *   400000.. a few words of high segment (user cases with one).
 * Exec real: 40/41 UUO, 42-57 interrupt locations, 60/61 unassigned ops,
 *   100.. handlers, 400.. the prologue that sets up PI, APR, TTY and the mode.
 */

struct rng { uint64_t s; };
/* splitmix64 */
static inline uint64_t rnext(struct rng *r)
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* A case: everything needed to run it again identically. */
struct tcase {
	unsigned id;
	uint64_t seed;
	unsigned mem_kwords;
	uint64_t max_insns, clock;
	size_t   cache;
	int      user, pi;
	int      vmx;          /* set before generate(): the machine has the VM assist, and the
				* program's entries into user mode may set VMX (--vmx) */
	unsigned tty_in;       /* bytes of TTY input (0: none) */
	addr     start;
	word    *img;          /* MEM_MAX_WORDS real words */
	uint8_t *set;          /* words the generator wrote (for the listing) */
	addr     code_hi;      /* program words: CODE..code_hi-1 (virtual) */
	addr     lo_rel, lo_lim, hi_rel, hi_lim;
};

/* Build case t (id and seed set) into img (MEM_MAX_WORDS words) and set
 * (MEM_MAX_WORDS bytes: which words the generator wrote). */
void generate(struct tcase *t, word *img, uint8_t *set);
/* Case k of a run with the fuzzer's seed: its own seed derived from both. */
static inline struct tcase gen_case(unsigned k, uint64_t seed)
{
	struct rng r = { seed ^ (0xA0761D6478BD642FULL * (k + 1)) };
	return (struct tcase){ .id = k, .seed = rnext(&r) };
}
/* The case's TTY input: t->tty_in (< 256) bytes into buf. */
void gen_tty_input(const struct tcase *t, char *buf);

#endif
