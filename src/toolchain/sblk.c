/* sblk.c — ITS SBLK executables in ITS "evacuate" packing: reader and writer. */
#include <stdio.h>
#include <stdlib.h>
#include "loader.h"

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
 * are 8-bit files in Alan Bawden's ITS "evacuate" format, which is what
 * Open SIMH's get_evac() and libword/its-word.c read, and what this file
 * reads and writes.  It encodes a stream of 36-bit words as octets:
 *
 *	0360-0377           a binary word: the low 4 bits of this octet are
 *	                    bits 0-3, the next 4 octets bits 4-35 (big-endian);
 *	                    allowed only on a word boundary
 *	anything else       7-bit ASCII characters, packed 5 to a word from the
 *	                    left, bit 35 zero (a word is complete at 35 bits):
 *	  000-011, 013-014, 016-176   that character
 *	  012 -> 015 012    015 -> 012    177 -> 177 007
 *	  200-355 (but 207, 212, 215) -> 177, octet-200
 *	  207 -> 177 177    212 -> 177 015    215 -> 177 012
 *	  356 -> 015        357 -> 177
 *	An octet that yields two characters may complete a word with the first;
 *	the second then begins the next word.  The writer of an evacuated file
 *	drops the trailing zero characters of the file's last text word, so a
 *	start instruction cut short by the end of the file is zero-padded.
 *
 * The writer here encodes every word as a binary word (5 octets), which is
 * valid evacuate format, emits only "JRST 1" as the bootstrap, and ends with
 * the start instruction twice (no symbol table between them).
 */

#define JRST_1 0254000000001ULL

struct evac {
	const uint8_t *p;
	size_t len, pos;
	int    have_left;   /* a character carried over from the last octet */
	unsigned left;
	const char *why;    /* what was wrong, after EV_BAD */
};

enum { EV_WORD = 1, EV_EOF = 0, EV_PARTIAL = -1, EV_BAD = -2 };

/* Decode the next word.  Returns EV_WORD (*w, and *off the offset of the
 * octet that began it), EV_EOF at a clean end, EV_PARTIAL if the file ends
 * inside a word (*w zero-padded, *off set), or EV_BAD if a binary-word
 * octet comes inside a text word or the file ends inside a binary word
 * (*off is then the offending octet). */
static int ev_get(struct evac *e, word *w, size_t *off)
{
	word v = 0;
	int bits = 0;
	*off = e->pos;
	if (e->have_left) {
		v = e->left;
		bits = 7;
		e->have_left = 0;
		*off = e->pos ? e->pos - 1 : 0;
	}
	while (bits < 36) {
		if (e->pos >= e->len) {
			if (bits == 0)
				return EV_EOF;
			*w = v << (36 - bits);
			return EV_PARTIAL;
		}
		size_t at = e->pos;
		uint8_t c = e->p[e->pos++];
		unsigned ch[2];
		int n = 0;
		if (c >= 0360) {
			if (bits != 0) {
				*off = at;
				e->why = "binary-word octet inside a text word";
				return EV_BAD;
			}
			if (e->len - e->pos < 4) {
				*off = at;
				e->why = "file ends inside a binary word";
				return EV_BAD;
			}
			const uint8_t *q = e->p + e->pos;
			*w = (word)(c & 017) << 32 | (word)q[0] << 24 | (word)q[1] << 16 |
			     (word)q[2] << 8 | q[3];
			e->pos += 4;
			return EV_WORD;
		} else if (c == 012) {
			ch[n++] = 015; ch[n++] = 012;
		} else if (c == 015) {
			ch[n++] = 012;
		} else if (c < 0177) {
			ch[n++] = c;
		} else if (c == 0177) {
			ch[n++] = 0177; ch[n++] = 07;
		} else if (c == 0207) {
			ch[n++] = 0177; ch[n++] = 0177;
		} else if (c == 0212) {
			ch[n++] = 0177; ch[n++] = 015;
		} else if (c == 0215) {
			ch[n++] = 0177; ch[n++] = 012;
		} else if (c <= 0355) {
			ch[n++] = 0177; ch[n++] = c - 0200u;
		} else if (c == 0356) {
			ch[n++] = 015;
		} else {        /* 0357 */
			ch[n++] = 0177;
		}
		for (int i = 0; i < n; i++) {
			if (bits == 35) {       /* word full: carry the rest over */
				e->have_left = 1;
				e->left = ch[i];
				break;
			}
			v = v << 7 | ch[i];
			bits += 7;
		}
		if (bits == 35) {
			v <<= 1;
			bits = 36;
		}
	}
	*w = v;
	return EV_WORD;
}

/* Read a word that must be there (a block header's contents or checksum). */
static int need_word(void *src, word *w, size_t *off, const char *what,
                     const char *name, char *err, size_t errlen)
{
	struct evac *e = src;
	int r = ev_get(e, w, off);
	if (r == EV_WORD)
		return 0;
	if (r == EV_BAD)
		loader_err(err, errlen, name, *off, "%s", e->why);
	else if (r == EV_PARTIAL)
		loader_err(err, errlen, name, *off, "file ends inside %s", what);
	else
		loader_err(err, errlen, name, e->len, "file ends before %s", what);
	return -1;
}

int sblk_parse(const uint8_t *buf, size_t len, const char *name,
               struct image *img, char *err, size_t errlen)
{
	struct evac e = { buf, len, 0, 0, 0, NULL };
	word w;
	size_t off;
	if (len == 0) {
		loader_err(err, errlen, name, 0, "empty file");
		return -1;
	}
	for (;;) {              /* skip the bootstrap */
		int r = ev_get(&e, &w, &off);
		if (r == EV_WORD && w == JRST_1)
			break;
		if (r == EV_BAD) {
			loader_err(err, errlen, name, off, "%s", e.why);
			return -1;
		}
		if (r != EV_WORD) {
			loader_err(err, errlen, name, len,
			           "no JRST 1 ending a bootstrap: not an SBLK file");
			return -1;
		}
	}
	img->has_start = 0;
	for (;;) {
		size_t hoff;
		int r = ev_get(&e, &w, &hoff);
		if (r == EV_EOF) {
			loader_err(err, errlen, name, len, "file ends before the start instruction");
			return -1;
		}
		if (r == EV_BAD) {
			loader_err(err, errlen, name, hoff, "%s", e.why);
			return -1;
		}
		if (r == EV_PARTIAL && w_isneg(w)) {
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
		if (loader_block(need_word, &e, w, hoff, RH(w), 01000000u - LH(w), 1, img, name, err, errlen))
			return -1;
	}
}

int sblk_read(const char *path, struct image *img, char *err, size_t errlen)
{
	return loader_read(path, sblk_parse, img, err, errlen);
}

/* Put w as an evacuate binary word. */
static void put_word(struct loader_buf *b, word w)
{
	uint8_t p[5] = {
		(uint8_t)(0360 | (w >> 32)), (uint8_t)(w >> 24), (uint8_t)(w >> 16),
		(uint8_t)(w >> 8), (uint8_t)w
	};
	loader_put(b, p, sizeof p);
}

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
