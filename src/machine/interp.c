/* interp.c — the reference interpreter: one instruction at a time, dispatched from isa.def. */
#include "ops.h"
#include "isa.h"
#include "disasm.h"

/* Execute ir (its E computed here) by the semantics of its isa.def row, or
 * take the assist exit it is. */
static inline __attribute__((always_inline)) void execute_one(struct cpu *c, word ir)
{
	if (cpu_vmx_exits(c, ir)) {
		cpu_vmx_exit(c, ir, 0);
		return;
	}
	addr e = cpu_ea(c, ir);
	switch (I_OP(ir)) {
#define I(opc, name, fam, mode, cls) case opc: op_##fam(c, ir, e, opc, M_##mode); break;
#define IO(fn, name, cls)
#define A(name, opc, ac)
#include "isa.def"
#undef I
#undef IO
#undef A
	default:
		cpu_io(c, ir, e);
		break;
	}
}

void cpu_execute_word(struct cpu *c, word ir, addr e)
{
	(void)e;
	execute_one(c, ir);
}

word cpu_execute(struct cpu *c, word ir)
{
	unsigned levels = 0;
	for (;;) {
		c->redo = 0;
		execute_one(c, ir);
		if (likely(!c->redo))
			return ir;
		cpu_chain_level(c, &levels);
		ir = c->redo_ir;
	}
}

void __attribute__((noinline)) cpu_redo(struct cpu *c)
{
	cpu_chain_level(c, &(unsigned){ 0 });
	cpu_execute(c, c->redo_ir);
	cpu_trap_done(c);
}

/* Run ir, fetched from c->ipc: the monitor's callout if it is sensitive and
 * a monitor is watching (`monitored` 0 leaves the test out), else its
 * semantics; then any redo, and count it. */
static inline __attribute__((always_inline)) void step(struct cpu *c, word ir, int monitored)
{
	c->pc = (c->ipc + 1) & RH_MASK;
	if (monitored && c->callout && isa_sensitive(ir))
		c->callout(c, ir, 0);
	else
		execute_one(c, ir);
	if (unlikely(c->redo))
		cpu_redo(c);
	c->cycles++;
}

void interp_one(struct cpu *c)
{
	c->ipc = c->pc;
	word ir = cpu_fetch(c, c->ipc);
	if (unlikely(c->hook != NULL) && ev_insn(c, ir))
		return;                 /* a breakpoint: stop before it */
	step(c, ir, 1);
}

/* The loop, instantiated plain, with a trace stream, and for a monitor. */
static inline __attribute__((always_inline)) enum stop loop_t(struct cpu *c, FILE *trace, int monitored)
{
	for (;;) {
		if (unlikely(c->cycles >= c->event_at)) {
			enum stop s = cpu_events(c);
			if (s)
				return s;
		}
		addr pc = c->pc;
		c->ipc = pc;
		word ir = cpu_fetch(c, pc);
		if (trace) {
			char buf[96];
			fprintf(trace, "%06o: %012llo  %-28s %s\n", pc, (unsigned long long)ir,
				disasm(ir, buf, sizeof buf), c->umode ? "user" : "exec");
		}
		step(c, ir, monitored);
	}
}
#define loop(c, trace) loop_t(c, trace, 0)

static enum stop __attribute__((noinline)) loop_monitored(struct cpu *c, FILE *trace)
{
	(void)trace;
	return loop_t(c, NULL, 1);
}

static enum stop __attribute__((noinline)) loop_fast(struct cpu *c, FILE *trace)
{
	(void)trace;
	return loop(c, NULL);
}

static enum stop __attribute__((noinline)) loop_trace(struct cpu *c, FILE *trace)
{
	return loop(c, trace);
}

/* With a stepping hook: one instruction at a time, each reported. */
static enum stop __attribute__((noinline)) loop_hooked(struct cpu *c, FILE *trace)
{
	(void)trace;
	for (;;) {
		if (c->cycles >= c->event_at) {
			enum stop s = cpu_events(c);
			if (s)
				return s;
		}
		interp_one(c);
	}
}

/* Run a loop until a stop, landing faults (longjmp) here and going on. */
static enum stop run(struct cpu *c, enum stop (*body)(struct cpu *, FILE *), FILE *trace)
{
	for (;;) {
		int k = setjmp(c->abort_jb);
		if (k)
			cpu_aborted(c, (enum abort_kind)k);
		enum stop s = body(c, trace);
		if (s)
			return s;
	}
}

enum stop interp_run(struct cpu *c)
{
	if (unlikely(c->hook != NULL) && c->hook->step)
		return run(c, loop_hooked, NULL);
	return run(c, c->monitor ? loop_monitored : loop_fast, NULL);
}
enum stop interp_run_trace(struct cpu *c, FILE *trace) { return run(c, loop_trace, trace); }
