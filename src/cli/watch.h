/* watch.h — the event watcher of a run: trace lines, breakpoints, stepping, the history ring, leak counts. */
#ifndef TENVM_WATCH_H
#define TENVM_WATCH_H

#include <stdint.h>
#include <stdio.h>
#include "session.h"
#include "trace.h"

#define WATCH_MAX_BP    32
#define WATCH_MAX_LEAKS 256

enum bp_kind { BP_ADDR, BP_EVENT, BP_STORE };

struct breakpoint {
	enum bp_kind kind;
	addr         a;        /* BP_ADDR: the PC; BP_STORE: the word watched */
	enum ev_kind ev;       /* BP_EVENT */
	word         last;     /* BP_STORE: its contents when last looked at */
};

/* One remembered event. */
struct hist_rec {
	enum ev_kind kind;
	addr         pc;
	word         ir;
	unsigned     arg;
	int          emulated, vm, user;
	uint64_t     n;        /* instructions (EV_INSN on the primary machine) before it */
};

struct leak {
	addr     pc;
	word     ir;
	uint64_t count;
};

struct watch {
	struct ev_hook     h;             /* first: the hook is the watch */
	struct session    *s;
	uint64_t           n;             /* instructions seen on the primary machine */
	/* tracing */
	FILE              *trace;         /* NULL: off */
	unsigned           trace_mask;
	uint64_t           trace_from, trace_count;   /* the window, in instructions */
	/* stopping */
	struct breakpoint  bp[WATCH_MAX_BP];
	int                nbp;
	uint64_t           steps;         /* stop after this many more instructions (0: no) */
	int                skip;          /* the instruction resumed at does not break */
	addr               last_pc;       /* the last primary instruction's PC */
	char               why[160];      /* why the run stopped */
	/* the history ring */
	struct hist_rec   *ring;
	size_t             ring_size, ring_next, ring_len;
	int                ring_insns;    /* instructions too, not only the other events */
	/* leaks counted (EV_CRIT), by PC */
	int                count_leaks;
	struct leak        leaks[WATCH_MAX_LEAKS];
	int                nleaks;
	uint64_t           leaks_dropped;
};

/* Attach a watcher (all off) to every machine of s.  0, or -1 if out of memory. */
int watch_attach(struct watch *w, struct session *s, size_t ring_size);
void watch_detach(struct watch *w);
/* Decide whether the engines must report every instruction (after any change). */
void watch_update(struct watch *w);
/* Before resuming after a stop: clear it, and do not break again at once. */
void watch_resume(struct watch *w);
/* Print one event as a trace line. */
void watch_print(const struct watch *w, FILE *f, const struct hist_rec *r);
/* Print the last n events of the ring, oldest first. */
void watch_history(const struct watch *w, FILE *f, size_t n);
/* The VM (0-based) machine c belongs to, -1 for the bare machine. */
int watch_vm_of(const struct watch *w, const struct cpu *c);

#endif
