/* simh_diff.c — differential test: random integer programs on the interpreter and on simh's KS10 `pdp10`. */
/*
 * Usage: simh_diff [--cases N] [--seed S] [--len L] [--pdp10 PATH] [--keep DIR]
 *                  [--case K [--shrink]] [-v]
 *
 * --case K runs case K of the seed alone; --shrink then reduces it to the
 * fewest instructions and nonzero initial words that still differ.
 *
 * Every case is a random program from the integer user-mode subset on which the
 * KA10 and the KS10 agree, run in exec mode from 1000 to a final `JRST 4,.`:
 *
 *   0-17       the ACs (random and edge values, index values, pointers)
 *   1000-1377  the main code: at most L instructions, then the HALT
 *   1400-1777  subroutines (JSP, JSR, PUSHJ, JSA targets) and XCT targets
 *   2000-2177  the data block (random and edge values, indirect words, byte
 *              and stack pointers)
 *
 * Programs are made by running them: each instruction is chosen when the
 * generator's own machine arrives at it, knowing the state it will see, so
 * that every effective address (indirect words included) lies in the ACs or
 * the data block, every jump goes forward inside its routine, every call
 * returns, and the operands stay clear of the documented KA10/KS10
 * differences (/tmp/ka10-facts.md section 16; see values_ok()).  Guarantees:
 * every program halts at its HALT on a correct KA10, no instruction ever
 * writes over code (except the link words of JSR and JSA), and a case is a
 * pure function of (seed, case number), so --seed S --case K reproduces it.
 *
 * The cases then run in the interpreter in-process and in pdp10 (in batches,
 * several processes at once, each under a wall-clock limit), and every AC,
 * data word, code word, the final PC, the stop reason and the final flags
 * are compared, exactly, except bits 7-10 (the KS10's trap flags) of the
 * final flags and of the PC words JSR stores (see R_CALL in try_insn()).  Exit status: 0 all
 * agree, 1 some case differs, 2 internal or environment error, 77 pdp10 is
 * missing.  Last line: "simh_diff: N cases, M mismatches".
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "cpu.h"
#include "disasm.h"
#include "isa.h"

/* ---- layout ---- */

#define CODE_LO   01000u
#define MAIN_MAX  0377u          /* main code 1000..1376, HALT at most at 1377 */
#define SUB_LO    01400u
#define CODE_HI   01777u
#define CODE_N    (CODE_HI - CODE_LO + 1)
#define DATA_LO   02000u
#define DATA_N    0200u
#define MEM_KW    8u             /* 8K words: 0-17777 */
#define STEP_MAX  4000u          /* instructions a case may run (it needs < 500) */
#define BATCH     200            /* cases per pdp10 process */
#define SIMH_SECS 60             /* wall-clock limit per pdp10 process */

#define HALT_W(a) (0254200000000ULL | (word)(a))   /* JRST 4,a */
#define UNSET_W   HALT_W(0)                          /* every unset code word */
#define FLAG_MASK 0774177u      /* LH flag bits compared: all but 7-10 (KS10 trap flags) */
#define PCW_MASK  (W_MASK & ~((word)03600 << 18))   /* the same in a PC word */

/* ---- random numbers: splitmix64, one stream per case ---- */

static uint64_t rs;
static uint64_t rnd(void)
{
	uint64_t z = (rs += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}
static unsigned rn(unsigned n) { return (unsigned)(rnd() % n); }
static word rword(void) { return rnd() & W_MASK; }

/* ---- one case ---- */

enum { S_NONE, S_HALT, S_BUDGET, S_OTHER };

struct result {
	int      have;
	int      stop;            /* S_* */
	addr     pc;
	uint32_t flags;
	word     ac[16], code[CODE_N], data[DATA_N];
	char     msg[96];         /* simh's stop message */
};

struct kase {
	unsigned num;
	uint64_t seed;
	word     ac[16], data[DATA_N], code[CODE_N];   /* the initial image */
	uint8_t  set[CODE_N];                         /* code words the program uses */
	uint8_t  pcword[CODE_N];                      /* JSR link words: PC words */
	addr     halt_at, code_top;
	struct result tv, sh;
};

static unsigned opt_len = 60;
static int verbose;

static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "simh_diff: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(2);
}

/* ---- the generator ---- */

/* What an instruction's E is to it. */
enum role {
	R_NONE = -1,
	R_MEM,      /* an operand address: must be an AC or a data word */
	R_IMM,      /* an immediate value: anything */
	R_SHIFT,    /* a shift count */
	R_JUMP,     /* a jump target: forward, inside the routine */
	R_BYTE,     /* the address of a byte pointer */
	R_PUSH,     /* PUSH: source operand; AC a stack pointer */
	R_POP,      /* POP: destination operand; AC a stack pointer */
	R_XCT,      /* the address of the word to execute */
	R_CALL,     /* JSP, JSR, PUSHJ, JSA: a new subroutine */
	R_RET,      /* POPJ, JRA: only as the return of a subroutine */
};

/* The role of E for each opcode of the candidate set (every opcode isa.def
 * does not class as floating point, unassigned, UUO, I/O or KS-different). */
static enum role role_of(unsigned op)
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

static int pool_has(unsigned op)
{
	for (unsigned i = 0; i < pool_n; i++)
		if (pool[i] == op)
			return 1;
	return 0;
}

static void make_pool(void)
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

/* A routine: the main program or one subroutine.  Code runs forward inside
 * [lo, end]; the word at end is the HALT (main) or the return (subroutine). */
