/* native.c — the x86-64 backend: each block becomes host code in a W^X code buffer, chained by patched jumps.
 *
 * A block's host code (translate.c) runs with the machine pinned in
 * callee-saved registers, entered through one shared trampoline and left
 * through its epilogue with a status.  Hot instructions are inline (a
 * constant E's real word found at translation time, as in the threaded
 * backend; an indexed E worked out and mapped inline); everything else, and
 * every inline path that cannot go on, calls a helper (helpers.c) that makes
 * the PC, instruction address and cycle count exact and runs the semantics
 * shared with the interpreter, so a fault's longjmp to bt_run finds the
 * machine as the interpreter would leave it.  A block's ends jump through
 * sites that the runner patches to point at the successor once it knows it;
 * the successor's chain entry checks the next event and its own validity, so
 * a dead target only sends the end back to the runner, which repatches it.
 */
#include <stdlib.h>
#include <string.h>
#include "isa.h"
#include "mem.h"
#include "native.h"

typedef int na_enter_fn(struct cpu *c, word *mem, struct nrun *r, const uint8_t *cmap, const uint8_t *entry);

struct nstate {
	struct codebuf cb;
	uint64_t       epoch;
	size_t         tramp;        /* bytes of the trampoline at the start of cb */
	struct emit    e;            /* (large: kept here, not on the stack) */
	uintptr_t      exit_rx;      /* the epilogue every block leaves through */
};

#define RC   ZYDIS_REGISTER_RBX
#define RM   ZYDIS_REGISTER_R12
#define RR   ZYDIS_REGISTER_R13
#define RMAP ZYDIS_REGISTER_R14
#define RW   ZYDIS_REGISTER_R15
#define RDI  ZYDIS_REGISTER_RDI
#define RSI  ZYDIS_REGISTER_RSI
#define RDX  ZYDIS_REGISTER_RDX
#define RCX  ZYDIS_REGISTER_RCX
#define MN(x) ZYDIS_MNEMONIC_##x

/* ---- the backend ---- */

static size_t na_size(const struct tr_block *d)
{
	/* The ops, and an estimate of the host code (which lives in the code
	 * buffer, bounded by room()) so that the cache's capacity stays meaningful. */
	return sizeof(struct nhead) + d->n * (sizeof(struct nop) + 48);
}

static int na_room(struct bt *bt, const struct tr_block *d)
{
	struct nstate *s = bt->bstate;
	if (s->epoch != tc_epoch(bt->tc))
		return 1;           /* emit starts the buffer over */
	return s->cb.size - s->cb.used >= NA_BLOCK_MAX(d->n);
}

static void na_emit(const struct cpu *c, const struct tr_block *d, struct tc_block *b)
{
	struct bt *bt = c->engine;
	struct nstate *s = bt->bstate;
	if (s->epoch != tc_epoch(bt->tc)) {     /* a flush: every block's code is dead */
		s->epoch = tc_epoch(bt->tc);
		s->cb.used = s->tramp;
	}
	struct nhead *h = (struct nhead *)b->code;
	h->nochain = (uint32_t)d->nochain;
	h->n = d->n;
	for (unsigned i = 0; i < d->n; i++) {
		const struct tr_insn *in = &d->in[i];
		struct nop *o = &h->op[i];
		TR_OP_INIT(o, in, i);
		/* PUSH and POP inline only with E's real word known (tr_fast's
		 * default); of the conditional kinds, only CAI, CAM and SKIP
		 * skip over a side exit inline (AOS, SOS take GENSKIP there). */
		struct tr_fast f;
		tr_fast(c, in, 0, &f);
		enum na_kind k = (enum na_kind)f.kind;
		o->x = (uint8_t)f.x;
		o->pa = f.pa;
		o->kind = (uint8_t)k;
		o->store = k == N_MOVEM || k == N_SETZM || k == N_SETOM || k == N_AOS0 || k == N_SOS0 ||
			   k == N_AOS || k == N_SOS || k == N_MOVEMX || k == N_SETZMX || k == N_SETOMX ||
			   k == N_PUSHJ || k == N_PUSH || k == N_POP;
		o->fn = o->callout ? in->callout : cpu_semantics(in->ir);
	}
	long off = codebuf_take(&s->cb, NA_BLOCK_MAX(d->n));
	if (off < 0)
		cpu_panic(c, "native: no room for the block at %06o in the code buffer", d->in[0].pc);
	struct emit *e = &s->e;
	emit_init(e, s->cb.rw + off, (uintptr_t)s->cb.rx + (uintptr_t)off, NA_BLOCK_MAX(d->n));
	uint64_t *count = tr_profile_n ? tr_profile_slot(bt, &b->key, d->n) : NULL;
	size_t entry = na_translate(e, c, h, b, s->exit_rx, count);
	if (emit_finish(e))
		cpu_panic(c, "native: the block at %06o could not be encoded", d->in[0].pc);
	codebuf_trim(&s->cb, off, e->pos);
	codebuf_wrote(&s->cb, (size_t)off, e->pos);
	h->chain = s->cb.rx + off;
	h->entry = h->chain + entry;
	h->code_rw = s->cb.rw + off;
	h->host_bytes = (uint32_t)e->pos;
	bt->host_bytes += e->pos;
}

