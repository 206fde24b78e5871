/* translate.c — a block's ops as x86-64 code: the inline fast paths, the calls, the chainable ends.
 *
 * Registers: RBX the cpu, R12 real memory, R13 the run (struct nrun), R14 the
 * code map, R15 the 36-bit mask; RAX, RCX, RDX, RSI, RDI are scratch and die
 * at every call; R8-R11, EBP and (between calls) RDI and RDX are the
 * register cache's (regs.c).  Each inline path falls back on its op's
 * general path (a helper) before it has changed anything, or after undoing
 * what it changed (a sum in a register, AOS's low half), or finishes with
 * calls that only complete it (a store into translated code).
 */
#include "gen.h"

/* Call helper h(c, r, op[, ECX]). */
static void call(struct gen *g, void *h)
{
	regs_spill(g);
	emit_mov_rr(g->e, RDI, RC);
	emit_mov_rr(g->e, RSI, RR);
	emit_mov_ri(g->e, RDX, (uint64_t)(uintptr_t)g->op);
	emit_mov_ri(g->e, RAX, (uint64_t)(uintptr_t)h);
	emit_op_r(g->e, MN(CALL), RAX);
	regs_load(g);
}
/* ... and leave the block unless it says go on. */
static void call_go(struct gen *g, void *h)
{
	call(g, h);
	emit_alu_rr(g->e, MN(TEST), EAX, EAX);
	emit_jmp_abs(g->e, MN(JNZ), g->exit);
}
/* The op's general path, when an inline one cannot go on. */
static void general(struct gen *g)
{
	if (g->op->skip_over) {
		call(g, (void *)h_genskip);
		emit_alu_ri(g->e, MN(CMP), EAX, X_SKIP);
		emit_jcc(g->e, MN(JZ), g->lab0 + g->op->idx + 2);
		emit_alu_rr(g->e, MN(TEST), EAX, EAX);
		emit_jmp_abs(g->e, MN(JNZ), g->exit);
	} else {
		call_go(g, (void *)h_gen);
	}
}

static int ends_with_store(const struct gen *g) { return g->h->op[g->n - 1].store; }

/*
 * End the block with the next PC npc, having run `ran` of its instructions.
 * A jump to the block itself goes straight round while no event is due;
 * another goes through a site the runner patches to the successor's chain
 * entry.  A store by the last op may have invalidated code: then back to
 * the runner.
 */
static void end_ran(struct gen *g, addr npc, unsigned ran)
{
	struct emit *e = g->e;
	struct nhead *h = g->h;
	if (!h->nochain && npc == g->b->key.pc && g->nregs) {
		regs_round(g, ran);
		return;
	}
	if (!h->nochain && npc == g->b->key.pc) {
		unsigned slow = emit_label(e);
		emit_alu_mi(e, MN(ADD), RR, OFF(base), 8, (int32_t)ran);
		if (ends_with_store(g)) {
			emit_alu_mi(e, MN(CMP), RR, OFF(xit), 4, 0);
			emit_jcc(e, MN(JNZ), slow);
		}
		emit_alu_mi(e, MN(ADD), RR, OFF(nchains), 8, 1);
		emit_load(e, RAX, RR, OFF(base));
		emit_alu_ri(e, MN(ADD), RAX, (int32_t)g->n);
		emit_alu_rm(e, MN(CMP), RAX, RC, CPU(event_at));
		emit_jcc(e, MN(JBE), g->head);
		emit_alu_mi(e, MN(SUB), RR, OFF(nchains), 8, 1);
		emit_bind(e, slow);
		regs_spill(g);
		emit_store_i(e, RR, OFF(npc), 4, (int32_t)npc);
		emit_store_i(e, RR, OFF(site), 4, -1);
		emit_jcc(e, MN(JMP), g->chained);
		return;
	}
	regs_spill(g);
	emit_store_i(e, RR, OFF(npc), 4, (int32_t)npc);
	emit_alu_mi(e, MN(ADD), RR, OFF(base), 8, (int32_t)ran);
	if (h->nsites == NA_SITES || h->nochain) {
		emit_store_i(e, RR, OFF(site), 4, -1);
		emit_jcc(e, MN(JMP), g->chained);
		return;
	}
	emit_store_i(e, RR, OFF(site), 4, (int32_t)h->nsites);
	if (ends_with_store(g)) {
		emit_alu_mi(e, MN(CMP), RR, OFF(xit), 4, 0);
		emit_jcc(e, MN(JNZ), g->chained);
	}
	h->site[h->nsites].dynamic = 0;
	h->site[h->nsites++].jmp[0] = (uint32_t)e->pos;
	emit_jcc(e, MN(JMP), g->chained);
}
static void end_at(struct gen *g, addr npc) { end_ran(g, npc, g->n); }

