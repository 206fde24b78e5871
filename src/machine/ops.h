/* ops.h — the semantics of every KA10 instruction, written once for all engines.
 *
 * op_<family>(c, ir, e, opc, mode) executes one instruction: ir is the
 * instruction word, e its effective address, opc and mode its isa.def row
 * (compile-time constants where the engine expands isa.def, so each row
 * becomes straight-line code).  On entry c->pc is the address after the
 * instruction; jumps and skips change it.  A memory fault abandons the
 * instruction through cpu_abort().
 */
#ifndef TENVM_OPS_H
#define TENVM_OPS_H

#include "cpu.h"
#include "mem.h"
#include "fp.h"
#include "alu.h"
#include "io.h"
#include "isa.h"

#define OPS_INLINE static inline __attribute__((always_inline))

enum { M_B, M_I, M_M, M_S, M_L, M_R, M_RI, M_RM, M_RS, M_N };

/* ---- services the semantics need (trap.c, ea.c) ---- */

/* E for a word whose I or X bit is set; *last receives the last word of the
 * calculation (for JRSTF) when last != NULL. */
addr cpu_ea_slow(struct cpu *c, word ir, word *last);
/* One more level of an indirect or XCT chain: past EA_FREE_LEVELS each costs a
 * cycle, and an event falling due that needs it (cpu_chain_event) abandons the
 * instruction (ABORT_EVENT). */
void cpu_chain_level(struct cpu *c, unsigned *levels);
/* Trap ir as an MUUO (also used for I/O, HALT and JEN in user mode). */
void cpu_muuo(struct cpu *c, word ir, addr e);
/* LUUO: store at 40 and execute 41 in the current address space. */
void cpu_luuo(struct cpu *c, word ir, addr e);
/* XCT: execute the word at e (and the chain of XCTs it may start). */
void cpu_xct(struct cpu *c, addr e);
/* JRST with a nonzero AC field. */
void cpu_jrst(struct cpu *c, word ir, addr e);
/* Push-down overflow: set the APR flag and request its interrupt. */
void cpu_pdl_overflow(struct cpu *c);

static inline addr cpu_ea(struct cpu *c, word ir)
{
	if (likely(!(ir & I_IX_MASK)))
		return RH(ir);
	if (!I_IND(ir))         /* indexed: the right half of C(X) + Y */
		return (RH(ir) + RH(AC(c, I_X(ir)))) & RH_MASK;
	return cpu_ea_slow(c, ir, NULL);
}

/* Whether JRST with AC field ac traps as an MUUO in the current mode: halting
 * and dismissing (JEN) in user mode without USERIO (user I/O may do them). */
static inline int jrst_traps_as_muuo(const struct cpu *c, unsigned ac)
{
	return (ac & 014) && (c->flags & F_USER) && !(c->flags & F_USERIO);
}

/* Whether ir, about to execute outside a trap or interrupt cycle, is an
 * assist exit: VMX is set and ir is K_VMXTRAP (isa.def), unless it is a JRST
 * that traps as an MUUO as it always did.  Decided before E is computed, so
 * the exit has no side effect but the fetch.  On a monitor's real machine
 * (whose USERIO is never the guest's) such a JRST exits too: the monitor's
 * virtual machine decides, by its own USERIO, whether it is an MUUO (E is
 * computed there, where a fault is the guest's) or an exit. */
static inline int cpu_vmx_exits(const struct cpu *c, word ir)
{
	return unlikely(c->flags & F_VMX) && !c->trapping && isa_vmx_traps(ir) &&
	       !(I_OP(ir) == 0254 && !c->monitor && jrst_traps_as_muuo(c, I_AC(ir)));
}

/* Set flags; AROV and FOV may request an APR interrupt. */
static inline void cpu_flags_or(struct cpu *c, uint32_t f)
{
	if (unlikely(c->trapping == TRAP_PI))
		return;               /* the KA10 sets no flags in an interrupt cycle */
	c->flags |= f;
	if (unlikely(f & (F_AROV | F_FOV)))
		apr_check(c);
}

/* The PC word that JSR, JSP, PUSHJ and the traps store. */
static inline word pc_word(const struct cpu *c) { return XWD(c->flags, c->pc); }

/* Leaving for exec mode from a trap or interrupt instruction that jumps. */
static inline void trap_jump_done(struct cpu *c)
{
	if (unlikely(c->trapping)) {
		cpu_set_flags(c, c->flags & ~F_USER);
		c->trapping = 0;
	}
}

