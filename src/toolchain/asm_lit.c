/* asm_lit.c — the assembler's literals: collected in source order, identical ones shared, placed at LIT and END. */
#include <stdlib.h>
#include <string.h>
#include "asm_impl.h"

/* [statements]: the value is the literal's address.  Literals are numbered in
 * source order; pass 1 records their words, pass 2 their final words, and the
 * next LIT or END places them (see as_lit_dump). */
int as_literal(struct as *s, struct val *v)
{
	struct pos at = as_here(s);
	struct wbuf b = { 0 };
	*v = (struct val){ 0, V_UNDEF };
	as_adv(s);
	if (!as_lit_body(s, &b, at)) {
		free(b.w);
		return 0;
	}
	if (b.n == 0)
		as_wpush(s, &b, 0, 0);     /* [] is one zero word */
	size_t i = s->nlit++;
	if (s->pass == 1) {
		struct lit *n = as_grow(s, s->lits, &s->caplits, i + 1, sizeof *s->lits);
		if (!n) {
			free(b.w);
			return 0;
		}
		s->lits = n;
		s->lits[i] = (struct lit){ b.w, b.n, 0, !b.undef, -1 };
		s->nlits = i + 1;
		v->f = V_UNDEF | V_FWD;
		return 1;
	}
	if (i >= s->nlits || s->lits[i].n != b.n) {
		as_err(s, at, "phase error: literal changed size between passes");
		free(b.w);
		return 1;
	}
	free(s->lits[i].w);
	s->lits[i].w = b.w;
	*v = (struct val){ s->lits[i].at, V_FWD };
	return 1;
}

/* A hash of a literal's words. */
static uint64_t lit_hash(const struct lit *l)
{
	uint64_t h = 0x9e3779b97f4a7c15u ^ l->n;
	for (size_t k = 0; k < l->n; k++) {
		h ^= l->w[k];
		h *= 0xbf58476d1ce4e5b9u;
		h ^= h >> 31;
	}
	return h;
}

/* Pass 1: for each literal of the pool from..to-1 whose words were all
 * known, the first identical one before it, if any, is the one it shares
 * (its `shared`); a hash table of the words makes that linear.  Out of
 * memory, it shares nothing (as_grow has reported it and stopped). */
static void lit_share(struct as *s, size_t from, size_t to)
{
	size_t n = to - from, cap = 16;
	while (cap < 2 * n)
		cap *= 2;
	size_t got = 0;
	size_t *tab = as_grow(s, NULL, &got, cap, sizeof *tab);   /* index + 1 of a first literal, or 0 */
	if (!tab)
		return;
	memset(tab, 0, cap * sizeof *tab);
	for (size_t i = from; i < to; i++) {
		struct lit *l = &s->lits[i];
		if (!l->known)
			continue;
		for (size_t h = lit_hash(l) & (cap - 1);; h = (h + 1) & (cap - 1)) {
			if (!tab[h]) {
				tab[h] = i + 1;
				break;
			}
			const struct lit *m = &s->lits[tab[h] - 1];
			if (m->n == l->n && !memcmp(m->w, l->w, l->n * sizeof *l->w)) {
				l->shared = (long)(tab[h] - 1);
				break;
			}
		}
	}
	free(tab);
}

/* Place the literals met since the last LIT at the location counter.  Pass 1
 * gives each its address, sharing one copy among identical literals whose
 * words were all known then; pass 2 writes the words to those addresses. */
void as_lit_dump(struct as *s, struct pos at)
{
	size_t to = s->nlit < s->nlits ? s->nlit : s->nlits;
	if (s->pass == 1) {
		for (size_t i = s->pool; i < to; i++)
			s->lits[i].shared = -1;
		if (s->pool < to)
			lit_share(s, s->pool, to);
	}
	for (size_t i = s->pool; i < to; i++) {
		struct lit *l = &s->lits[i];
		if (s->pass == 1) {
			if (l->shared >= 0) {
				l->at = s->lits[l->shared].at;
				continue;
			}
			l->at = s->loc & RH_MASK;
		} else if (l->shared >= 0) {
			if (memcmp(s->lits[l->shared].w, l->w, l->n * sizeof *l->w))
				as_err(s, at, "phase error: a shared literal changed between passes");
			continue;
		} else if (l->at != (s->loc & RH_MASK)) {
			as_err(s, at, "phase error: literals moved between passes");
		}
		for (size_t k = 0; k < l->n; k++)
			as_emit(s, l->w[k], 0);
	}
	s->pool = s->nlit;
}