void na_patch(struct nsite *site, uint8_t *rw, uintptr_t rx, addr pc, uintptr_t target,
	      uint32_t *off, uint32_t *len)
{
	struct emit e;
	unsigned k = 0;
	if (site->dynamic) {
		k = site->next;
		site->next ^= 1;
		emit_init(&e, rw + site->pc[k], rx + site->pc[k], 5);
		emit_mov_ri(&e, ZYDIS_REGISTER_EAX, pc);
		if (e.pos != 5)
			abort();        /* the probe's MOV changed length: its bytes would be garbage */
	}
	emit_init(&e, rw + site->jmp[k], rx + site->jmp[k], 5);
	emit_jmp_abs(&e, MN(JMP), target);
	*off = site->dynamic ? site->pc[k] : site->jmp[k];
	*len = site->jmp[k] + 5 - *off;
}

/* Run b and its chained successors (see struct tr_backend). */
static struct tc_block *na_run(struct cpu *c, struct bt *bt, struct tc_block *b)
{
	struct nstate *s = bt->bstate;
	na_enter_fn *enter = (na_enter_fn *)(void *)s->cb.rx;
	struct nrun r = { .base = c->cycles, .bt = bt, .b = b, .npc = c->pc, .xit = 0,
			  .cry = F_CRY0 | F_CRY1 };
	uint64_t nchains = 0;
	struct tc_block *link = NULL;
	bt->running_at = &r.b;     /* host code keeps r.b the running block */
	for (;;) {
		int k = enter(c, c->mem, &r, c->codemap, ((const struct nhead *)b->code)->entry);
		b = r.b;            /* host code may have chained on */
		if (k == X_OUT)
			break;
		if (k == X_END)
			r.base += b->n;
		if (unlikely(r.xit))
			break;
		struct nhead *h = (struct nhead *)b->code;
		struct tc_block *nb = tr_successor(c, bt, b, (int)h->nochain, r.npc, r.base, &nchains, &link);
		if (!nb)
			break;
		if (k == X_CHAINED && r.site < h->nsites) {
			uint32_t off, len;
			na_patch(&h->site[r.site], h->code_rw, (uintptr_t)h->chain, r.npc,
				 (uintptr_t)((const struct nhead *)nb->code)->chain, &off, &len);
			codebuf_wrote(&s->cb, (size_t)(h->code_rw - s->cb.rw) + off, len);
		}
		b = nb;
		r.b = b;
	}
	c->cycles = r.base;
	c->pc = r.npc;
	bt->running_at = NULL;
	tc_stats(bt->tc)->chains += nchains + r.nchains;
	return link;
}

/* The trampoline: enter(c, mem, r, cmap, entry) pins the machine in
 * callee-saved registers and jumps to entry; blocks leave through its tail. */
static size_t na_trampoline(struct nstate *s)
{
	static const ereg saved[6] = { RC, RM, RR, RMAP, RW, ZYDIS_REGISTER_RBP };
	struct emit e;
	emit_init(&e, s->cb.rw, (uintptr_t)s->cb.rx, s->cb.size);
	for (int i = 0; i < 6; i++)
		emit_op_r(&e, MN(PUSH), saved[i]);
	emit_alu_ri(&e, MN(SUB), ZYDIS_REGISTER_RSP, 8);   /* calls from host code see RSP 16-aligned */
	emit_mov_rr(&e, RC, RDI);
	emit_mov_rr(&e, RM, RSI);
	emit_mov_rr(&e, RR, RDX);
	emit_mov_rr(&e, RMAP, RCX);
	emit_mov_ri(&e, RW, W_MASK);
	emit_op_r(&e, MN(JMP), ZYDIS_REGISTER_R8);
	s->exit_rx = e.rx + e.pos;
	emit_alu_ri(&e, MN(ADD), ZYDIS_REGISTER_RSP, 8);
	for (int i = 5; i >= 0; i--)
		emit_op_r(&e, MN(POP), saved[i]);
	emit_op0(&e, MN(RET));
	return emit_finish(&e) ? 0 : (e.pos + 63) & ~(size_t)63;
}

static int na_init(struct bt *bt)
{
	struct nstate *s = calloc(1, sizeof *s);
	if (!s)
		return -1;
	size_t cap = tc_stats(bt->tc)->bytes_capacity;
	if (codebuf_init(&s->cb, 4 * cap + (256u << 10))) {
		free(s);
		return -1;
	}
	s->tramp = na_trampoline(s);
	if (!s->tramp) {
		codebuf_free(&s->cb);
		free(s);
		return -1;
	}
	s->cb.used = s->tramp;
	s->epoch = tc_epoch(bt->tc);
	bt->bstate = s;
	return 0;
}

static void na_fini(struct bt *bt)
{
	struct nstate *s = bt->bstate;
	if (s) {
		codebuf_free(&s->cb);
		free(s);
	}
	bt->bstate = NULL;
}

static void na_dump(FILE *f, const struct tc_block *b)
{
	const struct nhead *h = (const struct nhead *)b->code;
	emit_dump(f, h->chain, h->host_bytes, (uintptr_t)h->chain, "        ");
}

const struct tr_backend tr_native = {
	.name = "native", .code_size = na_size, .emit = na_emit, .run = na_run,
	.init = na_init, .fini = na_fini, .room = na_room, .dump = na_dump,
};

