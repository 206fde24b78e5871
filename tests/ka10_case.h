/* ka10_case.h — the KA10 corpus' cases: layout, text format, running one on a tenvm engine, comparing. */
#ifndef TENVM_KA10_CASE_H
#define TENVM_KA10_CASE_H

#include <stdint.h>
#include <stdio.h>
#include "cpu.h"

/*
 * A case is a small exec-mode program with its initial image and the final
 * state a KA10 (the oracle) ended in.  Every address it may touch lies in
 * the compared region, three blocks of real memory:
 *
 *   0-177      the ACs, the LUUO words 40/41 and the LUUO handler at 100..
 *   1000-1177  code: the main program from 1000, subroutines, XCT targets
 *              and literals above it; a word not given is JRST 4,0
 *   2000-2037  data (operands, indirect words, byte, stack and BLT pointers)
 *
 * Every other word of the machine starts 0 and must stay 0.
 *
 * Text format (tests/ka10/<category>.txt; `#` starts a comment line):
 *   c NAME START FLAGS            the case; START the first PC, FLAGS the initial
 *                                 PC-word flags (left-half format), octal
 *   i ADDR:WORD ...               initial words other than 0 (in 1000-1177: other
 *                                 than JRST 4,0), octal, on one or more i lines
 *   o STOP PC FLAGS ADDR:WORD ... the final state: STOP h (halted) or b (ran out
 *                                 of KA10_STEPS instructions), the PC, the flags,
 *                                 and every compared word that changed
 */

#define KA10_NREG   0440u                       /* words in the compared region */
#define KA10_STEPS  4000u                       /* the budget of a run */
#define KA10_UNSET  0254200000000ULL            /* JRST 4,0: an unset code word */

/* The compared region: index i (0..KA10_NREG-1) <-> address. */
static inline addr ka10_addr(unsigned i)
{
	return i < 0200 ? i : i < 0400 ? 01000 + (i - 0200) : 02000 + (i - 0400);
}
/* The index of address a, or -1 outside the region. */
static inline int ka10_index(addr a)
{
	if (a < 0200)
		return (int)a;
	if (a >= 01000 && a < 01200)
		return (int)(a - 01000 + 0200);
	if (a >= 02000 && a < 02040)
		return (int)(a - 02000 + 0400);
	return -1;
}
/* The default initial contents of address a. */
static inline word ka10_default(addr a) { return a >= 01000 && a < 01200 ? KA10_UNSET : 0; }

/* A machine's final state. */
struct ka10_state {
	int      halted;           /* 1: stopped at a HALT; 0: anything else */
	addr     pc;
	uint32_t flags;            /* left-half format (word.h F_*) */
	word     mem[KA10_NREG];
	unsigned outside;          /* words outside the region that changed (tenvm only) */
};

struct ka10_case {
	char     name[32];         /* "fp.17" */
	addr     start;
	uint32_t flags;
	word     init[KA10_NREG];
	struct ka10_state want;    /* the oracle's (the corpus' o line) */
};

/* An engine of tenvm that runs cases: interp, bt, bt's backends. */
struct ka10_engine {
	const char *name;
	/* Run c (loaded, PC and flags set, budget scheduled) until it stops. */
	enum stop (*run)(struct cpu *c, const void *arg);
	const void *arg;
};
extern const struct ka10_engine ka10_engines[];
extern const unsigned ka10_n_engines;

/* Start every case's image from the defaults. */
void ka10_clear(struct ka10_case *k);

/* Run k from its initial image on engine e into *s.  Returns 0, or -1 if out of memory. */
int ka10_run(const struct ka10_case *k, const struct ka10_engine *e, struct ka10_state *s);

/* Are a and b the same final state?  (outside counts only in b.) */
int ka10_same(const struct ka10_state *a, const struct ka10_state *b);

/* Print how got differs from want, one "  what  want  got" line each, indented. */
void ka10_diff(FILE *f, const struct ka10_case *k, const struct ka10_state *want,
	       const struct ka10_state *got, const char *wname, const char *gname);

/* Print k's program: the changed initial words, code disassembled. */
void ka10_list(FILE *f, const struct ka10_case *k);

/* Write k (with k->want) in the text format. */
void ka10_write(FILE *f, const struct ka10_case *k);

/* Read the next case from f into k; *line counts lines read.  Returns 1 (a
 * case), 0 (end of file) or -1 (a syntax error: message on stderr with file
 * and line). */
int ka10_read(FILE *f, const char *path, unsigned *line, struct ka10_case *k);

#endif
