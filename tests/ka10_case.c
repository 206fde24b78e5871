/* ka10_case.c — the KA10 corpus' cases: the text format, running a case on a tenvm engine, comparing. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "disasm.h"
#include "ka10_case.h"
#include "tr.h"

/* ---- engines ----
 * bt runs with the backend new engines get by default (under tests/run, the one
 * $TENVM_BACKEND names once bt has several).  To check a backend by name in one
 * run, add a row whose arg names it and have run_bt select it before bt_new. */

static enum stop run_interp(struct cpu *c, const void *arg)
{
	(void)arg;
	return interp_run(c);
}

static enum stop run_bt(struct cpu *c, const void *arg)
{
	(void)arg;
	struct bt *bt = bt_new(c, (size_t)1 << 20, &tr_identity);
	if (!bt)
		return STOP_NONE;
	enum stop s = bt_run(c, bt);
	bt_free(c, bt);
	return s;
}

const struct ka10_engine ka10_engines[] = {
	{ "interp", run_interp, NULL },
	{ "bt", run_bt, NULL },
};
const unsigned ka10_n_engines = sizeof ka10_engines / sizeof ka10_engines[0];

/* ---- running ---- */

void ka10_clear(struct ka10_case *k)
{
	memset(k, 0, sizeof *k);
	for (unsigned i = 0; i < KA10_NREG; i++)
		k->init[i] = ka10_default(ka10_addr(i));
}

int ka10_run(const struct ka10_case *k, const struct ka10_engine *e, struct ka10_state *s)
{
	struct cpu_config cfg = { .mem_kwords = 256, .max_insns = 0, .clock_period = 0,
				  .tty_in_fd = -1, .tty_out = NULL };
	struct cpu *c = cpu_new(&cfg);
	if (!c)
		return -1;
	for (unsigned i = 0; i < KA10_NREG; i++)
		c->mem[ka10_addr(i)] = k->init[i];
	c->pc = k->start;
	cpu_set_flags(c, k->flags);
	c->max_cycles = KA10_STEPS;
	cpu_schedule(c);
	enum stop st = e->run(c, e->arg);
	memset(s, 0, sizeof *s);
	s->halted = st == STOP_HALT;
	s->pc = c->pc;
	s->flags = c->flags;
	for (unsigned i = 0; i < KA10_NREG; i++)
		s->mem[i] = c->mem[ka10_addr(i)];
	for (addr a = 0; a < c->memsize; a++)
		s->outside += ka10_index(a) < 0 && c->mem[a] != 0;
	cpu_free(c);
	return 0;
}

int ka10_same(const struct ka10_state *a, const struct ka10_state *b)
{
	return a->halted == b->halted && a->pc == b->pc && a->flags == b->flags && !b->outside &&
	       !memcmp(a->mem, b->mem, sizeof a->mem);
}

void ka10_diff(FILE *f, const struct ka10_case *k, const struct ka10_state *want,
	       const struct ka10_state *got, const char *wname, const char *gname)
{
	(void)k;
	if (want->halted != got->halted)
		fprintf(f, "    stop    %s %s  %s %s\n", wname, want->halted ? "halt" : "other",
			gname, got->halted ? "halt" : "other");
	if (want->pc != got->pc)
		fprintf(f, "    PC      %s %06o  %s %06o\n", wname, want->pc, gname, got->pc);
	if (want->flags != got->flags)
		fprintf(f, "    flags   %s %06o  %s %06o\n", wname, want->flags, gname, got->flags);
	for (unsigned i = 0; i < KA10_NREG; i++)
		if (want->mem[i] != got->mem[i])
			fprintf(f, "    %06o  %s %012llo  %s %012llo\n", ka10_addr(i), wname,
				(unsigned long long)want->mem[i], gname, (unsigned long long)got->mem[i]);
	if (got->outside)
		fprintf(f, "    %s changed %u words outside the compared region\n", gname, got->outside);
}

void ka10_list(FILE *f, const struct ka10_case *k)
{
	char buf[96];
	fprintf(f, "  case %s: start %06o, flags %06o; initial words (others 0, code JRST 4,0):\n",
		k->name, k->start, k->flags);
	for (unsigned i = 0; i < KA10_NREG; i++) {
		addr a = ka10_addr(i);
		if (k->init[i] == ka10_default(a))
			continue;
		fprintf(f, "    %06o: %012llo", a, (unsigned long long)k->init[i]);
		if (a >= 040 && a < 02000)
			fprintf(f, "  %s", disasm(k->init[i], buf, sizeof buf));
		fprintf(f, "\n");
	}
}

