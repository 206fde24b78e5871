/* asm.h — the MACRO-10-subset assembler: source text in, program image out. */
#ifndef TENVM_ASM_H
#define TENVM_ASM_H

#include <stdio.h>
#include "image.h"

#define ASM_MAX_ERRORS 20   /* assembly stops after this many errors */

/* Assemble `text` (the contents of the file named `path`, used in messages)
 * into img.  Errors are written to errs (if not NULL), one per line, as
 * `path:LINE:COL: error: message` (COL counts bytes from 1, a tab is one);
 * at most one error is reported per source line and assembly stops after
 * ASM_MAX_ERRORS.  If listing != NULL, a MACRO-10-like listing is written:
 * address and word (as LH RH) of what each line generated, then the line;
 * literals appear with the LIT or END line that placed them.  Returns the
 * number of errors (0 = success).  img->start/has_start come from `END start`.
 * Never crashes or loops forever, whatever the text. */
int asm_text(const char *path, const char *text, struct image *img, FILE *listing, FILE *errs);

/* The same for the `len` bytes at text (NUL bytes in them are ignored like
 * blanks). */
int asm_bytes(const char *path, const char *text, size_t len, struct image *img, FILE *listing,
	      FILE *errs);

/* Read and assemble a file (NUL bytes in it are ignored like blanks); a read
 * failure is one error `path: cannot read: reason`. */
int asm_file(const char *path, struct image *img, FILE *listing, FILE *errs);

/* Assemble one line of source (an instruction, a number, a pseudo-op giving
 * one word) as if placed at address `at` (so `.` is at).  Returns 0 with *w,
 * or -1 with the reason in err. */
int asm_line(const char *text, addr at, word *w, char *err, size_t errlen);

#endif
