/* native.c — the x86-64 backend: each block becomes host code, hot instructions inline.
 *
 * A block's code runs with the machine pinned in callee-saved registers
 * (RBX the cpu, R12 real memory, R13 the run's state, R14 the code map, R15
 * the 36-bit mask), entered through one shared trampoline and left through
 * its epilogue with a status in EAX.  Hot instructions whose E is known at
 * translation time are inline (their real word found then, as in the
 * threaded backend); every other instruction calls a helper here that makes
 * the PC, instruction address and cycle count exact and runs the semantics
 * shared with the interpreter, so a fault's longjmp to bt_run finds the
 * machine as the interpreter would leave it.  Carries are worked out inline
 * and the flags only set (by a call) when one happened.  Between blocks the
 * runner chains without returning to the dispatcher while no event is due.
 */
#include <stdlib.h>
#include <string.h>
#include "alu.h"
#include "codebuf.h"
#include "emit.h"
#include "isa.h"
#include "ops.h"
#include "tr.h"

#define NA_INSN_MAX 320      /* host bytes one guest instruction may take */
#define NA_BLOCK_MAX(n) ((size_t)(n) * NA_INSN_MAX + 256)

enum na_kind {
	N_GEN, N_GENL, N_GENSKIP, N_JRSTS, N_MOVE, N_MOVEI, N_MOVEM, N_SETZM, N_SETOM,
	N_ADD, N_ADDI, N_SUB, N_SUBI, N_AOS0, N_SOS0, N_CAI, N_CAM, N_JUMP, N_SKIP,
	N_AOJ, N_SOJ, N_AOS, N_SOS, N_JRST, N_PUSHJ, N_POPJ, N_PUSH, N_POP, N_JSP,
};

/* One guest instruction as the helpers see it. */
struct nop {
	cpu_op_fn *fn;       /* N_GEN*: the semantics or a callout */
	word       ir;
	addr       e, pc, pa;
	uint16_t   idx;
	uint8_t    ac, last, econst, callout, skip_over, kind;
};

#define NA_SITES 8            /* chainable ends a block may have */

struct nhead {
	const uint8_t *entry;        /* the host code (executable view): the first instruction */
	const uint8_t *chain;        /* where a chained predecessor jumps: checks, then entry */
	uint8_t       *code_rw;      /* the writable view of the host code */
	uint32_t       nochain, n, host_bytes, nsites;
	uint32_t       site[NA_SITES];   /* offsets of the patchable jumps of the ends */
	struct nop     op[];
};

/* The run's state, R13 in host code. */
struct nrun {
	uint64_t         base;   /* the cycle count at the start of b */
	struct bt       *bt;
	struct tc_block *b;
	addr             npc;    /* X_END: the next PC; X_OUT: where to stop */
	int              xit;    /* bt->exit as last seen */
	uint32_t         site;   /* X_CHAINED: the end b left by */
	uint64_t         nchains;    /* chained entries made by host code */
};

/* Helper and block statuses (EAX).  X_END: b ran to its end; X_CHAINED: an
 * end that adds b's length to base itself and may be patched to chain (r->b
 * is the block it left, r->site which end). */
enum { X_GO = 0, X_END = 1, X_OUT = 2, X_SKIP = 3, X_CHAINED = 4 };

struct nstate {
	struct codebuf cb;
	uint64_t       epoch;
	size_t         tramp;        /* bytes of the trampoline at the start of cb */
	uintptr_t      exit_rx;      /* the epilogue every block leaves through */
};

typedef int na_enter_fn(struct cpu *c, word *mem, struct nrun *r, const uint8_t *cmap, const uint8_t *entry);

/* ---- helpers called from host code ---- */

#define EXACT() (c->cycles = r->base + op->idx, c->ipc = op->pc, c->pc = (op->pc + 1) & RH_MASK)
#define OVERRUN() (r->base + r->b->n > c->event_at)

static int leave_after(struct nrun *r, const struct nop *op)
{
	r->base += op->idx + 1u;
	r->npc = (op->pc + 1) & RH_MASK;
	return X_OUT;
}

