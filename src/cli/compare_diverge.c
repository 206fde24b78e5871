/* compare_diverge.c — `tenvm compare`'s search for the first instruction after which a mode leaves bare.
 *
 * Runs are deterministic and every machine can be stopped at an exact cycle and
 * resumed (session_run_until), so a bare machine and the mode's machine run side
 * by side from the start and their guest-visible states are compared at
 * checkpoints; at the first checkpoint where they differ, both are run again
 * from the start to the last equal checkpoint and compared at checkpoints 32
 * times finer, and so on down to single instructions.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "compare_impl.h"
#include "disasm.h"
#include "mem.h"
#include "tr.h"

#define CMP_FIRST_CHECKPOINTS 1024u   /* checkpoints over the whole run at first */
#define CMP_REFINE            32u     /* each replay checks this many times more finely */

/* ---- comparing two machines' guest-visible state ---- */

static unsigned cmp_state(struct tap *a, struct tap *b, struct cmp_diff *d)
{
	struct cpu *x = a->s.c, *y = b->s.c;
	memset(d, 0, sizeof *d);
	unsigned w = 0;
	d->pc[0] = x->pc, d->pc[1] = y->pc;
	d->flags[0] = x->flags, d->flags[1] = y->flags;
	d->insns[0] = cpu_insns(x), d->insns[1] = cpu_insns(y);
	d->done[0] = session_done(&a->s), d->done[1] = session_done(&b->s);
	d->stop[0] = a->s.stop, d->stop[1] = b->s.stop;
	if (x->pc != y->pc)
		w |= CMP_PC;
	if (x->flags != y->flags)
		w |= CMP_FLAGS;
	if (d->insns[0] != d->insns[1])
		w |= CMP_TIME;
	if (d->done[0] != d->done[1] || (d->done[0] && d->stop[0] != d->stop[1]))
		w |= CMP_STOP;
	for (unsigned n = 0; n < 16; n++) {
		d->ac[0][n] = x->mem[n], d->ac[1][n] = y->mem[n];
		if (x->mem[n] != y->mem[n])
			d->acs |= 1u << n;
	}
	if (d->acs)
		w |= CMP_ACS;
	addr size = x->memsize < y->memsize ? x->memsize : y->memsize;
	if (x->memsize != y->memsize ||
	    memcmp(x->mem + 16, y->mem + 16, (size - 16) * sizeof(word))) {
		w |= CMP_MEM;
		for (addr i = 16; i < size; i++)
			if (x->mem[i] != y->mem[i]) {
				if (d->nshown < CMP_MEM_SHOWN) {
					d->mem_addr[d->nshown] = i;
					d->mem[0][d->nshown] = x->mem[i];
					d->mem[1][d->nshown] = y->mem[i];
					d->nshown++;
				}
				d->nmem++;
			}
		d->nmem += (x->memsize > size ? x->memsize : y->memsize) - size;
	}
	fflush(a->out);
	fflush(b->out);
	d->tty_len[0] = a->len, d->tty_len[1] = b->len;
	size_t n = a->len < b->len ? a->len : b->len, i = 0;
	while (i < n && a->buf[i] == b->buf[i])
		i++;
	if (i < n || a->len != b->len) {
		w |= CMP_TTY;
		d->tty_at = i;
	}
	d->what = w;
	return w;
}

/* ---- finding the first divergence ---- */

/* Bring the two machines to the same cycle where one ran past a checkpoint
 * (an instruction's chain cycles; an interrupt taken at the checkpoint, after
 * which the bare engines run one more instruction before they stop). */
static void align(struct tap *a, struct tap *b)
{
	for (int k = 0; k < 8; k++) {
		uint64_t x = a->s.c->cycles, y = b->s.c->cycles;
		if (x < y && !session_done(&a->s))
			session_run_until(&a->s, y);
		else if (y < x && !session_done(&b->s))
			session_run_until(&b->s, x);
		else
			return;
	}
}

