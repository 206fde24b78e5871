/* scan.c — finding a guest basic block: fetch, decode, classify, and where it ends. */
#include "isa.h"
#include "mem.h"
#include "tr.h"

static void identity(const struct tr_policy *p, const struct tc_key *key, struct tr_insn *in)
{
	(void)p, (void)key;
	in->act = TR_DIRECT;
}
const struct tr_policy tr_identity = { "identity", 0, identity, NULL };

void tr_rewrite_sensitive(const struct tr_policy *p, const struct tc_key *key, struct tr_insn *in)
{
	(void)key;
	if (isa_sensitive(in->ir)) {
		in->act = TR_CALLOUT;
		in->callout = p->callout;
	} else {
		in->act = TR_DIRECT;
	}
}

struct tc_key tr_key(const struct cpu *c, const struct tr_policy *p, addr pc)
{
	struct tc_key k = { .pc = pc, .user = tr_key_mode(c),
			    .apr = c->umode ? c->apr.datao : 0, .policy = p->id };
	return k;
}

/* Instructions after which the block must end: transfers of control, traps,
 * and anything that may change the mode, the mapping or the PI state. */
#define ENDS_BLOCK (TR_NOT_STRAIGHT | K_SKIP)

/* Whether `in` ends its block.  An I/O instruction that cannot skip, in exec
 * mode, need not: it changes neither the mode nor exec mapping, and an
 * interrupt it requests stops the block at the next boundary like any other
 * event.  (In user mode, with USERIO, DATAO APR remaps the code.) */
static int ends_block(const struct tc_key *key, const struct tr_insn *in)
{
	if (in->act == TR_CALLOUT)
		return !in->goes_on;
	unsigned cls = in->cls;
	if ((cls & K_IO) && !(cls & K_SKIP) && !key->user)
		cls &= ~(K_IO | K_PRIV);
	return (cls & ENDS_BLOCK) != 0;
}

/* Whether the block ending with `in` may leave the mode or mapping changed, so
 * the successor it chains to must be one translated for them as they are then:
 * traps, I/O, JRST with AC bits, XCT (its target may be any of those), and
 * callouts. */
static int no_chain(const struct tr_insn *in)
{
	unsigned op = I_OP(in->ir);
	return (in->cls & (K_UUO | K_UNDEF | K_IO | K_PRIV)) || op == 0256 ||
	       (op == 0254 && I_AC(in->ir)) || in->act == TR_CALLOUT;
}

/* JRST Y with no AC bits, I or X. */
#define PLAIN_JRST(w) (((w) & ~(word)RH_MASK) == (word)0254 << 27)

/*
 * Whether the block may go on past `in`, which would end it: a skip (that
 * neither jumps nor traps, run as it is) followed by a plain JRST, the
 * idiom of a conditional branch.  The JRST becomes a side exit, taken unless
 * the skip skips it, and the block goes on at the word after it.
 */
static int skips_a_jrst(const struct cpu *c, const struct tr_block *d, const struct tr_insn *in)
{
	addr pa;
	return in->act == TR_DIRECT && (in->cls & K_SKIP) && !(in->cls & TR_NOT_STRAIGHT) &&
	       d->n < TR_MAX_INSNS && in->pc < RH_MASK &&
	       mem_map(c, c->umode, in->pc + 1, 0, &pa) == 1 && pa == in->pa + 1 &&
	       PLAIN_JRST(c->mem[pa]);
}

unsigned tr_scan(const struct cpu *c, const struct tr_policy *p, addr pc, struct tr_block *d)
{
	d->key = tr_key(c, p, pc);
	d->n = 0;
	d->nochain = 0;
	addr prev_pa = 0;
	for (;;) {
		addr pa;
		/* Never from the accumulators, whose stores no code map sees; a
		 * relocation that wraps can also land a user address there. */
		if (pc < 020 || mem_map(c, c->umode, pc, 0, &pa) != 1 || pa < 020)
			break;
		if (d->n && pa != prev_pa + 1)
			break;
		struct tr_insn *in = &d->in[d->n];
		in->pc = pc;
		in->pa = pa;
		in->ir = c->mem[pa];
		in->cls = isa_class(in->ir);
		in->e_const = !(in->ir & I_IX_MASK);
		in->e = RH(in->ir);
		in->callout = NULL;
		in->goes_on = 0;
		in->last = 0;
		in->skip_over = 0;
		in->side_exit = d->n && d->in[d->n - 1].skip_over;
		p->classify(p, &d->key, in);
		if (d->key.user == TR_KEY_VMX && isa_vmx_traps(in->ir)) {
			in->act = TR_CALLOUT;      /* the machine's own exit, under any policy */
			in->callout = cpu_execute_word;   /* exits, or traps as an MUUO */
			in->goes_on = 0;
		}
		if (d->n == 0)
			d->pa_lo = pa;
		d->pa_hi = pa;
		prev_pa = pa;
		d->n++;
		if (in->side_exit) {
			/* a plain JRST: the policies leave it as it is */
		} else if (skips_a_jrst(c, d, in)) {
			in->skip_over = 1;
		} else if (ends_block(&d->key, in)) {
			in->last = 1;
			d->nochain = no_chain(in);
			break;
		}
		if (d->n == TR_MAX_INSNS || pc == RH_MASK)
			break;
		pc++;
	}
	return d->n;
}