static int leave_at_pc(struct cpu *c, struct nrun *r, const struct nop *op)
{
	r->base += op->idx + 1u;
	r->npc = c->pc;
	return X_OUT;
}

static void gen_run(struct cpu *c, struct nrun *r, const struct nop *op)
{
	EXACT();
	addr e = op->econst || op->callout ? op->e : cpu_ea(c, op->ir);
	op->fn(c, op->ir, e);
	if (unlikely(c->redo))
		cpu_redo(c);
	r->xit |= r->bt->exit;
	r->base = c->cycles - op->idx;
}

static int h_gen(struct cpu *c, struct nrun *r, const struct nop *op)
{
	gen_run(c, r, op);
	if (op->last) {
		r->npc = c->pc;
		return X_END;
	}
	return unlikely(OVERRUN() || r->xit) ? leave_at_pc(c, r, op) : X_GO;
}

/* A skip over a side exit: X_SKIP when it skipped (past the JRST). */
static int h_genskip(struct cpu *c, struct nrun *r, const struct nop *op)
{
	gen_run(c, r, op);
	if (unlikely(OVERRUN() || r->xit))
		return leave_at_pc(c, r, op);
	if (c->pc != ((op->pc + 1) & RH_MASK)) {
		r->base--;
		return X_SKIP;
	}
	return X_GO;
}

/* A plain call: no fault, transfer or time is possible (see lite()). */
static int h_genl(struct cpu *c, struct nrun *r, const struct nop *op)
{
	op->fn(c, op->ir, op->e);
	r->xit |= r->bt->exit;
	return unlikely(OVERRUN() || r->xit) ? leave_after(r, op) : X_GO;
}

/* A store hit translated code: invalidate; a plain store leaves if that hit
 * the running block, others finish first (h_after). */
static int h_smc(struct cpu *c, struct nrun *r, const struct nop *op)
{
	EXACT();
	c->smc_hook(c, op->pa);
	r->xit = r->bt->exit;
	int plain = op->kind == N_MOVEM || op->kind == N_SETZM || op->kind == N_SETOM;
	return plain && r->xit && !op->last && !op->skip_over ? leave_after(r, op) : X_GO;
}

static int h_after(struct cpu *c, struct nrun *r, const struct nop *op)
{
	(void)c;
	return r->xit && !op->last && !op->skip_over ? leave_after(r, op) : X_GO;
}

/* Carries x (alu_carry_bits) happened: set the flags; AROV may request an interrupt. */
static int h_carry(struct cpu *c, struct nrun *r, const struct nop *op, unsigned x)
{
	uint32_t fl = alu_carry_flags(x);
	if (unlikely(fl & (F_AROV | F_FOV))) {
		EXACT();
		cpu_flags_or(c, fl);
		if (c->event_at <= c->cycles && !op->last && !op->skip_over)
			return leave_after(r, op);
	} else {
		c->flags |= fl;
	}
	return X_GO;
}

static int h_pushj(struct cpu *c, struct nrun *r, const struct nop *op)
{
	EXACT();
	op_pushj(c, op->ir, op->e, 0260, M_B);
	r->xit |= r->bt->exit;
	r->npc = c->pc;
	return X_END;
}

static int h_popj(struct cpu *c, struct nrun *r, const struct nop *op)
{
	EXACT();
	op_popj(c, op->ir, op->e, 0263, M_B);
	r->npc = c->pc;
	return X_END;
}

static int h_pushpop(struct cpu *c, struct nrun *r, const struct nop *op)
{
	EXACT();
	addr e = op->econst ? op->e : cpu_ea(c, op->ir);
	if (op->kind == N_PUSH)
		op_push(c, op->ir, e, 0261, M_B);
	else
		op_pop(c, op->ir, e, 0262, M_B);
	r->base = c->cycles - op->idx;     /* an indirect E may have taken cycles */
	r->xit |= r->bt->exit;
	return unlikely(r->xit || OVERRUN()) ? leave_after(r, op) : X_GO;
}

static int h_jsp(struct cpu *c, struct nrun *r, const struct nop *op)
{
	c->mem[op->ac] = XWD(c->flags, (op->pc + 1) & RH_MASK);
	c->flags &= ~F_FPD;
	r->npc = op->e;
	return X_END;
}

