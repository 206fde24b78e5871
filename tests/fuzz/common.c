/* common.c — the fuzz targets' shared checks: an image kept across inputs, and the loaders' round trip. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "target.h"

_Noreturn void fz_fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("fuzz: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	abort();
}

/* Empty img (only the words it holds are cleared). */
static void image_clear(struct image *img)
{
	if (img->lo <= img->hi) {
		memset(img->w + img->lo, 0, (size_t)(img->hi - img->lo + 1) * sizeof *img->w);
		memset(img->set + img->lo, 0, (size_t)(img->hi - img->lo + 1));
	}
	img->lo = 1;
	img->hi = 0;
	img->start = 0;
	img->has_start = 0;
}

static struct image *slot(int k)
{
	static struct image *imgs[2];
	if (!imgs[k] && !(imgs[k] = image_new()))
		fz_fail("out of memory");
	image_clear(imgs[k]);
	return imgs[k];
}

struct image *fz_image(void) { return slot(0); }

int fz_same_image(const struct image *a, const struct image *b)
{
	if (a->has_start != b->has_start || (a->has_start && a->start != b->start))
		return 0;
	int ea = a->lo > a->hi, eb = b->lo > b->hi;
	if (ea || eb)
		return ea == eb;
	if (a->lo != b->lo || a->hi != b->hi)
		return 0;
	size_t n = (size_t)(a->hi - a->lo + 1);
	return !memcmp(a->set + a->lo, b->set + b->lo, n) && !memcmp(a->w + a->lo, b->w + b->lo, n * sizeof *a->w);
}

void fz_round_trip(const struct image *img, loader_parse_fn *parse, fz_encode_fn *encode,
		   const char *name)
{
	uint8_t *out = NULL;
	size_t outlen = 0;
	char err[512];
	if (encode(img, &out, &outlen, err, sizeof err))
		return;
	struct image *again = slot(1);
	if (parse(out, outlen, name, again, err, sizeof err))
		fz_fail("%s: what the writer wrote does not load: %s", name, err);
	if (!fz_same_image(img, again))
		fz_fail("%s: written and loaded again, the image differs", name);
	free(out);
}

int fz_loader(const uint8_t *data, size_t size, loader_parse_fn *parse, fz_encode_fn *encode,
	      const char *name)
{
	struct image *img = fz_image();
	char err[512];
	err[0] = 0;
	if (parse(data, size, name, img, err, sizeof err)) {
		if (strncmp(err, name, strlen(name)))
			fz_fail("%s refused without naming the file: '%s'", name, err);
		return 0;
	}
	fz_round_trip(img, parse, encode, name);
	return 0;
}