/* The jcc of condition k (cond_lt_eq: 1 L, 2 E, 3 LE, 5 GE, 6 N, 7 G) after a signed compare. */
static emn jcc_of(unsigned k)
{
	static const emn jcc[8] = { 0, MN(JL), MN(JZ), MN(JLE), 0, MN(JNL), MN(JNZ), MN(JNLE) };
	return jcc[k & 7];
}

/* The op ends the block on condition k of the compare just made: to `taken`
 * if it holds, else to the next word. */
static void end_if(struct gen *g, unsigned k, addr taken)
{
	addr next = (g->op->pc + 1) & RH_MASK;
	k &= 7;
	if (k == 0 || k == 4) {
		end_at(g, k ? taken : next);
		return;
	}
	unsigned l = emit_label(g->e);
	if (taken == g->b->key.pc) {       /* a loop's way round falls through */
		emit_jcc(g->e, jcc_of(k ^ 4), l);
		end_at(g, taken);
		emit_bind(g->e, l);
		end_at(g, next);
		return;
	}
	emit_jcc(g->e, jcc_of(k), l);
	end_at(g, next);
	emit_bind(g->e, l);
	end_at(g, taken);
}

/* A skip: ends the block, or (over a side exit) goes on past the JRST when
 * it skips (one instruction fewer run), else to it. */
static void skip_if(struct gen *g, unsigned k)
{
	const struct nop *o = g->op;
	if (!o->skip_over) {
		end_if(g, k, (o->pc + 2) & RH_MASK);
		return;
	}
	k &= 7;
	if (k == 0)
		return;
	unsigned no = emit_label(g->e);
	if (k != 4)
		emit_jcc(g->e, jcc_of(k ^ 4), no);    /* the opposite condition */
	if (g->nregs)
		emit_alu_ri(g->e, MN(SUB), RDI, 1);     /* base, as the cache keeps it */
	else
		emit_alu_mi(g->e, MN(SUB), RR, OFF(base), 8, 1);
	emit_jcc(g->e, MN(JMP), g->lab0 + o->idx + 2);
	emit_bind(g->e, no);
}

/* R := the 36-bit word in R shifted to the top, so that flags compare it
 * signed against 0 after TEST; SEXT makes it a signed 64-bit value. */
static void top(struct emit *e, ereg r)
{
	emit_alu_ri(e, MN(SHL), r, 28);
	emit_alu_rr(e, MN(TEST), r, r);
}
static void sext(struct emit *e, ereg r)
{
	emit_alu_ri(e, MN(SHL), r, 28);
	emit_alu_ri(e, MN(SAR), r, 28);
}

/* EAX := E of an indexed (not indirect) op, then its real address, or to
 * `slow` where mem_map would not give one (the general path decides). */
static void map(struct gen *g, unsigned slow)
{
	struct emit *e = g->e;
	const struct cpu *c = g->c;
	if (c->umode) {
		emit_alu_ri(e, MN(CMP), EAX, 020);
		emit_jcc(e, MN(JB), slow);
		emit_alu_ri(e, MN(CMP), EAX, (int32_t)c->apr.lo_lim);
		emit_jcc(e, MN(JNBE), slow);
		if (c->apr.lo_rel) {
			emit_alu_ri(e, MN(ADD), EAX, (int32_t)c->apr.lo_rel);
			emit_alu_ri(e, MN(AND), EAX, RH_MASK);
		}
	}
	emit_alu_ri(e, MN(CMP), EAX, (int32_t)c->memsize);
	emit_jcc(e, MN(JNB), slow);
}

/* EAX := E of an indexed (not indirect) op. */
static void xe(struct gen *g)
{
	word_get(g, RAX, g->op->x);
	if (g->op->e)
		emit_alu_ri(g->e, MN(ADD), EAX, (int32_t)g->op->e);
	emit_alu_ri(g->e, MN(AND), EAX, RH_MASK);
}
static void xe_map(struct gen *g, unsigned slow)
{
	xe(g);
	map(g, slow);
	if (g->nregs) {         /* an AC, maybe in a register: the general path */
		emit_alu_ri(g->e, MN(CMP), EAX, 020);
		emit_jcc(g->e, MN(JB), slow);
	}
}

