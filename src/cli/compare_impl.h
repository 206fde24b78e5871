/* compare_impl.h — what the files of `tenvm compare` share: a captured run, and the report's calls. */
#ifndef TENVM_COMPARE_IMPL_H
#define TENVM_COMPARE_IMPL_H

#include <stdio.h>
#include "compare.h"

#define NMODES 4   /* bare, trap, assist, hybrid: the columns of the table */

/* One guest on one machine, with its TTY output captured in memory and its
 * input read from a fresh copy of the compare's input bytes. */
struct tap {
	struct session s;
	FILE          *out;
	char          *buf;
	size_t         len;
	int            fd;
};

/* Open t: img in the given mode with o's options.  0, or an exit status after
 * a message (t is then closed). */
int  tap_open(struct tap *t, const struct session_opts *o, int mode, const struct image *img,
	      const char *file, const struct cmp_input *in);
void tap_close(struct tap *t);

/* compare --all: run img under the trap monitor, watching every instruction,
 * and print each critical instruction that leaked, by PC, with its count. */
int cmp_leaks(const struct session_opts *o, const struct image *img, const char *file,
	      const struct cmp_input *in, FILE *f);

/* "bare", "trap", "assist" or "hybrid". */
const char *cmp_mode_name(int mode);

/* The table and details for the runs of every mode (bare first), and the same as JSON. */
void cmp_report(FILE *f, const char *file, const struct session_opts *o, size_t inlen,
		const struct cmp_run *runs);
void cmp_write_json(FILE *f, const char *file, const struct session_opts *o, size_t inlen,
		    const struct cmp_run *runs);

#endif
