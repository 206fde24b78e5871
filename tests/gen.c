/* gen.c — random machine images for the differential fuzzers (see gen.h). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cpu.h"
#include "disasm.h"
#include "gen.h"
#include "io.h"
#include "mem.h"

#include "gen_priv.h"

static word IOW(unsigned dev, unsigned fn, unsigned i, unsigned x, addr y)
{
	return 7ULL << 33 | (word)((dev >> 2) & 0177) << 26 | (word)(fn & 7) << 23 |
	       (word)(i & 1) << 22 | (word)(x & 017) << 18 | (y & RH_MASK);
}

/* Store into the case's real memory, or a virtual address mapped as in its mode. */
static void rput(struct gen *g, addr pa, word w)
{
	if (pa < g->memsize) {
		g->t->img[pa] = w & W_MASK;
		g->t->set[pa] = 1;
	}
}
static int v2r(const struct tcase *t, addr va, addr *pa)
{
	if (!t->user || va < 020) {
		*pa = va;
		return 1;
	}
	if (va <= t->lo_lim) {
		*pa = (va + t->lo_rel) & RH_MASK;
		return 1;
	}
	if ((va & RH_SIGN) && va <= t->hi_lim) {
		*pa = (va + t->hi_rel) & RH_MASK;
		return 1;
	}
	return 0;
}
static void vput(struct gen *g, addr va, word w)
{
	addr pa;
	if (v2r(g->t, va, &pa))
		rput(g, pa, w);
}

/* ---- addresses and operands ---- */

static addr code_addr(struct gen *g) { return CODE + rn(g, g->t->code_hi - CODE); }

/* Somewhere a program may not reach: past the protection, or nonexistent. */
static addr far_addr(struct gen *g)
{
	switch (rn(g, 4)) {
	case 0: return 04000 + rn(g, 04000);
	case 1: return HISEG + rn(g, 0100);
	case 2: return (g->memsize + rn(g, 0100)) & RH_MASK;
	default: return rn(g, RH_MASK + 1);
	}
}

/* An operand address; stores go into code less often than reads come from it. */
static addr ref_addr(struct gen *g, int store)
{
	unsigned k = rn(g, 100);
	if (k < 48) return data_addr(g);
	if (k < 58) return rn(g, 020);
	if (k < (store ? 64u : 70u)) return code_addr(g);
	if (k < 72) return SUBR + rn(g, SUBR_N);
	if (k < 78) return STACK + rn(g, 0100);
	if (k < 82) return 020 + rn(g, 060);
	if (k < 86 && g->t->hi_lim) return HISEG + rn(g, 0100);
	if (k < 90) return far_addr(g);
	return LIT + rn(g, LIT_N);
}

static addr jump_addr(struct gen *g)
{
	unsigned k = rn(g, 100);
	if (k < 86) return code_addr(g);
	if (k < 90) return rn(g, 020);
	if (k < 95) return SUBR + rn(g, SUBR_N);
	return k < 98 ? data_addr(g) : far_addr(g);
}

/* The I, X, Y of an instruction that refers to target. */
static word ea_fields(struct gen *g, addr target)
{
	unsigned k = rn(g, 1000);
	if (k < 700)
		return W(0, 0, 0, 0, target);
	if (k < 830)       /* indexed: ACs 1-4 start small; others hold anything */
		return W(0, 0, 0, chance(g, 75) ? 1 + rn(g, 4) : 1 + rn(g, 017), target - rn(g, 4));
	if (k < 960 && g->nptr)
		return W(0, 0, 1, chance(g, 15) ? 1 + rn(g, 4) : 0, g->ptrs[rn(g, g->nptr)]);
	if (k < 990)
		return W(0, 0, 1, 0, CHAIN + rn(g, 4));
	if (k < 994)
		return W(0, 0, 1, 0, LOOPW);
	if (k < 997)
		return W(0, 0, 1, 0, LOOP2);
	return W(0, 0, 1, 0, rn(g, 020));
}

addr imm_value(struct gen *g)
{
	switch (rn(g, 6)) {
	case 0: return rn(g, 8);
	case 1: return rn(g, 044);
	case 2: return (addr)-(int)rn(g, 044) & RH_MASK;
	case 3: return RH_MASK - rn(g, 3);
	case 4: return RH_SIGN + rn(g, 3);
	default: return rn(g, RH_MASK + 1);
	}
}

