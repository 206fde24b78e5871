/* vmm_fuzz.c — differential fuzzing of the hybrid monitor: random programs on the bare machine
 * and under the hybrid VMM (both engines) must leave identical machines. */
#define _GNU_SOURCE
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "cpu.h"
#include "gen.h"
#include "tr.h"
#include "vmm.h"

/*
 * Each case (gen.h: exec code with user-mode excursions, UUOs, interrupts,
 * relocation, self-modifying code, faults, endless chains, TTY input) runs
 * three times from identical states: on the bare machine with the
 * interpreter (the reference), and under the hybrid monitor (VMM_HYBRID) with
 * the interpreter and with bt.  Under the monitor the case is the only VM, in
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

enum { BARE, HYB_INTERP, HYB_BT, NRUNS };
static const char *const run_name[NRUNS] = { "bare", "hybrid/interp", "hybrid/bt" };

struct run {
	struct cpu  *real;     /* the real machine (under the monitor) */
	struct vmm  *m;
	struct vm   *vm;
	struct cpu  *c;        /* the machine the guest sees */
	enum stop    stop;
	char        *out;
	size_t       outlen;
};

static void run_case(const struct tcase *t, int kind, uint64_t budget, struct run *r, FILE *trace)
{
	memset(r, 0, sizeof *r);
	FILE *out = open_memstream(&r->out, &r->outlen);
	int in[2] = { -1, -1 };
	if (t->tty_in) {
		char buf[256];
		gen_tty_input(t, buf);
		if (pipe(in) || write(in[1], buf, t->tty_in) != (ssize_t)t->tty_in) {
			perror("vmm_fuzz: pipe");
			exit(2);
		}
		close(in[1]);
	}
	struct cpu_config cfg = {
		.mem_kwords = t->mem_kwords, .max_insns = budget, .clock_period = t->clock,
		.tty_in_fd = in[0], .tty_out = out,
	};
	if (!out)
		goto oom;
	if (kind == BARE) {
		if (!(r->c = cpu_new(&cfg)))
			goto oom;
	} else {
		struct cpu_config rc = { .mem_kwords = 256, .tty_in_fd = -1 };
		if (!(r->real = cpu_new(&rc)) ||
		    !(r->m = vmm_new(r->real, VMM_HYBRID, kind == HYB_BT, t->cache)) ||
		    !(r->vm = vmm_add(r->m, &cfg)))
			goto oom;
		if (r->vm->base != 0) {
			fprintf(stderr, "vmm_fuzz: the only VM is not at real address 0\n");
			exit(2);
		}
		r->c = r->vm->v;
	}
	memcpy(r->c->mem, t->img, r->c->memsize * sizeof *r->c->mem);
	r->c->pc = t->start;
	if (kind == BARE) {
		r->stop = trace ? interp_run_trace(r->c, trace) : interp_run(r->c);
	} else {
		vmm_run(r->m);
		r->stop = r->vm->stop;
	}
	r->c->tty.out = NULL;
	fclose(out);
	if (in[0] >= 0)
		close(in[0]);
	return;
oom:
	fprintf(stderr, "vmm_fuzz: out of memory\n");
	exit(2);
}

static void run_free(struct run *r)
{
	if (r->m) {
		vmm_free(r->m);        /* frees the VM's machine */
		cpu_free(r->real);
	} else {
		cpu_free(r->c);
	}
	free(r->out);
}

/* Compare run b with the bare run a; write at most `max` differences to f
 * (NULL: count only). */
static unsigned compare(const struct run *a, const struct run *b, FILE *f, unsigned max)
{
	unsigned n = 0;
	const struct cpu *x = a->c, *y = b->c;
#define DIFF(name, va, vb) do { \
	if ((uint64_t)(va) != (uint64_t)(vb)) { \
		if (f && n < max) \
			fprintf(f, "  %-18s bare %" PRIo64 "  vmm %" PRIo64 "\n", name, \
				(uint64_t)(va), (uint64_t)(vb)); \
		n++; \
	} } while (0)
