/* main.c — the tenvm command line: run, compare, asm, disasm. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "asm.h"
#include "cpu.h"
#include "disasm.h"
#include "image.h"
#include "isa.h"
#include "loader.h"
#include "output.h"
#include "session.h"
#include "compare.h"
#include "console.h"
#include "help.h"
#include "hints.h"
#include "tr.h"
#include "vmm.h"

#define TENVM_VERSION "0.1"

struct exam_range { addr lo, hi; };

/* Parse "A,B-C,..." into ranges; returns the count, or -1 on a bad list. */
static int parse_examine(const char *s, struct exam_range *r, int max)
{
	int n = 0;
	char buf[64];
	while (*s) {
		size_t len = strcspn(s, ",");
		if (len == 0 || len >= sizeof buf || n == max)
			return -1;
		memcpy(buf, s, len);
		buf[len] = 0;
		char *dash = strchr(buf, '-');
		uint64_t lo, hi;
		if (dash) {
			*dash = 0;
			if (cli_parse_num(buf, 8, RH_MASK, &lo) || cli_parse_num(dash + 1, 8, RH_MASK, &hi) || hi < lo)
				return -1;
		} else {
			if (cli_parse_num(buf, 8, RH_MASK, &lo))
				return -1;
			hi = lo;
		}
		r[n].lo = (addr)lo;
		r[n].hi = (addr)hi;
		n++;
		s += len;
		if (*s == ',')
			s++;
	}
	return n;
}

