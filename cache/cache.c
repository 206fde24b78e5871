/* cache.c — the code cache: an arena of blocks, an XXH3-hashed table, a front cache, page lists. */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <xxhash.h>
#include "cache.h"

#define FRONT_SIZE 1024u          /* direct-mapped front cache entries */
#define PAGE_SHIFT 6              /* 64-word pages for invalidation lists */
#define NPAGES     (TC_WORDS >> PAGE_SHIFT)

struct tc {
	unsigned char    *arena;
	size_t            used, capacity;
	struct tc_block **hash;
	size_t            hmask;
	struct tc_block  *front[FRONT_SIZE];
	struct tc_block  *pages[NPAGES];
	uint8_t          *codemap;
	uint64_t          epoch;
	struct tc_stats   st;
};

static size_t hash_key(const struct tc *tc, const struct tc_key *k)
{
	return (size_t)XXH3_64bits(k, sizeof *k) & tc->hmask;
}

static unsigned front_index(const struct tc_key *k)
{
	uint64_t h = k->pc ^ (k->apr * 0x9E3779B97F4A7C15ULL >> 40) ^ ((uint64_t)k->user << 9) ^
		     ((uint64_t)k->policy << 7);
	return (unsigned)h & (FRONT_SIZE - 1);
}

static int same_key(const struct tc_key *a, const struct tc_key *b)
{
	return memcmp(a, b, sizeof *a) == 0;
}

struct tc *tc_new(size_t capacity)
{
	struct tc *tc = calloc(1, sizeof *tc);
	if (!tc)
		return NULL;
	size_t buckets = 1024;
	while (buckets < capacity / 512 && buckets < (1u << 20))
		buckets <<= 1;
	tc->hmask = buckets - 1;
	tc->capacity = capacity;
	/* Address space only: pages are committed as blocks fill them, so a
	 * capacity far beyond what a run translates costs nothing, and one the
	 * host cannot map at all fails here. */
	void *arena = capacity ? mmap(NULL, capacity, PROT_READ | PROT_WRITE,
				      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0) : MAP_FAILED;
	tc->arena = arena == MAP_FAILED ? NULL : arena;
	tc->hash = calloc(buckets, sizeof *tc->hash);
	tc->codemap = calloc(TC_WORDS, 1);
	if (!tc->arena || !tc->hash || !tc->codemap) {
		tc_free(tc);
		return NULL;
	}
	tc->st.bytes_capacity = capacity;
	return tc;
}

void tc_free(struct tc *tc)
{
	if (!tc)
		return;
	if (tc->arena)
		munmap(tc->arena, tc->capacity);
	free(tc->hash);
	free(tc->codemap);
	free(tc);
}

struct tc_block *tc_lookup(struct tc *tc, const struct tc_key *key)
{
	tc->st.lookups++;
	unsigned f = front_index(key);
	struct tc_block *b = tc->front[f];
	if (b && b->valid && same_key(&b->key, key)) {
		tc->st.front_hits++;
		return b;
	}
	for (b = tc->hash[hash_key(tc, key)]; b; b = b->hnext)
		if (b->valid && same_key(&b->key, key)) {
			tc->st.hash_hits++;
			tc->front[f] = b;
			return b;
		}
	tc->st.misses++;
	return NULL;
}

struct tc_block *tc_probe(struct tc *tc, const struct tc_key *key)
{
	struct tc_block *b = tc->front[front_index(key)];
	if (!b || !b->valid || !same_key(&b->key, key))
		return NULL;
	tc->st.lookups++;
	tc->st.front_hits++;
	return b;
}

void tc_flush(struct tc *tc)
{
	tc->used = 0;
	memset(tc->hash, 0, (tc->hmask + 1) * sizeof *tc->hash);
	memset(tc->front, 0, sizeof tc->front);
	memset(tc->pages, 0, sizeof tc->pages);
	memset(tc->codemap, 0, TC_WORDS);
	tc->epoch++;
	tc->st.flushes++;
	tc->st.bytes_used = 0;
}

struct tc_block *tc_alloc(struct tc *tc, const struct tc_key *key, size_t code_bytes)
{
	size_t need = (sizeof(struct tc_block) + code_bytes + 15) & ~(size_t)15;
	if (need > tc->capacity)
		return NULL;
	if (tc->used + need > tc->capacity)
		tc_flush(tc);
	struct tc_block *b = (struct tc_block *)(tc->arena + tc->used);
	tc->used += need;
	tc->st.bytes_used = tc->used;
	memset(b, 0, sizeof *b);
	b->key = *key;
	return b;
}

void tc_commit(struct tc *tc, struct tc_block *b, addr pa_lo, addr pa_hi, uint32_t n)
{
	b->pa_lo = pa_lo;
	b->pa_hi = pa_hi;
	b->n = n;
	b->valid = 1;
	size_t h = hash_key(tc, &b->key);
	b->hnext = tc->hash[h];
	tc->hash[h] = b;
	tc->front[front_index(&b->key)] = b;
	unsigned p0 = pa_lo >> PAGE_SHIFT, p1 = pa_hi >> PAGE_SHIFT;
	b->pnext[0] = tc->pages[p0];
	tc->pages[p0] = b;
	if (p1 != p0) {
		b->pnext[1] = tc->pages[p1];
		tc->pages[p1] = b;
	}
	memset(tc->codemap + pa_lo, 1, pa_hi - pa_lo + 1);
	tc->st.translations++;
	tc->st.insns_translated += n;
}

/* Take b out of the hash table and the front cache (page lists drop it as
 * they are walked). */
static void unhash(struct tc *tc, struct tc_block *b)
{
	struct tc_block **pp = &tc->hash[hash_key(tc, &b->key)];
	while (*pp && *pp != b)
		pp = &(*pp)->hnext;
	if (*pp)
		*pp = b->hnext;
	unsigned f = front_index(&b->key);
	if (tc->front[f] == b)
		tc->front[f] = NULL;
}

unsigned tc_invalidate(struct tc *tc, addr pa) { return tc_invalidate_each(tc, pa, NULL, NULL); }

unsigned tc_invalidate_each(struct tc *tc, addr pa, void (*dead)(void *ctx, const struct tc_block *b), void *ctx)
{
	unsigned page = pa >> PAGE_SHIFT, n = 0;
	/* Walk the page's list, unlinking every invalid block (those invalidated
	 * now and before), so a list holds only live blocks and stores into code
	 * cost time in proportion to them, not to all the code ever translated. */
	struct tc_block **pp = &tc->pages[page];
	while (*pp) {
		struct tc_block *b = *pp;
		struct tc_block **next = &b->pnext[(b->pa_lo >> PAGE_SHIFT) == page ? 0 : 1];
		if (b->valid && b->pa_lo <= pa && pa <= b->pa_hi) {
			b->valid = 0;
			unhash(tc, b);
			n++;
			if (dead)
				dead(ctx, b);
		}
		if (b->valid)
			pp = next;
		else
			*pp = *next;
	}
	tc->codemap[pa] = 0;
	tc->st.invalidations += n;
	return n;
}

const uint8_t *tc_codemap(const struct tc *tc) { return tc->codemap; }
uint64_t tc_epoch(const struct tc *tc) { return tc->epoch; }
struct tc_stats *tc_stats(struct tc *tc) { return &tc->st; }