#define F(field) DIFF(#field, x->field, y->field)
	DIFF("stop", a->stop, b->stop);
	DIFF("insns", cpu_insns(x), cpu_insns(y));
	F(pc); F(flags); F(umode); F(trapping); F(redo); F(pc_inhibit); F(fetch_fault);
	F(blk_ov); F(cycles); F(stalls); F(event_at); F(max_cycles); F(clock_period);
	F(clock_next); F(n_uuo); F(n_interrupts); F(n_prot); F(n_nxm);
	F(apr.datao); F(apr.lo_lim); F(apr.lo_rel); F(apr.hi_lim); F(apr.hi_rel); F(apr.hi_wp);
	F(apr.pia); F(apr.clk_en); F(apr.clk_flag); F(apr.nxm); F(apr.prot); F(apr.pdlov);
	F(apr.ov_en); F(apr.fov_en);
	F(pi.on); F(pi.enabled); F(pi.prog_req); F(pi.hold); F(pi.pending);
	F(tty.pia); F(tty.out_busy); F(tty.out_done); F(tty.in_busy); F(tty.in_done);
	F(tty.in_char); F(tty.out_at); F(tty.in_at); F(tty.in_eof); F(tty.in_active);
	F(tty.chars_out); F(tty.chars_in);
	F(memsize);
	DIFF("tty output bytes", a->outlen, b->outlen);
	if (a->outlen == b->outlen && memcmp(a->out, b->out, a->outlen))
		DIFF("tty output", 0, 1);
	for (addr i = 0; i < x->memsize && i < y->memsize; i++) {
		if (x->mem[i] == y->mem[i])
			continue;
		char nm[24];
		snprintf(nm, sizeof nm, "mem[%06o]", i);
		DIFF(nm, x->mem[i], y->mem[i]);
	}
#undef F
#undef DIFF
	return n;
}

/* The smallest budget at which run kind differs from bare (runs are
 * deterministic, so any budget replays a prefix of the same run). */
static uint64_t first_divergence(const struct tcase *t, int kind)
{
	uint64_t lo = 0, hi = t->max_insns;
	while (hi - lo > 1) {
		uint64_t mid = lo + (hi - lo) / 2;
		struct run a, b;
		run_case(t, BARE, mid, &a, NULL);
		run_case(t, kind, mid, &b, NULL);
		if (compare(&a, &b, NULL, 0))
			hi = mid;
		else
			lo = mid;
		run_free(&a);
		run_free(&b);
	}
	return hi;
}

static void report(const struct tcase *t, int kind, const struct run *a, const struct run *b)
{
	printf("MISMATCH (%s) ", run_name[kind]);
	list_case(t, stdout);
	printf("differences at the end of the run:\n");
	compare(a, b, stdout, 40);
	uint64_t at = first_divergence(t, kind);
	printf("first divergence with budget %" PRIu64 ":\n", at);
	struct run x, y;
	char *tr = NULL;
	size_t trlen = 0;
	FILE *tf = open_memstream(&tr, &trlen);
	run_case(t, BARE, at, &x, tf);
	fclose(tf);
	run_case(t, kind, at, &y, NULL);
	compare(&x, &y, stdout, 40);
	unsigned lines = 0;
	size_t i = trlen;
	while (i > 0 && lines < 25)
		if (tr[--i] == '\n')
			lines++;
	printf("bare interp trace, last instructions:\n%s", tr + i + (i ? 1 : 0));
	free(tr);
	run_free(&x);
	run_free(&y);
}