typedef int helper_fn(struct cpu *c, struct nrun *r, const struct nop *op);

/* ---- choosing ---- */

/* The real word of a constant E, as thread.c's fast paths find it. */
static int fast_ref(const struct cpu *c, const struct tr_insn *in, int write, addr *pa)
{
	return mem_map(c, c->umode, in->e, write, pa) == 1;
}

static enum na_kind choose(const struct cpu *c, const struct tr_insn *in, struct nop *o)
{
	if (in->act != TR_DIRECT)
		return N_GEN;
	unsigned op = I_OP(in->ir);
	if (op == 0261 || op == 0262)          /* PUSH, POP: any E */
		return op == 0261 ? N_PUSH : N_POP;
	if (!in->e_const)
		return N_GEN;
	addr *pa = &o->pa;
	switch (op) {
	case 0200: return fast_ref(c, in, 0, pa) ? N_MOVE : N_GEN;
	case 0201: return N_MOVEI;
	case 0202: return fast_ref(c, in, 1, pa) ? N_MOVEM : N_GEN;
	case 0402: return fast_ref(c, in, 1, pa) ? N_SETZM : N_GEN;
	case 0476: return fast_ref(c, in, 1, pa) ? N_SETOM : N_GEN;
	case 0270: return fast_ref(c, in, 0, pa) ? N_ADD : N_GEN;
	case 0271: return N_ADDI;
	case 0274: return fast_ref(c, in, 0, pa) ? N_SUB : N_GEN;
	case 0275: return N_SUBI;
	case 0254: return I_AC(in->ir) ? N_GEN : N_JRST;
	case 0260: return N_PUSHJ;
	case 0263: return N_POPJ;
	case 0265: return N_JSP;
	}
	if (op == 0350 || op == 0370)          /* AOS, SOS with no condition */
		return fast_ref(c, in, 1, pa) ? (op == 0350 ? N_AOS0 : N_SOS0) : N_GEN;
	if (!in->last)                         /* the conditional fast paths end their block */
		return N_GEN;
	switch (op & 0770) {
	case 0300: return N_CAI;
	case 0310: return fast_ref(c, in, 0, pa) ? N_CAM : N_GEN;
	case 0320: return N_JUMP;
	case 0330: return fast_ref(c, in, 0, pa) ? N_SKIP : N_GEN;
	case 0340: return N_AOJ;
	case 0350: return fast_ref(c, in, 1, pa) ? N_AOS : N_GEN;
	case 0360: return N_SOJ;
	case 0370: return fast_ref(c, in, 1, pa) ? N_SOS : N_GEN;
	}
	return N_GEN;
}

/* Whether an instruction without a fast path may run as a plain call (see
 * thread.c's lite: no transfer, skip, trap, I/O, time; E constant and mapped
 * for writing; not the block's last). */
static int lite(const struct cpu *c, const struct tr_insn *in)
{
	addr pa;
	return in->act == TR_DIRECT && !in->last && in->e_const &&
	       !(in->cls & (TR_NOT_STRAIGHT | K_SKIP | K_MEMX)) && fast_ref(c, in, 1, &pa);
}

/* ---- emitting ---- */

#define RC   ZYDIS_REGISTER_RBX
#define RM   ZYDIS_REGISTER_R12
#define RR   ZYDIS_REGISTER_R13
#define RMAP ZYDIS_REGISTER_R14
#define RW   ZYDIS_REGISTER_R15
#define RAX  ZYDIS_REGISTER_RAX
#define RCX  ZYDIS_REGISTER_RCX
#define RDX  ZYDIS_REGISTER_RDX
#define RSI  ZYDIS_REGISTER_RSI
#define RDI  ZYDIS_REGISTER_RDI
#define NOREG ZYDIS_REGISTER_NONE
#define MN(x) ZYDIS_MNEMONIC_##x

#define W(a) ((int32_t)((a) * 8))            /* displacement of real word a from R12 */
#define OFF(f) ((int32_t)offsetof(struct nrun, f))

