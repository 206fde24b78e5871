/* loader.h — readers and writers for PDP-10 binary formats: SAV, RIM10B, ITS SBLK. */
#ifndef TENVM_LOADER_H
#define TENVM_LOADER_H

#include <stddef.h>
#include <stdint.h>
#include "image.h"
#include "packing.h"

/*
 * Every reader comes in two forms:
 *
 *   X_parse(buf, len, name, img, err, errlen) decodes the bytes buf[0..len)
 *   X_read(path, img, err, errlen)            reads the file and parses it
 *
 * and deposits the file's words into img (adding to what is already there)
 * and sets img->start / img->has_start from the file's start word.  They
 * return 0 on success.  On bad input they return -1 and write one line
 * "NAME: offset N: reason" into err (N is the byte offset of the offending
 * word in the file; a file that cannot be opened gives "NAME: reason");
 * img may then hold part of the file.  They never read outside buf, and
 * every loop is bounded by len, so any byte string is safe to feed them.
 *
 * Every writer comes in two forms too:
 *
 *   X_encode(img, &out, &outlen, err, errlen)  builds the bytes in a malloc'd
 *                                              buffer the caller frees
 *   X_write(path, img, err, errlen)            writes them into the file
 *
 * returning 0, or -1 with one line in err (and *out NULL).  A writer emits
 * every word img->set marks, in runs of contiguous addresses cut into
 * blocks of at most LOADER_BLOCK words, so X_parse(X_encode(img)) gives
 * back the same words and start.
 */
#define LOADER_BLOCK 01000u

/* The largest file a reader accepts (bytes); larger files are refused. */
#define LOADER_MAX_FILE (64u << 20)

/* TOPS-10 SAV in core-dump packing (5 octets a word, see sav.c).  A missing
 * start is written as a final zero word and read back as no start. */
int sav_parse(const uint8_t *buf, size_t len, const char *name,
              struct image *img, char *err, size_t errlen);
/* The same in packing k (packing.h), and the writer in packing k. */
int sav_parse_packed(const uint8_t *buf, size_t len, const char *name, enum packing k,
                     struct image *img, char *err, size_t errlen);
int sav_encode_packed(const struct image *img, enum packing k, uint8_t **out, size_t *outlen,
                      char *err, size_t errlen);
int sav_read(const char *path, struct image *img, char *err, size_t errlen);
int sav_encode(const struct image *img, uint8_t **out, size_t *outlen,
               char *err, size_t errlen);
int sav_write(const char *path, const struct image *img, char *err, size_t errlen);

/* RIM10B paper tape (6 frames a word, see rim.c); the reader also takes
 * the ITS RIM10 variant, as SIMH does.  The writer punches DEC's RIM10B
 * loader first and needs a start address. */
int rim_parse(const uint8_t *buf, size_t len, const char *name,
              struct image *img, char *err, size_t errlen);
int rim_read(const char *path, struct image *img, char *err, size_t errlen);
int rim_encode(const struct image *img, uint8_t **out, size_t *outlen,
               char *err, size_t errlen);
int rim_write(const char *path, const struct image *img, char *err, size_t errlen);

/* ITS SBLK in ITS "evacuate" packing (see sblk.c).  The writer needs a
 * start address. */
int sblk_parse(const uint8_t *buf, size_t len, const char *name,
               struct image *img, char *err, size_t errlen);
int sblk_parse_packed(const uint8_t *buf, size_t len, const char *name, enum packing k,
                      struct image *img, char *err, size_t errlen);
int sblk_read(const char *path, struct image *img, char *err, size_t errlen);
int sblk_encode(const struct image *img, uint8_t **out, size_t *outlen,
                char *err, size_t errlen);
int sblk_write(const char *path, const struct image *img, char *err, size_t errlen);

/* Loading a program file whatever its format (detect.c).  A format is
 * "mac", "sav", "rim" or "sblk", optionally with ":PACKING" (sav, sblk), or a
 * packing alone ("core", "evac", "ascii"); what is not given is detected
 * from the content. */
enum load_kind { LOAD_DETECT = 0, LOAD_MAC, LOAD_SAV, LOAD_RIM, LOAD_SBLK };
struct load_format {
	enum load_kind kind;    /* LOAD_DETECT: from the content */
	enum packing   pack;    /* 0: from the content */
};
/* Parse --format's value; 0, or -1 if s names no format. */
int load_format_parse(const char *s, struct load_format *f);
#define LOAD_FORMATS "mac, sav, rim, sblk, sav:core, sav:evac, sav:ascii, sblk:evac, sblk:core, " \
	"core, evac or ascii"
/* load_file with the format f (NULL: detect everything). */
int load_file_as(const char *path, const struct load_format *f, struct image *img,
		 char *err, size_t errlen);
/* What buf looks like when it is no program we read ("text, not a binary",
 * "an ITS PDUMP ...", "a TOPS-10 EXE ..."), or NULL. */
const char *load_looks_like(const uint8_t *buf, size_t len);

/* Shared helpers (loader.c). */

/* A checksum step of ITS's formats: the sum rotated left one place. */
static inline word loader_rot1(word w) { return ((w << 1) | (w >> 35)) & W_MASK; }

/* A format's reader of the next word that must be there: 0 and the word and
 * its offset, or -1 after formatting into err why not (`what` names what was
 * being read). */
typedef int loader_word_fn(void *src, word *w, size_t *off, const char *what,
                           const char *name, char *err, size_t errlen);

/* A checksummed data block whose header word `hdr` (at offset hoff) says
 * `count` words go to `first` on: read them into img, then the checksum word
 * after them, which must equal hdr plus every data word, the sum rotated left
 * one place before each addition if `rotate` (ITS).  0, or -1 with err set. */
int loader_block(loader_word_fn *next, void *src, word hdr, size_t hoff, uint32_t first,
                 uint32_t count, int rotate, struct image *img, const char *name,
                 char *err, size_t errlen);

/* Format "NAME: offset OFF: <fmt...>" into err. */
void loader_err(char *err, size_t errlen, const char *name, size_t off,
                const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Read the whole file PATH into a malloc'd buffer (*buf, *len; *buf is
 * non-NULL even for an empty file).  Refuses files over LOADER_MAX_FILE.
 * Returns 0, or -1 with "PATH: reason" in err. */
/* Read the file at path and decode it with parse (an X_parse); frees the bytes. */
typedef int loader_parse_fn(const uint8_t *buf, size_t len, const char *name,
			    struct image *img, char *err, size_t errlen);
int loader_read(const char *path, loader_parse_fn *parse, struct image *img,
		char *err, size_t errlen);
int loader_slurp(const char *path, uint8_t **buf, size_t *len,
                 char *err, size_t errlen);

/* Write len bytes to PATH (created or truncated).  Returns 0, or -1 with
 * "PATH: reason" in err. */
int loader_spill(const char *path, const uint8_t *buf, size_t len,
                 char *err, size_t errlen);

/* A growable byte buffer for the encoders. */
struct loader_buf {
	uint8_t *p;
	size_t   len, cap;
	int      oom;       /* set once an allocation failed; later puts are dropped */
};
void loader_put(struct loader_buf *b, const uint8_t *bytes, size_t n);

/* Call fn(first, count, arg) for every run of contiguous set words in img,
 * cut into blocks of at most LOADER_BLOCK words, in address order. */
void loader_runs(const struct image *img,
                 void (*fn)(addr first, unsigned count, void *arg), void *arg);

/* Opcodes the start words use. */
#define LOADER_OP_JRST  0254u
#define LOADER_OP_JUMPA 0324u

#endif
