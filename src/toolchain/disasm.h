/* disasm.h — one 36-bit word as a line of the assembler's own syntax. */
#ifndef TENVM_DISASM_H
#define TENVM_DISASM_H

#include <stddef.h>
#include "word.h"

/* Write the instruction or data word w in the syntax asm_text reads, e.g.
 * "MOVE 1,@1020(3)", "HALT 1007", "CONO 120,10", "ADDI 2,3".  Aliases are
 * preferred where the AC field selects one (HALT, JRSTF, JOV, OUTCHR...),
 * the AC is shown only when nonzero, E in octal, I/O devices as 3 octal
 * digits.  Every word has a text, and assembling it gives w back exactly.
 * Truncates to fit n bytes (NUL included); returns buf. */
char *disasm(word w, char *buf, size_t n);

#endif
