/* ka10_prog.c — random KA10 programs for the corpus, one category at a time, made by running them. */
/*
 * Like simh_diff's generator, a program is made by running it: each
 * instruction is chosen when the generator's own machine (tenvm's
 * interpreter) arrives at it, knowing the state it will see, so that every
 * operand address, indirect word, byte, stack and BLT word lies in the ACs or
 * the data block (2000-2037), jumps go forward inside their routine, every
 * call returns and the program halts at its `JRST 4,.`.  Unlike simh_diff it
 * covers what only a KA10 oracle can judge: floating point, UUOs, BLT, JRSTF,
 * the KA10's own MUL/IDIV and pointer arithmetic (carries out of the right
 * half), push-down overflow.  What the two generators do alike (random
 * stream, operand pickers, E now, routines, calls, returns) is proggen.c.
 *
 * Left out on purpose: ASH and ASHC left shifts by 29 or more.  The oracle
 * (Open SIMH pdp10-ka) computes them with a 64-bit C shift, so bits shifted
 * past bit 63 of the host word are lost before its overflow test (AROV is
 * missed from 29 on) and counts of 64 and more wrap modulo 64 on x86: its
 * answers there are not the KA10's.  And where DEC's KA10 diagnostic DAKDB
 * (which tenvm follows) disagrees with the oracle: FDV (every mode) of a
 * dividend whose fraction is 0, where the oracle leaves the AC and memory as
 * they were and DAKDB stores the quotient 0; IMUL of 400000000000 by a
 * negative number, where DAKDB sets AROV and the oracle does not.
 */
#include <stdio.h>
#include <string.h>
#include "isa.h"
#include "ka10_prog.h"
#include "proggen.h"

#define MAIN_LO  01000u
#define SUB_LO   01100u
#define CODE_END 01177u          /* last code word */
#define DATA_LO  02000u
#define DATA_N   040u
#define STACK_LO 02020u          /* stack pointers point into 2020-2037 */
#define HALT_W(a) (0254200000000ULL | (word)(a))
#define JFCL_W    0255000000000ULL
#define OP_JRSTF  01254u         /* a drawn JRST 2,@literal */

/* ---- categories ---- */

const struct ka10_category ka10_categories[] = {
	{ "int",    600, 10, V_MIXED, { [G_INT] = 10, [G_MULDIV] = 1, [G_SHIFT] = 1, [G_FLOW] = 2 } },
	{ "muldiv", 400,  6, V_EDGE,  { [G_MULDIV] = 10, [G_INT] = 2 } },
	{ "shift",  300,  6, V_MIXED, { [G_SHIFT] = 10, [G_INT] = 1 } },
	{ "fp",     900,  6, V_FP,    { [G_FP] = 12, [G_INT] = 1, [G_FLOW] = 1 } },
	{ "byte",   350,  8, V_BYTE,  { [G_BYTE] = 10, [G_INT] = 1, [G_JRSTF] = 1 } },
	{ "stack",  300,  8, V_STACK, { [G_STACK] = 10, [G_INT] = 2, [G_FLOW] = 1 } },
	{ "blt",    150,  4, V_BLT,   { [G_BLT] = 10, [G_INT] = 1 } },
	{ "jrstf",  200,  6, V_MIXED, { [G_JRSTF] = 6, [G_FLOW] = 2, [G_INT] = 2, [G_BYTE] = 1 } },
	{ "uuo",    250,  6, V_MIXED, { [G_UUO] = 8, [G_INT] = 2, [G_FLOW] = 1 } },
	{ "flow",   350, 12, V_MIXED, { [G_FLOW] = 10, [G_INT] = 3, [G_STACK] = 1, [G_UUO] = 1 } },
};
const unsigned ka10_n_categories = sizeof ka10_categories / sizeof ka10_categories[0];

/* The opcodes of each group, made once. */
static unsigned group_ops[G_N][0700], group_n[G_N];

