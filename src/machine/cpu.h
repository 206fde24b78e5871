/* cpu.h — the KA10 real machine: processor state, devices, and the engine API. */
#ifndef TENVM_CPU_H
#define TENVM_CPU_H

#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include "trace.h"
#include "word.h"

#define MEM_MAX_WORDS  01000000u   /* 256K words: all an 18-bit address reaches */
#define CLOCK_DEFAULT  5000u       /* instructions per 60 Hz clock tick */
#define TTY_OUT_DELAY  10u         /* instructions from DATAO TTY to output done */
#define TTY_IN_POLL    100u        /* instructions between polls for an input character */
#define EA_FREE_LEVELS 64u         /* indirection or XCT levels before each costs a cycle */

/* Why a run stopped. */
enum stop {
	STOP_NONE = 0,
	STOP_HALT,          /* JRST 4 in exec mode */
	STOP_BUDGET,        /* the cycle budget ran out, or the run reached pause_at */
	STOP_EXIT,          /* the front end asked (e.g. a monitor's decision) */
	STOP_TRAP,          /* under a monitor: an event for it, described by c->trap */
};

/* Why an instruction was abandoned part-way (the value passed to longjmp). */
enum abort_kind {
	ABORT_NONE = 0,
	ABORT_PROT,         /* user reference outside the protection bounds */
	ABORT_NXM,          /* reference to nonexistent memory */
	ABORT_EVENT,        /* an event fell due inside a long indirect or XCT chain */
};

/* Under a monitor, what made the machine stop for it. */
enum trap_kind {
	TK_NONE = 0,
	TK_UUO,             /* an MUUO, an unassigned code, or a privileged instruction */
	TK_FAULT,           /* a protection violation or nonexistent memory */
	TK_TIME,            /* the monitor's deadline (monitor_at) came */
	TK_VMX,             /* an assist exit: ir (as fetched) trapped because VMX was set */
};
struct trap_rec {
	enum trap_kind  kind;
	word            ir;     /* TK_UUO, TK_VMX: the instruction word that trapped */
	addr            e;      /* TK_UUO: its E */
	addr            ipc;    /* the address of the instruction that trapped or faulted */
	enum abort_kind fault;  /* TK_FAULT: which */
	addr            addr;   /* TK_FAULT: the address referenced */
	int             write;  /* TK_FAULT: for a store */
	int             fetch;  /* TK_FAULT: an instruction fetch */
	int             inhibit;/* TK_FAULT: the instruction keeps its PC (BLT) */
};

/* What kind of cycle the running instruction belongs to. */
enum { TRAP_NONE = 0, TRAP_UUO, TRAP_PI };


struct cpu;
/* An instruction's semantics (or a monitor's callout) as a function. */
typedef void cpu_op_fn(struct cpu *c, word ir, addr e);

/* APR (device 000): processor flags, clock, relocation and protection. */
struct apr {
	word     datao;       /* the last DATAO APR word: PL, PH, write protect, RL, RH */
	addr     lo_lim;      /* highest user address of the low segment */
	addr     lo_rel;      /* real address of user address 0 */
	addr     hi_lim;      /* highest user address of the high segment, or 0 for none */
	addr     hi_rel;      /* real address of user address 400000 */
	int      hi_wp;       /* the high segment is write-protected */
	unsigned pia;         /* priority interrupt assignment, 0-7 */
	int      clk_en, clk_flag;
	int      nxm, prot, pdlov;
	int      ov_en, fov_en;
};

/* PI (device 004): levels are bits 1<<1 (highest) to 1<<7 (lowest). */
struct pi {
	int      on;          /* the PI system is active */
	unsigned enabled;     /* levels turned on */
	unsigned prog_req;    /* program-requested levels (CONO PI bit 1<<(7-n)... ) */
	unsigned hold;        /* levels whose interrupt is in progress */
	unsigned pending;     /* the level to take at the next instruction boundary, 0 if none */
	int      parity_en;   /* the parity-error interrupt is enabled (never requested here) */
	unsigned cycle;       /* the level whose interrupt instruction is running, 0 if none */
};

