/* compare.c — `tenvm compare`: one guest in bare, trap and hybrid mode, side by side.
 *
 * Each mode runs the guest once through, timed, for its outcome and statistics.
 * Then, for trap and hybrid, the first divergence from bare is found: runs are
 * deterministic and every machine can be stopped at an exact cycle and resumed
 * (session_run_until), so a bare machine and the mode's machine run side by side
 * from the start and their guest-visible states are compared at checkpoints;
 * at the first checkpoint where they differ, both are run again from the start
 * to the last equal checkpoint and compared at checkpoints 32 times finer, and
 * so on down to single instructions.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "compare.h"
#include "disasm.h"
#include "loader.h"
#include "mem.h"
#include "tr.h"

#define CMP_FIRST_CHECKPOINTS 1024u   /* checkpoints over the whole run at first */
#define CMP_REFINE            32u     /* each replay checks this many times more finely */

const char compare_help[] =
	"usage: tenvm compare [OPTIONS] FILE\n"
	"\n"
	"Run FILE on the bare machine, under the trap-and-emulate monitor and under\n"
	"the hybrid (binary-translating) monitor, and print a table, one column per\n"
	"mode: how the run ended, whether its TTY output equals bare's, the first\n"
	"instruction after which its guest-visible state (PC, flags, ACs, memory, TTY\n"
	"output) differs from bare's, VMM entries, the share of instructions run\n"
	"without the monitor, code cache hit rate, host time and guest MIPS.  Guest\n"
	"output is captured, not shown; stdin (unless a terminal) is read once and\n"
	"every run gets the same bytes.  Runs are deterministic, so the divergence is\n"
	"exact: found at checkpoints, then narrowed down by replaying from the start.\n"
	"\n"
	"options:\n"
	"  --json FILE          also write the results as JSON to FILE (addresses and\n"
	"                       words as octal strings)\n"
	"  --engine ENGINE      bt (the default) or interp, for every mode\n"
	"  --cache-size BYTES   code cache capacity for bt, with K or M (default 16M)\n"
	"  --max-insns N        each run's budget (decimal; default 1000000000, 0 none)\n"
	"  --mem KWORDS         the guest's memory in K words, 1-256 (default 256)\n"
	"  --clock INSNS        instructions per 60 Hz clock tick (default 5000)\n"
	"  --switches WORD      the console data switches DATAI APR reads (octal)\n"
	"  --start ADDR         start at ADDR instead of the file's start address\n"
	"\n"
	"exit status: 0 when the comparison ran (whatever it found), 2 bad usage or\n"
	"bad input, 1 any other failure.\n";

static const char *mode_name(int mode)
{
	return mode == SESSION_BARE ? "bare" : mode == VMM_TRAP ? "trap" : "hybrid";
}

/* ---- one guest on one machine, with its output captured ---- */

struct tap {
	struct session s;
	FILE          *out;
	char          *buf;
	size_t         len;
	int            fd;
};