static enum ka10_group group_of(unsigned op)
{
	if (op >= 001 && op <= 037) return G_UUO;
	if (op == 0130 || op == 0131 || op == 0132 || (op >= 0140 && op <= 0177)) return G_FP;
	if (op >= 0133 && op <= 0137) return G_BYTE;
	if (op >= 0220 && op <= 0237) return G_MULDIV;
	if (op >= 0240 && op <= 0246) return G_SHIFT;
	if (op == 0251) return G_BLT;
	if (op >= 0260 && op <= 0262) return G_STACK;
	if ((op >= 0252 && op <= 0256) || (op >= 0264 && op <= 0266) ||
	    (op >= 0320 && op <= 0327) || (op >= 0340 && op <= 0347) || (op >= 0360 && op <= 0367))
		return G_FLOW;
	if ((op >= 0200 && op <= 0217) || op == 0250 || (op >= 0270 && op <= 0377) ||
	    (op >= 0400 && op <= 0677))
		return G_INT;
	return G_N;    /* never drawn: 000, MUUOs, unassigned, POPJ, JRA (placed), I/O */
}

static void make_groups(void)
{
	if (group_n[G_INT])
		return;
	for (unsigned op = 0; op < 0700; op++) {
		enum ka10_group g = group_of(op);
		if (g < G_N)
			group_ops[g][group_n[g]++] = op;
	}
	group_ops[G_JRSTF][group_n[G_JRSTF]++] = OP_JRSTF;
}

/* ---- the case being made ---- */

static const struct ka10_category *C;
static struct ka10_case *K;
static struct cpu *G;                 /* the generator's machine */
static uint8_t placed[KA10_NREG];     /* code words the program has */

static int is_code(addr a) { return a >= MAIN_LO && a <= CODE_END; }
static int is_placed(addr a) { int i = ka10_index(a); return i >= 0 && placed[i]; }

static int set_code(addr a, word w)
{
	int i = ka10_index(a);
	if (i < 0 || placed[i]) {
		fprintf(stderr, "ka10_gen: internal: %s: word %06o placed twice\n", K->name, a);
		return -1;
	}
	placed[i] = 1;
	K->init[i] = w;
	G->mem[a] = w;
	return 0;
}


/* ---- values ---- */

static word edge_word(void)
{
	static const word edge[] = {
		0, 1, 2, W_MASK, W_MASK - 1, 0377777777777ULL, W_SIGN, W_SIGN, W_SIGN + 1,
		0777777, 01000000, 0777777000000ULL, 0525252525252ULL, 0252525252525ULL,
		0377777, 0400000, 0777776777777ULL, 0400000777777ULL, 3, 5, 0200000000000ULL,
	};
	return edge[rn(sizeof edge / sizeof edge[0])];
}

/* A floating-point word: normalized mostly, and the edges (zero, exponents
 * 0 and 377, unnormalized, unnormalized zeros with any exponent, powers of two). */
static word fp_word(void)
{
	static const unsigned ex[] = { 0, 1, 2, 0176, 0177, 0200, 0201, 0202, 0375, 0376, 0377 };
	word frac = ((word)1 << 26) | (rnd() & (((word)1 << 26) - 1)), w;
	unsigned e = rn(3) ? 0170 + rn(020) : rn(2) ? ex[rn(sizeof ex / sizeof ex[0])] : rn(0400);
	switch (rn(12)) {
	case 0: return rnd() & W_MASK;
	case 1: return 0;
	case 2: frac >>= 1 + rn(26); break;                 /* unnormalized */
	case 3: frac = 0; break;                            /* unnormalized zero */
	case 4: frac = (word)1 << 26; break;                /* a power of two */
	case 5: frac &= ~(word)0377; break;                 /* few fraction bits: exact sums */
	default: break;
	}
	w = (word)e << 27 | frac;
	return rn(2) ? w_neg(w) : w;
}

static word data_addr(void) { return DATA_LO + rn(DATA_N); }

