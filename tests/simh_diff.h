/* simh_diff.h — what simh_diff's files share: the case layout, the generator's calls (its common part: proggen.h). */
#ifndef TENVM_SIMH_DIFF_H
#define TENVM_SIMH_DIFF_H

#include <stdint.h>
#include <stdio.h>
#include "cpu.h"
#include "proggen.h"

/* ---- layout ---- */

#define CODE_LO   01000u
#define MAIN_MAX  0377u          /* main code 1000..1376, HALT at most at 1377 */
#define SUB_LO    01400u
#define CODE_HI   01777u
#define CODE_N    (CODE_HI - CODE_LO + 1)
#define DATA_LO   02000u
#define DATA_N    0200u
#define MEM_KW    8u             /* 8K words: 0-17777 */
#define STEP_MAX  4000u          /* instructions a case may run (it needs < 500) */
#define BATCH     200            /* cases per pdp10 process */
#define SIMH_SECS 60             /* wall-clock limit per pdp10 process */

#define HALT_W(a) (0254200000000ULL | (word)(a))   /* JRST 4,a */
#define UNSET_W   HALT_W(0)                          /* every unset code word */
#define FLAG_MASK 0774177u      /* LH flag bits compared: all but 7-10 (KS10 trap flags) */
#define PCW_MASK  (W_MASK & ~((word)03600 << 18))   /* the same in a PC word */

/* ---- random numbers: proggen.h's stream, one per case ---- */

static inline word rword(void) { return rnd() & W_MASK; }

/* ---- one case ---- */

enum { S_NONE, S_HALT, S_BUDGET, S_OTHER };

struct result {
	int      have;
	int      stop;            /* S_* */
	addr     pc;
	uint32_t flags;
	word     ac[16], code[CODE_N], data[DATA_N];
	char     msg[96];         /* simh's stop message */
};

struct kase {
	unsigned num;
	uint64_t seed;
	word     ac[16], data[DATA_N], code[CODE_N];   /* the initial image */
	uint8_t  set[CODE_N];                         /* code words the program uses */
	uint8_t  pcword[CODE_N];                      /* JSR link words: PC words */
	addr     halt_at, code_top;
	struct result tv, sh;
};

extern unsigned opt_len;
extern int verbose;

void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* simh_gen.c: making case k, a pure function of (seed, num); the machine it runs on. */
void gen_case(struct kase *k, uint64_t seed, unsigned num);
struct cpu *new_machine(void);
void load_case(struct cpu *c, const struct kase *k);
void print_stats(unsigned n);
void make_pool(void);                 /* once, before the first case */
int check_program(struct kase *k);    /* does k keep every rule and halt? */
extern uint64_t st_trapbits;

#endif
