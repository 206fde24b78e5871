/* simh_gen.h — the generator's own state and calls, shared by its two files (simh_gen.c, simh_case.c). */
#ifndef TENVM_SIMH_GEN_H
#define TENVM_SIMH_GEN_H

#include "simh_diff.h"

/* simh_gen.c: operands, rules and instructions; the generator's state while it makes a case. */
enum role role_of(unsigned op);
int pool_has(unsigned op);
extern struct cpu *G;
extern struct kase *K;
extern int trap_pending;
void gen_begin(struct kase *k);       /* K := k, a new generator machine G, proggen set up */
int is_set(addr a);
void set_code(addr a, word w);
int values_ok(word w, addr e);
int may_overflow(word w);
word gen_return(const struct region *rg);
#endif
