/* hints.h — messages about a run beyond its result (hints.c). */
#ifndef TENVM_HINTS_H
#define TENVM_HINTS_H

#include <stdio.h>
#include "cpu.h"

/* After a run that the budget ended: if the instruction at c's PC traps
 * into an endless trap loop (its trap instruction traps again, for ever),
 * say on f (unless NULL) which instruction, where it traps to and what is
 * there, and return 1; else 0. */
int cli_explain_budget(FILE *f, const struct cpu *c);

/* Warn on stderr, once per device number in the process, when a guest on c
 * uses a device the machine does not have (naming the PC). */
void cli_warn_devices(struct cpu *c);

#endif