struct gen {
	struct emit    e;
	uintptr_t      exit;     /* the epilogue */
	const struct nop *op;
	unsigned       lab0;     /* label of instruction 0; lab0 + n is the block's end */
	unsigned       n;
	unsigned       chained;  /* label of the ends' common exit */
	struct nhead  *h;
};

/* Call helper h(c, r, op[, ECX]) and leave the block unless it says go on. */
static void call_helper(struct gen *g, helper_fn *h, int with_ecx)
{
	struct emit *e = &g->e;
	if (with_ecx)
		emit_alu_rr(e, MN(MOV), ZYDIS_REGISTER_ECX, ZYDIS_REGISTER_EAX);
	emit_mov_rr(e, RDI, RC);
	emit_mov_rr(e, RSI, RR);
	emit_mov_ri(e, RDX, (uint64_t)(uintptr_t)g->op);
	emit_mov_ri(e, RAX, (uint64_t)(uintptr_t)h);
	emit_op_r(e, MN(CALL), RAX);
}
static void call_go(struct gen *g, helper_fn *h)
{
	call_helper(g, h, 0);
	emit_alu_rr(&g->e, MN(TEST), ZYDIS_REGISTER_EAX, ZYDIS_REGISTER_EAX);
	emit_jmp_abs(&g->e, MN(JNZ), g->exit);
}

/* End the block with the next PC npc (having run `ran` of its instructions):
 * through a jump that the runner patches to chain to the successor. */
static void end_ran(struct gen *g, addr npc, unsigned ran)
{
	struct nhead *h = g->h;
	emit_store_i(&g->e, RR, OFF(npc), 4, (int32_t)npc);
	if (h->nsites == NA_SITES || h->nochain) {
		emit_alu_mi(&g->e, MN(ADD), RR, OFF(base), 8, (int32_t)ran);
		emit_mov_ri(&g->e, ZYDIS_REGISTER_EAX, X_CHAINED);
		emit_store_i(&g->e, RR, OFF(site), 4, -1);
		emit_jmp_abs(&g->e, MN(JMP), g->exit);
		return;
	}
	emit_store_i(&g->e, RR, OFF(site), 4, (int32_t)h->nsites);
	emit_alu_mi(&g->e, MN(ADD), RR, OFF(base), 8, (int32_t)ran);
	h->site[h->nsites++] = (uint32_t)g->e.pos;
	emit_jcc(&g->e, MN(JMP), g->chained);
}
static void end_at(struct gen *g, addr npc) { end_ran(g, npc, g->n); }

/* RAX := the 36-bit word in RAX sign-extended to 64 bits. */
static void sext(struct emit *e, ereg r)
{
	emit_alu_ri(e, MN(SHL), r, 28);
	emit_alu_ri(e, MN(SAR), r, 28);
}

/* End on condition k (cond_lt_eq) of the signed compare just made: to
 * `taken` if it holds, else to the next instruction. */
static void end_if(struct gen *g, unsigned k, addr taken)
{
	static const emn jcc[8] = { 0, MN(JL), MN(JZ), MN(JLE), 0, MN(JNL), MN(JNZ), MN(JNLE) };
	addr next = (g->op->pc + 1) & RH_MASK;
	k &= 7;
	if (k == 0) {
		end_at(g, next);
		return;
	}
	if (k == 4) {
		end_at(g, taken);
		return;
	}
	unsigned l = emit_label(&g->e);
	emit_jcc(&g->e, jcc[k], l);
	end_at(g, next);
	emit_bind(&g->e, l);
	end_at(g, taken);
}

/* The smc check after a store to the op's real word. */
static void smc_check(struct gen *g)
{
	unsigned l = emit_label(&g->e);
	emit_alu_mi(&g->e, MN(CMP), RMAP, (int32_t)g->op->pa, 1, 0);
	emit_jcc(&g->e, MN(JZ), l);
	call_go(g, h_smc);
	emit_bind(&g->e, l);
}

/*
 * dst := a + b + cin with the KA10's carries: a from word `asrc`, b in RCX
 * (already set), the 36-bit result stored to the words in dst[] (-1 ends),
 * then the flags by a call only if a carry happened.
 */