/* Conditions of CAI..SOS (k = opcode bits 6-8) as a table: bit 3k+s of
 * COND_TABLE is the condition's value in state s (0 less, 1 equal, 2 greater). */
#define COND_TABLE 045673210ULL   /* octal digit k: never L E LE always GE N G = 0 1 2 3 7 6 5 4 */
OPS_INLINE int cond_lt_eq(unsigned k, int lt, int eq)
{
	if (__builtin_constant_p(k)) {    /* the interpreter: folds to one test */
		switch (k & 7) {
		case 0: return 0;
		case 1: return lt;
		case 2: return eq;
		case 3: return lt || eq;
		case 4: return 1;
		case 5: return !lt;
		case 6: return !eq;
		default: return !lt && !eq;
		}
	}
	unsigned state = (unsigned)(!lt) + (unsigned)(!lt && !eq);
	return (int)(COND_TABLE >> (3 * (k & 7) + state)) & 1;
}
OPS_INLINE int cond_of(unsigned k, word v) { return cond_lt_eq(k, w_isneg(v), v == 0); }

/* Operand and result plumbing for the B/I/M/S modes of AC-op-memory families. */
OPS_INLINE word opnd(struct cpu *c, addr e, int mode)
{
	return mode == M_I ? (word)e : mem_read(c, e);
}
OPS_INLINE void result(struct cpu *c, unsigned ac, addr e, int mode, word w)
{
	if (mode == M_M || mode == M_S)
		mem_write(c, e, w);
	if (mode != M_M)
		AC(c, ac) = w;
}

/* ---- moves ---- */

/* f: 0 MOVE, 1 MOVS, 2 MOVN, 3 MOVM.  S mode: C(E) -> E, and AC if AC != 0. */
OPS_INLINE word move_f(struct cpu *c, int f, word w)
{
	uint32_t fl = 0;
	switch (f) {
	case 1: return SWAP(w);
	case 2: w = alu_neg(w, &fl); break;
	case 3: if (w_isneg(w)) w = alu_neg(w, &fl); break;
	default: return w;
	}
	if (fl)
		cpu_flags_or(c, fl);
	return w;
}
OPS_INLINE void op_movx(struct cpu *c, word ir, addr e, int mode, int f)
{
	unsigned ac = I_AC(ir);
	switch (mode) {
	case M_B: AC(c, ac) = move_f(c, f, mem_read(c, e)); break;
	case M_I: AC(c, ac) = move_f(c, f, (word)e); break;
	case M_M: mem_write(c, e, move_f(c, f, AC(c, ac))); break;
	default: {
		word w = move_f(c, f, mem_read(c, e));
		mem_write(c, e, w);
		if (ac)
			AC(c, ac) = w;
	}
	}
}
#define op_move(c, ir, e, opc, mode) op_movx(c, ir, e, mode, 0)
#define op_movs(c, ir, e, opc, mode) op_movx(c, ir, e, mode, 1)
#define op_movn(c, ir, e, opc, mode) op_movx(c, ir, e, mode, 2)
#define op_movm(c, ir, e, opc, mode) op_movx(c, ir, e, mode, 3)

/* ---- fixed-point arithmetic ---- */

/* ADD, SUB, IMUL: C(AC) f operand, stored by mode, with the flags f sets. */
OPS_INLINE void op_arith(struct cpu *c, word ir, addr e, int mode, word (*f)(word, word, uint32_t *))
{
	uint32_t fl = 0;
	word r = f(AC(c, I_AC(ir)), opnd(c, e, mode), &fl);
	result(c, I_AC(ir), e, mode, r);
	if (fl)
		cpu_flags_or(c, fl);
}
#define op_add(c, ir, e, opc, mode)  op_arith(c, ir, e, mode, alu_add)
#define op_sub(c, ir, e, opc, mode)  op_arith(c, ir, e, mode, alu_sub)
#define op_imul(c, ir, e, opc, mode) op_arith(c, ir, e, mode, alu_imul)
/* MUL: double result in AC,AC+1 (M mode: the high word to E only). */
OPS_INLINE void op_mul(struct cpu *c, word ir, addr e, unsigned opc, int mode)
{
	(void)opc;
	unsigned ac = I_AC(ir);
	uint32_t fl = 0;
	word lo, hi = alu_mul(AC(c, ac), opnd(c, e, mode), &lo, &fl);
	if (mode == M_M || mode == M_S)
		mem_write(c, e, hi);
	if (mode != M_M) {
		AC(c, ac) = hi;
		AC(c, ac + 1) = lo;
	}
	if (fl)
		cpu_flags_or(c, fl);
}
/* IDIV, DIV: quotient to AC (and E in M/B modes), remainder to AC+1. */
OPS_INLINE void op_divx(struct cpu *c, word ir, addr e, int mode, int dbl)
{
	unsigned ac = I_AC(ir);
	uint32_t fl = 0;
	word d = opnd(c, e, mode), q, r;
	int ok = dbl ? alu_div(AC(c, ac), AC(c, ac + 1), d, &q, &r, &fl)
		     : alu_idiv(AC(c, ac), d, &q, &r, &fl);
	if (ok) {
		if (mode == M_M || mode == M_S)
			mem_write(c, e, q);
		if (mode != M_M) {
			AC(c, ac) = q;
			AC(c, ac + 1) = r;
		}
	}
	if (fl)
		cpu_flags_or(c, fl);
}
#define op_idiv(c, ir, e, opc, mode) op_divx(c, ir, e, mode, 0)
#define op_div(c, ir, e, opc, mode)  op_divx(c, ir, e, mode, 1)

