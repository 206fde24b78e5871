/* regs.c — the native backend's register cache: a self-looping block's ACs in host registers, its carries lazy.
 *
 * A block that goes round to itself (a loop of one block) keeps up to four of
 * the ACs it names in R8-R11, each as its word shifted to the top of 64 bits
 * (word << 28, low 28 bits zero), so that ADD and SUB are one x86 instruction
 * whose OF is the KA10's overflow and CF its carry out of bit 0.  Carries set
 * by the cached arithmetic wait in EBP (0 or F_CRY0 | F_CRY1), the run's
 * base plus n in RDI and the rounds not yet counted in RDX, until the next
 * call or end.  The guarantees that keep the guest exact:
 *  - memory, cpu->flags and the run are exact at every call (helpers, the
 *    smc check) and at every end: regs_spill writes the ACs the block may
 *    change, the pending carries, base and nchains before each; a fault's
 *    longjmp leaves from a call;
 *  - events stay at the interpreter's block boundaries: the way round
 *    compares RDI with cpu->event_at, read afresh every round (Ctrl-C
 *    writes it asynchronously), exactly as the chain entry would;
 *  - nothing changes a cached AC's memory word behind its register: a call
 *    is followed by regs_load; a constant E below 020 is read and written
 *    through word_get/word_set like the AC field; an indexed E below 020
 *    takes the general path (a call); the ops that would touch memory any
 *    other way (push-down, BLT, anything not inline) are not allowed in a
 *    cached block;
 *  - a cached block is entered only at its body, which loads the registers,
 *    and its self-loop goes round to the head just after that.
 */
#include "gen.h"

/* r := the word in register a (word << 28): a rotation where BMI2 has one
 * (the low 28 bits are zero). */
static void word_of(struct emit *e, ereg r, ereg a)
{
	static int bmi2 = -1;
	if (bmi2 < 0)
		bmi2 = __builtin_cpu_supports("bmi2") != 0;
	if (bmi2) {
		emit_rorx(e, r, a, 28);
	} else {
		emit_mov_rr(e, r, a);
		emit_alu_ri(e, MN(SHR), r, 28);
	}
}

static const ereg regs[NA_REGS] = {
	ZYDIS_REGISTER_R8, ZYDIS_REGISTER_R9, ZYDIS_REGISTER_R10, ZYDIS_REGISTER_R11,
};

/* The kinds whose inline code keeps the cache's guarantees (translate.c's
 * emit_op reads and writes their ACs through word_get/word_set or the registers). */
static int cacheable(unsigned k)
{
	switch ((enum na_kind)k) {
	case N_MOVE: case N_MOVEI: case N_MOVEM: case N_SETZM: case N_SETOM:
	case N_ADD: case N_ADDI: case N_SUB: case N_SUBI: case N_AOS0: case N_SOS0:
	case N_CAI: case N_CAM: case N_JUMP: case N_SKIP: case N_AOJ: case N_SOJ:
	case N_AOS: case N_SOS: case N_JRST: case N_JRSTS:
	case N_MOVEX: case N_MOVEIX: case N_MOVEMX: case N_SETZMX: case N_SETOMX:
	case N_ADDX: case N_ADDIX: case N_SUBX: case N_SKIPX: case N_JRSTX:
		return 1;
	default:
		return 0;
	}
}

/* Whether the kind's constant E is a memory reference (op->pa). */
static int uses_pa(unsigned k)
{
	switch ((enum na_kind)k) {
	case N_MOVE: case N_MOVEM: case N_SETZM: case N_SETOM: case N_ADD: case N_SUB:
	case N_AOS0: case N_SOS0: case N_CAM: case N_SKIP: case N_AOS: case N_SOS:
		return 1;
	default:
		return 0;
	}
}

/* Whether the op names its AC (reads or writes it); *w: writes it. */
static int names_ac(const struct nop *o, int *w)
{
	unsigned k = o->kind;
	*w = 0;
	switch ((enum na_kind)k) {
	case N_SETZM: case N_SETOM: case N_SETZMX: case N_SETOMX:
	case N_JRST: case N_JRSTS: case N_JRSTX:
		return 0;
	case N_SKIP: case N_SKIPX: case N_AOS0: case N_SOS0: case N_AOS: case N_SOS:
		*w = o->ac != 0;
		return o->ac != 0;
	case N_MOVEM: case N_MOVEMX: case N_CAI: case N_CAM: case N_JUMP:
		return 1;
	default:
		*w = 1;
		return 1;
	}
}

/* Whether the op may end the block with a jump to the block's own start (a
 * skip's next words never are: scan ends every block at 777777). */
static int loops(const struct gen *g, const struct nop *o)
{
	addr pc = g->b->key.pc;
	switch ((enum na_kind)o->kind) {
	case N_JRST: case N_JRSTS: case N_AOJ: case N_SOJ: case N_JUMP:
		return o->e == pc;
	default:
		return 0;
	}
}