static void print_stats(FILE *f, const struct cpu *c, struct bt *bt, const struct vm *vm,
			enum stop s, double secs, int json)
{
	const struct vm_stats *vs = vm ? &vm->st : NULL;
	uint64_t entries = vs ? vs->traps + vs->vmx_traps + vs->callouts + vs->events : 0;
	double direct = cli_direct_share(vs, cpu_insns(c));
	char share[32] = "null";       /* JSON's null, the text's n/a: no instructions ran */
	if (direct >= 0)
		snprintf(share, sizeof share, json ? "%.6f" : "%.4f", json ? direct : 100 * direct);
	else if (!json)
		snprintf(share, sizeof share, "n/a");
	uint64_t n = cpu_insns(c);
	double mips = secs > 0 ? n / secs / 1e6 : 0;
	const struct tc_stats *t = bt ? tc_stats(bt->tc) : NULL;
	if (json) {
		fprintf(f, "{\n  \"engine\": \"%s\",\n  \"stop\": \"%s\",\n  \"pc\": \"%06o\",\n  \"flags\": \"%06o\",\n"
			"  \"insns\": %" PRIu64 ",\n  \"cycles\": %" PRIu64 ",\n"
			"  \"uuos\": %" PRIu64 ",\n  \"interrupts\": %" PRIu64 ",\n"
			"  \"prot_faults\": %" PRIu64 ",\n  \"nxm_faults\": %" PRIu64 ",\n"
			"  \"tty_chars_out\": %" PRIu64 ",\n  \"tty_chars_in\": %" PRIu64 ",\n",
			bt ? "bt" : "interp", cli_stop_name(s), c->pc, c->flags, n, c->cycles, c->n_uuo,
			c->n_interrupts, c->n_prot, c->n_nxm, c->tty.chars_out, c->tty.chars_in);
		if (t)
			fprintf(f, "  \"lookups\": %" PRIu64 ",\n  \"front_hits\": %" PRIu64 ",\n"
				"  \"hash_hits\": %" PRIu64 ",\n  \"misses\": %" PRIu64 ",\n"
				"  \"translations\": %" PRIu64 ",\n  \"insns_translated\": %" PRIu64 ",\n"
				"  \"invalidations\": %" PRIu64 ",\n  \"flushes\": %" PRIu64 ",\n"
				"  \"chained\": %" PRIu64 ",\n  \"hit_rate\": %.6f,\n"
				"  \"cache_bytes\": %zu,\n  \"interp_insns\": %" PRIu64 ",\n"
				"  \"backend\": \"%s\",\n  \"fallback_blocks\": %" PRIu64 ",\n"
				"  \"fallback_settled\": %" PRIu64 ",\n",
				t->lookups, t->front_hits, t->hash_hits, t->misses, t->translations,
				t->insns_translated, t->invalidations, t->flushes, t->chains, cli_hit_rate(t),
				t->bytes_used, bt->interp_insns, bt->backend->name, bt->alt_blocks, bt->alt_settled);
		if (vs)
			fprintf(f, "  \"mode\": \"%s\",\n  \"vmm_entries\": %" PRIu64 ",\n  \"traps\": %" PRIu64 ",\n"
				"  \"assist_traps\": %" PRIu64 ",\n  \"callouts\": %" PRIu64 ",\n  \"inline_rewrites\": %" PRIu64 ",\n"
				"  \"vmm_events\": %" PRIu64 ",\n  \"emulated\": %" PRIu64 ",\n"
				"  \"direct_share\": %s,\n",
				vmm_mode_name(vm->m->mode), entries, vs->traps, vs->vmx_traps, vs->callouts,
				vs->inlines, vs->events, vs->emulated, share);
		if (c->assist)
			fprintf(f, "  \"assist_exits\": %" PRIu64 ",\n", c->n_vmx);
		fprintf(f, "  \"host_seconds\": %.6f,\n  \"mips\": %.2f\n}\n", secs, mips);
		return;
	}
	fprintf(f, "stop:            %s at PC %06o\n", cli_stop_name(s), c->pc);
	fprintf(f, "engine:          %s\n", bt ? "bt" : "interp");
	if (vs) {
		fprintf(f, "mode:            %s\n", vmm_mode_name(vm->m->mode));
		fprintf(f, "VMM entries:     %" PRIu64 " (traps %" PRIu64 ", assist traps %" PRIu64
			", callouts %" PRIu64 ", inline %" PRIu64 ", events %" PRIu64 ")\n", entries,
			vs->traps, vs->vmx_traps, vs->callouts,
			vs->inlines, vs->events);
		fprintf(f, "emulated:        %" PRIu64 " instructions; %s%s ran without the monitor\n",
			vs->emulated, share, direct < 0 ? "" : "%");
	}
	fprintf(f, "instructions:    %" PRIu64 "\n", n);
	fprintf(f, "chain cycles:    %" PRIu64 "\n", c->stalls);
	fprintf(f, "UUOs:            %" PRIu64 "\n", c->n_uuo);
	fprintf(f, "interrupts:      %" PRIu64 "\n", c->n_interrupts);
	if (c->assist)
		fprintf(f, "assist exits:    %" PRIu64 "\n", c->n_vmx);
	fprintf(f, "protection/NXM:  %" PRIu64 " / %" PRIu64 "\n", c->n_prot, c->n_nxm);
	fprintf(f, "TTY chars out:   %" PRIu64 "\n", c->tty.chars_out);
	if (t) {
		fprintf(f, "cache lookups:   %" PRIu64 " (front hits %" PRIu64 ", hash hits %" PRIu64
			", misses %" PRIu64 ")\n", t->lookups, t->front_hits, t->hash_hits, t->misses);
		fprintf(f, "cache hit rate:  %.4f%%\n", 100 * cli_hit_rate(t));
		fprintf(f, "translations:    %" PRIu64 " blocks, %" PRIu64 " instructions\n",
			t->translations, t->insns_translated);
		fprintf(f, "invalidations:   %" PRIu64 "\n", t->invalidations);
		fprintf(f, "flushes:         %" PRIu64 "\n", t->flushes);
		fprintf(f, "chained:         %" PRIu64 "\n", t->chains);
		fprintf(f, "cache memory:    %zu of %zu bytes\n", t->bytes_used, t->bytes_capacity);
		fprintf(f, "interpreted:     %" PRIu64 " instructions\n", bt->interp_insns);
		tr_stats_print(f, bt);
	}
	fprintf(f, "host time:       %.3f s\n", secs);
	fprintf(f, "guest MIPS:      %.1f\n", mips);
}