/* A fresh descriptor reading the input bytes from the start. */
static int input_fd(const struct cmp_input *in)
{
	int fd = memfd_create("tenvm-input", MFD_CLOEXEC);
	if (fd < 0) {
		FILE *f = tmpfile();
		if (!f)
			return -1;
		fd = dup(fileno(f));
		fclose(f);
		if (fd < 0)
			return -1;
	}
	size_t done = 0;
	while (in && done < in->len) {
		ssize_t n = write(fd, in->bytes + done, in->len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			close(fd);
			return -1;
		}
		done += (size_t)n;
	}
	if (lseek(fd, 0, SEEK_SET) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static void tap_close(struct tap *t)
{
	session_close(&t->s);
	if (t->out)
		fclose(t->out);
	free(t->buf);
	if (t->fd >= 0)
		close(t->fd);
	*t = (struct tap){ .fd = -1 };
}

static int tap_open(struct tap *t, const struct session_opts *o, int mode, const struct image *img,
		    const char *file, const struct cmp_input *in)
{
	*t = (struct tap){ .fd = -1 };
	struct session_opts so = *o;
	so.mode = mode;
	t->out = open_memstream(&t->buf, &t->len);
	t->fd = input_fd(in);
	if (!t->out || t->fd < 0) {
		fprintf(stderr, "tenvm: cannot set up the guest's TTY: %s\n", strerror(errno));
		tap_close(t);
		return EXIT_FAILURE_;
	}
	so.cfg.tty_out = t->out;
	so.cfg.tty_in_fd = t->fd;
	int rc = session_open(&t->s, &so, img, file);
	if (rc)
		tap_close(t);
	return rc;
}

/* ---- comparing two machines' guest-visible state ---- */

static unsigned cmp_state(struct tap *a, struct tap *b, struct cmp_diff *d)
{
	struct cpu *x = a->s.c, *y = b->s.c;
	memset(d, 0, sizeof *d);
	unsigned w = 0;
	d->pc[0] = x->pc, d->pc[1] = y->pc;
	d->flags[0] = x->flags, d->flags[1] = y->flags;
	d->insns[0] = cpu_insns(x), d->insns[1] = cpu_insns(y);
	d->done[0] = session_done(&a->s), d->done[1] = session_done(&b->s);
	d->stop[0] = a->s.stop, d->stop[1] = b->s.stop;
	if (x->pc != y->pc)
		w |= CMP_PC;
	if (x->flags != y->flags)
		w |= CMP_FLAGS;
	if (d->insns[0] != d->insns[1])
		w |= CMP_TIME;
	if (d->done[0] != d->done[1] || (d->done[0] && d->stop[0] != d->stop[1]))
		w |= CMP_STOP;
	for (unsigned n = 0; n < 16; n++) {
		d->ac[0][n] = x->mem[n], d->ac[1][n] = y->mem[n];
		if (x->mem[n] != y->mem[n])
			d->acs |= 1u << n;
	}
	if (d->acs)
		w |= CMP_ACS;
	addr size = x->memsize < y->memsize ? x->memsize : y->memsize;
	if (x->memsize != y->memsize ||
	    memcmp(x->mem + 16, y->mem + 16, (size - 16) * sizeof(word))) {
		w |= CMP_MEM;
		for (addr i = 16; i < size; i++)
			if (x->mem[i] != y->mem[i]) {
				if (d->nshown < CMP_MEM_SHOWN) {
					d->mem_addr[d->nshown] = i;
					d->mem[0][d->nshown] = x->mem[i];
					d->mem[1][d->nshown] = y->mem[i];
					d->nshown++;
				}
				d->nmem++;
			}
		d->nmem += (x->memsize > size ? x->memsize : y->memsize) - size;
	}
	fflush(a->out);
	fflush(b->out);
	d->tty_len[0] = a->len, d->tty_len[1] = b->len;
	size_t n = a->len < b->len ? a->len : b->len, i = 0;
	while (i < n && a->buf[i] == b->buf[i])
		i++;
	if (i < n || a->len != b->len) {
		w |= CMP_TTY;
		d->tty_at = i;
	}
	d->what = w;
	return w;
}

/* ---- finding the first divergence ---- */

/* Bring the two machines to the same cycle where one ran past a checkpoint
 * (an instruction's chain cycles; an interrupt taken at the checkpoint, after
 * which the bare engines run one more instruction before they stop). */
static void align(struct tap *a, struct tap *b)
{
	for (int k = 0; k < 8; k++) {
		uint64_t x = a->s.c->cycles, y = b->s.c->cycles;
		if (x < y && !session_done(&a->s))
			session_run_until(&a->s, y);
		else if (y < x && !session_done(&b->s))
			session_run_until(&b->s, x);
		else
			return;
	}
}

/*
 * Run bare and mode from the start to cycle lo (where they agree), then compare
 * them every `step` cycles until they differ, both have ended, or hi.  Returns
 * 1 with *plo, *phi the last equal and the first differing checkpoint (and,
 * when step is 1, the instruction in dv), 0 if no difference, or -status.
 */
static int scan(const struct session_opts *o, const struct image *img, const char *file,
		const struct cmp_input *in, uint64_t lo, uint64_t hi, uint64_t step,
		uint64_t *plo, uint64_t *phi, struct cmp_divergence *dv)
{
	struct tap b, m;
	int rc = tap_open(&b, o, SESSION_BARE, img, file, in);
	if (rc)
		return -rc;
	if ((rc = tap_open(&m, o, o->mode, img, file, in))) {
		tap_close(&b);
		return -rc;
	}
	dv->replays++;
	session_run_until(&b.s, lo);
	session_run_until(&m.s, lo);
	align(&b, &m);
	struct cpu *c = b.s.c;
	struct cmp_diff d;
	uint64_t t = lo;
	int result = 0;
	for (;;) {
		if (session_done(&b.s) && session_done(&m.s))
			break;
		if (!session_done(&b.s) && c->cycles > t)
			t = c->cycles;       /* bare ran past the checkpoint */
		if (t >= hi)
			break;
		uint64_t next = hi - t > step ? t + step : hi;
		addr pc = c->pc, pa;
		int user = (c->flags & F_USER) != 0;
		uint64_t ints = c->n_interrupts;
		unsigned hold = c->pi.hold;
		session_run_until(&b.s, next);
		session_run_until(&m.s, next);
		align(&b, &m);
		if (cmp_state(&b, &m, &d)) {
			*plo = t;
			*phi = next;
			if (step == 1) {
				dv->insns = cpu_insns(c);
				dv->cycles = c->cycles;
				dv->pc = pc;
				dv->user = user;
				dv->has_ir = mem_map(c, user, pc, 0, &pa) == 1;
				dv->ir = dv->has_ir ? c->mem[pa] : 0;
				dv->interrupt = c->n_interrupts != ints;
				unsigned lev = c->pi.hold & ~hold;
				if (dv->interrupt && lev) {
					/* the step was (or began with) the interrupt instruction */
					dv->interrupt = __builtin_ctz(lev);
					dv->pc = 040 + 2 * (addr)dv->interrupt;
					dv->user = 0;
					dv->has_ir = dv->pc < c->memsize;
					dv->ir = dv->has_ir ? c->mem[dv->pc] : 0;
				} else if (dv->interrupt) {
					dv->interrupt = -1;
				}
				dv->d = d;
			}
			result = 1;
			break;
		}
		t = next;
	}
	tap_close(&b);
	tap_close(&m);
	return result;
}

int cmp_find_divergence(const struct session_opts *o, const struct image *img, const char *file,
			const struct cmp_input *in, uint64_t span, struct cmp_divergence *dv)
{
	memset(dv, 0, sizeof *dv);
	uint64_t lo = 0, hi = UINT64_MAX, step = span / CMP_FIRST_CHECKPOINTS + 1;
	for (;;) {
		uint64_t nlo = 0, nhi = 0;
		int r = scan(o, img, file, in, lo, hi, step, &nlo, &nhi, dv);
		if (r < 0)
			return -r;
		if (r == 0) {
			dv->found = hi == UINT64_MAX ? 0 : -1;
			return 0;
		}
		if (step == 1) {
			dv->found = 1;
			return 0;
		}
		lo = nlo;
		hi = nhi;
		step = (hi - lo + CMP_REFINE - 1) / CMP_REFINE;
	}
}

/* ---- one mode, run through ---- */

int cmp_run_mode(const struct session_opts *o, const struct image *img, const char *file,
		 const struct cmp_input *in, struct cmp_run *r)
{
	memset(r, 0, sizeof *r);
	r->mode = o->mode;
	struct tap t;
	int rc = tap_open(&t, o, o->mode, img, file, in);
	if (rc)
		return rc;
	double t0 = cli_now();
	r->stop = session_run(&t.s);
	r->secs = cli_now() - t0;
	struct cpu *c = t.s.c;
	r->pc = c->pc;
	r->flags = c->flags;
	r->insns = cpu_insns(c);
	r->cycles = c->cycles;
	if (t.s.vm) {
		r->has_vm = 1;
		r->st = t.s.vm->st;
	}
	if (t.s.bt) {
		r->has_bt = 1;
		r->tc = *tc_stats(t.s.bt->tc);
		r->interp_insns = t.s.bt->interp_insns;
	}
	fflush(t.out);
	r->out = malloc(t.len + 1);
	if (!r->out) {
		tap_close(&t);
		fprintf(stderr, "tenvm: out of memory\n");
		return EXIT_FAILURE_;
	}
	memcpy(r->out, t.buf, t.len);
	r->out[t.len] = 0;
	r->outlen = t.len;
	tap_close(&t);
	return 0;
}

void cmp_run_free(struct cmp_run *r)
{
	free(r->out);
	r->out = NULL;
}

/* ---- the report ---- */

static uint64_t vmm_entries(const struct cmp_run *r)
{
	return r->st.traps + r->st.callouts + r->st.events;
}

static double direct_share(const struct cmp_run *r)
{
	return r->has_vm && r->insns ? 1.0 - (double)r->st.emulated / (double)r->insns : 1.0;
}

static double mips(const struct cmp_run *r)
{
	return r->secs > 0 ? r->insns / r->secs / 1e6 : 0;
}

static int tty_same(const struct cmp_run *a, const struct cmp_run *b)
{
	return a->outlen == b->outlen && !memcmp(a->out, b->out, a->outlen);
}

/* The names of the flag bits in f. */
static void flag_names(uint32_t f, char *buf, size_t n)
{
	static const struct { uint32_t bit; const char *name; } names[] = {
		{ F_AROV, "AROV" }, { F_CRY0, "CRY0" }, { F_CRY1, "CRY1" }, { F_FOV, "FOV" },
		{ F_FPD, "FPD" }, { F_USER, "USER" }, { F_USERIO, "USERIO" }, { F_FXU, "FXU" },
		{ F_DCK, "DCK" },
	};
	size_t len = 0;
	buf[0] = 0;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (f & names[i].bit)
			len += (size_t)snprintf(buf + len, len < n ? n - len : 0, "%s%s", len ? " " : "",
						names[i].name);
}

/* "PC, flags, AC 1 2, 3 words, TTY": what differs, short, for the table. */
static void what_short(const struct cmp_diff *d, char *buf, size_t n)
{
	size_t len = 0;
#define PUT(...) (len += (size_t)snprintf(buf + len, len < n ? n - len : 0, __VA_ARGS__))
	buf[0] = 0;
	if (d->what & CMP_STOP)
		PUT("%s%s", len ? ", " : "", d->done[0] ? "bare ended" : "ended");
	if (d->what & CMP_PC)
		PUT("%sPC", len ? ", " : "");
	if (d->what & CMP_FLAGS)
		PUT("%sflags", len ? ", " : "");
	if (d->what & CMP_ACS) {
		unsigned k = (unsigned)__builtin_popcount(d->acs);
		if (k > 3) {
			PUT("%s%u ACs", len ? ", " : "", k);
		} else {
			PUT("%sAC", len ? ", " : "");
			for (unsigned i = 0; i < 16; i++)
				if (d->acs >> i & 1)
					PUT(" %o", i);
		}
	}
	if (d->what & CMP_MEM)
		PUT("%s%" PRIu64 " word%s", len ? ", " : "", d->nmem, d->nmem == 1 ? "" : "s");
	if (d->what & CMP_TTY)
		PUT("%sTTY", len ? ", " : "");
	if (d->what == CMP_TIME)
		PUT("instruction count");
#undef PUT
}

#define NMODES 3
#define CELL   64
#define MAXROW 32

struct table {
	int  n;
	char label[MAXROW][32];
	char cell[MAXROW][NMODES][CELL];
};

static int row(struct table *t, const char *label)
{
	int r = t->n++;
	snprintf(t->label[r], sizeof t->label[r], "%s", label);
	for (int i = 0; i < NMODES; i++)
		t->cell[r][i][0] = 0;
	return r;
}

static void put(struct table *t, int r, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void put(struct table *t, int r, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(t->cell[r][col], CELL, fmt, ap);
	va_end(ap);
}

static void print_table(FILE *f, const struct table *t, const struct cmp_run *runs)
{
	size_t lw = 0, cw[NMODES];
	for (int r = 0; r < t->n; r++)
		if (strlen(t->label[r]) > lw)
			lw = strlen(t->label[r]);
	for (int i = 0; i < NMODES; i++) {
		cw[i] = strlen(mode_name(runs[i].mode));
		for (int r = 0; r < t->n; r++)
			if (strlen(t->cell[r][i]) > cw[i])
				cw[i] = strlen(t->cell[r][i]);
	}
	fprintf(f, "%-*s", (int)lw, "");
	for (int i = 0; i < NMODES; i++)
		fprintf(f, "   %-*s", i == NMODES - 1 ? 0 : (int)cw[i], mode_name(runs[i].mode));
	fprintf(f, "\n%-*s", (int)lw, "");
	for (int i = 0; i < NMODES; i++) {
		fputs("   ", f);
		for (size_t k = 0; k < cw[i]; k++)
			fputc('-', f);
	}
	fputc('\n', f);
	for (int r = 0; r < t->n; r++) {
		if (!t->label[r][0]) {
			fputc('\n', f);
			continue;
		}
		/* trailing blanks trimmed: pad only up to the last non-empty cell */
		int last = -1;
		for (int i = 0; i < NMODES; i++)
			if (t->cell[r][i][0])
				last = i;
		fprintf(f, "%-*s", last >= 0 ? (int)lw : 0, t->label[r]);
		for (int i = 0; i <= last; i++)
			fprintf(f, "   %-*s", i == last ? 0 : (int)cw[i], t->cell[r][i]);
		fputc('\n', f);
	}
}

static void fmt_time(char *buf, size_t n, double secs)
{
	if (secs < 1)
		snprintf(buf, n, "%.2f ms", secs * 1e3);
	else
		snprintf(buf, n, "%.3f s", secs);
}

static void print_ended(char *buf, size_t n, const struct cmp_run *r)
{
	switch (r->stop) {
	case STOP_HALT: snprintf(buf, n, "halt at %06o", r->pc); break;
	case STOP_BUDGET: snprintf(buf, n, "budget out at %06o", r->pc); break;
	default: snprintf(buf, n, "%s at %06o", cli_stop_name(r->stop), r->pc); break;
	}
}

/* A short printable excerpt of output s[at..]: control characters escaped. */
static void excerpt(char *buf, size_t n, const char *s, size_t len, size_t at)
{
	size_t k = 0;
	if (at >= len) {
		snprintf(buf, n, "(nothing)");
		return;
	}
	buf[k++] = '"';
	for (size_t i = at; i < len && i < at + 40 && k + 6 < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == '\n')
			k += (size_t)snprintf(buf + k, n - k, "\\n");
		else if (ch == '\r')
			k += (size_t)snprintf(buf + k, n - k, "\\r");
		else if (ch < 040 || ch >= 0177)
			k += (size_t)snprintf(buf + k, n - k, "\\%03o", ch);
		else
			buf[k++] = (char)ch;
	}
	if (len > at + 40 && k + 4 < n)
		k += (size_t)snprintf(buf + k, n - k, "...");
	snprintf(buf + k, n - k, "\"");
}

/* One line of a divergence's details: what, bare's value, the mode's, a note. */
static void detail(FILE *f, const char *what, const char *b, const char *m, const char *note)
{
	if (note && *note)
		fprintf(f, "    %-13s %-14s %-14s  %s\n", what, b, m, note);
	else
		fprintf(f, "    %-13s %-14s %s\n", what, b, m);
}

/* The paragraph under the table: where and how mode r left bare. */
static void print_details(FILE *f, const struct cmp_run *bare, const struct cmp_run *r)
{
	const char *name = mode_name(r->mode);
	const struct cmp_divergence *dv = &r->div;
	if (dv->found == 0) {
		fprintf(f, "%s equals bare throughout: the same state at every checkpoint, the same end "
			"and TTY output.\n", name);
		return;
	}
	if (dv->found < 0) {
		fprintf(f, "%s differed from bare at a checkpoint, but not when replayed: the runs are "
			"not deterministic.\n", name);
		return;
	}
	char text[128] = "(unmapped)", b[64], m[64], note[96];
	if (dv->has_ir)
		disasm(dv->ir, text, sizeof text);
	if (dv->interrupt > 0)
		fprintf(f, "%s leaves bare at instruction %" PRIu64 ", an interrupt on level %d: %06o  %s\n",
			name, dv->insns, dv->interrupt, dv->pc, text);
	else
		fprintf(f, "%s leaves bare at instruction %" PRIu64 ", in %s mode: %06o  %s%s\n", name,
			dv->insns, dv->user ? "user" : "exec", dv->pc, text,
			dv->interrupt ? "  (and an interrupt)" : "");
	const struct cmp_diff *d = &dv->d;
	detail(f, "", "bare", name, "");
	if (d->what & CMP_STOP)
		detail(f, "ended", d->done[0] ? cli_stop_name(d->stop[0]) : "no",
		       d->done[1] ? cli_stop_name(d->stop[1]) : "no", "");
	if (d->what & CMP_PC) {
		snprintf(b, sizeof b, "%06o", d->pc[0]);
		snprintf(m, sizeof m, "%06o", d->pc[1]);
		detail(f, "PC", b, m, "");
	}
	if (d->what & CMP_FLAGS) {
		snprintf(b, sizeof b, "%06o", d->flags[0]);
		snprintf(m, sizeof m, "%06o", d->flags[1]);
		unsigned x = d->flags[0] ^ d->flags[1];
		note[0] = '(';
		flag_names(x, note + 1, sizeof note - 16);
		strcat(note, __builtin_popcount(x) > 1 ? " differ)" : " differs)");
		detail(f, "flags", b, m, note);
	}
	for (unsigned i = 0; i < 16; i++)
		if (d->acs >> i & 1) {
			char lab[16];
			snprintf(lab, sizeof lab, "AC %o", i);
			snprintf(b, sizeof b, "%012" PRIo64, d->ac[0][i]);
			snprintf(m, sizeof m, "%012" PRIo64, d->ac[1][i]);
			detail(f, lab, b, m, "");
		}
	for (unsigned i = 0; i < d->nshown; i++) {
		char lab[16];
		snprintf(lab, sizeof lab, "word %06o", d->mem_addr[i]);
		snprintf(b, sizeof b, "%012" PRIo64, d->mem[0][i]);
		snprintf(m, sizeof m, "%012" PRIo64, d->mem[1][i]);
		detail(f, lab, b, m, "");
	}
	if (d->nmem > d->nshown)
		fprintf(f, "    %-13s (and %" PRIu64 " more words)\n", "", d->nmem - d->nshown);
	if (d->what & CMP_TTY) {
		snprintf(b, sizeof b, "%zu chars", d->tty_len[0]);
		snprintf(m, sizeof m, "%zu chars", d->tty_len[1]);
		snprintf(note, sizeof note, "(from char %zu)", d->tty_at);
		detail(f, "TTY output", b, m, note);
	}
	if (d->what == CMP_TIME) {
		snprintf(b, sizeof b, "%" PRIu64, d->insns[0]);
		snprintf(m, sizeof m, "%" PRIu64, d->insns[1]);
		detail(f, "instructions", b, m, "");
	}
	if (!tty_same(bare, r)) {
		size_t at = 0, n = bare->outlen < r->outlen ? bare->outlen : r->outlen;
		while (at < n && bare->out[at] == r->out[at])
			at++;
		char e[96];
		fprintf(f, "  at the end, the TTY output differs from char %zu on:\n", at);
		excerpt(e, sizeof e, bare->out, bare->outlen, at);
		fprintf(f, "    %-13s %s\n", "bare", e);
		excerpt(e, sizeof e, r->out, r->outlen, at);
		fprintf(f, "    %-13s %s\n", name, e);
	}
}

static void report(FILE *f, const char *file, const struct session_opts *o, size_t inlen,
		   const struct cmp_run *runs)
{
	struct table t = { 0 };
	char buf[128];
	fprintf(f, "tenvm compare %s\n", file);
	char budget[48] = "no budget";
	if (o->cfg.max_insns)
		snprintf(budget, sizeof budget, "budget %" PRIu64 " instructions", o->cfg.max_insns);
	char switches[40] = "";
	if (o->cfg.switches)
		snprintf(switches, sizeof switches, "data switches %012" PRIo64 ", ", o->cfg.switches);
	fprintf(f, "engine %s, %s, %uK words, clock tick every %" PRIu64 " instructions, "
		"%s%zu bytes of input\n\n", o->use_bt ? "bt" : "interp", budget, o->cfg.mem_kwords,
		o->cfg.clock_period, switches, inlen);
	int r_end = row(&t, "ended"), r_tty = row(&t, "TTY output"), r_div = row(&t, "first divergence");
	int r_pc = row(&t, "  at PC"), r_ins = row(&t, "  instruction"), r_what = row(&t, "  differs in");
	row(&t, "");
	int r_n = row(&t, "instructions"), r_ent = row(&t, "VMM entries"), r_trap = row(&t, "  traps");
	int r_call = row(&t, "  callouts"), r_ev = row(&t, "  events"), r_inl = row(&t, "inline rewrites");
	int r_dir = row(&t, "run without the VMM");
	int r_hit = -1, r_tr = -1;
	if (o->use_bt) {
		r_hit = row(&t, "cache hit rate");
		r_tr = row(&t, "translations");
	}
	int r_time = row(&t, "host time"), r_mips = row(&t, "guest MIPS");
	for (int i = 0; i < NMODES; i++) {
		const struct cmp_run *r = &runs[i];
		int bare = r->mode == SESSION_BARE;
		print_ended(t.cell[r_end][i], CELL, r);
		put(&t, r_tty, i, "%zu chars%s", r->outlen, bare ? "" : tty_same(&runs[0], r) ? ", same" : ", DIFFERS");
		if (bare) {
			put(&t, r_div, i, "(reference)");
		} else if (r->div.found == 0) {
			put(&t, r_div, i, "none");
		} else if (r->div.found < 0) {
			put(&t, r_div, i, "not reproducible");
		} else {
			put(&t, r_div, i, "instruction %" PRIu64, r->div.insns);
			put(&t, r_pc, i, "%06o%s", r->div.pc, r->div.user ? " (user)" : "");
			if (r->div.has_ir)
				disasm(r->div.ir, buf, sizeof buf);
			else
				snprintf(buf, sizeof buf, "(unmapped)");
			put(&t, r_ins, i, "%s", buf);
			what_short(&r->div.d, buf, sizeof buf);
			put(&t, r_what, i, "%s", buf);
		}
		put(&t, r_n, i, "%" PRIu64, r->insns);
		if (r->has_vm) {
			put(&t, r_ent, i, "%" PRIu64, vmm_entries(r));
			put(&t, r_trap, i, "%" PRIu64, r->st.traps);
			put(&t, r_call, i, "%" PRIu64, r->st.callouts);
			put(&t, r_ev, i, "%" PRIu64, r->st.events);
			put(&t, r_inl, i, "%" PRIu64, r->st.inlines);
		} else {
			put(&t, r_ent, i, "-");
			put(&t, r_trap, i, "-");
			put(&t, r_call, i, "-");
			put(&t, r_ev, i, "-");
			put(&t, r_inl, i, "-");
		}
		put(&t, r_dir, i, "%.2f%%", 100 * direct_share(r));
		if (r_hit >= 0) {
			put(&t, r_hit, i, "%.2f%%", 100 * cli_hit_rate(&r->tc));
			put(&t, r_tr, i, "%" PRIu64 " blocks", r->tc.translations);
		}
		fmt_time(t.cell[r_time][i], CELL, r->secs);
		put(&t, r_mips, i, "%.1f", mips(r));
	}
	/* rows that say nothing for any mode go */
	struct table u = { 0 };
	for (int r = 0; r < t.n; r++) {
		int any = !t.label[r][0];
		for (int i = 0; i < NMODES; i++)
			any |= t.cell[r][i][0] != 0;
		if (any)
			u.n++, memcpy(u.label[u.n - 1], t.label[r], sizeof t.label[r]),
				memcpy(u.cell[u.n - 1], t.cell[r], sizeof t.cell[r]);
	}
	print_table(f, &u, runs);
	fputc('\n', f);
	for (int i = 0; i < NMODES; i++)
		if (runs[i].mode != SESSION_BARE)
			print_details(f, &runs[0], &runs[i]);
}

/* ---- JSON ---- */

static void json_str(FILE *f, const char *s, size_t len)
{
	fputc('"', f);
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == '"' || ch == '\\')
			fprintf(f, "\\%c", ch);
		else if (ch < 040 || ch >= 0177)
			fprintf(f, "\\u%04x", ch);
		else
			fputc(ch, f);
	}
	fputc('"', f);
}

