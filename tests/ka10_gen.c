/* ka10_gen.c — make the KA10 corpus: random programs run on tenvm and on the KA10 oracle, compared, written as test data. */
/*
 * Usage: KA10_ORACLE=/path/to/pdp10-ka ka10_gen [--seed S] [--cases N] [--only CAT]
 *                                              [--write DIR] [--shrink] [-v]
 *
 * Makes every category's cases (ka10_prog.c; --cases N: N of each instead
 * of the corpus' counts, --only CAT: one category), runs each on tenvm's
 * interpreter and, in batches, on the simulator KA10_ORACLE names (Open
 * SIMH's pdp10-ka), and compares the final states: every word of the
 * compared region (ka10_case.h), the PC, the flags and whether it halted.
 * With --write DIR it writes DIR/<category>.cases with the oracle's final
 * states and DIR/known-failures.txt with the cases tenvm gets wrong.
 * --shrink reduces each differing case to one instruction (ka10_shrink.c).
 * Exit status: 0 all agree, 1 some differ, 2 error, 77 KA10_ORACLE unset.
 * Last line: "ka10_gen: N cases, M mismatches".
 *
 * The corpus in tests/ka10 is: ka10_gen --write tests/ka10 (default seed).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "ka10_oracle.h"
#include "ka10_prog.h"
#include "ka10_shrink.h"
#include "proggen.h"

#define DEFAULT_SEED 0x4b413130ULL    /* "KA10" */

static void usage(void)
{
	fprintf(stderr, "usage: KA10_ORACLE=/path/to/pdp10-ka ka10_gen [--seed S] [--cases N] "
			"[--only CAT] [--write DIR] [--shrink] [-v]\n");
	exit(2);
}

/* The first difference of two states, as one short phrase for the known-failures list. */
static void first_diff(char *buf, size_t n, const struct ka10_state *o, const struct ka10_state *t)
{
	if (o->halted != t->halted)
		snprintf(buf, n, "stop: oracle %s, tenvm %s", o->halted ? "halt" : "other",
			 t->halted ? "halt" : "other");
	else if (o->pc != t->pc)
		snprintf(buf, n, "PC: oracle %06o, tenvm %06o", o->pc, t->pc);
	else {
		for (unsigned i = 0; i < KA10_NREG; i++)
			if (o->mem[i] != t->mem[i]) {
				snprintf(buf, n, "%06o: oracle %012llo, tenvm %012llo", ka10_addr(i),
					 (unsigned long long)o->mem[i], (unsigned long long)t->mem[i]);
				return;
			}
		snprintf(buf, n, "flags: oracle %06o, tenvm %06o", o->flags, t->flags);
	}
}

static FILE *open_out(const char *dir, const char *name, const char *ext)
{
	char path[4096];
	if (snprintf(path, sizeof path, "%s/%s%s", dir, name, ext) >= (int)sizeof path) {
		fprintf(stderr, "ka10_gen: path too long\n");
		exit(2);
	}
	FILE *f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "ka10_gen: cannot write %s: %s\n", path, strerror(errno));
		exit(2);
	}
	return f;
}

