/* proggen.h — programs made by running them: what simh_diff's and ka10_gen's generators share. */
#ifndef TENVM_PROGGEN_H
#define TENVM_PROGGEN_H

#include <stdint.h>
#include "cpu.h"

/*
 * Both generators make a program by running it on tenvm's interpreter: each
 * instruction is chosen when the generator's machine arrives at it, knowing
 * the state it will see, so that operands and indirect words stay in the ACs
 * and a data block, jumps go forward inside their routine and every call
 * returns.  This is their common part: the random stream, the operand
 * pickers, E in the present state, the routines (main program and
 * subroutines), the retry loop and the returns, and the "--name value"
 * options of their mains.  What each generator allows (opcodes, values, rules)
 * stays in its own files.
 */

/* ---- random numbers: splitmix64, one stream per case (the generator sets pg_rs) ---- */

extern uint64_t pg_rs;
static inline uint64_t rnd(void)
{
	uint64_t z = (pg_rs += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}
static inline unsigned rn(unsigned n) { return (unsigned)(rnd() % n); }

/* ---- roles ---- */

/* What an instruction's E is to it (each generator draws from its own subset). */
enum role {
	R_NONE,
	R_MEM,      /* an operand address: must be an AC or a data word */
	R_IMM,      /* an immediate value: anything */
	R_FIMM,     /* a floating immediate (the left half of a word) */
	R_SHIFT,    /* a shift count */
	R_JUMP,     /* a jump target: forward, inside the routine */
	R_BYTE,     /* the address of a byte pointer */
	R_PUSH,     /* PUSH: source operand; AC a stack pointer */
	R_POP,      /* POP: destination operand; AC a stack pointer */
	R_XCT,      /* the address of the word to execute */
	R_CALL,     /* JSP, JSR, PUSHJ, JSA: a new subroutine */
	R_RET,      /* POPJ, JRA: only as the return of a subroutine */
	R_UUO,      /* an LUUO: any E */
	R_BLT,      /* BLT: the last destination word */
	R_JRSTF,    /* JRST 2,@literal */
};

/* ---- routines ---- */

/* A routine: the main program or one subroutine.  Code runs forward inside
 * [lo, end]; the word at end is the HALT (main) or the return (subroutine). */
struct region {
	addr     lo, end;
	int      depth;         /* 0 main, 1.. subroutine nesting */
	unsigned call;          /* the calling opcode (0 for main) */
	unsigned link_ac;       /* JSP, PUSHJ, JSA: the AC */
	addr     link_at;       /* JSR, JSA: the link word */
	addr     ret;           /* where the return goes */
};

#define PG_MAX_REGIONS 64

/* The generator's machine and layout, set by the generator before it draws. */
struct proggen {
	struct cpu *m;                  /* the generator's machine */
	addr     data_lo, data_n;       /* the data block: operands and indirect words */
	addr     code_end;              /* the last word subroutines may take */
	int    (*literal)(addr a);      /* may an indirect word also be the code word at a? */
	word   (*try_insn)(addr pc, const struct region *rg, int xdepth);  /* one draw, 0 if it fails */
	int    (*place)(addr a, word w);  /* put code word w at a (an XCT's target); 0 or -1 */
	int      target_first;          /* pg_pick_form draws the operand address before the
					 * form (ka10_gen's order; simh_diff draws it inside) */
	unsigned max_regions;           /* at most PG_MAX_REGIONS */
	struct region regions[PG_MAX_REGIONS];
	unsigned n_regions;
	addr     sub_next;              /* the next free word of the subroutine area */
};
extern struct proggen pg;

/* ---- the present state ---- */

static inline word gm(addr a) { return pg.m->mem[a & RH_MASK]; }
/* Is a an AC or a word of the data block? */
static inline int valid_mem(addr a) { return a < 020 || (a >= pg.data_lo && a < pg.data_lo + pg.data_n); }
/* E of w in the present state, following at most 3 indirect words, each an
 * AC, a data word or a code word pg.literal accepts.  0 if the chain leaves
 * them or is longer. */
int ea_of(word w, addr *e);

/* ---- operands ---- */

addr pick_mem(void);       /* an AC (3 in 10) or a data word */
addr pick_imm(void);       /* an immediate: small, an edge value, two small halves, any */
/* A shift count: small, large, negative, and now and then any 18 bits
 * (only bit 18 and bits 28-35 count). */
addr pick_count(void);
/* I, X and Y bits of an instruction whose E must satisfy kind:
 * 0 an operand address, 1 any value (want = the value if direct or
 * indexed), 2 exactly want (a jump target or a code address).  The caller
 * checks E again: the fallback after 8 draws may not fit. */
word pick_form(int kind, addr want);

/* ---- routines and instructions ---- */

struct region *region_of(addr pc);
/* A new subroutine in the subroutine area for the call op (AC ac) at pc in
 * rg: returns its entry E (its link word for JSR and JSA), or 0 if there is no
 * room.  The caller gives it back (n_regions, sub_next) if the draw fails. */
addr new_sub(unsigned op, unsigned ac, addr pc, const struct region *rg);
/* An instruction for pc (or for an XCT at pc) from up to 200 pg.try_insn
 * draws: never 0, JFCL when none fits. */
word gen_insn(addr pc, const struct region *rg, int xdepth);
/* The form (I, X, Y) of an instruction op whose E has a role both generators
 * treat alike: R_MEM, R_BYTE, R_IMM, R_SHIFT, R_JUMP (a target ahead in rg;
 * JRST's AC 0), R_XCT (an instruction for pc placed in the subroutine area;
 * AC 0).  *want is the E a jump or an XCT must have.  Returns 1 with *form
 * set, 0 if this draw cannot fit, -1 for another role (the caller's). */
int pg_form(enum role role, unsigned op, unsigned *ac, addr pc, const struct region *rg, int xdepth,
	    addr *want, word *form);
/* Does w fit at pc in rg: a skip has a word to skip inside rg, E (into *e)
 * is computable, an operand's E is an AC or a data word, a transfer's is want? */
int pg_fits(word w, enum role role, addr want, addr pc, const struct region *rg, addr *e);
/* The call op at pc in rg (not from an XCT, at most two deep): PUSHJ's AC
 * one that push_ok accepts, JSR's 0, a new subroutine (new_sub) whose entry
 * is *want.  Returns 1 with *form set, or 0 if none fits. */
int pg_call(unsigned op, unsigned *ac, addr pc, const struct region *rg, int xdepth,
	    int (*push_ok)(unsigned k), addr *want, word *form);
/* A random AC k, or the first after it, for which fits(k); -1 if none. */
int pg_stack_ac(int (*fits)(unsigned k));
/* The return of a JSP or JSA subroutine rg for the state at its end (JRST @ac
 * or JRST (ac); JRA), and of any other when its link is gone: JRST back. */
word pg_return(const struct region *rg);

/* ---- mains ---- */

/* The value of option argv[*i] (argv[*i + 1]; *i moves to it; usage() if
 * there is none).  Returns whether it is a number, stored in *x. */
int pg_opt_value(int argc, char **argv, int *i, const char **v, unsigned long long *x,
		 void (*usage)(void));

#endif