static void sum(struct gen *g, addr asrc, int cin, const long *dst, int smc)
{
	struct emit *e = &g->e;
	emit_load(e, RAX, RM, W(asrc));
	emit_lea(e, RDX, RAX, RCX, cin);
	emit_mov_rr(e, RSI, RDX);
	emit_alu_rr(e, MN(AND), RSI, RW);
	for (; *dst >= 0; dst++)
		emit_store(e, RM, W(*dst), RSI);
	emit_alu_rr(e, MN(XOR), RAX, RCX);
	emit_alu_rr(e, MN(XOR), RAX, RDX);
	emit_alu_ri(e, MN(SHR), RAX, 35);
	if (smc) {          /* the store's invalidation first: it may be this block */
		emit_mov_rr(e, RDI, RAX);
		emit_op_r(e, MN(PUSH), RDI);
		emit_op_r(e, MN(PUSH), RDI);
		smc_check(g);
		emit_op_r(e, MN(POP), RAX);
		emit_op_r(e, MN(POP), RAX);
	}
	unsigned ok = emit_label(e);
	emit_alu_ri(e, MN(AND), ZYDIS_REGISTER_EAX, 3);
	emit_jcc(e, MN(JZ), ok);
	call_helper(g, (helper_fn *)(void (*)(void))h_carry, 1);
	emit_alu_rr(e, MN(TEST), ZYDIS_REGISTER_EAX, ZYDIS_REGISTER_EAX);
	emit_jmp_abs(e, MN(JNZ), g->exit);
	emit_bind(e, ok);
	if (smc) {
		unsigned l = emit_label(e);
		emit_alu_mi(e, MN(CMP), RR, OFF(xit), 4, 0);
		emit_jcc(e, MN(JZ), l);
		call_go(g, h_after);
		emit_bind(e, l);
	}
}

