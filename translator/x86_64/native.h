/* native.h — the x86-64 backend's shared pieces: a block's ops and head, the run's state, the helpers. */
#ifndef TENVM_NATIVE_H
#define TENVM_NATIVE_H

#include "codebuf.h"
#include "emit.h"
#include "tr.h"

#define NA_INSN_MAX 512      /* host bytes one guest instruction may take (its fast path) */
#define NA_BLOCK_MAX(n) ((size_t)(n) * NA_INSN_MAX + 256)
#define NA_SITES 8           /* chainable ends a block may have */

/* How a guest instruction is done: inline (with its general path as the
 * slow path) or by a helper.  The kinds are tr_fast's (the X kinds' indexed E
 * worked out and mapped inline). */
enum na_kind {
#define X(k) N_##k = TF_##k,
	TR_FAST_KINDS(X)
#undef X
};

/* One guest instruction as host code and helpers see it. */
struct nop {
	cpu_op_fn *fn;       /* its semantics or callout: the general path */
	word       ir;
	addr       e, pc, pa;    /* pa: the real word of a constant E, for inline kinds */
	uint16_t   idx;
	uint8_t    ac, x, last, econst, callout, skip_over, kind, store;
};

struct nhead {
	const uint8_t *entry;        /* the host code (executable view): the first instruction */
	const uint8_t *chain;        /* where a chained predecessor jumps: checks, then entry */
	uint8_t       *code_rw;      /* the writable view of the host code (at chain) */
	uint32_t       nochain, n, host_bytes, nsites;
	/* The ends' patchable code: a static end's jump (jmp[0]), or a dynamic
	 * end's two probes, each a PC (the imm32 of a MOV at pc[i]) and a jump. */
	struct nsite {
		uint32_t jmp[2], pc[2];
		uint8_t  dynamic, next;
	} site[NA_SITES];
	struct nop     op[];
};

/* The run's state, R13 in host code. */
struct nrun {
	uint64_t         base;   /* the cycle count at the start of b */
	struct bt       *bt;
	struct tc_block *b;      /* the block running */
	addr             npc;    /* X_END, X_CHAINED: the next PC; X_OUT: where to stop */
	int              xit;    /* bt->exit as last seen */
	uint32_t         site;   /* X_CHAINED: the end b left by, or ~0 */
	uint64_t         nchains;    /* chained entries made by host code */
	uint32_t         cry;        /* F_CRY0 | F_CRY1 (for CMOVcc in host code) */
};

/* Helper and block statuses (EAX).  X_END: b ran to its end (the runner adds
 * its length); X_CHAINED: an end that added b's length to base itself and may
 * be patched to chain (r->b is the block it left, r->site which end). */
enum { X_GO = 0, X_END = 1, X_OUT = 2, X_SKIP = 3, X_CHAINED = 4 };

/* The general paths (helpers.c): each makes the machine exact as the
 * interpreter would see it before anything that may fault or read the time,
 * and returns a status. */
typedef int na_helper(struct cpu *c, struct nrun *r, const struct nop *op);
na_helper h_gen, h_genskip, h_genl, h_pushj, h_popj, h_pushpop, h_jsp;
/* A store to real word pa (op->pa, or ECX for indexed stores) hit translated code. */
int h_smc(struct cpu *c, struct nrun *r, const struct nop *op, unsigned pa);

/* Block translation (translate.c): the host code of the ops h->op[0..n) of
 * block b, translated on machine c, into e (its chain entry first), its ends
 * chainable through h->site[]; exit is the epilogue; with count non-NULL it
 * counts its entries there.  Returns the offset of its first instruction. */
size_t na_translate(struct emit *e, const struct cpu *c, struct nhead *h, struct tc_block *b,
		    uintptr_t exit, uint64_t *count);
/* (native.c) Point end `site` of the block whose code starts at rw (rx when run) at
 * target, the chain entry of the block at guest address pc; returns the
 * offset and length of the bytes rewritten. */
void na_patch(struct nsite *site, uint8_t *rw, uintptr_t rx, addr pc, uintptr_t target,
	      uint32_t *off, uint32_t *len);

#endif
