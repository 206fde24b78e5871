/* image.h — a program as loaded from a file: the words to deposit and where to start. */
#ifndef TENVM_IMAGE_H
#define TENVM_IMAGE_H

#include <stddef.h>
#include <stdint.h>
#include "word.h"

#define IMAGE_WORDS 01000000u   /* one word for every 18-bit address */

struct image {
	word    *w;         /* IMAGE_WORDS words */
	uint8_t *set;       /* set[a] != 0 where w[a] was given a value */
	addr     lo, hi;    /* lowest and highest address set (lo > hi when empty) */
	addr     start;     /* the start address, if has_start */
	int      has_start;
};

/* A new empty image, or NULL if memory is exhausted. */
struct image *image_new(void);
void image_free(struct image *img);
/* Give address a (masked to 18 bits) the word w (masked to 36 bits). */
void image_set(struct image *img, addr a, word w);

/* Load FILE into img, telling its format from its content (detect.c):
 * MACRO-10 text (assembled; so is any .mac file), TOPS-10 SAV, ITS SBLK (in
 * DEC core-dump, ITS evacuate or 7-bit packing) or RIM10B paper tape.  On
 * failure returns -1 and writes one line into err, naming the file and the
 * byte offset or line of the problem, or what the file looks like.  Returns
 * 0 on success. */
int load_file(const char *path, struct image *img, char *err, size_t errlen);

#endif
