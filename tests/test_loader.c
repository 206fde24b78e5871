/* test_loader.c — SAV, RIM10B and SBLK readers and writers, byte for byte. */
#define _POSIX_C_SOURCE 200809L
#include "loader_util.h"

/* ---- SAV ---------------------------------------------------------------- */

Test(sav, packs_core_dump_exactly)
{
	struct image *img = new_img();
	image_set(img, 01000, 0123456701234);
	img->start = 01000;
	img->has_start = 1;
	uint8_t *out;
	size_t n;
	char err[200];
	cr_assert_eq(sav_encode(img, &out, &n, err, sizeof err), 0);
	static const uint8_t want[15] = {
		0377, 0377, 0300, 0037, 0017,   /* IOWD -1,,777 */
		0051, 0313, 0270, 0051, 0014,   /* 123456701234 */
		0126, 0000, 0000, 0040, 0000,   /* JRST 1000 */
	};
	cr_assert_eq(n, sizeof want);
	cr_assert_eq(memcmp(out, want, n), 0);
	free(out);
	image_free(img);
}

Test(sav, reads_hand_built_file)
{
	struct bytes x = { .n = 0 };
	b_core(&x, IOWD(2, 0777));
	b_core(&x, 0123456701234);
	b_core(&x, 0777777777777);
	b_core(&x, IOWD(1, 0777777));           /* loads address 0 */
	b_core(&x, 42);
	b_core(&x, JRST(01001));
	b_core(&x, 0777);                       /* after the end: ignored */
	struct image *img = new_img();
	char err[200] = "";
	cr_assert_eq(sav_parse(x.b, x.n, "F", img, err, sizeof err), 0, "%s", err);
	cr_assert_eq(img->w[01000], 0123456701234);
	cr_assert_eq(img->w[01001], 0777777777777);
	cr_assert_eq(img->w[0], 42);
	cr_assert(img->set[0] && img->set[01000] && img->set[01001]);
	cr_assert_eq(img->lo, 0);
	cr_assert_eq(img->hi, 01001);
	cr_assert(img->has_start);
	cr_assert_eq(img->start, 01001);
	image_free(img);
}

Test(sav, end_words_without_start)
{
	char err[200] = "";
	/* ends with 0; with a non-JRST; with nothing after the last block */
	word ends[] = { 0, XWD(0200000, 0100), 1 };
	for (int k = 0; k < 3; k++) {
		struct bytes x = { .n = 0 };
		b_core(&x, IOWD(1, 0100));
		b_core(&x, 7);
		if (k < 2)
			b_core(&x, ends[k]);
		struct image *img = new_img();
		cr_assert_eq(sav_parse(x.b, x.n, "F", img, err, sizeof err), 0, "%s", err);
		cr_assert_eq(img->has_start, 0);
		cr_assert_eq(img->w[0101], 7);
		image_free(img);
	}
	/* a zero-count header (left half 0) is an end word */
	struct bytes x = { .n = 0 };
	b_core(&x, XWD(0, 0100));
	b_core(&x, IOWD(1, 0100));
	b_core(&x, 7);
	struct image *img = new_img();
	cr_assert_eq(sav_parse(x.b, x.n, "F", img, err, sizeof err), 0, "%s", err);
	cr_assert_eq(img->lo > img->hi, 1, "nothing loaded");
	image_free(img);
}

