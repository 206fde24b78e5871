/* ka10_shrink.h — reduce a case on which tenvm and the KA10 oracle differ to one instruction and the words it needs. */
#ifndef TENVM_KA10_SHRINK_H
#define TENVM_KA10_SHRINK_H

#include <stdio.h>
#include "ka10_case.h"

/* Find the last instruction of k's run from which tenvm's interpreter and the
 * oracle bin still end differently, make it a case of its own (alone at 1000
 * before a HALT when it does not transfer control), put back to their
 * defaults the words the difference does not need, and print the result and
 * both final states on out as a "REPRO" block.  Returns 0, or -1 on an error. */
int ka10_shrink(const char *bin, const struct ka10_case *k, FILE *out);

#endif
