/* harness.h — assemble a program from text and run it on a fresh machine, for the unit tests. */
#ifndef TENVM_HARNESS_H
#define TENVM_HARNESS_H

#include "cpu.h"

/* Options for h_run; zero means the default. */
struct h_opts {
	uint64_t max_insns;     /* default 1000000 */
	unsigned mem_kwords;    /* default 256 */
	uint64_t clock;         /* default CLOCK_DEFAULT */
	FILE    *tty_out;       /* default: none */
	int      tty_in_fd;     /* default: none (pass a pipe's read end to give input) */
	int      has_tty_in;
	enum cpu_model model;   /* default CPU_KA10 */
};

/* Assemble src (a whole MACRO-10 program with END start), load it into a new
 * machine and run it with the interpreter.  Fails the current Criterion test
 * if the source does not assemble.  *stop receives how the run ended.  The
 * caller frees the machine with cpu_free(). */
struct cpu *h_run(const char *src, const struct h_opts *o, enum stop *stop);

/* h_run with the defaults that must end in a halt; fails the test otherwise. */
struct cpu *h_halt(const char *src);

struct bt;
/* h_run on the bt engine (identity policy) with a code cache of cache_bytes
 * (0: 1 MiB).  *bt (if not NULL) receives the engine, for its statistics
 * (tc_stats(bt->tc), bt->interp_insns); it stays attached to the machine
 * (c->engine) until h_free. */
struct cpu *h_run_bt(const char *src, const struct h_opts *o, enum stop *stop, size_t cache_bytes,
		     struct bt **bt);

/* Free a machine from h_run or h_run_bt, and its engine if it has one. */
void h_free(struct cpu *c);

/* A snippet: body (statements, one a line, labels allowed) is placed at 1000
 * with a label GO and followed by `HALT .`; it is run from GO and must halt.
 * h_snipf takes a printf format.  h_snip_opts runs with options and returns the
 * stop reason in *stop (no halt required). */
struct cpu *h_snip(const char *body);
struct cpu *h_snipf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
struct cpu *h_snip_opts(const char *body, const struct h_opts *o, enum stop *stop);
/* Run a snippet and return AC n (the machine is freed). */
word h_ac(const char *body, unsigned n);

/* Expect a word value, printed in octal when it differs. */
#define H_EQ(got, want) do { \
	unsigned long long got_ = (unsigned long long)(got), want_ = (unsigned long long)(want); \
	cr_expect_eq(got_, want_, "%s = %012llo, want %012llo", #got, got_, want_); \
} while (0)

#endif