static word indirect_word(void)
{
	word w = rn(4) ? data_addr() : rn(16);
	if (rn(4) == 0)
		w |= (word)1 << 22;
	if (rn(4) == 0)
		w = (word)(1 + rn(15)) << 18 | rn(040);
	if (rn(3) == 0)
		w |= (rnd() & 0777740ULL) << 18;          /* noise in the opcode and AC bits */
	return w;
}

static word byte_pointer(void)
{
	static const unsigned sizes[] = { 0, 1, 2, 3, 6, 7, 8, 9, 12, 18, 35, 36 };
	unsigned S = rn(4) ? sizes[rn(sizeof sizes / sizeof sizes[0])] : rn(rn(4) ? 37 : 64);
	unsigned P = rn(4) ? 36 - (S && S <= 36 ? S * rn(36 / S + 1) : 0) : rn(rn(4) ? 37 : 64);
	word y = rn(5) ? data_addr() : rn(16);
	word w = (word)P << 30 | (word)S << 24 | y;
	if (rn(5) == 0)
		w = (w & ~(word)RH_MASK) | (word)(1 + rn(15)) << 18 | rn(040);
	return w;
}

/* A push-down pointer into 2020-2037: -n,,a, or one that overflows soon. */
static word stack_pointer(void)
{
	static const addr lh[] = { 0777777, 0777776, 0777770, 0777700, 0, 1, 0400000 };
	addr a = STACK_LO + rn(DATA_N - (STACK_LO - DATA_LO) - 2);
	return XWD(rn(3) ? RH_MASK - rn(8) : lh[rn(sizeof lh / sizeof lh[0])], a);
}

/* A BLT pointer: source,,destination in the data block (or an AC source). */
static word blt_pointer(void)
{
	addr d = DATA_LO + rn(DATA_N - 8), s = rn(4) ? DATA_LO + rn(DATA_N - 8) : rn(8);
	return XWD(s, d);
}

static word init_word(int is_ac)
{
	switch (C->values) {
	case V_EDGE: if (rn(10) < 6) return edge_word(); break;
	case V_FP: if (rn(10) < 7) return fp_word(); break;
	case V_BYTE: if (rn(10) < (is_ac ? 3u : 4u)) return byte_pointer(); break;
	case V_STACK: if (is_ac && rn(3) == 0) return stack_pointer(); break;
	case V_BLT: if (is_ac && rn(3) == 0) return blt_pointer(); break;
	default: break;
	}
	switch (rn(is_ac ? 9 : 8)) {
	case 0: return 0;
	case 1: case 2: return rnd() & W_MASK;
	case 3: return edge_word();
	case 4: return rn(2) ? rn(0200) : w_of(-(int64_t)rn(0200));
	case 5: return indirect_word();
	case 6: return rn(2) ? byte_pointer() : fp_word();
	case 7: return is_ac ? XWD(rnd() & RH_MASK, data_addr()) : rnd() & 0777777000777ULL;
	default: return stack_pointer();
	}
}

/* An indirect word may also be a literal: a placed code word. */
static int literal(addr a) { return is_code(a) && is_placed(a); }

/* ---- instructions ---- */

