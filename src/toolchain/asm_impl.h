/* asm_impl.h — the assembler's private state and the calls between asm.c, asm_expr.c and asm_pseudo.c. */
#ifndef TENVM_ASM_IMPL_H
#define TENVM_ASM_IMPL_H

#include <stddef.h>
#include <stdio.h>
#include "image.h"

#define ASM_MAX_DEPTH 100       /* nesting of < [ ( and unary operators */
#define CH_EOF (-1)

/* Value flags. */
enum {
	V_UNDEF = 1,    /* not known yet (pass 1 forward reference) or undefined */
	V_FWD   = 2     /* uses a symbol defined later in this pass */
};

struct val {
	word     v;
	unsigned f;
};

struct pos {
	unsigned line, col;
};

enum { S_NONE, S_LABEL, S_ASSIGN, S_OP };

struct sym {
	char    *name;      /* upper case */
	size_t   len;
	word     v;
	uint8_t  kind;      /* S_* */
	uint8_t  io;        /* S_OP: the AC position holds a device code */
	uint8_t  pass;      /* the last pass that defined it; 0 = never */
	uint8_t  unk;       /* its value was not known when defined */
	unsigned defs;      /* label definitions seen in this pass */
};

struct symtab {
	struct sym *e;
	size_t      cap, n;
};

/* Words being collected for a literal or an OPDEF. */
struct wbuf {
	word  *w;
	size_t n, cap;
	int    undef;       /* some word was not known (pass 1) */
};

struct lit {
	word    *w;
	size_t   n;
	addr     at;
	int      known;     /* every word known in pass 1: may be shared */
	long     shared;    /* index of the identical literal it reuses, or -1 */
};

struct as {
	const char   *path, *text, *end;
	const char   *p, *line0;    /* cursor; start of its line */
	unsigned      line;
	int           pass;
	FILE         *errs, *listing;
	struct image *img;
	int           nerr, stop;
	unsigned      err_line;     /* errors are reported once per line */
	struct pos    stmt_pos;     /* start of the current top-level statement */
	unsigned      loc, saved_loc;   /* loc may reach 01000000 */
	int           radix, depth, in_lit, ended, resync;
	struct symtab syms, ops;
	struct lit   *lits;         /* every literal, numbered in source order */
	size_t        nlits, caplits, nlit, pool;
	struct wbuf  *sink;         /* words go here instead of the image */
	struct { addr a; word w; } *lw;     /* listing: words of this line */
	size_t        nlw, caplw;
	int           has_lv;       /* listing: an assignment's value */
	word          lv;
};

struct part {       /* [@][E][(X)] as written */
	int        ind, have_e, have_x;
	struct val e, x;
	struct pos at, ep, xp;
};

/* asm.c */
void as_err(struct as *s, struct pos at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* p grown to hold `need` elements (new pointer), or NULL with p intact and
 * "out of memory" reported, which stops the assembly. */
void *as_grow(struct as *s, void *p, size_t *cap, size_t need, size_t elem);
struct sym *as_sym(struct as *s, struct symtab *t, const char *name, size_t len, int create);
void as_emit(struct as *s, word w, unsigned f);
/* w (with its value flags f) appended to b. */
void as_wpush(struct as *s, struct wbuf *b, word w, unsigned f);
int as_lit_body(struct as *s, struct wbuf *b, struct pos at);

/* asm_lit.c: a literal at the cursor (its address in *v), and the pool of
 * literals placed at LIT and END. */
int as_literal(struct as *s, struct val *v);
void as_lit_dump(struct as *s, struct pos at);
int as_address(struct as *s, struct part *a);
void as_put_e(struct as *s, struct val *w, const struct part *a, int full);
void as_skip_junk(struct as *s);

/* asm_pseudo.c: the index of a pseudo-op name or -1; the pseudo-op at the
 * cursor (after its name at `at`), 0 after a syntax error. */
int as_pseudo_find(const char *name, size_t len);
int as_pseudo(struct as *s, int i, struct pos at);

/* asm_expr.c: the lexer helpers and the expression grammar. */
int as_peek(const struct as *s);
int as_peek2(const struct as *s);
void as_adv(struct as *s);
void as_blanks(struct as *s);
int as_eos(const struct as *s);
int as_issym(int c);
int as_isblank(int c);      /* blanks: space, tab, CR, FF, VT, NUL */
int as_issym0(int c);
struct pos as_here(const struct as *s);
size_t as_ident(struct as *s, const char **name);
int as_syntax(struct as *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int as_unexpected(struct as *s);     /* a syntax error naming the character at the cursor */
/* Parse an expression at the cursor into *v.  Returns 0 after reporting a
 * syntax error (cursor somewhere inside it); value errors (undefined symbol,
 * division by zero, bad digit) are reported and give 1 with some value. */
int as_expr(struct as *s, struct val *v);
/* The same, with the radix set to r for its duration (POINT, BYTE, RADIX). */
int as_expr_radix(struct as *s, struct val *v, int r);

#endif
