/* detect.c — load_file: tell a program file's format and packing from its content (or take them from --format). */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "asm.h"
#include "image.h"
#include "loader.h"

/*
 * A file is tried as each (format, packing) that could be it, in this order,
 * and the first that reads without error wins:
 *
 *	text (printable 7-bit ASCII)   MACRO-10 source, assembled
 *	SAV in core, evac, ascii       the first word must be an IOWD
 *	SBLK in evac, core, ascii      (the readers check bootstrap and checksums)
 *	RIM10B paper tape
 *
 * --format narrows the list to one format, one packing, or both.  When
 * nothing fits, the error is the one of the candidate that read furthest
 * into the file (the most likely reading), and we say what the file looks
 * like if we recognize it (an ITS PDUMP, a TOPS-10 EXE, text, an archive).
 */

static const char *const kind_names[] = { [LOAD_DETECT] = "detect", [LOAD_MAC] = "mac",
					  [LOAD_SAV] = "sav", [LOAD_RIM] = "rim",
					  [LOAD_SBLK] = "sblk" };

int load_format_parse(const char *s, struct load_format *f)
{
	*f = (struct load_format){ LOAD_DETECT, 0 };
	char buf[32];
	if (strlen(s) >= sizeof buf)
		return -1;
	strcpy(buf, s);
	char *colon = strchr(buf, ':');
	if (colon) {
		*colon = 0;
		enum packing k;
		if (packing_parse(colon + 1, &k))
			return -1;
		f->pack = k;
	}
	for (int i = LOAD_MAC; i <= LOAD_SBLK; i++)
		if (!strcasecmp(buf, kind_names[i])) {
			f->kind = (enum load_kind)i;
			/* a packing means nothing to MACRO source and paper tape */
			return colon && (i == LOAD_MAC || i == LOAD_RIM) ? -1 : 0;
		}
	enum packing k;
	if (!colon && !packing_parse(buf, &k)) {   /* a packing alone */
		f->pack = k;
		return 0;
	}
	return -1;
}

/* ---- what a file looks like ---- */

static int is_text(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint8_t c = p[i];
		if (!((c >= 040 && c < 0177) || c == '\t' || c == '\n' || c == '\r' || c == '\f'))
			return 0;
	}
	return 1;
}

/* The first n words of buf in packing k (fewer if it ends or goes bad). */
static unsigned first_words(const uint8_t *buf, size_t len, enum packing k, word *w, unsigned n)
{
	struct unpack u;
	unpack_init(&u, buf, len, k);
	unsigned got = 0;
	size_t off;
	while (got < n && unpack_next(&u, &w[got], &off) == UP_WORD)
		got++;
	return got;
}

const char *load_looks_like(const uint8_t *buf, size_t len)
{
	if (len == 0)
		return NULL;
	if (is_text(buf, len))
		return "text, not a binary";
	if (len >= 2 && buf[0] == 0x1f && buf[1] == 0x8b)
		return "a gzip archive";
	if (len >= 4 && !memcmp(buf, "PK\3\4", 4))
		return "a zip archive";
	if (len >= 4 && !memcmp(buf, "\177ELF", 4))
		return "a host (ELF) executable";
	for (int k = PACK_CORE; k <= PACK_EVAC; k++) {
		word w[9];
		unsigned n = first_words(buf, len, (enum packing)k, w, 9);
		if (n >= 1 && LH(w[0]) == 01776)
			return "a TOPS-10 EXE (a directory block first), which tenvm cannot load; "
			       "save it as a SAV file";
		if (n == 9 && w[0] == 0) {
			/* ITS PDUMP: a zero word, then the page map: half words
			 * with the access bits 600000/400000/200000 */
			int map = 1, any = 0;
			for (unsigned i = 1; i < n; i++) {
				if (LH(w[i]) != 0)
					map = 0;
				if (RH(w[i]) & 0600000)
					any = 1;
			}
			if (map && any)
				return "an ITS PDUMP (a page map first), which tenvm cannot load; "
				       "dump it as an SBLK file";
		}
	}
	return NULL;
}

/* ---- trying the candidates ---- */

struct cand { enum load_kind kind; enum packing pack; };

static const struct cand order[] = {
	{ LOAD_SAV, PACK_CORE }, { LOAD_SAV, PACK_EVAC }, { LOAD_SBLK, PACK_EVAC },
	{ LOAD_RIM, 0 }, { LOAD_SAV, PACK_ASCII }, { LOAD_SBLK, PACK_CORE },
	{ LOAD_SBLK, PACK_ASCII },
};

static int try_parse(const struct cand *c, const uint8_t *buf, size_t len, const char *name,
		     struct image *img, char *err, size_t errlen)
{
	switch (c->kind) {
	case LOAD_SAV: {
		word w;
		if (first_words(buf, len, c->pack, &w, 1) == 1 && !w_isneg(w)) {
			loader_err(err, errlen, name, 0,
			           "not a SAV file: the first word %012llo is not an IOWD (-n,,first-1)",
			           (unsigned long long)w);
			return -1;
		}
		return sav_parse_packed(buf, len, name, c->pack, img, err, errlen);
	}
	case LOAD_SBLK:
		return sblk_parse_packed(buf, len, name, c->pack, img, err, errlen);
	default:
		return rim_parse(buf, len, name, img, err, errlen);
	}
}