/* TTY (device 120): the console, bound to the host's stdin and stdout. */
struct tty {
	unsigned pia;
	int      out_busy, out_done, in_busy, in_done;
	uint8_t  in_char;
	uint64_t out_at;      /* cycle at which the output in flight completes */
	uint64_t in_at;       /* cycle of the next input poll */
	int      in_eof;      /* the host's input is exhausted */
	int      in_active;   /* the guest has used the TTY: poll for input */
	int      in_fd;       /* host descriptor for input, -1 for none */
	int      in_isatty;   /* input is a terminal: never block on it */
	FILE    *out;         /* host stream for output */
	uint64_t chars_out, chars_in;
};

struct cpu {
	word    *mem;         /* real memory; mem[0..15] are the accumulators */
	int      owns_mem;    /* mem was allocated by cpu_new and is freed with the machine */
	addr     memsize;     /* words of real memory, a multiple of 1K */
	addr     pc;          /* while an instruction runs: the address after it */
	addr     ipc;         /* the address of the instruction running */
	uint32_t flags;       /* F_* : the left half of a PC word */
	int      umode;       /* references and privilege are those of user mode */
	int      assist;      /* the VM assist is present (--cpu ka10-vmx): F_VMX can be set */
	int      trapping;    /* TRAP_*: the instruction running sits at a trap or interrupt location */
	int      redo;        /* the instruction asks to execute redo_ir next (XCT, UUO) */
	word     redo_ir;
	int      pc_inhibit;  /* a fault leaves the PC at the instruction (BLT) */
	int      fetch_fault; /* the fault being taken happened in an instruction fetch */
	int      blk_ov;      /* the last BLKI/BLKO counted its pointer through zero */

	struct apr apr;
	struct pi  pi;
	struct tty tty;

	/* Time is counted in cycles: one per instruction, plus one for each level of
	 * an indirect or XCT chain past EA_FREE_LEVELS.  Every event (clock tick,
	 * TTY, interrupt, budget, stop) is due at a cycle; the engines check
	 * cycles >= event_at between instructions and call cpu_events().  A chain
	 * checks cycles >= chain_at at each level and calls cpu_chain_event(). */
	uint64_t cycles;
	uint64_t stalls;      /* cycles that were chain levels, not instructions */
	uint64_t stall_mark;  /* the instruction (cpu_insns) the last chain levels belonged to */
	uint64_t stall_n;     /* how many chain cycles it has taken */
	uint64_t uuo_mark;    /* likewise for the UUOs it counted */
	uint64_t uuo_n;
	addr     fault_addr;  /* the user address of the last protection fault */
	int      fault_write;
	uint64_t event_at;
	uint64_t chain_at;    /* the first event a chain must look at: event_at less the
			       * soft stops (pause_at, a monitor's turn end) */
	uint64_t max_cycles;  /* the budget: it ends a chain too */
	uint64_t pause_at;    /* a soft stop: the run stops (STOP_BUDGET) at the first
			       * instruction boundary at or after it; chains run on */
	uint64_t clock_period, clock_next;
	/* The assist's timer (vmt.c): the count in exec mode, and in user mode
	 * the cycle at which it runs out (UINT64_MAX: not counting). */
	uint64_t vmt_left, vmt_at;
	word     switches;        /* the console data switches */
	enum stop stop;

	jmp_buf  abort_jb;    /* where an abandoned instruction lands (see enum abort_kind) */

	/* Translated code: codemap[pa] != 0 where a real word may be the source of
	 * a translated block; a store there calls smc_hook (the engine's).  With no
	 * translations it points at a shared all-zero map. */
	const uint8_t *codemap;
	void   (*smc_hook)(struct cpu *c, addr pa);
	void    *engine;      /* the engine's own state (bt) */