static void json_div(FILE *f, const struct cmp_divergence *dv)
{
	if (dv->found != 1) {
		fprintf(f, "null");
		return;
	}
	const struct cmp_diff *d = &dv->d;
	char text[128] = "";
	if (dv->has_ir)
		disasm(dv->ir, text, sizeof text);
	fprintf(f, "{\n        \"insns\": %" PRIu64 ", \"cycles\": %" PRIu64 ", \"pc\": \"%06o\", \"user\": %s,\n",
		dv->insns, dv->cycles, dv->pc, dv->user ? "true" : "false");
	fprintf(f, "        \"word\": ");
	if (dv->has_ir)
		fprintf(f, "\"%012" PRIo64 "\"", dv->ir);
	else
		fprintf(f, "null");
	fprintf(f, ", \"instruction\": ");
	json_str(f, text, strlen(text));
	fprintf(f, ", \"interrupt\": ");
	if (dv->interrupt)
		fprintf(f, "%d", dv->interrupt);
	else
		fprintf(f, "null");
	fprintf(f, ",\n        \"differs\": [");
	static const char *names[] = { "pc", "flags", "acs", "memory", "tty", "stop", "insns" };
	int first = 1;
	for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++)
		if (d->what >> i & 1)
			fprintf(f, "%s\"%s\"", first ? "" : ", ", names[i]), first = 0;
	fprintf(f, "],\n");
	fprintf(f, "        \"bare\": { \"pc\": \"%06o\", \"flags\": \"%06o\", \"insns\": %" PRIu64
		", \"ended\": %s, \"tty_chars\": %zu },\n", d->pc[0], d->flags[0], d->insns[0],
		d->done[0] ? "true" : "false", d->tty_len[0]);
	fprintf(f, "        \"mode\": { \"pc\": \"%06o\", \"flags\": \"%06o\", \"insns\": %" PRIu64
		", \"ended\": %s, \"tty_chars\": %zu },\n", d->pc[1], d->flags[1], d->insns[1],
		d->done[1] ? "true" : "false", d->tty_len[1]);
	fprintf(f, "        \"acs\": [");
	first = 1;
	for (unsigned i = 0; i < 16; i++)
		if (d->acs >> i & 1)
			fprintf(f, "%s{ \"ac\": \"%o\", \"bare\": \"%012" PRIo64 "\", \"mode\": \"%012" PRIo64 "\" }",
				first ? "" : ", ", i, d->ac[0][i], d->ac[1][i]), first = 0;
	fprintf(f, "],\n        \"memory_words\": %" PRIu64 ", \"memory\": [", d->nmem);
	for (unsigned i = 0; i < d->nshown; i++)
		fprintf(f, "%s{ \"addr\": \"%06o\", \"bare\": \"%012" PRIo64 "\", \"mode\": \"%012" PRIo64 "\" }",
			i ? ", " : "", d->mem_addr[i], d->mem[0][i], d->mem[1][i]);
	fprintf(f, "],\n        \"tty_first_difference\": ");
	if (d->what & CMP_TTY)
		fprintf(f, "%zu", d->tty_at);
	else
		fprintf(f, "null");
	fprintf(f, "\n      }");
}

