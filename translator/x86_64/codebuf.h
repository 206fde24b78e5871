/* codebuf.h — W^X memory for host code: one region seen through a writable view and an executable one. */
#ifndef TENVM_CODEBUF_H
#define TENVM_CODEBUF_H

#include <stddef.h>
#include <stdint.h>

/*
 * A code buffer maps the same pages twice, from a memfd: `rw` is readable and
 * writable, `rx` readable and executable.  No page is ever writable and
 * executable at once; code is written (and chains are patched) through rw and
 * run through rx, at the same offset.
 */
struct codebuf {
	uint8_t *rw;
	uint8_t *rx;
	size_t   size;     /* bytes in each view */
	size_t   used;     /* bytes handed out */
};

/* Map a buffer of at least `size` bytes; 0 on success, -1 (errno set) if not. */
int codebuf_init(struct codebuf *cb, size_t size);
void codebuf_free(struct codebuf *cb);
/* `n` bytes at the end of what is used (their offset), or -1 when they do not fit. */
long codebuf_take(struct codebuf *cb, size_t n);
/* Give back the end of the last piece taken: only `keep` of its bytes from
 * offset `off` stay used. */
void codebuf_trim(struct codebuf *cb, long off, size_t keep);

/* Code at rx[off..off+n) was (re)written through rw: tools that translate
 * host code (valgrind) must forget what they made of it. */
void codebuf_wrote(struct codebuf *cb, size_t off, size_t n);

#endif
