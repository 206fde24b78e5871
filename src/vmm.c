/* vmm.c — the monitor: dispatcher, allocator and interpreters for VMs on one real KA10.
 *
 * A guest always runs on the real machine in real user mode, relocated into
 * its VM's region.  Everything the real machine cannot do for it lands here:
 * traps (privileged instructions, MUUOs, faults) stop the real machine with a
 * trap record; the hybrid monitor's callouts (sensitive instructions in
 * virtual exec mode) call in from the engine; and the real machine stops when
 * the VM's next virtual event is due.  The monitor's interpreters are the
 * machine's own semantics run on the VM's virtual KA10 (vm->v), so an emulated
 * instruction does exactly what it does on the bare machine.
 */
#include <stdlib.h>
#include <string.h>
#include "io.h"
#include "isa.h"
#include "mem.h"
#include "ops.h"
#include "tr.h"
#include "vmm.h"

/* The flags a guest's instructions set and test; USER and USERIO are the
 * monitor's to keep. */
#define F_ARITH (F_AROV | F_CRY0 | F_CRY1 | F_FOV | F_FPD | F_FXU | F_DCK)

static void vmm_callout(struct cpu *r, word ir, addr e);
static void hybrid_classify(const struct tr_policy *p, const struct tc_key *key, struct tr_insn *in);

/* Virtual exec code (and user code the guest gave USERIO) under the hybrid
 * monitor: every sensitive instruction becomes a callout. */
static const struct tr_policy hybrid_policy = { "hybrid", 1, hybrid_classify, vmm_callout };

/* Whether the guest's code is translated like exec code: virtual exec mode, or
 * a user job with USERIO (which would read USERIO = 0 through JSP). */
static int vexec(const struct cpu *v)
{
	return !(v->flags & F_USER) || (v->flags & F_USERIO);
}

/* ---- the allocator ---- */

/*
 * The DATAO APR word for the real machine: the guest's relocation and
 * protection composed with the VM's region (real RL = base + guest RL), never
 * reaching outside the region.  Addresses the guest may use but the real
 * registers cannot express (beyond the VM's memory) are left out: they fault on
 * the real machine and the monitor emulates them.  Returns 0 when not even the
 * first 1K of the guest's low segment lies in the VM.
 */
static int compose(const struct vm *vm, word *w)
{
	const struct cpu *v = vm->v;
	addr lim, rel, hlim = 0, hrel = 0;
	int wp = 0;
	if (!(v->flags & F_USER)) {            /* virtual exec: unrelocated */
		lim = vm->size - 1;
		rel = 0;
	} else {
		const struct apr *g = &v->apr;
		if (g->lo_rel >= vm->size)
			return 0;
		rel = g->lo_rel;
		lim = g->lo_lim;
		int capped = 0;
		if (lim > vm->size - rel - 1)
			lim = vm->size - rel - 1, capped = 1;
		if (g->hi_lim >= RH_SIGN && !(capped && g->lo_lim >= RH_SIGN) &&
		    g->hi_rel + RH_SIGN < vm->size) {
			hrel = g->hi_rel;
			hlim = g->hi_lim;
			if (hlim + hrel > vm->size - 1)
				hlim = vm->size - 1 - hrel;
			wp = g->hi_wp;
			if (hlim < RH_SIGN + 01777)
				hlim = 0;
		}
	}
	rel += vm->base;
	*w = (word)(lim >> 10) << 28 | (word)(hlim ? hlim >> 10 : 0) << 19 | (word)wp << 18 |
	     (word)(rel >> 10) << 10 | (word)(hlim ? (hrel + vm->base) >> 10 : 0) << 1;
	return 1;
}

/* ---- moving a VM on and off the real machine ---- */

/* When the real machine must stop for vm: its next virtual event, or the end
 * of its turn. */
static void deadline(struct vmm *m, struct vm *vm)
{
	struct cpu *r = m->real, *v = vm->v;
	uint64_t turn_end = m->turn_end;
	/* The virtual event is one the bare machine has too (it may stop a
	 * chain); the turn's end is the monitor's own (it may not). */
	r->monitor_at = v->event_at <= v->cycles ? r->cycles : (uint64_t)((int64_t)v->event_at - vm->offset);
	r->monitor_soft_at = turn_end <= v->cycles ? r->cycles : (uint64_t)((int64_t)turn_end - vm->offset);
	cpu_schedule(r);
}

