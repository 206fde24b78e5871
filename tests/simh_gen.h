/* simh_gen.h — the generator's own state and calls, shared by its two files (simh_gen.c, simh_case.c). */
#ifndef TENVM_SIMH_GEN_H
#define TENVM_SIMH_GEN_H

#include "simh_diff.h"

/* What an instruction's E is to it. */
enum role {
	R_NONE = -1,
	R_MEM,      /* an operand address: must be an AC or a data word */
	R_IMM,      /* an immediate value: anything */
	R_SHIFT,    /* a shift count */
	R_JUMP,     /* a jump target: forward, inside the routine */
	R_BYTE,     /* the address of a byte pointer */
	R_PUSH,     /* PUSH: source operand; AC a stack pointer */
	R_POP,      /* POP: destination operand; AC a stack pointer */
	R_XCT,      /* the address of the word to execute */
	R_CALL,     /* JSP, JSR, PUSHJ, JSA: a new subroutine */
	R_RET,      /* POPJ, JRA: only as the return of a subroutine */
};

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

#define MAX_REGIONS 64

/* simh_gen.c: operands, rules and instructions; the generator's state while it makes a case. */
enum role role_of(unsigned op);
int pool_has(unsigned op);
extern struct region regions[MAX_REGIONS];
extern unsigned n_regions;
extern addr sub_next;
extern struct cpu *G;
extern struct kase *K;
extern int trap_pending;
word gm(addr a);
int valid_mem(addr a);
int is_set(addr a);
void set_code(addr a, word w);
int ea_of(word w, addr *e);
int values_ok(word w, addr e);
int may_overflow(word w);
struct region *region_of(addr pc);
word gen_insn(addr pc, const struct region *rg, int xdepth);
word gen_return(const struct region *rg);
#endif