/* ---- random words ---- */

static word fp_word(struct gen *g)
{
	word w = (word)(0200 - 30 + rn(g, 60)) << 27 | 1ULL << 26 | (rnext(&g->r) & 0377777777);
	if (chance(g, 10))
		w = rnext(&g->r) & W_MASK;       /* unnormalized or extreme */
	return chance(g, 40) ? w_neg(w) : w;
}

word edge_word(struct gen *g)
{
	static const word e[] = { 0, W_MASK, W_SIGN, W_SIGN - 1, 1, 0777777, 0777777000000ULL,
				  0400000000001ULL, 0377777777776ULL };
	return e[rn(g, sizeof e / sizeof *e)];
}

static word rand_insn(struct gen *g, int ctx);

static word byte_pointer(struct gen *g)
{
	unsigned p = chance(g, 90) ? rn(g, 37) : rn(g, 64), s = chance(g, 90) ? rn(g, 37) : rn(g, 64);
	addr y = chance(g, 70) ? data_addr(g) : chance(g, 70) ? code_addr(g) : ref_addr(g, 1);
	word f = chance(g, 85) ? W(0, 0, 0, 0, y) : ea_fields(g, y);
	return (word)p << 30 | (word)s << 24 | (f & 037777777);
}

static word data_word(struct gen *g)
{
	switch (rn(g, 10)) {
	case 0: case 1: return w_of((int64_t)rn(g, 101) - 50);
	case 2: return rnext(&g->r) & W_MASK;
	case 3: return fp_word(g);
	case 4: return edge_word(g);
	case 5: return XWD(w_of(-(int64_t)(1 + rn(g, 20))), data_addr(g));
	case 6: return XWD(data_addr(g), data_addr(g));
	default: return rand_insn(g, CTX_DATA);
	}
}

/* A literal word, placed in the literal pool (reused when the pool is full). */
addr lit(struct gen *g, word w)
{
	addr a = g->lit < LIT + LIT_N ? g->lit++ : LIT + rn(g, LIT_N);
	vput(g, a, w);
	return a;
}

/* ---- instructions ---- */

static const unsigned fast_ops[] = {
	0200, 0201, 0202, 0402, 0476, 0270, 0271, 0274, 0275, 0254, 0260, 0263, 0261, 0262,
};

static int is_jump_op(unsigned op)
{
	return (op & 0760) == 0320 || (op & 0760) == 0340 || (op & 0760) == 0360 ||
	       op == 0254 || op == 0255 || op == 0243 || op == 0252 || op == 0253 ||
	       op == 0260 || op == 0263 || op == 0264 || op == 0265 || op == 0266 || op == 0267 ||
	       op == 0256;
}

/* Whether E is a value rather than an address. */
static int is_immediate(unsigned op)
{
	if (((op >= 0200 && op < 0240) || (op >= 0270 && op < 0300) || (op >= 0400 && op < 0600)) &&
	    (op & 3) == 1)
		return 1;                        /* MOVEI ... DIVI, ADDI, SUBI, SETZI ... HLREI */
	if (op >= 0240 && op <= 0246 && op != 0243)
		return 1;                        /* shift counts */
	if ((op & 0770) == 0300 || (op >= 0600 && !(op & 010)))
		return 1;                        /* CAI, TRN ... TLO */
	return op == 0145 || op == 0155 || op == 0165 || op == 0175 || op == 0132;
}

