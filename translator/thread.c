/* thread.c — the portable backend: pre-decoded ops run by threaded dispatch.
 *
 * A block becomes an array of ops, one per guest instruction, each naming its
 * handler.  Hot instructions whose E is known at translation time get a fast
 * path with the real word already found (no decode, no mapping, no fault is
 * possible); every other instruction runs the semantics shared with the
 * interpreter (cpu_semantics), with the machine's PC, instruction address and
 * cycle count made exact first.  Blocks chain to their successors without
 * returning to the dispatcher while no event is due.
 *
 * Handlers are labels dispatched with GNU C's computed goto; other compilers
 * get the same code through a switch (TH_SWITCH).
 */
#include <string.h>
#include "alu.h"
#include "isa.h"
#include "ops.h"
#include "tr.h"

#if !defined(__GNUC__) && !defined(TH_SWITCH)
#define TH_SWITCH 1
#endif

/* The handlers: the fast-path kinds (tr_fast's, in its order), then the block's
 * fall-through end and --profile's counter. */
#define TH_KINDS(X) TR_FAST_KINDS(X) X(END) X(PROF)

enum th_kind {
#define X(k) T_##k,
	TH_KINDS(X)
#undef X
	T_COUNT
};

struct top {
	const void *lab;     /* handler: a label address (or the kind, with TH_SWITCH) */
	word       *p;       /* the real word E names, for fast paths that use one */
	union {
		cpu_op_fn *fn;   /* T_GEN: the semantics or a callout */
		addr       pa;   /* fast paths: the real address of p */
	} u;
	word        ir;
	addr        e;       /* E (when econst); T_END: the next PC */
	addr        pc;
	uint16_t    idx;     /* position in the block */
	uint8_t     ac, x, cond, last, econst, callout;
	uint8_t     skip_over;   /* the next op is a side-exit JRST it may skip */
};

struct thead {
	uint32_t   nochain, nops;
	uint64_t  *count;    /* --profile: where its entries are counted (T_PROF), or NULL */
	const void *first;   /* with count: op[0]'s own handler, which T_PROF goes on to */
	struct top op[];
};

static const void *const *labels;    /* filled by the first th_exec(NULL, ...) */

static struct tc_block *th_exec(struct cpu *c, struct bt *bt, struct tc_block *b);

static size_t th_size(const struct tr_block *d)
{
	return sizeof(struct thead) + (d->n + 1) * sizeof(struct top);
}

static void th_emit(const struct cpu *c, const struct tr_block *d, struct tc_block *b)
{
	if (!labels)
		th_exec(NULL, NULL, NULL);
	struct thead *h = (struct thead *)b->code;
	h->nochain = (uint32_t)d->nochain;
	h->nops = d->n + 1;
	for (unsigned i = 0; i < d->n; i++) {
		const struct tr_insn *in = &d->in[i];
		struct top *o = &h->op[i];
		TR_OP_INIT(o, in, i);
		/* PUSH and POP work E out and map it at run time; SKIP_IF
		 * goes on past a side exit for every conditional kind. */
		struct tr_fast f;
		tr_fast(c, in, TR_FAST_PD_ANY_E | TR_FAST_ALL_OVER, &f);
		enum th_kind k = (enum th_kind)f.kind;
		o->x = (uint8_t)f.x;
		o->cond = (uint8_t)f.cond;
		if (k == T_GEN || k == T_GENL || k == T_GENSKIP) {
			o->u.fn = o->callout ? in->callout : cpu_semantics(in->ir);
		} else if (f.mapped) {
			o->p = &c->mem[f.pa];
			o->u.pa = f.pa;
		}
		o->lab = labels[k];
	}
	/* A block cut by its length or an unfetchable word falls through. */
	struct top *end = &h->op[d->n];
	memset(end, 0, sizeof *end);
	end->lab = labels[T_END];
	end->pc = d->in[d->n - 1].pc;
	end->e = (end->pc + 1) & RH_MASK;
	end->idx = (uint16_t)(d->n - 1);
	end->last = 1;
	/* --profile: every entry (from the runner or a chain) counts first. */
	h->count = tr_profile_n ? tr_profile_slot(c->engine, &b->key, d->n) : NULL;
	h->first = h->op[0].lab;
	if (h->count)
		h->op[0].lab = labels[T_PROF];
}

#ifdef TH_SWITCH
#define CASE(k)   case T_##k:
#define NEXT()    goto dispatch
#else
#define CASE(k)   L_##k:
#define NEXT()    goto *op->lab
#endif

/* Instruction boundary bookkeeping for code that may fault or read the time. */
#define EXACT() (c->cycles = base + op->idx, c->ipc = op->pc, c->pc = (op->pc + 1) & RH_MASK)

