/* dispatcher.c — the monitor's dispatcher: VMs take turns on one real KA10, and every trap lands here.
 *
 * A guest always runs on the real machine in real user mode, relocated into
 * its VM's region (allocator.c).  Everything the real machine cannot do for it
 * lands here: traps (privileged instructions, MUUOs, faults) stop the real
 * machine with a trap record, which the dispatcher hands to the interpreters
 * (callouts.c); the hybrid monitor's callouts call in from the engine; and the
 * real machine stops when the VM's next virtual event is due.
 */
#include <stdlib.h>
#include <string.h>
#include "io.h"
#include "mem.h"
#include "monitor.h"

/* ---- the dispatcher ---- */

/* Virtual events due now: clock ticks, TTY, interrupts (whose instructions run
 * on the virtual machine), the budget.  Sets vm->stop when the VM stops. */
static void virtual_events(struct vm *vm)
{
	struct cpu *v = vm->v;
	uint32_t user = v->flags & F_USER;
	int k = setjmp(v->abort_jb);
	if (k)
		cpu_aborted(v, (enum abort_kind)k);
	enum stop s = cpu_events(v);
	if (s)
		vm->stop = s;
	vm_mode_event(vm, user);
}

/* Whether a watcher asked the run to stop (trace.h). */
static inline int vmm_brk(const struct vmm *m)
{
	return unlikely(m->real->hook != NULL) && m->real->hook->brk;
}

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
	if (unlikely(r->hook != NULL))
		ev_report(v, EV_TURN, v->pc, 0, (unsigned)vm->id);
	while (!vm->stop && !vmm_brk(m)) {
		if (v->cycles >= v->event_at) {
			virtual_events(vm);
			continue;
		}
		if (v->cycles >= turn_end)
			return;
		if (!vm_enter(m, vm)) {
			vm_emulate(vm);           /* relocated beyond its memory: every word faults */
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
		case TK_VMX:
		case TK_FAULT: {
			if (r->trap.kind == TK_VMX)
				vm->st.vmx_traps++;     /* emulated on v, which may exit to the guest */
			else
				vm->st.traps++;
			if (unlikely(r->hook != NULL))
				ev_report(v, EV_TRAP, r->trap.ipc, r->trap.ir, r->trap.kind);
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
			vm_emulate(vm);
			break;
		}
		default:
			if (!vmm_brk(m))
				vm->st.events++;
			break;
		}
	}
}

void vmm_run(struct vmm *m)
{
	for (;;) {
		int running = 0;
		for (int i = 0; i < m->nvm && !vmm_brk(m); i++)
			if (!m->vm[i]->stop) {
				running = 1;
				vm_turn(m, m->vm[i]);
			}
		if (!running || vmm_brk(m))
			break;
	}
	if (m->acs0_saved)         /* the VM at 0 sees its own ACs at the end */
		memcpy(m->real->mem, m->acs0, sizeof m->acs0);
}

/* ---- creation ---- */

struct vmm *vmm_new(struct cpu *real, enum vmm_mode mode, int use_bt, size_t cache_bytes)
{
	struct vmm *m = calloc(1, sizeof *m);
	if (!m)
		return NULL;
	m->real = real;
	m->mode = mode;
	m->slice = 20000;
	real->monitor = m;
	real->monitor_chain = vm_chain_event;
	real->max_cycles = UINT64_MAX;
	if (mode == VMM_ASSIST)
		real->assist = 1;
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
	m->real->monitor_chain = NULL;
	m->real->callout = NULL;
	free(m);
}
