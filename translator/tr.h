/* tr.h — the translator: scanning guest basic blocks, policies that rewrite them, and backends. */
#ifndef TENVM_TR_H
#define TENVM_TR_H

#include <string.h>
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

/*
 * The fast paths (fast.c): which instructions a backend does inline rather
 * than through their semantics, the same in every backend.  Each backend's own
 * kinds are these, in this order, plus any of its own after them.
 */
#define TR_FAST_KINDS(X) \
	/* no fast path: the semantics or callout with the machine exact first; \
	 * GENL: as a plain call (see tr_fast); GENSKIP: a skip over a side exit; \
	 * JRSTS: that side exit */ \
	X(GEN) X(GENL) X(GENSKIP) X(JRSTS) \
	/* E constant: its real word (pa) found now where one is used */ \
	X(MOVE) X(MOVEI) X(MOVEM) X(SETZM) X(SETOM) X(ADD) X(ADDI) X(SUB) X(SUBI) \
	X(AOS0) X(SOS0) /* AOS, SOS with no condition */ \
	/* conditional: the block's last, or a skip over a side exit */ \
	X(CAI) X(CAM) X(JUMP) X(SKIP) X(AOJ) X(SOJ) X(AOS) X(SOS) \
	X(JRST) X(PUSHJ) X(POPJ) X(PUSH) X(POP) X(JSP) \
	/* indexed E (X, no I): worked out and mapped at run time */ \
	X(MOVEX) X(MOVEIX) X(MOVEMX) X(SETZMX) X(SETOMX) X(ADDX) X(ADDIX) X(SUBX) X(SKIPX) X(JRSTX)

enum tr_fast_kind {
#define X(k) TF_##k,
	TR_FAST_KINDS(X)
#undef X
	TF_COUNT
};

/* What tr_fast found for one instruction. */
struct tr_fast {
	enum tr_fast_kind kind;
	int      mapped;     /* E is constant and pa its real word, mapped for the kind's access */
	addr     pa;
	unsigned x;          /* an indexed kind's index AC */
	unsigned cond;       /* a conditional kind's condition (opcode & 7) */
};

/* Where the backends' fast paths differ, each says which rule it follows. */
#define TR_FAST_PD_ANY_E 1u  /* PUSH, POP: a fast path whatever E (else only with E constant and mapped) */
#define TR_FAST_ALL_OVER 2u  /* every conditional kind may skip over a side exit (else CAI, CAM, SKIP only) */

/*
 * The fast path of scanned instruction in, translated on machine c (in the
 * block's mode and mapping) under rules (TR_FAST_*).  A fast kind only for an
 * instruction run as it is (not a callout) whose E is constant (and maps for
 * the access the kind makes, if it makes one: then f->mapped and f->pa) or,
 * for the X kinds, indexed and not indirect; JRST only with no AC bits; a
 * conditional kind only at its block's end or as a skip over a side exit.
 * Otherwise TF_GENL where a plain call of the semantics will do (the
 * instruction neither transfers, skips, traps, does I/O nor reads the PC or
 * time, reaches no memory but E, which is constant and maps for writing, and
 * is not the block's last), TF_GENSKIP for a skip over a side exit, else
 * TF_GEN.  The side exit's JRST is TF_JRSTS.
 */
void tr_fast(const struct cpu *c, const struct tr_insn *in, unsigned rules, struct tr_fast *f);

/* Clear a backend's op *o and copy into it what every backend's op holds of
 * in, the i-th instruction of its block (fields of these names in each). */
