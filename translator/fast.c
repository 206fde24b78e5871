/* fast.c — which instructions get a fast path: the kinds both backends share, chosen once. */
#include <string.h>
#include "isa.h"
#include "mem.h"
#include "tr.h"

/* kind if E (constant) maps, for writing too if write, in the block's mode
 * (then f->pa is its real word), else TF_GEN: the general path faults. */
static enum tr_fast_kind ref(const struct cpu *c, const struct tr_insn *in, int write, struct tr_fast *f,
			     enum tr_fast_kind kind)
{
	if (mem_map(c, c->umode, in->e, write, &f->pa) != 1)
		return TF_GEN;
	f->mapped = 1;
	return kind;
}

/* Indexed, not indirect: E = Y + RH(C(X)), worked out and mapped at run time. */
static enum tr_fast_kind indexed(const struct tr_insn *in, unsigned op)
{
	switch (op) {
	case 0200: return TF_MOVEX;
	case 0201: return TF_MOVEIX;
	case 0202: return TF_MOVEMX;
	case 0402: return TF_SETZMX;
	case 0476: return TF_SETOMX;
	case 0270: return TF_ADDX;
	case 0271: return TF_ADDIX;
	case 0274: return TF_SUBX;
	case 0254: return I_AC(in->ir) ? TF_GEN : TF_JRSTX;    /* JRST with no AC bits */
	}
	if ((op & 0770) == 0330 && (in->last || in->skip_over))   /* SKIP */
		return TF_SKIPX;
	return TF_GEN;
}

/* The fast path of an instruction, before the rules for those without one. */
static enum tr_fast_kind choose(const struct cpu *c, const struct tr_insn *in, unsigned rules, struct tr_fast *f)
{
	if (in->act != TR_DIRECT)
		return TF_GEN;
	unsigned op = I_OP(in->ir);
	if (op == 0261 || op == 0262) {        /* PUSH, POP */
		enum tr_fast_kind k = op == 0261 ? TF_PUSH : TF_POP;
		if (rules & TR_FAST_PD_ANY_E)
			return k;
		return in->e_const ? ref(c, in, op == 0262, f, k) : TF_GEN;
	}
	if (!in->e_const && I_IND(in->ir))
		return TF_GEN;
	f->cond = op & 7;
	if (!in->e_const) {
		f->x = I_X(in->ir);
		return indexed(in, op);
	}
	switch (op) {
	case 0200: return ref(c, in, 0, f, TF_MOVE);
	case 0201: return TF_MOVEI;
	case 0202: return ref(c, in, 1, f, TF_MOVEM);
	case 0402: return ref(c, in, 1, f, TF_SETZM);
	case 0476: return ref(c, in, 1, f, TF_SETOM);
	case 0270: return ref(c, in, 0, f, TF_ADD);
	case 0271: return TF_ADDI;
	case 0274: return ref(c, in, 0, f, TF_SUB);
	case 0275: return TF_SUBI;
	case 0254: return I_AC(in->ir) ? TF_GEN : TF_JRST;     /* JRST with no AC bits */
	case 0260: return TF_PUSHJ;
	case 0263: return TF_POPJ;
	case 0265: return TF_JSP;
	case 0350: return ref(c, in, 1, f, TF_AOS0);          /* AOS, SOS with no condition */
	case 0370: return ref(c, in, 1, f, TF_SOS0);
	}
	/* The conditional fast paths end their block, or are a skip over a side
	 * exit: CAI, CAM and SKIP always, the others with TR_FAST_ALL_OVER. */
	unsigned grp = op & 0770;
	int over = in->skip_over && ((rules & TR_FAST_ALL_OVER) || grp == 0300 || grp == 0310 || grp == 0330);
	if (!in->last && !over)
		return TF_GEN;
	switch (grp) {
	case 0300: return TF_CAI;
	case 0310: return ref(c, in, 0, f, TF_CAM);
	case 0320: return TF_JUMP;
	case 0330: return ref(c, in, 0, f, TF_SKIP);
	case 0340: return TF_AOJ;
	case 0350: return ref(c, in, 1, f, TF_AOS);
	case 0360: return TF_SOJ;
	case 0370: return ref(c, in, 1, f, TF_SOS);
	}
	return TF_GEN;
}

/*
 * Whether an instruction without a fast path may run its semantics as a plain
 * call (TF_GENL): it neither transfers control nor skips, traps, does I/O or
 * reads the PC or the time, it reaches no memory but E, which is constant and
 * maps for writing (so no fault and no chain levels); and it is not the
 * block's last.  What it may still do, set flags that request an interrupt or
 * store into translated code, shows in the event time and the exit flag,
 * which both backends check after the call.
 */
static int lite(const struct cpu *c, const struct tr_insn *in)
{
	addr pa;
	return in->act == TR_DIRECT && !in->last && in->e_const &&
	       !(in->cls & (TR_NOT_STRAIGHT | K_SKIP | K_MEMX)) && mem_map(c, c->umode, in->e, 1, &pa) == 1;
}

void tr_fast(const struct cpu *c, const struct tr_insn *in, unsigned rules, struct tr_fast *f)
{
	memset(f, 0, sizeof *f);
	enum tr_fast_kind k = choose(c, in, rules, f);
	if (k == TF_GEN && lite(c, in))
		k = TF_GENL;
	if (in->side_exit)
		k = TF_JRSTS;
	else if (k == TF_GEN && in->skip_over)
		k = TF_GENSKIP;
	f->kind = k;
}