struct region {
	addr     lo, end;
	int      depth;         /* 0 main, 1.. subroutine nesting */
	unsigned call;          /* the calling opcode (0 for main) */
	unsigned link_ac;       /* JSP, PUSHJ, JSA: the AC */
	addr     link_at;       /* JSR, JSA: the link word */
	addr     ret;           /* where the return goes */
};

#define MAX_REGIONS 64
static struct region regions[MAX_REGIONS];
static unsigned n_regions;
static addr sub_next;            /* next free word of the subroutine area */
static struct cpu *G;            /* the generator's machine */
static struct kase *K;           /* the case being made */
static int trap_pending;         /* an overflow happened: the KS10 has TRAP1 set */

static word gm(addr a) { return G->mem[a & RH_MASK]; }
static int valid_mem(addr a) { return a < 020 || (a >= DATA_LO && a < DATA_LO + DATA_N); }
static int is_set(addr a) { return a >= CODE_LO && a <= CODE_HI && K->set[a - CODE_LO]; }
static void set_code(addr a, word w)
{
	if (a < CODE_LO || a > CODE_HI || K->set[a - CODE_LO])
		die("internal: case %u: code word %06o placed twice", K->num, a);
	K->set[a - CODE_LO] = 1;
	K->code[a - CODE_LO] = w;
	G->mem[a] = w;
	if (a > K->code_top)
		K->code_top = a;
}

/* E of w in the generator's present state, following at most 3 indirect
 * words, each an AC, data word or subroutine word.  Returns 0 if the chain leaves that area or
 * is longer (simh stops at 32 levels; the programs never come near). */
static int ea_of(word w, addr *e)
{
	for (unsigned lev = 0;; lev++) {
		addr y = RH(w);
		if (I_X(w))
			y = (y + RH(gm(I_X(w)))) & RH_MASK;
		if (!I_IND(w)) {
			*e = y;
			return 1;
		}
		/* (the subroutine area: JSR's return goes through its link word) */
		if (lev >= 3 || !(valid_mem(y) || (y >= SUB_LO && y <= CODE_HI)))
			return 0;
		w = gm(y);
	}
}

static addr pick_mem(void)
{
	return rn(10) < 3 ? rn(16) : DATA_LO + rn(DATA_N);
}

static addr pick_imm(void)
{
	static const addr edge[] = { 0, 1, 2, 3, 0777777, 0777776, 0400000, 0377777, 0400001, 0123 };
	switch (rn(4)) {
	case 0: return rn(20);
	case 1: return edge[rn(sizeof edge / sizeof edge[0])];
	case 2: return rn(0100) * 01001;   /* both small halves touch */
	default: return (addr)(rnd() & RH_MASK);
	}
}

/* A shift count: small, large, negative, and now and then any 18 bits
 * (only bit 18 and bits 28-35 count, facts section 11). */
static addr pick_count(void)
{
	int n;
	switch (rn(6)) {
	case 0: return (addr)(rnd() & RH_MASK);
	case 1: n = (int)rn(511) - 255; break;
	case 2: n = (int)rn(145) - 72; break;
	default: n = (int)rn(81) - 40; break;
	}
	return (addr)n & RH_MASK;
}

/* I, X and Y bits of an instruction whose E must satisfy kind:
 * 0 an operand address, 1 any value (want = the value if direct or
 * indexed), 2 exactly want (a jump target or a code address). */
