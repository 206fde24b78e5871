/* rim.c — RIM10B (and ITS RIM10) paper tape images: reader and RIM10B writer. */
#include <stdio.h>
#include <stdlib.h>
#include "loader.h"

/*
 * Packing (SIMH pdp10_sys.c and kx10_sys.c getrimw(); pt-word.c in Lars
 * Brinkhoff's pdp10-its-disassembler): one octet per tape frame.  Frames
 * with bit 0200 set are binary data frames and carry 6 bits each, most
 * significant first, 6 frames a word; every other frame (blank leader and
 * trailer) is skipped wherever it appears.
 *
 * Layout (SIMH load_rim(), which this reader follows):
 *
 *	-16,,0              the loader's BLKI pointer (-17,,0 on ITS tapes)
 *	016 (017) words     the read-in loader itself, which runs in the ACs;
 *	                    skipped here
 *	blocks:
 *	  -n,,first-1       an IOWD (ITS RIM: -n,,first)
 *	  n data words
 *	  checksum          RIM10B: the 36-bit sum of the IOWD and the data
 *	                    words; ITS: starting from the IOWD, for each data
 *	                    word rotate left 1 then add
 *	JRST start          the first word with a non-negative left half; it
 *	                    must be a JRST (opcode 254), whose right half is
 *	                    the start address
 *
 * Whatever follows the JRST is ignored.  A block that would run past
 * address 777777 is refused.
 */

#define RIM10B_LOADER_LEN 016   /* words after the BLKI pointer */
#define ITSRIM_LOADER_LEN 017

/* DEC's RIM10B loader as MACRO-10 punches it (the BLKI pointer, then the
 * loader words for 1-16), from pdp10-its-disassembler rim10-file.c. */
static const word rim10b_loader[1 + RIM10B_LOADER_LEN] = {
	0777762000000, /* -16,,0 */
	0710600000060, /* CONO PTR,60 */
	0541400000004, /* HRRI A,RD+1 */
	0710740000010, /* CONSO PTR,10 */
	0254000000003, /* JRST .-1 */
	0710470000007, /* DATAI PTR,@TBL1-RD+1(A) */
	0256010000007, /* XCT TBL1-RD+1(A) */
	0256010000012, /* XCT TBL2-RD+1(A) */
	0364400000000, /* A: SOJA A, */
	0312740000016, /* TBL1: CAME CKSM,ADR */
	0270756000001, /* ADD CKSM,1(ADR) */
	0331740000016, /* SKIPL CKSM,ADR */
	0254200000001, /* TBL2: JRST 4,ST */
	0253700000003, /* AOBJN ADR,RD */
	0254000000002, /* ADR: JRST ST1 */
};

#define LEADER_FRAMES 24

struct tape {
	const uint8_t *p;
	size_t len, pos;
};

enum { GOT_WORD = 1, GOT_EOF = 0, GOT_PARTIAL = -1 };

/* Read the next word: GOT_WORD with *w and *off (the offset of its first
 * data frame), GOT_EOF if no data frame is left, GOT_PARTIAL if the tape
 * ends inside a word (*off set). */
static int get_word(struct tape *t, word *w, size_t *off)
{
	word v = 0;
	int n = 0;
	while (n < 6) {
		if (t->pos >= t->len)
			return n ? GOT_PARTIAL : GOT_EOF;
		uint8_t c = t->p[t->pos++];
		if (!(c & 0200))
			continue;
		if (n == 0)
			*off = t->pos - 1;
		v = v << 6 | (c & 077);
		n++;
	}
	*w = v;
	return GOT_WORD;
}

/* Read a word that must be there; on failure report what was expected. */
static int need_word(void *src, word *w, size_t *off, const char *what,
                     const char *name, char *err, size_t errlen)
{
	struct tape *t = src;
	int r = get_word(t, w, off);
	if (r == GOT_WORD)
		return 0;
	if (r == GOT_PARTIAL)
		loader_err(err, errlen, name, *off, "tape ends inside %s", what);
	else
		loader_err(err, errlen, name, t->len, "tape ends before %s", what);
	return -1;
}

