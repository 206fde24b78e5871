/* simh_gen.c — simh_diff's generator: instructions chosen as the generator's own machine reaches them. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "disasm.h"
#include "isa.h"
#include "simh_gen.h"

/* ---- the generator ---- */


/* The role of E for each opcode of the candidate set (every opcode isa.def
 * does not class as floating point, unassigned, UUO, I/O or KS-different). */
enum role role_of(unsigned op)
{
	static const enum role by_mode[4] = { R_MEM, R_IMM, R_MEM, R_MEM };   /* B I M S */
	if (op >= 0133 && op <= 0137) return R_BYTE;
	if (op >= 0200 && op <= 0237) return by_mode[op & 3];
	switch (op) {
	case 0240: case 0241: case 0242: case 0244: case 0245: case 0246: return R_SHIFT;
	case 0243: return R_JUMP;                 /* JFFO */
	case 0250: return R_MEM;                  /* EXCH */
	case 0252: case 0253: return R_JUMP;      /* AOBJP, AOBJN */
	case 0254: case 0255: return R_JUMP;      /* JRST, JFCL */
	case 0256: return R_XCT;
	case 0260: case 0264: case 0265: case 0266: return R_CALL;
	case 0261: return R_PUSH;
	case 0262: return R_POP;
	case 0263: case 0267: return R_RET;
	}
	if (op >= 0270 && op <= 0277) return by_mode[op & 3];
	if (op >= 0300 && op <= 0307) return R_IMM;     /* CAIx */
	if (op >= 0310 && op <= 0317) return R_MEM;     /* CAMx */
	if (op >= 0320 && op <= 0327) return R_JUMP;    /* JUMPx */
	if (op >= 0330 && op <= 0337) return R_MEM;     /* SKIPx */
	if (op >= 0340 && op <= 0347) return R_JUMP;    /* AOJx */
	if (op >= 0350 && op <= 0357) return R_MEM;     /* AOSx */
	if (op >= 0360 && op <= 0367) return R_JUMP;    /* SOJx */
	if (op >= 0370 && op <= 0377) return R_MEM;     /* SOSx */
	if (op >= 0400 && op <= 0577) return by_mode[op & 3];
	if (op >= 0600 && op <= 0677) return (op & 010) ? R_MEM : R_IMM;
	return R_NONE;
}

/* The weighted list of candidate opcodes, made from isa.def's table. */
static unsigned pool[4096], pool_n;

int pool_has(unsigned op)
{
	for (unsigned i = 0; i < pool_n; i++)
		if (pool[i] == op)
			return 1;
	return 0;
}

void make_pool(void)
{
	for (unsigned op = 0; op < 0700; op++) {
		unsigned cls = isa_ops[op].cls;
		if (!isa_ops[op].name || (cls & (K_FP | K_UNDEF | K_UUO | K_IO | K_KSDIFF)))
			continue;
		enum role r = role_of(op);
		if (r == R_NONE)
			die("opcode %03o (%s) has no operand role", op, isa_ops[op].name);
		unsigned w = 3;
		if (op >= 0400 && op <= 0677)
			w = 1;                    /* 256 booleans, half-words, tests */
		else if (r == R_RET)
			w = 0;                    /* returns are placed, not drawn */
		else if (r == R_CALL || r == R_BYTE || r == R_PUSH || r == R_POP)
			w = 6;
		else if (op >= 0220 && op <= 0246)
			w = 5;                    /* multiply, divide, shifts */
		for (unsigned i = 0; i < w; i++)
			pool[pool_n++] = op;
	}
}


struct cpu *G;            /* the generator's machine */
struct kase *K;           /* the case being made */
int trap_pending;         /* an overflow happened: the KS10 has TRAP1 set */

/* An indirect word may also be a word of the subroutine area: JSR's return
 * goes through its link word. */
static int sub_word(addr a) { return a >= SUB_LO && a <= CODE_HI; }
static word try_insn(addr pc, const struct region *rg, int xdepth);
static int place(addr a, word w) { set_code(a, w); return 0; }

void gen_begin(struct kase *k)
{
	K = k;
	G = new_machine();
	pg = (struct proggen){ .m = G, .data_lo = DATA_LO, .data_n = DATA_N, .code_end = CODE_HI,
			       .literal = sub_word, .try_insn = try_insn, .place = place,
			       .max_regions = PG_MAX_REGIONS, .sub_next = SUB_LO };
}