int main(int argc, char **argv)
{
	uint64_t seed = DEFAULT_SEED;
	long per_cat = -1;
	const char *only = NULL, *dir = NULL;
	int verbose = 0, do_shrink = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-v") || !strcmp(a, "--shrink")) {
			*(a[1] == 'v' ? &verbose : &do_shrink) = 1;
			continue;
		}
		const char *v;
		unsigned long long x;
		int num_ok = pg_opt_value(argc, argv, &i, &v, &x, usage);
		if (!strcmp(a, "--seed") && num_ok)
			seed = x;
		else if (!strcmp(a, "--cases") && num_ok && x > 0 && x <= 100000)
			per_cat = (long)x;
		else if (!strcmp(a, "--only"))
			only = v;
		else if (!strcmp(a, "--write"))
			dir = v;
		else
			usage();
	}
	const char *bin = getenv("KA10_ORACLE");
	if (!bin || !*bin || access(bin, X_OK) != 0) {
		printf("ka10_gen: KA10_ORACLE (the pdp10-ka simulator) is not set or not executable: skipped\n");
		return 77;
	}

	unsigned total = 0;
	for (unsigned c = 0; c < ka10_n_categories; c++)
		if (!only || !strcmp(only, ka10_categories[c].name))
			total += per_cat > 0 ? (unsigned)per_cat : ka10_categories[c].cases;
	if (!total) {
		fprintf(stderr, "ka10_gen: no category %s\n", only ? only : "");
		return 2;
	}
	struct ka10_case *ks = calloc(total, sizeof *ks);
	struct ka10_state *tv = calloc(total, sizeof *tv), *ov = calloc(total, sizeof *ov);
	unsigned *cat_of = calloc(total, sizeof *cat_of);
	if (!ks || !tv || !ov || !cat_of) {
		fprintf(stderr, "ka10_gen: out of memory\n");
		return 2;
	}
	unsigned n = 0;
	for (unsigned c = 0; c < ka10_n_categories; c++) {
		const struct ka10_category *cat = &ka10_categories[c];
		if (only && strcmp(only, cat->name))
			continue;
		unsigned m = per_cat > 0 ? (unsigned)per_cat : cat->cases;
		for (unsigned i = 0; i < m; i++, n++) {
			cat_of[n] = c;
			if (ka10_make(cat, seed, i, &ks[n]) || ka10_run(&ks[n], &ka10_engines[0], &tv[n]))
				return 2;
			if (!tv[n].halted) {
				fprintf(stderr, "ka10_gen: internal: %s does not halt on tenvm\n", ks[n].name);
				return 2;
			}
		}
	}
	if (ka10_oracle_run(bin, ks, n, ov))
		return 2;

	unsigned bad = 0;
	FILE *known = dir ? open_out(dir, "known-failures", ".txt") : NULL;
	if (known)
		fprintf(known, "# Cases of the corpus on which tenvm and the KA10 oracle disagree (ka10_gen\n"
			       "# --write).  ka10_check counts them as known KA10 differences, not passes.\n");
	for (unsigned i = 0; i < n; i++) {
		if (ka10_same(&ov[i], &tv[i]))
			continue;
		if (bad < 20 || verbose) {
			printf("MISMATCH %s (--seed %llu)\n", ks[i].name, (unsigned long long)seed);
			ka10_list(stdout, &ks[i]);
			printf("  differences:\n");
			ka10_diff(stdout, &ks[i], &ov[i], &tv[i], "oracle", "tenvm");
		}
		if (do_shrink && ka10_shrink(bin, &ks[i], stdout))
			return 2;
		if (known) {
			char d[160];
			first_diff(d, sizeof d, &ov[i], &tv[i]);
			fprintf(known, "%s  # %s\n", ks[i].name, d);
		}
		bad++;
	}
	if (known && fclose(known))
		return fprintf(stderr, "ka10_gen: cannot write known-failures.txt\n"), 2;
	if (dir) {
		for (unsigned c = 0, i = 0; c < ka10_n_categories; c++) {
			const struct ka10_category *cat = &ka10_categories[c];
			if (i >= n || cat_of[i] != c)
				continue;
			FILE *f = open_out(dir, cat->name, ".cases");
			unsigned m = 0;
			for (unsigned j = i; j < n && cat_of[j] == c; j++)
				m++;
			fprintf(f, "# KA10 corpus, category %s: %u cases (format: tests/ka10_case.h).\n"
				   "# Made by ka10_gen --seed %llu; final states from the KA10 oracle.\n",
				cat->name, m, (unsigned long long)seed);
			for (; i < n && cat_of[i] == c; i++) {
				ks[i].want = ov[i];
				ka10_write(f, &ks[i]);
			}
			if (fclose(f))
				return fprintf(stderr, "ka10_gen: cannot write %s.cases\n", cat->name), 2;
		}
	}
	printf("ka10_gen: %u cases, %u mismatches\n", n, bad);
	free(ks);
	free(tv);
	free(ov);
	free(cat_of);
	return bad ? 1 : 0;
}
