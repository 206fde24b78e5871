/* fpops.c — the floating-point instructions: operands and results around fp.c's arithmetic. */
#include "ops.h"

/* kind: 0 FAD, 1 FSB, 2 FMP, 3 FDV.  Modes: B, L (AC,AC+1), M, S (both),
 * R, RI (operand E,,0), RM, RS.  A no-divide stores nothing. */
void cpu_fp(struct cpu *c, word ir, addr e, int mode, int kind)
{
	static word (*const arith[3])(word, word, int, word *, uint32_t *) = { fp_add, fp_sub, fp_mul };
	unsigned ac = I_AC(ir);
	int round = mode >= M_R;
	word b = mode == M_RI ? XWD(e, 0) : mem_read(c, e);
	word a = AC(c, ac), r, lo = 0;
	uint32_t fl = 0;
	int ok = 1;
	if (kind == 3)
		ok = mode == M_L ? fp_divl(a, AC(c, ac + 1), b, &r, &lo, &fl)
				 : fp_div(a, b, round, &r, &fl);
	else
		r = arith[kind](a, b, round, mode == M_L ? &lo : NULL, &fl);
	if (ok) {
		if (mode == M_M || mode == M_RM || mode == M_S || mode == M_RS)
			mem_write(c, e, r);
		if (mode != M_M && mode != M_RM)
			AC(c, ac) = r;
		if (mode == M_L)
			AC(c, ac + 1) = lo;
	}
	if (fl)
		cpu_flags_or(c, fl);
}

void cpu_ufa(struct cpu *c, unsigned ac, addr e)
{
	uint32_t fl = 0;
	word r = fp_ufa(AC(c, ac), mem_read(c, e), &fl);
	AC(c, ac + 1) = r;
	if (fl)
		cpu_flags_or(c, fl);
}

void cpu_dfn(struct cpu *c, unsigned ac, addr e)
{
	word hi = AC(c, ac), lo = mem_read(c, e);
	fp_dfn(&hi, &lo);
	AC(c, ac) = hi;
	mem_write(c, e, lo);
}

void cpu_fsc(struct cpu *c, unsigned ac, addr e)
{
	uint32_t fl = 0;
	AC(c, ac) = fp_fsc(AC(c, ac), e, &fl);
	if (fl)
		cpu_flags_or(c, fl);
}