Test(sav, refuses_corruption)
{
	expect_fail(sav_parse, (const uint8_t *)"", 0, "offset 0: empty file");

	struct bytes x = { .n = 0 };
	b_core(&x, IOWD(1, 0100));
	b_core(&x, 7);
	b_core(&x, JRST(0100));
	expect_fail(sav_parse, x.b, x.n - 2, "offset 10: truncated mid-word");
	expect_fail(sav_parse, x.b, 3, "offset 0: truncated mid-word");

	x.b[9] |= 0100;                         /* high nibble of word 1's octet 4 */
	expect_fail(sav_parse, x.b, x.n, "offset 9: corrupt core-dump word");

	x.n = 0;
	b_core(&x, IOWD(1, 0100));
	b_core(&x, 7);
	b_core(&x, IOWD(010, 0200));            /* 8 words promised, 2 given */
	b_core(&x, 1);
	b_core(&x, 2);
	expect_fail(sav_parse, x.b, x.n, "offset 10: block of 8 words runs past the end");

	x.n = 0;
	b_core(&x, XWD(0400000, 0));            /* the largest count */
	b_core(&x, 1);
	expect_fail(sav_parse, x.b, x.n, "offset 0: block of 131072 words runs past the end");

	x.n = 0;
	b_core(&x, IOWD(3, 0777775));           /* 777776, 777777, then wraps */
	for (int i = 0; i < 3; i++)
		b_core(&x, 1);
	expect_fail(sav_parse, x.b, x.n, "offset 0: block of 3 words at 777776 runs past address 777777");
}

Test(sav, round_trips_random_images)
{
	uint64_t s = 0x5a5a1234;
	for (int k = 0; k < 40; k++) {
		struct image *a = random_image(&s, 0);
		if (k % 5 == 0)
			a->has_start = 0;
		if (k == 1)                     /* empty */
			for (uint32_t x = 0; x < IMAGE_WORDS; x++)
				a->set[x] = 0, a->lo = 1, a->hi = 0;
		uint8_t *out;
		size_t n;
		char err[200] = "";
		cr_assert_eq(sav_encode(a, &out, &n, err, sizeof err), 0, "%s", err);
		struct image *b = new_img();
		cr_assert_eq(sav_parse(out, n, "F", b, err, sizeof err), 0, "%s", err);
		assert_same(a, b);
		free(out);
		image_free(a);
		image_free(b);
	}
}

Test(sav, blocks_are_at_most_01000_words)
{
	struct image *img = new_img();
	for (addr a = 0100; a < 0100 + 02001; a++)
		image_set(img, a, a);
	uint8_t *out;
	size_t n;
	char err[200];
	cr_assert_eq(sav_encode(img, &out, &n, err, sizeof err), 0);
	/* 3 IOWDs + 2001 words + end word */
	cr_assert_eq(n, 5u * (3 + 02001 + 1));
	word iowd = (word)out[0] << 28 | (word)out[1] << 20 | (word)out[2] << 12 |
	            (word)out[3] << 4 | out[4];
	cr_assert_eq(iowd, IOWD(01000, 077));
	free(out);
	image_free(img);
}

/* ---- RIM10B ------------------------------------------------------------- */

/* A RIM10B tape: leader, the loader pointer and 016 loader words. */
static void rim_head(struct bytes *x, int its)
{
	for (int i = 0; i < 5; i++)
		x->b[x->n++] = 0;
	b_tape(x, XWD(01000000u - (its ? 017 : 016), 0));
	for (int i = 0; i < (its ? 017 : 016); i++)
		b_tape(x, 0254000000000 + (word)i);
}

Test(rim, punches_frames_exactly)
{
	struct image *img = new_img();
	image_set(img, 01000, 0123456701234);
	img->start = 01000;
	img->has_start = 1;
	uint8_t *out;
	size_t n;
	char err[200] = "";
	cr_assert_eq(rim_encode(img, &out, &n, err, sizeof err), 0, "%s", err);
	/* find the data word after leader + 017 loader words + IOWD */
	size_t i = 0;
	while (i < n && !(out[i] & 0200))
		i++;
	i += 6 * (017 + 1);
	static const uint8_t want[6] = { 0212, 0234, 0256, 0270, 0212, 0234 };
	cr_assert(i + 6 <= n);
	cr_assert_eq(memcmp(out + i, want, 6), 0);
	/* first binary word is the RIM10B loader pointer -16,,0 */
	struct image *b = new_img();
	cr_assert_eq(rim_parse(out, n, "F", b, err, sizeof err), 0, "%s", err);
	cr_assert_eq(b->w[01000], 0123456701234);
	cr_assert_eq(b->start, 01000);
	free(out);
	image_free(img);
	image_free(b);
}