/* ---- shifts (E is the count) ---- */

OPS_INLINE void op_ash(struct cpu *c, word ir, addr e, unsigned opc, int mode)
{
	(void)opc, (void)mode;
	uint32_t fl = 0;
	AC(c, I_AC(ir)) = alu_ash(AC(c, I_AC(ir)), alu_count(e), &fl);
	if (fl)
		cpu_flags_or(c, fl);
}
OPS_INLINE void op_rot(struct cpu *c, word ir, addr e, unsigned opc, int mode)
{
	(void)opc, (void)mode;
	AC(c, I_AC(ir)) = alu_rot(AC(c, I_AC(ir)), alu_rot_count(e));
}
OPS_INLINE void op_lsh(struct cpu *c, word ir, addr e, unsigned opc, int mode)
{
	(void)opc, (void)mode;
	AC(c, I_AC(ir)) = alu_lsh(AC(c, I_AC(ir)), alu_count(e));
}
OPS_INLINE void op_jffo(struct cpu *c, word ir, addr e, unsigned opc, int mode)
{
	(void)opc, (void)mode;
	unsigned ac = I_AC(ir);
	word v = AC(c, ac);
	if (v == 0) {
		AC(c, ac + 1) = 0;
		return;
	}
	AC(c, ac + 1) = (word)(__builtin_clzll(v) - 28);
	c->pc = e;
}
/* f: 0 ASHC, 1 ROTC, 2 LSHC on the 72 bits of AC,AC+1. */
OPS_INLINE void op_shc(struct cpu *c, word ir, addr e, int f)
{
	unsigned ac = I_AC(ir);
	uint32_t fl = 0;
	word hi = AC(c, ac), lo = AC(c, ac + 1);
	alu_shc(f, &hi, &lo, f == 1 ? alu_rot_count(e) : alu_count(e), &fl);
	AC(c, ac) = hi;
	AC(c, ac + 1) = lo;
	if (fl)
		cpu_flags_or(c, fl);
}
#define op_ashc(c, ir, e, opc, mode) op_shc(c, ir, e, 0)
#define op_rotc(c, ir, e, opc, mode) op_shc(c, ir, e, 1)
#define op_lshc(c, ir, e, opc, mode) op_shc(c, ir, e, 2)

/* ---- booleans: function (opc bits 3-6) of AC and the operand ---- */

OPS_INLINE void op_bool(struct cpu *c, word ir, addr e, unsigned opc, int mode)
{
	unsigned f = (opc >> 2) & 017, ac = I_AC(ir);
	int uses_m = f != 0 && f != 5 && f != 10 && f != 15;   /* SETZ SETA SETCA SETO */
	word a = AC(c, ac);
	word m = uses_m ? opnd(c, e, mode) : 0;
	word r = ((f & 8) ? ~a & ~m : 0) | ((f & 4) ? a & ~m : 0) |
		 ((f & 2) ? ~a & m : 0) | ((f & 1) ? a & m : 0);
	result(c, ac, e, mode, r & W_MASK);
}

/* ---- half-words: HLL..HLRE, index i = (opc - 500) / 4 ----
 * i bit 3: destination is the right half; bit 0: the source is the other
 * half; bits 1-2: the destination's other half is kept, zeroed, set to ones,
 * or extended from the moved half's sign. */