static word io_insn(struct gen *g)
{
	static const unsigned devs[] = { 0, 4, 0120, 0120, 014 };
	unsigned dev = devs[rn(g, 5)], fn = rn(g, 8);
	addr y;
	if (fn == 4) {                       /* CONO */
		if (dev == 0)
			y = (chance(g, 80) ? (rn(g, 2) ? 0431110u : 0) : rn(g, 0777777)) |
			    (chance(g, 70) ? g->apia : rn(g, 8)) | (chance(g, 50) ? 02000 : 0) |
			    (chance(g, 40) ? 020 : 0);
		else if (dev == 4)
			y = chance(g, 70) ? 02200 | rn(g, 0200) : rn(g, 020000);
		else
			y = rn(g, 04000) | (chance(g, 60) ? g->tpia : 0);
		return IOW(dev, fn, 0, 0, chance(g, 90) ? y & 0377777 : y);
	}
	if (fn == 5 || fn == 1 || fn == 0)   /* CONI, DATAI, BLKI: a store */
		return IOW(dev, fn, 0, 0, chance(g, 80) ? data_addr(g) : ref_addr(g, 1));
	if (fn == 6 || fn == 7)
		return IOW(dev, fn, 0, 0, rn(g, 0777));
	if (fn == 3 && dev == 0120)
		return IOW(dev, fn, 0, 0, lit(g, 040 + rn(g, 0100)));
	return IOW(dev, fn, 0, 0, chance(g, 80) ? data_addr(g) : ref_addr(g, 0));
}

/* A random instruction.  CTX_BODY: nothing that transfers control (a skip may);
 * CTX_DATA: a word for XCT or a patch, with code targets. */
static word rand_insn(struct gen *g, int ctx)
{
	for (;;) {
		unsigned k = rn(g, 1000), op, ac = rn(g, 020);
		if (k < 420) {
			unsigned f = rn(g, 100);
			if (f < 40)
				op = fast_ops[rn(g, sizeof fast_ops / sizeof *fast_ops)];
			else
				op = 0300 + rn(g, 0100);       /* CAI CAM JUMP SKIP AOJ AOS SOJ SOS */
		} else if (k < 720) {
			op = 0200 + rn(g, 0500);
			if (op == 0247)
				continue;
		} else if (k < 780) {
			op = 0140 + rn(g, 040);
			if (chance(g, 15))
				op = 0130 + rn(g, 3);
		} else if (k < 840) {
			op = 0133 + rn(g, 5);
		} else if (k < 900) {
			static const unsigned o[] = { 0264, 0265, 0266, 0267, 0256, 0256, 0250, 0251, 0255 };
			op = o[rn(g, sizeof o / sizeof *o)];
		} else if (k < 935) {
			unsigned u = rn(g, 20);
			op = u < 12 ? 1 + rn(g, 037) : u < 16 ? 040 + rn(g, 040) : u < 17 ? 0 :
			     u < 19 ? 0100 + rn(g, 030) : chance(g, 50) ? 0247 : 0257;
			if (ctx == CTX_BODY)
				continue;
			return W(op, ac, 0, 0, imm_value(g));
		} else if (k < 975) {
			if (ctx == CTX_BODY)
				continue;
			return io_insn(g);
		} else {
			if (ctx == CTX_BODY)
				continue;
			static const unsigned acs[] = { 1, 2, 2, 012, 010, 4, 3 };
			unsigned a = acs[rn(g, sizeof acs / sizeof *acs)];
			if (a == 4 && !chance(g, 20))
				continue;
			if (a == 2 || a == 012)
				return W(0254, a, 1, 0, chance(g, 50) && g->nptr ? g->ptrs[rn(g, g->nptr)]
									  : lit(g, data_word(g)));
			return W(0254, a, 0, 0, jump_addr(g));
		}
		if (ctx == CTX_BODY && is_jump_op(op))
			continue;
		if (op == 0260 || op == 0261 || op == 0262 || op == 0263)
			ac = chance(g, 85) ? 017 : ac;
		word f;
		if (op == 0264 || op == 0266) {
			addr t = op == 0264 && g->nsubr && chance(g, 80) ? g->subr[rn(g, g->nsubr)]
			       : op == 0266 && g->njsa && chance(g, 80) ? g->jsa[rn(g, g->njsa)]
			       : chance(g, 50) ? code_addr(g) : ref_addr(g, 1);
			if (op == 0266)
				ac = 016;
			f = chance(g, 90) ? W(0, 0, 0, 0, t) : ea_fields(g, t);
		} else if (op == 0260 && g->npsubr && chance(g, 60)) {
			f = W(0, 0, 0, 0, g->psubr[rn(g, g->npsubr)]);
		} else if (op == 0256) {
			f = g->nxct && chance(g, 85) ? W(0, 0, 0, 0, g->xct[rn(g, g->nxct)])
			  : chance(g, 5) ? W(0, 0, 0, 0, XLOOP) : ea_fields(g, ref_addr(g, 0));
		} else if (op >= 0133 && op <= 0137) {
			f = g->nbp && chance(g, 85) ? W(0, 0, 0, 0, g->bps[rn(g, g->nbp)])
						    : ea_fields(g, ref_addr(g, 1));
		} else if (is_jump_op(op)) {
			f = chance(g, 88) ? W(0, 0, 0, 0, jump_addr(g)) : ea_fields(g, jump_addr(g));
		} else if (is_immediate(op)) {
			f = chance(g, 85) ? W(0, 0, 0, 0, imm_value(g)) : ea_fields(g, imm_value(g));
		} else {
			f = ea_fields(g, ref_addr(g, 1));
		}
		return W(op, ac, 0, 0, 0) | f;
	}
}

