/* sav.c — TOPS-10 SAV core images in core-dump packing: reader and writer. */
#include <stdio.h>
#include <stdlib.h>
#include "loader.h"

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
 * Packing ("core-dump" mode, the tape/FTP convention for 36-bit words on
 * octet media; Open SIMH kx10_sys.c get_word() with ftype 0, and
 * core-word.c in Lars Brinkhoff's pdp10-its-disassembler): 5 octets a word,
 *
 *	octet 0 = bits 0-7, 1 = bits 8-15, 2 = bits 16-23, 3 = bits 24-31,
 *	octet 4 = bits 32-35 in its low 4 bits, high 4 bits zero.
 *
 * A nonzero high nibble in octet 4 is refused as corruption, as is a file
 * whose length is not a multiple of 5.
 */

#define SAV_BYTES 5

/* Decode the word at buf[off] (off + 5 <= len is the caller's guarantee).
 * Returns 0, or -1 with err set if octet 4's high nibble is not zero. */
static int get_word(const uint8_t *buf, size_t off, const char *name, word *w,
                    char *err, size_t errlen)
{
	const uint8_t *p = buf + off;
	if (p[4] & 0360) {
		loader_err(err, errlen, name, off + 4,
		           "corrupt core-dump word: high 4 bits of its fifth octet are %o, not 0",
		           p[4] >> 4);
		return -1;
	}
	*w = (word)p[0] << 28 | (word)p[1] << 20 | (word)p[2] << 12 |
	     (word)p[3] << 4 | (word)(p[4] & 017);
	return 0;
}

static void put_word(struct loader_buf *b, word w)
{
	uint8_t p[SAV_BYTES] = {
		(uint8_t)(w >> 28), (uint8_t)(w >> 20), (uint8_t)(w >> 12),
		(uint8_t)(w >> 4), (uint8_t)(w & 017)
	};
	loader_put(b, p, sizeof p);
}

int sav_parse(const uint8_t *buf, size_t len, const char *name,
              struct image *img, char *err, size_t errlen)
{
	if (len == 0) {
		loader_err(err, errlen, name, 0, "empty file");
		return -1;
	}
	if (len % SAV_BYTES) {
		loader_err(err, errlen, name, len - len % SAV_BYTES,
		           "truncated mid-word: the length %zu is not a multiple of 5 octets",
		           len);
		return -1;
	}
	img->has_start = 0;
	size_t off = 0;
	while (off < len) {
		word w;
		if (get_word(buf, off, name, &w, err, errlen))
			return -1;
		if (!w_isneg(w)) {
			if (I_OP(w) == LOADER_OP_JRST) {
				img->start = RH(w);
				img->has_start = 1;
			}
			return 0;
		}
		uint32_t count = 01000000u - LH(w);
		uint32_t first = (RH(w) + 1) & RH_MASK;
		if (first + count - 1 > RH_MASK) {
			loader_err(err, errlen, name, off,
			           "block of %u words at %06o runs past address 777777",
			           count, first);
			return -1;
		}
		size_t left = (len - off) / SAV_BYTES - 1;
		if (count > left) {
			loader_err(err, errlen, name, off,
			           "block of %u words runs past the end of the file (%zu words left)",
			           count, left);
			return -1;
		}
		off += SAV_BYTES;
		for (uint32_t i = 0; i < count; i++, off += SAV_BYTES) {
			if (get_word(buf, off, name, &w, err, errlen))
				return -1;
			image_set(img, first + i, w);
		}
	}
	return 0;               /* ended after a block: no start */
}

int sav_read(const char *path, struct image *img, char *err, size_t errlen)
{
	return loader_read(path, sav_parse, img, err, errlen);
}

struct emit {
	const struct image *img;
	struct loader_buf  *b;
};

static void emit_block(addr first, unsigned count, void *arg)
{
	struct emit *e = arg;
	put_word(e->b, XWD(01000000u - count, first - 1));
	for (unsigned i = 0; i < count; i++)
		put_word(e->b, e->img->w[first + i]);
}

int sav_encode(const struct image *img, uint8_t **out, size_t *outlen,
               char *err, size_t errlen)
{
	struct loader_buf b = { 0 };
	struct emit e = { img, &b };
	loader_runs(img, emit_block, &e);
	put_word(&b, img->has_start ? XWD(LOADER_OP_JRST << 9, img->start) : 0);
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
