/* hints.c — what the command line tells a user about a run beyond its result: why an endless
 * chain used up the budget, and devices the guest used that the machine does not have. */
#include <inttypes.h>
#include <string.h>
#include "disasm.h"
#include "hints.h"
#include "isa.h"
#include "mem.h"

/* Where a trapping instruction word sends the machine: its trap location
 * (40 or 60; the instruction run is at loc+1), and in *exec whether that is
 * exec memory (an LUUO's is the current space's).  0 if ir does not trap. */
static addr trap_loc(word ir, int user, int *exec)
{
	unsigned op = I_OP(ir), cls = isa_class(ir);
	*exec = 1;
	if (cls & K_UUO) {
		*exec = op == 0 || op >= 040;
		return 040;
	}
	if ((cls & K_UNDEF) && op != 0257)
		return 060;
	if (user && (cls & K_PRIV))     /* I/O, JRST 4, JRST 10 in user mode: an MUUO */
		return 040;
	return 0;
}

static const char *trap_kind(word ir)
{
	unsigned op = I_OP(ir);
	return !(isa_class(ir) & (K_UUO | K_UNDEF)) ? "instruction" :
	       op == 0 || op >= 040 ? "MUUO" : op < 040 && !(isa_class(ir) & K_UNDEF) ? "LUUO" :
	       "unassigned code";
}

int cli_explain_budget(FILE *f, const struct cpu *c)
{
	addr pa;
	int user = (c->flags & F_USER) != 0, exec;
	if (mem_map(c, user, c->pc, 0, &pa) != 1)
		return 0;
	word ir = c->mem[pa];
	addr loc = trap_loc(ir, user, &exec);
	if (!loc || (!exec && user))
		return 0;               /* not a trap, or one into relocated memory */
	/* The trap runs the word at loc+1 in exec mode; a trap again goes round. */
	word next = c->mem[loc + 1];
	int exec2;
	addr loc2 = trap_loc(next, 0, &exec2);
	for (int i = 0; i < 8 && loc2 && loc2 != loc; i++)
		loc2 = trap_loc(c->mem[loc2 + 1], 0, &exec2);
	if (loc2 != loc && !(loc2 && loc2 == trap_loc(c->mem[loc2 + 1], 0, &exec2)))
		return 0;
	if (!f)
		return 1;
	char text[128], text2[128];
	disasm(ir, text, sizeof text);
	disasm(next, text2, sizeof text2);
	fprintf(f, "tenvm: the %s at %06o (%s) traps to %s%03o, which holds %012" PRIo64
		" (%s, %s): an endless trap loop; the guest has no trap handler there\n",
		trap_kind(ir), c->pc, text, exec ? "exec " : "", loc + 1, next, text2,
		loc2 == loc ? "which traps there again" : "which traps on, never to return");
	return 1;
}

/* ---- devices the machine does not have ---- */

static uint8_t warned[0200];

static void nodev_warn(struct cpu *c, unsigned dev)
{
	if (warned[dev & 0177])
		return;
	warned[dev & 0177] = 1;
	fprintf(stderr, "tenvm: warning: the guest used device %03o at PC %06o, which this machine "
		"does not have: it reads 0 and ignores output (--quiet: no such warnings)\n",
		(dev & 0177) << 2, c->ipc);
}

void cli_warn_devices(struct cpu *c)
{
	c->nodev_hook = nodev_warn;
}
