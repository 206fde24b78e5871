/* fuzz.c — the differential fuzzers' harness (fuzz.h). */
#define _GNU_SOURCE
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "cpu.h"
#include "disasm.h"
#include "fuzz.h"
#include "gen.h"
#include "tr.h"
#include "vmm.h"

static const char *prog = "fuzz";    /* the program's name, for messages */

/* ---- running ---- */

_Noreturn void fuzz_oom(void)
{
	fprintf(stderr, "%s: out of memory\n", prog);
	exit(2);
}

struct cpu_config fuzz_begin(const struct tcase *t, uint64_t budget, struct run *r)
{
	memset(r, 0, sizeof *r);
	r->outf = open_memstream(&r->out, &r->outlen);
	if (!r->outf)
		fuzz_oom();
	/* TTY input: the same bytes through a fresh pipe for each run. */
	int in[2] = { -1, -1 };
	if (t->tty_in) {
		char buf[256];
		gen_tty_input(t, buf);
		if (pipe(in) || write(in[1], buf, t->tty_in) != (ssize_t)t->tty_in) {
			char msg[64];
			snprintf(msg, sizeof msg, "%s: pipe", prog);
			perror(msg);
			exit(2);
		}
		close(in[1]);
	}
	r->in_fd = in[0];
	return (struct cpu_config){
		.mem_kwords = t->mem_kwords, .max_insns = budget, .clock_period = t->clock,
		.tty_in_fd = in[0], .tty_out = r->outf, .model = t->vmx ? CPU_KA10_VMX : CPU_KA10,
	};
}

void fuzz_load(const struct tcase *t, struct cpu *c)
{
	memcpy(c->mem, t->img, c->memsize * sizeof *c->mem);
	c->pc = t->start;
}

void fuzz_end(struct run *r)
{
	r->c->tty.out = NULL;
	fclose(r->outf);
	r->outf = NULL;
	if (r->in_fd >= 0)
		close(r->in_fd);
	r->in_fd = -1;
}

static void run_free(struct run *r)
{
	if (r->m) {
		vmm_free(r->m);        /* frees the VM's machine */
		cpu_free(r->real);
	} else {
		if (r->bt)
			bt_free(r->c, r->bt);
		cpu_free(r->c);
	}
	free(r->out);
}

/* ---- comparing ---- */

/* A case as text: its settings, then every word it sets, disassembled. */
static void list_case(const struct tcase *t, FILE *f)
{
	fprintf(f, "case %u seed %016" PRIx64 ": %s mode, %uK, budget %" PRIu64 ", clock %" PRIu64
		", cache %zu, pi %d, tty input %u bytes\n", t->id, t->seed, t->user ? "user" : "exec",
		t->mem_kwords, t->max_insns, t->clock ? t->clock : CLOCK_DEFAULT, t->cache, t->pi, t->tty_in);
	if (t->user)
		fprintf(f, "user: low 0-%06o at +%06o, high %s at +%06o\n", t->lo_lim, t->lo_rel,
			t->hi_lim ? "400000-" : "none", t->hi_rel);
	addr prev = 0;
	for (addr a = 0; a < (t->mem_kwords << 10); a++) {
		if (!t->set[a])
			continue;
		char buf[96];
		if (prev && a != prev + 1)
			fprintf(f, "        ...\n");
		fprintf(f, "%06o: %012" PRIo64 "  %s\n", a, t->img[a], disasm(t->img[a], buf, sizeof buf));
		prev = a;
	}
}

/* Compare run b with the reference run a; write at most `max` differences to
 * f (NULL: count only). */
static unsigned compare(const struct fuzz *fz, const struct run *a, const struct run *b,
			FILE *f, unsigned max)
{
	unsigned n = 0;
	const struct cpu *x = a->c, *y = b->c;
#define DIFF(name, va, vb) do { \
	if ((uint64_t)(va) != (uint64_t)(vb)) { \
		if (f && n < max) \
			fprintf(f, "  %-*s %s %" PRIo64 "  %s %" PRIo64 "\n", fz->width, name, \
				fz->ref_label, (uint64_t)(va), fz->alt_label, (uint64_t)(vb)); \
		n++; \
	} } while (0)