#define TR_OP_INIT(o, in, i) do { \
	memset((o), 0, sizeof *(o)); \
	(o)->ir = (in)->ir; \
	(o)->e = (in)->e; \
	(o)->pc = (in)->pc; \
	(o)->idx = (uint16_t)(i); \
	(o)->ac = (uint8_t)I_AC((in)->ir); \
	(o)->last = (uint8_t)(in)->last; \
	(o)->econst = (uint8_t)(in)->e_const; \
	(o)->skip_over = (uint8_t)(in)->skip_over; \
	(o)->callout = (in)->act == TR_CALLOUT; } while (0)

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
	/* Optional: the backend's own state for bt (0 on success, -1 if it cannot
	 * run here: bt_new falls back to threaded), and its release. */
	int  (*init)(struct bt *bt);
	void (*fini)(struct bt *bt);
	/* Optional: whether the code for d fits in the backend's own memory now;
	 * if not, the dispatcher flushes the cache before translating d. */
	int  (*room)(struct bt *bt, const struct tr_block *d);
	/* Optional: print b's host code (for --log blocks,host). */
	void (*dump)(FILE *f, const struct tc_block *b);
};
extern const struct tr_backend tr_threaded;   /* portable C: pre-decoded ops, threaded dispatch */
#ifdef TENVM_NATIVE
extern const struct tr_backend tr_native;     /* x86-64 host code (translator/x86_64/) */
#endif

/* The backend named name ("native", "threaded"), or NULL if it is not built in. */
const struct tr_backend *tr_backend_named(const char *name);
/* The backend new bt engines use: the last one tr_backend_use chose, else
 * $TENVM_BACKEND if set and built in, else native where built, else threaded. */
const struct tr_backend *tr_backend_default(void);
void tr_backend_use(const struct tr_backend *b);
/* "native, threaded" or "threaded": the names built in, for messages. */
const char *tr_backend_names(void);

/* The engine's state, shared by the dispatcher and a backend's runner. */
struct bt {
	struct tc                *tc;
	const struct tr_policy   *policy;
	const struct tr_backend  *backend;
	void                     *bstate;    /* the backend's own state */
	struct tc_block          *running;   /* the block executing now, for SMC */
	struct tc_block *const   *running_at;    /* when set, the running block is *running_at */
	int                       exit;      /* leave translated code after this instruction */
	uint64_t                  interp_insns;  /* instructions the interpreter took */
	double                    emit_us;   /* time spent making code, microseconds */
	uint64_t                  host_bytes;    /* host code made (native) */
	struct tr_prof          **prof;      /* --profile: entries per block key */
	FILE                     *curve;      /* the cache's statistics over time, or NULL */
	uint64_t                  curve_step, curve_next;
	const struct tr_backend  *alt;       /* blocks rewritten often (adapt.c), or NULL */
	struct tr_adapt          *adapt;     /* adapt.c's side table */
	uint64_t                  alt_blocks;    /* translations made by alt */
	uint64_t                  alt_settled;   /* addresses sent back to bt->backend by tr_adapt_settle */
	struct tc_block          *handoff;   /* a successor of the other backend a runner found, to run next */
};

/* The backend whose code block b holds. */
static inline const struct tr_backend *tr_block_backend(const struct bt *bt, const struct tc_block *b)
{
	return b->alt ? bt->alt : bt->backend;
}

/*
 * Per-block backend choice (adapt.c).  A block whose first real word was
 * invalidated TR_ADAPT_AFTER times in a row, each time less than
 * TR_ADAPT_QUICK cycles after it was translated, is translated by bt->alt
 * (threaded) until the code settles; every other block by bt->backend.  Blocks
 * of the two backends never chain to each other (no successor slot, so no
 * patched jump, leads from a native block to a threaded one or back): the
 * runner returns, and the dispatcher runs the successor with its own
 * backend's runner (found by tr_successor in the front cache, as a lookup,
 * and left in bt->handoff, or looked up by the dispatcher).
 */
#define TR_ADAPT_SLOTS 4096u          /* the side table's entries (a power of two) */
#define TR_ADAPT_QUICK 65536u         /* cycles: a translation killed sooner did not pay for native code */
#define TR_ADAPT_AFTER 4u
/* Start choosing between bt->backend and alt: 0, or -1 if out of memory. */
int  tr_adapt_init(struct bt *bt, const struct tr_backend *alt);
void tr_adapt_fini(struct bt *bt);
/* Whether the block about to be translated from real word pa_lo at cycle
 * `now` goes to bt->alt (it notes the translation's time). */
