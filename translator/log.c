/* log.c — looking inside bt: each translated block (--log blocks[,host]) and the hottest ones (--profile N). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "disasm.h"
#include "tr.h"

unsigned tr_log_what;
unsigned tr_profile_n;

int tr_log_parse(const char *v)
{
	unsigned what = 0;
	char buf[64];
	snprintf(buf, sizeof buf, "%s", v);
	for (char *save = NULL, *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		if (!strcmp(t, "blocks"))
			what |= TR_LOG_BLOCKS;
		else if (!strcmp(t, "host"))
			what |= TR_LOG_BLOCKS | TR_LOG_HOST;
		else
			return -1;
	}
	tr_log_what = what;
	return what ? 0 : -1;
}

void tr_log_block(FILE *f, const struct bt *bt, const struct tr_block *d, const struct tc_block *b, double usecs)
{
	const struct tr_backend *be = tr_block_backend(bt, b);
	fprintf(f, "block %06o%s apr %012llo policy %s backend %s%s: %u instructions, %.1f us\n",
		d->key.pc, d->key.user ? " user" : " exec", (unsigned long long)d->key.apr,
		bt->policy->name, be->name, b->alt ? " (rewritten often)" : "", d->n, usecs);
	for (unsigned i = 0; i < d->n; i++) {
		const struct tr_insn *in = &d->in[i];
		char text[64];
		disasm(in->ir, text, sizeof text);
		const char *what = in->act == TR_CALLOUT ? (in->goes_on ? "callout, goes on" : "callout")
				 : in->side_exit ? "direct, side exit" : "direct";
		fprintf(f, "  %06o  %012llo  %-24s %s\n", in->pc, (unsigned long long)in->ir, text, what);
	}
	if ((tr_log_what & TR_LOG_HOST) && be->dump)
		be->dump(f, b);
}

/* ---- --profile: entries per block key, kept across flushes ---- */

struct tr_prof {
	struct tc_key   key;
	uint32_t        n;
	uint64_t        count;
	struct tr_prof *next;
};
#define PROF_BUCKETS 4096u

uint64_t *tr_profile_slot(struct bt *bt, const struct tc_key *key, unsigned n)
{
	if (!bt->prof && !(bt->prof = calloc(PROF_BUCKETS, sizeof(struct tr_prof *))))
		return NULL;
	struct tr_prof **hp = &bt->prof[(key->pc ^ key->user * 0x9e37u ^ (unsigned)key->apr) % PROF_BUCKETS];
	for (struct tr_prof *p = *hp; p; p = p->next)
		if (!memcmp(&p->key, key, sizeof *key)) {
			p->n = n;
			return &p->count;
		}
	struct tr_prof *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	p->key = *key;
	p->n = n;
	p->next = *hp;
	*hp = p;
	return &p->count;
}

static int by_insns(const void *a, const void *b)
{
	const struct tr_prof *x = *(struct tr_prof *const *)a, *y = *(struct tr_prof *const *)b;
	uint64_t u = x->count * x->n, v = y->count * y->n;
	return u < v ? 1 : u > v ? -1 : (x->key.pc > y->key.pc) - (x->key.pc < y->key.pc);
}

void tr_profile_print(FILE *f, struct bt *bt, uint64_t insns)
{
	if (!bt->prof)
		return;
	size_t n = 0, k = 0;
	for (unsigned i = 0; i < PROF_BUCKETS; i++)
		for (struct tr_prof *p = bt->prof[i]; p; p = p->next)
			n++;
	struct tr_prof **v = malloc((n ? n : 1) * sizeof *v);
	if (v) {
		for (unsigned i = 0; i < PROF_BUCKETS; i++)
			for (struct tr_prof *p = bt->prof[i]; p; p = p->next)
				v[k++] = p;
		qsort(v, n, sizeof *v, by_insns);
		fprintf(f, "profile: the %u hottest of %zu blocks (entries x length; the share is of %llu guest instructions)\n",
			tr_profile_n < n ? tr_profile_n : (unsigned)n, n, (unsigned long long)insns);
		for (size_t i = 0; i < n && i < tr_profile_n; i++)
			fprintf(f, "  %06o%s  %2u insns  %12llu entries  %6.2f%%\n", v[i]->key.pc,
				v[i]->key.user ? " user" : " exec", v[i]->n, (unsigned long long)v[i]->count,
				insns ? 100.0 * (double)(v[i]->count * v[i]->n) / (double)insns : 0.0);
		free(v);
	}
	for (unsigned i = 0; i < PROF_BUCKETS; i++)
		for (struct tr_prof *p = bt->prof[i], *q; p; p = q) {
			q = p->next;
			free(p);
		}
	free(bt->prof);
	bt->prof = NULL;
}

void tr_stats_print(FILE *f, const struct bt *bt)
{
	const struct tc_stats *t = tc_stats(bt->tc);
	fprintf(f, "backend:         %s\n", bt->backend->name);
	if (bt->alt)
		fprintf(f, "fallback:        %" PRIu64 " blocks by %s (code rewritten soon after translation); "
			"%" PRIu64 " addresses settled back\n", bt->alt_blocks, bt->alt->name, bt->alt_settled);
	if (t->translations)
		fprintf(f, "translation:     %.2f us per block\n", bt->emit_us / (double)t->translations);
	if (bt->host_bytes && t->insns_translated)
		fprintf(f, "host code:       %.1f bytes per guest instruction\n",
			(double)bt->host_bytes / (double)t->insns_translated);
}
