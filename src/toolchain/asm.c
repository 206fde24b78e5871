/* asm.c — the MACRO-10-subset assembler: symbols, literals, operands, statements, the two passes and the listing. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "asm.h"
#include "asm_impl.h"
#include "isa.h"

/* ---- errors, memory, symbols ---- */

void as_err(struct as *s, struct pos at, const char *fmt, ...)
{
	if (s->pass != 2 || s->stop || at.line == s->err_line)
		return;
	s->err_line = at.line;
	if (s->errs) {
		va_list ap;
		fprintf(s->errs, "%s:%u:%u: error: ", s->path, at.line, at.col);
		va_start(ap, fmt);
		vfprintf(s->errs, fmt, ap);
		va_end(ap);
		fputc('\n', s->errs);
	}
	if (++s->nerr >= ASM_MAX_ERRORS)
		s->stop = 1;
}

static void oom(struct as *s)
{
	if (!s->stop && s->errs)
		fprintf(s->errs, "%s: error: out of memory\n", s->path);
	s->nerr++;
	s->stop = 1;
}

void *as_grow(struct as *s, void *p, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return p;
	size_t nc = *cap ? *cap : 16;
	while (nc < need)
		nc *= 2;
	void *q = realloc(p, nc * elem);
	if (!q) {
		oom(s);
		return NULL;
	}
	*cap = nc;
	return q;
}

static uint32_t hash(const char *p, size_t n)
{
	uint32_t h = 2166136261u;
	while (n--) {
		unsigned c = (unsigned char)*p++;
		if (c >= 'a' && c <= 'z')
			c -= 040;
		h = (h ^ c) * 16777619u;
	}
	return h;
}

/* The symbol called name in t (any case), created empty if asked; NULL if
 * absent, or out of memory.  The pointer lives until the next creation. */
struct sym *as_sym(struct as *s, struct symtab *t, const char *name, size_t len, int create)
{
	if (create && (t->n + 1) * 2 > t->cap) {
		size_t nc = t->cap ? t->cap * 2 : 1024;
		struct sym *e = calloc(nc, sizeof *e);
		if (!e) {
			oom(s);
			return NULL;
		}
		for (size_t i = 0; i < t->cap; i++) {
			if (!t->e[i].name)
				continue;
			size_t j = hash(t->e[i].name, t->e[i].len) & (nc - 1);
			while (e[j].name)
				j = (j + 1) & (nc - 1);
			e[j] = t->e[i];
		}
		free(t->e);
		t->e = e;
		t->cap = nc;
	}
	if (!t->cap)
		return NULL;
	size_t i = hash(name, len) & (t->cap - 1);
	for (; t->e[i].name; i = (i + 1) & (t->cap - 1))
		if (t->e[i].len == len && !strncasecmp(t->e[i].name, name, len))
			return &t->e[i];
	if (!create)
		return NULL;
	char *copy = malloc(len + 1);
	if (!copy) {
		oom(s);
		return NULL;
	}
	for (size_t k = 0; k < len; k++)
		copy[k] = name[k] >= 'a' && name[k] <= 'z' ? (char)(name[k] - 040) : name[k];
	copy[len] = 0;
	t->e[i] = (struct sym){ .name = copy, .len = len };
	t->n++;
	return &t->e[i];
}

static void symtab_free(struct symtab *t)
{
	for (size_t i = 0; i < t->cap; i++)
		free(t->e[i].name);
	free(t->e);
	*t = (struct symtab){ 0 };
}

static void op_add(struct as *s, const char *name, word v, int io)
{
	struct sym *y = as_sym(s, &s->ops, name, strlen(name), 1);
	if (y)
		*y = (struct sym){ y->name, y->len, v, S_OP, (uint8_t)io, 1, 0, 0 };
}

/* The mnemonics of isa.def, afresh (OPDEFs last one pass). */
static void ops_build(struct as *s)
{
	symtab_free(&s->ops);
	for (unsigned op = 0; op < 0700; op++)
		op_add(s, isa_ops[op].name, (word)op << 27, 0);
	for (unsigned fn = 0; fn < 8; fn++)
		op_add(s, isa_io[fn].name, (word)07 << 33 | (word)fn << 23, 1);
	for (unsigned i = 0; i < isa_n_aliases; i++)
		op_add(s, isa_aliases[i].name,
		       (word)isa_aliases[i].opcode << 27 | (word)isa_aliases[i].ac << 23, 0);
}

