/* vmm_fuzz.c — differential fuzzing of the monitors: random programs on the bare machine and
 * under the hybrid and assist VMMs (both engines) must leave identical machines. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include "cpu.h"
#include "fuzz.h"
#include "gen.h"
#include "vmm.h"

/*
 * Each case (gen.h: exec code with user-mode excursions, UUOs, interrupts,
 * relocation, self-modifying code, faults, endless chains, TTY input) runs
 * five times from identical states: on the bare machine with the
 * interpreter (the reference), and under the hybrid monitor (VMM_HYBRID) and
 * the trap monitor on the machine with the VM assist (VMM_ASSIST, Theorem 1
 * where it holds), each with the interpreter and with bt.  Under the monitor the case is the only VM, in
 * a region of its memory size at real address 0 of a 256K real machine, so
 * guest-physical addresses are real addresses.  Guarantee checked (Theorem
 * 3): the VM's virtual machine ends bit-identical to the bare one in every
 * architectural field (all memory and the ACs, PC, flags, mode, APR, PI and
 * TTY state, cycles and stalls, so the instruction count, the clock's and the
 * budget's times, the stop reason) and wrote the same TTY bytes; the
 * machines' counters of UUOs, interrupts and faults must agree too.  Left
 * out: c->ipc and c->redo_ir, scratch defined only while an instruction runs
 * (redo_ir is the last XCT or trap word the machine itself asked for; the
 * monitor's virtual machine executes only the ones it emulates), and host
 * plumbing (TTY descriptors, engine pointers).
 */

enum { BARE, HYB_INTERP, HYB_BT, AST_INTERP, AST_BT, NRUNS };
static const char *const run_name[NRUNS] = { "bare", "hybrid/interp", "hybrid/bt", "assist/interp",
					     "assist/bt" };

static void run_case(const struct tcase *t, int kind, uint64_t budget, struct run *r, FILE *trace)
{
	struct cpu_config cfg = fuzz_begin(t, budget, r);
	if (kind == BARE) {
		if (!(r->c = cpu_new(&cfg)))
			fuzz_oom();
	} else {
		struct cpu_config rc = { .mem_kwords = 256, .tty_in_fd = -1 };
		if (!(r->real = cpu_new(&rc)) ||
		    !(r->m = vmm_new(r->real, kind >= AST_INTERP ? VMM_ASSIST : VMM_HYBRID,
				     kind == HYB_BT || kind == AST_BT, t->cache)) ||
		    !(r->vm = vmm_add(r->m, &cfg)))
			fuzz_oom();
		if (r->vm->base != 0) {
			fprintf(stderr, "vmm_fuzz: the only VM is not at real address 0\n");
			exit(2);
		}
		r->c = r->vm->v;
	}
	fuzz_load(t, r->c);
	if (kind == BARE) {
		r->stop = trace ? interp_run_trace(r->c, trace) : interp_run(r->c);
	} else {
		vmm_run(r->m);
		r->stop = r->vm->stop;
	}
	fuzz_end(r);
}

static struct {
	uint64_t insns, traps, vmx_traps, callouts, inlines, events, emulated;
	unsigned halt, budget, uuo, intr, prot, nxm, user, tty, tin;
} tot;

static void tally(const struct tcase *t, const struct run *r, int verbose)
{
	const struct cpu *a = r[BARE].c;
	tot.insns += cpu_insns(a);
	tot.halt += r[BARE].stop == STOP_HALT;
	tot.budget += r[BARE].stop == STOP_BUDGET;
	tot.uuo += a->n_uuo > 0;
	tot.intr += a->n_interrupts > 0;
	tot.prot += a->n_prot > 0;
	tot.nxm += a->n_nxm > 0;
	tot.user += t->user;
	tot.tty += r[BARE].outlen > 0;
	tot.tin += a->tty.chars_in > 0;
	for (int kind = HYB_INTERP; kind < NRUNS; kind++) {
		const struct vm_stats *s = &r[kind].vm->st;
		tot.traps += s->traps;
		tot.vmx_traps += s->vmx_traps;
		tot.callouts += s->callouts;
		tot.inlines += s->inlines;
		tot.events += s->events;
		tot.emulated += s->emulated;
	}
	if (verbose)
		printf("case %u: %s stop %d insns %" PRIu64 " | bt: traps %" PRIu64 " callouts %" PRIu64
		       " inlines %" PRIu64 " events %" PRIu64 " emulated %" PRIu64 "\n",
		       t->id, t->user ? "user" : "exec", r[BARE].stop, cpu_insns(a), r[HYB_BT].vm->st.traps,
		       r[HYB_BT].vm->st.callouts, r[HYB_BT].vm->st.inlines, r[HYB_BT].vm->st.events,
		       r[HYB_BT].vm->st.emulated);
}

static void totals(double seconds)
{
	printf("totals: %" PRIu64 " insns (%u halted, %u budget); under the monitors (both engines): "
	       "%" PRIu64 " traps, %" PRIu64 " assist traps, %" PRIu64 " callouts, %" PRIu64 " inline rewrites, %" PRIu64
	       " events, %" PRIu64 " emulated; %.1f s\n"
	       "cases with: UUOs %u, interrupts %u, protection faults %u, NXM %u, user mode %u, "
	       "TTY output %u, TTY input %u\n",
	       tot.insns, tot.halt, tot.budget, tot.traps, tot.vmx_traps, tot.callouts, tot.inlines, tot.events,
	       tot.emulated, seconds, tot.uuo, tot.intr, tot.prot,
	       tot.nxm, tot.user, tot.tty, tot.tin);
}

int main(int argc, char **argv)
{
	static const struct fuzz fz = {
		.name = "vmm_fuzz", .cases = 1000, .seed = 0x5eed0f7e4a10c0deULL, .budget_option = 1,
		.ways = run_name, .nways = NRUNS, .run = run_case,
		.fields = FUZZ_INSNS,
		.ref_label = "bare", .alt_label = "vmm", .width = 18,
		.name_way = 1, .brief_diffs = 6, .trace_label = "bare interp trace",
		.tally = tally, .totals = totals,
	};
	return fuzz_main(&fz, argc, argv);
}
