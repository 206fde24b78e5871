/* cache.h — the code cache: translated blocks, keyed by everything that gives them their meaning. */
#ifndef TENVM_CACHE_H
#define TENVM_CACHE_H

#include <stddef.h>
#include <stdint.h>
#include "word.h"

#define TC_WORDS 01000000u   /* real words a code map covers: all an 18-bit address reaches */

/*
 * A block is found by its key: the guest address of its first instruction,
 * the mode it was translated for, the relocation and protection it saw (the
 * DATAO APR word, user mode only), and the translation policy.  Two keys that
 * differ anywhere name different blocks.
 */
struct tc_key {
	addr     pc;
	uint32_t user;      /* 1: user mode, relocated by apr; 3: user mode with the VM assist's VMX */
	word     apr;       /* user mode: the DATAO APR word; 0 in exec mode */
	uint32_t policy;    /* the translation policy's id */
	uint32_t pad;       /* zero: keys are hashed and compared as bytes */
};

/* A translated block.  The engine owns code[]; the cache owns the rest. */
struct tc_block {
	struct tc_key    key;
	addr             pa_lo, pa_hi;  /* real words it was translated from (inclusive) */
	uint32_t         n;             /* guest instructions in it */
	int              valid;         /* cleared by invalidation; memory lives until a flush */
	uint32_t         alt;           /* the engine's: nonzero if code[] is its alternative backend's */
	struct tc_block *succ[2];       /* chained successors (the engine's to set) */
	addr             succ_pc[2];
	struct tc_block *hnext;         /* hash chain */
	struct tc_block *pnext[2];      /* lists of blocks touching a page of real memory */
	_Alignas(16) unsigned char code[];
};

struct tc_stats {
	uint64_t lookups, front_hits, hash_hits, misses;
	uint64_t translations, insns_translated;
	uint64_t invalidations, flushes;
	uint64_t chains;                /* counted by the engine */
	size_t   bytes_used, bytes_capacity;
};

struct tc;

/* A cache holding at most `capacity` bytes of blocks; NULL if out of memory. */
struct tc *tc_new(size_t capacity);
void tc_free(struct tc *tc);

/* The valid block with this key, or NULL.  Counts a lookup and a front-cache
 * hit, hash hit or miss. */
struct tc_block *tc_lookup(struct tc *tc, const struct tc_key *key);
/* The block for key if the front cache has it (counted as a lookup that hit
 * there), else NULL with nothing counted: the caller goes on to tc_lookup. */
struct tc_block *tc_probe(struct tc *tc, const struct tc_key *key);

/* Room for a new block with `code_bytes` of engine code.  When the cache is
 * full it is flushed first (every block is gone: check tc_epoch).  Returns NULL
 * only if one block alone exceeds the capacity.  The block is not findable
 * until tc_commit. */
struct tc_block *tc_alloc(struct tc *tc, const struct tc_key *key, size_t code_bytes);

/* Make a filled-in block findable, covering real words pa_lo..pa_hi (at most
 * two 64-word pages apart) translated from n instructions. */
void tc_commit(struct tc *tc, struct tc_block *b, addr pa_lo, addr pa_hi, uint32_t n);

/* A store hit real word pa: invalidate exactly the blocks translated from it.
 * Returns how many were invalidated. */
unsigned tc_invalidate(struct tc *tc, addr pa);
/* tc_invalidate, calling dead(ctx, b) for each block it invalidates (after
 * clearing b->valid; b's fields stay readable until a flush). */
unsigned tc_invalidate_each(struct tc *tc, addr pa, void (*dead)(void *ctx, const struct tc_block *b), void *ctx);

/* Drop every block. */
void tc_flush(struct tc *tc);

/* Nonzero for each real word that a valid block may have been translated from
 * (TC_WORDS bytes; conservative: a word may stay marked after its blocks die). */
const uint8_t *tc_codemap(const struct tc *tc);

/* Counts every flush; a block pointer from an earlier epoch is dead. */
uint64_t tc_epoch(const struct tc *tc);

struct tc_stats *tc_stats(struct tc *tc);

#endif
