/* gen.h — the translator's state while it makes one block's host code, shared by translate.c and regs.c. */
#ifndef TENVM_GEN_H
#define TENVM_GEN_H

#include "native.h"

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
#define EAX  ZYDIS_REGISTER_EAX
#define ECX  ZYDIS_REGISTER_ECX
#define EBP  ZYDIS_REGISTER_EBP
#define NOREG ZYDIS_REGISTER_NONE
#define MN(x) ZYDIS_MNEMONIC_##x

#define W(a) ((int32_t)((a) * 8))            /* displacement of real word a from R12 */
#define OFF(f) ((int32_t)offsetof(struct nrun, f))
#define CPU(f) ((int32_t)offsetof(struct cpu, f))

#define NA_REGS 4            /* ACs a block may keep in host registers (R8-R11) */

struct gen {
	struct emit      *e;
	const struct cpu *c;       /* the machine as the block's key has it */
	struct nhead     *h;
	struct tc_block  *b;
	uintptr_t         exit;    /* the epilogue */
	const struct nop *op;
	unsigned          n;
	unsigned          lab0;    /* label of op 0; lab0 + n is the fall-through end */
	unsigned          chained; /* label of the ends' way back to the runner */
	unsigned          body;    /* label of op 0's code, after the chain entry */
	unsigned          head;    /* label after the register loads: a self-loop goes round to it */
	long              rsi;     /* the real word RSI holds at this point, or -1 */
	/* The register cache (regs.c): nregs ACs, AC ac_of[i] in host register
	 * R8 + i as its word shifted to the top (word << 28); reg_of[ac] is that
	 * i, or -1.  written: the cached ACs the block's inline code may change
	 * (written back at every call and end).  EBP holds carry flags not yet
	 * in cpu->flags (F_CRY0 | F_CRY1, or 0), RDI the run's base plus n
	 * (the nrun's base is RDI - n at every call and end), RDX the rounds
	 * not yet counted in the nrun's nchains. */
	unsigned          nregs;
	uint8_t           ac_of[NA_REGS];
	int8_t            reg_of[16];
	uint16_t          written;
	unsigned          nsmc;    /* calls of the smc checks, emitted after those */
	struct {
		const struct nop *op;
		unsigned hit, back;
		int indexed;
		long reload;
	} smc[TR_MAX_INSNS];
	unsigned          ncold;   /* general paths, emitted after the block's ends */
	struct {
		const struct nop *op;
		unsigned slow, done, undo;   /* undo: a label before slow, or 0 */
		long reload;
		emn undo_mn;                 /* undo: undo_r undo_mn= undo_src, or undo_imm;
					      * no undo_r: the low half of op->pa's word */
		ereg undo_r, undo_src;
		int32_t undo_imm;
	} cold[TR_MAX_INSNS];
};

/* ---- the register cache (regs.c) ---- */

/* Decide which ACs block g keeps in registers (up to NA_REGS of those its
 * ops name as AC, as a constant E below 020 or as an index, the most used
 * first): none unless the block goes round to itself, chains, and every op
 * is one whose inline code uses the cache (no call on its fast path). */
void regs_plan(struct gen *g);
/* The host register caching real word a (an AC: a < 020; its word << 28), or NOREG. */
ereg ac_reg(const struct gen *g, addr a);
/* Before a call or an end: memory and cpu->flags become exact (the written
 * ACs, the pending carries, base and the rounds in nchains); the cached ACs,
 * EBP and RDI stay as they are, RDX becomes 0 (its rounds are counted).
 * Uses RAX. */
void regs_spill(struct gen *g);
/* At the block's body, and after every call (which may have changed any AC
 * and cleared flags): every cached AC from memory into its register, no
 * carries pending, RDI the nrun's base plus n, RDX 0.  Keeps RAX (the
 * call's status), RCX and RSI. */
void regs_load(struct gen *g);
/* The self-loop's way round, having run `ran` instructions: to the head
 * while no event is due in the next round (cpu->event_at, read every time),
 * else back to the runner (see end_ran). */
void regs_round(struct gen *g, unsigned ran);
/* r := real word w (from its register if it is a cached AC) as a 36-bit
 * word / shifted to the top. */
void word_get(struct gen *g, ereg r, addr w);
void word_get_top(struct gen *g, ereg r, addr w);
/* Real word w := the 36-bit word in r (r unchanged). */
void word_set(struct gen *g, addr w, ereg r);
/*
 * translate.c's ksum for an AC in host register r (word << 28): r op= src
 * (or imm), its carries pending, x86's flags those of the result.  On
 * overflow the op's general path (its cold[] entry) redoes the instruction
 * after the op is undone (exact in 64 bits).
 */
void inplace(struct gen *g, ereg r, int sub, ereg src, int32_t imm);
/* cpu->flags |= F_CRY0 | F_CRY1 (pending in EBP in a cached block); when
 * cc is a CMOVcc, only if its condition holds (x86 flags are kept).  A
 * CMOVcc only in a cached block (inplace): without one the OR is
 * unconditional, so cc must be ZYDIS_MNEMONIC_INVALID there. */
void carry_flags(struct gen *g, emn cc);

#endif