OPS_INLINE word hw_f(unsigned i, word src, word dst)
{
	int to_r = (i >> 3) & 1, other = i & 1;
	addr h = (to_r == other) ? LH(src) : RH(src);   /* HLL, HLR take the left half */
	switch ((i >> 1) & 3) {
	case 0: return to_r ? XWD(LH(dst), h) : XWD(h, RH(dst));
	case 1: return to_r ? XWD(0, h) : XWD(h, 0);
	case 2: return to_r ? XWD(RH_MASK, h) : XWD(h, RH_MASK);
	default: {
		addr ext = (h & RH_SIGN) ? RH_MASK : 0;
		return to_r ? XWD(ext, h) : XWD(h, ext);
	}
	}
}
OPS_INLINE void op_hw(struct cpu *c, word ir, addr e, unsigned opc, int mode)
{
	unsigned i = (opc >> 2) & 017, ac = I_AC(ir);
	int keeps = ((i >> 1) & 3) == 0;
	switch (mode) {
	case M_B: AC(c, ac) = hw_f(i, mem_read(c, e), AC(c, ac)); break;
	case M_I: AC(c, ac) = hw_f(i, (word)e, AC(c, ac)); break;
	case M_M: {
		word d = keeps ? mem_read(c, e) : 0;
		mem_write(c, e, hw_f(i, AC(c, ac), d));
		break;
	}
	default: {
		word v = mem_read(c, e), w = hw_f(i, v, v);
		mem_write(c, e, w);
		if (ac)
			AC(c, ac) = w;
	}
	}
}

/* ---- compares, jumps, skips, add-one and subtract-one families ---- */

OPS_INLINE void op_cai(struct cpu *c, word ir, addr e, unsigned opc, int mode)
{
	(void)mode;
	word a = AC(c, I_AC(ir));
	int lt = w_sext(a) < (int64_t)e, eq = a == (word)e;
	if (cond_lt_eq(opc, lt, eq))
		c->pc = (c->pc + 1) & RH_MASK;
}
OPS_INLINE void op_cam(struct cpu *c, word ir, addr e, unsigned opc, int mode)
{
	(void)mode;
	word a = AC(c, I_AC(ir)), m = mem_read(c, e);
	if (cond_lt_eq(opc, w_sext(a) < w_sext(m), a == m))
		c->pc = (c->pc + 1) & RH_MASK;
}
OPS_INLINE void op_jump(struct cpu *c, word ir, addr e, unsigned opc, int mode)
{
	(void)mode;
	if (cond_of(opc, AC(c, I_AC(ir))))
		c->pc = e;
}
OPS_INLINE void op_skip(struct cpu *c, word ir, addr e, unsigned opc, int mode)
{
	(void)mode;
	word m = mem_read(c, e);
	if (I_AC(ir))
		AC(c, I_AC(ir)) = m;
	if (cond_of(opc, m))
		c->pc = (c->pc + 1) & RH_MASK;
}
/* AOJ, SOJ: AC +/- 1, jump on the result. */
OPS_INLINE void op_xoj(struct cpu *c, word ir, addr e, unsigned opc, int down)
{
	uint32_t fl = 0;
	unsigned ac = I_AC(ir);
	word r = down ? alu_sub(AC(c, ac), 1, &fl) : alu_add(AC(c, ac), 1, &fl);
	AC(c, ac) = r;
	if (fl)
		cpu_flags_or(c, fl);
	if (cond_of(opc, r))
		c->pc = e;
}
/* AOS, SOS: C(E) +/- 1, also to AC if AC != 0, skip on the result. */
OPS_INLINE void op_xos(struct cpu *c, word ir, addr e, unsigned opc, int down)
{
	uint32_t fl = 0;
	unsigned ac = I_AC(ir);
	word m = mem_read(c, e);
	word r = down ? alu_sub(m, 1, &fl) : alu_add(m, 1, &fl);
	mem_write(c, e, r);
	if (ac)
		AC(c, ac) = r;
	if (fl)
		cpu_flags_or(c, fl);
	if (cond_of(opc, r))
		c->pc = (c->pc + 1) & RH_MASK;
}
#define op_aoj(c, ir, e, opc, mode) op_xoj(c, ir, e, opc, 0)
#define op_soj(c, ir, e, opc, mode) op_xoj(c, ir, e, opc, 1)
#define op_aos(c, ir, e, opc, mode) op_xos(c, ir, e, opc, 0)
#define op_sos(c, ir, e, opc, mode) op_xos(c, ir, e, opc, 1)