static void write_json(FILE *f, const char *file, const struct session_opts *o, size_t inlen,
		       const struct cmp_run *runs)
{
	fprintf(f, "{\n  \"file\": ");
	json_str(f, file, strlen(file));
	fprintf(f, ",\n  \"engine\": \"%s\",\n  \"max_insns\": %" PRIu64 ",\n  \"mem_kwords\": %u,\n"
		"  \"clock\": %" PRIu64 ",\n  \"switches\": \"%012" PRIo64 "\",\n"
		"  \"cache_bytes\": %" PRIu64 ",\n  \"input_bytes\": %zu,\n"
		"  \"modes\": [\n", o->use_bt ? "bt" : "interp", o->cfg.max_insns, o->cfg.mem_kwords,
		o->cfg.clock_period, o->cfg.switches, o->cache_bytes, inlen);
	for (int i = 0; i < NMODES; i++) {
		const struct cmp_run *r = &runs[i];
		int bare = r->mode == SESSION_BARE;
		fprintf(f, "    {\n      \"mode\": \"%s\",\n      \"stop\": \"%s\",\n      \"pc\": \"%06o\",\n"
			"      \"flags\": \"%06o\",\n      \"insns\": %" PRIu64 ",\n      \"cycles\": %" PRIu64 ",\n"
			"      \"tty_chars\": %zu,\n      \"tty\": ", mode_name(r->mode), cli_stop_name(r->stop),
			r->pc, r->flags, r->insns, r->cycles, r->outlen);
		json_str(f, r->out, r->outlen);
		fprintf(f, ",\n      \"tty_equal\": %s,\n", tty_same(&runs[0], r) ? "true" : "false");
		if (bare) {
			fprintf(f, "      \"equal\": true,\n      \"divergence\": null,\n");
		} else {
			fprintf(f, "      \"equal\": %s,\n      \"replays\": %u,\n      \"divergence\": ",
				r->div.found == 0 ? "true" : "false", r->div.replays);
			json_div(f, &r->div);
			fprintf(f, ",\n");
		}
		if (r->has_vm)
			fprintf(f, "      \"vmm_entries\": %" PRIu64 ",\n      \"traps\": %" PRIu64 ",\n"
				"      \"callouts\": %" PRIu64 ",\n      \"inline_rewrites\": %" PRIu64 ",\n"
				"      \"vmm_events\": %" PRIu64 ",\n      \"emulated\": %" PRIu64 ",\n",
				vmm_entries(r), r->st.traps, r->st.callouts, r->st.inlines, r->st.events,
				r->st.emulated);
		fprintf(f, "      \"direct_share\": %.6f,\n", direct_share(r));
		if (r->has_bt)
			fprintf(f, "      \"lookups\": %" PRIu64 ",\n      \"misses\": %" PRIu64 ",\n"
				"      \"hit_rate\": %.6f,\n      \"translations\": %" PRIu64 ",\n"
				"      \"interp_insns\": %" PRIu64 ",\n", r->tc.lookups, r->tc.misses,
				cli_hit_rate(&r->tc), r->tc.translations, r->interp_insns);
		fprintf(f, "      \"host_seconds\": %.6f,\n      \"mips\": %.2f\n    }%s\n", r->secs, mips(r),
			i < NMODES - 1 ? "," : "");
	}
	fprintf(f, "  ]\n}\n");
}