int  tr_adapt_pick(struct bt *bt, uint64_t now, addr pa_lo);
/* Block b was invalidated at cycle `now`. */
void tr_adapt_dead(struct bt *bt, uint64_t now, const struct tc_block *b);
/* For tests: a window other than TR_ADAPT_QUICK, a count other than TR_ADAPT_AFTER. */
void tr_adapt_tune(struct bt *bt, uint32_t window, uint32_t after);
/* At most every TR_ADAPT_QUICK cycles (the dispatcher calls it at events,
 * with no block running): addresses that fell back and were not translated
 * again for TR_ADAPT_QUICK cycles go back to bt->backend, their blocks
 * invalidated (counted as invalidations). */
void tr_adapt_settle(struct bt *bt, uint64_t now);

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

/*
 * After block b ran to its end with next PC npc and cycle count base (nochain:
 * its end may change the mode or mapping): the block to chain to, or NULL to
 * return to the dispatcher, with *link = b when the dispatcher may link a
 * successor, or with bt->handoff set to a successor of the other backend
 * (see adapt.c) found in the front cache, which the dispatcher runs next.
 * Successor slots only ever hold blocks of their block's backend (neither
 * this nor the dispatcher links across), so a chained successor needs no
 * check of its backend.  Counts chained entries in *nchains.  A backend's runner uses it
 * for every transfer it does not chain by itself.
 */
static inline struct tc_block *tr_successor(struct cpu *c, struct bt *bt, struct tc_block *b, int nochain,
					    addr npc, uint64_t base, uint64_t *nchains, struct tc_block **link)
{
	struct tc_block *nb = b;
	if (npc != b->key.pc) {
		nb = b->succ[0] && b->succ_pc[0] == npc ? b->succ[0]
		   : b->succ[1] && b->succ_pc[1] == npc ? b->succ[1] : NULL;
		if (!nb) {
			/* Not a linked successor (a POPJ's many return
			 * addresses): the front cache may still have it. */
			struct tc_key k = tr_key(c, bt->policy, npc);
			nb = tc_probe(bt->tc, &k);
			if (!nb) {
				*link = b;    /* the dispatcher may link one */
				return NULL;
			}
			if (__builtin_expect(nb->alt != b->alt, 0)) {
				bt->handoff = nb;     /* found: the dispatcher runs it next */
				return NULL;
			}
			(*nchains)--;     /* counted as a lookup, not a chained entry */
			tr_link(b, npc, nb);
		}
	}
	/* After an end that may change the mode, mapping or policy, the
	 * successor must be the one for them as they are now (a link made under
	 * other ones is replaced by the dispatcher's).  A link to a block since
	 * invalidated is replaced likewise. */
	if ((__builtin_expect(nochain, 0) && !tr_key_current(c, bt->policy, &nb->key)) ||
	    __builtin_expect(nb != b && !nb->valid, 0)) {
		*link = b;
		return NULL;
	}
	if (__builtin_expect(base + nb->n > c->event_at, 0))
		return NULL;
	(*nchains)++;
	return nb;
}


/* Looking inside (log.c): what --log asked for, and --profile's N. */
enum { TR_LOG_BLOCKS = 1, TR_LOG_HOST = 2 };
extern unsigned tr_log_what, tr_profile_n;
/* "blocks" or "blocks,host": 0, or -1 for anything else. */
int tr_log_parse(const char *v);
/* Print the translated block b made from d in usecs microseconds (with the
 * backend that made it). */
void tr_log_block(FILE *f, const struct bt *bt, const struct tr_block *d, const struct tc_block *b, double usecs);
/* --profile: the counter of entries into blocks with this key (n long), or
 * NULL if out of memory; the tr_profile_n hottest, then forget them all. */
uint64_t *tr_profile_slot(struct bt *bt, const struct tc_key *key, unsigned n);
void tr_profile_print(FILE *f, struct bt *bt, uint64_t insns);
/* --stats: the backend, translation time per block, host bytes per guest instruction. */
void tr_stats_print(FILE *f, const struct bt *bt);

#endif
