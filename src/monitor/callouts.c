/* callouts.c — the interpreters and callouts: guest instructions the monitor runs on the virtual machine.
 *
 * The monitor's interpreters are the machine's own semantics run on the VM's
 * virtual KA10, so an emulated instruction does exactly what it does on the
 * bare machine.  The hybrid policy decides, when a block is translated, which
 * callout each sensitive instruction of virtual exec code becomes.
 */
#include <string.h>
#include "io.h"
#include "isa.h"
#include "mem.h"
#include "monitor.h"
#include "ops.h"

static void vmm_callout(struct cpu *r, word ir, addr e);
static void hybrid_classify(const struct tr_policy *p, const struct tc_key *key, struct tr_insn *in);

/* Virtual exec code (and user code the guest gave USERIO) under the hybrid
 * monitor: every sensitive instruction becomes a callout. */
static const struct tr_policy hybrid_policy = { "hybrid", 1, hybrid_classify, vmm_callout };

/* ---- the interpreters: one guest instruction on the virtual machine ---- */

/* Counts in vm->st.emulated the instructions it completed (none for an
 * endless chain that an event or the budget cut short), so emulated never
 * exceeds the VM's instruction count. */
void vm_emulate(struct vm *vm)
{
	struct cpu *v = vm->v;
	uint32_t user = v->flags & F_USER;
	uint64_t before = cpu_insns(v);
	int k = setjmp(v->abort_jb);
	if (k)
		cpu_aborted(v, (enum abort_kind)k);
	else
		interp_one(v);
	vm->st.emulated += cpu_insns(v) - before;
	vm_mode_event(vm, user);
}

void vm_mode_event_(struct vm *vm)
{
	ev_report(vm->v, EV_VMODE, vm->v->pc, 0, (vm->v->flags & F_USER) != 0);
}

int vmm_leaks(const struct cpu *r, word ir)
{
	const struct vmm *m = r->monitor;
	return m && m->mode == VMM_TRAP && m->cur && !(m->cur->v->flags & F_USER) &&
	       (isa_class(ir) & K_CRIT);
}

/*
 * JSR, JSP and PUSHJ in virtual exec code, rewritten inline: the instruction
 * itself, storing the flag word the virtual machine would store (the real
 * arithmetic flags with the virtual USER and USERIO).  Nothing else about them
 * is sensitive, so the monitor is not entered.  A fault leaves the real flags
 * as the trap path expects them (it takes only the arithmetic ones).
 */
static void callout_pcword(struct cpu *r, word ir, addr e)
{
	(void)e;                        /* worked out here, where the instruction runs */
	struct vm *vm = ((struct vmm *)r->monitor)->cur;
	vm->st.inlines++;
	if (unlikely(r->hook != NULL))
		ev_report(r, EV_INLINE, r->ipc, ir, 0);
	addr ea = cpu_ea(r, ir);
	r->flags = (r->flags & F_ARITH) | (vm->v->flags & (F_USER | F_USERIO));
	cpu_semantics(ir)(r, ir, ea);
	r->flags = (r->flags & F_ARITH) | F_USER;
}

/*
 * CONO, CONI, CONSZ, CONSO, DATAO, DATAI in virtual exec mode with a constant
 * E inside the VM, done on the virtual devices directly: only the flags, PC
 * and time move between the machines, and the real machine goes on.  (E names
 * the same word through either machine, unless it is an accumulator of a VM
 * not at real 0.)  Returns 0 where it does not apply: the full callout then.
 * `kind` says what E is; `cono_apr`, that the instruction is CONO APR, the
 * only one that changes what arm() reads.  Both are known when translated.
 */
enum io_e { E_IMM, E_MEM, E_AC };  /* E a value (CONO, CONSZ, CONSO), a word, an AC */

static inline int io_direct(struct cpu *r, word ir, addr e, enum io_e kind, int cono_apr)
{
	struct vm *vm = ((struct vmm *)r->monitor)->cur;
	struct cpu *v = vm->v;
	if ((v->flags & F_USER) || (kind == E_MEM && e >= vm->size) || (kind == E_AC && vm->base))
		return 0;
	vm->st.callouts++;
	vm->st.emulated++;              /* the monitor, not the real machine, runs it */
	if (unlikely(r->hook != NULL))
		ev_report(r, EV_CALLOUT, r->ipc, ir, 0);
	uint64_t event_at = v->event_at;
	/* Nothing can fault (E is in memory); v->ipc is for messages. */
	v->ipc = r->ipc;
	v->cycles = (uint64_t)((int64_t)r->cycles + vm->offset);   /* before it, as on r */
	v->pc = r->pc;
	v->flags = (r->flags & F_ARITH) | (v->flags & F_USERIO);   /* v->umode stays 0 */
	cpu_io(v, ir, e);
	r->pc = v->pc;
	r->flags = (v->flags & F_ARITH) | F_USER;                  /* r->umode stays 1 */
	if (cono_apr)
		vm_arm_overflow(r, v);
	/* A new event time is all that moves the deadline (the offset between
	 * the clocks stays). */
	if (v->event_at != event_at)
		vm_deadline(vm->m, vm);
	return 1;
}

