/* monitor.h — what the monitor's own files share: the allocator's, interpreters' and dispatcher's calls. */
#ifndef TENVM_MONITOR_H
#define TENVM_MONITOR_H

#include "mem.h"
#include "tr.h"
#include "vmm.h"

/* The flags a guest's instructions set and test; USER and USERIO are the
 * monitor's to keep. */
#define F_ARITH (F_AROV | F_CRY0 | F_CRY1 | F_FOV | F_FPD | F_FXU | F_DCK)

/* The flags that say the virtual machine's mode, the monitor's to keep. */
#define F_VMODE (F_USER | F_USERIO | F_VMX)

/* Whether the guest's code is translated like exec code: virtual exec mode, or
 * a user job with USERIO (which would read USERIO = 0 through JSP). */
static inline int vexec(const struct cpu *v)
{
	return !(v->flags & F_USER) || (v->flags & F_USERIO);
}

/* allocator.c: the VM's region and relocation; moving a VM on and off the real machine. */
int  vm_compose(const struct vm *vm, word *w);
void vm_deadline(struct vmm *m, struct vm *vm);
int  vm_chain_event(struct cpu *r);
void vm_arm_overflow(struct cpu *r, const struct cpu *v);
void vm_to_real(struct vmm *m, struct vm *vm, word apr, int pending);
int  vm_enter(struct vmm *m, struct vm *vm);
uint32_t vm_real_mode(const struct vmm *m, const struct cpu *v);
void vm_leave(struct vmm *m, struct vm *vm);

/* callouts.c: the interpreters, and the policy for the guest's code. */
void vm_emulate(struct vm *vm);
/* Report EV_VMODE if the virtual USER flag is no longer `user_before`. */
void vm_mode_event_(struct vm *vm);
static inline void vm_mode_event(struct vm *vm, uint32_t user_before)
{
	if (unlikely(vm->v->hook != NULL) && (vm->v->flags & F_USER) != user_before)
		vm_mode_event_(vm);
}
void vmm_set_policy(struct vmm *m, const struct cpu *v);

#endif