int rim_parse(const uint8_t *buf, size_t len, const char *name,
              struct image *img, char *err, size_t errlen)
{
	struct tape t = { buf, len, 0 };
	word w;
	size_t off = 0;
	if (len == 0) {
		loader_err(err, errlen, name, 0, "empty file");
		return -1;
	}
	int r = get_word(&t, &w, &off);
	if (r == GOT_EOF) {
		loader_err(err, errlen, name, 0, "no binary frames (bit 0200) on the tape");
		return -1;
	}
	if (r == GOT_PARTIAL) {
		loader_err(err, errlen, name, off, "tape ends inside the first word");
		return -1;
	}
	int its;
	if (w == XWD(01000000u - RIM10B_LOADER_LEN, 0))
		its = 0;
	else if (w == XWD(01000000u - ITSRIM_LOADER_LEN, 0))
		its = 1;
	else {
		loader_err(err, errlen, name, off,
		           "not a RIM10B tape: first word %012llo is not the loader pointer "
		           "-16,,0 (or ITS -17,,0)", (unsigned long long)w);
		return -1;
	}
	unsigned ldr = its ? ITSRIM_LOADER_LEN : RIM10B_LOADER_LEN;
	for (unsigned i = 0; i < ldr; i++)
		if (need_word(&t, &w, &off, "the read-in loader", name, err, errlen))
			return -1;

	img->has_start = 0;
	for (;;) {
		size_t hoff;
		if (need_word(&t, &w, &hoff, "the JRST start word", name, err, errlen))
			return -1;
		if (!w_isneg(w)) {
			if (I_OP(w) != LOADER_OP_JRST) {
				loader_err(err, errlen, name, hoff,
				           "end word %012llo is not a JRST", (unsigned long long)w);
				return -1;
			}
			img->start = RH(w);
			img->has_start = 1;
			return 0;
		}
		uint32_t first = its ? RH(w) : (RH(w) + 1) & RH_MASK;
		if (loader_block(need_word, &t, w, hoff, first, 01000000u - LH(w), its, img, name, err, errlen))
			return -1;
	}
}

int rim_read(const char *path, struct image *img, char *err, size_t errlen)
{
	return loader_read(path, rim_parse, img, err, errlen);
}

static void put_word(struct loader_buf *b, word w)
{
	uint8_t f[6];
	for (int i = 0; i < 6; i++)
		f[i] = (uint8_t)(0200 | ((w >> (30 - 6 * i)) & 077));
	loader_put(b, f, sizeof f);
}

struct emit {
	const struct image *img;
	struct loader_buf  *b;
};

static void emit_block(addr first, unsigned count, void *arg)
{
	struct emit *e = arg;
	word iowd = XWD(01000000u - count, first - 1);
	word sum = iowd;
	put_word(e->b, iowd);
	for (unsigned i = 0; i < count; i++) {
		word w = e->img->w[first + i];
		sum = (sum + w) & W_MASK;
		put_word(e->b, w);
	}
	put_word(e->b, sum);
}

static void msg(char *err, size_t errlen, const char *s)
{
	if (err && errlen)
		snprintf(err, errlen, "%s", s);
}

int rim_encode(const struct image *img, uint8_t **out, size_t *outlen,
               char *err, size_t errlen)
{
	*out = NULL;
	*outlen = 0;
	if (!img->has_start) {
		msg(err, errlen, "a RIM10B tape needs a start address (its last word is JRST start)");
		return -1;
	}
	for (addr a = 0; a <= 017; a++)
		if (img->set[a]) {
			msg(err, errlen, "a RIM10B tape cannot load the accumulators 0-17: "
			    "its read-in loader runs there");
			return -1;
		}
	static const uint8_t blank[LEADER_FRAMES];
	struct loader_buf b = { 0 };
	struct emit e = { img, &b };
	loader_put(&b, blank, sizeof blank);
	for (unsigned i = 0; i < sizeof rim10b_loader / sizeof rim10b_loader[0]; i++)
		put_word(&b, rim10b_loader[i]);
	loader_runs(img, emit_block, &e);
	put_word(&b, XWD(LOADER_OP_JRST << 9, img->start));
	loader_put(&b, blank, sizeof blank);
	if (b.oom) {
		free(b.p);
		msg(err, errlen, "out of memory building a RIM10B tape");
		return -1;
	}
	*out = b.p;
	*outlen = b.len;
	return 0;
}

int rim_write(const char *path, const struct image *img, char *err, size_t errlen)
{
	uint8_t *buf;
	size_t len;
	if (rim_encode(img, &buf, &len, err, errlen))
		return -1;
	int r = loader_spill(path, buf, len, err, errlen);
	free(buf);
	return r;
}