void regs_plan(struct gen *g)
{
	unsigned uses[16] = { 0 }, self = 0;
	uint16_t wr = 0;
	g->nregs = 0;
	g->written = 0;
	for (unsigned i = 0; i < 16; i++)
		g->reg_of[i] = -1;
	if (g->h->nochain)
		return;
	for (unsigned i = 0; i < g->n; i++) {
		const struct nop *o = &g->h->op[i];
		int w;
		if (!cacheable(o->kind))
			return;
		if (uses_pa(o->kind) && o->pa < 020) {      /* E is an AC */
			uses[o->pa]++;
			if (o->store)
				wr |= (uint16_t)(1u << o->pa);
		}
		self |= (unsigned)loops(g, o);
		if (names_ac(o, &w))
			uses[o->ac]++;
		if (w)
			wr |= (uint16_t)(1u << o->ac);
		if (o->kind >= N_MOVEX)
			uses[o->x]++;
	}
	if (!self)
		return;
	while (g->nregs < NA_REGS) {     /* the most used first */
		unsigned best = 16;
		for (unsigned a = 0; a < 16; a++)
			if (uses[a] && (best == 16 || uses[a] > uses[best]))
				best = a;
		if (best == 16)
			break;
		uses[best] = 0;
		g->reg_of[best] = (int8_t)g->nregs;
		g->ac_of[g->nregs++] = (uint8_t)best;
		g->written |= wr & (uint16_t)(1u << best);
	}
}

ereg ac_reg(const struct gen *g, addr a)
{
	return a < 020 && g->reg_of[a] >= 0 ? regs[g->reg_of[a]] : NOREG;
}

void regs_load(struct gen *g)
{
	if (!g->nregs)
		return;
	for (unsigned i = 0; i < g->nregs; i++) {
		emit_load(g->e, regs[i], RM, W(g->ac_of[i]));
		emit_alu_ri(g->e, MN(SHL), regs[i], 28);
	}
	emit_alu_rr(g->e, MN(XOR), EBP, EBP);
	emit_alu_rr(g->e, MN(XOR), ZYDIS_REGISTER_EDX, ZYDIS_REGISTER_EDX);
	emit_load(g->e, RDI, RR, OFF(base));
	emit_alu_ri(g->e, MN(ADD), RDI, (int32_t)g->n);
}


void regs_spill(struct gen *g)
{
	if (!g->nregs)
		return;
	for (unsigned i = 0; i < g->nregs; i++) {
		if (!(g->written & (1u << g->ac_of[i])))
			continue;
		word_of(g->e, RAX, regs[i]);
		emit_store(g->e, RM, W(g->ac_of[i]), RAX);
	}
	emit_alu_mr(g->e, MN(OR), RC, CPU(flags), 4, EBP);
	emit_alu_mr(g->e, MN(ADD), RR, OFF(nchains), 8, RDX);
	emit_alu_rr(g->e, MN(XOR), ZYDIS_REGISTER_EDX, ZYDIS_REGISTER_EDX);
	emit_lea(g->e, RAX, RDI, NOREG, -(int32_t)g->n);
	emit_store(g->e, RR, OFF(base), RAX);
}

void regs_round(struct gen *g, unsigned ran)
{
	struct emit *e = g->e;
	unsigned slow = emit_label(e);
	emit_alu_ri(e, MN(ADD), RDI, (int32_t)ran);
	if (g->h->op[g->n - 1].store) {         /* it may have invalidated code */
		emit_alu_mi(e, MN(CMP), RR, OFF(xit), 4, 0);
		emit_jcc(e, MN(JNZ), slow);
	}
	emit_alu_ri(e, MN(ADD), RDX, 1);
	emit_alu_rm(e, MN(CMP), RDI, RC, CPU(event_at));
	emit_jcc(e, MN(JBE), g->head);
	emit_alu_ri(e, MN(SUB), RDX, 1);
	emit_bind(e, slow);
	regs_spill(g);
	emit_store_i(e, RR, OFF(npc), 4, (int32_t)g->b->key.pc);
	emit_store_i(e, RR, OFF(site), 4, -1);
	emit_jcc(e, MN(JMP), g->chained);
}

void word_get(struct gen *g, ereg r, addr w)
{
	ereg a = ac_reg(g, w);
	if (a == NOREG) {
		emit_load(g->e, r, RM, W(w));
		return;
	}
	word_of(g->e, r, a);
}

void word_get_top(struct gen *g, ereg r, addr w)
{
	ereg a = ac_reg(g, w);
	if (a == NOREG) {
		emit_load(g->e, r, RM, W(w));
		emit_alu_ri(g->e, MN(SHL), r, 28);
	} else {
		emit_mov_rr(g->e, r, a);
	}
}

void word_set(struct gen *g, addr w, ereg r)
{
	ereg a = ac_reg(g, w);
	if (a == NOREG) {
		emit_store(g->e, RM, W(w), r);
		return;
	}
	emit_mov_rr(g->e, a, r);
	emit_alu_ri(g->e, MN(SHL), a, 28);
}

void inplace(struct gen *g, ereg r, int sub, ereg src, int32_t imm)
{
	struct emit *e = g->e;
	emn op = sub ? MN(SUB) : MN(ADD);
	if (src != NOREG)
		emit_alu_rr(e, op, r, src);
	else
		emit_alu_ri(e, op, r, imm);
	unsigned undo = emit_label(e);
	emit_jcc(e, MN(JO), undo);
	carry_flags(g, sub ? MN(CMOVNB) : MN(CMOVB));
	g->cold[g->ncold].undo = undo;
	g->cold[g->ncold].undo_mn = sub ? MN(ADD) : MN(SUB);
	g->cold[g->ncold].undo_r = r;
	g->cold[g->ncold].undo_src = src;
	g->cold[g->ncold].undo_imm = imm;
}

void carry_flags(struct gen *g, emn cc)
{
	if (!g->nregs)
		emit_alu_mi(g->e, MN(OR), RC, CPU(flags), 4, F_CRY0 | F_CRY1);
	else if (cc == ZYDIS_MNEMONIC_INVALID)
		emit_alu_ri(g->e, MN(OR), EBP, F_CRY0 | F_CRY1);
	else
		emit_alu_rm32(g->e, cc, EBP, RR, OFF(cry));
}