/* ---- the program ---- */

addr emit(struct gen *g, addr *pc, word w)
{
	addr a = *pc;
	if (a < g->t->code_hi)
		vput(g, a, w);
	(*pc)++;
	return a;
}

/* A word a patch may write: an instruction, now and then something else. */
static word patch_word(struct gen *g)
{
	return chance(g, 85) ? rand_insn(g, CTX_DATA) : data_word(g);
}

/* One idiom at *pc.  Every idiom stays below code_hi (emit drops words past it). */
static void idiom(struct gen *g, addr *pc)
{
	unsigned k = rn(g, 1000), ac = 1 + rn(g, 016);
	if (k < 530) {
		emit(g, pc, rand_insn(g, CTX_CODE));
	} else if (k < 560) {                      /* a loop in host registers */
		reg_loop(g, pc, ac);
	} else if (k < 620) {                      /* patch the next instruction */
		addr a = *pc;
		switch (rn(g, 6)) {
		case 0: case 1:
			emit(g, pc, W(0200, ac, 0, 0, lit(g, patch_word(g))));
			emit(g, pc, W(0202, ac, 0, 0, a + 2));
			break;
		case 2:
			emit(g, pc, W(rn(g, 2) ? 0350 : 0370, chance(g, 30) ? ac : 0, 0, 0, a + 1));
			break;
		case 3:
			emit(g, pc, W(rn(g, 2) ? 0402 : 0476, 0, 0, 0, a + 1));
			break;
		case 4: {
			unsigned p = rn(g, 36), s = 1 + rn(g, 12);
			emit(g, pc, W(0137, ac, 0, 0, lit(g, (word)p << 30 | (word)s << 24 | (a + 1))));
			break;
		}
		default:
			emit(g, pc, W(0264, 0, 0, 0, a + 1));   /* JSR .+1: return word over the next */
			break;
		}
		emit(g, pc, rand_insn(g, CTX_BODY));
	} else if (k < 680) {                      /* patch later in this block, or another */
		addr t = chance(g, 50) ? *pc + 2 + rn(g, 6) : chance(g, 80) ? code_addr(g) : SUBR + rn(g, SUBR_N);
		switch (rn(g, 5)) {
		case 0: case 1:
			emit(g, pc, W(0200, ac, 0, 0, lit(g, patch_word(g))));
			emit(g, pc, W(0202, ac, 0, 0, t));
			break;
		case 2:
			emit(g, pc, W(0350 + 020 * rn(g, 2), 0, 0, 0, t));
			break;
		case 3:
			emit(g, pc, W(0402, 0, 0, 0, t));
			break;
		default:
			emit(g, pc, W(0137, ac, 0, 0, lit(g, (word)rn(g, 36) << 30 | 6ULL << 24 | t)));
			break;
		}
	} else if (k < 750) {                      /* a counted loop, maybe patching itself */
		unsigned n = 1 + rn(g, 30), body = 1 + rn(g, 4);
		emit(g, pc, W(0201, ac, 0, 0, n));
		addr top = *pc;
		for (unsigned i = 0; i < body; i++) {
			if (chance(g, 20))
				emit(g, pc, W(0350, 0, 0, 0, top + rn(g, body + 2)));
			else if (chance(g, 10))
				emit(g, pc, W(0202, rn(g, 020), 0, 0, top + body + 1 + rn(g, 3)));
			else {
				word w = rand_insn(g, CTX_BODY);
				if (I_AC(w) == ac)
					w &= ~(017ULL << 23);
				emit(g, pc, w);
			}
		}
		static const unsigned back[] = { 0367, 0367, 0366, 0363 };
		emit(g, pc, rn(g, 4) ? W(back[rn(g, 4)], ac, 0, 0, top) : W(0341, ac, 0, 0, top));
	} else if (k < 790) {                      /* call a routine */
		unsigned c = rn(g, 3);
		if (c == 0 && g->nsubr)
			emit(g, pc, W(0264, 0, 0, 0, g->subr[rn(g, g->nsubr)]));
		else if (c == 1 && g->npsubr)
			emit(g, pc, W(0260, 017, 0, 0, g->psubr[rn(g, g->npsubr)]));
		else if (g->njsa)
			emit(g, pc, W(0266, 016, 0, 0, g->jsa[rn(g, g->njsa)]));
	} else if (k < 830) {                      /* XCT of something */
		word w = rand_insn(g, CTX_DATA);
		switch (rn(g, 6)) {
		case 0: w = W(0300 + rn(g, 8) + 040 * rn(g, 2), ac, 0, 0, rn(g, 10)); break;
		case 1: w = W(0254, 0, 0, 0, code_addr(g)); break;
		case 2: w = W(0202, ac, 0, 0, chance(g, 50) ? *pc + 1 : code_addr(g)); break;
		case 3: w = W(0256, 0, 0, 0, lit(g, rand_insn(g, CTX_DATA))); break;
		default: break;
		}
		emit(g, pc, W(0256, 0, 0, 0, lit(g, w)));
	} else if (k < 860) {                      /* BLT */
		addr dst = chance(g, 65) ? data_addr(g) : chance(g, 60) ? code_addr(g) : ref_addr(g, 1);
		addr src = chance(g, 50) ? data_addr(g) : ref_addr(g, 0);
		emit(g, pc, W(0201, ac, 0, 0, dst));
		emit(g, pc, W(0505, ac, 0, 0, src));
		emit(g, pc, W(0251, ac, 0, 0, dst + (chance(g, 90) ? rn(g, 12) : rn(g, 0100))));
	} else if (k < 880) {                      /* a loop in the accumulators */
		addr back = *pc + 5;
		emit(g, pc, W(0200, 010, 0, 0, lit(g, chance(g, 70) ? W(0271, 3, 0, 0, 1) : rand_insn(g, CTX_BODY))));
		emit(g, pc, W(0200, 011, 0, 0, lit(g, W(0367, 4, 0, 0, 010))));
		emit(g, pc, W(0200, 012, 0, 0, lit(g, W(0254, 0, 0, 0, back))));
		emit(g, pc, W(0201, 4, 0, 0, 1 + rn(g, 20)));
		emit(g, pc, W(0254, 0, 0, 0, 010));
	} else if (k < 900) {                      /* overflow */
		emit(g, pc, W(0200, ac, 0, 0, lit(g, edge_word(g))));
		emit(g, pc, W(rn(g, 2) ? 0271 : 0275, ac, 0, 0, 1 + rn(g, 2)));
		if (chance(g, 30))
			emit(g, pc, W(0255, 017, 0, 0, *pc + 1));
	} else if (k < 915) {                      /* a long indirect chain */
		emit(g, pc, W(0200 + rn(g, 3), ac, 1, 0, CHAIN));
	} else if (k < 917) {                      /* endless: the budget ends it */
		emit(g, pc, rn(g, 2) ? W(0200, ac, 1, 0, chance(g, 50) ? LOOPW : LOOP2) : W(0256, 0, 0, 0, XLOOP));
	} else if (k < 935) {                      /* JRST 1 / JRSTF to user mode, or HALT */
		if (chance(g, 20))
			emit(g, pc, W(0254, 4, 0, 0, *pc));
		else if (chance(g, 50))
			emit(g, pc, W(0254, 1, 0, 0, code_addr(g)));
		else
			emit(g, pc, W(0254, 2, 1, 0, lit(g, XWD(F_USER | (chance(g, 30) ? F_AROV : 0) |
								  (g->t->vmx && chance(g, 80) ? F_VMX : 0),
								  code_addr(g)))));
	} else if (k < 960) {                      /* a backward jump, half the time conditional */
		if (chance(g, 50)) {                   /* a skip over it: CAIx, SKIPx, AOSx or TRNx */
			static const unsigned skips[] = { 0300, 0330, 0350, 0600 };
			unsigned op = skips[rn(g, 4)];
			op = op == 0600 ? 0602 + 4 * rn(g, 2) + rn(g, 2) : op + rn(g, 8);   /* TRNE TLNE TRNN TLNN */
			emit(g, pc, W(op, ac, 0, 0, op >= 0330 && op < 0400 ? data_addr(g) : rn(g, 8)));
		}
		emit(g, pc, W(0254, 0, 0, 0, *pc > CODE + 8 ? *pc - 1 - rn(g, 8) : CODE));
	} else {                                   /* push-down traffic */
		emit(g, pc, W(rn(g, 2) ? 0261 : 0262, 017, 0, 0, data_addr(g)));
	}
}

