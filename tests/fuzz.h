/* fuzz.h — the differential fuzzers' harness (bt_fuzz, vmm_fuzz): run each case (gen.h) several
 * ways, compare the finished machines, report and bisect mismatches, count. */
#ifndef TENVM_FUZZ_H
#define TENVM_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "cpu.h"
#include "gen.h"

struct bt;
struct vmm;
struct vm;

/* One finished run of a case. */
struct run {
	struct cpu  *c;        /* the machine the case ran on (under a monitor: the VM's) */
	enum stop    stop;
	char        *out;      /* its TTY output */
	size_t       outlen;
	struct bt   *bt;       /* the bt engine that ran it, or NULL */
	struct cpu  *real;     /* under a monitor: the real machine, or NULL */
	struct vmm  *m;        /* the monitor, or NULL */
	struct vm   *vm;       /* the case's VM under it */
	FILE        *outf;     /* while running: the stream behind out */
	int          in_fd;    /* while running: the read end of the TTY input pipe, or -1 */
};

/* For a program's run function: start run r of case t with the given
 * budget (clears r, sets up the TTY output and input) and return the
 * case's machine configuration; load the case into c; end the run once r->c
 * has stopped (detaches and closes the TTY streams). */
struct cpu_config fuzz_begin(const struct tcase *t, uint64_t budget, struct run *r);
void fuzz_load(const struct tcase *t, struct cpu *c);
void fuzz_end(struct run *r);
/* "<program>: out of memory", exit status 2. */
_Noreturn void fuzz_oom(void);

/* Fields compared besides the common ones (cpu.h: stop reason, PC, flags,
 * mode, APR, PI, TTY, cycles, stalls, event times, counters, memory, TTY output). */
enum {
	FUZZ_INSNS    = 1 << 0,    /* cpu_insns */
	FUZZ_REDO_IR  = 1 << 1,    /* c->redo_ir */
	FUZZ_CPU_STOP = 1 << 2,    /* c->stop */
};

enum { FUZZ_MAX_WAYS = 5 };

/* A differential fuzzer: its ways to run a case (way 0 is the reference every
 * other way is compared with) and how it labels and counts. */
struct fuzz {
	const char *name;              /* messages, usage and the last line: "bt_fuzz" */
	unsigned    cases;             /* defaults of --cases and --seed */
	uint64_t    seed;
	int         budget_option;     /* accept --budget B: every case's budget */
	const char *const *ways;       /* the ways' names */
	int         nways;             /* 2..FUZZ_MAX_WAYS */
	/* Run case t the given way until budget instructions into r; trace
	 * (way 0 only, may be NULL): the interpreter's trace. */
	void      (*run)(const struct tcase *t, int way, uint64_t budget, struct run *r, FILE *trace);
	unsigned    fields;            /* FUZZ_*: fields compared besides the common ones */
	const char *ref_label;         /* how differences are listed: */
	const char *alt_label;         /*   "  <name padded to width> <ref> v  <alt> v" */
	int         width;
	int         name_way;          /* MISMATCH lines name the way: "MISMATCH (way) ..." */
	unsigned    brief_diffs;       /* differences listed under a mismatch past the third */
	const char *trace_label;       /* the reference's trace: "<label>, last instructions:" */
	/* Count a case's runs r[0..nways-1] (verbose: print its line); print the
	 * totals (verbose or all cases) after seconds of CPU time. */
	void      (*tally)(const struct tcase *t, const struct run *r, int verbose);
	void      (*totals)(double seconds);
};

/* Parse --cases N, --minutes M (cases until M minutes of wall time have
 * passed, for long runs), --seed S, --case K, -v (and --budget B), run the cases,
 * report mismatches, print "<name>: N cases, M mismatches".  Returns the
 * exit status: 0, 1 (mismatches) or 2 (usage, out of memory). */
int fuzz_main(const struct fuzz *fz, int argc, char **argv);

#endif