static enum role role_of(unsigned op)
{
	static const enum role by_mode[4] = { R_MEM, R_IMM, R_MEM, R_MEM };   /* B I M S */
	if (op == OP_JRSTF) return R_JRSTF;
	if (op >= 001 && op <= 037) return R_UUO;
	if (op == 0130 || op == 0131) return R_MEM;
	if (op == 0132) return R_SHIFT;
	if (op >= 0133 && op <= 0137) return R_BYTE;
	if (op >= 0140 && op <= 0177) return (op & 7) == 5 ? R_FIMM : R_MEM;
	if (op >= 0240 && op <= 0246) return op == 0243 ? R_JUMP : R_SHIFT;
	switch (op) {
	case 0250: return R_MEM;
	case 0251: return R_BLT;
	case 0252: case 0253: case 0254: case 0255: return R_JUMP;
	case 0256: return R_XCT;
	case 0260: case 0264: case 0265: case 0266: return R_CALL;
	case 0261: return R_PUSH;
	case 0262: return R_POP;
	}
	if ((op >= 0320 && op <= 0327) || (op >= 0340 && op <= 0347) || (op >= 0360 && op <= 0367))
		return R_JUMP;
	if (op >= 0300 && op <= 0307) return R_IMM;
	if (op >= 0310 && op <= 0377) return R_MEM;
	if (op >= 0600 && op <= 0677) return (op & 010) ? R_MEM : R_IMM;
	if ((op >= 0200 && op <= 0237) || (op >= 0270 && op <= 0277) || (op >= 0400 && op <= 0577))
		return by_mode[op & 3];
	return R_NONE;
}


/* The operand rules, on the state the instruction will see. */
static int values_ok(word w, addr e)
{
	unsigned op = I_OP(w), ac = I_AC(w);
	word a = gm(ac);
	switch (op) {
	case 0170: case 0171: case 0172: case 0173: case 0174: case 0175: case 0176: case 0177:
		/* FDV of a dividend with no fraction: the oracle stores nothing, DEC's
		 * DAKDB 0 (see the top). */
		return (a & 0777777777ULL) != 0;
	case 0220: case 0221: case 0222: case 0223: {
		/* IMUL of 400000000000 by a negative number: the oracle sets no AROV,
		 * DAKDB does (see the top). */
		word m = (op & 3) == 1 ? (word)e : gm(e);
		return !(a == W_SIGN && (m & W_SIGN));
	}
	case 0240: case 0244:
		/* ASH, ASHC left by 29 or more: the oracle is wrong (see the top). */
		return (e & RH_SIGN) || (e & 0377) < 29;
	case 0261: case 0260:
		return valid_mem((RH(a) + 1) & RH_MASK);
	case 0262:
		return valid_mem(RH(a));
	case 0133: case 0134: case 0135: case 0136: case 0137: {
		if (!valid_mem(e))
			return 0;
		word p = gm(e), q = p;
		unsigned P = (unsigned)(p >> 30) & 077, S = (unsigned)(p >> 24) & 077;
		if (op == 0133 || op == 0134 || op == 0136) {
			if ((int)P - (int)S < 0)     /* next word: the whole word counts up */
				q = (((p + 1) & W_MASK) & ~(077ULL << 30)) | (word)((36 - S) & 077) << 30;
			else
				q = (p & ~(077ULL << 30)) | (word)(P - S) << 30;
		}
		/* The byte's word for either pointer (BIS may suppress the increment). */
		addr b1, b2;
		word save = G->mem[e];
		G->mem[e] = q;
		int ok = ea_of(q, &b1) && valid_mem(b1);
		G->mem[e] = p;
		ok = ok && ea_of(p, &b2) && valid_mem(b2);
		G->mem[e] = save;
		return ok;
	}
	}
	return 1;
}


/* ACs whose pointer fits a push (a pop) now. */
static int push_ac(unsigned k) { return valid_mem((RH(gm(k)) + 1) & RH_MASK); }
static int pop_ac(unsigned k) { return valid_mem(RH(gm(k))); }

/* Draw an opcode for the category: a group by weight, an opcode in it. */
static unsigned draw_op(void)
{
	unsigned total = 0;
	for (unsigned g = 0; g < G_N; g++)
		total += C->weight[g];
	unsigned r = rn(total), g = 0;
	while (r >= C->weight[g])
		r -= C->weight[g++];
	return group_ops[g][rn(group_n[g])];
}

