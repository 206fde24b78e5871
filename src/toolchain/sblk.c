/* sblk.c — ITS SBLK executables in ITS "evacuate" packing: reader and writer. */
#include <stdio.h>
#include <stdlib.h>
#include "loader.h"
#include "packing.h"

/*
 * Layout (Open SIMH kx10_sys.c load_sblk(); sblk-file.c in Lars Brinkhoff's
 * pdp10-its-disassembler):
 *
 *	bootstrap words     a paper-tape loader, skipped: every word up to and
 *	JRST 1              including the first 254000,,1
 *	blocks:
 *	  -n,,first         an AOBJN pointer (note: first, not first-1)
 *	  n data words      deposited at first .. first+n-1
 *	  checksum          starting from the AOBJN word, for each data word
 *	                    rotate left 1 then add (36-bit)
 *	start instruction   the first word with a non-negative left half: JRST
 *	                    or JUMPA start (SIMH accepts both opcodes)
 *	symbol table blocks and a duplicate start instruction follow; ignored
 *
 * Packing.  SBLK files in the wild (the ITS sources and binaries that
 * Open SIMH's KA10 loads with "load", pdp10-its-disassembler's samples)
 * are 8-bit files in Alan Bawden's ITS "evacuate" format (packing.h), which
 * is what this file reads by default and writes.
 *
 * The writer here encodes every word as a binary word (5 octets), which is
 * valid evacuate format, emits only "JRST 1" as the bootstrap, and ends with
 * the start instruction twice (no symbol table between them).
 */

#define JRST_1 0254000000001ULL

int sblk_parse(const uint8_t *buf, size_t len, const char *name,
               struct image *img, char *err, size_t errlen)
{
	return sblk_parse_packed(buf, len, name, PACK_EVAC, img, err, errlen);
}

int sblk_parse_packed(const uint8_t *buf, size_t len, const char *name, enum packing k,
                      struct image *img, char *err, size_t errlen)
{
	struct unpack e;
	unpack_init(&e, buf, len, k);
	word w;
	size_t off;
	if (len == 0) {
		loader_err(err, errlen, name, 0, "empty file");
		return -1;
	}
	for (;;) {              /* skip the bootstrap */
		int r = unpack_next(&e, &w, &off);
		if (r == UP_WORD && w == JRST_1)
			break;
		if (r == UP_BAD) {
			loader_err(err, errlen, name, off, "%s", e.why);
			return -1;
		}
		if (r != UP_WORD) {
			loader_err(err, errlen, name, len,
			           "no JRST 1 ending a bootstrap: not an SBLK file");
			return -1;
		}
	}
	img->has_start = 0;
	for (;;) {
		size_t hoff;
		int r = unpack_next(&e, &w, &hoff);
		if (r == UP_EOF) {
			loader_err(err, errlen, name, len, "file ends before the start instruction");
			return -1;
		}
		if (r == UP_BAD) {
			loader_err(err, errlen, name, hoff, "%s", e.why);
			return -1;
		}
		if (r == UP_PARTIAL && w_isneg(w)) {
			loader_err(err, errlen, name, hoff, "file ends inside a block header");
			return -1;
		}
		if (!w_isneg(w)) {
			unsigned op = I_OP(w);
			if (op != LOADER_OP_JRST && op != LOADER_OP_JUMPA) {
				loader_err(err, errlen, name, hoff,
				           "start instruction %012llo is not JRST or JUMPA",
				           (unsigned long long)w);
				return -1;
			}
			img->start = RH(w);
			img->has_start = 1;
			return 0;
		}
		if (loader_block(unpack_need, &e, w, hoff, RH(w), 01000000u - LH(w), 1, img, name, err, errlen))
			return -1;
	}
}

int sblk_read(const char *path, struct image *img, char *err, size_t errlen)
{
	return loader_read(path, sblk_parse, img, err, errlen);
}

static void put_word(struct loader_buf *b, word w) { pack_word(b, PACK_EVAC, w); }

struct emit {
	const struct image *img;
	struct loader_buf  *b;
};

static void emit_block(addr first, unsigned count, void *arg)
{
	struct emit *e = arg;
	word hdr = XWD(01000000u - count, first);
	word sum = hdr;
	put_word(e->b, hdr);
	for (unsigned i = 0; i < count; i++) {
		word w = e->img->w[first + i];
		sum = (loader_rot1(sum) + w) & W_MASK;
		put_word(e->b, w);
	}
	put_word(e->b, sum);
}

static void msg(char *err, size_t errlen, const char *s)
{
	if (err && errlen)
		snprintf(err, errlen, "%s", s);
}

int sblk_encode(const struct image *img, uint8_t **out, size_t *outlen,
                char *err, size_t errlen)
{
	*out = NULL;
	*outlen = 0;
	if (!img->has_start) {
		msg(err, errlen, "an SBLK file needs a start address (its start instruction)");
		return -1;
	}
	struct loader_buf b = { 0 };
	struct emit e = { img, &b };
	word start = XWD(LOADER_OP_JRST << 9, img->start);
	put_word(&b, JRST_1);
	loader_runs(img, emit_block, &e);
	put_word(&b, start);
	put_word(&b, start);
	if (b.oom) {
		free(b.p);
		msg(err, errlen, "out of memory building an SBLK file");
		return -1;
	}
	*out = b.p;
	*outlen = b.len;
	return 0;
}

int sblk_write(const char *path, const struct image *img, char *err, size_t errlen)
{
	uint8_t *buf;
	size_t len;
	if (sblk_encode(img, &buf, &len, err, errlen))
		return -1;
	int r = loader_spill(path, buf, len, err, errlen);
	free(buf);
	return r;
}