static void emit_op(struct gen *g, const struct nop *o, unsigned i)
{
	struct emit *e = &g->e;
	unsigned k = o->kind, cond = I_OP(o->ir) & 7;
	long dst[3] = { o->ac, -1, -1 };
	switch (k) {
	case N_GEN:
		call_go(g, h_gen);
		break;
	case N_GENL:
		call_go(g, h_genl);
		break;
	case N_GENSKIP: {
		call_helper(g, h_genskip, 0);
		emit_alu_ri(e, MN(CMP), ZYDIS_REGISTER_EAX, X_SKIP);
		emit_jcc(e, MN(JZ), g->lab0 + i + 2);
		emit_alu_rr(e, MN(TEST), ZYDIS_REGISTER_EAX, ZYDIS_REGISTER_EAX);
		emit_jmp_abs(e, MN(JNZ), g->exit);
		break;
	}
	case N_JRSTS:   /* a side exit: the later instructions do not run */
		end_ran(g, o->e, o->idx + 1u);
		break;
	case N_MOVE:
		emit_load(e, RAX, RM, W(o->pa));
		emit_store(e, RM, W(o->ac), RAX);
		break;
	case N_MOVEI:
		emit_store_i(e, RM, W(o->ac), 8, (int32_t)o->e);
		break;
	case N_MOVEM:
	case N_SETZM:
	case N_SETOM:
		if (k == N_MOVEM)
			emit_load(e, RAX, RM, W(o->ac));
		else if (k == N_SETZM)
			emit_alu_rr(e, MN(XOR), ZYDIS_REGISTER_EAX, ZYDIS_REGISTER_EAX);
		else
			emit_mov_rr(e, RAX, RW);
		emit_store(e, RM, W(o->pa), RAX);
		smc_check(g);
		break;
	case N_ADD:
	case N_SUB:
		emit_load(e, RCX, RM, W(o->pa));
		if (k == N_SUB)
			emit_alu_rr(e, MN(XOR), RCX, RW);
		sum(g, o->ac, k == N_SUB, dst, 0);
		break;
	case N_ADDI:
		emit_mov_ri(e, RCX, o->e);
		sum(g, o->ac, 0, dst, 0);
		break;
	case N_SUBI:
		emit_mov_ri(e, RCX, ~(word)o->e & W_MASK);
		sum(g, o->ac, 1, dst, 0);
		break;
	case N_AOS0: case N_SOS0: case N_AOS: case N_SOS: {
		int up = k == N_AOS0 || k == N_AOS;
		emit_mov_ri(e, RCX, up ? 1 : W_MASK - 1);
		dst[0] = o->pa;
		dst[1] = o->ac ? o->ac : -1;
		sum(g, o->pa, !up, dst, 1);
		if (k == N_AOS || k == N_SOS) {
			emit_load(e, RAX, RM, W(o->pa));
			sext(e, RAX);
			emit_alu_ri(e, MN(CMP), RAX, 0);
			end_if(g, cond, (o->pc + 2) & RH_MASK);
		}
		break;
	}
	case N_AOJ:
	case N_SOJ:
		emit_mov_ri(e, RCX, k == N_AOJ ? 1 : W_MASK - 1);
		sum(g, o->ac, k == N_SOJ, dst, 0);
		emit_load(e, RAX, RM, W(o->ac));
		sext(e, RAX);
		emit_alu_ri(e, MN(CMP), RAX, 0);
		end_if(g, cond, o->e);
		break;
	case N_CAI:
	case N_CAM:
		emit_load(e, RAX, RM, W(o->ac));
		sext(e, RAX);
		if (k == N_CAI) {
			emit_alu_ri(e, MN(CMP), RAX, (int32_t)o->e);
		} else {
			emit_load(e, RCX, RM, W(o->pa));
			sext(e, RCX);
			emit_alu_rr(e, MN(CMP), RAX, RCX);
		}
		end_if(g, cond, (o->pc + 2) & RH_MASK);
		break;
	case N_JUMP:
		emit_load(e, RAX, RM, W(o->ac));
		sext(e, RAX);
		emit_alu_ri(e, MN(CMP), RAX, 0);
		end_if(g, cond, o->e);
		break;
	case N_SKIP:
		emit_load(e, RAX, RM, W(o->pa));
		if (o->ac)
			emit_store(e, RM, W(o->ac), RAX);
		sext(e, RAX);
		emit_alu_ri(e, MN(CMP), RAX, 0);
		end_if(g, cond, (o->pc + 2) & RH_MASK);
		break;
	case N_JRST:
		end_at(g, o->e);
		break;
	case N_PUSHJ:
		call_go(g, h_pushj);
		break;
	case N_POPJ:
		call_go(g, h_popj);
		break;
	case N_PUSH:
	case N_POP:
		call_go(g, h_pushpop);
		break;
	case N_JSP:
		call_go(g, h_jsp);
		break;
	}
}

/*
 * Where a chained predecessor enters b (its end has set npc and site and
 * added its length to base): on to b's first instruction if the run goes on
 * (no exit asked, no event due inside b, b still valid), with b the running
 * block; else back to the runner as the predecessor's X_CHAINED end.
 */
static void chain_entry(struct gen *g, struct tc_block *b)
{
	struct emit *e = &g->e;
	emit_alu_mi(e, MN(CMP), RR, OFF(xit), 4, 0);
	emit_jcc(e, MN(JNZ), g->chained);
	emit_load(e, RAX, RR, OFF(base));
	emit_alu_ri(e, MN(ADD), RAX, (int32_t)g->n);
	emit_alu_rm(e, MN(CMP), RAX, RC, (int32_t)offsetof(struct cpu, event_at));
	emit_jcc(e, MN(JNBE), g->chained);
	emit_mov_ri(e, RAX, (uint64_t)(uintptr_t)b);
	emit_alu_mi(e, MN(CMP), RAX, (int32_t)offsetof(struct tc_block, valid), 4, 0);
	emit_jcc(e, MN(JZ), g->chained);
	emit_store(e, RR, OFF(b), RAX);
	emit_load(e, RCX, RR, OFF(bt));
	emit_store(e, RCX, (int32_t)offsetof(struct bt, running), RAX);
	emit_alu_mi(e, MN(ADD), RR, OFF(nchains), 8, 1);
}