static int shown(size_t len)
{
	return len > 40 ? 40 : (int)len;
}

/* ---- emitting words ---- */

static void emit_top(struct as *s, word w)
{
	if (s->loc > RH_MASK) {
		as_err(s, s->stmt_pos, "location counter overflow past 777777");
		return;
	}
	if (s->pass == 2) {
		image_set(s->img, s->loc, w);
		if (s->listing) {
			void *n = as_grow(s, s->lw, &s->caplw, s->nlw + 1, sizeof *s->lw);
			if (n) {
				s->lw = n;
				s->lw[s->nlw].a = s->loc;
				s->lw[s->nlw++].w = w;
			}
		}
	}
	s->loc++;
}

void as_wpush(struct as *s, struct wbuf *b, word w, unsigned f)
{
	word *n = as_grow(s, b->w, &b->cap, b->n + 1, sizeof *b->w);
	if (!n)
		return;
	b->w = n;
	b->w[b->n++] = w;
	if (f & V_UNDEF)
		b->undef = 1;
}

/* One word at the location counter, or into the literal being collected. */
void as_emit(struct as *s, word w, unsigned f)
{
	w &= W_MASK;
	if (!s->sink) {
		emit_top(s, w);
		return;
	}
	as_wpush(s, s->sink, w, f);
}

/* ---- literals ---- */

static int statement(struct as *s);

static void skip_line(struct as *s)
{
	int c;
	if (s->resync)
		return;
	while ((c = as_peek(s)) != CH_EOF && c != '\n')
		as_adv(s);
}

/* Recover from a bad statement: skip to the end of the line, or inside a
 * literal to its ']'; never past a line a literal has resynchronised on. */
void as_skip_junk(struct as *s)
{
	int c;
	if (s->resync)
		return;
	while ((c = as_peek(s)) != CH_EOF && c != '\n' && !(c == ']' && s->in_lit))
		as_adv(s);
}

/* Whether the line at the cursor starts with a label or END: a literal still
 * open there is taken to be unterminated rather than swallow the program. */
static int new_statement_line(const struct as *s)
{
	const char *q = s->p, *n;
	while (q < s->end && (*q == ' ' || *q == '\t'))
		q++;
	for (n = q; q < s->end && as_issym((unsigned char)*q); q++)
		;
	if (q == n || !as_issym0((unsigned char)*n))
		return 0;
	if (q < s->end && *q == ':')
		return 1;
	return q - n == 3 && !strncasecmp(n, "END", 3);
}

/* The statements of a literal or OPDEF up to the matching ']' (the cursor is
 * past the '['), their words into b.  Returns 0 (reported at `at`) if there
 * is no ']'. */
int as_lit_body(struct as *s, struct wbuf *b, struct pos at)
{
	struct wbuf *save = s->sink;
	int ok = 1;
	s->sink = b;
	s->in_lit++;
	while (!s->stop) {
		if (!statement(s)) {
			if (s->resync) {
				ok = 0;
				break;
			}
			as_skip_junk(s);
		} else if (!as_eos(s)) {
			as_unexpected(s);
			as_skip_junk(s);
		}
		int c = as_peek(s);
		if (c == ';') {
			skip_line(s);
			c = as_peek(s);
		}
		if (c == ']') {
			as_adv(s);
			break;
		}
		if (c == '\n') {
			as_adv(s);
			if (!new_statement_line(s))
				continue;
			s->resync = 1;
		}
		as_err(s, at, "unterminated literal: no ']' for this '['");
		ok = 0;
		break;
	}
	s->in_lit--;
	s->sink = save;
	return ok && !s->stop;
}

/* ---- operands ---- */


/* [@][E][(X)] in any order, up to a ',' or the end of the statement. */
int as_address(struct as *s, struct part *a)
{
	memset(a, 0, sizeof *a);
	as_blanks(s);
	a->at = as_here(s);
	for (;;) {
		as_blanks(s);
		int c = as_peek(s);
		if (c == '@') {
			as_adv(s);
			a->ind = 1;
		} else if (c == '(') {
			if (a->have_x)
				return as_syntax(s, "a second index register");
			a->xp = as_here(s);
			as_adv(s);
			if (!as_expr(s, &a->x))
				return 0;
			as_blanks(s);
			if (as_peek(s) != ')')
				return as_syntax(s, "missing ')'");
			as_adv(s);
			a->have_x = 1;
		} else if (as_eos(s) || c == ',') {
			return 1;
		} else if (a->have_e) {
			return as_unexpected(s);
		} else {
			a->ep = as_here(s);
			if (!as_expr(s, &a->e))
				return 0;
			a->have_e = 1;
		}
	}
}

