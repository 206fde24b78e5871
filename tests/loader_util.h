/* loader_util.h — what the loader tests share: scratch files, random images, byte packings, failure checks. */
#ifndef TENVM_LOADER_UTIL_H
#define TENVM_LOADER_UTIL_H

#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "image.h"
#include "loader.h"

/* ---- helpers ------------------------------------------------------------ */

/* A scratch directory for one test's files. */
struct scratch {
	char dir[64];
	char path[128];
};

static inline void scratch_open(struct scratch *s)
{
	strcpy(s->dir, "/tmp/tenvm-loader-XXXXXX");
	cr_assert_not_null(mkdtemp(s->dir));
}

static inline void scratch_close(struct scratch *s)
{
	DIR *d = opendir(s->dir);
	if (d) {
		struct dirent *e;
		while ((e = readdir(d))) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			char p[400];
			snprintf(p, sizeof p, "%s/%s", s->dir, e->d_name);
			unlink(p);
		}
		closedir(d);
	}
	rmdir(s->dir);
}

static inline const char *scratch_file(struct scratch *s, const char *name)
{
	snprintf(s->path, sizeof s->path, "%s/%s", s->dir, name);
	return s->path;
}

static inline void put_file(const char *path, const uint8_t *b, size_t n)
{
	FILE *f = fopen(path, "wb");
	cr_assert_not_null(f);
	if (n)
		cr_assert_eq(fwrite(b, 1, n, f), n);
	cr_assert_eq(fclose(f), 0);
}

/* A small deterministic PRNG (xorshift64*). */
static inline uint64_t rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

static inline struct image *new_img(void)
{
	struct image *img = image_new();
	cr_assert_not_null(img);
	return img;
}

/* A random image: a few runs (some longer than a block) and scattered words,
 * never below address lo_min. */
static inline struct image *random_image(uint64_t *s, addr lo_min)
{
	struct image *img = new_img();
	int runs = (int)(rnd(s) % 6);
	for (int r = 0; r < runs; r++) {
		addr first = lo_min + (addr)(rnd(s) % (0777000u - lo_min));
		unsigned n = 1 + (unsigned)(rnd(s) % (rnd(s) % 4 == 0 ? 03000 : 40));
		for (unsigned i = 0; i < n && first + i <= RH_MASK; i++)
			image_set(img, first + i, rnd(s));
	}
	int singles = (int)(rnd(s) % 20);
	for (int i = 0; i < singles; i++)
		image_set(img, lo_min + (addr)(rnd(s) % (01000000u - lo_min)), rnd(s));
	if (rnd(s) % 8 == 0)            /* the very top of memory */
		image_set(img, RH_MASK, rnd(s));
	img->start = (addr)(rnd(s) & RH_MASK);
	img->has_start = 1;
	return img;
}

static inline void assert_same(const struct image *a, const struct image *b)
{
	cr_assert_eq(a->has_start, b->has_start);
	if (a->has_start)
		cr_assert_eq(a->start, b->start, "start %06o vs %06o", a->start, b->start);
	cr_assert_eq(memcmp(a->set, b->set, IMAGE_WORDS), 0, "different addresses set");
	for (uint32_t x = 0; x < IMAGE_WORDS; x++)
		if (a->set[x])
			cr_assert_eq(a->w[x], b->w[x], "word %06o: %012llo vs %012llo", x,
			             (unsigned long long)a->w[x], (unsigned long long)b->w[x]);
	if (a->lo <= a->hi) {
		cr_assert_eq(a->lo, b->lo);
		cr_assert_eq(a->hi, b->hi);
	}
}

typedef int (*parse_fn)(const uint8_t *, size_t, const char *, struct image *, char *, size_t);
typedef int (*encode_fn)(const struct image *, uint8_t **, size_t *, char *, size_t);

/* Parse buf and require failure with err containing want. */
static inline void expect_fail(parse_fn parse, const uint8_t *buf, size_t len, const char *want)
{
	struct image *img = new_img();
	char err[300] = "";
	cr_assert_eq(parse(buf, len, "F", img, err, sizeof err), -1, "accepted; wanted \"%s\"", want);
	cr_assert_not_null(strstr(err, want), "error \"%s\" lacks \"%s\"", err, want);
	cr_assert_eq(strncmp(err, "F: ", 3), 0, "error \"%s\" does not name the file", err);
	image_free(img);
}

/* Byte builders for hand-made fixtures. */
struct bytes {
	uint8_t b[4096];
	size_t n;
};

static inline void b_core(struct bytes *x, word w)      /* core-dump packing */
{
	x->b[x->n++] = (uint8_t)(w >> 28);
	x->b[x->n++] = (uint8_t)(w >> 20);
	x->b[x->n++] = (uint8_t)(w >> 12);
	x->b[x->n++] = (uint8_t)(w >> 4);
	x->b[x->n++] = (uint8_t)(w & 017);
}

static inline void b_tape(struct bytes *x, word w)      /* paper tape frames */
{
	for (int i = 0; i < 6; i++)
		x->b[x->n++] = (uint8_t)(0200 | ((w >> (30 - 6 * i)) & 077));
}

static inline void b_evac(struct bytes *x, word w)      /* evacuate binary word */
{
	x->b[x->n++] = (uint8_t)(0360 | (w >> 32));
	x->b[x->n++] = (uint8_t)(w >> 24);
	x->b[x->n++] = (uint8_t)(w >> 16);
	x->b[x->n++] = (uint8_t)(w >> 8);
	x->b[x->n++] = (uint8_t)w;
}

static inline void b_raw(struct bytes *x, const char *s, size_t n)
{
	memcpy(x->b + x->n, s, n);
	x->n += n;
}

#define IOWD(n, a) XWD(01000000u - (n), (a))
#define JRST(a)    XWD(0254000, (a))

#endif