/* Try once to make an instruction for pc; 0 if this draw does not fit. */
static word try_insn(addr pc, const struct region *rg, int xdepth)
{
	unsigned op = draw_op();
	enum role role = role_of(op);
	unsigned ac = rn(16);
	word w = (word)(op & 0777) << 27, form;
	addr want = 0, saved_sub = pg.sub_next;
	unsigned saved_regions = pg.n_regions;
	int k, r = pg_form(role, op, &ac, pc, rg, xdepth, &want, &form);

	if (!r)
		return 0;
	if (r < 0) {
		switch (role) {
		case R_FIMM:
			form = pick_form(1, LH(fp_word()));
			break;
		case R_UUO:
			if (pc + 1 > rg->end)
				return 0;
			form = pick_form(1, pick_imm());
			break;
		case R_JRSTF: {
			/* JRST 2,@lit: lit holds flags,,target; never USER or USERIO. */
			if (pc + 1 > rg->end || pg.sub_next > CODE_END)
				return 0;
			addr lit = pg.sub_next++;
			uint32_t fl = (uint32_t)(rnd() & (F_AROV | F_CRY0 | F_CRY1 | F_FOV | F_FPD | F_FXU | F_DCK));
			if (rn(4) == 0)
				fl |= (uint32_t)(rnd() & 03637);   /* bits that are no flags */
			want = pc + 1 + rn(rg->end - pc < 4 ? rg->end - pc : 4);
			if (set_code(lit, XWD(fl, want)))
				return 0;
			ac = 2;
			form = (word)1 << 22 | lit;
			break;
		}
		case R_PUSH: case R_POP:
			if ((k = pg_stack_ac(role == R_PUSH ? push_ac : pop_ac)) < 0)
				return 0;
			ac = (unsigned)k;
			form = pick_form(0, 0);
			break;
		case R_BLT: {
			/* AC = source,,destination, both runs of words in the block or the ACs. */
			word p = gm(ac);
			addr s = LH(p), d = RH(p), n = rn(8);
			if (d < DATA_LO || !valid_mem(d + n) || !valid_mem(s) || !valid_mem(s + n))
				return 0;
			want = rn(8) ? d + n : d - 1;      /* E below the start: one word */
			form = want;
			break;
		}
		case R_CALL:
			if (!pg_call(op, &ac, pc, rg, xdepth, push_ac, &want, &form))
				return 0;
			break;
		default:
			return 0;
		}
	}
	w |= (word)ac << 23 | form;
	addr e;
	if (!pg_fits(w, role, want, pc, rg, &e) || !values_ok(w, e))
		goto fail;
	return w;
fail:
	/* Give back the subroutine or literal words this draw took. */
	for (addr a = saved_sub; a < pg.sub_next; a++) {
		int i = ka10_index(a);
		placed[i] = 0;
		K->init[i] = KA10_UNSET;
		G->mem[a] = KA10_UNSET;
	}
	pg.sub_next = saved_sub;
	pg.n_regions = saved_regions;
	return 0;
}


/* The return of subroutine rg, for the state at its end. */
static word gen_return(const struct region *rg)
{
	word v;
	switch (rg->call) {
	case 0264:                 /* JSR: JRST @link, or JRST 2,@link restoring the flags */
		v = gm(rg->link_at);
		if (RH(v) == rg->ret && !(v & I_IX_MASK) && !(LH(v) & (F_USER | F_USERIO)))
			return (rn(2) ? 0254120000000ULL : 0254020000000ULL) | rg->link_at;
		break;
	case 0260:                 /* PUSHJ p: POPJ p, */
		v = gm(rg->link_ac);
		if (valid_mem(RH(v)) && RH(gm(RH(v))) == rg->ret)
			return 0263000000000ULL | (word)rg->link_ac << 23;
		break;
	}
	return pg_return(rg);      /* JSP, JSA; JRST back when the link was overwritten */
}

/* Run one instruction of the generator's machine from pc. */
static int gen_step(addr pc)
{
	G->pc = pc;
	G->max_cycles = G->cycles + 1;
	cpu_schedule(G);
	enum stop s = interp_run(G);
	if (s != STOP_BUDGET) {
		fprintf(stderr, "ka10_gen: internal: %s: generator stopped (%d) at %06o\n", K->name,
			(int)s, pc);
		return -1;
	}
	return 0;
}