/* Give the real APR the overflow enables v needs: on for AROV (FOV) while
 * the guest enabled its interrupt and the flag is still clear, so the real
 * machine stops when the guest's instruction sets it.  Whether they changed. */
static int set_overflow(struct cpu *r, const struct cpu *v)
{
	int ov = v->apr.ov_en && !(v->flags & F_AROV), fov = v->apr.fov_en && !(v->flags & F_FOV);
	int changed = r->apr.ov_en != ov || r->apr.fov_en != fov;
	r->apr.ov_en = ov;
	r->apr.fov_en = fov;
	return changed;
}

/* The real machine's devices watch for what the guest's own instructions may
 * raise that the virtual machine must see at once: overflow with its interrupt
 * enabled, and push-down overflow.  Any such request stops the real machine. */
static void arm(struct cpu *r, const struct cpu *v)
{
	int changed = set_overflow(r, v);
	if (!changed && !r->apr.pdlov && r->apr.pia == 1 && r->pi.on && r->pi.enabled == 1u << 1 &&
	    !r->pi.hold && !r->pi.prog_req)
		return;                 /* armed as it should be, and nothing requested */
	r->apr.pdlov = 0;
	r->apr.pia = 1;
	r->pi.on = 1;
	r->pi.enabled = 1u << 1;
	r->pi.hold = r->pi.prog_req = 0;
	pi_eval(r);
}

/* arm() where only the virtual overflow enables and flags may have changed
 * (nothing was requested on the real machine since it was armed). */
static void arm_overflow(struct cpu *r, const struct cpu *v)
{
	if (set_overflow(r, v))
		pi_eval(r);
}

/* Load the composed relocation into the real machine (only if it changed). */
static void relocate(struct cpu *r, word apr)
{
	if (apr != r->apr.datao || !r->apr.lo_lim)
		apr_io(r, IO_DATAO, apr);
}

/* The guest's code runs on the real machine as this mode requires. */
static void set_policy(struct vmm *m, const struct cpu *v)
{
	int rewrite = m->mode == VMM_HYBRID && vexec(v);
	m->real->callout = rewrite ? vmm_callout : NULL;
	if (m->bt)
		m->bt->policy = rewrite ? &hybrid_policy : &tr_identity;
}

/* Put v's state on the real machine: its ACs, PC, flags (in real user mode),
 * the composed relocation apr, the policy and the deadline.  `pending` is 1
 * when the engine has yet to count the instruction running now (a callout). */
static void to_real(struct vmm *m, struct vm *vm, word apr, int pending)
{
	struct cpu *r = m->real, *v = vm->v;
	if (vm->base)
		memcpy(r->mem, v->mem, 16 * sizeof(word));
	r->pc = v->pc;
	cpu_set_flags(r, (v->flags & F_ARITH) | F_USER);
	relocate(r, apr);
	arm(r, v);
	set_policy(m, v);
	vm->offset = (int64_t)v->cycles - pending - (int64_t)r->cycles;
	vm->stalls0 = r->stalls;
	vm->uuos0 = r->n_uuo;
	deadline(m, vm);
}

/* Put vm on the real machine.  0 if its relocation cannot be composed (the
 * caller emulates instead). */
static int vm_enter(struct vmm *m, struct vm *vm)
{
	word apr;
	if (!compose(vm, &apr))
		return 0;
	m->cur = vm;
	m->real->stop = STOP_NONE;
	to_real(m, vm, apr, 0);
	return 1;
}

/* Take vm's state back from the real machine into its virtual machine. */
static void vm_leave(struct vmm *m, struct vm *vm)
{
	struct cpu *r = m->real, *v = vm->v;
	if (vm->base)
		memcpy(v->mem, r->mem, 16 * sizeof(word));
	v->pc = r->pc;
	cpu_set_flags(v, (r->flags & F_ARITH) | (v->flags & (F_USER | F_USERIO)));
	v->cycles = (uint64_t)((int64_t)r->cycles + vm->offset);
	v->stalls += r->stalls - vm->stalls0;
	vm->stalls0 = r->stalls;
	v->n_uuo += r->n_uuo - vm->uuos0;     /* LUUOs run on the real machine */
	vm->uuos0 = r->n_uuo;
	if (r->apr.pdlov)
		v->apr.pdlov = 1;
	pi_eval(v);                 /* AROV, FOV or PDL overflow may now request */
	cpu_schedule(v);
}

/* ---- the interpreters: one guest instruction on the virtual machine ---- */

