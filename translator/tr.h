/* tr.h — the translator: scanning guest basic blocks, policies that rewrite them, and backends. */
#ifndef TENVM_TR_H
#define TENVM_TR_H

#include "cache.h"
#include "cpu.h"
#include "isa.h"

#define TR_MAX_INSNS 32      /* a block's length cap (it then spans at most two 64-word pages) */

/* Classes (isa.def) of instructions that may do more than compute: transfer
 * control, trap, do I/O, or change or reveal the mode. */
#define TR_NOT_STRAIGHT (K_JUMP | K_UUO | K_UNDEF | K_IO | K_PRIV | K_ACDEP | K_CRIT)

/* How one guest instruction is translated. */
enum tr_action {
	TR_DIRECT,           /* its own semantics (fast path or the semantics table) */
	TR_CALLOUT,          /* a call into the monitor (callout) instead */
};

/* One scanned instruction. */
struct tr_insn {
	addr        pc;      /* guest address */
	addr        pa;      /* the real word it came from */
	word        ir;
	unsigned    cls;     /* isa_class(ir) */
	enum tr_action act;
	cpu_op_fn  *callout; /* TR_CALLOUT: called as the instruction's semantics */
	int         goes_on; /* TR_CALLOUT: it returns with the PC at the next instruction
	                      * and the mode and mapping unchanged, or sets the engine's
	                      * exit flag, so it need not end the block */
	int         e_const; /* I = X = 0: E is known now */
	addr        e;       /* E when e_const */
	int         last;    /* ends the block */
	int         skip_over;  /* a skip whose next word, a plain JRST, is in the block */
	int         side_exit;  /* that JRST: taken unless skipped; the block goes on after it */
};

/* A scanned block, the scanner's output and a backend's input. */
struct tr_block {
	struct tc_key  key;
	struct tr_insn in[TR_MAX_INSNS];
	unsigned       n;
	addr           pa_lo, pa_hi;
	int            nochain;  /* its end may change mode or mapping: check the successor's key */
};

/*
 * A policy decides what is rewritten.  classify() sees every instruction the
 * scanner takes and may turn it into a callout (act, callout).  It must be a
 * pure function of the instruction and the block's key, since the key is
 * all the cache knows.
 */
struct tr_policy {
	const char *name;
	unsigned    id;
	void (*classify)(const struct tr_policy *p, const struct tc_key *key, struct tr_insn *in);
	cpu_op_fn  *callout;     /* what rewritten instructions call */
};
extern const struct tr_policy tr_identity;   /* rewrites nothing */
/* A classify() that makes every sensitive instruction (isa_sensitive) a
 * callout to p->callout: the hybrid monitor's policy for virtual exec code. */
void tr_rewrite_sensitive(const struct tr_policy *p, const struct tc_key *key, struct tr_insn *in);

/*
 * Scan the block at c->pc-to-be `pc` in the machine's current mode and
 * mapping, under policy p.  Guarantees: 0 < n <= TR_MAX_INSNS, all words
 * fetchable, at addresses >= 20, real addresses contiguous; the block ends
 * after any instruction that may transfer control, trap, or change the mode
 * or mapping.  Returns n, or 0 when nothing at pc can be translated (code in
 * the accumulators, or a fetch that would fault): the interpreter takes it.
 * In a block for VMX (TR_KEY_VMX), whatever the policy, every instruction
 * that may be an assist exit (isa_vmx_traps) is a callout to
 * cpu_execute_word, which ends the block and does not chain: backends need
 * nothing more to honour the assist (XCT's targets run through the machine's
 * own execution, which checks).
 */
unsigned tr_scan(const struct cpu *c, const struct tr_policy *p, addr pc, struct tr_block *d);

/* The key of the block at pc in the machine's current state. */
struct tc_key tr_key(const struct cpu *c, const struct tr_policy *p, addr pc);
/* A key's mode: 0 exec, 1 user, TR_KEY_VMX user with the assist's VMX flag set
 * (then every K_VMXTRAP instruction is an assist exit; see tr_scan). */
#define TR_KEY_VMX 3u
static inline uint32_t tr_key_mode(const struct cpu *c)
{
	return (uint32_t)c->umode | ((c->flags & F_VMX) ? TR_KEY_VMX : 0);
}
/* Whether the machine's mode, mapping and policy are those of key. */
static inline int tr_key_current(const struct cpu *c, const struct tr_policy *p, const struct tc_key *key)
{
	return key->user == tr_key_mode(c) && key->apr == (c->umode ? c->apr.datao : 0) &&
	       key->policy == p->id;
}

/* Remember that block `from` ended at pc, where b begins (in one of its two
 * successor slots; the second is the one replaced). */
static inline void tr_link(struct tc_block *from, addr pc, struct tc_block *b)
{
	int slot = (!from->succ[0] || from->succ_pc[0] == pc) ? 0 : 1;
	from->succ[slot] = b;
	from->succ_pc[slot] = pc;
}

struct bt;

/*
 * A backend turns a scanned block into code and runs it.  run() executes b
 * and any chained successors; it returns at an instruction boundary with
 * c->pc and c->cycles exact, and returns the last block it ran if that block
 * ended with no successor linked yet (the dispatcher may link one), else NULL.
 */
struct tr_backend {
	const char *name;
	size_t (*code_size)(const struct tr_block *d);
	void (*emit)(const struct cpu *c, const struct tr_block *d, struct tc_block *b);
	struct tc_block *(*run)(struct cpu *c, struct bt *bt, struct tc_block *b);
};
extern const struct tr_backend tr_threaded;   /* portable C: pre-decoded ops, threaded dispatch */

/* The engine's state, shared by the dispatcher and a backend's runner. */
struct bt {
	struct tc                *tc;
	const struct tr_policy   *policy;
	const struct tr_backend  *backend;
	struct tc_block          *running;   /* the block executing now, for SMC */
	int                       exit;      /* leave translated code after this instruction */
	uint64_t                  interp_insns;  /* instructions the interpreter took */
	FILE                     *curve;      /* the cache's statistics over time, or NULL */
	uint64_t                  curve_step, curve_next;
};

/* Create the bt engine for machine c (cache of cache_bytes), attaching its
 * store hook.  NULL if out of memory. */
struct bt *bt_new(struct cpu *c, size_t cache_bytes, const struct tr_policy *policy);
void bt_free(struct cpu *c, struct bt *bt);
/* Run until a stop, like interp_run, with translated blocks. */
enum stop bt_run(struct cpu *c, struct bt *bt);
/* Record the cache's statistics over time as CSV on f (a header line now):
 * a line when the dispatcher first runs after each multiple of `step` cycles
 * (chained blocks run on to the next event, so lines may come late), and one
 * for every bt_curve_point call. */
void bt_curve(struct bt *bt, FILE *f, uint64_t step);
void bt_curve_point(const struct cpu *c, struct bt *bt);

#endif
