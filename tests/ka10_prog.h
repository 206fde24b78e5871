/* ka10_prog.h — random KA10 programs for the corpus, one category at a time, made by running them. */
#ifndef TENVM_KA10_PROG_H
#define TENVM_KA10_PROG_H

#include <stdint.h>
#include "ka10_case.h"

/* Groups of opcodes a category draws from. */
enum ka10_group {
	G_INT,      /* moves, ADD/SUB, booleans, half-words, tests, compares, EXCH */
	G_MULDIV,   /* IMUL, MUL, IDIV, DIV in all modes */
	G_SHIFT,    /* ASH, ROT, LSH, JFFO, ASHC, ROTC, LSHC */
	G_FP,       /* UFA, DFN, FSC, FAD..FDVRB */
	G_BYTE,     /* IBP, ILDB, LDB, IDPB, DPB */
	G_STACK,    /* PUSH, POP, PUSHJ (and its POPJ) */
	G_BLT,
	G_JRSTF,    /* JRST 2,@literal: restore the flags */
	G_UUO,      /* LUUOs 001-037, through 40/41 */
	G_FLOW,     /* jumps, skips, AOBJx, JFCL, XCT, JSR, JSP, JSA */
	G_N
};

/* Kinds of initial values a category favours. */
enum ka10_values { V_MIXED, V_EDGE, V_FP, V_BYTE, V_STACK, V_BLT };

struct ka10_category {
	const char *name;               /* the file: tests/ka10/<name>.txt */
	unsigned    cases;              /* how many the corpus holds */
	unsigned    max_len;            /* main program: 1..max_len instructions */
	enum ka10_values values;
	unsigned    weight[G_N];        /* how often each group is drawn */
};

extern const struct ka10_category ka10_categories[];
extern const unsigned ka10_n_categories;

/* Make case number num of category cat from seed into k (name, start,
 * flags, init; want unset): a program that, run on tenvm's interpreter, keeps
 * every operand and indirect word in the compared region, jumps only forward,
 * returns from every call and halts at its final JRST 4,.  A pure function of
 * (cat, seed, num).  Returns 0, or -1 on an internal error (message on stderr). */
int ka10_make(const struct ka10_category *cat, uint64_t seed, unsigned num, struct ka10_case *k);

#endif
