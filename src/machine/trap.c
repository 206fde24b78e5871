/* trap.c — UUOs, XCT, JRST, push-down overflow and I/O instructions: the mode-changing semantics. */
#include "ops.h"

/* Store `stored` at exec loc and run the word at loc+1 in a UUO cycle
 * (unrelocated; a jump there saves the old flags and clears USER and VMX).
 * Under a monitor, stop for it instead with a trap record of `kind`. */
static void trap_through(struct cpu *c, enum trap_kind kind, word ir, addr e, word stored, addr loc)
{
	if (c->monitor) {       /* the monitor takes it, and counts it (see struct cpu) */
		c->trap = (struct trap_rec){ .kind = kind, .ir = ir, .e = e, .ipc = c->ipc };
		c->stop = STOP_TRAP;
		c->event_at = c->chain_at = c->cycles;
		return;
	}
	ev_report(c, EV_TRAP, c->ipc, ir, kind);
	if (kind == TK_VMX)
		c->n_vmx++;
	else
		c->n_uuo++;
	mem_phys_write(c, loc, stored);
	c->trapping = TRAP_UUO;
	c->umode = 0;
	c->redo = 1;
	c->redo_ir = c->mem[loc + 1];
}

void cpu_muuo(struct cpu *c, word ir, addr e) { trap_through(c, TK_UUO, ir, e, (ir & I_OPAC_MASK) | e, 040); }
void cpu_unassigned(struct cpu *c, word ir, addr e) { trap_through(c, TK_UUO, ir, e, (ir & I_OPAC_MASK) | e, 060); }
void cpu_vmx_exit(struct cpu *c, word ir, addr e)
{
	(void)e;
	trap_through(c, TK_VMX, ir, 0, ir, 040);
}

void cpu_luuo(struct cpu *c, word ir, addr e)
{
	uint64_t insn = c->cycles - c->stalls;    /* for a monitor: see trap_rec */
	if (c->uuo_mark != insn) {
		c->uuo_mark = insn;
		c->uuo_n = 0;
	}
	c->uuo_n++;
	c->n_uuo++;
	mem_write(c, 040, (ir & I_OPAC_MASK) | e);
	c->redo = 1;
	c->redo_ir = mem_read(c, 041);
}

void cpu_xct(struct cpu *c, addr e)
{
	c->redo = 1;
	c->redo_ir = mem_read(c, e);
}

void cpu_trap_done(struct cpu *c)
{
	if (c->trapping) {
		c->trapping = 0;
		c->umode = (c->flags & F_USER) != 0;
	}
}

/* JRST with AC bits: 10 dismiss the PI level, 4 halt, 2 restore flags
 * (JRSTF), 1 enter user mode.  In user mode without USERIO, halting and
 * dismissing trap as MUUOs (a bare JRST 10 traps in user mode whatever USERIO). */
void cpu_jrst(struct cpu *c, word ir, addr e)
{
	unsigned ac = I_AC(ir);
	if (c->trapping) {
		cpu_set_flags(c, c->flags & ~F_USER);
		c->trapping = 0;
	}
	int user = (c->flags & F_USER) != 0;
	if (jrst_traps_as_muuo(c, ac)) {    /* HALT, JEN: user I/O may do them (DAKAH) */
		cpu_muuo(c, ir, e);
		return;
	}
	c->pc = e;
	if (ac & 02) {
		word last;
		cpu_ea_slow(c, ir, &last);
		uint32_t w = LH(last);
		uint32_t nf = w & (F_AROV | F_CRY0 | F_CRY1 | F_FOV | F_FPD | F_FXU | F_DCK);
		if (!user)
			nf |= w & (F_USER | F_USERIO | F_VMX);   /* VMX only with USER: cpu_set_flags */
		else
			nf |= F_USER | (c->flags & w & (F_USERIO | F_VMX));
		cpu_set_flags(c, nf);
		pi_eval(c);
	}
	if (ac & 01)
		cpu_set_flags(c, c->flags | F_USER);
	if (ac & 04) {
		c->stop = STOP_HALT;
		c->event_at = c->chain_at = c->cycles;
	}
	if (ac & 010)
		pi_dismiss(c);
}

void cpu_pdl_overflow(struct cpu *c)
{
	c->apr.pdlov = 1;
	pi_eval(c);
}

typedef word dev_fn(struct cpu *c, unsigned fn, word data);
static dev_fn *const devices[0200] = {
	[DEV_APR] = apr_io,
	[DEV_PI] = pi_io,
	[DEV_TTY] = tty_io,
};

/* A transfer with a device; nonexistent devices read as 0 and ignore output. */
static word dev_xfer(struct cpu *c, unsigned dev, unsigned fn, word data)
{
	dev_fn *f = devices[dev];
	if (!f && c->nodev_hook)
		c->nodev_hook(c, dev);
	return f ? f(c, fn, data) : 0;
}

void cpu_io(struct cpu *c, word ir, addr e)
{
	if (c->umode && !(c->flags & F_USERIO)) {
		cpu_muuo(c, ir, e);
		return;
	}
	unsigned dev = IO_DEV(ir), fn = IO_FN(ir);
	switch (fn) {
	case IO_CONO:
		dev_xfer(c, dev, IO_CONO, (word)e);
		break;
	case IO_DATAO:
		dev_xfer(c, dev, IO_DATAO, mem_read(c, e));
		break;
	case IO_CONI:
	case IO_DATAI:
		mem_write(c, e, dev_xfer(c, dev, fn, 0) & W_MASK);
		break;
	case IO_CONSZ:
	case IO_CONSO: {
		int zero = (dev_xfer(c, dev, IO_CONI, 0) & e) == 0;
		if (zero == (fn == IO_CONSZ))
			c->pc = (c->pc + 1) & RH_MASK;
		break;
	}
	default: {  /* BLKI, BLKO: advance the pointer, move one word, skip unless it ran out */
		word p0 = mem_read(c, e), p = alu_aob(p0);
		mem_write(c, e, p);
		c->blk_ov = alu_aob_carries(p0);   /* before the transfer, which may fault */
		if (fn == IO_BLKI)
			mem_write(c, RH(p), dev_xfer(c, dev, IO_DATAI, 0) & W_MASK);
		else
			dev_xfer(c, dev, IO_DATAO, mem_read(c, RH(p)));
		if (!c->blk_ov && c->trapping != TRAP_PI)
			c->pc = (c->pc + 1) & RH_MASK;
	}
	}
}