/* What --examine and --state ask for, of machine c (whole lines; *lines, if
 * not NULL, counts them).  Returns 0, or EXIT_USAGE after saying an address
 * is beyond its memory. */
static int print_after(const struct cpu *c, const struct exam_range *ranges, int nranges, int state,
		       int *lines)
{
	int status = 0, n = 0;
	for (int r = 0; r < nranges; r++)
		for (uint64_t a = ranges[r].lo; a <= ranges[r].hi; a++) {
			if (a >= c->memsize) {
				fprintf(stderr, "tenvm: --examine %06o: beyond the machine's memory\n", (addr)a);
				status = EXIT_USAGE;
				break;
			}
			printf("%06o: %012" PRIo64 "\n", (addr)a, c->mem[a]);
			n++;
		}
	if (state)
		n += printf("PC: %06o\nFLAGS: %06o\nINSNS: %" PRIu64 "\n", c->pc, c->flags, cpu_insns(c)) > 0;
	if (lines)
		*lines = n;
	return status;
}

/* What run checks about a run beyond how it ended. */
struct run_checks {
	int  quiet;               /* --quiet: no warnings */
	int  has_expect;          /* --expect-halt ADDR */
	addr expect;
};

/* EXIT_WRONG_HALT (after saying so) if the guest halted elsewhere than
 * --expect-halt asks; else 0. */
static int expect_halt(const struct run_checks *rc, enum stop st, const struct cpu *c)
{
	if (!rc->has_expect || st != STOP_HALT || c->pc == rc->expect)
		return 0;
	fprintf(stderr, "tenvm: the guest halted at %06o, not at %06o (--expect-halt)\n", c->pc, rc->expect);
	return EXIT_WRONG_HALT;
}

/* EXIT_USAGE (after saying so) if an --examine address lies beyond a
 * machine of kwords K words; else 0.  Checked before the guest runs. */
static int examine_fits(const struct exam_range *r, int n, unsigned kwords)
{
	for (int i = 0; i < n; i++)
		if (r[i].hi >= (kwords << 10)) {
			fprintf(stderr, "tenvm: --examine %06o: beyond the machine's %uK words (see --mem)\n",
				r[i].hi, kwords);
			return EXIT_USAGE;
		}
	return 0;
}

#define MAX_FILES VMM_MAX_VMS
#define STR_(x) #x
#define XSTR(x) STR_(x)

/*
 * Several guests at once, each in its own VM under one monitor, round robin.
 * Each VM gets an equal share of the real machine's 256K words (or --mem
 * each); stdin goes to the first.  Each VM's TTY output is collected and
 * shown after the run under a line saying how that VM ended, followed by its
 * --examine and --state.  Returns the exit status: the worst of the VMs'.
 */
