/* compare.h — `tenvm compare`: one guest in bare, trap, assist and hybrid mode, and where each leaves bare. */
#ifndef TENVM_COMPARE_H
#define TENVM_COMPARE_H

#include <stddef.h>
#include <stdint.h>
#include "session.h"

/* The parts of the guest-visible state that can differ (struct cmp_diff.what). */
enum {
	CMP_PC    = 1 << 0,
	CMP_FLAGS = 1 << 1,
	CMP_ACS   = 1 << 2,      /* accumulators 0-17 */
	CMP_MEM   = 1 << 3,      /* memory words 20 and up */
	CMP_TTY   = 1 << 4,      /* TTY output so far */
	CMP_STOP  = 1 << 5,      /* one halted (or ran out of budget), the other did not */
	CMP_TIME  = 1 << 6,      /* instructions executed so far */
};
#define CMP_MEM_SHOWN 4          /* differing memory words recorded with their values */

/* Two machines' guest-visible state, [0] bare and [1] the other, and what differs. */
struct cmp_diff {
	unsigned  what;                  /* CMP_* bits; 0 when equal */
	addr      pc[2];
	uint32_t  flags[2];
	uint64_t  insns[2];
	int       done[2];               /* halted or at the end of the budget */
	enum stop stop[2];
	unsigned  acs;                   /* bit n: AC n differs */
	word      ac[2][16];
	uint64_t  nmem;                  /* memory words (20 and up) that differ */
	unsigned  nshown;                /* the first min(nmem, CMP_MEM_SHOWN) of them: */
	addr      mem_addr[CMP_MEM_SHOWN];
	word      mem[2][CMP_MEM_SHOWN];
	size_t    tty_len[2];            /* TTY output so far, in characters */
	size_t    tty_at;                /* CMP_TTY: the first character that differs */
};

/* Where a run first leaves the bare machine's run. */
struct cmp_divergence {
	int       found;       /* 1: found; 0: equal to bare throughout; -1: a difference seen
				* at a checkpoint did not show again on replay (not deterministic) */
	uint64_t  insns;       /* bare's instruction count after the diverging instruction */
	uint64_t  cycles;      /* ... and its cycle count */
	addr      pc;          /* the diverging instruction's address ... */
	word      ir;          /* ... and word, as the bare machine saw them before it ran */
	int       has_ir;      /* pc was mapped (else ir is 0) */
	int       user;        /* it ran in user mode (pc is a user address) */
	int       interrupt;   /* the step was an interrupt: its level (pc, ir are the
				* interrupt instruction's), or -1 for one that dismissed at once */
	struct cmp_diff d;     /* the state after it */
	unsigned  replays;     /* how many times the pair was run from the start */
};

/* One mode's run through, as the table shows it. */
struct cmp_run {
	int       mode;        /* SESSION_BARE, VMM_TRAP, VMM_ASSIST, VMM_HYBRID */
	enum stop stop;
	addr      pc;
	uint32_t  flags;
	uint64_t  insns, cycles;
	char     *out;         /* its TTY output (malloc'd) */
	size_t    outlen;
	int       has_vm;
	struct vm_stats st;
	int       has_bt;
	struct tc_stats tc;
	uint64_t  interp_insns;
	double    secs;
	struct cmp_divergence div;   /* from bare (not for bare itself) */
	word     *mem;         /* its memory at the end, ACs included (malloc'd) */
	addr      memsize;
};

/* The guest's input, given identically to every run. */
struct cmp_input {
	const uint8_t *bytes;
	size_t         len;
};

/* Run img on the machine o describes (o->mode), to its end, capturing TTY
 * output; r gets the outcome and statistics.  0, or an exit status after a
 * message. */
int cmp_run_mode(const struct session_opts *o, const struct image *img, const char *file,
		 const struct cmp_input *in, struct cmp_run *r);
void cmp_run_free(struct cmp_run *r);
/* Whether two runs through ended in the same guest-visible state: how they
 * stopped, PC, flags, instruction count, memory and ACs, TTY output. */
int cmp_same_end(const struct cmp_run *a, const struct cmp_run *b);

/*
 * Find the first instruction after which the guest-visible state (PC, flags,
 * ACs, memory, TTY output, halted or not, instruction count) of img under
 * o->mode differs from its state on the bare machine.  Both are run from the
 * start and compared at checkpoints; at the first differing checkpoint both are
 * replayed to the last equal one and checked at finer checkpoints, down to
 * single instructions.  span (cycles, e.g. the shorter of the two runs) sizes
 * the first checkpoints; end (cycles, the later of the two runs' ends) bounds
 * the search: runs that have not both ended by then are not deterministic
 * (dv->found = -1), whatever the budget.  A difference that comes and goes
 * between two coarse checkpoints is not seen.  0, or an exit status after a
 * message.
 */
int cmp_find_divergence(const struct session_opts *o, const struct image *img, const char *file,
			const struct cmp_input *in, uint64_t span, uint64_t end,
			struct cmp_divergence *dv);

/* `tenvm compare`; argv holds the options and FILE (no command name). */
int compare_main(int argc, char **argv);

#endif