/* Add @, E and (X) into w.  E is added into the right half only: like
 * MACRO-10 we truncate an address to 18 bits (so -1 gives 777777) — unless
 * full, for a data word, where E is the whole value.  (X) is MACRO-10's
 * swapped add: a small value is the index field, a left-half value such as
 * (1B0) lands in the right half (the TLNE A,(FLAG) idiom). */
void as_put_e(struct as *s, struct val *w, const struct part *a, int full)
{
	if (a->ind)
		w->v |= (word)1 << 22;
	if (a->have_e) {
		if (full)
			w->v = (w->v + a->e.v) & W_MASK;
		else
			w->v = (w->v & ~(word)RH_MASK) | ((RH(w->v) + RH(a->e.v)) & RH_MASK);
		w->f |= a->e.f;
	}
	if (a->have_x) {
		word x = a->x.v;
		if (!(a->x.f & V_UNDEF) && LH(x) == 0 && RH(x) > 017)
			as_err(s, a->xp, "index register %o out of range (0-17)", RH(x));
		else
			w->v = ((w->v & ~(word)RH_MASK) | (word)RH(x) << 18 |
			        ((RH(w->v) + LH(x)) & RH_MASK)) & W_MASK;
		w->f |= a->x.f;
	}
}

/* "[AC,][@][E][(X)]" or "L,,R" onto the operator word op: io puts the AC
 * field into the device field; data makes a lone E the whole word. */
static int operands(struct as *s, word op, int io, int data, struct val *out)
{
	struct part a, b;
	*out = (struct val){ op, 0 };
	if (!as_address(s, &a))
		return 0;
	if (as_peek(s) != ',') {
		as_put_e(s, out, &a, data);
		return 1;
	}
	as_adv(s);
	if (as_peek(s) == ',') {
		as_adv(s);
		if (!as_address(s, &b))
			return 0;
		if (a.ind || a.have_x || b.ind || b.have_x)
			as_err(s, a.at, "@ and (X) cannot be used in an L,,R pair");
		out->v = (op + XWD(a.e.v, b.e.v)) & W_MASK;
		out->f |= a.e.f | b.e.f;
		return 1;
	}
	if (a.ind || a.have_x)
		as_err(s, a.at, "@ and (X) belong to E, not to the %s field", io ? "device" : "accumulator");
	if (a.have_e) {
		unsigned long long ac = a.e.v;
		int known = !(a.e.f & V_UNDEF);
		if (io) {
			if (known && ((ac & 3) || ac > 0774))
				as_err(s, a.ep, "device code %llo is not a multiple of 4 from 0 to 774", ac);
			out->v |= (word)((ac >> 2) & 0177) << 26;
		} else {
			if (known && ac > 017)
				as_err(s, a.ep, "accumulator %llo out of range (0-17)", ac);
			out->v |= (word)(ac & 017) << 23;
		}
		out->f |= a.e.f;
	}
	if (!as_address(s, &b))
		return 0;
	as_put_e(s, out, &b, 0);
	return 1;
}

/* ---- statements ---- */

static void define_label(struct as *s, const char *name, size_t len, struct pos at)
{
	word here = s->loc & RH_MASK;
	if (len == 1 && name[0] == '.') {
		as_err(s, at, "'.' cannot be a label");
		return;
	}
	struct sym *y = as_sym(s, &s->syms, name, len, 1);
	if (!y)
		return;
	if (s->pass == 1) {     /* a second definition keeps the first value */
		if (y->kind != S_LABEL || y->pass != 1)
			*y = (struct sym){ y->name, y->len, here, S_LABEL, 0, 1, 0, 0 };
		return;
	}
	if (++y->defs > 1) {
		as_err(s, at, "multiply-defined label %.*s", shown(len), name);
		return;
	}
	if (y->v != here)
		as_err(s, at, "phase error: %.*s was %llo in pass 1, is %llo in pass 2", shown(len), name,
		       (unsigned long long)y->v, (unsigned long long)here);
	y->v = here;
	y->pass = 2;
}