static int run_many(char **files, int n, struct session_opts *o, const struct exam_range *ranges,
		    int nranges, int state, int stats, const struct run_checks *chk,
		    const struct debug_opts *dbg)
{
	if (o->mode == SESSION_BARE)
		return cli_usage_error("%s", "several FILEs run as VMs under a monitor: use --mode trap, hybrid or assist");
	unsigned k = o->cfg.mem_kwords == 256 ? 256 / (unsigned)n : o->cfg.mem_kwords;
	if (k * (unsigned)n > 256) {
		fprintf(stderr, "tenvm: %d VMs of %uK words do not fit in the real machine's 256K (see --mem)\n",
			n, k);
		return EXIT_USAGE;
	}
	if (examine_fits(ranges, nranges, k))
		return EXIT_USAGE;
	struct cpu_config rc = { .mem_kwords = 256, .tty_in_fd = -1 };
	struct cpu *real = cpu_new(&rc);
	struct vmm *m = real ? vmm_new(real, (enum vmm_mode)o->mode, o->use_bt, o->cache_bytes) : NULL;
	char *out[MAX_FILES] = { 0 };
	size_t outlen[MAX_FILES] = { 0 };
	FILE *tty[MAX_FILES] = { 0 };
	int status = EXIT_HALTED;
	if (!m) {
		fprintf(stderr, "tenvm: out of memory\n");
		status = EXIT_FAILURE_;
		goto done;
	}
	for (int i = 0; i < n; i++) {
		struct image *img = session_load(files[i], o);
		if (!img) {
			status = EXIT_USAGE;
			goto done;
		}
		struct cpu_config cfg = o->cfg;
		cfg.mem_kwords = k;
		cfg.tty_in_fd = i ? -1 : o->cfg.tty_in_fd;
		cfg.tty_out = tty[i] = open_memstream(&out[i], &outlen[i]);
		struct vm *vm = tty[i] ? vmm_add(m, &cfg) : NULL;
		if (!vm) {
			fprintf(stderr, "tenvm: out of memory\n");
			image_free(img);
			status = EXIT_FAILURE_;
			goto done;
		}
		if (!chk->quiet)
			cli_warn_devices(vm->v);
		status = session_place(vm->v, img, o, files[i]);
		image_free(img);
		if (status)
			goto done;
	}
	double t0 = cli_now();
	/* The VMs as one session, for the console and --trace (`vm N` switches). */
	struct session s = { .c = m->vm[0]->v, .real = real, .vmm = m, .vm = m->vm[0], .bt = m->bt,
			     .limit = UINT64_MAX };
	int interrupted;
	debug_run(&s, dbg, &interrupted);
	if (interrupted) {
		fprintf(stderr, "tenvm: interrupted\n");
		status = 130;
	}
	double secs = cli_now() - t0;
	int open_line = 0;      /* the last section ended inside a line */
	for (int i = 0; i < n; i++) {
		const struct vm *vm = m->vm[i];
		const struct cpu *c = vm->v;
		fflush(tty[i]);
		/* A section is exactly what the guest's run alone prints; a header
		 * after one that ends inside a line starts a new line. */
		printf("%s== VM %d: %s: %s at PC %06o after %" PRIu64 " instructions ==\n", open_line ? "\n" : "",
		       i + 1, files[i], cli_stop_name(vm->stop), c->pc, cpu_insns(c));
		fwrite(out[i], 1, outlen[i], stdout);
		int lines;
		int st = print_after(c, ranges, nranges, state, &lines);
		open_line = !lines && outlen[i] && out[i][outlen[i] - 1] != '\n';
		if (vm->stop == STOP_BUDGET) {
			fprintf(stderr, "tenvm: VM %d (%s): instruction budget of %" PRIu64 " ran out at PC %06o\n",
				i + 1, files[i], o->cfg.max_insns, c->pc);
			cli_explain_budget(stderr, c);
			st = EXIT_BUDGET;
		}
		st = st ? st : expect_halt(chk, vm->stop, c);
		if (st > status)
			status = st;
		if (stats) {
			fprintf(stderr, "== VM %d: %s ==\n", i + 1, files[i]);
			print_stats(stderr, c, m->bt, vm, vm->stop, secs, 0);
		}
	}
	fflush(stdout);
done:
	if (m)
		vmm_free(m);
	cpu_free(real);
	for (int i = 0; i < n; i++) {
		if (tty[i])
			fclose(tty[i]);
		free(out[i]);
	}
	return status;
}