/*
 * Run bare and mode from the start to cycle lo (where they agree), then compare
 * them every `step` cycles until they differ, both have ended, or hi.  Returns
 * 1 with *plo, *phi the last equal and the first differing checkpoint (and,
 * when step is 1, the instruction in dv), 0 if both ended with no difference,
 * 2 if hi came first, or -status.
 */
static int scan(const struct session_opts *o, const struct image *img, const char *file,
		const struct cmp_input *in, uint64_t lo, uint64_t hi, uint64_t step,
		uint64_t *plo, uint64_t *phi, struct cmp_divergence *dv)
{
	struct tap b, m;
	int rc = tap_open(&b, o, SESSION_BARE, img, file, in);
	if (rc)
		return -rc;
	if ((rc = tap_open(&m, o, o->mode, img, file, in))) {
		tap_close(&b);
		return -rc;
	}
	dv->replays++;
	session_run_until(&b.s, lo);
	session_run_until(&m.s, lo);
	align(&b, &m);
	struct cpu *c = b.s.c;
	struct cmp_diff d;
	uint64_t t = lo;
	int result = 0;
	for (;;) {
		if (session_done(&b.s) && session_done(&m.s))
			break;
		if (!session_done(&b.s) && c->cycles > t)
			t = c->cycles;       /* bare ran past the checkpoint */
		if (t >= hi) {
			result = 2;
			break;
		}
		uint64_t next = hi - t > step ? t + step : hi;
		addr pc = c->pc, pa;
		int user = (c->flags & F_USER) != 0;
		uint64_t ints = c->n_interrupts;
		unsigned hold = c->pi.hold;
		session_run_until(&b.s, next);
		session_run_until(&m.s, next);
		align(&b, &m);
		if (cmp_state(&b, &m, &d)) {
			*plo = t;
			*phi = next;
			if (step == 1) {
				dv->insns = cpu_insns(c);
				dv->cycles = c->cycles;
				dv->pc = pc;
				dv->user = user;
				dv->has_ir = mem_map(c, user, pc, 0, &pa) == 1;
				dv->ir = dv->has_ir ? c->mem[pa] : 0;
				dv->interrupt = c->n_interrupts != ints;
				unsigned lev = c->pi.hold & ~hold;
				if (dv->interrupt && lev) {
					/* the step was (or began with) the interrupt instruction */
					dv->interrupt = __builtin_ctz(lev);
					dv->pc = 040 + 2 * (addr)dv->interrupt;
					dv->user = 0;
					dv->has_ir = dv->pc < c->memsize;
					dv->ir = dv->has_ir ? c->mem[dv->pc] : 0;
				} else if (dv->interrupt) {
					dv->interrupt = -1;
				}
				dv->d = d;
			}
			result = 1;
			break;
		}
		t = next;
	}
	tap_close(&b);
	tap_close(&m);
	return result;
}

int cmp_find_divergence(const struct session_opts *o, const struct image *img, const char *file,
			const struct cmp_input *in, uint64_t span, uint64_t end,
			struct cmp_divergence *dv)
{
	memset(dv, 0, sizeof *dv);
	uint64_t lo = 0, hi = end < UINT64_MAX ? end + 1 : end, step = span / CMP_FIRST_CHECKPOINTS + 1;
	int first = 1;
	for (;;) {
		uint64_t nlo = 0, nhi = 0;
		int r = scan(o, img, file, in, lo, hi, step, &nlo, &nhi, dv);
		if (r < 0)
			return -r;
		if (r != 1) {
			/* Equal to the end; anything else (past the end without
			 * ending, or no difference where one was seen) is a run
			 * that does not repeat itself. */
			dv->found = first && r == 0 ? 0 : -1;
			return 0;
		}
		first = 0;
		if (step == 1) {
			dv->found = 1;
			return 0;
		}
		lo = nlo;
		hi = nhi;
		step = (hi - lo + CMP_REFINE - 1) / CMP_REFINE;
	}
}
