/* sav.c — TOPS-10 SAV core images, in any packing (core-dump by default): reader and writer. */
#include <stdio.h>
#include <stdlib.h>
#include "loader.h"
#include "packing.h"

/*
 * A SAV file is a sequence of blocks
 *
 *	-n,,first-1         an IOWD: left half negative
 *	n data words        deposited at first .. first+n-1
 *
 * ended by a word whose left half is not negative: JRST start (254000,,start)
 * gives the start address; any other end word (we write 0) means no start.
 * A file may also simply end after a block (SIMH's loaders accept that);
 * that, too, means no start.  Anything after the end word is ignored.
 * An IOWD's right half 777777 loads from address 0 (the ACs); a block that
 * would run past address 777777 is refused.
 *
 * Packing: DEC core-dump by default (5 octets a word, packing.h); a file
 * whose length is not a multiple of 5 is refused as truncated mid-word, and
 * a nonzero high nibble in a fifth octet as corruption.  sav_parse_packed
 * reads the other packings too: the DEC diagnostics in the ITS repository
 * are SAV files in ITS evacuate packing.
 */

int sav_parse(const uint8_t *buf, size_t len, const char *name,
              struct image *img, char *err, size_t errlen)
{
	return sav_parse_packed(buf, len, name, PACK_CORE, img, err, errlen);
}

int sav_parse_packed(const uint8_t *buf, size_t len, const char *name, enum packing k,
                     struct image *img, char *err, size_t errlen)
{
	if (len == 0) {
		loader_err(err, errlen, name, 0, "empty file");
		return -1;
	}
	if (k != PACK_EVAC && len % 5) {
		loader_err(err, errlen, name, len - len % 5,
		           "truncated mid-word: the length %zu is not a multiple of 5 octets",
		           len);
		return -1;
	}
	struct unpack u;
	unpack_init(&u, buf, len, k);
	img->has_start = 0;
	for (;;) {
		word w;
		size_t off;
		int r = unpack_next(&u, &w, &off);
		if (r == UP_EOF)
			return 0;       /* ended after a block: no start */
		if (r == UP_BAD) {
			loader_err(err, errlen, name, off, "%s", u.why);
			return -1;
		}
		if (!w_isneg(w)) {      /* the end word (a partial one is zero-padded) */
			if (I_OP(w) == LOADER_OP_JRST) {
				img->start = RH(w);
				img->has_start = 1;
			}
			return 0;
		}
		if (r == UP_PARTIAL) {
			loader_err(err, errlen, name, off, "file ends inside a block header");
			return -1;
		}
		uint32_t count = 01000000u - LH(w);
		uint32_t first = (RH(w) + 1) & RH_MASK;
		if (first + count - 1 > RH_MASK) {
			loader_err(err, errlen, name, off,
			           "block of %u words at %06o runs past address 777777",
			           count, first);
			return -1;
		}
		if (k != PACK_EVAC && count > (len - off) / 5 - 1) {
			loader_err(err, errlen, name, off,
			           "block of %u words runs past the end of the file (%zu words left)",
			           count, (len - off) / 5 - 1);
			return -1;
		}
		for (uint32_t i = 0; i < count; i++) {
			size_t doff;
			r = unpack_next(&u, &w, &doff);
			if (r == UP_BAD) {
				loader_err(err, errlen, name, doff, "%s", u.why);
				return -1;
			}
			if (r != UP_WORD) {
				loader_err(err, errlen, name, off,
				           "block of %u words runs past the end of the file", count);
				return -1;
			}
			image_set(img, first + i, w);
		}
	}
}

int sav_read(const char *path, struct image *img, char *err, size_t errlen)
{
	return loader_read(path, sav_parse, img, err, errlen);
}

struct emit {
	const struct image *img;
	struct loader_buf  *b;
	enum packing        k;
};

static void emit_block(addr first, unsigned count, void *arg)
{
	struct emit *e = arg;
	pack_word(e->b, e->k, XWD(01000000u - count, first - 1));
	for (unsigned i = 0; i < count; i++)
		pack_word(e->b, e->k, e->img->w[first + i]);
}

int sav_encode(const struct image *img, uint8_t **out, size_t *outlen,
               char *err, size_t errlen)
{
	return sav_encode_packed(img, PACK_CORE, out, outlen, err, errlen);
}

int sav_encode_packed(const struct image *img, enum packing k, uint8_t **out, size_t *outlen,
                      char *err, size_t errlen)
{
	struct loader_buf b = { 0 };
	struct emit e = { img, &b, k };
	loader_runs(img, emit_block, &e);
	pack_word(&b, k, img->has_start ? XWD(LOADER_OP_JRST << 9, img->start) : 0);
	if (b.oom) {
		free(b.p);
		*out = NULL;
		*outlen = 0;
		if (err && errlen)
			snprintf(err, errlen, "out of memory building a SAV file");
		return -1;
	}
	*out = b.p;
	*outlen = b.len;
	return 0;
}

int sav_write(const char *path, const struct image *img, char *err, size_t errlen)
{
	uint8_t *buf;
	size_t len;
	if (sav_encode(img, &buf, &len, err, errlen))
		return -1;
	int r = loader_spill(path, buf, len, err, errlen);
	free(buf);
	return r;
}
