/* gen_priv.h — what gen.c shares with the idioms kept in files of their own (gen_loop.c). */
#ifndef TENVM_GEN_PRIV_H
#define TENVM_GEN_PRIV_H

#include "gen.h"

#define CODE   01000u
#define SUBR   02000u
#define SUBR_N 0400u
#define DATA   02400u
#define DATA_N 0300u
#define LIT    02700u
#define LIT_N  0100u
#define STACK  03000u
#define CHAIN  03100u
#define LOOPW  03370u     /* @LOOPW: an endless indirect chain */
#define LOOP2  03372u     /* @LOOP2+1, @LOOP2: a two-word endless chain */
#define XLOOP  03374u     /* XCT XLOOP: an endless XCT chain */
#define ULUUO  0700u      /* user LUUO handler */
#define HISEG  0400000u
#define PROLOG 0400u

enum { CTX_CODE, CTX_BODY, CTX_DATA };

struct gen {
	struct rng r;
	struct tcase *t;
	addr memsize;
	addr ptrs[48]; unsigned nptr;
	addr bps[24];  unsigned nbp;
	addr xct[48];  unsigned nxct;
	addr subr[6];  unsigned nsubr;     /* JSR routines: the return word */
	addr psubr[4]; unsigned npsubr;    /* PUSHJ routines */
	addr jsa[3];   unsigned njsa;      /* JSA routines (return via JRA 16,(16)) */
	addr lit;
	unsigned apia, tpia;               /* the APR's and TTY's PI levels, for handlers */
};

static inline unsigned rn(struct gen *g, unsigned n) { return n ? (unsigned)(rnext(&g->r) % n) : 0; }
static inline int chance(struct gen *g, unsigned pct) { return rn(g, 1000) < pct * 10; }

static inline word W(unsigned op, unsigned ac, unsigned i, unsigned x, addr y)
{
	return (word)(op & 0777) << 27 | (word)(ac & 017) << 23 | (word)(i & 1) << 22 |
	       (word)(x & 017) << 18 | (y & RH_MASK);
}
static inline addr data_addr(struct gen *g) { return DATA + rn(g, DATA_N); }

/* gen.c: an immediate operand; an edge-case word; a literal's address; put
 * w at *pc (dropped past code_hi) and step *pc. */
addr imm_value(struct gen *g);
word edge_word(struct gen *g);
addr lit(struct gen *g, word w);
addr emit(struct gen *g, addr *pc, word w);
/* gen_loop.c: a counted loop of one block that the native backend keeps in registers. */
void reg_loop(struct gen *g, addr *pc, unsigned c);

#endif
