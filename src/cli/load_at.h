/* load_at.h — `--load FILE@ADDRESS`: more images in one machine, each relocated to its address. */
#ifndef TENVM_LOAD_AT_H
#define TENVM_LOAD_AT_H

#include "image.h"

#define LOAD_AT_MAX   8        /* --load options per command */
#define LOAD_AT_JOBSA 0120     /* where a loaded image's start address goes (TOPS-10 .JBSA) */

/* One --load: FILE's words go to their addresses + at. */
struct load_at {
	char        file[1024];
	addr        at;
};

/* Parse "FILE@ADDRESS" (ADDRESS octal, the last '@' separates them).
 * Returns 0, or prints why not and returns EXIT_USAGE. */
int load_at_parse(const char *spec, struct load_at *out);

/* Deposit l's image into img: every word of FILE at (its address + l->at);
 * then, if FILE has a start address and does not itself give word 120, its
 * start address goes into word l->at + 120 (right half; the left half 0), the
 * TOPS-10 job data area's .JBSA, where a monitor such as guests/vmm10.mac
 * finds its guest's start.  A later word replaces an earlier one.  Returns 0,
 * or prints why not (naming the file) and returns EXIT_USAGE: the file does
 * not load, or a word would land past address 777777. */
int load_at_apply(struct image *img, const struct load_at *l);

#endif