/* E of an indexed (not indirect) instruction. */
#define XE() ((op->e + RH(m[op->x])) & RH_MASK)

/* After a slow path that may have moved time (chain levels) or the next
 * event: the rest of the block no longer fits before the event, so a non-last
 * op leaves and the dispatcher goes on one instruction at a time. */
#define OVERRUN() (base + b->n > c->event_at)

/* After a slow path raised an event or invalidated this block: a non-last op
 * leaves before the next instruction (the last op's end, and a skip's
 * SKIP_IF, do the same). */
#define SLOW_EXIT() do { if (!op->last && !op->skip_over) goto leave_after; } while (0)

/* Flags from arithmetic; AROV and FOV may request an interrupt. */
#define FLAGS(fl) do { \
	if (unlikely(fl)) { \
		if (unlikely((fl) & (F_AROV | F_FOV))) { \
			EXACT(); \
			cpu_flags_or(c, fl); \
			if (c->event_at <= c->cycles) \
				SLOW_EXIT(); \
		} else { \
			c->flags |= (fl); \
		} \
	} } while (0)

/* r := a + b, or a - b (as a + ~b + 1), with the KA10's carry flags; the flag
 * word is only worked out when a carry happened.  CARRIES(x) then sets them. */
#define SUM(r, x, a, b) do { word a_ = (a), b_ = (b), s_ = a_ + b_; \
	x = alu_carry_bits(a_, b_, s_); r = s_ & W_MASK; } while (0)
#define DIFF(r, x, a, b) do { word a_ = (a), n_ = ~(word)(b) & W_MASK, s_ = a_ + n_ + 1; \
	x = alu_carry_bits(a_, n_, s_); r = s_ & W_MASK; } while (0)
#define CARRIES(x) do { if (x) { uint32_t fl = alu_carry_flags(x); FLAGS(fl); } } while (0)

/* AOS, SOS: r := C(E) +/- 1 (MAC is SUM or DIFF) to E, to the AC if nonzero,
 * then the flags; a store into this block is acted on by the caller. */
#define XOS(MAC) \
	unsigned x; \
	word r; \
	MAC(r, x, *op->p, 1); \
	STORE_ONLY(r); \
	if (op->ac) \
		m[op->ac] = r; \
	CARRIES(x)

/* A store to the op's real word; a store into translated code invalidates it.
 * STORE_ONLY lets the instruction finish (its AC and flags) before the caller
 * leaves with AFTER_STORE; STORE is for instructions that end with it. */
#define STORE_ONLY(v) do { \
	*op->p = (v); \
	if (unlikely(cmap[op->u.pa])) { \
		EXACT(); \
		c->smc_hook(c, op->u.pa); \
		xit = bt->exit; \
	} } while (0)
#define AFTER_STORE() do { if (unlikely(xit)) SLOW_EXIT(); } while (0)
#define STORE(v) do { STORE_ONLY(v); AFTER_STORE(); } while (0)

/* A T_GEN op's semantics (or callout, which works out E itself where the
 * instruction is emulated), with the PC, time and E exact first; base then
 * takes in any cycles its chain levels took. */
#define GEN_RUN() do { \
	EXACT(); \
	addr e_ = op->econst || op->callout ? op->e : cpu_ea(c, op->ir); \
	op->u.fn(c, op->ir, e_); \
	if (unlikely(c->redo)) \
		cpu_redo(c); \
	xit |= bt->exit; \
	base = c->cycles - op->idx; } while (0)

/* AOJ, SOJ: r := C(AC) +/- 1 (MAC is SUM or DIFF) to the AC, the flags, and
 * the jump on r. */
#define XOJ(MAC) do { \
	unsigned x; \
	word r; \
	MAC(r, x, m[op->ac], 1); \
	m[op->ac] = r; \
	CARRIES(x); \
	JUMP_IF(cond_of(op->cond, r)); } while (0)

/* An indexed store of v (the general path: E maps at run time, may fault). */
#define STOREX(v) do { \
	EXACT(); \
	mem_write(c, XE(), v); \
	xit |= bt->exit; \
	if (unlikely(xit)) \
		goto leave_after; \
	op++; \
	NEXT(); } while (0)

/* The conditional fast paths end their block, or (a skip over a side exit)
 * go on to the JRST, or past it: then it is not run, so the block's later
 * instructions and its end count one instruction less. */
#define SKIP_IF(t)  do { \
	int t_ = (t); \
	npc = (op->pc + (t_ ? 2 : 1)) & RH_MASK; \
	if (!op->skip_over) \
		goto end; \
	if (unlikely(xit || OVERRUN())) {   /* a store into code, an interrupt */ \
		base += op->idx + 1; \
		goto out; \
	} \
	if (t_) { \
		base--; \
		op += 2; \
	} else { \
		op++; \
	} \
	NEXT(); } while (0)