/* JSR, PUSHJ and JSA routines in SUBR..SUBR+SUBR_N. */
static void routines(struct gen *g)
{
	addr a = SUBR;
	g->nsubr = 1 + rn(g, 6);
	g->npsubr = 1 + rn(g, 4);
	g->njsa = rn(g, 4);
	for (unsigned i = 0; i < g->nsubr + g->npsubr + g->njsa; i++) {
		unsigned kind = i < g->nsubr ? 0 : i < g->nsubr + g->npsubr ? 1 : 2;
		addr entry = a;
		if (kind == 0)
			g->subr[i] = entry, vput(g, a++, 0);
		else if (kind == 1)
			g->psubr[i - g->nsubr] = entry;
		else
			g->jsa[i - g->nsubr - g->npsubr] = entry, vput(g, a++, 0);
		unsigned body = rn(g, 6);
		for (unsigned j = 0; j < body; j++) {
			word w = rand_insn(g, CTX_BODY);
			if (chance(g, 10))
				w = W(0350, 0, 0, 0, a + 1 + rn(g, 2));      /* patches its own body */
			if (kind == 2 && I_AC(w) == 016)
				w &= ~(017ULL << 23);
			vput(g, a++, w);
		}
		if (kind == 0)
			vput(g, a++, chance(g, 70) ? W(0254, 0, 1, 0, entry) : W(0254, 2, 1, 0, entry));
		else if (kind == 1)
			vput(g, a++, W(0263, 017, 0, 0, 0));
		else
			vput(g, a++, W(0267, 016, 0, 016, 0));
		a += rn(g, 3);
	}
}