/* Make end `site` of the block with head h jump straight to nb's chain entry. */
static void patch(struct nhead *h, uint32_t site, const struct tc_block *nb)
{
	const struct nhead *nh = (const struct nhead *)nb->code;
	struct emit e;
	emit_init(&e, h->code_rw + h->site[site], (uintptr_t)h->chain + h->site[site], 5);
	emit_jmp_abs(&e, MN(JMP), (uintptr_t)nh->chain);
}

/* ---- the backend ---- */

static size_t na_size(const struct tr_block *d)
{
	/* The ops, and an estimate of the host code (which lives in the code
	 * buffer, bounded by room()) so that the cache's capacity stays meaningful. */
	return sizeof(struct nhead) + d->n * (sizeof(struct nop) + 48);
}

static int na_room(struct bt *bt, const struct tr_block *d)
{
	struct nstate *s = bt->bstate;
	if (s->epoch != tc_epoch(bt->tc))
		return 1;           /* emit starts the buffer over */
	return s->cb.size - s->cb.used >= NA_BLOCK_MAX(d->n);
}

static void na_emit(const struct cpu *c, const struct tr_block *d, struct tc_block *b)
{
	struct bt *bt = c->engine;
	struct nstate *s = bt->bstate;
	if (s->epoch != tc_epoch(bt->tc)) {     /* a flush: every block's code is dead */
		s->epoch = tc_epoch(bt->tc);
		s->cb.used = s->tramp;
	}
	struct nhead *h = (struct nhead *)b->code;
	h->nochain = (uint32_t)d->nochain;
	h->n = d->n;
	for (unsigned i = 0; i < d->n; i++) {
		const struct tr_insn *in = &d->in[i];
		struct nop *o = &h->op[i];
		memset(o, 0, sizeof *o);
		o->ir = in->ir;
		o->e = in->e;
		o->pc = in->pc;
		o->idx = (uint16_t)i;
		o->ac = (uint8_t)I_AC(in->ir);
		o->last = (uint8_t)in->last;
		o->econst = (uint8_t)in->e_const;
		o->skip_over = (uint8_t)in->skip_over;
		o->callout = in->act == TR_CALLOUT;
		enum na_kind k = choose(c, in, o);
		if (k == N_GEN && lite(c, in))
			k = N_GENL;
		if (in->side_exit)
			k = N_JRSTS;
		else if (k == N_GEN && in->skip_over)
			k = N_GENSKIP;
		o->kind = (uint8_t)k;
		if (k == N_GEN || k == N_GENL || k == N_GENSKIP)
			o->fn = o->callout ? in->callout : cpu_semantics(in->ir);
	}
	long off = codebuf_take(&s->cb, NA_BLOCK_MAX(d->n));
	if (off < 0)
		cpu_panic(c, "native: no room for the block at %06o in the code buffer", d->in[0].pc);
	struct gen g;
	emit_init(&g.e, s->cb.rw + off, (uintptr_t)s->cb.rx + (uintptr_t)off, NA_BLOCK_MAX(d->n));
	g.exit = s->exit_rx;
	g.n = d->n;
	g.h = h;
	h->nsites = 0;
	g.lab0 = 0;
	for (unsigned i = 0; i <= d->n; i++)
		emit_label(&g.e);
	g.chained = emit_label(&g.e);
	chain_entry(&g, b);
	h->entry = s->cb.rx + off + g.e.pos;
	for (unsigned i = 0; i < d->n; i++) {
		emit_bind(&g.e, g.lab0 + i);
		g.op = &h->op[i];
		size_t at = g.e.pos;
		emit_op(&g, g.op, i);
		if (g.e.pos - at > NA_INSN_MAX)
			g.e.failed = 1;
	}
	/* A block cut by its length or an unfetchable word falls through. */
	emit_bind(&g.e, g.lab0 + d->n);
	g.op = &h->op[d->n - 1];
	end_at(&g, (d->in[d->n - 1].pc + 1) & RH_MASK);
	emit_bind(&g.e, g.chained);
	emit_mov_ri(&g.e, ZYDIS_REGISTER_EAX, X_CHAINED);
	emit_jmp_abs(&g.e, MN(JMP), g.exit);
	if (emit_finish(&g.e))
		cpu_panic(c, "native: the block at %06o could not be encoded", d->in[0].pc);
	codebuf_trim(&s->cb, off, g.e.pos);
	h->chain = s->cb.rx + off;
	h->code_rw = s->cb.rw + off;
	h->host_bytes = (uint32_t)g.e.pos;
}