/* The smc check after a store to the real word op->pa, or RAX (indexed).
 * Leaves if that hit the running block; else RSI is read back from word
 * `reload` (if >= 0), which the call lost. */
static void smc_check(struct gen *g, int indexed, long reload)
{
	struct emit *e = g->e;
	unsigned hit = emit_label(e);
	if (indexed)
		emit_cmp_byte_idx(e, RMAP, RAX, 0);
	else
		emit_alu_mi(e, MN(CMP), RMAP, (int32_t)g->op->pa, 1, 0);
	emit_jcc(e, MN(JNZ), hit);
	g->smc[g->nsmc].op = g->op;
	g->smc[g->nsmc].hit = hit;
	g->smc[g->nsmc].back = emit_label(e);
	g->smc[g->nsmc].indexed = indexed;
	g->smc[g->nsmc].reload = reload;
	emit_bind(e, g->smc[g->nsmc++].back);
}
/* ... its call, out of line. */
static void smc_cold(struct gen *g, unsigned i)
{
	struct emit *e = g->e;
	g->op = g->smc[i].op;
	emit_bind(e, g->smc[i].hit);
	if (g->smc[i].indexed)
		emit_alu_rr(e, MN(MOV), ECX, EAX);
	else
		emit_mov_ri(e, RCX, g->op->pa);
	call_go(g, (void *)h_smc);
	if (g->smc[i].reload >= 0)
		emit_load(e, RSI, RM, W(g->smc[i].reload));
	emit_jcc(e, MN(JMP), g->smc[i].back);
}

/*
 * The KA10's sum or difference with its carries, on the words shifted to the
 * top of 64 bits so that x86's flags are the KA10's: OF is AROV (then the
 * general path at `slow` redoes the instruction: nothing is stored yet), CF
 * is CRY0 for a sum and not CRY0 for a difference, and without overflow
 * CRY1 equals CRY0.  RAX holds a << 28; b << 28 is RCX, or the constant k
 * (0 <= k < 8).  The 36-bit result goes to RSI and the words in dst[] (-1
 * ends); a store into memory (op->store) is checked against the code map.
 */
static void ksum(struct gen *g, int sub, int k, const long *dst, unsigned slow)
{
	struct emit *e = g->e;
	emn op = sub ? MN(SUB) : MN(ADD);
	if (k < 0)
		emit_alu_rr(e, op, RAX, RCX);
	else
		emit_alu_ri(e, op, RAX, k << 28);
	emit_jcc(e, MN(JO), slow);
	unsigned none = emit_label(e);
	emit_jcc(e, sub ? MN(JB) : MN(JNB), none);
	emit_alu_mi(e, MN(OR), RC, (int32_t)offsetof(struct cpu, flags), 4, F_CRY0 | F_CRY1);
	emit_bind(e, none);
	emit_mov_rr(e, RSI, RAX);
	emit_alu_ri(e, MN(SHR), RSI, 28);
	for (const long *d = dst; *d >= 0; d++)
		word_set(g, (addr)*d, RSI);
	if (g->op->store)
		smc_check(g, 0, dst[0]);
	g->rsi = dst[0];        /* (the general path reloads it too) */
}

/* RAX := the word at real address `a` (or RAX's, if a < 0), shifted to the top. */
static void load_top(struct gen *g, ereg r, long a)
{
	if (a >= 0) {
		word_get_top(g, r, (addr)a);
		return;
	}
	emit_load_x8(g->e, r, RM, RAX);
	emit_alu_ri(g->e, MN(SHL), r, 28);
}

/* b << 28 into RCX for a constant b too big for ksum's k. */
static int konst(struct gen *g, addr b)
{
	if (b < 8)
		return (int)b;
	emit_mov_ri(g->e, RCX, (uint64_t)b << 28);
	return -1;
}

/*
 * The push-down list: RDX := the pointer in the op's AC, RAX := the real
 * address of the word it names after the step (+1,,1 for push, the word
 * itself for pop), or to slow if that overflows or does not map.  RDX is then
 * the stepped pointer.
 */
