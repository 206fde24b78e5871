/* asm_pseudo.c — the assembler's pseudo-ops: LOC, EXP, XWD, BLOCK, text, POINT, BYTE, IOWD, OPDEF, END, LIT, RADIX. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "asm_impl.h"

enum {
	P_LOC, P_RELOC, P_EXP, P_XWD, P_BLOCK, P_ASCII, P_ASCIZ, P_SIXBIT, P_POINT, P_BYTE,
	P_IOWD, P_OPDEF, P_END, P_LIT, P_RADIX, P_EXTERN, P_IGNORE
};

static const struct {
	const char *name;
	int         id;
} pseudos[] = {
	{ "LOC", P_LOC },       { "RELOC", P_RELOC },   { "EXP", P_EXP },       { "XWD", P_XWD },
	{ "BLOCK", P_BLOCK },   { "ASCII", P_ASCII },   { "ASCIZ", P_ASCIZ },   { "SIXBIT", P_SIXBIT },
	{ "POINT", P_POINT },   { "BYTE", P_BYTE },     { "IOWD", P_IOWD },     { "OPDEF", P_OPDEF },
	{ "END", P_END },       { "LIT", P_LIT },       { "RADIX", P_RADIX },   { "EXTERN", P_EXTERN },
	{ "TITLE", P_IGNORE },  { "SUBTTL", P_IGNORE }, { "SEARCH", P_IGNORE }, { "INTERN", P_IGNORE },
	{ "ENTRY", P_IGNORE },  { "PAGE", P_IGNORE },   { "LIST", P_IGNORE },   { "XLIST", P_IGNORE },
	{ "LALL", P_IGNORE },   { "SALL", P_IGNORE },   { "XALL", P_IGNORE },
};

int as_pseudo_find(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof pseudos / sizeof pseudos[0]; i++)
		if (strlen(pseudos[i].name) == len && !strncasecmp(pseudos[i].name, name, len))
			return (int)i;
	return -1;
}

static int comma(struct as *s)
{
	as_blanks(s);
	if (as_peek(s) != ',')
		return as_syntax(s, "',' expected");
	as_adv(s);
	return 1;
}

/* A value that decides where words go must be known when it is met: in pass
 * 2 a forward reference is an error, and both passes then use 0. */
static int known(struct as *s, struct val *v, struct pos at, const char *what)
{
	if (!(v->f & (V_UNDEF | V_FWD)))
		return 1;
	as_err(s, at, "%s must be defined before this point", what);
	v->v = 0;
	return 0;
}

/* A value that must fit in a half word (an address, a count): 0 after
 * reporting it out of range (its right half is then used). */
static int halfword(struct as *s, const struct val *v, struct pos at, const char *what)
{
	if ((v->f & V_UNDEF) || v->v <= RH_MASK)
		return 1;
	as_err(s, at, "%s %llo out of range (0-777777)", what, (unsigned long long)v->v);
	return 0;
}

/* ASCII, ASCIZ (5 7-bit characters a word, left-justified, bit 35 zero) and SIXBIT. */
static int text(struct as *s, int id)
{
	as_blanks(s);
	struct pos at = as_here(s);
	int d = as_peek(s), six = id == P_SIXBIT, per = six ? 6 : 5, bits = six ? 6 : 7;
	int n = 0, bad = 0;
	word w = 0;
	if (d == CH_EOF || d == '\n')
		return as_syntax(s, "text delimiter expected");
	as_adv(s);
	for (;;) {
		int c = as_peek(s);
		if (c == CH_EOF) {
			as_err(s, at, "unterminated text: no closing delimiter");
			return 0;
		}
		as_adv(s);
		if (c == d)
			break;
		if (six) {
			if (c >= 'a' && c <= 'z')
				c -= 040;
			if ((c < 040 || c > 0137) && !bad++)
				as_err(s, at, "text has a character SIXBIT cannot hold");
			c = (c - 040) & 077;
		} else if (c > 0177 && !bad++) {
			as_err(s, at, "text has a non-ASCII byte");
		}
		w |= (word)(c & 0177) << (36 - bits * (n % per + 1));
		if (++n % per == 0) {
			as_emit(s, w, 0);
			w = 0;
		}
	}
	if (n % per || id == P_ASCIZ)
		as_emit(s, w, 0);
	return 1;
}