/* Exec handlers for UUOs, unassigned codes and interrupts. */
static void handlers(struct gen *g)
{
	/* 41: JSR 100 (UUO); 100: return word, count, JRSTF back. */
	rput(g, 041, W(0264, 0, 0, 0, 0100));
	rput(g, 0100, 0);
	rput(g, 0101, W(0350, 0, 0, 0, 0107));
	rput(g, 0102, chance(g, 80) ? W(0254, 2, 1, 0, 0100) : W(0254, 0, 1, 0, 0100));
	rput(g, 061, W(0264, 0, 0, 0, 0110));
	rput(g, 0110, 0);
	rput(g, 0111, W(0350, 0, 0, 0, 0117));
	rput(g, 0112, W(0254, 2, 1, 0, 0110));
	for (unsigned n = 1; n <= 7; n++) {
		addr h = 0120 + 010 * n, loc = 040 + 2 * n;
		unsigned k = rn(g, 20);
		if (k < 17)
			rput(g, loc, W(0264, 0, 0, 0, h));
		else if (k < 18)
			rput(g, loc, W(0350, 0, 0, 0, 0377));                 /* AOS: held forever */
		else if (k < 19)
			rput(g, loc, IOW(0120, 2, 0, 0, 0376));                /* BLKO TTY, then 41+2n */
		else
			rput(g, loc, W(0265, 1, 0, 0, h + 1));                 /* JSP: no JEN (held) */
		rput(g, loc + 1, W(0264, 0, 0, 0, h));
		rput(g, h, 0);
		rput(g, h + 1, IOW(0, 4, 0, 0, 0431110 | g->apia | (chance(g, 90) ? 0 : 02000)));
		rput(g, h + 2, IOW(0120, 4, 0, 0, 0200 | g->tpia));
		rput(g, h + 3, chance(g, 90) ? W(0350, 0, 0, 0, 0370 + n) : rand_insn(g, CTX_BODY));
		rput(g, h + 4, W(0254, 012, 1, 0, h));
	}
	rput(g, 0376, XWD(w_of(-(int64_t)(1 + rn(g, 4))), 0360));
	for (unsigned i = 0; i < 8; i++)
		rput(g, 0360 + i, 0101 + rn(g, 26));
}

