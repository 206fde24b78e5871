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
};

/* Assemble src (a whole MACRO-10 program with END start), load it into a new
 * machine and run it with the interpreter.  Fails the current Criterion test
 * if the source does not assemble.  *stop receives how the run ended.  The
 * caller frees the machine with cpu_free(). */
struct cpu *h_run(const char *src, const struct h_opts *o, enum stop *stop);

/* h_run with the defaults that must end in a halt; fails the test otherwise. */
struct cpu *h_halt(const char *src);

#endif