/*
 * A callout from guest code on the real machine (r->ipc is the instruction,
 * r->cycles exact before it): emulate it on the virtual machine and go on
 * from there.  The engine counts the instruction afterwards, as usual.
 */
static void callout_emulate(struct cpu *r, word ir)
{
	struct vmm *m = r->monitor;
	struct vm *vm = m->cur;
	struct cpu *v = vm->v;
	vm->st.callouts++;
	if (unlikely(r->hook != NULL))
		ev_report(r, EV_CALLOUT, r->ipc, ir, 0);
	if (m->bt)
		m->bt->exit = 1;        /* anything may change: leave translated code after it */
	r->pc = r->ipc;
	vm_leave(m, vm);
	vm_emulate(vm);
	word apr;
	if (v->cycles >= v->event_at || !vm_compose(vm, &apr)) {
		/* The VM needs the dispatcher (an event, a stop, or a relocation the
		 * real machine cannot express): stop the real machine at once; the
		 * VM's state is already in v. */
		r->trap = (struct trap_rec){ .kind = TK_TIME };
		r->stop = STOP_TRAP;
		r->event_at = r->chain_at = r->cycles;
		m->resume_emulated = 1;
		return;
	}
	vm_to_real(m, vm, apr, 1);
}

/* Callouts for I/O instructions with a constant E, chosen when translated. */
#define IO_CALLOUT(name, kind, cono_apr)                        \
	static void name(struct cpu *r, word ir, addr e)        \
	{                                                       \
		if (!io_direct(r, ir, e, kind, cono_apr))       \
			callout_emulate(r, ir);                 \
	}
IO_CALLOUT(callout_io_imm, E_IMM, 0)
IO_CALLOUT(callout_io_mem, E_MEM, 0)
IO_CALLOUT(callout_io_ac, E_AC, 0)
IO_CALLOUT(callout_cono_apr, E_IMM, 1)

/* Which callout serves an I/O instruction (not BLKI or BLKO) with a constant E. */
static cpu_op_fn *io_callout(word ir)
{
	unsigned fn = IO_FN(ir);
	if (fn == IO_CONO || fn == IO_CONSZ || fn == IO_CONSO)
		return IO_DEV(ir) == 0 && fn == IO_CONO ? callout_cono_apr : callout_io_imm;
	return RH(ir) < 020 ? callout_io_ac : callout_io_mem;
}

/* Any other sensitive instruction. */
static void callout_any(struct cpu *r, word ir, addr e)
{
	(void)e;
	callout_emulate(r, ir);
}

/* The callout for a sensitive instruction: decided from the word alone, once
 * when translated (the hybrid policy) or at each call (the interpreter). */
static cpu_op_fn *choose_callout(word ir)
{
	unsigned op = I_OP(ir), fn = IO_FN(ir);
	if (op == 0264 || op == 0265 || op == 0260)
		return callout_pcword;
	if (op >= 0700 && !(ir & I_IX_MASK) && fn != IO_BLKI && fn != IO_BLKO)
		return io_callout(ir);
	return callout_any;
}

/* The callout the interpreter makes for every sensitive instruction. */
static void vmm_callout(struct cpu *r, word ir, addr e)
{
	(void)e;
	choose_callout(ir)(r, ir, RH(ir));
}

static void hybrid_classify(const struct tr_policy *p, const struct tc_key *key, struct tr_insn *in)
{
	tr_rewrite_sensitive(p, key, in);
	if (in->act != TR_CALLOUT)
		return;
	in->callout = choose_callout(in->ir);
	/* An I/O callout that cannot skip leaves the PC at the next word; the
	 * full emulation it may fall back on sets the exit flag. */
	unsigned fn = IO_FN(in->ir);
	in->goes_on = I_OP(in->ir) >= 0700 && in->callout != callout_any &&
		      fn != IO_CONSZ && fn != IO_CONSO;
}

/* The guest's code runs on the real machine as this mode requires. */
void vmm_set_policy(struct vmm *m, const struct cpu *v)
{
	/* Code under the guest's own VMX runs with the real VMX: all it may
	 * do that is sensitive traps (vm_real_mode). */
	int rewrite = m->mode == VMM_HYBRID && vexec(v) && !(v->flags & F_VMX);
	m->real->callout = rewrite ? vmm_callout : NULL;
	if (m->bt)
		m->bt->policy = rewrite ? &hybrid_policy : &tr_identity;
}
