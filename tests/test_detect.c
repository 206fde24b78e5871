/* test_detect.c — load_file tells format and packing from the content; --format overrides; what unreadable files look like. */
#define _POSIX_C_SOURCE 200809L
#include "loader_util.h"

/* Write bytes to NAME in the scratch dir and load it with format fmt (NULL:
 * detect); returns load_file_as's result, err holding the message. */
static int load_bytes(struct scratch *s, const char *name, const uint8_t *b, size_t n,
		      const char *fmt, struct image *img, char *err, size_t errlen)
{
	const char *p = scratch_file(s, name);
	put_file(p, b, n);
	struct load_format f;
	if (fmt)
		cr_assert_eq(load_format_parse(fmt, &f), 0, "%s", fmt);
	err[0] = 0;
	return load_file_as(p, fmt ? &f : NULL, img, err, errlen);
}

static void expect_loads(struct scratch *s, const char *name, const uint8_t *b, size_t n,
			 const char *fmt, const struct image *want)
{
	struct image *img = new_img();
	char err[400];
	cr_assert_eq(load_bytes(s, name, b, n, fmt, img, err, sizeof err), 0, "%s: %s", name, err);
	assert_same(want, img);
	image_free(img);
}

static void expect_refused(struct scratch *s, const char *name, const uint8_t *b, size_t n,
			   const char *fmt, const char *want)
{
	struct image *img = new_img();
	char err[400];
	cr_assert_eq(load_bytes(s, name, b, n, fmt, img, err, sizeof err), -1, "%s loaded", name);
	cr_assert_not_null(strstr(err, want), "%s: \"%s\" lacks \"%s\"", name, err, want);
	cr_assert_not_null(strstr(err, name), "%s: \"%s\" does not name the file", name, err);
	cr_assert_null(strchr(err, '\n'), "one line: %s", err);
	image_free(img);
}

/* ---- detection ---- */

Test(detect, every_format_and_packing_whatever_the_name)
{
	struct scratch s;
	scratch_open(&s);
	uint64_t seed = 0x5eed;
	struct image *a = random_image(&seed, 020);
	uint8_t *b;
	size_t n;
	char err[300];
	static const enum packing packs[] = { PACK_CORE, PACK_EVAC, PACK_ASCII };
	for (int k = 0; k < 3; k++) {
		cr_assert_eq(sav_encode_packed(a, packs[k], &b, &n, err, sizeof err), 0, "%s", err);
		expect_loads(&s, "prog", b, n, NULL, a);          /* no extension */
		expect_loads(&s, "prog.rim", b, n, NULL, a);      /* a misleading one */
		free(b);
	}
	cr_assert_eq(sblk_encode(a, &b, &n, err, sizeof err), 0);
	expect_loads(&s, "prog.sav", b, n, NULL, a);
	free(b);
	cr_assert_eq(rim_encode(a, &b, &n, err, sizeof err), 0);
	expect_loads(&s, "tape.dat", b, n, NULL, a);
	free(b);
	image_free(a);

	/* MACRO-10 text under any name is assembled */
	static const char src[] = "\tLOC\t1000\nGO:\tMOVEI\t1,5\n\tJRST\t4,.\n\tEND\tGO\n";
	struct image *m = new_img();
	cr_assert_eq(load_bytes(&s, "prog.txt", (const uint8_t *)src, sizeof src - 1, NULL, m, err,
				sizeof err), 0, "%s", err);
	cr_assert_eq(m->w[01000], 0201040000005);
	cr_assert_eq(m->start, 01000);
	image_free(m);
	scratch_close(&s);
}

