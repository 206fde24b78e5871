/* gen_loop.c — the fuzz idiom of a loop the native backend keeps in host registers. */
#include "gen_priv.h"

/*
 * A counted loop of one block that the native backend keeps in host
 * registers (translator/x86_64/regs.c): ACs named as E (read, stored, counted
 * up and down), indexed E's that may land on an AC, stores into the loop
 * itself, carries and overflows; counter AC c, which the body seldom touches.
 */
void reg_loop(struct gen *g, addr *pc, unsigned c)
{
	unsigned n = 1 + rn(g, 40), body = 1 + rn(g, 5), back = rn(g, 5);
	emit(g, pc, W(back == 2 ? 0211 : 0201, c, 0, 0, n));          /* MOVNI for AOJL */
	addr top = *pc;
	for (unsigned i = 0; i < body; i++) {
		unsigned a = rn(g, 020), b = rn(g, 020), x = 1 + rn(g, 4);
		addr y = chance(g, 50) ? rn(g, 020) : DATA + rn(g, 010);
		if (a == c && !chance(g, 5))
			a = c ^ 1;
		unsigned bw = b == c && !chance(g, 5) ? c ^ 2 : b;      /* a store's AC */
		word w;
		switch (rn(g, 12)) {
		case 0: w = W(rn(g, 2) ? 0270 : 0274, a, 0, 0, b); break;
		case 1: w = W(rn(g, 2) ? 0271 : 0275, a, 0, 0, chance(g, 50) ? rn(g, 8) : imm_value(g)); break;
		case 2: w = W(0200, a, 0, 0, chance(g, 50) ? b : lit(g, edge_word(g))); break;
		case 3: w = W(0201, a, 0, 0, imm_value(g)); break;
		case 4: w = W(0202, a, 0, 0, chance(g, 60) ? bw : chance(g, 70) ? data_addr(g) : top + rn(g, body + 1)); break;
		case 5: w = W(rn(g, 2) ? 0350 : 0370, chance(g, 40) ? a : 0, 0, 0, chance(g, 60) ? bw : data_addr(g)); break;
		case 6: w = W(rn(g, 2) ? 0402 : 0476, 0, 0, 0, chance(g, 60) ? bw : data_addr(g)); break;
		case 7: w = W(0200, a, 0, x, y); break;
		case 8: w = W(0202, a, 0, x, y); break;
		case 9: w = W(rn(g, 2) ? 0270 : 0274, a, 0, x, y); break;
		case 10: w = W(0201, a, 0, x, y); break;
		default: w = W(0271, a, 0, x, rn(g, 8)); break;
		}
		emit(g, pc, w);
	}
	switch (back) {
	case 0: emit(g, pc, W(0367, c, 0, 0, top)); break;           /* SOJG */
	case 1: emit(g, pc, W(0366, c, 0, 0, top)); break;           /* SOJN */
	case 2: emit(g, pc, W(0341, c, 0, 0, top)); break;           /* AOJL */
	case 3:                                                      /* SOS c; CAILE c,0; JRST top */
		emit(g, pc, W(0370, 0, 0, 0, c));
		emit(g, pc, W(0303, c, 0, 0, 0));
		emit(g, pc, W(0254, 0, 0, 0, top));
		break;
	default:                                                     /* SUBI c,1; JUMPG c,top */
		emit(g, pc, W(0275, c, 0, 0, 1));
		emit(g, pc, W(0327, c, 0, 0, top));
		break;
	}
}

