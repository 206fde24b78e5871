/* loader.c — helpers the format readers share: errors, blocks, reading and writing files. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "image.h"
#include "loader.h"

/* "<prefix><fmt...>" into err, the prefix already formatted there (n bytes). */
static void append_err(char *err, size_t errlen, int n, const char *fmt, va_list ap)
{
	if (n >= 0 && (size_t)n < errlen)
		vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
}

void loader_err(char *err, size_t errlen, const char *name, size_t off,
                const char *fmt, ...)
{
	if (!err || errlen == 0)
		return;
	va_list ap;
	va_start(ap, fmt);
	append_err(err, errlen, snprintf(err, errlen, "%s: offset %zu: ", name, off), fmt, ap);
	va_end(ap);
}

/* Format "NAME: <fmt...>" into err. */
static void plain_err(char *err, size_t errlen, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void plain_err(char *err, size_t errlen, const char *name, const char *fmt, ...)
{
	if (!err || errlen == 0)
		return;
	va_list ap;
	va_start(ap, fmt);
	append_err(err, errlen, snprintf(err, errlen, "%s: ", name), fmt, ap);
	va_end(ap);
}

int loader_block(loader_word_fn *next, void *src, word hdr, size_t hoff, uint32_t first,
                 uint32_t count, int rotate, struct image *img, const char *name,
                 char *err, size_t errlen)
{
	if (first + count - 1 > RH_MASK) {
		loader_err(err, errlen, name, hoff, "block of %u words at %06o runs past address 777777",
		           count, first);
		return -1;
	}
	word sum = hdr, w;
	size_t off;
	for (uint32_t i = 0; i < count; i++) {
		if (next(src, &w, &off, "a data block", name, err, errlen))
			return -1;
		sum = ((rotate ? loader_rot1(sum) : sum) + w) & W_MASK;
		image_set(img, first + i, w);
	}
	if (next(src, &w, &off, "a block's checksum", name, err, errlen))
		return -1;
	if (w != sum) {
		loader_err(err, errlen, name, off,
		           "bad checksum %012llo for the block at offset %zu (computed %012llo)",
		           (unsigned long long)w, hoff, (unsigned long long)sum);
		return -1;
	}
	return 0;
}

int loader_slurp(const char *path, uint8_t **buf, size_t *len, char *err, size_t errlen)
{
	*buf = NULL;
	*len = 0;
	FILE *f = fopen(path, "rb");
	if (!f) {
		plain_err(err, errlen, path, "cannot open: %s", strerror(errno));
		return -1;
	}
	size_t cap = 4096, n = 0;
	uint8_t *p = malloc(cap);
	if (!p) {
		fclose(f);
		plain_err(err, errlen, path, "out of memory");
		return -1;
	}
	for (;;) {
		if (n == cap) {
			if (cap > LOADER_MAX_FILE) {
				free(p);
				fclose(f);
				plain_err(err, errlen, path, "file is larger than %u bytes",
				          LOADER_MAX_FILE);
				return -1;
			}
			uint8_t *q = realloc(p, cap * 2);
			if (!q) {
				free(p);
				fclose(f);
				plain_err(err, errlen, path, "out of memory");
				return -1;
			}
			p = q;
			cap *= 2;
		}
		size_t got = fread(p + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	int bad = ferror(f);
	int e = errno;
	fclose(f);
	if (bad) {
		free(p);
		plain_err(err, errlen, path, "read error: %s", strerror(e));
		return -1;
	}
	if (n > LOADER_MAX_FILE) {
		free(p);
		plain_err(err, errlen, path, "file is larger than %u bytes", LOADER_MAX_FILE);
		return -1;
	}
	*buf = p;
	*len = n;
	return 0;
}

int loader_spill(const char *path, const uint8_t *buf, size_t len, char *err, size_t errlen)
{
	FILE *f = fopen(path, "wb");
	if (!f) {
		plain_err(err, errlen, path, "cannot create: %s", strerror(errno));
		return -1;
	}
	size_t put = len ? fwrite(buf, 1, len, f) : 0;
	int e = errno;
	int bad = put != len || ferror(f);
	if (fclose(f) != 0 && !bad) {
		bad = 1;
		e = errno;
	}
	if (bad) {
		plain_err(err, errlen, path, "write error: %s", strerror(e));
		return -1;
	}
	return 0;
}

void loader_put(struct loader_buf *b, const uint8_t *bytes, size_t n)
{
	if (b->oom)
		return;
	if (b->cap - b->len < n) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap - b->len < n)
			cap *= 2;
		uint8_t *q = realloc(b->p, cap);
		if (!q) {
			b->oom = 1;
			return;
		}
		b->p = q;
		b->cap = cap;
	}
	memcpy(b->p + b->len, bytes, n);
	b->len += n;
}

void loader_runs(const struct image *img,
                 void (*fn)(addr first, unsigned count, void *arg), void *arg)
{
	if (img->lo > img->hi)
		return;
	uint32_t a = img->lo;
	while (a <= img->hi) {
		if (!img->set[a]) {
			a++;
			continue;
		}
		uint32_t first = a;
		while (a <= img->hi && img->set[a] && a - first < LOADER_BLOCK)
			a++;
		fn((addr)first, (unsigned)(a - first), arg);
	}
}

int loader_read(const char *path, loader_parse_fn *parse, struct image *img,
		char *err, size_t errlen)
{
	uint8_t *buf;
	size_t len;
	if (loader_slurp(path, &buf, &len, err, errlen))
		return -1;
	int r = parse(buf, len, path, img, err, errlen);
	free(buf);
	return r;
}