int is_set(addr a) { return a >= CODE_LO && a <= CODE_HI && K->set[a - CODE_LO]; }
void set_code(addr a, word w)
{
	if (a < CODE_LO || a > CODE_HI || K->set[a - CODE_LO])
		die("internal: case %u: code word %06o placed twice", K->num, a);
	K->set[a - CODE_LO] = 1;
	K->code[a - CODE_LO] = w;
	G->mem[a] = w;
	if (a > K->code_top)
		K->code_top = a;
}


/* Stack pointer p in AC ac, fit for PUSH or PUSHJ. */
static int stack_ok_push(word p, unsigned ac)
{
	/* KA10 PUSH adds 1,,1 as one 36-bit word, the KS10 per half; KA10 push-down
	 * overflow is an APR interrupt, the KS10's TRAP2: keep RH < 777777 and
	 * LH != 777777 (facts sections 13, 16).  And the push must not land in the
	 * pointer's own AC: the KA10 (kx10_cpu.c PUSH/PUSHJ) writes the word, then
	 * AC := the incremented pointer; simh's KS10 (pdp10_cpu.c `WRP (x); AOBAC`)
	 * increments what the AC holds after the write. */
	return LH(p) != RH_MASK && RH(p) != RH_MASK && valid_mem(RH(p) + 1) && RH(p) + 1 != ac;
}
/* Stack pointer p fit for POP or POPJ. */
static int stack_ok_pop(word p)
{
	/* The same for the decrement: LH != 0 (overflow) and RH != 0 (the KA10's
	 * borrow crosses into the left half). */
	return LH(p) != 0 && RH(p) != 0 && valid_mem(RH(p));
}

#define BP_P(p) ((unsigned)((p) >> 30) & 077)
#define BP_S(p) ((unsigned)((p) >> 24) & 077)

/* The operand constraints that keep clear of KA10/KS10 differences (facts
 * section 16), checked on the state the instruction will see. */
int values_ok(word w, addr e)
{
	unsigned op = I_OP(w), ac = I_AC(w);
	word a = gm(ac);
	switch (op) {
	case 0230: case 0231: case 0232: case 0233: {
		/* IDIV of 400000000000 by +1 or -1: KA10 no-divide, KS10 divides. */
		word d = (op & 3) == 1 ? (word)e : gm(e);
		if (a == W_SIGN && (d == 1 || d == W_MASK))
			return 0;
		return 1;
	}
	case 0234: case 0235: case 0236: case 0237: {
		/* DIV of -2^70 (400000000000 and bits 1-35 of AC+1 zero) by 0: the
		 * KA10 divides (400000000001 rem 0), the KS10 does not. */
		word d = (op & 3) == 1 ? (word)e : gm(e);
		return !(a == W_SIGN && (gm((ac + 1) & 017) & 0377777777777ULL) == 0 && d == 0);
	}
	case 0220: case 0221: case 0222: case 0223:
	case 0224: case 0225: case 0226: case 0227:
		/* IMUL, MUL with C(AC) = 400000000000: the KA10 takes it as +2^35
		 * (the product's sign comes out inverted), the KS10 as -2^35. */
		return a != W_SIGN;
	case 0240: case 0242: case 0246:
		/* ASH, LSH, LSHC with E bit 18 set and E bits 28-35 zero: the KA10
		 * shifts by 0 (facts section 11; kx10_cpu.c), simh's KS10 right by 256
		 * (pdp10_defs.h LIT8).  (ROT and ROTC agree: both rotate by -256.) */
		return !((e & RH_SIGN) && (e & 0377) == 0);
	case 0244:
		if ((e & RH_SIGN) && (e & 0377) == 0)
			return 0;     /* as ASH */
		return 1;
	case 0252: case 0253:
		/* AOBJx: the KA10's 36-bit add carries out of the right half. */
		return RH(a) != RH_MASK;
	case 0260:
		return stack_ok_push(a, ac);
	case 0261:
		return stack_ok_push(a, ac);
	case 0262:
		/* POP into its own pointer AC: the KA10 (kx10_cpu.c POP, facts
		 * section 13) sets AC := the decremented pointer and then writes E, so
		 * the popped word wins; simh's KS10 (`RDP; WR; SOBAC`) decrements the
		 * popped word. */
		return stack_ok_pop(a) && e != ac;
	case 0263:
		return stack_ok_pop(a);
	case 0133: case 0134: case 0135: case 0136: case 0137: {
		word p = gm(e);
		unsigned P = BP_P(p), S = BP_S(p);
		if (P > 36 || S > 36)
			return 0;
		if (op == 0133 && ac != 0)
			return 0;     /* 133 with AC != 0 is ADJBP on the KS10, IBP on the KA10 */
		word q = p;
		if (op == 0133 || op == 0134 || op == 0136) {
			if (P < S) {
				/* The KA10 increments the whole word, the KS10 the RH. */
				if (RH(p) == RH_MASK)
					return 0;
				q = ((p + 1) & W_MASK & ~(077ULL << 30)) | (word)((36 - S) & 077) << 30;
			} else {
				q = (p & ~(077ULL << 30)) | (word)(P - S) << 30;
			}
		}
		/* The byte's address, as the machine computes it after the pointer store. */
		word save = G->mem[e];
		G->mem[e] = q;
		addr be;
		int ok = ea_of(q, &be) && valid_mem(be);
		G->mem[e] = save;
		return ok;
	}
	}
	return 1;
}

