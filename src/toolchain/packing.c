/* packing.c — reading and writing 36-bit words in the octet packings of packing.h. */
#include <string.h>
#include "loader.h"
#include "packing.h"

/*
 * Evacuate's text octets (Open SIMH kx10_sys.c get_evac(); libword/its-word.c
 * in Lars Brinkhoff's pdp10-its-disassembler):
 *
 *	000-011, 013-014, 016-176   that character
 *	012 -> 015 012    015 -> 012    177 -> 177 007
 *	200-355 (but 207, 212, 215) -> 177, octet-200
 *	207 -> 177 177    212 -> 177 015    215 -> 177 012
 *	356 -> 015        357 -> 177
 *
 * 7-bit characters fill a word from the left, 5 to a word, bit 35 zero.  An
 * octet that yields two characters may complete a word with the first; the
 * second then begins the next word.  The writer of an evacuated file drops
 * the trailing zero characters of the file's last text word, so a word cut
 * short by the end of the file is zero-padded (UP_PARTIAL).
 */

static const char *const names[] = { [PACK_CORE] = "core", [PACK_EVAC] = "evac",
				     [PACK_ASCII] = "ascii" };

const char *packing_name(enum packing k)
{
	return k >= PACK_CORE && k <= PACK_ASCII ? names[k] : "?";
}

int packing_parse(const char *s, enum packing *k)
{
	for (int i = PACK_CORE; i <= PACK_ASCII; i++)
		if (!strcmp(s, names[i])) {
			*k = (enum packing)i;
			return 0;
		}
	return -1;
}

void unpack_init(struct unpack *u, const uint8_t *p, size_t len, enum packing k)
{
	*u = (struct unpack){ .p = p, .len = len, .k = k };
}

/* The characters evacuate octet c stands for (1 or 2) into ch. */
static int evac_chars(uint8_t c, unsigned ch[2])
{
	switch (c) {
	case 012:  ch[0] = 015; ch[1] = 012; return 2;
	case 015:  ch[0] = 012; return 1;
	case 0177: ch[0] = 0177; ch[1] = 07; return 2;
	case 0207: ch[0] = 0177; ch[1] = 0177; return 2;
	case 0212: ch[0] = 0177; ch[1] = 015; return 2;
	case 0215: ch[0] = 0177; ch[1] = 012; return 2;
	case 0356: ch[0] = 015; return 1;
	case 0357: ch[0] = 0177; return 1;
	default:
		if (c < 0177) {
			ch[0] = c;
			return 1;
		}
		ch[0] = 0177;           /* 200-355 */
		ch[1] = c - 0200u;
		return 2;
	}
}

static int evac_next(struct unpack *e, word *w, size_t *off)
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
				return UP_EOF;
			*w = v << (36 - bits);
			return UP_PARTIAL;
		}
		size_t at = e->pos;
		uint8_t c = e->p[e->pos++];
		if (c >= 0360) {
			if (bits != 0) {
				*off = at;
				e->why = "binary-word octet inside a text word";
				return UP_BAD;
			}
			if (e->len - e->pos < 4) {
				*off = at;
				e->why = "file ends inside a binary word";
				return UP_BAD;
			}
			const uint8_t *q = e->p + e->pos;
			*w = (word)(c & 017) << 32 | (word)q[0] << 24 | (word)q[1] << 16 |
			     (word)q[2] << 8 | q[3];
			e->pos += 4;
			return UP_WORD;
		}
		unsigned ch[2];
		int n = evac_chars(c, ch);
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
	return UP_WORD;
}

/* core and ascii: 5 octets a word. */
static int five_next(struct unpack *u, word *w, size_t *off)
{
	*off = u->pos;
	size_t left = u->len - u->pos;
	if (left == 0)
		return UP_EOF;
	uint8_t q[5] = { 0 };
	memcpy(q, u->p + u->pos, left < 5 ? left : 5);
	if (u->k == PACK_CORE) {
		if (left >= 5 && (q[4] & 0360)) {
			*off = u->pos + 4;
			u->why = "corrupt core-dump word: the high 4 bits of its fifth octet are not 0";
			return UP_BAD;
		}
		*w = (word)q[0] << 28 | (word)q[1] << 20 | (word)q[2] << 12 | (word)q[3] << 4 |
		     (word)(q[4] & 017);
	} else {
		for (int i = 0; i < 4; i++)
			if (q[i] & 0200) {
				*off = u->pos + (size_t)i;
				u->why = "an octet with bit 200 set in a 7-bit word";
				return UP_BAD;
			}
		*w = (word)q[0] << 29 | (word)q[1] << 22 | (word)q[2] << 15 | (word)q[3] << 8 |
		     (word)(q[4] & 0177) << 1 | (word)(q[4] >> 7);
	}
	if (left < 5) {
		u->pos = u->len;
		return UP_PARTIAL;
	}
	u->pos += 5;
	return UP_WORD;
}

int unpack_next(struct unpack *u, word *w, size_t *off)
{
	return u->k == PACK_EVAC ? evac_next(u, w, off) : five_next(u, w, off);
}

int unpack_need(void *src, word *w, size_t *off, const char *what,
                const char *name, char *err, size_t errlen)
{
	struct unpack *u = src;
	int r = unpack_next(u, w, off);
	if (r == UP_WORD)
		return 0;
	if (r == UP_BAD)
		loader_err(err, errlen, name, *off, "%s", u->why);
	else if (r == UP_PARTIAL)
		loader_err(err, errlen, name, *off, "file ends inside %s", what);
	else
		loader_err(err, errlen, name, u->len, "file ends before %s", what);
	return -1;
}

void pack_word(struct loader_buf *b, enum packing k, word w)
{
	uint8_t p[5];
	if (k == PACK_EVAC) {
		p[0] = (uint8_t)(0360 | (w >> 32));
		p[1] = (uint8_t)(w >> 24);
		p[2] = (uint8_t)(w >> 16);
		p[3] = (uint8_t)(w >> 8);
		p[4] = (uint8_t)w;
	} else if (k == PACK_ASCII) {
		p[0] = (uint8_t)((w >> 29) & 0177);
		p[1] = (uint8_t)((w >> 22) & 0177);
		p[2] = (uint8_t)((w >> 15) & 0177);
		p[3] = (uint8_t)((w >> 8) & 0177);
		p[4] = (uint8_t)(((w >> 1) & 0177) | ((w & 1) << 7));
	} else {
		p[0] = (uint8_t)(w >> 28);
		p[1] = (uint8_t)(w >> 20);
		p[2] = (uint8_t)(w >> 12);
		p[3] = (uint8_t)(w >> 4);
		p[4] = (uint8_t)(w & 017);
	}
	loader_put(b, p, sizeof p);
}
