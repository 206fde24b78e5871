/* asm_expr.c — the assembler's characters and expressions: numbers, symbols, text constants, operators. */
#include <stdarg.h>
#include <string.h>
#include "asm_impl.h"

int as_peek(const struct as *s)
{
	return s->p < s->end ? (unsigned char)*s->p : CH_EOF;
}

int as_peek2(const struct as *s)
{
	return s->p + 1 < s->end ? (unsigned char)s->p[1] : CH_EOF;
}

/* Step over one character, keeping the line count. */
void as_adv(struct as *s)
{
	if (s->p >= s->end)
		return;
	if (*s->p++ == '\n') {
		s->line++;
		s->line0 = s->p;
	}
}

int as_isblank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == 0;
}

/* Skip blanks (never a newline). */
void as_blanks(struct as *s)
{
	while (as_isblank(as_peek(s)))
		as_adv(s);
}

/* At the end of a statement: end of text or line, a comment, or the ] closing a literal. */
int as_eos(const struct as *s)
{
	int c = as_peek(s);
	return c == CH_EOF || c == '\n' || c == ';' || (c == ']' && s->in_lit);
}

int as_issym(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '$' || c == '%';
}

int as_issym0(int c)
{
	return as_issym(c) && !(c >= '0' && c <= '9');
}

struct pos as_here(const struct as *s)
{
	return (struct pos){ s->line, (unsigned)(s->p - s->line0) + 1 };
}

/* Read a symbol name at the cursor (which must be at as_issym0); returns its length. */
size_t as_ident(struct as *s, const char **name)
{
	*name = s->p;
	while (as_issym(as_peek(s)))
		as_adv(s);
	return (size_t)(s->p - *name);
}