Test(detect, evacuated_sav_with_text_words)
{
	/* The DEC SAV files in the ITS repository are evacuated: a word whose
	 * bit 35 is 0 may come as 5 text octets, and the length is then no
	 * multiple of 5 (tenvm used to refuse them as "truncated mid-word"). */
	struct scratch s;
	scratch_open(&s);
	struct bytes x = { .n = 0 };
	struct image *want = new_img();
	image_set(want, 01000, 0406050342212ULL);   /* "ABCDE" */
	image_set(want, 01001, 0064241505360ULL);   /* CR LF CR LF x */
	image_set(want, 01002, 0744727657200ULL);
	want->start = 01000;
	want->has_start = 1;
	b_evac(&x, IOWD(3, 0777));
	b_raw(&x, "ABCDE", 5);                  /* 101 102 103 104 105 */
	b_raw(&x, "\n\nx", 3);                 /* 012 is CR LF: 015 012 015 012 170 */
	b_evac(&x, 0744727657200ULL);
	b_evac(&x, JRST(01000));
	cr_assert_neq(x.n % 5, 0);
	expect_loads(&s, "dakaa.sav", x.b, x.n, NULL, want);
	expect_loads(&s, "dakaa.sav", x.b, x.n, "sav:evac", want);
	expect_loads(&s, "dakaa.sav", x.b, x.n, "evac", want);
	expect_refused(&s, "dakaa.sav", x.b, x.n, "sav:core", "truncated mid-word");
	image_free(want);
	scratch_close(&s);
}

/* ---- --format ---- */

Test(detect, format_names)
{
	struct load_format f;
	cr_assert_eq(load_format_parse("sav", &f), 0);
	cr_assert_eq(f.kind, LOAD_SAV);
	cr_assert_eq(f.pack, 0);
	cr_assert_eq(load_format_parse("SBLK:core", &f), 0);
	cr_assert_eq(f.kind, LOAD_SBLK);
	cr_assert_eq(f.pack, PACK_CORE);
	cr_assert_eq(load_format_parse("evac", &f), 0);
	cr_assert_eq(f.kind, LOAD_DETECT);
	cr_assert_eq(f.pack, PACK_EVAC);
	cr_assert_eq(load_format_parse("mac", &f), 0);
	cr_assert_eq(f.kind, LOAD_MAC);
	cr_assert_eq(load_format_parse("rim", &f), 0);
	static const char *bad[] = { "", "exe", "sav:", "sav:zip", "rim:core", "mac:evac",
				     ":evac", "core:sav", "savsavsavsavsavsavsavsavsavsavsavsav" };
	for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++)
		cr_assert_eq(load_format_parse(bad[i], &f), -1, "'%s' accepted", bad[i]);
}

Test(detect, format_overrides_detection)
{
	struct scratch s;
	scratch_open(&s);
	uint64_t seed = 77;
	struct image *a = random_image(&seed, 020);
	uint8_t *b;
	size_t n;
	char err[300];
	cr_assert_eq(sblk_encode(a, &b, &n, err, sizeof err), 0);
	expect_loads(&s, "p", b, n, "sblk", a);
	expect_loads(&s, "p", b, n, "sblk:evac", a);
	/* forced to something it is not: that reader's own error */
	expect_refused(&s, "p", b, n, "sav", "p: offset ");
	expect_refused(&s, "p", b, n, "rim", "not a RIM10B tape");
	expect_refused(&s, "p", b, n, "sblk:core", "corrupt core-dump word");
	free(b);
	/* MACRO-10 text forced as a binary, and a binary forced as text */
	static const char src[] = "\tLOC\t1000\n\tHALT\t.\n\tEND\t1000\n";
	expect_refused(&s, "q.mac", (const uint8_t *)src, sizeof src - 1, "sav", "not a SAV file");
	cr_assert_eq(sav_encode(a, &b, &n, err, sizeof err), 0);
	expect_refused(&s, "q.sav", b, n, "mac", "q.sav:");
	expect_loads(&s, "q.mac", b, n, "sav", a);          /* the name says mac, --format sav */
	free(b);
	image_free(a);
	scratch_close(&s);
}

/* ---- what a file we cannot read looks like ---- */