static void emulate(struct vm *vm)
{
	struct cpu *v = vm->v;
	vm->st.emulated++;
	int k = setjmp(v->abort_jb);
	if (k) {
		cpu_aborted(v, (enum abort_kind)k);
		return;
	}
	interp_one(v);
}

/* Virtual events due now: clock ticks, TTY, interrupts (whose instructions run
 * on the virtual machine), the budget.  Sets vm->stop when the VM stops. */
static void virtual_events(struct vm *vm)
{
	struct cpu *v = vm->v;
	int k = setjmp(v->abort_jb);
	if (k)
		cpu_aborted(v, (enum abort_kind)k);
	enum stop s = cpu_events(v);
	if (s)
		vm->stop = s;
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
	uint64_t event_at = v->event_at;
	/* v->ipc is not needed: E is in memory, so nothing can fault. */
	v->cycles = (uint64_t)((int64_t)r->cycles + vm->offset);   /* before it, as on r */
	v->pc = r->pc;
	v->flags = (r->flags & F_ARITH) | (v->flags & F_USERIO);   /* v->umode stays 0 */
	cpu_io(v, ir, e);
	r->pc = v->pc;
	r->flags = (v->flags & F_ARITH) | F_USER;                  /* r->umode stays 1 */
	if (cono_apr)
		arm_overflow(r, v);
	/* A new event time is all that moves the deadline (the offset between
	 * the clocks stays). */
	if (v->event_at != event_at)
		deadline(vm->m, vm);
	return 1;
}

/*
 * A callout from guest code on the real machine (r->ipc is the instruction,
 * r->cycles exact before it): emulate it on the virtual machine and go on
 * from there.  The engine counts the instruction afterwards, as usual.
 */
static void callout_emulate(struct cpu *r)
{
	struct vmm *m = r->monitor;
	struct vm *vm = m->cur;
	struct cpu *v = vm->v;
	vm->st.callouts++;
	if (m->bt)
		m->bt->exit = 1;        /* anything may change: leave translated code after it */
	r->pc = r->ipc;
	vm_leave(m, vm);
	emulate(vm);
	word apr;
	if (v->cycles >= v->event_at || !compose(vm, &apr)) {
		/* The VM needs the dispatcher (an event, a stop, or a relocation the
		 * real machine cannot express): stop the real machine at once; the
		 * VM's state is already in v. */
		r->trap = (struct trap_rec){ .kind = TK_TIME };
		r->stop = STOP_TRAP;
		r->event_at = r->chain_at = r->cycles;
		m->resume_emulated = 1;
		return;
	}
	to_real(m, vm, apr, 1);
}

