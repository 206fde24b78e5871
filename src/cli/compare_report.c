/* compare_report.c — `tenvm compare`'s table, details and JSON, from the runs and divergences found. */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "compare_impl.h"
#include "disasm.h"
#include "mem.h"

const char *cmp_mode_name(int mode)
{
	return mode == SESSION_BARE ? "bare" : vmm_mode_name((enum vmm_mode)mode);
}


/* ---- the report ---- */

static uint64_t vmm_entries(const struct cmp_run *r)
{
	return r->st.traps + r->st.vmx_traps + r->st.callouts + r->st.events;
}

static double direct_share(const struct cmp_run *r)
{
	return cli_direct_share(r->has_vm ? &r->st : NULL, r->insns);
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
		{ F_FPD, "FPD" }, { F_USER, "USER" }, { F_USERIO, "USERIO" }, { F_VMX, "VMX" }, { F_FXU, "FXU" },
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
		cw[i] = strlen(cmp_mode_name(runs[i].mode));
		for (int r = 0; r < t->n; r++)
			if (strlen(t->cell[r][i]) > cw[i])
				cw[i] = strlen(t->cell[r][i]);
	}
	fprintf(f, "%-*s", (int)lw, "");
	for (int i = 0; i < NMODES; i++)
		fprintf(f, "   %-*s", i == NMODES - 1 ? 0 : (int)cw[i], cmp_mode_name(runs[i].mode));
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
	const char *name = cmp_mode_name(r->mode);
	const struct cmp_divergence *dv = &r->div;
	if (dv->found == 0) {
		fprintf(f, "%s equals bare throughout: the same state at every checkpoint, the same end "
			"and TTY output.\n", name);
		return;
	}
	if (dv->found < 0) {
		fprintf(f, "%s differed from bare (at a checkpoint or at the end), but not when replayed: "
			"the runs are not deterministic.\n", name);
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

void cmp_report(FILE *f, const char *file, const struct session_opts *o, size_t inlen,
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
	fprintf(f, "engine %s, %s%s, %uK words, clock tick every %" PRIu64 " instructions, "
		"%s%zu bytes of input\n\n", o->use_bt ? "bt" : "interp",
		o->cfg.model == CPU_KA10_VMX ? "cpu ka10-vmx, " : "", budget, o->cfg.mem_kwords,
		o->cfg.clock_period, switches, inlen);
	int r_end = row(&t, "ended"), r_tty = row(&t, "TTY output"), r_div = row(&t, "first divergence");
	int r_pc = row(&t, "  at PC"), r_ins = row(&t, "  instruction"), r_what = row(&t, "  differs in");
	row(&t, "");
	int r_n = row(&t, "instructions"), r_ent = row(&t, "VMM entries"), r_trap = row(&t, "  traps");
	int r_vmx = row(&t, "  assist traps");
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
			put(&t, r_vmx, i, "%" PRIu64, r->st.vmx_traps);
			put(&t, r_call, i, "%" PRIu64, r->st.callouts);
			put(&t, r_ev, i, "%" PRIu64, r->st.events);
			put(&t, r_inl, i, "%" PRIu64, r->st.inlines);
		} else {
			put(&t, r_ent, i, "-");
			put(&t, r_trap, i, "-");
			put(&t, r_vmx, i, "-");
			put(&t, r_call, i, "-");
			put(&t, r_ev, i, "-");
			put(&t, r_inl, i, "-");
		}
		put(&t, r_dir, i, "%s", cli_share_text(direct_share(r), (char[16]){ 0 }, 16));
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

void cmp_write_json(FILE *f, const char *file, const struct session_opts *o, size_t inlen,
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
			"      \"tty_chars\": %zu,\n      \"tty\": ", cmp_mode_name(r->mode), cli_stop_name(r->stop),
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
				"      \"assist_traps\": %" PRIu64 ",\n      \"callouts\": %" PRIu64 ",\n      \"inline_rewrites\": %" PRIu64 ",\n"
				"      \"vmm_events\": %" PRIu64 ",\n      \"emulated\": %" PRIu64 ",\n",
				vmm_entries(r), r->st.traps, r->st.vmx_traps, r->st.callouts, r->st.inlines, r->st.events,
				r->st.emulated);
		if (direct_share(r) < 0)
			fprintf(f, "      \"direct_share\": null,\n");
		else
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