	/* A monitor runs guests on this machine in user mode.  While one is
	 * attached, traps to exec mode and faults do not enter exec mode: the
	 * instruction counts as run, the engine stops with STOP_TRAP at its end,
	 * and c->trap says what happened; the engine also stops at monitor_at. */
	void    *monitor;
	uint64_t monitor_at;       /* the VM's next virtual event, as a real cycle */
	uint64_t monitor_soft_at;  /* the end of its turn: stops only between instructions */
	/* The monitor's say when a chain reaches monitor_at: 1 to abandon the
	 * instruction (see cpu_chain_event). */
	int    (*monitor_chain)(struct cpu *c);
	struct trap_rec trap;
	/* A hybrid monitor's callout: when set, the interpreter runs it instead of
	 * the semantics of every sensitive instruction (isa_sensitive); bt gets the
	 * same effect from its translation policy. */
	cpu_op_fn *callout;

	/* A watcher of events (trace.h), or NULL: then nothing is reported. */
	struct ev_hook *hook;

	/* Statistics of the run. */
	uint64_t n_uuo, n_interrupts, n_prot, n_nxm;
	uint64_t n_vmx;       /* assist exits taken through exec 40/41 */

	/* Called (if set) when an I/O instruction names device number dev (the
	 * code / 4), which the machine does not have; it reads 0 and ignores output. */
	void   (*nodev_hook)(struct cpu *c, unsigned dev);
};

/* Report an event to c's hook (trace.h) if it wants the kind, or stop the run
 * the hook asks to stop.  Returns hook->brk.  Inline: a hook that wants
 * nothing (the one every run keeps for Ctrl-C) costs a few tests here. */
static inline int ev_report(struct cpu *c, enum ev_kind k, addr pc, word ir, unsigned arg)
{
	const struct ev_hook *h = c->hook;
	if (!h || (!(h->mask & (1u << k)) && !h->brk))
		return 0;
	return ev_deliver(c, k, pc, ir, arg);
}

/* The processor: the KA10, or the KA10 with the VM assist (a "repaired KA10"
 * like first-generation VT-x: while the VMX flag is set, JSR, JSP, PUSHJ and
 * JRST with AC bit 1 or 2 trap to exec 40/41; see README "The VM assist"). */
enum cpu_model {
	CPU_KA10 = 0,
	CPU_KA10_VMX,
};

/* Options for a new machine. */
struct cpu_config {
	unsigned mem_kwords;      /* 1..256 */
	uint64_t max_insns;       /* 0: unlimited */
	uint64_t clock_period;    /* 0: CLOCK_DEFAULT */
	word     switches;        /* the console data switches, which DATAI APR reads */
	int      tty_in_fd;       /* -1: no input */
	FILE    *tty_out;         /* NULL: no output */
	enum cpu_model model;     /* CPU_KA10 (0) unless the assist is asked for */
};

/* Allocate and reset a machine.  Returns NULL only if memory is exhausted. */
struct cpu *cpu_new(const struct cpu_config *cfg);
/* The same on memory the caller owns (mem_kwords K words at mem): a view, as a
 * monitor's virtual machine of its region of real memory. */
struct cpu *cpu_new_on(const struct cpu_config *cfg, word *mem);
void cpu_free(struct cpu *c);
/* I/O reset and processor reset: exec mode, flags clear, PI off, devices idle. */
void cpu_reset(struct cpu *c);

/* Run the reference interpreter until a stop.  Guarantees: returns only at an
 * instruction boundary, with c->pc the next instruction to execute. */
enum stop interp_run(struct cpu *c);
/* The same, printing each instruction to trace before it executes. */
enum stop interp_run_trace(struct cpu *c, FILE *trace);

/* Execute one instruction word with the current PC context, and the chain of
 * words it asks for (XCT targets, trap instructions).  Returns the last word
 * executed.  May longjmp to c->abort_jb. */