/* Run b and its chained successors (see struct tr_backend). */
static struct tc_block *na_run(struct cpu *c, struct bt *bt, struct tc_block *b)
{
	struct nstate *s = bt->bstate;
	na_enter_fn *enter = (na_enter_fn *)(void *)s->cb.rx;
	struct nrun r = { .base = c->cycles, .bt = bt, .b = b, .npc = c->pc, .xit = 0 };
	uint64_t nchains = 0;
	struct tc_block *link = NULL;
	bt->running = b;
	for (;;) {
		int k = enter(c, c->mem, &r, c->codemap, ((const struct nhead *)b->code)->entry);
		b = r.b;            /* host code may have chained on */
		if (k == X_OUT)
			break;
		if (k == X_END)
			r.base += b->n;
		if (unlikely(r.xit))
			break;
		struct nhead *h = (struct nhead *)b->code;
		struct tc_block *nb = tr_successor(c, bt, b, (int)h->nochain, r.npc, r.base, &nchains, &link);
		if (!nb)
			break;
		if (k == X_CHAINED && r.site < h->nsites)
			patch(h, r.site, nb);
		b = nb;
		r.b = b;
		bt->running = b;
	}
	c->cycles = r.base;
	c->pc = r.npc;
	bt->running = NULL;
	tc_stats(bt->tc)->chains += nchains + r.nchains;
	return link;
}

/* The trampoline: enter(c, mem, r, cmap, entry) pins the machine in
 * callee-saved registers and jumps to entry; blocks leave through its tail. */
static size_t na_trampoline(struct nstate *s)
{
	static const ereg saved[5] = { RC, RM, RR, RMAP, RW };
	struct emit e;
	emit_init(&e, s->cb.rw, (uintptr_t)s->cb.rx, s->cb.size);
	for (int i = 0; i < 5; i++)
		emit_op_r(&e, MN(PUSH), saved[i]);
	emit_mov_rr(&e, RC, RDI);
	emit_mov_rr(&e, RM, RSI);
	emit_mov_rr(&e, RR, RDX);
	emit_mov_rr(&e, RMAP, RCX);
	emit_mov_ri(&e, RW, W_MASK);
	emit_op_r(&e, MN(JMP), ZYDIS_REGISTER_R8);
	s->exit_rx = e.rx + e.pos;
	for (int i = 4; i >= 0; i--)
		emit_op_r(&e, MN(POP), saved[i]);
	emit_op0(&e, MN(RET));
	return emit_finish(&e) ? 0 : (e.pos + 63) & ~(size_t)63;
}

static int na_init(struct bt *bt)
{
	struct nstate *s = calloc(1, sizeof *s);
	if (!s)
		return -1;
	size_t cap = tc_stats(bt->tc)->bytes_capacity;
	if (codebuf_init(&s->cb, 4 * cap + (256u << 10))) {
		free(s);
		return -1;
	}
	s->tramp = na_trampoline(s);
	if (!s->tramp) {
		codebuf_free(&s->cb);
		free(s);
		return -1;
	}
	s->cb.used = s->tramp;
	s->epoch = tc_epoch(bt->tc);
	bt->bstate = s;
	return 0;
}

static void na_fini(struct bt *bt)
{
	struct nstate *s = bt->bstate;
	if (s) {
		codebuf_free(&s->cb);
		free(s);
	}
	bt->bstate = NULL;
}

static void na_dump(FILE *f, const struct tc_block *b)
{
	const struct nhead *h = (const struct nhead *)b->code;
	emit_dump(f, h->entry, h->host_bytes, (uintptr_t)h->entry, "        ");
}

const struct tr_backend tr_native = {
	.name = "native", .code_size = na_size, .emit = na_emit, .run = na_run,
	.init = na_init, .fini = na_fini, .room = na_room, .dump = na_dump,
};
