/* simh_diff.c — differential test: random integer programs on the interpreter and on simh's KS10 `pdp10`. */
/*
 * Usage: simh_diff [--cases N] [--seed S] [--len L] [--pdp10 PATH] [--keep DIR]
 *                  [--case K [--shrink]] [-v]
 *
 * --case K runs case K of the seed alone; --shrink then reduces it to the
 * fewest instructions and nonzero initial words that still differ.
 *
 * Every case is a random program from the integer user-mode subset on which the
 * KA10 and the KS10 agree, run in exec mode from 1000 to a final `JRST 4,.`:
 *
 *   0-17       the ACs (random and edge values, index values, pointers)
 *   1000-1377  the main code: at most L instructions, then the HALT
 *   1400-1777  subroutines (JSP, JSR, PUSHJ, JSA targets) and XCT targets
 *   2000-2177  the data block (random and edge values, indirect words, byte
 *              and stack pointers)
 *
 * Programs are made by running them: each instruction is chosen when the
 * generator's own machine arrives at it, knowing the state it will see, so
 * that every effective address (indirect words included) lies in the ACs or
 * the data block, every jump goes forward inside its routine, every call
 * returns, and the operands stay clear of the documented KA10/KS10
 * differences (/tmp/ka10-facts.md section 16; see values_ok()).  Guarantees:
 * every program halts at its HALT on a correct KA10, no instruction ever
 * writes over code (except the link words of JSR and JSA), and a case is a
 * pure function of (seed, case number), so --seed S --case K reproduces it.
 *
 * The cases then run in the interpreter in-process and in pdp10 (in batches,
 * several processes at once, each under a wall-clock limit), and every AC,
 * data word, code word, the final PC, the stop reason and the final flags
 * are compared, exactly, except bits 7-10 (the KS10's trap flags) of the
 * final flags and of the PC words JSR stores (see R_CALL in try_insn()).  Exit status: 0 all
 * agree, 1 some case differs, 2 internal or environment error, 77 pdp10 is
 * missing.  Last line: "simh_diff: N cases, M mismatches".
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "disasm.h"
#include "isa.h"
#include "simh_diff.h"

unsigned opt_len = 60;
int verbose;

void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "simh_diff: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(2);
}

/* ---- running ---- */

static void run_tenvm(struct kase *k)
{
	struct cpu *c = new_machine();
	load_case(c, k);
	c->max_cycles = STEP_MAX;
	cpu_schedule(c);
	enum stop s = interp_run(c);
	struct result *r = &k->tv;
	r->have = 1;
	r->stop = s == STOP_HALT ? S_HALT : s == STOP_BUDGET ? S_BUDGET : S_OTHER;
	r->pc = c->pc;
	r->flags = c->flags;
	for (unsigned i = 0; i < 16; i++)
		r->ac[i] = c->mem[i];
	for (unsigned i = 0; i < DATA_N; i++)
		r->data[i] = c->mem[DATA_LO + i];
	for (unsigned i = 0; i < CODE_N; i++)
		r->code[i] = c->mem[CODE_LO + i];
	cpu_free(c);
}

static void write_cmds(FILE *f, const struct kase *k)
{
	fprintf(f, "d flags 0\nd %o-%o %llo\n", CODE_LO, CODE_HI, (unsigned long long)UNSET_W);
	for (unsigned i = 0; i < 16; i++)
		fprintf(f, "d %o %llo\n", i, (unsigned long long)k->ac[i]);
	for (unsigned i = 0; i < DATA_N; i++)
		fprintf(f, "d %o %llo\n", DATA_LO + i, (unsigned long long)k->data[i]);
	for (unsigned i = 0; i < CODE_N; i++)
		if (k->set[i])
			fprintf(f, "d %o %llo\n", CODE_LO + i, (unsigned long long)k->code[i]);
	fprintf(f, "d pc %o\nstep %u\ne pc\ne flags\ne 0-17\ne %o-%o\ne %o-%o\n",
		CODE_LO, STEP_MAX, CODE_LO, k->code_top, DATA_LO, DATA_LO + DATA_N - 1);
}