Test(rim, reads_hand_built_tapes)
{
	struct bytes x = { .n = 0 };
	rim_head(&x, 0);
	b_tape(&x, IOWD(2, 0777));
	b_tape(&x, 0123456701234);
	/* a word with blank frames inside it */
	x.b[x.n++] = 0200 | 00; x.b[x.n++] = 0; x.b[x.n++] = 0177;
	x.b[x.n++] = 0200 | 00; x.b[x.n++] = 0200; x.b[x.n++] = 0200; x.b[x.n++] = 0200;
	x.b[x.n++] = 0200 | 01;
	b_tape(&x, 0123454702234);               /* checksum */
	b_tape(&x, JRST(01000));
	for (int i = 0; i < 10; i++)
		x.b[x.n++] = 0;
	struct image *img = new_img();
	char err[200] = "";
	cr_assert_eq(rim_parse(x.b, x.n, "F", img, err, sizeof err), 0, "%s", err);
	cr_assert_eq(img->w[01000], 0123456701234);
	cr_assert_eq(img->w[01001], 1);
	cr_assert_eq(img->start, 01000);
	image_free(img);

	/* ITS RIM10: -17,,0, AOBJN pointer -n,,first, rotating checksum */
	x.n = 0;
	rim_head(&x, 1);
	b_tape(&x, IOWD(2, 01000));
	b_tape(&x, 0123456701234);
	b_tape(&x, 1);
	b_tape(&x, 0247125606473);
	b_tape(&x, JRST(01000));
	img = new_img();
	cr_assert_eq(rim_parse(x.b, x.n, "F", img, err, sizeof err), 0, "%s", err);
	cr_assert_eq(img->w[01000], 0123456701234);
	cr_assert_eq(img->w[01001], 1);
	image_free(img);
}

Test(rim, refuses_corruption)
{
	expect_fail(rim_parse, (const uint8_t *)"", 0, "offset 0: empty file");
	expect_fail(rim_parse, (const uint8_t *)"\0\0\0", 3, "offset 0: no binary frames");

	struct bytes x = { .n = 0 };
	b_tape(&x, IOWD(020, 0));
	expect_fail(rim_parse, x.b, x.n, "offset 0: not a RIM10B tape");
	x.n = 0;
	b_tape(&x, IOWD(016, 1));
	expect_fail(rim_parse, x.b, x.n, "offset 0: not a RIM10B tape");

	x.n = 0;
	rim_head(&x, 0);                        /* 5 + 15 * 6 = 95 octets */
	expect_fail(rim_parse, x.b, x.n - 4, "offset 89: tape ends inside the read-in loader");
	expect_fail(rim_parse, x.b, x.n, "offset 95: tape ends before the JRST start word");

	size_t h = x.n;
	b_tape(&x, IOWD(2, 0777));
	b_tape(&x, 0123456701234);
	b_tape(&x, 1);
	b_tape(&x, 0123454702235);              /* off by one */
	b_tape(&x, JRST(01000));
	char want[80];
	snprintf(want, sizeof want, "offset %zu: bad checksum", h + 18);
	expect_fail(rim_parse, x.b, x.n, want);
	snprintf(want, sizeof want, "offset %zu: tape ends inside a data block", h + 12);
	expect_fail(rim_parse, x.b, h + 15, want);
	snprintf(want, sizeof want, "offset %zu: tape ends before a data block", h + 12);
	expect_fail(rim_parse, x.b, h + 12, want);

	x.n = h;
	b_tape(&x, XWD(0400000, 0));            /* huge count, tape too short */
	b_tape(&x, 1);
	expect_fail(rim_parse, x.b, x.n, "tape ends before a data block");

	x.n = h;
	b_tape(&x, IOWD(2, 0777776));           /* 777777, then wraps */
	expect_fail(rim_parse, x.b, x.n, "runs past address 777777");

	x.n = h;
	b_tape(&x, 0);                          /* zero word: not a JRST */
	snprintf(want, sizeof want, "offset %zu: end word 000000000000 is not a JRST", h);
	expect_fail(rim_parse, x.b, x.n, want);
}