/* POINT S,ADDR,B: S and B are decimal; P = 35-B, or 36 without B. */
static int point(struct as *s)
{
	struct val sz, b = { 0, 0 };
	struct part a;
	int have_b = 0;
	memset(&a, 0, sizeof a);
	as_blanks(s);
	struct pos sp = as_here(s), bp = sp;
	if (!as_expr_radix(s, &sz, 10))
		return 0;
	if (!(sz.f & V_UNDEF) && sz.v > 077)
		as_err(s, sp, "byte size %llu out of range (0-63)", (unsigned long long)sz.v);
	as_blanks(s);
	if (as_peek(s) == ',') {
		as_adv(s);
		if (!as_address(s, &a))
			return 0;
		if (as_peek(s) == ',') {
			as_adv(s);
			as_blanks(s);
			bp = as_here(s);
			if (!as_expr_radix(s, &b, 10))
				return 0;
			have_b = 1;
		}
	}
	int64_t p = 36;
	if (have_b) {
		p = 35 - w_sext(b.v);
		if (!(b.f & V_UNDEF) && (p < 0 || p > 077))
			as_err(s, bp, "byte position %lld out of range", (long long)w_sext(b.v));
	}
	struct val w = { (word)(p & 077) << 30 | (sz.v & 077) << 24, sz.f | b.f };
	as_put_e(s, &w, &a, 0);
	as_emit(s, w.v, w.f);
	return 1;
}

/* BYTE (s1)v1,v2(s2)v3...: bytes packed left to right, a new word when one is full. */
static int byte(struct as *s)
{
	int size = -1, used = 0, any = 0;
	unsigned f = 0;
	word w = 0;
	for (;;) {
		as_blanks(s);
		if (as_eos(s))
			break;
		struct val v;
		struct pos at = as_here(s);
		if (as_peek(s) == '(') {
			as_adv(s);
			if (!as_expr_radix(s, &v, 10))
				return 0;
			as_blanks(s);
			if (as_peek(s) != ')')
				return as_syntax(s, "missing ')'");
			as_adv(s);
			if (!(v.f & V_UNDEF) && v.v > 36)
				as_err(s, at, "byte size %llu out of range (0-36)", (unsigned long long)v.v);
			size = v.v > 36 ? 36 : (int)v.v;
			continue;
		}
		if (size < 0)
			return as_syntax(s, "BYTE needs a byte size in parentheses first");
		if (!as_expr(s, &v))
			return 0;
		if (used + size > 36) {
			as_emit(s, w, f);
			w = 0;
			used = 0;
		}
		if (size)
			w |= (v.v & (((word)1 << size) - 1)) << (36 - used - size);
		used += size;
		f |= v.f;
		any = 1;
		as_blanks(s);
		if (as_peek(s) == ',')
			as_adv(s);
	}
	if (any)
		as_emit(s, w, f);
	return 1;
}

/* OPDEF NAME [statement]: NAME becomes an operator whose word is the statement's. */
static int opdef(struct as *s)
{
	as_blanks(s);
	if (!as_issym0(as_peek(s)))
		return as_syntax(s, "OPDEF needs a name");
	const char *name;
	size_t len = as_ident(s, &name);
	as_blanks(s);
	if (as_peek(s) != '[')
		return as_syntax(s, "'[' expected after the OPDEF name");
	struct pos at = as_here(s);
	struct wbuf b = { 0 };
	as_adv(s);
	int ok = as_lit_body(s, &b, at);
	if (ok && b.n != 1) {
		as_err(s, at, "OPDEF needs exactly one word in its brackets");
	} else if (ok) {
		struct sym *y = as_sym(s, &s->ops, name, len, 1);
		if (y)
			*y = (struct sym){ y->name, y->len, b.w[0], S_OP, 0, (uint8_t)s->pass, 0, 0 };
	}
	free(b.w);
	return ok;
}