/* Read one batch's output: each case's block starts at its "PC:" line; the
 * stop message comes just before it. */
static void parse_output(const char *path, struct kase *ks, unsigned n)
{
	FILE *f = fopen(path, "r");
	if (!f)
		die("cannot read %s: %s", path, strerror(errno));
	char line[512], msg[96] = "";
	int cur = -1;
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = 0;
		unsigned long long v;
		unsigned a;
		if (!strncmp(line, "PC:\t", 4)) {
			if (++cur >= (int)n)
				die("%s: more case blocks than cases", path);
			struct result *r = &ks[cur].sh;
			r->have = 1;
			r->pc = (addr)strtoul(line + 4, NULL, 8);
			memcpy(r->msg, msg, sizeof r->msg);
			r->stop = strstr(msg, "HALT instruction") ? S_HALT
				: strstr(msg, "Step expired") ? S_BUDGET : S_OTHER;
			/* Unexamined code words keep their deposited values. */
			memcpy(r->code, ks[cur].code, sizeof r->code);
			msg[0] = 0;
		} else if (!strncmp(line, "FLAGS:\t", 7) && cur >= 0) {
			ks[cur].sh.flags = (uint32_t)strtoul(line + 7, NULL, 8);
		} else if (cur >= 0 && sscanf(line, "%o:\t%llo", &a, &v) == 2 && strchr(line, '\t')) {
			struct result *r = &ks[cur].sh;
			if (a < 020)
				r->ac[a] = v;
			else if (a >= CODE_LO && a <= CODE_HI)
				r->code[a - CODE_LO] = v;
			else if (a >= DATA_LO && a < DATA_LO + DATA_N)
				r->data[a - DATA_LO] = v;
		} else if (line[0] && strncmp(line, "PDP-10 simulator", 16) && strncmp(line, "Goodbye", 7)) {
			snprintf(msg, sizeof msg, "%.*s", (int)sizeof msg - 1, line);
		}
	}
	fclose(f);
}

/* dir/batchNNN.ext; dies if it does not fit. */
static void batch_path(char *buf, size_t n, const char *dir, unsigned b, const char *ext)
{
	int r = snprintf(buf, n, "%s/batch%03u.%s", dir, b, ext);
	if (r < 0 || (size_t)r >= n)
		die("path too long: %s", dir);
}

