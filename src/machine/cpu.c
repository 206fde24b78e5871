/* cpu.c — the machine's life: creation, reset, events between instructions, and faults. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "ops.h"

struct cpu *cpu_new_on(const struct cpu_config *cfg, word *mem)
{
	struct cpu *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	unsigned k = cfg->mem_kwords ? cfg->mem_kwords : 256;
	if (k > 256)
		k = 256;
	c->memsize = k << 10;
	c->owns_mem = mem == NULL;
	c->mem = mem ? mem : calloc(c->memsize, sizeof *c->mem);
	if (!c->mem) {
		free(c);
		return NULL;
	}
	c->codemap = cpu_no_code;
	c->vmt_at = UINT64_MAX;
	c->max_cycles = cfg->max_insns ? cfg->max_insns : UINT64_MAX;
	c->pause_at = UINT64_MAX;
	c->clock_period = cfg->clock_period ? cfg->clock_period : CLOCK_DEFAULT;
	c->switches = cfg->switches & W_MASK;
	c->assist = cfg->model == CPU_KA10_VMX;
	c->tty.in_fd = cfg->tty_in_fd;
	c->tty.in_isatty = cfg->tty_in_fd >= 0 && isatty(cfg->tty_in_fd);
	c->tty.out = cfg->tty_out;
	cpu_reset(c);
	return c;
}

struct cpu *cpu_new(const struct cpu_config *cfg) { return cpu_new_on(cfg, NULL); }

void cpu_free(struct cpu *c)
{
	if (!c)
		return;
	if (c->owns_mem)
		free(c->mem);
	free(c);
}

void io_reset(struct cpu *c)
{
	memset(&c->pi, 0, sizeof c->pi);
	struct apr *a = &c->apr;
	a->pia = 0;
	a->clk_en = a->clk_flag = a->nxm = a->prot = a->pdlov = a->ov_en = a->fov_en = 0;
	struct tty *t = &c->tty;
	t->pia = 0;
	t->out_busy = t->out_done = t->in_busy = t->in_done = 0;
	c->vmt_left = 0;              /* the assist's timer: off */
	c->vmt_at = UINT64_MAX;
}

void cpu_reset(struct cpu *c)
{
	io_reset(c);
	memset(&c->apr, 0, sizeof c->apr);
	/* Protection and relocation registers of zero, as DATAO APR of 0 loads
	 * them: PL = 0 lets user addresses 0-1777 through (a KA10 cannot limit a
	 * user to less, and a monitor could not express it on the real machine). */
	c->apr.lo_lim = c->apr.hi_lim = 01777;
	cpu_set_flags(c, 0);
	c->trapping = TRAP_NONE;
	c->redo = c->pc_inhibit = c->fetch_fault = 0;
	c->stop = STOP_NONE;
	c->clock_next = c->cycles + c->clock_period;
	cpu_schedule(c);
}

void cpu_schedule(struct cpu *c)
{
	uint64_t at = c->max_cycles;
	if (c->clock_next < at)
		at = c->clock_next;
	uint64_t t = tty_next(c);
	if (t < at)
		at = t;
	if (c->monitor && c->monitor_at < at)
		at = c->monitor_at;
	if (c->pi.pending || c->stop)
		at = c->cycles;
	if (c->vmt_at < at)
		at = c->vmt_at;
	c->chain_at = at;
	if (c->pause_at < at)
		at = c->pause_at;
	if (c->monitor && c->monitor_soft_at < at)
		at = c->monitor_soft_at;
	if (unlikely(c->hook != NULL) && (c->hook->step || c->hook->brk) && c == c->hook->primary)
		at = c->cycles;         /* every instruction an event: engines run one at a time */
	c->event_at = at;
}

/* The devices' time: a clock tick and the TTY's transfers and polls due now. */
static void devices_due(struct cpu *c)
{
	if (c->cycles >= c->clock_next) {
		c->apr.clk_flag = 1;
		c->clock_next += c->clock_period;
		if (c->clock_next <= c->cycles)   /* chains can jump time past several ticks */
			c->clock_next = c->cycles + c->clock_period;
		pi_eval(c);
	}
	tty_service(c);
}

int cpu_chain_event(struct cpu *c)
{
	if (c->stop || c->pi.pending || c->cycles >= c->max_cycles || c->cycles >= c->vmt_at)
		return 1;
	if (c->monitor)
		return c->monitor_chain ? c->monitor_chain(c) : 1;
	devices_due(c);
	cpu_schedule(c);
	return c->pi.pending || c->stop;
}

