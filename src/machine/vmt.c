/* vmt.c — device 010, the VM assist's timer (--cpu ka10-vmx only): a count of cycles run in user mode. */
#include "io.h"
#include "mem.h"
#include "ops.h"

/*
 * The timer (like VT-x's VMX-preemption timer, which counts while a guest
 * runs: here, in user mode, VMX or not) holds a count, 0 for off.  While USER
 * is set it goes down by one for every cycle (the APR clock's unit: an
 * instruction, or a chain level past EA_FREE_LEVELS), counted from the end of
 * the instruction that set USER to the start of the one that clears it: the
 * instruction that enters user mode and the one that leaves (its exit, trap or
 * interrupt instruction) are not counted; exec mode never is.  When it reaches
 * zero, at that instruction boundary, the processor takes a "timer exit" (after
 * any interrupt due there: if that interrupt leaves user mode the timer just
 * reads 0, off, and there is no exit): JFCL 0 (VMT_EXIT_WORD) is stored at
 * exec 40 and the word at exec 41 runs as for an assist exit, its PC word
 * pointing at the instruction not yet run; the exit is a cycle, and the timer
 * is then off.  A count that runs out inside an instruction's indirect or XCT
 * chain abandons the instruction there, as an interrupt does, and it runs
 * again after the exit (so a guest VMM that counts its guest's time with the
 * timer sees the cycles the bare machine's clock would).  In user mode the
 * count lives as a deadline (vmt_at, a cycle), which joins the engines'
 * events and the chains' (cpu_schedule, cpu_chain_event).
 */

void vmt_switch(struct cpu *c, int on)
{
	if (on) {
		/* Set inside an instruction (counted after it): its end is cycles + 1. */
		c->vmt_at = c->vmt_left ? c->cycles + 1 + c->vmt_left : UINT64_MAX;
		if (c->vmt_at < c->event_at)
			c->event_at = c->vmt_at;
		if (c->vmt_at < c->chain_at)
			c->chain_at = c->vmt_at;     /* a chain running out cuts it */
	} else if (c->vmt_at != UINT64_MAX) {
		c->vmt_left = c->vmt_at > c->cycles ? c->vmt_at - c->cycles : 0;
		c->vmt_at = UINT64_MAX;
	}
}

word vmt_io(struct cpu *c, unsigned fn, word data)
{
	int user = (c->flags & F_USER) != 0;    /* only with USERIO */
	switch (fn) {
	case IO_DATAO:
		c->vmt_left = data & W_MASK;
		if (user) {
			c->vmt_at = UINT64_MAX;
			vmt_switch(c, 1);
		}
		return 0;
	case IO_DATAI:
		if (!user)
			return c->vmt_left;
		/* Counting: what is left after this instruction. */
		return c->vmt_at != UINT64_MAX && c->vmt_at > c->cycles + 1 ? c->vmt_at - c->cycles - 1 : 0;
	default:
		return 0;
	}
}

void vmt_expire(struct cpu *c)
{
	c->vmt_at = UINT64_MAX;
	c->vmt_left = 0;
	if (c->monitor) {
		/* A monitor's real machine: no guest reaches its timer. */
		return;
	}
	c->ipc = c->pc;
	ev_report(c, EV_TRAP, c->ipc, VMT_EXIT_WORD, TK_VMX);   /* an assist exit, with JFCL 0 */
	c->n_vmx++;
	mem_phys_write(c, 040, VMT_EXIT_WORD);
	c->trapping = TRAP_UUO;
	c->umode = 0;
	c->redo = 1;
	c->redo_ir = c->mem[041];
	cpu_redo(c);
	c->cycles++;
}