/* The LUUO handler: 41 JSR 100, 101 JRST @100 (or AOS 2037, JRST 2,@100), or
 * 41 AOS 2036 alone (the UUO then goes on at the next instruction). */
static int make_handler(void)
{
	switch (rn(3)) {
	case 0:
		return set_code(041, 0264000000100ULL) || set_code(0101, 0254020000100ULL);
	case 1:
		return set_code(041, 0264000000100ULL) || set_code(0101, 0350000002037ULL) ||
		       set_code(0102, 0254120000100ULL);
	default:
		return set_code(041, 0350000002036ULL);
	}
}

int ka10_make(const struct ka10_category *cat, uint64_t seed, unsigned num, struct ka10_case *k)
{
	make_groups();
	C = cat;
	K = k;
	ka10_clear(k);
	snprintf(k->name, sizeof k->name, "%s.%u", cat->name, num);
	pg_rs = seed ^ (0x632be59bd9b4e019ULL * (num + 1)) ^
	      (0x9E3779B97F4A7C15ULL * (unsigned)(cat - ka10_categories + 1));
	rnd();
	memset(placed, 0, sizeof placed);
	struct cpu_config cfg = { .mem_kwords = 256, .tty_in_fd = -1 };
	if (!(G = cpu_new(&cfg))) {
		fprintf(stderr, "ka10_gen: out of memory\n");
		return -1;
	}
	pg = (struct proggen){ .m = G, .data_lo = DATA_LO, .data_n = DATA_N, .code_end = CODE_END,
			       .literal = literal, .try_insn = try_insn, .place = set_code, .target_first = 1,
			       .max_regions = 24 };
	int rc = -1;
	for (unsigned i = 0; i < 16; i++)
		k->init[i] = rn(4) ? init_word(1) : 0;
	for (unsigned i = 0; i < DATA_N; i++)
		k->init[ka10_index(DATA_LO + i)] = rn(3) ? init_word(0) : 0;
	for (unsigned i = 0; i < KA10_NREG; i++)
		G->mem[ka10_addr(i)] = k->init[i];
	if (rn(8) == 0)
		k->flags = (uint32_t)(rnd() & (F_AROV | F_CRY0 | F_CRY1 | F_FOV | F_FPD | F_FXU | F_DCK));
	cpu_set_flags(G, k->flags);
	if (cat->weight[G_UUO] && make_handler())
		goto out;
	unsigned len = 1 + rn(cat->max_len);
	addr halt_at = MAIN_LO + len;
	k->start = MAIN_LO;
	pg.n_regions = 1;
	pg.regions[0] = (struct region){ .lo = MAIN_LO, .end = halt_at };
	pg.sub_next = SUB_LO;
	if (set_code(halt_at, HALT_W(halt_at)))
		goto out;
	addr pc = MAIN_LO;
	for (unsigned steps = 0; pc != halt_at; steps++) {
		if (steps > 2000) {
			fprintf(stderr, "ka10_gen: internal: %s runs away\n", k->name);
			goto out;
		}
		if (is_code(pc) && !is_placed(pc)) {
			struct region *rg = region_of(pc);
			if (!rg) {
				fprintf(stderr, "ka10_gen: internal: %s: %06o is in no routine\n", k->name, pc);
				goto out;
			}
			if (set_code(pc, pc == rg->end ? gen_return(rg) : gen_insn(pc, rg, 0)))
				goto out;
		} else if (is_code(pc) || !is_placed(pc)) {
			fprintf(stderr, "ka10_gen: internal: %s: %06o runs twice or is no code\n",
				k->name, pc);
			goto out;
		}
		if (gen_step(pc))
			goto out;
		pc = G->pc;
	}
	rc = 0;
out:
	cpu_free(G);
	G = NULL;
	return rc;
}