/* NAME=expr, NAME==expr (the cursor is at '='): redefinable, unlike labels. */
static int assignment(struct as *s, const char *name, size_t len, struct pos at)
{
	struct val v;
	as_adv(s);
	if (as_peek(s) == '=')
		as_adv(s);
	if (as_peek(s) == ':')
		as_adv(s);
	if (!as_expr(s, &v))
		return 0;
	if (len == 1 && name[0] == '.') {
		as_err(s, at, "'.' cannot be assigned (use LOC)");
		return 1;
	}
	struct sym *y = as_sym(s, &s->syms, name, len, 1);
	if (!y)
		return 0;
	if (y->kind == S_LABEL) {
		as_err(s, at, "multiply-defined symbol %.*s: a label cannot be reassigned", shown(len), name);
		return 1;
	}
	*y = (struct sym){ y->name, y->len, v.v, S_ASSIGN, 0, (uint8_t)s->pass, (v.f & V_UNDEF) != 0, 0 };
	s->has_lv = 1;
	s->lv = v.v;
	return 1;
}

/* The operator position: a pseudo-op, an instruction, or a user symbol whose
 * value is the operator word.  Returns -1 if the line is a data word instead. */
static int operator(struct as *s)
{
	const char *save = s->p, *name;
	struct pos at = as_here(s);
	size_t len = as_ident(s, &name);
	struct val v, opv = { 0, 0 };
	if (!as_eos(s) && !as_isblank(as_peek(s))) {
		s->p = save;
		return -1;
	}
	int i = as_pseudo_find(name, len);
	if (i >= 0)
		return as_pseudo(s, i, at);
	struct sym *y = as_sym(s, &s->ops, name, len, 0);
	if (y) {
		if (!operands(s, y->v, y->io, 0, &v))
			return 0;
		as_emit(s, v.v, v.f);
		return 1;
	}
	as_blanks(s);
	if (as_eos(s) || strchr("+-*/&!,", as_peek(s))) {
		s->p = save;
		return -1;
	}
	y = as_sym(s, &s->syms, name, len, 0);
	if (y && y->pass)
		opv = (struct val){ y->v, y->unk ? V_UNDEF : 0 };
	else if (s->pass == 1)
		opv.f = V_UNDEF;
	else
		as_err(s, at, "unknown instruction or pseudo-op %.*s", shown(len), name);
	if (!operands(s, opv.v, 0, 0, &v))
		return 0;
	as_emit(s, v.v, v.f | opv.f);
	return 1;
}

/* One statement at the cursor: labels, then an assignment, pseudo-op,
 * instruction or data word.  Returns 1 with the cursor after its trailing
 * blanks, or 0 after reporting a syntax error. */
static int statement(struct as *s)
{
	struct val v;
	for (;;) {
		as_blanks(s);
		if (!as_issym0(as_peek(s)))
			break;
		const char *save = s->p, *name;
		struct pos at = as_here(s);
		size_t len = as_ident(s, &name);
		if (as_peek(s) == ':') {
			as_adv(s);
			if (as_peek(s) == ':')
				as_adv(s);
			if (s->in_lit)
				as_err(s, at, "labels cannot be used inside a literal");
			else
				define_label(s, name, len, at);
			continue;
		}
		as_blanks(s);
		if (as_peek(s) == '=') {
			if (!assignment(s, name, len, at))
				return 0;
			as_blanks(s);
			return 1;
		}
		s->p = save;
		break;
	}
	if (as_eos(s))
		return 1;
	int r = -1;
	if (as_issym0(as_peek(s)))
		r = operator(s);
	if (r < 0) {
		if (!operands(s, 0, 0, 1, &v))
			return 0;
		as_emit(s, v.v, v.f);
		r = 1;
	}
	if (r)
		as_blanks(s);
	return r;
}

/* ---- passes ---- */