static int cmd_run(int argc, char **argv)
{
	struct session_opts o;
	session_defaults(&o);
	o.mode = VMM_HYBRID;    /* proven equal to bare: tests/guests.sh, test_vmm, vmm_fuzz */
	const char *file = NULL, *examine = NULL, *stats_json = NULL, *curve = NULL, *v;
	char *files[MAX_FILES];
	int nfiles = 0;
	uint64_t curve_step = 100000;
	int step_given = 0;
	int state = 0, stats = 0, rc;
	struct debug_opts dbg = { 0 };
	struct run_checks checks = { 0 };
	uint64_t n;
	struct exam_range ranges[256];
	int nranges = 0;

	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(run_help, stdout);
			fputs(console_help, stdout);
			return 0;
		} else if ((v = cli_opt_value(argc, argv, &i, "--mode"))) {
			if (!strcmp(v, "bare"))
				o.mode = SESSION_BARE;
			else if (!strcmp(v, "trap"))
				o.mode = VMM_TRAP;
			else if (!strcmp(v, "hybrid"))
				o.mode = VMM_HYBRID;
			else if (!strcmp(v, "assist"))
				o.mode = VMM_ASSIST;
			else
				return cli_usage_error("unknown --mode '%s' (available: bare, trap, hybrid, assist)", v);
		} else if ((rc = session_option(argc, argv, &i, &o)) || (rc = debug_option(argc, argv, &i, &dbg))) {
			if (rc != 1)
				return rc;
		} else if ((v = cli_opt_value(argc, argv, &i, "--examine"))) {
			examine = v;
			nranges = parse_examine(v, ranges, 256);
			if (nranges < 0)
				return cli_usage_error("--examine takes octal addresses or ranges A-B, not '%s'", v);
		} else if ((v = cli_opt_value(argc, argv, &i, "--stats-json"))) {
			stats_json = v;
		} else if ((v = cli_opt_value(argc, argv, &i, "--cache-curve"))) {
			curve = v;
		} else if ((v = cli_opt_value(argc, argv, &i, "--curve-step"))) {
			if (cli_parse_num(v, 10, UINT64_MAX / 2, &curve_step) || curve_step == 0)
				return cli_usage_error("--curve-step takes a positive decimal count, not '%s'", v);
			step_given = 1;
		} else if (!strcmp(a, "--state")) {
			state = 1;
		} else if (!strcmp(a, "--stats")) {
			stats = 1;
		} else if (!strcmp(a, "--quiet")) {
			checks.quiet = 1;
		} else if ((v = cli_opt_value(argc, argv, &i, "--expect-halt"))) {
			if (cli_parse_num(v, 8, RH_MASK, &n))
				return cli_usage_error("--expect-halt takes an octal address, not '%s'", v);
			checks.has_expect = 1;
			checks.expect = (addr)n;
		} else if (a[0] == '-' && a[1]) {
			return cli_usage_error("unknown or incomplete option '%s'", a);
		} else if (nfiles == MAX_FILES) {
			return cli_usage_error("run takes at most " XSTR(MAX_FILES) " FILEs; '%s' is one too many", a);
		} else {
			files[nfiles++] = argv[i];
		}
	}
	if (!nfiles)
		return cli_usage_error("%s", "run needs a FILE");
	(void)examine;
	if (step_given && !curve)
		return cli_usage_error("%s", "--curve-step goes with --cache-curve");
	if (nfiles > 1) {
		if (stats_json || curve)
			return cli_usage_error("%s", "--stats-json and --cache-curve take one FILE");
		return run_many(files, nfiles, &o, ranges, nranges, state, stats, &checks, &dbg);
	}
	file = files[0];
	if (examine_fits(ranges, nranges, o.cfg.mem_kwords))
		return EXIT_USAGE;

	struct image *img = session_load(file, &o);
	if (!img)
		return EXIT_USAGE;
	if (curve && !o.use_bt) {
		image_free(img);
		return cli_usage_error("%s", "--cache-curve needs the bt engine");
	}
	/* s.c is the machine the guest sees: the real one, or its VM's virtual one. */
	struct session s;
	rc = session_open(&s, &o, img, file);
	image_free(img);
	if (rc)
		return rc;
	struct cpu *c = s.c;
	FILE *curve_f = NULL, *json_f = NULL;
	const char *bad = curve && !(curve_f = fopen(curve, "w")) ? curve :
			  stats_json && !(json_f = fopen(stats_json, "w")) ? stats_json : NULL;
	if (bad) {                  /* before the guest runs, not after */
		fprintf(stderr, "tenvm: cannot write %s: %s\n", bad, strerror(errno));
		if (curve_f)
			fclose(curve_f);
		session_close(&s);
		return EXIT_FAILURE_;
	}
	if (curve_f)
		bt_curve(s.bt, curve_f, curve_step);
	if (!checks.quiet)
		cli_warn_devices(c);

	double t0 = cli_now();
	int interrupted;
	enum stop st = debug_run(&s, &dbg, &interrupted);
	double secs = cli_now() - t0;
	fflush(stdout);

	int status = EXIT_HALTED;
	if (curve_f) {
		bt_curve_point(s.real ? s.real : c, s.bt);
		if (cli_fclose(curve_f, curve))
			status = EXIT_FAILURE_;
	}
	if (interrupted) {
		fprintf(stderr, "tenvm: interrupted at PC %06o\n", c->pc);
		status = 130;
	}
	if (st == STOP_BUDGET) {
		fprintf(stderr, "tenvm: instruction budget of %" PRIu64 " ran out at PC %06o%s\n",
			o.cfg.max_insns, c->pc,
			session_in_chain(&s) && !cli_explain_budget(NULL, c) ?
			", inside its indirect or XCT chain, which never ended" : "");
		cli_explain_budget(stderr, c);
		status = EXIT_BUDGET;
	}
	int st_after = print_after(c, ranges, nranges, state, NULL);
	status = status ? status : st_after ? st_after : expect_halt(&checks, st, c);
	if (stats)
		print_stats(stderr, c, s.bt, s.vm, st, secs, 0);
	if (json_f) {
		print_stats(json_f, c, s.bt, s.vm, st, secs, 1);
		if (cli_fclose(json_f, stats_json))
			status = EXIT_FAILURE_;
	}
	fflush(stdout);
	session_close(&s);
	return status;
}