Test(rim, writer_refuses_what_a_tape_cannot_hold)
{
	struct image *img = new_img();
	image_set(img, 0100, 1);
	uint8_t *out = (uint8_t *)1;
	size_t n;
	char err[200] = "";
	cr_assert_eq(rim_encode(img, &out, &n, err, sizeof err), -1);
	cr_assert_null(out);
	cr_assert_not_null(strstr(err, "start address"), "%s", err);
	img->has_start = 1;
	image_set(img, 017, 1);
	cr_assert_eq(rim_encode(img, &out, &n, err, sizeof err), -1);
	cr_assert_not_null(strstr(err, "accumulators"), "%s", err);
	image_free(img);
}

Test(rim, round_trips_random_images)
{
	uint64_t s = 0x1badcafe;
	for (int k = 0; k < 40; k++) {
		struct image *a = random_image(&s, 020);
		uint8_t *out;
		size_t n;
		char err[200] = "";
		cr_assert_eq(rim_encode(a, &out, &n, err, sizeof err), 0, "%s", err);
		struct image *b = new_img();
		cr_assert_eq(rim_parse(out, n, "F", b, err, sizeof err), 0, "%s", err);
		assert_same(a, b);
		free(out);
		image_free(a);
		image_free(b);
	}
}

/* ---- SBLK --------------------------------------------------------------- */

Test(sblk, reads_evacuate_text_and_binary_words)
{
	struct bytes x = { .n = 0 };
	b_raw(&x, "ABCDE", 5);                  /* bootstrap junk, as text */
	b_raw(&x, "\207abc", 4);                /* 0207 = two rubouts */
	b_evac(&x, 0254000000001);              /* JRST 1 */
	b_evac(&x, IOWD(2, 0100));
	/* data word 1 "ABCD<CR>", the LF carried into word 2 "<LF>EFGH" */
	b_raw(&x, "ABCD\nEFGH", 9);
	b_evac(&x, 066241550307);               /* checksum */
	b_evac(&x, IOWD(1, 0777777));
	b_evac(&x, 0123456701234);
	b_evac(&x, ((IOWD(1, 0777777) << 1 | IOWD(1, 0777777) >> 35) + 0123456701234) & W_MASK);
	b_evac(&x, XWD(0324000, 0100));         /* JUMPA 100 */
	b_raw(&x, "junk", 4);
	struct image *img = new_img();
	char err[200] = "";
	cr_assert_eq(sblk_parse(x.b, x.n, "F", img, err, sizeof err), 0, "%s", err);
	cr_assert_eq(img->w[0100], 0406050342032, "%012llo", (unsigned long long)img->w[0100]);
	cr_assert_eq(img->w[0101], 052130643620, "%012llo", (unsigned long long)img->w[0101]);
	cr_assert_eq(img->w[0777777], 0123456701234);
	cr_assert_eq(img->start, 0100);
	cr_assert(img->has_start);
	image_free(img);
}

Test(sblk, packs_binary_words_exactly)
{
	struct image *img = new_img();
	image_set(img, 01000, 0123456701234);
	img->start = 01000;
	img->has_start = 1;
	uint8_t *out;
	size_t n;
	char err[200] = "";
	cr_assert_eq(sblk_encode(img, &out, &n, err, sizeof err), 0, "%s", err);
	static const uint8_t want[10] = {
		0365, 0140, 0000, 0000, 0001,   /* JRST 1 */
		0377, 0377, 0374, 0002, 0000,   /* -1,,1000 */
	};
	cr_assert(n >= 15);
	cr_assert_eq(memcmp(out, want, 10), 0);
	static const uint8_t data[5] = { 0362, 0234, 0273, 0202, 0234 };
	cr_assert_eq(memcmp(out + 10, data, 5), 0);
	free(out);
	image_free(img);
}