static word pick_form(int kind, addr want)
{
	for (int tries = 0; tries < 8; tries++) {
		unsigned r = rn(10);
		if (r < 5 || (kind == 2 && r >= 8)) {
			addr t = kind == 0 ? pick_mem() : want;
			return t;
		}
		if (r < 8) {
			unsigned x = 1 + rn(15);
			addr t = kind == 0 ? pick_mem() : want;
			return (word)x << 18 | ((t - RH(gm(x))) & RH_MASK);
		}
		/* indirect through an AC or data word, itself direct or indexed */
		addr a = pick_mem();
		word f = (word)1 << 22 | a;
		if (rn(3) == 0) {
			unsigned x = 1 + rn(15);
			f = (word)1 << 22 | (word)x << 18 | ((a - RH(gm(x))) & RH_MASK);
		}
		addr e;
		if (ea_of(f, &e) && (kind == 1 || valid_mem(e)))
			return f;
	}
	return kind == 0 ? pick_mem() : want;
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
static int values_ok(word w, addr e)
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
static int may_overflow(word w)
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

static struct region *region_of(addr pc)
{
	for (unsigned i = 0; i < n_regions; i++)
		if (pc >= regions[i].lo && pc <= regions[i].end)
			return &regions[i];
	return NULL;
}

/* A new subroutine for the call op at pc in rg.  Returns its entry E, or 0. */
static addr new_sub(unsigned op, unsigned ac, addr pc, const struct region *rg)
{
	unsigned body = rn(4), link = (op == 0264 || op == 0266);
	if (n_regions >= MAX_REGIONS || sub_next + link + body + 1 > CODE_HI + 1)
		return 0;
	struct region *s = &regions[n_regions++];
	addr e = sub_next;
	s->link_at = link ? e : 0;
	if (op == 0264)
		K->pcword[e - CODE_LO] = 1;
	s->lo = e + link;
	s->end = s->lo + body;
	s->depth = rg->depth + 1;
	s->call = op;
	s->link_ac = ac;
	s->ret = pc + 1;
	sub_next = s->end + 1;
	return e;
}

static word gen_insn(addr pc, const struct region *rg, int xdepth);

/* Try once to make an instruction for pc; 0 if this draw does not fit. */
static word try_insn(addr pc, const struct region *rg, int xdepth)
{
	unsigned op = pool[rn(pool_n)];
	enum role role = role_of(op);
	unsigned ac = rn(16);
	word w = (word)op << 27, form;
	int can_skip = pc + 2 <= rg->end;
	addr want = 0;

	switch (role) {
	case R_MEM:
		form = pick_form(0, 0);
		break;
	case R_IMM:
		form = pick_form(1, pick_imm());
		break;
	case R_SHIFT:
		form = pick_form(1, pick_count());
		break;
	case R_JUMP:
		if (pc + 1 > rg->end)
			return 0;
		if (op == 0254)
			ac = 0;   /* JRST with AC != 0 is no user-mode jump (and differs on the KS10) */
		want = pc + 1 + rn(rg->end - pc < 6 ? rg->end - pc : 6);
		form = pick_form(2, want);
		break;
	case R_BYTE:
		form = pick_form(0, 0);
		if (op == 0133)
			ac = 0;
		break;
	case R_PUSH:
	case R_POP: {
		unsigned k = rn(16), i;
		for (i = 0; i < 16; i++, k = (k + 1) & 017)
			if (role == R_PUSH ? stack_ok_push(gm(k), k) : stack_ok_pop(gm(k)))
				break;
		if (i == 16)
			return 0;
		ac = k;
		form = pick_form(0, 0);
		break;
	}
	case R_XCT: {
		/* XCT with AC != 0 is PXCT on the KS10 in exec mode; the KA10 ignores it. */
		ac = 0;
		if (xdepth >= 2 || sub_next > CODE_HI)
			return 0;
		addr x = sub_next++;
		word t = gen_insn(pc, rg, xdepth + 1);
		set_code(x, t);
		want = x;
		form = pick_form(2, x);
		break;
	}
	case R_CALL: {
		/* The KS10 sets TRAP1 (PC word bit 10) with AROV and keeps it until a
		 * JSR, JSP or PUSHJ has stored it (facts section 16; pdp10_cpu.c
		 * SUBJ).  So while it would be set, only JSR calls: its PC word lands
		 * in a link word in the subroutine area, which only the return reads
		 * (for its I, X and Y), and which is compared with bits 7-10 masked.
		 * A JSP's or PUSHJ's PC word would land in an AC or the data block,
		 * where later instructions could compute with bit 10.  No calls
		 * from an XCT. */
		if (xdepth || (trap_pending && op != 0264) || rg->depth >= 2)
			return 0;
		if (op == 0260) {
			unsigned k = rn(16), i;
			for (i = 0; i < 16; i++, k = (k + 1) & 017)
				if (stack_ok_push(gm(k), k))
					break;
			if (i == 16)
				return 0;
			ac = k;
		}
		if (op == 0264)
			ac = 0;
		addr e = new_sub(op, ac, pc, rg);
		if (!e)
			return 0;
		want = e;
		form = pick_form(2, e);
		break;
	}
	default:
		return 0;
	}
	w |= (word)ac << 23 | form;
	unsigned cls = isa_class(w);
	if ((cls & K_SKIP) && !can_skip)
		goto fail;
	addr e;
	if (!ea_of(w, &e))
		goto fail;
	switch (role) {
	case R_MEM: case R_BYTE: case R_PUSH: case R_POP:
		if (!valid_mem(e))
			goto fail;
		break;
	case R_JUMP: case R_XCT: case R_CALL:
		if (e != want)
			goto fail;
		break;
	default:
		break;
	}
	if (!values_ok(w, e))
		goto fail;
	return w;
fail:
	if (role == R_CALL) {              /* give the subroutine back */
		n_regions--;
		if (regions[n_regions].call == 0264)
			K->pcword[regions[n_regions].link_at - CODE_LO] = 0;
		sub_next = regions[n_regions].link_at ? regions[n_regions].link_at
						      : regions[n_regions].lo;
	}
	return 0;
}

/* An instruction for pc (or for an XCT at pc): never 0, falls back to JFCL. */
static word gen_insn(addr pc, const struct region *rg, int xdepth)
{
	for (int tries = 0; tries < 200; tries++) {
		word w = try_insn(pc, rg, xdepth);
		if (w)
			return w;
	}
	return 0255000000000ULL;   /* JFCL: does nothing */
}

/* The return of subroutine rg, for the state at its end. */
static word gen_return(const struct region *rg)
{
	word v;
	switch (rg->call) {
	case 0265:                 /* JSP ac: JRST @ac or JRST (ac) */
		v = gm(rg->link_ac);
		if (RH(v) != rg->ret)
			break;
		if (!(v & I_IX_MASK) && (rn(2) || rg->link_ac == 0))
			return 0254020000000ULL | (word)rg->link_ac;
		if (rg->link_ac == 0)
			break;     /* no indexing by AC 0 */
		return 0254000000000ULL | (word)rg->link_ac << 18;
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
	case 0266:                 /* JSA ac: JRA ac,(ac), or JRA ac,ret */
		v = gm(rg->link_ac);
		if (v == XWD(rg->link_at, rg->ret))
			return 0267000000000ULL | (word)rg->link_ac << 23 |
			       (rg->link_ac && rn(2) ? (word)rg->link_ac << 18 : rg->ret);
		break;
	}
	return 0254000000000ULL | rg->ret;   /* the link was overwritten: JRST back */
}

/* Initial values: random, edge, small, addresses, pointers. */
static word edge_word(void)
{
	static const word edge[] = {
		0, 1, 2, W_MASK, W_MASK - 1, 0377777777777ULL, W_SIGN, W_SIGN + 1,
		0777777, 01000000, 0777777000000ULL, 0525252525252ULL, 0252525252525ULL,
		01777777, 0377777, 0400000, 0777776777777ULL, 0400000777777ULL,
	};
	return edge[rn(sizeof edge / sizeof edge[0])];
}
static word data_addr(void) { return DATA_LO + rn(DATA_N); }
static word indirect_word(void)
{
	word w = rn(4) ? data_addr() : rn(16);
	if (rn(4) == 0)
		w |= (word)1 << 22;                       /* a further level */
	if (rn(4) == 0)
		w = (word)(1 + rn(15)) << 18 | rn(0200);  /* indexed */
	if (rn(3) == 0)
		w |= (rnd() & 0777740ULL) << 18;          /* noise in the opcode and AC bits */
	return w;
}
static word byte_pointer(void)
{
	static const unsigned sizes[] = { 0, 1, 2, 3, 6, 7, 8, 9, 12, 18, 35, 36 };
	unsigned S = rn(3) ? sizes[rn(sizeof sizes / sizeof sizes[0])] : rn(37);
	unsigned P = rn(3) ? 36 - (S ? S * rn(36 / S + 1) : 0) : rn(37);
	if (P > 36)
		P = 36;
	word y = rn(5) ? data_addr() : rn(16);
	word w = (word)P << 30 | (word)S << 24 | y;
	if (rn(5) == 0)
		w = (w & ~(word)RH_MASK) | (word)(1 + rn(15)) << 18 | rn(0200);
	return w;
}
static word stack_pointer(void)
{
	return XWD(RH_MASK - 1 - rn(040), 02140 + rn(020));
}
static int edge_case;     /* this case's words are mostly edge values */
static word init_word(int is_ac)
{
	if (edge_case && rn(10) < 7)
		return edge_word();
	switch (rn(is_ac ? 8 : 7)) {
	case 0: case 1: return rword();
	case 2: return edge_word();
	case 3: return rn(2) ? rn(0200) : w_of(-(int64_t)rn(0200));
	case 4: return indirect_word();
	case 5: return byte_pointer();
	case 6: return is_ac ? XWD(rnd() & RH_MASK, data_addr()) : rword() & 0777777000777ULL;
	default: return stack_pointer();
	}
}

static struct cpu *new_machine(void)
{
	struct cpu_config cfg = { .mem_kwords = MEM_KW, .max_insns = 0, .clock_period = 0,
				  .tty_in_fd = -1, .tty_out = NULL };
	struct cpu *c = cpu_new(&cfg);
	if (!c)
		die("out of memory");
	return c;
}

/* Load case k's initial image into machine c. */
static void load_case(struct cpu *c, const struct kase *k)
{
	for (unsigned i = 0; i < 16; i++)
		c->mem[i] = k->ac[i];
	for (unsigned i = 0; i < DATA_N; i++)
		c->mem[DATA_LO + i] = k->data[i];
	for (unsigned i = 0; i < CODE_N; i++)
		c->mem[CODE_LO + i] = k->code[i];
	c->pc = CODE_LO;
}

/* Run one instruction on the generator's machine from pc, noting in
 * trap_pending whether it overflowed (what sets the KS10's TRAP1): AROV is
 * cleared first, on instructions that cannot read the flags, and put back. */
static void gen_step(addr pc)
{
	int probe = may_overflow(gm(pc));
	uint32_t had = G->flags & F_AROV;
	if (probe)
		G->flags &= ~F_AROV;
	G->pc = pc;
	G->max_cycles = G->cycles + 1;
	cpu_schedule(G);
	enum stop s = interp_run(G);
	if (s != STOP_BUDGET)
		die("internal: case %u: generator stopped (%d) at %06o", K->num, (int)s, pc);
	if (probe) {
		if (G->flags & F_AROV)
			trap_pending = 1;
		G->flags |= had;
	}
	unsigned op = I_OP(gm(pc));
	if (op == 0260 || op == 0264 || op == 0265)
		trap_pending = 0;     /* the KS10's JSR, JSP and PUSHJ clear TRAP1 and TRAP2 */
}

/* Does w, about to run in the generator's state, keep the rules the
 * generator keeps (operands in the ACs or the data block, values_ok(), AC
 * fields, no flag-storing call while TRAP1 would be set)?  Control flow is
 * left to the caller. */
static int insn_valid(word w, int xdepth)
{
	unsigned op = I_OP(w), ac = I_AC(w);
	if (op >= 0700 || (isa_ops[op].cls & (K_FP | K_UNDEF | K_UUO | K_IO | K_KSDIFF)))
		return 0;
	enum role role = role_of(op);
	addr e;
	if (role == R_NONE || !ea_of(w, &e) || !values_ok(w, e))
		return 0;
	switch (role) {
	case R_MEM: case R_BYTE: case R_PUSH: case R_POP:
		return valid_mem(e);
	case R_JUMP:
		return op != 0254 || ac == 0;
	case R_XCT:
		return ac == 0 && xdepth < 3 && insn_valid(gm(e), xdepth + 1);
	case R_CALL:
		if ((trap_pending && op != 0264) || xdepth)
			return 0;
		if (op == 0264 || op == 0266)     /* JSR, JSA write their link word */
			return e >= SUB_LO && e <= CODE_HI;
		return 1;
	case R_RET:
		if (op == 0267)                   /* JRA reads C(LH(AC)) */
			return valid_mem(LH(gm(ac))) ||
			       (LH(gm(ac)) >= SUB_LO && LH(gm(ac)) <= CODE_HI);
		return 1;
	default:
		return 1;
	}
}

/* Does case k, run on the generator's machine, keep every rule and reach its
 * HALT?  (Every generated case must; a shrunk one is kept only if it does.) */
static int check_program(struct kase *k)
{
	K = k;
	G = new_machine();
	load_case(G, k);
	trap_pending = 0;
	addr pc = CODE_LO;
	int ok = 0;
	for (unsigned steps = 0; steps < STEP_MAX; steps++) {
		if (pc == k->halt_at) {
			ok = 1;
			break;
		}
		if (pc < CODE_LO || pc > CODE_HI || !k->set[pc - CODE_LO] || !insn_valid(gm(pc), 0)) {
			if (verbose > 1)
				fprintf(stderr, "check: case %u stops at %06o\n", k->num, pc);
			break;
		}
		gen_step(pc);
		pc = G->pc;
	}
	cpu_free(G);
	G = NULL;
	return ok;
}

/* What the generated programs did (printed with -v). */
static uint64_t st_exec, st_op[0700], st_ind, st_idx, st_transfer, st_flags;
static uint64_t st_trapbits;     /* JSR PC words where the KS10's trap flags showed */

static void print_stats(unsigned n)
{
	unsigned ops = 0;
	for (unsigned i = 0; i < 0700; i++)
		ops += st_op[i] != 0;
	printf("generated: %llu instructions run (%.1f a case), %u opcodes, %llu indirect, "
	       "%llu indexed, %llu jumps/skips/calls taken, %llu cases end with flags\n",
	       (unsigned long long)st_exec, (double)st_exec / n, ops, (unsigned long long)st_ind,
	       (unsigned long long)st_idx, (unsigned long long)st_transfer,
	       (unsigned long long)st_flags);
	printf("compared: %llu JSR PC words differed only in bits 7-10 (the KS10's TRAP1/TRAP2)\n",
	       (unsigned long long)st_trapbits);
	if (verbose > 1)
		for (unsigned i = 0; i < 0700; i++)
			if (pool_has(i) && !st_op[i])
				printf("  never run: %s\n", isa_ops[i].name);
}

/* Make case k: initial image and program. */
static void gen_case(struct kase *k, uint64_t seed, unsigned num)
{
	memset(k, 0, sizeof *k);
	k->num = num;
	k->seed = seed;
	rs = seed ^ (0x632be59bd9b4e019ULL * (num + 1));
	rnd();
	K = k;
	G = new_machine();
	edge_case = rn(4) == 0;
	for (unsigned i = 0; i < 16; i++)
		k->ac[i] = init_word(1);
	if (rn(4))
		k->ac[017] = stack_pointer();
	for (unsigned i = 0; i < DATA_N; i++)
		k->data[i] = init_word(0);
	for (unsigned i = 0; i < CODE_N; i++)
		k->code[i] = UNSET_W;
	for (unsigned i = 0; i < 16; i++)
		G->mem[i] = k->ac[i];
	for (unsigned i = 0; i < DATA_N; i++)
		G->mem[DATA_LO + i] = k->data[i];
	for (unsigned i = 0; i < CODE_N; i++)
		G->mem[CODE_LO + i] = UNSET_W;

	unsigned len = 1 + rn(opt_len);
	k->halt_at = CODE_LO + len;
	k->code_top = CODE_LO;
	n_regions = 1;
	regions[0] = (struct region){ .lo = CODE_LO, .end = k->halt_at };
	sub_next = SUB_LO;
	trap_pending = 0;
	set_code(k->halt_at, HALT_W(k->halt_at));

	addr pc = CODE_LO;
	for (unsigned steps = 0; pc != k->halt_at; steps++) {
		if (steps > 1000)
			die("internal: case %u runs away", num);
		if (!is_set(pc)) {
			struct region *rg = region_of(pc);
			if (!rg)
				die("internal: case %u: pc %06o outside every routine", num, pc);
			set_code(pc, pc == rg->end ? gen_return(rg) : gen_insn(pc, rg, 0));
		} else {
			die("internal: case %u: code word %06o runs twice", num, pc);
		}
		if (verbose > 1) {
			char buf[96];
			fprintf(stderr, "gen %06o: %012llo  %s\n", pc, (unsigned long long)gm(pc),
				disasm(gm(pc), buf, sizeof buf));
		}
		word ir = gm(pc);
		st_exec++;
		st_op[I_OP(ir)]++;
		st_ind += I_IND(ir);
		st_idx += I_X(ir) != 0;
		gen_step(pc);
		if (G->pc != ((pc + 1) & RH_MASK))
			st_transfer++;
		pc = G->pc;
	}
	st_flags += (G->flags & (F_AROV | F_CRY0 | F_CRY1 | F_DCK)) != 0;
	cpu_free(G);
	G = NULL;
	if (!check_program(k))
		die("internal: case %u breaks the generator's own rules", num);
}

/* ---- running ---- */

static void run_tenvm(struct kase *k)
{
	struct cpu *c = new_machine();
	load_case(c, k);
	c->max_cycles = STEP_MAX;
	cpu_schedule(c);
	enum stop s = interp_run(c);
	struct result *r = &k->tv;
	r->have = 1;
	r->stop = s == STOP_HALT ? S_HALT : s == STOP_BUDGET ? S_BUDGET : S_OTHER;
	r->pc = c->pc;
	r->flags = c->flags;
	for (unsigned i = 0; i < 16; i++)
		r->ac[i] = c->mem[i];
	for (unsigned i = 0; i < DATA_N; i++)
		r->data[i] = c->mem[DATA_LO + i];
	for (unsigned i = 0; i < CODE_N; i++)
		r->code[i] = c->mem[CODE_LO + i];
	cpu_free(c);
}

static void write_cmds(FILE *f, const struct kase *k)
{
	fprintf(f, "d flags 0\nd %o-%o %llo\n", CODE_LO, CODE_HI, (unsigned long long)UNSET_W);
	for (unsigned i = 0; i < 16; i++)
		fprintf(f, "d %o %llo\n", i, (unsigned long long)k->ac[i]);
	for (unsigned i = 0; i < DATA_N; i++)
		fprintf(f, "d %o %llo\n", DATA_LO + i, (unsigned long long)k->data[i]);
	for (unsigned i = 0; i < CODE_N; i++)
		if (k->set[i])
			fprintf(f, "d %o %llo\n", CODE_LO + i, (unsigned long long)k->code[i]);
	fprintf(f, "d pc %o\nstep %u\ne pc\ne flags\ne 0-17\ne %o-%o\ne %o-%o\n",
		CODE_LO, STEP_MAX, CODE_LO, k->code_top, DATA_LO, DATA_LO + DATA_N - 1);
}

/* Read one batch's output: each case's block starts at its "PC:" line; the
 * stop message comes just before it. */
static void parse_output(const char *path, struct kase *ks, unsigned n)
{
	FILE *f = fopen(path, "r");
	if (!f)
		die("cannot read %s: %s", path, strerror(errno));
	char line[512], msg[96] = "";
	int cur = -1;
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = 0;
		unsigned long long v;
		unsigned a;
		if (!strncmp(line, "PC:\t", 4)) {
			if (++cur >= (int)n)
				die("%s: more case blocks than cases", path);
			struct result *r = &ks[cur].sh;
			r->have = 1;
			r->pc = (addr)strtoul(line + 4, NULL, 8);
			memcpy(r->msg, msg, sizeof r->msg);
			r->stop = strstr(msg, "HALT instruction") ? S_HALT
				: strstr(msg, "Step expired") ? S_BUDGET : S_OTHER;
			/* Unexamined code words keep their deposited values. */
			memcpy(r->code, ks[cur].code, sizeof r->code);
			msg[0] = 0;
		} else if (!strncmp(line, "FLAGS:\t", 7) && cur >= 0) {
			ks[cur].sh.flags = (uint32_t)strtoul(line + 7, NULL, 8);
		} else if (cur >= 0 && sscanf(line, "%o:\t%llo", &a, &v) == 2 && strchr(line, '\t')) {
			struct result *r = &ks[cur].sh;
			if (a < 020)
				r->ac[a] = v;
			else if (a >= CODE_LO && a <= CODE_HI)
				r->code[a - CODE_LO] = v;
			else if (a >= DATA_LO && a < DATA_LO + DATA_N)
				r->data[a - DATA_LO] = v;
		} else if (line[0] && strncmp(line, "PDP-10 simulator", 16) && strncmp(line, "Goodbye", 7)) {
			snprintf(msg, sizeof msg, "%.*s", (int)sizeof msg - 1, line);
		}
	}
	fclose(f);
}