#define F(field) DIFF(#field, x->field, y->field)
	DIFF("stop", a->stop, b->stop);
	if (fz->fields & FUZZ_INSNS)
		DIFF("insns", cpu_insns(x), cpu_insns(y));
	F(pc); F(flags); F(umode); F(trapping); F(redo);
	if (fz->fields & FUZZ_REDO_IR)
		F(redo_ir);
	F(pc_inhibit); F(fetch_fault);
	F(blk_ov); F(cycles); F(stalls); F(max_cycles); F(clock_period);
	/* event_at is when the machine looks at its events next; any time not
	 * after cycles means "now", and which one it is carries no meaning. */
	DIFF("event_at", x->event_at <= x->cycles ? x->cycles : x->event_at,
	     y->event_at <= y->cycles ? y->cycles : y->event_at);
	F(clock_next);
	if (fz->fields & FUZZ_CPU_STOP)
		F(stop);
	F(n_uuo); F(n_interrupts); F(n_prot); F(n_nxm);
	F(apr.datao); F(apr.lo_lim); F(apr.lo_rel); F(apr.hi_lim); F(apr.hi_rel); F(apr.hi_wp);
	F(apr.pia); F(apr.clk_en); F(apr.clk_flag); F(apr.nxm); F(apr.prot); F(apr.pdlov);
	F(apr.ov_en); F(apr.fov_en);
	F(pi.on); F(pi.enabled); F(pi.prog_req); F(pi.hold); F(pi.pending); F(pi.parity_en);
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

/* The smallest budget at which the given way differs from the reference
 * (runs are deterministic, so any budget replays a prefix of the same run). */
static uint64_t first_divergence(const struct fuzz *fz, const struct tcase *t, int way)
{
	uint64_t lo = 0, hi = t->max_insns;    /* lo: equal (or 0), hi: differs */
	while (hi - lo > 1) {
		uint64_t mid = lo + (hi - lo) / 2;
		struct run a, b;
		fz->run(t, 0, mid, &a, NULL);
		fz->run(t, way, mid, &b, NULL);
		if (compare(fz, &a, &b, NULL, 0))
			hi = mid;
		else
			lo = mid;
		run_free(&a);
		run_free(&b);
	}
	return hi;
}

static void mismatch(const struct fuzz *fz, int way)
{
	if (fz->name_way)
		printf("MISMATCH (%s) ", fz->ways[way]);
	else
		printf("MISMATCH ");
}

static void report(const struct fuzz *fz, const struct tcase *t, int way,
		   const struct run *a, const struct run *b)
{
	mismatch(fz, way);
	list_case(t, stdout);
	printf("differences at the end of the run:\n");
	compare(fz, a, b, stdout, 40);
	uint64_t at = first_divergence(fz, t, way);
	printf("first divergence with budget %" PRIu64 ":\n", at);
	struct run x, y;
	char *tr = NULL;
	size_t trlen = 0;
	FILE *tf = open_memstream(&tr, &trlen);
	fz->run(t, 0, at, &x, tf);
	fclose(tf);
	fz->run(t, way, at, &y, NULL);
	compare(fz, &x, &y, stdout, 40);
	/* The interpreter's last instructions before it. */
	unsigned lines = 0;
	size_t i = trlen;
	while (i > 0 && lines < 25)
		if (tr[--i] == '\n')
			lines++;
	printf("%s, last instructions:\n%s", fz->trace_label, tr + i + (i ? 1 : 0));
	free(tr);
	run_free(&x);
	run_free(&y);
}

/* ---- the driver ---- */