/* FILE.mac -> FILE.sav */
static char *default_output(const char *src)
{
	size_t n = strlen(src);
	const char *dot = strrchr(src, '.');
	const char *slash = strrchr(src, '/');
	if (dot && (!slash || dot > slash))
		n = (size_t)(dot - src);
	char *out = malloc(n + 5);
	if (out) {
		memcpy(out, src, n);
		strcpy(out + n, ".sav");
	}
	return out;
}

static int cmd_asm(int argc, char **argv)
{
	const char *file = NULL, *out = NULL, *v;
	int listing = 0;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(asm_help, stdout);
			return 0;
		} else if ((v = cli_opt_value(argc, argv, &i, "-o")) || (v = cli_opt_value(argc, argv, &i, "--output"))) {
			out = v;
		} else if (!strcmp(a, "--listing")) {
			listing = 1;
		} else if (a[0] == '-' && a[1]) {
			return cli_usage_error("unknown or incomplete option '%s'", a);
		} else if (file) {
			return cli_usage_error("asm takes one FILE; '%s' is one too many", a);
		} else {
			file = a;
		}
	}
	if (!file)
		return cli_usage_error("%s", "asm needs a FILE.mac");
	struct image *img = image_new();
	if (!img)
		return EXIT_FAILURE_;
	int errs = asm_file(file, img, listing ? stdout : NULL, stderr);
	if (errs) {
		fprintf(stderr, "tenvm: %s: %d error%s\n", file, errs, errs == 1 ? "" : "s");
		image_free(img);
		return EXIT_USAGE;
	}
	if (listing && !out) {          /* the listing was asked for, not a SAV file */
		image_free(img);
		return 0;
	}
	char *def = out ? NULL : default_output(file);
	char err[512];
	int rc = sav_write(out ? out : def, img, err, sizeof err);
	if (rc)
		fprintf(stderr, "%s\n", err);
	free(def);
	image_free(img);
	return rc ? EXIT_FAILURE_ : 0;
}

