/* allocator.c — the allocator: each VM's region of real memory, and the relocation that keeps it there.
 *
 * A VM is a region of real memory and a virtual KA10 (vm->v) whose memory is
 * that region.  Putting the VM on the real machine composes the guest's own
 * relocation with the region, so that the guest, in real user mode, reaches no
 * real word outside it; taking it off brings the state back.
 */
#include <stdlib.h>
#include <string.h>
#include "io.h"
#include "monitor.h"

/* ---- the allocator ---- */

/*
 * The DATAO APR word for the real machine: the guest's relocation and
 * protection composed with the VM's region (real RL = base + guest RL), never
 * reaching outside the region.  Addresses the guest may use but the real
 * registers cannot express (beyond the VM's memory) are left out: they fault on
 * the real machine and the monitor emulates them.  Returns 0 when not even the
 * first 1K of the guest's low segment lies in the VM.
 */
int vm_compose(const struct vm *vm, word *w)
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
void vm_deadline(struct vmm *m, struct vm *vm)
{
	struct cpu *r = m->real, *v = vm->v;
	uint64_t soft = m->turn_end < v->event_at ? m->turn_end : v->event_at;
	/* The virtual events a chain looks at are the ones the bare machine's
	 * chain looks at too; the turn's end and a pause stop only between
	 * instructions. */
	r->monitor_at = v->chain_at <= v->cycles ? r->cycles : (uint64_t)((int64_t)v->chain_at - vm->offset);
	r->monitor_soft_at = soft <= v->cycles ? r->cycles : (uint64_t)((int64_t)soft - vm->offset);
	cpu_schedule(r);
}

/* A chain on the real machine reached the VM's next virtual event: the
 * virtual machine's time catches up and its devices are serviced there, as
 * the bare machine's are in the same chain (see cpu_chain_event).  1 when
 * the guest's instruction must be abandoned for the dispatcher. */
int vm_chain_event(struct cpu *r)
{
	struct vmm *m = r->monitor;
	struct vm *vm = m->cur;
	struct cpu *v = vm->v;
	v->cycles = (uint64_t)((int64_t)r->cycles + vm->offset);
	cpu_set_flags(v, (r->flags & F_ARITH) | (v->flags & F_VMODE));
	if (cpu_chain_event(v))
		return 1;
	vm_deadline(m, vm);
	return 0;
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
void vm_arm_overflow(struct cpu *r, const struct cpu *v)
{
	if (set_overflow(r, v))
		pi_eval(r);
}

/* The real machine's mode flags for v's code: always USER; VMX where every
 * sensitive instruction must trap: the guest's own VMX (its guest's code, whose
 * assist exits are the guest's), and under VMM_ASSIST its exec code (and a
 * user job with USERIO, which would read USERIO = 0 through JSP). */
uint32_t vm_real_mode(const struct vmm *m, const struct cpu *v)
{
	int vmx = (v->flags & F_VMX) || (m->mode == VMM_ASSIST && vexec(v));
	return F_USER | (vmx ? F_VMX : 0);
}

/* Load the composed relocation into the real machine (only if it changed). */
static void relocate(struct cpu *r, word apr)
{
	if (apr != r->apr.datao || !r->apr.lo_lim)
		apr_io(r, IO_DATAO, apr);
}

/* Put v's state on the real machine: its ACs, PC, flags (in real user mode),
 * the composed relocation apr, the policy and the deadline.  `pending` is 1
 * when the engine has yet to count the instruction running now (a callout). */
void vm_to_real(struct vmm *m, struct vm *vm, word apr, int pending)
{
	struct cpu *r = m->real, *v = vm->v;
	if (vm->base)
		memcpy(r->mem, v->mem, 16 * sizeof(word));
	r->pc = v->pc;
	cpu_set_flags(r, (v->flags & F_ARITH) | vm_real_mode(m, v));
	relocate(r, apr);
	arm(r, v);
	vmm_set_policy(m, v);
	vm->offset = (int64_t)v->cycles - pending - (int64_t)r->cycles;
	vm->stalls0 = r->stalls;
	vm->uuos0 = r->n_uuo;
	vm_deadline(m, vm);
}

/* Put vm on the real machine.  0 if its relocation cannot be composed (the
 * caller emulates instead). */
int vm_enter(struct vmm *m, struct vm *vm)
{
	word apr;
	if (!vm_compose(vm, &apr))
		return 0;
	m->cur = vm;
	m->real->stop = STOP_NONE;
	vm_to_real(m, vm, apr, 0);
	return 1;
}

/* Take vm's state back from the real machine into its virtual machine. */
void vm_leave(struct vmm *m, struct vm *vm)
{
	struct cpu *r = m->real, *v = vm->v;
	if (vm->base)
		memcpy(v->mem, r->mem, 16 * sizeof(word));
	v->pc = r->pc;
	cpu_set_flags(v, (r->flags & F_ARITH) | (v->flags & F_VMODE));
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

/* ---- creation of a VM ---- */

/* A store by the monitor's interpreters into the VM's memory: the real words
 * translated code came from are real, so pass it on with the real address. */
static void vm_smc(struct cpu *v, addr vpa)
{
	struct vm *vm = v->engine;
	struct cpu *r = vm->m->real;
	r->smc_hook(r, vm->base + vpa);
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
	if (vm->v->assist)
		m->real->assist = 1;    /* its guest's guests run with the real VMX set */
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
