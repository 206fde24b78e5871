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
 * (threaded, whose translation costs a fraction of a microsecond); one
 * invalidation that comes later sets the count back to zero, so code that has
 * settled down is translated natively again.  The table is direct-mapped: an
 * address that loses its slot to another starts counting anew (at worst it
 * is translated natively, as without the table).
 */
#include <stdlib.h>
#include "tr.h"

struct tr_adapt {
	addr     pa;          /* the block's first real word; TC_WORDS: unused */
	uint32_t quick;       /* quick invalidations in a row */
	uint64_t born;        /* the cycle count at its last translation */
};

int tr_adapt_init(struct bt *bt, const struct tr_backend *alt)
{
	bt->adapt = malloc(TR_ADAPT_SLOTS * sizeof *bt->adapt);
	if (!bt->adapt)
		return -1;
	for (unsigned i = 0; i < TR_ADAPT_SLOTS; i++)
		bt->adapt[i] = (struct tr_adapt){ .pa = TC_WORDS };
	bt->alt = alt;
	return 0;
}

void tr_adapt_fini(struct bt *bt)
{
	free(bt->adapt);
	bt->adapt = NULL;
	bt->alt = NULL;
}

static struct tr_adapt *slot(struct bt *bt, addr pa)
{
	return &bt->adapt[(pa ^ pa >> 12) & (TR_ADAPT_SLOTS - 1)];
}

int tr_adapt_pick(struct bt *bt, uint64_t now, addr pa_lo)
{
	if (!bt->alt)
		return 0;
	struct tr_adapt *s = slot(bt, pa_lo);
	if (s->pa != pa_lo)
		*s = (struct tr_adapt){ .pa = pa_lo };
	s->born = now;
	return s->quick >= TR_ADAPT_AFTER;
}

void tr_adapt_dead(struct bt *bt, uint64_t now, const struct tc_block *b)
{
	if (!bt->alt)
		return;
	struct tr_adapt *s = slot(bt, b->pa_lo);
	if (s->pa != b->pa_lo)
		return;
	if (now - s->born < TR_ADAPT_QUICK)
		s->quick += s->quick < UINT32_MAX;
	else
		s->quick = 0;
}