/* Report a syntax error at the cursor; returns 0 for the caller to pass up. */
int as_syntax(struct as *s, const char *fmt, ...)
{
	char msg[200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	as_err(s, as_here(s), "%s", msg);
	return 0;
}

int as_unexpected(struct as *s)
{
	int c = as_peek(s);
	if (c == CH_EOF || c == '\n')
		return as_syntax(s, "unexpected end of line");
	if (c > ' ' && c < 0177)
		return as_syntax(s, "unexpected character '%c'", c);
	return as_syntax(s, "unexpected byte 0%o", (unsigned)c);
}

static int unary(struct as *s, struct val *v);

/* digits [.] [B shift]: in the current radix, or decimal with a trailing point. */
static int number(struct as *s, struct val *v)
{
	struct pos at = as_here(s);
	uint64_t r = 0, d = 0;
	int big_r = 0, big_d = 0, maxdig = 0, c;
	while ((c = as_peek(s)) >= '0' && c <= '9') {
		int dig = c - '0';
		if (dig > maxdig)
			maxdig = dig;
		if (!big_r && (r = r * (unsigned)s->radix + (unsigned)dig) > W_MASK)
			big_r = 1;
		if (!big_d && (d = d * 10 + (unsigned)dig) > W_MASK)
			big_d = 1;
		as_adv(s);
	}
	int dec = as_peek(s) == '.';
	if (dec)
		as_adv(s);
	if (!dec && maxdig >= s->radix)
		as_err(s, at, "digit %d is not valid in radix %d", maxdig, s->radix);
	else if (dec ? big_d : big_r)
		as_err(s, at, "number too large for 36 bits");
	v->v = (dec ? d : r) & W_MASK;
	v->f = 0;
	if ((c = as_peek(s)) == 'B' || c == 'b') {      /* nBm: n with its low bit at bit m */
		struct val m;
		int save = s->radix;
		as_adv(s);
		s->radix = 10;
		int ok = unary(s, &m);
		s->radix = save;
		if (!ok)
			return 0;
		int64_t sh = 35 - w_sext(m.v);
		v->v = sh >= 36 || sh <= -36 ? 0 : sh >= 0 ? (v->v << sh) & W_MASK : v->v >> -sh;
		v->f |= m.f;
	} else if (as_issym(c)) {
		return as_syntax(s, "bad character in number");
	}
	return 1;
}

/* "ABC" (7-bit ASCII) or 'ABC' (SIXBIT), right-justified. */
static int chars(struct as *s, struct val *v)
{
	struct pos at = as_here(s);
	int q = as_peek(s), n = 0, max = q == '"' ? 5 : 6, bad = 0;
	word x = 0;
	as_adv(s);
	for (;;) {
		int c = as_peek(s);
		if (c == CH_EOF || c == '\n') {
			as_err(s, at, "unterminated character constant");
			return 0;
		}
		as_adv(s);
		if (c == q)
			break;
		if (q == '"') {
			if (c > 0177 && !bad++)
				as_err(s, at, "character constant holds a non-ASCII byte");
			x = x << 7 | (word)(c & 0177);
		} else {
			if (c >= 'a' && c <= 'z')
				c -= 040;
			if ((c < 040 || c > 0137) && !bad++)
				as_err(s, at, "character cannot be written in SIXBIT");
			x = x << 6 | (word)((c - 040) & 077);
		}
		if (++n == max + 1 && !bad++)
			as_err(s, at, "more than %d characters in a constant", max);
		x &= W_MASK;
	}
	v->v = x;
	v->f = 0;
	return 1;
}

/* A symbol's value.  Pass 1 lets forward references through as V_UNDEF;
 * pass 2 gives them their pass-1 value with V_FWD.  A name that is no user
 * symbol but is a mnemonic stands for its instruction word (MACRO-10 does
 * this, e.g. <JRST>); this is decided in pass 2 only so that a later label
 * of the same name wins. */
static int symbol(struct as *s, struct val *v)
{
	struct pos at = as_here(s);
	const char *name;
	size_t len = as_ident(s, &name);
	*v = (struct val){ 0, 0 };
	if (len == 1 && name[0] == '.') {
		v->v = s->loc & RH_MASK;
		return 1;
	}
	struct sym *y = as_sym(s, &s->syms, name, len, 0);
	int shown = len > 40 ? 40 : (int)len;
	if (y && y->pass == s->pass) {
		v->v = y->v;
		v->f = y->unk ? V_UNDEF : 0;
	} else if (y && y->pass) {
		v->v = y->v;
		v->f = V_FWD | (y->unk ? V_UNDEF : 0);
		if (y->unk && s->pass == 2)
			as_err(s, at, "%.*s is used before it is defined, and its value depends on a later symbol",
			       shown, name);
	} else if (s->pass == 1) {
		v->f = V_UNDEF | V_FWD;
	} else if ((y = as_sym(s, &s->ops, name, len, 0)) != NULL) {
		v->v = y->v;
	} else {
		v->f = V_UNDEF;
		as_err(s, at, "undefined symbol %.*s", shown, name);
	}
	return 1;
}

static int primary(struct as *s, struct val *v)
{
	as_blanks(s);
	int c = as_peek(s);
	*v = (struct val){ 0, 0 };
	if (c >= '0' && c <= '9')
		return number(s, v);
	if (as_issym0(c))
		return symbol(s, v);
	switch (c) {
	case '<':
		as_adv(s);
		if (!as_expr(s, v))
			return 0;
		as_blanks(s);
		if (as_peek(s) != '>')
			return as_syntax(s, "missing '>'");
		as_adv(s);
		return 1;
	case '[':
		return as_literal(s, v);
	case '"':
	case '\'':
		return chars(s, v);
	case '^': {
		int r = as_peek2(s);
		r = r == 'D' || r == 'd' ? 10 : r == 'O' || r == 'o' ? 8 : r == 'B' || r == 'b' ? 2 : 0;
		if (!r)
			return as_syntax(s, "unknown ^ operator (^D, ^O, ^B or ^- expected)");
		as_adv(s);
		as_adv(s);
		int save = s->radix;
		s->radix = r;
		int ok = unary(s, v);
		s->radix = save;
		return ok;
	}
	}
	return as_unexpected(s);
}

static int unary(struct as *s, struct val *v)
{
	if (s->depth >= ASM_MAX_DEPTH)
		return as_syntax(s, "expression nested too deeply (more than %d levels)", ASM_MAX_DEPTH);
	s->depth++;
	as_blanks(s);
	int c = as_peek(s), ok;
	if (c == '-' || c == '+') {
		as_adv(s);
		ok = unary(s, v);
		if (ok && c == '-')
			v->v = w_neg(v->v);
	} else if (c == '^' && as_peek2(s) == '-') {
		as_adv(s);
		as_adv(s);
		ok = unary(s, v);
		if (ok)
			v->v = ~v->v & W_MASK;
	} else {
		ok = primary(s, v);
	}
	s->depth--;
	return ok;
}

/* MACRO-10 precedence: the logical operators & and ! bind tighter than * and /,
 * which bind tighter than + and -; each level is left-associative. */
static int logic(struct as *s, struct val *v)
{
	if (!unary(s, v))
		return 0;
	for (;;) {
		as_blanks(s);
		int c = as_peek(s);
		if (c != '&' && c != '!')
			return 1;
		as_adv(s);
		struct val r;
		if (!unary(s, &r))
			return 0;
		v->v = c == '&' ? v->v & r.v : v->v | r.v;
		v->f |= r.f;
	}
}

static int term(struct as *s, struct val *v)
{
	if (!logic(s, v))
		return 0;
	for (;;) {
		as_blanks(s);
		int c = as_peek(s);
		if (c != '*' && c != '/')
			return 1;
		struct pos at = as_here(s);
		as_adv(s);
		struct val r;
		if (!logic(s, &r))
			return 0;
		v->f |= r.f;
		if (c == '*') {
			v->v = (v->v * r.v) & W_MASK;
		} else if (r.v == 0) {
			if (!(v->f & V_UNDEF))
				as_err(s, at, "division by zero");
			v->v = 0;
		} else {
			v->v = w_of(w_sext(v->v) / w_sext(r.v));
		}
	}
}

int as_expr(struct as *s, struct val *v)
{
	if (!term(s, v))
		return 0;
	for (;;) {
		as_blanks(s);
		int c = as_peek(s);
		if (c != '+' && c != '-')
			return 1;
		as_adv(s);
		struct val r;
		if (!term(s, &r))
			return 0;
		v->v = (c == '+' ? v->v + r.v : v->v - r.v) & W_MASK;
		v->f |= r.f;
	}
}

int as_expr_radix(struct as *s, struct val *v, int r)
{
	int save = s->radix;
	s->radix = r;
	int ok = as_expr(s, v);
	s->radix = save;
	return ok;
}