/* The file has the marks of c (so its error, if it fails, is worth telling):
 * SAV starts with an IOWD, SBLK has a JRST 1 (the end of its bootstrap) in
 * its first 100 words, RIM10B starts with the loader's BLKI pointer. */
static int plausible(const struct cand *c, const uint8_t *buf, size_t len)
{
	word w[0100];
	if (c->kind == LOAD_RIM) {
		char e[200];
		struct image *t = image_new();
		if (!t)
			return 0;
		int bad = rim_parse(buf, len, "", t, e, sizeof e) &&
			  (strstr(e, "not a RIM10B tape") || strstr(e, "no binary frames") ||
			   strstr(e, "inside the first word"));
		image_free(t);
		return !bad;
	}
	unsigned n = first_words(buf, len, c->pack, w, c->kind == LOAD_SAV ? 1 : 0100);
	if (c->kind == LOAD_SAV)
		return n == 1 && w_isneg(w[0]);
	for (unsigned i = 0; i < n; i++)
		if (w[i] == 0254000000001ULL)
			return 1;
	return 0;
}

/* The byte offset an error line "NAME: offset N: ..." names, or 0. */
static size_t err_offset(const char *err, const char *name)
{
	size_t n = strlen(name);
	if (strncmp(err, name, n) || strncmp(err + n, ": offset ", 9))
		return 0;
	return (size_t)strtoull(err + n + 9, NULL, 10);
}

/* Assemble a .mac file; the assembler's first error line goes into err. */
static int load_mac(const char *path, struct image *img, char *err, size_t errlen)
{
	char *text = NULL;
	size_t size = 0;
	FILE *errs = open_memstream(&text, &size);
	if (!errs) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	int nerr = asm_file(path, img, NULL, errs);
	fclose(errs);
	if (nerr == 0) {
		free(text);
		return 0;
	}
	if (err && errlen) {
		size_t line = text ? strcspn(text, "\n") : 0;
		if (line == 0)
			snprintf(err, errlen, "%s: %d assembly error%s", path, nerr,
			         nerr == 1 ? "" : "s");
		else if (nerr > 1)
			snprintf(err, errlen, "%.*s (and %d more error%s)", (int)line, text,
			         nerr - 1, nerr == 2 ? "" : "s");
		else
			snprintf(err, errlen, "%.*s", (int)line, text);
	}
	free(text);
	return -1;
}

/* The extension of path (after the last '.' of its last component), or "". */
static const char *extension(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	const char *dot = strrchr(base, '.');
	return dot ? dot + 1 : "";
}

int load_file_as(const char *path, const struct load_format *f, struct image *img,
		 char *err, size_t errlen)
{
	struct load_format any = { LOAD_DETECT, 0 };
	if (!f)
		f = &any;
	if (f->kind == LOAD_MAC || (f->kind == LOAD_DETECT && !strcasecmp(extension(path), "mac")))
		return load_mac(path, img, err, errlen);
	uint8_t *buf;
	size_t len;
	if (loader_slurp(path, &buf, &len, err, errlen))
		return -1;
	int r = -1;
	if (len == 0) {
		loader_err(err, errlen, path, 0, "empty file");
		goto out;
	}
	if (f->kind == LOAD_DETECT && !f->pack && is_text(buf, len)) {
		char why[400];
		if (load_mac(path, img, why, sizeof why) == 0)
			r = 0;
		else
			snprintf(err, errlen, "%s: this looks like text, not a binary, and it does not "
			         "assemble as MACRO-10: %s", path, why);
		goto out;
	}
	struct image *trial = image_new();
	if (!trial) {
		snprintf(err, errlen, "%s: out of memory", path);
		goto out;
	}
	char best[400] = "";
	size_t best_off = 0;
	int tried = 0;
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
		const struct cand *c = &order[i];
		if ((f->kind && c->kind != f->kind) || (f->pack && c->kind != LOAD_RIM && c->pack != f->pack) ||
		    (f->pack && c->kind == LOAD_RIM))
			continue;
		char e[400] = "";
		image_free(trial);
		trial = image_new();
		if (!trial) {
			snprintf(err, errlen, "%s: out of memory", path);
			goto out;
		}
		if (try_parse(c, buf, len, path, trial, e, sizeof e) == 0) {
			r = try_parse(c, buf, len, path, img, err, errlen);
			image_free(trial);
			goto out;
		}
		size_t off = err_offset(e, path);
		if (!f->kind && !plausible(c, buf, len))
			continue;               /* not that format at all */
		if (!tried++ || off > best_off) {
			best_off = off;
			snprintf(best, sizeof best, "%s", e);
		}
	}
	image_free(trial);
	const char *like = load_looks_like(buf, len);
	if (like && f->kind)
		snprintf(err, errlen, "%s (this looks like %s)", best, like);
	else if (like)
		snprintf(err, errlen, "%s: this looks like %s", path, like);
	else if (tried)
		snprintf(err, errlen, "%s", best);       /* a damaged file of that format */
	else
		snprintf(err, errlen, "%s: cannot tell its format: not a SAV, SBLK or RIM10B file "
		         "in any packing, nor MACRO-10 text (--format names one)", path);
out:
	free(buf);
	return r;
}

int load_file(const char *path, struct image *img, char *err, size_t errlen)
{
	return load_file_as(path, NULL, img, err, errlen);
}
