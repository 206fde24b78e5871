/* packing.h — how a file of octets holds 36-bit words: DEC core-dump, ITS evacuate, 7-bit ASCII. */
#ifndef TENVM_PACKING_H
#define TENVM_PACKING_H

#include <stddef.h>
#include <stdint.h>
#include "word.h"

/*
 *   core   DEC core-dump: 5 octets a word, bits 0-7, 8-15, 16-23, 24-31, and
 *          bits 32-35 in the low 4 bits of the fifth octet (high 4 bits 0).
 *          TOPS-10 tapes and FTP image transfers; Open SIMH's default.
 *   evac   ITS "evacuate" (Alan Bawden): octets 360-377 begin a binary word
 *          (their low 4 bits are bits 0-3, 4 more octets bits 4-35), other
 *          octets are 7-bit text packed 5 to a word (see packing.c).  The
 *          files in the ITS repository, DEC's SAV files there included.
 *   ascii  7-bit: 5 octets a word, bits 0-6, 7-13, 14-20, 21-27 in the low 7
 *          bits of the first four, bits 28-34 in the low 7 and bit 35 in the
 *          high bit of the fifth (Open SIMH's `load -c`).
 */
enum packing { PACK_CORE = 1, PACK_EVAC, PACK_ASCII };

/* Its name ("core", "evac", "ascii"), or parse one: 0 on success. */
const char *packing_name(enum packing k);
int packing_parse(const char *s, enum packing *k);

/* A reader of the words of buf[0..len) in packing k. */
struct unpack {
	const uint8_t *p;
	size_t len, pos;
	enum packing k;
	int    have_left;   /* evac: a character carried over from the last octet */
	unsigned left;
	const char *why;    /* what was wrong, after UP_BAD */
};

enum { UP_WORD = 1, UP_EOF = 0, UP_PARTIAL = -1, UP_BAD = -2 };

void unpack_init(struct unpack *u, const uint8_t *p, size_t len, enum packing k);

/* The next word.  Returns UP_WORD (*w, and *off the offset of the octet that
 * began it), UP_EOF at a clean end, UP_PARTIAL if the file ends inside a word
 * (*w zero-padded, *off set), or UP_BAD if the octets cannot be a word of
 * this packing (u->why says why, *off is the offending octet). */
int unpack_next(struct unpack *u, word *w, size_t *off);

/* A loader_word_fn over a struct unpack: the next word, which must be there. */
int unpack_need(void *src, word *w, size_t *off, const char *what,
                const char *name, char *err, size_t errlen);

/* Append w in packing k (evac: as a binary word) to b (a struct loader_buf). */
struct loader_buf;
void pack_word(struct loader_buf *b, enum packing k, word w);

#endif
