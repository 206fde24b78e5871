/* image.c — the program image a loader or the assembler fills. */
#include <stdlib.h>
#include "image.h"

struct image *image_new(void)
{
	struct image *img = calloc(1, sizeof *img);
	if (!img)
		return NULL;
	img->w = calloc(IMAGE_WORDS, sizeof *img->w);
	img->set = calloc(IMAGE_WORDS, 1);
	if (!img->w || !img->set) {
		image_free(img);
		return NULL;
	}
	img->lo = 1;    /* empty: lo > hi */
	img->hi = 0;
	return img;
}

void image_free(struct image *img)
{
	if (!img)
		return;
	free(img->w);
	free(img->set);
	free(img);
}

void image_set(struct image *img, addr a, word w)
{
	a &= RH_MASK;
	int empty = img->lo > img->hi;
	img->w[a] = w & W_MASK;
	img->set[a] = 1;
	if (empty || a < img->lo)
		img->lo = a;
	if (empty || a > img->hi)
		img->hi = a;
}