#define JUMP_IF(t)  do { npc = (t) ? op->e : (op->pc + 1) & RH_MASK; goto end; } while (0)

/* Run b and its chained successors (see struct tr_backend). */
static struct tc_block *th_exec(struct cpu *c, struct bt *bt, struct tc_block *b)
{
#ifndef TH_SWITCH
	static const void *const table[T_COUNT] = {
#define X(k) [T_##k] = &&L_##k,
		TH_KINDS(X)
#undef X
	};
	if (!c) {
		labels = table;
		return NULL;
	}
#else
	static const void *table[T_COUNT];
	if (!c) {
		for (uintptr_t k = 0; k < T_COUNT; k++)
			table[k] = (const void *)k;
		labels = table;
		return NULL;
	}
#endif
	word *const m = c->mem;
	const uint8_t *const cmap = c->codemap;
	uint64_t base = c->cycles;     /* the cycle count at the start of b */
	uint64_t nchains = 0;
	const struct thead *hd = (const struct thead *)b->code;
	const struct top *op = hd->op;
	struct tc_block *link = NULL;
	addr npc;
	int xit = 0;             /* bt->exit as last seen: only stores can set it */
#ifdef TH_SWITCH
	enum th_kind kind;
#endif
	bt->running = b;
	NEXT();

#ifdef TH_SWITCH
dispatch:
	kind = (enum th_kind)(uintptr_t)op->lab;
dispatch_kind:
	switch (kind) {
#endif
	CASE(GEN) {
		GEN_RUN();
		if (op->last) {
			npc = c->pc;
			goto end;
		}
		if (unlikely(OVERRUN() || xit))
			goto leave_at_pc;
		op++;
		NEXT();
	}
	CASE(GENSKIP) {
		/* GEN for a skip over a side exit: on past the JRST if it skipped. */
		GEN_RUN();
		if (unlikely(OVERRUN() || xit))
			goto leave_at_pc;
		if (c->pc != ((op->pc + 1) & RH_MASK)) {
			base--;
			op += 2;
		} else {
			op++;
		}
		NEXT();
	}
	CASE(JRSTS) {
		/* A side exit: the instructions after it in the block do not run. */
		npc = op->e;
		base = base + op->idx + 1 - b->n;   /* end: adds b->n back */
		goto end;
	}
	CASE(GENL) {
		op->u.fn(c, op->ir, op->e);
		xit |= bt->exit;
		if (unlikely(OVERRUN() || xit))
			goto leave_after;
		op++;
		NEXT();
	}
	CASE(MOVE) {
		m[op->ac] = *op->p;
		op++;
		NEXT();
	}
	CASE(MOVEI) {
		m[op->ac] = op->e;
		op++;
		NEXT();
	}
	CASE(MOVEM) {
		STORE(m[op->ac]);
		op++;
		NEXT();
	}
	CASE(SETZM) {
		STORE(0);
		op++;
		NEXT();
	}
	CASE(SETOM) {
		STORE(W_MASK);
		op++;
		NEXT();
	}
	CASE(ADD) {
		unsigned x;
		SUM(m[op->ac], x, m[op->ac], *op->p);
		CARRIES(x);
		op++;
		NEXT();
	}
	CASE(ADDI) {
		unsigned x;
		SUM(m[op->ac], x, m[op->ac], op->e);
		CARRIES(x);
		op++;
		NEXT();
	}
	CASE(SUB) {
		unsigned x;
		DIFF(m[op->ac], x, m[op->ac], *op->p);
		CARRIES(x);
		op++;
		NEXT();
	}
	CASE(SUBI) {
		unsigned x;
		DIFF(m[op->ac], x, m[op->ac], op->e);
		CARRIES(x);
		op++;
		NEXT();
	}
	CASE(CAI) {
		word a = m[op->ac];
		SKIP_IF(cond_lt_eq(op->cond, w_sext(a) < (int64_t)op->e, a == (word)op->e));
	}
	CASE(CAM) {
		word a = m[op->ac], v = *op->p;
		SKIP_IF(cond_lt_eq(op->cond, w_sext(a) < w_sext(v), a == v));
	}
	CASE(JUMP) {
		JUMP_IF(cond_of(op->cond, m[op->ac]));
	}
	CASE(SKIP) {
		word v = *op->p;
		if (op->ac)
			m[op->ac] = v;
		SKIP_IF(cond_of(op->cond, v));
	}
	CASE(AOJ) { XOJ(SUM); }
	CASE(SOJ) { XOJ(DIFF); }
	CASE(AOS) {
		XOS(SUM);
		SKIP_IF(cond_of(op->cond, r));
	}
	CASE(SOS) {
		XOS(DIFF);
		SKIP_IF(cond_of(op->cond, r));
	}
	CASE(AOS0) {
		XOS(SUM);
		AFTER_STORE();
		op++;
		NEXT();
	}
	CASE(SOS0) {
		XOS(DIFF);
		AFTER_STORE();
		op++;
		NEXT();
	}
	CASE(JRST) {
		npc = op->e;
		goto end;
	}
	CASE(JRSTX) {
		npc = XE();
		goto end;
	}
	CASE(JSP) {
		/* op_jsp with the PC word made here: no fault, trap or time. */
		m[op->ac] = XWD(c->flags, (op->pc + 1) & RH_MASK);
		c->flags &= ~F_FPD;
		npc = op->e;
		goto end;
	}
	CASE(PUSHJ) {
		EXACT();
		op_pushj(c, op->ir, op->e, 0260, M_B);
		xit |= bt->exit;
		npc = c->pc;
		goto end;
	}
	CASE(POPJ) {
		EXACT();
		op_popj(c, op->ir, op->e, 0263, M_B);
		npc = c->pc;
		goto end;
	}
	CASE(PUSH) {
		EXACT();
		op_push(c, op->ir, op->econst ? op->e : cpu_ea(c, op->ir), 0261, M_B);
		base = c->cycles - op->idx;     /* an indirect E may have taken cycles */
		xit |= bt->exit;
		if (unlikely(xit || OVERRUN()))
			goto leave_after;   /* a store into code, or push-down overflow */
		op++;
		NEXT();
	}
	CASE(POP) {
		EXACT();
		op_pop(c, op->ir, op->econst ? op->e : cpu_ea(c, op->ir), 0262, M_B);
		base = c->cycles - op->idx;     /* an indirect E may have taken cycles */
		xit |= bt->exit;
		if (unlikely(xit || OVERRUN()))
			goto leave_after;
		op++;
		NEXT();
	}
	CASE(MOVEX) {
		EXACT();
		m[op->ac] = mem_read(c, XE());
		op++;
		NEXT();
	}
	CASE(MOVEIX) {
		m[op->ac] = XE();
		op++;
		NEXT();
	}
	CASE(MOVEMX) { STOREX(m[op->ac]); }
	CASE(SETZMX) { STOREX(0); }
	CASE(SETOMX) { STOREX(W_MASK); }
	CASE(ADDX) {
		EXACT();
		unsigned x;
		SUM(m[op->ac], x, m[op->ac], mem_read(c, XE()));
		CARRIES(x);
		op++;
		NEXT();
	}
	CASE(ADDIX) {
		unsigned x;
		SUM(m[op->ac], x, m[op->ac], XE());
		CARRIES(x);
		op++;
		NEXT();
	}
	CASE(SUBX) {
		EXACT();
		unsigned x;
		DIFF(m[op->ac], x, m[op->ac], mem_read(c, XE()));
		CARRIES(x);
		op++;
		NEXT();
	}
	CASE(SKIPX) {
		EXACT();
		word v = mem_read(c, XE());
		if (op->ac)
			m[op->ac] = v;
		SKIP_IF(cond_of(op->cond, v));
	}
	CASE(END) {
		npc = op->e;
		goto end;
	}
	CASE(PROF) {
		(*hd->count)++;
#ifdef TH_SWITCH
		kind = (enum th_kind)(uintptr_t)hd->first;
		goto dispatch_kind;
#else
		goto *hd->first;
#endif
	}
#ifdef TH_SWITCH
	default:
		cpu_panic(c, "translated op of unknown kind %lu", (unsigned long)(uintptr_t)op->lab);
	}
#endif

end:
	/* Every instruction of b has run; npc is the next PC.  Chain to the
	 * successor while nothing needs the dispatcher. */
	base += b->n;
	if (unlikely(xit))
		goto out;
	{
		/* b itself stays valid here: a store into it set xit. */
		struct tc_block *nb = tr_successor(c, bt, b, (int)hd->nochain, npc, base, &nchains, &link);
		if (!nb)
			goto out;
		if (nb != b) {
			b = nb;
			bt->running = b;
			hd = (const struct thead *)b->code;
		}
		op = hd->op;
		NEXT();
	}

leave_at_pc:
	/* A GEN op has run and was not the last: stop where it left the PC (a
	 * callout that goes on may have moved it, and then set xit). */
	base += op->idx + 1;
	npc = c->pc;
	goto out;
leave_after:
	/* op has run and was not the last: stop before the next instruction. */
	base += op->idx + 1;
	npc = (op->pc + 1) & RH_MASK;
out:
	c->cycles = base;
	c->pc = npc;
	bt->running = NULL;
	tc_stats(bt->tc)->chains += nchains;
	return link;
}

const struct tr_backend tr_threaded = { .name = "threaded", .code_size = th_size, .emit = th_emit, .run = th_exec };