Test(sblk, start_word_cut_short_is_zero_padded)
{
	struct bytes x = { .n = 0 };
	b_evac(&x, 0254000000001);
	/* JRST 400 as text: chars 053 000 000 001 000, the last one dropped */
	b_raw(&x, "\053\0\0\1", 4);
	struct image *img = new_img();
	char err[200] = "";
	cr_assert_eq(sblk_parse(x.b, x.n, "F", img, err, sizeof err), 0, "%s", err);
	cr_assert_eq(img->start, 0400);
	image_free(img);
}

Test(sblk, refuses_corruption)
{
	expect_fail(sblk_parse, (const uint8_t *)"", 0, "offset 0: empty file");
	expect_fail(sblk_parse, (const uint8_t *)"ABCDEFGHIJ", 10, "offset 10: no JRST 1");

	struct bytes x = { .n = 0 };
	b_evac(&x, 0254000000001);
	expect_fail(sblk_parse, x.b, x.n, "offset 5: file ends before the start instruction");
	expect_fail(sblk_parse, x.b, 3, "offset 0: file ends inside a binary word");

	size_t h = x.n;
	b_evac(&x, IOWD(2, 0100));
	b_evac(&x, 1);
	b_evac(&x, 2);
	b_evac(&x, 0);                          /* wrong checksum */
	b_evac(&x, JRST(0100));
	expect_fail(sblk_parse, x.b, x.n, "offset 20: bad checksum");
	expect_fail(sblk_parse, x.b, 13, "offset 10: file ends inside a binary word");
	expect_fail(sblk_parse, x.b, 10, "offset 10: file ends before a data block");

	x.n = h;
	b_raw(&x, "AB\360", 3);                 /* binary octet inside a text word */
	expect_fail(sblk_parse, x.b, x.n, "offset 7: binary-word octet inside a text word");

	x.n = h;
	b_raw(&x, "\377\377", 2);               /* header cut short, negative */
	expect_fail(sblk_parse, x.b, x.n, "offset 5: file ends inside a binary word");
	x.n = h;
	b_raw(&x, "\177\177", 2);               /* text header cut short: negative */
	expect_fail(sblk_parse, x.b, x.n, "offset 5: file ends inside a block header");

	x.n = h;
	b_evac(&x, XWD(0400000, 0));            /* huge count */
	b_evac(&x, 1);
	expect_fail(sblk_parse, x.b, x.n, "file ends before a data block");

	x.n = h;
	b_evac(&x, IOWD(2, 0777777));
	expect_fail(sblk_parse, x.b, x.n, "offset 5: block of 2 words at 777777 runs past");

	x.n = h;
	b_evac(&x, 0);                          /* zero word: not a start */
	expect_fail(sblk_parse, x.b, x.n, "offset 5: start instruction 000000000000 is not JRST");
}

Test(sblk, round_trips_random_images)
{
	uint64_t s = 0xfeedf00d;
	for (int k = 0; k < 40; k++) {
		struct image *a = random_image(&s, 0);
		uint8_t *out;
		size_t n;
		char err[200] = "";
		cr_assert_eq(sblk_encode(a, &out, &n, err, sizeof err), 0, "%s", err);
		struct image *b = new_img();
		cr_assert_eq(sblk_parse(out, n, "F", b, err, sizeof err), 0, "%s", err);
		assert_same(a, b);
		free(out);
		image_free(a);
		image_free(b);
	}
}

Test(sblk, writer_needs_a_start)
{
	struct image *img = new_img();
	image_set(img, 0100, 1);
	uint8_t *out;
	size_t n;
	char err[200] = "";
	cr_assert_eq(sblk_encode(img, &out, &n, err, sizeof err), -1);
	cr_assert_not_null(strstr(err, "start address"), "%s", err);
	image_free(img);
}