enum stop cpu_events(struct cpu *c)
{
	/* Interrupt instructions take cycles, so another event (a clock tick, the
	 * TTY, the budget) may fall due while they run: everything due is
	 * processed before the program runs another instruction. */
	for (;;) {
		if (unlikely(c->hook != NULL) && c->hook->brk && c == c->hook->primary) {
			cpu_schedule(c);
			if (!c->monitor)
				return STOP_EXIT;
			c->trap = (struct trap_rec){ .kind = TK_TIME };
			return STOP_TRAP;
		}
		if (c->stop)
			return c->stop;
		if (c->cycles >= c->max_cycles || c->cycles >= c->pause_at)
			return STOP_BUDGET;
		if (c->monitor && (c->cycles >= c->monitor_at || c->cycles >= c->monitor_soft_at ||
				   c->pi.pending)) {
			c->pi.pending = 0;      /* the monitor's devices only ask it to look */
			c->trap = (struct trap_rec){ .kind = TK_TIME };
			return STOP_TRAP;
		}
		devices_due(c);
		/* A request still pending after an interrupt instruction that dismissed
		 * (BLKx, DATAx) is taken again before the program runs another instruction. */
		uint64_t before = c->cycles;
		while (c->pi.pending && !c->stop && c->cycles < c->max_cycles) {
			c->ipc = c->pc;
			if (unlikely(c->hook != NULL))
				ev_report(c, EV_INTR, c->pc, c->mem[040 + 2 * c->pi.pending], c->pi.pending);
			pi_take(c);
			c->cycles++;
		}
		if (unlikely(c->cycles >= c->vmt_at))
			vmt_expire(c);      /* the assist's timer: after the interrupts */
		cpu_schedule(c);
		if (c->cycles == before || c->cycles < c->event_at)
			return c->stop ? c->stop : c->cycles >= c->max_cycles ? STOP_BUDGET : STOP_NONE;
	}
}

_Noreturn void cpu_abort(struct cpu *c, enum abort_kind k)
{
	longjmp(c->abort_jb, (int)k);
}

void cpu_aborted(struct cpu *c, enum abort_kind k)
{
	int in_pi = c->trapping == TRAP_PI;
	int fetch = c->fetch_fault;
	c->fetch_fault = 0;
	c->redo = 0;
	c->trapping = TRAP_NONE;
	c->umode = (c->flags & F_USER) != 0;
	if (k == ABORT_EVENT) {
		/* What the abandoned attempt counted stays counted; a monitor
		 * re-running the restarted instruction undoes only the last attempt. */
		c->stall_n = c->uuo_n = 0;
		if (!in_pi)
			c->pc = c->ipc;       /* restart the instruction after the event */
		c->pc_inhibit = 0;
		pi_eval(c);
		cpu_schedule(c);
		return;
	}
	if (c->monitor) {       /* the monitor takes it (see struct cpu) */
		c->trap = (struct trap_rec){ .kind = TK_FAULT, .ipc = c->ipc, .fault = k,
					     .addr = c->fault_addr, .write = c->fault_write,
					     .fetch = fetch, .inhibit = c->pc_inhibit };
		c->stop = STOP_TRAP;
		c->pc_inhibit = 0;
		c->cycles++;
		cpu_schedule(c);
		return;
	}
	if (k == ABORT_PROT) {
		c->apr.prot = 1;
		c->n_prot++;
	} else {
		c->apr.nxm = 1;
		c->n_nxm++;
	}
	if (!in_pi)
		c->pc = (fetch || c->pc_inhibit) ? c->ipc : (c->ipc + 1) & RH_MASK;
	c->pc_inhibit = 0;
	c->cycles++;
	if (in_pi)
		pi_aborted(c);
	pi_eval(c);
	cpu_schedule(c);
}

word *mem_user_ref(struct cpu *c, addr a, int write)
{
	c->fault_addr = a;        /* for a monitor, should this abort */
	c->fault_write = write;
	addr pa;
	int ok = mem_map(c, 1, a, write, &pa);
	if (ok != 1)
		cpu_abort(c, ok == 0 ? ABORT_PROT : ABORT_NXM);
	return &c->mem[pa];
}

word cpu_fetch_slow(struct cpu *c, addr pc)
{
	c->fetch_fault = 1;
	word w = *mem_ref(c, pc, 0);
	c->fetch_fault = 0;
	return w;
}