Test(detect, names_what_it_looks_like)
{
	struct scratch s;
	scratch_open(&s);
	struct bytes x = { .n = 0 };
	/* ITS PDUMP, evacuated: a zero word, then the page map */
	b_evac(&x, 0);
	for (int i = 0; i < 12; i++)
		b_evac(&x, i % 3 ? 0600000u + (unsigned)i : 0);
	expect_refused(&s, "ts.cc", x.b, x.n, NULL, "this looks like an ITS PDUMP");
	expect_refused(&s, "ts.sav", x.b, x.n, NULL, "this looks like an ITS PDUMP");
	/* TOPS-10 EXE, core-dump: a directory block 1776,,n first */
	x.n = 0;
	b_core(&x, XWD(01776, 3));
	b_core(&x, 0);
	b_core(&x, 1);
	b_core(&x, XWD(01777, 1));
	expect_refused(&s, "prog.exe", x.b, x.n, NULL, "this looks like a TOPS-10 EXE");
	/* text that is no MACRO-10 */
	static const char txt[] = "Dear reader,\nthis is a letter.\n";
	expect_refused(&s, "notes.sav", (const uint8_t *)txt, sizeof txt - 1, NULL,
		       "this looks like text, not a binary");
	/* archives */
	static const uint8_t gz[] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3 };
	expect_refused(&s, "prog.sav.gz", gz, sizeof gz, NULL, "this looks like a gzip archive");
	/* nothing we know */
	static const uint8_t junk[] = { 1, 2, 3, 4, 5, 6, 7, 0200, 0201, 0 };
	expect_refused(&s, "junk", junk, sizeof junk, NULL, "cannot tell its format");
	/* a damaged SAV says where, not what it looks like */
	x.n = 0;
	b_core(&x, IOWD(4, 0777));
	b_core(&x, 1);
	expect_refused(&s, "cut.sav", x.b, x.n, NULL, "offset 0: block of 4 words runs past the end");
	expect_refused(&s, "empty", x.b, 0, NULL, "offset 0: empty file");
	scratch_close(&s);
}

/* ---- fuzz: any bytes under any name load or are refused in one line ---- */

Test(detect, random_and_mutated_files)
{
	struct scratch s;
	scratch_open(&s);
	uint64_t seed = 0xde7ec7;
	struct image *a = random_image(&seed, 020);
	uint8_t *enc[5];
	size_t enclen[5];
	char err[400];
	cr_assert_eq(sav_encode_packed(a, PACK_CORE, &enc[0], &enclen[0], err, sizeof err), 0);
	cr_assert_eq(sav_encode_packed(a, PACK_EVAC, &enc[1], &enclen[1], err, sizeof err), 0);
	cr_assert_eq(sav_encode_packed(a, PACK_ASCII, &enc[2], &enclen[2], err, sizeof err), 0);
	cr_assert_eq(sblk_encode(a, &enc[3], &enclen[3], err, sizeof err), 0);
	cr_assert_eq(rim_encode(a, &enc[4], &enclen[4], err, sizeof err), 0);
	static const char *names[] = { "f", "f.sav", "f.bin", "f.rim", "f.sblk" };
	static const char *fmts[] = { NULL, "sav", "sblk:core", "evac", "ascii", "rim" };
	uint8_t buf[700];
	for (int k = 0; k < 400; k++) {
		size_t n;
		const uint8_t *in = buf;
		if (k % 2) {
			n = (size_t)(rnd(&seed) % sizeof buf);
			for (size_t i = 0; i < n; i++)
				buf[i] = (uint8_t)rnd(&seed) | (k % 4 == 1 ? 0360 : 0);
		} else {
			int e = (int)(rnd(&seed) % 5);
			n = enclen[e] < sizeof buf ? enclen[e] : sizeof buf;
			memcpy(buf, enc[e], n);
			for (int f = 0; f < 3; f++)
				buf[rnd(&seed) % n] ^= (uint8_t)(1u << (rnd(&seed) % 8));
			if (rnd(&seed) % 3 == 0)
				n = (size_t)(rnd(&seed) % (n + 1));
		}
		struct image *img = new_img();
		const char *fmt = fmts[rnd(&seed) % 6];
		const char *name = names[rnd(&seed) % 5];
		int r = load_bytes(&s, name, in, n, fmt, img, err, sizeof err);
		cr_assert(r == 0 || r == -1);
		if (r)
			cr_assert(err[0] && !strchr(err, '\n') && strstr(err, name), "%s", err);
		image_free(img);
	}
	for (int e = 0; e < 5; e++)
		free(enc[e]);
	image_free(a);
	scratch_close(&s);
}
