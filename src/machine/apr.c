/* apr.c — device 000: processor flags, clock, and the protection and relocation registers. */
#include "io.h"

/* Load protection and relocation from a DATAO APR word:
 * PL bits 0-7, PH 9-16, high segment write-protect 17, RL 18-25, RH 27-34 (1K units). */
static void apr_load(struct cpu *c, word w)
{
	struct apr *a = &c->apr;
	a->datao = w;
	a->lo_lim = (addr)(((w >> 28) & 0377) << 10 | 01777);
	a->hi_lim = (addr)(((w >> 19) & 0377) << 10 | 01777);
	a->hi_wp = (w >> 18) & 1;
	a->lo_rel = (addr)(((w >> 10) & 0377) << 10);
	a->hi_rel = (addr)(((w >> 1) & 0377) << 10);
}

word apr_io(struct cpu *c, unsigned fn, word data)
{
	struct apr *a = &c->apr;
	switch (fn) {
	case IO_DATAO:
		apr_load(c, data);
		return 0;
	case IO_DATAI:
		return c->switches;     /* the console data switches */
	case IO_CONO: {
		addr e = RH(data);
		if (e & 0200000) {
			io_reset(c);
			cpu_schedule(c);   /* the TTY's pending completions and polls changed */
		}
		a->pia = e & 7;
		if (e & 010) c->flags &= ~F_AROV;
		if (e & 020) a->ov_en = 1;
		if (e & 040) a->ov_en = 0;
		if (e & 0100) c->flags &= ~F_FOV;
		if (e & 0200) a->fov_en = 1;
		if (e & 0400) a->fov_en = 0;
		if (e & 01000) a->clk_flag = 0;
		if (e & 02000) a->clk_en = 1;
		if (e & 04000) a->clk_en = 0;
		if (e & 010000) a->nxm = 0;
		if (e & 020000) a->prot = 0;
		if (e & 0400000) a->pdlov = 0;
		pi_eval(c);
		return 0;
	}
	default: /* IO_CONI */
		return (word)(a->pia |
			      (c->flags & F_AROV ? 010 : 0) | (a->ov_en ? 020 : 0) |
			      (c->flags & F_FOV ? 0100 : 0) | (a->fov_en ? 0200 : 0) |
			      (a->clk_flag ? 01000 : 0) | (a->clk_en ? 02000 : 0) |
			      (a->nxm ? 010000 : 0) | (a->prot ? 020000 : 0) |
			      (c->flags & F_USERIO ? 0100000 : 0) | (a->pdlov ? 0200000 : 0));
	}
}
