/* simh_case.c — simh_diff's cases: initial images, the rules a program keeps, and the whole case made. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "disasm.h"
#include "isa.h"
#include "simh_gen.h"

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

struct cpu *new_machine(void)
{
	struct cpu_config cfg = { .mem_kwords = MEM_KW, .max_insns = 0, .clock_period = 0,
				  .tty_in_fd = -1, .tty_out = NULL };
	struct cpu *c = cpu_new(&cfg);
	if (!c)
		die("out of memory");
	return c;
}

/* Load case k's initial image into machine c. */
void load_case(struct cpu *c, const struct kase *k)
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
int check_program(struct kase *k)
{
	gen_begin(k);
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
uint64_t st_trapbits;     /* JSR PC words where the KS10's trap flags showed */

void print_stats(unsigned n)
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
void gen_case(struct kase *k, uint64_t seed, unsigned num)
{
	memset(k, 0, sizeof *k);
	k->num = num;
	k->seed = seed;
	pg_rs = seed ^ (0x632be59bd9b4e019ULL * (num + 1));
	rnd();
	gen_begin(k);
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
	pg.n_regions = 1;
	pg.regions[0] = (struct region){ .lo = CODE_LO, .end = k->halt_at };
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