static void pdl(struct gen *g, int push, unsigned slow)
{
	struct emit *e = g->e;
	emit_load(e, RDX, RM, W(g->op->ac));
	if (push) {
		emit_alu_ri(e, MN(ADD), RDX, 01000001);
		emit_mov_rr(e, RCX, RDX);
		emit_alu_ri(e, MN(SHR), RCX, 36);       /* a carry out of bit 0: overflow */
		emit_jcc(e, MN(JNZ), slow);
		emit_alu_rr(e, MN(MOV), EAX, ZYDIS_REGISTER_EDX);
	} else {
		emit_alu_ri(e, MN(CMP), RDX, 01000001);   /* a borrow: overflow */
		emit_jcc(e, MN(JB), slow);
		emit_alu_rr(e, MN(MOV), EAX, ZYDIS_REGISTER_EDX);
		emit_alu_ri(e, MN(SUB), RDX, 01000001);
	}
	emit_alu_ri(e, MN(AND), EAX, RH_MASK);
	map(g, slow);
}

/*
 * An end at a PC known only now (ECX): an inline cache of two probes, each a
 * PC and a jump to its block's chain entry that the runner patches (the
 * older probe is replaced), else back to the runner, which looks further
 * (the successor slots, the front cache).
 */
static void end_dynamic(struct gen *g)
{
	struct emit *e = g->e;
	struct nhead *h = g->h;
	regs_spill(g);
	emit_store32(e, RR, OFF(npc), ECX);
	emit_alu_mi(e, MN(ADD), RR, OFF(base), 8, (int32_t)g->n);
	if (h->nochain || h->nsites == NA_SITES) {
		emit_store_i(e, RR, OFF(site), 4, -1);
		emit_jcc(e, MN(JMP), g->chained);
		return;
	}
	struct nsite *st = &h->site[h->nsites];
	emit_store_i(e, RR, OFF(site), 4, (int32_t)h->nsites++);
	st->dynamic = 1;
	st->next = 0;
	for (int k = 0; k < 2; k++) {
		unsigned next = emit_label(e);
		st->pc[k] = (uint32_t)e->pos;
		emit_mov_ri(e, EAX, UINT64_MAX);          /* no PC (all ones): patched */
		emit_alu_rr(e, MN(CMP), ECX, EAX);
		emit_jcc(e, MN(JNZ), next);
		st->jmp[k] = (uint32_t)e->pos;
		emit_jcc(e, MN(JMP), g->chained);
		emit_bind(e, next);
	}
	emit_jcc(e, MN(JMP), g->chained);
}

