/* ka10_oracle.h — run corpus cases on the KA10 oracle (Open SIMH's pdp10-ka binary). */
#ifndef TENVM_KA10_ORACLE_H
#define TENVM_KA10_ORACLE_H

#include "ka10_case.h"

/* Run ks[0..n-1] on the simulator bin (batches, one process at a time) into
 * out[0..n-1]; outside is 0 (the oracle's other words are not read).
 * Returns 0, or -1 if the simulator failed (message on stderr). */
int ka10_oracle_run(const char *bin, const struct ka10_case *ks, unsigned n, struct ka10_state *out);

#endif