/* ---- tests: opc bits: 4-5 modification (none, Z, C, O), 3 mask from memory,
 * 1-2 skip (never, E: all masked bits 0, always, N: some masked bit 1),
 * 0 swap (TL/TS). ---- */
OPS_INLINE void op_test(struct cpu *c, word ir, addr e, unsigned opc, int mode)
{
	(void)mode;
	unsigned ac = I_AC(ir);
	word m = (opc & 010) ? mem_read(c, e) : (word)e;
	if (opc & 1)
		m = SWAP(m);
	word a = AC(c, ac);
	int zero = (a & m) == 0;
	switch ((opc >> 4) & 3) {
	case 1: AC(c, ac) = a & ~m; break;
	case 2: AC(c, ac) = a ^ m; break;
	case 3: AC(c, ac) = a | m; break;
	}
	int skip;
	switch ((opc >> 1) & 3) {
	case 0: skip = 0; break;
	case 1: skip = zero; break;
	case 2: skip = 1; break;
	default: skip = !zero; break;
	}
	if (skip)
		c->pc = (c->pc + 1) & RH_MASK;
}

/* ---- EXCH, BLT, AOBJx ---- */

OPS_INLINE void op_exch(struct cpu *c, word ir, addr e, unsigned opc, int mode)
{
	(void)opc, (void)mode;
	word m = mem_read(c, e);
	mem_write(c, e, AC(c, I_AC(ir)));
	AC(c, I_AC(ir)) = m;
}
void cpu_blt(struct cpu *c, unsigned ac, addr e);
#define op_blt(c, ir, e, opc, mode) cpu_blt(c, I_AC(ir), e)

OPS_INLINE void op_aobjp(struct cpu *c, word ir, addr e, unsigned opc, int mode)
{
	(void)opc, (void)mode;
	word v = alu_aob(AC(c, I_AC(ir)));
	AC(c, I_AC(ir)) = v;
	if (!w_isneg(v))
		c->pc = e;
}
OPS_INLINE void op_aobjn(struct cpu *c, word ir, addr e, unsigned opc, int mode)
{
	(void)opc, (void)mode;
	word v = alu_aob(AC(c, I_AC(ir)));
	AC(c, I_AC(ir)) = v;
	if (w_isneg(v))
		c->pc = e;
}

/* ---- jumps that save ---- */

OPS_INLINE void op_jrst(struct cpu *c, word ir, addr e, unsigned opc, int mode)
{
	(void)opc, (void)mode;
	if (likely(I_AC(ir) == 0 && !c->trapping)) {
		c->pc = e;
		return;
	}
	cpu_jrst(c, ir, e);
}
OPS_INLINE void op_jfcl(struct cpu *c, word ir, addr e, unsigned opc, int mode)
{
	(void)opc, (void)mode;
	uint32_t sel = (uint32_t)I_AC(ir) << 14;   /* AC bits 9-12 -> AROV CRY0 CRY1 FOV */
	if (c->flags & sel) {
		c->flags &= ~sel;
		c->pc = e;
	}
}
#define op_xct(c, ir, e, opc, mode) cpu_xct(c, e)

OPS_INLINE void op_jsr(struct cpu *c, word ir, addr e, unsigned opc, int mode)
{
	(void)ir, (void)opc, (void)mode;
	mem_write(c, e, pc_word(c));
	c->flags &= ~F_FPD;
	c->pc = (e + 1) & RH_MASK;
	trap_jump_done(c);
}
OPS_INLINE void op_jsp(struct cpu *c, word ir, addr e, unsigned opc, int mode)
{
	(void)opc, (void)mode;
	AC(c, I_AC(ir)) = pc_word(c);
	c->flags &= ~F_FPD;
	c->pc = e;
	trap_jump_done(c);
}
OPS_INLINE void op_jsa(struct cpu *c, word ir, addr e, unsigned opc, int mode)
{
	(void)opc, (void)mode;
	unsigned ac = I_AC(ir);
	mem_write(c, e, AC(c, ac));
	AC(c, ac) = XWD(e, c->pc);
	c->pc = (e + 1) & RH_MASK;
	trap_jump_done(c);
}
OPS_INLINE void op_jra(struct cpu *c, word ir, addr e, unsigned opc, int mode)
{
	(void)opc, (void)mode;
	unsigned ac = I_AC(ir);
	AC(c, ac) = mem_read(c, LH(AC(c, ac)));
	c->pc = e;
}

/* ---- the push-down list ---- */