word cpu_execute(struct cpu *c, word ir);
/* An assist exit (the VMX flag is set and ir is K_VMXTRAP; see enum
 * cpu_model): ir, as fetched, is stored at exec 40 and the word at exec 41 runs
 * in a trap cycle, as for an MUUO; ir has done nothing.  Under a monitor, a
 * TK_VMX stop instead.  As a cpu_op_fn, e is ignored (translators call it in
 * place of the semantics). */
void cpu_vmx_exit(struct cpu *c, word ir, addr e);
/* Execute ir as the interpreter does, E computed here (e is ignored), an
 * assist exit taken if it is one; then the caller runs any redo.  What
 * translators call for an instruction that may be an assist exit. */
void cpu_execute_word(struct cpu *c, word ir, addr e);
/* After a trap or interrupt instruction that did not jump: back to the mode of
 * the flags. */
void cpu_trap_done(struct cpu *c);

/* Process everything due at this cycle: stop requests, budget, clock, TTY,
 * and a pending interrupt (whose instruction it executes).  Returns the stop
 * reason, or STOP_NONE to go on.  Leaves event_at at the next due cycle. */
enum stop cpu_events(struct cpu *c);

/* Recompute the next due cycle after any change to timers or PI requests. */
void cpu_schedule(struct cpu *c);

/* An indirect or XCT chain has reached chain_at.  What falls due is serviced
 * where the chain is (a clock tick, the TTY; under a monitor, the guest's
 * virtual devices), as the KA10's devices run on during a chain.  Returns 1
 * when the instruction must be abandoned (ABORT_EVENT) and restarted after the
 * events: an interrupt is to be taken, the assist's timer ran out (vmt.c), a
 * stop was asked, or the budget ran out; 0 to go on with the chain.  A tick or a poll that requests no
 * interrupt never restarts a chain. */
int cpu_chain_event(struct cpu *c);

/* Finish an abandoned instruction: restores the PC, records the fault, and
 * requests what the KA10 requests.  Called by an engine after longjmp. */
void cpu_aborted(struct cpu *c, enum abort_kind k);

/* Set the flags word (USER, USERIO and the rest) and the mode that follows.
 * VMX stays only on a machine with the assist, and only with USER.  The
 * assist's timer starts or stops counting with USER (vmt_switch, as if inside
 * an instruction: the count starts after the instruction running now). */
void vmt_switch(struct cpu *c, int on);
static inline void cpu_set_flags(struct cpu *c, uint32_t f)
{
	if ((f & F_VMX) && (!c->assist || !(f & F_USER)))
		f &= ~(uint32_t)F_VMX;
	if (__builtin_expect(((f ^ c->flags) & F_USER) != 0, 0) && (c->vmt_left || c->vmt_at != UINT64_MAX))
		vmt_switch(c, (f & F_USER) != 0);  /* the assist's timer counts in user mode */
	c->flags = f & F_ALL;
	c->umode = (f & F_USER) != 0;
}

/* Guest instructions executed so far. */
static inline uint64_t cpu_insns(const struct cpu *c) { return c->cycles - c->stalls; }

/* The semantics of every instruction as functions, made from isa.def: the
 * translator's fallback for whatever it has no fast path for.  May longjmp. */
cpu_op_fn *cpu_semantics(word ir);
/* After an instruction that set c->redo: run the word it asked for (and its
 * chain), then return from a trap cycle. */
void cpu_redo(struct cpu *c);
/* Execute exactly one instruction at c->pc with the interpreter, counting it;
 * events are not processed.  May longjmp (the caller holds abort_jb). */
void interp_one(struct cpu *c);
/* The all-zero code map for a machine with no translations. */
extern const uint8_t cpu_no_code[MEM_MAX_WORDS];

/* Panic: a broken internal invariant.  Prints the guest state and a host
 * backtrace, exits 1.  Never returns. */
_Noreturn void cpu_panic(const struct cpu *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
