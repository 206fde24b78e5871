/* session.h — what the command's front ends share: their options, and one guest's run on a
 * machine built the same way every time (bare, or a real machine + monitor + one VM). */
#ifndef TENVM_SESSION_H
#define TENVM_SESSION_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "cache.h"
#include "cpu.h"
#include "image.h"
#include "load_at.h"
#include "loader.h"
#include "vmm.h"

/* Exit statuses of the command line. */
enum { EXIT_HALTED = 0, EXIT_FAILURE_ = 1, EXIT_USAGE = 2, EXIT_BUDGET = 3,
       EXIT_WRONG_HALT = 4 /* halted, but not at --expect-halt's address */ };

#define DEFAULT_BUDGET 1000000000ULL
#define DEFAULT_CACHE  (16u << 20)

#define SESSION_BARE (-1)          /* session_opts.mode: no monitor */

/* How to build and run a guest. */
struct session_opts {
	struct cpu_config cfg;     /* the guest's machine: memory, budget, clock, TTY */
	int      mode;             /* SESSION_BARE, VMM_TRAP, VMM_HYBRID or VMM_ASSIST */
	int      use_bt;           /* the bt engine, else the interpreter */
	uint64_t cache_bytes;      /* bt's code cache */
	int      has_start;        /* start at `start`, not the image's start address */
	addr     start;
	struct load_at loads[LOAD_AT_MAX];   /* --load FILE@ADDRESS, in order */
	int      nloads;
	struct load_format format; /* --format: how to read FILE (zero: from its content) */
};

/* The defaults the commands start from: bare, bt, 256K words, the default
 * budget and clock, TTY on stdin and stdout (`run` then makes hybrid its
 * default mode; `compare` runs all three). */
void session_defaults(struct session_opts *o);

/* One guest on its machine. */
struct session {
	struct cpu  *c;            /* the machine the guest sees: the real one, or its VM's */
	struct cpu  *real;         /* under a monitor: the real machine */
	struct vmm  *vmm;
	struct vm   *vm;
	struct bt   *bt;           /* the engine (bare: c's; monitor: the monitor's), or NULL */
	uint64_t     limit;        /* the run's budget in cycles (UINT64_MAX: none) */
	enum stop    stop;         /* how the last run ended (STOP_NONE: not run yet) */
};

/* Build the machine o asks for and load img into it (file names it in
 * messages).  Returns 0, or prints why not and returns an exit status (the
 * session is then empty). */
int session_open(struct session *s, const struct session_opts *o, const struct image *img,
		 const char *file);
/* Put img into c's memory and start c at o's --start or the image's start.
 * Returns 0, or prints why not (naming file) and returns EXIT_USAGE. */
int session_place(struct cpu *c, const struct image *img, const struct session_opts *o, const char *file);
/* Run the guest until it halts or its budget runs out. */
enum stop session_run(struct session *s);
/* Run on until cycle `cycles` (at most the budget), a halt, or the budget;
 * deterministic: a run stopped and resumed this way equals one run through.
 * A halted guest stays halted. */
enum stop session_run_until(struct session *s, uint64_t cycles);
/* The run stopped inside an instruction's indirect or XCT chain (the budget
 * ran out before the chain ended; the instruction at PC never completed). */
int session_in_chain(const struct session *s);
/* The guest halted (or was stopped), or used up its budget: it runs no more. */
int session_done(const struct session *s);
void session_close(struct session *s);

/* The image in FILE read as f says (NULL: detected), or NULL after printing why. */
struct image *session_load_image(const char *file, const struct load_format *f);
/* The same for running it, with o's --load images deposited into it: it must
 * have a start address unless o gives one. */
struct image *session_load(const char *file, const struct session_opts *o);

/* ---- command-line helpers ---- */

/* Print "tenvm: <fmt with arg>" and the hint; returns EXIT_USAGE. */
int cli_usage_error(const char *fmt, const char *arg);
/* An unsigned number in the given radix, all of s, at most max; 0 on success. */
int cli_parse_num(const char *s, int radix, uint64_t max, uint64_t *out);
/* A 36-bit word in octal: 12 digits at most, or halves "LEFT,,RIGHT" of 6
 * digits at most each, as MACRO-10 and the README write them; 0 on success. */
int cli_parse_word(const char *s, uint64_t *out);
/* "16M", "512K", "65536": a byte count; 0 on success. */
int cli_parse_size(const char *s, uint64_t *out);
/* An option's value, "--opt value" or "--opt=value", or NULL if argv[*i] is not name. */
const char *cli_opt_value(int argc, char **argv, int *i, const char *name);
/* The options that build a machine, shared by run and compare: --engine,
 * --cache-size, --max-insns, --mem, --clock, --switches, --cpu, --start, --load,
 * --format.  Returns 1 if argv[*i]
 * was one (and o holds it), 0 if not, or EXIT_USAGE after printing why. */
int session_option(int argc, char **argv, int *i, struct session_opts *o);

double cli_now(void);
/* "halt", "budget", "exit", "none". */
const char *cli_stop_name(enum stop s);
/* The code cache's hit rate: the share of block entries (dispatcher lookups
 * and chained transitions) that found translated code. */
double cli_hit_rate(const struct tc_stats *t);
/* The share of a run's insns instructions that ran without the monitor:
 * (insns - emulated) / insns, within 0..1 (a VM's emulated counts only
 * instructions the monitor completed, so it never exceeds insns); 1 without a
 * monitor (vs NULL); -1 for a run of no instructions, where it means nothing. */
double cli_direct_share(const struct vm_stats *vs, uint64_t insns);
/* The same as text for a table: "95.69%", or "n/a" for -1. */
const char *cli_share_text(double share, char *buf, size_t n);

#endif