/* dir/batchNNN.ext; dies if it does not fit. */
static void batch_path(char *buf, size_t n, const char *dir, unsigned b, const char *ext)
{
	int r = snprintf(buf, n, "%s/batch%03u.%s", dir, b, ext);
	if (r < 0 || (size_t)r >= n)
		die("path too long: %s", dir);
}

/* Spawn pdp10 on cmd with stdout to out; returns the pid. */
static pid_t spawn_pdp10(const char *pdp10, const char *cmd, const char *out)
{
	pid_t pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		int in = open("/dev/null", O_RDONLY);
		int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (in < 0 || fd < 0)
			_exit(126);
		dup2(in, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		close(in);
		close(fd);
		execl(pdp10, pdp10, cmd, (char *)NULL);
		_exit(127);
	}
	return pid;
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

/* Run every batch through pdp10, at most jobs at once, each under SIMH_SECS. */
static void run_simh(const char *pdp10, const char *dir, struct kase *ks, unsigned n)
{
	unsigned nb = (n + BATCH - 1) / BATCH;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned jobs = ncpu > 0 ? (unsigned)ncpu : 1;
	pid_t *pids = calloc(nb, sizeof *pids);
	double *start = calloc(nb, sizeof *start);
	int *done = calloc(nb, sizeof *done);
	if (!pids || !start || !done)
		die("out of memory");
	char cmd[4096], out[4096];
	for (unsigned b = 0; b < nb; b++) {
		batch_path(cmd, sizeof cmd, dir, b, "sim");
		FILE *f = fopen(cmd, "w");
		if (!f)
			die("cannot write %s: %s", cmd, strerror(errno));
		for (unsigned i = b * BATCH; i < n && i < (b + 1) * BATCH; i++)
			write_cmds(f, &ks[i]);
		fprintf(f, "quit\n");
		if (fclose(f))
			die("cannot write %s", cmd);
	}
	unsigned next = 0, running = 0, finished = 0;
	while (finished < nb) {
		while (running < jobs && next < nb) {
			batch_path(cmd, sizeof cmd, dir, next, "sim");
			batch_path(out, sizeof out, dir, next, "out");
			pids[next] = spawn_pdp10(pdp10, cmd, out);
			start[next] = now();
			next++;
			running++;
		}
		int st;
		pid_t p = waitpid(-1, &st, WNOHANG);
		if (p == 0) {
			struct timespec ts = { 0, 2000000 };
			nanosleep(&ts, NULL);
			for (unsigned b = 0; b < next; b++)
				if (!done[b] && now() - start[b] > SIMH_SECS) {
					kill(pids[b], SIGKILL);
					die("pdp10 on batch %u ran over %d s (killed)", b, SIMH_SECS);
				}
			continue;
		}
		if (p < 0)
			die("waitpid: %s", strerror(errno));
		for (unsigned b = 0; b < next; b++)
			if (pids[b] == p && !done[b]) {
				done[b] = 1;
				running--;
				finished++;
				if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
					die("pdp10 on batch %u failed (status %d)", b, st);
				batch_path(out, sizeof out, dir, b, "out");
				unsigned lo = b * BATCH, m = n - lo < BATCH ? n - lo : BATCH;
				parse_output(out, ks + lo, m);
			}
	}
	free(pids);
	free(start);
	free(done);
}

/* ---- comparing and reporting ---- */

static void show_program(const struct kase *k)
{
	char buf[96];
	printf("  program (unlisted words of 1000-1777 are %012llo):\n", (unsigned long long)UNSET_W);
	for (unsigned i = 0; i < CODE_N; i++)
		if (k->set[i])
			printf("    %06o: %012llo  %s\n", CODE_LO + i, (unsigned long long)k->code[i],
			       disasm(k->code[i], buf, sizeof buf));
	printf("  initial ACs:\n");
	for (unsigned i = 0; i < 16; i++)
		printf("%s%6o: %012llo%s", i % 4 ? "  " : "    ", i, (unsigned long long)k->ac[i],
		       i % 4 == 3 ? "\n" : "");
	printf("  initial data:\n");
	for (unsigned i = 0; i < DATA_N; i++)
		printf("%s%06o: %012llo%s", i % 4 ? "  " : "    ", DATA_LO + i,
		       (unsigned long long)k->data[i], i % 4 == 3 ? "\n" : "");
}

static const char *stop_name(int s)
{
	return s == S_HALT ? "HALT" : s == S_BUDGET ? "budget" : "other";
}

/* Compare one case; print it if it differs.  Returns 1 on a mismatch. */
static int compare(const struct kase *k, uint64_t seed, int print)
{
	const struct result *t = &k->tv, *s = &k->sh;
	int bad = 0;
	char lines[64][160];
	unsigned nl = 0;
#define DIFF(...) do { bad = 1; if (nl < 64) snprintf(lines[nl++], sizeof lines[0], __VA_ARGS__); } while (0)
	if (!s->have) {
		DIFF("no output from simh for this case");
	} else {
		if (t->stop != s->stop)
			DIFF("stop    simh %s (%s)  tenvm %s", stop_name(s->stop), s->msg, stop_name(t->stop));
		if (t->pc != s->pc)
			DIFF("PC      simh %06o  tenvm %06o", s->pc, t->pc);
		if ((t->flags ^ s->flags) & FLAG_MASK)
			DIFF("flags   simh %06o  tenvm %06o  (bits 7-10 ignored)", s->flags, t->flags);
		for (unsigned i = 0; i < 16; i++)
			if (t->ac[i] != s->ac[i])
				DIFF("AC %-4o simh %012llo  tenvm %012llo", i,
				     (unsigned long long)s->ac[i], (unsigned long long)t->ac[i]);
		for (unsigned i = 0; i < CODE_N; i++) {
			st_trapbits += k->pcword[i] && t->code[i] != s->code[i];
			if ((t->code[i] ^ s->code[i]) & (k->pcword[i] ? PCW_MASK : W_MASK))
				DIFF("%06o  simh %012llo  tenvm %012llo%s", CODE_LO + i,
				     (unsigned long long)s->code[i], (unsigned long long)t->code[i],
				     k->pcword[i] ? "  (a PC word: bits 7-10 ignored)" : "");
		}
		for (unsigned i = 0; i < DATA_N; i++)
			if (t->data[i] != s->data[i])
				DIFF("%06o  simh %012llo  tenvm %012llo", DATA_LO + i,
				     (unsigned long long)s->data[i], (unsigned long long)t->data[i]);
	}
#undef DIFF
	if (bad && print) {
		printf("MISMATCH case %u (--seed %llu --case %u)\n", k->num,
		       (unsigned long long)seed, k->num);
		show_program(k);
		printf("  differences:\n");
		for (unsigned i = 0; i < nl; i++)
			printf("    %s\n", lines[i]);
		if (verbose) {
			struct cpu *c = new_machine();
			load_case(c, k);
			c->max_cycles = 200;
			cpu_schedule(c);
			printf("  tenvm trace:\n");
			fflush(stdout);
			interp_run_trace(c, stdout);
			cpu_free(c);
		}
	}
	return bad;
}

static int rm_dir(const char *dir)
{
	char p[4096];
	for (unsigned b = 0;; b++) {
		int gone = 0;
		batch_path(p, sizeof p, dir, b, "sim");
		gone += unlink(p) == 0;
		batch_path(p, sizeof p, dir, b, "out");
		gone += unlink(p) == 0;
		if (!gone)
			break;
	}
	return rmdir(dir);
}

/* Does case k still differ, with the interpreter still halting at its HALT? */
static int still_bad(struct kase *k, uint64_t seed, const char *pdp10, const char *dir)
{
	memset(&k->tv, 0, sizeof k->tv);
	memset(&k->sh, 0, sizeof k->sh);
	if (!check_program(k))
		return 0;
	run_tenvm(k);
	if (k->tv.stop != S_HALT || k->tv.pc != k->halt_at)
		return 0;
	run_simh(pdp10, dir, k, 1);
	return compare(k, seed, 0);
}

/* Make a differing case smaller: code words become JFCL (a no-op), initial
 * ACs and data words become 0, as long as it still differs.  For reports
 * only: the result no longer keeps the generator's guarantees, so read it. */
static void shrink(struct kase *k, uint64_t seed, const char *pdp10, const char *dir)
{
	const word nop = 0255000000000ULL;
	for (int changed = 1; changed;) {
		changed = 0;
		for (unsigned i = 0; i < CODE_N; i++) {
			if (!k->set[i] || CODE_LO + i == k->halt_at || k->code[i] == nop)
				continue;
			word w = k->code[i];
			k->code[i] = nop;
			if (still_bad(k, seed, pdp10, dir))
				changed = 1;
			else
				k->code[i] = w;
		}
		for (unsigned i = 0; i < 16 + DATA_N; i++) {
			word *p = i < 16 ? &k->ac[i] : &k->data[i - 16];
			if (!*p)
				continue;
			word w = *p;
			*p = 0;
			if (still_bad(k, seed, pdp10, dir))
				changed = 1;
			else
				*p = w;
		}
	}
	if (!still_bad(k, seed, pdp10, dir))
		die("internal: the shrunk case agrees");
	char buf[96];
	printf("SHRUNK case %u: code (other words of 1000-1777 are JFCL or %012llo):\n", k->num,
	       (unsigned long long)UNSET_W);
	for (unsigned i = 0; i < CODE_N; i++)
		if (k->set[i] && k->code[i] != nop)
			printf("    %06o: %012llo  %s\n", CODE_LO + i, (unsigned long long)k->code[i],
			       disasm(k->code[i], buf, sizeof buf));
	printf("  nonzero initial words:\n");
	for (unsigned i = 0; i < 16; i++)
		if (k->ac[i])
			printf("    %06o: %012llo\n", i, (unsigned long long)k->ac[i]);
	for (unsigned i = 0; i < DATA_N; i++)
		if (k->data[i])
			printf("    %06o: %012llo\n", DATA_LO + i, (unsigned long long)k->data[i]);
	compare(k, seed, 1);
}

static void usage(void)
{
	fprintf(stderr, "usage: simh_diff [--cases N] [--seed S] [--len L] [--pdp10 PATH] "
			"[--keep DIR] [--case K [--shrink]] [-v]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	unsigned n = 2000;
	uint64_t seed = 20240601;
	const char *pdp10 = "/usr/bin/pdp10", *keep = NULL;
	long only = -1;
	int do_shrink = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--shrink")) {
			do_shrink = 1;
			continue;
		}
		if (!strcmp(a, "-v") || !strcmp(a, "-vv")) {
			verbose = a[2] ? 2 : 1;
			continue;
		}
		if (i + 1 >= argc)
			usage();
		const char *v = argv[++i];
		char *end;
		errno = 0;
		unsigned long long x = strtoull(v, &end, 0);
		int num_ok = !errno && *v && !*end;
		if (!strcmp(a, "--cases") && num_ok && x > 0 && x <= 1000000)
			n = (unsigned)x;
		else if (!strcmp(a, "--seed") && num_ok)
			seed = x;
		else if (!strcmp(a, "--len") && num_ok && x >= 1 && x < MAIN_MAX)
			opt_len = (unsigned)x;
		else if (!strcmp(a, "--case") && num_ok && x < 1000000)
			only = (long)x;
		else if (!strcmp(a, "--pdp10"))
			pdp10 = v;
		else if (!strcmp(a, "--keep"))
			keep = v;
		else
			usage();
	}
	if (access(pdp10, X_OK) != 0) {
		printf("simh_diff: %s not found: skipped\n", pdp10);
		return 77;
	}
	make_pool();

	unsigned first = only >= 0 ? (unsigned)only : 0;
	if (only >= 0)
		n = 1;
	struct kase *ks = calloc(n, sizeof *ks);
	if (!ks)
		die("out of memory");
	for (unsigned i = 0; i < n; i++) {
		gen_case(&ks[i], seed, first + i);
		run_tenvm(&ks[i]);
	}

	char dir[4096];
	if (keep) {
		if (mkdir(keep, 0755) && errno != EEXIST)
			die("cannot make %s: %s", keep, strerror(errno));
		if (snprintf(dir, sizeof dir, "%s", keep) >= (int)sizeof dir)
			die("path too long: %s", keep);
	} else {
		const char *tmp = getenv("TMPDIR");
		if (snprintf(dir, sizeof dir, "%s/simh_diff.XXXXXX", tmp && *tmp ? tmp : "/tmp") >= (int)sizeof dir)
			die("TMPDIR too long");
		if (!mkdtemp(dir))
			die("mkdtemp: %s", strerror(errno));
	}
	run_simh(pdp10, dir, ks, n);
	if (do_shrink && only >= 0 && compare(&ks[0], seed, 0))
		shrink(&ks[0], seed, pdp10, dir);
	if (!keep)
		rm_dir(dir);

	unsigned bad = 0;
	for (unsigned i = 0; i < n; i++)
		bad += compare(&ks[i], seed, bad < 10 || verbose);
	free(ks);
	if (verbose)
		print_stats(n);
	printf("simh_diff: %u cases, %u mismatches\n", n, bad);
	return bad ? 1 : 0;
}