/* Callouts for I/O instructions with a constant E, chosen when translated. */
#define IO_CALLOUT(name, kind, cono_apr)                        \
	static void name(struct cpu *r, word ir, addr e)        \
	{                                                       \
		if (!io_direct(r, ir, e, kind, cono_apr))       \
			callout_emulate(r);                     \
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
	(void)ir, (void)e;
	callout_emulate(r);
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

/* ---- the dispatcher ---- */

/* Run vm until it stops or its turn of m->slice instructions ends. */
static void vm_turn_run(struct vmm *m, struct vm *vm);

/* A VM at real address 0 has its ACs in the real ACs, which the other VMs use
 * in their turns: keep them aside meanwhile. */
static void vm_turn(struct vmm *m, struct vm *vm)
{
	word *acs = m->real->mem;
	if (vm->base == 0 && m->acs0_saved)
		memcpy(acs, m->acs0, sizeof m->acs0);
	vm_turn_run(m, vm);
	if (vm->base == 0) {
		memcpy(m->acs0, acs, sizeof m->acs0);
		m->acs0_saved = 1;
	}
}

static void vm_turn_run(struct vmm *m, struct vm *vm)
{
	struct cpu *r = m->real, *v = vm->v;
	uint64_t turn_end = v->cycles + m->slice;
	m->turn_end = turn_end;
	while (!vm->stop) {
		if (v->cycles >= v->event_at) {
			virtual_events(vm);
			continue;
		}
		if (v->cycles >= turn_end)
			return;
		if (!vm_enter(m, vm)) {
			emulate(vm);           /* relocated beyond its memory: every word faults */
			continue;
		}
		m->resume_emulated = 0;
		enum stop s = m->bt ? bt_run(r, m->bt) : interp_run(r);
		if (s != STOP_TRAP)
			cpu_panic(r, "the real machine stopped (%d) under the monitor", (int)s);
		r->stop = STOP_NONE;
		if (m->resume_emulated) {
			/* A callout already moved the VM's state and emulated it. */
			m->cur = NULL;
			continue;
		}
		vm_leave(m, vm);
		m->cur = NULL;
		switch (r->trap.kind) {
		case TK_UUO:
		case TK_FAULT: {
			vm->st.traps++;
			addr pa;
			int map = r->trap.kind == TK_FAULT ?
				  mem_map(v, v->umode, r->trap.addr, r->trap.write, &pa) : 1;
			if (map != 1) {
				/* A fault for the guest too: deliver it as the hardware
				 * does.  Re-executing could repeat what the instruction
				 * did before it faulted (a BLT's words). */
				v->cycles--;            /* cpu_aborted counts it */
				v->ipc = r->trap.ipc;
				v->fetch_fault = r->trap.fetch;
				v->pc_inhibit = r->trap.inhibit;
				cpu_aborted(v, map == 0 ? ABORT_PROT : ABORT_NXM);
				break;
			}
			/* The real machine counted the instruction, its chain cycles
			 * and any LUUOs it ran; emulating it counts them again, so
			 * take them back. */
			uint64_t insn = cpu_insns(r) - 1;
			uint64_t s = r->stall_mark == insn ? r->stall_n : 0;
			uint64_t u = r->uuo_mark == insn ? r->uuo_n : 0;
			v->cycles -= 1 + s;
			v->stalls -= s;
			v->n_uuo -= u;
			v->pc = r->trap.ipc;
			emulate(vm);
			break;
		}
		default:
			vm->st.events++;
			break;
		}
	}
}

void vmm_run(struct vmm *m)
{
	for (;;) {
		int running = 0;
		for (int i = 0; i < m->nvm; i++)
			if (!m->vm[i]->stop) {
				running = 1;
				vm_turn(m, m->vm[i]);
			}
		if (!running)
			break;
	}
	if (m->acs0_saved)         /* the VM at 0 sees its own ACs at the end */
		memcpy(m->real->mem, m->acs0, sizeof m->acs0);
}

/* ---- creation ---- */

/* A store by the monitor's interpreters into the VM's memory: the real words
 * translated code came from are real, so pass it on with the real address. */
static void vm_smc(struct cpu *v, addr vpa)
{
	struct vm *vm = v->engine;
	struct cpu *r = vm->m->real;
	r->smc_hook(r, vm->base + vpa);
}

struct vmm *vmm_new(struct cpu *real, enum vmm_mode mode, int use_bt, size_t cache_bytes)
{
	struct vmm *m = calloc(1, sizeof *m);
	if (!m)
		return NULL;
	m->real = real;
	m->mode = mode;
	m->slice = 20000;
	real->monitor = m;
	real->max_cycles = UINT64_MAX;
	/* The real machine keeps no time of its own: an event there would restart
	 * a long indirect chain that the guest's machine does not restart. */
	real->clock_next = UINT64_MAX;
	if (use_bt && !(m->bt = bt_new(real, cache_bytes, &tr_identity))) {
		free(m);
		return NULL;
	}
	return m;
}

void vmm_free(struct vmm *m)
{
	if (!m)
		return;
	for (int i = 0; i < m->nvm; i++) {
		cpu_free(m->vm[i]->v);
		free(m->vm[i]);
	}
	bt_free(m->real, m->bt);
	m->real->monitor = NULL;
	m->real->callout = NULL;
	free(m);
}

struct vm *vmm_add(struct vmm *m, const struct cpu_config *cfg)
{
	unsigned k = cfg->mem_kwords ? cfg->mem_kwords : 256;
	addr size = k << 10;
	if (m->nvm == VMM_MAX_VMS || k > 256 || size > m->real->memsize - m->next_base)
		return NULL;
	struct vm *vm = calloc(1, sizeof *vm);
	if (!vm)
		return NULL;
	vm->base = m->next_base;
	vm->size = size;
	vm->v = cpu_new_on(cfg, &m->real->mem[vm->base]);
	if (!vm->v) {
		free(vm);
		return NULL;
	}
	memset(vm->v->mem, 0, size * sizeof(word));
	vm->m = m;
	vm->id = m->nvm;
	vm->v->engine = vm;
	vm->v->codemap = m->real->codemap + vm->base;
	vm->v->smc_hook = vm_smc;
	m->next_base += size;
	m->vm[m->nvm++] = vm;
	return vm;
}
