/* mem.h — memory references: the mapping of exec and user addresses to real words. */
#ifndef TENVM_MEM_H
#define TENVM_MEM_H

#include "cpu.h"

#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

/* Abandon the running instruction (see enum abort_kind).  Never returns. */
_Noreturn void cpu_abort(struct cpu *c, enum abort_kind k);

/* The real word that user address a names, or an abort (protection or NXM). */
word *mem_user_ref(struct cpu *c, addr a, int write);

/*
 * The real word that address a names in the current mode, for reading or (if
 * write) writing.  Addresses 0-17 are the accumulators in both modes.  Exec
 * addresses are real; user addresses are relocated and checked against the
 * protection registers.  Guarantees: the pointer lies inside c->mem; otherwise
 * the instruction is abandoned through cpu_abort().
 */
static inline word *mem_ref(struct cpu *c, addr a, int write)
{
	if (likely(!c->umode)) {
		if (likely(a < c->memsize))
			return &c->mem[a];
		cpu_abort(c, ABORT_NXM);
	}
	if (likely(a >= 020 && a <= c->apr.lo_lim)) {
		addr pa = (a + c->apr.lo_rel) & RH_MASK;
		if (likely(pa < c->memsize))
			return &c->mem[pa];
	}
	return mem_user_ref(c, a, write);
}

/* An instruction fetch: like mem_read, but a fault leaves the PC at a. */
word cpu_fetch_slow(struct cpu *c, addr a);
static inline word cpu_fetch(struct cpu *c, addr a)
{
	if (likely(!c->umode && a < c->memsize))
		return c->mem[a];
	return cpu_fetch_slow(c, a);
}

static inline word mem_read(struct cpu *c, addr a) { return *mem_ref(c, a, 0); }
static inline void mem_write(struct cpu *c, addr a, word w) { *mem_ref(c, a, 1) = w; }

/* Accumulators: always real words 0-17. */
#define AC(c, n)  ((c)->mem[(n) & 017])

#endif