int fuzz_main(const struct fuzz *fz, int argc, char **argv)
{
	prog = fz->name;
	if (fz->nways < 2 || fz->nways > FUZZ_MAX_WAYS) {
		fprintf(stderr, "%s: %d ways to run a case\n", prog, fz->nways);
		return 2;
	}
	unsigned cases = fz->cases, only = ~0u;
	uint64_t seed = fz->seed, budget = 0;
	double minutes = 0;
	int verbose = 0, vmx = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--cases") && i + 1 < argc)
			cases = (unsigned)strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			seed = strtoull(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--case") && i + 1 < argc)
			only = (unsigned)strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--minutes") && i + 1 < argc && (minutes = strtod(argv[++i], NULL)) > 0)
			cases = UINT_MAX;       /* as many as the time allows */
		else if (fz->budget_option && !strcmp(argv[i], "--budget") && i + 1 < argc)
			budget = strtoull(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "-v"))
			verbose = 1;
		else if (!strcmp(argv[i], "--backend") && i + 1 < argc && tr_backend_named(argv[i + 1]))
			tr_backend_use(tr_backend_named(argv[++i]));
		else if (!strcmp(argv[i], "--vmx"))
			vmx = 1;
		else {
			fprintf(stderr, "usage: %s [--cases N | --minutes M] [--seed S] [--case K%s] [--backend B] [--vmx] [-v]\n"
				"  (backends: %s)\n", prog, fz->budget_option ? " [--budget B]" : "",
				tr_backend_names());
			return 2;
		}
	}
	word *img = malloc(MEM_MAX_WORDS * sizeof *img);
	uint8_t *set = malloc(MEM_MAX_WORDS);
	if (!img || !set)
		fuzz_oom();
	unsigned bad = 0, ran = 0;
	clock_t t0 = clock();
	struct timespec w0, now;
	clock_gettime(CLOCK_MONOTONIC, &w0);
	double next_report = 600;      /* --minutes: a line every ten minutes */
	for (unsigned k = 0; k < cases; k++) {
		if (only != ~0u && k != only)
			continue;
		if (minutes > 0) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			double el = (double)(now.tv_sec - w0.tv_sec) + (now.tv_nsec - w0.tv_nsec) * 1e-9;
			if (el >= minutes * 60)
				break;
			if (el >= next_report) {
				printf("%s: %u cases, %u mismatches after %.0f minutes\n", prog, ran, bad, el / 60);
				fflush(stdout);
				next_report += 600;
			}
		}
		struct tcase t = gen_case(k, seed);
		t.vmx = vmx;                 /* the machine with the VM assist */
		generate(&t, img, set);
		if (budget)
			t.max_insns = budget;
		struct run r[FUZZ_MAX_WAYS];
		for (int way = 0; way < fz->nways; way++)
			fz->run(&t, way, t.max_insns, &r[way], NULL);
		ran++;
		fz->tally(&t, r, verbose);
		int mism = 0;
		for (int way = 1; way < fz->nways; way++) {
			if (!compare(fz, &r[0], &r[way], NULL, 0))
				continue;
			if (!mism++)
				bad++;
			if (bad <= 3 || only != ~0u) {
				report(fz, &t, way, &r[0], &r[way]);
			} else {
				mismatch(fz, way);
				printf("case %u seed %016" PRIx64 "\n", k, t.seed);
				compare(fz, &r[0], &r[way], stdout, fz->brief_diffs);
			}
		}
		if (!mism && only != ~0u && verbose)
			list_case(&t, stdout);
		for (int way = 0; way < fz->nways; way++)
			run_free(&r[way]);
	}
	if (verbose || only == ~0u)
		fz->totals((double)(clock() - t0) / CLOCKS_PER_SEC);
	printf("%s: %u cases, %u mismatches (backend %s)\n", prog, ran, bad, tr_backend_default()->name);
	free(img);
	free(set);
	return bad ? 1 : 0;
}