/* ---- the command ---- */

/* All of stdin (nothing if it is a terminal). */
static int read_stdin(uint8_t **buf, size_t *len)
{
	*buf = NULL;
	*len = 0;
	if (isatty(0))
		return 0;
	size_t cap = 0;
	for (;;) {
		if (*len == cap) {
			if (cap >= LOADER_MAX_FILE)
				break;
			cap = cap ? cap * 2 : 4096;
			uint8_t *p = realloc(*buf, cap);
			if (!p)
				return -1;
			*buf = p;
		}
		ssize_t n = read(0, *buf + *len, cap - *len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		*len += (size_t)n;
	}
	return 0;
}

int compare_main(int argc, char **argv)
{
	struct session_opts o;
	session_defaults(&o);
	const char *file = NULL, *json = NULL, *v;
	int rc;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(compare_help, stdout);
			return 0;
		} else if ((rc = session_option(argc, argv, &i, &o))) {
			if (rc != 1)
				return rc;
		} else if ((v = cli_opt_value(argc, argv, &i, "--json"))) {
			json = v;
		} else if (a[0] == '-' && a[1]) {
			return cli_usage_error("unknown or incomplete option '%s'", a);
		} else if (file) {
			return cli_usage_error("compare takes one FILE; '%s' is one too many", a);
		} else {
			file = a;
		}
	}
	if (!file)
		return cli_usage_error("%s", "compare needs a FILE");
	struct image *img = session_load(file, &o);
	if (!img)
		return EXIT_USAGE;
	uint8_t *inbuf;
	size_t inlen;
	if (read_stdin(&inbuf, &inlen)) {
		image_free(img);
		fprintf(stderr, "tenvm: out of memory\n");
		return EXIT_FAILURE_;
	}
	struct cmp_input in = { inbuf, inlen };
	static const int modes[NMODES] = { SESSION_BARE, VMM_TRAP, VMM_HYBRID };
	struct cmp_run runs[NMODES] = { 0 };
	rc = 0;
	for (int i = 0; i < NMODES && !rc; i++) {
		struct session_opts mo = o;
		mo.mode = modes[i];
		rc = cmp_run_mode(&mo, img, file, &in, &runs[i]);
	}
	for (int i = 1; i < NMODES && !rc; i++) {
		struct session_opts mo = o;
		mo.mode = modes[i];
		uint64_t span = runs[i].cycles < runs[0].cycles ? runs[i].cycles : runs[0].cycles;
		rc = cmp_find_divergence(&mo, img, file, &in, span, &runs[i].div);
	}
	if (!rc) {
		report(stdout, file, &o, inlen, runs);
		fflush(stdout);
	}
	if (!rc && json) {
		FILE *f = fopen(json, "w");
		if (!f) {
			fprintf(stderr, "tenvm: cannot write %s: %s\n", json, strerror(errno));
			rc = EXIT_FAILURE_;
		} else {
			write_json(f, file, &o, inlen, runs);
			if (fclose(f)) {
				fprintf(stderr, "tenvm: cannot write %s: %s\n", json, strerror(errno));
				rc = EXIT_FAILURE_;
			}
		}
	}
	for (int i = 0; i < NMODES; i++)
		cmp_run_free(&runs[i]);
	free(inbuf);
	image_free(img);
	return rc;
}
