/* test_asm_limits.c — the assembler at its limits: values out of a half word's range refused with
 * file:line:col, and literal sharing over many literals. */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "asm.h"

static char errs[4096];

/* Assemble src; returns the error count, messages in errs, the image in *out. */
static int as(const char *src, struct image **out)
{
	struct image *img = image_new();
	cr_assert_not_null(img);
	memset(errs, 0, sizeof errs);
	FILE *e = fmemopen(errs, sizeof errs - 1, "w");
	cr_assert_not_null(e);
	int n = asm_text("t.mac", src, img, NULL, e);
	fclose(e);
	if (out)
		*out = img;
	else
		image_free(img);
	return n;
}

static void fails(const char *src, const char *msg)
{
	cr_expect_gt(as(src, NULL), 0, "accepted:\n%s", src);
	cr_expect(strstr(errs, msg), "for:\n%s\nwanted: %s\ngot: %s", src, msg, errs);
}

Test(asm_limits, end_address_out_of_range)
{
	fails("\tLOC 1000\nGO:\tJFCL\n\tEND 1000000\n", "t.mac:3:6: error: start address 1000000 out of range (0-777777)");
	fails("\tLOC 1000\nGO:\tJFCL\n\tEND -1\n", "t.mac:3:6: error: start address 777777777777 out of range");
	struct image *img;
	cr_assert_eq(as("\tLOC 1000\nGO:\tJFCL\n\tEND 777777\n", &img), 0, "%s", errs);
	cr_expect_eq(img->start, 0777777);
	image_free(img);
}

Test(asm_limits, iowd_out_of_range)
{
	fails("\tLOC 1000\n\tIOWD 1000000,5\n\tEND\n", "t.mac:2:7: error: IOWD count 1000000 out of range (0-777777)");
	fails("\tLOC 1000\n\tIOWD 5, 1000000\n\tEND\n", "t.mac:2:10: error: IOWD address 1000000 out of range (0-777777)");
	fails("\tLOC 1000\n\tIOWD -1,5\n\tEND\n", "t.mac:2:7: error: IOWD count 777777777777 out of range");
	struct image *img;
	cr_assert_eq(as("\tLOC 1000\n\tIOWD 777777,5\n\tIOWD 2,X\nX:\tIOWD 0,0\n\tEND\n", &img), 0, "%s", errs);
	cr_expect_eq(img->w[01000], 0000001000004);
	cr_expect_eq(img->w[01001], 0777776001001);
	cr_expect_eq(img->w[01002], 0000000777777);
	image_free(img);
}

/* Many literals: identical ones whose words are known share one copy (the
 * first), others each get their own; forward references are never shared. */
Test(asm_limits, many_literals_shared_exactly)
{
	enum { N = 20000 };
	size_t cap = (size_t)N * 64 + 256, len = 0;
	char *src = malloc(cap);
	cr_assert_not_null(src);
	len += (size_t)snprintf(src + len, cap - len, "\tLOC 1000\nGO:\tJFCL\n");
	for (unsigned i = 0; i < N; i++)
		len += (size_t)snprintf(src + len, cap - len, "\tMOVE 1,[%o\n\t%o]\n\tMOVE 2,[F]\n", i % 1000, i % 7);
	snprintf(src + len, cap - len, "\tLIT\nF:\tHALT .\n\tEND GO\n");
	struct image *img;
	cr_assert_eq(as(src, &img), 0, "%s", errs);
	/* Placed in source order: a pair at its first use (i mod 1000 and i mod 7
	 * repeat every 7000), every [F] in its own word; F follows them all. */
	static addr first[7000];
	addr next = 01001 + 2 * N, f_at = 01001 + 2 * N + 2 * 7000 + N;
	for (unsigned i = 0; i < N; i++) {
		addr a = RH(img->w[01001 + 2 * i]), f = RH(img->w[01002 + 2 * i]);
		if (i < 7000) {
			first[i] = next;
			next += 2;
		}
		cr_assert_eq(a, first[i % 7000], "literal %u at %o, wanted %o", i, a, first[i % 7000]);
		cr_assert_eq(img->w[a], i % 1000);
		cr_assert_eq(img->w[a + 1], i % 7);
		cr_assert_eq(f, next, "[F] %u at %o, wanted %o", i, f, next);
		cr_assert_eq(img->w[f], f_at);
		next++;
	}
	cr_expect_eq(next, f_at);
	image_free(img);
	free(src);
}