static void list_stmt(struct as *s, const char *start)
{
	FILE *L = s->listing;
	if (!L || s->pass != 2)
		return;
	const char *end = s->p, *l = start;
	if (s->resync && end > start && end[-1] == '\n')
		end--;
	size_t i = 0;
	for (;;) {
		const char *e = memchr(l, '\n', (size_t)(end - l));
		if (!e)
			e = end;
		if (i < s->nlw)
			fprintf(L, "%06o  %06o %06o  ", s->lw[i].a, LH(s->lw[i].w), RH(s->lw[i].w));
		else if (i == 0 && s->has_lv)
			fprintf(L, "        %06o %06o  ", LH(s->lv), RH(s->lv));
		else
			fprintf(L, "%23s", "");
		fwrite(l, 1, (size_t)(e - l), L);
		fputc('\n', L);
		i++;
		if (e >= end)
			break;
		l = e + 1;
	}
	for (; i < s->nlw; i++)
		fprintf(L, "%06o  %06o %06o\n", s->lw[i].a, LH(s->lw[i].w), RH(s->lw[i].w));
}

static void predefine(struct as *s, const char *name, word v)
{
	struct sym *y = as_sym(s, &s->syms, name, strlen(name), 1);
	if (y && y->kind != S_LABEL)    /* a program may take the name for a label */
		*y = (struct sym){ y->name, y->len, v, S_ASSIGN, 0, (uint8_t)s->pass, 0, 0 };
}

static void run_pass(struct as *s, int pass)
{
	s->pass = pass;
	s->p = s->line0 = s->text;
	s->line = 1;
	s->loc = s->saved_loc = 0;
	s->radix = 8;
	s->depth = s->in_lit = s->ended = s->resync = 0;
	s->nlit = s->pool = 0;
	s->err_line = 0;
	ops_build(s);
	for (size_t i = 0; i < s->syms.cap; i++)
		s->syms.e[i].defs = 0;
	predefine(s, "APR", 0);
	predefine(s, "PI", 04);
	predefine(s, "TTY", 0120);
	while (!s->ended && !s->stop && s->p < s->end) {
		const char *start = s->p;
		as_blanks(s);
		s->stmt_pos = as_here(s);
		s->nlw = 0;
		s->has_lv = 0;
		int ok = statement(s);
		if (!s->resync) {
			if (ok && !as_eos(s))
				as_unexpected(s);
			skip_line(s);
		}
		list_stmt(s, start);
		if (s->resync)
			s->resync = 0;
		else
			as_adv(s);
	}
	if (!s->ended)
		as_lit_dump(s, as_here(s));
}

static int assemble(const char *path, const char *text, size_t len, struct image *img,
                    FILE *listing, FILE *errs)
{
	struct as s = { .path = path, .text = text, .end = text + len, .img = img,
	                .listing = listing, .errs = errs };
	run_pass(&s, 1);
	if (!s.stop)
		run_pass(&s, 2);
	if (!s.stop && !s.ended) {
		unsigned line = s.line - (len && text[len - 1] == '\n' && s.line > 1);
		s.err_line = 0;
		as_err(&s, (struct pos){ line, 1 }, "no END statement");
	}
	symtab_free(&s.syms);
	symtab_free(&s.ops);
	for (size_t i = 0; i < s.nlits; i++)
		free(s.lits[i].w);
	free(s.lits);
	free(s.lw);
	return s.nerr;
}

int asm_text(const char *path, const char *text, struct image *img, FILE *listing, FILE *errs)
{
	return assemble(path, text, strlen(text), img, listing, errs);
}

int asm_bytes(const char *path, const char *text, size_t len, struct image *img, FILE *listing,
	      FILE *errs)
{
	return assemble(path, text, len, img, listing, errs);
}

int asm_file(const char *path, struct image *img, FILE *listing, FILE *errs)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int e = 0;
	if (f) {
		for (;;) {
			if (len == cap) {
				char *n = realloc(buf, cap = cap ? cap * 2 : 65536);
				if (!n) {
					e = ENOMEM;
					break;
				}
				buf = n;
			}
			size_t got = fread(buf + len, 1, cap - len, f);
			len += got;
			if (got == 0) {
				if (ferror(f))
					e = errno ? errno : EIO;
				break;
			}
		}
		fclose(f);
	} else {
		e = errno;
	}
	if (!f || e) {
		if (errs)
			fprintf(errs, "%s: cannot read: %s\n", path, strerror(e));
		free(buf);
		return 1;
	}
	int n = assemble(path, buf ? buf : "", len, img, listing, errs);
	free(buf);
	return n;
}
