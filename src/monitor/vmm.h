/* vmm.h — the virtual machine monitor: guests on one real KA10, trap-only or hybrid. */
#ifndef TENVM_VMM_H
#define TENVM_VMM_H

#include "cpu.h"

#define VMM_MAX_VMS 8

enum vmm_mode {
	VMM_TRAP,     /* Theorem 1's monitor: privileged instructions trap; critical ones leak */
	VMM_HYBRID,   /* Theorem 3's: virtual-exec code translated, critical instructions emulated */
	VMM_ASSIST,   /* Theorem 1's monitor on the real machine with the VM assist: virtual-exec
		       * code runs with VMX set, so every sensitive instruction traps */
};

/* "trap", "hybrid", "assist". */
static inline const char *vmm_mode_name(enum vmm_mode mode)
{
	return mode == VMM_TRAP ? "trap" : mode == VMM_ASSIST ? "assist" : "hybrid";
}

/* VMM entries, by kind, and what the guest did meanwhile. */
struct vm_stats {
	uint64_t traps;      /* trap round trips: the real machine stopped for the monitor */
	uint64_t vmx_traps;  /* the same for assist exits (the real machine's VMX was set) */
	uint64_t callouts;   /* calls from translated or interpreted guest code */
	uint64_t inlines;    /* rewrites done inline (JSR, JSP, PUSHJ), without entering the monitor */
	uint64_t events;     /* stops for virtual time: clock ticks, TTY, interrupts, slices */
	uint64_t emulated;   /* guest instructions the monitor executed on the virtual machine */
};

/*
 * A virtual machine.  v is the KA10 the guest believes in: its flags (USER,
 * USERIO and the rest), APR (relocation, protection, flags, clock), PI and
 * TTY, its time, and its memory, which is the VM's region of real memory
 * (v->mem points there).  The guest's instructions run on the real machine in
 * real user mode; the monitor emulates the rest on v with the same semantics.
 */
struct vmm;
struct vm {
	struct vmm     *m;
	int             id;
	struct cpu     *v;
	addr            base, size;   /* the region of real memory, 1K-aligned */
	int64_t         offset;       /* v->cycles - real cycles while it runs */
	uint64_t        stalls0, uuos0;
	enum stop       stop;         /* STOP_NONE while it can run */
	struct vm_stats st;
};

struct bt;
struct vmm {
	struct cpu   *real;
	struct bt    *bt;             /* the bt engine, or NULL for interp */
	enum vmm_mode mode;
	struct vm    *vm[VMM_MAX_VMS];
	int           nvm;
	addr          next_base;      /* the allocator: the first free real word */
	uint64_t      slice;          /* guest instructions per round-robin turn */
	struct vm    *cur;            /* the VM on the real machine now */
	uint64_t      turn_end;       /* the virtual cycle at which cur's turn ends */
	int           resume_emulated;/* a callout left cur's state in its virtual machine */
	word          acs0[16];       /* the ACs of a VM at real address 0 while others run */
	int           acs0_saved;
};

/* A monitor on real machine `real` (which it takes over), running guests on
 * the bt engine (cache_bytes of code cache) or, if !use_bt, the interpreter.
 * VMM_ASSIST gives the real machine the VM assist.  NULL if out of memory. */
struct vmm *vmm_new(struct cpu *real, enum vmm_mode mode, int use_bt, size_t cache_bytes);
void vmm_free(struct vmm *m);

/* A new VM of cfg->mem_kwords K words (cfg gives its budget, clock, TTY and
 * processor), in the next free region of real memory.  NULL if it does not
 * fit.  A VM with the assist (CPU_KA10_VMX) gives the real machine the assist
 * too: its guest's guests run with the real VMX flag set. */
struct vm *vmm_add(struct vmm *m, const struct cpu_config *cfg);

/* Run every VM, round-robin, until each has stopped (halt or budget).
 * Guarantees: no VM's guest touches real memory outside its region. */
void vmm_run(struct vmm *m);

/* Whether instruction ir, about to run on real machine r, is a critical one
 * the trap monitor lets leak: it runs in real user mode for the guest's
 * virtual exec mode (isa.def K_CRIT), so it sees or sets the wrong mode. */
int vmm_leaks(const struct cpu *r, word ir);

/* Guest instructions a VM has executed. */
static inline uint64_t vm_insns(const struct vm *vm) { return cpu_insns(vm->v); }

#endif
