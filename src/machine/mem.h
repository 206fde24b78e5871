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
 * Map address a of the current mode to a real address without side effects:
 * returns 1 and sets *pa, 0 for a protection violation, -1 for nonexistent
 * memory.  Addresses 0-17 are the accumulators in both modes; exec addresses
 * are real; user addresses are relocated by the low or high segment.
 */
static inline int mem_map(const struct cpu *c, int user, addr a, int write, addr *pa)
{
	addr r = a;
	if (user && a >= 020) {
		const struct apr *ap = &c->apr;
		if (a <= ap->lo_lim)
			r = (a + ap->lo_rel) & RH_MASK;
		else if ((a & RH_SIGN) && a <= ap->hi_lim && !(write && ap->hi_wp))
			r = (a + ap->hi_rel) & RH_MASK;
		else
			return 0;
	}
	if (r >= c->memsize)
		return -1;
	*pa = r;
	return 1;
}

/*
 * The real word that address a names in the current mode, for reading or (if
 * write) writing.  Guarantees: the pointer lies inside c->mem; otherwise the
 * instruction is abandoned through cpu_abort().
 */
static inline __attribute__((always_inline)) word *mem_ref(struct cpu *c, addr a, int write)
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

/* A store into a real word that translated code was made from: tell the engine. */
static inline void mem_stored(struct cpu *c, addr pa)
{
	if (unlikely(c->codemap[pa]))
		c->smc_hook(c, pa);
}

static inline __attribute__((always_inline)) word mem_read(struct cpu *c, addr a) { return *mem_ref(c, a, 0); }

/* Every store to guest memory comes through here or mem_phys_write, so that
 * a store into translated code is always seen. */
static inline __attribute__((always_inline)) void mem_write(struct cpu *c, addr a, word w)
{
	word *p = mem_ref(c, a, 1);
	*p = w;
	mem_stored(c, (addr)(p - c->mem));
}
static inline void mem_phys_write(struct cpu *c, addr pa, word w)
{
	c->mem[pa] = w;
	mem_stored(c, pa);
}

/* An instruction fetch: like mem_read, but a fault leaves the PC at a. */
word cpu_fetch_slow(struct cpu *c, addr a);
static inline __attribute__((always_inline)) word cpu_fetch(struct cpu *c, addr a)
{
	if (likely(!c->umode)) {
		if (likely(a < c->memsize))
			return c->mem[a];
	} else if (likely(a >= 020 && a <= c->apr.lo_lim)) {   /* user code: a monitor's guests */
		addr pa = (a + c->apr.lo_rel) & RH_MASK;
		if (likely(pa < c->memsize))
			return c->mem[pa];
	}
	return cpu_fetch_slow(c, a);
}


/* Accumulators: always real words 0-17. */
#define AC(c, n)  ((c)->mem[(n) & 017])

#endif