int main(int argc, char **argv)
{
	unsigned cases = 1000, only = ~0u;
	uint64_t seed = 0x5eed0f7e4a10c0deULL;
	int verbose = 0;
	uint64_t budget = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--cases") && i + 1 < argc)
			cases = (unsigned)strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			seed = strtoull(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--case") && i + 1 < argc)
			only = (unsigned)strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--budget") && i + 1 < argc)
			budget = strtoull(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "-v"))
			verbose = 1;
		else {
			fprintf(stderr, "usage: vmm_fuzz [--cases N] [--seed S] [--case K [--budget B]] [-v]\n");
			return 2;
		}
	}
	word *img = malloc(MEM_MAX_WORDS * sizeof *img);
	uint8_t *set = malloc(MEM_MAX_WORDS);
	if (!img || !set) {
		fprintf(stderr, "vmm_fuzz: out of memory\n");
		return 2;
	}
	unsigned bad = 0, ran = 0;
	struct {
		uint64_t insns, traps, callouts, inlines, events, emulated;
		unsigned halt, budget, uuo, intr, prot, nxm, user, tty, tin;
	} tot = { 0 };
	clock_t t0 = clock();
	for (unsigned k = 0; k < cases; k++) {
		if (only != ~0u && k != only)
			continue;
		struct tcase t = gen_case(k, seed);
		generate(&t, img, set);
		if (budget)
			t.max_insns = budget;
		struct run r[NRUNS];
		for (int kind = 0; kind < NRUNS; kind++)
			run_case(&t, kind, t.max_insns, &r[kind], NULL);
		ran++;
		const struct cpu *a = r[BARE].c;
		tot.insns += cpu_insns(a);
		tot.halt += r[BARE].stop == STOP_HALT;
		tot.budget += r[BARE].stop == STOP_BUDGET;
		tot.uuo += a->n_uuo > 0;
		tot.intr += a->n_interrupts > 0;
		tot.prot += a->n_prot > 0;
		tot.nxm += a->n_nxm > 0;
		tot.user += t.user;
		tot.tty += r[BARE].outlen > 0;
		tot.tin += a->tty.chars_in > 0;
		for (int kind = HYB_INTERP; kind < NRUNS; kind++) {
			const struct vm_stats *s = &r[kind].vm->st;
			tot.traps += s->traps;
			tot.callouts += s->callouts;
			tot.inlines += s->inlines;
			tot.events += s->events;
			tot.emulated += s->emulated;
		}
		if (verbose)
			printf("case %u: %s stop %d insns %" PRIu64 " | bt: traps %" PRIu64 " callouts %" PRIu64
			       " inlines %" PRIu64 " events %" PRIu64 " emulated %" PRIu64 "\n",
			       k, t.user ? "user" : "exec", r[BARE].stop, cpu_insns(a), r[HYB_BT].vm->st.traps,
			       r[HYB_BT].vm->st.callouts, r[HYB_BT].vm->st.inlines, r[HYB_BT].vm->st.events,
			       r[HYB_BT].vm->st.emulated);
		int mism = 0;
		for (int kind = HYB_INTERP; kind < NRUNS; kind++) {
			if (!compare(&r[BARE], &r[kind], NULL, 0))
				continue;
			if (!mism++)
				bad++;
			if (bad <= 3 || only != ~0u)
				report(&t, kind, &r[BARE], &r[kind]);
			else
			{
				printf("MISMATCH (%s) case %u seed %016" PRIx64 "\n", run_name[kind], k, t.seed);
				compare(&r[BARE], &r[kind], stdout, 6);
			}
		}
		if (!mism && only != ~0u && verbose)
			list_case(&t, stdout);
		for (int kind = 0; kind < NRUNS; kind++)
			run_free(&r[kind]);
	}
	if (verbose || only == ~0u)
		printf("totals: %" PRIu64 " insns (%u halted, %u budget); under the monitor (both engines): "
		       "%" PRIu64 " traps, %" PRIu64 " callouts, %" PRIu64 " inline rewrites, %" PRIu64
		       " events, %" PRIu64 " emulated; %.1f s\n"
		       "cases with: UUOs %u, interrupts %u, protection faults %u, NXM %u, user mode %u, "
		       "TTY output %u, TTY input %u\n",
		       tot.insns, tot.halt, tot.budget, tot.traps, tot.callouts, tot.inlines, tot.events,
		       tot.emulated, (double)(clock() - t0) / CLOCKS_PER_SEC, tot.uuo, tot.intr, tot.prot,
		       tot.nxm, tot.user, tot.tty, tot.tin);
	printf("vmm_fuzz: %u cases, %u mismatches\n", ran, bad);
	free(img);
	free(set);
	return bad ? 1 : 0;
}
