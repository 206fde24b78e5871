/* adapt.c — per-block backend choice: code rewritten soon after every translation goes to the cheap backend.
 *
 * A native translation costs 15-20 microseconds of encoding, which only pays
 * once the block has run some tens of thousands of instructions; a block that
 * a store kills sooner, again and again (self-modifying code), pays it for
 * nothing every time.  A small side table, keyed by the real address of a
 * block's first word and untouched by invalidations and flushes, counts for
 * each such address the invalidations in a row that came less than
 * TR_ADAPT_QUICK cycles after its translation.  From TR_ADAPT_AFTER of them
 * on the address is translated by the engine's alternative backend
 * (threaded, whose translation costs a fraction of a microsecond).  It goes
 * back to native when the code settles: one invalidation that comes later
 * sets the count back to zero, and so does an address not translated again
 * for TR_ADAPT_QUICK cycles (its threaded block, if any, has lived that long
 * unwritten: the dispatcher, at its next event, invalidates it so that it is
 * translated natively when it next runs).  The table is direct-mapped: an
 * address that loses its slot to another starts counting anew (at worst it
 * is translated natively, as without the table: a threaded block of an
 * address that lost its slot is invalidated at the next look).
 */
#include <stdlib.h>
#include "tr.h"

#define FALLEN_MAX 64u        /* addresses watched for settling (more stay threaded until rewritten late) */

struct tr_adapt_slot {
	addr     tag;         /* the block's first real word plus 1; 0: unused */
	uint16_t quick;       /* quick invalidations in a row (saturating) */
	uint16_t listed;      /* in fallen[] */
	uint64_t born;        /* the cycle count at its last translation */
};

struct tr_adapt {
	struct tr_adapt_slot slot[TR_ADAPT_SLOTS];
	struct { uint32_t slot; addr tag; } fallen[FALLEN_MAX];   /* addresses that fell back, to watch */
	unsigned             nfallen;
	uint64_t             settle_at;              /* the next look at them */
	uint32_t             window, after;          /* TR_ADAPT_QUICK, TR_ADAPT_AFTER unless tuned */
};

int tr_adapt_init(struct bt *bt, const struct tr_backend *alt)
{
	struct tr_adapt *t = calloc(1, sizeof *t);
	if (!t)
		return -1;
	t->window = TR_ADAPT_QUICK;
	t->after = TR_ADAPT_AFTER;
	bt->adapt = t;
	bt->alt = alt;
	return 0;
}

void tr_adapt_fini(struct bt *bt)
{
	free(bt->adapt);
	bt->adapt = NULL;
	bt->alt = NULL;
}

void tr_adapt_tune(struct bt *bt, uint32_t window, uint32_t after)
{
	if (bt->adapt) {
		bt->adapt->window = window;
		bt->adapt->after = after;
	}
}

static uint32_t slot_of(addr pa) { return (pa ^ pa >> 12) & (TR_ADAPT_SLOTS - 1); }

int tr_adapt_pick(struct bt *bt, uint64_t now, addr pa_lo)
{
	struct tr_adapt *t = bt->adapt;
	uint32_t i = slot_of(pa_lo);
	struct tr_adapt_slot *s = &t->slot[i];
	if (s->tag != pa_lo + 1)
		*s = (struct tr_adapt_slot){ .tag = pa_lo + 1 };
	s->born = now;
	if (s->quick < t->after)
		return 0;
	if (!s->listed && t->nfallen < FALLEN_MAX) {
		s->listed = 1;
		t->fallen[t->nfallen].slot = i;
		t->fallen[t->nfallen++].tag = s->tag;
	}
	return 1;
}

void tr_adapt_dead(struct bt *bt, uint64_t now, const struct tc_block *b)
{
	struct tr_adapt_slot *s = &bt->adapt->slot[slot_of(b->pa_lo)];
	if (s->tag != b->pa_lo + 1)
		return;
	if (now - s->born < bt->adapt->window)
		s->quick += s->quick < UINT16_MAX;
	else
		s->quick = 0;
}

void tr_adapt_settle(struct bt *bt, uint64_t now)
{
	struct tr_adapt *t = bt->adapt;
	if (!t->nfallen || now < t->settle_at)
		return;
	t->settle_at = now + t->window;
	for (unsigned k = 0; k < t->nfallen;) {
		struct tr_adapt_slot *s = &t->slot[t->fallen[k].slot];
		if (s->tag != t->fallen[k].tag) {
			/* Its slot went to another address: native from its next translation. */
			tc_invalidate(bt->tc, t->fallen[k].tag - 1);
			bt->alt_settled++;
			t->fallen[k] = t->fallen[--t->nfallen];
			continue;
		}
		if (s->listed && s->quick >= t->after) {
			if (now - s->born < t->window) {
				k++;            /* still being rewritten and translated */
				continue;
			}
			s->quick = 0;       /* settled: native from its next translation */
			tc_invalidate(bt->tc, s->tag - 1);
			bt->alt_settled++;
		}
		s->listed = 0;
		t->fallen[k] = t->fallen[--t->nfallen];
	}
}
