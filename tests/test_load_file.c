/* test_load_file.c — load_file's dispatch and the file writers; random corruption of every format. */
#define _POSIX_C_SOURCE 200809L
#include "loader_util.h"

/* ---- load_file and the file writers ------------------------------------- */

Test(load_file, dispatches_by_extension_and_round_trips_files)
{
	struct scratch s;
	scratch_open(&s);
	uint64_t seed = 0xabcdef;
	struct image *a = random_image(&seed, 020);
	char err[300] = "";
	static const char *names[] = { "p.sav", "P.SAV", "p.rim", "p.sblk", "p.bin", "x.y.Bin" };
	for (unsigned k = 0; k < sizeof names / sizeof names[0]; k++) {
		const char *p = scratch_file(&s, names[k]);
		const char *ext = strrchr(p, '.') + 1;
		int r = ext[0] == 's' || ext[0] == 'S' ? (ext[1] == 'a' || ext[1] == 'A'
		        ? sav_write(p, a, err, sizeof err) : sblk_write(p, a, err, sizeof err))
		        : ext[0] == 'r' ? rim_write(p, a, err, sizeof err)
		        : sblk_write(p, a, err, sizeof err);
		cr_assert_eq(r, 0, "%s: %s", names[k], err);
		struct image *b = new_img();
		cr_assert_eq(load_file(p, b, err, sizeof err), 0, "%s: %s", names[k], err);
		assert_same(a, b);
		image_free(b);
	}
	image_free(a);
	scratch_close(&s);
}

Test(load_file, refuses_what_it_cannot_read_and_missing_files)
{
	struct scratch s;
	scratch_open(&s);
	struct image *img = new_img();
	char err[300] = "";
	const char *p = scratch_file(&s, "prog.exe");
	put_file(p, (const uint8_t *)"x", 1);
	cr_assert_eq(load_file(p, img, err, sizeof err), -1);
	cr_assert_not_null(strstr(err, "this looks like text, not a binary"), "%s", err);
	cr_assert_not_null(strstr(err, "prog.exe"), "%s", err);
	cr_assert_eq(load_file("noextension", img, err, sizeof err), -1);
	cr_assert_not_null(strstr(err, "noextension: cannot open"), "%s", err);

	p = scratch_file(&s, "missing.sav");
	cr_assert_eq(load_file(p, img, err, sizeof err), -1);
	cr_assert_not_null(strstr(err, "missing.sav: cannot open"), "%s", err);
	p = scratch_file(&s, "missing.mac");
	err[0] = 0;
	cr_assert_eq(load_file(p, img, err, sizeof err), -1);
	cr_assert_neq(err[0], 0);

	static const char *empties[] = { "e.sav", "e.rim", "e.sblk" };
	for (int k = 0; k < 3; k++) {
		p = scratch_file(&s, empties[k]);
		put_file(p, NULL, 0);
		cr_assert_eq(load_file(p, img, err, sizeof err), -1);
		char want[200];
		snprintf(want, sizeof want, "%s: offset 0: empty file", p);
		cr_assert_str_eq(err, want);
	}
	p = scratch_file(&s, "t.sav");
	put_file(p, (const uint8_t *)"\377\377\377\377\017\0\0", 7);
	cr_assert_eq(load_file(p, img, err, sizeof err), -1);
	char want[200];
	snprintf(want, sizeof want, "%s: offset 5: truncated mid-word", p);
	cr_assert_eq(strncmp(err, want, strlen(want)), 0, "%s", err);

	cr_assert_eq(sav_write("/nonexistent-dir/x.sav", img, err, sizeof err), -1);
	cr_assert_not_null(strstr(err, "/nonexistent-dir/x.sav: cannot create"), "%s", err);
	image_free(img);
	scratch_close(&s);
}

Test(load_file, assembles_mac_files)
{
	struct scratch s;
	scratch_open(&s);
	struct image *img = new_img();
	char err[300] = "";
	const char *p = scratch_file(&s, "ok.mac");
	static const char good[] = "\tLOC\t1000\nGO:\tMOVEI\t1,5\n\tJRST\t4,.\n\tEND\tGO\n";
	put_file(p, (const uint8_t *)good, sizeof good - 1);
	cr_assert_eq(load_file(p, img, err, sizeof err), 0, "%s", err);
	cr_assert_eq(img->w[01000], 0201040000005);
	cr_assert_eq(img->w[01001], 0254200001001);
	cr_assert(img->has_start);
	cr_assert_eq(img->start, 01000);

	p = scratch_file(&s, "bad.mac");
	static const char bad[] = "\tLOC\t1000\n\tNOSUCHOP\t1,5\n\tEND\n";
	put_file(p, (const uint8_t *)bad, sizeof bad - 1);
	cr_assert_eq(load_file(p, img, err, sizeof err), -1);
	cr_assert_not_null(strstr(err, "bad.mac:2"), "%s", err);
	cr_assert_null(strchr(err, '\n'), "one line: %s", err);
	image_free(img);
	scratch_close(&s);
}

/* ---- fuzz --------------------------------------------------------------- */

/* Feed random and mutated inputs to a reader: it must return 0 or -1 and,
 * on -1, say something naming the file. */
static void fuzz(parse_fn parse, encode_fn encode, addr lo_min, uint64_t seed)
{
	uint64_t s = seed;
	struct image *img = new_img();
	char err[300];
	uint8_t buf[600];
	/* a valid file to mutate */
	struct image *v = new_img();
	for (addr a = 0; a < 40; a++)
		image_set(v, lo_min + 0100 + a * 3, rnd(&s));
	image_set(v, RH_MASK - 1, rnd(&s));
	v->start = 0100;
	v->has_start = 1;
	uint8_t *good;
	size_t glen;
	cr_assert_eq(encode(v, &good, &glen, err, sizeof err), 0);
	for (int k = 0; k < 6000; k++) {
		size_t n;
		const uint8_t *in;
		uint8_t *mut = NULL;
		if (k % 2) {
			n = (size_t)(rnd(&s) % sizeof buf);
			uint64_t mode = rnd(&s) % 4;
			for (size_t i = 0; i < n; i++) {
				uint8_t c = (uint8_t)rnd(&s);
				buf[i] = mode == 0 ? c : mode == 1 ? (c | 0200) : mode == 2 ? (c | 0360) : c & 0377;
			}
			in = buf;
		} else {
			mut = malloc(glen);
			cr_assert_not_null(mut);
			memcpy(mut, good, glen);
			int flips = 1 + (int)(rnd(&s) % 4);
			for (int f = 0; f < flips; f++)
				mut[rnd(&s) % glen] ^= (uint8_t)(1u << (rnd(&s) % 8));
			n = rnd(&s) % 3 ? glen : (size_t)(rnd(&s) % (glen + 1));
			in = mut;
		}
		err[0] = 0;
		int r = parse(in, n, "F", img, err, sizeof err);
		cr_assert(r == 0 || r == -1);
		if (r == -1)
			cr_assert_eq(strncmp(err, "F: offset ", 10), 0, "%s", err);
		free(mut);
	}
	free(good);
	image_free(v);
	image_free(img);
}

Test(fuzz, sav)  { fuzz(sav_parse, sav_encode, 0, 1); }
Test(fuzz, rim)  { fuzz(rim_parse, rim_encode, 020, 2); }
Test(fuzz, sblk) { fuzz(sblk_parse, sblk_encode, 0, 3); }