/* Does w (or the word an XCT chain of w reaches) set AROV when it overflows? */
int may_overflow(word w)
{
	for (int lev = 0; lev < 4; lev++) {
		unsigned op = I_OP(w);
		if (op != 0256)
			return (op >= 0210 && op <= 0240) || op == 0244 ||
			       (op >= 0270 && op <= 0277) || (op >= 0340 && op <= 0377);
		addr e;
		if (!ea_of(w, &e))
			return 0;
		w = gm(e);
	}
	return 0;
}


/* ACs fit for the stack pointer of a push or a pop now. */
static int push_ac(unsigned k) { return stack_ok_push(gm(k), k); }
static int pop_ac(unsigned k) { return stack_ok_pop(gm(k)); }

/* Try once to make an instruction for pc; 0 if this draw does not fit. */
static word try_insn(addr pc, const struct region *rg, int xdepth)
{
	unsigned op = pool[rn(pool_n)];
	enum role role = role_of(op);
	unsigned ac = rn(16);
	word w = (word)op << 27, form;
	addr want = 0;
	int k, r = pg_form(role, op, &ac, pc, rg, xdepth, &want, &form);

	if (!r)
		return 0;
	if (r < 0) {
		switch (role) {
		case R_PUSH:
		case R_POP:
			if ((k = pg_stack_ac(role == R_PUSH ? push_ac : pop_ac)) < 0)
				return 0;
			ac = (unsigned)k;
			form = pick_form(0, 0);
			break;
		case R_CALL:
			/* The KS10 sets TRAP1 (PC word bit 10) with AROV and keeps it until a
			 * JSR, JSP or PUSHJ has stored it (facts section 16; pdp10_cpu.c
			 * SUBJ).  So while it would be set, only JSR calls: its PC word lands
			 * in a link word in the subroutine area, which only the return reads
			 * (for its I, X and Y), and which is compared with bits 7-10 masked.
			 * A JSP's or PUSHJ's PC word would land in an AC or the data block,
			 * where later instructions could compute with bit 10.  No calls
			 * from an XCT. */
			if ((trap_pending && op != 0264) ||
			    !pg_call(op, &ac, pc, rg, xdepth, push_ac, &want, &form))
				return 0;
			if (op == 0264)
				K->pcword[want - CODE_LO] = 1;   /* its link word holds a PC word */
			break;
		default:
			return 0;
		}
	}
	if (role == R_BYTE && op == 0133)
		ac = 0;   /* 133 with AC != 0 is ADJBP on the KS10 */
	w |= (word)ac << 23 | form;
	addr e;
	if (!pg_fits(w, role, want, pc, rg, &e) || !values_ok(w, e))
		goto fail;
	return w;
fail:
	if (role == R_CALL) {              /* give the subroutine back */
		const struct region *s = &pg.regions[--pg.n_regions];
		if (s->call == 0264)
			K->pcword[s->link_at - CODE_LO] = 0;
		pg.sub_next = s->link_at ? s->link_at : s->lo;
	}
	return 0;
}


/* The return of subroutine rg, for the state at its end. */
word gen_return(const struct region *rg)
{
	word v;
	switch (rg->call) {
	case 0264:                 /* JSR: JRST @link */
		v = gm(rg->link_at);
		if (RH(v) == rg->ret && !(v & I_IX_MASK))
			return 0254020000000ULL | rg->link_at;
		break;
	case 0260:                 /* PUSHJ p: POPJ p, */
		v = gm(rg->link_ac);
		if (stack_ok_pop(v) && RH(gm(RH(v))) == rg->ret)
			return 0263000000000ULL | (word)rg->link_ac << 23;
		break;
	}
	return pg_return(rg);      /* JSP, JSA; JRST back when the link was overwritten */
}