OPS_INLINE void op_push(struct cpu *c, word ir, addr e, unsigned opc, int mode)
{
	(void)opc, (void)mode;
	unsigned ac = I_AC(ir);
	word p0 = AC(c, ac), m = mem_read(c, e), p = alu_aob(p0);
	mem_write(c, RH(p), m);
	AC(c, ac) = p;
	if (alu_aob_carries(p0))
		cpu_pdl_overflow(c);
}
OPS_INLINE void op_pushj(struct cpu *c, word ir, addr e, unsigned opc, int mode)
{
	(void)opc, (void)mode;
	unsigned ac = I_AC(ir);
	word p0 = AC(c, ac), p = alu_aob(p0);
	mem_write(c, RH(p), pc_word(c));
	AC(c, ac) = p;
	c->flags &= ~F_FPD;
	c->pc = e;
	trap_jump_done(c);
	if (alu_aob_carries(p0))
		cpu_pdl_overflow(c);
}
OPS_INLINE void op_pop(struct cpu *c, word ir, addr e, unsigned opc, int mode)
{
	(void)opc, (void)mode;
	unsigned ac = I_AC(ir);
	word p = AC(c, ac), v = mem_read(c, RH(p));
	word *dst = mem_ref(c, e, 1);       /* a fault here leaves everything as it was */
	AC(c, ac) = alu_sob(p);             /* KA10: the AC first, so POP AC,AC keeps the word */
	*dst = v;
	mem_stored(c, (addr)(dst - c->mem));
	if (alu_sob_borrows(p))
		cpu_pdl_overflow(c);
}
OPS_INLINE void op_popj(struct cpu *c, word ir, addr e, unsigned opc, int mode)
{
	(void)e, (void)opc, (void)mode;
	unsigned ac = I_AC(ir);
	word p = AC(c, ac);
	c->pc = RH(mem_read(c, RH(p)));
	AC(c, ac) = alu_sob(p);
	if (alu_sob_borrows(p))
		cpu_pdl_overflow(c);
}

/* ---- byte instructions (ea.c) ---- */

void cpu_ibp(struct cpu *c, addr e);
void cpu_ldb(struct cpu *c, unsigned ac, addr e, int incr);
void cpu_dpb(struct cpu *c, unsigned ac, addr e, int incr);
#define op_ibp(c, ir, e, opc, mode)  cpu_ibp(c, e)
#define op_ldb(c, ir, e, opc, mode)  cpu_ldb(c, I_AC(ir), e, 0)
#define op_ildb(c, ir, e, opc, mode) cpu_ldb(c, I_AC(ir), e, 1)
#define op_dpb(c, ir, e, opc, mode)  cpu_dpb(c, I_AC(ir), e, 0)
#define op_idpb(c, ir, e, opc, mode) cpu_dpb(c, I_AC(ir), e, 1)

/* ---- floating point (fpops.c) ---- */

void cpu_fp(struct cpu *c, word ir, addr e, int mode, int kind);
#define op_fad(c, ir, e, opc, mode) cpu_fp(c, ir, e, mode, 0)
#define op_fsb(c, ir, e, opc, mode) cpu_fp(c, ir, e, mode, 1)
#define op_fmp(c, ir, e, opc, mode) cpu_fp(c, ir, e, mode, 2)
#define op_fdv(c, ir, e, opc, mode) cpu_fp(c, ir, e, mode, 3)
void cpu_ufa(struct cpu *c, unsigned ac, addr e);
void cpu_dfn(struct cpu *c, unsigned ac, addr e);
void cpu_fsc(struct cpu *c, unsigned ac, addr e);
#define op_ufa(c, ir, e, opc, mode) cpu_ufa(c, I_AC(ir), e)
#define op_dfn(c, ir, e, opc, mode) cpu_dfn(c, I_AC(ir), e)
#define op_fsc(c, ir, e, opc, mode) cpu_fsc(c, I_AC(ir), e)

/* ---- UUOs and I/O ---- */

#define op_luuo(c, ir, e, opc, mode) cpu_luuo(c, ir, e)
#define op_muuo(c, ir, e, opc, mode) cpu_muuo(c, ir, e)
/* 100-127 and 247 trap through exec 60/61; 257 does nothing on the KA10. */
void cpu_unassigned(struct cpu *c, word ir, addr e);
#define op_unas(c, ir, e, opc, mode) cpu_unassigned(c, ir, e)
#define op_nop(c, ir, e, opc, mode)  ((void)0)

/* An I/O instruction: traps as an MUUO in user mode without USERIO. */
void cpu_io(struct cpu *c, word ir, addr e);

#endif