/* Build case t from its seed. */
void generate(struct tcase *t, word *img, uint8_t *set)
{
	struct gen gs = { .r = { t->seed }, .t = t }, *g = &gs;
	t->img = img;
	t->set = set;
	memset(img, 0, MEM_MAX_WORDS * sizeof *img);
	memset(set, 0, MEM_MAX_WORDS);

	t->user = chance(g, 30);
	static const unsigned mems[] = { 16, 32, 64, 256, 256, 256 };
	t->mem_kwords = mems[rn(g, 6)];
	if (t->user && t->mem_kwords < 32)
		t->mem_kwords = 32;
	g->memsize = t->mem_kwords << 10;
	t->max_insns = chance(g, 60) ? 50 + rn(g, 3000) : 1000 + rn(g, 30000);
	t->clock = chance(g, 50) ? 7 + rn(g, 194) : chance(g, 50) ? 1000 + rn(g, 4000) : 0;
	static const size_t caches[] = { 4096, 8192, 16384, 65536, 65536, 1u << 20 };
	t->cache = caches[rn(g, 6)];
	t->pi = chance(g, 60);
	t->tty_in = chance(g, 30) ? rn(g, 200) : 0;
	g->apia = 1 + rn(g, 7);
	g->tpia = chance(g, 50) ? 1 + rn(g, 7) : 0;
	word aprw = 0;
	t->lo_lim = t->hi_lim = t->lo_rel = t->hi_rel = 0;
	if (t->user) {
		unsigned pl = chance(g, 70) ? 1 : rn(g, 3), rl = chance(g, 70) ? 020 : 010 + rn(g, 010);
		unsigned ph = chance(g, 50) ? 0200 : 0, rh = 024 + rn(g, 4), wp = rn(g, 2);
		aprw = (word)pl << 28 | (word)ph << 19 | (word)wp << 18 | (word)rl << 10 | (word)rh << 1;
		t->lo_lim = pl << 10 | 01777;
		t->lo_rel = rl << 10;
		t->hi_lim = ph ? (ph << 10 | 01777) : 0;
		t->hi_rel = (rh << 10) & RH_MASK;
	}
	unsigned ncode = 8 + rn(g, chance(g, 50) ? 60 : 0400);
	t->code_hi = CODE + ncode;
	g->lit = LIT;

	/* Accumulators: small index values, data, instruction words, a stack pointer. */
	for (unsigned a = 0; a < 020; a++) {
		word w;
		if (a >= 1 && a <= 4)
			w = rn(g, 0100);
		else if (a >= 010 && a <= 013)
			w = rand_insn(g, CTX_DATA);
		else if (a == 017) {
			unsigned len = chance(g, 30) ? 1 + rn(g, 4) : 0100;
			w = XWD(w_of(-(int64_t)len), STACK - 1 + (chance(g, 10) ? rn(g, 0100) : 0));
		} else if (a == 016)
			w = chance(g, 50) ? XWD(w_of(-8), STACK + 040) : edge_word(g);
		else
			w = a == 0 ? edge_word(g) : rnext(&g->r) & W_MASK;
		vput(g, a, w);
	}

	/* The chain: CHAIN+i -> @CHAIN+i+1 ..., ending in a data word; endless loops. */
	unsigned clen = 50 + rn(g, 0200);
	for (unsigned i = 0; i < clen; i++)
		vput(g, CHAIN + i, W(0, 0, 1, chance(g, 5) ? 1 : 0, CHAIN + i + 1));
	vput(g, CHAIN + clen, W(0, 0, 0, 0, data_addr(g)));
	vput(g, LOOPW, W(0, 0, 1, 0, LOOPW));
	vput(g, LOOP2, W(0, 0, 1, 0, LOOP2 + 1));
	vput(g, LOOP2 + 1, W(0, 0, 1, 0, LOOP2));
	vput(g, XLOOP, W(0256, 0, 0, 0, XLOOP));

	/* Data: pointers, byte pointers, XCT targets and values (routines first, so
	 * that XCT targets may call them). */
	routines(g);
	for (addr a = DATA; a < DATA + DATA_N; a++) {
		unsigned k = rn(g, 10);
		word w;
		if (k < 2 && g->nptr < 48) {
			addr y = chance(g, 55) ? data_addr(g) : chance(g, 60) ? code_addr(g) : ref_addr(g, 1);
			w = chance(g, 80) ? W(0, 0, 0, 0, y) : chance(g, 50) ? W(0, 0, 0, 1 + rn(g, 4), y)
									     : W(0, 0, 1, 0, data_addr(g));
			g->ptrs[g->nptr++] = a;
		} else if (k < 3 && g->nbp < 24) {
			w = byte_pointer(g);
			g->bps[g->nbp++] = a;
		} else if (k < 5 && g->nxct < 48) {
			w = rand_insn(g, CTX_DATA);
			g->xct[g->nxct++] = a;
		} else {
			w = data_word(g);
		}
		vput(g, a, w);
	}
	if (t->hi_lim)
		for (addr a = HISEG; a < HISEG + 0100; a++)
			vput(g, a, chance(g, 50) ? rand_insn(g, CTX_CODE) : data_word(g));

	/* The program. */
	addr pc = CODE;
	while (pc < t->code_hi)
		idiom(g, &pc);
	if (chance(g, 50))
		vput(g, t->code_hi - 1, chance(g, 50) ? W(0254, 4, 0, 0, t->code_hi - 1) : W(0254, 0, 0, 0, CODE));

	/* User LUUO handler (user mode LUUOs stay in user space). */
	if (t->user) {
		vput(g, 041, W(0264, 0, 0, 0, ULUUO));
		vput(g, ULUUO, 0);
		vput(g, ULUUO + 1, W(0350, 0, 0, 0, ULUUO + 7));
		vput(g, ULUUO + 2, W(0254, 0, 1, 0, ULUUO));
	}
	handlers(g);

	/* The prologue (exec): APR, PI, TTY, then into the program. */
	addr p = PROLOG;
	if (t->user)
		rput(g, p++, IOW(0, 3, 0, 0, 0477));
	rput(g, 0477, aprw);
	if (t->pi) {
		unsigned levels = chance(g, 70) ? 0177 : rn(g, 0200);
		rput(g, p++, IOW(4, 4, 0, 0, 012200 | levels));
		addr apr = g->apia | (t->clock ? 02000 : 0) | (chance(g, 50) ? 020 : 0) | (chance(g, 20) ? 0200 : 0);
		rput(g, p++, IOW(0, 4, 0, 0, apr));
		rput(g, p++, IOW(0120, 4, 0, 0, g->tpia));
	}
	if (t->vmx && chance(g, 60)) {          /* --vmx: the assist's timer, exiting from user mode */
		rput(g, 0475, 1 + rn(g, chance(g, 50) ? 200 : 5000));
		rput(g, p++, IOW(010, 3, 0, 0, 0475));
	}
	if (t->user)
		rput(g, p++, chance(g, 50) ? W(0254, 1, 0, 0, CODE) : W(0254, 2, 1, 0, 0476));
	else
		rput(g, p++, W(0254, 0, 0, 0, CODE));
	rput(g, 0476, XWD(F_USER | (t->vmx ? F_VMX : 0), CODE));   /* --vmx: the guest mode */
	t->start = PROLOG;
}

void gen_tty_input(const struct tcase *t, char *buf)
{
	for (unsigned i = 0; i < t->tty_in; i++)
		buf[i] = (char)(' ' + (t->seed >> (i % 57) & 077) + i % 7);
}
