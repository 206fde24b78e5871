/* ea.c — effective addresses, chains, byte pointers and BLT: the operand-walking semantics. */
#include "ops.h"

void cpu_chain_level(struct cpu *c, unsigned *levels)
{
	if (++*levels <= EA_FREE_LEVELS)
		return;
	uint64_t insn = c->cycles - c->stalls;
	if (c->stall_mark != insn) {
		c->stall_mark = insn;
		c->stall_n = 0;
	}
	c->stall_n++;
	c->cycles++;
	c->stalls++;
	if (c->cycles >= c->chain_at && cpu_chain_event(c))
		cpu_abort(c, ABORT_EVENT);
}

/* The KA10 computes E with a 36-bit add of C(X) and Y; the left half of that
 * sum (or of the last indirect word) is what JRSTF loads its flags from. */
addr cpu_ea_slow(struct cpu *c, word ir, word *last)
{
	unsigned levels = 0;
	for (;;) {
		word w = ir;
		if (I_X(ir))
			w = (AC(c, I_X(ir)) + RH(ir)) & W_MASK;
		addr e = RH(w);
		if (!I_IND(ir)) {
			if (last)
				*last = w;
			return e;
		}
		ir = mem_read(c, e);
		cpu_chain_level(c, &levels);
	}
}

/* ---- byte instructions: pointer P bits 0-5, S 6-11, then I, X, Y ---- */

#define BP_P(p) ((unsigned)((p) >> 30) & 077)
#define BP_S(p) ((unsigned)((p) >> 24) & 077)

/* Advance a byte pointer by one byte.  When the next byte would start left of
 * bit 0, P := 36 - S and the word is incremented by a 36-bit add of 1 (KA10). */
static word bp_next(word p)
{
	unsigned P = BP_P(p), S = BP_S(p);
	if (P >= S)
		P -= S;
	else {
		p = (p + 1) & W_MASK;
		P = (36 - S) & 077;
	}
	return (p & ~(077ULL << 30)) | (word)P << 30;
}

static inline word bp_mask(unsigned S) { return ((word)1 << S) - 1; }

void cpu_ibp(struct cpu *c, addr e)
{
	if (!(c->flags & F_FPD))       /* FPD: an earlier attempt advanced it */
		mem_write(c, e, bp_next(mem_read(c, e)));
	c->flags &= ~F_FPD;
}

/* The pointer for LDB/DPB; for ILDB/IDPB advanced first, unless FPD says that
 * an earlier attempt already did it.  FPD stays set until the byte moves. */
static word bp_fetch(struct cpu *c, addr e, int incr)
{
	word p = mem_read(c, e);
	if (incr && !(c->flags & F_FPD)) {
		p = bp_next(p);
		mem_write(c, e, p);
	}
	c->flags |= F_FPD;
	return p;
}

void cpu_ldb(struct cpu *c, unsigned ac, addr e, int incr)
{
	word p = bp_fetch(c, e, incr);
	word w = mem_read(c, cpu_ea(c, p));
	unsigned P = BP_P(p);
	AC(c, ac) = P >= 36 ? 0 : (w >> P) & bp_mask(BP_S(p));
	c->flags &= ~F_FPD;
}

void cpu_dpb(struct cpu *c, unsigned ac, addr e, int incr)
{
	word p = bp_fetch(c, e, incr);
	addr be = cpu_ea(c, p);
	word w = mem_read(c, be);
	unsigned P = BP_P(p);
	word m = (bp_mask(BP_S(p)) << P) & W_MASK;
	mem_write(c, be, (w & ~m) | ((AC(c, ac) << P) & m));
	c->flags &= ~F_FPD;
}

/* BLT (KA10): moves words from LH(AC) to RH(AC) upward until the destination
 * reaches E, at least one word; the AC keeps its value (unless a word lands in
 * it); a fault leaves the PC at the BLT. */
void cpu_blt(struct cpu *c, unsigned ac, addr e)
{
	word p = AC(c, ac);
	c->pc_inhibit = 1;
	for (;;) {
		mem_write(c, RH(p), mem_read(c, LH(p)));
		int done = RH(p) >= e;
		p = alu_aob(p);
		if (done)
			break;
	}
	c->pc_inhibit = 0;
}