static void emit_op(struct gen *g)
{
	struct emit *e = g->e;
	const struct nop *o = g->op;
	unsigned k = o->kind, cond = I_OP(o->ir) & 7;
	long dst[3] = { o->ac, -1, -1 };
	unsigned slow = 0, done = 0;
	ereg r = ac_reg(g, o->ac);      /* the AC's register, or NOREG */
	long rsi = g->rsi;      /* RSI from the op before, unless this op is a jump's target */
	g->rsi = -1;
	g->cold[g->ncold].undo = 0;
	if (o->idx == 0 || (o->idx >= 2 && g->h->op[o->idx - 2].skip_over))
		rsi = -1;
	int pd = k == N_PUSHJ || k == N_POPJ || k == N_PUSH || k == N_POP;
	int mx = k >= N_MOVEX && k != N_MOVEIX && k != N_ADDIX && k != N_JRSTX;
	int ar = (k >= N_ADD && k <= N_SOS0) || k == N_AOJ || k == N_SOJ || k == N_AOS || k == N_SOS ||
		 k == N_ADDX || k == N_ADDIX || k == N_SUBX;
	if (pd || mx || ar) {    /* these have a slow path: the general one */
		slow = emit_label(e);
		done = emit_label(e);
		if (mx)
			xe_map(g, slow);
	}
	switch ((enum na_kind)k) {
	case N_GEN:
		call_go(g, (void *)h_gen);
		break;
	case N_GENL:
		call_go(g, (void *)h_genl);
		break;
	case N_GENSKIP:
		general(g);
		break;
	case N_JRSTS:   /* a side exit: the later instructions do not run */
		end_ran(g, o->e, o->idx + 1u);
		break;
	case N_MOVE:
		if (r != NOREG) {
			word_get_top(g, r, o->pa);
		} else {
			word_get(g, RAX, o->pa);
			emit_store(e, RM, W(o->ac), RAX);
		}
		break;
	case N_MOVEI:
		if (r != NOREG)
			emit_mov_ri(e, r, (uint64_t)o->e << 28);
		else
			emit_store_i(e, RM, W(o->ac), 8, (int32_t)o->e);
		break;
	case N_MOVEM: case N_SETZM: case N_SETOM:
	case N_MOVEMX: case N_SETZMX: case N_SETOMX: {
		int x = k >= N_MOVEX;
		ereg v = RCX;
		if ((k == N_MOVEM || k == N_MOVEMX) && rsi == o->ac && r == NOREG)
			v = RSI;            /* the AC the op before just made */
		else if (k == N_MOVEM || k == N_MOVEMX)
			word_get(g, RCX, o->ac);
		else if (k == N_SETZM || k == N_SETZMX)
			emit_alu_rr(e, MN(XOR), ECX, ECX);
		else
			emit_mov_rr(e, RCX, RW);
		if (x)
			emit_store_x8(e, RM, RAX, v);
		else
			word_set(g, o->pa, v);
		smc_check(g, x, -1);
		break;
	}
	case N_ADD: case N_SUB: case N_ADDX: case N_SUBX:
	case N_ADDIX: case N_ADDI: case N_SUBI: case N_AOJ: case N_SOJ: {
		int sub = k == N_SUB || k == N_SUBX || k == N_SUBI || k == N_SOJ, kk = -1;
		ereg src = RCX;
		if ((k == N_ADD || k == N_SUB) && r != NOREG && ac_reg(g, o->pa) != NOREG &&
		    ac_reg(g, o->pa) != r) {
			src = ac_reg(g, o->pa);        /* AC op= AC, both in registers */
		} else if (k == N_ADDIX) {
			xe(g);
			emit_alu_rr(e, MN(MOV), ECX, EAX);
			emit_alu_ri(e, MN(SHL), RCX, 28);
		} else if (k == N_ADDI || k == N_SUBI) {
			kk = konst(g, o->e);
		} else if (k == N_AOJ || k == N_SOJ) {
			kk = 1;
		} else {
			load_top(g, RCX, k >= N_MOVEX ? -1 : (long)o->pa);
		}
		if (r != NOREG) {
			inplace(g, r, sub, kk < 0 ? src : NOREG, kk < 0 ? 0 : kk << 28);
		} else {
			word_get_top(g, RAX, o->ac);
			ksum(g, sub, kk, dst, slow);
			if (k == N_AOJ || k == N_SOJ)
				emit_alu_rr(e, MN(TEST), RAX, RAX);    /* the result, still at the top of RAX */
		}
		if (k == N_AOJ || k == N_SOJ)
			end_if(g, cond, o->e);
		break;
	}
	case N_AOS0: case N_SOS0: case N_AOS: case N_SOS: {
		/* Only where the low 35 bits are zero after +1 or before -1 is
		 * there a carry into bit 0, an overflow or 0 - 1: the general path
		 * does those, and (rarely, harmlessly) the other words whose low
		 * 32 bits are zero.  Else -1 sets both carries and +1 neither. */
		int sub = k == N_SOS0 || k == N_SOS, need = o->ac || k == N_AOS || k == N_SOS;
		if (ac_reg(g, o->pa) == NOREG) {       /* the low 32 bits in memory, CF their carry */
			emit_alu_mi(e, sub ? MN(SUB) : MN(ADD), RM, W(o->pa), 4, 1);
			g->cold[g->ncold].undo = emit_label(e);
			g->cold[g->ncold].undo_mn = sub ? MN(ADD) : MN(SUB);
			g->cold[g->ncold].undo_r = NOREG;       /* (the word) */
			g->cold[g->ncold].undo_imm = 1;
			emit_jcc(e, MN(JB), g->cold[g->ncold].undo);
			if (sub)
				carry_flags(g, ZYDIS_MNEMONIC_INVALID);
			if (need)
				emit_load(e, RSI, RM, W(o->pa));
		} else {
			need = 1;
			word_get(g, RSI, o->pa);
			if (!sub)
				emit_alu_ri(e, MN(ADD), RSI, 1);
			emit_alu_rr(e, MN(TEST), ZYDIS_REGISTER_ESI, ZYDIS_REGISTER_ESI);
			emit_jcc(e, MN(JZ), slow);
			if (sub) {
				emit_alu_ri(e, MN(SUB), RSI, 1);
				carry_flags(g, ZYDIS_MNEMONIC_INVALID);
			}
			word_set(g, o->pa, RSI);
		}
		if (o->ac)
			word_set(g, o->ac, RSI);
		smc_check(g, 0, need ? (long)o->pa : -1);
		g->rsi = need ? (long)o->pa : -1;
		if (k == N_AOS || k == N_SOS) {
			top(e, RSI);
			g->rsi = -1;
			skip_if(g, cond);
		}
		break;
	}
	case N_CAI:
	case N_CAM:
		if (r != NOREG) {       /* word << 28 compares as the word does */
			if (k == N_CAI && o->e < 8) {
				emit_alu_ri(e, MN(CMP), r, (int32_t)(o->e << 28));
			} else {
				if (k == N_CAI)
					emit_mov_ri(e, RCX, (uint64_t)o->e << 28);
				else
					load_top(g, RCX, (long)o->pa);
				emit_alu_rr(e, MN(CMP), r, RCX);
			}
			skip_if(g, cond);
			break;
		}
		emit_load(e, RAX, RM, W(o->ac));
		sext(e, RAX);
		if (k == N_CAI) {
			emit_alu_ri(e, MN(CMP), RAX, (int32_t)o->e);
		} else {
			word_get(g, RCX, o->pa);
			sext(e, RCX);
			emit_alu_rr(e, MN(CMP), RAX, RCX);
		}
		skip_if(g, cond);
		break;
	case N_JUMP:
		if (r != NOREG) {
			emit_alu_rr(e, MN(TEST), r, r);
		} else {
			emit_load(e, RAX, RM, W(o->ac));
			top(e, RAX);
		}
		end_if(g, cond, o->e);
		break;
	case N_SKIP:
	case N_SKIPX:
		if (k == N_SKIPX)
			emit_load_x8(e, RAX, RM, RAX);
		else
			word_get(g, RAX, o->pa);
		if (o->ac)
			word_set(g, o->ac, RAX);
		top(e, RAX);
		skip_if(g, cond);
		break;
	case N_MOVEX:
		emit_load_x8(e, RCX, RM, RAX);
		word_set(g, o->ac, RCX);
		break;
	case N_MOVEIX:
		xe(g);
		word_set(g, o->ac, RAX);
		break;
	case N_JRST:
		end_at(g, o->e);
		break;
	case N_JRSTX:
		xe(g);
		emit_alu_rr(e, MN(MOV), ECX, EAX);
		end_dynamic(g);
		break;
	case N_PUSHJ:
		/* op_pushj, in a block that is not a trap's instruction. */
		pdl(g, 1, slow);
		emit_alu_mi(e, MN(CMP), RC, (int32_t)offsetof(struct cpu, trapping), 4, 0);
		emit_jcc(e, MN(JNZ), slow);
		emit_load32(e, ECX, RC, (int32_t)offsetof(struct cpu, flags));
		emit_alu_ri(e, MN(AND), ECX, RH_MASK);
		emit_alu_ri(e, MN(SHL), RCX, 18);
		emit_alu_ri(e, MN(OR), RCX, (int32_t)((o->pc + 1) & RH_MASK));
		emit_store_x8(e, RM, RAX, RCX);
		emit_store(e, RM, W(o->ac), RDX);
		emit_alu_mi(e, MN(AND), RC, (int32_t)offsetof(struct cpu, flags), 4, ~(int32_t)F_FPD);
		smc_check(g, 1, -1);
		end_at(g, o->e);
		break;
	case N_POPJ:
		pdl(g, 0, slow);
		emit_load_x8(e, RCX, RM, RAX);
		emit_alu_ri(e, MN(AND), ECX, RH_MASK);
		emit_store(e, RM, W(o->ac), RDX);
		end_dynamic(g);
		break;
	case N_PUSH:
		pdl(g, 1, slow);
		emit_load(e, RCX, RM, W(o->pa));
		emit_store_x8(e, RM, RAX, RCX);
		emit_store(e, RM, W(o->ac), RDX);
		smc_check(g, 1, -1);
		break;
	case N_POP:
		pdl(g, 0, slow);
		emit_load_x8(e, RCX, RM, RAX);
		emit_store(e, RM, W(o->ac), RDX);
		emit_store(e, RM, W(o->pa), RCX);
		smc_check(g, 0, -1);
		break;
	case N_JSP:
		call_go(g, (void *)h_jsp);
		break;
	}
	if (slow) {         /* out of line, so that the fast path falls straight through */
		g->cold[g->ncold].op = o;
		g->cold[g->ncold].slow = slow;
		g->cold[g->ncold].done = done;
		g->cold[g->ncold].reload = g->rsi;
		g->ncold++;
		emit_bind(e, done);
	}
}

