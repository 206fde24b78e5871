/* pi.c — device 004: the seven-level priority interrupt system. */
#include "io.h"
#include "mem.h"
#include "ops.h"

/* CONO/CONI PI level bits: 100 is level 1 ... 1 is level 7; ours are 1<<n. */
static unsigned levels_from_bits(addr e)
{
	unsigned m = 0;
	for (unsigned n = 1; n <= 7; n++)
		if (e & (0200 >> n))
			m |= 1u << n;
	return m;
}
static addr bits_from_levels(unsigned m)
{
	addr e = 0;
	for (unsigned n = 1; n <= 7; n++)
		if (m & (1u << n))
			e |= 0200 >> n;
	return e;
}

word pi_io(struct cpu *c, unsigned fn, word data)
{
	struct pi *p = &c->pi;
	addr e = RH(data);
	switch (fn) {
	case IO_CONO: {
		/* 010000 clears the system, 0200 turns it on, 0400 off; 01000
		 * turns the selected levels off, 02000 on; 04000 requests them;
		 * 040000 enables the parity-error interrupt, 0100000 disables it. */
		unsigned sel = levels_from_bits(e);
		if (e & 010000)
			p->on = 0, p->enabled = p->prog_req = p->hold = 0, p->parity_en = 0;
		if (e & 0200) p->on = 1;
		if (e & 0400) p->on = 0;
		if (e & 01000) p->enabled &= ~sel;
		if (e & 02000) p->enabled |= sel;
		if (e & 04000) p->prog_req |= sel;
		if (e & 040000) p->parity_en = 1;
		if (e & 0100000) p->parity_en = 0;
		pi_eval(c);
		return 0;
	}
	case IO_CONI:
		/* The levels on (0177), the system on (0200), the levels in
		 * progress (077400), the parity interrupt enabled (0100000). */
		return (word)(bits_from_levels(p->enabled) | (p->on ? 0200 : 0) |
			      bits_from_levels(p->hold) << 8 | (p->parity_en ? 0100000 : 0));
	default:
		return 0;
	}
}

/* The levels every device requests now. */
static unsigned dev_requests(const struct cpu *c)
{
	const struct apr *a = &c->apr;
	unsigned req = 0;
	if (a->pia && ((c->flags & F_AROV && a->ov_en) || (c->flags & F_FOV && a->fov_en) ||
		       a->nxm || a->prot || a->pdlov || (a->clk_flag && a->clk_en)))
		req |= 1u << a->pia;
	const struct tty *t = &c->tty;
	if (t->pia && (t->out_done || t->in_done))
		req |= 1u << t->pia;
	return req;
}

void pi_eval(struct cpu *c)
{
	struct pi *p = &c->pi;
	p->pending = 0;
	if (!p->on)
		return;
	unsigned req = (dev_requests(c) & p->enabled) | p->prog_req;
	for (unsigned n = 1; n <= 7; n++) {
		if (p->hold & (1u << n))
			return;                  /* a level of equal or higher priority is in progress */
		if (req & (1u << n)) {
			p->pending = n;
			c->event_at = c->chain_at = c->cycles;  /* at the next instruction boundary */
			return;
		}
	}
}

void pi_dismiss(struct cpu *c)
{
	struct pi *p = &c->pi;
	if (!p->on)
		return;                          /* the KA10 keeps the level held (DAKAH) */
	for (unsigned n = 1; n <= 7; n++)
		if (p->hold & (1u << n)) {
			p->hold &= ~(1u << n);
			p->prog_req &= ~(1u << n);
			break;
		}
	pi_eval(c);
}

/* Execute the word at an interrupt location in a PI cycle.  Returns the word
 * that finally executed (after any XCT chain). */
static word pi_cycle(struct cpu *c, addr loc)
{
	word ir = c->mem[loc];
	c->trapping = TRAP_PI;
	c->umode = 0;
	c->blk_ov = 0;
	word done = cpu_execute(c, ir);
	cpu_trap_done(c);
	return done;
}

static int is_blk(word w)          /* BLKI BLKO DATAI DATAO */
{
	return I_OP(w) >= 0700 && (IO_FN(w) & 4) == 0;
}

/* The end of level n's interrupt, done being the word that executed at its
 * location: a BLKx whose pointer ran out goes on to the second location; the
 * level is then held unless a BLKx or DATAx dismissed it.  The program
 * request is served either way: a BLKO that does not run out interrupts once,
 * not until it runs out (DAKAH MOD135). */
static void pi_finish(struct cpu *c, unsigned n, word done)
{
	if (is_blk(done) && c->blk_ov)
		done = pi_cycle(c, 040 + 2 * n + 1);
	c->pi.prog_req &= ~(1u << n);
	if (!is_blk(done))
		c->pi.hold |= 1u << n;
	c->pi.cycle = 0;
	pi_eval(c);
}

void pi_take(struct cpu *c)
{
	unsigned n = c->pi.pending;
	c->pi.pending = 0;
	c->n_interrupts++;
	c->pi.cycle = n;
	pi_finish(c, n, pi_cycle(c, 040 + 2 * n));
}

void pi_aborted(struct cpu *c)
{
	unsigned n = c->pi.cycle;
	c->pi.cycle = 0;
	if (n && c->blk_ov) {
		c->pi.cycle = n;
		pi_finish(c, n, c->mem[040 + 2 * n]);   /* a BLKx: on to the second location */
	} else if (n) {
		c->pi.prog_req &= ~(1u << n);
	}
}
