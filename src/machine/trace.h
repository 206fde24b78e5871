/* trace.h — the event hook: what the engines, PI, the dispatcher and the callouts report to a watcher.
 *
 * One hook serves tracing, breakpoints, stepping and the history ring.  A
 * machine with c->hook == NULL pays nothing: the reports sit on cold paths
 * (between instructions, in cpu_events, in the monitor), and per-instruction
 * reports exist only while hook->step asks for them, when cpu_schedule makes
 * every instruction an event so that any engine runs one at a time through
 * interp_one (translated code is never entered, so it carries no test).
 */
#ifndef TENVM_TRACE_H
#define TENVM_TRACE_H

#include <signal.h>
#include "word.h"

struct cpu;

/* What happened.  The order is the order of the names in ev_name(). */
enum ev_kind {
	EV_INSN,     /* an instruction is about to run (pc, ir); emulated: on a VM's virtual machine */
	EV_TRAP,     /* a trap: the monitor was entered, or a bare machine trapped through exec
	              * 40 or 60 (an MUUO, an unassigned code, an assist exit); arg: the trap_kind */
	EV_CALLOUT,  /* a callout from guest code into the monitor (pc, ir) */
	EV_INLINE,   /* an inline rewrite ran (JSR, JSP, PUSHJ in virtual exec code) */
	EV_CRIT,     /* a critical instruction ran unmonitored in virtual exec mode: it leaks */
	EV_INTR,     /* an interrupt is taken at level arg */
	EV_VMODE,    /* the virtual machine changed mode: arg 1 = now user, 0 = now exec */
	EV_TURN,     /* a VM's turn on the real machine begins: arg is its number */
	EV_STORE,    /* a watched word changed (pc: the instruction that stored, arg: the address) */
	EV_N
};
#define EV_ALL ((1u << EV_N) - 1)

struct ev {
	enum ev_kind kind;
	struct cpu  *c;       /* the machine it happened on */
	addr         pc;
	word         ir;
	unsigned     arg;
	int          emulated;  /* EV_INSN: run by the monitor on the virtual machine */
};

/*
 * A watcher.  fn sees every event whose kind is in mask; setting brk asks
 * the run to stop at the next instruction boundary (an EV_INSN that sets it
 * is not executed).  The same hook is attached to every machine of a run.
 */
struct ev_hook {
	void (*fn)(struct ev_hook *h, const struct ev *e);
	unsigned               mask;
	int                    step;     /* report every instruction (EV_INSN) */
	volatile sig_atomic_t  brk;      /* stop the run: set by fn, a signal, the TTY's escape */
	struct cpu            *primary;  /* the machine whose engine runs: bare, or the real one */
};

/* Report an event to c's hook if it wants the kind.  Returns hook->brk.
 * Callers use ev_report (cpu.h), which tests the hook inline and calls
 * this only when the kind is wanted or a stop is asked. */
int ev_deliver(struct cpu *c, enum ev_kind k, addr pc, word ir, unsigned arg);

/* Report the instruction at c->ipc (word ir) before it runs, if the hook
 * steps (emulated: c is not the primary machine).  Returns nonzero if the
 * hook asked to stop before it: the caller then does not run it, and the
 * primary machine stops at this boundary.  Emulated ones always run. */
int ev_insn(struct cpu *c, word ir);

/* Make the primary machine's engine stop at its next instruction boundary
 * (bare: STOP_EXIT; under a monitor: a STOP_TRAP the dispatcher ends the run
 * on).  Safe in a signal handler for a run in progress. */
void ev_stop(struct ev_hook *h);

/* "insn", "trap", ...: the kind's name, as --trace-events and the console spell it. */
const char *ev_name(enum ev_kind k);
/* The kinds named in a comma-separated list ("all" for every one), or -1 if one is unknown. */
int ev_parse_mask(const char *list, unsigned *mask);

#endif