int as_pseudo(struct as *s, int i, struct pos at)
{
	int id = pseudos[i].id;
	struct val v, r;
	struct pos vp;
	if (s->in_lit && (id == P_LOC || id == P_RELOC || id == P_BLOCK || id == P_END ||
	                  id == P_LIT || id == P_OPDEF)) {
		as_err(s, at, "%s cannot be used inside a literal", pseudos[i].name);
		return 0;
	}
	as_blanks(s);
	vp = as_here(s);
	switch (id) {
	case P_IGNORE:
		as_skip_junk(s);
		return 1;
	case P_EXTERN:
		as_err(s, at, "EXTERN is not supported: programs are assembled absolute");
		as_skip_junk(s);
		return 1;
	case P_LOC:
	case P_RELOC:
		if (as_eos(s)) {        /* back to the counter before the last LOC */
			unsigned t = s->loc;
			s->loc = s->saved_loc;
			s->saved_loc = t;
			return 1;
		}
		if (!as_expr(s, &v))
			return 0;
		known(s, &v, vp, "the location");
		if (v.v > RH_MASK) {
			as_err(s, vp, "location %llo out of range (0-777777)", (unsigned long long)v.v);
			v.v &= RH_MASK;
		}
		s->saved_loc = s->loc;
		s->loc = (unsigned)v.v;
		return 1;
	case P_BLOCK:
		if (!as_expr(s, &v))
			return 0;
		known(s, &v, vp, "the BLOCK size");
		if (w_isneg(v.v) || s->loc + v.v > IMAGE_WORDS) {
			as_err(s, vp, "BLOCK %llo moves the location counter out of range",
			       (unsigned long long)v.v);
			return 1;
		}
		s->loc += (unsigned)v.v;
		return 1;
	case P_EXP:
		while (!as_eos(s)) {
			if (!as_expr(s, &v))
				return 0;
			as_emit(s, v.v, v.f);
			as_blanks(s);
			if (as_peek(s) != ',')
				break;
			as_adv(s);
			as_blanks(s);
		}
		return 1;
	case P_XWD:
	case P_IOWD: {
		if (!as_expr(s, &v) || !comma(s))
			return 0;
		as_blanks(s);
		struct pos rp = as_here(s);
		if (!as_expr(s, &r))
			return 0;
		if (id == P_XWD)
			as_emit(s, XWD(v.v, r.v), v.f | r.f);
		else if (halfword(s, &v, vp, "IOWD count") && halfword(s, &r, rp, "IOWD address"))
			as_emit(s, XWD(w_neg(v.v), r.v - 1), v.f | r.f);
		else
			as_emit(s, 0, v.f | r.f);
		return 1;
	}
	case P_ASCII:
	case P_ASCIZ:
	case P_SIXBIT:
		return text(s, id);
	case P_POINT:
		return point(s);
	case P_BYTE:
		return byte(s);
	case P_OPDEF:
		return opdef(s);
	case P_END:
		if (!as_eos(s)) {
			if (!as_expr(s, &v))
				return 0;
			if (s->pass == 2 && halfword(s, &v, vp, "start address")) {
				s->img->start = RH(v.v);
				s->img->has_start = 1;
			}
		}
		as_lit_dump(s, at);
		s->ended = 1;
		return 1;
	case P_LIT:
		as_lit_dump(s, at);
		return 1;
	case P_RADIX:
		if (!as_expr_radix(s, &v, 10))
			return 0;
		if (known(s, &v, vp, "the radix") && (v.v < 2 || v.v > 10))
			as_err(s, vp, "RADIX %llu out of range (2-10)", (unsigned long long)v.v);
		else if (v.v >= 2 && v.v <= 10)
			s->radix = (int)v.v;
		return 1;
	}
	return 1;
}