/* Spawn pdp10 on cmd with stdout to out; returns the pid. */
static pid_t spawn_pdp10(const char *pdp10, const char *cmd, const char *out)
{
	pid_t pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		int in = open("/dev/null", O_RDONLY);
		int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (in < 0 || fd < 0)
			_exit(126);
		dup2(in, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		close(in);
		close(fd);
		execl(pdp10, pdp10, cmd, (char *)NULL);
		_exit(127);
	}
	return pid;
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

/* Run every batch through pdp10, at most jobs at once, each under SIMH_SECS. */
static void run_simh(const char *pdp10, const char *dir, struct kase *ks, unsigned n)
{
	unsigned nb = (n + BATCH - 1) / BATCH;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned jobs = ncpu > 0 ? (unsigned)ncpu : 1;
	pid_t *pids = calloc(nb, sizeof *pids);
	double *start = calloc(nb, sizeof *start);
	int *done = calloc(nb, sizeof *done);
	if (!pids || !start || !done)
		die("out of memory");
	char cmd[4096], out[4096];
	for (unsigned b = 0; b < nb; b++) {
		batch_path(cmd, sizeof cmd, dir, b, "sim");
		FILE *f = fopen(cmd, "w");
		if (!f)
			die("cannot write %s: %s", cmd, strerror(errno));
		for (unsigned i = b * BATCH; i < n && i < (b + 1) * BATCH; i++)
			write_cmds(f, &ks[i]);
		fprintf(f, "quit\n");
		if (fclose(f))
			die("cannot write %s", cmd);
	}
	unsigned next = 0, running = 0, finished = 0;
	while (finished < nb) {
		while (running < jobs && next < nb) {
			batch_path(cmd, sizeof cmd, dir, next, "sim");
			batch_path(out, sizeof out, dir, next, "out");
			pids[next] = spawn_pdp10(pdp10, cmd, out);
			start[next] = now();
			next++;
			running++;
		}
		int st;
		pid_t p = waitpid(-1, &st, WNOHANG);
		if (p == 0) {
			struct timespec ts = { 0, 2000000 };
			nanosleep(&ts, NULL);
			for (unsigned b = 0; b < next; b++)
				if (!done[b] && now() - start[b] > SIMH_SECS) {
					kill(pids[b], SIGKILL);
					die("pdp10 on batch %u ran over %d s (killed)", b, SIMH_SECS);
				}
			continue;
		}
		if (p < 0)
			die("waitpid: %s", strerror(errno));
		for (unsigned b = 0; b < next; b++)
			if (pids[b] == p && !done[b]) {
				done[b] = 1;
				running--;
				finished++;
				if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
					die("pdp10 on batch %u failed (status %d)", b, st);
				batch_path(out, sizeof out, dir, b, "out");
				unsigned lo = b * BATCH, m = n - lo < BATCH ? n - lo : BATCH;
				parse_output(out, ks + lo, m);
			}
	}
	free(pids);
	free(start);
	free(done);
}

/* ---- comparing and reporting ---- */

static void show_program(const struct kase *k)
{
	char buf[96];
	printf("  program (unlisted words of 1000-1777 are %012llo):\n", (unsigned long long)UNSET_W);
	for (unsigned i = 0; i < CODE_N; i++)
		if (k->set[i])
			printf("    %06o: %012llo  %s\n", CODE_LO + i, (unsigned long long)k->code[i],
			       disasm(k->code[i], buf, sizeof buf));
	printf("  initial ACs:\n");
	for (unsigned i = 0; i < 16; i++)
		printf("%s%6o: %012llo%s", i % 4 ? "  " : "    ", i, (unsigned long long)k->ac[i],
		       i % 4 == 3 ? "\n" : "");
	printf("  initial data:\n");
	for (unsigned i = 0; i < DATA_N; i++)
		printf("%s%06o: %012llo%s", i % 4 ? "  " : "    ", DATA_LO + i,
		       (unsigned long long)k->data[i], i % 4 == 3 ? "\n" : "");
}

static const char *stop_name(int s)
{
	return s == S_HALT ? "HALT" : s == S_BUDGET ? "budget" : "other";
}

/* Compare one case; print it if it differs.  Returns 1 on a mismatch. */
static int compare(const struct kase *k, uint64_t seed, int print)
{
	const struct result *t = &k->tv, *s = &k->sh;
	int bad = 0;
	char lines[64][160];
	unsigned nl = 0;
#define DIFF(...) do { bad = 1; if (nl < 64) snprintf(lines[nl++], sizeof lines[0], __VA_ARGS__); } while (0)
	if (!s->have) {
		DIFF("no output from simh for this case");
	} else {
		if (t->stop != s->stop)
			DIFF("stop    simh %s (%s)  tenvm %s", stop_name(s->stop), s->msg, stop_name(t->stop));
		if (t->pc != s->pc)
			DIFF("PC      simh %06o  tenvm %06o", s->pc, t->pc);
		if ((t->flags ^ s->flags) & FLAG_MASK)
			DIFF("flags   simh %06o  tenvm %06o  (bits 7-10 ignored)", s->flags, t->flags);
		for (unsigned i = 0; i < 16; i++)
			if (t->ac[i] != s->ac[i])
				DIFF("AC %-4o simh %012llo  tenvm %012llo", i,
				     (unsigned long long)s->ac[i], (unsigned long long)t->ac[i]);
		for (unsigned i = 0; i < CODE_N; i++) {
			st_trapbits += k->pcword[i] && t->code[i] != s->code[i];
			if ((t->code[i] ^ s->code[i]) & (k->pcword[i] ? PCW_MASK : W_MASK))
				DIFF("%06o  simh %012llo  tenvm %012llo%s", CODE_LO + i,
				     (unsigned long long)s->code[i], (unsigned long long)t->code[i],
				     k->pcword[i] ? "  (a PC word: bits 7-10 ignored)" : "");
		}
		for (unsigned i = 0; i < DATA_N; i++)
			if (t->data[i] != s->data[i])
				DIFF("%06o  simh %012llo  tenvm %012llo", DATA_LO + i,
				     (unsigned long long)s->data[i], (unsigned long long)t->data[i]);
	}
#undef DIFF
	if (bad && print) {
		printf("MISMATCH case %u (--seed %llu --case %u)\n", k->num,
		       (unsigned long long)seed, k->num);
		show_program(k);
		printf("  differences:\n");
		for (unsigned i = 0; i < nl; i++)
			printf("    %s\n", lines[i]);
		if (verbose) {
			struct cpu *c = new_machine();
			load_case(c, k);
			c->max_cycles = 200;
			cpu_schedule(c);
			printf("  tenvm trace:\n");
			fflush(stdout);
			interp_run_trace(c, stdout);
			cpu_free(c);
		}
	}
	return bad;
}

static int rm_dir(const char *dir)
{
	char p[4096];
	for (unsigned b = 0;; b++) {
		int gone = 0;
		batch_path(p, sizeof p, dir, b, "sim");
		gone += unlink(p) == 0;
		batch_path(p, sizeof p, dir, b, "out");
		gone += unlink(p) == 0;
		if (!gone)
			break;
	}
	return rmdir(dir);
}

/* Does case k still differ, with the interpreter still halting at its HALT? */
static int still_bad(struct kase *k, uint64_t seed, const char *pdp10, const char *dir)
{
	memset(&k->tv, 0, sizeof k->tv);
	memset(&k->sh, 0, sizeof k->sh);
	if (!check_program(k))
		return 0;
	run_tenvm(k);
	if (k->tv.stop != S_HALT || k->tv.pc != k->halt_at)
		return 0;
	run_simh(pdp10, dir, k, 1);
	return compare(k, seed, 0);
}

/* Make a differing case smaller: code words become JFCL (a no-op), initial
 * ACs and data words become 0, as long as it still differs.  For reports
 * only: the result no longer keeps the generator's guarantees, so read it. */
static void shrink(struct kase *k, uint64_t seed, const char *pdp10, const char *dir)
{
	const word nop = 0255000000000ULL;
	for (int changed = 1; changed;) {
		changed = 0;
		for (unsigned i = 0; i < CODE_N; i++) {
			if (!k->set[i] || CODE_LO + i == k->halt_at || k->code[i] == nop)
				continue;
			word w = k->code[i];
			k->code[i] = nop;
			if (still_bad(k, seed, pdp10, dir))
				changed = 1;
			else
				k->code[i] = w;
		}
		for (unsigned i = 0; i < 16 + DATA_N; i++) {
			word *p = i < 16 ? &k->ac[i] : &k->data[i - 16];
			if (!*p)
				continue;
			word w = *p;
			*p = 0;
			if (still_bad(k, seed, pdp10, dir))
				changed = 1;
			else
				*p = w;
		}
	}
	if (!still_bad(k, seed, pdp10, dir))
		die("internal: the shrunk case agrees");
	char buf[96];
	printf("SHRUNK case %u: code (other words of 1000-1777 are JFCL or %012llo):\n", k->num,
	       (unsigned long long)UNSET_W);
	for (unsigned i = 0; i < CODE_N; i++)
		if (k->set[i] && k->code[i] != nop)
			printf("    %06o: %012llo  %s\n", CODE_LO + i, (unsigned long long)k->code[i],
			       disasm(k->code[i], buf, sizeof buf));
	printf("  nonzero initial words:\n");
	for (unsigned i = 0; i < 16; i++)
		if (k->ac[i])
			printf("    %06o: %012llo\n", i, (unsigned long long)k->ac[i]);
	for (unsigned i = 0; i < DATA_N; i++)
		if (k->data[i])
			printf("    %06o: %012llo\n", DATA_LO + i, (unsigned long long)k->data[i]);
	compare(k, seed, 1);
}

static void usage(void)
{
	fprintf(stderr, "usage: simh_diff [--cases N] [--seed S] [--len L] [--pdp10 PATH] "
			"[--keep DIR] [--case K [--shrink]] [-v]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	unsigned n = 2000;
	uint64_t seed = 20240601;
	const char *pdp10 = "/usr/bin/pdp10", *keep = NULL;
	long only = -1;
	int do_shrink = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--shrink")) {
			do_shrink = 1;
			continue;
		}
		if (!strcmp(a, "-v") || !strcmp(a, "-vv")) {
			verbose = a[2] ? 2 : 1;
			continue;
		}
		const char *v;
		unsigned long long x;
		int num_ok = pg_opt_value(argc, argv, &i, &v, &x, usage);
		if (!strcmp(a, "--cases") && num_ok && x > 0 && x <= 1000000)
			n = (unsigned)x;
		else if (!strcmp(a, "--seed") && num_ok)
			seed = x;
		else if (!strcmp(a, "--len") && num_ok && x >= 1 && x < MAIN_MAX)
			opt_len = (unsigned)x;
		else if (!strcmp(a, "--case") && num_ok && x < 1000000)
			only = (long)x;
		else if (!strcmp(a, "--pdp10"))
			pdp10 = v;
		else if (!strcmp(a, "--keep"))
			keep = v;
		else
			usage();
	}
	if (access(pdp10, X_OK) != 0) {
		printf("simh_diff: %s not found: skipped\n", pdp10);
		return 77;
	}
	make_pool();

	unsigned first = only >= 0 ? (unsigned)only : 0;
	if (only >= 0)
		n = 1;
	struct kase *ks = calloc(n, sizeof *ks);
	if (!ks)
		die("out of memory");
	for (unsigned i = 0; i < n; i++) {
		gen_case(&ks[i], seed, first + i);
		run_tenvm(&ks[i]);
	}

	char dir[4096];
	if (keep) {
		if (mkdir(keep, 0755) && errno != EEXIST)
			die("cannot make %s: %s", keep, strerror(errno));
		if (snprintf(dir, sizeof dir, "%s", keep) >= (int)sizeof dir)
			die("path too long: %s", keep);
	} else {
		const char *tmp = getenv("TMPDIR");
		if (snprintf(dir, sizeof dir, "%s/simh_diff.XXXXXX", tmp && *tmp ? tmp : "/tmp") >= (int)sizeof dir)
			die("TMPDIR too long");
		if (!mkdtemp(dir))
			die("mkdtemp: %s", strerror(errno));
	}
	run_simh(pdp10, dir, ks, n);
	if (do_shrink && only >= 0 && compare(&ks[0], seed, 0))
		shrink(&ks[0], seed, pdp10, dir);
	if (!keep)
		rm_dir(dir);

	unsigned bad = 0;
	for (unsigned i = 0; i < n; i++)
		bad += compare(&ks[i], seed, bad < 10 || verbose);
	free(ks);
	if (verbose)
		print_stats(n);
	printf("simh_diff: %u cases, %u mismatches\n", n, bad);
	return bad ? 1 : 0;
}
