/* target.h — what the fuzz targets share: the libFuzzer entry point each defines, and its checks. */
#ifndef TENVM_FUZZ_TARGET_H
#define TENVM_FUZZ_TARGET_H

#include <stddef.h>
#include <stdint.h>
#include "image.h"
#include "loader.h"

/* One input; returns 0.  A crash, a sanitizer report or a failed check
 * (fz_fail) is a finding.  Defined once per target (sav.c, rim.c, sblk.c,
 * asm.c); run by libFuzzer, or by replay.c over files. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The target's one image, emptied (kept across inputs: allocating 2 MB per
 * input would be most of the time spent). */
struct image *fz_image(void);

/* A broken invariant: print it and abort (libFuzzer saves the input). */
_Noreturn void fz_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Whether two images hold the same words at the same addresses and the same start. */
int fz_same_image(const struct image *a, const struct image *b);

typedef int fz_encode_fn(const struct image *img, uint8_t **out, size_t *outlen, char *err,
			 size_t errlen);

/* A writer and its reader agree: when encode can write img (rim and sblk
 * need a start), parse reads back the same image. */
void fz_round_trip(const struct image *img, loader_parse_fn *parse, fz_encode_fn *encode,
		   const char *name);

/* The loader's contract on any bytes: it loads them or refuses them with a
 * message naming the file; what it loads goes through its writer unchanged. */
int fz_loader(const uint8_t *data, size_t size, loader_parse_fn *parse, fz_encode_fn *encode,
	      const char *name);

#endif
