/* helpers.c — the native backend's general paths: what host code calls for everything not inline. */
#include "native.h"
#include "ops.h"

#define EXACT() (c->cycles = r->base + op->idx, c->ipc = op->pc, c->pc = (op->pc + 1) & RH_MASK)
#define OVERRUN() (r->base + r->b->n > c->event_at)

static int leave_after(struct nrun *r, const struct nop *op)
{
	r->base += op->idx + 1u;
	r->npc = (op->pc + 1) & RH_MASK;
	return X_OUT;
}

static int leave_at_pc(struct cpu *c, struct nrun *r, const struct nop *op)
{
	r->base += op->idx + 1u;
	r->npc = c->pc;
	return X_OUT;
}

/* The op's semantics (or callout, which works out E itself where the
 * instruction is emulated), with the PC, time and E exact first; base then
 * takes in any cycles its chain levels took. */
static void gen_run(struct cpu *c, struct nrun *r, const struct nop *op)
{
	EXACT();
	addr e = op->econst || op->callout ? op->e : cpu_ea(c, op->ir);
	op->fn(c, op->ir, e);
	if (unlikely(c->redo))
		cpu_redo(c);
	r->xit |= r->bt->exit;
	r->base = c->cycles - op->idx;
}

int h_gen(struct cpu *c, struct nrun *r, const struct nop *op)
{
	gen_run(c, r, op);
	if (op->last) {
		r->npc = c->pc;
		return X_END;
	}
	return unlikely(OVERRUN() || r->xit) ? leave_at_pc(c, r, op) : X_GO;
}

/* A skip over a side exit: X_SKIP when it skipped (past the JRST). */
int h_genskip(struct cpu *c, struct nrun *r, const struct nop *op)
{
	gen_run(c, r, op);
	if (unlikely(OVERRUN() || r->xit))
		return leave_at_pc(c, r, op);
	if (c->pc != ((op->pc + 1) & RH_MASK)) {
		r->base--;
		return X_SKIP;
	}
	return X_GO;
}

/* A plain call: no fault, transfer or time is possible (tr_fast's TF_GENL). */
int h_genl(struct cpu *c, struct nrun *r, const struct nop *op)
{
	op->fn(c, op->ir, op->e);
	r->xit |= r->bt->exit;
	return unlikely(OVERRUN() || r->xit) ? leave_after(r, op) : X_GO;
}

/* Invalidate what real word pa was translated into; the instruction has
 * finished: leave before the next one if that was the running block. */
int h_smc(struct cpu *c, struct nrun *r, const struct nop *op, unsigned pa)
{
	EXACT();
	c->smc_hook(c, pa);
	r->xit = r->bt->exit;
	return r->xit && !op->last && !op->skip_over ? leave_after(r, op) : X_GO;
}

int h_pushj(struct cpu *c, struct nrun *r, const struct nop *op)
{
	EXACT();
	op_pushj(c, op->ir, op->e, 0260, M_B);
	r->xit |= r->bt->exit;
	r->npc = c->pc;
	return X_END;
}

int h_popj(struct cpu *c, struct nrun *r, const struct nop *op)
{
	EXACT();
	op_popj(c, op->ir, op->e, 0263, M_B);
	r->npc = c->pc;
	return X_END;
}

int h_pushpop(struct cpu *c, struct nrun *r, const struct nop *op)
{
	EXACT();
	addr e = op->econst ? op->e : cpu_ea(c, op->ir);
	if (op->kind == N_PUSH)
		op_push(c, op->ir, e, 0261, M_B);
	else
		op_pop(c, op->ir, e, 0262, M_B);
	r->base = c->cycles - op->idx;     /* an indirect E may have taken cycles */
	r->xit |= r->bt->exit;
	return unlikely(r->xit || OVERRUN()) ? leave_after(r, op) : X_GO;
}

/* JSP with the PC word made here: no fault, trap or time. */
int h_jsp(struct cpu *c, struct nrun *r, const struct nop *op)
{
	c->mem[op->ac] = XWD(c->flags, (op->pc + 1) & RH_MASK);
	c->flags &= ~F_FPD;
	r->npc = op->e;
	return X_END;
}