static int cmd_disasm(int argc, char **argv)
{
	const char *file = NULL, *word_arg = NULL, *v;
	struct load_format fmt = { LOAD_DETECT, 0 };
	char buf[128];
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(disasm_help, stdout);
			return 0;
		} else if ((v = cli_opt_value(argc, argv, &i, "--word"))) {
			word_arg = v;
		} else if ((v = cli_opt_value(argc, argv, &i, "--format"))) {
			if (load_format_parse(v, &fmt))
				return cli_usage_error("--format takes " LOAD_FORMATS ", not '%s'", v);
		} else if (a[0] == '-' && a[1]) {
			return cli_usage_error("unknown or incomplete option '%s'", a);
		} else if (file) {
			return cli_usage_error("disasm takes one FILE; '%s' is one too many", a);
		} else {
			file = a;
		}
	}
	if (word_arg) {
		uint64_t w;
		if (file || cli_parse_word(word_arg, &w))
			return cli_usage_error("--word takes one octal word of at most 12 digits "
					       "(or LEFT,,RIGHT), not '%s'", word_arg);
		printf("%-28s ; %s\n", disasm(w, buf, sizeof buf), isa_class_name(w));
		return 0;
	}
	if (!file)
		return cli_usage_error("%s", "disasm needs a FILE or --word OCTAL");
	struct image *img = session_load_image(file, &fmt);
	if (!img)
		return EXIT_USAGE;
	for (addr a = img->lo; img->lo <= img->hi && a <= img->hi; a++)
		if (img->set[a])
			printf("%06o/ %012" PRIo64 "  %-28s ; %s\n", a, img->w[a], disasm(img->w[a], buf, sizeof buf),
			       isa_class_name(img->w[a]));
	int empty = img->lo > img->hi;
	if (img->has_start)
		printf("start %06o\n", img->start);
	else
		fprintf(stderr, "tenvm: %s has no start address%s\n", file,
			empty ? " and loads no words: nothing to disassemble" : " (its words are above)");
	image_free(img);
	return empty ? EXIT_USAGE : 0;
}

static int command(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error("%s", "missing COMMAND");
	const char *cmd = argv[1];
	if (!strcmp(cmd, "run"))
		return cmd_run(argc - 2, argv + 2);
	if (!strcmp(cmd, "compare"))
		return compare_main(argc - 2, argv + 2);
	if (!strcmp(cmd, "asm"))
		return cmd_asm(argc - 2, argv + 2);
	if (!strcmp(cmd, "disasm"))
		return cmd_disasm(argc - 2, argv + 2);
	if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
		const char *topic = argc > 2 ? argv[2] : "";
		if (*topic && strcmp(topic, "run") && strcmp(topic, "asm") && strcmp(topic, "compare") &&
		    strcmp(topic, "disasm"))
			return cli_usage_error("help: unknown command '%s' (commands: run, compare, asm, disasm)",
					       topic);
		fputs(!strcmp(topic, "run") ? run_help : !strcmp(topic, "asm") ? asm_help :
		      !strcmp(topic, "compare") ? compare_help :
		      !strcmp(topic, "disasm") ? disasm_help : usage_text, stdout);
		if (!*topic || !strcmp(topic, "run"))
			fputs(console_help, stdout);   /* run --console, Ctrl-E, Ctrl-C */
		return 0;
	}
	if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
		printf("tenvm %s\n", TENVM_VERSION);
		return 0;
	}
	return cli_usage_error("unknown command '%s'", cmd);
}

int main(int argc, char **argv)
{
	return cli_finish_stdout(command(argc, argv));
}