/* ---- the text format ---- */

void ka10_write(FILE *f, const struct ka10_case *k)
{
	fprintf(f, "c %s %o %o\n", k->name, k->start, k->flags);
	unsigned n = 0;
	for (unsigned i = 0; i < KA10_NREG; i++) {
		if (k->init[i] == ka10_default(ka10_addr(i)))
			continue;
		fprintf(f, "%s%o:%llo", n % 8 ? " " : n ? "\ni " : "i ", ka10_addr(i),
			(unsigned long long)k->init[i]);
		n++;
	}
	if (n)
		fprintf(f, "\n");
	fprintf(f, "o %c %o %o", k->want.halted ? 'h' : 'b', k->want.pc, k->want.flags);
	for (unsigned i = 0; i < KA10_NREG; i++)
		if (k->want.mem[i] != k->init[i])
			fprintf(f, " %o:%llo", ka10_addr(i), (unsigned long long)k->want.mem[i]);
	fprintf(f, "\n");
}

static int bad_line(const char *path, unsigned line, const char *what)
{
	fprintf(stderr, "%s:%u: %s\n", path, line, what);
	return -1;
}

/* Parse an octal number at *p (skipping blanks) below limit; advances *p. */
static int octal(char **p, unsigned long long limit, unsigned long long *v)
{
	while (**p == ' ' || **p == '\t')
		(*p)++;
	if (**p < '0' || **p > '7')
		return 0;
	errno = 0;
	*v = strtoull(*p, p, 8);
	return !errno && *v <= limit;
}

/* Parse the ADDR:WORD pairs of p into m (a region image); 0 on a syntax error. */
static int pairs(char *p, word *m)
{
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p || *p == '\n')
			return 1;
		unsigned long long a, w;
		if (!octal(&p, RH_MASK, &a) || *p++ != ':' || !octal(&p, W_MASK, &w))
			return 0;
		int i = ka10_index((addr)a);
		if (i < 0)
			return 0;
		m[i] = w;
	}
}

int ka10_read(FILE *f, const char *path, unsigned *line, struct ka10_case *k)
{
	static char *buf;
	static size_t cap;
	int in_case = 0;
	while (getline(&buf, &cap, f) >= 0) {
		++*line;
		char *p = buf;
		if (*p == '#' || *p == '\n' || !*p)
			continue;
		if (p[0] == 'c' && p[1] == ' ') {
			if (in_case)
				return bad_line(path, *line, "a case with no o line");
			ka10_clear(k);
			unsigned long long st, fl;
			p += 2;
			size_t n = strcspn(p, " \t\n");
			if (!n || n >= sizeof k->name)
				return bad_line(path, *line, "bad case name");
			memcpy(k->name, p, n);
			p += n;
			if (!octal(&p, RH_MASK, &st) || !octal(&p, RH_MASK, &fl))
				return bad_line(path, *line, "bad start or flags");
			k->start = (addr)st;
			k->flags = (uint32_t)fl;
			in_case = 1;
		} else if (p[0] == 'i' && p[1] == ' ' && in_case) {
			if (!pairs(p + 2, k->init))
				return bad_line(path, *line, "bad ADDR:WORD in an i line");
		} else if (p[0] == 'o' && p[1] == ' ' && in_case) {
			unsigned long long pc, fl;
			char s = p[2];
			p += 3;
			if ((s != 'h' && s != 'b') || !octal(&p, RH_MASK, &pc) || !octal(&p, RH_MASK, &fl))
				return bad_line(path, *line, "bad o line");
			k->want.halted = s == 'h';
			k->want.pc = (addr)pc;
			k->want.flags = (uint32_t)fl;
			memcpy(k->want.mem, k->init, sizeof k->init);
			if (!pairs(p, k->want.mem))
				return bad_line(path, *line, "bad ADDR:WORD in an o line");
			return 1;
		} else {
			return bad_line(path, *line, "expected a c, i or o line");
		}
	}
	if (ferror(f))
		return bad_line(path, *line, strerror(errno));
	return in_case ? bad_line(path, *line, "the file ends inside a case") : 0;
}