/*
 * Where a chained predecessor enters b (its end has set npc and site and
 * added its length to base): on to b's first instruction if no event is due
 * inside b and b is still valid, with b the running block; else back to the
 * runner as the predecessor's X_CHAINED end.
 */
static void chain_entry(struct gen *g)
{
	struct emit *e = g->e;
	emit_load(e, RAX, RR, OFF(base));
	emit_alu_ri(e, MN(ADD), RAX, (int32_t)g->n);
	emit_alu_rm(e, MN(CMP), RAX, RC, (int32_t)offsetof(struct cpu, event_at));
	emit_jcc(e, MN(JNBE), g->chained);
	emit_mov_ri(e, RAX, (uint64_t)(uintptr_t)g->b);
	emit_alu_mi(e, MN(CMP), RAX, (int32_t)offsetof(struct tc_block, valid), 4, 0);
	emit_jcc(e, MN(JZ), g->chained);
	emit_store(e, RR, OFF(b), RAX);          /* the running block (bt->running_at) */
	emit_alu_mi(e, MN(ADD), RR, OFF(nchains), 8, 1);
}

size_t na_translate(struct emit *e, const struct cpu *c, struct nhead *h, struct tc_block *b,
		    uintptr_t exit, uint64_t *count)
{
	static _Thread_local struct gen g;
	g = (struct gen){ .e = e, .c = c, .h = h, .b = b, .exit = exit, .n = h->n, .rsi = -1 };
	h->nsites = 0;
	g.lab0 = emit_label(e);
	for (unsigned i = 1; i <= g.n; i++)
		emit_label(e);
	g.chained = emit_label(e);
	g.body = emit_label(e);
	g.head = emit_label(e);
	regs_plan(&g);
	chain_entry(&g);
	size_t entry = e->pos;
	emit_bind(e, g.body);
	regs_load(&g);
	emit_bind(e, g.head);
	if (count) {
		emit_mov_ri(e, RAX, (uint64_t)(uintptr_t)count);
		emit_alu_mi(e, MN(ADD), RAX, 0, 8, 1);
	}
	for (unsigned i = 0; i < g.n; i++) {
		emit_bind(e, g.lab0 + i);
		g.op = &h->op[i];
		size_t at = e->pos;
		emit_op(&g);
		if (e->pos - at > NA_INSN_MAX)
			e->failed = 1;
	}
	/* A block cut by its length or an unfetchable word falls through. */
	emit_bind(e, g.lab0 + g.n);
	g.op = &h->op[g.n - 1];
	end_at(&g, (g.op->pc + 1) & RH_MASK);
	emit_bind(e, g.chained);
	emit_mov_ri(e, EAX, X_CHAINED);
	emit_jmp_abs(e, MN(JMP), exit);
	for (unsigned i = 0; i < g.ncold; i++) {
		g.op = g.cold[i].op;
		if (g.cold[i].undo) {
			emit_bind(e, g.cold[i].undo);
			if (g.cold[i].undo_r == NOREG)
				emit_alu_mi(e, g.cold[i].undo_mn, RM, W(g.op->pa), 4, g.cold[i].undo_imm);
			else if (g.cold[i].undo_src != NOREG)
				emit_alu_rr(e, g.cold[i].undo_mn, g.cold[i].undo_r, g.cold[i].undo_src);
			else
				emit_alu_ri(e, g.cold[i].undo_mn, g.cold[i].undo_r, g.cold[i].undo_imm);
		}
		emit_bind(e, g.cold[i].slow);
		general(&g);
		if (g.cold[i].reload >= 0)
			emit_load(e, RSI, RM, W(g.cold[i].reload));
		emit_jcc(e, MN(JMP), g.cold[i].done);
	}
	for (unsigned i = 0; i < g.nsmc; i++)
		smc_cold(&g, i);
	return entry;
}
